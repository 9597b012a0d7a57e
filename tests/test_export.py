"""The JSON export: valid against its schema, flat and complete, deterministic, and in the built site."""

from __future__ import annotations

import csv
import json

import jsonschema

from macros.export import recommendations_csv, release_document, release_json, schema_text
from macros.index import graded_recommendations


def test_export_validates_against_the_published_schema(release):
    """Implementers can rely on the schema: the real export passes it."""
    jsonschema.validate(release_document(release), json.loads(schema_text()))


def test_every_graded_item_is_in_the_flat_list_in_source_order(release):
    """`recommendations` lists each graded item once, ordered as the source prints them."""
    exported = release_document(release)["recommendations"]
    assert [entry["id"] for entry in exported] == [indexed.id for indexed in graded_recommendations(release)]
    positions = [(entry["source"]["slide"], entry["source"]["lines"][0]) for entry in exported]
    assert positions == sorted(positions)
    assert len(exported) == 115


def test_exported_entry_carries_context_grades_source_and_permalink(release):
    """A nested schedule carries its chapter, its parent as context and its own grades."""
    entry = next(e for e in release_document(release)["recommendations"] if e["id"] == "bma-zoledronate-q12w")
    assert entry == {
        "id": "bma-zoledronate-q12w",
        "chapter": {"id": "osteooncology", "number": None, "title": "Osteo-Oncology and Bone Health"},
        "topic": {"id": "bone-modifying-agents", "title": "Bone Modifying Agents for the Therapy of Bone Metastases"},
        "text": "q12w",
        "context": ["Zoledronate IV 4 mg"],
        "loe": "1a",
        "gr": "A",
        "ago": "++",
        "grade_scope": "item",
        "footnotes": [],
        "cautions": [],
        "tags": ["bisphosphonates", "zoledronate"],
        "source": {"slide": 5, "lines": [98], "grade_line": 98},
        "url": "r/bma-zoledronate-q12w/",
        "situations": ["bone-metastases"],
        "interventions": ["bisphosphonates"],
        "map_cells": [{"situation": "bone-metastases", "intervention": "bisphosphonates"}],
    }


def test_list_wide_grade_is_given_on_each_item_and_marked_as_such(release):
    """Items of a list graded once carry the list's grade with grade_scope 'list'."""
    entry = next(
        e for e in release_document(release)["recommendations"] if e["id"] == "spine-surgery-progressive-neurology"
    )
    assert (entry["loe"], entry["gr"], entry["ago"], entry["grade_scope"]) == ("2b", "C", "++", "list")
    assert entry["context"] == ["Indications for surgery", "Spinal cord compression"]
    assert entry["source"]["grade_line"] == 120


def test_grades_not_printed_are_null(release):
    """LoE-only statements export gr and ago as null, never as a guess."""
    entry = next(e for e in release_document(release)["recommendations"] if e["id"] == "tox-renal-function")
    assert (entry["loe"], entry["gr"], entry["ago"]) == ("1b", None, None)


def test_trials_tables_lists_and_notes_are_exported(release):
    """Everything the slides say is in the export, not only the recommendations."""
    kinds = [block["kind"] for topic in release_document(release)["topics"] for block in topic["blocks"]]
    assert kinds.count("trial") == 6 and kinds.count("table") == 1
    assert {"note", "caution", "list", "links", "figure"} <= set(kinds)


def test_export_is_deterministic(release):
    """The same data gives the same bytes."""
    assert release_json(release) == release_json(release)


def test_built_site_publishes_the_export_and_schema(built_site, release):
    """`make site` writes guideline.json and its schema beside each release."""
    assert (built_site / "2024.1E/data/guideline.json").read_text(encoding="utf-8") == release_json(release)
    assert json.loads((built_site / "2024.1E/data/guideline.schema.json").read_text(encoding="utf-8"))["title"]


def test_csv_starts_with_a_byte_order_mark_for_spreadsheets(release):
    """A double-clicked CSV opens as UTF-8 only behind a BOM: µ, en dashes and › stay themselves."""
    text = recommendations_csv(release)
    assert text.startswith("\ufeffid,chapter_id,chapter_title,topic_id,") and text.count("\ufeff") == 1
    assert "µ" in text and "–" in text and "›" in text


def test_xlsx_holds_the_csv_rows_as_text_cells_byte_identical_per_build(release):
    """Every cell of the workbook is a text cell equal to the CSV's (so '+/-' is never a formula); same data, same bytes."""
    import io
    import re
    import zipfile

    from openpyxl import load_workbook

    from macros.spreadsheet import recommendations_xlsx

    workbook = recommendations_xlsx(release)
    assert workbook == recommendations_xlsx(release)
    archive = zipfile.ZipFile(io.BytesIO(workbook))  # no clock anywhere: not in the properties, not in the zip
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode("utf-8")
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == ["2000-01-01T00:00:00Z"] * 2
    sheet = load_workbook(io.BytesIO(workbook)).active
    rows = [[cell.value if cell.value is not None else "" for cell in row] for row in sheet.iter_rows()]
    expected = list(csv.reader(io.StringIO(recommendations_csv(release).removeprefix("\ufeff"))))
    assert rows == expected
    assert {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None} == {"s"}
    ago = rows[0].index("ago")
    assert {row[ago] for row in rows[1:]} >= {"++", "+", "+/-", "-", "--"}


def test_grade_line_has_one_meaning_across_the_json(release):
    """Every graded item's grade_line in `topics` equals its source.grade_line in `recommendations` (a number, both)."""
    document = json.loads(release_json(release))
    in_topics: dict[str, int | None] = {}

    def walk(items: list[dict]) -> None:
        for item in items:
            in_topics[item["id"]] = item["grade_line"]
            walk(item["children"])

    for topic in document["topics"]:
        for block in topic["blocks"]:
            if block["kind"] == "recommendations":
                walk(block["items"])
    pairs = [(entry["source"]["grade_line"], in_topics[entry["id"]]) for entry in document["recommendations"]]
    assert len(pairs) == 115
    assert [pair for pair in pairs if pair[0] != pair[1] or not isinstance(pair[0], int)] == []
