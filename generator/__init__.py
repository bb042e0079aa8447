"""Re-run the experiments of chapter 6 of "Deep Learning from Scratch" and publish them.

Arrows point one way: ``engine`` (NumPy only) <- ``data`` <- ``experiments`` <- ``figures``
<- ``render``. The CLI (``python -m generator``) ties them together.
"""

__version__ = "0.1.0"
