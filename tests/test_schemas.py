"""The published JSON Schemas: every property documented, grades are enums of their scale, exports pass them."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from macros.compare import compare, comparison_document
from macros.export import (
    CHANGES_SCHEMA_PATH,
    FLOWS_SCHEMA_PATH,
    SCHEMA_PATH,
    changes_schema_text,
    release_document,
)
from macros.load import DATA_ROOT, load_all, load_grading
from tests.conftest import FIXTURES

SCHEMAS = {
    path.name: json.loads(path.read_text(encoding="utf-8"))
    for path in (SCHEMA_PATH, CHANGES_SCHEMA_PATH, FLOWS_SCHEMA_PATH)
}
CONDITIONAL = ("if", "then", "else")  # restate properties declared (and documented) beside them


def undocumented(node: object, path: str = "#", declared: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every property without a description; properties in if/then/else must be declared beside them."""
    if isinstance(node, dict):
        properties = node.get("properties", {})
        for name, schema in properties.items():
            if not (isinstance(schema, dict) and str(schema.get("description", "")).strip()):
                yield f"{path}/properties/{name}"
        for key, value in node.items():
            if key in CONDITIONAL:
                names = set(value.get("properties", {}))
                yield from (f"{path}/{key}/properties/{name} (not declared)" for name in sorted(names - declared))
                continue
            yield from undocumented(value, f"{path}/{key}", frozenset(properties))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from undocumented(value, f"{path}/{index}", declared)


def count_properties(node: object) -> int:
    if isinstance(node, dict):
        own = len(node.get("properties", {}))
        return own + sum(count_properties(value) for key, value in node.items() if key not in CONDITIONAL)
    if isinstance(node, list):
        return sum(count_properties(value) for value in node)
    return 0


def grade_refs(node: object) -> Iterator[tuple[str, str]]:
    """(name, $ref) of every property named loe, gr or ago, except the scales under `grading`."""
    if isinstance(node, dict):
        for name, schema in node.get("properties", {}).items():
            if name in ("loe", "gr", "ago") and schema.get("$ref") != "#/$defs/scale":
                yield name, schema.get("$ref", "")
        for value in node.values():
            yield from grade_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from grade_refs(value)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_schema_is_valid_and_every_property_is_documented(name):
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["description"]
    assert list(undocumented(schema)) == []
    assert count_properties(schema) > 10


def test_walker_finds_an_undocumented_property():
    """The check above would fail: a property without a description is reported with its path."""
    schema = copy.deepcopy(SCHEMAS["guideline.schema.json"])
    del schema["$defs"]["arm"]["properties"]["label"]["description"]
    schema["properties"]["grading"]["properties"]["loe"]["description"] = " "
    assert list(undocumented(schema)) == ["#/properties/grading/properties/loe", "#/$defs/arm/properties/label"]


@pytest.mark.parametrize(
    ("name", "scale"), list(itertools.product(["guideline.schema.json", "changes.schema.json"], ["loe", "gr", "ago"]))
)
def test_grade_enums_are_the_scales_of_grading_yaml(name, scale):
    """grading.yaml is the source of truth: the schema allows exactly its values (and null: not printed)."""
    allowed = getattr(load_grading(DATA_ROOT), scale).allowed
    assert SCHEMAS[name]["$defs"][scale]["enum"] == [*allowed, None]


def test_every_grade_in_the_guideline_schema_is_one_of_the_scale_enums():
    """No grade field is a free string: each refers to the enum of its own scale."""
    refs = list(grade_refs(SCHEMAS["guideline.schema.json"]))
    assert len(refs) == 9  # recommendations, recommendation items, list grades: three scales each
    assert all(ref == f"#/$defs/{name}" for name, ref in refs)
    document = release_document(next(r for r in load_all(DATA_ROOT) if r.id == "2024.1E"))
    for broken in (
        lambda d: d["recommendations"][0].__setitem__("ago", "+++"),
        lambda d: d["recommendations"][0].__setitem__("gr", "a"),
        lambda d: d["topics"][0]["blocks"][0]["items"][0].__setitem__("loe", "1 a"),
    ):
        copied = copy.deepcopy(document)
        broken(copied)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(copied, SCHEMAS["guideline.schema.json"])


@pytest.mark.parametrize(
    "root", [DATA_ROOT, FIXTURES / "releases", FIXTURES / "minimal", FIXTURES / "injection"], ids=lambda p: p.name
)
def test_every_release_exports_valid_against_the_guideline_schema(root: Path):
    for release in load_all(root):
        jsonschema.validate(release_document(release), SCHEMAS["guideline.schema.json"])


def test_changes_between_fixture_releases_validate_against_their_schema():
    releases = load_all(FIXTURES / "releases")
    for old, new in itertools.pairwise(releases):
        jsonschema.validate(comparison_document(compare(old, new)), json.loads(changes_schema_text()))


def test_changes_schema_refuses_a_grade_of_another_scale():
    releases = load_all(FIXTURES / "releases")
    document = comparison_document(compare(releases[1], releases[2]))
    entry = next(entry for entry in document["regraded"] if entry["scale"] == "ago")
    entry["new"] = "A"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMAS["changes.schema.json"])


def test_versioned_site_publishes_changes_with_their_schema(tmp_path):
    from scripts.sitebuild import build_site

    build_site(tmp_path / "site", FIXTURES / "releases")
    changes = json.loads((tmp_path / "site/2020.1/data/changes.json").read_text(encoding="utf-8"))
    published = json.loads((tmp_path / "site/2020.1/data/changes.schema.json").read_text(encoding="utf-8"))
    assert published == SCHEMAS["changes.schema.json"]
    jsonschema.validate(changes, published)
    assert not (tmp_path / "site/2016.1/data/changes.schema.json").exists()
