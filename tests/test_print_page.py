"""The print page's heading ids come from the data's topic ids: stable, distinct, never a title's slug."""

from __future__ import annotations

import dataclasses
import html
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
    (chapter,) = minimal_release.chapters
    release = dataclasses.replace(minimal_release, chapters=(dataclasses.replace(chapter, topics=topics),))
    ids = _h2_ids(render(pages.print_all(release, "print/")))
    assert ids == [f"topic-{topic.id}" for topic in topics]
    reordered = dataclasses.replace(release, chapters=(dataclasses.replace(chapter, topics=topics[::-1]),))
    assert _h2_ids(render(pages.print_all(reordered, "print/"))) == ids[::-1]  # not by position


def test_built_print_page_has_one_id_per_topic_and_no_duplicate(built_site, release):
    """On the real print page every slide heading is topic-<id> and no id occurs twice."""
    html = (built_site / "2024.1E/print/index.html").read_text(encoding="utf-8")
    assert _h2_ids(html) == [f"topic-{topic.id}" for topic in release.topics]
    counts = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in counts.items() if count > 1] == []


def test_the_print_page_explains_every_grade_before_the_first_slide(release):
    """The PDF's source holds every grade's definition from grading.yaml, before the first slide."""
    body = pages.print_all(release, "print/")
    first_slide = body.index(f"{{ #topic-{release.topics[0].id} }}")
    explained = body.index("## Grades explained")
    assert explained < first_slide
    for scale in ("loe", "gr", "ago"):
        for grade in getattr(release.grading, scale).values:
            assert body.index(f'id="{scale}-', explained) < first_slide
            assert html.escape(grade.meaning) in body[explained:first_slide]


def test_the_cover_closes_the_copyright_once(release):
    """'© AGO e. V. ... DKG e.V.' then a new sentence: never 'e.V..'."""
    cover = re.search(r'<p class="print-cover">(.*?)</p>', pages.print_all(release, "print/"), re.S)[1]
    assert "e.V.." not in cover
    assert f"{release.printed.copyright.text} Reproduced for professional reference" in cover


def test_a_grade_outside_the_scale_is_explained_once_on_its_page(release):
    """LoE 3c: the meaning from grading.yaml says it is not defined by Oxford 2009; no second note repeats it."""
    body = pages.recommendation_page(release, "bone-bisphosphonates-after-denosumab", "r/bone-bisphosphonates-after-denosumab/")
    table = re.search(r'<table class="grade-table".*?</table>', body, re.S)[0]
    shown = re.sub(r"<[^>]+>", " ", table)  # the words on the page, not the badge's name and tooltip
    assert shown.count("Not defined by the Oxford 2009 levels") == 1
    assert "Editorial note: printed as such in the source" not in body
