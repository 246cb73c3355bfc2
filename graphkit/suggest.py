"""Candidate relations for a source's uncurated sentences: a curator's first draft, never data.

A sentence is read with a few general rules of English, no list of sentences or actors:

Mentions. The actors named by id, name or alias (`MentionFinder`), and references to
actors named before:
- "it", "its", "itself" point to the subject of the sentence (its first actor) when one
  comes before them, else to the subject of the previous sentence; "it" before a form of
  "be" ("it is possible", "it could be") refers to nothing.
- "the group", "the movement", "the country", "the regime", "the port", "the railway"...
  point to the nearest actor before them whose kind (or name) the noun fits.
- "both sides", "the two sides", "both countries" point to the two actors the previous
  sentence's first suggestion linked.
- a sentence naming at most one actor whose subject is a pronoun or a definite description ("the
  Supreme Court", "the movement") has the subject (first actor no preposition but "of" governs) of
  one of the paragraph's two previous sentences, the latest whose kind fits.
- "these groups", "the countries", "they"... (before the sentence names an actor of its own)
  point to the actors of the last list of two or more named in the last three sentences,
  those of a kind the noun fits; "one another", "each other" link a list's members.
- A state's name or capital acting as a government ("Afghanistan", "Kabul"; not "in
  Afghanistan", "northern Afghanistan") is the actor that governed it at the sentence's
  date, else the document's, else today (`graphkit.states.government`).
Actors joined by "and", "or", commas, "as well as" or a dash ("Russia–Ukraine war") form
one group: what holds for one holds for each.

Pairs. A cue word of the vocabulary (`cues` in vocab.toml, matched at the start of a
word, outside actor names) links the group nearest before it to the groups after
it, in the first clause after it:
- active voice: the subject before the cue is the source, the object after it the target;
- passive voice ("was hosted by", "is backed by"): the agent after "by" is the source and
  the subject before the verb the target;
- a symmetric relation ("allies", "clashed", "talks") links the members of one group
  ("Russia and Tajikistan are allies", "talks between A and B") or the two sides;
- a title ("President", "leader", "ambassador") makes the person who holds it a member of
  the actor next to it; a project "in" a state is hosted by it; a project "in" another
  project is part of it; "the anti-X Front" opposes X, "pro-X" supports it.
The subject of a cue is the nearest group before it that no preposition governs ("traveled
to Pakistan and met with": not Pakistan), or the group right before a gerund ("concerns with
A sheltering B"), or the possessive holding a noun ("by A's support for B", "its support for
B"); verbs joined by "and" share one. Its objects are every group after it up to the next cue
that names no place. A noun's agent may follow: "the invasion of B by A", "B's support from A".
In a relative clause the antecedent is the subject ("A, which attacked B"), or the object when the clause
names its own subject ("B (which A designates)"); a hedge outside the clause does not bind it. A party's fear or
concern ("A's concerns over B", "B worried A", "B caused concerns for A") makes B threaten A, reported, A the
claimant (curation rule 11); a concern about an act a cue reads ("concerns about B sheltering C") adds nothing.
"The two sides" after a pair the sentence names are that pair.
A title right after an actor ("A officials") names who acts for it, no membership; a making or
sending verb (or "engaged in") that only carries another cue's noun ("established diplomatic relations", "sent
humanitarian aid") gives way to it. A person's title makes them a member of the
state or group that owns it ("China's Ambassador to Kabul, Zhao Xing": China, not Kabul);
a state's or group's possessive before a project ("Iran's Chabahar Port", "its air base") controls it.
Every actor the sentence names that no rule links, unless it only names a place ("near
A", "in A"), is paired with the sentence's subject, with the relation of the nearest cue,
for the curator to judge.
Partner from context. A sentence that names one actor beside a cue, its other side unnamed, links it
with the subject of the paragraph's previous sentence ("Ruritania reinforced the border. Talks with the
Front began.": Ruritania negotiates with the Front); the named actor's role sets the direction (before an
active cue it acts, after the cue or before a passive one it is acted on). A cue that no actor comes
before ("Talks with A and B resumed") has the document's most-mentioned actor as subject. Either partner
must be of a kind the relation allows (`source_kinds`, `target_kinds` in vocab.toml), and the note says
where it came from ("partner from the previous sentence: X", "partner from the document's topic: X").
`all_pairs` (`suggest --all-pairs`) adds every other pair of actors the sentence names or refers to.

Certainty. A denial verb anywhere makes the relation denied; an allegation ("claims",
"allegedly", "accused", "suspected", "possible") alleged; a plan or a modal verb between
the subject and the cue ("plans to", "could", "should", "invited to"), or a condition or
hypothesis opening its clause ("if", "it's possible"), proposed; a
reporting verb ("reported", "said", "notes", "according to") reported; else confirmed.

Claimant. The actor (or words) a claim or report is attributed to: "X claims/said/
reported/notes/warns/denied", "according to X", "X report/assessment". It goes into the
note as written and into the claimant column as relations.csv takes it: the actor's id,
a label of vocab.toml for words naming no actor ("media reports" -> media, "officials",
"analysts" -> observers), or `author` for a hypothesis or forecast no one else is said to
make ("could", "if", "likely"). The claimant is never itself a side of the pair.

Dates. The first date the sentence gives is the start, a date after "until" the end.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graphkit.dates import date_bounds
from graphkit.documents import articles
from graphkit.errors import UsageError
from graphkit.model import Actor, Dataset, Relation
from graphkit.sentences import Mention, MentionFinder, split_sentences
from graphkit.states import government, states
from graphkit.text import did_you_mean, fold, squash_whitespace
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
    (re.compile(rf"\b{_MONTH} ([0-9]{{1,2}}), ([0-9]{{4}})\b"), lambda m: (m[3], _MONTHS[m[1]], int(m[2]))),
    (re.compile(rf"\b([0-9]{{1,2}}) {_MONTH},? ([0-9]{{4}})\b"), lambda m: (m[3], _MONTHS[m[2]], int(m[1]))),
    (re.compile(rf"\b{_MONTH} ([0-9]{{4}})\b"), lambda m: (m[2], _MONTHS[m[1]], None)),
    (re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b"), lambda m: (m[1], int(m[2]), int(m[3]))),
    (re.compile(r"\b((?:19|20)[0-9]{2})\b"), lambda m: (m[1], None, None)),
]
_UNTIL = re.compile(r"\b(until|till|up to|through)\s+$")

# --- the rules' words ------------------------------------------------------------------------

_LEVELS = ("denied", "alleged", "proposed", "reported")  # the strongest signal first
# Words that mark a relation as planned or hypothetical, read between its subject and its cue.
_MODALS = (
    "would", "could", "should", "might", "may", "will", "ought to", "seek", "aim", "expected to", "intended",
    "potential", "prospect", "promised", "pledged", "offered", "commitment to", "willing", "ready to", "explore",
)  # fmt: skip
# Idioms in which a hedge word hedges nothing: "the attack claimed 140 lives".
_NOT_HEDGES = re.compile(r"claimed (?:\S+ ){0,3}lives|claimed responsibility|claimed by")
_BE = r"(?:is|are|was|were|be|been|being)"
_EXPLETIVE_IT = re.compile(rf"(?:'s|\s+{_BE}|\s+(?:seems|appears|remains)|\s+(?:could|would|might|may) be)\b")
_PRONOUN = re.compile(r"(?<![\w'-])(it|its|itself)(?![\w'-])")
_SIDES = re.compile(r"(?<![\w'-])(?:both|the two) (?:sides|countries|states|parties|governments)(?![\w'-])")
# Plural references to the actors of a list named just before ("Ruritania, Avalonia and the Front ... these groups").
_PLURAL = re.compile(
    r"(?<![\w'-])(?:(?:these|those|the|such|both) (groups|movements|organi[sz]ations|militants|countries|states|"
    r"governments|neighbou?rs)|(they|them))(?![\w'-])"
)
_PLURAL_KINDS = {
    "groups": ("militant_group", "organization"),
    "movements": ("militant_group",),
    "organisations": ("militant_group", "organization"),
    "organizations": ("militant_group", "organization"),
    "militants": ("militant_group",),
    "countries": ("state", "group_of_states"),
    "states": ("state", "group_of_states"),
    "governments": ("state",),
    "neighbors": ("state",),
    "neighbours": ("state",),
}
# A sentence's subject that names no actor: a pronoun or a definite description of a state's or a group's organ
# ("On May 1, the Supreme Court removed..."), and the kinds of actor it may stand for.
_IMPLICIT_HEADS = {
    "group": ("militant_group", "organization"),
    "movement": ("militant_group",),
    "organization": ("militant_group", "organization"),
    "government": ("state", "militant_group"),
    "regime": ("state", "militant_group"),
    "country": ("state",),
    "administration": ("state", "militant_group"),
    "authorities": ("state", "militant_group"),
    "leadership": ("state", "militant_group", "organization"),
    "court": ("state",),
    "ministry": ("state", "militant_group"),
    "parliament": ("state",),
    "kremlin": ("state",),
    "alliance": ("organization",),
    "bloc": ("organization",),
}
_IMPLICIT_SUBJECT = re.compile(
    rf"(?<![\w'-])(?:(it|they)|(?:the|this|that|its|their)\s+(?:[\w-]+\s+){{0,2}}?({'|'.join(_IMPLICIT_HEADS)}))"
    r"(?![\w'-])"
)
_RECIPROCAL = re.compile(r"(?<![\w'-])(?:one another|each other)(?![\w'-])")
# The nouns that refer back to an actor, and the kinds (or words of a name) they fit.
_HEADS = {
    "group": ("militant_group",),
    "movement": ("militant_group",),
    "organization": ("militant_group", "organization"),
    "country": ("state",),
    "state": ("state",),
    "government": ("state",),
    "regime": ("state", "militant_group"),
    "alliance": ("organization",),
    "bloc": ("organization",),
    "venture": ("project",),
    "project": ("project",),
    "route": ("project",),
    "port": ("project",),
    "railway": ("project",),
    "corridor": ("project",),
    "base": ("project",),
    "mine": ("project",),
    "line": ("project",),
}
_DEFINITE = re.compile(rf"(?<![\w'-])(?:the|this|that) ({'|'.join(_HEADS)})(?![\w'-])")
# What may stand between the members of one group of actors.
_JOINER = re.compile(
    r"^\s*[)\"]?\s*,?\s*(?:(?:and|or|nor|as well as)\s+(?:even\s+|also\s+)?(?:both\s+|either\s+)?)?(?:the\s+)?\"?$"
    r"|^\s*[-–]\s*$"
)
_CLAUSE_END = re.compile(r"[;—]|\s[-–]\s|,\s+(?:but|while|whereas|although|though)\b")
_TITLES = re.compile(
    r"(?<![\w'-])(?:president|prime minister|minister|ambassador|leader|chief|commander|envoy|spokesman|"
    r"spokesperson|founder|head|general|emir)(?![\w'-])"
)
_CLAIM_VERBS = (
    r"(?:claims?|claimed|says|said|reports?|reported|notes?|noted|states|stated|announced|alleges?|alleged|"
    r"accuses|accused|denies|denied|dismissed|rejected|warns?|warned|asserts?|asserted|insists?|insisted|"
    r"highlights?|highlighted|believes?|suspects?|substantiates?|confirms?|confirmed)"
)
_CLAIM_AFTER = re.compile(
    r"(?:'s)?\s+(?:(?:further|also|has|have|had|officially|publicly|repeatedly|recently|itself|"
    r"report|reports|assessment|statement|officials|sources|authorities|government|ministry|spokesman|spokesperson)\s+)*"
    + _CLAIM_VERBS
    + r"\b"
)
_GOVERNED = re.compile(
    r"\b(?:to|in|into|from|at|with|of|by|for|on|toward|towards|over|across|against|via|within|near|through|"
    r"about|between|among|under|after|before|including|such as)\s+(?:the\s+|both\s+|its\s+|their\s+)?$"
)
_GOVERNED_NOT_OF = re.compile(_GOVERNED.pattern.replace("|of|", "|"))
# A name after these is where something happens, a bystander unless a rule links it ("attacked the Front near A").
_PLACE = re.compile(r"\b(?:in|within|near|across|via|through|toward|towards|inside|outside)\s+(?:the\s+)?$")
_CONDITION = re.compile(r"(?<![\w'-])(?:if|possibl[ey]|hypothetically)(?![\w'-])")
_ARGUMENT = re.compile(r"\b(?:to|with|against|on|into|for|from|of)\s+(?:the\s+)?$")
_ACCORDING = re.compile(r"(?<![\w'-])according to (?:the )?")
# Who a claim is attributed to when no actor makes it: the words, and the claimant label (vocab.toml).
_LABELS = (
    (re.compile(r"(?<![\w'-])(?:media|press|reports?|news|journalists?|newspapers?|outlets?)(?![\w'-])"), "media"),
    (re.compile(r"(?<![\w'-])(?:officials?|sources|authorities|diplomats?)(?![\w'-])"), "officials"),
    (re.compile(r"(?<![\w'-])(?:analysts?|experts?|observers?|commentators?|scholars?)(?![\w'-])"), "observers"),
)
_LABEL_BEFORE = re.compile(r"(?:[\w'-]+\s+){0,3}?$")
# Hedges that make a relation the author's own hypothesis or forecast ("could", "if", "likely"), not a
# plan an actor states ("plans", "proposal", "invited"): with no one else named, the author claims it.
_AUTHORS_HEDGES = frozenset(
    ("would", "could", "should", "might", "may", "will", "possible", "possibly", "likely", "if", "poised",
     "potential", "prospect", "suggests", "suggested", "does appear", "appears to", "believed", "suspected",
     "expected to", "projected", "ought to")
)  # fmt: skip


@dataclass(frozen=True)
class Guess:
    relation: str
    certainty: str
    cue: str
    hedge: str


@dataclass(frozen=True)
class Reading:
    """One suggested relation in a sentence, before it becomes a row: the pair and why."""

    source: str
    target: str
    relation: str
    certainty: str
    cue: str
    hedge: str
    claimant: str  # who makes the claim, as written: "Dushanbe (tajikistan)", "the Test Gazette"
    how: str
    claimed_by: str = ""  # the claimant as relations.csv's claimant cell: an actor id, a label or ""


@dataclass(frozen=True)
class _Group:
    """Actors joined by "and", commas or a dash, as (start, end) of the whole run."""

    start: int
    end: int
    actors: tuple[str, ...]
    compound: bool  # joined by a dash: "Russia–Ukraine"


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    relation: str
    word: str


def lowered(text: str) -> str:
    """Lower case with curly quotes straightened, one character for one: offsets stay the text's."""
    text = text.translate({ord(c): "'" for c in "‘’‚‛′"}).translate({ord(c): '"' for c in "“”„‟″"})
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def _find_words(folded: str, words: tuple[str, ...]) -> list[tuple[int, str]]:
    """(position, word) of each word that starts a word in the folded text."""
    found = []
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(fold(word))}", folded):
            found.append((match.start(), word))
    return sorted(found, key=lambda hit: (hit[0], -len(hit[1])))  # the longest word at a position


def certainty_of(
    sentence: str, clause: tuple[int, int] | None = None, vocab: Vocabulary | None = None
) -> tuple[str, str]:
    """(certainty, the hedge that decided it) for a relation stated in a sentence.

    Denials, allegations and reports colour the whole sentence; plans and modal verbs only
    the stretch `clause` (from the subject to the cue) when one is given.
    """
    vocab = vocab or vocabulary()
    text = lowered(sentence)
    for level in _LEVELS:
        words = vocab.certainty[level].hedges
        if level == "proposed":
            words = (*words, *_MODALS)
        hits = [(p, w) for p, w in _find_words(text, words) if not _NOT_HEDGES.match(text, p)]
        if level == "proposed" and clause is not None:
            hits = [(p, w) for p, w in hits if clause[0] <= p < clause[1]]
        if hits:
            return level, hits[0][1]
    return "confirmed", ""


def guess(sentence: str, first: Mention, second: Mention, vocab: Vocabulary | None = None) -> Guess:
    """The relation and certainty a sentence suggests between two of its mentions.

    The cue nearest to the stretch between the two mentions wins (a cue between them
    counts as distance 0); the certainty is `certainty_of` the sentence.
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
    certainty, hedge = certainty_of(sentence, None, vocab)
    return Guess(best[2] if best else "", certainty, best[3] if best else "", hedge)


def find_dates(sentence: str) -> tuple[str, str]:
    """(start, end) as partial ISO dates from the first dates a sentence gives.

    >>> find_dates("On July 3, 2025, Russia recognized them.")
    ('2025-07-03', '')
    >>> find_dates("Russian forces guarded the border until 2005.")
    ('', '2005')
    """
    lowered_text = sentence.casefold()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, bool]] = []
    for pattern, parts in _DATE_PATTERNS:
        for match in pattern.finditer(lowered_text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            year, month, day = parts(match)
            value = year if month is None else f"{year}-{month:02d}" if day is None else f"{year}-{month:02d}-{day:02d}"
            try:
                date_bounds(value)
            except ValueError:
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), value, bool(_UNTIL.search(lowered_text[: match.start()]))))
    found.sort()
    start = next((v for _, v, until in found if not until), "")
    end = next((v for _, v, until in found if until), "")
    return start, end


# --- reading a sentence ---------------------------------------------------------------------


@dataclass
class Context:
    """What the sentences read so far leave for the next one to refer back to."""

    subject: str = ""  # the first actor of the last sentence that named one
    recent: tuple[Mention, ...] = ()  # the actors of the last few sentences, in text order
    sides: tuple[str, ...] = ()  # the pair the last sentence's first reading linked
    plural: tuple[str, ...] = ()  # the actors of the last list of two or more, within the last three sentences
    plural_age: int = 0  # sentences since that list was named or referred to
    subjects: tuple[tuple[str, ...], ...] = ()  # the subjects of the last two sentences of this paragraph, last last


def references(
    sentence: str, mentions: list[Mention], context: Context, kinds: dict[str, str], names: dict[str, str]
) -> list[Mention]:
    """Mentions of actors by pronoun or definite noun ("it", "the group", "both sides"), resolved."""
    text = lowered(sentence)
    found: list[Mention] = []
    taken = [(m.start, m.end) for m in mentions]

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    for match in _PRONOUN.finditer(text):
        if match[1] == "it" and _EXPLETIVE_IT.match(text, match.end()):
            continue
        before = [m for m in mentions if m.end <= match.start() and kinds.get(m.actor) != "person"]
        before = [m for m in before if not _GOVERNED.search(text[: m.start])]  # "the invasion of Y, it": not Y
        actor = before[0].actor if before else context.subject
        if actor and kinds.get(actor) != "person" and free(match.start(), match.end()):
            found.append(Mention(match.start(), match.end(), actor, sentence[match.start() : match.end()]))
    for match in _DEFINITE.finditer(text):
        head = match[1]
        earlier = [*context.recent, *(m for m in mentions if m.end <= match.start())]
        fits = [m for m in earlier if head in names.get(m.actor, "")] or [
            m for m in earlier if kinds.get(m.actor) in _HEADS[head]
        ]
        if fits and free(match.start(), match.end()):
            found.append(Mention(match.start(), match.end(), fits[-1].actor, sentence[match.start() : match.end()]))
    for match in _SIDES.finditer(text):
        # The pair named together before them in the sentence ("clashes between A and B ... the two sides"), else
        # the pair the previous sentence linked.
        pairs = [g.actors for g in _groups(text, mentions) if g.end <= match.start() and len(g.actors) == 2]
        sides = pairs[-1] if pairs else context.sides
        if len(sides) == 2 and free(match.start(), match.end()):
            for actor in sides:
                found.append(Mention(match.start(), match.end(), actor, sentence[match.start() : match.end()]))
    for match in _PLURAL.finditer(text):
        if not context.plural or not free(match.start(), match.end()) or any(m.end <= match.start() for m in mentions):
            continue  # only a list of earlier sentences, and only before this one names an actor of its own
        wanted = _PLURAL_KINDS.get(match[1] or "", ())
        members = [a for a in context.plural if not wanted or kinds.get(a) in wanted]
        if len(members) >= 2 and all(kinds.get(a) != "person" for a in members):
            for actor in members:
                found.append(Mention(match.start(), match.end(), actor, sentence[match.start() : match.end()]))
            taken.append((match.start(), match.end()))
    implicit = _implicit_subject(text, sentence, mentions, found, context, kinds)
    return found + implicit


def _implicit_subject(
    text: str, sentence: str, mentions: list[Mention], found: list[Mention], context: Context, kinds: dict[str, str]
) -> list[Mention]:
    """The subject of a sentence naming at most one actor, when it is a pronoun or a definite description ("the
    group", "the Supreme Court"): the actor or list that was the subject of one of the paragraph's two previous
    sentences, the latest whose kind fits; else nothing."""
    if len({m.actor for m in [*mentions, *found]}) > 1 or not context.subjects:
        return []
    first = min((m.start for m in [*mentions, *found]), default=len(text))
    for match in _IMPLICIT_SUBJECT.finditer(text, 0, first + 1):
        if _GOVERNED.search(text[: match.start()]) or any(m.start <= match.start() < m.end for m in found):
            continue
        wanted = _IMPLICIT_HEADS.get(match[2] or "", ("state", "militant_group", "organization", "group_of_states"))
        if match[1] == "it" and _EXPLETIVE_IT.match(text, match.end()):
            continue
        named = {m.actor for m in mentions}
        for subject in reversed(context.subjects):
            actors = [a for a in subject if kinds.get(a) in wanted and a not in named]
            if actors and (match[1] != "it" or len(actors) == 1):
                surface = sentence[match.start() : match.end()]
                return [Mention(match.start(), match.end(), actor, surface) for actor in actors]
        return []
    return []


def _groups(text: str, mentions: list[Mention]) -> list[_Group]:
    """Runs of actors joined by "and", "or", commas or a dash; a run of commas alone is no list."""
    runs: list[list[tuple[Mention, str]]] = []  # each mention with the joiner before it
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        if runs:
            last = runs[-1][-1][0]
            gap = text[last.end : mention.start]
            if mention.start <= last.end or (mention.actor == last.actor and re.fullmatch(r"\s*[(/]\s*", gap)):
                runs[-1].append((mention, "same"))
                continue
            joiner = _JOINER.match(gap)
            if joiner:
                runs[-1].append(
                    (
                        mention,
                        "dash"
                        if "-" in gap or "–" in gap
                        else "comma"
                        if "," in gap and not re.search(r"\b(?:and|or|nor|as well as)\b", gap)
                        else "and",
                    )
                )
                continue
        runs.append([(mention, "")])
    groups: list[_Group] = []
    for run in runs:
        # A list ends at its "and": "A, B and C". Commas with no "and" ("In addition to A, B said"), or
        # after it ("A and B, the C"), separate groups.
        pieces: list[list[tuple[Mention, str]]] = [[]]
        ands = [i for i, (_, kind) in enumerate(run) if kind in ("and", "dash")]
        for i, (mention, kind) in enumerate(run):
            if kind == "comma" and (not ands or i > ands[-1]):
                pieces.append([])
            pieces[-1].append((mention, kind))
        for piece in pieces:
            actors = tuple(dict.fromkeys(m.actor for m, _ in piece))
            end = max(m.end for m, _ in piece)
            groups.append(_Group(piece[0][0].start, end, actors, any(kind == "dash" for _, kind in piece)))
    return groups


# Relations whose verbs ("establish", "develop", "sent") may only carry a noun that says what is made or sent, and
# cue words that may only carry a noun that says what is done ("engaged in dialogue with").
_LIGHT_VERBS = ("builds", "deploys")
_LIGHT_WORDS = ("engag",)


def _holder_title(text: str, cue: _Cue, mentions: list[Mention], kinds: dict[str, str]) -> bool:
    """Whether a title right after an actor names the people who act for it ("Taliban officials", "Russia's
    foreign minister said") rather than a person it makes a member ("Ruritania's minister, J. Doe")."""
    before = any(re.fullmatch(r"(?:'s?|s')?\s+(?:[\w-]+\s+){0,2}", text[m.end : cue.start]) for m in mentions)
    person = any(cue.end <= m.start <= cue.end + 30 and kinds.get(m.actor) == "person" for m in mentions)
    return before and not person


def _cues(text: str, vocab: Vocabulary, mentions: list[Mention], kinds: dict[str, str]) -> list[_Cue]:
    """Cue words outside actor names, the longest at each place, in text order."""
    hits: list[_Cue] = []
    for name, rtype in vocab.relations.items():
        for word in rtype.cues:
            for match in re.finditer(rf"(?<![\w'-])(?:re-)?{re.escape(lowered(word))}[\w'-]*", text):
                hits.append(_Cue(match.start(), match.end(), name, word))
    hits.sort(key=lambda c: (c.start, -len(c.word)))
    chosen: list[_Cue] = []
    for cue in hits:
        if any(m.start <= cue.start < m.end for m in mentions):
            continue
        if chosen and cue.start < chosen[-1].end:
            continue
        if re.fullmatch(r"[\w'-]+ly", text[cue.start : cue.end]) and not cue.word.endswith("ly"):
            continue  # an adverb ("officially", "jointly") says how, not what
        if vocab.relations[cue.relation].name == "member_of" and _holder_title(text, cue, mentions, kinds):
            continue  # "Taliban officials attended": the officials act for the Taliban, no membership to suggest
        chosen.append(cue)
    # A verb whose object is another cue's noun only carries it: "established diplomatic relations with", "sent
    # humanitarian aid to" read as the noun says, not as building or deploying.
    return [
        cue
        for cue, after in itertools.zip_longest(chosen, chosen[1:])
        if after is None
        or after.relation == cue.relation
        or (cue.relation not in _LIGHT_VERBS and cue.word not in _LIGHT_WORDS)
        or not re.fullmatch(r"[\w'-]*\s+(?:(?!and\b|or\b)[\w-]+\s+){0,2}", text[cue.start : after.start])
        or any(cue.end <= m.start < after.start for m in mentions)
    ]


def _claimants(sentence: str, text: str, mentions: list[Mention]) -> tuple[str, str, list[Mention]]:
    """Who the sentence attributes its claim to: as written, as a claimant cell (an actor id or a label of
    vocab.toml, "" if it is neither), and the mentions that are that claimant."""
    for mention in mentions:
        if _CLAIM_AFTER.match(text, mention.end):
            speaking = [m for m in mentions if m.actor == mention.actor and m.start <= mention.start]
            return f"{mention.surface} ({mention.actor})", mention.actor, speaking
    match = _ACCORDING.search(text)
    if match:
        after = [m for m in mentions if m.start == match.end()]
        if after:
            return f"{after[0].surface} ({after[0].actor})", after[0].actor, after
        words = re.match(r"[^,;.]+", sentence[match.end() :])
        said = words.group().strip() if words else ""
        return said, _label(lowered(said)), []
    for pattern, label in _LABELS:  # "officials said", "media reports claim", "analysts believe"
        for found in pattern.finditer(text):
            if _CLAIM_AFTER.match(text, found.end()) or re.match(
                r"\s+(?:believe|suggest|say)s?\b", text[found.end() :]
            ):
                start = found.start() - len(_LABEL_BEFORE.search(text, 0, found.start())[0])
                return sentence[start : found.end()], label, []
    return "", "", []


def _label(words: str) -> str:
    """The claimant label (vocab.toml) that words naming no actor fit: "media reports" -> media."""
    return next((label for pattern, label in _LABELS if pattern.search(words)), "")


def _clause_after(text: str, position: int) -> int:
    """Where the clause going on at `position` ends (a semicolon, colon, dash or contrasting ', but')."""
    match = _CLAUSE_END.search(text, position)
    return match.start() if match else len(text)


def _clause_before(text: str, position: int) -> int:
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def _stretch(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch whose plans and modal verbs qualify a relation: from its subject to its cue, or from
    a condition or hypothesis opening its clause ("if A and B begin to compete", "it's possible A ...")."""
    opening = _clause_before(text, start)
    relative = [m.start() for m in _RELATIVE.finditer(text, opening, start)]  # "(which A designates)": its own clause
    opening = relative[-1] if relative else opening
    condition = _CONDITION.search(text, opening, start)
    return (condition.start() if condition else start, end)


def _possessor(text: str, left: list[_Group], cue: _Cue, mentions: list[Mention]) -> _Group | None:
    """The group whose possessive holds a cue's noun: "Russia's invasion of", "its support for", "the Front's
    asserted opposition to" (at most two words between), whatever preposition governs it."""
    if not left:
        return None
    last = left[-1]
    gap = text[last.end : cue.start]
    if re.fullmatch(r"(?:'s?|s')\s+(?:[\w-]+\s+){0,2}", gap):
        return last
    pronoun = re.search(r"(?<![\w'-])(?:its|their)$", text[last.start : last.end])
    if pronoun and re.fullmatch(r"\s+(?:[\w-]+\s+){0,2}", gap):  # only the pronoun's actors: "Syria, and its"
        owners = tuple(m.actor for m in mentions if m.start == last.start + pronoun.start() and m.end == last.end)
        return _Group(last.start + pronoun.start(), last.end, owners or last.actors, False)
    return None


_RELATIVE = re.compile(r"[,(]\s*(?:which|who|whom|that)\s")


def _relative(text: str, groups: list[_Group], cue: _Cue) -> tuple[_Group, _Group | None] | None:
    """(X, Y) for a cue in a relative clause on X: "X, which/who/that [Y] cue"; Y the clause's own subject if it
    names one ("X, which Y designates"), else None."""
    matches = list(_RELATIVE.finditer(text, _clause_before(text, cue.start), cue.start))
    if not matches:
        return None
    match = matches[-1]
    antecedent = next(
        (g for g in groups if g.end <= match.start() and re.fullmatch(r"\s*[)\"]?\s*", text[g.end : match.start()])),
        None,
    )
    if antecedent is None:
        return None
    inside = [g for g in groups if match.end() <= g.start and g.end <= cue.start]
    return antecedent, (inside[0] if inside else None)


def _nominal_agent(text: str, right: list[_Group], cue: _Cue) -> tuple[_Group, _Group] | None:
    """(Y, X) for a cue's noun with its object after "of" and its agent after "by": "the invasion of Y by X"."""
    if len(right) < 2 or not re.fullmatch(r"\s+of\s+(?:the\s+)?", text[cue.end : right[0].start]):
        return None
    if not re.fullmatch(r"\s+by\s+(?:the\s+)?", text[right[0].end : right[1].start]):
        return None
    return right[0], right[1]


def _passive(text: str, cue: _Cue) -> bool:
    return bool(re.search(rf"\b{_BE}\s+(?:\w+ly\s+)?$", text[: cue.start])) and not text[cue.start : cue.end].endswith(
        "ing"
    )


def read_sentence(
    sentence: str,
    mentions: list[Mention],
    kinds: dict[str, str],
    vocab: Vocabulary | None = None,
    refs: Sequence[Mention] = (),
    all_pairs: bool = False,
    partners: Sequence[tuple[str, str]] = (),
) -> list[Reading]:
    """The relations one sentence suggests between its actors (named, or referred to in `refs`); `partners`
    ((actor, where from)): the actors under discussion, the subject of a cue no actor comes before."""
    vocab = vocab or vocabulary()
    text = lowered(sentence)
    claimant, claimed_by, speaking = _claimants(sentence, text, [*mentions, *refs])
    speakers = {(m.start, m.actor) for m in speaking}
    claimed = {m.actor for m in speaking}
    active = [m for m in [*mentions, *refs] if (m.start, m.actor) not in speakers]
    groups = _groups(text, active)
    cues = _cues(text, vocab, active, kinds)
    note = f"claimant: {claimant}" if claimant else ""
    readings: dict[tuple[str, str, str], Reading] = {}

    def add(
        source: str,
        target: str,
        cue: _Cue | None,
        clause: tuple[int, int] | None,
        how: str,
        voice: tuple[str, str] | None = None,
    ) -> None:
        """`voice`: (the claimant's id, as written) of a relation the sentence gives as that actor's view."""
        reading = _reading(sentence, source, target, cue, clause, how, kinds, vocab, (claimed_by, note), voice)
        if reading is not None:
            readings.setdefault((*sorted((reading.source, reading.target)), reading.relation), reading)

    _concerns(sentence, text, groups, cues, active, add)
    subjects: dict[int, _Group | None] = {}
    for number, cue in enumerate(cues):
        clause_end = _clause_after(text, cue.end)
        following = cues[number + 1].start if number + 1 < len(cues) else len(text)
        left = [g for g in groups if g.end <= cue.start and g.end > _clause_before(text, cue.start)]
        left = left or [g for g in groups if g.end <= cue.start]
        right = [g for g in groups if cue.end <= g.start < clause_end]
        # The object, and every other actor up to the next cue that names no place ("supplied arms to X").
        objects = right[:1] + [g for g in right[1:] if g.start < following and not _PLACE.search(text[: g.start])]
        symmetric = not vocab.relations[cue.relation].directed
        # The subject is the nearest group no preposition governs ("traveled to Pakistan and met with": not Pakistan).
        free = [g for g in left if not _GOVERNED.search(text[: g.start])]
        subject = (free or left)[-1] if left else None
        if (
            left
            and cue.word != "'s"
            and re.fullmatch(r"\s*", text[left[-1].end : cue.start])
            and re.match(r"[\w'-]*ing\b", text[cue.start : cue.end])
        ):  # "concerns with the Taliban sheltering X": the actor right before a gerund does it
            subject = left[-1]
        if number and re.fullmatch(
            r"[\w'-]*\s*,?\s*(?:and|or)\s+(?:also\s+)?", text[cues[number - 1].start : cue.start]
        ):
            subject = subjects.get(number - 1, subject)  # "sheltering and helping X": one subject for both verbs
        relative = _relative(text, groups, cue)
        if relative is not None:
            antecedent, inner = relative
            if inner is None:  # "X, which poses threats to Y": X is the subject, whatever governs it
                subject = antecedent
            else:  # "X, which Y designates as": Y acts on X, the object the relative pronoun stands for
                subject, objects = inner, [antecedent]
        subjects[number] = subject
        holder = _possessor(text, left, cue, active)
        if holder is not None:  # "by the Taliban's asserted opposition to X": the Taliban oppose X
            subject = holder
            source = next((g for g in right[:2] if re.search(r"\bfrom\s*(?:the\s*)?$", text[cue.end : g.start])), None)
            if source is not None and vocab.relations[cue.relation].directed:  # "Y's support from X": X supports Y
                for a in source.actors:
                    for b in holder.actors:
                        add(a, b, cue, _stretch(text, source.start, cue.start), f"'{cue.word}' from its holder")
                continue
        elif subject is None or subject.end < _clause_before(text, cue.start):
            agent = _nominal_agent(text, right, cue)
            if agent is not None:  # "the invasion of Y by X": X invades Y
                for a in agent[1].actors:
                    for b in agent[0].actors:
                        add(a, b, cue, None, f"agent after 'by' of '{cue.word} of'")
                continue
        close = subject is not None and len(re.findall(r"[\w'-]+", text[subject.end : cue.start])) <= 4
        between = next((g for g in right if re.search(r"\bbetween\s*(?:the\s*)?$", text[cue.end : g.start])), None)
        if symmetric and between is not None and len(between.actors) > 1:
            for i, a in enumerate(between.actors):
                for b in between.actors[i + 1 :]:
                    add(a, b, cue, None, f"'{cue.word}' between them")
            continue
        reciprocal = subject is not None and _RECIPROCAL.search(text, subject.end, clause_end)
        if (symmetric or reciprocal) and subject is not None and len(subject.actors) > 1 and (close or not objects):
            for i, a in enumerate(subject.actors):
                for b in subject.actors[i + 1 :]:
                    add(a, b, cue, _stretch(text, subject.start, cue.start), f"both sides of '{cue.word}'")
            continue
        if (
            subject is None
            and objects
            and partners
            and not _passive(text, cue)
            and not _CLAIM_AFTER.match(text, cue.end)
        ):
            # no actor before the cue (nor a claimant's word: "officials said"): the actor under discussion acts
            # ("Talks with X resumed")
            for partner, where in [p for p in partners if p[0] not in claimed]:
                for obj in objects:
                    for b in obj.actors:
                        if _kinds_fit(vocab, cue.relation, partner, b, kinds):
                            add(partner, b, cue, _stretch(text, 0, cue.start), f"partner from {where}: {partner}")
            continue
        if subject is None or not objects:
            continue
        span = _stretch(text, subject.start, cue.start)
        if _passive(text, cue):
            agent = next((g for g in right if re.search(r"\bby\s*(?:the\s*)?$", text[cue.end : g.start])), None)
            if agent is not None:
                for a in agent.actors:
                    for b in subject.actors:
                        add(a, b, cue, span, f"agent after 'by' of '{cue.word}'")
                continue
        for obj in objects:
            for a in subject.actors:
                for b in obj.actors:
                    add(a, b, cue, span, f"subject and object of '{cue.word}'")

    _structure(text, active, kinds, add)
    ordered = sorted(active, key=lambda m: m.start)
    actors = list(dict.fromkeys(m.actor for m in ordered))
    pairs = {frozenset(key[:2]) for key in readings}
    first = {m.actor: m for m in reversed(ordered)}

    def nearest_cue(a: str, b: str, how: str) -> None:
        one, two = sorted((first[a], first[b]), key=lambda m: m.start)
        hint = guess(sentence, one, two, vocab)
        cue = _Cue(0, 0, hint.relation, hint.cue) if hint.relation else None
        add(one.actor, two.actor, cue, _stretch(text, one.start, two.end), how)

    if not readings and len(actors) >= 2:
        nearest_cue(actors[0], actors[1], "no rule links them: check the pair and the relation")
    linked = {actor for key in readings for actor in key[:2]}
    heads = [m.actor for m in ordered if not _GOVERNED.search(text[: m.start])] or actors
    for actor in actors:
        if actor not in linked and heads[0] != actor and not _PLACE.search(text[: first[actor].start]):
            nearest_cue(heads[0], actor, "linked to the sentence's subject by no rule: check the pair and the relation")
    if all_pairs:
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                if frozenset((a, b)) not in pairs:
                    nearest_cue(a, b, "named together, no rule links them: check the relation")
    return list(readings.values())


def _reading(
    sentence: str,
    source: str,
    target: str,
    cue: _Cue | None,
    clause: tuple[int, int] | None,
    how: str,
    kinds: dict[str, str],
    vocab: Vocabulary,
    claim: tuple[str, str],
    voice: tuple[str, str] | None = None,
) -> Reading | None:
    """One suggestion for a pair, oriented as its relation wants, with its certainty and claimant; None if the
    relation cannot hold between them. `claim`: the sentence's claimant cell and note."""
    if source == target:
        return None
    relation = cue.relation if cue else ""
    rtype = vocab.relations.get(relation)
    if rtype is not None and not rtype.directed and source > target:
        source, target = target, source
    if (
        relation == "member_of"
        and "person" not in (kinds.get(source), kinds.get(target))
        and cue
        and _TITLES.search(cue.word)
    ):
        return None  # a title ("President", "official") makes a person a member, not a state or group
    if relation == "member_of" and kinds.get(source) == kinds.get(target) == "person":
        return None  # nor one person the member of another
    if relation == "member_of" and kinds.get(target) == "person" and kinds.get(source) != "person":
        source, target = target, source
    certainty, hedge = certainty_of(sentence, clause, vocab)
    claimed_by, said = claim
    by = claimed_by or ("author" if hedge in _AUTHORS_HEDGES else "")
    if by and by not in kinds and by not in vocab.claimants:
        by = ""
    if voice is not None:  # a party's fear or concern: reported, that party claims it (curation rule 11)
        by, said = voice[0], f"claimant: {voice[1]} ({voice[0]})"
        certainty = "reported" if certainty == "confirmed" else certainty
    return Reading(source, target, relation, certainty, cue.word if cue else "", hedge, said, how, by)


def context_partner(
    sentence: str,
    mentions: list[Mention],
    refs: Sequence[Mention],
    partners: Sequence[tuple[str, str]],
    kinds: dict[str, str],
    vocab: Vocabulary | None = None,
) -> list[Reading]:
    """A sentence that names one actor beside a cue, its other side the actor under discussion: each of
    `partners` ((actor, where it comes from)) of a kind the cue's relation allows becomes that other side.

    The named actor's role decides the direction: before an active cue it acts ("X later attacked the
    city": X attacks the partner), after the cue or before a passive one it is acted on ("talks with X
    resumed": the partner negotiates with X); "by X" after a passive cue acts again.
    """
    vocab = vocab or vocabulary()
    text = lowered(sentence)
    claimant, claimed_by, speaking = _claimants(sentence, text, [*mentions, *refs])
    speakers = {(m.start, m.actor) for m in speaking}
    active = sorted((m for m in [*mentions, *refs] if (m.start, m.actor) not in speakers), key=lambda m: m.start)
    if len({m.actor for m in active}) != 1 or _PLACE.search(text[: active[0].start]):
        return []
    named = active[0]
    cues = _cues(text, vocab, active, kinds)
    opening, closing = _clause_before(text, named.start), _clause_after(text, named.end)
    after = [c for c in cues if named.end <= c.start < closing]
    before = [c for c in cues if opening <= c.start and c.end <= named.start]
    if after and not _GOVERNED.search(text[: named.start]):
        cue, acts = after[0], not _passive(text, after[0])
    elif before:
        cue = before[-1]
        acts = _passive(text, cue) and bool(re.search(r"\bby\s+(?:the\s+)?$", text[: named.start]))
    elif after:
        cue, acts = after[0], False
    else:
        return []
    clause = _stretch(text, named.start if acts else _clause_before(text, cue.start), cue.start)
    note = f"claimant: {claimant}" if claimant else ""
    found = []
    for partner, where in partners:
        if partner == named.actor or partner in {m.actor for m in speaking}:
            continue
        source, target = (named.actor, partner) if acts else (partner, named.actor)
        if not _kinds_fit(vocab, cue.relation, source, target, kinds):
            continue
        how = f"partner from {where}: {partner}"
        reading = _reading(sentence, source, target, cue, clause, how, kinds, vocab, (claimed_by, note))
        if reading is not None:
            found.append(reading)
    return found


_CONCERN = re.compile(r"(?<![\w'-])(?:concerns?|concerned|worr(?:y|ies|ied)|fears?|feared)(?![\w'-])")


def _concerns(
    sentence: str, text: str, groups: list[_Group], cues: list[_Cue], mentions: list[Mention], add: Callable[..., None]
) -> None:
    """A party's fear or concern about another: "A's concerns over B", "B worried A", "B caused concerns for A",
    "A expressed concern about B" suggest that B threatens A, reported, A its claimant (curation rule 11)."""
    for match in _CONCERN.finditer(text):
        start, end = match.span()
        clause = (_clause_before(text, start), _clause_after(text, end))
        left = [g for g in groups if clause[0] <= g.start and g.end <= start]
        right = [g for g in groups if end <= g.start < clause[1]]
        holder = _possessor(text, left, _Cue(start, end, "threatens", match[0]), mentions)
        after = next(
            (g for g in right if re.fullmatch(r"\s+(?:for\s+|among\s+)?(?:the\s+)?", text[end : g.start])), None
        )
        if holder is not None:
            party = holder
        elif after is not None and (match[0].startswith("worried") or text[end : after.start].strip()):
            party = after  # "worried Moscow", "concerns for Tajikistan"
        else:
            free = [g for g in left if not _GOVERNED.search(text[: g.start])]
            near = free and re.fullmatch(r"(?:'s?|s')?\s+(?:[\w-]+\s+){0,3}", text[free[-1].end : start])
            party = free[-1] if near and not text[free[-1].end : start].strip().endswith("'s") else None
            if party is None:
                continue
        # What is feared: the actors up to the next cue; none if it is an act a cue reads ("concerns about A
        # sheltering B": A's sheltering, not A itself).
        following = next((c.start for c in cues if c.start >= end), len(text))
        threats = [g for g in right if g is not party and g.start < following and not _PLACE.search(text[: g.start])]
        if threats and re.fullmatch(r"\s*", text[threats[-1].end : following]) and following < len(text):
            continue
        if not threats and party is after:  # "B's sheltering of C has caused concerns for A"
            threats = [g for g in left if not _GOVERNED.search(text[: g.start])][-1:]
        said = sentence[party.start : party.end]
        for threat in threats:
            for a in threat.actors:
                for b in party.actors:
                    if a not in party.actors:
                        cue = _Cue(start, end, "threatens", match[0])
                        add(a, b, cue, None, f"'{match[0]}' of {b}", voice=(b, said))


def _title_owner(text: str, person: Mention, before: list[Mention], kinds: dict[str, str]) -> Mention | None:
    """The state or group whose title a person holds: "China's Ambassador to Kabul, Zhao Xing", "the
    Foreign Minister of Tajikistan, S. M.", "Tajik President Emomali Rahmon" (not Kabul: "to" names a post)."""
    if kinds.get(person.actor) != "person":
        return None
    for mention in reversed(before):
        gap = text[mention.end : person.start]
        if len(gap) > 60 or _CLAUSE_END.search(gap) or re.search(r"\b(?:and|or|with|by)\b", gap):
            return None
        if kinds.get(mention.actor) == "person" or mention.actor == person.actor:
            return None
        if re.search(r"\b(?:to|for|in|on|at)\s+(?:the\s+)?$", text[: mention.start]):
            continue  # "Ambassador to Kabul": the post, not the owner
        return mention if _TITLES.search(text[max(0, mention.start - 40) : person.start]) else None
    return None


def _structure(text: str, mentions: list[Mention], kinds: dict[str, str], add: Callable[..., None]) -> None:
    """Pairs the sentence's grammar gives without a cue word: titles, "a project in a state", "anti-X"."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for number, person in enumerate(ordered):
        owner = _title_owner(text, person, ordered[:number], kinds)
        if owner is not None:
            add(person.actor, owner.actor, _Cue(0, 0, "member_of", "title"), None, "a title before a name")
    for before, after in itertools.pairwise(ordered):
        gap = text[before.end : after.start]
        prefix = re.search(r"(?<![\w'-])(anti|pro)-$", text[: before.start])
        if prefix and len(re.findall(r"[\w'-]+", gap)) <= 3:  # "the anti-Taliban Front": the Front opposes them
            relation = "opposes" if prefix[1] == "anti" else "supports"
            add(after.actor, before.actor, _Cue(0, 0, relation, prefix[0]), None, f"'{prefix[0]}' before a name")
        elif (
            (
                re.fullmatch(r"(?:'s?|s')\s+(?:[\w-]+\s+){0,3}", gap)
                or (lowered(before.surface) in ("its", "their") and re.fullmatch(r"\s+(?:[\w-]+\s+){0,3}", gap))
            )
            and kinds.get(after.actor) == "project"
            and kinds.get(before.actor) in ("state", "militant_group", "organization")
        ):  # "Iran's Chabahar Port", "its Ayni air base": the owner controls it
            word = before.surface if lowered(before.surface) in ("its", "their") else "'s"
            add(before.actor, after.actor, _Cue(0, 0, "controls", word), None, "a possessive before a project")
        elif re.fullmatch(r"\s+in\s+(?:the\s+)?", gap) and kinds.get(before.actor) == "project":
            if kinds.get(after.actor) == "state":
                add(after.actor, before.actor, _Cue(0, 0, "hosts", "in"), None, "a project in a state")
            elif kinds.get(after.actor) == "project":
                add(before.actor, after.actor, _Cue(0, 0, "participates_in", "in"), None, "a project in a project")


# A state's name or capital after these is where something is, not who acts: "in Afghanistan", "northern Afghanistan".
_WHERE = re.compile(  # on the text as written: the names of a list ("in both Pakistan and Afghanistan") are capitalised
    r"(?:\b(?i:in|within|near|across|via|through|toward|towards|inside|outside|from|of|into|around|throughout|"
    r"across|over|at|on)\s+(?i:the\s+|both\s+|either\s+)?(?:[a-z-]+\s+)?|\b(?i:north|south|east|west|centr)[a-z]*\s+)"
    r"(?:[A-Z][\w'’-]*(?:,\s+|\s+(?:and|or)\s+))*$"
)
# After a state's possessive, the words that make it the government: "Afghanistan's acting Interior Minister".
_GOVERNING = re.compile(
    r"^(?:'s?|’s?)\s+(?:[\w-]+\s+){0,3}?(?:government|authorit|ministr|minister|officials?|leader|regime|army|"
    r"forces|embassy|president|foreign|de facto|rulers?)"
)


def state_mentions(sentence: str, mentions: list[Mention], published: str, actors: Sequence[Actor]) -> list[Mention]:
    """`mentions` with a state's name or capital that acts as a government read by date (graphkit/states.py).

    "Afghanistan", "Kabul" (and the demonym joined to another state: "Afghan-Iranian") name the actor that
    governed the state at the sentence's date, else the document's, else today's government. A name after
    "in", "near", "from", "of"... or "northern" is a place and names no one, and so does its possessive unless
    its government's organs follow ("Afghanistan's foreign minister"), or a date that straddles a change of
    government.
    """
    when = find_dates(sentence)[0] or published
    found = list(mentions)
    for state, entry in states().items():
        if not entry.get("governments"):
            continue
        forms = [entry["name"], *([entry["capital"]] if entry.get("capital") else [])]
        pattern = "|".join(re.escape(form) for form in forms)
        demonyms = "|".join(re.escape(d) for d in entry.get("demonyms", []))
        spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w'-])(?:{pattern})(?![\w-])", sentence)]
        if demonyms:
            either = f"(?:{demonyms}|{pattern})"
            compound = rf"(?<![\w'-]){either}(?=[-–][A-Z])|(?<=[a-z][-–]){either}(?![\w-])"
            spans += [(m.start(), m.end()) for m in re.finditer(compound, sentence)]
        if not spans:
            continue
        actor = government(state, when, actors)  # looks through every actor: only for a sentence naming the state
        for start, end in sorted(set(spans)):
            same = [m for m in found if m.start == start and m.end == end]
            if any(m.start < end and start < m.end for m in found if m not in same):
                continue
            possessive = re.match(r"'s?|’s?", sentence[end:])
            if (
                not actor
                or _WHERE.search(sentence[:start])
                or re.match(r"[-–][\w-]+\s+(?:border|frontier)", sentence[end:])  # "the Afghan-Tajik border"
                or (possessive and not _GOVERNING.match(lowered(sentence[end:])))
            ):
                found = [m for m in found if m not in same]  # a place, or no government at that date
                continue
            found = [m for m in found if m not in same] + [Mention(start, end, actor, sentence[start:end])]
    return sorted(found, key=lambda m: (m.start, m.end))


# --- a source, sentence by sentence -----------------------------------------------------------


def _handled(dataset: Dataset, source_id: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the article that a relation quotes or an omission explains."""
    quotes = [r.quote for r in dataset.relations if r.source_doc == source_id]
    quotes += [o.quote for o in dataset.omissions if o.source_doc == source_id]
    spans = []
    for quote in quotes:
        quote = squash_whitespace(quote)
        position = text.find(quote, start, end) if quote else -1
        while position >= 0:
            spans.append((position, position + len(quote)))
            position = text.find(quote, position + 1, end)
    return spans


def suggest(
    dataset: Dataset, source_id: str, *, include_curated: bool = False, all_pairs: bool = False
) -> list[Relation]:
    """Suggested relations for one source's uncurated sentences, ready to review.

    Ids are fresh (`<source>-sNNN`, never one the dataset uses); rows are in sentence
    order. `include_curated` suggests for curated and left-out sentences too; `all_pairs`
    adds every other pair of actors a sentence names, its relation guessed from the nearest cue.
    """
    vocab = vocabulary()
    spans = articles(dataset)
    if source_id not in spans:
        raise UsageError(f"unknown source '{source_id}' ({did_you_mean(source_id, spans)})")
    article = spans[source_id]
    finder = MentionFinder(dataset.actors)
    kinds = {a.id: a.kind for a in dataset.actors}
    names = _names(dataset.actors)
    handled = [] if include_curated else _handled(dataset, source_id, article.text, article.start, article.end)
    used = {r.id for r in dataset.relations}
    rows: list[Relation] = []
    number = 0
    context = Context()
    history: list[list[Mention]] = []
    published = next((s.published for s in dataset.sources if s.id == source_id), "")
    document = dataset.documents[article.path]
    paragraphs = "\n".join(line for line in map(squash_whitespace, document.splitlines()) if line)
    sentences = [s for s in split_sentences(document) if article.start <= s.start < article.end]
    named_in = [state_mentions(s.text, finder.find(s.text), published, dataset.actors) for s in sentences]
    counts = collections.Counter(m.actor for mentions in named_in for m in mentions)
    topic = min(counts, key=lambda a: (-counts[a], a)) if counts else ""
    paragraph: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # (subject, actors) of its sentences so far
    for sentence, mentions in zip(sentences, named_in, strict=True):
        if sentence.start == 0 or paragraphs[sentence.start - 1] == "\n":  # a new paragraph: no implicit subject
            context = dataclasses.replace(context, subjects=())
            paragraph = []
        refs = references(sentence.text, mentions, context, kinds, names)
        readings = []
        done = any(a < sentence.end and sentence.start < b for a, b in handled)
        if not done and len({m.actor for m in [*mentions, *refs]}) >= 2:
            partners = [(topic, "the document's topic")] if topic else []
            readings = read_sentence(sentence.text, mentions, kinds, vocab, refs, all_pairs, partners)
        elif not done and paragraph:
            partners = [(actor, "the previous sentence") for actor in paragraph[-1][0]]
            readings = context_partner(sentence.text, mentions, refs, partners, kinds, vocab)
        start, end = find_dates(sentence.text)
        for reading in readings:
            while True:
                number += 1
                rel_id = f"{source_id}-s{number:03d}"
                if rel_id not in used:
                    break
            rows.append(
                Relation(
                    rel_id,
                    reading.source,
                    reading.target,
                    reading.relation,
                    start,
                    end,
                    reading.certainty,
                    source_id,
                    sentence.text,
                    _note(reading, refs, kinds),
                    claimant=reading.claimed_by,
                )
            )
        history = [*history[-2:], mentions]
        named = sorted(mentions, key=lambda m: m.start)
        groups = _groups(lowered(sentence.text), [*mentions, *refs])
        lists = [g.actors for g in groups if len(g.actors) > 1]
        # The sentence's subject: its first actor no preposition but "of" governs ("the Office of Ruritania submitted").
        heads = [g.actors for g in groups if not _GOVERNED_NOT_OF.search(lowered(sentence.text)[: g.start])]
        referred = any(len({r.actor for r in refs if r.start == ref.start}) > 1 for ref in refs)
        plural, age = (lists[-1], 0) if lists else (context.plural, 0 if referred else context.plural_age + 1)
        paragraph.append((heads[0] if heads else (), tuple(dict.fromkeys(a for g in groups for a in g.actors))))
        context = Context(
            subject=named[0].actor if named else context.subject,
            recent=tuple(m for ms in history for m in ms),
            sides=tuple(sorted({readings[0].source, readings[0].target})) if readings else (),
            plural=plural if age < 3 else (),
            plural_age=age,
            subjects=(*context.subjects[-1:], heads[0]) if heads else context.subjects[-1:],
        )
    return rows


def _kinds_fit(vocab: Vocabulary, relation: str, source: str, target: str, kinds: dict[str, str]) -> bool:
    """Whether the relation's source and target kinds (vocab.toml) allow this pair, either way if it is symmetric."""
    rtype = vocab.relations.get(relation)
    if rtype is None:
        return True
    orders = ((source, target), (target, source))[: 1 if rtype.directed else 2]
    return any(
        kinds.get(a) in (rtype.source_kinds or (kinds.get(a),))
        and kinds.get(b) in (rtype.target_kinds or (kinds.get(b),))
        for a, b in orders
    )


def _names(actors: tuple[Actor, ...]) -> dict[str, str]:
    return {a.id: " ".join(lowered(form) for form in (a.name, *a.aliases)) for a in actors}


def _note(reading: Reading, refs: list[Mention], kinds: dict[str, str]) -> str:
    parts = [f"cue '{reading.cue}'" if reading.cue else "no cue word: choose the relation"]
    parts.append(f"hedge '{reading.hedge}'" if reading.hedge else "no hedge")
    parts.append(reading.how)
    for ref in refs:
        if ref.actor in (reading.source, reading.target):
            parts.append(f"'{ref.surface}' read as {ref.actor}")
    if reading.claimant:
        parts.append(reading.claimant)
    return "suggested by graphkit suggest: " + ", ".join(dict.fromkeys(parts))
