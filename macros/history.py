"""A release's place among the others: its predecessor, markers (new/updated) and each id's history."""

from __future__ import annotations

from .compare import Comparison, compare
from .index import IndexedRecommendation, recommendations_by_id
from .model import Release
from .releaseorder import is_earlier, previous_published


def changes_since_previous(releases: tuple[Release, ...], release: Release) -> Comparison | None:
    previous = previous_published(releases, release)
    return compare(previous, release) if previous else None


def markers(releases: tuple[Release, ...], release: Release) -> dict[str, str]:
    """NICE-style markers: 'new', 'updated' (words or grades) or 'moved' (another slide only), by id."""
    comparison = changes_since_previous(releases, release)
    if comparison is None:
        return {}
    found = {i: "new" for i in comparison.added}
    found.update({m.id: "moved" for m in comparison.moved})  # only moved between slides: not "updated"
    found.update({r.id: "updated" for r in (*comparison.regraded, *comparison.reworded)})
    return found


def history(
    releases: tuple[Release, ...], release: Release, recommendation_id: str
) -> list[tuple[str, IndexedRecommendation]]:
    """The item in every published release up to this one, following declared `replaces` backwards
    (the same id first, then the replaced ids in the order declared)."""
    wanted, entries = [recommendation_id], []
    for candidate in reversed(
        [r for r in releases if not is_earlier(release.id, r.id) and (r.metadata.status == "published" or r is release)]
    ):
        by_id = recommendations_by_id(candidate)
        found = next((by_id[wanted_id] for wanted_id in wanted if wanted_id in by_id), None)
        if found is None:
            continue
        entries.append((candidate.id, found))
        wanted = [found.id, *found.recommendation.replaces]
    return entries
