"""Rules across releases: links never break, published releases never change (errata instead)."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

from .export import plain
from .index import all_items
from .model import Release
from .problems import Problem
from .releaseorder import earlier_releases

LOCK_NAME = "published.lock.json"


# Metadata fields added after releases were locked: hashed only when given, so older locks stay valid.
HASHED_WHEN_GIVEN = ("grade_removals",)


def canonical_form(release: Release) -> dict:
    """What publishing freezes, as plain data: the release's metadata (less status, errata and the feedback address), and per
    chapter its chapter.yaml, sections and topics (the source is frozen by its sha256 there).

    A one-chapter release keeps the form releases had before chapters existed (the chapter's source and
    printed lines inside the release's metadata, its sections and topics beside it), so releases locked
    then verify unchanged. In that form the chapter's id, number and title (editorial) are not frozen."""
    metadata = {
        key: value
        for key, value in plain(release.metadata).items()
        if key not in ("status", "errata", "feedback", "chapters") and (value or key not in HASHED_WHEN_GIVEN)
    }
    if len(release.chapters) == 1:
        (chapter,) = release.chapters
        metadata |= {"source": plain(chapter.metadata.source), "printed": plain(chapter.metadata.printed)}
        return {"metadata": metadata, "sections": plain(chapter.sections), "topics": plain(chapter.topics)}
    chapters = [
        {"metadata": plain(chapter.metadata), "sections": plain(chapter.sections), "topics": plain(chapter.topics)}
        for chapter in release.chapters
    ]
    return {"metadata": metadata, "chapters": chapters}


def canonical_hash(release: Release) -> str:
    """The sha256 publishing locks (canonical_form as sorted JSON)."""
    canonical = canonical_form(release)
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def read_lock(root: Path) -> dict[str, str]:
    path = root / LOCK_NAME
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write_lock(root: Path, lock: dict[str, str]) -> None:
    (root / LOCK_NAME).write_text(json.dumps(dict(sorted(lock.items())), indent=1) + "\n", encoding="utf-8")


def check_locked(releases: tuple[Release, ...], lock: dict[str, str], lock_file: str) -> Iterator[Problem]:
    by_id = {release.id: release for release in releases}
    for release_id, locked in lock.items():
        release = by_id.get(release_id)
        if release is None:
            yield Problem(
                lock_file, 1, 1, f"release '{release_id}'", "", "is locked as published but its folder is gone"
            )
            continue
        if release.metadata.status != "published":
            yield Problem(
                release.metadata.at.file,
                1,
                1,
                f"release '{release_id}'",
                "status",
                "is locked as published; a published release cannot return to draft",
            )
        if canonical_hash(release) != locked:
            yield Problem(
                release.metadata.at.file,
                1,
                1,
                f"release '{release_id}'",
                "",
                f"is published and its data changed (hash {canonical_hash(release)[:12]}, locked "
                f"{locked[:12]}); published releases are immutable: undo the change and record an erratum "
                "under `errata:` in release.yaml (date, text, recommendation id), or make the change in "
                "the next release",
            )


def item_ids(release: Release) -> set[str]:
    return {item.id for _, _, item, _ in all_items(release)}


def retired_until(releases: tuple[Release, ...], release: Release) -> dict[str, tuple[str, str, str | None]]:
    """Every id retired in this release or an earlier one: id -> (retiring release, reason, successor)."""
    retired: dict[str, tuple[str, str, str | None]] = {}
    for earlier in releases:
        for entry in earlier.metadata.retired:
            retired[entry.id] = (earlier.id, entry.reason, entry.successor)
        if earlier.id == release.id:
            break
    return retired


def current_successor(release: Release, retired: dict[str, tuple[str, str, str | None]], old_id: str) -> str | None:
    """Follow successors until an id this release carries (None where the chain ends without one)."""
    carried, seen, current = item_ids(release), set(), old_id
    while current not in carried:
        if current in seen or current not in retired or retired[current][2] is None:
            return None
        seen.add(current)
        current = retired[current][2]
    return current


def check_link_stability(releases: tuple[Release, ...]) -> Iterator[Problem]:
    """An id published once exists in every later published release or is retired with a reason."""
    published = [release for release in releases if release.metadata.status == "published"]
    for earlier, later in itertools.pairwise(published):
        retired = {entry.id for entry in later.metadata.retired}
        for missing in sorted(item_ids(earlier) - item_ids(later) - retired - set(retired_until(releases, earlier))):
            yield Problem(
                later.metadata.at.file,
                1,
                1,
                f"release '{later.id}'",
                "retired",
                f"id '{missing}' of release {earlier.id} is missing; keep it, or retire it under `retired:` "
                "with a reason and, where there is one, a successor",
            )
    for release in releases:
        carried = item_ids(release)
        earlier_retired = {
            entry.id: earlier.id for earlier in earlier_releases(releases, release.id) for entry in earlier.metadata.retired
        }
        for reused in sorted(carried & set(earlier_retired)):
            at = next(item.at for _, _, item, _ in all_items(release) if item.id == reused)
            yield Problem(
                at.file,
                at.line,
                at.column,
                f"recommendation '{reused}'",
                "id",
                f"id was retired in release {earlier_retired[reused]}; a retired id is never used again (its "
                "permalink forwards to the retirement): choose a new id, and `replaces:` the old one if it "
                "continues it",
            )
        published_before = set().union(*(item_ids(earlier) for earlier in earlier_releases(releases, release.id)))
        for entry in release.metadata.retired:
            wrong = []
            if entry.id not in published_before:
                wrong.append(
                    f"id '{entry.id}' is no recommendation id of an earlier release; `retired:` lists only ids an "
                    "earlier release carried: correct the id, or remove the entry"
                )
            if entry.id in carried:
                wrong.append(f"id '{entry.id}' is retired but still carried by this release")
            if entry.successor and entry.successor not in carried:
                wrong.append(f"successor '{entry.successor}' of '{entry.id}' is not an id of this release")
            at = entry.at
            yield from (Problem(at.file, at.line, at.column, f"release '{release.id}'", "retired", w) for w in wrong)
