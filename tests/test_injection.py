"""Hostile clinical text renders as text: no script runs, no template or Markdown syntax takes effect.

The corpus (tests/fixtures/injection) plants markup, a `</title>` break-out, Jinja, Markdown and
Mermaid syntax in every field that reaches a page: release, slide and short titles, recommendation
text, flow and case titles, summaries, vignettes, a retirement reason and an erratum. Two releases,
so the retired page and the "What changed" page carry the corpus too.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.index import graded_recommendations
from macros.load import load_all
from scripts.sitebuild import build_site
from tests.conftest import FIXTURES

HOSTILE_TEXTS = [
    'Text with <img src=x onerror="window.__pwned=2"> image',
    "Jinja {{ 7*7 }} and {% if true %}x{% endif %}",
    "Markdown [click](javascript:window.__pwned=3) and | pipe | *stars*",
    "Mermaid A-->B; click A call x() end",
]
BREAKOUT = "</title><script>window.__pwned=9</script>"
RELEASES = ("2031.1", "2031.2")
# Every kind of page, with where the corpus reaches it (release, path).
PAGE_KINDS = {
    "home": ("2031.2", ""),
    "topic": ("2031.2", "topics/injection/"),
    "recommendation": ("2031.2", "r/html-image/"),
    "source": ("2031.2", "source/slide-01/"),
    "flow": ("2031.2", "flows/hostile-flow/"),
    "case": ("2031.2", "cases/hostile-case/"),
    "print": ("2031.2", "print/"),
    "retired": ("2031.2", "r/retired-item/"),
    "changes": ("2031.2", "changes/"),
    "all recommendations": ("2031.2", "recommendations/"),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    build_site(out, FIXTURES / "injection")
    return out


@pytest.fixture(scope="module")
def hostile_releases():
    return {release.id: release for release in load_all(FIXTURES / "injection")}


def _pages(site: Path) -> list[Path]:
    return sorted(path for release in RELEASES for path in (site / release).rglob("*.html"))


class _LiveMarkup(HTMLParser):
    """What a browser would run or show as markup: script elements, event handlers, elements inside <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.titles: list[str] = []
        self.descriptions: list[str] = []
        self.script_type = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "title" in self.stack:
            self.problems.append(f"<{tag}> inside <title>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and dict(attrs).get("name") == "description":
            self.descriptions.append(dict(attrs).get("content") or "")
        if tag == "script":
            self.script_type = dict(attrs).get("type") or ""
        if tag not in ("meta", "link", "img", "br", "hr", "input", "source", "wbr", "col", "area", "base"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.titles.append(data)
        if self.stack and self.stack[-1] == "script":
            if self.script_type == "application/ld+json":  # data, not code: it must stay one JSON value
                try:
                    json.loads(data)
                except ValueError:
                    self.problems.append(f"<script type=application/ld+json> broken: {data.strip()[:60]}")
            elif "__pwned" in data:
                self.problems.append(f"<script>{data.strip()[:60]}")


def _parse(path: Path) -> _LiveMarkup:
    parser = _LiveMarkup()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_the_corpus_reaches_every_kind_of_page(hostile_site):
    """The fixture builds every page kind in both releases; each kind shows the planted text."""
    for kind, (release_id, path) in PAGE_KINDS.items():
        page = hostile_site / release_id / path / "index.html"
        assert page.is_file(), kind
        assert "__pwned" in page.read_text(encoding="utf-8"), kind


def test_hostile_text_appears_literally_on_the_topic_page(hostile_site):
    """Each hostile string is shown character for character, not interpreted."""
    for release_id in RELEASES:
        page = (hostile_site / release_id / "topics/injection/index.html").read_text(encoding="utf-8")
        body = page.split("<body", 1)[1]
        visible = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
        for text in [*HOSTILE_TEXTS, BREAKOUT]:
            assert text in visible, (release_id, text)
        assert "49" not in visible.split("Jinja")[1][:20]
        assert 'href="javascript:' not in page


def test_no_raw_markup_from_data_reaches_any_page(hostile_site):
    """No data string arrives as live HTML anywhere, head included: nav, <title>, meta, tables, pages."""
    offenders = []
    pages = _pages(hostile_site)
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for live in (
            "<script>window.__pwned",
            BREAKOUT,
            "<img src=x onerror",
            "<i>one</i>",
            "<b>publisher",
            "<b>bold",
        ):
            if live in text:
                offenders.append(f"{path.relative_to(hostile_site)}: {live}")
    assert len(pages) >= 2 * 17
    assert offenders == []


def test_no_page_has_a_planted_element_or_handler_in_head_or_body(hostile_site):
    """Parsed as a browser would: one <title> holding text only, no event handler, no planted script."""
    problems = {}
    for path in _pages(hostile_site):
        parsed = _parse(path)
        if parsed.problems or len(parsed.titles) != 1:
            problems[str(path.relative_to(hostile_site))] = parsed.problems or parsed.titles
    assert problems == {}


def test_titles_and_descriptions_carry_the_data_as_text(hostile_site, hostile_releases):
    """<title> and <meta name=description> read, once unescaped, exactly the planted characters."""
    release = hostile_releases["2031.2"]
    for indexed in graded_recommendations(release):
        parsed = _parse(hostile_site / "2031.2" / f"r/{indexed.id}/index.html")
        assert parsed.titles[0].startswith(indexed.text + " - Injection <script>"), indexed.id
        assert parsed.descriptions[0].startswith(indexed.text + " ("), indexed.id
    flow = _parse(hostile_site / "2031.2/flows/hostile-flow/index.html")
    assert flow.titles[0].startswith(release.flow("hostile-flow").title + " - ")
    case = _parse(hostile_site / "2031.2/cases/hostile-case/index.html")
    assert case.titles[0].startswith(release.case("hostile-case").title + " - ")
    retired = _parse(hostile_site / "2031.2/r/retired-item/index.html")
    assert retired.descriptions[0].endswith(release.metadata.retired[0].reason)
    home = _parse(hostile_site / "2031.2/index.html")
    assert home.titles[0] == f"{release.metadata.title} · 2031.2"


def test_exports_keep_every_hostile_text_exactly(hostile_site, hostile_releases):
    """JSON and CSV hold each text character for character (their own quoting, nothing stripped or added)."""
    for release_id in RELEASES:
        release = hostile_releases[release_id]
        expected = [(indexed.id, indexed.text, indexed.topic.title.text) for indexed in graded_recommendations(release)]
        data = hostile_site / release_id / "data"
        document = json.loads((data / "guideline.json").read_text(encoding="utf-8"))
        assert [(r["id"], r["text"], r["topic"]["title"]) for r in document["recommendations"]] == expected
        assert document["release"]["title"] == release.metadata.title
        rows = list(csv.DictReader(io.StringIO((data / "recommendations.csv").read_text(encoding="utf-8-sig"))))
        assert [(row["id"], row["text"], row["topic_title"]) for row in rows] == expected
        flows = json.loads((data / "flows.json").read_text(encoding="utf-8"))
        assert BREAKOUT in json.dumps(flows, ensure_ascii=False)


def test_search_index_holds_the_corpus_only_as_escaped_text(hostile_site):
    """Material shows index titles and texts as HTML: data must arrive there as entities, never as tags."""
    for release_id in RELEASES:
        documents = json.loads((hostile_site / release_id / "search/search_index.json").read_text(encoding="utf-8"))
        everything = " ".join(doc["title"] + " " + doc["text"] for doc in documents["docs"])
        for raw in ("<script", "<img", "</title", "<b>", "<i>"):
            assert raw not in everything, (release_id, raw)
        assert html.unescape(html.escape(HOSTILE_TEXTS[0])) in html.unescape(everything)


@pytest.mark.browser
def test_no_injected_script_runs_in_the_browser(browser, hostile_site, serve):
    """Visiting every page of both hostile releases runs none of the injected code and opens no dialog."""
    base = serve(hostile_site)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visited = []
    for release_id in RELEASES:
        for path in sorted((hostile_site / release_id).glob("**/index.html")):
            relative = path.parent.relative_to(hostile_site).as_posix()
            page.goto(f"{base}/{relative}/")
            if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):  # a moved address: check where it lands
                page.wait_for_url(lambda url, relative=relative: not url.rstrip("/").endswith(relative))
                page.wait_for_load_state()
            assert page.evaluate("typeof window.__pwned") == "undefined", relative
            visited.append(relative)
    page.close()
    assert dialogs == []
    for release_id, path in PAGE_KINDS.values():
        assert f"{release_id}/{path}".rstrip("/") in visited


@pytest.mark.browser
def test_search_results_of_hostile_text_run_nothing(browser, hostile_site, serve):
    """Searching the planted words shows results (Material renders them as HTML) and runs none of them."""
    from tests.test_browser import _search

    base = serve(hostile_site)
    page = browser.new_page()
    page.goto(f"{base}/2031.2/")
    for query in ("image", "pwned", "script", "title", "retired"):
        _search(page, query)
        assert page.evaluate("typeof window.__pwned") == "undefined", query
    page.close()


@pytest.mark.browser
def test_hostile_flow_labels_render_as_text_in_the_diagram(browser, hostile_site, serve):
    """Mermaid syntax, directives and markup in flow text stay text inside the rendered SVG."""
    base = serve(hostile_site)
    page = browser.new_page()
    for path in ("flows/hostile-flow/", "cases/hostile-case/"):
        page.goto(f"{base}/2031.1/{path}")
        page.wait_for_selector("figure.flow-diagram.rendered", timeout=30000)
        assert page.locator("figure.flow-diagram svg g.node").count() == 3
        labels = page.locator("figure.flow-diagram .flow-svg").inner_text()
        assert '<img src=x onerror="window.__pwned=6">' in labels
        assert "%%{init:" in labels
        assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()
