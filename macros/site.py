"""Which release a command means: `latest` or a release id (the CLI, macros.api, the generator's callers)."""

from __future__ import annotations

import os

from .model import Release
from .releaseorder import latest_published


def wanted_release() -> str:
    """GUIDELINE_RELEASE, read as text (a reader's script run for a release: docs/examples, macros.api);
    through YAML a release id like 2025.10 would become the number 2025.1."""
    return os.environ.get("GUIDELINE_RELEASE") or "latest"


def select_release(releases: tuple[Release, ...], wanted: str) -> Release:
    """`latest` is the newest published release; any other value is a release id."""
    if wanted == "latest":
        latest = latest_published(releases)
        if latest is None:
            raise ValueError("no published release to build as 'latest'")
        return latest
    for release in releases:
        if release.id == wanted:
            return release
    raise ValueError(f"unknown release {wanted!r}; known: {', '.join(release.id for release in releases)}")
