"""How quickly a large explorer page is built and becomes interactive in headless Chromium.

    python bench/html_large.py [--nodes 5000] [--edges 15000] [--runs 3]

Prints: the time to build the page in Python (layout included), its size, the time
from navigation until the graph is first drawn, and the time a filter change takes.
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

from graphkit.render.browser import CHROMIUM_ARGS, chromium_path
from graphkit.render.html import write_html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    graph = synthetic_graph(args.nodes, args.edges)
    target = Path(tempfile.mkdtemp()) / "large.html"
    started = time.perf_counter()
    write_html(graph, target)
    built = time.perf_counter() - started
    print(f"graph: {args.nodes} actors, {args.edges} relations")
    print(f"build page (layout, measures, template): {built:.2f} s, {target.stat().st_size / 1e6:.1f} MB")
    drawn, filtered = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        for _ in range(args.runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(target.as_uri(), timeout=0)  # a page of 100,000 relations takes longer than the default 30 s
            page.wait_for_function("() => window.graphkit && window.graphkit.firstDrawnMs() !== null", timeout=0)
            drawn.append(page.evaluate("() => window.graphkit.firstDrawnMs()") / 1000)
            filtered.append(
                page.evaluate(
                    """() => new Promise((done) => {
                        const box = document.querySelector('#gk-relations input');
                        const t0 = performance.now();
                        window.network.once('afterDrawing', () => done((performance.now() - t0) / 1000));
                        box.click();
                    })"""
                )
            )
            page.close()
        browser.close()
    print(f"first drawn after navigation: median {statistics.median(drawn):.2f} s over {args.runs} runs")
    print(f"filter change to redrawn: median {statistics.median(filtered):.2f} s")


if __name__ == "__main__":
    main()
