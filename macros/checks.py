"""Cross-item rules and consistency with the verbatim source. Each returns problems, never raises."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from . import gradelines, sourcetext
from .grades import LABELS, NONE, SCALES, allowed_grades, allowed_text, values_text
from .index import all_items, graded_recommendations, walk
from .model import (
    Chapter,
    FigureBlock,
    Grading,
    LinksBlock,
    ListBlock,
    ListItem,
    NoteBlock,
    PrintedText,
    Recommendation,
    RecommendationsBlock,
    Release,
    TableBlock,
    Topic,
    TrialBlock,
    Where,
    named_lines,
)
from .problems import Problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RELEASE_ID_PATTERN = re.compile(r"^[0-9]{4}\.[0-9]+[A-Z]*$")
STATUSES = ("draft", "published")
LOOKALIKES = {
    "\u2212": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\uff0b": "+",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
}


def _problem(at: Where, item: str, field_name: str, message: str) -> Problem:
    line, column = at.of(field_name)
    return Problem(at.file, line, column, item, field_name, message)


def shorten(value: str, limit: int = 120) -> str:
    """A value quoted for a message, cut so a pasted essay does not flood the report."""
    return repr(value if len(value) <= limit else value[: limit - 3] + "...")


def describe_value(value: str) -> str:
    """Show a value so look-alike characters are visible: '−' becomes 'U+2212 MINUS SIGN'."""
    hidden = [f"U+{ord(char):04X} {unicodedata.name(char, '?')}" for char in value if char in LOOKALIKES]
    return shorten(value) + (f" (contains {', '.join(hidden)})" if hidden else "")


def check_grades(release: Release) -> Iterator[Problem]:
    grading: Grading = release.grading
    graded = [(f"recommendation '{item.id}'", item) for _, _, item, _ in all_items(release)]
    graded += [
        (f"list grade in topic '{topic.id}'", block.list_grade)
        for topic in release.topics
        for block in topic.blocks
        if isinstance(block, RecommendationsBlock) and block.list_grade
    ]
    for label, holder in graded:
        for field_name, scale in (("loe", grading.loe), ("gr", grading.gr), ("ago", grading.ago)):
            value = getattr(holder, field_name)
            if value is not None and value not in scale.allowed:
                yield _problem(
                    holder.at,
                    label,
                    field_name,
                    f"{describe_value(value)} is not a valid "
                    f"{LABELS[field_name]}; allowed: {', '.join(scale.allowed)}",
                )


def check_ids(release: Release) -> Iterator[Problem]:
    """Every id is a slug (ids become URLs and anchors) and unique in its namespace."""
    seen: dict[str, str] = {}
    things = [("chapter", chapter.id, chapter.metadata.at, "chapter") for chapter in release.chapters]
    things += [("topic", topic.id, topic.at, "item") for topic in release.topics]
    things += [("recommendation", item.id, item.at, "item") for _, _, item, _ in all_items(release)]
    things += [
        (block.kind, block.id, block.at, "item")
        for topic in release.topics
        for block in topic.blocks
        if isinstance(block, (TrialBlock, TableBlock))
    ]
    things += [("section", section.id, section.at, "section") for section in release.sections]
    things += [("flow", flow.id, flow.at, "flow") for flow in release.flows]
    things += [
        (f"flow '{flow.id}' node", node.id, node.at, f"flow {flow.id}") for flow in release.flows for node in flow.nodes
    ]
    things += [("case", case.id, case.at, "case") for case in release.cases]
    for kind, identifier, at, namespace in things:
        label = f"{kind} '{identifier}'"
        if not ID_PATTERN.match(identifier):
            yield _problem(
                at,
                label,
                "id",
                f"{describe_value(identifier)} is not a valid id; allowed: lowercase "
                "ASCII letters and digits in words joined by single hyphens",
            )
        key = f"{namespace}:{identifier}"
        if key in seen:
            scope = "its flow" if namespace.startswith("flow ") else "a release"
            yield _problem(at, label, "id", f"id is already used by {seen[key]}; ids must be unique in {scope}")
        else:
            seen[key] = f"{label} at {at.file}:{at.line}"


def _footnote_holders(topic: Topic) -> Iterator[tuple[str, tuple[str, ...], Where]]:
    yield f"topic '{topic.id}' title", topic.title.footnote_refs, topic.title.at
    for block in topic.blocks:
        if isinstance(block, NoteBlock):
            yield f"topic '{topic.id}' {block.kind}", block.footnote_refs, block.at
        if isinstance(block, ListBlock):
            for entry in _list_items(block.items):
                yield f"topic '{topic.id}' list item", entry.footnote_refs, entry.at
    for _, _, item, _ in all_items_of(topic):
        yield f"recommendation '{item.id}'", item.footnote_refs, item.at


def all_items_of(topic: Topic) -> Iterator[tuple[Topic, RecommendationsBlock, Recommendation, tuple[str, ...]]]:
    """Every recommendation item of one topic, with its block and context."""
    for block in topic.blocks:
        if isinstance(block, RecommendationsBlock):
            for item, context in walk(block.items):
                yield topic, block, item, context


def _list_items(items: tuple[ListItem, ...]) -> Iterator[ListItem]:
    for entry in items:
        yield entry
        yield from _list_items(entry.children)


def check_references(release: Release) -> Iterator[Problem]:
    for chapter in release.chapters:
        yield from _check_chapter_references(chapter)


def _check_chapter_references(chapter: Chapter) -> Iterator[Problem]:
    """A chapter's sections list its own topics, each once; footnotes and block references resolve."""
    topic_ids = [topic.id for topic in chapter.topics]
    placed: dict[str, str] = {}
    for section in chapter.sections:
        for topic_id in section.topics:
            if topic_id not in topic_ids:
                yield _problem(
                    section.at,
                    f"section '{section.id}'",
                    "topics",
                    f"unknown topic id {topic_id!r} in chapter '{chapter.id}'; known: {', '.join(topic_ids)}",
                )
            elif topic_id in placed:
                yield _problem(
                    section.at,
                    f"section '{section.id}'",
                    "topics",
                    f"topic {topic_id!r} is already in section {placed[topic_id]!r}",
                )
            placed[topic_id] = section.id
    for topic in chapter.topics:
        if topic.id not in placed:
            yield _problem(topic.at, f"topic '{topic.id}'", "id", "topic is in no section of its chapter's sections.yaml")
        markers = [footnote.marker for footnote in topic.footnotes]
        for label, refs, at in _footnote_holders(topic):
            for ref in refs:
                if ref not in markers:
                    allowed = ", ".join(markers) or "none (the topic has no footnotes)"
                    yield _problem(at, label, "footnote_refs", f"footnote {ref!r} is not defined; defined: {allowed}")
        for block in topic.blocks:
            yield from _check_block_references(topic, block)


def _check_block_references(topic: Topic, block: object) -> Iterator[Problem]:
    if isinstance(block, RecommendationsBlock) and block.list_grade:
        for _, _, item, _ in all_items_of(topic):
            # a bullet printed with grades of its own among the bullets a list grade covers keeps them; the grades
            # of the list's own line belong to the list alone ('give one or the other')
            if (
                item.has_own_grade
                and item.printed_grade_line == block.list_grade.line
                and any(item is top or item in top.children for top in block.items)
            ):
                yield _problem(
                    item.at,
                    f"recommendation '{item.id}'",
                    "loe",
                    "item carries its own grade inside a list with a list_grade; give one or the other",
                )
    if isinstance(block, RecommendationsBlock):
        for _, _, item, _ in all_items_of(topic):
            if item.grade_line is not None and not item.has_own_grade:
                yield _problem(
                    item.at,
                    f"recommendation '{item.id}'",
                    "grade_line",
                    "grade_line is given but the item has no grade",
                )
    if isinstance(block, TrialBlock):
        arm_ids = [arm.id for arm in block.arms]
        for result in block.results:
            for arm_id in result.values:
                if arm_id not in arm_ids:
                    yield _problem(
                        result.at,
                        f"trial '{block.id}'",
                        f"values.{arm_id}",
                        f"unknown arm {arm_id!r}; arms: {', '.join(arm_ids)}",
                    )
    if isinstance(block, TableBlock):
        column_ids = [column.id for column in block.columns]
        for row in block.rows:
            for column_id in row.cells:
                if column_id not in column_ids:
                    yield _problem(
                        row.at,
                        f"table '{block.id}'",
                        f"cells.{column_id}",
                        f"unknown column {column_id!r}; columns: {', '.join(column_ids)}",
                    )


def check_metadata(release: Release, folder_name: str) -> Iterator[Problem]:
    metadata = release.metadata
    if metadata.id != folder_name:
        yield _problem(metadata.at, "release", "id", f"{metadata.id!r} does not match its folder {folder_name!r}")
    if not RELEASE_ID_PATTERN.match(metadata.id):
        yield _problem(
            metadata.at,
            "release",
            "id",
            f"{describe_value(metadata.id)} is not a release id; "
            "allowed: year.number with optional language letters, e.g. 2024.1E",
        )
    if metadata.status not in STATUSES:
        yield _problem(
            metadata.at, "release", "status", f"{metadata.status!r} is not allowed; allowed: {', '.join(STATUSES)}"
        )
    carried = {item.id for _, _, item, _ in all_items(release)}
    for entry in metadata.grade_removals:
        label = f"grade removal '{entry.id}'"
        if entry.id not in carried:
            yield _problem(
                entry.at,
                label,
                "id",
                "is no recommendation of this release; `grade_removals:` confirms grades a recommendation it "
                "carries no longer prints (an id it no longer carries goes under `retired:`)",
            )
        wrong = [scale for scale in entry.grades if scale not in SCALES]
        if wrong or not entry.grades:
            yield _problem(
                entry.at,
                label,
                "grades",
                f"{list(entry.grades)} must name the grades no longer printed; allowed: loe, gr, ago",
            )
    for chapter in release.chapters:
        slides = [topic.slide for topic in chapter.topics]
        if slides != list(range(1, len(slides) + 1)):
            wrong = next(topic for number, topic in enumerate(chapter.topics, start=1) if topic.slide != number)
            yield _problem(
                wrong.at,
                f"topic '{wrong.id}'",
                "slide",
                f"slide numbers must run 1..n in file order within chapter '{chapter.id}'; got {slides} "
                "(`update-source` renumbers them)",
            )


# --- consistency with the source -------------------------------------------------------------


def _lines_in_range(topic: Topic, lines: Sequence[int], at: Where, label: str, field_name: str) -> Iterator[Problem]:
    start, end = topic.source_lines
    for number in lines:
        if not start <= number <= end:
            yield _problem(at, label, field_name, f"line {number} is outside the topic's source lines {start}-{end}")


def check_recommendation_against_source(release: Release, topic: Topic, item) -> list[Problem]:
    """The item's text stands on its lines (of its chapter's source), and its own grades on its grade line."""
    source = release.chapter_of(topic).source_lines
    label = f"recommendation '{item.id}'"
    problems = list(
        _lines_in_range(topic, (*item.lines, *([item.grade_line] if item.grade_line else [])), item.at, label, "lines")
    )
    if problems:
        return problems
    debris = sourcetext.debris_grade(
        source, item.lines, item.printed_grade_line, item.text, (item.loe, item.gr, item.ago)
    )
    if debris is not None:  # words and grades kept: an open decision (macros/decisions.py) until the line reads
        return [*problems, *_grades_in_text(release, item, label)]
    printed = sourcetext.item_text(source, item.lines, item.printed_grade_line)
    if sourcetext.collapse(item.text) != printed:
        problems.append(
            _problem(
                item.at,
                label,
                "text",
                f"text {shorten(item.text)} differs from the source lines "
                f"{list(item.lines)}, which print {shorten(printed)}",
            )
        )
    if not set(item.lines) & _decided_lines(release):  # words that end like grades: an open reading decision
        problems += _grades_in_text(release, item, label)
    grade_line = item.printed_grade_line
    if grade_line is not None and sourcetext.unread_grade(source[grade_line - 1]):
        return problems  # an open decision (macros/decisions.py) until the source line reads as grades
    if grade_line is not None:
        grade = sourcetext.printed_grade(source[grade_line - 1]) or sourcetext.lone_sign(source[grade_line - 1])
        printed_grades = (grade.loe, grade.gr, grade.ago) if grade else (None, None, None)
        if printed_grades != (item.loe, item.gr, item.ago):
            differing = [
                scale
                for scale, mine, theirs in zip(
                    SCALES, (item.loe, item.gr, item.ago), printed_grades, strict=True
                )
                if mine != theirs
            ]
            field_name = differing[0] if differing[0] in item.at.value_positions else "loe"
            problems.append(
                _problem(
                    item.at,
                    label,
                    field_name,
                    f"the {' and the '.join(LABELS[scale] for scale in differing)} "
                    f"{'differs' if len(differing) == 1 else 'differ'}: grades "
                    f"{values_text((item.loe, item.gr, item.ago), NONE)} differ from line {grade_line} of the source, "
                    f"which prints {values_text(printed_grades, NONE) if grade else 'no grade'}",
                )
            )
    return problems


def _grades_in_text(release: Release, item: Recommendation, label: str) -> list[Problem]:
    """An item's words must not end with grades ('177Lu-EDTMP 2b F +'): they would show as words, ungraded."""
    unread = sourcetext.unread_grade(item.text)
    grade = sourcetext.printed_grade(item.text)
    debris = sourcetext.debris_tail(item.text)
    if unread:
        tail = unread.printed
    elif grade and grade.loe and (grade.gr or grade.ago):
        tail = item.text[len(grade.text_before) :].strip()
    elif debris:
        tail, unread = debris, True  # 'la A', '1a a ++.', 'Ib', '1 b': a grade misread into the words
    else:
        return []
    allowed = allowed_grades(release.grading)
    understood = "" if not unread else f": {sourcetext.explain_unread(tail, allowed)}"
    choices = allowed_text(allowed)
    return [
        _problem(
            item.at,
            label,
            "text",
            f"text {shorten(item.text)} ends with {tail!r}, which looks like grades{understood}"
            + ("" if unread else f" (allowed: {choices})")
            + ". Grades go in `loe:`, `gr:` and `ago:`, not in the words: if the source prints them on its line, "
            "take them from there; if it prints what is not a grade, have the source corrected and run "
            "`update-source`",
        )
    ]


def _printed(source: Sequence[str], piece: PrintedText, label: str, field_name: str) -> Iterator[Problem]:
    printed = sourcetext.plain_text(source, piece.lines)
    if sourcetext.collapse(piece.text) != printed:
        yield _problem(
            piece.at,
            label,
            field_name,
            f"{shorten(piece.text)} differs from source lines {list(piece.lines)}, which print {shorten(printed)}",
        )


def _contains(
    source: Sequence[str], lines: Sequence[int], values: dict[str, str | None], at: Where, label: str
) -> Iterator[Problem]:
    printed = sourcetext.plain_text(source, lines)
    for field_name, value in values.items():
        if value is not None and sourcetext.collapse(value) not in printed:
            yield _problem(at, label, field_name, f"{shorten(value)} does not stand in source lines {list(lines)}")


def check_block_against_source(release: Release, topic: Topic, block: object) -> Iterator[Problem]:
    """Every text, number and symbol of a non-recommendation block stands where it says (in its chapter's source)."""
    source = release.chapter_of(topic).source_lines
    label = f"topic '{topic.id}'"
    if isinstance(block, RecommendationsBlock):
        if block.heading:
            yield from _printed(source, block.heading, label, "heading")
        if block.list_grade:
            grade = sourcetext.printed_grade(source[block.list_grade.line - 1])
            printed = (grade.loe, grade.gr, grade.ago) if grade else None
            wanted = (block.list_grade.loe, block.list_grade.gr, block.list_grade.ago)
            unread = sourcetext.unread_grade(source[block.list_grade.line - 1])
            if printed != wanted and not unread:  # unread: an open decision (macros/decisions.py)
                yield _problem(
                    block.list_grade.at,
                    label,
                    "list_grade",
                    f"grades {values_text(wanted, NONE)} differ from "
                    f"line {block.list_grade.line}, which prints "
                    f"{values_text(printed, NONE) if printed else 'no grade'}",
                )
    elif isinstance(block, NoteBlock):
        yield from _printed(source, PrintedText(block.text, block.lines, at=block.at), label, "text")
    elif isinstance(block, ListBlock):
        if block.heading:
            yield from _printed(source, block.heading, label, "heading")
        for entry in _list_items(block.items):
            yield from _printed(source, PrintedText(entry.text, entry.lines, at=entry.at), label, "text")
    elif isinstance(block, LinksBlock):
        for link in block.links:
            for number in link.lines:
                yield from _contains(source, [number], {"url": link.url}, link.at, label)
            if link.label_lines:
                yield from _printed(source, PrintedText(link.label, link.label_lines, at=link.at), label, "label")
    elif isinstance(block, FigureBlock):
        for piece in block.citations + block.labels:
            yield from _printed(source, piece, label, "text")
    elif isinstance(block, TrialBlock):
        trial = f"trial '{block.id}'"
        yield from _contains(
            source,
            block.lines,
            {"name": None if block.name_is_editorial else block.name, "population": block.population, "n": block.n},
            block.at,
            trial,
        )
        for piece, field_name in ((block.design, "design"), (block.citation, "citation")):
            if piece:
                yield from _printed(source, piece, trial, field_name)
        for arm in block.arms:
            yield from _contains(
                source,
                arm.lines,
                {"label": arm.label, "n": arm.n, "schedule": arm.schedule},
                arm.at,
                f"{trial} arm '{arm.id}'",
            )
        for result in block.results:
            fields = {
                "endpoint": result.endpoint,
                "timepoint": result.timepoint,
                "summary": result.summary,
                "p": result.p,
                "hr": result.hr,
                "ci": result.ci,
                "ci_level": result.ci_level,
            }
            fields.update({f"values.{arm}": value for arm, value in result.values.items()})
            yield from _contains(source, result.lines, fields, result.at, trial)
    elif isinstance(block, TableBlock):
        table = f"table '{block.id}'"
        for column in block.columns:
            if not column.editorial:
                yield from _contains(source, column.lines, {"label": column.label}, column.at, table)
        for row in block.rows:
            cells = [row.cells[column.id] for column in block.columns if column.id in row.cells]
            printed = sourcetext.plain_text(source, row.lines)
            if " ".join(sourcetext.collapse(cell) for cell in cells) != printed:
                yield _problem(
                    row.at,
                    table,
                    "cells",
                    f"cells {cells} differ from source lines {list(row.lines)}, which print {shorten(printed)}",
                )


def claimed_lines(topic: Topic) -> set[int]:
    """Every source line that some part of the topic says it represents."""
    return named_lines(topic)


def printed_claimed_lines(chapter: Chapter) -> set[int]:
    """The lines of a chapter's source that chapter.yaml's `printed` claims (the slide footer)."""
    return named_lines(chapter.metadata.printed)


def check_source_coverage(release: Release) -> Iterator[Problem]:
    """In every chapter: its topics tile its source; every printed line is represented; every graded line
    exactly once."""
    for chapter in release.chapters:
        yield from check_chapter_coverage(chapter)


def check_chapter_coverage(chapter: Chapter) -> Iterator[Problem]:
    """One chapter's topics tile its source; every printed line is represented; every graded line once."""
    source = chapter.source_lines
    expected_start, previous = 1, None
    for topic in chapter.topics:
        start, end = topic.source_lines if len(topic.source_lines) == 2 else (0, -1)
        if start != expected_start or end < start:
            yield _problem(
                topic.at, f"topic '{topic.id}'", "source_lines", _tiling_hint(topic, previous, expected_start)
            )
        expected_start, previous = end + 1, topic
    if expected_start != len(source) + 1 and chapter.topics:
        last = chapter.topics[-1]
        yield _problem(
            last.at,
            f"topic '{last.id}'",
            "source_lines",
            f"topics end at line {expected_start - 1} but the source has {len(source)} lines: the last slide "
            f"{last.slide} ('{last.id}') must end at line {len(source)}",
        )
    owner = {n: topic for topic in chapter.topics for n in range(topic.source_lines[0], topic.source_lines[-1] + 1)}
    claimed_by_release = printed_claimed_lines(chapter)
    for topic in chapter.topics:
        claimed = claimed_lines(topic)
        for number in sorted(claimed):
            if owner.get(number) is not topic:
                yield _problem(
                    topic.at, f"topic '{topic.id}'", "source_lines", f"claims line {number}, which is outside it"
                )
            elif not source[number - 1].strip():
                yield _problem(topic.at, f"topic '{topic.id}'", "source_lines", f"claims line {number}, which is blank")
    all_claimed = claimed_by_release | {n for topic in chapter.topics for n in claimed_lines(topic)}
    all_claimed |= _decided_lines(chapter)  # the import could not place it: an open reading decision says so
    for number, line in enumerate(source, start=1):
        if line.strip() and number not in all_claimed:
            yield _at_topic(chapter, number, f"source line {number} is represented by nothing: {line.strip()!r}")
    grade_owners: dict[int, list[str]] = {}
    for indexed in graded_recommendations(chapter):
        if indexed.grade_scope == "item":
            grade_owners.setdefault(indexed.grade_line, []).append(indexed.id)
    for topic in chapter.topics:
        for block in topic.blocks:
            if isinstance(block, RecommendationsBlock) and block.list_grade:
                grade_owners.setdefault(block.list_grade.line, []).append(f"list grade of topic '{topic.id}'")
    decided = _decided_lines(chapter)
    shared, as_words = gradelines.shared_grade_lines(chapter), gradelines.graded_lines_as_words(chapter)
    as_words = {number: found for number, found in as_words.items() if number not in decided}
    for number in sorted(as_words):
        yield from as_words[number]
    yield from gradelines.ungraded_list_bullets(chapter, skip=decided)
    yield from gradelines.grade_runs_in_words(chapter)
    for number in sourcetext.graded_line_numbers(source):
        owners = grade_owners.get(number, [])
        if number in shared:
            yield from shared[number]
        elif len(owners) != 1 and not (not owners and (number in decided or number in as_words)):
            yield _at_topic(
                chapter,
                number,
                f"graded source line {number} ({source[number - 1].strip()!r}) "
                f"is represented by {len(owners)} items, not exactly one: {owners}",
            )
    unread = {n for n in grade_owners if 1 <= n <= len(source) and sourcetext.unread_grade(source[n - 1])}
    for _, _, item, _ in all_items(chapter):
        grades = (item.loe, item.gr, item.ago)
        if item.printed_grade_line in grade_owners and sourcetext.debris_grade(
            source, item.lines, item.printed_grade_line, item.text, grades
        ):
            unread.add(item.printed_grade_line)
    unread |= {n for n in grade_owners if 1 <= n <= len(source) and sourcetext.lone_sign(source[n - 1])}
    for number in sorted(set(grade_owners) - set(sourcetext.graded_line_numbers(source)) - unread):
        yield _at_topic(chapter, number, f"{grade_owners[number]} claim grades on line {number}, which prints none")


def _decided_lines(chapter: Chapter) -> set[int]:
    """Lines of a chapter's source an open reading decision of the import names (its decisions.yaml): what they
    print is still to be settled, so a grade-like end there is the decision's, not an error, until the editor
    deletes the entry."""
    return {entry.line for entry in chapter.reading_decisions}


def _tiling_hint(topic: Topic, previous: Topic | None, expected_start: int) -> str:
    """Why a topic's source_lines do not follow the previous topic's, and which slide to change."""
    start = topic.source_lines[0] if topic.source_lines else 0
    shape = f"{list(topic.source_lines)} must be [first, last] and start at line {expected_start}, right after the "
    if previous is None:
        return shape + "start of the source"
    before = f"slide {previous.slide} ('{previous.id}', {previous.at.file})"
    if start > expected_start:
        gap = (
            f"line {expected_start} belongs"
            if start - 1 == expected_start
            else (f"lines {expected_start}-{start - 1} belong")
        )
        return (
            f"{gap} to no topic: if it ends the previous slide, extend {before} to end at line {start - 1}; "
            f"if it opens this one, start this slide at line {expected_start}"
        )
    if 0 < start < expected_start:
        return (
            f"lines {start}-{expected_start - 1} are claimed twice: {before} ends at line {expected_start - 1}; "
            f"end it at line {start - 1}, or start this slide at line {expected_start}"
        )
    return shape + f"previous topic, {before}"


def _covering_topic(chapter: Chapter, number: int) -> Topic | None:
    for topic in chapter.topics:
        if len(topic.source_lines) == 2 and topic.source_lines[0] <= number <= topic.source_lines[1]:
            return topic
    return None


def _at_topic(chapter: Chapter, number: int, message: str) -> Problem:
    """A problem about source line `number` of a chapter, placed in the topic file whose slide holds that line."""
    topic = _covering_topic(chapter, number)
    if topic is None:
        return Problem(chapter.metadata.at.file, 1, 1, f"chapter '{chapter.id}'", "source", message)
    return _problem(topic.at, f"topic '{topic.id}'", "source_lines", message)


def check_release(release: Release, folder_name: str) -> list[Problem]:
    """Every rule over a loaded release."""
    problems = [
        *check_metadata(release, folder_name),
        *check_ids(release),
        *check_grades(release),
        *check_references(release),
    ]
    if problems:
        return problems
    for chapter in release.chapters:
        problems += check_chapter_source(release, chapter)
    return problems


def check_chapter_source(release: Release, chapter: Chapter) -> list[Problem]:
    """Everything of one chapter against its source; one problem naming `update-source` where the
    source moved under the data (the other chapters are checked on their own)."""
    problems = []
    for topic in chapter.topics:
        problems += [
            p
            for _, _, item, _ in all_items_of(topic)
            for p in check_recommendation_against_source(release, topic, item)
        ]
        problems += [p for block in topic.blocks for p in check_block_against_source(release, topic, block)]
        problems += [p for footnote in topic.footnotes for p in check_footnote(release, topic, footnote)]
    printed = chapter.metadata.printed
    for piece, name in (
        (printed.copyright, "copyright"),
        (printed.guideline, "guideline"),
        (printed.version, "version"),
        (printed.website, "website"),
    ):
        problems += list(_printed(chapter.source_lines, piece, f"chapter '{chapter.id}'", f"printed.{name}"))
    problems += list(check_chapter_coverage(chapter))
    shift = shifted_source(chapter)
    if problems and shift:
        return [shift_problem(release, chapter, shift, len(problems))]
    return problems


MAX_SHIFT = 80


def shifted_source(chapter: Chapter) -> dict[int, int] | None:
    """Shift (lines) -> how many recommendations stand that many lines away from their line numbers.

    None unless at least three recommendations, and most of those whose text no longer matches, are
    found intact a fixed number of lines away: then the source changed under the data.
    """
    source = chapter.source_lines
    found: dict[int, int] = {}
    mismatched = 0
    for indexed in graded_recommendations(chapter):
        item = indexed.recommendation
        grade_line = item.printed_grade_line
        numbers = (*item.lines, *([grade_line] if grade_line else []))
        if all(1 <= n <= len(source) for n in numbers) and sourcetext.collapse(item.text) == sourcetext.item_text(
            source, item.lines, grade_line
        ):
            continue
        mismatched += 1
        for shift in sorted(range(-MAX_SHIFT, MAX_SHIFT + 1), key=abs)[1:]:
            moved = [n + shift for n in item.lines]
            if all(1 <= n <= len(source) for n in (*moved, *([grade_line + shift] if grade_line else []))) and (
                sourcetext.collapse(item.text)
                == sourcetext.item_text(source, moved, grade_line + shift if grade_line else None)
            ):
                found[shift] = found.get(shift, 0) + 1
                break
    explained = sum(found.values())
    return found if explained >= 3 and explained * 2 >= mismatched else None


def shift_problem(release: Release, chapter: Chapter, shift: dict[int, int], hidden: int) -> Problem:
    """One problem instead of hundreds: the chapter's source moved; name the command that realigns it."""
    common = max(shift, key=lambda k: shift[k])
    spread = f"{min(shift):+d} to {max(shift):+d} lines" if len(shift) > 1 else f"{common:+d} lines"
    line, column = chapter.metadata.source.at.of("file")
    return Problem(
        chapter.metadata.at.file,
        line,
        column,
        f"chapter '{chapter.id}'",
        "source.file",
        f"{sum(shift.values())} recommendations stand {spread} away from their line numbers (most often "
        f"{common:+d}): the source changed under the data, so {hidden} problem(s) about the source are not listed "
        f"one by one. Put the previous source back in {chapter.id}/source/ and run `python -m scripts.guideline "
        f"update-source {release.id} --chapter {chapter.id} NEW-SOURCE.txt`: it moves every line reference and reports each real change",
    )


def check_footnote(release: Release, topic: Topic, footnote) -> Iterator[Problem]:
    printed = sourcetext.plain_text(release.chapter_of(topic).source_lines, footnote.lines)
    label = f"topic '{topic.id}' footnote {footnote.marker!r}"
    if not printed.startswith(footnote.marker) or sourcetext.collapse(
        printed[len(footnote.marker) :]
    ) != sourcetext.collapse(footnote.text):
        yield _problem(
            footnote.at,
            label,
            "text",
            f"{shorten(footnote.marker + ' ' + footnote.text)} differs from source "
            f"lines {list(footnote.lines)}, which print {shorten(printed)}",
        )
    if footnote.url and footnote.url not in footnote.text:
        yield _problem(footnote.at, label, "url", "url must stand in the footnote's text")
