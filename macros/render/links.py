"""Relative URLs between pages, so the site works from any folder and any static host."""

from __future__ import annotations

import posixpath


def file_style(site_url: str) -> str:
    """A page's directory URL (`r/x/`) as the file a build without directory URLs writes
    (`r/x.html`; the home page `./` is `index.html`), so a site opened from disk links files, not folders."""
    path, hash_mark, fragment = site_url.partition("#")
    if path in ("./", "/"):
        path = "index.html"
    elif path.endswith("/"):
        path = path[:-1] + ".html"
    return path + hash_mark + fragment


def relative_url(from_page_url: str, to_url: str) -> str:
    """A link from one page URL (e.g. `r/x/`) to another site URL (e.g. `grades/#loe-1a`).

    Targets are written as directory URLs. When the page itself is a file URL (`r/x.html`, a build
    with `use_directory_urls: false` such as the offline bundle), page targets become files too.
    """
    if from_page_url.endswith(".html"):
        to_url = file_style(to_url)
    path, _, fragment = to_url.partition("#")
    if from_page_url.endswith(".html"):
        base = posixpath.dirname(from_page_url) or "."
    else:
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
