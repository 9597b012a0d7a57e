"""Integrity of data and site: round trips, atomic and deterministic builds, links, nothing lost."""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import select
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
from macros.grades import SCALES, spoken_grade
from macros.index import graded_recommendations
from macros.load import DATA_ROOT, load_all
from macros.problems import GuidelineDataError
from scripts.sitebuild import PAUSE_ENVIRONMENT, build_site, remove_abandoned_builds
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
            expected = [  # in words: the scale, the grade spoken, its meaning
                spoken_grade(release.grading, scale, getattr(indexed, scale))
                for scale in SCALES
                if getattr(indexed, scale)
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
    topic = broken / "2030.1/fixture/topics/01-fixture-topic.yaml"
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


def _descendants(root: int) -> set[int]:
    """The processes below `root`, read from /proc (Linux)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # ended while we read
    tree: set[int] = {root}
    while found := {pid for pid, parent in parents.items() if parent in tree} - tree:
        tree |= found
    return tree - {root}


def _read_lines(fifo: int, count: int, timeout: float) -> list[str]:
    """`count` lines from a FIFO, waiting for them (select), at most `timeout` seconds in all."""
    received, deadline = b"", time.monotonic() + timeout
    while received.count(b"\n") < count:
        ready, _, _ = select.select([fifo], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"the build reported {received!r} within {timeout} s, not {count} paused processes")
        received += os.read(fifo, 4096)
    return received.decode().splitlines()


def _wait_for_exit(handles: dict[int, int], timeout: float) -> list[int]:
    """Wait until every process (pid -> pidfd) has ended; return the pids still running after `timeout`."""
    waiting, deadline = dict(handles), time.monotonic() + timeout
    while waiting:
        ended, _, _ = select.select(list(waiting.values()), [], [], max(0.0, deadline - time.monotonic()))
        if not ended:
            break
        waiting = {pid: fd for pid, fd in waiting.items() if fd not in ended}
    return sorted(waiting)


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "site"
    build_site(out, FIXTURES / "minimal")
    return out


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("data", ["minimal", "releases"], ids=["one-release", "three-releases"])
def test_stopped_build_leaves_the_previous_site_and_nothing_else(tmp_path, previous_site, data, stop):
    """Stopped after a release is in staging: the old site stays, no process remains, the next build runs.

    The build pauses (scripts.sitebuild.PAUSE_ENVIRONMENT) once a release is built; with several
    releases that is in every worker process, so the signal reaches a build with workers busy.
    """
    out = tmp_path / "site"
    shutil.copytree(previous_site, out)
    before = tree_digest(out)
    fifo_path = tmp_path / "paused"
    os.mkfifo(fifo_path)
    fifo = os.open(fifo_path, os.O_RDONLY | os.O_NONBLOCK)
    keep_open = os.open(fifo_path, os.O_WRONLY)  # no end-of-file while no build process has it open
    releases = load_all(FIXTURES / data)
    workers = min(len(releases), os.cpu_count() or 1)
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(FIXTURES / data), "build", "--out", str(out)]
    command += ["--no-cache", "--cache-dir", str(tmp_path / "cache")]  # built, never restored: it must reach the pause
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:  # a file, not a pipe: a leftover worker would hold a pipe open
        process = subprocess.Popen(command, cwd=REPO, env={**os.environ, PAUSE_ENVIRONMENT: str(fifo_path)}, stderr=stderr)
    handles: dict[int, int] = {}
    try:
        paused = {int(line.split()[0]) for line in _read_lines(fifo, workers, 120)}
        workers_seen = _descendants(process.pid)
        handles = {pid: os.pidfd_open(pid) for pid in {process.pid} | workers_seen}
        assert paused == (workers_seen if workers > 1 else {process.pid})
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-site-")]  # staging is being filled
        process.send_signal(stop)
        process.wait(timeout=120)
        assert _wait_for_exit(handles, 60) == []
    finally:
        for fd in handles.values():  # a pidfd names the very process: never a reused pid
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(fd, signal.SIGKILL)
            os.close(fd)
        process.kill()
        os.close(fifo)
        os.close(keep_open)
    assert tree_digest(out) == before
    if stop == signal.SIGTERM:
        assert process.returncode == 128 + signal.SIGTERM
        assert "the build was stopped by SIGTERM" in errors.read_text(encoding="utf-8")
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # removed on the way out
    assert build_site(out, FIXTURES / "minimal", cache_root=tmp_path / "cache") == ["2030.1"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_next_build_clears_what_a_dead_build_left_and_leaves_a_running_one_alone(tmp_path):
    """Staging of a dead build is removed; a site retired by a build killed mid-swap is put back."""
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    dead, alive = ended.pid, os.getpid()
    for name in (f".build-site-{dead}-abc", f".build-site-{alive}-def", f".retired-site-{dead}"):
        (tmp_path / name).mkdir()
    (tmp_path / f".retired-site-{dead}" / "index.html").write_text("previous site", encoding="utf-8")
    assert [p.name for p in remove_abandoned_builds(tmp_path / "site")] == [
        f".build-site-{dead}-abc",
        f".retired-site-{dead}",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".build-site-{alive}-def", "site"]
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "previous site"


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
