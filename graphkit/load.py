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
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from itertools import chain, compress, islice, repeat
from pathlib import Path
from typing import TypeVar

from graphkit.errors import GraphkitError, Issue
from graphkit.model import Actor, Dataset, Omission, Relation, Source
from graphkit.progress import progress
from graphkit.text import describe_character, did_you_mean, has_hidden, hidden_characters, hidden_kind, nearest

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
RELATION_FIELDS = RELATION_COLUMNS + OPTIONAL_COLUMNS["relations.csv"]
ALIAS_SEPARATOR = "|"
T = TypeVar("T")
# Columns of prose: a hidden character there is a warning (it may be in the document too);
# in every other column (ids, names, aliases, kinds, dates, paths) it is an error.
PROSE_COLUMNS = frozenset({"description", "quote", "note", "title", "authors", "outlet", "starts_with", "reason"})
# Codes of issues after which a file's rows are not (all) read: checks that look rows up in
# that file (an actor, a source) are skipped rather than failing once per row.
UNREAD_CODES = frozenset({"missing-file", "empty-file", "not-utf8", "bad-header", "bad-csv"})
# A document larger than this is refused: no curated article comes near it, and reading
# a huge or endless file would stall every command.
DOCUMENT_LIMIT = 50 * 1024 * 1024
DOCUMENTS_ENV = "GRAPHKIT_DOCUMENTS"

# No cell is too long to read: the csv module's default limit (131,072 characters) made a
# long quote end the file there, hiding every later row.
csv.field_size_limit(2**31 - 1)


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
    What the block made is long-lived (a dataset, a graph): it joins the oldest generation,
    for the next full collection, rather than the youngest, which the first allocation
    after the block would walk whole (0.7 s after validating a million relations).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # every object into the permanent generation, the young count reset...
            gc.unfreeze()  # ...and back, into the oldest generation
            gc.enable()


def bundled_data_dir() -> Path:
    """The dataset shipped with graphkit (inside the wheel, or the repo's data/)."""
    here = Path(__file__).resolve().parent
    installed = here / "_bundled" / "data"
    return installed if installed.is_dir() else here.parent / "data"


def bundled_documents_dir() -> Path:
    """Where the bundled dataset's documents are (beside it in the wheel, the repo's seeds/)."""
    return bundled_data_dir().parent / "seeds"


# Document folders named for this run (the CLI's --documents); None: $GRAPHKIT_DOCUMENTS.
_named_folders: ContextVar[tuple[Path, ...] | None] = ContextVar("graphkit_document_folders", default=None)


@contextmanager
def document_folders_named(folders: Iterable[str | os.PathLike]) -> Iterator[None]:
    """Within the block, datasets may also read documents from `folders` (as --documents says)."""
    token = _named_folders.set(tuple(Path(f) for f in folders))
    try:
        yield
    finally:
        _named_folders.reset(token)


def document_folders(directory: str | os.PathLike) -> tuple[Path, ...]:
    """The folders a dataset may read documents from, resolved: its own, and those the user named.

    A dataset cannot widen this itself: anything sources.csv says stays inside these. The
    bundled dataset alone also reads the bundled documents, because graphkit ships them.
    """
    directory = Path(directory).resolve()
    named = _named_folders.get()
    if named is None:
        named = tuple(Path(p) for p in os.environ.get(DOCUMENTS_ENV, "").split(os.pathsep) if p)
    folders = [directory, *(folder.resolve() for folder in named)]
    if directory == bundled_data_dir().resolve():
        folders.append(bundled_documents_dir().resolve())
    return tuple(dict.fromkeys(folders))


class DocumentRefused(GraphkitError):
    """A source's document that graphkit will not read; `code` names why, as an Issue's code does."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def document_file(directory: str | os.PathLike, path: str, folders: tuple[Path, ...] | None = None) -> Path:
    """The file a sources.csv `path` cell names, symlinks resolved: the one rule, for the loader and the cache's key.

    Raises DocumentRefused ("document-outside") when it resolves outside `folders`
    (default: `document_folders(directory)`), however it gets there (an absolute path,
    `..`, a symlink).
    """
    resolved = (Path(directory) / path).resolve()
    folders = document_folders(directory) if folders is None else folders
    if not any(resolved.is_relative_to(folder) for folder in folders):
        raise DocumentRefused(
            "document-outside",
            f"document path {path} leaves the dataset folder (put the document inside "
            f"{Path(directory).resolve().name}/ or name its folder with --documents)",
        )
    return resolved


def read_document(path: Path, shown: str) -> bytes:
    """A document's bytes, if it is a regular file of at most DOCUMENT_LIMIT bytes.

    Never opens a directory, device, FIFO or socket, and cannot block: the file is checked
    before it is opened, opened without waiting (O_NONBLOCK), checked again, and read no
    further than the limit (files in /proc say they are empty and are not).
    Raises DocumentRefused with `shown` (the path as the user wrote it) in the message.
    """
    try:
        status = os.stat(path)
        _check_document_status(status, shown)
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with open(handle, "rb", closefd=True) as opened:
            _check_document_status(os.fstat(handle), shown)
            data = opened.read(DOCUMENT_LIMIT + 1)
    except FileNotFoundError:
        raise DocumentRefused("missing-document", f"document {shown} not found") from None
    except OSError as exc:
        raise DocumentRefused("unreadable-document", f"document {shown} cannot be read ({exc.strerror})") from None
    if len(data) > DOCUMENT_LIMIT:
        raise DocumentRefused("document-too-large", f"document {shown} is larger than {_LIMIT_TEXT} (split it)")
    return data


_LIMIT_TEXT = f"{DOCUMENT_LIMIT // (1024 * 1024)} MB"


def _check_document_status(status: os.stat_result, shown: str) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise DocumentRefused(
            "not-a-document", f"document {shown} is not a regular file (a folder, device or pipe; name a text file)"
        )
    if status.st_size > DOCUMENT_LIMIT:
        raise DocumentRefused("document-too-large", f"document {shown} is larger than {_LIMIT_TEXT} (split it)")


def resolve_data_dir(path: str | os.PathLike | None = None) -> Path:
    """The dataset to use: an explicit path, else $GRAPHKIT_DATA, else the bundled one.

    An empty path or $GRAPHKIT_DATA (an unset shell variable, `--data "$DIR"`) is an error,
    never the bundled data: a command that writes would change the wrong dataset.
    """
    if path is not None and not os.fspath(path):
        raise GraphkitError("--data is empty (an unset shell variable?): name a dataset directory, or leave it out")
    if path is None and os.environ.get("GRAPHKIT_DATA") == "":
        raise GraphkitError("GRAPHKIT_DATA is set but empty: name a dataset directory, or unset it")
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
    path: Path, columns: tuple[str, ...], file: str, optional: tuple[str, ...] = (), data: bytes | None = None
) -> tuple[list[Row], list[Issue]]:
    """Rows of a CSV file with `columns` (and maybe `optional` ones), plus every problem found.

    `data`: the file's content to read instead of what is on disk (a change not yet written).
    """
    wanted = columns + optional
    return read_records(
        path,
        columns,
        file,
        optional,
        data,
        lambda lines, columns: [
            Row(line, dict(zip(wanted, cells, strict=True)))
            for line, cells in zip(lines, zip(*columns, strict=True), strict=True)
        ],
    )


# Rows handed to a `read_records` maker at a time: its work is done column by column.
BATCH = 4096


def read_records(
    path: Path,
    columns: tuple[str, ...],
    file: str,
    optional: tuple[str, ...] = (),
    data: bytes | None = None,
    make: Callable[[list[int], list[Sequence[str]]], Iterable[T]] | None = None,
) -> tuple[list[T] | list[tuple[int, list[str]]], list[Issue]]:
    """`read_csv`'s rows as (line, cells in the order of `columns` then `optional`), without a dict per row.

    For the relations file, whose 100,000 rows made a dict and a Row each for nothing. With
    `make`, rows are made as the file is read, a batch at a time: `make(lines, cells by
    column)` gives the batch's records, so its work (stripping, interning, setting a field)
    is one call over a column, not one per cell; a million rows' cell lists never exist at
    once (1.2 GB at a million relations).
    """
    if data is None:
        if not path.is_file():
            return [], [Issue(file, 0, "", "missing-file", f"file is missing (expected columns: {','.join(columns)})")]
        data = path.read_bytes()
    text, issues = decode(data, file)
    if text is None:
        return [], issues
    # One search over the whole file instead of one per cell: most files have no hidden character.
    hidden = has_hidden(data)
    del data  # a second copy of the file while its records are made: 190 MB at a million relations
    if not text or text.isspace():
        return [], [Issue(file, 1, "", "empty-file", f"file is empty (expected a header: {','.join(columns)})")]
    lines = text.count("\n")
    batches = _record_batches(text, file, issues, plain=not hidden)
    del text  # the reader holds what it still needs
    first = next(batches, None)
    if first is None:
        return [], issues
    starts, records, one_line = first
    header_line, header = starts[0], [h.strip() for h in records[0]]
    problem = _header_problem(header, columns, optional)
    if problem:  # the rows cannot be read by column: one issue, not one per row
        issues.append(Issue(file, header_line, "", "bad-header", problem))
        return [], issues
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
    width = len(header)
    if make is None:
        make = _line_and_cells
    batches = chain([(starts[1:], records[1:], None if one_line is None else one_line[1:])], batches)
    if make is not _line_and_cells:  # a million relations take a while
        batches = progress(batches, desc=f"reading {file}", total=lines // BATCH + 1)
    rows: list = []
    for starts, records, one_line in batches:
        if hidden or one_line is not None or set(map(len, records)) - {width}:
            starts, records = _rows_checked(file, header, hidden, issues, starts, records, one_line)
        if records:
            by_column = list(zip(*records, strict=True))
            del records
            empty = ("",) * len(starts)  # the cells of a column the header lacks
            rows += make(starts, [empty if at is None else by_column[at] for at in positions])
    return rows, issues


def _line_and_cells(lines: list[int], columns: list[Sequence[str]]) -> list[tuple[int, list[str]]]:
    return [(line, list(cells)) for line, cells in zip(lines, zip(*columns, strict=True), strict=True)]


def _rows_checked(
    file: str,
    header: list[str],
    hidden: bool,
    issues: list[Issue],
    starts: Sequence[int],
    records: list[list[str]],
    one_line: Sequence[bool] | None,
) -> tuple[list[int], list[list[str]]]:
    """A batch's records with as many cells as the header, one by one; issues for the others and hidden characters."""
    width = len(header)
    kept_starts: list[int] = []
    kept: list[list[str]] = []
    for index, (line, cells) in enumerate(zip(starts, records, strict=True)):
        if len(cells) != width:
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
        if hidden or (
            one_line is not None and not one_line[index]
        ):  # only a record spanning lines can hide a line break
            issues.extend(_hidden_characters(file, line, dict(zip(header, cells, strict=True))))
        kept_starts.append(line)
        kept.append(cells)
    return kept_starts, kept


def _header_problem(header: list[str], columns: tuple[str, ...], optional: tuple[str, ...]) -> str:
    """What is wrong with a header that lacks a required column ('' if none is missing)."""
    missing = [name for name in columns if name not in header]
    if not missing:
        return ""
    unknown = [name for name in header if name not in columns and name not in optional]
    guesses = []
    for name in missing:
        close = nearest(name, unknown, n=1)
        guesses.append(f"column '{name}' is missing" + (f" (did you mean '{close[0]}'?)" if close else ""))
    allowed = f" (and optionally {','.join(optional)})" if optional else ""
    return (
        f"bad header: {'; '.join(guesses)}; the header must be {','.join(columns)}{allowed}; "
        "rows are not checked until it is fixed"
    )


def _hidden_characters(file: str, line: int, row: dict[str, str]) -> Iterator[Issue]:
    """Control, bidi and invisible characters: an error in ids, names and other values, a warning in prose."""
    for name, value in row.items():
        prose = name in PROSE_COLUMNS
        found = hidden_characters(value, layout=prose)
        if not found:
            continue
        position, character = found[0]
        more = f", and {len(found) - 1} more" if len(found) > 1 else ""
        what = f"{hidden_kind(character)} {describe_character(character)} at position {position}{more}"
        if prose:
            yield Issue(file, line, name, "hidden-character", f"{what} (shown escaped; remove it)", "warning")
        else:
            yield Issue(file, line, name, "hidden-character", f"{what} (remove it)")


def _records_by_line(
    text: str, file: str, issues: list[Issue], *, plain: bool = False
) -> Iterator[tuple[int, list[str], bool]]:
    """(first line, cells, whether it fills one line) per non-blank record, as read (see `_record_batches`)."""
    for starts, records, one_line in _record_batches(text, file, issues, plain=plain):
        for index, (line, cells) in enumerate(zip(starts, records, strict=True)):
            yield line, cells, one_line is None or one_line[index]


# A batch of records: their first lines, their cells, and whether each fills one line (None: all do).
Batch = tuple[Sequence[int], list[list[str]], Sequence[bool] | None]


def _record_batches(text: str, file: str, issues: list[Issue], *, plain: bool = False) -> Iterator[Batch]:
    """The non-blank records, a batch at a time, as the file is read.

    A parse error ends the file with an issue. Lines are numbered as the reader counts
    them: it also ends a line at a lone CR.

    `plain` says the text has no hidden character (`has_hidden`): then `str.splitlines`
    cuts it exactly where the reader would (its other line breaks, such as U+2028, are
    all hidden characters), in a quarter of the memory of a StringIO (four bytes a
    character: 750 MB for a million relations). Then too the reader takes a batch of
    records at once: where they took as many lines, each took one, and their line numbers
    follow; only a batch with a record spanning lines, or a parse error, is read again
    record by record.
    """
    if not plain:
        yield from _batches_record_by_record(io.StringIO(text, newline=""), 0, file, issues)
        return
    lines = text.splitlines(keepends=True)
    del text
    reader = csv.reader(lines, strict=True)
    read = 0  # lines read so far
    while True:
        try:
            records = list(islice(reader, BATCH))
        except csv.Error:  # read again record by record, up to the error, for its line
            yield from _batches_record_by_record(lines[read:], read, file, issues)
            return
        if not records:
            return
        before, read = read, reader.line_num
        if read - before != len(records):  # a record spans lines
            yield from _batches_record_by_record(lines[before:read], before, file, issues)
            continue
        starts = range(before + 1, read + 1)
        filled = list(map(any, records))  # a blank line is an empty record
        if all(filled):
            yield starts, records, None
        else:
            yield list(compress(starts, filled)), list(compress(records, filled)), None


def _batches_record_by_record(lines: Iterable[str], offset: int, file: str, issues: list[Issue]) -> Iterator[Batch]:
    """`_record_batches` with the reader's line count asked after each record, the first line being `offset` + 1."""
    reader = csv.reader(lines, strict=True)
    read = offset  # lines read so far: the next record starts on the line after
    starts: list[int] = []
    records: list[list[str]] = []
    one_line: list[bool] = []
    try:
        for cells in reader:
            first_line, read = read + 1, offset + reader.line_num
            if cells and any(cells):
                starts.append(first_line)
                records.append(cells)
                one_line.append(read == first_line)
                if len(records) == BATCH:
                    yield starts, records, one_line
                    starts, records, one_line = [], [], []
    except csv.Error as exc:
        message = str(exc)
        if "unexpected end of data" in message:
            message = "unclosed quote: the record runs to the end of the file (close the quote)"
        elif "expected after" in message:
            message = f"malformed quoting ({message}; double a quote inside a quoted cell)"
        issues.append(Issue(file, read + 1, "", "bad-csv", message))
    if records:
        yield starts, records, one_line


def _relation_maker() -> Callable[[list[int], list[Sequence[str]]], list[Relation]]:
    """Relations from a batch's lines and cells by column (RELATION_COLUMNS, then the optional ones: its field order).

    Ids, relation types, certainty levels, sources and dates repeat from row to row: each
    distinct value is kept once (less memory at a million relations, and later lookups
    compare the same object).
    """
    one = sys.intern  # faster than a dict of our own; a value no record holds any more is let go
    # Each field set as the frozen dataclass's own __init__ sets it, in the same order, without
    # the call, and a column at a time through the field's slot: `map` makes the calls, not a
    # Python loop per cell (a test keeps the two equal).
    new, strip = object.__new__, str.strip
    interned = frozenset(RELATION_FIELDS) - {"id", "quote", "note"}
    if [f.name for f in fields(Relation)] != [*RELATION_FIELDS, "line"]:  # an unset slot would fail when read
        raise TypeError("Relation's fields and RELATION_FIELDS differ")
    slots = [getattr(Relation, name).__set__ for name in RELATION_FIELDS]
    set_line = Relation.line.__set__

    def make(lines: list[int], columns: list[Sequence[str]]) -> list[Relation]:
        relations = list(map(new, repeat(Relation, len(lines))))
        for name, put, cells in zip(RELATION_FIELDS, slots, columns, strict=True):
            if any(cells):  # else every cell is "" (or the header lacks the column): nothing to strip or keep once
                cells = map(strip, cells)
                cells = map(one, cells) if name in interned else cells
            deque(map(put, relations, cells), 0)
        deque(map(set_line, relations, lines), 0)
        return relations

    return make


def read_sources(directory: Path, data: bytes | None = None) -> tuple[tuple[Source, ...], list[Issue]]:
    """sources.csv's records (header names and cells stripped), plus every problem found reading it."""
    rows, issues = read_csv(
        directory / "sources.csv", SOURCE_COLUMNS, "sources.csv", OPTIONAL_COLUMNS["sources.csv"], data
    )
    return tuple(Source(**{k: v.strip() for k, v in r.cells.items()}, line=r.line) for r in rows), issues


def document_paths(directory: Path) -> list[str]:
    """Each document path sources.csv names, once, as the loader reads it: what the cache must key on."""
    sources, _ = read_sources(directory)
    return list(dict.fromkeys(source.path for source in sources if source.path))


def read_dataset(
    path: str | os.PathLike | None = None, pending: Mapping[str, bytes] | None = None
) -> tuple[Dataset, list[Issue]]:
    """Read a dataset directory into records, with every reading problem as an Issue.

    `pending` maps a file name ("relations.csv") to content to read in place of the file on
    disk: the dataset as it would be after a change, checked before anything is written.
    """
    with paused_gc():
        directory, pending = resolve_data_dir(path), pending or {}
        actors, issues = read_actors(directory, pending.get("actors.csv"))
        dataset, more = read_beside(directory, actors, pending)
        return dataset, issues + more


def read_actors(directory: Path, data: bytes | None = None) -> tuple[tuple[Actor, ...], list[Issue]]:
    """actors.csv's records (cells stripped, aliases split), plus every problem found reading it.

    Read before the rest (`read_beside`), so that work on the actors alone can start while
    the rest is read.
    """
    rows, issues = read_csv(directory / "actors.csv", ACTOR_COLUMNS, "actors.csv", (), data)
    actors = tuple(
        Actor(
            id=r.cells["id"].strip(),
            name=r.cells["name"].strip(),
            kind=r.cells["kind"].strip(),
            aliases=tuple(a.strip() for a in r.cells["aliases"].split(ALIAS_SEPARATOR) if a.strip()),
            description=r.cells["description"].strip(),
            line=r.line,
        )
        for r in rows
    )
    return actors, issues


def read_beside(
    directory: Path, actors: tuple[Actor, ...], pending: Mapping[str, bytes]
) -> tuple[Dataset, list[Issue]]:
    """The dataset of `actors` (from `read_actors`) and the directory's other files, with every problem reading them."""
    issues: list[Issue] = []
    relations, problems = read_records(
        directory / "relations.csv",
        RELATION_COLUMNS,
        "relations.csv",
        OPTIONAL_COLUMNS["relations.csv"],
        pending.get("relations.csv"),
        _relation_maker(),
    )
    issues.extend(problems)
    sources, problems = read_sources(directory, pending.get("sources.csv"))
    issues.extend(problems)
    omissions = ()
    if OMISSIONS_FILE in pending or (directory / OMISSIONS_FILE).exists():
        rows, problems = read_csv(
            directory / OMISSIONS_FILE, OMISSION_COLUMNS, OMISSIONS_FILE, (), pending.get(OMISSIONS_FILE)
        )
        issues.extend(problems)
        omissions = tuple(Omission(**{k: v.strip() for k, v in r.cells.items()}, line=r.line) for r in rows)
    documents: dict[str, str] = {}
    folders = document_folders(directory)
    for source in sources:
        if not source.path or source.path in documents:
            continue
        try:
            data = read_document(document_file(directory, source.path, folders), source.path)
        except DocumentRefused as refused:
            message = str(refused)
            if refused.code == "missing-document":
                message += f" (paths are relative to {directory.name}/)"
            issues.append(Issue("sources.csv", source.line, "path", refused.code, message))
            continue
        text, problems = decode(data, source.path)
        issues.extend(problems)
        if text is not None:
            documents[source.path] = text
    return Dataset(directory, actors, tuple(relations), sources, documents, omissions), issues
