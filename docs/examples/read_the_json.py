import json
from collections import Counter

import jsonschema

from macros.api import published_data

# The text of data/guideline.json as the site publishes it; with a downloaded copy use
# json.load(open("guideline.json", encoding="utf-8")) instead. The schema is data/guideline.schema.json.
document = json.loads(published_data("guideline.json"))
jsonschema.validate(document, json.loads(published_data("guideline.schema.json")))
print("release", document["release"]["id"], "-", len(document["recommendations"]), "graded recommendations")
print("AGO grades:", dict(Counter(rec["ago"] or "not printed" for rec in document["recommendations"])))
meanings = {grade["value"]: grade["meaning"] for grade in document["grading"]["gr"]["values"]}
for rec in document["recommendations"]:
    if rec["grade_scope"] == "list" and rec["gr"]:  # a grade the slide prints once for a whole list
        print(" › ".join([*rec["context"], rec["text"]]))
        print(f"  LoE {rec['loe']}, GR {rec['gr']} ({meanings[rec['gr']]}), AGO {rec['ago']}")
        print("  slide", rec["source"]["slide"], "lines", rec["source"]["lines"], "page", rec["url"])
        break
