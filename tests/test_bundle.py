"""`guideline bundle`: one zip with the release's site, its JSON and a PDF with every topic."""

from __future__ import annotations

import json
import zipfile

import pytest

from macros.export import release_json
from macros.index import graded_recommendations
from macros.load import DATA_ROOT
from scripts.bundle import bundle, pdf_page_count

pytestmark = pytest.mark.browser  # Chromium prints the PDF


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = bundle("2024.1E", tmp_path_factory.mktemp("dist"), DATA_ROOT)
    with zipfile.ZipFile(path) as opened:
        yield path, {name: opened.read(name) for name in opened.namelist()}


def test_bundle_holds_site_json_pdf_and_readme(archive, release):
    path, files = archive
    root = "ago-breast-2024.1E/"
    assert path.name == "ago-breast-2024.1E.zip"
    assert files[root + "guideline.json"].decode() == release_json(release)
    assert root + "README.txt" in files
    assert root + "site/2024.1E/index.html" in files
    assert root + "site/2024.1E/r/bma-zoledronate-q12w/index.html" in files
    versions = json.loads(files[root + "site/versions.json"])
    assert [entry["version"] for entry in versions] == ["2024.1E"]


def test_bundle_pdf_has_a_page_or_more_per_topic(archive, release):
    """Every topic starts a new printed page, after a cover page."""
    _, files = archive
    pdf = files["ago-breast-2024.1E/2024.1E.pdf"]
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) >= len(release.topics) + 1


def test_print_all_page_carries_every_topic_and_recommendation(archive, release):
    """The page the PDF prints holds every topic title and every recommendation's row."""
    _, files = archive
    page = files["ago-breast-2024.1E/site/2024.1E/print/index.html"].decode()
    assert page.count('class="page-break"') == len(release.topics)
    for indexed in graded_recommendations(release):
        assert f'id="{indexed.id}"' in page
