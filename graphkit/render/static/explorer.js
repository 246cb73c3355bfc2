/* graphkit explorer. Data arrives as JSON; every string from it is shown with textContent,
   never parsed as HTML. window.network is the vis Network, as in pyvis pages. */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("graphkit-data").textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };
  const byName = (list) => Object.fromEntries(list.map((item) => [item.name, item]));
  const kinds = byName(data.vocab.kinds);
  const relationTypes = byName(data.vocab.relations);
  const certainty = byName(data.vocab.certainty);
  const polarity = byName(data.vocab.polarity);
  const fold = (text) =>
    String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2010-\u2015\u2212_-]/g, " ").replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, " ").trim()
      .replace(/^the /, "");

  const nodeData = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeData = new Map(data.edges.map((e) => [e.id, e]));
  const days = data.days; // ISO dates the slider can show, one per month

  const defaults = () => ({
    kinds: new Set(data.vocab.kinds.map((k) => k.name)),
    relations: new Set(data.vocab.relations.map((r) => r.name)),
    // The certainty levels shown first: graphkit.rules' counted levels unless the page was written otherwise.
    certainties: new Set(data.view.certainties),
    asOf: null,
    window: "",
    measure: data.defaultMeasure,
  });
  let state = defaults();
  let selected = null; // {type: "node"|"edge", id}

  // --- visibility ------------------------------------------------------------------------

  // --- when a relation holds: graphkit.rules.Moment, repeated here (a browser test proves they agree) ---

  const isoDay = (date) => date.toISOString().slice(0, 10);
  const utc = (year, month, day) => new Date(Date.UTC(year, month - 1, day));

  // The first and last day a partial date (2025, 2025-07, 2025-07-03) covers, as ISO strings.
  function dayBounds(value) {
    const [year, month, day] = value.split("-").map(Number);
    if (!month) return [`${value}-01-01`, `${value}-12-31`];
    if (!day) return [isoDay(utc(year, month, 1)), isoDay(utc(year, month + 1, 0))];
    return [value, value];
  }

  // The days a standing relation must overlap as of `asOf`, and those an event must overlap within `window`.
  function moment(asOf, window) {
    const [first, last] = dayBounds(asOf);
    let eventsFirst = first;
    const match = /^([1-9][0-9]{0,3})([dwmy])$/.exec(window || "");
    if (match) {
      const count = Number(match[1]);
      const unit = match[2];
      const end = new Date(`${last}T00:00:00Z`);
      let start;
      if (unit === "d" || unit === "w") {
        start = new Date(end.getTime() - (count * (unit === "w" ? 7 : 1) - 1) * 86400000);
      } else {
        const months = count * (unit === "y" ? 12 : 1);
        const index = end.getUTCFullYear() * 12 + end.getUTCMonth() - months;
        const year = Math.floor(index / 12);
        const month = (index % 12) + 1;
        const lastOfMonth = utc(year, month + 1, 0).getUTCDate();
        start = utc(year, month, Math.min(end.getUTCDate(), lastOfMonth) + 1);
      }
      eventsFirst = isoDay(start) < first ? isoDay(start) : first;
    }
    return { states: [first, last], events: [eventsFirst, last] };
  }

  // first_day/last_day come from graphkit.rules.span: "" where the span is open; dated false where it is empty.
  function holds(e, when) {
    if (!e.dated) return false;
    const [first, last] = e.temporal === "event" ? when.events : when.states;
    return (!e.first_day || e.first_day <= last) && (!e.last_day || e.last_day >= first);
  }

  function edgePasses(e, when) {
    if (!state.relations.has(e.relation)) return false;
    if (!state.certainties.has(e.certainty)) return false;
    if (!state.kinds.has(nodeData.get(e.from).kind) || !state.kinds.has(nodeData.get(e.to).kind)) return false;
    return !when || holds(e, when);
  }

  const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
  const filtersActive = () => {
    const d = defaults();
    return !sameSet(state.certainties, d.certainties) || state.asOf !== null || state.relations.size !== d.relations.size;
  };

  let visibleEdgeIds = new Set();
  let visibleNodeIds = new Set();

  function computeVisibility() {
    const when = state.asOf ? moment(state.asOf, state.window) : null;
    visibleEdgeIds = new Set(data.edges.filter((e) => edgePasses(e, when)).map((e) => e.id));
    const touched = new Set();
    for (const id of visibleEdgeIds) {
      const e = edgeData.get(id);
      touched.add(e.from);
      touched.add(e.to);
    }
    const hideIsolated = filtersActive();
    visibleNodeIds = new Set(
      data.nodes.filter((n) => state.kinds.has(n.kind) && (!hideIsolated || touched.has(n.id))).map((n) => n.id)
    );
  }

  // --- vis data --------------------------------------------------------------------------

  const measureMax = {};
  for (const m of data.measures) {
    measureMax[m] = Math.max(1e-12, ...data.nodes.map((n) => n.measures[m] || 0));
  }
  const sizeOf = (n) => 8 + 32 * Math.sqrt((n.measures[state.measure] || 0) / measureMax[state.measure]);

  function nodeStyle(n, dimmed) {
    const colour = dimmed ? "#dddddd" : kinds[n.kind].color;
    return {
      id: n.id,
      color: { background: colour, border: dimmed ? "#cccccc" : "#333333", highlight: { background: colour, border: "#000000" } },
      font: { color: dimmed ? "#bbbbbb" : "#222222" },
      size: sizeOf(n),
    };
  }

  function edgeStyle(e, dimmed) {
    const style = certainty[e.certainty].style;
    const colour = dimmed ? "#e3e3e3" : polarity[e.polarity].color;
    return {
      id: e.id,
      color: { color: colour, highlight: colour, hover: colour, opacity: style === "faded" ? 0.35 : 1 },
      dashes: style === "dashed" ? [8, 5] : style === "dotted" ? [2, 5] : style === "faded" ? [2, 8] : false,
    };
  }

  const nodes = new vis.DataSet(
    data.nodes.map((n) => Object.assign({ label: n.label, title: n.title, shape: n.shape, x: n.x, y: n.y }, nodeStyle(n, false)))
  );
  const edges = new vis.DataSet(
    data.edges.map((e) =>
      Object.assign(
        { from: e.from, to: e.to, title: e.title, arrows: { to: { enabled: e.directed, scaleFactor: 0.6 } }, smooth: e.smooth, width: 1.6 },
        edgeStyle(e, false)
      )
    )
  );
  computeVisibility();
  const nodeView = new vis.DataView(nodes, { filter: (n) => visibleNodeIds.has(n.id) });
  const edgeView = new vis.DataView(edges, {
    filter: (e) => visibleEdgeIds.has(e.id) && visibleNodeIds.has(edgeData.get(e.id).from) && visibleNodeIds.has(edgeData.get(e.id).to),
  });
  const network = new vis.Network($("gk-graph"), { nodes: nodeView, edges: edgeView }, data.options);
  window.network = network;
  let firstDrawn = null; // milliseconds since navigation, when the graph was first on screen
  network.once("afterDrawing", () => {
    firstDrawn = performance.now();
  });

  function refresh() {
    computeVisibility();
    nodeView.refresh();
    edgeView.refresh();
    if (selected && selected.type === "node" && !visibleNodeIds.has(selected.id)) clearSelection();
    else if (selected && selected.type === "edge" && !edgeView.get(selected.id)) clearSelection();
    else highlight();
    const shownEdges = edgeView.getIds().length;
    $("gk-counts").textContent = `Showing ${visibleNodeIds.size} of ${data.nodes.length} actors, ${shownEdges} of ${data.edges.length} relations.`;
  }

  // --- selection, highlighting and the evidence panel --------------------------------------

  function neighbourhood(id) {
    const near = new Set([id]);
    const incident = new Set();
    for (const edgeId of edgeView.getIds()) {
      const e = edgeData.get(edgeId);
      if (e.from === id || e.to === id) {
        near.add(e.from);
        near.add(e.to);
        incident.add(edgeId);
      }
    }
    return { near, incident };
  }

  function highlight() {
    let near = null;
    let incident = null;
    if (selected && selected.type === "node") ({ near, incident } = neighbourhood(selected.id));
    if (selected && selected.type === "edge") {
      const e = edgeData.get(selected.id);
      near = new Set([e.from, e.to]);
      incident = new Set([e.id]);
    }
    nodes.update(data.nodes.map((n) => nodeStyle(n, near !== null && !near.has(n.id))));
    edges.update(data.edges.map((e) => edgeStyle(e, incident !== null && !incident.has(e.id))));
  }

  const panel = $("gk-panel");
  // graphkit.present.dates, in the page's words.
  const dates = (e) =>
    e.end === "?"
      ? e.start ? `${e.start} – ended, date unknown` : "ended, date unknown"
      : e.start && e.end
        ? e.start === e.end ? e.start : `${e.start} – ${e.end}`
        : e.start ? (e.temporal === "event" ? `on ${e.start}` : `from ${e.start}`) : e.end ? `until ${e.end}` : "undated";

  function evidence(e) {
    const box = document.createDocumentFragment();
    const meta = el("div", null, "gk-meta");
    meta.append(el("span", e.certainty, `gk-tag certainty-${e.certainty}`), el("span", dates(e), "gk-tag"));
    if (e.claimant) {
      const who = nodeData.get(e.claimant);
      meta.append(el("span", `claimed by ${who ? who.label : e.claimant}`, "gk-tag"));
    }
    meta.append(el("span", `${e.source_title} [${e.source_doc}]`));
    box.append(meta, el("blockquote", e.quote));
    if (e.note) box.append(el("div", `Note: ${e.note}`, "gk-meta"));
    box.append(el("div", `Relation ${e.id}`, "gk-meta"));
    return box;
  }

  function relationLine(e, from) {
    const line = el("div");
    const other = e.from === from ? e.to : e.from;
    const arrow = !e.directed ? "—" : e.from === from ? "→" : "←";
    line.append(el("span", `${arrow} ${relationTypes[e.relation].label} `, "gk-relation"));
    const link = el("button", nodeData.get(other).label, "gk-link");
    link.type = "button";
    link.addEventListener("click", () => selectNode(other, true));
    line.append(link);
    return line;
  }

  function showNode(id) {
    const n = nodeData.get(id);
    panel.replaceChildren();
    panel.append(el("h2", n.label), el("div", kinds[n.kind].label, "gk-meta"));
    if (n.aliases.length) panel.append(el("p", `Also: ${n.aliases.join(", ")}`, "gk-meta"));
    if (n.description) panel.append(el("p", n.description));
    const order = (e) => [e.relation, e.from === id ? 0 : 1, e.first_day || e.last_day || "9999", e.id].join("\u0000");
    const related = data.edges.filter((e) => e.from === id || e.to === id).sort((a, b) => (order(a) < order(b) ? -1 : 1));
    const shown = related.filter((e) => edgeView.get(e.id));
    panel.append(el("h3", `Relations (${shown.length} shown of ${related.length})`));
    const list = el("ul");
    for (const e of related) {
      const item = el("li");
      if (!edgeView.get(e.id)) item.className = "gk-hidden-relation";
      item.append(relationLine(e, id), evidence(e));
      list.append(item);
    }
    panel.append(list);
  }

  function showEdge(id) {
    const e = edgeData.get(id);
    panel.replaceChildren();
    const arrow = e.directed ? "→" : "—";
    panel.append(el("h2", `${nodeData.get(e.from).label} ${arrow} ${relationTypes[e.relation].label} ${arrow} ${nodeData.get(e.to).label}`));
    panel.append(el("div", `${polarity[e.polarity].label} relation`, "gk-meta"), evidence(e));
  }

  function clearSelection() {
    selected = null;
    network.unselectAll();
    panel.replaceChildren(el("p", "Select an actor or a relation to see its evidence.", "gk-hint"));
    highlight();
  }

  function selectNode(id, focus) {
    selected = { type: "node", id };
    network.selectNodes([id]);
    if (focus) network.focus(id, { scale: 1.3, animation: false });
    highlight();
    showNode(id);
  }

  network.on("click", (params) => {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else if (params.edges.length) {
      selected = { type: "edge", id: params.edges[0] };
      highlight();
      showEdge(params.edges[0]);
    } else clearSelection();
  });

  // --- search -----------------------------------------------------------------------------

  const names = [];
  for (const n of data.nodes) for (const name of [n.label, ...n.aliases]) names.push([fold(name), n.id, name]);
  names.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  const datalist = $("gk-names");
  const seen = new Set();
  for (const [, , name] of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const option = document.createElement("option");
    option.value = name;
    datalist.append(option);
  }

  function find() {
    const wanted = fold($("gk-search").value);
    const message = $("gk-search-message");
    if (!wanted) return;
    const exact = names.find(([key]) => key === wanted);
    const partial = names.find(([key]) => key.includes(wanted));
    const hit = exact || partial;
    if (!hit) {
      message.textContent = `No actor is called “${$("gk-search").value}”.`;
      return;
    }
    const id = hit[1];
    if (!visibleNodeIds.has(id)) {
      message.textContent = `${nodeData.get(id).label} is hidden by the current filters.`;
      return;
    }
    message.textContent = "";
    selectNode(id, true);
  }
  $("gk-search-go").addEventListener("click", find);
  $("gk-search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") find();
  });
  $("gk-search").addEventListener("change", find);

  // --- filters ----------------------------------------------------------------------------

  function checkbox(container, value, label, colour, counted, onChange) {
    const row = el("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = value;
    box.addEventListener("change", () => onChange(box.checked));
    row.append(box);
    if (colour) {
      const swatch = el("span", null, "gk-swatch");
      swatch.style.background = colour;
      row.append(swatch);
    }
    row.append(el("span", `${label} (${counted})`));
    container.append(row);
  }

  const kindCounts = {};
  for (const n of data.nodes) kindCounts[n.kind] = (kindCounts[n.kind] || 0) + 1;
  for (const k of data.vocab.kinds) {
    if (!kindCounts[k.name]) continue;
    checkbox($("gk-kinds"), k.name, k.label, k.color, kindCounts[k.name], (on) => {
      on ? state.kinds.add(k.name) : state.kinds.delete(k.name);
      refresh();
    });
  }
  const relationCounts = {};
  for (const e of data.edges) relationCounts[e.relation] = (relationCounts[e.relation] || 0) + 1;
  for (const r of data.vocab.relations) {
    if (!relationCounts[r.name]) continue;
    checkbox($("gk-relations"), r.name, r.label, polarity[r.polarity].color, relationCounts[r.name], (on) => {
      on ? state.relations.add(r.name) : state.relations.delete(r.name);
      refresh();
    });
  }

  const certaintyCounts = {};
  for (const e of data.edges) certaintyCounts[e.certainty] = (certaintyCounts[e.certainty] || 0) + 1;
  for (const c of [...data.vocab.certainty].sort((a, b) => b.rank - a.rank)) {
    if (!certaintyCounts[c.name]) continue;
    checkbox($("gk-certainty"), c.name, c.label, null, certaintyCounts[c.name], (on) => {
      on ? state.certainties.add(c.name) : state.certainties.delete(c.name);
      refresh();
    });
  }
  const uncounted = data.vocab.certainty.filter((c) => !c.counts).map((c) => c.label);
  $("gk-certainty-note").textContent =
    `By default ${uncounted.join(" and ")} relations are not shown: they do not count as connections.`;
  const syncCertainties = () => {
    for (const box of document.querySelectorAll("#gk-certainty input")) box.checked = state.certainties.has(box.value);
  };
  syncCertainties();

  const measureSelect = $("gk-measure");
  for (const m of data.measures) {
    const option = el("option", data.measureLabels[m]);
    option.value = m;
    measureSelect.append(option);
  }
  measureSelect.value = state.measure;
  measureSelect.addEventListener("change", () => {
    state.measure = measureSelect.value;
    highlight();
  });

  const slider = $("gk-asof");
  const asOfOn = $("gk-asof-on");
  slider.max = String(Math.max(0, days.length - 1));
  slider.value = slider.max;
  const showDay = () => {
    $("gk-asof-label").textContent = days.length ? days[Number(slider.value)] : "no dated relations";
  };
  showDay();
  slider.addEventListener("input", () => {
    showDay();
    state.asOf = asOfOn.checked ? days[Number(slider.value)] : null;
    refresh();
  });
  asOfOn.disabled = days.length === 0;
  asOfOn.addEventListener("change", () => {
    slider.disabled = !asOfOn.checked;
    state.asOf = asOfOn.checked ? days[Number(slider.value)] : null;
    refresh();
  });
  const windowSelect = $("gk-window");
  windowSelect.value = state.window;
  windowSelect.addEventListener("change", () => {
    state.window = windowSelect.value;
    refresh();
  });

  $("gk-reset").addEventListener("click", () => {
    state = defaults();
    for (const box of document.querySelectorAll("#gk-kinds input, #gk-relations input")) box.checked = true;
    syncCertainties();
    windowSelect.value = state.window;
    measureSelect.value = state.measure;
    asOfOn.checked = false;
    slider.disabled = true;
    slider.value = slider.max;
    showDay();
    $("gk-search").value = "";
    $("gk-search-message").textContent = "";
    refresh();
    clearSelection();
    network.fit({ animation: false });
  });

  // --- legend, generated from the vocabulary ----------------------------------------------

  const legend = $("gk-legend");
  legend.append(el("h4", "Actors (colour and shape)"));
  for (const k of data.vocab.kinds) {
    const row = el("div");
    const swatch = el("span", null, "gk-swatch");
    swatch.style.background = k.color;
    row.append(swatch, el("span", `${k.label}: ${k.shape}`));
    legend.append(row);
  }
  legend.append(el("h4", "Relations (colour)"));
  for (const p of data.vocab.polarity) {
    const row = el("div");
    const line = el("span", null, "gk-line");
    line.style.borderTopColor = p.color;
    row.append(line, el("span", p.label));
    legend.append(row);
  }
  legend.append(el("h4", "Certainty (line)"));
  for (const c of data.vocab.certainty) {
    const row = el("div");
    row.append(el("span", null, `gk-line style-${c.style}`), el("span", c.label));
    legend.append(row);
  }
  legend.append(el("p", "Arrows point from the actor that acts; symmetric relations have none. Size: the selected measure.", "gk-hint"));

  refresh();

  // A small read-only view of the page's state, for tests and for the curious.
  window.graphkit = Object.freeze({
    firstDrawnMs: () => firstDrawn,
    visibleNodeIds: () => nodeView.getIds().sort(),
    visibleEdgeIds: () => edgeView.getIds().sort(),
    selected: () => (selected ? Object.assign({}, selected) : null),
    selectNode: (id) => selectNode(id, true),
    // Show the graph as of a day (ISO, as the slider gives), with an event window such as "12m".
    setMoment: (asOf, window) => {
      state.asOf = asOf;
      state.window = window || "";
      refresh();
    },
    selectEdge: (id) => {
      selected = { type: "edge", id };
      network.selectEdges([id]);
      highlight();
      showEdge(id);
    },
  });
})();
