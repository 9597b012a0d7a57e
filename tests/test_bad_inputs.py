"""A corpus of broken data: each case pins the exact report (file:line:column, item, field, message).

A case is a folder under fixtures/bad/ whose files replace those of the minimal fixture release;
`case.txt` says what is wrong (first line) and may list `delete: <path>` lines. `expected.txt`
is the report. Set UPDATE_EXPECTED=1 to rewrite reports after a deliberate change, then review them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from macros.load import load_all
from macros.problems import GuidelineDataError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(path for path in (FIXTURES / "bad").iterdir() if path.is_dir())


def _prepare(case: Path, work: Path) -> Path:
    data = work / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    for path in case.rglob("*"):
        if path.is_file() and path.name not in ("case.txt", "expected.txt"):
            target = data / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    for line in (case / "case.txt").read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("delete: "):
            (data / line.removeprefix("delete: ")).unlink()
    return data


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_exactly(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Loading fails with the project's own error, naming where and what, never a traceback."""
    _prepare(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GuidelineDataError) as raised:
        load_all(Path("data"))
    report = "\n".join(str(problem) for problem in raised.value.problems) + "\n"
    expected = case / "expected.txt"
    if os.environ.get("UPDATE_EXPECTED"):
        expected.write_text(report, encoding="utf-8")
    assert report == expected.read_text(encoding="utf-8")


def test_corpus_has_at_least_forty_cases():
    """The corpus stays broad enough to be worth trusting."""
    assert len(CASES) >= 40


def test_minimal_fixture_itself_is_valid():
    """The base every case breaks is valid, so each failure comes from the case alone."""
    assert [release.id for release in load_all(FIXTURES / "minimal")] == ["2030.1"]


def test_an_editors_lock_or_backup_file_beside_the_topics_is_not_data(tmp_path: Path):
    """Emacs' lock (a dangling link `.#name.yaml`) and macOS's `._name.yaml` are hidden files, never topics."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    topics = data / "2030.1/fixture/topics"
    first = sorted(topics.glob("*.yaml"))[0]
    (topics / f".#{first.name}").symlink_to("editor@host.1234:1700000000")
    (topics / f"._{first.name}").write_bytes(b"\x00\x05\x16\x07 resource fork")
    assert [release.id for release in load_all(data)] == ["2030.1"]
