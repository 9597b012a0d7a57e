"""An item's printed pointer to another slide ("see next slide") links to the slide meant: editorial data
(crossrefs.yaml) outside the published hash, validated, shown on the slide's page marked editorial."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros.load import DATA_ROOT, load_all
from macros.problems import GuidelineDataError
from macros.releases import canonical_hash, read_lock

CROSSREFS = "2024.1E/osteooncology/crossrefs.yaml"


def test_slide_21_links_see_next_slide_to_the_osteoporosis_drugs_slide_marked_editorial(built_site):
    """Slide 21's '(see next slide)' keeps its words and links to slide 23 (the next slide, 22, is a trial)."""
    page = (built_site / "2024.1E/topics/bone-loss-basic-measures/index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr [^>]*id="bone-approved-osteoporosis-drugs".*?</tr>', page, re.S)[0]
    assert "Drugs approved for osteoporosis treatment in adults (see next slide)" in row  # printed words unchanged
    link = re.search(r'<span class="crossref editorial-note" data-search-exclude>(.*?)</span>', row, re.S)
    assert link, row
    assert 'href="../osteoporosis-drugs/"' in link[1]
    assert "the slide meant: " in link[1] and "slide 23, Medical Treatment of Osteoporosis" in link[1]
    assert "editorial link, not printed on the slide" in link[1]
    printed = (built_site / "2024.1E/print/index.html").read_text(encoding="utf-8")
    assert 'class="crossref editorial-note"' in printed


def test_crossrefs_are_outside_the_published_hash(tmp_path: Path):
    """Removing crossrefs.yaml from a published release keeps its lock: it says nothing clinical."""
    data = tmp_path / "data"
    shutil.copytree(DATA_ROOT, data)
    (data / CROSSREFS).unlink()
    edited = next(r for r in load_all(data) if r.id == "2024.1E")
    assert edited.crossrefs == ()
    assert canonical_hash(edited) == read_lock(DATA_ROOT)["2024.1E"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{topic: bone-loss-basic-measures, item: bone-approved-osteoporosis-drugs, words: see next slide, target: no-such}",
         "unknown topic id 'no-such'; the slide meant must be a topic of release 2024.1E"),
        ("{topic: bone-loss-basic-measures, item: bone-calcium, words: see next slide, target: osteoporosis-drugs}",
         "'see next slide' is not printed in the item's words"),
        ("{topic: bone-loss-basic-measures, item: op-denosumab, words: see next slide, target: osteoporosis-drugs}",
         "slide 21 (bone-loss-basic-measures) has no item 'op-denosumab'"),
        ("{topic: no-slide, item: bone-calcium, words: x, target: osteoporosis-drugs}", "unknown topic id 'no-slide'"),
        ("{topic: bone-loss-basic-measures, item: bone-approved-osteoporosis-drugs, words: see next slide, "
         "target: bone-loss-basic-measures}", "points to its own slide"),
    ],
    ids=["unknown target", "words not printed", "item not on the slide", "unknown slide", "its own slide"],
)
def test_a_bad_crossref_is_an_error_naming_file_line_and_field(tmp_path: Path, entry: str, message: str):
    """validate names crossrefs.yaml, its line and the field, and says what is allowed."""
    data = tmp_path / "data"
    shutil.copytree(DATA_ROOT, data)
    (data / CROSSREFS).write_text(f"# first line\n- {entry}\n", encoding="utf-8")
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    text = str(raised.value)
    assert message in text, text
    assert re.search(r"crossrefs\.yaml:2:\d+", text), text
