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

    A state's governments are listed by the names they go by (states.toml), each with the
    partial date in which it took over (`since`) and, if it has ended, the one in which it
    fell (`until`), as precise as the sources give them. `when` counts for a government only
    if it lies wholly between the two, so a date inside a change ("2021" or "2021-08" for
    Afghanistan) names no one, nor does a date in no listed period. No date ("") means
    today's government, the one with no end. The actor is the one whose name or alias is
    one of the government's names.
    """
    entry = states().get(state, {})
    first, last = (_day(when, False), _day(when, True)) if when else (dt.date.max, dt.date.max)
    if first is None or last is None:
        return ""
    owners = {name_key(form): a.id for a in actors for form in (a.name, *a.aliases)}
    for period in entry.get("governments", []):
        took_over = _day(period.get("since", ""), True)
        fell = _day(period.get("until", ""), False)
        if (took_over is None or took_over < first) and (fell is None or last < fell):
            return next((owners[name_key(n)] for n in period["names"] if name_key(n) in owners), "")
    return ""
