"""Footnote conditions and slide cautions beside a recommendation, wherever it is listed or shown.

Each condition is said in words with what it is ("Footnote ***: ...", "Caution printed on the
slide: Cave: ..."), never as a bare marker: the marker alone would send the reader elsewhere.
"""

from __future__ import annotations

from ..conditions import Condition
from .escape import html_text, markdown_text


def conditions_inline(found: tuple[Condition, ...], markdown: bool = False) -> str:
    """The conditions as spans for a list entry or a table cell ('' when none); `markdown`: the cell is
    Markdown (abbreviations apply), else raw HTML."""
    if not found:
        return ""
    text = markdown_text if markdown else html_text
    spans = " ".join(
        f'<span class="rec-condition rec-{condition.kind}">{text(condition.label)}: {text(condition.text)}</span>'
        for condition in found
    )
    return f' <span class="rec-conditions">{spans}</span>'
