"""Ask Material's search one query after another on the same page, and read the answer to that query.

Material sends the query on focus and keyup (not on `fill`) once its worker has the index, and paints the
count line for every answer. docs/assets/search-query.js drops answers to earlier queries, so once the
count line is cleared, the next count painted answers the query just typed."""

from __future__ import annotations

COUNT = "/matching document/.test(document.querySelector('.md-search-result__meta').textContent)"


def answered(page, query: str, timeout: float = 60_000) -> list[str]:
    """Type `query` in the emptied search box and return the result links' hrefs, in rank order."""
    field = page.locator("input.md-search__input")
    field.focus()
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.trim() !== 'Initializing search'",
        timeout=timeout,
    )
    field.fill("")  # the same query twice in a row is not asked again: empty the box first
    field.press("End")
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.trim() === 'Type to start searching'",
        timeout=timeout,
    )
    page.evaluate("document.querySelector('.md-search-result__meta').textContent = ''")
    field.fill(query)
    field.press("End")
    page.wait_for_function(COUNT, timeout=timeout)
    return page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "links => links.map(l => l.getAttribute('href'))"
    )
