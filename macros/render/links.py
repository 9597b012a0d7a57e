"""Relative URLs between pages, so the site works from any folder and any static host."""

from __future__ import annotations

import posixpath


def relative_url(from_page_url: str, to_url: str) -> str:
    """A link from one page URL (e.g. `r/x/`) to another site URL (e.g. `grades/#loe-1a`)."""
    path, _, fragment = to_url.partition("#")
    base = posixpath.dirname(from_page_url.rstrip("/") + "/x") if from_page_url else "."
    relative = posixpath.relpath(path or ".", base or ".") if path else ""
    if path.endswith("/") and relative not in ("", "."):
        relative += "/"
    if relative == ".":
        relative = "./"
    return relative + (f"#{fragment}" if fragment else "")


def recommendation_url(recommendation_id: str) -> str:
    return f"r/{recommendation_id}/"


def topic_url(topic_id: str) -> str:
    return f"topics/{topic_id}/"


def source_url(slide: int, line: int | None = None) -> str:
    return f"source/slide-{slide:02d}/" + (f"#L{line}" if line else "")
