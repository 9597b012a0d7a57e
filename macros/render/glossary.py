"""Abbreviations: a glossary page and the definitions appended to every page (pymdownx abbr)."""

from __future__ import annotations

from ..model import Release
from .escape import html_text


def abbreviation_definitions(release: Release) -> str:
    """Markdown abbreviation definitions; expansions are plain text on one line."""
    return "\n".join(f"*[{entry.abbr}]: {' '.join(entry.expansion.split())}" for entry in release.abbreviations)


def glossary(release: Release) -> str:
    rows = "".join(
        f'<tr id="abbr-{html_text(entry.abbr.lower())}"><th scope="row">{html_text(entry.abbr)}</th>\n'
        f"<td>{html_text(entry.expansion)}</td>\n"
        f"<td>{'spelled out in the source, line ' + ', '.join(map(str, entry.source_lines)) if entry.source_lines else 'editorial'}</td></tr>\n"
        for entry in sorted(release.abbreviations, key=lambda entry: entry.abbr.lower())
    )
    return (
        '<table class="glossary"><thead><tr><th scope="col">Abbreviation</th>\n<th scope="col">Meaning</th>\n'
        f'<th scope="col">Where the expansion comes from</th></tr></thead>\n<tbody>{rows}</tbody></table>\n'
    )
