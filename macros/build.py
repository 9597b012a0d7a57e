"""Turn positioned YAML values into model objects, collecting every problem on the way.

One generic builder driven by the dataclasses' type hints: unknown keys, missing fields,
wrong types and empty text are reported with file, line, column, item id and field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache

from .model import BLOCK_KINDS, Where
from .problems import Problem
from .yamlsource import PosDict, PosList

_NAMES = {
    "RecommendationsBlock": "block",
    "NoteBlock": "block",
    "ListBlock": "block",
    "LinksBlock": "block",
    "FigureBlock": "block",
    "TrialBlock": "trial",
    "TableBlock": "table",
    "Recommendation": "recommendation",
    "Topic": "topic",
    "Arm": "arm",
    "Section": "section",
    "TableColumn": "column",
    "ReleaseMetadata": "release",
    "Flow": "flow",
    "Fact": "fact",
    "FlowNode": "node",
    "Case": "case",
    "MapCategory": "map category",
}


class Builder:
    """Builds models from one file's values; problems accumulate in `problems`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, position: tuple[int, int], item: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, position[0], position[1], item, field_name, message))

    def build(self, hint: object, value: object, position: tuple[int, int], item: str, field_name: str) -> object:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            options = [option for option in typing.get_args(hint) if option is not type(None)]
            if value is None and type(None) in typing.get_args(hint):
                return None
            if len(options) == 1:
                return self.build(options[0], value, position, item, field_name)
            return self._block(value, position, item, field_name)
        if origin is tuple:
            if not isinstance(value, PosList):
                self.problem(position, item, field_name, f"expected a list, got {describe(value)}")
                return ()
            (element,) = typing.get_args(hint)[:1]
            return tuple(
                self.build(element, entry, entry_position, item, field_name)
                for entry, entry_position in zip(value, value.value_positions, strict=True)
            )
        if origin is dict:
            if not isinstance(value, PosDict):
                self.problem(position, item, field_name, f"expected a mapping, got {describe(value)}")
                return {}
            return {
                key: self.build(str, entry, value.value_positions[key], item, f"{field_name}.{key}")
                for key, entry in value.items()
            }
        if dataclasses.is_dataclass(hint):
            return self.model(hint, value, position, item, field_name)
        if hint is str:
            if not isinstance(value, str):
                self.problem(position, item, field_name, f"expected text, got {describe(value)}")
                return ""
            if not value.strip():
                self.problem(position, item, field_name, "must not be empty")
            return value
        if hint is int:
            if not isinstance(value, str) or not value.isascii() or not value.isdigit():
                self.problem(position, item, field_name, f"expected a whole number, got {describe(value)}")
                return 0
            return int(value)
        if hint is bool:
            if value not in ("true", "false"):
                self.problem(position, item, field_name, f"expected true or false, got {describe(value)}")
                return False
            return value == "true"
        raise TypeError(f"unsupported type in model: {hint!r}")

    def _block(self, value: object, position: tuple[int, int], item: str, field_name: str) -> object:
        if not isinstance(value, PosDict):
            self.problem(position, item, field_name, f"expected a mapping, got {describe(value)}")
            return None
        kind = value.get("kind")
        if "kind" not in value:
            self.problem(value.position, item, "kind", f"required field is missing; allowed: {', '.join(BLOCK_KINDS)}")
            return None
        if not isinstance(kind, str) or kind not in BLOCK_KINDS:
            allowed = ", ".join(BLOCK_KINDS)
            self.problem(
                value.value_positions.get("kind", position),
                item,
                "kind",
                f"{describe(kind)} is not a block kind; allowed: {allowed}",
            )
            return None
        return self.model(BLOCK_KINDS[kind], value, position, item, field_name)

    def model(self, cls: type, value: object, position: tuple[int, int], item: str, field_name: str) -> object:
        if not isinstance(value, PosDict):
            self.problem(position, item, field_name, f"expected a mapping, got {describe(value)}")
            return None
        fields, hints = _fields(cls)
        if isinstance(value.get("id"), str) and cls.__name__ in _NAMES:
            item = f"{_NAMES[cls.__name__]} '{value['id']}'"
        known = {f.name for f in fields}
        for key in value:
            if key not in known:
                allowed = ", ".join(sorted(known))
                self.problem(value.value_positions[key], item, key, f"unknown key; allowed: {allowed}")
        arguments: dict[str, object] = {}
        for spec in fields:
            if spec.name not in value:
                required = spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
                if required:
                    self.problem(value.position, item, spec.name, "required field is missing")
                continue
            arguments[spec.name] = self.build(
                hints[spec.name], value[spec.name], value.value_positions[spec.name], item, spec.name
            )
        missing = [
            spec
            for spec in fields
            if spec.name not in arguments
            and spec.default is dataclasses.MISSING
            and spec.default_factory is dataclasses.MISSING
        ]
        if missing:
            return None
        where = Where(self.file, value.position[0], value.position[1], dict(value.value_positions))
        return cls(**arguments, at=where)


@cache
def _fields(cls: type) -> tuple[tuple[dataclasses.Field, ...], dict[str, object]]:
    fields = tuple(f for f in dataclasses.fields(cls) if not f.metadata.get("loader"))
    return fields, typing.get_type_hints(cls)


def describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, PosDict):
        return "a mapping"
    if isinstance(value, PosList):
        return "a list"
    shown = value if len(str(value)) <= 60 else f"{str(value)[:57]}..."
    return repr(shown)
