// Search queries read the way the index is written (macros/searchindex.py, applied by scripts/sitebuild.py).
// Loaded in <head>, before Material's bundle starts its search worker: Material 9.8.1 posts each
// query to the worker as {type: 2, data: query}; this rewrites that query (see the end).
(function () {
  "use strict";
  var QUERY = 2;
  var RESULT = 3;

  // The index's word separator (mkdocs.yml plugins.search.separator; tests/test_search.py keeps
  // the two equal).
  var SEPARATOR = /[\s\-\u2010-\u2015\u2212+,:!=\[\]()"\/]+|(?<=\d)(?=[A-Z][a-z])|\.(?!\d)/;

  // Ranking (Material adds a trailing wildcard to every term, so "D" matched every word starting
  // with d as much as a whole word): a whole word weighs EXACT, a word it begins PREFIX; a single
  // character matches only itself.
  var EXACT = 10;
  var PREFIX = 1;

  // Clinicians' words (guideline_data/vocabulary.yaml, editorial; assets/vocabulary.js): a brand
  // name or German term is searched as the term the guideline prints. Compared without case or
  // accents, and with one letter wrong in words of five letters or more.
  function folded(word) {
    return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  var vocabulary = new Map();
  (window.guidelineVocabulary || []).forEach(function (row) {
    vocabulary.set(folded(row.word), row);
  });

  // At most one edit (insertion, deletion, substitution or two neighbours swapped) apart.
  function oneEditApart(a, b) {
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function vocabularyRow(word) {
    var key = folded(word);
    if (vocabulary.has(key)) return vocabulary.get(key);
    if (Array.from(key).length < 5) return null;
    var found = null;
    vocabulary.forEach(function (row, other) {
      if (!found && Array.from(other).length >= 5 && oneEditApart(key, other)) found = row;
    });
    return found;
  }

  // A brand's dose (Prolia: Denosumab 60 mg) ranks the items printed at that dose first among the agent's,
  // never above another word typed with it ('Prolia hypercalcemia'): its numbers, whole, lightly boosted
  // ('mg' stands at every dose and tells none apart).
  var DOSE = 2;
  function doseClauses(dose) {
    return dose ? parts(dose.normalize("NFKC")).filter(function (part) { return /\d/.test(part); }).map(function (number) {
      return number + "^" + DOSE;
    }) : [];
  }

  // One word of the query as lunr clauses: the whole word boosted, and the words it begins.
  function clauses(word) {
    var term = word.toLowerCase();
    if (Array.from(term).length < 2) return [term + "^" + EXACT];
    return [term + "^" + EXACT, term + "*^" + PREFIX];
  }

  // The words the index holds for one typed part (a term the separator splits is its parts).
  function parts(term) {
    return term.replace(/^[+\-]+/, "").split(SEPARATOR).filter(function (part) {
      return part && /[\p{L}\p{N}]/u.test(part);
    });
  }

  // NFKC, as the index: micro sign and Greek mu are one letter, m² is m2. lunr reads + and - before
  // a term as operators and :, ^, ~ as syntax, but the guideline prints them as text (-ECOG,
  // ER+/PR-, grades such as +/-): they are dropped, and a part with no letter or digit is no query.
  // A term the separator splits (1000–1500, ER+/PR-, kg/m2) is searched as its parts together:
  // Material requires each part of a quoted phrase. `read` collects the vocabulary rows used.
  function normalise(query, read) {
    return query
      .normalize("NFKC")
      .replace(/[:^~*]/g, " ")
      .split(/\s+/)
      .map(function (term) {
        if (term.indexOf('"') !== -1) return term;
        var found = parts(term);
        if (found.length > 1) return '"' + found.join(" ") + '"';
        if (!found.length) return "";
        var row = vocabularyRow(found[0]);
        if (!row) return clauses(found[0]).join(" ");
        if (read) read.push({ typed: found[0], row: row });
        var agent = row.dose ? row.means.slice(0, row.means.length - row.dose.length) : row.means;
        var words = parts(agent.normalize("NFKC")).join(" ").split(SEPARATOR);
        if (row.printed) words.unshift(found[0]);
        return words.map(clauses).map(function (c) { return c.join(" "); }).concat(doseClauses(row.dose)).join(" ");
      })
      .filter(Boolean)
      .join(" ");
  }

  // Above the results: which clinicians' words were read as which printed terms, marked editorial.
  function showVocabulary(read) {
    var result = document.querySelector(".md-search-result");
    if (!result) return;
    var note = result.querySelector(".search-vocabulary");
    if (!read.length) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "search-vocabulary editorial-note";
      result.insertBefore(note, result.querySelector(".md-search-result__list"));
    }
    note.textContent =
      read
        .map(function (used) {
          return used.typed + " (" + used.row.kind + "): searched " + (used.row.printed ? "also " : "") + "as " + used.row.means;
        })
        .join("; ") + ". Editorial vocabulary, not printed in the guideline.";
  }

  // Above the results while the worker searches the reader's chapter only (search-worker.js: the
  // answer says `partial`); the whole index's answer follows and removes it.
  var PARTIAL = "Searching this chapter first; results from the other chapters follow.";
  function showPartial(partial) {
    var result = document.querySelector(".md-search-result");
    if (!result) return;
    var note = result.querySelector(".search-partial");
    if (!partial) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "search-partial";
      note.textContent = PARTIAL;
      result.insertBefore(note, result.querySelector(".md-search-result__list"));
    }
  }

  // The chapter the worker searches first (overrides/main.html: this page's chapter, or the release's
  // first on a release-wide page), where a release has several. Not from file://: the bundle's
  // inlined index is searched whole.
  function firstChapter() {
    var meta = document.querySelector('meta[name="search-chapter"]');
    return meta && location.protocol !== "file:" ? meta.content : "";
  }

  window.guidelineSearchQuery = function (query) {
    return normalise(query);
  };

  // Material starts its search worker with `new Worker(url)` (on file:// the iframe-worker shim
  // replaces window.Worker first): that worker is started through assets/search-worker.js, which
  // loads Material's and corrects one-letter typos against the index, and each query it is posted
  // ({type: 2, data: query}) is rewritten here first.
  var WORKER = new URL("search-worker.js", document.currentScript.src).href;

  function searchWorker(Base) {
    function GuidelineWorker(url, options) {
      var material = /\/workers\/search\.[^\/]*\.js/.test(String(url));
      if (material && early && early.Base === Base && early.url === new URL(url, document.baseURI).href) {
        var started = early.worker;
        early = null;
        return started;
      }
      var address = WORKER + "#" + encodeURIComponent(new URL(url, document.baseURI).href);
      if (material && firstChapter()) address += "#" + encodeURIComponent(firstChapter());
      var worker = new Base(material ? address : url, options);
      if (!material) return worker;
      var post = worker.postMessage;
      var asked = null; // the last query posted, as the worker receives it
      worker.postMessage = function (message) {
        var args = Array.prototype.slice.call(arguments);
        if (message && message.type === QUERY && typeof message.data === "string") {
          var read = [];
          asked = normalise(message.data, read);
          args[0] = { type: QUERY, data: asked };
          showVocabulary(read);
        }
        return post.apply(worker, args);
      };
      // A result for an earlier query (the reader typed on while the worker was busy) never reaches
      // Material, which would show it under the query now in the box (search-worker.js names each).
      var listen = worker.addEventListener;
      var current = new WeakMap();
      worker.addEventListener = function (type, listener, options) {
        if (type !== "message" || typeof listener !== "function") return listen.apply(worker, arguments);
        if (!current.has(listener)) {
          current.set(listener, function (event) {
            var answer = event.data;
            if (answer && answer.type === RESULT && answer.data && "query" in answer.data && answer.data.query !== asked) return;
            var shown = listener.apply(this, arguments);
            // After Material painted the answer (it does so at once): no note while a whole answer shows.
            if (answer && answer.type === RESULT && answer.data) showPartial(answer.data.partial === true && /\S/.test(asked));
            return shown;
          });
        }
        return listen.call(worker, type, current.get(listener), options);
      };
      var unlisten = worker.removeEventListener;
      worker.removeEventListener = function (type, listener, options) {
        return unlisten.call(worker, type, current.get(listener) || listener, options);
      };
      return worker;
    }
    GuidelineWorker.prototype = Base.prototype;
    return GuidelineWorker;
  }

  // The page asks Material for search/search_index.json; over http(s) it loads the index's settings
  // alone (search_settings.json, written by scripts/sitebuild.py) and the worker fetches and parses
  // the documents: at the size of the whole guideline, parsing them and copying them into the worker
  // were the page's longest tasks. From file:// Material reads the inlined index as before.
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    if (location.protocol !== "file:" && /\/search\/search_index\.json$/.test(new URL(String(url), document.baseURI).pathname)) {
      args[1] = String(url).replace(/search_index\.json$/, "search_settings.json");
    }
    return open.apply(this, args);
  };

  var current = searchWorker(window.Worker);

  // Material's bundle, at the end of the page, starts its search worker once it has run: on a slow
  // network a second or more after the head. The worker Material will ask for (overrides/main.html
  // names it) is started here, as the head is read, and handed to Material when it asks for that
  // address; it only answers the messages Material posts. Not from file:// (the bundle's shim).
  var early = null;
  var named = document.querySelector('meta[name="search-worker"]');
  if (named && named.content && window.Worker && location.protocol !== "file:") {
    var Native = window.Worker;
    var address = new URL(named.content, document.baseURI).href;
    early = { Base: Native, url: address, worker: new current(address) };
  }

  Object.defineProperty(window, "Worker", {
    configurable: true,
    get: function () {
      return current;
    },
    set: function (Base) {
      current = searchWorker(Base);
    },
  });
})();
