"""`graphkit init`: a new empty dataset, or a self-contained copy of the bundled one, that validates as made."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.load import bundled_data_dir
from graphkit.validate import load


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GRAPHKIT_DATA", raising=False)
    monkeypatch.delenv("GRAPHKIT_DOCUMENTS", raising=False)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_init_makes_an_empty_dataset_that_validates(tmp_path):
    target = tmp_path / "mine"
    made = run("init", str(target))
    assert made.exit_code == 0
    assert made.output == f"Made {target}: 0 actors, 0 relations, 0 sources, 0 documents\n" + (
        f"Next: graphkit --data {target} sources add FILE\n"
    )
    assert sorted(p.name for p in target.iterdir()) == [
        "README.md",
        "actors.csv",
        "documents",
        "omissions.csv",
        "relations.csv",
        "sources.csv",
    ]
    assert (target / "actors.csv").read_text() == "id,name,kind,aliases,description\n"
    assert (target / "relations.csv").read_text() == (
        "id,source,target,relation,start,end,certainty,source_doc,quote,note,temporal,claimant,credibility\n"
    )
    assert (target / "sources.csv").read_text() == "id,path,title,authors,outlet,published,reliability,starts_with\n"
    assert (target / "omissions.csv").read_text() == "source_doc,quote,reason\n"
    assert list((target / "documents").iterdir()) == []
    assert (target / "README.md").read_text().startswith("# mine: a graphkit dataset\n")
    checked = run("--data", str(target), "validate")
    assert checked.exit_code == 0
    assert checked.output == "OK: 0 actors (); 0 relations (); certainty (); 0 sources\n"


def test_init_uses_an_empty_folder_that_exists(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("init", str(tmp_path / "empty")).exit_code == 0
    assert run("--data", str(tmp_path / "empty"), "validate").exit_code == 0


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    target = tmp_path / "full"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n")
    result = run("init", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} is not empty (init makes a new dataset: name a new or empty folder)\n"
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "mine\n"


def test_init_refuses_a_file(tmp_path):
    target = tmp_path / "file.csv"
    target.write_text("x\n")
    result = run("init", str(target), "--from-bundled")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} exists and is not a folder (name a new or empty folder)\n"
    assert target.read_text() == "x\n"


def test_from_bundled_is_a_self_contained_copy_that_validates_alone(tmp_path):
    target = tmp_path / "copy"
    made = run("init", str(target), "--from-bundled")
    assert made.exit_code == 0
    bundled = load()
    counts = f"{len(bundled.actors)} actors, {len(bundled.relations)} relations, {len(bundled.sources)} sources"
    assert made.output.splitlines()[0] == f"Made {target}: {counts}, 5 documents"
    bundled = bundled_data_dir()
    for name in ("actors.csv", "relations.csv", "omissions.csv"):
        assert (target / name).read_bytes() == (bundled / name).read_bytes()
    sources = list(csv.DictReader(io.StringIO((target / "sources.csv").read_text(encoding="utf-8"))))
    originals = list(csv.DictReader(io.StringIO((bundled / "sources.csv").read_text(encoding="utf-8"))))
    assert len(sources) == 9
    # Every path now points inside the copy; only the path changed, and each document is copied once.
    for copy, original in zip(sources, originals, strict=True):
        assert copy["path"] == "documents/" + original["path"].rsplit("/", 1)[-1]
        assert {k: v for k, v in copy.items() if k != "path"} == {k: v for k, v in original.items() if k != "path"}
        assert (target / copy["path"]).read_bytes() == (bundled / original["path"]).read_bytes()
    shared = [s["id"] for s in sources if s["path"] == "documents/002_12b63b600469abee.txt"]
    assert len(shared) == 5
    assert len(list((target / "documents").iterdir())) == 5
    # The copy validates with no --documents, and says what the bundled data says.
    copied, original = run("--data", str(target), "validate"), run("validate")
    assert copied.exit_code == 0
    assert copied.output == original.output
    # It is a dataset of its own: moved elsewhere, it still validates.
    moved = tmp_path / "elsewhere" / "moved"
    moved.parent.mkdir()
    target.rename(moved)
    assert run("--data", str(moved), "validate").output == original.output
