"""Search finds what is printed and never misstates a grade.

The index is Unicode NFKC (macros/searchindex.py), queries are put in the same form in the browser
(docs/assets/search-query.js), dashes and `+` separate words, and grade badges stay out of the index
(macros/render/badges.py) because the search cuts snippets inside `+/-`.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import defaultdict

import pytest

from macros.conditions import conditions
from macros.index import graded_recommendations, recommendation_title
from macros.model import Release
from macros.searchindex import normalised_index
from tests.conftest import REPO
from tests.searching import answered

# A recommendation's text followed by grades as the results show them: LoE, GR and maybe an AGO
# grade; or a lone LoE at the very end, where a snippet was cut.
_GRADES_AFTER = re.compile(r"\s+(?P<loe>[1-5][a-d]?)\s+(?P<gr>[A-D])\b(?:\s+(?P<ago>[+\-/]+)(?=\s|$))?|\s+(?P<cut>[1-5][a-d]?)\s*$")


def misstated_grades(snippet: str, release: Release, allowed: bool = True) -> list[str]:
    """Every place a snippet shows grades after a recommendation's text other than the data's three
    (any grades at all where `allowed` is false)."""
    grades_by_text: dict[str, set[tuple]] = defaultdict(set)
    for indexed in graded_recommendations(release):
        for text in {indexed.text, recommendation_title(indexed)}:
            grades_by_text[" ".join(text.split())].add((indexed.loe, indexed.gr, indexed.ago))
    snippet = " ".join(snippet.split())
    problems = []
    for text, grades in grades_by_text.items():
        start = 0
        while (at := snippet.find(text, start)) != -1:
            start = at + len(text)
            shown = _GRADES_AFTER.match(snippet, start)
            if shown and (not allowed or shown["cut"] or (shown["loe"], shown["gr"], shown["ago"]) not in grades):
                problems.append(f"{text!r} shown with {shown.group().strip()!r}; the data says {sorted(grades)}")
    return problems


def test_misstated_grades_catches_a_cut_or_altered_grade(release):
    """The checker itself: the two snippets of the issue fail, the data's grades and no grades pass."""
    assert misstated_grades("Planned sequential therapy with multiple agents 2b B +", release)
    assert misstated_grades("Bisphosphonates alone for pain control 5 D", release)
    assert misstated_grades("Bisphosphonates alone for pain control 5", release)
    assert not misstated_grades("Planned sequential therapy with multiple agents 2b B +/- Other", release)
    assert not misstated_grades("Bisphosphonates alone for pain control Planned sequential therapy", release)


def test_no_indexed_text_carries_a_grade(built_site, release):
    """Grades are kept out of every indexed text, so no snippet can cut one."""
    index = json.loads((built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8"))
    problems = [p for doc in index["docs"] for p in misstated_grades(doc["text"], release, allowed=False)]
    assert problems == []


def test_index_holds_one_spelling_per_character(built_site):
    """Titles and texts are NFKC: the micro sign is Greek mu, superscript two is 2."""
    index = json.loads((built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert unicodedata.normalize("NFKC", doc["title"]) == doc["title"]
        assert unicodedata.normalize("NFKC", doc["text"]) == doc["text"]
    assert "\u03bcg" in json.dumps(index, ensure_ascii=False)


def test_normalised_index_unifies_spellings_and_keeps_markup():
    """Both spellings of a unit become one; entities, tags and other fields stay as they were."""
    index = {
        "config": {"separator": "x"},
        "docs": [{"location": "r/x/", "title": "100 \u00b5g", "text": "<p>5 mg/m\u00b2 &lt;b&gt;</p>", "boost": 4}],
    }
    out = json.loads(normalised_index(json.dumps(index)))
    assert out["docs"][0] == {"location": "r/x/", "title": "100 \u03bcg", "text": "<p>5 mg/m2 &lt;b&gt;</p>", "boost": 4}
    assert normalised_index(normalised_index(json.dumps(index))) == normalised_index(json.dumps(index))


def test_query_script_splits_words_as_the_index_does():
    """docs/assets/search-query.js carries the same word separator as mkdocs.yml."""
    separator = re.search(r"^      separator: '(.*)'$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    script = (REPO / "docs/assets/search-query.js").read_text(encoding="utf-8")
    assert f"var SEPARATOR = /{separator.replace('/', chr(92) + '/')}/;" in script


def _results(context, site_url: str, query: str) -> dict:
    """A fresh page, one query: the result count line and each result's link and visible text."""
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/")
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")  # Material reads the query on keyup
    page.wait_for_function(
        "/matching document/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=30_000
    )
    found = page.evaluate(
        "() => ({meta: document.querySelector('.md-search-result__meta').textContent.trim(),"
        " items: [...document.querySelectorAll('.md-search-result__link')].map(a => ({"
        " href: new URL(a.href).pathname, text: a.querySelector('article').innerText}))})"
    )
    page.close()
    return found


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["q12w", "hypercalcemia", "pain control", "denosumab", "zoledronate", "bisphosphonates"])
def test_search_snippets_show_the_data_grades_or_none(context, site_url, release, query):
    """Every result snippet shows, after a recommendation's text, exactly its grades or no grade."""
    found = _results(context, site_url, query)
    assert found["items"], query
    problems = [f"{item['href']}: {p}" for item in found["items"] for p in misstated_grades(item["text"], release)]
    assert problems == []


SPELLINGS = [
    ("\u00b5g", "\u03bcg", "r/op-teriparatide/"),  # micro sign, Greek mu
    ("kg/m2", "kg/m\u00b2", "r/bone-avoid-low-bmi/"),
    ("m2", "m\u00b2", "r/bone-avoid-low-bmi/"),
    ("1500", "1000\u20131500", "r/bone-calcium/"),  # a number inside an en-dash range
    ("30", "10\u201330%", "r/tox-acute-phase-reaction/"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("one", "other", "location"), SPELLINGS)
def test_both_spellings_find_the_item(context, site_url, one, other, location):
    """Either way of writing a unit or a number finds the recommendation that prints it."""
    for query in (one, other):
        hrefs = [item["href"] for item in _results(context, site_url, query)["items"]]
        assert f"/2024.1E/{location}" in hrefs, (query, hrefs)


@pytest.mark.browser
@pytest.mark.parametrize("query", ["-ECOG", "ER+/PR-", "++", "+/-", "--", "-", "+", "- -", "-ECOG +/-"])
def test_operators_and_grade_symbols_never_list_the_site(context, site_url, query):
    """A query of operators, grade symbols or words the data lacks finds nothing, not every page."""
    found = _results(context, site_url, query)
    assert found["meta"] == "No matching documents", (query, found["meta"])


@pytest.mark.browser
def test_hyphen_inside_a_word_still_finds_it(context, site_url):
    """Dropping operators leaves words with a dash searchable: 'pain-free' finds the survival item."""
    hrefs = [item["href"] for item in _results(context, site_url, "pain-free")["items"]]
    assert {"/2024.1E/r/bp-mbc-pain-free-survival/", "/2024.1E/r/dmab-mbc-pain-free-survival/"} <= set(hrefs), hrefs


def _index_docs(built_site) -> list[dict]:
    return json.loads((built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_recommendation_is_indexed_with_its_slide_in_the_same_paragraph(built_site, release):
    """The search shows only the paragraphs a query matches: a recommendation's words, the slide they
    stand on and the conditions printed beside them are one paragraph, so two items printing the same words never look alike in the results."""
    texts = {doc["location"]: doc["text"] for doc in _index_docs(built_site)}
    graded = graded_recommendations(release)
    for indexed in graded:
        first = texts[f"r/{indexed.id}/"].split("</p>")[0]
        topic = unicodedata.normalize("NFKC", html.escape(indexed.topic.title.text, quote=False))
        chapter = f"chapter {release.chapter_of(indexed.topic).title}"
        assert first.startswith(f"<p>From {topic} (slide {indexed.topic.slide}, {chapter}, release 2024.1E)"), indexed.id
        found = conditions(release, indexed)  # the footnotes and cautions printed beside it follow the words
        said = " ".join([" ".join(indexed.text.split()), *(f"{c.label}: {' '.join(c.text.split())}" for c in found)])
        assert first.endswith(f": {unicodedata.normalize('NFKC', html.escape(said, quote=False))}"), indexed.id
    # the case of the issue: the same words on two slides
    twins = [i for i in graded if i.text == "Therapy of hypercalcemia"]
    assert len({texts[f"r/{i.id}/"] for i in twins}) == len(twins) == 2


def test_table_cells_stay_apart_in_the_index(built_site):
    """A snippet reads 'Hypercalcemia? yes', not 'Hypercalcemia?yes': every table on every page has
    whitespace between its cells (the index keeps the text of cells, not the cells)."""
    touching = re.compile(r"</t[dh]>(?:</(?:tr|thead|tbody)>)*(?:<(?:tr|thead|tbody)\b[^>]*>)*<t[dh][\s>]")
    pages = sorted((built_site / "2024.1E").rglob("*.html"))
    found = {str(p.relative_to(built_site)): len(touching.findall(p.read_text(encoding="utf-8"))) for p in pages}
    assert {page: count for page, count in found.items() if count} == {}
    case = next(doc["text"] for doc in _index_docs(built_site) if doc["location"] == "cases/bma-hypercalcemia-zoledronate/")
    assert "Hypercalcemia? yes Osseous progression while on a bisphosphonate? no" in case
    assert "QuestionAnswer" not in case and "Question Answer" not in case


def test_no_snippet_speaks_of_a_grade_it_does_not_show(built_site):
    """'The slide prints this grade once for the whole list', or a table's 'LoE GR AGO' headers, mean
    nothing without the grades, which the index never holds: they stay on the page and out of the index."""
    docs = _index_docs(built_site)
    assert [doc["location"] for doc in docs if "prints this grade once" in doc["text"]] == []
    assert [doc["location"] for doc in docs if re.search(r"LoE\s*GR\s*AGO", doc["text"])] == []


@pytest.mark.browser
def test_results_with_the_same_words_name_their_slides(context, site_url):
    """'hypercalcemia': the two 'Therapy of hypercalcemia' results say which slide each is from."""
    items = _results(context, site_url, "hypercalcemia")["items"]
    shown = {item["href"]: item["text"] for item in items if item["href"].startswith("/2024.1E/r/")}
    assert "From Bisphosphonates in Metastatic Breast Cancer (slide 1" in shown["/2024.1E/r/bp-mbc-hypercalcemia/"]
    assert "From Denosumab in Metastatic Breast Cancer (slide 2" in shown["/2024.1E/r/dmab-mbc-hypercalcemia/"]


def _ranked(page, query: str) -> list[str]:
    """The result pages of one query in rank order (one per page, as Material groups them)."""
    return [href.split("/2024.1E/", 1)[1].split("?")[0].split("#")[0] for href in answered(page, query)]


# Words clinicians type (issue 24), each with the page it must find among the first three results.
CLINICIANS_WORDS = [
    # brand names -> the agent as printed (guideline_data/vocabulary.yaml)
    ("Xgeva", "r/bma-denosumab-q4w/"),
    ("Prolia hypercalcemia", "r/dmab-mbc-hypercalcemia/"),
    ("Evenity", "r/op-romosozumab/"),
    ("Forteo", "r/op-teriparatide/"),
    ("Zometa", "r/bma-zoledronate-q4w/"),
    ("Aclasta", "r/op-zoledronate/"),
    ("Fosamax", "r/op-alendronate/"),
    ("Bonviva", "r/op-ibandronate-po/"),
    ("Xofigo", "r/radionuclides-radium-223/"),
    ("Fortecortin", "r/mscc-dexamethasone/"),
    # German terms -> the printed English term
    ("Hyperkalzämie", "r/bp-mbc-hypercalcemia/"),
    ("hyperkalzaemie", "r/dmab-mbc-hypercalcemia/"),
    ("Aromatasehemmer", "r/adj-denosumab-60-postmenopausal-ai/"),
    ("Kieferosteonekrose", "topics/onj-prevention/"),
    ("Zahnarzt", "r/onj-optimize-dental-status/"),
    ("Rückenmarkskompression", "topics/spinal-cord-compression/"),
    ("Mundhygiene", "r/onj-oral-hygiene/"),
    ("Prolia absetzen", "r/bone-bisphosphonates-after-denosumab/"),
    ("Knochendichte", "topics/bone-density-by-agent/"),
]

# One letter wrong in a word of five letters or more (assets/search-worker.js, search-query.js).
TYPOS = [
    ("denosumb", "r/bma-denosumab-q4w/"),
    ("bisphosponate", "r/onj-avoid-elective-dental-procedures/"),
    ("hypercalcmia", "r/bp-mbc-hypercalcemia/"),
    ("osteoporsis", "topics/osteoporosis-drugs/"),
    ("dexamethason", "r/mscc-dexamethasone/"),
    ("teriparatdie", "r/op-teriparatide/"),  # two neighbours swapped
    ("Prolai", "r/op-denosumab/"),  # a brand name misspelt (Prolia: denosumab 60 mg)
    ("Hyperkalzamie", "r/bp-mbc-hypercalcemia/"),  # without the umlaut
]

# Whole words and phrases rank above single letters and above one rare word matched alone.
RANKING = [
    ("calcium vitamin D", "r/bone-calcium/"),
    ("vitamin D calcium", "r/bone-vitamin-d3/"),
    ("osteoporosis aromatase inhibitor", "topics/osteoporosis-drugs/"),
    ("stop Prolia", "r/ctibl-bisphosphonates-after-denosumab/"),
    ("stop Prolia", "r/bone-bisphosphonates-after-denosumab/"),
    ("stop smoking", "r/bone-smoking-alcohol/"),
    ("zoledronate q12w", "r/bma-zoledronate-q12w/"),
    ("pain control denosumab", "r/dmab-mbc-pain-control-alone/"),
    ("vitamin K2", "r/ctibl-vitamin-k2/"),
]


@pytest.fixture(scope="module")
def search_page(context, site_url):
    """One page for many queries, as a reader searches again and again."""
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/")
    yield page
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("query", "location"), CLINICIANS_WORDS + TYPOS + RANKING)
def test_clinicians_words_find_the_recommendation_in_the_top_three(search_page, query, location):
    """Brand names, German terms, typos and several-word queries put the intended page in the first three."""
    ranked = _ranked(search_page, query)
    assert location in ranked[:3], (query, ranked[:6])


@pytest.mark.browser
def test_stop_prolia_finds_the_discontinuation_recommendations_first(search_page):
    """'stop Prolia' is about stopping denosumab, not about smoking (issue 24)."""
    ranked = _ranked(search_page, "stop Prolia")
    assert set(ranked[:2]) == {"r/ctibl-bisphosphonates-after-denosumab/", "r/bone-bisphosphonates-after-denosumab/"}


@pytest.mark.browser
def test_a_vocabulary_word_says_what_was_searched_marked_editorial(search_page):
    """Above the results: the typed word, its kind and the printed term searched, marked editorial."""
    _ranked(search_page, "Prolia")
    note = search_page.inner_text(".md-search-result .search-vocabulary")
    assert note == "Prolia (brand name): searched as Denosumab 60 mg. Editorial vocabulary, not printed in the guideline."
    _ranked(search_page, "Zometa")
    assert "Zometa (brand name): searched also as Zoledronate" in search_page.inner_text(".search-vocabulary")
    _ranked(search_page, "denosumab")
    assert search_page.locator(".search-vocabulary").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Prolia", "Zometa", "Hyperkalzämie", "Aromatasehemmer"])
def test_vocabulary_results_never_show_a_grade(context, site_url, release, query):
    """A snippet found through a clinician's word shows the data's grades or none."""
    found = _results(context, site_url, query)
    assert found["items"], query
    problems = [f"{item['href']}: {p}" for item in found["items"] for p in misstated_grades(item["text"], release)]
    assert problems == []


@pytest.mark.browser
def test_a_typo_shows_the_word_found_and_no_missing_term(search_page):
    """'denosumb' is read as 'denosumab' before Material parses it: highlighted, never 'Missing'."""
    _ranked(search_page, "denosumb")
    first = search_page.locator(".md-search-result__item").first
    assert first.locator("mark").first.inner_text().lower() == "denosumab"
    assert search_page.locator(".md-search-result__terms").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("query", ["denos", "zoled", "q12w", "dmab"])
def test_a_word_being_typed_is_never_corrected(search_page, query):
    """A word that begins words of the index is a prefix still being typed, not a typo."""
    ranked = _ranked(search_page, query)
    assert ranked, query


def test_the_page_loads_the_index_settings_and_the_worker_the_documents(built_site):
    """search_settings.json is the index less its documents: the page parses kilobytes, the worker the rest."""
    folder = built_site / "2024.1E/search"
    settings = json.loads((folder / "search_settings.json").read_text(encoding="utf-8"))
    index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    assert settings == {**{key: value for key, value in index.items() if key != "docs"}, "docs": []}
    assert index["docs"]


def test_a_release_of_one_chapter_is_searched_whole(built_site):
    """One chapter: no index parts beside the index, and no page names a chapter to search first."""
    folder = built_site / "2024.1E"
    assert sorted(path.name for path in (folder / "search").iterdir()) == ["search_index.json", "search_settings.json"]
    for page in ("index.html", "r/bone-calcium/index.html"):
        assert 'name="search-chapter"' not in (folder / page).read_text(encoding="utf-8")


@pytest.mark.browser
def test_search_fetches_the_documents_once_in_its_worker(browser, site_url):
    """Over http the page asks for the settings alone; the documents arrive once, and search answers."""
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url.rsplit("/", 2)[-2] + "/" + request.url.rsplit("/", 1)[-1]))
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/")
    assert _ranked(page, "MSCC")[0] == "topics/spinal-cord-compression/"
    context.close()
    assert requested.count("search/search_settings.json") == 1
    assert requested.count("search/search_index.json") == 1
    assert requested.count("assets/search-worker.js") == 1  # started from the head, handed to Material


def test_each_page_names_material_s_search_worker_as_material_does(built_site):
    """The worker the page's head starts (search-query.js) is the one Material's configuration asks for."""
    for page in ("index.html", "r/bone-calcium/index.html"):
        text = (built_site / "2024.1E" / page).read_text(encoding="utf-8")
        named = re.findall(r'<meta name="search-worker" content="([^"]+)">', text)
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S).group(1))
        assert named == [config["search"]], page


@pytest.mark.browser
def test_an_answer_to_an_earlier_query_never_reaches_the_results(search_page):
    """The reader typed on while the worker was busy: the late answer to the earlier query is dropped (Material
    would paint it under the query now in the box, 'No matching documents' for a query that has some)."""
    delivered = search_page.evaluate(
        """() => {
        class Fake extends EventTarget { postMessage(message) { (this.posted = this.posted || []).push(message); } }
        const Material = window.Worker;
        window.Worker = Fake;  // search-query.js wraps whatever Worker the page sets
        const worker = new window.Worker(new URL('assets/javascripts/workers/search.test.js', document.baseURI));
        window.Worker = Material;
        const seen = [];
        worker.addEventListener('message', event => seen.push(event.data.type === 3 ? event.data.data.items.length : 'other'));
        worker.postMessage({type: 2, data: 'denosumab'});
        worker.postMessage({type: 2, data: 'romosozumab'});
        const [earlier, later] = worker.posted.map(message => message.data);
        worker.dispatchEvent(new MessageEvent('message', {data: {type: 3, data: {items: [], query: earlier}}}));
        worker.dispatchEvent(new MessageEvent('message', {data: {type: 3, data: {items: [1, 2], query: later}}}));
        worker.dispatchEvent(new MessageEvent('message', {data: {type: 1}}));
        return seen;
    }"""
    )
    assert delivered == [2, "other"]
