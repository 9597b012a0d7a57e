"""Open decisions of a draft release: what only an editor can settle before it is published.

`new-release --source` and `update-source` leave placeholders instead of guesses: a retirement
whose reason starts with PLACEHOLDER_REASON, a flow or case that still cites a removed id. A draft
with open decisions loads, validates, diffs and builds (with --drafts); `publish` refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Release
from .releases import item_ids

PLACEHOLDER_REASON = "DECISION NEEDED:"


@dataclass(frozen=True, order=True)
class Decision:
    """One thing an editor must decide: where it stands, which id, what to do."""

    file: str
    line: int
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.item}: {self.message}"


def is_placeholder(reason: str) -> bool:
    return reason.strip().startswith(PLACEHOLDER_REASON)


def pending_retirements(release: Release) -> set[str]:
    """Ids this release retires, with or without a reason given yet."""
    return {entry.id for entry in release.metadata.retired}


def open_decisions(releases: tuple[Release, ...], release: Release) -> list[Decision]:
    """Every decision left in `release`: placeholder reasons, citations of retired ids, ids dropped silently."""
    found = []
    for entry in release.metadata.retired:
        if is_placeholder(entry.reason):
            found.append(
                Decision(
                    entry.at.file,
                    entry.at.line,
                    entry.id,
                    "retired with a placeholder reason: write why the committee removed it (`reason:`), and "
                    "`successor:` where another recommendation replaces it",
                )
            )
    carried = item_ids(release)
    for flow in release.flows:
        for node in flow.nodes:
            for cited in node.recommendations:
                if cited not in carried:
                    line, _ = node.at.of("recommendations")
                    found.append(
                        Decision(
                            node.at.file,
                            line,
                            cited,
                            f"flow '{flow.id}' node '{node.id}' cites a retired recommendation: cite its successor "
                            "or rewrite the step",
                        )
                    )
    for case in release.cases:
        for cited in case.expected.recommendations:
            if cited not in carried:
                line, _ = case.expected.at.of("recommendations")
                found.append(
                    Decision(
                        case.at.file,
                        line,
                        cited,
                        f"case '{case.id}' expects a retired recommendation: update the case with its flow",
                    )
                )
    if release.metadata.status == "draft":
        found += dropped_without_retirement(releases, release)
    return sorted(set(found))


def dropped_without_retirement(releases: tuple[Release, ...], release: Release) -> list[Decision]:
    """Ids of the last published release before this draft that it neither carries nor retires."""
    earlier = [r for r in releases if r.metadata.status == "published" and r.id < release.id]
    if not earlier:
        return []
    missing = item_ids(earlier[-1]) - item_ids(release) - pending_retirements(release)
    retired_before = {entry.id for r in releases if r.id < release.id for entry in r.metadata.retired}
    return [
        Decision(
            release.metadata.at.file,
            release.metadata.at.of("retired")[0],
            identifier,
            f"id of release {earlier[-1].id} is dropped without a retirement: keep it, or add it under "
            "`retired:` with a reason (and a successor where there is one)",
        )
        for identifier in sorted(missing - retired_before)
    ]
