"""How well `graphkit suggest` would have drafted the bundled dataset's curated relations.

    python bench/suggest_quality.py [--data DIR] [--all-pairs] [--per-source] [--held-out IDS] [--misses]

Run suggest on every source as if nothing were curated yet (each curated relation left
out), then compare its suggestions with the curated relations sentence by sentence:
- pair recall: the share of curated relations whose two actors suggest pairs in a
  sentence the relation's quote lies in;
- relation type right: among those, how often a suggestion for that pair has the curated
  relation type (and, on the next line, its direction too);
- certainty right: how often that suggestion has the curated certainty;
- claimant right: how often it has the curated claimant (an actor id, a label such as
  `author`, or none);
- precision: the share of suggestions whose pair some curated relation of that sentence
  has (and, next, whose pair and relation type one has).

`--per-source` gives the same figures for each source; `--held-out a,b` for those sources
and for the rest apart, so that rules tuned on the rest can be judged on sources they
were not tuned on. `--misses` lists each curated relation missed or mistyped; a missed
pair says whether the sentence names both actors (then no rule links them), one or none.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import graphkit
from graphkit.documents import articles
from graphkit.model import Relation
from graphkit.sentences import MentionFinder, split_sentences
from graphkit.suggest import suggest
from graphkit.text import squash_whitespace


@dataclass(frozen=True)
class Outcome:
    """What suggest made of one curated relation."""

    source_doc: str
    found: bool
    typed: bool = False
    directed: bool = False
    certain: bool = False
    claimed: bool = False


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / max(whole, 1):.0f} %)"


def _short(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--all-pairs", action="store_true", help="Measure `suggest --all-pairs`.")
    parser.add_argument("--per-source", action="store_true", help="The figures for each source too.")
    parser.add_argument("--held-out", default="", help="Comma-separated source ids to report apart from the rest.")
    parser.add_argument("--misses", action="store_true", help="List the curated relations missed or mistyped.")
    args = parser.parse_args()
    dataset = graphkit.load(args.data)
    spans = articles(dataset)
    sentences = {path: split_sentences(text) for path, text in dataset.documents.items()}
    finder = MentionFinder(dataset.actors)

    def sentence_of(source_doc: str, start: int) -> int:
        """The offset of the sentence holding this offset of the source's document."""
        return next(s.start for s in sentences[spans[source_doc].path] if s.start <= start < s.end)

    curated: dict[tuple[str, int], list[Relation]] = defaultdict(list)  # (source, sentence) -> relations
    quoted: dict[str, list[int]] = {}  # relation id -> its sentences
    named: dict[str, set[str]] = {}  # relation id -> the actors its sentences name
    for rel in dataset.relations:
        article = spans[rel.source_doc]
        start = article.find(rel.quote)
        end = start + len(squash_whitespace(rel.quote))
        hit = [s for s in sentences[article.path] if s.start < end and start < s.end]
        quoted[rel.id] = [s.start for s in hit]
        named[rel.id] = {m.actor for s in hit for m in finder.find(s.text)}
        for s in hit:
            curated[(rel.source_doc, s.start)].append(rel)

    suggested: dict[tuple[str, int], list[Relation]] = defaultdict(list)
    made: list[tuple[str, bool, bool]] = []  # per suggestion: source, pair right, pair and type right
    for source_id, article in spans.items():
        cursor = article.start
        for row in suggest(dataset, source_id, include_curated=True, all_pairs=args.all_pairs):
            cursor = article.text.find(row.quote, cursor, article.end)
            key = (source_id, sentence_of(source_id, cursor))
            suggested[key].append(row)
            pair = {row.source, row.target}
            made.append(
                (
                    source_id,
                    any({r.source, r.target} == pair for r in curated[key]),
                    any({r.source, r.target} == pair and r.relation == row.relation for r in curated[key]),
                )
            )

    outcomes: list[Outcome] = []
    misses = []
    causes: Counter[str] = Counter()
    for rel in dataset.relations:
        rows = [
            row
            for key in quoted[rel.id]
            for row in suggested[(rel.source_doc, key)]
            if {row.source, row.target} == {rel.source, rel.target}
        ]
        if not rows:
            count = len({rel.source, rel.target} & named[rel.id])
            cause = ("neither actor named", "one actor not named", "both named, no rule links them")[count]
            causes[cause] += 1
            outcomes.append(Outcome(rel.source_doc, False))
            misses.append(f"no pair   {rel.id}: {rel.source} {rel.relation} {rel.target} ({cause})")
            continue
        typed = [row for row in rows if row.relation == rel.relation]
        best = (typed or rows)[0]
        directed = any((row.source, row.target) == (rel.source, rel.target) for row in typed)
        outcomes.append(
            Outcome(
                rel.source_doc,
                True,
                bool(typed),
                directed,
                best.certainty == rel.certainty,
                best.claimant == rel.claimant,
            )
        )
        if not typed:
            misses.append(f"type      {rel.id}: {rel.source} {rel.relation} {rel.target}; suggested {best.relation}")
        elif best.certainty != rel.certainty:
            misses.append(f"certainty {rel.id}: {rel.certainty}; suggested {best.certainty} ({best.note})")
        elif best.claimant != rel.claimant:
            misses.append(f"claimant  {rel.id}: '{rel.claimant}'; suggested '{best.claimant}' ({best.note})")

    def figures(keep: Callable[[str], bool]) -> tuple[int, int, int, int, int, int, int, int]:
        mine = [o for o in outcomes if keep(o.source_doc)]
        found = [o for o in mine if o.found]
        rows = [m for m in made if keep(m[0])]
        return (
            len(mine),
            len(found),
            sum(o.typed for o in found),
            sum(o.certain for o in found),
            sum(o.claimed for o in found),
            len(rows),
            sum(m[1] for m in rows),
            sum(m[2] for m in rows),
        )

    total, found, typed, certain, claimed, count, pair_hits, type_hits = figures(lambda _: True)
    print(f"curated relations: {total}")
    print(f"suggestions: {count}")
    print(f"pair recall: {_percent(found, total)}")
    print(f"relation type right: {_percent(typed, found)}")
    print(f"relation type and direction right: {_percent(sum(o.directed for o in outcomes), found)}")
    print(f"certainty right: {_percent(certain, found)}")
    print(f"claimant right: {_percent(claimed, found)}")
    print(f"precision, pair: {_percent(pair_hits, count)} of suggestions name a curated pair of their sentence")
    print(f"precision, pair and type: {_percent(type_hits, count)} of suggestions match a curated relation")
    print("missed pairs: " + ", ".join(f"{cause} {n}" for cause, n in sorted(causes.items())))
    held_out = {s for s in args.held_out.split(",") if s}
    unknown = held_out - set(spans)
    if unknown:
        parser.error(f"unknown source(s) in --held-out: {', '.join(sorted(unknown))}")
    parts: list[tuple[str, Callable[[str], bool]]] = []
    if args.per_source:
        parts += [(source_id, lambda s, mine=source_id: s == mine) for source_id in spans]
    if held_out:
        parts += [("tuned on", lambda s: s not in held_out), ("held out", lambda s: s in held_out)]
    if parts:
        head = ["sources", "curated", "suggestions", "pair recall", "type right", "certainty right", "claimant right"]
        head += ["precision, pair", "precision, pair and type"]
        print("\n| " + " | ".join(head) + " |\n| --- |" + " ---: |" * (len(head) - 1))
        for label, keep in parts:
            total, found, typed, certain, claimed, count, pair_hits, type_hits = figures(keep)
            cells = [
                label,
                str(total),
                str(count),
                _short(found, total),
                _short(typed, found),
                _short(certain, found),
                _short(claimed, found),
                _short(pair_hits, count),
                _short(type_hits, count),
            ]
            print("| " + " | ".join(cells) + " |")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
