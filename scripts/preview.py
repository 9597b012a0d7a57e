"""The preview's fast step: after an edit, the edited chapter's pages rendered in the server's own process
within seconds, while the full build (scripts/sitebuild.py, in its own process) follows.

At 26 chapters a full build after an edit takes some 20 s; an editor wants to see the edited
recommendation at once. So `make serve` keeps, for each release it may have to show anew (the drafts it
serves, else the latest), MkDocs loaded with that release's generated tree as the last full build
left it: configuration, plugins, files, navigation and templates (`Resident`, about 4 s to set up at
26 chapters, done in the background after each full build). After an edit, `render_edits` loads the
data (the full validation: a broken edit renders nothing), generates the Markdown of the pages of the
chapters that changed (macros/generate.py, the same code as the build), renders those whose Markdown
differs with MkDocs' own page functions, and puts them into the served folder (atomically, page by
page). The full build then replaces the whole folder as always, so every derived page (All
recommendations, What changed, the search index, the print page) and every other page is the build's.

What the fast step leaves to the full build: release-wide pages, the navigation (a slide whose title
changed shows its new heading at once, but the header, the browser's title and the navigation keep the
old one until the full build lands), new pages, and anything outside the chapters (release.yaml,
grading, the vocabulary). A page it renders is byte for byte the page the full build writes when the
navigation did not change (tests/test_preview.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.commands.build import _build_page, _populate_page, get_navigation
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from macros import generate, urls
from macros.load import load_all
from macros.model import Release
from macros.problems import GuidelineDataError
from macros.releaseorder import latest_published
from scripts.engines import strict_theme

log = logging.getLogger("mkdocs.preview")
READY = "Preview: edits are rendered at once for"  # logged after each refresh (scripts/bench.py waits for it)


@dataclass
class Resident:
    """MkDocs holding one release's generated tree (`work`) as built, ready to render single pages.

    `texts` is each page's Markdown file as the last full build or render_page had it (src_uri -> text).
    """

    release_id: str
    work: Path
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    texts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, release_id: str, work: Path) -> Resident:
        """Everything MkDocs' build does before it renders the first page (mkdocs/commands/build.py), into a
        private site folder; raises whatever MkDocs raises for a broken tree."""
        site_dir = tempfile.mkdtemp(prefix=".preview-site-", dir=work)  # beside the tree, gone with it (make clean)
        config = load_config(config_file=str(work / "mkdocs.yml"), site_dir=site_dir, strict=True)
        strict_theme(config)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        texts = {}
        for file in files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
            texts[file.src_uri] = file.content_string
            file.page.read_source(config)  # its title, for the navigation
        env = config.plugins.on_env(env, config=config, files=files)
        return cls(release_id, work, config, files, nav, env, texts)

    def render_page(self, src_uri: str, text: str) -> bytes:
        """The page's HTML for Markdown `text` (front matter included), as MkDocs' build writes it."""
        file = self.files.get_file_from_path(src_uri)
        file.content_string = text
        _populate_page(file.page, self.config, self.files)
        _build_page(file.page, self.config, self.files.documentation_pages(), self.nav, self.env)
        html = Path(file.abs_dest_path).read_bytes()
        file.page.content = None  # the HTML is on disk; keep the memory of 4,000 pages small
        self.texts[src_uri] = text
        return html

    def dest_uri(self, src_uri: str) -> str:
        return self.files.get_file_from_path(src_uri).dest_uri


def changed_chapters(before: Release, after: Release) -> set[str]:
    """Ids of the chapters of `after` whose data differs from `before`'s (new chapters included)."""
    earlier = {chapter.id: chapter for chapter in before.chapters}
    return {chapter.id for chapter in after.chapters if earlier.get(chapter.id) != chapter}


def _write_atomically(path: Path, payload: bytes) -> None:
    """A new file in place of the old (never writing into it: the build cache holds hard links to it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.preview-{os.getpid()}.tmp")
    partial.write_bytes(payload)
    os.replace(partial, path)


class Preview:
    """The fast step of `make serve`: residents for the releases an editor changes, refreshed after each
    full build (`refresh`), and `render_edits` after each edit. Thread-safe: one lock around all of it.

    A full build reads the data when it starts; an edit saved after that is not in the folder it puts in
    place. So the pages the fast step wrote since the running build started are kept (`overlay`) and
    written again the moment that build lands (`build_landed`), and their chapters are rendered again
    from the new tree once the residents are refreshed; the build those edits asked for follows.
    No exception of the fast step reaches the server: it logs, renders nothing, and the full build runs."""

    def __init__(self, out: Path, data_root: Path, work_of: Callable[[str], Path], drafts: bool, site_url: str = "") -> None:
        self.out, self.data_root, self.work_of, self.drafts = out, data_root.resolve(), work_of, drafts
        self.site_url = site_url
        self.residents: dict[str, Resident] = {}
        self.releases: tuple[Release, ...] = ()
        self.latest = ""
        self.touched: set[tuple[str, str]] = set()  # (release, chapter) rendered since the running build started
        self.overlay: dict[Path, bytes] = {}  # the served files written since then, as written
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """After a full build: MkDocs holding each release an edit may change, from its fresh tree."""
        try:
            releases = load_all(self.data_root)
            newest = latest_published(releases)
            drafts = [r.id for r in releases if self.drafts and r.metadata.status != "published"]
            wanted = drafts or ([newest.id] if newest else [])
            loaded = {release_id: Resident.load(release_id, self.work_of(release_id)) for release_id in wanted}
        except Exception:  # the data or the tree is broken: the full build says why; edits wait for it
            log.exception("Preview: not ready (the full build shows the edits)")
            return
        with self.lock:
            # The data last rendered stays what edits are compared with: an edit rendered while this build
            # ran is not in its tree, and the build it asked for follows.
            retired, self.residents, self.latest = self.residents, loaded, newest.id if newest else ""
            self.releases = self.releases or releases
        for resident in retired.values():  # their private site folders (the pages they rendered)
            shutil.rmtree(resident.config.site_dir, ignore_errors=True)
        log.info("%s %s", READY, ", ".join(loaded) or "nothing")

    def close(self) -> None:
        """Remove the residents' private site folders (the server stops)."""
        with self.lock:
            for resident in self.residents.values():
                shutil.rmtree(resident.config.site_dir, ignore_errors=True)
            self.residents = {}

    def build_started(self) -> None:
        """A full build starts and reads the data now: what the fast step wrote before is in it."""
        with self.lock:
            self.touched.clear()
            self.overlay.clear()

    def build_landed(self) -> int:
        """The full build's folder is in place: the pages the fast step wrote since it started are written
        again (they show newer edits than the build). Returns how many files."""
        with self.lock:
            for path, payload in self.overlay.items():
                _write_atomically(path, payload)
            return len(self.overlay)

    def render_edits(self) -> list[str]:
        """Render the changed pages of the changed chapters (and of those the fast step rendered since the
        running build started) into the served folder; returns their addresses (`<release>/<dest>`).
        Nothing where the data does not load or anything fails (the full build will say why)."""
        with self.lock:
            if not self.residents:
                return []
            try:
                return self._render_edits()
            except GuidelineDataError as error:
                log.error("Preview: the edited data does not load; the full build will say why:\n%s", error)
            except Exception:
                log.exception("Preview: the edit could not be rendered at once; the full build follows")
            return []

    def _render_edits(self) -> list[str]:
        releases = load_all(self.data_root)
        written = []
        for release_id, resident in self.residents.items():
            after = next((r for r in releases if r.id == release_id), None)
            before = next((r for r in self.releases if r.id == release_id), None)
            if after is None or before is None:
                continue
            chapters = changed_chapters(before, after) | {chapter for release, chapter in self.touched if release == release_id}
            written += self._render_release(resident, after, releases, chapters)
        self.releases = releases
        return written

    def _render_release(self, resident: Resident, after: Release, releases: tuple[Release, ...], chapters: set[str]) -> list[str]:
        if not chapters:
            return []
        pages = generate.page_chapters(after)
        wanted = {uri for uri, chapter_id in pages.items() if chapter_id in chapters and uri in resident.texts}
        written = []
        for uri, text in generate.generated_pages(after, releases, self.site_url, True, only=wanted):
            if resident.texts.get(uri) == text:
                continue
            html = resident.render_page(uri, text)
            dest = resident.dest_uri(uri)
            for folder in [after.id] + ([urls.LATEST] if after.id == self.latest else []):
                _write_atomically(self.out / folder / dest, html)
                self.overlay[self.out / folder / dest] = html
            self.touched.add((after.id, pages[uri]))
            written.append(f"{after.id}/{dest}")
        return written
