"""The project's theme templates (overrides/) fail the build on an undefined name instead of printing nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from scripts.sitebuild import build_release
from tests.conftest import FIXTURES, REPO


def _project_copy(tmp_path: Path, template_edit: tuple[str, str] | None) -> Path:
    """mkdocs.yml and overrides/ copied (docs/, macros/, guideline_data/ linked), overrides/main.html edited."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    for linked in ("docs", "macros", "guideline_data"):
        (root / linked).symlink_to(REPO / linked)
    if template_edit:
        main = root / "overrides" / "main.html"
        text = main.read_text(encoding="utf-8")
        assert template_edit[0] in text
        main.write_text(text.replace(template_edit[0], template_edit[1]), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "misspelt",
    [
        ("config.extra.release_id", "config.extra.relase_id"),  # a missing key: printed "(release )" before
        ("{{ config.site_name }}", "{{ site_nmae }}"),  # a missing top-level name
    ],
)
def test_a_misspelt_name_in_overrides_fails_the_build(tmp_path, misspelt):
    root = _project_copy(tmp_path, misspelt)
    with pytest.raises(jinja2.UndefinedError, match=misspelt[1].strip("{} ").split(".")[-1]):
        build_release("2030.1", tmp_path / "site", FIXTURES / "minimal", config_file=root / "mkdocs.yml")


def test_the_same_copy_unedited_builds(tmp_path):
    """The control: the copied project builds, so the failure above is the misspelling's."""
    root = _project_copy(tmp_path, None)
    build_release("2030.1", tmp_path / "site", FIXTURES / "minimal", config_file=root / "mkdocs.yml")
    assert "release 2030.1" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
