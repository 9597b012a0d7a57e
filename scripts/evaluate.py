"""`guideline evaluate`: walk a flow for a case file or for facts given on the command line."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from macros.build import Builder
from macros.flows import Evaluation, EvaluationError, check_case, evaluate
from macros.model import Case, Release
from macros.problems import GuidelineDataError, Problem
from macros.render.pages import find_recommendation, recommendation_title
from macros.yamlsource import read_yaml


def read_case(path: Path) -> Case:
    """A case file, checked like the data: position, id and field in every error."""
    root, problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
    builder = Builder(str(path))
    case = None if problems else builder.model(Case, root, (1, 1), "", "")
    problems += builder.problems
    if problems or case is None:
        raise GuidelineDataError(problems or [Problem(str(path), 1, 1, "", "", "not a case")])
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
            grades = " ".join(f"{name} {getattr(indexed, name.lower()) or '-'}" for name in ("LoE", "GR", "AGO"))
            lines.append(f"     {rec} [{grades}] {recommendation_title(indexed)}")
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
