"""The build cache: published releases are restored, never rebuilt; warm and cold sites are identical."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from macros.load import load_all
from scripts import buildcache, editing, sitebuild
from tests.conftest import FIXTURES

PUBLISHED, DRAFT = "2030.1", "2031.1"


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def two_releases(tmp_path: Path) -> Path:
    """The minimal fixture's published release and a draft started from it."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    assert editing.new_release(data, DRAFT, PUBLISHED) == 0
    return data


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the releases MkDocs actually builds (not restored from the cache)."""
    built: list[str] = []
    real = sitebuild.build_release

    def recording(release_id: str, *args, **kwargs) -> None:
        built.append(release_id)
        real(release_id, *args, **kwargs)

    monkeypatch.setattr(sitebuild, "build_release", recording)
    monkeypatch.setattr(sitebuild.os, "cpu_count", lambda: 1)  # in-process, so the recording sees every build
    return built


def _build(data: Path, out: Path, cache: Path, use_cache: bool = True) -> dict[str, str]:
    sitebuild.build_site(out, data, include_drafts=True, use_cache=use_cache, cache_root=cache)
    return tree_digest(out)


def test_a_warm_build_restores_every_release_and_equals_a_cold_build(two_releases, tmp_path, builds):
    """Nothing changed: no release is built again, and the site is byte-identical to a cold build."""
    cache = tmp_path / "cache"
    cold = _build(two_releases, tmp_path / "cold", cache, use_cache=False)
    assert builds == [PUBLISHED, DRAFT]
    builds.clear()
    warm = _build(two_releases, tmp_path / "warm", cache)
    assert builds == []
    assert warm == cold


def test_editing_the_draft_rebuilds_only_the_draft(two_releases, tmp_path, builds):
    """A published release's key does not cover later releases, so a draft edit leaves it cached."""
    cache = tmp_path / "cache"
    _build(two_releases, tmp_path / "site", cache)
    flow = next((two_releases / DRAFT / "fixture" / "flows").glob("*.yaml"))
    flow.write_text(flow.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    builds.clear()
    warm = _build(two_releases, tmp_path / "site", cache)
    assert builds == [DRAFT]
    assert warm == _build(two_releases, tmp_path / "cold", tmp_path / "other-cache", use_cache=False)


@pytest.mark.parametrize("damage", ["changed file", "missing file", "extra file", "no manifest"])
def test_a_damaged_cache_entry_is_rebuilt_never_served(two_releases, tmp_path, builds, damage):
    """Any difference between an entry and its manifest (or no manifest: an interrupted store) means rebuild."""
    cache = tmp_path / "cache"
    cold = _build(two_releases, tmp_path / "site", cache)
    (entry,) = (cache / PUBLISHED).iterdir()
    page = entry / "index.html"
    if damage == "changed file":
        page.unlink()  # a hard link is shared with the site: replace the file, as an editor's tool would
        page.write_text("<p>tampered</p>", encoding="utf-8")
    elif damage == "missing file":
        page.unlink()
    elif damage == "extra file":
        (entry / "stray.html").write_text("stray", encoding="utf-8")
    else:
        (entry / buildcache.MANIFEST).unlink()
    builds.clear()
    assert _build(two_releases, tmp_path / "site", cache) == cold
    assert builds == [PUBLISHED]


def test_the_key_covers_the_release_and_earlier_ones_not_later_ones(two_releases):
    """Editing the draft changes its key only; editing the earlier release changes both keys."""
    options = {"latest": PUBLISHED}

    def keys() -> dict[str, str]:
        releases = load_all(two_releases)
        return {r.id: buildcache.release_key(two_releases, r, releases, "code", options) for r in releases}

    before = keys()
    source = two_releases / DRAFT / "fixture" / "sections.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    after_draft_edit = keys()
    assert after_draft_edit[PUBLISHED] == before[PUBLISHED]
    assert after_draft_edit[DRAFT] != before[DRAFT]
    grading = two_releases / "grading.yaml"
    grading.write_text(grading.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert all(after_draft_edit[k] != v for k, v in keys().items())


def test_the_key_changes_with_the_code_and_the_build_options(two_releases):
    releases = load_all(two_releases)
    release = releases[0]
    key = buildcache.release_key(two_releases, release, releases, "code", {"latest": PUBLISHED})
    assert buildcache.release_key(two_releases, release, releases, "other code", {"latest": PUBLISHED}) != key
    assert buildcache.release_key(two_releases, release, releases, "code", {"latest": DRAFT}) != key


def test_a_damaged_entry_beside_an_edited_draft_is_rebuilt_too(two_releases, tmp_path, builds):
    """An edited draft and a published release whose entry fails its check: both are built, nothing
    else, and the site equals a cold build."""
    cache = tmp_path / "cache"
    _build(two_releases, tmp_path / "site", cache)
    flow = next((two_releases / DRAFT / "fixture" / "flows").glob("*.yaml"))
    flow.write_text(flow.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    (entry,) = (cache / PUBLISHED).iterdir()
    (entry / "index.html").unlink()
    builds.clear()
    warm = _build(two_releases, tmp_path / "site", cache)
    assert sorted(builds) == [PUBLISHED, DRAFT]
    assert warm == _build(two_releases, tmp_path / "cold", tmp_path / "other-cache", use_cache=False)


def test_an_edit_saved_while_a_build_reads_the_data_never_leaves_that_build_in_the_cache(two_releases, tmp_path, monkeypatch):
    """The build read the data before the save, its keys are computed after: its site must not be kept under
    the new data's key, or the next build would restore the older site as current."""
    cache = tmp_path / "cache"
    flow = next((two_releases / DRAFT / "fixture" / "flows").glob("*.yaml"))
    real_key = buildcache.release_key
    saved = []

    def key_after_a_save(data_root, release, *args, **kwargs):
        if not saved:  # the editor saves just after the build has loaded the data
            flow.write_text(flow.read_text(encoding="utf-8").replace("title: ", "title: Saved meanwhile ", 1), encoding="utf-8")
            saved.append(flow)
        return real_key(data_root, release, *args, **kwargs)

    monkeypatch.setattr(buildcache, "release_key", key_after_a_save)
    _build(two_releases, tmp_path / "site", cache)
    monkeypatch.setattr(buildcache, "release_key", real_key)
    warm = _build(two_releases, tmp_path / "site", cache)  # nothing changed since the save
    assert warm == _build(two_releases, tmp_path / "cold", tmp_path / "other-cache", use_cache=False)
