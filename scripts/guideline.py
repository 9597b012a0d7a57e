"""The editors' command line: validate, qa, export, build.

python -m scripts.guideline validate      # every release; exit 1 on any error
python -m scripts.guideline qa [RELEASE]  # the QA report as Markdown
python -m scripts.guideline export RELEASE [--out FILE]
python -m scripts.guideline build [--out site] [--drafts]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros import qa
from macros.export import release_json
from macros.load import DATA_ROOT, load_all
from macros.problems import GuidelineDataError
from macros.site import select_release


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guideline", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_ROOT, help="the guideline_data folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every release; list errors and warnings")
    report = commands.add_parser("qa", help="print the QA report of a release")
    report.add_argument("release", nargs="?", default="latest")
    export = commands.add_parser("export", help="write a release as JSON")
    export.add_argument("release", nargs="?", default="latest")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    site = commands.add_parser("build", help="build the static site of every published release")
    site.add_argument("--out", type=Path, default=Path("site"))
    site.add_argument("--drafts", action="store_true", help="also build draft releases")
    return parser


def _validate(data: Path) -> int:
    releases = load_all(data)
    for release in releases:
        warnings = qa.plausibility_exceptions(release) + qa.outside_vocabulary(release)
        print(f"{release.id}: valid ({len(release.topics)} topics); {len(warnings)} warning(s)")
        for warning in warnings:
            print(f"  warning: {warning}")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "validate":
            return _validate(arguments.data)
        if arguments.command == "build":
            from scripts.sitebuild import build_site

            built = build_site(arguments.out, arguments.data, arguments.drafts)
            print(f"built {', '.join(built)} into {arguments.out}/")
            return 0
        release = select_release(load_all(arguments.data), arguments.release)
        if arguments.command == "qa":
            print(qa.report_markdown(release))
        elif arguments.out:
            arguments.out.write_text(release_json(release), encoding="utf-8")
        else:
            sys.stdout.write(release_json(release))
        return 0
    except GuidelineDataError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(error.problems)} error(s); nothing was written", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
