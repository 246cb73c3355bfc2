"""The `graphkit` command: thin click commands over the library.

Library errors (GraphkitError) become one `Error: ...` line on stderr here, in one place.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import sys

import click

from graphkit.dates import date_bounds
from graphkit.errors import GraphkitError, ValidationFailed
from graphkit.output import FORMATS
from graphkit.text import printable
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
            "--claimant",
            "claimants",
            multiple=True,
            metavar="ID",
            help="Only relations claimed by this actor id or claimant label (author, media, ...; repeatable).",
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
    def run(
        *args,
        relations,
        exclude,
        polarity,
        min_sources,
        min_reliability,
        certainties,
        as_of,
        window,
        claimants,
        **kwargs,
    ):
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
            claimants=frozenset(claimants),
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

    def main(self, *args, **kwargs):
        _tolerant_output()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        previous = _on_sigterm(_terminate)
        dropping, sys.unraisablehook = sys.unraisablehook, _redeliver(sys.unraisablehook)
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; no output was left half-written.", err=True)
            sys.exit(130)
        except _Terminated:
            click.echo("Error: terminated; no output was left half-written.", err=True)
            sys.exit(143)
        except ValidationFailed as exc:
            for issue in exc.issues:
                click.echo(printable(str(issue)))
            click.echo(f"Error: {exc.errors} problem(s) in the dataset; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except GraphkitError as exc:
            for problem in getattr(exc, "problems", ()):  # a refusal lists every reason (graphkit.curate.Refused)
                click.echo(printable(problem), err=True)
            click.echo(f"Error: {printable(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            # Ctrl-C while a C extension initialises (scipy's, imported on first use) surfaces as
            # "ImportError: initialization failed" caused by the KeyboardInterrupt: still an interruption.
            if _interrupted_by(exc) is KeyboardInterrupt:
                click.echo("Error: interrupted; no output was left half-written.", err=True)
                sys.exit(130)
            if _interrupted_by(exc) is _Terminated:
                click.echo("Error: terminated; no output was left half-written.", err=True)
                sys.exit(143)
            raise
        finally:
            _on_sigterm(previous)
            sys.unraisablehook = dropping


def _redeliver(dropping):
    """An unraisable-exception hook that raises a lost interruption again where the program is.

    Ctrl-C or SIGTERM landing in a callback Python cannot raise from (a weakref's, such as
    an import lock's, or a `__del__`) is printed as "Exception ignored in ..." with a
    traceback and dropped, and the command ran on to exit 0. Instead, an alarm a
    millisecond later raises it again, outside the callback: the command stops at its next
    step, as for any other interruption. (Where there are no alarms, it is dropped as before.)
    """
    import signal

    def hook(unraisable) -> None:
        lost = unraisable.exc_value
        if not isinstance(lost, KeyboardInterrupt | _Terminated) or not hasattr(signal, "setitimer"):
            dropping(unraisable)
            return
        alarm = signal.getsignal(signal.SIGALRM)

        def again(signum, frame):
            signal.signal(signal.SIGALRM, alarm)
            raise type(lost)

        try:
            signal.signal(signal.SIGALRM, again)
        except ValueError:  # not the main thread, which alone takes signals
            dropping(unraisable)
            return
        signal.setitimer(signal.ITIMER_REAL, 0.001)

    return hook


def _interrupted_by(exc: BaseException) -> type | None:
    """KeyboardInterrupt or _Terminated when `exc` was raised because of one (its cause or context), else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, KeyboardInterrupt | _Terminated):
            return type(current)
        current = current.__cause__ or current.__context__
    return None


class _Terminated(BaseException):
    """SIGTERM, raised where the program is so that cleanup (graphkit.files) runs as for Ctrl-C."""


def _terminate(signum, frame):
    raise _Terminated


def _on_sigterm(handler):
    """Install `handler` for SIGTERM and return the one it replaces (None where signals cannot be set)."""
    import signal

    if handler is None:
        return None
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (an embedding program's worker): leave SIGTERM alone
        return None


def _tolerant_output() -> None:
    """Let a terminal that cannot show a character (a cp1252 console and an arrow, a Pashto name)
    get an escape like \\u2192 for it instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="backslashreplace")


def _echo_data(text: str) -> None:
    """Output for programs (JSON, CSV, an export): exactly as made into a pipe or file, escaped on a terminal."""
    click.echo(printable(text) if sys.stdout.isatty() else text, nl=False, color=True)


def _emit(result, fmt: str, label) -> None:
    """A query's result on stdout: text for people (its renderer escapes the data), JSON or CSV for programs."""
    from graphkit.present import emit

    rendered = emit(result, fmt, label)
    if fmt == "text":
        click.echo(rendered, nl=False)
    else:
        _echo_data(rendered)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data_dir",
    envvar="GRAPHKIT_DATA",
    type=click.Path(file_okay=False, path_type=str),
    help="Dataset directory (actors.csv, relations.csv, sources.csv). Default: $GRAPHKIT_DATA, else the bundled data.",
)
@click.option(
    "--documents",
    "document_folders",
    multiple=True,
    envvar="GRAPHKIT_DOCUMENTS",
    type=click.Path(exists=True, file_okay=False, path_type=str),
    help="A folder outside the dataset that its documents may be read from (repeatable; "
    "$GRAPHKIT_DOCUMENTS, separated like PATH). Otherwise documents must lie inside the dataset's folder.",
)
@click.version_option(package_name="graphkit")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, document_folders: tuple[str, ...]) -> None:
    """Explore who does what to whom around Afghanistan, with the evidence for every edge.

    \b
    Example:
      graphkit validate
      graphkit --data my_dataset/ validate
      graphkit --data my_dataset/ --documents ~/shared/reports validate
    """
    from graphkit.load import document_folders_named

    ctx.with_resource(document_folders_named(document_folders))
    ctx.obj = data_dir


@main.command()
@click.pass_obj
def validate(data_dir: str | None) -> None:
    """Check the dataset: every problem on its own line as file:line: field: message.

    Exits 0 with a one-line summary when the data is valid, 1 otherwise. Warnings (a
    control character inside a quote, or a quote that names neither of its actors) are listed
    too but do not make it invalid.

    \b
    Example:
      graphkit validate
    """
    import atexit
    import gc

    from graphkit.validate import validate as check

    # The process ends after this: no collection at exit need walk the records (1.7 s at 10^6 relations).
    atexit.register(gc.freeze)
    dataset, issues = check(data_dir)
    if any(issue.is_error for issue in issues):
        raise ValidationFailed(issues)
    for issue in issues:
        click.echo(printable(str(issue)))
    warnings = f" ({len(issues)} warning(s))" if issues else ""
    click.echo(f"OK: {printable(dataset.summary())}{warnings}")


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
    from graphkit.files import staged
    from graphkit.render.html import write_html
    from graphkit.report import write_report

    loaded = load_graph(data_dir)
    graph = loaded.graph
    undirected = nx.Graph(graph)
    components = nx.number_connected_components(undirected)
    degree = sorted(graph.degree(), key=lambda nd: (-nd[1], nd[0]))[:5]
    click.echo(f"OK: {printable(loaded.summary)}")
    click.echo(
        f"Graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"({undirected.number_of_edges()} connected pairs), {components} connected component(s)"
    )
    click.echo("Most connected: " + printable(", ".join(f"{graph.nodes[n]['name']} ({d})" for n, d in degree)))
    # the explorer and the report measure the same layers: once; and are switched in together
    with unchanged(graph), staged(out_dir):
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
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="Actors per ranking.")
@click.option("--date", "dates", multiple=True, help="As-of date for the change-over-time tables (repeatable).")
@click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    default=0,
    show_default=True,
    help="Seed for communities, layout and sampling.",
)
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

        click.echo(printable(coverage_markdown(result)), nl=False)
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
        _echo_data(to_json(payload))
        return
    if fmt == "csv":
        rows = [
            [s.source_doc, c.status, "|".join(c.actors), c.sentence, c.omitted]
            for s in result.sources
            for c in s.candidates
            if show_all or c.status == "to do"
        ]
        _echo_data(to_csv(["source_doc", "status", "actors", "sentence", "reason"], rows))
        return
    total_curated = total = total_omitted = 0
    for s in result.sources:
        click.echo(click.style(printable(s.source_doc), bold=True) + printable(f"  ({s.path})"))
        click.echo(f"  {s.sentences} sentences, {s.quoted} quoted by a relation")
        for c in s.candidates:
            if show_all or c.status == "to do":
                why = f" ({c.omitted})" if c.omitted and not c.curated else ""
                click.echo(printable(f"  - [{c.status}] {', '.join(c.actors)}: {c.sentence}{why}"))
        click.echo(f"  {s.summary()}")
        total_curated += s.curated
        total_omitted += s.omitted
        total += s.multi_actor
    if result.unused_names:
        click.echo("Names in actors.csv that no document uses:")
        for actor, name in result.unused_names:
            click.echo(printable(f"  {actor}: {name}"))
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
    return graph, loaded.names, _labeller(graph)


def _labeller(graph):
    """An id -> name labeller for the graph's actors."""
    return lambda actor_id: graph.nodes[actor_id]["name"]


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--all", "all_shortest", is_flag=True, help="All shortest paths, not just one.")
@click.option("--k", type=click.IntRange(1, 1000), default=1, show_default=True, help="The K shortest simple paths.")
@click.option("--max-hops", type=click.IntRange(1, 100), help="Only paths of at most this many hops.")
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
    from graphkit.cache import answer
    from graphkit.query import Paths, no_path, paths

    def find(graph, index):  # on the columnar entry when fresh (graphkit.cache.answer)
        gc.freeze()  # what is loaded lives until the command ends: the cycle collector need not walk it again
        a, b = index.resolve(source), index.resolve(target)
        label = _labeller(graph)
        try:
            found = paths(
                graph,
                a,
                b,
                edge_filter=edge_filter,
                directed=directed,
                all_shortest=all_shortest,
                k=k,
                max_hops=max_hops,
            )
        except no_path():  # evaluated only when something was raised: networkx is not imported otherwise
            limits = (
                edge_filter.describe()
                + (", directed" if directed else "")
                + (f", at most {max_hops} hops" if max_hops else "")
            )
            raise GraphkitError(f"No connection between {label(a)} and {label(b)} (filters: {limits}).") from None
        return Paths(found), label

    result, label = answer(data_dir, find)
    _emit(result, fmt, label)


@main.command()
@click.argument("actor")
@click.option(
    "--direction",
    type=click.Choice(["in", "out", "both"]),
    default="both",
    show_default=True,
    help="out: relations ACTOR is the source of; in: those it is the target of.",
)
@click.option("--depth", type=click.IntRange(1, 20), default=1, show_default=True, help="How many hops out to go.")
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
    from graphkit.cache import answer
    from graphkit.query import Neighbors
    from graphkit.query import neighbors as find_neighbors

    def find(graph, index):  # on the columnar entry when fresh (graphkit.cache.answer)
        gc.freeze()
        actor_id = index.resolve(actor)
        found = find_neighbors(graph, actor_id, edge_filter=edge_filter, direction=direction, depth=depth)
        return Neighbors(actor_id, found, edge_filter.describe()), _labeller(graph)

    result, label = answer(data_dir, find)
    _emit(result, fmt, label)


@main.command()
@click.argument("actor")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many relations, the best evidence first.")
@filter_options
@format_option
@click.pass_obj
def show(data_dir, actor, limit, edge_filter, fmt):
    """A dossier on ACTOR: who it is, its rank on the main centrality measures, and every
    relation that counts, grouped by type and direction (the filters as for queries).

    \b
    Example:
      graphkit show "the Kremlin"
      graphkit show taliban --as-of 2025-08-01 --limit 20
    """
    from graphkit.cache import answer, load_ranks
    from graphkit.query import dossier

    ranks = load_ranks(data_dir)

    def find(graph, index):  # on the columnar entry when fresh (graphkit.cache.answer)
        gc.freeze()
        actor_id = index.resolve(actor)
        return dossier(graph, actor_id, ranks.get(actor_id, {}), edge_filter, limit), _labeller(graph)

    result, label = answer(data_dir, find)
    _emit(result, fmt, label)


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
    from graphkit.query import search as run_search

    graph, _, label = _session(data_dir)
    _emit(run_search(graph, text), fmt, label)


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
    from graphkit.query import Timeline
    from graphkit.query import timeline as run_timeline

    graph, index, label = _session(data_dir)
    actor_id = index.resolve(actor) if actor else None
    _emit(Timeline(run_timeline(graph, actor_id, edge_filter)), fmt, label)


# --- the questions analysts ask (graphkit.questions) -------------------------------------------


@main.command()
@click.argument("a")
@click.argument("b")
@filter_options
@format_option
@click.pass_obj
def between(data_dir, a, b, edge_filter, fmt):
    """Every relation between A and B, both ways, and their net stance period by period.

    Dated relations come in date order, then undated ones, each with its direction,
    certainty, source and quote. Each period is a stretch of days over which the same
    dated relations hold (events within their period, standing relations until they
    end), with its stance: friend, enemy, mixed or neutral (the sign of the sum of the
    polarities). Exits 1 when no relation between them counts.

    \b
    Example:
      graphkit between russia taliban
      graphkit between tajikistan taliban --format csv
    """
    from graphkit.questions import between as run_between

    graph, index, label = _session(data_dir)
    found = run_between(graph, index.resolve(a), index.resolve(b), edge_filter=edge_filter)
    _emit(found, fmt, label)


@main.command()
@click.argument("actor")
@filter_options
@format_option
@click.pass_obj
def stance(data_dir, actor, edge_filter, fmt):
    """ACTOR's friends and enemies: one row per counterpart with the net stance and its evidence.

    The stance nets the relations that count (friend, enemy, mixed, neutral: the sign
    of the sum of their polarities; designations count as hostile, delistings and
    recognitions as cooperative). With --as-of only relations holding on that day count,
    and the stance is compared with the one a year before; without it every counted
    relation counts, dated or not. Exits 1 when ACTOR has no counted relation.

    \b
    Example:
      graphkit stance tajikistan
      graphkit stance russia --as-of 2025-08-01 --window 12m
    """
    from graphkit.questions import stance as run_stance

    graph, index, label = _session(data_dir)
    _emit(run_stance(graph, index.resolve(actor), edge_filter=edge_filter), fmt, label)


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--a-relation", multiple=True, type=click.Choice(_RELATIONS), help="On A's side only these relations.")
@click.option("--b-relation", multiple=True, type=click.Choice(_RELATIONS), help="On B's side only these relations.")
@click.option("--a-polarity", type=click.Choice(["cooperative", "hostile", "neutral"]), help="On A's side only.")
@click.option("--b-polarity", type=click.Choice(["cooperative", "hostile", "neutral"]), help="On B's side only.")
@filter_options
@format_option
@click.pass_obj
def common(data_dir, a, b, a_relation, b_relation, a_polarity, b_polarity, edge_filter, fmt):
    """Actors related to both A and B, with the relations on each side.

    --relation and --polarity apply to both sides; --a-relation, --a-polarity,
    --b-relation and --b-polarity replace them on one side. Exits 1 when no actor is
    related to both.

    \b
    Example:
      graphkit common taliban pakistan --polarity hostile
      graphkit common taliban pakistan --a-relation hosts --b-relation attacks
    """
    from graphkit.questions import common as run_common

    def side(relations, polarity):
        if not relations and not polarity:
            return edge_filter
        narrower = frozenset(relations) or edge_filter.relations
        return dataclasses.replace(edge_filter, relations=narrower, polarity=polarity or edge_filter.polarity)

    graph, index, label = _session(data_dir)
    found = run_common(
        graph,
        index.resolve(a),
        index.resolve(b),
        edge_filter=edge_filter,
        a_filter=side(a_relation, a_polarity),
        b_filter=side(b_relation, b_polarity),
    )
    _emit(found, fmt, label)


@main.command()
@click.argument("actor", required=False)
@click.option("--from", "first", required=True, callback=_check_date, metavar="DATE", help="First day of the range.")
@click.option("--to", "last", required=True, callback=_check_date, metavar="DATE", help="Last day of the range.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="Rank moves per measure.")
@click.option("--relation", "relations", multiple=True, type=click.Choice(_RELATIONS), help="Only these relations.")
@click.option("--polarity", type=click.Choice(["cooperative", "hostile", "neutral"]), help="Only this polarity.")
@certainty_options
@format_option
@click.pass_obj
def changes(data_dir, actor, first, last, top, relations, polarity, certainties, fmt):
    """What changed between --from and --to: relations that began or ended, stances, ranks.

    Stances (friend, enemy, mixed, neutral) are compared between the first day of
    --from and the last day of --to, each from the standing relations holding that day
    and the events of the twelve months before it, as in the report's snapshots;
    centrality ranks (degree, betweenness, PageRank) likewise. With ACTOR, only its
    relations, pairs and ranks.

    \b
    Example:
      graphkit changes --from 2025-01-01 --to 2025-12-31
      graphkit changes --from 2024 --to 2025 russia --format json
    """
    from graphkit.questions import changes as run_changes
    from graphkit.rules import EdgeFilter

    graph, index, label = _session(data_dir)
    edge_filter = EdgeFilter(frozenset(relations), polarity=polarity, certainties=certainties)
    actor_id = index.resolve(actor) if actor else None
    found = run_changes(graph, first, last, actor_id, edge_filter=edge_filter, top=top)
    _emit(found, fmt, label)


@main.command()
@click.argument("actor")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write the Markdown here instead of stdout.")
@filter_options
@click.pass_obj
def brief(data_dir, actor, out_file, edge_filter):
    """A one-page Markdown brief on ACTOR, every claim cited (source title, relation id).

    Who it is; its main counterparts by stance with the strongest quote on each side;
    its latest dated relations; its centrality ranks; what changed in the year up to
    --as-of (or the latest date in the data); contested (alleged or denied) claims. The
    words for likelihood are the certainty levels' own; nothing is added to the sources.

    \b
    Example:
      graphkit brief taliban --out taliban.md
    """
    from graphkit.cache import load_ranks
    from graphkit.present import emit
    from graphkit.questions import brief as run_brief

    graph, index, label = _session(data_dir)
    actor_id = index.resolve(actor)
    found = run_brief(graph, actor_id, ranks=load_ranks(data_dir).get(actor_id, {}), edge_filter=edge_filter)
    markdown = emit(found, "text", label)
    if out_file:
        from graphkit.files import write_text

        write_text(out_file, markdown)
        click.echo(printable(f"Wrote {out_file}"), err=True)
    else:
        click.echo(printable(markdown), nl=False)  # quotes may carry control characters: shown escaped


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
@click.option(
    "--focus",
    "focus",
    multiple=True,
    metavar="ACTOR",
    help="Only this actor's neighbourhood (repeatable), as `graphkit neighbors ACTOR --depth N` finds it.",
)
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Hops out from --focus.")
@filter_options
@click.pass_obj
def html(data_dir, out_file, title, focus, depth, edge_filter):
    """Write the interactive explorer: one self-contained HTML file that works offline.

    The page has search, filters by relation, kind and certainty, a time control, and
    shows the quote behind every relation. It holds every relation the relation, polarity
    and date filters pass, of every certainty, and opens showing those that count
    (confirmed, reported, alleged; the certainty options change that first view).
    With --focus, it holds only those actors' neighbourhood within --depth relations.

    \b
    Example:
      graphkit html --out taliban.html --focus taliban --depth 1
      graphkit html --out hostile.html --polarity hostile --min-certainty reported
    """
    from graphkit.graph import narrowed
    from graphkit.query import neighbourhood
    from graphkit.render.html import write_html

    graph, index, _ = _session(data_dir)
    focus = tuple(dict.fromkeys(index.resolve(actor) for actor in focus))
    if focus:
        graph = neighbourhood(graph, focus, edge_filter=edge_filter, depth=depth)
    else:
        graph = narrowed(graph, edge_filter.widened())
    page = write_html(graph, out_file, title=title, view=edge_filter, focus=focus, depth=depth)
    click.echo(f"Wrote {page}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} relations")


# --- curation ----------------------------------------------------------------------------


@main.command()
@click.argument("source_id")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write the CSV here instead of to stdout.")
@click.option("--all", "include_curated", is_flag=True, help="Suggest for curated sentences too.")
@click.option("--all-pairs", is_flag=True, help="Add every other pair of actors a sentence names.")
@click.option("--accept", metavar="ID[,ID...]", help="Append these reviewed suggestions (from --from) as relations.")
@click.option(
    "--from",
    "review_file",
    type=click.Path(dir_okay=False),
    help="With --accept: the suggestion file you reviewed and edited.",
)
@click.pass_obj
def suggest(data_dir, source_id, out_file, include_curated, all_pairs, accept, review_file):
    """Candidate relations for SOURCE_ID's uncurated sentences, as relations.csv rows.

    Each row is a pair a cue word links (subject and object, the agent after "by",
    both sides of a symmetric relation; "it" and "the group" read as the actor meant),
    its relation type from the vocabulary's cues, a certainty from hedges and reporting
    verbs ("allegedly", "denied", "could", "according to"), dates from the sentence; the
    note says which cue, hedge and rule, and who claims it ("claimant: ..."). Nothing is
    written into the dataset until you accept rows: review the file, fix the rows you
    keep, then `--accept ID,... --from FILE` appends them, checked as `relations add` checks.

    \b
    Example:
      graphkit suggest my_report --out review.csv
      graphkit suggest my_report --accept my_report-s001,my_report-s003 --from review.csv
    """
    if accept:
        if not review_file:
            raise click.UsageError("--accept needs --from FILE: the suggestion file you reviewed")
        from graphkit.curate import accept_suggestions

        ids = [i.strip() for i in accept.split(",") if i.strip()]
        _added_relations(accept_suggestions(data_dir, source_id, review_file, ids))
        return
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
        _echo_data(text)


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
    click.echo(printable(f"Added source '{added.id}' ({added.path}): {added.title}"))
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
        _echo_data(export_text(graph, fmt, neo4j))
        return
    export_graph(graph, fmt, out_file, neo4j)
    written = ", ".join(str(p) for p in output_paths(fmt, out_file))
    click.echo(
        f"Wrote {written}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} relations "
        f"({edge_filter.describe()}; {left_out} left out)"
    )


# --- making and growing a dataset --------------------------------------------------------------


@main.command("init")
@click.argument("directory", type=click.Path(path_type=str))
@click.option("--from-bundled", is_flag=True, help="Copy the bundled dataset, its documents inside DIRECTORY.")
def init_command(directory: str, from_bundled: bool) -> None:
    """Make a new dataset in DIRECTORY (absent or empty): the CSV files, documents/ and a README.

    \b
    Example:
      graphkit init my_dataset
      graphkit init afghanistan --from-bundled
    """
    from graphkit.dataset import init_dataset

    made = init_dataset(directory, from_bundled=from_bundled)
    click.echo(
        printable(
            f"Made {directory}: {made.actors} actors, {made.relations} relations, {made.sources} sources, "
            f"{made.documents} documents"
        )
    )
    click.echo(printable(f"Next: graphkit --data {directory} sources add FILE"))


@main.group()
def actors() -> None:
    """Find and add the actors a document names.

    \b
    Example:
      graphkit --data my_dataset actors candidates my_report
      graphkit --data my_dataset actors add orrin_valley_front --name "Orrin Valley Front" --kind militant_group
    """


@actors.command("candidates")
@click.argument("source_id")
@format_option
@click.pass_obj
def actors_candidates(data_dir, source_id, fmt):
    """Names SOURCE_ID's document uses that are no actor yet, most used first, with their sentences.

    Capitalised names, acronyms and their expansions, and states' names, capitals and
    demonyms (which the curation rules fold into the state). Each comes with a guessed
    kind and the `actors add` command that would add it.

    \b
    Example:
      graphkit --data my_dataset actors candidates my_report
    """
    from graphkit.candidates import actor_candidates
    from graphkit.validate import load

    _emit(actor_candidates(load(data_dir), source_id, data_dir or ""), fmt, str)


@actors.command("add")
@click.argument("actor_id", metavar="ID")
@click.option("--name", required=True, help="The name the actor goes by.")
@click.option("--kind", required=True, help="One of the vocabulary's actor kinds (graphkit vocab).")
@click.option("--alias", "aliases", multiple=True, help="Another name the documents use for it (repeatable).")
@click.option("--description", default="", help="One line, from the documents.")
@click.pass_obj
def actors_add(data_dir, actor_id, name, kind, aliases, description):
    """Add actor ID to actors.csv, if the dataset with it still validates.

    Refuses, changing nothing and listing every problem: an id that is not snake_case or is
    in use, a name or alias another actor has (or one that only looks like it), an unknown
    kind (with the nearest one), hidden characters.

    \b
    Example:
      graphkit --data my_dataset actors add orrin_valley_front --name "Orrin Valley Front" \\
          --kind militant_group --alias OVF
    """
    from graphkit.curate import add_actor

    added = add_actor(data_dir, actor_id, name=name, kind=kind, aliases=aliases, description=description)
    for warning in added.warnings:
        click.echo(printable(warning), err=True)
    row = added.rows[0]
    also = f", also {row['aliases'].replace('|', ', ')}" if row["aliases"] else ""
    click.echo(printable(f"Added actor {row['id']}: {row['name']} ({row['kind']}{also})"))


@main.group()
def relations() -> None:
    """Add relations without editing relations.csv.

    \b
    Example:
      graphkit --data my_dataset relations add --source Norland --target "Vell River Dam" --relation funds \\
          --certainty confirmed --source-doc my_report --quote "Norland has funded the Vell River Dam"
    """


@relations.command("add")
@click.option("--source", "source", required=True, help="The acting actor: id, name or alias.")
@click.option("--target", required=True, help="The actor acted on: id, name or alias.")
@click.option("--relation", required=True, help="A relation type of the vocabulary (graphkit vocab).")
@click.option("--certainty", required=True, help="confirmed, reported, alleged, proposed or denied.")
@click.option("--source-doc", required=True, help="The id of the source the quote is from.")
@click.option("--quote", required=True, help="The shortest span of the document that supports it, verbatim.")
@click.option("--start", default="", help="YYYY, YYYY-MM or YYYY-MM-DD, where the text gives it.")
@click.option("--end", default="", help="YYYY, YYYY-MM or YYYY-MM-DD, or '?' for ended on an unknown day.")
@click.option("--note", default="", help="Anything a reader of the relation should know.")
@click.option("--temporal", default="", help="event or state, where the row differs from its type's kind.")
@click.option("--claimant", default="", help="Who makes the claim: an actor (id, name or alias) or a claimant label.")
@click.option("--credibility", default="", help="Admiralty credibility of the claim, 1-6.")
@click.pass_obj
def relations_add(
    data_dir, source, target, relation, certainty, source_doc, quote, start, end, note, temporal, claimant, credibility
):
    """Append a relation, checked as `graphkit validate` checks it, and print its new id.

    Actors are named as in queries (id, name or alias). Every check validate runs applies
    (actors, vocabulary, source, the quote verbatim in the source's article, dates); on any
    problem nothing is written and every problem is listed.

    \b
    Example:
      graphkit --data my_dataset relations add --source Norland --target "Vell River Dam" --relation funds \\
          --certainty confirmed --source-doc my_report --quote "Norland has funded the Vell River Dam"
    """
    from graphkit.curate import NewRow, add_relations

    cells = {
        "source": source,
        "target": target,
        "relation": relation,
        "start": start,
        "end": end,
        "certainty": certainty,
        "source_doc": source_doc,
        "quote": quote,
        "note": note,
        "temporal": temporal,
        "claimant": claimant,
        "credibility": credibility,
    }
    _added_relations(add_relations(data_dir, [NewRow(cells)]))


def _added_relations(added) -> None:
    for warning in added.warnings:
        click.echo(printable(warning), err=True)
    for row, previous in zip(added.rows, added.previous, strict=True):
        was = f" (suggestion {previous})" if previous else ""
        click.echo(
            printable(
                f"Added relation {row['id']}{was}: {row['source']} {row['relation']} {row['target']} "
                f"({row['certainty']}, {row['source_doc']})"
            )
        )
