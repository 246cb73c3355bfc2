"""The interactive HTML explorer: one self-contained, offline, script-safe file.

Built on pyvis: a pyvis `Network` holds the nodes, edges and vis options, and the page
inlines the vis-network build that pyvis ships. Where pyvis falls short, graphkit uses
its own template and script:

- everything is inlined (pyvis's `local` mode still loads vis-network from a CDN, and
  `in_line` still links Bootstrap), so the file works from file:// with no network;
- data from the dataset enters the page only as escaped JSON and is shown with
  textContent (pyvis puts the heading, select-menu ids and, once any title contains
  "href", every tooltip through innerHTML);
- a Content-Security-Policy with hashes of the inline scripts and styles forbids any
  other script and any request;
- nodes and edges are added in bulk (pyvis's add_node/add_edge check membership in
  lists, which is quadratic), positions are precomputed with a fixed seed and physics
  is off, so large graphs draw at once and the same data gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import math
import os
from collections import Counter
from importlib import metadata, resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from graphkit.analysis.centrality import MEASURES
from graphkit.files import write_text
from graphkit.names import SIMILAR_SCORE, NameIndex
from graphkit.progress import steps
from graphkit.rules import AFTER_ALL, BEFORE_ALL, NO_DAY, EdgeFilter, span, temporal_in
from graphkit.text import name_key_tables
from graphkit.vocab import vocabulary

VIS_VERSION = "9.1.2"
PAGE_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


ALL_MEASURES_UP_TO = 5000
"""Above this many actors the page leaves betweenness and closeness out: on 10,000 actors they take
longer than the rest of the page together, and they grow with actors times relations (the report has them)."""
LINEAR_MEASURES = ("degree", "eigenvector", "pagerank")  # each takes time in proportion to the relations


def default_measures(graph: nx.MultiDiGraph, seed: int = 0) -> dict[str, dict[str, float]]:
    """The main centrality measures on all counted relations, as graphkit.analysis computes them.

    Above ALL_MEASURES_UP_TO actors only LINEAR_MEASURES, each with graphkit.analysis's own
    definition (`measures_note` says so on the page).
    """
    from graphkit.analysis import centrality
    from graphkit.analysis.centrality import _eigenvector, _pagerank
    from graphkit.analysis.projections import project, unchanged, undirected

    if graph.number_of_nodes() <= ALL_MEASURES_UP_TO:
        table = centrality(graph, layers=("all",), seed=seed)
        return {m: table[f"{m}_all"].fillna(0.0).to_dict() for m in PAGE_MEASURES}
    with unchanged(graph):  # both projections select their relations from one table
        simple, notes = undirected(graph), []
        values = {
            "degree": dict(simple.degree()),
            "eigenvector": _eigenvector(simple, "all", notes),
            "pagerank": _pagerank(project(graph), "all", notes),
        }
    return {m: {node: _or_zero(values[m].get(node)) for node in graph} for m in LINEAR_MEASURES}


def _or_zero(value: float | None) -> float:
    return 0.0 if value is None or math.isnan(value) else value


def measures_note(graph: nx.MultiDiGraph, measures: dict[str, dict[str, float]]) -> str:
    """What the page says under its size menu when it leaves measures out because the graph is large."""
    left_out = [MEASURES[m].label.lower() for m in PAGE_MEASURES if m not in measures]
    if graph.number_of_nodes() <= ALL_MEASURES_UP_TO or not left_out:
        return ""
    return (
        f"{' and '.join(left_out).capitalize()} are left out above {ALL_MEASURES_UP_TO:,} actors: "
        "they take too long to compute for the page. graphkit report ranks the actors by them."
    )


LARGE_GRAPH = 1000  # actors beyond which the page opens on the most central ones only
OPENING_ACTORS = 300
PACK_ABOVE = 2_000_000  # characters of data beyond which the page stores them compressed
LABEL_PX = 12  # the height of an actor's label on screen, in pixels, whatever the zoom (explorer.js)
LABELLED = 24  # the most central actors whose labels the layout keeps clear of each other
FITTED = (640.0, 560.0)  # about the graph's size on screen in pixels when the page opens: canvas units are pixels


def node_size(value: float, largest: float) -> float:
    """A node's radius in canvas units from its measure (explorer.js's sizeOf repeats it)."""
    return 4 + 14 * math.sqrt(value / largest) if largest > 0 else 4.0


def wrap_label(name: str, width: int = 18) -> list[str]:
    """A long name on two lines, split at the space nearest its middle (explorer.js's wrap repeats it)."""
    if len(name) <= width or " " not in name:
        return [name]
    middle = len(name) / 2
    cut = min((i for i, c in enumerate(name) if c == " "), key=lambda i: (abs(i - middle), i))
    return [name[:cut], name[cut + 1 :]]


def layout(
    graph: nx.MultiDiGraph, seed: int = 7, scale: float | None = None, rank: dict[str, float] | None = None
) -> dict[str, tuple[int, int]]:
    """Fixed-seed positions in pixels, spread so the page needs no physics to settle.

    Up to a few hundred actors, Kamada-Kawai (even spacing around hubs), then a pass that
    pushes apart the boxes of the nodes and of the most central actors' labels (`rank`,
    largest first) until none overlap at the size the page first shows them, so the dense
    core opens legible. Beyond, igraph's grid Fruchterman-Reingold, which lays out 5,000
    actors in seconds where networkx's spring layout takes minutes. Both start from fixed
    positions with a fixed seed.
    """
    nodes = sorted(graph)
    n = max(len(nodes), 1)
    if n <= 400:
        simple = nx.Graph(graph.to_undirected(as_view=True))
        start = nx.spring_layout(simple, seed=seed, iterations=50)
        positions = nx.kamada_kawai_layout(simple, pos=start)
        if scale is None and nodes:
            return _untangled(graph, nodes, positions, rank or {})
    else:
        positions = _igraph_layout(graph, nodes, seed)
    scale = scale or 110 * math.sqrt(n)
    span = max((max(abs(x), abs(y)) for x, y in positions.values()), default=1.0) or 1.0
    return {
        node: (round(positions[node][0] / span * scale), round(positions[node][1] / span * scale)) for node in nodes
    }


def _untangled(graph: nx.MultiDiGraph, nodes: list[str], positions: dict, rank: dict[str, float]) -> dict:
    """Positions scaled so the graph fits about FITTED pixels, with no node or top label box overlapping.

    Each node is a box: its disc, and for the LABELLED most central actors the label under it
    (LABEL_PX high, about 0.62 em per character). Overlapping boxes move apart along the axis
    where they overlap least. The page keeps discs and labels their size on screen when it
    zooms out, so as the spread shrinks the fitted view's scale, boxes grow in canvas units
    and the pass repeats.
    """
    import numpy as np

    xy = np.array([positions[node] for node in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    xy *= np.array(FITTED) / 2 / np.maximum(np.abs(xy).max(axis=0), 1e-9)  # fill the view's width and height
    largest = max(rank.values(), default=0.0)
    radius = np.array([node_size(rank.get(node, 0.0), largest) for node in nodes])
    order = sorted(nodes, key=lambda node: (-rank.get(node, 0.0), node))
    top = set(order[:LABELLED])
    label_half = np.zeros(len(nodes))  # in pixels on screen
    label_below = np.zeros(len(nodes))
    for i, node in enumerate(nodes):
        if node in top:
            lines = wrap_label(graph.nodes[node]["name"])
            label_half[i] = (max(map(len, lines)) * 0.62 * LABEL_PX + 8) / 2
            label_below[i] = (0.64 + len(lines) * 1.1) * LABEL_PX + 4
    index = np.arange(len(nodes))
    tie = np.where(index[:, None] > index[None, :], 1.0, -1.0)  # equal centres part by index: deterministic
    aspect = FITTED[0] / FITTED[1]
    for round_ in range(10):
        width, height = np.ptp(xy[:, 0]) or 1.0, np.ptp(xy[:, 1]) or 1.0
        if round_ < 6:  # widen what the pushes made tall (or the reverse), so the view is used; then only separate
            if width / height < aspect:
                xy[:, 0] *= height * aspect / width
            else:
                xy[:, 1] *= width / aspect / height
        # labels keep their size on screen: in canvas units they grow as the fitted scale shrinks
        grow = max(1.0, np.ptp(xy[:, 0]) / FITTED[0], np.ptp(xy[:, 1]) / FITTED[1])
        half_width = np.maximum(radius, label_half) * grow
        below = (radius + label_below) * grow
        for _step in range(200):
            left, right = xy[:, 0] - half_width, xy[:, 0] + half_width
            top_edge, bottom = xy[:, 1] - radius * grow, xy[:, 1] + below
            dx = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
            dy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top_edge[:, None], top_edge[None, :])
            overlap = (dx > 0) & (dy > 0)
            np.fill_diagonal(overlap, False)
            if not overlap.any():
                break
            centre_x, centre_y = (left + right) / 2, (top_edge + bottom) / 2
            sign_x = np.sign(centre_x[:, None] - centre_x[None, :])
            sign_y = np.sign(centre_y[:, None] - centre_y[None, :])
            sign_x = np.where(sign_x == 0, tie, sign_x)
            sign_y = np.where(sign_y == 0, tie, sign_y)
            along_x = overlap & (dx / aspect <= dy)
            along_y = overlap & (dx / aspect > dy)
            xy[:, 0] += np.where(along_x, (dx + 1) / 2 * sign_x, 0.0).sum(axis=1) * 0.5
            xy[:, 1] += np.where(along_y, (dy + 1) / 2 * sign_y, 0.0).sum(axis=1) * 0.5
    return {node: (round(xy[i, 0]), round(xy[i, 1])) for i, node in enumerate(nodes)}


def _igraph_layout(graph: nx.MultiDiGraph, nodes: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """igraph's grid Fruchterman-Reingold from a circle of radius sqrt(n), outlying groups pulled in.

    The grid only speeds the repulsion up when the actors start spread over many of its
    cells: from a circle of radius sqrt(n) (the size the layout settles to) 10,000 actors
    take about a second, from the unit circle about fifteen. Actors outside the largest
    connected group (isolated ones, small separate groups) drift outwards unchecked; their
    distances from the centre are squeezed into a band just outside that group, so the
    whole view does not shrink the group to a dot.
    """
    import random

    import igraph
    import numpy as np

    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v})
    g = igraph.Graph(n=len(nodes), edges=edges)
    n = len(nodes)
    angle = 2 * np.pi * np.arange(n) / n
    start = (math.sqrt(n) * np.column_stack([np.cos(angle), np.sin(angle)])).tolist()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        xy = np.array(g.layout_fruchterman_reingold(seed=start, niter=100, grid="grid").coords, dtype=float)
    finally:
        igraph.set_random_number_generator(random)
    membership = np.array(g.connected_components().membership)
    main = membership == np.bincount(membership).argmax()
    xy -= xy[main].mean(axis=0)
    radius = np.hypot(xy[:, 0], xy[:, 1])
    inner = radius[main].max()
    outer = radius.max()
    if outer > inner > 0:
        far = radius > inner
        squeezed = inner * (1 + 0.25 * (radius[far] - inner) / (outer - inner))
        xy[far] *= (squeezed / radius[far])[:, None]
    return {node: (float(xy[i, 0]), float(xy[i, 1])) for node, i in index.items()}


def _span_days(start: str, end: str, temporal: str) -> tuple[str, str]:
    """graphkit.rules.span as ISO days for the page; "" where the span is open (or empty)."""
    first, last = span(start, end, temporal)
    if (first, last) == NO_DAY:
        return "", ""
    iso = dt.date.fromordinal
    return (iso(first).isoformat() if first != BEFORE_ALL else ""), (iso(last).isoformat() if last != AFTER_ALL else "")


def _provenance(attrs: dict, contested: tuple[str, ...]) -> dict:
    """What the evidence panel shows beyond the quote, only where there is something to show."""
    extra = {}
    if attrs.get("source_reliability"):
        extra["reliability"] = attrs["source_reliability"]
    if attrs.get("credibility"):
        extra["credibility"] = attrs["credibility"]
    if attrs.get("corroboration", 1) > 1:
        extra["corroboration"] = attrs["corroboration"]
        extra["corroborated_by"] = list(attrs.get("corroborated_by", ()))
    if contested:
        extra["contradictions"] = list(contested)
    return extra


def _network(
    graph: nx.MultiDiGraph,
    positions: dict,
    measures: dict[str, dict[str, float]],
    contested: dict[str, tuple[str, ...]] | None = None,
):
    """A pyvis Network holding the graph's nodes and edges, each with its evidence.

    Ids stay data: the page draws nodes and edges under its own numeric ids, so an id such
    as `__proto__` or `toString` never becomes a property name (vis-network keys objects by id).
    """
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    nodes = []
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        x, y = positions[node]
        nodes.append(
            {
                "id": node,
                "label": attrs["name"],
                "kind": attrs["kind"],
                "aliases": list(attrs["aliases"]),
                "description": attrs["description"],
                "x": x,
                "y": y,
                "measures": {m: round(float(values.get(node, 0.0)), 6) for m, values in measures.items()},
            }
        )
    edges = []
    for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        temporal = temporal_in(attrs)
        first_day, last_day = _span_days(attrs["start"], attrs["end"], temporal)
        edges.append(
            {
                "id": key,
                "from": u,
                "to": v,
                "relation": attrs["relation"],  # its type gives the page its direction and polarity
                "certainty": attrs["certainty"],
                "start": attrs["start"],
                "end": attrs["end"],
                "temporal": temporal,
                "dated": span(attrs["start"], attrs["end"], temporal) != NO_DAY,
                "first_day": first_day,
                "last_day": last_day,
                "source_doc": attrs["source_doc"],  # its title is in the page's sources, once
                "quote": attrs["quote"],
                "note": attrs["note"],
                "claimant": attrs.get("claimant", ""),
                **_provenance(attrs, (contested or {}).get(key, ())),
            }
        )
    # Bulk assignment: pyvis's add_node/add_edge are quadratic on large graphs.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(edges) > 3000},
        "nodes": {
            "font": {"size": LABEL_PX, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "edges": {
            "selectionWidth": 2,
            "hoverWidth": 0.5,
            "font": {"size": 10, "face": "system-ui, sans-serif", "strokeWidth": 3, "align": "middle"},
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    return net


def _json_for_html(payload: object) -> str:
    """JSON that cannot end its <script> element or open a comment inside it."""
    return _escaped_for_html(json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def _escaped_for_html(text: str) -> str:
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _packed(payload: dict) -> str:
    """The page's data: JSON, or above PACK_ABOVE characters gzip in base64 (DecompressionStream unpacks it)."""
    plain = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = _escaped_for_html(plain)
    if len(text) <= PACK_ABOVE:
        return text
    packed = gzip.compress(plain.encode("utf-8"), 6, mtime=0)  # 9: 3% smaller, 2.5 times as long
    return _json_for_html({"packed": base64.b64encode(packed).decode("ascii")})


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _asset(name: str) -> str:
    return resources.files("graphkit.render").joinpath("static", name).read_text(encoding="utf-8")


def _vis_asset(name: str) -> str:
    return resources.files("pyvis").joinpath("lib", f"vis-{VIS_VERSION}", name).read_text(encoding="utf-8")


def explorer_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "graphkit explorer",
    measures: dict[str, dict[str, float]] | None = None,
    default_measure: str = "degree",
    positions: dict[str, tuple[int, int]] | None = None,
    seed: int = 7,
    view: EdgeFilter | None = None,
    focus: tuple[str, ...] = (),
    depth: int = 1,
    opening_actors: int | None = None,
    merge: bool = True,
) -> str:
    """The explorer page for a graph from `build_graph`, as one self-contained HTML string.

    The page opens showing the certainty levels `view` counts (by default graphkit.rules'
    counted levels); its controls can widen that to every relation the graph holds.
    `focus` and `depth` only say, on the page, whose neighbourhood `graph` is
    (graphkit.query.neighbourhood selects it). A graph of more than LARGE_GRAPH actors opens
    on its `opening_actors` most central ones (by default OPENING_ACTORS; 0 for all) and
    stores its data compressed, for the browser to unpack: large pages stay small and
    draw in seconds. `merge=False` opens drawing every relation on its own.
    """
    from graphkit.analysis.contradictions import contradicted, contradictions
    from graphkit.analysis.projections import unchanged

    view = view or EdgeFilter()
    vocab = vocabulary()
    with steps("explorer", 4) as done:
        with unchanged(graph):  # the measures and the contradictions select relations from one table
            measures = measures or default_measures(graph)
            contested = contradicted(contradictions(graph))
        done()
        default_measure = default_measure if default_measure in measures else next(iter(measures))
        positions = positions or layout(graph, seed=seed, rank=measures[default_measure])
        done()
        net = _network(graph, positions, measures, contested)
        nodes, edges, _heading, _height, _width, options = net.get_network_data()
        dated = [d for e in edges for d in (e["first_day"], e["last_day"]) if d]
        sources = sorted({(d["source_doc"], d.get("source_title", "")) for _, _, d in graph.edges(data=True)})
        if opening_actors is None:
            opening_actors = OPENING_ACTORS if graph.number_of_nodes() > LARGE_GRAPH else 0
        payload = {
            "title": title,
            "nodes": nodes,
            "edges": edges,
            "options": json.loads(options),
            "measures": list(measures),
            "measureLabels": {m: MEASURES[m].label if m in MEASURES else m for m in measures},
            "defaultMeasure": default_measure,
            "dated": {"first": min(dated), "last": max(dated)} if dated else None,
            "sources": sources,
            # On a large graph the page opens on the most central actors (0: all), merged per pair unless told not to.
            "opening": opening_actors if 0 < opening_actors < graph.number_of_nodes() else 0,
            "merge": merge,
            "view": {"certainties": sorted(view.certainties)},
            "focus": {"actors": list(focus), "depth": depth} if focus else None,
            # Name keys as graphkit.names matches them, in its order, for search and 'Did you mean'.
            "names": NameIndex.from_graph(graph).surfaces,
            "nameKey": name_key_tables(),
            "similarScore": SIMILAR_SCORE,
            "vocab": {
                "kinds": [vars(k) for k in vocab.kinds.values()],
                "relations": [
                    {"name": r.name, "label": r.label, "directed": r.directed, "polarity": r.polarity_name}
                    for r in vocab.relations.values()
                ],
                "certainty": [
                    {"name": c.name, "label": c.label, "rank": c.rank, "style": c.style, "counts": c.counts}
                    for c in vocab.certainty.values()
                ],
                "polarity": [vars(p) for p in vocab.polarity.values()],
            },
        }
        if note := measures_note(graph, measures):  # only on large graphs: a small graph's page stays as it was
            payload["measuresNote"] = note
        done()
        vis_js, app_js = _vis_asset("vis-network.min.js"), _asset("explorer.js")
        vis_css, app_css = _vis_asset("vis-network.css"), _asset("explorer.css")
        csp = "; ".join(
            [
                "default-src 'none'",
                f"script-src {_sha256(vis_js)} {_sha256(app_js)}",
                f"style-src {_sha256(vis_css)} {_sha256(app_css)}",
                "img-src data:",
                "font-src data:",
                "connect-src 'none'",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )
        environment = Environment(
            loader=PackageLoader("graphkit.render", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            keep_trailing_newline=True,
        )
        try:
            version = metadata.version("graphkit")
        except metadata.PackageNotFoundError:
            version = "unknown"
        kinds = Counter(nx.get_node_attributes(graph, "kind").values())
        subtitle = f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} relations" + (
            " (" + ", ".join(f"{n} {vocab.kinds[k].label.lower()}" for k, n in sorted(kinds.items())) + ")"
            if kinds
            else ""
        )
        if focus:
            names = " and ".join(graph.nodes[a]["name"] for a in focus)
            subtitle = f"Neighbourhood of {names} within {depth} relation{'s' if depth != 1 else ''}: {subtitle}"
        page = environment.get_template("explorer.html").render(
            title=title,
            subtitle=subtitle,
            version=version,
            vis_version=VIS_VERSION,
            csp=csp,
            # Our own static assets are trusted markup; the data is JSON escaped for HTML.
            vis_js=Markup(vis_js),
            app_js=Markup(app_js),
            vis_css=Markup(vis_css),
            app_css=Markup(app_css),
            data_json=Markup(_packed(payload)),
        )
        done()
    return page


def write_html(graph: nx.MultiDiGraph, target: str | os.PathLike, **options) -> Path:
    """Write the explorer page atomically; returns its path."""
    return write_text(target, explorer_html(graph, **options))


class NotebookView:
    """The explorer inline in Jupyter: the page in a sandboxed iframe that may run scripts only.

    The iframe's srcdoc carries the same self-contained page as `write_html`, so its
    Content-Security-Policy and escaping apply unchanged.
    """

    def __init__(self, page: str, height: int) -> None:
        self.page = page
        self.height = int(height)

    def _repr_html_(self) -> str:
        from html import escape

        return (
            f'<iframe sandbox="allow-scripts" width="100%" height="{self.height}" '
            f'srcdoc="{escape(self.page, quote=True)}"></iframe>'
        )


def notebook_view(graph: nx.MultiDiGraph, height: int = 720, **options) -> NotebookView:
    """Show the explorer in a notebook cell (`notebook_view(G)` as the cell's last line)."""
    return NotebookView(explorer_html(graph, **options), height)
