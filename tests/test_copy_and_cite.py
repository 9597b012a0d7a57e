"""Copy link and Copy citation work where the clipboard API does not: on a plain-http intranet address
(not a secure context) by a selection and execCommand, and where even that is refused the text stands
selected in a field with a message saying what to do. The citation carries the reader's access date.
(From file://, the offline bundle: tests/test_bundle.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scripts.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
HOST = "intranet.example"  # resolved to loopback by Chromium itself: an http origin that is not secure
# Records what the page copies, by either route (the clipboard API or a selection and execCommand).
RECORD_COPIES = """
window.__copied = [];
document.addEventListener("copy", function () {
  var el = document.activeElement;
  window.__copied.push(el && typeof el.selectionStart === "number"
    ? el.value.substring(el.selectionStart, el.selectionEnd) : String(document.getSelection()));
}, true);
if (navigator.clipboard) {
  var write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = function (text) { window.__copied.push(text); return write(text); };
}
"""
TODAY = """() => { const d = new Date(), p = n => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"""


@pytest.fixture(scope="module")
def intranet(browser, site_url):
    """A Chromium that resolves intranet.example to loopback, and the site's address under that name."""
    port = site_url.rsplit(":", 1)[1]
    resolving = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"]
    )
    yield resolving, f"http://{HOST}:{port}"
    resolving.close()


def _open(browser, url: str, refuse_copy: bool = False):
    page = browser.new_page()
    page.add_init_script(RECORD_COPIES + ("document.execCommand = function () { return false; };" if refuse_copy else ""))
    page.goto(url)
    return page


def test_copy_link_on_a_plain_http_intranet_address_copies_the_permalink(intranet):
    """No clipboard API there: the link is copied by a selection, and the status says so with the link."""
    browser, base = intranet
    page = _open(browser, f"{base}/2024.1E/r/bone-calcium/")
    assert page.evaluate("window.isSecureContext") is False
    page.click("button.copy-link")
    link = f"{base}/2024.1E/r/bone-calcium/"
    expect(page.locator(".copy-link-status")).to_have_text(f"Link copied: {link}")
    assert page.evaluate("window.__copied") == [link]
    page.close()


def test_where_no_copy_is_allowed_the_link_stands_selected_with_what_to_do(intranet):
    """execCommand refused too: a visible field holds the link, selected, and the message says to press Ctrl+C."""
    browser, base = intranet
    page = _open(browser, f"{base}/2024.1E/r/bone-calcium/", refuse_copy=True)
    page.click("button.copy-link")
    field = page.locator("input.copy-field")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    link = f"{base}/2024.1E/r/bone-calcium/"
    assert field.input_value() == link
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, len(link)]
    expect(page.locator(".copy-link-status")).to_contain_text("is selected in the field below: press Ctrl+C")
    page.close()


def test_an_educator_copies_the_citation_with_its_access_date(intranet):
    """Copy citation gives the citation as shown (words, grades, footnote, address) and 'Accessed <today>.'."""
    browser, base = intranet
    page = _open(browser, f"{base}/2024.1E/r/bone-calcium/")
    today = page.evaluate(TODAY)
    expect(page.locator(".cite-this")).to_contain_text(f"Accessed {today}.")
    page.click("button.copy-citation")
    expect(page.locator(".copy-link-status")).to_contain_text("Citation copied: AGO Breast Committee.")
    (copied,) = page.evaluate("window.__copied")
    assert copied.startswith("AGO Breast Committee. Guidelines Breast, Version 2024.1E.")
    assert "(LoE 4, GR C, AGO ++; Footnote **: if nutritional supply is insufficient" in copied
    assert re.search(rf"{re.escape(base)}/2024\.1E/r/bone-calcium/ Accessed {today}\.$", copied)
    page.close()
