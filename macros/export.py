"""The public JSON data product: one document per release, described by guideline.schema.json."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
from pathlib import Path

from . import urls
from .build import Builder
from .conditions import footnotes_of, topic_cautions
from .grades import SCALES
from .index import graded_recommendations
from .model import Chapter, Release, Topic
from .problems import GuidelineDataError
from .recmap import placements_of
from .yamlsource import from_plain

SCHEMA_PATH = Path(__file__).with_name("guideline.schema.json")
FLOWS_SCHEMA_PATH = Path(__file__).with_name("flows.schema.json")
CHANGES_SCHEMA_PATH = Path(__file__).with_name("changes.schema.json")
# guideline.json 2.0: a release holds chapters (release.source and release.printed moved into `chapters`).
FORMAT_VERSION = "2.0"
FLOWS_FORMAT_VERSION = "1.0"


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


def chapter_reference(chapter: Chapter) -> dict:
    """How an exported item names its chapter: id, number as printed (or null), title."""
    return {"id": chapter.id, "number": chapter.metadata.number, "title": chapter.title}


def chapter_document(chapter: Chapter) -> dict:
    """A chapter as plain data: its metadata, and the ids of its sections and topics."""
    return {
        **chapter_reference(chapter),
        "source": plain(chapter.metadata.source),
        "printed": plain(chapter.metadata.printed),
        "sections": [section.id for section in chapter.sections],
        "topics": [topic.id for topic in chapter.topics],
    }


def release_document(release: Release) -> dict:
    """The whole release as plain data: metadata, chapters, vocabularies, flat recommendations, topics."""
    metadata = release.metadata
    return {
        "format_version": FORMAT_VERSION,
        "release": plain(metadata),
        "chapters": [chapter_document(chapter) for chapter in release.chapters],
        "notice": "Reproduces the AGO Breast guideline for professional reference. The published source and "
        "clinical judgement prevail. Copyright AGO e.V.",
        "grading": plain(release.grading),
        "sections": plain(release.sections),
        "recommendations": [
            {
                "id": indexed.id,
                "chapter": chapter_reference(release.chapter_of(indexed.topic)),
                "topic": {"id": indexed.topic.id, "title": indexed.topic.title.text},
                "text": indexed.text,
                "context": list(indexed.context),
                "loe": indexed.loe,
                "gr": indexed.gr,
                "ago": indexed.ago,
                "grade_scope": indexed.grade_scope,
                "footnotes": [
                    {"marker": footnote.marker, "text": footnote.text}
                    for footnote in footnotes_of(indexed.topic, indexed.id)
                ],
                "cautions": [{"text": caution.text} for caution in topic_cautions(indexed.topic)],
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
        "topics": [_with_grade_lines(plain(topic)) for topic in release.topics],
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


def _with_grade_lines(topic: dict) -> dict:
    """`grade_line` has one meaning across the document: the source line printing the grades that apply
    to the item (its own, else its list's, as in `recommendations`); null only where no grade applies.
    The model leaves it empty where the grades stand on the item's last text line."""

    def fill(items: list[dict], list_line: int | None) -> None:
        for item in items:
            if any(item[scale] is not None for scale in SCALES):
                item["grade_line"] = item["grade_line"] or item["lines"][-1]
            elif list_line is not None and not item["children"]:
                item["grade_line"] = list_line
            fill(item["children"], list_line)

    for block in topic["blocks"]:
        if block["kind"] == "recommendations":
            fill(block["items"], (block["list_grade"] or {}).get("line"))
    return topic


def _model_grade_lines(topic: dict) -> dict:
    """The reverse of `_with_grade_lines`: the model keeps a grade line only where it is not the item's last line."""

    def clear(items: list[dict]) -> None:
        for item in items:
            own = any(item.get(scale) is not None for scale in SCALES)
            if not own or item.get("grade_line") == item["lines"][-1]:
                item["grade_line"] = None
            clear(item.get("children", []))

    for block in topic.get("blocks", []):
        if block.get("kind") == "recommendations":
            clear(block.get("items", []))
    return topic


def topics_from_document(document: dict) -> tuple[Topic, ...]:
    """Read the exported topics back into models: the export loses nothing the model holds."""
    builder = Builder("<export>")
    topics = tuple(
        builder.model(Topic, from_plain(_model_grade_lines(copy.deepcopy(topic))), (1, 1), "", "")
        for topic in document["topics"]
    )
    if builder.problems:
        raise GuidelineDataError(builder.problems)
    return topics


def release_json(release: Release) -> str:
    """Deterministic JSON text (sorted nothing: order is source order; fixed separators)."""
    return json.dumps(release_document(release), ensure_ascii=False, indent=1) + "\n"


CSV_COLUMNS = (
    *("id", "chapter_id", "chapter_title", "topic_id", "topic_title", "context", "text", "loe", "gr", "ago"),
    "grade_scope",
    *("footnotes", "cautions", "slide", "lines", "url", "situations", "interventions"),
)


# A spreadsheet opened by double-click reads UTF-8 only behind a byte-order mark (else µ, – and › garble).
BOM = "\ufeff"


def recommendation_rows(release: Release) -> list[list[str]]:
    """The flat list as rows of text, header first: one row per graded item, in chapter and source order
    (CSV and XLSX); `slide` and `lines` count within the row's chapter."""
    rows = [list(CSV_COLUMNS)]
    for entry in release_document(release)["recommendations"]:
        rows.append(
            [
                entry["id"],
                entry["chapter"]["id"],
                entry["chapter"]["title"],
                entry["topic"]["id"],
                entry["topic"]["title"],
                " › ".join(entry["context"]),
                entry["text"],
                entry["loe"] or "",
                entry["gr"] or "",
                entry["ago"] or "",
                entry["grade_scope"],
                "; ".join(f"Footnote {footnote['marker']}: {footnote['text']}" for footnote in entry["footnotes"]),
                "; ".join(caution["text"] for caution in entry["cautions"]),
                str(entry["source"]["slide"]),
                " ".join(map(str, entry["source"]["lines"])),
                entry["url"],
                " ".join(entry["situations"]),
                " ".join(entry["interventions"]),
            ]
        )
    return rows


def recommendations_csv(release: Release) -> str:
    """The flat list as CSV for spreadsheets, as published: a byte-order mark, then RFC 4180 rows."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(recommendation_rows(release))
    return BOM + buffer.getvalue()


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
        "format_version": FLOWS_FORMAT_VERSION,
        "release": release.id,
        "notice": "Editorial reading aids derived from the recommendations; the recommendations prevail.",
        "flows": [{"chapter": chapter.id, **plain(flow)} for chapter in release.chapters for flow in chapter.flows],
        "cases": [{"chapter": chapter.id, **plain(case)} for chapter in release.chapters for case in chapter.cases],
    }


def flows_json(release: Release) -> str:
    return json.dumps(flows_document(release), indent=1, ensure_ascii=False) + "\n"
