"""The vocabulary (actor kinds, relation types, certainty levels), loaded from vocab.toml.

Everything else derives its choices from here, so the file is checked when it loads.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from graphkit.errors import GraphkitError


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    description: str
    color: str
    shape: str


@dataclass(frozen=True)
class Polarity:
    """How a relation reads: `value` is its sign in signed analysis; `layer` whether the report ranks it alone."""

    name: str
    value: int
    label: str
    color: str
    layer: bool = False
    description: str = ""


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    directed: bool
    polarity: int
    description: str
    self_loop: bool
    cues: tuple[str, ...]
    temporal: str  # "event" (an act that happened) or "state" (a standing relation); see graphkit.rules
    specificity: int = 1  # 1 a general stance .. 3 a concrete act; ranks a path hop's relations (graphkit.query)
    polarity_name: str = ""  # its [polarity] entry; "" for the canonical name of `polarity`
    source_kinds: tuple[str, ...] = ()  # the kinds of actor that can be its source; () any (used by `suggest`)
    target_kinds: tuple[str, ...] = ()  # the kinds of actor that can be its target; () any

    def __post_init__(self) -> None:
        if not self.polarity_name:
            object.__setattr__(self, "polarity_name", POLARITY_NAMES[self.polarity])


@dataclass(frozen=True)
class Certainty:
    name: str
    label: str
    rank: int
    counts: bool
    style: str
    description: str
    hedges: tuple[str, ...]


@dataclass(frozen=True)
class Claimant:
    """A label for who makes a claim when the claimant is no actor of the dataset (the author, media)."""

    name: str
    description: str


POLARITY_NAMES = {1: "cooperative", -1: "hostile", 0: "neutral"}
"""The three polarities every vocabulary defines; others (rivalry) share one of their signs."""
SPECIFICITIES = (1, 2, 3)
"""A relation type's specificity: 1 a general stance, 2 a kind of dealing, 3 a concrete act or tie."""


@dataclass(frozen=True)
class Vocabulary:
    kinds: dict[str, Kind]
    relations: dict[str, RelationType]
    certainty: dict[str, Certainty]
    polarity: dict[str, Polarity]
    claimants: dict[str, Claimant] = field(default_factory=dict)

    def certainty_order(self) -> list[str]:
        """Certainty names, strongest first."""
        return sorted(self.certainty, key=lambda c: -self.certainty[c].rank)

    def layers(self) -> tuple[str, ...]:
        """The polarities the report ranks actors on alone (`layer = true`), in vocab.toml's order."""
        return tuple(name for name, p in self.polarity.items() if p.layer)


def _require(table: dict, key: str, typ: type, where: str):
    value = table.get(key)
    if not isinstance(value, typ) or (isinstance(value, bool) and typ is int):
        raise GraphkitError(f"vocab.toml: {where}: '{key}' must be {typ.__name__}")
    return value


def parse_vocabulary(data: dict) -> Vocabulary:
    """Build and check a Vocabulary from the parsed TOML tables."""
    kinds = {
        name: Kind(
            name,
            _require(t, "label", str, f"kinds.{name}"),
            _require(t, "description", str, f"kinds.{name}"),
            _require(t, "color", str, f"kinds.{name}"),
            _require(t, "shape", str, f"kinds.{name}"),
        )
        for name, t in data.get("kinds", {}).items()
    }
    polarity = {
        name: Polarity(
            name,
            _require(t, "value", int, f"polarity.{name}"),
            _require(t, "label", str, f"polarity.{name}"),
            _require(t, "color", str, f"polarity.{name}"),
            bool(t.get("layer", False)),
            str(t.get("description", "")),
        )
        for name, t in data.get("polarity", {}).items()
    }
    if any(polarity.get(name) is None or polarity[name].value != value for value, name in POLARITY_NAMES.items()):
        raise GraphkitError("vocab.toml: [polarity] must define cooperative = 1, hostile = -1, neutral = 0")
    for p in polarity.values():
        if p.value not in POLARITY_NAMES:
            raise GraphkitError(f"vocab.toml: polarity.{p.name}: value (its sign) must be -1, 0 or 1")
    relations = {}
    for name, t in data.get("relations", {}).items():
        where = f"relations.{name}"
        named = t.get("polarity")
        if isinstance(named, str):  # a [polarity] entry by name (rivalry): its value is the sign
            if named not in polarity:
                raise GraphkitError(f"vocab.toml: {where}: polarity '{named}' is not in [polarity]")
            sign = polarity[named].value
        else:
            sign = _require(t, "polarity", int, where)
            if sign not in POLARITY_NAMES:
                raise GraphkitError(f"vocab.toml: {where}: polarity must be -1, 0, 1 or a [polarity] name")
            named = POLARITY_NAMES[sign]
        relations[name] = RelationType(
            name,
            _require(t, "label", str, where),
            _require(t, "directed", bool, where),
            sign,
            _require(t, "description", str, where),
            bool(t.get("self_loop", False)),
            tuple(t.get("cues", ())),
            _require(t, "temporal", str, where),
            _require(t, "specificity", int, where) if "specificity" in t else 1,
            named,
            tuple(t.get("source_kinds", ())),
            tuple(t.get("target_kinds", ())),
        )
        unknown = sorted(set(relations[name].source_kinds + relations[name].target_kinds) - set(kinds))
        if unknown:
            raise GraphkitError(f"vocab.toml: {where}: source_kinds/target_kinds: unknown kind '{unknown[0]}'")
        if relations[name].temporal not in ("event", "state"):
            raise GraphkitError(f'vocab.toml: {where}: temporal must be "event" or "state"')
        if relations[name].specificity not in SPECIFICITIES:
            raise GraphkitError(f"vocab.toml: {where}: specificity must be 1, 2 or 3")
    certainty = {
        name: Certainty(
            name,
            _require(t, "label", str, f"certainty.{name}"),
            _require(t, "rank", int, f"certainty.{name}"),
            _require(t, "counts", bool, f"certainty.{name}"),
            _require(t, "style", str, f"certainty.{name}"),
            _require(t, "description", str, f"certainty.{name}"),
            tuple(t.get("hedges", ())),
        )
        for name, t in data.get("certainty", {}).items()
    }
    claimants = {
        name: Claimant(name, _require(t, "description", str, f"claimants.{name}"))
        for name, t in data.get("claimants", {}).items()
    }
    clashing = sorted(set(claimants) & (set(kinds) | set(relations) | set(certainty)))
    if clashing:
        raise GraphkitError(f"vocab.toml: claimant label '{clashing[0]}' is also a kind, relation or certainty name")
    if not kinds or not relations or not certainty:
        raise GraphkitError("vocab.toml: needs [kinds], [relations] and [certainty] tables")
    ranks = [c.rank for c in certainty.values()]
    if len(set(ranks)) != len(ranks):
        raise GraphkitError("vocab.toml: certainty ranks must be distinct")
    return Vocabulary(kinds, relations, certainty, polarity, claimants)


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary shipped with graphkit."""
    text = resources.files("graphkit").joinpath("vocab.toml").read_text(encoding="utf-8")
    return parse_vocabulary(tomllib.loads(text))
