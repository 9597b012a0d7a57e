"""schema.org JSON-LD on every recommendation page: parses, names the recommendation, grades equal the data."""

from __future__ import annotations

import json
import re

import pytest

from macros.conditions import conditions
from macros.index import graded_recommendations
from macros.load import DATA_ROOT, load_all
from macros.render.jsonld import recommendation_data, recommendation_script, script_json
from tests.conftest import FIXTURES

REAL = next(r for r in load_all(DATA_ROOT) if r.id == "2024.1E")
GRADED = {indexed.id: indexed for indexed in graded_recommendations(REAL)}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.mark.parametrize(
    "hostile",
    ["</script><script>alert(1)</script>", "<!-- x", "a & b > c", "]]>", "\u2028 line separator", "</SCRIPT >"],
)
def test_script_json_cannot_close_its_element_and_parses_to_the_same_text(hostile):
    text = script_json({"name": hostile})
    assert "<" not in text and ">" not in text and "&" not in text and "\n" not in text
    assert json.loads(text) == {"name": hostile}


@pytest.mark.parametrize("recommendation_id", list(GRADED))
def test_recommendation_page_json_ld_names_it_with_the_datas_grades(built_site, recommendation_id):
    indexed = GRADED[recommendation_id]
    html = (built_site / f"2024.1E/r/{recommendation_id}/index.html").read_text(encoding="utf-8")
    (block,) = SCRIPT.findall(html)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalGuidelineRecommendation"
    assert data["identifier"] == recommendation_id
    assert data["url"] == f"/2024.1E/r/{recommendation_id}/"
    assert data["name"] == " › ".join((*indexed.context, indexed.text))
    assert data["description"] == indexed.text
    printed = {scale: getattr(indexed, scale) for scale in ("loe", "gr", "ago") if getattr(indexed, scale)}
    properties = data["additionalProperty"]
    assert {p["propertyID"]: p["value"] for p in properties if p["propertyID"] in ("loe", "gr", "ago")} == printed
    kinds = ("footnote", "caution")  # every footnote and caution printed beside it, word for word
    assert [(p["propertyID"], p["name"], p["value"]) for p in properties if p["propertyID"] in kinds] == [
        (condition.kind, condition.label, condition.text) for condition in conditions(REAL, indexed)
    ]
    assert data.get("evidenceLevel") == (f"Oxford LoE {indexed.loe}" if indexed.loe else None)
    strength = [
        f"{label} {printed[scale]}" for scale, label in (("gr", "Oxford GR"), ("ago", "AGO")) if scale in printed
    ]
    assert data.get("recommendationStrength") == ("; ".join(strength) or None)
    chapter = data["isPartOf"]
    assert (chapter["@type"], chapter["identifier"], chapter["name"]) == ("Chapter", "osteooncology", "Osteo-Oncology and Bone Health")
    part_of = chapter["isPartOf"]
    assert (part_of["name"], part_of["version"]) == (REAL.metadata.title, "2024.1E")


def test_hostile_recommendation_text_stays_inside_its_data_block():
    """Markup, Jinja and Markdown in the words: one script element, and the JSON gives the words back exactly."""
    hostile = load_all(FIXTURES / "injection")[0]
    for indexed in graded_recommendations(hostile):
        script = recommendation_script(hostile, indexed)
        assert script.count("<") == 2 and script.count(">") == 2  # only the element's own tags
        (block,) = SCRIPT.findall(script)
        assert json.loads(block) == recommendation_data(hostile, indexed)
        assert json.loads(block)["description"] == indexed.text
