"""Change tags: each recommendation's tag agrees with the release comparison, on every page that shows it."""

from __future__ import annotations

import re

import pytest

from macros.compare import compare
from macros.history import change_tags
from macros.index import graded_recommendations
from macros.load import load_all
from macros.releaseorder import is_earlier
from tests.conftest import FIXTURES

RELEASES = FIXTURES / "releases"


def _pair(old: str, new: str):
    releases = load_all(RELEASES)
    by_id = {release.id: release for release in releases}
    return releases, by_id[old], by_id[new]


@pytest.mark.parametrize(("old", "new"), [("2016.1", "2019.1"), ("2019.1", "2020.1")])
def test_tags_match_the_release_comparison(old, new):
    """New iff added, reworded iff reworded, regraded iff regraded (the same scales, values and directions),
    unchanged otherwise, since the earliest release printing the same words and grades."""
    releases, before, after = _pair(old, new)
    comparison = compare(before, after)
    tags = change_tags(releases, after)
    assert set(tags) == {indexed.id for indexed in graded_recommendations(after)}
    reworded = {r.id for r in comparison.reworded}
    for recommendation_id, tag in tags.items():
        regrades = tuple(r for r in comparison.regraded if r.id == recommendation_id)
        assert (tag.kind == "new") == (recommendation_id in comparison.added), recommendation_id
        assert ("reworded" in tag.kind) == (recommendation_id in reworded), recommendation_id
        assert tag.regrades == regrades, recommendation_id
        if tag.kind != "unchanged":
            assert tag.release == new
        else:
            assert not is_earlier(old, tag.release)  # unchanged since the previous release or earlier
            assert recommendation_id not in comparison.changed_ids - {m.id for m in comparison.moved}


def test_tags_say_scale_direction_and_release():
    """The fixture's 2020.1 regrades and rewordings read as a reader sees them."""
    releases, _, release = _pair("2019.1", "2020.1")
    labels = {i: tag.label for i, tag in change_tags(releases, release).items()}
    assert labels["bp-bone-pain"] == "Regraded in 2020.1: AGO ++ → + (downgraded)"
    assert labels["dmab-progression-on-bp"] == "Regraded in 2020.1: AGO +/- → + (upgraded)"
    assert labels["bp-therapy-monitoring"] == "Reworded and regraded in 2020.1: AGO - → -- (downgraded)"
    assert labels["dmab-q12w"] == "New in 2020.1"
    assert labels["bp-hypercalcemia"] == "Unchanged since 2016.1"
    assert labels["bp-pain-control-alone"] == "Unchanged since 2019.1"  # moved to another slide: words and grades kept
    first = change_tags(releases, releases[0])
    assert {tag.label for tag in first.values()} == {"First release (2016.1)"}


def test_the_real_release_is_the_first_of_its_edition(release):
    """2024.1E has no earlier release: every tag says so, none claims a change."""
    tags = change_tags(load_all(FIXTURES.parent.parent / "guideline_data"), release)
    assert {tag.label for tag in tags.values()} == {"First release (2024.1E)"}


def _tag_texts(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r'class="change-tag[^"]*"[^>]*>(.*?)</span>', html)]


def test_every_page_that_lists_a_recommendation_shows_its_tag(releases_site):
    """2020.1's recommendation pages, slide pages, All recommendations and the print page carry the tag of the data."""
    import html as html_module

    releases, _, release = _pair("2019.1", "2020.1")
    tags = change_tags(releases, release)
    root = releases_site / "2020.1"
    for recommendation_id, tag in tags.items():
        page = (root / "r" / recommendation_id / "index.html").read_text(encoding="utf-8")
        assert [html_module.unescape(t) for t in _tag_texts(page)] == [tag.label], recommendation_id
    listing = (root / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert sorted(html_module.unescape(t) for t in _tag_texts(listing)) == sorted(t.label for t in tags.values())
    assert '<option value="regraded">regraded</option>' in listing
    printed = (root / "print" / "index.html").read_text(encoding="utf-8")
    assert sorted(html_module.unescape(t) for t in _tag_texts(printed)) == sorted(t.label for t in tags.values())


@pytest.mark.browser
def test_tags_in_the_browser_match_the_comparison(browser, releases_site, serve):
    """In Chromium, the 2020.1 slide tables show one tag per recommendation, agreeing with the comparison,
    and the All recommendations filter 'regraded' leaves exactly the regraded ones."""
    releases, before, after = _pair("2019.1", "2020.1")
    comparison = compare(before, after)
    base = serve(releases_site)
    page = browser.new_page()
    tags = change_tags(releases, after)
    for topic in after.topics:
        page.goto(f"{base}/2020.1/topics/{topic.id}/")
        shown = page.eval_on_selector_all(
            "tr.rec-graded", "rows => rows.map(r => [r.id, r.querySelector('.change-tag').textContent.trim()])"
        )
        for recommendation_id, text in shown:
            assert text == tags[recommendation_id].label
    page.goto(f"{base}/2020.1/recommendations/")
    page.select_option("select[data-filter=change]", "regraded")
    visible = page.eval_on_selector_all(
        "table.all-recs tbody tr:not([hidden]) a[href*='r/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert sorted(href.split("/")[-2] for href in visible) == sorted({r.id for r in comparison.regraded})
    page.close()
