"""The slide reader: verbatim slide text -> model objects (topics, blocks, recommendations), decisions.

Shared by `import-chapter` (a whole chapter) and the yearly realignment (new slides). It reads what the
text export prints: slides (titles over several lines, a footer printed between slides, a column header
after the rows), graded lines (grades at the line end or on a line of their own, words wrapped over
lines), group headings and their nested items, list grades and the bullets they cover, LoE-only
statements, footnotes and their markers, notes and cautions, trial, figure, table and link slides.

Grade tokens come from the grading scales (grading.yaml); every line the validator reads as graded
(`sourcetext.printed_grade`) is read the same way here, or the difference is a decision. Where the text
allows more than one reading the reader drafts the likeliest and records a `ReadingDecision`: it never
guesses silently about a grade.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import sourcetext
from ..grades import SCALES, SHORT_NAMES, allowed_grades, values_text
from ..index import walk
from ..model import (
    Arm,
    Block,
    FigureBlock,
    Footnote,
    Grading,
    Link,
    LinksBlock,
    ListBlock,
    ListGrade,
    ListItem,
    NoteBlock,
    PrintedMetadata,
    PrintedText,
    ReadingDecision,
    Recommendation,
    RecommendationsBlock,
    TableBlock,
    TableColumn,
    TableRow,
    Topic,
    TrialBlock,
    TrialResult,
)
from .ids import IdPool, slug, unique_id

# A slide's first line in the text export: one leading space, then a letter.
TITLE_START = re.compile(r"^ [^\W\d_]")
# Words of a printed column header of a graded slide ('Oxford', 'LoE GR AGO', 'Oxford-LoE / GR / AGO-Empfehlung').
HEADER_WORDS = frozenset(
    {"oxford", "loe", "gr", "ago", "level", "of", "evidence", "grade", "recommendation", "evidenzlevel",
     "evidenz", "empfehlungsgrad", "empfehlung", "ago-empfehlung", "oxford-loe", "lev", "le"}
)
HEADER_NEEDS = frozenset({"oxford", "loe", "gr", "ago", "oxford-loe", "evidenzlevel", "empfehlungsgrad"})
FOOTNOTE = re.compile(r"^(?P<marker>\*+|†+|‡+)\s*(?P<text>\S.*)$")
MARKERS = re.compile(r"\*+|†+|‡+")
URL = re.compile(r"(?:https?://|www\.)\S+")
CITATION = re.compile(r"\bet al\b|^\(\d+\)\s")
CAUTION = re.compile(r"^(?:Cave|Caution|Achtung|Cave!)\b", re.IGNORECASE)
# A wrapped line goes on with the words before it: it starts in lower case or with '(' / a digit, or the
# line before ends mid-phrase (a hyphen, comma, slash, dash or one of these words).
CONTINUES = re.compile(r"^[a-zäöüß(\[0-9%<>≤≥]")
OPEN_END = re.compile(
    r"(?:[-,/–+&]|\b(?:and|or|of|the|to|by|with|for|in|under|at|on|from|vs\.?|versus|a|an|und|oder|der|die|"
    r"das|des|mit|bei|von|zur|zum|für|im|in|nach|vor))$",
    re.IGNORECASE,
)
QUALIFIER = sourcetext.QUALIFIER
qualifies = sourcetext.qualifies
TRIAL_WORD = re.compile(r"\b(?:trial|trials|studie|study)\b", re.IGNORECASE)
TRIAL_BULLET = re.compile(r"^(?P<name>.+?)\s+(?:[Tt]rial|[Ss]tudie)\s*:\s*(?P<rest>.*)$")
TRIAL_NAME_LINE = re.compile(r"^(?P<name>.+?\b(?:[Tt]rial|TRIAL|[Ss]tudie))\s*$")
TITLE_TRIAL = re.compile(r"^(?P<name>.+?)(?:\s+|-)(?:[Tt]rial|TRIAL|[Ss]tudie|[Ss]tudy)\b")
# An arm as a results table heads it: 'Tamoxifen alone (n = 1 018)'.
ARM = re.compile(r"(?P<label>[^()\s][^()]*?)\s*\(n\s*=\s*(?P<n>[^)]+?)\)")
COLUMN_GAP = re.compile(r"\s{2,}")
SAMPLE_SIZE = re.compile(r"\bn\s*=\s*(?P<n>[0-9][0-9.,]*)")
MARK = frozenset({"0", "+", "-", "++", "--", "+/-", "x", "X", "(+)", "?", "o", "–", "✓", "✗"})
VERSION_WORD = re.compile(r"\bVersion\b", re.IGNORECASE)
# Words ending with one sign ('Fatigue: Bewegungstherapie +'): an AGO grade printed alone, or words.
LONE_SIGN = re.compile(r"\s([-+])$")


@dataclass(frozen=True)
class Reading:
    """A whole source read: its slides as topics, the printed footer, and every decision taken."""

    topics: tuple[Topic, ...]
    printed: PrintedMetadata | None
    decisions: tuple[ReadingDecision, ...]
    footer_lines: tuple[int, ...] = ()


@dataclass
class _Line:
    number: int
    raw: str
    kind: str  # bullet, text, grades, list_grade, layout, footnote, url, caution, blank
    bullet: str = ""
    words: str = ""  # without bullet and grades
    grades: dict[str, str] | None = None
    gap: bool = False  # a blank line stands before it
    doubt: bool = False  # its end looks like grades the reader could not take as they stand


@dataclass
class _Item:
    lines: list[int]
    bullet: str
    grades: dict[str, str] | None = None
    grade_line: int | None = None
    children: list[_Item] = field(default_factory=list)
    parent: _Item | None = None
    head: bool = False  # a group heading: ungraded, the items under it carry the grades
    closed: bool = False  # no more words or children
    last_line: int = 0
    gap: bool = False  # a blank line (or the start of its block) stands before it
    doubt: bool = False  # its line ends with what looks like grades but was not read as such
    siblings: list | None = None  # the list that holds it (its block's items or its parent's children)


@dataclass
class _Block:
    kind: str
    lines: list[int] = field(default_factory=list)
    heading: list[int] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    list_grade: tuple[dict[str, str | None], int] | None = None
    covered: bool = False  # its bullets are covered by a list grade


class Scales:
    """The grade values grading.yaml allows, and reading a line's grades with them."""

    def __init__(self, grading: Grading) -> None:
        self.lists = allowed_grades(grading)
        self.allowed = {scale: frozenset(values) for scale, values in self.lists.items()}

    def as_lists(self) -> dict[str, tuple[str, ...]]:
        return self.lists

    PATTERNS = (SCALES, ("loe", "gr"), ("loe", "ago"), ("loe",), ("ago",))

    def tail(self, text: str) -> tuple[dict[str, str], str] | None:
        """The grades `text` ends with and the text before them; None when it ends with none.

        An AGO grade alone is read only where it cannot be a word's sign ('++', '+/-', '--')."""
        tokens = text.split()
        for pattern in self.PATTERNS:
            if len(tokens) < len(pattern):
                continue
            last = tokens[-len(pattern) :]
            if all(token in self.allowed[scale] for token, scale in zip(last, pattern, strict=True)):
                if pattern == ("ago",) and len(last[0]) < 2:
                    continue
                before = sourcetext._last_tokens(text.rstrip(), len(pattern)).text_before
                return dict(zip(pattern, last, strict=True)), before
        return None


def _grades_text(grades: dict[str, str | None] | None) -> str:
    if not grades:
        return "no grade"
    return values_text([grades.get(scale) or None for scale in SCALES], missing=None)


class SlideReader:
    """Reads the slides of one source; decisions accumulate in `decisions`."""

    def __init__(self, source: Sequence[str], grading: Grading, pool: IdPool | None = None) -> None:
        self.source = source
        self.scales = Scales(grading)
        self.pool = pool or IdPool(set())
        self.decisions: list[ReadingDecision] = []
        self._pending_nesting: list[tuple[_Item, _Item, str]] = []  # named once ids are given
        self._pending_apart: list[tuple[_Item, _Line, int, int]] = []
        self._pending_among: list[tuple[int, list[int], list[int]]] = []  # list grade, bullets it covers, graded among
        self._pending_checks: list[tuple[_Line, _Item]] = []  # an item's own line checked once it has its id
        self._pending_lone: list[tuple[_Item, _Line]] = []  # grades alone right after an item whose grades stop short
        self.extra_footers: list[list[int]] = []  # footers printed again after the first: notes and a decision

    # --- helpers -------------------------------------------------------------------------------

    def decide(self, line: int, item: str, message: str) -> None:
        self.decisions.append(ReadingDecision(line=line, item=item, decision=message))

    def text(self, number: int) -> str:
        return self.source[number - 1]

    def is_layout(self, line: str) -> bool:
        tokens = [t for t in re.split(r"[\s/|,]+", line.strip().lower()) if t]
        return bool(tokens) and all(t in HEADER_WORDS for t in tokens) and any(t in HEADER_NEEDS for t in tokens)

    def header_scales(self, line: str) -> set[str]:
        """The scales a column header names ('Oxford LoE GR AGO' -> loe, gr, ago; a header of AGO or Empfehlung alone -> ago)."""
        tokens = {t for t in re.split(r"[\s/|,]+", line.strip().lower()) if t}
        found = {scale for scale in SCALES if scale in tokens}
        if tokens & {"evidenzlevel", "evidenz", "level", "evidence", "oxford-loe"}:
            found.add("loe")
        if tokens & {"empfehlungsgrad", "grade"}:
            found.add("gr")
        if tokens & {"empfehlung", "ago-empfehlung", "recommendation"}:
            found.add("ago")
        return found

    def classify(self, number: int) -> _Line:
        raw = self.text(number)
        stripped = raw.strip()
        if not stripped:
            return _Line(number, raw, "blank")
        if sourcetext.LIST_LIKE.match(raw):
            return _Line(number, raw, "list_grade")
        if self.is_layout(stripped):
            return _Line(number, raw, "layout")
        bullet_match = sourcetext.BULLET.match(stripped)
        bullet = bullet_match.group(0).strip() if bullet_match else ""
        body = sourcetext.strip_bullet(raw)
        if not bullet and FOOTNOTE.match(stripped):
            footnote = _Line(number, raw, "footnote")
            footnote.doubt = sourcetext.printed_grade(raw) is not None or sourcetext.unread_grade(raw) is not None
            return footnote
        read = self.scales.tail(body)
        unread = sourcetext.unread_grade(raw)
        if read is None and unread is not None:
            read = self.partial(unread.printed), sourcetext.strip_bullet(unread.text_before)
        if read is not None and (read[0] or unread is not None):
            grades, before = read
            kind = "grades" if not before.strip() and not bullet else ("bullet" if bullet else "text")
            found = _Line(number, raw, kind, bullet, before.strip(), grades or None)
            found.doubt = unread is not None
            return found
        if not bullet and URL.match(stripped):
            return _Line(number, raw, "url")
        if not bullet and CAUTION.match(stripped):
            return _Line(number, raw, "caution", "", body)
        found = _Line(number, raw, "bullet" if bullet else "text", bullet, body)
        found.doubt = sourcetext.printed_grade(raw) is not None or bool(LONE_SIGN.search(body))
        return found

    def partial(self, printed: str) -> dict[str, str]:
        """The scales an unread grade tail still prints readably, in 'LoE GR AGO' order ('2b B –' -> 2b, B)."""
        tokens, grades, position = printed.split(), {}, 0
        for scale in SCALES:
            if position < len(tokens) and tokens[position] in self.scales.allowed[scale]:
                grades[scale] = tokens[position]
                position += 1
        return grades

    def doubt(self, line: _Line, item: str) -> None:
        """A line whose end looks like grades the reader could not take as they stand: always a decision."""
        if not line.doubt:
            return
        unread = sourcetext.unread_grade(line.raw)
        printed = sourcetext.printed_grade(line.raw)
        if unread is not None:
            what = (f"ends with {unread.printed!r}, which does not read as 'LoE GR AGO' with the values grading.yaml "
                    f"allows ({sourcetext.explain_unread(unread.printed, self.scales.as_lists())})")
        elif printed is not None:
            shown = " ".join(v for v in (printed.loe, printed.gr, printed.ago) if v)
            what = (f"ends with {shown!r}, which `validate` takes for a grade but grading.yaml does not allow (a "
                    "grade cut short, or words?)")
        else:
            what = (f"ends with {LONE_SIGN.search(line.words).group(1)!r}: an AGO grade printed alone (a sign of "
                    "one character, which `validate` does not read as a grade), or words?")
        self.decide(
            line.number,
            item,
            f"line {line.number} ({line.raw.strip()!r}) {what}; drafted {_grades_text(line.grades) if line.grades else 'without grades, the words as printed'}: "
            "have the line corrected as the committee confirms and run `update-source`, or correct the topic",
        )

    def check_against_validator(self, line: _Line, item: str) -> None:
        """A line whose end looks like grades the reader could not take as they stand, or that `validate` reads
        otherwise than grading.yaml allows: a decision names the line (the draft cannot hold both readings)."""
        if line.doubt:
            self.doubt(line, item)
            return
        if not line.grades:
            return
        printed = sourcetext.printed_grade(line.raw) or sourcetext.lone_sign(line.raw)
        mine = tuple((line.grades or {}).get(s) for s in SCALES)
        theirs = (printed.loe, printed.gr, printed.ago) if printed else (None, None, None)
        if mine != theirs:
            self.decide(
                line.number,
                item,
                f"line {line.number} prints {line.raw.strip()!r}: read here as {_grades_text(line.grades)}, but "
                f"`validate` reads {_grades_text(dict(zip(SCALES, theirs, strict=True)))}: check the line with the "
                "committee",
            )

    # --- the whole source ----------------------------------------------------------------------

    def footer(self) -> tuple[PrintedMetadata | None, list[int]]:
        """The printed footer ('© ...' to the website line): release metadata, not slide content."""
        starts = [n for n in range(1, len(self.source) + 1) if self.text(n).strip().startswith("©")]
        if not starts:
            return None, []
        first = starts[0]
        numbers = self.footer_lines(first)
        end = numbers[-1]
        copyright_lines = []
        for number in range(first, end + 1):
            if not self.text(number).strip():
                break
            copyright_lines.append(number)
        rest = [n for n in numbers if n not in copyright_lines]
        version = [n for n in rest if VERSION_WORD.search(self.text(n))]
        website = [n for n in rest if URL.search(self.text(n))]
        guideline = [n for n in rest if n not in version and n not in website]
        if not (version and website and guideline):
            for number in numbers:
                self.decide(number, "release", "a footer ('©') without a guideline name, version and website line")
            return None, numbers
        for extra in starts[1:]:
            if extra > end:
                self.extra_footers.append(self.footer_lines(extra))

        def piece(lines: list[int]) -> PrintedText:
            return PrintedText(sourcetext.plain_text(self.source, lines), tuple(lines))

        printed = PrintedMetadata(piece(copyright_lines), piece(guideline), piece(version[:1]), piece(website[:1]))
        claimed = copyright_lines + guideline + version[:1] + website[:1]
        return printed, claimed

    def footer_lines(self, first: int) -> list[int]:
        """The non-blank lines of the footer opening at `first`: up to its website line (at most 14 lines on)."""
        end = first
        for number in range(first, min(first + 14, len(self.source)) + 1):
            if self.text(number).strip():
                end = number
                if URL.search(self.text(number)):
                    break
        return [n for n in range(first, end + 1) if self.text(n).strip()]

    def slide_ranges(self, footer_lines: Sequence[int]) -> list[tuple[int, int]]:
        """Where each slide starts and ends: one-space title lines; a footer closes the slide before it."""
        footer = set(footer_lines)
        starts = [1]
        previous = ""
        last_content = 0
        after_footer = False
        for number in range(1, len(self.source) + 1):
            line = self.text(number)
            if number in footer:
                after_footer = True
                continue
            if not line.strip():
                continue
            title_like = bool(TITLE_START.match(line)) and not previous.rstrip().endswith(":")
            if after_footer and last_content and number > 1 and not title_like:
                read = self.classify(number)
                if read.kind == "text" and not read.grades and not CITATION.search(line.strip()):
                    starts.append(last_content + 1)
                    self.decide(
                        number,
                        "source",
                        f"a slide is read to start after the footer, its title at line {number} "
                        f"({line.strip()!r}): check the slide boundary",
                    )
            elif title_like and last_content and number not in starts:
                starts.append(number)
            after_footer = False
            previous = line
            last_content = number
        starts = sorted(set(starts))
        return [(start, (starts[k + 1] - 1) if k + 1 < len(starts) else len(self.source)) for k, start in
                enumerate(starts)]

    def read_source(self) -> Reading:
        printed, footer_lines = self.footer()
        topics = []
        every_footer = [*footer_lines, *(n for lines in self.extra_footers for n in lines)]
        for slide, (first, last) in enumerate(self.slide_ranges(every_footer), start=1):
            topics.append(self.read_slide(first, last, slide, set(footer_lines)))
        decisions = []
        for decision in self.decisions:  # a decision about a slide or its footnotes names the slide's topic
            holder = next((t.id for t in topics if t.source_lines[0] <= decision.line <= t.source_lines[1]), None)
            if decision.item in ("source", "footnotes") and holder:
                decision = ReadingDecision(decision.line, holder, decision.decision)
            decisions.append(decision)
        return Reading(tuple(topics), printed, tuple(decisions), tuple(footer_lines))

    # --- one slide -----------------------------------------------------------------------------

    def read_slide(self, first: int, last: int, slide: int, skip: set[int] | None = None,
                   topic_id: str | None = None) -> Topic:
        """One slide (source lines first..last) as a topic; `skip` are lines read elsewhere (the footer)."""
        skip = set(skip or ())
        lines = [self.classify(n) for n in range(first, last + 1) if n not in skip]
        gap = False
        for line in lines:
            line.gap = gap
            gap = line.kind == "blank"
        content = [line for line in lines if line.kind != "blank"]
        if not content:
            raise ValueError(f"slide {slide} (lines {first}-{last}) prints nothing")
        repeated = [lines for lines in self.extra_footers if first <= lines[0] <= last]
        again = {n for lines in repeated for n in lines}
        content = [line for line in content if line.number not in again] + [
            line for line in content if line.number in again
        ]  # a footer printed again is no title: the slide's own lines come first
        head = content[0]
        if head.bullet or head.grades or head.kind in ("grades", "list_grade", "layout", "footnote", "url"):
            # no title line: the slide opens with what belongs to its body; that line stands for the title too
            title_lines, citation_first = [head.number], False
            title_text = sourcetext.plain_text(self.source, title_lines)
            identifier = topic_id or unique_id(slug(title_text), self.pool.taken)
            self.decide(head.number, identifier, f"the slide prints no title line: its first line ({head.raw.strip()!r}) "
                        "is read as its body and stands for the title until you write one (`title:`)")
            used: set[int] = set()
        else:
            title_lines, citation_first = self._title(content)
            title_text = sourcetext.plain_text(self.source, title_lines)
            identifier = topic_id or unique_id(slug(title_text), self.pool.taken)
            used = set(title_lines)
        layout = [line.number for line in content if line.kind == "layout"]
        if layout and all(self.header_scales(self.text(n)) <= {"ago"} for n in layout):
            for line in content:  # under a column header of AGO alone, a line ending with one sign prints its AGO grade
                sign = sourcetext.lone_sign(line.raw) if line.doubt and not line.grades else None
                if sign is not None and sign.ago in self.scales.allowed["ago"] and line.kind in ("bullet", "text"):
                    line.grades, line.words, line.doubt = {"ago": sign.ago}, sourcetext.strip_bullet(
                        sign.text_before), False
        used |= set(layout)
        for lines in repeated:
            used |= set(lines)
            self.decide(lines[0], identifier, f"the footer is printed again (lines {lines[0]}-{lines[-1]}); the first "
                        "one is the release's printed metadata, this one is drafted as a note: keep it or have the "
                        "source sent without it")
        footnotes, used_by_notes = self._footnotes(content, used)
        used |= used_by_notes
        links, used_by_links = self._links(content, used, footnotes)
        used |= used_by_links
        body = [line for line in content if line.number not in used]
        markers = [footnote.marker for footnote in footnotes]
        graded = any(line.grades or line.kind == "list_grade" for line in body)
        if graded:
            blocks = self._recommendations(body, identifier, markers)
        else:
            blocks = self._ungraded(body, identifier, title_text, title_lines, markers, citation_first)
        if links:
            blocks.append(LinksBlock(tuple(links)))
        blocks += [NoteBlock(sourcetext.plain_text(self.source, lines), tuple(lines)) for lines in repeated]
        blocks.sort(key=_first_line)
        if not graded and layout:
            self.decide(layout[0], identifier, "a column header of grades on a slide that prints no grade")
        title = PrintedText(title_text, tuple(title_lines), _refs(title_text, markers))
        return Topic(
            id=identifier,
            slide=slide,
            source_lines=(first, last),
            title=title,
            blocks=tuple(blocks),
            layout_lines=tuple(layout),
            footnotes=tuple(footnotes),
        )

    def _title(self, content: list[_Line]) -> tuple[list[int], bool]:
        """The title: the first line and the plain lines after it up to a blank line (a citation excluded).

        A slide that opens with a citation ('Author et al ...') prints its title after the figure: the last
        paragraph of plain text is read as the title, and a decision says so."""
        head = content[0]
        if CITATION.search(head.raw.strip()) and len(content) > 1:
            paragraphs = _paragraphs([line for line in content[1:] if line.kind == "text" and not line.grades])
            if paragraphs:
                chosen = paragraphs[-1]
                self.decide(
                    chosen[0].number,
                    "source",
                    f"the slide opens with a citation (line {head.number}); its title is read from lines "
                    f"{[line.number for line in chosen]}, printed after the figure: check title and slide boundary",
                )
                return [line.number for line in chosen], True
        numbers = [head.number]
        for line in content[1:4]:
            if line.gap or line.kind != "text" or line.grades or CITATION.search(line.raw.strip()) or line.bullet:
                break
            if line.number != numbers[-1] + 1 and not self._blank_between(numbers[-1], line.number):
                break
            numbers.append(line.number)
        return numbers, False

    def _blank_between(self, a: int, b: int) -> bool:
        return all(not self.text(n).strip() for n in range(a + 1, b))

    def _footnotes(self, content: list[_Line], used: set[int]) -> tuple[list[Footnote], set[int]]:
        """Footnotes: a line opening with its marker ('*', '**'), and the plain lines right under it."""
        found, claimed = [], set()
        index = 0
        while index < len(content):
            line = content[index]
            match = FOOTNOTE.match(line.raw.strip()) if line.kind == "footnote" else None
            if match is None or line.number in used:
                index += 1
                continue
            numbers = [line.number]
            if line.doubt:
                self.decide(line.number, "footnotes", f"the footnote line {line.number} ({line.raw.strip()!r}) ends with "
                            "what `validate` reads as grades: a footnote, or a graded item opening with '*'?")
            index += 1
            while index < len(content):
                following = content[index]
                if following.gap or following.kind not in ("text", "url") or following.grades or following.bullet:
                    break
                numbers.append(following.number)
                index += 1
            printed = sourcetext.plain_text(self.source, numbers)
            marker = match["marker"]
            text = printed[len(marker) :].strip()
            url = URL.search(text)
            found.append(Footnote(marker, text, tuple(numbers), url.group(0).rstrip(".,;)") if url else None))
            claimed |= set(numbers)
        markers = [footnote.marker for footnote in found]
        for marker in {m for m in markers if markers.count(m) > 1}:
            self.decide(
                next(f.lines[0] for f in found if f.marker == marker),
                "footnotes",
                f"footnote marker {marker!r} is printed twice on one slide: check which text each reference means",
            )
        return found, claimed

    def _links(self, content: list[_Line], used: set[int], footnotes: list[Footnote]) -> tuple[list[Link], set[int]]:
        """Links: lines that print a URL; a plain line right above one is its label."""
        links: dict[str, Link] = {}
        claimed: set[int] = set()
        for index, line in enumerate(content):
            if line.kind != "url" or line.number in used:
                continue
            url = URL.search(line.raw).group(0).rstrip(".,;)")
            label_lines: tuple[int, ...] = ()
            before = content[index - 1] if index else None
            if (
                before is not None
                and not line.gap
                and before.kind == "text"
                and not before.grades
                and before.number not in used
                and before.number not in claimed
            ):
                label_lines = (before.number,)
            if url in links:
                known = links[url]
                links[url] = Link(known.label, url, (*known.lines, line.number), known.label_lines)
            else:
                label = sourcetext.plain_text(self.source, label_lines) if label_lines else url
                links[url] = Link(label, url, (line.number,), label_lines)
            claimed |= {line.number, *label_lines}
        return list(links.values()), claimed

    # --- graded slides ---------------------------------------------------------------------------

    def _recommendations(self, body: list[_Line], topic_id: str, markers: list[str]) -> list[Block]:
        """Recommendations blocks (and the notes among them) of a slide that prints grades."""
        covered = self._covered(body)
        blocks: list[_Block] = []
        current = _Block("recommendations")
        blocks.append(current)
        awaiting: list[_Item] = []  # items whose grades are still to come on a line of their own
        last: _Item | None = None  # the item the next words may continue
        group: _Item | None = None  # a group heading collecting the bullets under it
        paragraph: list[_Line] = []  # plain ungraded lines, read once what follows them is known
        last_main: _Item | None = None  # the last '§' item: a '-' sub-item goes under it
        index = 0

        def settle_paragraph(next_line: _Line | None) -> None:
            nonlocal current, last, group
            if not paragraph:
                return
            numbers = [line.number for line in paragraph]
            opens_list = next_line is not None and next_line.kind in ("bullet", "text") and (
                next_line.bullet or next_line.grades
            )
            if opens_list and next_line.number == paragraph[-1].number + 1 + _blanks(self.source, paragraph[-1].number):
                if current.items or current.heading:
                    current = _Block("recommendations")
                    blocks.append(current)
                current.heading = numbers
                last, group = None, None
            else:
                kind = "caution" if CAUTION.match(paragraph[0].raw.strip()) else "note"
                blocks.append(_Block(kind, lines=numbers))
            paragraph.clear()

        while index < len(body):
            line = body[index]
            if (
                paragraph
                and line.kind == "grades"
                and last is not None
                and last in awaiting
                and not last.closed
                and all(p.kind == "text" for p in paragraph)
                and (paragraph[0].number == last.last_line + 1 or self._continues(last, paragraph[0]))
                and paragraph[0].number == last.last_line + 1 + _blanks(self.source, last.last_line)
            ):
                # words the grades follow are the item's words wrapped ('emetogener' / 'Chemotherapie' / '1a A ++')
                last.lines += [p.number for p in paragraph]
                last.last_line = paragraph[-1].number
                paragraph.clear()
            if paragraph and (line.gap or line.kind != "text" or line.grades):
                settle_paragraph(line)
            if line.kind == "list_grade":
                grades = self._list_grade(line, topic_id)
                run = [item for item in current.items if covered.get(item.lines[0])]
                if current.list_grade is not None:
                    self.decide(
                        line.number,
                        f"list grade of topic {topic_id}",
                        f"a second list grade (line {line.number}) after the one on line {current.list_grade[1]} "
                        "with no bullet between them: which bullets does it grade?",
                    )
                elif run or current.covered:
                    current.list_grade = (grades, line.number)
                    current.covered = True
                else:
                    current = _Block("recommendations", covered=True, list_grade=(grades, line.number))
                    blocks.append(current)
                    if any(covered.get(following.number) for following in body[index + 1 :]):
                        self.decide(
                            line.number,
                            f"list grade of topic {topic_id}",
                            f"the list grade on line {line.number} is printed before the bullets it is read to "
                            "cover (those after it, up to the next graded line): check which bullets it grades",
                        )
                last, group = None, None
                index += 1
                continue
            if line.kind == "grades":
                run = [line]
                while index + 1 < len(body) and body[index + 1].kind == "grades":
                    index += 1
                    run.append(body[index])
                group = self._assign(run, awaiting, topic_id, current, last) or group
                for taken in run:
                    self.check_against_validator(taken, topic_id)
                last = None
                index += 1
                continue
            if line.kind == "caution":
                paragraph.append(line)
                index += 1
                continue
            if line.kind == "text" and not line.grades:
                if paragraph and not line.gap:
                    paragraph.append(line)
                elif last is not None and not last.closed and self._continues(last, line):
                    last.lines.append(line.number)
                    last.last_line = line.number
                else:
                    paragraph.append(line)
                index += 1
                continue
            # a bullet, or plain words with grades
            is_covered = covered.get(line.number, False)
            if is_covered and not current.covered:
                if current.items:
                    current = _Block("recommendations")
                    blocks.append(current)
                current.covered = True
            elif not is_covered and current.covered:
                current = _Block("recommendations")
                blocks.append(current)
                group = None
            if line.kind == "text" and line.grades:
                if last is not None and not last.closed and not last.grades and last in awaiting and (
                    self._continues(last, line) or line.number == last.last_line + 1
                ):
                    last.lines.append(line.number)
                    last.last_line = line.number
                    last.grades = line.grades
                    awaiting.remove(last)
                    last.closed = True
                    self._pending_checks.append((line, last))
                    index += 1
                    continue
                item = _Item([line.number], "", dict(line.grades), last_line=line.number)
                parent = _last_top(current)
                if parent is not None:
                    _nest(item, parent)
                    self._pending_nesting.append((item, parent, "printed without a bullet right after"))
                else:
                    item.siblings = current.items
                    current.items.append(item)
                item.closed = True
                last = item
                self._pending_checks.append((line, item))
                index += 1
                continue
            item = _Item([line.number], line.bullet, dict(line.grades) if line.grades else None,
                         last_line=line.number, closed=bool(line.grades), gap=line.gap or not current.items,
                         doubt=line.doubt)
            self._pending_checks.append((line, item))
            previous_top = _last_top(current)
            main = last_main if last_main is not None and last_main in _all(current.items) else previous_top
            if line.bullet in sourcetext.SUB_BULLETS and main is not None and main.bullet not in sourcetext.SUB_BULLETS:
                _nest(item, main)
                if main.grades:
                    self._pending_nesting.append((item, main, "a sub-item ('-') under"))
                elif not main.head:
                    main.head = True
                    if main in awaiting:
                        awaiting.remove(main)
            elif is_covered:
                self._place_covered(current, item, line)
            elif group is not None and not (line.gap and group.children) and not self._leaves(group, line):
                _nest(item, group)
                if item.grades and group in awaiting:
                    awaiting.remove(group)  # a graded item under it: the group heading is certain
            elif (
                previous_top is not None
                and last is previous_top
                and not previous_top.grades
                and len(previous_top.lines) == 1
                and not previous_top.children
                and not previous_top.doubt
                and line.bullet == previous_top.bullet
            ):
                # an ungraded bullet followed by a bullet: a group heading, unless grades printed apart say
                # otherwise (it stays among the items waiting for grades until then)
                previous_top.head = True
                group = previous_top
                _nest(item, group)
                if item.grades and group in awaiting:
                    awaiting.remove(group)
            else:
                group = None
                item.siblings = current.items
                current.items.append(item)
            if line.bullet not in sourcetext.SUB_BULLETS:
                last_main = item
            if not item.grades and not is_covered:
                awaiting.append(item)
            last = item
            index += 1
        settle_paragraph(None)
        return self._build_blocks(blocks, awaiting, topic_id, markers)

    def _words(self, item: _Item) -> str:
        return sourcetext.strip_bullet(self.text(item.lines[0])).strip()

    def _leaves(self, group: _Item, line: _Line) -> bool:
        """A bullet with the heading's sign that does not qualify it, after children that all do ('q4w', 'q12w',
        then 'Strontium chloride'): the qualifiers have ended, the bullet stands at the heading's level."""
        return (
            bool(group.children)
            and line.bullet == group.bullet
            and not qualifies(line.words)
            and all(child.bullet == group.bullet and qualifies(self._words(child)) for child in group.children)
        )

    def _nesting_shown(self, head: _Item) -> bool:
        """Whether the slide shows that the bullets under a heading belong to it: a sub-item's own sign, an
        indentation, children that only qualify it (schedules, doses, 'with ...'), or a blank line closing the
        group (after one opening it)."""
        if any(child.bullet != head.bullet for child in head.children):
            return True
        indent = len(self.text(head.lines[0])) - len(self.text(head.lines[0]).lstrip())
        if all(len(self.text(c.lines[0])) - len(self.text(c.lines[0]).lstrip()) > indent for c in head.children):
            return True
        if all(qualifies(self._words(child)) for child in head.children):
            return True
        end = max(n for item in _all(head.children) for n in (*item.lines, item.grade_line or 0))
        return head.gap and (end >= len(self.source) or not self.text(end + 1).strip())

    def _continues(self, item: _Item, line: _Line) -> bool:
        """Whether `line` goes on with the words of `item` (wrapped), rather than starting something new."""
        before = self.text(item.last_line).rstrip()
        return bool(CONTINUES.match(line.words or line.raw.strip()) or OPEN_END.search(before))

    def _covered(self, body: list[_Line]) -> dict[int, bool]:
        """Bullet line -> covered by a list grade: the ungraded bullets before a list grade (back to the last
        graded line), or after it where it opens the list."""
        covered: dict[int, bool] = {}
        run: list[_Line] = []
        among: list[_Line] = []  # graded bullets printed among the run's bullets (they keep their own grades)
        opened = False
        for line in body:
            if line.kind == "list_grade":
                for member in run:
                    covered[member.number] = True
                if run and among:
                    for member in among:
                        covered[member.number] = True  # in the list's block, with grades of its own
                    self._pending_among.append((line.number, [m.number for m in run], [m.number for m in among]))
                opened = not run
                run, among = [], []
            elif (
                line.kind == "bullet"
                and line.grades
                and run
                and run[-1].kind == "bullet"
                and line.bullet == run[-1].bullet
                and not line.gap
                and not qualifies(line.words)
            ):
                # an ungraded bullet, then a graded one that does not qualify it: no sign of a group heading;
                # the ungraded one stays in the run a list grade further down may cover
                among.append(line)
            elif line.grades or line.kind == "grades":
                run, among, opened = [], [], False
            elif line.kind in ("bullet", "text") and not line.grades:
                if opened:
                    covered[line.number] = True
                else:
                    if among and line.gap:  # bullets among graded ones: one run only without a blank line
                        run, among = [], []
                    run.append(line)
        return covered

    def _list_grade(self, line: _Line, topic_id: str) -> dict[str, str | None]:
        """A list grade's values, each as grading.yaml allows it; a value that does not read is a decision."""
        match = sourcetext.LIST_LOOSE.match(line.raw)
        grades: dict[str, str | None] = {}
        complete = True
        for scale in SCALES:
            value = match[scale] if match else None
            grades[scale] = value if value in self.scales.allowed[scale] else None
            complete &= grades[scale] is not None
        if not complete:
            self.decide(
                line.number,
                f"list grade of topic {topic_id}",
                f"line {line.number} prints {line.raw.strip()!r}: not every grade reads with the values "
                f"grading.yaml allows; drafted {_grades_text(grades)}: have the line corrected as the committee "
                "confirms and run `update-source`",
            )
        return grades

    def _place_covered(self, block: _Block, item: _Item, line: _Line) -> None:
        """A bullet covered by a list grade: nested under the bullet before it when it qualifies it."""
        previous = _last_top(block)
        if (
            previous is not None
            and not line.gap
            and previous.bullet == line.bullet
            and QUALIFIER.match(line.words)
            and not QUALIFIER.match(sourcetext.strip_bullet(self.text(previous.lines[0])))
        ):
            _nest(item, previous)
            previous.head = True
            self._pending_nesting.append((item, previous, "read as qualifying"))
        elif previous is not None and previous.children and not line.gap and QUALIFIER.match(line.words):
            _nest(item, previous)
        else:
            item.siblings = block.items
            block.items.append(item)

    def _assign(self, run: list[_Line], awaiting: list[_Item], topic_id: str, block: _Block,
                previous: _Item | None = None) -> _Item | None:
        """Grades printed on lines of their own go to the items still waiting for grades, in print order.

        As many grade lines as items (group headings counted) pair one to one: the headings were items. Fewer
        grade lines go to the last items waiting; an ungraded item right before a graded one under the same group
        heading opens a group of its own. Any pairing that is not one to one is a decision. Returns the group
        now open, if it changed."""
        waiting = [item for item in awaiting if not item.grades]
        plain = [item for item in waiting if not (item.head and item.children)]
        opened = None
        if len(run) > len(plain) and len(run) == len(waiting):
            for head in [item for item in waiting if item.head and item.children]:
                _unnest(head)
            chosen = candidates = waiting
        else:
            candidates = plain
            chosen = plain[-len(run) :] if len(run) <= len(plain) else plain
        for line, item in zip(run, chosen, strict=False):
            item.grades = dict(line.grades or {})
            item.grade_line = line.number
            item.closed = True
            awaiting.remove(item)
            if item.parent is not None and item.parent in awaiting:
                awaiting.remove(item.parent)
            between = [n for n in range(item.last_line + 1, line.number) if self.text(n).strip()]
            if len(run) > 1 or len(candidates) > len(run) or between[: len(between) - (len(run) - 1)]:
                self._pending_apart.append((item, line, len(run), len(candidates)))
        for left in [item for item in plain if item not in chosen]:
            parent = left.parent
            if parent is None or not parent.head or left.children:
                continue
            before = parent.children[: parent.children.index(left)]
            later = parent.children[parent.children.index(left) + 1 :]
            if later and any(item in chosen for item in later) and any(item.grades for item in before):
                del parent.children[parent.children.index(left) :]
                left.parent, left.head = parent.parent, True
                left.children = later
                for child in later:
                    child.parent = child.siblings = None
                    child.parent, child.siblings = left, left.children
                container = parent.siblings if parent.siblings is not None else block.items
                container.insert(container.index(parent) + 1, left)
                left.siblings = container
                left.gap = False
                awaiting.remove(left)
                opened = left
        for line in run[len(chosen) :]:
            if (
                len(run) == 1
                and previous is not None
                and previous.grades
                and not set(previous.grades) & set(line.grades or {})
                and line.number == previous.last_line + 1
            ):
                self._pending_lone.append((previous, line))  # the grades the item's line leaves out, wrapped?
                continue
            self.decide(
                line.number,
                topic_id,
                f"line {line.number} prints grades alone ({line.raw.strip()!r}) and no item waits for them: "
                "attach them to the words they belong to",
            )
        return opened

    def _build_blocks(self, drafts: list[_Block], awaiting: list[_Item], topic_id: str,
                      markers: list[str]) -> list[Block]:
        """The drafts as model blocks, ids given in print order; decisions name the ids."""
        built: list[Block] = []
        ids: dict[int, str] = {}
        for draft in drafts:
            if draft.kind in ("note", "caution"):
                text = sourcetext.plain_text(self.source, draft.lines)
                built.append(NoteBlock(text, tuple(draft.lines), _refs(text, markers), kind=draft.kind))
                continue
            if not draft.items:
                if draft.heading:
                    text = sourcetext.plain_text(self.source, draft.heading)
                    built.append(NoteBlock(text, tuple(draft.heading), _refs(text, markers)))
                if draft.list_grade:
                    grades, line = draft.list_grade
                    self.decide(line, topic_id, f"a list grade at line {line} with no bullet to cover")
                continue
            items = tuple(self._recommendation(item, None, ids, markers, draft.covered) for item in draft.items)
            heading = None
            if draft.heading:
                text = sourcetext.plain_text(self.source, draft.heading)
                heading = PrintedText(text, tuple(draft.heading), _refs(text, markers))
            list_grade = None
            if draft.list_grade:
                grades, line = draft.list_grade
                list_grade = ListGrade(line, grades.get("loe"), grades.get("gr"), grades.get("ago"))
            elif draft.covered:
                self.decide(draft.items[0].lines[0], topic_id, "bullets read as covered by a list grade none prints")
            built.append(RecommendationsBlock(items, heading, list_grade))
        for item, parent, how in self._pending_nesting:
            self.decide(
                item.lines[0],
                ids[id(item)],
                f"{how} `{ids[id(parent)]}`: drafted as nested under it"
                + (" (which keeps its own grade)" if parent.grades else " (a group heading, ungraded: the items "
                   "under it carry the grades)")
                + ": check the nesting against the slide",
            )
        for item, line, printed, waiting in self._pending_apart:
            self.decide(
                line.number,
                ids[id(item)],
                f"{printed} line(s) of grades alone, {waiting} item(s) without grades before them: line "
                f"{line.number} ({line.raw.strip()!r}) is read as the grades of `{ids[id(item)]}` (lines "
                f"{item.lines}); check against the slide",
            )
        for line, item in self._pending_checks:
            self.check_against_validator(line, ids.get(id(item), topic_id))
        for item, line in self._pending_lone:
            missing = [scale for scale in SCALES if scale not in (item.grades or {})]
            self.decide(
                line.number,
                ids[id(item)],
                f"line {line.number} prints {line.raw.strip()!r} alone, right under `{ids[id(item)]}` (line(s) "
                f"{item.lines}), whose own line prints only {_grades_text(item.grades)}: read as its "
                f"{'/'.join(SHORT_NAMES[scale] for scale in missing)} grade wrapped onto the next line? Drafted without it "
                "(its page shows the grade under review until this is decided): have the grades printed on one line "
                "as the committee confirms and run `update-source`, or correct the topic",
            )
        self._pending_checks, self._pending_lone = [], []
        by_line = {item.lines[0]: ids[id(item)] for draft in drafts for item in _all(draft.items) if id(item) in ids}
        for list_line, run, among in self._pending_among:
            before = [n for n in run if n < among[0]] or run
            self.decide(
                list_line,
                by_line.get(before[-1], topic_id),
                f"the list grade on line {list_line} is read to cover the ungraded bullet(s) on line(s) {run} "
                f"({', '.join(f'`{by_line[n]}`' for n in run if n in by_line)}), and the bullet(s) on line(s) {among} "
                f"printed among them ({', '.join(f'`{by_line[n]}`' for n in among if n in by_line)}) keep the grades "
                "they print (read as no group heading: nothing shows one): check against the slide",
            )
        self._pending_nesting, self._pending_apart, self._pending_among = [], [], []
        for draft in drafts:
            for head in _all(draft.items):
                if draft.covered or not head.head or head.gap or len(head.children) < 2:
                    continue
                for child in head.children[1:]:
                    words = sourcetext.item_text(self.source, child.lines, None).split()
                    if len(words) <= 2 or words[0][:1].islower():
                        continue  # 'q12w', 'after discontinuation ...': words that only qualify the heading
                    self.decide(
                        child.lines[0],
                        ids[id(child)],
                        f"drafted under the group heading `{ids[id(head)]}` (line {head.lines[0]}), which no blank "
                        "line sets apart from the items before it, and every bullet prints the same sign: it may "
                        "stand at the top level; check the nesting against the slide",
                    )
        for draft in drafts:
            for head in _all(draft.items):
                if draft.covered or not head.head or not head.gap or not head.children or self._nesting_shown(head):
                    continue  # (a heading no blank line sets apart: its children's decisions above)
                children = ", ".join(f"`{ids[id(child)]}`" for child in head.children if id(child) in ids)
                self.decide(
                    head.lines[0],
                    ids[id(head)],
                    f"drafted as an ungraded group heading over {children}, but nothing on the slide shows the "
                    "nesting (no sub-item sign, no indentation, no blank line closing the group, and the bullets do "
                    "not only qualify it): if they stand at the top level, move them up (and the heading's "
                    "footnote stays with it); if the heading is a recommendation, its grades are missing",
                )
        for item in awaiting:
            if not item.grades and not item.children and id(item) in ids:
                self.decide(
                    item.lines[0],
                    ids[id(item)],
                    "printed without grades on a slide that grades its items: drafted ungraded (no page of its "
                    "own); if it is a recommendation, the grades are missing from the source",
                )
        return built

    def _recommendation(self, item: _Item, parent_id: str | None, ids: dict[int, str], markers: list[str],
                        covered: bool) -> Recommendation:
        grade_line = item.grade_line if item.grade_line is not None and item.grade_line != item.lines[-1] else None
        text = sourcetext.item_text(self.source, item.lines, item.lines[-1] if item.grades and grade_line is None
                                    else None)
        identifier, tags = self._item_id(text, parent_id, item.grade_line or (item.lines[-1] if item.grades else None))
        ids[id(item)] = identifier
        if covered and item.head:
            self.decide(
                item.lines[0],
                identifier,
                "under a list grade, drafted as a group heading (ungraded): only the bullets under it carry the list "
                "grade; if it is a recommendation of its own, move its children up",
            )
        if sourcetext.debris_tail(text) or sourcetext.unread_grade(text):
            self.decide(
                item.lines[-1],
                identifier,
                f"its words end with {(sourcetext.debris_tail(text) or sourcetext.unread_grade(text).printed)!r}, "
                "which looks like (part of) a grade: words, or grades the text export mangled?",
            )
        children = tuple(self._recommendation(child, identifier, ids, markers, covered) for child in item.children)
        grades = item.grades or {}
        return Recommendation(
            id=identifier,
            text=text,
            lines=tuple(item.lines),
            loe=grades.get("loe"),
            gr=grades.get("gr"),
            ago=grades.get("ago"),
            grade_line=grade_line,
            footnote_refs=_refs(text, markers),
            tags=tuple(tags),
            children=children,
        )

    def _item_id(self, text: str, parent_id: str | None, line: int | None = None) -> tuple[str, list[str]]:
        """An id from the words (a moved item's old id and tags in a realignment); a short item under a group
        carries the group's id first ('zoledronate-iv-4-mg-q4w', not 'q4w')."""
        if line in self.pool.by_line or sourcetext.collapse(text) in self.pool.vanished:
            return self.pool.item_id(text, line)
        base = slug(text, 40)
        if parent_id and len(base) < 16:
            base = f"{parent_id}-{base}"
        return unique_id(base, self.pool.taken), []

    # --- slides without grades -----------------------------------------------------------------

    def _ungraded(self, body: list[_Line], topic_id: str, title: str, title_lines: list[int],
                  markers: list[str], citation_first: bool) -> list[Block]:
        """A slide that prints no grade: a table, trials, a list, a figure's citations and labels, or notes."""
        if not body:
            return []
        rows = [line for line in body if _marks(line.raw) is not None]
        if len(rows) >= 2:
            return self._table(body, rows, topic_id, markers)
        all_text = title + " " + " ".join(line.raw for line in body)
        if TRIAL_WORD.search(all_text) and SAMPLE_SIZE.search(all_text):
            return self._trials(body, topic_id, title, title_lines, markers)
        if any(line.bullet for line in body):
            return self._list(body, markers)
        citations = [line for line in body if CITATION.search(line.raw.strip())]
        if citations or citation_first:
            labels = [line for line in body if line not in citations]
            return [
                FigureBlock(
                    tuple(PrintedText(sourcetext.plain_text(self.source, [c.number]), (c.number,)) for c in citations),
                    tuple(PrintedText(sourcetext.plain_text(self.source, [x.number]), (x.number,)) for x in labels),
                )
            ]
        return self._notes(body, markers, topic_id)

    def _notes(self, body: list[_Line], markers: list[str], topic_id: str | None = None) -> list[Block]:
        blocks: list[Block] = []
        for paragraph in _paragraphs(body):
            numbers = [line.number for line in paragraph]
            text = sourcetext.plain_text(self.source, numbers)
            rows = [line.raw.split() for line in paragraph]
            if topic_id and len(rows) >= 3 and all(len(row) >= 3 and row[-1][-1] not in ".!?:" for row in rows):
                self.decide(numbers[0], topic_id, f"lines {numbers[0]}-{numbers[-1]} read like a table whose cells the "
                            "text does not separate: drafted as a note; make it a table where the slide shows the cells")
            kind = "caution" if CAUTION.match(paragraph[0].raw.strip()) else "note"
            blocks.append(NoteBlock(text, tuple(numbers), _refs(text, markers), kind=kind))
        return blocks

    def _list(self, body: list[_Line], markers: list[str]) -> list[Block]:
        """An ungraded list: bullets and plain lines; '-' sub-items and the bullets under a line ending ':' nest."""
        entries: list[tuple[list[int], list]] = []  # (lines, children)
        notes: list[Block] = []
        parent: tuple[list[int], list] | None = None
        last: tuple[list[int], list] | None = None
        for line in body:
            if line.kind == "caution":
                notes += self._notes([line], markers)
                continue
            words = line.words or line.raw.strip()
            if not line.bullet and last is not None and (
                CONTINUES.match(words) or OPEN_END.search(self.text(last[0][-1]).rstrip())
            ):
                last[0].append(line.number)
                continue
            entry: tuple[list[int], list] = ([line.number], [])
            if line.bullet == "-" and entries:
                entries[-1][1].append(entry)
            elif parent is not None and line.bullet and not (line.gap and parent[1]):
                parent[1].append(entry)
            else:
                entries.append(entry)
                parent = entry if words.rstrip().endswith(":") else None
            last = entry

        def build(entry: tuple[list[int], list]) -> ListItem:
            text = sourcetext.plain_text(self.source, entry[0])
            return ListItem(text, tuple(entry[0]), _refs(text, markers), tuple(build(child) for child in entry[1]))

        return [ListBlock(tuple(build(entry) for entry in entries)), *notes]

    def _table(self, body: list[_Line], rows: list[_Line], topic_id: str, markers: list[str]) -> list[Block]:
        """A table of marks ('Clodronate 1500 IV 0 + 0 0 0 Non-Amino.'): the lines above the first row are its
        column header, read into as many labels as the rows have cells."""
        first_row = rows[0].number
        cut = [_marks(line.raw) for line in rows]
        width = max(len(marks) for _, marks, _ in cut)
        trailing = any(after for _, _, after in cut)
        header = [line for line in body if line.number < first_row and line.kind != "caution"]
        others = [line for line in body if line.number not in {r.number for r in rows} and line not in header]
        labels = self._column_labels(header, 1 + width, topic_id, first_row)
        columns = [
            TableColumn(slug(label, 32) or f"column-{k}", label, tuple(lines), not lines) for k, (label, lines) in
            enumerate(labels, start=1)
        ]
        if trailing:
            columns.append(TableColumn(f"column-{len(columns) + 1}", f"Column {len(columns) + 1}", (), True))
            self.decide(first_row, topic_id, "the table's last column prints no header: name it (editorial)")
        seen: set[str] = set()
        unique_columns = []
        for column in columns:
            column_id = column.id
            number = 2
            while column_id in seen:
                column_id, number = f"{column.id}-{number}", number + 1
            seen.add(column_id)
            unique_columns.append(TableColumn(column_id, column.label, column.lines, column.editorial))
        table_rows = []
        for line, (before, marks, after) in zip(rows, cut, strict=True):
            values = [before, *marks] + ([after] if after else [])
            cells = {unique_columns[k].id: value for k, value in enumerate(values) if k < len(unique_columns)}
            table_rows.append(TableRow((line.number,), cells))
        blocks: list[Block] = [TableBlock(unique_id(f"{topic_id}-table", self.pool.taken), tuple(unique_columns),
                                          tuple(table_rows))]
        blocks += self._notes(others, markers)
        return blocks

    def _column_labels(self, header: list[_Line], count: int, topic_id: str, first_row: int
                       ) -> list[tuple[str, list[int]]]:
        """Header words as `count` labels: a word ending '-' joins the next, one starting lower case or ending
        '.' joins the one before; then the shortest neighbours printed on different lines join."""
        pieces: list[tuple[str, list[int]]] = []
        for line in header:
            for word in line.raw.split():
                if pieces and (pieces[-1][0].endswith("-") or word[:1].islower() or word.endswith(".")):
                    text, lines = pieces[-1]
                    joined = text + word if text.endswith("-") else f"{text} {word}"
                    pieces[-1] = (joined, lines + ([line.number] if line.number not in lines else []))
                else:
                    pieces.append((word, [line.number]))
        if len(pieces) == count:
            return pieces
        while len(pieces) > count:
            pairs = [
                (len(pieces[k][0]) + len(pieces[k + 1][0]), k)
                for k in range(len(pieces) - 1)
                if pieces[k][1][-1] != pieces[k + 1][1][0]
            ] or [(len(pieces[k][0]) + len(pieces[k + 1][0]), k) for k in range(len(pieces) - 1)]
            _, k = min(pairs)
            lines = pieces[k][1] + [n for n in pieces[k + 1][1] if n not in pieces[k][1]]
            pieces[k : k + 2] = [(f"{pieces[k][0]} {pieces[k + 1][0]}", lines)]
        while len(pieces) < count:
            pieces.append((f"Column {len(pieces) + 1}", []))
        self.decide(
            first_row,
            topic_id,
            f"the table's column header (lines {[line.number for line in header]}) does not split into its "
            f"{count} columns by itself: read as {[label for label, _ in pieces]}; check against the slide",
        )
        return pieces

    def _trials(self, body: list[_Line], topic_id: str, title: str, title_lines: list[int],
                markers: list[str]) -> list[Block]:
        """Trials: each opens at a bullet 'NAME trial: ...' or a line 'NAME Trial'; the lines under it until the
        next are its results, a paragraph each (arms and values are the editor's)."""
        starts = [
            index for index, line in enumerate(body)
            if (line.bullet and TRIAL_BULLET.match(line.words))
            or (TRIAL_NAME_LINE.match(line.raw.strip()) and len(line.raw.split()) <= 6)
        ]
        blocks: list[Block] = []
        if not starts:
            named = TITLE_TRIAL.match(title)
            name = named["name"].strip() if named else title
            in_title = name in title
            paragraphs = _paragraphs(body)
            citation = next((p for p in paragraphs if CITATION.search(p[0].raw.strip())), None)
            rest = [p for p in paragraphs if p is not citation]
            lines = title_lines if in_title else [line.number for line in rest[0]] if rest else title_lines
            results = rest if in_title else rest[1:]
            blocks.append(self._trial(name, lines, results, citation, not in_title or False, topic_id))
            return blocks
        if starts[0] > 0:
            blocks += self._notes(body[: starts[0]], markers)
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(body)
            part = body[start:end]
            paragraphs = _paragraphs(part)
            head = paragraphs[0]
            match = TRIAL_BULLET.match(head[0].words) if head[0].bullet else TRIAL_NAME_LINE.match(
                head[0].raw.strip())
            name = match["name"].strip()
            citation = next((p for p in paragraphs[1:] if CITATION.search(p[0].raw.strip())), None)
            results = [p for p in paragraphs[1:] if p is not citation]
            blocks.append(self._trial(name, [line.number for line in head], results, citation, False, topic_id))
        return blocks

    def _trial(self, name: str, lines: list[int], results: list[list[_Line]], citation: list[_Line] | None,
               editorial: bool, topic_id: str) -> TrialBlock:
        printed = sourcetext.plain_text(self.source, lines)
        size = SAMPLE_SIZE.search(printed)
        arms: list[Arm] = []
        trial_results = []
        for row in _rows(results):
            numbers = [line.number for line in row]
            raw = row[0].raw.strip()
            found = [ARM.fullmatch(cell) for cell in COLUMN_GAP.split(raw)]
            if len(row) == 1 and len(found) >= 2 and all(found) and not arms:
                for match in found:
                    arm_id = unique_id(slug(match["label"], 24), {arm.id for arm in arms})
                    arms.append(Arm(arm_id, match["label"].strip(), (row[0].number,), match["n"].strip()))
                continue
            cells = re.split(r"\s{2,}", raw) if len(row) == 1 else []
            text = sourcetext.plain_text(self.source, numbers)
            if arms and len(cells) == len(arms) + 1:
                values = {arm.id: cell for arm, cell in zip(arms, cells[1:], strict=True)}
                trial_results.append(TrialResult(cells[0].rstrip(":").strip(), tuple(numbers), values=values))
            elif arms and len(cells) == 2:
                trial_results.append(TrialResult(cells[0].rstrip(":").strip(), tuple(numbers), summary=cells[1]))
            else:
                endpoint = text.split(":", 1)[0].strip() if ":" in text else text
                trial_results.append(TrialResult(endpoint, tuple(numbers)))
        identifier = unique_id(slug(name, 32), self.pool.taken)
        self.decide(lines[0], identifier, "trial drafted from its lines: check its name, arms, results and values, "
                    "and write its publication (editorial)")
        return TrialBlock(
            id=identifier,
            name=name,
            lines=tuple(lines),
            arms=tuple(arms),
            results=tuple(trial_results),
            n=size["n"].rstrip(".,") if size else None,
            citation=PrintedText(sourcetext.plain_text(self.source, [c.number for c in citation]),
                                 tuple(c.number for c in citation)) if citation else None,
            name_is_editorial=editorial,
        )


def _rows(paragraphs: list[list[_Line]]) -> list[list[_Line]]:
    """A trial's result rows: each line of a paragraph, except that a line printed indented, or prose wrapped
    from prose (no columns), goes on with the row before it ('SRE after 2 years: 29.5% ...' / '    28.6% ...')."""
    rows: list[list[_Line]] = []
    for paragraph in paragraphs:
        for position, line in enumerate(paragraph):
            wrapped = position and not line.bullet and not COLUMN_GAP.search(rows[-1][-1].raw.strip())
            if position and (line.raw[:1].isspace() or (wrapped and not COLUMN_GAP.search(line.raw.strip()))):
                rows[-1].append(line)
            else:
                rows.append([line])
    return rows


def _first_line(block: Block) -> int:
    if isinstance(block, RecommendationsBlock):
        numbers = [n for item in block.items for n in item.lines]
        if block.heading:
            numbers += list(block.heading.lines)
        if block.list_grade:
            numbers.append(block.list_grade.line)
        return min(numbers)
    if isinstance(block, NoteBlock):
        return block.lines[0]
    if isinstance(block, ListBlock):
        return block.items[0].lines[0] if block.items else 0
    if isinstance(block, LinksBlock):
        return min(n for link in block.links for n in (*link.label_lines, *link.lines))
    if isinstance(block, TrialBlock):
        return block.lines[0]
    if isinstance(block, TableBlock):
        return min([n for column in block.columns for n in column.lines] + [row.lines[0] for row in block.rows])
    if isinstance(block, FigureBlock):
        return min(n for piece in block.citations + block.labels for n in piece.lines)
    return 0


def _nest(item: _Item, parent: _Item) -> None:
    item.parent = parent
    item.siblings = parent.children
    parent.children.append(item)


def _unnest(head: _Item) -> None:
    """A group heading that turns out to be an item: its children follow it at its own level."""
    container = head.siblings
    position = container.index(head) + 1 if container is not None else 0
    for child in head.children:
        child.parent, child.siblings = head.parent, container
        if container is not None:
            container.insert(position, child)
            position += 1
    head.children, head.head = [], False


def _all(items: list[_Item]) -> list[_Item]:
    found = []
    for item in items:
        found.append(item)
        found += _all(item.children)
    return found


def _last_top(block: _Block) -> _Item | None:
    return block.items[-1] if block.items else None


def _blanks(source: Sequence[str], after: int) -> int:
    count = 0
    while after + count < len(source) and not source[after + count].strip():
        count += 1
    return count


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of lines with no blank line between them."""
    found: list[list[_Line]] = []
    for line in lines:
        if found and not line.gap and line.number == found[-1][-1].number + 1:
            found[-1].append(line)
        else:
            found.append([line])
    return found


def _refs(text: str, markers: Sequence[str]) -> tuple[str, ...]:
    """The footnote markers a text carries, of those its slide defines ('Calcium ...**' -> '**')."""
    found = []
    for match in MARKERS.finditer(text):
        if match.group(0) in markers and match.group(0) not in found:
            found.append(match.group(0))
    return tuple(found)


def _marks(line: str) -> tuple[str, list[str], str] | None:
    """A table row: words, a run of three or more marks ('0 + 0 0 0'), maybe words after; else None."""
    tokens = line.split()
    best: tuple[int, int] | None = None
    start = None
    for index, token in enumerate([*tokens, ""]):
        if token in MARK:
            start = index if start is None else start
        else:
            if start is not None and index - start >= 3 and (best is None or index - start > best[1] - best[0]):
                best = (start, index)
            start = None
    if best is None or best[0] == 0:
        return None
    before = " ".join(tokens[: best[0]])
    after = " ".join(tokens[best[1] :])
    return before, tokens[best[0] : best[1]], after


def drafted_recommendations(topic: Topic) -> list[tuple[Recommendation, tuple[str | None, ...], int]]:
    """Every graded recommendation of a topic: the item, its effective grades (its own or its list's), the line
    that prints them."""
    found = []
    for block in topic.blocks:
        if isinstance(block, RecommendationsBlock):
            for item, _ in walk(block.items):
                if item.has_own_grade:
                    found.append((item, (item.loe, item.gr, item.ago), item.printed_grade_line))
                elif block.list_grade is not None and not item.children:
                    listed = block.list_grade
                    found.append((item, (listed.loe, listed.gr, listed.ago), listed.line))
    return found


def read_source(source: Sequence[str], grading: Grading, pool: IdPool | None = None) -> Reading:
    """Every slide of a source as a topic, the footer as printed metadata, and the decisions taken."""
    reader = SlideReader(source, grading, pool)
    return reader.read_source()


def read_slide(
    source: Sequence[str], first: int, last: int, slide: int, grading: Grading, pool: IdPool,
    skip: set[int] | None = None,
) -> tuple[Topic, tuple[ReadingDecision, ...]]:
    """One slide (lines first..last of `source`) as a topic, with its decisions (for the realignment)."""
    reader = SlideReader(source, grading, pool)
    topic = reader.read_slide(first, last, slide, skip)
    return topic, tuple(reader.decisions)
