"""Adding actors and relations without editing CSV: every row checked as `validate` checks it, then appended.

A new row is judged by validating the dataset *with the row added*, in memory (the file's
new content goes to `graphkit.validate.validate` as `pending`): the same reader, the same
checks, the same messages, nothing re-implemented. Only when the whole dataset would
still validate is the file written, in one atomic write; otherwise `Refused` lists every
problem and nothing changes.

Relation ids: a prefix per source and a number, like the bundled data's (`bd001` for
border_dilemma). A source with numbered relations keeps its prefix and counts on from its
highest number; a new source's prefix is its words' initials (`valley_report` -> `vr`),
lengthened while another source uses it; numbers have three digits.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from graphkit.errors import GraphkitError, Issue, UsageError
from graphkit.files import write_text
from graphkit.load import ALIAS_SEPARATOR, RELATION_COLUMNS, bundled_data_dir, read_dataset, resolve_data_dir
from graphkit.model import Dataset
from graphkit.names import NameIndex
from graphkit.output import data_rows, neutralise
from graphkit.text import squash_whitespace
from graphkit.validate import validate
from graphkit.vocab import vocabulary


class Refused(GraphkitError):
    """Rows not added: `problems` lists every reason, one line each; nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s); nothing was written")


@dataclass(frozen=True)
class NewRow:
    """A row to add: its cells by column, and where it came from for messages.

    `origin` is "file:line" for a row read from a file (a review CSV); empty for one typed
    as options, whose problems are then named by option (`--quote: ...`).
    """

    cells: dict[str, str]
    origin: str = ""


@dataclass(frozen=True)
class Added:
    """What was appended: the rows as written (cells by column), and the warnings on them."""

    file: str
    rows: list[dict[str, str]]
    origins: list[str]
    warnings: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)  # accepted suggestions: the id each had in the review file


def writable_dataset(path: str | os.PathLike | None) -> Path:
    """The dataset a command may change: never the bundled one, which graphkit ships."""
    directory = resolve_data_dir(path)
    if directory.resolve() == bundled_data_dir().resolve():
        raise GraphkitError("this command changes a dataset: name yours with --data DIR (graphkit init DIR makes one)")
    return directory


# --- actors -----------------------------------------------------------------------------------


def add_actor(
    path: str | os.PathLike | None,
    actor_id: str,
    *,
    name: str,
    kind: str,
    aliases: Iterable[str] = (),
    description: str = "",
) -> Added:
    """Append one actor to actors.csv if the dataset with it still validates.

    Refused (nothing written): a bad or used id, a name or alias another actor uses (or
    one that only looks like it, in other characters), an unknown kind (with the nearest
    valid one), hidden characters, an alias with the separator '|' in it.
    """
    directory = writable_dataset(path)
    aliases = [alias.strip() for alias in aliases]
    problems = [
        f"--alias: '{alias}' has the alias separator '{ALIAS_SEPARATOR}' (give each alias its own --alias)"
        for alias in aliases
        if ALIAS_SEPARATOR in alias
    ]
    cells = {
        "id": actor_id.strip(),
        "name": name.strip(),
        "kind": kind.strip(),
        "aliases": ALIAS_SEPARATOR.join(a for a in aliases if a),
        "description": description.strip(),
    }
    return _append(directory, "actors.csv", [NewRow(cells)], problems)


# --- relations ----------------------------------------------------------------------------------


def add_relations(path: str | os.PathLike | None, rows: Sequence[NewRow], problems: Sequence[str] = ()) -> Added:
    """Append relations to relations.csv if the dataset with all of them still validates.

    `source`, `target` and `claimant` (unless a claimant label) may name an actor as the
    query commands accept it (id, name or alias); each row gets a new id (see the module's
    note). Refused, with every problem: anything `validate` would report on the rows
    (unknown actor, relation, certainty or source; a quote not verbatim in the source's
    article; bad dates), a relation already recorded from the same quote, a value for a
    column relations.csv lacks; and `problems` the caller found, so all are listed at once.
    """
    directory = writable_dataset(path)
    dataset, _ = read_dataset(directory)
    index = NameIndex(dataset.actors)
    problems = list(problems)
    unresolved: list[str] = []
    resolved: list[NewRow] = []
    for row in rows:
        cells = {name: value.strip() for name, value in row.cells.items()}
        for side in ("source", "target", "claimant"):
            if side == "claimant" and cells.get(side) in vocabulary().claimants:
                continue  # a label ("author", "media"), not an actor
            if cells.get(side):
                try:
                    cells[side] = index.resolve(cells[side])
                except UsageError as exc:
                    problems.append(f"{_where(row, side)}: {exc}")
                    unresolved.append(_where(row, side))
        resolved.append(NewRow(cells, row.origin))
    problems += _already_recorded(dataset, resolved)
    taken = {r.id for r in dataset.relations}
    previous = [row.cells.get("id", "") for row in resolved]
    for row in resolved:
        row.cells["id"] = next_relation_id(dataset, row.cells.get("source_doc", ""), taken)
        taken.add(row.cells["id"])
    added = _append(directory, "relations.csv", resolved, problems, unresolved)
    return replace(added, previous=previous)


def accept_suggestions(
    path: str | os.PathLike | None, source_id: str, review: str | os.PathLike, ids: Sequence[str]
) -> Added:
    """Append the suggestions `ids` from `review` (a `graphkit suggest` CSV the analyst edited) as relations.

    Each row goes through `add_relations`, as the analyst left it: names may be names,
    and a cell the suggestion file guarded against spreadsheets (a leading `'`) is read
    without the guard. Every row must be of `source_id`.
    """
    review = Path(review)
    try:
        text = review.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        hint = f"write one with graphkit suggest {source_id} --out FILE"
        raise GraphkitError(f"{review}: no such file ({hint})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphkitError(f"{review}: cannot be read ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [name for name in ("id", "source", "target", "relation", "quote") if name not in columns]
    if missing:
        raise GraphkitError(f"{review}: no column {', '.join(missing)} (is it a file graphkit suggest wrote?)")
    by_id: dict[str, NewRow] = {}
    for record in reader:
        line = reader.line_num  # the record's last line; the rows suggest writes fill one each
        cells = {name.strip(): _unguarded(value or "") for name, value in record.items() if name}
        by_id.setdefault(cells["id"].strip(), NewRow(cells, f"{review.name}:{line}"))
    problems = []
    rows = []
    for wanted in dict.fromkeys(ids):
        row = by_id.get(wanted)
        if row is None:
            known = ", ".join(list(by_id)[:5]) + (", ..." if len(by_id) > 5 else "")
            problems.append(f"{review.name}: no row with id '{wanted}' (its ids: {known or 'none'})")
            continue
        if row.cells.get("source_doc", "").strip() not in ("", source_id):
            problems.append(
                f"{row.origin}: source_doc: '{row.cells['source_doc']}' is not {source_id} "
                "(accept it under its own source)"
            )
            continue
        row.cells["source_doc"] = source_id
        rows.append(row)
    return add_relations(path, rows, problems)


def _unguarded(value: str) -> str:
    """A cell without the `'` graphkit.output put before text a spreadsheet would run as a formula."""
    return value[1:] if value.startswith("'") and neutralise(value[1:]) != value[1:] else value


_NUMBERED = re.compile(r"([A-Za-z]+)([0-9]+)")


def next_relation_id(dataset: Dataset, source_doc: str, taken: set[str]) -> str:
    """A new relation id for a row of `source_doc`: its prefix and the next number (see the module's note)."""
    numbered = [(m[1], m[2], r.source_doc) for r in dataset.relations if (m := _NUMBERED.fullmatch(r.id))]
    own = Counter(prefix for prefix, _, source in numbered if source == source_doc)
    if own:
        prefix = own.most_common(1)[0][0]
    else:
        others = {prefix for prefix, _, source in numbered if source != source_doc}
        prefix = next(p for p in _prefixes(source_doc) if p not in others)
    numbers = [number for p, number, _ in numbered if p == prefix]
    width = max((len(n) for n in numbers), default=3)
    count = max((int(n) for n in numbers), default=0)
    while True:
        count += 1
        candidate = f"{prefix}{count:0{width}d}"
        if candidate not in taken:
            return candidate


def _prefixes(source_doc: str) -> Iterable[str]:
    """Ever longer prefixes for a source id: initials, then more letters of its last word, then more."""
    words = [w for w in re.split(r"[^A-Za-z]+", source_doc) if w] or ["r"]
    initials = "".join(w[0] for w in words).lower() if len(words) > 1 else words[0][:2].lower()
    yield initials
    rest = words[-1][1:] if len(words) > 1 else words[0][2:]
    for length in range(1, len(rest) + 1):
        yield initials + rest[:length].lower()
    number = 2
    while True:
        yield f"{initials}x{number}"
        number += 1


def _already_recorded(dataset: Dataset, rows: Sequence[NewRow]) -> list[str]:
    """A row that repeats a relation already recorded (same actors, type, source and quote): one fact, one row."""
    seen = {(r.source, r.target, r.relation, r.source_doc, squash_whitespace(r.quote)): r.id for r in dataset.relations}
    problems = []
    for row in rows:
        c = row.cells
        key = (
            c.get("source"),
            c.get("target"),
            c.get("relation"),
            c.get("source_doc"),
            squash_whitespace(c.get("quote", "")),
        )
        if key in seen:
            problems.append(
                f"{_where(row, 'quote')}: this relation is already recorded from this quote "
                f"({seen[key] or 'a row above'})"
            )
        else:
            seen[key] = ""
    return problems


# --- appending, checked by validate -----------------------------------------------------------------


def _where(row: NewRow, field_name: str) -> str:
    if row.origin:
        return f"{row.origin}: {field_name}" if field_name else row.origin
    options = {"id": "ID", "aliases": "--alias"}
    return options.get(field_name) or (f"--{field_name.replace('_', '-')}" if field_name else "row")


def _append(
    directory: Path, file: str, rows: Sequence[NewRow], problems: list[str], unresolved: Iterable[str] = ()
) -> Added:
    """Append `rows` to `file` if the dataset with them validates; else raise Refused with every problem.

    `problems`: those found before; `unresolved`: where a name did not resolve (already among them).
    """
    skip = {where: where for where in unresolved}
    target = directory / file
    existing = target.read_bytes() if target.is_file() else b""
    try:
        text = existing.decode("utf-8")
    except UnicodeDecodeError:
        raise GraphkitError(f"{file} is not UTF-8: run graphkit validate and fix it first") from None
    records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    header = [name.strip() for name in records[0]] if records else list(_default_header(file))
    newline = "\r\n" if "\r\n" in text else "\n"
    content = text if not text or text.endswith(("\n", "\r")) else text + newline
    if not records:
        content += _row_text(header, newline)
    line = content.count("\n") + 1
    written, lines = [], []
    for row in rows:
        for name, value in row.cells.items():
            if value and name not in header:
                problems.append(f"{_where(row, name)}: {file} has no '{name}' column (add it to the header first)")
        cells = [row.cells.get(name, "") for name in header]
        piece = _row_text(cells, newline)
        lines.append(line)
        line += piece.count("\n")
        content += piece
        written.append(dict(zip(header, cells, strict=True)))
    _, issues = validate(directory, {file: content.encode("utf-8")})
    by_line = dict(zip(lines, rows, strict=True))
    warnings = []
    for issue in issues:
        row = by_line.get(issue.line) if issue.file == file else None
        where = _where(row, issue.field) if row is not None else _located(issue)
        if issue.is_error:
            if (where, issue.code) != (skip.get(where), "unknown-actor"):  # a name that did not resolve: once
                problems.append(f"{where}: {issue.message}")
        elif row is not None:
            warnings.append(f"{where}: warning: {issue.message}")
    if problems:
        raise Refused(problems)
    if (target.read_bytes() if target.is_file() else b"") != existing:
        raise GraphkitError(f"{file} changed while the rows were checked: nothing was written; run the command again")
    write_text(target, content)
    return Added(file, written, [r.origin for r in rows], warnings)


def _located(issue: Issue) -> str:
    where = f"{issue.file}:{issue.line}" if issue.line else issue.file
    return f"{where}: {issue.field}" if issue.field else where


def _row_text(cells: Sequence[str], newline: str) -> str:
    return data_rows([cells], newline)


def _default_header(file: str) -> tuple[str, ...]:
    from graphkit.dataset import HEADERS

    return HEADERS.get(file, RELATION_COLUMNS)
