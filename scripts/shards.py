"""Page shards: one release's pages built by several engine processes side by side, then joined; and a
page whose inputs did not change since the release's previous build taken from that build.

Each shard is a whole MkDocs build of the release's generated tree (every file, the whole navigation,
every link resolved) that renders only the pages it owns: MkDocs' own `dirty` build skips a page whose
file says it is not modified, so here a page is "modified" when its shard owns it; the others are read
(not rendered) for the titles and metadata the navigation shows. Shard 0 also copies the static
files. Every shard writes the same theme pages (404.html, sitemap.xml) and its part of the search
index; `join` moves each shard's pages into the release's folder and joins the search indexes in the
order MkDocs builds the pages, as one whole build writes them.

Reuse: a page's HTML is a function of its Markdown once the macros ran, its metadata and address, and
the frame every page shares (the project's code, the generated configuration with the navigation,
templates and snippets, the list of pages, SOURCE_DATE_EPOCH). Each build records a digest of these per
page (`PAGES`, kept with the build cache's entry); the next build of the release renders a page only
when its digest differs, and otherwise takes the previous build's file and search entries. An edit in
one chapter thus renders that chapter's pages and the release-wide pages that show it; an edit that
changes the navigation or the code renders everything. tests/test_shards.py compares every byte of a
sharded, a reused and a whole build.

Which shard renders which page (`assign`): the pages about to be rendered are spread so each shard gets
about the same seconds of work, from what each page took in the release's previous build (a line in its
Markdown's size where there is none). At 26 chapters a few pages take seconds each ("Using the data" runs the
examples, the print page and All recommendations hold every recommendation), and a split by path alone
gave one shard 10 s more than the other. Any split gives the same bytes (tests/test_shards.py); a page
missing from the assignment falls back to its path's crc32.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts.buildcache import PAGES  # {"frame", "pages": {src: {"digest", "search"}}}, kept in the cache entry

SEARCH_INDEX = Path("search") / "search_index.json"
RECORD = ".shard-record.json"  # in a shard's folder: page order, page digests, reused pages' search entries
DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs' own, about stale pages: none are left here
FRAME_FOLDERS = ("overrides", "snippets")


@dataclass(frozen=True)
class Shard:
    """Shard `number` of `count` (0 <= number < count) of one build whose frame digest is `frame`;
    `previous` is an earlier build of the release holding PAGES (a build cache entry), or None."""

    number: int
    count: int
    frame: str = ""
    previous: Path | None = None
    owners: Mapping[str, int] | None = None  # src_uri -> shard number (assign); else by crc32 of the path

    def owns(self, src_uri: str) -> bool:
        """Whether this shard renders the page whose source is `src_uri` (docs-relative, '/'-separated)."""
        if self.owners is not None and src_uri in self.owners:
            return self.owners[src_uri] == self.number
        return zlib.crc32(src_uri.encode("utf-8")) % self.count == self.number

    def folder(self, site_dir: Path) -> Path:
        """Where this shard writes: beside the release's folder, never inside it."""
        return site_dir.with_name(f"{site_dir.name}.shard-{self.number}-of-{self.count}")


def shard_count(releases_to_build: int, cores: int) -> int:
    """Shards per release: the cores the releases leave idle (a single release on 2 cores: 2)."""
    return max(1, cores // max(1, releases_to_build))


REUSED_SECONDS = 0.001  # a page taken from the previous build: a hard link
# A page never timed costs about PAGE_SECONDS + its Markdown's bytes x SECONDS_PER_BYTE: the least-squares line
# through the 4,323 pages of a 26-chapter release timed here (a slide's page 9 ms, the 4.6 MB print page 3.7 s).
PAGE_SECONDS = 0.007
SECONDS_PER_BYTE = 8e-7


def assign(work: Path, count: int, frame: str, previous: Path | None) -> dict[str, int]:
    """Each page of the generated tree in `work` (docs-relative src_uri) -> the shard that renders it.

    A page costs what it took in `previous` (a build cache entry holding PAGES) when it will be rendered
    again: the frame differs, its source file's bytes differ, or it is a hand-written page (its macros
    read the release). Otherwise it will be taken from `previous` and costs next to nothing. A page never
    timed costs PAGE_SECONDS plus its size times SECONDS_PER_BYTE. Longest first, each to the
    shard with the least work so far (ties: the lower number), so the split depends only on these figures.
    """
    pages = _recorded_pages(previous, frame)
    timed = pages or _recorded_pages(previous)  # the seconds hold under another frame too
    docs = work / "docs"
    sources = {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*.md"))}

    def cost(uri: str, source: bytes) -> float:
        if _unchanged(pages.get(uri), source, hashlib.sha256(source).hexdigest()):
            return REUSED_SECONDS
        return timed.get(uri, {}).get("seconds") or PAGE_SECONDS + len(source) * SECONDS_PER_BYTE

    load = [0.0] * count
    owners = {}
    for seconds, uri in sorted(((cost(uri, source), uri) for uri, source in sources.items()), key=lambda item: (-item[0], item[1])):
        number = min(range(count), key=lambda shard: (load[shard], shard))
        owners[uri] = number
        load[number] += seconds
    return owners


def _unchanged(earlier: dict | None, source: bytes, digest: str) -> bool:
    """Whether a page is the previous build's (`earlier`, its PAGES entry under the same frame) as it stands:
    a page macros/generate.py wrote (macros off: its HTML depends on its file alone) whose file's sha256
    (`digest`) is the one recorded."""
    return bool(earlier) and b"\nrender_macros: false\n" in source[:200] and earlier.get("source") == digest


def _recorded_pages(previous: Path | None, frame: str | None = None) -> dict[str, dict]:
    """The PAGES record of `previous` (a build cache entry), page by page; none where there is no record,
    or, with `frame`, where the record was made under another frame."""
    if previous is None or not (previous / PAGES).is_file():
        return {}
    recorded = json.loads((previous / PAGES).read_text(encoding="utf-8"))
    return recorded.get("pages", {}) if frame is None or recorded.get("frame") == frame else {}


def pages_record(site_dir: Path) -> Path:
    """Where join leaves the release's PAGES record: beside its folder, never inside the site."""
    return site_dir.with_name(site_dir.name + PAGES)


def frame_digest(work: Path, code: str, source_date_epoch: str) -> str:
    """sha256 (hex) of what every page of the generated tree in `work` shares: `code` (the build cache's
    code digest), the generated mkdocs.yml, templates and snippets, every file name under docs/, and
    SOURCE_DATE_EPOCH."""
    digest = hashlib.sha256(f"{code}\0{source_date_epoch}\0".encode())
    digest.update((work / "mkdocs.yml").read_bytes())
    for folder in FRAME_FOLDERS:
        for path in sorted((work / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(work).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted((work / "docs").rglob("*")):
        digest.update(path.relative_to(work).as_posix().encode() + b"\0")
    return digest.hexdigest()


def _page_digest(page) -> str:
    payload = json.dumps([page.file.src_uri, page.url, page.meta, page.markdown], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@contextmanager
def rendering_only(shard: Shard, site_dir: Path) -> Iterator[None]:
    """Within the block, MkDocs' dirty build into `site_dir` renders only `shard`'s pages whose digest
    changed since `shard.previous` (the others of its pages are that build's files) and, in shard 0,
    copies the static files; MkDocs' warning about dirty builds (strict mode would count it) is not
    logged. Once built, `site_dir` holds RECORD for join."""
    from mkdocs.commands import build
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    previous = _recorded_pages(shard.previous, shard.frame)
    order: list[list[str]] = []
    digests: dict[str, str] = {}
    titles: dict[str, str | None] = {}
    reused: dict[str, list] = {}
    seconds: dict[str, float] = {}  # each page this shard rendered: populate and build (assign reads them)
    sources: dict[str, str] = {}  # sha256 of each of its pages' source file

    def is_modified(self: File) -> bool:
        return shard.owns(self.src_uri) if self.is_documentation_page() else shard.number == 0

    populate, build_page, render = build._populate_page, build._build_page, Page.render

    def populate_or_read(page, config, files, dirty=False) -> None:
        if dirty and not page.file.is_modified():
            page.read_source(config)  # its title and metadata, for the navigation of the pages rendered here
            return
        source_uri, text = page.file.src_uri, Path(page.file.abs_src_path).read_bytes()
        sources[source_uri] = hashlib.sha256(text).hexdigest()
        earlier = previous.get(source_uri)
        if _unchanged(earlier, text, sources[source_uri]) and (shard.previous / page.file.dest_uri).is_file():
            # A generated page (no macros) whose file is unchanged: its Markdown is its file, so its digest is the
            # previous build's, and the plugins' page events need not run for it (1 ms a page, 4,000 pages).
            page.read_source(config)
            digests[source_uri], reused[source_uri] = earlier["digest"], earlier["search"]
            page.content, page._title_from_render = "", earlier["title"]
            return
        started = time.perf_counter()
        populate(page, config, files, dirty)
        seconds[source_uri] = time.perf_counter() - started

    def render_or_reuse(page, config, files) -> None:  # Page.render: the Markdown has been through the macros
        source = page.file.src_uri
        digests[source] = _page_digest(page)
        earlier = previous.get(source)
        if earlier and earlier["digest"] == digests[source] and (shard.previous / page.file.dest_uri).is_file():
            reused[source] = earlier["search"]
            page.content, page._title_from_render = "", earlier["title"]  # the title the navigation shows
            return
        render(page, config, files)

    def build_in_order(page, config, *args, **kwargs) -> None:
        order.append([page.url, page.file.src_uri])  # every page, built here or not: the search index's order
        if page.file.src_uri in digests:
            titles[page.file.src_uri] = page.title
        if page.file.src_uri in reused:
            _link_or_copy(shard.previous / page.file.dest_uri, Path(page.file.abs_dest_path))
            seconds.pop(page.file.src_uri, None)  # not rendered: keep the previous build's figure
            return
        started = time.perf_counter()
        build_page(page, config, *args, **kwargs)
        if page.file.src_uri in seconds:
            seconds[page.file.src_uri] += time.perf_counter() - started

    def not_the_dirty_warning(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)

    logger = logging.getLogger("mkdocs.commands.build")
    original = File.is_modified
    File.is_modified = is_modified
    build._populate_page, build._build_page, Page.render = populate_or_read, build_in_order, render_or_reuse
    logger.addFilter(not_the_dirty_warning)
    try:
        yield
        record = {"order": order, "digests": digests, "titles": titles, "reused": reused, "seconds": seconds, "sources": sources}
        (site_dir / RECORD).write_text(json.dumps(record), encoding="utf-8")
    finally:
        File.is_modified = original
        build._populate_page, build._build_page, Page.render = populate, build_page, render
        logger.removeFilter(not_the_dirty_warning)


class ShardConflict(RuntimeError):
    """Two shards wrote the same file with different bytes: the split is not safe for this file."""


def join(shard_folders: list[Path], site_dir: Path, frame: str = "", previous: Path | None = None) -> None:
    """Move every shard's files into `site_dir` (made here), join their search indexes, and write the
    release's PAGES record (frame, and each page's digest, title, search entries, source digest and
    seconds to render, taken from `previous` for pages not rendered) at pages_record(site_dir).

    A file more than one shard writes (the theme's 404.html, sitemap.xml) must be byte-identical;
    otherwise ShardConflict names it. The shard folders are removed.
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    records, indexes = [], []
    for folder in shard_folders:
        records.append(json.loads((folder / RECORD).read_text(encoding="utf-8")))
        (folder / RECORD).unlink()
        index = folder / SEARCH_INDEX
        if index.is_file():
            indexes.append(json.loads(index.read_text(encoding="utf-8")))
            index.unlink()
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                source = Path(root) / name
                target = site_dir / source.relative_to(folder)
                if target.exists():
                    if target.read_bytes() != source.read_bytes():
                        raise ShardConflict(f"shards wrote {target.relative_to(site_dir)} differently")
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        shutil.rmtree(folder)
    source_of = {url: source for url, source in records[0]["order"]}
    entries: dict[str, list] = {source: [] for _, source in records[0]["order"]}
    for index in indexes:
        for doc in index["docs"]:
            entries[source_of[doc["location"].split("#", 1)[0]]].append(doc)
    for record in records:
        entries.update(record["reused"])
    digests = {source: digest for record in records for source, digest in record["digests"].items()}
    titles = {source: title for record in records for source, title in record["titles"].items()}
    seconds = {source: value for record in records for source, value in record.get("seconds", {}).items()}
    hashes = {source: value for record in records for source, value in record.get("sources", {}).items()}
    if indexes:
        joined = {**indexes[0], "docs": [doc for _, source in records[0]["order"] for doc in entries[source]]}
        (site_dir / SEARCH_INDEX).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / SEARCH_INDEX).write_text(json.dumps(joined, separators=(",", ":")), encoding="utf-8")
    earlier = _recorded_pages(previous)
    pages = {
        source: {
            "digest": digests[source],
            "title": titles[source],
            "search": entries[source],
            "source": hashes.get(source, earlier.get(source, {}).get("source")),
            "seconds": round(seconds.get(source, earlier.get(source, {}).get("seconds", 0.0)), 4),
        }
        for source in sorted(digests)
    }
    pages_record(site_dir).write_text(json.dumps({"frame": frame, "pages": pages}), encoding="utf-8")  # entries keep their key order
