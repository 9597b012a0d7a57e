"""Shared fixtures: the real release, small fixture releases, and a built site served on loopback."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.load import DATA_ROOT, load_all
from macros.model import Release
from scripts.browser import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def release() -> Release:
    """The real release 2024.1E, loaded and validated."""
    return next(r for r in load_all(DATA_ROOT) if r.id == "2024.1E")


@pytest.fixture
def building_the_real_release(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of the site build of 2024.1E: code run now (the data page's examples) opens that
    release, as during its build, not whichever release is the latest."""
    monkeypatch.setenv("GUIDELINE_DATA", str(DATA_ROOT))
    monkeypatch.setenv("GUIDELINE_RELEASE", "2024.1E")


@pytest.fixture(scope="session")
def minimal_release() -> Release:
    return load_all(FIXTURES / "minimal")[0]


@pytest.fixture
def minimal_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the minimal fixture data, as `data/` under a temporary working directory."""
    shutil.copytree(FIXTURES / "minimal", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve():
    """Start a static server for a folder on 127.0.0.1; returns its base URL."""
    servers = []

    def start(root: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site of the real data, built once per test session."""
    from scripts.sitebuild import build_site

    out = tmp_path_factory.mktemp("built") / "site"
    build_site(out, DATA_ROOT)
    return out


@pytest.fixture(scope="session")
def site_url(built_site: Path, serve) -> str:
    return serve(built_site)


@pytest.fixture(scope="session")
def releases_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the three fixture releases (2016.1, 2019.1, 2020.1), built once per test session."""
    from scripts.sitebuild import build_site

    out = tmp_path_factory.mktemp("releases") / "site"
    build_site(out, FIXTURES / "releases")
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright; a missing browser fails (never downloads one)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def base_release_copy(tmp_path: Path, base: str) -> Path:
    """A data folder holding only `base` (with grading.yaml and its lock entry), as an editor's checkout
    would before drafting the next release from it."""
    root = tmp_path / "data"
    root.mkdir()
    shutil.copytree(REPO / "guideline_data" / base, root / base)
    shutil.copy(REPO / "guideline_data" / "grading.yaml", root / "grading.yaml")
    lock = json.loads((REPO / "guideline_data" / "published.lock.json").read_text(encoding="utf-8"))
    (root / "published.lock.json").write_text(json.dumps({base: lock[base]}), encoding="utf-8")
    return root

