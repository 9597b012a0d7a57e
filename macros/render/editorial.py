"""Editorial additions on the pages: search terms, and links between trial/figure slides and the
recommendations they inform. Marked as editorial wherever they show; kept out of the search text
(the terms reach search as page tags, see macros/generate.py)."""

from __future__ import annotations

from .. import urls
from ..editorial import crossref_of, informed_recommendations, informing_topics
from ..grades import SCALES
from ..model import Release
from .badges import grade_badge
from .escape import html_text


def search_terms_note(terms: tuple[str, ...]) -> str:
    """A quiet line saying which editorial terms lead to this page ('' when there are none)."""
    if not terms:
        return ""
    return (
        '<p class="search-terms editorial-note" data-search-exclude>Search also finds this page for: '
        + ", ".join(html_text(term) for term in terms)
        + " (editorial search terms, not printed in the source).</p>\n"
    )


def informs_section(release: Release, topic_id: str, page_url: str, level: int = 2, anchor: str = "informs") -> str:
    """The graded recommendations a trial or figure slide informs, each with its context and grades.

    `level` and `anchor`: one below the slide's heading, one id per slide where slides share a page."""
    informed = informed_recommendations(release, topic_id)
    if not informed:
        return ""
    items = []
    for indexed in informed:
        href = html_text(urls.relative(page_url, urls.recommendation(indexed.id)))
        title = " › ".join((*indexed.context, indexed.text))
        badges = " ".join(
            grade_badge(release.grading, scale, getattr(indexed, scale), page_url) for scale in SCALES
        )
        items.append(
            f'<li><a href="{href}">{html_text(title)}</a> <span class="informs-grades">{badges}</span> '
            f'<span class="informs-slide">(slide {indexed.topic.slide}: {html_text(indexed.topic.nav_title)})</span></li>'
        )
    return (
        f'<section class="informs" data-search-exclude aria-labelledby="{anchor}">\n'
        f'<h{level} id="{anchor}" data-search-exclude>Recommendations this slide informs</h{level}>\n'
        '<p class="editorial-note">Editorial links, not printed on the slide.</p>\n'
        f"<ul>{''.join(items)}</ul>\n</section>\n"
    )


def informed_by_note(release: Release, recommendation_id: str, page_url: str) -> str:
    """On a recommendation's page: the trial and figure slides that show its evidence ('' when none)."""
    topics = [release.topic(topic_id) for topic_id in informing_topics(release, recommendation_id)]
    if not topics:
        return ""
    links = ", ".join(
        f'<a href="{html_text(urls.relative(page_url, urls.topic(topic.id)))}">{html_text(topic.title.text)}</a> '
        f"(slide {topic.slide})"
        for topic in topics
    )
    return (
        f'<p class="informed-by" data-search-exclude>Evidence shown on: {links}. '
        '<span class="editorial-note">Editorial link, not printed in the source.</span></p>\n'
    )


def crossref_link(release: Release, item_id: str, page_url: str) -> str:
    """After an item whose printed words point elsewhere ("see next slide"): a link to the slide meant,
    marked editorial; the printed words stay as they are ('' when the item has no cross-reference)."""
    entry = crossref_of(release, item_id)
    if entry is None:
        return ""
    target = release.topic(entry.target)
    href = html_text(urls.relative(page_url, urls.topic(target.id)))
    return (
        f' <span class="crossref editorial-note" data-search-exclude>(the slide meant: '
        f'<a href="{href}">slide {target.slide}, {html_text(target.title.text)}</a>; '
        "editorial link, not printed on the slide)</span>"
    )
