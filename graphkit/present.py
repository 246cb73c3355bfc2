"""Query results as aligned text for the terminal (JSON and CSV come from graphkit.output)."""

from __future__ import annotations

from collections.abc import Callable

import click

from graphkit.query import Dossier, Hop, Neighbor, SearchResult
from graphkit.rules import ENDED_UNKNOWN, EVENT

Label = Callable[[str], str]


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
    """'Russia —recognizes→ Taliban', reversed for a relation curated the other way."""
    relation = click.style(hop.relation, bold=True)
    a, b = label(hop.source), label(hop.target)
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


def evidence(hop: Hop, indent: str = "   ") -> list[str]:
    """The lines that show where a relation comes from: dates, certainty, source and quote."""
    certainty = click.style(hop.certainty, fg=_CERTAINTY_COLOURS.get(hop.certainty))
    when = dates(hop.start, hop.end, hop.temporal)
    meta = "  ".join(part for part in (when, certainty, f"[{hop.source_doc}]", hop.relation_id) if part)
    lines = [f"{indent}{meta}", f"{indent}“{hop.quote}”"]
    if hop.note:
        lines.append(f"{indent}note: {hop.note}")
    return lines


def path_text(found: list[list[Hop]], label: Label) -> str:
    out = []
    for number, hops in enumerate(found, 1):
        names = [label(hops[0].source)] + [label(h.target) for h in hops]
        heading = f"Path {number} of {len(found)}: " + " → ".join(names) + f" ({len(hops)} hop{'s' * (len(hops) != 1)})"
        out.append(click.style(heading, bold=True))
        for index, hop in enumerate(hops, 1):
            out.append(f"  {index}. {arrow(hop, label)}")
            out.extend(evidence(hop, "     "))
            if hop.alternatives:
                out.append(f"     (+{hop.alternatives} more relation{'s' * (hop.alternatives != 1)} between these two)")
        out.append("")
    return "\n".join(out)


def neighbors_text(found: list[Neighbor], label: Label) -> str:
    if not found:
        return ""
    rows = [
        (
            str(n.depth),
            n.id,
            n.kind,
            n.hop.relation,
            n.hop.direction,
            dates(n.hop.start, n.hop.end, n.hop.temporal),
            n.hop.certainty,
            n.hop.source_doc,
            n.via,
        )
        for n in found
    ]
    header = ("depth", "id", "kind", "relation", "direction", "dates", "certainty", "source", "via")
    return _table(header, rows)


def dossier_text(d: Dossier, label: Label) -> str:
    out = [click.style(f"{d.name}", bold=True) + f"  ({d.id}, {d.kind})"]
    if d.aliases:
        out.append("Also: " + ", ".join(d.aliases))
    if d.description:
        out.append(d.description)
    if d.ranks:
        ranked = ", ".join(f"{measure} #{rank} ({value:.3g})" for measure, (rank, value) in d.ranks.items())
        out.append(f"Rank among {d.actors} actors (all counted relations): {ranked}")
    shown = f"{len(d.relations)} relation{'s' * (len(d.relations) != 1)} ({d.counted})"
    if d.left_out:
        shown += f"; {d.left_out} more not counted (widen with --include-proposed, --include-denied)"
    out.append(shown)
    group = None
    for hop in d.relations:
        if (hop.relation, hop.direction) != group:
            group = (hop.relation, hop.direction)
            way = {"forward": "→", "backward": "←", "symmetric": "—"}[hop.direction]
            out.append("")
            out.append(click.style(f"{hop.relation} {way}", bold=True))
        out.append(f"  {arrow(hop, label)}")
        out.extend(evidence(hop, "    "))
    return "\n".join(out) + "\n"


def search_text(result: SearchResult, label: Label) -> str:
    out = [click.style(f"Actors ({len(result.actors)})", bold=True)]
    out += [f"  {a['id']:<28} {a['name']}  [{a['kind']}]  matched: {', '.join(a['matched'])}" for a in result.actors]
    out.append(click.style(f"Relations ({len(result.relations)})", bold=True))
    for hop in result.relations:
        out.append(f"  {arrow(hop, label)}")
        out.extend(evidence(hop, "    "))
    return "\n".join(out) + "\n"


def timeline_text(hops: list[Hop], label: Label) -> str:
    out = []
    undated_started = False
    for hop in hops:
        when = dates(hop.start, hop.end, hop.temporal)
        if not when and not undated_started:
            undated_started = True
            out.append(click.style("Undated", bold=True))
        certainty = click.style(hop.certainty, fg=_CERTAINTY_COLOURS.get(hop.certainty))
        out.append(f"{when:<26} {arrow(hop, label)}  {certainty}  [{hop.source_doc}] {hop.relation_id}")
    return "\n".join(out) + "\n"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


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
            lines += [f"   {meta}", f"   “{c.quote}”"]
        lines.append("")
    kinds = {}
    for item in found:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    lines.append(f"{len(found)} contradiction(s): " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    return "\n".join(lines) + "\n"
