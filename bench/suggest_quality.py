"""How well `graphkit suggest` would have drafted the bundled dataset's curated relations.

    python bench/suggest_quality.py [--data DIR] [--misses]

Run suggest on every source as if nothing were curated yet (each curated relation left
out), then compare its suggestions with the curated relations sentence by sentence:
- pair recall: the share of curated relations whose two actors suggest pairs in a
  sentence the relation's quote lies in;
- relation type right: among those, how often a suggestion for that pair has the curated
  relation type (and, on the next line, its direction too);
- certainty right: how often that suggestion has the curated certainty;
- precision: the share of suggestions whose pair some curated relation of that sentence
  has (and, next, whose pair and relation type one has).
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import graphkit
from graphkit.documents import articles
from graphkit.model import Relation
from graphkit.sentences import split_sentences
from graphkit.suggest import suggest
from graphkit.text import squash_whitespace


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / max(whole, 1):.0f} %)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--all-pairs", action="store_true", help="Measure `suggest --all-pairs`.")
    parser.add_argument("--misses", action="store_true", help="List the curated relations missed or mistyped.")
    args = parser.parse_args()
    dataset = graphkit.load(args.data)
    spans = articles(dataset)
    sentences = {path: split_sentences(text) for path, text in dataset.documents.items()}

    def sentence_of(source_doc: str, start: int) -> int:
        """The offset of the sentence holding this offset of the source's document."""
        return next(s.start for s in sentences[spans[source_doc].path] if s.start <= start < s.end)

    curated: dict[tuple[str, int], list[Relation]] = defaultdict(list)  # (source, sentence) -> relations
    quoted: dict[str, list[int]] = {}  # relation id -> its sentences
    for rel in dataset.relations:
        article = spans[rel.source_doc]
        start = article.find(rel.quote)
        end = start + len(squash_whitespace(rel.quote))
        keys = [s.start for s in sentences[article.path] if s.start < end and start < s.end]
        quoted[rel.id] = keys
        for key in keys:
            curated[(rel.source_doc, key)].append(rel)

    suggested: dict[tuple[str, int], list[Relation]] = defaultdict(list)
    count = pair_hits = type_hits = 0
    for source_id, article in spans.items():
        cursor = article.start
        for row in suggest(dataset, source_id, include_curated=True, all_pairs=args.all_pairs):
            cursor = article.text.find(row.quote, cursor, article.end)
            key = (source_id, sentence_of(source_id, cursor))
            suggested[key].append(row)
            count += 1
            pairs = [{r.source, r.target} for r in curated[key]]
            pair_hits += {row.source, row.target} in pairs
            type_hits += any(
                {r.source, r.target} == {row.source, row.target} and r.relation == row.relation for r in curated[key]
            )

    total = len(dataset.relations)
    found = relation_right = direction_right = certainty_right = 0
    misses = []
    for rel in dataset.relations:
        rows = [
            row
            for key in quoted[rel.id]
            for row in suggested[(rel.source_doc, key)]
            if {row.source, row.target} == {rel.source, rel.target}
        ]
        if not rows:
            misses.append(f"no pair   {rel.id}: {rel.source} {rel.relation} {rel.target}")
            continue
        found += 1
        typed = [row for row in rows if row.relation == rel.relation]
        best = (typed or rows)[0]
        relation_right += bool(typed)
        direction_right += any((row.source, row.target) == (rel.source, rel.target) for row in typed)
        certainty_right += best.certainty == rel.certainty
        if not typed:
            misses.append(f"type      {rel.id}: {rel.source} {rel.relation} {rel.target}; suggested {best.relation}")
        elif best.certainty != rel.certainty:
            misses.append(f"certainty {rel.id}: {rel.certainty}; suggested {best.certainty} ({best.note})")
    print(f"curated relations: {total}")
    print(f"suggestions: {count}")
    print(f"pair recall: {_percent(found, total)}")
    print(f"relation type right: {_percent(relation_right, found)}")
    print(f"relation type and direction right: {_percent(direction_right, found)}")
    print(f"certainty right: {_percent(certainty_right, found)}")
    print(f"precision, pair: {_percent(pair_hits, count)} of suggestions name a curated pair of their sentence")
    print(f"precision, pair and type: {_percent(type_hits, count)} of suggestions match a curated relation")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
