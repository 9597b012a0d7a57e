// Search queries read the way the index is written (macros/searchindex.py, applied by scripts/sitebuild.py).
// Loaded in <head>, before Material's bundle starts its search worker: Material 9.8.1 posts each
// query to the worker as {type: 2, data: query}; this rewrites that query and nothing else.
(function () {
  "use strict";
  var QUERY = 2;

  // The index's word separator (mkdocs.yml plugins.search.separator; tests/test_search.py keeps
  // the two equal).
  var SEPARATOR = /[\s\-\u2010-\u2015\u2212+,:!=\[\]()"\/]+|(?<=\d)(?=[A-Z][a-z])|\.(?!\d)/;

  // NFKC, as the index: micro sign and Greek mu are one letter, m² is m2. lunr reads + and - before
  // a term as operators and :, ^, ~ as syntax, but the guideline prints them as text (-ECOG,
  // ER+/PR-, grades such as +/-): they are dropped, and a part with no letter or digit is no query.
  // A term the separator splits (1000–1500, ER+/PR-, kg/m2) is searched as its parts together:
  // Material requires each part of a quoted phrase, where single words match as prefixes.
  function normalise(query) {
    return query
      .normalize("NFKC")
      .replace(/[:^~]/g, " ")
      .split(/\s+/)
      .map(function (term) {
        if (term.indexOf('"') !== -1) return term;
        var parts = term.replace(/^[+\-]+/, "").split(SEPARATOR).filter(function (part) {
          return part && /[\p{L}\p{N}]/u.test(part);
        });
        return parts.length > 1 ? '"' + parts.join(" ") + '"' : parts.join("");
      })
      .filter(Boolean)
      .join(" ");
  }

  window.guidelineSearchQuery = normalise;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === QUERY && typeof message.data === "string") {
      args[0] = { type: QUERY, data: normalise(message.data) };
    }
    return post.apply(this, args);
  };
})();
