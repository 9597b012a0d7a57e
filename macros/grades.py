"""The grading scales as readers meet them: their order, a regrade's direction, grades as text, labels.

Values, meanings and the order of each scale come from guideline_data/grading.yaml (its vocabulary lists
values strongest first: LoE 1a..5, GR A..D, AGO ++..--). Values printed outside the vocabulary (LoE 3c,
3d) are placed where their number and letter put them (after 3b, before 4), so a sort never jumps them
to the end or the front. The scales' names in short and long form and the words for a grade the
source does not print live here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from .model import GradeScale, Grading

# The three scales, in the order the slides print them ('LoE GR AGO').
SCALES = ("loe", "gr", "ago")
# The field's short names, as column headers and in running text ('LoE 1a').
SHORT_NAMES = {"loe": "LoE", "gr": "GR", "ago": "AGO"}
# Accessible names (screen readers, tooltips): 'Oxford level of evidence 1a'.
LABELS = {"loe": "Oxford level of evidence", "gr": "Oxford grade of recommendation", "ago": "AGO grade"}
# With the system's name, for machines reading one grade alone (schema.org's evidenceLevel).
QUALIFIED_NAMES = {"loe": "Oxford LoE", "gr": "Oxford GR", "ago": "AGO"}
# A grade the source does not print, for readers: a dash would read as the AGO grade '-'.
NOT_PRINTED = "not printed"
NOT_PRINTED_TITLE = "Not printed in the source"  # a badge's tooltip; a grade's meaning adds 'for this item.'
# A draft's grade an open decision names: the source may print it, the import could not take it.
UNDER_REVIEW = "under review"
UNDER_REVIEW_TITLE = "grade under review (open decision)"
# The same for editors and machines (diffs, reports, filter values): the data holds no value.
NONE = "none"

# An AGO grade as a screen reader should say it (a map cell's words): punctuation alone is often skipped.
SPOKEN_AGO = {"++": "double plus", "+": "plus", "+/-": "plus-minus", "-": "minus", "--": "double minus"}

_NUMBERED = re.compile(r"(\d+)(.*)")


def spoken_value(scale: str, value: str) -> str:
    """A grade as a screen reader says it: AGO's signs in words ('minus'; with default punctuation
    settings '-' and '--' are said as nothing), the other scales' values as printed ('1a', 'B')."""
    return SPOKEN_AGO.get(value, value) if scale == "ago" else value


def spoken_grade(grading: Grading, scale: str, value: str) -> str:
    """A grade badge's accessible name, in words: the scale, the grade, its meaning from grading.yaml
    ('AGO grade minus: This investigation or therapeutic intervention can be of disadvantage ...')."""
    return f"{LABELS[scale]} {spoken_value(scale, value)}: {getattr(grading, scale).meaning(value)}"


def _natural(value: str) -> tuple[int, str] | None:
    match = _NUMBERED.fullmatch(value)
    return (int(match.group(1)), match.group(2)) if match else None


def scale_order(scale: GradeScale) -> tuple[str, ...]:
    """Every value of the scale, strongest first: the vocabulary's order, outside values slotted in."""
    order = [grade.value for grade in scale.values]
    for value in scale.outside_vocabulary:
        key = _natural(value)
        position = len(order)
        if key is not None:
            below = [i for i, known in enumerate(order) if (k := _natural(known)) is not None and k <= key]
            position = below[-1] + 1 if below else 0
        order.insert(position, value)
    return tuple(order)


def grade_rank(scale: GradeScale, value: str | None) -> int:
    """1 for the strongest value, counting on; a grade not printed ranks after every value."""
    order = scale_order(scale)
    return order.index(value) + 1 if value is not None else len(order) + 1


def direction(scale: GradeScale, old: str | None, new: str | None) -> str:
    """'upgraded' (towards the front of the scale), 'downgraded', or 'changed' where either is not a value
    of the scale (printed or no longer printed)."""
    order = scale_order(scale)
    if old in order and new in order:
        return "upgraded" if order.index(new) < order.index(old) else "downgraded"
    return "changed"


def allowed_grades(grading: Grading) -> dict[str, tuple[str, ...]]:
    """Scale -> the values grading.yaml allows (those printed outside the vocabulary included)."""
    return {scale: getattr(grading, scale).allowed for scale in SCALES}


def allowed_text(allowed: Mapping[str, Iterable[str]]) -> str:
    """'LoE: 1a, 1b, ...; GR: A, ...; AGO: ++, ...': what an error message offers."""
    return "; ".join(f"{SHORT_NAMES[scale]}: {', '.join(values)}" for scale, values in allowed.items())


def grade_text(value: str | None, missing: str = NOT_PRINTED) -> str:
    """A grade in running text: its value, or `missing` where the source prints none."""
    return missing if value is None else value


def grade_phrase(scale: str, value: str | None, missing: str = NOT_PRINTED) -> str:
    """'LoE 1a'; 'GR not printed' (or 'GR none' for editors) where there is no value."""
    return f"{SHORT_NAMES[scale]} {grade_text(value, missing)}"


def values_text(values: Sequence[str | None], missing: str | None = NOT_PRINTED, separator: str = ", ") -> str:
    """The three grades in scale order as text: 'LoE 1b, GR not printed, AGO +'. With `missing=None` a
    grade not printed is left out ('LoE 1a GR A AGO ++' with separator ' ', the flows' compact form)."""
    return separator.join(
        grade_phrase(scale, value, missing or "")
        for scale, value in zip(SCALES, values, strict=True)
        if value is not None or missing is not None
    )


def grades_text(entry: object, missing: str | None = NOT_PRINTED, separator: str = ", ") -> str:
    """values_text for anything with `loe`, `gr` and `ago` attributes (a recommendation, a list grade)."""
    return values_text([getattr(entry, scale) for scale in SCALES], missing, separator)


def change_text(scale: str, old: str | None, new: str | None, how: str, arrow: str = "→") -> str:
    """One grade as a comparison reads it: 'LoE 1a → 1b (downgraded)', 'GR A' (unchanged or new),
    'GR not printed' (printed in neither release), 'AGO ++ → none (no longer printed)'."""
    label = SHORT_NAMES[scale]
    if old is None and new is None:
        return f"{label} {NOT_PRINTED}"
    if how in ("new", "unchanged"):
        return f"{label} {grade_text(new, NONE)}"
    if how == "retired":
        return f"{label} {grade_text(old, NONE)}"
    if old is not None and new is None:
        return f"{label} {old} {arrow} {NONE} (no longer printed)"
    if old is None and new is not None:
        return f"{label} {NONE} {arrow} {new} (now printed)"
    return f"{label} {grade_text(old, NONE)} {arrow} {grade_text(new, NONE)} ({how})"


def under_review_text(scale: str) -> str:
    """A draft's grade an open decision names, for a comparison: 'AGO under review (open decision)'."""
    return f"{SHORT_NAMES[scale]} {UNDER_REVIEW} (open decision)"


def changes_text(changes: Iterable, arrow: str = "→") -> str:
    """All three grades of a comparison entry (anything with `scale`, `old`, `new`, `direction`):
    'LoE 1a → 1b (downgraded), GR A, AGO ++'; `arrow` is '->' for a terminal."""
    return ", ".join(change_text(change.scale, change.old, change.new, change.direction, arrow) for change in changes)
