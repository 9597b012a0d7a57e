"""Wiring only: expose the renderers to the pages as macros. Pages pass ids, never data."""

from __future__ import annotations

from . import history
from .examples import example_html
from .releases import current_successor, retired_until
from .render import flows, pages
from .render.glossary import abbreviation_definitions, glossary
from .site import all_releases, release_for


def define_env(env) -> None:
    release = release_for(env.conf)
    releases = all_releases(env.conf)
    markers = history.markers(releases, release)
    env.variables["release_id"] = release.id
    env.variables["release_title"] = release.metadata.title

    def page_url() -> str:
        return env.page.url if env.page else ""

    env.macro(lambda topic_id: pages.topic_page(release, topic_id, page_url(), markers), "topic_page")
    env.macro(
        lambda recommendation_id: pages.recommendation_page(
            release,
            recommendation_id,
            page_url(),
            markers.get(recommendation_id, ""),
            history.history(releases, release, recommendation_id),
        ),
        "recommendation_page",
    )
    env.macro(lambda slide: pages.source_view(release, slide, page_url()), "source_view")
    env.macro(lambda: pages.release_overview(release, page_url()), "release_overview")
    env.macro(lambda: pages.grading_definitions(release), "grading_definitions")
    env.macro(lambda: pages.all_recommendations_table(release, page_url()), "all_recommendations_table")
    env.macro(lambda: glossary(release), "glossary")
    env.macro(lambda: pages.print_all(release, page_url(), markers), "print_all")
    env.macro(lambda flow_id: flows.flow_page(release, flow_id, page_url()), "flow_page")
    env.macro(lambda case_id: flows.case_page(release, case_id, page_url()), "case_page")
    env.macro(lambda: flows.flows_overview(release, page_url()), "flows_overview")
    env.macro(
        lambda: pages.release_changes(history.changes_since_previous(releases, release), page_url()), "release_changes"
    )
    retired = retired_until(releases, release)
    env.macro(
        lambda old_id: pages.retired_page(
            release, old_id, *retired[old_id][:2], current_successor(release, retired, old_id), page_url()
        ),
        "retired_page",
    )
    env.variables["release_has_cases"] = bool(release.cases)
    env.macro(lambda name: example_html(name, page_url()), "python_example")
    env.variables["_abbreviations"] = abbreviation_definitions(release)


def on_post_page_macros(env) -> None:
    """Every page gets the abbreviation definitions, so abbreviations explain themselves on hover."""
    env.markdown += "\n\n" + env.variables["_abbreviations"]
