"""Feedback per recommendation: a "Report a problem" link prefilled with the release, id, permalink and words.

The address is set per release (`feedback:` in release.yaml, outside what publishing locks by hash, so a
published release can get or change one): `mailto:` or an issue tracker's new-issue URL (`https://`).
Without `{title}`/`{body}` placeholders the subject and text are added as `subject`/`body` (mailto, RFC
6068) or `title`/`body` (the new-issue parameters of GitHub, Gitea and Forgejo); a tracker that names
them otherwise writes the placeholders where they go. With no address there is no link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

from .grades import grades_text
from .index import IndexedRecommendation
from .model import Release
from .problems import Problem

ADDRESS = re.compile(r"^(mailto:[^\s<>\"'`{}]+@[^\s<>\"'`{}]+|https://[^\s<>\"'`{}]+)$")
PLACEHOLDERS = ("{title}", "{body}")


def check_feedback(release: Release) -> Iterator[Problem]:
    """The address is a mailto: or https:// URL, with only the {title} and {body} placeholders."""
    address = release.metadata.feedback
    if address is None:
        return
    bare = address
    for placeholder in PLACEHOLDERS:
        bare = bare.replace(placeholder, "")
    if not ADDRESS.match(bare):
        line, column = release.metadata.at.of("feedback")
        yield Problem(
            release.metadata.at.file,
            line,
            column,
            "release",
            "feedback",
            f"{address!r} is not a feedback address: give a mailto: address (mailto:editors@example.org) or an "
            "issue tracker's new-issue URL (https://...), with no spaces or quotes; {title} and {body} mark "
            "where the prefilled subject and text go",
        )


def report_title(release: Release, indexed: IndexedRecommendation) -> str:
    return f"Problem with recommendation {indexed.id} (release {release.id})"


def report_body(release: Release, indexed: IndexedRecommendation, permalink: str) -> str:
    """What the report starts with: where the recommendation is and what it says, then room for the reader."""
    words = " › ".join((*indexed.context, " ".join(indexed.text.split())))
    return "\n".join(
        [
            f"Release: {release.id}",
            f"Recommendation: {indexed.id}",
            f"Permalink: {permalink}",
            f"Slide {indexed.topic.slide}: {indexed.topic.title.text}",
            f"Words: {words}",
            f"Grades: {grades_text(indexed)}",
            "",
            "What is wrong (please describe):",
            "",
        ]
    )


def report_url(release: Release, indexed: IndexedRecommendation, permalink: str) -> str | None:
    """The prefilled address of a report about one recommendation, URL-encoded; None without an address."""
    address = release.metadata.feedback
    if address is None:
        return None
    mail = address.startswith("mailto:")
    body = report_body(release, indexed, permalink)
    if mail:
        body = body.replace("\n", "\r\n")  # RFC 6068: line breaks in a mailto body are CRLF
    values = {"{title}": quote(report_title(release, indexed), safe=""), "{body}": quote(body, safe="")}
    if not any(placeholder in address for placeholder in PLACEHOLDERS):
        joiner = "&" if "?" in address else "?"
        address += f"{joiner}{'subject' if mail else 'title'}={{title}}&body={{body}}"
    for placeholder, value in values.items():
        address = address.replace(placeholder, value)
    return address
