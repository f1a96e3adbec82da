"""How a report is shown, as one value every renderer takes: a misspelt setting is an error, not ignored."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    lang: str = "zh"
    color: bool = False  # terminal colours (text format only)
    fail_on_warn: bool = False  # warnings are reported as failures (junit, github), as the exit code counts them
    width: int | None = None  # terminal width (text formats); None: the format's own
