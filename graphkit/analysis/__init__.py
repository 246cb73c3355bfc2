"""Network measures on the actor graph, each a plain function taking the MultiDiGraph first.

Every measure runs on a named projection (see `projections`) and returns a pandas
DataFrame indexed or sorted by actor id, ready for a notebook or for graphkit.report:

>>> import graphkit
>>> from graphkit import analysis
>>> G = graphkit.build_graph(graphkit.load())
>>> table = analysis.centrality(G)
>>> "betweenness_hostile" in table.columns
True
"""

from graphkit.analysis.brokerage import brokerage
from graphkit.analysis.centrality import MEASURES, Measure, centrality
from graphkit.analysis.communities import communities
from graphkit.analysis.projections import LAYERS, counted_relations, project, signed, undirected
from graphkit.analysis.signed_network import TIES, balance, enemy_of_enemy, signed_degree
from graphkit.analysis.temporal import OVER_TIME, STANCES, over_time, sign_changes, snapshot_dates

__all__ = [
    "LAYERS",
    "MEASURES",
    "OVER_TIME",
    "STANCES",
    "TIES",
    "Measure",
    "balance",
    "brokerage",
    "centrality",
    "communities",
    "counted_relations",
    "enemy_of_enemy",
    "over_time",
    "project",
    "sign_changes",
    "signed",
    "signed_degree",
    "snapshot_dates",
    "undirected",
]
