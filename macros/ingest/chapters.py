"""Chapters of a draft release as editors change them: remove one (its recommendations retired as open
decisions) and put them in another order. Adding one is `import-chapter` (macros/ingest/importing.py).

Each works on the text of release.yaml (every other byte stays), refuses a published release, and writes
nothing unless everything it must change could be worked out first.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..decisions import PLACEHOLDER_REASON
from ..load import RELEASE_FILE, chapter_folder, data_files, listed_chapters, release_folders
from ..releaseorder import release_key
from ..yamlsource import PosDict, read_yaml
from .documents import Doc, append_entries, mappings
from .releasefiles import editorial_links
from .review import Report
from .yamledit import flow_mapping

CHAPTERS_LINE = re.compile(r"^chapters:[ \t]*\[([^\]\n]*)\][ \t]*$", flags=re.M)


class ChapterError(ValueError):
    """A chapter command that cannot be done as asked: what is wrong and what to do instead."""


@dataclass(frozen=True)
class Removal:
    """What remove-chapter did: the ids it retired (open decisions) and the editorial links it dropped."""

    release: str
    chapter: str
    retired: tuple[str, ...]
    dropped_links: int


def with_chapters(release_text: str, chapters: list[str]) -> str:
    """release.yaml's text with its `chapters:` list replaced; every other byte as it was."""
    match = CHAPTERS_LINE.search(release_text)
    if match is None:
        raise ChapterError("release.yaml holds no `chapters: [...]` line; write the chapters as a one-line list")
    return release_text[: match.start()] + f"chapters: [{', '.join(chapters)}]" + release_text[match.end() :]


def _draft(data: Path, release_id: str) -> tuple[Path, str, list[str]]:
    folder = data / release_id
    path = folder / RELEASE_FILE
    if not path.is_file():
        raise ChapterError(f"no release {release_id!r} under {data}")
    text = path.read_text(encoding="utf-8")
    chapters = listed_chapters(folder)
    if chapters is None:
        raise ChapterError(f"{path} cannot be read; `validate` says what is wrong")
    if re.search(r"^status: published", text, flags=re.M):
        raise ChapterError(
            f"{release_id} is published and never changes; start the next release with "
            f"`new-release NEXT --from {release_id}` and change its chapters there"
        )
    return folder, text, chapters


def _item_ids(folder: Path) -> set[str]:
    """Every recommendation id (graded or grouping) of a chapter's topics, as the YAML holds them."""
    found: set[str] = set()
    for path in data_files(folder / "topics"):
        root, problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
        if problems:
            raise ChapterError("; ".join(str(problem) for problem in problems) + " (fix this file, then run again)")
        for block in root.get("blocks") or [] if isinstance(root, PosDict) else []:
            if isinstance(block, PosDict) and block.get("kind") == "recommendations":
                found |= {str(m["id"]) for m in mappings(block.get("items")) if isinstance(m.get("id"), str)}
    return found


def _published_before(data: Path, release_id: str) -> set[str]:
    """Ids that a published release before `release_id` carried: removing them needs a retirement."""
    found: set[str] = set()
    for folder in release_folders(data):
        text = (folder / RELEASE_FILE).read_text(encoding="utf-8")
        if release_key(folder.name) < release_key(release_id) and re.search(r"^status: published", text, flags=re.M):
            for chapter in listed_chapters(folder) or []:
                found |= _item_ids(chapter_folder(folder, chapter))
    return found


def remove_chapter(data: Path, release_id: str, chapter_id: str) -> Removal:
    """Remove a chapter from a draft: its folder goes, `chapters:` drops it, and every recommendation of it
    that an earlier published release carried is retired with a placeholder reason (an open decision that
    `publish` refuses until an editor writes why). Search terms and slide links of the other chapters that
    pointed into it are dropped; flows and cases citing it are left to the editor (open decisions)."""
    release_folder, _, chapters = _draft(data, release_id)
    if chapter_id not in chapters:
        raise ChapterError(f"{release_id} has no chapter {chapter_id!r}; its chapters: {', '.join(chapters)}")
    if len(chapters) == 1:
        raise ChapterError(f"{chapter_id} is the only chapter of {release_id}; a release needs at least one")
    folder = chapter_folder(release_folder, chapter_id)
    gone = _item_ids(folder)
    roots = [read_yaml(path.read_text(encoding="utf-8"), str(path))[0] for path in data_files(folder / "topics")]
    topics = {str(root["id"]) for root in roots if isinstance(root, PosDict) and root.get("id")}
    retired = sorted(gone & _published_before(data, release_id))
    meta = Doc.read(release_folder / RELEASE_FILE)
    entries = [
        flow_mapping(
            {
                "id": identifier,
                "reason": f"{PLACEHOLDER_REASON} chapter {chapter_id} was removed from the release; write why",
                "successor": None,
            }
        )
        for identifier in retired
    ]
    if entries:
        append_entries(meta, "retired", entries)
    outputs = {release_folder / RELEASE_FILE: with_chapters(meta.text.result(), [c for c in chapters if c != chapter_id])}
    report = Report(release_id, "", "", chapter=chapter_id)
    for other in chapters:
        for name in ("search.yaml", "informs.yaml"):
            path = chapter_folder(release_folder, other) / name
            if other != chapter_id and path.is_file():
                doc = Doc.read(path)
                result = editorial_links(doc, gone, topics, report)
                if result != doc.text.text:
                    outputs[path] = result
    for path, content in outputs.items():
        path.write_text(content, encoding="utf-8")
    shutil.rmtree(folder)
    return Removal(release_id, chapter_id, tuple(retired), len(report.changes))


def reorder_chapters(data: Path, release_id: str, order: list[str]) -> list[str]:
    """Put a draft's chapters in the given order (every chapter once); returns the order before."""
    release_folder, text, chapters = _draft(data, release_id)
    if sorted(order) != sorted(chapters) or len(set(order)) != len(order):
        raise ChapterError(
            f"give every chapter of {release_id} once, in the new order; its chapters: {' '.join(chapters)}"
        )
    (release_folder / RELEASE_FILE).write_text(with_chapters(text, order), encoding="utf-8")
    return chapters

