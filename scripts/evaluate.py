"""`guideline evaluate`: walk a flow for a case file or for facts given on the command line."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from macros.flows import Evaluation, EvaluationError, check_case, evaluate
from macros.grades import grades_text
from macros.index import find_recommendation, recommendation_title
from macros.load import build_file
from macros.model import Case, Release
from macros.problems import GuidelineDataError, Problem


def read_case(path: Path) -> Case:
    """A case file, read and built like the data: position, id and field in every error."""
    problems: list[Problem] = []
    case = build_file(path, Case, problems)
    if problems:
        raise GuidelineDataError(problems)
    return case


def parse_facts(pairs: list[str]) -> dict[str, str]:
    facts = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"facts are given as name=value, not {pair!r}")
        facts[name] = value
    return facts


def path_text(release: Release, evaluation: Evaluation) -> str:
    """The path as numbered lines; actions list their recommendations with the data's grades."""
    lines = [f"flow {evaluation.flow.id} (release {release.id}): {evaluation.flow.title}"]
    for number, step in enumerate(evaluation.steps, 1):
        node = step.node
        answer = f" -> {step.answer}" if step.answer is not None else ""
        lines.append(f"{number}. {node.kind} {node.id}: {node.text}{answer}")
        for rec in node.recommendations:
            indexed = find_recommendation(release, rec)
            lines.append(f"     {rec} [{grades_text(indexed, missing=None, separator=' ')}] {recommendation_title(indexed)}")
    return "\n".join(lines) + "\n"


def run(release: Release, flow_id: str | None, case_file: Path | None, pairs: list[str]) -> int:
    if case_file is not None:
        case = read_case(case_file)
        problems = list(check_case(case, {flow.id: flow for flow in release.flows}))
        with contextlib.suppress(KeyError, EvaluationError):  # check_case has reported why
            sys.stdout.write(path_text(release, evaluate(release.flow(case.flow), case.facts)))
        if problems:
            raise GuidelineDataError(problems)
        print(f"case {case.id}: matches its expected path")
        return 0
    if not flow_id:
        raise ValueError(f"name a flow or give --case; flows: {', '.join(flow.id for flow in release.flows)}")
    sys.stdout.write(path_text(release, evaluate(release.flow(flow_id), parse_facts(pairs))))
    return 0
