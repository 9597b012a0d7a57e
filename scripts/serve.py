"""`make serve`: the deployable folder exactly as `make site` writes it, served on 127.0.0.1, rebuilt
and reloaded in the browser when the data, pages, templates or code change.

Every release, latest/, versions.json (Material's version selector) and the root forwarding page
are there, as on the static host. Each rebuild runs `guideline build` in a fresh process (so code
edits count) and swaps the folder in atomically: a failed rebuild keeps serving the last good site.

An edit of the data is shown in two steps: first the edited chapter's changed pages, rendered in this
process within seconds (scripts/preview.py) and reloaded in the browser; then the full build, in the
background, which replaces the whole folder (every derived page, the search index) and reloads again.
While it runs the server keeps answering. Edits that arrive meanwhile are rendered at once and
built by one more full build.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from scripts import buildcache
from scripts.preview import Preview
from scripts.sitebuild import normalise_site_url, work_folder

REPO = Path(__file__).resolve().parent.parent
WATCHED = ("guideline_data", "docs", "overrides", "macros", "mkdocs.yml")


def build_command(out: Path, data: Path, site_url: str, drafts: bool) -> list[str]:
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "build", "--out", str(out)]
    return command + (["--site-url", site_url] if site_url else []) + (["--drafts"] if drafts else [])


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, which can also reload the browsers when the background build lands."""

    def reload_browsers(self) -> None:
        """Tell every open page to reload (MkDocs 1.6's epoch protocol: pages poll for a newer epoch)."""
        with self._epoch_cond:
            newer = max(round(time.monotonic() * 1000), self._visible_epoch + 1)  # as mkdocs.livereload._timestamp
            self._wanted_epoch = self._visible_epoch = newer
            self._epoch_cond.notify_all()


class FullBuilds:
    """One background thread running the full build whenever asked, one at a time; asks made while a
    build runs are served by one more build after it. `started` runs as each build starts, `landed`
    after each build that succeeded; nothing they raise stops the thread."""

    def __init__(self, build: Callable[[], bool], started: Callable[[], None], landed: Callable[[], None]) -> None:
        self.build, self.started, self.landed = build, started, landed
        self.wanted = threading.Condition()
        self.pending = self.stopped = False
        threading.Thread(target=self._run, daemon=True, name="full-build").start()

    def request(self) -> None:
        with self.wanted:
            self.pending = True
            self.wanted.notify()

    def stop(self) -> None:
        """No build starts after this (the server stops)."""
        with self.wanted:
            self.stopped = True

    def _run(self) -> None:
        while True:
            with self.wanted:
                self.wanted.wait_for(lambda: self.pending)
                self.pending = False
                if self.stopped:
                    return
            try:
                self.started()
                if self.build():
                    self.landed()
                else:  # the build printed why; the folder is unchanged
                    logging.getLogger("mkdocs").error("The full build failed; still serving the last good site")
            except Exception:
                logging.getLogger("mkdocs").exception("The full build's bookkeeping failed; the next edit builds again")


def serve(
    out: Path, data: Path, host: str = "127.0.0.1", port: int = 8000, site_url: str = "", drafts: bool = False
) -> None:
    """Build once (raising if that fails), then serve `out` and rebuild on every change until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logger = logging.getLogger("mkdocs")
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no __pycache__ writes to trigger rebuilds
    data = data.resolve()
    preview = Preview(out, data, lambda release_id: work_folder(release_id, data, False), drafts, normalise_site_url(site_url))
    code = buildcache.code_digest()  # the code this process runs: the fast step renders with it

    running: list[subprocess.Popen] = []  # the full build under way, stopped with the server

    def build() -> bool:
        process = subprocess.Popen(build_command(out, data, site_url, drafts), cwd=REPO, env=environment)
        running[:] = [process]
        try:
            before = _folder_identity(out)
            while True:  # the build swaps its folder in, then removes the old one (seconds) before it exits
                try:
                    return process.wait(timeout=0.05) == 0
                except subprocess.TimeoutExpired:
                    if before is not None and _folder_identity(out) not in (before, None):
                        preview.build_landed()  # newer edits' pages back at once, not after the removal
                        before = None
        finally:
            running.clear()

    def landed() -> None:
        preview.build_landed()  # the pages of edits saved while it ran, newer than its folder, written again
        server.reload_browsers()
        if buildcache.code_digest() == code:
            preview.refresh()  # MkDocs resident with the new trees (seconds, in this background thread)
            if preview.render_edits():  # those edits' chapters rendered again from the new tree
                server.reload_browsers()

    def rebuild() -> None:  # the server's builder: the fast step, then the full build in the background
        started = time.perf_counter()
        try:
            written = preview.render_edits() if buildcache.code_digest() == code else []
            if written:
                logger.info(
                    "Rendered %d edited page(s) in %.1f s (%s); the full build follows", len(written),
                    time.perf_counter() - started, ", ".join(written[:3]) + (" ..." if len(written) > 3 else ""),
                )
        except Exception:  # an exception here would leave MkDocs' server waiting for a rebuild that never ends
            logger.exception("The fast step failed; the full build follows")
        finally:
            full_builds.request()

    if not build():
        raise RuntimeError(f"the first build failed; nothing to serve from {out}/")
    server = PreviewServer(builder=rebuild, host=host, port=port, root=str(out))
    full_builds = FullBuilds(build, preview.build_started, landed)
    threading.Thread(target=preview.refresh, daemon=True, name="preview-refresh").start()
    not_found = out / "404.html"
    server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.is_file() else None
    for name in WATCHED:
        server.watch(str(data if name == "guideline_data" else REPO / name))
    if threading.current_thread() is threading.main_thread():  # SIGTERM stops the server as Ctrl-C does
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        full_builds.stop()
        for process in list(running):  # a full build must not outlive its server (and swap in later)
            process.terminate()  # the build removes its staging folder on SIGTERM (scripts/sitebuild.py)
            process.wait()
        preview.close()


def _folder_identity(folder: Path) -> tuple[int, int] | None:
    try:
        status = folder.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
