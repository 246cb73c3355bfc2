"""Names a document uses that are no actor yet: the actors a curator may have to add first.

`suggest` and `coverage` only see actors already in actors.csv; this reads a source's
article for the names they would miss, with a few rules of English capitalisation:

- a run of capitalised words ("Shanghai Cooperation Organization", "Zamir Kabulov"),
  joined at most by "of", "for", "the", "de", "al", "bin" ("Islamic Movement of
  Uzbekistan"), without the sentence's opening word, titles ("President", "Minister")
  and month names around it;
- an acronym ("CSTO", "ISIS-K"), and its expansion when the text gives one
  ("Shanghai Cooperation Organization (SCO)": one candidate, the acronym an alias);
- a single capitalised word that the text also uses inside a sentence (not only as its
  first word, which any word can be);
- a state, its capital or its demonym (graphkit/states.toml): the curation rules fold
  "Dushanbe" and "Tajik" into Tajikistan, so these point at the state's actor when there
  is one ("add it as an alias") and group under the state when there is none.

Headlines (lines mostly in capitals, without a full stop) and bylines are skipped: a
headline capitalises every word, and authors are not actors. Names ranked by how often
the article uses them; each comes with its sentences and the `actors add` command that
would add it, its kind guessed from its words (a curator's first draft, never data).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import cache

from graphkit.documents import articles
from graphkit.errors import UsageError
from graphkit.model import Dataset
from graphkit.sentences import MentionFinder, split_sentences
from graphkit.states import states
from graphkit.text import did_you_mean, fold, name_key

_TOKEN = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]*(?:-[A-Z0-9]+)*")
_CONNECTORS = frozenset({"of", "for", "the", "de", "al", "bin", "ibn", "du", "da", "von", "van"})
# Capitalised words that start a sentence or stand before a name without being part of it.
_LEADING = frozenset(
    """a an the in on at of for and but or nor so yet while since after before during this that these those
    both either its his her their our my your when where if as by from to with under over meanwhile however
    although though because then there here it he she they we what which who whose how also even many most
    some several all any each every other such according despite following amid among between within without
    last next first new former late early mid says said""".split()  # noqa: SIM905
)
_TITLES = frozenset(
    """president vice prime minister foreign deputy secretary general commander chief special representative
    envoy ambassador spokesman spokesperson mr mrs ms dr sir lord king queen prince sheikh mullah emir
    governor senator chairman chair director head leader colonel col major gen lt capt captain sgt admiral
    marshal judge officials official""".split()  # noqa: SIM905
)
_CALENDAR = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()  # noqa: SIM905
)
# Words of a name that say what kind of actor it is, checked from the last word back.
_KIND_WORDS = {
    "organization": """organization organisation council union alliance bank agency committee commission nations
        forum fund company corporation institute assembly association treaty cooperation community conference
        secretariat mission office ministry court parliament government authority group""",
    "militant_group": """front movement army brigade brigades militia taliban jamaat lashkar jaish mujahideen
        resistance rebels emirate battalion state caliphate""",
    "project": """railway railroad corridor port pipeline road highway base airport mine project dam line bridge
        tunnel canal plant station route zone terminal gateway initiative""",
    "state": "republic kingdom federation emirates states",
}
_KINDS = {word: kind for kind, words in _KIND_WORDS.items() for word in words.split()}


@dataclass
class Candidate:
    """A name the article uses that no actor has yet."""

    name: str
    id: str
    kind: str  # a guess from the name's words; "" when none fits
    aliases: list[str] = field(default_factory=list)  # an acronym, a capital or demonym the text uses for it
    fold_into: str = ""  # the existing actor the curation rules fold this name into (then: an alias of it)
    why: str = ""  # how it was found
    count: int = 0
    sentences: list[str] = field(default_factory=list)
    first: int = 0  # where the article first uses it, to rank ties in reading order

    def command(self, data: str = "") -> str:
        """The `actors add` command that adds it ("" when it folds into an existing actor)."""
        if self.fold_into:
            return ""
        words = [
            "graphkit",
            *(["--data", data] if data else []),
            "actors",
            "add",
            self.id,
            "--name",
            self.name,
            "--kind",
            self.kind or "KIND",
        ]
        for alias in self.aliases:
            words += ["--alias", alias]
        return " ".join(shlex.quote(word) for word in words)

    def as_json(self, data: str = "") -> dict:
        return {
            "name": self.name,
            "id": self.id,
            "kind": self.kind,
            "aliases": self.aliases,
            "fold_into": self.fold_into,
            "why": self.why,
            "count": self.count,
            "sentences": self.sentences,
            "command": self.command(data),
        }


@dataclass(frozen=True)
class ActorCandidates:
    """`actors candidates` for one source: the names, most used first."""

    source_doc: str
    candidates: list[Candidate]
    data: str = ""  # the dataset as the user named it (--data), for the commands shown

    def as_json(self) -> dict:
        return {"source_doc": self.source_doc, "candidates": [c.as_json(self.data) for c in self.candidates]}

    def table(self) -> tuple[list[str], list[list[object]]]:
        columns = ["name", "id", "kind", "aliases", "fold_into", "count", "why", "sentences"]
        rows = [
            [c.name, c.id, c.kind, "|".join(c.aliases), c.fold_into, c.count, c.why, " | ".join(c.sentences)]
            for c in self.candidates
        ]
        return columns, rows


def actor_candidates(dataset: Dataset, source_id: str, data: str = "") -> ActorCandidates:
    """The names `source_id`'s article uses that are no actor's id, name or alias, most used first.

    `data`: the dataset as the user named it, for the `actors add` commands shown.
    """
    spans = articles(dataset)
    if source_id not in spans:
        raise UsageError(f"unknown source '{source_id}' ({did_you_mean(source_id, spans)})")
    article = spans[source_id]
    finder = MentionFinder(dataset.actors)
    known = {name_key(s) for a in dataset.actors for s in (a.id, a.name, *a.aliases)}
    state_of = _state_actors(dataset)
    found: dict[str, Candidate] = {}
    singles: dict[str, list[tuple[int, str, bool]]] = {}  # word -> (offset, sentence, first word of it?)

    def add(key: str, make, offset: int, sentence: str, surface: str = "") -> None:
        candidate = found.get(key)
        if candidate is None:
            candidate = found[key] = make()
            candidate.first = offset
        candidate.count += 1
        if sentence not in candidate.sentences:
            candidate.sentences.append(sentence)
        if surface and surface != candidate.name and surface not in candidate.aliases:
            candidate.aliases.append(surface)

    for sentence in split_sentences(dataset.documents[article.path]):
        if not article.start <= sentence.start < article.end:
            continue
        text = sentence.text
        if _headline(text):
            continue
        masked = [(m.start, m.end) for m in finder.find(text)]
        skip_to = 0  # the acronym in brackets after its expansion is not found again
        for run, start, end, initial, titled in _runs(text, masked):
            if start < skip_to:
                continue
            offset = sentence.start + start
            expansion = _expansion(text, end, run)
            if expansion:
                name_words, acronym, skip_to = expansion
                name = " ".join(name_words)
                if name_key(name) not in known and name_key(acronym) not in known:
                    make = lambda n=name, a=acronym: _named(n, "a name and its acronym", [a])  # noqa: E731
                    add(name_key(name), make, offset, text, acronym)
                    continue
            if len(run) >= 2:
                surface = " ".join(run)
                state = _state_named(surface)
                if state:
                    _add_state(add, state, surface, state_of, known, offset, text)
                elif name_key(surface) not in known:
                    make = lambda s=surface, t=titled: _named(s, "a capitalised name", person=t)  # noqa: E731
                    add(name_key(surface), make, offset, text)
                continue
            word = run[0]
            state = _state_named(word)
            if state:
                _add_state(add, state, word, state_of, known, offset, text)
            elif name_key(word) in known:
                continue
            elif _ACRONYM.fullmatch(word) and sum(c.isupper() for c in word) >= 2:
                add(name_key(word), lambda w=word: _named(w, "an acronym", kind=""), offset, text)
            else:
                singles.setdefault(word, []).append((offset, text, initial))
    # An acronym found alone and as an expansion's alias is one candidate.
    for candidate in list(found.values()):
        for alias in candidate.aliases:
            alone = found.get(name_key(alias))
            if alone is not None and alone is not candidate and not alone.fold_into:
                _merge(candidate, found.pop(name_key(alias)))
    # A surname alone ("Kabulov") counts for the person named in full ("Zamir Kabulov").
    people = {c.name.split()[-1]: c for c in found.values() if c.kind == "person"}
    for word, uses in singles.items():
        person = people.get(word)
        if person is not None:
            for offset, text, _initial in uses:
                person.count += 1
                if text not in person.sentences:
                    person.sentences.append(text)
                person.first = min(person.first, offset)
            continue
        if all(initial for _offset, _text, initial in uses):
            continue  # only ever a sentence's first word: any word can be
        candidate = _named(word, "a capitalised word inside sentences", kind="")
        candidate.first = uses[0][0]
        for _offset, text, _initial in uses:
            candidate.count += 1
            if text not in candidate.sentences:
                candidate.sentences.append(text)
        found[name_key(word)] = candidate
    ranked = sorted(found.values(), key=lambda c: (-c.count, c.first, c.name))
    return ActorCandidates(source_id, ranked, data)


def _merge(into: Candidate, other: Candidate) -> None:
    into.count += other.count
    into.first = min(into.first, other.first)
    into.sentences += [s for s in other.sentences if s not in into.sentences]


def _named(
    name: str, why: str, aliases: list[str] | None = None, kind: str | None = None, person: bool = False
) -> Candidate:
    kind = _guess_kind(name, person) if kind is None else kind
    return Candidate(name, _snake(name), kind, list(aliases or []), why=why)


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_") or "actor"


def _guess_kind(name: str, titled: bool = False) -> str:
    """The kind a name's words suggest: its last telling word ("... Front" a militant group), a person
    after a title ("Foreign Minister ..."), else none."""
    words = [w.casefold().rstrip(".") for w in _TOKEN.findall(name)]
    head = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))  # "Council of ... States"
    for word in reversed(words[:head]):
        if word in _KINDS:
            return _KINDS[word]
    return "person" if titled and 2 <= len(words) <= 4 else ""


def _headline(text: str) -> bool:
    """A headline or byline: no full stop at the end and mostly capitalised words, or 'By A. Writer'."""
    words = _TOKEN.findall(text)
    if text.startswith("By ") and len(words) <= 6:
        return True
    if text.isupper():  # a section heading: "BACKGROUND"
        return True
    if text.rstrip("”\"'’)").endswith((".", "!", "?", ":")) or len(words) < 3:
        return False
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def _runs(text: str, masked: list[tuple[int, int]]) -> list[tuple[list[str], int, int, bool, bool]]:
    """Runs of capitalised words outside known actors' mentions:
    (words, start, end, starts the sentence?, after a title?)."""
    tokens = [
        (m.group(), m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if not any(a < m.end() and m.start() < b for a, b in masked)
    ]
    runs: list[tuple[list[str], int, int, bool, bool]] = []
    current: list[tuple[str, int, int]] = []
    titled = False

    def close() -> None:
        initial = bool(current) and not text[: current[0][1]].strip(" \"“‘'(")
        # Drop the words around the name: a sentence's opening word, titles, months, connectors.
        nonlocal titled
        while current and (_lead(current[0][0]) or current[0][0].casefold() in _CONNECTORS):
            titled = titled or current[0][0].casefold().rstrip(".") in _TITLES
            current.pop(0)
            initial = False
        while current and current[-1][0].casefold() in _CONNECTORS:
            current.pop()
        if current:
            words = [w.removesuffix("'s").removesuffix("’s") for w, _, _ in current]
            runs.append((words, current[0][1], current[-1][2], initial, titled))
        current.clear()
        titled = False

    previous_end = None
    previous_word = ""
    for word, start, end in tokens:
        joined = previous_end is not None and text[previous_end:start] == " "
        if word[0].isupper():
            if current and not joined:
                close()
            if not current:
                titled = joined and previous_word.casefold() in _TITLES  # "OVF commander Tamsin Orrell"
            current.append((word, start, end))
            if word.endswith(("'s", "’s")):  # "Afghanistan’s Badakhshan": two names
                close()
                end = None
        elif current and joined and word.casefold() in _CONNECTORS:
            current.append((word, start, end))
        elif current:
            close()
        previous_end, previous_word = end, word
    if current:
        close()
    return runs


def _lead(word: str) -> bool:
    """A word before a name that is no part of it: a sentence's opening word, a title, a month."""
    folded = word.casefold().rstrip(".")
    return folded in _TITLES or folded in _CALENDAR or folded in _LEADING


def _expansion(text: str, after: int, run: list[str]) -> tuple[list[str], str, int] | None:
    """`run` and the acronym in brackets after it ("... Organization (SCO)"), the run cut to where the acronym's
    first letter starts it, and where the brackets end."""
    match = re.match(r"\s*\(([A-Z][A-Za-z0-9&-]{1,11})\)", text[after:])
    if not match or len(run) < 2:
        return None
    acronym = match.group(1)
    words = list(run)
    while len(words) > 1 and words[0][0].upper() != acronym[0]:
        words = words[1:]
    if len(words) < 2:
        return None
    return words, acronym, after + match.end()


def _state_actors(dataset: Dataset) -> dict[str, str]:
    """State (states.toml id) -> the actor that stands for it in this dataset, if any."""
    owners = {name_key(s): a.id for a in dataset.actors for s in (a.id, a.name, *a.aliases)}
    result = {}
    for state, entry in states().items():
        owner = owners.get(name_key(state)) or owners.get(name_key(entry["name"]))
        if owner:
            result[state] = owner
    return result


@cache
def _state_forms() -> dict[str, tuple[str, str]]:
    """A state's name, capital or demonym as the text writes it -> (state id, what it is)."""
    forms = {}
    for state, entry in states().items():
        forms[entry["name"]] = (state, "name")
        if entry.get("capital"):
            forms[entry["capital"]] = (state, "capital")
        for demonym in entry.get("demonyms", []):
            forms[demonym] = (state, "demonym")
    return forms


def _state_named(surface: str) -> tuple[str, str] | None:
    return _state_forms().get(surface)


def _add_state(add, state: tuple[str, str], surface: str, state_of, known, offset: int, text: str) -> None:
    """A state's name, capital or demonym: an alias of the state's actor, or a new state grouping them."""
    if name_key(surface) in known:
        return
    state_id, what = state
    entry = states()[state_id]
    owner = state_of.get(state_id)
    if owner:
        why = f"the {what} of {entry['name']}: the curation rules fold it into '{owner}' (add it as an alias)"
        add(name_key(surface), lambda: Candidate(surface, owner, "state", fold_into=owner, why=why), offset, text)
        return
    why = f"a state ({entry['name']}), its capital or demonym"
    add(
        f"state:{state_id}",
        lambda: Candidate(entry["name"], state_id, "state", why=why),
        offset,
        text,
        surface,
    )
