"""Drafting what the new source adds: new items on continuing slides, new slides as new topics."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .. import sourcetext
from ..grades import NONE, SCALES, values_text
from ..model import Grading, ReadingDecision
from ..yamlsource import PosDict, PosList
from .alignment import LAYOUT_LINE
from .documents import subtree
from .ids import IdPool
from .review import Change, Report, direction
from .topics import TopicRealigner
from .yamledit import flow_mapping, flow_value


def is_graded(source: Sequence[str], number: int) -> bool:
    return sourcetext.printed_grade(source[number - 1]) is not None


def title_lines(source: Sequence[str], first: int, last: int) -> list[int]:
    """A new slide's title: its first non-blank lines up to the first blank, layout or graded line."""
    lines = []
    for number in range(first, last + 1):
        line = source[number - 1]
        if not line.strip():
            if lines:
                break
            continue
        if (
            LAYOUT_LINE.match(sourcetext.collapse(line))
            or is_graded(source, number)
            or sourcetext.BULLET.match(line.strip())
        ):
            break
        lines.append(number)
    return lines


def new_item_lines(source: Sequence[str], graded: int, first: int, claimed: set[int]) -> list[int]:
    """The lines of an item whose grade stands on `graded`: back to its bullet over unclaimed text lines."""
    lines = [graded]
    if sourcetext.BULLET.match(source[graded - 1].strip()):
        return lines
    number = graded - 1
    while number >= first:
        text = source[number - 1]
        if text.strip():
            if number in claimed or is_graded(source, number) or LAYOUT_LINE.match(sourcetext.collapse(text)):
                break
            lines.insert(0, number)
            if sourcetext.BULLET.match(text.strip()):
                break
        number -= 1
    return lines




def new_item(source: Sequence[str], lines: list[int], graded: int, pool: IdPool) -> dict[str, object]:
    text = sourcetext.item_text(source, lines, graded)
    grade = sourcetext.printed_grade(source[graded - 1])
    identifier, tags = pool.item_id(text, graded)
    item: dict[str, object] = {"id": identifier, "text": text, "lines": lines}
    if graded != lines[-1]:
        item["grade_line"] = graded
    for scale in SCALES:
        item[scale] = getattr(grade, scale)
    item["tags"] = tags or None
    return item


def new_topic_text(
    topic_id: str,
    slide: int,
    first: int,
    last: int,
    title: list[int],
    layout: list[int],
    source: Sequence[str],
    blocks: list[str],
) -> str:
    out = [
        "# New slide of the committee's new source, drafted by `new-release --source`: check the id, the",
        "# section (sections.yaml) and the blocks.",
        f"id: {topic_id}",
        f"slide: {slide}",
        f"source_lines: [{first}, {last}]",
        f"title: {flow_mapping({'text': sourcetext.plain_text(source, title), 'lines': title})}",
    ]
    if layout:
        out.append(f"layout_lines: {flow_value(layout)}")
    out.append("blocks:")
    out += blocks
    return "\n".join(out) + "\n"



def slide_items(source: Sequence[str], first: int, last: int, claimed: set[int], pool: IdPool):
    """Items for every unclaimed graded line of a slide, and the unclaimed text left over (as notes)."""
    items = []
    for number in range(first, last + 1):
        if is_graded(source, number) and number not in claimed:
            lines = new_item_lines(source, number, first, claimed)
            text_lines = (
                [n for n in lines if n != number]
                if not sourcetext.printed_grade(source[number - 1]).text_before.strip() and len(lines) > 1
                else lines
            )
            item = new_item(source, text_lines, number, pool)
            claimed.update(lines)
            items.append(item)
    notes, current = [], []
    for number in range(first, last + 1):
        if source[number - 1].strip() and number not in claimed:
            current.append(number)
        elif current and source[number - 1].strip():
            notes.append(current)
            current = []
    return items, notes + ([current] if current else [])


def vanish(pool: IdPool, item: PosDict) -> None:
    """Remember the graded items of a vanished entry by their words, should they stand elsewhere now."""
    for node in subtree(item):
        if isinstance(node.get("text"), str) and any(node.get(scale) for scale in SCALES):
            tags = [str(tag) for tag in node.get("tags") or []]
            pool.vanished.setdefault(sourcetext.collapse(node["text"]), (str(node.get("id")), tags))


def new_change(item: dict[str, object], file: str, line: int, pool: IdPool, grading: Grading) -> Change:
    """A drafted item's entry in the report: new, or moved here from another slide (with its regrade, if any)."""
    identifier = str(item["id"])
    if identifier in pool.moved:
        old_text, old_grades = pool.origin.get(identifier, (str(item["text"]), tuple(item[s] for s in SCALES)))
        grades = tuple(
            (scale, was, item[scale], direction(grading, scale, was, item[scale]))
            for scale, was in zip(SCALES, old_grades, strict=True)
            if was != item[scale]
        )
        return Change("moved", identifier, file, line, old=old_text, new=str(item["text"]), grades=grades)
    if line in pool.split_from:  # the line it was split from, with the grades that changed
        origin, old_text, old_grades = pool.split_from[line]
        grades = tuple(
            (scale, was, item[scale], "kept" if was == item[scale] else direction(grading, scale, was, item[scale]))
            for scale, was in zip(SCALES, old_grades, strict=True)
        )
        note = (
            f"split off `{origin}` (was {old_text!r}, {values_text(old_grades, NONE)}): drafted as new with "
            f"`replaces: [{origin}]`, so `diff` and What changed show it against that line; check its id and tags"
        )
        return Change("new", identifier, file, line, old=old_text, new=str(item["text"]), grades=grades, note=note)
    grades = tuple((scale, None, item[scale], "new") for scale in SCALES if item[scale])
    return Change(
        "new", identifier, file, line, new=str(item["text"]), grades=grades, note=pool.line_notes.get(line, "")
    )


def add_new_items(
    realigner: TopicRealigner, source, first: int, last: int, claimed: set[int], pool: IdPool, report: Report
) -> None:
    """Unclaimed graded lines of a continuing slide become draft items next to the item before them.

    Where the source shows the level, the item takes it: a line between a group's heading and its first
    member is the group's first member; a `§` bullet after a `-` sub-item closes that sub-list (the item
    follows the group). Otherwise it is the next sibling of the item before it; a `-` sub-item under a graded
    `§` item is drafted so too, with a note in REVIEW.md to check the nesting.
    """
    items, notes = slide_items(source, first, last, claimed, pool)
    text = realigner.doc.text

    def bullet(line: int) -> str:
        found = sourcetext.BULLET.match(source[line - 1].strip())
        return found.group(0).strip() if found else ""

    for item in items:
        note = ""
        lines = list(item["lines"]) + ([item["grade_line"]] if "grade_line" in item else [])
        item = carried_footnotes(item, realigner, lines[-1], pool)
        if lines[-1] in pool.split_from:  # split off an old line: it continues it, diff and What changed pair them
            item = {**item, "replaces": [pool.split_from[lines[-1]][0]]}
        before = [(max(ls), entry, siblings, ls) for entry, siblings, ls, _ in realigner.items if max(ls) < min(lines)]
        mapping = flow_mapping(item)
        if before:
            _, entry, siblings, entry_lines = max(before, key=lambda found: found[0])
            children = entry.get("children")
            members = [(min(ls), member) for member, within, ls, _ in realigner.items if within is children and ls]
            parents = [
                (parent, within) for parent, within, _, _ in realigner.items if parent.get("children") is siblings
            ]
            if members:  # between the heading and its first member: inside the group
                member = min(members, key=lambda found: found[0])[1]
                text.insert_entry_before(children.value_positions[children.index(member)], mapping)
            elif parents and bullet(entry_lines[0]) == "-" and bullet(int(item["lines"][0])) == "§":
                parent, within = parents[0]
                text.insert_entry_after(within.value_positions[within.index(parent)], mapping)
            else:
                text.insert_entry_after(siblings.value_positions[siblings.index(entry)], mapping)
                if bullet(int(item["lines"][0])) == "-" and bullet(entry_lines[0]) == "§" and not children:
                    note = (
                        f"the source prints it as a `-` sub-item under `{entry.get('id')}`; drafted as its sibling "
                        "(an item with its own grade groups no items here): check the nesting"
                    )
        elif realigner.items:
            entry, siblings = realigner.items[0][0], realigner.items[0][1]
            text.insert_entry_before(siblings.value_positions[siblings.index(entry)], mapping)
        else:
            append_block(realigner, "{kind: recommendations, items: [" + mapping + "]}")
        change = new_change(item, realigner.file, lines[-1], pool, report.grading)
        report.changes.append(dataclasses.replace(change, note=note) if note else change)
    for lines in notes:
        words = sourcetext.plain_text(source, lines)
        append_block(realigner, flow_mapping({"kind": "note", "text": words, "lines": lines}))
        report.changes.append(
            Change("text", f"new note in topic '{realigner.root.get('id')}'", realigner.file, lines[0], new=words)
        )


def carried_footnotes(item: dict[str, object], realigner: TopicRealigner, line: int, pool: IdPool) -> dict:
    """A recommendation moved here keeps the footnotes its words still print, where this slide defines them; a
    marker this slide does not define is an open decision (its condition must not be lost in silence)."""
    identifier, text = str(item["id"]), str(item["text"])
    if identifier not in pool.moved or not pool.footnotes.get(identifier):
        return item
    defined = {str(f.get("marker")) for f in realigner.root.get("footnotes") or [] if isinstance(f, PosDict)}
    kept = []
    for marker, footnote in pool.footnotes[identifier]:
        if marker in text and marker in defined:
            kept.append(marker)
        elif marker in text:
            pool.decisions.append(
                ReadingDecision(
                    line,
                    identifier,
                    f"moved here from another slide, its words print the footnote marker {marker!r}, which this "
                    f"slide does not define (on its old slide: {footnote!r}): add the footnote to the topic's "
                    f"`footnotes:` and `footnote_refs: [{marker!r}]` to the item, or have the source corrected",
                )
            )
    if not kept:
        return item
    return {**{k: v for k, v in item.items() if k != "tags"}, "footnote_refs": kept, "tags": item.get("tags")}


def append_block(realigner: TopicRealigner, mapping: str) -> None:
    blocks = realigner.root.get("blocks")
    if isinstance(blocks, PosList) and blocks:
        realigner.doc.text.insert_entry_after(blocks.value_positions[-1], mapping)
    else:
        realigner.doc.text.append(f"blocks:\n  - {mapping}\n")


