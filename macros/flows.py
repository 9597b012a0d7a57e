"""Decision flows: check their structure against the data, and walk them for a case.

A flow is an editorial reading aid. It may only point at recommendations by id, so what a reader
sees at an action node is always the data's own text and grades, never a retyped copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .index import graded_recommendations
from .model import Case, Flow, FlowNode, Release, Where
from .problems import Problem

NODE_KINDS = ("question", "action", "note")


class EvaluationError(ValueError):
    """A case cannot be walked through a flow: a fact is missing, undeclared or has a value not allowed."""

    def __init__(self, message: str, node: str = "", fact: str = "") -> None:
        super().__init__(message)
        self.node = node
        self.fact = fact


@dataclass(frozen=True)
class Step:
    """One node on a path, with the answer that led on from it (questions only)."""

    node: FlowNode
    answer: str | None = None


@dataclass(frozen=True)
class Evaluation:
    flow: Flow
    steps: tuple[Step, ...]

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(step.node.id for step in self.steps)

    @property
    def recommendations(self) -> tuple[str, ...]:
        """Every recommendation the path's actions cite, in path order, each once."""
        return tuple(dict.fromkeys(rec for step in self.steps for rec in step.node.recommendations))


def successors(node: FlowNode) -> list[tuple[str | None, str]]:
    """(answer, next node id) for every way on from a node; the answer is None for actions and notes."""
    if node.kind == "question":
        return list(node.answers.items())
    return [(None, node.next)] if node.next else []


def check_facts(flow: Flow, facts: Mapping[str, str]) -> None:
    """Refuse facts the flow does not declare and values it does not allow, before walking."""
    declared = {fact.id: fact for fact in flow.facts}
    for name, value in facts.items():
        if name not in declared:
            raise EvaluationError(
                f"flow '{flow.id}' declares no fact '{name}'; declared: {', '.join(declared) or 'none'}", fact=name
            )
        if value not in declared[name].values:
            raise EvaluationError(
                f"fact '{name}' = {value!r} is not allowed; allowed: {', '.join(declared[name].values)}", fact=name
            )


def evaluate(flow: Flow, facts: Mapping[str, str]) -> Evaluation:
    """The path a case takes through a flow and the recommendations it reaches."""
    check_facts(flow, facts)
    steps: list[Step] = []
    node_id: str | None = flow.start
    while node_id is not None:
        if any(step.node.id == node_id for step in steps):
            raise EvaluationError(f"flow '{flow.id}' returns to node '{node_id}'", node=node_id)
        node = flow.node(node_id)
        if node.kind != "question":
            steps.append(Step(node))
            node_id = node.next
            continue
        fact = flow.fact(node.fact or "")
        if fact.id not in facts:
            raise EvaluationError(
                f"node '{node.id}' asks {fact.question!r} (fact '{fact.id}'), which the case does not give; "
                f"allowed: {', '.join(fact.values)}",
                node=node.id,
                fact=fact.id,
            )
        steps.append(Step(node, facts[fact.id]))
        node_id = node.answers[facts[fact.id]]
    return Evaluation(flow, tuple(steps))


def _problem(at: Where, item: str, field_name: str, message: str) -> Problem:
    parts = field_name.split(".") if field_name else []
    key = next((part for part in reversed(parts) if part in at.value_positions), "")
    line, column = at.of(key)
    return Problem(at.file, line, column, item, field_name, message)


def _check_node(flow: Flow, node: FlowNode, node_ids: set[str], known: set[str]) -> Iterator[Problem]:
    item = f"flow '{flow.id}' node '{node.id}'"
    if node.kind not in NODE_KINDS:
        yield _problem(node.at, item, "kind", f"{node.kind!r} is not a node kind; allowed: {', '.join(NODE_KINDS)}")
        return
    if node.kind == "question":
        yield from _check_question(flow, node, item)
    else:
        for name in ("fact", "answers"):
            if getattr(node, name):
                yield _problem(node.at, item, name, f"only questions have '{name}'; this node is a {node.kind}")
    if node.kind == "action" and not node.recommendations:
        yield _problem(node.at, item, "recommendations", "an action must cite at least one recommendation id")
    if node.kind != "action" and node.recommendations:
        yield _problem(node.at, item, "recommendations", f"only actions cite recommendations; this is a {node.kind}")
    for rec in node.recommendations:
        if rec not in known:
            yield _problem(node.at, item, "recommendations", f"'{rec}' is not a graded recommendation of this release")
    if node.kind == "question" and node.next:
        yield _problem(node.at, item, "next", "a question goes on by its answers, not by 'next'")
    for _, target in successors(node):
        if target not in node_ids:
            yield _problem(node.at, item, "answers" if node.kind == "question" else "next", f"'{target}' is no node")
    if not successors(node) and node.kind != "action":
        yield _problem(
            node.at, item, "next", f"a dead end: this {node.kind} leads nowhere; a path must end at an action"
        )


def _check_question(flow: Flow, node: FlowNode, item: str) -> Iterator[Problem]:
    declared = {fact.id: fact for fact in flow.facts}
    if node.fact not in declared:
        allowed = ", ".join(declared) or "none"
        yield _problem(node.at, item, "fact", f"{node.fact!r} is not a declared fact; declared: {allowed}")
        return
    values = declared[node.fact].values
    for answer in node.answers:
        if answer not in values:
            yield _problem(
                node.at,
                item,
                "answers",
                f"{answer!r} is not a value of fact '{node.fact}'; allowed: {', '.join(values)}",
            )
    missing = [value for value in values if value not in node.answers]
    if missing:
        yield _problem(node.at, item, "answers", f"no answer for {', '.join(map(repr, missing))} of fact '{node.fact}'")


def _cycle(flow: Flow) -> list[str]:
    """The first cycle found by depth-first search from the start, as node ids; [] if there is none."""
    by_id = {node.id: node for node in flow.nodes}
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node_id: str) -> list[str]:
        state[node_id] = 1
        trail.append(node_id)
        for _, target in successors(by_id[node_id]):
            if target not in by_id:
                continue
            if state.get(target) == 1:
                return [*trail[trail.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        trail.pop()
        state[node_id] = 2
        return []

    return visit(flow.start) if flow.start in by_id else []


def _reachable(flow: Flow) -> set[str]:
    by_id = {node.id: node for node in flow.nodes}
    seen: set[str] = set()
    stack = [flow.start]
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id not in by_id:
            continue
        seen.add(node_id)
        stack += [target for _, target in successors(by_id[node_id])]
    return seen


def _duplicates(ids: list[str]) -> set[str]:
    return {value for value in ids if ids.count(value) > 1}


def check_flow(flow: Flow, known: set[str]) -> Iterator[Problem]:
    """Every id exists, every node is reachable, every condition uses a declared fact, no dead end, no cycle."""
    item = f"flow '{flow.id}'"
    node_ids = [node.id for node in flow.nodes]  # slugs, unique per flow: checks.check_ids
    for duplicate in sorted(_duplicates([fact.id for fact in flow.facts])):
        yield _problem(flow.at, item, "facts", f"fact id '{duplicate}' is used more than once")
    for fact in flow.facts:
        if len(fact.values) < 2 or _duplicates(list(fact.values)):
            yield _problem(fact.at, f"{item} fact '{fact.id}'", "values", "needs two or more different values")
    if flow.start not in node_ids:
        yield _problem(flow.at, item, "start", f"'{flow.start}' is no node; nodes: {', '.join(node_ids)}")
        return
    for node in flow.nodes:
        yield from _check_node(flow, node, set(node_ids), known)
    reachable = _reachable(flow)
    for node in flow.nodes:
        if node.id not in reachable:
            yield _problem(node.at, f"{item} node '{node.id}'", "", f"cannot be reached from the start '{flow.start}'")
    asked = {node.fact for node in flow.nodes if node.kind == "question"}
    for fact in flow.facts:
        if fact.id not in asked:
            yield _problem(fact.at, f"{item} fact '{fact.id}'", "", "is declared but no question asks it")
    cycle = _cycle(flow)
    if cycle:
        yield _problem(flow.at, item, "nodes", f"the flow loops: {' -> '.join(cycle)}; flows must not return")


def check_case(case: Case, flows: Mapping[str, Flow]) -> Iterator[Problem]:
    """Walk the case through its flow; any difference from its expectation names case, node and fact."""
    item = f"case '{case.id}'"
    flow = flows.get(case.flow)
    if flow is None:
        yield _problem(case.at, item, "flow", f"'{case.flow}' is no flow; flows: {', '.join(flows) or 'none'}")
        return
    try:
        evaluation = evaluate(flow, case.facts)
    except EvaluationError as error:
        yield _problem(case.at, item, f"facts.{error.fact}" if error.fact else "facts", str(error))
        return
    expected = case.expected
    if evaluation.path != expected.path:
        yield _problem(expected.at, item, "expected.path", _path_difference(evaluation, expected.path))
    if evaluation.recommendations != expected.recommendations:
        yield _problem(
            expected.at,
            item,
            "expected.recommendations",
            _recommendations_difference(evaluation.recommendations, expected.recommendations),
        )


def _recommendations_difference(reached: tuple[str, ...], expected: tuple[str, ...]) -> str:
    """Only the ids that differ: what the flow reaches beyond the expectation, and what it misses."""
    extra = [i for i in reached if i not in expected]
    missing = [i for i in expected if i not in reached]
    parts = []
    if extra:
        parts.append(f"the flow also reaches {', '.join(extra)}, which the expectation does not list")
    if missing:
        parts.append(f"the expectation lists {', '.join(missing)}, which the flow does not reach")
    if not parts:
        parts.append(f"the same ids in another order; the flow reaches them as {', '.join(reached)}")
    return "; ".join(parts)


def _path_difference(evaluation: Evaluation, expected: tuple[str, ...]) -> str:
    actual = evaluation.path
    index = next(
        (i for i, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b), min(len(actual), len(expected))
    )
    if index == 0:
        return f"the flow starts at '{actual[0]}', the expectation at '{expected[0] if expected else 'nothing'}'"
    step = evaluation.steps[index - 1]
    because = f" because fact '{step.node.fact}' = {step.answer!r}" if step.answer is not None else ""
    went = f"goes on to '{actual[index]}'" if index < len(actual) else "ends there"
    wanted = f"'{expected[index]}'" if index < len(expected) else "the end"
    return f"after node '{step.node.id}' the flow {went}{because}; the expectation says {wanted}"


def check_flows(release: Release) -> list[Problem]:
    """Every flow and case; in a draft, citing an id the draft retires is an open decision, not an error
    (macros/decisions.py lists it; `publish` refuses until it is settled)."""
    known = {indexed.id for indexed in graded_recommendations(release)}
    if release.metadata.status == "draft":
        known |= {entry.id for entry in release.metadata.retired}
        known |= {entry.id for entry in release.metadata.grade_removals}  # still cited: an open decision
    problems: list[Problem] = []  # ids (slugs, unique) are checked with all the others in checks.check_ids
    for flow in release.flows:
        problems += check_flow(flow, known)
    if problems:
        return problems
    flows = {flow.id: flow for flow in release.flows}
    for case in release.cases:
        problems += check_case(case, flows)
    return problems
