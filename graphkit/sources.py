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
from graphkit.load import SOURCE_COLUMNS, decode, resolve_data_dir
from graphkit.text import fold
from graphkit.validate import ID_PATTERN, RELIABILITY_GRADES, validate

DOCUMENTS_DIR = "documents"


@dataclass(frozen=True)
class AddedSource:
    id: str
    path: str  # as written in sources.csv, relative to the dataset directory
    title: str


def documents_dir(directory: Path, paths: list[str]) -> Path:
    """Where the dataset keeps its documents: the one folder they share, else documents/."""
    parents = {(directory / p).resolve().parent for p in paths}
    return parents.pop() if len(parents) == 1 else directory / DOCUMENTS_DIR


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:40].strip("_") or "source"


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
    """Register a document in a dataset's sources.csv, copying it beside the others.

    With `link` the document stays where it is and sources.csv records a path to it.
    Refuses (GraphkitError, nothing changed) an empty, binary or non-UTF-8 file, a
    document already registered (same content), an id in use and a bad reliability grade.
    """
    directory = resolve_data_dir(path)
    dataset, _issues = validate(directory)
    document = Path(file)
    if not document.is_file():
        raise GraphkitError(f"{document}: no such file")
    data = document.read_bytes()
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
    title = title or next((line.strip() for line in text.splitlines() if line.strip()), document.stem)[:200]

    if link:
        relative = os.path.relpath(document.resolve(), directory.resolve())
        copy = None
    else:
        folder = documents_dir(directory, [s.path for s in dataset.sources])
        copy = folder / document.name
        if copy.exists():
            raise GraphkitError(f"{copy} already exists with other content (rename the file you are adding)")
        relative = os.path.relpath(copy, directory.resolve())
    relative = Path(relative).as_posix()

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
