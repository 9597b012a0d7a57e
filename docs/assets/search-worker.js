// The search worker: Material's own (its address after '#', set by search-query.js), plus one step
// Material lacks: a word of five letters or more that begins no word of the index is read as the
// index's word one letter away ('denosumb' -> 'denosumab', 'bisphosponate' -> 'bisphosphonate'),
// before Material parses the query, so results, highlights and "Missing" speak of the word found.
// Over http(s) the page hands it the index's settings alone and it fetches the documents itself (see
// search-query.js). In a release of several chapters it searches the reader's chapter first: the page
// names it (after a second '#' in this script's address), its documents and the release-wide ones
// (search/chapter-<id>.json, search/release.json, macros/searchindex.py) are fetched at once and indexed
// (a few hundred documents), queries are answered from them (each result says `partial`), then the whole
// index is built in slices between queries, in a second run of Material's worker script, and the last
// query is answered again from it: the final results and ranking are the whole index's.
// Runs as a Web Worker, or from file:// inside the iframe-worker shim (where importScripts returns a
// promise and document.currentScript names this script): there, the page's inlined whole index.
(function () {
  "use strict";
  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var RESULT = 3;
  var DOCUMENTS = "search/search_index.json";
  var TYPO_MIN_LETTERS = 5;
  var SLICE_MS = 30; // the longest the whole index's documents are added for before queries are let in

  var here = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : self.location.href;
  var hash = here.split("#").slice(1).join("#").replace(/\?\d*$/, "").split("#");
  var material = decodeURIComponent(hash[0]);
  var chapter = hash[1] ? decodeURIComponent(hash[1]) : null;
  // The site's root: Material's worker is <root>assets/javascripts/workers/search.*.js.
  var siteRoot = material.replace(/assets\/javascripts\/workers\/[^\/]*$/, "");

  // One run of Material's worker script: its message listener and the lunr index it built.
  function Engine(listener) {
    this.listener = listener;
    this.index = null;
    this.words = null;
    this.whole = true; // searches the whole index (false: the reader's chapter and the release-wide pages)
  }
  var engines = []; // [the first (the chapter, or the whole index), the whole index after the chapter]
  var engine = null; // the one answering queries
  var index = null; // engine.index, for the typo step

  function documents(path) {
    return fetch(new URL(path, siteRoot)).then(function (response) {
      if (!response.ok) throw new Error(path + ": HTTP " + response.status);
      return response.json();
    });
  }

  var wholeDocuments = null;
  function wholeIndex() {
    wholeDocuments = wholeDocuments || documents(DOCUMENTS);
    return wholeDocuments;
  }

  // Asked for at once, while Material's worker script loads and the page fetches the settings: the
  // chapter's documents, or (one chapter) the whole index's. Not from file://, where the page hands
  // over the inlined index.
  var web = /^https?:/.test(siteRoot);
  if (web && !chapter) wholeIndex().catch(function () {});
  var chapterDocuments = web && chapter
    ? Promise.all([documents("search/release.json"), documents("search/chapter-" + encodeURIComponent(chapter) + ".json")]).then(
        function (parts) {
          return parts[0].docs.concat(parts[1].docs);
        }
      )
    : null;
  if (chapterDocuments) chapterDocuments.catch(function () {}); // a missing part: the whole index at SETUP

  function documentsWith(token) {
    var postings = index.invertedIndex[token];
    var count = 0;
    Object.keys(postings).forEach(function (field) {
      if (field !== "_index") count += Object.keys(postings[field]).length;
    });
    return count;
  }

  // At most one edit apart: an insertion, deletion, substitution or two neighbours swapped.
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // The index's word for a misspelt one: the word one edit away in most documents; null when the
  // word begins a word of the index (the reader may still be typing) or nothing is one edit away.
  // (lunr 2.3.9's own fuzzy token sets miss insertions and substitutions: `denosumb~1` finds nothing.)
  function correction(word) {
    if (!/^\p{L}+$/u.test(word) || Array.from(word).length < TYPO_MIN_LETTERS) return null;
    if (self.lunr.TokenSet.fromString(word + "*").intersect(index.tokenSet).toArray().length) return null;
    var words = engine.words = engine.words || Object.keys(index.invertedIndex);
    var near = words.filter(function (other) {
      return Math.abs(other.length - word.length) <= 1 && oneEditApart(word, other);
    });
    near.sort(function (a, b) {
      return documentsWith(b) - documentsWith(a) || (a < b ? -1 : a > b ? 1 : 0);
    });
    return near.length ? near[0] : null;
  }

  // Words of the index that count as the typed word itself: one more letter at the end (vitamin ->
  // Vitamine as printed, fracture -> fractures) from four letters on; a single letter -> that letter
  // with a number (D -> D3, K -> K2). They weigh as the whole word, not as a prefix.
  function sameWord(word) {
    var words = engine.words = engine.words || Object.keys(index.invertedIndex);
    var length = Array.from(word).length;
    if (length === 1) {
      return words.filter(function (other) {
        return other.charAt(0) === word && /^.\d+$/u.test(other);
      });
    }
    if (length < 4) return [];
    return words.filter(function (other) {
      return other.length === word.length + 1 && other.slice(0, word.length) === word && /\p{L}$/u.test(other);
    });
  }

  // The query as search-query.js writes it: clauses `word^10 word*^1` (a single letter `d^10`),
  // phrases `"a b"`. A misspelt word is replaced; a whole-word clause gains the index's same words.
  function corrected(query) {
    var seen = {};
    return query
      .split(" ")
      .map(function (clause) {
        var parts = /^(\p{L}+)(\*?)\^(\d+)$/u.exec(clause);
        if (!parts) return clause;
        var word = parts[1];
        if (!(word in seen)) seen[word] = correction(word) || word;
        word = seen[word];
        if (parts[2]) return word + "*^" + parts[3];
        return [word].concat(sameWord(word)).map(function (same) {
          return same + "^" + parts[3];
        }).join(" ");
      })
      .join(" ");
  }


  var settings = null; // Material's settings as its page sent them (SETUP)
  var asked = null; // the last query the page posted, as it posted it
  var answering = []; // [query, partial] of each answer Material will post, in order
  var quietReady = false; // the second run's READY: the page had it from the first

  // Material answers a message of one run, its way; the run's index is kept (keepIndex).
  var target = null; // the run whose index Material builds
  function ask(run, message) {
    target = run;
    return run.listener.call(self, { data: message });
  }

  function answer(query) {
    answering.push([query, !engine.whole]);
    return ask(engine, { type: QUERY, data: engine.index ? corrected(query) : query });
  }

  function setUp(run, docs, whole) {
    run.whole = whole;
    return ask(run, { type: SETUP, data: Object.assign({}, settings, { docs: docs }) });
  }

  // The whole index in a second run of Material's worker script (its own Search; lunr, global, is the
  // first run's): its documents are added a slice at a time, queries answered from the chapter in
  // between; once built it answers, and the last query is asked again. The script runs from memory
  // (a synchronous importScripts over the network would hold every query for a round trip).
  var deferring = false;
  function wholeAfterChapter() {
    var script = fetch(material).then(function (response) {
      return response.text();
    });
    return Promise.all([wholeIndex(), script])
      .then(function (loaded) {
        var lunr = self.lunr;
        importScripts(URL.createObjectURL(new Blob([loaded[1]], { type: "text/javascript" })));
        self.lunr = lunr;
        var run = new Engine(instances[1]);
        engines.push(run);
        quietReady = true;
        deferring = true;
        return new Promise(function (resolve) {
          run.ready = resolve;
          setUp(run, loaded[0].docs, true);
        }).then(function () {
          engine = run;
          index = run.index;
          if (asked !== null && asked.trim()) answer(asked);
        });
      })
      .catch(function (error) {
        console.warn("Search: only this chapter is searched:", error);
      });
  }

  var instances = []; // Material's message listeners, one per run of its worker script
  var listen = self.addEventListener;
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen.apply(self, arguments);
    instances.push(listener);
    if (instances.length > 1) return undefined;
    return listen.call(self, type, onMessage, options);
  };

  function onMessage(event) {
    var message = event.data;
    if (!engines.length) {
      engine = new Engine(instances[0]);
      engines.push(engine);
    }
    if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
      settings = message.data;
      if (settings.docs.length) return setUp(engine, settings.docs, true); // file://: the inlined whole index
      // The page sent the index's settings alone (search-query.js): fetch the documents here.
      var first = chapterDocuments
        ? chapterDocuments.catch(function () {
            return null;
          })
        : Promise.resolve(null);
      return first.then(function (docs) {
        if (!docs) {
          chapterDocuments = null;
          return wholeIndex().then(function (whole) {
            return setUp(engine, whole.docs, true);
          });
        }
        return setUp(engine, docs, false).then(wholeAfterChapter);
      });
    }
    if (message && message.type === QUERY && typeof message.data === "string") {
      asked = message.data;
      return answer(message.data);
    }
    return engine.listener.call(this, event);
  }

  // Each result names the query it answers (as the page posted it), so the page can drop a result
  // that arrives after the reader typed on: Material labels every result with the query box's current
  // text, and a late answer to an earlier query read as "No matching documents" for the new one.
  // Material answers queries one by one, in the order posted. `partial`: from the reader's chapter
  // and the release-wide pages only, the whole index's answer follows.
  var post = self.postMessage;
  self.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === READY && quietReady) {
      quietReady = false;
      return undefined;
    }
    if (message && message.type === RESULT && answering.length) {
      var answered = answering.shift();
      args[0] = { type: RESULT, data: Object.assign({}, message.data, { query: answered[0], partial: answered[1] }) };
    }
    return post.apply(self, args);
  };

  // The index each run builds is kept for the typo step; the whole index after the chapter's is built
  // in slices: Material's Search adds its documents through lunr's Builder, whose adds are queued and
  // run SLICE_MS at a time, then built into the index object Material already holds.
  function keepIndex() {
    var Builder = self.lunr.Builder.prototype;
    var build = Builder.build;
    var add = Builder.add;
    var queued = [];
    Builder.add = function () {
      if (!deferring) return add.apply(this, arguments);
      queued.push(arguments);
      return undefined;
    };
    Builder.build = function () {
      var run = target;
      if (!deferring) {
        run.index = build.apply(this, arguments);
        if (run === engine) index = run.index;
        return run.index;
      }
      deferring = false;
      var builder = this;
      var adds = queued;
      queued = [];
      run.index = Object.create(self.lunr.Index.prototype);
      var next = 0;
      (function slice() {
        var end = performance.now() + SLICE_MS;
        while (next < adds.length && performance.now() < end) add.apply(builder, adds[next++]);
        if (next < adds.length) return setTimeout(slice, 0);
        return setTimeout(function () {
          Object.assign(run.index, build.call(builder));
          run.ready();
        }, 0);
      })();
      return run.index;
    };
  }

  var loading = importScripts(material);
  if (loading && typeof loading.then === "function") loading.then(keepIndex);
  else keepIndex();
})();
