"""Text helpers shared by validation, name matching and coverage."""

from __future__ import annotations

import difflib
import re
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
