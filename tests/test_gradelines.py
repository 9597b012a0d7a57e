"""validate names what an import or an editor may get wrong about graded lines, with file:line, id and what to do.

Each test edits one topic of a draft copied from 2024.1E the way a mistaken import or hand edit would, and
pins the exact error `validate` prints for it (macros/gradelines.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import guideline
from tests.conftest import base_release_copy

BASE = "2024.1E"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A draft 2025.1E copied from the base release: its topics folder."""
    data = base_release_copy(tmp_path, BASE)
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE]) == 0
    return data / "2025.1E" / "osteooncology" / "topics"


def _edit(path: Path, old: str, new: str, appended: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new) + appended, encoding="utf-8")


def _errors(topics: Path, capsys) -> list[str]:
    """validate's error lines, with the data folder cut from the paths."""
    capsys.readouterr()
    assert guideline.main(["--data", str(topics.parent.parent.parent), "validate"]) == 1
    errors = capsys.readouterr().err
    return [line.replace(f"{topics.parent.parent.parent}/", "") for line in errors.splitlines() if line.startswith("error:")]


PAIN_CONTROL = (
    '      - {id: bp-mbc-pain-control-alone, text: "Bisphosphonates alone for pain control", lines: [16], loe: "5", '
    'gr: "D", ago: "-", tags: [bisphosphonates]}\n'
)


def test_a_graded_line_held_by_a_note_is_named_with_what_to_do(draft, capsys):
    """Its grades would show as words and no recommendation would carry them."""
    _edit(
        draft / "01-bisphosphonates-mbc.yaml",
        PAIN_CONTROL,
        "",
        '  - {kind: note, text: "Bisphosphonates alone for pain control 5 D -", lines: [16]}\n',
    )
    assert _errors(draft, capsys) == [
        "error: 2025.1E/osteooncology/topics/01-bisphosphonates-mbc.yaml:15:79: note of topic 'bisphosphonates-mbc' field 'lines': "
        "holds source line 16 ('§ Bisphosphonates alone for pain control 5 D -'), which prints grades: the site would "
        "show them as words and no recommendation would carry them. Make line 16 a recommendation (an item with its "
        "words, `lines: [16]`, `loe:`, `gr:` and `ago:` as printed) and take the line out of this block's `lines`"
    ]


def test_a_bullet_under_a_list_grade_that_no_item_holds_is_named(draft, capsys):
    """The issue's import: a bullet of a graded list drafted as a note would lose the list's grade."""
    _edit(
        draft / "14-onj-prevention.yaml",
        '      - {id: onj-inform-patients, text: "Inform patients about ONJ risk and educate about early symptom '
        'reporting", lines: [286], tags: [onj]}\n',
        "",
        '  - {kind: note, text: "Inform patients about ONJ risk and educate about early symptom reporting", '
        "lines: [286]}\n",
    )
    assert _errors(draft, capsys) == [
        "error: 2025.1E/osteooncology/topics/14-onj-prevention.yaml:17:107: note of topic 'onj-prevention' field 'lines': source "
        "line 286 ('§ Inform patients about ONJ risk and educate about early symptom reporting') is a bullet of the "
        "list graded on line 291 ('Oxford LoE: 2a GR: A AGO: ++'), but no item of that list holds it: it would lose "
        "the list's grade. Add it to the list's `items` (an item with its words and `lines: [286]`; it takes the "
        "list grade) and take the line out of this block's `lines`"
    ]


def test_two_items_claiming_one_graded_line_are_named_as_a_merge_half_done(draft, capsys):
    """The second claimant is named, with the first, and how to retire it into the first."""
    _edit(
        draft / "01-bisphosphonates-mbc.yaml",
        '{id: bp-mbc-pain-free-survival, text: "Increasing bone pain-free survival", lines: [9]',
        '{id: bp-mbc-pain-free-survival, text: "Reduction of bone pain", lines: [8]',
    )
    assert (
        "error: 2025.1E/osteooncology/topics/01-bisphosphonates-mbc.yaml:12:80: recommendation 'bp-mbc-pain-free-survival' field "
        "'lines': claims the grades of source line 8 ('§ Reduction of bone pain 1a A ++'), which recommendation "
        "'bp-mbc-bone-pain' claims too: a line's grades belong to one recommendation. If the committee merged the "
        "two lines, keep 'bp-mbc-bone-pain' (its words as line 8 prints them) and retire 'bp-mbc-pain-free-survival' "
        "in release.yaml with `successor: bp-mbc-bone-pain`; if the source prints two graded lines, give each its "
        "own line (`update-source` realigns a draft)"
    ) in _errors(draft, capsys)


def test_words_holding_a_run_of_grades_are_named_as_two_lines_joined(draft, capsys):
    """The issue's split: '... 1a A ++ Reduction ...' in one item's words."""
    _edit(
        draft / "01-bisphosphonates-mbc.yaml",
        'text: "Therapy of hypercalcemia", lines: [6]',
        'text: "Therapy of hypercalcemia 1a A ++ Reduction of skeletal events", lines: [6]',
    )
    assert (
        "error: 2025.1E/osteooncology/topics/01-bisphosphonates-mbc.yaml:9:42: recommendation 'bp-mbc-hypercalcemia' field 'text': "
        "text 'Therapy of hypercalcemia 1a A ++ Reduction of skeletal events' holds '1a A ++', a run of grades "
        "followed by more words: the words of two graded lines joined into one item. Give each graded line its own "
        "item: this one keeps the words up to '1a A ++' and those grades on its own line; the words after it are a "
        "new item on the next line (`update-source` drafts a split line so)"
    ) in _errors(draft, capsys)
