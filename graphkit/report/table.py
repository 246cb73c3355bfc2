"""centrality.csv: one row per actor, every measure of every layer, then signed and brokerage measures."""

from __future__ import annotations

from graphkit.analysis.summary import Analysis
from graphkit.output import to_csv

PRECISION = 6
"""Decimal places of every float in centrality.csv."""


def centrality_csv(a: Analysis) -> str:
    """One row per actor (by id): id, name, kind, every centrality column, then signed and brokerage measures."""
    G = a.graph
    table = a.table.copy()
    table = table.join(a.signs[["positive_degree", "negative_degree", "neutral_degree"]])
    table = table.join(a.groups[["community", "core"]])
    table = table.join(a.broker[["constraint", "effective_size", "other_communities", "participation"]])
    floats = table.select_dtypes("float").columns
    table[floats] = table[floats].round(PRECISION) + 0.0  # + 0.0 turns -0.0 into 0.0
    table.insert(0, "kind", [G.nodes[n].get("kind", "") for n in table.index])
    table.insert(0, "name", [G.nodes[n].get("name", n) for n in table.index])
    header = ["id", *table.columns]
    return to_csv(header, table.itertuples(index=True, name=None), float_format=f"%.{PRECISION}f")
