"""Reading on a 390 px phone and a 1280 px desktop: pages that fit, grades that sort in their scale's
order, headers that keep their words whole, flows that fit the column, the notice said once."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from macros.grades import scale_order
from macros.index import graded_recommendations

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 844}  # 1280 px at 400 % zoom (WCAG 1.4.10 reflow)
DESKTOP = {"width": 1280, "height": 900}
DRAWN = "figure.flow-diagram.rendered, figure.flow-diagram.failed"

# Every word (split at spaces, hyphens, en dashes and slashes, where a break is fine) that a line break cuts:
# the word's text then covers more than one line box.
BROKEN_WORDS = """sel => [...document.querySelectorAll(sel)].flatMap(cell => {
  const broken = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(/[^\\s\\-\\/\u2013]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
})"""


# Pixels between the bottom of the page title's words and the bottom of the title.
BLANK_BELOW_TITLE = """() => {
  const title = document.querySelector('.md-content h1');
  if (!title) return 0;
  const words = document.createRange();
  words.selectNodeContents(title);
  const link = title.querySelector('.headerlink');
  if (link) words.setEndBefore(link);
  return Math.round(title.getBoundingClientRect().bottom - words.getBoundingClientRect().bottom);
}"""


# Classes of the tables shown whose cells touch their neighbours (no padding: 'LoEGRAGO'); a table not
# drawn at this width (the map's grid below 960 px) shows no cells.
CELLS_WITHOUT_PADDING = """() => [...new Set([...document.querySelectorAll('.md-content table')]
  .filter(table => table.getClientRects().length > 0)
  .filter(table => [...table.querySelectorAll('th, td')].some(cell => parseFloat(getComputedStyle(cell).paddingLeft) < 1))
  .map(table => table.className || 'table'))]"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    yield context
    context.close()


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
    yield context
    context.close()


def _pages(built_site: Path) -> list[str]:
    """Every page of the release that a reader reads (an old address forwarding to its new one is no page
    of its own: tests/test_addresses.py checks where it leads)."""
    root = built_site / "2024.1E"
    return sorted(
        path.parent.relative_to(root).as_posix() + "/" if path.parent != root else ""
        for path in root.rglob("index.html")
        if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8")
    )


def _open(context, url: str):
    page = context.new_page()
    page.goto(url)
    if page.locator("figure.flow-diagram").count():
        page.wait_for_selector(DRAWN, timeout=60_000)
    return page


@pytest.mark.parametrize("width", [PHONE["width"], NARROW["width"]])
def test_no_page_of_the_release_is_wider_than_a_phone_or_400_percent_zoom(browser, built_site, site_url, width):
    """document.documentElement.scrollWidth <= 390 (a phone) and <= 320 (400 % zoom, WCAG 1.4.10) on every
    page, diagrams drawn; no table header
    or page title on any page breaks inside a word; every table cell has room around its words; no title ends in a line that shows nothing (an unseen permalink
    sign wrapped to a line of its own left a 40 px gap under 'All recommendations')."""
    context = browser.new_context(viewport={**PHONE, "width": width}, device_scale_factor=1)
    page = context.new_page()
    too_wide, broken, blank_lines, unpadded = {}, {}, {}, {}
    pages = _pages(built_site)
    for path in pages:
        page.goto(f"{site_url}/2024.1E/{path}")
        if page.locator("figure.flow-diagram").count():
            page.wait_for_selector(DRAWN, timeout=60_000)
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        if scrolled > width:
            too_wide[path] = scrolled
        words = page.evaluate(BROKEN_WORDS, ".md-content table th, .md-content h1")
        if words:
            broken[path] = words
        if (blank := page.evaluate(BLANK_BELOW_TITLE)) > 10:  # a line of text is about 40 px
            blank_lines[path] = blank
        if tight := page.evaluate(CELLS_WITHOUT_PADDING):
            unpadded[path] = tight
    context.close()
    assert len(pages) > 150
    assert too_wide == {}
    assert broken == {}
    assert blank_lines == {}
    assert unpadded == {}


def test_the_index_shows_its_filters_and_every_grade_column_on_a_phone(phone, site_url):
    """The topic filter, the LoE, GR and AGO filters and columns are all within the 390 px screen."""
    page = phone.new_page()
    page.goto(f"{site_url}/2024.1E/recommendations/")
    rights = page.eval_on_selector_all(
        ".rec-filters select, table.all-recs thead th:not(:nth-child(2))",
        "els => els.map(e => e.getBoundingClientRect().right)",
    )
    headers = page.eval_on_selector_all("table.all-recs thead th", "els => els.map(e => e.textContent.trim())")
    page.close()
    assert len(rights) == 4 + 4
    assert max(rights) <= PHONE["width"]
    assert headers == ["Recommendation", "Topic", "LoE", "GR", "AGO"]


HEADER_PAGES = [
    "recommendations/",
    "topics/side-effect-matrix/",
    "topics/bone-modifying-agents/",
    "topics/dosing-interval-trials/",
    "topics/osteoporosis-drugs/",
    "glossary/",
    "grades/",
    "r/bone-vitamin-d3/",
    "cases/onj-high-risk/",
]


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("path", HEADER_PAGES)
def test_table_headers_and_index_topics_never_break_inside_a_word(request, site_url, width, path):
    """LoE, GR, AGO, matrix headers and the index's topic names wrap between words only."""
    page = _open(request.getfixturevalue(width), f"{site_url}/2024.1E/{path}")
    broken = page.evaluate(BROKEN_WORDS, ".md-content table th, .md-content table.all-recs td:nth-child(2)")
    styles = page.eval_on_selector_all(
        ".md-content table th",
        "els => els.map(e => getComputedStyle(e)).map(s => [s.wordBreak, s.overflowWrap, s.hyphens].join(' '))",
    )
    page.close()
    assert broken == []
    assert all(s == "normal normal manual" for s in styles), set(styles)


def _column(page, index: int, key: str) -> list[str]:
    page.click(f"table.all-recs thead th:nth-child({index})")
    return page.eval_on_selector_all("table.all-recs tbody tr", f"rows => rows.map(r => r.dataset.{key})")


@pytest.mark.parametrize(("index", "scale"), [(3, "loe"), (4, "gr"), (5, "ago")])
def test_index_sorts_grades_in_the_order_of_their_scale_both_ways(desktop, site_url, release, index, scale):
    """First click: strongest first (LoE 1a < 1b < ... 3b < 3c < 3d < 4 < 5, GR A..D, AGO ++..--), not
    printed last; second click: the reverse. Ties keep the source order."""
    order = [*scale_order(getattr(release.grading, scale)), "none"]
    graded = graded_recommendations(release)
    values = [getattr(indexed, scale) or "none" for indexed in graded]
    expected = sorted(values, key=order.index)
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/recommendations/")
    ascending = _column(page, index, scale)
    ascending_ids = page.eval_on_selector_all("table.all-recs tbody tr a[href*='/r/']", "a => a.map(e => e.href)")
    descending = _column(page, index, scale)
    sort = page.get_attribute(f"table.all-recs thead th:nth-child({index})", "aria-sort")
    page.close()
    assert ascending == expected
    assert descending == expected[::-1]
    assert sort == "descending"
    ties = [indexed.id for indexed in sorted(graded, key=lambda i: order.index(getattr(i, scale) or "none"))]
    assert [href.rstrip("/").rsplit("/", 1)[-1] for href in ascending_ids] == ties


def test_index_sorts_topics_in_slide_order(desktop, site_url, release):
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/recommendations/")
    topics = _column(page, 2, "topic")
    page.close()
    slides = {topic.id: topic.slide for topic in release.topics}
    assert [slides[t] for t in topics] == sorted(slides[i.topic.id] for i in graded_recommendations(release))


def test_index_filters_offer_the_values_present_in_scale_order(desktop, site_url, release):
    """Each grade filter lists what the release has, strongest first, then 'not printed' if any."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/recommendations/")
    offered = {
        scale: page.eval_on_selector_all(f"select[data-filter={scale}] option", "o => o.map(e => e.value)")[1:]
        for scale in ("loe", "gr", "ago")
    }
    page.select_option("select[data-filter=loe]", "none")
    shown = page.eval_on_selector_all("table.all-recs tbody tr:not([hidden])", "rows => rows.length")
    page.close()
    graded = graded_recommendations(release)
    for scale in ("loe", "gr", "ago"):
        present = {getattr(indexed, scale) for indexed in graded}
        expected = [v for v in scale_order(getattr(release.grading, scale)) if v in present]
        assert offered[scale] == expected + (["none"] if None in present else [])
    assert shown == sum(1 for indexed in graded if indexed.loe is None)


def test_a_grade_not_printed_says_so_in_place_on_a_phone(phone, site_url, release):
    """No hover needed: the cell's visible text says 'not printed'."""
    missing = next(indexed for indexed in graded_recommendations(release) if indexed.gr is None)
    page = phone.new_page()
    page.goto(f"{site_url}/2024.1E/recommendations/")
    row = page.locator(f"table.all-recs tbody tr:has(a[href$='/r/{missing.id}/'])")
    shown = row.locator("td.grade-cell").nth(1).locator(".grade-none > [aria-hidden=true]")
    assert shown.is_visible()
    assert shown.inner_text().strip() == "not printed"
    box = shown.bounding_box()
    page.close()
    assert box["width"] > 10 and box["x"] + box["width"] <= PHONE["width"]


def test_every_flow_diagram_fits_the_desktop_column_with_readable_labels(desktop, site_url, release):
    """At 1280 px no diagram is wider than the content column and no label is drawn under 11 px."""
    measured = {}
    paths = [f"flows/{flow.id}/" for flow in release.flows] + [f"cases/{case.id}/" for case in release.cases]
    for path in paths:
        page = _open(desktop, f"{site_url}/2024.1E/{path}")
        measured[path] = page.evaluate(
            """() => {
              const figure = document.querySelector('figure.flow-diagram.rendered');
              const svg = figure.querySelector('.flow-svg svg');
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              const fonts = [...svg.querySelectorAll('.nodeLabel, .edgeLabel')]
                .filter(e => e.textContent.trim())
                .map(e => parseFloat(getComputedStyle(e).fontSize) * scale);
              return {svg: svg.getBoundingClientRect().width,
                      column: document.querySelector('.md-content__inner').getBoundingClientRect().width,
                      scrolls: figure.classList.contains('scrolls'), font: Math.min(...fonts)};
            }"""
        )
        page.close()
    assert len(measured) == len(release.flows) + len(release.cases)
    assert {p: m for p, m in measured.items() if m["svg"] > m["column"] or m["scrolls"]} == {}
    assert {p: m["font"] for p, m in measured.items() if m["font"] < 11} == {}


def test_a_diagram_opens_full_size_zooms_and_closes(desktop, site_url):
    """The full-size view shows the SVG at its natural size in a modal dialog; Escape puts it back."""
    page = _open(desktop, f"{site_url}/2024.1E/flows/bone-modifying-agent/")
    fitted = page.evaluate("document.querySelector('figure.flow-diagram svg').getBoundingClientRect().width")
    page.click("figure.flow-diagram button.flow-open")
    dialog = page.wait_for_selector("dialog.flow-dialog[open] svg")
    natural = page.evaluate("document.querySelector('dialog.flow-dialog svg').viewBox.baseVal.width")
    assert round(dialog.bounding_box()["width"]) == round(natural)
    page.click("dialog.flow-dialog button.flow-zoom-in")
    assert dialog.bounding_box()["width"] > natural * 1.2
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.flow-dialog", state="detached")
    assert page.locator("figure.flow-diagram .flow-svg svg").count() == 1
    assert page.evaluate("document.activeElement.classList.contains('flow-open')")
    back = page.evaluate("document.querySelector('figure.flow-diagram svg').getBoundingClientRect().width")
    page.close()
    assert back == pytest.approx(fitted, abs=1)


def test_on_a_phone_the_numbered_steps_are_the_reading(phone, site_url):
    """The diagram is offered full size on request; the steps are on the page, not four screens of figure."""
    page = _open(phone, f"{site_url}/2024.1E/flows/bone-modifying-agent/")
    assert not page.locator("figure.flow-diagram .flow-svg").is_visible()
    assert page.locator("figure.flow-diagram button.flow-open").is_visible()
    figure = page.locator("figure.flow-diagram").bounding_box()
    assert figure["height"] < 200
    assert page.locator("ol.flow-steps > li").first.is_visible()
    page.click("figure.flow-diagram button.flow-open")
    page.wait_for_selector("dialog.flow-dialog[open] svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


def test_a_step_names_the_slide_of_each_recommendation(desktop, site_url):
    """The two 'Reduction of bone pain' in the first step read as bisphosphonates' and denosumab's."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/flows/bone-modifying-agent/")
    items = page.locator("#step-aims li").all_inner_texts()
    page.close()
    pain = [item for item in items if item.startswith("Reduction of bone pain")]
    assert len(pain) == 2
    assert "From slide 1: Bisphosphonates in Metastatic Breast Cancer" in pain[0]
    assert "From slide 2: Denosumab in Metastatic Breast Cancer" in pain[1]


def test_worked_example_facts_are_spaced(desktop, site_url):
    """'High risk for ONJ?' and its answer stand apart, not 'High risk for ONJ?yes'."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/cases/onj-high-risk/")
    gap = page.evaluate(
        """() => { const row = document.querySelector('table.case-facts tbody tr');
          const range = document.createRange(); range.selectNodeContents(row.querySelector('th'));
          const answer = document.createRange(); answer.selectNodeContents(row.querySelector('td'));
          return answer.getBoundingClientRect().left - range.getBoundingClientRect().right; }"""
    )
    page.close()
    assert gap >= 12


def test_the_home_page_says_the_notice_once_and_compactly_on_a_phone(phone, desktop, site_url):
    """On a phone one visible notice, in plain words, in under 80 px; wide screens keep the fuller box too."""
    page = phone.new_page()
    page.goto(f"{site_url}/2024.1E/")
    visible = [
        element.inner_text() for element in page.locator(".site-notice, .home-notice").all() if element.is_visible()
    ]
    height = page.locator(".md-banner").bounding_box()["height"]
    page.close()
    assert len(visible) == 1
    assert "for professional reference" in visible[0]
    assert "published source and clinical judgement prevail" in visible[0]
    assert height < 80
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/")
    assert page.locator(".home-notice").is_visible()
    page.close()


def test_print_page_draws_every_flow_and_case_whole(browser, site_url, release):
    """The page the PDF prints holds every topic, flow and worked example; each diagram is drawn and,
    printed, fits the page width."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/print/")
    page.wait_for_function(
        "[...document.querySelectorAll('figure.flow-diagram')]"
        ".every(f => f.classList.contains('rendered') || f.classList.contains('failed'))",
        timeout=120_000,
    )
    page.emulate_media(media="print")
    figures = page.evaluate(
        """() => [...document.querySelectorAll('figure.flow-diagram')].map(f => ({
             drawn: f.classList.contains('rendered'), label: f.getAttribute('aria-label'),
             width: f.querySelector('svg') ? f.querySelector('svg').getBoundingClientRect().width : 0,
             column: f.getBoundingClientRect().width}))"""
    )
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    context.close()
    assert len(figures) == len(release.flows) + len(release.cases)
    assert all(f["drawn"] and 0 < f["width"] <= f["column"] + 0.5 for f in figures), figures
    for flow in release.flows:
        assert any(f["label"] == f"Diagram of the flow {flow.title}" for f in figures)
    steps = [i for i in ids if "step-" in i]
    assert len(steps) == len(set(steps))


# Source lines whose text reaches left of their own line number's right edge (a wrapped line that
# continued under the number gutter, where it reads as part of the next numbered line).
UNDER_THE_GUTTER = """sel => [...document.querySelectorAll(sel)].flatMap(row => {
  const number = row.querySelector('.ln');
  if (!number) return [];
  const gutter = number.getBoundingClientRect().right;
  const range = document.createRange();
  range.setStartAfter(number);
  range.setEnd(row, row.childNodes.length);
  const stray = [...range.getClientRects()].filter(r => r.width > 0 && r.left < gutter - 1);
  return stray.length ? [number.textContent] : [];
})"""


@pytest.mark.parametrize("path", ["r/bp-mbc-resorption-markers/", "chapters/osteooncology/source/slide-03/"])
def test_a_wrapped_source_line_stays_beside_its_own_number_on_a_phone(phone, site_url, path):
    """At 390 px long source lines wrap; every continuation starts right of the line-number gutter."""
    page = _open(phone, f"{site_url}/2024.1E/{path}")
    rows = ".source-excerpt > span, .source-view > .source-line"
    assert page.locator(rows).count() > 3
    heights = page.eval_on_selector_all(rows, "rows => rows.map(row => row.getBoundingClientRect().height)")
    assert max(heights) > 1.5 * min(heights), "no line wraps at 390 px: the test would prove nothing"
    assert page.evaluate(f"({UNDER_THE_GUTTER})({rows!r})") == []
    page.close()


FULL_SIZE_VIEW = """() => {
  const dialog = document.querySelector('dialog.flow-dialog[open]');
  const view = dialog.querySelector('.flow-dialog-view'), svg = view.querySelector('svg');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom].map(Math.round); };
  const drawing = svg.getBoundingClientRect();
  const outside = [...svg.querySelectorAll('.nodeLabel, .edgeLabel')].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && (r.left < drawing.left - 1 || r.right > drawing.right + 1 || r.top < drawing.top - 1 || r.bottom > drawing.bottom + 1)).length;
  const hint = dialog.querySelector('.flow-dialog-hint');
  const result = {dialog: box(dialog), view: box(view), outside, hint: !!hint && hint.getBoundingClientRect().height > 0 && getComputedStyle(hint).visibility === 'visible'};
  view.scrollLeft = view.scrollWidth; view.scrollTop = view.scrollHeight;
  const end = svg.getBoundingClientRect(), frame = view.getBoundingClientRect();
  view.scrollLeft = 0; view.scrollTop = 0;
  const start = svg.getBoundingClientRect();
  result.reachable = end.right <= frame.right + 1 && end.bottom <= frame.bottom + 1 && start.left >= frame.left - 1 && start.top >= frame.top - 1;
  result.wider = drawing.width > frame.width;
  return result;
}"""


def test_on_a_phone_the_full_size_diagram_fills_the_screen_and_every_edge_is_reachable(phone, site_url, release):
    """At 390 x 844 the full-size view covers the screen to its bottom edge; scrolled to its ends, every
    side of every diagram comes into view, no label lies outside the drawing, and a diagram wider than
    the screen says it scrolls."""
    seen = {}
    for path in [f"flows/{flow.id}/" for flow in release.flows] + [f"cases/{case.id}/" for case in release.cases]:
        page = _open(phone, f"{site_url}/2024.1E/{path}")
        page.click("figure.flow-diagram button.flow-open")
        page.wait_for_selector("dialog.flow-dialog[open] svg")
        seen[path] = page.evaluate(FULL_SIZE_VIEW)
        page.close()
    assert {p: s["dialog"] for p, s in seen.items() if s["dialog"] != [0, 0, PHONE["width"], PHONE["height"]]} == {}
    assert {p: s["view"] for p, s in seen.items() if s["view"][2:] != [PHONE["width"], PHONE["height"]]} == {}
    assert {p: s for p, s in seen.items() if not s["reachable"] or s["outside"]} == {}
    assert {p: s for p, s in seen.items() if s["wider"] != s["hint"]} == {}
    assert any(s["wider"] for s in seen.values())


def test_the_history_table_keeps_its_columns_apart(phone, desktop, serve, tmp_path_factory):
    """A recommendation of a second release lists its history: at both widths its cells are padded and the
    LoE, GR and AGO headers stand apart (they read 'LoEGRAGO' when the table had no style)."""
    from scripts.sitebuild import build_site
    from tests.conftest import REPO

    site = tmp_path_factory.mktemp("two-releases") / "site"
    build_site(site, REPO / "tests/fixtures/injection", use_cache=False)
    url = serve(site)
    for context in (phone, desktop):
        page = context.new_page()
        page.goto(f"{url}/2031.2/r/html-image/")
        headers = page.eval_on_selector_all(
            "table.history-table thead th",
            """els => els.map(e => { const words = document.createRange(); words.selectNodeContents(e);
                                     const box = words.getBoundingClientRect();
                                     return [e.textContent.trim(), box.left, box.right]; })""",
        )
        tight = page.evaluate(CELLS_WITHOUT_PADDING)
        width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        page.close()
        assert width <= screen
        assert [text for text, *_ in headers] == ["Release", "Text", "LoE", "GR", "AGO"]
        gaps = [following[1] - previous[2] for previous, following in pairwise(headers)]
        assert min(gaps) >= 8, headers
        assert tight == []


CONTRAST = """element => {
  const rgb = value => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(element);
  const [fore, back] = [rgb(style.color), rgb(style.backgroundColor)];
  if (back.length === 4 && back[3] < 1) return 0;  // see-through: not a colour the text can be trusted on
  const [a, b] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("flow", ["spinal-cord-compression", "bone-modifying-agent"])
def test_the_full_size_view_opens_at_the_first_step_with_a_legible_focused_button(phone, site_url, flow):
    """On a phone the full-size view opens with the flow's first step wholly in view (it opened at the
    figure's middle, the first step half off-screen) and Close, focused, reads at 4.5:1 or more."""
    page = _open(phone, f"{site_url}/2024.1E/flows/{flow}/")
    page.click("figure.flow-diagram button.flow-open")
    page.wait_for_selector("dialog.flow-dialog[open] svg")
    first, view = page.evaluate(
        """() => [document.querySelector("dialog.flow-dialog g.node[id*='flowchart-n0-']").getBoundingClientRect().toJSON(),
                  document.querySelector('dialog.flow-dialog .flow-dialog-view').getBoundingClientRect().toJSON()]"""
    )
    focused = page.evaluate("document.activeElement.textContent")
    # Material fades a focused button's colour in: read it once it is opaque.
    page.wait_for_function(
        "!/rgba\\(.*, 0(\\.\\d+)?\\)$/.test(getComputedStyle(document.querySelector('button.flow-close')).backgroundColor)"
    )
    contrast = page.evaluate(CONTRAST, page.query_selector("dialog.flow-dialog button.flow-close"))
    page.close()
    assert view["left"] <= first["left"] and first["right"] <= view["right"], (first, view)
    assert focused == "Close"
    assert contrast >= 4.5


def test_a_step_link_in_the_full_size_view_closes_it_and_shows_the_step(phone, site_url):
    """Tapping a step in the full-size diagram closes the view and brings that step into view (the view
    stayed open over the page, so nothing visible happened)."""
    page = _open(phone, f"{site_url}/2024.1E/flows/bone-modifying-agent/")
    page.click("figure.flow-diagram button.flow-open")
    page.wait_for_selector("dialog.flow-dialog[open] svg")
    page.click("dialog.flow-dialog a.flow-node-link[href='#step-ask-progression']")
    page.wait_for_selector("dialog.flow-dialog", state="detached")
    page.wait_for_function("location.hash === '#step-ask-progression'")
    page.wait_for_function(
        "(() => { const r = document.getElementById('step-ask-progression').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; })()"
    )
    page.close()
