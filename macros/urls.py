"""Every address the site and its exports use, in one place (as datasette's `Urls`).

Addresses are relative to a release's root unless a function says otherwise; pages link with
`relative` so the site works from any folder and any static host:

    <release>/                      a release, pinned; latest/ is a copy of the newest published one
    r/<id>/                         a recommendation (a retired or no longer graded id keeps its address)
    topics/<id>/                    a slide
    chapters/<chapter>/             a chapter: its sections, topics, flows, source and print page
    chapters/<chapter>/print/       the chapter on one page (its PDF's source)
    chapters/<chapter>/map/         the chapter's recommendation map (map/ holds every chapter's)
    chapters/<chapter>/source/slide-NN/#L<n>   a slide's source text, line n (slides count per chapter)
    source/slide-NN/                where source views were before releases held chapters (forwards)
    flows/<id>/, cases/<id>/        decision flows and worked examples
    grades/#<scale>-<value>         a grade's definition
    map/, print/                    the recommendation map, the whole release on one page
    data/<file>                     the data files (guideline.json, recommendations.csv, ...)

Each page is generated from a Markdown file named after its address (`page_file`); MkDocs gives a
file its address back (`page_url`), as a folder or, without directory URLs, as `.html`.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

import yaml

LATEST = "latest"  # the folder (and alias) of the newest published release

# The data files a release publishes (macros/generate.py exports; documented on docs/data.md).
GUIDELINE_JSON = "data/guideline.json"
GUIDELINE_SCHEMA = "data/guideline.schema.json"
RECOMMENDATIONS_CSV = "data/recommendations.csv"
RECOMMENDATIONS_XLSX = "data/recommendations.xlsx"
FHIR_BUNDLE = "data/fhir-bundle.json"
FLOWS_JSON = "data/flows.json"
FLOWS_SCHEMA = "data/flows.schema.json"
CHANGES_JSON = "data/changes.json"
CHANGES_SCHEMA = "data/changes.schema.json"
GRADES = "grades/"  # every grade's definition ("Grades explained")
MAP = "map/"  # the recommendation map
PRINT = "print/"  # the whole release on one page (the PDF's source)
CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"


@functools.cache
def canonical_base(config: Path = CONFIG) -> str:
    """The edition's canonical base address (mkdocs.yml `extra: canonical_base:`): absolute URLs where a
    standard expects them (FHIR canonical `url`s, links to the pages) even when no site address is given."""
    extra = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("extra") or {}
    base = extra.get("canonical_base")
    if not isinstance(base, str) or not re.fullmatch(r"https?://[^/\s]+/(\S*/)?", base):
        raise ValueError(
            f"{config}: extra.canonical_base must be an absolute http(s) address ending in '/' "
            f"(e.g. https://guideline.example.org/breast/), got {base!r}"
        )
    return base


def data_name(url: str) -> str:
    """A data file's name without its folder (`data/guideline.json` -> `guideline.json`)."""
    return posixpath.basename(url)


def recommendation(recommendation_id: str) -> str:
    return f"r/{recommendation_id}/"


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}/"


def chapter(chapter_id: str) -> str:
    """A chapter's own page: its sections and topics, flows, source views, print page."""
    return f"chapters/{chapter_id}/"


def chapter_map(chapter_id: str) -> str:
    """A chapter's own recommendation map (where a release has several chapters; map/ shows them all)."""
    return f"{chapter(chapter_id)}map/"


def chapter_print(chapter_id: str) -> str:
    """The chapter on one page, the source of its PDF."""
    return f"{chapter(chapter_id)}print/"


def source(chapter_id: str, slide: int, line: int | None = None) -> str:
    """A slide's source view in its chapter (slides count per chapter), at a line's anchor where one is given."""
    return f"{chapter(chapter_id)}source/slide-{slide:02d}/" + (f"#L{line}" if line else "")


def legacy_source(slide: int) -> str:
    """Where a source view was before releases held chapters: the address forwards (macros/generate.py)."""
    return f"source/slide-{slide:02d}/"


def flow(flow_id: str) -> str:
    return f"flows/{flow_id}/"


def case(case_id: str) -> str:
    return f"cases/{case_id}/"


def grade_anchor(scale: str, value: str) -> str:
    """The anchor of a grade's definition on the grading page (stable, used by every badge)."""
    slug = value.lower().replace("+/-", "plusminus").replace("+", "plus").replace("-", "minus")
    return f"{scale}-{slug}"


def grade(scale: str, value: str) -> str:
    """A grade's definition on the grading page."""
    return f"{GRADES}#{grade_anchor(scale, value)}"


def in_release(release_id: str, url: str) -> str:
    """An address in another release, from this release's root (`../2019.1/r/x/`)."""
    return f"../{release_id}/{url}"


def pinned(site_url: str, release_id: str, url: str = "") -> str:
    """An address pinned to a release, under the site's public address (`https://host/` or `/`)."""
    return f"{site_url}{release_id}/{url}"


def latest(site_url: str, url: str = "") -> str:
    """The same address in whatever release is the newest (its words and grades may change)."""
    return f"{site_url}{LATEST}/{url}"


def page_file(url: str) -> str:
    """The Markdown file that generates the page at `url` (`r/x/` -> `r/x.md`)."""
    return f"{url.rstrip('/')}.md"


def page_url(uri: str, directory_urls: bool = True) -> str:
    """The URL an engine gives a Markdown file: `r/x/`, or `r/x.html` without directory URLs."""
    return uri.removesuffix(".md") + ("/" if directory_urls else ".html")


def file_style(url: str) -> str:
    """A page's directory URL (`r/x/`) as the file a build without directory URLs writes
    (`r/x.html`; the home page `./` is `index.html`), so a site opened from disk links files, not folders."""
    path, hash_mark, fragment = url.partition("#")
    if path in ("./", "/"):
        path = "index.html"
    elif path.endswith("/"):
        path = path[:-1] + ".html"
    return path + hash_mark + fragment


@functools.lru_cache(maxsize=1 << 16)  # a pure function of two strings, called some 70,000 times at 26 chapters
def relative(from_page_url: str, to_url: str) -> str:
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
    relative_path = posixpath.relpath(path or ".", base or ".") if path else ""
    if path.endswith("/") and relative_path not in ("", "."):
        relative_path += "/"
    if relative_path == ".":
        relative_path = "./"
    return relative_path + (f"#{fragment}" if fragment else "")
