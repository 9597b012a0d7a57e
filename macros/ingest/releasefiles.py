"""The release's other files realigned: release.yaml (retirements, grade removals), sections, flows and cases citing
retired ids, search terms and slide links, comments citing source lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path

from .. import sourcetext
from ..decisions import PLACEHOLDER_REASON, unread_grade_message
from ..grades import SCALES, SHORT_NAMES
from ..yamlsource import PosDict, PosList
from .alignment import Alignment
from .documents import Doc, append_entries, mappings, subtree_list
from .review import Change, Report
from .yamledit import flow_mapping


def retire(meta: Doc, retired: list[tuple[str, str]], successors: dict[str, str]) -> None:
    """Placeholder retirements under `retired:`; an item merged into another names it as `successor:`."""
    if not retired:
        return
    entries = [
        flow_mapping(
            {
                "id": identifier,
                "reason": f"{PLACEHOLDER_REASON} the new source no longer prints "
                f"{sourcetext.collapse(text)!r}"
                + (f" on its own: merged into {successors[identifier]}?" if identifier in successors else "")
                + "; write why",
                "successor": successors.get(identifier),
            }
        )
        for identifier, text in retired
    ]
    append_entries(meta, "retired", entries)




def grades_by_id(docs: Sequence[Doc]) -> dict[str, tuple[str | None, ...]]:
    """Every item's grades before the realignment: its own, or its list's grade for a member of a graded list."""
    found: dict[str, tuple[str | None, ...]] = {}
    for doc in docs:
        for block in doc.root.get("blocks") or [] if isinstance(doc.root, PosDict) else []:
            if not isinstance(block, PosDict) or block.get("kind") != "recommendations":
                continue
            listed = block.get("list_grade")
            for item in subtree_list(block.get("items") or []):
                own = tuple(item.get(scale) for scale in SCALES)
                if any(own):
                    found[str(item.get("id"))] = own
                elif isinstance(listed, PosDict) and not item.get("children"):
                    found[str(item.get("id"))] = tuple(listed.get(scale) for scale in SCALES)
    return found


def add_grade_removals(meta: Doc, report: Report) -> None:
    """Placeholders under `grade_removals:` for every recommendation whose line prints fewer grades now."""
    entries = [
        flow_mapping(
            {
                "id": identifier,
                "grades": list(scales),
                "reason": f"{PLACEHOLDER_REASON} line {line} prints {printed!r} without its "
                f"{', '.join(SHORT_NAMES[s] for s in scales)}; confirm with the committee and write why",
            }
        )
        for identifier, scales, line, printed in report.removals
    ]
    if not entries:
        return
    append_entries(meta, "grade_removals", entries)


def unread_elsewhere(source: Sequence[str], report: Report) -> None:
    """Lines whose end looks like grades but does not read, held by no recommendation (a note, a list, a new
    line): an open decision each, so no such line is published as words."""
    for number, line in enumerate(source, start=1):
        if number not in report.unread_lines and sourcetext.unread_grade(line):
            report.changes.append(
                Change(
                    "unread",
                    f"source line {number}",
                    report.new_source,
                    number,
                    new=line.strip(),
                    decision=unread_grade_message(report.new_source, number, line, report.grading, ""),
                )
            )


def realign_sections(doc: Doc, alignment: Alignment, topic_ids: dict[int, str], new_topics: dict[int, str]) -> str:
    """Drop removed topics; put each new topic in the section of the slide before it, right after it."""
    removed = {topic_ids[index] for index in alignment.removed_slides}
    after: dict[str, list[str]] = {}
    previous = None
    for number, slide in enumerate(alignment.slides, start=1):
        if slide.old_index is None:
            after.setdefault(previous or "", []).append(new_topics[number])
            previous = new_topics[number]
        else:
            previous = topic_ids[slide.old_index]
    for entry_index, section in enumerate(doc.root if isinstance(doc.root, PosList) else []):
        topics = [str(t) for t in section.get("topics") or []]
        result = []
        for position, topic in enumerate(topics):
            if entry_index == 0 and position == 0:
                result += after.get("", [])
            if topic not in removed:
                result.append(topic)
            chain = [topic]
            while chain:
                following = after.get(chain.pop(0), [])
                result += following
                chain += following
        if result != topics:
            start = doc.text.offset(section.value_positions["topics"])
            doc.text.edits.append((start, doc.text.value_end(start), "[" + ", ".join(result) + "]"))
    return doc.text.result()


def editorial_links(doc: Doc, retired: set[str], removed_topics: set[str], report: Report) -> str:
    """search.yaml / informs.yaml: drop ids the draft retires and slides it removes (editorial aids only);
    an entry left pointing nowhere goes. Each removal is reported for review."""
    entries = doc.root if isinstance(doc.root, PosList) else []
    for position, entry in zip(getattr(doc.root, "value_positions", []), entries, strict=False):
        if not isinstance(entry, PosDict):
            continue
        gone = {"recommendations": retired, "topics": removed_topics}
        kept: dict[str, list[str]] = {}
        for key, drop in gone.items():
            if isinstance(entry.get(key), PosList):
                kept[key] = [str(value) for value in entry[key] if value not in drop]
        dropped = [str(v) for key in kept for v in entry[key] if str(v) not in kept[key]]
        topic_gone = entry.get("topic") in removed_topics
        if not dropped and not topic_gone:
            continue
        empty = topic_gone or not any(kept.values()) or ("topic" in entry and not kept.get("recommendations"))
        if empty:
            doc.text.remove_entry(position)
        else:
            for key, values in kept.items():
                if values != [str(v) for v in entry[key]]:
                    start = doc.text.offset(entry.value_positions[key])
                    doc.text.edits.append((start, doc.text.value_end(start), "[" + ", ".join(values) + "]"))
        what = ", ".join(dropped + ([str(entry.get("topic"))] if topic_gone else []))
        report.changes.append(
            Change(
                "editorial",
                what,
                f"{doc.path.name}:{position[0]}",
                new="entry removed" if empty else "ids removed from the entry",
            )
        )
    return doc.text.result()


def citations(doc: Doc, retired: set[str], kind: str, successors: dict[str, str] | None = None) -> list[Change]:
    """Flow steps and cases citing a retired id: a decision each (naming the successor the draft set, if any)."""
    successors = successors or {}
    found = []
    for mapping in mappings(doc.root):
        cited = mapping.get("recommendations")
        if isinstance(cited, PosList):
            for position, identifier in zip(cited.value_positions, cited, strict=False):
                if identifier in retired:
                    found.append(
                        Change(
                            "cited",
                            identifier,
                            f"{kind}/{doc.path.name}:{position[0]}",
                            decision=(
                                "cites a recommendation the new source no longer prints: cite its successor"
                                + (f" (`{successors[identifier]}`, merged with it)" if identifier in successors else "")
                                + f" or rewrite the {'step' if kind == 'flows' else 'expected path'}"
                            ),
                        )
                    )
    return found



CITED_LINES = re.compile(r"\b(lines?)(\s+)([0-9]+)(?:(\s*[-–]\s*)([0-9]+))?")


def renumber_comments(text: str, alignment: Alignment, file: str, report: Report) -> str:
    """Whole-line comments that cite source lines ('lines 441-449', 'line 363') follow their lines as the data does.

    A comment copied from the old release would otherwise point at the old numbering. Each renumbered comment
    is reported (its words may need a look); one citing a line the new source no longer prints is reported and
    left as it is.
    """
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if not line.lstrip().startswith("#"):
            out.append(line)
            continue
        gone: list[str] = []

        def moved(match: re.Match, gone: list[str] = gone) -> str:
            first, last = int(match.group(3)), int(match.group(5) or match.group(3))
            now = alignment.lines(range(first, last + 1))
            if not now:
                gone.append(match.group(0))
                return match.group(0)
            if match.group(5) is None:
                return f"{match.group(1)}{match.group(2)}{alignment.line(first) or now[-1]}"
            return f"{match.group(1)}{match.group(2)}{now[0]}{match.group(4)}{now[-1]}"

        renumbered = CITED_LINES.sub(moved, line)
        if renumbered != line:
            report.changes.append(
                Change("comment", f"comment at line {number}", file, old=line.strip(), new=renumbered.strip())
            )
        for cited in gone:
            report.changes.append(
                Change(
                    "comment",
                    f"comment at line {number}",
                    file,
                    old=line.strip(),
                    decision="",
                    new=f"{line.strip()} [cites {cited}, which the new source no longer prints: reword it]",
                )
            )
        out.append(renumbered)
    return "".join(out)


def count_edited_lines(before: dict[Path, str], after: dict[Path, str]) -> int:
    """YAML lines changed, added or removed across files (a renamed file counts by its content)."""
    by_name = {
        re.sub(r"^[0-9]+[a-z]?-", "", path.name) if path.parent.name == "topics" else path.name: text
        for path, text in before.items()
    }
    count = 0
    for path, text in after.items():
        name = re.sub(r"^[0-9]+[a-z]?-", "", path.name) if path.parent.name == "topics" else path.name
        old_lines = by_name.pop(name, "").splitlines()
        new_lines = text.splitlines()
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
            if tag != "equal":
                count += max(i2 - i1, j2 - j1)
    return count + sum(len(text.splitlines()) for text in by_name.values())


