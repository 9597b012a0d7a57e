"""Whole page bodies: topic, recommendation, source view, overview, grading, index, glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import urls
from ..conditions import conditions, conditions_plain
from ..decisions import under_review
from ..editorial import recommendation_search_terms, topic_search_terms
from ..feedback import report_url
from ..grades import (
    LABELS,
    NONE,
    NOT_PRINTED,
    NOT_PRINTED_TITLE,
    SCALES,
    SHORT_NAMES,
    UNDER_REVIEW_TITLE,
    grade_rank,
    grade_text,
    grades_text,
    scale_order,
    spoken_value,
)
from ..index import (
    IndexedRecommendation,
    all_items,
    find_recommendation,
    graded_recommendations,
    recommendation_title,
)
from ..model import (
    Chapter,
    FigureBlock,
    LinksBlock,
    ListBlock,
    NoteBlock,
    RecommendationsBlock,
    Release,
    TableBlock,
    Topic,
    TrialBlock,
)
from . import blocks, editorial
from .badges import grade_badge, grade_in_text
from .conditions import conditions_inline
from .escape import html_text, markdown_text
from .flows import case_page, flow_page
from .jsonld import recommendation_script
from .recmap import map_note, print_map
from .tables import change_kind, change_tag, recommendations_table

if TYPE_CHECKING:
    from ..history import ChangeTag

_BLOCK_RENDERERS = {
    NoteBlock: blocks.note_block,
    ListBlock: blocks.list_block,
    LinksBlock: blocks.links_block,
    FigureBlock: blocks.figure_block,
    TrialBlock: blocks.trial_block,
    TableBlock: blocks.table_block,
}


def _line_span(lines: tuple[int, ...]) -> str:
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"


def topic_heading(topic: Topic, level: int = 1) -> str:
    """The slide's title as a heading; below the page's h1 (the print page) its id is the topic's id,
    never a slug of the title (two slides with one title, or `≥ 70` and `< 70`, would share one)."""
    anchor = f" {{ #topic-{topic.id} }}" if level > 1 else ""
    return f"{'#' * level} {markdown_text(topic.title.text)}{anchor}\n"


def topic_page(
    release: Release, topic_id: str, page_url: str, tags: dict[str, ChangeTag] | None = None, level: int = 1
) -> str:
    """A slide as a page: every block in source order, then its footnotes."""
    topic = release.topic(topic_id)
    chapter = release.chapter_of(topic)
    href = html_text(urls.relative(page_url, urls.source(chapter.id, topic.slide)))
    chapter_href = html_text(urls.relative(page_url, urls.chapter(chapter.id)))
    parts = [
        topic_heading(topic, level),
        f'<p class="source-ref">Slide {topic.slide} of <a class="chapter-ref" href="{chapter_href}">'
        f"{html_text(chapter.inline_label)}</a>, release {html_text(release.id)} · "
        f'<a href="{href}">source text of this slide</a></p>\n',
    ]
    parts += [
        recommendations_table(release, topic, block, page_url, tags)
        if isinstance(block, RecommendationsBlock)
        else blocks.trial_block(block, level + 1)
        if isinstance(block, TrialBlock)
        else _BLOCK_RENDERERS[type(block)](block)
        for block in topic.blocks
    ]
    parts.append(blocks.footnotes_block(topic.footnotes, "footnotes" if level == 1 else f"footnotes-{topic.id}"))
    parts.append(
        editorial.informs_section(release, topic_id, page_url, level + 1, "informs" if level == 1 else f"informs-{topic.id}")
    )
    parts.append(editorial.search_terms_note(topic_search_terms(release, topic_id)))
    return "\n".join(parts)


def source_excerpt(release: Release, topic: Topic, highlighted: set[int], page_url: str) -> str:
    """The slide's lines verbatim, numbered, the given lines marked."""
    start, end = topic.source_lines
    rows = []
    for number in range(start, end + 1):
        line = release.chapter_of(topic).source_lines[number - 1]
        mark = ' class="hl"' if number in highlighted else ""
        rows.append(f'<span{mark}><span class="ln">{number}</span>{html_text(line)}</span>')
    return (
        f'<pre class="source-excerpt" data-search-exclude role="region" aria-label="Source text of slide {topic.slide}">'
        + "".join(rows)  # each line is a block (site.css): a wrapped line stays beside its number
        + "</pre>"
    )


def recommendation_page(
    release: Release,
    recommendation_id: str,
    page_url: str,
    tag: ChangeTag | None = None,
    history: list[tuple[str, IndexedRecommendation]] | None = None,
    site_url: str = "",
) -> str:
    """The permalink page of one recommendation: text, grades explained, source, citation.

    `site_url` is the public address of the deployed folder (`https://host/`, '' when unknown)."""
    indexed = find_recommendation(release, recommendation_id)
    topic, item = indexed.topic, indexed.recommendation
    chapter = release.chapter_of(topic)
    grading = release.grading
    topic_href = html_text(urls.relative(page_url, urls.topic(topic.id) + f"#{item.id}"))
    chapter_href = html_text(urls.relative(page_url, urls.chapter(chapter.id)))
    nested = f", nested under {' › '.join(markdown_text(c) for c in indexed.context)}" if indexed.context else ""
    found = conditions(release, indexed)
    # Where it stands, what it says and the conditions printed beside it are one paragraph: the search
    # shows the paragraph that matches a query, so a result always names its slide (two slides print
    # "Therapy of hypercalcemia") and carries the footnotes that restrict it.
    parts = [
        f"# {markdown_text(recommendation_title(indexed))}\n",
        '<blockquote class="rec-statement" markdown="block">\n'
        f'<span class="rec-topic">From <a href="{topic_href}">{markdown_text(topic.title.text)}</a> '
        f'(slide {topic.slide}, <a class="chapter-ref" href="{chapter_href}">{markdown_text(chapter.inline_label)}</a>, '
        f"release {html_text(release.id)}){nested}:</span> "
        f'<span class="rec-words">{markdown_text(item.text)}</span>{conditions_inline(found, markdown=True)}\n'
        "</blockquote>\n",
    ]
    if tag:  # callers that predate change tags pass ''
        href = html_text(urls.relative(page_url, urls.GRADES + "#change-tags"))
        parts.append(
            f'<p class="change-note" data-search-exclude>{change_tag(tag).strip()} '
            f'<a class="change-help" href="{href}">What change tags mean</a></p>\n'
        )
    errata = [erratum for erratum in release.metadata.errata if erratum.recommendation in (None, item.id)]
    parts += [f'!!! warning "Erratum ({html_text(e.date)})"\n\n    {markdown_text(e.text)}\n' for e in errata]
    rows = []
    review = item.id in under_review(release)
    for scale in SCALES:
        value = getattr(indexed, scale)
        missing = f"{UNDER_REVIEW_TITLE[:1].upper()}{UNDER_REVIEW_TITLE[1:]}: the source may print it; the draft's " \
            "decisions.yaml says what is open." if review else f"{NOT_PRINTED_TITLE} for this item."
        meaning = getattr(grading, scale).meaning(value) if value else missing
        # A value outside the scale (3c, 3d): its meaning from grading.yaml says so; no second note repeats it.
        rows.append(
            f'<tr><th scope="row">{LABELS[scale]}</th>\n<td class="grade-cell">'
            f"{grade_badge(grading, scale, value, page_url, review)}</td>\n<td>{html_text(meaning)}</td></tr>\n"
        )
    parts.append(
        '<table class="grade-table" data-search-exclude><thead><tr><th scope="col">Grading system</th>\n<th scope="col">Grade</th>\n'
        '<th scope="col">Meaning</th></tr></thead>\n<tbody>' + "".join(rows) + "</tbody></table>\n"
    )
    if indexed.grade_scope == "list":
        parts.append('<p class="grade-scope" data-search-exclude>The slide prints this grade once for the whole list this item belongs to.</p>\n')
    lines = (*item.lines, indexed.grade_line)
    source_href = html_text(urls.relative(page_url, urls.source(release.chapter_of(topic).id, topic.slide, item.lines[0])))
    parts.append(
        f"## Where the source prints it {{ data-search-exclude }}\n\nSlide {topic.slide}, {_line_span(tuple(sorted(set(lines))))} of "
        f"`{html_text(release.chapter_of(topic).source_name)}` · "
        f'<a href="{source_href}">open the source view of this slide</a>\n'
    )
    parts.append(source_excerpt(release, topic, set(lines), page_url) + "\n")
    parts.append(editorial.informed_by_note(release, recommendation_id, page_url))
    parts.append(map_note(release, recommendation_id, page_url))
    if history and len(history) > 1:
        # Plain HTML, one cell per line: clinical text exactly as printed (no Markdown escapes), cells apart.
        rows = "\n".join(
            f'<tr>\n<th scope="row">{html_text(release_id)}</th>\n<td>{html_text(entry.text)}</td>\n'
            + "".join(
                f"<td data-search-exclude>{grade_in_text(scale, getattr(entry, scale))}</td>\n" for scale in SCALES
            )
            + "</tr>"
            for release_id, entry in history
        )
        parts.append(
            '## History across releases\n\n<table class="history-table">\n<thead>\n<tr>\n<th scope="col">Release</th>\n'
            '<th scope="col">Text</th>\n'
            + "".join(f'<th scope="col">{SHORT_NAMES[scale]}</th>\n' for scale in SCALES)
            + f"</tr>\n</thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
        )
    printed = chapter.metadata.printed
    citation = (
        f"AGO Breast Committee. {printed.guideline.text}, {printed.version.text}. {chapter.label}. {topic.title.text}: "
        f"“{recommendation_title(indexed)}” ({grades_text(indexed)}"
        + (f"; {conditions_plain(found)}" if found else "")
        + f"). Recommendation {item.id}."
    )
    parts.append(citation_block(release, citation, item.id, page_url, site_url))
    parts.append(report_problem_line(release, indexed, site_url))
    parts.append(recommendation_script(release, indexed, site_url))  # schema.org JSON-LD for machines
    parts.append(editorial.search_terms_note(recommendation_search_terms(release, recommendation_id)))
    return "\n".join(parts)


def citation_block(release: Release, citation: str, recommendation_id: str, page_url: str, site_url: str = "") -> str:
    """The citation with the address pinned to this release, and the always-newest address beside it.

    With the site's public address both are written here; without it site.js derives them from where
    the page is served (a /latest/ page still cites /<release>/r/<id>/). Copy link copies the pinned one;
    Copy citation the citation with the reader's access date (site.js: both work from file:// and plain http).
    """
    path = urls.recommendation(recommendation_id)
    pinned = urls.pinned(site_url, release.id, path) if site_url else ""
    latest = urls.latest(site_url, path) if site_url else ""
    root = urls.relative(page_url, "./")
    own = urls.file_style(path) if page_url.endswith(".html") else path  # this page, from the release's root
    return (
        "## Cite or link this recommendation { data-search-exclude }\n\n"
        f'<p class="cite-this" data-search-exclude>{html_text(citation)} '
        f'<span class="cite-url">{html_text(pinned)}</span><span class="cite-accessed"></span></p>\n\n'
        f'<p class="cite-latest" data-search-exclude{"" if latest else " hidden"}>Address that always shows the latest release (its wording '
        f'and grades may change): <span class="latest-url">{html_text(latest)}</span></p>\n\n'
        f'<p><button type="button" class="md-button copy-link" data-release="{html_text(release.id)}" '
        f'data-release-root="{html_text(root)}" data-permalink="{html_text(own)}" '
        f'data-pinned="{html_text(pinned)}">Copy link to release {html_text(release.id)}</button> '
        '<button type="button" class="md-button copy-citation" hidden>Copy citation with access date</button> '
        '<output class="copy-link-status" aria-live="polite"></output></p>\n'
    )


def report_problem_line(release: Release, indexed: IndexedRecommendation, site_url: str = "") -> str:
    """'Report a problem' with the release's feedback address, prefilled ('' when none is configured).

    The permalink is absolute with the site's public address; without it, the path from the site's root,
    which site.js replaces by the address it derives where the page is served (as for Copy link)."""
    path = urls.pinned("", release.id, urls.recommendation(indexed.id))  # from the site's root
    permalink = urls.pinned(site_url, release.id, urls.recommendation(indexed.id)) if site_url else path
    url = report_url(release, indexed, permalink)
    if url is None:
        return ""
    where = "your e-mail program" if url.startswith("mailto:") else "the issue tracker"
    placeholder = "" if site_url else f' data-permalink="{html_text(permalink)}"'
    return (
        f'<p class="report-problem-line" data-search-exclude><a class="report-problem" href="{html_text(url)}"'
        f"{placeholder}>Report a problem with this recommendation</a> (opens {where} with the release, id, "
        "permalink and words filled in; nothing is sent until you send it)</p>\n"
    )


def source_view(release: Release, topic_id: str, page_url: str) -> str:
    """A slide's source text verbatim (from its chapter's source); every line has an anchor #L<n>."""
    topic = release.topic(topic_id)
    chapter = release.chapter_of(topic)
    slide = topic.slide
    start, end = topic.source_lines
    href = html_text(urls.relative(page_url, urls.topic(topic.id)))
    rows = [
        f'<span id="L{n}" class="source-line"><a class="ln" href="#L{n}">{n}</a>'
        f"{html_text(chapter.source_lines[n - 1])}</span>"
        for n in range(start, end + 1)
    ]
    return (
        f"# Source text, slide {slide}\n\nVerbatim lines {start}–{end} of "
        f"`{html_text(chapter.source_name)}` (sha256 "
        f'`{chapter.metadata.source.sha256[:12]}…`). Rendered as: <a href="{href}">{html_text(topic.title.text)}</a>.\n\n'
        f'<pre class="source-view">' + "".join(rows) + "</pre>\n"
    )


def moved_page(target: str, page_url: str) -> str:
    """An old address kept alive: it forwards (the page's `redirect:`) and links the new one for readers
    whose browser does not follow it."""
    return f'# Moved\n\nThis page has a new address: <a href="{html_text(target)}">{html_text(target)}</a>.\n'


def _counts(release: Release) -> dict[str, int]:
    """Graded recommendations per topic id."""
    counts: dict[str, int] = {}
    for indexed in graded_recommendations(release):
        counts[indexed.topic.id] = counts.get(indexed.topic.id, 0) + 1
    return counts


def _sections_list(release: Release, chapter: Chapter, page_url: str, level: int) -> list[str]:
    """A chapter's sections as headings, each listing its topics with their graded recommendation counts."""
    counts = _counts(release)
    parts = []
    for section in chapter.sections:
        parts.append(f"{'#' * level} {html_text(section.title)}\n")
        for topic_id in section.topics:
            topic = release.topic(topic_id)
            count = counts.get(topic_id, 0)
            suffix = f" — {count} graded item{'s' if count != 1 else ''}" if count else ""
            href = html_text(urls.relative(page_url, urls.topic(topic_id)))
            parts.append(f'- <a href="{href}">{html_text(topic.nav_title)}</a>{suffix}')
        parts.append("")
    return parts


def _chapter_facts(release: Release, chapter: Chapter, page_url: str) -> str:
    """One line: slides, graded recommendations, the chapter's page, print page (PDF)."""
    counts = _counts(release)
    graded = sum(counts.get(topic.id, 0) for topic in chapter.topics)
    print_href = html_text(urls.relative(page_url, urls.chapter_print(chapter.id)))
    return (
        f'<p class="chapter-facts">{len(chapter.topics)} slide{"s" if len(chapter.topics) != 1 else ""}, '
        f"{graded} graded recommendation{'s' if graded != 1 else ''} · "
        f'<a href="{print_href}">the chapter on one page (print, PDF)</a></p>\n'
    )


def release_overview(release: Release, page_url: str) -> str:
    """The home page's list: every chapter in order, each with its sections and their topics."""
    parts = []
    for chapter in release.chapters:
        href = html_text(urls.relative(page_url, urls.chapter(chapter.id)))
        parts.append(f'## <a href="{href}">{html_text(chapter.label)}</a> {{ #chapter-{chapter.id} }}\n')
        parts.append(_chapter_facts(release, chapter, page_url))
        parts += _sections_list(release, chapter, page_url, 3)
    return "\n".join(parts)


def chapter_page(release: Release, chapter_id: str, page_url: str) -> str:
    """A chapter's own page: what it is, its sections and topics, its flows and cases, its source views."""
    chapter = release.chapter(chapter_id)
    source = chapter.metadata.source
    number = f" The edition prints it as chapter {html_text(chapter.metadata.number)}." if chapter.metadata.number else ""
    parts = [
        f"# {markdown_text(chapter.label)}\n",
        f'<p class="chapter-intro">A chapter of release {html_text(release.id)} '
        f"({len(release.chapters)} chapter{'s' if len(release.chapters) != 1 else ''}).{number} Its slides are "
        f"numbered within the chapter, from its verbatim source <code>{html_text(chapter.source_name)}</code> "
        f"(sha256 <code>{source.sha256[:12]}…</code>).</p>\n",
        _chapter_facts(release, chapter, page_url),
        *_sections_list(release, chapter, page_url, 2),
    ]
    if chapter.flows or chapter.cases:
        parts.append("## Decision flows and worked examples\n")
        parts += [
            f'- <a href="{html_text(urls.relative(page_url, urls.flow(flow.id)))}">{html_text(flow.title)}</a>'
            for flow in chapter.flows
        ]
        parts += [
            f'- <a href="{html_text(urls.relative(page_url, urls.case(case.id)))}">{html_text(case.title)}</a> '
            "(worked example)"
            for case in chapter.cases
        ]
        parts.append("")
    parts.append("## Source text\n")
    parts += [
        f'- <a href="{html_text(urls.relative(page_url, urls.source(chapter.id, topic.slide)))}">Slide {topic.slide}</a>: '
        f"{html_text(topic.nav_title)} (lines {topic.source_lines[0]}–{topic.source_lines[-1]})"
        for topic in chapter.topics
    ]
    return "\n".join(parts) + "\n"




def grading_definitions(release: Release, level: int = 2) -> str:
    """The conventions page: every grade with its full definition and a stable anchor (`level`: the
    scales' heading level, a level down where the print page holds them)."""
    parts = []
    for scale in SCALES:
        grade_scale = getattr(release.grading, scale)
        parts.append(f"{'#' * level} {html_text(grade_scale.name)} ({SHORT_NAMES[scale]}) {{ #{scale} }}\n")
        parts.append(
            '<table class="definitions"><thead><tr><th scope="col">Value</th>\n<th scope="col">Meaning</th></tr></thead><tbody>'
        )
        for grade in grade_scale.values + grade_scale.printed_outside_vocabulary:
            parts.append(
                f'<tr id="{urls.grade_anchor(scale, grade.value)}"><th scope="row" data-search-exclude><span class="grade grade-{scale}">'
                f"{html_text(grade.value)}</span></th>\n<td>{html_text(grade.meaning)}</td></tr>"
            )
        parts.append("</tbody></table>\n")
    return "\n".join(parts)


_SORT_SPAN = 100_000  # more rows than any release holds: rank and source position in one sort number


def _spoken_option(scale: str, value: str) -> str:
    """An AGO filter option's name in words ('minus'): a screen reader says the sign '-' as nothing."""
    if scale != "ago" or value == NONE or spoken_value(scale, value) == value:
        return ""
    return f' aria-label="{html_text(spoken_value(scale, value))}"'


def _slide_rank(release: Release, topic: Topic) -> int:
    """Where a slide stands in the release: chapter by chapter, then by slide number (slides count per chapter)."""
    chapter = release.chapter_of(topic)
    return 1000 * release.chapters.index(chapter) + topic.slide


def all_recommendations_table(release: Release, page_url: str, tags: dict[str, ChangeTag] | None = None) -> str:
    """Every graded item in one sortable, filterable table; each row links to its page.

    Grade cells carry their rank on the scale (1 = strongest; not printed last), the topic cell its slide's
    rank (chapter, then slide), each times 100000 plus the row's source position (`data-sort`), so Tablesort
    sorts in the order of the scale or the slides, equal grades in source order, and exactly the reverse both
    ways. The filters offer the values present, in scale order; a grade not printed is the value `none`. Every
    row names its chapter (`data-chapter`); with several chapters the topic cell shows it and a filter offers it.
    """
    graded = graded_recommendations(release)
    several = len(release.chapters) > 1
    tags = tags or {}
    rows = []
    review = under_review(release)
    for position, indexed in enumerate(graded):
        href = html_text(urls.relative(page_url, urls.recommendation(indexed.id)))
        topic_href = html_text(urls.relative(page_url, urls.topic(indexed.topic.id)))
        context = " › ".join(markdown_text(c) for c in indexed.context)
        prefix = f'<span class="context">{context} › </span>' if context else ""
        data = " ".join(f'data-{name}="{html_text(grade_text(getattr(indexed, name), NONE))}"' for name in SCALES)
        grades = "".join(
            f'<td class="grade-cell" data-sort="{_SORT_SPAN * grade_rank(getattr(release.grading, scale), getattr(indexed, scale)) + position}">'
            f"{grade_badge(release.grading, scale, getattr(indexed, scale), page_url, indexed.id in review)}</td>"
            for scale in SCALES
        )
        tag = tags.get(indexed.id)
        data += f' data-change="{change_kind(tag)}"' if tag else ""
        chapter = release.chapter_of(indexed.topic)
        in_chapter = f'<span class="rec-chapter">{markdown_text(chapter.title)}</span> › ' if several else ""
        rows.append(
            f'<tr data-topic="{html_text(indexed.topic.id)}" {data} data-chapter="{html_text(chapter.id)}" markdown="1">'
            f'<td markdown="span">{prefix}<a href="{href}">{markdown_text(indexed.text)}</a>'
            f"{conditions_inline(conditions(release, indexed), markdown=True)}"
            f'<span class="topic-inline">{in_chapter}{markdown_text(indexed.topic.nav_title)}</span>{change_tag(tag, markdown=True)}</td>'
            f'<td class="topic-cell" data-sort="{_SORT_SPAN * _slide_rank(release, indexed.topic) + position}" markdown="span">'
            f'{in_chapter}<a href="{topic_href}">{markdown_text(indexed.topic.nav_title)}</a></td>'
            f"{grades}</tr>"
        )
    present_topics = {indexed.topic.id for indexed in graded}
    options: dict[str, list[tuple[str, str]]] = {}
    if several:
        options["chapter"] = [(chapter.id, chapter.label) for chapter in release.chapters]
    options["topic"] = [(topic.id, topic.nav_title) for topic in release.topics if topic.id in present_topics]
    for scale in SCALES:
        present = {getattr(indexed, scale) for indexed in graded}
        values = [(value, value) for value in scale_order(getattr(release.grading, scale)) if value in present]
        options[scale] = values + ([(NONE, NOT_PRINTED)] if None in present else [])
    kinds = {change_kind(tag) for tag in tags.values()}
    if len(kinds) > 1:  # a first release's recommendations are all alike: nothing to filter
        options["change"] = [(kind, kind) for kind in ("new", "reworded", "regraded", "unchanged") if kind in kinds]
    labels = {"chapter": "Chapter", "topic": "Topic", **SHORT_NAMES, "change": "Change"}
    filters = "".join(
        f'<label class="rec-filter-{name}"><span class="rec-filter-name">{labels[name]}</span> '
        f'<select data-filter="{name}"><option value="">all</option>'
        + "".join(
            f'<option value="{html_text(value)}"{_spoken_option(name, value)}>{html_text(text)}</option>'
            for value, text in values
        )
        + "</select></label> "
        for name, values in options.items()
    )
    all_shown = f"This view shows all {len(rows)} recommendations of release {release.id}, in source order."
    grade_headers = "".join(
        f'<th scope="col" class="grade-col" data-sort-method="number" title="{html_text(LABELS[scale])}">'
        f"{SHORT_NAMES[scale]}</th>"
        for scale in SCALES
    )
    return (
        f'<form class="rec-filters" role="search" aria-label="Filter recommendations">{filters}'
        f'<output class="rec-count" aria-live="polite">{len(rows)} recommendations</output></form>\n\n'
        f'<p class="print-only rec-print-view" data-all="{html_text(all_shown)}">{html_text(all_shown)}</p>\n\n'
        '<table class="all-recs" markdown="1">\n<thead><tr><th scope="col">Recommendation</th>'
        f'<th scope="col" data-sort-method="number">Topic</th>{grade_headers}</tr></thead>\n<tbody markdown="1">\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
    )


def retired_page(
    release: Release,
    old_id: str,
    retiring_release: str,
    reason: str,
    successor: str | None,
    page_url: str,
    last: tuple[str, IndexedRecommendation] | None = None,
) -> str:
    """What an old permalink shows once its recommendation is retired: what it said, its grades, why, where to go."""
    parts = [
        f"# Retired recommendation `{html_text(old_id)}`\n",
        f"Retired in release {html_text(retiring_release)}: {markdown_text(reason)}\n",
    ]
    if last:
        last_release, entry = last
        href = html_text(urls.relative(page_url, urls.in_release(last_release, urls.recommendation(old_id))))
        grades = html_text(grades_text(entry))
        parts.append(
            f'<p class="retired-text">It said: “{html_text(recommendation_title(entry))}” ({grades}). '
            f'The last release that carried it is <a href="{href}">release {html_text(last_release)}</a>.</p>\n'
        )
    if successor:
        href = html_text(urls.relative(page_url, urls.recommendation(successor)))
        parts.append(f'It is replaced by <a href="{href}">{html_text(successor)}</a>; this page forwards you there.\n')
    else:
        parts.append(
            f"It has no successor in release {html_text(release.id)}. Earlier releases keep it at their own address.\n"
        )
    return "\n".join(parts)


def ungraded_page(
    release: Release, item_id: str, last: tuple[str, IndexedRecommendation], page_url: str
) -> str:
    """What a recommendation's permalink shows once the source prints its line without grades: the line as
    it stands now, where, why (the editor's `grade_removals:` reason) and its last graded version."""
    topic, context, item = next((t, c, i) for t, _, i, c in all_items(release) if i.id == item_id)
    words = " › ".join((*context, item.text))
    topic_href = html_text(urls.relative(page_url, urls.topic(topic.id) + f"#{item_id}"))
    reasons = [r.reason for r in release.metadata.grade_removals if r.id == item_id]
    last_release, entry = last
    last_href = html_text(urls.relative(page_url, urls.in_release(last_release, urls.recommendation(item_id))))
    parts = [
        f"# No longer graded: `{html_text(item_id)}`\n",
        f'<p class="ungraded-text">Release {html_text(release.id)} prints “{html_text(words)}” without any grade, on '
        f'<a href="{topic_href}">{html_text(topic.title.text)}</a> (slide {topic.slide}): it is not a graded '
        "recommendation in this release.</p>\n",
    ]
    if reasons:
        parts.append(f"Why: {markdown_text(reasons[0])}\n")
    parts.append(
        f'<p class="retired-text">The last release that graded it is <a href="{last_href}">release '
        f"{html_text(last_release)}</a>: “{html_text(recommendation_title(entry))}” "
        f"({html_text(grades_text(entry))}). That page keeps its address.</p>\n"
    )
    return "\n".join(parts)


def _sentence(text: str) -> str:
    """Printed words closed as a sentence: 'AGO e.V.' stays as it is (never 'e.V..')."""
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text}."


def print_all(
    release: Release, page_url: str, tags: dict[str, ChangeTag] | None = None, chapter_id: str | None = None
) -> str:
    """The complete edition on one page, the source of the release's PDF: every topic, then every
    decision flow and worked example (diagram whole, then its numbered steps), each from a new page.
    With `chapter_id`, that chapter alone (its topics, flows and cases: the chapter's PDF)."""
    chapter = release.chapter(chapter_id) if chapter_id else None
    printed = chapter.metadata.printed if chapter else release.printed
    topics = chapter.topics if chapter else release.topics
    flows = chapter.flows if chapter else release.flows
    cases = chapter.cases if chapter else release.cases
    extras = " Then the decision flows and worked examples (editorial reading aids)." if flows else ""
    title = f"{markdown_text(chapter.label)} — " if chapter else ""
    parts = [
        f"# {title}{markdown_text(release.metadata.title)}, release {html_text(release.id)}\n",
        f'<p class="print-cover">{html_text(printed.guideline.text)} · {html_text(printed.version.text)} · '
        f"{html_text(_sentence(printed.copyright.text))} Reproduced for professional reference; the published "
        "source and clinical judgement prevail. The three grades are explained first, then every slide."
        f"{extras}</p>\n",
        '<div class="page-break print-grades"></div>\n',
        "## Grades explained { #grades-explained }\n",
        "Every graded line carries up to three values: the Oxford level of evidence (LoE), the Oxford grade of "
        "recommendation (GR) and the AGO grade. Where the source prints no value, the page says “not printed”; "
        "values marked † are printed by the source but not defined by the Oxford 2009 levels.\n",
        grading_definitions(release, level=3),
    ]
    for topic in topics:
        if chapter is None and len(release.chapters) > 1 and topic is release.chapter_of(topic).topics[0]:
            parts.append(f"## {markdown_text(release.chapter_of(topic).label)}\n")
        parts.append('<div class="page-break"></div>\n')
        parts.append(topic_page(release, topic.id, page_url, tags, level=2))
    if release.recommendation_map is not None and chapter is None:
        parts.append('<div class="page-break print-map"></div>\n')
        parts.append(print_map(release, page_url, {i: change_tag(t) for i, t in (tags or {}).items()}))
    for flow in flows:
        parts.append('<div class="page-break print-flow"></div>\n')
        parts.append(flow_page(release, flow.id, page_url, printed=True))
    for case in cases:
        parts.append('<div class="page-break print-case"></div>\n')
        parts.append(case_page(release, case.id, page_url, printed=True))
    return "\n".join(parts)
