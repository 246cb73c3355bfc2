"""Candidate relations for the sentences coverage flags: a curator's first draft, never data.

For every sentence that names two or more actors and that no relation quotes or
omissions.csv explains, each pair of actors (in text order) becomes a row in
relations.csv's own columns, with the relation type guessed from the cue words the
vocabulary defines, the certainty from its hedges, and the dates the sentence gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphkit.coverage import coverage
from graphkit.dates import date_bounds
from graphkit.model import Dataset, Relation
from graphkit.sentences import Mention, MentionFinder
from graphkit.text import fold
from graphkit.vocab import Vocabulary, vocabulary

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_DATE_PATTERNS = [
    (re.compile(rf"\b{_MONTH} (\d{{1,2}}), (\d{{4}})\b"), lambda m: (m[3], _MONTHS[m[1]], int(m[2]))),
    (re.compile(rf"\b(\d{{1,2}}) {_MONTH},? (\d{{4}})\b"), lambda m: (m[3], _MONTHS[m[2]], int(m[1]))),
    (re.compile(rf"\b{_MONTH} (\d{{4}})\b"), lambda m: (m[2], _MONTHS[m[1]], None)),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: (m[1], int(m[2]), int(m[3]))),
    (re.compile(r"\b((?:19|20)\d{2})\b"), lambda m: (m[1], None, None)),
]
_UNTIL = re.compile(r"\b(until|till|up to|through)\s+$")


@dataclass(frozen=True)
class Guess:
    relation: str
    certainty: str
    cue: str
    hedge: str


def _find_words(folded: str, words: tuple[str, ...]) -> list[tuple[int, str]]:
    """(position, word) of each word that starts a word in the folded text."""
    found = []
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(fold(word))}", folded):
            found.append((match.start(), word))
    return sorted(found, key=lambda hit: (hit[0], -len(hit[1])))  # the longest word at a position


def guess(sentence: str, first: Mention, second: Mention, vocab: Vocabulary | None = None) -> Guess:
    """The relation and certainty a sentence suggests between two of its mentions.

    The cue nearest to the stretch between the two mentions wins (a cue between them
    counts as distance 0); hedges are read over the whole sentence, the strongest
    signal first: denied, alleged, proposed, reported, else confirmed.
    """
    vocab = vocab or vocabulary()
    folded = fold(sentence)
    low, high = first.end, second.start
    best: tuple[int, int, str, str] | None = None
    for order, (name, rtype) in enumerate(vocab.relations.items()):
        for position, word in _find_words(folded, rtype.cues):
            distance = 0 if low <= position <= high else min(abs(position - low), abs(position - high))
            candidate = (distance, order, name, word)
            if best is None or candidate < best:
                best = candidate
    certainty, hedge = "confirmed", ""
    for level in ("denied", "alleged", "proposed", "reported"):
        hits = _find_words(folded, vocab.certainty[level].hedges)
        if hits:
            certainty, hedge = level, hits[0][1]
            break
    return Guess(best[2] if best else "", certainty, best[3] if best else "", hedge)


def find_dates(sentence: str) -> tuple[str, str]:
    """(start, end) as partial ISO dates from the first dates a sentence gives.

    >>> find_dates("On July 3, 2025, Russia recognized them.")
    ('2025-07-03', '')
    >>> find_dates("Russian forces guarded the border until 2005.")
    ('', '2005')
    """
    lowered = sentence.casefold()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, bool]] = []
    for pattern, parts in _DATE_PATTERNS:
        for match in pattern.finditer(lowered):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            year, month, day = parts(match)
            value = year if month is None else f"{year}-{month:02d}" if day is None else f"{year}-{month:02d}-{day:02d}"
            try:
                date_bounds(value)
            except ValueError:
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), value, bool(_UNTIL.search(lowered[: match.start()]))))
    found.sort()
    start = next((v for _, v, until in found if not until), "")
    end = next((v for _, v, until in found if until), "")
    return start, end


def _pairs(mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Each pair of distinct actors once, in text order of their first mentions."""
    first: dict[str, Mention] = {}
    for mention in mentions:
        first.setdefault(mention.actor, mention)
    ordered = list(first.values())
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]


def suggest(dataset: Dataset, source_id: str, *, include_curated: bool = False) -> list[Relation]:
    """Suggested relations for one source's uncurated two-actor sentences, ready to review.

    Ids are fresh (`<source>-sNNN`, never one the dataset uses); rows are in sentence
    order, then pair order. `include_curated` suggests for every two-actor sentence.
    """
    vocab = vocabulary()
    (report,) = coverage(dataset, [source_id]).sources
    finder = MentionFinder(dataset.actors)
    used = {r.id for r in dataset.relations}
    rows: list[Relation] = []
    number = 0
    for candidate in report.candidates:
        if candidate.status != "to do" and not include_curated:
            continue
        sentence = candidate.sentence
        start, end = find_dates(sentence)
        for a, b in _pairs(finder.find(sentence)):
            hint = guess(sentence, a, b, vocab)
            source, target = a.actor, b.actor
            if hint.relation and not vocab.relations[hint.relation].directed and source > target:
                source, target = target, source
            reasons = [f"cue '{hint.cue}'" if hint.cue else "no cue word: choose the relation"]
            reasons.append(f"hedge '{hint.hedge}'" if hint.hedge else "no hedge")
            while True:
                number += 1
                rel_id = f"{source_id}-s{number:03d}"
                if rel_id not in used:
                    break
            rows.append(
                Relation(
                    rel_id,
                    source,
                    target,
                    hint.relation,
                    start,
                    end,
                    hint.certainty,
                    source_id,
                    sentence,
                    "suggested by graphkit suggest: " + ", ".join(reasons),
                )
            )
    return rows
