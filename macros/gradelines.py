"""No grade lost in the data: what an import or an editor may get wrong about the source's graded lines.

A graded line of the source is held by exactly one grade (an item's or a list's). Each check below names a
way that fails that a generic "represented by 2 items" would not explain: two items claiming one line (a
merge half done), a note holding a graded line (its grades would show as words), a bullet under a list grade
that no item of the list holds (it would lose the list's grade), words holding a run of grades (two lines
joined into one). Each problem says where (file:line), which item, what is wrong and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from . import sourcetext
from .index import all_items
from .model import Chapter, ListBlock, ListItem, NoteBlock, RecommendationsBlock, Topic, Where
from .problems import Problem

# 'LoE GR AGO' inside words ('... q3w 1a A ++ Ibandronate ...'): the shapes the source prints.
GRADE_RUN = re.compile(r"(?:^|\s)(?P<run>[1-5][a-d]?\s+[A-D]\s+(?:\+\+|\+/-|\+|--|-))(?=\s+\S)")


def _problem(at: Where, item: str, field_name: str, message: str) -> Problem:
    line, column = at.of(field_name)
    return Problem(at.file, line, column, item, field_name, message)


def _grade_bearing(source: tuple[str, ...], number: int) -> bool:
    line = source[number - 1]
    return sourcetext.printed_grade(line) is not None or sourcetext.unread_grade(line) is not None


def shared_grade_lines(chapter: Chapter) -> dict[int, list[Problem]]:
    """Graded line -> a problem for every item after the first that claims the same line's grades."""
    source = chapter.source_lines
    claims: dict[int, list] = {}
    for _, _, item, _ in all_items(chapter):
        if item.printed_grade_line is not None:
            claims.setdefault(item.printed_grade_line, []).append(item)
    found: dict[int, list[Problem]] = {}
    for number, items in claims.items():
        first, *others = items
        for other in others:
            printed = source[number - 1].strip() if 1 <= number <= len(source) else ""
            found.setdefault(number, []).append(
                _problem(
                    other.at,
                    f"recommendation '{other.id}'",
                    "grade_line" if other.grade_line is not None else "lines",
                    f"claims the grades of source line {number} ({printed!r}), which recommendation '{first.id}' "
                    "claims too: a line's grades belong to one recommendation. If the committee merged the two "
                    f"lines, keep '{first.id}' (its words as line {number} prints them) and retire '{other.id}' in "
                    f"release.yaml with `successor: {first.id}`; if the source prints two graded lines, give each "
                    "its own line (`update-source` realigns a draft)",
                )
            )
    return found


def _text_holders(topic: Topic) -> Iterator[tuple[str, tuple[int, ...], Where]]:
    """What prints a topic's lines as words: notes, cautions and list entries (label, lines, where)."""
    for block in topic.blocks:
        if isinstance(block, NoteBlock):
            yield f"{block.kind} of topic '{topic.id}'", block.lines, block.at
        elif isinstance(block, ListBlock):
            stack: list[ListItem] = list(block.items)
            while stack:
                entry = stack.pop(0)
                yield f"list entry of topic '{topic.id}'", entry.lines, entry.at
                stack = list(entry.children) + stack


def graded_lines_as_words(chapter: Chapter) -> dict[int, list[Problem]]:
    """Graded line -> a problem where a note, caution or list entry holds it (its grades would read as words)."""
    source = chapter.source_lines
    found: dict[int, list[Problem]] = {}
    for topic in chapter.topics:
        for label, lines, at in _text_holders(topic):
            for number in lines:
                if not 1 <= number <= len(source) or sourcetext.printed_grade(source[number - 1]) is None:
                    continue
                if sourcetext.unread_grade(source[number - 1]):
                    continue  # grades that do not read are an open decision already (decisions.unread_grades)
                found.setdefault(number, []).append(
                    _problem(
                        at,
                        label,
                        "lines",
                        f"holds source line {number} ({source[number - 1].strip()!r}), which prints grades: the "
                        "site would show them as words and no recommendation would carry them. Make line "
                        f"{number} a recommendation (an item with its words, `lines: [{number}]`, `loe:`, `gr:` and "
                        "`ago:` as printed) and take the line out of this block's `lines`",
                    )
                )
    return found


def _before_list(topic: Topic, block: RecommendationsBlock) -> int:
    """The last line of what a topic prints before a list's bullets: title, layout, earlier blocks, heading."""
    lines = [*topic.title.lines, *topic.layout_lines]
    for other in topic.blocks:
        if other is block:
            break
        for mapping in _line_holders(other):
            lines += mapping
    if block.heading:
        lines += block.heading.lines
    return max(lines, default=topic.source_lines[0] - 1)


def _line_holders(block: object) -> Iterator[tuple[int, ...]]:
    if isinstance(block, RecommendationsBlock):
        for item, _ in _walk(block.items):
            yield (*item.lines, *([item.grade_line] if item.grade_line else []))
        if block.list_grade:
            yield (block.list_grade.line,)
    elif hasattr(block, "lines"):
        yield tuple(block.lines)


def _walk(items) -> Iterator[tuple[object, int]]:
    for item in items:
        yield item, 0
        yield from _walk(item.children)


def ungraded_list_bullets(chapter: Chapter, skip: AbstractSet[int] = frozenset()) -> list[Problem]:
    """A bullet printed above a list grade, after what comes before the list, that no item of the list holds
    (lines in `skip`, an open reading decision of the import, are the decision's)."""
    source = chapter.source_lines
    found = []
    for topic in chapter.topics:
        for block in topic.blocks:
            if not isinstance(block, RecommendationsBlock) or block.list_grade is None:
                continue
            grade = block.list_grade
            held = {n for item, _ in _walk(block.items) for n in item.lines}
            holders = {n: (label, at) for label, lines, at in _text_holders(topic) for n in lines}
            for number in range(_before_list(topic, block) + 1, grade.line):
                line = source[number - 1]
                if number in held or number in skip or not sourcetext.BULLET.match(line.strip()):
                    continue
                if _grade_bearing(source, number):  # a graded line: the coverage check names it
                    continue
                label, at = holders.get(number, (f"list grade of topic '{topic.id}'", grade.at))
                found.append(
                    _problem(
                        at,
                        label,
                        "lines" if number in holders else "line",
                        f"source line {number} ({line.strip()!r}) is a bullet of the list graded on line "
                        f"{grade.line} ({source[grade.line - 1].strip()!r}), but no item of that list holds it: "
                        "it would lose the list's grade. Add it to the list's `items` (an item with its words and "
                        f"`lines: [{number}]`; it takes the list grade)"
                        + (" and take the line out of this block's `lines`" if number in holders else ""),
                    )
                )
            for head in _heading_above(source, topic, block):
                if head.lines[0] in skip:
                    continue
                number = head.lines[0]
                found.append(
                    _problem(
                        head.at,
                        f"recommendation '{head.id}'",
                        "children",
                        f"source line {number} ({source[number - 1].strip()!r}) is a bullet printed in the run of "
                        f"bullets the list grade on line {grade.line} ({source[grade.line - 1].strip()!r}) covers, "
                        "but it stands as an ungraded group heading outside that list, over bullets that do not only "
                        "qualify it: it would lose the list's grade. If the list grade covers it, move it and the "
                        "bullets under it into the list's `items` at the top level (a bullet printing its own grades "
                        "keeps them); if it is a group heading, nothing on the slide shows it: have the committee's source set the "
                        "group apart (a blank line after it) and run `update-source`",
                    )
                )
    return found


def _heading_above(source: tuple[str, ...], topic: Topic, block: RecommendationsBlock) -> Iterator[object]:
    """Ungraded group headings of the topic's other blocks printed in the same run of bullets as a list's own
    (no blank line and nothing but bullets between) whose children do not only qualify them (schedules, doses,
    'with ...'; or printed with a sub-item's sign): bullets of that list drafted as headings."""
    first = min((n for item, _ in _walk(block.items) for n in item.lines), default=block.list_grade.line)
    run, number = set(), first - 1
    while number >= 1 and sourcetext.BULLET.match(source[number - 1].strip()):
        run.add(number)
        number -= 1
    for other in topic.blocks:
        if other is block or not isinstance(other, RecommendationsBlock) or other.list_grade is not None:
            continue
        for item, _ in _walk(other.items):
            if item.has_own_grade or not item.children or item.lines[0] not in run:
                continue
            bullet = sourcetext.BULLET.match(source[item.lines[0] - 1].strip()).group(0).strip()
            shown = all(
                sourcetext.qualifies(sourcetext.strip_bullet(source[child.lines[0] - 1]))
                or not source[child.lines[0] - 1].strip().startswith(bullet)
                for child in item.children
            )
            if not shown:
                yield item


def grade_runs_in_words(chapter: Chapter) -> list[Problem]:
    """Words holding a run of grades before more words ('... q3w 1a A ++ Ibandronate ...'): two lines joined."""
    found = []
    for _, _, item, _ in all_items(chapter):
        match = GRADE_RUN.search(item.text)
        if match is None:
            continue
        run = match["run"]
        found.append(
            _problem(
                item.at,
                f"recommendation '{item.id}'",
                "text",
                f"text {item.text!r} holds {run!r}, a run of grades followed by more words: the words of two graded "
                "lines joined into one item. Give each graded line its own item: this one keeps the words up to "
                f"{run!r} and those grades on its own line; the words after it are a new item on the next line "
                "(`update-source` drafts a split line so)",
            )
        )
    return found
