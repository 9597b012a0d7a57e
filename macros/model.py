"""Typed, frozen models of one guideline release: Release -> Chapter -> Topic -> Recommendation.
Renderers and exports read only these.

Fields mirror the YAML keys one to one; `at` (where the item stands in the data files) is set
by the loader and never compared. Text fields hold the source's words as printed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

# The fields that hold source line numbers, in every model below (and as YAML keys): realignment moves
# them, comparisons look past them, the source check counts the lines they name. A topic's
# `source_lines` is its range (first and last line), not lines it names.
LINE_LIST_FIELDS = ("lines", "label_lines", "layout_lines")
LINE_FIELDS = ("grade_line", "line")
RANGE_FIELDS = ("source_lines",)
SOURCE_LINE_FIELDS = (*LINE_LIST_FIELDS, *LINE_FIELDS, *RANGE_FIELDS)


def named_lines(value: object) -> set[int]:
    """Every source line a model object and everything inside it names (ranges and loader positions aside)."""
    found: set[int] = set()
    if isinstance(value, (tuple, list)):
        for entry in value:
            found |= named_lines(entry)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for model_field in dataclasses.fields(value):
            content = getattr(value, model_field.name)
            if model_field.metadata.get("loader") or model_field.name in RANGE_FIELDS:
                continue
            if model_field.name in LINE_LIST_FIELDS:
                found |= set(content)
            elif model_field.name in LINE_FIELDS:
                if isinstance(value, Recommendation):  # an ungraded item's grade_line names nothing (validate rejects it)
                    content = value.printed_grade_line if model_field.name == "grade_line" else content
                found |= {content} if content is not None else set()
            else:
                found |= named_lines(content)
    return found


@dataclass(frozen=True)
class Where:
    """Where a mapping stands in a data file, and where each of its values starts."""

    file: str = "<memory>"
    line: int = 1
    column: int = 1
    value_positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def of(self, key: str) -> tuple[int, int]:
        return self.value_positions.get(key, (self.line, self.column))


def _where() -> Where:
    return field(default_factory=Where, compare=False, repr=False, metadata={"loader": True})


@dataclass(frozen=True)
class GradeValue:
    value: str
    meaning: str
    at: Where = _where()


@dataclass(frozen=True)
class GradeScale:
    name: str
    values: tuple[GradeValue, ...]
    printed_outside_vocabulary: tuple[GradeValue, ...] = ()
    at: Where = _where()

    def meaning(self, value: str) -> str:
        for grade in self.values + self.printed_outside_vocabulary:
            if grade.value == value:
                return grade.meaning
        raise KeyError(value)

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(grade.value for grade in self.values + self.printed_outside_vocabulary)

    @property
    def outside_vocabulary(self) -> tuple[str, ...]:
        return tuple(grade.value for grade in self.printed_outside_vocabulary)


@dataclass(frozen=True)
class Grading:
    """The three grading systems: Oxford LoE, Oxford GR and the AGO grade."""

    loe: GradeScale
    gr: GradeScale
    ago: GradeScale
    at: Where = _where()


@dataclass(frozen=True)
class PrintedText:
    """A piece of text as printed, with the source lines it stands on."""

    text: str
    lines: tuple[int, ...]
    footnote_refs: tuple[str, ...] = ()
    at: Where = _where()


@dataclass(frozen=True)
class ListGrade:
    """One grade printed once for a whole list; it applies to every leaf of the list."""

    line: int
    loe: str | None = None
    gr: str | None = None
    ago: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class Recommendation:
    """A line of a graded slide. Items without a grade group the items nested beneath them."""

    id: str
    text: str
    lines: tuple[int, ...]
    loe: str | None = None
    gr: str | None = None
    ago: str | None = None
    grade_line: int | None = None
    footnote_refs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    children: tuple[Recommendation, ...] = ()
    at: Where = _where()

    @property
    def has_own_grade(self) -> bool:
        return any(grade is not None for grade in (self.loe, self.gr, self.ago))

    @property
    def printed_grade_line(self) -> int | None:
        """The line where the item's own grades are printed (the last text line by default)."""
        if not self.has_own_grade:
            return None
        return self.grade_line if self.grade_line is not None else self.lines[-1]


@dataclass(frozen=True)
class RecommendationsBlock:
    items: tuple[Recommendation, ...]
    heading: PrintedText | None = None
    list_grade: ListGrade | None = None
    kind: str = "recommendations"
    at: Where = _where()


@dataclass(frozen=True)
class NoteBlock:
    """A note or a caution ("Cave: ...") printed on the slide."""

    text: str
    lines: tuple[int, ...]
    footnote_refs: tuple[str, ...] = ()
    kind: str = "note"
    at: Where = _where()


@dataclass(frozen=True)
class ListItem:
    text: str
    lines: tuple[int, ...]
    footnote_refs: tuple[str, ...] = ()
    children: tuple[ListItem, ...] = ()
    at: Where = _where()


@dataclass(frozen=True)
class ListBlock:
    """An ungraded list (dosages, contents of an external document)."""

    items: tuple[ListItem, ...]
    heading: PrintedText | None = None
    kind: str = "list"
    at: Where = _where()


@dataclass(frozen=True)
class Link:
    """An external link; `lines` print the URL, `label_lines` the label where the slide prints one."""

    label: str
    url: str
    lines: tuple[int, ...]
    label_lines: tuple[int, ...] = ()
    at: Where = _where()


@dataclass(frozen=True)
class LinksBlock:
    links: tuple[Link, ...]
    kind: str = "links"
    at: Where = _where()


@dataclass(frozen=True)
class FigureBlock:
    """A figure that the text source does not carry: only its citations and labels are printed."""

    citations: tuple[PrintedText, ...] = ()
    labels: tuple[PrintedText, ...] = ()
    kind: str = "figure"
    at: Where = _where()


@dataclass(frozen=True)
class Publication:
    """Editorial: the trial's primary publication (not printed on the slide)."""

    text: str
    doi: str | None = None
    pmid: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class Arm:
    id: str
    label: str
    lines: tuple[int, ...]
    n: str | None = None
    schedule: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class TrialResult:
    """One endpoint; values per arm id, all strings exactly as printed."""

    endpoint: str
    lines: tuple[int, ...]
    timepoint: str | None = None
    summary: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    p: str | None = None
    hr: str | None = None
    ci: str | None = None
    ci_level: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class TrialBlock:
    id: str
    name: str
    lines: tuple[int, ...]
    arms: tuple[Arm, ...]
    results: tuple[TrialResult, ...]
    population: str | None = None
    n: str | None = None
    design: PrintedText | None = None
    citation: PrintedText | None = None
    publication: Publication | None = None
    name_is_editorial: bool = False
    kind: str = "trial"
    at: Where = _where()


@dataclass(frozen=True)
class TableColumn:
    id: str
    label: str
    lines: tuple[int, ...] = ()
    editorial: bool = False
    at: Where = _where()


@dataclass(frozen=True)
class TableRow:
    lines: tuple[int, ...]
    cells: dict[str, str]
    at: Where = _where()


@dataclass(frozen=True)
class LegendEntry:
    symbol: str
    meaning: str
    at: Where = _where()


@dataclass(frozen=True)
class TableBlock:
    id: str
    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]
    legend: tuple[LegendEntry, ...] = ()
    legend_is_editorial: bool = False
    kind: str = "table"
    at: Where = _where()


Block = RecommendationsBlock | NoteBlock | ListBlock | LinksBlock | FigureBlock | TrialBlock | TableBlock
BLOCK_KINDS: dict[str, type] = {
    "recommendations": RecommendationsBlock,
    "note": NoteBlock,
    "caution": NoteBlock,
    "list": ListBlock,
    "links": LinksBlock,
    "figure": FigureBlock,
    "trial": TrialBlock,
    "table": TableBlock,
}


@dataclass(frozen=True)
class Footnote:
    marker: str
    text: str
    lines: tuple[int, ...]
    url: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class Topic:
    """One slide of the source, in source order."""

    id: str
    slide: int
    source_lines: tuple[int, ...]
    title: PrintedText
    blocks: tuple[Block, ...] = ()
    layout_lines: tuple[int, ...] = ()
    short_title: str | None = None
    footnotes: tuple[Footnote, ...] = ()
    at: Where = _where()

    @property
    def nav_title(self) -> str:
        return self.short_title or self.title.text


@dataclass(frozen=True)
class Section:
    """Editorial navigation grouping of topics."""

    id: str
    title: str
    topics: tuple[str, ...]
    at: Where = _where()


@dataclass(frozen=True)
class Abbreviation:
    """Editorial: an abbreviation the source uses and its expansion."""

    abbr: str
    expansion: str
    source_lines: tuple[int, ...] = ()
    at: Where = _where()


@dataclass(frozen=True)
class SourceRef:
    file: str
    sha256: str
    at: Where = _where()


@dataclass(frozen=True)
class PrintedMetadata:
    copyright: PrintedText
    guideline: PrintedText
    version: PrintedText
    website: PrintedText
    at: Where = _where()


@dataclass(frozen=True)
class Retirement:
    """An id published earlier that this release no longer carries: why, and what replaces it."""

    id: str
    reason: str
    successor: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class GradeRemoval:
    """An editor's confirmation that a recommendation graded in the release before now prints fewer grades.

    `grades` names the scales it no longer carries (loe, gr, ago); `reason` says why (the committee's word).
    """

    id: str
    grades: tuple[str, ...]
    reason: str
    at: Where = _where()


@dataclass(frozen=True)
class Erratum:
    """A correction to a published release, shown on the pages it concerns; the data stays locked."""

    date: str
    text: str
    recommendation: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class ChapterMetadata:
    """`<release>/<chapter>/chapter.yaml`: a chapter's stable id (its folder's name; it does not change when
    the committee renumbers chapters), its number as this edition prints it (None where the source prints
    none), its title, its verbatim source and the lines of it every slide prints."""

    id: str
    title: str
    source: SourceRef
    printed: PrintedMetadata
    number: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class ReleaseMetadata:
    """`<release>/release.yaml`: release-wide facts and the chapters in reading order."""

    id: str
    title: str
    language: str
    status: str
    publisher: str
    chapters: tuple[str, ...]
    retired: tuple[Retirement, ...] = ()
    errata: tuple[Erratum, ...] = ()
    grade_removals: tuple[GradeRemoval, ...] = ()
    feedback: str | None = None  # editorial: where readers report a problem (macros/feedback.py); not hashed
    at: Where = _where()


@dataclass(frozen=True)
class Fact:
    """Editorial: one thing a flow asks about a patient, and the answers it accepts."""

    id: str
    question: str
    values: tuple[str, ...]
    at: Where = _where()


@dataclass(frozen=True)
class FlowNode:
    """A step of a flow: a question on one fact, an action citing recommendations, or a note.

    Questions go on by `answers` (fact value -> next node id); actions and notes by `next`.
    """

    id: str
    kind: str
    text: str
    fact: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    recommendations: tuple[str, ...] = ()
    next: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class Flow:
    """Editorial: a reading aid through one clinical situation; every action cites the data by id."""

    id: str
    title: str
    summary: str
    facts: tuple[Fact, ...]
    start: str
    nodes: tuple[FlowNode, ...]
    at: Where = _where()

    def node(self, node_id: str) -> FlowNode:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(f"unknown node id {node_id!r} in flow {self.id}")

    def fact(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(f"unknown fact id {fact_id!r} in flow {self.id}")


@dataclass(frozen=True)
class Expectation:
    path: tuple[str, ...]
    recommendations: tuple[str, ...]
    at: Where = _where()


@dataclass(frozen=True)
class Case:
    """Editorial: a fictional worked example, its facts and the path a reader should find."""

    id: str
    flow: str
    title: str
    vignette: str
    facts: dict[str, str]
    expected: Expectation
    at: Where = _where()


@dataclass(frozen=True)
class SearchTerms:
    """Editorial: words clinicians search by that the slides may not print (abbreviations spelled out,
    synonyms such as "stopping" for "discontinuation"), for the named slides and recommendations.

    Read from `search.yaml` beside the topics, outside the published hash: editors may add terms to a
    published release without touching what it says. Indexed for search, never shown as guideline text.
    """

    terms: tuple[str, ...]
    topics: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    at: Where = _where()


@dataclass(frozen=True)
class VocabularyEntry:
    """Editorial, guideline-wide: words clinicians type (brand names, German terms) for a term the
    guideline prints (`means`, as printed). Read from `guideline_data/vocabulary.yaml`, outside the
    published hash; search reads a query's word as the printed term (macros/vocabulary.py). `dose`: a
    brand's dose where the guideline prints the agent with it (Prolia: Denosumab 60 mg, Xgeva: 120 mg)."""

    means: str
    kind: str
    terms: tuple[str, ...]
    dose: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class Informs:
    """Editorial: a trial or figure slide and the recommendations its evidence informs (`informs.yaml`,
    outside the published hash). The slide links to them; their pages link back."""

    topic: str
    recommendations: tuple[str, ...]
    at: Where = _where()


@dataclass(frozen=True)
class CrossReference:
    """Editorial: an item whose printed words point to another slide ("see next slide") where the source's
    order does not lead there (`crossrefs.yaml`, outside the published hash). The words stay as printed;
    the item gets a link to the slide meant, marked editorial."""

    topic: str
    item: str
    words: str
    target: str
    at: Where = _where()


@dataclass(frozen=True)
class MapCategory:
    """Editorial: one row (a clinical situation) or column (an intervention) of the recommendation map."""

    id: str
    label: str
    description: str | None = None
    at: Where = _where()


@dataclass(frozen=True)
class MapPlacement:
    """Editorial: the recommendations one cell of the map holds (a situation x an intervention)."""

    situation: str
    intervention: str
    recommendations: tuple[str, ...]
    at: Where = _where()


@dataclass(frozen=True)
class MapLeftOut:
    """Editorial: graded recommendations deliberately kept off the map, and why."""

    recommendations: tuple[str, ...]
    reason: str
    at: Where = _where()


@dataclass(frozen=True)
class RecommendationMap:
    """Editorial (`map.yaml`, outside the published hash): situations as rows, interventions as columns,
    and which cell each graded recommendation stands in (one or more), or why it is left out."""

    situations: tuple[MapCategory, ...]
    interventions: tuple[MapCategory, ...]
    placements: tuple[MapPlacement, ...]
    left_out: tuple[MapLeftOut, ...] = ()
    at: Where = _where()


@dataclass(frozen=True)
class ReadingDecision:
    """A reading the slide reader drafted where the source allows more than one (`decisions.yaml` beside
    the topics): open until the editor has checked it and deleted the entry; `publish` refuses before."""

    line: int
    item: str
    decision: str
    at: Where = _where()


@dataclass(frozen=True)
class Chapter:
    """One chapter of a release: its own source, slides (numbered from 1), sections, flows, cases and
    editorial files. Slide and line numbers count within the chapter; ids are unique across the release."""

    metadata: ChapterMetadata
    topics: tuple[Topic, ...]
    sections: tuple[Section, ...]
    abbreviations: tuple[Abbreviation, ...] = ()
    flows: tuple[Flow, ...] = ()
    cases: tuple[Case, ...] = ()
    search_terms: tuple[SearchTerms, ...] = ()
    informs: tuple[Informs, ...] = ()
    crossrefs: tuple[CrossReference, ...] = ()
    recommendation_map: RecommendationMap | None = None
    reading_decisions: tuple[ReadingDecision, ...] = ()
    source_lines: tuple[str, ...] = field(compare=False, repr=False, default=())

    @property
    def id(self) -> str:
        return self.metadata.id

    @property
    def title(self) -> str:
        return self.metadata.title

    @property
    def label(self) -> str:
        """How a heading names the chapter: 'Chapter 20: Title' where the edition prints a number, else its title."""
        return f"Chapter {self.metadata.number}: {self.title}" if self.metadata.number else self.title

    @property
    def inline_label(self) -> str:
        """How a sentence names the chapter: 'chapter 20, Title' (or 'chapter Title')."""
        return f"chapter {self.metadata.number}, {self.title}" if self.metadata.number else f"chapter {self.title}"

    @property
    def source_name(self) -> str:
        """The source file's name, as pages cite it ("line 11 of NAME")."""
        return self.metadata.source.file.rsplit("/", 1)[-1]


def _flat(name: str) -> cached_property:
    """Every chapter's `name`, in chapter order (computed once: a release is frozen)."""

    def every(release: Release) -> tuple:
        return tuple(entry for chapter in release.chapters for entry in getattr(chapter, name))

    every.__doc__ = f"Every chapter's {name.replace('_', ' ')}, in chapter order."
    return cached_property(every)


@dataclass(frozen=True)
class Release:
    """A whole release: release-wide metadata and its chapters in order. `topics`, `sections`, `flows` ...
    are every chapter's, in chapter order; `chapter_of` says which chapter holds a topic."""

    metadata: ReleaseMetadata
    chapters: tuple[Chapter, ...]
    grading: Grading

    topics = _flat("topics")
    sections = _flat("sections")
    abbreviations = _flat("abbreviations")
    flows = _flat("flows")
    cases = _flat("cases")
    search_terms = _flat("search_terms")
    informs = _flat("informs")
    crossrefs = _flat("crossrefs")
    reading_decisions = _flat("reading_decisions")

    @cached_property
    def recommendation_map(self) -> RecommendationMap | None:
        """The release's map: every chapter's map.yaml as one (rows and columns by id, in chapter order)."""
        maps = [chapter.recommendation_map for chapter in self.chapters if chapter.recommendation_map]
        if len(maps) <= 1:
            return maps[0] if maps else None

        def once(categories: tuple[MapCategory, ...]) -> tuple[MapCategory, ...]:
            return tuple({category.id: category for category in reversed(categories)}.values())[::-1]

        return RecommendationMap(
            situations=once(tuple(c for m in maps for c in m.situations)),
            interventions=once(tuple(c for m in maps for c in m.interventions)),
            placements=tuple(p for m in maps for p in m.placements),
            left_out=tuple(entry for m in maps for entry in m.left_out),
            at=maps[0].at,
        )

    @property
    def id(self) -> str:
        return self.metadata.id

    @property
    def printed(self) -> PrintedMetadata:
        """What the release's slides print on every page (guideline, version, copyright, website): as its
        first chapter prints it (every chapter of an edition prints the same footer)."""
        return self.chapters[0].metadata.printed

    def chapter(self, chapter_id: str) -> Chapter:
        for chapter in self.chapters:
            if chapter.id == chapter_id:
                return chapter
        known = ", ".join(chapter.id for chapter in self.chapters)
        raise KeyError(f"unknown chapter id {chapter_id!r} in release {self.id}; known: {known}")

    @cached_property
    def _chapter_by_topic(self) -> dict[str, Chapter]:
        return {topic.id: chapter for chapter in self.chapters for topic in chapter.topics}

    def chapter_of(self, topic: Topic | str) -> Chapter:
        """The chapter holding a topic (the object, or its id)."""
        topic_id = topic if isinstance(topic, str) else topic.id
        if topic_id not in self._chapter_by_topic:
            raise KeyError(f"unknown topic id {topic_id!r} in release {self.id}")
        return self._chapter_by_topic[topic_id]

    def chapter_of_flow(self, flow_id: str) -> Chapter:
        for chapter in self.chapters:
            if any(flow.id == flow_id for flow in chapter.flows):
                return chapter
        raise KeyError(f"unknown flow id {flow_id!r} in release {self.id}")

    def chapter_of_case(self, case_id: str) -> Chapter:
        for chapter in self.chapters:
            if any(case.id == case_id for case in chapter.cases):
                return chapter
        raise KeyError(f"unknown case id {case_id!r} in release {self.id}")

    @cached_property
    def _topic_by_id(self) -> dict[str, Topic]:
        found: dict[str, Topic] = {}
        for topic in self.topics:
            found.setdefault(topic.id, topic)  # the first, as the search through them returned
        return found

    def topic(self, topic_id: str) -> Topic:
        if topic_id not in self._topic_by_id:
            raise KeyError(f"unknown topic id {topic_id!r} in release {self.id}")
        return self._topic_by_id[topic_id]

    def flow(self, flow_id: str) -> Flow:
        for flow in self.flows:
            if flow.id == flow_id:
                return flow
        raise KeyError(f"unknown flow id {flow_id!r} in release {self.id}")

    def case(self, case_id: str) -> Case:
        for case in self.cases:
            if case.id == case_id:
                return case
        raise KeyError(f"unknown case id {case_id!r} in release {self.id}")
