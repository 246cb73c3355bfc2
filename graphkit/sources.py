"""Adding a source document to a dataset: checked first, then written atomically or not at all."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.files import atomic_path
from graphkit.load import SOURCE_COLUMNS, DocumentRefused, decode, document_file, read_document, resolve_data_dir
from graphkit.text import describe_character, fold, hidden_characters, hidden_kind, squash_whitespace
from graphkit.validate import ID_PATTERN, RELIABILITY_GRADES, validate

DOCUMENTS_DIR = "documents"  # where `sources add` puts a copy, as <source id>.txt


@dataclass(frozen=True)
class AddedSource:
    id: str
    path: str  # as written in sources.csv, relative to the dataset directory
    title: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:40].strip("_") or "source"


def _refuse_hidden(option: str, value: str) -> None:
    found = hidden_characters(value)
    if found:
        position, character = found[0]
        raise GraphkitError(
            f"{option} has a {hidden_kind(character)}, {describe_character(character)}, at position {position} "
            "(remove it)"
        )


def _clean(line: str) -> str:
    """A line of a document as a title: hidden characters dropped, whitespace squashed."""
    hidden = {character for _position, character in hidden_characters(line)}
    return squash_whitespace("".join(" " if character in hidden else character for character in line))


def _check_document(data: bytes, name: str) -> str:
    if not data.strip():
        raise GraphkitError(f"{name}: the file is empty (nothing to cite)")
    if b"\x00" in data:
        raise GraphkitError(f"{name}: the file is binary (it contains NUL bytes); convert it to plain text first")
    text, problems = decode(data, name)
    if text is None:
        problem = problems[0]
        raise GraphkitError(f"{name}:{problem.line}: {problem.message}")
    return text


def add_source(
    path: str | os.PathLike,
    file: str | os.PathLike,
    *,
    source_id: str | None = None,
    title: str | None = None,
    authors: str = "",
    outlet: str = "",
    published: str = "",
    reliability: str = "",
    link: bool = False,
) -> AddedSource:
    """Register a document in a dataset's sources.csv, copying it to the dataset's documents/<id>.txt.

    With `link` the document stays where it is and sources.csv records a path to it, which
    must lie inside the dataset's folder or one named with --documents.
    Refuses (GraphkitError, nothing changed) a file that is not a regular one or is over the
    size limit, an empty, binary or non-UTF-8 file, a document already registered (same
    content), an id in use, a bad reliability grade and a title, authors or outlet with a
    control or invisible character. A title taken from the document is cleaned of them.
    """
    directory = resolve_data_dir(path)
    dataset, _issues = validate(directory)
    document = Path(file)
    try:
        data = read_document(document, str(document))
    except DocumentRefused as refused:
        raise GraphkitError(str(refused)) from None
    text = _check_document(data, str(document))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for known_path, known_text in dataset.documents.items():
        if hashlib.sha256(known_text.encode("utf-8")).hexdigest() == digest:
            owners = ", ".join(s.id for s in dataset.sources if s.path == known_path)
            raise GraphkitError(f"{document}: already registered as {known_path} (source {owners})")
    source_id = source_id or _slug(document.stem)
    if not ID_PATTERN.fullmatch(source_id):
        raise GraphkitError(f"id '{source_id}' is not snake_case (e.g. '{_slug(source_id)}')")
    if source_id in {s.id for s in dataset.sources}:
        raise GraphkitError(f"id '{source_id}' is already used in sources.csv (choose another with --id)")
    if reliability and (len(reliability) != 1 or reliability not in RELIABILITY_GRADES):
        raise GraphkitError(f"reliability '{reliability}' is not a grade (use one letter A-F, or leave it out)")
    for option, value in (("--title", title), ("--authors", authors), ("--outlet", outlet)):
        _refuse_hidden(option, value or "")
    title = title or _clean(next((line for line in text.splitlines() if line.strip()), document.stem))[:200]

    if link:
        relative = Path(os.path.relpath(document.resolve(), directory.resolve())).as_posix()
        try:
            document_file(directory, relative)
        except DocumentRefused as refused:
            raise GraphkitError(f"{document}: cannot be linked: {refused}") from None
        _refuse_hidden("the linked file's path", relative)
        copy = None
    else:
        copy = directory / DOCUMENTS_DIR / f"{source_id}.txt"
        if copy.exists() or copy.is_symlink():
            raise GraphkitError(f"{copy} already exists (choose another id with --id)")
        relative = f"{DOCUMENTS_DIR}/{source_id}.txt"

    sources_csv = directory / "sources.csv"
    existing = sources_csv.read_bytes() if sources_csv.exists() else b""
    row = io.StringIO()
    writer = csv.writer(row, lineterminator="\r\n" if b"\r\n" in existing else "\n")
    if not existing.strip():
        writer.writerow(SOURCE_COLUMNS)
    values = dict(
        zip(SOURCE_COLUMNS, [source_id, relative, title, authors, outlet, published, reliability], strict=True)
    )
    header = next(csv.reader(io.StringIO(existing.decode("utf-8-sig")))) if existing.strip() else list(SOURCE_COLUMNS)
    writer.writerow([values.get(name.strip(), "") for name in header])
    separator = b"" if not existing or existing.endswith(b"\n") else b"\n"

    if copy is not None:
        with atomic_path(copy) as temporary:
            temporary.write_bytes(data)
    try:
        with atomic_path(sources_csv) as temporary:
            temporary.write_bytes(existing + separator + row.getvalue().encode("utf-8"))
    except BaseException:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise
    return AddedSource(source_id, relative, title)
