"""macros/urls.py: every address of the site and its exports, and nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

from macros import urls

REPO = Path(__file__).resolve().parent.parent


def test_addresses_keep_their_published_shape():
    """Permalinks, source views, flows, cases, grades and data files keep the addresses readers cite."""
    assert urls.recommendation("bp-mbc-hypercalcemia") == "r/bp-mbc-hypercalcemia/"
    assert urls.topic("denosumab-mbc") == "topics/denosumab-mbc/"
    assert urls.source("osteooncology", 2) == "chapters/osteooncology/source/slide-02/"
    assert urls.source("osteooncology", 12, 140) == "chapters/osteooncology/source/slide-12/#L140"
    assert urls.legacy_source(2) == "source/slide-02/"  # forwards to the chapter's source view
    assert urls.chapter("osteooncology") == "chapters/osteooncology/"
    assert urls.chapter_print("osteooncology") == "chapters/osteooncology/print/"
    assert urls.flow("f") == "flows/f/"
    assert urls.case("c") == "cases/c/"
    assert urls.grade("ago", "+/-") == "grades/#ago-plusminus"
    assert urls.CHANGES_JSON == "data/changes.json"
    assert urls.in_release("2019.1", urls.recommendation("x")) == "../2019.1/r/x/"
    assert urls.pinned("https://host/", "2024.1E", urls.recommendation("x")) == "https://host/2024.1E/r/x/"
    assert urls.latest("https://host/", urls.recommendation("x")) == "https://host/latest/r/x/"


def test_a_page_file_and_its_address_map_both_ways():
    """`r/x/` is generated from `r/x.md`, which MkDocs serves at `r/x/` or, without directory URLs, `r/x.html`."""
    assert urls.page_file(urls.recommendation("x")) == "r/x.md"
    assert urls.page_url("r/x.md") == "r/x/"
    assert urls.page_url("r/x.md", directory_urls=False) == "r/x.html"
    assert urls.relative("r/x.html", urls.topic("t")) == "../topics/t.html"


# An address written out: a path of the site's scheme right after a quote or an interpolation.
ADDRESS = re.compile(
    r"""(["'}/]|\.\./)(r|topics|flows|cases)/\{[^"']*/"""  # f"r/{id}/", f"../{release}/r/{id}/"
    r"""|source/slide-|grades/\#"""  # source views, grade definitions
    r"""|["']data/[\w.-]+\.(json|csv)["']"""  # data files
    r"""|["'}]/?latest/|\.\./\{"""  # the latest release, another release
)


def test_only_urls_py_writes_addresses():
    """No other module spells an address of the site: they all ask macros/urls.py."""
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in ("macros", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path != REPO / "macros" / "urls.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ADDRESS.search(line)
    ]
    assert offenders == []


def test_the_address_pattern_catches_the_old_copies():
    """The pattern above finds each way an address was written before urls.py."""
    old = [
        'return f"r/{recommendation_id}/"',
        'return f"topics/{topic_id}/"',
        'return f"source/slide-{slide:02d}/"',
        'return f"flows/{flow_id}/"',
        'url=f"r/{entry.id}/" if entry.release == new.id else f"../{entry.release}/r/{entry.id}/"',
        'latest = f"{site_url}latest/{path}" if site_url else ""',
        'href = relative_url(page_url, f"grades/#{grade_anchor(scale, value)}")',
        '("data/guideline.json", release_json(release)),',
        'target = f"../{release_id}/{target}"',
    ]
    assert [line for line in old if not ADDRESS.search(line)] == []
