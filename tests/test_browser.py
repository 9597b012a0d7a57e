"""The built site in Debian's Chromium: offline, error-free, searchable, linkable, accessible, mobile."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from macros.grades import LABELS, SCALES, spoken_grade
from macros.index import graded_recommendations
from tests.axe import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def _pages(built_site: Path) -> list[str]:
    """Every page of the release a reader reads (old addresses that forward are checked by test_addresses.py)."""
    root = built_site / "2024.1E"
    return sorted(
        str(path.parent.relative_to(root)).replace(".", "", 1) + "/" if path.name == "index.html" else ""
        for path in root.rglob("index.html")
        if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8")
    )


def test_no_page_requests_another_host_or_logs_an_error(context, built_site, site_url):
    """Every page of the release loads with zero requests off 127.0.0.1 and no console errors."""
    page = context.new_page()
    foreign, errors = [], []

    def guard(route):
        if urlparse(route.request.url).hostname != "127.0.0.1":
            foreign.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", guard)
    page.on(
        "console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    visited = 0
    for path in _pages(built_site):
        page.goto(f"{site_url}/2024.1E/{path.lstrip('/')}", wait_until="load")
        visited += 1
    page.close()
    assert visited > 150
    assert foreign == []
    assert errors == []


SEARCHES = [
    ("zoledronate q12w", "r/bma-zoledronate-q12w/"),
    ("spinal cord compression", "topics/spinal-cord-compression/"),  # the situation's own slide (search.yaml)
    ("vitamin D", "r/bone-vitamin-d3/"),
    ("oral hygiene", "r/onj-oral-hygiene/"),
    ("radium", "r/radionuclides-radium-223/"),
    ("hypercalcemia", "r/bp-mbc-hypercalcemia/"),
    ("denosumab discontinuation", "r/ctibl-bisphosphonates-after-denosumab/"),
]


def _search(page, query: str):
    """Type a query once Material's search worker has its index; return a locator of the first result.

    Material reads the query when its index is ready, on focus and on keyup (not on `fill`), and shows
    "Initializing search" until the index is ready. The locator finds the first result afresh on each
    use, so a result list that re-renders cannot leave it pointing at a removed element.
    """
    field = page.locator("input.md-search__input")
    field.focus()
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Initializing search", timeout=60_000)
    field.fill(query)
    field.press("End")
    return page.locator(".md-search-result__item > a.md-search-result__link").first


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_lands_on_the_recommendation(context, site_url, query, expected):
    """Typing a drug, schedule or phrase lists the recommendation itself first; following it lands there."""
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/")
    first = _search(page, query)
    expect(first).to_have_attribute("href", re.compile(rf"/2024\.1E/{re.escape(expected)}([?#].*)?$"), timeout=30_000)
    first.click()
    page.wait_for_url(f"**/2024.1E/{expected}**")
    assert page.locator("h1").count() == 1
    page.close()


def test_search_index_holds_no_boilerplate_or_source_views(built_site):
    """Citation blocks, source excerpts and the verbatim source views stay out of the index."""
    documents = json.loads((built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not any(doc["location"].startswith("source/") for doc in documents)
    assert not any("Cite or link" in doc["title"] or "AGO Breast Committee." in doc["text"] for doc in documents)
    assert not any("flowchart" in doc["text"] or "graph TD" in doc["text"] for doc in documents)


def test_every_recommendation_page_shows_the_grades_of_the_data(context, site_url, release):
    """Each permalink exists and its three badges say what the data says."""
    page = context.new_page()
    for indexed in graded_recommendations(release):
        response = page.goto(f"{site_url}/2024.1E/r/{indexed.id}/")
        assert response.status == 200, indexed.id
        labels = page.eval_on_selector_all(
            "table.grade-table .grade-cell > *", "els => els.map(e => e.getAttribute('aria-label') || e.textContent)"
        )
        expected = [  # a grade's name in words: the scale, the grade spoken, its meaning
            spoken_grade(release.grading, scale, getattr(indexed, scale))
            if getattr(indexed, scale)
            else f"not printed{LABELS[scale]} not printed"
            for scale in SCALES
        ]
        assert labels == expected, indexed.id
    page.close()


def test_copy_link_gives_the_permalink(browser, site_url):
    """The copy-link button puts the recommendation's own URL on the clipboard."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/r/bma-zoledronate-q12w/#where-the-source-prints-it")
    page.click("button.copy-link")
    page.wait_for_function("document.querySelector('.copy-link-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}/2024.1E/r/bma-zoledronate-q12w/"
    assert page.text_content(".cite-url") == f"{site_url}/2024.1E/r/bma-zoledronate-q12w/"
    context.close()


def test_grade_meaning_is_reachable_by_keyboard(context, site_url):
    """Tabbing to a badge focuses it and shows its official meaning as a tooltip."""
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/topics/bone-modifying-agents/")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('grade')"):
            break
    focused = page.evaluate(
        "({label: document.activeElement.getAttribute('aria-label'), href: document.activeElement.href})"
    )
    assert focused["label"] == (
        "Oxford level of evidence 1a: Systematic review (with homogeneity) of randomised controlled trials"
    )
    assert focused["href"].endswith("/grades/#loe-1a")
    badge = page.locator("a.grade:focus")
    # Material links the badge to its own tooltip; another one (a heading's permalink) may still be open
    expect(badge).to_have_attribute("aria-describedby", re.compile(r"\S"), timeout=30_000)
    tooltip = page.locator(f"#{badge.get_attribute('aria-describedby')}")
    expect(tooltip).to_have_class(re.compile(r"\bmd-tooltip2--active\b"), timeout=30_000)
    expect(tooltip).to_contain_text("Systematic review (with homogeneity) of randomised controlled trials")
    page.close()


def test_axe_reports_no_serious_or_critical_violation_on_any_page(context, built_site, site_url):
    """axe-core, injected from npm, finds no serious or critical violation on any page of the release
    (diagrams drawn, Material's version selector in place). No rule is exempt."""
    page = context.new_page()
    found: dict[str, list] = {}
    checked = 0
    for path in _pages(built_site):
        page.goto(f"{site_url}/2024.1E/{path.lstrip('/')}")
        page.wait_for_selector(".md-version__current", timeout=30_000)
        if page.locator("figure.flow-diagram").count():
            page.wait_for_selector("figure.flow-diagram.rendered", timeout=30_000)
        serious = serious_violations(page)
        if serious:
            found[path] = serious
        checked += 1
    page.close()
    assert checked > 150
    assert found == {}


@pytest.mark.parametrize(
    ("path", "table", "columns"),
    [("topics/bone-modifying-agents/", "table.rec-table", 4), ("topics/side-effect-matrix/", "table.symbol-table", 7)],
)
def test_topic_table_shows_every_column_at_375_px(browser, site_url, tmp_path, path, table, columns):
    """On a phone every column of a topic's table is on screen and the page never scrolls sideways."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/{path}")
    page.screenshot(path=str(tmp_path / "topic-375.png"), full_page=True)
    boxes = page.eval_on_selector_all(f"{table} thead th", "els => els.map(e => e.getBoundingClientRect().right)")
    assert len(boxes) == columns
    assert max(boxes) <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_filtering_the_index_by_ago_grade(context, site_url, release):
    """Choosing an AGO grade leaves exactly the recommendations with that grade."""
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/recommendations/")
    page.select_option("select[data-filter=ago]", "--")
    visible = page.eval_on_selector_all("table.all-recs tbody tr:not([hidden])", "rows => rows.length")
    assert visible == sum(1 for indexed in graded_recommendations(release) if indexed.ago == "--")
    page.close()


def _flow_pages(release) -> list[tuple[str, int]]:
    return [(f"flows/{flow.id}/", len(flow.nodes)) for flow in release.flows] + [
        (f"cases/{case.id}/", len(release.flow(case.flow).nodes)) for case in release.cases
    ]


def test_every_flow_and_case_diagram_renders_offline_with_its_nodes(context, site_url, release):
    """Each diagram becomes an SVG from the site's own Mermaid, one node per flow node, nothing fetched elsewhere."""
    page = context.new_page()
    foreign, errors = [], []
    page.on("request", lambda request: foreign.append(request.url) if "127.0.0.1" not in request.url else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    counts = {}
    for path, expected in _flow_pages(release):
        page.goto(f"{site_url}/2024.1E/{path}")
        page.wait_for_selector("figure.flow-diagram.rendered, figure.flow-diagram.failed", timeout=30000)
        counts[path] = (page.locator("figure.flow-diagram svg g.node").count(), expected)
    page.close()
    assert {path: found for path, (found, _) in counts.items()} == {path: n for path, (_, n) in counts.items()}
    assert len(counts) >= 14
    assert foreign == []
    assert errors == []


def test_mermaid_loads_only_where_a_diagram_is(context, site_url):
    """A topic page does not pay for Mermaid; a flow page loads it from this site."""
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto(f"{site_url}/2024.1E/topics/bone-modifying-agents/")
    assert not [url for url in scripts if "mermaid" in url]
    page.goto(f"{site_url}/2024.1E/flows/bone-modifying-agent/")
    assert [url for url in scripts if url.endswith("/2024.1E/assets/vendor/mermaid.min.js")]
    page.close()


def test_action_node_with_one_recommendation_links_to_its_page(context, site_url):
    """Clicking an action node in the diagram opens the recommendation it cites."""
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/flows/spinal-cord-compression/")
    page.wait_for_selector("figure.flow-diagram.rendered", timeout=30000)
    page.locator('a.flow-node-link[href$="r/mscc-rt-regimen/"]').click()
    page.wait_for_url("**/r/mscc-rt-regimen/")
    assert "Radiatiotherapy regimen" in page.locator("h1").inner_text()
    page.close()


def test_case_page_highlights_its_path_in_the_diagram(context, site_url, release):
    """The nodes on the case's path carry the highlight class in the SVG; the others do not."""
    case = release.case("mscc-no-surgical-indication")
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/cases/{case.id}/")
    page.wait_for_selector("figure.flow-diagram.rendered", timeout=30000)
    highlighted = page.locator("figure.flow-diagram svg g.node.onpath").count()
    page.close()
    assert highlighted == len(case.expected.path)
