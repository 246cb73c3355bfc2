"""graphkit's cost curve on synthetic datasets of 10^3 to 10^6 relations, against a naive pipeline.

    python bench/scale.py [--sizes 1000 10000 100000] [--runs 5] [--runs-largest 3]
                          [--timeout 600] [--data-root DIR] [--json OUT.json] [--markdown OUT.md]
    python bench/scale.py --sizes 1000000 --runs-largest 1 --steps validate "path query, cached"

10^6 relations (100,000 actors, about 300 MB with its documents) is measured only when
asked: the slow steps (report, explorer) take many minutes there; name the steps.

For each size (datasets from bench/generate.py, made if missing) and each step, every run
is a fresh Python process, so no run profits from another's caches or memory. A step's
time is the median over the runs; its memory is the process's peak resident set size
(ru_maxrss: interpreter, imports and the inputs the step needs included).

graphkit steps: validate (graphkit.validate); load + build (graphkit.build_graph(graphkit.load()));
path query through the CLI, cold (empty GRAPHKIT_CACHE_DIR) and cached (second run);
betweenness as the report computes it; report (write_report); HTML explorer (write_html);
GEXF export (export_graph), and the same from the files through `graphkit export` with a
warm cache; coverage.

The naive pipeline a newcomer would write, on the same files: pandas read_csv and
iterrows into G.add_edge (MultiDiGraph); a quote check with `in` over the document re-read
for every row; a path query script that builds that graph and calls nx.shortest_path
(and, in one row, first checks every quote, as graphkit does); pyvis with its defaults
(Network().from_nx(G), write_html); networkx's exact betweenness; nx.write_gexf, on the
graph in memory and in a script that builds the graph first. A naive step that runs past
--timeout is reported as not finished.
Coverage and the full report have no naive counterpart; the report is set beside
networkx's exact betweenness, the one analysis the naive pipeline runs.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (1_000, 10_000, 100_000)
GRAPHKIT = Path(sys.executable).with_name("graphkit")


@dataclass(frozen=True)
class Step:
    name: str
    graphkit: str  # measurement name run in a child process (or "cli:...")
    naive: str | None
    note: str = ""


STEPS = (
    Step("validate", "validate", "naive_validate", "naive: read_csv + `quote in document` per row, document re-read"),
    Step("build", "build", "naive_graph", "records to graph; naive: iterrows into add_edge"),
    Step("load + build", "load_build", "naive_checked", "files to a checked graph; naive: read, quote check, iterrows"),
    Step("path query, cold", "cli:path_cold", "cli:naive_path", "graphkit: empty cache; naive: build + shortest_path"),
    Step("path query, cached", "cli:path_cached", "cli:naive_path", "graphkit: second run; naive has no cache"),
    Step(
        "path query, cold, checked",
        "cli:path_cold",
        "cli:naive_checked_path",
        "the cold row again; naive also checks every quote, as graphkit does",
    ),
    Step("betweenness", "betweenness", "naive_betweenness", "graphkit: as the report runs it; naive: exact, on G"),
    Step("report", "report", "naive_betweenness", "naive: exact betweenness, its only analysis"),
    Step("HTML explorer", "html", "naive_html", "naive: pyvis defaults, Network().from_nx + write_html"),
    Step("GEXF export", "gexf", "naive_gexf", "the writer alone, graph in memory; naive: nx.write_gexf"),
    Step("GEXF from the files", "cli:export_cached", "cli:naive_export", "`graphkit export` (cached); naive: script"),
    Step("coverage", "coverage", None, "no naive counterpart"),
    Step(
        "path query, cached, against start-up",
        "cli:path_cached",
        "cli:import_networkx",
        'issue 20\'s yardstick: `python -c "import networkx"` on the naive side',
    ),
    Step("graphkit build", "cli:build", None, "`graphkit build` from the files: validate, graph, report, page"),
)
PICKLED = {  # which prepared input each measurement reads
    "build": "dataset.pickle",
    "coverage": "dataset.pickle",
    "betweenness": "graphkit.pickle",
    "report": "graphkit.pickle",
    "html": "graphkit.pickle",
    "gexf": "graphkit.pickle",
    "naive_graph": "naive.pickle",
    "naive_betweenness": "naive.pickle",
    "naive_html": "naive.pickle",
    "naive_gexf": "naive.pickle",
}


# --- measurements, each run in a fresh child process -------------------------------------------


def _inputs(work: Path, name: str):
    with (work / name).open("rb") as handle:
        return pickle.load(handle)


def measure(name: str, data: Path, work: Path) -> float:
    """Run one measurement in this process; returns the seconds its timed part took.

    Each measurement first loads what it needs (imports, pickled inputs), then returns the
    call to time: imports come before the clock starts, for graphkit and the naive
    pipeline alike.
    """
    if name.startswith("naive"):
        import networkx  # noqa: F401
        import pandas  # noqa: F401
    out = Path(tempfile.mkdtemp(dir=work))
    setup = _MEASUREMENTS.get(name)
    if setup is None:
        raise SystemExit(f"unknown measurement {name}")
    timed = setup(data, work, out)
    started = time.perf_counter()
    timed()
    return time.perf_counter() - started


def _validate(data: Path, work: Path, out: Path):
    import graphkit

    def run() -> None:
        _, issues = graphkit.validate(data)
        assert not issues, issues[:3]

    return run


def _build(data: Path, work: Path, out: Path):
    import graphkit

    dataset = _inputs(work, "dataset.pickle")
    return lambda: graphkit.build_graph(dataset)


def _load_build(data: Path, work: Path, out: Path):
    import graphkit

    return lambda: graphkit.build_graph(graphkit.load(data))


def _graphkit_betweenness(data: Path, work: Path, out: Path):
    from graphkit.analysis.centrality import SAMPLE_THRESHOLD, SAMPLES, _betweenness
    from graphkit.analysis.projections import undirected

    G = _inputs(work, "graphkit.pickle")
    return lambda: _betweenness(undirected(G), "all", [], SAMPLE_THRESHOLD, SAMPLES, 0)


def _report(data: Path, work: Path, out: Path):
    from graphkit.report import write_report

    G = _inputs(work, "graphkit.pickle")
    return lambda: write_report(G, out)


def _html(data: Path, work: Path, out: Path):
    from graphkit.render.html import write_html

    G = _inputs(work, "graphkit.pickle")
    return lambda: write_html(G, out / "explorer.html")


def _gexf(data: Path, work: Path, out: Path):
    from graphkit.export import export_graph

    G = _inputs(work, "graphkit.pickle")
    return lambda: export_graph(G, "gexf", out / "graph.gexf")


def _coverage(data: Path, work: Path, out: Path):
    from graphkit.coverage import coverage

    dataset = _inputs(work, "dataset.pickle")
    return lambda: coverage(dataset)


def _naive_validate(data: Path, work: Path, out: Path):
    return lambda: naive_validate(data)


def _naive_checked(data: Path, work: Path, out: Path):
    def run() -> None:
        actors, relations, sources = naive_tables(data)
        naive_quotes(data, relations, sources)
        naive_graph(actors, relations)

    return run


def _naive_graph(data: Path, work: Path, out: Path):
    actors, relations, _ = naive_tables(data)
    return lambda: naive_graph(actors, relations)


def _naive_betweenness(data: Path, work: Path, out: Path):
    import networkx as nx

    G = _inputs(work, "naive.pickle")
    return lambda: nx.betweenness_centrality(G)


def _naive_html(data: Path, work: Path, out: Path):
    from pyvis.network import Network

    G = _inputs(work, "naive.pickle")
    os.chdir(out)  # pyvis may write a lib/ folder into the working directory

    def run() -> None:
        net = Network()
        net.from_nx(G)
        net.write_html("naive.html")

    return run


def _naive_gexf(data: Path, work: Path, out: Path):
    import networkx as nx

    G = _inputs(work, "naive.pickle")
    return lambda: nx.write_gexf(G, out / "naive.gexf")


_MEASUREMENTS = {
    "validate": _validate,
    "build": _build,
    "load_build": _load_build,
    "betweenness": _graphkit_betweenness,
    "report": _report,
    "html": _html,
    "gexf": _gexf,
    "coverage": _coverage,
    "naive_validate": _naive_validate,
    "naive_checked": _naive_checked,
    "naive_graph": _naive_graph,
    "naive_betweenness": _naive_betweenness,
    "naive_html": _naive_html,
    "naive_gexf": _naive_gexf,
}
"""Measurement name (as in STEPS) -> a function that prepares it and returns the call to time."""


def naive_tables(data: Path):
    import pandas as pd

    return pd.read_csv(data / "actors.csv"), pd.read_csv(data / "relations.csv"), pd.read_csv(data / "sources.csv")


def naive_validate(data: Path) -> list[str]:
    """What a newcomer checks: that each quote is in its document, re-reading the document per row."""
    _, relations, sources = naive_tables(data)
    return naive_quotes(data, relations, sources)


def naive_quotes(data: Path, relations, sources) -> list[str]:
    paths = dict(zip(sources["id"], sources["path"], strict=True))
    missing = []
    for _, row in relations.iterrows():
        with open(data / paths[row["source_doc"]], encoding="utf-8") as handle:
            text = handle.read()
        if row["quote"] not in text:
            missing.append(row["id"])
    return missing


def naive_build(data: Path):
    """A MultiDiGraph the newcomer's way: read_csv, then iterrows into add_node and add_edge."""
    actors, relations, _ = naive_tables(data)
    return naive_graph(actors, relations)


def naive_graph(actors, relations):
    import networkx as nx

    G = nx.MultiDiGraph()
    for _, row in actors.iterrows():
        G.add_node(
            row["id"], name=row["name"], kind=row["kind"], aliases=row["aliases"], description=row["description"]
        )
    for _, row in relations.iterrows():
        G.add_edge(
            row["source"],
            row["target"],
            key=row["id"],
            relation=row["relation"],
            start=row["start"],
            end=row["end"],
            certainty=row["certainty"],
            source_doc=row["source_doc"],
            quote=row["quote"],
            note=row["note"],
        )
    return G


NAIVE_EXPORT = """
import sys
from pathlib import Path
import networkx as nx
sys.path.insert(0, {here!r})
from scale import naive_build
nx.write_gexf(naive_build(Path(sys.argv[1])), sys.argv[2])
"""

NAIVE_PATH = """
import sys
from pathlib import Path
import networkx as nx
sys.path.insert(0, {here!r})
from scale import naive_build, naive_validate
if {checked!r}:
    naive_validate(Path(sys.argv[1]))
G = naive_build(Path(sys.argv[1]))
print(nx.shortest_path(G.to_undirected(), sys.argv[2], sys.argv[3]))
"""


# --- running children -------------------------------------------------------------------------


@dataclass
class Result:
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    timed_out: float | None = None  # the timeout, when a run did not finish

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def memory(self) -> float | None:
        return statistics.median(self.peak_mb) if self.peak_mb else None


def run(command: list[str], timeout: float, env: dict | None = None) -> tuple[float, float, str] | None:
    """(wall seconds, peak RSS in MB, stdout) of a child process, or None if it ran past `timeout`."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stdout:
        child = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                return None
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr = child.stderr.read().decode()
        child.stderr.close()
        stdout.seek(0)
        output = stdout.read().decode()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, output


def run_step(which: str, data: Path, work: Path, endpoints: tuple[str, str], timeout: float):
    """(seconds, peak MB) of one run of a measurement, or None if it did not finish in time."""
    if which == "cli:path_cold":
        cache = tempfile.mkdtemp(dir=work)
        done = run([str(GRAPHKIT), "--data", str(data), "path", *endpoints], timeout, _env(cache))
        return done and done[:2]
    if which == "cli:path_cached":
        cache = work / "cache"
        if not cache.exists():
            run([str(GRAPHKIT), "--data", str(data), "path", *endpoints], timeout, _env(str(cache)))
        done = run([str(GRAPHKIT), "--data", str(data), "path", *endpoints], timeout, _env(str(cache)))
        return done and done[:2]
    if which == "cli:export_cached":
        cache, target = work / "export-cache", tempfile.mkdtemp(dir=work) + "/graph.gexf"
        command = [str(GRAPHKIT), "--data", str(data), "export", "--format", "gexf", "--out", target]
        if not cache.exists():
            run(command, timeout, _env(str(cache)))
        done = run(command, timeout, _env(str(cache)))
        return done and done[:2]
    if which == "cli:naive_export":
        target = tempfile.mkdtemp(dir=work) + "/naive.gexf"
        done = run([sys.executable, "-c", NAIVE_EXPORT.format(here=str(HERE)), str(data), target], timeout)
        return done and done[:2]
    if which == "cli:import_networkx":
        done = run([sys.executable, "-c", "import networkx"], timeout)
        return done and done[:2]
    if which == "cli:build":
        cache, target = tempfile.mkdtemp(dir=work), tempfile.mkdtemp(dir=work) + "/out"
        done = run([str(GRAPHKIT), "--data", str(data), "build", "--out", target], timeout, _env(cache))
        return done and done[:2]
    if which in ("cli:naive_path", "cli:naive_checked_path"):
        script = NAIVE_PATH.format(here=str(HERE), checked=which == "cli:naive_checked_path")
        done = run([sys.executable, "-c", script, str(data), *endpoints], timeout)
        return done and done[:2]
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", which]
    done = run([*command, "--data", str(data), "--work", str(work)], timeout)
    if done is None:
        return None
    return float(done[2].strip().splitlines()[-1]), done[1]


def _env(cache: str) -> dict:
    return {**os.environ, "GRAPHKIT_CACHE_DIR": cache}


def prepare(data: Path, work: Path, needs: set[str]) -> tuple[str, str]:
    """Pickled inputs (those of `needs`: dataset, graphkit's graph, the naive graph) and two actors far
    apart for the path query. At 10^6 relations the naive graph alone takes minutes: made only if needed.

    Runs in a child process, like everything heavy: a child's peak memory (ru_maxrss) is
    never below its parent's at the time it was started, so the parent stays small.
    """
    import networkx as nx

    import graphkit

    dataset = graphkit.load(data)
    G = graphkit.build_graph(dataset)
    for name, value in (("dataset.pickle", lambda: dataset), ("graphkit.pickle", lambda: G), ("naive.pickle", None)):
        if name in needs:
            with (work / name).open("wb") as handle:
                pickle.dump(value() if value else naive_build(data), handle, protocol=pickle.HIGHEST_PROTOCOL)
    # From the actor with most counterparts to the one farthest from it, over relations that are not denied.
    counted = [(u, v, k) for u, v, k, certainty in G.edges(keys=True, data="certainty") if certainty != "denied"]
    kept = nx.Graph(G.edge_subgraph(counted))
    hub = min(kept, key=lambda n: (-kept.degree(n), n))
    distance = nx.single_source_shortest_path_length(kept, hub)
    far = min(distance, key=lambda n: (-distance[n], n))
    return hub, far


def _child(*arguments: str) -> str:
    return subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *arguments], check=True, capture_output=True, text=True
    ).stdout


def benchmark(args: argparse.Namespace) -> dict:
    results: dict = {"machine": json.loads(_child("--machine")), "sizes": {}}
    for size in args.sizes:
        data = args.data_root / f"r{size}"
        if not (data / "relations.csv").exists():
            print(f"generating {data}", file=sys.stderr)
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.data_root), "--relations", str(size)])
        with tempfile.TemporaryDirectory(prefix=f"gk-scale-{size}-") as temporary:
            work = Path(temporary)
            needs = {
                PICKLED[which]
                for step in STEPS
                if not args.steps or step.name in args.steps
                for side, which in (("graphkit", step.graphkit), ("naive", step.naive))
                if side in args.sides and which in PICKLED
            }
            prepared = _child("--prepare", "--data", str(data), "--work", str(work), "--needs", *sorted(needs))
            endpoints = tuple(json.loads(prepared))
            runs = args.runs_largest if size == max(args.sizes) else args.runs
            rows = {}
            cache: dict[str, Result] = {}
            for step in STEPS:
                if args.steps and step.name not in args.steps:
                    continue
                sides = {
                    side: which
                    for side, which in (("graphkit", step.graphkit), ("naive", step.naive))
                    if which and side in args.sides
                }
                measured = {side: cache[which] for side, which in sides.items() if which in cache}
                fresh = {side: Result() for side in sides if side not in measured}
                done_with: set[str] = set()
                for number in range(runs):
                    # Alternate which side goes first, so that both see the machine in the same state.
                    for side in sorted(fresh, reverse=number % 2 == 1):
                        if side in done_with:
                            continue
                        result = fresh[side]
                        done = run_step(sides[side], data, work, endpoints, args.timeout)
                        if done is None:
                            result.timed_out = args.timeout
                            done_with.add(side)
                            continue
                        result.seconds.append(done[0])
                        result.peak_mb.append(done[1])
                        print(f"{size:>7} {step.name:<20} {side:<8} {number + 1}: {done[0]:8.2f} s", file=sys.stderr)
                        if done[0] > args.repeat_limit:
                            done_with.add(side)  # long enough to be stable; not worth repeating
                for side, result in fresh.items():
                    cache[sides[side]] = measured[side] = result
                rows[step.name] = {
                    side: {"seconds": r.seconds, "median": r.median, "peak_mb": r.memory, "timed_out": r.timed_out}
                    for side, r in measured.items()
                }
            results["sizes"][size] = {"actors": _count(data / "actors.csv"), "relations": size, "steps": rows}
    return results


def merged(paths: list[Path]) -> dict:
    """Earlier results in one: for each size, step and side, the last file that measured it wins.

    For tables whose sides were measured in separate runs (e.g. the slow naive pipeline at
    the largest size once, graphkit after each change).
    """
    results: dict = {"machine": {}, "sizes": {}}
    for path in paths:
        earlier = json.loads(path.read_text())
        results["machine"] = earlier["machine"]
        for size, entry in earlier["sizes"].items():
            into = results["sizes"].setdefault(size, {**entry, "steps": {}})
            for step, sides in entry["steps"].items():
                into["steps"].setdefault(step, {}).update(sides)
    results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda item: int(item[0])))
    return results


def _count(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def machine() -> dict:
    import igraph
    import networkx
    import pandas
    import pyvis

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.system(),
        "python": platform.python_version(),
        "networkx": networkx.__version__,
        "igraph": igraph.__version__,
        "pandas": pandas.__version__,
        "pyvis": getattr(pyvis, "__version__", "0.3.2"),
    }


# --- the table --------------------------------------------------------------------------------


def _seconds(side: dict | None) -> str:
    if side is None:
        return "–"
    if side["timed_out"] is not None:
        return f"did not finish within {side['timed_out']:.0f} s"
    value = side["median"]
    runs = len(side["seconds"])
    text = f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"
    return text + (" (1 run)" if runs == 1 else "")


def _memory(side: dict | None) -> str:
    return "–" if side is None or side["peak_mb"] is None else f"{side['peak_mb']:.0f}"


def _ratio(row: dict) -> str:
    mine, naive = row.get("graphkit"), row.get("naive")
    if not mine or not naive or mine["median"] is None:
        return "–"
    if naive["timed_out"] is not None:
        return f"> {naive['timed_out'] / mine['median']:.0f} ×"
    ratio = naive["median"] / mine["median"]
    return f"{ratio:.2g} ×" if ratio < 10 else f"{ratio:.0f} ×"


def markdown(results: dict) -> str:
    lines = []
    for size, entry in results["sizes"].items():
        lines += [
            f"### {int(size):,} relations, {entry['actors']:,} actors",
            "",
            "| step | graphkit (s) | graphkit peak MB | naive (s) | naive peak MB | naive ÷ graphkit | compared with |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for step in STEPS:
            row = entry["steps"].get(step.name)
            if row is None:
                continue
            mine, naive = row.get("graphkit"), row.get("naive")
            lines.append(
                f"| {step.name} | {_seconds(mine)} | {_memory(mine)} | {_seconds(naive)} | {_memory(naive)} "
                f"| {_ratio(row)} | {step.note} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=5, help="runs per step (median)")
    parser.add_argument("--runs-largest", type=int, default=3, help="runs per step at the largest size")
    parser.add_argument("--repeat-limit", type=float, default=60.0, help="a run longer than this is not repeated")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run counts as not finished")
    parser.add_argument("--steps", nargs="*", help="only these steps (names as in the table)")
    parser.add_argument("--sides", nargs="+", default=["graphkit", "naive"], help="graphkit, naive or both")
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "graphkit-bench")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument(
        "--merge", type=Path, nargs="+", help="print the table of earlier --json results instead of measuring"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--needs", nargs="*", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--machine", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(measure(args.measure, args.data, args.work))
        return
    if args.prepare:
        print(json.dumps(prepare(args.data, args.work, set(args.needs))))
        return
    if args.machine:
        print(json.dumps(machine()))
        return
    results = merged(args.merge) if args.merge else benchmark(args)
    table = markdown(results)
    print(json.dumps(results["machine"]))
    print(table)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    if args.markdown:
        args.markdown.write_text(table)


if __name__ == "__main__":
    main()
