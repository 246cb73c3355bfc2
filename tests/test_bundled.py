"""The bundled dataset: valid, substantial, and shipped inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import graphkit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dataset() -> graphkit.Dataset:
    return graphkit.load()


def test_bundled_dataset_is_valid_and_substantial(dataset):
    assert len(dataset.actors) >= 60
    assert len(dataset.relations) >= 150
    assert {s.path for s in dataset.sources} == {f"../seeds/{p.name}" for p in (ROOT / "seeds").glob("*.txt")}
    per_source = Counter(r.source_doc for r in dataset.relations)
    assert all(per_source[s.id] > 0 for s in dataset.sources), per_source
    kinds = Counter(a.kind for a in dataset.actors)
    assert set(kinds) == set(graphkit.vocabulary().kinds)


def relations(dataset, source, target, relation):
    return [r for r in dataset.relations if (r.source, r.target, r.relation) == (source, target, relation)]


def test_russia_taliban_history_is_three_kinds_of_dated_relation(dataset):
    designations = relations(dataset, "russia", "taliban", "designates_terrorist")
    assert any(r.start == "2003" for r in designations)
    assert any(r.end == "2025-04-17" for r in designations)
    assert any(
        r.start == "2025-04-17" and r.certainty == "confirmed"
        for r in relations(dataset, "russia", "taliban", "delists_terrorist")
    )
    assert any(
        r.start == "2025-07-03" and r.certainty == "confirmed"
        for r in relations(dataset, "russia", "taliban", "recognizes")
    )


def test_allegations_denials_and_plans_are_kept_as_such(dataset):
    certainty = Counter(r.certainty for r in dataset.relations)
    assert all(certainty[c] > 0 for c in ("confirmed", "reported", "alleged", "denied", "proposed")), certainty
    helicopters = [r for r in dataset.relations if "helicopters delivered weapons" in r.quote]
    assert helicopters and all(r.certainty == "denied" for r in helicopters)


def test_aliases_resolve_to_one_actor(dataset):
    aliases = {a.id: set(a.aliases) for a in dataset.actors}
    assert {"Moscow", "Kremlin"} <= aliases["russia"]
    assert {"ISIS-K", "ISIL-K"} <= aliases["iskp"]


def test_plain_install_ships_the_bundled_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("graphkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graphkit/_bundled/data/relations.csv" in names
    assert "graphkit/_bundled/seeds/002_12b63b600469abee.txt" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import graphkit, sys; d = graphkit.load(); print(d.directory.parent.name, len(d.relations))",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[0] == "_bundled"
