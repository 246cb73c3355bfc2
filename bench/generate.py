"""Synthetic datasets in graphkit's own format, for measuring how graphkit scales.

    python bench/generate.py OUT_DIR [--relations 1000 10000 100000] [--seed 0]
    python bench/generate.py OUT_DIR --relations 1000000     # 10^6: about 300 MB, a few minutes

Writes OUT_DIR/r<relations>/ for each size: actors.csv, relations.csv, sources.csv,
omissions.csv and docs/*.txt. About one actor per ten relations and one source per
hundred relations, as in a curated event dataset:

- actors of every kind with names, aliases (acronyms, short forms) and descriptions;
  every id, name and alias is unique (graphkit's duplicate-alias rule);
- a heavy-tailed degree distribution (Zipf-like rank weights, exponent 0.8: a few hubs
  with thousands of relations, a long tail with one or two) and regional clusters, so
  the graph has triangles, communities and parallel relations;
- every relation type and certainty level, partial dates (year, month, day, open-ended
  and undated), notes with commas and quotes;
- documents that contain every quote verbatim, written by name or by alias, among
  sentences that name no relation; some files hold two articles (`starts_with`), and a
  few two-actor sentences are recorded in omissions.csv.

The output depends only on the size and the seed: the same arguments give the same bytes.
The datasets pass `graphkit validate`.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.load import ACTOR_COLUMNS, OMISSION_COLUMNS, RELATION_COLUMNS, SOURCE_COLUMNS
from graphkit.text import fold, name_key
from graphkit.vocab import vocabulary

SIZES = (1_000, 10_000, 100_000)
RELATIONS_PER_ACTOR = 10
RELATIONS_PER_SOURCE = 100
ZIPF = 0.8
"""Rank-weight exponent: actor number r takes part in relations with weight 1 / r**ZIPF."""
REGION_SIZE = 60
"""Actors per region; most relations stay inside one region, which makes clusters and triangles."""
LOCAL_SHARE = 0.7

_SYLLABLES = [
    "ka",
    "ra",
    "mo",
    "ten",
    "vel",
    "sha",
    "dor",
    "lin",
    "qua",
    "zar",
    "bel",
    "tor",
    "mi",
    "na",
    "vos",
    "kel",
    "dra",
    "sil",
    "ar",
    "um",
    "pe",
    "ro",
    "tas",
    "ven",
    "gal",
    "hor",
    "is",
    "ba",
    "lu",
    "nem",
    "cor",
    "fa",
    "jin",
    "ob",
    "rek",
    "sol",
    "tu",
    "wa",
    "yel",
    "zen",
    "ith",
    "mar",
]
_FIRST = [
    "Amina",
    "Bakhtiar",
    "Daria",
    "Emil",
    "Farid",
    "Goran",
    "Hana",
    "Ilyas",
    "Jana",
    "Karim",
    "Leyla",
    "Marat",
    "Nadia",
    "Omar",
    "Pavel",
    "Rustam",
]
_KIND_SHARE = (("state", 10), ("militant_group", 20), ("organization", 30), ("person", 30), ("project", 10))
_CERTAINTY_SHARE = (("confirmed", 40), ("reported", 30), ("alleged", 15), ("proposed", 10), ("denied", 5))
_FILLER = (
    "Analysts cautioned that the situation remains fluid.",
    "The statement gave no further details.",
    "Local residents described long queues at the crossing.",
    "Prices for fuel and flour rose sharply over the month.",
    "Observers expect the talks to resume after the holidays.",
    "The region has seen repeated droughts in recent years.",
    "Officials declined to comment on the figures.",
    "Trade volumes fell for the third consecutive quarter.",
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    aliases: list[str]
    region: int
    description: str = ""


@dataclass
class Doc:
    path: str
    sources: list[str]  # source ids, in the order their articles appear
    paragraphs: dict[str, list[str]] = field(default_factory=dict)  # per source: its sentences


def _root(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


def _forms(kind: str, rng: random.Random) -> tuple[str, list[str], str]:
    """A name, candidate aliases and a description for an actor of `kind`."""
    root, other = _root(rng), _root(rng)
    if kind == "state":
        return (
            f"Republic of {root}",
            [f"{root}ia", f"{root}n government", other],
            f"A state; its capital {other} stands for it in the sources.",
        )
    if kind == "militant_group":
        suffix = rng.choice(("Liberation Front", "Brigades", "Movement", "Army"))
        name = f"{root} {suffix}"
        acronym = "".join(word[0] for word in name.split()).upper() + root[1].upper()
        return name, [acronym, f"{root} fighters"], f"An armed group active around {other}, in the {root} valley."
    if kind == "organization":
        suffix = rng.choice(("Trade Council", "Relief Agency", "Development Bank", "Security Forum"))
        return f"{root} {suffix}", [f"the {root} {suffix.split()[0].lower()} body"], f"A body based in {other}."
    if kind == "person":
        first = rng.choice(_FIRST)
        return f"{first} {root}", [f"{first[0]}. {root}", f"Commander {root}"], f'Known as "{root}", from {other}.'
    suffix = rng.choice(("Railway", "Pipeline", "Dam", "Corridor", "Airport"))
    return f"{root}–{other} {suffix}", [f"{root} {suffix.lower()}"], f"Infrastructure linking {root} and {other}."


def make_actors(count: int, rng: random.Random) -> list[Actor]:
    """`count` actors; every id, name and alias unique under graphkit's name comparison."""
    kinds = [kind for kind, share in _KIND_SHARE for _ in range(share)]
    taken: set[str] = set()
    actors: list[Actor] = []
    while len(actors) < count:
        kind = kinds[len(actors) % len(kinds)]
        name, candidates, description = _forms(kind, rng)
        actor_id = _snake(name)
        if name_key(name) in taken or name_key(actor_id) in taken:
            continue
        taken.update({name_key(name), name_key(actor_id)})
        aliases = []
        for alias in candidates[: rng.choice((0, 1, 1, 2, 3))]:
            if name_key(alias) not in taken:
                taken.add(name_key(alias))
                aliases.append(alias)
        actors.append(Actor(actor_id, name, kind, aliases, len(actors) // REGION_SIZE, description))
    return actors


def _date(rng: random.Random) -> tuple[str, str]:
    """(start, end): undated, or partial dates of every precision, sometimes with an end."""
    roll = rng.random()
    if roll < 0.4:
        return "", ""
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    start = f"{year}" if roll < 0.65 else f"{year}-{month:02d}" if roll < 0.85 else f"{year}-{month:02d}-{day:02d}"
    if rng.random() < 0.3:
        return start, f"{year + rng.randint(1, 3)}-{rng.randint(1, 12):02d}"
    if rng.random() < 0.05:
        return "", start  # only an end is known
    return start, ""


def _surface(actor: Actor, rng: random.Random) -> str:
    """How a document names the actor: mostly its name, sometimes an alias."""
    if actor.aliases and rng.random() < 0.35:
        return rng.choice(actor.aliases)
    return actor.name


def _sentence(rng: random.Random, a: str, verb: str, b: str, certainty: str) -> str:
    """A sentence stating the relation, hedged as its certainty level would be."""
    place, month, year = _root(rng), rng.choice(_MONTHS), rng.randint(2015, 2025)
    hedge = {
        "confirmed": "",
        "reported": "According to local media, ",
        "alleged": "Officials in the capital alleged that ",
        "proposed": "Under a plan announced in {month}, ",
        "denied": "Despite reports, a spokesperson denied that ",
    }[certainty].format(month=month)
    body = f"{a} {verb} {b}"
    if rng.random() < 0.5:
        body += f" near {place} in {month} {year}"
    sentence = hedge + body + "."
    return sentence[0].upper() + sentence[1:]


def generate(directory: str | Path, relations: int, seed: int = 0) -> Path:
    """Write a dataset of `relations` relations into `directory` (created); returns it."""
    rng = random.Random(seed * 1_000_003 + relations)
    vocab = vocabulary()
    out = Path(directory)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    actors = make_actors(max(relations // RELATIONS_PER_ACTOR, 10), rng)
    regions: dict[int, list[int]] = {}
    for index, actor in enumerate(actors):
        regions.setdefault(actor.region, []).append(index)
    # Zipf-like weights over a shuffled rank order, so hubs are spread over kinds and regions.
    ranks = list(range(len(actors)))
    rng.shuffle(ranks)
    weight = [1.0 / (rank + 1) ** ZIPF for rank in ranks]
    cumulative = _cumulative(weight)
    local = {region: (members, _cumulative([weight[i] for i in members])) for region, members in regions.items()}

    source_count = max(relations // RELATIONS_PER_SOURCE, 1)
    docs: list[Doc] = []
    source_ids = [f"src_{i:05d}" for i in range(source_count)]
    position = 0
    while position < source_count:
        # Every tenth file holds two articles (cut at each source's `starts_with`).
        take = 2 if len(docs) % 10 == 9 and position + 1 < source_count else 1
        docs.append(Doc(f"docs/doc_{len(docs):05d}.txt", source_ids[position : position + take]))
        position += take
    doc_of = {source: doc for doc in docs for source in doc.sources}
    for doc in docs:
        for source in doc.sources:
            doc.paragraphs[source] = []

    relation_types = list(vocab.relations.values())
    certainty = [name for name, share in _CERTAINTY_SHARE for _ in range(share)]
    rows = []
    for number in range(relations):
        u = _pick(rng, cumulative)
        if rng.random() < LOCAL_SHARE:
            members, local_cumulative = local[actors[u].region]
            v = members[_pick(rng, local_cumulative)]
        else:
            v = _pick(rng, cumulative)
        if u == v:
            v = (v + 1) % len(actors)
        rtype = (
            relation_types[number % len(relation_types)] if number < len(relation_types) else rng.choice(relation_types)
        )
        level = certainty[number % len(certainty)] if number < len(certainty) else rng.choice(certainty)
        start, end = _date(rng)
        source = source_ids[min(number * source_count // relations, source_count - 1)]
        sentence = _sentence(rng, _surface(actors[u], rng), rtype.label, _surface(actors[v], rng), level)
        quote = sentence
        if rng.random() < 0.2 and " near " in sentence:
            quote = sentence[: sentence.index(" near ")]  # a clause, not the whole sentence
        doc_of[source].paragraphs[source].append(sentence)
        if rng.random() < 0.5:
            doc_of[source].paragraphs[source].append(rng.choice(_FILLER))
        note = ""
        if rng.random() < 0.3:
            note = f'Reported by "{_root(rng)} Daily", page {rng.randint(1, 12)}; date as given, not verified.'
        rows.append([f"r{number:07d}", actors[u].id, actors[v].id, rtype.name, start, end, level, source, quote, note])

    omissions = []
    for doc in docs:
        for source in doc.sources:
            # A two-actor sentence that states no relation; every other one is recorded as left out.
            a, b = actors[_pick(rng, cumulative)], actors[_pick(rng, cumulative)]
            if a.id != b.id:
                sentence = f"{a.name} and {b.name} were both mentioned in the minutes of the meeting."
                doc.paragraphs[source].append(sentence)
                if len(omissions) % 2 == 0:
                    omissions.append([source, sentence, "no relation: both named, nothing said between them"])
                else:
                    omissions.append(None)
    omissions = [row for row in omissions if row]

    sources = []
    for doc in docs:
        lines = []
        for source in doc.sources:
            heading = f"{_root(rng)} {rng.choice(('Weekly', 'Monitor', 'Review'))} report {source}"
            starts_with = heading if len(doc.sources) > 1 else ""
            published = rng.choice(("", "2024", f"2024-{rng.randint(1, 12):02d}", "2025-03-12"))
            reliability = rng.choice(("", "A", "B", "C", "D", "E", "F"))
            sources.append(
                [
                    source,
                    doc.path,
                    f"Report {source}",
                    f"{rng.choice(_FIRST)} {_root(rng)}",
                    "Synthetic Monitor",
                    published,
                    reliability,
                    starts_with,
                ]
            )
            lines += [heading, f"By {rng.choice(_FIRST)} {_root(rng)}", ""]
            sentences = doc.paragraphs[source]
            for first in range(0, len(sentences), 4):
                # One paragraph per line; a double space now and then, which quotes ignore.
                paragraph = " ".join(sentences[first : first + 4])
                if first % 12 == 8:
                    paragraph = paragraph.replace(" ", "  ", 1)
                lines += [paragraph, ""]
        (out / doc.path).write_text("\n".join(lines), encoding="utf-8")

    _write_csv(
        out / "actors.csv", ACTOR_COLUMNS, ([a.id, a.name, a.kind, "|".join(a.aliases), a.description] for a in actors)
    )
    _write_csv(out / "relations.csv", RELATION_COLUMNS, rows)
    _write_csv(out / "sources.csv", (*SOURCE_COLUMNS, "starts_with"), sources)
    _write_csv(out / "omissions.csv", OMISSION_COLUMNS, omissions)
    return out


def _cumulative(weights: list[float]) -> list[float]:
    total, running = sum(weights), 0.0
    result = []
    for w in weights:
        running += w / total
        result.append(running)
    result[-1] = 1.0
    return result


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    from bisect import bisect_left

    return min(bisect_left(cumulative, rng.random()), len(cumulative) - 1)


def _write_csv(path: Path, header: tuple[str, ...], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--relations", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for size in args.relations:
        target = generate(args.out_dir / f"r{size}", size, args.seed)
        print(f"{target}: {size} relations", file=sys.stderr)


if __name__ == "__main__":
    main()
