"""Worker processes for a batch, each item under a time limit and a memory guard, none left behind.

concurrent.futures cannot cancel a call that is stuck, so the batch has its own small pool: the
parent hands each worker its items over a pipe (the one it works on and, while many remain, the
next few) and knows when each began. A worker past the item's deadline is killed and replaced, and the
item is reported as failed ("timeout"); a worker that dies (a crash, the memory guard) is replaced
the same way ("crashed"); an item given to it but not begun goes to another. The batch goes on.

No process outlives the batch: leaving `Pool` by any way (the end, an error, a signal turned into
`checker.interrupt.Interrupted`) kills every worker and waits for it; a worker whose parent
disappears (killed with SIGKILL) notices and exits by itself. Workers ignore Ctrl-C: the parent
decides. Everything a worker receives is pickled, so the pool works with the `spawn` start method
(Windows, macOS) as with `fork`.

The memory guard limits each worker's address space (RLIMIT_AS) where the platform has it (Linux
and other POSIX systems; macOS does not enforce it); on Windows it is a documented no-op.
"""

from __future__ import annotations

import contextlib
import os
import select
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from checker.errors import CheckerError
from checker.interrupt import ignore_in_worker, signals_raise

DEFAULT_SECONDS = 60.0  # per item; a real submission takes a few hundredths of a second
DEFAULT_MEGABYTES = 2048  # address space of one worker; reading a 100,000-row workbook peaks at ~150 MB resident
MAX_FAILED_STARTS = 3  # workers in a row that die before they are ready: the pool gives up
IN_FLIGHT = 4  # items given to a worker at once while many remain: it never waits for the parent between two files
# While every worker has items in hand, the parent reads their results this often, several at a time,
# rather than waking for each: its time per result (a wake-up, a read, a reply) is taken from the workers
# when they use every core. A result read later only starts the next item's time limit a little later.
GATHER_SECONDS = 0.02
STOP_WAIT = 5.0  # seconds a worker may take to leave after the last item before it is killed

_READY = "ready"


@dataclass(frozen=True)
class Limits:
    """Per item: wall-clock seconds and megabytes of address space of the worker; None: no limit."""

    seconds: float | None = DEFAULT_SECONDS
    megabytes: int | None = DEFAULT_MEGABYTES


# Why an item has no result of its own; `failed(item, reason, detail)` makes one.
TIMEOUT = "timeout"  # detail: the limit in seconds
MEMORY = "memory"  # detail: the limit in megabytes
CRASHED = "crashed"  # detail: the worker's exit code (negative: the signal that ended it)
RAISED = "raised"  # detail: "ExceptionType: message" of an unexpected error in `function`


class Pool:
    """`with Pool(function, jobs, limits, failed) as pool: for index, result in pool.results(items): …`

    Results come in the order they are done, each with the item's index.
    """

    def __init__(self, function: Callable[[Any], Any], jobs: int, limits: Limits = Limits(),
                 failed: Callable[[Any, str, Any], Any] = lambda item, reason, detail: None, context=None):
        self.function = function
        self.jobs = max(1, jobs)
        self.limits = limits
        self.failed = failed
        if context is None:
            import multiprocessing

            context = multiprocessing.get_context()
        self.context = context
        self.workers: list[_Worker] = []
        self._signals = contextlib.ExitStack()
        self._failed_starts = 0

    def __enter__(self) -> Pool:
        self._signals.enter_context(signals_raise())
        return self

    def __exit__(self, *_exc) -> None:
        try:
            self.stop(graceful=_exc[0] is None)
        finally:
            self._signals.close()

    def results(self, items: Sequence) -> Iterator[tuple[int, Any]]:
        """Each worker gets the list of items when it starts (inherited, or pickled once with `spawn`), then
        only the index of each item it is to work on."""
        items = list(items)
        pending = deque(enumerate(items))
        busy = 0  # items given to workers and not yet done
        waiter = _Waiter()
        while pending or busy:
            while len(self.workers) < min(self.jobs, len(pending) + busy):
                self.workers.append(_Worker.start(self.context, self.function, self.limits, items))
            for worker in self.workers:
                busy += self._feed(worker, pending)
            deadlines = [worker.deadline(self.limits.seconds) for worker in self.workers if worker.tasks and self.limits.seconds]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            if self._gathering(pending):
                pause = GATHER_SECONDS if timeout is None else min(GATHER_SECONDS, timeout)
                time.sleep(pause)
                timeout = None if timeout is None else max(0.0, timeout - pause)
            waited = waiter.handles(self.workers)
            ready = waiter.wait(timeout)
            done: list[tuple[int, Any]] = []
            gone: set[_Worker] = set()
            stopped: set[_Worker] = set()
            for handle in ready:
                worker = waited[handle]
                if worker in gone:
                    continue
                if handle is worker.connection:
                    try:
                        messages = worker.received()
                    except (EOFError, OSError):
                        gone.add(worker)
                        continue
                    for message in messages:
                        if message == _READY:
                            worker.ready = True
                            self._failed_starts = 0
                            continue
                        index, outcome, value = message
                        item = worker.done(index)
                        busy -= 1
                        if outcome == "memory":
                            done.append((index, self.failed(item, MEMORY, self.limits.megabytes)))
                        elif outcome == "raised":
                            done.append((index, self.failed(item, RAISED, value)))
                        else:
                            done.append((index, value))
                    busy += self._feed(worker, pending)  # the worker goes on while the results are used
                elif not worker.connection.poll():  # ended, and no last message is waiting to be read
                    gone.add(worker)
            now = time.monotonic()
            for worker in self.workers:
                if worker not in gone and worker.tasks and self.limits.seconds and now >= worker.deadline(self.limits.seconds):
                    index, item = worker.tasks.popleft()
                    worker.kill()
                    done.append((index, self.failed(item, TIMEOUT, self.limits.seconds)))
                    busy -= 1
                    gone.add(worker)
                    stopped.add(worker)
            for worker in gone:
                worker.kill()
                if worker in stopped:
                    pass  # its item failed for its time; the next one had not begun
                elif worker.tasks:
                    index, item = worker.tasks.popleft()
                    done.append((index, self.failed(item, CRASHED, worker.exitcode)))
                    busy -= 1
                elif not worker.ready:
                    self._failed_starts += 1
                    if self._failed_starts >= MAX_FAILED_STARTS:
                        raise CheckerError(
                            f"the checking processes cannot start (exit code {worker.exitcode}); is the memory limit of "
                            f"{self.limits.megabytes} MB too small? (--file-memory sets it)",
                            zh=f"检查进程无法启动（退出码 {worker.exitcode}）；内存上限 {self.limits.megabytes} MB 是否太小？",
                        )
                while worker.tasks:  # given to it but not begun: another worker takes them
                    pending.appendleft(worker.tasks.pop())
                    busy -= 1
                self.workers.remove(worker)
            yield from done
        waiter.close()

    def _feed(self, worker: _Worker, pending: deque) -> int:
        """Give a ready worker the item it is to work on and, while many remain, the next few too, in one
        message (it then never waits for the parent between two files); near the end, one at a time, so
        that no item waits behind a slow one while another worker is idle. The number of items given."""
        if not worker.ready or not pending:
            return 0
        if len(pending) > self.jobs * IN_FLIGHT:  # topped up once half are done: a message for several items
            wanted = IN_FLIGHT if len(worker.tasks) <= IN_FLIGHT // 2 else 0
        else:
            wanted = 2 if len(pending) > self.jobs else 1
        given = [pending.popleft() for _ in range(min(len(pending), wanted - len(worker.tasks)))]
        if given:
            worker.give(given)
        return len(given)

    def _gathering(self, pending: deque) -> bool:
        """Whether the parent may read results a little later: many items remain and every worker has
        more than half of its items in hand, so none runs out meanwhile."""
        return len(pending) > self.jobs * IN_FLIGHT and all(worker.ready and len(worker.tasks) > IN_FLIGHT // 2 for worker in self.workers)

    def stop(self, graceful: bool = True) -> None:
        """Every worker ends: asked to, after the last item; killed at once after an error or a signal."""
        workers, self.workers = self.workers, []
        if graceful:
            for worker in workers:
                with contextlib.suppress(OSError, ValueError):
                    worker.connection.send(None)
            deadline = time.monotonic() + STOP_WAIT
            for worker in workers:
                worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in workers:
            worker.kill()


class _Waiter:
    """What the pool waits on (each worker's pipe and its process's end), as multiprocessing.connection.wait
    does; on POSIX with one poll object kept while the workers stay the same, not one made per wait."""

    def __init__(self):
        import selectors

        self._polled = hasattr(selectors, "PollSelector") and os.name == "posix"
        self._selector = None
        self._workers: tuple[_Worker, ...] = ()
        self._handles: dict = {}

    def handles(self, workers: list[_Worker]) -> dict:
        """Each handle waited on → its worker."""
        if tuple(workers) != self._workers:
            self._workers = tuple(workers)
            self._handles = {worker.connection: worker for worker in workers} | {worker.process.sentinel: worker for worker in workers}
            if self._polled:  # a new poll object: the pipes of workers gone are closed already
                import selectors

                self.close()
                self._selector = selectors.PollSelector()
                for handle in self._handles:
                    self._selector.register(handle, selectors.EVENT_READ)
        return self._handles

    def wait(self, timeout: float | None) -> list:
        if self._selector is None:
            from multiprocessing.connection import wait

            return wait(list(self._handles), timeout)
        return [key.fileobj for key, _events in self._selector.select(timeout)]

    def close(self) -> None:
        if self._selector is not None:
            self._selector.close()
            self._selector = None


class _Worker:
    def __init__(self, process, connection):
        self.process = process
        self.connection = connection
        self.ready = False
        self.exitcode: int | None = None
        self._ended = False
        self.tasks: deque[tuple[int, Any]] = deque()  # given, in the order the worker takes them
        self.began = 0.0  # when the first of them began (as near as the parent can tell)
        self._poll = None
        if os.name == "posix" and hasattr(select, "poll"):
            self._poll = select.poll()
            self._poll.register(connection.fileno(), select.POLLIN)

    @classmethod
    def start(cls, context, function, limits: Limits, items: list) -> _Worker:
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_work, args=(child_end, function, limits.megabytes, items), daemon=True, name="checker-worker")
        process.start()
        child_end.close()
        return cls(process, parent_end)

    def give(self, tasks: list[tuple[int, Any]]) -> None:
        """Items to work on after those given before, in one message of their indexes."""
        if not self.tasks:
            self.began = time.monotonic()
        self.tasks.extend(tasks)
        self.connection.send([index for index, _item in tasks])

    def received(self) -> list:
        """Every message the worker has sent so far (at least one: called when its pipe is readable)."""
        messages = [self.connection.recv()]
        while self._readable():
            try:
                messages.append(self.connection.recv())
            except (EOFError, OSError):
                break  # the pipe stays readable: the next wait finds its end
        return messages

    def _readable(self) -> bool:
        # Connection.poll makes a selector for each call, as long as reading a result; a poll object is made once.
        if self._poll is None:
            return self.connection.poll()
        return bool(self._poll.poll(0))

    def done(self, index: int) -> Any:
        """The item just done (the first given); the next one begins now."""
        given, item = self.tasks.popleft()
        if given != index:
            raise RuntimeError(f"worker answered item {index} before item {given}")
        self.began = time.monotonic()
        return item

    def deadline(self, seconds: float) -> float:
        """When the item the worker works on is over its time: counted from when the parent saw it begin,
        so a limit is never cut short (at most a little longer)."""
        return self.began + seconds

    def kill(self) -> None:
        if self._ended:
            return
        self._ended = True
        if self.process.is_alive():
            with contextlib.suppress(OSError, AttributeError):
                self.process.kill()
        self.process.join(STOP_WAIT)
        self.exitcode = self.process.exitcode
        with contextlib.suppress(OSError):
            self.connection.close()
        with contextlib.suppress(ValueError, OSError, AttributeError):
            self.process.close()


# --- in the worker process -----------------------------------------------------------------------


def _work(connection, function, megabytes: int | None, items: list) -> None:
    import traceback

    ignore_in_worker()
    limit_memory(megabytes)
    _exit_with_parent()
    connection.send(_READY)
    given: deque[int] = deque()
    while True:
        if not given:
            try:
                indexes = connection.recv()
            except (EOFError, OSError):
                return
            if indexes is None:
                return
            given.extend(indexes)
        index = given.popleft()
        try:
            message = (index, "done", function(items[index]))
        except MemoryError:
            message = (index, "memory", None)
        except Exception as error:  # a bug on one item must not end the batch
            summary = traceback.format_exception_only(type(error), error)[-1].strip()
            message = (index, "raised", summary)
        try:
            connection.send(message)
        except MemoryError:
            connection.send((index, "memory", None))


def limit_memory(megabytes: int | None) -> bool:
    """Limit this process's address space; False where the platform cannot (Windows)."""
    if not megabytes:
        return False
    try:
        import resource
    except ImportError:  # Windows: no memory guard (documented in README)
        return False
    wanted = megabytes * 2**20
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
    except (ValueError, OSError, AttributeError):
        return False
    return True


def _exit_with_parent() -> None:
    """A worker whose parent was killed outright (SIGKILL) ends too, even in the middle of an item."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or getattr(parent, "sentinel", None) is None:
        return

    def watch() -> None:
        with contextlib.suppress(Exception):
            wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="checker-parent-watch", daemon=True).start()
