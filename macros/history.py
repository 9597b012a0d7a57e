"""A release's place among the others: its predecessor, markers (new/updated), change tags, each id's history,
and where retired or no longer graded ids last stood."""

from __future__ import annotations

from dataclasses import dataclass

from .compare import Comparison, Regrade, compare
from .grades import SCALES, change_text
from .index import IndexedRecommendation, all_items, graded_recommendations, recommendations_by_id
from .model import Release
from .releaseorder import earlier_releases, is_earlier, previous_published, published_before


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


@dataclass(frozen=True)
class ChangeTag:
    """What a recommendation's words and grades did since the release before, NICE-style ('[new 2015]').

    kind: 'new', 'reworded', 'regraded', 'reworded and regraded' (each in `release`, this one) or
    'unchanged' (the same words and grades since `release`, the earliest release that printed them so);
    `first`: this release is the edition's first, there is nothing earlier to compare with."""

    kind: str
    release: str
    regrades: tuple[Regrade, ...] = ()
    first: bool = False

    @property
    def label(self) -> str:
        """The tag as a reader sees it: 'Regraded in 2020.1: AGO + → ++ (upgraded)', 'Unchanged since 2016.1'."""
        if self.first:
            return f"First release ({self.release})"
        if self.kind == "unchanged":
            return f"Unchanged since {self.release}"
        grades = ", ".join(change_text(r.scale, r.old, r.new, r.direction) for r in self.regrades)
        return f"{self.kind.capitalize()} in {self.release}" + (f": {grades}" if grades else "")


def _since(releases: tuple[Release, ...], release: Release, recommendation_id: str) -> str:
    """The earliest release from which this id has printed these words and grades without a break."""
    entries = history(releases, release, recommendation_id)
    _, now = entries[0]
    since = entries[0][0]
    for release_id, was in entries[1:]:
        same = was.id == now.id and " ".join(was.text.split()) == " ".join(now.text.split())
        if not same or any(getattr(was, scale) != getattr(now, scale) for scale in SCALES):
            break
        since = release_id
    return since


def change_tags(releases: tuple[Release, ...], release: Release) -> dict[str, ChangeTag]:
    """Every graded recommendation's change tag, from the comparison with the previous published release."""
    comparison = changes_since_previous(releases, release)
    tags: dict[str, ChangeTag] = {}
    for indexed in graded_recommendations(release):
        if comparison is None:
            tags[indexed.id] = ChangeTag("unchanged", release.id, first=True)
            continue
        regrades = tuple(r for r in comparison.regraded if r.id == indexed.id)
        reworded = any(r.id == indexed.id for r in comparison.reworded)
        if indexed.id in comparison.added:
            tags[indexed.id] = ChangeTag("new", release.id)
        elif reworded or regrades:
            kind = " and ".join(k for k, on in (("reworded", reworded), ("regraded", bool(regrades))) if on)
            tags[indexed.id] = ChangeTag(kind, release.id, regrades)
        else:
            since = _since(releases, release, indexed.id)
            # an id replacing one no earlier release carried has nothing to be unchanged from: it is new
            tags[indexed.id] = ChangeTag("new", release.id) if since == release.id else ChangeTag("unchanged", since)
    return tags


def last_carrier(
    releases: tuple[Release, ...], old_id: str, retiring_release: str
) -> tuple[str, IndexedRecommendation] | None:
    """The last release before the retirement that carried the recommendation, and how it read there."""
    for earlier in reversed(published_before(releases, retiring_release)):
        if old_id in recommendations_by_id(earlier):
            return earlier.id, recommendations_by_id(earlier)[old_id]
    return None


def no_longer_graded(releases: tuple[Release, ...], release: Release) -> dict[str, tuple[str, IndexedRecommendation]]:
    """Ids this release carries without any grade that an earlier release graded: each with the last
    earlier release that graded it and how it read there. Their permalinks must keep working."""
    graded_here = recommendations_by_id(release)
    ungraded_here = {item.id for _, _, item, _ in all_items(release) if item.id not in graded_here}
    found: dict[str, tuple[str, IndexedRecommendation]] = {}
    for earlier in earlier_releases(releases, release.id):
        for item_id in ungraded_here & set(recommendations_by_id(earlier)):
            found[item_id] = (earlier.id, recommendations_by_id(earlier)[item_id])
    return found
