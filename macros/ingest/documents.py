"""A draft's YAML files as positioned trees with pending text edits (macros/ingest/yamledit.py writes them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..yamlsource import PosDict, PosList, read_yaml
from .yamledit import YamlText


class DraftError(ValueError):
    """The draft cannot be realigned as it stands (the message says why and what to do)."""



def ints(value: object) -> list[int]:
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


def mappings(node: object) -> Iterator[PosDict]:
    if isinstance(node, PosDict):
        yield node
        for value in node.values():
            yield from mappings(value)
    elif isinstance(node, PosList):
        for value in node:
            yield from mappings(value)



def subtree(item: PosDict) -> Iterator[PosDict]:
    yield item
    for child in item.get("children") or []:
        if isinstance(child, PosDict):
            yield from subtree(child)


def subtree_list(items: Sequence) -> Iterator[PosDict]:
    for item in items:
        if isinstance(item, PosDict):
            yield from subtree(item)


def leaves(items: Sequence) -> Iterator[PosDict]:
    for item in subtree_list(items):
        if not item.get("children"):
            yield item




def append_entries(meta: Doc, key: str, entries: list[str]) -> None:
    """Add flow-style `entries` at the end of release.yaml's list `key`, starting the list if it has none."""
    existing = meta.root.get(key) if isinstance(meta.root, PosDict) else None
    if isinstance(existing, PosList) and existing:
        for entry in reversed(entries):
            meta.text.insert_entry_after(existing.value_positions[-1], entry)
    else:
        meta.text.append(f"{key}:\n" + "".join(f"  - {entry}\n" for entry in entries))




def _first_line(entry: object) -> int | None:
    if not isinstance(entry, PosDict):
        return None
    numbers = ints(entry.get("lines")) or ([int(entry["grade_line"])] if str(entry.get("grade_line", "")).isdigit() else [])
    return min(numbers) if numbers else None


def _item_lists(node: object) -> Iterator[PosList]:
    """Every list of recommendation items in a topic's tree, outermost first."""
    if isinstance(node, PosDict):
        for key, value in node.items():
            if key in ("items", "children") and isinstance(value, PosList):
                yield value
            yield from _item_lists(value)
    elif isinstance(node, PosList):
        for value in node:
            yield from _item_lists(value)


def in_source_order(text: str, name: str) -> str:
    """A topic's items (and nested items) in the order the source prints them: lines swapped within a slide are
    reordered in the YAML, entry by entry as written (one list at a time, outermost first)."""
    for _ in range(100):
        root, problems = read_yaml(text, name)
        if problems:
            return text
        for items in _item_lists(root):
            firsts = [_first_line(entry) for entry in items]
            if None in firsts or firsts == sorted(firsts):
                continue
            yaml = YamlText(text)
            extents = [yaml.entry_extent(position)[:2] for position in items.value_positions]
            if any(extents[k][1] != extents[k + 1][0] for k in range(len(extents) - 1)):
                continue  # something stands between the entries: left as it is
            pieces = sorted(zip(firsts, [text[start:end] for start, end in extents], strict=True), key=lambda p: p[0])
            text = text[: extents[0][0]] + "".join(piece for _, piece in pieces) + text[extents[-1][1] :]
            break
        else:
            return text
    return text
