// Renders the decision-flow diagrams with the Mermaid copy served by this site (never a CDN).
// Material's own Mermaid support draws into a closed shadow root, where nodes cannot become links;
// here the SVG stays in the page and each node is wrapped in a link to what it cites or to its step.
// A diagram fits the column when its labels stay readable (11 px or more); otherwise it scrolls,
// and says so. Every diagram opens full size in a dialog with zoom; on phones (where the numbered
// steps are the reading) the diagram is only offered that way.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var FONT = 14; // px, the label size Mermaid draws at
  var MIN_FONT = 11; // px, the smallest label size a diagram is shrunk to

  function linkNodes(svg, links) {
    svg.querySelectorAll("g.node").forEach(function (node) {
      var match = /flowchart-(n\d+)-/.exec(node.id);
      var href = match && links[match[1]];
      if (!href) return;
      var anchor = document.createElementNS(SVG, "a");
      anchor.setAttribute("href", href);
      anchor.setAttribute("class", "flow-node-link");
      node.parentNode.insertBefore(anchor, node);
      anchor.appendChild(node);
    });
  }

  function setWidth(svg, width) {
    var box = svg.viewBox.baseVal;
    svg.style.maxWidth = "none";
    svg.setAttribute("width", String(Math.round(width)));
    svg.setAttribute("height", String(Math.round(box.height * width / box.width)));
  }

  // Fit the column; never shrink labels below MIN_FONT: then the figure scrolls and says so.
  function size(figure) {
    var holder = figure.querySelector(".flow-svg");
    var svg = holder && holder.querySelector("svg");
    var box = svg && svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width || !holder.clientWidth) return;
    var width = Math.max(Math.min(box.width, holder.clientWidth), box.width * MIN_FONT / FONT);
    setWidth(svg, width);
    figure.classList.toggle("scrolls", width > holder.clientWidth + 1);
  }

  function button(text, className) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "md-button " + className;
    element.textContent = text;
    return element;
  }

  // The full-size view: a modal dialog (Esc closes it, focus stays inside) holding the same SVG.
  function enlarge(figure, opener) {
    var holder = figure.querySelector(".flow-svg");
    var svg = holder.querySelector("svg");
    var box = svg.viewBox.baseVal;
    var dialog = document.createElement("dialog");
    dialog.className = "flow-dialog md-typeset";
    dialog.setAttribute("aria-label", figure.getAttribute("aria-label") + ", full size");
    var bar = document.createElement("div");
    bar.className = "flow-dialog-bar";
    var smaller = button("Zoom out", "flow-zoom-out");
    var larger = button("Zoom in", "flow-zoom-in");
    var close = button("Close", "flow-close");
    var hint = document.createElement("span");
    hint.className = "flow-dialog-hint";
    hint.textContent = "Scroll to see all of it";
    bar.append(hint, smaller, larger, close);
    var view = document.createElement("div");
    view.className = "flow-dialog-view";
    dialog.append(bar, view);
    document.body.appendChild(dialog);
    var zoom = 1;
    // Zoom about the middle of what is in view, so the part being read stays in view.
    // The hint shows while part of the diagram is out of view.
    var overflows = function () {
      dialog.classList.toggle("scrolls", view.scrollWidth > view.clientWidth + 1 || view.scrollHeight > view.clientHeight + 1);
    };
    var apply = function () {
      var middle = (view.scrollLeft + view.clientWidth / 2) / (view.scrollWidth || 1);
      setWidth(svg, box.width * zoom);
      view.scrollLeft = middle * view.scrollWidth - view.clientWidth / 2;
      overflows();
    };
    smaller.addEventListener("click", function () { zoom = Math.max(0.25, zoom / 1.25); apply(); });
    larger.addEventListener("click", function () { zoom = Math.min(4, zoom * 1.25); apply(); });
    close.addEventListener("click", function () { dialog.close(); });
    // A step's link leads to its step on the page: the dialog closes so the step can come into view.
    var followed = false;
    view.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) { followed = true; dialog.close(); }
    });
    dialog.addEventListener("close", function () {
      holder.appendChild(svg);
      dialog.remove();
      size(figure);
      if (!followed) opener.focus(); // after a followed link, the step it leads to is where the reader is
    });
    view.appendChild(svg);
    dialog.showModal();
    setWidth(svg, box.width);
    // Open where the flow starts: its first step in the middle of the view (or the middle of the figure).
    var first = svg.querySelector("g.node[id*='flowchart-n0-']");
    var frame = view.getBoundingClientRect();
    if (first) {
      var start = first.getBoundingClientRect();
      view.scrollLeft += start.left + start.width / 2 - (frame.left + frame.width / 2);
    } else {
      view.scrollLeft = (view.scrollWidth - view.clientWidth) / 2;
    }
    overflows();
    close.focus();
  }

  function render() {
    var figures = document.querySelectorAll("figure.flow-diagram");
    if (!figures.length || !window.mermaid) return;
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "neutral",
      fontFamily: "inherit",
      themeVariables: { fontSize: FONT + "px" },
      flowchart: { htmlLabels: true, wrappingWidth: 160, nodeSpacing: 24, rankSpacing: 36, padding: 8 }
    });
    figures.forEach(function (figure, index) {
      var source = figure.querySelector("pre.flow-source");
      window.mermaid.render("flow-diagram-" + index, source.textContent).then(function (result) {
        var holder = document.createElement("div");
        holder.className = "flow-svg";
        holder.innerHTML = result.svg;
        figure.insertBefore(holder, source);
        linkNodes(holder.querySelector("svg"), JSON.parse(figure.dataset.links || "{}"));
        var tools = document.createElement("p");
        tools.className = "flow-tools";
        var open = button("Open the diagram full size", "flow-open");
        open.addEventListener("click", function () { enlarge(figure, open); });
        var hint = document.createElement("span");
        hint.className = "flow-scroll-hint";
        hint.textContent = "The diagram is wider than the page: scroll it sideways, or open it full size.";
        tools.append(open, " ", hint);
        figure.insertBefore(tools, holder);
        size(figure);
        figure.classList.add("rendered");
      }, function (error) {
        figure.classList.add("failed");
        if (window.console) console.error("flow diagram", error);
      });
    });
    window.addEventListener("resize", function () { figures.forEach(size); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();
