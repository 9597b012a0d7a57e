"""Which release and data folder a MkDocs build renders, shared by the macros and the hooks."""

from __future__ import annotations

import os
from pathlib import Path

from .load import load_all
from .model import Release


def data_root(config) -> Path:
    """guideline_data/ beside mkdocs.yml, unless GUIDELINE_DATA names another folder (fixtures, benchmarks)."""
    base = Path(config.config_file_path).resolve().parent
    return (base / (os.environ.get("GUIDELINE_DATA") or "guideline_data")).resolve()


def wanted_release() -> str:
    """GUIDELINE_RELEASE, read as text: through YAML a release id like 2025.10 would become the number 2025.1."""
    return os.environ.get("GUIDELINE_RELEASE") or "latest"


def public_site_url() -> str:
    """GUIDELINE_SITE_URL: where the deployed folder lives (`https://host/`), set by `guideline build
    --site-url`; '' when unknown. Not MkDocs' site_url, which `mkdocs serve` points at itself."""
    return os.environ.get("GUIDELINE_SITE_URL", "")


def offline_build() -> bool:
    """GUIDELINE_OFFLINE=true: the build for the offline bundle (Material's offline plugin is on)."""
    return os.environ.get("GUIDELINE_OFFLINE", "").lower() == "true"


def latest_release_id() -> str:
    return os.environ.get("GUIDELINE_LATEST", "")


def select_release(releases: tuple[Release, ...], wanted: str) -> Release:
    """`latest` is the newest published release; any other value is a release id."""
    if wanted == "latest":
        published = [release for release in releases if release.metadata.status == "published"]
        if not published:
            raise ValueError("no published release to build as 'latest'")
        return published[-1]
    for release in releases:
        if release.id == wanted:
            return release
    raise ValueError(f"unknown release {wanted!r}; known: {', '.join(release.id for release in releases)}")


def release_for(config) -> Release:
    return select_release(load_all(data_root(config)), wanted_release())


def all_releases(config) -> tuple[Release, ...]:
    return load_all(data_root(config))
