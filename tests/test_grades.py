"""macros/grades.py: each scale's order and a regrade's direction, grades as text, the scales' names."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from macros.grades import changes_text, direction, grade_rank, grades_text, scale_order, values_text
from macros.model import GradeScale, GradeValue
from macros.render.pages import all_recommendations_table


def _scale(values: list[str], outside: list[str]) -> GradeScale:
    return GradeScale("test", tuple(GradeValue(v, v) for v in values), tuple(GradeValue(v, "outside") for v in outside))


def test_real_scales_run_strongest_first_with_3c_3d_after_3b(release):
    assert scale_order(release.grading.loe) == (
        "1a", "1b", "1c", "2a", "2b", "2c", "3a", "3b", "3c", "3d", "4", "5",
    )  # fmt: skip
    assert scale_order(release.grading.gr) == ("A", "B", "C", "D")
    assert scale_order(release.grading.ago) == ("++", "+", "+/-", "-", "--")


def test_outside_values_are_slotted_by_number_and_letter_in_any_declared_order():
    scale = _scale(["1a", "1b", "2a", "4", "5"], ["3d", "0", "1c", "3c", "6"])
    assert scale_order(scale) == ("0", "1a", "1b", "1c", "2a", "3c", "3d", "4", "5", "6")


def test_an_outside_value_without_a_number_goes_last():
    assert scale_order(_scale(["++", "+"], ["?"])) == ("++", "+", "?")


def test_a_grade_not_printed_ranks_after_every_value(release):
    ago = release.grading.ago
    assert [grade_rank(ago, v) for v in ("++", "+", "+/-", "-", "--", None)] == [1, 2, 3, 4, 5, 6]


def test_index_cells_carry_rank_and_source_position(release):
    """data-sort = rank x 100000 + the row's position: scale order first, source order among equals."""
    html = all_recommendations_table(release, "recommendations/")
    first_row = html[html.index("<tr data-topic=") :]
    first_row = first_row[: first_row.index("</tr>")]
    assert 'data-ago="++"' in first_row
    assert 'class="topic-cell" data-sort="100000"' in first_row
    assert first_row.count('class="grade-cell" data-sort="100000"') == 3  # 1a, A, ++ at position 0
    assert '<option value="2c">' not in html  # not present in the release: not offered
    assert '<option value="none">not printed</option>' in html


REPO = Path(__file__).resolve().parent.parent


def test_direction_follows_the_scale_order_from_grading_yaml(release):
    """Towards the front of the scale is an upgrade, 3b -> 3c a downgrade (3c slotted after 3b), anything
    not a value of the scale (not printed) only 'changed'."""
    loe, ago = release.grading.loe, release.grading.ago
    assert direction(loe, "1b", "1a") == "upgraded"
    assert direction(loe, "3b", "3c") == "downgraded"
    assert direction(ago, "+", "++") == "upgraded"
    assert direction(ago, "++", None) == "changed"
    assert direction(ago, None, "+") == "changed"


def test_grades_read_the_same_wherever_they_are_written():
    """Readers' form says 'not printed', editors' form 'none', the flows' compact form leaves it out."""
    entry = SimpleNamespace(loe="1b", gr=None, ago="+/-")
    assert grades_text(entry) == "LoE 1b, GR not printed, AGO +/-"
    assert values_text(("1b", None, "+/-"), "none") == "LoE 1b, GR none, AGO +/-"
    assert grades_text(entry, missing=None, separator=" ") == "LoE 1b AGO +/-"


def test_a_comparison_says_each_grade_old_and_new():
    """'LoE 1a → 1b (downgraded)', a grade printed in neither release 'not printed', one dropped 'no longer printed'."""
    changes = (
        SimpleNamespace(scale="loe", old="1a", new="1b", direction="downgraded"),
        SimpleNamespace(scale="gr", old=None, new=None, direction="unchanged"),
        SimpleNamespace(scale="ago", old="++", new=None, direction="changed"),
    )
    assert changes_text(changes) == "LoE 1a → 1b (downgraded), GR not printed, AGO ++ → none (no longer printed)"
    assert changes_text(changes[:1], arrow="->") == "LoE 1a -> 1b (downgraded)"


# What writing a grade as text looks like in code: a short name before an interpolated value, a scale's
# name as a literal, the words for a grade not printed. Only macros/grades.py may do it.
GRADE_WORDING = re.compile(
    r"""\b(LoE|GR|AGO) \{"""  # f"LoE {value}"
    r"""|SHORT_NAMES\[[^\]]*\]\} ?\{"""  # f"{SHORT_NAMES[scale]} {value}"
    r"""|["'](LoE|GR|AGO|Oxford LoE|Oxford GR)["']"""  # a short name as a literal
    r"""|["'](Oxford level of evidence|Oxford grade of recommendation|AGO grade)["']"""  # a label as a literal
    r"""|["'][Nn]ot printed( in the source)?["']"""  # the words for a grade not printed
    r"""|(getattr\([^)]*\)|\b(g|grade|value|old|new|loe|gr|ago)(\.\w+)?) or ["']none["']"""  # value or 'none'
    r"""|\(["']loe["'], ["']gr["'], ["']ago["']\)"""  # the scales' order written out
    r"""|["']1a["'], ["']1b["']|["']\+\+["'], ["']\+["']"""  # a scale's values written out
)


def test_only_grades_py_writes_grades_as_text_or_orders_the_scales():
    """No other module spells a scale's name beside a grade, a label, 'not printed' or a scale's order."""
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in ("macros", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path != REPO / "macros" / "grades.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if GRADE_WORDING.search(line)
    ]
    assert offenders == []


def test_the_wording_pattern_catches_the_old_formatters():
    """The pattern above finds each way grades were written before they moved to grades.py."""
    old = [
        'f"{label} {value}" for label, value in (("LoE", indexed.loe), ("GR", indexed.gr))',
        'f"{GRADE_SHORT_NAMES[s]} {g or \'none\'}"',
        'f"{label} {grade.new or \'none\'}"',
        'html_text(getattr(indexed, name) or "none")',
        'data["evidenceLevel"] = f"Oxford LoE {indexed.loe}"',
        'SCALE_LABELS = {"loe": "Oxford level of evidence"}',
        'NOT_PRINTED = "not printed"',
        '"loe": ("1a", "1b", "1c")',
        'for scale in ("loe", "gr", "ago"):',
    ]
    assert [line for line in old if not GRADE_WORDING.search(line)] == []
