"""A release built in shards (scripts/shards.py) is the release built whole, byte for byte."""

from __future__ import annotations

import pytest

from macros.load import load_all
from scripts import shards
from scripts.shards import Shard, ShardConflict
from scripts.sitebuild import build_release, finish_release, generate_release
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
    finish_release(RELEASE, config.parent, tmp_path / "sharded", count)
    whole, sharded = tree_digest(tmp_path / "whole"), tree_digest(tmp_path / "sharded")
    assert sorted(whole) == sorted(sharded)
    assert [path for path in whole if whole[path] != sharded[path]] == []
    assert [path.name for path in tmp_path.iterdir() if ".shard-" in path.name] == []


def test_every_page_has_exactly_one_shard():
    pages = [f"r/recommendation-{number}.md" for number in range(1000)]
    owners = [[number for number in range(3) if Shard(number, 3).owns(page)] for page in pages]
    assert all(len(owner) == 1 for owner in owners)
    assert min(sum(owner == [number] for owner in owners) for number in range(3)) > 280  # balanced


def test_shards_that_disagree_about_a_file_stop_the_join(tmp_path):
    for number, text in enumerate(["one", "other"]):
        folder = Shard(number, 2).folder(tmp_path / "site")
        (folder / "sitemap.xml").parent.mkdir(parents=True)
        (folder / "sitemap.xml").write_text(text, encoding="utf-8")
        (folder / shards.PAGE_ORDER).write_text("[]", encoding="utf-8")
    with pytest.raises(ShardConflict, match=r"sitemap\.xml"):
        shards.join([Shard(number, 2).folder(tmp_path / "site") for number in range(2)], tmp_path / "site")


def test_one_release_on_two_cores_is_built_in_two_shards_and_five_releases_whole():
    assert shards.shard_count(1, 2) == 2
    assert shards.shard_count(5, 2) == 1
