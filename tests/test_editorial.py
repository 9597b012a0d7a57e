"""Editorial search terms and trial/figure slide links: in the data outside the lock, on the pages,
in the search index, and ranked in the browser for the words clinicians type."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from macros.editorial import informed_recommendations, informing_topics, topic_search_terms
from macros.load import DATA_ROOT, load_all
from macros.releases import canonical_hash, read_lock
from macros.yamlsource import read_yaml
from tests.conftest import REPO
from tests.searching import answered


def test_editorial_files_are_outside_the_published_hash(tmp_path: Path):
    """Editing search.yaml and informs.yaml of a published release keeps its lock: they say nothing clinical."""
    data = tmp_path / "data"
    shutil.copytree(DATA_ROOT, data)
    (data / "2024.1E/osteooncology/search.yaml").write_text("- {terms: [added term], topics: [radiotherapy]}\n", encoding="utf-8")
    (data / "2024.1E/osteooncology/informs.yaml").unlink()
    edited = next(r for r in load_all(data) if r.id == "2024.1E")  # by id, whatever other releases exist
    assert canonical_hash(edited) == read_lock(DATA_ROOT)["2024.1E"]
    assert topic_search_terms(edited, "radiotherapy") == ("added term",)
    assert edited.informs == ()


def test_real_release_names_the_situations_clinicians_search_for(release):
    assert "MSCC" in topic_search_terms(release, "spinal-cord-compression")
    informed = [indexed.id for indexed in informed_recommendations(release, "denosumab-discontinuation")]
    assert {"ctibl-bisphosphonates-after-denosumab", "bone-bisphosphonates-after-denosumab"} <= set(informed)
    assert informing_topics(release, "bone-bisphosphonates-after-denosumab") == ("denosumab-discontinuation",)


@pytest.mark.parametrize("term", ['say "stop"', "a: b", "- x", "#tag", "{x}", "ü-umlaut", "it's"])
def test_search_front_matter_keeps_any_term_intact(term):
    from macros.generate import search_front_matter

    front = yaml.safe_load(search_front_matter((term, "MSCC"), 4))
    assert front == {"search": {"boost": 4}, "tags": [term, "MSCC"]}
    assert read_yaml(search_front_matter((term,), None), "front matter")[1] == []


def test_trial_slide_links_the_recommendations_it_informs_and_they_link_back(built_site):
    slide = (built_site / "2024.1E/topics/denosumab-discontinuation/index.html").read_text(encoding="utf-8")
    assert 'href="../../r/ctibl-bisphosphonates-after-denosumab/"' in slide
    assert 'href="../../r/bone-bisphosphonates-after-denosumab/"' in slide
    assert "Editorial links, not printed on the slide." in slide
    back = (built_site / "2024.1E/r/bone-bisphosphonates-after-denosumab/index.html").read_text(encoding="utf-8")
    assert 'Evidence shown on: <a href="../../topics/denosumab-discontinuation/">' in back


def test_search_terms_reach_the_index_as_tags_only(built_site, release):
    """Terms are tags weighed like a title; the on-page note about them stays out of the search text."""
    index = json.loads((built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["fields"]["tags"] == {"boost": 1000}
    by_location = {doc["location"]: doc for doc in index["docs"]}
    assert "MSCC" in by_location["topics/spinal-cord-compression/"]["tags"]
    assert "MSCC" in by_location["r/mscc-decompression-surgery/"]["tags"]
    assert not any("Search also finds" in doc["text"] or "this slide informs" in doc["text"] for doc in index["docs"])
    page = (built_site / "2024.1E/r/mscc-decompression-surgery/index.html").read_text(encoding="utf-8")
    assert "Search also finds this page for: MSCC, metastatic spinal cord compression" in page


# The phrases: the situation's own slide and recommendations within the first three results.
RANKS = [
    ("MSCC", ["topics/spinal-cord-compression/"]),
    ("stopping denosumab", ["r/ctibl-bisphosphonates-after-denosumab/", "r/bone-bisphosphonates-after-denosumab/"]),
    ("spinal cord compression", ["topics/spinal-cord-compression/", "r/mscc-decompression-surgery/"]),
    ("denosumab discontinuation", ["r/ctibl-bisphosphonates-after-denosumab/", "r/bone-bisphosphonates-after-denosumab/"]),
    ("hypercalcaemia", ["r/bp-mbc-hypercalcemia/", "r/dmab-mbc-hypercalcemia/"]),  # British spelling
    ("hypocalcaemia", ["r/tox-severe-hypocalcemia/"]),
]


def _results(page, query: str) -> list[str]:
    """Every result page of a search, in order, once Material's worker has answered this query."""
    return [href.split("/2024.1E/", 1)[1].split("?")[0] for href in answered(page, query)]


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_search_ranks_the_situation_first(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/")
    if width < 960:
        page.click("label.md-header__button[for=__search]")
    page.wait_for_selector("input.md-search__input", state="visible")
    ranks = {}
    for query, expected in RANKS:
        results = _results(page, query)
        ranks[query] = {location: results.index(location) + 1 if location in results else None for location in expected}
    context.close()
    missed = {query: found for query, found in ranks.items() if any(rank is None or rank > 3 for rank in found.values())}
    assert missed == {}


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_informs_links_fit_and_lead_to_the_recommendation(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/topics/denosumab-discontinuation/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.querySelector('section.informs').getBoundingClientRect().right") <= width
    page.locator('section.informs a[href$="r/bone-bisphosphonates-after-denosumab/"]').click()
    page.wait_for_url("**/r/bone-bisphosphonates-after-denosumab/")
    assert "Bisphosphonates after discontinuation of Denosumab" in page.locator("h1").inner_text()
    context.close()


def test_readme_documents_the_editorial_files():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "search.yaml" in readme and "informs.yaml" in readme
