"""Integrity of data and site: round trips, atomic and deterministic builds, links, nothing lost."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from macros.export import release_document, topics_from_document
from macros.index import graded_recommendations
from macros.load import DATA_ROOT
from macros.problems import GuidelineDataError
from scripts.sitebuild import build_site
from tests.conftest import FIXTURES, REPO


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_json_export_reads_back_into_the_same_model(release):
    """data -> JSON -> loader gives the same topics, field for field."""
    document = json.loads(json.dumps(release_document(release)))
    assert topics_from_document(document) == release.topics


def test_every_recommendation_stands_with_its_grades_on_its_topic_page(release, built_site):
    """Nothing lost on the way to HTML: each row carries the text and the three grades of the data."""
    for indexed in graded_recommendations(release):
        page = (built_site / "2024.1E/topics" / indexed.topic.id / "index.html").read_text(encoding="utf-8")
        row = re.search(rf'<tr class="[^"]*" id="{indexed.id}">(.*?)</tr>', page, re.S)
        assert row, indexed.id
        visible = html.unescape(re.sub(r"<[^>]+>", "", row.group(1)))
        assert " ".join(indexed.text.split()) in " ".join(visible.split())
        if indexed.grade_scope == "item":
            labels = re.findall(r'aria-label="([^"]+)"', row.group(1))
            expected = [
                f"{name} {value}"
                for name, value in (
                    ("Oxford level of evidence", indexed.loe),
                    ("Oxford grade of recommendation", indexed.gr),
                    ("AGO grade", indexed.ago),
                )
                if value
            ]
            assert [html.unescape(label) for label in labels] == expected, indexed.id


def test_same_data_builds_byte_identical_sites(tmp_path):
    """Two builds of the same commit produce the same bytes (SOURCE_DATE_EPOCH, no random ids)."""
    build_site(tmp_path / "one", DATA_ROOT)
    build_site(tmp_path / "two", DATA_ROOT)
    one, two = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_failing_build_leaves_the_previous_site_untouched(tmp_path):
    """Invalid data stops the build before anything is written; the old site stays as it was."""
    out = tmp_path / "site"
    build_site(out, FIXTURES / "minimal")
    before = tree_digest(out)
    broken = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", broken)
    topic = broken / "2030.1/topics/01-fixture-topic.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace('ago: "++"', 'ago: "+++"'), encoding="utf-8")
    with pytest.raises(GuidelineDataError):
        build_site(out, broken)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_failing_mkdocs_stage_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    """A failure inside MkDocs (after validation) also leaves the old site and no staging folder."""
    out = tmp_path / "site"
    build_site(out, FIXTURES / "minimal")
    before = tree_digest(out)

    def explode(*args, **kwargs):
        raise RuntimeError("mkdocs failed")

    monkeypatch.setattr("scripts.sitebuild.build_release", explode)
    with pytest.raises(RuntimeError):
        build_site(out, FIXTURES / "minimal", use_cache=False)  # the cache would restore it without MkDocs
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_killed_build_never_leaves_a_mixed_site(tmp_path):
    """Killing a build midway leaves exactly the previous site in place."""
    out = tmp_path / "site"
    build_site(out, FIXTURES / "minimal")
    before = tree_digest(out)
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(DATA_ROOT), "build", "--out", str(out)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tree_digest(out) == before


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) and tag != "base":
                self.links.append(values[name])


def check_links(site: Path) -> tuple[int, list[str]]:
    """Every relative href/src of every page resolves to a file, and every #anchor to an id there."""
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken, checked = [], 0
    for page in sorted(site.rglob("*.html")):
        if page == site / "404.html":
            continue  # served for any missing path, so its links are absolute by design
        for link in parse(page).links:
            url = urlparse(link)
            if url.scheme in ("http", "https", "mailto", "javascript", "data") or url.netloc:
                continue
            checked += 1
            target = page if not url.path else (page.parent / unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link} (no such file)")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in parse(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return checked, broken


def test_built_site_has_no_broken_link_or_anchor(built_site):
    """The whole deployable folder, every release and latest/, links only to what exists."""
    checked, broken = check_links(built_site)
    assert checked > 10_000
    assert broken == []


def test_site_references_no_other_host(built_site):
    """No page, style or script loads anything from another host (links the slides print are not loads)."""
    loads = re.compile(
        r'(?:src|srcset)=["\'](https?:)?//|@import\s+url\(["\']?https?:|url\(["\']?https?://|'
        r'<link[^>]+href=["\']https?://'
    )
    offenders = [
        str(p.relative_to(built_site))
        for p in built_site.rglob("*")
        if p.suffix in (".html", ".css") and loads.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
