"""Sphinx configuration for the vardgaranti documentation.

Build with ``python -m sphinx -W -b html docs docs/_build/html``. No extension reaches the
network: there is no intersphinx, and autodoc imports the package from ``src``.
"""

from __future__ import annotations

import enum
import re
import sys
from pathlib import Path
from typing import Any

import attrs
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vardgaranti import __version__  # noqa: E402

project = "vardgaranti"
author = "The vardgaranti developers"
copyright = "The vardgaranti developers"
version = __version__
release = __version__
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# MyST: ::: fences for admonitions, definition lists, and anchors for ## and ### headings.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc and napoleon (Google-style docstrings).
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True}
autodoc_type_aliases = {"Event": "vardgaranti.Event"}
python_use_unqualified_type_names = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

html_theme = "furo"
html_title = f"vardgaranti {release}"
html_static_path: list[str] = []


# -- signatures and docstrings ------------------------------------------------------------------

_ATTRS_DEFAULT = re.compile(r"attr_dict\['(\w+)'\]\.default")
_ALIAS = re.compile(r"TypeAliasForwardRef\('([\w.]+)'\)")


def _signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None] | None:
    """Show real defaults for attrs classes, no ``(value)`` for enums, and short type aliases."""
    if signature and "TypeAliasForwardRef" in signature:
        signature = _ALIAS.sub(lambda match: match[1].rpartition(".")[2], signature)
        if what != "class":
            return signature, return_annotation
    if what != "class" or not isinstance(obj, type):
        return None
    if issubclass(obj, enum.Enum):
        return "", return_annotation
    if signature and attrs.has(obj):
        fields = attrs.fields_dict(obj)

        def default(match: re.Match[str]) -> str:
            value = fields[match[1]].default
            if isinstance(value, attrs.Factory):
                return "..."
            return repr(value)

        signature = _ATTRS_DEFAULT.sub(default, signature)
        return signature.replace("= NOTHING", "= ..."), return_annotation  # attrs.Factory
    return None


def _napoleon_except_attributes(app: Sphinx) -> None:
    """Let napoleon read class and function docstrings, not attribute and property ones.

    Napoleon reads the first line of an attribute docstring as ``type: description``, which
    turns "Open, and likely to miss: booked after the deadline" into a type. Attribute and
    property docstrings here are plain prose, so they are left as they are.
    """
    from sphinx.ext.napoleon import _process_docstring

    listeners = app.events.listeners.get("autodoc-process-docstring", [])
    for listener in list(listeners):
        if listener.handler is _process_docstring:
            app.disconnect(listener.id)

            def process(
                app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
            ) -> None:
                if what not in ("attribute", "property", "data"):
                    _process_docstring(app, what, name, obj, options, lines)

            app.connect("autodoc-process-docstring", process)


def setup(app: Sphinx) -> None:
    """Sphinx hook: the two adjustments above."""
    app.connect("autodoc-process-signature", _signature)
    _napoleon_except_attributes(app)
