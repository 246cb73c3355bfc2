"""The graph cache never answers for data that changed or does not validate, and never runs what it finds."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit.cache as cache
import graphkit.columns as columns
from graphkit.cache import Loaded, fingerprint
from graphkit.cli import main

REPO = Path(__file__).resolve().parents[1]
ROUTE = ["carpathia_railway", "borduria_front", "avalonia"]  # ruritania -> avalonia in the minimal dataset


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(home))
    return home


def run(dataset: Path, *args: str):
    return CliRunner().invoke(main, ["--data", str(dataset), *args], catch_exceptions=False)


def route(dataset: Path) -> list[str]:
    result = run(dataset, "path", "ruritania", "avalonia", "--include-proposed", "--max-hops", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    return [hop["to"] for hop in json.loads(result.output)[0]]


def entries(home: Path) -> list[Path]:
    """Every entry in the cache (not its key, nor what a test put there)."""
    return sorted(p for p in home.glob("*") if p.name not in ("key", "elsewhere"))


def graph_entry(home: Path) -> Path:
    entries = sorted(home.glob("*.graph.pickle"))
    assert len(entries) == 1, entries
    return entries[0]


def holds_a_graph(entry: Path, dataset: Path) -> bool:
    """Whether the entry is one the cache would serve for the dataset as it is now."""
    return isinstance(cache._read(entry, fingerprint(dataset.resolve()), cache._is_loaded), Loaded)


def without_columns(home: Path) -> None:
    """Remove the columnar entries, so that the next `path` reads the graph entry."""
    for entry in home.glob("*.graph.columns"):
        entry.unlink()


@pytest.mark.parametrize(
    ("old", "new"),
    [("docs/report.txt", "docs/report.txt "), ("id,path,", "id, path,")],
    ids=["trailing-space-in-path-cell", "header-with-a-space"],
)
def test_the_key_covers_a_document_however_sources_csv_spells_its_path(dataset_dir, cache_home, old, new):
    sources = dataset_dir / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert route(dataset_dir) == ROUTE  # valid as the loader reads it, and now cached
    assert graph_entry(cache_home).is_file()
    (dataset_dir / "docs" / "report.txt").write_text("", encoding="utf-8")
    result = run(dataset_dir, "path", "ruritania", "avalonia", "--include-proposed")
    assert result.exit_code == 1
    assert "relations.csv:2: quote: not found verbatim in docs/report.txt" in result.stdout


def test_emptying_every_document_fails_queries_as_validate_does_and_build_writes_nothing(
    tmp_path, cache_home, monkeypatch
):
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("GRAPHKIT_DOCUMENTS", str(tmp_path / "seeds"))  # a copy's documents lie outside it
    dataset = tmp_path / "data"
    sources = dataset / "sources.csv"  # path cells with a trailing space, as spreadsheets leave them
    spaced, count = re.subn(r"(\.txt),", r"\1 ,", sources.read_text(encoding="utf-8"))
    assert count > 0
    sources.write_text(spaced, encoding="utf-8")
    assert run(dataset, "path", "russia", "ttp").exit_code == 0  # fills the cache
    documents = sorted((tmp_path / "seeds").glob("*.txt"))
    assert documents
    for document in documents:
        document.write_bytes(b"")
    validate = run(dataset, "validate")
    assert validate.exit_code == 1 and validate.stdout.count("not found verbatim") > 100
    path = run(dataset, "path", "russia", "ttp")
    assert path.exit_code == 1
    assert path.stdout == validate.stdout  # the same problems, line for line
    build = run(dataset, "build", "--out", str(tmp_path / "out"))
    assert build.exit_code == 1 and "OK" not in build.output
    assert not (tmp_path / "out").exists()


class _Plant:
    """A pickle that, when loaded, makes a directory: what an attacker's entry would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def _bare_pickle(entry: Path, dataset: Path, payload: bytes) -> bytes:
    return payload


def _forged(entry: Path, dataset: Path, payload: bytes) -> bytes:
    """The entry's layout with the right fingerprint, signed with a key that is not this user's."""
    body = fingerprint(dataset.resolve()).encode() + payload
    return cache._mac(os.urandom(32), entry, body) + body


@pytest.mark.parametrize("plant", [_bare_pickle, _forged], ids=["bare-pickle", "foreign-signature"])
def test_a_planted_entry_is_never_run_and_the_query_answers(dataset_dir, cache_home, tmp_path, plant):
    assert route(dataset_dir) == ROUTE
    entry = graph_entry(cache_home)
    marker = tmp_path / "planted-code-ran"
    payload = pickle.dumps(_Plant(marker))
    pickle.loads(payload)  # the payload is live: loading it does run code
    assert marker.exists()
    marker.rmdir()
    planted = plant(entry, dataset_dir, payload)
    entry.write_bytes(planted)
    without_columns(cache_home)
    assert route(dataset_dir) == ROUTE
    assert not marker.exists()
    assert entry.read_bytes() != planted and holds_a_graph(entry, dataset_dir)  # rebuilt in its place


@pytest.mark.parametrize(
    "payload",
    ["not a graph", ("fingerprint", None), Loaded(graph=None, names=None, summary=0)],
    ids=["text", "old-tuple", "loaded-of-wrong-types"],
)
def test_a_signed_entry_of_the_wrong_shape_is_rebuilt(dataset_dir, cache_home, payload):
    assert route(dataset_dir) == ROUTE
    entry = graph_entry(cache_home)
    cache._write(entry, fingerprint(dataset_dir.resolve()), payload)
    assert not holds_a_graph(entry, dataset_dir)  # signed, fresh, but not a graph
    without_columns(cache_home)
    assert route(dataset_dir) == ROUTE
    assert holds_a_graph(entry, dataset_dir)


def test_a_signed_ranks_entry_of_the_wrong_shape_is_rebuilt(dataset_dir, cache_home):
    first = run(dataset_dir, "show", "avalonia", "--format", "json")
    assert first.exit_code == 0, first.output
    (entry,) = cache_home.glob("*.ranks.pickle")
    cache._write(entry, fingerprint(dataset_dir.resolve()), {"avalonia": {"degree": "first"}})
    again = run(dataset_dir, "show", "avalonia", "--format", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["ranks"] == json.loads(first.output)["ranks"]


@pytest.mark.parametrize("keep", [0, 10, 50, 100, -1], ids=lambda keep: f"cut-at-{keep}")
def test_a_truncated_entry_is_rebuilt(dataset_dir, cache_home, keep):
    assert route(dataset_dir) == ROUTE
    entry = graph_entry(cache_home)
    whole = entry.read_bytes()
    entry.write_bytes(whole[:keep])
    without_columns(cache_home)
    assert route(dataset_dir) == ROUTE
    assert holds_a_graph(entry, dataset_dir) and entry.stat().st_size == len(whole)


@pytest.mark.parametrize("where", ["a-file", "under-a-file"])
def test_an_unusable_cache_directory_still_answers_quietly(dataset_dir, tmp_path, monkeypatch, where):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file\n", encoding="utf-8")
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(blocker if where == "a-file" else blocker / "cache"))
    for _ in range(2):
        result = run(
            dataset_dir, "path", "ruritania", "avalonia", "--include-proposed", "--max-hops", "3", "--format", "json"
        )
        assert result.exit_code == 0 and result.stderr == ""
        assert [hop["to"] for hop in json.loads(result.stdout)[0]] == ROUTE
    assert blocker.read_text(encoding="utf-8") == "a file\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_cache_directory_still_answers_quietly(dataset_dir, cache_home):
    cache_home.mkdir(mode=0o500)
    try:
        result = run(
            dataset_dir, "path", "ruritania", "avalonia", "--include-proposed", "--max-hops", "3", "--format", "json"
        )
        assert result.exit_code == 0 and result.stderr == ""
        assert list(cache_home.iterdir()) == []
    finally:
        cache_home.chmod(0o700)


def test_the_key_is_this_users_alone(dataset_dir, cache_home):
    assert route(dataset_dir) == ROUTE
    key = cache_home / "key"
    status = key.stat()
    assert stat.S_IMODE(status.st_mode) == 0o600 and status.st_size == 32
    assert status.st_uid == os.getuid()
    before = key.read_bytes()
    assert route(dataset_dir) == ROUTE
    assert key.read_bytes() == before  # made once, then kept


def _readable_by_others(key: Path) -> None:
    key.chmod(0o644)


def _a_symlink(key: Path) -> None:
    real = key.with_name("elsewhere")
    key.rename(real)
    key.symlink_to(real)


def _owned_by_someone_else(key: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file away")
    os.chown(key, 4242, -1)


@pytest.mark.parametrize("spoil", [_readable_by_others, _a_symlink, _owned_by_someone_else])
def test_an_unsafe_key_means_nothing_is_cached(dataset_dir, cache_home, spoil):
    assert route(dataset_dir) == ROUTE
    for entry in entries(cache_home):
        entry.unlink()
    spoil(cache_home / "key")
    for _ in range(2):
        assert route(dataset_dir) == ROUTE
    assert entries(cache_home) == []


def test_an_entry_is_not_kept_when_the_data_changed_while_it_was_built(dataset_dir, cache_home, monkeypatch):
    real_load = cache.load

    def load_then_edit(directory):
        dataset = real_load(directory)
        with (dataset_dir / "relations.csv").open("a", encoding="utf-8") as handle:
            handle.write("r9,ruritania,avalonia,negotiates_with,,,confirmed,report,Ruritania plans,\n")
        return dataset

    monkeypatch.setattr(cache, "load", load_then_edit)
    assert route(dataset_dir) == ROUTE
    assert [e for e in entries(cache_home) if not e.name.endswith(".stat")] == []
    monkeypatch.setattr(cache, "load", real_load)
    assert route(dataset_dir) == ["avalonia"]  # the new relation, read afresh


def _copies(dataset_dir: Path, tmp_path: Path, count: int) -> list[Path]:
    copies = []
    for number in range(count):
        copy = tmp_path / f"copy{number}"
        shutil.copytree(dataset_dir, copy)
        copies.append(copy)
    return copies


def _entry_of(home: Path, dataset: Path) -> Path:
    return cache._entry(dataset.resolve(), "graph")


def _entries_of(home: Path, dataset: Path) -> list[Path]:
    """The dataset's entries: graph, columns and the key's statuses."""
    prefix = cache._entry(dataset.resolve(), "graph").name.split(".")[0]
    return sorted(home.glob(f"{prefix}.*"))


def test_the_cache_keeps_the_recently_used_entries_within_its_bound(dataset_dir, cache_home, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)  # the copies' statuses are recorded too
    a, b, c = _copies(dataset_dir, tmp_path, 3)
    assert route(a) == ROUTE
    assert {e.name.split(".", 1)[1] for e in _entries_of(cache_home, a)} == {"graph.pickle", "graph.columns", "stat"}
    size = sum(e.stat().st_size for e in _entries_of(cache_home, a))
    monkeypatch.setenv("GRAPHKIT_CACHE_MAX_MB", str(2.5 * size / 1024 / 1024))  # room for two datasets' entries
    assert route(b) == ROUTE
    for entry in _entries_of(cache_home, a):
        os.utime(entry, (1, 1))  # a written first, b later ...
    for entry in _entries_of(cache_home, b):
        os.utime(entry, (2, 2))
    assert route(a) == ROUTE  # ... but a read since: b is now the least recently used
    assert route(c) == ROUTE
    assert _entries_of(cache_home, b) == []
    assert len(_entries_of(cache_home, a)) == len(_entries_of(cache_home, c)) == 3
    assert holds_a_graph(_entry_of(cache_home, a), a) and holds_a_graph(_entry_of(cache_home, c), c)
    assert route(b) == ROUTE  # evicted, so rebuilt: the answer is the same


def test_a_bound_of_zero_keeps_nothing_and_queries_still_answer(dataset_dir, cache_home, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_MAX_MB", "0")
    assert route(dataset_dir) == ROUTE
    assert entries(cache_home) == []
    assert (cache_home / "key").exists()  # the key is not an entry


@pytest.mark.parametrize("value", ["lots", "-1", "nan"])
def test_a_bound_that_is_not_a_size_is_one_error_line(dataset_dir, cache_home, monkeypatch, value):
    monkeypatch.setenv("GRAPHKIT_CACHE_MAX_MB", value)
    result = CliRunner().invoke(main, ["--data", str(dataset_dir), "path", "ruritania", "avalonia"])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        f"Error: $GRAPHKIT_CACHE_MAX_MB is '{value}': give the cache's size bound in megabytes, e.g. 1024"
    ]


# --- the key from file statuses ------------------------------------------------------------


def _same_size_same_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Edit `path` keeping its size and putting its modification time back, as a careful tool might."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [("relations.csv", b"attacked the Carpathia", b"attacked the Carpathib"), ("docs/report.txt", b"twice", b"TWICE")],
    ids=["relations", "document"],
)
def test_the_key_comes_from_statuses_until_a_file_changes_even_with_size_and_mtime_kept(
    dataset_dir, cache_home, monkeypatch, name, old, new
):
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)  # the fresh copy's statuses are recorded too
    assert route(dataset_dir) == ROUTE
    assert len(list(cache_home.glob("*.stat"))) == 1
    real_fingerprint = cache._fingerprint

    def no_hashing(directory):
        raise AssertionError("the inputs were hashed")

    monkeypatch.setattr(cache, "_fingerprint", no_hashing)
    assert route(dataset_dir) == ROUTE  # unchanged: nothing read but statuses
    _same_size_same_mtime(dataset_dir / name, old, new)
    with pytest.raises(AssertionError, match="hashed"):
        route(dataset_dir)
    monkeypatch.setattr(cache, "_fingerprint", real_fingerprint)
    result = run(dataset_dir, "path", "ruritania", "avalonia", "--include-proposed")
    assert result.exit_code == 1 and "not found verbatim in docs/report.txt" in result.stdout


def test_statuses_of_files_changed_just_now_are_not_trusted(dataset_dir, cache_home):
    """A second change within the file system's clock tick could keep every status: such files are hashed each time."""
    assert route(dataset_dir) == ROUTE  # the copy was made just now
    assert list(cache_home.glob("*.stat")) == []
    assert len(list(cache_home.glob("*.graph.columns"))) == 1


def test_a_document_reached_through_a_link_is_hashed_each_time(dataset_dir, cache_home, monkeypatch):
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)
    (dataset_dir / "docs").rename(dataset_dir / "real-docs")
    (dataset_dir / "docs").symlink_to(dataset_dir / "real-docs")
    assert route(dataset_dir) == ROUTE
    assert list(cache_home.glob("*.stat")) == []


def test_a_forged_status_record_is_not_believed(dataset_dir, cache_home, monkeypatch):
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)
    assert route(dataset_dir) == ROUTE
    (record,) = cache_home.glob("*.stat")
    statuses = json.loads(record.read_bytes()[cache._MAC_SIZE :])
    _same_size_same_mtime(dataset_dir / "docs" / "report.txt", b"twice", b"TWICE")
    statuses["statuses"] = [cache._identity(Path(p).stat()) for p in statuses["documents"]]  # as it is now
    body = json.dumps(statuses).encode()
    record.write_bytes(cache._mac(os.urandom(32), record, body) + body)
    result = run(dataset_dir, "path", "ruritania", "avalonia", "--include-proposed")
    assert result.exit_code == 1 and "not found verbatim in docs/report.txt" in result.stdout


# --- the columnar entry --------------------------------------------------------------------


def columns_entry(home: Path) -> Path:
    (entry,) = home.glob("*.graph.columns")
    return entry


def serves(entry: Path, dataset: Path) -> bool:
    """Whether the columnar entry is one the cache would read for the dataset as it is now."""
    return columns.open_entry(entry, fingerprint(dataset.resolve()), (entry.parent / "key").read_bytes()) is not None


def _header(entry: Path) -> tuple[int, dict]:
    data = entry.read_bytes()
    offset, length = int.from_bytes(data[8:16], "little"), int.from_bytes(data[16:24], "little")
    return offset, json.loads(data[offset : offset + length])


def _signed_with(entry: Path, header: dict, secret: bytes) -> None:
    """Put `header` in the entry, signed with `secret`."""
    offset, _ = _header(entry)
    body = json.dumps(header).encode()
    lengths = offset.to_bytes(8, "little") + len(body).to_bytes(8, "little")
    data = entry.read_bytes()[:offset]
    magic = data[:8]
    entry.write_bytes(magic + lengths + columns._sign(secret, entry, magic + lengths + body) + data[56:] + body)


def _answered_from_columns(dataset: Path, monkeypatch) -> str:
    """The path's JSON, asserting the full graph was not needed."""
    with monkeypatch.context() as patch:
        patch.setattr(cache, "_load_graph", lambda *a: pytest.fail("the full graph was loaded"))
        result = run(dataset, "path", "ruritania", "avalonia", "--include-proposed", "--format", "json")
    assert result.exit_code == 0
    return result.output


@pytest.mark.parametrize(
    "section",
    ["keys", "edge.quote", "out_nbr", "in_group", "ids", "names", "edge.directed.codes", "edge.directed.table"],
)
def test_a_damaged_columnar_section_is_noticed_even_midway_and_rebuilt(dataset_dir, cache_home, monkeypatch, section):
    expected = run(dataset_dir, "path", "ruritania", "avalonia", "--include-proposed", "--format", "json").output
    entry = columns_entry(cache_home)
    assert _answered_from_columns(dataset_dir, monkeypatch) == expected
    _, header = _header(entry)
    place = header["sections"][section]["offset"]
    data = bytearray(entry.read_bytes())
    data[place] ^= 0x01
    entry.write_bytes(bytes(data))
    result = run(dataset_dir, "path", "ruritania", "avalonia", "--include-proposed", "--format", "json")
    assert result.exit_code == 0 and result.output == expected
    assert entry.read_bytes() != bytes(data) and serves(entry, dataset_dir)  # written again
    assert _answered_from_columns(dataset_dir, monkeypatch) == expected


@pytest.mark.parametrize("keep", [0, 10, 56, 64, 1000, -1], ids=lambda keep: f"cut-at-{keep}")
def test_a_truncated_columnar_entry_is_rebuilt(dataset_dir, cache_home, keep):
    assert route(dataset_dir) == ROUTE
    entry = columns_entry(cache_home)
    whole = entry.read_bytes()
    entry.write_bytes(whole[:keep])
    assert not serves(entry, dataset_dir)
    assert route(dataset_dir) == ROUTE
    assert serves(entry, dataset_dir) and entry.stat().st_size == len(whole)


def _foreign(header: dict) -> tuple[dict, bytes]:
    return header, os.urandom(32)


def _wrong_format(header: dict) -> tuple[dict, None]:
    return header | {"format": 99}, None


def _wrong_counts(header: dict) -> tuple[dict, None]:
    return header | {"nodes": header["nodes"] + 1}, None


def _section_outside(header: dict) -> tuple[dict, None]:
    sections = dict(header["sections"])
    sections["keys"] = sections["keys"] | {"offset": 10**9}
    return header | {"sections": sections}, None


def _parts_missing(header: dict) -> tuple[dict, None]:
    return {k: v for k, v in header.items() if k != "arrays"}, None


def _not_an_object(header: dict) -> tuple[list, None]:
    return [header], None


@pytest.mark.parametrize(
    "spoil", [_foreign, _wrong_format, _wrong_counts, _section_outside, _parts_missing, _not_an_object]
)
def test_a_foreign_or_wrong_shaped_columnar_entry_is_rebuilt(dataset_dir, cache_home, spoil):
    assert route(dataset_dir) == ROUTE
    entry = columns_entry(cache_home)
    header, secret = spoil(_header(entry)[1])
    _signed_with(entry, header, secret or (cache_home / "key").read_bytes())
    spoilt = entry.read_bytes()
    assert not serves(entry, dataset_dir)
    assert route(dataset_dir) == ROUTE
    assert entry.read_bytes() != spoilt and serves(entry, dataset_dir)


def test_nothing_in_the_columnar_entry_is_a_pickle(dataset_dir, cache_home):
    assert route(dataset_dir) == ROUTE
    data = columns_entry(cache_home).read_bytes()
    _, header = _header(columns_entry(cache_home))
    for spec in header["sections"].values():
        part = data[spec["offset"] : spec["offset"] + spec["length"]]
        assert not part.startswith(b"\x80")  # no pickle protocol header anywhere a section starts
    assert "pickle" not in json.dumps(header)
