"""The FHIR R5 bundle: valid for fhir.resources, every graded item with exactly its printed grades, deterministic."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest
from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle

from macros.fhir_export import BASE, OUTSIDE_VOCABULARY, RECOMMENDATION_ID_SYSTEM, SCALES, fhir_bundle, fhir_json
from macros.index import graded_recommendations
from macros.load import DATA_ROOT, load_all
from macros.model import Erratum
from scripts import guideline
from tests.conftest import FIXTURES

RELEASES = load_all(DATA_ROOT)
REAL = next(r for r in RELEASES if r.id == "2024.1E")
GRADED = {indexed.id: indexed for indexed in graded_recommendations(REAL)}
TEXT = fhir_json(REAL, RELEASES)
PARSED = Bundle.model_validate_json(TEXT)  # the whole bundle, parsed back and validated by the R5 models
DOCUMENT = json.loads(TEXT)
# Codes the models do not check (fhir.resources types them as strings): their FHIR R5 value sets.
PUBLICATION_STATUS = {"draft", "active", "retired", "unknown"}
COMPOSITION_STATUS = {"registered", "partial", "preliminary", "final", "amended", "corrected", "appended"}
INFORMATION_TYPE = {"comment", "classifier", "rating", "container", "response", "change-request"}


def _resources(document: dict, resource_type: str) -> list[dict]:
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == resource_type]


def _by_identifier(document: dict, resource_type: str) -> dict[str, dict]:
    return {
        identifier["value"]: resource
        for resource in _resources(document, resource_type)
        for identifier in resource["identifier"]
        if identifier["system"] == RECOMMENDATION_ID_SYSTEM
    }


PLANS = _by_identifier(DOCUMENT, "PlanDefinition")
ASSESSMENTS = _by_identifier(DOCUMENT, "ArtifactAssessment")


def test_the_models_are_fhir_r5():
    assert __fhir_version__ == "5.0.0"


def test_whole_bundle_validates_and_round_trips_byte_for_byte():
    """Parsing the published text with the R5 models and writing it again gives the same bytes."""
    assert PARSED.type == "collection"
    assert PARSED.model_dump_json(indent=1) + "\n" == TEXT


def test_bundle_holds_one_plan_and_one_assessment_per_graded_item_the_three_scales_and_the_map_axes():
    counts = Counter(entry["resource"]["resourceType"] for entry in DOCUMENT["entry"])
    assert counts == {"Composition": 1, "CodeSystem": 5, "PlanDefinition": 115, "ArtifactAssessment": 115}
    assert list(PLANS) == list(GRADED) == list(ASSESSMENTS)


@pytest.mark.parametrize("recommendation_id", list(GRADED))
def test_assessment_carries_exactly_the_printed_grades(recommendation_id):
    """LoE, GR and AGO codes equal the data; a grade the slide does not print is absent, never guessed."""
    indexed = GRADED[recommendation_id]
    assessment = ASSESSMENTS[recommendation_id]
    found = {}
    for content in assessment["content"]:
        assert content["informationType"] in INFORMATION_TYPE
        if content["informationType"] == "rating":
            (classifier,) = content["classifier"]
            (coding,) = classifier["coding"]
            scale = next(key for key, (url, _) in SCALES.items() if url == coding["system"])
            assert scale not in found
            found[scale] = coding["code"]
    printed = {scale: getattr(indexed, scale) for scale in ("loe", "gr", "ago") if getattr(indexed, scale)}
    assert found == printed
    plan_url = next(e["fullUrl"] for e in DOCUMENT["entry"] if e["resource"] is PLANS[recommendation_id])
    assert assessment["artifactReference"]["reference"] == plan_url


@pytest.mark.parametrize("recommendation_id", list(GRADED))
def test_plan_definition_names_the_item_in_its_context_and_links_its_page(recommendation_id):
    indexed = GRADED[recommendation_id]
    plan = PLANS[recommendation_id]
    assert plan["version"] == REAL.id
    assert plan["status"] == "active"
    assert plan["subtitle"] == indexed.text
    assert plan["title"] == f"{indexed.topic.title.text}: " + " › ".join((*indexed.context, indexed.text))
    assert {"type": "documentation", "url": f"{BASE}2024.1E/r/{recommendation_id}/"} in [
        {"type": artifact["type"], "url": artifact.get("document", {}).get("url")}
        for artifact in plan["relatedArtifact"]
    ]


def test_code_systems_hold_each_scale_with_its_official_meanings():
    """grading.yaml is the source of truth: every value with its meaning; 3c and 3d flagged as outside."""
    systems = {system["url"]: system for system in _resources(DOCUMENT, "CodeSystem")}
    for scale, (url, _) in SCALES.items():
        grade_scale = getattr(REAL.grading, scale)
        system = systems[url]
        assert system["title"] == grade_scale.name
        assert system["status"] in PUBLICATION_STATUS
        concepts = {concept["code"]: concept for concept in system["concept"]}
        assert list(concepts) == list(grade_scale.allowed)
        assert system["count"] == len(concepts)
        for code, concept in concepts.items():
            assert concept["definition"] == grade_scale.meaning(code)
            flagged = [p["valueBoolean"] for p in concept.get("property", []) if p["code"] == OUTSIDE_VOCABULARY]
            assert flagged == ([True] if code in grade_scale.outside_vocabulary else [])
    assert REAL.grading.loe.outside_vocabulary == ("3c", "3d")


def test_every_reference_resolves_inside_the_bundle_and_full_urls_are_unique():
    full_urls = [entry["fullUrl"] for entry in DOCUMENT["entry"]]
    assert len(full_urls) == len(set(full_urls))
    references = [match.split('"')[0] for match in TEXT.split('"reference": "')[1:]]
    assert references and set(references) <= set(full_urls)


def test_composition_lists_the_plan_definitions_by_chapter_in_slide_order_with_the_notice():
    """One Composition section per chapter, in it one per slide in order, whose entries are its recommendations."""
    (composition,) = _resources(DOCUMENT, "Composition")
    assert composition["status"] in COMPOSITION_STATUS
    assert composition["version"] == REAL.id
    assert composition["author"] == [{"display": REAL.metadata.publisher}]
    assert "the published source prevails" in composition["note"][0]["text"]
    (chapter,) = composition["section"]
    assert (chapter["title"], chapter["code"]["text"]) == ("Osteo-Oncology and Bone Health", "osteooncology")
    slides = [int(section["title"].split(":")[0].removeprefix("Slide ")) for section in chapter["section"]]
    assert slides == sorted(slides)
    urls = {e["fullUrl"]: e["resource"] for e in DOCUMENT["entry"]}
    listed = [
        urls[entry["reference"]]["identifier"][0]["value"] for s in chapter["section"] for entry in s["entry"]
    ]
    assert listed == list(GRADED)


def test_bundle_is_deterministic_and_free_of_clock_time():
    assert fhir_json(REAL, RELEASES) == TEXT
    assert "timestamp" not in DOCUMENT
    assert {c["date"] for c in _resources(DOCUMENT, "Composition")} == {"2024"}


def test_retired_ids_are_retired_plan_definitions_pointing_to_their_successor():
    """Fixture 2020.1 retires one id with a successor and one without; their words come from 2019.1."""
    releases = load_all(FIXTURES / "releases")
    release = next(r for r in releases if r.id == "2020.1")
    document = json.loads(fhir_bundle(release, releases).model_dump_json())
    plans = _by_identifier(document, "PlanDefinition")
    urls = {e["resource"]["id"]: e["fullUrl"] for e in document["entry"]}
    replaced, dropped = plans["bp-resorption-markers"], plans["dmab-pain-control-alone"]
    assert (replaced["status"], dropped["status"]) == ("retired", "retired")
    assert "Reworded with a new id" in replaced["description"]
    assert replaced["title"] != "Retired recommendation bp-resorption-markers"
    (successor,) = [a for a in replaced["relatedArtifact"] if a["type"] == "successor"]
    assert successor["resourceReference"]["reference"] == urls[plans["bp-therapy-monitoring"]["id"]]
    assert not [a for a in dropped["relatedArtifact"] if a["type"] == "successor"]
    assert "bp-resorption-markers" not in _by_identifier(document, "ArtifactAssessment")


def test_cli_exports_the_bundle(tmp_path):
    out = tmp_path / "bundle.json"
    assert guideline.main(["export", "2024.1E", "--format", "fhir", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == TEXT


def test_built_site_publishes_the_bundle(built_site):
    assert (built_site / "2024.1E/data/fhir-bundle.json").read_text(encoding="utf-8") == TEXT


def test_hostile_text_round_trips_through_the_bundle():
    """Markup and template syntax in the words are data: the bundle validates and gives them back exactly."""
    hostile = load_all(FIXTURES / "injection")
    text = fhir_json(hostile[0], hostile)
    assert Bundle.model_validate_json(text).model_dump_json(indent=1) + "\n" == text
    subtitles = {plan["subtitle"] for plan in _by_identifier(json.loads(text), "PlanDefinition").values()}
    assert {indexed.text for indexed in graded_recommendations(hostile[0])} == subtitles


def test_errata_reach_the_composition_and_the_recommendation_they_concern():
    """A consumer of the bundle sees the corrections the pages show."""
    releases = load_all(FIXTURES / "releases")
    release = next(r for r in releases if r.id == "2019.1")
    errata = (
        Erratum(date="2020-02-01", text="The printed slide omits the footnote.", recommendation="bp-bone-pain"),
        Erratum(date="2020-03-01", text="Slide 2 is misnumbered.", recommendation=None),
    )
    corrected = dataclasses.replace(release, metadata=dataclasses.replace(release.metadata, errata=errata))
    document = json.loads(fhir_json(corrected, releases))
    (composition,) = _resources(document, "Composition")
    assert [note["text"] for note in composition["note"][1:]] == [
        "Erratum (recommendation bp-bone-pain), 2020-02-01: The printed slide omits the footnote.",
        "Erratum, 2020-03-01: Slide 2 is misnumbered.",
    ]
    comments = {
        rec_id: [c["summary"] for c in assessment["content"] if c["informationType"] == "comment"]
        for rec_id, assessment in _by_identifier(document, "ArtifactAssessment").items()
    }
    assert comments.pop("bp-bone-pain") == [composition["note"][1]["text"]]
    assert not any(comments.values())


def test_every_url_in_the_bundle_is_absolute_under_the_configured_canonical_base():
    """FHIR expects absolute URLs: every `url` (canonical, attachment) and coding system, even with no site address."""
    found = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for name, entry in value.items():
                walk(entry, name)
        elif isinstance(value, list):
            for entry in value:
                walk(entry, key)
        elif key in ("url", "system") and isinstance(value, str):
            found.append(value)

    walk(DOCUMENT)
    assert len(found) > 3 * len(GRADED)
    external = "http://terminology.hl7.org/CodeSystem/"  # HL7's own code systems (usage-context-type)
    assert [url for url in found if not url.startswith((BASE, "urn:", external))] == []
    assert BASE.startswith("https://") and BASE.endswith("/")
    canonical = [entry["resource"]["url"] for entry in DOCUMENT["entry"] if "url" in entry["resource"]]
    assert canonical and all(url.startswith(f"{BASE}fhir/") for url in canonical)


def test_a_canonical_base_that_is_not_absolute_is_refused(tmp_path):
    """The configuration error names the file, the key, what is allowed and what was found."""
    from macros.urls import canonical_base

    config = tmp_path / "mkdocs.yml"
    config.write_text("extra:\n  canonical_base: edition/\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"mkdocs.yml: extra.canonical_base must be an absolute http\(s\) address"):
        canonical_base(config)
