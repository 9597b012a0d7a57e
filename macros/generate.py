"""The single pass: validated data -> the complete input tree of one release, for any site engine.

Plain Python, no engine imported. For one release it writes, into a work folder:

    mkdocs.yml             the plain engine configuration: mkdocs.yml of the project (the settings every
                           release shares) with nav, site_name, copyright and `extra` written in; no hooks
    docs/                  the hand-written pages of docs/, every page generated from the data (with its
                           front matter), the exports (data/*.json, csv, schemas, FHIR bundle) and the
                           assets vendored from node_modules/
    overrides/             the theme overrides
    snippets/abbreviations.md  appended to every page by pymdownx.snippets (auto_append)
    macros-snapshot.pickle what the macros of the hand-written pages need (the release, the comparison
                           with the previous release, the examples' output): the engine process never
                           loads or validates the YAML again
    guideline_macros.py    the module mkdocs-macros (or Zensical) loads by file path: puts the project
                           root on sys.path and imports macros.wiring.define_env

MkDocs, ProperDocs and Zensical build that tree as it is. A file is rewritten only when its bytes
change (so an engine's own server, or `--dirty`, sees only real edits); files no longer generated are
removed. `generated_pages` is the one list of pages from the data, used by everything.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from html import escape
from pathlib import Path

import yaml

from . import editorial, history, urls
from .compare import Comparison, comparison_document
from .examples import EXAMPLES, run_example
from .export import changes_schema_text, flows_json, flows_schema_text, recommendations_csv, release_json, schema_text
from .fhir_export import fhir_json
from .history import ChangeTag
from .index import graded_recommendations
from .load import load_vocabulary
from .model import Chapter, Release
from .recmap import chapter_recommendations, chapters_with_maps
from .releases import current_successor, retired_until
from .render import describe, flows, pages, recmap
from .render.glossary import abbreviation_definitions
from .render.tables import change_tag
from .spreadsheet import recommendations_xlsx
from .vocabulary import release_vocabulary, vocabulary_script

REPO = Path(__file__).resolve().parent.parent
BASE_CONFIG = REPO / "mkdocs.yml"
SNAPSHOT = "macros-snapshot.pickle"
PAGE_ORDER = "generated-pages.json"  # the generated pages' files in generation order (search index order)
# {"chapters": [ids in order], "pages": {page file: chapter id}} (pages only where a release has several
# chapters), which scripts/sitebuild.py splits the search index by (macros/searchindex.py search_parts).
PAGE_CHAPTERS = "generated-page-chapters.json"
SHIM = "guideline_macros.py"
ABBREVIATIONS = "snippets/abbreviations.md"
VOCABULARY_SCRIPT = "docs/assets/vocabulary.js"  # read by docs/assets/search-query.js
SEARCH_EXCLUDED = "search:\n  exclude: true\n"
VENDOR = {
    "assets/vendor/tablesort.min.js": REPO / "node_modules/tablesort/dist/tablesort.min.js",
    "assets/vendor/tablesort.number.min.js": REPO / "node_modules/tablesort/dist/sorts/tablesort.number.min.js",
    "assets/vendor/mermaid.min.js": REPO / "node_modules/mermaid/dist/mermaid.min.js",
}
# Material's offline plugin loads this Web Worker shim (search from file://) from unpkg by default.
IFRAME_WORKER = ("assets/vendor/iframe-worker/shim.js", REPO / "node_modules/iframe-worker/shim/index.js")
RECOMMENDATION_BOOST = 4  # a recommendation's own page comes before the slide that lists it
SHIM_TEXT = '''"""Written by macros/generate.py: the macros module mkdocs-macros (or Zensical) loads by file path."""

import sys

if {root!r} not in sys.path:
    sys.path.insert(0, {root!r})

from macros.wiring import define_env  # noqa: E402,F401
'''


@dataclass(frozen=True)
class Options:
    """How one release is built: the latest published release (outdated banner), the public address
    of the deployed folder ('' when unknown), the offline bundle, MkDocs' directory URLs."""

    latest: str
    site_url: str = ""
    offline: bool = False
    directory_urls: bool = True


@dataclass(frozen=True)
class MacroData:
    """The snapshot the macros read (macros/__init__.py): computed here, once per release."""

    release: Release
    changes: Comparison | None
    data_root: str  # where the examples read the release's data (they run when a page shows them)
    tags: dict[str, ChangeTag] = field(default_factory=dict)  # each recommendation's change tag
    vocabulary: list[dict] = field(default_factory=list)  # the editorial vocabulary's rows this release uses

    def example_output(self, name: str, published: str = "") -> str:
        """What docs/examples/<name> printed; RuntimeError with its traceback if it failed (a page that
        shows it then fails the build, as when the example ran during the build). `published` is the
        folder holding the build's data/ files (the tree's docs/), which the examples read.

        The examples run here, once per process, when the engine renders the page that shows them: in
        one shard of the build, beside the others, not before the engine starts (about a third of
        the generator's time at 10 chapters)."""
        outputs, errors = _example_outputs(self.data_root, self.release.id, published)
        if name in errors:
            raise RuntimeError(f"docs/examples/{name} failed for release {self.release.id}:\n{errors[name]}")
        if name not in outputs:
            raise KeyError(f"no example docs/examples/{name}; known: {', '.join(sorted(outputs))}")
        return outputs[name]


@cache
def _example_outputs(data_root: str, release_id: str, published: str) -> tuple[dict[str, str], dict[str, str]]:
    return example_outputs(Path(data_root), release_id, published)


def search_front_matter(terms: tuple[str, ...], boost: int | None) -> str:
    """Front matter for search: editorial terms as Material's search tags (weighed like a title, see
    mkdocs.yml) and a page boost. JSON is YAML, so any term is quoted safely."""
    front = f"search:\n  boost: {boost}\n" if boost else ""
    return front + (f"tags: {json.dumps(list(terms))}\n" if terms else "")


def _page_text(body: str, front_matter: str) -> str:
    """A generated page, already rendered: macros are off on it (its text is data, not a template)."""
    return f"---\nrender_macros: false\n{front_matter}---\n\n{body}\n"


def page_chapters(release: Release) -> dict[str, str]:
    """The generated pages of one chapter (page file -> chapter id): its topics and their source views,
    its recommendations, its own page, print and map, its flows and cases. Every other page (home,
    glossary, print of the release, retired ids ...) is release-wide."""
    chapters: dict[str, str] = {}
    for chapter in release.chapters:
        for topic in chapter.topics:
            chapters[urls.page_file(urls.topic(topic.id))] = chapter.id
            chapters[urls.page_file(urls.source(chapter.id, topic.slide))] = chapter.id
        for uri in (urls.chapter(chapter.id), urls.chapter_print(chapter.id), urls.chapter_map(chapter.id)):
            chapters[urls.page_file(uri)] = chapter.id
        for flow in chapter.flows:
            chapters[urls.page_file(urls.flow(flow.id))] = chapter.id
        for case in chapter.cases:
            chapters[urls.page_file(urls.case(case.id))] = chapter.id
    for indexed in graded_recommendations(release):
        chapters[urls.page_file(urls.recommendation(indexed.id))] = release.chapter_of(indexed.topic).id
    return chapters


def search_chapters(release: Release) -> dict[str, str]:
    """page_chapters where search loads a chapter first (docs/assets/search-worker.js): releases of
    several chapters; a one-chapter release's search index is that chapter's."""
    return page_chapters(release) if len(release.chapters) > 1 else {}


def generated_pages(
    release: Release,
    releases: tuple[Release, ...],
    site_url: str = "",
    directory_urls: bool = True,
    only: frozenset[str] | set[str] | None = None,
) -> tuple[tuple[str, str], ...]:
    """Every page that comes from the data as (uri, Markdown with front matter), in a fixed order:
    topics and their source views, recommendations, print, flows, cases, retired ids' redirects.
    In a release of several chapters a chapter's page names it (`search_chapter`, read by search).
    With `only` (page files), just those pages are rendered (the preview's fast step, scripts/preview.py)."""
    found = history.change_tags(releases, release)
    generated: list[tuple[str, Callable[..., str], str]] = []
    for topic in release.topics:
        terms = editorial.topic_search_terms(release, topic.id)
        # A slide with editorial search terms is a clinical situation's own page: it weighs as much as a
        # recommendation, so for its common names it comes first, then its recommendations.
        front = search_front_matter(terms, RECOMMENDATION_BOOST if terms else None)
        generated.append(
            (
                urls.page_file(urls.topic(topic.id)),
                partial(pages.topic_page, release, topic.id, tags=found),
                front + describe.front_matter(describe.topic_description(release, topic.id)),
            )
        )
        generated.append(
            (
                urls.page_file(urls.source(release.chapter_of(topic).id, topic.slide)),
                partial(pages.source_view, release, topic.id),
                SEARCH_EXCLUDED + describe.front_matter(describe.source_description(release, topic.id)),
            )
        )
    for indexed in graded_recommendations(release):
        page = partial(_recommendation_page, release, releases, indexed.id, found.get(indexed.id), site_url)
        front = search_front_matter(editorial.recommendation_search_terms(release, indexed.id), RECOMMENDATION_BOOST)
        front += describe.front_matter(describe.recommendation_description(release, indexed.id))
        generated.append((urls.page_file(urls.recommendation(indexed.id)), page, front))
    generated += map_pages(release, {i: change_tag(tag) for i, tag in found.items()})
    diagram = "mermaid: true\n"  # overrides/main.html loads Mermaid on these pages only
    print_front = SEARCH_EXCLUDED + (diagram if release.flows else "")  # the PDF prints the flows' diagrams
    print_front += describe.front_matter(describe.print_description(release))
    generated.append((urls.page_file(urls.PRINT), partial(pages.print_all, release, tags=found), print_front))
    for chapter in release.chapters:
        front = describe.front_matter(describe.chapter_description(release, chapter.id))
        generated.append((urls.page_file(urls.chapter(chapter.id)), partial(pages.chapter_page, release, chapter.id), front))
        front = SEARCH_EXCLUDED + (diagram if chapter.flows else "")
        front += describe.front_matter(describe.print_description(release, chapter.id))
        page = partial(pages.print_all, release, tags=found, chapter_id=chapter.id)
        generated.append((urls.page_file(urls.chapter_print(chapter.id)), page, front))
    for flow in release.flows:
        front = diagram + describe.front_matter(describe.flow_description(release, flow.id))
        generated.append((urls.page_file(urls.flow(flow.id)), partial(flows.flow_page, release, flow.id), front))
    for case in release.cases:
        front = diagram + describe.front_matter(describe.case_description(release, case.id))
        generated.append((urls.page_file(urls.case(case.id)), partial(flows.case_page, release, case.id), front))
    retired = retired_until(releases, release)
    for old_id in sorted(retired):
        successor = current_successor(release, retired, old_id)
        uri = urls.page_file(urls.recommendation(old_id))
        target = urls.relative(urls.page_url(uri, directory_urls), urls.recommendation(successor or ""))
        front = SEARCH_EXCLUDED + (f"redirect: {target}\n" if successor else "")
        front += describe.front_matter(describe.retired_description(old_id, *retired[old_id][:2]))
        last = history.last_carrier(releases, old_id, retired[old_id][0])
        page = partial(pages.retired_page, release, old_id, *retired[old_id][:2], successor, last=last)
        generated.append((uri, page, front))
    generated += _legacy_source_redirects(release, releases, directory_urls)
    for item_id, last in sorted(history.no_longer_graded(releases, release).items()):
        front = SEARCH_EXCLUDED + describe.front_matter(describe.ungraded_description(item_id, release.id))
        generated.append((urls.page_file(urls.recommendation(item_id)), partial(pages.ungraded_page, release, item_id, last), front))
    chapters = search_chapters(release)
    return tuple(
        (uri, _page_text(render(page_url=urls.page_url(uri, directory_urls)), front + _search_chapter(chapters.get(uri))))
        for uri, render, front in generated
        if only is None or uri in only
    )


def _search_chapter(chapter_id: str | None) -> str:
    return "" if chapter_id is None else f"search_chapter: {json.dumps(chapter_id)}\n"


def map_pages(release: Release, tags: dict[str, str]) -> list[tuple[str, Callable[..., str], str]]:
    """The recommendation map across the release's chapters (map/) and, where it has several, each chapter's
    own (chapters/<id>/map/). Out of the search index (their lists repeat every recommendation's words);
    the grid needs the page's width."""
    if release.recommendation_map is None:
        return []
    front = SEARCH_EXCLUDED + "hide:\n  - navigation\n  - toc\n"
    found = [(urls.page_file(urls.MAP), partial(recmap.map_page, release, tags=tags), front + describe.front_matter(describe.map_description(release)))]
    if len(release.chapters) > 1:
        for chapter in chapters_with_maps(release):
            only = chapter_recommendations(release, chapter.id)
            description = describe.front_matter(describe.map_description(release, chapter.label))
            page = partial(recmap.map_page, release, tags=tags, only=only, title=chapter.label)
            found.append((urls.page_file(urls.chapter_map(chapter.id)), page, front + description))
    return found


def legacy_chapter(release: Release, releases: tuple[Release, ...]) -> str | None:
    """The chapter the source views' addresses of the one-chapter era (urls.legacy_source) meant: the chapter
    of the first release, where this release still has it."""
    first = releases[0].chapters[0].id if releases and releases[0].chapters else None
    return first if first in {chapter.id for chapter in release.chapters} else None


def _legacy_source_redirects(
    release: Release, releases: tuple[Release, ...], directory_urls: bool
) -> list[tuple[str, Callable[..., str], str]]:
    """The source views' addresses of before releases held chapters (urls.legacy_source) forward to that slide's
    source view in its chapter."""
    chapter_id = legacy_chapter(release, releases)
    if chapter_id is None:
        return []
    redirects = []
    for topic in release.chapter(chapter_id).topics:
        uri = urls.page_file(urls.legacy_source(topic.slide))
        target = urls.relative(urls.page_url(uri, directory_urls), urls.source(chapter_id, topic.slide))
        front = SEARCH_EXCLUDED + f"redirect: {target}\n" + describe.front_matter(
            describe.moved_description(f"the source text of slide {topic.slide}")
        )
        redirects.append((uri, partial(pages.moved_page, target), front))
    return redirects


def _recommendation_page(
    release: Release, releases: tuple[Release, ...], recommendation_id: str, tag: ChangeTag | None, site_url: str,
    page_url: str,
) -> str:
    history_rows = history.history(releases, release, recommendation_id)
    return pages.recommendation_page(release, recommendation_id, page_url, tag, history_rows, site_url)


def exports(
    release: Release, releases: tuple[Release, ...], part: str | None = None
) -> tuple[tuple[str, str | bytes], ...]:
    """The data files each release publishes under data/, as (uri, text or bytes). With `part`, only
    the FHIR bundle ("fhir", about half the time) or only the others ("other"), in the same order."""
    writers: list[tuple[str, Callable[[], str | bytes]]] = [
        (urls.GUIDELINE_JSON, lambda: release_json(release)),
        (urls.RECOMMENDATIONS_CSV, lambda: recommendations_csv(release)),
        (urls.RECOMMENDATIONS_XLSX, lambda: recommendations_xlsx(release)),
        (urls.FHIR_BUNDLE, lambda: fhir_json(release, releases)),
    ]
    if release.flows:
        writers += [(urls.FLOWS_JSON, lambda: flows_json(release)), (urls.FLOWS_SCHEMA, flows_schema_text)]
    comparison = history.changes_since_previous(releases, release)
    if comparison is not None:
        document = json.dumps(comparison_document(comparison), indent=1, ensure_ascii=False) + "\n"
        writers += [(urls.CHANGES_JSON, lambda: document), (urls.CHANGES_SCHEMA, changes_schema_text)]
    writers.append((urls.GUIDELINE_SCHEMA, schema_text))
    return tuple(
        (uri, write())
        for uri, write in writers
        if part is None or (part == "fhir") == (uri == urls.FHIR_BUNDLE)
    )


_EXPORTING: list = []  # [release, releases] while tree_files' forked processes write the exports


def _exports_of_forked_data(part: str) -> tuple[tuple[str, str | bytes], ...]:
    release, releases = _EXPORTING
    return exports(release, releases, part)


def navigation(release: Release) -> list:
    """The nav: home, each chapter with its sections' topics, the flows, the hand-written pages. Material
    prints titles unescaped, so they are escaped here."""
    nav: list = [{"Home": "index.md"}]

    def sections(chapter: Chapter) -> list:
        return [
            {
                escape(section.title): [
                    {escape(release.topic(topic_id).nav_title): urls.page_file(urls.topic(topic_id))}
                    for topic_id in section.topics
                ]
            }
            for section in chapter.sections
        ]

    if len(release.chapters) == 1:  # its chapter's page, then its sections as they always stood
        (chapter,) = release.chapters
        nav.append({escape(chapter.label): urls.page_file(urls.chapter(chapter.id))})
        nav += sections(chapter)
    else:  # each chapter its own navigation: its page, then its sections
        for chapter in release.chapters:
            nav.append({escape(chapter.label): [{"About this chapter": urls.page_file(urls.chapter(chapter.id))}, *sections(chapter)]})
    flow_pages = [{escape(flow.title): urls.page_file(urls.flow(flow.id))} for flow in release.flows]
    nav.append({"Decision flows": ["flows.md", *flow_pages]})
    if release.recommendation_map is not None:
        nav.append({"Recommendation map": urls.page_file(urls.MAP)})
    nav += [
        {"All recommendations": "recommendations.md"},
        {"Grades explained": "grades.md"},
        {"Glossary": "glossary.md"},
        {"What changed": "changes.md"},
        {"Using the data": "data.md"},
        {"Preparing the next release": "editors.md"},
    ]
    return nav


def material_search_worker() -> str | None:
    """Material's search worker script as its pages name it (`assets/javascripts/workers/search.<hash>.min.js`),
    found in the installed theme without importing it; None where there is not exactly one."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = []
    for location in spec.submodule_search_locations:
        found += sorted((Path(location) / "templates/assets/javascripts/workers").glob("search.*.min.js"))
    return f"assets/javascripts/workers/{found[0].name}" if len(found) == 1 else None


def engine_config(release: Release, options: Options, work: Path, base: dict | None = None) -> dict:
    """The project's mkdocs.yml (`base`) completed for one release: a plain mapping any engine reads.

    `work` is the tree's folder: pymdownx.snippets resolves its base path from the working directory,
    so the abbreviations' folder is named absolutely."""
    config = dict(base if base is not None else yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8")))
    if "hooks" in config:
        raise ValueError(f"{BASE_CONFIG}: `hooks:` is not allowed, the generator writes every page (remove it)")
    config["site_name"] = escape(f"{release.metadata.title} · {release.id}")
    config["site_description"] = f"{release.metadata.title}, release {release.id}"  # escaped by overrides/main.html
    config["copyright"] = escape(f"{release.printed.copyright.text} · {release.printed.version.text}")
    if options.site_url:
        config["site_url"] = f"{options.site_url}{release.id}/"
    config["docs_dir"] = "docs"
    config["use_directory_urls"] = options.directory_urls
    config["theme"] = {**config["theme"], "custom_dir": "overrides"}
    extra = dict(config.get("extra") or {})
    if options.offline:
        # One release opened from disk: no version selector (no versions.json to fetch from file://),
        # and the search worker's shim from this site instead of unpkg.
        extra["version"] = None
        polyfills = [script for script in extra.get("polyfills", []) if "iframe-worker" not in str(script)]
        extra["polyfills"] = [*polyfills, IFRAME_WORKER[0]]
    extra.update(
        release_id=release.id,
        release_status=release.metadata.status,
        latest_id=options.latest,
        release_is_latest=release.id == options.latest,
    )
    if len(release.chapters) > 1:  # the chapter search loads first on a release-wide page (overrides/main.html)
        extra["search_chapter"] = release.chapters[0].id
    worker = material_search_worker()
    if worker and not options.offline:  # started from the page's head (docs/assets/search-query.js)
        extra["search_worker"] = worker
    config["extra"] = extra
    plugins = []
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "offline" in plugin:
            plugin = {"offline": {**(plugin["offline"] or {}), "enabled": options.offline}}
        plugins.append(plugin)
    config["plugins"] = plugins
    snippets = {"base_path": [str(work / Path(ABBREVIATIONS).parent)], "auto_append": [Path(ABBREVIATIONS).name], "check_paths": True}
    config["markdown_extensions"] = [*config.get("markdown_extensions", []), {"pymdownx.snippets": snippets}]
    config["nav"] = navigation(release)
    return config


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the block; put back what was there before."""
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


def example_outputs(data_root: Path, release_id: str, published: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """What each docs/examples/*.py prints for this release, and the traceback of each that fails
    (macros.api.open_release reads GUIDELINE_DATA/GUIDELINE_RELEASE, as a reader's script would).
    Run here, once: a page shows some examples only where the release has, say, cases. With
    `published` (the folder the build wrote data/ into), macros.api.published_data reads the build's
    files there: the FHIR bundle of 26 chapters is not written a second time (2.8 s)."""
    outputs: dict[str, str] = {}
    errors: dict[str, str] = {}
    with environment(GUIDELINE_DATA=str(data_root), GUIDELINE_RELEASE=release_id, GUIDELINE_PUBLISHED=published):
        for path in sorted(EXAMPLES.glob("*.py")):
            try:
                outputs[path.name] = run_example(path.name)
            except Exception:  # kept, raised where a page shows this example
                errors[path.name] = traceback.format_exc()
    return outputs, errors


def write_if_changed(path: Path, payload: bytes) -> bool:
    """Write `payload` unless the file already holds it (atomically: aside, then renamed). True if written."""
    if path.is_file() and path.stat().st_size == len(payload) and path.read_bytes() == payload:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial_path = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial_path.write_bytes(payload)
    os.replace(partial_path, path)
    return True


def tree_files(
    work: Path, data_root: Path, release: Release, releases: tuple[Release, ...], options: Options
) -> dict[str, Callable[[], bytes]]:
    """Every file of the release's input tree: relative path -> its bytes (read or rendered on demand)."""
    files: dict[str, Callable[[], bytes]] = {}

    def copy(source: Path) -> Callable[[], bytes]:
        return source.read_bytes

    for folder, target in ((REPO / "docs", "docs"), (REPO / "overrides", "overrides")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"{target}/{path.relative_to(folder).as_posix()}"] = copy(path)
    generated_uris = []
    # The exports are written in two other processes while this one writes the pages: the FHIR bundle in
    # one (2.8 s at 26 chapters), the other files in the other (1.8 s), the pages here (2 s); all pure
    # functions of the loaded data. Forked, as the build's own workers are (scripts/sitebuild.py), so
    # they start with the data loaded.
    # The forked processes find the data in _EXPORTING, not in pickled arguments: a pickler thread would
    # read the release while this thread fills its cached lookups ("dictionary changed size").
    _EXPORTING[:] = [release, releases]
    try:
        with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as other_processes:
            exported = [other_processes.submit(_exports_of_forked_data, part) for part in ("other", "fhir")]
            for uri, text in generated_pages(release, releases, options.site_url, options.directory_urls):
                files[f"docs/{uri}"] = text.encode("utf-8")
                generated_uris.append(uri)
            for part in exported:
                for uri, content in part.result():
                    files[f"docs/{uri}"] = content if isinstance(content, bytes) else content.encode("utf-8")
    finally:
        _EXPORTING.clear()
    vendored = dict(VENDOR)
    if options.offline:
        vendored[IFRAME_WORKER[0]] = IFRAME_WORKER[1]
    for uri, source in vendored.items():
        if not source.is_file():
            raise RuntimeError(f"{source} is missing: run `npm ci` (make does) to install the pinned front-end assets")
        files[f"docs/{uri}"] = copy(source)
    files[ABBREVIATIONS] = abbreviation_definitions(release).encode("utf-8") + b"\n"
    # The editorial vocabulary's words (guideline-wide) that lead to terms this release prints.
    files[VOCABULARY_SCRIPT] = vocabulary_script(load_vocabulary(data_root), release).encode("utf-8")
    config = engine_config(release, options, work)
    files["mkdocs.yml"] = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=10_000).encode("utf-8")
    files[SHIM] = SHIM_TEXT.format(root=str(REPO)).encode("utf-8")
    order = generated_uris
    files[PAGE_ORDER] = (json.dumps(order, indent=0) + "\n").encode("utf-8")
    # Always written (no stale map where a release's chapters became one): pages {} means one index.
    parts = {"chapters": [chapter.id for chapter in release.chapters], "pages": search_chapters(release)}
    files[PAGE_CHAPTERS] = (json.dumps(parts, indent=0, sort_keys=True) + "\n").encode("utf-8")
    snapshot = MacroData(
        release,
        history.changes_since_previous(releases, release),
        str(Path(data_root).resolve()),
        tags=history.change_tags(releases, release),
        vocabulary=release_vocabulary(load_vocabulary(data_root), release),
    )
    files[SNAPSHOT] = pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)
    return {path: (value if callable(value) else (lambda value=value: value)) for path, value in files.items()}


def write_tree(
    work: Path, data_root: Path, release: Release, releases: tuple[Release, ...], options: Options
) -> tuple[Path, int]:
    """Write the release's input tree into `work`; returns (its mkdocs.yml, number of files rewritten).

    Unchanged files keep their bytes and times; files the tree no longer has are removed (a built
    site folder inside `work`, e.g. Zensical's `site/`, is left alone).
    """
    files = tree_files(work, data_root, release, releases, options)
    written = sum(write_if_changed(work / path, payload()) for path, payload in files.items())
    for folder in ("docs", "overrides", "snippets"):
        for path in sorted((work / folder).rglob("*"), reverse=True):
            relative = path.relative_to(work).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return work / "mkdocs.yml", written


def search_index_in_page_order(index: dict, generated_order: list[str]) -> dict:
    """MkDocs' search index with the hand-written pages first (as the engine lists them) and then the
    generated pages in generation order (topics, sources, recommendations, ...): the order pages had
    when they were added to the build after docs/. Search ranks ties by this order, so it is fixed
    here, not left to how an engine sorts files on disk. `index` is search_index.json's document;
    `generated_order` the generated pages' files (`r/x.md`), matched with directory URLs (`r/x/`)
    and without them (`r/x.html`, the offline bundle)."""
    position = {uri: number for number, uri in enumerate(generated_order)}

    def key(entry: dict) -> tuple[int, int]:
        url = entry["location"].split("#", 1)[0]
        uri = (url.removesuffix(".html") if url.endswith(".html") else url.removesuffix("/")) + ".md"
        return (1, position[uri]) if uri in position else (0, 0)

    return {**index, "docs": sorted(index["docs"], key=key)}


def load_snapshot(folder: Path) -> MacroData:
    """The snapshot write_tree left next to the engine configuration in `folder`."""
    return pickle.loads((folder / SNAPSHOT).read_bytes())


def config_folder(conf: Mapping) -> Path:
    """The folder of the engine configuration: MkDocs and ProperDocs give `config_file_path`, Zensical
    a plain dict with `root_dir`. KeyError names both when neither is there."""
    if conf.get("config_file_path"):
        return Path(conf["config_file_path"]).resolve().parent
    if conf.get("root_dir"):
        return Path(conf["root_dir"]).resolve()
    raise KeyError("the engine configuration has neither config_file_path nor root_dir: cannot find the snapshot")


@cache
def _snapshot(folder: Path, stamp: tuple[int, int]) -> MacroData:
    return load_snapshot(folder)


def snapshot_for(conf: Mapping) -> MacroData:
    """The generator's snapshot next to the configuration (read once per version of the file)."""
    folder = config_folder(conf)
    stat = (folder / SNAPSHOT).stat()
    return _snapshot(folder, (stat.st_mtime_ns, stat.st_size))
