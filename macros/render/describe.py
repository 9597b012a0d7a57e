"""Meta descriptions: one plain-text sentence per generated page, from that page's own data.

Plain text, never HTML: overrides/main.html escapes it for the `content` attribute, and
`front_matter` quotes it for the page's YAML front matter, so any character in the data is safe.
"""

from __future__ import annotations

import json
import re

from ..grades import grades_text
from ..index import find_recommendation, recommendation_title
from ..model import Release


def _one_line(text: str) -> str:
    return " ".join(text.split())


def recommendation_description(release: Release, recommendation_id: str) -> str:
    """A recommendation's words and its three grades, as the data says them."""
    indexed = find_recommendation(release, recommendation_id)
    return _one_line(
        f"{recommendation_title(indexed)} ({grades_text(indexed)}). "
        f"AGO Breast guideline {release.id}, slide {indexed.topic.slide}: {indexed.topic.title.text}."
    )


def topic_description(release: Release, topic_id: str) -> str:
    topic = release.topic(topic_id)
    return _one_line(f"{topic.title.text}. AGO Breast guideline {release.id}, slide {topic.slide}.")


def source_description(release: Release, topic_id: str) -> str:
    topic = release.topic(topic_id)
    return _one_line(f"Source text of slide {topic.slide}, {topic.title.text}. AGO Breast guideline {release.id}.")


def moved_description(what: str) -> str:
    return _one_line(f"Moved: {what} has a new address in this release of the AGO Breast guideline.")


def flow_description(release: Release, flow_id: str) -> str:
    flow = release.flow(flow_id)
    return _one_line(f"{flow.title}. Decision flow (reading aid), AGO Breast guideline {release.id}: {flow.summary}")


def case_description(release: Release, case_id: str) -> str:
    case = release.case(case_id)
    return _one_line(
        f"{case.title}. Fictional worked example, AGO Breast guideline {release.id}, flow {release.flow(case.flow).title}."
    )


def map_description(release: Release, chapter: str = "") -> str:
    """The map page: what it is, for which release or chapter (editorial, its labels are the editors')."""
    whose = f"{chapter}, " if chapter else ""
    return _one_line(
        f"Recommendation map of the AGO Breast guideline {whose}{release.id}: its graded recommendations by clinical "
        "situation and intervention, with their grades (an editorial reading aid)."
    )


def print_description(release: Release, chapter_id: str | None = None) -> str:
    if chapter_id:
        chapter = release.chapter(chapter_id)
        return _one_line(f"{chapter.label}, AGO Breast guideline {release.id}: every slide of the chapter on one printable page.")
    return _one_line(f"{release.metadata.title}, release {release.id}: every slide on one printable page.")


def chapter_description(release: Release, chapter_id: str) -> str:
    chapter = release.chapter(chapter_id)
    return _one_line(
        f"{chapter.label}: a chapter of the AGO Breast guideline {release.id}, {len(chapter.topics)} slides, "
        "with its sections, decision flows and source text."
    )


def ungraded_description(item_id: str, release_id: str) -> str:
    return _one_line(f"Recommendation {item_id}: printed without grades in release {release_id} of the AGO Breast guideline")


def retired_description(old_id: str, retiring_release: str, reason: str) -> str:
    return _one_line(f"Recommendation {old_id}, retired in release {retiring_release} of the AGO Breast guideline: {reason}")


# What YAML refuses to read raw (PyYAML's reader): written as \uXXXX escapes instead.
_YAML_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def front_matter(description: str) -> str:
    """The YAML front-matter line: a JSON string is a valid YAML double-quoted scalar, so nothing is read as syntax."""
    quoted = json.dumps(description, ensure_ascii=False)
    return "description: " + _YAML_NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted) + "\n"
