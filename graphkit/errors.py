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
    # "error" makes the dataset invalid; "warning" is worth a look but loads (text that
    # displays oddly, such as a control character inside a quote).
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        warning = " warning:" if self.severity == "warning" else ""
        return f"{where}:{field}{warning} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity != "warning"


class ValidationFailed(GraphkitError):
    """The dataset has problems; `issues` lists every one of them."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues)
        self.errors = sum(issue.is_error for issue in self.issues)
        super().__init__(f"{self.errors} problem(s) in the dataset")
