"""On paper each address and each footnote marker is printed once: generated print content (a link's
address after it) never repeats what the page already shows, and a row's footnote link never repeats
the marker its printed words carry."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# The page's text as print media draws it, generated content (::before, ::after, attr()) included:
# inner_text leaves generated content out, and the repetition came from there.
PRINTED_TEXT = """() => {
  function generated(el, which) {
    const content = getComputedStyle(el, which).content;
    if (!content || content === "none" || content === "normal") return "";
    let text = "";
    const token = /"((?:[^"\\\\]|\\\\.)*)"|attr\\(([\\w-]+)\\)/g;
    let found;
    while ((found = token.exec(content))) text += found[1] !== undefined ? found[1] : (el.getAttribute(found[2]) || "");
    return text;
  }
  function printed(node) {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    const style = getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden") return "";
    let text = generated(node, "::before");
    for (const child of node.childNodes) text += printed(child);
    return text + generated(node, "::after");
  }
  return printed(document.querySelector("article") || document.body).replace(/\\s+/g, " ");
}"""
MARKER = r"[*†‡§#]+"


def _pages_with_links_or_footnotes(built_site) -> list[str]:
    """The print page and every page that shows an external link or a footnote link."""
    root = built_site / "2024.1E"
    found = []
    for path in sorted(root.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        if 'class="external-link"' in text or 'class="footnote-ref' in text:
            found.append(path.parent.relative_to(root).as_posix() + "/")
    assert "print/" in found
    return found


@pytest.fixture(scope="module")
def printed_pages(browser, built_site, site_url) -> dict[str, tuple[str, list[str]]]:
    """Each such page printed: its text as drawn on paper, and the addresses its external links name."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.emulate_media(media="print")
    printed = {}
    for path in _pages_with_links_or_footnotes(built_site):
        page.goto(f"{site_url}/2024.1E/{path}")
        hrefs = page.eval_on_selector_all("a.external-link", "links => links.map(a => a.getAttribute('href'))")
        printed[path] = (page.evaluate(PRINTED_TEXT), hrefs)
    context.close()
    return printed


def test_a_printed_link_shows_its_address_once(printed_pages):
    """'https://x (https://x)' or 'Label (https://x) (https://x)' nowhere on paper; each address still printed."""
    repeated = []
    for path, (text, hrefs) in printed_pages.items():
        for href in hrefs:
            assert href in text, (path, href)
            if re.search(re.escape(href) + r"\)?\s*\(" + re.escape(href), text):
                repeated.append((path, href))
    assert repeated == []


def test_a_printed_footnote_marker_appears_once(printed_pages):
    """'Romosozumab …*** [***]' nowhere on paper: the marker the words print is the one shown."""
    repeated = [
        (path, found.group(0))
        for path, (text, _) in printed_pages.items()
        for found in re.finditer(rf"({MARKER})\s*\[\1\]", text)
    ]
    assert repeated == []
    text = printed_pages["print/"][0]
    assert "Romosozumab 210mg s.c./m for 12m***" in text
