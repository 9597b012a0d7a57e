"""The recommendation map: clinical situations x interventions, each cell holding graded recommendations.

Editorial data (`map.yaml` beside `search.yaml`, outside what publishing locks by hash): it says where
to look, never what the guideline says. Every graded recommendation is placed in at least one cell or
left out with a reason, so the map never hides one silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .index import IndexedRecommendation, graded_recommendations, per_release, recommendations_by_id
from .model import Chapter, MapCategory, RecommendationMap, Release, Where
from .problems import Problem

MAP_FILE = "map.yaml"
CATEGORY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def map_folder(chapter_folder: Path) -> Path:
    """The folder whose `map.yaml` holds a chapter's map: the chapter's own (a release's map joins them)."""
    return chapter_folder


def _chapter_map(release: Release, indexed: IndexedRecommendation) -> RecommendationMap | None:
    return release.chapter_of(indexed.topic).recommendation_map


def chapters_with_maps(release: Release) -> tuple[Chapter, ...]:
    """The chapters that have a map.yaml, in chapter order."""
    return tuple(chapter for chapter in release.chapters if chapter.recommendation_map is not None)


def chapter_recommendations(release: Release, chapter_id: str) -> frozenset[str]:
    """The ids of a chapter's graded recommendations (what its own map page shows)."""
    return frozenset(i.id for i in graded_recommendations(release) if release.chapter_of(i.topic).id == chapter_id)


def _problem(at: Where, item: str, field_name: str, message: str) -> Problem:
    line, column = at.of(field_name)
    return Problem(at.file, line, column, item, field_name, message)


def _check_categories(kind: str, categories: tuple[MapCategory, ...], used: set[str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for category in categories:
        item = f"{kind} '{category.id}'"
        if not CATEGORY_ID.match(category.id):
            yield _problem(category.at, item, "id", "ids are lowercase letters and digits joined by single hyphens")
        if category.id in seen:
            yield _problem(category.at, item, "id", f"is listed twice under `{kind}s:`; give each {kind} one entry")
        seen.add(category.id)
        if category.id not in used:
            yield _problem(
                category.at,
                item,
                "id",
                f"no placement names this {kind}: an empty row or column; place recommendations in it or remove it",
            )


def check_map(release: Release) -> list[Problem]:
    """Ids exist, each cell once, each graded recommendation placed or left out with a reason, no empty row or
    column. In a draft, recommendations the new source added or dropped are placements to settle
    (unsettled_placements, listed by `validate`), not load errors: the draft loads and builds with --drafts;
    `publish` loads it as published, so it refuses the release until they are settled."""
    structure, coverage = _map_problems(release)
    return structure + (coverage if release.metadata.status == "published" else [])


def unsettled_placements(release: Release) -> list[Problem]:
    """A draft's map problems an editor settles: ids no longer graded, new recommendations not yet placed."""
    return [] if release.metadata.status == "published" else _map_problems(release)[1]


def _map_problems(release: Release) -> tuple[list[Problem], list[Problem]]:
    """(problems of the map's own structure, problems of its coverage of the release's recommendations)."""
    recommendation_map = release.recommendation_map
    if recommendation_map is None:
        return [], []
    coverage: list[Problem] = []
    graded = recommendations_by_id(release)
    situations = {category.id for category in recommendation_map.situations}
    interventions = {category.id for category in recommendation_map.interventions}
    problems: list[Problem] = []
    placed: dict[str, Where] = {}
    cells: set[tuple[str, str, str]] = set()
    for placement in recommendation_map.placements:
        item = f"placement '{placement.situation} x {placement.intervention}'"
        if placement.situation not in situations:
            problems.append(
                _problem(placement.at, item, "situation", f"unknown situation {placement.situation!r}; "
                         f"known: {', '.join(sorted(situations))}")
            )
        if placement.intervention not in interventions:
            problems.append(
                _problem(placement.at, item, "intervention", f"unknown intervention {placement.intervention!r}; "
                         f"known: {', '.join(sorted(interventions))}")
            )
        cell = (placement.at.file, placement.situation, placement.intervention)  # chapters' maps may share a cell
        if cell in cells:
            problems.append(_problem(placement.at, item, "situation", "this cell is listed twice: merge the two entries"))
        cells.add(cell)
        if not placement.recommendations:
            problems.append(_problem(placement.at, item, "recommendations", "needs at least one recommendation id"))
        seen: set[str] = set()
        for recommendation_id in placement.recommendations:
            if recommendation_id not in graded:
                coverage.append(
                    _problem(placement.at, item, "recommendations", f"{recommendation_id!r} is not a graded "
                             f"recommendation of release {release.id}: remove it, or place its successor")
                )
            if recommendation_id in seen:
                problems.append(_problem(placement.at, item, "recommendations", f"{recommendation_id!r} is listed twice"))
            seen.add(recommendation_id)
            placed.setdefault(recommendation_id, placement.at)
    left_out: set[str] = set()
    for entry in recommendation_map.left_out:
        for recommendation_id in entry.recommendations:
            item = f"left out '{recommendation_id}'"
            if recommendation_id not in graded:
                coverage.append(
                    _problem(entry.at, item, "recommendations", f"{recommendation_id!r} is not a graded "
                             f"recommendation of release {release.id}: remove it")
                )
            if recommendation_id in placed:
                line = placed[recommendation_id].line
                problems.append(
                    _problem(entry.at, item, "recommendations", f"is also placed (line {line}): "
                             "a recommendation is either placed or left out")
                )
            if recommendation_id in left_out:
                problems.append(_problem(entry.at, item, "recommendations", "is left out twice"))
            left_out.add(recommendation_id)
    problems += _check_categories("situation", recommendation_map.situations, {p.situation for p in recommendation_map.placements})
    problems += _check_categories(
        "intervention", recommendation_map.interventions, {p.intervention for p in recommendation_map.placements}
    )
    for indexed in graded.values():
        if _chapter_map(release, indexed) is None:
            continue  # a chapter without map.yaml has no map yet: its recommendations need no place on others'
        if indexed.id not in placed and indexed.id not in left_out:
            coverage.append(
                _problem(recommendation_map.at, f"recommendation '{indexed.id}'", "placements",
                         f"is neither placed nor left out (slide {indexed.topic.slide}): add it to a cell under "
                         "`placements:`, or to `left_out:` with a reason")
            )
    return problems, coverage


@dataclass(frozen=True)
class MapCell:
    """One cell as the page and exports show it: its categories and its recommendations in source order."""

    situation: MapCategory
    intervention: MapCategory
    recommendations: tuple[IndexedRecommendation, ...]


@per_release
def map_cells(release: Release) -> dict[tuple[str, str], MapCell]:
    """Every cell that holds recommendations, by (situation id, intervention id); recommendations in source order."""
    recommendation_map = release.recommendation_map
    if recommendation_map is None:
        return {}
    situations = {category.id: category for category in recommendation_map.situations}
    interventions = {category.id: category for category in recommendation_map.interventions}
    order = {indexed.id: position for position, indexed in enumerate(graded_recommendations(release))}
    graded = recommendations_by_id(release)
    held: dict[tuple[str, str], dict[str, None]] = {}
    for placement in recommendation_map.placements:  # one cell may be named by several chapters' maps
        held.setdefault((placement.situation, placement.intervention), {}).update(
            dict.fromkeys(i for i in placement.recommendations if i in graded)
        )
    return {
        (situation, intervention): MapCell(
            situations[situation], interventions[intervention], tuple(graded[i] for i in sorted(ids, key=order.__getitem__))
        )
        for (situation, intervention), ids in held.items()
    }


@per_release
def _placements_by_recommendation(release: Release) -> dict[str, tuple[tuple[MapCategory, MapCategory], ...]]:
    found: dict[str, list[tuple[MapCategory, MapCategory]]] = {}
    if release.recommendation_map is None:
        return {}
    rows = {c.id: n for n, c in enumerate(release.recommendation_map.situations)}
    columns = {c.id: n for n, c in enumerate(release.recommendation_map.interventions)}
    for key in sorted(map_cells(release), key=lambda key: (rows[key[0]], columns[key[1]])):
        cell = map_cells(release)[key]
        for indexed in cell.recommendations:
            found.setdefault(indexed.id, []).append((cell.situation, cell.intervention))
    return {recommendation_id: tuple(cells) for recommendation_id, cells in found.items()}


def placements_of(release: Release, recommendation_id: str) -> tuple[tuple[MapCategory, MapCategory], ...]:
    """The (situation, intervention) cells a recommendation stands in, in map order ('()' if none)."""
    return _placements_by_recommendation(release).get(recommendation_id, ())


def left_out_reason(release: Release, recommendation_id: str) -> str | None:
    """Why the editors kept a recommendation off the map (None when it is placed or there is no map)."""
    if release.recommendation_map is None:
        return None
    return next(
        (entry.reason for entry in release.recommendation_map.left_out if recommendation_id in entry.recommendations),
        None,
    )
