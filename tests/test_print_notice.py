"""On paper nothing of the banner or footer is lost: every page kind printed (print media emulated in
Chromium) says its release, its status (draft; not the current release), the notice and the copyright;
a filtered or sorted All recommendations page prints what it shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros.load import load_all
from scripts import guideline
from scripts.bundle import pdf_footer
from scripts.sitebuild import build_site
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser
NOTICE = "Reproduces the AGO Breast guideline for professional reference. The published source and clinical judgement prevail."
REDIRECT = re.compile(r'<meta http-equiv="refresh"')


def page_kinds(root: Path) -> dict[str, str]:
    """One page per kind (home, chapter, topic, recommendation, source view, flow, case, each single page), by path."""
    kinds: dict[str, str] = {}
    for path in sorted(root.rglob("index.html")):
        if REDIRECT.search(path.read_text(encoding="utf-8")):
            continue  # a retired id's page forwards; its target is printed instead
        parts = path.parent.relative_to(root).parts
        if parts[:1] == ("chapters",) and len(parts) > 3:
            kind = parts[2]  # a chapter's source views (chapters/<id>/source/slide-NN/)
        elif parts[:1] == ("chapters",):
            kind = "chapter/" + "/".join(parts[2:])  # a chapter's home, print page and map
        else:
            kind = parts[0] if len(parts) > 1 else "/".join(parts) or "home"
        kinds.setdefault(kind, "/".join(parts) + ("/" if parts else ""))
    return kinds


def printed_text(context, url: str) -> str:
    """The page's text as print media shows it (Material hides the banner, header and footer there)."""
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(url)
    text = " ".join(page.inner_text("body").split())
    page.close()
    return text


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="module")
def releases_site(tmp_path_factory, serve) -> tuple[Path, str]:
    """The fixture releases 2016.1, 2019.1, 2020.1 (latest) and a draft 2021.1, built with drafts."""
    work = tmp_path_factory.mktemp("print-releases")
    data = work / "data"
    shutil.copytree(FIXTURES / "releases", data)
    assert guideline.main(["--data", str(data), "new-release", "2021.1", "--from", "2020.1"]) == 0
    site = work / "site"
    build_site(site, data, include_drafts=True)
    return site, serve(site)


def _copyright(release) -> str:
    printed = release.printed
    return " ".join(f"{printed.copyright.text} · {printed.version.text}".split())


def test_every_page_kind_of_the_real_release_prints_release_status_notice_and_copyright(
    context, built_site, site_url, release
):
    """Home, topic, recommendation, source, lists, flows, cases, print page ...: each printed says all four."""
    kinds = page_kinds(built_site / "2024.1E")
    assert {"home", "topics", "r", "source", "flows", "cases", "recommendations", "grades", "print"} <= set(kinds)
    for kind, path in kinds.items():
        text = printed_text(context, f"{site_url}/2024.1E/{path}")
        assert "AGO Breast guideline, release 2024.1E." in text, kind
        assert "Published; the current release when this site was built." in text, kind
        assert NOTICE in text, kind
        assert _copyright(release) in text, kind


@pytest.mark.parametrize(
    ("release_id", "status"),
    [
        ("2021.1", "Draft, not published: this release is being prepared and is not part of the guideline."),
        ("2019.1", "Not the current release: the current release is 2020.1."),
        ("2016.1", "Not the current release: the current release is 2020.1."),
    ],
)
def test_a_draft_or_outdated_release_says_so_on_paper_on_every_page_kind(context, releases_site, release_id, status):
    """The banner's status is hidden in print: the printout carries it, so no such page looks final."""
    site, base = releases_site
    release = next(r for r in load_all(site.parent / "data") if r.id == release_id)
    kinds = page_kinds(site / release_id)
    assert {"home", "topics", "r", "source", "recommendations", "print"} <= set(kinds)
    for kind, path in kinds.items():
        text = printed_text(context, f"{base}/{release_id}/{path}")
        assert f"AGO Breast guideline, release {release_id}." in text, kind
        assert status in text, kind
        assert NOTICE in text and _copyright(release) in text, kind


def test_a_filtered_or_sorted_list_prints_what_it_shows(context, site_url):
    """Filtered to one AGO grade and then sorted: the printout says so, never 'every graded item in source order'."""
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/recommendations/")
    page.emulate_media(media="print")
    whole = " ".join(page.inner_text("body").split())
    assert "Every graded item of release 2024.1E in source order." in whole
    assert "This view shows all 115 recommendations of release 2024.1E, in source order." in whole
    page.emulate_media(media="screen")
    page.select_option("select[data-filter=ago]", "--")
    shown = page.locator("table.all-recs tbody tr:not([hidden])").count()
    page.locator("table.all-recs th", has_text="LoE").click()
    page.emulate_media(media="print")
    text = " ".join(page.inner_text("body").split())
    assert "Every graded item" not in text
    assert f"This view shows {shown} of 115 recommendations, filtered by AGO --; sorted by LoE (" in text
    page.emulate_media(media="screen")
    page.select_option("select[data-filter=ago]", "")
    page.reload()
    page.select_option("select[data-filter=topic]", "radionuclides")
    page.emulate_media(media="print")
    text = " ".join(page.inner_text("body").split())
    assert "This view shows 7 of 115 recommendations, filtered by Topic " in text and "in source order." in text
    page.close()


def test_every_pdf_page_footer_carries_the_print_notice():
    """The bundle's PDF footer repeats the page's notice (release, status, notice, copyright) with the page number."""
    footer = pdf_footer("AGO Breast guideline, release 2021.1. Draft, not published: <b>x</b>")
    assert "release 2021.1. Draft, not published: &lt;b&gt;x&lt;/b&gt;" in footer
    assert '<span class="pageNumber"></span>' in footer and '<span class="totalPages"></span>' in footer
