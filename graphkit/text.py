"""Text helpers shared by validation, name matching and coverage."""

from __future__ import annotations

import difflib
import heapq
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = dict.fromkeys(map(ord, "‘’‚‛′"), "'") | dict.fromkeys(map(ord, "“”„‟″"), '"')


def squash_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space, so line wrapping never matters.

    >>> squash_whitespace(" a\\n\\t b  ")
    'a b'
    """
    return " ".join(text.split())  # str.split's whitespace is exactly \s's, and it is twice as fast


def fold(text: str) -> str:
    """A matching key: case, accents, dash and quote styles and spacing folded away.

    >>> fold("  Khorasan–Province ‘ISKP’ ") == fold("khorasan-province 'iskp'")
    True
    """
    if text.isascii():  # nothing to normalise, no accents, and casefold is lower: most names
        return squash_whitespace(text.lower())
    text = unicodedata.normalize("NFKD", text.translate(_DASHES).translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return squash_whitespace(text.casefold())


_NAME_SEPARATORS = dict.fromkeys(map(ord, "-_‐‑‒–—―−"), " ")


def name_key(text: str) -> str:
    """How actor names are compared: folded, dashes and underscores as spaces, no leading 'the'.

    >>> name_key("The Islamic State–Khorasan") == name_key("islamic_state khorasan")
    True
    >>> name_key("the"), name_key("Thebes")
    ('the', 'thebes')
    """
    key = fold(text.translate(_NAME_SEPARATORS))
    return key[4:] if key.startswith("the ") else key


def name_key_tables() -> dict:
    """name_key's character tables, for the explorer's copy of the rule (explorer.js `nameKey`).

    The page folds names in the browser, whose Unicode tables differ from Python's (no
    combining classes, no case folding, another idea of whitespace, a newer Unicode); it takes
    these from here instead, so the two keys agree on every character (tested).
    """
    everything = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    return {
        "replace": {chr(c): r for c, r in (_NAME_SEPARATORS | _QUOTES).items()},
        "whitespace": _character_class(c for c in everything if c.isspace()),
        "combining": _character_class(c for c in everything if unicodedata.combining(c)),
        "casefold": {c: c.casefold() for c in everything if c.casefold() != c},
    }


def _character_class(chars: Iterable[str]) -> str:
    """A JavaScript regular expression class (for the u flag) matching exactly `chars`."""
    points = sorted(map(ord, chars))
    ranges: list[list[int]] = []
    for point in points:
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "[" + "".join(f"\\u{{{a:x}}}" + (f"-\\u{{{b:x}}}" if b > a else "") for a, b in ranges) + "]"


CUTOFF = 0.6
"""How similar (difflib's ratio) a choice must be to a misspelt value to be suggested."""
INDEXED = 200
"""Above this many choices, a fuzzy index picks the candidates before difflib ranks them."""


class Suggestions:
    """The choices closest to misspelt values, for many values at once.

    The ranking is difflib's `get_close_matches` over the folded choices (ratio at least
    CUTOFF, best first, ties to the later key). One scan of 100,000 choices per value took
    30 s for 1,000 misspelt ids; above INDEXED choices, rapidfuzz's `cdist` scores every
    value against every choice in one batch first. Its score (twice the longest common
    subsequence over the total length) is never below difflib's ratio, whose matching
    blocks are one common subsequence, so it keeps every choice difflib would keep, and
    candidates are ranked in its order until no later one could beat the third best.
    """

    def __init__(self, choices: Iterable[str], n: int = 3, indexed: int = INDEXED) -> None:
        choices = list(choices)
        self.choices = sorted(choices)
        self.n = n
        by_key: dict[str, str] = {}
        for choice in choices:  # of choices that fold alike, the first given is suggested
            by_key.setdefault(fold(choice), choice)
        self._by_key = by_key
        self._keys = list(by_key)
        self._indexed = len(self._keys) > indexed

    def nearest(self, values: Iterable[str]) -> dict[str, list[str]]:
        """For each value, the closest choices, best first (none when nothing is close)."""
        values = list(dict.fromkeys(values))
        words = [fold(value) for value in values]
        candidates = self._candidates(words) if self._indexed else [self._everything() for _ in words]
        return {
            value: [self._by_key[key] for key in self._ranked(word, found)]
            for value, word, found in zip(values, words, candidates, strict=True)
        }

    def did_you_mean(self, values: Iterable[str]) -> dict[str, str]:
        """'did you mean X?' (or what is allowed) for each value."""
        if not self.choices:
            return dict.fromkeys(values, "none are defined")
        hints = {}
        for value, close in self.nearest(values).items():
            if close:
                hints[value] = "did you mean " + " or ".join(repr(c) for c in close) + "?"
            elif len(self.choices) <= 12:
                hints[value] = "expected one of " + ", ".join(self.choices)
            else:
                hints[value] = "no similar value is known"
        return hints

    def _candidates(self, words: list[str]) -> Iterator[Iterator[tuple[float, str]]]:
        """Per word, (upper bound of difflib's ratio, key) for every key that may reach CUTOFF, best first.

        Scored a batch of words at a time, so memory stays at a few MB whatever the number of misses.
        """
        import numpy as np
        from rapidfuzz import fuzz, process

        batch = max(1, 4_000_000 // max(len(self._keys), 1))
        for first in range(0, len(words), batch):
            chunk = words[first : first + batch]
            scores = process.cdist(
                chunk, self._keys, scorer=fuzz.ratio, score_cutoff=CUTOFF * 100 - 0.5, dtype=np.float32, workers=-1
            )
            rows, columns = np.nonzero(scores)
            bounds = scores[rows, columns]
            order = np.lexsort((-bounds, rows))  # by word, then best first
            rows, columns, bounds = rows[order], columns[order], bounds[order] / 100
            limits = np.searchsorted(rows, np.arange(len(chunk) + 1)).tolist()
            for start, end in itertools.pairwise(limits):
                yield self._in_order(bounds[start:end], columns[start:end])

    def _in_order(self, bounds, columns) -> Iterator[tuple[float, str]]:
        """(bound, key) lazily: most words need only their first few candidates."""
        for bound, column in zip(bounds, columns, strict=True):
            yield float(bound), self._keys[column]

    def _everything(self) -> Iterator[tuple[float, str]]:
        for key in self._keys:
            yield 1.0, key

    def _ranked(self, word: str, candidates: Iterable[tuple[float, str]]) -> list[str]:
        """difflib.get_close_matches(word, keys, n, CUTOFF) over the candidates, best first."""
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: list[tuple[float, str]] = []  # a heap of the n best (score, key) so far, the n-th best first
        for bound, key in candidates:
            if len(best) == self.n and bound < best[0][0] - 0.001:  # no later key can reach the n best
                break
            matcher.set_seq1(key)
            if (
                matcher.real_quick_ratio() >= CUTOFF
                and matcher.quick_ratio() >= CUTOFF
                and (score := matcher.ratio()) >= CUTOFF
            ):
                if len(best) < self.n:
                    heapq.heappush(best, (score, key))
                else:
                    heapq.heappushpop(best, (score, key))
        return [key for _, key in sorted(best, reverse=True)]


def nearest(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices closest to a misspelt value, best first."""
    return Suggestions(choices, n).nearest([value])[value]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """'did you mean X?' for a bad value, or a short list of what is allowed."""
    return Suggestions(sorted(choices)).did_you_mean([value])[value]


# Characters that are not text to look at: controls (C0, DEL, C1), format characters (bidi
# embeddings, overrides and isolates, zero-width spaces and joiners, BOM, soft hyphen, tags),
# line and paragraph separators, and the fillers that draw as nothing. Unicode 15.1's Cc, Cf,
# Zl and Zp categories plus those fillers (a test checks the list against the running Python).
_HIDDEN = (
    "\x00-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# Tabs and line breaks (CR LF too) stay as they are when shown: a terminal lays them out, nothing more.
UNSAFE_CHARACTER = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f" + _HIDDEN.removeprefix("\x00-\x1f") + "]")
_HIDDEN_CHARACTER = re.compile(f"[{_HIDDEN}]")
# The same without line breaks: a quick look over a whole file for anything worth a closer one.
_HIDDEN_IN_LINES = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f" + _HIDDEN.removeprefix("\x00-\x1f") + "]")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ: written on purpose in Persian, Pashto and Indic scripts


def _escape(character: str) -> str:
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` safe to show on a terminal: every control, bidi and invisible character as a visible escape.

    Text from a dataset must never move the cursor, recolour the screen, set the clipboard
    (ESC sequences, C1 controls) or reorder what is shown (bidi overrides). Tabs and line
    breaks stay as they are.

    >>> printable("Taliban\\x1b]52;c;aGk=\\x07 \\u202eevil")
    'Taliban\\\\x1b]52;c;aGk=\\\\x07 \\\\u202eevil'
    >>> printable("two\\nlines\\tand a tab")
    'two\\nlines\\tand a tab'
    """
    if text.isascii() and text.isprintable():  # most text: nothing to look for
        return text
    return UNSAFE_CHARACTER.sub(lambda m: _escape(m.group()), text)


_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\n\r"


def has_hidden(data: bytes) -> bool:
    """Whether UTF-8 `data` has a hidden character other than a line break (see `hidden_characters`).

    For a whole file at once: plain ASCII is dropped in one pass, and what is left (other
    bytes, whole UTF-8 sequences) is small enough to search.

    >>> has_hidden("Kabul – کابل\\r\\n".encode()), has_hidden("a\\u200bb".encode()), has_hidden(b"a\\x1b")
    (False, True, True)
    """
    rest = data.removeprefix(b"\xef\xbb\xbf").translate(None, _PLAIN_BYTES)
    return bool(rest) and _HIDDEN_IN_LINES.search(rest.decode("utf-8", "replace")) is not None


def hidden_kind(character: str) -> str:
    """What a hidden character is, for a message: a control, a bidi control or an invisible character."""
    if character in BIDI_CONTROLS:
        return "bidi control"
    if unicodedata.category(character) == "Cc":
        return "control character"
    return "invisible character"


def hidden_characters(text: str, *, layout: bool = False) -> list[tuple[int, str]]:
    """(position from 1, character) of each hidden character in `text` (see `printable`).

    With `layout`, tabs and line breaks are allowed (free text such as a quote); without,
    they count too (an id, a name or an alias is one line).

    A zero-width joiner or non-joiner between two letters of a script that joins (Arabic,
    Persian, Indic) is part of the spelling and is not listed.

    >>> hidden_characters("T\\u200baliban")
    [(2, '\\u200b')]
    >>> hidden_characters("می\\u200cخواهم")
    []
    """
    found = []
    for match in _HIDDEN_CHARACTER.finditer(text):
        at = match.start()
        if match.group() in _JOINERS and _joins(text, at):
            continue
        if layout and match.group() in "\t\n\r":
            continue
        found.append((at + 1, match.group()))
    return found


def _joins(text: str, at: int) -> bool:
    from graphkit.lookalikes import script

    before, after = text[at - 1 : at], text[at + 1 : at + 2]
    if not (before.isalpha() and after.isalpha()):
        return False
    scripts = {script(before), script(after)}
    return len(scripts) == 1 and scripts.isdisjoint({"LATIN", "GREEK", "CYRILLIC", "COMMON"})


def describe_character(character: str) -> str:
    """'U+200B ZERO WIDTH SPACE': how a message names a character the reader may not see."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")
