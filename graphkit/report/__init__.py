"""The analysis report: a CSV of every actor's measures, a Markdown summary and PNG charts.

Everything is computed by graphkit.analysis (`graphkit.analysis.summary.analyse`); the
modules here only format what it computed and write each file atomically
(graphkit.files), byte-identical on rerun: sorted rows, fixed rounding, fixed seeds, no
timestamps, and PNGs saved without software metadata.

- `table`: centrality.csv
- `markdown`: report.md (`md` escapes text for it)
- `charts`: the PNG charts, one colour per actor across all of them
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from graphkit.analysis._progress import progress
from graphkit.analysis.centrality import SAMPLE_THRESHOLD, SAMPLES
from graphkit.analysis.projections import unchanged
from graphkit.analysis.summary import analyse
from graphkit.files import staged, write_bytes, write_text
from graphkit.report.charts import charts
from graphkit.report.markdown import markdown, md
from graphkit.report.table import centrality_csv

__all__ = ["md", "write_report"]


def write_report(
    G: nx.MultiDiGraph,
    out_dir: str | os.PathLike,
    *,
    dates: Sequence[str] | None = None,
    top: int = 10,
    seed: int = 0,
    certainties: frozenset[str] | None = None,
    sample_threshold: int = SAMPLE_THRESHOLD,
    samples: int = SAMPLES,
) -> list[Path]:
    """Analyse the graph and write centrality.csv, report.md and PNG charts into `out_dir`.

    `dates`: the as-of dates of the change-over-time tables (default: 1 January of each
    year from 2021 to the latest year in the data, and 31 December of that year). `top`:
    how many actors each ranking shows. `seed` fixes Louvain and the graph layout (and
    sampled betweenness on graphs above `sample_threshold` actors). `samples`: source actors of
    each layer's sampled betweenness and closeness; the snapshots take at most
    `centrality.SNAPSHOT_SAMPLES` of them, the leave-one-out changes `sensitivity.CHANGE_SAMPLES`.
    Returns the written paths, sorted.
    """
    out = Path(out_dir)
    with unchanged(G):  # the analyses and the charts alike: G is only read
        analysis = analyse(
            G,
            dates=dates,
            top=top,
            seed=seed,
            certainties=certainties,
            sample_threshold=sample_threshold,
            samples=samples,
        )
        with staged(out, owns=_ours):  # the old report or the new one, never a mix
            written = [write_text(out / "centrality.csv", centrality_csv(analysis))]
            drawn = charts(analysis)
            for name, data in progress(drawn.items(), desc="charts", total=len(drawn)):
                written.append(write_bytes(out / name, data))
            written.append(write_text(out / "report.md", markdown(analysis, sorted(drawn))))
    return sorted(written)


def _ours(name: str) -> bool:
    """The names a report writes into its directory (a rerun may replace them all)."""
    return name in ("report.md", "centrality.csv") or name.endswith(".png")
