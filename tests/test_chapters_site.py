"""A release of several chapters (tests/fixtures/chapters): it validates, builds, searches, prints and exports
chapter by chapter, and a reader always sees which chapter a recommendation belongs to."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from pathlib import Path

import jsonschema
import pytest

from macros import urls
from macros.export import recommendations_csv, release_document, schema_text
from macros.fhir_export import fhir_json
from macros.generate import page_chapters
from macros.index import graded_recommendations
from macros.load import load_all
from macros.releases import canonical_hash, read_lock
from tests.axe import AXE
from tests.conftest import REPO
from tests.searching import PARTIAL, WHOLE, first_answer, links
from tests.test_search import misstated_grades

CHAPTERS = Path(__file__).resolve().parent / "fixtures" / "chapters"
THREE, TWO = "2033.1", "2032.1"


def _release(release_id: str):
    return next(release for release in load_all(CHAPTERS) if release.id == release_id)


@pytest.fixture(scope="module")
def chapter_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both fixture releases built once."""
    from scripts.sitebuild import build_site

    out = tmp_path_factory.mktemp("chapters") / "site"
    build_site(out, CHAPTERS, use_cache=False, cache_root=out.parent / "cache")
    return out


def _page(site: Path, release_id: str, url: str) -> str:
    return (site / release_id / url / "index.html").read_text(encoding="utf-8")


def test_the_fixture_releases_validate_with_their_locks():
    """Two and three chapters; one SYNTHETIC chapter marked so in its title; ids unique across each release."""
    releases = load_all(CHAPTERS)
    assert [[c.id for c in r.chapters] for r in releases] == [
        ["osteooncology", "fixture"],
        ["osteooncology", "synthetic-bone-health", "synthetic-fragments"],
    ]
    assert read_lock(CHAPTERS) == {r.id: canonical_hash(r) for r in releases}
    assert all("SYNTHETIC" in c.title for c in releases[1].chapters[1:])
    for release in releases:
        ids = [i.id for i in graded_recommendations(release)]
        assert len(ids) == len(set(ids))


def test_slides_and_lines_count_per_chapter():
    """Every chapter's slides start at 1 and its topics tile its own source from line 1."""
    for chapter in _release(THREE).chapters:
        assert [t.slide for t in chapter.topics] == list(range(1, len(chapter.topics) + 1))
        assert chapter.topics[0].source_lines[0] == 1
        assert chapter.topics[-1].source_lines[-1] == len(chapter.source_lines)


def test_the_chapter_number_is_the_edition_s_and_the_id_stays():
    """osteooncology is printed as chapter 20 in 2032.1 and 21 in 2033.1; its id and permalinks stay."""
    numbers = {r.id: r.chapter("osteooncology").metadata.number for r in load_all(CHAPTERS)}
    assert numbers == {TWO: "20", THREE: "21"}


def test_a_flow_cites_recommendations_of_other_chapters(chapter_site):
    """The fixture flow's action cites a recommendation of each chapter; its page links them all."""
    release = _release(THREE)
    cited = {
        release.chapter_of(i.topic).id
        for node in release.flow("hypercalcemia-across-chapters").nodes
        for i in graded_recommendations(release)
        if i.id in node.recommendations
    }
    assert cited == {"osteooncology", "synthetic-bone-health", "synthetic-fragments"}
    page = _page(chapter_site, THREE, urls.flow("hypercalcemia-across-chapters"))
    for identifier in ("bp-hypercalcemia", "syn-bp-mbc-hypercalcemia", "frag-bp-hypercalcemia"):
        assert f'href="../../r/{identifier}/' in page


def test_home_page_lists_the_chapters_in_order(chapter_site):
    """Each chapter's heading links its page, in the release's order, with its sections beneath."""
    home = _page(chapter_site, THREE, "")
    found = re.findall(r'<h2 id="chapter-([a-z0-9-]+)"><a href="chapters/\1/">', home)
    assert found == ["osteooncology", "synthetic-bone-health", "synthetic-fragments"]
    assert "Chapter 21: Osteooncology and Bone Health" in home


def test_each_chapter_has_its_page_navigation_source_views_and_print_page(chapter_site):
    """chapters/<id>/ lists its topics and source views; its print page holds its topics alone."""
    release = _release(THREE)
    for chapter in release.chapters:
        page = _page(chapter_site, THREE, urls.chapter(chapter.id))
        for topic in chapter.topics:
            assert f'href="../../topics/{topic.id}/"' in page
            assert f'href="source/slide-{topic.slide:02d}/"' in page
            source = _page(chapter_site, THREE, urls.source(chapter.id, topic.slide))
            assert f"Verbatim lines {topic.source_lines[0]}–{topic.source_lines[-1]} of <code>{chapter.source_name}</code>" in source
        printed = _page(chapter_site, THREE, urls.chapter_print(chapter.id))
        shown = set(re.findall(r'<h2 id="topic-([a-z0-9-]+)"', printed))
        assert shown == {topic.id for topic in chapter.topics}
        nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', page, re.S).group(0)
        assert chapter.label.split(" (")[0].split(":")[0] in nav


def test_a_recommendation_page_names_its_chapter_in_statement_and_citation(chapter_site):
    """The indexed statement (what search shows) and the citation both say the chapter."""
    release = _release(THREE)
    for indexed in graded_recommendations(release):
        chapter = release.chapter_of(indexed.topic)
        page = _page(chapter_site, THREE, urls.recommendation(indexed.id))
        statement = re.search(r'<span class="rec-topic">(.*?)</span>', page, re.S).group(1)
        assert f"(slide {indexed.topic.slide}, " in statement and f">{chapter.inline_label.replace('&', '&amp;')}</a>" in statement
        citation = re.search(r'<p class="cite-this"[^>]*>(.*?)<span', page, re.S).group(1)
        assert f"{chapter.label}. {indexed.topic.title.text}:" in citation.replace("&amp;", "&")


def test_the_search_index_finds_every_chapter_and_each_result_says_its_chapter(chapter_site):
    """'hypercalcemia' matches recommendations of all three chapters; each one's text names its chapter."""
    release = _release(THREE)
    docs = json.loads((chapter_site / THREE / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    found = {}
    for doc in docs:
        match = re.fullmatch(r"r/([a-z0-9-]+)/", doc["location"])
        if match and "hypercalcemia" in doc["text"].lower():
            found[match.group(1)] = doc["text"]
    by_id = {i.id: i for i in graded_recommendations(release)}
    chapters = {release.chapter_of(by_id[identifier].topic).id for identifier in found}
    assert chapters == {"osteooncology", "synthetic-bone-health", "synthetic-fragments"}
    for identifier, text in found.items():
        assert release.chapter_of(by_id[identifier].topic).inline_label in text


def test_all_recommendations_filters_by_chapter(chapter_site):
    """A chapter filter with the chapters in order; every row carries its chapter."""
    page = _page(chapter_site, THREE, "recommendations")
    select = re.search(r'<select data-filter="chapter">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option value="([a-z0-9-]+)">', select) == [c.id for c in _release(THREE).chapters]
    rows = [
        (re.search(r'data-chapter="([a-z0-9-]+)"', row).group(1), re.search(r'data-topic="([a-z0-9-]+)"', row).group(1))
        for row in re.findall(r"<tr [^>]*data-topic=[^>]*>", page)
    ]
    release = _release(THREE)
    assert rows == [(release.chapter_of(i.topic).id, i.topic.id) for i in graded_recommendations(release)]


def test_what_changed_groups_by_chapter(chapter_site):
    """New recommendations under their chapter's heading; the removed chapter's under 'No longer in this release'."""
    page = _page(chapter_site, THREE, "changes")
    new = page[page.index('id="new-recommendations"') : page.index('id="regraded"')]
    assert re.findall(r"<h3[^>]*>(.*?)<", new) == [
        c.label.replace("&", "&amp;") for c in _release(THREE).chapters[1:]
    ]
    retired = page[page.index('id="retired"') :]
    assert "No longer in this release" in retired and "first-recommendation" in retired


def test_exports_carry_the_chapter_and_validate(chapter_site):
    """JSON (schema-valid, chapters in order), CSV (chapter columns) and the site's data files agree."""
    release = _release(THREE)
    document = release_document(release)
    jsonschema.validate(document, json.loads(schema_text()))
    assert document["release"]["chapters"] == [c.id for c in release.chapters]
    assert [c["id"] for c in document["chapters"]] == [c.id for c in release.chapters]
    assert [c["number"] for c in document["chapters"]] == ["21", None, None]
    for entry in document["recommendations"]:
        assert entry["chapter"]["id"] == release.chapter_of(entry["topic"]["id"]).id
    rows = list(csv.DictReader(io.StringIO(recommendations_csv(release).removeprefix("\ufeff"))))
    assert [(r["id"], r["chapter_id"]) for r in rows] == [(e["id"], e["chapter"]["id"]) for e in document["recommendations"]]
    published = json.loads((chapter_site / THREE / urls.GUIDELINE_JSON).read_text(encoding="utf-8"))
    assert published == document


def test_fhir_has_a_composition_section_per_chapter_and_round_trips():
    """The bundle parses back with fhir.resources; one Composition section per chapter holds its slides."""
    from fhir.resources.bundle import Bundle

    release = _release(THREE)
    text = fhir_json(release, load_all(CHAPTERS))
    bundle = Bundle.model_validate_json(text) if hasattr(Bundle, "model_validate_json") else Bundle.parse_raw(text)
    composition = next(e.resource for e in bundle.entry if e.resource.__resource_type__ == "Composition")
    assert [s.code.text for s in composition.section] == [c.id for c in release.chapters]
    for section, chapter in zip(composition.section, release.chapters, strict=True):
        assert [s.code.text for s in section.section] == [t.id for t in chapter.topics]
    assert json.loads(bundle.model_dump_json() if hasattr(bundle, "model_dump_json") else bundle.json()) == json.loads(text)


def test_the_two_chapter_release_builds_with_its_chapter_pages(chapter_site):
    """2032.1: two chapter pages and print pages; its flow in one chapter cites the other's recommendation."""
    for chapter in ("osteooncology", "fixture"):
        assert (chapter_site / TWO / urls.chapter(chapter) / "index.html").is_file()
        assert (chapter_site / TWO / urls.chapter_print(chapter) / "index.html").is_file()
    flow = _page(chapter_site, TWO, urls.flow("fixture-flow"))
    assert 'href="../../r/bp-hypercalcemia/' in flow


@pytest.mark.browser
def test_search_in_the_browser_finds_every_chapter_and_shows_it(browser, chapter_site, serve):
    """Material's search for 'hypercalcemia' lists results from each chapter, each naming its chapter."""
    base = serve(chapter_site)
    page = browser.new_page()
    page.goto(f"{base}/{THREE}/")
    page.fill("input.md-search__input", "hypercalcemia")
    page.press("input.md-search__input", "End")
    page.wait_for_function(WHOLE, timeout=60_000)  # the answer from the whole index (the first chapter's may come first)
    items = page.evaluate(SNIPPETS)
    page.close()
    text = " ".join(items)
    for chapter in _release(THREE).chapters:
        assert chapter.inline_label in text, chapter.id


SNIPPETS = "() => [...document.querySelectorAll('.md-search-result__link')].map(a => a.querySelector('article').innerText)"


def _chapter_of_result(release, href: str) -> str | None:
    """The chapter of the page a result links to; None for a release-wide page."""
    path = href.split(f"/{release.id}/", 1)[1].split("?")[0].split("#")[0]
    return page_chapters(release).get(urls.page_file(path) if path else "index.md")


def test_the_search_index_is_split_into_each_chapter_and_the_release_wide_pages(chapter_site):
    """search/chapter-<id>.json holds the documents of that chapter's pages, search/release.json every other
    document: each document of search_index.json in exactly one part, unchanged, in the index's order."""
    release = _release(THREE)
    folder = chapter_site / THREE / "search"

    def docs(name: str) -> list[dict]:
        return json.loads((folder / name).read_text(encoding="utf-8"))["docs"]

    whole = docs("search_index.json")
    parts = {chapter.id: docs(f"chapter-{chapter.id}.json") for chapter in release.chapters}
    parts[None] = docs("release.json")
    position = {json.dumps(doc, sort_keys=True): number for number, doc in enumerate(whole)}
    assert len(position) == len(whole)
    placed = [position[json.dumps(doc, sort_keys=True)] for part in parts.values() for doc in part]
    assert sorted(placed) == list(range(len(whole)))
    for chapter_id, part in parts.items():
        assert part, chapter_id
        assert [position[json.dumps(doc, sort_keys=True)] for doc in part] == sorted(
            position[json.dumps(doc, sort_keys=True)] for doc in part
        )
        for doc in part:
            assert _chapter_of_result(release, f"/{THREE}/{doc['location']}") == chapter_id, doc["location"]
    by_id = {indexed.id: indexed for indexed in graded_recommendations(release)}
    for chapter_id, part in parts.items():
        for doc in part:
            found = re.fullmatch(r"r/([a-z0-9-]+)/", doc["location"])
            if found:
                assert release.chapter_of(by_id[found.group(1)].topic).id == chapter_id
    assert not [doc["location"] for doc in parts[None] if re.match(r"(r|topics|chapters)/", doc["location"])]


def test_each_page_names_the_chapter_search_loads_first(chapter_site):
    """A chapter's pages name their chapter (its own page, topics, recommendations), a release-wide page the
    release's first chapter; a release of one chapter's pages name none (tests/test_search.py)."""
    release = _release(THREE)

    def named(url: str) -> list[str]:
        return re.findall(r'<meta name="search-chapter" content="([^"]*)">', _page(chapter_site, THREE, url))

    for chapter in release.chapters:
        assert named(urls.chapter(chapter.id)) == [chapter.id]
        assert named(urls.topic(chapter.topics[0].id)) == [chapter.id]
    for indexed in graded_recommendations(release):
        assert named(urls.recommendation(indexed.id)) == [release.chapter_of(indexed.topic).id]
    assert named("") == named("glossary") == [release.chapters[0].id]


@pytest.mark.browser
def test_search_on_a_chapter_page_answers_from_that_chapter_first_then_from_every_chapter(browser, chapter_site, serve):
    """While the whole index loads, a query typed on a chapter's page is answered from that chapter (and the
    release-wide pages), and says so (axe-clean); then from every chapter, the note gone. No snippet shows a grade."""
    release = _release(THREE)
    last = release.chapters[-1].id
    base = serve(chapter_site)
    context = browser.new_context()
    held = []
    context.route("**/search/search_index.json", lambda route: held.append(route))  # the whole index waits until released
    page = context.new_page()
    page.goto(f"{base}/{THREE}/{urls.chapter(last)}")
    first = first_answer(page, "hypercalcemia")
    assert page.text_content(PARTIAL) == "Searching this chapter first; results from the other chapters follow."
    assert first and {_chapter_of_result(release, href) for href in first} <= {last, None}
    assert last in {_chapter_of_result(release, href) for href in first}
    problems = [p for text in page.evaluate(SNIPPETS) for p in misstated_grades(text, release, allowed=False)]
    page.add_script_tag(path=str(AXE))  # axe-core on the note above the results, as the page shows it
    violations = page.evaluate(
        "async () => (await axe.run(document.querySelector('.search-partial'), {resultTypes: ['violations']}))"
        ".violations.map(v => v.id)"
    )
    deadline = time.monotonic() + 60
    while not held and time.monotonic() < deadline:  # each call lets Playwright deliver the held route
        page.evaluate("1")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function(WHOLE, timeout=60_000)
    chapters = {_chapter_of_result(release, href) for href in links(page)}
    problems += [p for text in page.evaluate(SNIPPETS) for p in misstated_grades(text, release, allowed=False)]
    context.close()
    assert {chapter.id for chapter in release.chapters} <= chapters
    assert problems == []
    assert violations == []


def test_abbreviations_shared_by_chapters_are_defined_once_each_in_a_paragraph_of_its_own(tmp_path):
    """Every page carries the release's abbreviation definitions: each once, each its own paragraph, so
    Markdown reads them in time linear in their number (on consecutive lines it was quadratic, about a
    second a page at 26 chapters)."""
    from macros.render.glossary import abbreviation_definitions
    from scripts.bench import make_release

    shutil.copy(REPO / "guideline_data/grading.yaml", tmp_path / "grading.yaml")
    make_release(tmp_path, "9000.2", 2)  # two copies of the real chapter, abbreviations and all
    release = next(release for release in load_all(tmp_path) if release.id == "9000.2")
    shared = [entry.abbr for entry in release.chapters[0].abbreviations]
    assert sum(entry.abbr in shared for entry in release.abbreviations) > len(shared)  # chapters share them
    paragraphs = abbreviation_definitions(release).split("\n\n")
    assert all(paragraph.startswith("*[") and "\n" not in paragraph for paragraph in paragraphs)
    assert len(paragraphs) == len(set(paragraphs))
    expected = {f"*[{entry.abbr}]: {' '.join(entry.expansion.split())}" for entry in release.abbreviations}
    assert set(paragraphs) == expected


def test_flows_json_names_each_flow_s_and_case_s_chapter():
    """data/flows.json says which chapter each flow and worked example belongs to, as the model holds it."""
    from macros.export import flows_document, flows_schema_text

    release = _release(THREE)
    document = flows_document(release)
    jsonschema.validate(document, json.loads(flows_schema_text()))
    expected = [(chapter.id, flow.id) for chapter in release.chapters for flow in chapter.flows]
    assert [(flow["chapter"], flow["id"]) for flow in document["flows"]] == expected
    assert expected and {chapter for chapter, _ in expected} == {"synthetic-fragments"}
    assert [(case["chapter"], case["id"]) for case in document["cases"]] == [
        (chapter.id, case.id) for chapter in release.chapters for case in chapter.cases
    ]


def test_a_draft_whose_mapped_chapter_gains_a_second_chapter_builds_with_each_chapter_s_map(tmp_path):
    """The editor's path: 2024.1E's chapter (with its map.yaml) and a second chapter in a draft. Each
    chapter's own map page is built and linked from the release's map, not listed in the navigation
    (the strict build refused the draft: 'chapters/osteooncology/map.md' not in the nav)."""
    from scripts import editing
    from scripts.sitebuild import build_site

    data = tmp_path / "data"
    shutil.copytree(REPO / "guideline_data", data)
    assert editing.new_release(data, "2099.1", "2024.1E") == 0
    second = data / "2099.1" / "synthetic-fragments"
    shutil.copytree(CHAPTERS / THREE / "synthetic-fragments", second)
    shutil.rmtree(second / "flows")  # its flow cites the fixture's other chapters
    release_file = data / "2099.1" / "release.yaml"
    release_file.write_text(
        release_file.read_text(encoding="utf-8").replace("chapters: [osteooncology]", "chapters: [osteooncology, synthetic-fragments]"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build_site(site, data, include_drafts=True, cache_root=tmp_path / "cache")
    assert (site / "2099.1/chapters/osteooncology/map/index.html").is_file()
    assert 'href="../chapters/osteooncology/map/"' in (site / "2099.1/map/index.html").read_text(encoding="utf-8")
