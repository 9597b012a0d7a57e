"""`guideline bundle`: one release for offline use, as a zip of its site, its JSON and a PDF.

The PDF is Chromium's print of the site's print-all page (every topic from a new page), so it
shows exactly what the site shows. The zip is written under a temporary name and renamed when
complete: a failed bundle leaves nothing behind.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from macros import urls
from macros.export import release_json
from macros.load import load_all
from macros.releaseorder import latest_published
from macros.site import select_release
from scripts.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.sitebuild import build_release, normalise_site_url, source_date_epoch, versions_document

README = """AGO Breast guideline, release {release}: offline bundle

index.html         open this (double-click): the site of release {release}, from disk
{release}.pdf      every topic, decision flow and worked example of the release, as the site prints it{chapters}
guideline.json     the release as data (schema: site/{release}/data/guideline.schema.json)
site/              the static site of this release (site/{release}/index.html is its home page)

The site opens straight from disk in any current browser, no server needed: links, search and
the decision-flow diagrams work, and it makes no request to any other host.{address}

Reproduces the AGO Breast guideline for professional reference. The published source and
clinical judgement prevail. Copyright AGO e.V.
"""
# Forwards from the bundle's folder to the release's home page; a file link, so it works from disk.
FORWARD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AGO Breast guideline {release}</title>
<meta http-equiv="refresh" content="0; url={target}"></head>
<body><p><a href="{target}">Open the guideline, release {release}</a></p></body></html>
"""


def pdf_footer(notice: str) -> str:
    """Chromium's footer template for every PDF page: the page's print notice (release, status, the notice
    that the published source prevails, copyright) and the page number, so no sheet alone looks final."""
    words = html.escape(" ".join(notice.split()))
    return (
        '<div style="font-size:7px;width:100%;margin:0 1.2cm;font-family:sans-serif;color:#000">'
        f'{words} Page <span class="pageNumber"></span> of <span class="totalPages"></span>.</div>'
    )


def print_to_pdf(page: Path, pdf: Path) -> None:
    """Chromium's print of one local page, once its flow diagrams are drawn; raises if any is not.

    Mermaid draws after the page has loaded, so Chromium's own --print-to-pdf would print empty
    figures: Playwright waits until every diagram is drawn or has failed, then prints. It runs in a
    thread of its own, so a caller that already drives Playwright (the tests) can call it too.
    """
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(_print_when_drawn, page, pdf).result()


def _print_when_drawn(page: Path, pdf: Path) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                tab = browser.new_page()
                tab.goto(page.resolve().as_uri(), wait_until="load")
                tab.wait_for_function(
                    "[...document.querySelectorAll('figure.flow-diagram')]"
                    ".every(f => f.classList.contains('rendered') || f.classList.contains('failed'))",
                    timeout=120_000,
                )
                failed = tab.locator("figure.flow-diagram.failed").count()
                if failed:
                    raise RuntimeError(f"{failed} flow diagram(s) of {page} could not be drawn; nothing was printed")
                tab.emulate_media(media="print")
                tab.pdf(
                    path=str(pdf),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=pdf_footer(tab.locator(".print-notice").first.inner_text()),
                    margin={"top": "1.2cm", "bottom": "2cm", "left": "1.2cm", "right": "1.2cm"},
                )
            finally:
                browser.close()
    except PlaywrightError as error:
        raise RuntimeError(f"Chromium could not print {page}: {error}") from error
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print {page}: no PDF was written")


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a Chromium PDF: its page objects (Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _add(archive: zipfile.ZipFile, name: str, payload: bytes, stamp: tuple[int, ...]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, payload)


def bundle(release_id: str, out_dir: Path, data_root: Path, site_url: str = "") -> Path:
    """Build (for opening from disk), print and zip one release; returns the zip's path.

    With the site's public address, citations in the bundle name the published pages."""
    site_url = normalise_site_url(site_url)
    releases = load_all(data_root)
    release = select_release(releases, release_id)
    newest = latest_published(releases)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"ago-breast-{release.id}.zip"
    with tempfile.TemporaryDirectory(prefix=".bundle-", dir=out_dir) as work_name:
        work = Path(work_name)
        site = work / "site"
        latest = newest.id if newest else release.id
        build_release(release.id, site / release.id, data_root, latest, site_url=site_url, offline=True)
        document = versions_document([release.id], latest)
        (site / "versions.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        home = f"{release.id}/index.html"
        (site / "index.html").write_text(FORWARD.format(release=release.id, target=home), encoding="utf-8")
        pdf = work / f"{release.id}.pdf"
        print_to_pdf(site / release.id / "print.html", pdf)
        chapter_pdfs = []  # with several chapters, each chapter's PDF too (its print page)
        for chapter in release.chapters if len(release.chapters) > 1 else ():
            chapter_pdf = work / f"{release.id}-{chapter.id}.pdf"
            print_to_pdf(site / release.id / urls.file_style(urls.chapter_print(chapter.id)), chapter_pdf)
            chapter_pdfs.append(chapter_pdf)
        seconds = int(source_date_epoch())
        stamp = tuple(time.gmtime(max(seconds, 315532800))[:6])  # zip dates start in 1980
        partial = work / "bundle.zip"
        root = f"ago-breast-{release.id}"
        with zipfile.ZipFile(partial, "w") as archive:
            address = f"\nIts citations name the published pages at {site_url}." if site_url else ""
            chapters = "".join(
                f"\n{release.id}-{chapter.id}.pdf  {chapter.label}, as the site prints it"
                for chapter in (release.chapters if chapter_pdfs else ())
            )
            readme = README.format(release=release.id, address=address, chapters=chapters)
            _add(archive, f"{root}/README.txt", readme.encode(), stamp)
            forward = FORWARD.format(release=release.id, target=f"site/{home}")
            _add(archive, f"{root}/index.html", forward.encode(), stamp)
            _add(archive, f"{root}/guideline.json", release_json(release).encode(), stamp)
            _add(archive, f"{root}/{release.id}.pdf", pdf.read_bytes(), stamp)
            for chapter_pdf in chapter_pdfs:
                _add(archive, f"{root}/{chapter_pdf.name}", chapter_pdf.read_bytes(), stamp)
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    _add(archive, f"{root}/site/{path.relative_to(site).as_posix()}", path.read_bytes(), stamp)
        os.replace(partial, target)
    return target
