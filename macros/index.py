"""The flat view of a release: every graded item once, in source order, with its context."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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


def graded_recommendations(release: Release) -> tuple[IndexedRecommendation, ...]:
    """Every graded item of the release in source order."""
    return tuple(
        indexed
        for topic in release.topics
        for block in topic.blocks
        if isinstance(block, RecommendationsBlock)
        for indexed in _indexed(topic, block)
    )


def all_items(release: Release) -> Iterator[tuple[Topic, RecommendationsBlock, Recommendation, tuple[str, ...]]]:
    """Every recommendation item, graded or grouping, with its topic, block and context."""
    for topic in release.topics:
        for block in topic.blocks:
            if isinstance(block, RecommendationsBlock):
                heading = (block.heading.text,) if block.heading else ()
                for item, context in walk(block.items, heading):
                    yield topic, block, item, context
