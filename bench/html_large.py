"""How quickly a large explorer page is built and becomes interactive in headless Chromium.

    python bench/html_large.py [--nodes 10000] [--edges 100000] [--runs 3]

Writes two pages of the same synthetic graph: graphkit's (it opens on the most central
actors, one line per pair and polarity, its data stored compressed) and the naive one
that draws every actor and every relation, its data as plain JSON. Prints, for each: the time to build it in
Python (layout included), its size, the time from navigation until the graph is first
drawn, and the time a filter change takes to redraw; runs of the two pages alternate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_graph

from graphkit.render import html
from graphkit.render.browser import CHROMIUM_ARGS, chromium_path
from graphkit.render.html import default_measures, layout, write_html

FILTER = """() => new Promise((done) => {
    const box = document.querySelector('#gk-relations input');
    const t0 = performance.now();
    window.network.once('afterDrawing', () => done((performance.now() - t0) / 1000));
    box.click();
})"""


def measure(browser, target: Path) -> tuple[float, float]:
    """Seconds from navigation to the first drawing, and from a filter click to the redrawing."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(target.as_uri(), timeout=0)  # a page of 100,000 relations can take longer than the default 30 s
        page.wait_for_function("() => window.graphkit && window.graphkit.firstDrawnMs() !== null", timeout=0)
        drawn = page.evaluate("() => window.graphkit.firstDrawnMs()") / 1000
        return drawn, page.evaluate(FILTER)
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10000)
    parser.add_argument("--edges", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    graph = synthetic_graph(args.nodes, args.edges)
    folder = Path(tempfile.mkdtemp())
    started = time.perf_counter()
    measures = default_measures(graph)
    positions = layout(graph, rank=measures["degree"])
    shared = time.perf_counter() - started
    pages, built = {}, {}
    pack_above = html.PACK_ABOVE
    for name, options in [("graphkit", {}), ("naive", {"opening_actors": args.nodes, "merge": False})]:
        html.PACK_ABOVE = pack_above if name == "graphkit" else float("inf")  # naive: the data as plain JSON
        started = time.perf_counter()
        pages[name] = write_html(graph, folder / f"{name}.html", measures=measures, positions=positions, **options)
        built[name] = shared + time.perf_counter() - started
    html.PACK_ABOVE = pack_above
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        for _ in range(args.runs):
            for name, target in pages.items():  # alternate, so both see the machine in the same state
                results[name].append(measure(browser, target))
        browser.close()
    print(f"graph: {args.nodes} actors, {args.edges} relations; medians of {args.runs} runs in headless Chromium")
    print()
    print("| page | build (s) | size (MB) | first drawn (s) | filter redrawn (s) |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in results.items():
        drawn = statistics.median(r[0] for r in runs)
        filtered = statistics.median(r[1] for r in runs)
        size = pages[name].stat().st_size / 1e6
        label = "graphkit (300 most central actors, merged, packed)" if name == "graphkit" else "naive (every relation)"
        print(f"| {label} | {built[name]:.1f} | {size:.1f} | {drawn:.2f} | {filtered:.2f} |")


if __name__ == "__main__":
    main()
