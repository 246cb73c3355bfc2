"""The `graphkit` command: thin click commands over the library.

Library errors (GraphkitError) become one `Error: ...` line on stderr here, in one place.
"""

from __future__ import annotations

import sys
from collections import Counter

import click

from graphkit.errors import GraphkitError, ValidationFailed
from graphkit.output import FORMATS


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


def _summary_counts(dataset) -> str:
    kinds = Counter(a.kind for a in dataset.actors)
    relations = Counter(r.relation for r in dataset.relations)
    certainty = Counter(r.certainty for r in dataset.relations)

    def fmt(counter: Counter) -> str:
        return ", ".join(f"{name} {n}" for name, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))

    return (
        f"{len(dataset.actors)} actors ({fmt(kinds)}); "
        f"{len(dataset.relations)} relations ({fmt(relations)}); "
        f"certainty ({fmt(certainty)}); "
        f"{len(dataset.sources)} sources"
    )


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
    click.echo(f"OK: {_summary_counts(dataset)}")


@main.command()
@click.pass_obj
def build(data_dir: str | None) -> None:
    """Validate the dataset, build the graph and print its shape.

    \b
    Example:
      graphkit build
    """
    import networkx as nx

    from graphkit.graph import build_graph
    from graphkit.validate import load

    dataset = load(data_dir)
    graph = build_graph(dataset)
    undirected = nx.Graph(graph)
    components = nx.number_connected_components(undirected)
    degree = sorted(graph.degree(), key=lambda nd: (-nd[1], nd[0]))[:5]
    click.echo(f"Dataset: {dataset.directory}")
    click.echo(f"OK: {_summary_counts(dataset)}")
    click.echo(
        f"Graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"({undirected.number_of_edges()} connected pairs), {components} connected component(s)"
    )
    click.echo("Most connected: " + ", ".join(f"{graph.nodes[n]['name']} ({d})" for n, d in degree))


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
