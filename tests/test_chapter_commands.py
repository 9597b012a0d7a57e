"""Editors' commands per chapter: update-source realigns one chapter and leaves every other file byte for byte;
import-chapter (add-chapter), remove-chapter and reorder-chapters change a draft's chapters; validate reports
per chapter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.decisions import open_decisions
from macros.index import graded_recommendations
from macros.load import DATA_ROOT, load_all
from scripts import guideline

CHAPTERS = Path(__file__).resolve().parent / "fixtures" / "chapters"
PUBLISHED, DRAFT = "2033.1", "2034.1"


@pytest.fixture
def data(tmp_path: Path, capsys) -> Path:
    """The chapter fixtures with a draft 2034.1 copied from the published three-chapter 2033.1."""
    root = tmp_path / "data"
    shutil.copytree(CHAPTERS, root, ignore=shutil.ignore_patterns("make_fixture.py"))
    assert guideline.main(["--data", str(root), "new-release", DRAFT, "--from", PUBLISHED]) == 0
    capsys.readouterr()
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _draft(data: Path):
    return next(release for release in load_all(data) if release.id == DRAFT)


def test_update_source_of_one_chapter_leaves_every_other_file_byte_identical(data, tmp_path, capsys):
    """A regraded line in synthetic-fragments' new source: only that chapter's folder changes."""
    old = next((data / DRAFT / "synthetic-fragments" / "source").glob("*.txt")).read_text(encoding="utf-8")
    assert "§ Hypercalcemia 1a A ++" in old
    new = tmp_path / "fragments-corrected.txt"
    new.write_text(old.replace("§ Hypercalcemia 1a A ++", "§ Hypercalcemia 1b A ++"), encoding="utf-8")
    before = _files(data)
    command = ["--data", str(data), "update-source", DRAFT, "--chapter", "synthetic-fragments", str(new)]
    assert guideline.main(command) == 0, capsys.readouterr().out
    after = _files(data)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert changed and all(path.startswith(f"{DRAFT}/synthetic-fragments/") for path in changed), changed
    draft = _draft(data)
    grades = {i.id: i.loe for i in graded_recommendations(draft)}
    assert grades["frag-bp-hypercalcemia"] == "1b" and grades["bp-hypercalcemia"] == "1a"


def test_update_source_asks_which_chapter_where_a_release_has_several(data, tmp_path, capsys):
    """Without --chapter, a release of three chapters gets an error naming them; nothing changes."""
    before = _files(data)
    new = tmp_path / "x.txt"
    new.write_text("x\n", encoding="utf-8")
    assert guideline.main(["--data", str(data), "update-source", DRAFT, str(new)]) == 1
    out = capsys.readouterr().out
    assert "osteooncology, synthetic-bone-health, synthetic-fragments" in out and "--chapter" in out
    assert _files(data) == before


def test_import_chapter_adds_a_chapter_to_a_draft_made_from_a_published_release(data, capsys):
    """add-chapter on the draft: the 2024.1E slide text becomes chapter 2 of 2034.1; the draft validates."""
    source = next((DATA_ROOT / "2024.1E" / "osteooncology" / "source").glob("*.txt"))
    command = ["--data", str(data), "add-chapter", DRAFT, "bone-health-2024", str(source), "--number", "22",
               "--position", "2", "--title", "Osteo-Oncology and Bone Health"]
    assert guideline.main(command) == 0, capsys.readouterr()
    draft = _draft(data)
    assert [c.id for c in draft.chapters] == ["osteooncology", "bone-health-2024", "synthetic-bone-health", "synthetic-fragments"]
    chapter = draft.chapter("bone-health-2024")
    assert chapter.metadata.number == "22" and len(chapter.topics) == 24
    ids = [i.id for i in graded_recommendations(draft)]
    assert len(ids) == len(set(ids))
    assert guideline.main(["--data", str(data), "add-chapter", DRAFT, "bone-health-2024", str(source)]) == 1
    assert "already holds chapter 'bone-health-2024'" in capsys.readouterr().err


def test_remove_chapter_retires_its_recommendations_as_open_decisions(data, capsys):
    """Its folder goes; every recommendation 2033.1 published is retired with a placeholder: publish refuses."""
    gone = {i.id for i in graded_recommendations(next(r for r in load_all(data) if r.id == PUBLISHED))
            if i.id.startswith("frag-")}
    other = _files(data / DRAFT / "osteooncology")
    assert guideline.main(["--data", str(data), "remove-chapter", DRAFT, "synthetic-fragments"]) == 0
    out = capsys.readouterr().out
    assert f"{len(gone)} recommendation(s) retired" in out
    assert not (data / DRAFT / "synthetic-fragments").exists()
    assert _files(data / DRAFT / "osteooncology") == other
    releases = load_all(data)
    draft = next(r for r in releases if r.id == DRAFT)
    assert [c.id for c in draft.chapters] == ["osteooncology", "synthetic-bone-health"]
    retired = {e.id for e in draft.metadata.retired}
    assert gone <= retired
    decisions = [str(d) for d in open_decisions(releases, draft)]
    assert all(any(f": {identifier}: retired with a placeholder" in d for d in decisions) for identifier in gone)
    assert guideline.main(["--data", str(data), "publish", DRAFT]) == 1


def test_remove_chapter_refuses_a_published_release_and_the_last_chapter(data, capsys):
    """A published release never changes; a release keeps at least one chapter."""
    assert guideline.main(["--data", str(data), "remove-chapter", PUBLISHED, "synthetic-fragments"]) == 1
    assert "is published" in capsys.readouterr().out
    for chapter in ("synthetic-fragments", "synthetic-bone-health"):
        assert guideline.main(["--data", str(data), "remove-chapter", DRAFT, chapter]) == 0
    assert guideline.main(["--data", str(data), "remove-chapter", DRAFT, "osteooncology"]) == 1
    assert "only chapter" in capsys.readouterr().out


def test_reorder_chapters_changes_the_reading_order_only(data, capsys):
    """The draft's chapters in a new order; a list that is not every chapter once is refused."""
    order = ["synthetic-fragments", "osteooncology", "synthetic-bone-health"]
    assert guideline.main(["--data", str(data), "reorder-chapters", DRAFT, *order]) == 0
    assert [c.id for c in _draft(data).chapters] == order
    assert guideline.main(["--data", str(data), "reorder-chapters", DRAFT, "osteooncology"]) == 1
    assert "give every chapter" in capsys.readouterr().out
    assert guideline.main(["--data", str(data), "reorder-chapters", PUBLISHED, *order]) == 1


def test_validate_reports_per_chapter(data, capsys):
    """One line per chapter: slides, graded recommendations and its open decisions."""
    assert guideline.main(["--data", str(data), "validate"]) == 0
    out = capsys.readouterr().out
    assert "  chapter synthetic-fragments (SYNTHETIC: the 2016.1 fragments, ids renamed (test fixture)): 2 slide(s), 11 graded recommendation(s), 0 open decision(s)" in out
    assert "  chapter osteooncology (Chapter 21: Osteooncology and Bone Health): 3 slide(s)" in out


def test_new_release_with_a_source_realigns_the_named_chapter_only(data, tmp_path, capsys):
    """new-release --source --chapter: the copy's other chapters equal the release it was copied from."""
    old = next((data / PUBLISHED / "synthetic-fragments" / "source").glob("*.txt")).read_text(encoding="utf-8")
    new = tmp_path / "fragments-next.txt"
    new.write_text(old.replace("§ Hypercalcemia 1a A ++", "§ Hypercalcemia 1b A ++"), encoding="utf-8")
    base = ["--data", str(data), "new-release", "2035.1", "--from", PUBLISHED, "--source", str(new)]
    assert guideline.main(base) == 1  # which chapter is the source for?
    assert "--chapter" in capsys.readouterr().out and not (data / "2035.1").exists()
    assert guideline.main([*base, "--chapter", "synthetic-fragments"]) == 0, capsys.readouterr().out
    for chapter in ("osteooncology", "synthetic-bone-health"):
        assert _files(data / "2035.1" / chapter) == _files(data / PUBLISHED / chapter)
    assert _files(data / "2035.1" / "synthetic-fragments") != _files(data / PUBLISHED / "synthetic-fragments")
