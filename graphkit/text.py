"""Text helpers shared by validation, name matching and coverage."""

from __future__ import annotations

import difflib
import unicodedata

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


_NAME_SEPARATORS = dict.fromkeys(map(ord, "-_‐‑‒–—―"), " ")


def name_key(text: str) -> str:
    """How actor names are compared: folded, dashes and underscores as spaces, no leading 'the'.

    >>> name_key("The Islamic State–Khorasan") == name_key("islamic_state khorasan")
    True
    >>> name_key("the"), name_key("Thebes")
    ('the', 'thebes')
    """
    key = fold(text.translate(_NAME_SEPARATORS))
    return key[4:] if key.startswith("the ") else key


def nearest(value: str, choices, n: int = 3) -> list[str]:
    """The choices closest to a misspelt value, best first."""
    choices = list(choices)
    by_key = {}
    for c in choices:
        by_key.setdefault(fold(c), c)
    hits = difflib.get_close_matches(fold(value), list(by_key), n=n, cutoff=0.6)
    return [by_key[h] for h in hits]


def did_you_mean(value: str, choices) -> str:
    """'did you mean X?' for a bad value, or a short list of what is allowed."""
    choices = sorted(choices)
    if not choices:
        return "none are defined"
    close = nearest(value, choices)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    if len(choices) <= 12:
        return "expected one of " + ", ".join(choices)
    return "no similar value is known"
