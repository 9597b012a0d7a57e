"""The "Using the data" page documents the JSON, every CSV column and the FHIR bundle, with examples that load them."""

from __future__ import annotations

import html

from macros.examples import run_example
from macros.export import recommendations_csv
from macros.load import DATA_ROOT, load_all

REAL = next(r for r in load_all(DATA_ROOT) if r.id == "2024.1E")
SOURCE = (DATA_ROOT.parent / "docs" / "data.md").read_text(encoding="utf-8")


def test_every_csv_column_is_documented_in_order():
    header = recommendations_csv(REAL).removeprefix("\ufeff").splitlines()[0].split(",")
    documented = [line.split("|")[1].strip().strip("`") for line in SOURCE.splitlines() if line.startswith("| `")]
    columns = [name for name in documented if name in header]
    assert columns == header


def test_fhir_example_loads_the_bundle_with_every_resource_type(building_the_real_release):
    output = run_example("read_the_fhir_bundle.py")
    assert "{'Composition': 1, 'CodeSystem': 5, 'PlanDefinition': 115, 'ArtifactAssessment': 115}" in output
    assert "printed outside their scale: ['3c', '3d']" in output
    assert "tox-renal-function" in output  # a LoE-only item: only the printed grade


def test_json_and_csv_examples_load_their_files(building_the_real_release):
    assert "release 2024.1E - 115 graded recommendations" in run_example("read_the_json.py")
    assert "115 rows; columns: id, chapter_id, chapter_title, topic_id" in run_example("read_the_csv.py")


def test_built_data_page_links_every_file_and_shows_the_examples(built_site, building_the_real_release):
    page = (built_site / "2024.1E/data/index.html").read_text(encoding="utf-8")
    for name in ("guideline.json", "guideline.schema.json", "recommendations.csv", "fhir-bundle.json", "flows.json"):
        assert f'href="{name}"' in page  # the page is data/index.html, beside the files
        assert (built_site / "2024.1E/data" / name).is_file()
    for example in ("read_the_json.py", "read_the_csv.py", "read_the_fhir_bundle.py"):
        assert html.escape(run_example(example), quote=True) in page
    assert "changes.schema.json" not in page  # the first release has nothing to compare with
