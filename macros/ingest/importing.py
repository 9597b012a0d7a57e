"""`import-chapter`: a whole chapter drafted from its verbatim slide text into a draft release.

It reads nothing but the source and the grading scales: the slide reader (`reader.py`) gives topics and
decisions, the one writer (`yamledit.py`) gives the YAML, and the draft is validated before anything is
put in place (a draft that does not load is not written). Tags and sections are left for the editor;
every decision stands in `decisions.yaml` (open until deleted: `validate` lists them, `publish` refuses)
and in REVIEW.md.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..index import walk
from ..load import load_grading, load_release
from ..model import PrintedMetadata, ReadingDecision, RecommendationsBlock, ReleaseMetadata, Section, SourceRef
from ..problems import GuidelineDataError
from .ids import IdPool, known_ids, slug
from .reader import Reading, read_source
from .yamledit import model_document, model_list_document

DECISIONS_NAME = "decisions.yaml"
REVIEW_NAME = "REVIEW.md"
DEFAULT_PUBLISHER = "AGO e. V."


@dataclass(frozen=True)
class ImportReport:
    """What the import drafted: where, how much, which decisions, how long it took."""

    release: str
    chapter: str
    folder: Path
    topics: int
    recommendations: int
    decisions: tuple[ReadingDecision, ...]
    seconds: float


def chapter_folder(data: Path, release: str, chapter: str) -> Path:
    """Where a chapter's files live (source/, topics/, sections.yaml, decisions.yaml). Today's layout holds one
    chapter in the release folder; the chapter layout puts it in `<release>/<chapter>/`."""
    return data / release


def _printed(reading: Reading, source_name: str) -> PrintedMetadata:
    if reading.printed is None:
        raise ValueError(
            f"{source_name} prints no footer ('© ...', the guideline's name, 'Version ...', the website): the "
            "release needs the printed metadata; add the footer as the slides print it, then run import-chapter again"
        )
    return reading.printed


def _count(reading: Reading) -> int:
    count = 0
    for topic in reading.topics:
        for block in topic.blocks:
            if isinstance(block, RecommendationsBlock):
                for item, _ in walk(block.items):
                    count += item.has_own_grade or (block.list_grade is not None and not item.children)
    return count


def review_markdown(report_release: str, chapter: str, source_name: str, reading: Reading, decisions_file: str,
                    title: str) -> str:
    """REVIEW.md of an import: every decision first (file and source line), then what was drafted per slide."""
    out = [
        f"# Review of draft {report_release}: chapter {chapter} imported from {source_name}",
        "",
        f"Drafted by `import-chapter` from the text alone: {len(reading.topics)} slide(s), {_count(reading)} graded "
        f"recommendation(s), {len(reading.decisions)} decision(s). Each decision stands in `{decisions_file}` too: "
        "check it against the slide, correct the topic where needed, then delete its entry. `validate` lists the "
        "open ones; `publish` refuses the draft until none is left.",
        "",
        "## Decisions left",
        "",
        *([f"- `{d.item}` ({_topic_file(reading, d.line)}, source line {d.line}): {d.decision}"
           for d in reading.decisions] or ["None."]),
        "",
        "## Left for the editor",
        "",
        f"- the release's title ({title!r}) and language; the chapter's section(s) in `sections.yaml` (every slide "
        "is in one section for now);",
        "- tags (none drafted), short titles, search terms, flows and cases;",
        "- ids are made from the words: shorten them now if you wish, they are permanent once published;",
        "- trials: arms, values and the publication; tables: the legend.",
        "",
        "## Slides",
        "",
    ]
    for topic in reading.topics:
        kinds = ", ".join(block.kind for block in topic.blocks) or "title only"
        out.append(f"- slide {topic.slide} `{topic.id}` (lines {topic.source_lines[0]}-{topic.source_lines[1]}): "
                   f"{topic.title.text} [{kinds}]")
    return "\n".join(out) + "\n"


def topic_file(topic, count: int) -> str:
    """A topic's file name: its slide number (as wide as the chapter's count needs) and its id."""
    return f"{topic.slide:0{max(2, len(str(count)))}d}-{topic.id}.yaml"


def _topic_file(reading: Reading, line: int) -> str:
    for topic in reading.topics:
        if topic.source_lines[0] <= line <= topic.source_lines[1]:
            return f"topics/{topic_file(topic, len(reading.topics))}"
    return "release.yaml"


def import_chapter(
    data: Path,
    release: str,
    chapter: str,
    source: Path,
    title: str | None = None,
    language: str = "en",
) -> ImportReport:
    """Draft `chapter` of the draft `release` from `source`; write it only if it validates.

    Raises ValueError (nothing written) when the release already holds a chapter, the source cannot be read, or
    the draft does not load (the problems are named)."""
    started = time.perf_counter()
    grading_file = data / "grading.yaml"
    if not grading_file.is_file():
        raise ValueError(f"{grading_file} does not exist: the import reads the grading scales from it")
    grading = load_grading(data)
    folder = chapter_folder(data, release, chapter)
    if folder.exists() and any(folder.iterdir()):
        raise ValueError(
            f"{folder} already exists: import-chapter drafts a chapter that has no data yet, and never writes over "
            "a folder (to follow a new source of an existing chapter, run `new-release --source` or `update-source`)"
        )
    if not source.is_file():
        raise ValueError(f"{source} does not exist: name the chapter's verbatim slide text (a .txt file)")
    payload = source.read_bytes()
    try:
        lines = payload.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ValueError(f"{source} is not UTF-8 text ({error.reason})") from error
    reading = read_source(lines, grading, _pool(data))
    printed = _printed(reading, source.name)
    chapter_title = title or reading.topics[0].title.text
    publisher = printed.copyright.text.lstrip("©").strip() or DEFAULT_PUBLISHER
    metadata = ReleaseMetadata(
        id=release,
        title=f"AGO Breast Cancer Guideline: {chapter_title}",
        language=language,
        status="draft",
        source=SourceRef(f"source/{source.name}", hashlib.sha256(payload).hexdigest()),
        printed=printed,
        publisher=publisher,
    )
    sections = (Section(slug(chapter) or "chapter", chapter_title, tuple(topic.id for topic in reading.topics)),)
    with tempfile.TemporaryDirectory(dir=data) as scratch:
        draft = Path(scratch) / release
        (draft / "source").mkdir(parents=True)
        (draft / "topics").mkdir()
        (draft / "source" / source.name).write_bytes(payload)
        (draft / "release.yaml").write_text(
            model_document(
                metadata,
                f"Draft release: chapter {chapter} drafted by `import-chapter` from {source.name}.\n"
                "Everything under `printed` stands in the source at the lines given; title, language and "
                "publisher are editorial.",
            ),
            encoding="utf-8",
        )
        for topic in reading.topics:
            (draft / "topics" / topic_file(topic, len(reading.topics))).write_text(
                model_document(topic), encoding="utf-8"
            )
        (draft / "sections.yaml").write_text(
            model_list_document(sections, "Editorial navigation grouping; drafted as one section: group the slides."),
            encoding="utf-8",
        )
        (draft / DECISIONS_NAME).write_text(
            model_list_document(
                reading.decisions,
                "Readings import-chapter drafted where the text allows more than one: check each against the slide,\n"
                "correct the topic where needed, then delete the entry. `publish` refuses while any is left.",
            ),
            encoding="utf-8",
        )
        (draft / REVIEW_NAME).write_text(
            review_markdown(release, chapter, source.name, reading, DECISIONS_NAME, chapter_title), encoding="utf-8"
        )
        try:
            load_release(draft, grading)
        except GuidelineDataError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise ValueError(f"the drafted chapter does not validate, nothing was written:\n{problems}") from error
        folder.parent.mkdir(parents=True, exist_ok=True)
        if folder.exists():
            folder.rmdir()  # empty (checked above)
        shutil.move(str(draft), str(folder))
    return ImportReport(
        release, chapter, folder, len(reading.topics), _count(reading), reading.decisions,
        time.perf_counter() - started,
    )


def _pool(data: Path):
    return IdPool(known_ids(data))
