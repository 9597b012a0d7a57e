"""Recommendation tables: source order, nesting shown as nesting, list-wide grades once per list."""

from __future__ import annotations

from .. import urls
from ..grades import LABELS, SCALES, SHORT_NAMES
from ..index import walk
from ..model import Grading, Recommendation, RecommendationsBlock, Release, Topic
from .badges import grade_badge
from .escape import html_text, markdown_text

HEADER = (  # out of the search index: a snippet would show the headers without the grades
    '<thead data-search-exclude><tr><th scope="col">Recommendation</th>'
    + "".join(f'<th scope="col" title="{LABELS[scale]}">{SHORT_NAMES[scale]}</th>' for scale in SCALES)
    + "</tr></thead>"
)


def _grade_cells(grading: Grading, item: Recommendation, block: RecommendationsBlock, page_url: str) -> str:
    if item.has_own_grade:
        return "".join(
            f'<td class="grade-cell">{grade_badge(grading, scale, getattr(item, scale), page_url)}</td>' for scale in SCALES
        )
    if block.list_grade and not item.children:
        return (
            '<td class="grade-cell list-graded" colspan="3"><span class="list-grade-ref">'
            "graded with the whole list (below)</span></td>"
        )
    return '<td class="grade-cell" colspan="3"></td>'


def _footnote_marks(item: Recommendation, topic_page_url: str, page_url: str) -> str:
    return "".join(
        f' <a class="footnote-ref" href="{html_text(urls.relative(page_url, topic_page_url + "#footnotes"))}"'
        f' title="See the footnotes of this slide">[{html_text(ref)}]</a>'
        for ref in item.footnote_refs
    )


def change_marker(marker: str | None, release_id: str) -> str:
    """'New in 2019.1' / 'Updated in 2019.1' as text, never colour alone."""
    if not marker:
        return ""
    return f' <span class="change-marker change-{marker}">{marker.capitalize()} in {html_text(release_id)}</span>'


def recommendation_row(
    grading: Grading,
    topic: Topic,
    block: RecommendationsBlock,
    item: Recommendation,
    depth: int,
    page_url: str,
    marker: str = "",
) -> str:
    """One row: the text (linked to its page when it is a recommendation) and its grades."""
    text = markdown_text(item.text)
    graded = item.has_own_grade or (block.list_grade is not None and not item.children)
    if graded:
        href = html_text(urls.relative(page_url, urls.recommendation(item.id)))
        text = f'<a class="rec-link" href="{href}">{text}</a>'
    kind = "graded" if graded else "group"
    return (
        f'<tr id="{html_text(item.id)}" class="rec-row rec-{kind} depth-{depth}" markdown="1">'
        f'<td class="rec-text" markdown="span">{text}{_footnote_marks(item, urls.topic(topic.id), page_url)}{marker}</td>'
        f"{_grade_cells(grading, item, block, page_url)}</tr>"
    )


def recommendations_table(
    release: Release, topic: Topic, block: RecommendationsBlock, page_url: str, markers: dict[str, str] | None = None
) -> str:
    """An HTML table whose cells are Markdown (abbreviations apply), all text escaped."""
    rows = []
    if block.heading:
        rows.append(
            f'<tr class="rec-heading" markdown="1"><th colspan="4" scope="colgroup" markdown="span">'
            f"{markdown_text(block.heading.text)}</th></tr>"
        )
    for item, context in walk(block.items):
        marker = change_marker((markers or {}).get(item.id), release.id)
        rows.append(recommendation_row(release.grading, topic, block, item, len(context), page_url, marker))
    if block.list_grade:
        grade = block.list_grade
        cells = "".join(
            f'<td class="grade-cell">{grade_badge(release.grading, scale, value, page_url)}</td>'
            for scale, value in ((scale, getattr(grade, scale)) for scale in SCALES)
        )
        rows.append(f'<tr class="list-grade-row"><td>Grade printed once for the whole list</td>{cells}</tr>')
    body = "\n".join(rows)
    return f'\n<table class="rec-table" markdown="1">\n{HEADER}\n<tbody markdown="1">\n{body}\n</tbody>\n</table>\n'
