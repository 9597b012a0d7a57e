"""Build every release into one deployable folder, atomically: all of it or nothing new.

site/<release>/ per release, site/latest/ (a copy of the newest published release, so it works on
any static host), site/versions.json in mike's format, and site/index.html sending readers to latest.

A stopped build leaves nothing running and nothing in the way: worker processes die with the build
(SIGKILL from the kernel when their parent ends, on Linux), SIGTERM removes the staging folder
before exiting, and the next build removes staging folders left by builds that are no longer running
(their folder names carry the owner's pid).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from macros import urls
from macros.generate import PAGE_CHAPTERS, PAGE_ORDER, Options, environment, search_index_in_page_order, write_tree
from macros.load import DATA_ROOT, fingerprint, load_all
from macros.model import Release
from macros.releaseorder import latest_published
from macros.searchindex import SEARCH_SETTINGS, normalised_index, search_parts, search_settings
from scripts import buildcache, engines, shards
from scripts.shards import Shard

REPO = Path(__file__).resolve().parent.parent
DATA_MARK = ".data-root"  # in each work folder: the data folder it was generated from
REDIRECT = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Redirecting to the latest release</title>
<meta http-equiv="refresh" content="0; url={urls.latest("")}">
<link rel="canonical" href="{urls.latest("")}"></head>
<body><p><a href="{urls.latest("")}">Go to the latest release</a></p></body></html>
"""
# A static host serves one 404 page for every missing path, so its links must be absolute; it
# assumes the folder is deployed at the host's root. MkDocs' per-release 404 pages are dropped.
NOT_FOUND = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>
<body><h1>Page not found</h1><p>This address is not part of the guideline edition.
<a href="{urls.latest("/")}">Go to the latest release</a> or <a href="/">the list of releases</a>.</p></body></html>
"""
# Test-only: when set to a file name (a FIFO in the tests), each process that has built a release
# into the staging folder appends "<pid> <release>" to it and waits to be killed, so tests can stop a
# build at a known point.
PAUSE_ENVIRONMENT = "GUIDELINE_TEST_PAUSE"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class BuildInterrupted(BaseException):
    """SIGTERM reached a build; raised in the main thread so that every cleanup runs (like KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"the build was stopped by {signal.Signals(signum).name}")
        self.signum = signum


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


def work_folder(release_id: str, data_root: Path, offline: bool, cache_root: Path = buildcache.CACHE_ROOT) -> Path:
    """The release's generated input tree: `.cache/work/<release>/` for guideline_data/, a folder of
    its own for any other data folder or the offline build (so they never overwrite each other).

    Each folder records its data folder; folders whose data folder is gone (a test's or a benchmark's
    temporary copy) are removed here, so the work area does not grow without end."""
    resolved = data_root.resolve()
    variant = ""
    if resolved != DATA_ROOT.resolve() or offline:
        variant = "-" + hashlib.sha256(f"{resolved}|{offline}".encode()).hexdigest()[:12]
    work_root = cache_root.parent / "work"
    for recorded in work_root.glob(f"*/{DATA_MARK}"):
        if not Path(recorded.read_text(encoding="utf-8")).is_dir():
            shutil.rmtree(recorded.parent, ignore_errors=True)
    work = work_root / f"{release_id}{variant}"
    work.mkdir(parents=True, exist_ok=True)
    (work / DATA_MARK).write_text(str(resolved), encoding="utf-8")
    return work


def generate_release(
    release_id: str,
    data_root: Path,
    latest: str = "",
    site_url: str = "",
    offline: bool = False,
    releases: tuple[Release, ...] | None = None,
    cache_root: Path = buildcache.CACHE_ROOT,
) -> Path:
    """Write the release's input tree (macros/generate.py) and return its mkdocs.yml; `releases`, when
    given, are the already loaded data (the build loads it once for all releases)."""
    data_root = data_root.resolve()
    releases = releases if releases is not None else load_all(data_root)
    release = next((r for r in releases if r.id == release_id), None)
    if release is None:
        raise ValueError(f"unknown release {release_id!r}; known: {', '.join(r.id for r in releases)}")
    # The offline bundle links to .html files (Material's offline plugin turns directory URLs off), so
    # the generated pages' links are written for that.
    options = Options(
        latest=latest or release.id, site_url=normalise_site_url(site_url), offline=offline, directory_urls=not offline
    )
    work = work_folder(release_id, data_root, offline, cache_root)
    config_file, _ = write_tree(work, data_root, release, releases, options)
    return config_file


def build_release(
    release_id: str,
    site_dir: Path,
    data_root: Path,
    latest: str = "",
    config_file: Path | None = None,
    site_url: str = "",
    offline: bool = False,
    engine: str = "mkdocs",
    shard: Shard | None = None,
) -> None:
    """One release through a site engine (strict: any warning aborts); `latest` decides the outdated banner.

    `config_file` is the release's generated mkdocs.yml (generate_release); without it the tree is
    generated first. With the site's public address, the release's own address
    (`<site_url><release>/`) is the engine's site_url: canonical links, sitemap.xml (Material's version
    selector finds the same page in another release through it) and citations use it. Without it,
    links stay relative and no page names a host. `offline` builds for opening from disk.
    With `shard`, only that shard's pages, into `shard.folder(site_dir)`; finish_release joins the shards.
    """
    if config_file is None:
        config_file = generate_release(release_id, data_root, latest, site_url, offline)
    with environment(SOURCE_DATE_EPOCH=source_date_epoch(data_root / release_id), NO_MKDOCS_2_WARNING="1"):
        engines.build(engine, config_file, shard.folder(site_dir) if shard else site_dir, shard)
    if shard is None:
        finish_release(release_id, config_file.parent, site_dir)
    elif shard.count == 1:  # the release is whole: finished in this process
        finish_release(release_id, config_file.parent, site_dir, [shard])


def finish_release(release_id: str, work: Path, site_dir: Path, built_in: list[Shard] | None = None) -> None:
    """After the engine: the shards' folders joined (scripts/shards.py) where it was built in shards,
    then our own steps (after_engine)."""
    if built_in:
        shards.join([shard.folder(site_dir) for shard in built_in], site_dir, built_in[0].frame, built_in[0].previous)
    after_engine(work, site_dir)
    _pause_for_tests(release_id)


def after_engine(work: Path, site_dir: Path) -> None:
    """Our steps after the engine (no engine hook does them): the search index in page order and
    normalised (macros/searchindex.py), also where the offline plugin inlined it."""
    index_file = site_dir / "search" / "search_index.json"
    if index_file.is_file():  # MkDocs' and ProperDocs' search plugin (Zensical writes search.json)
        order = json.loads((work / PAGE_ORDER).read_text(encoding="utf-8"))
        index = search_index_in_page_order(json.loads(index_file.read_text(encoding="utf-8")), order)
        # As Material's search plugin writes it, then one spelling per character (macros/searchindex.py).
        text = normalised_index(json.dumps(index, separators=(",", ":"), default=str))
        index_file.write_text(text, encoding="utf-8")
        # What the page itself loads instead (docs/assets/search-query.js): the index's settings alone;
        # the search worker fetches and parses the documents, off the page's main thread.
        (index_file.parent / SEARCH_SETTINGS).write_text(search_settings(text), encoding="utf-8")
        inlined = index_file.with_suffix(".js")
        if inlined.is_file():  # Material's offline plugin (the bundle) inlines the index into a script
            inlined.write_text(f"var __index = {text}", encoding="utf-8")
        elif (work / PAGE_CHAPTERS).is_file():
            # Several chapters: the reader's chapter is searched first (docs/assets/search-worker.js), from
            # its part and the release-wide part; the bundle (file://) keeps the whole inlined index.
            chapters = json.loads((work / PAGE_CHAPTERS).read_text(encoding="utf-8"))
            for name, part in search_parts(text, chapters["chapters"], chapters["pages"]).items():
                (index_file.parent / name).write_text(part, encoding="utf-8")


def _pause_for_tests(release_id: str) -> None:
    report = os.environ.get(PAUSE_ENVIRONMENT)
    if not report:
        return
    with open(report, "a", encoding="utf-8") as stream:
        stream.write(f"{os.getpid()} {release_id}\n")
    while True:
        signal.pause()


def versions_document(release_ids: list[str], latest: str, drafts: frozenset[str] = frozenset()) -> list[dict]:
    """versions.json as mike writes it: newest first, the latest release aliased `latest`; a draft's
    title says so, since the version selector shows titles."""
    return [
        {
            "version": release_id,
            "title": f"{release_id} (draft)" if release_id in drafts else release_id,
            "aliases": [urls.LATEST] if release_id == latest else [],
        }
        for release_id in reversed(release_ids)
    ]


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM becomes BuildInterrupted in the main thread, so `finally` blocks clean up; restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise BuildInterrupted(signum)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@_stop_on_sigterm()
def build_site(
    out: Path,
    data_root: Path = DATA_ROOT,
    include_drafts: bool = False,
    use_cache: bool = True,
    cache_root: Path = buildcache.CACHE_ROOT,
    site_url: str = "",
    engine: str = "mkdocs",
) -> list[str]:
    """Validate all data, build every release into a temporary folder, then swap it into place.

    A release whose cache key (scripts/buildcache.py) is unchanged is restored from `.cache/`
    instead of being built; `use_cache=False` builds every release and refreshes the cache.
    `site_url` is the public address of the folder (its versions.json, latest/ and releases); latest/
    is a copy of the newest release, so its pages name the pinned release's page as canonical.
    Raises GuidelineDataError (bad data), MkDocs' errors (a failed page), BuildInterrupted (SIGTERM);
    in every case `out` is left as it was and no staging folder or worker process remains.
    The data is loaded once: each release to build gets its input tree generated here (macros/generate.py),
    then `engine` builds the trees, side by side on multi-core machines.
    """
    data_root = data_root.resolve()
    site_url = normalise_site_url(site_url)
    # The data as it is on disk before it is read: if it changes before the build ends (an editor saving
    # while `make serve` builds), the site may mix the two states, and it must not be kept under a key of
    # either (a later build would restore it as if current).
    read_from = fingerprint(data_root)
    releases = load_all(data_root)
    targets = [r for r in releases if include_drafts or r.metadata.status == "published"]
    newest = latest_published(releases)
    drafts = frozenset(r.id for r in targets if r.metadata.status != "published")
    if newest is None:
        raise ValueError("no published release: nothing to build as latest")
    latest = newest.id
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(out)
    staging = Path(tempfile.mkdtemp(prefix=f".build-{out.name}-{os.getpid()}-", dir=out.parent))
    try:
        code = buildcache.code_digest()
        keys = {
            r.id: buildcache.release_key(
                data_root,
                r,
                releases,
                code,
                {
                    "latest": latest,
                    "source_date_epoch": source_date_epoch(data_root / r.id),
                    "site_url": site_url,
                    "engine": engine,
                },
            )
            for r in targets
        }
        to_build = [
            release
            for release in targets
            if not (use_cache and buildcache.restore(release.id, keys[release.id], staging / release.id, cache_root))
        ]
        jobs = [
            (
                release.id,
                staging / release.id,
                data_root,
                latest,
                generate_release(release.id, data_root, latest, site_url, False, releases, cache_root),
                site_url,
                False,
                engine,
            )
            for release in to_build
        ]
        reuse = {
            release_id: (
                shards.frame_digest(config_file.parent, code, source_date_epoch(data_root / release_id)),
                buildcache.previous(release_id, cache_root) if use_cache else None,
            )
            for release_id, _, _, _, config_file, *_ in jobs
        }
        _build_releases(jobs, reuse)
        unchanged = fingerprint(data_root) == read_from
        for release_id, *_ in jobs:
            (staging / release_id / "404.html").unlink(missing_ok=True)
            pages = shards.pages_record(staging / release_id)
            if unchanged:
                buildcache.store(release_id, keys[release_id], staging / release_id, cache_root, pages, reuse[release_id][1])
            pages.unlink(missing_ok=True)
        shutil.copytree(staging / latest, staging / urls.LATEST, copy_function=buildcache.link_or_copy)  # latest/ is the newest release again
        (staging / "versions.json").write_text(
            json.dumps(versions_document([r.id for r in targets], latest, drafts), indent=1) + "\n", encoding="utf-8"
        )
        (staging / "index.html").write_text(REDIRECT, encoding="utf-8")
        (staging / "404.html").write_text(NOT_FOUND, encoding="utf-8")
        _swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [release.id for release in targets]


def _build_releases(jobs: list[tuple], reuse: dict[str, tuple[str, Path | None]] | None = None) -> None:
    """Each MkDocs build is one busy core: with several releases and cores, one worker process each;
    with fewer releases than cores, each release's pages split into shards built side by side
    (scripts/shards.py), joined here. `reuse` gives a release's frame digest and previous build, whose
    unchanged pages are taken instead of rendered (engines that build shards only)."""
    cores = os.cpu_count() or 1
    sharded = all(engines.can_shard(job[7]) for job in jobs)
    count = shards.shard_count(len(jobs), cores) if sharded else 1
    reuse = reuse or {}

    split: dict[str, list[Shard | None]] = {}

    def parts(job: tuple) -> list[Shard | None]:
        if not sharded:
            return [None]
        if job[0] not in split:  # the pages to render spread evenly by their expected seconds (shards.assign)
            frame, previous = reuse.get(job[0], ("", None))
            owners = shards.assign(job[4].parent, count, frame, previous) if count > 1 else None
            split[job[0]] = [Shard(number, count, frame, previous, owners) for number in range(count)]
        return split[job[0]]

    workers = min(len(jobs) * count, cores)
    if workers < 2:
        for job in jobs:
            for shard in parts(job):
                build_release(*job, shard)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_started, initargs=(os.getpid(),))
    try:
        submitted = [[pool.submit(_build_in_worker, *job, shard) for shard in parts(job)] for job in jobs]
        for job, running in zip(jobs, submitted, strict=True):
            for finished in running:
                finished.result()  # re-raises a release's build error here
            if count > 1:
                release_id, site_dir, _, _, config_file, *_ = job
                finish_release(release_id, config_file.parent, site_dir, parts(job))
    except BaseException:
        _kill_workers(pool)  # a failed or interrupted build does not wait for the other releases
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _build_in_worker(*job: object) -> None:
    """build_release, looked up when the worker runs it (a function sent to a worker is pickled by name)."""
    build_release(*job)


def _worker_started(parent: int) -> None:
    """In each worker: end when the build ends, however it ends (SIGKILL included)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: a worker just stops
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    kill = getattr(pool, "kill_workers", None)  # Python 3.14+
    if kill:
        kill()
        return
    for process in list((pool._processes or {}).values()):
        if process.is_alive():
            process.kill()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned_builds(out: Path) -> list[Path]:
    """Clean up after builds that were killed (their pid is in the folder name and no longer runs).

    A staging folder is removed. A retired site (killed between the two renames of the swap) is put
    back if `out` is missing, else removed. Folders of running builds are left alone. Returns what it
    removed or restored.
    """
    staging = re.compile(rf"\.build-{re.escape(out.name)}-([0-9]+)-")
    retired = re.compile(rf"\.retired-{re.escape(out.name)}-([0-9]+)$")
    cleaned = []
    for folder in sorted(out.parent.glob(f".*-{out.name}-*")):
        owner = staging.match(folder.name) or retired.match(folder.name)
        if not owner or not folder.is_dir() or _running(int(owner.group(1))):
            continue
        if owner.re is retired and not out.exists():
            folder.rename(out)
        else:
            shutil.rmtree(folder, ignore_errors=True)
        cleaned.append(folder)
    return cleaned


def _swap_into_place(staging: Path, out: Path) -> None:
    """Two renames on one file system: readers see the old site or the new one, never a mix."""
    retired = out.with_name(f".retired-{out.name}-{os.getpid()}")
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)
