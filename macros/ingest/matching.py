"""Which old recommendation each graded line of the new source continues: splits, merges, rewordings in place.

The line alignment (alignment.py) follows words; a recommendation is more than its words. After it, every
old recommendation either holds lines of the new source or none, and some graded lines are held by no one.
This module settles the recommendations, slide by slide, before any YAML is edited:

- an item whose words now stand on two graded lines was split: it keeps the first, the rest is new;
- two items on one graded line were merged: the first keeps its id, the others retire with it as successor;
- an item gone from its slide whose words stand on a free graded line of the same slide was reordered;
- an item gone from between unchanged neighbours, where exactly one free graded line stands now and shares
  words with it, was reworded (or reworded and regraded) where it stands: it keeps its id. One that shares no
  word is a different recommendation; where the pairing is not clear, a decision;
- an item whose words (or nearly) stand on a free graded line of another slide moved there: it keeps its id.

Nothing here reads a grade into anything: every graded line ends as an item or an open decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .. import sourcetext
from ..grades import SCALES
from ..model import LINE_FIELDS, LINE_LIST_FIELDS
from ..yamlsource import PosDict
from .alignment import LAYOUT_LINE, Alignment
from .documents import mappings, subtree_list
from .drafting import new_item_lines
from .topics import TopicRealigner

# Words that say nothing about what a recommendation recommends.
STOP_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "be", "by", "for", "from", "if", "in", "is", "of", "on", "or", "per", "the", "to", "under", "vs", "with"]
)
# A graded line elsewhere continues a vanished item when its words are this similar (difflib ratio) and each is
# the other's best match.
MOVE_SIMILARITY = 0.75
# A new line right below an item that lost words continues it (a split) when this similar to its old words.
SPLIT_SIMILARITY = 0.6
IN_PLACE = (
    "reworded where it stands (same slide, between the same unchanged neighbours): it keeps its id; if the committee "
    "made it a different recommendation, give this line a new id and retire the old one"
)


def content_words(text: str) -> set[str]:
    """The words of `text` that carry meaning, lower case, a plural 's' aside ('Bisphosphonates' shares
    'bisphosphonate'): what 'shares no words' compares."""
    words = {word for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in STOP_WORDS}
    return {word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word for word in words}


def similarity(old: str, new: str) -> float:
    """How alike two recommendations' words are (0..1), word by word, case aside."""
    return SequenceMatcher(None, old.lower().split(), new.lower().split(), autojunk=False).ratio()


def grade_bearing(source: Sequence[str], number: int) -> bool:
    """A line whose end prints grades, read or not (a list grade is the list's, no item's)."""
    line = source[number - 1]
    if sourcetext.LIST_LIKE.match(line) or LAYOUT_LINE.match(sourcetext.collapse(line)):
        return False
    return sourcetext.printed_grade(line) is not None or sourcetext.unread_grade(line) is not None


def grades_alone(source: Sequence[str], number: int) -> bool:
    grade = sourcetext.unread_grade(source[number - 1]) or sourcetext.printed_grade(source[number - 1])
    return grade is not None and not sourcetext.strip_bullet(grade.text_before)


@dataclass
class OldItem:
    """A recommendation of the draft as it was before the new source: where it stood and what it said."""

    item: PosDict
    realigner: TopicRealigner
    topic: int  # the old slide's index
    order: int  # its place among the topic's items, in YAML order
    text: str
    grades: tuple[str | None, ...]

    @property
    def id(self) -> str:
        return str(self.item.get("id", "?"))

    @property
    def graded(self) -> bool:
        return any(self.grades)

    def new_lines(self) -> list[int]:
        return list(self.realigner.value(self.item, "lines") or [])

    def new_grade_line(self) -> int | None:
        lines = self.new_lines()
        if not lines:
            return None
        return self.realigner.value(self.item, "grade_line") or lines[-1]


@dataclass
class Matching:
    """What the matching decided, for the report, the retirements and the ids of drafted items."""

    split: dict[str, list[int]] = field(default_factory=dict)  # id -> graded lines split off it
    split_kept: dict[str, int] = field(default_factory=dict)  # id -> the graded line it keeps
    # a graded line split off an item -> that item's id, old words and old grades (the new item continues it)
    split_from: dict[int, tuple[str, str, tuple[str | None, ...]]] = field(default_factory=dict)
    merged: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (survivor id, line)
    different: dict[str, int] = field(default_factory=dict)  # id -> the line that took its place, no word shared
    ambiguous: dict[str, list[int]] = field(default_factory=dict)  # id -> candidate lines where it stood
    absorbed: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (neighbour now printing its words, line)
    elsewhere: dict[int, OldItem] = field(default_factory=dict)  # graded line of another slide -> the item moved
    line_notes: dict[int, str] = field(default_factory=dict)  # graded line of a drafted item -> what to check


def old_items(realigner: TopicRealigner, topic: int) -> list[OldItem]:
    root = realigner.root
    found = []
    for block in root.get("blocks") or []:
        if isinstance(block, PosDict) and block.get("kind") == "recommendations":
            for item in subtree_list(block.get("items") or []):
                grades = tuple(item.get(scale) for scale in SCALES)
                found.append(OldItem(item, realigner, topic, len(found), str(item.get("text") or ""), grades))
    return found


def place(entry: OldItem, lines: list[int], grade_line: int) -> None:
    """Give an item its new lines and grade line (a grade line apart from its words becomes `grade_line:`)."""
    realigner, item = entry.realigner, entry.item
    alone = len(lines) > 1 and grades_alone(realigner.new, grade_line)
    text_lines = [n for n in lines if n != grade_line] if alone else lines
    realigner.set(item, "lines", text_lines)
    if "grade_line" in item or grade_line != text_lines[-1]:
        realigner.set(item, "grade_line", grade_line)


def claimed_lines(realigners: Sequence[TopicRealigner]) -> set[int]:
    """Every new line some mapping of the draft holds after the line alignment and the matching so far."""
    claimed: set[int] = set()
    for realigner in realigners:
        for mapping in mappings(realigner.root):
            for key in (*LINE_LIST_FIELDS, *LINE_FIELDS):
                value = realigner.value(mapping, key)
                claimed.update(value if isinstance(value, list | tuple) else [value] if isinstance(value, int) else [])
    return claimed


def match(realigners: Sequence[TopicRealigner], alignment: Alignment, new: Sequence[str]) -> Matching:
    """Settle which recommendation holds which graded line of the new source (see the module's docstring)."""
    result = Matching()
    items = [entry for index, realigner in enumerate(realigners) for entry in old_items(realigner, index)]
    for entry in items:
        if entry.graded:
            _split(entry, new, result)
    claimed = claimed_lines(realigners)
    for entry in items:
        if entry.graded:
            _grades_wrapped(entry, new, claimed)
    _merge([entry for entry in items if entry.graded], new, result)
    claimed = claimed_lines(realigners)
    free = [n for n in range(1, len(new) + 1) if grade_bearing(new, n) and n not in claimed]
    slide_of: dict[int, int] = {}
    continues: dict[int, int] = {}  # old topic index -> new slide index
    for k, slide in enumerate(alignment.slides):
        slide_of.update({n: k for n in range(slide.first, slide.last + 1)})
        if slide.old_index is not None:
            continues[slide.old_index] = k
    gone = [e for e in items if e.graded and not e.new_lines() and e.id not in result.merged]

    def drafted(number: int) -> tuple[list[int], str]:
        """The lines and words an item drafted on free graded line `number` would have."""
        slide = alignment.slides[slide_of[number]]
        lines = _item_lines(new, number, slide.first, claimed)
        text_lines = [n for n in lines if n != number] if grades_alone(new, number) and len(lines) > 1 else lines
        return lines, sourcetext.item_text(new, text_lines, number)

    def take(entry: OldItem, number: int, note: str = "") -> None:
        lines, _ = drafted(number)
        place(entry, lines, number)
        if note:
            entry.realigner.notes[entry.id] = note
        claimed.update(lines)
        free.remove(number)
        gone.remove(entry)

    # the same slide, the same words: reordered (or rewrapped), never 'moved'
    for entry in list(gone):
        k = continues.get(entry.topic)
        same = [n for n in free if slide_of.get(n) == k and drafted(n)[1] == sourcetext.collapse(entry.text)]
        if k is not None and same:
            take(entry, same[0])
    # between unchanged neighbours: reworded where it stands
    windows: dict[tuple[int, int, int], list[OldItem]] = {}
    for entry in gone:
        if entry.topic not in continues:
            continue
        slide = alignment.slides[continues[entry.topic]]
        siblings = [e for e in items if e.topic == entry.topic and e not in gone and e.new_lines()]
        before = [max(e.new_lines()) for e in siblings if e.order < entry.order]
        after = [min(e.new_lines()) for e in siblings if e.order > entry.order]
        low = max(before) if before else slide.first - 1
        high = min(after) if after else slide.last + 1
        windows.setdefault((entry.topic, low, high), []).append(entry)
    for (topic, low, high), waiting in windows.items():
        candidates = [n for n in free if low < n < high]
        _pair_in_place(waiting, candidates, drafted, take, result)
        if not candidates:
            neighbours = [e for e in items if e.topic == topic and e.graded and e not in gone and e.new_lines()]
            for entry in waiting:
                merged_into = _absorbed(entry, neighbours, new, result)
                if merged_into is not None:
                    _merge_into_first(entry, merged_into, result)
                    gone.remove(entry)
    _split_beside(items, free, slide_of, continues, drafted, new, result)
    for entry in items:
        if entry.id in result.split:
            entry.realigner.notes[entry.id] = (
                f"split: the new source prints its old line as line(s) {', '.join(map(str, result.split[entry.id]))} "
                "as well, drafted as new item(s); it keeps its id on the first"
            )
    # elsewhere: the same or nearly the same words on a free graded line of another slide (or out of place)
    for entry in list(gone):
        scored = sorted(
            ((similarity(entry.text, drafted(n)[1]), n) for n in free), key=lambda found: (-found[0], found[1])
        )
        if not scored or scored[0][0] < MOVE_SIMILARITY:
            continue
        score, number = scored[0]
        rivals = [similarity(other.text, drafted(number)[1]) for other in gone if other is not entry]
        if (len(scored) > 1 and scored[1][0] == score) or any(rival >= score for rival in rivals):
            continue  # not clear which line continues which item: the retirement decision names it
        if slide_of.get(number) == continues.get(entry.topic):
            take(entry, number, "reordered within its slide and reworded: it keeps its id (check it is the same)")
        else:
            result.elsewhere[number] = entry
            free.remove(number)
            gone.remove(entry)
    return result


def _item_lines(source: Sequence[str], graded: int, first: int, claimed: set[int]) -> list[int]:
    return new_item_lines(source, graded, first, claimed)


def _split(entry: OldItem, new: Sequence[str], result: Matching) -> None:
    """Its words stand on two graded lines or more: it keeps the first; the others are drafted as new items.
    A line of grades alone after its words becomes its `grade_line` (grades wrapped onto a line of their own)."""
    lines = entry.new_lines()
    if not lines:
        return
    grade_line = entry.new_grade_line()
    every = sorted({*lines, *([grade_line] if grade_line else [])})
    graded = [n for n in every if grade_bearing(new, n)]
    if len(graded) >= 2:
        keep = graded[0]
        place(entry, [n for n in every if n <= keep], keep)
        result.split[entry.id] = graded[1:]
        result.split_kept[entry.id] = keep
        for number in graded[1:]:
            result.split_from[number] = (entry.id, entry.text, entry.grades)
            result.line_notes[number] = (
                f"split off `{entry.id}`: its old line now stands on line {keep} and this one; the first keeps the "
                "id, this one is new: check its id and tags"
            )
    elif graded and graded[0] == every[-1] and len(every) > 1 and graded[0] != grade_line:
        place(entry, every, graded[0])  # the grades wrapped onto a line of their own


def _grades_wrapped(entry: OldItem, new: Sequence[str], claimed: set[int]) -> None:
    """Its words stand on lines that print no grade, and the next line prints its grades, alone or after words
    that continue its own (no bullet): the grades wrapped onto the next line, which becomes its grade line."""
    lines = entry.new_lines()
    grade_line = entry.new_grade_line()
    if not lines or grade_line is None or grade_bearing(new, grade_line):
        return
    number = max(lines) + 1
    while number <= len(new) and not new[number - 1].strip():
        number += 1
    if number > len(new) or number in claimed or not grade_bearing(new, number):
        return
    if grades_alone(new, number) or not sourcetext.BULLET.match(new[number - 1].strip()):  # no bullet: its words go on
        place(entry, [*lines, number], number)
        claimed.add(number)


def _merge(items: Sequence[OldItem], new: Sequence[str], result: Matching) -> None:
    """Two items or more on one graded line: the first keeps it (and their lines), the others retire into it."""
    by_line: dict[int, list[OldItem]] = {}
    for entry in items:
        line = entry.new_grade_line()
        if line is not None and grade_bearing(new, line):
            by_line.setdefault(line, []).append(entry)
    for line, claimants in by_line.items():
        if len(claimants) < 2:
            continue
        survivor, *others = sorted(claimants, key=lambda e: (e.topic, e.order))
        lines = sorted({n for e in claimants for n in e.new_lines() if n <= line} | {line})
        place(survivor, lines, line)
        for other in others:
            other.realigner.set(other.item, "lines", [])
            if "grade_line" in other.item:
                other.realigner.set(other.item, "grade_line", None)
            result.merged[other.id] = (survivor.id, line)


def _absorbed(entry: OldItem, neighbours: Sequence[OldItem], new: Sequence[str], result: Matching) -> OldItem | None:
    """Gone, with no free line where it stood, while a neighbour's line gained words of its own. All of its words
    now stand there: the two were merged (returns the neighbour). Only some: perhaps merged and reworded, not
    clear enough to retire it into the neighbour: a decision (`result.absorbed`)."""
    for neighbour in sorted(neighbours, key=lambda e: abs(e.order - entry.order)):
        if abs(neighbour.order - entry.order) > 1:
            break
        grade_line = neighbour.new_grade_line()
        lines = neighbour.new_lines()
        now = sourcetext.item_text(new, lines, grade_line if grade_line in lines or grade_line is None else None)
        gained = content_words(now) - content_words(neighbour.text)
        if content_words(entry.text) & gained:
            if content_words(entry.text) <= content_words(now):
                return neighbour
            result.absorbed[entry.id] = (neighbour.id, grade_line or lines[-1])
            return None
    return None


def _merge_into_first(entry: OldItem, neighbour: OldItem, result: Matching) -> None:
    """Two neighbours now printed as one line: the first of them keeps it (and its id), the other retires into it."""
    line = neighbour.new_grade_line()
    first, other = (entry, neighbour) if entry.order < neighbour.order else (neighbour, entry)
    if first is entry:
        place(entry, neighbour.new_lines() + ([line] if line not in neighbour.new_lines() else []), line)
    other.realigner.set(other.item, "lines", [])
    if "grade_line" in other.item:
        other.realigner.set(other.item, "grade_line", None)
    result.merged[other.id] = (first.id, line)


def _split_beside(items, free, slide_of, continues, drafted, new: Sequence[str], result: Matching) -> None:
    """A free graded line right below an item that lost words, printing most of its old words: the old line was
    split in two (the item keeps its id on the first; the editor confirms)."""
    for number in list(free):
        if any(number in lines for lines in result.split.values()):
            continue  # already found split off an item whose words it holds
        above = [
            e
            for e in items
            if e.graded
            and e.new_lines()
            and continues.get(e.topic) == slide_of.get(number)
            and (e.new_grade_line() or 0) < number
        ]
        if not above:
            continue
        entry = max(above, key=lambda e: e.new_grade_line() or 0)
        between = range((entry.new_grade_line() or 0) + 1, number)
        if any(grade_bearing(new, n) for n in between):
            continue
        grade_line = entry.new_grade_line()
        lines = entry.new_lines()
        now = sourcetext.item_text(new, lines, grade_line if grade_line in lines else None)
        words = drafted(number)[1]
        if now == sourcetext.collapse(entry.text) or similarity(entry.text, words) < SPLIT_SIMILARITY:
            continue
        result.split.setdefault(entry.id, []).append(number)
        result.split_kept[entry.id] = grade_line
        result.split_from[number] = (entry.id, entry.text, entry.grades)
        result.line_notes[number] = (
            f"split off `{entry.id}`: its old line now stands on line {grade_line} and this one; the first keeps the "
            "id, this one is new: check its id and tags"
        )


def _pair_in_place(waiting: list[OldItem], candidates: list[int], drafted, take, result: Matching) -> None:
    """Items gone from between the same unchanged neighbours, and the free graded lines standing there now."""
    words = {n: drafted(n)[1] for n in candidates}
    if len(waiting) == 1 and len(candidates) == 1:
        (entry,), (number,) = waiting, candidates
        if content_words(entry.text) & content_words(words[number]):
            take(entry, number, IN_PLACE)
        else:
            result.different[entry.id] = number
        return
    if waiting and len(waiting) == len(candidates):
        # as many lines as items, in the same order: position pairs them, unless another pairing is more alike
        scores = [[similarity(e.text, words[n]) for n in candidates] for e in waiting]
        shares = [bool(content_words(e.text) & content_words(words[n])) for e, n in zip(waiting, candidates, strict=True)]
        in_order = any(shares) and all(
            not shares[k] or (scores[k][k] >= max(scores[k]) and scores[k][k] >= max(row[k] for row in scores))
            for k in range(len(waiting))
        )
        if in_order:
            for k, (entry, number) in enumerate(zip(waiting, candidates, strict=True)):
                if shares[k]:
                    take(entry, number, IN_PLACE)
                else:
                    result.different[entry.id] = number
            return
    sharing = {e.id: [n for n in candidates if content_words(e.text) & content_words(words[n])] for e in waiting}
    paired: set[int] = set()
    for entry in waiting:  # the one line sharing words with it, and with no other item waiting here: clear
        if len(sharing[entry.id]) == 1:
            number = sharing[entry.id][0]
            if [e for e in waiting if number in sharing[e.id]] == [entry]:
                take(entry, number, IN_PLACE)
                paired.add(number)
    left = [n for n in candidates if n not in paired]
    for entry in waiting:
        if sharing[entry.id] and sharing[entry.id][0] in paired:
            continue
        if sharing[entry.id]:
            result.ambiguous[entry.id] = sharing[entry.id]
            for number in sharing[entry.id]:
                result.line_notes[number] = f"it may continue `{entry.id}`: see that id's decision"
        elif len(left) == 1:
            result.different[entry.id] = left[0]


def retirement_decision(identifier: str, matching: Matching, new: Sequence[str]) -> str:
    """What the editor must decide about a recommendation the draft retires, with what the matching saw."""
    write = "write the reason in release.yaml `retired:`"
    if identifier in matching.merged:
        survivor, line = matching.merged[identifier]
        return (
            f"merged: line {line} now prints its words together with `{survivor}`, which keeps its id; the draft "
            f"names `{survivor}` as its `successor:`: confirm it and {write}, or have the source corrected"
        )
    if identifier in matching.ambiguous:
        lines = matching.ambiguous[identifier]
        printed = "; ".join(f"line {n}: {sourcetext.collapse(new[n - 1])!r}" for n in lines)
        return (
            f"not clear which line continues it: where it stood the new source prints {printed}, drafted as new "
            f"items; if one of them continues it, give that item the id `{identifier}` back (and delete this "
            f"retirement), else {write} (and `successor:` where one replaces it)"
        )
    if identifier in matching.absorbed:
        neighbour, line = matching.absorbed[identifier]
        return (
            f"perhaps merged: line {line} (`{neighbour}`, its neighbour) now prints words of it; if the committee "
            f"merged the two, name `{neighbour}` as its `successor:` and {write}; if not, {write}"
        )
    if identifier in matching.different:
        line = matching.different[identifier]
        return (
            f"where it stood, line {line} prints {sourcetext.collapse(new[line - 1])!r}, which shares no word with "
            f"it: drafted as a different recommendation; {write} (and `successor:` if the new one replaces it)"
        )
    return (
        f"the new source no longer prints it: {write} (and `successor:` where another recommendation replaces it)"
    )


def split_decision(identifier: str, matching: Matching) -> str:
    """The open decision for a split line: the draft's reading, and what to do if the other line continues it."""
    kept, others = matching.split_kept[identifier], matching.split[identifier]
    lines = ", ".join(map(str, others))
    return (
        f"split: the old line of `{identifier}` now stands on line {kept} and line(s) {lines}; the draft keeps "
        f"`{identifier}` on line {kept} and drafts line(s) {lines} as new item(s). Confirm that line {kept} "
        f"continues it (if another one does, move the id there and the new id here)"
    )
