"""Query results for people and scripts: `emit` renders any result as text, JSON or CSV.

Text is written here, one function per result type (`text`); JSON is the result's
`as_json()`, CSV its `table()` (columns and rows), both through graphkit.output's one
writer each, so no command repeats the switch between formats. Every value from the
dataset goes through `printable` before it is styled, so a name or a quote can never send
the terminal an escape sequence; the styles are the only ones.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

from graphkit.candidates import ActorCandidates
from graphkit.output import to_csv, to_json
from graphkit.query import Dossier, Hop, Neighbors, Paths, SearchResult, Timeline
from graphkit.questions import Between, Brief, Changes, Common, Stances, likelihood
from graphkit.rules import ENDED_UNKNOWN, EVENT
from graphkit.text import printable

Label = Callable[[str], str]


def emit(result, fmt: str, label: Label) -> str:
    """The result as `fmt`: "json" (its `as_json()`), "csv" (its `table()`) or "text" (`text`)."""
    if fmt == "json":
        return to_json(result.as_json())
    if fmt == "csv":
        columns, rows = result.table()
        return to_csv(columns, rows)
    return text(result, label)


@functools.singledispatch
def text(result, label: Label) -> str:
    """A result as text for the terminal; each result type registers its own."""
    raise TypeError(f"no text rendering for {type(result).__name__}")


def dates(start: str, end: str, temporal: str = "state") -> str:
    """'2003 – 2025-04-17', 'from 2025-07-03', 'until 2005', 'on 2024-03' or '' for an undated relation.

    An event with a start happened then ('on'); a state with a start still holds ('from').
    """
    if end == ENDED_UNKNOWN:
        return f"{start} – ended, date unknown" if start else "ended, date unknown"
    if start and end:
        return start if start == end else f"{start} – {end}"
    if start:
        return f"on {start}" if temporal == EVENT else f"from {start}"
    if end:
        return f"until {end}"
    return ""


def arrow(hop: Hop, label: Label) -> str:
    """'Russia —recognizes→ Taliban' from the focal actor, reversed for a relation curated the other way."""
    relation = click.style(printable(hop.relation), bold=True)
    a, b = printable(label(hop.focal)), printable(label(hop.other))
    if hop.direction == "forward":
        return f"{a} —{relation}→ {b}"
    if hop.direction == "backward":
        return f"{a} ←{relation}— {b}"
    return f"{a} —{relation}— {b}"


_CERTAINTY_COLOURS = {
    "confirmed": "green",
    "reported": "cyan",
    "alleged": "yellow",
    "proposed": "blue",
    "denied": "red",
}


def claimed_by(claimant: str, label: Label | None = None) -> str:
    """'claimed by Tajikistan' (an actor's name) or 'claimed by author' (a claimant label); '' if none."""
    if not claimant:
        return ""
    try:
        name = label(claimant) if label else claimant
    except KeyError:  # a claimant label, not an actor id
        name = claimant
    return printable(f"claimed by {name}")


def evidence(hop: Hop, indent: str = "   ", label: Label | None = None) -> list[str]:
    """The lines that show where a relation comes from: dates, certainty, claimant, source and quote."""
    certainty = click.style(printable(hop.certainty), fg=_CERTAINTY_COLOURS.get(hop.certainty))
    when = printable(dates(hop.start, hop.end, hop.temporal))
    claimant = claimed_by(hop.claimant, label)
    meta = "  ".join(
        part
        for part in (when, certainty, claimant, f"[{printable(hop.source_doc)}]", printable(hop.relation_id))
        if part
    )
    grades = [f"source graded {hop.source_reliability}"] if hop.source_reliability else []
    grades += [f"credibility {hop.credibility}"] if hop.credibility else []
    if hop.corroboration > 1:
        grades.append(f"stated by {hop.corroboration} independent documents ({', '.join(hop.corroborated_by)})")
    if grades:
        meta += "  " + printable("; ".join(grades))
    lines = [f"{indent}{meta}", f"{indent}“{printable(hop.quote)}”"]
    if hop.note:
        lines.append(f"{indent}note: {printable(hop.note)}")
    return lines


@text.register
def path_text(result: Paths, label: Label) -> str:
    found = result.found
    out = []
    for number, hops in enumerate(found, 1):
        names = [printable(label(hops[0].focal))] + [printable(label(h.other)) for h in hops]
        heading = f"Path {number} of {len(found)}: " + " → ".join(names) + f" ({len(hops)} hop{'s' * (len(hops) != 1)})"
        out.append(click.style(heading, bold=True))
        for index, hop in enumerate(hops, 1):
            out.append(f"  {index}. {arrow(hop, label)}")
            out.extend(evidence(hop, "     ", label))
            if hop.alternatives:
                out.append(f"     (+{hop.alternatives} more relation{'s' * (hop.alternatives != 1)} between these two)")
        out.append("")
    return "\n".join(out)


@text.register
def neighbors_text(result: Neighbors, label: Label) -> str:
    """One block per relation, like `path`: the arrow between names, the neighbour's kind, then the evidence."""
    if not result.found:
        return f"{label(result.actor)} has no relations matching the filters ({result.counted}).\n"
    out = []
    for n in result.found:
        depth = f"  (depth {n.depth}, via {label(n.via)})" if n.depth > 1 else ""
        out.append(f"{arrow(n.hop, label)}  [{n.kind}]{depth}")
        out.extend(evidence(n.hop, "   ", label))
    return "\n".join(out) + "\n"


@text.register
def dossier_text(d: Dossier, label: Label) -> str:
    out = [click.style(printable(d.name), bold=True) + printable(f"  ({d.id}, {d.kind})")]
    if d.aliases:
        out.append("Also: " + printable(", ".join(d.aliases)))
    if d.description:
        out.append(printable(d.description))
    if d.ranks:
        ranked = ", ".join(f"{measure} #{rank} ({value:.3g})" for measure, (rank, value) in d.ranks.items())
        out.append(f"Rank among {d.actors} actors (all counted relations): {ranked}")
    shown = f"{len(d.relations)} relation{'s' * (len(d.relations) != 1)} ({d.counted})"
    if d.beyond_limit:
        shown += f"; {d.beyond_limit} more counted beyond --limit (the best evidence is shown)"
    if d.left_out:
        shown += f"; {d.left_out} more not counted (widen with --include-proposed, --include-denied)"
    out.append(shown)
    group = None
    for hop in d.relations:
        if (hop.relation, hop.direction) != group:
            group = (hop.relation, hop.direction)
            way = {"forward": "→", "backward": "←", "symmetric": "—"}[hop.direction]
            out.append("")
            out.append(click.style(f"{printable(hop.relation)} {way}", bold=True))
        out.append(f"  {arrow(hop, label)}")
        out.extend(evidence(hop, "    ", label))
    return "\n".join(out) + "\n"


@text.register
def search_text(result: SearchResult, label: Label) -> str:
    out = [click.style(f"Actors ({len(result.actors)})", bold=True)]
    out += [
        printable(f"  {a['id']:<28} {a['name']}  [{a['kind']}]  matched: {', '.join(a['matched'])}")
        for a in result.actors
    ]
    out.append(click.style(f"Relations ({len(result.relations)})", bold=True))
    for hop in result.relations:
        out.append(f"  {arrow(hop, label)}")
        out.extend(evidence(hop, "    ", label))
    return "\n".join(out) + "\n"


@text.register
def timeline_text(result: Timeline, label: Label) -> str:
    hops = result.hops
    out = []
    undated_started = False
    for hop in hops:
        when = printable(dates(hop.start, hop.end, hop.temporal))
        if not when and not undated_started:
            undated_started = True
            out.append(click.style("Undated", bold=True))
        certainty = click.style(printable(hop.certainty), fg=_CERTAINTY_COLOURS.get(hop.certainty))
        claimant = f"  {claimed_by(hop.claimant, label)}" if hop.claimant else ""
        out.append(
            f"{when:<26} {arrow(hop, label)}  {certainty}{claimant}  "
            + printable(f"[{hop.source_doc}] {hop.relation_id}")
        )
    return "\n".join(out) + "\n"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    rows = [tuple(map(printable, row)) for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


# --- the questions (graphkit.questions) ----------------------------------------------------

_STANCE_COLOURS = {"friend": "green", "enemy": "red", "mixed": "yellow", "neutral": None, "none": None}


def _stance(name: str) -> str:
    return click.style(name, fg=_STANCE_COLOURS.get(name), bold=True)


def _period(first: str, last: str) -> str:
    if first and last:
        return first if first == last else f"{first} – {last}"
    if first:
        return f"from {first}"
    return f"until {last}" if last else "always"


@text.register
def between_text(result: Between, label: Label) -> str:
    a, b = label(result.a), label(result.b)
    count = len(result.relations)
    out = [
        click.style(f"{a} and {b}: {count} relation{'s' * (count != 1)}", bold=True)
        + f", overall {_stance(result.stance)}  ({result.counted})",
        "",
        click.style("Stance by period (dated relations that hold throughout)", bold=True),
    ]
    if not result.periods:
        out.append("  (no dated relation holds on any known day)")
    for p in result.periods:
        counts = f"+{p.cooperative} −{p.hostile} ={p.neutral}"
        out.append(f"  {_period(p.first, p.last):<27} {_stance(p.stance):<7}  {counts}  {', '.join(p.relations)}")
    out += ["", click.style("Relations, dated in date order, then undated", bold=True)]
    for hop in result.relations:
        out.append(f"  {arrow(hop, label)}")
        out.extend(evidence(hop, "    ", label))
    return "\n".join(out) + "\n"


def _side(hop: Hop | None, label: Label) -> str:
    if hop is None:
        return ""
    when = dates(hop.start, hop.end, hop.temporal)
    return f"{hop.relation} {hop.certainty}{' ' + when if when else ''} [{hop.relation_id}]"


@text.register
def stances_text(result: Stances, label: Label) -> str:
    when = f"as of {result.as_of}" if result.as_of else "every counted relation, dated or not"
    since = f"changed: the stance differs from {result.since}'s" if result.since else "changed: nothing is dated"
    out = [
        click.style(f"{label(result.actor)}: stance towards {len(result.counterparts)} actors", bold=True)
        + f" ({when}; {since})",
        f"  ({result.counted})",
    ]
    header = ("stance", "counterpart", "+", "−", "=", "was", "strongest cooperative", "strongest hostile")
    rows = [
        (
            c.stance + (" *" if c.changed else ""),
            c.name,
            str(c.cooperative),
            str(c.hostile),
            str(c.neutral),
            c.was,
            _side(c.best_cooperative, label),
            _side(c.best_hostile, label),
        )
        for c in result.counterparts
    ]
    return "\n".join(out) + "\n" + _table(header, rows) + "(* changed in the year before)\n"


@text.register
def common_text(result: Common, label: Label) -> str:
    a, b = label(result.a), label(result.b)
    count = len(result.shared)
    out = [click.style(f"{count} actor{'s' * (count != 1)} related to both {a} and {b}", bold=True)]
    out.append(f"  ({result.counted_a})" if result.counted_a == result.counted_b else f"  ({a}: {result.counted_a})")
    if result.counted_a != result.counted_b:
        out.append(f"  ({b}: {result.counted_b})")
    for shared in result.shared:
        out.append("")
        out.append(
            click.style(shared.name, bold=True)
            + f"  [{shared.kind}]  {_stance(shared.stance_a)} of {a}, {_stance(shared.stance_b)} of {b}"
        )
        for hop in (*shared.with_a, *shared.with_b):
            out.append(f"  {arrow(hop, label)}")
            out.extend(evidence(hop, "    ", label))
    return "\n".join(out) + "\n"


@text.register
def changes_text(result: Changes, label: Label) -> str:
    who = f" for {label(result.actor)}" if result.actor else ""
    out = [click.style(f"Changes{who} from {result.first} to {result.last}", bold=True), f"  ({result.counted})"]
    for title, hops in (("Began", result.began), ("Ended", result.ended)):
        out += ["", click.style(f"{title} ({len(hops)})", bold=True)]
        for hop in hops:
            out.append(f"  {arrow(hop, label)}")
            out.extend(evidence(hop, "    ", label))
    out += ["", click.style(f"Stance changed ({len(result.stances)})", bold=True)]
    for s in result.stances:
        ids = ", ".join(s.relations_now) or "nothing holds"
        out.append(f"  {label(s.a)} – {label(s.b)}: {s.was} → {_stance(s.now)}  (now: {ids})")
    out += ["", click.style(f"Centrality rank moved ({len(result.ranks)})", bold=True)]
    for r in result.ranks:
        gained = f"gained {', '.join(r.gained)}" if r.gained else ""
        lost = f"lost {', '.join(r.lost)}" if r.lost else ""
        why = "; ".join(part for part in (gained, lost) if part) or "its own relations unchanged"
        out.append(f"  {label(r.actor)}: {r.measure} #{r.rank_then} → #{r.rank_now}  ({why})")
    return "\n".join(out) + "\n"


def _cite(hop: Hop, label: Label, with_dates: bool = True) -> str:
    """A claim as the brief writes it: certainty word, who does what to whom as curated, when, quote, citation."""
    from graphkit.vocab import vocabulary

    when = dates(hop.start, hop.end, hop.temporal) if with_dates else ""
    when = f", {when}" if when else ""
    title = hop.source_title or hop.source_doc
    relation = vocabulary().relations[hop.relation].label
    return (
        f"{likelihood(hop.certainty)}: {label(hop.source)} *{relation}* {label(hop.target)}{when}: "
        f"“{hop.quote}” ({title}, {hop.relation_id})"
    )


@text.register
def brief_markdown(result: Brief, label: Label) -> str:
    """One page of Markdown: who, counterparts by stance, timeline, ranks, recent changes, contested claims."""
    from graphkit.vocab import vocabulary

    out = [f"# {result.name}", ""]
    about = f"*{result.kind.replace('_', ' ')}*"
    if result.aliases:
        about += f"; also {', '.join(result.aliases)}"
    out += [about + ".", ""]
    if result.description:
        out += [result.description, ""]
    levels = vocabulary().certainty
    used = sorted({h.certainty for h in _cited(result)}, key=lambda c: -levels[c].rank)
    out.append(
        "Counted: "
        + result.counted
        + ". Certainty words are the dataset's levels: "
        + "; ".join(f"*{likelihood(c)}*: {levels[c].description.rstrip('.')}" for c in used)
        + "."
    )
    out += ["", "## Counterparts by stance", ""]
    for name in ("friend", "enemy", "mixed", "neutral"):
        rows = [c for c in result.stances.counterparts if c.stance == name]
        if not rows:
            continue
        out.append({"friend": "**Friends**", "enemy": "**Enemies**"}.get(name, f"**{name.capitalize()}**"))
        out.append("")
        for c in rows:
            changed = f"; was {c.was} a year before" if c.changed else ""
            counts = f"{c.cooperative} cooperative, {c.hostile} hostile, {c.neutral} neutral"
            out.append(f"- **{c.name}** ({counts}{changed})")
            for hop in (c.best_cooperative, c.best_hostile):
                if hop:
                    out.append(f"  - {_cite(hop, label)}")
        out.append("")
    out += ["## Timeline", ""]
    timeline = [f"- {dates(h.start, h.end, h.temporal)}: {_cite(h, label, False)}" for h in result.timeline]
    out += timeline or ["- (nothing dated)"]
    out += ["", "## Ranks", ""]
    if result.ranks:
        ranked = ", ".join(f"{m} #{r}" for m, (r, _) in result.ranks.items())
        out.append(f"Among {result.actors} actors, on all counted relations: {ranked}.")
    else:
        out.append("(not computed)")
    out += ["", "## What changed recently", ""]
    recent = result.recent
    if recent is None:
        out.append("- (nothing is dated)")
    else:
        out.append(f"From {recent.first} to {recent.last}:")
        out.append("")
        out += [f"- Began: {_cite(h, label)}" for h in recent.began]
        out += [f"- Ended: {_cite(h, label)}" for h in recent.ended]
        out += [
            f"- Stance with {label(s.b if s.a == result.id else s.a)}: {s.was} → {s.now} ({', '.join(s.relations_now)})"
            for s in recent.stances
            if {s.was, s.now} & {"friend", "enemy", "mixed"} and s.now != "none"
        ]
        if not (recent.began or recent.ended or recent.stances):
            out.append("- No dated relation began or ended, and no stance changed.")
    out += ["", "## Contested claims", ""]
    out += [f"- {_cite(h, label)}" for h in result.contested] or ["- (none)"]
    out += ["", "## Sources", ""]
    out += [f"- {title or doc} (`{doc}`)" for doc, title in result.sources.items()]
    return "\n".join(out) + "\n"


def _cited(result: Brief) -> list[Hop]:
    hops = [h for c in result.stances.counterparts for h in (c.best_cooperative, c.best_hostile) if h]
    hops += result.timeline + result.contested
    if result.recent:
        hops += result.recent.began + result.recent.ended
    return hops


@text.register
def candidates_text(result: ActorCandidates, label: Label) -> str:
    """The candidates for the terminal: name, count, how found, the command that adds it, the sentences."""
    if not result.candidates:
        return printable(f"{result.source_doc}: every name the document uses is an actor already.\n")
    out = [
        click.style(
            printable(f"{result.source_doc}: {len(result.candidates)} name(s) that are no actor yet"), bold=True
        )
    ]
    for number, c in enumerate(result.candidates, 1):
        also = f", also {', '.join(c.aliases)}" if c.aliases else ""
        kind = c.kind or "kind?"
        uses = f"{c.count} use{'s' * (c.count != 1)}"
        out.append("")
        out.append(click.style(printable(f"{number}. {c.name}"), bold=True) + printable(f"  ({kind}{also}; {uses})"))
        out.append(printable(f"   {c.why}"))
        if c.command(result.data):
            out.append(printable(f"   {c.command(result.data)}"))
        out += [printable(f"   - {sentence}") for sentence in c.sentences]
    return "\n".join(out) + "\n"


def contradictions_text(found, label: Label) -> str:
    """Each contradiction (graphkit.analysis.contradictions) as a heading line, then its claims and quotes."""
    if not found:
        return "No contradictions among the relations that count.\n"
    lines = []
    for item in found:
        head = f"{item.kind.capitalize()}: {label(item.a)} – {label(item.b)}"
        if item.first or item.last:
            head += f" (held together {item.first or '…'} – {item.last or 'still'})"
        lines.append(click.style(head, bold=True))
        for c in item.claims:
            when = dates(c.start, c.end, c.temporal)
            claimant = f"claimant {c.claimant}" if c.claimant else ""
            link = f"—{c.relation}→" if c.directed else f"—{c.relation}—"
            parts = (c.relation_id, f"{label(c.source)} {link} {label(c.target)}", when, c.certainty)
            meta = "  ".join(p for p in (*parts, f"[{c.source_doc}]", claimant) if p)
            lines += [printable(f"   {meta}"), f"   “{printable(c.quote)}”"]
        lines.append("")
    kinds = {}
    for item in found:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    lines.append(f"{len(found)} contradiction(s): " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    return "\n".join(lines) + "\n"
