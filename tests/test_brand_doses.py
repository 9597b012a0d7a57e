"""A brand name means the agent at its dose where the guideline prints the dose: Prolia is denosumab
60 mg (the osteoporosis dose), Xgeva denosumab 120 mg (the bone-metastasis dose)."""

from __future__ import annotations

import pytest

from macros.load import load_vocabulary
from macros.model import VocabularyEntry, Where
from macros.vocabulary import check_vocabulary, release_vocabulary
from tests.test_search import _ranked

# Items printed with each dose (slides 5, 15, 23 of 2024.1E).
DENOSUMAB_60 = {"r/op-denosumab/", "r/adj-denosumab-60-postmenopausal-ai/"}
DENOSUMAB_120 = {"r/bma-denosumab-q4w/", "r/bma-denosumab-q12w/", "r/adj-denosumab-120-stage-2-3-postmenopausal/"}


def test_a_brand_with_a_printed_dose_means_the_agent_at_that_dose(release):
    """The release's vocabulary rows: Prolia -> Denosumab 60 mg, Xgeva -> Denosumab 120 mg, as printed."""
    rows = {row["word"]: row for row in release_vocabulary(load_vocabulary(), release)}
    assert rows["Prolia"]["means"] == "Denosumab 60 mg"
    assert rows["Xgeva"]["means"] == "Denosumab 120 mg"
    assert rows["Zometa"]["means"] == "Zoledronate"


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/2024.1E/")
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("query", "dose_items"), [("Prolia", DENOSUMAB_60), ("Xgeva", DENOSUMAB_120)])
def test_a_brand_name_puts_its_dose_items_in_the_top_three(search_page, query, dose_items):
    """'Prolia' ranks the 60 mg items (Prolia's dose) first, 'Xgeva' the 120 mg items (Xgeva's)."""
    ranked = _ranked(search_page, query)
    other = DENOSUMAB_120 if dose_items is DENOSUMAB_60 else DENOSUMAB_60
    top = ranked[:3]
    assert len(dose_items & set(top)) >= min(2, len(dose_items)), (query, ranked[:8])
    assert not other & set(top), (query, ranked[:8])
    assert f"{query} (brand name): searched as Denosumab {'60' if dose_items is DENOSUMAB_60 else '120'} mg" in (
        search_page.inner_text(".md-search-result .search-vocabulary")
    )


@pytest.mark.parametrize(
    ("means", "dose", "kind", "message"),
    [
        ("Denosumab", "90 mg", "brand", "'Denosumab 90 mg' is printed by no release"),
        ("Denosumab", "high", "brand", "'high' is no dose"),
        ("osteoporosis", "60 mg", "german", "only a brand name has a dose"),
    ],
    ids=["dose not printed with the agent", "dose without a number", "dose on a German term"],
)
def test_a_dose_not_printed_with_its_agent_is_an_error(release, means, dose, kind, message):
    """validate: the agent and dose stand together in a release's source, or the entry names no dose."""
    entry = VocabularyEntry(means=means, kind=kind, terms=("Word",), dose=dose, at=Where("vocabulary.yaml", 3))
    problems = [problem for problem in check_vocabulary((entry,), (release,))]
    assert [problem.field for problem in problems if message in problem.message] == ["dose"], problems
