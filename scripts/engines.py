"""The thin engine adapter: build a generated input tree (macros/generate.py) with one site engine.

mkdocs      MkDocs 1.6.x (default), in this process
properdocs  ProperDocs 1.6.7, the maintained MkDocs 1.x fork: `mkdocs.*` imports resolve to it only
            once `properdocs.replacement` is imported before anything imports mkdocs, so where MkDocs
            is already loaded the build runs in a fresh process
zensical    Zensical (requirements-zensical.txt, optional): its own command, `zensical build`; it
            writes into the `site/` folder beside the configuration (no -d option), moved into place

All builds are strict: any warning aborts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2

from scripts.shards import Shard, rendering_only

ENGINES = ("mkdocs", "properdocs", "zensical")
REPO = Path(__file__).resolve().parent.parent


class EngineError(RuntimeError):
    """The engine failed or is not installed; the message says which and what to run."""


def _mkdocs_is_properdocs() -> bool:
    return "properdocs" in sys.modules and sys.modules.get("mkdocs") is sys.modules["properdocs"]


class PrintedUndefined(jinja2.Undefined):
    """Printing an undefined name from this project's templates (overrides/) fails the build: a
    misspelt `{{ config.extra.relase_id }}` would otherwise print nothing on every page.

    Testing one stays allowed (`{% if page.meta.hide %}`). Material's own templates print undefined
    names on purpose (`{{ hidden }}`, `{{ page.title }}` on its 404 page) and keep Jinja's default.
    """

    __slots__ = ()
    custom_dir = REPO / "overrides"  # the theme's custom_dir, set per build by strict_theme

    def __str__(self) -> str:
        frame = sys._getframe(1)
        while frame is not None and not frame.f_code.co_filename.endswith(".html"):
            frame = frame.f_back
        if frame is not None and Path(frame.f_code.co_filename).resolve().is_relative_to(self.custom_dir):
            self._fail_with_undefined_error()
        return ""


def strict_theme(config) -> None:
    """The theme's Jinja environment of a loaded MkDocs/ProperDocs config prints no undefined name from
    overrides/: set here by the adapter (the engine's API), not by a hook. Zensical's templates are
    MiniJinja and are not covered."""
    make_env = config.theme.get_env

    def get_env():
        env = make_env()
        PrintedUndefined.custom_dir = Path(config.theme.custom_dir).resolve()
        env.undefined = PrintedUndefined
        return env

    config.theme.get_env = get_env


def _build_mkdocs_api(config_file: Path, site_dir: Path, engine: str, shard: Shard | None = None) -> None:
    """MkDocs' (or, once replaced, ProperDocs') own build, as `mkdocs build --strict -f -d` does it,
    with the project's templates strict (strict_theme). Refuses to build with the other engine than
    the one asked for, so a comparison of the two can never compare MkDocs with itself."""
    if (engine == "properdocs") != _mkdocs_is_properdocs():
        loaded = "ProperDocs" if _mkdocs_is_properdocs() else "MkDocs"
        raise EngineError(f"asked to build with {engine}, but `mkdocs` imports resolve to {loaded} in this process")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    strict_theme(config)
    if shard is None:
        build(config)
        return
    with rendering_only(shard, site_dir):
        build(config, dirty=True)


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise EngineError(f"{what} failed (exit {result.returncode}):\n{(result.stderr or result.stdout)[-4000:]}")


def can_shard(engine: str) -> bool:
    """Whether `engine` builds a shard of a release's pages here (scripts/shards.py): MkDocs in this process."""
    return engine == "mkdocs" and not _mkdocs_is_properdocs()


def build(engine: str, config_file: Path, site_dir: Path, shard: Shard | None = None) -> None:
    """Build `config_file` (a generated tree) into `site_dir` with `engine`; raise on any failure.
    With `shard`, only that shard's pages (ValueError where can_shard(engine) is false)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if shard is not None and not can_shard(engine):
        raise ValueError(f"{engine} does not build shards here; build the release whole")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if shard is not None:
        _build_mkdocs_api(config_file, site_dir, engine, shard)
    elif engine == "mkdocs":
        if _mkdocs_is_properdocs():
            _run([sys.executable, "-m", "scripts.engines", engine, str(config_file), str(site_dir)], "MkDocs")
        else:
            _build_mkdocs_api(config_file, site_dir, engine)
    elif engine == "properdocs":
        if _mkdocs_is_properdocs() or "mkdocs" not in sys.modules:
            try:
                import properdocs.replacement  # noqa: F401  (before anything imports mkdocs)
            except ImportError as error:
                raise EngineError("ProperDocs is not installed: make installs requirements.txt") from error
            _build_mkdocs_api(config_file, site_dir, engine)
        else:  # MkDocs itself is loaded here: a fresh process, where ProperDocs comes first
            _run([sys.executable, "-m", "scripts.engines", engine, str(config_file), str(site_dir)], "ProperDocs")
    else:
        _build_zensical(config_file, site_dir)


def _build_zensical(config_file: Path, site_dir: Path) -> None:
    """`zensical build --strict`: output in `site/` beside the configuration, then moved to `site_dir`."""
    command = next(
        (
            found
            for found in (
                shutil.which("zensical", path=str(Path(sys.executable).parent)),
                shutil.which("zensical", path=str(REPO / ".venv-zensical" / "bin")),  # make check-zensical's
                shutil.which("zensical"),
            )
            if found
        ),
        None,
    )
    if not command:
        raise EngineError("Zensical is not installed: `make check-zensical` installs requirements-zensical.txt")
    built = config_file.parent / "site"
    shutil.rmtree(built, ignore_errors=True)
    _run([command, "build", "--strict", "--clean", "-f", str(config_file)], "Zensical")
    if built.resolve() != site_dir.resolve():
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(site_dir))


if __name__ == "__main__":  # python -m scripts.engines ENGINE CONFIG SITE_DIR (a fresh process)
    engine_name, config, site = sys.argv[1:4]
    if engine_name == "properdocs":
        import properdocs.replacement  # noqa: F401
    build(engine_name, Path(config), Path(site))
