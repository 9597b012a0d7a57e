// Small behaviours; every page works without them. Material's document$ re-runs on navigation.
(function () {
  "use strict";

  // The address pinned to this page's release, and the one that always shows the latest release.
  // Written into the page when the build knows the site's public address; otherwise derived from
  // where the page is served: the release folders are siblings (<root>/<release>/, <root>/latest/),
  // so a /latest/ page still cites /<release>/r/<id>/. From disk (file://) no address is cited.
  function addresses(button) {
    if (button.dataset.pinned) {
      return { pinned: button.dataset.pinned, latest: document.querySelector(".latest-url").textContent };
    }
    if (!/^https?:$/.test(window.location.protocol)) return { pinned: "", latest: "" };
    var root = new URL("./", new URL(button.dataset.releaseRoot, window.location.href));
    var folders = root.pathname.split("/").filter(Boolean);
    var release = button.dataset.release;
    var releaseRoot = folders[folders.length - 1] === release ? root : new URL("../" + release + "/", root);
    var siteRoot = new URL("../", releaseRoot);
    return {
      pinned: new URL(button.dataset.permalink, releaseRoot).href,
      latest: new URL("latest/" + button.dataset.permalink, siteRoot).href
    };
  }

  function setUpCopyLinks() {
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      var status = button.parentElement.querySelector(".copy-link-status");
      var found = addresses(button);
      var url = found.pinned;
      document.querySelectorAll(".cite-url").forEach(function (span) { span.textContent = url; });
      document.querySelectorAll(".latest-url").forEach(function (span) { span.textContent = found.latest; });
      document.querySelectorAll(".cite-latest").forEach(function (p) { p.hidden = !found.latest; });
      if (!url) { button.hidden = true; return; }
      button.addEventListener("click", function () {
        var done = function () { if (status) status.textContent = "Link copied: " + url; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, function () { if (status) status.textContent = url; });
        } else if (status) {
          status.textContent = url;
        }
      });
    });
  }

  function setUpRecommendationTable() {
    var table = document.querySelector("table.all-recs");
    if (!table) return;
    if (window.Tablesort) new window.Tablesort(table);
    var selects = document.querySelectorAll(".rec-filters select");
    var count = document.querySelector(".rec-count");
    var apply = function () {
      var shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var visible = Array.prototype.every.call(selects, function (select) {
          return !select.value || row.dataset[select.dataset.filter] === select.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = shown + " recommendations";
    };
    selects.forEach(function (select) { select.addEventListener("change", apply); });
  }

  // Material's version selector (drawn by its bundle once versions.json arrives) names its button
  // "Select version" while the button shows the version: the accessible name must contain what
  // sighted users read (WCAG 2.5.3, axe label-content-name-mismatch).
  function nameVersionButton(button) {
    var shown = button.textContent.trim();
    if (shown && (button.getAttribute("aria-label") || "").indexOf(shown) === -1) {
      button.setAttribute("aria-label", "Version " + shown + ": select another release");
    }
  }

  function watchVersionSelector() {
    var header = document.querySelector(".md-header");
    if (!header) return;
    var fix = function () { header.querySelectorAll(".md-version__current").forEach(nameVersionButton); };
    fix();
    new MutationObserver(fix).observe(header, { childList: true, subtree: true, characterData: true });
  }
  watchVersionSelector();

  function init() { setUpCopyLinks(); setUpRecommendationTable(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
