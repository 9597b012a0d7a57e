"""The 'What changed' page: a comparison of two releases (macros/compare.py) as Markdown."""

from __future__ import annotations

from .. import urls
from ..compare import Comparison, Entry, diff_sides
from ..grades import LABELS, SCALES, changes_text
from ..index import recommendation_context, recommendations_by_id
from ..model import Release
from .escape import html_text, markdown_text


def release_changes(comparison: Comparison | None, page_url: str, release: Release | None = None) -> str:
    """The 'what changed' page body, or a plain statement for a first release.

    With the release shown, each recommendation's id is followed by the slide it stands on."""
    if comparison is None:
        return "This is the first release in this edition; there is no earlier release to compare with.\n"
    known = recommendations_by_id(release) if release is not None else {}

    def link(recommendation_id: str, release_id: str | None = None) -> str:
        target = urls.recommendation(recommendation_id)
        retired = bool(release_id and release_id != comparison.new)
        if retired:  # a retired one: the last release that had it
            target = urls.in_release(release_id, target)
        href = html_text(urls.relative(page_url, target))
        indexed = None if retired else known.get(recommendation_id)
        where = f' <span class="rec-where">({html_text(recommendation_context(indexed))})</span>' if indexed else ""
        return f'<a href="{href}">{html_text(recommendation_id)}</a>{where}'

    data_href = html_text(urls.relative(page_url, urls.CHANGES_JSON))
    return f'The same comparison as data: <a href="{data_href}">{urls.CHANGES_JSON}</a>.\n\n' + comparison_markdown(
        comparison, link, _unindexed_grades, _by_chapter(release) if release is not None else None
    )


def _by_chapter(release: Release):
    """Recommendation id -> (rank, heading) of its chapter in `release`, for a release of several chapters
    (None for one: its page stays as it was); ids it no longer carries come last, under one heading."""
    if len(release.chapters) < 2:
        return None
    known = recommendations_by_id(release)
    ranks = {chapter.id: rank for rank, chapter in enumerate(release.chapters)}

    def group(recommendation_id: str) -> tuple[int, str]:
        indexed = known.get(recommendation_id)
        if indexed is None:
            return len(ranks), "No longer in this release"
        chapter = release.chapter_of(indexed.topic)
        return ranks[chapter.id], chapter.label

    return group


def _unindexed_grades(summary: str) -> str:
    """Grades kept out of the search index: search cuts snippets inside `+/-` (see badges.py)."""
    return f'<span class="change-grades" data-search-exclude>({html_text(summary)})</span>'



def comparison_markdown(comparison: Comparison, link, grades=lambda summary: f"({summary})", group=None) -> str:
    """The 'what changed' page body. `link(id, release)` gives the link to a recommendation's page in a release,
    `grades(summary)` the markup around a grades summary (the site keeps it out of the search index);
    `group(id)`, where given, the (rank, heading) of its chapter: each list is then grouped by chapter."""
    def section(title: str, rows: list[str], ids: list[str] | None = None) -> list[str]:
        if group is None or ids is None or not rows:
            return [f"## {title}", "", *(rows or ["None."]), ""]
        keyed = [(group(identifier), row) for identifier, row in zip(ids, rows, strict=True)]
        out = [f"## {title}", ""]
        for key in sorted({key for key, _ in keyed}):
            out += [f"### {markdown_text(key[1])}", "", *(row for found, row in keyed if found == key), ""]
        return out

    def row(entry: Entry, words: str) -> str:
        nested = f"{markdown_text(entry.context)} › " if entry.context else ""
        return f"- {link(entry.id, entry.release)}: {nested}{words} {grades(changes_text(entry.grades))}"

    def of(kind: str) -> list[Entry]:
        return [entry for entry in comparison.entries if kind in entry.change.split(" and ")]

    retirements = {i: (reason, successor) for i, reason, successor in comparison.retired}
    current = {entry.id: entry for entry in comparison.entries if entry.release == comparison.new}

    def retired_row(entry: Entry) -> str:
        reason, successor = retirements.get(entry.id, ("", None))
        text = row(entry, f"{markdown_text(entry.old_text or '')}, last in release {markdown_text(entry.release)}")
        if entry.id in comparison.dropped:
            return text + ". Not retired in this release's release.yaml: an open decision."
        return (
            text
            + (f". Why: {markdown_text(reason)}" if reason else "")
            + (f" Replaced by {link(successor, comparison.new)}." if successor else "")
        )

    return "\n".join(
        [
            f"Compared with release {markdown_text(comparison.old)}. Each recommendation shows its words and its "
            f"three grades ({', '.join(LABELS[scale] for scale in SCALES)}), old → new.",
            "",
            *section(
                "New recommendations",
                [row(e, f"**{markdown_text(e.new_text or '')}**") for e in of("new")],
                [e.id for e in of("new")],
            ),
            *section(
                "Regraded", [row(e, markdown_text(e.new_text or "")) for e in of("regraded")], [e.id for e in of("regraded")]
            ),
            *section(
                "Reworded",
                [
                    f"- {link(e.id, e.release)}: {markdown_text(diff_sides(e.diff or '')[0])} → "
                    f"**{markdown_text(diff_sides(e.diff or '')[1])}** {grades(changes_text(e.grades))}"
                    if e.reworded_in_context
                    else row(e, f"{markdown_text(e.old_text or '')} → **{markdown_text(e.new_text or '')}**")
                    for e in of("reworded")
                ],
                [e.id for e in of("reworded")],
            ),
            *section(
                "Moved to another topic",
                [
                    f"{row(current[m.id], markdown_text(current[m.id].new_text or ''))}, {m.old_topic} → {m.new_topic}"
                    for m in comparison.moved
                ],
                [m.id for m in comparison.moved],
            ),
            *section("Retired", [retired_row(e) for e in of("retired")], [e.id for e in of("retired")]),
            *(
                section(
                    "No longer graded (still printed, without grades)",
                    [row(e, markdown_text(e.new_text or "")) for e in of("no longer graded")],
                    [e.id for e in of("no longer graded")],
                )
                if comparison.ungraded
                else []
            ),
            *section(
                "Retitled topics",
                [f"- {markdown_text(old)} → {markdown_text(new)}" for _, old, new in comparison.retitled_topics],
            ),
            *section(
                "Trials, tables and other printed text",
                [f"- {markdown_text(block)} changed" for block in comparison.changed_blocks],
            ),
        ]
    )
