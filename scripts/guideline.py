"""The editors' command line: validate, qa, export, build.

python -m scripts.guideline validate      # every release; exit 1 on any error
python -m scripts.guideline qa [RELEASE]  # the QA report as Markdown
python -m scripts.guideline export RELEASE [--out FILE] [--format json|fhir]
python -m scripts.guideline build [--out site] [--drafts] [--no-cache] [--site-url https://host/path/]
                                  [--engine mkdocs|properdocs|zensical]
python -m scripts.guideline generate [RELEASE] [--out DIR]  # the engine's input tree only; prints its mkdocs.yml
python -m scripts.guideline evaluate FLOW fact=value ...  |  evaluate --case FILE
python -m scripts.guideline bundle RELEASE [--out dist]   # zip: site, JSON and PDF for offline use
python -m scripts.guideline serve [--port 8000] [--site-url URL]  # the deployable site, rebuilt on edits
python -m scripts.guideline import-chapter RELEASE CHAPTER SOURCE.txt  # draft a chapter from its slide text
                                  [--title T] [--number N] [--position P]  (also: add-chapter)
python -m scripts.guideline remove-chapter RELEASE CHAPTER       # its recommendations retired as open decisions
python -m scripts.guideline reorder-chapters RELEASE CHAPTER ...  # the chapters' reading order
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from macros import qa
from macros.api import recommendations
from macros.compare import compare, comparison_document, comparison_text
from macros.decisions import open_decisions, under_review
from macros.export import release_json
from macros.fhir_export import fhir_json
from macros.load import DATA_ROOT, load_all
from macros.problems import GuidelineDataError
from macros.recmap import unsettled_placements
from macros.releaseorder import latest_published
from macros.render.changes import comparison_markdown
from macros.site import select_release
from scripts import editing
from scripts.engines import ENGINES, EngineError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guideline", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_ROOT, help="the guideline_data folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every release; list errors and warnings")
    report = commands.add_parser("qa", help="print the QA report of a release")
    report.add_argument("release", nargs="?", default="latest")
    export = commands.add_parser("export", help="write a release as JSON (or as a FHIR R5 Bundle)")
    export.add_argument("release", nargs="?", default="latest")
    export.add_argument("--format", choices=("json", "fhir"), default="json", help="fhir: data/fhir-bundle.json")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    diff = commands.add_parser("diff", help="compare two releases by stable id")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    new = commands.add_parser("new-release", help="start a draft release as a copy of another")
    new.add_argument("release")
    new.add_argument("--from", dest="source_release", required=True)
    new.add_argument("--source", type=Path, help="the committee's new source text of one chapter: realign it")
    new.add_argument("--chapter", help="the chapter the new source is for (needed where the release has several)")
    update = commands.add_parser("update-source", help="realign a draft to a new or corrected source text")
    update.add_argument("release")
    update.add_argument("source", type=Path)
    update.add_argument("--chapter", help="the chapter the source is for (needed where the release has several)")
    draft = commands.add_parser(
        "import-chapter", aliases=["add-chapter"], help="draft a chapter from its verbatim slide text into a draft release"
    )
    draft.add_argument("release")
    draft.add_argument("chapter", help="the chapter's id, e.g. osteooncology")
    draft.add_argument("source", type=Path, help="the chapter's verbatim slide text")
    draft.add_argument("--title", help="the chapter's title (default: its id in words; the source prints none)")
    draft.add_argument("--language", default="en")
    draft.add_argument("--number", help="the chapter's number as this edition prints it")
    draft.add_argument("--position", type=int, help="its place in the reading order, 1 = first (default: last)")
    remove = commands.add_parser("remove-chapter", help="remove a chapter from a draft; its recommendations are retired")
    remove.add_argument("release")
    remove.add_argument("chapter")
    order = commands.add_parser("reorder-chapters", help="put a draft's chapters in a new reading order")
    order.add_argument("release")
    order.add_argument("chapters", nargs="+", help="every chapter id once, in the new order")
    publish = commands.add_parser("publish", help="validate, mark published and lock a release")
    publish.add_argument("release")
    walk = commands.add_parser("evaluate", help="walk a decision flow for a case; print the path")
    walk.add_argument("flow", nargs="?", help="flow id (not needed with --case)")
    walk.add_argument("facts", nargs="*", help="facts as name=value")
    walk.add_argument("--case", type=Path, help="a case file (YAML), checked against its expected path")
    walk.add_argument("--release", default="latest")
    pack = commands.add_parser("bundle", help="zip one release for offline use: its site, JSON and a PDF")
    pack.add_argument("release", nargs="?", default="latest")
    pack.add_argument("--out", type=Path, default=Path("dist"))
    pack.add_argument("--site-url", default="", help="the public address, for the citations (as for build)")
    site = commands.add_parser("build", help="build the static site of every published release")
    site.add_argument("--out", type=Path, default=Path("site"))
    site.add_argument("--drafts", action="store_true", help="also build draft releases")
    site.add_argument("--no-cache", action="store_true", help="build every release, none from the cache")
    site.add_argument("--cache-dir", type=Path, default=None, help="the build cache (default .cache/releases)")
    site.add_argument(
        "--site-url",
        default="",
        help="the public address the folder is deployed at (https://host/path/): canonical links, "
        "sitemaps (the version selector keeps the page), citations",
    )
    site.add_argument(
        "--engine", choices=ENGINES, default="mkdocs", help="the site engine that builds the generated trees"
    )
    tree = commands.add_parser("generate", help="write one release's engine input tree (pages, exports, mkdocs.yml)")
    tree.add_argument("release", nargs="?", default="latest")
    tree.add_argument("--out", type=Path, default=None, help="the folder (default .cache/work/<release>)")
    local = commands.add_parser("serve", help="build the deployable site and serve it, rebuilding on every edit")
    local.add_argument("--out", type=Path, default=Path("site"))
    local.add_argument("--port", type=int, default=8000)
    local.add_argument("--site-url", default="", help="as for build")
    local.add_argument("--drafts", action="store_true", help="also build draft releases")
    return parser


def _chapter_lines(release, decisions) -> list[str]:
    """validate's report per chapter: slides, graded recommendations, open decisions in its folder."""
    graded: dict[str, int] = {}
    for indexed in recommendations(release):
        chapter_id = release.chapter_of(indexed.topic).id
        graded[chapter_id] = graded.get(chapter_id, 0) + 1
    lines = []
    for chapter in release.chapters:
        folder = f"/{release.id}/{chapter.id}/"
        open_here = sum(1 for decision in decisions if folder in f"/{decision.file}")
        lines.append(
            f"  chapter {chapter.id} ({chapter.label}): {len(chapter.topics)} slide(s), {graded.get(chapter.id, 0)} "
            f"graded recommendation(s), {open_here} open decision(s)"
        )
    return lines


def _validate(data: Path) -> int:
    releases = load_all(data)
    for release in releases:
        warnings = qa.printed_version_mismatch(release) + qa.plausibility_exceptions(release)
        warnings += qa.outside_vocabulary(release)
        decisions = open_decisions(releases, release)
        placements = unsettled_placements(release)  # the editorial map: settled before publishing too
        print(
            f"{release.id}: valid ({len(release.topics)} topics); {len(warnings)} warning(s)"
            + (f"; {len(decisions)} open decision(s) before it can be published" if decisions else "")
            + (f"; {len(placements)} map placement(s) to settle in map.yaml before publishing" if placements else "")
        )
        for line in _chapter_lines(release, decisions):
            print(line)
        for decision in decisions:
            print(f"  decision: {decision}")
        for placement in placements:
            print(f"  map: {placement}")
        for warning in warnings:
            print(f"  warning: {warning}")
    return 0


def _diff(data: Path, old: str, new: str, output: str) -> int:
    releases = load_all(data)
    comparison = compare(select_release(releases, old), select_release(releases, new))
    if output == "json":
        print(json.dumps(comparison_document(comparison), indent=1, ensure_ascii=False))
    elif output == "markdown":
        print(comparison_markdown(comparison, lambda recommendation_id, release=None: f"`{recommendation_id}`"))
    else:
        newer = select_release(releases, new)
        sys.stdout.write(comparison_text(comparison, under_review(newer)))
        decisions = open_decisions(releases, newer) if newer.metadata.status == "draft" else []
        if decisions:  # e.g. a line whose grades were not read: the data kept them, so the diff shows no change
            print(f"  ({newer.id} is a draft with {len(decisions)} open decision(s): `validate` lists them)")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if getattr(arguments, "engine", "") == "properdocs" and "mkdocs" not in sys.modules:
        import properdocs.replacement  # noqa: F401  (mkdocs.* imports now resolve to ProperDocs)
    try:
        if arguments.command == "validate":
            return _validate(arguments.data)
        if arguments.command == "build":
            from mkdocs.exceptions import MkDocsException

            from scripts import buildcache
            from scripts.sitebuild import BuildInterrupted, build_site

            handler = logging.StreamHandler()
            handler.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(handler)
            try:
                built = build_site(
                    arguments.out,
                    arguments.data,
                    arguments.drafts,
                    use_cache=not arguments.no_cache,
                    cache_root=arguments.cache_dir or buildcache.CACHE_ROOT,
                    site_url=arguments.site_url,
                    engine=arguments.engine,
                )
            except (MkDocsException, EngineError) as error:
                print(f"error: the site build failed, {arguments.out}/ is unchanged: {error}", file=sys.stderr)
                return 1
            except BuildInterrupted as stopped:
                print(f"error: {stopped}; {arguments.out}/ is unchanged", file=sys.stderr)
                return 128 + stopped.signum
            print(f"built {', '.join(built)} into {arguments.out}/")
            return 0
        if arguments.command == "generate":
            from macros.generate import Options, write_tree

            releases = load_all(arguments.data)
            release = select_release(releases, arguments.release)
            newest = latest_published(releases)
            if arguments.out is None:
                from scripts.sitebuild import generate_release

                config_file = generate_release(release.id, arguments.data, newest.id if newest else "", "", False, releases)
            else:
                options = Options(latest=newest.id if newest else release.id)
                config_file, _ = write_tree(arguments.out.resolve(), arguments.data.resolve(), release, releases, options)
            print(config_file)
            return 0
        if arguments.command == "serve":
            from scripts.serve import serve

            serve(arguments.out, arguments.data, port=arguments.port, site_url=arguments.site_url, drafts=arguments.drafts)
            return 0
        if arguments.command == "bundle":
            from scripts.bundle import bundle

            logging.getLogger("mkdocs").addHandler(logging.StreamHandler())
            print(f"wrote {bundle(arguments.release, arguments.out, arguments.data, arguments.site_url)}")
            return 0
        if arguments.command == "diff":
            return _diff(arguments.data, arguments.old, arguments.new, arguments.format)
        if arguments.command == "new-release":
            return editing.new_release(arguments.data, arguments.release, arguments.source_release, arguments.source, arguments.chapter)
        if arguments.command == "update-source":
            return editing.update_source(arguments.data, arguments.release, arguments.source, arguments.chapter)
        if arguments.command in ("import-chapter", "add-chapter"):
            from macros.ingest.importing import import_chapter

            report = import_chapter(
                arguments.data, arguments.release, arguments.chapter, arguments.source, arguments.title,
                arguments.language, arguments.number, arguments.position,
            )
            print(
                f"drafted chapter {report.chapter} of {report.release} into {report.folder}: {report.topics} slide(s), "
                f"{report.recommendations} graded recommendation(s), {len(report.decisions)} decision(s) "
                f"(REVIEW.md, decisions.yaml) in {report.seconds:.1f} s; the draft validates"
            )
            for decision in report.decisions:
                print(f"decision: line {decision.line}: {decision.item}: {decision.decision}")
            return 0
        if arguments.command == "remove-chapter":
            return editing.remove_chapter(arguments.data, arguments.release, arguments.chapter)
        if arguments.command == "reorder-chapters":
            return editing.reorder_chapters(arguments.data, arguments.release, arguments.chapters)
        if arguments.command == "publish":
            return editing.publish(arguments.data, arguments.release)
        release = select_release(load_all(arguments.data), arguments.release)
        if arguments.command == "evaluate":
            from scripts.evaluate import run

            return run(release, arguments.flow, arguments.case, arguments.facts)
        if arguments.command == "qa":
            print(qa.report_markdown(release))
        else:
            text = (
                fhir_json(release, load_all(arguments.data)) if arguments.format == "fhir" else release_json(release)
            )
            if arguments.out:
                arguments.out.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
        return 0
    except GuidelineDataError as error:
        files = sorted({problem.file for problem in error.problems})
        for file in files:  # grouped by the file that holds them, in file and line order
            group = [problem for problem in error.problems if problem.file == file]
            if len(files) > 1:
                print(f"{file}: {len(group)} problem(s)", file=sys.stderr)
            for problem in group:
                print(f"error: {problem}", file=sys.stderr)
        reads_only = arguments.command in ("validate", "diff", "qa", "evaluate")  # they write nothing anyway
        print(
            f"{len(error.problems)} error(s)"
            + ("; fix them, then run `validate` again" if reads_only else "; nothing was written"),
            file=sys.stderr,
        )
        return 1
    except (ValueError, KeyError, RuntimeError) as error:
        print(f"error: {error.args[0] if error.args else error}", file=sys.stderr)
        return 1


class _DropWhenClosed:
    """Standard output that drops what a closed pipe can no longer take (`... | head`).

    Without it the first print after the reader has gone raises BrokenPipeError in the middle of a
    command, and `new-release --source` would remove the draft it had just realigned.
    """

    def __init__(self, stream) -> None:
        self._stream, self._closed = stream, False

    def write(self, text: str) -> int:
        if not self._closed:
            try:
                self._stream.write(text)
                self._stream.flush()
            except BrokenPipeError:
                self._closed = True
        return len(text)

    def flush(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._closed = True

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


if __name__ == "__main__":
    sys.stdout = _DropWhenClosed(sys.stdout)
    status = main()
    if sys.stdout._closed:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # the interpreter's last flush must not fail either
    sys.exit(status)
