"""The batch's worker processes: a time limit and a memory guard per item, and no process left behind (issue 19).

Nothing here is timed: a test may wait for a process with a generous timeout, but asserts what
happened, not how fast.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from checker.batch.pool import CRASHED, MEMORY, RAISED, TIMEOUT, Limits, Pool

ROOT = Path(__file__).resolve().parents[1]
METHODS = [method for method in ("fork", "spawn") if method in multiprocessing.get_all_start_methods()]


def work(item):
    """What a worker does with one toy item (module level, so `spawn` workers can import it)."""
    kind, value = item
    if kind == "sleep":
        time.sleep(value)
        return os.getpid()
    if kind == "exit":
        os._exit(value)
    if kind == "allocate":
        return len(bytearray(value * 2**20))
    if kind == "bug":
        raise ValueError(value)
    return value


def failed(item, reason, detail):
    return ("failed", reason, detail)


def run(items, jobs=2, limits=Limits(), method=None):
    context = multiprocessing.get_context(method) if method else None
    with Pool(work, jobs, limits, failed, context=context) as pool:
        return dict(pool.results(items))


@pytest.mark.parametrize("method", METHODS)
def test_every_item_gets_its_result_with_its_index(method):
    results = run([("value", n) for n in range(20)], method=method)
    assert results == {n: n for n in range(20)}


@pytest.mark.parametrize("method", METHODS)
def test_an_item_past_its_time_limit_fails_and_the_others_go_on(method):
    results = run([("value", "before"), ("sleep", 600), ("value", "after"), ("value", "last")], limits=Limits(seconds=2), method=method)
    assert results == {0: "before", 1: ("failed", TIMEOUT, 2), 2: "after", 3: "last"}


def test_a_worker_that_dies_fails_its_item_only():
    results = run([("exit", 3), ("value", "next"), ("exit", 4), ("value", "last")], jobs=1)
    assert results == {0: ("failed", CRASHED, 3), 1: "next", 2: ("failed", CRASHED, 4), 3: "last"}


def test_an_unexpected_error_fails_its_item_only():
    assert run([("bug", "boom"), ("value", 1)]) == {0: ("failed", RAISED, "ValueError: boom"), 1: 1}


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux; a no-op on Windows, not enforced on macOS")
def test_an_item_over_the_memory_guard_fails_and_the_others_go_on():
    results = run([("allocate", 4096), ("allocate", 10), ("value", "after")], limits=Limits(megabytes=1024))
    assert results == {0: ("failed", MEMORY, 1024), 1: 10 * 2**20, 2: "after"}


# --- no process left behind -----------------------------------------------------------------------


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its reparented parent counts as ended)."""
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_until_gone(pids, timeout=60.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [pid for pid in pids if alive(pid)]
        if not left:
            return []
        time.sleep(0.1)
    return [pid for pid in pids if alive(pid)]


def test_the_workers_end_with_the_pool():
    pids = set(run([("sleep", 0)] * 8).values())
    assert pids and wait_until_gone(pids) == []


# A batch of items that sleep; prints each worker's pid, then waits to be signalled.
SLEEPING_BATCH = textwrap.dedent("""
    import multiprocessing, os, sys, time
    sys.path.insert(0, {root!r})
    from checker.interrupt import Interrupted
    from checker.batch.pool import Limits, Pool
    from tests.test_pool import failed, work

    if __name__ == "__main__":
        context = multiprocessing.get_context({method!r})
        try:
            with Pool(work, 2, Limits(seconds=None), failed, context=context) as pool:
                results = pool.results([("sleep", 0), ("sleep", 0)] + [("sleep", 600)] * 4)
                pids = {{next(results)[1], next(results)[1]}}
                print(" ".join(map(str, sorted(pids | {{w.process.pid for w in pool.workers}}))), flush=True)
                for _ in results:
                    pass
        except Interrupted as interrupted:
            sys.exit(interrupted.exit_code)
""")


def sleeping_batch(method: str) -> tuple[subprocess.Popen, list[int]]:
    script = SLEEPING_BATCH.format(root=str(ROOT), method=method)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    pids = [int(pid) for pid in process.stdout.readline().split()]
    assert pids, "the batch printed no worker"
    return process, pids


@pytest.mark.skipif(os.name != "posix", reason="signals to other processes are POSIX")
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("signal_name, code", [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signalled_batch_kills_its_workers_and_exits_with_the_signal_code(method, signal_name, code):
    process, pids = sleeping_batch(method)
    process.send_signal(getattr(signal, signal_name))
    assert process.wait(timeout=60) == code
    assert wait_until_gone(pids) == []


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("method", METHODS)
def test_workers_of_a_parent_killed_outright_end_by_themselves(method):
    process, pids = sleeping_batch(method)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert wait_until_gone(pids) == []
