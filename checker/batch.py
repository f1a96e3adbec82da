"""Many submissions at once: expand folders and globs, check each file (in parallel), consolidate.

Each file is checked exactly as `check FILE` would; a file that cannot be read becomes an error
row and the batch goes on. Results come back in the order of the sorted file list, whatever
the number of processes.
"""

from __future__ import annotations

import functools
import glob
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from checker.checking import Check, prepare
from checker.errors import CheckerError
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
                raise CheckerError("no file matches this pattern", file=argument)
            found.update(dict.fromkeys(sorted(matches)))
        elif path.is_dir():
            found.update(dict.fromkeys(sorted(p for p in path.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$"))))
        else:
            found[path] = None  # a missing file becomes that file's error row
    return list(found)


def check_one(path: Path, settings: CheckSettings) -> dict:
    """The results document of one file, or {"file", "error"} when it could not be checked."""
    return _file_checker(settings)(path)


def _file_checker(settings: CheckSettings) -> Callable[[Path], dict]:
    """What checks each file: the plan and waivers are read here once, not once per file (reading them
    took as long as reading a submission), and travel to the worker processes with it."""
    try:
        check = prepare(settings)
    except CheckerError as error:
        return functools.partial(_error_row, str(error))
    return functools.partial(_check_file, check=check)


def _check_file(path: Path, *, check: Check) -> dict:
    try:
        return check.document(path)
    except CheckerError as error:
        return _error_row(str(error), path)


def _error_row(message: str, path: Path) -> dict:
    return {"file": str(path), "error": message}


def check_many(paths: list[Path], settings: CheckSettings, jobs: int = 1, progress: Callable[[], None] | None = None,
               prepared: Check | None = None) -> list[dict]:
    """Each file's results document in the order of `paths`; `prepared`: the plan and waivers already loaded."""
    check = functools.partial(_check_file, check=prepared) if prepared else _file_checker(settings)
    if jobs <= 1 or len(paths) <= 1:
        documents = []
        for path in paths:
            documents.append(check(path))
            if progress:
                progress()
        return documents
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        documents = []
        chunk = max(1, min(32, len(paths) // (jobs * 4)))
        for document in pool.map(check, paths, chunksize=chunk):
            documents.append(document)
            if progress:
                progress()
        return documents


def batch_document(documents: list[dict], plan_id: str) -> dict:
    """Per-file results plus the consolidated matrix: one row per file, one column per indicator."""
    checked = [d for d in documents if "error" not in d]
    columns: list[dict] = []
    seen: set[str] = set()
    for document in checked:
        for result in document["results"]:
            if result["kind"] == "target" and result["id"] not in seen:
                seen.add(result["id"])
                columns.append({"id": result["id"], "name": result["name"], "name_en": result["name_en"], "attribute": result["attribute"]})
    rows = []
    for document in documents:
        if "error" in document:
            rows.append({"file": document["file"], "error": document["error"], "statuses": {}})
            continue
        statuses = {r["id"]: r["status"] for r in document["results"] if r["kind"] == "target"}
        data_statuses = [r["status"] for r in document["results"] if r["kind"] == "data"]
        rows.append({"file": document["file"], "year": document["year"], "statuses": statuses, "summary": document["summary"], "data_problems": len(data_statuses)})
    totals = {
        column["id"]: {status: sum(1 for row in rows if row["statuses"].get(column["id"]) == status) for status in ("pass", "warn", "fail", "not_reported", "info", "waived")}
        for column in columns
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "batch",
        "plan": plan_id,
        "plan_title": checked[0]["plan_title"] if checked else plan_id,
        "plan_title_en": checked[0]["plan_title_en"] if checked else plan_id,
        "summary": {
            "files": len(documents),
            "errors": len(documents) - len(checked),
            "failed": sum(1 for d in checked if d["summary"]["fail"]),
            "warned": sum(1 for d in checked if d["summary"]["warn"] and not d["summary"]["fail"]),
            "passed": sum(1 for d in checked if not d["summary"]["fail"] and not d["summary"]["warn"]),
        },
        "matrix": {"indicators": columns, "rows": rows, "totals": totals},
        "files": documents,
    }


def check_batch(arguments: list[str], settings: CheckSettings, report: ReportSettings, jobs: int,
                progress: Progress | None = None) -> Outcome:
    """`check FOLDER|GLOB|FILES…`: every workbook checked as `check FILE` would, consolidated."""
    from checker.reports import renderer
    from checker.reports.outputs import destinations, write_reports

    paths = expand(arguments)
    if not paths:
        raise CheckerError("no .xlsx/.xlsm workbooks found", file=" ".join(arguments))
    targets = destinations(report.outputs, inputs=paths, force=report.force, batch=True)
    render = renderer(report.format, batch=True)  # a format without a consolidated view is refused before the work
    prepared = prepare(settings)  # a bad plan or waiver file is one error, not one per workbook
    if progress:
        progress.start(len(paths))
    documents = check_many(paths, settings, jobs, progress=progress and progress.advance, prepared=prepared)
    document = batch_document(documents, settings.plan_id)
    view = View(report.lang, report.color, report.fail_on_warn)
    write_reports(document, targets, view)
    return Outcome(render(document, view), batch_exit_code(document, report.fail_on_warn))


def batch_exit_code(document: dict, fail_on_warn: bool = False) -> int:
    summary = document["summary"]
    if summary["errors"]:
        return 2
    if summary["failed"] or (fail_on_warn and summary["warned"]):
        return 1
    return 0


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
