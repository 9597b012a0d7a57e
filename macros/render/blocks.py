"""The other kinds of slide content: notes, lists, links, figures, trials, tables, footnotes."""

from __future__ import annotations

from ..model import (
    FigureBlock,
    Footnote,
    LinksBlock,
    ListBlock,
    ListItem,
    NoteBlock,
    TableBlock,
    TrialBlock,
)
from .escape import html_text, markdown_text


def _admonition(kind: str, title: str, body_lines: list[str]) -> str:
    body = "\n".join(f"    {line}" if line else "" for line in body_lines)
    return f'\n!!! {kind} "{title}"\n\n{body}\n'


def note_block(block: NoteBlock) -> str:
    kind, title = (
        ("warning", "Caution printed on the slide")
        if block.kind == "caution"
        else ("note", "Note printed on the slide")
    )
    return _admonition(kind, title, [markdown_text(block.text)])


def _list_lines(items: tuple[ListItem, ...], depth: int = 0) -> list[str]:
    lines = []
    for entry in items:
        lines.append(f"{'    ' * depth}- {markdown_text(entry.text)}")
        lines += _list_lines(entry.children, depth + 1)
    return lines


def list_block(block: ListBlock) -> str:
    heading = f"\n**{markdown_text(block.heading.text)}**\n" if block.heading else ""
    return heading + "\n" + "\n".join(_list_lines(block.items)) + "\n"


def external_link(url: str, label: str) -> str:
    """A link to another site that shows its address once, on screen and on paper: after the label, unless
    the label is the address (print CSS adds none; it had printed 'https://x (https://x)')."""
    link = f'<a class="external-link" href="{html_text(url)}" rel="noopener">{html_text(label)}</a>'
    return link if label.strip() == url.strip() else f'{link} <span class="url">({html_text(url)})</span>'


def links_block(block: LinksBlock) -> str:
    entries = "\n".join(f"- {external_link(link.url, link.label)}" for link in block.links)
    return f"\n**Links given on the slide** (external sites, not part of this edition):\n\n{entries}\n"


def figure_block(block: FigureBlock) -> str:
    lines = ["The slide shows a figure that the text source does not carry; it is not reproduced here."]
    if block.labels:
        lines += ["", "Labels printed in the figure: " + "; ".join(markdown_text(label.text) for label in block.labels)]
    if block.citations:
        lines += ["", "Cited on the slide:", ""] + [f"- {markdown_text(citation.text)}" for citation in block.citations]
    return _admonition("info", "Figure not reproduced", lines)


def _cell(text: str | None) -> str:
    return f'<td markdown="span">{markdown_text(text)}</td>' if text else "<td></td>"


def trial_block(block: TrialBlock, level: int = 2) -> str:
    """A trial summary: population, arms, and one row per endpoint with values as printed.

    `level` is one below the slide's heading: h2 on a topic page, h3 on the print page."""
    name = markdown_text(block.name) + (" <small>(editorial name)</small>" if block.name_is_editorial else "")
    parts = [f"\n{'#' * level} {name} {{ #trial-{block.id} }}\n"]
    if block.population:
        parts.append(f"{markdown_text(block.population)}\n")
    if block.design:
        parts.append(f"{markdown_text(block.design.text)}\n")
    has_stats = any(result.p or result.hr for result in block.results)
    header = "".join(
        f'<th scope="col" markdown="span">{markdown_text(arm.label)}'
        + (f"<br><small>n = {html_text(arm.n)}</small>" if arm.n else "")
        + (f"<br><small>{markdown_text(arm.schedule)}</small>" if arm.schedule else "")
        + "</th>"
        for arm in block.arms
    )
    stats_header = '<th scope="col">Statistics</th>' if has_stats else ""
    rows = []
    for result in block.results:
        endpoint = markdown_text(result.endpoint) + (
            f" ({markdown_text(result.timepoint)})" if result.timepoint else ""
        )
        if not result.values and not result.summary and not has_stats:
            rows.append(
                f'<tr class="result-group" markdown="1"><th colspan="{len(block.arms) + 1}" scope="rowgroup" '
                f'markdown="span">{endpoint}</th></tr>'
            )
            continue
        if result.values:
            cells = "".join(_cell(result.values.get(arm.id)) for arm in block.arms)
        else:
            cells = f'<td colspan="{len(block.arms)}" markdown="span">{markdown_text(result.summary or "")}</td>'
        stats = []
        if result.values and result.summary:
            stats.append(markdown_text(result.summary))
        if result.hr:
            stats.append(f"HR {markdown_text(result.hr)}")
        if result.ci:
            stats.append(f"{markdown_text(result.ci_level or '')} CI {markdown_text(result.ci)}".strip())
        if result.p:
            stats.append(f"p {markdown_text(result.p)}")
        stats_cell = f'<td markdown="span">{"; ".join(stats)}</td>' if has_stats else ""
        rows.append(f'<tr markdown="1"><th scope="row" markdown="span">{endpoint}</th>{cells}{stats_cell}</tr>')
    parts.append(
        f'\n<table class="trial-table" markdown="1">\n<thead markdown="1"><tr markdown="1"><th scope="col">Endpoint</th>'
        f'{header}{stats_header}</tr></thead>\n<tbody markdown="1">\n' + "\n".join(rows) + "\n</tbody>\n</table>\n"
    )
    if block.citation:
        parts.append(f"\nCited on the slide: {markdown_text(block.citation.text)}\n")
    if block.publication:
        publication = block.publication
        ids = "".join(
            f" · {label} {html_text(value)}"
            for label, value in (("DOI", publication.doi), ("PMID", publication.pmid))
            if value
        )
        parts.append(
            f'\n<p class="editorial" markdown="span">Primary publication (editorial addition, not printed on '
            f"the slide): {markdown_text(publication.text)}{ids}</p>\n"
        )
    return "\n".join(parts)


def table_block(block: TableBlock) -> str:
    """A symbol table with its legend; editorial labels are marked as such."""
    header = "".join(
        f'<th scope="col" markdown="span">{markdown_text(column.label)}'
        + (' <small class="editorial">(editorial)</small>' if column.editorial else "")
        + "</th>"
        for column in block.columns
    )
    rows = []
    for row in block.rows:
        cells = []
        for index, column in enumerate(block.columns):
            value = row.cells.get(column.id, "")
            tag, scope = ("th", ' scope="row"') if index == 0 else ("td", "")
            symbol = " symbol" if value in {entry.symbol for entry in block.legend} else ""
            cells.append(f'<{tag}{scope} class="cell{symbol}" markdown="span">{markdown_text(value)}</{tag}>')
        rows.append(f'<tr markdown="1">{"".join(cells)}</tr>')
    legend_title = "Legend (editorial reading; the slide prints no legend)" if block.legend_is_editorial else "Legend"
    legend = "\n".join(f"- `{html_text(entry.symbol)}`: {markdown_text(entry.meaning)}" for entry in block.legend)
    return (
        f'\n<table class="symbol-table" id="table-{html_text(block.id)}" markdown="1">\n<thead markdown="1">'
        f'<tr markdown="1">{header}</tr></thead>\n<tbody markdown="1">\n'
        + "\n".join(rows)
        + f"\n</tbody>\n</table>\n\n**{legend_title}**\n\n{legend}\n"
    )


def footnotes_block(footnotes: tuple[Footnote, ...], anchor: str = "footnotes") -> str:
    """The slide's footnotes; `anchor` is the block's id, one per slide where slides share a page."""
    if not footnotes:
        return ""
    entries = []
    for footnote in footnotes:
        text = markdown_text(footnote.text)
        if footnote.url:
            link = external_link(footnote.url, footnote.url)
            text = text.replace(markdown_text(footnote.url), link)
        entries.append(
            f'<li markdown="span"><span class="footnote-marker">{html_text(footnote.marker)}</span> {text}</li>'
        )
    return (
        f'\n<div class="slide-footnotes" id="{anchor}" markdown="1">\n<p>Footnotes printed on the slide</p>\n<ul markdown="1">\n'
        + "\n".join(entries)
        + "\n</ul>\n</div>\n"
    )
