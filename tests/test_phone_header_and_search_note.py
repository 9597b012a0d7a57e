"""On the narrowest phones the header still names the site (not 'AGO …') and the search's vocabulary
note reads at the size of the other secondary text."""

from __future__ import annotations

import pytest

from tests.test_search import _ranked

pytestmark = pytest.mark.browser
WIDTHS = [320, 390]

# The words of the header's site name drawn whole inside its box (an ellipsis or a clamped line hides
# the rest): each word's box measured with a Range against the clipping box of the name.
VISIBLE_WORDS = """() => {
  const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
  const box = name.getBoundingClientRect();
  const text = name.firstChild;
  const words = [];
  const pattern = /\\S+/g;
  let found;
  while ((found = pattern.exec(text.data))) {
    const range = document.createRange();
    range.setStart(text, found.index);
    range.setEnd(text, found.index + found[0].length);
    const rects = [...range.getClientRects()];
    const whole = rects.length && rects.every(r => r.left >= box.left - 0.5 && r.right <= box.right + 0.5
      && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5);
    if (!whole) break;
    words.push(found[0]);
  }
  return {words, fontSize: parseFloat(getComputedStyle(name).fontSize)};
}"""


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def phone_page(request, browser, site_url):
    """The home page on a phone of that width (the version selector loaded, as readers see it)."""
    context = browser.new_context(viewport={"width": request.param, "height": 700}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/")
    page.wait_for_selector(".md-version__current")
    yield page
    context.close()


def test_the_header_names_the_site_on_a_phone(phone_page, release):
    """At 320 and 390 px at least 'AGO Breast Cancer Guideline' is drawn whole, at 12 px or more."""
    shown = phone_page.evaluate(VISIBLE_WORDS)
    assert " ".join(shown["words"]).startswith("AGO Breast Cancer Guideline"), shown
    assert shown["fontSize"] >= 12, shown
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= phone_page.viewport_size["width"]


def test_the_search_vocabulary_note_is_readable_on_a_phone(phone_page):
    """The editorial note above the results is at least 12 px and as large as the result count beside it."""
    phone_page.click("label.md-header__button[for=__search]")
    _ranked(phone_page, "Prolia")
    sizes = phone_page.evaluate(
        "[document.querySelector('.search-vocabulary'), document.querySelector('.md-search-result__meta')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    note, meta = sizes
    assert note >= 12 and note >= meta - 0.5, sizes
    # Where the reader sees it: once Material's search has slid into place (its CSS transitions ended);
    # an early answer was measured mid-slide, 32 px to the right.
    phone_page.wait_for_function(
        "document.getAnimations().filter(a => a.playState === 'running'"
        " && a.effect.getTiming().iterations !== Infinity).length === 0"
    )
    edges = phone_page.evaluate(
        "(() => { const range = document.createRange();"
        " range.selectNodeContents(document.querySelector('.search-vocabulary'));"
        " const r = range.getBoundingClientRect(); return [r.left, r.right, window.innerWidth]; })()"
    )
    assert edges[0] >= 8 and edges[1] <= edges[2] - 8, edges  # its words not flush against the screen's edges
    phone_page.keyboard.press("Escape")
