"""How close an imported draft comes to a hand-made transcription of the same source.

A recommendation is matched by the source lines that print its words. It is exact when its words, its three
(effective) grades, its nesting (the words of the heading and items it stands under) and its grade line are
the transcription's. Each grade is right, an open decision (a decision names one of its lines), or wrong;
a wrong or missing grade is a clinical error, so the import's test demands none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..index import graded_recommendations
from ..model import Release


@dataclass(frozen=True)
class Figures:
    recommendations: int  # graded recommendations of the transcription
    exact: int
    grades_right: int
    grades_decision: int
    grades_wrong: int
    extra_undecided: int  # graded in the draft, not in the transcription, and no decision names them
    differences: tuple[str, ...] = field(default=())

    @property
    def exact_share(self) -> float:
        return self.exact / self.recommendations if self.recommendations else 1.0


def compare_with_transcription(transcription: Release, draft: Release, decision_lines: set[int]) -> Figures:
    """Figures of `draft` against `transcription`; `decision_lines` are the source lines open decisions name."""
    def key(indexed) -> tuple[int, ...]:
        return indexed.recommendation.lines

    theirs = {key(indexed): indexed for indexed in graded_recommendations(transcription)}
    mine = {key(indexed): indexed for indexed in graded_recommendations(draft)}
    exact = right = decided = wrong = 0
    differences = []
    for lines, expected in theirs.items():
        found = mine.get(lines)
        grades = (expected.loe, expected.gr, expected.ago)
        near = {*lines, expected.grade_line}
        if found is not None and (found.loe, found.gr, found.ago) == grades:
            right += 1
        elif near & decision_lines:
            decided += 1
        else:
            wrong += 1
            differences.append(f"grades of {expected.id} (lines {list(lines)}): {grades} read as "
                               f"{(found.loe, found.gr, found.ago) if found else 'nothing'}")
        if found is not None and (
            found.text == expected.text
            and (found.loe, found.gr, found.ago) == grades
            and found.context == expected.context
            and found.grade_line == expected.grade_line
        ):
            exact += 1
        else:
            differences.append(
                f"{expected.id} (lines {list(lines)}): {expected.text!r} {grades} under {expected.context}"
                f" read as {(found.text, (found.loe, found.gr, found.ago), found.context) if found else 'nothing'}"
            )
    extra = [
        indexed for lines, indexed in mine.items()
        if lines not in theirs and not ({*lines, indexed.grade_line} & decision_lines)
    ]
    differences += [f"graded only in the draft: {indexed.id} (lines {list(indexed.recommendation.lines)})"
                    for indexed in extra]
    return Figures(len(theirs), exact, right, decided, wrong, len(extra), tuple(differences))
