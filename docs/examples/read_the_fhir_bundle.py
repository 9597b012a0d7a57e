from collections import Counter

from fhir.resources.bundle import Bundle

from macros.api import published_data

# data/fhir-bundle.json as the site publishes it; with a downloaded copy use
# Bundle.model_validate_json(open("fhir-bundle.json", encoding="utf-8").read()) instead.
bundle = Bundle.model_validate_json(published_data("fhir-bundle.json"))  # validates against FHIR R5
resources = {entry.fullUrl: entry.resource for entry in bundle.entry}
print(dict(Counter(resource.get_resource_type() for resource in resources.values())))

meanings = {}  # (CodeSystem url, code) -> (meaning, printed outside the scale?)
for resource in resources.values():
    if resource.get_resource_type() == "CodeSystem":
        for concept in resource.concept:
            outside = any(p.code == "printed-outside-vocabulary" and p.valueBoolean for p in concept.property or [])
            meanings[resource.url, concept.code] = (concept.definition, outside)
print("printed outside their scale:", sorted(code for (_, code), (_, outside) in meanings.items() if outside))


def ratings(assessment):
    """(scale, code) of each grade the slide prints; a grade it does not print has no rating."""
    return [(c.type.text, c.classifier[0].coding[0]) for c in assessment.content if c.informationType == "rating"]


assessments = [r for r in resources.values() if r.get_resource_type() == "ArtifactAssessment"]
partly_graded = [assessment for assessment in assessments if len(ratings(assessment)) < 3]
for assessment in assessments[:1] + partly_graded[:1]:
    plan = resources[assessment.artifactReference.reference]  # the PlanDefinition it assesses
    print(plan.identifier[0].value, "|", plan.title, "| release", plan.version, "| status", plan.status)
    for scale, coding in ratings(assessment):
        print(f"  {scale}: {coding.code} = {meanings[coding.system, coding.code][0]}")
