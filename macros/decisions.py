"""Open decisions of a draft release: what only an editor can settle before it is published.

`new-release --source` and `update-source` leave placeholders instead of guesses: a retirement
whose reason starts with PLACEHOLDER_REASON, a flow or case that still cites a removed id. A draft
with open decisions loads, validates, diffs and builds (with --drafts); `publish` refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import sourcetext
from .grades import SCALES, SHORT_NAMES, allowed_grades, grades_text
from .index import all_items, graded_recommendations
from .model import Chapter, Grading, Release
from .releaseorder import earlier_releases, previous_published
from .releases import item_ids

PLACEHOLDER_REASON = "DECISION NEEDED:"
# How these messages have always named a grade the data holds none of (Python's None as text); kept
# unchanged by the refactor that moved grade wording to macros/grades.py (grades.NONE reads better).
KEPT_MISSING = "None"


@dataclass(frozen=True, order=True)
class Decision:
    """One thing an editor must decide: where it stands, which id, what to do."""

    file: str
    line: int
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.item}: {self.message}"


def is_placeholder(reason: str) -> bool:
    return reason.strip().startswith(PLACEHOLDER_REASON)


def pending_retirements(release: Release) -> set[str]:
    """Ids this release retires, with or without a reason given yet."""
    return {entry.id for entry in release.metadata.retired}


def open_decisions(releases: tuple[Release, ...], release: Release) -> list[Decision]:
    """Every decision left in `release`: placeholder reasons, citations of retired ids, ids dropped silently."""
    def placeholder(entry, what: str) -> list[Decision]:  # a retirement or grade removal still to explain
        return [Decision(entry.at.file, entry.at.line, entry.id, what)] if is_placeholder(entry.reason) else []

    found = []
    for entry in release.metadata.retired:
        found += placeholder(
            entry,
            "retired with a placeholder reason: write why the committee removed it (`reason:`), and "
            "`successor:` where another recommendation replaces it",
        )
    carried = item_ids(release)
    graded = {indexed.id for indexed in graded_recommendations(release)}
    for flow in release.flows:
        for node in flow.nodes:
            for cited in node.recommendations:
                if cited not in carried:
                    what = "a retired recommendation: cite its successor or rewrite the step"
                elif cited not in graded:
                    what = "a recommendation that no longer prints grades: cite a graded recommendation or rewrite the step"
                else:
                    continue
                line, _ = node.at.of("recommendations")
                found.append(Decision(node.at.file, line, cited, f"flow '{flow.id}' node '{node.id}' cites {what}"))
    for case in release.cases:
        for cited in case.expected.recommendations:
            if cited not in carried:
                what = "a retired recommendation"
            elif cited not in graded:
                what = "a recommendation that no longer prints grades"
            else:
                continue
            line, _ = case.expected.at.of("recommendations")
            found.append(
                Decision(case.at.file, line, cited, f"case '{case.id}' expects {what}: update the case with its flow")
            )
    found += unread_grades(release)
    found += [
        Decision(entry.at.file, entry.at.line, entry.item, f"source line {entry.line}: {entry.decision} (then delete "
                 "this entry)")
        for entry in release.reading_decisions
    ]
    for entry in release.metadata.grade_removals:
        found += placeholder(
            entry,
            f"grades no longer printed ({', '.join(SHORT_NAMES.get(g, g) for g in entry.grades)}) with a "
            "placeholder reason: confirm with the committee and write why (`reason:`), or correct the "
            "source and run `update-source`",
        )
    if release.metadata.status == "draft":
        found += dropped_without_retirement(releases, release)
        found += grades_lost_without_confirmation(releases, release)
    return sorted(set(found))




def unread_grade_message(
    source_file: str, number: int, line: str, grading: Grading, kept: str, printed: str | None = None
) -> str:
    """The decision for a source line whose end looks like grades but is not read: where, what, allowed, to do.

    `kept` says what the data holds meanwhile (e.g. the previous release's words and grades); `printed` is the
    unread end when only the item's words tell it (grade debris, `sourcetext.debris_grade`).
    """
    if printed is None:
        unread = sourcetext.unread_grade(line)
        printed = unread.printed if unread else line.strip()
    return (
        f"line {number} of {source_file} prints {line.strip()!r}; its end {printed!r} looks like grades but is "
        f"not understood: {sourcetext.explain_unread(printed, allowed_grades(grading))}. {kept}To do: have line "
        f"{number} corrected as the committee confirms"
        + (", e.g. '-' for a typographic dash," if any(c in sourcetext.TYPOGRAPHIC_DASHES for c in printed) else "")
        + " and run `update-source` with the corrected source"
    )


def unread_grades(release: Release) -> list[Decision]:
    """Every source line whose end looks like grades but is not read: at the item (or topic) that holds it,
    chapter by chapter (line numbers count per chapter)."""
    return [decision for chapter in release.chapters for decision in _unread_grades(release, chapter)]


def _unread_grades(release: Release, chapter: Chapter) -> list[Decision]:
    source = chapter.source_lines
    unread: dict[int, str | None] = {n: None for n, line in enumerate(source, start=1) if sourcetext.unread_grade(line)}
    unread.update(debris_lines(chapter))
    if not unread:
        return []
    file = chapter.source_name
    holder: dict[int, tuple[str, str, int, str]] = {}
    for topic in chapter.topics:
        for number in range(topic.source_lines[0], topic.source_lines[-1] + 1):
            holder.setdefault(number, (topic.at.file, f"topic {topic.id}", topic.at.line, ""))
        for block in topic.blocks:
            listed = getattr(block, "list_grade", None)
            if listed is not None:
                kept = (
                    f"The data keeps the list grade {grades_text(listed, KEPT_MISSING)}"
                    " until then. "
                )
                holder[listed.line] = (listed.at.file, f"list grade of topic {topic.id}", listed.at.line, kept)
    for _, _, item, _ in all_items(chapter):
        for number in (*item.lines, *([item.grade_line] if item.grade_line else [])):
            kept = (
                f"The data keeps the grades {grades_text(item, KEPT_MISSING)} "
                f"with the words {item.text!r} until then. "
                if item.has_own_grade
                else ""
            )
            holder[number] = (item.at.file, item.id, item.at.line, kept)
    found = []
    for number in sorted(unread):
        where, identifier, at_line, kept = holder.get(number, (chapter.metadata.at.file, "source", 1, ""))
        message = unread_grade_message(file, number, source[number - 1], release.grading, kept, unread[number])
        found.append(Decision(where, at_line, identifier, message))
    return found


def debris_lines(chapter: Chapter) -> dict[int, str]:
    """Grade line -> its unread end, for items whose line prints fewer grades than they hold and whose words on it
    are theirs followed by grade debris (`sourcetext.debris_grade`): the data kept words and grades."""
    found = {}
    for _, _, item, _ in all_items(chapter):
        line = item.printed_grade_line
        grades = (item.loe, item.gr, item.ago)
        if line is None or not any(grades):
            continue
        debris = sourcetext.debris_grade(chapter.source_lines, item.lines, line, item.text, grades)
        if debris is not None:
            found[line] = debris.printed
    return found


def grades_lost_without_confirmation(releases: tuple[Release, ...], release: Release) -> list[Decision]:
    """Recommendations graded in the last published release before this draft that it still carries with fewer
    grades, where `grade_removals:` in release.yaml does not confirm each grade lost."""
    previous = previous_published(releases, release)
    if previous is None:
        return []
    before = {indexed.id: indexed for indexed in graded_recommendations(previous)}
    now = {indexed.id: indexed for indexed in graded_recommendations(release)}
    items = {item.id: item for _, _, item, _ in all_items(release)}
    confirmed: dict[str, set[str]] = {}
    for entry in release.metadata.grade_removals:
        confirmed.setdefault(entry.id, set()).update(entry.grades)
    found = []
    for identifier, was in before.items():
        if identifier not in items:
            continue  # dropped or retired: decided elsewhere
        lost = [s for s in SCALES if getattr(was, s) is not None and getattr(now.get(identifier), s, None) is None]
        missing = [s for s in lost if s not in confirmed.get(identifier, set())]
        if not missing:
            continue
        item = items[identifier]
        old = grades_text(was, KEPT_MISSING)
        found.append(
            Decision(
                item.at.file,
                item.at.line,
                identifier,
                f"graded in release {previous.id} ({old}; {was.text!r}) but here without its "
                f"{', '.join(SHORT_NAMES[s] for s in missing)}: if the committee removed "
                f"{'it' if len(missing) == 1 else 'them'} on purpose, confirm under `grade_removals:` in "
                f"release.yaml: - {{id: {identifier}, grades: [{', '.join(missing)}], reason: \"...\"}}; "
                "otherwise correct the source and run `update-source`",
            )
        )
    return found


def dropped_without_retirement(releases: tuple[Release, ...], release: Release) -> list[Decision]:
    """Ids of the last published release before this draft that it neither carries nor retires."""
    previous = previous_published(releases, release)
    if previous is None:
        return []
    missing = item_ids(previous) - item_ids(release) - pending_retirements(release)
    retired_before = {entry.id for r in earlier_releases(releases, release.id) for entry in r.metadata.retired}
    return [
        Decision(
            release.metadata.at.file,
            release.metadata.at.of("retired")[0],
            identifier,
            f"id of release {previous.id} is dropped without a retirement: keep it, or add it under "
            "`retired:` with a reason (and a successor where there is one)",
        )
        for identifier in sorted(missing - retired_before)
    ]


def under_review(release: Release) -> frozenset[str]:
    """Ids of recommendations an open reading decision names or whose lines it names: a grade they lack may be
    one the source prints but the import could not take, so their pages say so (grades.UNDER_REVIEW)."""
    if not release.reading_decisions:
        return frozenset()
    named = {entry.item for entry in release.reading_decisions}
    lines = {entry.line for entry in release.reading_decisions}
    return frozenset(
        item.id
        for _, _, item, _ in all_items(release)
        if item.id in named or lines & {*item.lines, *([item.grade_line] if item.grade_line else [])}
    )
