"""The query commands end to end: output people read, JSON scripts parse, exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphkit.cli import main


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_path_prints_every_hop_with_its_quote():
    result = run("path", "Moscow", "TTP")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("Path 1 of 1: Russia → ") and lines[0].endswith("→ Tehrik-i-Taliban Pakistan (2 hops)")
    assert sum(line.lstrip().startswith("“") for line in lines) == 2


def test_path_json_is_a_list_of_paths_of_hops():
    result = run("path", "the Kremlin", "ISIS-K", "--all", "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert found and all(isinstance(p, list) for p in found)
    required = {"source", "target", "relation", "direction", "start", "end", "certainty", "source_doc", "quote"}
    for hop in (h for p in found for h in p):
        assert required <= hop.keys()
    assert {p[0]["from"] for p in found} == {"russia"} and {p[-1]["to"] for p in found} == {"iskp"}


def test_path_k_gives_that_many_distinct_paths():
    found = json.loads(run("path", "russia", "ttp", "--k", "3", "--format", "json").output)
    assert len(found) == 3
    assert len({tuple(h["to"] for h in p) for p in found}) == 3


def test_no_connection_exits_1_and_names_the_filters():
    result = run("path", "russia", "taliban", "--relation", "designates_terrorist", "--as-of", "2025-08-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: No connection between Russia and Taliban "
        "(filters: relation designates_terrorist, certainty confirmed|reported|alleged (the default), "
        "as of 2025-08-01).\n"
    )


def test_unknown_actor_exits_2_with_candidates():
    result = run("neighbors", "talibn")
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown actor 'talibn'. Did you mean 'taliban' (Taliban)?\n"


def test_bad_date_is_rejected_by_the_option():
    result = run("path", "russia", "ttp", "--as-of", "2025-13")
    assert result.exit_code == 2
    assert "'2025-13' is not a date" in result.output


def test_neighbors_json_lists_whom_the_taliban_hosts():
    rows = json.loads(
        run("neighbors", "taliban", "--relation", "hosts", "--direction", "out", "--format", "json").output
    )
    assert {"id", "name", "kind", "relation", "direction", "depth"} <= rows[0].keys()
    assert {r["id"] for r in rows} >= {"al_qaeda", "ttp", "jamaat_ansarullah", "etim"}
    assert {(r["relation"], r["direction"], r["depth"]) for r in rows} == {("hosts", "forward", 1)}


def test_neighbors_csv_has_a_header_and_a_row_per_relation():
    lines = run("neighbors", "iskp", "--format", "csv").output.splitlines()
    assert lines[0].startswith("id,name,kind,depth,via,source,target,focal_role,relation,direction")
    assert len(lines) > 5


def test_show_groups_relations_of_an_alias():
    result = run("show", "Dushanbe")
    assert result.exit_code == 0
    assert result.output.startswith("Tajikistan  (tajikistan, state)")
    assert "\nclashes_with —\n" in result.output


def test_search_finds_actors_by_alias_and_relations_by_quote():
    payload = json.loads(run("search", "Kremlin", "--format", "json").output)
    assert [a["id"] for a in payload["actors"]] == ["russia"]
    assert payload["relations"]


def test_timeline_orders_dated_before_undated():
    rows = json.loads(run("timeline", "russia", "--relation", "designates_terrorist", "--format", "json").output)
    dated = [r for r in rows if r["start"] or r["end"]]
    assert rows[: len(dated)] == dated
    assert dated[0]["start"] == "2003"


def test_cache_is_rebuilt_when_a_data_file_changes(dataset_dir, tmp_path):
    query = ["--data", str(dataset_dir), "neighbors", "ruritania", "--include-proposed", "--format", "json"]
    first = CliRunner().invoke(main, query)
    assert [r["id"] for r in json.loads(first.output)] == ["carpathia_railway"]
    assert list((tmp_path / "cache").glob("*.pickle"))
    with (dataset_dir / "relations.csv").open("a", encoding="utf-8") as handle:
        handle.write("r9,ruritania,avalonia,negotiates_with,,,confirmed,report,Ruritania plans,\n")
    second = CliRunner().invoke(main, query)
    assert [r["id"] for r in json.loads(second.output)] == ["carpathia_railway", "avalonia"]


def test_a_broken_dataset_is_never_served_from_the_cache(dataset_dir):
    assert CliRunner().invoke(main, ["--data", str(dataset_dir), "show", "avalonia"]).exit_code == 0
    path = dataset_dir / "actors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Avalonia,state", "Avalonia,stat"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--data", str(dataset_dir), "show", "avalonia"])
    assert result.exit_code == 1
    assert "actors.csv:2: kind: unknown kind 'stat'" in result.output


def test_show_ranks_the_actor_on_the_main_measures():
    text = run("show", "taliban").output
    assert "Rank among 102 actors (all counted relations): degree #1 (43), betweenness #1" in text
    payload = json.loads(run("show", "Dushanbe", "--format", "json").output)
    assert payload["ranks"]["degree"]["rank"] == 3
    assert set(payload["ranks"]) == {"degree", "betweenness", "closeness", "eigenvector", "pagerank"}


def hops_of(*args: str) -> list[list[tuple[str, str, str]]]:
    result = run("path", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [[(h["from"], h["relation"], h["to"]) for h in p] for p in json.loads(result.output)]


def test_path_options_narrow_the_connection(dataset_dir):
    data = ["--data", str(dataset_dir)]
    plans = [*data, "path", "ruritania", "avalonia", "--include-proposed"]
    assert CliRunner().invoke(main, [*data, "path", "ruritania", "avalonia"]).exit_code == 1  # only a plan links it
    assert CliRunner().invoke(main, [*plans, "--max-hops", "1"]).exit_code == 1
    two = CliRunner().invoke(main, [*plans, "--max-hops", "3", "--format", "json"])
    assert [[h["to"] for h in p] for p in json.loads(two.output)] == [
        ["carpathia_railway", "borduria_front", "avalonia"]
    ]
    directed = CliRunner().invoke(main, [*data, "path", "carpathia_railway", "avalonia", "--directed"])
    assert directed.exit_code == 1 and "directed" in directed.stderr
    hostile = CliRunner().invoke(main, [*data, "path", "avalonia", "carpathia_railway", "--polarity", "hostile"])
    assert hostile.exit_code == 1 and "polarity hostile" in hostile.stderr
    sure = CliRunner().invoke(
        main,
        [*data, "path", "ruritania", "borduria_front", "--exclude-relation", "builds", "--min-certainty", "confirmed"],
    )
    assert sure.exit_code == 1 and "certainty confirmed (reported left out, alleged left out)" in sure.stderr
    denied = CliRunner().invoke(
        main, [*data, "path", "ruritania", "borduria_front", "--include-denied", "--format", "json"]
    )
    assert [h["certainty"] for h in json.loads(denied.output)[0]] == ["denied"]


def test_neighbors_depth_and_direction_on_the_bundled_data():
    rows = json.loads(run("neighbors", "ISIS-K", "--depth", "2", "--relation", "attacks", "--format", "json").output)
    assert {r["depth"] for r in rows} == {1, 2}
    assert all(r["relation"] == "attacks" for r in rows)
    incoming = json.loads(
        run("neighbors", "ttp", "--direction", "in", "--relation", "hosts", "--format", "json").output
    )
    assert {r["id"] for r in incoming} == {"taliban"} and {r["direction"] for r in incoming} == {"backward"}


def test_a_cached_query_resolves_aliases_without_the_records(dataset_dir, monkeypatch):
    """The cache keeps the graph and its name index; a second run must not need to read the records."""
    assert CliRunner().invoke(main, ["--data", str(dataset_dir), "show", "avalonia"]).exit_code == 0
    import graphkit.cache

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the records were read although the cache is fresh")

    monkeypatch.setattr(graphkit.cache, "load", no_reading)
    first = CliRunner().invoke(
        main, ["--data", str(dataset_dir), "path", "avalonia", "ruritania", "--include-proposed", "--format", "json"]
    )
    assert first.exit_code == 0, first.output
    by_alias = CliRunner().invoke(main, ["--data", str(dataset_dir), "show", "Ruritania", "--format", "json"])
    assert json.loads(by_alias.output)["id"] == "ruritania"


def test_python_dash_m_runs_the_same_command_line(dataset_dir, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "GRAPHKIT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "graphkit", "--data", str(dataset_dir), "validate"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 4 actors")


def test_queries_never_import_the_analysis_and_rendering_libraries(dataset_dir, tmp_path):
    """A query's cost is mostly imports: pandas, numpy, igraph, matplotlib and pyvis must stay out of it."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from graphkit.cli import main\n"
        "for args in (['path', 'avalonia', 'carpathia_railway'], ['neighbors', 'avalonia'], ['search', 'rail']):\n"
        f"    main(['--data', {str(dataset_dir)!r}, *args], standalone_mode=False)\n"
        "heavy = ('pandas', 'numpy', 'scipy', 'igraph', 'matplotlib', 'pyvis', 'jinja2')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "GRAPHKIT_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # cold, then from the cache
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == "LOADED []"


def test_a_cached_path_query_does_without_networkx(dataset_dir, tmp_path):
    """Importing networkx alone takes longer than a cached `path` needs: it searches the columns itself."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from graphkit.cli import main\n"
        "try:\n"
        f"    main(['--data', {str(dataset_dir)!r}, 'path', *sys.argv[1:]])\n"
        "except SystemExit as exc:\n"
        "    print('EXIT', exc.code, 'networkx' in sys.modules)\n"
    )
    env = {**os.environ, "GRAPHKIT_CACHE_DIR": str(tmp_path / "cache")}

    def run(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env)
        return done.stdout.splitlines()

    assert run("avalonia", "carpathia_railway")[-1] == "EXIT 0 True"  # cold: built with networkx
    cached = run("avalonia", "carpathia_railway")
    assert cached[-1] == "EXIT 0 False" and "Carpathia" in "\n".join(cached)
    assert run("avalonia", "carpathia_railway", "--k", "2")[-1] == "EXIT 0 True"  # networkx's k shortest paths


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(dataset_dir, tmp_path):
    assert CliRunner().invoke(main, ["--data", str(dataset_dir), "show", "avalonia"]).exit_code == 0
    entries = sorted((tmp_path / "cache").glob("*.graph.*"))
    assert [e.name.split(".", 1)[1] for e in entries] == ["graph.columns", "graph.pickle"]
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:100])  # cut short, as by a full disk
    result = CliRunner().invoke(
        main, ["--data", str(dataset_dir), "path", "avalonia", "carpathia_railway", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0][0]["from"] == "avalonia"
    assert all(entry.stat().st_size > 100 for entry in entries)  # written again, whole


def test_claimant_is_shown_and_filters():
    result = run("neighbors", "tajikistan", "--claimant", "tajikistan", "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert found and {n["claimant"] for n in found} == {"tajikistan"}
    assert {n["id"] for n in found} >= {"afghan_fighters", "taliban"}
    text = run("show", "afghan_fighters").output
    assert "alleged  claimed by Tajikistan  [border_dilemma]  bd036" in text
    none = run("path", "russia", "taliban", "--claimant", "nobody")
    assert none.exit_code == 1 and "claimed by nobody" in none.output
