"""The few calls an implementer needs: open a release, list its recommendations, walk a flow.

`open_release()` without an id opens the release a site build is rendering (GUIDELINE_DATA and
GUIDELINE_RELEASE, as in macros/site.py), else the latest published release in guideline_data/.
While a build runs the examples, GUIDELINE_PUBLISHED names the folder its data/ files were written
to, and `published_data` reads them there instead of writing them a second time.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import urls
from .flows import Evaluation, evaluate
from .index import IndexedRecommendation, graded_recommendations
from .load import DATA_ROOT, load_all
from .model import Release
from .site import select_release, wanted_release

PUBLISHED_ENVIRONMENT = "GUIDELINE_PUBLISHED"  # set by macros/generate.py example_outputs during a build
PUBLISHED = frozenset(
    urls.data_name(url) for url in (urls.GUIDELINE_JSON, urls.GUIDELINE_SCHEMA, urls.RECOMMENDATIONS_CSV, urls.FHIR_BUNDLE)
)
__all__ = ["Evaluation", "evaluate", "open_release", "published_data", "recommendations"]


def open_release(release_id: str | None = None, data: Path | None = None) -> Release:
    """A validated release; raises GuidelineDataError listing every problem if the data is broken."""
    root = data or Path(os.environ.get("GUIDELINE_DATA") or DATA_ROOT).resolve()
    return select_release(load_all(root), release_id or wanted_release())


def published_data(name: str, release_id: str | None = None, data: Path | None = None) -> str:
    """The text of data/<name> exactly as the site publishes it for the release (as if downloaded).

    name: guideline.json, guideline.schema.json, recommendations.csv or fhir-bundle.json; raises
    KeyError for any other.
    """
    from .export import recommendations_csv, release_json, schema_text
    from .fhir_export import fhir_json

    published = os.environ.get(PUBLISHED_ENVIRONMENT)
    built = Path(published) / "data" / name if published and data is None and release_id is None else None
    if built is not None and name in PUBLISHED and built.is_file():
        return built.read_bytes().decode("utf-8")  # the file this build publishes, written once (bytes as they are)
    root = data or Path(os.environ.get("GUIDELINE_DATA") or DATA_ROOT).resolve()
    releases = load_all(root)
    release = select_release(releases, release_id or wanted_release())
    writers = {  # keys: PUBLISHED
        urls.data_name(urls.GUIDELINE_JSON): lambda: release_json(release),
        urls.data_name(urls.GUIDELINE_SCHEMA): schema_text,
        urls.data_name(urls.RECOMMENDATIONS_CSV): lambda: recommendations_csv(release),
        urls.data_name(urls.FHIR_BUNDLE): lambda: fhir_json(release, releases),
    }
    if name not in writers:
        raise KeyError(f"unknown data file {name!r}; published: {', '.join(writers)}")
    return writers[name]()


def recommendations(release: Release) -> tuple[IndexedRecommendation, ...]:
    """Every graded item in source order, with the grades that apply to it and what it is nested under."""
    return graded_recommendations(release)
