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

  // Copies text where the browser lets a page copy: the clipboard API (secure contexts), else a selection
  // and execCommand (plain-http intranet addresses); where neither works, the text stands selected in a
  // visible field with a message saying how to copy it. The status always says what happened.
  function copyText(text, status, what) {
    var done = function () { status.textContent = what + " copied: " + text; };
    var byHand = function () {
      var field = status.parentElement.querySelector(".copy-field");
      if (!field) {
        field = document.createElement("input");
        field.type = "text";
        field.readOnly = true;
        field.className = "copy-field";
        status.parentElement.appendChild(field);
      }
      field.setAttribute("aria-label", what);
      field.value = text;
      field.hidden = false;
      field.focus();
      field.select();
      status.textContent = "This browser did not let the page copy. The " + what.toLowerCase() +
        " is selected in the field below: press Ctrl+C (Cmd+C on a Mac) to copy it.";
    };
    var bySelection = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.top = "0";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.focus();
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      document.body.removeChild(area);
      if (copied) done(); else byHand();
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, bySelection);
    else bySelection();
  }

  function isoDate(date) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function setUpCopyLinks() {
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      var status = button.parentElement.querySelector(".copy-link-status");
      var found = addresses(button);
      var fromDisk = !found.pinned && window.location.protocol === "file:";
      // Opened from disk with no public address known: the link is this file's address on this computer.
      var url = found.pinned || (fromDisk ? window.location.href.split("#")[0] : "");
      document.querySelectorAll(".cite-url").forEach(function (span) { span.textContent = found.pinned; });
      document.querySelectorAll(".latest-url").forEach(function (span) { span.textContent = found.latest; });
      document.querySelectorAll(".cite-latest").forEach(function (p) { p.hidden = !found.latest; });
      // A problem report names the permalink: the build wrote its path from the site's root; the address
      // derived here (where the page is served) replaces it, encoded as the build encoded it.
      document.querySelectorAll("a.report-problem[data-permalink]").forEach(function (link) {
        if (!found.pinned) return;
        var href = link.getAttribute("href");
        link.setAttribute("href", href.split(encodeURIComponent(link.dataset.permalink)).join(encodeURIComponent(found.pinned)));
        link.removeAttribute("data-permalink");
      });
      // The date the reader accessed the page, for the citation (the reader's clock; the build has none).
      var accessed = "Accessed " + isoDate(new Date()) + ".";
      document.querySelectorAll(".cite-accessed").forEach(function (span) { span.textContent = " " + accessed; });
      if (!url) { button.hidden = true; }
      if (fromDisk) button.textContent = "Copy the address of this file";
      button.addEventListener("click", function () {
        copyText(url, status, fromDisk ? "Address of this file on this computer" : "Link");
      });
      var cite = button.parentElement.querySelector("button.copy-citation");
      var citation = document.querySelector(".cite-this");
      if (cite && citation) {
        cite.hidden = false;
        cite.addEventListener("click", function () {
          copyText(citation.textContent.replace(/\s+/g, " ").trim(), status, "Citation");
        });
      }
    });
  }

  function setUpRecommendationTable() {
    var table = document.querySelector("table.all-recs");
    if (!table) return;
    if (window.Tablesort) new window.Tablesort(table);
    var selects = document.querySelectorAll(".rec-filters select");
    var count = document.querySelector(".rec-count");
    var view = document.querySelector(".rec-print-view");
    var total = table.querySelectorAll("tbody tr").length;
    var shown = total;
    // What a printout of this view holds: the filters set and the order, never "every item in source order"
    // above a filtered or re-sorted table.
    var describe = function () {
      var filters = Array.prototype.filter.call(selects, function (select) { return select.value; })
        .map(function (select) {
          var name = select.closest("label").querySelector(".rec-filter-name").textContent;
          return name + " " + select.options[select.selectedIndex].textContent;
        });
      var sorted = table.querySelector("th[aria-sort=ascending], th[aria-sort=descending]");
      var changed = filters.length > 0 || !!sorted;
      document.body.classList.toggle("rec-view-changed", changed);
      if (!view) return;
      view.textContent = changed
        ? "This view shows " + shown + " of " + total + " recommendations" +
          (filters.length ? ", filtered by " + filters.join(", ") : ", not filtered") +
          (sorted ? "; sorted by " + sorted.textContent.trim() + " (" + sorted.getAttribute("aria-sort") + ")"
                  : "; in source order") + "."
        : view.dataset.all;
    };
    var apply = function () {
      shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var visible = Array.prototype.every.call(selects, function (select) {
          return !select.value || row.dataset[select.dataset.filter] === select.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = shown + " recommendations";
      describe();
    };
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    table.addEventListener("afterSort", describe);
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

    function plural(count) { return count + " recommendation" + (count === 1 ? "" : "s"); }

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
            var shown = group.querySelectorAll("li.recmap-item:not([hidden])").length;
            group.hidden = !shown;
            group.querySelector(".recmap-group-count").textContent = "(" + plural(shown) + ")";
          });
          // The list by situation (a phone's map) says its counts as filtered too.
          document.querySelectorAll("details.recmap-situation").forEach(function (details) {
            var ids = {};
            details.querySelectorAll("li.recmap-item:not([hidden])").forEach(function (item) { ids[item.dataset.recommendation] = true; });
            details.querySelector(".recmap-situation-count").textContent = "(" + plural(Object.keys(ids).length) + ")";
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

  // The list opens while the selector has focus or the pointer (Material's CSS): the button says whether
  // it is open (aria-expanded) and which list it opens (aria-controls).
  function trackVersionList(button) {
    var selector = button.closest(".md-version");
    var list = selector && selector.querySelector(".md-version__list");
    if (!list || button.dataset.expandedTracked) return;
    button.dataset.expandedTracked = "true";
    if (!list.id) list.id = "md-version-list";
    button.setAttribute("aria-controls", list.id);
    var update = function () {
      var open = selector.matches(":focus-within") || selector.matches(":hover");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    ["focusin", "focusout", "mouseenter", "mouseleave"].forEach(function (name) {
      selector.addEventListener(name, function () { window.setTimeout(update, 0); });
    });
    update();
  }

  function watchVersionSelector() {
    var header = document.querySelector(".md-header");
    if (!header) return;
    var fix = function () {
      header.querySelectorAll(".md-version__current").forEach(function (button) {
        nameVersionButton(button);
        trackVersionList(button);
      });
    };
    fix();
    new MutationObserver(fix).observe(header, { childList: true, subtree: true, characterData: true });
  }
  watchVersionSelector();

  function init() { setUpCopyLinks(); setUpRecommendationTable(); setUpRecommendationMap(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
