"""Reading the verbatim source: slide lines, graded lines, and text joined as printed.

Pure functions over the source's lines (1-based line numbers), shared by the validator and
the tests that prove the data matches the source.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .grades import allowed_text, grade_phrase

# The bullet signs slide exports print: '§' or '•' for an item, '-' or '–' (en dash) for a sub-item.
BULLET = re.compile(r"^(?:§|•|-|–)\s+")
SUB_BULLETS = ("-", "–")
GRADE_TAIL = re.compile(r"(?:^|\s)(?P<loe>[1-5][a-d]?)(?:\s+(?P<gr>[A-D]))?(?:\s+(?P<ago>\+\+|\+/-|\+|--|-))?\s*$")
AGO_ONLY_TAIL = re.compile(r"(?:^|\s)(?P<ago>\+\+|\+/-|--)\s*$")
LIST_GRADE = re.compile(r"^\s*Oxford LoE:\s*(?P<loe>\S+)\s+GR:\s*(?P<gr>\S+)\s+AGO:\s*(?P<ago>\S+)\s*$")
# Tokens that look like a grade: a level of evidence ('2b', '6'), a grade letter ('F'), an AGO sign ('+', '–', '+/−').
LOE_LIKE = re.compile(r"^[0-9][a-zA-Z]?$")
GR_LIKE = re.compile(r"^[A-Z]$")
AGO_LIKE = re.compile(r"^[-+/\u2010-\u2015\u2212\u00b1\uff0b\ufe63\uff0d]+$")
# A bullet that qualifies the bullet before it in an ungraded list ('Spinal cord compression' / 'With ...').
QUALIFIER = re.compile(r"^(?:[Ww]ith|[Ww]ithout|[Aa]fter|[Bb]efore|[Mm]it|[Oo]hne|[Nn]ach|[Vv]or)\b|^[a-zäöü]")
# A bullet that only names a schedule or dose of the heading above it ('q4w', 'q3w / q4w', '4 mg daily').
SCHEDULE = re.compile(
    r"^(?:q\d+[dwmy]\b|\d+(?:[.,]\d+)?\s*(?:mg|µg|mcg|g|ml|IU|IE|Gy|x)\b|(?:every|each|daily|weekly|monthly|"
    r"yearly|once|twice|alle|täglich|wöchentlich|monatlich)\b)",
    re.IGNORECASE,
)
# Dashes a PDF export prints where the grades use the hyphen-minus '-'.
TYPOGRAPHIC_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"


@dataclass(frozen=True)
class PrintedGrade:
    """The grades printed at the end of one source line, and the text before them."""

    loe: str | None
    gr: str | None
    ago: str | None
    text_before: str


def collapse(text: str) -> str:
    """Whitespace as the reader sees it: single spaces, none at the ends."""
    return " ".join(text.split())


def printed_grade(line: str) -> PrintedGrade | None:
    """The grades a source line ends with, or None if it carries none."""
    listed = LIST_GRADE.match(line)
    if listed:
        return PrintedGrade(listed["loe"], listed["gr"], listed["ago"], "")
    for pattern in (GRADE_TAIL, AGO_ONLY_TAIL):
        match = pattern.search(line)
        if match:
            found = match.groupdict()
            return PrintedGrade(found.get("loe"), found.get("gr"), found.get("ago"), line[: match.start()])
    return None


@dataclass(frozen=True)
class UnreadGrade:
    """The end of a source line that looks like grades but does not read as 'LoE GR AGO', and the text before."""

    printed: str
    text_before: str


def _grade_like(token: str) -> bool:
    return bool(LOE_LIKE.match(token) or GR_LIKE.match(token) or AGO_LIKE.match(token))


def _grade_like_tail(text: str) -> list[str]:
    """The longest run of grade-like tokens ending `text` (a leading bullet is no grade)."""
    tokens = text.split()
    start = 1 if tokens and BULLET.match(text.strip()) else 0
    tail: list[str] = []
    for token in reversed(tokens[start:]):
        if not _grade_like(token):
            break
        tail.insert(0, token)
    return tail


def _looks_graded(tail: Sequence[str]) -> bool:
    """A run of tokens a reader would take for grades: a level followed by a letter ('2b F'), a sign holding a
    typographic dash ('5 D –'), or one sign of two characters or more ('+/–'). A row of table marks
    ('+ 0 0 + +') is none of these."""
    if any(LOE_LIKE.match(first) and GR_LIKE.match(second) for first, second in itertools.pairwise(tail)):
        return True
    dashed = [token for token in tail if AGO_LIKE.match(token) and any(c in TYPOGRAPHIC_DASHES for c in token)]
    if dashed and (len(tail) >= 2 or len(dashed[0]) >= 2):
        return True
    return len(tail) == 1 and bool(AGO_LIKE.match(tail[0])) and len(tail[0]) >= 2


def _last_tokens(stripped: str, count: int) -> UnreadGrade:
    """The last `count` whitespace-separated tokens of `stripped` as printed (spacing kept), and the text before."""
    position = len(stripped)
    for token in reversed(stripped.split()[-count:]):
        position = stripped.rindex(token, 0, position)
    return UnreadGrade(stripped[position:], stripped[:position])


def unread_grade(line: str) -> UnreadGrade | None:
    """The end of `line` when it looks like grades but is not read as grades, else None.

    Catches what `printed_grade` alone would let pass as text: an unknown value ('2b F +'), a split sign
    ('1b B + +'; '1b B + ++' would read as AGO '++' after the words '1b B +'), a typographic dash ('5 D –').
    Nothing is mapped to a grade.
    """
    if LIST_LIKE.match(line):
        return _unread_list_grade(line)
    grade = printed_grade(line)
    if grade is not None and grade.loe is not None:
        return None  # read from its level on: what stands before is words
    before = grade.text_before if grade else line
    tail = _grade_like_tail(before)
    if grade is None and not _looks_graded(tail):
        return None
    if grade is not None and not (tail and (_looks_graded([*tail, grade.ago or ""]) or AGO_LIKE.match(tail[-1]))):
        return None
    stripped = line.rstrip()
    count = len(tail) + (len(stripped[len(before) :].split()) if grade else 0)
    return _last_tokens(stripped, count)


# Grade debris: what a misread grade leaves at the end of the words ('la A', '1a a', 'Ib', '1 b', '1e', '6', '++.',
# '*', '–'): a near-miss level of evidence, a single letter, a run of signs, each maybe followed by punctuation.
NEAR_LOE = re.compile(r"^(?:[0-9][a-zA-Z]?|[lI|][a-dA-D])$")
DEBRIS_CORE = re.compile(r"^(?:[0-9lI|][a-zA-Z]?|[A-Za-z]|[-+/\u00b1\u2010-\u2015\u2212\uff0b\ufe63\uff0d]+)$")
DEBRIS_PUNCTUATION = ".,;:*\u2020\u2021!?)'\""
DEBRIS_MAX = 5  # tokens: 'LoE GR AGO' misread, with a sign split in two and a mark after it


def _debris_core(token: str) -> str | None:
    """The token without trailing punctuation when it is grade debris ('' for punctuation alone), else None."""
    core = token.rstrip(DEBRIS_PUNCTUATION)
    return core if core == "" or DEBRIS_CORE.match(core) else None


def _debris_anchor(core: str) -> bool:
    """A near-miss level ('la', 'Ib', '1e', '6') or a run of signs: what makes a run of debris look like grades."""
    return bool(NEAR_LOE.match(core) or AGO_LIKE.match(core))


# Words a bare number follows as part of the words ('from day 2', 'grade 3', 'ab Tag 2'), not as a grade.
COUNTED = frozenset(
    {"day", "days", "week", "weeks", "month", "months", "year", "years", "cycle", "cycles", "course", "stage",
     "grade", "type", "phase", "line", "level", "step", "dose", "doses", "visit", "tag", "tage", "woche", "wochen",
     "monat", "monate", "jahr", "jahre", "zyklus", "zyklen", "stadium", "typ", "linie", "stufe", "dosis",
     "from", "until", "since", "ab", "bis", "seit", "nr", "part", "teil", "cohort", "kohorte", "arm", "version", "bi-rads", "ecog"}
)


def debris_tail(words: str) -> str | None:
    """The end of `words` that looks like misread grades ('la A', '1a a ++.', '3b C ++ *', '1 b', '–'), else None.

    A trailing run (at most DEBRIS_MAX tokens) of debris holding a near-miss level or a sign; a single letter
    or a mark alone ('vitamin D', 'patients *') is words."""
    tokens = strip_bullet(words).split()
    tail: list[str] = []
    for token in reversed(tokens):
        if _debris_core(token) is None or len(tail) == DEBRIS_MAX:
            break
        if ")" in token and words.count("(") == words.count(")"):
            break  # '(monarchE cohort 1)*': the parenthesis closes words, a footnote marker may follow
        tail.insert(0, token)
    while tail and not _debris_anchor(_debris_core(tail[0]) or ""):
        tail.pop(0)  # a run of debris starts at its level or sign: 'vitamin D 6' ends with '6'
    before = tokens[len(tokens) - len(tail) - 1] if 0 < len(tail) < len(tokens) else ""
    if len(tail) == 1 and tail[0].isdigit() and before.lower().rstrip(".,:") in COUNTED:
        return None  # 'from day 2', 'after cycle 4', 'stage 3': a number the words count with
    return " ".join(tail) or None


def grades_alone(line: str) -> bool:
    """A line that prints grades and nothing else ('1b', '3b C ++')."""
    grade = printed_grade(line)
    return grade is not None and not grade.text_before.strip()


def debris_alone(line: str) -> bool:
    """A line of grade debris and nothing else ('Ib', '1 b', '3b C ++ *'): what a misread grades-alone line prints."""
    tokens = line.split()
    return 1 <= len(tokens) <= DEBRIS_MAX and all(_debris_core(token) is not None for token in tokens)


def debris_grade(
    source: Sequence[str], lines: Sequence[int], grade_line: int | None, words: str, grades: Sequence[str | None]
) -> UnreadGrade | None:
    """A grade line misread as words: the line prints fewer of `grades` (the item's grades so far) and its words
    are `words` followed by a short run of grade debris ('la A ++', '1a a ++', 'Ib', '1 b', '6', '1a A ++.',
    '3b C ++ *', '–'). Returns the unread end of the line (debris and any grade read after it), else None.

    Not a removal: the committee's line lost its grades to a misprint, so words and grades stay as they were.
    """
    if grade_line is None or not 1 <= grade_line <= len(source):
        return None
    line = source[grade_line - 1]
    unread = unread_grade(line)
    if unread is not None:
        return unread
    grade = printed_grade(line)
    now = (grade.loe, grade.gr, grade.ago) if grade else (None, None, None)
    if not any(was and not new for was, new in zip(grades, now, strict=True)):
        return None
    before = collapse(words)
    printed = item_text(source, lines, grade_line)
    if grade_line in lines:
        if not printed.startswith(before + " ") and before:
            return None
        extra = printed[len(before) :].split()
    else:  # grades on a line of their own ('1b' under the words): its words are all debris
        if printed != before:
            return None
        extra = strip_bullet(grade.text_before if grade else line).split()
    if not 1 <= len(extra) <= DEBRIS_MAX or any(_debris_core(token) is None for token in extra):
        return None
    if not any(_debris_anchor(_debris_core(token) or "") or GR_LIKE.match(token) for token in extra):
        return None
    stripped = line.rstrip()
    count = len(extra) + (len(stripped[len(grade.text_before) :].split()) if grade else 0)
    own = strip_bullet(stripped).split()
    if count > len(own):
        return None  # the debris begins on a line before the grade line
    return _last_tokens(stripped, count)


LIST_LIKE = re.compile(r"^\s*Oxford\s+LoE\s*:", re.IGNORECASE)
LIST_LOOSE = re.compile(r"^\s*Oxford\s+LoE\s*:\s*(?P<loe>.*?)\s*GR\s*:\s*(?P<gr>.*?)\s*AGO\s*:\s*(?P<ago>.*?)\s*$")
# The shape of each grade as the source prints it (the values grading.yaml allows are checked by validate).
GRADE_SHAPES = {"loe": r"[1-5][a-d]?", "gr": r"[A-D]", "ago": r"\+\+|\+/-|\+|--|-"}


def _unread_list_grade(line: str) -> UnreadGrade | None:
    """A list-grade line ('Oxford LoE: 2a GR: A AGO: ++') whose values do not read ('AGO: –', 'AGO: + +', a
    scale missing): its grades as 'LoE GR AGO' (the whole line where a scale is missing), else None."""
    listed = LIST_GRADE.match(line)
    if listed and all(re.fullmatch(shape, listed[scale]) for scale, shape in GRADE_SHAPES.items()):
        return None
    loose = LIST_LOOSE.match(line)
    if loose and all(loose[scale] for scale in GRADE_SHAPES):
        return UnreadGrade(" ".join(loose[scale] for scale in GRADE_SHAPES), "")
    return UnreadGrade(line.strip(), "")




def _dashes(value: str) -> str:
    named = sorted({f"'{c}' (U+{ord(c):04X}, a typographic dash)" for c in value if c in TYPOGRAPHIC_DASHES})
    return f" ({', '.join(named)} is not the hyphen-minus '-' the grades use)" if named else ""


def explain_unread(printed: str, allowed: Mapping[str, Sequence[str]]) -> str:
    """What in an unread grade tail was not understood, and what is allowed (`allowed`: scale -> values).

    A typographic dash is named, and where writing '-' for it gives an allowed value that value is offered as
    the likely reading; nothing is read into the grades.
    """
    tokens = printed.split()
    position, found = 0, {}
    marks = []
    while tokens and not tokens[-1].rstrip(DEBRIS_PUNCTUATION):
        marks.insert(0, tokens.pop())  # '3b C ++ *': a mark after the grades
    if tokens and tokens[-1] != tokens[-1].rstrip(DEBRIS_PUNCTUATION) and tokens[-1].rstrip(DEBRIS_PUNCTUATION):
        marks.insert(0, tokens[-1][len(tokens[-1].rstrip(DEBRIS_PUNCTUATION)) :])  # '1a A ++.'
        tokens[-1] = tokens[-1].rstrip(DEBRIS_PUNCTUATION)
    if position < len(tokens) and (LOE_LIKE.match(tokens[position]) or NEAR_LOE.match(tokens[position])):
        found["loe"], position = tokens[position], position + 1
    if position < len(tokens) and re.match(r"^[A-Za-z]$", tokens[position]):
        found["gr"], position = tokens[position], position + 1
    if position < len(tokens):
        found["ago"] = " ".join(tokens[position:])
    wrong = [f"{' '.join(marks)!r} after the grades belongs to no grade"] if marks else []
    for scale, value in found.items():
        if value in allowed[scale]:
            continue
        what = f"{grade_phrase(scale, repr(value))} is not an allowed value{_dashes(value)}"
        if " " in value:
            what += "; a grade is one token, here it is split"
        likely = "".join("-" if c in TYPOGRAPHIC_DASHES else c for c in value)
        if likely != value and likely in allowed[scale]:
            what += f"; likely meant {likely!r}, but that is not assumed"
        wrong.append(what)
    if not wrong:
        wrong.append("it is not 'LoE GR AGO' in this order, one token each")
    return f"{'; '.join(wrong)} (allowed: {allowed_text(allowed)})"


def strip_bullet(line: str) -> str:
    return BULLET.sub("", line.strip())


def join_printed(parts: Sequence[str]) -> str:
    """Join wrapped lines as a reader reads them: a word split after a hyphen is rejoined."""
    joined = ""
    for part in (collapse(part) for part in parts):
        if not part:
            continue
        if joined and not (joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha()):
            joined += " "
        joined += part
    return joined


def graded_line_numbers(source: Sequence[str]) -> list[int]:
    """Every line of the source that prints a grade (1-based)."""
    return [number for number, line in enumerate(source, start=1) if printed_grade(line) is not None]


LONE_SIGN = re.compile(r"\s(?P<ago>[-+])\s*$")


def lone_sign(line: str) -> PrintedGrade | None:
    """An AGO grade printed alone as one sign ('... Bewegungstherapie +', under a column header of AGO alone). Never read
    as a grade by itself (a table row ends so too): it counts where the data gives the line that AGO grade."""
    if printed_grade(line) is not None or unread_grade(line) is not None:
        return None
    match = LONE_SIGN.search(line)
    return PrintedGrade(None, None, match["ago"], line[: match.start()]) if match else None


def item_text(source: Sequence[str], lines: Sequence[int], grade_line: int | None) -> str:
    """The text an item's lines print, bullets and the trailing grade removed."""
    parts = []
    for number in lines:
        line = source[number - 1]
        if number == grade_line:
            grade = unread_grade(line) or printed_grade(line) or lone_sign(line)
            line = grade.text_before if grade else line
        parts.append(strip_bullet(line))
    return join_printed(parts)


def plain_text(source: Sequence[str], lines: Sequence[int]) -> str:
    return join_printed([strip_bullet(source[number - 1]) for number in lines])


def qualifies(words: str) -> bool:
    """Whether a bullet's words only qualify the heading above it (a schedule, a dose, 'with ...', lower case):
    the evidence that lets a bullet printed with the heading's own sign stand under it."""
    words = words.strip()
    return bool(QUALIFIER.match(words) or SCHEDULE.match(words))
