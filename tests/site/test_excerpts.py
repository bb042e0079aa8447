"""Code on the pages is read from the source when the site is built: by name, or by a marked region."""

import pytest

from generator.errors import UserError
from generator.site.excerpts import excerpt

SOURCE = '''"""A module."""


def plain(x):
    return x + 1


class Layer:
    """A layer."""

    @staticmethod
    def forward(x):
        # excerpt: square
        y = x * x
        # excerpt end
        return y
'''


@pytest.fixture
def root(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(SOURCE)
    return tmp_path


def test_excerpt_of_a_function_gives_its_lines_and_line_numbers(root):
    shown = excerpt("pkg/mod.py", "plain", root)
    assert (shown.start, shown.end) == (4, 5)
    assert shown.code == "def plain(x):\n    return x + 1"


def test_excerpt_of_a_method_starts_at_its_decorator_and_is_dedented(root):
    shown = excerpt("pkg/mod.py", "Layer.forward", root)
    assert shown.start == 11 and shown.code.startswith("@staticmethod\ndef forward(x):")
    assert "# excerpt" not in shown.code  # the region markers are not shown


def test_excerpt_of_a_marked_region_gives_the_lines_between_the_markers(root):
    shown = excerpt("pkg/mod.py", "square", root)
    assert (shown.start, shown.end, shown.code) == (14, 14, "y = x * x")


@pytest.mark.parametrize(("path", "name", "message"), [
    ("pkg/mod.py", "Layer.backward", "defines no 'Layer.backward'"),
    ("pkg/mod.py", "missing-region", "defines no 'missing-region'"),
    ("pkg/gone.py", "plain", "no such source file"),
])
def test_excerpt_whose_source_is_gone_names_the_file(root, path, name, message):
    with pytest.raises(UserError, match=message):
        excerpt(path, name, root)
