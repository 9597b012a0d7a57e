"""MkDocs hooks (standard 1.x events only): navigation from data, generated pages and exports.

Loaded by path from mkdocs.yml, so the project root is put on sys.path to import `macros`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jinja2
from mkdocs.structure.files import File, Files

from macros import editorial, history
from macros.compare import comparison_document
from macros.export import (
    changes_schema_text,
    flows_json,
    flows_schema_text,
    recommendations_csv,
    release_json,
    schema_text,
)
from macros.fhir_export import fhir_json
from macros.history import changes_since_previous
from macros.index import graded_recommendations
from macros.pagecache import Mode, generated_page
from macros.releases import current_successor, retired_until
from macros.render import describe, flows, pages
from macros.render.flows import case_url, flow_url
from macros.render.links import recommendation_url, relative_url, topic_url
from macros.searchindex import normalised_index
from macros.site import all_releases, data_root, latest_release_id, offline_build, public_site_url, release_for

REPO = Path(__file__).resolve().parent.parent
SEARCH_EXCLUDED = "search:\n  exclude: true\n"
VENDOR = {
    "assets/vendor/tablesort.min.js": REPO / "node_modules/tablesort/dist/tablesort.min.js",
    "assets/vendor/tablesort.number.min.js": REPO / "node_modules/tablesort/dist/sorts/tablesort.number.min.js",
    "assets/vendor/mermaid.min.js": REPO / "node_modules/mermaid/dist/mermaid.min.js",
}
# Material's offline plugin loads this Web Worker shim (search from file://) from unpkg by default.
IFRAME_WORKER = ("assets/vendor/iframe-worker/shim.js", REPO / "node_modules/iframe-worker/shim/index.js")

RECOMMENDATION_BOOST = 4  # a recommendation's own page comes before the slide that lists it


def search_front_matter(terms: tuple[str, ...], boost: int | None) -> str:
    """Front matter for search: editorial terms as Material's search tags (weighed like a title, see
    mkdocs.yml) and a page boost. JSON is YAML, so any term is quoted safely."""
    front = f"search:\n  boost: {boost}\n" if boost else ""
    return front + (f"tags: {json.dumps(list(terms))}\n" if terms else "")


def on_config(config):
    """Site name, copyright and navigation from the data; Material prints these unescaped, so escape here."""
    release = release_for(config)
    config.site_name = escape(f"{release.metadata.title} · {release.id}")
    config.site_description = f"{release.metadata.title}, release {release.id}"  # escaped by overrides/main.html
    config.copyright = escape(f"{release.metadata.printed.copyright.text} · {release.metadata.printed.version.text}")
    latest = latest_release_id() or release.id
    if str(data_root(config)) not in map(str, config.watch):
        config.watch.append(str(data_root(config)))  # `mkdocs serve` rebuilds when the data changes
    if offline_build():
        # One release opened from disk: no version selector (no versions.json to fetch from file://),
        # and the search worker's shim from this site instead of unpkg.
        config.extra["version"] = None
        polyfills = [script for script in config.extra.get("polyfills", []) if "iframe-worker" not in str(script)]
        config.extra["polyfills"] = [*polyfills, IFRAME_WORKER[0]]
    config.extra["release_id"] = release.id
    config.extra["release_status"] = release.metadata.status
    config.extra["latest_id"] = latest
    config.extra["release_is_latest"] = release.id == latest
    nav = [{"Home": "index.md"}]
    for section in release.sections:
        nav.append(
            {
                escape(section.title): [
                    {escape(release.topic(topic_id).nav_title): f"{topic_url(topic_id).rstrip('/')}.md"}
                    for topic_id in section.topics
                ]
            }
        )
    flows = [{escape(flow.title): f"{flow_url(flow.id).rstrip('/')}.md"} for flow in release.flows]
    nav.append({"Decision flows": ["flows.md", *flows]})
    nav += [
        {"All recommendations": "recommendations.md"},
        {"Grades explained": "grades.md"},
        {"Glossary": "glossary.md"},
        {"What changed": "changes.md"},
        {"Using the data": "data.md"},
        {"Preparing the next release": "editors.md"},
    ]
    config.nav = nav
    return config


class PrintedUndefined(jinja2.Undefined):
    """Printing an undefined name from this project's templates (overrides/) fails the build: a
    misspelt `{{ config.extra.relase_id }}` would otherwise print nothing on every page.

    Testing one stays allowed (`{% if page.meta.hide %}`). Material's own templates print undefined
    names on purpose (`{{ hidden }}`, `{{ page.title }}` on its 404 page) and keep Jinja's default.
    """

    __slots__ = ()
    custom_dir = REPO / "overrides"  # the theme's custom_dir, set by on_env

    def __str__(self) -> str:
        frame = sys._getframe(1)
        while frame is not None and not frame.f_code.co_filename.endswith(".html"):
            frame = frame.f_back
        if frame is not None and Path(frame.f_code.co_filename).resolve().is_relative_to(self.custom_dir):
            self._fail_with_undefined_error()
        return ""


def on_env(env, config, files):
    """The theme's Jinja environment (Material and overrides/): printing an undefined name is an error."""
    PrintedUndefined.custom_dir = Path(config.theme.custom_dir).resolve()
    env.undefined = PrintedUndefined
    return env


def on_startup(*, command: str, dirty: bool) -> None:
    """`mkdocs serve --dirty` (make preview): keep generated pages on disk so unchanged ones are skipped."""
    Mode.dirty = command == "serve" and dirty


def _page(config, uri: str, body: str, front_matter: str = "") -> File:
    """A generated page, already rendered: the macros plugin only appends the abbreviations to it."""
    front = "render_macros: false\n" + front_matter
    return generated_page(config, uri, f"---\n{front}---\n\n{body}\n", config.extra["release_id"])


def _url(uri: str, directory_urls: bool = True) -> str:
    """The page URL MkDocs gives a generated Markdown file: `r/x/`, or `r/x.html` without directory URLs."""
    return uri.removesuffix(".md") + ("/" if directory_urls else ".html")


def on_files(files: Files, config) -> Files:
    """Every page that comes from the data, rendered once here by the pure functions of macros/render/."""
    release, releases = release_for(config), all_releases(config)
    found = history.markers(releases, release)
    generated: list[tuple[str, Callable[[str], str], str]] = []
    for topic in release.topics:
        terms = editorial.topic_search_terms(release, topic.id)
        # A slide with editorial search terms is a clinical situation's own page: it weighs as much as a
        # recommendation, so for its common names it comes first, then its recommendations.
        front = search_front_matter(terms, RECOMMENDATION_BOOST if terms else None)
        generated.append(
            (
                f"{topic_url(topic.id).rstrip('/')}.md",
                partial(pages.topic_page, release, topic.id, markers=found),
                front + describe.front_matter(describe.topic_description(release, topic.id)),
            )
        )
        generated.append(
            (
                f"source/slide-{topic.slide:02d}.md",
                partial(pages.source_view, release, topic.slide),
                SEARCH_EXCLUDED + describe.front_matter(describe.source_description(release, topic.slide)),
            )
        )
    for indexed in graded_recommendations(release):
        page = partial(_recommendation_page, release, releases, indexed.id, found.get(indexed.id, ""))
        front = search_front_matter(editorial.recommendation_search_terms(release, indexed.id), RECOMMENDATION_BOOST)
        front += describe.front_matter(describe.recommendation_description(release, indexed.id))
        generated.append((f"{recommendation_url(indexed.id).rstrip('/')}.md", page, front))
    diagram = "mermaid: true\n"  # overrides/main.html loads Mermaid on these pages only
    print_front = SEARCH_EXCLUDED + (diagram if release.flows else "")  # the PDF prints the flows' diagrams
    print_front += describe.front_matter(describe.print_description(release))
    generated.append(("print.md", partial(pages.print_all, release, markers=found), print_front))
    for flow in release.flows:
        front = diagram + describe.front_matter(describe.flow_description(release, flow.id))
        generated.append((f"{flow_url(flow.id).rstrip('/')}.md", partial(flows.flow_page, release, flow.id), front))
    for case in release.cases:
        front = diagram + describe.front_matter(describe.case_description(release, case.id))
        generated.append((f"{case_url(case.id).rstrip('/')}.md", partial(flows.case_page, release, case.id), front))
    retired = retired_until(releases, release)
    for old_id in sorted(retired):
        successor = current_successor(release, retired, old_id)
        target = relative_url(_url(f"r/{old_id}.md", config.use_directory_urls), recommendation_url(successor or ""))
        front = SEARCH_EXCLUDED + (f"redirect: {target}\n" if successor else "")
        front += describe.front_matter(describe.retired_description(old_id, *retired[old_id][:2]))
        last = pages.last_carrier(releases, old_id, retired[old_id][0])
        page = partial(pages.retired_page, release, old_id, *retired[old_id][:2], successor, last=last)
        generated.append((f"r/{old_id}.md", page, front))
    for uri, render, front in generated:
        files.append(_page(config, uri, render(page_url=_url(uri, config.use_directory_urls)), front))
    files.append(File.generated(config, "data/guideline.json", content=release_json(release)))
    files.append(File.generated(config, "data/recommendations.csv", content=recommendations_csv(release)))
    files.append(File.generated(config, "data/fhir-bundle.json", content=fhir_json(release, releases)))
    if release.flows:
        files.append(File.generated(config, "data/flows.json", content=flows_json(release)))
        files.append(File.generated(config, "data/flows.schema.json", content=flows_schema_text()))
    comparison = changes_since_previous(releases, release)
    if comparison is not None:
        files.append(
            File.generated(
                config,
                "data/changes.json",
                content=json.dumps(comparison_document(comparison), indent=1, ensure_ascii=False) + "\n",
            )
        )
        files.append(File.generated(config, "data/changes.schema.json", content=changes_schema_text()))
    files.append(File.generated(config, "data/guideline.schema.json", content=schema_text()))
    for uri, path in VENDOR.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    if offline_build():
        files.append(File.generated(config, IFRAME_WORKER[0], abs_src_path=str(IFRAME_WORKER[1])))
    return files


def _recommendation_page(release, releases, recommendation_id: str, marker: str, page_url: str) -> str:
    history_rows = history.history(releases, release, recommendation_id)
    return pages.recommendation_page(release, recommendation_id, page_url, marker, history_rows, public_site_url())


def on_post_build(config) -> None:
    """After Material's search plugin wrote the index: one spelling per character (macros/searchindex.py).
    Runs before the offline plugin inlines the index (its on_post_build has priority -100)."""
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        index.write_text(normalised_index(index.read_text(encoding="utf-8")), encoding="utf-8")
