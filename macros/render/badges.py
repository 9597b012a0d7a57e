"""Grade badges: the value as text, an accessible name, the official meaning on hover and focus.

A badge is a link to the definition on the grading page, so keyboard users reach it with Tab and
Material's tooltips show its title on focus. Colour only repeats what the text says.

Badges stay out of the search index (`data-search-exclude`): the search splits `+/-`, `-` and `--`
at its separators and cuts a result's snippet after its last indexed token, so an indexed `+/-`
could show as `+` and a `-` vanish. A snippet shows no grade rather than a wrong one.
"""

from __future__ import annotations

from .. import urls
from ..grades import (
    LABELS,
    NOT_PRINTED,
    NOT_PRINTED_TITLE,
    UNDER_REVIEW,
    UNDER_REVIEW_TITLE,
    grade_phrase,
    spoken_grade,
    spoken_value,
)
from ..model import Grading
from .escape import html_text

_AGO_CLASSES = {"++": "plusplus", "+": "plus", "+/-": "plusminus", "-": "minus", "--": "minusminus"}


def ago_class(value: str) -> str:
    """The CSS class that colours an AGO grade (the text always says the grade itself)."""
    return f"grade-ago-{_AGO_CLASSES.get(value, 'other')}"


def grade_badge(grading: Grading, scale: str, value: str | None, page_url: str, review: bool = False) -> str:
    """HTML for one grade; where the source prints none, a mark that says so in words. `review`: an open decision
    of the draft names the item, so a missing grade may be one the import could not take: 'under review'."""
    if value is None and review:
        return (
            f'<span class="grade grade-none grade-review" title="{UNDER_REVIEW_TITLE}" data-search-exclude>'
            f'<span aria-hidden="true">{UNDER_REVIEW}</span><span class="sr-only">'
            f"{html_text(LABELS[scale])} {UNDER_REVIEW_TITLE}</span></span>"
        )
    if value is None:
        # Said in place, not only in a hover title: phones have no hover.
        return (
            f'<span class="grade grade-none" title="{NOT_PRINTED_TITLE}" data-search-exclude>'
            f'<span aria-hidden="true">{NOT_PRINTED}</span><span class="sr-only">'
            f"{html_text(LABELS[scale])} {NOT_PRINTED}</span></span>"
        )
    meaning = getattr(grading, scale).meaning(value)
    outside = value in getattr(grading, scale).outside_vocabulary
    classes = f"grade grade-{scale}" + (f" grade-ago-{_AGO_CLASSES[value]}" if scale == "ago" else "")
    classes += " grade-outside" if outside else ""
    href = urls.relative(page_url, urls.grade(scale, value))
    note = '<sup class="editorial-mark" aria-hidden="true">†</sup>' if outside else ""
    return (
        f'<a class="{classes}" data-search-exclude href="{html_text(href)}" title="{html_text(f"{grade_phrase(scale, value)}: {meaning}")}"'
        f' aria-label="{html_text(spoken_grade(grading, scale, value))}">{html_text(value)}{note}</a>'
    )


def grade_in_text(scale: str, value: str | None) -> str:
    """A grade written in a table cell or sentence (no badge): shown as printed, said in words."""
    if value is None:
        return html_text(NOT_PRINTED)
    spoken = spoken_value(scale, value)
    if spoken == value:
        return html_text(value)
    return f'<span aria-hidden="true">{html_text(value)}</span><span class="sr-only">{html_text(spoken)}</span>'

