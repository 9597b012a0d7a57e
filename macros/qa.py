"""The editors' QA report: counts by grade, plausibility exceptions, values kept outside the vocabulary."""

from __future__ import annotations

import re
from collections import Counter

from .grades import NOT_PRINTED, SCALES, grade_phrase, grade_text
from .index import graded_recommendations
from .model import Release, TableBlock, TrialBlock

_RELEASE_ID = re.compile(r"\b[0-9]{4}\.[0-9]+[A-Z]*\b")

# The strongest grade each Oxford level supports (grading.md): a stronger grade deserves a look.
_STRONGEST_GRADE = {"1": "A", "2": "B", "3": "B", "4": "C", "5": "D"}


def plausibility_exceptions(release: Release) -> list[str]:
    """Grades of recommendation stronger than their level of evidence allows."""
    found = []
    for indexed in graded_recommendations(release):
        if indexed.loe and indexed.gr and indexed.gr < _STRONGEST_GRADE[indexed.loe[0]]:
            found.append(
                f"{indexed.id}: {grade_phrase('gr', indexed.gr)} is stronger than {grade_phrase('loe', indexed.loe)} allows "
                f"(at most {_STRONGEST_GRADE[indexed.loe[0]]}); source line {indexed.grade_line}"
            )
    return found


def printed_version_mismatch(release: Release) -> list[str]:
    """The source's printed version names another release (e.g. a new release drafted from a source
    that still prints last year's "Version 2024.1E"): its pages would cite that version."""
    printed = release.printed.version
    named = _RELEASE_ID.findall(printed.text)
    if not named or release.id in named:
        return []
    return [
        f"the source prints {printed.text!r} (line {', '.join(map(str, printed.lines))}) but this is release "
        f"{release.id}: pages and citations will say {printed.text!r}; check the committee's source is the new one"
    ]


def outside_vocabulary(release: Release) -> list[str]:
    """Values printed by the source that the Oxford 2009 table does not define, kept as printed."""
    flagged = set(release.grading.loe.outside_vocabulary)
    return [
        f"{indexed.id}: {grade_phrase('loe', repr(indexed.loe))} is printed by the source but not defined by Oxford 2009; "
        f"source line {indexed.grade_line}"
        for indexed in graded_recommendations(release)
        if indexed.loe in flagged
    ]


def editorial_review(release: Release) -> list[str]:
    """Editorial readings that a reviewer should confirm against the printed slides."""
    notes = []
    for topic in release.topics:
        for block in topic.blocks:
            if isinstance(block, TableBlock) and block.legend_is_editorial:
                notes.append(f"{topic.id}: the legend of table '{block.id}' is editorial; the slide prints none")
            if isinstance(block, TableBlock):
                notes += [
                    f"{topic.id}: column '{column.label}' of table '{block.id}' is unlabelled on the slide"
                    for column in block.columns
                    if column.editorial
                ]
            if isinstance(block, TrialBlock) and block.name_is_editorial:
                notes.append(f"{topic.id}: the name of trial '{block.id}' is editorial; the slide names none")
    return notes


def counts(release: Release) -> dict[str, dict[str, int]]:
    graded = graded_recommendations(release)
    by = {}
    for name in SCALES:
        counter = Counter(grade_text(getattr(indexed, name)) for indexed in graded)
        order = (*getattr(release.grading, name).allowed, NOT_PRINTED)
        by[name] = {value: counter[value] for value in order if counter[value]}
    kinds = Counter(block.kind for topic in release.topics for block in topic.blocks)
    return {
        "totals": {
            "topics": len(release.topics),
            "graded items": len(graded),
            "LoE-only statements": sum(1 for i in graded if i.loe and not i.gr and not i.ago),
            "list-wide grades applied": sum(1 for i in graded if i.grade_scope == "list"),
            "trials": kinds["trial"],
            "tables": kinds["table"],
            "figures": kinds["figure"],
        },
        **by,
    }


def report_markdown(release: Release) -> str:
    """The QA report as Markdown, deterministic."""
    lines = [f"# QA report: release {release.id}", ""]
    for heading, table in counts(release).items():
        lines += [f"## {heading}", "", "| value | count |", "|---|---|"]
        lines += [f"| {key} | {value} |" for key, value in table.items()] + [""]
    for heading, entries in (
        ("Plausibility exceptions (GR stronger than LoE)", plausibility_exceptions(release)),
        ("Values outside the vocabulary (kept as printed)", outside_vocabulary(release)),
        ("For editorial review", editorial_review(release)),
    ):
        lines += [f"## {heading}", ""] + ([f"- {entry}" for entry in entries] or ["- none"]) + [""]
    return "\n".join(lines)
