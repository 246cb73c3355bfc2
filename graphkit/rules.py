"""Which relations count as connections, and on which days a relation holds: one home for both rules.

Every consumer (queries, the explorer's default view, the report's projections, exports'
filters, the notebook) asks here, so that the CLI, the page and the report cannot disagree.

**What counts.** A certainty level counts as a connection by default when the vocabulary
says so (`counts` in vocab.toml: confirmed, reported, alleged; not proposed, not denied).
`certainty_levels` widens or narrows that set the same way for every command.

**When a relation holds.** Each relation is an *event* (an act that happened: an attack, a
clash, talks, a delisting) or a *state* (a standing relation: a designation, a recognition,
an alliance, a base, membership); the vocabulary gives each relation type's default and a
row's `temporal` cell may override it. A partial date covers every day of its period
(`2025-07` is 1 to 31 July 2025).

- A state holds from the first day of its start to the last day of its end; with no start
  it holds up to its end, with no end it still holds. An end of `?` means it ended on an
  unknown day: then it is known to hold only within its start's period.
- An event holds only within its dates' period: from the first day of its start to the
  last day of its end, or of its start when it has no end (an attack in 2024-03 holds in
  March 2024). An `--as-of` query may widen the look-back for events with a window
  (`12m`: events in the twelve months up to the day).
- A relation with no date holds on no particular day, so `--as-of` leaves it out.

Spans are (first day, last day) as proleptic Gregorian ordinals; a span whose first day
is after its last never overlaps anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from graphkit.dates import date_bounds
from graphkit.errors import UsageError
from graphkit.vocab import POLARITY_NAMES, vocabulary

ENDED_UNKNOWN = "?"
"""An `end` cell meaning: it ended, on a day the text does not give."""

EVENT, STATE = "event", "state"
TEMPORALS = (EVENT, STATE)

BEFORE_ALL = 0  # before dt.date.min's ordinal (1): a span with no start
AFTER_ALL = dt.date.max.toordinal() + 1  # a span with no end
NO_DAY = (1, 0)  # the empty span: an undated relation holds on no known day

Span = tuple[int, int]


# --- what counts -------------------------------------------------------------------------


@lru_cache(maxsize=1)  # of the shipped vocabulary, which never changes; asked once per relation in places
def counted_levels() -> frozenset[str]:
    """The certainty levels that count as a connection by default (vocab.toml's `counts`)."""
    return frozenset(name for name, level in vocabulary().certainty.items() if level.counts)


def every_level() -> frozenset[str]:
    """Every certainty level, proposed and denied included."""
    return frozenset(vocabulary().certainty)


PRESETS = {"counted": counted_levels, "everything": every_level}
"""Named certainty sets: `counted` (the default everywhere) and `everything`."""


def certainty_levels(
    min_certainty: str | None = None, *, include_proposed: bool = False, include_denied: bool = False
) -> frozenset[str]:
    """The certainty levels a query counts: the default set, narrowed or widened explicitly.

    `min_certainty` keeps the levels at least that strong (`proposed` brings proposed in);
    `include_proposed` and `include_denied` add those levels to whatever set results.

    >>> sorted(certainty_levels())
    ['alleged', 'confirmed', 'reported']
    >>> sorted(certainty_levels("reported", include_denied=True))
    ['confirmed', 'denied', 'reported']
    >>> sorted(certainty_levels(include_proposed=True))
    ['alleged', 'confirmed', 'proposed', 'reported']
    """
    levels = vocabulary().certainty
    if min_certainty is None:
        chosen = set(counted_levels())
    else:
        if min_certainty not in levels:
            raise UsageError(f"Unknown certainty '{min_certainty}'. Choose one of: {', '.join(levels)}.")
        floor = levels[min_certainty].rank
        chosen = {name for name, level in levels.items() if level.rank >= floor and name != "denied"}
    if include_proposed:
        chosen.add("proposed")
    if include_denied:
        chosen.add("denied")
    return frozenset(chosen)


def describe_levels(levels: frozenset[str]) -> str:
    """The certainty levels in words, saying how they differ from the default."""
    order = vocabulary().certainty_order()
    default = counted_levels()
    names = "|".join(c for c in order if c in levels)
    if levels == default:
        return f"certainty {names} (the default)"
    added = [c for c in order if c in levels - default]
    dropped = [c for c in order if c in default - levels]
    changes = [f"{c} included" for c in added] + [f"{c} left out" for c in dropped]
    return f"certainty {names} ({', '.join(changes)})"


# --- when a relation holds -----------------------------------------------------------------


def temporal_of(relation: str, override: str = "") -> str:
    """`event` or `state`: the row's own choice if it made one, else its relation type's."""
    return override or vocabulary().relations[relation].temporal


@lru_cache(maxsize=65536)
def span(start: str, end: str, temporal: str) -> Span:
    """The days (first, last ordinal) on which a relation with these dates is known to hold.

    >>> from datetime import date
    >>> first, last = span("2024-03", "", "event")
    >>> date.fromordinal(first), date.fromordinal(last)
    (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    >>> span("2003", "", "state")[1] == AFTER_ALL
    True
    >>> span("", "", "state") == NO_DAY
    True
    """
    ended_unknown = end == ENDED_UNKNOWN
    if ended_unknown:
        end = ""
    if not start and not end:
        return NO_DAY
    if temporal == EVENT or ended_unknown:
        first_period = date_bounds(start or end)
        last_period = date_bounds(end or start)
        return first_period[0].toordinal(), last_period[1].toordinal()
    first = date_bounds(start)[0].toordinal() if start else BEFORE_ALL
    last = date_bounds(end)[1].toordinal() if end else AFTER_ALL
    return first, last


def overlaps(first, last, day_first, day_last):
    """Whether spans overlap; works on ints and element-wise on numpy arrays alike."""
    return (first <= day_last) & (last >= day_first)


_WINDOW = re.compile(r"([1-9][0-9]{0,3})([dwmy])")


def parse_window(window: str) -> tuple[int, str]:
    """`12m` -> (12, "m"): a look-back of days (d), weeks (w), months (m) or years (y)."""
    match = _WINDOW.fullmatch(window.strip().lower())
    if not match:
        raise UsageError(f"Bad window '{window}': use a number and d, w, m or y (e.g. 30d, 12m, 2y).")
    return int(match.group(1)), match.group(2)


def _months_back(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class Moment:
    """A day (or a partial date's period) to ask "what held then?", with an event window.

    `states` is the span a standing relation must overlap; `events` the span an event must
    overlap: the same period, or with a window the `window` up to its last day.
    """

    as_of: str
    window: str | None = None
    states: Span = field(init=False)
    events: Span = field(init=False)

    def __post_init__(self) -> None:
        try:
            first, last = date_bounds(self.as_of)
        except ValueError:
            raise UsageError(f"Bad date '{self.as_of}': use YYYY, YYYY-MM or YYYY-MM-DD.") from None
        object.__setattr__(self, "states", (first.toordinal(), last.toordinal()))
        events_first = first
        if self.window:
            count, unit = parse_window(self.window)
            if unit in "dw":
                events_first = last - dt.timedelta(days=count * (7 if unit == "w" else 1) - 1)
            else:
                events_first = _months_back(last, count * (12 if unit == "y" else 1)) + dt.timedelta(days=1)
            events_first = min(events_first, first)
        object.__setattr__(self, "events", (events_first.toordinal(), last.toordinal()))

    def holds(self, start: str, end: str, temporal: str) -> bool:
        """Whether a relation with these dates held at this moment (events within the window)."""
        first, last = span(start, end, temporal)
        day_first, day_last = self.events if temporal == EVENT else self.states
        return bool(overlaps(first, last, day_first, day_last))

    def describe(self) -> str:
        return f"as of {self.as_of}" + (f", events within {self.window} before" if self.window else "")


# --- how a relation reads, how well it is sourced ------------------------------------------


def polarity_of(data: dict) -> str:
    """An edge's polarity name (cooperative, hostile, neutral, rivalry...): its relation type's in the vocabulary.

    A graph built by hand without a known `relation` reads its `polarity` sign instead.
    """
    rtype = vocabulary().relations.get(data.get("relation", ""))
    return rtype.polarity_name if rtype is not None else POLARITY_NAMES[data["polarity"]]


RELIABILITY_GRADES = "ABCDEF"
"""The Admiralty code's source reliability, best first (F: reliability cannot be judged)."""


def reliability_at_least(grade: str, floor: str) -> bool:
    """Whether a source graded `grade` is at least as reliable as `floor`; ungraded and F never are.

    >>> reliability_at_least("A", "B"), reliability_at_least("C", "B"), reliability_at_least("", "E")
    (True, False, False)
    """
    if floor not in RELIABILITY_GRADES[:-1]:
        raise UsageError(f"Bad reliability '{floor}': use one of A, B, C, D, E (F means it cannot be judged).")
    return bool(grade) and grade in RELIABILITY_GRADES[:-1] and grade <= floor


def corroboration_of(data: dict) -> int:
    """How many independent documents state an edge's relation (graphkit.provenance); 1 when not worked out."""
    return data.get("corroboration", 1)


# --- the filter every query uses -----------------------------------------------------------


@dataclass(frozen=True)
class EdgeFilter:
    """Which relations a query, page, report or export counts.

    By default: every relation type and polarity, the certainty levels that count
    (`counted_levels`), any date, any claimant. `as_of` keeps only relations that held on
    that day (`Moment`); `window` widens it for events; `claimants` keeps only relations
    claimed by those actor ids or claimant labels (empty: any, stated facts included).
    """

    relations: frozenset[str] = frozenset()
    exclude_relations: frozenset[str] = frozenset()
    polarity: str | None = None  # a [polarity] name in vocab.toml: "cooperative" | "hostile" | "neutral" | ...
    certainties: frozenset[str] = field(default_factory=counted_levels)
    as_of: str | None = None
    window: str | None = None
    min_sources: int = 1  # at least this many independent documents state it (`corroboration`)
    min_reliability: str | None = None  # its source graded at least this (A best); ungraded sources fail
    claimants: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.min_sources < 1:
            raise UsageError(f"--min-sources must be at least 1, not {self.min_sources}.")
        if self.min_reliability is not None:
            reliability_at_least("", self.min_reliability)  # refuses a bad grade now, not per relation
        if self.window and not self.as_of:
            raise UsageError("--window needs --as-of: it is the look-back for events up to that day.")
        if self.as_of:
            object.__setattr__(self, "_moment", Moment(self.as_of, self.window))

    @property
    def moment(self) -> Moment | None:
        return getattr(self, "_moment", None)

    def describe(self) -> str:
        """The active filters in words, for messages such as 'no connection (filters: ...)'."""
        parts = []
        if self.relations:
            parts.append("relation " + "|".join(sorted(self.relations)))
        if self.exclude_relations:
            parts.append("not " + "|".join(sorted(self.exclude_relations)))
        if self.polarity:
            parts.append(f"polarity {self.polarity}")
        parts.append(describe_levels(self.certainties))
        if self.min_sources > 1:
            parts.append(f"stated by at least {self.min_sources} independent documents")
        if self.min_reliability:
            parts.append(f"source reliability {self.min_reliability} or better")
        if self.claimants:
            parts.append("claimed by " + "|".join(sorted(self.claimants)))
        if self.moment:
            parts.append(self.moment.describe())
        return ", ".join(parts)

    @property
    def reads(self) -> tuple[str, ...]:
        """The relation attributes `accepts` reads with these settings: relations alike in them are judged alike."""
        names = ["relation", "certainty"]
        if self.polarity:
            names.append("polarity")  # `polarity_of` reads it for a relation type the vocabulary lacks
        if self.min_sources > 1:
            names.append("corroboration")
        if self.min_reliability:
            names.append("source_reliability")
        if self.claimants:
            names.append("claimant")
        if self.moment is not None:
            names += ["start", "end", "temporal"]
        return tuple(names)

    def accepts(self, data: dict) -> bool:
        """Whether one relation (its edge attributes in the graph) passes. Reads only `reads`."""
        relation = data["relation"]
        if self.relations and relation not in self.relations:
            return False
        if relation in self.exclude_relations:
            return False
        if self.polarity and polarity_of(data) != self.polarity:
            return False
        if data["certainty"] not in self.certainties:
            return False
        if self.min_sources > 1 and corroboration_of(data) < self.min_sources:
            return False
        if self.min_reliability and not reliability_at_least(data.get("source_reliability", ""), self.min_reliability):
            return False
        if self.claimants and data.get("claimant", "") not in self.claimants:
            return False
        moment = self.moment
        return moment is None or moment.holds(data["start"], data["end"], temporal_in(data))

    def widened(self) -> EdgeFilter:
        """The same filter counting every certainty level (for pages that let the reader widen)."""
        return replace(self, certainties=every_level())


def temporal_in(data: dict) -> str:
    """An edge's `temporal` attribute; a graph built by hand without one reads as standing relations."""
    return data.get("temporal", STATE)
