"""'Report a problem': a configured address gives every recommendation page a prefilled link; none, no link."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from macros.feedback import report_url
from macros.load import load_all
from macros.problems import GuidelineDataError
from macros.releases import canonical_hash, read_lock
from macros.render.pages import recommendation_page
from tests.conftest import FIXTURES

RELEASES = FIXTURES / "releases"
LINK = re.compile(r'<a class="report-problem" href="([^"]*)"')


def _release(release_id: str):
    return next(r for r in load_all(RELEASES) if r.id == release_id)


def test_without_an_address_there_is_no_link(release):
    """2024.1E and the fixture 2019.1 configure none: their pages have no report link."""
    assert release.metadata.feedback is None
    assert "report-problem" not in recommendation_page(release, "bp-mbc-hypercalcemia", "r/bp-mbc-hypercalcemia/")
    assert "report-problem" not in recommendation_page(_release("2019.1"), "zol-q12w", "r/zol-q12w/")


def test_an_issue_tracker_link_carries_release_id_permalink_and_words():
    """2020.1's tracker URL keeps its own parameters and gains title and body, URL-encoded, & escaped in the attribute."""
    page = recommendation_page(_release("2020.1"), "bp-bone-pain", "r/bp-bone-pain/", site_url="https://ago.example.org/")
    (escaped,) = LINK.findall(page)
    assert "&amp;title=" in escaped and "&title=" not in escaped  # escaped for the attribute
    url = html.unescape(escaped)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://tracker.example.org/ago/issues/new"
    query = parse_qs(parts.query)
    assert query["labels"] == ["guideline"] and query["template"] == ["problem.md"]
    assert query["title"] == ["Problem with recommendation bp-bone-pain (release 2020.1)"]
    body = query["body"][0]
    assert "Release: 2020.1\nRecommendation: bp-bone-pain\n" in body
    assert "Permalink: https://ago.example.org/2020.1/r/bp-bone-pain/\n" in body
    assert "Words: Reduction of bone pain\n" in body and "Grades: LoE 1a, GR A, AGO +\n" in body
    assert " " not in url and "\n" not in url


def test_a_mailto_link_has_subject_and_crlf_body():
    """2016.1's mailto address: subject and body per RFC 6068, line breaks as %0D%0A."""
    release = _release("2016.1")
    page = recommendation_page(release, "bp-hypercalcemia", "r/bp-hypercalcemia/")
    (escaped,) = LINK.findall(page)
    url = html.unescape(escaped)
    assert url.startswith("mailto:editors@example.org?subject=Problem%20with%20recommendation%20bp-hypercalcemia")
    assert "%0D%0APermalink%3A%202016.1%2Fr%2Fbp-hypercalcemia%2F%0D%0A" in url
    assert 'data-permalink="2016.1/r/bp-hypercalcemia/"' in page  # site.js puts the served address in its place
    assert "opens your e-mail program" in page


def test_placeholders_say_where_title_and_body_go():
    """A tracker naming its parameters otherwise (GitLab) writes {title} and {body} where they go."""
    release = _release("2020.1")
    configured = dataclasses.replace(
        release,
        metadata=dataclasses.replace(release.metadata, feedback="https://gitlab.example.org/g/p/-/issues/new?issue[title]={title}&issue[description]={body}"),
    )
    from macros.index import recommendations_by_id

    url = report_url(configured, recommendations_by_id(configured)["bp-bone-pain"], "x")
    assert url.startswith("https://gitlab.example.org/g/p/-/issues/new?issue[title]=Problem%20with%20recommendation%20bp-bone-pain")
    assert "issue[description]=Release%3A%202020.1%0ARecommendation%3A%20bp-bone-pain" in url
    assert "&title=" not in url


@pytest.mark.parametrize("address", ["editors@example.org", "http://tracker.example.org/new", "mailto:a b@example.org", "https://x/\"><script>", "https://x/new?t={subject}"])
def test_a_wrong_address_is_refused_with_file_and_line(tmp_path: Path, address: str):
    """Not mailto:/https://, spaces, quotes or unknown placeholders: the release.yaml line and what is allowed."""
    data = tmp_path / "data"
    shutil.copytree(RELEASES, data)
    path = data / "2020.1" / "release.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'^feedback: .*$', f"feedback: '{address}'", text, flags=re.M), encoding="utf-8")
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    (problem,) = raised.value.problems
    assert problem.file.endswith("2020.1/release.yaml") and problem.line == 10 and problem.field == "feedback"
    assert "give a mailto: address" in problem.message


def test_the_address_is_outside_the_published_hash():
    """Adding, changing or removing the address keeps a published release's lock."""
    release = _release("2020.1")
    without = dataclasses.replace(release, metadata=dataclasses.replace(release.metadata, feedback=None))
    assert canonical_hash(release) == canonical_hash(without) == read_lock(RELEASES)["2020.1"]


@pytest.mark.browser
def test_the_report_link_in_the_browser_carries_the_id_release_and_served_permalink(browser, releases_site, serve):
    """Served: 2020.1's link names its id, release and the page's pinned address; 2019.1 shows none."""
    base = serve(releases_site)
    page = browser.new_page()
    page.goto(f"{base}/2020.1/r/dmab-q12w/")
    href = page.get_attribute("a.report-problem", "href")
    query = parse_qs(urlsplit(href).query)
    assert query["title"] == ["Problem with recommendation dmab-q12w (release 2020.1)"]
    assert f"Permalink: {base}/2020.1/r/dmab-q12w/\n" in query["body"][0]
    page.goto(f"{base}/2019.1/r/zol-q12w/")
    assert page.locator("a.report-problem").count() == 0
    page.goto(f"{base}/2016.1/r/bp-hypercalcemia/")
    mail = page.get_attribute("a.report-problem", "href")
    assert unquote(mail).startswith("mailto:editors@example.org?subject=Problem with recommendation bp-hypercalcemia (release 2016.1)")
    assert f"Permalink: {base}/2016.1/r/bp-hypercalcemia/\r\n" in unquote(mail)
    page.close()
