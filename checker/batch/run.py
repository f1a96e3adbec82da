"""Many submissions at once: expand folders and globs, check each file (in parallel), consolidate.

Each file is checked exactly as `check FILE` would; a file that cannot be read becomes an error
row and the batch goes on. Results come back in the order of the sorted file list, whatever
the number of processes.

Files are checked in worker processes (checker.batch.pool), each under a time limit and a memory guard:
a file over either, or one that changes while it is read, is an error row (无法检查) with the
reason. Results stream to disk as they come (checker.batch.spool) and the reports are written from
there, so memory stays flat however many files a batch has. SIGINT or SIGTERM stops the workers
with the batch; the reports are then not written, or (`keep_partial`) written for the files done
and marked incomplete.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import json
import os
import pickle
import zlib
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from checker.checking import Check, prepare
from checker.errors import CheckerError
from checker.interrupt import Interrupted
from checker.batch.pool import CRASHED, MEMORY, RAISED, TIMEOUT, Limits, Pool
from checker.batch.spool import Collected, MemoryStore, packed, packed_text, row_facts
from checker.reports.view import View
from checker.settings import CheckSettings, Outcome, Progress, ReportSettings

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SCHEMA_VERSION = 1


def expand(arguments: Iterable[str]) -> list[Path]:
    """Files named directly, workbooks under folders (recursively) and glob matches; sorted, no repeats."""
    found: dict[Path, None] = {}
    for argument in arguments:
        path = Path(argument)
        if any(ch in argument for ch in "*?["):
            matches = [Path(m) for m in glob.glob(argument, recursive=True) if Path(m).is_file()]
            if not matches:
                raise CheckerError("no file matches this pattern", zh="没有与此模式相符的文件", file=argument)
            found.update(dict.fromkeys(sorted(matches)))
        elif path.is_dir():
            found.update(dict.fromkeys(sorted(p for p in path.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$"))))
        else:
            found[path] = None  # a missing file becomes that file's error row
    return list(found)


def check_one(path: Path, settings: CheckSettings) -> dict:
    """The results document of one file, or {"file", "error"} when it could not be checked; as plain
    JSON data, exactly as a batch holds it."""
    return unpacked(_packed((path, 0), (file_checker(settings),))[0])


def file_checker(settings: CheckSettings) -> Callable[[Path], dict]:
    """What checks each file: the plan and waivers are read here once, not once per file (reading them
    took as long as reading a submission), and travel to the worker processes with it."""
    try:
        check = prepare(settings)
    except CheckerError as error:
        return functools.partial(_error_of, error)
    return functools.partial(_check_file, check=check)


def _check_file(path: Path, *, check: Check) -> dict:
    try:
        return check.document(path)
    except CheckerError as error:
        return _error_of(error, path)


def _error_of(error: CheckerError, path: Path) -> dict:
    """The entry of a file that could not be checked: why, in English (`error`) and Chinese (`error_zh`)."""
    return {"file": str(path), "error": str(error), "error_zh": error.text("zh")}


def check_many(paths: list[Path], settings: CheckSettings, jobs: int = 1, progress: Callable[[], None] | None = None,
               prepared: Check | None = None, limits: Limits = Limits()) -> list[dict]:
    """Each file's results document in the order of `paths`; `prepared`: the plan and waivers already loaded.

    All documents in memory at once: for a few files (the command line streams instead, check_batch)."""
    checker = functools.partial(_check_file, check=prepared) if prepared else file_checker(settings)
    documents: list[dict | None] = [None] * len(paths)
    for index, payload, _facts, _pieces in check_stream([(path, 0) for path in paths], (checker,), jobs, limits):
        documents[index] = unpacked(payload)
        if progress:
            progress()
    return documents


def check_stream(tasks: Sequence[tuple[Path, int]], checkers: tuple[Callable[[Path], dict], ...], jobs: int,
                 limits: Limits = Limits(), pieces: tuple = ()) -> Iterator[tuple[int, bytes, tuple, dict | None]]:
    """(index, packed document, matrix facts, pieces) of each (path, checker) task, in the order they are done.

    Each task runs in a worker process under `limits`; the checkers (plans loaded once) go to each
    worker once, when it starts. `pieces`: keys of report pieces the workers make of each file
    (report_pieces), so that the parent only copies them; a file without them (its worker stopped or
    failed) has None.
    """
    stream = os.urandom(8)  # names this batch's shared facts in its workers (_packed)
    shared: dict[bytes, tuple] = {}
    with Pool(functools.partial(_packed, checkers=checkers, stream=stream, pieces=pieces), jobs, limits, _failed) as pool:
        for index, (payload, facts, *made) in pool.results(tasks):
            yield index, payload, _whole(facts, payload, shared), made[0] if made else None


def report_pieces(names: Iterable[str], lang: str, fail_on_warn: bool = False) -> tuple:
    """The keys of the pieces workers make for reports in these formats, which are otherwise made in the
    parent after the last file: each file's entry and matrix row of the JSON report (worded in `lang`),
    its suite of the JUnit report."""
    names = set(names)
    keys: tuple = ()
    if "json" in names:
        keys += (("json", lang), ("json-row", ""))
    if "junit" in names:
        keys += (("junit", lang, fail_on_warn),)
    return keys


# What a worker has sent of one batch's facts shared by its files: (stream, digest) of each (titles, columns).
_SENT: set[tuple[bytes, bytes]] = set()


def _packed(task: tuple[Path, int], checkers: tuple[Callable[[Path], dict], ...], stream: bytes | None = None,
            pieces: tuple = ()) -> tuple:
    """In a worker: the file's packed document and matrix facts (and, with `pieces`, the report pieces made
    of the document as the batch reads it back). The plan's titles and the columns' names (half of what
    a file sends, the same for most files) go once per worker and batch; then their digest stands for
    them (_whole puts them back)."""
    path, which = task
    payload, facts, text = packed_text(checkers[which](path))
    read_back = functools.cache(lambda: json.loads(text))  # parsed once for the JSON and the JUnit piece alike
    made = {key: piece for key in pieces if (piece := _piece(key, read_back, facts)) is not None}
    if stream is not None and len(facts) == 7:
        shared = facts[5:]
        digest = hashlib.blake2b(pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()
        if (stream, digest) in _SENT:
            facts = (*facts[:5], digest)
        else:
            _SENT.add((stream, digest))
            facts = (*facts, digest)
    return (payload, facts, made) if pieces else (payload, facts)


def _piece(key: tuple, read_back: Callable[[], dict], facts: tuple) -> bytes | None:
    """A report's piece of one file, compressed, from its document as the batch reads it back (`read_back`)
    or its matrix facts; None when the report makes that file's piece itself."""
    report = key[0]
    if report == "json":
        from checker.reports.json import file_piece

        piece = file_piece(read_back(), key[1])
    elif report == "json-row":
        from checker.reports.json import row_piece

        piece = row_piece(facts)
    elif report == "junit":
        from checker.reports import junit

        piece = junit.file_piece(read_back(), key[1], key[2])
    else:
        raise ValueError(f"no piece of format {report!r}")
    return None if piece is None else zlib.compress(piece.encode("utf-8"), 1)


def _whole(facts: tuple, payload: bytes, shared: dict[bytes, tuple]) -> tuple:
    """The facts as row_facts gives them, from what a worker sent (_packed)."""
    if len(facts) == 8:  # the first time a worker sends these titles and columns
        shared[facts[7]] = facts[5:7]
        return facts[:7]
    if len(facts) == 6:
        if facts[5] in shared:
            return (*facts[:5], *shared[facts[5]])
        return row_facts(unpacked(payload))  # never seen (its first message was lost): from the document itself
    return facts


def unpacked(payload: bytes) -> dict:
    return json.loads(zlib.decompress(payload).decode("utf-8"))


# Why a file has no results of its own, when its worker was stopped or failed: (English, Chinese).
FAILED = {
    TIMEOUT: ("took longer than the time limit of {detail:g} s per file: stopped (--file-timeout sets it)",
              "超过每份文件的检查时限（{detail:g} 秒），已停止检查此文件；可用 --file-timeout 调整"),
    MEMORY: ("needed more than the memory limit of {detail} MB per file: stopped (--file-memory sets it)",
             "超出每份文件的内存上限（{detail} MB），已停止检查此文件；可用 --file-memory 调整"),
    CRASHED: ("the checking process ended unexpectedly (exit code {detail}) before this file was checked",
              "检查进程意外退出（退出码 {detail}），此文件未检查完"),
    RAISED: ("internal error ({detail}) while checking this file; please report it (`check FILE --debug` shows the traceback)",
             "内部错误（{detail}），此文件未检查完；请报告此问题（单独检查此文件并加 --debug 可见详情）"),
}


def _failed(task: tuple[Path, int], reason: str, detail) -> tuple[bytes, tuple]:
    """The error row of a file whose worker was stopped (time limit), died (memory guard, crash) or failed."""
    path = task[0]
    english, chinese = FAILED[reason]
    return packed(_error_of(CheckerError(english.format(detail=detail), zh=chinese.format(detail=detail), file=str(path)), path))


def batch_document(documents: list[dict], plan_id: str) -> dict:
    """Per-file results plus the consolidated matrix: one row per file, one column per indicator.

    For documents already in memory; a batch run builds the same document from disk (checker.batch.spool)."""
    with Collected(len(documents), MemoryStore(len(documents))) as collected:
        for index, document in enumerate(documents):
            collected.add(index, document, row_facts(document))
        batch = collected.document(plan_id)
        batch["matrix"]["rows"] = list(batch["matrix"]["rows"])
        batch["files"] = list(batch["files"])
    return batch


def check_batch(arguments: list[str], settings: CheckSettings, report: ReportSettings, jobs: int,
                progress: Progress | None = None, limits: Limits = Limits()) -> Outcome:
    """`check FOLDER|GLOB|FILES…`: every workbook checked as `check FILE` would, consolidated.

    The text shown is a stream of pieces (read from the batch's spool as it is printed)."""
    from checker.reports import renderer, streamer
    from checker.reports.outputs import destinations, write_reports

    paths = expand(arguments)
    if not paths:
        raise CheckerError("no .xlsx/.xlsm workbooks found", zh="没有找到 .xlsx/.xlsm 工作簿", file=" ".join(arguments))
    targets = destinations(report.outputs, inputs=paths, force=report.force, batch=True)
    renderer(report.format, batch=True)  # a format without a consolidated view is refused before the work
    prepared = prepare(settings)  # a bad plan or waiver file is one error, not one per workbook
    if progress:
        progress.start(len(paths))
    view = View(report.lang, report.color, report.fail_on_warn, order=report.order)
    collected = Collected(len(paths))
    written: list[Path] = []
    try:
        checker = functools.partial(_check_file, check=prepared)
        pieces = report_pieces([report.format, *(target.format for target in targets)], report.lang, report.fail_on_warn)
        for index, payload, facts, made in check_stream([(path, 0) for path in paths], (checker,), jobs, limits, pieces):
            collected.add(index, payload, facts, made)
            if progress:
                progress.advance()
        document = collected.document(settings.plan_id or inferred_plan_id(collected))
        write_reports(document, targets, view, written)
    except Interrupted as interrupted:
        with contextlib.closing(collected):
            interrupted.record(collected.done, collected.total, written, len(targets))
            if report.keep_partial and not written and collected.done:
                partial = collected.document(settings.plan_id or inferred_plan_id(collected), incomplete=interrupted.note())
                with contextlib.suppress(Interrupted):  # a second signal: stop at once
                    write_reports(partial, targets, view, interrupted.written)
                    interrupted.partial = True
        raise
    except BaseException:
        collected.close()
        raise
    shown = streamer(report.format, batch=True)(document, view)
    return Outcome(closing_after(shown, collected, written=written, outputs=len(targets)), batch_exit_code(document, report.fail_on_warn))


def inferred_plan_id(collected: Collected) -> str:
    """The plan of a batch checked without --plan: the one its files were inferred to follow, or their
    ids joined by "+" when they follow several (each file's own results name its plan)."""
    return "+".join(sorted(collected.plan_ids)) or "unknown"


def closing_after(pieces: Iterable[str], *collected: Collected, written: list | None = None, outputs: int | None = 0) -> Iterator[str]:
    """The pieces, then the batch's spool is closed (it is read while they are made). A signal while
    they are printed finds every file checked and the reports written."""
    try:
        yield from pieces
    except Interrupted as interrupted:
        interrupted.record(sum(each.done for each in collected), sum(each.total for each in collected), written or [], outputs)
        raise
    finally:
        for each in collected:
            each.close()


def batch_exit_code(document: dict, fail_on_warn: bool = False) -> int:
    summary = document["summary"]
    if summary["errors"]:
        return 2
    if summary["failed"] or (fail_on_warn and summary["warned"]):
        return 1
    return 0


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
