"""A Cypher script of MERGE statements that loads the graph into Neo4j, safely re-runnable."""

from __future__ import annotations

import re

import networkx as nx

from graphkit.errors import GraphkitError

ACTOR_LABEL = "Actor"

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Words Cypher reserves; a label, type or property key spelled like one is backquoted.
_RESERVED_WORDS = """
all and as asc ascending by call case constraint contains create delete desc descending detach distinct do drop
else end ends exists false for from in index is key limit mandatory match merge node not null of on optional or
order remove require return scalar set skip start starts then true union unique unwind use when where with xor yield
"""
_RESERVED = frozenset(_RESERVED_WORDS.split())


def cypher_string(text: str) -> str:
    """A Cypher string literal: single-quoted; quotes, backslashes and line ends escaped.

    Characters that are not printable (controls, line separators, non-breaking spaces) become
    \\uXXXX escapes; all other Unicode is kept as it is (the script is UTF-8).

    >>> print(cypher_string("O'Brien \\\\ \\"x\\"\\nnext"))
    'O\\'Brien \\\\ "x"\\nnext'
    >>> print(cypher_string("Massoud’s\\u2028"))
    'Massoud’s\\u2028'
    """
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "'" + "".join(out) + "'"


def name(identifier: str) -> str:
    """A label, relationship type or property key, backquoted unless it is a plain, unreserved word.

    >>> name("State"), name("end"), name("odd name`")
    ('State', '`end`', '`odd name```')
    """
    if _PLAIN.fullmatch(identifier) and identifier.lower() not in _RESERVED:
        return identifier
    return "`" + identifier.replace("`", "``") + "`"


def label_for_kind(kind: str) -> str:
    """The node label for an actor kind: militant_group -> MilitantGroup."""
    return "".join(part[:1].upper() + part[1:] for part in kind.split("_") if part)


def type_for_relation(relation: str) -> str:
    """The relationship type for a relation: clashes_with -> CLASHES_WITH."""
    return re.sub(r"[^A-Za-z0-9_]", "_", relation).upper() or "RELATED_TO"


def literal(value: object) -> str:
    """A Cypher literal for a flattened value (text, integer, float or boolean)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return cypher_string(str(value))


def render(H: nx.MultiDiGraph) -> str:
    """Cypher text for a graph already flattened for "cypher".

    Actors: `MERGE (n:Actor {id: ...}) SET n:<Kind>, n += {...}` (State, MilitantGroup, ...).
    Relations: both actors are MATCHed, then `MERGE (a)-[r:<TYPE> {id: <relation id>}]->(b)
    SET r += {...}` with every attribute (directed, polarity, dates, certainty, source, quote).
    MERGE on the ids makes re-running the script update rather than duplicate; parallel
    relations stay separate because each has its own id. Missing ('') attributes are left
    out, as Neo4j has no empty property; aliases are `|`-joined (split(n.aliases, '|')).
    Load with `cypher-shell -f FILE` or paste into Neo4j Browser (Neo4j 4.4 or later, for the
    `CREATE CONSTRAINT ... REQUIRE` that makes the MERGEs on actor id fast).
    """
    lines = [
        f"// graphkit export for Neo4j: {H.number_of_nodes()} actors, {H.number_of_edges()} relations.",
        "// Neo4j 4.4+: cypher-shell -u USER -p PASSWORD -f THIS_FILE (re-running it updates, never duplicates).",
        f"CREATE CONSTRAINT graphkit_actor_id IF NOT EXISTS FOR (n:{ACTOR_LABEL}) REQUIRE n.id IS UNIQUE;",
    ]
    for node, data in H.nodes(data=True):
        _check_no_id(data, f"node '{node}'")
        sets = []
        kind = label_for_kind(str(data.get("kind", "")))
        if kind and kind != ACTOR_LABEL:
            sets.append(f"n:{name(kind)}")
        if data:
            sets.append(f"n += {_map(data)}")
        statement = f"MERGE (n:{ACTOR_LABEL} {{id: {cypher_string(node)}}})"
        lines.append(statement + (" SET " + ", ".join(sets) if sets else "") + ";")
    for u, v, key, data in H.edges(keys=True, data=True):
        rtype = name(type_for_relation(str(data.get("relation", ""))))
        statement = (
            f"MATCH (a:{ACTOR_LABEL} {{id: {cypher_string(u)}}}) MATCH (b:{ACTOR_LABEL} {{id: {cypher_string(v)}}}) "
            f"MERGE (a)-[r:{rtype} {{id: {cypher_string(key)}}}]->(b)"
        )
        _check_no_id(data, f"relation '{key}'")
        lines.append(statement + (f" SET r += {_map(data)}" if data else "") + ";")
    return "\n".join(lines) + "\n"


def _map(data: dict) -> str:
    return "{" + ", ".join(f"{name(key)}: {literal(value)}" for key, value in data.items()) + "}"


def _check_no_id(data: dict, where: str) -> None:
    if "id" in data:
        raise GraphkitError(f"{where}: an attribute is called 'id', which Cypher export uses to MERGE on")
