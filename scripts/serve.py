"""`make serve`: the deployable folder exactly as `make site` writes it, served on 127.0.0.1, rebuilt
and reloaded in the browser when the data, pages, templates or code change.

Every release, latest/, versions.json (Material's version selector) and the root forwarding page
are there, as on the static host. Each rebuild runs `guideline build` in a fresh process (so code
edits count) and swaps the folder in atomically: a failed rebuild keeps serving the last good site.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

REPO = Path(__file__).resolve().parent.parent
WATCHED = ("guideline_data", "docs", "overrides", "macros", "mkdocs.yml")


def build_command(out: Path, data: Path, site_url: str, drafts: bool) -> list[str]:
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "build", "--out", str(out)]
    return command + (["--site-url", site_url] if site_url else []) + (["--drafts"] if drafts else [])


def serve(
    out: Path, data: Path, host: str = "127.0.0.1", port: int = 8000, site_url: str = "", drafts: bool = False
) -> None:
    """Build once (raising if that fails), then serve `out` and rebuild on every change until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no __pycache__ writes to trigger rebuilds

    def build() -> bool:
        command = build_command(out, data, site_url, drafts)
        return subprocess.run(command, cwd=REPO, env=environment, check=False).returncode == 0

    def rebuild() -> None:
        if not build():  # the build printed why; the folder is unchanged
            logging.getLogger("mkdocs").error("The rebuild failed; still serving the last good %s/", out)

    if not build():
        raise RuntimeError(f"the first build failed; nothing to serve from {out}/")
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(out))
    not_found = out / "404.html"
    server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.is_file() else None
    for name in WATCHED:
        server.watch(str(data if name == "guideline_data" else REPO / name))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
