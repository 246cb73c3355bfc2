"""States, their capitals, demonyms and governments by date (graphkit/states.toml).

The curation rules fold a state's capital and demonym into the state ("Dushanbe" ->
tajikistan), and read a state that has changed hands by date: "Afghanistan" or "Kabul"
as a government is the Taliban's Islamic Emirate after August 2021 and the Islamic
Republic before (data/README.md, "Kabul and Afghanistan"). This module is where that
reading lives; `actors candidates` and `suggest` use it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from importlib.resources import files

from graphkit.dates import date_bounds
from graphkit.model import Actor
from graphkit.text import name_key


@cache
def states() -> dict[str, dict]:
    """graphkit/states.toml: state id -> its name, capital, demonyms and governments."""
    return tomllib.loads(files("graphkit").joinpath("states.toml").read_text(encoding="utf-8"))


def _day(value: str, last: bool) -> dt.date | None:
    try:
        return date_bounds(value)[1 if last else 0] if value else None
    except ValueError:
        return None


def government(state: str, when: str, actors: tuple[Actor, ...] | list[Actor]) -> str:
    """The actor (of `actors`) that governed `state` throughout the partial date `when`, or "".

    A state's governments are listed by the names they go by (states.toml); the actor is the
    one whose name or alias is one of them. No date ("") means today's government, the one
    with no end. A date that straddles a change of government ("2021" for Afghanistan) or
    falls in no listed period names no one.
    """
    entry = states().get(state, {})
    first, last = (_day(when, False), _day(when, True)) if when else (dt.date.max, dt.date.max)
    if first is None or last is None:
        return ""
    owners = {name_key(form): a.id for a in actors for form in (a.name, *a.aliases)}
    for period in entry.get("governments", []):
        since = _day(period.get("since", ""), False) or dt.date.min
        until = _day(period.get("until", ""), False)
        if since <= first and (until is None or last < until):
            return next((owners[name_key(n)] for n in period["names"] if name_key(n) in owners), "")
    return ""
