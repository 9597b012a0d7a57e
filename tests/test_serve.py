"""`make serve` shows the deployable folder (versions.json, latest/, every release) and rebuilds on edits."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from scripts.preview import READY
from scripts.serve import build_command
from tests.conftest import FIXTURES, REPO
from tests.test_buildcache import tree_digest
from tests.test_shards import RELEASE, _edit_one_recommendation, draft_data


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except OSError:
        return 0, ""


def _until(condition, seconds: float = 240.0):
    """Poll a condition (a server building in another process) until it holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)  # polling another process's server, not waiting for a fixed time
    raise AssertionError("condition not met in time")


def test_build_command_passes_the_site_url():
    command = build_command(Path("site"), Path("data"), "https://host/", drafts=False)
    assert command[-4:] == ["--out", "site", "--site-url", "https://host/"]


def test_serve_shows_the_deployable_site_and_rebuilds_on_a_data_edit(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    port = _free_port()
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "serve", "--out", str(tmp_path / "site")]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([*command, "--port", str(port)], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _, versions = _until(lambda: (found := _get(f"{base}/versions.json"))[0] == 200 and found)
        assert '"version": "2030.1"' in versions and '"latest"' in versions
        assert _get(f"{base}/latest/r/first-recommendation/")[0] == 200
        assert _get(f"{base}/2030.1/r/first-recommendation/")[0] == 200
        _until(lambda: READY in (tmp_path / "serve.log").read_text(encoding="utf-8"))  # MkDocs resident for the fast step
        (data / "2030.1/fixture/search.yaml").write_text(
            "- {terms: [edited while serving], recommendations: [first-recommendation]}\n", encoding="utf-8"
        )
        _until(lambda: "edited while serving" in _get(f"{base}/2030.1/r/first-recommendation/")[1])
        _until(lambda: "Rendered 1 edited page(s)" in (tmp_path / "serve.log").read_text(encoding="utf-8"))  # the fast step
        _until(lambda: "edited while serving" in _get(f"{base}/latest/r/first-recommendation/")[1])
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.parametrize("target", ["serve", "site"])
def test_makefile_serves_and_builds_with_the_site_url(target):
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
    assert "$(if $(SITE_URL),--site-url $(SITE_URL))" in recipe


def test_an_edit_while_serving_shows_its_page_first_and_ends_as_a_cold_build_of_the_edited_data(tmp_path: Path):
    """The fast step serves the edited recommendation; the full build then brings every derived page (All
    recommendations, the search index, What changed): the served draft equals a cold build byte for byte."""
    data = draft_data(tmp_path)
    served, port = tmp_path / "site", _free_port()
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "serve", "--drafts", "--out", str(served)]
    log_file = tmp_path / "serve.log"
    log = log_file.open("w")
    server = subprocess.Popen([*command, "--port", str(port)], cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=environment)
    page, derived = f"http://127.0.0.1:{port}/{RELEASE}/r/syn-bp-mbc-hypercalcemia/", f"http://127.0.0.1:{port}/{RELEASE}/recommendations/"
    try:
        _until(lambda: READY in log_file.read_text(encoding="utf-8"))
        assert "Therapy of hypercalcaemia" not in _get(page)[1]
        _edit_one_recommendation(data)
        _until(lambda: "Therapy of hypercalcaemia" in _get(page)[1])
        _until(lambda: "Rendered" in log_file.read_text(encoding="utf-8"))
        _until(lambda: "Therapy of hypercalcaemia" in _get(derived)[1])
        _until(lambda: log_file.read_text(encoding="utf-8").count(READY) == 2)  # the full build landed and was read
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    build = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "build", "--drafts", "--no-cache"]
    build += ["--cache-dir", str(tmp_path / "cold-cache"), "--out", str(tmp_path / "cold")]
    subprocess.run(build, cwd=REPO, env=environment, check=True, capture_output=True)
    cold, warm = tree_digest(tmp_path / "cold"), tree_digest(served)
    assert sorted(warm) == sorted(cold)
    assert [path for path in cold if cold[path] != warm[path]] == []


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def test_stopping_the_server_stops_the_full_build_it_started(tmp_path: Path):
    """SIGTERM (as Ctrl-C) ends a full build under way too: none outlives its server to swap in a folder later."""
    data = draft_data(tmp_path)
    port = _free_port()
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "serve", "--drafts", "--out", str(tmp_path / "site")]
    log_file = tmp_path / "serve.log"
    log = log_file.open("w")
    server = subprocess.Popen([*command, "--port", str(port)], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        _until(lambda: READY in log_file.read_text(encoding="utf-8"))
        _edit_one_recommendation(data)
        (building,) = _until(lambda: _children(server.pid))  # the full build, started after the fast step
        server.terminate()
        assert server.wait(timeout=60) is not None
        _until(lambda: not Path(f"/proc/{building}").exists() or "Z" in Path(f"/proc/{building}/stat").read_text().split()[2])
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []
    derived = (tmp_path / "site" / RELEASE / "recommendations/index.html").read_text(encoding="utf-8")
    assert "Therapy of hypercalcaemia" not in derived  # the stopped build never swapped its folder in
