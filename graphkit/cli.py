"""The `graphkit` command: thin click commands over the library.

Library errors (GraphkitError) become one `Error: ...` line on stderr here, in one place.
"""

from __future__ import annotations

import functools
import gc
import sys

import click

from graphkit.dates import date_bounds
from graphkit.errors import GraphkitError, ValidationFailed
from graphkit.output import FORMATS
from graphkit.vocab import vocabulary

# graphkit.export.FORMATS, repeated so that queries need not import the exporters (a test checks).
EXPORT_FORMATS = ("gexf", "graphml", "json", "csv", "cypher", "graphology", "neo4j-csv")


# --- options the commands share ---------------------------------------------------------------

_RELATIONS = list(vocabulary().relations)
_LEVELS = [c for c in vocabulary().certainty_order() if c != "denied"]
_DEFAULT_LEVELS = ", ".join(c for c in vocabulary().certainty_order() if vocabulary().certainty[c].counts)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        date_bounds(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


def _check_window(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from graphkit.rules import parse_window

    try:
        parse_window(value)
    except GraphkitError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def certainty_options(command):
    """--min-certainty, --include-proposed, --include-denied: the certainty levels that count.

    The command receives them as one `certainties` argument (graphkit.rules.certainty_levels).
    """
    options = [
        click.option(
            "--min-certainty",
            type=click.Choice(_LEVELS),
            help="Weakest certainty that counts (" + " > ".join(_LEVELS) + "); default: " + _DEFAULT_LEVELS + ".",
        ),
        click.option("--include-proposed", is_flag=True, help="Count proposed relations too (plans, hypotheses)."),
        click.option("--include-denied", is_flag=True, help="Count denied relations too."),
    ]

    @functools.wraps(command)
    def run(*args, min_certainty, include_proposed, include_denied, **kwargs):
        from graphkit.rules import certainty_levels

        levels = certainty_levels(min_certainty, include_proposed=include_proposed, include_denied=include_denied)
        return command(*args, certainties=levels, **kwargs)

    for option in reversed(options):
        run = option(run)
    return run


def filter_options(command):
    """The options every query shares for choosing which relations count, as one `edge_filter` argument."""
    options = [
        click.option(
            "--relation",
            "relations",
            multiple=True,
            type=click.Choice(_RELATIONS),
            help="Only these relation types (repeatable).",
        ),
        click.option(
            "--exclude-relation",
            "exclude",
            multiple=True,
            type=click.Choice(_RELATIONS),
            help="Not these relation types (repeatable).",
        ),
        click.option(
            "--polarity",
            type=click.Choice(list(vocabulary().polarity)),
            help="Only relations of this polarity (rivalry: competition, kept apart from hostility).",
        ),
        click.option(
            "--min-sources",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Only relations stated by at least N independent documents (different author or outlet).",
        ),
        click.option(
            "--min-reliability",
            type=click.Choice(list("ABCDE")),
            help="Only relations whose source is graded this reliable or better (sources.csv, A best); "
            "ungraded sources are left out.",
        ),
        click.option(
            "--as-of",
            callback=_check_date,
            metavar="DATE",
            help="Only relations that held on DATE: standing relations within their dates, events in their period.",
        ),
        click.option(
            "--window",
            callback=_check_window,
            metavar="SPAN",
            help="With --as-of: also events in the SPAN up to DATE (e.g. 30d, 12m, 2y).",
        ),
    ]

    @functools.wraps(command)
    def run(*args, relations, exclude, polarity, min_sources, min_reliability, certainties, as_of, window, **kwargs):
        from graphkit.rules import EdgeFilter

        edge_filter = EdgeFilter(
            frozenset(relations),
            frozenset(exclude),
            polarity,
            certainties,
            as_of,
            window,
            min_sources=min_sources,
            min_reliability=min_reliability,
        )
        return command(*args, edge_filter=edge_filter, **kwargs)

    for option in reversed(options):
        run = option(run)
    return certainty_options(run)


def format_option(command):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Text for people, JSON or CSV for scripts.",
    )(command)


class _Group(click.Group):
    """Turns GraphkitError into a one-line message and its exit code; never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            for issue in exc.issues:
                click.echo(str(issue))
            click.echo(f"Error: {len(exc.issues)} problem(s) in the dataset; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except GraphkitError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data_dir",
    envvar="GRAPHKIT_DATA",
    type=click.Path(file_okay=False, path_type=str),
    help="Dataset directory (actors.csv, relations.csv, sources.csv). Default: $GRAPHKIT_DATA, else the bundled data.",
)
@click.version_option(package_name="graphkit")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None) -> None:
    """Explore who does what to whom around Afghanistan, with the evidence for every edge.

    \b
    Example:
      graphkit validate
      graphkit --data my_dataset/ validate
    """
    ctx.obj = data_dir


@main.command()
@click.pass_obj
def validate(data_dir: str | None) -> None:
    """Check the dataset: every problem on its own line as file:line: field: message.

    Exits 0 with a one-line summary when the data is valid, 1 otherwise.

    \b
    Example:
      graphkit validate
    """
    from graphkit.validate import load

    dataset = load(data_dir)
    click.echo(f"OK: {dataset.summary()}")


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="out",
    show_default=True,
    help="Directory to write into.",
)
@click.pass_obj
def build(data_dir: str | None, out_dir: str) -> None:
    """The main job: validate, build the graph, write the explorer and the analysis report.

    Writes OUT/graph.html (the interactive explorer: open it in any browser, offline) and
    OUT/report/ (report.md, centrality.csv and PNG charts), and prints the graph's shape.

    \b
    Example:
      graphkit build --out out/
    """
    from pathlib import Path

    import networkx as nx

    from graphkit.analysis.projections import unchanged
    from graphkit.cache import load_graph
    from graphkit.render.html import write_html
    from graphkit.report import write_report

    loaded = load_graph(data_dir)
    graph = loaded.graph
    undirected = nx.Graph(graph)
    components = nx.number_connected_components(undirected)
    degree = sorted(graph.degree(), key=lambda nd: (-nd[1], nd[0]))[:5]
    click.echo(f"OK: {loaded.summary}")
    click.echo(
        f"Graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"({undirected.number_of_edges()} connected pairs), {components} connected component(s)"
    )
    click.echo("Most connected: " + ", ".join(f"{graph.nodes[n]['name']} ({d})" for n, d in degree))
    with unchanged(graph):  # the explorer and the report measure the same layers: once
        title = "graphkit: actors and relations around Afghanistan"
        page = write_html(graph, Path(out_dir) / "graph.html", title=title)
        click.echo(f"Wrote {page} (interactive explorer; open it in a browser)")
        written = write_report(graph, Path(out_dir) / "report")
    report_md = next(p for p in written if p.name == "report.md")
    click.echo(f"Wrote {report_md} and {len(written) - 1} more files beside it (centrality.csv, charts)")


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="out/report",
    show_default=True,
    help="Directory to write into.",
)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Actors per ranking.")
@click.option("--date", "dates", multiple=True, help="As-of date for the change-over-time tables (repeatable).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for communities, layout and sampling.")
@certainty_options
@click.pass_obj
def report(data_dir, out_dir, top, dates, seed, certainties):
    """Centrality, communities, structural balance, brokerage and change over time.

    Writes OUT/report.md (rankings with what each measure means, balance and brokerage
    findings, time tables), OUT/centrality.csv (one row per actor, one column per measure
    and layer) and PNG charts. Proposed and denied relations do not count unless
    --include-proposed / --include-denied. Same data, same bytes.

    \b
    Example:
      graphkit report --out report/ --date 2024-01-01 --date 2025-08-01
    """
    from graphkit.cache import load_graph
    from graphkit.report import write_report

    for day in dates:
        _check_date(None, None, day)
    graph = load_graph(data_dir).graph
    written = write_report(graph, out_dir, dates=list(dates) or None, top=top, seed=seed, certainties=certainties)
    for path in written:
        click.echo(f"Wrote {path}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def vocab(fmt: str) -> None:
    """Print the vocabulary: actor kinds, relation types, certainty levels.

    \b
    Example:
      graphkit vocab --format markdown
    """
    from graphkit.docs import vocabulary_markdown, vocabulary_text

    click.echo(vocabulary_markdown() if fmt == "markdown" else vocabulary_text(), nl=False)


@main.command("coverage")
@click.argument("source_ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "markdown"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="List curated and left-out sentences too, not only those to do.")
@click.pass_obj
def coverage_command(data_dir: str | None, source_ids: tuple[str, ...], fmt: str, show_all: bool) -> None:
    """Which sentences naming two or more actors no relation quotes yet.

    Per source: sentences, sentences some relation quotes, and the two-actor sentences
    still to curate, with the actors found in each. A sentence listed in omissions.csv
    (source_doc, quote, reason) counts as consciously left out. Also lists names and
    aliases in actors.csv that occur in no document (likely typos or dead aliases).

    \b
    Example:
      graphkit coverage
      graphkit coverage border_dilemma --format csv > todo.csv
    """
    from graphkit.coverage import coverage
    from graphkit.output import to_csv, to_json
    from graphkit.validate import load

    result = coverage(load(data_dir), list(source_ids) or None)
    if fmt == "markdown":
        from graphkit.docs import coverage_markdown

        click.echo(coverage_markdown(result), nl=False)
        return
    if fmt == "json":
        payload = {
            "sources": [
                {
                    "source_doc": s.source_doc,
                    "path": s.path,
                    "sentences": s.sentences,
                    "quoted_sentences": s.quoted,
                    "two_actor_sentences": s.multi_actor,
                    "curated_two_actor_sentences": s.curated,
                    "left_out_two_actor_sentences": s.omitted,
                    "candidates": [
                        {"sentence": c.sentence, "actors": list(c.actors), "status": c.status, "reason": c.omitted}
                        for c in s.candidates
                        if show_all or c.status == "to do"
                    ],
                }
                for s in result.sources
            ],
            "unused_names": [{"actor": a, "name": n} for a, n in result.unused_names],
        }
        click.echo(to_json(payload), nl=False)
        return
    if fmt == "csv":
        rows = [
            [s.source_doc, c.status, "|".join(c.actors), c.sentence, c.omitted]
            for s in result.sources
            for c in s.candidates
            if show_all or c.status == "to do"
        ]
        click.echo(to_csv(["source_doc", "status", "actors", "sentence", "reason"], rows), nl=False)
        return
    total_curated = total = total_omitted = 0
    for s in result.sources:
        click.echo(click.style(f"{s.source_doc}", bold=True) + f"  ({s.path})")
        click.echo(f"  {s.sentences} sentences, {s.quoted} quoted by a relation")
        for c in s.candidates:
            if show_all or c.status == "to do":
                why = f" ({c.omitted})" if c.omitted and not c.curated else ""
                click.echo(f"  - [{c.status}] {', '.join(c.actors)}: {c.sentence}{why}")
        click.echo(f"  {s.summary()}")
        total_curated += s.curated
        total_omitted += s.omitted
        total += s.multi_actor
    if result.unused_names:
        click.echo("Names in actors.csv that no document uses:")
        for actor, name in result.unused_names:
            click.echo(f"  {actor}: {name}")
    if len(result.sources) > 1:
        percent = 100.0 * total_curated / total if total else 100.0
        todo = total - total_curated - total_omitted
        click.echo(
            f"All sources: {total_curated} of {total} two-actor sentences curated ({percent:.0f} %), "
            f"{total_omitted} left out on purpose, {todo} to do"
        )


# --- queries -----------------------------------------------------------------------------


def _session(data_dir: str | None):
    """The graph, a name resolver and an id -> name labeller."""
    from graphkit.cache import load_graph

    loaded = load_graph(data_dir)
    gc.freeze()  # the graph lives until the command ends: the cycle collector need not walk it again
    graph = loaded.graph
    return graph, loaded.names, lambda actor_id: graph.nodes[actor_id]["name"]


_HOP_COLUMNS = [
    "source",
    "target",
    "relation",
    "direction",
    "start",
    "end",
    "certainty",
    "source_doc",
    "quote",
    "note",
    "relation_id",
]


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--all", "all_shortest", is_flag=True, help="All shortest paths, not just one.")
@click.option("--k", type=click.IntRange(min=1), default=1, show_default=True, help="The K shortest simple paths.")
@click.option("--max-hops", type=click.IntRange(min=1), help="Only paths of at most this many hops.")
@click.option("--directed", is_flag=True, help="Follow relation direction (symmetric relations go both ways).")
@filter_options
@format_option
@click.pass_obj
def path(data_dir, source, target, all_shortest, k, max_hops, directed, edge_filter, fmt):
    """How SOURCE is connected to TARGET, with the evidence for every hop.

    Actors are named by id, name or alias ("Moscow", "the Kremlin", "ISIS-K").
    The graph is undirected unless --directed; proposed and denied relations never
    connect unless --include-proposed / --include-denied. Exits 1 when there is no connection.

    \b
    Example:
      graphkit path russia ttp
      graphkit path Moscow "Islamic State Khorasan" --k 3 --min-certainty reported
      graphkit path russia taliban --as-of 2024-01-01 --format json
    """
    import networkx as nx

    from graphkit.output import to_csv, to_json
    from graphkit.present import path_text
    from graphkit.query import paths

    graph, index, label = _session(data_dir)
    a, b = index.resolve(source), index.resolve(target)
    try:
        found = paths(
            graph, a, b, edge_filter=edge_filter, directed=directed, all_shortest=all_shortest, k=k, max_hops=max_hops
        )
    except nx.NetworkXNoPath:
        limits = (
            edge_filter.describe()
            + (", directed" if directed else "")
            + (f", at most {max_hops} hops" if max_hops else "")
        )
        raise GraphkitError(f"No connection between {label(a)} and {label(b)} (filters: {limits}).") from None
    if fmt == "json":
        click.echo(to_json([[h.as_dict() for h in p] for p in found]), nl=False)
    elif fmt == "csv":
        rows = [
            [n, i, *(h.as_dict()[c] for c in _HOP_COLUMNS)] for n, p in enumerate(found, 1) for i, h in enumerate(p, 1)
        ]
        click.echo(to_csv(["path", "hop", *_HOP_COLUMNS], rows), nl=False)
    else:
        click.echo(path_text(found, label), nl=False)


@main.command()
@click.argument("actor")
@click.option(
    "--direction",
    type=click.Choice(["in", "out", "both"]),
    default="both",
    show_default=True,
    help="out: relations ACTOR is the source of; in: those it is the target of.",
)
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="How many hops out to go.")
@filter_options
@format_option
@click.pass_obj
def neighbors(data_dir, actor, direction, depth, edge_filter, fmt):
    """The actors related to ACTOR, one line per relation.

    \b
    Example:
      graphkit neighbors taliban --relation hosts --direction out
      graphkit neighbors "Dushanbe" --depth 2 --polarity hostile --format csv
    """
    from graphkit.output import to_csv, to_json
    from graphkit.present import neighbors_text
    from graphkit.query import neighbors as find_neighbors

    graph, index, label = _session(data_dir)
    actor_id = index.resolve(actor)
    found = find_neighbors(graph, actor_id, edge_filter=edge_filter, direction=direction, depth=depth)
    if fmt == "json":
        click.echo(to_json([n.as_dict() for n in found]), nl=False)
    elif fmt == "csv":
        rows = [list(n.as_dict().values()) for n in found]
        header = list(found[0].as_dict()) if found else ["id", "name", "kind", "depth", "via", "relation", "direction"]
        click.echo(to_csv(header, rows), nl=False)
    elif found:
        click.echo(neighbors_text(found, label), nl=False)
    else:
        click.echo(f"{label(actor_id)} has no relations matching the filters ({edge_filter.describe()}).")


@main.command()
@click.argument("actor")
@filter_options
@format_option
@click.pass_obj
def show(data_dir, actor, edge_filter, fmt):
    """A dossier on ACTOR: who it is, its rank on the main centrality measures, and every
    relation that counts, grouped by type and direction (the filters as for queries).

    \b
    Example:
      graphkit show "the Kremlin"
    """
    from graphkit.cache import load_ranks
    from graphkit.output import to_csv, to_json
    from graphkit.present import dossier_text
    from graphkit.query import dossier

    graph, index, label = _session(data_dir)
    actor_id = index.resolve(actor)
    found = dossier(graph, actor_id, load_ranks(data_dir).get(actor_id, {}), edge_filter)
    if fmt == "json":
        click.echo(to_json(found.as_dict()), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(_HOP_COLUMNS, [[h.as_dict()[c] for c in _HOP_COLUMNS] for h in found.relations]), nl=False)
    else:
        click.echo(dossier_text(found, label), nl=False)


@main.command()
@click.argument("text")
@format_option
@click.pass_obj
def search(data_dir, text, fmt):
    """Actors whose name or alias contains TEXT, and relations whose quote or note does.

    \b
    Example:
      graphkit search "safe haven"
    """
    from graphkit.output import to_csv, to_json
    from graphkit.present import search_text
    from graphkit.query import search as run_search

    graph, _, label = _session(data_dir)
    result = run_search(graph, text)
    if fmt == "json":
        click.echo(to_json(result.as_dict()), nl=False)
    elif fmt == "csv":
        rows = [["actor", a["id"], "", "", a["name"]] for a in result.actors]
        rows += [["relation", h.relation_id, h.source, h.target, h.quote] for h in result.relations]
        click.echo(to_csv(["type", "id", "source", "target", "text"], rows), nl=False)
    else:
        click.echo(search_text(result, label), nl=False)


@main.command()
@click.argument("actor", required=False)
@filter_options
@format_option
@click.pass_obj
def timeline(data_dir, actor, edge_filter, fmt):
    """Relations of ACTOR (or all) in date order; undated ones are listed after.

    Proposed and denied relations are left out unless --include-proposed / --include-denied.

    \b
    Example:
      graphkit timeline russia --relation designates_terrorist --relation delists_terrorist --relation recognizes
    """
    from graphkit.output import to_csv, to_json
    from graphkit.present import timeline_text
    from graphkit.query import timeline as run_timeline

    graph, index, label = _session(data_dir)
    actor_id = index.resolve(actor) if actor else None
    hops = run_timeline(graph, actor_id, edge_filter)
    if fmt == "json":
        click.echo(to_json([h.as_dict() for h in hops]), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(_HOP_COLUMNS, [[h.as_dict()[c] for c in _HOP_COLUMNS] for h in hops]), nl=False)
    else:
        click.echo(timeline_text(hops, label), nl=False)


@main.command()
@certainty_options
@format_option
@click.pass_obj
def contradictions(data_dir, certainties, fmt):
    """Conflicting claims, each with the relation ids and quotes behind it.

    Three kinds: opposed stances (a cooperative and a hostile relation between one pair
    that held at the same time, from different documents or claimants), denied (reported
    and denied by a party to it), dates differ (one relation dated differently by two
    independent documents). Exits 0 either way.

    \b
    Example:
      graphkit contradictions
      graphkit contradictions --format csv > contradictions.csv
    """
    from graphkit.analysis.contradictions import contradictions as find
    from graphkit.output import to_csv, to_json
    from graphkit.present import contradictions_text

    graph, _, label = _session(data_dir)
    found = find(graph, certainties=certainties)
    if fmt == "json":
        click.echo(to_json([c.as_dict() for c in found]), nl=False)
    elif fmt == "csv":
        claim = ["relation_id", "source", "target", "relation", "polarity", "certainty", "start", "end"]
        claim += ["temporal", "source_doc", "claimant", "quote"]
        rows = [[c.kind, c.a, c.b, c.first, c.last, *(getattr(x, f) for f in claim)] for c in found for x in c.claims]
        click.echo(to_csv(["kind", "a", "b", "first", "last", *claim], rows), nl=False)
    else:
        click.echo(contradictions_text(found, label), nl=False)


@main.command()
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    default="out/graph.html",
    show_default=True,
    help="File to write.",
)
@click.option(
    "--title", default="graphkit: actors and relations around Afghanistan", show_default=True, help="Page title."
)
@filter_options
@click.pass_obj
def html(data_dir, out_file, title, edge_filter):
    """Write the interactive explorer: one self-contained HTML file that works offline.

    The page has search, filters by relation, kind and certainty, a time control, and
    shows the quote behind every relation. It holds every relation the relation, polarity
    and date filters pass, of every certainty, and opens showing those that count
    (confirmed, reported, alleged; the certainty options change that first view).

    \b
    Example:
      graphkit html --out taliban.html
      graphkit html --out hostile.html --polarity hostile --min-certainty reported
    """
    from graphkit.graph import narrowed
    from graphkit.render.html import write_html

    graph, _, _ = _session(data_dir)
    graph = narrowed(graph, edge_filter.widened())
    page = write_html(graph, out_file, title=title, view=edge_filter)
    click.echo(f"Wrote {page}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} relations")


# --- curation ----------------------------------------------------------------------------


@main.command()
@click.argument("source_id")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write the CSV here instead of to stdout.")
@click.option("--all", "include_curated", is_flag=True, help="Suggest for curated sentences too.")
@click.option("--all-pairs", is_flag=True, help="Add every other pair of actors a sentence names.")
@click.pass_obj
def suggest(data_dir, source_id, out_file, include_curated, all_pairs):
    """Candidate relations for SOURCE_ID's uncurated sentences, as relations.csv rows.

    Each row is a pair a cue word links (subject and object, the agent after "by",
    both sides of a symmetric relation; "it" and "the group" read as the actor meant),
    its relation type from the vocabulary's cues, a certainty from hedges and reporting
    verbs ("allegedly", "denied", "could", "according to"), dates from the sentence; the
    note says which cue, hedge and rule, and who claims it ("claimant: ..."). Nothing is
    written into the dataset: review the rows, fix them, append the ones you accept to
    relations.csv, then run `graphkit validate`.

    \b
    Example:
      graphkit suggest my_report --out review.csv
    """
    from graphkit.load import RELATION_COLUMNS
    from graphkit.output import to_csv
    from graphkit.suggest import suggest as run_suggest
    from graphkit.validate import load

    rows = run_suggest(load(data_dir), source_id, include_curated=include_curated, all_pairs=all_pairs)
    text = to_csv(RELATION_COLUMNS, [[getattr(r, c) for c in RELATION_COLUMNS] for r in rows])
    if out_file:
        from graphkit.files import write_text

        write_text(out_file, text)
        click.echo(f"Wrote {len(rows)} suggestion(s) to {out_file}", err=True)
    else:
        click.echo(text, nl=False)


@main.group()
def sources() -> None:
    """Manage the dataset's source documents.

    \b
    Example:
      graphkit --data my_dataset sources add report.txt --title "A report" --reliability B
    """


@sources.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--id", "source_id", help="Source id (snake_case); default: from the file name.")
@click.option("--title", help="Default: the document's first line.")
@click.option("--authors", default="")
@click.option("--outlet", default="")
@click.option(
    "--published",
    default="",
    callback=lambda c, p, v: _check_date(c, p, v or None) or "",
    help="YYYY, YYYY-MM or YYYY-MM-DD.",
)
@click.option("--reliability", default="", help="Admiralty-style grade of the outlet, A-F.")
@click.option("--link", is_flag=True, help="Record the file where it is instead of copying it into the dataset.")
@click.pass_obj
def sources_add(data_dir, file, source_id, title, authors, outlet, published, reliability, link):
    """Copy FILE into the dataset's documents folder and register it in sources.csv.

    Refuses an empty, binary or non-UTF-8 file, a document already registered, an id
    already used and a bad reliability grade, leaving everything unchanged.

    \b
    Example:
      graphkit --data my_dataset sources add ~/reports/wakhan.txt --id wakhan_report
    """
    from graphkit.load import resolve_data_dir
    from graphkit.sources import add_source

    if data_dir is None:
        from graphkit.load import bundled_data_dir

        if resolve_data_dir(None) == bundled_data_dir():
            raise GraphkitError("sources add changes a dataset: name yours with --data DIR (or GRAPHKIT_DATA)")
    added = add_source(
        resolve_data_dir(data_dir),
        file,
        source_id=source_id,
        title=title,
        authors=authors,
        outlet=outlet,
        published=published,
        reliability=reliability,
        link=link,
    )
    click.echo(f"Added source '{added.id}' ({added.path}): {added.title}")
    click.echo(f"Next: graphkit --data {data_dir or '$GRAPHKIT_DATA'} coverage {added.id}")


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="gexf (Gephi), graphml (Cytoscape, yEd, igraph), json (networkx, D3), csv (spreadsheets), "
    "cypher (Neo4j, FalkorDB, ...), graphology (Gephi Lite), neo4j-csv (neo4j-admin database import).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    help="File to write (csv writes FILE-nodes.csv and FILE-edges.csv, neo4j-csv FILE-nodes.csv and "
    "FILE-relationships.csv); default: stdout.",
)
@click.option(
    "--neo4j", is_flag=True, help="cypher: also create Neo4j's uniqueness constraint on actor id (Neo4j 4.4+)."
)
@filter_options
@click.pass_obj
def export(data_dir, fmt, out_file, neo4j, edge_filter):
    """Write the graph for other tools, every attribute and the evidence of every relation intact.

    Like every query, the export holds the relations that count: proposed and denied ones
    only with --include-proposed / --include-denied (each relation carries its certainty);
    the other filters narrow it as they narrow queries.

    \b
    Example:
      graphkit export --format gexf --out graph.gexf
      graphkit export --format csv --out tables/graph.csv --as-of 2025-08-01
      graphkit export --format json --min-certainty reported > graph.json
      graphkit export --format cypher --neo4j --out graph.cypher
    """
    from graphkit.export import export_graph, export_text, output_paths
    from graphkit.graph import narrowed

    graph, _, _ = _session(data_dir)
    left_out = graph.number_of_edges()
    graph = narrowed(graph, edge_filter)
    left_out -= graph.number_of_edges()
    if out_file is None:
        click.echo(export_text(graph, fmt, neo4j), nl=False)
        return
    export_graph(graph, fmt, out_file, neo4j)
    written = ", ".join(str(p) for p in output_paths(fmt, out_file))
    click.echo(
        f"Wrote {written}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} relations "
        f"({edge_filter.describe()}; {left_out} left out)"
    )
