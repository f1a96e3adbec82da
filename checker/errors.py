"""The checker's own error type: raised at the edges, turned into a message and exit code in cli.py."""

from __future__ import annotations

from pathlib import Path


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


def read_input(path: str | Path, expected: str) -> bytes:
    """The bytes of a file the user named, or the checker's error saying why not.

    `expected` names what should be there ("a .toml target file"), for the message.
    """
    file = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CheckerError(f"file not found, expected {expected}", file=file) from None
    except IsADirectoryError:
        raise CheckerError(f"is a folder, expected {expected}", file=file) from None
    except PermissionError:
        raise CheckerError("permission denied: the file cannot be read", file=file) from None
    except OSError as error:
        raise CheckerError(f"cannot read: {error.strerror or error}", file=file) from None


def read_input_text(path: str | Path, expected: str) -> str:
    """Like read_input, for UTF-8 text files (target files, saved results, configuration)."""
    data = read_input(path, expected)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CheckerError(f"not UTF-8 text (byte {error.start}), expected {expected}", file=str(path)) from None
