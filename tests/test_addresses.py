"""Every address the site had before releases held chapters still resolves: the same page, or a forward."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ADDRESSES = [
    line
    for line in (FIXTURES / "addresses-before-chapters.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def _file(site: Path, address: str) -> Path:
    """The file a static host serves for an address (a directory URL serves its index.html)."""
    return site / address / "index.html" if address.endswith("/") else site / address


def resolve(site: Path, address: str) -> Path:
    """The file an address ends at, following forwards (meta refresh), at most three."""
    for _ in range(4):
        path = _file(site, address)
        assert path.is_file(), f"{address} does not resolve (no {path.relative_to(site)})"
        if path.suffix != ".html":
            return path
        forward = REFRESH.search(path.read_text(encoding="utf-8"))
        if forward is None:
            return path
        base = address if address.endswith("/") else posixpath.dirname(address) + "/"
        address = posixpath.normpath(posixpath.join(base, forward.group(1).split("#")[0])) + (
            "/" if forward.group(1).split("#")[0].endswith("/") else ""
        )
    raise AssertionError(f"{address}: more than three forwards")


def test_the_address_list_covers_every_kind_of_page():
    """The list was taken from a whole built site: recommendations, topics, source views, flows, cases, data."""
    for part in ("/r/", "/topics/", "/source/slide-", "/flows/", "/cases/", "/data/guideline.json", "latest/"):
        assert any(part in address for address in ADDRESSES), part
    assert len(ADDRESSES) > 400


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_address_of_the_site_before_chapters_still_resolves(built_site: Path, address: str):
    """The address serves a page or file, or forwards to one that exists."""
    assert resolve(built_site, address).is_file()


@pytest.mark.parametrize("address", [a for a in ADDRESSES if "/source/slide-" in a])
def test_an_old_source_view_forwards_to_its_chapter_source_view(built_site: Path, address: str):
    """`source/slide-NN/` forwards to that slide's source view in the chapter osteooncology."""
    slide = address.rsplit("slide-", 1)[1]
    target = resolve(built_site, address)
    assert target.parent.parent.name == "source" and target.parent.name == f"slide-{slide.rstrip('/')}"
    assert target.parent.parent.parent.name == "osteooncology"
