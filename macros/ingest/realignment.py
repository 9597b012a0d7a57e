"""A draft release realigned to the committee's new source: every line reference moved, changes reported.

`realign_draft(release_folder, new_source, data, chapter)` is what `new-release --source` and `update-source` run. It reads
the draft's YAML as text with positions (no validation needed, so a half-edited draft works too),
aligns its current source with the new one (macros/ingest/alignment.py), and edits only what must change:
line numbers, slide numbers, the words and grades the new source prints, new items and topics, and
retirements with a placeholder reason (an open decision, see macros/decisions.py). Everything else
stays byte-identical. The review report (Markdown) lists every change and every decision left.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from .. import sourcetext
from ..decisions import is_placeholder
from ..grades import SCALES
from ..load import CHAPTER_FILE, RELEASE_FILE, chapter_folder, data_files, load_grading
from ..model import ReadingDecision
from ..yamlsource import PosDict, PosList
from .alignment import Alignment, align
from .documents import Doc, DraftError, in_source_order, ints, mappings, subtree_list
from .drafting import add_new_items, new_change, title_lines, vanish
from .ids import IdPool, known_ids
from .matching import match, retirement_decision, split_decision
from .reader import drafted_recommendations, read_slide
from .releasefiles import (
    add_grade_removals,
    citations,
    count_edited_lines,
    editorial_links,
    grades_by_id,
    realign_sections,
    renumber_comments,
    retire,
    unread_elsewhere,
)
from .review import REPORT_NAME, Change, Report, report_markdown
from .topics import TopicRealigner
from .yamledit import model_document, model_list_document


def realign_draft(release_folder: Path, new_source: Path, data: Path, chapter_id: str) -> Report:
    """Move one chapter of the draft in `release_folder` onto `new_source`; write that chapter's files, the
    release's `retired:`/`grade_removals:` entries and the chapter's REVIEW.md; return the report. No other
    chapter's file is touched.

    Raises DraftError (nothing written) when the chapter's own source or topics cannot be read.
    """
    folder = chapter_folder(release_folder, chapter_id)
    meta = Doc.read(release_folder / RELEASE_FILE)
    chapter_meta = Doc.read(folder / CHAPTER_FILE)
    source_entry = chapter_meta.root.get("source") if isinstance(chapter_meta.root, PosDict) else None
    if not isinstance(source_entry, PosDict) or not source_entry.get("file"):
        raise DraftError(f"{folder / CHAPTER_FILE}: no `source: file:`; the chapter must name its current source")
    old_path = folder / source_entry["file"]
    if not old_path.is_file():
        raise DraftError(f"{old_path} does not exist; restore the draft's current source first")
    recorded = str(source_entry.get("sha256") or "")
    if hashlib.sha256(old_path.read_bytes()).hexdigest() != recorded:
        raise DraftError(
            f"{old_path} is not the source the draft's line numbers refer to (its sha256 differs from the one in "
            f"{CHAPTER_FILE}): put that source back (the release the draft was copied from has it), then run "
            "update-source with the new file"
        )
    old = tuple(old_path.read_text(encoding="utf-8").splitlines())
    payload = new_source.read_bytes()
    try:
        new = tuple(payload.decode("utf-8").splitlines())
    except UnicodeDecodeError as error:
        raise DraftError(f"{new_source} is not UTF-8 text ({error.reason}); save it as UTF-8") from None
    docs = [Doc.read(path) for path in data_files(folder / "topics")]
    slides = []
    for doc in docs:
        lines = ints(doc.root.get("source_lines")) if isinstance(doc.root, PosDict) else []
        if len(lines) != 2:
            raise DraftError(f"{doc.path}: `source_lines` must be [first, last]; fix it, then run again")
        slides.append((lines[0], lines[1]))
    expected = 1
    for doc, (first, last) in zip(docs, slides, strict=False):
        if first != expected or last < first:
            raise DraftError(
                f"{doc.path}: source_lines {[first, last]} must start at line {expected}; the topics must tile "
                f"the draft's current source ({old_path.name}) before it can be realigned"
            )
        expected = last + 1
    alignment = align(old, new, slides)
    report = Report(release_folder.name, old_path.name, new_source.name, grading=load_grading(data), chapter=chapter_id)
    taken = known_ids(data)
    realigners = [TopicRealigner(doc, alignment, old, new, report) for doc in docs]
    for realigner in realigners:
        realigner.remap_lines()
    matching = match(realigners, alignment, new)
    by_old_index = dict(enumerate(realigners))
    new_slide_of: dict[int, tuple[int, int, int]] = {}  # old index -> (slide number, first, last)
    for number, slide in enumerate(alignment.slides, start=1):
        if slide.old_index is not None:
            new_slide_of[slide.old_index] = (number, slide.first, slide.last)
    for index, realigner in by_old_index.items():
        if index in alignment.removed_slides:
            continue
        title = realigner.root.get("title")
        _, first, last = new_slide_of[index]
        if isinstance(title, PosDict) and not realigner.value(title, "lines"):
            realigner.set(title, "lines", title_lines(new, first, last))
        realigner.recommendations()
        realigner.settle()
        realigner.absorb()
    # chapter metadata: printed lines and texts
    printed = chapter_meta.root.get("printed") if isinstance(chapter_meta.root, PosDict) else None
    meta_claimed: set[int] = set()
    for name, piece in (printed or {}).items():
        if not isinstance(piece, PosDict):
            continue
        lines = list(alignment.lines(ints(piece.get("lines"))))
        if not lines:
            report.changes.append(
                Change(
                    "text",
                    f"printed {name}",
                    CHAPTER_FILE,
                    decision=(f"the {name} is no longer printed where it was: give its new lines in {CHAPTER_FILE}"),
                )
            )
            continue
        meta_claimed.update(lines)
        if lines != ints(piece.get("lines")):
            chapter_meta.text.replace_value(piece.value_positions["lines"], lines)
        text = sourcetext.plain_text(new, lines)
        if sourcetext.collapse(piece.get("text") or "") != text:
            chapter_meta.text.replace_value(piece.value_positions["text"], text)
            report.changes.append(Change("text", f"printed {name}", CHAPTER_FILE, lines[0], piece.get("text"), text))
    # topics: slides, removed slides, new items, new slides
    outputs: dict[Path, str] = {}
    retired: list[tuple[str, str]] = []
    new_topics: dict[int, str] = {}  # slide number -> topic id
    topic_ids = {index: realigner.root.get("id") for index, realigner in by_old_index.items()}
    for index in alignment.removed_slides:
        realigner = by_old_index[index]
        blocks = [block for block in realigner.root.get("blocks") or [] if isinstance(block, PosDict)]
        items = [  # recommendations only: a list's entries and a note's lines have no id to retire
            node
            for block in blocks
            if block.get("kind") == "recommendations"
            for node in subtree_list(block.get("items") or [])
            if node.get("id")
        ]
        retired += [(str(node["id"]), node.get("text", "")) for node in items]
        kinds: dict[str, int] = {}
        for block in blocks:
            kinds[str(block.get("kind"))] = kinds.get(str(block.get("kind")), 0) + 1
        held = ", ".join(f"{count} {kind} block(s)" for kind, count in kinds.items()) or "no block"
        footnotes = realigner.root.get("footnotes")
        if isinstance(footnotes, PosList) and footnotes:
            held += f" and {len(footnotes)} footnote(s) ({', '.join(str(f.get('marker')) for f in footnotes)})"
        report.changes.append(
            Change(
                "removed-topic",
                topic_ids[index],
                realigner.file,
                old=realigner.root.get("title", {}).get("text", ""),
                note=f"held {held}; "
                + (
                    f"its {len(items)} recommendation item(s) are retired (decisions above)"
                    if items
                    else "no recommendation, so no open decision holds `publish` for it: confirm the committee "
                    "removed it"
                ),
            )
        )
    for index in alignment.moved_slides:
        number, first, _ = new_slide_of[index]
        report.changes.append(
            Change(
                "moved-topic",
                topic_ids[index],
                by_old_index[index].file,
                first,
                f"slide {index + 1}",
                f"slide {number}",
            )
        )
    pool = IdPool(taken)
    for number, entry in matching.elsewhere.items():
        pool.by_line[number] = (entry.id, [str(tag) for tag in entry.item.get("tags") or []])
        pool.origin[entry.id] = (entry.text, entry.grades)
    pool.line_notes.update(matching.line_notes)
    pool.split_from.update(matching.split_from)
    for realigner in realigners:  # footnotes an item cites, should it move to another slide
        printed = {str(f.get("marker")): str(f.get("text", "")) for f in realigner.root.get("footnotes") or []}
        for block in realigner.root.get("blocks") or []:
            for node in subtree_list(block.get("items") or []) if isinstance(block, PosDict) else []:
                refs = [str(ref) for ref in node.get("footnote_refs") or []]
                if refs:
                    pool.footnotes[str(node.get("id"))] = [(ref, printed.get(ref, "")) for ref in refs]
    for realigner in realigners:
        for item in realigner.removed_items:
            vanish(pool, item)
    for index in alignment.removed_slides:
        for block in by_old_index[index].root.get("blocks") or []:
            if isinstance(block, PosDict):
                for item in block.get("items") or []:
                    vanish(pool, item)
    reading_decisions = carried_decisions(folder / "decisions.yaml", alignment, report)
    renamed: dict[str, str] = {}  # a kept slide's topic file -> its name once renumbered
    for number, slide in enumerate(alignment.slides, start=1):
        claimed = set(meta_claimed)
        if slide.old_index is None:
            # a new slide: the slide reader drafts it (list grades, groups, grades on their own lines, notes ...)
            topic, decisions = read_slide(new, slide.first, slide.last, number, report.grading, pool, set(meta_claimed))
            topic_id = topic.id
            file = f"{number:02d}-{topic_id}.yaml"
            outputs[folder / "topics" / file] = model_document(
                topic,
                "New slide of the committee's new source, drafted by the slide reader: check the id, the\n"
                "section (sections.yaml) and the blocks.",
            )
            new_topics[number] = topic_id
            title = topic.title.lines
            report.changes.append(
                Change("new-topic", topic_id, file, slide.first, new=topic.title.text, decision="")
            )
            for item, grades, line in drafted_recommendations(topic):
                drafted = {"id": item.id, "text": item.text, **dict(zip(SCALES, grades, strict=True))}
                report.changes.append(new_change(drafted, file, line, pool, report.grading))
            reading_decisions += decisions
            report.changes += [Change("new", d.item, file, d.line, decision=d.decision) for d in decisions]
            continue
        realigner = by_old_index[slide.old_index]
        root = realigner.root
        if int(root.get("slide", 0) or 0) != number:
            realigner.doc.text.replace_value(root.value_positions["slide"], number)
        if ints(root.get("source_lines")) != [slide.first, slide.last]:
            realigner.doc.text.replace_value(root.value_positions["source_lines"], [slide.first, slide.last])
        claimed |= realigner.claimed
        realigner.relocate_footnotes(slide.first, slide.last, claimed)
        add_new_items(realigner, new, slide.first, slide.last, claimed, pool, report)
        realigner.words_and_grades()  # first: an item left without grades drops its grade_line
        realigner.write_lines()
        realigner.printed_texts()
        realigner.carried_values()
        retired += realigner.retired
        rest = re.sub(r"^[0-9]+[a-z]?-", "", realigner.doc.path.name)
        renamed[realigner.file] = f"{number:02d}-{rest}"
        outputs[folder / "topics" / f"{number:02d}-{rest}"] = renumber_comments(
            in_source_order(realigner.doc.text.result(), str(realigner.doc.path)), alignment, f"{number:02d}-{rest}", report
        )
    for moved in pool.decisions:
        reading_decisions.append(moved)
        report.changes.append(Change("moved", moved.item, "decisions.yaml", moved.line, decision=moved.decision))
    for identifier in sorted(matching.split, key=lambda found: matching.split_kept[found]):
        owner = next(r for r in realigners if any(e.get("id") == identifier for e in mappings(r.root)))
        split = ReadingDecision(matching.split[identifier][0], identifier, split_decision(identifier, matching))
        reading_decisions.append(split)
        report.changes.append(Change("split", identifier, owner.file, split.line, decision=split.decision))
    retired = [(identifier, text) for identifier, text in retired if identifier not in pool.moved]
    graded_before = grades_by_id(docs)
    for identifier, text in retired:
        report.changes.append(
            Change(
                "retired",
                identifier,
                "release.yaml",
                old=text,
                grades=tuple(
                    (scale, grade, None, "was") for scale, grade in zip(SCALES, graded_before.get(identifier, ()), strict=False)
                ),
                decision=retirement_decision(identifier, matching, new),
            )
        )
    retire(meta, retired, {identifier: survivor for identifier, (survivor, _) in matching.merged.items()})
    add_grade_removals(meta, report)
    unread_elsewhere(new, report)
    chapter_meta.text.replace_value(source_entry.value_positions["file"], f"source/{new_source.name}")
    chapter_meta.text.replace_value(source_entry.value_positions["sha256"], hashlib.sha256(payload).hexdigest())
    outputs[folder / CHAPTER_FILE] = renumber_comments(chapter_meta.text.result(), alignment, CHAPTER_FILE, report)
    release_text = meta.text.result()
    if release_text != meta.text.text:  # retirements and grade removals; its comments cite no chapter's lines
        outputs[release_folder / RELEASE_FILE] = release_text
    reading_decisions = list(dict.fromkeys(reading_decisions))  # an earlier run's entry found again: once
    if reading_decisions or (folder / "decisions.yaml").is_file():  # open until the editor deletes them
        outputs[folder / "decisions.yaml"] = model_list_document(
            reading_decisions,
            "Readings drafted where the text allows more than one (new slides read by the slide reader, lines\n"
            "split in two): check each against the slide, correct the topic where needed, then delete the entry.",
        )
    sections_path = folder / "sections.yaml"
    if sections_path.is_file():
        outputs[sections_path] = renumber_comments(
            realign_sections(Doc.read(sections_path), alignment, topic_ids, new_topics), alignment, "sections.yaml", report
        )
    retired_ids = {identifier for identifier, _ in retired}
    earlier = meta.root.get("retired") if isinstance(meta.root, PosDict) else None
    for entry in earlier if isinstance(earlier, PosList) else []:
        if isinstance(entry, PosDict) and is_placeholder(str(entry.get("reason") or "")):
            retired_ids.add(str(entry.get("id")))  # still open from an earlier run
            report.changes.append(
                Change(
                    "retired",
                    str(entry.get("id")),
                    f"release.yaml:{entry.position[0]}",
                    decision="still open from an earlier run: write the reason in release.yaml `retired:`",
                )
            )
    for kind in ("flows", "cases"):
        for path in data_files(folder / kind):
            report.changes += citations(
                Doc.read(path), retired_ids, kind, {old: new for old, (new, _) in matching.merged.items()}
            )
    removed_topics = {topic_ids[index] for index in alignment.removed_slides}
    for name in ("search.yaml", "informs.yaml"):
        if (folder / name).is_file():
            doc = Doc.read(folder / name)
            result = renumber_comments(
                editorial_links(doc, retired_ids | report.ungraded, removed_topics, report), alignment, name, report
            )
            if result != doc.text.text:
                outputs[folder / name] = result
    # write: nothing before this point touched the disk
    before = {
        path: path.read_text(encoding="utf-8")
        for path in [
            *(d.path for d in docs),
            release_folder / RELEASE_FILE,
            folder / CHAPTER_FILE,
            sections_path,
            folder / "search.yaml",
            folder / "informs.yaml",
        ]
        if path.is_file()
    }
    for doc in docs:
        doc.path.unlink()
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    target = folder / "source" / new_source.name
    if old_path.resolve() != target.resolve() and old_path.is_file():
        old_path.unlink()
    if new_source.resolve() != target.resolve():
        shutil.copyfile(new_source, target)
    # a file neither rewritten nor removed (search.yaml, informs.yaml left as they were) has no edited line
    report.edited_lines = count_edited_lines(
        {path: text for path, text in before.items() if path in outputs or not path.is_file()}, outputs
    )
    report.files = sum(1 for path, text in outputs.items() if before.get(path) != text)
    for change in report.changes:  # the report and the CLI name each topic file as it is now called
        change.file = renamed.get(change.file, change.file)
    (folder / REPORT_NAME).write_text(report_markdown(report), encoding="utf-8")
    return report




def carried_decisions(path: Path, alignment: Alignment, report: Report) -> list[ReadingDecision]:
    """The decisions.yaml entries an earlier run left open, their line moved with it (an entry whose line the new
    source no longer prints is reported, not kept: what it asked about is gone)."""
    if not path.is_file():
        return []
    doc = Doc.read(path)
    kept = []
    for entry in doc.root if isinstance(doc.root, PosList) else []:
        if not isinstance(entry, PosDict) or not str(entry.get("line", "")).isdigit():
            continue
        line = alignment.line(int(entry["line"]))
        item, decision = str(entry.get("item", "")), str(entry.get("decision", ""))
        if line is None:
            report.changes.append(
                Change(
                    "text",
                    f"decision on line {entry['line']} ({item})",
                    path.name,
                    old=decision,
                    note="the line this open decision was about is no longer printed: the entry was removed",
                )
            )
            continue
        kept.append(ReadingDecision(line, item, decision))
    return kept
