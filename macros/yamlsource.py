"""Safe YAML reading that keeps the line and column of every value.

Scalars stay strings exactly as written (no YAML 1.1 guessing of `no`, `08` or `1e3`); only
`null`/`~`/empty become None. Anchors, aliases and explicit tags are refused: data never
expands or executes anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .problems import Problem

Position = tuple[int, int]
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class PosDict(dict):
    """A mapping that remembers where it and each of its values stand (1-based)."""

    position: Position
    value_positions: dict[str, Position]


class PosList(list):
    """A sequence that remembers where it and each of its entries stand (1-based)."""

    position: Position
    value_positions: list[Position]


@dataclass
class YamlDocument:
    file: str
    root: object


def _where(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _problem(file: str, mark: yaml.Mark | None, message: str) -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(file, line, column, "", "", message)


def _convert(node: yaml.Node, file: str, problems: list[Problem]) -> object:
    if node.tag not in _PLAIN_TAGS:
        line, column = _where(node)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(Problem(file, line, column, "", "", f"YAML tag {tag!r} is not allowed; write plain values"))
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" and not node.style:  # libyaml writes plain style as ""
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        entries = PosList(_convert(child, file, problems) for child in node.value)
        entries.position = _where(node)
        entries.value_positions = [_where(child) for child in node.value]
        return entries
    mapping = PosDict()
    mapping.position = _where(node)
    mapping.value_positions = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, file, problems)
        if not isinstance(key, str):
            line, column = _where(key_node)
            problems.append(Problem(file, line, column, "", "", "keys must be plain text"))
            continue
        if key in mapping:
            line, column = _where(key_node)
            problems.append(Problem(file, line, column, "", key, "key is given twice"))
        mapping[key] = _convert(value_node, file, problems)
        mapping.value_positions[key] = _where(value_node)
    return mapping


# libyaml's parser is about ten times faster; the pure-Python one words the error messages (pinned by
# the tests), so broken files are parsed again with it.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AnchorFound(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _ExplicitTag(Exception):
    """libyaml resolves a few explicit tags differently; such files take the pure-Python path."""


def _compose(text: str, loader: type) -> list[yaml.Node]:
    """The documents' node trees; raises _AnchorFound at the first anchor or alias."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _AnchorFound(event.start_mark)
        if loader is not yaml.SafeLoader and getattr(event, "tag", None) is not None:
            raise _ExplicitTag
    return list(yaml.compose_all(text, Loader=loader))


def read_yaml(text: str, file: str) -> tuple[object, list[Problem]]:
    """Parse one YAML document into PosDict/PosList/str/None, or report why it cannot be."""
    if text.startswith("\ufeff"):
        return None, [
            Problem(file, 1, 1, "", "", "file starts with a byte order mark (BOM); save it as UTF-8 without BOM")
        ]
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return None, [Problem(file, number, 1, "", "", "indentation uses a tab; indent with spaces")]
    try:
        try:
            documents = _compose(text, _FAST_LOADER)
        except (yaml.YAMLError, _AnchorFound, _ExplicitTag):
            documents = _compose(text, yaml.SafeLoader)
    except _AnchorFound as found:
        return None, [_problem(file, found.mark, "YAML anchors and aliases are not allowed; write each value out")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return None, [_problem(file, mark, f"malformed YAML: {error.problem or error.context}")]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        return None, [Problem(file, line, 1, "", "", f"character U+{error.character:04X} is not allowed in YAML text")]
    if not documents or documents[0] is None:
        return None, [Problem(file, 1, 1, "", "", "file is empty; expected a YAML mapping")]
    if len(documents) > 1:
        return None, [Problem(file, 1, 1, "", "", "file holds more than one YAML document; expected exactly one")]
    problems: list[Problem] = []
    root = _convert(documents[0], file, problems)
    if root is None and not problems:
        problems.append(Problem(file, 1, 1, "", "", "file holds no value; expected a YAML mapping"))
    return root, problems


def from_plain(value: object, position: Position = (1, 1)) -> object:
    """JSON-like data as the builder expects YAML: scalars as written text, no positions known."""
    if isinstance(value, dict):
        mapping = PosDict((key, from_plain(entry)) for key, entry in value.items())
        mapping.position, mapping.value_positions = position, {key: position for key in value}
        return mapping
    if isinstance(value, list):
        entries = PosList(from_plain(entry) for entry in value)
        entries.position, entries.value_positions = position, [position] * len(value)
        return entries
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)
