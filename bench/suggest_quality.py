"""How well `graphkit suggest` would have drafted the bundled dataset's curated relations.

    python bench/suggest_quality.py [--data DIR]

For every curated relation, take the sentence its quote lies in and ask what suggest
would propose there if the relation were not yet curated:
- pair recall: the share of relations whose two actors suggest finds in that sentence;
- relation precision: among those, how often its guessed relation type is the curated one;
- certainty precision: how often its guessed certainty is the curated one.
"""

from __future__ import annotations

import argparse
from collections import Counter

import graphkit
from graphkit.documents import articles
from graphkit.sentences import MentionFinder, split_sentences
from graphkit.suggest import guess
from graphkit.text import squash_whitespace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    dataset = graphkit.load(args.data)
    finder = MentionFinder(dataset.actors)
    spans = articles(dataset)
    sentences = {path: split_sentences(text) for path, text in dataset.documents.items()}
    total = found = relation_right = certainty_right = 0
    misses: Counter = Counter()
    for rel in dataset.relations:
        article = spans[rel.source_doc]
        total += 1
        start = article.find(rel.quote)
        end = start + len(squash_whitespace(rel.quote))
        hit = None
        for sentence in sentences[article.path]:
            if sentence.start < end and start < sentence.end:
                mentions = {m.actor: m for m in reversed(finder.find(sentence.text))}
                if rel.source in mentions and rel.target in mentions:
                    first, second = sorted((mentions[rel.source], mentions[rel.target]), key=lambda m: m.start)
                    hit = guess(sentence.text, first, second)
                    break
        if hit is None:
            misses["an actor is not named in the quoted sentence"] += 1
            continue
        found += 1
        relation_right += hit.relation == rel.relation
        certainty_right += hit.certainty == rel.certainty
    print(f"curated relations: {total}")
    print(f"pair recall: {found} of {total} ({100 * found / total:.0f} %)")
    print(f"relation type right: {relation_right} of {found} ({100 * relation_right / max(found, 1):.0f} %)")
    print(f"certainty right: {certainty_right} of {found} ({100 * certainty_right / max(found, 1):.0f} %)")
    for reason, count in misses.most_common():
        print(f"missed, {reason}: {count}")


if __name__ == "__main__":
    main()
