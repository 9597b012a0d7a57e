"""The preview's fast step (scripts/preview.py): after an edit, the edited chapter's changed pages are
rendered into the served folder, each byte for byte the page the full build then writes."""

from __future__ import annotations

from scripts.preview import Preview
from scripts.sitebuild import build_site, work_folder
from tests.test_buildcache import tree_digest
from tests.test_shards import RELEASE, _edit_one_recommendation, draft_data


def _serving(tmp_path):
    """The three-chapter draft built into `served`, and its preview ready (as `make serve` has them)."""
    data = draft_data(tmp_path)
    served, cache = tmp_path / "served", tmp_path / "cache"
    build_site(served, data, include_drafts=True, cache_root=cache)
    preview = Preview(served, data, lambda release_id: work_folder(release_id, data.resolve(), False, cache), drafts=True)
    preview.refresh()
    return data, served, preview


def test_an_edited_recommendation_is_served_as_the_full_build_writes_it_before_the_full_build(tmp_path):
    data, served, preview = _serving(tmp_path)
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
    data, served, preview = _serving(tmp_path)
    before = tree_digest(served)
    topic = data / RELEASE / "synthetic-bone-health" / "topics" / "01-bisphosphonates-mbc.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace('text: "Therapy of hypercalcemia"', 'text: "Therapy of hypercalcaemia"', 1), encoding="utf-8")

    assert preview.render_edits() == []  # the text no longer matches its slide: validation fails
    assert tree_digest(served) == before


def test_an_edit_saved_while_a_full_build_runs_stays_served_when_that_older_build_lands(tmp_path):
    """The build read the data before the edit: its folder lacks it. The fast step's page is written again
    as it lands, and rendered again from the new tree; it never goes back to the older text."""
    data, served, preview = _serving(tmp_path)
    page = served / RELEASE / "r/syn-bp-mbc-hypercalcemia/index.html"
    before = {path: path.read_bytes() for path in (data / RELEASE).rglob("*") if path.is_file()}

    preview.build_started()  # a full build starts and reads the data as it is now
    _edit_one_recommendation(data)
    assert f"{RELEASE}/r/syn-bp-mbc-hypercalcemia/index.html" in preview.render_edits()
    edited = {path: path.read_bytes() for path in before}
    for path, payload in before.items():  # that build's folder is of the data before the edit
        path.write_bytes(payload)
    build_site(served, data, include_drafts=True, cache_root=tmp_path / "cache")
    assert "Therapy of hypercalcaemia" not in page.read_text(encoding="utf-8")
    for path, payload in edited.items():
        path.write_bytes(payload)

    assert preview.build_landed() >= 1
    assert "Therapy of hypercalcaemia" in page.read_text(encoding="utf-8")
    preview.refresh()
    assert f"{RELEASE}/r/syn-bp-mbc-hypercalcemia/index.html" in preview.render_edits()  # again, from the new tree
    build_site(tmp_path / "cold", data, include_drafts=True, use_cache=False, cache_root=tmp_path / "cold-cache")
    assert page.read_bytes() == (tmp_path / "cold" / RELEASE / "r/syn-bp-mbc-hypercalcemia/index.html").read_bytes()


def test_a_save_the_loader_cannot_read_renders_nothing_and_raises_nothing(tmp_path):
    """A Latin-1 byte in the slide text (or any failure of the fast step) is logged; the full build follows."""
    data, served, preview = _serving(tmp_path)
    before = tree_digest(served)
    source = data / RELEASE / "synthetic-bone-health" / "source" / "2024.1E-slides-1-2.txt"
    source.write_bytes(source.read_bytes().replace(b"Therapy of hypercalcemia", "Therapy of hypercalc\xe4mia".encode("latin-1"), 1))
    assert preview.render_edits() == []
    assert tree_digest(served) == before


def test_any_failure_of_the_fast_step_is_logged_never_raised(tmp_path, monkeypatch, caplog):
    """Say a file vanishes while it is read: the server must keep answering, so nothing reaches it."""
    _, _, preview = _serving(tmp_path)

    def vanished(root):
        raise FileNotFoundError(root / "topics" / ".#01-bisphosphonates-mbc.yaml")

    monkeypatch.setattr("scripts.preview.load_all", vanished)
    assert preview.render_edits() == []
    assert "the full build follows" in caplog.text
    preview.refresh()  # keeps the residents it has
    assert preview.residents
