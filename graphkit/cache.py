"""A built graph kept on disk, keyed by the content of everything it was built from.

Queries are run dozens of times; validating and building on every call would dominate
them. The cache lives in the user's cache directory (or $GRAPHKIT_CACHE_DIR), holds one
entry per dataset directory, and is rebuilt whenever any byte the loader reads changes.
An entry is written only after the data validated, so the cache never answers for data
that does not. Entries are pickles (the quickest to read) and a pickle can run code, so
each is signed with HMAC-SHA256 under a key only this user can read, and checked before
it is unpickled: an entry this user's graphkit did not write is never loaded.

Queries that read a few relations (`answer`: `path`) use a second entry beside it, the
graph as columns (graphkit.columns: no pickle, memory-mapped, read only where touched).
The key is the digest of every input's bytes; hashing them all again (300 MB at a million
relations) is skipped when every input file's device, inode, size, modification and
change times are those recorded when the digest was computed (as git's index does; a
user cannot set a change time), kept in a small signed file beside the entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from graphkit.errors import GraphkitError
from graphkit.load import (
    FILES,
    OMISSIONS_FILE,
    document_file,
    document_folders,
    document_paths,
    paused_gc,
    resolve_data_dir,
)
from graphkit.names import NameIndex
from graphkit.validate import load

if TYPE_CHECKING:
    import networkx as nx

_FORMAT = 4  # 4: edges carry corroboration
_KEY_FILE = "key"
_KEY_SIZE = 32
_MAC_SIZE = hashlib.sha256().digest_size
_FINGERPRINT_SIZE = 2 * hashlib.sha256().digest_size  # hex


MAX_MB_ENV = "GRAPHKIT_CACHE_MAX_MB"
DEFAULT_MAX_MB = 1024
"""The cache's size bound: past it, the least recently used entries are removed (the graph of a
million relations takes about 330 MB)."""


def max_bytes() -> int:
    """The cache's size bound in bytes, from $GRAPHKIT_CACHE_MAX_MB (megabytes; 0 keeps nothing)."""
    configured = os.environ.get(MAX_MB_ENV, "").strip()
    if not configured:
        return DEFAULT_MAX_MB * 1024 * 1024
    try:
        megabytes = float(configured)
    except ValueError:
        megabytes = -1.0
    if not megabytes >= 0:  # also NaN
        raise GraphkitError(
            f"${MAX_MB_ENV} is {configured!r}: give the cache's size bound in megabytes, e.g. {DEFAULT_MAX_MB}"
        )
    return int(megabytes * 1024 * 1024)


def cache_dir() -> Path:
    configured = os.environ.get("GRAPHKIT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("graphkit", appauthor=False))


def fingerprint(directory: Path) -> str:
    """A digest of graphkit's version and vocabulary, the dataset files and their documents.

    The documents are the ones the loader reads, found and resolved by the loader's own
    functions, so a path cell with a stray space or a header ` path` still has its
    document in the key. Each part is length-prefixed and a missing file differs from an
    empty one.
    """
    return _fingerprint(directory)[0]


_SETTLED_NS = 2_000_000_000
"""A file changed this recently (ns) before its status was taken is not vouched for by its status: a
second change within the file system's clock tick could leave size and times as they were."""


def _version() -> str:
    return f"{_FORMAT}\0{_installed_version()}"


def _installed_version() -> str:
    """graphkit's installed version, from the name of the first `graphkit-VERSION.dist-info` on the path.

    Where importlib.metadata would find it first; importing that (15 ms) was a tenth of a
    cached query, so it is asked only when no such folder is found.
    """
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("graphkit-") and name.endswith((".dist-info", ".egg-info")):
                return name.removeprefix("graphkit-").rsplit(".", 1)[0]
    from importlib import metadata

    try:
        return metadata.version("graphkit")
    except metadata.PackageNotFoundError:
        return "unknown"


def _fingerprint(directory: Path) -> tuple[str, dict | None]:
    """`fingerprint`, and the status of every file it read (None when the status cannot vouch for it).

    Each file's status is taken before it is read: a change while it is read leaves a
    status that no longer matches, so the next key is hashed afresh.
    """
    started = time.time_ns()
    digest = hashlib.sha256()
    version = _version()
    files: list = []
    vouched = True

    def read(path: Path | Any, record: list) -> bytes | None:
        nonlocal vouched
        try:
            status = os.stat(path)
        except OSError:
            status = None
        if status is None or not stat.S_ISREG(status.st_mode):
            record.append([str(path), None])
            return None
        try:
            data = path.read_bytes()
        except OSError:
            vouched = False
            return None
        record.append([str(path), _identity(status)])
        vouched = vouched and status.st_ctime_ns < started - _SETTLED_NS
        return data

    _feed(digest, "graphkit", version.encode())
    vocab = resources.files("graphkit").joinpath("vocab.toml")
    if isinstance(vocab, Path):
        _feed(digest, "vocab.toml", read(vocab, files))
    else:  # inside an archive: read, but no status to record
        _feed(digest, "vocab.toml", vocab.read_bytes())
        vouched = False
    for name in (*FILES, OMISSIONS_FILE):
        _feed(digest, name, read(directory / name, files))
    try:
        documents = document_paths(directory)
    except OSError:  # sources.csv unreadable: the loader fails on it too, and nothing is cached
        documents = []
        vouched = False
    folders = document_folders(directory)
    read_documents: list = []
    for document in documents:
        try:
            file = document_file(directory, document, folders)
        except (GraphkitError, ValueError):  # a path the loader refuses: it reports it, and nothing is cached
            file = None
        if file is None or os.path.normpath(os.path.join(directory, document)) != str(file):
            vouched = False  # refused, or reached through a symbolic link: its status cannot vouch for the path
        _feed(digest, document, None if file is None else read(file, read_documents))
    key = digest.hexdigest()
    if not vouched or any(status is None for _, status in read_documents):
        return key, None
    return key, {
        "directory": str(directory),
        "version": version,
        "folders": [str(folder) for folder in folders],
        "key": key,
        "files": files,
        "documents": [path for path, _ in read_documents],
        "statuses": [status for _, status in read_documents],
        "directories": _directories(path for path, _ in read_documents),
    }


def _identity(status: os.stat_result) -> list[int]:
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def _directories(paths) -> list:
    """Each folder above the documents, with its device and inode: a folder replaced (by a link) shows there."""
    seen: dict[str, None] = {}
    for path in paths:
        folder = os.path.dirname(path)
        while folder not in seen:
            seen[folder] = None
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    found = []
    for folder in seen:
        status = os.lstat(folder)
        found.append([folder, status.st_dev, status.st_ino])
    return found


def _key(directory: Path) -> str:
    """`fingerprint(directory)`, from the recorded statuses when every input file still has them."""
    secret = _secret()
    record = _entry(directory, "stat")
    if secret is not None:
        recorded = _read_signed(record, secret)
        if recorded is not None:
            with contextlib.suppress(Exception):  # any record that does not fit is one to replace
                if _still(recorded, directory):
                    return recorded["key"]
    key, statuses = _fingerprint(directory)
    if secret is not None and statuses is not None:
        _write_signed(record, json.dumps(statuses, separators=(",", ":")).encode())
    return key


def _still(recorded: dict, directory: Path) -> bool:
    """Whether every input recorded is still the file it was, unchanged (the same status), and nothing else is read."""
    if (
        recorded["directory"] != str(directory)
        or recorded["version"] != _version()
        or recorded["folders"] != [str(folder) for folder in document_folders(directory)]
    ):
        return False
    for path, identity in recorded["files"]:
        try:
            status = os.stat(path)
        except OSError:
            status = None
        if status is None or not stat.S_ISREG(status.st_mode):
            if identity is not None:
                return False
        elif identity != _identity(status):
            return False
    for folder, device, inode in recorded["directories"]:
        status = os.lstat(folder)
        if not stat.S_ISDIR(status.st_mode) or (status.st_dev, status.st_ino) != (device, inode):
            return False
    for path, identity in zip(recorded["documents"], recorded["statuses"], strict=True):
        status = os.lstat(path)  # not followed: a document's path that became a link is not the same file
        if not stat.S_ISREG(status.st_mode) or identity != _identity(status):
            return False
    return isinstance(recorded["key"], str) and len(recorded["key"]) == _FINGERPRINT_SIZE


def _feed(digest, name: str, data: bytes | None) -> None:
    label = name.encode("utf-8", "surrogateescape")
    digest.update(len(label).to_bytes(8, "big") + label)
    if data is None:
        digest.update(b"\xff" * 8)  # absent: no length has this prefix
    else:
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)


_SUFFIXES = {"graph": ".graph.pickle", "ranks": ".ranks.pickle", "columns": ".graph.columns", "stat": ".stat"}


def _entry(directory: Path, kind: str) -> Path:
    return cache_dir() / (hashlib.sha256(str(directory).encode()).hexdigest()[:32] + _SUFFIXES[kind])


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
    return _load_graph(directory, _key(directory), use_cache)[0]


def _load_graph(directory: Path, key: str, use_cache: bool) -> tuple[Loaded, bool]:
    """The graph, and whether it is the one for `key` (the data did not change while it was built)."""
    entry = _entry(directory, "graph")
    if use_cache:
        cached = _read(entry, key, _is_loaded)
        if cached is not None:
            return cached, True
    from graphkit.graph import build_graph  # networkx: not needed by a query the columns answer

    with paused_gc():  # one pause for reading, checking, building and storing, not one per step
        dataset = load(directory)  # raises ValidationFailed: nothing is kept of data that does not validate
        loaded = Loaded(build_graph(dataset), NameIndex(dataset.actors), dataset.summary())
        kept = _store(directory, entry, key, loaded) if use_cache else False
    return loaded, kept


Answer = TypeVar("Answer")


def answer(path: str | os.PathLike | None, question: Callable[[Any, Any], Answer]) -> Answer:
    """`question(graph, names)` on the dataset, answered from the columnar entry when it is fresh.

    For queries that read a few relations (paths): `graph` is then a
    `graphkit.columns.ColumnarGraph`, which reads what the query touches. Otherwise (no
    entry, or one damaged, even midway) the full graph answers and the entry is written
    for next time. `names` resolves what users type (`NameIndex.resolve`).
    """
    from graphkit.columns import Damaged, open_entry, write

    directory = resolve_data_dir(path).resolve()
    key = _key(directory)
    entry = _entry(directory, "columns")
    secret = _secret()
    if secret is not None:
        graph = open_entry(entry, key, secret)
        if graph is not None:
            with contextlib.suppress(OSError):
                os.utime(entry)  # used now: the last to be evicted (see _evict)
            try:
                with paused_gc():  # a search makes thousands of small dicts, none in a cycle
                    return question(graph, graph.names)
            except Damaged:  # a part failed its check as it was read: answer afresh, and replace it
                entry.unlink(missing_ok=True)
    loaded, kept = _load_graph(directory, key, use_cache=True)
    if kept and secret is not None and write(entry, key, secret, loaded.graph, loaded.summary):
        _evict(entry.parent, max_bytes())
    return question(loaded.graph, loaded.names)


RANKED_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


def load_ranks(path: str | os.PathLike | None = None) -> dict[str, dict[str, tuple[int, float]]]:
    """Each actor's (rank, value) on the main centrality measures over all counted relations.

    Computed with graphkit.analysis (as in the report) the first time after the data
    changes, then kept beside the cached graph, so dossiers stay quick.
    """
    directory = resolve_data_dir(path).resolve()
    entry = _entry(directory, "ranks")
    key = _key(directory)
    cached = _read(entry, key, _is_ranks)
    if cached is not None:
        return cached
    from graphkit.analysis import centrality

    graph = load_graph(directory).graph
    table = centrality(graph, layers=("all",))
    ranks: dict[str, dict[str, tuple[int, float]]] = {actor: {} for actor in table.index}
    for measure in RANKED_MEASURES:
        column = table[f"{measure}_all"].fillna(0.0)
        order = column.rank(method="min", ascending=False).astype(int)
        for actor in table.index:
            ranks[actor][measure] = (int(order[actor]), float(column[actor]))
    _store(directory, entry, key, ranks)
    return ranks


def _is_loaded(payload: object) -> bool:
    import networkx as nx  # imported already by unpickling the graph

    return (
        isinstance(payload, Loaded)
        and isinstance(payload.graph, nx.MultiDiGraph)
        and isinstance(payload.names, NameIndex)
        and isinstance(payload.summary, str)
    )


def _is_ranks(payload: object) -> bool:
    return isinstance(payload, dict) and all(
        isinstance(actor, str)
        and isinstance(measures, dict)
        and all(
            isinstance(measure, str)
            and isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], int)
            and isinstance(pair[1], float)
            for measure, pair in measures.items()
        )
        for actor, measures in payload.items()
    )


def _secret() -> bytes | None:
    """This user's key for signing entries, made on first use; None (then nothing is cached) if it is not safe.

    Safe means a regular file of the right size, owned by this user, that no one else may
    read or write: anyone who can read the key can forge an entry that runs code.
    """
    path = cache_dir() / _KEY_FILE
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    except OSError:  # the cache directory is a file, unreadable, ...
        return None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _create_secret(path)
        return _read_secret(path)
    except OSError:
        return None


def _read_secret(path: Path) -> bytes | None:
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        getuid = getattr(os, "getuid", None)  # no owners or modes to check on Windows
        if getuid is not None and (status.st_uid != getuid() or status.st_mode & (stat.S_IRWXG | stat.S_IRWXO)):
            return None
        secret = os.read(descriptor, _KEY_SIZE + 1)
    finally:
        os.close(descriptor)
    return secret if len(secret) == _KEY_SIZE else None


def _create_secret(path: Path) -> None:
    """Write a new random key beside `path` (mode 0600, a file no one else made) and link it in, unless one exists.

    Linking a whole file in place means no process ever reads a half-written key.
    """
    draft = path.with_name(f".{_KEY_FILE}-{os.getpid()}-{os.urandom(8).hex()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(descriptor, 0o600)  # whatever the umask
            os.write(descriptor, os.urandom(_KEY_SIZE))
        finally:
            os.close(descriptor)
        with contextlib.suppress(FileExistsError):  # another process made one first: use theirs
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def _mac(secret: bytes, entry: Path, body: bytes | memoryview) -> bytes:
    """The entry's checksum, bound to its file name so an entry cannot stand in for another."""
    signer = hmac.new(secret, entry.name.encode() + b"\0", hashlib.sha256)
    signer.update(body)
    return signer.digest()


def _read(entry: Path, key: str, expected: Callable[[object], bool]) -> object | None:
    """The entry's payload if this user's graphkit wrote it for `key` and it has the expected shape, else None.

    The checksum is verified over the exact bytes before anything is unpickled. A missing,
    outdated, truncated, foreign or wrong-shaped entry is a miss, rebuilt by the caller.
    """
    secret = _secret()
    if secret is None:
        return None
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    mac, body = data[:_MAC_SIZE], memoryview(data)[_MAC_SIZE:]
    if body[:_FINGERPRINT_SIZE] != key.encode() or not hmac.compare_digest(mac, _mac(secret, entry, body)):
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # used now: the last to be evicted (see _evict)
    try:
        with paused_gc():  # a graph unpickles as a million small objects
            payload = pickle.loads(body[_FINGERPRINT_SIZE:])
    except Exception:  # written by another version of graphkit's classes
        return None
    return payload if expected(payload) else None


def _store(directory: Path, entry: Path, key: str, payload: object) -> bool:
    """Keep the payload under `key`, unless the data changed while it was being built (then the key would lie)."""
    if fingerprint(directory) != key:
        return False
    _write(entry, key, payload)
    return True


def _write(entry: Path, key: str, payload: object) -> None:
    """Atomically replace the entry, signed; a cache that cannot be written is not an error."""
    with paused_gc():
        body = key.encode() + pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    if _write_signed(entry, body):
        _evict(entry.parent, max_bytes())


def _write_signed(entry: Path, body: bytes) -> bool:
    """Atomically replace `entry` with `body` signed; False if there is no safe key or it cannot be written."""
    secret = _secret()
    if secret is None:
        return False
    temporary = None
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(_mac(secret, entry, body))
            handle.write(body)
        os.replace(temporary, entry)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return False
    return True


def _read_signed(entry: Path, secret: bytes) -> dict | None:
    """A signed JSON record this user's graphkit wrote (the key's statuses), else None."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    mac, body = data[:_MAC_SIZE], data[_MAC_SIZE:]
    if not hmac.compare_digest(mac, _mac(secret, entry, body)):
        return None
    try:
        found = json.loads(body)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _evict(directory: Path, limit: int) -> None:
    """Remove the entries of the datasets used longest ago until the rest fit in `limit` bytes.

    A dataset's entries (graph, columns, ranks, the key's statuses) go together, as its
    most recently used one dates them; those larger than the limit on their own are
    removed too: a limit of 0 keeps nothing.
    """
    groups: dict[str, list[tuple[int, int, Path]]] = {}
    for suffix in _SUFFIXES.values():
        for path in directory.glob(f"*{suffix}"):
            try:
                status = path.stat()
            except OSError:  # removed meanwhile by another process
                continue
            if stat.S_ISREG(status.st_mode):
                groups.setdefault(path.name.split(".")[0], []).append((status.st_mtime_ns, status.st_size, path))
    ranked = sorted(
        (max(used for used, _, _ in found), dataset, sum(size for _, size, _ in found), [p for *_, p in found])
        for dataset, found in groups.items()
    )
    total = sum(size for _, _, size, _ in ranked)
    for _, _, size, paths in ranked:
        if total <= limit:
            break
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()
        total -= size
