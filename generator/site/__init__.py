"""The site: results -> page facts -> templates and figures -> ``site_src/`` -> mkdocs -> ``site/``.

``render`` computes each page's facts (``facts``), renders the templates and collects the
figures (``figures``, drawn once per content); ``build`` runs mkdocs for both languages and
``check`` reads the built HTML. Nothing here trains: the site never imports the engine or an
experiment's training code (a test checks which modules a site build loads).
"""

from generator.site.build import build_site
from generator.site.render import render_site

__all__ = ["build_site", "render_site"]
