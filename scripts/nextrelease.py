"""A draft release realigned to the committee's new source: every line reference moved, changes reported.

`realign_draft(folder, new_source)` is what `new-release --source` and `update-source` run. It reads
the draft's YAML as text with positions (no validation needed, so a half-edited draft works too),
aligns its current source with the new one (macros/realign.py), and edits only what must change:
line numbers, slide numbers, the words and grades the new source prints, new items and topics, and
retirements with a placeholder reason (an open decision, see macros/decisions.py). Everything else
stays byte-identical. The review report (Markdown) lists every change and every decision left.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from macros import sourcetext
from macros.compare import GRADE_ORDER, word_diff
from macros.decisions import PLACEHOLDER_REASON, is_placeholder, unread_grade_message
from macros.load import load_grading
from macros.model import GRADE_SHORT_NAMES, Grading
from macros.realign import LAYOUT_LINE, Alignment, align
from macros.yamledit import YamlText, flow_mapping, flow_value
from macros.yamlsource import PosDict, PosList, read_yaml

SCALES = ("loe", "gr", "ago")
LINE_LISTS = ("lines", "label_lines", "layout_lines")
REPORT_NAME = "REVIEW.md"
VERSION = re.compile(r"Version\s+(\S+)")


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

    @property
    def decisions(self) -> list[Change]:
        return [change for change in self.changes if change.open]


class DraftError(ValueError):
    """The draft cannot be realigned as it stands (the message says why and what to do)."""


def direction(scale: str, old: str | None, new: str | None) -> str:
    order = GRADE_ORDER[scale]
    if old in order and new in order:
        return "upgraded" if order.index(new) < order.index(old) else "downgraded"
    return "now printed" if old is None else "no longer printed" if new is None else "changed"


def slug(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)
    result = ""
    for part in parts:
        if len(result) + len(part) + 1 > limit and result:
            break
        result = f"{result}-{part}" if result else part
    return result or "item"


def _ints(value: object) -> list[int]:
    return [int(entry) for entry in value] if isinstance(value, list) else []


@dataclass
class Doc:
    """One YAML file: where it is, its text with pending edits, its positioned tree."""

    path: Path
    text: YamlText
    root: object

    @classmethod
    def read(cls, path: Path) -> Doc:
        text = path.read_text(encoding="utf-8")
        root, problems = read_yaml(text, str(path))
        if problems:
            raise DraftError("; ".join(str(problem) for problem in problems) + " (fix this file, then run again)")
        return cls(path, YamlText(text), root)


def _mappings(node: object) -> Iterator[PosDict]:
    if isinstance(node, PosDict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, PosList):
        for value in node:
            yield from _mappings(value)


class TopicRealigner:
    """Moves one topic's line references to the new source and takes the new source's words and grades."""

    def __init__(self, doc: Doc, alignment: Alignment, old: Sequence[str], new: Sequence[str], report: Report):
        self.doc, self.alignment, self.old, self.new, self.report = doc, alignment, old, new, report
        self.removed_items: list[PosDict] = []
        self.removed_all: set[int] = set()  # id() of every mapping inside a deleted entry
        self.retired: list[tuple[str, str]] = []  # (id, text)
        self.items: list[tuple[PosDict, PosList, list[int], int | None]] = []  # item, its list, new lines, grade line
        self.claimed: set[int] = set()
        self.root: PosDict = doc.root
        self.file = doc.path.name

    # --- generic line references --------------------------------------------------------
    def remap_lines(self) -> None:
        """Every `lines`, `label_lines`, `layout_lines`, `grade_line` and `line` value, moved."""
        self.new_values: dict[tuple[int, str], object] = {}
        for mapping in _mappings(self.root):
            for key in LINE_LISTS:
                if isinstance(mapping.get(key), PosList):
                    self.new_values[(id(mapping), key)] = list(self.alignment.lines(_ints(mapping[key])))
            for key in ("grade_line", "line"):
                if isinstance(mapping.get(key), str) and mapping[key].isdigit():
                    self.new_values[(id(mapping), key)] = self.alignment.line(int(mapping[key]))

    def value(self, mapping: PosDict, key: str) -> object:
        return self.new_values.get((id(mapping), key), mapping.get(key))

    def set(self, mapping: PosDict, key: str, value: object) -> None:
        self.new_values[(id(mapping), key)] = value

    def write_lines(self) -> None:
        for mapping in _mappings(self.root):
            if id(mapping) in self.removed_all:
                continue
            for key in (*LINE_LISTS, "grade_line", "line"):
                if (id(mapping), key) not in self.new_values or key not in mapping:
                    continue
                value = self.new_values[(id(mapping), key)]
                old = _ints(mapping[key]) if key in LINE_LISTS else int(mapping[key])
                if value is None or value == []:
                    continue  # reported where the thing is handled
                if value != old:
                    self.doc.text.replace_value(mapping.value_positions[key], value)

    # --- recommendations --------------------------------------------------------------
    def recommendations(self) -> None:
        for block in self.root.get("blocks") or []:
            if not isinstance(block, PosDict) or block.get("kind") != "recommendations":
                continue
            self._list_grade(block)
            self._items(block.get("items") or PosList())

    def _list_grade(self, block: PosDict) -> None:
        grade = block.get("list_grade")
        if not isinstance(grade, PosDict):
            return
        line = self.value(grade, "line")
        members = ", ".join(item.get("id", "?") for item in _leaves(block.get("items") or []))
        if line and sourcetext.unread_grade(self.new[line - 1]):  # 'AGO: –', 'AGO: + +': kept, a decision
            old = tuple(grade.get(scale) for scale in SCALES)
            kept = (
                f"The draft keeps the list grade of topic '{self.root.get('id')}' ("
                + ", ".join(f"{GRADE_SHORT_NAMES[s]} {g or 'none'}" for s, g in zip(SCALES, old, strict=True))
                + f"; for {members}) as it was until then. "
            )
            self.report.unread_lines.add(line)
            self.report.changes.append(
                Change(
                    "unread",
                    f"list grade of topic '{self.root.get('id')}' ({members})",
                    self.file,
                    line,
                    grades=tuple((s, g, g, "kept") for s, g in zip(SCALES, old, strict=True) if g),
                    decision=unread_grade_message(
                        self.report.new_source, line, self.new[line - 1], self.report.grading, kept
                    ),
                )
            )
            return
        printed = sourcetext.printed_grade(self.new[line - 1]) if line else None
        new = (printed.loe, printed.gr, printed.ago) if printed else (None, None, None)
        old = tuple(grade.get(scale) for scale in SCALES)
        if line and new != old:
            changes = self._set_grades(grade, "line", old, new)
            self.report.changes.append(
                Change(
                    "regraded",
                    f"list grade of topic '{self.root.get('id')}' ({members})",
                    self.file,
                    line,
                    grades=changes,
                )
            )

    def _items(self, items: PosList) -> None:
        for item in items:
            if not isinstance(item, PosDict):
                continue
            if self._gone(item):
                self.removed_items.append(item)
                self.doc.text.remove_entry(items.value_positions[items.index(item)])
                for gone in _subtree(item):
                    self.retired.append((gone.get("id", "?"), gone.get("text", "")))
                continue
            self._item(item, items)
            self._items(item.get("children") or PosList())

    def _gone(self, item: PosDict) -> bool:
        return all(not self.value(node, "lines") for node in _subtree(item))

    def _item(self, item: PosDict, siblings: PosList) -> None:
        identifier = item.get("id", "?")
        lines = self.value(item, "lines") or []
        if not lines:
            self.report.changes.append(
                Change(
                    "unplaced",
                    identifier,
                    self.file,
                    decision="its own line is gone but items nested under it "
                    "remain: give it the line that now groups them, or retire it and move its children up",
                )
            )
            return
        grade_line = None
        if any(item.get(scale) is not None for scale in SCALES):
            grade_line = self.value(item, "grade_line") if "grade_line" in item else lines[-1]
            if grade_line is None:
                grade_line = lines[-1]
                self.set(item, "grade_line", grade_line)
        self.items.append((item, siblings, lines, grade_line))

    def settle(self) -> None:
        """What is deleted, and which new lines the remaining references claim."""
        self.removed_all = {id(mapping) for item in self.removed_items for mapping in _mappings(item)}
        for mapping in _mappings(self.root):
            if id(mapping) in self.removed_all:
                continue
            for key in (*LINE_LISTS, "grade_line", "line"):
                value = self.new_values.get((id(mapping), key))
                self.claimed.update(value if isinstance(value, list) else [value] if value else [])

    def absorb(self) -> None:
        """New text lines between an item's first line and its grade line belong to the item."""
        for index, (item, siblings, lines, grade_line) in enumerate(self.items):
            if grade_line is not None and grade_line > lines[-1]:
                extra = [n for n in range(lines[0], grade_line) if self.new[n - 1].strip() and n not in self.claimed]
                if extra:
                    lines = sorted({*lines, *extra})
                    self.set(item, "lines", lines)
                    self.claimed.update(extra)
                    self.items[index] = (item, siblings, lines, grade_line)

    def words_and_grades(self) -> None:
        for item, _, lines, grade_line in self.items:
            self._words_and_grades(item, lines, grade_line)

    def _words_and_grades(self, item: PosDict, lines: list[int], grade_line: int | None) -> None:
        identifier = item.get("id", "?")
        text = item.get("text") or ""
        old_grades = tuple(item.get(scale) for scale in SCALES)
        tail_line = grade_line or lines[-1]
        if sourcetext.unread_grade(self.new[tail_line - 1]):
            self._unread(identifier, text, old_grades, tail_line)
            return
        debris = sourcetext.debris_grade(self.new, lines, grade_line, text, old_grades)
        if debris is not None:  # 'la A ++', 'Ib', '1a A ++.': a misread line, not grades the committee removed
            self._unread(identifier, text, old_grades, tail_line, debris.printed)
            return
        printed = sourcetext.item_text(self.new, lines, grade_line)
        new_grades = old_grades
        if grade_line is not None:
            grade = sourcetext.printed_grade(self.new[grade_line - 1])
            new_grades = (grade.loe, grade.gr, grade.ago) if grade else (None, None, None)
        grade_changes: tuple = ()
        if new_grades != old_grades:
            grade_changes = self._set_grades(
                item, "grade_line" if "grade_line" in item else "lines", old_grades, new_grades
            )
        lost = tuple(scale for scale, was, now in zip(SCALES, old_grades, new_grades, strict=True) if was and not now)
        decision = ""
        if lost:
            self.report.removals.append((identifier, lost, grade_line, self.new[grade_line - 1].strip()))
            if not any(new_grades):
                self.report.ungraded.add(identifier)
                if "grade_line" in item:  # an item without grades has no grade line (validate rejects one)
                    self.doc.text.remove_key(item.position, item.value_positions["grade_line"], "grade_line")
                    self.set(item, "grade_line", None)
            decision = (
                f"line {grade_line} no longer prints its {', '.join(GRADE_SHORT_NAMES[s] for s in lost)}: confirm with "
                "the committee and write why under `grade_removals:` in release.yaml (a placeholder stands there), "
                "or have the source corrected and run `update-source`"
            )
        if sourcetext.collapse(text) != printed:
            self.doc.text.replace_value(item.value_positions["text"], printed)
            self.report.changes.append(
                Change(
                    "reworded", identifier, self.file, grade_line or lines[0], text, printed, grade_changes, decision
                )
            )
        elif grade_changes:
            self.report.changes.append(
                Change("regraded", identifier, self.file, grade_line, text, text, grade_changes, decision)
            )

    def _unread(self, identifier: str, text: str, grades: tuple, line: int, printed: str | None = None) -> None:
        """A line whose end looks like grades but does not read: words and grades stay, an open decision."""
        kept = (
            f"The draft keeps {identifier}'s words {text!r} and grades "
            + ", ".join(f"{GRADE_SHORT_NAMES[s]} {g or 'none'}" for s, g in zip(SCALES, grades, strict=True))
            + " as they were until then. "
        )
        self.report.unread_lines.add(line)
        self.report.changes.append(
            Change(
                "unread",
                identifier,
                self.file,
                line,
                old=text,
                grades=tuple((s, g, g, "kept") for s, g in zip(SCALES, grades, strict=True) if g),
                decision=unread_grade_message(
                    self.report.new_source, line, self.new[line - 1], self.report.grading, kept, printed
                ),
            )
        )

    def _set_grades(self, mapping: PosDict, after: str, old: tuple, new: tuple) -> tuple:
        changes = []
        anchor = next((scale for scale in reversed(SCALES) if mapping.get(scale) is not None), after)
        for scale, was, now in zip(SCALES, old, new, strict=False):
            if was == now:
                continue
            changes.append((scale, was, now, direction(scale, was, now)))
            if was is not None and now is not None:
                self.doc.text.replace_value(mapping.value_positions[scale], now)
            elif was is not None:
                self.doc.text.remove_key(mapping.position, mapping.value_positions[scale], scale)
            else:
                self.doc.text.add_key(mapping.position, mapping.value_positions[anchor], scale, now)
        return tuple(changes)

    # --- printed texts of other blocks -----------------------------------------------
    def printed_texts(self) -> None:
        """Titles, headings, notes, list items, footnotes, labels: the words the new lines print."""
        pieces: list[tuple[PosDict, str, str]] = []  # mapping, lines key, text key
        title = self.root.get("title")
        if isinstance(title, PosDict):
            pieces.append((title, "lines", "text"))
        for block in self.root.get("blocks") or []:
            if not isinstance(block, PosDict):
                continue
            if isinstance(block.get("heading"), PosDict):
                pieces.append((block["heading"], "lines", "text"))
            kind = block.get("kind")
            if kind in ("note", "caution"):
                pieces.append((block, "lines", "text"))
            elif kind == "list":
                pieces += [(entry, "lines", "text") for entry in _subtree_list(block.get("items") or [])]
            elif kind == "links":
                pieces += [(link, "label_lines", "label") for link in block.get("links") or [] if "label_lines" in link]
            elif kind == "figure":
                pieces += [
                    (piece, "lines", "text") for key in ("citations", "labels") for piece in block.get(key) or []
                ]
            elif kind == "trial":
                pieces += [
                    (block[key], "lines", "text")
                    for key in ("design", "citation")
                    if isinstance(block.get(key), PosDict)
                ]
        for mapping, lines_key, text_key in pieces:
            self._printed(mapping, lines_key, text_key, f"topic '{self.root.get('id')}'")
        for footnote in self.root.get("footnotes") or []:
            lines = self.value(footnote, "lines")
            if not lines:
                continue
            printed = sourcetext.plain_text(self.new, lines)
            marker = footnote.get("marker", "")
            text = sourcetext.collapse(printed[len(marker) :]) if printed.startswith(marker) else printed
            if sourcetext.collapse(footnote.get("text", "")) != text:
                self.doc.text.replace_value(footnote.value_positions["text"], text)
                self.report.changes.append(
                    Change(
                        "text",
                        f"footnote {marker} of topic '{self.root.get('id')}'",
                        self.file,
                        lines[0],
                        footnote.get("text", ""),
                        text,
                    )
                )

    def _printed(self, mapping: PosDict, lines_key: str, text_key: str, label: str) -> None:
        lines = self.value(mapping, lines_key)
        if not lines or text_key not in mapping:
            return
        printed = sourcetext.plain_text(self.new, lines)
        if sourcetext.collapse(mapping.get(text_key) or "") != printed:
            self.doc.text.replace_value(mapping.value_positions[text_key], printed)
            self.report.changes.append(Change("text", label, self.file, lines[0], mapping.get(text_key, ""), printed))

    # --- trials, tables and links: values carried through the changed words ----------------
    def carried_values(self) -> None:
        for block in self.root.get("blocks") or []:
            if not isinstance(block, PosDict):
                continue
            kind = block.get("kind")
            if kind == "trial":
                name = f"trial '{block.get('id')}'"
                fields = (
                    ("population", "n") if block.get("name_is_editorial") == "true" else ("name", "population", "n")
                )
                self._carry(block, fields, name, "trial")
                for arm in block.get("arms") or []:
                    self._carry(arm, ("label", "n", "schedule"), f"{name} arm '{arm.get('id')}'", "trial")
                for result in block.get("results") or []:
                    self._carry(
                        result, ("endpoint", "timepoint", "summary", "p", "hr", "ci", "ci_level"), name, "trial"
                    )
                    if isinstance(result.get("values"), PosDict):
                        self._carry(
                            result["values"],
                            tuple(result["values"]),
                            f"{name} {result.get('endpoint')}",
                            "trial",
                            lines_of=result,
                        )
            elif kind == "table":
                name = f"table '{block.get('id')}'"
                for column in block.get("columns") or []:
                    if column.get("editorial") != "true":
                        self._carry(column, ("label",), f"{name} column '{column.get('id')}'", "table")
                for row in block.get("rows") or []:
                    self._row(block, row, name)
            elif kind == "links":
                for link in block.get("links") or []:
                    self._carry(link, ("url",), f"link '{link.get('label')}'", "text")

    def _carry(self, mapping: PosDict, keys: Sequence[str], label: str, kind: str, lines_of: PosDict | None = None):
        holder = lines_of or mapping
        old_lines, new_lines = _ints(holder.get("lines")), self.value(holder, "lines")
        if not old_lines or not new_lines:
            return
        before = sourcetext.plain_text(self.old, old_lines)
        after = sourcetext.plain_text(self.new, new_lines)
        if before == after:
            return
        for key in keys:
            value = mapping.get(key)
            if not isinstance(value, str) or sourcetext.collapse(value) not in before:
                continue
            start = before.index(sourcetext.collapse(value))
            carried = carry_span(before, after, start, start + len(sourcetext.collapse(value)))
            if carried and carried != value and carried in after:
                self.doc.text.replace_value(mapping.value_positions[key], carried)
                self.report.changes.append(Change(kind, f"{label} {key}", self.file, new_lines[0], value, carried))
            elif not carried or carried not in after:
                self.report.changes.append(
                    Change(
                        kind,
                        f"{label} {key}",
                        self.file,
                        new_lines[0],
                        value,
                        after,
                        decision=f"the words changed around {value!r}: write the value the new lines print",
                    )
                )

    def _row(self, block: PosDict, row: PosDict, label: str) -> None:
        old_lines, new_lines = _ints(row.get("lines")), self.value(row, "lines")
        if not old_lines or not new_lines or not isinstance(row.get("cells"), PosDict):
            return
        before = sourcetext.plain_text(self.old, old_lines)
        after = sourcetext.plain_text(self.new, new_lines)
        if before == after:
            return
        columns = [c.get("id") for c in block.get("columns") or [] if c.get("id") in row["cells"]]
        cells, offset, spans = row["cells"], 0, []
        for column in columns:
            value = sourcetext.collapse(cells[column] or "")
            start = before.find(value, offset)
            spans.append((column, start, start + len(value)))
            offset = start + len(value)
        carried = {column: carry_span(before, after, start, end) for column, start, end in spans if start >= 0}
        if len(carried) == len(columns) and " ".join(carried[c] or "" for c in columns) == after:
            for column in columns:
                if carried[column] != cells[column]:
                    self.doc.text.replace_value(cells.value_positions[column], carried[column])
                    self.report.changes.append(
                        Change(
                            "table",
                            f"{label} row '{cells.get(columns[0])}' {column}",
                            self.file,
                            new_lines[0],
                            cells[column],
                            carried[column],
                        )
                    )
        else:
            self.report.changes.append(
                Change(
                    "table",
                    f"{label} row '{cells.get(columns[0]) if columns else '?'}'",
                    self.file,
                    new_lines[0],
                    before,
                    after,
                    decision="the row's cells changed beyond recognition: write them as printed",
                )
            )


def carry_span(before: str, after: str, start: int, end: int) -> str | None:
    """The text of `after` standing where before[start:end] stood, or None when it cannot be told.

    Where the number of words is unchanged, word k of `before` is word k of `after` (a changed figure
    or cell); otherwise characters are aligned (difflib).
    """
    old_words, new_words = before.split(" "), after.split(" ")
    if len(old_words) == len(new_words):
        offsets, position = [], 0
        for word in old_words:
            offsets.append(position)
            position += len(word) + 1
        first = max(k for k, offset in enumerate(offsets) if offset <= start)
        last = max(k for k, offset in enumerate(offsets) if offset < end)
        prefix = start - offsets[first]
        suffix = offsets[last] + len(old_words[last]) - end
        head, tail = old_words[first][:prefix], old_words[last][len(old_words[last]) - suffix :]
        joined = " ".join(new_words[first : last + 1])
        if joined.startswith(head) and joined.endswith(tail) and len(joined) > len(head) + len(tail):
            return joined[len(head) : len(joined) - len(tail)]
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    new_start = new_end = None
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 <= start < i2:
            new_start = j1 + start - i1 if tag == "equal" else j1
        if i1 < end <= i2:
            new_end = j1 + end - i1 if tag == "equal" else j2
    if new_start is None or new_end is None or new_end <= new_start:
        return None
    return after[new_start:new_end].strip() or None


def _subtree(item: PosDict) -> Iterator[PosDict]:
    yield item
    for child in item.get("children") or []:
        if isinstance(child, PosDict):
            yield from _subtree(child)


def _subtree_list(items: Sequence) -> Iterator[PosDict]:
    for item in items:
        if isinstance(item, PosDict):
            yield from _subtree(item)


def _leaves(items: Sequence) -> Iterator[PosDict]:
    for item in _subtree_list(items):
        if not item.get("children"):
            yield item


# --- the whole draft ---------------------------------------------------------------------


def _graded(source: Sequence[str], number: int) -> bool:
    return sourcetext.printed_grade(source[number - 1]) is not None


def _title_lines(source: Sequence[str], first: int, last: int) -> list[int]:
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
            or _graded(source, number)
            or sourcetext.BULLET.match(line.strip())
        ):
            break
        lines.append(number)
    return lines


def _new_item_lines(source: Sequence[str], graded: int, first: int, claimed: set[int]) -> list[int]:
    """The lines of an item whose grade stands on `graded`: back to its bullet over unclaimed text lines."""
    lines = [graded]
    if sourcetext.BULLET.match(source[graded - 1].strip()):
        return lines
    number = graded - 1
    while number >= first:
        text = source[number - 1]
        if text.strip():
            if number in claimed or _graded(source, number) or LAYOUT_LINE.match(sourcetext.collapse(text)):
                break
            lines.insert(0, number)
            if sourcetext.BULLET.match(text.strip()):
                break
        number -= 1
    return lines


def _known_ids(data: Path) -> set[str]:
    """Every id any release has used or retired: a new item never takes one of them."""
    found = set()
    for path in data.glob("*/topics/*.yaml"):
        found.update(re.findall(r"\bid: ([a-z0-9-]+)", path.read_text(encoding="utf-8")))
    for path in data.glob("*/release.yaml"):
        found.update(re.findall(r"\bid: ([a-z0-9-]+)", path.read_text(encoding="utf-8")))
    return found


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


@dataclass
class IdPool:
    """Ids for new items: a vanished item's id where the same words stand elsewhere now (it moved), else a
    new slug from the words, never one used or retired before."""

    taken: set[str]
    vanished: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # words -> (id, tags)
    moved: dict[str, str] = field(default_factory=dict)  # id -> words

    def item_id(self, text: str) -> tuple[str, list[str]]:
        key = sourcetext.collapse(text)
        if key in self.vanished:
            identifier, tags = self.vanished.pop(key)
            self.moved[identifier] = text
            return identifier, tags
        return _unique(slug(text), self.taken), []


def _new_item(source: Sequence[str], lines: list[int], graded: int, pool: IdPool) -> dict[str, object]:
    text = sourcetext.item_text(source, lines, graded)
    grade = sourcetext.printed_grade(source[graded - 1])
    identifier, tags = pool.item_id(text)
    item: dict[str, object] = {"id": identifier, "text": text, "lines": lines}
    if graded != lines[-1]:
        item["grade_line"] = graded
    for scale in SCALES:
        item[scale] = getattr(grade, scale)
    item["tags"] = tags or None
    return item


def _topic_text(
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


def realign_draft(folder: Path, new_source: Path, data: Path) -> Report:
    """Move the draft in `folder` onto `new_source`; write every file and REVIEW.md; return the report.

    Raises DraftError (nothing written) when the draft's own source or topics cannot be read.
    """
    meta = Doc.read(folder / "release.yaml")
    source_entry = meta.root.get("source") if isinstance(meta.root, PosDict) else None
    if not isinstance(source_entry, PosDict) or not source_entry.get("file"):
        raise DraftError(f"{folder / 'release.yaml'}: no `source: file:`; the draft must name its current source")
    old_path = folder / source_entry["file"]
    if not old_path.is_file():
        raise DraftError(f"{old_path} does not exist; restore the draft's current source first")
    recorded = str(source_entry.get("sha256") or "")
    if hashlib.sha256(old_path.read_bytes()).hexdigest() != recorded:
        raise DraftError(
            f"{old_path} is not the source the draft's line numbers refer to (its sha256 differs from the one in "
            "release.yaml): put that source back (the release the draft was copied from has it), then run "
            "update-source with the new file"
        )
    old = tuple(old_path.read_text(encoding="utf-8").splitlines())
    payload = new_source.read_bytes()
    try:
        new = tuple(payload.decode("utf-8").splitlines())
    except UnicodeDecodeError as error:
        raise DraftError(f"{new_source} is not UTF-8 text ({error.reason}); save it as UTF-8") from None
    docs = [Doc.read(path) for path in sorted((folder / "topics").glob("*.yaml"))]
    slides = []
    for doc in docs:
        lines = _ints(doc.root.get("source_lines")) if isinstance(doc.root, PosDict) else []
        if len(lines) != 2:
            raise DraftError(f"{doc.path}: `source_lines` must be [first, last]; fix it, then run again")
        slides.append((lines[0], lines[1]))
    expected = 1
    for doc, (first, last) in zip(docs, slides, strict=False):
        if first != expected or last < first:
            raise DraftError(
                f"{doc.path}: source_lines {[first, last]} must start at line {expected}; the topics must tile "
                f"the draft's current source ({old_path.name}) before it can be realigned"
            )
        expected = last + 1
    alignment = align(old, new, slides)
    report = Report(folder.name, old_path.name, new_source.name, grading=load_grading(data))
    taken = _known_ids(data)
    realigners = [TopicRealigner(doc, alignment, old, new, report) for doc in docs]
    for realigner in realigners:
        realigner.remap_lines()
    by_old_index = dict(enumerate(realigners))
    new_slide_of: dict[int, tuple[int, int, int]] = {}  # old index -> (slide number, first, last)
    for number, slide in enumerate(alignment.slides, start=1):
        if slide.old_index is not None:
            new_slide_of[slide.old_index] = (number, slide.first, slide.last)
    for index, realigner in by_old_index.items():
        if index in alignment.removed_slides:
            continue
        title = realigner.root.get("title")
        _, first, last = new_slide_of[index]
        if isinstance(title, PosDict) and not realigner.value(title, "lines"):
            realigner.set(title, "lines", _title_lines(new, first, last))
        realigner.recommendations()
        realigner.settle()
        realigner.absorb()
    # release metadata: printed lines and texts
    printed = meta.root.get("printed") if isinstance(meta.root, PosDict) else None
    meta_claimed: set[int] = set()
    for name, piece in (printed or {}).items():
        if not isinstance(piece, PosDict):
            continue
        lines = list(alignment.lines(_ints(piece.get("lines"))))
        if not lines:
            report.changes.append(
                Change(
                    "text",
                    f"printed {name}",
                    "release.yaml",
                    decision=(f"the {name} is no longer printed where it was: give its new lines in release.yaml"),
                )
            )
            continue
        meta_claimed.update(lines)
        if lines != _ints(piece.get("lines")):
            meta.text.replace_value(piece.value_positions["lines"], lines)
        text = sourcetext.plain_text(new, lines)
        if sourcetext.collapse(piece.get("text") or "") != text:
            meta.text.replace_value(piece.value_positions["text"], text)
            report.changes.append(Change("text", f"printed {name}", "release.yaml", lines[0], piece.get("text"), text))
    # topics: slides, removed slides, new items, new slides
    outputs: dict[Path, str] = {}
    retired: list[tuple[str, str]] = []
    new_topics: dict[int, str] = {}  # slide number -> topic id
    topic_ids = {index: realigner.root.get("id") for index, realigner in by_old_index.items()}
    for index in alignment.removed_slides:
        realigner = by_old_index[index]
        blocks = [block for block in realigner.root.get("blocks") or [] if isinstance(block, PosDict)]
        items = [  # recommendations only: a list's entries and a note's lines have no id to retire
            node
            for block in blocks
            if block.get("kind") == "recommendations"
            for node in _subtree_list(block.get("items") or [])
            if node.get("id")
        ]
        retired += [(str(node["id"]), node.get("text", "")) for node in items]
        kinds: dict[str, int] = {}
        for block in blocks:
            kinds[str(block.get("kind"))] = kinds.get(str(block.get("kind")), 0) + 1
        held = ", ".join(f"{count} {kind} block(s)" for kind, count in kinds.items()) or "no block"
        report.changes.append(
            Change(
                "removed-topic",
                topic_ids[index],
                realigner.file,
                old=realigner.root.get("title", {}).get("text", ""),
                note=f"held {held}; "
                + (
                    f"its {len(items)} recommendation item(s) are retired (decisions above)"
                    if items
                    else "no recommendation, so no open decision holds `publish` for it: confirm the committee "
                    "removed it"
                ),
            )
        )
    for index in alignment.moved_slides:
        number, first, _ = new_slide_of[index]
        report.changes.append(
            Change(
                "moved-topic",
                topic_ids[index],
                by_old_index[index].file,
                first,
                f"slide {index + 1}",
                f"slide {number}",
            )
        )
    pool = IdPool(taken)
    for realigner in realigners:
        for item in realigner.removed_items:
            _vanish(pool, item)
    for index in alignment.removed_slides:
        for block in by_old_index[index].root.get("blocks") or []:
            if isinstance(block, PosDict):
                for item in block.get("items") or []:
                    _vanish(pool, item)
    for number, slide in enumerate(alignment.slides, start=1):
        claimed = set(meta_claimed)
        if slide.old_index is None:
            title = _title_lines(new, slide.first, slide.last)
            layout = [
                n
                for n in range(slide.first, slide.last + 1)
                if LAYOUT_LINE.match(sourcetext.collapse(new[n - 1])) and n not in title
            ]
            claimed |= set(title) | set(layout)
            items, notes = _slide_items(new, slide.first, slide.last, claimed, pool)
            topic_id = _unique(slug(sourcetext.plain_text(new, title) or "new-slide"), pool.taken)
            blocks = []
            if items:
                blocks += ["  - kind: recommendations", "    items:"]
                blocks += [f"      - {flow_mapping(item)}" for item in items]
            blocks += [
                f"  - {flow_mapping({'kind': 'note', 'text': sourcetext.plain_text(new, lines), 'lines': lines})}"
                for lines in notes
            ]
            outputs[folder / "topics" / f"{number:02d}-{topic_id}.yaml"] = _topic_text(
                topic_id, number, slide.first, slide.last, title, layout, new, blocks or ["  []"]
            )
            new_topics[number] = topic_id
            report.changes.append(
                Change(
                    "new-topic",
                    topic_id,
                    f"{number:02d}-{topic_id}.yaml",
                    slide.first,
                    new=sourcetext.plain_text(new, title),
                    decision="",
                )
            )
            for item in items:
                line = int(item.get("grade_line", item["lines"][-1]))
                report.changes.append(_new_change(item, f"{number:02d}-{topic_id}.yaml", line, pool))
            continue
        realigner = by_old_index[slide.old_index]
        root = realigner.root
        if int(root.get("slide", 0) or 0) != number:
            realigner.doc.text.replace_value(root.value_positions["slide"], number)
        if _ints(root.get("source_lines")) != [slide.first, slide.last]:
            realigner.doc.text.replace_value(root.value_positions["source_lines"], [slide.first, slide.last])
        claimed |= realigner.claimed
        _add_new_items(realigner, new, slide.first, slide.last, claimed, pool, report)
        realigner.words_and_grades()  # first: an item left without grades drops its grade_line
        realigner.write_lines()
        realigner.printed_texts()
        realigner.carried_values()
        retired += realigner.retired
        rest = re.sub(r"^[0-9]+[a-z]?-", "", realigner.doc.path.name)
        outputs[folder / "topics" / f"{number:02d}-{rest}"] = renumber_comments(
            realigner.doc.text.result(), alignment, f"{number:02d}-{rest}", report
        )
    retired = [(identifier, text) for identifier, text in retired if identifier not in pool.moved]
    graded_before = _grades_by_id(docs)
    for identifier, text in retired:
        report.changes.append(
            Change(
                "retired",
                identifier,
                "release.yaml",
                old=text,
                grades=tuple(
                    (scale, grade, None, "was") for scale, grade in zip(SCALES, graded_before.get(identifier, ()), strict=False)
                ),
                decision=(
                    "the new source no longer prints it: write the reason in release.yaml `retired:` (and `successor:` "
                    "where another recommendation replaces it)"
                ),
            )
        )
    _retire(meta, retired)
    _grade_removals(meta, report)
    _unread_elsewhere(new, report)
    meta.text.replace_value(source_entry.value_positions["file"], f"source/{new_source.name}")
    meta.text.replace_value(source_entry.value_positions["sha256"], hashlib.sha256(payload).hexdigest())
    outputs[folder / "release.yaml"] = renumber_comments(meta.text.result(), alignment, "release.yaml", report)
    sections_path = folder / "sections.yaml"
    if sections_path.is_file():
        outputs[sections_path] = renumber_comments(
            _sections(Doc.read(sections_path), alignment, topic_ids, new_topics), alignment, "sections.yaml", report
        )
    retired_ids = {identifier for identifier, _ in retired}
    earlier = meta.root.get("retired") if isinstance(meta.root, PosDict) else None
    for entry in earlier if isinstance(earlier, PosList) else []:
        if isinstance(entry, PosDict) and is_placeholder(str(entry.get("reason") or "")):
            retired_ids.add(str(entry.get("id")))  # still open from an earlier run
            report.changes.append(
                Change(
                    "retired",
                    str(entry.get("id")),
                    f"release.yaml:{entry.position[0]}",
                    decision="still open from an earlier run: write the reason in release.yaml `retired:`",
                )
            )
    for kind in ("flows", "cases"):
        for path in sorted((folder / kind).glob("*.yaml")):
            report.changes += _citations(Doc.read(path), retired_ids, kind)
    removed_topics = {topic_ids[index] for index in alignment.removed_slides}
    for name in ("search.yaml", "informs.yaml"):
        if (folder / name).is_file():
            doc = Doc.read(folder / name)
            result = renumber_comments(
                _editorial_links(doc, retired_ids | report.ungraded, removed_topics, report), alignment, name, report
            )
            if result != doc.text.text:
                outputs[folder / name] = result
    # write: nothing before this point touched the disk
    before = {
        path: path.read_text(encoding="utf-8")
        for path in [
            *(d.path for d in docs),
            folder / "release.yaml",
            sections_path,
            folder / "search.yaml",
            folder / "informs.yaml",
        ]
        if path.is_file()
    }
    for doc in docs:
        doc.path.unlink()
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    target = folder / "source" / new_source.name
    if old_path.resolve() != target.resolve() and old_path.is_file():
        old_path.unlink()
    if new_source.resolve() != target.resolve():
        shutil.copyfile(new_source, target)
    # a file neither rewritten nor removed (search.yaml, informs.yaml left as they were) has no edited line
    report.edited_lines = _edited_lines(
        {path: text for path, text in before.items() if path in outputs or not path.is_file()}, outputs
    )
    report.files = sum(1 for path, text in outputs.items() if before.get(path) != text)
    (folder / REPORT_NAME).write_text(report_markdown(report), encoding="utf-8")
    return report


CITED_LINES = re.compile(r"\b(lines?)(\s+)([0-9]+)(?:(\s*[-–]\s*)([0-9]+))?")


def renumber_comments(text: str, alignment: Alignment, file: str, report: Report) -> str:
    """Whole-line comments that cite source lines ('lines 441-449', 'line 363') follow their lines as the data does.

    A comment copied from the old release would otherwise point at the old numbering. Each renumbered comment
    is reported (its words may need a look); one citing a line the new source no longer prints is reported and
    left as it is.
    """
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if not line.lstrip().startswith("#"):
            out.append(line)
            continue
        gone: list[str] = []

        def moved(match: re.Match, gone: list[str] = gone) -> str:
            first, last = int(match.group(3)), int(match.group(5) or match.group(3))
            now = alignment.lines(range(first, last + 1))
            if not now:
                gone.append(match.group(0))
                return match.group(0)
            if match.group(5) is None:
                return f"{match.group(1)}{match.group(2)}{alignment.line(first) or now[-1]}"
            return f"{match.group(1)}{match.group(2)}{now[0]}{match.group(4)}{now[-1]}"

        renumbered = CITED_LINES.sub(moved, line)
        if renumbered != line:
            report.changes.append(
                Change("comment", f"comment at line {number}", file, old=line.strip(), new=renumbered.strip())
            )
        for cited in gone:
            report.changes.append(
                Change(
                    "comment",
                    f"comment at line {number}",
                    file,
                    old=line.strip(),
                    decision="",
                    new=f"{line.strip()} [cites {cited}, which the new source no longer prints: reword it]",
                )
            )
        out.append(renumbered)
    return "".join(out)


def _edited_lines(before: dict[Path, str], after: dict[Path, str]) -> int:
    """YAML lines changed, added or removed across files (a renamed file counts by its content)."""
    by_name = {
        re.sub(r"^[0-9]+[a-z]?-", "", path.name) if path.parent.name == "topics" else path.name: text
        for path, text in before.items()
    }
    count = 0
    for path, text in after.items():
        name = re.sub(r"^[0-9]+[a-z]?-", "", path.name) if path.parent.name == "topics" else path.name
        old_lines = by_name.pop(name, "").splitlines()
        new_lines = text.splitlines()
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
            if tag != "equal":
                count += max(i2 - i1, j2 - j1)
    return count + sum(len(text.splitlines()) for text in by_name.values())


def _slide_items(source: Sequence[str], first: int, last: int, claimed: set[int], pool: IdPool):
    """Items for every unclaimed graded line of a slide, and the unclaimed text left over (as notes)."""
    items = []
    for number in range(first, last + 1):
        if _graded(source, number) and number not in claimed:
            lines = _new_item_lines(source, number, first, claimed)
            text_lines = (
                [n for n in lines if n != number]
                if not sourcetext.printed_grade(source[number - 1]).text_before.strip() and len(lines) > 1
                else lines
            )
            item = _new_item(source, text_lines, number, pool)
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


def _vanish(pool: IdPool, item: PosDict) -> None:
    """Remember the graded items of a vanished entry by their words, should they stand elsewhere now."""
    for node in _subtree(item):
        if isinstance(node.get("text"), str) and any(node.get(scale) for scale in SCALES):
            tags = [str(tag) for tag in node.get("tags") or []]
            pool.vanished.setdefault(sourcetext.collapse(node["text"]), (str(node.get("id")), tags))


def _new_change(item: dict[str, object], file: str, line: int, pool: IdPool) -> Change:
    identifier = str(item["id"])
    if identifier in pool.moved:
        return Change("moved", identifier, file, line, new=str(item["text"]))
    grades = tuple((scale, None, item[scale], "new") for scale in SCALES if item[scale])
    return Change("new", identifier, file, line, new=str(item["text"]), grades=grades)


def _add_new_items(
    realigner: TopicRealigner, source, first: int, last: int, claimed: set[int], pool: IdPool, report: Report
) -> None:
    """Unclaimed graded lines of a continuing slide become draft items next to the item before them.

    Where the source shows the level, the item takes it: a line between a group's heading and its first
    member is the group's first member; a `§` bullet after a `-` sub-item closes that sub-list (the item
    follows the group). Otherwise it is the next sibling of the item before it; a `-` sub-item under a graded
    `§` item is drafted so too, with a note in REVIEW.md to check the nesting.
    """
    items, notes = _slide_items(source, first, last, claimed, pool)
    text = realigner.doc.text

    def bullet(line: int) -> str:
        found = sourcetext.BULLET.match(source[line - 1].strip())
        return found.group(0).strip() if found else ""

    for item in items:
        note = ""
        lines = list(item["lines"]) + ([item["grade_line"]] if "grade_line" in item else [])
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
            _append_block(realigner, "{kind: recommendations, items: [" + mapping + "]}")
        report.changes.append(dataclasses.replace(_new_change(item, realigner.file, lines[-1], pool), note=note))
    for lines in notes:
        words = sourcetext.plain_text(source, lines)
        _append_block(realigner, flow_mapping({"kind": "note", "text": words, "lines": lines}))
        report.changes.append(
            Change("text", f"new note in topic '{realigner.root.get('id')}'", realigner.file, lines[0], new=words)
        )


def _append_block(realigner: TopicRealigner, mapping: str) -> None:
    blocks = realigner.root.get("blocks")
    if isinstance(blocks, PosList) and blocks:
        realigner.doc.text.insert_entry_after(blocks.value_positions[-1], mapping)
    else:
        realigner.doc.text.append(f"blocks:\n  - {mapping}\n")


def _retire(meta: Doc, retired: list[tuple[str, str]]) -> None:
    if not retired:
        return
    entries = [
        flow_mapping(
            {
                "id": identifier,
                "reason": f"{PLACEHOLDER_REASON} the new source no longer prints "
                f"{sourcetext.collapse(text)!r}; write why",
            }
        )
        for identifier, text in retired
    ]
    _append_entries(meta, "retired", entries)


def _append_entries(meta: Doc, key: str, entries: list[str]) -> None:
    """Add flow-style `entries` at the end of release.yaml's list `key`, starting the list if it has none."""
    existing = meta.root.get(key) if isinstance(meta.root, PosDict) else None
    if isinstance(existing, PosList) and existing:
        for entry in reversed(entries):
            meta.text.insert_entry_after(existing.value_positions[-1], entry)
    else:
        meta.text.append(f"{key}:\n" + "".join(f"  - {entry}\n" for entry in entries))


def _grades_by_id(docs: Sequence[Doc]) -> dict[str, tuple[str | None, ...]]:
    """Every item's grades before the realignment: its own, or its list's grade for a member of a graded list."""
    found: dict[str, tuple[str | None, ...]] = {}
    for doc in docs:
        for block in doc.root.get("blocks") or [] if isinstance(doc.root, PosDict) else []:
            if not isinstance(block, PosDict) or block.get("kind") != "recommendations":
                continue
            listed = block.get("list_grade")
            for item in _subtree_list(block.get("items") or []):
                own = tuple(item.get(scale) for scale in SCALES)
                if any(own):
                    found[str(item.get("id"))] = own
                elif isinstance(listed, PosDict) and not item.get("children"):
                    found[str(item.get("id"))] = tuple(listed.get(scale) for scale in SCALES)
    return found


def _grade_removals(meta: Doc, report: Report) -> None:
    """Placeholders under `grade_removals:` for every recommendation whose line prints fewer grades now."""
    entries = [
        flow_mapping(
            {
                "id": identifier,
                "grades": list(scales),
                "reason": f"{PLACEHOLDER_REASON} line {line} prints {printed!r} without its "
                f"{', '.join(GRADE_SHORT_NAMES[s] for s in scales)}; confirm with the committee and write why",
            }
        )
        for identifier, scales, line, printed in report.removals
    ]
    if not entries:
        return
    _append_entries(meta, "grade_removals", entries)


def _unread_elsewhere(source: Sequence[str], report: Report) -> None:
    """Lines whose end looks like grades but does not read, held by no recommendation (a note, a list, a new
    line): an open decision each, so no such line is published as words."""
    for number, line in enumerate(source, start=1):
        if number not in report.unread_lines and sourcetext.unread_grade(line):
            report.changes.append(
                Change(
                    "unread",
                    f"source line {number}",
                    report.new_source,
                    number,
                    new=line.strip(),
                    decision=unread_grade_message(report.new_source, number, line, report.grading, ""),
                )
            )


def _sections(doc: Doc, alignment: Alignment, topic_ids: dict[int, str], new_topics: dict[int, str]) -> str:
    """Drop removed topics; put each new topic in the section of the slide before it, right after it."""
    removed = {topic_ids[index] for index in alignment.removed_slides}
    after: dict[str, list[str]] = {}
    previous = None
    for number, slide in enumerate(alignment.slides, start=1):
        if slide.old_index is None:
            after.setdefault(previous or "", []).append(new_topics[number])
            previous = new_topics[number]
        else:
            previous = topic_ids[slide.old_index]
    for entry_index, section in enumerate(doc.root if isinstance(doc.root, PosList) else []):
        topics = [str(t) for t in section.get("topics") or []]
        result = []
        for position, topic in enumerate(topics):
            if entry_index == 0 and position == 0:
                result += after.get("", [])
            if topic not in removed:
                result.append(topic)
            chain = [topic]
            while chain:
                following = after.get(chain.pop(0), [])
                result += following
                chain += following
        if result != topics:
            start = doc.text.offset(section.value_positions["topics"])
            doc.text.edits.append((start, doc.text.value_end(start), "[" + ", ".join(result) + "]"))
    return doc.text.result()


def _editorial_links(doc: Doc, retired: set[str], removed_topics: set[str], report: Report) -> str:
    """search.yaml / informs.yaml: drop ids the draft retires and slides it removes (editorial aids only);
    an entry left pointing nowhere goes. Each removal is reported for review."""
    entries = doc.root if isinstance(doc.root, PosList) else []
    for position, entry in zip(getattr(doc.root, "value_positions", []), entries, strict=False):
        if not isinstance(entry, PosDict):
            continue
        gone = {"recommendations": retired, "topics": removed_topics}
        kept: dict[str, list[str]] = {}
        for key, drop in gone.items():
            if isinstance(entry.get(key), PosList):
                kept[key] = [str(value) for value in entry[key] if value not in drop]
        dropped = [str(v) for key in kept for v in entry[key] if str(v) not in kept[key]]
        topic_gone = entry.get("topic") in removed_topics
        if not dropped and not topic_gone:
            continue
        empty = topic_gone or not any(kept.values()) or ("topic" in entry and not kept.get("recommendations"))
        if empty:
            doc.text.remove_entry(position)
        else:
            for key, values in kept.items():
                if values != [str(v) for v in entry[key]]:
                    start = doc.text.offset(entry.value_positions[key])
                    doc.text.edits.append((start, doc.text.value_end(start), "[" + ", ".join(values) + "]"))
        what = ", ".join(dropped + ([str(entry.get("topic"))] if topic_gone else []))
        report.changes.append(
            Change(
                "editorial",
                what,
                f"{doc.path.name}:{position[0]}",
                new="entry removed" if empty else "ids removed from the entry",
            )
        )
    return doc.text.result()


def _citations(doc: Doc, retired: set[str], kind: str) -> list[Change]:
    found = []
    for mapping in _mappings(doc.root):
        cited = mapping.get("recommendations")
        if isinstance(cited, PosList):
            for position, identifier in zip(cited.value_positions, cited, strict=False):
                if identifier in retired:
                    found.append(
                        Change(
                            "cited",
                            identifier,
                            f"{kind}/{doc.path.name}:{position[0]}",
                            decision=(
                                f"cites a recommendation the new source no longer prints: cite its successor or rewrite "
                                f"the {'step' if kind == 'flows' else 'expected path'}"
                            ),
                        )
                    )
    return found


# --- the review report ---------------------------------------------------------------------

TITLES = {
    "reworded": "Reworded (the new source's words were taken)",
    "regraded": "Regraded (the new source's grades were taken)",
    "new": "New recommendations (drafted from unclaimed graded lines: check id, tags and nesting)",
    "unread": "Grades not understood (words and grades kept as they were: the source line must be corrected)",
    "retired": "Retired (no longer printed)",
    "new-topic": "New slides (placed in the section of the slide before them)",
    "removed-topic": "Removed slides",
    "moved-topic": "Moved slides",
    "moved": "Moved to another place (the id is kept: same words)",
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
        f"{GRADE_SHORT_NAMES[s]} {new}"
        if how == "new"
        else f"{GRADE_SHORT_NAMES[s]} {old or 'none'}"
        if how == "was"
        else f"{GRADE_SHORT_NAMES[s]} {old} (kept)"
        if how == "kept"
        else f"{GRADE_SHORT_NAMES[s]} {old or 'none'} -> {new or 'none'} ({how})"
        for s, old, new, how in grades
    )


def _entry(change: Change) -> str:
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
        f"# Review of draft {report.release}: new source {report.new_source}",
        "",
        f"Realigned from {report.old_source}. {len(report.changes)} change(s); "
        f"{len(report.decisions)} decision(s) left to the editor; {report.edited_lines} YAML line(s) edited in "
        f"{report.files} file(s). `publish` refuses the draft until every decision is taken.",
        "",
        "## Decisions left",
        "",
        *([_entry(change) for change in report.decisions] or ["None."]),
        "",
    ]
    for kind, title in TITLES.items():
        entries = [_entry(change) for change in report.changes if change.kind == kind]
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
