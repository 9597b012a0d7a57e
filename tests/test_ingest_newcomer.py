"""What a newcomer who had not seen the code found trying the editor commands: grades lost with no decision.

The sources are theirs, kept as found: tests/fixtures/ingest/newcomer-*.txt (NEWCOMER fixtures, SYNTHETIC text
in the source's format, not AGO text). Each test pins the kind of reading, not the one slide.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from macros.index import graded_recommendations, walk
from macros.ingest.reader import read_source
from macros.load import DATA_ROOT, load_all, load_grading
from macros.model import RecommendationsBlock
from scripts import guideline

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
MIXED = FIXTURES / "newcomer-2027.1E-edge2.txt"
EDGE = FIXTURES / "newcomer-2026.1E-edge.txt"


def _read(path: Path):
    return read_source(path.read_text(encoding="utf-8").splitlines(), load_grading(DATA_ROOT))


def _import(tmp_path: Path, release: str, source: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA_ROOT / "grading.yaml", data / "grading.yaml")
    assert guideline.main(["--data", str(data), "import-chapter", release, "osteooncology", str(source)]) == 0
    return data


def _tree(topic) -> list[tuple[int, str, tuple[str, ...]]]:
    return [
        (len(context), item.id, item.footnote_refs)
        for block in topic.blocks if isinstance(block, RecommendationsBlock)
        for item, context in walk(block.items)
    ]


def test_a_list_grade_covers_ungraded_bullets_printed_around_a_graded_one(tmp_path, capsys):
    """Ungraded bullets above a list grade with a graded bullet among them take the list grade (was: the first
    drafted as an ungraded group heading over the graded one, its grade lost with no decision)."""
    data = _import(tmp_path, "2027.1E", MIXED)
    assert guideline.main(["--data", str(data), "validate"]) == 0
    capsys.readouterr()
    draft = load_all(data)[0]
    slide = draft.topics[0]
    graded = [(r.text, r.loe, r.gr, r.ago, r.grade_scope) for r in graded_recommendations(draft) if r.topic is slide]
    assert graded == [
        ("Bone density measurement every 2 years", "3b", "C", "+/-", "list"),
        ("Vitamin D supplementation", "2a", "B", "+", "item"),
        ("Calcium-rich diet*", "3b", "C", "+/-", "list"),
    ]
    assert [item.footnote_refs for item, _ in walk(slide.blocks[0].items)] == [(), (), ("*",)]
    decision = next(entry for entry in draft.reading_decisions if entry.line == 7)
    assert decision.item == "bone-density-measurement-every-2-years"
    assert "vitamin-d-supplementation" in decision.decision


def test_validate_names_a_list_bullet_drafted_as_a_group_heading(tmp_path, capsys):
    """`validate` fires on a bullet printed in a list grade's run of bullets that stands as an ungraded group
    heading outside the list, over bullets that do not only qualify it (it would lose the list's grade)."""
    data = _import(tmp_path, "2027.1E", MIXED)
    (data / "2027.1E" / "osteooncology" / "decisions.yaml").write_text("[]\n", encoding="utf-8")
    (data / "2027.1E" / "osteooncology" / "topics" / "01-mixed-list-slide.yaml").write_text(
        """id: mixed-list-slide
slide: 1
source_lines: [1, 9]
title: {text: "Mixed List Slide", lines: [1]}
blocks:
  - kind: recommendations
    items:
      - id: bone-density-measurement-every-2-years
        text: "Bone density measurement every 2 years"
        lines: [3]
        children:
          - {id: vitamin-d-supplementation, text: "Vitamin D supplementation", lines: [4], loe: "2a", gr: "B", ago: "+"}
  - kind: recommendations
    list_grade: {loe: "3b", gr: "C", ago: "+/-", line: 7}
    items:
      - {id: calcium-rich-diet, text: "Calcium-rich diet*", lines: [5], footnote_refs: ["*"]}
footnotes:
  - {marker: "*", text: "dairy products or fortified foods", lines: [9]}
""",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert guideline.main(["--data", str(data), "validate"]) == 1
    errors = "".join(capsys.readouterr())
    assert "'bone-density-measurement-every-2-years' field 'children': source line 3" in errors
    assert "it would lose the list's grade" in errors


def test_bullets_after_a_headings_qualifiers_stand_at_the_top_level():
    """Under a heading, schedule bullets ('q4w', 'q12w') nest; the bullets after them that do not qualify it stand
    at the top level and do not inherit the heading's footnote (was: nested under it, footnote '*' inherited)."""
    slide = _read(EDGE).topics[0]
    assert _tree(slide) == [
        (0, "denosumab-120-mg-sc", ("*",)),
        (1, "denosumab-120-mg-sc-q4w", ()),
        (1, "denosumab-120-mg-sc-q12w", ()),
        (0, "strontium-chloride", ()),
        (0, "long-term-zoledronate-after-2-years", ()),
        (0, "vitamin-k2-substitution", ()),
    ]


def test_nesting_no_sign_shows_is_a_decision():
    """An ungraded bullet over bullets that do not qualify it, with no blank line, indentation or sub-item sign
    closing the group, is drafted as a heading only with a decision naming it."""
    source = [
        " Nesting Without Evidence", "", "Oxford", "LoE GR AGO", "",
        "§ Bone-targeted therapy",
        "§ Zoledronate in premenopausal women 1a A +",
        "§ Denosumab in postmenopausal women 1b B +",
        "* only with adequate calcium supply",
    ]
    reading = read_source(source, load_grading(DATA_ROOT))
    nested = [entry for entry in reading.decisions if entry.item == "bone-targeted-therapy"]
    assert nested and "nothing on the slide shows the nesting" in nested[0].decision, reading.decisions


def test_grades_the_reader_could_not_take_are_decisions_naming_the_item():
    """A typographic dash for the AGO grade and an AGO grade wrapped onto a line of its own are decisions naming
    the item whose grades are incomplete (was: the slide named, the lone '+/-' said to wait for no item)."""
    reading = _read(EDGE)
    by_line = {entry.line: entry for entry in reading.decisions}
    assert by_line[9].item == "strontium-chloride"
    assert by_line[11].item == "long-term-zoledronate-after-2-years"
    assert "'+/-' alone" in by_line[11].decision and "AGO grade" in by_line[11].decision


def _new_release(tmp_path: Path, source: Path) -> Path:
    from tests.conftest import base_release_copy

    data = base_release_copy(tmp_path, "2024.1E")
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", "2024.1E", "--source", str(source)]) == 0
    return data


def test_review_and_cli_name_topic_files_as_they_are_called_after_a_slide_is_inserted(tmp_path, capsys):
    """A new slide renumbers the topic files after it: REVIEW.md and the CLI name each file by its new name (was:
    '05-bone-modifying-agents.yaml' when the file is now '06-bone-modifying-agents.yaml')."""
    import re

    data = _new_release(tmp_path, FIXTURES / "newcomer-2025.1E-osteooncology-bone-health.txt")
    output = capsys.readouterr().out
    chapter = data / "2025.1E" / "osteooncology"
    review = (chapter / "REVIEW.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b\d\d-[a-z0-9-]+\.yaml\b", review + output))
    assert "06-bone-modifying-agents.yaml" in named
    assert named <= {path.name for path in (chapter / "topics").glob("*.yaml")}, named


# The newcomer's expected reading of their antiemetics chapter (their expectations.md): slide, words, grades.
ANTIEMETICS = [
    (1, "NK1 receptor antagonist plus 5-HT3 antagonist plus dexamethasone", "1a", "A", "++"),
    (1, "Olanzapine added to triple prophylaxis in AC-based chemotherapy", "1b", "B", "+"),
    (1, "Dexamethasone sparing from day 2", "2b", "B", "+/-"),
    (1, "Cannabinoids for prophylaxis", "5", "D", "--"),
    (2, "Acupressure", "2b", "B", "+"),
    (2, "Ginger", "2b", "B", "+"),
    (2, "Progressive muscle relaxation", "2b", "B", "+"),
    (3, "Metoclopramide", "2b", "C", "+"),
    (3, "Olanzapine*", "1b", "B", "+"),
    (3, "Haloperidol", "3b", "C", "+/-"),
    (3, "Switching to the intravenous route", "5", "D", "+"),
    (5, "Optimal antiemetic control from the first cycle onwards", "2a", "B", "++"),
    (5, "Benzodiazepines before chemotherapy**", "2b", "C", "+/-"),
    (5, "Systematic desensitisation", "2b", "B", "+"),
    (6, "5-HT3 antagonist for total body or upper abdominal irradiation", "2a", "B", "+"),
    (6, "Prophylaxis for irradiation of the breast", "5", "D", "-"),
]


def test_a_number_the_words_count_with_is_no_grade_and_the_title_is_not_a_slides(tmp_path, capsys):
    """'Dexamethasone sparing from day 2' ends with words, not a grade-like '2' (was: a decision); without `--title`
    neither the chapter nor the release is titled after the first slide (was: 'Antiemetic Prophylaxis ...')."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA_ROOT / "grading.yaml", data / "grading.yaml")
    source = FIXTURES / "newcomer-2025.1E-antiemetics.txt"
    assert guideline.main(["--data", str(data), "import-chapter", "2025.1E", "antiemetics", str(source)]) == 0
    assert guideline.main(["--data", str(data), "validate"]) == 0
    capsys.readouterr()
    draft = load_all(data)[0]
    graded = [(r.topic.slide, r.text, r.loe, r.gr, r.ago) for r in graded_recommendations(draft)]
    assert graded == ANTIEMETICS
    assert not [entry for entry in draft.reading_decisions if "day 2" in entry.decision or entry.line == 13]
    assert draft.chapters[0].title == "Antiemetics"
    assert "Antiemetic Prophylaxis" not in draft.metadata.title


def test_a_split_line_is_shown_against_the_line_it_was_split_from_with_its_regrade(tmp_path, capsys):
    """'... q3w / q4w 1a A ++' split into '... q3w 1a A ++' and '... q4w 1b B +': the new item `replaces` the old
    id, so REVIEW.md, `diff` and What changed show it against that line with the regrade (was: 'New', grades
    unchanged, 'check its id and tags')."""
    from macros.compare import compare

    data = _new_release(tmp_path, FIXTURES / "newcomer-2025.1E-osteooncology-bone-health.txt")
    review = (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")
    entry = next(line for line in review.splitlines() if line.startswith("- `clodronate-iv-1500-mg-q4w`"))
    assert "LoE 1a -> 1b (downgraded), GR A -> B (downgraded), AGO ++ -> + (downgraded)" in entry
    assert "split off `bma-clodronate-iv`" in entry
    assert guideline.main(["--data", str(data), "validate"]) == 0
    old, new = load_all(data)
    comparison = compare(old, new)
    assert "clodronate-iv-1500-mg-q4w" not in comparison.added
    regrades = {(r.scale, r.old, r.new) for r in comparison.regraded if r.id == "clodronate-iv-1500-mg-q4w"}
    assert regrades == {("loe", "1a", "1b"), ("gr", "A", "B"), ("ago", "++", "+")}
    capsys.readouterr()
    assert guideline.main(["--data", str(data), "diff", "2024.1E", "2025.1E"]) == 0
    assert "reworded  clodronate-iv-1500-mg-q4w (was bma-clodronate-iv)" in capsys.readouterr().out


def test_a_grade_an_open_decision_names_is_under_review_never_not_printed(tmp_path, capsys):
    """A draft item whose AGO grade the source prints but the import could not take ('5 D –', '+/-' wrapped onto
    the next line) shows 'grade under review (open decision)' on its page and its slide's table, never 'Not
    printed in the source'; an item no decision names still says 'not printed'."""
    from macros.render.pages import recommendation_page, topic_page

    data = _import(tmp_path, "2026.1E", EDGE)
    capsys.readouterr()
    draft = load_all(data)[0]
    for identifier in ("strontium-chloride", "long-term-zoledronate-after-2-years"):
        page = recommendation_page(draft, identifier, f"r/{identifier}/")
        assert "grade under review (open decision)" in page
        assert "Not printed in the source" not in page, identifier
    table = topic_page(draft, draft.topics[0].id, "topics/edge-cases-slide-one/")
    assert table.count('class="grade grade-none grade-review"') == 2


def test_diff_says_under_review_for_a_grade_an_open_decision_names(tmp_path, capsys):
    """`diff` of a draft names a grade the import could not take 'under review (open decision)', never 'not
    printed' (was: 'Strontium chloride (LoE 5, GR D, AGO not printed)')."""
    from tests.conftest import base_release_copy

    data = base_release_copy(tmp_path, "2024.1E")
    assert guideline.main(["--data", str(data), "import-chapter", "2026.1E", "edge", str(EDGE)]) == 0
    capsys.readouterr()
    assert guideline.main(["--data", str(data), "diff", "2024.1E", "2026.1E"]) == 0
    output = capsys.readouterr().out
    assert "strontium-chloride: Strontium chloride (LoE 5, GR D, AGO under review (open decision))" in output
    assert "long-term-zoledronate-after-2-years: Long-term zoledronate after 2 years (LoE 2b, GR B, AGO under " \
        "review (open decision))" in output
    assert "vitamin-k2-substitution: Vitamin K2 substitution (LoE 2b, GR B, AGO -)" in output
