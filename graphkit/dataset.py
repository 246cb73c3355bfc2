"""Making a dataset: a new empty one, or a self-contained copy of the bundled one (`graphkit init`).

A dataset keeps its documents inside its folder (`documents/`), so it can be moved,
copied or shared as one folder and validates wherever it lands.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.files import write_bytes, write_text
from graphkit.load import (
    ACTOR_COLUMNS,
    OMISSION_COLUMNS,
    OMISSIONS_FILE,
    OPTIONAL_COLUMNS,
    RELATION_COLUMNS,
    SOURCE_COLUMNS,
    DocumentRefused,
    bundled_data_dir,
    document_file,
    read_document,
)
from graphkit.output import data_rows
from graphkit.sources import DOCUMENTS_DIR

CSV_FILES = ("actors.csv", "relations.csv", "sources.csv", OMISSIONS_FILE)
HEADERS = {
    "actors.csv": ACTOR_COLUMNS,
    "relations.csv": RELATION_COLUMNS + OPTIONAL_COLUMNS["relations.csv"],
    "sources.csv": SOURCE_COLUMNS + OPTIONAL_COLUMNS["sources.csv"],
    OMISSIONS_FILE: OMISSION_COLUMNS,
}

_README = """\
# {name}: a graphkit dataset

| file | what it holds |
| --- | --- |
| `actors.csv` | who: `id` (snake_case), `name`, `kind`, `aliases` (`\\|`-separated), `description` |
| `relations.csv` | who does what to whom: one row per relation, with its dates, certainty, source and verbatim quote |
| `sources.csv` | the documents: `id`, `path` (inside this folder), `title`, `authors`, `outlet`, ... |
| `omissions.csv` | sentences read and consciously given no relation, and why |
| `documents/` | the documents' text; `graphkit sources add` copies a new one here as `<id>.txt` |
{origin}
Every relation quotes its document verbatim. Check the dataset with
`graphkit --data {name} validate`; `graphkit vocab` lists the actor kinds, relation types
and certainty levels. Add to it without editing the CSV files: `graphkit --data {name}
sources add FILE`, `actors candidates SOURCE`, `actors add`, `suggest`, `relations add`.
"""

_BUNDLED_ORIGIN = """
A copy of the dataset bundled with graphkit (its curation rules are in graphkit's
`data/README.md`); its documents are in `documents/` under their original file names.
"""


@dataclass(frozen=True)
class Created:
    directory: Path
    actors: int
    relations: int
    sources: int
    documents: int


def init_dataset(directory: str | os.PathLike, *, from_bundled: bool = False) -> Created:
    """Make a new dataset in `directory`, which must be absent or an empty folder.

    Empty: the four CSV files with their headers, `documents/` and a README of the layout.
    `from_bundled`: a copy of the bundled dataset whose documents are copied into
    `documents/` (a document several sources share, once) and sources.csv's paths pointed
    at them, so the copy validates on its own. On failure nothing is left behind.
    """
    target = Path(directory)
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise GraphkitError(f"{target} exists and is not a folder (name a new or empty folder)")
        if any(target.iterdir()):
            raise GraphkitError(f"{target} is not empty (init makes a new dataset: name a new or empty folder)")
    files = _bundled_copy() if from_bundled else _empty()
    readme = _README.format(name=target.name or str(target), origin=_BUNDLED_ORIGIN if from_bundled else "")
    files["README.md"] = readme.encode("utf-8")
    created = not target.exists()
    written: list[Path] = []
    try:
        (target / DOCUMENTS_DIR).mkdir(parents=True, exist_ok=True)
        written.append(target / DOCUMENTS_DIR)
        for name, data in files.items():
            path = target / name
            if name.endswith((".csv", ".md")):
                write_text(path, data.decode("utf-8"))
            else:
                write_bytes(path, data)
            written.append(path)
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for path in reversed(written):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        raise
    return Created(
        target,
        actors=_rows(files["actors.csv"]),
        relations=_rows(files["relations.csv"]),
        sources=_rows(files["sources.csv"]),
        documents=sum(name.startswith(f"{DOCUMENTS_DIR}/") for name in files),
    )


def _empty() -> dict[str, bytes]:
    return {name: _csv([HEADERS[name]]).encode("utf-8") for name in CSV_FILES}


def _csv(rows: list) -> str:
    return data_rows(rows)


def _rows(data: bytes) -> int:
    return max(0, sum(1 for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) if any(row)) - 1)


def _bundled_copy() -> dict[str, bytes]:
    """The bundled dataset's files, as they would be in a folder of their own."""
    bundled = bundled_data_dir()
    files = {name: (bundled / name).read_bytes() for name in CSV_FILES if (bundled / name).is_file()}
    text = files["sources.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [name.strip() for name in rows[0]]
    at = header.index("path")
    copies: dict[Path, str] = {}  # the bundled document -> its path in the copy
    for row in rows[1:]:
        if not any(row) or not row[at].strip():
            continue
        shown = row[at].strip()
        try:
            original = document_file(bundled, shown)
            if original not in copies:
                name = _free_name(original.name, copies.values())
                data = read_document(original, shown)
                files[name] = data
                copies[original] = name
        except DocumentRefused as refused:
            raise GraphkitError(f"the bundled dataset cannot be copied: {refused}") from None
        row[at] = copies[original]
    files["sources.csv"] = _csv(rows).encode("utf-8")
    return files


def _free_name(name: str, taken) -> str:
    """documents/NAME, or NAME-2, NAME-3... when another document already has that name."""
    taken = set(taken)
    stem, suffix = os.path.splitext(name)
    candidate, number = f"{DOCUMENTS_DIR}/{name}", 1
    while candidate in taken:
        number += 1
        candidate = f"{DOCUMENTS_DIR}/{stem}-{number}{suffix}"
    return candidate
