"""A release built in shards (scripts/shards.py) is the release built whole, byte for byte; so is a
draft rebuilt after an edit in one chapter from its previous build's unchanged pages."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from macros.load import load_all
from scripts import shards
from scripts.shards import Shard, ShardConflict
from scripts.sitebuild import build_release, build_site, finish_release, generate_release
from tests.test_buildcache import tree_digest
from tests.test_chapters_site import CHAPTERS

RELEASE = "2033.1"  # three chapters, a flow citing two of them, hand-written pages in the navigation


@pytest.mark.parametrize("count", [2, 3])
def test_a_release_built_in_shards_equals_the_release_built_whole(tmp_path, count):
    releases = load_all(CHAPTERS)
    config = generate_release(RELEASE, CHAPTERS, releases=releases, cache_root=tmp_path / "cache")
    build_release(RELEASE, tmp_path / "whole", CHAPTERS, config_file=config)
    for number in range(count):
        build_release(RELEASE, tmp_path / "sharded", CHAPTERS, config_file=config, shard=Shard(number, count))
    finish_release(RELEASE, config.parent, tmp_path / "sharded", [Shard(number, count) for number in range(count)])
    whole, sharded = tree_digest(tmp_path / "whole"), tree_digest(tmp_path / "sharded")
    assert sorted(whole) == sorted(sharded)
    assert [path for path in whole if whole[path] != sharded[path]] == []
    assert [path.name for path in tmp_path.iterdir() if ".shard-" in path.name] == []


def test_every_page_has_exactly_one_shard():
    pages = [f"r/recommendation-{number}.md" for number in range(1000)]
    owners = [[number for number in range(3) if Shard(number, 3).owns(page)] for page in pages]
    assert all(len(owner) == 1 for owner in owners)
    assert min(sum(owner == [number] for owner in owners) for number in range(3)) > 280  # balanced


def _tree_with_pages(work: Path, pages: dict[str, str]) -> None:
    for uri, text in pages.items():
        (work / "docs" / uri).parent.mkdir(parents=True, exist_ok=True)
        (work / "docs" / uri).write_text(text, encoding="utf-8")


def test_the_pages_to_render_are_spread_by_the_seconds_they_took_last_time(tmp_path):
    generated = "---\nrender_macros: false\n---\n\n# A page\n"
    pages = {"data.md": "# Using the data\n", "print.md": generated + "print", "recommendations.md": "# All\n"}
    pages |= {f"r/item-{number}.md": generated + str(number) for number in range(40)}
    _tree_with_pages(tmp_path / "work", pages)
    previous = tmp_path / "previous"
    previous.mkdir()
    seconds = {"data.md": 4.0, "print.md": 3.5, "recommendations.md": 3.0} | {f"r/item-{n}.md": 0.05 for n in range(40)}
    recorded = {
        uri: {"seconds": seconds[uri], "source": hashlib.sha256(text.encode()).hexdigest()} for uri, text in pages.items()
    }
    for edited in ("r/item-0.md", "print.md"):  # rendered again; the other 39 generated pages are taken
        recorded[edited]["source"] = "edited since"
    (previous / shards.PAGES).write_text(json.dumps({"frame": "F", "pages": recorded}), encoding="utf-8")
    owners = shards.assign(tmp_path / "work", 2, "F", previous)
    assert owners == shards.assign(tmp_path / "work", 2, "F", previous)  # the same figures, the same split
    assert owners["data.md"] != owners["print.md"] == owners["recommendations.md"]  # 4 s against 3.5 s + 3 s
    assert owners["r/item-0.md"] == owners["data.md"]  # to the shard with less to render
    cold = shards.assign(tmp_path / "work", 2, "another frame", previous)  # everything is rendered again
    load = [sum(seconds[uri] for uri, number in cold.items() if number == shard) for shard in range(2)]
    assert abs(load[0] - load[1]) < 0.51  # 6.5 s (3.5 + 3) against 6 s (4 + 40 x 0.05)


def test_shards_that_disagree_about_a_file_stop_the_join(tmp_path):
    for number, text in enumerate(["one", "other"]):
        folder = Shard(number, 2).folder(tmp_path / "site")
        (folder / "sitemap.xml").parent.mkdir(parents=True)
        (folder / "sitemap.xml").write_text(text, encoding="utf-8")
        (folder / shards.RECORD).write_text('{"order": [], "digests": {}, "titles": {}, "reused": {}}', encoding="utf-8")
    with pytest.raises(ShardConflict, match=r"sitemap\.xml"):
        shards.join([Shard(number, 2).folder(tmp_path / "site") for number in range(2)], tmp_path / "site")


def test_one_release_on_two_cores_is_built_in_two_shards_and_five_releases_whole():
    assert shards.shard_count(1, 2) == 2
    assert shards.shard_count(5, 2) == 1


def draft_data(tmp_path: Path) -> Path:
    """A copy of the three-chapter fixture in `tmp_path/data` with 2033.1 a draft (out of the lock)."""
    data = tmp_path / "data"
    shutil.copytree(CHAPTERS, data)
    release_file = data / RELEASE / "release.yaml"
    release_file.write_text(release_file.read_text(encoding="utf-8").replace("status: published", "status: draft"), encoding="utf-8")
    lock = data / "published.lock.json"
    lock.write_text(json.dumps({k: v for k, v in json.loads(lock.read_text(encoding="utf-8")).items() if k != RELEASE}), encoding="utf-8")
    return data


def _edit_one_recommendation(data: Path) -> None:
    """An editor's correction in chapter synthetic-bone-health of draft 2033.1: the slide text, the
    recommendation's YAML and the source's hash, as `update-source` would leave them."""
    chapter = data / RELEASE / "synthetic-bone-health"
    source = chapter / "source" / "2024.1E-slides-1-2.txt"
    old_hash = hashlib.sha256(source.read_bytes()).hexdigest()
    source.write_text(source.read_text(encoding="utf-8").replace("Therapy of hypercalcemia", "Therapy of hypercalcaemia", 1), encoding="utf-8")
    metadata = chapter / "chapter.yaml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace(old_hash, hashlib.sha256(source.read_bytes()).hexdigest()), encoding="utf-8")
    topic = chapter / "topics" / "01-bisphosphonates-mbc.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace('text: "Therapy of hypercalcemia"', 'text: "Therapy of hypercalcaemia"', 1), encoding="utf-8")


def test_after_an_edit_in_one_chapter_a_draft_takes_the_other_pages_from_its_last_build_and_equals_a_cold_build(tmp_path):
    """Every derived page (All recommendations, What changed, the search index, the print page) and every
    other byte equals a cold build's; the edited chapter's page is rendered anew, another chapter's is taken."""
    data = draft_data(tmp_path)
    cache, warm = tmp_path / "cache", tmp_path / "warm"
    build_site(warm, data, include_drafts=True, cache_root=cache)
    edited, untouched = warm / RELEASE / "r/syn-bp-mbc-hypercalcemia/index.html", warm / RELEASE / "r/syn-dmab-mbc-hypercalcemia/index.html"
    other_chapter = next((warm / RELEASE / "r").glob("*/index.html"), None)
    before = {path: path.stat().st_ino for path in (edited, untouched, other_chapter)}

    _edit_one_recommendation(data)
    build_site(warm, data, include_drafts=True, cache_root=cache)
    build_site(tmp_path / "cold", data, include_drafts=True, use_cache=False, cache_root=tmp_path / "cold-cache")

    cold, rebuilt = tree_digest(tmp_path / "cold"), tree_digest(warm)
    assert sorted(rebuilt) == sorted(cold)
    assert [path for path in cold if cold[path] != rebuilt[path]] == []
    assert "Therapy of hypercalcaemia" in edited.read_text(encoding="utf-8")
    assert "Therapy of hypercalcaemia" in (warm / RELEASE / "recommendations/index.html").read_text(encoding="utf-8")
    assert edited.stat().st_ino != before[edited]  # rendered anew
    assert untouched.stat().st_ino == before[untouched]  # taken from the last build: the same file
    (entry,) = (cache / RELEASE).iterdir()  # the edited draft's new entry: its manifest is every file's true sha256
    manifest = json.loads((entry / ".cache-manifest.json").read_text(encoding="utf-8"))
    assert manifest == {name: hashlib.sha256((entry / name).read_bytes()).hexdigest() for name in manifest}
    assert sorted(manifest) == sorted(p.relative_to(entry).as_posix() for p in entry.rglob("*") if p.is_file() and p.name != ".cache-manifest.json")
