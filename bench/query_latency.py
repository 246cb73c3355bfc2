"""How long a query costs compared with merely importing networkx.

    python bench/query_latency.py [--runs N] [-- graphkit args ...]

Runs each command N times in fresh processes (after one warm-up run that fills the
graph cache) and prints the medians and their ratio. The target is about 1.5 x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, check=True, capture_output=True)  # warm-up: fills caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("query", nargs="*", default=["path", "russia", "ttp"])
    args = parser.parse_args()
    graphkit = shutil.which("graphkit") or str(Path(sys.executable).with_name("graphkit"))
    baseline = median_seconds([sys.executable, "-c", "import networkx"], args.runs)
    query = median_seconds([graphkit, *args.query], args.runs)
    print(f"python -c 'import networkx'  median {baseline * 1000:7.1f} ms over {args.runs} runs")
    print(f"graphkit {' '.join(args.query):<19} median {query * 1000:7.1f} ms over {args.runs} runs")
    print(f"ratio {query / baseline:.2f} (target: about 1.5 or less)")


if __name__ == "__main__":
    main()
