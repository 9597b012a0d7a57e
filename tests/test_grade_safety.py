"""No grade is lost in silence: a source line whose grades cannot be read, a grade no longer printed.

The committee's new source is realigned with `new-release --source` (as editors do); a line whose end looks
like grades but is not 'LoE GR AGO' ('2b F +', '1b B + +', '5 D –') must keep the recommendation's grades
and hold `publish` as an open decision; a recommendation that prints fewer grades than in the release before
needs an editor's confirmation under `grade_removals:`; `validate` rejects words that end with grades;
`diff` says what happened instead of calling a still-printed item retired.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from macros import sourcetext
from macros.decisions import open_decisions
from macros.load import load_all
from macros.problems import GuidelineDataError
from macros.releases import canonical_hash, read_lock
from scripts import guideline
from tests.conftest import base_release_copy

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "guideline_data"
BASE = "2024.1E"  # the release the edited sources are made from (not necessarily the latest)
NAME = "2025.1E-osteooncology-bone-health.txt"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding only the base release, as an editor's checkout would before drafting."""
    return base_release_copy(tmp_path, BASE)


def _base_source() -> list[str]:
    return next((DATA / BASE / "osteooncology" / "source").glob("*.txt")).read_text(encoding="utf-8").splitlines()


def _new_source(tmp_path: Path, edits: dict[int, str]) -> Path:
    """The base source with whole lines replaced (line number -> new line), named as the next release's."""
    lines = _base_source()
    for number, line in edits.items():
        lines[number - 1] = line
    path = tmp_path / NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(data: Path, *arguments: str) -> int:
    return guideline.main(["--data", str(data), *arguments])


def _draft(data: Path, source: Path, capsys) -> str:
    assert _run(data, "new-release", "2025.1E", "--from", BASE, "--source", str(source)) == 0
    return capsys.readouterr().out


def _decisions(data: Path) -> list[str]:
    releases = load_all(data)
    draft = next(release for release in releases if release.id == "2025.1E")
    return [str(decision) for decision in open_decisions(releases, draft)]


def _item_line(data: Path, identifier: str) -> str:
    for path in (data / "2025.1E" / "osteooncology" / "topics").glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if f"id: {identifier}," in line:
                return line
    raise AssertionError(f"{identifier} is not in the draft")


# The tester's reproduction: an unknown GR, a split AGO, typographic dashes.
UNREAD = {
    52: "§ 177Lu-EDTMP 2b F +",
    53: "§ 188 Rhenium-HEDP 1b B + +",
    16: "§ Bisphosphonates alone for pain control 5 D \u2013",
    29: "§ Progression while on bisphosphonates 4 C +/\u2013",
}


@pytest.mark.parametrize(
    ("line", "printed"),
    [
        ("§ 177Lu-EDTMP 2b F +", "2b F +"),
        ("§ 188 Rhenium-HEDP 1b B + +", "1b B + +"),
        ("§ 188 Rhenium-HEDP 1b B + ++", "1b B + ++"),
        ("§ Bisphosphonates alone for pain control 5 D \u2013", "5 D \u2013"),
        ("§ Bisphosphonates alone for pain control 5 D \u2014", "5 D \u2014"),
        ("§ Bisphosphonates alone for pain control 5 D \u2212", "5 D \u2212"),
        ("§ Progression while on bisphosphonates 4 C +/\u2013", "4 C +/\u2013"),
        ("§ Some therapy 6 B +", "6 B +"),
        ("+/\u2013", "+/\u2013"),
    ],
)
def test_a_line_end_that_looks_like_grades_but_does_not_read_is_found(line, printed):
    found = sourcetext.unread_grade(line)
    assert found is not None and found.printed == printed
    assert sourcetext.item_text([line], [1], 1) == sourcetext.collapse(line[: len(line) - len(printed)]).removeprefix(
        "§ "
    )


@pytest.mark.parametrize(
    "line",
    [
        "§ Radionuclide therapy 2b B +",
        "3b C ++",
        "§ Magnetic resonance-guided focused ultrasound 1b B",
        "- a list item",
        "Denosumab 120 mg SC q4w + 0 0 + +",
        "words \u2013 more words",
        "§ Calcium and vitamin D",
    ],
)
def test_grades_that_read_and_plain_words_are_not_unread(line):
    assert sourcetext.unread_grade(line) is None


def test_no_line_of_any_release_source_is_unread():
    """The detector raises no alarm on the real sources (validate stays clean on them)."""
    for path in DATA.glob("*/source/*.txt"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert [n for n, line in enumerate(lines, start=1) if sourcetext.unread_grade(line)] == [], path


def test_new_release_keeps_the_grades_of_lines_it_cannot_read(data, tmp_path, capsys):
    """The tester's reproduction: no item turns into ungraded words; each line is an open decision naming the
    file, the line, the printed text, what was not understood and what is allowed; publish refuses."""
    output = _draft(data, _new_source(tmp_path, UNREAD), capsys)
    assert "4 unread" in output
    assert output.count("decision:") == 4
    assert '{id: radionuclides-lutetium-177-edtmp, text: "177Lu-EDTMP", lines: [52], loe: "2b", gr: "C", ago: "+"' in (
        _item_line(data, "radionuclides-lutetium-177-edtmp")
    )
    assert 'text: "188 Rhenium-HEDP", lines: [53], loe: "1b", gr: "B", ago: "+"' in _item_line(
        data, "radionuclides-rhenium-188-hedp"
    )
    assert 'text: "Bisphosphonates alone for pain control", lines: [16], loe: "5", gr: "D", ago: "-"' in _item_line(
        data, "bp-mbc-pain-control-alone"
    )
    decisions = _decisions(data)
    assert len(decisions) == 4
    lutetium = next(d for d in decisions if "radionuclides-lutetium-177-edtmp" in d)
    assert "03-radionuclides.yaml:14:" in lutetium
    assert f"line 52 of {NAME} prints '§ 177Lu-EDTMP 2b F +'" in lutetium
    assert "GR 'F' is not an allowed value" in lutetium
    assert "GR: A, B, C, D" in lutetium and "AGO: ++, +, +/-, -, --" in lutetium
    assert "update-source" in lutetium
    dash = next(d for d in decisions if "bp-mbc-pain-control-alone" in d)
    assert "U+2013" in dash and "likely meant '-', but that is not assumed" in dash
    assert "AGO '+ +' is not an allowed value; a grade is one token, here it is split" in next(
        d for d in decisions if "radionuclides-rhenium-188-hedp" in d
    )
    report = (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")
    assert "4 decision(s) left" in report and "## Grades not understood" in report
    assert "reworded" not in report.lower().split("## decisions left")[1]
    assert _run(data, "validate") == 0
    assert "4 open decision(s) before it can be published" in capsys.readouterr().out
    before = (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert _run(data, "publish", "2025.1E") == 1
    assert "4 open decision(s)" in capsys.readouterr().out
    assert (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8") == before
    assert _run(data, "diff", BASE, "2025.1E") == 0
    diff = capsys.readouterr().out
    assert "retired" not in diff
    assert "(2025.1E is a draft with 4 open decision(s): `validate` lists them)" in diff


def test_a_corrected_source_settles_the_decision(data, tmp_path, capsys):
    """update-source with the committee's corrected line reads the grades again: no decision is left."""
    _draft(data, _new_source(tmp_path, {52: UNREAD[52]}), capsys)
    corrected = tmp_path / "corrected" / NAME
    corrected.parent.mkdir()
    corrected.write_text("\n".join(_base_source()).replace("177Lu-EDTMP 2b C +", "177Lu-EDTMP 2b B +") + "\n")
    assert _run(data, "update-source", "2025.1E", str(corrected)) == 0
    capsys.readouterr()
    assert _decisions(data) == []
    assert 'loe: "2b", gr: "B", ago: "+"' in _item_line(data, "radionuclides-lutetium-177-edtmp")


def test_an_unread_line_no_item_holds_is_a_decision_too(data, tmp_path, capsys):
    """A new line whose grades do not read becomes no silent note: REVIEW.md and validate list it."""
    lines = _base_source()
    lines.insert(53, "§ 90Yttrium microspheres 2b F +")
    source = tmp_path / NAME
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _draft(data, source, capsys)
    assert "source line 54: line 54 of" in output
    assert any("line 54 of" in decision and "GR 'F'" in decision for decision in _decisions(data))


def _hand_edit(data: Path, line: int, printed: str, old: str, new: str) -> None:
    """A draft edited by hand (no new-release --source): one source line and the YAML that stands for it."""
    assert _run(data, "new-release", "2025.1E", "--from", BASE) == 0
    folder = data / "2025.1E"
    source = next((folder / "osteooncology" / "source").glob("*.txt"))
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = printed
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    metadata = folder / "osteooncology" / "chapter.yaml"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    metadata.write_text(re.sub(r"sha256: \S+", f"sha256: {digest}", metadata.read_text(encoding="utf-8")))
    for path in (folder / "osteooncology" / "topics").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")
            return
    raise AssertionError(old)


# Line 52 as a hand edit that moved its grades into the words: line, source text, YAML before and after.
GRADES_IN_THE_WORDS = (
    52,
    "§ 177Lu-EDTMP 2b F +",
    'text: "177Lu-EDTMP", lines: [52], loe: "2b", gr: "C", ago: "+"',
    'text: "177Lu-EDTMP 2b F +", lines: [52]',
)


def test_validate_rejects_words_that_end_with_grades(data, capsys):
    """The hand-made form of the defect: the grades moved into the words. An error with file, line, id,
    what is wrong and what is allowed."""
    _hand_edit(data, *GRADES_IN_THE_WORDS)
    capsys.readouterr()
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    [problem] = raised.value.problems
    assert problem.file.endswith("2025.1E/osteooncology/topics/03-radionuclides.yaml") and problem.line == 14
    assert problem.item == "recommendation 'radionuclides-lutetium-177-edtmp'"
    assert "ends with '2b F +', which looks like grades" in problem.message
    assert "GR 'F' is not an allowed value" in problem.message and "GR: A, B, C, D" in problem.message
    assert _run(data, "validate") == 1
    assert capsys.readouterr().err.endswith("\n")


def test_words_ending_with_grades_that_read_are_rejected_as_well(data):
    _hand_edit(
        data,
        16,
        "§ Bisphosphonates alone for pain control 5 D -",
        'text: "Bisphosphonates alone for pain control", lines: [16], loe: "5", gr: "D", ago: "-"',
        'text: "Bisphosphonates alone for pain control 5 D -", lines: [16], loe: "5", gr: "D", ago: "-"',
    )
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    assert any("ends with '5 D -', which looks like grades" in p.message for p in raised.value.problems)


def test_grades_no_longer_printed_need_a_confirmation(data, tmp_path, capsys):
    """Line 176 without its AGO, line 141 without all three: each an open decision, with a placeholder under
    `grade_removals:`; flows and cases citing the now ungraded item are decisions too; publish refuses."""
    source = _new_source(
        tmp_path,
        {176: "§ Magnetic resonance-guided focused ultrasound 1b B", 141: "§ Immediate start of treatment"},
    )
    output = _draft(data, source, capsys)
    assert "line 176 no longer prints its AGO" in output and "line 141 no longer prints its LoE, GR, AGO" in output
    metadata = (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert '  - {id: rert-mr-guided-focused-ultrasound, grades: ["ago"], reason: "DECISION NEEDED:' in metadata
    decisions = _decisions(data)
    assert any("rert-mr-guided-focused-ultrasound: grades no longer printed (AGO)" in d for d in decisions)
    assert any("mscc-immediate-start: grades no longer printed (LoE, GR, AGO)" in d for d in decisions)
    assert any("cites a recommendation that no longer prints grades" in d for d in decisions)
    assert _run(data, "publish", "2025.1E") == 1
    capsys.readouterr()
    (data / "2025.1E" / "release.yaml").write_text(
        re.sub(r"DECISION NEEDED: [^\"]*", "Removed by the committee.", metadata), encoding="utf-8"
    )
    left = _decisions(data)
    assert not any("grades no longer printed" in d or "without its" in d for d in left)
    assert left and all(("mscc-immediate-start" in d and "cites" in d) or "expects" in d for d in left)
    assert _run(data, "diff", BASE, "2025.1E") == 0
    diff = capsys.readouterr().out
    assert "  no longer graded  mscc-immediate-start: Immediate start of treatment (LoE 1c -> none (no longer " in diff
    assert "retired" not in diff
    assert "AGO + -> none (no longer printed)" in diff


def test_a_grade_removed_by_hand_needs_a_confirmation(data, capsys):
    """Without new-release: an item that lost its AGO against the release before is an open decision until
    `grade_removals:` confirms it."""
    _hand_edit(
        data,
        176,
        "§ Magnetic resonance-guided focused ultrasound 1b B",
        'lines: [176], loe: "1b", gr: "B", ago: "+"',
        'lines: [176], loe: "1b", gr: "B"',
    )
    [decision] = _decisions(data)
    assert "rert-mr-guided-focused-ultrasound: graded in release 2024.1E (LoE 1b, GR B, AGO +;" in decision
    assert "without its AGO" in decision and "grade_removals:" in decision
    metadata = data / "2025.1E" / "release.yaml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8")
        + 'grade_removals:\n  - {id: rert-mr-guided-focused-ultrasound, grades: [ago], reason: "Committee 2025."}\n',
        encoding="utf-8",
    )
    assert _decisions(data) == []
    assert _run(data, "publish", "2025.1E") == 0


def test_a_grade_removal_names_scales_and_a_carried_id(data):
    assert _run(data, "new-release", "2025.1E", "--from", BASE) == 0
    metadata = data / "2025.1E" / "release.yaml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + 'grade_removals:\n  - {id: no-such-item, grades: [AGO], reason: "x"}\n',
        encoding="utf-8",
    )
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    messages = [p.message for p in raised.value.problems]
    assert any("is no recommendation of this release" in m for m in messages)
    assert any("allowed: loe, gr, ago" in m for m in messages)


def test_the_published_lock_holds():
    """grade_removals is hashed only when given: the lock of every published release still matches."""
    lock = read_lock(DATA)
    for release in load_all(DATA):
        if release.id in lock:
            assert canonical_hash(release) == lock[release.id]


def test_diff_calls_an_id_dropped_without_retirement_so(data, capsys):
    """Not 'retired ... no reason recorded' when release.yaml retires nothing: 'dropped', an open decision."""
    _draft(data, ROOT / "tests" / "fixtures" / "nextrelease" / "realistic.txt", capsys)
    metadata = data / "2025.1E" / "release.yaml"
    metadata.write_text(re.sub(r"^retired:\n(?:  .*\n)*", "", metadata.read_text(encoding="utf-8"), flags=re.M))
    for path in [*(data / "2025.1E" / "osteooncology" / "flows").glob("*.yaml"), *(data / "2025.1E" / "osteooncology" / "cases").glob("*.yaml")]:
        path.write_text(path.read_text(encoding="utf-8").replace(", bone-smoking-alcohol", ""), encoding="utf-8")
    assert _run(data, "diff", BASE, "2025.1E") == 0
    output = capsys.readouterr().out
    assert "no reason recorded" not in output and "  retired " not in output
    assert "  dropped   bone-smoking-alcohol: " in output
    assert "not retired in 2025.1E's release.yaml (an open decision" in output


def test_review_shows_a_retired_recommendation_with_its_words_and_grades(data, capsys):
    _draft(data, ROOT / "tests" / "fixtures" / "nextrelease" / "realistic.txt", capsys)
    report = (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")
    assert (
        "- `bone-smoking-alcohol` (release.yaml); was: Quit smoking, reduction of alcohol; grades: LoE 2b, GR B, AGO ++;"
        in report
    )


def test_diff_on_invalid_data_does_not_claim_to_write(data, capsys):
    """diff writes nothing in any case: its error says what to do, on lines that end with a newline."""
    _hand_edit(data, *GRADES_IN_THE_WORDS)
    capsys.readouterr()
    assert _run(data, "diff", BASE, "2025.1E") == 1
    error = capsys.readouterr().err
    assert "nothing was written" not in error
    assert error.endswith("1 error(s); fix them, then run `validate` again\n")


# Misread grades that do not have the three-part shape: what is left reads as words plus debris. Each was
# taken for 'the committee removed the grades' (debris moved into the words, a grade_removals placeholder).
DEBRIS = [
    (9, "§ Increasing bone pain-free survival la A ++", "bp-mbc-pain-free-survival", "la A ++", "LoE 'la'"),
    (9, "§ Increasing bone pain-free survival 1a a ++", "bp-mbc-pain-free-survival", "1a a ++", "GR 'a'"),
    (9, "§ Increasing bone pain-free survival 1a A ++.", "bp-mbc-pain-free-survival", "1a A ++.", "'.' after"),
    (186, "§ Renal function deterioration due to IV-aminobisphosphonates Ib", "tox-renal-function", "Ib", "LoE 'Ib'"),
    (193, "§ Severe hypocalcemia (Dmab > BPs) 1 b", "tox-severe-hypocalcemia", "1 b", "LoE '1'"),
    (193, "§ Severe hypocalcemia (Dmab > BPs) 6", "tox-severe-hypocalcemia", "6", "LoE '6'"),
    (193, "§ Severe hypocalcemia (Dmab > BPs) 1e", "tox-severe-hypocalcemia", "1e", "LoE '1e'"),
    (407, "§ Avoid BMI < 20 kg/m2 3b C ++ *", "bone-avoid-low-bmi", "3b C ++ *", "'*' after"),
    (
        394,
        "§ Antiresorptive therapy according to DVO S3 \u2013 guidelines (as of 09/2023) \u2013",
        "ctibl-antiresorptive-per-dvo",
        "\u2013",
        "U+2013",
    ),
]


@pytest.mark.parametrize(("number", "line", "identifier", "printed", "what"), DEBRIS)
def test_grade_debris_is_an_unread_line_not_a_removal(data, tmp_path, capsys, number, line, identifier, printed, what):
    """Words and grades stay as they were, one open unread decision naming what was not understood and the
    allowed values; no grade_removals placeholder; validate lists the same decision; publish refuses."""
    output = _draft(data, _new_source(tmp_path, {number: line}), capsys)
    assert "1 unread" in output and output.count("decision:") == 1
    assert f"its end {printed!r} looks like grades but is not understood" in output and what in output
    assert "GR: A, B, C, D" in output
    metadata = (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert "grade_removals" not in metadata
    item = _item_line(data, identifier)
    assert not item.split("text: ")[1].split('", ')[0].removesuffix('"').endswith(printed)
    base = next(
        text
        for path in (data / BASE / "osteooncology" / "topics").glob("*.yaml")
        for text in path.read_text(encoding="utf-8").splitlines()
        if f"id: {identifier}," in text
    )
    assert item.split("lines:")[0] == base.split("lines:")[0]  # the same words
    assert re.findall(r'(?:loe|gr|ago): "[^"]*"', item) == re.findall(r'(?:loe|gr|ago): "[^"]*"', base)
    [decision] = _decisions(data)
    assert identifier in decision and f"line {number} of {NAME}" in decision and what in decision
    assert _run(data, "validate") == 0
    capsys.readouterr()
    assert _run(data, "publish", "2025.1E") == 1


def test_a_grade_removed_with_the_words_unchanged_is_still_a_removal(data, tmp_path, capsys):
    """Debris needs words gained: 'Severe hypocalcemia (Dmab > BPs)' without its LoE is the committee's removal."""
    output = _draft(data, _new_source(tmp_path, {193: "§ Severe hypocalcemia (Dmab > BPs)"}), capsys)
    assert "line 193 no longer prints its LoE" in output and "unread" not in output.split("\n")[0]
    assert "tox-severe-hypocalcemia" in (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("words", "tail"),
    [
        ("Increasing bone pain-free survival la A", "la A"),
        ("Increasing bone pain-free survival 1a a ++", "1a a ++"),
        ("Severe hypocalcemia (Dmab > BPs) 1 b", "1 b"),
        ("Renal function deterioration Ib", "Ib"),
        ("Severe hypocalcemia 6", "6"),
        ("Severe hypocalcemia 1e", "1e"),
        ("Increasing bone pain-free survival 1a A ++.", "1a A ++."),
        ("Avoid BMI < 20 kg/m2 3b C ++ *", "3b C ++ *"),
        ("guidelines (as of 09/2023) \u2013", "\u2013"),
        ("Calcium and vitamin D", None),
        ("Postmenopausal patients *", None),
        ("Acute Phase Reaction (IV Amino-BPs, Dmab) 10\u201330%", None),
    ],
)
def test_words_ending_with_grade_debris(words, tail):
    assert sourcetext.debris_tail(words) == tail


def test_no_real_recommendation_ends_with_grade_debris():
    """validate's near-miss check raises no alarm on any recommendation of the real data."""
    from macros.index import all_items

    checked = 0
    for release in load_all(DATA):
        for _, _, item, _ in all_items(release):
            checked += 1
            assert sourcetext.debris_tail(item.text) is None, (release.id, item.id, item.text)
    assert checked > 100


def test_validate_rejects_words_that_end_with_grade_debris(data, capsys):
    """The hand-made form: the misread grades moved into the words, the grades dropped."""
    _hand_edit(
        data,
        9,
        "§ Increasing bone pain-free survival la A ++",
        'text: "Increasing bone pain-free survival", lines: [9], loe: "1a", gr: "A", ago: "++"',
        'text: "Increasing bone pain-free survival la A", lines: [9], ago: "++"',
    )
    capsys.readouterr()
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    [problem] = raised.value.problems
    assert problem.file.endswith("2025.1E/osteooncology/topics/01-bisphosphonates-mbc.yaml") and problem.line
    assert problem.item == "recommendation 'bp-mbc-pain-free-survival'"
    assert "ends with 'la A', which looks like grades" in problem.message
    assert "LoE 'la' is not an allowed value" in problem.message and "LoE: 1a, 1b" in problem.message


def test_a_scale_never_printed_reads_unchanged_when_an_item_is_no_longer_graded(data, tmp_path, capsys):
    """A LoE-only item (line 193 prints '1b') losing its LoE: its GR and AGO were never printed, so the diff and
    the What changed page say 'not printed', never 'none -> none (changed)'."""
    from macros.compare import compare
    from macros.render.changes import comparison_markdown

    _draft(data, _new_source(tmp_path, {193: "§ Severe hypocalcemia (Dmab > BPs)"}), capsys)
    metadata = data / "2025.1E" / "release.yaml"
    metadata.write_text(
        re.sub(r"DECISION NEEDED: [^\"]*", "Removed by the committee.", metadata.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert _run(data, "diff", BASE, "2025.1E") == 0
    diff = capsys.readouterr().out
    assert "tox-severe-hypocalcemia" in diff
    assert "LoE 1b -> none (no longer printed), GR not printed, AGO not printed" in diff
    assert "none -> none" not in diff and "(changed)" not in diff
    releases = {release.id: release for release in load_all(data)}
    comparison = compare(releases[BASE], releases["2025.1E"])
    [entry] = [e for e in comparison.entries if e.change == "no longer graded"]
    assert [g.direction for g in entry.grades] == ["changed", "unchanged", "unchanged"]
    page = comparison_markdown(comparison, lambda identifier, release: f"{release}/{identifier}")
    assert "LoE 1b → none (no longer printed), GR not printed, AGO not printed" in page
    assert "none → none" not in page


@pytest.mark.parametrize(
    ("number", "line", "topic", "kept", "what"),
    [
        (291, "Oxford LoE: 2a GR: A AGO: \u2013", "onj-prevention", 'loe: "2a", gr: "A", ago: "++"', "U+2013"),
        (120, "Oxford LoE: 2b GR: C AGO: + +", "spine-surgery-indications", 'loe: "2b", gr: "C", ago: "++"', "split"),
        (164, "Oxford LoE: 3b GR: C AGO: + +", "surgery-techniques", 'loe: "3b", gr: "C", ago: "+"', "split"),
    ],
)
def test_a_list_grade_that_does_not_read_is_kept_as_an_unread_decision(
    data, tmp_path, capsys, number, line, topic, kept, what
):
    """'AGO: –' was written as ago '–', 'AGO: + +' deleted the list grade (invalid YAML), with no decision."""
    [base] = [p.name for p in (data / BASE / "osteooncology" / "topics").glob("*.yaml") if f"id: {topic}\n" in p.read_text("utf-8")]
    output = _draft(data, _new_source(tmp_path, {number: line}), capsys)
    assert "1 unread" in output and output.count("decision:") == 1
    assert f"list grade of topic '{topic}'" in output and what in output and "AGO: ++, +, +/-, -, --" in output
    draft = (data / "2025.1E" / "osteooncology" / "topics" / base).read_text(encoding="utf-8")
    assert draft == (data / BASE / "osteooncology" / "topics" / base).read_text(encoding="utf-8")
    assert kept in draft
    [decision] = _decisions(data)
    assert f"list grade of topic {topic}" in decision and f"line {number} of {NAME}" in decision and what in decision
    assert _run(data, "validate") == 0
    capsys.readouterr()
    assert _run(data, "publish", "2025.1E") == 1


@pytest.mark.parametrize(
    ("line", "printed"),
    [
        ("Oxford LoE: 2a GR: A AGO: \u2013", "2a A \u2013"),
        ("Oxford LoE: 2b GR: C AGO: + +", "2b C + +"),
        ("Oxford LoE: 2b GR: C", "Oxford LoE: 2b GR: C"),
    ],
)
def test_list_grade_lines_that_do_not_read(line, printed):
    assert sourcetext.unread_grade(line).printed == printed
    assert sourcetext.unread_grade("Oxford LoE: 2b GR: C AGO: ++") is None


@pytest.mark.parametrize("misread", ["Ib", "1 b", "lb"])
def test_a_line_of_grades_alone_misread_stays_the_grade_line(data, tmp_path, capsys, misread):
    """tox-onj prints its LoE '1b' alone on line 190: misread, the line was taken for gone (grade_line moved to
    189, 'Ib' a new note, the LoE a removal, and YAML validate rejected). Now an unread decision, nothing moved."""
    output = _draft(data, _new_source(tmp_path, {190: misread}), capsys)
    assert "1 unread" in output and output.count("decision:") == 1 and f"prints {misread!r}" in output
    topic = "10-side-effects-toxicity.yaml"
    assert (data / "2025.1E" / "osteooncology" / "topics" / topic).read_text("utf-8") == (data / BASE / "osteooncology" / "topics" / topic).read_text(
        "utf-8"
    )
    assert "grade_removals" not in (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert _run(data, "validate") == 0


def test_a_grade_line_removed_drops_the_grade_line_too(data, tmp_path, capsys):
    """Line 190 ('1b', tox-onj's LoE alone) deleted: a removal to confirm, and no `grade_line:` left on an item
    without grades (validate rejected the draft)."""
    output = _draft(data, _new_source(tmp_path, {190: ""}), capsys)
    assert "no longer prints its LoE" in output
    draft = (data / "2025.1E" / "osteooncology" / "topics" / "10-side-effects-toxicity.yaml").read_text(encoding="utf-8")
    assert "grade_line: 190" not in draft and "grade_line: 189" not in draft
    assert _run(data, "validate") == 0
