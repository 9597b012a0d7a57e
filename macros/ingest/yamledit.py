"""Minimal, position-based edits of a YAML file's text: everything not edited stays byte-identical.

Positions (1-based line, column) come from `yamlsource.read_yaml`. Values are written as flow
values: numbers bare, lists as `[1, 2]`, text double-quoted (JSON escaping is valid YAML).
Edits are collected first and applied together, last first, so positions stay valid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

Position = tuple[int, int]
# Text that reads the same written plain (no YAML indicator, never a number, bool or null).
PLAIN_SAFE = re.compile(r"^[0-9a-f]{64}$|^source/[A-Za-z0-9_.-]+$")


def quoted(text: str) -> str:
    """Text as a double-quoted YAML scalar."""
    return json.dumps(text, ensure_ascii=False)


def flow_value(value: object) -> str:
    """A number, text or list of them as a YAML flow value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_value(entry) for entry in value) + "]"
    return quoted(str(value))


@dataclass
class YamlText:
    """One file's text and the edits waiting to be applied to it."""

    text: str
    edits: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [0]
        for number, char in enumerate(self.text):
            if char == "\n":
                self.starts.append(number + 1)

    def offset(self, position: Position) -> int:
        return self.starts[position[0] - 1] + position[1] - 1

    def value_end(self, start: int) -> int:
        """Where the flow value or scalar starting at `start` ends (exclusive)."""
        text, char = self.text, self.text[start]
        if char == '"':
            index = start + 1
            while text[index] != '"':
                index += 2 if text[index] == "\\" else 1
            return index + 1
        if char == "'":
            index = start + 1
            while True:
                if text[index] == "'" and text[index + 1 : index + 2] != "'":
                    return index + 1
                index += 2 if text[index] == "'" else 1
        if char in "[{":
            depth, index = 0, start
            while True:
                current = text[index]
                if current in "\"'":
                    index = self.value_end(index)
                    continue
                depth += current in "[{"
                depth -= current in "]}"
                index += 1
                if depth == 0:
                    return index
        index = start
        while index < len(text) and text[index] not in ",}]\n" and text[index : index + 2] != " #":
            index += 1
        while text[index - 1] == " ":
            index -= 1
        return index

    def replace_value(self, position: Position, value: object) -> None:
        """Replace the value at `position`; text written plain stays plain where it safely can."""
        start = self.offset(position)
        written = flow_value(value)
        if isinstance(value, str) and self.text[start] not in "\"'" and PLAIN_SAFE.match(value):
            written = value
        self.edits.append((start, self.value_end(start), written))

    def is_flow_mapping(self, mapping_position: Position) -> bool:
        return self.text[self.offset(mapping_position)] == "{"

    def add_key(self, mapping_position: Position, after_position: Position, key: str, value: object) -> None:
        """Add `key: value` after the value at `after_position` of the same mapping."""
        end = self.value_end(self.offset(after_position))
        if self.is_flow_mapping(mapping_position):
            self.edits.append((end, end, f", {key}: {flow_value(value)}"))
        else:
            line_end = self.text.index("\n", end) + 1
            indent = " " * (self.key_column(after_position) - 1)
            self.edits.append((line_end, line_end, f"{indent}{key}: {flow_value(value)}\n"))

    def key_column(self, value_position: Position) -> int:
        """The column where the key of the value at `value_position` starts (block mappings)."""
        line = self.text[self.starts[value_position[0] - 1] : self.offset(value_position)]
        return len(line) - len(line.lstrip()) + 1

    def remove_key(self, mapping_position: Position, value_position: Position, key: str) -> None:
        start = self.offset(value_position)
        end = self.value_end(start)
        if self.is_flow_mapping(mapping_position):
            key_start = self.text.rindex(f"{key}:", 0, start)
            separator = self.text.rindex(",", 0, key_start)
            self.edits.append((separator, end, ""))
        else:
            line_start = self.starts[value_position[0] - 1]
            self.edits.append((line_start, self.text.index("\n", end) + 1, ""))

    def entry_extent(self, entry_position: Position) -> tuple[int, int, int]:
        """A block-sequence entry (`- ...`) starting at `entry_position`: start, end offsets and dash column."""
        line_start = self.starts[entry_position[0] - 1]
        dash = self.text.rindex("-", line_start, self.offset(entry_position))
        column = dash - line_start
        number = entry_position[0]
        while number < len(self.starts):
            following = self.text[
                self.starts[number] : self.starts[number + 1] if number + 1 < len(self.starts) else None
            ]
            if following.strip() and len(following) - len(following.lstrip(" ")) <= column:
                break
            number += 1
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return line_start, end, column

    def remove_entry(self, entry_position: Position) -> None:
        start, end, _ = self.entry_extent(entry_position)
        self.edits.append((start, end, ""))

    def insert_entry_after(self, entry_position: Position, flow_mapping: str) -> None:
        _, end, column = self.entry_extent(entry_position)
        self.edits.append((end, end, " " * column + "- " + flow_mapping + "\n"))

    def insert_entry_before(self, entry_position: Position, flow_mapping: str) -> None:
        start, _, column = self.entry_extent(entry_position)
        self.edits.append((start, start, " " * column + "- " + flow_mapping + "\n"))

    def append(self, text: str) -> None:
        end = len(self.text)
        prefix = "" if self.text.endswith("\n") else "\n"
        self.edits.append((end, end, prefix + text))

    def result(self) -> str:
        """The text with every edit applied (overlapping edits raise ValueError). Insertions at one offset land
        in the order they were made (two new items after the same entry stay in source order)."""
        text, limit = self.text, len(self.text) + 1
        ordered = sorted(enumerate(self.edits), key=lambda edit: (edit[1][0], edit[1][1], edit[0]), reverse=True)
        for _, (start, end, replacement) in ordered:
            if end > limit:
                raise ValueError(f"overlapping edits at offset {start}")
            text = text[:start] + replacement + text[end:]
            limit = start
        return text


SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def flow_mapping(pairs: dict[str, object]) -> str:
    """A one-line flow mapping as the data files write them (ids and kinds plain); None values left out."""
    return (
        "{"
        + ", ".join(
            f"{key}: {value if key in ('id', 'kind') and SLUG.match(str(value)) else flow_value(value)}"
            for key, value in pairs.items()
            if value is not None
        )
        + "}"
    )


# --- whole documents from model objects (the import writes new files through these) -----------------

# Keys written first, in this order, where a model has them (as the hand-made data files write them).
KEY_ORDER = (
    "kind", "id", "slide", "source_lines", "title", "short_title", "layout_lines", "heading", "list_grade", "name",
    "marker", "text", "label", "url", "lines", "grade_line", "loe", "gr", "ago", "line",
)
# Keys holding lists of parts, written last (the parts follow what they belong to).
TAIL_KEYS = ("arms", "results", "columns", "rows", "citations", "labels", "links", "items", "children", "blocks",
             "footnotes")


def _entries(model: object) -> list[tuple[str, object]]:
    """A model's fields worth writing: no loader position, nothing left at its default (None, empty, False),
    except a block's `kind`, which says what the block is."""
    import dataclasses

    found = []
    for spec in dataclasses.fields(model):
        if spec.metadata.get("loader"):
            continue
        value = getattr(model, spec.name)
        required = spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        if not required and spec.name != "kind" and (value is None or value is False or value == () or value == {}):
            continue
        found.append((spec.name, value))
    rank = {key: position for position, key in enumerate(KEY_ORDER)}
    rank.update({key: 100 + position for position, key in enumerate(TAIL_KEYS)})
    return sorted(found, key=lambda pair: rank.get(pair[0], len(KEY_ORDER)))


def _is_model(value: object) -> bool:
    import dataclasses

    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _flat(model: object) -> bool:
    """Written on one line: no field holds a model that is not flat itself, nor a list of models with children."""
    if any(key == "kind" for key, _ in _entries(model)):
        return False  # blocks are written as block mappings, as the data files do
    for _, value in _entries(model):
        if _is_model(value) and not _flat(value):
            return False
        if isinstance(value, tuple) and value and _is_model(value[0]):
            return False
    return True


def flow(value: object) -> str:
    """Any value of a model as a YAML flow value: mappings `{...}` (ids and kinds plain), lists `[...]`."""
    if _is_model(value):
        return "{" + ", ".join(
            f"{key}: {entry if key in ('id', 'kind') and SLUG.match(str(entry)) else flow(entry)}"
            for key, entry in _entries(value)
        ) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key if SLUG.match(key) else quoted(key)}: {flow(entry)}" for key, entry in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(entry) for entry in value) + "]"
    return flow_value(value)


def block_lines(model: object, indent: int = 0) -> list[str]:
    """A model as the lines of a block mapping: small parts on one line each, lists of models one entry a line."""
    pad = " " * indent
    out: list[str] = []
    for key, value in _entries(model):
        written = value if key not in ("id", "kind") or not SLUG.match(str(value)) else None
        if written is None:
            out.append(f"{pad}{key}: {value}")
        elif isinstance(value, tuple) and value and _is_model(value[0]):
            out.append(f"{pad}{key}:")
            for entry in value:
                if _flat(entry):
                    out.append(f"{pad}  - {flow(entry)}")
                else:
                    body = block_lines(entry, indent + 4)
                    out.append(f"{pad}  - {body[0].lstrip()}")
                    out += body[1:]
        elif _is_model(value) and not _flat(value):
            out.append(f"{pad}{key}:")
            out += block_lines(value, indent + 2)
        else:
            out.append(f"{pad}{key}: {flow(value)}")
    return out


def model_document(model: object, comment: str = "") -> str:
    """One model as a whole YAML file (a topic, a release's metadata), with an optional comment on top."""
    head = [f"# {line}" if line else "#" for line in comment.splitlines()]
    return "\n".join([*head, *block_lines(model)]) + "\n"


def model_list_document(models: tuple | list, comment: str = "") -> str:
    """A YAML list of models (sections, decisions), one entry a line where it is flat."""
    head = [f"# {line}" if line else "#" for line in comment.splitlines()]
    out = []
    for model in models:
        if _flat(model):
            out.append(f"- {flow(model)}")
        else:
            body = block_lines(model, 2)
            out.append(f"- {body[0].lstrip()}")
            out += body[1:]
    return "\n".join([*head, *(out or ["[]"])]) + "\n"
