"""Wiring only: the macros the hand-written pages in docs/ call. Pages pass ids, never data.

Pages generated from the data (topics, recommendations, sources, flows, cases, print) are rendered
by the same pure functions in macros/hooks.py, which knows their URLs before MkDocs does.
"""

from __future__ import annotations

from . import history
from .examples import example_html
from .render import flows, pages
from .render.glossary import abbreviation_definitions, glossary
from .site import all_releases, release_for


def define_env(env) -> None:
    release = release_for(env.conf)
    releases = all_releases(env.conf)
    env.variables["release_id"] = release.id
    env.variables["release_title"] = release.metadata.title
    env.variables["release_has_cases"] = bool(release.cases)
    env.variables["release_has_flows"] = bool(release.flows)
    env.variables["release_has_changes"] = history.changes_since_previous(releases, release) is not None
    env.variables["_abbreviations"] = abbreviation_definitions(release)

    def page_url() -> str:
        return env.page.url if env.page else ""

    env.macro(lambda: pages.release_overview(release, page_url()), "release_overview")
    env.macro(lambda: pages.grading_definitions(release), "grading_definitions")
    env.macro(lambda: pages.all_recommendations_table(release, page_url()), "all_recommendations_table")
    env.macro(lambda: glossary(release), "glossary")
    env.macro(lambda: flows.flows_overview(release, page_url()), "flows_overview")
    env.macro(
        lambda: pages.release_changes(history.changes_since_previous(releases, release), page_url(), release),
        "release_changes",
    )
    env.macro(lambda name: example_html(name, page_url()), "python_example")


def on_post_page_macros(env) -> None:
    """Every page gets the abbreviation definitions, so abbreviations explain themselves on hover."""
    env.markdown += "\n\n" + env.variables["_abbreviations"]
