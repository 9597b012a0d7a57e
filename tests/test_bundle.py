"""`guideline bundle`: one zip with the release's site, its JSON and a PDF with every topic."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from macros.export import release_json
from macros.index import graded_recommendations
from macros.load import DATA_ROOT
from scripts.bundle import bundle, pdf_page_count
from tests.searching import answered
from tests.test_browser import _search

pytestmark = pytest.mark.browser  # Chromium prints the PDF


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = bundle("2024.1E", tmp_path_factory.mktemp("dist"), DATA_ROOT)
    with zipfile.ZipFile(path) as opened:
        yield path, {name: opened.read(name) for name in opened.namelist()}


@pytest.fixture(scope="module")
def unzipped(archive, tmp_path_factory) -> Path:
    """The bundle as a clinician has it after unzipping: a folder on disk."""
    path, _ = archive
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(path) as opened:
        opened.extractall(folder)
    return folder / "ago-breast-2024.1E"


def test_bundle_holds_site_json_pdf_and_readme(archive, release):
    path, files = archive
    root = "ago-breast-2024.1E/"
    assert path.name == "ago-breast-2024.1E.zip"
    assert files[root + "guideline.json"].decode() == release_json(release)
    assert root + "README.txt" in files
    assert root + "site/2024.1E/index.html" in files
    assert root + "site/2024.1E/r/bma-zoledronate-q12w.html" in files  # files, not folders: opens from disk
    assert root + "index.html" in files
    assert root + "site/2024.1E/search/search_index.js" in files
    assert root + "site/2024.1E/assets/vendor/iframe-worker/shim.js" in files
    versions = json.loads(files[root + "site/versions.json"])
    assert [entry["version"] for entry in versions] == ["2024.1E"]


def test_bundle_pdf_has_a_page_or_more_per_topic(archive, release):
    """Every topic starts a new printed page, after a cover page."""
    _, files = archive
    pdf = files["ago-breast-2024.1E/2024.1E.pdf"]
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) >= len(release.topics) + 1


def test_print_all_page_carries_every_topic_and_recommendation(archive, release):
    """The page the PDF prints holds every topic title and every recommendation's row."""
    _, files = archive
    page = files["ago-breast-2024.1E/site/2024.1E/print.html"].decode()
    assert page.count('class="page-break"') == len(release.topics)
    for indexed in graded_recommendations(release):
        assert f'id="{indexed.id}"' in page


def test_readme_says_open_by_double_click_not_a_server(archive):
    _, files = archive
    readme = files["ago-breast-2024.1E/README.txt"].decode()
    assert "index.html         open this (double-click)" in readme
    assert "http.server" not in readme


@pytest.mark.parametrize("width", [390, 1280])
def test_bundle_opens_from_disk_with_links_search_and_diagrams(browser, unzipped, width):
    """From file://: the bundle's index opens the release, a link opens a page (not a folder listing),
    search answers from the inlined index, a flow diagram renders; no request leaves the disk."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((unzipped / "index.html").as_uri())
    page.wait_for_url("**/site/2024.1E/index.html")
    page.locator('article a[href="topics/spinal-cord-compression.html"]').click()
    page.wait_for_url("**/site/2024.1E/topics/spinal-cord-compression.html")
    assert "Spinal Cord Compression" in page.locator("h1").inner_text()
    if width < 960:
        page.click("label.md-header__button[for=__search]")
    first = _search(page, "MSCC")  # retypes while the search worker is still building its index
    assert first.get_attribute("href").split("?")[0].endswith("topics/spinal-cord-compression.html")
    page.goto((unzipped / "site/2024.1E/flows/spinal-cord-compression.html").as_uri())
    page.wait_for_selector("figure.flow-diagram.rendered, figure.flow-diagram.failed", timeout=30_000)
    assert page.locator("figure.flow-diagram.rendered svg g.node").count() > 0
    if width <= 480:  # phones read the numbered steps; the diagram opens full size on request
        page.click("figure.flow-diagram button.flow-open")
    page.locator('a.flow-node-link[href$="r/mscc-rt-regimen.html"]').click()
    page.wait_for_url("**/site/2024.1E/r/mscc-rt-regimen.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))] == []
    assert errors == []


def test_bundle_pdf_is_the_complete_edition_with_flows_and_worked_examples(archive, release):
    """After the topics, every decision flow and worked example starts a new printed page, its diagram
    drawn (the bundle refuses to print an undrawn one)."""
    _, files = archive
    pdf = files["ago-breast-2024.1E/2024.1E.pdf"]
    page = files["ago-breast-2024.1E/site/2024.1E/print.html"].decode()
    assert pdf_page_count(pdf) >= len(release.topics) + len(release.flows) + len(release.cases) + 1
    assert page.count('class="page-break print-flow"') == len(release.flows)
    assert page.count('class="page-break print-case"') == len(release.cases)
    for flow in release.flows:
        assert f'id="{flow.id}-step-{flow.start}"' in page
    for case in release.cases:
        assert f'id="case-{case.id}-step-{release.flow(case.flow).start}"' in page
    assert "assets/vendor/mermaid.min.js" in page


def test_copy_link_and_citation_work_from_disk(browser, unzipped):
    """From file:// (no web address known): Copy link copies this file's address and says so; Copy citation
    copies the citation with its footnote and the access date."""
    from tests.test_copy_and_cite import RECORD_COPIES, TODAY

    page = browser.new_page()
    page.add_init_script(RECORD_COPIES)
    address = (unzipped / "site/2024.1E/r/bone-calcium.html").as_uri()
    page.goto(address)
    button = page.locator("button.copy-link")
    expect(button).to_be_visible()
    expect(button).to_have_text("Copy the address of this file")
    button.click()
    status = page.locator(".copy-link-status")
    expect(status).to_contain_text(re.compile(r"copied: file://|press Ctrl\+C"))
    copied = page.evaluate("window.__copied")
    assert copied and set(copied) == {address}
    page.evaluate("window.__copied = []")
    page.click("button.copy-citation")
    expect(status).to_contain_text(re.compile(r"Citation copied|press Ctrl\+C"))
    citation = page.evaluate("window.__copied")[-1]
    assert citation.startswith("AGO Breast Committee. Guidelines Breast, Version 2024.1E.")
    assert "Footnote **: if nutritional supply is insufficient" in citation
    assert citation.endswith(f"Accessed {page.evaluate(TODAY)}.")
    page.close()


def test_bundle_search_reads_clinicians_words_and_typos_from_disk(browser, unzipped):
    """From file:// (the iframe-worker shim, no server): a brand name and a one-letter typo find the agent."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto((unzipped / "site/2024.1E/index.html").as_uri())
    for query, location in (("denosumb", "r/bma-denosumab-q4w.html"), ("Forteo", "r/op-teriparatide.html")):
        hrefs = answered(page, query)
        assert any(href.split("?")[0].endswith(location) for href in hrefs[:3]), (query, hrefs[:5])
    context.close()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))] == []


def test_the_map_works_from_disk_and_prints_in_the_pdf(browser, archive, unzipped, release):
    """From file:// a cell of the map lists its recommendations and links their .html pages; the print page
    (the PDF's source) holds the map's grid and every placement in its list."""
    from macros.recmap import map_cells

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((unzipped / "site/2024.1E/map.html").as_uri())
    page.click('a.recmap-cell[data-situation="onj"][data-intervention="dental-care"]')
    chosen = page.eval_on_selector_all(".recmap-selection-body li.recmap-item", "items => items.map(i => i.dataset.recommendation)")
    assert chosen == [i.id for i in map_cells(release)[("onj", "dental-care")].recommendations]
    page.locator(".recmap-selection-body li.recmap-item a").first.click()
    page.wait_for_url("**/site/2024.1E/r/onj-avoid-elective-dental-procedures.html")
    context.close()
    _, files = archive
    printed = files["ago-breast-2024.1E/site/2024.1E/print.html"].decode()
    assert printed.count('class="recmap-cell"') == len(map_cells(release))
    listed = printed[printed.index('id="map-by-situation"'):].count('class="recmap-item"')
    assert listed == sum(len(cell.recommendations) for cell in map_cells(release).values())


def test_a_bundle_of_several_chapters_searches_every_chapter_from_disk(browser, tmp_path):
    """From file://, a release of several chapters is searched whole from its inlined index (no chapter
    parts, no note), on a chapter's page too; no request leaves the disk."""
    from tests.test_chapters_site import CHAPTERS, SNIPPETS, THREE, _release

    release = _release(THREE)
    with zipfile.ZipFile(bundle(THREE, tmp_path / "dist", CHAPTERS)) as opened:
        assert not [name for name in opened.namelist() if re.search(r"/search/(release|chapter-[^/]*)\.json$", name)]
        opened.extractall(tmp_path / "unzipped")
    site = tmp_path / "unzipped" / f"ago-breast-{THREE}" / "site" / THREE
    context = browser.new_context()
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / f"chapters/{release.chapters[-1].id}.html").as_uri())
    answered(page, "hypercalcemia")
    text = " ".join(page.evaluate(SNIPPETS))
    assert page.locator(".search-partial").count() == 0
    context.close()
    for chapter in release.chapters:
        assert chapter.inline_label in text, chapter.id
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))] == []
    assert errors == []
