"""Every page has a meta description, and a generated page's comes from its own data."""

from __future__ import annotations

import re
from html import unescape

from macros import urls
from macros.index import graded_recommendations
from macros.render import describe

_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def _descriptions(built_site) -> dict[str, list[str]]:
    root = built_site / "2024.1E"
    return {
        path.parent.relative_to(root).as_posix().replace(".", "", 1): [
            unescape(found) for found in _DESCRIPTION.findall(path.read_text(encoding="utf-8"))
        ]
        for path in root.rglob("index.html")
    }


def test_every_page_has_exactly_one_description(built_site):
    found = _descriptions(built_site)
    assert len(found) > 150
    assert {path: d for path, d in found.items() if len(d) != 1 or not d[0].strip()} == {}


def test_generated_pages_describe_their_own_data(built_site, release):
    """A recommendation's words and three grades, a slide's title, a flow's or case's title."""
    found = _descriptions(built_site)
    expected = {
        **{
            urls.recommendation(i.id).rstrip("/"): describe.recommendation_description(release, i.id)
            for i in graded_recommendations(release)
        },
        **{urls.topic(t.id).rstrip("/"): describe.topic_description(release, t.id) for t in release.topics},
        **{urls.source(release.chapter_of(t).id, t.slide).rstrip("/"): describe.source_description(release, t.id) for t in release.topics},
        **{urls.flow(f.id).rstrip("/"): describe.flow_description(release, f.id) for f in release.flows},
        **{urls.case(c.id).rstrip("/"): describe.case_description(release, c.id) for c in release.cases},
        "print": describe.print_description(release),
    }
    assert {path: found[path][0] for path in expected} == expected


def test_a_recommendation_description_carries_its_text_and_exact_grades(built_site, release):
    found = _descriptions(built_site)
    for indexed in graded_recommendations(release):
        description = found[f"r/{indexed.id}"][0]
        assert " ".join(indexed.text.split()) in description
        grades = f"(LoE {indexed.loe or 'not printed'}, GR {indexed.gr or 'not printed'}, AGO {indexed.ago or 'not printed'})"
        assert grades in description, indexed.id
