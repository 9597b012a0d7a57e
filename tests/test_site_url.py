"""The site's public address: canonical links, sitemaps, citations pinned to a release, the version
selector keeping the page; and the same site without an address (relative links, no host named)."""

from __future__ import annotations

import re

import pytest

from scripts import guideline
from scripts.sitebuild import build_site, normalise_site_url
from tests.conftest import FIXTURES

RELEASES = FIXTURES / "releases"
PUBLIC = "https://guideline.example.org/ago/"


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("addressed") / "site"
    build_site(out, RELEASES, site_url=PUBLIC.rstrip("/"))
    return out


@pytest.fixture(scope="module")
def unaddressed_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("unaddressed") / "site"
    build_site(out, RELEASES)
    return out


def _canonical(html: str) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]*)">', html)
    return found.group(1) if found else None


def test_site_url_must_be_an_absolute_http_address():
    assert normalise_site_url("https://host/path") == "https://host/path/"
    assert normalise_site_url("") == ""
    for bad in ("host/path", "ftp://host/", "https://host/?a=1", "/relative/"):
        with pytest.raises(ValueError, match="--site-url"):
            normalise_site_url(bad)


def test_build_command_refuses_a_bad_address_and_builds_nothing(tmp_path, capsys):
    assert guideline.main(["--data", str(RELEASES), "build", "--out", str(tmp_path / "s"), "--site-url", "x"]) == 1
    assert "--site-url 'x' is not a public address" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_latest_pages_name_the_pinned_page_as_canonical(addressed_site):
    latest = (addressed_site / "latest/r/bp-bone-pain/index.html").read_text(encoding="utf-8")
    pinned = (addressed_site / "2020.1/r/bp-bone-pain/index.html").read_text(encoding="utf-8")
    assert _canonical(latest) == _canonical(pinned) == f"{PUBLIC}2020.1/r/bp-bone-pain/"
    older = (addressed_site / "2019.1/r/bp-bone-pain/index.html").read_text(encoding="utf-8")
    assert _canonical(older) == f"{PUBLIC}2019.1/r/bp-bone-pain/"


def test_every_release_sitemap_lists_its_recommendation_pages(addressed_site):
    for release_id in ("2016.1", "2019.1", "2020.1"):
        sitemap = (addressed_site / release_id / "sitemap.xml").read_text(encoding="utf-8")
        for page in (addressed_site / release_id / "r").iterdir():
            assert f"<loc>{PUBLIC}{release_id}/r/{page.name}/</loc>" in sitemap


def test_citation_on_a_latest_page_carries_the_pinned_address(addressed_site):
    page = (addressed_site / "latest/r/bp-bone-pain/index.html").read_text(encoding="utf-8")
    assert f'<span class="cite-url">{PUBLIC}2020.1/r/bp-bone-pain/</span>' in page
    assert f'<span class="latest-url">{PUBLIC}latest/r/bp-bone-pain/</span>' in page
    assert f'data-pinned="{PUBLIC}2020.1/r/bp-bone-pain/"' in page


def test_without_an_address_no_page_names_a_host(unaddressed_site):
    """Relative links only: no canonical link, empty sitemaps, citation addresses left to the browser."""
    page = (unaddressed_site / "latest/r/bp-bone-pain/index.html").read_text(encoding="utf-8")
    assert _canonical(page) is None
    assert '<span class="cite-url"></span>' in page
    assert "<loc>" not in (unaddressed_site / "2020.1/sitemap.xml").read_text(encoding="utf-8")
    for html in (unaddressed_site / "2020.1").rglob("*.html"):
        assert "guideline.example.org" not in html.read_text(encoding="utf-8")


def _copied(browser, url: str) -> tuple[str, str, str]:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    page.click("button.copy-link")
    page.wait_for_function("document.querySelector('.copy-link-status').textContent.length > 0")
    found = (page.evaluate("navigator.clipboard.readText()"), page.text_content(".cite-url"), page.text_content(".latest-url"))
    context.close()
    return found


@pytest.mark.browser
def test_copying_on_a_latest_page_gives_the_pinned_address(browser, serve, addressed_site, unaddressed_site):
    """With the public address the citation names it; without, the pinned address where the site is served."""
    base = serve(unaddressed_site)
    assert _copied(browser, f"{base}/latest/r/bp-bone-pain/") == (
        f"{base}/2020.1/r/bp-bone-pain/",
        f"{base}/2020.1/r/bp-bone-pain/",
        f"{base}/latest/r/bp-bone-pain/",
    )
    assert _copied(browser, f"{serve(addressed_site)}/latest/r/bp-bone-pain/") == (
        f"{PUBLIC}2020.1/r/bp-bone-pain/",
        f"{PUBLIC}2020.1/r/bp-bone-pain/",
        f"{PUBLIC}latest/r/bp-bone-pain/",
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_version_selector_keeps_the_recommendation(browser, serve, addressed_site, width):
    """Choosing another release in Material's selector opens the same recommendation there (via sitemap.xml)."""
    base = serve(addressed_site)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/latest/r/bp-bone-pain/")
    page.wait_for_selector(".md-version__current")
    page.hover(".md-version")
    page.locator(".md-version__link", has_text="2019.1").click()
    page.wait_for_url(f"{base}/2019.1/r/bp-bone-pain/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_json_ld_names_the_public_pinned_address(addressed_site, unaddressed_site):
    import json

    def ld(site):
        page = (site / "latest/r/bp-bone-pain/index.html").read_text(encoding="utf-8")
        return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))

    assert ld(addressed_site)["url"] == f"{PUBLIC}2020.1/r/bp-bone-pain/"
    assert ld(unaddressed_site)["url"] == "/2020.1/r/bp-bone-pain/"
