"""Build cache: each release's built folder, kept under a key of everything that can change it.

A published release is locked, so once built it need not be built again: `build_site` asks this
module for a release's key, restores the folder when an entry exists and verifies, and stores every
release it had to build. Entries live in `.cache/releases/<release>/<key>/` (ignored by git) with a
manifest of every file's sha256; an entry whose files differ from its manifest in any way (missing,
extra, changed, or no manifest because a build was interrupted) is removed and rebuilt, never served.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from macros.model import Release
from macros.releaseorder import is_earlier

REPO = Path(__file__).resolve().parent.parent
CACHE_ROOT = REPO / ".cache" / "releases"
MANIFEST = ".cache-manifest.json"
# Everything of the project's own that can change a page: code, templates, hand-written pages,
# configuration, and the pins of the Python and npm packages.
CODE_FOLDERS = ("macros", "scripts", "overrides", "docs")
CODE_FILES = ("mkdocs.yml", "requirements.txt", "package-lock.json", "pyproject.toml")
KEY_FORMAT = "1"
PAGES = ".pages.json"  # scripts/shards.PAGES: the entry's page digests and search entries


def _files(folder: Path) -> Iterable[Path]:
    return sorted(
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )


def _digest_files(paths: Iterable[Path], root: Path, digest: hashlib._Hash) -> None:
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def code_digest(repo: Path = REPO) -> str:
    """sha256 over the project's code, templates, pages and package pins (hex).

    The pins stand for the installed packages: `make` installs exactly requirements.txt and
    package-lock.json (reading every installed distribution's metadata would cost more than a
    cached release saves).
    """
    digest = hashlib.sha256(KEY_FORMAT.encode())
    paths = [path for folder in CODE_FOLDERS for path in _files(repo / folder)]
    paths += [repo / name for name in CODE_FILES if (repo / name).is_file()]
    _digest_files(paths, repo, digest)
    digest.update(platform.python_version().encode())
    return digest.hexdigest()


def release_key(
    data_root: Path, release: Release, releases: tuple[Release, ...], code: str, options: Mapping[str, str]
) -> str:
    """The cache key of one release's built folder (hex sha256).

    Covers: the project's code (`code`, from code_digest), the build options (latest release id,
    SOURCE_DATE_EPOCH, ...), grading.yaml, the lock file and the vocabulary, the ids and statuses of all releases,
    and every file of this release and of every earlier one (pages show history, markers and
    retirements from earlier releases; nothing on a page depends on a later release's data).
    """
    digest = hashlib.sha256(code.encode())
    digest.update(json.dumps(dict(options), sort_keys=True).encode())
    digest.update(json.dumps([(r.id, r.metadata.status) for r in releases]).encode())
    shared = [data_root / name for name in ("grading.yaml", "published.lock.json", "vocabulary.yaml") if (data_root / name).is_file()]
    _digest_files(shared, data_root, digest)
    for earlier in releases:
        if not is_earlier(release.id, earlier.id):
            _digest_files(_files(data_root / earlier.id), data_root, digest)
    return digest.hexdigest()


def _manifest(folder: Path, known: Mapping[tuple[int, int], str] | None = None) -> dict[str, str]:
    """Each file's sha256 (hex); `known` gives it for files (device, inode) read and verified already."""
    known = known or {}
    manifest = {}
    for path in _files(folder):
        if path.name == MANIFEST:
            continue
        status = path.stat()
        digest = known.get((status.st_dev, status.st_ino))
        manifest[path.relative_to(folder).as_posix()] = digest or hashlib.sha256(path.read_bytes()).hexdigest()
    return manifest


def _verified_files(entry: Path | None) -> dict[tuple[int, int], str]:
    """(device, inode) -> sha256 of the files of `entry`, an entry `previous` verified during this build."""
    if entry is None or not (entry / MANIFEST).is_file():
        return {}
    recorded = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    known = {}
    for name, digest in recorded.items():
        try:
            status = (entry / name).stat()
        except OSError:
            continue
        known[(status.st_dev, status.st_ino)] = digest
    return known


def _entry(release_id: str, key: str, cache_root: Path) -> Path:
    return cache_root / release_id / key


def restore(release_id: str, key: str, target: Path, cache_root: Path = CACHE_ROOT) -> bool:
    """Put a verified entry at `target` (which must not exist); False, and the entry removed, if none is sound."""
    entry = _entry(release_id, key, cache_root)
    if not entry.is_dir():
        return False
    try:
        recorded = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        sound = recorded == _manifest(entry)
    except (OSError, ValueError):
        sound = False
    if not sound:
        shutil.rmtree(entry, ignore_errors=True)
        return False
    shutil.copytree(entry, target, ignore=shutil.ignore_patterns(MANIFEST, PAGES), copy_function=link_or_copy)
    return True


def previous(release_id: str, cache_root: Path = CACHE_ROOT) -> Path | None:
    """The release's entry whatever its key (the build before this one), verified; None if there is none
    sound. scripts/shards.py takes from it the pages whose inputs did not change."""
    entries = sorted(path for path in (cache_root / release_id).glob("*") if not path.name.startswith("."))
    for entry in entries:
        try:
            if json.loads((entry / MANIFEST).read_text(encoding="utf-8")) == _manifest(entry):
                return entry
        except (OSError, ValueError):
            pass
        shutil.rmtree(entry, ignore_errors=True)
    return None


def link_or_copy(source: str, target: str) -> None:
    """Hard links cost no time or space (a file changed through one shows in the manifest check); copy where links fail."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def store(
    release_id: str,
    key: str,
    built: Path,
    cache_root: Path = CACHE_ROOT,
    pages: Path | None = None,
    previous: Path | None = None,
) -> None:
    """Keep a copy of a release's built folder; written aside and renamed, so an entry is whole or absent.
    `pages`, the build's page record (scripts/shards.py), is moved into the entry. `previous`, the entry
    `previous()` verified at the start of this build, gives the sha256 of the pages taken from it (the
    same files, hard-linked): after an edit at 26 chapters only the rendered pages are hashed, not 209 MB.

    Older entries of the release are dropped: a release keeps one entry, the newest.
    """
    release_folder = cache_root / release_id
    release_folder.mkdir(parents=True, exist_ok=True)
    partial = release_folder / f".partial-{key}-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(built, partial, copy_function=link_or_copy)
    if pages is not None and pages.is_file():
        shutil.move(pages, partial / PAGES)
    (partial / MANIFEST).write_text(json.dumps(_manifest(partial, _verified_files(previous)), sort_keys=True), encoding="utf-8")
    for old in release_folder.iterdir():
        if old != partial:
            shutil.rmtree(old, ignore_errors=True)
    partial.rename(_entry(release_id, key, cache_root))
