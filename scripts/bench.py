"""Benchmark: our build against plain mkdocs-material on the same pages, at growing sizes.

Synthetic releases are made from the real one: N chapter folders, each a copy of the real chapter with its
own source and ids suffixed (titles marked SYNTHETIC, written to a temporary folder, never published). Reports a JSON file and a Markdown table.

    python -m scripts.bench                 # 1, 10 and 26 chapters x 1 release, plus 1 and 10 chapters x 5 releases
    python -m scripts.bench --full          # 1, 10, 26 chapters x 1 and 5 releases (long)
    python -m scripts.bench --sizes 10x1 --runs 1   # one row
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from macros.releaseorder import release_key

REPO = Path(__file__).resolve().parent.parent
REAL = "2024.1E"
REAL_CHAPTER = "osteooncology"


def _shift(value, suffix: str, key: str = ""):
    """Give every id (and id reference) a suffix, so N copies of a chapter stay unique across a release."""
    if isinstance(value, dict):
        local = key in ("arms", "columns")  # arm and column ids are local to their trial or table
        return {k: v if (local and k == "id") else _shift(v, suffix, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, suffix, key) for v in value]
    if key in ("id", "successor", "topics", "replaces") and isinstance(value, str):
        return value + suffix
    return value


def _dump(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_release(root: Path, release_id: str, chapters: int) -> int:
    """A synthetic release of `chapters` real chapter folders, each a copy of the real chapter with its own
    source, slides numbered from 1 and ids suffixed (-c1, -c2, ...); returns its recommendation count."""
    real_release = REPO / "guideline_data" / REAL
    real = real_release / REAL_CHAPTER
    folder = root / release_id
    ids = [REAL_CHAPTER if chapter == 0 else f"{REAL_CHAPTER}-c{chapter}" for chapter in range(chapters)]
    metadata = yaml.safe_load((real_release / "release.yaml").read_text(encoding="utf-8"))
    metadata.update(
        id=release_id,
        title=f"SYNTHETIC benchmark release ({chapters} chapters), never published",
        status="published",
        chapters=ids,
    )
    metadata.pop("feedback", None)
    _dump(folder / "release.yaml", metadata)
    for number, chapter_id in enumerate(ids):
        suffix = "" if number == 0 else f"-c{number}"
        target = folder / chapter_id
        shutil.copytree(real / "source", target / "source")
        shutil.copy(real / "abbreviations.yaml", target / "abbreviations.yaml")
        chapter = yaml.safe_load((real / "chapter.yaml").read_text(encoding="utf-8"))
        chapter.update(id=chapter_id, number=str(number + 1), title=f"{chapter['title']} (SYNTHETIC copy {number + 1})")
        _dump(target / "chapter.yaml", chapter)
        for path in sorted((real / "topics").glob("*.yaml")):
            topic = _shift(yaml.safe_load(path.read_text(encoding="utf-8")), suffix)
            _dump(target / "topics" / path.name.replace(".yaml", f"{suffix}.yaml"), topic)
        sections = [_shift(section, suffix) for section in yaml.safe_load((real / "sections.yaml").read_text(encoding="utf-8"))]
        _dump(target / "sections.yaml", sections)
    return 115 * chapters


def _timed(command: list[str], cwd: Path = REPO) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of a child process: the largest of it and the processes
    it waited for (its shards), from this child's own rusage (wait4), not the benchmark's running maximum."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"{command} failed:\n{errors.read().decode('utf-8', 'replace')[-3000:]}")
    return seconds, usage.ru_maxrss


def write_baseline(data: Path, release_id: str, out: Path) -> Path:
    """The same pages as plain Markdown (rendered once by our renderers), same nav shape, no macros or hooks."""
    sys.path.insert(0, str(REPO))
    from macros import urls
    from macros.history import change_tags
    from macros.index import graded_recommendations
    from macros.load import load_all
    from macros.render import pages
    from macros.render.glossary import abbreviation_definitions, glossary

    releases = load_all(data)
    release = next(r for r in releases if r.id == release_id)
    docs = out / "docs"
    abbreviations = "\n\n" + abbreviation_definitions(release)
    found = change_tags(releases, release)

    def page(uri: str, text: str) -> None:
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text + abbreviations, encoding="utf-8")

    for topic in release.topics:
        url = urls.topic(topic.id)
        page(urls.page_file(url), pages.topic_page(release, topic.id, url, found))
        url = urls.source(release.chapter_of(topic).id, topic.slide)
        page(urls.page_file(url), pages.source_view(release, topic.id, url))
    for indexed in graded_recommendations(release):
        url = urls.recommendation(indexed.id)
        page(urls.page_file(url), pages.recommendation_page(release, indexed.id, url))
    page("index.md", "# Home\n\n" + pages.release_overview(release, ""))
    page("grades.md", "# Grades\n\n" + pages.grading_definitions(release))
    page("recommendations.md", "# All\n\n" + pages.all_recommendations_table(release, "recommendations/"))
    page("glossary.md", "# Glossary\n\n" + glossary(release))
    page(urls.page_file(urls.PRINT), pages.print_all(release, urls.PRINT, found))
    shutil.copytree(REPO / "docs/assets", docs / "assets", dirs_exist_ok=True)
    config = yaml.safe_load(re.sub(r"!ENV \[[^]]*\]", '""', (REPO / "mkdocs.yml").read_text(encoding="utf-8")))
    config.pop("hooks", None)
    config["plugins"] = [{"search": config["plugins"][0]["search"]}]
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["extra_javascript"] = ["assets/site.js"]
    config["watch"] = []
    config["not_in_nav"] = "/r/\n/chapters/\n/print.md\n"
    config["nav"] = (
        [{"Home": "index.md"}]
        + [
            {section.title: [{release.topic(t).nav_title: urls.page_file(urls.topic(t))} for t in section.topics]}
            for section in release.sections
        ]
        + [{"All": "recommendations.md"}, {"Grades": "grades.md"}, {"Glossary": "glossary.md"}]
    )
    config["extra"] = {"release_id": release.id, "release_is_latest": True, "latest_id": release.id}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out / "mkdocs.yml"


def sizes(site: Path) -> dict[str, int]:
    """Bytes of the search index (raw, gzip), the largest page, and the JS+CSS a topic page loads (gzip)."""
    index = (site / "search/search_index.json").read_bytes()
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    topic = next((site / "topics").glob("*/index.html"))
    html = topic.read_text(encoding="utf-8")
    assets = re.findall(r'<script src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', html)
    loaded = 0
    for script, style in assets:
        path = (topic.parent / (script or style).split("?")[0]).resolve()
        loaded += len(gzip.compress(path.read_bytes(), mtime=0)) if path.exists() else 0
    return {
        "search_index_bytes": len(index),
        "search_index_gzip_bytes": len(gzip.compress(index, mtime=0)),
        "largest_page_bytes": largest.stat().st_size,
        "topic_page_js_css_gzip_bytes": loaded,
    }


def search_latency(site: Path, cold_query: str = "zoledronate q12w", warm_query: str = "denosumab") -> dict:
    """Milliseconds to first search results in Debian's Chromium: cold (from page load, the worker still
    building its index) and warm (a new query once the index is ready); medians of five page loads."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from scripts.browser import CHROMIUM, CHROMIUM_ARGS

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    field, result = "input.md-search__input", ".md-search-result__item"
    cold, warm = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(5):
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            # Material searches on keyup: fill all but the last character, then press it. A query typed
            # before the index is ready is not re-run, so the last key is pressed again until results show.
            page.fill(field, cold_query[:-1])
            for _attempt in range(120):
                page.press(field, cold_query[-1])
                try:
                    page.wait_for_selector(result, timeout=1000)
                    break
                except PlaywrightTimeout:
                    page.press(field, "Backspace")
            cold.append((time.perf_counter() - start) * 1000)
            page.press(field, "Control+A")
            page.press(field, "Backspace")
            page.wait_for_selector(result, state="detached", timeout=10_000)
            page.fill(field, warm_query[:-1])
            start = time.perf_counter()
            page.press(field, warm_query[-1])
            page.wait_for_selector(result, timeout=30_000)
            warm.append((time.perf_counter() - start) * 1000)
            page.close()
        browser.close()
    server.shutdown()
    return {
        "search_cold_ms": round(sorted(cold)[len(cold) // 2]),
        "search_first_result_ms": round(sorted(warm)[len(warm) // 2]),
    }


def _edit_one_recommendation(data: Path, release_id: str, marker: str) -> dict[Path, bytes]:
    """An editor's correction of one recommendation of the release's first chapter: its text in the source
    and in the YAML, and the source's new hash, as `update-source` leaves them. Returns the files' old bytes."""
    chapter = data / release_id / REAL_CHAPTER
    topic = next((chapter / "topics").glob("*bisphosphonates-mbc.yaml"))
    source, metadata = next((chapter / "source").glob("*.txt")), chapter / "chapter.yaml"
    originals = {path: path.read_bytes() for path in (topic, source, metadata)}
    edited_source = originals[source].decode("utf-8").replace(
        "§ Therapy of hypercalcemia 1a", f"§ Therapy of hypercalcemia {marker} 1a", 1
    )
    old_hash = hashlib.sha256(originals[source]).hexdigest()
    new_hash = hashlib.sha256(edited_source.encode("utf-8")).hexdigest()
    source.write_text(edited_source, encoding="utf-8")
    metadata.write_text(originals[metadata].decode("utf-8").replace(old_hash, new_hash), encoding="utf-8")
    topic.write_text(
        originals[topic].decode("utf-8").replace("text: Therapy of hypercalcemia\n", f"text: Therapy of hypercalcemia {marker}\n", 1),
        encoding="utf-8",
    )
    return originals


def rebuild_latency(data: Path, release_id: str, out: Path) -> dict[str, float]:
    """Seconds from saving an edit of one recommendation (source line, YAML, hash) until `make serve`
    serves its changed page (the fast step, scripts/preview.py), and until it serves the changed All
    recommendations page and search index (the full build, every derived page)."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    from scripts.preview import READY

    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log = out.with_name(out.name + ".log")
    server = subprocess.Popen(
        [*GUIDELINE, "--data", str(data), "serve", "--port", str(port), "--out", str(out), "--drafts"],
        cwd=REPO,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/{release_id}"
    watched = {
        "serve_rebuild_seconds": f"{base}/r/bp-mbc-hypercalcemia/",
        "serve_all_recommendations_seconds": f"{base}/recommendations/",
        "serve_search_index_seconds": f"{base}/search/search_index.json",
    }
    originals: dict[Path, bytes] = {}
    found: dict[str, float] = {}
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(watched["serve_rebuild_seconds"], timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        while READY not in log.read_text(encoding="utf-8", errors="replace") and server.poll() is None:
            time.sleep(0.2)  # the server readies its resident MkDocs in the background (scripts/preview.py)
        start = time.perf_counter()
        originals = _edit_one_recommendation(data, release_id, "EDITED-MARKER")
        while len(found) < len(watched) and time.perf_counter() - start < 600:
            for name, url in watched.items():
                if name in found:
                    continue
                try:
                    if b"EDITED-MARKER" in urllib.request.urlopen(url, timeout=30).read():
                        found[name] = round(time.perf_counter() - start, 2)
                except OSError:
                    pass
            time.sleep(0.05)
        return {name: found.get(name, float("nan")) for name in watched}
    finally:
        for path, payload in originals.items():
            path.write_bytes(payload)
        server.terminate()
        server.wait()


def chapter_edit(data: Path, release_id: str, work: Path) -> dict:
    """An edit in one chapter of the release, rebuilt with the build cache (its unchanged pages taken from
    the previous build, scripts/shards.py), against the same chapter built alone as a release from scratch;
    and whether the rebuilt site equals a cold build of the edited data byte for byte."""
    cache, site = work / "cache-edit", work / "site-edit"
    build = [*GUIDELINE, "--data", str(data), "build", "--drafts", "--cache-dir", str(cache), "--out", str(site)]
    _timed(build)  # the build before the edit
    originals = _edit_one_recommendation(data, release_id, "EDITED")
    try:
        edit_seconds = _timed(build)[0]
        cold = work / "site-edit-cold"
        _timed([*GUIDELINE, "--data", str(data), "build", "--drafts", "--no-cache", "--cache-dir", str(cache) + "-cold", "--out", str(cold)])
        equal = _tree(site) == _tree(cold)
    finally:
        for path, payload in originals.items():
            path.write_bytes(payload)
    alone = work / "chapter-alone"
    alone.mkdir()
    shutil.copy(data / "grading.yaml", alone / "grading.yaml")
    shutil.copy(data / "vocabulary.yaml", alone / "vocabulary.yaml")
    make_release(alone, "8000.1", 1)
    alone_seconds = _timed([*GUIDELINE, "--data", str(alone), "build", "--no-cache", "--cache-dir", str(work / "cache-alone"), "--out", str(work / "site-alone")])[0]
    return {
        "chapter_edit_seconds": round(edit_seconds, 2),
        "chapter_alone_seconds": round(alone_seconds, 2),
        "chapter_edit_vs_chapter_alone": round(edit_seconds / alone_seconds, 2),
        "edit_equals_cold": equal,
    }


def write_floor(site: Path, work: Path) -> float:
    """Seconds to write the built release's bytes again (a copy of its folder): no build can take less."""
    start = time.perf_counter()
    shutil.copytree(site, work / "floor-copy")
    seconds = time.perf_counter() - start
    shutil.rmtree(work / "floor-copy")
    return seconds


GUIDELINE = [sys.executable, "-m", "scripts.guideline"]


def incremental(data: Path, work: Path, runs: int) -> dict:
    """The build cache at work: the newest release made a draft; medians of cold (--no-cache), nothing
    changed, after an edit of the draft's section titles, and the oldest release built alone."""
    releases = sorted((p.name for p in data.iterdir() if p.is_dir()), key=release_key)
    draft = data / releases[-1]
    metadata = draft / "release.yaml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace("status: published", "status: draft"), "utf-8")
    alone = work / "alone"
    alone.mkdir()
    shutil.copy(data / "grading.yaml", alone / "grading.yaml")
    shutil.copytree(data / releases[0], alone / releases[0])
    cache, site = str(work / "cache-incremental"), str(work / "site-incremental")
    build = [*GUIDELINE, "--data", str(data), "build", "--drafts", "--cache-dir", cache, "--out", site]
    one = [*GUIDELINE, "--data", str(alone), "build", "--no-cache", "--cache-dir", cache + "-alone"]
    one += ["--out", str(work / "site-alone")]
    sections = draft / REAL_CHAPTER / "sections.yaml"
    original = sections.read_text(encoding="utf-8")
    timings: dict[str, list[float]] = {"cold": [], "unchanged": [], "draft_edit": [], "one_release": []}
    for attempt in range(runs):
        timings["cold"].append(_timed([*build, "--no-cache"])[0])
        timings["unchanged"].append(_timed(build)[0])
        sections.write_text(original.replace("title: ", f"title: Edited {attempt} ", 1), encoding="utf-8")
        timings["draft_edit"].append(_timed(build)[0])
        timings["one_release"].append(_timed(one)[0])
    warm_site = _tree(Path(site))
    _timed([*build, "--no-cache"])
    median = {name: sorted(values)[len(values) // 2] for name, values in timings.items()}
    return {
        "cold_drafts_seconds": round(median["cold"], 2),
        "unchanged_seconds": round(median["unchanged"], 2),
        "draft_edit_seconds": round(median["draft_edit"], 2),
        "one_release_seconds": round(median["one_release"], 2),
        "unchanged_vs_cold": round(median["unchanged"] / median["cold"], 2),
        "draft_edit_vs_one_release": round(median["draft_edit"] / median["one_release"], 2),
        "warm_equals_cold": warm_site == _tree(Path(site)),
    }


def _tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(sizes_to_run: list[tuple[int, int]], report: Path, runs: int, cache_only: bool = False) -> list[dict]:
    rows = []
    for chapters, release_count in sizes_to_run:
        work = Path(tempfile.mkdtemp(prefix="bench-"))
        data = work / "data"
        data.mkdir()
        shutil.copy(REPO / "guideline_data/grading.yaml", data / "grading.yaml")
        shutil.copy(REPO / "guideline_data/vocabulary.yaml", data / "vocabulary.yaml")  # search ships it
        for number in range(release_count):
            recommendations = make_release(data, f"9{number:03d}.{chapters}", chapters)
        if cache_only:  # the build-cache rows alone: minutes instead of the baseline's hour at 10 x 5
            row = {"chapters": chapters, "releases": release_count, **incremental(data, work, runs)}
            rows.append(row)
            print(json.dumps(row), flush=True)
            shutil.rmtree(work, ignore_errors=True)
            continue
        ours, baseline, memory = [], [], 0
        latest = max((p.name for p in data.iterdir() if p.is_dir()), key=release_key)
        config = write_baseline(data, latest, work / "baseline")
        build = [*GUIDELINE, "--data", str(data), "build", "--no-cache", "--cache-dir", str(work / "cache")]
        build += ["--out", str(work / "site")]
        plain = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "baseline-site")]
        for _ in range(runs):  # alternate the two, so drift on a shared machine hits both alike
            seconds, memory = _timed(build)
            ours.append(seconds)
            baseline.append(sum(_timed(plain)[0] for _release in range(release_count)))
        median = sorted(ours)[len(ours) // 2]
        base_median = sorted(baseline)[len(baseline) // 2]
        row = {
            "chapters": chapters,
            "releases": release_count,
            "recommendations_per_release": recommendations,
            "build_seconds": round(median, 2),
            "baseline_seconds": round(base_median, 2),
            "ratio": round(median / base_median, 2),
            "ms_per_recommendation": round(1000 * median / (recommendations * release_count), 2),
            "peak_memory_mib": round(memory / 1024),
            **sizes(work / "site" / latest),
        }
        if chapters == max(c for c, _ in sizes_to_run) and release_count == 1:
            try:
                row.update(search_latency(work / "site" / latest))
            except Exception as error:  # reported, not hidden: the table shows the failure
                row["search_first_result_ms"] = f"failed: {type(error).__name__}"
        floor = write_floor(work / "site" / latest, work)
        row["write_floor_seconds"] = round(floor * release_count, 2)
        row["build_vs_write_floor"] = round(median / (floor * release_count), 1)
        row.update(rebuild_latency(data, latest, work / "served"))
        if release_count == 1:
            row.update(chapter_edit(data, latest, work))
        if release_count > 1:
            row.update(incremental(data, work, runs))
        rows.append(row)
        print(json.dumps(row), flush=True)
        shutil.rmtree(work, ignore_errors=True)
    report.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return rows


def markdown_table(rows: list[dict]) -> str:
    columns = [
        "chapters",
        "releases",
        "recommendations_per_release",
        "build_seconds",
        "baseline_seconds",
        "ratio",
        "ms_per_recommendation",
        "peak_memory_mib",
        "search_index_gzip_bytes",
        "largest_page_bytes",
        "topic_page_js_css_gzip_bytes",
        "search_cold_ms",
        "search_first_result_ms",
        "write_floor_seconds",
        "build_vs_write_floor",
        "serve_rebuild_seconds",
        "serve_all_recommendations_seconds",
        "serve_search_index_seconds",
        "chapter_edit_seconds",
        "chapter_alone_seconds",
        "chapter_edit_vs_chapter_alone",
        "edit_equals_cold",
    ]
    built = [row for row in rows if "build_seconds" in row]
    table = table_of(columns, built) if built else ""
    cached = [row for row in rows if "unchanged_seconds" in row]
    if cached:
        table += "\nBuild cache (newest release a draft; medians):\n\n" + table_of(INCREMENTAL_COLUMNS, cached)
    return table


INCREMENTAL_COLUMNS = [
    "chapters",
    "releases",
    "cold_drafts_seconds",
    "unchanged_seconds",
    "draft_edit_seconds",
    "one_release_seconds",
    "unchanged_vs_cold",
    "draft_edit_vs_one_release",
    "warm_equals_cold",
]


def table_of(columns: list[str], rows: list[dict]) -> str:
    """A Markdown table of `rows` (JSON rows of a benchmark), one column each of `columns`, '' where a row lacks one."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(column, "")) for column in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1, 10, 26 chapters x 1 and 5 releases")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; the median is reported")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--sizes", help="chapters x releases to run, e.g. 1x1,10x1 (overrides --full)")
    parser.add_argument("--cache-only", action="store_true", help="only the build-cache rows (sizes with several releases)")
    arguments = parser.parse_args(argv)
    # One date for every build of the run: synthetic data lies outside git, so each build would
    # otherwise take the last commit's time, and a commit during the run would change the sites.
    from scripts.sitebuild import source_date_epoch

    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    sizes_to_run = [(c, r) for r in (1, 5) for c in (1, 10, 26)] if arguments.full else [(1, 1), (10, 1), (26, 1), (1, 5), (10, 5)]
    if arguments.sizes:
        sizes_to_run = [tuple(int(n) for n in size.split("x")) for size in arguments.sizes.split(",")]
    arguments.out.mkdir(parents=True, exist_ok=True)
    if arguments.cache_only:
        sizes_to_run = [(c, r) for c, r in sizes_to_run if r > 1]
    rows = run(sizes_to_run, arguments.out / "bench.json", arguments.runs, arguments.cache_only)
    table = markdown_table(rows)
    (arguments.out / "bench.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
