"""Editorial additions that help readers find things: search terms, slide -> recommendation links, and
the slide a printed "see next slide" means.

They live in their own files beside the topics (`search.yaml`, `informs.yaml`, `crossrefs.yaml`), outside what
publishing locks by hash (macros/releases.py canonical_hash): they never change what a release says,
so editors may add to them in a published release. Nothing here is shown as guideline text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .index import IndexedRecommendation, per_release, recommendations_by_id, walk
from .model import CrossReference, FigureBlock, RecommendationsBlock, Release, Topic, TrialBlock, Where
from .problems import Problem

# A term is words a reader types: letters, digits, spaces and simple punctuation, no markup.
TERM_PATTERN = re.compile(r"^[^\W_](?:[\w .,'’/+-]*[^\W_])?$")
TERM_LIMIT = 80


def _problem(at: Where, item: str, field_name: str, message: str) -> Problem:
    line, column = at.of(field_name)
    return Problem(at.file, line, column, item, field_name, message)


def _duplicates(values: tuple[str, ...]) -> list[str]:
    seen: set[str] = set()
    return [value for value in values if value.casefold() in seen or seen.add(value.casefold())]


def check_search_terms(release: Release) -> Iterator[Problem]:
    """Every entry names existing slides or graded recommendations and carries plain, distinct terms."""
    topic_ids = {topic.id for topic in release.topics}
    graded = recommendations_by_id(release)
    for number, entry in enumerate(release.search_terms, 1):
        item = f"search terms #{number}"
        if not entry.terms:
            yield _problem(entry.at, item, "terms", "needs at least one term")
        if not entry.topics and not entry.recommendations:
            yield _problem(
                entry.at, item, "topics", "names no slide and no recommendation: add `topics:` or `recommendations:`"
            )
        for term in entry.terms:
            if len(term) > TERM_LIMIT or not TERM_PATTERN.match(term):
                yield _problem(
                    entry.at,
                    item,
                    "terms",
                    f"term {term!r} is not a plain search term: letters, digits, spaces and . , ' / + - only, "
                    f"starting and ending with a letter or digit, at most {TERM_LIMIT} characters",
                )
        for duplicate in _duplicates(entry.terms):
            yield _problem(entry.at, item, "terms", f"term {duplicate!r} is listed twice")
        for topic_id in entry.topics:
            if topic_id not in topic_ids:
                yield _problem(entry.at, item, "topics", f"unknown topic id {topic_id!r}; use the `id:` of a file in topics/")
        yield from _ungraded(entry, item, graded, release.id)


def _ungraded(entry, item: str, graded: dict, release_id: str) -> Iterator[Problem]:
    """Each id of `entry.recommendations` that names no graded recommendation (only those have a page)."""
    for recommendation_id in entry.recommendations:
        if recommendation_id not in graded:
            yield _problem(
                entry.at,
                item,
                "recommendations",
                f"{recommendation_id!r} is not a graded recommendation of release {release_id} "
                "(only graded items have their own page)",
            )


def check_informs(release: Release) -> Iterator[Problem]:
    """Each link starts at a trial or figure slide, once, and names graded recommendations, once each."""
    topics = {topic.id: topic for topic in release.topics}
    graded = recommendations_by_id(release)
    seen: set[str] = set()
    for entry in release.informs:
        item = f"informs '{entry.topic}'"
        topic = topics.get(entry.topic)
        if topic is None:
            yield _problem(entry.at, item, "topic", f"unknown topic id {entry.topic!r}")
        elif not any(isinstance(block, TrialBlock | FigureBlock) for block in topic.blocks):
            yield _problem(
                entry.at, item, "topic", f"slide {topic.slide} shows no trial or figure; only those link here"
            )
        if entry.topic in seen:
            yield _problem(entry.at, item, "topic", "is listed twice: give one entry per slide")
        seen.add(entry.topic)
        if not entry.recommendations:
            yield _problem(entry.at, item, "recommendations", "needs at least one recommendation id")
        yield from _ungraded(entry, item, graded, release.id)
        for duplicate in _duplicates(entry.recommendations):
            yield _problem(entry.at, item, "recommendations", f"{duplicate!r} is listed twice")


def _item_texts(topic: Topic) -> dict[str, str]:
    """The slide's items that have an id, by id: their printed words."""
    return {
        item.id: item.text
        for block in topic.blocks
        if isinstance(block, RecommendationsBlock)
        for item, _ in walk(block.items)
        if item.id
    }


def check_crossrefs(release: Release) -> Iterator[Problem]:
    """Each cross-reference: its item is on its slide and prints the pointing words; the slide meant exists
    and is another slide; one link per item."""
    topics = {topic.id: topic for topic in release.topics}
    seen: set[str] = set()
    for entry in release.crossrefs:
        item = f"crossref '{entry.item}'"
        topic = topics.get(entry.topic)
        if topic is None:
            yield _problem(entry.at, item, "topic", f"unknown topic id {entry.topic!r}; use the `id:` of a file in topics/")
        else:
            texts = _item_texts(topic)
            if entry.item not in texts:
                yield _problem(
                    entry.at, item, "item", f"slide {topic.slide} ({entry.topic}) has no item {entry.item!r}; "
                    f"items with an id there: {', '.join(texts) or 'none'}"
                )
            elif not entry.words.strip() or entry.words.casefold() not in texts[entry.item].casefold():
                yield _problem(
                    entry.at, item, "words", f"{entry.words!r} is not printed in the item's words "
                    f"{texts[entry.item]!r}; give the pointing words as printed"
                )
        if entry.target not in topics:
            yield _problem(
                entry.at, item, "target", f"unknown topic id {entry.target!r}; the slide meant must be a topic of "
                f"release {release.id}"
            )
        elif entry.target == entry.topic:
            yield _problem(entry.at, item, "target", "points to its own slide; give the slide meant")
        if entry.item in seen:
            yield _problem(entry.at, item, "item", "is listed twice: give one entry per item")
        seen.add(entry.item)


def check_editorial(release: Release) -> list[Problem]:
    return [*check_search_terms(release), *check_informs(release), *check_crossrefs(release)]


def crossref_of(release: Release, item_id: str) -> CrossReference | None:
    """The editorial link from an item's printed pointer ("see next slide") to the slide meant, if any."""
    return next((entry for entry in release.crossrefs if entry.item == item_id), None)


@per_release
def _terms(release: Release) -> dict[tuple[str, str], tuple[str, ...]]:
    found: dict[tuple[str, str], dict[str, None]] = {}
    for entry in release.search_terms:
        targets = [("topic", t) for t in entry.topics] + [("recommendation", r) for r in entry.recommendations]
        for target in targets:
            found.setdefault(target, {}).update(dict.fromkeys(entry.terms))
    return {target: tuple(terms) for target, terms in found.items()}


def topic_search_terms(release: Release, topic_id: str) -> tuple[str, ...]:
    """The editorial search terms of a slide, in data order, each once."""
    return _terms(release).get(("topic", topic_id), ())


def recommendation_search_terms(release: Release, recommendation_id: str) -> tuple[str, ...]:
    return _terms(release).get(("recommendation", recommendation_id), ())


def informed_recommendations(release: Release, topic_id: str) -> tuple[IndexedRecommendation, ...]:
    """The recommendations a trial or figure slide informs, in the order the editors listed them."""
    by_id = recommendations_by_id(release)
    return tuple(
        by_id[recommendation_id]
        for entry in release.informs
        if entry.topic == topic_id
        for recommendation_id in entry.recommendations
    )


def informing_topics(release: Release, recommendation_id: str) -> tuple[str, ...]:
    """The trial and figure slides that link to a recommendation, in source order."""
    linked = {entry.topic for entry in release.informs if recommendation_id in entry.recommendations}
    return tuple(topic.id for topic in release.topics if topic.id in linked)

