"""Decision flows: the evaluator, the diagram text, and every worked example of the real release."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest

from macros.examples import EXAMPLES, run_example
from macros.export import flows_document, flows_schema_text
from macros.flows import EvaluationError, evaluate
from macros.index import graded_recommendations, recommendation_title
from macros.load import DATA_ROOT, load_all
from macros.render.flows import case_page, flow_mermaid, flow_page, mermaid_label, node_label
from scripts import guideline
from tests.conftest import REPO

REAL = next(r for r in load_all(DATA_ROOT) if r.id == "2024.1E")  # by id, never "the latest"


def test_evaluator_returns_path_and_recommendations(minimal_release):
    """The path follows the answers; the recommendations are those the path's actions cite, in order."""
    evaluation = evaluate(minimal_release.flow("fixture-flow"), {"direction": "right"})
    assert evaluation.path == ("ask-direction", "note-right", "go-right")
    assert evaluation.recommendations == ("second-recommendation", "child-one")


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            {},
            "node 'ask-direction' asks 'Which way?' (fact 'direction'), which the case does not give; allowed: left, right",
        ),
        ({"direction": "up"}, "fact 'direction' = 'up' is not allowed; allowed: left, right"),
        ({"direction": "left", "speed": "fast"}, "flow 'fixture-flow' declares no fact 'speed'; declared: direction"),
    ],
)
def test_evaluator_refuses_missing_invalid_and_undeclared_facts(minimal_release, facts, message):
    """A case the flow cannot answer gets a message naming node, fact and what is allowed."""
    with pytest.raises(EvaluationError) as raised:
        evaluate(minimal_release.flow("fixture-flow"), facts)
    assert str(raised.value) == message


def test_mermaid_label_encodes_everything_mermaid_reads_as_syntax():
    """Quotes, markup, entities and backticks become Mermaid entity codes; line breaks become spaces."""
    assert mermaid_label('a "b" <script>&amp;</script> #x; `c`\nd') == (
        "a #34;b#34; #60;script#62;#38;amp;#60;/script#62; #35;x; #96;c#96; d"
    )


def test_fixture_flow_diagram_text_is_exact(minimal_release):
    """The whole diagram text is pinned: shapes, labels numbered as the steps, edges, classes."""
    assert flow_mermaid(minimal_release, minimal_release.flow("fixture-flow")) == "\n".join(
        [
            "flowchart TD",
            '  n0{{"1. Which way?"}}',
            '  n1["2. Left"]',
            '  n2(["3. Right needs a second step"])',
            '  n3["4. Right"]',
            '  n0 -->|"left"| n1',
            '  n0 -->|"right"| n2',
            "  n2 --> n3",
            "  class n0 question",
            "  class n1,n3 action",
            "  class n2 note",
            "  classDef question fill:#eef1fb,stroke:#3f51b5",
            "  classDef action fill:#ffffff,stroke:#3f51b5",
            "  classDef note fill:#f5f5f5,stroke:#9e9e9e",
        ]
    )


def test_case_diagram_highlights_exactly_the_path(minimal_release):
    """Nodes and edges on the case's path get the highlight; nothing else does."""
    evaluation = evaluate(minimal_release.flow("fixture-flow"), {"direction": "right"})
    text = flow_mermaid(minimal_release, minimal_release.flow("fixture-flow"), evaluation)
    assert "  class n0,n2,n3 onpath" in text
    assert "  linkStyle 1,2 stroke:#b26a00,stroke-width:3px" in text


@pytest.mark.parametrize("case", REAL.cases, ids=[case.id for case in REAL.cases])
def test_every_worked_example_reaches_its_expected_path(case):
    """Each vignette's facts walk its flow to exactly the path and recommendations it expects."""
    evaluation = evaluate(REAL.flow(case.flow), case.facts)
    assert evaluation.path == case.expected.path
    assert evaluation.recommendations == case.expected.recommendations


def test_real_release_covers_the_flows_the_guideline_needs():
    """Six flows, at least eight cases, every flow with a worked example."""
    assert {flow.id for flow in REAL.flows} == {
        "spinal-cord-compression",
        "bone-modifying-agent",
        "bone-pain-radiotherapy",
        "bone-health-endocrine-therapy",
        "adjuvant-bone-targeted-therapy",
        "onj-prevention",
    }
    assert len(REAL.cases) >= 8
    assert {case.flow for case in REAL.cases} == {flow.id for flow in REAL.flows}


@pytest.mark.parametrize("flow", REAL.flows, ids=[flow.id for flow in REAL.flows])
def test_diagram_labels_are_numbered_as_the_steps(flow):
    """A box says its step's number and its node's own text; the step lists what the box cites."""
    page = flow_page(REAL, flow.id, f"flows/{flow.id}/")
    for number, node in enumerate(flow.nodes, start=1):
        assert node_label(number, node) == mermaid_label(f"{number}. {node.text}")
        assert f'<li id="step-{node.id}"' in page


@pytest.mark.parametrize("flow", REAL.flows, ids=[flow.id for flow in REAL.flows])
def test_each_step_lists_its_recommendations_with_slide_and_the_datas_grades(flow):
    """What a step says is the recommendation as the data holds it, never retyped: text, slide, grades."""
    by_id = {indexed.id: indexed for indexed in graded_recommendations(REAL)}
    page = flow_page(REAL, flow.id, f"flows/{flow.id}/")
    steps = page[page.index('<ol class="flow-steps">') :]
    for node in flow.nodes:
        step = steps[steps.index(f'<li id="step-{node.id}"') :]
        step = step[: step.index("</li>\n") if "</li>\n" in step else len(step)]
        for rec in node.recommendations:
            indexed = by_id[rec]
            item = step[step.index(f'href="../../r/{rec}/"') :]
            item = item[: item.index("</li>")]
            assert f">{html.escape(recommendation_title(indexed), quote=False)}</a>" in item
            # named as the slide's page names it (its printed title), not by the navigation's short title
            assert f"From slide {indexed.topic.slide}: {html.escape(indexed.topic.title.text, quote=False)}" in item
            for scale in ("loe", "gr", "ago"):
                value = getattr(indexed, scale)
                shown = (
                    rf">{re.escape(html.escape(value, quote=False))}(<sup[^>]*>†</sup>)?</a>"
                    if value
                    else "not printed"
                )
                assert re.search(shown, item), (rec, scale)


def test_the_same_words_in_one_step_are_told_apart_by_their_slide():
    """'Reduction of bone pain' is cited twice in the first step: once from slide 1, once from slide 2."""
    page = flow_page(REAL, "bone-modifying-agent", "flows/bone-modifying-agent/")
    step = page[page.index('<li id="step-aims"') : page.index('<li id="step-ask-hypercalcemia"')]
    assert step.count(">Reduction of bone pain</a>") == 2
    assert "From slide 1: Bisphosphonates in Metastatic Breast Cancer" in step
    assert "From slide 2: Denosumab in Metastatic Breast Cancer" in step


@pytest.mark.parametrize("flow", REAL.flows, ids=[flow.id for flow in REAL.flows])
def test_flow_page_says_it_is_a_reading_aid_and_links_every_recommendation(flow):
    page = flow_page(REAL, flow.id, f"flows/{flow.id}/")
    assert "A reading aid, not a recommendation" in page
    for node in flow.nodes:
        for rec in node.recommendations:
            assert f'href="../../r/{rec}/"' in page


def test_case_page_shows_vignette_facts_and_computed_recommendations():
    case = REAL.case("mscc-progressive-neurology")
    page = case_page(REAL, case.id, f"cases/{case.id}/")
    assert "Fictional worked example" in page
    assert "Progressive neurological symptoms?</th>\n<td>yes</td>" in page
    for rec in case.expected.recommendations:
        assert f'href="../../r/{rec}/"' in page


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.py")), ids=lambda path: path.name)
def test_data_page_examples_run_as_a_reader_runs_them(example):
    """Each example runs from a checkout and prints what the page shows (the build ran it the same way)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("GUIDELINE_DATA", None)
    environment.pop("GUIDELINE_RELEASE", None)
    ran = subprocess.run(
        [sys.executable, str(example)], cwd=REPO, env=environment, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip()
    assert ran.stdout == run_example(example.name)


def test_cli_evaluate_prints_the_path_with_the_datas_grades(capsys):
    assert guideline.main(["evaluate", "--release", "2024.1E", "spinal-cord-compression", "progressive_neurology=yes"]) == 0
    printed = capsys.readouterr().out
    assert "3. action surgery-neurology: Indication for surgery" in printed
    assert "mscc-decompression-surgery [LoE 2b GR C AGO ++]" in printed


def test_cli_evaluate_checks_a_case_file(capsys):
    case = REPO / "guideline_data/2024.1E/osteooncology/cases/pain-recurrent-after-radiotherapy.yaml"
    assert guideline.main(["evaluate", "--release", "2024.1E", "--case", str(case)]) == 0
    assert "case pain-recurrent-after-radiotherapy: matches its expected path" in capsys.readouterr().out


def test_cli_evaluate_refuses_a_value_the_flow_does_not_allow(capsys):
    assert guideline.main(["evaluate", "--release", "2024.1E", "onj-prevention", "high_onj_risk=perhaps"]) == 1
    assert "fact 'high_onj_risk' = 'perhaps' is not allowed; allowed: yes, no" in capsys.readouterr().err


def test_diagram_source_stays_out_of_the_search_index_while_steps_are_in_it(built_site, building_the_real_release):
    """Search finds a flow by its words, never by Mermaid syntax; the data page shows the examples' real output."""
    index = (built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8")
    assert "flowchart TD" not in index
    assert "classDef" not in index
    assert '"location":"flows/spinal-cord-compression/#steps"' in index.replace(" ", "")
    data_page = (built_site / "2024.1E/data/index.html").read_text(encoding="utf-8")
    for example in sorted(EXAMPLES.glob("*.py")):
        assert html.escape(run_example(example.name), quote=True) in data_page


def test_flows_export_validates_against_its_schema():
    """Implementers can rely on flows.schema.json: the real flows and cases pass it."""
    jsonschema.validate(flows_document(REAL), json.loads(flows_schema_text()))


def test_flows_schema_refuses_an_unknown_node_kind():
    document = flows_document(REAL)
    document["flows"][0]["nodes"][0]["kind"] = "comment"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(flows_schema_text()))


def test_flows_are_published_as_data(built_site):
    document = json.loads((built_site / "2024.1E/data/flows.json").read_text(encoding="utf-8"))
    assert [flow["id"] for flow in document["flows"]] == [flow.id for flow in REAL.flows]
    assert {case["id"] for case in document["cases"]} == {case.id for case in REAL.cases}
    assert json.loads((built_site / "2024.1E/data/flows.schema.json").read_text(encoding="utf-8"))["title"]
