// The search worker: Material's own (its address after '#', set by search-query.js), plus one step
// Material lacks: a word of five letters or more that begins no word of the index is read as the
// index's word one letter away ('denosumb' -> 'denosumab', 'bisphosponate' -> 'bisphosphonate'),
// before Material parses the query, so results, highlights and "Missing" speak of the word found.
// Over http(s) the page hands it the index's settings alone and it fetches the documents itself (see
// search-query.js). Runs as a Web Worker, or from file:// inside the iframe-worker shim (where
// importScripts returns a promise and document.currentScript names this script).
(function () {
  "use strict";
  var SETUP = 0;
  var QUERY = 2;
  var DOCUMENTS = "search/search_index.json";
  var TYPO_MIN_LETTERS = 5;

  var here = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : self.location.href;
  var material = decodeURIComponent(here.split("#")[1].replace(/\?\d*$/, ""));
  var index = null;
  // The site's root: Material's worker is <root>assets/javascripts/workers/search.*.js.
  var siteRoot = material.replace(/assets\/javascripts\/workers\/[^\/]*$/, "");

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
  var words = null;
  function correction(word) {
    if (!/^\p{L}+$/u.test(word) || Array.from(word).length < TYPO_MIN_LETTERS) return null;
    if (self.lunr.TokenSet.fromString(word + "*").intersect(index.tokenSet).toArray().length) return null;
    words = words || Object.keys(index.invertedIndex);
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
    words = words || Object.keys(index.invertedIndex);
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

  var listen = self.addEventListener;
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen.apply(self, arguments);
    return listen.call(
      self,
      type,
      function (event) {
        var message = event.data;
        if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs) && !message.data.docs.length) {
          // The page sent the index's settings alone (search-query.js): fetch the documents here.
          var settings = message.data;
          var self_ = this;
          return fetch(new URL(DOCUMENTS, siteRoot))
            .then(function (response) {
              return response.json();
            })
            .then(function (whole) {
              // Material's settings as its page prepared them, with the documents.
              var data = Object.assign({}, settings, { docs: whole.docs });
              return listener.call(self_, { data: { type: SETUP, data: data } });
            });
        }
        if (message && message.type === QUERY && typeof message.data === "string") {
          answering.push(message.data);
          if (index) return listener.call(this, { data: { type: QUERY, data: corrected(message.data) } });
        }
        return listener.call(this, event);
      },
      options
    );
  };

  // Each result names the query it answers (as the page posted it), so the page can drop a result
  // that arrives after the reader typed on: Material labels every result with the query box's current
  // text, and a late answer to an earlier query read as "No matching documents" for the new one.
  // Material answers queries one by one, in the order posted.
  var RESULT = 3;
  var answering = [];
  var post = self.postMessage;
  self.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === RESULT && answering.length) {
      args[0] = { type: RESULT, data: Object.assign({}, message.data, { query: answering.shift() }) };
    }
    return post.apply(self, args);
  };

  function keepIndex() {
    var build = self.lunr.Builder.prototype.build;
    self.lunr.Builder.prototype.build = function () {
      index = build.apply(this, arguments);
      return index;
    };
  }

  var loading = importScripts(material);
  if (loading && typeof loading.then === "function") loading.then(keepIndex);
  else keepIndex();
})();
