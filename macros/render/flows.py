"""Decision flows as Mermaid diagrams and pages; worked examples with their path highlighted.

A diagram shows the structure: each box is numbered as its step and says the node's own short text,
so a flow fits the content column with readable labels. The numbered steps below it carry the
recommendations, each with the slide it comes from and its grades from the data.

Labels are clinical text, so every label goes through `mermaid_label`: Mermaid reads `"`, `#`,
`<`, `>`, `&`, backticks and `%%` (directives) specially, and all of them become Mermaid entity codes. The diagram
text is kept out of the search index; the same content is on the page as a numbered outline.
"""

from __future__ import annotations

import itertools
import json

from .. import urls
from ..conditions import conditions
from ..flows import Evaluation, evaluate, successors
from ..grades import SCALES
from ..index import find_recommendation, recommendation_context, recommendation_title, recommendations_by_id
from ..model import Flow, FlowNode, Release
from .badges import grade_badge
from .conditions import conditions_inline
from .escape import html_text, markdown_text

_MERMAID_SPECIAL = {char: f"#{ord(char)};" for char in '#"<>&`%'}
_SHAPES = {"question": ("{{", "}}"), "action": ("[", "]"), "note": ("([", "])")}


def mermaid_label(text: str) -> str:
    """Text for a quoted Mermaid label: one line, every character Mermaid could read as syntax encoded."""
    return "".join(_MERMAID_SPECIAL.get(char, char) for char in " ".join(text.split()))


def node_label(number: int, node: FlowNode) -> str:
    """A node's label: its step number and its own text; the recommendations are in the numbered step."""
    return mermaid_label(f"{number}. {node.text}")


def mermaid_ids(flow: Flow) -> dict[str, str]:
    """Node ids as Mermaid sees them: n0, n1, ... (data ids such as `end` are Mermaid keywords)."""
    return {node.id: f"n{index}" for index, node in enumerate(flow.nodes)}


def flow_mermaid(release: Release, flow: Flow, evaluation: Evaluation | None = None) -> str:
    """The diagram text of a flow; with an evaluation, its path is highlighted."""
    ids = mermaid_ids(flow)
    lines = ["flowchart TD"]
    for number, node in enumerate(flow.nodes, start=1):
        opening, closing = _SHAPES[node.kind]
        lines.append(f'  {ids[node.id]}{opening}"{node_label(number, node)}"{closing}')
    edges = [(node.id, answer, target) for node in flow.nodes for answer, target in successors(node)]
    for source, answer, target in edges:
        label = f'|"{mermaid_label(answer)}"|' if answer is not None else ""
        lines.append(f"  {ids[source]} -->{label} {ids[target]}")
    for kind in ("question", "action", "note"):
        members = [ids[node.id] for node in flow.nodes if node.kind == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    lines += [
        "  classDef question fill:#eef1fb,stroke:#3f51b5",
        "  classDef action fill:#ffffff,stroke:#3f51b5",
        "  classDef note fill:#f5f5f5,stroke:#9e9e9e",
    ]
    if evaluation is not None:
        on_path = evaluation.path
        taken = set(itertools.pairwise(on_path))
        lines.append(f"  class {','.join(ids[node_id] for node_id in on_path)} onpath")
        lines.append("  classDef onpath fill:#fff3c4,stroke:#b26a00,stroke-width:3px")
        indexes = [str(i) for i, (source, _, target) in enumerate(edges) if (source, target) in taken]
        if indexes:
            lines.append(f"  linkStyle {','.join(indexes)} stroke:#b26a00,stroke-width:3px")
    return "\n".join(lines)


def node_links(flow: Flow, page_url: str, anchors: str = "") -> dict[str, str]:
    """Where each node leads: an action citing one recommendation to its page, every other node to its step."""
    ids = mermaid_ids(flow)
    links = {}
    for node in flow.nodes:
        if len(node.recommendations) == 1:
            links[ids[node.id]] = urls.relative(page_url, urls.recommendation(node.recommendations[0]))
        else:
            links[ids[node.id]] = f"#{anchors}step-{node.id}"
    return links


def diagram_html(
    release: Release, flow: Flow, page_url: str, evaluation: Evaluation | None = None, anchors: str = ""
) -> str:
    """The diagram container: Mermaid source for assets/flows.js to render, out of the search index."""
    links = json.dumps(node_links(flow, page_url, anchors), sort_keys=True)
    label = f"Diagram of the flow {flow.title}" + (" with the case's path highlighted" if evaluation else "")
    return (
        f'<figure class="flow-diagram" data-search-exclude data-nodes="{len(flow.nodes)}" '
        f'data-links="{html_text(links)}" aria-label="{html_text(label)}">\n'
        f'<pre class="flow-source">{html_text(flow_mermaid(release, flow, evaluation))}</pre>\n'
        f"<figcaption>{html_text(label)}. Each box is numbered as its step below, where its recommendations "
        "and their grades are listed.</figcaption>\n"
        "</figure>\n"
    )


def _recommendation_item(release: Release, rec: str, page_url: str) -> str:
    if rec not in recommendations_by_id(release):  # a draft's open decision: the id was retired
        return f"<li>{html_text(rec)}: retired in this draft; decision pending</li>"
    indexed = find_recommendation(release, rec)
    href = html_text(urls.relative(page_url, urls.recommendation(rec)))
    badges = " ".join(
        grade_badge(release.grading, scale, getattr(indexed, scale), page_url) for scale in SCALES
    )
    return (
        f'<li><a href="{href}">{html_text(recommendation_title(indexed))}</a> '
        f'<span class="flow-grades">{badges}</span>{conditions_inline(conditions(release, indexed))} '
        f'<span class="rec-from">{html_text(recommendation_context(indexed))}</span></li>'
    )


def _outline(
    release: Release, flow: Flow, page_url: str, evaluation: Evaluation | None = None, anchors: str = ""
) -> str:
    """Every node as a numbered step: the text version of the diagram, for print and screen readers."""
    number = {node.id: index + 1 for index, node in enumerate(flow.nodes)}
    on_path = set(evaluation.path) if evaluation else set()
    items = []
    for node in flow.nodes:
        ways = []
        for answer, target in successors(node):
            href = html_text(f"#{anchors}step-{target}")
            prefix = f"{html_text(answer)} → " if answer is not None else "then → "
            ways.append(f'{prefix}<a href="{href}">step {number[target]}</a>')
        recs = "".join(_recommendation_item(release, rec, page_url) for rec in node.recommendations)
        mark = ' class="on-path"' if node.id in on_path else ""
        kind = {"question": "Question", "action": "Action", "note": "Note"}[node.kind]
        items.append(
            f'<li id="{html_text(anchors)}step-{html_text(node.id)}"{mark}><strong>{kind}:</strong> {html_text(node.text)}'
            + (f'<ul class="flow-recs">{recs}</ul>' if recs else "")
            + (f'<p class="flow-ways">{"; ".join(ways)}</p>' if ways else '<p class="flow-ways">end of the flow</p>')
            + "</li>"
        )
    return '<ol class="flow-steps">\n' + "\n".join(items) + "\n</ol>\n"


def _reading_aid_notice(release: Release, recs: tuple[str, ...], page_url: str, printed: bool = False) -> str:
    """The notice, with the recommendations the flow is derived from folded away (the steps list them too;
    on paper, where nothing unfolds, it only says so)."""
    listed = "".join(_recommendation_item(release, rec, page_url) for rec in recs)
    derived = (
        f"<p>The flow is derived from the {len(recs)} recommendations listed in its steps.</p>"
        if printed
        else f'<details class="flow-derived" data-search-exclude><summary>The flow is derived from these {len(recs)} recommendations'
        f'</summary><ul class="flow-recs">{listed}</ul></details>'
    )
    return (
        '<div class="admonition info reading-aid"><p class="admonition-title">A reading aid, not a recommendation</p>'
        "<p>The order of the steps and the questions are the editors' reading of the guideline; the source "
        f"prints no flow chart. Each action shows recommendations of release {html_text(release.id)} with their "
        f"text and grades from the data.</p>{derived}</div>\n"
    )


def flow_recommendations(flow: Flow) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rec for node in flow.nodes for rec in node.recommendations))


def flow_page(release: Release, flow_id: str, page_url: str, printed: bool = False) -> str:
    """A flow's page; `printed`: as a section of the print-all page (headings a level down, step ids
    prefixed with the flow's id so that every flow fits on one page)."""
    flow = release.flow(flow_id)
    h1, h2 = ("##", "###") if printed else ("#", "##")
    anchors = f"{flow.id}-" if printed else ""
    cases = [case for case in release.cases if case.flow == flow.id]
    case_links = "".join(
        f'<li><a href="{html_text(urls.relative(page_url, urls.case(case.id)))}">{html_text(case.title)}</a></li>'
        for case in cases
    )
    return "\n".join(
        [
            f"{h1} {markdown_text(flow.title)}\n",
            f'<p class="flow-summary">{html_text(flow.summary)}</p>\n',
            _reading_aid_notice(release, flow_recommendations(flow), page_url, printed),
            diagram_html(release, flow, page_url, anchors=anchors),
            f"{h2} Steps\n",
            _outline(release, flow, page_url, anchors=anchors),
            *([f"{h2} Worked examples\n", f"<ul>{case_links}</ul>\n"] if cases else []),
        ]
    )


def case_page(release: Release, case_id: str, page_url: str, printed: bool = False) -> str:
    """A worked example: the case, the diagram with its path, and the recommendations it reaches, computed now.

    `printed`: as a section of the print-all page, as for `flow_page`."""
    case = release.case(case_id)
    h1, h2 = ("##", "###") if printed else ("#", "##")
    anchors = f"case-{case.id}-" if printed else ""
    flow = release.flow(case.flow)
    evaluation = evaluate(flow, case.facts)
    facts = "".join(
        f'<tr><th scope="row">{html_text(fact.question)}</th>\n<td>{html_text(case.facts[fact.id])}</td></tr>\n'
        for fact in flow.facts
        if fact.id in case.facts
    )
    flow_href = html_text(urls.relative(page_url, urls.flow(flow.id)))
    recs = "".join(_recommendation_item(release, rec, page_url) for rec in evaluation.recommendations)
    return "\n".join(
        [
            f"{h1} {markdown_text(case.title)}\n",
            '<div class="admonition note"><p class="admonition-title">Fictional worked example</p>'
            "<p>An invented patient for teaching; the path and the recommendations below are computed from the "
            f'data when the site is built. Flow: <a href="{flow_href}">{html_text(flow.title)}</a>.</p></div>\n',
            f'<p class="case-vignette">{html_text(case.vignette)}</p>\n',
            '<table class="case-facts"><thead data-search-exclude><tr><th scope="col">Question</th>\n<th scope="col">Answer</th></tr></thead>\n'
            f"<tbody>{facts}</tbody></table>\n",
            f"{h2} Recommendations on this path\n",
            f'<ul class="flow-recs case-recs">{recs}</ul>\n',
            f"{h2} The path\n",
            diagram_html(release, flow, page_url, evaluation, anchors),
            _outline(release, flow, page_url, evaluation, anchors),
        ]
    )


def flows_overview(release: Release, page_url: str) -> str:
    """The index of flows and worked examples, or a plain statement that the release has none."""
    if not release.flows:
        return f"Release {html_text(release.id)} has no decision flows.\n"
    parts = []
    for flow in release.flows:
        href = html_text(urls.relative(page_url, urls.flow(flow.id)))
        parts.append(f'## <a href="{href}">{html_text(flow.title)}</a>\n\n<p>{html_text(flow.summary)}</p>\n')
        cases = [case for case in release.cases if case.flow == flow.id]
        if cases:
            parts.append(
                "<p>Worked examples:</p><ul>"
                + "".join(
                    f'<li><a href="{html_text(urls.relative(page_url, urls.case(case.id)))}">{html_text(case.title)}</a></li>'
                    for case in cases
                )
                + "</ul>\n"
            )
    return "\n".join(parts)
