"""The print page's heading ids come from the data's topic ids: stable, distinct, never a title's slug."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

from macros.render import pages
from tests.test_render import render


def _h2_ids(html: str) -> list[str]:
    """The slides' heading ids (the print page also carries the decision flows, with their own ids)."""
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids
    return [found for found in ids if found.startswith("topic-")]


@pytest.mark.parametrize(
    "titles",
    [("Bone health", "Bone health"), ("Age ≥ 70", "Age < 70"), ("x", "x_1")],
    ids=["same title twice", "titles that slug alike", "a title like a deduplicated slug"],
)
def test_print_page_heading_ids_are_the_topic_ids(minimal_release, titles):
    """Two slides with one title, or titles a slug would merge, still get one id each: topic-<id>."""
    topics = tuple(
        dataclasses.replace(topic, title=dataclasses.replace(topic.title, text=title))
        for topic, title in zip(minimal_release.topics, titles, strict=True)
    )
    release = dataclasses.replace(minimal_release, topics=topics)
    ids = _h2_ids(render(pages.print_all(release, "print/")))
    assert ids == [f"topic-{topic.id}" for topic in topics]
    reordered = dataclasses.replace(release, topics=topics[::-1])
    assert _h2_ids(render(pages.print_all(reordered, "print/"))) == ids[::-1]  # not by position


def test_built_print_page_has_one_id_per_topic_and_no_duplicate(built_site, release):
    """On the real print page every slide heading is topic-<id> and no id occurs twice."""
    html = (built_site / "2024.1E/print/index.html").read_text(encoding="utf-8")
    assert _h2_ids(html) == [f"topic-{topic.id}" for topic in release.topics]
    counts = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in counts.items() if count > 1] == []
