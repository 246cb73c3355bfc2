"""The benchmark scripts keep working as graphkit changes: a tiny dataset, one run of a few steps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import graphkit

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_generated_datasets_are_valid_and_the_same_for_the_same_seed(tmp_path):
    for out in (tmp_path / "a", tmp_path / "b"):
        bench(str(BENCH / "generate.py"), str(out), "--relations", "300")
    dataset, issues = graphkit.validate(tmp_path / "a" / "r300")
    assert issues == []
    assert len(dataset.relations) == 300 and len(dataset.actors) == 30
    for name in ("actors.csv", "relations.csv", "sources.csv", "omissions.csv"):
        assert (tmp_path / "a" / "r300" / name).read_bytes() == (tmp_path / "b" / "r300" / name).read_bytes()


def test_scale_measures_both_sides_and_merges_runs(tmp_path):
    common = ["--sizes", "300", "--runs", "1", "--timeout", "120", "--data-root", str(tmp_path / "data")]
    mine = ["--sides", "graphkit", "--json", str(tmp_path / "mine.json")]
    bench(str(BENCH / "scale.py"), *common, *mine, "--steps", "validate", "GEXF export")
    naive = ["--sides", "naive", "--json", str(tmp_path / "naive.json")]
    bench(str(BENCH / "scale.py"), *common, *naive, "--steps", "validate")
    measured = json.loads((tmp_path / "mine.json").read_text())["sizes"]["300"]["steps"]
    assert set(measured) == {"validate", "GEXF export"}
    assert measured["validate"]["graphkit"]["median"] > 0 and "naive" not in measured["validate"]

    table = bench(str(BENCH / "scale.py"), "--merge", str(tmp_path / "mine.json"), str(tmp_path / "naive.json")).stdout
    validate = next(line for line in table.splitlines() if line.startswith("| validate |"))
    cells = [cell.strip() for cell in validate.split("|")[1:-1]]
    assert cells[1] != "–" and cells[3] != "–"  # both sides, from two runs
    assert cells[5].endswith("×")
    gexf = next(line for line in table.splitlines() if line.startswith("| GEXF export |"))
    assert gexf.split("|")[4].strip() == "–"  # the naive side was not measured
