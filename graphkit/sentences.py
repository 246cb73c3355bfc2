"""Sentence splitting and actor-mention finding over documents.

Both work on whitespace-squashed text, the same form quotes are matched in, so a
sentence, a mention and a quote can be compared by character offsets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from graphkit.model import Actor
from graphkit.text import squash_whitespace

# Tokens after which a full stop does not end a sentence.
_ABBREVIATIONS_TEXT = """mr mrs ms dr prof gen col lt capt sgt st jr sr rep sen gov pres amb vs etc al
    approx est fig jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept univ mt ft"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_LAST_TOKEN = re.compile(r"(\S+)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


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
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char, keep_case)
        parts.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return "".join(parts), origin


def _is_acronym(form: str) -> bool:
    """Short all-caps-ish names ("US", "IS", "LeT", "ETIM/TIP") that must keep their case."""
    letters = [c for c in form if c.isalpha()]
    return " " not in form and len(letters) <= 6 and sum(c.isupper() for c in letters) >= 2


class MentionFinder:
    """Finds actor mentions by id, name and alias in one pass with one compiled pattern.

    Matching ignores case, accents, dash and quote styles; it takes whole words only
    and, where names overlap, the longest ("Islamic State Khorasan" is one mention).
    Short acronyms (US, IS, LeT) keep their case, so the words "us" and "let" are not
    mentions.
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
        body = "|".join(re.escape(k) if acronym else f"(?i:{re.escape(k)})" for k, acronym in alternatives)
        self._pattern = re.compile(rf"(?<!\w)(?:{body or '(?!x)x'})(?!\w)")

    def find(self, text: str) -> list[Mention]:
        """Mentions in `text`, in order, as offsets into `text`."""
        folded, origin = _fold_with_offsets(text, keep_case=True)
        mentions = []
        for match in self._pattern.finditer(folded):
            found = match.group()
            actor = self.owner.get(found) or self.owner.get(found.casefold())
            if actor is None:  # an acronym-shaped key matched case-insensitively elsewhere
                continue
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            mentions.append(Mention(start, end, actor, text[start:end]))
        return mentions
