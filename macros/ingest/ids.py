"""Ids for drafted items and slides: made from their words, never one any release used or retired."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import sourcetext
from ..yamlsource import read_yaml
from .documents import DraftError, mappings


def slug(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)
    result = ""
    for part in parts:
        if len(result) + len(part) + 1 > limit and result:
            break
        result = f"{result}-{part}" if result else part
    return result or "item"




def known_ids(data: Path) -> set[str]:
    """Every id any release has used, retired or named as a successor or predecessor: a new item takes none of
    them. Read from the YAML trees (every `id`, `successor` and `replaces` value), not from the text."""
    found: set[str] = set()
    paths = [
        path
        for path in sorted(data.rglob("*.yaml"))
        if (path.parent.name == "topics" or path.name == "release.yaml") and not path.name.startswith(".")
    ]
    for path in paths:
        root, problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
        if problems:
            raise DraftError("; ".join(str(problem) for problem in problems) + " (fix this file, then run again)")
        for mapping in mappings(root):
            for key in ("id", "successor"):
                if isinstance(mapping.get(key), str):
                    found.add(mapping[key])
            if isinstance(mapping.get("replaces"), list):
                found.update(str(value) for value in mapping["replaces"])
    return found


def unique_id(base: str, taken: set[str]) -> str:
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
    by_line: dict[int, tuple[str, list[str]]] = field(default_factory=dict)  # graded line -> (id, tags): matched
    origin: dict[str, tuple[str, tuple[str | None, ...]]] = field(default_factory=dict)  # moved id -> words, grades
    line_notes: dict[int, str] = field(default_factory=dict)  # graded line -> what to check about its new item
    # graded line split off an item -> that item's id, old words and grades: the new item `replaces` it
    split_from: dict[int, tuple[str, str, tuple[str | None, ...]]] = field(default_factory=dict)
    footnotes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # id -> its (marker, footnote) refs
    decisions: list = field(default_factory=list)  # ReadingDecision: a moved item's footnote its new slide lacks

    def item_id(self, text: str, line: int | None = None) -> tuple[str, list[str]]:
        if line in self.by_line:  # matching.py found the item this line continues on another slide
            identifier, tags = self.by_line.pop(line)
            self.moved[identifier] = text
            return identifier, tags
        key = sourcetext.collapse(text)
        reserved = {identifier for identifier, _ in self.by_line.values()}
        if key in self.vanished and self.vanished[key][0] not in reserved and self.vanished[key][0] not in self.moved:
            identifier, tags = self.vanished.pop(key)
            self.moved[identifier] = text
            return identifier, tags
        return unique_id(slug(text), self.taken), []


