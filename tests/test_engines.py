"""One generator, any engine: the generated input tree, no hooks, and ProperDocs building the same site."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from macros.generate import SNAPSHOT, Options, generated_pages, search_index_in_page_order, write_tree
from macros.load import DATA_ROOT, load_all
from macros.wiring import define_env
from scripts import engines
from tests.conftest import FIXTURES, REPO

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
# Events of MkDocs hooks/plugins and of mkdocs-macros that would tie the project to one engine.
ENGINE_EVENTS = {
    "on_startup", "on_shutdown", "on_config", "on_pre_build", "on_files", "on_nav", "on_env", "on_post_build",
    "on_build_error", "on_pre_template", "on_template_context", "on_post_template", "on_pre_page",
    "on_page_read_source", "on_page_markdown", "on_page_content", "on_page_context", "on_post_page",
    "on_serve", "on_pre_page_macros", "on_post_page_macros", "on_post_build_macros",
}  # fmt: skip


def _by_id(releases: tuple, release_id: str):
    """A fixture release chosen by id, never by being the latest."""
    return next(release for release in releases if release.id == release_id)


def _tree(tmp_path: Path, data: Path = FIXTURES / "minimal") -> tuple[Path, tuple]:
    releases = load_all(data)
    release = _by_id(releases, "2030.1")
    config, _ = write_tree(tmp_path / "work", data.resolve(), release, releases, Options(latest=release.id))
    return config, releases


def test_no_engine_configuration_has_hooks_and_no_code_defines_an_engine_event(tmp_path):
    """mkdocs.yml and every generated configuration are plain; no module of ours implements an engine
    event (Zensical calls none of them), so every page must come from the generator."""
    config, _ = _tree(tmp_path)
    for path in (REPO / "mkdocs.yml", config):
        assert "hooks" not in yaml.safe_load(path.read_text(encoding="utf-8")), path
    for path in sorted([*(REPO / "macros").rglob("*.py"), *(REPO / "scripts").rglob("*.py")]):
        functions = {node.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.FunctionDef)}
        assert not functions & ENGINE_EVENTS, f"{path.relative_to(REPO)} defines {sorted(functions & ENGINE_EVENTS)}"


def test_generated_pages_are_a_pure_function_and_the_tree_is_rewritten_only_where_text_changes(tmp_path):
    """Same data, same pages; a second write touches no file; a file no longer generated is removed."""
    releases = load_all(FIXTURES / "minimal")
    release = _by_id(releases, "2030.1")
    assert generated_pages(release, releases) == generated_pages(release, releases)
    uris = [uri for uri, _ in generated_pages(release, releases)]
    assert len(uris) == len(set(uris))
    work = tmp_path / "work"
    options = Options(latest=release.id)
    config, written = write_tree(work, (FIXTURES / "minimal").resolve(), release, releases, options)
    assert written > 0
    stale = work / "docs" / "r" / "gone.md"
    stale.write_text("old", encoding="utf-8")
    stamps = {path: path.stat().st_mtime_ns for path in work.rglob("*") if path.is_file() and path != stale}
    _, again = write_tree(work, (FIXTURES / "minimal").resolve(), release, releases, options)
    assert again == 0
    assert not stale.exists()
    assert stamps == {path: path.stat().st_mtime_ns for path in work.rglob("*") if path.is_file()}
    for uri in uris:
        assert (work / "docs" / uri).is_file()
    written_config = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert written_config["extra"]["release_id"] == release.id
    assert any("pymdownx.snippets" in entry for entry in written_config["markdown_extensions"] if isinstance(entry, dict))


def test_macros_load_from_a_plain_mapping_as_zensical_gives_it(tmp_path):
    """Zensical hands define_env a dict with root_dir (no config_file_path) and no page: the macros
    still come from the generator's snapshot."""
    config, _ = _tree(tmp_path)
    env = SimpleNamespace(conf={"root_dir": str(config.parent)}, variables={}, macros={}, page=None)
    env.macro = lambda function, name: env.macros.__setitem__(name, function)
    define_env(env)
    assert env.variables["release_id"] == "2030.1"
    assert "<table" in env.macros["all_recommendations_table"]()
    assert "example-output" in env.macros["python_example"]("read_the_json.py")
    with pytest.raises(KeyError, match="root_dir"):
        define_env(SimpleNamespace(conf={}, variables={}, macro=env.macro, page=None))


def test_the_engine_process_does_not_load_the_data_again(tmp_path, monkeypatch):
    """The build reads the generated tree only: loading or validating any YAML during it fails."""
    config, _ = _tree(tmp_path)
    assert (config.parent / SNAPSHOT).is_file()

    def forbidden(*args, **kwargs):
        raise AssertionError("the engine process loaded the data again")

    for name in ("load_all", "load_release", "build_file", "load_grading"):
        monkeypatch.setattr(f"macros.load.{name}", forbidden)
    engines.build("mkdocs", config, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()


def test_abbreviations_reach_generated_and_hand_written_pages(built_site, release):
    """pymdownx.snippets appends the abbreviation definitions to every page (no macros hook): each
    abbreviation of the data is explained where it appears, on generated and hand-written pages."""
    site = built_site / "2024.1E"
    explained = set()
    for kind in ("topics", "r"):
        for page in (site / kind).glob("*/index.html"):
            explained |= set(re.findall(r"<abbr title=\"[^\"]+\">([^<]+)</abbr>", page.read_text(encoding="utf-8")))
    assert explained and explained <= {entry.abbr for entry in release.abbreviations}
    assert "<abbr title=" in (site / "recommendations" / "index.html").read_text(encoding="utf-8")


def test_properdocs_builds_the_same_site_as_mkdocs_file_for_file(built_site, tmp_path):
    """ProperDocs 1.6.7 (in a fresh process, where it replaces mkdocs) builds the generated trees into
    the same files as MkDocs, byte for byte apart from the generator meta tag."""
    out = tmp_path / "properdocs-site"
    command = [
        sys.executable, "-m", "scripts.guideline", "--data", str(DATA_ROOT), "build", "--engine", "properdocs",
        "--out", str(out), "--no-cache", "--cache-dir", str(tmp_path / "cache" / "releases"),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    ours = sorted(path.relative_to(built_site) for path in built_site.rglob("*") if path.is_file())
    theirs = sorted(path.relative_to(out) for path in out.rglob("*") if path.is_file())
    assert theirs == ours
    # That ProperDocs built it is proven by the engine guard: a build refuses the engine it was not asked for.
    differing = [
        path
        for path in ours
        if GENERATOR_TAG.sub(b"", (built_site / path).read_bytes()) != GENERATOR_TAG.sub(b"", (out / path).read_bytes())
    ]
    assert differing == []


def test_the_search_index_lists_hand_written_pages_then_generated_pages_in_generation_order():
    """Search ranks ties by index order: it must not depend on how an engine sorts files on disk."""
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": ""},
            {"location": "r/b/"},
            {"location": "r/a/#x"},
            {"location": "grades/"},
            {"location": "r/a/"},
            {"location": "topics/t/"},
        ],
    }
    ordered = search_index_in_page_order(index, ["topics/t.md", "r/a.md", "r/b.md"])
    assert [entry["location"] for entry in ordered["docs"]] == ["", "grades/", "topics/t/", "r/a/#x", "r/a/", "r/b/"]
    assert ordered["config"] == index["config"]
    offline = {"docs": [{"location": "index.html"}, {"location": "r/b.html"}, {"location": "r/a.html#x"}]}
    ordered = search_index_in_page_order(offline, ["r/a.md", "r/b.md"])
    assert [entry["location"] for entry in ordered["docs"]] == ["index.html", "r/a.html#x", "r/b.html"]


@pytest.mark.parametrize("edit", [None, ("config.extra.release_id", "config.extra.relase_id")])
def test_a_misspelt_name_in_the_projects_templates_fails_the_mkdocs_build(tmp_path, edit):
    """The adapter makes the theme's Jinja strict for overrides/ (no hook): a misspelt name fails,
    the unedited tree builds."""
    import jinja2

    config, _ = _tree(tmp_path)
    if edit:
        main = config.parent / "overrides" / "main.html"
        main.write_text(main.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
        with pytest.raises(jinja2.UndefinedError, match="relase_id"):
            engines.build("mkdocs", config, tmp_path / "site")
    else:
        engines.build("mkdocs", config, tmp_path / "site")
        assert (tmp_path / "site" / "index.html").is_file()


def test_a_build_refuses_the_engine_it_was_not_asked_for(tmp_path):
    """Here `mkdocs` is MkDocs: a ProperDocs build in this process is refused, never run by MkDocs."""
    from scripts import engines

    with pytest.raises(engines.EngineError, match="asked to build with properdocs"):
        engines._build_mkdocs_api(tmp_path / "mkdocs.yml", tmp_path / "site", "properdocs")


def test_properdocs_replaces_mkdocs_in_a_fresh_process():
    """What the ProperDocs build relies on: after `properdocs.replacement`, `mkdocs` is ProperDocs."""
    check = "import properdocs.replacement, mkdocs; from scripts.engines import _mkdocs_is_properdocs as p; assert p()"
    result = subprocess.run([sys.executable, "-c", check], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
