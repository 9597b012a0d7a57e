"""Footnote conditions and slide cautions travel with every recommendation: JSON, CSV, FHIR, pages, lists,
flows, cases, citations and search; every item with a marker or on a slide with a caution, not a sample."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from macros.conditions import conditions, footnotes_of, topic_cautions
from macros.export import recommendations_csv, release_document
from macros.fhir_export import fhir_json
from macros.index import all_items, graded_recommendations
from macros.load import DATA_ROOT, load_all
from macros.model import NoteBlock

RELEASES = load_all(DATA_ROOT)
REAL = next(r for r in RELEASES if r.id == "2024.1E")
GRADED = {indexed.id: indexed for indexed in graded_recommendations(REAL)}
# Counted from the data as the slides print it, not through macros/conditions.py.
MARKED = {
    item.id: [f for f in topic.footnotes if f.marker in item.footnote_refs]
    for topic, _, item, _ in all_items(REAL)
    if item.footnote_refs and item.id in GRADED
}
CAUTIONED = {
    indexed.id: [b.text for b in indexed.topic.blocks if isinstance(b, NoteBlock) and b.kind == "caution"]
    for indexed in GRADED.values()
    if any(isinstance(b, NoteBlock) and b.kind == "caution" for b in indexed.topic.blocks)
}
WITH_CONDITIONS = sorted(set(MARKED) | set(CAUTIONED))
CSV_ROWS = {row["id"]: row for row in csv.DictReader(io.StringIO(recommendations_csv(REAL).removeprefix("\ufeff")))}
JSON_ENTRIES = {entry["id"]: entry for entry in release_document(REAL)["recommendations"]}
FHIR = json.loads(fhir_json(REAL, RELEASES))
USAGE = {
    resource["identifier"][0]["value"]: resource.get("usage", "").replace("\\", "")
    for resource in (entry["resource"] for entry in FHIR["entry"])
    if resource["resourceType"] == "PlanDefinition" and resource["status"] == "active"
}


def _words(expected: str) -> str:
    return " ".join(expected.split())


def _text(markup: str) -> str:
    """Visible words of an HTML fragment, whitespace collapsed (what a reader or the search sees)."""
    inline = re.sub(r"</?(?:abbr|a|em|strong|code)\b[^>]*>", "", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def _expected(recommendation_id: str) -> list[str]:
    footnotes = [f"Footnote {f.marker}: {_words(f.text)}" for f in MARKED.get(recommendation_id, [])]
    return footnotes + [f"Caution printed on the slide: {_words(text)}" for text in CAUTIONED.get(recommendation_id, [])]


def test_the_real_release_has_twelve_items_with_markers_and_seven_under_a_caution():
    """The figures the issue names: 12 graded items end in a footnote marker; the radionuclides slide's 7 share a caution."""
    assert (len(MARKED), len(CAUTIONED), len(WITH_CONDITIONS)) == (12, 7, 19)


@pytest.mark.parametrize("recommendation_id", WITH_CONDITIONS)
def test_conditions_are_in_the_json_csv_and_fhir(recommendation_id):
    """Each footnote's and caution's words: in guideline.json, the CSV's footnotes/cautions columns, the FHIR usage."""
    footnotes = MARKED.get(recommendation_id, [])
    cautions = CAUTIONED.get(recommendation_id, [])
    entry = JSON_ENTRIES[recommendation_id]
    assert {(f.marker, f.text) for f in footnotes} <= {(f["marker"], f["text"]) for f in entry["footnotes"]}
    assert [c["text"] for c in entry["cautions"]] == cautions
    row = CSV_ROWS[recommendation_id]
    for footnote in footnotes:
        assert f"Footnote {footnote.marker}: {footnote.text}" in row["footnotes"]
    assert row["cautions"] == "; ".join(cautions)
    for expected in _expected(recommendation_id):
        assert expected in USAGE[recommendation_id]


def test_items_without_conditions_have_empty_columns_and_no_usage():
    """No condition is invented: the other items' footnote and caution cells are empty, no FHIR usage."""
    others = set(GRADED) - set(WITH_CONDITIONS)
    assert len(others) == len(GRADED) - 19
    for recommendation_id in others:
        assert (CSV_ROWS[recommendation_id]["footnotes"], CSV_ROWS[recommendation_id]["cautions"]) == ("", "")
        assert USAGE[recommendation_id] == ""


def test_a_footnote_on_a_title_or_a_parent_concerns_the_items_beneath():
    """Markers print on the item, its parents, its list heading or the slide title; all of them concern it."""
    for indexed in GRADED.values():
        markers = {c.marker for c in footnotes_of(indexed.topic, indexed.id)}
        assert set(indexed.recommendation.footnote_refs) <= markers
        assert set(indexed.topic.title.footnote_refs) <= markers
    assert all(len(topic_cautions(GRADED[rid].topic)) == 1 for rid in CAUTIONED)


@pytest.mark.parametrize("recommendation_id", WITH_CONDITIONS)
def test_recommendation_page_statement_citation_and_search_carry_the_conditions(built_site: Path, recommendation_id):
    """The page's statement paragraph (what search shows) and its citation say each condition in words."""
    page = (built_site / f"2024.1E/r/{recommendation_id}/index.html").read_text(encoding="utf-8")
    statement = _text(re.search(r'<blockquote class="rec-statement">(.*?)</blockquote>', page, re.DOTALL)[1])
    citation = _text(re.search(r'<p class="cite-this"[^>]*>(.*?)</p>', page, re.DOTALL)[1])
    index = json.loads((built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8"))
    paragraphs = [
        _text(doc["text"]) for doc in index["docs"] if doc["location"] == f"r/{recommendation_id}/" and doc["text"]
    ]
    found = [p for p in paragraphs if _words(GRADED[recommendation_id].text) in p]
    assert found, "the search indexes the recommendation's words"
    for expected in _expected(recommendation_id):
        assert expected in statement
        assert expected in citation
        assert all(expected in paragraph for paragraph in found)


def test_all_recommendations_flows_and_cases_list_every_condition(built_site: Path):
    """Each row of All recommendations, and every map, flow step or case entry listing it, says the conditions."""
    listing = (built_site / "2024.1E/recommendations/index.html").read_text(encoding="utf-8")
    rows = {
        re.search(r'href="\.\./r/([^/]+)/"', row)[1]: _text(row)
        for row in re.findall(r"<tr [^>]*data-topic=.*?</tr>", listing, re.DOTALL)
    }
    assert len(rows) == len(GRADED)
    checked = 0
    for recommendation_id in WITH_CONDITIONS:
        for expected in _expected(recommendation_id):
            assert expected in rows[recommendation_id]
    recmap = (built_site / "2024.1E/map/index.html").read_text(encoding="utf-8")
    for entry in re.findall(r'<li class="recmap-item" data-recommendation=.*?</li>', recmap, re.DOTALL):
        recommendation_id = re.search(r'data-recommendation="([^"]+)"', entry)[1]
        for expected in _expected(recommendation_id):
            assert expected in _text(entry), ("map", recommendation_id)
            checked += 1
    pages = [(f"flows/{flow.id}", flow.id) for flow in REAL.flows] + [(f"cases/{case.id}", case.id) for case in REAL.cases]
    for path, _ in pages:
        page = (built_site / f"2024.1E/{path}/index.html").read_text(encoding="utf-8")
        for entry in re.findall(r'<li><a href="\.\./\.\./r/[^"]+".*?</li>', page, re.DOTALL):
            recommendation_id = re.search(r'r/([^/]+)/"', entry)[1]
            for expected in _expected(recommendation_id):
                assert expected in _text(entry), (path, recommendation_id)
                checked += 1
    assert checked >= 2 * len(WITH_CONDITIONS)  # the map lists each at least once, flows and cases more


def test_the_csv_says_what_its_condition_columns_hold(built_site: Path):
    """The published CSV has the footnotes and cautions columns, for every graded item."""
    text = (built_site / "2024.1E/data/recommendations.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(GRADED)
    assert sum(bool(row["footnotes"]) for row in rows) == 12
    assert sum(bool(row["cautions"]) for row in rows) == 7
    assert all(conditions(REAL, GRADED[row["id"]]) or not (row["footnotes"] or row["cautions"]) for row in rows)
