"""The checker's own error type: raised at the edges, turned into a message and exit code in cli.py.

Every error is worded twice: in English (`message`, also what str() and the JSON "error" fields
give) and in Chinese (`zh`), the default language of what users read. `text(lang)` picks one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable


class CheckerError(Exception):
    """Input the checker cannot use. Always carries enough to find the problem by hand."""

    exit_code = 2

    def __init__(self, message: str, *, zh: str | None = None, file: str | None = None, location: str | None = None):
        super().__init__(message)
        self.message = message
        self.zh = zh if zh is not None else message
        self.file = file
        self.location = location

    def text(self, lang: str = "zh") -> str:
        """The message in `lang` ("zh" or "en"), after the file and the cell or line it concerns."""
        parts = [p for p in (self.file, self.location) if p]
        return ": ".join([*parts, self.zh if lang == "zh" else self.message])

    def __str__(self) -> str:
        return self.text("en")


class TargetFileError(CheckerError):
    """A target file that fails validation; lists every problem, not just the first.

    The problems themselves stay in English, for the authors of target files; the heading is in both.
    """

    def __init__(self, file: str, problems: list[str]):
        self.problems = problems
        items = "".join(f"\n  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s):{items}", zh=f"{len(problems)} 个问题：{items}", file=file)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a mistyped `word` (xinzho → xinzhou), or None when none is close."""
    import difflib  # here, not on the way of every check

    found = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return found[0] if found else None


def read_input(path: str | Path, expected: str, expected_zh: str | None = None) -> bytes:
    """The bytes of a file the user named, or the checker's error saying why not.

    `expected` names what should be there ("a .toml target file"), `expected_zh` the same in Chinese.
    """
    file = str(path)
    zh = expected_zh or expected
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CheckerError(f"file not found, expected {expected}", zh=f"找不到文件（应为{zh}）", file=file) from None
    except IsADirectoryError:
        raise CheckerError(f"is a folder, expected {expected}", zh=f"这是一个文件夹（应为{zh}）", file=file) from None
    except PermissionError:
        raise CheckerError("permission denied: the file cannot be read", zh="没有权限：无法读取该文件", file=file) from None
    except OSError as error:
        reason = error.strerror or error
        raise CheckerError(f"cannot read: {reason}", zh=f"无法读取：{reason}", file=file) from None


def read_input_text(path: str | Path, expected: str, expected_zh: str | None = None) -> str:
    """Like read_input, for UTF-8 text files (target files, saved results, configuration)."""
    data = read_input(path, expected, expected_zh)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CheckerError(
            f"not UTF-8 text (byte {error.start}), expected {expected}",
            zh=f"不是 UTF-8 文本（第 {error.start} 字节；应为{expected_zh or expected}）",
            file=str(path),
        ) from None
