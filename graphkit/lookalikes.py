"""Names that look alike: Unicode's confusables (UTS #39) and words written in two scripts.

The confusables data comes from `confusable_homoglyphs`, which ships Unicode's
confusables.txt and the script of every code point. A skeleton maps each character to
one member of its set of lookalikes, so two strings that render alike share a skeleton:
'Тaliban' with a Cyrillic Т has the skeleton of 'Taliban'.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Scripts that are written together in one word (Japanese, Korean) count as one.
_SAME_SCRIPT = {"HIRAGANA": "HAN", "KATAKANA": "HAN", "HANGUL": "HAN"}
_NEUTRAL = frozenset({"COMMON", "INHERITED", "Unknown"})
_WORD = re.compile(r"[^\W\d_]+")
_MARKS = str.maketrans("", "", "\u200e\u200f")  # the data wraps right-to-left glyphs in these for display
# `_prototypes()` of ASCII, which maps only to ASCII (a test checks): plain ASCII names need not load the data.
_ASCII_PROTOTYPES = str.maketrans("`l|10", "'IIIO")


@cache
def script(character: str) -> str:
    """The script a character belongs to ('LATIN', 'CYRILLIC', 'ARABIC'; 'COMMON' for digits and punctuation)."""
    from confusable_homoglyphs.categories import alias

    return alias(character)


@cache
def _prototypes() -> dict[int, str]:
    """Each confusable character's code -> the one member of its lookalike set that stands for the set.

    A table for str.translate.
    """
    from confusable_homoglyphs.confusables import confusables_data

    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for character, glyphs in confusables_data.items():
        for glyph in glyphs:
            other = glyph["c"].translate(_MARKS)
            if len(other) == 1 and len(character) == 1:
                a, b = root(character), root(other)
                if a != b:
                    # The set's ASCII member (else its lowest code point) stands for it.
                    keep, drop = sorted((a, b), key=lambda c: (not c.isascii(), not c.isalpha(), ord(c)))
                    parent[drop] = keep
    return {ord(c): root(c) for c in parent if root(c) != c}


def skeleton(text: str) -> str:
    """`text` with every character replaced by its lookalike set's representative (UTS #39's skeleton).

    >>> skeleton("Тaliban") == skeleton("Taliban")
    True
    >>> skeleton("Taliban") == skeleton("Talban")
    False
    """
    if text.isascii():
        return text.translate(_ASCII_PROTOTYPES)
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(_prototypes()))


def mixed_script(text: str) -> tuple[str, str, int] | None:
    """The first word of `text` that mixes scripts: (word, its odd character, position from 1), or None.

    Words are compared, not the whole text, so a name followed by its spelling in
    another script ('Kabul (کابل)') is fine; 'Тaliban' with a Cyrillic Т is not.

    >>> mixed_script("Kabul (کابل)") is None
    True
    >>> mixed_script("the Тaliban")
    ('Тaliban', 'Т', 5)
    """
    if text.isascii():
        return None
    for word in _WORD.finditer(text):
        scripts = [_SAME_SCRIPT.get(s, s) for s in map(script, word.group())]
        counted = [s for s in scripts if s not in _NEUTRAL]
        if len(set(counted)) < 2:
            continue
        # The odd one out: the first character of a script used less than the word's main one.
        main = max(set(counted), key=lambda s: (counted.count(s), s == "LATIN"))
        at = next(i for i, s in enumerate(scripts) if s not in _NEUTRAL and s != main)
        return word.group(), word.group()[at], word.start() + at + 1
    return None
