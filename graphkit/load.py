"""Dataset directory -> records and the issues found while reading them.

Reading is strict: every cell is text exactly as saved, spreadsheet quirks (BOM,
CRLF, quoted newlines) are accepted, and anything that would silently damage data
(bad encoding, an unclosed quote, NUL bytes, ragged rows) becomes an Issue.
"""

from __future__ import annotations

import csv
import gc
import io
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import GraphkitError, Issue
from graphkit.model import Actor, Dataset, Omission, Relation, Source
from graphkit.text import did_you_mean

ACTOR_COLUMNS = ("id", "name", "kind", "aliases", "description")
RELATION_COLUMNS = (
    "id",
    "source",
    "target",
    "relation",
    "start",
    "end",
    "certainty",
    "source_doc",
    "quote",
    "note",
)
SOURCE_COLUMNS = ("id", "path", "title", "authors", "outlet", "published", "reliability")
FILES = {"actors.csv": ACTOR_COLUMNS, "relations.csv": RELATION_COLUMNS, "sources.csv": SOURCE_COLUMNS}
# An optional file: sentences read and consciously left without a relation (see `graphkit coverage`).
OMISSIONS_FILE = "omissions.csv"
OMISSION_COLUMNS = ("source_doc", "quote", "reason")
# Columns a file may have beyond the required ones. `starts_with` marks where an article
# begins in a document file that holds several articles (it runs to the next one).
# `temporal` overrides a relation type's event/state default for one row (graphkit.rules);
# `claimant` says who makes a claim, `credibility` grades it (Admiralty 1-6). The relations'
# optional columns are in the order of Relation's fields: relations are built by position.
OPTIONAL_COLUMNS = {"sources.csv": ("starts_with",), "relations.csv": ("temporal", "claimant", "credibility")}
ALIAS_SEPARATOR = "|"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Row:
    """One CSV record: the line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off Python's cycle collector while a block makes many objects that form no cycles.

    Reading and building make hundreds of thousands of rows, records and attribute dicts;
    each time enough have piled up, the collector walks every one of them again, which
    doubled the time to read 100,000 relations. Reference counting still frees memory; the
    collector runs as usual after the block (and was never on if it was off before it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def bundled_data_dir() -> Path:
    """The dataset shipped with graphkit (inside the wheel, or the repo's data/)."""
    here = Path(__file__).resolve().parent
    installed = here / "_bundled" / "data"
    return installed if installed.is_dir() else here.parent / "data"


def resolve_data_dir(path: str | os.PathLike | None = None) -> Path:
    """The dataset to use: an explicit path, else $GRAPHKIT_DATA, else the bundled one."""
    chosen = path or os.environ.get("GRAPHKIT_DATA") or bundled_data_dir()
    directory = Path(chosen)
    if not directory.is_dir():
        raise GraphkitError(f"{directory}: not a directory (expected a dataset directory holding {', '.join(FILES)})")
    missing = [name for name in FILES if not (directory / name).is_file()]
    if len(missing) == len(FILES):
        raise GraphkitError(f"{directory}: not a dataset (none of {', '.join(FILES)} is there)")
    return directory


def decode(data: bytes, file: str) -> tuple[str | None, list[Issue]]:
    """UTF-8 text without BOM, or an issue saying where the first bad byte is."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        return None, [
            Issue(
                file,
                line,
                "",
                "not-utf8",
                f"byte 0x{byte:02X} at column {column} is not UTF-8 (re-save the file as UTF-8)",
            )
        ]


def read_csv(
    path: Path, columns: tuple[str, ...], file: str, optional: tuple[str, ...] = ()
) -> tuple[list[Row], list[Issue]]:
    """Rows of a CSV file with `columns` (and maybe `optional` ones), plus every problem found."""
    records, issues = read_records(path, columns, file, optional)
    wanted = columns + optional
    return [Row(line, dict(zip(wanted, cells, strict=True))) for line, cells in records], issues


def read_records(
    path: Path, columns: tuple[str, ...], file: str, optional: tuple[str, ...] = ()
) -> tuple[list[tuple[int, list[str]]], list[Issue]]:
    """`read_csv`'s rows as (line, cells in the order of `columns` then `optional`), without a dict per row.

    For the relations file, whose 100,000 rows made a dict and a Row each for nothing.
    """
    if not path.is_file():
        return [], [Issue(file, 0, "", "missing-file", f"file is missing (expected columns: {','.join(columns)})")]
    text, issues = decode(path.read_bytes(), file)
    if text is None:
        return [], issues
    if not text.strip():
        return [], [Issue(file, 1, "", "empty-file", f"file is empty (expected a header: {','.join(columns)})")]
    records = list(_records(text, file, issues))
    if not records:
        return [], issues
    header_line, header = records[0]
    header = [h.strip() for h in header]
    for name in columns:
        if name not in header:
            issues.append(
                Issue(
                    file,
                    header_line,
                    name,
                    "missing-column",
                    f"column is missing (header must be: {','.join(columns)})",
                )
            )
    for name in header:
        if name not in columns and name not in optional:
            hint = did_you_mean(name, columns + optional)
            issues.append(Issue(file, header_line, name, "extra-column", f"unknown column ({hint})"))
    if len(set(header)) != len(header):
        issues.append(Issue(file, header_line, "", "duplicate-column", "a column name appears twice in the header"))
    wanted = columns + optional
    # Where each wanted column's cell is (the last one of a name given twice, as a dict of the row keeps).
    where = {name: index for index, name in enumerate(header)}
    positions = [where.get(name) for name in wanted]
    in_order = positions == list(range(len(header)))  # the header is exactly the wanted columns, in order
    # One search over the whole file instead of one per cell: most files have no control character.
    controls = _CONTROL.search(text) is not None
    rows = []
    for record in records[1:]:
        line, cells = record
        if len(cells) != len(header):
            issues.append(
                Issue(
                    file,
                    line,
                    "",
                    "wrong-field-count",
                    f"{len(cells)} fields, header has {len(header)} (quote cells that contain commas)",
                )
            )
            continue
        if controls:
            issues.extend(_control_characters(file, line, dict(zip(header, cells, strict=True))))
        rows.append(record if in_order else (line, ["" if at is None else cells[at] for at in positions]))
    return rows, issues


def _control_characters(file: str, line: int, row: dict[str, str]) -> Iterator[Issue]:
    for name, value in row.items():
        found = _CONTROL.search(value)
        if found:
            yield Issue(
                file,
                line,
                name,
                "control-character",
                f"contains control character U+{ord(found.group()):04X} (remove it)",
            )


def _records(text: str, file: str, issues: list[Issue]) -> Iterable[tuple[int, list[str]]]:
    """(first line, cells) per non-blank record; a parse error ends the file with an issue."""
    one_line = _one_line_records(text)
    return _records_by_line(text, file, issues) if one_line is None else one_line


def _one_line_records(text: str) -> list[tuple[int, list[str]]] | None:
    """The records at once, if each fills exactly one line (the usual file): line n holds record n.

    None if any record spans lines (a quoted line break) or the file does not parse: then
    `_records_by_line` follows the reader line by line to number them and locate the error.
    """
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    # Lines as the reader counts them: it also ends a line at a lone CR.
    if "\r" in text:
        lines = sum(1 for _ in io.StringIO(text, newline=""))
    else:
        lines = text.count("\n") + (not text.endswith("\n"))
    if len(records) != lines:
        return None
    return [(number, cells) for number, cells in enumerate(records, 1) if cells and any(cells)]


def _records_by_line(text: str, file: str, issues: list[Issue]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                message = "unclosed quote: the record runs to the end of the file (close the quote)"
            elif "expected after" in message:
                message = f"malformed quoting ({message}; double a quote inside a quoted cell)"
            issues.append(Issue(file, first_line, "", "bad-csv", message))
            return
        if cells and any(cells):
            yield first_line, cells


def read_sources(directory: Path) -> tuple[tuple[Source, ...], list[Issue]]:
    """sources.csv's records (header names and cells stripped), plus every problem found reading it."""
    rows, issues = read_csv(directory / "sources.csv", SOURCE_COLUMNS, "sources.csv", OPTIONAL_COLUMNS["sources.csv"])
    return tuple(Source(**{k: v.strip() for k, v in r.cells.items()}, line=r.line) for r in rows), issues


def document_paths(directory: Path) -> list[str]:
    """Each document path sources.csv names, once, as the loader reads it: what the cache must key on."""
    sources, _ = read_sources(directory)
    return list(dict.fromkeys(source.path for source in sources if source.path))


def document_file(directory: Path, path: str) -> Path:
    """The file a sources.csv `path` cell names. The one rule, used by the loader and the cache's key alike."""
    return directory / path


def read_dataset(path: str | os.PathLike | None = None) -> tuple[Dataset, list[Issue]]:
    """Read a dataset directory into records, with every reading problem as an Issue."""
    with paused_gc():
        return _read_dataset(resolve_data_dir(path))


def _read_dataset(directory: Path) -> tuple[Dataset, list[Issue]]:
    issues: list[Issue] = []

    def rows(name: str) -> list[Row]:
        columns = FILES.get(name, OMISSION_COLUMNS)
        found, problems = read_csv(directory / name, columns, name, OPTIONAL_COLUMNS.get(name, ()))
        issues.extend(problems)
        return found

    actors = tuple(
        Actor(
            id=r.cells["id"].strip(),
            name=r.cells["name"].strip(),
            kind=r.cells["kind"].strip(),
            aliases=tuple(a.strip() for a in r.cells["aliases"].split(ALIAS_SEPARATOR) if a.strip()),
            description=r.cells["description"].strip(),
            line=r.line,
        )
        for r in rows("actors.csv")
    )
    relation_records, problems = read_records(
        directory / "relations.csv", RELATION_COLUMNS, "relations.csv", OPTIONAL_COLUMNS["relations.csv"]
    )
    issues.extend(problems)
    # Cells in RELATION_COLUMNS order, then the optional ones: Relation's field order, a third faster than by name.
    relations = tuple(Relation(*map(str.strip, cells), line=line) for line, cells in relation_records)
    sources, problems = read_sources(directory)
    issues.extend(problems)
    omissions = ()
    if (directory / OMISSIONS_FILE).exists():
        omissions = tuple(
            Omission(**{k: v.strip() for k, v in r.cells.items()}, line=r.line) for r in rows(OMISSIONS_FILE)
        )
    documents: dict[str, str] = {}
    for source in sources:
        if not source.path or source.path in documents:
            continue
        doc = document_file(directory, source.path)
        if not doc.is_file():
            issues.append(
                Issue(
                    "sources.csv",
                    source.line,
                    "path",
                    "missing-document",
                    f"document {source.path} not found (paths are relative to {directory.name}/)",
                )
            )
            continue
        text, problems = decode(doc.read_bytes(), source.path)
        issues.extend(problems)
        if text is not None:
            documents[source.path] = text
    return Dataset(directory, actors, relations, sources, documents, omissions), issues
