"""Problems found in guideline data, reported together with where they stand."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data: where, which item, which field, what is wrong."""

    file: str
    line: int
    column: int
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = " ".join(part for part in (self.item, f"field '{self.field}'" if self.field else "") if part)
        return f"{where}: {what + ': ' if what else ''}{self.message}"


class GuidelineDataError(Exception):
    """Raised with every problem found, so an editor fixes them in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))
