"""The yearly realignment cases of issue 22: splits, merges, rewordings in place, reordering, moves.

Each simulated source (tests/fixtures/nextrelease/<case>.txt, made by make_sources.py from 2024.1E's
source) is realigned with `new-release --source`; test_nextrelease.py compares its decisions and `diff`
with <case>.expected.json; here the review report and the YAML say what the editor reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.ingest.matching import content_words, similarity
from macros.yamlsource import read_yaml
from scripts import guideline
from tests.conftest import base_release_copy

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "nextrelease"
BASE = "2024.1E"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding only the base release."""
    return base_release_copy(tmp_path, BASE)


def _draft(data: Path, case: str, capsys) -> str:
    """Realign a draft of the base release to the case's source; the review report's text."""
    source = FIXTURES / f"{case}.txt"
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE, "--source", str(source)]) == 0
    capsys.readouterr()
    return (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")


def _items(data: Path, topic: str) -> list[dict]:
    """A draft topic's recommendations, nested ones included, in YAML order."""
    (path,) = (data / "2025.1E" / "osteooncology" / "topics").glob(f"*-{topic}.yaml")
    root, _ = read_yaml(path.read_text(encoding="utf-8"), str(path))
    found = []

    def walk(items) -> None:
        for item in items:
            found.append(item)
            walk(item.get("children") or [])

    for block in root["blocks"]:
        if block.get("kind") == "recommendations":
            walk(block["items"])
    return found


def _item(data: Path, topic: str, identifier: str) -> dict:
    return next(item for item in _items(data, topic) if item["id"] == identifier)


def _diff_text(data: Path, capsys) -> str:
    assert guideline.main(["--data", str(data), "diff", BASE, "2025.1E"]) == 0
    return capsys.readouterr().out


def test_a_split_line_keeps_the_id_on_its_first_line_and_drafts_the_rest_as_new(data, capsys):
    """Old words spread over two graded lines: the first keeps the id with its own words and grades only."""
    report = _draft(data, "split", capsys)
    vitamin = _item(data, "bone-loss-basic-measures", "bone-vitamin-d3")
    assert (vitamin["text"], vitamin["lines"], vitamin["ago"]) == ("Vitamine D3 suppl. daily", ["406"], "+")
    new = _item(data, "bone-loss-basic-measures", "800-u-d-or-weekly-5600-u-w")
    assert (new["text"], new["lines"], new["ago"]) == ("(800 U/d) or weekly (5600 U/w)", ["407"], "++")
    assert new["replaces"] == ["bone-vitamin-d3"]  # diff and What changed show it against the line it was split from
    assert (
        "- `800-u-d-or-weekly-5600-u-w` (21-bone-loss-basic-measures.yaml, source line 407); words: [-Vitamine D3 "
        "suppl.-] (800 U/d) {+or weekly (5600 U/w)+}; grades: LoE 4 (kept), GR C (kept), AGO ++ (kept); **check:** "
        "split off `bone-vitamin-d3` (was 'Vitamine D3 suppl. (800 U/d)', LoE 4, GR C, AGO ++): drafted as new with "
        "`replaces: [bone-vitamin-d3]`, so `diff` and What changed show it against that line; check its id and tags"
    ) in report
    assert "**check:** split: the new source prints its old line as line(s) 407 as well" in report
    assert (
        "split: the old line of `bone-vitamin-d3` now stands on line 406 and line(s) 407; the draft keeps "
        "`bone-vitamin-d3` on line 406 and drafts line(s) 407 as new item(s). Confirm that line 406 continues it"
    ) in (data / "2025.1E" / "osteooncology" / "decisions.yaml").read_text(encoding="utf-8")


def test_merged_lines_keep_the_first_id_and_retire_the_other_into_it(data, capsys):
    """The survivor holds the merged line; the other is retired with it as successor, an open decision."""
    report = _draft(data, "merge", capsys)
    survivor = _item(data, "bone-loss-basic-measures", "bone-physical-activity")
    assert (survivor["text"], survivor["lines"]) == ("Physical activity, avoiding immobilisation", ["401"])
    assert not [i for i in _items(data, "bone-loss-basic-measures") if i["id"] == "bone-avoid-immobilisation"]
    metadata = (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert (
        '  - {id: bone-avoid-immobilisation, reason: "DECISION NEEDED: the new source no longer prints '
        "'Avoiding immobilisation' on its own: merged into bone-physical-activity?; write why\", "
        'successor: "bone-physical-activity"}'
    ) in metadata
    assert (
        "**decision:** merged: line 401 now prints its words together with `bone-physical-activity`, which keeps its "
        "id; the draft names `bone-physical-activity` as its `successor:`"
    ) in report


def test_a_reworded_merge_keeps_the_first_id_even_where_the_words_follow_the_second(data, capsys):
    """Lines 23-24 merged and reworded: the line alignment gives it to the second; the first id survives."""
    _draft(data, "merge", capsys)
    survivor = _item(data, "denosumab-mbc", "dmab-mbc-hypercalcemia")
    assert (survivor["text"], survivor["lines"]) == (
        "Hypercalcemia therapy and prevention of skeletal complications",
        ["23"],
    )
    assert "dmab-mbc-skeletal-events" not in [item["id"] for item in _items(data, "denosumab-mbc")]
    assert "{id: dmab-mbc-skeletal-events, " in (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert 'successor: "dmab-mbc-hypercalcemia"}' in (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")


def test_a_reworded_group_heading_rewords_its_members_in_context(data, capsys):
    """The members' own words are unchanged, yet what they say changed: diff and REVIEW.md show them in context."""
    report = _draft(data, "heading", capsys)
    assert "## Reworded in context (the group heading they are nested under was reworded)" in report
    assert (
        "- `adj-aminobisphosphonate-postmenopausal` (15-adjuvant-bone-targeted-therapy.yaml, source line 306); words: "
        "[-Aminobisphosphonate (IV-] {+Aminobisphosphonates (zoledronate IV+} or {+ibandronate+} oral) › "
        "Postmenopausal patients*; **check:** the heading it is nested under (`adj-aminobisphosphonate`) was reworded"
    ) in report
    assert (
        "  reworded  adj-aminobisphosphonate-premenopausal: [-Aminobisphosphonate (IV-] {+Aminobisphosphonates "
        "(zoledronate IV+} or {+ibandronate+} oral) › Premenopausal patients (LoE 1a, GR B, AGO +/-)\n"
    ) in _diff_text(data, capsys)
    assert guideline.main(["--data", str(data), "diff", BASE, "2025.1E", "--format", "markdown"]) == 0
    assert (
        "- `adj-aminobisphosphonate-premenopausal`: Aminobisphosphonate \\(IV or oral\\) › Premenopausal patients → "
        "**Aminobisphosphonates \\(zoledronate IV or ibandronate oral\\) › Premenopausal patients** (LoE 1a, GR B, "
        "AGO +/-)"
    ) in capsys.readouterr().out


def test_a_move_with_a_regrade_shows_the_regrade_in_the_review_report(data, capsys):
    """REVIEW.md lists the moved item with its grades old -> new, as `diff` does."""
    report = _draft(data, "moved-regraded", capsys)
    assert (
        "- `ctibl-vitamin-k2` (21-bone-loss-basic-measures.yaml, source line 407); grades: GR B -> C (downgraded), "
        "AGO - -> -- (downgraded)"
    ) in report
    diff = _diff_text(data, capsys)
    assert "regraded  ctibl-vitamin-k2: Vitamin K2 substitution (LoE 2b, GR B -> C (downgraded), AGO - -> --" in diff
    assert "moved     ctibl-vitamin-k2:" in diff


def test_two_lines_swapped_within_a_slide_are_no_change_and_follow_the_source_order(data, capsys):
    """No 'moved', no change at all; the YAML lists the items in the new source's order."""
    report = _draft(data, "swap", capsys)
    assert "0 change(s); 0 decision(s)" in report and "Moved" not in report
    assert [(i["id"], i["lines"]) for i in _items(data, "bisphosphonates-mbc")[:2]] == [
        ("bp-mbc-skeletal-events", ["6"]),
        ("bp-mbc-hypercalcemia", ["7"]),
    ]
    assert "no changes" in _diff_text(data, capsys)


def test_an_item_reworded_where_it_stands_keeps_its_id_with_or_without_a_regrade(data, capsys):
    """Same slide, same place among unchanged neighbours: a rewording (and a regrade), never retired and re-added."""
    report = _draft(data, "in-place", capsys)
    assert "decision" not in report.split("## Decisions left")[1].split("##")[0].replace("None.", "")
    beyond = _item(data, "bisphosphonates-mbc", "bp-mbc-beyond-progression")
    assert beyond["text"] == "Continued therapy after progression in bone only"
    ultrasound = _item(data, "recurrent-bone-pain-after-rt", "rert-mr-guided-focused-ultrasound")
    assert (ultrasound["text"], ultrasound["gr"], ultrasound["ago"]) == (
        "MR-guided high-intensity ultrasound ablation",
        "A",
        "++",
    )
    assert report.count("**check:** reworded where it stands (same slide, between the same unchanged neighbours)") == 2


def test_a_line_sharing_no_word_with_the_old_one_is_a_different_recommendation(data, capsys):
    """The old id retires as a decision that names the line where it stood; the new line is a new item."""
    report = _draft(data, "different", capsys)
    assert (
        "**decision:** where it stood, line 9 prints '§ Quality of life questionnaires at every visit 1a A ++', which "
        "shares no word with it: drafted as a different recommendation"
    ) in report
    assert _item(data, "bisphosphonates-mbc", "quality-of-life-questionnaires-at-every-visit")["ago"] == "++"


def test_truly_ambiguous_changes_are_decisions_and_every_grade_is_kept(data, capsys):
    """Merged-or-dropped and split-or-replaced: no id is guessed; every graded line is an item; both ids decide."""
    report = _draft(data, "ambiguous", capsys)
    assert (
        "`dmab-mbc-skeletal-events` (release.yaml); was: Reduction of skeletal events / complications; grades: LoE "
        "1a, GR A, AGO ++; **decision:** perhaps merged: line 23 (`dmab-mbc-hypercalcemia`, its neighbour) now prints "
        "words of it"
    ) in report
    assert (
        "**decision:** not clear which line continues it: where it stood the new source prints line 28: '§ Switch to "
        "denosumab if bone progression under BP 4 C +/-'; line 29: '§ Switch to zoledronate if progression under "
        "oral BP 4 C +/-', drafted as new items"
    ) in report
    assert report.count("**check:** it may continue `dmab-mbc-progression-on-bp`: see that id's decision") == 2
    graded = {(i["lines"][-1], i["ago"]) for i in _items(data, "denosumab-mbc")}
    assert {("23", "++"), ("28", "+/-"), ("29", "+/-")} <= graded


def test_grades_wrapped_differently_change_nothing(data, capsys):
    """Grades moved onto a line of their own, and a wrapped item joined onto its grade line: no change."""
    report = _draft(data, "gradewrap", capsys)
    assert "0 decision(s)" in report
    hypercalcemia = _item(data, "bisphosphonates-mbc", "bp-mbc-hypercalcemia")
    assert (hypercalcemia["lines"], hypercalcemia["grade_line"]) == (["6"], "7")
    assert "no changes" in _diff_text(data, capsys)


def test_a_line_moved_between_retitled_slides_and_reworded_keeps_its_id(data, capsys):
    """Both slides retitled, the line lightly reworded on its new slide: moved, the id kept, the words shown."""
    report = _draft(data, "moved-reworded", capsys)
    assert (
        "- `rt-hyperthermia` (09-recurrent-bone-pain-after-rt.yaml, source line 179); words: Radiotherapy in "
        "combination with {+regional+} hyperthermia"
    ) in report
    assert "retired" not in _diff_text(data, capsys)


def test_shared_words_ignore_case_and_words_that_say_nothing():
    """'Progression' and 'progression' are one word; 'of' and 'the' are shared by everything and count for nothing."""
    assert content_words("Progression while on bisphosphonates") & content_words("if bone progression under BP")
    assert not content_words("Increasing bone pain-free survival") & content_words("Quality of life at every visit")
    assert similarity("Radiotherapy in combination with hyperthermia", "Radiotherapy in combination with regional "
                      "hyperthermia") > 0.75


def test_a_realistic_year_leaves_the_editor_only_real_decisions(data, capsys):
    """Every kind above in one source: 13 open decisions, each one only an editor can take, no grade lost."""
    report = _draft(data, "yearly", capsys)
    assert "13 decision(s) left to the editor" in report
    decisions = [line for line in report.split("## Decisions left")[1].split("\n## ")[0].splitlines() if line]
    kinds = sorted(
        "split" if "**decision:** split:" in line
        else "merged" if "**decision:** merged:" in line
        else "different" if "shares no word" in line
        else "ambiguous" if "not clear which line continues it" in line
        else "citation" if "cites a recommendation" in line
        else line
        for line in decisions
    )
    assert kinds == ["ambiguous"] + ["citation"] * 8 + ["different", "merged", "merged", "split"]


def test_open_decisions_of_an_earlier_run_follow_their_lines_when_the_source_is_corrected(data, capsys, tmp_path):
    """update-source keeps decisions.yaml's open entries, each moved with its line, never stale nor doubled."""
    _draft(data, "split", capsys)
    corrected = tmp_path / "corrected.txt"
    lines = (FIXTURES / "split.txt").read_text(encoding="utf-8").splitlines()
    corrected.write_text("\n".join([*lines[:2], "", *lines[2:]]) + "\n", encoding="utf-8")  # one line added above
    assert guideline.main(["--data", str(data), "update-source", "2025.1E", str(corrected)]) == 0
    decisions = (data / "2025.1E" / "osteooncology" / "decisions.yaml").read_text(encoding="utf-8")
    assert decisions.count("split: the old line of `bone-vitamin-d3`") == 1
    assert "{line: 408, item: \"bone-vitamin-d3\"," in decisions


def test_a_recommendation_moved_away_from_its_footnote_is_a_decision(data, capsys):
    """'Calcium (1000–1500 mg/d)**' moved to a slide without the '**' footnote: its condition is an open decision."""
    report = _draft(data, "moved-footnote", capsys)
    assert (
        "- `bone-calcium` (decisions.yaml, source line 396); **decision:** moved here from another slide, its words "
        "print the footnote marker '**', which this slide does not define (on its old slide: 'if nutritional supply "
        "is insufficient (in combination with Vit D3 only)')"
    ) in report
    assert "bone-calcium" in (data / "2025.1E" / "osteooncology" / "decisions.yaml").read_text(encoding="utf-8")
