"""The order of each grading scale, strongest first, for sorting and for listing values.

The vocabulary lists its values in scale order (LoE 1a..5, GR A..D, AGO ++..--). Values printed
outside the vocabulary (LoE 3c, 3d) are placed where their number and letter put them (3c, 3d after
3b, before 4), so a sort never jumps them to the end or the front.
"""

from __future__ import annotations

import re

from .model import GradeScale

_NUMBERED = re.compile(r"(\d+)(.*)")


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
