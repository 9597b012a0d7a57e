"""The recommendation map's data (map.yaml): outside the lock, loaded into models, every problem named
with file and line; and its cells as the page and the exports read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.index import graded_recommendations
from macros.load import load_all
from macros.problems import GuidelineDataError
from macros.recmap import left_out_reason, map_cells, placements_of
from macros.releases import canonical_hash, read_lock
from tests.conftest import REPO, base_release_copy

BASE = "2024.1E"


def _edited(tmp_path: Path, *edits: tuple[str, str]):
    """Load the real release with edits (old, new) to its map.yaml; returns the release or the error."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    data = base_release_copy(tmp_path, BASE)
    path = data / BASE / "osteooncology" / "map.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, "the edit would prove nothing"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    try:
        return next(r for r in load_all(data) if r.id == BASE)
    except GuidelineDataError as error:
        return error


def _messages(error: GuidelineDataError) -> list[str]:
    return [str(problem) for problem in error.problems]


def test_every_graded_recommendation_of_the_real_release_stands_in_a_cell(release):
    """2024.1E places all its graded recommendations (none left out), every row and column holds some."""
    placed = {indexed.id for cell in map_cells(release).values() for indexed in cell.recommendations}
    assert placed == {indexed.id for indexed in graded_recommendations(release)}
    assert release.recommendation_map.left_out == ()
    rows = {situation for situation, _ in map_cells(release)}
    columns = {intervention for _, intervention in map_cells(release)}
    assert rows == {c.id for c in release.recommendation_map.situations}
    assert columns == {c.id for c in release.recommendation_map.interventions}


def test_map_is_outside_the_published_hash(tmp_path):
    """Editing map.yaml of a published release keeps its lock: the map says nothing clinical."""
    edited = _edited(tmp_path, ('label: "Stopping denosumab"', 'label: "Stopping or pausing denosumab"'))
    assert canonical_hash(edited) == read_lock(REPO / "guideline_data")[BASE]
    assert edited.recommendation_map.situations[-1].label == "Stopping or pausing denosumab"


def test_a_cell_lists_its_recommendations_in_source_order(release):
    """The cell 'bone loss x assessment' holds the four assessment items as the slide prints them."""
    cell = map_cells(release)[("bone-loss", "assessment")]
    assert [i.id for i in cell.recommendations] == [
        "ctibl-baseline-risk-assessment", "ctibl-vitamin-d-levels", "ctibl-baseline-dxa", "ctibl-repeat-dxa"
    ]
    assert [(s.id, i.id) for s, i in placements_of(release, "tox-onj")] == [("onj", "bisphosphonates"), ("onj", "denosumab")]


def test_an_unplaced_recommendation_is_named_with_what_to_do(tmp_path):
    """Removing an id from its only cell: the file, the id, its slide and both ways out."""
    error = _edited(tmp_path, ("op-romosozumab]", "]"))
    assert isinstance(error, GuidelineDataError)
    (message,) = _messages(error)
    assert "map.yaml:69:" in message  # the `placements:` list
    assert "recommendation 'op-romosozumab'" in message
    assert "is neither placed nor left out (slide 23)" in message and "`left_out:` with a reason" in message


def test_a_left_out_recommendation_with_a_reason_is_valid_and_without_one_is_not(tmp_path):
    """Moving an id from its cell to `left_out:` with a reason is valid; an empty reason is refused."""
    moved = ("op-romosozumab]", "]"), ("left_out: []", "left_out: [{recommendations: [op-romosozumab], reason: Not in the map yet}]")
    edited = _edited(tmp_path, *moved)
    assert placements_of(edited, "op-romosozumab") == ()
    assert left_out_reason(edited, "op-romosozumab") == "Not in the map yet"
    error = _edited(tmp_path / "b", moved[0], ("left_out: []", "left_out: [{recommendations: [op-romosozumab], reason: ''}]"))
    (message,) = _messages(error)
    assert "map.yaml:" in message and "field 'reason': must not be empty" in message


def test_a_recommendation_placed_and_left_out_is_an_error(tmp_path):
    """Either placed or left out, never both."""
    error = _edited(tmp_path, ("left_out: []", "left_out: [{recommendations: [op-romosozumab], reason: x}]"))
    (message,) = _messages(error)
    assert "left out 'op-romosozumab'" in message and "is also placed (line" in message


def test_unknown_ids_and_a_cell_listed_twice_are_errors_with_lines(tmp_path):
    """An unknown recommendation, situation or intervention, and a second entry for one cell."""
    error = _edited(
        tmp_path,
        ("  - situation: stopping-denosumab\n    intervention: denosumab\n",
         "  - situation: stopping-denosumab\n    intervention: bisphosphonates\n"),
    )
    assert any("this cell is listed twice: merge the two entries" in m for m in _messages(error))
    error = _edited(tmp_path / "b", ("recommendations: [op-denosumab]", "recommendations: [op-denosumab, op-denosumab-x]"))
    (message,) = _messages(error)
    assert "'op-denosumab-x' is not a graded recommendation of release 2024.1E" in message
    assert "map.yaml:" in message and "placement 'osteoporosis x denosumab'" in message
    error = _edited(tmp_path / "c", ("    intervention: steroids\n    recommendations: [mscc", "    intervention: steroid\n    recommendations: [mscc"))
    messages = _messages(error)
    assert any("unknown intervention 'steroid'; known: " in m for m in messages)


def test_an_empty_situation_is_an_error(tmp_path):
    """A row no placement names would show an empty line of the map."""
    error = _edited(tmp_path, ("interventions:\n", "  - {id: pregnancy, label: Pregnancy}\ninterventions:\n"))
    (message,) = _messages(error)
    assert "situation 'pregnancy'" in message and "an empty row or column" in message


@pytest.mark.parametrize("bad_id", ["Bone", "bone--loss", "bone_loss"])
def test_category_ids_are_slugs(tmp_path, bad_id):
    """Ids reach URLs and anchors: lowercase words joined by hyphens."""
    error = _edited(tmp_path, ("id: stopping-denosumab", f"id: {bad_id}"))
    assert any("ids are lowercase letters and digits joined by single hyphens" in m for m in _messages(error))


def test_a_draft_with_an_unplaced_recommendation_loads_validates_and_cannot_be_published(tmp_path, capsys):
    """A draft (new items not yet on the map) loads; `validate` lists the placement to settle with file and
    line; `publish` refuses it and leaves it a draft."""
    from scripts import guideline

    data = base_release_copy(tmp_path, BASE)
    release_file = data / BASE / "release.yaml"
    draft_text = release_file.read_text(encoding="utf-8").replace("status: published", "status: draft")
    release_file.write_text(draft_text, encoding="utf-8")
    (data / "published.lock.json").write_text("{}", encoding="utf-8")
    path = data / BASE / "osteooncology" / "map.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("op-romosozumab]", "]", 1), encoding="utf-8")
    draft = next(r for r in load_all(data) if r.id == BASE)
    assert placements_of(draft, "op-romosozumab") == ()
    assert guideline.main(["--data", str(data), "validate"]) == 0
    out = capsys.readouterr().out
    assert "1 map placement(s) to settle in map.yaml before publishing" in out
    assert "  map: " in out and "map.yaml:69:3: recommendation 'op-romosozumab'" in out
    assert guideline.main(["--data", str(data), "publish", BASE]) == 1
    assert "is neither placed nor left out" in capsys.readouterr().err
    assert release_file.read_text(encoding="utf-8") == draft_text


def test_map_table_has_scoped_headers_and_says_each_cell_in_words(release):
    """Row headers scope=row (situations), column headers scope=col (interventions), a cell's words for screen readers."""
    from macros.render.recmap import map_table

    html = map_table(release, "map/")
    assert html.count('<th scope="row"') == len(release.recommendation_map.situations)
    assert html.count('<th scope="col"') == len(release.recommendation_map.interventions)
    assert (
        '<span class="sr-only recmap-words">Spinal cord compression, spinal instability, Steroids: 1 recommendation; '
        "AGO grades: 1 plus</span>" in html
    )
    assert "Other side effects of bone-modifying agents, Bisphosphonates: 6 recommendations; AGO grades: 6 without AGO grade" in html


def test_editorial_labels_are_escaped_everywhere_they_land(release):
    """A label with markup shows as text in the table, the list, its attributes and the recommendation page's note."""
    import dataclasses

    from macros.render.recmap import map_note, map_page

    hostile = '<script>alert("x")</script> & "quotes"'
    situations = tuple(
        dataclasses.replace(c, label=hostile, description=hostile) if c.id == "onj" else c
        for c in release.recommendation_map.situations
    )
    (chapter,) = release.chapters
    chapter = dataclasses.replace(
        chapter, recommendation_map=dataclasses.replace(chapter.recommendation_map, situations=situations)
    )
    edited = dataclasses.replace(release, chapters=(chapter,))
    for html in (map_page(edited, "map/"), map_note(edited, "tox-onj", "r/tox-onj/")):
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html


def test_pages_show_the_map_only_where_a_release_has_one(release, minimal_release):
    """2024.1E: the map page, its nav entry, the print page's map, each recommendation's placement; no map, none of it."""
    from macros.generate import generated_pages, navigation

    pages = dict(generated_pages(release, (release,)))
    assert "map.md" in pages and "hide:\n  - navigation\n  - toc\n" in pages["map.md"]
    assert {"Recommendation map": "map.md"} in navigation(release)
    assert 'id="recommendation-map"' in pages["print.md"] and 'id="map-cell-onj--dental-care"' in pages["print.md"]
    assert "On the recommendation map: " in pages["r/tox-onj.md"]
    assert 'href="../../map/#cell-onj--bisphosphonates"' in pages["r/tox-onj.md"]
    assert minimal_release.recommendation_map is None
    minimal = dict(generated_pages(minimal_release, (minimal_release,)))
    assert "map.md" not in minimal and "recommendation map" not in minimal["print.md"].lower()
    assert {"Recommendation map": "map.md"} not in navigation(minimal_release)


def test_the_offline_bundle_links_the_map_as_files(release):
    """Without directory URLs (the bundle opened from disk) the map and its cells are .html files."""
    from macros.generate import generated_pages

    pages = dict(generated_pages(release, (release,), directory_urls=False))
    assert 'href="../map.html#cell-onj--bisphosphonates"' in pages["r/tox-onj.md"]
    assert 'href="r/tox-onj.html"' in pages["map.md"]


def test_json_and_csv_carry_each_recommendations_situations_and_interventions(release):
    """guideline.json: situations, interventions and cells per recommendation, the map's rows and columns
    with labels (valid against the schema); the CSV's last two columns the same ids."""
    import csv
    import io
    import json

    import jsonschema

    from macros.export import recommendations_csv, release_document, schema_text

    document = release_document(release)
    jsonschema.validate(document, json.loads(schema_text()))
    entries = {entry["id"]: entry for entry in document["recommendations"]}
    assert entries["tox-onj"]["situations"] == ["onj"]
    assert entries["tox-onj"]["interventions"] == ["bisphosphonates", "denosumab"]
    assert entries["tox-onj"]["map_cells"] == [
        {"situation": "onj", "intervention": "bisphosphonates"}, {"situation": "onj", "intervention": "denosumab"}
    ]
    for (situation, intervention), cell in map_cells(release).items():
        for indexed in cell.recommendations:
            assert {"situation": situation, "intervention": intervention} in entries[indexed.id]["map_cells"]
    assert sum(len(entry["map_cells"]) for entry in entries.values()) == sum(len(c.recommendations) for c in map_cells(release).values())
    assert [c["id"] for c in document["map"]["situations"]] == [c.id for c in release.recommendation_map.situations]
    assert document["map"]["interventions"][0] == {"id": "bisphosphonates", "label": "Bisphosphonates",
                                                   "description": release.recommendation_map.interventions[0].description}
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(recommendations_csv(release).removeprefix("\ufeff")))}
    assert rows["tox-onj"]["situations"] == "onj" and rows["tox-onj"]["interventions"] == "bisphosphonates denosumab"
    assert rows["ctibl-baseline-dxa"]["interventions"] == "assessment"


def test_a_release_without_a_map_exports_null_and_empty_lists(minimal_release):
    """No map.yaml: `map` is null, every recommendation's lists are empty, the schema still holds."""
    import json

    import jsonschema

    from macros.export import release_document, schema_text

    document = release_document(minimal_release)
    jsonschema.validate(document, json.loads(schema_text()))
    assert document["map"] is None
    assert all(e["situations"] == e["interventions"] == e["map_cells"] == [] for e in document["recommendations"])


def test_fhir_plans_carry_situations_as_use_context_and_interventions_as_topics(release):
    """Each PlanDefinition: one useContext (focus) per situation, one topic per intervention, coded from the
    map's two CodeSystems in the bundle (validated by fhir.resources as it is built)."""
    import json

    from macros.fhir_export import MAP_AXES, USAGE_CONTEXT_TYPE, fhir_json

    document = json.loads(fhir_json(release))
    resources = [entry["resource"] for entry in document["entry"]]
    systems = {r["url"]: r for r in resources if r["resourceType"] == "CodeSystem"}
    situation_system, intervention_system = (MAP_AXES[axis][0] for axis in ("situations", "interventions"))
    assert [c["code"] for c in systems[situation_system]["concept"]] == [c.id for c in release.recommendation_map.situations]
    assert [c["display"] for c in systems[intervention_system]["concept"]] == [c.label for c in release.recommendation_map.interventions]
    plans = {r["identifier"][0]["value"]: r for r in resources if r["resourceType"] == "PlanDefinition"}
    for recommendation_id, plan in plans.items():
        cells = placements_of(release, recommendation_id)
        contexts = plan.get("useContext", [])
        assert all(c["code"] == {"system": USAGE_CONTEXT_TYPE, "code": "focus", "display": "Clinical Focus"} for c in contexts)
        assert [c["valueCodeableConcept"]["coding"][0]["code"] for c in contexts] == list(dict.fromkeys(s.id for s, _ in cells))
        assert [t["coding"][0]["code"] for t in plan.get("topic", [])] == list(dict.fromkeys(i.id for _, i in cells))
        assert all(t["coding"][0]["system"] == intervention_system for t in plan.get("topic", []))


def test_two_maps_naming_one_cell_merge_it(release):
    """Chapters' maps may share a cell (say bone metastases x denosumab): the cell holds both lists, once
    each, in source order; only a cell listed twice in one file is an error."""
    import dataclasses

    from macros.model import MapPlacement, Where
    from macros.recmap import check_map

    def with_placements(*placements: MapPlacement):
        (chapter,) = release.chapters
        recommendation_map = dataclasses.replace(chapter.recommendation_map, placements=placements)
        return dataclasses.replace(release, chapters=(dataclasses.replace(chapter, recommendation_map=recommendation_map),))

    other = MapPlacement("osteoporosis", "denosumab", ("dmab-mbc-hypercalcemia", "op-denosumab"), at=Where("other/map.yaml", 3))
    merged = with_placements(*release.recommendation_map.placements, other)
    assert [i.id for i in map_cells(merged)[("osteoporosis", "denosumab")].recommendations] == [
        "dmab-mbc-hypercalcemia", "op-denosumab"
    ]
    assert check_map(merged) == []
    same_file = dataclasses.replace(other, at=Where(release.recommendation_map.placements[0].at.file, 3))
    twice = with_placements(*release.recommendation_map.placements, same_file)
    assert [p.message for p in check_map(twice)] == ["this cell is listed twice: merge the two entries"]


def test_a_map_of_some_recommendations_shows_only_their_rows_columns_and_cells(release):
    """One chapter's map (here: the ONJ slide's recommendations): only the cells, rows and columns that hold
    them, with only them; the page's title and counts say whose map it is."""
    from macros.index import graded_recommendations
    from macros.render.recmap import map_page, map_table

    only = frozenset(i.id for i in graded_recommendations(release) if i.topic.id == "onj-prevention")
    table = map_table(release, "map/x/", only=only)
    assert table.count('<th scope="row"') == 2  # ONJ, and early breast cancer (ONJ under adjuvant BP)
    assert 'data-situation="bone-metastases"' not in table
    page = map_page(release, "map/x/", only=only, title="Chapter X")
    assert page.startswith("# Recommendation map: Chapter X\n")
    assert f"{len(only)} of {len(only)} stand on the map" in page
    assert page.count('class="recmap-item"') == sum(len([i for i in c.recommendations if i.id in only]) for c in map_cells(release).values())


def _two_chapters(release, with_second_map: bool = True):
    """The real release cut in two chapters (slides 1-13 and 14-24), each with the part of map.yaml that
    places its recommendations (the second without a map where asked)."""
    import dataclasses

    from macros.model import Release

    (chapter,) = release.chapters
    first_topics, second_topics = chapter.topics[:13], chapter.topics[13:]
    first_ids = {i.id for i in graded_recommendations(release) if i.topic in first_topics}

    def part(ids_in: bool, topics, chapter_id: str, title: str, number: str, keep_map: bool = True):
        placements = tuple(
            dataclasses.replace(p, recommendations=kept, at=dataclasses.replace(p.at, file=f"{chapter_id}/map.yaml"))
            for p in chapter.recommendation_map.placements
            if (kept := tuple(i for i in p.recommendations if (i in first_ids) == ids_in))
        )
        used_situations = {p.situation for p in placements}
        used_interventions = {p.intervention for p in placements}
        recommendation_map = dataclasses.replace(
            chapter.recommendation_map,
            placements=placements,
            situations=tuple(c for c in chapter.recommendation_map.situations if c.id in used_situations),
            interventions=tuple(c for c in chapter.recommendation_map.interventions if c.id in used_interventions),
        )
        metadata = dataclasses.replace(chapter.metadata, id=chapter_id, title=title, number=number)
        return dataclasses.replace(
            chapter, metadata=metadata, topics=topics, recommendation_map=recommendation_map if keep_map else None,
        )

    chapters = (
        part(True, first_topics, "metastatic", "Bone metastases", "21"),
        part(False, second_topics, "bonehealth", "Bone health", "22", with_second_map),
    )
    metadata = dataclasses.replace(release.metadata, chapters=tuple(c.id for c in chapters))
    return Release(metadata=metadata, chapters=chapters, grading=release.grading)


def test_a_release_of_two_chapters_maps_them_together_and_each_on_its_own(release):
    """map/ joins both chapters' maps (rows and columns once, cells merged) and links each chapter's map;
    chapters/<id>/map/ shows only that chapter's recommendations."""
    from macros.generate import map_pages
    from macros.recmap import check_map

    two = _two_chapters(release)
    assert check_map(two) == []
    assert {key: [i.id for i in c.recommendations] for key, c in map_cells(two).items()} == {
        key: [i.id for i in c.recommendations] for key, c in map_cells(release).items()
    }
    pages = {uri: render for uri, render, _ in map_pages(two, {})}
    assert list(pages) == ["map.md", "chapters/metastatic/map.md", "chapters/bonehealth/map.md"]
    across = pages["map.md"](page_url="map/")
    assert 'Each chapter\'s own map: <a href="../chapters/metastatic/map/">Chapter 21: Bone metastases</a>' in across
    assert across.count('class="recmap-cell"') == len(map_cells(release))
    own = pages["chapters/bonehealth/map.md"](page_url="chapters/bonehealth/map/")
    assert own.startswith("# Recommendation map: Chapter 22: Bone health\n")
    assert 'data-situation="bone-metastases"' not in own and 'data-situation="osteoporosis"' in own
    assert map_pages(release, {})[0][0] == "map.md" and len(map_pages(release, {})) == 1  # one chapter: one map


def test_a_chapter_without_a_map_needs_no_placements_and_is_named(release):
    """Only chapters with map.yaml must place all their recommendations; the map across chapters says how
    many chapters have none yet."""
    from macros.generate import map_pages
    from macros.recmap import check_map

    two = _two_chapters(release, with_second_map=False)
    assert check_map(two) == []
    across = dict((uri, render) for uri, render, _ in map_pages(two, {}))
    assert list(across) == ["map.md", "chapters/metastatic/map.md"]
    assert "1 chapter has no map yet." in across["map.md"](page_url="map/")
