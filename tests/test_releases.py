"""Releases: comparison by stable id, links that never break, immutability, editor commands, the versioned site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from macros.compare import compare, comparison_text, word_diff
from macros.history import history
from macros.load import load_all
from macros.problems import GuidelineDataError
from scripts import guideline
from scripts.sitebuild import build_site
from tests.conftest import FIXTURES

RELEASES = FIXTURES / "releases"


@pytest.fixture
def releases_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(RELEASES, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return Path("data")


def _by_id(root: Path):
    return {release.id: release for release in load_all(root)}


def test_real_rewordings_and_additions_of_2019_are_found():
    """2016.1 -> 2019.1 as recorded in earlier-releases.md: two rewordings, new items, nothing regraded."""
    releases = _by_id(RELEASES)
    assert comparison_text(compare(releases["2016.1"], releases["2019.1"])) == (
        "Changes from 2016.1 to 2019.1\n"
        "  added     bp-resorption-markers: Use of bone resorption marker for therapy monitoring "
        "(LoE 5, GR D, AGO -), in topic bisphosphonates-mbc\n"
        "  added     bp-pain-control-alone: Bisphosphonates used alone for pain control (LoE 5, GR D, AGO -), "
        "in topic bisphosphonates-mbc\n"
        "  added     dmab-resorption-markers: Use of bone resorption markers for therapy monitoring "
        "(LoE 5, GR D, AGO -), in topic denosumab-mbc\n"
        "  added     dmab-pain-control-alone: Denosumab alone for pain control (LoE 5, GR D, AGO -), "
        "in topic denosumab-mbc\n"
        "  added     zol-q12w: Zoledronic acid every 12 weeks (LoE 1b, GR B, AGO +), in topic dosing-interval\n"
        "  reworded  bp-beyond-progression: Treatment beyond {+osseous+} progression [-of bone met's-] "
        "(LoE 5, GR D, AGO ++)\n"
        "  reworded  dmab-progression-on-bp: Progression [-under-] {+while on+} bisphosphonates (LoE 4, GR C, AGO +/-)\n"
        "  changed   topic 'dosing-interval' (new)\n"
    )


def test_every_kind_of_change_is_reported_with_its_direction():
    """The synthetic 2020.1 exercises regrades both ways, retirements, a declared rewording, a move, a retitle."""
    releases = _by_id(RELEASES)
    assert comparison_text(compare(releases["2019.1"], releases["2020.1"])) == (
        "Changes from 2019.1 to 2020.1\n"
        "  added     dmab-q12w: Denosumab every 12 weeks (LoE 1b, GR B, AGO +/-), in topic dosing-interval\n"
        "  retired   bp-resorption-markers: Use of bone resorption marker for therapy monitoring (LoE 5, GR D, AGO -), "
        "last in release 2019.1; successor bp-therapy-monitoring; why: Reworded with a new id (synthetic fixture).\n"
        "  retired   dmab-pain-control-alone: Denosumab alone for pain control (LoE 5, GR D, AGO -), last in release "
        "2019.1; why: Merged into the general statement on pain control (synthetic fixture).\n"
        "  regraded  bp-skeletal-events: Reduction of skeletal events (complications) "
        "(LoE 1a -> 1b (downgraded), GR A, AGO ++)\n"
        "  regraded  bp-bone-pain: Reduction of bone pain (LoE 1a, GR A, AGO ++ -> + (downgraded))\n"
        "  regraded  bp-therapy-monitoring: Use of bone resorption marker for therapy monitoring "
        "(LoE 5, GR D, AGO - -> -- (downgraded))\n"
        "  regraded  dmab-progression-on-bp: Progression while on bisphosphonates (LoE 4, GR C, AGO +/- -> + (upgraded))\n"
        "  reworded  bp-therapy-monitoring (was bp-resorption-markers): Use of bone resorption marker for therapy "
        "monitoring (LoE 5, GR D, AGO - -> -- (downgraded))\n"
        "  moved     bp-pain-control-alone: Bisphosphonates used alone for pain control (LoE 5, GR D, AGO -), "
        "topic bisphosphonates-mbc -> denosumab-mbc\n"
        "  retitled  dosing-interval: 'Longer-Interval vs Standard Dosing of Zoledronic Acid' -> "
        "'Longer-Interval vs Standard Dosing of Bone-Targeted Agents'\n"
    )


def test_every_diff_line_about_a_recommendation_shows_its_words_and_three_grades(capsys):
    """`diff` text: added, retired, regraded, reworded and moved lines each carry the words and all three grades,
    labelled as the site labels them (LoE, GR, AGO), so an editor sees what changed without opening the data."""
    releases = _by_id(RELEASES)
    comparison = compare(releases["2019.1"], releases["2020.1"])
    assert guideline.main(["--data", str(RELEASES), "diff", "2019.1", "2020.1"]) == 0
    output = capsys.readouterr().out
    assert output == comparison_text(comparison)
    assert "LOE" not in output
    by_kind: dict[str, list[str]] = {}
    for line in output.splitlines()[1:]:
        kind, rest = line.split(None, 1)
        by_kind.setdefault(kind, []).append(rest)
    assert set(by_kind) == {"added", "retired", "regraded", "reworded", "moved", "retitled"}
    words = {entry.id: entry.new_text or entry.old_text for entry in comparison.entries}
    for kind in ("added", "retired", "regraded", "reworded", "moved"):
        for rest in by_kind[kind]:
            recommendation_id = rest.split(":", 1)[0].split(" (was ")[0]
            grades = re.search(r"\((LoE [^,]+, GR [^,]+, AGO .+?)\)(?:,|;|$)", rest)
            assert grades, f"{kind} line without its three grades: {rest}"
            if kind != "reworded":  # a rewording prints its word diff instead of the words
                assert f": {words[recommendation_id]} (" in rest, rest
    (added,) = by_kind["added"]
    assert added == "dmab-q12w: Denosumab every 12 weeks (LoE 1b, GR B, AGO +/-), in topic dosing-interval"


def test_the_markdown_comparison_shows_a_moved_recommendations_words_and_grades(capsys):
    """`diff --format markdown` (and the site's What changed page): a move says what moved and its grades too."""
    assert guideline.main(["--data", str(RELEASES), "diff", "2019.1", "2020.1", "--format", "markdown"]) == 0
    output = capsys.readouterr().out
    assert (
        "## Moved to another topic\n\n- `bp-pain-control-alone`: Bisphosphonates used alone for pain control "
        "(LoE 5, GR D, AGO -), bisphosphonates-mbc → denosumab-mbc\n"
    ) in output


def test_history_follows_a_declared_rewording_back_to_the_old_id():
    """bp-therapy-monitoring (2020.1) replaces bp-resorption-markers (2019.1); 2016.1 has neither."""
    releases = tuple(load_all(RELEASES))
    latest = next(r for r in releases if r.id == "2020.1")
    entries = history(releases, latest, "bp-therapy-monitoring")
    assert [(release_id, entry.id, entry.ago) for release_id, entry in entries] == [
        ("2020.1", "bp-therapy-monitoring", "--"),
        ("2019.1", "bp-resorption-markers", "-"),
    ]


def test_word_diff_marks_removed_and_added_words():
    """Rewordings show exactly which words went and came."""
    assert word_diff("Progression under bisphosphonates", "Progression while on bisphosphonates") == (
        "Progression [-under-] {+while on+} bisphosphonates"
    )


def test_diff_command_prints_json(capsys):
    """`diff --format json` gives the comparison as data."""
    assert guideline.main(["--data", str(RELEASES), "diff", "2019.1", "2020.1", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["added"] == ["dmab-q12w"]
    assert [r["direction"] for r in document["regraded"]] == ["downgraded", "downgraded", "downgraded", "upgraded"]


def test_an_id_dropped_without_retirement_is_an_error(releases_copy):
    """Published links never break silently: a vanished id must be retired with a reason."""
    metadata = releases_copy / "2020.1/release.yaml"
    text = metadata.read_text(encoding="utf-8")
    start = text.index("  - {id: dmab-pain-control-alone")
    metadata.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    shutil.copy(RELEASES / "published.lock.json", releases_copy / "published.lock.json")
    lock = json.loads((releases_copy / "published.lock.json").read_text(encoding="utf-8"))
    del lock["2020.1"]
    (releases_copy / "published.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    with pytest.raises(GuidelineDataError) as raised:
        load_all(releases_copy)
    assert [str(p) for p in raised.value.problems] == [
        "data/2020.1/release.yaml:1:1: release '2020.1' field 'retired': id 'dmab-pain-control-alone' of release "
        "2019.1 is missing; keep it, or retire it under `retired:` with a reason and, where there is one, a successor"
    ]


def test_retiring_an_id_no_earlier_release_carried_is_an_error(releases_copy):
    """`retired:` names ids published before; a typo or a placeholder id ('?') is an error, not a silent entry."""
    assert guideline.main(["--data", str(releases_copy), "new-release", "2021.1", "--from", "2020.1"]) == 0
    metadata = releases_copy / "2021.1/release.yaml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + 'retired:\n  - {id: "?", reason: "No such item."}\n', encoding="utf-8"
    )
    with pytest.raises(GuidelineDataError) as raised:
        load_all(releases_copy)
    assert [str(p) for p in raised.value.problems] == [
        f"data/2021.1/release.yaml:{len(metadata.read_text(encoding='utf-8').splitlines())}:5: release '2021.1' "
        "field 'retired': id '?' is no recommendation id of an earlier release; `retired:` lists only ids an earlier "
        "release carried: correct the id, or remove the entry"
    ]


def test_changing_a_published_release_is_refused_with_the_erratum_route(releases_copy):
    """Published data is locked; the error says to record an erratum instead."""
    topic = releases_copy / "2019.1/osteooncology/topics/03-dosing-interval.yaml"
    topic.write_text(topic.read_text(encoding="utf-8") + 'short_title: "Dosing interval"\n', encoding="utf-8")
    with pytest.raises(GuidelineDataError) as raised:
        load_all(releases_copy)
    (message,) = [str(p) for p in raised.value.problems]
    assert message.startswith("data/2019.1/release.yaml:1:1: release '2019.1': is published and its data changed")
    assert "record an erratum under `errata:` in release.yaml" in message


def test_an_erratum_is_allowed_on_a_locked_release_and_shown(releases_copy, tmp_path):
    """Errata do not change the locked data and appear on the recommendation they concern."""
    metadata = releases_copy / "2019.1/release.yaml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + 'errata:\n  - {date: "2020-02-01", recommendation: '
        'bp-bone-pain, text: "The printed slide omits the footnote (fixture erratum)."}\n',
        encoding="utf-8",
    )
    assert "2019.1" in {release.id for release in load_all(releases_copy)}
    build_site(tmp_path / "site", releases_copy)
    page = (tmp_path / "site/2019.1/r/bp-bone-pain/index.html").read_text(encoding="utf-8")
    assert "Erratum (2020-02-01)" in page and "omits the footnote" in page


def test_new_release_makes_a_draft_copy_and_publish_locks_it(releases_copy, capsys):
    """Editors start the next release from the last one; drafts are never built as latest."""
    assert guideline.main(["--data", str(releases_copy), "new-release", "2021.1", "--from", "2020.1"]) == 0
    releases = _by_id(releases_copy)
    assert releases["2021.1"].metadata.status == "draft"
    assert releases["2021.1"].metadata.retired == ()
    assert guideline.main(["--data", str(releases_copy), "publish", "2021.1"]) == 0
    lock = json.loads((releases_copy / "published.lock.json").read_text(encoding="utf-8"))
    assert set(lock) == {"2016.1", "2019.1", "2020.1", "2021.1"}


def _tree_bytes(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_publishing_a_published_release_again_says_so_and_changes_nothing(releases_copy, capsys):
    """A second `publish` is no second publication: it says the release is already published and locked, exit 0,
    every file byte-identical; it never claims to have written a lock."""
    assert guideline.main(["--data", str(releases_copy), "new-release", "2021.1", "--from", "2020.1"]) == 0
    assert guideline.main(["--data", str(releases_copy), "publish", "2021.1"]) == 0
    assert "lock" in capsys.readouterr().out
    before = _tree_bytes(releases_copy)
    for release_id in ("2021.1", "2019.1"):  # just published, and published long ago
        assert guideline.main(["--data", str(releases_copy), "publish", release_id]) == 0
        output = capsys.readouterr().out
        assert output.startswith(f"{release_id} is already published and locked (lock "), output
        assert "nothing was changed" in output and "written" not in output
        assert _tree_bytes(releases_copy) == before


def test_publishing_a_published_release_whose_data_changed_fails_and_says_what_to_do(releases_copy, capsys):
    """Published data edited after publishing: `publish` does not relock it; it names the release, the lock
    file and the folder, says what is wrong and what to run, exits 1 and changes nothing."""
    topic = releases_copy / "2019.1/osteooncology/topics/03-dosing-interval.yaml"
    topic.write_text(topic.read_text(encoding="utf-8") + 'short_title: "Dosing interval"\n', encoding="utf-8")
    before = _tree_bytes(releases_copy)
    assert guideline.main(["--data", str(releases_copy), "publish", "2019.1"]) == 1
    captured = capsys.readouterr()
    assert "written" not in captured.out
    assert captured.err.startswith(
        "error: 2019.1 is already published and locked in data/published.lock.json, but its data no longer matches "
        "the lock: data/2019.1/ was edited after publishing"
    )
    assert "`git diff -- data/2019.1` shows it" in captured.err
    assert "erratum under `errata:` in data/2019.1/release.yaml" in captured.err
    assert "`python -m scripts.guideline new-release NEXT --from 2019.1`" in captured.err
    assert "data/2019.1/release.yaml:1:1: release '2019.1': is published and its data changed" in captured.err
    assert _tree_bytes(releases_copy) == before


def test_drafts_build_only_on_request_with_a_banner_and_never_as_latest(releases_copy, tmp_path):
    """A draft is left out by default; with --drafts it carries a draft banner and latest stays published."""
    assert guideline.main(["--data", str(releases_copy), "new-release", "2021.1", "--from", "2020.1"]) == 0
    assert build_site(tmp_path / "plain", releases_copy) == ["2016.1", "2019.1", "2020.1"]
    assert build_site(tmp_path / "drafts", releases_copy, include_drafts=True) == [
        "2016.1",
        "2019.1",
        "2020.1",
        "2021.1",
    ]
    assert "Draft, not published." in (tmp_path / "drafts/2021.1/index.html").read_text(encoding="utf-8")
    versions = json.loads((tmp_path / "drafts/versions.json").read_text(encoding="utf-8"))
    assert versions[1] == {"version": "2020.1", "title": "2020.1", "aliases": ["latest"]}
    assert versions[0] == {"version": "2021.1", "title": "2021.1 (draft)", "aliases": []}
    assert "Fixture release 2020.1" in (tmp_path / "drafts/latest/index.html").read_text(encoding="utf-8")


def test_real_release_is_locked(release):
    """2024.1E is published and the lock holds its hash; the lock holds every published release, no other."""
    from macros.load import DATA_ROOT
    from macros.releases import canonical_hash, read_lock

    lock = read_lock(DATA_ROOT)
    assert lock["2024.1E"] == canonical_hash(release)
    assert set(lock) == {r.id for r in load_all(DATA_ROOT) if r.metadata.status == "published"}


@pytest.fixture(scope="module")
def versioned_site(releases_site):
    return releases_site


def test_every_published_id_resolves_in_latest(versioned_site):
    """/latest/r/<id>/ exists for every id ever published; retired ones forward or explain."""
    for release_dir in ("2016.1", "2019.1", "2020.1"):
        for page in (versioned_site / release_dir / "r").iterdir():
            assert (versioned_site / "latest/r" / page.name / "index.html").exists(), page.name


@pytest.mark.browser
def test_selector_banner_and_redirect_in_the_browser(browser, versioned_site, serve):
    """The version selector lists releases, old releases say so, retired ids forward to their successor."""
    base = serve(versioned_site)
    page = browser.new_page()
    page.goto(f"{base}/2019.1/r/bp-bone-pain/")
    assert "Not the current release." in page.inner_text(".outdated-banner")
    page.click(".outdated-banner a")
    page.wait_for_url(f"{base}/latest/r/bp-bone-pain/")
    page.wait_for_selector(".md-version__current")
    versions = page.eval_on_selector_all(".md-version__link", "links => links.map(l => l.textContent.trim())")
    assert versions[:3] == ["2020.1", "2019.1", "2016.1"]
    page.hover(".md-version")
    page.locator(".md-version__link", has_text="2016.1").click()
    page.wait_for_url(f"{base}/2016.1/**")
    page.goto(f"{base}/latest/r/bp-resorption-markers/")
    page.wait_for_url(f"{base}/latest/r/bp-therapy-monitoring/")
    page.goto(f"{base}/")
    page.wait_for_url(f"{base}/latest/")
    page.close()


def _without_grades(release, item_id: str):
    """The release with one item's three grades gone, as a source that prints its line without them."""
    from dataclasses import replace

    from macros.model import RecommendationsBlock

    def items(found):
        return tuple(
            replace(i, children=items(i.children), **({"loe": None, "gr": None, "ago": None} if i.id == item_id else {}))
            for i in found
        )

    def topics(chapter):
        return tuple(
            replace(t, blocks=tuple(replace(b, items=items(b.items)) if isinstance(b, RecommendationsBlock) else b for b in t.blocks))
            for t in chapter.topics
        )

    return replace(release, chapters=tuple(replace(chapter, topics=topics(chapter)) for chapter in release.chapters))


def test_a_recommendation_printed_without_grades_keeps_its_permalink():
    """An id graded in 2019.1 and printed without any grade in 2020.1 has a page at r/<id>/ that says so,
    where it stands now and links its last graded version (it had none: a 404 for every citation)."""
    from macros.generate import generated_pages
    from macros.index import recommendations_by_id

    releases = load_all(FIXTURES / "releases")
    by_id = {r.id: r for r in releases}
    old, new = by_id["2019.1"], by_id["2020.1"]
    item_id = next(i for i in recommendations_by_id(new) if i in recommendations_by_id(old))
    stripped = _without_grades(new, item_id)
    chain = tuple(stripped if r is new else r for r in releases if r.id <= new.id)
    generated = dict(generated_pages(stripped, chain))
    page = generated[f"r/{item_id}.md"]
    before = recommendations_by_id(old)[item_id]
    assert f"# No longer graded: `{item_id}`" in page
    assert "without any grade" in page and "release 2019.1" in page
    assert f"LoE {before.loe}, GR {before.gr}, AGO {before.ago}" in page
    assert 'href="../../../2019.1/r/' + item_id + '/"' in page
    unchanged = dict(generated_pages(new, tuple(r for r in releases if r.id <= new.id)))
    assert "No longer graded" not in unchanged[f"r/{item_id}.md"]  # graded still: its usual page
