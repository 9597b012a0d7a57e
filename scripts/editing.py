"""Editors' release workflow: start a draft from the last release, publish it (validate, then lock)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from macros import qa
from macros.decisions import open_decisions
from macros.ingest import chapters
from macros.ingest.documents import DraftError
from macros.ingest.realignment import realign_draft
from macros.ingest.review import REPORT_NAME, report_text
from macros.load import chapter_folder, listed_chapters, load_all
from macros.problems import GuidelineDataError, Problem
from macros.releases import LOCK_NAME, canonical_hash, read_lock, write_lock

RELEASE_ID = re.compile(r"^[0-9]{4}\.[0-9]+[A-Z]*$")


def new_release(
    data: Path, release_id: str, source_release: str, new_source: Path | None = None, chapter: str | None = None
) -> int:
    """Copy a release into a new draft folder; with `new_source`, realign one chapter of the copy to it
    (update_source; `chapter` may be left out where the release has one)."""
    if not RELEASE_ID.match(release_id):
        print(f"error: {release_id!r} is not a release id; allowed: year.number with optional letters, e.g. 2025.1E")
        return 1
    source, target = data / source_release, data / release_id
    if not (source / "release.yaml").is_file():
        print(f"error: no release {source_release!r} under {data}")
        return 1
    if target.exists():
        print(f"error: {target} exists already")
        return 1
    if new_source is not None and not new_source.is_file():
        print(f"error: the new source {new_source} does not exist")
        return 1
    if new_source is not None and _chapter_to_realign(source, chapter) is None:
        return 1
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(REPORT_NAME))
    metadata = target / "release.yaml"
    text = metadata.read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", f'id: "{release_id}"', text, count=1, flags=re.M)
    text = re.sub(r"^status: .*$", "status: draft", text, count=1, flags=re.M)
    text = re.sub(r"^retired:\n(?:  .*\n)*", "", text, flags=re.M)
    text = re.sub(r"^errata:\n(?:  .*\n)*", "", text, flags=re.M)
    text = re.sub(r"^grade_removals:\n(?:  .*\n)*", "", text, flags=re.M)
    text = renamed_in_comments(text, source_release, release_id)
    metadata.write_text(text, encoding="utf-8")
    if new_source is not None:
        print(f"created draft {release_id} from {source_release} in {target}/")
        try:
            status = update_source(data, release_id, new_source, chapter)
        except BaseException:
            shutil.rmtree(target)  # nothing half-built
            raise
        if status:
            shutil.rmtree(target)
            print(f"removed {target}/ again: nothing was created")
        return status
    print(
        f"created draft {release_id} from {source_release} in {target}/\n"
        f"next: for each chapter, `update-source {release_id} --chapter CHAPTER NEW.txt` with the committee's new\n"
        "source (or edit its topics until `validate` passes); ids must stay, or be retired in release.yaml with a reason"
    )
    return 0


def renamed_in_comments(text: str, old_id: str, new_id: str) -> str:
    """release.yaml's comment lines describe this folder ("the site under site/2024.1E/"): in the copy they name
    the new release, not the one it was copied from. Data lines are left as they are."""
    return re.sub(r"^([ \t]*#.*)$", lambda match: match.group(1).replace(old_id, new_id), text, flags=re.M)


def _chapter_to_realign(release_folder: Path, chapter: str | None) -> str | None:
    """The chapter a new source is for: the one named, or the release's only chapter; None after saying why."""
    listed = listed_chapters(release_folder) or []
    if chapter is None and len(listed) == 1:
        return listed[0]
    if chapter is None:
        print(f"error: {release_folder.name} has {len(listed)} chapters ({', '.join(listed)}); name the one the new "
              "source is for with --chapter")
        return None
    if chapter not in listed:
        print(f"error: {release_folder.name} has no chapter {chapter!r}; its chapters: {', '.join(listed) or 'none'}")
        return None
    return chapter


def update_source(data: Path, release_id: str, new_source: Path, chapter: str | None = None) -> int:
    """Realign one chapter of a draft to a (corrected) new source: every line reference of that chapter moves,
    every change is reported; the other chapters' files stay byte for byte as they are."""
    folder = data / release_id
    if not (folder / "release.yaml").is_file():
        print(f"error: no release {release_id!r} under {data}")
        return 1
    if re.search(r"^status: published", (folder / "release.yaml").read_text(encoding="utf-8"), flags=re.M):
        print(
            f"error: {release_id} is published; its source cannot change. Start the next release with "
            f"`new-release NEXT --from {release_id} --source {new_source}`"
        )
        return 1
    if not new_source.is_file():
        print(f"error: the new source {new_source} does not exist")
        return 1
    chapter_id = _chapter_to_realign(folder, chapter)
    if chapter_id is None:
        return 1
    try:
        report = realign_draft(folder, new_source, data, chapter_id)
    except DraftError as error:
        print(f"error: {error}")
        return 1
    sys.stdout.write(report_text(report))
    print(
        f"review report: {chapter_folder(folder, chapter_id) / REPORT_NAME}\nnext: take the decisions listed there, then "
        f"`python -m scripts.guideline validate`"
    )
    return 0


def _lock_broken(problem: Problem, release_id: str) -> bool:
    """The load problem that says a published release's data no longer matches its lock (macros/releases.py)."""
    return problem.item == f"release '{release_id}'" and "is published and its data changed" in problem.message


def publish(data: Path, release_id: str) -> int:
    """Validate everything with the release marked published; only then write the status and the lock.

    A release already published and locked is left byte for byte as it is: exit 0 when its data matches the
    lock; when it does not, a GuidelineDataError (exit 1) after saying what to do.
    """
    metadata = data / release_id / "release.yaml"
    if not metadata.is_file():
        print(f"error: no release {release_id!r} under {data}")
        return 1
    original = metadata.read_text(encoding="utf-8")
    lock_file = data / LOCK_NAME
    locked = read_lock(data).get(release_id)
    try:
        releases = load_all(data)
    except GuidelineDataError as error:
        if locked and any(_lock_broken(problem, release_id) for problem in error.problems):
            print(
                f"error: {release_id} is already published and locked in {lock_file}, but its data no longer "
                f"matches the lock: {metadata.parent}/ was edited after publishing (details below). Published "
                f"releases never change: undo the edit (`git diff -- {metadata.parent}` shows it, `git checkout -- "
                f"{metadata.parent}` restores it); record a correction as an erratum under `errata:` in {metadata}, "
                f"or make the change in the next release (`python -m scripts.guideline new-release NEXT --from "
                f"{release_id}`). publish changed nothing",
                file=sys.stderr,
            )
        raise
    draft = next(release for release in releases if release.id == release_id)
    if locked and draft.metadata.status == "published":  # loaded, so the data matches its lock
        print(
            f"{release_id} is already published and locked (lock {locked[:12]} in {lock_file} matches its data); "
            "nothing was changed"
        )
        return 0
    decisions = open_decisions(releases, draft)
    if decisions:
        for decision in decisions:
            print(f"decision: {decision}")
        print(
            f"error: {release_id} has {len(decisions)} open decision(s); take them, then publish again (nothing "
            "was changed)"
        )
        return 1
    metadata.write_text(re.sub(r"^status: .*$", "status: published", original, count=1, flags=re.M), encoding="utf-8")
    try:
        releases = load_all(data)
    except Exception:
        metadata.write_text(original, encoding="utf-8")
        raise
    release = next(release for release in releases if release.id == release_id)
    lock = read_lock(data)
    lock[release_id] = canonical_hash(release)
    write_lock(data, lock)
    for warning in qa.printed_version_mismatch(release):
        print(f"warning: {warning}")
    print(f"published {release_id}: lock {lock[release_id][:12]} written; its data can no longer change")
    return 0


def remove_chapter(data: Path, release_id: str, chapter_id: str) -> int:
    """Remove a chapter from a draft; its recommendations published before are retired as open decisions."""
    try:
        removal = chapters.remove_chapter(data, release_id, chapter_id)
    except chapters.ChapterError as error:
        print(f"error: {error}")
        return 1
    print(
        f"removed chapter {chapter_id} from {release_id}: {len(removal.retired)} recommendation(s) retired with a "
        f"placeholder reason in {data / release_id / 'release.yaml'} (open decisions: write why, or keep the "
        f"chapter), {removal.dropped_links} editorial link(s) into it dropped"
    )
    for identifier in removal.retired:
        print(f"decision: retired {identifier}: write why the chapter was removed (`reason:`)")
    print("next: `python -m scripts.guideline validate` lists every decision left (flows and cases citing it too)")
    return 0


def reorder_chapters(data: Path, release_id: str, order: list[str]) -> int:
    """Put a draft's chapters in a new reading order."""
    try:
        before = chapters.reorder_chapters(data, release_id, order)
    except chapters.ChapterError as error:
        print(f"error: {error}")
        return 1
    print(f"{release_id}: chapters {' '.join(before)} -> {' '.join(order)}")
    return 0
