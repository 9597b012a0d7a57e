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
      // A problem report names the permalink: the build wrote its path from the site's root; the address
      // derived here (where the page is served) replaces it, encoded as the build encoded it.
      document.querySelectorAll("a.report-problem[data-permalink]").forEach(function (link) {
        if (!url) return;
        var href = link.getAttribute("href");
        link.setAttribute("href", href.split(encodeURIComponent(link.dataset.permalink)).join(encodeURIComponent(url)));
        link.removeAttribute("data-permalink");
      });
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


  // The recommendation map (map/): a cell, a situation or an intervention lists its recommendations in
  // the selection below the grid (copied from the list by situation, which works without this script);
  // the grade filters narrow the list, the selection and each cell's count and AGO badges alike.
  var AGO_WORDS = { "++": "double plus", "+": "plus", "+/-": "plus-minus", "-": "minus", "--": "double minus" };
  var AGO_CLASSES = { "++": "plusplus", "+": "plus", "+/-": "plusminus", "-": "minus", "--": "minusminus" };

  function setUpRecommendationMap() {
    var panel = document.querySelector(".recmap-selection");  // the map page only (the print page has no selection)
    var table = document.querySelector("table.recmap");
    if (!table || !panel) return;
    var form = document.querySelector(".recmap-filters");
    var selects = form ? form.querySelectorAll("select") : [];
    var groups = Array.prototype.slice.call(document.querySelectorAll("details.recmap-situation section.recmap-group"));
    var chosen = null;

    function passes(item) {
      return Array.prototype.every.call(selects, function (select) {
        return !select.value || item.dataset[select.dataset.filter] === select.value;
      });
    }

    function tally(items) {
      var counts = {}, order = [];
      items.forEach(function (item) {
        var grade = item.dataset.ago;
        if (!(grade in counts)) { counts[grade] = 0; order.push(grade); }
        counts[grade] += 1;
      });
      var scale = ["++", "+", "+/-", "-", "--", "none"];
      order.sort(function (a, b) { return scale.indexOf(a) - scale.indexOf(b); });
      return order.map(function (grade) { return [grade, counts[grade]]; });
    }

    function badge(grade, count) {
      var outer = document.createElement("span");
      outer.className = "recmap-badge";
      var inner = document.createElement("span");
      inner.className = grade === "none" ? "grade grade-none" : "grade grade-ago grade-ago-" + (AGO_CLASSES[grade] || "other");
      inner.textContent = grade === "none" ? "no AGO" : grade;
      var times = document.createElement("span");
      times.className = "recmap-times";
      times.textContent = "\u00d7" + count;
      outer.appendChild(inner);
      outer.appendChild(times);
      return outer;
    }

    function label(kind, id) {
      var link = table.querySelector("a.recmap-" + kind + "[data-" + (kind === "row" ? "situation" : "intervention") + '="' + id + '"]');
      return link ? link.textContent : id;
    }

    function updateCells() {
      var total = {};
      table.querySelectorAll("a.recmap-cell").forEach(function (cell) {
        var group = document.getElementById(cell.getAttribute("href").slice(1));
        var items = Array.prototype.filter.call(group.querySelectorAll("li.recmap-item"), passes);
        items.forEach(function (item) { total[item.dataset.recommendation] = true; });
        var grades = tally(items);
        cell.querySelector(".recmap-count").textContent = items.length;
        var badges = cell.querySelector(".recmap-badges");
        badges.textContent = "";
        grades.forEach(function (pair) { badges.appendChild(badge(pair[0], pair[1])); });
        cell.parentElement.dataset.shown = items.length;
        var words = grades.map(function (pair) {
          return pair[1] + " " + (pair[0] === "none" ? "without AGO grade" : AGO_WORDS[pair[0]] || pair[0]);
        });
        cell.querySelector(".recmap-words").textContent = label("row", cell.dataset.situation) + ", " +
          label("column", cell.dataset.intervention) + ": " + items.length + " recommendation" +
          (items.length === 1 ? "" : "s") + (filtered() ? " matching the filters" : "") +
          (words.length ? "; AGO grades: " + words.join(", ") : "");
      });
      var shown = form && form.querySelector(".recmap-shown");
      if (shown) shown.textContent = filtered() ? Object.keys(total).length + " recommendations match the filters" : "";
    }

    function filtered() {
      return Array.prototype.some.call(selects, function (select) { return !!select.value; });
    }

    function applyFilters(root) {
      root.querySelectorAll("li.recmap-item").forEach(function (item) { item.hidden = !passes(item); });
      root.querySelectorAll("section.recmap-group").forEach(function (group) {
        group.hidden = !group.querySelector("li.recmap-item:not([hidden])");
      });
    }

    function show(kind, situation, intervention, origin, keepFocus) {
      var picked = groups.filter(function (group) {
        return (!situation || group.dataset.situation === situation) && (!intervention || group.dataset.intervention === intervention);
      });
      var body = panel.querySelector(".recmap-selection-body");
      body.textContent = "";
      var ids = {};
      picked.forEach(function (group) {
        var copy = group.cloneNode(true);
        copy.removeAttribute("id");
        var heading = copy.querySelector(".recmap-group-title");
        var title = document.createElement("h3");
        title.className = "recmap-group-title";
        title.textContent = kind === "row" ? group.dataset.interventionLabel : kind === "column" ? group.dataset.situationLabel : "";
        if (kind === "cell") heading.remove(); else heading.replaceWith(title);
        copy.querySelectorAll("li.recmap-item").forEach(function (item) { ids[item.dataset.recommendation] = true; });
        body.appendChild(copy);
      });
      applyFilters(body);
      if (filtered()) {
        ids = {};
        body.querySelectorAll("li.recmap-item:not([hidden])").forEach(function (item) { ids[item.dataset.recommendation] = true; });
      }
      var count = Object.keys(ids).length;
      var name = kind === "cell" ? label("row", situation) + " \u00d7 " + label("column", intervention)
        : kind === "row" ? label("row", situation) : label("column", intervention);
      var what = kind === "cell" ? "" : kind === "row" ? " (situation)" : " (intervention)";
      panel.querySelector("h2").textContent = name + what + ": " + count + " recommendation" + (count === 1 ? "" : "s") +
        (filtered() ? " matching the grade filters" : "");
      panel.hidden = false;
      table.querySelectorAll('[aria-current="true"]').forEach(function (link) { link.removeAttribute("aria-current"); });
      table.querySelectorAll("th.recmap-chosen").forEach(function (th) { th.classList.remove("recmap-chosen"); });
      if (origin.classList.contains("recmap-cell")) origin.setAttribute("aria-current", "true");
      else origin.parentElement.classList.add("recmap-chosen");
      chosen = { kind: kind, situation: situation, intervention: intervention, origin: origin };
      if (!keepFocus) panel.focus();
    }

    table.addEventListener("click", function (event) {
      var link = event.target.closest("a.recmap-cell, a.recmap-row, a.recmap-column");
      if (!link || !table.getClientRects().length) return;  // phones: the list is the map
      event.preventDefault();
      var kind = link.classList.contains("recmap-cell") ? "cell" : link.classList.contains("recmap-row") ? "row" : "column";
      show(kind, link.dataset.situation, link.dataset.intervention, link);
    });
    if (form) {
      form.hidden = false;
      selects.forEach(function (select) {
        select.addEventListener("change", function () {
          groups.forEach(function (group) {
            group.querySelectorAll("li.recmap-item").forEach(function (item) { item.hidden = !passes(item); });
            group.hidden = !group.querySelector("li.recmap-item:not([hidden])");
          });
          updateCells();
          if (chosen) show(chosen.kind, chosen.situation, chosen.intervention, chosen.origin, true);
        });
      });
    }
    // Printing the map page prints the whole list, every situation open.
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.recmap-situation").forEach(function (details) { details.open = true; });
    });
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

  function init() { setUpCopyLinks(); setUpRecommendationTable(); setUpRecommendationMap(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
