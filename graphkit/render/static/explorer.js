/* graphkit explorer. Data arrives as JSON; every string from it is shown with textContent,
   never parsed as HTML. window.network is the vis Network, as in pyvis pages.

   No data is ever a property name: maps from ids are Maps, and vis-network (which keys
   plain objects by id) sees only the page's own numeric node ids and "r…"/"p…" edge ids. */
(function () {
  "use strict";

  // A large page stores its data gzipped in base64; the browser's own DecompressionStream unpacks it.
  async function unpack(base64) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }
  const stored = JSON.parse(document.getElementById("graphkit-data").textContent);
  (stored.packed ? unpack(stored.packed) : Promise.resolve(stored)).then(start);

  function start(data) {
    const $ = (id) => document.getElementById(id);
    const el = (tag, text, className) => {
      const node = document.createElement(tag);
      if (text !== undefined && text !== null) node.textContent = String(text);
      if (className) node.className = className;
      return node;
    };
    const button = (text, className, onClick) => {
      const node = el("button", text, className);
      node.type = "button";
      node.addEventListener("click", onClick);
      return node;
    };
    const byName = (list) => new Map(list.map((item) => [item.name, item]));
    const kinds = byName(data.vocab.kinds);
    const relationTypes = byName(data.vocab.relations);
    const certainty = byName(data.vocab.certainty);
    const polarity = byName(data.vocab.polarity);
    const countBy = (items, key) => {
      const counts = new Map();
      for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
      return counts;
    };
    const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

    // graphkit.text.name_key: case, accents, dashes, quotes and spacing folded, no leading "the";
    // its character tables come from Python (graphkit.text.name_key_tables), not the browser's.
    const keyTables = data.nameKey;
    const keyReplace = new RegExp(`[${[...Object.keys(keyTables.replace)].map((c) => `\\u{${c.codePointAt(0).toString(16)}}`).join("")}]`, "gu");
    const keyCombining = new RegExp(keyTables.combining, "gu");
    const keyWhitespace = new RegExp(`${keyTables.whitespace}+`, "u");
    const keyCasefold = new RegExp(`[${[...Object.keys(keyTables.casefold)].map((c) => `\\u{${c.codePointAt(0).toString(16)}}`).join("")}]`, "gu");
    const nameKey = (text) => {
      const key = String(text).replace(keyReplace, (c) => keyTables.replace[c]).normalize("NFKD").replace(keyCombining, "")
        .replace(keyCasefold, (c) => keyTables.casefold[c]).split(keyWhitespace).filter(Boolean).join(" ");
      return key.startsWith("the ") ? key.slice(4) : key;
    };
    const fold = (text) => nameKey(text);

    // --- the data, indexed: node i is data.nodes[i], relation j is data.edges[j] -----------------

    const N = data.nodes;
    const E = data.edges;
    const sourceTitles = new Map(data.sources);
    for (const e of E) {
      // what the relation's type and source say, stored once in the page
      const type = relationTypes.get(e.relation);
      e.directed = type.directed;
      e.polarity = type.polarity;
      e.source_title = sourceTitles.get(e.source_doc) || "";
    }
    const nodeIndex = new Map(N.map((n, i) => [n.id, i]));
    const edgeIndex = new Map(E.map((e, j) => [e.id, j]));
    const ends = E.map((e) => [nodeIndex.get(e.from), nodeIndex.get(e.to)]);
    const incident = N.map(() => []);
    E.forEach((e, j) => {
      incident[ends[j][0]].push(j);
      if (ends[j][1] !== ends[j][0]) incident[ends[j][1]].push(j);
    });
    const pairKey = (a, b) => (a < b ? `${a}_${b}` : `${b}_${a}`);
    const otherEnd = (j, i) => (ends[j][0] === i ? ends[j][1] : ends[j][0]);

    const months = []; // "YYYY-MM" from the first dated month to the December of the last dated year: the slider's steps
    if (data.dated) {
      let [year, month] = data.dated.first.split("-").map(Number);
      const lastYear = Number(data.dated.last.slice(0, 4));
      while (year <= lastYear) {
        months.push(`${year}-${String(month).padStart(2, "0")}`);
        [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
      }
    }

    const defaults = () => ({
      kinds: new Set(data.vocab.kinds.map((k) => k.name)),
      relations: new Set(data.vocab.relations.map((r) => r.name)),
      polarities: new Set(data.vocab.polarity.map((p) => p.name)),
      // The certainty levels shown first: graphkit.rules' counted levels unless the page was written otherwise.
      certainties: new Set(data.view.certainties),
      asOf: null,
      window: "",
      undated: "hide",
      measure: data.defaultMeasure,
      merge: data.merge,
      focus: null, // {node, depth}
      opening: data.opening > 0, // a large graph opens on its most central actors only
    });
    let state = defaults();
    let selected = null; // {type: "node", node} | {type: "edge", edge} | {type: "pair", a, b}
    let expanded = null; // the pair drawn relation by relation while merged

    // --- when a relation holds: graphkit.rules.Moment, repeated here (a browser test proves they agree) ---

    const isoDay = (date) => date.toISOString().slice(0, 10);
    const utc = (year, month, day) => new Date(Date.UTC(year, month - 1, day));
    const DATE = /^([0-9]{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?$/;

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

    // --- visibility: graphkit.rules.EdgeFilter's rule, plus kinds and focus -------------------------

    // Everything but time: relation type, polarity, certainty, both actors' kinds.
    function passesFilters(j) {
      const e = E[j];
      return (
        state.relations.has(e.relation) &&
        state.polarities.has(e.polarity) &&
        state.certainties.has(e.certainty) &&
        state.kinds.has(N[ends[j][0]].kind) &&
        state.kinds.has(N[ends[j][1]].kind)
      );
    }

    const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
    const filtersActive = () => {
      const d = defaults();
      return (
        !sameSet(state.certainties, d.certainties) ||
        state.asOf !== null ||
        state.relations.size !== d.relations.size ||
        state.polarities.size !== d.polarities.size ||
        state.focus !== null
      );
    };

    const openingActors = new Set(
      N.map((n, i) => i)
        .sort((a, b) => (N[b].measures[data.defaultMeasure] || 0) - (N[a].measures[data.defaultMeasure] || 0) || a - b)
        .slice(0, data.opening)
    );
    let visibleEdges = new Set(); // relation indices
    let visibleNodes = new Set(); // node indices
    let undatedShown = new Set(); // relation indices shown alongside a dated view, marked undated
    let inView = 0; // relations passing the filters other than time
    let datedInView = 0;

    // The actors within `depth` relations of `start` over `edges`, as graphkit.query.neighbors reaches them.
    function reach(start, depth, edges) {
      const seen = new Set([start]);
      let frontier = [start];
      for (let level = 0; level < depth && frontier.length; level++) {
        const next = [];
        for (const i of frontier) {
          for (const j of incident[i]) {
            if (!edges.has(j)) continue;
            const other = otherEnd(j, i);
            if (!seen.has(other)) {
              seen.add(other);
              next.push(other);
            }
          }
        }
        frontier = next;
      }
      return seen;
    }

    function computeVisibility() {
      const when = state.asOf ? moment(state.asOf, state.window) : null;
      const passing = new Set();
      undatedShown = new Set();
      inView = 0;
      datedInView = 0;
      for (let j = 0; j < E.length; j++) {
        if (!passesFilters(j)) continue;
        inView++;
        if (E[j].dated) datedInView++;
        if (!when || holds(E[j], when)) passing.add(j);
        else if (!E[j].dated && state.undated === "show") {
          passing.add(j);
          undatedShown.add(j);
        }
      }
      let near = null;
      if (state.focus) near = reach(state.focus.node, state.focus.depth, passing);
      else if (state.opening) near = openingActors;
      const touched = new Set();
      visibleEdges = new Set();
      for (const j of passing) {
        const [a, b] = ends[j];
        if (near && !(near.has(a) && near.has(b))) continue;
        visibleEdges.add(j);
        touched.add(a);
        touched.add(b);
      }
      const hideIsolated = filtersActive();
      visibleNodes = new Set();
      N.forEach((n, i) => {
        if (!state.kinds.has(n.kind)) return;
        if (near && !near.has(i)) return;
        if (hideIsolated && !touched.has(i)) return;
        visibleNodes.add(i);
      });
    }

    // --- drawing: nodes, relations and merged pairs -----------------------------------------

    const measureMax = new Map(data.measures.map((m) => [m, Math.max(1e-12, ...N.map((n) => n.measures[m] || 0))]));
    // graphkit.render.html.node_size
    const sizeOf = (n) => 4 + 14 * Math.sqrt((n.measures[state.measure] || 0) / measureMax.get(state.measure));
    // Zoomed out, discs and labels keep their size on screen (so the fitted view stays legible).
    let zoomedOut = 1;
    const drawnSize = (n) => sizeOf(n) / zoomedOut;
    // graphkit.render.html.wrap_label
    function wrap(name) {
      if (name.length <= 18 || !name.includes(" ")) return name;
      const middle = name.length / 2;
      let cut = -1;
      for (let i = 0; i < name.length; i++) {
        if (name[i] === " " && (cut < 0 || Math.abs(i - middle) < Math.abs(cut - middle))) cut = i;
      }
      return `${name.slice(0, cut)}\n${name.slice(cut + 1)}`;
    }
    const wrapped = N.map((n) => wrap(n.label));

    // Line styles: the vocabulary's, with solid levels below the strongest drawn in long dashes,
    // so that confirmed and reported relations look different.
    const strongestSolid = Math.max(...data.vocab.certainty.filter((c) => c.style === "solid").map((c) => c.rank));
    function dashesOf(level) {
      const c = certainty.get(level);
      if (c.style === "solid") return c.rank === strongestSolid ? false : [12, 4];
      if (c.style === "dashed") return [7, 5];
      if (c.style === "dotted") return [2, 5];
      return [2, 8];
    }
    const UNDATED_DASHES = [1, 3];
    const opacityOf = (level) => (certainty.get(level).style === "faded" ? 0.35 : 1);

    const LABEL_PX = 12;
    const kindLabel = (n) => kinds.get(n.kind).label;
    const visNodes = new vis.DataSet(
      N.map((n, i) => ({ id: i, label: "", title: `${n.label} (${kindLabel(n)})`, shape: kinds.get(n.kind).shape, x: n.x, y: n.y, size: sizeOf(n) }))
    );
    const visEdges = new vis.DataSet([]);
    const drawn = new Map(); // vis edge id -> {relations: [j], from, to}
    computeVisibility();
    const nodeView = new vis.DataView(visNodes, { filter: (item) => visibleNodes.has(item.id) });
    const network = new vis.Network($("gk-graph"), { nodes: nodeView, edges: visEdges }, data.options);
    window.network = network;
    let firstDrawn = null; // milliseconds since navigation, when the graph was first on screen
    network.once("afterDrawing", () => {
      firstDrawn = performance.now();
    });

    const arrow = (e) => (e.directed ? "→" : "—");
    const dates = (e) =>
      // graphkit.present.dates, in the page's words.
      e.end === "?"
        ? e.start ? `${e.start} – ended, date unknown` : "ended, date unknown"
        : e.start && e.end
          ? e.start === e.end ? e.start : `${e.start} – ${e.end}`
          : e.start ? (e.temporal === "event" ? `on ${e.start}` : `from ${e.start}`) : e.end ? `until ${e.end}` : "undated";
    const relationText = (e) => `${N[nodeIndex.get(e.from)].label} ${arrow(e)} ${relationTypes.get(e.relation).label} ${arrow(e)} ${N[nodeIndex.get(e.to)].label}`;
    const dateOrder = (j) => `${E[j].first_day || E[j].last_day || "9999-99-99"}\u0000${E[j].id}`;
    const byDate = (a, b) => (dateOrder(a) < dateOrder(b) ? -1 : dateOrder(a) > dateOrder(b) ? 1 : 0);

    function tally(list, key, vocabList) {
      const counts = countBy(list, key);
      return vocabList.filter((v) => counts.has(v.name)).map((v) => `${counts.get(v.name)} ${v.label.toLowerCase()}`).join(", ");
    }

    // The vis edges for the visible relations: merged per pair and polarity, or one per relation.
    function edgeItems(dimmedExcept) {
      const groups = new Map(); // vis id -> {relations, from, to}
      const order = [...visibleEdges].sort((a, b) => a - b);
      for (const j of order) {
        const [a, b] = ends[j];
        const pair = pairKey(a, b);
        const single = !state.merge || pair === expanded;
        const id = single ? `r${j}` : `p${pair}_${E[j].polarity}${undatedShown.has(j) ? "_u" : ""}`;
        if (!groups.has(id)) groups.set(id, { relations: [], from: Math.min(a, b), to: Math.max(a, b), pair, single });
        groups.get(id).relations.push(j);
      }
      const perPair = new Map();
      const items = [];
      drawn.clear();
      for (const [id, group] of groups) {
        const index = perPair.get(group.pair) || 0;
        perPair.set(group.pair, index + 1);
        const smooth = index
          ? { enabled: true, type: index % 2 ? "curvedCW" : "curvedCCW", roundness: 0.15 * Math.ceil(index / 2) }
          : { enabled: false };
        const dimmed = dimmedExcept !== null && !group.relations.some((j) => dimmedExcept.has(j));
        const first = E[group.relations[0]];
        const undated = undatedShown.has(group.relations[0]);
        const colour = dimmed ? "#e3e3e3" : polarity.get(first.polarity).color;
        let item;
        if (group.single) {
          const j = group.relations[0];
          item = {
            id,
            from: ends[j][0],
            to: ends[j][1],
            arrows: { to: { enabled: first.directed, scaleFactor: 0.6 }, from: { enabled: false } },
            width: 1.6,
            label: "",
            title: `${relationText(first)} (${first.certainty}, ${undated ? "undated: shown alongside the dated view" : dates(first)})`,
            dashes: undated ? UNDATED_DASHES : dashesOf(first.certainty),
            color: { color: colour, highlight: colour, hover: colour, opacity: undated ? 0.6 : opacityOf(first.certainty) },
          };
        } else {
          const rels = group.relations.map((j) => E[j]);
          const strongest = rels.reduce((best, e) => (certainty.get(e.certainty).rank > certainty.get(best.certainty).rank ? e : best));
          const forward = rels.some((e, k) => e.directed && ends[group.relations[k]][0] === group.from);
          const backward = rels.some((e, k) => e.directed && ends[group.relations[k]][0] === group.to);
          const a = N[group.from].label;
          const b = N[group.to].label;
          const what = `${plural(rels.length, `${polarity.get(first.polarity).label.toLowerCase()} relation`)}${undated ? ", undated" : ""}`;
          item = {
            id,
            from: group.from,
            to: group.to,
            arrows: { to: { enabled: forward, scaleFactor: 0.6 }, from: { enabled: backward, scaleFactor: 0.6 } },
            width: Math.min(10, 1.4 + 2.2 * Math.log2(rels.length)),
            label: rels.length > 1 ? String(rels.length) + (undated ? " undated" : "") : undated ? "undated" : "",
            title: `${a} — ${b}: ${what} (${tally(rels, (e) => e.certainty, data.vocab.certainty)}). Select to list them.`,
            dashes: undated ? UNDATED_DASHES : dashesOf(strongest.certainty),
            color: { color: colour, highlight: colour, hover: colour, opacity: undated ? 0.6 : opacityOf(strongest.certainty) },
          };
        }
        item.font = { color: dimmed ? "#cccccc" : "#333333" };
        item.smooth = smooth;
        items.push(item);
        drawn.set(id, group);
      }
      return items;
    }

    // What the selection highlights: its actors and relations; null when nothing is selected.
    function highlighted() {
      if (!selected) return null;
      if (selected.type === "node") {
        const near = new Set([selected.node]);
        const rels = new Set();
        for (const j of incident[selected.node]) {
          if (!visibleEdges.has(j)) continue;
          rels.add(j);
          near.add(otherEnd(j, selected.node));
        }
        return { near, rels };
      }
      if (selected.type === "edge") return { near: new Set(ends[selected.edge]), rels: new Set([selected.edge]) };
      const rels = new Set(pairRelations(selected.a, selected.b));
      return { near: new Set([selected.a, selected.b]), rels };
    }

    function pairRelations(a, b) {
      return incident[a].filter((j) => visibleEdges.has(j) && otherEnd(j, a) === b).sort(byDate);
    }

    let labelled = new Set(); // node indices whose label is drawn
    function draw() {
      const lit = highlighted();
      const items = edgeItems(lit ? lit.rels : null);
      const keep = new Set(items.map((item) => item.id));
      visEdges.remove(visEdges.getIds().filter((id) => !keep.has(id)));
      visEdges.update(items);
      const updates = [];
      for (const i of visibleNodes) {
        const n = N[i];
        const dimmed = lit !== null && !lit.near.has(i);
        const colour = dimmed ? "#dddddd" : kinds.get(n.kind).color;
        updates.push({
          id: i,
          size: drawnSize(n),
          color: { background: colour, border: dimmed ? "#cccccc" : "#333333", highlight: { background: colour, border: "#000000" } },
          font: { color: dimmed ? "#bbbbbb" : "#222222" },
        });
      }
      visNodes.update(updates);
      placeLabels();
    }

    // --- labels: the most central actors' at any zoom, the rest as room appears ---------------

    const measurer = document.createElement("canvas").getContext("2d");
    const widths = new Map(); // label text -> width in pixels at LABEL_PX
    function textWidth(text) {
      if (!widths.has(text)) {
        measurer.font = `${LABEL_PX}px system-ui, sans-serif`;
        widths.set(text, Math.max(...text.split("\n").map((line) => measurer.measureText(line).width)));
      }
      return widths.get(text);
    }
    const rankOrder = () => {
      const m = state.measure;
      return [...visibleNodes].sort((a, b) => (N[b].measures[m] || 0) - (N[a].measures[m] || 0) || (N[a].id < N[b].id ? -1 : 1));
    };

    // Greedy: selected actor, its neighbours, then by the size measure; a label is drawn when its
    // box on screen overlaps no label already placed. Labels are LABEL_PX high on screen at most zooms.
    function placeLabels() {
      const scale = network.getScale();
      const at = network.getViewPosition();
      placedView = `${scale} ${at.x} ${at.y}`;
      const resized = zoomedOut !== Math.min(scale, 1);
      zoomedOut = Math.min(scale, 1);
      const fontCanvas = LABEL_PX / scale; // labels stay LABEL_PX high on screen: zooming in makes room for more
      const canvas = network.canvas.frame.canvas;
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      const lit = highlighted();
      let order = rankOrder();
      if (lit) order = [...order.filter((i) => lit.near.has(i)), ...order.filter((i) => !lit.near.has(i))];
      const placed = [];
      const cell = 64;
      const grid = new Map();
      const next = new Set();
      const positions = network.getPositions(order);
      const occupy = (box) => {
        for (let cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++)
          for (let cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) {
            const c = `${cx},${cy}`;
            if (!grid.has(c)) grid.set(c, []);
            grid.get(c).push(box);
          }
      };
      // Nodes are obstacles too: a label never covers another actor.
      for (const i of order) {
        const p = network.canvasToDOM(positions[i]);
        const r = drawnSize(N[i]) * scale;
        occupy([p.x - r, p.y - r, p.x + r, p.y + r, i]);
      }
      for (const i of order) {
        const p = network.canvasToDOM(positions[i]);
        const lines = wrapped[i].split("\n").length;
        const px = fontCanvas * scale; // the label's height on screen
        const w = textWidth(wrapped[i]) * (px / LABEL_PX) + 6;
        const h = lines * px + 2;
        const top = p.y + drawnSize(N[i]) * scale + 0.64 * px - 1; // where vis-network puts a label under its shape
        const box = [p.x - w / 2, top, p.x + w / 2, top + h, i];
        if (box[2] < 0 || box[0] > width || box[3] < 0 || box[1] > height) continue;
        const cells = [];
        for (let cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++)
          for (let cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) cells.push(`${cx},${cy}`);
        const clash = cells.some((c) => (grid.get(c) || []).some((o) => o[4] !== i && o[0] < box[2] && box[0] < o[2] && o[1] < box[3] && box[1] < o[3]));
        if (clash) continue;
        occupy(box);
        placed.push(i);
        next.add(i);
      }
      const updates = [];
      for (const i of visibleNodes) {
        const show = next.has(i);
        if (show || labelled.has(i) || resized) {
          updates.push({ id: i, label: show ? wrapped[i] : "", font: { size: fontCanvas }, size: drawnSize(N[i]) });
        }
      }
      labelled = next;
      if (updates.length) visNodes.update(updates);
    }
    // After any change of view (zoom, pan, moveTo, fit), place the labels again, once per frame.
    let placedView = "";
    let placing = false;
    network.on("afterDrawing", () => {
      const at = network.getViewPosition();
      const view = `${network.getScale()} ${at.x} ${at.y}`;
      if (view === placedView || placing) return;
      placing = true;
      requestAnimationFrame(() => {
        placing = false;
        placeLabels();
      });
    });

    function fit() {
      network.fit({ animation: false });
      placeLabels();
    }

    function refresh(refit) {
      computeVisibility();
      nodeView.refresh();
      if (selected && selected.type === "node" && !visibleNodes.has(selected.node)) selected = null;
      else if (selected && selected.type === "edge" && !visibleEdges.has(selected.edge)) selected = null;
      else if (selected && selected.type === "pair" && !pairRelations(selected.a, selected.b).length) selected = null;
      if (!selected) {
        expanded = null;
        network.unselectAll();
        showNothing();
      }
      draw();
      if (refit) fit();
      if (selected) showSelection();
      $("gk-counts").textContent = `Showing ${visibleNodes.size} of ${N.length} actors, ${visibleEdges.size} of ${E.length} relations${state.merge ? ` in ${drawn.size} lines` : ""}.`;
      $("gk-dated-share").textContent = inView
        ? `${datedInView} of ${inView} relations in view are dated (${Math.round((100 * datedInView) / inView)}%).`
        : "No relation in view.";
      const focus = state.focus;
      $("gk-focus-status").textContent = focus
        ? `Focused on ${N[focus.node].label}: ${visibleNodes.size} actors within ${plural(focus.depth, "relation")}.`
        : state.opening
          ? `The ${data.opening} most central of ${N.length} actors: find or focus on an actor to see its neighbourhood.`
          : data.focus ? $("gk-subtitle").textContent.split(":")[0] + "." : "";
      $("gk-unfocus").hidden = !focus;
      $("gk-show-all").hidden = !state.opening || Boolean(focus);
    }

    // --- selection and the evidence panel -----------------------------------------------------

    const panel = $("gk-panel");
    const showNothing = () => panel.replaceChildren(el("p", "Select an actor or a relation to see its evidence.", "gk-hint"));

    function evidence(e, j) {
      const box = document.createDocumentFragment();
      const meta = el("div", null, "gk-meta");
      meta.append(el("span", e.certainty, `gk-tag certainty-${e.certainty}`), el("span", dates(e), e.dated ? "gk-tag" : "gk-tag gk-undated"));
      if (e.claimant) {
        const who = nodeIndex.get(e.claimant);
        meta.append(el("span", `claimed by ${who !== undefined ? N[who].label : e.claimant}`, "gk-tag"));
      }
      if (undatedShown.has(j)) meta.append(el("span", "shown alongside, undated", "gk-tag gk-undated"));
      for (const kind of e.contradictions || []) meta.append(el("span", `contradiction: ${kind}`, "gk-tag gk-contradiction"));
      meta.append(el("span", `${e.source_title} [${e.source_doc}]`));
      const grades = [];
      if (e.reliability) grades.push(`source graded ${e.reliability}`);
      if (e.credibility) grades.push(`credibility ${e.credibility}`);
      if (e.corroboration) grades.push(`stated by ${e.corroboration} independent documents (${e.corroborated_by.join(", ")})`);
      else grades.push("rests on one document");
      meta.append(el("span", grades.join("; "), "gk-provenance"));
      box.append(meta, el("blockquote", e.quote));
      if (e.note) box.append(el("div", `Note: ${e.note}`, "gk-meta"));
      box.append(el("div", `Relation ${e.id}`, "gk-meta"));
      return box;
    }

    function actorLink(i) {
      return button(N[i].label, "gk-link", () => selectNode(i, true));
    }

    function relationLine(j, from) {
      const e = E[j];
      const line = el("div");
      const other = otherEnd(j, from);
      const direction = !e.directed ? "—" : ends[j][0] === from ? "→" : "←";
      line.append(el("span", `${direction} ${relationTypes.get(e.relation).label} `, "gk-relation"), actorLink(other));
      return line;
    }

    function selectOptions(select, label, values) {
      select.append(Object.assign(el("option", label), { value: "" }));
      for (const [value, text] of values) select.append(Object.assign(el("option", text), { value }));
      return select;
    }

    function summaryOf(i, rels) {
      const box = el("div", null, "gk-summary");
      const list = rels.map((j) => E[j]);
      box.append(el("div", `${plural(rels.length, "relation")} shown: ${tally(list, (e) => e.polarity, data.vocab.polarity) || "none"}.`));
      if (rels.length) box.append(el("div", `Certainty: ${tally(list, (e) => e.certainty, [...data.vocab.certainty].sort((a, b) => b.rank - a.rank))}.`));
      const days = list.flatMap((e) => [e.first_day, e.last_day]).filter(Boolean).sort();
      const dated = list.filter((e) => e.dated).length;
      if (days.length) box.append(el("div", `Dated ${days[0]} to ${days[days.length - 1]} (${dated} of ${rels.length} dated).`));
      else if (rels.length) box.append(el("div", "None of them is dated."));
      const counterparts = [...countBy(rels, (j) => otherEnd(j, i))].sort((a, b) => b[1] - a[1] || (N[a[0]].label < N[b[0]].label ? -1 : 1));
      if (counterparts.length) {
        const line = el("div", "Main counterparts: ");
        counterparts.slice(0, 5).forEach(([other, count], k) => {
          if (k) line.append(", ");
          line.append(actorLink(other), ` (${count})`);
        });
        box.append(line);
      }
      return box;
    }

    let panelFilter = { text: "", polarity: "", certainty: "", relation: "" };
    let openGroups = new Set();

    function showNode(i) {
      const n = N[i];
      panel.replaceChildren();
      panel.append(el("h2", n.label), el("div", kindLabel(n), "gk-meta"));
      if (n.aliases.length) panel.append(el("p", `Also: ${n.aliases.join(", ")}`, "gk-meta"));
      if (n.description) panel.append(el("p", n.description));
      const actions = el("div", null, "gk-actions");
      if (!state.focus || state.focus.node !== i) {
        const depth = el("select");
        depth.id = "gk-focus-depth";
        depth.setAttribute("aria-label", "Depth");
        for (const d of [1, 2, 3]) depth.append(Object.assign(el("option", `within ${plural(d, "relation")}`), { value: String(d) }));
        const go = button("Focus on this actor", "", () => focusOn(i, Number(depth.value)));
        go.id = "gk-focus";
        actions.append(go, depth);
      }
      if (state.focus) actions.append(button("Back to the whole graph", "", unfocus));
      panel.append(actions);
      const all = incident[i];
      const rels = all.filter((j) => visibleEdges.has(j));
      panel.append(summaryOf(i, rels));
      const heading = el("h3", `Relations (${rels.length} shown of ${all.length})`);
      panel.append(heading);

      const filter = el("div", null, "gk-filter");
      const text = Object.assign(el("input"), { type: "search", placeholder: "filter: words, actor, source", value: panelFilter.text, id: "gk-panel-text" });
      const pol = selectOptions(el("select"), "any polarity", data.vocab.polarity.filter((p) => rels.some((j) => E[j].polarity === p.name)).map((p) => [p.name, p.label]));
      const cer = selectOptions(el("select"), "any certainty", data.vocab.certainty.filter((c) => rels.some((j) => E[j].certainty === c.name)).map((c) => [c.name, c.label]));
      const typ = selectOptions(el("select"), "any relation type", data.vocab.relations.filter((r) => rels.some((j) => E[j].relation === r.name)).map((r) => [r.name, r.label]));
      pol.id = "gk-panel-polarity";
      cer.id = "gk-panel-certainty";
      typ.id = "gk-panel-relation";
      text.setAttribute("aria-label", "Filter these relations");
      pol.value = panelFilter.polarity;
      cer.value = panelFilter.certainty;
      typ.value = panelFilter.relation;
      filter.append(text, pol, cer, typ);
      panel.append(filter);
      const groupsBox = el("div");
      groupsBox.id = "gk-groups";
      panel.append(groupsBox);

      const render = () => {
        panelFilter = { text: text.value, polarity: pol.value, certainty: cer.value, relation: typ.value };
        const words = fold(text.value);
        const keep = rels.filter((j) => {
          const e = E[j];
          if (pol.value && e.polarity !== pol.value) return false;
          if (cer.value && e.certainty !== cer.value) return false;
          if (typ.value && e.relation !== typ.value) return false;
          if (!words) return true;
          const other = N[otherEnd(j, i)];
          const haystack = fold([relationTypes.get(e.relation).label, other.label, ...other.aliases, e.quote, e.note, e.source_title, e.id, dates(e)].join(" "));
          return haystack.includes(words);
        });
        const groups = new Map();
        for (const j of keep) {
          const other = otherEnd(j, i);
          if (!groups.has(other)) groups.set(other, []);
          groups.get(other).push(j);
        }
        const order = [...groups].sort((a, b) => b[1].length - a[1].length || (N[a[0]].label < N[b[0]].label ? -1 : 1));
        groupsBox.replaceChildren();
        if (!order.length) groupsBox.append(el("p", "No relation matches.", "gk-hint"));
        order.forEach(([other, list], k) => {
          const details = el("details");
          details.dataset.counterpart = N[other].id;
          details.open = openGroups.has(N[other].id) || (openGroups.size === 0 && k === 0) || Boolean(words) || order.length === 1;
          details.addEventListener("toggle", () => (details.open ? openGroups.add(N[other].id) : openGroups.delete(N[other].id)));
          const summary = el("summary");
          summary.append(el("strong", N[other].label), el("span", ` ${plural(list.length, "relation")}: ${tally(list.map((j) => E[j]), (e) => e.polarity, data.vocab.polarity)}`, "gk-count"));
          details.append(summary);
          const ul = el("ul");
          for (const j of list.sort(byDate)) {
            const item = el("li");
            item.dataset.relation = E[j].id;
            item.append(relationLine(j, i), evidence(E[j], j));
            ul.append(item);
          }
          details.append(ul);
          groupsBox.append(details);
        });
      };
      for (const control of [text, pol, cer, typ]) control.addEventListener("input", render);
      render();
    }

    function showEdge(j) {
      const e = E[j];
      panel.replaceChildren();
      panel.append(el("h2", relationText(e)));
      panel.append(el("div", `${polarity.get(e.polarity).label} relation`, "gk-meta"), evidence(e, j));
    }

    function showPair(a, b) {
      const rels = pairRelations(a, b);
      panel.replaceChildren();
      const title = el("h2");
      title.append(actorLink(a), " — ", actorLink(b));
      panel.append(title);
      panel.append(el("div", `${plural(rels.length, "relation")}: ${tally(rels.map((j) => E[j]), (e) => e.polarity, data.vocab.polarity)}; in date order, undated last.`, "gk-meta"));
      const ul = el("ul");
      for (const j of rels) {
        const item = el("li");
        item.dataset.relation = E[j].id;
        item.append(el("div", relationText(E[j]), "gk-relation"), evidence(E[j], j));
        ul.append(item);
      }
      panel.append(ul);
    }

    function showSelection() {
      if (!selected) return showNothing();
      if (selected.type === "node") showNode(selected.node);
      else if (selected.type === "edge") showEdge(selected.edge);
      else showPair(selected.a, selected.b);
    }

    function select(next, focusView) {
      if (!next || next.type !== "node" || !selected || selected.type !== "node" || selected.node !== next.node) {
        panelFilter = { text: "", polarity: "", certainty: "", relation: "" };
        openGroups = new Set();
      }
      selected = next;
      if (!next || next.type === "node") expanded = null;
      if (next && next.type === "pair") expanded = pairKey(next.a, next.b);
      if (next && next.type === "edge") expanded = pairKey(...ends[next.edge]); // a relation is drawn on its own
      draw();
      if (next && next.type === "node") {
        network.selectNodes([next.node]);
        if (focusView) network.focus(next.node, { scale: Math.max(network.getScale(), 0.8), animation: false });
        placeLabels();
      } else if (next && next.type === "edge") {
        if (visEdges.get(`r${next.edge}`)) network.selectEdges([`r${next.edge}`]);
      } else network.unselectAll();
      showSelection();
    }
    const selectNode = (i, focusView) => select({ type: "node", node: i }, focusView);
    const clearSelection = () => select(null);

    network.on("click", (params) => {
      if (params.nodes.length) return selectNode(params.nodes[0], false);
      if (params.edges.length) {
        const group = drawn.get(params.edges[0]);
        if (group && group.single) return select({ type: "edge", edge: group.relations[0] });
        if (group) return select({ type: "pair", a: group.from, b: group.to });
      }
      clearSelection();
    });

    // --- focus on one actor's neighbourhood ---------------------------------------------------

    function focusOn(i, depth) {
      state.focus = { node: i, depth };
      selected = { type: "node", node: i };
      refresh(true);
      select({ type: "node", node: i });
    }
    function unfocus() {
      state.focus = null;
      refresh(true);
      if (selected) select(selected);
    }
    $("gk-unfocus").addEventListener("click", unfocus);
    $("gk-show-all").addEventListener("click", () => {
      state.opening = false;
      refresh(true);
    });

    // --- search: exact over prefix (of the name or a word) over substring; then short, central names --------

    const names = data.names.map(([key, id, surface]) => ({ key, node: nodeIndex.get(id), surface }));
    const degreeMax = Math.max(1e-12, ...N.map((n) => n.measures[data.defaultMeasure] || 0));

    function ranked(query) {
      const q = nameKey(query);
      if (!q) return [];
      const best = new Map(); // node -> {tier, score, surface}
      for (const { key, node, surface } of names) {
        // a prefix of the name or of one of its words; a whole-name prefix scores a little better
        const tier = key === q ? 0 : key.startsWith(q) || key.includes(` ${q}`) ? 1 : key.includes(q) ? 2 : -1;
        if (tier < 0 || node === undefined) continue;
        const centrality = (N[node].measures[data.defaultMeasure] || 0) / degreeMax;
        const score = key.length - 40 * centrality - (key.startsWith(q) ? 5 : 0);
        const known = best.get(node);
        if (!known || tier < known.tier || (tier === known.tier && score < known.score)) best.set(node, { node, tier, score, surface });
      }
      return [...best.values()].sort((a, b) => a.tier - b.tier || a.score - b.score || (N[a.node].id < N[b.node].id ? -1 : 1));
    }

    // graphkit.names.NameIndex.similar: rapidfuzz's WRatio over the name keys, cut off at the same score.
    const fuzz = (() => {
      const chars = (s) => Array.from(s);
      function lcs(a, b) {
        // length of the longest common subsequence, one row at a time
        let previous = new Array(b.length + 1).fill(0);
        for (let x = 1; x <= a.length; x++) {
          const row = new Array(b.length + 1).fill(0);
          for (let y = 1; y <= b.length; y++) row[y] = a[x - 1] === b[y - 1] ? previous[y - 1] + 1 : Math.max(previous[y], row[y - 1]);
          previous = row;
        }
        return previous[b.length];
      }
      const norm = (dist, lensum) => (lensum ? 100 - (100 * dist) / lensum : 100);
      function ratio(a, b) {
        const lensum = a.length + b.length;
        if (!lensum) return 100;
        return (1 - (lensum - 2 * lcs(a, b)) / lensum) * 100;
      }
      function partialImpl(s1, s2) {
        const set = new Set(s1);
        const len1 = s1.length;
        const len2 = s2.length;
        let best = 0;
        const consider = (sub) => {
          const r = ratio(s1, sub) / 100;
          if (r > best) best = r;
          return best === 1;
        };
        for (let i = 1; i < len1; i++) if (set.has(s2[i - 1]) && consider(s2.slice(0, i))) return 100;
        for (let i = 0; i < len2 - len1; i++) if (set.has(s2[i + len1 - 1]) && consider(s2.slice(i, i + len1))) return 100;
        for (let i = Math.max(0, len2 - len1); i < len2; i++) if (set.has(s2[i]) && consider(s2.slice(i))) return 100;
        return best * 100;
      }
      function partial(a, b) {
        if (!a.length && !b.length) return 100;
        const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
        let score = partialImpl(shorter, longer);
        if (score !== 100 && a.length === b.length) score = Math.max(score, partialImpl(longer, shorter));
        return score;
      }
      const words = (s) => s.join("").split(/\s+/).filter(Boolean);
      const joined = (list) => chars([...list].sort().join(" "));
      const tokenSort = (a, b) => ratio(joined(words(a)), joined(words(b)));
      function tokenSet(a, b) {
        const ta = new Set(words(a));
        const tb = new Set(words(b));
        if (!ta.size || !tb.size) return 0;
        const inter = [...ta].filter((t) => tb.has(t));
        const ab = [...ta].filter((t) => !tb.has(t));
        const ba = [...tb].filter((t) => !ta.has(t));
        if (inter.length && (!ab.length || !ba.length)) return 100;
        const abJoined = joined(ab);
        const baJoined = joined(ba);
        const sectLen = joined(inter).length;
        const sectAb = sectLen + (sectLen !== 0 ? 1 : 0) + abJoined.length;
        const sectBa = sectLen + (sectLen !== 0 ? 1 : 0) + baJoined.length;
        const dist = abJoined.length + baJoined.length - 2 * lcs(abJoined, baJoined);
        const result = norm(dist, sectAb + sectBa);
        if (!sectLen) return result;
        const abRatio = norm((sectLen !== 0 ? 1 : 0) + abJoined.length, sectLen + sectAb);
        const baRatio = norm((sectLen !== 0 ? 1 : 0) + baJoined.length, sectLen + sectBa);
        return Math.max(result, abRatio, baRatio);
      }
      function partialToken(a, b) {
        const splitA = words(a);
        const splitB = words(b);
        const ta = new Set(splitA);
        const tb = new Set(splitB);
        if ([...ta].some((t) => tb.has(t))) return 100;
        const ab = [...ta].filter((t) => !tb.has(t));
        const ba = [...tb].filter((t) => !ta.has(t));
        const result = partial(joined(splitA), joined(splitB));
        if (splitA.length === ab.length && splitB.length === ba.length) return result;
        return Math.max(result, partial(joined(ab), joined(ba)));
      }
      function wratio(s1, s2) {
        const a = chars(s1);
        const b = chars(s2);
        if (!a.length || !b.length) return 0;
        const lenRatio = a.length > b.length ? a.length / b.length : b.length / a.length;
        let end = ratio(a, b);
        if (lenRatio < 1.5) return Math.max(end, Math.max(tokenSet(a, b), tokenSort(a, b)) * 0.95);
        const partialScale = lenRatio <= 8 ? 0.9 : 0.6;
        end = Math.max(end, partial(a, b) * partialScale);
        return Math.max(end, partialToken(a, b) * 0.95 * partialScale);
      }
      return { wratio };
    })();

    const owners = new Map(); // name key -> sorted ids, in graphkit.names' order
    for (const { key, node } of names) {
      if (!owners.has(key)) owners.set(key, []);
      if (node !== undefined && !owners.get(key).includes(node)) owners.get(key).push(node);
    }
    for (const list of owners.values()) list.sort((a, b) => (N[a].id < N[b].id ? -1 : 1));

    function similar(query, limit = 3) {
      const q = nameKey(query);
      const hits = [];
      let index = 0;
      for (const key of owners.keys()) {
        const score = fuzz.wratio(q, key);
        if (score >= data.similarScore) hits.push([score, index, key]);
        index++;
      }
      hits.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      const ids = [];
      for (const [, , key] of hits.slice(0, 12)) for (const node of owners.get(key)) if (!ids.includes(node)) ids.push(node);
      return ids.slice(0, limit);
    }

    const searchBox = $("gk-search");
    const matchList = $("gk-matches");
    const message = $("gk-search-message");
    let matches = [];
    let active = 0;

    function closeMatches() {
      matchList.hidden = true;
      searchBox.setAttribute("aria-expanded", "false");
    }

    function showMatches() {
      matches = ranked(searchBox.value).slice(0, 8);
      active = 0;
      matchList.replaceChildren();
      matches.forEach((m, k) => {
        const item = el("li");
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", String(k === active));
        item.dataset.id = N[m.node].id;
        item.append(el("span", N[m.node].label));
        if (nameKey(m.surface) !== nameKey(N[m.node].label)) item.append(el("span", `“${m.surface}”`, "gk-via"));
        item.append(el("span", kindLabel(N[m.node]), "gk-kind"));
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(m.node);
        });
        matchList.append(item);
      });
      matchList.hidden = !matches.length;
      searchBox.setAttribute("aria-expanded", String(matches.length > 0));
    }

    function choose(node) {
      closeMatches();
      if (!visibleNodes.has(node) && state.opening && !state.focus && state.kinds.has(N[node].kind)) {
        message.textContent = "";
        return focusOn(node, 1); // outside the opening view: show its neighbourhood
      }
      if (!visibleNodes.has(node)) {
        message.textContent = `${N[node].label} is hidden by the current filters.`;
        return;
      }
      message.textContent = "";
      selectNode(node, true);
    }

    function find() {
      if (!nameKey(searchBox.value)) return;
      const hits = ranked(searchBox.value);
      if (hits.length) return choose(hits[Math.min(active, hits.length - 1)].node);
      closeMatches();
      message.replaceChildren(`No actor is called “${searchBox.value}”.`);
      const near = similar(searchBox.value);
      if (near.length) {
        message.append(" Did you mean ");
        near.forEach((node, k) => {
          if (k) message.append(k === near.length - 1 ? " or " : ", ");
          message.append(button(N[node].label, "gk-link", () => {
            searchBox.value = N[node].label;
            choose(node);
          }));
        });
        message.append("?");
      }
    }
    $("gk-search-go").addEventListener("click", find);
    searchBox.addEventListener("input", () => {
      message.textContent = "";
      showMatches();
    });
    searchBox.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        find();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!matches.length) return;
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        [...matchList.children].forEach((item, k) => item.setAttribute("aria-selected", String(k === active)));
      } else if (event.key === "Escape") closeMatches();
    });
    searchBox.addEventListener("blur", closeMatches);

    // --- filters: checkboxes with only/all/none -------------------------------------------------

    function fieldset(container, entries, chosen, counts) {
      const boxes = [];
      const sync = () => boxes.forEach((box) => (box.checked = chosen().has(box.value)));
      const apply = (values) => {
        const set = chosen();
        set.clear();
        for (const v of values) set.add(v);
        sync();
        refresh(true);
      };
      const legend = container.querySelector("legend");
      legend.append(
        button("all", "gk-small gk-all", () => apply(entries.map((x) => x.name))),
        button("none", "gk-small gk-none", () => apply([]))
      );
      for (const entry of entries) {
        if (counts && !counts.get(entry.name)) continue;
        const row = el("div", null, "gk-option");
        const label = el("label");
        const box = Object.assign(document.createElement("input"), { type: "checkbox", value: entry.name });
        box.addEventListener("change", () => {
          box.checked ? chosen().add(entry.name) : chosen().delete(entry.name);
          refresh(true);
        });
        boxes.push(box);
        label.append(box);
        if (entry.colour) {
          const swatch = el("span", null, "gk-swatch");
          swatch.style.background = entry.colour;
          label.append(swatch);
        }
        label.append(el("span", counts ? `${entry.label} (${counts.get(entry.name)})` : entry.label));
        const only = button("only", "gk-small gk-only", () => apply([entry.name]));
        only.dataset.value = entry.name;
        only.setAttribute("aria-label", `only ${entry.label}`);
        row.append(label, only);
        container.append(row);
      }
      sync();
      return sync;
    }

    const syncers = [
      fieldset($("gk-certainty"), [...data.vocab.certainty].sort((a, b) => b.rank - a.rank), () => state.certainties, countBy(E, (e) => e.certainty)),
      fieldset($("gk-polarity"), data.vocab.polarity.map((p) => ({ name: p.name, label: p.label, colour: p.color })), () => state.polarities, countBy(E, (e) => e.polarity)),
      fieldset($("gk-kinds"), data.vocab.kinds.map((k) => ({ name: k.name, label: k.label, colour: k.color })), () => state.kinds, countBy(N, (n) => n.kind)),
      fieldset($("gk-relations"), data.vocab.relations.map((r) => ({ name: r.name, label: r.label, colour: polarity.get(r.polarity).color })), () => state.relations, countBy(E, (e) => e.relation)),
    ];
    const uncounted = data.vocab.certainty.filter((c) => !c.counts).map((c) => c.label);
    $("gk-certainty-note").textContent = `By default ${uncounted.join(" and ")} relations are not shown: they do not count as connections.`;

    const measureSelect = $("gk-measure");
    for (const m of data.measures) measureSelect.append(Object.assign(el("option", data.measureLabels[m]), { value: m }));
    measureSelect.value = state.measure;
    if (data.measuresNote) Object.assign($("gk-measures-note"), { textContent: data.measuresNote, hidden: false });
    measureSelect.addEventListener("change", () => {
      state.measure = measureSelect.value;
      draw();
    });

    const merge = $("gk-merge");
    merge.checked = state.merge;
    merge.addEventListener("change", () => {
      state.merge = merge.checked;
      expanded = null;
      refresh(false);
    });

    // --- time: a date field, a month slider with year ticks, keyboard steps and play -------------

    const slider = $("gk-asof");
    const asOfOn = $("gk-asof-on");
    const dateField = $("gk-date");
    const playButton = $("gk-play");
    const windowSelect = $("gk-window");
    const undatedSelect = $("gk-undated");
    slider.max = String(Math.max(0, months.length - 1));
    slider.value = slider.max;
    const years = [...new Set(months.map((m) => m.slice(0, 4)))];
    const ticks = $("gk-ticks");
    const step = years.length > 40 ? 10 : years.length > 16 ? 5 : years.length > 8 ? 2 : 1;
    for (const year of years) {
      const index = months.indexOf(`${year}-01`) >= 0 ? months.indexOf(`${year}-01`) : 0;
      const left = `${(100 * index) / Math.max(1, months.length - 1)}%`;
      const major = Number(year) % step === 0;
      const tick = el("span", null, major ? "gk-major" : "");
      tick.style.left = left;
      ticks.append(tick);
      if (major) {
        const label = el("b", year);
        label.style.left = left;
        ticks.append(label);
      }
      $("gk-years").append(Object.assign(document.createElement("option"), { value: String(index) }));
    }

    function setAsOf(value, fromSlider) {
      state.asOf = value;
      if (value && !fromSlider) {
        const month = value.length === 4 ? `${value}-01` : value.slice(0, 7);
        const index = months.indexOf(month);
        slider.value = String(index >= 0 ? index : month < months[0] ? 0 : months.length - 1);
      }
      if (value) dateField.value = value;
      $("gk-asof-label").textContent = value ? `as of ${value}` : "all dates";
      refresh(false);
    }
    const sliderMonth = () => months[Number(slider.value)];
    asOfOn.disabled = months.length === 0;
    dateField.disabled = months.length === 0;
    playButton.disabled = months.length === 0;
    $("gk-asof-label").textContent = "all dates";
    dateField.value = months.length ? sliderMonth() : "";
    const turnOn = () => {
      asOfOn.checked = true;
      slider.disabled = false;
    };
    slider.addEventListener("input", () => {
      if (!asOfOn.checked) turnOn();
      setAsOf(sliderMonth(), true);
    });
    slider.addEventListener("keydown", (event) => {
      if (event.key !== "PageUp" && event.key !== "PageDown") return;
      event.preventDefault();
      const next = Number(slider.value) + (event.key === "PageUp" ? 12 : -12);
      slider.value = String(Math.min(months.length - 1, Math.max(0, next)));
      setAsOf(sliderMonth(), true);
    });
    asOfOn.addEventListener("change", () => {
      slider.disabled = !asOfOn.checked;
      setAsOf(asOfOn.checked ? dateField.value || sliderMonth() : null);
    });
    const takeDate = () => {
      const value = dateField.value.trim();
      if (!DATE.test(value)) {
        $("gk-asof-label").textContent = "use YYYY, YYYY-MM or YYYY-MM-DD";
        return;
      }
      turnOn();
      setAsOf(value);
    };
    dateField.addEventListener("change", takeDate);
    dateField.addEventListener("keydown", (event) => {
      if (event.key === "Enter") takeDate();
    });
    windowSelect.addEventListener("change", () => {
      state.window = windowSelect.value;
      refresh(false);
    });
    undatedSelect.addEventListener("change", () => {
      state.undated = undatedSelect.value;
      refresh(false);
    });
    let playing = null;
    const stop = () => {
      clearInterval(playing);
      playing = null;
      playButton.textContent = "▶";
      playButton.setAttribute("aria-label", "Play through time");
    };
    playButton.addEventListener("click", () => {
      if (playing) return stop();
      turnOn();
      if (Number(slider.value) >= months.length - 1) slider.value = "0";
      setAsOf(sliderMonth(), true);
      playButton.textContent = "❚❚";
      playButton.setAttribute("aria-label", "Pause");
      playing = setInterval(() => {
        if (Number(slider.value) >= months.length - 1) return stop();
        slider.value = String(Number(slider.value) + 1);
        setAsOf(sliderMonth(), true);
      }, 150);
    });

    $("gk-reset").addEventListener("click", () => {
      stop();
      state = defaults();
      syncers.forEach((sync) => sync());
      windowSelect.value = state.window;
      undatedSelect.value = state.undated;
      measureSelect.value = state.measure;
      merge.checked = state.merge;
      asOfOn.checked = false;
      slider.disabled = true;
      slider.value = slider.max;
      dateField.value = months.length ? sliderMonth() : "";
      $("gk-asof-label").textContent = "all dates";
      searchBox.value = "";
      message.textContent = "";
      selected = null;
      expanded = null;
      refresh(true);
    });

    // --- legend, generated from the vocabulary ----------------------------------------------

    const SVG = "http://www.w3.org/2000/svg";
    function sample(colour, dashes, width, opacity) {
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("width", "30");
      svg.setAttribute("height", "10");
      svg.setAttribute("class", "gk-sample");
      const line = document.createElementNS(SVG, "line");
      for (const [k, v] of [["x1", 1], ["y1", 5], ["x2", 29], ["y2", 5], ["stroke", colour], ["stroke-width", width], ["stroke-opacity", opacity]]) line.setAttribute(k, String(v));
      if (dashes) line.setAttribute("stroke-dasharray", dashes.join(" "));
      svg.append(line);
      return svg;
    }
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
      row.append(sample(p.color, false, 3, 1), el("span", p.label));
      legend.append(row);
    }
    legend.append(el("h4", "Certainty (line)"));
    for (const c of [...data.vocab.certainty].sort((a, b) => b.rank - a.rank)) {
      const row = el("div");
      row.dataset.certainty = c.name;
      row.append(sample("#444", dashesOf(c.name), 2, opacityOf(c.name)), el("span", c.label));
      legend.append(row);
    }
    const undatedRow = el("div");
    undatedRow.append(sample("#444", UNDATED_DASHES, 2, 0.6), el("span", "undated, shown alongside a dated view"));
    legend.append(undatedRow);
    legend.append(
      el(
        "p",
        "A merged line stands for every relation of one polarity between two actors: its width and label give how many, its line the strongest certainty among them. Arrows point from the actor that acts; symmetric relations have none. Size: the selected measure.",
        "gk-hint"
      )
    );

    showNothing();
    refresh(false);
    fit();

    // A small read-only view of the page's state, for tests and for the curious.
    const ids = (indices, list) => [...indices].map((k) => list[k].id).sort();
    window.graphkit = Object.freeze({
      firstDrawnMs: () => firstDrawn,
      visibleNodeIds: () => ids(nodeView.getIds(), N),
      visibleEdgeIds: () => ids(visibleEdges, E),
      undatedEdgeIds: () => ids(undatedShown, E),
      selected: () => {
        if (!selected) return null;
        if (selected.type === "node") return { type: "node", id: N[selected.node].id };
        if (selected.type === "edge") return { type: "edge", id: E[selected.edge].id };
        return { type: "pair", ids: [N[selected.a].id, N[selected.b].id] };
      },
      // The lines on screen: each with its two actors and the relations it stands for.
      drawnEdges: () =>
        visEdges.getIds().map((id) => {
          const group = drawn.get(id);
          const item = visEdges.get(id);
          return { id, from: N[group.from].id, to: N[group.to].id, relations: group.relations.map((j) => E[j].id).sort(), label: item.label, title: item.title, merged: !group.single };
        }),
      visId: (id) => nodeIndex.get(id),
      labelled: () => ids(labelled, N),
      ranked: (query) => ranked(query).map((m) => N[m.node].id),
      similar: (query) => similar(query).map((node) => N[node].id),
      nameKey: (text) => nameKey(text),
      wratio: (a, b) => fuzz.wratio(a, b),
      selectNode: (id) => selectNode(nodeIndex.get(id), true),
      selectEdge: (id) => select({ type: "edge", edge: edgeIndex.get(id) }),
      selectPair: (a, b) => select({ type: "pair", a: nodeIndex.get(a), b: nodeIndex.get(b) }),
      focus: (id, depth) => focusOn(nodeIndex.get(id), depth || 1),
      unfocus,
      // Show the graph as of a day (ISO, as the date field takes it), with an event window such as "12m".
      setMoment: (asOf, window) => {
        state.asOf = asOf;
        state.window = window || "";
        refresh(false);
      },
    });
  }
})();
