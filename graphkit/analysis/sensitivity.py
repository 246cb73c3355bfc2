"""How much the rankings rest on single documents: leave-one-source-out, and who each actor's sources are.

Centralities mirror what the documents chose to discuss: an actor an article is about
gathers relations from it. `source_sensitivity` recomputes the main rankings leaving out
each source document in turn (all its relations) and reports which top positions fall
out without one document; `source_shares` says how much of each actor's record comes
from its main document.

Leaving out a document reruns the measures, so it is bounded: only the main measures
(`SENSITIVITY_MEASURES`, layer "all"), on the full projections minus the document's
relations (`projections.without`), and only the `max_sources` documents with most
counted relations (all of them when there are no more; `LARGE_GRAPH_SOURCES` on graphs
large enough for sampled betweenness); the result says which. On such graphs betweenness
without a document is the full ranking's value plus the change leaving the document out
makes, estimated from `CHANGE_SAMPLES` sampled sources, the same with and without it: a
ranking falls only by what the document changes, never by a different sample.
"""

from __future__ import annotations

import heapq

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis._compiled import COMPILED_THRESHOLD
from graphkit.analysis.centrality import (
    SAMPLE_THRESHOLD,
    SAMPLES,
    _betweenness,
    _pagerank,
    _Projected,
    centrality,
)
from graphkit.analysis.projections import counted, counted_relations, tabled, without

SENSITIVITY_MEASURES = ("degree", "betweenness", "pagerank")
"""The rankings recomputed without each document: breadth, brokerage and attention."""
MAX_SOURCES = 10
"""At most this many documents are left out in turn (those with most counted relations)."""
LARGE_GRAPH_SOURCES = 3
"""On graphs above the betweenness sampling threshold, at most this many (each costs a sampled betweenness)."""
CHANGE_SAMPLES = 100
"""Sampled sources that estimate how leaving out a document changes betweenness (at most the layers' sample).

Removing one document takes out a few dozen of tens of thousands of pairs; the change is
measured from the same sources with and without it, so a small sample measures it well."""


def ranking(values: pd.Series | dict, top: int) -> list[tuple[str, float]]:
    """The `top` actors with the highest values above zero, ties by id: every ranking's rule.

    >>> ranking({"b": 2.0, "a": 2.0, "c": 0.0, "d": 1.0}, 2)
    [('a', 2.0), ('b', 2.0)]
    """
    if isinstance(values, pd.Series) and values.dtype != object:  # NaN is not above zero
        above = values[values > 0]
        if len(above) > top:  # only values at least the top-th largest can rank: the rest are not looked at
            cut = np.partition(above.to_numpy(), len(above) - top)[len(above) - top]
            above = above[above >= cut]
        chosen = list(zip(above.index.tolist(), above.tolist(), strict=True))
    else:
        chosen = list(values.items())
    chosen = [(actor, value) for actor, value in chosen if not pd.isna(value) and value > 0]
    return heapq.nsmallest(top, chosen, key=lambda av: (-av[1], av[0]))


def _measures(directed: nx.DiGraph, simple: nx.Graph, sample_threshold: int, samples: int, seed: int) -> dict:
    """The main measures as graphkit.analysis.centrality computes them, on given projections."""
    notes: list[str] = []
    return {
        "degree": dict(simple.degree()),
        "betweenness": _betweenness(simple, "all", notes, sample_threshold, samples, seed),
        "pagerank": _pagerank(directed, "all", notes),
    }


def _measures_without(
    G: nx.MultiDiGraph,
    relation_ids: set[str],
    certainties: frozenset[str] | None,
    sample_threshold: int,
    samples: int,
    seed: int,
) -> dict:
    """`_measures` of `projections.without(G, relation_ids)`, from the tabled relations, with no graph copied.

    As `centrality` computes them above COMPILED_THRESHOLD actors: igraph and scipy.
    """
    table = tabled(G)
    kept = counted(G, certainties=certainties) & np.array([key not in relation_ids for _, _, key, _ in table.by_id])
    projected = _Projected.of(table, kept)
    notes: list[str] = []
    return {
        "degree": projected.degree(),
        "betweenness": projected.betweenness("all", notes, sample_threshold, samples, seed),
        "pagerank": projected.pagerank("all", notes),
    }


def documents_by_weight(G: nx.MultiDiGraph, *, certainties: frozenset[str] | None = None) -> list[tuple[str, int]]:
    """Source documents with their number of counted relations, most first, then by id."""
    counts: dict[str, int] = {}
    for *_, data in counted_relations(G, certainties=certainties):
        counts[data["source_doc"]] = counts.get(data["source_doc"], 0) + 1
    return sorted(counts.items(), key=lambda dc: (-dc[1], dc[0]))


def source_sensitivity(
    G: nx.MultiDiGraph,
    *,
    top: int = 10,
    certainties: frozenset[str] | None = None,
    max_sources: int = MAX_SOURCES,
    sample_threshold: int = SAMPLE_THRESHOLD,
    samples: int = SAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Each top-`top` position of the main rankings, and the documents without which it falls out.

    One row per (measure, rank): measure, rank, actor, value, rests_on (ids of documents
    whose removal takes the actor out of the top `top`, sorted), ranks_without (its rank
    without each of them; 0: it scores nothing at all without it), relations (its
    counted relations from those documents, sorted ids). `df.attrs`: "documents" (left out
    in turn), "documents_total", "measures", "change_samples" (the sources that estimated
    betweenness's change without each document, see the module; 0: recomputed in full).

    >>> G = nx.MultiDiGraph()
    >>> for key, (u, v, doc) in enumerate([("a", "b", "x"), ("a", "c", "x"), ("d", "b", "y")]):
    ...     _ = G.add_edge(u, v, key=f"r{key}", directed=True, polarity=1, certainty="confirmed",
    ...                    start="", end="", source_doc=doc)
    >>> table = source_sensitivity(G, top=1)
    >>> table.loc[table.measure == "degree", ["actor", "rests_on", "relations"]].to_dict("records")
    [{'actor': 'a', 'rests_on': ('x',), 'relations': ('r0', 'r1')}]
    """
    documents = documents_by_weight(G, certainties=certainties)
    if G.number_of_nodes() > sample_threshold:
        max_sources = min(max_sources, LARGE_GRAPH_SOURCES)
    left_out = [doc for doc, _ in documents[:max_sources]]
    table = centrality(
        G, ("all",), certainties=certainties, sample_threshold=sample_threshold, samples=samples, seed=seed
    )
    full = {m: table[f"{m}_all"].to_dict() for m in SENSITIVITY_MEASURES}
    tops = {m: ranking(full[m], top) for m in SENSITIVITY_MEASURES}
    falls: dict[tuple[str, str], list[tuple[str, int]]] = {}
    relations_of: dict[tuple[str, str], list[str]] = {}
    hidden_by_doc: dict[str, list[tuple[str, str, str]]] = {doc: [] for doc in left_out}
    for u, v, k, d in counted_relations(G, certainties=certainties):
        if d.get("source_doc") in hidden_by_doc:
            hidden_by_doc[d["source_doc"]].append((u, v, k))
    n = G.number_of_nodes()
    change = min(samples, n, CHANGE_SAMPLES) if n > sample_threshold else 0  # the rankings sample min(samples, n)
    sampling = (certainties, sample_threshold, change or samples, seed)
    with_all = _left_out(G, set(), *sampling)["betweenness"] if change and change < min(samples, n) else None
    for doc, hidden in hidden_by_doc.items():
        without_doc = _left_out(G, {k for _, _, k in hidden}, *sampling)
        if with_all is not None:
            without_doc["betweenness"] = _changed(full["betweenness"], with_all, without_doc)
        for measure, ranked in tops.items():
            order = ranking(without_doc[measure], len(without_doc[measure]))
            position = {actor: number for number, (actor, _) in enumerate(order, 1)}
            for actor, _ in ranked:
                rank = position.get(actor, 0)
                if rank == 0 or rank > top:
                    falls.setdefault((measure, actor), []).append((doc, rank))
                    relations_of.setdefault((measure, actor), []).extend(k for u, v, k in hidden if actor in (u, v))
    rows = []
    for measure, ranked in tops.items():
        for number, (actor, value) in enumerate(ranked, 1):
            dropped = sorted(falls.get((measure, actor), []))
            rows.append(
                {
                    "measure": measure,
                    "rank": number,
                    "actor": actor,
                    "value": value,
                    "rests_on": tuple(doc for doc, _ in dropped),
                    "ranks_without": tuple(rank for _, rank in dropped),
                    "relations": tuple(sorted(set(relations_of.get((measure, actor), [])))),
                }
            )
    columns = ["measure", "rank", "actor", "value", "rests_on", "ranks_without", "relations"]
    table = pd.DataFrame(rows, columns=columns)
    table.attrs.update(documents=left_out, documents_total=len(documents), measures=SENSITIVITY_MEASURES)
    table.attrs["change_samples"] = change if with_all is not None else 0
    return table


def _changed(full: dict[str, float], before: dict[str, float], after: dict) -> dict[str, float]:
    """Betweenness without a document: the `full` value plus the change from `before` to `after` (same sources).

    Never below zero; exactly zero for an actor left with fewer than two counterparts, which
    lies on no path between two others.
    """
    degree = after["degree"]
    return {
        actor: max(full[actor] + value - before[actor], 0.0) if degree[actor] > 1 else 0.0
        for actor, value in after["betweenness"].items()
    }


def _left_out(
    G: nx.MultiDiGraph,
    relation_ids: set[str],
    certainties: frozenset[str] | None,
    sample_threshold: int,
    samples: int,
    seed: int,
) -> dict:
    """The main measures without these relations: tabled and compiled above COMPILED_THRESHOLD, else networkx."""
    if G.number_of_nodes() > COMPILED_THRESHOLD:
        return _measures_without(G, relation_ids, certainties, sample_threshold, samples, seed)
    return _measures(*without(G, relation_ids, certainties=certainties), sample_threshold, samples, seed)


def source_shares(G: nx.MultiDiGraph, *, certainties: frozenset[str] | None = None) -> pd.DataFrame:
    """Per actor: its counted relations, how many documents they come from, and its main document's share.

    Index: actor id, sorted. Columns: relations, documents, main_document (most relations,
    then by id; "" for none), main_share (0-1).
    """
    per_actor: dict[str, dict[str, int]] = {actor: {} for actor in G}
    for u, v, _, data in counted_relations(G, certainties=certainties):
        for actor in {u, v}:
            docs = per_actor[actor]
            docs[data["source_doc"]] = docs.get(data["source_doc"], 0) + 1
    rows = {}
    for actor in sorted(per_actor):
        docs = per_actor[actor]
        total = sum(docs.values())
        main = min(docs.items(), key=lambda dc: (-dc[1], dc[0]))[0] if docs else ""
        rows[actor] = {
            "relations": total,
            "documents": len(docs),
            "main_document": main,
            "main_share": docs[main] / total if total else 0.0,
        }
    table = pd.DataFrame.from_dict(
        rows, orient="index", columns=["relations", "documents", "main_document", "main_share"]
    )
    table.index.name = "actor"
    return table
