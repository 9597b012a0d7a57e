"""What the slide attaches to a recommendation beyond its words and grades: footnote conditions and cautions.

A footnote marker restricts what it is printed on (romosozumab `***`: "only for postmenopausal pts
with severe osteoporosis ..."), and a caution ("Cave: ...") concerns the whole slide. Every place a
recommendation travels (pages, lists, flows, citations, JSON, CSV, FHIR, JSON-LD) asks this module,
so none of them drops what the source prints beside it.

A footnote concerns a recommendation when its marker is printed on the item itself, on an item it is
nested under, on its list's heading or on the slide's title; a caution concerns every recommendation
of its slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from .index import IndexedRecommendation, graded_recommendations, per_release, walk
from .model import NoteBlock, RecommendationsBlock, Release, Topic


@dataclass(frozen=True)
class Condition:
    """A footnote (`marker` set) or a caution printed on the slide, with the source lines it stands on."""

    kind: str  # "footnote" | "caution"
    text: str
    lines: tuple[int, ...]
    marker: str | None = None

    @property
    def label(self) -> str:
        """'Footnote ***' or 'Caution printed on the slide': how a reader is told what the words are."""
        return f"Footnote {self.marker}" if self.kind == "footnote" else "Caution printed on the slide"

    @property
    def plain(self) -> str:
        """'Footnote ***: Elevated risk ...', for CSV cells, citations and other plain text."""
        return f"{self.label}: {self.text}"


def _markers(topic: Topic, recommendation_id: str) -> tuple[str, ...]:
    """The markers printed on the item, on the items it is nested under, on its list heading and on the title."""
    for block in topic.blocks:
        if not isinstance(block, RecommendationsBlock):
            continue
        heading = block.heading.footnote_refs if block.heading else ()
        chain: dict[int, tuple[str, ...]] = {}
        for item, context in walk(block.items):
            depth = len(context)
            chain[depth] = item.footnote_refs
            if item.id == recommendation_id:
                above = [ref for level in range(depth) for ref in chain.get(level, ())]
                return tuple(dict.fromkeys((*topic.title.footnote_refs, *heading, *above, *item.footnote_refs)))
    return ()


def topic_cautions(topic: Topic) -> tuple[Condition, ...]:
    """The slide's cautions ("Cave: ..."), in source order."""
    return tuple(
        Condition("caution", block.text, block.lines)
        for block in topic.blocks
        if isinstance(block, NoteBlock) and block.kind == "caution"
    )


def footnotes_of(topic: Topic, recommendation_id: str) -> tuple[Condition, ...]:
    """The footnotes that concern one recommendation, in the slide's footnote order."""
    markers = set(_markers(topic, recommendation_id))
    return tuple(
        Condition("footnote", footnote.text, footnote.lines, footnote.marker)
        for footnote in topic.footnotes
        if footnote.marker in markers
    )


@per_release
def _all_conditions(release: Release) -> dict[str, tuple[Condition, ...]]:
    return {
        indexed.id: footnotes_of(indexed.topic, indexed.id) + topic_cautions(indexed.topic)
        for indexed in graded_recommendations(release)
    }


def conditions(release: Release, indexed: IndexedRecommendation) -> tuple[Condition, ...]:
    """Footnotes first, then the slide's cautions: everything printed beside the recommendation."""
    return _all_conditions(release)[indexed.id]


def conditions_plain(found: tuple[Condition, ...]) -> str:
    """All conditions as one line of text ('' when none): 'Footnote **: ...; Caution printed on the slide: ...'."""
    return "; ".join(condition.plain for condition in found)
