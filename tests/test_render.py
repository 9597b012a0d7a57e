"""Renderers called directly on the minimal fixture release: exact output, escaping, grades unchanged."""

from __future__ import annotations

import html
import re
from functools import cache

import markdown
from mkdocs.config import load_config

from macros.render import pages
from macros.render.badges import grade_badge
from macros.render.escape import markdown_text
from macros.urls import grade_anchor
from macros.urls import relative as relative_url
from tests.conftest import REPO


@cache
def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions mkdocs.yml configures."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def render(text: str) -> str:
    md = _site_markdown()
    md.reset()
    return md.convert(text)


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_badge_gives_value_accessible_name_meaning_and_definition_link(minimal_release):
    """A badge is text, names its scale and grade in words (a screen reader skips '+/-'), explains itself
    and links to the definition."""
    assert grade_badge(minimal_release.grading, "ago", "+/-", "topics/x/") == (
        '<a class="grade grade-ago grade-ago-plusminus" data-search-exclude href="../../grades/#ago-plusminus" '
        'title="AGO +/-: This investigation or therapeutic intervention has not shown benefit for patients and '
        "may be performed only in individual cases; according to current knowledge a general recommendation "
        'cannot be given" aria-label="AGO grade plus-minus: This investigation or therapeutic intervention has not '
        "shown benefit for patients and may be performed only in individual cases; according to current knowledge a "
        'general recommendation cannot be given">+/-</a>'
    )


def test_missing_grade_is_shown_as_not_printed(minimal_release):
    """No grade is invented where the source prints none."""
    assert "not printed" in grade_badge(minimal_release.grading, "gr", None, "")


def test_grade_anchors_are_stable_slugs():
    """Badge links and the grading page agree on these anchors."""
    assert [grade_anchor("ago", v) for v in ("++", "+", "+/-", "-", "--")] == [
        "ago-plusplus",
        "ago-plus",
        "ago-plusminus",
        "ago-minus",
        "ago-minusminus",
    ]
    assert grade_anchor("loe", "1a") == "loe-1a"


def test_relative_urls_work_from_any_depth():
    """Links are relative so a release folder works anywhere."""
    assert relative_url("r/x/", "grades/#loe-1a") == "../../grades/#loe-1a"
    assert relative_url("", "r/x/") == "r/x/"
    assert relative_url("topics/t/", "r/x/") == "../../r/x/"


def test_markdown_text_escapes_html_markdown_and_table_syntax():
    """`<`, `&`, `|`, `*`, link syntax and Jinja markers come out as the characters."""
    text = "a <b>x</b> & | *y* [l](u) {{ z }} {% w %} _u_ `c` #h"
    assert markdown_text(text) == (
        r"a &lt;b&gt;x&lt;/b&gt; &amp; \| \*y\* \[l\]\(u\) &#123;&#123; z &#125;&#125; &#123;% w %&#125; \_u\_ \`c\` \#h"
    )
    assert visible_text(render(f'<p markdown="span">{markdown_text(text)}</p>')) == text


def test_topic_table_renders_escaped_text_nesting_and_grades(minimal_release):
    """Clinical text with markup stays text; nested items are marked; grades are the data's."""
    body = pages.topic_page(minimal_release, "fixture-topic", "topics/fixture-topic/")
    rendered = render(body)
    assert "<b>" not in rendered and "&lt;b&gt;bold&lt;/b&gt;" in rendered
    assert "Second <b>bold</b> & | *x* {{ y }} continued" in visible_text(rendered)
    row = re.search(r'<tr class="rec-row rec-graded depth-0" id="second-recommendation">.*?</tr>', rendered, re.S)
    assert [label.split(":")[0] for label in re.findall(r'aria-label="([^"]+)"', row.group(0))] == [
        "Oxford level of evidence 2b",
        "Oxford grade of recommendation B",
        "AGO grade plus-minus",
    ]
    nested = pages.topic_page(minimal_release, "second-slide", "topics/second-slide/")
    assert '<tr id="parent-item" class="rec-row rec-group depth-0"' in nested
    assert '<tr id="child-one" class="rec-row rec-graded depth-1"' in nested


def test_recommendation_page_shows_context_grades_source_and_citation(minimal_release):
    """The permalink page carries everything an educator needs to cite it."""
    body = render(pages.recommendation_page(minimal_release, "child-one", "r/child-one/"))
    text = visible_text(body)
    assert "Parent item › Child one" in text
    assert "Case series (and poor-quality cohort and case-control studies)" in text
    assert "Slide 2, line 12" in text
    assert '<span class="hl"><span class="ln">12</span>§ Child one 4 C +</span>' in body
    assert 'data-permalink="r/child-one/"' in body
    assert "Recommendation child-one." in text


def test_all_recommendations_table_has_one_row_per_recommendation(minimal_release):
    """The index lists every graded item with filterable grade attributes."""
    body = pages.all_recommendations_table(minimal_release, "recommendations/")
    assert re.findall(r'<tr data-topic="([^"]+)" data-loe="([^"]*)" data-gr="([^"]*)" data-ago="([^"]*)"', body) == [
        ("fixture-topic", "1a", "A", "++"),
        ("fixture-topic", "2b", "B", "+/-"),
        ("second-slide", "4", "C", "+"),
    ]


def test_unknown_id_raises_instead_of_rendering_nothing(minimal_release):
    """A page that names an id the data lacks fails the build."""
    import pytest

    with pytest.raises(KeyError, match="unknown recommendation id 'nope'"):
        pages.recommendation_page(minimal_release, "nope", "")
    with pytest.raises(KeyError, match="unknown topic id 'nope'"):
        pages.topic_page(minimal_release, "nope", "")


def test_a_grade_not_printed_is_said_in_words_in_citations(release):
    """A citation reads 'GR not printed', never 'GR –', which looks like the AGO grade '-'."""
    from macros.index import graded_recommendations

    missing = [indexed for indexed in graded_recommendations(release) if None in (indexed.loe, indexed.gr, indexed.ago)]
    assert len(missing) >= 10
    for indexed in missing:
        page = pages.recommendation_page(release, indexed.id, f"r/{indexed.id}/")
        citation = re.search(r'<p class="cite-this"[^>]*>(.*?)</p>', page)[1]
        for label, value in (("LoE", indexed.loe), ("GR", indexed.gr), ("AGO", indexed.ago)):
            assert f"{label} {value or 'not printed'}" in citation, (indexed.id, citation)
        assert "–" not in citation.split("(")[-1], citation
