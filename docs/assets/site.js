// Small behaviours; every page works without them. Material's document$ re-runs on navigation.
(function () {
  "use strict";

  function permalink(button) {
    return new URL(button.dataset.permalink ? "./" : "", window.location.href).href.split("#")[0];
  }

  function setUpCopyLinks() {
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      var status = button.parentElement.querySelector(".copy-link-status");
      var url = permalink(button);
      document.querySelectorAll(".cite-url").forEach(function (span) { span.textContent = url; });
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

  function init() { setUpCopyLinks(); setUpRecommendationTable(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
