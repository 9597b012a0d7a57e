"""Property-based tests: any input either loads or fails with our own error; rendering never breaks text."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.load import load_all
from macros.problems import GuidelineDataError
from macros.render.escape import markdown_text
from macros.render.tables import recommendations_table
from macros.yamlsource import read_yaml
from tests.conftest import FIXTURES
from tests.test_render import render, visible_text

CLINICAL_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=80
).filter(lambda text: text.strip())


@settings(max_examples=300, deadline=None)
@given(CLINICAL_TEXT)
def test_escaped_text_renders_back_to_itself(text):
    """Whatever the characters, Markdown shows exactly the text (whitespace folded), with no element made from it."""
    rendered = render(f'<p markdown="span">{markdown_text(text)}</p>')
    assert visible_text(rendered) == " ".join(text.split())
    assert re.sub(r"</?(p|abbr)( [^>]*)?>", "", rendered).count("<") == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=CLINICAL_TEXT, ago=st.sampled_from(["++", "+", "+/-", "-", "--"]))
def test_any_recommendation_text_keeps_its_row_and_grade(minimal_release, text, ago):
    """A rendered row never loses its cells or changes its grade, whatever the text holds."""
    import dataclasses

    topic = minimal_release.topic("fixture-topic")
    block = topic.blocks[0]
    item = dataclasses.replace(block.items[0], text=text, ago=ago)
    table = recommendations_table(minimal_release, topic, dataclasses.replace(block, items=(item,)), "topics/x/")
    rendered = render(table)
    row = re.search(r'<tr class="[^"]*" id="first-recommendation">(.*?)</tr>', rendered, re.S).group(1)
    assert row.count("<td") == 4
    spoken = {"++": "double plus", "+": "plus", "+/-": "plus-minus", "-": "minus", "--": "double minus"}[ago]
    assert html.unescape(re.findall(r'aria-label="([^"]+)"', row)[-1]) == (
        f"AGO grade {spoken}: {minimal_release.grading.ago.meaning(ago)}"
    )
    assert visible_text(row).strip().startswith(" ".join(text.split()))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_yaml_text_parses_or_reports_a_problem(text):
    """The YAML reader never raises: it returns values or problems."""
    value, problems = read_yaml(text, "x.yaml")
    assert problems or value is not None  # a value, or a reported problem: never silence


KEYS = ["id", "text", "lines", "loe", "gr", "ago", "kind", "slide", "title", "blocks", "items", "children"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(KEYS),
    value=st.one_of(st.text(max_size=30), st.integers(-5, 50).map(str), st.just("[]"), st.just("{}"), st.just("~")),
)
def test_mutated_topic_loads_or_fails_with_our_error(tmp_path_factory, key, value):
    """Replacing any field's value with anything gives a valid release or a GuidelineDataError, never a crash."""
    data = tmp_path_factory.mktemp("mutant") / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    path = data / "2030.1/fixture/topics/01-fixture-topic.yaml"
    quoted = value if value in ("[]", "{}", "~") else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    path.write_text(
        re.sub(rf"(\b{key}: )[^,}}\n]+", lambda m: m.group(1) + quoted, path.read_text(encoding="utf-8"), count=1),
        encoding="utf-8",
    )
    try:
        load_all(Path(data))
    except GuidelineDataError as error:
        assert error.problems
