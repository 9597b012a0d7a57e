"""Grades and state for every sense: each badge named in words (AGO '-' and '--' are said as nothing by
screen readers), the search count announced, forced colours keep highlights and icons (axe clean), the
version selector says whether it is open."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.axe import serious_violations
from tests.test_print_notice import page_kinds

# Written here, not imported: how the AGO signs are said (macros/grades.py must agree).
SPOKEN = {"++": "double plus", "+": "plus", "+/-": "plus-minus", "-": "minus", "--": "double minus"}
LABELS = {"loe": "Oxford level of evidence", "gr": "Oxford grade of recommendation", "ago": "AGO grade"}
BADGE = re.compile(r'<a class="grade grade-(loe|gr|ago)[^"]*"[^>]*aria-label="([^"]*)"[^>]*>([^<]*)')


def test_every_grade_badge_on_every_page_is_named_in_words_with_its_meaning(built_site: Path, release):
    """On all pages: 'AGO grade minus: <meaning from grading.yaml>', never the bare sign."""
    badges = 0
    wrong = []
    for path in sorted((built_site / "2024.1E").rglob("*.html")):
        for scale, label, shown in BADGE.findall(path.read_text(encoding="utf-8")):
            value = html.unescape(shown)
            spoken = SPOKEN[value] if scale == "ago" else value
            expected = f"{LABELS[scale]} {spoken}: {getattr(release.grading, scale).meaning(value)}"
            if html.unescape(label) != expected:
                wrong.append((path.name, label))
            badges += 1
    assert badges > 1000
    assert wrong == []


def test_ago_filter_options_are_said_in_words(built_site: Path):
    """Outside badges too: the All recommendations AGO filter names '--' 'double minus'."""
    listing = (built_site / "2024.1E/recommendations/index.html").read_text(encoding="utf-8")
    options = dict(re.findall(r'<option value="([^"]+)" aria-label="([^"]+)">', listing))
    assert {html.unescape(value): name for value, name in options.items()} == {
        value: SPOKEN[value] for value in ("++", "+", "+/-", "-", "--")
    }


@pytest.mark.browser
def test_chromium_gives_minus_badges_their_names_in_words(browser, site_url, release):
    """Chromium's accessibility tree: the AGO '-' (slide 1) and '--' (slide 5) badges are named in words."""
    page = browser.new_page()
    page.goto(f"{site_url}/2024.1E/topics/bisphosphonates-mbc/")
    minus = page.locator("a.grade-ago-minus").first
    expect(minus).to_have_accessible_name(f"AGO grade minus: {release.grading.ago.meaning('-')}")
    page.goto(f"{site_url}/2024.1E/topics/bone-modifying-agents/")
    expect(page.locator("a.grade-ago-minusminus").first).to_have_accessible_name(
        f"AGO grade double minus: {release.grading.ago.meaning('--')}"
    )
    page.close()


@pytest.mark.browser
def test_the_search_result_count_is_a_live_region(browser, site_url):
    """Typing a query changes the count in a polite status region, which screen readers announce."""
    page = browser.new_page()
    page.goto(f"{site_url}/2024.1E/")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_attribute("role", "status")
    expect(meta).to_have_attribute("aria-live", "polite")
    page.locator(".md-search__input").click(force=True)
    page.keyboard.type("denosumab")
    expect(meta).to_contain_text(re.compile(r"\d+ matching documents"), timeout=30_000)
    page.close()


@pytest.mark.browser
def test_the_version_selector_says_whether_its_list_is_open(browser, site_url):
    """aria-expanded follows the list: false at rest, true while the selector has focus, false after."""
    page = browser.new_page()
    page.goto(f"{site_url}/2024.1E/")
    button = page.locator(".md-version__current")
    expect(button).to_have_attribute("aria-expanded", "false", timeout=30_000)
    expect(button).to_have_attribute("aria-controls", re.compile(r"\S"))
    button.focus()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.locator(".md-search__input").focus()
    page.mouse.move(0, 800)
    expect(button).to_have_attribute("aria-expanded", "false")
    page.close()


# The colour an element or its icon is painted with under forced colours, and the page's background.
PAINT = """([selector, pseudo]) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const style = getComputedStyle(el, pseudo || null);
  return {background: style.backgroundColor, page: getComputedStyle(document.body).backgroundColor,
          mask: style.maskImage || style.webkitMaskImage || 'none'};
}"""


@pytest.mark.browser
def test_forced_colours_keep_the_highlighted_line_and_the_icons(browser, site_url):
    """Under forced colours the highlighted source line and Material's mask icons are painted, not the page colour."""
    context = browser.new_context(forced_colors="active")
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/r/radionuclides-radium-223/")
    line = page.evaluate(PAINT, [".source-excerpt .hl", ""])
    assert line["background"] != line["page"]
    for selector, pseudo in [(".md-nav__icon", "::after"), (".md-version__current", "::after")]:
        page.wait_for_selector(selector, state="attached", timeout=30_000)
        icon = page.evaluate(PAINT, [selector, pseudo])
        assert icon["mask"] != "none" and icon["background"] not in (icon["page"], "rgba(0, 0, 0, 0)"), selector
    page.goto(f"{site_url}/2024.1E/topics/radionuclides/")
    icon = page.evaluate(PAINT, [".admonition-title", "::before"])
    assert icon["background"] not in (icon["page"], "rgba(0, 0, 0, 0)")
    context.close()


@pytest.mark.browser
def test_axe_is_clean_under_forced_colours_on_every_page_kind(browser, built_site, site_url):
    """axe-core finds no serious or critical violation on one page of each kind with forced colours active."""
    context = browser.new_context(forced_colors="active")
    page = context.new_page()
    found = {}
    kinds = page_kinds(built_site / "2024.1E")
    for kind, path in kinds.items():
        page.goto(f"{site_url}/2024.1E/{path}")
        page.wait_for_selector(".md-version__current", timeout=30_000)
        if page.locator("figure.flow-diagram").count():
            page.wait_for_selector("figure.flow-diagram.rendered", timeout=60_000)
        serious = serious_violations(page)
        if serious:
            found[kind] = serious
    context.close()
    assert len(kinds) >= 12
    assert found == {}
