"""The order of releases: one key for release ids, never their text (`"2025.10" < "2025.9"` as strings).

Every question of "earlier", "later", "the previous published release" and "the latest" is answered
here, from `release_key`; the loader hands releases out in this order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Release

_RUNS = re.compile(r"(\d+)|(\D+)")


def release_key(release_id: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of a release id: numbers as numbers, so 2025.9 < 2025.10 and 2024.1 < 2024.1E < 2025.1."""
    return tuple((0, int(number)) if number else (1, text) for number, text in _RUNS.findall(release_id))


def is_earlier(release_id: str, other_id: str) -> bool:
    """True if release `release_id` comes before release `other_id`."""
    return release_key(release_id) < release_key(other_id)


def in_order(release_ids: Iterable[str]) -> list[str]:
    """Release ids, earliest first."""
    return sorted(release_ids, key=release_key)


def is_published(release: Release) -> bool:
    return release.metadata.status == "published"


def earlier_releases(releases: Iterable[Release], release_id: str) -> list[Release]:
    """The releases before `release_id`, earliest first (drafts included)."""
    return sorted((r for r in releases if is_earlier(r.id, release_id)), key=lambda r: release_key(r.id))


def published_before(releases: Iterable[Release], release_id: str) -> list[Release]:
    """The published releases before `release_id`, earliest first."""
    return [r for r in earlier_releases(releases, release_id) if is_published(r)]


def previous_published(releases: Iterable[Release], release: Release) -> Release | None:
    """The last published release before this one (what its changes, markers and decisions compare with)."""
    earlier = published_before(releases, release.id)
    return earlier[-1] if earlier else None


def latest_published(releases: Iterable[Release]) -> Release | None:
    """The newest published release (what `latest` means), None when nothing is published."""
    published = [r for r in releases if is_published(r)]
    return max(published, key=lambda r: release_key(r.id)) if published else None
