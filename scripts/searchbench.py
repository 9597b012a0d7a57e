"""Search on a phone at the size of the whole guideline: first results, bytes and main-thread long tasks.

Chromium's CPU is throttled 4x (CDP Emulation.setCPUThrottlingRate) and the network is Chrome DevTools'
"Slow 4G" profile (CDP Network.emulateNetworkConditions: 562.5 ms latency, 1.44 Mbit/s down). A fresh
page loads; once its load event fired (`load_ms` from navigation) a reader types a query (100 ms
between keys). Measured: from the first keystroke (its event time, before it waits for a busy main thread) to the
first result shown (`first_result_ms`; from navigation: `from_navigation_ms`), to the first result from the
whole index (`whole_result_ms`: where a release of several chapters is searched in the reader's chapter first,
the answer from every chapter that follows), the bytes search needs over the wire for it (`search_kib`: the
index and its parts, worker and engine files, gzip-compressed as a static host serves them), and the longest
main-thread task while searching (`longest_task_ms`, PerformanceObserver longtask) until then.
Targets (issue 24): <= 1000 ms, <= 300 KiB, no task over 200 ms. CDP's CPU throttling slows the page's
main thread only: work inside a worker (building and querying an index) runs at this machine's speed.

`python -m scripts.searchbench --chapters 1,10,26` builds synthetic releases (scripts/bench.py) and
measures this site's search; `make bench` runs it. `--candidates` also measures, on the largest size,
the alternatives side by side: Pagefind (`pip install 'pagefind[bin]'`), MiniSearch, FlexSearch and
lunr with one chapter's index (`npm install minisearch flexsearch lunr` in `--node-modules`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from scripts.bench import table_of

REPO = Path(__file__).resolve().parent.parent
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1_600_000 * 0.9 / 8, "uploadThroughput": 750_000 * 0.9 / 8}
CPU_SLOWDOWN = 4
TARGETS = {"first_result_ms": 1000, "search_kib": 300, "longest_task_ms": 200}
QUERY = "denosumab"
KEY_DELAY_MS = 100
COMPRESSED = {".html", ".js", ".json", ".css", ".svg", ".txt", ".xml", ".mjs"}


@dataclass(frozen=True)
class Candidate:
    """A search to measure: the page it runs on, its query field and results, the files only it loads."""

    name: str
    page: str
    field: str
    result: str
    search_files: str  # regex of the addresses search alone loads (counted in search_kib)


MATERIAL = Candidate(
    "Material lunr (this site)",
    "index.html",
    "input.md-search__input",
    ".md-search-result__item",
    r"search_index\.json|/search/(?:release|chapter-[^/]*)\.json|/workers/search\.|search-worker\.js|search-query\.js|vocabulary\.js",
)
PAGEFIND = Candidate("Pagefind 1.5 (default UI)", "pagefind.html", ".pagefind-ui__search-input", ".pagefind-ui__result", r"/pagefind/")


def worker_candidate(engine: str, label: str) -> Candidate:
    return Candidate(label, f"candidate.html?engine={engine}", "#q", "#results li", r"/candidate/|search_index\.json|chapter-0\.json")


ALTERNATIVES = [
    worker_candidate("minisearch", "MiniSearch 7.2 (index built in a worker)"),
    worker_candidate("flexsearch", "FlexSearch 0.8 (index built in a worker)"),
    worker_candidate("lunr-chapter", "lunr 2.3, one chapter's index (per-chapter search)"),
]


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: text files gzip-compressed when the browser accepts it, as hosts serve them."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # http.server calls it; returns the body to copy
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


_INIT = """
window.__bench = {longtasks: [], firstKey: null, firstResult: null, wholeResult: null};
new PerformanceObserver(list => list.getEntries().forEach(e => __bench.longtasks.push([e.startTime, e.duration])))
  .observe({type: "longtask", buffered: true});
addEventListener("keydown", e => { if (__bench.firstKey === null) __bench.firstKey = e.timeStamp; }, true);
new MutationObserver(() => {
  if (__bench.firstKey === null || !document.querySelector(%s)) return;
  if (__bench.firstResult === null) __bench.firstResult = performance.now();
  if (__bench.wholeResult === null && !document.querySelector(".search-partial")) __bench.wholeResult = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


def phone_search(root: Path, candidate: Candidate, query: str = QUERY) -> dict:
    """One fresh page load and one typed query on the phone profile; the figures of the module doc."""
    from playwright.sync_api import sync_playwright

    from scripts.browser import CHROMIUM, CHROMIUM_ARGS

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    finished = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.on("requestfinished", lambda request: finished.append(request))
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            page.add_init_script(_INIT % json.dumps(candidate.result))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{candidate.page}", wait_until="load", timeout=300_000)
            page.click(candidate.field)
            page.keyboard.type(query, delay=KEY_DELAY_MS)
            page.wait_for_selector(candidate.result, timeout=300_000)
            page.wait_for_function("window.__bench.wholeResult !== null", timeout=300_000)
            page.wait_for_timeout(1000)  # tasks that finish rendering the results
            bench = page.evaluate("window.__bench")
            bench["load"] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            sizes = [(request.url, request.sizes()) for request in finished]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    searching = [duration for start, duration in bench["longtasks"] if start + duration >= bench["firstKey"]]
    pattern = re.compile(candidate.search_files)
    search_bytes = sum(s["responseBodySize"] + s["responseHeadersSize"] for url, s in sizes if pattern.search(url))
    return {
        "candidate": candidate.name,
        "load_ms": round(bench["load"]),
        "first_result_ms": round(bench["firstResult"] - bench["firstKey"]),
        "from_navigation_ms": round(bench["firstResult"]),
        "whole_result_ms": round(bench["wholeResult"] - bench["firstKey"]),
        "search_kib": round(search_bytes / 1024),
        "longest_task_ms": round(max(searching, default=0)),
        "page_kib": round(sum(s["responseBodySize"] + s["responseHeadersSize"] for _url, s in sizes) / 1024),
    }


def meets(row: dict) -> str:
    """Which targets a row misses ('all met' when none)."""
    missed = [name for name, limit in TARGETS.items() if not isinstance(row.get(name), int) or row[name] > limit]
    return "all met" if not missed else "misses " + ", ".join(missed)


def prepare_pagefind(release_site: Path) -> None:
    """Index the built release with Pagefind (the pages' article only) and add a page with its UI."""
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(release_site), "--root-selector", "article", "--quiet"],
        check=True,
    )
    (release_site / "pagefind.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind</title>'
        '<link href="pagefind/pagefind-ui.css" rel="stylesheet"><script src="pagefind/pagefind-ui.js"></script>'
        '</head><body><div id="search"></div><script>new PagefindUI({element: "#search", showSubResults: true});'
        "</script></body></html>\n",
        encoding="utf-8",
    )


_CANDIDATE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>candidate</title></head>
<body><input id="q" autocomplete="off"><ol id="results"></ol><script>
var engine = new URLSearchParams(location.search).get("engine");
var worker = new Worker("candidate/worker.js?engine=" + engine);
var list = document.getElementById("results");
worker.onmessage = function (e) {
  list.replaceChildren(...e.data.map(function (r) { var li = document.createElement("li"); li.textContent = r; return li; }));
};
document.getElementById("q").addEventListener("keyup", function (e) { worker.postMessage(e.target.value); });
</script></body></html>
"""

_CANDIDATE_WORKER = """
var engine = new URLSearchParams(location.search).get("engine");
var libraries = {minisearch: "minisearch.js", flexsearch: "flexsearch.js", "lunr-chapter": "lunr.js"};
importScripts(libraries[engine]);
function plain(html) { return html.replace(/<[^>]*>/g, " "); }
var search = null, pending = null;
fetch(engine === "lunr-chapter" ? "../search/chapter-0.json" : "../search/search_index.json")
  .then(function (r) { return r.json(); })
  .then(function (index) {
    var docs = index.docs.map(function (d, i) {
      return {id: i, location: d.location, title: d.title, text: plain(d.text), tags: (d.tags || []).join(" ")};
    });
    if (engine === "minisearch") {
      var mini = new MiniSearch({fields: ["title", "text", "tags"], storeFields: ["location"],
        searchOptions: {boost: {title: 10, tags: 10}, prefix: true, fuzzy: 0.2}});
      mini.addAll(docs);
      search = function (q) { return mini.search(q).slice(0, 10).map(function (r) { return r.location; }); };
    } else if (engine === "flexsearch") {
      var flex = new FlexSearch.Document({tokenize: "forward", document: {id: "id", index: ["title", "text", "tags"]}});
      docs.forEach(function (d) { flex.add(d); });
      search = function (q) {
        var seen = [];
        flex.search(q, 10).forEach(function (f) { f.result.forEach(function (id) { if (seen.indexOf(id) < 0) seen.push(id); }); });
        return seen.slice(0, 10).map(function (id) { return docs[id].location; });
      };
    } else {
      var idx = lunr(function () {
        this.ref("location"); this.field("title", {boost: 1000}); this.field("text"); this.field("tags", {boost: 1000});
        docs.forEach(function (d) { this.add(d); }, this);
      });
      search = function (q) { return idx.search(q + "*").slice(0, 10).map(function (r) { return r.ref; }); };
    }
    if (pending !== null) postMessage(search(pending));
  });
onmessage = function (e) { if (search) postMessage(search(e.data)); else pending = e.data; };
"""


def prepare_worker_candidates(release_site: Path, node_modules: Path) -> None:
    """The other engines on one plain page each, indexing the same documents in a worker; and one
    chapter's share of the index (the first chapter's pages) for a per-chapter lunr index."""
    folder = release_site / "candidate"
    folder.mkdir(exist_ok=True)
    shutil.copy(node_modules / "minisearch/dist/umd/index.js", folder / "minisearch.js")
    shutil.copy(node_modules / "flexsearch/dist/flexsearch.bundle.min.js", folder / "flexsearch.js")
    shutil.copy(node_modules / "lunr/lunr.min.js", folder / "lunr.js")
    (folder / "worker.js").write_text(_CANDIDATE_WORKER, encoding="utf-8")
    (release_site / "candidate.html").write_text(_CANDIDATE_PAGE, encoding="utf-8")
    index = json.loads((release_site / "search/search_index.json").read_text(encoding="utf-8"))
    first = [doc for doc in index["docs"] if not re.search(r"-c\d+(?:/|\.html|$|#)", doc["location"])]
    (release_site / "search/chapter-0.json").write_text(json.dumps({**index, "docs": first}), encoding="utf-8")


def build_synthetic(chapters: int, work: Path) -> Path:
    """A synthetic release of `chapters` chapters (scripts/bench.py), built; returns its site folder."""
    from scripts.bench import make_release

    data = work / "data"
    data.mkdir(parents=True)
    for name in ("grading.yaml", "vocabulary.yaml"):
        if (REPO / "guideline_data" / name).is_file():
            shutil.copy(REPO / "guideline_data" / name, data / name)
    release_id = f"9000.{chapters}"
    make_release(data, release_id, chapters)
    command = [sys.executable, "-m", "scripts.guideline", "--data", str(data), "build", "--no-cache"]
    subprocess.run([*command, "--cache-dir", str(work / "cache"), "--out", str(work / "site")], cwd=REPO, check=True)
    return work / "site" / release_id


def run(chapter_counts: list[int], candidates: bool, node_modules: Path | None) -> list[dict]:
    rows = []
    for chapters in chapter_counts:
        work = Path(tempfile.mkdtemp(prefix="searchbench-"))
        try:
            site = build_synthetic(chapters, work)
            measured = [MATERIAL]
            if candidates and chapters == max(chapter_counts):
                prepare_pagefind(site)
                measured.append(PAGEFIND)
                if node_modules:
                    prepare_worker_candidates(site, node_modules)
                    measured += ALTERNATIVES
            for candidate in measured:
                try:
                    row = {"chapters": chapters, **phone_search(site, candidate)}
                except Exception as error:  # reported, not hidden: the table shows the failure
                    row = {"chapters": chapters, "candidate": candidate.name, "first_result_ms": f"failed: {error}"[:80]}
                row["targets"] = meets(row)
                rows.append(row)
                print(json.dumps(row), flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return rows


COLUMNS = ["chapters", "candidate", "load_ms", "first_result_ms", "from_navigation_ms", "whole_result_ms", "search_kib", "longest_task_ms", "page_kib", "targets"]


def markdown_table(rows: list[dict]) -> str:
    return table_of(COLUMNS, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="searchbench", description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", default="1,10,26", help="chapter counts of the synthetic releases")
    parser.add_argument("--candidates", action="store_true", help="also measure the alternatives at the largest size")
    parser.add_argument("--node-modules", type=Path, help="a node_modules with minisearch, flexsearch and lunr")
    parser.add_argument("--site", type=Path, help="measure this built release folder instead of building")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    arguments = parser.parse_args(argv)
    from scripts.sitebuild import source_date_epoch

    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    if arguments.site:
        rows = []
        for candidate in [MATERIAL, PAGEFIND, *ALTERNATIVES] if arguments.candidates else [MATERIAL]:
            try:
                row = {"chapters": "", **phone_search(arguments.site, candidate)}
            except Exception as error:
                row = {"candidate": candidate.name, "first_result_ms": f"failed: {error}"[:80]}
            row["targets"] = meets(row)
            rows.append(row)
            print(json.dumps(row), flush=True)
    else:
        counts = [int(n) for n in arguments.chapters.split(",")]
        rows = run(counts, arguments.candidates, arguments.node_modules)
    arguments.out.mkdir(parents=True, exist_ok=True)
    (arguments.out / "searchbench.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    table = markdown_table(rows)
    (arguments.out / "searchbench.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
