"""Wiring only: expose the renderers to the pages as macros. Pages pass ids, never data."""

from __future__ import annotations

from .render import pages
from .render.glossary import abbreviation_definitions, glossary
from .site import release_for


def define_env(env) -> None:
    release = release_for(env.conf)
    env.variables["release_id"] = release.id
    env.variables["release_title"] = release.metadata.title

    def page_url() -> str:
        return env.page.url if env.page else ""

    env.macro(lambda topic_id: pages.topic_page(release, topic_id, page_url()), "topic_page")
    env.macro(
        lambda recommendation_id: pages.recommendation_page(release, recommendation_id, page_url()),
        "recommendation_page",
    )
    env.macro(lambda slide: pages.source_view(release, slide, page_url()), "source_view")
    env.macro(lambda: pages.release_overview(release, page_url()), "release_overview")
    env.macro(lambda: pages.grading_definitions(release), "grading_definitions")
    env.macro(lambda: pages.all_recommendations_table(release, page_url()), "all_recommendations_table")
    env.macro(lambda: glossary(release), "glossary")
    env.variables["_abbreviations"] = abbreviation_definitions(release)


def on_post_page_macros(env) -> None:
    """Every page gets the abbreviation definitions, so abbreviations explain themselves on hover."""
    env.markdown += "\n\n" + env.variables["_abbreviations"]
