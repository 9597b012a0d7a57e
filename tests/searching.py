"""Ask Material's search one query after another on the same page, and read the answer to that query.

Material sends the query on focus and keyup (not on `fill`) once its worker has the index, and paints the
count line for every answer. docs/assets/search-query.js drops answers to earlier queries, so once the
count line is cleared, the next count painted answers the query just typed. In a release of several
chapters the first answers may come from the reader's chapter alone (a `.search-partial` note says so):
`answered` waits for the answer from the whole index, `first_answer` returns the first."""

from __future__ import annotations

COUNT = "/matching document/.test(document.querySelector('.md-search-result__meta').textContent)"
PARTIAL = ".search-partial"  # the note above an answer from the reader's chapter alone (docs/assets/search-query.js)
WHOLE = f"{COUNT} && !document.querySelector('{PARTIAL}')"


def answered(page, query: str, timeout: float = 60_000) -> list[str]:
    """Type `query` in the emptied search box and return the result links' hrefs from the whole index, in rank order."""
    return _ask(page, query, WHOLE, timeout)


def first_answer(page, query: str, timeout: float = 60_000) -> list[str]:
    """Type `query` in the emptied search box and return the first answer's result links' hrefs, in rank order."""
    return _ask(page, query, COUNT, timeout)


def links(page) -> list[str]:
    """The result links' hrefs as the page shows them now, in rank order."""
    return page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "links => links.map(l => l.getAttribute('href'))"
    )


def _ask(page, query: str, answer: str, timeout: float) -> list[str]:
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
    page.wait_for_function(answer, timeout=timeout)
    return links(page)
