"""The release as a FHIR R5 Bundle (type collection), built and validated with `fhir.resources`.

Modelled as HL7's Clinical Practice Guidelines IG and the EBM-on-FHIR work model guidelines:
- one CodeSystem per grading scale (Oxford LoE 2009, Oxford GR, AGO grade), every code with its
  meaning from guideline_data/grading.yaml; codes printed outside the vocabulary (3c, 3d) carry the
  property `printed-outside-vocabulary` = true;
- one PlanDefinition per graded item (identifier = its stable id, version = the release id; `usage`
  holds the footnotes and the slide's cautions printed beside it, word for word), plus
  one with status `retired` for every id retired in this release or an earlier one (successor as a
  relatedArtifact);
- one ArtifactAssessment per graded item, referring to its PlanDefinition; one `rating` content per
  grade the slide prints, whose classifier is the code from the scale's CodeSystem;
- a Composition for the release: a section per chapter in order, in it a section per slide (numbered
  within the chapter) whose entries refer to the PlanDefinitions;
- errata (corrections to a published release) as notes of the Composition and as comments on the
  assessment of the recommendation they concern.

Deterministic: no clock; every fullUrl is a urn:uuid derived (uuid5) from the release and ids.
"""

from __future__ import annotations

import uuid

from fhir.resources.annotation import Annotation
from fhir.resources.artifactassessment import ArtifactAssessment, ArtifactAssessmentContent
from fhir.resources.attachment import Attachment
from fhir.resources.bundle import Bundle, BundleEntry
from fhir.resources.codeableconcept import CodeableConcept
from fhir.resources.codesystem import CodeSystem, CodeSystemConcept, CodeSystemConceptProperty, CodeSystemProperty
from fhir.resources.coding import Coding
from fhir.resources.composition import Composition, CompositionSection
from fhir.resources.identifier import Identifier
from fhir.resources.plandefinition import PlanDefinition
from fhir.resources.reference import Reference
from fhir.resources.relatedartifact import RelatedArtifact
from fhir.resources.resource import Resource
from fhir.resources.usagecontext import UsageContext

from . import grades, urls
from .conditions import conditions
from .index import IndexedRecommendation, graded_recommendations, recommendations_by_id
from .model import Erratum, GradeScale, MapCategory, Release
from .recmap import placements_of
from .releases import current_successor, retired_until

# A project-local URI namespace for identifier systems; canonical `url`s are absolute addresses under the
# configured canonical base (mkdocs.yml extra.canonical_base), as FHIR expects, even with no site address.
PROJECT_URI = "urn:ago-breast-bone-health"
BASE = urls.canonical_base()
RECOMMENDATION_ID_SYSTEM = f"{PROJECT_URI}:recommendation-id"
RELEASE_ID_SYSTEM = f"{PROJECT_URI}:release-id"
OUTSIDE_VOCABULARY = "printed-outside-vocabulary"
SCALES: dict[str, tuple[str, str]] = {  # scale key -> (CodeSystem url, computable name)
    "loe": (f"{BASE}fhir/CodeSystem/oxford-level-of-evidence-2009", "OxfordLevelOfEvidence2009"),
    "gr": (f"{BASE}fhir/CodeSystem/oxford-grade-of-recommendation", "OxfordGradeOfRecommendation"),
    "ago": (f"{BASE}fhir/CodeSystem/ago-grade", "AgoGrade"),
}
# The recommendation map's axes (editorial, map.yaml): one CodeSystem each, codes = the map's ids.
MAP_AXES: dict[str, tuple[str, str, str]] = {  # axis -> (CodeSystem url, computable name, title)
    "situations": (f"{BASE}fhir/CodeSystem/map-situation", "MapSituation", "Recommendation map: clinical situations"),
    "interventions": (f"{BASE}fhir/CodeSystem/map-intervention", "MapIntervention", "Recommendation map: interventions"),
}
# HL7's usage context types: `focus` is "the clinical concept(s) addressed" (the situation).
USAGE_CONTEXT_TYPE = "http://terminology.hl7.org/CodeSystem/usage-context-type"
NOTICE = (
    "Reproduces the AGO Breast guideline for professional reference. It does not replace the published "
    "source or clinical judgement; where they differ, the published source prevails. Copyright AGO e.V."
)
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROJECT_URI)


def full_url(release_id: str, resource_type: str, key: str) -> str:
    """A stable urn:uuid for one resource of one release's bundle (same ids, same URN)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{release_id}/{resource_type}/{key}')}"


def plan_definition_url(recommendation_id: str) -> str:
    """The canonical URL of a recommendation's PlanDefinition (versioned by the release id)."""
    return f"{BASE}fhir/PlanDefinition/{recommendation_id}"


def _code_system(release: Release, scale: str) -> CodeSystem:
    grade_scale: GradeScale = getattr(release.grading, scale)
    url, name = SCALES[scale]
    outside = [
        CodeSystemConcept(
            code=grade.value,
            display=grade.value,
            definition=grade.meaning,
            property=[CodeSystemConceptProperty(code=OUTSIDE_VOCABULARY, valueBoolean=True)],
        )
        for grade in grade_scale.printed_outside_vocabulary
    ]
    return CodeSystem(
        id=_uuid(full_url(release.id, "CodeSystem", scale)),
        url=url,
        name=name,
        title=grade_scale.name,
        status="active",
        description=f"{grade_scale.name}, as printed on the AGO Breast slides (grades and meanings from grading.yaml).",
        caseSensitive=True,
        content="complete",
        count=len(grade_scale.values) + len(outside),
        property=[
            CodeSystemProperty(
                code=OUTSIDE_VOCABULARY,
                type="boolean",
                description="true: the source prints this value but the scale does not define it; kept exactly "
                "as printed and flagged for editorial review (absent: the scale defines it).",
            )
        ]
        if outside
        else None,
        concept=[
            CodeSystemConcept(code=grade.value, display=grade.value, definition=grade.meaning)
            for grade in grade_scale.values
        ]
        + outside,
    )


def _uuid(urn: str) -> str:
    return urn.removeprefix("urn:uuid:")


def _title(indexed: IndexedRecommendation) -> str:
    """The words with what they are nested under and the slide they stand on."""
    return f"{indexed.topic.title.text}: " + " › ".join((*indexed.context, indexed.text))


def _page_link(release: Release, recommendation_id: str) -> RelatedArtifact:
    return RelatedArtifact(
        type="documentation",
        label="page",
        display=f"The recommendation's page in release {release.id}",
        document=Attachment(url=f"{BASE}{release.id}/{urls.recommendation(recommendation_id)}", contentType="text/html"),
    )


_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>#"})


def fhir_markdown(text: str) -> str:
    """Printed words in a FHIR `markdown` field: the characters Markdown reads as syntax backslash-escaped,
    so a footnote marker `***` stays three asterisks, never bold italics."""
    return text.translate(_MARKDOWN_SPECIAL)


def usage(release: Release, indexed: IndexedRecommendation) -> str | None:
    """The footnotes and cautions printed beside the recommendation (they often restrict it), one paragraph each."""
    found = conditions(release, indexed)
    return "\n\n".join(fhir_markdown(condition.plain) for condition in found) or None


def _plan_definition(release: Release, indexed: IndexedRecommendation) -> PlanDefinition:
    lines = indexed.recommendation.lines
    span = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"
    return PlanDefinition(
        id=_uuid(full_url(release.id, "PlanDefinition", indexed.id)),
        url=plan_definition_url(indexed.id),
        identifier=[Identifier(system=RECOMMENDATION_ID_SYSTEM, value=indexed.id)],
        version=release.id,
        title=_title(indexed),
        subtitle=indexed.text,
        status="active",
        publisher=release.metadata.publisher,
        description=f"Slide {indexed.topic.slide} ({span}) of the source of release {release.id}: "
        f"{indexed.topic.title.text}.",
        usage=usage(release, indexed),
        copyright=release.chapter_of(indexed.topic).metadata.printed.copyright.text,
        relatedArtifact=[_page_link(release, indexed.id)],
        **_map_context(release, indexed.id),
    )


def _map_concept(axis: str, category: MapCategory) -> CodeableConcept:
    return CodeableConcept(coding=[Coding(system=MAP_AXES[axis][0], code=category.id, display=category.label)], text=category.label)


def _map_context(release: Release, recommendation_id: str) -> dict:
    """Where the map places it: each situation as a `useContext` of type focus (the clinical situation it
    addresses), each intervention as a `topic` (what it is about); nothing where it is not on a map."""
    cells = placements_of(release, recommendation_id)
    situations = list({situation.id: situation for situation, _ in cells}.values())
    interventions = list({intervention.id: intervention for _, intervention in cells}.values())
    if not cells:
        return {}
    return {
        "useContext": [
            UsageContext(
                code=Coding(system=USAGE_CONTEXT_TYPE, code="focus", display="Clinical Focus"),
                valueCodeableConcept=_map_concept("situations", situation),
            )
            for situation in situations
        ],
        "topic": [_map_concept("interventions", intervention) for intervention in interventions],
    }


def _map_code_systems(release: Release) -> list[CodeSystem]:
    """The map's situations and interventions as two CodeSystems (editorial, not printed in the source)."""
    recommendation_map = release.recommendation_map
    if recommendation_map is None:
        return []
    found = []
    for axis, (url, name, title) in MAP_AXES.items():
        categories = getattr(recommendation_map, axis)
        found.append(
            CodeSystem(
                id=_uuid(full_url(release.id, "CodeSystem", f"map-{axis}")),
                url=url,
                version=release.id,
                name=name,
                title=title,
                status="active",
                description=f"{title} of release {release.id}: an editorial reading aid (map.yaml), not printed in "
                "the source; the recommendations' words and grades prevail.",
                caseSensitive=True,
                content="complete",
                count=len(categories),
                concept=[
                    CodeSystemConcept(code=c.id, display=c.label, definition=c.description or c.label)
                    for c in categories
                ],
            )
        )
    return found


def _last_words(releases: tuple[Release, ...], retiring: str, old_id: str) -> str | None:
    """The words an id had in the last release before its retirement that carried it."""
    words = None
    for earlier in releases:
        if earlier.id == retiring:
            break
        found = recommendations_by_id(earlier).get(old_id)
        if found is not None:
            words = _title(found)
    return words


def _retired_plan_definitions(release: Release, releases: tuple[Release, ...]) -> list[PlanDefinition]:
    retired = retired_until(releases, release)
    definitions = []
    for old_id in sorted(retired):
        retiring, reason, _ = retired[old_id]
        successor = current_successor(release, retired, old_id)
        related = [_page_link(release, old_id)]
        if successor:
            related.append(
                RelatedArtifact(
                    type="successor",
                    display=f"Recommendation {successor}",
                    resource=f"{plan_definition_url(successor)}|{release.id}",
                    resourceReference=Reference(reference=full_url(release.id, "PlanDefinition", successor)),
                )
            )
        definitions.append(
            PlanDefinition(
                id=_uuid(full_url(release.id, "PlanDefinition", old_id)),
                url=plan_definition_url(old_id),
                identifier=[Identifier(system=RECOMMENDATION_ID_SYSTEM, value=old_id)],
                version=release.id,
                title=_last_words(releases, retiring, old_id) or f"Retired recommendation {old_id}",
                status="retired",
                publisher=release.metadata.publisher,
                description=f"Retired in release {retiring}: {reason}",
                relatedArtifact=related,
            )
        )
    return definitions


def _assessment(release: Release, indexed: IndexedRecommendation) -> ArtifactAssessment:
    content = []
    for scale in grades.SCALES:
        value = getattr(indexed, scale)
        if value is None:  # only the grades the slide prints
            continue
        grade_scale: GradeScale = getattr(release.grading, scale)
        coding = Coding(system=SCALES[scale][0], code=value, display=value)
        content.append(
            ArtifactAssessmentContent(
                informationType="rating",
                type=CodeableConcept(text=grade_scale.name),
                classifier=[CodeableConcept(coding=[coding], text=value)],
            )
        )
    content += [
        ArtifactAssessmentContent(informationType="comment", summary=_erratum_text(erratum))
        for erratum in release.metadata.errata
        if erratum.recommendation == indexed.id
    ]
    if indexed.grade_scope == "list":
        content.append(
            ArtifactAssessmentContent(
                informationType="comment",
                summary="The slide prints these grades once for the whole list this item belongs to.",
            )
        )
    return ArtifactAssessment(
        id=_uuid(full_url(release.id, "ArtifactAssessment", indexed.id)),
        identifier=[Identifier(system=RECOMMENDATION_ID_SYSTEM, value=indexed.id)],
        title=f"Grades of recommendation {indexed.id} as printed in release {release.id}",
        artifactReference=Reference(reference=full_url(release.id, "PlanDefinition", indexed.id)),
        content=content,
    )


def _erratum_text(erratum: Erratum) -> str:
    concerns = f" (recommendation {erratum.recommendation})" if erratum.recommendation else ""
    return f"Erratum{concerns}, {erratum.date}: {erratum.text}"


def _composition(release: Release) -> Composition:
    metadata = release.metadata
    sections = []
    for chapter in release.chapters:
        slides = []
        for topic in chapter.topics:
            entries = [
                Reference(reference=full_url(release.id, "PlanDefinition", indexed.id), display=indexed.id)
                for indexed in graded_recommendations(release)
                if indexed.topic.id == topic.id
            ]
            if entries:
                slides.append(
                    CompositionSection(
                        title=f"Slide {topic.slide}: {topic.title.text}",
                        code=CodeableConcept(text=topic.id),
                        entry=entries,
                    )
                )
        if slides:  # one section per chapter, in the release's order; its slides (numbered per chapter) inside
            sections.append(
                CompositionSection(title=chapter.label, code=CodeableConcept(text=chapter.id), section=slides)
            )
    return Composition(
        id=_uuid(full_url(release.id, "Composition", release.id)),
        identifier=[Identifier(system=RELEASE_ID_SYSTEM, value=release.id)],
        version=release.id,
        status="final" if metadata.status == "published" else "preliminary",
        type=CodeableConcept(text="Clinical practice guideline (graded recommendations)"),
        date=release.id[:4],  # the release id starts with its year; never the clock
        author=[Reference(display=metadata.publisher)],
        title=f"{metadata.title}, release {release.id}",
        note=[Annotation(text=NOTICE)] + [Annotation(text=_erratum_text(erratum)) for erratum in metadata.errata],
        section=sections,
    )


def fhir_bundle(release: Release, releases: tuple[Release, ...] = ()) -> Bundle:
    """The release as a validated Bundle; `releases` (all of them, oldest first) adds the retired ids."""
    recommendations = graded_recommendations(release)
    resources: list[Resource] = [_composition(release)]
    resources += [_code_system(release, scale) for scale in SCALES]
    resources += _map_code_systems(release)
    resources += [_plan_definition(release, indexed) for indexed in recommendations]
    resources += _retired_plan_definitions(release, releases or (release,))
    resources += [_assessment(release, indexed) for indexed in recommendations]
    return Bundle(
        id=_uuid(full_url(release.id, "Bundle", release.id)),
        identifier=Identifier(system=RELEASE_ID_SYSTEM, value=release.id),
        type="collection",
        entry=[BundleEntry(fullUrl=f"urn:uuid:{resource.id}", resource=resource) for resource in resources],
    )


def fhir_json(release: Release, releases: tuple[Release, ...] = ()) -> str:
    """The Bundle as deterministic JSON text (field order fixed by the models, UTF-8, one space indent)."""
    return fhir_bundle(release, releases).model_dump_json(indent=1) + "\n"
