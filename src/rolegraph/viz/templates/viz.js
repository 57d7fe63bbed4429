/* rolegraph page script. Data comes from the JSON block and reaches the page
   only through textContent (and vis-network, which shows a string title with
   innerText); nothing here builds markup from data. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("rg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  /* pyvis pages expose the vis Network as the global "network"; so does this one. */
  window.network = network;
  window.rolegraph = { ready: false, nodes: nodes, edges: edges, data: data };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  document.getElementById("rg-title").textContent = data.title;
  document.getElementById("rg-summary").textContent = data.summary;
  document.title = data.title + " \u2014 " + data.summary;

  /* Pages a local web app serves link each entity to its page there (a
     relative URL, opened in the same tab so Back returns here). */
  function link(text, href, id) {
    var a = el("a", text);
    a.setAttribute("href", href);
    if (id) { a.id = id; }
    return a;
  }
  if (typeof data.entity_url === "string") {
    var heading = document.getElementById("rg-heading");
    heading.insertBefore(link("rolegraph home", "/", "rg-home"), heading.firstChild);
  }

  /* Quiet entities (far from the focus of a deep view) are drawn without a
     label, which shows when the entity is hovered or selected, or when the
     view is zoomed in far enough for the labels to fit. */
  var LABEL_SIZE = (data.options.nodes && data.options.nodes.font && data.options.nodes.font.size) || 16;
  var QUIET_SCALE = 1.0;
  var quietIds = data.nodes.filter(function (n) { return n.quiet; }).map(function (n) { return n.id; });
  var shown = {};
  var zoomedIn = false;
  function showLabel(id, on) {
    var want = on || zoomedIn || network.getSelectedNodes().indexOf(id) !== -1;
    if (!!shown[id] === want) { return; }
    shown[id] = want;
    nodes.update({ id: id, font: { size: want ? LABEL_SIZE : 0 } });
  }
  function isQuiet(id) { var n = nodes.get(id); return !!(n && n.quiet); }
  function quietForZoom() {
    if (!quietIds.length) { return; }
    var zoom = network.getScale() >= QUIET_SCALE;
    if (zoom === zoomedIn) { return; }
    zoomedIn = zoom;
    quietIds.forEach(function (id) { showLabel(id, false); });
  }
  network.on("hoverNode", function (p) { if (isQuiet(p.node)) { showLabel(p.node, true); } });
  network.on("blurNode", function (p) { if (isQuiet(p.node)) { showLabel(p.node, false); } });
  network.on("select", function (p) {
    quietIds.forEach(function (id) { showLabel(id, p.nodes.indexOf(id) !== -1); });
  });
  network.on("zoom", quietForZoom);
  network.on("animationFinished", quietForZoom);

  /* Whether the reader has moved the view; until then it is kept fitted. */
  var moved = false;
  network.on("dragEnd", function (p) { if (!p.nodes.length) { moved = true; } });
  network.on("zoom", function () { moved = true; });

  /* ready: the first drawing after the layout has settled */
  var readyDone = false;
  function markReady() {
    if (readyDone) { return; }
    readyDone = true;
    window.rolegraph.ready = true;
    window.rolegraph.readyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  }
  function settled() {
    if (data.physics) { network.setOptions({ physics: { enabled: false } }); }
    quietForZoom();
    network.once("afterDrawing", markReady);
    network.redraw();
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", settled);
    network.once("stabilized", settled);
  } else {
    settled();
  }

  /* legend: beside the drawing (never over it), collapsed and expanded by
     the button in the header */
  var legend = document.getElementById("rg-legend");
  var toggle = document.getElementById("rg-legend-toggle");
  function section(title, rows, make) {
    if (!rows || !rows.length) { return; }
    legend.appendChild(el("h2", title));
    rows.forEach(function (row) { legend.appendChild(make(row)); });
  }
  function symbolRow(row) {
    var r = el("div", null, "rg-row");
    var s = el("span", row.symbol, "rg-symbol");
    s.style.color = row.colour;
    s.setAttribute("aria-hidden", "true");
    r.appendChild(s);
    r.appendChild(el("span", row.text));
    return r;
  }
  /* a line drawn as vis-network draws it: colour, width, dash pattern */
  function sample(row, width) {
    var c = el("canvas", null, "rg-line");
    var ratio = window.devicePixelRatio || 1;
    c.width = Math.round(width * ratio);
    c.height = Math.round(12 * ratio);
    c.style.width = width + "px";
    c.style.height = "12px";
    c.setAttribute("aria-hidden", "true");
    c.setAttribute("data-colour", row.colour);
    var g = c.getContext("2d");
    if (g) {
      g.scale(ratio, ratio);
      g.strokeStyle = row.colour;
      g.lineWidth = Math.max(1, row.width);
      g.setLineDash(row.dashes ? row.dashes : []);
      g.beginPath();
      g.moveTo(1, 6);
      g.lineTo(width - 1, 6);
      g.stroke();
    }
    return c;
  }
  function lineRow(row) {
    var box = el("div", null, "rg-family");
    var r = el("div", null, "rg-row");
    r.appendChild(sample(row, 28));
    r.appendChild(el("span", row.text));
    box.appendChild(r);
    var variants = row.variants || [];
    if (variants.length > 1 || (variants.length === 1 && variants[0].dashes)) {
      var v = el("div", null, "rg-variants");
      variants.forEach(function (variant) {
        var item = el("span", null, "rg-variant");
        item.appendChild(sample(variant, 22));
        item.appendChild(el("span", variant.text));
        v.appendChild(item);
      });
      box.appendChild(v);
    }
    return box;
  }
  section("Highlight", data.legend.groups, symbolRow);
  section("Entities", data.legend.nodes, symbolRow);
  section("Links", data.legend.edges, lineRow);
  (data.legend.notes || []).forEach(function (n) { legend.appendChild(el("p", n, "rg-note")); });

  function setLegend(open) {
    legend.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.title = open ? "Hide the legend" : "Show the legend";
    /* the drawing area changed size: redraw, and keep an unmoved view fitted */
    network.redraw();
    if (!moved) { network.fit({ animation: false }); }
    quietForZoom();
  }
  toggle.addEventListener("click", function () { setLegend(legend.hidden); });
  if (window.innerWidth < 720) { setLegend(false); }

  /* details of the clicked node or link */
  var details = document.getElementById("rg-details");
  network.on("click", function (params) {
    var item = null;
    if (params.nodes.length) { item = nodes.get(params.nodes[0]); }
    else if (params.edges.length) { item = edges.get(params.edges[0]); }
    if (item && item.title) {
      details.textContent = item.title;
      var ref = params.nodes.length ? (item.key || item.iri) : null;
      if (typeof data.entity_url === "string" && ref) {
        var p = el("p", null, "rg-open");
        p.appendChild(link("Open the entity page", data.entity_url + encodeURIComponent(ref)));
        details.insertBefore(p, details.firstChild);
      }
      details.hidden = false;
    } else {
      details.hidden = true;
    }
  });

  /* search */
  var input = document.getElementById("rg-search");
  var status = document.getElementById("rg-status");
  var list = document.getElementById("rg-labels");
  var seen = {};
  nodes.forEach(function (n) {
    if (!seen[n.label]) {
      seen[n.label] = true;
      var option = document.createElement("option");
      option.value = n.label;
      list.appendChild(option);
    }
  });
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
  function find(query) {
    var q = norm(query);
    if (!q) { return null; }
    var exact = null, alt = null, partial = null;
    nodes.forEach(function (n) {
      /* a long label is drawn cut short; n.name holds it whole */
      var label = norm(n.name || n.label);
      if ((label === q || norm(n.label) === q) && exact === null) { exact = n; }
      if (alt === null && (n.alts || []).some(function (a) { return norm(a) === q; })) { alt = n; }
      if (partial === null && label.indexOf(q) !== -1) { partial = n; }
    });
    return exact || alt || partial;
  }
  function go(query) {
    var n = find(query);
    if (!n) {
      status.textContent = "Nothing called \u201c" + query + "\u201d in this view.";
      network.unselectAll();
      return null;
    }
    network.selectNodes([n.id]);
    quietIds.forEach(function (id) { showLabel(id, id === n.id); });
    moved = true;
    network.focus(n.id, { scale: 1.4, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    status.textContent = n.label + " (" + n.kind + ")";
    return n.id;
  }
  window.rolegraph.find = go;
  document.getElementById("rg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    go(input.value);
  });
}());
