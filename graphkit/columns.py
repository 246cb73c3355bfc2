"""A built graph as columns on disk, for queries that touch a few of its relations.

A path query on a million relations weighs a few thousand of them; unpickling the whole
graph to do so took seconds. This entry keeps the adjacency (both directions, in the
graph's own order) as plain arrays and every relation attribute as a column, which a
query memory-maps: only the pages it touches are read, and an attribute dict is made
for a relation only when the search reaches it (`ColumnarGraph`), so `graphkit.query`
and `EdgeFilter` run on it unchanged and answer exactly as on the graph.

Nothing in it is a pickle. The file is a fixed preamble, raw native-order arrays and
NUL-separated UTF-8 text, and a JSON header at its end. The header is signed with the
cache's per-user HMAC key (bound to the entry's file name) and holds the SHA-256 digest
of every chunk of every section: an array or an actor's text is checked whole when first
used, relation text chunk by chunk as it is read. A part that fails its check raises
`Damaged`, and the cache answers from the full graph instead.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import hmac
import itertools
import json
import mmap
import os
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from graphkit.names import NameIndex
from graphkit.text import name_key

FORMAT = 2  # 2: tables of text as NUL-separated text, read value by value
_MAGIC = b"GKCOLS\0\1"
_PREAMBLE = len(_MAGIC) + 8 + 8 + hashlib.sha256().digest_size  # magic, header offset and length, header MAC
_START = 64  # the first section's offset
_CHUNK = 1 << 20  # bytes per digest
_ALIGN = 8
_WIDTHS = (("B", 1 << 8), ("H", 1 << 16), ("I", 1 << 32), ("Q", 1 << 64))
_MAX_HEADER = 256 * 1024 * 1024


class Damaged(Exception):
    """A part of a columnar entry failed its check while a query read it: answer from the full graph."""


class Unsupported(Exception):
    """The graph holds an attribute the columns cannot keep exactly (then there is no columnar entry)."""


# --- writing -------------------------------------------------------------------------------


def _width(largest: int) -> str:
    return next(code for code, bound in _WIDTHS if largest < bound)


class _Writer:
    """Appends aligned sections to a file, keeping each chunk's digest."""

    def __init__(self, handle) -> None:
        self._handle = handle
        self._offset = _START
        handle.write(b"\0" * _START)
        self.sections: dict[str, dict] = {}

    def section(self, name: str, data: bytes | memoryview) -> str:
        data = memoryview(data).cast("B")
        padding = -self._offset % _ALIGN
        self._handle.write(b"\0" * padding)
        self._offset += padding
        digests = [hashlib.sha256(data[at : at + _CHUNK]).hexdigest() for at in range(0, len(data), _CHUNK)]
        self._handle.write(data)
        self.sections[name] = {"offset": self._offset, "length": len(data), "digests": digests}
        self._offset += len(data)
        return name

    def numbers(self, name: str, values: Sequence[int]) -> dict:
        """An array of non-negative ints in the narrowest width that holds them."""
        typecode = _width(max(values, default=0))
        self.section(name, array(typecode, values))
        return {"section": name, "type": typecode, "count": len(values)}

    def texts(self, name: str, values: Iterable[str]) -> dict:
        """Strings as NUL-terminated UTF-8 and the offset each starts at (one more: the end)."""
        encoded = [value.encode("utf-8", "surrogatepass") for value in values]
        if any(b"\0" in value for value in encoded):
            raise Unsupported(f"{name}: text holding NUL")
        offsets = [0, *itertools.accumulate(len(value) + 1 for value in encoded)]
        self.section(name, b"\0".join(encoded) + (b"\0" if encoded else b""))
        return {"blob": name, "offsets": self.numbers(f"{name}.offsets", offsets), "count": len(encoded)}

    def column(self, name: str, values: list) -> dict:
        """One attribute of every node or relation, kept as exactly the Python values it holds.

        Values that repeat (relation types, certainty, dates, sources, flags) become codes
        into a table (of text read value by value, or JSON read whole); text that rarely
        repeats (quotes) and lists are kept row by row and read only when shown.
        """
        kinds = {type(value) for value in values}
        if kinds <= {str, int, bool}:
            table: dict = {}
            if not {int, bool} <= kinds:  # no True beside 1 to tell apart
                codes = [table.setdefault(value, len(table)) for value in values]
                distinct = list(table)
            else:
                codes = [table.setdefault((type(value), value), len(table)) for value in values]
                distinct = [value for _, value in table]
            if kinds == {str} and 2 * len(table) > len(values):  # text that rarely repeats
                return {"kind": "text", **self.texts(name, values)}
            codes_spec = self.numbers(f"{name}.codes", codes)
            if kinds == {str} and not any("\0" in value for value in distinct):
                # read value by value, like a text column (the notes' table is 8 MB at 10^6 relations)
                return {"kind": "code", "texts": self.texts(f"{name}.table", distinct), "codes": codes_spec}
            encoded = json.dumps(distinct, ensure_ascii=False).encode()
            return {"kind": "code", "table": self.section(f"{name}.table", encoded), "codes": codes_spec}
        if kinds <= {list} and all(isinstance(item, str) for value in values for item in value):
            texts = (json.dumps(value, ensure_ascii=False) if value else "[]" for value in values)
            return {"kind": "list", **self.texts(name, texts)}
        raise Unsupported(f"{name}: values of type {', '.join(sorted(k.__name__ for k in kinds))}")

    @property
    def end(self) -> int:
        return self._offset


def write(entry: Path, key: str, secret: bytes, graph, summary: str) -> bool:
    """Write the graph's columnar entry (atomically), signed; False, and nothing written, if it cannot be kept.

    `graph` is a MultiDiGraph from `graphkit.graph.build_graph`; its nodes' and relations'
    attributes must be str, int, bool or lists of str, the same names on every one.
    """
    temporary = None
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", delete=False) as handle:
            temporary = Path(handle.name)
            header = _write_sections(_Writer(handle), key, graph, summary)
            body = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
            offset = header["end"]
            handle.seek(offset)
            handle.write(body)
            lengths = offset.to_bytes(8, "little") + len(body).to_bytes(8, "little")
            handle.seek(0)
            handle.write(_MAGIC + lengths + _sign(secret, entry, _MAGIC + lengths + body))
        os.replace(temporary, entry)
    except (OSError, Unsupported):
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return False
    return True


def _write_sections(out: _Writer, key: str, graph, summary: str) -> dict:
    ids = list(graph._node)
    index = {actor: number for number, actor in enumerate(ids)}
    node_data = list(graph._node.values())
    node_columns = _columns(out, "node", node_data)
    succ, pred = graph._succ, graph._pred
    # Relations are numbered in the graph's order (`relation_tuples`), so that each ordered
    # pair's relations are consecutive rows; a pair's group in `_pred` points at its group in `_succ`.
    out_groups, out_nbr, out_rows = [0], [], [0]
    group_of: dict[int, int] = {}  # id of a pair's key dict -> its group
    keys: list[str] = []
    edge_data: list[dict] = []
    for actor in ids:
        for other, keyed in succ[actor].items():
            group_of[id(keyed)] = len(out_nbr)
            out_nbr.append(index[other])
            keys.extend(keyed)
            edge_data.extend(keyed.values())
            out_rows.append(len(keys))
        out_groups.append(len(out_nbr))
    in_groups, in_nbr, in_group = [0], [], []
    for actor in ids:
        for other, keyed in pred[actor].items():
            in_nbr.append(index[other])
            in_group.append(group_of[id(keyed)])
        in_groups.append(len(in_nbr))
    if not all(isinstance(k, str) for k in keys):
        raise Unsupported("relation keys that are not text")
    edge_columns = _columns(out, "edge", edge_data)
    surfaces: dict[str, set[int]] = {}
    for number, (actor, data) in enumerate(zip(ids, node_data, strict=True)):
        for surface in (actor, data.get("name", ""), *data.get("aliases", ())):
            surfaces.setdefault(name_key(surface), set()).add(number)
    name_keys = sorted(surfaces)
    owners = [sorted(surfaces[k]) for k in name_keys]
    arrays = {
        "ids": out.texts("ids", ids),
        "out_groups": out.numbers("out_groups", out_groups),
        "out_nbr": out.numbers("out_nbr", out_nbr),
        "out_rows": out.numbers("out_rows", out_rows),
        "in_groups": out.numbers("in_groups", in_groups),
        "in_nbr": out.numbers("in_nbr", in_nbr),
        "in_group": out.numbers("in_group", in_group),
        "keys": out.texts("keys", keys),
        "names": out.texts("names", name_keys),
        "name_owners_at": out.numbers("name_owners_at", [0, *itertools.accumulate(map(len, owners))]),
        "name_owners": out.numbers("name_owners", [o for found in owners for o in found]),
    }
    return {
        "format": FORMAT,
        "key": key,
        "byteorder": sys.byteorder,
        "chunk": _CHUNK,
        "summary": summary,
        "nodes": len(ids),
        "relations": len(keys),
        "arrays": arrays,
        "node_columns": node_columns,
        "edge_columns": edge_columns,
        "sections": out.sections,
        "end": out.end + (-out.end % _ALIGN),
    }


def _columns(out: _Writer, prefix: str, rows: list[dict]) -> dict:
    names = list(rows[0]) if rows else []
    expected = set(names)
    if any(row.keys() != expected for row in rows):
        raise Unsupported(f"{prefix}s with different attributes")
    return {name: out.column(f"{prefix}.{name}", [row[name] for row in rows]) for name in names}


def _sign(secret: bytes, entry: Path, body: bytes) -> bytes:
    signer = hmac.new(secret, entry.name.encode() + b"\0", hashlib.sha256)
    signer.update(body)
    return signer.digest()


# --- reading -------------------------------------------------------------------------------


class _Section:
    """One section of the mapped file, its chunks checked against the signed digests before use."""

    def __init__(self, view: memoryview, spec: dict, chunk: int) -> None:
        offset, length, digests = spec["offset"], spec["length"], spec["digests"]
        if not (isinstance(offset, int) and isinstance(length, int) and offset >= 0 and offset + length <= len(view)):
            raise ValueError("section out of bounds")
        if len(digests) != -(-length // chunk):
            raise ValueError("digests do not cover the section")
        self.view = view[offset : offset + length]
        self._digests = digests
        self._chunk = chunk
        self._checked: set[int] = set()

    def check(self, first: int = 0, end: int | None = None) -> None:
        """Check the chunks holding bytes first..end (all by default); Damaged if one differs from its digest."""
        size = self._chunk
        last = (len(self.view) if end is None else end) - 1
        for number in range(first // size, last // size + 1):
            if number not in self._checked:
                part = self.view[number * size : (number + 1) * size]
                if hashlib.sha256(part).hexdigest() != self._digests[number]:
                    raise Damaged(f"chunk {number} of a columnar section")
                self._checked.add(number)


class _Texts(Sequence):
    """A column of strings read one by one (each checked by chunk) or all at once."""

    def __init__(self, entry: _Entry, spec: dict) -> None:
        self._section = entry.section(spec["blob"])
        self._offsets = entry.array(spec["offsets"])
        self._count = spec["count"]
        self._view = self._section.view
        self._whole = False
        if len(self._offsets) != self._count + 1 or (self._count and self._offsets[-1] != len(self._section.view)):
            raise ValueError("text offsets do not match their text")

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, number):  # type: ignore[override]
        if isinstance(number, slice):
            raise TypeError("no slices")
        start, end = self._offsets[number], self._offsets[number + 1] - 1
        if not self._whole:
            self._section.check(start, end + 1)
        return str(self._view[start:end], "utf-8", "surrogatepass")

    def check_rows(self, first: int, end: int) -> None:
        """Check the text of strings `first` to `end` (IndexError past the last)."""
        if first < end and not self._whole:
            self._section.check(self._offsets[first], self._offsets[end])

    def check(self) -> None:
        """Check the whole text now (then reading a string checks nothing more)."""
        self._section.check()
        self._whole = True

    def all(self) -> list[str]:
        """Every string, the whole section checked first."""
        self.check()
        if not self._count:
            return []
        return str(self._section.view, "utf-8", "surrogatepass")[:-1].split("\0")


class _Entry:
    """An opened columnar file: its signed header and lazily checked sections."""

    def __init__(self, view: memoryview, header: dict) -> None:
        self._view = view
        self.header = header
        self._chunk = header["chunk"]
        self._sections: dict[str, _Section] = {}

    def section(self, name: str) -> _Section:
        found = self._sections.get(name)
        if found is None:
            found = self._sections[name] = _Section(self._view, self.header["sections"][name], self._chunk)
        return found

    def array(self, spec: dict, whole: bool = True) -> memoryview:
        """An array section, checked whole (or, not `whole`, by the caller: `section(spec["section"]).check`)."""
        section = self.section(spec["section"])
        if spec["type"] not in dict(_WIDTHS) or len(section.view) != spec["count"] * array(spec["type"]).itemsize:
            raise ValueError("array of the wrong size")
        if whole:
            section.check()
        return section.view.cast(spec["type"])

    def table(self, name: str) -> list:
        section = self.section(name)
        section.check()
        table = json.loads(str(section.view, "utf-8"))
        if not isinstance(table, list):
            raise ValueError("a code table that is not a list")
        return table


def open_entry(entry: Path, key: str, secret: bytes) -> ColumnarGraph | None:
    """The entry as a graph for queries if this user's graphkit wrote it for `key` in this format, else None.

    Checks the signature over the header and that every part it names lies within the
    file; a missing, outdated, truncated, foreign or wrong-shaped entry is None.
    """
    try:
        with open(entry, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, or empty (nothing to map)
        return None
    view = memoryview(mapped)
    try:
        if len(view) < _PREAMBLE or view[: len(_MAGIC)] != _MAGIC:
            return None
        offset = int.from_bytes(view[8:16], "little")
        length = int.from_bytes(view[16:24], "little")
        if not (offset >= _START and 0 < length <= _MAX_HEADER and offset + length <= len(view)):
            return None
        body = view[offset : offset + length]
        if not hmac.compare_digest(bytes(view[24:_PREAMBLE]), _sign(secret, entry, bytes(view[:24]) + body)):
            return None
        header = json.loads(str(body, "utf-8"))
        if not (
            isinstance(header, dict)
            and header.get("format") == FORMAT
            and header.get("key") == key
            and header.get("byteorder") == sys.byteorder
            and header.get("chunk") == _CHUNK
        ):
            return None
        return ColumnarGraph(_Entry(view, header))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, Damaged):
        return None


class ColumnarGraph:
    """What queries read of a MultiDiGraph (`_node`, `_succ`, `_pred`, `nodes`, `in`), made from the columns as read.

    `_succ[a][b]` is `{relation id: attributes}` for the relations from a to b, in the
    graph's order, as in networkx; an attribute dict holds the columns that repeat and
    reads the others (quote, note, ...) when first asked for.
    """

    def __init__(self, entry: _Entry) -> None:
        header = entry.header
        arrays = header["arrays"]
        self.summary: str = header["summary"]
        self._entry = entry
        ids = _Texts(entry, arrays["ids"]).all()
        nodes = header["nodes"]
        if len(ids) != nodes:
            raise ValueError("actor count")
        self._ids = ids
        self._index = dict(zip(ids, range(nodes), strict=True))
        self._keys = _Texts(entry, arrays["keys"])  # checked chunk by chunk, as pairs are read
        relations = header["relations"]
        if len(self._keys) != relations:
            raise ValueError("relation count")
        self._node_columns = {
            name: _Column(entry, spec, nodes, whole=True) for name, spec in header["node_columns"].items()
        }
        self._edge_columns = {name: _Column(entry, spec, relations) for name, spec in header["edge_columns"].items()}
        self._made = type("_Relation", (_Relation,), {"__slots__": (), "_columns": self._edge_columns})
        self._arrays = arrays
        self._adjacency: dict[str, memoryview] = {}
        self._pairs: dict[int, dict] = {}
        self._node = _Nodes(self)
        self._succ = _Side(self, "out")
        self._pred = _Side(self, "in")
        self._names: _Names | None = None

    @property
    def nodes(self) -> Mapping[str, dict]:
        return self._node

    def __contains__(self, actor: object) -> bool:
        return actor in self._index

    def number_of_nodes(self) -> int:
        return len(self._ids)

    @property
    def names(self) -> _Names:
        """Resolves what a user types to an actor id, as `NameIndex` does."""
        if self._names is None:
            self._names = _Names(self)
        return self._names

    def adjacency(self, name: str) -> memoryview:
        found = self._adjacency.get(name)
        if found is None:
            found = self._entry.array(self._arrays[name])
            if name.endswith("_groups"):
                expected = len(self._ids) + 1
            elif name == "out_rows":
                expected = len(self.adjacency("out_nbr")) + 1
            elif name == "in_group":
                expected = len(self.adjacency("in_nbr"))
            else:
                expected = len(found)
            if len(found) != expected:
                raise Damaged(f"{name} has the wrong length")
            self._adjacency[name] = found
        return found

    def pair(self, group: int) -> dict:
        """One ordered pair's relations, {relation id: attributes}, shared by `_succ` and `_pred` as in networkx."""
        found = self._pairs.get(group)
        if found is None:
            rows = self.adjacency("out_rows")
            offsets, view, made = self._keys._offsets, self._keys._view, self._made
            found = {}
            try:
                self._keys.check_rows(rows[group], rows[group + 1])
                for row in range(rows[group], rows[group + 1]):  # each row belongs to one pair: made once
                    data = found[str(view[offsets[row] : offsets[row + 1] - 1], "utf-8", "surrogatepass")] = made()
                    data._row = row
            except IndexError:
                raise Damaged(f"pair {group}") from None
            self._pairs[group] = found
        return found

    def actor(self, number: int) -> dict:
        return {name: column.get(number) for name, column in self._node_columns.items()}

    # By number, for a search that reads the arrays themselves (graphkit.query.paths).

    def number(self, actor: str) -> int:
        """An actor's number: its place in the graph's order."""
        return self._index[actor]

    def actor_id(self, number: int) -> str:
        return self._ids[number]

    def counterparts(self, number: int) -> dict[int, list[int]]:
        """Actor `number`'s counterparts -> [its pair's group of relations to them, of relations from them], -1 if none.

        In `_succ` then `_pred` order, as `graphkit.query` reads a counterpart row; a group
        is a pair's number in `pair`.
        """
        groups, counterparts = self.adjacency("out_groups"), self.adjacency("out_nbr")
        start, end = groups[number], groups[number + 1]
        if end > len(counterparts):
            raise Damaged(f"the relations of actor {number}")
        found = {other: [group, -1] for group, other in zip(range(start, end), counterparts[start:end], strict=True)}
        groups, counterparts, of = self.adjacency("in_groups"), self.adjacency("in_nbr"), self.adjacency("in_group")
        start, end = groups[number], groups[number + 1]
        if end > len(counterparts):
            raise Damaged(f"the relations of actor {number}")
        for other, group in zip(counterparts[start:end], of[start:end], strict=True):
            pair = found.get(other)
            if pair is None:
                found[other] = [-1, group]
            else:
                pair[1] = group
        return found

    def relation(self, row: int) -> dict:
        """The attributes of relation `row` (read from the columns when asked for)."""
        made = self._made()
        made._row = row
        return made

    def row_spans(self, names: Sequence[str]) -> Callable[[int], Iterable[tuple[int, tuple]]]:
        """For a pair's group of relations: each relation's row and its key in the columns `names`.

        Two relations with the same key hold the same values in those columns (a code where
        the column has a table, else the text itself); a name no relation has is left out.
        """
        rows = self.adjacency("out_rows")
        readers = [column.keys() for name in names if (column := self._edge_columns.get(name)) is not None]
        relations = len(self._keys)

        def spans(group: int) -> Iterable[tuple[int, tuple]]:
            try:
                start, end = rows[group], rows[group + 1]
            except IndexError:
                raise Damaged(f"pair {group}") from None
            if not start <= end <= relations:
                raise Damaged(f"pair {group}")
            if not readers:
                return zip(range(start, end), itertools.repeat(()))
            keys = zip(*[read(start, end) for read in readers], strict=True)
            return zip(range(start, end), keys, strict=True)

        return spans


class _Column:
    """One attribute of every node or relation, `table[codes[row]]` or `texts[row]`, read when first used."""

    def __init__(self, entry: _Entry, spec: dict, count: int, whole: bool = False) -> None:
        if spec["kind"] not in ("code", "text", "list"):
            raise ValueError(f"unknown column kind {spec['kind']!r}")
        self._entry, self._spec, self._count = entry, spec, count
        self._whole = whole
        if whole:  # an actor's attributes are shown after the query too: check them now
            self._load()

    def _load(self) -> None:
        entry, spec = self._entry, self._spec
        try:
            if spec["kind"] == "code":
                # codes checked by chunk as read (whole when `keys` reads them all), like text
                codes = entry.array(spec["codes"], whole=self._whole)
                if len(codes) != self._count:
                    raise ValueError("codes do not match their rows")
                if "texts" in spec:
                    table = _Texts(entry, spec["texts"])
                    if self._whole:
                        table.check()
                else:
                    table = entry.table(spec["table"])
                self._codes = codes
                check, size = entry.section(spec["codes"]["section"]).check, codes.itemsize

                def read(row: int):
                    check(row * size, (row + 1) * size)
                    return table[codes[row]]

                self.read = read
            else:
                texts = _Texts(entry, spec)
                if len(texts) != self._count:
                    raise ValueError("a column of the wrong length")
                if self._whole:
                    texts.check()
                self._texts = texts
                self.read = texts.__getitem__ if spec["kind"] == "text" else lambda row: json.loads(texts[row])
        except (ValueError, KeyError, TypeError) as exc:
            raise Damaged(f"column {spec}: {exc}") from None

    def read(self, row: int):
        """The value of `row` (IndexError past the end); replaced by the plain reader once loaded."""
        self._load()
        return self.read(row)

    def keys(self) -> Callable[[int, int], Sequence]:
        """A reader of rows `start` to `end`'s keys: equal keys, equal values (the codes, or the stored text)."""
        if not hasattr(self, "_codes") and not hasattr(self, "_texts"):
            self._load()
        if self._spec["kind"] == "code":
            self._entry.section(self._spec["codes"]["section"]).check()
            codes = self._codes
            return lambda start, end: codes[start:end]
        texts = self._texts
        return lambda start, end: [texts[row] for row in range(start, end)]

    def get(self, row: int):
        try:
            return self.read(row)
        except IndexError:
            raise Damaged(f"row {row}") from None


class _Relation(dict):
    """A relation's attribute dict whose values are read from the columns on first use.

    Only what the search asks for is ever read (certainty and type for most relations it
    weighs; the evidence for those it shows). Iterating it shows what was read so far.
    Each `ColumnarGraph` makes a subclass holding its columns (`_columns`).
    """

    __slots__ = ("_row",)
    _columns: dict[str, _Column]

    def __missing__(self, name: str):
        column = self._columns.get(name)
        if column is None:
            raise KeyError(name)
        try:
            value = self[name] = column.read(self._row)
        except IndexError:  # a code past its table: not what graphkit wrote
            raise Damaged(f"relation {self._row}") from None
        return value

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name) -> bool:
        return name in self._columns


class _Nodes(Mapping):
    def __init__(self, graph: ColumnarGraph) -> None:
        self._graph = graph
        self._made: dict[str, dict] = {}

    def __getitem__(self, actor: str) -> dict:
        found = self._made.get(actor)
        if found is None:
            found = self._made[actor] = self._graph.actor(self._graph._index[actor])
        return found

    def __contains__(self, actor: object) -> bool:
        return actor in self._graph._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._graph._ids)

    def __len__(self) -> int:
        return len(self._graph._ids)


class _Side(Mapping):
    """actor -> counterpart -> {relation id: attributes}: `_succ` ("out") or `_pred` ("in"), made when reached."""

    def __init__(self, graph: ColumnarGraph, side: str) -> None:
        self._graph = graph
        self._side = side
        self._made: dict[str, _Row] = {}

    def __getitem__(self, actor: str) -> _Row:
        found = self._made.get(actor)
        if found is None:
            graph = self._graph
            number = graph._index[actor]
            groups = graph.adjacency(f"{self._side}_groups")
            counterparts = graph.adjacency(f"{self._side}_nbr")
            ids = graph._ids
            try:
                span = range(groups[number], groups[number + 1])
                if self._side == "out":
                    pairs = {ids[counterparts[g]]: g for g in span}
                else:
                    of = graph.adjacency("in_group")
                    pairs = {ids[counterparts[g]]: of[g] for g in span}
            except IndexError:
                raise Damaged(f"the relations of {actor}") from None
            found = _Row(pairs, graph.pair)
            self._made[actor] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._graph._ids)

    def __len__(self) -> int:
        return len(self._graph._ids)


class _Row(Mapping):
    """One actor's counterparts -> their pair's relations, each pair read when first asked for."""

    __slots__ = ("_groups", "_pair")

    def __init__(self, groups: dict[str, int], pair) -> None:
        self._groups, self._pair = groups, pair

    def __getitem__(self, other: str) -> dict:
        return self._pair(self._groups[other])

    def get(self, other, default=None):
        group = self._groups.get(other)
        return default if group is None else self._pair(group)

    def __contains__(self, other: object) -> bool:
        return other in self._groups

    def __iter__(self) -> Iterator[str]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def keys(self):  # type: ignore[override]
        return self._groups.keys()


class _Surface(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]


class _Names:
    """`NameIndex.resolve` on the sorted name keys; anything but one owner asks a full NameIndex (same errors)."""

    def __init__(self, graph: ColumnarGraph) -> None:
        arrays = graph._arrays
        self._graph = graph
        self._keys = _Texts(graph._entry, arrays["names"])
        self._at = graph._entry.array(arrays["name_owners_at"])
        self._owners = graph._entry.array(arrays["name_owners"])
        if len(self._at) != len(self._keys) + 1 or self._at[-1] != len(self._owners):
            raise Damaged("name owners do not match the names")
        self._full: NameIndex | None = None

    def resolve(self, text: str) -> str:
        key = name_key(text)
        at = bisect.bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key and self._at[at + 1] - self._at[at] == 1:
            return self._graph._ids[self._owners[self._at[at]]]
        return self.full().resolve(text)

    def full(self) -> NameIndex:
        if self._full is None:
            nodes = self._graph.nodes
            self._full = NameIndex(
                _Surface(actor, nodes[actor]["name"], tuple(nodes[actor]["aliases"])) for actor in self._graph._ids
            )
        return self._full


def remove(entry: Path) -> None:
    with contextlib.suppress(OSError):
        entry.unlink()
