"""Compare a reading (macros/ingest/reader.py) with a hand-written expected reading (YAML, the format of the
fixtures in tests/fixtures/ingest/*.expected.yaml): slides, recommendations, grades, nesting and decisions.

An expected value `DECISION-...` means the text does not settle it: the reader must record a decision naming
one of the item's lines (what it drafts meanwhile is not compared)."""

from __future__ import annotations

import yaml

from macros.index import walk
from macros.ingest.reader import Reading
from macros.model import RecommendationsBlock


def _decided(value: object) -> bool:
    return isinstance(value, str) and value.startswith("DECISION")


def recommendations(reading: Reading) -> dict[tuple[int, ...], dict]:
    """Every item of the reading by its lines: words, effective grades, grade line, parent words."""
    found = {}
    for topic in reading.topics:
        for block in topic.blocks:
            if not isinstance(block, RecommendationsBlock):
                continue
            parents = {}
            for item, _ in walk(block.items):
                for child in item.children:
                    parents[child.id] = item.text
            for item, _ in walk(block.items):
                listed = block.list_grade if not item.has_own_grade and not item.children else None
                grades = (item.loe, item.gr, item.ago) if item.has_own_grade else (
                    (listed.loe, listed.gr, listed.ago) if listed else (None, None, None))
                parent = parents.get(item.id) or (block.heading.text if block.heading else None)
                found[item.lines] = {
                    "words": item.text,
                    "grades": grades,
                    "grade_line": item.printed_grade_line or (listed.line if listed else None),
                    "parent": parent,
                    "graded": item.has_own_grade or listed is not None,
                    "slide": topic.slide,
                }
    return found


def compare(reading: Reading, expected_text: str) -> tuple[list[str], dict[str, int]]:
    """Differences (empty when the reading is the expected one) and counts: exact, decided, wrong grades."""
    expected = yaml.safe_load(expected_text)
    mine = recommendations(reading)
    decision_lines = {decision.line for decision in reading.decisions}
    problems: list[str] = []
    counts = {"recommendations": 0, "exact": 0, "decided": 0, "grades_wrong": 0}
    slides = {topic.slide: topic for topic in reading.topics}
    for slide in expected["slides"]:
        topic = slides.get(slide["slide"])
        if topic is None or list(topic.source_lines) != slide["source_lines"]:
            problems.append(f"slide {slide['slide']}: lines {slide['source_lines']}, read "
                            f"{list(topic.source_lines) if topic else 'nothing'}")
        elif topic.title.text != slide["title"]["text"]:
            problems.append(f"slide {slide['slide']}: title {slide['title']['text']!r}, read {topic.title.text!r}")

        def check(entries: list[dict]) -> None:
            for entry in entries:
                counts["recommendations"] += 1
                lines = tuple(entry["lines"])
                near = set(lines) | ({entry["grade_line"]} if "grade_line" in entry else set())
                got = mine.get(lines)
                decided_here = bool(near & decision_lines)
                wanted = tuple(entry.get(scale) for scale in ("loe", "gr", "ago"))
                open_keys = [key for key, value in entry.items() if _decided(value)]
                if open_keys and not decided_here:
                    problems.append(f"lines {list(lines)}: {open_keys} need a decision, none recorded")
                if got is None:
                    problems.append(f"lines {list(lines)}: {entry['words']!r} not read as an item")
                    counts["grades_wrong"] += 0 if decided_here else 1
                    check(entry.get("children", []))
                    continue
                grades_ok = all(_decided(w) or w == g for w, g in zip(wanted, got["grades"], strict=True))
                if not grades_ok:
                    if decided_here:
                        counts["decided"] += 1
                    else:
                        counts["grades_wrong"] += 1
                        problems.append(f"lines {list(lines)}: grades {wanted}, read {got['grades']} (no decision)")
                fields_ok = got["words"] == entry["words"] and (
                    _decided(entry.get("parent")) or got["parent"] == entry.get("parent")
                ) and (entry.get("graded_by") == "list_grade" or got["grade_line"] == entry.get(
                    "grade_line", lines[-1] if any(not _decided(w) and w for w in wanted) else got["grade_line"]))
                if grades_ok and fields_ok and not any(_decided(v) for v in wanted):
                    counts["exact"] += 1
                elif not fields_ok:
                    problems.append(f"lines {list(lines)}: expected {entry['words']!r} under {entry.get('parent')!r}"
                                    f" grade line {entry.get('grade_line')}, read {got['words']!r} under "
                                    f"{got['parent']!r} grade line {got['grade_line']}")
                check(entry.get("children", []))

        check(slide.get("recommendations", []))
        if topic is not None:
            problems.extend(_parts(topic, slide))
        for entry in slide.get("ungraded_items", []):
            got = mine.get(tuple(entry["lines"]))
            if got is not None and got["graded"] and not (set(entry["lines"]) & decision_lines):
                problems.append(f"lines {entry['lines']}: printed ungraded, read graded {got['grades']}")
    printed = expected.get("printed")
    if printed and reading.printed is not None:
        for name, piece in printed.items():
            got = getattr(reading.printed, name)
            if (got.text, list(got.lines)) != (piece["text"], piece["lines"]):
                problems.append(f"printed {name}: {piece}, read {got.text!r} {list(got.lines)}")
    elif printed:
        problems.append("the footer was not read")
    for decision in expected.get("decisions", []):
        if not set(decision["lines"]) & decision_lines and decision.get("severity") != "low":
            problems.append(f"{decision['id']} (lines {decision['lines']}): no decision recorded")
    return problems, counts


def _parts(topic, slide: dict) -> list[str]:
    """Layout lines, headings, list grades, footnotes, notes and cautions of one slide against the expected."""
    from macros.model import NoteBlock

    problems = []
    where = f"slide {slide['slide']}"
    if "layout_lines" in slide and list(topic.layout_lines) != slide["layout_lines"]:
        problems.append(f"{where}: layout lines {slide['layout_lines']}, read {list(topic.layout_lines)}")
    blocks = [block for block in topic.blocks if isinstance(block, RecommendationsBlock)]
    headings = sorted(
        [(b.heading.text, list(b.heading.lines)) for b in blocks if b.heading]
        + [(item.text, list(item.lines)) for b in blocks for item, _ in walk(b.items)
           if item.children and not item.has_own_grade],
        key=lambda heading: heading[1],
    )
    wanted = [(h["text"], h["lines"]) for h in slide.get("headings", [])]
    if wanted and headings != wanted:
        problems.append(f"{where}: headings {wanted}, read {headings}")
    listed = [(b.list_grade.line, b.list_grade.loe, b.list_grade.gr, b.list_grade.ago,
               sorted(n for item, _ in walk(b.items) if not item.children for n in item.lines[:1]))
              for b in blocks if b.list_grade]
    wanted_lists = [(g["line"], g["loe"], g["gr"], g["ago"], sorted(g.get("covers_lines", [])))
                    for g in slide.get("list_grades", [])]
    if listed != wanted_lists:
        problems.append(f"{where}: list grades {wanted_lists}, read {listed}")
    footnotes = [(f.marker, f.text, list(f.lines)) for f in topic.footnotes]
    wanted_notes = [(f["marker"], f["text"], f["lines"]) for f in slide.get("footnotes", [])]
    if footnotes != wanted_notes:
        problems.append(f"{where}: footnotes {wanted_notes}, read {footnotes}")
    notes = [(b.kind, b.text, list(b.lines)) for b in topic.blocks if isinstance(b, NoteBlock)]
    wanted_texts = [(n.get("kind", "note"), n["text"], n["lines"]) for n in slide.get("notes", [])]
    if wanted_texts and notes != wanted_texts:
        problems.append(f"{where}: notes {wanted_texts}, read {notes}")
    return problems
