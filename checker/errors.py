"""The checker's own error type: raised at the edges, turned into a message and exit code in cli.py."""

from __future__ import annotations


class CheckerError(Exception):
    """Input the checker cannot use. Always carries enough to find the problem by hand."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, location: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.location = location

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.location) if p]
        return ": ".join([*parts, self.message])


class TargetFileError(CheckerError):
    """A target file that fails validation; lists every problem, not just the first."""

    def __init__(self, file: str, problems: list[str]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems), file=file
        )
