"""A release is an ordered list of chapters; the one-chapter 2024.1E stays exactly what it was published as."""

from __future__ import annotations

import json
import subprocess

from macros.load import DATA_ROOT, chapter_folder, load_all
from macros.releases import canonical_form, canonical_hash, read_lock

REPO = DATA_ROOT.parent
# The lock of 2024.1E as it was written when the release was published (before releases held chapters).
LOCKED_2024_1E = "ce47af3b7f25664c4b13cf8636a4e1c0ebbb1bacefe5e5ace7e636455a65c672"


def _real():
    return next(r for r in load_all(DATA_ROOT) if r.id == "2024.1E")


def test_2024_1e_is_one_chapter_osteooncology_with_its_own_source():
    """The chapter's id, its folder and its source: guideline_data/2024.1E/osteooncology/source/."""
    release = _real()
    assert [chapter.id for chapter in release.chapters] == ["osteooncology"]
    chapter = release.chapter("osteooncology")
    assert chapter.source_name == "2024.1E-osteooncology-bone-health.txt"
    assert (chapter_folder(DATA_ROOT / "2024.1E", "osteooncology") / chapter.metadata.source.file).is_file()
    assert len(chapter.topics) == 24 and len(chapter.source_lines) == 483


def test_the_lock_of_2024_1e_verifies_without_relocking():
    """The lock file still holds the hash written at publishing, and the chapter layout reproduces it."""
    assert read_lock(DATA_ROOT)["2024.1E"] == LOCKED_2024_1E
    assert canonical_hash(_real()) == LOCKED_2024_1E


def test_the_lock_file_was_not_rewritten_since_2024_1e_was_published():
    """git: published.lock.json's 2024.1E entry is the one its first commit recorded."""
    first = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", "guideline_data/published.lock.json"],
        cwd=REPO, capture_output=True, text=True, check=False,
    ).stdout.split()
    if not first:  # not a git checkout (an unpacked bundle): the hash check above still holds
        return
    text = subprocess.run(
        ["git", "show", f"{first[-1]}:guideline_data/published.lock.json"], cwd=REPO, capture_output=True, text=True
    ).stdout
    assert json.loads(text).get("2024.1E", LOCKED_2024_1E) == LOCKED_2024_1E


def test_a_one_chapter_release_hashes_the_form_it_had_before_chapters():
    """metadata (with the chapter's source and printed lines), sections, topics: the form locks were made of."""
    form = canonical_form(_real())
    assert sorted(form) == ["metadata", "sections", "topics"]
    assert sorted(form["metadata"]) == ["id", "language", "printed", "publisher", "retired", "source", "title"]
    assert form["metadata"]["source"]["file"] == "source/2024.1E-osteooncology-bone-health.txt"


def test_the_fixture_releases_locked_before_chapters_verify_too():
    """tests/fixtures/releases (2016.1, 2019.1, 2020.1) load with their old locks."""
    root = REPO / "tests" / "fixtures" / "releases"
    releases = load_all(root)
    lock = read_lock(root)
    assert {r.id: canonical_hash(r) for r in releases} == lock
