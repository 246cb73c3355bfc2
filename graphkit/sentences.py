"""Sentence splitting and actor-mention finding over documents.

Both work on whitespace-squashed text, the same form quotes are matched in, so a
sentence, a mention and a quote can be compared by character offsets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from graphkit.model import Actor
from graphkit.text import squash_whitespace

# Tokens after which a full stop does not end a sentence.
_ABBREVIATIONS_TEXT = """mr mrs ms dr prof gen col lt capt sgt st jr sr rep sen gov pres amb vs etc al
    approx est fig jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept univ mt ft"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_LAST_TOKEN = re.compile(r"(\S+)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_WORD_RUN = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: str
    surface: str


def split_sentences(document: str) -> list[Sentence]:
    """Sentences of a document, with offsets into its whitespace-squashed text.

    Each non-blank line is a paragraph: headlines and bylines end where their line does.
    Abbreviations ("Dr.", "Aug."), initials ("J."), dotted acronyms ("U.S.", "U.N.")
    and decimals do not end a sentence.

    >>> [s.text for s in split_sentences("The U.S. left in Aug. 2021. Dr. J. Roe met 4.5 m people.\\nNext")]
    ['The U.S. left in Aug. 2021.', 'Dr. J. Roe met 4.5 m people.', 'Next']
    """
    sentences: list[Sentence] = []
    offset = 0
    for line in document.splitlines():
        paragraph = squash_whitespace(line)
        if not paragraph:
            continue
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            if _is_abbreviation(paragraph[start : match.start() + 1]):
                continue
            text = paragraph[start : match.end()].rstrip()
            sentences.append(Sentence(offset + start, offset + start + len(text), text))
            start = match.end()
        text = paragraph[start:]
        if text:
            sentences.append(Sentence(offset + start, offset + len(paragraph), text))
        offset += len(paragraph) + 1
    return sentences


def _is_abbreviation(text: str) -> bool:
    """Whether the full stop ending `text` belongs to an abbreviation, not a sentence end."""
    if not text.endswith("."):
        return False
    token = _LAST_TOKEN.search(text)
    word = token.group(1).lstrip("(\"“‘'").rstrip(".") if token else ""
    if not word:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J."
        return True
    if "." in word and all(len(part) <= 2 for part in word.split(".")):  # "U.S", "e.g"
        return True
    return word.casefold() in ABBREVIATIONS


@cache
def _fold_char(char: str, keep_case: bool = False) -> str:
    if char in "‐‑‒–—―−":
        return "-"
    if char in "‘’‚‛′":
        return "'"
    if char in "“”„‟″":
        return '"'
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return decomposed if keep_case else decomposed.casefold()


def _fold_with_offsets(text: str, keep_case: bool = False) -> tuple[str, list[int]]:
    """Folded text and, per folded character, the index of the character it came from."""
    if text.isascii():  # the common case: ASCII folds character by character to itself (or its lower case)
        return (text if keep_case else text.lower()), list(range(len(text) + 1))
    parts = [_fold_char(char, keep_case) for char in text]
    folded = "".join(parts)
    if len(folded) == len(text):  # every character folded to exactly one
        return folded, list(range(len(text) + 1))
    origin: list[int] = []
    for index, part in enumerate(parts):
        origin.extend([index] * len(part))
    origin.append(len(text))
    return folded, origin


def _is_acronym(form: str) -> bool:
    """Short all-caps-ish names ("US", "IS", "LeT", "ETIM/TIP") that must keep their case."""
    letters = [c for c in form if c.isalpha()]
    return " " not in form and len(letters) <= 6 and sum(c.isupper() for c in letters) >= 2


class MentionFinder:
    r"""Finds actor mentions by id, name and alias in one pass over the text.

    Matching ignores case, accents, dash and quote styles; it takes whole words only
    and, where names overlap, the longest ("Islamic State Khorasan" is one mention).
    Short acronyms (US, IS, LeT) keep their case, so the words "us" and "let" are not
    mentions.

    The rule is one regular expression, `(?<!\w)(?:name|...)(?!\w)`, its alternatives
    longest first. With thousands of actors, one pattern of thousands of alternatives tries
    each of them at every word, so the finder splits it by first word: a name can only
    match where a word of the text equals its first word (exactly for an acronym, up to
    case otherwise), so at each word only the few names starting with that word are tried,
    in the same order. The mentions are those of the single pattern.
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.owner: dict[str, str] = {}  # folded form (case kept for acronyms) -> actor id
        self.surfaces: dict[str, list[str]] = {}
        alternatives: list[tuple[str, bool]] = []
        for actor in actors:
            forms = [actor.name, *actor.aliases]
            if "_" in actor.id or len(actor.id) > 4:
                forms.append(actor.id.replace("_", " "))
            for form in forms:
                form = _LEADING_THE.sub("", form)
                acronym = _is_acronym(form)
                key = squash_whitespace(_fold_with_offsets(form, keep_case=acronym)[0])
                if key and key not in self.owner:
                    self.owner[key] = actor.id
                    self.surfaces.setdefault(actor.id, []).append(form)
                    alternatives.append((key, acronym))
        alternatives.sort(key=lambda ka: (-len(ka[0]), ka[0]))
        self._syntax = {k: re.escape(k) if acronym else f"(?i:{re.escape(k)})" for k, acronym in alternatives}
        # Alternatives by their first word: as written (acronyms) or upper-cased (the rest, which
        # match up to case; two characters equal up to case have the same upper case). Those
        # that start with no word character are tried wherever a non-word character is.
        self._exact: dict[str, list[str]] = {}
        self._any_case: dict[str, list[str]] = {}
        others = []
        for key, acronym in alternatives:
            first = _WORD_RUN.match(key)
            if first is None:
                others.append(key)
            elif acronym:
                self._exact.setdefault(first.group(), []).append(key)
            else:
                self._any_case.setdefault(first.group().upper(), []).append(key)
        self._order = {key: number for number, (key, _) in enumerate(alternatives)}
        self._others = self._compile(others)
        self._by_word: dict[str, re.Pattern | None] = {}

    def _compile(self, keys: list[str]) -> re.Pattern | None:
        if not keys:
            return None
        body = "|".join(self._syntax[k] for k in sorted(keys, key=self._order.__getitem__))
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def _at_word(self, word: str) -> re.Pattern | None:
        """The pattern of the names that can start at this word of the text (None if none can)."""
        pattern = self._compile(self._exact.get(word, []) + self._any_case.get(word.upper(), []))
        self._by_word[word] = pattern
        return pattern

    def _starts(self, folded: str) -> Iterable[tuple[int, re.Pattern | None]]:
        """(offset, pattern) wherever a name may start, in text order."""
        by_word, unseen = self._by_word, self._at_word
        words = (
            (m.start(), by_word[m.group()] if m.group() in by_word else unseen(m.group()))
            for m in _WORD_RUN.finditer(folded)
        )
        if self._others is None:
            return words
        others = ((m.start(), self._others) for m in _NOT_WORD.finditer(folded))
        return sorted([*words, *others], key=lambda start: start[0])

    def find(self, text: str) -> list[Mention]:
        """Mentions in `text`, in order, as offsets into `text`."""
        folded, origin = _fold_with_offsets(text, keep_case=True)
        mentions = []
        done = 0  # matches do not overlap: the next one starts after the last one ends
        for offset, pattern in self._starts(folded):
            if pattern is None or offset < done:
                continue
            match = pattern.match(folded, offset)
            if match is None:
                continue
            done = match.end()
            found = match.group()
            actor = self.owner.get(found) or self.owner.get(found.casefold())
            if actor is None:  # an acronym-shaped key matched case-insensitively elsewhere
                continue
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            mentions.append(Mention(start, end, actor, text[start:end]))
        return mentions
