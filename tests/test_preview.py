"""The preview's fast step (scripts/preview.py): after an edit, the edited chapter's changed pages are
rendered into the served folder, each byte for byte the page the full build then writes."""

from __future__ import annotations

import json
import shutil

from scripts.preview import Preview
from scripts.sitebuild import build_site, work_folder
from tests.test_buildcache import tree_digest
from tests.test_chapters_site import CHAPTERS
from tests.test_shards import RELEASE, _edit_one_recommendation


def _draft_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(CHAPTERS, data)
    release_file = data / RELEASE / "release.yaml"
    release_file.write_text(release_file.read_text(encoding="utf-8").replace("status: published", "status: draft"), encoding="utf-8")
    lock = data / "published.lock.json"
    lock.write_text(json.dumps({k: v for k, v in json.loads(lock.read_text(encoding="utf-8")).items() if k != RELEASE}), encoding="utf-8")
    return data


def test_an_edited_recommendation_is_served_as_the_full_build_writes_it_before_the_full_build(tmp_path):
    data = _draft_data(tmp_path)
    served, cache = tmp_path / "served", tmp_path / "cache"
    build_site(served, data, include_drafts=True, cache_root=cache)
    preview = Preview(served, data, lambda release_id: work_folder(release_id, data.resolve(), False, cache), drafts=True)
    preview.refresh()
    assert preview.render_edits() == []  # nothing edited, nothing rendered
    before = tree_digest(served)

    _edit_one_recommendation(data)
    written = preview.render_edits()

    assert f"{RELEASE}/r/syn-bp-mbc-hypercalcemia/index.html" in written
    assert all(path.startswith(f"{RELEASE}/") for path in written)  # a draft: latest/ is another release
    assert "Therapy of hypercalcaemia" in (served / RELEASE / "r/syn-bp-mbc-hypercalcemia/index.html").read_text(encoding="utf-8")
    after = tree_digest(served)
    assert sorted(path for path in after if after[path] != before[path]) == sorted(written)
    build_site(tmp_path / "cold", data, include_drafts=True, use_cache=False, cache_root=tmp_path / "cold-cache")
    cold = tree_digest(tmp_path / "cold")
    assert [path for path in written if after[path] != cold[path]] == []  # each page as the full build writes it
    assert preview.render_edits() == []  # rendered once


def test_an_edit_that_breaks_the_data_renders_nothing_and_keeps_the_served_pages(tmp_path):
    data = _draft_data(tmp_path)
    served, cache = tmp_path / "served", tmp_path / "cache"
    build_site(served, data, include_drafts=True, cache_root=cache)
    preview = Preview(served, data, lambda release_id: work_folder(release_id, data.resolve(), False, cache), drafts=True)
    preview.refresh()
    before = tree_digest(served)
    topic = data / RELEASE / "synthetic-bone-health" / "topics" / "01-bisphosphonates-mbc.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace('text: "Therapy of hypercalcemia"', 'text: "Therapy of hypercalcaemia"', 1), encoding="utf-8")

    assert preview.render_edits() == []  # the text no longer matches its slide: validation fails
    assert tree_digest(served) == before
