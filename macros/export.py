"""The public JSON data product: one document per release, described by guideline.schema.json."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

from . import urls
from .build import Builder
from .index import graded_recommendations
from .model import Release, Topic
from .problems import GuidelineDataError
from .recmap import placements_of
from .yamlsource import from_plain

SCHEMA_PATH = Path(__file__).with_name("guideline.schema.json")
FLOWS_SCHEMA_PATH = Path(__file__).with_name("flows.schema.json")
CHANGES_SCHEMA_PATH = Path(__file__).with_name("changes.schema.json")
FORMAT_VERSION = "1.0"


def plain(value: object) -> object:
    """Model objects as JSON values: dataclasses to objects, tuples to lists, no loader positions."""
    if dataclasses.is_dataclass(value):
        return {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if not f.metadata.get("loader")
        }
    if isinstance(value, (tuple, list)):
        return [plain(entry) for entry in value]
    if isinstance(value, dict):
        return {key: plain(entry) for key, entry in value.items()}
    return value


def release_document(release: Release) -> dict:
    """The whole release as plain data: metadata, vocabularies, flat recommendations, topics."""
    metadata = release.metadata
    return {
        "format_version": FORMAT_VERSION,
        "release": plain(metadata),
        "notice": "Reproduces the AGO Breast guideline for professional reference. The published source and "
        "clinical judgement prevail. Copyright AGO e.V.",
        "grading": plain(release.grading),
        "sections": plain(release.sections),
        "recommendations": [
            {
                "id": indexed.id,
                "topic": {"id": indexed.topic.id, "title": indexed.topic.title.text},
                "text": indexed.text,
                "context": list(indexed.context),
                "loe": indexed.loe,
                "gr": indexed.gr,
                "ago": indexed.ago,
                "grade_scope": indexed.grade_scope,
                "footnotes": [
                    {"marker": footnote.marker, "text": footnote.text}
                    for footnote in indexed.topic.footnotes
                    if footnote.marker in indexed.recommendation.footnote_refs
                ],
                "tags": list(indexed.recommendation.tags),
                "source": {
                    "slide": indexed.topic.slide,
                    "lines": list(indexed.recommendation.lines),
                    "grade_line": indexed.grade_line,
                },
                "url": urls.recommendation(indexed.id),
                **_placement(release, indexed.id),
            }
            for indexed in graded_recommendations(release)
        ],
        "topics": [plain(topic) for topic in release.topics],
        "map": _map_document(release),
    }


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _placement(release: Release, recommendation_id: str) -> dict:
    """Where the recommendation map places it (editorial): its situations, interventions and cells, in map order."""
    cells = placements_of(release, recommendation_id)
    return {
        "situations": _unique([situation.id for situation, _ in cells]),
        "interventions": _unique([intervention.id for _, intervention in cells]),
        "map_cells": [{"situation": situation.id, "intervention": intervention.id} for situation, intervention in cells],
    }


def _map_document(release: Release) -> dict | None:
    """The recommendation map's rows, columns and what it leaves out (editorial), or None without a map."""
    recommendation_map = release.recommendation_map
    if recommendation_map is None:
        return None
    return {
        "notice": "Editorial reading aid, not printed in the source: recommendations sorted by clinical situation "
        "and intervention. The recommendations' words and grades prevail.",
        "situations": plain(recommendation_map.situations),
        "interventions": plain(recommendation_map.interventions),
        "left_out": plain(recommendation_map.left_out),
    }


def topics_from_document(document: dict) -> tuple[Topic, ...]:
    """Read the exported topics back into models: the export loses nothing the model holds."""
    builder = Builder("<export>")
    topics = tuple(builder.model(Topic, from_plain(topic), (1, 1), "", "") for topic in document["topics"])
    if builder.problems:
        raise GuidelineDataError(builder.problems)
    return topics


def release_json(release: Release) -> str:
    """Deterministic JSON text (sorted nothing: order is source order; fixed separators)."""
    return json.dumps(release_document(release), ensure_ascii=False, indent=1) + "\n"


def recommendations_csv(release: Release) -> str:
    """The flat list as CSV for spreadsheets: one row per graded item, source order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "id", "topic_id", "topic_title", "context", "text", "loe", "gr", "ago", "grade_scope", "slide", "lines", "url",
            "situations", "interventions",
        ]
    )
    for entry in release_document(release)["recommendations"]:
        writer.writerow(
            [
                entry["id"],
                entry["topic"]["id"],
                entry["topic"]["title"],
                " › ".join(entry["context"]),
                entry["text"],
                entry["loe"] or "",
                entry["gr"] or "",
                entry["ago"] or "",
                entry["grade_scope"],
                entry["source"]["slide"],
                " ".join(map(str, entry["source"]["lines"])),
                entry["url"],
                " ".join(entry["situations"]),
                " ".join(entry["interventions"]),
            ]
        )
    return buffer.getvalue()


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def flows_schema_text() -> str:
    return FLOWS_SCHEMA_PATH.read_text(encoding="utf-8")


def changes_schema_text() -> str:
    """The JSON Schema of data/changes.json (macros/compare.py comparison_document)."""
    return CHANGES_SCHEMA_PATH.read_text(encoding="utf-8")


def flows_document(release: Release) -> dict:
    """The decision flows and worked examples as data (editorial; they cite recommendations by id)."""
    return {
        "format_version": FORMAT_VERSION,
        "release": release.id,
        "notice": "Editorial reading aids derived from the recommendations; the recommendations prevail.",
        "flows": plain(release.flows),
        "cases": plain(release.cases),
    }


def flows_json(release: Release) -> str:
    return json.dumps(flows_document(release), indent=1, ensure_ascii=False) + "\n"
