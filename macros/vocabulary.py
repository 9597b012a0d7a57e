"""The guideline-wide editorial vocabulary: words clinicians type that the slides do not print.

`guideline_data/vocabulary.yaml` maps drug brand names and German terms to a term the guideline
prints (`means`, spelled as printed). It sits beside grading.yaml, outside what publishing locks by
hash: adding a word never changes what a release says. Search reads a query's word as the printed
term (docs/assets/search-query.js, from the script `vocabulary_script` writes per release) and says
so, marked editorial, above the results.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator

from .index import per_release
from .model import Release, VocabularyEntry, Where
from .problems import Problem

VOCABULARY_FILE = "vocabulary.yaml"
KINDS = {"brand": "brand name", "german": "German term"}
# One word as a reader types it: letters (umlauts too), digits, inner hyphens.
WORD_PATTERN = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
WORD_LIMIT = 40


def _problem(at: Where, item: str, field_name: str, message: str) -> Problem:
    line, column = at.of(field_name)
    return Problem(at.file, line, column, item, field_name, message)


def folded(word: str) -> str:
    """How search compares a typed word with the vocabulary: no case, no accents (ä = a)."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@per_release
def printed_text(release: Release) -> str:
    """Everything the release prints, as one searchable text (every chapter's verbatim source)."""
    lines = (line for chapter in release.chapters for line in chapter.source_lines)
    return unicodedata.normalize("NFKC", "\n".join(lines)).casefold()


def prints(release: Release, term: str) -> bool:
    """The release prints `term` as a whole word or phrase (any case, any run of spaces).

    The phrase is searched as a literal first (re's fast scan) and each place it is found then checked
    for a letter or digit on either side: one pattern starting with the look-behind tried it at every
    position, 3.5 ms a term in 26 chapters' text."""
    words = [re.escape(word) for word in unicodedata.normalize("NFKC", term).casefold().split()]
    text, phrase = printed_text(release), re.compile(r"\s+".join(words))
    found = phrase.search(text)
    while found:  # every place, overlapping ones too, as the look-behind pattern found them
        before, after = text[found.start() - 1 : found.start()], text[found.end() : found.end() + 1]
        if not _WORD_CHARACTER.match(before) and not _WORD_CHARACTER.match(after):
            return True
        found = phrase.search(text, found.start() + 1)
    return False


_WORD_CHARACTER = re.compile(r"[^\W_]")  # a letter or digit: a whole word or phrase has none on either side


def check_vocabulary(entries: tuple[VocabularyEntry, ...], releases: tuple[Release, ...]) -> Iterator[Problem]:
    """Each entry: a known kind, plain single words, each word meaning one thing, and a target term
    printed by a release (the check that keeps a query from turning into a word no slide prints)."""
    seen: dict[str, str] = {}
    for entry in entries:
        item = f"vocabulary '{entry.means}'"
        if entry.kind not in KINDS:
            yield _problem(entry.at, item, "kind", f"unknown kind {entry.kind!r}; allowed: {', '.join(KINDS)}")
        if not entry.terms:
            yield _problem(entry.at, item, "terms", "needs at least one word")
        for term in entry.terms:
            if len(term) > WORD_LIMIT or not WORD_PATTERN.match(term):
                yield _problem(
                    entry.at,
                    item,
                    "terms",
                    f"{term!r} is not one plain word: letters, digits and inner hyphens, at most {WORD_LIMIT} "
                    "characters (a phrase belongs in `means`)",
                )
            key = folded(term)
            if key in seen:
                yield _problem(entry.at, item, "terms", f"{term!r} already means {seen[key]!r}: a word means one term")
            seen.setdefault(key, entry.means)
        if entry.dose is not None:
            yield from _check_dose(entry, item, releases)
        if releases and not any(prints(release, entry.means) for release in releases):
            yield _problem(
                entry.at,
                item,
                "means",
                f"{entry.means!r} is printed by no release ({', '.join(r.id for r in releases)}); "
                "give a term as the slides print it (check the source text in <release>/source/)",
            )


def _check_dose(entry: VocabularyEntry, item: str, releases: tuple[Release, ...]) -> Iterator[Problem]:
    """A dose belongs to a brand name, has a number, and stands after the agent where a release prints it."""
    if entry.kind != "brand":
        yield _problem(entry.at, item, "dose", f"only a brand name has a dose; this entry's kind is {entry.kind!r}")
    if not re.search(r"\d", entry.dose):
        yield _problem(entry.at, item, "dose", f"{entry.dose!r} is no dose: give it as printed, e.g. '60 mg'")
    elif releases and not any(prints(release, f"{entry.means} {entry.dose}") for release in releases):
        yield _problem(
            entry.at,
            item,
            "dose",
            f"'{entry.means} {entry.dose}' is printed by no release ({', '.join(r.id for r in releases)}); "
            "give the dose as the slides print it after the agent, or no dose",
        )


def searched_term(entry: VocabularyEntry, release: Release) -> str:
    """What a word of `entry` is searched as in one release: the agent with the brand's dose where the
    release prints them together (Prolia -> 'Denosumab 60 mg'), else the term alone."""
    with_dose = f"{entry.means} {entry.dose}" if entry.dose else None
    return with_dose if with_dose and prints(release, with_dose) else entry.means


def release_vocabulary(entries: tuple[VocabularyEntry, ...], release: Release) -> list[dict[str, str]]:
    """The entries one release's search uses: only terms it prints, one row per typed word, searched as
    `searched_term` (with the brand's dose where printed); `printed` when the release prints the word
    itself too (Zometa), so search looks for both."""
    rows = []
    for entry in entries:
        if not prints(release, entry.means):
            continue
        means = searched_term(entry, release)
        dose = {"dose": entry.dose} if means != entry.means else {}  # search-query.js weighs the dose apart
        rows += [
            {"word": term, "means": means, "kind": KINDS[entry.kind], "printed": prints(release, term), **dose}
            for term in entry.terms
        ]
    return rows


def vocabulary_script(entries: tuple[VocabularyEntry, ...], release: Release) -> str:
    """docs/assets/vocabulary.js for one release (ASCII JSON: nothing in it can end the script)."""
    rows = json.dumps(release_vocabulary(entries, release), ensure_ascii=True, separators=(",", ":"))
    rows = rows.replace("<", "\\u003c")
    return (
        "// Generated from guideline_data/vocabulary.yaml (editorial, not printed in the guideline): the words\n"
        "// clinicians type and the term this release prints for each; read by search-query.js.\n"
        f"window.guidelineVocabulary = {rows};\n"
    )
