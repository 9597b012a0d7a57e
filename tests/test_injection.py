"""Hostile clinical text renders as text: no script runs, no template or Markdown syntax takes effect."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from scripts.sitebuild import build_site
from tests.conftest import FIXTURES

HOSTILE_TEXTS = [
    'Text with <img src=x onerror="window.__pwned=2"> image',
    "Jinja {{ 7*7 }} and {% if true %}x{% endif %}",
    "Markdown [click](javascript:window.__pwned=3) and | pipe | *stars*",
    "Mermaid A-->B; click A call x() end",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    build_site(out, FIXTURES / "injection")
    return out


def test_hostile_text_appears_literally_on_the_topic_page(hostile_site):
    """Each hostile string is shown character for character, not interpreted."""
    page = (hostile_site / "2031.1/topics/injection/index.html").read_text(encoding="utf-8")
    visible = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for text in HOSTILE_TEXTS:
        assert text in visible
    assert "49" not in visible.split("Jinja")[1][:20]
    assert 'href="javascript:' not in page


def test_no_raw_markup_from_data_reaches_any_page(hostile_site):
    """No data string arrives as live HTML anywhere: nav, titles, tables, pages."""
    offenders = []
    for path in hostile_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        body = re.sub(r"<title>.*?</title>", "", text, flags=re.S)  # <title> is text-only (RCDATA) in HTML
        for live in ("<script>window.__pwned", "<img src=x onerror", "<i>one</i>", "<b>publisher"):
            if live in body:
                offenders.append(f"{path.relative_to(hostile_site)}: {live}")
    assert offenders == []


@pytest.mark.browser
def test_no_injected_script_runs_in_the_browser(browser, hostile_site, serve):
    """Visiting every page of the hostile site runs none of the injected code and opens no dialog."""
    base = serve(hostile_site)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in sorted(hostile_site.glob("2031.1/**/index.html")):
        relative = path.parent.relative_to(hostile_site).as_posix()
        page.goto(f"{base}/{relative}/")
        assert page.evaluate("typeof window.__pwned") == "undefined", relative
    page.close()
    assert dialogs == []


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
