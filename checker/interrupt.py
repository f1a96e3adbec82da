"""SIGINT and SIGTERM as an exception, so that a killed run stops its workers and leaves no half-written file.

Inside `signals_raise()` either signal raises `Interrupted` in the main thread, wherever it is
waiting; `finally` blocks and context managers then run as for any error: a batch kills its worker
processes, an atomic write removes its temporary file. The command line turns it into exit code
130 (SIGINT, Ctrl-C) or 143 (SIGTERM, what CI systems and `timeout` send), as shells report a
process killed by those signals. On Windows, where SIGTERM is never delivered by the system,
Ctrl-C and Ctrl-Break (SIGBREAK) are caught.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

EXIT_CODES = {"SIGINT": 130, "SIGTERM": 143, "SIGBREAK": 130}


class Interrupted(BaseException):
    """The run was asked to stop by a signal. A BaseException, so `except Exception` lets it pass."""

    def __init__(self, signal_number: int):
        self.signal_number = signal_number
        self.name = signal_name(signal_number)
        self.done: int | None = None  # files checked before the signal, of `total` (a batch)
        self.total: int | None = None
        self.written: list = []  # reports written whole before or after the signal
        self.partial = False  # the reports written hold the files done, marked incomplete
        self.outputs: int | None = None  # reports the run was to write
        super().__init__(self.name)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(self.name, 128 + self.signal_number)

    def record(self, done: int, total: int, written: list, outputs: int | None = None) -> None:
        """How far the batch had come when the signal arrived: files done of all, reports written of `outputs`."""
        self.done = (self.done or 0) + done
        self.total = (self.total or 0) + total
        self.written = list(written)
        self.outputs = outputs

    @property
    def written_all(self) -> bool:
        return self.outputs is not None and len(self.written) >= self.outputs

    def note(self) -> dict:
        """What a report of the finished part says about itself (the batch document's `incomplete`)."""
        return {"signal": self.name, "files_checked": self.done, "files_total": self.total}

    def message(self) -> str:
        """The line the command prints on stderr, in Chinese."""
        line = f"已中断（{self.name}）"
        if self.total is not None:
            line += f"：已检查 {self.done}/{self.total} 份文件"
        shown = "、".join(str(path) for path in self.written)
        if self.partial:
            return line + f"；只含已检查文件、标明“不完整”的报告已写出：{shown}"
        if self.written and self.written_all:
            return line + f"；报告均已写出：{shown}"
        if self.written:
            return line + f"；已写出：{shown}；其余报告未写出"
        return line + "，未写出报告（原有报告文件未改动）"


def signal_name(signal_number: int) -> str:
    try:
        return signal.Signals(signal_number).name
    except ValueError:
        return f"signal {signal_number}"


def caught_signals() -> list[int]:
    return [getattr(signal, name) for name in EXIT_CODES if hasattr(signal, name)]


def _raise(signal_number: int, _frame) -> None:
    raise Interrupted(signal_number)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise Interrupted; the previous handlers come back after it.

    Outside the main thread (where Python cannot set handlers) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for number in caught_signals():
        try:
            previous[number] = signal.signal(number, _raise)
        except (OSError, ValueError):  # a signal this platform does not let Python catch
            continue
    try:
        yield
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def ignore_in_worker() -> None:
    """In a worker process: Ctrl-C reaches every process of the terminal's group, but the parent decides;
    SIGTERM (what the parent's kill sends) ends the worker at once, whatever a fork copied."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGBREAK"):
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signal.SIGBREAK, signal.SIG_IGN)
