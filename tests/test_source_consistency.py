"""The data matches the verbatim source: one test item per recommendation and per source line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from macros import sourcetext
from macros.checks import (
    check_block_against_source,
    check_footnote,
    check_recommendation_against_source,
    check_source_coverage,
    claimed_lines,
    printed_claimed_lines,
)
from macros.index import all_items, graded_recommendations
from macros.load import DATA_ROOT, load_all

RELEASE = next(r for r in load_all(DATA_ROOT) if r.id == "2024.1E")
CHAPTER = RELEASE.chapter("osteooncology")
ITEMS = {item.id: (topic, item) for topic, _, item, _ in all_items(RELEASE)}
GRADED_LINES = sourcetext.graded_line_numbers(CHAPTER.source_lines)
PRINTED_LINES = [n for n, line in enumerate(CHAPTER.source_lines, start=1) if line.strip()]
# The team's reference folder, beside the checkout (../shared/) on the team's machines and in CI.
SHARED = DATA_ROOT.parent.parent / "shared"
SHARED_SOURCE = SHARED / "source" / "2024.1E-osteooncology-bone-health.txt"
SHARED_GRADING = SHARED / "reference" / "grading.md"


def _not_beside(path: Path) -> str:
    return (
        f"{path} does not exist: this check compares with the team's reference folder, which sits beside the "
        f"checkout as ../shared/ on the team's machines and in CI; clone this repository next to shared/ to run it"
    )


def test_source_file_hash_is_recorded_in_release_metadata():
    """The copied source is byte-identical to what chapter.yaml records."""
    path = DATA_ROOT / "2024.1E" / "osteooncology" / CHAPTER.metadata.source.file
    assert hashlib.sha256(path.read_bytes()).hexdigest() == CHAPTER.metadata.source.sha256


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason=_not_beside(SHARED_SOURCE))
def test_source_file_is_an_unchanged_copy_of_the_shared_source():
    """guideline_data holds the shared source unchanged."""
    assert (DATA_ROOT / "2024.1E" / "osteooncology" / CHAPTER.metadata.source.file).read_bytes() == SHARED_SOURCE.read_bytes()


@pytest.mark.parametrize("item_id", list(ITEMS))
def test_item_text_and_grades_stand_on_its_source_lines(item_id):
    """The item's text is what its lines print, and its grades what its grade line prints."""
    topic, item = ITEMS[item_id]
    assert check_recommendation_against_source(RELEASE, topic, item) == []


@pytest.mark.parametrize("line", GRADED_LINES)
def test_every_graded_source_line_is_one_item(line):
    """A source line that prints a grade is represented by exactly one item or list grade."""
    owners = [i.id for i in graded_recommendations(RELEASE) if i.grade_scope == "item" and i.grade_line == line]
    owners += [
        t.id for t in RELEASE.topics for b in t.blocks if getattr(b, "list_grade", None) and b.list_grade.line == line
    ]
    assert len(owners) == 1, f"line {line} {CHAPTER.source_lines[line - 1].strip()!r}: {owners}"


@pytest.mark.parametrize("line", PRINTED_LINES)
def test_every_printed_source_line_is_represented(line):
    """Nothing is dropped: each non-blank source line is claimed by the data."""
    claimed = printed_claimed_lines(CHAPTER).union(*(claimed_lines(topic) for topic in RELEASE.topics))
    assert line in claimed, f"line {line} {CHAPTER.source_lines[line - 1].strip()!r} is represented by nothing"


def test_items_are_in_source_order_within_each_topic():
    """Items follow the order the slide prints them in."""
    for topic in RELEASE.topics:
        firsts = [item.lines[0] for t, _, item, _ in all_items(RELEASE) if t is topic]
        assert firsts == sorted(firsts), topic.id


@pytest.mark.parametrize("topic_id", [t.id for t in RELEASE.topics])
def test_every_block_text_number_and_symbol_stands_in_the_source(topic_id):
    """Titles, notes, lists, links, figures, trial numbers and table symbols are all printed where claimed."""
    topic = RELEASE.topic(topic_id)
    problems = [p for block in topic.blocks for p in check_block_against_source(RELEASE, topic, block)]
    problems += [p for footnote in topic.footnotes for p in check_footnote(RELEASE, topic, footnote)]
    assert problems == []


def test_topics_tile_the_source_in_slide_order():
    """Every source line belongs to exactly one topic, and topics follow the source."""
    assert list(check_source_coverage(RELEASE)) == []
    assert [t.slide for t in RELEASE.topics] == list(range(1, 25))


def test_release_counts_match_the_hand_count():
    """Counted by hand from the source: 97 item grades, 3 list grades over 18 items, 9 LoE-only lines."""
    graded = graded_recommendations(RELEASE)
    assert len(GRADED_LINES) == 100
    assert sum(1 for i in graded if i.grade_scope == "item") == 97
    assert sum(1 for i in graded if i.grade_scope == "list") == 18
    assert sum(1 for i in graded if i.loe and not i.gr and not i.ago) == 9
    assert sum(1 for i in graded if i.ago and not i.loe) == 2
    assert sum(1 for t in RELEASE.topics for b in t.blocks if b.kind == "trial") == 6


def test_ids_are_unique_slugs():
    """Ids are permalinks: lowercase slugs, unique in the release."""
    ids = [i.id for i in graded_recommendations(RELEASE)]
    assert len(ids) == len(set(ids))


def test_grades_use_the_vocabulary_and_3c_3d_are_kept_as_printed():
    """Every grade is a declared value; 3c/3d stand as printed and nowhere else."""
    graded = graded_recommendations(RELEASE)
    outside = sorted((i.id, i.loe) for i in graded if i.loe in ("3c", "3d"))
    assert outside == [
        ("bone-bisphosphonates-after-denosumab", "3c"),
        ("ctibl-bisphosphonates-after-denosumab", "3c"),
        ("ctibl-vitamin-d-levels", "3d"),
    ]


@pytest.mark.skipif(not SHARED_GRADING.exists(), reason=_not_beside(SHARED_GRADING))
def test_grading_vocabulary_matches_the_reference_definitions():
    """grading.yaml carries the meanings of ../shared/reference/grading.md word for word."""
    text = SHARED_GRADING.read_text(encoding="utf-8")
    for scale in (RELEASE.grading.loe, RELEASE.grading.gr, RELEASE.grading.ago):
        for grade in scale.values:
            assert f"| {grade.value} | {grade.meaning} |" in text


def test_shared_reference_folder_is_not_needed_to_load(tmp_path: Path):
    """The data folder is self-contained: copying guideline_data elsewhere still loads."""
    import shutil

    shutil.copytree(DATA_ROOT, tmp_path / "guideline_data")
    assert [r.id for r in load_all(tmp_path / "guideline_data")] == [r.id for r in load_all(DATA_ROOT)]
