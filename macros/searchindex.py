"""The search index as the search reads it: one spelling per character, so every printed form is found.

Material writes search/search_index.json; scripts/sitebuild.py rewrites it after the engine. Titles and
texts (and editorial tags) are put in Unicode NFKC (the micro sign U+00B5 becomes Greek mu U+03BC, `m²` becomes `m2`),
and docs/assets/search-query.js puts every query in the same form before the search worker sees it.
"""

from __future__ import annotations

import json
import unicodedata

FIELDS = ("title", "text")
SEARCH_SETTINGS = "search_settings.json"  # beside search_index.json
RELEASE_PART = "release.json"  # beside search_index.json: the release-wide pages' documents


def chapter_part(chapter_id: str) -> str:
    """The file of one chapter's documents, beside search_index.json (docs/assets/search-worker.js)."""
    return f"chapter-{chapter_id}.json"


def page_file_of(location: str) -> str:
    """A search document's page as the generator names it: `r/x/#a` and `r/x.html#a` -> `r/x.md`."""
    url = location.split("#", 1)[0]
    return (url.removesuffix(".html") if url.endswith(".html") else url.removesuffix("/")) + ".md"


def normalised_index(index_text: str) -> str:
    """search_index.json text -> the same index with every title and text in NFKC (idempotent).

    Markup and entities are ASCII, which NFKC leaves alone; grades are not in the index (badges.py).
    """
    document = json.loads(index_text)
    for doc in document["docs"]:
        for field in FIELDS:
            if isinstance(doc.get(field), str):
                doc[field] = unicodedata.normalize("NFKC", doc[field])
        if isinstance(doc.get("tags"), list):  # editorial search terms (search.yaml)
            doc["tags"] = [unicodedata.normalize("NFKC", tag) if isinstance(tag, str) else tag for tag in doc["tags"]]
    return json.dumps(document, separators=(",", ":"))


def search_settings(index_text: str) -> str:
    """search_index.json's settings with no documents (the worker fetches search/search_index.json).

    The page loads this instead of the whole index (docs/assets/search-query.js); the search worker
    (docs/assets/search-worker.js) fetches and parses the documents itself, so a guideline-sized index
    costs the page's main thread no parsing and no copy into the worker."""
    document = json.loads(index_text)
    settings = {key: value for key, value in document.items() if key != "docs"}
    return json.dumps({**settings, "docs": []}, separators=(",", ":"))


def search_parts(index_text: str, chapters: list[str], pages: dict[str, str]) -> dict[str, str]:
    """The index's documents split for a first search of one chapter: file name -> text.

    A document belongs to the chapter of its page (`pages`: page file -> chapter id, macros/generate.py
    page_chapters); every other document is release-wide (RELEASE_PART). Each document is in exactly one
    part, in the whole index's order. The search worker searches the release-wide part with the reader's
    chapter first, then the whole index (search_index.json, unchanged), so the final ranking is the whole
    index's. No parts (an empty mapping) where `pages` is empty: a release of one chapter."""
    if not pages:
        return {}
    document = json.loads(index_text)
    parts: dict[str, list[dict]] = {RELEASE_PART: [], **{chapter_part(chapter_id): [] for chapter_id in chapters}}
    for doc in document["docs"]:
        chapter_id = pages.get(page_file_of(doc["location"]))
        parts[RELEASE_PART if chapter_id is None else chapter_part(chapter_id)].append(doc)
    return {name: json.dumps({"docs": docs}, separators=(",", ":")) for name, docs in parts.items()}
