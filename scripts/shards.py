"""Page shards: one release's pages built by several engine processes side by side, then joined.

Each shard is a whole MkDocs build of the release's generated tree (every file, the whole navigation,
every link resolved) that renders only the pages it owns: MkDocs' own `dirty` build skips a page whose
file says it is not modified, so here a page is "modified" when its shard owns it; the others are read
(not rendered) for the titles and metadata the navigation shows. Shard 0
also copies the static files. Every shard writes the same theme pages (404.html, sitemap.xml) and its
part of the search index; `join` moves each shard's pages into the release's folder and joins the
search indexes in the order MkDocs builds the pages, as one whole build writes them.

A page's owner depends on its path alone (crc32), so the split is the same on every run and balanced
for any number of pages. A page's HTML does not depend on which process built it: the test
tests/test_shards.py builds a release whole and in shards and compares every byte.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SEARCH_INDEX = Path("search") / "search_index.json"
PAGE_ORDER = ".shard-page-order.json"  # every page's URL, in the order MkDocs builds them
DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs' own, about stale pages: none are left here


@dataclass(frozen=True)
class Shard:
    """Shard `number` of `count` (0 <= number < count)."""

    number: int
    count: int

    def owns(self, src_uri: str) -> bool:
        """Whether this shard renders the page whose source is `src_uri` (docs-relative, '/'-separated)."""
        return zlib.crc32(src_uri.encode("utf-8")) % self.count == self.number

    def folder(self, site_dir: Path) -> Path:
        """Where this shard writes: beside the release's folder, never inside it."""
        return site_dir.with_name(f"{site_dir.name}.shard-{self.number}-of-{self.count}")


def shard_count(releases_to_build: int, cores: int) -> int:
    """Shards per release: the cores the releases leave idle (a single release on 2 cores: 2)."""
    return max(1, cores // max(1, releases_to_build))


@contextmanager
def rendering_only(shard: Shard, site_dir: Path) -> Iterator[None]:
    """Within the block, MkDocs' dirty build into `site_dir` renders only `shard`'s pages and, in shard 0,
    copies the static files; MkDocs' warning about dirty builds (strict mode would count it) is not logged.
    Once built, `site_dir` holds the order MkDocs built every page in (PAGE_ORDER, for join)."""
    from mkdocs.commands import build
    from mkdocs.structure.files import File

    def is_modified(self: File) -> bool:
        return shard.owns(self.src_uri) if self.is_documentation_page() else shard.number == 0

    populate, render = build._populate_page, build._build_page
    order: list[str] = []

    def render_in_order(page, config, *args, **kwargs) -> None:
        order.append(page.url)  # every page, rendered here or not: the search index's order (join)
        render(page, config, *args, **kwargs)

    def populate_or_read(page, config, files, dirty=False) -> None:
        if dirty and not page.file.is_modified():
            page.read_source(config)  # its title and metadata, for the navigation of the pages rendered here
            return
        populate(page, config, files, dirty)

    def not_the_dirty_warning(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)

    logger = logging.getLogger("mkdocs.commands.build")
    original = File.is_modified
    File.is_modified = is_modified
    build._populate_page, build._build_page = populate_or_read, render_in_order
    logger.addFilter(not_the_dirty_warning)
    try:
        yield
        (site_dir / PAGE_ORDER).write_text(json.dumps(order), encoding="utf-8")
    finally:
        File.is_modified = original
        build._populate_page, build._build_page = populate, render
        logger.removeFilter(not_the_dirty_warning)


class ShardConflict(RuntimeError):
    """Two shards wrote the same file with different bytes: the split is not safe for this file."""


def join(shard_folders: list[Path], site_dir: Path) -> None:
    """Move every shard's files into `site_dir` (made here) and join their search indexes.

    A file more than one shard writes (the theme's 404.html, sitemap.xml) must be byte-identical;
    otherwise ShardConflict names it. The shard folders are removed.
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    indexes = []
    order = json.loads((shard_folders[0] / PAGE_ORDER).read_text(encoding="utf-8"))
    for folder in shard_folders:
        (folder / PAGE_ORDER).unlink()
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
    if indexes:
        position = {url: number for number, url in enumerate(order)}
        docs = sorted((doc for index in indexes for doc in index["docs"]), key=lambda doc: position[doc["location"].split("#", 1)[0]])
        joined = {**indexes[0], "docs": docs}
        (site_dir / SEARCH_INDEX).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / SEARCH_INDEX).write_text(json.dumps(joined, separators=(",", ":")), encoding="utf-8")
