"""Abbreviations: a glossary page and the definitions appended to every page (pymdownx abbr)."""

from __future__ import annotations

from ..model import Release
from .escape import html_text


def abbreviation_definitions(release: Release) -> str:
    """Markdown abbreviation definitions, appended to every page; expansions are plain text on one line.

    One paragraph each, and each definition once although several chapters list it: Python-Markdown's
    abbr extension takes one definition off a block at a time and hands the rest back to every block
    processor, so definitions on consecutive lines cost the square of their number on every page (26
    chapters' lists made each page take about a second to parse; see scripts/bench.py)."""
    definitions = (f"*[{entry.abbr}]: {' '.join(entry.expansion.split())}" for entry in release.abbreviations)
    return "\n\n".join(dict.fromkeys(definitions))


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


def search_vocabulary(rows: list[dict]) -> str:
    """The clinicians' words search reads as printed terms (macros/vocabulary.release_vocabulary),
    marked editorial and kept out of the search index (a brand name must lead to the recommendations,
    not to this list); '' when the release has none."""
    if not rows:
        return ""
    body = "".join(
        f"<tr><th scope=\"row\">{html_text(row['word'])}</th>\n<td>{html_text(row['kind'])}</td>\n"
        f"<td>{html_text(row['means'])}</td></tr>\n"
        for row in sorted(rows, key=lambda row: (row["kind"], row["word"].casefold()))
    )
    return (
        '<div class="search-vocabulary-list" data-search-exclude>\n'
        '<p class="editorial-note">Editorial vocabulary, not printed in the guideline: search reads each of '
        "these words as the term the guideline prints (case and accents do not matter, one letter may be "
        "wrong from five letters on).</p>\n"
        '<table class="glossary"><thead><tr><th scope="col">Word</th>\n<th scope="col">Kind</th>\n'
        f'<th scope="col">Searched as (printed)</th></tr></thead>\n<tbody>{body}</tbody></table>\n</div>\n'
    )
