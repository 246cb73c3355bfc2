"""Sentence splitting and actor-mention finding over documents.

Both work on whitespace-squashed text, the same form quotes are matched in, so a
sentence, a mention and a quote can be compared by character offsets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Container, Iterable
from dataclasses import dataclass
from functools import cache, cached_property

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
_UNSEEN = object()  # a word MentionFinder has not looked up yet
_ASCII_WORD = frozenset("0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")  # \w, of ASCII
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


_DASHES, _SINGLE_QUOTES, _DOUBLE_QUOTES = "‐‑‒–—―−", "‘’‚‛′", "“”„‟″"
_STYLES = [*((c, "-") for c in _DASHES), *((c, "'") for c in _SINGLE_QUOTES), *((c, '"') for c in _DOUBLE_QUOTES)]


def _ascii_styles(text: str) -> str:
    """Dash and quote styles as their ASCII character, which is how they fold whatever the case.

    Often a text's only characters that are not ASCII; one for one, so offsets stay.
    (`str.translate` takes its slow path, a look-up per character, on such text.)
    """
    for char, ascii in _STYLES:
        if char in text:
            text = text.replace(char, ascii)
    return text


@cache
def _fold_char(char: str, keep_case: bool = False) -> str:
    if char in _DASHES:
        return "-"
    if char in _SINGLE_QUOTES:
        return "'"
    if char in _DOUBLE_QUOTES:
        return '"'
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return decomposed if keep_case else decomposed.casefold()


def _fold(text: str, keep_case: bool = False) -> str:
    """`text` folded as `_fold_with_offsets` folds it, without the offsets."""
    if not text.isascii():
        text = _ascii_styles(text)
        if not text.isascii():
            return "".join([_fold_char(char, keep_case) for char in text])
    return text if keep_case else text.lower()


def _fold_with_offsets(text: str, keep_case: bool = False) -> tuple[str, list[int]]:
    """Folded text and, per folded character, the index of the character it came from."""
    if not text.isascii():
        styled = _ascii_styles(text)
        if styled.isascii():
            text = styled
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
    if " " in form:
        return False
    letters = [c for c in form if c.isalpha()]
    return len(letters) <= 6 and sum(c.isupper() for c in letters) >= 2


def _is_word(char: str) -> bool:
    return _WORD_RUN.match(char) is not None


@cache
def _ascii_like(char: str) -> str:
    """The ASCII character `char` matches up to case in a pattern (a dotless i: 'i'), or `char` if none."""
    for other in "0123456789_abcdefghijklmnopqrstuvwxyz":
        if re.fullmatch(f"(?i:{re.escape(char)})", other):
            return other
    return char


def _ascii_shadow(key: str) -> str:
    """`key` in lower case, each character beyond ASCII as the ASCII one it matches up to case where there is one."""
    lowered = key.lower() if key.isascii() else "".join(map(_ascii_like, key)).lower()
    return key if lowered == key else lowered


_SPACED_WORDS = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def _word_bounds(text: str) -> tuple[list[int], list[int]]:
    """Where words of `text` start (at 0 or after a non-word character), and where runs of words end.

    A run ends before a non-word character or at the end of `text`.
    """
    if _SPACED_WORDS.fullmatch(text):  # most names: the spaces are the bounds
        spaces = [at for at, char in enumerate(text) if char == " "]
        return [0, *(at + 1 for at in spaces)], [*spaces, len(text)]
    starts = [m.start() for m in _WORD_RUN.finditer(text) if m.start() == 0 or not _is_word(text[m.start() - 1])]
    return starts, [*(m.start() for m in _NOT_WORD.finditer(text)), len(text)]


class MentionFinder:
    r"""Finds actor mentions by id, name and alias in one pass over the text.

    Matching ignores case, accents, dash and quote styles; it takes whole words only
    and, where names overlap, the longest ("Islamic State Khorasan" is one mention).
    Short acronyms (US, IS, LeT) keep their case, so the words "us" and "let" are not
    mentions.

    The rule is one regular expression, `(?<!\w)(?:name|...)(?!\w)`, its alternatives
    longest first (and, as written, acronyms as written, the rest up to case), but no
    such pattern is run: with thousands of actors it tries each name at every word. A
    name can only match where a word of the text equals its first word (exactly for an
    acronym, up to case otherwise), so at each word the finder takes the lengths of the
    names starting with that word, longest first, and looks the text of that length up
    in two sets: the acronyms as written and the other names in lower case. Where the
    text and those names are ASCII, "up to case" is "equal in lower case", and that is
    the pattern's answer; elsewhere (a dotless i matches an i up to case) the names
    starting with that word are tried as the pattern's alternatives, in its order. Names
    that start with no word character are tried wherever a non-word character is.
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.owner: dict[str, str] = {}  # folded form (case kept for acronyms) -> actor id
        self.surfaces: dict[str, list[str]] = {}
        self._acronyms: set[str] = set()
        self._lower: set[str] = set()  # the other forms, in lower case
        # Names by their first word: as written (acronyms) or upper-cased (the rest, which
        # match up to case; two characters equal up to case have the same upper case). Those
        # that start with no word character are tried wherever a non-word character is.
        self._exact: dict[str, list[str]] = {}
        self._any_case: dict[str, list[str]] = {}
        others: list[str] = []
        for actor in actors:
            forms = [actor.name, *actor.aliases]
            if "_" in actor.id or len(actor.id) > 4:
                forms.append(actor.id.replace("_", " "))
            for form in forms:
                form = _LEADING_THE.sub("", form)
                acronym = _is_acronym(form)
                key = squash_whitespace(_fold(form, keep_case=acronym))
                if not key or key in self.owner:
                    continue
                self.owner[key] = actor.id
                self.surfaces.setdefault(actor.id, []).append(form)
                (self._acronyms if acronym else self._lower).add(key)
                first = _WORD_RUN.match(key)
                if first is None:
                    others.append(key)
                elif acronym:
                    self._exact.setdefault(first.group(), []).append(key)
                else:
                    self._any_case.setdefault(first.group().upper(), []).append(key)
        self._others = self._compile(others)
        self._by_word: dict[str, tuple[int, ...] | None] = {}  # a word of the text -> see _lengths
        self._pattern_at: dict[str, re.Pattern] = {}

    def _compile(self, keys: list[str]) -> re.Pattern | None:
        """The names as one pattern: longest first, acronyms as written, the rest up to case."""
        if not keys:
            return None
        keys = sorted(keys, key=lambda k: (-len(k), k))
        body = "|".join(re.escape(k) if k in self._acronyms else f"(?i:{re.escape(k)})" for k in keys)
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def _names_at(self, word: str) -> list[str]:
        return self._exact.get(word, []) + self._any_case.get(word.upper(), [])

    def _lengths(self, word: str) -> tuple[int, ...] | None:
        """The lengths of the names that can start at this word of the text, longest first.

        () when one of them is not ASCII: those are matched by their pattern (`_pattern`).
        None when no name starts with this word.
        """
        names = self._names_at(word)
        lengths = None
        if names:
            lengths = tuple(sorted({len(k) for k in names}, reverse=True)) if all(k.isascii() for k in names) else ()
        self._by_word[word] = lengths
        return lengths

    def _pattern(self, word: str) -> re.Pattern:
        """The pattern of the names that can start at this word, compiled when first needed."""
        pattern = self._pattern_at.get(word)
        if pattern is None:
            pattern = self._pattern_at[word] = self._compile(self._names_at(word))
        return pattern

    def _scan(self, folded: str, until: Container[str] = ()) -> list[tuple[int, int, str]]:
        """(start, end, actor) of each mention in folded text, in order, up to the first of an actor in `until`."""
        by_word, acronyms, lower, owner = self._by_word, self._acronyms, self._lower, self.owner
        ascii_text, size = folded.isascii(), len(folded)
        if self._others is None:
            starts: Iterable[re.Match] = _WORD_RUN.finditer(folded)
        else:
            starts = sorted([*_WORD_RUN.finditer(folded), *_NOT_WORD.finditer(folded)], key=re.Match.start)
        mentions = []
        done = 0  # matches do not overlap: the next one starts after the last one ends
        for start in starts:
            offset = start.start()
            if offset < done:
                continue
            word = start.group()
            if start.re is _NOT_WORD:  # where a name of no word character may start
                match = self._others.match(folded, offset)
                if match is None:
                    continue
                end = match.end()
            else:
                lengths = by_word.get(word, _UNSEEN)
                if lengths is _UNSEEN:
                    lengths = self._lengths(word)
                if lengths is None:
                    continue
                if lengths and (ascii_text or folded[offset : offset + lengths[0] + 1].isascii()):
                    for length in lengths:
                        end = offset + length
                        if end > size or (end < size and folded[end] in _ASCII_WORD):
                            continue
                        found = folded[offset:end]
                        if found in acronyms or found.lower() in lower:
                            break
                    else:
                        continue
                else:
                    match = self._pattern(word).match(folded, offset)
                    if match is None:
                        continue
                    end = match.end()
            done = end
            found = folded[offset:end]
            actor = owner.get(found) or owner.get(found.casefold())
            if actor is not None:  # None: an acronym-shaped key matched case-insensitively elsewhere
                mentions.append((offset, end, actor))
                if actor in until:
                    break
        return mentions

    def ready(self) -> MentionFinder:
        """This finder with what `names_any` builds on first use built now (to be made in another process)."""
        _ = self._plain
        return self

    def find(self, text: str) -> list[Mention]:
        """Mentions in `text`, in order, as offsets into `text`."""
        folded, origin = _fold_with_offsets(text, keep_case=True)
        mentions = []
        for start, end, actor in self._scan(folded):
            start, end = origin[start], origin[end - 1] + 1
            mentions.append(Mention(start, end, actor, text[start:end]))
        return mentions

    def names_any(self, text: str, actors: Collection[str]) -> bool:
        """Whether `find(text)` has a mention of one of `actors`; the search stops at the first.

        Most quotes name a party by a plain name no other name overlaps (`_plain_forms`):
        one `str.find` and a look at the characters either side settle those, with no scan.
        """
        folded = _fold(text, keep_case=True)
        if folded.isascii():
            plain, lowered, size = self._plain, None, len(folded)
            for actor in actors:
                for form, acronym in plain.get(actor, ()):
                    if acronym:
                        within = folded
                    else:
                        within = lowered = folded.lower() if lowered is None else lowered
                    at = within.find(form)
                    while at >= 0:
                        end = at + len(form)
                        if (at == 0 or within[at - 1] not in _ASCII_WORD) and (
                            end == size or within[end] not in _ASCII_WORD
                        ):
                            return True
                        at = within.find(form, at + 1)
        mentions = self._scan(folded, until=actors)
        return bool(mentions) and mentions[-1][2] in actors

    @cached_property
    def _plain(self) -> dict[str, list[tuple[str, bool]]]:
        """Per actor, its forms that are a mention of it wherever they stand as whole words in ASCII text.

        Each as (form, whether it is an acronym): an acronym is matched as written, the
        others in lower case. A form qualifies when it is ASCII, starts and ends with a
        word character, and no other actor's name could take its place where it stands:
        none equal to it up to case, none holding it as whole words (found at an earlier
        word or the same one, that name would be the mention), and none ending, as whole
        words, in a start of it that ends before a non-word character ("Big Arlu" in "Big
        Arlu Army"). Names beyond ASCII are compared as the ASCII they match up to case (a
        dotless i as an i); such a match names no one.
        """
        shadows = {key: _ascii_shadow(key) for key in self.owner}
        heads: dict[str, list[str]] = {}  # a candidate form -> its starts that end before a non-word character
        for key, shadow in shadows.items():
            if key.isascii() and _is_word(key[0]) and _is_word(key[-1]):
                heads[key] = [shadow[:end] for end in _word_bounds(shadow)[1][:-1]]
        whole = {shadows[key] for key in heads}
        started = {head for found in heads.values() for head in found}
        holder: dict[str, str | None] = {}  # a form, or a start of one -> the one actor whose names hold it, else None
        for key, shadow in shadows.items():
            # A name beyond ASCII that matches ASCII text finds no actor there (its text is not
            # the name's): it names no one, so it stands in every actor's way.
            actor = self.owner[key] if key.isascii() else None
            starts, ends = _word_bounds(shadow)
            size = len(shadow)
            for start in starts:
                for end in ends:
                    if end > start:
                        run = shadow[start:end]
                        if (run in whole or (end == size and run in started)) and holder.setdefault(
                            run, actor
                        ) != actor:
                            holder[run] = None
        plain: dict[str, list[tuple[str, bool]]] = {}
        for key, found in heads.items():
            actor = self.owner[key]
            if holder[shadows[key]] == actor and all(holder.get(head, actor) == actor for head in found):
                acronym = key in self._acronyms
                plain.setdefault(actor, []).append((key if acronym else shadows[key], acronym))
        return plain
