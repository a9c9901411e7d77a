// kg's graph page: the data is JSON in #kg-data (see kg/export/html.py, page_data); the
// drawing holds only what is shown. Everything that comes from the text is put into the
// document with textContent / createTextNode or vis-network's text tooltips, never as HTML.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var COOC = DATA.cooccurrence;
  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif';
  var UNDIRECTED = { COOPERATES_WITH: true };
  UNDIRECTED[COOC] = true;

  // ---- the data, decoded once -------------------------------------------------------------
  var N = DATA.nodes.map(function (r, i) {
    var t = DATA.types[r[2]];
    return {
      i: i, id: r[0], label: r[1], type: t.name, colour: t.colour, aliases: r[3] ? r[3].split("|") : [],
      mentions: r[4], imp: r[5], size: r[6], font: r[7], gx: r[8], gy: r[9], fx: r[10], fy: r[11],
      first: r[12], last: r[13], docs: r[14], posts: r[15] || [], adj: [], facts: 0
    };
  });
  var E = DATA.edges.map(function (r, i) {
    var e = { i: i, id: "e" + i, u: r[0], v: r[1], rel: DATA.relations[r[2]].name, title: r[3], weight: r[4],
              first: r[5], last: r[6], st: r[7] };
    // the titles its statements name, in time: 副县长→县长
    var titles = [];
    e.st.slice().sort(function (a, b) { return (a[2] || "~") < (b[2] || "~") ? -1 : 1; }).forEach(function (s) {
      if (s[3] && titles.indexOf(s[3]) < 0) titles.push(s[3]);
    });
    e.titles = titles.length ? titles.join("→") : e.title;
    N[e.u].adj.push(i);
    if (e.v !== e.u) N[e.v].adj.push(i);
    if (e.rel !== COOC) { N[e.u].facts++; N[e.v].facts++; }
    return e;
  });
  var byId = {};
  N.forEach(function (n) { byId[n.id] = n; });
  var FIRST = DATA.first.slice();
  var WITH_FACTS = N.filter(function (n) { return n.facts > 0; }).map(function (n) { return n.i; });

  // ---- state ------------------------------------------------------------------------------
  var S = {
    mode: "first", shown: new Set(), extra: new Set(), placed: {}, ring: {}, free: 0,
    hiddenTypes: {}, hiddenRels: {}, cooc: !!DATA.cooccurrenceOn,
    from: DATA.dates ? DATA.dates[0] : "", to: DATA.dates ? DATA.dates[1] : "", undated: true
  };

  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true, width: "100%", height: "100%",
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 250, hideEdgesOnDrag: true, zoomSpeed: 0.7 },
    nodes: {
      shape: "dot", borderWidth: 1,
      font: { face: FONT, color: "#1d1d1d", strokeWidth: 4, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 6 } }
    },
    edges: {
      smooth: false, selectionWidth: 2, hoverWidth: 1.5,
      color: { color: "#8d8d8d", highlight: "#222222", hover: "#444444", opacity: 0.85 },
      // "horizontal": vis-network 9.1.2 draws a "middle" label of an exactly horizontal edge at (0, 0)
      font: { size: 10, face: FONT, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" },
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      scaling: { label: { drawThreshold: 7.5 } }
    }
  });
  // globals, as pyvis's page had them (tests and the console use them)
  window.network = network; window.nodes = nodes; window.edges = edges;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function short(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  function span(a, b) { return !a ? "" : a === b ? a : a + " – " + b; }

  // ---- time ---------------------------------------------------------------------------------
  function timeActive() {
    return !!DATA.dates && (S.from > DATA.dates[0] || S.to < DATA.dates[1] || !S.undated);
  }
  function inRange(a, b) { return a <= S.to && (b || a) >= S.from; }
  function nodeInTime(n) {
    // an entity with facts stays while one of its facts is in the range; one without
    // facts (co-occurrence only) while the span of its dated mentions meets it
    if (!timeActive()) return true;
    if (!n.facts) return n.first ? inRange(n.first, n.last) : S.undated;
    for (var k = 0; k < n.adj.length; k++) {
      var e = E[n.adj[k]];
      if (e.rel !== COOC && edgeInTime(e)) return true;
    }
    return false;
  }
  function edgeInTime(e) {
    if (!timeActive() || e.rel === COOC) return true;
    return e.first ? inRange(e.first, e.last) : S.undated;
  }

  // ---- what is shown, and where ---------------------------------------------------------------
  function nodeVisible(n) { return S.shown.has(n.i) && !S.hiddenTypes[n.type] && nodeInTime(n); }
  function edgeVisible(e, want) {
    return want.has(N[e.u].id) && want.has(N[e.v].id) && !S.hiddenRels[e.rel] &&
      (e.rel !== COOC || S.cooc) && edgeInTime(e);
  }
  function posOf(n) {
    if (S.mode !== "first") return [n.gx, n.gy];
    if (n.fx !== null) return [n.fx, n.fy];
    return S.placed[n.i] || null;
  }
  function freeSpot() {
    // right of everything shown: a searched entity with nothing shown around it goes there
    var maxX = -Infinity, minY = Infinity;
    S.shown.forEach(function (i) {
      var p = posOf(N[i]);
      if (p) { maxX = Math.max(maxX, p[0]); minY = Math.min(minY, p[1]); }
    });
    if (maxX === -Infinity) { maxX = 0; minY = 0; }
    S.free += 1;
    return [maxX + 320, minY + 260 * (S.free - 1)];
  }
  function placeNear(n, anchor) {
    if (posOf(n)) return;
    var a = anchor ? posOf(anchor) : null;
    if (!a) { S.placed[n.i] = freeSpot(); return; }
    // a sunflower around the anchor: evenly spread, however many come
    var k = S.ring[anchor.i] = (S.ring[anchor.i] || 0) + 1;
    var r = 80 + 42 * Math.sqrt(k), t = k * 2.399963 + anchor.i;
    S.placed[n.i] = [a[0] + r * Math.cos(t), a[1] + r * Math.sin(t)];
  }
  function neighbours(n, withCooc) {
    var seen = {}, out = [];
    n.adj.forEach(function (ei) {
      var e = E[ei];
      if ((e.rel === COOC && !withCooc) || S.hiddenRels[e.rel]) return;
      var m = N[e.u === n.i ? e.v : e.u];
      if (!seen[m.i] && m.i !== n.i) { seen[m.i] = true; out.push(m); }
    });
    return out.sort(function (a, b) { return b.imp - a.imp || (a.label < b.label ? -1 : 1); });
  }
  function show(m, anchor) {
    if (S.shown.has(m.i)) return false;
    S.shown.add(m.i); S.extra.add(m.i); placeNear(m, anchor);
    return true;
  }

  function tooltip(n) {
    var lines = [n.label + "  [" + n.type + "]"];
    if (n.aliases.length) lines.push("aliases: " + n.aliases.join("，"));
    lines.push(n.facts + " facts · " + n.mentions + " mentions · " + n.docs.length + " documents");
    lines.push("click: evidence · double-click: expand");
    return lines.join("\n");
  }
  function visNode(n, p) {
    return {
      id: n.id, label: short(n.label, DATA.labelChars), x: p[0], y: p[1], size: n.size, title: tooltip(n),
      color: { background: n.colour, border: "#ffffff", highlight: { background: n.colour, border: "#222222" },
               hover: { background: n.colour, border: "#555555" } },
      font: { size: n.font, color: strength(n.id).font.color }, opacity: strength(n.id).opacity
    };
  }
  function visEdge(e) {
    var cooc = e.rel === COOC;
    return {
      // a post's title reads at first sight; a relation's name is small, shown when zoomed in
      id: e.id, from: N[e.u].id, to: N[e.v].id, label: cooc ? undefined : (e.titles || e.rel),
      font: { size: e.titles ? 11 : 8 },
      width: Math.min(6, 1 + Math.log2(Math.max(1, e.weight))),
      arrows: UNDIRECTED[e.rel] ? "" : "to", dashes: cooc,
      color: cooc ? { color: "#c4c4c4", opacity: 0.7 } : undefined,
      title: (e.titles ? e.titles + " · " : "") + e.rel + "\n" + N[e.u].label + " → " + N[e.v].label
    };
  }

  var BATCH = 1500;  // above this many additions the drawing is detached while they are made

  function render() {
    var want = new Map();
    S.shown.forEach(function (i) { var n = N[i]; if (nodeVisible(n)) want.set(n.id, n); });
    var add = [], move = [];
    want.forEach(function (n, id) {
      var p = posOf(n) || [0, 0];
      var cur = nodes.get(id, { fields: ["x", "y"] });
      if (!cur) add.push(visNode(n, p));
      else if (cur.x !== p[0] || cur.y !== p[1]) move.push({ id: id, x: p[0], y: p[1] });
    });
    var wantE = new Map();
    want.forEach(function (n) {
      n.adj.forEach(function (ei) { var e = E[ei]; if (!wantE.has(e.id) && edgeVisible(e, want)) wantE.set(e.id, e); });
    });
    var addE = [];
    wantE.forEach(function (e, id) { if (!edges.get(id, { fields: ["id"] })) addE.push(visEdge(e)); });
    // vis-network handles a DataSet's events one node at a time: a big change is made on
    // detached DataSets and handed over at once (about twice as fast for thousands)
    var big = add.length + addE.length > BATCH;
    if (big) network.setData({ nodes: new vis.DataSet([]), edges: new vis.DataSet([]) });
    nodes.remove(nodes.getIds().filter(function (id) { return !want.has(id); }));
    edges.remove(edges.getIds().filter(function (id) { return !wantE.has(id); }));
    if (add.length) nodes.add(add);
    if (move.length) nodes.update(move);
    if (addE.length) edges.add(addE);
    if (big) {
      network.setData({ nodes: nodes, edges: edges });
      if (S.selected && S.selected.node && want.has(S.selected.node.id)) network.selectNodes([S.selected.node.id]);
    }
    refreshCount();
    if (S.selected) highlight(S.selected);
  }

  function refreshCount() {
    var box = document.getElementById("kg-count");
    box.textContent = "";
    box.appendChild(el("div", nodes.length + " of " + N.length + " entities shown · " + edges.length + " links"));
    var hidden = N.length - WITH_FACTS.length;
    box.appendChild(el("div", "first view: the " + FIRST.length + " most important of " + WITH_FACTS.length +
      " entities with facts; " + hidden + " without facts hidden"));
    document.body.setAttribute("data-visible-nodes", String(nodes.length));
    document.body.setAttribute("data-visible-edges", String(edges.length));
    document.body.setAttribute("data-total-nodes", String(N.length));
  }

  // ---- selection, highlight and the details panel ---------------------------------------------
  var keep = null;  // while something is selected: the ids drawn at full strength, the others dimmed
  var FULL = { opacity: 1, font: { color: "#1d1d1d" } }, DIM = { opacity: 0.18, font: { color: "rgba(29,29,29,0.25)" } };
  function strength(id) { return !keep || keep[id] ? FULL : DIM; }
  function restyle(next) {
    // only the nodes whose strength changes are updated (vis-network redoes a node's options on update)
    var prev = keep;
    keep = next;
    var ids = nodes.getIds().filter(function (id) { return (!prev || !!prev[id]) !== (!next || !!next[id]); });
    if (ids.length) nodes.update(ids.map(function (id) { return { id: id, opacity: strength(id).opacity, font: strength(id).font }; }));
  }
  function highlight(sel) {
    var k = {};
    if (sel.node) {
      k[sel.node.id] = true;
      sel.node.adj.forEach(function (ei) {
        var e = E[ei];
        if (edges.get(e.id, { fields: ["id"] })) { k[N[e.u].id] = true; k[N[e.v].id] = true; }
      });
    } else { k[N[sel.edge.u].id] = true; k[N[sel.edge.v].id] = true; }
    restyle(k);
  }
  function clearSelection() {
    S.selected = null;
    restyle(null);
    document.body.removeAttribute("data-selected");
    document.body.removeAttribute("data-selected-edge");
    document.getElementById("kg-details").hidden = true;
  }
  function focus(n) {
    network.focus(n.id, { scale: Math.max(network.getScale(), 0.9), offset: { x: -200, y: 0 }, animation: false });
  }
  function selectNode(n, doFocus) {
    S.selected = { node: n };
    document.body.removeAttribute("data-selected-edge");
    if (nodes.get(n.id)) {
      network.selectNodes([n.id]);
      highlight(S.selected);
      if (doFocus) focus(n);
    }
    document.body.setAttribute("data-selected", n.id);
    detailsOfNode(n);
  }
  function selectEdge(e) {
    S.selected = { edge: e };
    document.body.removeAttribute("data-selected");
    document.body.setAttribute("data-selected-edge", e.id);
    network.selectEdges([e.id]);
    highlight(S.selected);
    detailsOfEdge(e);
  }
  function goTo(n) {
    // a link in the panel: show the entity if hidden, then select it
    if (!nodeVisible(n)) {
      if (S.hiddenTypes[n.type]) setTypeHidden(n.type, false);
      var anchor = S.selected && S.selected.node;
      show(n, anchor && posOf(anchor) ? anchor : null);
      render();
    }
    selectNode(n, true);
  }

  function names(n) {
    var out = [n.label].concat(n.aliases);
    // an implied body (苍岭县县长 → 苍岭县政府) is named in the sentence by its place
    out.forEach(function (s) { var m = /^(.{2,}?)(人民)?政府$/.exec(s); if (m) out.push(m[1]); });
    return out.filter(function (s) { return s && s.length >= 2; });
  }
  function markInto(box, text, a, b) {
    // the sentence as text, the names of the two entities in <mark> elements (kg-a, kg-b)
    var hits = [];
    [[a, "kg-a"], [b, "kg-b"]].forEach(function (pair) {
      pair[0].forEach(function (name) {
        for (var at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) hits.push([at, at + name.length, pair[1]]);
      });
    });
    hits.sort(function (x, y) { return x[0] - y[0] || (y[1] - y[0]) - (x[1] - x[0]); });
    var pos = 0;
    hits.forEach(function (h) {
      if (h[0] < pos) return;
      if (h[0] > pos) box.appendChild(document.createTextNode(text.slice(pos, h[0])));
      box.appendChild(el("mark", text.slice(h[0], h[1]), h[2]));
      pos = h[1];
    });
    if (pos < text.length) box.appendChild(document.createTextNode(text.slice(pos)));
  }
  function link(n) {
    var a = el("span", n.label, "kg-link");
    a.title = n.type;
    a.addEventListener("click", function () { goTo(n); });
    return a;
  }
  function more(box, items, first, render1) {
    // items beyond the first few come on a click
    items.slice(0, first).forEach(render1);
    if (items.length > first) {
      var m = el("div", "+ " + (items.length - first) + " more", "kg-more");
      m.addEventListener("click", function () { box.removeChild(m); items.slice(first).forEach(render1); });
      box.appendChild(m);
    }
  }
  function statementsInto(box, e, a, b) {
    more(box, e.st, 3, function (s) {
      var p = el("div", null, "kg-st");
      markInto(p, DATA.sentences[s[0]], names(a), names(b));
      p.appendChild(el("span", [s[2] || "undated", DATA.docs[s[1]], s[4], s[3]].filter(Boolean).join(" · "), "kg-src"));
      box.appendChild(p);
    });
  }
  function panel() {
    var body = document.getElementById("kg-details-body");
    body.textContent = "";
    document.getElementById("kg-details").hidden = false;
    return body;
  }
  function typeChip(n) {
    var t = el("span", n.type, "kg-type");
    t.style.background = n.colour;
    return t;
  }
  function detailsOfNode(n) {
    var body = panel();
    body.appendChild(el("h2", n.label));
    var meta = el("div", null, "kg-meta");
    meta.appendChild(typeChip(n));
    meta.appendChild(document.createTextNode(n.facts + " facts · " + n.mentions + " mentions · " + n.docs.length + " documents"));
    body.appendChild(meta);
    if (n.first) body.appendChild(el("div", "seen " + span(n.first, n.last), "kg-meta"));
    if (n.aliases.length) body.appendChild(el("div", "别名 aliases: " + n.aliases.join("，"), "kg-meta kg-aliases"));
    var facts = n.adj.map(function (i) { return E[i]; });
    var posts = facts.filter(function (e) { return e.rel === "HOLDS_POSITION" && e.u === n.i; });
    if (posts.length || n.posts.length) {
      body.appendChild(el("h4", "职务 posts held"));
      var list = el("div", null, "kg-posts");
      posts.slice().sort(function (x, y) { return (x.first || "~") < (y.first || "~") ? -1 : 1; }).forEach(function (e) {
        // one post per title its statements name (副县长, later 县长)
        var titles = {};
        e.st.forEach(function (s) { var t = s[3] || e.title; (titles[t] = titles[t] || []).push(s[2]); });
        Object.keys(titles).forEach(function (t) {
          var d = titles[t].filter(Boolean).sort();
          var row = el("div", null, "kg-post");
          row.appendChild(document.createTextNode((t || "post") + " @ "));
          row.appendChild(link(N[e.v]));
          if (d.length) row.appendChild(el("span", span(d[0], d[d.length - 1]), "kg-when"));
          list.appendChild(row);
        });
      });
      // posts at bodies no document names (副市长 with no 市政府 in the text): no node to link
      var unnamed = {};
      n.posts.forEach(function (p) { var k = p[0] + " @ " + p[1]; (unnamed[k] = unnamed[k] || []).push(p[2]); });
      Object.keys(unnamed).forEach(function (k) {
        var d = unnamed[k].filter(Boolean).sort();
        var row = el("div", k, "kg-post");
        if (d.length) row.appendChild(el("span", span(d[0], d[d.length - 1]), "kg-when"));
        list.appendChild(row);
      });
      body.appendChild(list);
    }
    var groups = {}, order = [];
    facts.forEach(function (e) {
      var key = e.rel + (e.rel === COOC || UNDIRECTED[e.rel] ? "" : e.u === n.i ? " →" : " ←");
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(e);
    });
    order.sort(function (a, b) { return (a.indexOf(COOC) === 0) - (b.indexOf(COOC) === 0) || (a < b ? -1 : 1); });
    if (order.length) body.appendChild(el("h4", "事实 facts, with their sentences"));
    order.forEach(function (key) {
      var list = groups[key].sort(function (x, y) { return (x.first || "~") < (y.first || "~") ? -1 : x.first === y.first ? 0 : 1; });
      var d = el("details");
      d.open = key.indexOf(COOC) !== 0;
      d.setAttribute("data-relation", key.split(" ")[0]);
      d.appendChild(el("summary", key + " (" + list.length + ")"));
      more(d, list, 25, function (e) {
        var other = N[e.u === n.i ? e.v : e.u];
        var f = el("div", null, "kg-fact");
        var head = el("div", null, "kg-fact-head");
        head.appendChild(link(other));
        if (e.titles) head.appendChild(document.createTextNode(" · " + e.titles));
        var when = span(e.first, e.last);
        if (when || e.weight > 1) head.appendChild(el("span", [when, e.weight > 1 ? "×" + e.weight : ""].filter(Boolean).join(" · "), "kg-when"));
        f.appendChild(head);
        statementsInto(f, e, n, other);
        d.appendChild(f);
      });
      body.appendChild(d);
    });
    if (n.docs.length) {
      body.appendChild(el("h4", "文档 documents"));
      var docs = el("div", null, "kg-meta");
      docs.textContent = n.docs.map(function (k) { return DATA.docs[k]; }).join("\n");
      docs.style.whiteSpace = "pre-line";
      body.appendChild(docs);
    }
  }
  function detailsOfEdge(e) {
    var body = panel(), a = N[e.u], b = N[e.v];
    var h = el("h2");
    h.appendChild(link(a));
    h.appendChild(document.createTextNode(UNDIRECTED[e.rel] ? " — " : " → "));
    h.appendChild(link(b));
    body.appendChild(h);
    body.appendChild(el("div", e.rel + (e.titles ? " · " + e.titles : ""), "kg-meta kg-relation"));
    var when = span(e.first, e.last);
    body.appendChild(el("div", (when ? when + " · " : "") + "stated " + e.weight + "×", "kg-meta"));
    body.appendChild(el("h4", "证据 evidence"));
    var box = el("div");
    statementsInto(box, e, a, b);
    body.appendChild(box);
  }

  // ---- search -------------------------------------------------------------------------------------
  function norm(s) { return (s || "").replace(/[\s“”"'‘’「」『』《》]/g, "").toLowerCase(); }
  var INDEX = [];
  N.forEach(function (n) { names(n).concat([n.label]).forEach(function (a) { var k = norm(a); if (k) INDEX.push([k, n]); }); });
  function find(query, max) {
    var q = norm(query), ranked = [[], [], []], seen = {};
    if (!q) return [];
    INDEX.forEach(function (row) {
      var k = row[0], at = k.indexOf(q);
      if (at < 0) return;
      ranked[k === q ? 0 : at === 0 ? 1 : 2].push(row[1]);
    });
    var out = [];
    ranked.forEach(function (list) {
      list.sort(function (a, b) { return b.imp - a.imp; }).forEach(function (n) {
        if (!seen[n.i] && out.length < max) { seen[n.i] = true; out.push(n); }
      });
    });
    return out;
  }
  function reveal(n) {
    // the entity, selected, with its neighbourhood (facts; co-occurrence too when that layer is on)
    if (S.hiddenTypes[n.type]) setTypeHidden(n.type, false);
    if (!S.shown.has(n.i)) {
      var anchor = null;
      neighbours(n, S.cooc).some(function (m) { if (S.shown.has(m.i) && posOf(m)) { anchor = m; return true; } return false; });
      show(n, anchor);
    }
    neighbours(n, S.cooc).slice(0, DATA.expand).forEach(function (m) { show(m, n); });
    render();
    selectNode(n, true);
    var info = document.getElementById("kg-info");
    info.textContent = nodeVisible(n) ? "" : "outside the date range: " + n.label;
  }
  window.kgSearch = function (query) {
    var info = document.getElementById("kg-info");
    var hits = find(query, 1);
    closeSuggest();
    if (!hits.length) { info.textContent = "not found: " + query; return null; }
    info.textContent = "";
    reveal(hits[0]);
    return hits[0].id;
  };
  var search = document.getElementById("kg-search"), suggest = document.getElementById("kg-suggest");
  function closeSuggest() { suggest.classList.remove("open"); suggest.textContent = ""; }
  search.addEventListener("input", function () {
    suggest.textContent = "";
    var hits = find(search.value, 12);
    hits.forEach(function (n) {
      var row = el("div", n.label);
      row.appendChild(el("small", n.type + (nodes.get(n.id) ? "" : " · hidden")));
      row.addEventListener("mousedown", function (ev) { ev.preventDefault(); search.value = n.label; closeSuggest(); reveal(n); });
      suggest.appendChild(row);
    });
    suggest.classList.toggle("open", hits.length > 0);
  });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") window.kgSearch(search.value); });
  search.addEventListener("blur", function () { setTimeout(closeSuggest, 150); });

  // ---- expand --------------------------------------------------------------------------------------
  function expand(n) {
    var added = 0;
    neighbours(n, S.cooc).forEach(function (m) { if (added < DATA.expand && show(m, n)) added++; });
    render();
    document.getElementById("kg-info").textContent = added ? "" : "nothing more around " + n.label;
    return added;
  }
  window.kgExpand = function (id) { return byId[id] ? expand(byId[id]) : 0; };
  network.on("doubleClick", function (p) {
    if (p.nodes.length) { var n = byId[p.nodes[0]]; expand(n); selectNode(n, false); }
  });
  network.on("click", function (p) {
    if (p.nodes.length) selectNode(byId[p.nodes[0]], false);
    else if (p.edges.length) selectEdge(E[Number(String(p.edges[0]).slice(1))]);
    else clearSelection();
  });
  document.getElementById("kg-close").addEventListener("click", clearSelection);

  // ---- controls: show, layers, time, filters ----------------------------------------------------
  function base(mode) { return mode === "first" ? FIRST : mode === "facts" ? WITH_FACTS : N.map(function (n) { return n.i; }); }
  function setMode(mode, keepExtra) {
    S.mode = mode;
    if (!keepExtra) { S.extra = new Set(); S.placed = {}; S.ring = {}; S.free = 0; }
    S.shown = new Set(base(mode));
    S.extra.forEach(function (i) { S.shown.add(i); });
    if (mode !== "first") S.extra.forEach(function (i) { delete S.placed[i]; });
    render();
    network.fit({ animation: false });
  }
  document.getElementById("kg-show-first").textContent = "first view (" + FIRST.length + ")";
  document.getElementById("kg-show-facts").textContent = "all with facts (" + WITH_FACTS.length + ")";
  document.getElementById("kg-show-all").textContent = "everything (" + N.length + ")";
  document.querySelectorAll("input[name=kg-show]").forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) setMode(r.value, true); });
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.querySelector("input[name=kg-show][value=first]").checked = true;
    clearSelection();
    setMode("first", false);
  });
  var cooc = document.getElementById("kg-cooc");
  var coocCount = DATA.relations.filter(function (r) { return r.name === COOC; }).map(function (r) { return r.count; })[0] || 0;
  document.getElementById("kg-cooc-label").textContent = "co-occurrence layer (" + coocCount + ")";
  cooc.checked = S.cooc;
  cooc.disabled = !coocCount;
  cooc.addEventListener("change", function () { S.cooc = cooc.checked; render(); });

  if (DATA.dates) {
    var days = {};
    E.forEach(function (e) { if (e.rel !== COOC && e.first) { days[e.first] = 1; days[e.last] = 1; } });
    N.forEach(function (n) { if (n.first) { days[n.first] = 1; days[n.last] = 1; } });
    var D = Object.keys(days).filter(function (d) { return d >= DATA.dates[0] && d <= DATA.dates[1]; }).sort();
    var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
    var fromR = document.getElementById("kg-from-range"), toR = document.getElementById("kg-to-range");
    var dated = E.filter(function (e) { return e.rel !== COOC && e.first; }).length;
    var facts = E.filter(function (e) { return e.rel !== COOC; }).length;
    document.getElementById("kg-undated-label").textContent = "undated facts (" + (facts - dated) + " of " + facts + ")";
    [from, to].forEach(function (x) { x.min = D[0]; x.max = D[D.length - 1]; });
    [fromR, toR].forEach(function (x) { x.max = String(D.length - 1); });
    var nearest = function (d) { var k = 0; while (k < D.length - 1 && D[k] < d) k++; return k; };
    var sync = function () {
      from.value = S.from; to.value = S.to;
      fromR.value = String(nearest(S.from)); toR.value = String(nearest(S.to));
      document.body.setAttribute("data-date-range", S.from + "/" + S.to);
    };
    var setDates = function (a, b, moved) {
      // the end that was moved pushes the other one along: the range is never reversed
      S.from = a || DATA.dates[0]; S.to = b || DATA.dates[1];
      if (S.from > S.to) { if (moved === "to") S.from = S.to; else S.to = S.from; }
      sync(); render();
    };
    window.kgSetDates = setDates;
    ["input", "change"].forEach(function (ev) {
      from.addEventListener(ev, function () { if (from.value) setDates(from.value, S.to, "from"); });
      to.addEventListener(ev, function () { if (to.value) setDates(S.from, to.value, "to"); });
      fromR.addEventListener(ev, function () { setDates(D[Number(fromR.value)], S.to, "from"); });
      toR.addEventListener(ev, function () { setDates(S.from, D[Number(toR.value)], "to"); });
    });
    var undated = document.getElementById("kg-undated");
    undated.addEventListener("change", function () { S.undated = undated.checked; render(); });
    toR.value = String(D.length - 1);
    sync();
    document.getElementById("kg-time").hidden = false;
  }

  var typeBoxes = {};
  function checkbox(container, key, text, colour, onChange) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.setAttribute("data-kg", text);
    box.addEventListener("change", function () { onChange(!box.checked); });
    label.appendChild(box);
    if (colour) { var dot = el("span", null, "kg-dot"); dot.style.background = colour; label.appendChild(dot); }
    label.appendChild(el("span", text));
    container.appendChild(label);
    return box;
  }
  function setTypeHidden(type, hide) {
    S.hiddenTypes[type] = hide;
    if (typeBoxes[type]) typeBoxes[type].checked = !hide;
  }
  DATA.types.forEach(function (t) {
    typeBoxes[t.name] = checkbox(document.getElementById("kg-types"), t.name, t.name + " (" + t.count + ")", t.colour,
      function (hide) { setTypeHidden(t.name, hide); render(); });
  });
  DATA.relations.forEach(function (r) {
    if (r.name === COOC) return;
    checkbox(document.getElementById("kg-relations"), r.name, r.name + " (" + r.count + ")", null,
      function (hide) { S.hiddenRels[r.name] = hide; render(); });
  });

  // ---- first view ------------------------------------------------------------------------------------
  document.title = DATA.title;
  document.getElementById("kg-title").textContent = DATA.title;
  network.once("afterDrawing", function () {
    if (window.performance && performance.mark) performance.mark("kg-ready");  // benchmarks/html_page.py
    document.body.setAttribute("data-kg-ready", "1");
  });
  setMode("first", false);
  if (!N.length) document.body.setAttribute("data-kg-ready", "1");
})();
