"""One topic realigned: its line references moved, the new source's words and grades taken."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from .. import sourcetext
from ..decisions import unread_grade_message
from ..grades import NONE, SCALES, SHORT_NAMES, values_text
from ..model import LINE_FIELDS, LINE_LIST_FIELDS
from ..yamlsource import PosDict, PosList
from .alignment import Alignment
from .documents import Doc, ints, leaves, mappings, subtree, subtree_list
from .review import Change, Report, direction


class TopicRealigner:
    """Moves one topic's line references to the new source and takes the new source's words and grades."""

    def __init__(self, doc: Doc, alignment: Alignment, old: Sequence[str], new: Sequence[str], report: Report):
        self.doc, self.alignment, self.old, self.new, self.report = doc, alignment, old, new, report
        self.removed_items: list[PosDict] = []
        self.removed_all: set[int] = set()  # id() of every mapping inside a deleted entry
        self.retired: list[tuple[str, str]] = []  # (id, text)
        self.items: list[tuple[PosDict, PosList, list[int], int | None]] = []  # item, its list, new lines, grade line
        self.claimed: set[int] = set()
        self.notes: dict[str, str] = {}  # id -> what the matching asks the editor to check (matching.py)
        self.root: PosDict = doc.root
        self.file = doc.path.name

    # --- generic line references --------------------------------------------------------
    def remap_lines(self) -> None:
        """Every `lines`, `label_lines`, `layout_lines`, `grade_line` and `line` value, moved."""
        self.new_values: dict[tuple[int, str], object] = {}
        for mapping in mappings(self.root):
            for key in LINE_LIST_FIELDS:
                if isinstance(mapping.get(key), PosList):
                    self.new_values[(id(mapping), key)] = list(self.alignment.lines(ints(mapping[key])))
            for key in LINE_FIELDS:
                if isinstance(mapping.get(key), str) and mapping[key].isdigit():
                    self.new_values[(id(mapping), key)] = self.alignment.line(int(mapping[key]))

    def value(self, mapping: PosDict, key: str) -> object:
        return self.new_values.get((id(mapping), key), mapping.get(key))

    def set(self, mapping: PosDict, key: str, value: object) -> None:
        self.new_values[(id(mapping), key)] = value

    def write_lines(self) -> None:
        for mapping in mappings(self.root):
            if id(mapping) in self.removed_all:
                continue
            for key in (*LINE_LIST_FIELDS, *LINE_FIELDS):
                if (id(mapping), key) not in self.new_values:
                    continue
                value = self.new_values[(id(mapping), key)]
                if key not in mapping:
                    if key == "grade_line" and isinstance(value, int):  # grades now on a line of their own
                        self.doc.text.add_key(mapping.position, mapping.value_positions["lines"], key, value)
                    continue
                old = ints(mapping[key]) if key in LINE_LIST_FIELDS else int(mapping[key])
                if value is None or value == []:
                    continue  # reported where the thing is handled
                if key == "grade_line" and value == (self.value(mapping, "lines") or [None])[-1]:
                    # grades back on its last line of words (a rewrap): no `grade_line:`, as the data writes it
                    self.doc.text.remove_key(mapping.position, mapping.value_positions[key], key)
                elif value != old:
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
        members = ", ".join(item.get("id", "?") for item in leaves(block.get("items") or []))
        if line and sourcetext.unread_grade(self.new[line - 1]):  # 'AGO: –', 'AGO: + +': kept, a decision
            old = tuple(grade.get(scale) for scale in SCALES)
            kept = (
                f"The draft keeps the list grade of topic '{self.root.get('id')}' ("
                + values_text(old, NONE)
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
                for gone in subtree(item):
                    self.retired.append((gone.get("id", "?"), gone.get("text", "")))
                continue
            self._item(item, items)
            self._items(item.get("children") or PosList())

    def _gone(self, item: PosDict) -> bool:
        return all(not self.value(node, "lines") for node in subtree(item))

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
            has_key = "grade_line" in item or (id(item), "grade_line") in self.new_values
            grade_line = self.value(item, "grade_line") if has_key else lines[-1]
            if grade_line is None:
                grade_line = lines[-1]
                self.set(item, "grade_line", grade_line)
        self.items.append((item, siblings, lines, grade_line))

    def settle(self) -> None:
        """What is deleted, and which new lines the remaining references claim."""
        self.removed_all = {id(mapping) for item in self.removed_items for mapping in mappings(item)}
        for mapping in mappings(self.root):
            if id(mapping) in self.removed_all:
                continue
            for key in (*LINE_LIST_FIELDS, *LINE_FIELDS):
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
                f"line {grade_line} no longer prints its {', '.join(SHORT_NAMES[s] for s in lost)}: confirm with "
                "the committee and write why under `grade_removals:` in release.yaml (a placeholder stands there), "
                "or have the source corrected and run `update-source`"
            )
        note = self.notes.get(identifier, "")
        if sourcetext.collapse(text) != printed:
            self.doc.text.replace_value(item.value_positions["text"], printed)
            self.report.changes.append(
                Change(
                    "reworded",
                    identifier,
                    self.file,
                    grade_line or lines[0],
                    text,
                    printed,
                    grade_changes,
                    decision,
                    note,
                )
            )
            if item.get("children") and not any(old_grades):
                self._reworded_in_context(item, text, printed)
        elif grade_changes:
            self.report.changes.append(
                Change("regraded", identifier, self.file, grade_line, text, text, grade_changes, decision, note)
            )

    def _reworded_in_context(self, heading: PosDict, old: str, new: str) -> None:
        """A group heading reworded changes what every item nested under it says: each is reported in context."""
        for child in subtree_list(heading.get("children") or []):
            words = sourcetext.collapse(str(child.get("text") or ""))
            self.report.changes.append(
                Change(
                    "context",
                    str(child.get("id", "?")),
                    self.file,
                    (self.value(child, "lines") or [None])[0],
                    f"{sourcetext.collapse(old)} › {words}",
                    f"{new} › {words}",
                    note=f"the heading it is nested under (`{heading.get('id')}`) was reworded: check that it still "
                    "says what the committee means",
                )
            )

    def _unread(self, identifier: str, text: str, grades: tuple, line: int, printed: str | None = None) -> None:
        """A line whose end looks like grades but does not read: words and grades stay, an open decision."""
        kept = (
            f"The draft keeps {identifier}'s words {text!r} and grades "
            + values_text(grades, NONE)
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
            changes.append((scale, was, now, direction(self.report.grading, scale, was, now)))
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
                pieces += [(entry, "lines", "text") for entry in subtree_list(block.get("items") or [])]
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
                citing = [
                    str(item.get("id"))
                    for item in mappings(self.root)
                    if item.get("id") and marker in [str(ref) for ref in item.get("footnote_refs") or []]
                ]
                self.report.changes.append(
                    Change(
                        "text",
                        f"footnote {marker} of topic '{self.root.get('id')}'",
                        self.file,
                        lines[0],
                        footnote.get("text", ""),
                        text,
                        note=(
                            f"the condition it sets changed for {', '.join(f'`{c}`' for c in citing)}, which "
                            f"cite{'s' if len(citing) == 1 else ''} it: check {'it' if len(citing) == 1 else 'them'}"
                        )
                        if citing
                        else "",
                    )
                )

    def relocate_footnotes(self, first: int, last: int, claimed: set[int]) -> None:
        """A footnote reworded beyond its words' alignment is found again by its marker on its slide (before new
        notes are drafted from unclaimed lines); one not found is a decision, never left on its old line."""
        for footnote in self.root.get("footnotes") or []:
            if not isinstance(footnote, PosDict) or self.value(footnote, "lines"):
                continue
            marker = str(footnote.get("marker", ""))
            found = [
                n
                for n in range(first, last + 1)
                if n not in claimed and self.new[n - 1].split()[:1] == [marker]
            ]
            if len(found) == 1:
                self.set(footnote, "lines", found)
                claimed.update(found)
                self.claimed.update(found)
                continue
            self.report.changes.append(
                Change(
                    "text",
                    f"footnote {marker} of topic '{self.root.get('id')}'",
                    self.file,
                    old=str(footnote.get("text", "")),
                    decision=f"the footnote {marker!r} is no longer printed where it was"
                    + (f" and {len(found)} lines of the slide start with {marker!r}" if found else "")
                    + ": give its new lines and words in the topic's `footnotes:`, or remove it and its markers",
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
        old_lines, new_lines = ints(holder.get("lines")), self.value(holder, "lines")
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
        old_lines, new_lines = ints(row.get("lines")), self.value(row, "lines")
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


