"""The next release from the committee's new source: realign, carry ids, report every change.

Each simulated committee source in tests/fixtures/nextrelease/ (made by make_sources.py from the
2024.1E source) is realigned with `new-release --source`; the draft must load as it stands, its
open decisions must be exactly the real ones, and `diff --format json` must list exactly the
changes made, as recorded in <scenario>.expected.json.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from macros.decisions import open_decisions
from macros.ingest.alignment import align
from macros.ingest.yamledit import YamlText
from macros.load import load_all
from macros.problems import GuidelineDataError
from macros.yamlsource import read_yaml
from scripts import guideline
from tests.conftest import base_release_copy

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "guideline_data"
FIXTURES = ROOT / "tests" / "fixtures" / "nextrelease"
BASE = "2024.1E"  # the release the simulated sources were made from (not necessarily the latest)
SCENARIOS = sorted(path.stem for path in FIXTURES.glob("*.txt"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding only the base release, as an editor's checkout would before drafting."""
    return base_release_copy(tmp_path, BASE)


def _draft(data: Path, scenario: str, capsys) -> str:
    source = FIXTURES / f"{scenario}.txt"
    status = guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE, "--source", str(source)])
    output = capsys.readouterr().out
    assert status == 0, output
    return output


def _decisions(data: Path) -> list[str]:
    releases = load_all(data)
    draft = next(release for release in releases if release.id == "2025.1E")
    return [str(d).replace(str(data / "2025.1E") + "/", "") for d in open_decisions(releases, draft)]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_realigned_draft_loads_and_diff_lists_exactly_the_changes(data, scenario, capsys):
    """The draft validates as it stands; its decisions and `diff` are exactly the recorded ones."""
    _draft(data, scenario, capsys)
    expected = json.loads((FIXTURES / f"{scenario}.expected.json").read_text(encoding="utf-8"))
    assert _decisions(data) == expected["decisions"]
    assert guideline.main(["--data", str(data), "diff", BASE, "2025.1E", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == expected["diff"]


def test_the_same_source_changes_no_topic_byte(data, tmp_path, capsys):
    """Unchanged data round-trips byte-identical: only the source's name is recorded anew."""
    same = tmp_path / "same-words.txt"
    shutil.copy(next((DATA / BASE / "osteooncology" / "source").glob("*.txt")), same)
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE, "--source", str(same)]) == 0
    for path in (DATA / BASE).rglob("*.yaml"):
        relative = path.relative_to(DATA / BASE)
        if relative.name not in ("release.yaml", "chapter.yaml"):
            assert (data / "2025.1E" / relative).read_bytes() == path.read_bytes(), relative
    assert "## Decisions left\n\nNone." in (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")


def test_rewrapped_lines_keep_their_items(data, capsys):
    """A joined item and a rewrapped paragraph: no rewording, no new item, the lines follow the words."""
    _draft(data, "rewrap", capsys)
    topic = (data / "2025.1E" / "osteooncology" / "topics" / "01-bisphosphonates-mbc.yaml").read_text(encoding="utf-8")
    assert (
        '{id: bp-mbc-resorption-markers, text: "Use of bone resorption marker for therapy monitoring", '
        'lines: [11], grade_line: 12, loe: "5", gr: "D", ago: "-"' in topic
    )


def test_the_realistic_release_reports_every_change_and_decision(data, capsys):
    """The review report names ids, word diffs, grades with direction, and leaves only real decisions."""
    output = _draft(data, "realistic", capsys)
    report = (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")
    assert (
        "`bp-mbc-bone-pain` (01-bisphosphonates-mbc.yaml, source line 8); grades: LoE 1a -> 1b (downgraded)" in report
    )
    assert "words: [-Radiatiotherapy-] {+Radiotherapy+} regimen" in report
    assert "grades: LoE 1a -> 1b (downgraded), AGO ++ -> + (downgraded)" in report  # grades as `diff` prints them
    assert "words: Reduction of opioid use; grades: LoE 2b, GR B, AGO +" in report
    assert "flows/06-bone-health-endocrine-therapy.yaml:25" in report
    assert "5 decision(s) left" in report
    assert output.count("decision:") == 5
    new_topic = data / "2025.1E" / "osteooncology" / "topics" / "04-follow-up-of-bone-metastases.yaml"
    assert new_topic.is_file()
    assert sorted(path.name[:3] for path in (data / "2025.1E" / "osteooncology" / "topics").glob("*.yaml")) == [
        f"{n:02d}-" for n in range(1, 26)
    ]
    sections = (data / "2025.1E" / "osteooncology" / "sections.yaml").read_text(encoding="utf-8")
    assert "radionuclides, follow-up-of-bone-metastases, radiotherapy" in sections


def test_publish_refuses_a_draft_with_open_decisions(data, capsys):
    """Placeholders are decisions: publish lists them and changes nothing."""
    _draft(data, "realistic", capsys)
    before = (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert guideline.main(["--data", str(data), "publish", "2025.1E"]) == 1
    assert "open decision(s)" in capsys.readouterr().out
    assert (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8") == before


def test_validate_lists_decisions_not_errors(data, capsys):
    _draft(data, "realistic", capsys)
    assert guideline.main(["--data", str(data), "validate"]) == 0
    output = capsys.readouterr().out
    assert "2025.1E: valid (25 topics)" in output
    assert "5 open decision(s) before it can be published" in output


def test_a_draft_without_decisions_publishes(data, capsys):
    _draft(data, "figures", capsys)
    assert guideline.main(["--data", str(data), "publish", "2025.1E"]) == 0


def test_update_source_realigns_an_existing_draft(data, capsys):
    """A corrected source sent again: update-source moves the draft on, as new-release --source does."""
    _draft(data, "figures", capsys)
    assert guideline.main(["--data", str(data), "update-source", "2025.1E", str(FIXTURES / "realistic.txt")]) == 0
    capsys.readouterr()
    assert guideline.main(["--data", str(data), "diff", BASE, "2025.1E", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "bone-scan-only-if-symptomatic" in document["added"]
    assert document["changed_blocks"] == ["topic 'follow-up-of-bone-metastases' (new)"]  # the figures went back


def test_update_source_refuses_a_published_release(data, capsys):
    assert guideline.main(["--data", str(data), "update-source", BASE, str(FIXTURES / "figures.txt")]) == 1
    assert "is published" in capsys.readouterr().out


def test_a_retired_id_is_never_used_again(data, capsys):
    """Reusing an id retired earlier would make its permalink forward to itself."""
    _draft(data, "realistic", capsys)
    metadata = data / "2025.1E" / "release.yaml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8").replace("DECISION NEEDED: ", "Dropped by the committee. "),
        encoding="utf-8",
    )
    for path in [*(data / "2025.1E" / "osteooncology" / "flows").glob("*.yaml"), *(data / "2025.1E" / "osteooncology" / "cases").glob("*.yaml")]:
        path.write_text(path.read_text(encoding="utf-8").replace(", bone-smoking-alcohol", ""), encoding="utf-8")
    assert _decisions(data) == []
    assert guideline.main(["--data", str(data), "new-release", "2026.1E", "--from", "2025.1E"]) == 0
    topic = data / "2026.1E" / "osteooncology" / "topics" / "01-bisphosphonates-mbc.yaml"
    topic.write_text(
        topic.read_text(encoding="utf-8").replace("id: reduction-of-opioid-use", "id: bp-mbc-pain-control-alone"),
        encoding="utf-8",
    )
    with pytest.raises(GuidelineDataError) as raised:
        load_all(data)
    assert [problem.message for problem in raised.value.problems] == [
        "id was retired in release 2025.1E; a retired id is never used again (its permalink forwards to the "
        "retirement): choose a new id, and `replaces:` the old one if it continues it"
    ]


def test_alignment_maps_rewrapped_and_moved_lines():
    old = ("A title", "", "§ one two three", "four 1a A ++", " Next slide", "§ five 2b B +")
    new = (" Next slide", "§ five 2b B +", "A title", "", "§ one two three four 1a A ++")
    alignment = align(old, new, [(1, 4), (5, 6)])
    assert alignment.lines([3, 4]) == (5,)
    assert [(s.first, s.last, s.old_index) for s in alignment.slides] == [(1, 2, 1), (3, 5, 0)]


def test_yaml_edits_leave_everything_else_byte_identical():
    text = 'a: {x: "1", lines: [3, 4]}  # keep\nb:\n  - {id: q, v: 2}\n  - {id: r, v: 3}\n'
    root, problems = read_yaml(text, "t.yaml")
    assert not problems
    assert YamlText(text).result() == text
    edit = YamlText(text)
    edit.replace_value(root["a"].value_positions["lines"], [5])
    edit.remove_entry(root["b"].value_positions[0])
    edit.add_key(root["a"].position, root["a"].value_positions["x"], "y", "z")
    assert edit.result() == 'a: {x: "1", y: "z", lines: [5]}  # keep\nb:\n  - {id: r, v: 3}\n'


def test_history_table_shows_clinical_text_as_printed(data, capsys):
    """No Markdown escapes in the history table; header cells stay apart when read as text."""
    from macros import history
    from macros.render import pages

    _draft(data, "realistic", capsys)
    releases = load_all(data)
    draft = next(r for r in releases if r.id == "2025.1E")
    page = pages.recommendation_page(
        draft, "mscc-rt-regimen", "r/mscc-rt-regimen/", "", history.history(releases, draft, "mscc-rt-regimen")
    )
    start = page.index('<table class="history-table">')
    table = page[start : page.index("</table>", start)]
    assert "<td>Radiotherapy regimen (1 x 8-10 Gy vs. multiple fractions) depending on" in table
    assert "<td>Radiatiotherapy regimen (1 x 8-10 Gy vs. multiple fractions)" in table
    assert "\\" not in table
    assert '<th scope="col">LoE</th>\n<th scope="col">GR</th>\n<th scope="col">AGO</th>' in table


def test_retired_page_says_what_it_said_and_links_the_last_release(data, capsys):
    from macros.history import last_carrier
    from macros.render import pages

    _draft(data, "realistic", capsys)
    releases = load_all(data)
    last = last_carrier(releases, "bone-smoking-alcohol", "2025.1E")
    page = pages.retired_page(
        next(r for r in releases if r.id == "2025.1E"), "bone-smoking-alcohol", "2025.1E", "Dropped.", None, "r/bone-smoking-alcohol/", last=last
    )
    assert "It said: “Quit smoking, reduction of alcohol” (LoE 2b, GR B, AGO ++)" in page
    assert '<a href="../../../2024.1E/r/bone-smoking-alcohol/">release 2024.1E</a>' in page


def test_a_source_dropped_in_by_hand_gives_one_error_naming_update_source(data, capsys):
    """The old workflow (copy, replace the source, validate) no longer floods the editor: one message, one command."""
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE]) == 0
    source = next((data / "2025.1E" / "osteooncology" / "source").glob("*.txt"))
    shutil.copy(FIXTURES / "realistic.txt", source)
    metadata = data / "2025.1E" / "osteooncology" / "chapter.yaml"
    digest = __import__("hashlib").sha256(source.read_bytes()).hexdigest()
    text = metadata.read_text(encoding="utf-8")
    start = text.index("sha256: ") + len("sha256: ")
    metadata.write_text(text[:start] + digest + text[start + 64 :], encoding="utf-8")
    capsys.readouterr()
    assert guideline.main(["--data", str(data), "validate"]) == 1
    errors = capsys.readouterr().err
    assert errors.count("error: ") == 1
    assert "the source changed under the data" in errors
    assert "update-source 2025.1E --chapter osteooncology NEW-SOURCE.txt" in errors


def test_an_item_only_moved_between_slides_is_marked_moved_not_updated():
    """2019.1 -> 2020.1 moves bp-pain-control-alone to another slide with the same words and grades."""
    from macros import history

    releases = load_all(ROOT / "tests" / "fixtures" / "releases")
    found = history.markers(releases, next(r for r in releases if r.id == "2020.1"))
    assert found["bp-pain-control-alone"] == "moved"
    assert found["bp-bone-pain"] == "updated"


def test_a_replaced_draft_source_is_refused_with_what_to_do(data, capsys):
    """Line numbers refer to the recorded source: realigning from another file would be silently wrong."""
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE]) == 0
    shutil.copy(FIXTURES / "realistic.txt", next((data / "2025.1E" / "osteooncology" / "source").glob("*.txt")))
    capsys.readouterr()
    assert guideline.main(["--data", str(data), "update-source", "2025.1E", str(FIXTURES / "realistic.txt")]) == 1
    assert "put that source back" in capsys.readouterr().out


def test_validate_lists_ids_a_draft_dropped_without_retirement(data, capsys):
    """Before publish: an id of the last published release that the draft neither carries nor retires."""
    _draft(data, "realistic", capsys)
    metadata = data / "2025.1E" / "release.yaml"
    text = metadata.read_text(encoding="utf-8")
    start = text.index("  - {id: bp-mbc-pain-control-alone")
    metadata.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    assert [d for d in _decisions(data) if "bp-mbc-pain-control-alone" in d] == [
        "release.yaml:12: bp-mbc-pain-control-alone: id of release 2024.1E is dropped without a retirement: keep it, "
        "or add it under `retired:` with a reason (and a successor where there is one)"
    ]


def test_update_source_with_the_same_source_changes_nothing_and_keeps_the_decisions(data, capsys):
    _draft(data, "realistic", capsys)
    before = {path: path.read_bytes() for path in (data / "2025.1E").rglob("*.yaml")}
    assert guideline.main(["--data", str(data), "update-source", "2025.1E", str(FIXTURES / "realistic.txt")]) == 0
    assert "0 YAML line(s) edited" in capsys.readouterr().out
    assert {path: path.read_bytes() for path in (data / "2025.1E").rglob("*.yaml")} == before
    assert "5 decision(s) left" in (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_expected_comparisons_validate_against_the_changes_schema(scenario):
    import jsonschema

    from macros.export import changes_schema_text

    document = json.loads((FIXTURES / f"{scenario}.expected.json").read_text(encoding="utf-8"))["diff"]
    jsonschema.validate(document, json.loads(changes_schema_text()))


def test_a_draft_with_open_decisions_builds_with_drafts(data, tmp_path, capsys):
    """Flows still citing a retired id render it as a pending decision; the changes page links the old release."""
    from scripts.sitebuild import build_site

    _draft(data, "realistic", capsys)
    out = tmp_path / "site"
    build_site(out, data, include_drafts=True, use_cache=False, cache_root=tmp_path / "cache")
    flow = (out / "2025.1E" / "flows" / "bone-health-endocrine-therapy" / "index.html").read_text(encoding="utf-8")
    assert "bone-smoking-alcohol: retired in this draft; decision pending" in flow
    changes = (out / "2025.1E" / "changes" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../2024.1E/r/bone-smoking-alcohol/"' in changes
    retired = (out / "2025.1E" / "r" / "bone-smoking-alcohol" / "index.html").read_text(encoding="utf-8")
    assert "It said: “Quit smoking, reduction of alcohol” (LoE 2b, GR B, AGO ++)" in retired


def test_a_reader_closing_the_pipe_early_keeps_the_realigned_draft(data):
    """`new-release --source ... | head -1`: the draft is realigned in full, never removed halfway."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "new-release", "2025.1E"]
    command += ["--from", BASE, "--source", str(FIXTURES / "realistic.txt")]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().startswith(b"created draft 2025.1E")
    process.stdout.close()  # the reader goes away, as `head -1` does
    with process.stderr:
        stderr = process.stderr.read().decode()
    assert process.wait() == 0, stderr
    assert "BrokenPipeError" not in stderr
    assert (data / "2025.1E" / "osteooncology" / "REVIEW.md").is_file()
    assert "2025.1E" in [release.id for release in load_all(data)]


def test_a_source_still_printing_last_years_version_is_flagged(data, capsys):
    """validate warns when the source prints another release's version; the new year's source does not."""
    _draft(data, "figures", capsys)  # the figures source still prints "Version 2024.1E"
    assert guideline.main(["--data", str(data), "validate"]) == 0
    output = capsys.readouterr().out
    assert "warning: the source prints 'Version 2024.1E' (line 447) but this is release 2025.1E" in output
    assert output.count("the source prints") == 1  # the base release prints its own version


def test_the_new_years_source_raises_no_version_warning(data, capsys):
    _draft(data, "realistic", capsys)  # prints "Version 2025.1E"
    assert guideline.main(["--data", str(data), "validate"]) == 0
    assert "the source prints" not in capsys.readouterr().out


def test_nothing_copied_from_the_old_release_still_names_it_or_its_line_numbers(data, capsys):
    """release.yaml's comment names the new release's site folder; comments citing source lines follow them."""
    _draft(data, "realistic", capsys)
    draft = data / "2025.1E"
    metadata = (draft / "release.yaml").read_text(encoding="utf-8")
    assert "the site under site/2025.1E/" in metadata
    assert BASE not in metadata.replace('version: {text: "Version 2025.1E"', "")
    # the realistic source adds six lines before the footer slide and the figure slide
    footer = (draft / "osteooncology" / "topics" / "24-osteoporosis-drugs.yaml").read_text(encoding="utf-8")
    assert footer.startswith("# The slide's footer (lines 447-455) is printed once in the source, here;")
    figure = (draft / "osteooncology" / "topics" / "20-tamoxifen-fracture-risk.yaml").read_text(encoding="utf-8")
    assert "# figure's labels (lines 373-374); the slide boundary at line 369 is an editorial reading." in figure
    source = (draft / "osteooncology" / "source" / "realistic.txt").read_text(encoding="utf-8").splitlines()
    assert source[372:374] == ["Risk of Osteoporosis and Tamoxifen", "(Fracture Risk)"]
    assert source[446].startswith("©") and "ago-online" in source[454]
    report = (draft / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")
    assert (
        "`comment at line 1` (24-osteoporosis-drugs.yaml); words: # The slide's footer (lines [-441-449)-] " in report
    )


def test_new_release_without_a_source_names_the_new_release_in_release_yaml(data, capsys):
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE]) == 0
    metadata = (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert "the site under site/2025.1E/" in metadata and "site/2024.1E" not in metadata


def _edited_source(tmp_path: Path, edits: dict[int, list[str]]) -> Path:
    """The base source with lines replaced (several lines insert after the one they replace)."""
    lines = next((DATA / BASE / "osteooncology" / "source").glob("*.txt")).read_text(encoding="utf-8").splitlines()
    assert lines[140:145] == [
        "§ Immediate start of treatment  1c D ++",
        "§ Steroids (start at first symptoms)",
        "",
        "- Dexamethasone 16-24 mg/d, then reduction over 2 weeks",
        "2a C +",
    ]
    assert lines[302] == "§ Premenopausal patients 1a B +/-"
    path = tmp_path / "2025.1E-osteooncology-bone-health.txt"
    path.write_text("\n".join(new for n, line in enumerate(lines, 1) for new in edits.get(n, [line])) + "\n", "utf-8")
    return path


def _items(data: Path, topic: str) -> list[tuple[str, list[str]]]:
    """A draft topic's recommendations in YAML order: (id, the ids nested under it)."""
    (path,) = (data / "2025.1E" / "osteooncology" / "topics").glob(f"*-{topic}.yaml")
    root, _ = read_yaml(path.read_text(encoding="utf-8"), str(path))
    return [(item["id"], [child["id"] for child in item.get("children") or []]) for item in root["blocks"][0]["items"]]


def test_new_items_take_the_level_and_order_the_source_shows(data, tmp_path, capsys):
    """A line between a group's heading and its first member is that group's first member; a `§` bullet after
    a `-` sub-item is back at the top level; a line after a group's last `§` member joins the group; two new
    lines in a row stay in source order."""
    source = _edited_source(
        tmp_path,
        {
            141: [
                "§ Immediate start of treatment  1c D ++",
                "§ First new statement 2b C +",
                "§ Second new statement 2b C +",
            ],
            142: ["§ Steroids (start at first symptoms)", "- Methylprednisolone 1 g/d 2b C +/-"],
            145: ["2a C +", "§ Bisphosphonates for pain 2b C +"],
            303: ["§ Premenopausal patients 1a B +/-", "§ Patients over 70 years 2b C +/-"],
            131: ["2b C ++", "- within 24 hours 2b C +"],
        },
    )
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE, "--source", str(source)]) == 0
    assert ": 6 new" in capsys.readouterr().out
    assert _items(data, "spinal-cord-compression") == [
        ("mscc-decompression-surgery", []),
        ("within-24-hours", []),  # a `-` under a graded item: its sibling, flagged in REVIEW.md
        ("mscc-irradiation", ["mscc-rt-regimen"]),
        ("mscc-immediate-start", []),
        ("first-new-statement", []),
        ("second-new-statement", []),
        ("mscc-steroids", ["methylprednisolone-1-g-d", "mscc-dexamethasone"]),
        ("bisphosphonates-for-pain", []),
    ]
    assert _items(data, "adjuvant-bone-targeted-therapy")[0] == (
        "adj-clodronate",
        ["adj-clodronate-postmenopausal", "adj-clodronate-premenopausal", "patients-over-70-years"],
    )
    report = (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")
    assert (
        "`within-24-hours` (07-spinal-cord-compression.yaml, source line 132); words: within 24 hours; grades: LoE 2b, "
        "GR C, AGO +; **check:** the source prints it as a `-` sub-item under `mscc-decompression-surgery`; drafted as "
        "its sibling (an item with its own grade groups no items here): check the nesting"
    ) in report
    releases = load_all(data)  # the draft loads: every line where it stands, in source order
    draft = next(release for release in releases if release.id == "2025.1E")
    assert open_decisions(releases, draft) == []


def test_a_removed_slide_without_recommendations_retires_nothing_and_asks_for_a_check(data, tmp_path, capsys):
    """Slide 16 (a list of dosages, no graded line) vanishes: its list entries are no ids to retire (they were
    retired as '?' before), and the editor is told plainly that no open decision holds `publish` for it."""
    lines = next((DATA / BASE / "osteooncology" / "source").glob("*.txt")).read_text(encoding="utf-8").splitlines()
    topic = (DATA / BASE / "osteooncology" / "topics" / "16-adjuvant-bisphosphonate-dosage.yaml").read_text(encoding="utf-8")
    assert "source_lines: [316, 336]" in topic and "kind: recommendations" not in topic
    source = tmp_path / "2025.1E-osteooncology-bone-health.txt"
    source.write_text("\n".join(line for n, line in enumerate(lines, 1) if not 316 <= n <= 336) + "\n", "utf-8")
    assert guideline.main(["--data", str(data), "new-release", "2025.1E", "--from", BASE, "--source", str(source)]) == 0
    output = capsys.readouterr().out
    assert "decision:" not in output
    assert (
        "check: 16-adjuvant-bisphosphonate-dosage.yaml: adjuvant-bisphosphonate-dosage: the new source no longer "
        "has this slide; it held 1 list block(s) and 1 footnote(s) (*); no recommendation, so no open decision holds `publish` for it: "
        "confirm the committee removed it"
    ) in output
    assert "retired:" not in (data / "2025.1E" / "release.yaml").read_text(encoding="utf-8")
    assert "**check:** held 1 list block(s)" in (data / "2025.1E" / "osteooncology" / "REVIEW.md").read_text(encoding="utf-8")
    assert not list((data / "2025.1E" / "osteooncology" / "topics").glob("*adjuvant-bisphosphonate-dosage.yaml"))
    assert _decisions(data) == []


def test_diff_names_a_nested_recommendation_with_what_it_is_nested_under(data, capsys):
    """'Postmenopausal patients*' alone does not say which drug: the text and Markdown comparisons say
    'Aminobisphosphonate (IV or oral) › Postmenopausal patients*', the JSON carries the context."""
    _draft(data, "realistic", capsys)
    assert guideline.main(["--data", str(data), "diff", BASE, "2025.1E"]) == 0
    text = capsys.readouterr().out
    assert "regraded  adj-aminobisphosphonate-postmenopausal: Aminobisphosphonate (IV or oral) › Postmenopausal" in text
    assert "added     stereotactic-rt-for-oligometastases: Bone metastases › Stereotactic RT" in text
    assert guideline.main(["--data", str(data), "diff", BASE, "2025.1E", "--format", "markdown"]) == 0
    from macros.render.escape import markdown_text

    assert f"{markdown_text('Aminobisphosphonate (IV or oral)')} › {markdown_text('Postmenopausal')}" in capsys.readouterr().out
