/* rolegraph page script. Data comes from the JSON block and reaches the page
   only through textContent (and vis-network, which shows a string title with
   innerText); nothing here builds markup from data. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rg-data").textContent);

  /* The data is compact (rolegraph/viz/network.py says how): each node and
     link is a short row, what they share (styles, sources) is in tables.
     Here they become vis-network's items, with their tooltips as plain text. */
  function copy(value) {
    if (Array.isArray(value)) { return value.map(copy); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = copy(value[k]); });
      return out;
    }
    return value;
  }
  var sourceLines = data.sources || [];
  function cite(lines, more) {
    if (more && more.s && more.s.length) {
      lines.push("", "Sources:");
      more.s.forEach(function (i) { lines.push(sourceLines[i]); });
    }
  }
  var xy = data.xy;
  var fullLabels = [];
  var nodeItems = data.nodes.map(function (row, id) {
    var style = data.nodeStyles[row[1]], more = row[4] || {};
    /* a hot technology's label ends with its mark; the whole label without */
    var whole = more.n || (more.h ? row[0].slice(0, row[0].length - data.hot.mark.length - 1) : row[0]);
    fullLabels.push(whole);
    var n = { id: id, label: row[0], kind: style.kind, shape: style.shape, size: row[2], borderWidth: style.borderWidth, color: copy(style.color), key: row[3], hot: !!more.h };
    if (style.font) { n.font = copy(style.font); }
    if (more.n) { n.name = more.n; }
    if (more.a) { n.alts = more.a; }
    if (more.q) { n.quiet = true; n.font = { size: 0 }; }
    if (typeof data.base === "string") { n.iri = more.i || data.base + row[3]; }
    if (xy) { n.x = xy[2 * id]; n.y = xy[2 * id + 1]; }
    var lines = [whole, style.kind + (more.c ? " (" + more.c.join(", ") + ")" : "")];
    if (more.h) { lines.push(data.hot.line); }
    if (more.a && more.a.length) { lines.push("also: " + more.a.join(", ")); }
    if (more.d) { lines.push("", more.d); }
    cite(lines, more);
    n.title = lines.join("\n");
    return n;
  });
  var edgeItems = data.edges.map(function (row) {
    var style = data.edgeStyles[row[2]], more = row[3] || {};
    var e = { from: row[0], to: row[1], relation: style.relation, color: copy(style.color), width: style.width, dashes: copy(style.dashes), arrows: style.arrows };
    var lines = [fullLabels[row[0]] + " \u2192 " + style.words + " \u2192 " + fullLabels[row[1]]];
    if (more.r) {
      var parts = [];
      if (more.r[0] !== null) { parts.push("importance " + more.r[0] + "/5"); }
      if (more.r[1] !== null) { parts.push("level " + more.r[1] + "/7"); }
      if (more.r[2]) { parts.push("in demand"); }
      lines.push("Rated: " + parts.join(", "));
    }
    cite(lines, more);
    e.title = lines.join("\n");
    return e;
  });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
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
  var quietIds = nodeItems.filter(function (n) { return n.quiet; }).map(function (n) { return n.id; });
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

  /* ready: the first drawing after the layout has settled. vis-network
     draws in the next animation frame once it has the data (and again after
     stabilising); drawing at once as well would draw a large graph twice. */
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
    /* vis-network's own frame (requested first) runs first; this one only
       draws if that one did not. */
    window.requestAnimationFrame(function () { if (!readyDone) { network.redraw(); } });
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
  /* the suggestions, made when the search box is first used (a large page
     gets ready without making thousands of elements first) */
  var listed = false;
  function fillList() {
    if (listed) { return; }
    listed = true;
    var list = document.getElementById("rg-labels"), seen = {}, all = document.createDocumentFragment();
    nodes.forEach(function (n) {
      if (!seen[n.label]) {
        seen[n.label] = true;
        var option = document.createElement("option");
        option.value = n.label;
        all.appendChild(option);
      }
    });
    list.appendChild(all);
  }
  input.addEventListener("focus", fillList);
  input.addEventListener("input", fillList);
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
