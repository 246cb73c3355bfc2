"""GEXF 1.3 for Gephi, written element by element so that it is valid against the official schema.

networkx's write_gexf puts a `name` attribute on <graph> (the schema forbids it) and stamps
today's date into <meta>; this writer does neither. Relations' dates become spells, so that
Gephi's timeline shows when each relation held; node colours come from the vocabulary.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx

from graphkit.dates import date_bounds
from graphkit.errors import GraphkitError
from graphkit.export.flatten import as_text, column_type, columns
from graphkit.vocab import vocabulary

NAMESPACE = "http://gexf.net/1.3"
VERSION = "1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}


def render(H: nx.MultiDiGraph) -> str:
    """GEXF text for a graph already flattened for "gexf".

    Each relation is an <edge> whose id is the relation id, `kind` its relation type (so
    Gephi keeps parallel relations of different types apart; choose "Don't merge" in
    Gephi's import dialog to keep same-type parallels too) and `type="undirected"` when the
    relation is symmetric. A relation's start and end become a spell from the first day of
    its start to the last day of its end (2025-07 -> 2025-07-01 .. 2025-07-31); an open
    side stays open, and an undated relation has no spell, which Gephi reads as "always".
    Every attribute is also written as an attvalue, the partial dates included.
    """
    root = ET.Element(
        "gexf",
        {
            "xmlns": NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{NAMESPACE} {NAMESPACE}/gexf.xsd",
            "version": VERSION,
        },
    )
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "graphkit"
    title = H.graph.get("name", "graphkit")
    description = f"{title}: {H.number_of_nodes()} actors, {H.number_of_edges()} relations"
    ET.SubElement(meta, "description").text = description

    spells = {(u, v, k): _spell(k, data) for u, v, k, data in H.edges(keys=True, data=True)}
    dynamic = any(spells.values())
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "idtype": "string"})
    graph.set("mode", "dynamic" if dynamic else "static")
    if dynamic:
        graph.set("timeformat", "date")
        graph.set("timerepresentation", "interval")

    _declare(graph, "node", [data for _, data in H.nodes(data=True)])
    _declare(graph, "edge", [data for *_, data in H.edges(keys=True, data=True)])
    colours = _kind_colours()

    nodes = ET.SubElement(graph, "nodes", {"count": str(H.number_of_nodes())})
    for node, data in H.nodes(data=True):
        element = ET.SubElement(nodes, "node", {"id": node})
        if data.get("name"):
            element.set("label", as_text(data["name"]))
        _attvalues(element, data)
        colour = colours.get(data.get("kind"))
        if colour:
            ET.SubElement(element, "color", colour)

    relations = vocabulary().relations
    edges = ET.SubElement(graph, "edges", {"count": str(H.number_of_edges())})
    for u, v, key, data in H.edges(keys=True, data=True):
        element = ET.SubElement(edges, "edge", {"id": key, "source": u, "target": v})
        relation = data.get("relation")
        if relation:
            rtype = relations.get(relation)
            element.set("label", rtype.label if rtype else as_text(relation))
            element.set("kind", as_text(relation))
        if data.get("directed") is False:
            element.set("type", "undirected")
        _attvalues(element, data)
        spell = spells[u, v, key]
        if spell:
            ET.SubElement(ET.SubElement(element, "spells"), "spell", spell)

    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _declare(graph: ET.Element, klass: str, attribute_dicts: list[dict]) -> None:
    """An <attributes> block declaring the node or edge columns and their GEXF types."""
    names = columns(attribute_dicts)
    if names:
        block = ET.SubElement(graph, "attributes", {"class": klass, "mode": "static"})
        for name in names:
            kind = column_type(d[name] for d in attribute_dicts if name in d)
            ET.SubElement(block, "attribute", {"id": name, "title": name, "type": _TYPES[kind]})


def _attvalues(element: ET.Element, data: dict) -> None:
    if data:
        values = ET.SubElement(element, "attvalues")
        for name, value in data.items():
            ET.SubElement(values, "attvalue", {"for": name, "value": as_text(value)})


def _spell(key: str, data: dict) -> dict[str, str]:
    """The days a relation's (partial) start and end dates cover, as GEXF spell bounds."""
    spell = {}
    for side, index in (("start", 0), ("end", 1)):
        value = data.get(side)
        if value in (None, ""):
            continue
        try:
            spell[side] = date_bounds(as_text(value))[index].isoformat()
        except ValueError:
            raise GraphkitError(
                f"relation '{key}': {side} '{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
            ) from None
    return spell


def _kind_colours() -> dict[str, dict[str, str]]:
    """RGB for each actor kind, from the vocabulary's hex colours."""
    colours = {}
    for name, kind in vocabulary().kinds.items():
        hexa = kind.color.lstrip("#")
        if len(hexa) == 6:
            try:
                r, g, b = (int(hexa[i : i + 2], 16) for i in (0, 2, 4))
            except ValueError:
                continue
            colours[name] = {"r": str(r), "g": str(g), "b": str(b)}
    return colours
