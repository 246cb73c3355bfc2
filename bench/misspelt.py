"""Validate's error path at scale: misspelt actor ids among many actors, each given a suggestion.

    python bench/misspelt.py OUT_DIR [--actors 100000] [--misses 1000] [--seed 0]
    python bench/misspelt.py OUT_DIR --time [--reference 20]

The first form writes a dataset (actors from bench/generate.py, one relation per misspelt
id, one document holding every quote) whose `graphkit validate` reports one unknown actor
with a suggestion per relation: time it as a whole process. `--time` times the
suggestions alone (graphkit.text.Suggestions over every actor id, all misses at once) and
difflib's scan of every id per miss, the way they were made before, on `--reference`
misses, extrapolated to all of them; and checks both give the same suggestions.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import _write_csv, make_actors

from graphkit.load import ACTOR_COLUMNS, RELATION_COLUMNS, SOURCE_COLUMNS
from graphkit.text import Suggestions, fold


def misspell(rng: random.Random, word: str) -> str:
    """One typing slip: a letter dropped, doubled, swapped with the next or replaced."""
    at = rng.randrange(len(word) - 1)
    slip = rng.randrange(4)
    if slip == 0:
        return word[:at] + word[at + 1 :]
    if slip == 1:
        return word[:at] + word[at] + word[at:]
    if slip == 2:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + rng.choice("aeiou") + word[at + 1 :]


def write(out: Path, actors: int, misses: int, seed: int) -> Path:
    rng = random.Random(seed)
    people = make_actors(actors, rng)
    ids = {a.id for a in people}
    (out / "docs").mkdir(parents=True, exist_ok=True)
    rows, sentences = [], []
    while len(rows) < misses:
        a, b = rng.sample(people, 2)
        wrong = misspell(rng, a.id)
        if wrong in ids:
            continue
        sentence = f"{a.name} attacks {b.name}."
        sentences.append(sentence)
        rows.append([f"r{len(rows):05d}", wrong, b.id, "attacks", "", "", "reported", "src_00000", sentence, ""])
    _write_csv(
        out / "actors.csv", ACTOR_COLUMNS, ([a.id, a.name, a.kind, "|".join(a.aliases), a.description] for a in people)
    )
    _write_csv(out / "relations.csv", RELATION_COLUMNS, rows)
    _write_csv(out / "sources.csv", SOURCE_COLUMNS, [["src_00000", "docs/doc.txt", "Report", "", "", "", ""]])
    (out / "docs" / "doc.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return out


def reference(value: str, choices: list[str]) -> list[str]:
    """Suggestions as they were made before: difflib over every folded id, once per miss."""
    by_key: dict[str, str] = {}
    for choice in sorted(choices):
        by_key.setdefault(fold(choice), choice)
    return [by_key[hit] for hit in difflib.get_close_matches(fold(value), list(by_key), n=3, cutoff=0.6)]


def time_suggestions(out: Path, sample: int) -> None:
    with (out / "actors.csv").open(encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    with (out / "relations.csv").open(encoding="utf-8") as handle:
        misses = [row["source"] for row in csv.DictReader(handle)]
    started, cpu = time.perf_counter(), time.process_time()
    found = Suggestions(ids).nearest(misses)
    indexed, indexed_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    for miss in misses[:sample]:
        assert found[miss] == reference(miss, ids), miss
    scanned = (time.perf_counter() - started) / max(sample, 1) * len(misses)
    print(
        f"{len(misses)} misses among {len(ids)} actors: index {indexed:.2f} s "
        f"({indexed_cpu:.2f} s CPU, all threads), one scan per miss ~{scanned:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--misses", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time", action="store_true", help="time the suggestions on a dataset written before")
    parser.add_argument("--reference", type=int, default=20, help="misses to scan the old way (extrapolated)")
    args = parser.parse_args()
    if args.time:
        time_suggestions(args.out_dir, args.reference)
    else:
        write(args.out_dir, args.actors, args.misses, args.seed)


if __name__ == "__main__":
    main()
