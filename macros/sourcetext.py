"""Reading the verbatim source: slide lines, graded lines, and text joined as printed.

Pure functions over the source's lines (1-based line numbers), shared by the validator and
the tests that prove the data matches the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

BULLET = re.compile(r"^(?:§|-)\s+")
GRADE_TAIL = re.compile(r"(?:^|\s)(?P<loe>[1-5][a-d]?)(?:\s+(?P<gr>[A-D]))?(?:\s+(?P<ago>\+\+|\+/-|\+|--|-))?\s*$")
AGO_ONLY_TAIL = re.compile(r"(?:^|\s)(?P<ago>\+\+|\+/-|--)\s*$")
LIST_GRADE = re.compile(r"^\s*Oxford LoE:\s*(?P<loe>\S+)\s+GR:\s*(?P<gr>\S+)\s+AGO:\s*(?P<ago>\S+)\s*$")


@dataclass(frozen=True)
class PrintedGrade:
    """The grades printed at the end of one source line, and the text before them."""

    loe: str | None
    gr: str | None
    ago: str | None
    text_before: str


def collapse(text: str) -> str:
    """Whitespace as the reader sees it: single spaces, none at the ends."""
    return " ".join(text.split())


def printed_grade(line: str) -> PrintedGrade | None:
    """The grades a source line ends with, or None if it carries none."""
    listed = LIST_GRADE.match(line)
    if listed:
        return PrintedGrade(listed["loe"], listed["gr"], listed["ago"], "")
    for pattern in (GRADE_TAIL, AGO_ONLY_TAIL):
        match = pattern.search(line)
        if match:
            found = match.groupdict()
            return PrintedGrade(found.get("loe"), found.get("gr"), found.get("ago"), line[: match.start()])
    return None


def strip_bullet(line: str) -> str:
    return BULLET.sub("", line.strip())


def join_printed(parts: Sequence[str]) -> str:
    """Join wrapped lines as a reader reads them: a word split after a hyphen is rejoined."""
    joined = ""
    for part in (collapse(part) for part in parts):
        if not part:
            continue
        if joined and not (joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha()):
            joined += " "
        joined += part
    return joined


def graded_line_numbers(source: Sequence[str]) -> list[int]:
    """Every line of the source that prints a grade (1-based)."""
    return [number for number, line in enumerate(source, start=1) if printed_grade(line) is not None]


def item_text(source: Sequence[str], lines: Sequence[int], grade_line: int | None) -> str:
    """The text an item's lines print, bullets and the trailing grade removed."""
    parts = []
    for number in lines:
        line = source[number - 1]
        if number == grade_line:
            grade = printed_grade(line)
            line = grade.text_before if grade else line
        parts.append(strip_bullet(line))
    return join_printed(parts)


def plain_text(source: Sequence[str], lines: Sequence[int]) -> str:
    return join_printed([strip_bullet(source[number - 1]) for number in lines])
