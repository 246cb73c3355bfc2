"""The command line: exit codes and exact output, via click's CliRunner."""

from __future__ import annotations

import importlib

from click.testing import CliRunner

from graphkit.cli import main


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_validate_prints_a_one_line_summary(dataset_dir):
    result = run("--data", str(dataset_dir), "validate")
    assert result.exit_code == 0
    assert result.output == (
        "OK: 4 actors (state 2, militant_group 1, project 1); "
        "4 relations (attacks 1, builds 1, funds 1, recognizes 1); "
        "certainty (confirmed 2, denied 1, proposed 1); 1 sources\n"
    )


def test_validate_lists_every_problem_and_exits_1(dataset_dir):
    path = dataset_dir / "relations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",confirmed,", ",confimed,"), encoding="utf-8")
    result = run("--data", str(dataset_dir), "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "relations.csv:2: certainty: unknown certainty 'confimed' (did you mean 'confirmed'?)",
        "relations.csv:3: certainty: unknown certainty 'confimed' (did you mean 'confirmed'?)",
    ]
    assert result.stderr == "Error: 2 problem(s) in the dataset; nothing was written.\n"
    assert "Traceback" not in result.output


def test_data_directory_comes_from_the_environment(dataset_dir):
    result = run("validate", env={"GRAPHKIT_DATA": str(dataset_dir)})
    assert result.exit_code == 0
    assert result.output.startswith("OK: 4 actors")


def test_not_a_dataset_is_one_line_on_stderr(tmp_path):
    result = run("--data", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "not a dataset" in result.stderr and len(result.stderr.splitlines()) == 1


def test_build_prints_the_graph_shape_and_writes_the_explorer(dataset_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    result = run("--data", str(dataset_dir), "build", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "Graph: 4 nodes, 4 edges (4 connected pairs), 1 connected component(s)" in result.output
    assert "Most connected: Borduria Front (3)" in result.output
    page = tmp_path / "out" / "graph.html"
    assert f"Wrote {page} (interactive explorer; open it in a browser)" in result.output
    assert "Borduria Front" in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.html", "report"]  # no temporary file left
    assert f"Wrote {tmp_path / 'out' / 'report' / 'report.md'} and 8 more files beside it" in result.output


def test_html_with_filters_keeps_only_matching_relations(dataset_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "hostile.html"
    result = run("--data", str(dataset_dir), "html", "--out", str(target), "--polarity", "hostile")
    assert result.exit_code == 0
    assert result.output == f"Wrote {target}: 2 actors, 1 relations\n"


def test_vocab_lists_every_relation_type():
    from graphkit.vocab import vocabulary

    result = run("vocab")
    assert result.exit_code == 0
    for name in vocabulary().relations:
        assert f"  {name} " in result.output


def test_every_command_has_help_with_an_example():
    for name in main.commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example:" in result.output, name


def test_export_writes_files_or_stdout(dataset_dir, tmp_path, monkeypatch):
    import json

    from graphkit.cli import EXPORT_FORMATS
    from graphkit.export import FORMATS

    assert EXPORT_FORMATS == FORMATS
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "tables" / "graph.csv"
    result = run(
        "--data", str(dataset_dir), "export", "--format", "csv", "--out", str(target), "--min-certainty", "confirmed"
    )
    assert result.exit_code == 0
    nodes, edges = tmp_path / "tables" / "graph-nodes.csv", tmp_path / "tables" / "graph-edges.csv"
    assert result.output == (
        f"Wrote {nodes}, {edges}: 3 actors, 2 relations "
        "(certainty confirmed (reported left out, alleged left out); 2 left out)\n"
    )
    assert edges.read_text(encoding="utf-8").count("\n") == 3
    counted = run("--data", str(dataset_dir), "export", "--format", "json")
    assert {link["key"] for link in json.loads(counted.output)["edges"]} == {"r1", "r2"}
    everything = run("--data", str(dataset_dir), "export", "--format", "json", "--include-proposed", "--include-denied")
    assert {link["key"] for link in json.loads(everything.output)["edges"]} == {"r1", "r2", "r3", "r4"}


def test_report_writes_the_analysis_and_rejects_bad_dates(dataset_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "report"
    result = run("--data", str(dataset_dir), "report", "--out", str(out), "--date", "2024-01-01", "--top", "3")
    assert result.exit_code == 0
    assert f"Wrote {out / 'report.md'}" in result.output.splitlines()
    assert "Borduria Front" in (out / "report.md").read_text(encoding="utf-8")
    bad = run("--data", str(dataset_dir), "report", "--out", str(out), "--date", "2024-13")
    assert bad.exit_code == 2
    assert "'2024-13' is not a date" in bad.output


def test_build_measures_each_layer_once_and_writes_what_html_and_report_write(tmp_path, monkeypatch):
    """The explorer and the report share their centrality; the files are those the two commands write alone."""
    module = importlib.import_module("graphkit.analysis.centrality")  # the package's `centrality` is the function
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    measured: list[str] = []
    layer = module._layer
    monkeypatch.setattr(module, "_layer", lambda G, name, *rest: measured.append(name) or layer(G, name, *rest))
    assert run("build", "--out", str(tmp_path / "built")).exit_code == 0
    assert sorted(measured) == sorted(set(measured)) and "all" in measured
    assert run("html", "--out", str(tmp_path / "alone" / "graph.html")).exit_code == 0
    assert run("report", "--out", str(tmp_path / "alone" / "report")).exit_code == 0
    built = sorted(p.relative_to(tmp_path / "built") for p in (tmp_path / "built").rglob("*") if p.is_file())
    alone = sorted(p.relative_to(tmp_path / "alone") for p in (tmp_path / "alone").rglob("*") if p.is_file())
    assert built == alone
    for path in built:
        assert (tmp_path / "built" / path).read_bytes() == (tmp_path / "alone" / path).read_bytes(), path
