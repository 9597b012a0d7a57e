"""The recommendation map page: situations x interventions as a real table, and the same map as a list.

The table's cells link to the list's sections, so without JavaScript (and on a phone, where the list
is the map) a reader still finds what is where; site.js turns a cell, row or column into a selection
listed beside the table and filters both by grade. Every cell says its count and AGO grades as text
(colour only repeats them) and in words for screen readers. Editorial: labels are the editors', the
words and grades the slides'.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .. import urls
from ..conditions import conditions
from ..grades import LABELS, NONE, NOT_PRINTED, SCALES, SHORT_NAMES, SPOKEN_AGO, scale_order
from ..index import IndexedRecommendation, graded_recommendations
from ..model import MapCategory, Release
from ..recmap import MapCell, chapters_with_maps, map_cells, placements_of
from .badges import ago_class, grade_badge
from .conditions import conditions_inline
from .escape import html_text, markdown_text


def _value(grade: str | None) -> str:
    """A grade as a filter value: the value, or 'none' where the source prints none."""
    return NONE if grade is None else grade


def cell_anchor(situation_id: str, intervention_id: str, prefix: str = "") -> str:
    return f"{prefix}cell-{situation_id}--{intervention_id}"


def situation_anchor(situation_id: str, prefix: str = "") -> str:
    return f"{prefix}situation-{situation_id}"


def _plural(count: int, word: str = "recommendation") -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _ago_tally(recommendations: tuple[IndexedRecommendation, ...], release: Release) -> list[tuple[str | None, int]]:
    """The AGO grades a cell holds, strongest first, with how many of each; None = not printed, last."""
    counts = Counter(indexed.ago for indexed in recommendations)
    order = [value for value in scale_order(release.grading.ago) if value in counts]
    return [(value, counts[value]) for value in order] + ([(None, counts[None])] if None in counts else [])


def ago_words(tally: list[tuple[str | None, int]]) -> str:
    """'AGO grades: 10 double plus, 2 minus, 1 not printed' for screen readers."""
    parts = [f"{count} {SPOKEN_AGO.get(value, value) if value else 'without AGO grade'}" for value, count in tally]
    return "AGO grades: " + ", ".join(parts)


def _cell_badges(tally: list[tuple[str | None, int]]) -> str:
    badges = []
    for value, count in tally:
        if value is None:
            badge = '<span class="grade grade-none">no AGO</span>'
        else:
            badge = f'<span class="grade grade-ago {ago_class(value)}">{html_text(value)}</span>'
        badges.append(f'<span class="recmap-badge">{badge}<span class="recmap-times">×{count}</span></span>')
    return "".join(badges)


Only = frozenset[str] | None  # the recommendations a page shows (one chapter's), None: all of the release's


def _cells(release: Release, only: Only = None) -> dict[tuple[str, str], MapCell]:
    """The release's cells, or those holding the given recommendations (with only those), in map order."""
    cells = map_cells(release)
    if only is None:
        return cells
    kept = {key: replace(cell, recommendations=tuple(i for i in cell.recommendations if i.id in only)) for key, cell in cells.items()}
    return {key: cell for key, cell in kept.items() if cell.recommendations}


def _axes(release: Release, only: Only = None) -> tuple[tuple[MapCategory, ...], tuple[MapCategory, ...]]:
    """The rows and columns a page shows: all of them, or those with a cell of the given recommendations."""
    recommendation_map = release.recommendation_map
    assert recommendation_map is not None
    if only is None:
        return recommendation_map.situations, recommendation_map.interventions
    keys = _cells(release, only)
    return (
        tuple(c for c in recommendation_map.situations if any(s == c.id for s, _ in keys)),
        tuple(c for c in recommendation_map.interventions if any(i == c.id for _, i in keys)),
    )


def _cell(release: Release, situation: MapCategory, intervention: MapCategory, prefix: str, only: Only = None) -> str:
    cell = _cells(release, only).get((situation.id, intervention.id))
    if cell is None:
        return '<td class="recmap-empty"><span class="sr-only">none</span></td>'
    tally = _ago_tally(cell.recommendations, release)
    count = len(cell.recommendations)
    words = f"{situation.label}, {intervention.label}: {_plural(count)}; {ago_words(tally)}"
    return (
        f'<td class="recmap-filled"><a class="recmap-cell" href="#{cell_anchor(situation.id, intervention.id, prefix)}" '
        f'data-situation="{html_text(situation.id)}" data-intervention="{html_text(intervention.id)}">'
        f'<span class="recmap-count" aria-hidden="true">{count}</span>'
        f'<span class="recmap-badges" aria-hidden="true">{_cell_badges(tally)}</span>'
        f'<span class="sr-only recmap-words">{html_text(words)}</span></a></td>'
    )


def map_table(release: Release, page_url: str, prefix: str = "", only: Only = None) -> str:
    """The grid: a real table, situations as row headers, interventions as column headers (`scope`)."""
    if release.recommendation_map is None:
        return ""
    situations, interventions = _axes(release, only)
    # Cells apart by a line break: the search index keeps a table's text, not its cells ('3 ++' not '3++2').
    head = "\n".join(
        f'<th scope="col" class="recmap-intervention" data-intervention="{html_text(c.id)}">'
        f'<a class="recmap-column" href="#{prefix}by-situation" data-intervention="{html_text(c.id)}" '
        f'title="{html_text(c.description or c.label)}">{html_text(c.label)}</a></th>'
        for c in interventions
    )
    rows = []
    for situation in situations:
        cells = "\n".join(_cell(release, situation, intervention, prefix, only) for intervention in interventions)
        rows.append(
            f'<tr><th scope="row" class="recmap-situation-head"><a class="recmap-row" '
            f'href="#{situation_anchor(situation.id, prefix)}" data-situation="{html_text(situation.id)}">'
            f"{html_text(situation.label)}</a></th>\n{cells}</tr>"
        )
    return (
        '<div class="recmap-grid">\n<table class="recmap">'
        f"<caption>Recommendation map of release {html_text(release.id)}: clinical situations (rows) by "
        "interventions (columns). Each cell gives how many recommendations it holds and their AGO grades.</caption>"
        f'<thead><tr><td class="recmap-corner"></td>\n{head}</tr></thead>'
        f"<tbody>\n{chr(10).join(rows)}</tbody></table>\n</div>\n"
    )


def map_item(release: Release, indexed: IndexedRecommendation, page_url: str, tag: str = "") -> str:
    """One recommendation in the map's lists: its words (linked), three grades, footnotes, slide, change tag."""
    href = html_text(urls.relative(page_url, urls.recommendation(indexed.id)))
    topic_href = html_text(urls.relative(page_url, urls.topic(indexed.topic.id)))
    context = " › ".join(indexed.context)
    prefix = f'<span class="context">{html_text(context)} › </span>' if context else ""
    badges = " ".join(grade_badge(release.grading, scale, getattr(indexed, scale), page_url) for scale in SCALES)
    footnotes = conditions_inline(conditions(release, indexed))  # footnotes and the slide's cautions
    data = " ".join(f'data-{scale}="{html_text(_value(getattr(indexed, scale)))}"' for scale in SCALES)
    return (
        f'<li class="recmap-item" data-recommendation="{html_text(indexed.id)}" {data}>'
        f'<a href="{href}">{prefix}{html_text(indexed.text)}</a> '
        f'<span class="recmap-grades">{badges}</span>{tag}'
        f'<span class="recmap-where">Slide {indexed.topic.slide}: <a href="{topic_href}">{html_text(indexed.topic.nav_title)}</a></span>'
        f"{footnotes}</li>"
    )


def map_list(
    release: Release, page_url: str, tags: dict[str, str] | None = None, printed: bool = False, prefix: str = "",
    level: int = 2, only: Only = None,
) -> str:
    """The map as a list by situation, then intervention: what a phone shows, what works without
    JavaScript, what prints. On screen each situation is a disclosure (closed: its count); printed, open."""
    if release.recommendation_map is None:
        return ""
    tags = tags or {}
    parts = []
    situations, interventions = _axes(release, only)
    for situation in situations:
        sections = []
        ids: set[str] = set()
        for intervention in interventions:
            cell = _cells(release, only).get((situation.id, intervention.id))
            if cell is None:
                continue
            ids.update(indexed.id for indexed in cell.recommendations)
            items = "".join(map_item(release, i, page_url, tags.get(i.id, "")) for i in cell.recommendations)
            sections.append(
                f'<section class="recmap-group" id="{cell_anchor(situation.id, intervention.id, prefix)}" '
                f'data-situation="{html_text(situation.id)}" data-intervention="{html_text(intervention.id)}" '
                f'data-situation-label="{html_text(situation.label)}" data-intervention-label="{html_text(intervention.label)}">'
                f'<h{level + 1} class="recmap-group-title">{html_text(intervention.label)} '
                f'<span class="recmap-group-count">({_plural(len(cell.recommendations))})</span></h{level + 1}>'
                f'<ul class="recmap-items">{items}</ul></section>'
            )
        description = f'<p class="recmap-description">{html_text(situation.description)}</p>' if situation.description else ""
        title = f'{html_text(situation.label)} <span class="recmap-situation-count">({_plural(len(ids))})</span>'
        if printed:
            parts.append(
                f'<section class="recmap-situation" id="{situation_anchor(situation.id, prefix)}">'
                f'<h{level} class="recmap-situation-title">{title}</h{level}>{description}{"".join(sections)}</section>'
            )
        else:
            parts.append(
                f'<details class="recmap-situation" id="{situation_anchor(situation.id, prefix)}" '
                f'data-situation="{html_text(situation.id)}"><summary><h{level} class="recmap-situation-title">'
                f"{title}</h{level}></summary>{description}{''.join(sections)}</details>"
            )
    return "\n".join(parts) + "\n" + _left_out(release, page_url, tags, level, only)


def _left_out(release: Release, page_url: str, tags: dict[str, str], level: int, only: Only = None) -> str:
    """Recommendations the editors kept off the map, each with the reason: nothing is hidden silently."""
    graded = {i.id: i for i in graded_recommendations(release) if only is None or i.id in only}
    entries = [
        (entry.reason, [graded[i] for i in entry.recommendations if i in graded])
        for entry in (release.recommendation_map.left_out if release.recommendation_map else ())
    ]
    entries = [(reason, found) for reason, found in entries if found]
    if not entries:
        return ""
    blocks = "".join(
        f'<p class="recmap-left-out-reason">Why: {html_text(reason)}</p><ul class="recmap-items">'
        + "".join(map_item(release, i, page_url, tags.get(i.id, "")) for i in found)
        + "</ul>"
        for reason, found in entries
    )
    return f'<section class="recmap-left-out"><h{level}>Not on the map</h{level}>{blocks}</section>\n'


def grade_filters(release: Release) -> str:
    """Grade filters (site.js applies them; hidden until it runs, since without it they would do nothing)."""
    graded = graded_recommendations(release)
    selects = []
    for scale in SCALES:
        present = {getattr(indexed, scale) for indexed in graded}
        values = [value for value in scale_order(getattr(release.grading, scale)) if value in present]
        options = "".join(f'<option value="{html_text(v)}">{html_text(v)}</option>' for v in values)
        options += f'<option value="{NONE}">{NOT_PRINTED}</option>' if None in present else ""
        selects.append(
            f'<label><span class="rec-filter-name" title="{html_text(LABELS[scale])}">{SHORT_NAMES[scale]}</span> '
            f'<select data-filter="{scale}"><option value="">all</option>{options}</select></label> '
        )
    return (
        '<form class="recmap-filters" hidden aria-label="Filter the map by grade">'
        + "".join(selects)
        + '<output class="recmap-shown" aria-live="polite"></output></form>\n'
    )


def map_page(
    release: Release, page_url: str, tags: dict[str, str] | None = None, only: Only = None, title: str = ""
) -> str:
    """The map page of a release (or of the recommendations `only` names: one chapter's, titled `title`):
    note, filters, grid, the selection site.js fills, the list by situation."""
    count = sum(1 for i in graded_recommendations(release) if only is None or i.id in only)
    placed = {i.id for cell in _cells(release, only).values() for i in cell.recommendations}
    of = f"{html_text(title)} in release " if title else "release "
    return "\n".join(
        [
            f"# Recommendation map{': ' + markdown_text(title) if title else ''}\n",
            '<p class="editorial-note recmap-note">An editorial reading aid, not printed in the source: the editors '
            f"sorted the graded recommendations of {of}"
            f"{html_text(release.id)} by clinical situation (rows) and intervention (columns); {len(placed)} of "
            f"{count} stand on the map. The words and grades are the guideline's. <span class='recmap-grid-hint'>Choose a cell, a situation or "
            "an intervention to list its recommendations with their three grades; the filters narrow the map by "
            "grade.</span> "
            'How to read grades: <a href="' + html_text(urls.relative(page_url, urls.GRADES)) + '">Grades explained</a>.</p>\n',
            _chapter_links(release, page_url) if only is None else "",
            grade_filters(release),
            map_table(release, page_url, only=only),
            '<section class="recmap-selection" hidden tabindex="-1" aria-labelledby="recmap-selection-title">'
            '<h2 id="recmap-selection-title"></h2><div class="recmap-selection-body"></div></section>\n',
            '<h2 id="by-situation">The map as a list, by situation</h2>\n',
            '<p class="recmap-list-note">Open a situation to see its recommendations by intervention.</p>\n',
            map_list(release, page_url, tags, only=only),
        ]
    )


def _chapter_links(release: Release, page_url: str) -> str:
    """On the map across chapters: each chapter's own map, where the release has several ('' otherwise)."""
    chapters = chapters_with_maps(release)
    if len(release.chapters) < 2 or not chapters:
        return ""
    links = "; ".join(
        f'<a href="{html_text(urls.relative(page_url, urls.chapter_map(c.id)))}">{html_text(c.label)}</a>' for c in chapters
    )
    missing = len(release.chapters) - len(chapters)
    without = f" {missing} chapter{'s have' if missing > 1 else ' has'} no map yet." if missing else ""
    return f'<p class="recmap-chapters">This map holds every chapter\'s. Each chapter\'s own map: {links}.{without}</p>\n'


def map_note(release: Release, recommendation_id: str, page_url: str) -> str:
    """On a recommendation's page: where the map places it (editorial), '' without a map."""
    cells = placements_of(release, recommendation_id)
    if not cells:
        return ""
    links = "; ".join(
        f'<a href="{html_text(urls.relative(page_url, urls.MAP + "#" + cell_anchor(s.id, i.id)))}">'
        f"{html_text(s.label)} × {html_text(i.label)}</a>"
        for s, i in cells
    )
    return (
        f'<p class="map-placement" data-search-exclude>On the recommendation map: {links}. '
        '<span class="editorial-note">Editorial placement, not printed in the source.</span></p>\n'
    )


def print_map(release: Release, page_url: str, tags: dict[str, str] | None = None) -> str:
    """The map for the print page (the PDF): the grid and the list, open, under anchors of their own."""
    if release.recommendation_map is None:
        return ""
    return (
        '<h2 id="recommendation-map">Recommendation map (editorial)</h2>\n'
        '<p class="editorial-note">An editorial reading aid, not printed in the source: recommendations by clinical '
        "situation and intervention.</p>\n"
        + map_table(release, page_url, prefix="map-")
        + f'<div id="map-by-situation">{map_list(release, page_url, tags, printed=True, prefix="map-", level=3)}</div>\n'
    )
