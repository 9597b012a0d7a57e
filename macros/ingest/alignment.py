"""Aligning an old verbatim source with the committee's new one, line by line and slide by slide.

Pure functions over two tuples of source lines. Lines are compared on their words (whitespace
collapsed), so a line whose spacing changed is the same line; a paragraph rewrapped onto other
line breaks keeps its words and maps onto the new lines that carry them; a slide moved elsewhere
is found again by its content. Built on `difflib.SequenceMatcher` (standard library).

The result maps every old line number (1-based) to the new line numbers that carry its words
(empty where the line is gone), and cuts the new source into slides: each either continues an
old slide (by index) or is new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..sourcetext import BULLET, debris_alone, grades_alone, printed_grade

# The first line of a slide in the text export: one leading space, then the title.
SLIDE_TITLE = re.compile(r"^ \S")
# Printed column headers of a graded slide; they belong to the slide's layout.
LAYOUT_LINE = re.compile(r"^(?:Oxford|LoE GR AGO|Oxford\s*[-/].*|LoE\s*/\s*GR.*)$")
# A line joins an old one when at least this share of the old line's words is found in it.
KEEP_SHARE = 0.5
# A slide counts as moved when this share of its lines, matched elsewhere, is similar enough.
MOVE_SIMILARITY = 0.5


@dataclass(frozen=True)
class NewSlide:
    """A slide of the new source: its first and last line, and the old slide it continues (or None)."""

    first: int
    last: int
    old_index: int | None


@dataclass(frozen=True)
class Alignment:
    """Old line -> new lines carrying its words; the new source cut into slides; removed old slides."""

    line_map: dict[int, tuple[int, ...]]
    slides: tuple[NewSlide, ...]
    removed_slides: tuple[int, ...]
    moved_slides: tuple[int, ...]

    def lines(self, old_lines: Sequence[int]) -> tuple[int, ...]:
        """Where a list of old line numbers stands now: sorted, each once; empty when all are gone."""
        return tuple(sorted({new for old in old_lines for new in self.line_map.get(old, ())}))

    def line(self, old_line: int) -> int | None:
        """Where one old line stands now (the last new line carrying its words), or None."""
        found = self.line_map.get(old_line, ())
        return found[-1] if found else None


def words(line: str) -> tuple[str, ...]:
    return tuple(line.split())


def _content_positions(line: str) -> set[int]:
    """Positions of the words that say something (no bullet, no trailing grade) in `line`'s words."""
    tokens = line.split()
    start = 1 if BULLET.match(line.strip()) else 0
    grade = printed_grade(line)
    end = len(grade.text_before.split()) if grade else len(tokens)
    positions = set(range(start, max(start, end)))
    return positions or set(range(len(tokens)))


def _refine(
    old: Sequence[str], new: Sequence[str], old_numbers: Sequence[int], new_numbers: Sequence[int]
) -> dict[int, set[int]]:
    """Word-level alignment of a block of changed lines: rewraps and rewordings keep their line."""
    old_tokens = [(n, k, w) for n, line in zip(old_numbers, old, strict=False) for k, w in enumerate(line.split())]
    new_tokens = [(n, w) for n, line in zip(new_numbers, new, strict=False) for w in line.split()]
    matcher = SequenceMatcher(None, [w for _, _, w in old_tokens], [w for _, w in new_tokens], autojunk=False)
    found: dict[int, set[int]] = {}
    matched: dict[int, set[int]] = {}
    contents = {number: _content_positions(line) for number, line in zip(old_numbers, old, strict=False)}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            number, position, _ = old_tokens[block.a + offset]
            if position in contents[number]:  # a bullet or a grade token matched elsewhere carries no words there
                found.setdefault(number, set()).add(new_tokens[block.b + offset][0])
            matched.setdefault(number, set()).add(position)
    result = {}
    for number in old_numbers:
        content = contents[number]
        if content and len(matched.get(number, set()) & content) / len(content) >= KEEP_SHARE:
            result[number] = found[number]
    return result


def _align_lines(
    old_source: Sequence[str], new_source: Sequence[str], old_numbers: Sequence[int], new_numbers: Sequence[int]
) -> dict[int, set[int]]:
    """Line-level alignment of non-blank lines (words compared), refined word by word where they differ."""
    old = [" ".join(words(old_source[n - 1])) for n in old_numbers]
    new = [" ".join(words(new_source[n - 1])) for n in new_numbers]
    mapping: dict[int, set[int]] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                mapping[old_numbers[i1 + offset]] = {new_numbers[j1 + offset]}
        elif tag == "replace":
            mapping.update(_refine(old[i1:i2], new[j1:j2], old_numbers[i1:i2], new_numbers[j1:j2]))
            if i2 - i1 == j2 - j1:  # a line of grades alone misread ('1b' -> 'Ib') stays that line
                for offset in range(i2 - i1):
                    before, after = old_numbers[i1 + offset], new_numbers[j1 + offset]
                    if before not in mapping and grades_alone(old[i1 + offset]) and debris_alone(new[j1 + offset]):
                        mapping[before] = {after}
    return mapping


def _runs(numbers: Sequence[int], taken: set[int]) -> list[list[int]]:
    """Contiguous runs (in non-blank order) of new line numbers no old line maps to."""
    runs, current = [], []
    for number in numbers:
        if number in taken:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(number)
    return runs + ([current] if current else [])


def align(old_source: Sequence[str], new_source: Sequence[str], old_slides: Sequence[tuple[int, int]]) -> Alignment:
    """Align two sources. `old_slides` are the old topics' [first, last] lines in order.

    Raises ValueError when `old_slides` do not tile the old source (fix the draft first).
    """
    old_numbers = [n for n, line in enumerate(old_source, start=1) if line.strip()]
    new_numbers = [n for n, line in enumerate(new_source, start=1) if line.strip()]
    mapping = _align_lines(old_source, new_source, old_numbers, new_numbers)
    slide_of = {n: index for index, (first, last) in enumerate(old_slides) for n in range(first, last + 1)}
    moved = []
    # A slide whose lines mostly found no place moved elsewhere, or was removed: look for it among new runs.
    for index, (first, last) in enumerate(old_slides):
        numbers = [n for n in old_numbers if first <= n <= last]
        if not numbers or sum(n in mapping for n in numbers) * 2 >= len(numbers):
            continue
        taken = {m for targets in mapping.values() for m in targets}
        best, best_ratio = None, MOVE_SIMILARITY
        slide_words = [word for n in numbers for word in words(old_source[n - 1])]
        for run in _runs(new_numbers, taken):
            run_words = [word for n in run for word in words(new_source[n - 1])]
            matcher = SequenceMatcher(None, slide_words, run_words, autojunk=False)
            ratio = sum(block.size for block in matcher.get_matching_blocks()) / max(len(slide_words), 1)
            if ratio >= best_ratio:
                best, best_ratio = run, ratio
        if best is not None:
            for n in numbers:
                mapping.pop(n, None)
            mapping.update(_align_lines(old_source, new_source, numbers, best))
            moved.append(index)
    line_map = {n: tuple(sorted(mapping.get(n, ()))) for n in range(1, len(old_source) + 1)}
    slides, removed = _cut_slides(old_source, new_source, old_slides, line_map, new_numbers, slide_of)
    moved_in_order = _moved_in_order(slides, moved)
    return Alignment(line_map, tuple(slides), tuple(removed), tuple(moved_in_order))


def _moved_in_order(slides: Sequence[NewSlide], candidates: Sequence[int]) -> list[int]:
    """Old slides found again elsewhere whose place among the others changed."""
    order = [slide.old_index for slide in slides if slide.old_index is not None]
    return [index for index in candidates if index in order and order.index(index) != sorted(order).index(index)]


def _cut_slides(
    old_source: Sequence[str],
    new_source: Sequence[str],
    old_slides: Sequence[tuple[int, int]],
    line_map: dict[int, tuple[int, ...]],
    new_numbers: Sequence[int],
    slide_of: dict[int, int],
) -> tuple[list[NewSlide], list[int]]:
    """The new source's slides: where each old slide's lines went, plus new slides in the gaps."""
    where: dict[int, set[int]] = {}
    for old, targets in line_map.items():
        if old in slide_of:
            where.setdefault(slide_of[old], set()).update(targets)
    removed = [index for index in range(len(old_slides)) if not where.get(index)]
    alive = sorted((min(where[i]), i) for i in range(len(old_slides)) if where.get(i))
    starts: list[tuple[int, int | None]] = []
    title_kept = {
        index: any(line_map.get(n) for n in range(first, last + 1) if old_source[n - 1].strip())
        and bool(line_map.get(_first_nonblank(old_source, first, last)))
        for index, (first, last) in enumerate(old_slides)
    }
    previous_end = 0
    for position, (start, index) in enumerate(alive):
        first = old_slides[index][0]
        leading = _first_nonblank(old_source, first, old_slides[index][1]) - first
        while leading and start - 1 > previous_end and not new_source[start - 2].strip():
            start, leading = start - 1, leading - 1  # blank lines opening the slide stay with it
        gap = [n for n in new_numbers if previous_end < n < start]
        if gap and not title_kept[index]:
            start = gap[0]  # the slide was retitled: its new title stands in the gap before it
        elif len(gap) >= 2 and (SLIDE_TITLE.match(new_source[gap[0] - 1]) or position == 0):
            starts.append((gap[0], None))  # a new slide
        starts.append((start, index))
        previous_end = max(where[index])
    tail = [n for n in new_numbers if n > previous_end]
    if len(tail) >= 2 and SLIDE_TITLE.match(new_source[tail[0] - 1]):
        starts.append((tail[0], None))
    if not starts:
        starts = [(1, None)]
    starts[0] = (1, starts[0][1])
    slides = [
        NewSlide(start, (starts[k + 1][0] - 1) if k + 1 < len(starts) else len(new_source), index)
        for k, (start, index) in enumerate(starts)
    ]
    return slides, removed


def _first_nonblank(source: Sequence[str], first: int, last: int) -> int:
    return next((n for n in range(first, last + 1) if source[n - 1].strip()), first)
