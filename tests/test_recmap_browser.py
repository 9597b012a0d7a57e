"""The recommendation map in Debian's Chromium: cells list exactly their recommendations, keyboard alone
works, axe passes, phones get a list that never scrolls sideways, and the page works without JavaScript."""

from __future__ import annotations

import pytest

from macros.recmap import map_cells
from tests.axe import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def _chosen_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        ".recmap-selection-body li.recmap-item:not([hidden])", "items => items.map(i => i.dataset.recommendation)"
    )


def test_choosing_each_cell_lists_exactly_the_recommendations_placed_there(desktop, site_url, release):
    """All 30 cells: the selection holds the cell's recommendations of map.yaml, in source order, each once."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    cells = map_cells(release)
    assert page.locator("a.recmap-cell").count() == len(cells) == 30
    for (situation, intervention), cell in cells.items():
        page.click(f'a.recmap-cell[data-situation="{situation}"][data-intervention="{intervention}"]')
        assert _chosen_ids(page) == [indexed.id for indexed in cell.recommendations]
        heading = page.inner_text("#recmap-selection-title")
        assert heading.endswith(f": {len(cell.recommendations)} recommendation{'s' if len(cell.recommendations) > 1 else ''}")
        shown = page.inner_text(f'a.recmap-cell[data-situation="{situation}"][data-intervention="{intervention}"] .recmap-count')
        assert shown == str(len(cell.recommendations))
    page.close()


def test_choosing_a_situation_or_an_intervention_lists_its_cells(desktop, site_url, release):
    """A row lists its cells' recommendations (per intervention), a column its cells' (per situation)."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    cells = map_cells(release)
    page.click('a.recmap-row[data-situation="bone-loss"]')
    expected = [i.id for (s, _), cell in cells.items() if s == "bone-loss" for i in cell.recommendations]
    assert sorted(_chosen_ids(page)) == sorted(expected)
    titles = page.eval_on_selector_all(".recmap-selection-body h3", "hs => hs.map(h => h.textContent)")
    assert titles == ["Bisphosphonates", "Denosumab", "Other drugs", "Calcium, vitamin D, lifestyle", "Assessment, monitoring"]
    page.click('a.recmap-column[data-intervention="steroids"]')
    assert sorted(_chosen_ids(page)) == ["mscc-dexamethasone", "rt-pain-flare-dexamethasone"]
    assert page.inner_text("#recmap-selection-title") == "Steroids (intervention): 2 recommendations"
    page.close()


def test_each_listed_recommendation_carries_its_three_grades_and_link(desktop, site_url, release):
    """In a selection every item links to its page and shows LoE, GR and AGO as the data has them."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    page.click('a.recmap-cell[data-situation="side-effects"][data-intervention="denosumab"]')
    items = page.eval_on_selector_all(
        ".recmap-selection-body li.recmap-item",
        "items => items.map(i => [i.querySelector('a').getAttribute('href'), "
        "[...i.querySelectorAll('.recmap-grades .grade')].map(g => g.textContent.trim())])",
    )
    cell = map_cells(release)[("side-effects", "denosumab")]
    assert len(items) == len(cell.recommendations)
    for (href, grades), indexed in zip(items, cell.recommendations, strict=True):
        assert href == f"../r/{indexed.id}/"
        for shown, value in zip(grades, (indexed.loe, indexed.gr, indexed.ago), strict=True):
            assert shown.rstrip("†") == value if value is not None else shown.startswith("not printed")
    page.close()


def test_the_grade_filter_narrows_cells_and_selection(desktop, site_url, release):
    """AGO ++ only: every cell's count is its ++ recommendations, and the chosen cell lists only those."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    page.click('a.recmap-cell[data-situation="bone-metastases"][data-intervention="bisphosphonates"]')
    page.select_option('.recmap-filters select[data-filter="ago"]', "++")
    for (situation, intervention), cell in map_cells(release).items():
        count = page.inner_text(f'a.recmap-cell[data-situation="{situation}"][data-intervention="{intervention}"] .recmap-count')
        assert count == str(sum(1 for indexed in cell.recommendations if indexed.ago == "++")), (situation, intervention)
    cell = map_cells(release)[("bone-metastases", "bisphosphonates")]
    assert _chosen_ids(page) == [indexed.id for indexed in cell.recommendations if indexed.ago == "++"]
    words = page.inner_text('a.recmap-cell[data-situation="bone-metastases"][data-intervention="bisphosphonates"] .recmap-words')
    assert words == "Bone metastases, Bisphosphonates: 11 recommendations matching the filters; AGO grades: 11 double plus"
    page.close()


def test_the_map_works_by_keyboard_alone(desktop, site_url, release):
    """Tab reaches the first cell, Enter lists it and moves focus to the selection; Shift+Tab goes back."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    page.locator("h1").click()  # start from the page's content, as a reader who read the title
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('recmap-cell')"):
            break
    assert page.evaluate("document.activeElement.dataset.intervention") == "bisphosphonates"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.intervention") == "denosumab"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('recmap-selection')")
    cell = map_cells(release)[("bone-metastases", "denosumab")]
    assert _chosen_ids(page) == [indexed.id for indexed in cell.recommendations]
    assert page.get_attribute('a.recmap-cell[data-situation="bone-metastases"][data-intervention="denosumab"]', "aria-current") == "true"
    page.close()


def test_axe_passes_on_the_map_with_a_cell_chosen_and_a_filter_set(desktop, site_url):
    """No serious or critical axe violation on the map page as a reader leaves it."""
    page = desktop.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    page.wait_for_selector(".md-version__current", timeout=30_000)
    page.click('a.recmap-cell[data-situation="onj"][data-intervention="dental-care"]')
    page.select_option('.recmap-filters select[data-filter="gr"]', "A")
    page.click("details#situation-onj summary")
    assert [violation["id"] for violation in serious_violations(page)] == []
    page.close()


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_the_map_is_a_list_by_situation_that_never_scrolls_sideways(browser, site_url, release, width, tmp_path):
    """No grid, every situation as a disclosure; opened, each recommendation fits the screen."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    assert not page.is_visible("table.recmap")
    summaries = page.eval_on_selector_all("details.recmap-situation summary", "s => s.length")
    assert summaries == len(release.recommendation_map.situations)
    page.eval_on_selector_all("details.recmap-situation", "ds => ds.forEach(d => d.open = true)")
    page.screenshot(path=str(tmp_path / f"map-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    right = page.eval_on_selector_all("li.recmap-item", "items => Math.max(...items.map(i => i.getBoundingClientRect().right))")
    assert right <= width
    context.close()


def test_without_javascript_the_page_lists_what_is_where(browser, site_url, release):
    """JavaScript off: the list holds every placement, and a cell's link opens its section of the list."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    placements = sum(len(cell.recommendations) for cell in map_cells(release).values())
    assert page.locator("details.recmap-situation li.recmap-item").count() == placements
    page.click('a.recmap-cell[data-situation="stopping-denosumab"][data-intervention="denosumab"]')
    section = page.locator("#cell-stopping-denosumab--denosumab")
    section.wait_for(state="visible")
    ids = section.locator("li.recmap-item").evaluate_all("items => items.map(i => i.dataset.recommendation)")
    assert ids == [i.id for i in map_cells(release)[("stopping-denosumab", "denosumab")].recommendations]
    context.close()


def test_on_a_phone_the_filters_narrow_the_list_and_its_counts(browser, site_url, release):
    """390 px, AGO ++ only: each situation's count is its distinct ++ recommendations; other items hidden."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/map/")
    page.select_option('.recmap-filters select[data-filter="ago"]', "++")
    for situation in release.recommendation_map.situations:
        ids = {i.id for (s, _), cell in map_cells(release).items() if s == situation.id for i in cell.recommendations if i.ago == "++"}
        count = page.inner_text(f"details#situation-{situation.id} .recmap-situation-count")
        assert count == f"({len(ids)} recommendation{'' if len(ids) == 1 else 's'})", situation.id
    visible = page.eval_on_selector_all("details.recmap-situation li.recmap-item:not([hidden])", "items => items.map(i => i.dataset.ago)")
    assert set(visible) == {"++"}
    context.close()
