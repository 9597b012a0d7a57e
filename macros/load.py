"""Load release folders from guideline_data/ into validated models, or raise with every problem.

The layout: `<release>/release.yaml` (release-wide, `chapters:` in order) and one folder per chapter,
`<release>/<chapter-id>/` with chapter.yaml, source/, topics/, sections.yaml, flows/, cases/ and the
editorial files; `chapter_folder` is the one place that knows it."""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from pathlib import Path

from .build import Builder, describe
from .checks import check_release
from .editorial import check_editorial
from .feedback import check_feedback
from .flows import check_flows
from .model import (
    Abbreviation,
    Case,
    Chapter,
    ChapterMetadata,
    CrossReference,
    Flow,
    Grading,
    Informs,
    ReadingDecision,
    RecommendationMap,
    Release,
    ReleaseMetadata,
    SearchTerms,
    Section,
    Topic,
    VocabularyEntry,
)
from .problems import GuidelineDataError, Problem
from .recmap import MAP_FILE, check_map, map_folder
from .releaseorder import release_key
from .releases import LOCK_NAME, check_link_stability, check_locked, read_lock
from .vocabulary import VOCABULARY_FILE, check_vocabulary
from .yamlsource import PosDict, PosList, read_yaml

DATA_ROOT = Path(__file__).resolve().parent.parent / "guideline_data"
RELEASE_FILE = "release.yaml"
CHAPTER_FILE = "chapter.yaml"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text; None (and why added to `problems`) when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(_display(path), 1, 1, "", "", f"file is not UTF-8 text ({error.reason})"))
        return None


def _read(path: Path, problems: list[Problem]) -> object:
    text = _text(path, problems)
    if text is None:
        return None
    root, found = read_yaml(text, _display(path))
    problems += found
    return None if found else root


def build_file(path: Path, cls: type, problems: list[Problem]) -> object:
    """One YAML file as one model; None (and the reasons added to `problems`) when it cannot be.

    The same text gives the same model (frozen dataclasses), so a file read before is not parsed again:
    after an edit the preview (scripts/preview.py) reloads 26 chapters and parses only the edited files."""
    text = _text(path, problems)
    if text is None:
        return None
    built, found = _built(_display(path), cls, text)
    problems += found
    return built


@lru_cache(maxsize=8192)
def _built(display: str, cls: type, text: str) -> tuple[object, tuple[Problem, ...]]:
    raw, found = read_yaml(text, display)
    if found or raw is None:
        return None, tuple(found)
    builder = Builder(display)
    built = builder.model(cls, raw, (1, 1), "", "")
    return (built if not builder.problems else None), tuple(builder.problems)


def load_grading(root: Path = DATA_ROOT) -> Grading:
    problems: list[Problem] = []
    grading = build_file(root / "grading.yaml", Grading, problems)
    if problems:
        raise GuidelineDataError(problems)
    return grading


def load_vocabulary(root: Path = DATA_ROOT) -> tuple[VocabularyEntry, ...]:
    """The guideline-wide editorial vocabulary (macros/vocabulary.py), unchecked; () when there is none."""
    problems: list[Problem] = []
    path = root / VOCABULARY_FILE
    entries = _load_list(path, VocabularyEntry, problems) if path.is_file() else ()
    if problems:
        raise GuidelineDataError(problems)
    return entries


def _load_list(path: Path, cls: type, problems: list[Problem]) -> tuple:
    """A file holding a YAML list of one kind of model."""
    raw = _read(path, problems)
    if raw is None:
        return ()
    builder = Builder(_display(path))
    if not isinstance(raw, PosList):
        builder.problem((1, 1), "", "", f"expected a list of {cls.__name__.lower()} entries, got {describe(raw)}")
        entries = ()
    else:
        entries = builder.build(tuple[cls, ...], raw, (1, 1), "", "")
    problems += builder.problems
    return tuple(entry for entry in entries if entry is not None)


def _read_source(folder: Path, metadata: ChapterMetadata, problems: list[Problem]) -> tuple[str, ...]:
    path = folder / metadata.source.file
    line, column = metadata.source.at.of("sha256")
    label = f"chapter '{metadata.id}'"
    if not path.is_file():
        problems.append(
            Problem(metadata.at.file, line, column, label, "source.file", f"{metadata.source.file!r} does not exist")
        )
        return ()
    payload = path.read_bytes()
    digest = hashlib.sha256(payload).hexdigest()
    if digest != metadata.source.sha256:
        problems.append(
            Problem(
                metadata.at.file,
                line,
                column,
                label,
                "source.sha256",
                f"the source file's sha256 is {digest}, not {metadata.source.sha256}; the source must "
                "not change: restore it, or record a new source in a new release",
            )
        )
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = payload.count(b"\n", 0, error.start) + 1
        problems.append(
            Problem(
                _display(path), bad_line, 1, label, "source",
                f"the source is not UTF-8 text (byte 0x{payload[error.start]:02x}); save it as UTF-8, as the committee's text was",
            )
        )
        return ()
    return tuple(text.splitlines())


def data_files(folder: Path, pattern: str = "*.yaml") -> list[Path]:
    """The data files of a folder in name order; hidden names (an editor's lock or backup file such as
    `.#01-topic.yaml`, macOS's `._01-topic.yaml`) are not data."""
    return sorted(path for path in folder.glob(pattern) if not path.name.startswith("."))


def chapter_folder(release_folder: Path, chapter_id: str) -> Path:
    """Where a chapter's files live: `<release>/<chapter-id>/` (chapter.yaml, source/, topics/, ...)."""
    return release_folder / chapter_id


def chapter_folders(release_folder: Path) -> list[Path]:
    """The chapter folders of a release in the order release.yaml lists them (the folders on disk that
    hold a chapter.yaml where release.yaml cannot be read)."""
    ids = listed_chapters(release_folder)
    if ids is None:
        return sorted(path.parent for path in release_folder.glob(f"*/{CHAPTER_FILE}"))
    return [chapter_folder(release_folder, chapter_id) for chapter_id in ids]


def listed_chapters(release_folder: Path) -> list[str] | None:
    """The chapter ids release.yaml lists, in order; None where it cannot be read."""
    try:
        root, found = read_yaml((release_folder / RELEASE_FILE).read_text(encoding="utf-8"), "release.yaml")
    except (OSError, UnicodeDecodeError):
        return None
    if found or not isinstance(root, PosDict) or not isinstance(root.get("chapters"), PosList):
        return None
    return [str(entry) for entry in root["chapters"]]


def load_chapter(folder: Path, problems: list[Problem]) -> Chapter | None:
    """One chapter folder as a model; None (and the reasons added to `problems`) when it cannot be."""
    found_before = len(problems)
    metadata = build_file(folder / CHAPTER_FILE, ChapterMetadata, problems)
    topic_files = data_files(folder / "topics")
    if not topic_files:
        problems.append(Problem(_display(folder / "topics"), 1, 1, "", "", "a chapter needs at least one topic file"))
    topics = [build_file(path, Topic, problems) for path in topic_files]
    sections = _load_list(folder / "sections.yaml", Section, problems)
    abbreviations_file = folder / "abbreviations.yaml"
    abbreviations = _load_list(abbreviations_file, Abbreviation, problems) if abbreviations_file.exists() else ()
    flows = [build_file(path, Flow, problems) for path in data_files(folder / "flows")]
    cases = [build_file(path, Case, problems) for path in data_files(folder / "cases")]
    # Editorial, outside the published hash: search terms and slide -> recommendation links.
    search_terms = _load_list(folder / "search.yaml", SearchTerms, problems) if (folder / "search.yaml").exists() else ()
    informs = _load_list(folder / "informs.yaml", Informs, problems) if (folder / "informs.yaml").exists() else ()
    crossrefs_file = folder / "crossrefs.yaml"  # "see next slide" -> the slide meant
    crossrefs = _load_list(crossrefs_file, CrossReference, problems) if crossrefs_file.exists() else ()
    # Readings the import left to check (macros/ingest/importing.py): open decisions until deleted.
    decisions_file = folder / "decisions.yaml"
    reading_decisions = _load_list(decisions_file, ReadingDecision, problems) if decisions_file.exists() else ()
    map_file = map_folder(folder) / MAP_FILE  # editorial too: the recommendation map
    recommendation_map = build_file(map_file, RecommendationMap, problems) if map_file.exists() else None
    source_lines = _read_source(folder, metadata, problems) if metadata else ()
    if metadata and metadata.id != folder.name:
        line, column = metadata.at.of("id")
        problems.append(
            Problem(
                metadata.at.file,
                line,
                column,
                f"chapter '{metadata.id}'",
                "id",
                f"{metadata.id!r} does not match its folder {folder.name!r}; a chapter's id is its folder's name",
            )
        )
    if len(problems) > found_before:
        return None
    return Chapter(
        metadata=metadata,
        topics=tuple(topics),
        sections=sections,
        abbreviations=abbreviations,
        flows=tuple(flows),
        cases=tuple(cases),
        search_terms=search_terms,
        informs=informs,
        crossrefs=crossrefs,
        reading_decisions=reading_decisions,
        recommendation_map=recommendation_map,
        source_lines=source_lines,
    )


def _chapter_list_problems(folder: Path, metadata: ReleaseMetadata) -> list[Problem]:
    """release.yaml lists each chapter folder once, and every chapter folder is listed."""
    problems = []
    line, column = metadata.at.of("chapters")
    where = (metadata.at.file, line, column, f"release '{metadata.id}'", "chapters")
    on_disk = sorted(path.parent.name for path in folder.glob(f"*/{CHAPTER_FILE}"))
    if not metadata.chapters:
        problems.append(Problem(*where, "a release needs at least one chapter; list the chapter folders' ids in order"))
    for chapter_id in metadata.chapters:
        if metadata.chapters.count(chapter_id) > 1:
            problems.append(Problem(*where, f"chapter {chapter_id!r} is listed more than once"))
        if chapter_id not in on_disk:
            problems.append(
                Problem(
                    *where,
                    f"chapter {chapter_id!r} has no folder {chapter_id}/ with a {CHAPTER_FILE}; chapter folders: "
                    f"{', '.join(on_disk) or 'none'} (`add-chapter` creates one)",
                )
            )
    for chapter_id in on_disk:
        if chapter_id not in metadata.chapters:
            problems.append(
                Problem(
                    *where,
                    f"the folder {chapter_id}/ holds a chapter that `chapters:` does not list; list it where it "
                    "belongs in the reading order, or remove the folder (`remove-chapter`)",
                )
            )
    return list(dict.fromkeys(problems))


def load_release(folder: Path, grading: Grading | None = None) -> Release:
    """Load and check one release folder and its chapters; raise GuidelineDataError listing every problem."""
    grading = grading or load_grading(folder.parent)
    problems: list[Problem] = []
    metadata = build_file(folder / RELEASE_FILE, ReleaseMetadata, problems)
    chapters = []
    if metadata:
        problems += _chapter_list_problems(folder, metadata)
        if not problems:
            chapters = [load_chapter(chapter_folder(folder, chapter_id), problems) for chapter_id in metadata.chapters]
    if problems:
        raise GuidelineDataError(problems)
    release = Release(metadata=metadata, chapters=tuple(chapters), grading=grading)
    problems = check_release(release, folder.name)
    problems += [] if problems else check_flows(release)
    problems += [] if problems else check_editorial(release)
    problems += [] if problems else check_map(release)
    problems += [] if problems else list(check_feedback(release))
    if problems:
        raise GuidelineDataError(problems)
    return release


def release_folders(root: Path = DATA_ROOT) -> list[Path]:
    """The release folders in release order (macros/releaseorder.py), never by their names as text."""
    return sorted((path for path in root.iterdir() if (path / RELEASE_FILE).is_file()), key=lambda path: release_key(path.name))


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """What the data looks like on disk: any edit changes it, so caches keyed on it stay true."""
    return tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in sorted(root.rglob("*")) if path.is_file()
    )


def load_all(root: Path = DATA_ROOT) -> tuple[Release, ...]:
    """Every release under root, oldest first; loaded and validated once until a file changes."""
    return _load_all(root.resolve(), fingerprint(root))


@cache
def _load_all(root: Path, _fingerprint: tuple) -> tuple[Release, ...]:
    grading = load_grading(root)
    releases, problems = [], []
    for folder in release_folders(root):
        try:
            releases.append(load_release(folder, grading))
        except GuidelineDataError as error:
            problems += error.problems
    if not problems:
        problems += list(check_link_stability(tuple(releases)))
        problems += list(check_locked(tuple(releases), read_lock(root), _display(root / LOCK_NAME)))
        try:
            problems += list(check_vocabulary(load_vocabulary(root), tuple(releases)))
        except GuidelineDataError as error:
            problems += error.problems
    if problems:
        raise GuidelineDataError(problems)
    return tuple(releases)
