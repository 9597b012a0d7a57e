"""Release order: one key for release ids (macros/releaseorder.py), never their text."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from macros.load import release_folders
from macros.releaseorder import in_order, is_earlier, latest_published, previous_published, release_key
from macros.site import select_release

REPO = Path(__file__).resolve().parent.parent


def _release(release_id: str, status: str = "published") -> SimpleNamespace:
    return SimpleNamespace(id=release_id, metadata=SimpleNamespace(status=status))


def test_2025_9_comes_before_2025_10():
    """Numbers in a release id compare as numbers: 2025.9 < 2025.10 (as text it is the other way round)."""
    assert is_earlier("2025.9", "2025.10")
    assert not is_earlier("2025.10", "2025.9")
    assert release_key("2025.9") < release_key("2025.10")


def test_ids_sort_by_year_then_number_then_suffix():
    """Years first, then the number, an edition letter after the plain number."""
    assert in_order(["2025.10", "2024.1E", "2025.9", "2016.1", "2024.1", "2025.1"]) == [
        "2016.1", "2024.1", "2024.1E", "2025.1", "2025.9", "2025.10",
    ]  # fmt: skip


def test_release_folders_come_in_release_order(tmp_path: Path):
    """The loader hands out release folders by release order, so 2025.10 is loaded after 2025.9."""
    for name in ("2025.10", "2025.9", "2024.1E"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "release.yaml").write_text("id: x\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()  # no release.yaml: not a release
    assert [path.name for path in release_folders(tmp_path)] == ["2024.1E", "2025.9", "2025.10"]


def test_previous_published_release_skips_drafts_and_uses_release_order():
    """The previous published release of 2025.10 is 2025.9, whatever order the releases are given in."""
    releases = (_release("2025.10", "draft"), _release("2025.9"), _release("2025.2"), _release("2025.3", "draft"))
    assert previous_published(releases, releases[0]).id == "2025.9"
    assert previous_published(releases, releases[2]) is None


def test_latest_means_the_newest_published_release_by_release_order():
    """`latest` is 2025.10 over 2025.9, never a draft."""
    releases = (_release("2025.10"), _release("2025.9"), _release("2025.11", "draft"))
    assert latest_published(releases).id == "2025.10"
    assert select_release(releases, "latest").id == "2025.10"


def test_no_module_compares_release_ids_as_text():
    """Outside macros/releaseorder.py no code orders ids with < or <= on their text."""
    pattern = re.compile(r"\.id\s*(<=?|>=?)\s*[\w.]|(<=?|>=?)\s*\w+\.id\b")
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in ("macros", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path.name != "releaseorder.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_latest_and_previous_are_asked_of_releaseorder_only():
    """No module takes the last of its own list of published or earlier releases as the latest or previous one."""
    pattern = re.compile(r"\b(published|earlier)\w*\[-1\]")
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in ("macros", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path.name != "releaseorder.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []
