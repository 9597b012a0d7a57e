"""Build every release into one deployable folder, atomically: all of it or nothing new.

site/<release>/ per release, site/latest/ (a copy of the newest published release, so it works on
any static host), site/versions.json in mike's format, and site/index.html sending readers to latest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config

from macros.load import DATA_ROOT, load_all
from scripts import buildcache

REPO = Path(__file__).resolve().parent.parent
REDIRECT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Redirecting to the latest release</title>
<meta http-equiv="refresh" content="0; url=latest/">
<link rel="canonical" href="latest/"></head>
<body><p><a href="latest/">Go to the latest release</a></p></body></html>
"""
# A static host serves one 404 page for every missing path, so its links must be absolute; it
# assumes the folder is deployed at the host's root. MkDocs' per-release 404 pages are dropped.
NOT_FOUND = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>
<body><h1>Page not found</h1><p>This address is not part of the guideline edition.
<a href="/latest/">Go to the latest release</a> or <a href="/">the list of releases</a>.</p></body></html>
"""


@contextmanager
def _environment(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def source_date_epoch(folder: Path | None = None) -> str:
    """SOURCE_DATE_EPOCH if set, else the time of the last commit touching `folder` (of the whole
    repository where `folder` is None, outside it or never committed), else 0: never the clock.

    Per release, so a published release's dates (sitemap lastmod) and cache key stay put while
    later work is committed.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    for paths in ([str(folder)] if folder else [], []):
        try:
            stamp = subprocess.run(
                ["git", "log", "-1", "--format=%ct", "--", *paths], cwd=REPO, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            continue
        if stamp:
            return stamp
    return "0"


def normalise_site_url(site_url: str) -> str:
    """The site's public address as `https://host/path/` ('' stays ''); ValueError for anything else."""
    if not site_url:
        return ""
    parsed = urlsplit(site_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise ValueError(
            f"--site-url {site_url!r} is not a public address: give the absolute http(s) URL the site is "
            "deployed at, e.g. --site-url https://guideline.example.org/ (no query or #fragment)"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


def build_release(
    release_id: str,
    site_dir: Path,
    data_root: Path,
    latest: str = "",
    config_file: Path = REPO / "mkdocs.yml",
    site_url: str = "",
    offline: bool = False,
) -> None:
    """One release through MkDocs (strict: any warning aborts); `latest` decides the outdated banner.

    With the site's public address, the release's own address (`<site_url><release>/`) becomes MkDocs'
    site_url: canonical links, sitemap.xml (Material's version selector finds the same page in another
    release through it) and citations use it. Without it, links stay relative and no page names a host.
    `offline` builds for opening from disk (see mkdocs.yml, the offline plugin).
    """
    with _environment(
        GUIDELINE_RELEASE=release_id,
        GUIDELINE_DATA=str(data_root),
        GUIDELINE_LATEST=latest,
        GUIDELINE_SITE_URL=normalise_site_url(site_url),
        GUIDELINE_OFFLINE="true" if offline else "false",
        SOURCE_DATE_EPOCH=source_date_epoch(data_root / release_id),
        NO_MKDOCS_2_WARNING="1",
    ):
        overrides = {"site_url": f"{normalise_site_url(site_url)}{release_id}/"} if site_url else {}
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True, **overrides)
        build(config)


def versions_document(release_ids: list[str], latest: str) -> list[dict]:
    """versions.json as mike writes it: newest first, the latest release aliased `latest`."""
    return [
        {"version": release_id, "title": release_id, "aliases": ["latest"] if release_id == latest else []}
        for release_id in reversed(release_ids)
    ]


def build_site(
    out: Path,
    data_root: Path = DATA_ROOT,
    include_drafts: bool = False,
    use_cache: bool = True,
    cache_root: Path = buildcache.CACHE_ROOT,
    site_url: str = "",
) -> list[str]:
    """Validate all data, build every release into a temporary folder, then swap it into place.

    A release whose cache key (scripts/buildcache.py) is unchanged is restored from `.cache/`
    instead of being built; `use_cache=False` builds every release and refreshes the cache.
    `site_url` is the public address of the folder (its versions.json, latest/ and releases); latest/
    is a copy of the newest release, so its pages name the pinned release's page as canonical.
    """
    data_root = data_root.resolve()
    site_url = normalise_site_url(site_url)
    releases = load_all(data_root)
    targets = [r for r in releases if include_drafts or r.metadata.status == "published"]
    published = [r.id for r in releases if r.metadata.status == "published"]
    if not published:
        raise ValueError("no published release: nothing to build as latest")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".build-{out.name}-", dir=out.parent))
    try:
        code = buildcache.code_digest()
        keys = {
            r.id: buildcache.release_key(
                data_root,
                r,
                releases,
                code,
                {
                    "latest": published[-1],
                    "source_date_epoch": source_date_epoch(data_root / r.id),
                    "site_url": site_url,
                },
            )
            for r in targets
        }
        jobs = [
            (release.id, staging / release.id, data_root, published[-1], REPO / "mkdocs.yml", site_url)
            for release in targets
            if not (use_cache and buildcache.restore(release.id, keys[release.id], staging / release.id, cache_root))
        ]
        if len(jobs) > 1 and (os.cpu_count() or 1) > 1:
            # Each MkDocs build is one busy core: build releases side by side, one process each.
            with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
                for finished in [pool.submit(build_release, *job) for job in jobs]:
                    finished.result()  # re-raises a release's build error here
        else:
            for job in jobs:
                build_release(*job)
        for release_id, *_ in jobs:
            (staging / release_id / "404.html").unlink(missing_ok=True)
            buildcache.store(release_id, keys[release_id], staging / release_id, cache_root)
        shutil.copytree(staging / published[-1], staging / "latest", copy_function=buildcache.link_or_copy)  # latest/ is the newest release again
        (staging / "versions.json").write_text(
            json.dumps(versions_document([r.id for r in targets], published[-1]), indent=1) + "\n", encoding="utf-8"
        )
        (staging / "index.html").write_text(REDIRECT, encoding="utf-8")
        (staging / "404.html").write_text(NOT_FOUND, encoding="utf-8")
        _swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [release.id for release in targets]


def _swap_into_place(staging: Path, out: Path) -> None:
    """Two renames on one file system: readers see the old site or the new one, never a mix."""
    retired = out.with_name(f".retired-{out.name}-{os.getpid()}")
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)
