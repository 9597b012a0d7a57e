"""Escaping clinical text for the places it lands: HTML, Markdown inline text, table cells."""

from __future__ import annotations

import html
import re

# Python-Markdown's backslash escapes (its ESCAPED_CHARS) plus `|` for tables. Nothing else is
# escaped: a backslash before any other character would show on the page. Braces become entities
# instead: mkdocs-macros reads a page's title from the raw Markdown and, seeing `{%` after a
# backslash, would keep that raw text (backslashes and all) as the page's <title>.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#+\-.!|])")
_BRACES = {ord("{"): "&#123;", ord("}"): "&#125;"}


def html_text(text: str) -> str:
    """Text for HTML element content or attribute values."""
    return html.escape(text, quote=True)


def markdown_text(text: str) -> str:
    """Text for Markdown inline content: shown literally, abbreviations still recognised.

    HTML-significant characters become entities and Markdown-significant ones are
    backslash-escaped, so `<script>`, `*`, `|`, `[x](y)` or `{{ }}` render as the characters.
    """
    escaped = html.escape(" ".join(text.split()), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped).translate(_BRACES)
