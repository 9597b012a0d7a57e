// Renders the decision-flow diagrams with the Mermaid copy served by this site (never a CDN).
// Material's own Mermaid support draws into a closed shadow root, where nodes cannot become links;
// here the SVG stays in the page and each action node is wrapped in a link to what it cites.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

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

  // Fit the column, but never shrink below three quarters: smaller text is unreadable; scroll instead.
  function size(svg, holder) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width) return;
    var width = Math.max(Math.min(box.width, holder.clientWidth), box.width * 0.75);
    svg.style.maxWidth = "none";
    svg.setAttribute("width", String(Math.round(width)));
    svg.setAttribute("height", String(Math.round(box.height * width / box.width)));
  }

  function render() {
    var figures = document.querySelectorAll("figure.flow-diagram");
    if (!figures.length || !window.mermaid) return;
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "neutral",
      fontFamily: "inherit",
      themeVariables: { fontSize: "14px" },
      flowchart: { htmlLabels: true, wrappingWidth: 260 }
    });
    figures.forEach(function (figure, index) {
      var source = figure.querySelector("pre.flow-source");
      window.mermaid.render("flow-diagram-" + index, source.textContent).then(function (result) {
        var holder = document.createElement("div");
        holder.className = "flow-svg";
        holder.innerHTML = result.svg;
        figure.insertBefore(holder, source);
        size(holder.querySelector("svg"), holder);
        linkNodes(holder.querySelector("svg"), JSON.parse(figure.dataset.links || "{}"));
        figure.classList.add("rendered");
      }, function (error) {
        figure.classList.add("failed");
        if (window.console) console.error("flow diagram", error);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();
