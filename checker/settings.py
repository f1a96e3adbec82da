"""The settings a command builds once from its options and passes down, as one object each.

`CheckSettings` says how every workbook of a run is checked (it travels to worker processes, so it
holds only plain values); `ReportSettings` says what is written and shown. Commands build them in
cli.py; nothing below the command line reads an option or an environment variable itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol


@dataclass(frozen=True)
class CheckSettings:
    plan_id: str | None  # None: each workbook's plan is inferred from what it says (checker/plans/identity.py)
    targets: Path | None = None  # the user's own target file or folder, used before the shipped plans
    year: int | None = None  # the reporting year; None: the workbook's own
    waivers: Path | None = None
    require_all: bool = False  # unreported supplementary indicators count like main ones
    force_plan: bool = False  # check against plan_id even when the workbook names another plan's area


@dataclass(frozen=True)
class ReportSettings:
    format: str = "text"  # printed on stdout
    outputs: tuple[Path, ...] = ()  # also written, each in the format its extension names
    lang: str = "zh"
    fail_on_warn: bool = False
    force: bool = False  # outputs may replace existing files (never an input)
    color: bool = False
    keep_partial: bool = False  # interrupted by SIGINT/SIGTERM: write the outputs of the files done, marked incomplete
    order: str = "severity"  # files of a batch: the most severe first, or "input" (as given)


@dataclass(frozen=True)
class Outcome:
    """What a command shows on stdout and the exit code it ends with; the command line prints and exits.

    A batch's text is an iterable of pieces, made as they are printed (it may be longer than memory)."""

    text: str | Iterable[str]
    exit_code: int = 0


class Progress(Protocol):
    """Told how many files a run will check, then of each one done (a progress bar on a terminal)."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...
