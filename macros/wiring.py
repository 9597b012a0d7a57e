"""Wiring only (mkdocs-macros' `define_env`): the macros the hand-written pages in docs/ call. Pages pass ids, never data.

Pages generated from the data (topics, recommendations, sources, flows, cases, print) are written
as files by macros/generate.py, which also leaves next to the engine configuration the snapshot
these macros read: the engine process never loads or validates the data again. Abbreviations reach
every page through pymdownx.snippets (auto_append), not through a macros hook.
"""

from __future__ import annotations

from .examples import example_html
from .generate import config_folder, snapshot_for
from .render import changes as changes_page
from .render import flows, pages
from .render.glossary import glossary, search_vocabulary


def define_env(env) -> None:
    """mkdocs-macros' entry point; Zensical calls it once per page with a plain-dict `env.conf`."""
    data = snapshot_for(env.conf)
    release, changes = data.release, data.changes
    env.variables["release_id"] = release.id
    env.variables["release_title"] = release.metadata.title
    env.variables["release_chapter_count"] = len(release.chapters)
    env.variables["release_chapter_titles"] = "; ".join(chapter.title for chapter in release.chapters)
    env.variables["release_has_cases"] = bool(release.cases)
    env.variables["release_has_flows"] = bool(release.flows)
    env.variables["release_has_changes"] = changes is not None
    env.variables["release_has_map"] = release.recommendation_map is not None

    def page_url() -> str:
        page = getattr(env, "page", None)
        return (page.url if page else "") or ""

    env.macro(lambda: pages.release_overview(release, page_url()), "release_overview")
    env.macro(lambda: pages.grading_definitions(release), "grading_definitions")
    env.macro(lambda: pages.all_recommendations_table(release, page_url(), data.tags), "all_recommendations_table")
    env.macro(lambda: glossary(release), "glossary")
    env.macro(lambda: search_vocabulary(data.vocabulary), "search_vocabulary")
    env.macro(lambda: flows.flows_overview(release, page_url()), "flows_overview")
    env.macro(lambda: changes_page.release_changes(changes, page_url(), release), "release_changes")
    published = str(config_folder(env.conf) / "docs")  # the tree's docs/, where the build wrote data/
    env.macro(lambda name: example_html(name, page_url(), data.example_output(name, published)), "python_example")
