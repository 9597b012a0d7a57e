"""`import-chapter`: a whole chapter drafted from its verbatim slide text into a draft release.

It reads nothing but the source and the grading scales: the slide reader (`reader.py`) gives topics and
decisions, the one writer (`yamledit.py`) gives the YAML, and the draft is validated before anything is
put in place (a draft that does not load is not written). Tags and sections are left for the editor;
every decision stands in `decisions.yaml` (open until deleted: `validate` lists them, `publish` refuses)
and in REVIEW.md.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..index import walk
from ..load import CHAPTER_FILE, RELEASE_FILE, chapter_folder, listed_chapters, load_grading, load_release
from ..model import (
    ChapterMetadata,
    PrintedMetadata,
    ReadingDecision,
    RecommendationsBlock,
    ReleaseMetadata,
    Section,
    SourceRef,
)
from ..problems import GuidelineDataError
from .chapters import with_chapters
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
        f"- the chapter's title ({title!r}: made from its id unless `--title` gave one, the source prints none), the "
        "release's title and language; the chapter's section(s) in `sections.yaml` (every slide is in one section "
        "for now);",
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
    return CHAPTER_FILE


def import_chapter(
    data: Path,
    release: str,
    chapter: str,
    source: Path,
    title: str | None = None,
    language: str = "en",
    number: str | None = None,
    position: int | None = None,
) -> ImportReport:
    """Draft `chapter` from `source` as the folder `<release>/<chapter>/`, appended to the release's chapters:
    into a draft release (one `new-release` made from a published one, say), or a new draft release holding
    only it. Written only if the whole release then validates.

    `number` is the chapter's number as the edition prints it; `position` (1 = first) where it goes in the
    release's reading order (default: last). Raises ValueError (nothing written) when the release is published
    or already holds the chapter, the source cannot be read, or the draft does not load (the problems are named)."""
    started = time.perf_counter()
    grading_file = data / "grading.yaml"
    if not grading_file.is_file():
        raise ValueError(f"{grading_file} does not exist: the import reads the grading scales from it")
    grading = load_grading(data)
    release_folder = data / release
    folder = chapter_folder(release_folder, chapter)
    existing = listed_chapters(release_folder) if (release_folder / RELEASE_FILE).is_file() else None
    if (release_folder / RELEASE_FILE).is_file() and existing is None:
        raise ValueError(f"{release_folder / RELEASE_FILE} cannot be read; correct it (`validate` says how), then import")
    if chapter in (existing or []) or folder.exists():
        raise ValueError(
            f"{folder} already holds chapter {chapter!r}: import-chapter drafts a chapter into a release that does "
            "not hold it yet (to follow a new source of an existing chapter, run `new-release --source` or "
            "`update-source --chapter`)"
        )
    release_text = (release_folder / RELEASE_FILE).read_text(encoding="utf-8") if existing is not None else ""
    if existing is not None and re.search(r"^status: published", release_text, flags=re.M):
        raise ValueError(
            f"{release} is published; a chapter is added to a draft: `new-release NEXT --from {release}`, then "
            "import the chapter into NEXT"
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
    # the source prints no chapter title (its first slide's is a slide's): the chapter's id in words until the
    # editor gives one (`--title`, REVIEW.md asks)
    chapter_title = title or " ".join(word.capitalize() for word in re.split(r"[-_\s]+", chapter) if word) or chapter
    publisher = printed.copyright.text.lstrip("©").strip() or DEFAULT_PUBLISHER
    chapter_metadata = ChapterMetadata(
        id=chapter,
        title=chapter_title,
        source=SourceRef(f"source/{source.name}", hashlib.sha256(payload).hexdigest()),
        printed=printed,
        number=number,
    )
    taken_sections = _section_ids(release_folder) if existing is not None else set()
    section_id = slug(chapter) or "chapter"
    section_id = section_id if section_id not in taken_sections else f"{section_id}-{slug(chapter_title)}"
    sections = (Section(section_id, chapter_title, tuple(topic.id for topic in reading.topics)),)
    with tempfile.TemporaryDirectory(dir=data) as scratch:
        scratch_release = Path(scratch) / release
        if existing is not None:  # the release as it is, with the new chapter beside its others
            shutil.copytree(release_folder, scratch_release)
            order = list(existing)
            order.insert(len(order) if position is None else max(0, position - 1), chapter)
            (scratch_release / RELEASE_FILE).write_text(with_chapters(release_text, order), encoding="utf-8")
        else:
            scratch_release.mkdir()
            metadata = ReleaseMetadata(
                id=release,
                title=f"AGO Breast Cancer Guideline {release}" if title is None else f"AGO Breast Cancer Guideline: {title}",
                language=language,
                status="draft",
                publisher=publisher,
                chapters=(chapter,),
            )
            (scratch_release / RELEASE_FILE).write_text(
                model_document(
                    metadata,
                    f"Draft release: chapter {chapter} drafted by `import-chapter` from {source.name}.\n"
                    "Title, language and publisher are editorial; each chapter is the folder of its id.",
                ),
                encoding="utf-8",
            )
        draft = chapter_folder(scratch_release, chapter)
        (draft / "source").mkdir(parents=True)
        (draft / "topics").mkdir()
        (draft / "source" / source.name).write_bytes(payload)
        (draft / CHAPTER_FILE).write_text(
            model_document(
                chapter_metadata,
                f"Chapter {chapter} drafted by `import-chapter` from {source.name}. Everything under `printed`\n"
                "stands in the source at the lines given; the title is editorial (and `number:` as the edition "
                "prints it).",
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
            load_release(scratch_release, grading)
        except GuidelineDataError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise ValueError(f"the drafted chapter does not validate, nothing was written:\n{problems}") from error
        release_folder.mkdir(parents=True, exist_ok=True)
        shutil.move(str(draft), str(folder))
        shutil.copyfile(scratch_release / RELEASE_FILE, release_folder / RELEASE_FILE)
    return ImportReport(
        release, chapter, folder, len(reading.topics), _count(reading), reading.decisions,
        time.perf_counter() - started,
    )


def _section_ids(release_folder: Path) -> set[str]:
    """The section ids a release's chapters use already (ids are unique across the release)."""
    found = set()
    for path in release_folder.glob("*/sections.yaml"):
        found.update(re.findall(r"^- id: ([a-z0-9-]+)", path.read_text(encoding="utf-8"), flags=re.M))
    return found


def _pool(data: Path):
    return IdPool(known_ids(data))
