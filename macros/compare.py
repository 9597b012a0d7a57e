"""Comparing two releases by stable id: added, retired, regraded, reworded, moved; trials and tables."""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from dataclasses import dataclass

from . import urls
from .export import plain
from .grades import SCALES, changes_text, direction, under_review_text
from .index import all_items, recommendations_by_id
from .model import SOURCE_LINE_FIELDS, Grading, RecommendationsBlock, Release, TableBlock, TrialBlock


@dataclass(frozen=True)
class Regrade:
    id: str
    scale: str
    old: str | None
    new: str | None
    direction: str  # "upgraded", "downgraded" or "changed" (printed or no longer printed)


@dataclass(frozen=True)
class Rewording:
    id: str
    old_id: str
    old: str
    new: str
    diff: str  # words: [-removed-] {+added+}


@dataclass(frozen=True)
class Move:
    id: str
    old_topic: str
    new_topic: str


@dataclass(frozen=True)
class GradeChange:
    scale: str  # loe, gr, ago
    old: str | None
    new: str | None
    direction: str  # upgraded, downgraded, changed, unchanged, new, retired


@dataclass(frozen=True)
class Entry:
    """One recommendation as a clinician reads the comparison: its words and all three grades, old -> new."""

    id: str
    change: str  # new, retired, regraded, reworded, regraded and reworded, moved
    topic: str
    old_text: str | None
    new_text: str | None
    diff: str | None
    grades: tuple[GradeChange, ...]
    release: str  # where its page is: the new release, or for a retired one the last release that had it
    old_id: str | None = None
    url: str = ""  # its page, relative to the new release's root (a retired one's in the last release that had it)
    context: str = ""  # what it is nested under ('Zoledronate IV 4 mg'), '' for a top-level item

    def named(self, words: str | None) -> str:
        """Its words with what they are nested under: 'q12w' reads 'Zoledronate IV 4 mg › q12w'."""
        words = " ".join((words or "").split())
        return f"{self.context} › {words}" if self.context else words

    @property
    def reworded_in_context(self) -> bool:
        """What it is nested under was reworded: its diff then runs over its context and its words."""
        return (self.diff or "").count(" › ") > (self.new_text or "").count(" › ")

    def reworded_words(self) -> str:
        """The word diff as read: with its context, which the diff already holds when the context changed."""
        return self.diff or "" if self.reworded_in_context else self.named(self.diff)


@dataclass(frozen=True)
class Comparison:
    old: str
    new: str
    added: tuple[str, ...]
    retired: tuple[tuple[str, str, str | None], ...]  # id, reason, successor
    regraded: tuple[Regrade, ...]
    reworded: tuple[Rewording, ...]
    moved: tuple[Move, ...]
    retitled_topics: tuple[tuple[str, str, str], ...]
    changed_blocks: tuple[str, ...]
    entries: tuple[Entry, ...] = ()
    ungraded: tuple[str, ...] = ()  # graded in the earlier release, still carried here but printed without grades
    dropped: tuple[str, ...] = ()  # of `retired`: no longer carried, yet release.yaml has no `retired:` entry for it

    @property
    def changed_ids(self) -> set[str]:
        return {r.id for r in self.regraded} | {r.id for r in self.reworded} | {m.id for m in self.moved}


def diff_sides(diff: str) -> tuple[str, str]:
    """The old and the new words a word diff (`word_diff`) was made from."""
    old = re.sub(r"\{\+.*?\+\}", "", diff).replace("[-", "").replace("-]", "")
    new = re.sub(r"\[-.*?-\]", "", diff).replace("{+", "").replace("+}", "")
    return " ".join(old.split()), " ".join(new.split())


def word_diff(old: str, new: str) -> str:
    """A word-level diff: removed words as [-...-], added as {+...+}."""
    old_words, new_words = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append("[-" + " ".join(old_words[i1:i2]) + "-]")
        if tag in ("insert", "replace"):
            parts.append("{+" + " ".join(new_words[j1:j2]) + "+}")
        if tag == "equal":
            parts.append(" ".join(old_words[i1:i2]))
    return " ".join(parts)


def without_lines(value: object) -> object:
    """Plain data with every source line number removed: what a block says, not where it stands."""
    if isinstance(value, dict):
        return {key: without_lines(entry) for key, entry in value.items() if key not in SOURCE_LINE_FIELDS}
    if isinstance(value, list):
        return [without_lines(entry) for entry in value]
    return value


def _blocks(release: Release, kind: type) -> dict[str, str]:
    """Trials and tables by id, as their content (a shift of line numbers is no change)."""
    return {
        block.id: json.dumps(without_lines(plain(block)), sort_keys=True)
        for topic in release.topics
        for block in topic.blocks
        if isinstance(block, kind)
    }


def compare(old: Release, new: Release) -> Comparison:
    """What changed from `old` to `new`. Rewordings under a new id count only where declared (`replaces`)."""
    before, after = recommendations_by_id(old), recommendations_by_id(new)
    pairs = []
    for now in after.values():
        old_ids = [now.id] if now.id in before else [i for i in now.recommendation.replaces if i in before]
        pairs += [(before[old_id], now) for old_id in old_ids]
    regraded, reworded, moved = [], [], []
    for was, now in pairs:
        for scale in SCALES:
            if getattr(was, scale) != getattr(now, scale):
                regraded.append(
                    Regrade(
                        now.id,
                        scale,
                        getattr(was, scale),
                        getattr(now, scale),
                        direction(getattr(new.grading, scale), getattr(was, scale), getattr(now, scale)),
                    )
                )
        if _words(was) != _words(now) or was.id != now.id or _in_context(was, now):
            reworded.append(Rewording(now.id, was.id, was.text, now.text, _diff(was, now)))
        if was.topic.id != now.topic.id:
            moved.append(Move(now.id, was.topic.id, now.topic.id))
    retirements = {entry.id: entry for entry in new.metadata.retired}
    carried = {item.id for _, _, item, _ in all_items(new)}
    retired = tuple(
        (i, retirements[i].reason if i in retirements else "", retirements[i].successor if i in retirements else None)
        for i in before
        if i not in after and i not in carried
    )
    ungraded = tuple(i for i in before if i not in after and i in carried)
    old_titles = {topic.id: topic.title.text for topic in old.topics}
    changed_blocks = []
    for kind in (TrialBlock, TableBlock):
        was_blocks, now_blocks = _blocks(old, kind), _blocks(new, kind)
        changed_blocks += sorted(
            f"{kind.__name__.removesuffix('Block').lower()} '{block_id}'"
            + (" (new)" if block_id not in was_blocks else " (removed)" if block_id not in now_blocks else "")
            for block_id in was_blocks.keys() | now_blocks.keys()
            if was_blocks.get(block_id) != now_blocks.get(block_id)
        )
    added = tuple(i for i in after if i not in before and not after[i].recommendation.replaces)
    changed_blocks += _other_text(old, new)
    return Comparison(
        old=old.id,
        new=new.id,
        added=added,
        retired=retired,
        regraded=tuple(regraded),
        reworded=tuple(reworded),
        moved=tuple(moved),
        retitled_topics=tuple(
            (t.id, old_titles[t.id], t.title.text)
            for t in new.topics
            if t.id in old_titles and old_titles[t.id] != t.title.text
        ),
        changed_blocks=tuple(changed_blocks),
        entries=_entries(old, new, pairs, added, retired, ungraded),
        ungraded=ungraded,
        dropped=tuple(i for i, _, _ in retired if i not in retirements),
    )


def _words(indexed) -> str:
    return " ".join(indexed.text.split())


def _named(indexed) -> str:
    """Its words with the items it is nested under: a reworded group heading rewords its members in context."""
    return " › ".join(" ".join(words.split()) for words in (*indexed.context, indexed.text))


def _in_context(was, now) -> bool:
    """On the same slide, what it is nested under was reworded (on another slide it moved: reported as moved)."""
    return was.topic.id == now.topic.id and _named(was) != _named(now) and was.context != now.context


def _diff(was, now) -> str:
    """The word diff of its words, or of its words in context where what it is nested under was reworded."""
    return word_diff(_named(was), _named(now)) if _in_context(was, now) else word_diff(was.text, now.text)


def _printed_rest(topic) -> str:
    """What a topic prints besides its recommendations, trials and tables: notes, lists, links, footnotes."""
    rest = [block for block in topic.blocks if not isinstance(block, (RecommendationsBlock, TrialBlock, TableBlock))]
    headings = [block.heading for block in topic.blocks if isinstance(block, RecommendationsBlock) and block.heading]
    return json.dumps(without_lines(plain([rest, headings, topic.footnotes])), sort_keys=True)


def _other_text(old: Release, new: Release) -> list[str]:
    """Topics new or removed, and topics whose other printed text changed (line numbers aside)."""
    before = {topic.id: _printed_rest(topic) for topic in old.topics}
    after = {topic.id: _printed_rest(topic) for topic in new.topics}
    found = [f"topic '{i}' (new)" for i in after if i not in before]
    found += [f"topic '{i}' (removed)" for i in before if i not in after]
    found += [
        f"notes, lists, links or footnotes of topic '{i}'" for i in after if i in before and before[i] != after[i]
    ]
    return found


def _grades(grading: Grading, was, now) -> tuple[GradeChange, ...]:
    changes = []
    for scale in SCALES:
        old_value, new_value = getattr(was, scale) if was else None, getattr(now, scale) if now else None
        if was is None:
            how = "new"
        elif now is None:
            how = "retired"
        elif old_value == new_value:
            how = "unchanged"
        else:
            how = direction(getattr(grading, scale), old_value, new_value)
        changes.append(GradeChange(scale, old_value, new_value, how))
    return tuple(changes)


def _entries(old: Release, new: Release, pairs, added, retired, ungraded=()) -> tuple[Entry, ...]:
    """Every recommendation that is new, retired, regraded, reworded or moved, with words and grades."""
    before, after = recommendations_by_id(old), recommendations_by_id(new)
    entries = [
        Entry(i, "new", after[i].topic.id, None, after[i].text, None, _grades(new.grading, None, after[i]), new.id) for i in added
    ]
    for was, now in pairs:
        kinds = []
        if any(getattr(was, scale) != getattr(now, scale) for scale in SCALES):
            kinds.append("regraded")
        if _words(was) != _words(now) or was.id != now.id or _in_context(was, now):
            kinds.append("reworded")
        if not kinds and was.topic.id != now.topic.id:
            kinds.append("moved")
        if kinds:
            entries.append(
                Entry(
                    now.id,
                    " and ".join(kinds),
                    now.topic.id,
                    was.text,
                    now.text,
                    _diff(was, now) if "reworded" in kinds else None,
                    _grades(new.grading, was, now),
                    new.id,
                    was.id if was.id != now.id else None,
                )
            )
    for i, _, _ in retired:
        entries.append(
            Entry(i, "retired", before[i].topic.id, before[i].text, None, None, _grades(new.grading, before[i], None), old.id)
        )
    items = {item.id: (topic, item) for topic, _, item, _ in all_items(new)}
    for i in ungraded:
        topic, item = items[i]
        grades = tuple(
            GradeChange(s, getattr(before[i], s), None, "changed" if getattr(before[i], s) else "unchanged")
            for s in SCALES
        )  # a scale never printed (a LoE-only item's GR) is unchanged, not 'none -> none (changed)'
        changed = " ".join(before[i].text.split()) != " ".join(item.text.split())
        entries.append(
            Entry(
                i,
                "no longer graded",
                topic.id,
                before[i].text,
                item.text,
                word_diff(before[i].text, item.text) if changed else None,
                grades,
                old.id,  # it has no page of its own any more: its last page is the earlier release's
            )
        )
    def context(entry: Entry) -> str:
        indexed = after.get(entry.id) if entry.release == new.id else before.get(entry.id)
        return " › ".join(" ".join(c.split()) for c in indexed.context) if indexed else ""

    return tuple(
        dataclasses.replace(
            entry,
            url=urls.recommendation(entry.id)
            if entry.release == new.id
            else urls.in_release(entry.release, urls.recommendation(entry.id)),
            context=context(entry),
        )
        for entry in entries
    )


def comparison_document(comparison: Comparison) -> dict:
    return plain(comparison)


def comparison_text(comparison: Comparison, review: frozenset[str] = frozenset()) -> str:
    """The comparison for a terminal: one line per change, stable order.

    Every line about a recommendation says what it says and all three grades as the site labels them
    (`LoE 1a, GR A, AGO ++`; a changed grade as `LoE 1a -> 1b (downgraded)`), so an editor reads what was
    added, retired, regraded, reworded or moved without opening the data. A recommendation both regraded and
    reworded has a line of each kind, as on the site's "What changed" page.
    """

    def of(kind: str) -> list[Entry]:
        return [entry for entry in comparison.entries if kind in entry.change.split(" and ")]

    def one_line(text: str | None) -> str:
        return " ".join((text or "").split())

    def grades(entry: Entry) -> str:
        if entry.id in review and entry.release == comparison.new:  # a draft's grade an open decision names
            return "(" + ", ".join(
                under_review_text(change.scale) if change.new is None
                else changes_text([change], arrow="->")
                for change in entry.grades
            ) + ")"
        return f"({changes_text(entry.grades, arrow='->')})"

    retirements = {i: (reason, successor) for i, reason, successor in comparison.retired}
    current = {entry.id: entry for entry in comparison.entries if entry.release == comparison.new}
    lines = [f"Changes from {comparison.old} to {comparison.new}"]
    lines += [f"  added     {e.id}: {e.named(e.new_text)} {grades(e)}, in topic {e.topic}" for e in of("new")]
    for entry in of("retired"):
        reason, successor = retirements.get(entry.id, ("", None))
        if entry.id in comparison.dropped:
            lines.append(
                f"  dropped   {entry.id}: {entry.named(entry.old_text)} {grades(entry)}, last in release {entry.release}; "
                f"no longer carried and not retired in {comparison.new}'s release.yaml (an open decision: retire it "
                "with a reason, or keep it)"
            )
            continue
        lines.append(
            f"  retired   {entry.id}: {entry.named(entry.old_text)} {grades(entry)}, last in release {entry.release}"
            + (f"; successor {successor}" if successor else "")
            + f"; why: {one_line(reason) or 'no reason recorded'}"
        )
    lines += [
        f"  no longer graded  {e.id}: {e.named(e.diff or e.new_text)} {grades(e)}, still printed in topic {e.topic} "
        "without grades"
        for e in of("no longer graded")
    ]
    lines += [f"  regraded  {e.id}: {e.named(e.new_text)} {grades(e)}" for e in of("regraded")]
    lines += [
        f"  reworded  {e.id}" + (f" (was {e.old_id})" if e.old_id else "") + f": {e.reworded_words()} {grades(e)}"
        for e in of("reworded")
    ]
    lines += [
        f"  moved     {m.id}: {current[m.id].named(current[m.id].new_text)} {grades(current[m.id])}, "
        f"topic {m.old_topic} -> {m.new_topic}"
        for m in comparison.moved
    ]
    lines += [f"  retitled  {topic}: {old!r} -> {new!r}" for topic, old, new in comparison.retitled_topics]
    lines += [f"  changed   {block}" for block in comparison.changed_blocks]
    return "\n".join(lines if len(lines) > 1 else [*lines, "  no changes"]) + "\n"
