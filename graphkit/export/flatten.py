"""Attribute values every export writer can carry: flattened once, on a copy.

networkx's XML writers crash on None and lists and write ill-formed XML when a value holds a
control character; Gephi, Cytoscape and spreadsheets each want lists spelled differently.
`flatten` settles all of that in one place so that each writer only encodes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import networkx as nx

from graphkit.errors import GraphkitError, UsageError

FORMATS = ("gexf", "graphml", "json", "csv", "cypher")

LIST_SEPARATOR = "|"
"""How lists (an actor's aliases) are joined in every format but JSON; aliases never contain it."""

_DROP_EMPTY = frozenset({"gexf", "graphml", "cypher"})

# Characters XML 1.0 cannot carry (C0 controls other than tab and line feed, lone surrogates,
# U+FFFE/U+FFFF) and DEL, which the dataset loader rejects too.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NOT_NMTOKEN = re.compile(r"[^A-Za-z0-9_.\-]")


def clean_text(text: str) -> str:
    """Text every format can carry: line ends as \\n, no control characters.

    >>> clean_text("a\\x00b\\r\\nc\\td")
    'ab\\nc\\td'
    """
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def nmtoken(name: str) -> str:
    """An attribute name GraphML accepts (an XML NMTOKEN, kept to ASCII).

    >>> nmtoken("source title")
    'source_title'
    """
    return _NOT_NMTOKEN.sub("_", name) or "_"


@nx.utils.not_implemented_for("undirected")
@nx.utils.not_implemented_for("graph")
def flatten(G: nx.MultiDiGraph, fmt: str) -> nx.MultiDiGraph:
    """A copy of `G` whose attributes the `fmt` writer can write as they are; `G` is untouched.

    - lists (aliases) stay lists in JSON and become `|`-joined text elsewhere;
    - None becomes '' (the dataset's "missing"); text loses control characters and CR line ends;
    - GEXF, GraphML and Cypher leave '' attributes out instead of writing empty values;
    - GraphML attribute names become NMTOKENs;
    - node ids and edge keys become text; nodes come out sorted by id and edges by source,
      target and relation id (`H.edges` yields them in that order), so that every writer's
      output is deterministic.

    Raises GraphkitError for a value no format can carry (a dict, a set, a non-finite number)
    or for two ids or attribute names that become the same once cleaned; UsageError for an
    unknown format.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", name="A\\x07", aliases=["x", "y"], note=None)
    >>> flatten(G, "csv").nodes["a"]
    {'name': 'A', 'aliases': 'x|y', 'note': ''}
    >>> flatten(G, "graphml").nodes["a"]
    {'name': 'A', 'aliases': 'x|y'}
    >>> flatten(G, "json").nodes["a"]["aliases"]
    ['x', 'y']
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
    flat = nx.MultiDiGraph()
    flat.graph.update(_attributes(G.graph, fmt, "the graph"))
    ids = _unique({node: clean_text(str(node)) for node in G}, "node ids")
    for node in sorted(G, key=lambda n: ids[n]):
        flat.add_node(ids[node], **_attributes(G.nodes[node], fmt, f"node '{ids[node]}'"))
    edges = [(ids[u], ids[v], clean_text(str(key)), data) for u, v, key, data in G.edges(keys=True, data=True)]
    seen: set[tuple[str, str, str]] = set()
    for u, v, key, data in sorted(edges, key=lambda e: e[:3]):
        if (u, v, key) in seen:
            raise GraphkitError(f"two relations from '{u}' to '{v}' have the id '{key}' once cleaned")
        seen.add((u, v, key))
        flat.add_edge(u, v, key=key, **_attributes(data, fmt, f"relation '{key}'"))
    return flat


def columns(attribute_dicts: Iterable[dict]) -> list[str]:
    """Attribute names, one column or key declaration each, in the order the elements list them.

    A name missing from some elements (a '' left out) still lands between its neighbours:

    >>> columns([{"relation": 1, "end": 2, "certainty": 3}, {"relation": 1, "start": 2, "end": 3, "certainty": 4}])
    ['relation', 'start', 'end', 'certainty']
    """
    first_seen: dict[str, int] = {}
    before: dict[str, set[str]] = {}
    for attributes in attribute_dicts:
        earlier: list[str] = []
        for name in attributes:
            first_seen.setdefault(name, len(first_seen))
            before.setdefault(name, set()).update(earlier)
            earlier.append(name)
    names: list[str] = []
    remaining = sorted(first_seen, key=first_seen.__getitem__)
    while remaining:
        pending = set(remaining)
        ready = [name for name in remaining if not before[name] & pending] or remaining  # inconsistent: first seen
        names.append(ready[0])
        remaining.remove(ready[0])
    return names


def column_type(values: Iterable[object]) -> str:
    """'bool', 'int', 'float' or 'str': the one type a column's values share ('str' when mixed)."""
    kinds = {"bool" if isinstance(v, bool) else type(v).__name__ for v in values}
    if kinds == {"int", "float"}:
        return "float"
    if len(kinds) == 1 and kinds <= {"bool", "int", "float"}:
        return kinds.pop()
    return "str"


def as_text(value: object) -> str:
    """A flattened value as text: booleans as `true`/`false` (XML Schema's spelling).

    >>> as_text(False), as_text(-1), as_text("x")
    ('false', '-1', 'x')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _attributes(data: dict, fmt: str, where: str) -> dict:
    names = {name: clean_text(str(name)) for name in data}
    if fmt == "graphml":
        names = {name: nmtoken(clean) for name, clean in names.items()}
    _unique(names, f"attribute names of {where}")
    flat = {}
    for name, value in data.items():
        value = _value(value, fmt, f"{where}, attribute '{names[name]}'")
        if value == "" and fmt in _DROP_EMPTY:
            continue
        flat[names[name]] = value
    return flat


def _value(value: object, fmt: str, where: str) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise GraphkitError(f"{where}: {value} cannot be exported")
        return value
    if isinstance(value, list | tuple):
        items = [item for item in (_value(item, fmt, where) for item in value) if item != ""]
        if any(isinstance(item, list) for item in items):
            raise GraphkitError(f"{where}: nested lists cannot be exported")
        if fmt == "json":
            return items
        return LIST_SEPARATOR.join(as_text(item) for item in items)
    raise GraphkitError(f"{where}: a {type(value).__name__} value cannot be exported")


def _unique(mapping: dict, what: str) -> dict:
    cleaned = list(mapping.values())
    if len(set(cleaned)) != len(cleaned):
        twice = sorted({c for c in cleaned if cleaned.count(c) > 1})
        raise GraphkitError(f"two different {what} become '{twice[0]}' once cleaned for export")
    return mapping
