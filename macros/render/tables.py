"""Recommendation tables: source order, nesting shown as nesting, list-wide grades once per list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import urls
from ..decisions import under_review
from ..grades import LABELS, SCALES, SHORT_NAMES
from ..index import walk
from ..model import Grading, Recommendation, RecommendationsBlock, Release, Topic
from .badges import grade_badge
from .editorial import crossref_link
from .escape import html_text, markdown_text

if TYPE_CHECKING:
    from ..history import ChangeTag

HEADER = (  # out of the search index: a snippet would show the headers without the grades
    '<thead data-search-exclude><tr><th scope="col">Recommendation</th>'
    + "".join(f'<th scope="col" title="{LABELS[scale]}">{SHORT_NAMES[scale]}</th>' for scale in SCALES)
    + "</tr></thead>"
)


def _grade_cells(grading: Grading, item: Recommendation, block: RecommendationsBlock, page_url: str,
                 review: bool = False) -> str:
    if item.has_own_grade:
        return "".join(
            f'<td class="grade-cell">{grade_badge(grading, scale, getattr(item, scale), page_url, review)}</td>'
            for scale in SCALES
        )
    if block.list_grade and not item.children:
        return (
            '<td class="grade-cell list-graded" colspan="3"><span class="list-grade-ref">'
            "graded with the whole list (below)</span></td>"
        )
    return '<td class="grade-cell" colspan="3"></td>'


def _footnote_marks(item: Recommendation, topic_page_url: str, page_url: str) -> str:
    """A link to the slide's footnotes per marker; `marker-printed` when the words already print the marker,
    so paper (no links to follow) shows it once: 'Romosozumab …***', not 'Romosozumab …*** [***]'."""
    href = html_text(urls.relative(page_url, topic_page_url + "#footnotes"))
    return "".join(
        f' <a class="footnote-ref{" marker-printed" if ref in item.text else ""}" href="{href}"'
        f' title="See the footnotes of this slide">[{html_text(ref)}]</a>'
        for ref in item.footnote_refs
    )


def change_kind(tag: ChangeTag) -> str:
    """The tag's kind as one word, for a class and a filter value: new, reworded, regraded, unchanged."""
    return "regraded" if "regraded" in tag.kind else tag.kind


def change_tag(tag: ChangeTag | None, markdown: bool = False) -> str:
    """'New in 2020.1', 'Regraded in 2020.1: AGO + → ++ (upgraded)', 'Unchanged since 2016.1' as text, never
    colour alone; out of the search index (a snippet could cut a grade). `markdown`: inside a Markdown cell."""
    if not tag:
        return ""
    text = markdown_text(tag.label) if markdown else html_text(tag.label)
    return f' <span class="change-tag change-{change_kind(tag)}" data-search-exclude>{text}</span>'


def recommendation_row(
    grading: Grading,
    topic: Topic,
    block: RecommendationsBlock,
    item: Recommendation,
    depth: int,
    page_url: str,
    tag: str = "",
    review: bool = False,
) -> str:
    """One row: the text (linked to its page when it is a recommendation) and its grades (`review`: an open
    decision names it, a grade it lacks is under review)."""
    text = markdown_text(item.text)
    graded = item.has_own_grade or (block.list_grade is not None and not item.children)
    if graded:
        href = html_text(urls.relative(page_url, urls.recommendation(item.id)))
        text = f'<a class="rec-link" href="{href}">{text}</a>'
    kind = "graded" if graded else "group"
    return (
        f'<tr id="{html_text(item.id)}" class="rec-row rec-{kind} depth-{depth}" markdown="1">'
        f'<td class="rec-text" markdown="span">{text}{_footnote_marks(item, urls.topic(topic.id), page_url)}{tag}</td>'
        f"{_grade_cells(grading, item, block, page_url, review)}</tr>"
    )


def recommendations_table(
    release: Release, topic: Topic, block: RecommendationsBlock, page_url: str, tags: dict[str, ChangeTag] | None = None
) -> str:
    """An HTML table whose cells are Markdown (abbreviations apply), all text escaped."""
    rows = []
    if block.heading:
        rows.append(
            f'<tr class="rec-heading" markdown="1"><th colspan="4" scope="colgroup" markdown="span">'
            f"{markdown_text(block.heading.text)}</th></tr>"
        )
    review = under_review(release)
    for item, context in walk(block.items):
        tag = crossref_link(release, item.id, page_url) if item.id else ""
        tag += change_tag((tags or {}).get(item.id), markdown=True)
        rows.append(
            recommendation_row(release.grading, topic, block, item, len(context), page_url, tag, item.id in review)
        )
    if block.list_grade:
        grade = block.list_grade
        cells = "".join(
            f'<td class="grade-cell">{grade_badge(release.grading, scale, value, page_url)}</td>'
            for scale, value in ((scale, getattr(grade, scale)) for scale in SCALES)
        )
        rows.append(f'<tr class="list-grade-row"><td>Grade printed once for the whole list</td>{cells}</tr>')
    body = "\n".join(rows)
    return f'\n<table class="rec-table" markdown="1">\n{HEADER}\n<tbody markdown="1">\n{body}\n</tbody>\n</table>\n'
