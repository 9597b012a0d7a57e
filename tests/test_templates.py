"""The project's theme templates (overrides/) fail the build on an undefined name instead of printing nothing.

The adapter (scripts/engines.py, strict_theme) sets this on the theme's Jinja environment: no hook."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from macros.generate import Options, write_tree
from macros.load import load_all
from scripts.sitebuild import build_release
from tests.conftest import FIXTURES


def _generated_tree(tmp_path: Path, template_edit: tuple[str, str] | None) -> Path:
    """The minimal release's generated input tree, its overrides/main.html edited; returns its mkdocs.yml."""
    data = (FIXTURES / "minimal").resolve()
    releases = load_all(data)
    release = next(r for r in releases if r.id == "2030.1")
    config, _ = write_tree(tmp_path / "work", data, release, releases, Options(latest=release.id))
    if template_edit:
        main = config.parent / "overrides" / "main.html"
        text = main.read_text(encoding="utf-8")
        assert template_edit[0] in text
        main.write_text(text.replace(template_edit[0], template_edit[1]), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    "misspelt",
    [
        ("config.extra.release_id", "config.extra.relase_id"),  # a missing key: printed "(release )" before
        ("{{ config.site_name }}", "{{ site_nmae }}"),  # a missing top-level name
    ],
)
def test_a_misspelt_name_in_overrides_fails_the_build(tmp_path, misspelt):
    config = _generated_tree(tmp_path, misspelt)
    with pytest.raises(jinja2.UndefinedError, match=misspelt[1].strip("{} ").split(".")[-1]):
        build_release("2030.1", tmp_path / "site", FIXTURES / "minimal", config_file=config)


def test_the_same_copy_unedited_builds(tmp_path):
    """The control: the generated tree builds, so the failure above is the misspelling's."""
    config = _generated_tree(tmp_path, None)
    build_release("2030.1", tmp_path / "site", FIXTURES / "minimal", config_file=config)
    assert "release 2030.1" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
