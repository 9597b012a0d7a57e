"""The order of each grading scale: what the index sorts by and lists its filters in."""

from __future__ import annotations

from macros.gradeorder import grade_rank, scale_order
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
