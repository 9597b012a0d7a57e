"""The flat view of a release: every graded item once, in source order, with its context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from .model import ListGrade, Recommendation, RecommendationsBlock, Release, Topic


@dataclass(frozen=True)
class IndexedRecommendation:
    """A graded item as readers and exports see it: effective grades plus where they come from."""

    recommendation: Recommendation
    topic: Topic
    context: tuple[str, ...]
    loe: str | None
    gr: str | None
    ago: str | None
    grade_scope: str  # "item": printed on the item's line; "list": printed once for its list
    grade_line: int

    @property
    def id(self) -> str:
        return self.recommendation.id

    @property
    def text(self) -> str:
        return self.recommendation.text


def walk(
    items: tuple[Recommendation, ...], context: tuple[str, ...] = ()
) -> Iterator[tuple[Recommendation, tuple[str, ...]]]:
    """Every item with the texts of the items it is nested under, outermost first, in order."""
    for item in items:
        yield item, context
        yield from walk(item.children, (*context, item.text))


def _indexed(topic: Topic, block: RecommendationsBlock) -> Iterator[IndexedRecommendation]:
    heading = (block.heading.text,) if block.heading else ()
    grade: ListGrade | None = block.list_grade
    for item, context in walk(block.items, heading):
        if item.has_own_grade:
            yield IndexedRecommendation(
                item, topic, context, item.loe, item.gr, item.ago, "item", item.printed_grade_line or 0
            )
        elif grade is not None and not item.children:
            yield IndexedRecommendation(item, topic, context, grade.loe, grade.gr, grade.ago, "list", grade.line)


Result = TypeVar("Result")
_KEEP = 32  # releases whose indexes stay cached; `mkdocs serve` loads a fresh Release per edit


def per_release(function: Callable[[Release], Result]) -> Callable[[Release], Result]:
    """Compute once per Release object: releases are frozen, and every page asks for the same index."""
    cache: dict[int, tuple[Release, Result]] = {}

    def cached(release: Release) -> Result:
        hit = cache.get(id(release))
        if hit is None or hit[0] is not release:
            if len(cache) >= _KEEP:
                cache.pop(next(iter(cache)))
            hit = cache[id(release)] = (release, function(release))
        return hit[1]

    cached.__doc__ = function.__doc__
    return cached


@per_release
def graded_recommendations(release: Release) -> tuple[IndexedRecommendation, ...]:
    """Every graded item of the release in source order."""
    return tuple(
        indexed
        for topic in release.topics
        for block in topic.blocks
        if isinstance(block, RecommendationsBlock)
        for indexed in _indexed(topic, block)
    )


@per_release
def recommendations_by_id(release: Release) -> dict[str, IndexedRecommendation]:
    """Graded items by id, for pages that look many of them up."""
    return {indexed.id: indexed for indexed in graded_recommendations(release)}


def all_items(release: Release) -> Iterator[tuple[Topic, RecommendationsBlock, Recommendation, tuple[str, ...]]]:
    """Every recommendation item, graded or grouping, with its topic, block and context."""
    for topic in release.topics:
        for block in topic.blocks:
            if isinstance(block, RecommendationsBlock):
                heading = (block.heading.text,) if block.heading else ()
                for item, context in walk(block.items, heading):
                    yield topic, block, item, context


def find_recommendation(release: Release, recommendation_id: str) -> IndexedRecommendation:
    """The graded recommendation with this id; KeyError naming the release for an unknown id."""
    found = recommendations_by_id(release).get(recommendation_id)
    if found is None:
        raise KeyError(f"unknown recommendation id {recommendation_id!r} in release {release.id}")
    return found


def recommendation_title(indexed: IndexedRecommendation) -> str:
    """The page title: the text with what it is nested under, so 'q12w' reads 'Zoledronate IV 4 mg › q12w'."""
    return " › ".join((*indexed.context, indexed.text))


def recommendation_context(indexed: IndexedRecommendation) -> str:
    """Where a recommendation stands, for lists outside its slide: 'From slide 2: Denosumab in Metastatic Breast Cancer'.

    Two recommendations may say the same words on different slides ('Reduction of bone pain'). The slide is
    named as its page names it (its printed title), not by the navigation's short title."""
    return f"From slide {indexed.topic.slide}: {indexed.topic.title.text}"
