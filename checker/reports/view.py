"""How a report is shown, as one value every renderer takes: a misspelt setting is an error, not ignored."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ORDERS = ("severity", "input")


def _today() -> str:
    return datetime.date.today().isoformat()


@dataclass(frozen=True)
class View:
    lang: str = "zh"
    color: bool = False  # terminal colours (text format only)
    fail_on_warn: bool = False  # warnings are reported as failures (junit, github), as the exit code counts them
    width: int | None = None  # terminal width (text formats); None: the format's own
    order: str = "severity"  # files of a batch: "severity" (无法检查, 未达标, 预警, 达标) or "input" (as given)
    made: str = field(default_factory=_today)  # the date a written report names as the day it was made

    def __post_init__(self):
        if self.order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {self.order!r}")
