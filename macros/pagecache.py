"""Generated pages on disk for `mkdocs serve --dirty`: MkDocs rebuilds only pages whose file is newer
than their output, so a page's file is rewritten only when its text changes.

Off by default: a normal build keeps every generated page in memory and writes nothing here.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "pages"


class Mode:
    """Set once per process by hooks.on_startup (the hooks module is reloaded on every rebuild)."""

    dirty = False


def generated_page(config, uri: str, content: str, release_id: str) -> File:
    if not Mode.dirty:
        return File.generated(config, uri, content=content)
    path = CACHE / release_id / uri
    if not path.is_file() or path.read_text(encoding="utf-8") != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return File.generated(config, uri, abs_src_path=str(path))
