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
    network.once("afterDrawing", markReady);
    network.redraw();
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", settled);
    network.once("stabilized", settled);
  } else {
    settled();
  }

  /* legend */
  var legend = document.getElementById("rg-legend");
  function section(title, rows, make) {
    if (!rows || !rows.length) { return; }
    legend.appendChild(el("h2", title));
    rows.forEach(function (row) { legend.appendChild(make(row)); });
  }
  function symbolRow(row) {
    var r = el("div", null, "rg-row");
    var s = el("span", row.symbol, "rg-symbol");
    s.style.color = row.colour;
    r.appendChild(s);
    r.appendChild(el("span", row.text));
    return r;
  }
  function lineRow(row) {
    var r = el("div", null, "rg-row");
    var line = el("span", null, "rg-line");
    line.style.borderTopColor = row.colour;
    line.style.borderTopWidth = Math.max(1, Math.round(row.width)) + "px";
    line.style.borderTopStyle = row.dotted ? "dotted" : row.dashed ? "dashed" : "solid";
    r.appendChild(line);
    r.appendChild(el("span", row.text));
    return r;
  }
  section("Highlight", data.legend.groups, symbolRow);
  section("Entities", data.legend.nodes, symbolRow);
  section("Links", data.legend.edges, lineRow);
  (data.legend.notes || []).forEach(function (n) { legend.appendChild(el("p", n, "rg-note")); });

  /* details of the clicked node or link */
  var details = document.getElementById("rg-details");
  network.on("click", function (params) {
    var item = null;
    if (params.nodes.length) { item = nodes.get(params.nodes[0]); }
    else if (params.edges.length) { item = edges.get(params.edges[0]); }
    if (item && item.title) {
      details.textContent = item.title;
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
      var label = norm(n.label);
      if (label === q && exact === null) { exact = n; }
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
