"""Wiring only: the macros the hand-written pages in docs/ call. Pages pass ids, never data.

Pages generated from the data (topics, recommendations, sources, flows, cases, print) are written
as files by macros/generate.py, which also leaves next to the engine configuration the snapshot
these macros read: the engine process never loads or validates the data again. Abbreviations reach
every page through pymdownx.snippets (auto_append), not through a macros hook.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from .examples import example_html
from .render import flows, pages
from .render.glossary import glossary


def config_folder(conf: Mapping) -> Path:
    """The folder of the engine configuration: MkDocs and ProperDocs give `config_file_path`, Zensical
    a plain dict with `root_dir`. KeyError names both when neither is there."""
    if conf.get("config_file_path"):
        return Path(conf["config_file_path"]).resolve().parent
    if conf.get("root_dir"):
        return Path(conf["root_dir"]).resolve()
    raise KeyError("the engine configuration has neither config_file_path nor root_dir: cannot find the snapshot")


@cache
def _snapshot(folder: Path, stamp: tuple[int, int]):
    from .generate import load_snapshot

    return load_snapshot(folder)


def snapshot_for(conf: Mapping):
    """The generator's snapshot next to the configuration (read once per version of the file)."""
    from .generate import SNAPSHOT

    folder = config_folder(conf)
    stat = (folder / SNAPSHOT).stat()
    return _snapshot(folder, (stat.st_mtime_ns, stat.st_size))


def define_env(env) -> None:
    """mkdocs-macros' entry point; Zensical calls it once per page with a plain-dict `env.conf`."""
    data = snapshot_for(env.conf)
    release, changes = data.release, data.changes
    env.variables["release_id"] = release.id
    env.variables["release_title"] = release.metadata.title
    env.variables["release_has_cases"] = bool(release.cases)
    env.variables["release_has_flows"] = bool(release.flows)
    env.variables["release_has_changes"] = changes is not None
    env.variables["release_has_map"] = release.recommendation_map is not None

    def page_url() -> str:
        page = getattr(env, "page", None)
        return (page.url if page else "") or ""

    env.macro(lambda: pages.release_overview(release, page_url()), "release_overview")
    env.macro(lambda: pages.grading_definitions(release), "grading_definitions")
    env.macro(lambda: pages.all_recommendations_table(release, page_url(), data.tags), "all_recommendations_table")
    env.macro(lambda: glossary(release), "glossary")
    env.macro(lambda: flows.flows_overview(release, page_url()), "flows_overview")
    env.macro(lambda: pages.release_changes(changes, page_url(), release), "release_changes")
    env.macro(lambda name: example_html(name, page_url(), data.example_output(name)), "python_example")
