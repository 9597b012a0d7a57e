"""The editorial vocabulary (guideline_data/vocabulary.yaml): clinicians' words for printed terms,
outside the published hash, validated with file and line, shipped per release to the search."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from macros.load import DATA_ROOT, load_all, load_vocabulary
from macros.problems import GuidelineDataError
from macros.releases import canonical_hash, read_lock
from macros.vocabulary import folded, prints, release_vocabulary, vocabulary_script


def _data_with(tmp_path: Path, vocabulary: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_ROOT, data)
    (data / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    return data


def test_every_target_term_is_printed_by_the_release(release):
    """Each word leads to a term 2024.1E prints, spelled as printed (the load checks it too)."""
    entries = load_vocabulary()
    assert entries
    assert [entry.means for entry in entries if not prints(release, entry.means)] == []


@pytest.mark.parametrize(
    ("word", "means"),
    [("Xgeva", "Denosumab 120 mg"), ("Prolia", "Denosumab 60 mg"), ("Evenity", "Romosozumab"), ("Forteo", "Teriparatide"),
     ("Zometa", "Zoledronate"), ("Hyperkalzämie", "hypercalcemia"), ("Aromatasehemmer", "AI"),
     ("Kieferosteonekrose", "osteonecrosis of the jaw"), ("Zahnarzt", "dental")],
)
def test_the_issue_words_are_in_the_vocabulary(release, word, means):
    """The brand names and German terms of issue 24 lead to the agent or term the guideline prints."""
    rows = {row["word"]: row for row in release_vocabulary(load_vocabulary(), release)}
    assert rows[word]["means"] == means


def test_brand_names_the_slides_print_themselves_are_searched_as_printed_too(release):
    """Zometa is printed on the adjuvant dosage slide: search keeps the word and adds the agent."""
    rows = {row["word"]: row for row in release_vocabulary(load_vocabulary(), release)}
    assert rows["Zometa"]["printed"] and not rows["Prolia"]["printed"]


def test_vocabulary_is_outside_the_published_hash(tmp_path: Path):
    """Adding a word keeps every release's lock: the vocabulary says nothing clinical."""
    data = _data_with(tmp_path, "- {means: Denosumab, kind: brand, terms: [Prolia]}\n")
    edited = next(r for r in load_all(data) if r.id == "2024.1E")
    assert canonical_hash(edited) == read_lock(DATA_ROOT)["2024.1E"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- {means: Denosumabb, kind: brand, terms: [Prolia]}", "'Denosumabb' is printed by no release"),
        ("- {means: Denosumab, kind: generic, terms: [Prolia]}", "unknown kind 'generic'; allowed: brand, german"),
        ("- {means: Denosumab, kind: brand, terms: [Prolia 60]}", "'Prolia 60' is not one plain word"),
        ("- {means: Denosumab, kind: brand, terms: []}", "needs at least one word"),
        ("- {means: Denosumab, kind: brand, terms: [Prolia]}\n- {means: Zoledronate, kind: brand, terms: [prolia]}",
         "'prolia' already means 'Denosumab'"),
    ],
)
def test_a_bad_entry_is_an_error_with_file_and_line(tmp_path: Path, entry: str, message: str):
    """A target the release does not print, an unknown kind, a phrase or a word meaning two things."""
    data = _data_with(tmp_path, "# words\n" + entry + "\n")
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    text = str(raised.value)
    assert message in text
    assert "vocabulary.yaml:" in text
    line = entry.count("\n") + 2
    assert any(p.file.endswith("vocabulary.yaml") and p.line == line for p in raised.value.problems)


def test_folding_ignores_case_and_accents():
    """Hyperkalzämie, HYPERKALZAMIE and hyperkalzämie are one word (search-query.js folds the same way)."""
    assert folded("Hyperkalzämie") == folded("HYPERKALZAMIE") == "hyperkalzamie"


def test_vocabulary_script_is_plain_json_that_cannot_end_a_script(release):
    """Only the release's printed targets; every text JSON-escaped, `<` included."""
    script = vocabulary_script(load_vocabulary(), release)
    rows = json.loads(script.split("window.guidelineVocabulary = ", 1)[1].rstrip(";\n"))
    assert {"word": "Prolia", "means": "Denosumab 60 mg", "kind": "brand name", "printed": False, "dose": "60 mg"} in rows
    assert script.isascii() and "<" not in script.split("\n", 2)[2]


def test_the_site_loads_the_vocabulary_before_the_query_script(built_site):
    """Each release ships assets/vocabulary.js, read by search-query.js in <head>."""
    assert "Prolia" in (built_site / "2024.1E/assets/vocabulary.js").read_text(encoding="utf-8")
    page = (built_site / "2024.1E/index.html").read_text(encoding="utf-8")
    assert page.index("assets/vocabulary.js") < page.index("assets/search-query.js")


def test_the_glossary_lists_the_vocabulary_marked_editorial_and_out_of_the_index(built_site):
    """Readers see which words search understands, marked editorial; the list never becomes a search hit."""
    page = (built_site / "2024.1E/glossary/index.html").read_text(encoding="utf-8")
    assert '<tr><th scope="row">Prolia</th>\n<td>brand name</td>\n<td>Denosumab 60 mg</td></tr>' in page
    assert "Editorial vocabulary, not printed in the guideline" in page
    index = (built_site / "2024.1E/search/search_index.json").read_text(encoding="utf-8")
    assert "Prolia" not in index and "Kieferosteonekrose" not in index
