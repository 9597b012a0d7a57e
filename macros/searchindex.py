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
