"""Errors and validation issues: library code raises these, the CLI formats them."""

from __future__ import annotations

from dataclasses import dataclass


class GraphkitError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero."""

    exit_code = 1


class UsageError(GraphkitError):
    """A bad name or option given on the command line (exit 2, like click)."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in a dataset, located where the curator will look for it.

    `line` is the physical line in the file as an editor numbers it (1 = header);
    a problem in a multi-line record names the record's first line.
    """

    file: str
    line: int
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ValidationFailed(GraphkitError):
    """The dataset has problems; `issues` lists every one of them."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues)
        super().__init__(f"{len(self.issues)} problem(s) in the dataset")
