"""The review report of a realignment: every change and every decision left, as REVIEW.md and for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import grades
from ..compare import word_diff
from ..grades import NONE, grade_phrase, grade_text
from ..model import Grading

REPORT_NAME = "REVIEW.md"


@dataclass
class Change:
    """One thing the realignment changed or left to decide, for the review report."""

    kind: str  # reworded, regraded, new, retired, new-topic, removed-topic, moved-topic, text, trial, table, cited,
    # comment
    item: str
    file: str
    source_line: int | None = None
    old: str = ""
    new: str = ""
    grades: tuple[tuple[str, str | None, str | None, str], ...] = ()
    decision: str = ""
    note: str = ""  # what an editor should check that is no decision (e.g. what a removed slide held)

    @property
    def open(self) -> bool:
        return bool(self.decision)


@dataclass
class Report:
    release: str
    old_source: str
    new_source: str
    changes: list[Change] = field(default_factory=list)
    edited_lines: int = 0
    files: int = 0
    grading: Grading | None = None
    removals: list[tuple[str, tuple[str, ...], int, str]] = field(default_factory=list)  # id, scales, line, printed
    unread_lines: set[int] = field(default_factory=set)
    ungraded: set[str] = field(default_factory=set)  # ids that print no grade any more (no page of their own)
    chapter: str = ""  # the chapter realigned; no other chapter's file changes

    @property
    def decisions(self) -> list[Change]:
        return [change for change in self.changes if change.open]




def direction(grading: Grading, scale: str, old: str | None, new: str | None) -> str:
    """A regrade's direction on the scale (macros/grades.py); where it has none, whether the grade is now or
    no longer printed."""
    how = grades.direction(getattr(grading, scale), old, new)
    if how != "changed":
        return how
    return "now printed" if old is None else "no longer printed" if new is None else "changed"




TITLES = {
    "reworded": "Reworded (the new source's words were taken)",
    "regraded": "Regraded (the new source's grades were taken)",
    "new": "New recommendations (drafted from unclaimed graded lines: check id, tags and nesting)",
    "unread": "Grades not understood (words and grades kept as they were: the source line must be corrected)",
    "retired": "Retired (no longer printed)",
    "new-topic": "New slides (placed in the section of the slide before them)",
    "removed-topic": "Removed slides",
    "moved-topic": "Moved slides",
    "split": "Split lines (the id stays on the first: confirm, then delete the entry in decisions.yaml)",
    "context": "Reworded in context (the group heading they are nested under was reworded)",
    "moved": "Moved to another slide (the id is kept; words and grades as the new source prints them)",
    "text": "Other printed text",
    "trial": "Trial figures",
    "table": "Table cells",
    "unplaced": "Items left without a line",
    "cited": "Flows and cases citing retired recommendations",
    "comment": "Comments citing source lines (renumbered with their lines: check their words)",
    "editorial": "Search terms and slide links (search.yaml, informs.yaml) that pointed at what is gone",
}


def grades_change(grades: Sequence[tuple[str, str | None, str | None, str]]) -> str:
    """'LoE 1a -> 1b (downgraded), AGO ++ -> + (downgraded)'; a new item's grades as printed: 'LoE 2b, GR B, AGO +'
    (commas, as `diff` prints grades: the report separates its parts with semicolons)."""
    return ", ".join(
        grade_phrase(s, new)
        if how == "new"
        else grade_phrase(s, old, NONE)
        if how == "was"
        else f"{grade_phrase(s, old)} (kept)"
        if how == "kept"
        else f"{grade_phrase(s, old, NONE)} -> {grade_text(new, NONE)} ({how})"
        for s, old, new, how in grades
    )


def entry_markdown(change: Change) -> str:
    where = f"{change.file}" + (f", source line {change.source_line}" if change.source_line else "")
    parts = [f"`{change.item}` ({where})"]
    if change.old and change.new and change.old != change.new:
        parts.append(f"words: {word_diff(change.old, change.new)}")
    elif change.new and not change.old:
        parts.append(f"words: {change.new}")
    elif change.old and change.kind in ("retired", "removed-topic"):
        parts.append(f"was: {change.old}")
    if change.grades:
        parts.append(f"grades: {grades_change(change.grades)}")
    if change.note:
        parts.append(f"**check:** {change.note}")
    if change.decision:
        parts.append(f"**decision:** {change.decision}")
    return "- " + "; ".join(parts)


def report_markdown(report: Report) -> str:
    """The review report: decisions first, then every change by kind, in source order."""
    out = [
        f"# Review of draft {report.release}, chapter {report.chapter}: new source {report.new_source}",
        "",
        f"Realigned from {report.old_source}. {len(report.changes)} change(s); "
        f"{len(report.decisions)} decision(s) left to the editor; {report.edited_lines} YAML line(s) edited in "
        f"{report.files} file(s). `publish` refuses the draft until every decision is taken.",
        "",
        "## Decisions left",
        "",
        *([entry_markdown(change) for change in report.decisions] or ["None."]),
        "",
    ]
    for kind, title in TITLES.items():
        entries = [entry_markdown(change) for change in report.changes if change.kind == kind]
        if entries:
            out += [f"## {title}", "", *entries, ""]
    return "\n".join(out)


def report_text(report: Report) -> str:
    """The short version for the terminal."""
    counts: dict[str, int] = {}
    for change in report.changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items()) or "no changes"
    lines = [
        f"realigned {report.release} to {report.new_source}: {summary}",
        f"{report.edited_lines} YAML line(s) edited in {report.files} file(s)",
    ]
    lines += [f"decision: {change.file}: {change.item}: {change.decision}" for change in report.decisions]
    lines += [
        f"check: {change.file}: {change.item}: the new source no longer has this slide; it {change.note}"
        for change in report.changes
        if change.kind == "removed-topic" and not change.open
    ]
    return "\n".join(lines) + "\n"
