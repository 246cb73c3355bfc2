"""Every CSV graphkit writes goes through one writer: no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.output import cell, neutralise, to_csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://x","y")'

ACTORS = """\
id,name,kind,aliases,description
avalonia,"=HYPERLINK(""http://x"",""y"")",state,Avalon City|-the state,+A fictional state for tests.
borduria_front,Borduria Front,militant_group,the Front|@front,A fictional armed movement.
ruritania,Ruritania,state,,-2+3 and a neighbour.
carpathia_railway,Carpathia Railway,project,the railway,A fictional railway.
"""
SENTENCE = '=HYPERLINK("http://x","y") met the Borduria Front and Ruritania in 2024.'


@pytest.fixture
def formulas(dataset_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    """The minimal dataset with an actor named like a formula and notes starting with formula characters."""
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    (dataset_dir / "actors.csv").write_text(ACTORS, encoding="utf-8")
    relations = (dataset_dir / "relations.csv").read_text(encoding="utf-8").splitlines()
    notes = ["=cmd|' /C calc'!A0", "-1", "@SUM(A1)", "\tindented"]
    rows = list(csv.reader(relations))
    for row, note in zip(rows[1:], notes, strict=False):
        row[-1] = note
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (dataset_dir / "relations.csv").write_text(buffer.getvalue(), encoding="utf-8")
    with (dataset_dir / "docs" / "report.txt").open("a", encoding="utf-8") as f:
        f.write(f"\n{SENTENCE}\n")
    assert run("--data", str(dataset_dir), "validate").exit_code == 0
    return dataset_dir


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _printed(data: Path, *args: str) -> str:
    result = run("--data", str(data), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_every_csv_graphkit_writes_neutralises_formula_cells(formulas, tmp_path):
    out = tmp_path / "out"
    run("--data", str(formulas), "export", "--format", "csv", "--out", str(out / "graph.csv"))
    run("--data", str(formulas), "report", "--out", str(out / "report"))
    outputs = {
        "export nodes": (out / "graph-nodes.csv").read_text(encoding="utf-8"),
        "export edges": (out / "graph-edges.csv").read_text(encoding="utf-8"),
        "report centrality.csv": (out / "report" / "centrality.csv").read_text(encoding="utf-8"),
        "suggest": _printed(formulas, "suggest", "report", "--all"),
        "coverage": _printed(formulas, "coverage", "--format", "csv", "--all"),
        "path": _printed(formulas, "path", "avalonia", "carpathia_railway", "--format", "csv"),
        "neighbors": _printed(formulas, "neighbors", "borduria_front", "--format", "csv"),
        "timeline": _printed(formulas, "timeline", "--format", "csv"),
        "show": _printed(formulas, "show", "avalonia", "--format", "csv"),
        "search": _printed(formulas, "search", "HYPERLINK", "--format", "csv"),
    }
    for name, text in outputs.items():
        cells = _cells(text)
        running = [c for c in cells if c.startswith(FORMULA_STARTS) and not _number(c)]
        assert running == [], name
        escaped = [c for c in cells if c.startswith("'") and c[1:].startswith(FORMULA_STARTS)]
        assert escaped, f"{name}: the formula-like text never reached this output, so the test proves nothing"
    assert f"'{HYPERLINK}" in _cells(outputs["report centrality.csv"])
    assert f"'{SENTENCE}" in _cells(outputs["suggest"]) and f"'{SENTENCE}" in _cells(outputs["coverage"])


def test_numbers_stay_numbers_and_only_text_is_neutralised():
    text = to_csv(["name", "value", "polarity", "flag"], [["-a", -0.5, -1, False], ["b", float("nan"), 0, True]])
    assert text == "name,value,polarity,flag\n'-a,-0.5,-1,false\nb,,0,true\n"
    assert to_csv(["x"], [[-0.1234567]], float_format="%.6f") == "x\n-0.123457\n"
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"
    assert neutralise("2024-03") == "2024-03" and neutralise("") == ""
    assert (cell(-1), cell(0), cell(False), cell("-1"), cell(None)) == ("-1", "0", "false", "'-1", "")


def test_report_centrality_csv_neutralises_names_but_keeps_negative_measures(formulas, tmp_path):
    run("--data", str(formulas), "report", "--out", str(tmp_path / "report"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report" / "centrality.csv").read_text(encoding="utf-8"))))
    avalonia = next(r for r in rows if r["id"] == "avalonia")
    assert avalonia["name"] == f"'{HYPERLINK}"
    assert all(_number(r["betweenness_all"]) for r in rows)


def test_no_module_writes_csv_but_through_the_one_writer():
    """csv.writer appears only in graphkit.output (and sources.py, which appends to the dataset's own sources.csv)."""
    package = Path(__file__).parent.parent / "graphkit"
    writers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "csv.writer(" in path.read_text(encoding="utf-8") or ".to_csv(" in path.read_text(encoding="utf-8")
    )
    assert writers == ["output.py", "sources.py"]
