"""A built graph kept on disk, keyed by the content of everything it was built from.

Queries are run dozens of times; validating and building on every call would dominate
them. The cache lives in the user's cache directory (or $GRAPHKIT_CACHE_DIR), holds one
entry per dataset directory, and is rebuilt whenever any input byte changes.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import networkx as nx

from graphkit.graph import build_graph
from graphkit.load import FILES, OMISSIONS_FILE, paused_gc, resolve_data_dir
from graphkit.names import NameIndex
from graphkit.validate import load

_FORMAT = 2


def cache_dir() -> Path:
    configured = os.environ.get("GRAPHKIT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("graphkit", appauthor=False))


def fingerprint(directory: Path) -> str:
    """A digest of graphkit's version and vocabulary, the dataset files and their documents."""
    digest = hashlib.sha256()
    try:
        version = metadata.version("graphkit")
    except metadata.PackageNotFoundError:
        version = "unknown"
    digest.update(f"{_FORMAT}\0{version}\0".encode())
    digest.update(resources.files("graphkit").joinpath("vocab.toml").read_bytes())
    for name in (*FILES, OMISSIONS_FILE):
        path = directory / name
        digest.update(f"\0{name}\0".encode())
        if path.is_file():
            digest.update(path.read_bytes())
    for document in sorted(_document_paths(directory)):
        path = directory / document
        digest.update(f"\0{document}\0".encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _document_paths(directory: Path) -> set[str]:
    try:
        with (directory / "sources.csv").open(encoding="utf-8-sig", newline="") as handle:
            return {row.get("path") or "" for row in csv.DictReader(handle)} - {""}
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()


def _entry(directory: Path, kind: str) -> Path:
    return cache_dir() / (hashlib.sha256(str(directory).encode()).hexdigest()[:32] + f".{kind}.pickle")


@dataclass(frozen=True)
class Loaded:
    """What commands need of a validated dataset, as the cache keeps it.

    Not the records themselves: a query needs only the graph and the names, and leaving
    100,000 relation records out of the cache entry makes it a third quicker to read.
    """

    graph: nx.MultiDiGraph
    names: NameIndex
    summary: str  # Dataset.summary() of the records the graph was built from


def load_graph(path: str | os.PathLike | None = None, use_cache: bool = True) -> Loaded:
    """The validated dataset's graph and names, from the cache when the inputs are unchanged."""
    directory = resolve_data_dir(path).resolve()
    entry = _entry(directory, "graph")
    key = fingerprint(directory)
    if use_cache:
        cached = _read(entry)
        if cached is not None and cached[0] == key:
            return cached[1]
    with paused_gc():  # one pause for reading, checking, building and storing, not one per step
        dataset = load(directory)
        loaded = Loaded(build_graph(dataset), NameIndex(dataset.actors), dataset.summary())
        if use_cache:
            _write(entry, (key, loaded))
    return loaded


RANKED_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


def load_ranks(path: str | os.PathLike | None = None) -> dict[str, dict[str, tuple[int, float]]]:
    """Each actor's (rank, value) on the main centrality measures over all counted relations.

    Computed with graphkit.analysis (as in the report) the first time after the data
    changes, then kept beside the cached graph, so dossiers stay quick.
    """
    directory = resolve_data_dir(path).resolve()
    entry = _entry(directory, "ranks")
    key = fingerprint(directory)
    cached = _read(entry)
    if cached is not None and cached[0] == key:
        return cached[1]
    from graphkit.analysis import centrality

    graph = load_graph(directory).graph
    table = centrality(graph, layers=("all",))
    ranks: dict[str, dict[str, tuple[int, float]]] = {actor: {} for actor in table.index}
    for measure in RANKED_MEASURES:
        column = table[f"{measure}_all"].fillna(0.0)
        order = column.rank(method="min", ascending=False).astype(int)
        for actor in table.index:
            ranks[actor][measure] = (int(order[actor]), float(column[actor]))
    _write(entry, (key, ranks))
    return ranks


def _read(entry: Path):
    try:
        with entry.open("rb") as handle, paused_gc():  # a graph unpickles as a million small objects
            return pickle.load(handle)
    except Exception:  # a missing, truncated or outdated entry is simply rebuilt
        return None


def _write(entry: Path, payload: object) -> None:
    """Atomically replace the entry; a cache that cannot be written is not an error."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", delete=False) as handle:
            temporary = Path(handle.name)
            with paused_gc():
                pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
    except OSError:
        if "temporary" in locals():
            temporary.unlink(missing_ok=True)
