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
        super().__init__(self.name)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(self.name, 128 + self.signal_number)


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
