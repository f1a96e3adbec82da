"""Nothing lost, nothing left behind, at any number of files (issue 19).

A batch killed by SIGTERM or SIGINT stops its workers and exits 143 or 130, keeping the previous
report (or, with --keep-partial, writing the files done, marked incomplete); a kill while a report
is written leaves the old file or the new one whole; a full disk is an error that keeps the old
report; one file over the time limit or the memory guard, or one changed while it is read, is
无法检查 and the batch goes on; the reports of a batch are the same whether streamed or not.

Batches run as real processes. What a workbook does to its worker (sleep, allocate, change under
the reader, write slowly) is injected by a sitecustomize module that every Python process of the
run imports, so it reaches workers started with `spawn` as well as `fork`. Nothing is timed: a
test waits for a process with a generous timeout and asserts what happened.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import checker.files
from checker.batch.run import batch_document, check_many, expand
from checker.cli import main
from checker.settings import CheckSettings
from tests.conftest import write_workbook, xinzhou_rows
from tests.test_pool import wait_until_gone

ROOT = Path(__file__).resolve().parents[1]
OLD_REPORT = '{"the report": "of last year"}\n'
posix_only = pytest.mark.skipif(os.name != "posix", reason="signals to another process are POSIX")

# Imported by every Python process of a test's run (the checker and its workers): files named
# slow-* sleep, hog-* allocate, changing-* are appended to while read; reports are written slowly
# after their first piece. Each marks what it does in $CHECKER_TEST_MARKS, named by its pid.
SITECUSTOMIZE = textwrap.dedent("""
    import os, time
    from pathlib import Path

    MARKS = os.environ.get("CHECKER_TEST_MARKS")
    if MARKS:
        import checker.checking
        import checker.files

        def mark(what):
            Path(MARKS, f"{what}-{os.getpid()}").write_text(str(os.getpid()))

        judged = checker.checking.Check.judged

        def slowed(self, path):
            name = Path(path).name
            if name.startswith("slow-"):
                mark("slow")
                time.sleep(600)
            if name.startswith("hog-"):
                mark("hog")
                return len(bytearray(8 * 2**30))
            return judged(self, path)

        checker.checking.Check.judged = slowed

        import checker.reading.workbook

        read_workbook = checker.reading.workbook.read_workbook

        def still_being_copied(path, *args, **kwargs):
            data = read_workbook(path, *args, **kwargs)
            if Path(path).name.startswith("changing-"):  # the rest of the file arrives while it is read
                with open(path, "ab") as handle:
                    handle.write(b"more bytes, still being copied")
            return data

        checker.reading.workbook.read_workbook = still_being_copied

        if os.environ.get("CHECKER_TEST_SLOW_WRITE"):
            atomic_file = checker.files.atomic_file
            import contextlib

            @contextlib.contextmanager
            def slow_file(path):
                with atomic_file(path) as handle:
                    class Slow:
                        def write(self, data):
                            handle.write(data)
                            handle.flush()
                            mark("writing")
                            time.sleep(600)
                    yield Slow()

            checker.files.atomic_file = slow_file
""")


@pytest.fixture
def injected(tmp_path):
    """The environment of a run whose workbooks misbehave as their names say."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    marks = tmp_path / "marks"
    marks.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR",)}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])
    env["CHECKER_TEST_MARKS"] = str(marks)
    return env, marks


def folder_of(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "submissions"
    folder.mkdir()
    for name in names:
        write_workbook(folder / name, {"主要指标": xinzhou_rows({"困难残疾人生活补贴": 90} if "fail" in name else None)})
    return folder


def start(arguments: list[str], env: dict, cwd: Path) -> subprocess.Popen:
    command = [sys.executable, "-c", "from checker.cli import main; main()", *map(str, arguments)]
    return subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_marks(marks: Path, prefix: str, count: int, process: subprocess.Popen, timeout: float = 120.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(marks.glob(f"{prefix}-*"))
        if len(found) >= count:
            return [int(path.read_text()) for path in found]
        if process.poll() is not None:
            raise AssertionError(f"the run ended first ({process.returncode}): {process.stderr.read()}")
        time.sleep(0.05)
    raise AssertionError(f"no {count} {prefix} marks after {timeout} s")


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(checker.files.TEMP_SUFFIX))


# --- a batch killed by a signal --------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("signal_name, code", [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signalled_batch_stops_its_workers_and_keeps_the_previous_report(tmp_path, injected, signal_name, code):
    env, marks = injected
    folder = folder_of(tmp_path, ["a-1.xlsx", "a-2.xlsx", "slow-1.xlsx", "slow-2.xlsx", "slow-3.xlsx"])
    report = tmp_path / "report.json"
    report.write_text(OLD_REPORT, encoding="utf-8")
    process = start(["check", folder, "--plan", "xinzhou", "--jobs", "2", "-o", report, "--force"], env, tmp_path)
    workers = wait_for_marks(marks, "slow", 2, process)
    process.send_signal(getattr(signal, signal_name))
    assert process.wait(timeout=120) == code
    stderr = process.stderr.read()
    assert f"已中断（{signal_name}）：已检查 2/5 份文件，未写出报告" in stderr
    assert report.read_text(encoding="utf-8") == OLD_REPORT and leftovers(tmp_path) == []
    assert wait_until_gone(workers) == []


@posix_only
def test_keep_partial_writes_the_files_done_marked_incomplete_in_every_format(tmp_path, injected):
    env, marks = injected
    folder = folder_of(tmp_path, ["a-1.xlsx", "a-2-fail.xlsx", "slow-1.xlsx", "slow-2.xlsx"])
    outputs = [tmp_path / f"report.{extension}" for extension in ("json", "txt", "md", "xml", "html", "xlsx")]
    arguments = ["check", folder, "--plan", "xinzhou", "--jobs", "2", "--keep-partial"]
    process = start([*arguments, *(part for output in outputs for part in ("-o", output))], env, tmp_path)
    workers = wait_for_marks(marks, "slow", 2, process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 143
    assert "只含已检查文件、标明“不完整”的报告已写出" in process.stderr.read()
    document = json.loads(outputs[0].read_text(encoding="utf-8"))
    assert document["incomplete"] == {"signal": "SIGTERM", "files_checked": 2, "files_total": 4}
    assert [Path(file["file"]).name for file in document["files"]] == ["a-1.xlsx", "a-2-fail.xlsx"]
    assert document["summary"]["files"] == 2
    marker = "不完整：检查被 SIGTERM 中断，只含 2/4 份文件的结果"
    for output in outputs[1:5]:
        assert marker in output.read_text(encoding="utf-8"), output.name
    import openpyxl

    cells = [cell for row in openpyxl.load_workbook(outputs[5]).worksheets[0].iter_rows(max_row=6, values_only=True) for cell in row]
    assert any(isinstance(cell, str) and marker in cell for cell in cells)
    assert leftovers(tmp_path) == [] and wait_until_gone(workers) == []


@posix_only
def test_a_signalled_ci_run_keeps_the_configured_reports(tmp_path, injected):
    env, marks = injected
    folder_of(tmp_path, ["a-1.xlsx", "slow-1.xlsx", "slow-2.xlsx"])
    (tmp_path / "checker.toml").write_text(
        'outputs = ["reports/{plan}.json"]\n\n[[submissions]]\nplan = "xinzhou"\nfiles = "submissions/*.xlsx"\n', encoding="utf-8"
    )
    (tmp_path / "reports").mkdir()
    report = tmp_path / "reports" / "xinzhou.json"
    report.write_text(OLD_REPORT, encoding="utf-8")
    process = start(["ci", "--jobs", "2"], env, tmp_path)
    workers = wait_for_marks(marks, "slow", 2, process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 143
    assert "已中断（SIGTERM）：已检查 1/3 份文件，未写出报告" in process.stderr.read()
    assert report.read_text(encoding="utf-8") == OLD_REPORT and leftovers(report.parent) == []
    assert wait_until_gone(workers) == []


# --- a kill while a report is written -----------------------------------------------------------


@posix_only
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_a_kill_while_the_report_is_written_leaves_the_previous_report_whole(tmp_path, injected, signal_name):
    env, marks = injected
    env["CHECKER_TEST_SLOW_WRITE"] = "1"
    folder = folder_of(tmp_path, ["a-1.xlsx", "a-2.xlsx"])
    report = tmp_path / "report.json"
    report.write_text(OLD_REPORT, encoding="utf-8")
    process = start(["check", folder, "--plan", "xinzhou", "--jobs", "2", "-o", report, "--force"], env, tmp_path)
    wait_for_marks(marks, "writing", 1, process)
    process.send_signal(getattr(signal, signal_name))
    code = process.wait(timeout=120)
    assert report.read_text(encoding="utf-8") == OLD_REPORT
    if signal_name == "SIGTERM":  # a kill that can be caught also removes the unfinished file
        assert code == 143 and leftovers(tmp_path) == []
        assert "已检查 2/2 份文件，未写出报告" in process.stderr.read()


# --- write errors ------------------------------------------------------------------------------------


def check(*arguments):
    return CliRunner().invoke(main, ["check", *map(str, arguments)])


def test_a_full_disk_while_writing_the_report_is_exit_2_and_keeps_the_previous_report(tmp_path, monkeypatch):
    folder = folder_of(tmp_path, ["a-1.xlsx", "a-2.xlsx"])
    report = tmp_path / "report.json"
    report.write_text(OLD_REPORT, encoding="utf-8")

    def no_space(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(checker.files.os, "fsync", no_space)
    outcome = check(folder, "--plan", "xinzhou", "--jobs", "1", "-o", report, "--force")
    assert outcome.exit_code == 2
    assert "磁盘空间不足，无法写入；原有文件未改动" in outcome.output
    assert report.read_text(encoding="utf-8") == OLD_REPORT and leftovers(tmp_path) == []


def test_permission_denied_for_the_report_is_exit_2_and_keeps_the_previous_report(tmp_path, monkeypatch):
    workbook = write_workbook(tmp_path / "w.xlsx", {"主要指标": xinzhou_rows()})
    report = tmp_path / "report.md"
    report.write_text(OLD_REPORT, encoding="utf-8")

    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(checker.files.tempfile, "mkstemp", denied)
    outcome = check(workbook, "--plan", "xinzhou", "-o", report, "--force")
    assert outcome.exit_code == 2
    assert "没有写入权限，无法写入；原有文件未改动" in outcome.output
    assert report.read_text(encoding="utf-8") == OLD_REPORT


def test_a_report_into_a_missing_folder_is_exit_2_before_any_work(tmp_path):
    folder = folder_of(tmp_path, ["a-1.xlsx", "a-2.xlsx"])
    outcome = check(folder, "--plan", "xinzhou", "-o", tmp_path / "missing" / "report.json")
    assert outcome.exit_code == 2 and "missing" in outcome.output
    assert not (tmp_path / "missing").exists()


# --- one bad file never stops or stalls a batch -------------------------------------------------------


def run_batch(tmp_path, env, names, *options) -> tuple[int, dict]:
    folder = folder_of(tmp_path, names)
    report = tmp_path / "report.json"
    process = start(["check", folder, "--plan", "xinzhou", "--jobs", "2", "-o", report, *options], env, tmp_path)
    code = process.wait(timeout=600)
    return code, json.loads(report.read_text(encoding="utf-8"))


def test_a_file_over_the_time_limit_is_not_checked_and_the_batch_goes_on(tmp_path, injected):
    env, _marks = injected
    code, document = run_batch(tmp_path, env, ["a-1.xlsx", "slow-1.xlsx", "z-2-fail.xlsx"], "--file-timeout", "2")
    assert code == 2
    files = {Path(file["file"]).name: file for file in document["files"]}
    assert "超过每份文件的检查时限（2 秒）" in files["slow-1.xlsx"]["error_zh"]
    assert "time limit of 2 s" in files["slow-1.xlsx"]["error"]
    assert files["a-1.xlsx"]["summary"]["fail"] == 0 and files["z-2-fail.xlsx"]["summary"]["fail"] == 1
    assert document["summary"] == {"files": 3, "errors": 1, "failed": 1, "warned": 0, "passed": 1}


@pytest.mark.skipif(sys.platform != "linux", reason="the memory guard is RLIMIT_AS: enforced on Linux, a no-op on Windows")
def test_a_file_over_the_memory_guard_is_not_checked_and_the_batch_goes_on(tmp_path, injected):
    env, _marks = injected
    code, document = run_batch(tmp_path, env, ["a-1.xlsx", "hog-1.xlsx", "z-2.xlsx"], "--file-memory", "1024")
    assert code == 2
    files = {Path(file["file"]).name: file for file in document["files"]}
    assert "超出每份文件的内存上限（1024 MB）" in files["hog-1.xlsx"]["error_zh"]
    assert "error" not in files["a-1.xlsx"] and "error" not in files["z-2.xlsx"]


def test_a_file_changed_while_it_is_read_is_reported_not_judged_in_a_batch(tmp_path, injected):
    env, _marks = injected
    code, document = run_batch(tmp_path, env, ["a-1.xlsx", "changing-1.xlsx"])
    assert code == 2
    files = {Path(file["file"]).name: file for file in document["files"]}
    assert "文件在读取期间被修改" in files["changing-1.xlsx"]["error_zh"]
    assert "results" not in files["changing-1.xlsx"] and "error" not in files["a-1.xlsx"]


def test_a_file_changed_while_it_is_read_is_reported_not_judged_alone(tmp_path, monkeypatch):
    import checker.reading.workbook

    workbook = write_workbook(tmp_path / "w.xlsx", {"主要指标": xinzhou_rows()})
    read = checker.reading.workbook.read_workbook

    def still_being_copied(path, *args, **kwargs):
        data = read(path, *args, **kwargs)
        with open(path, "ab") as handle:
            handle.write(b"the rest of the file")
        return data

    monkeypatch.setattr(checker.reading.workbook, "read_workbook", still_being_copied)
    outcome = check(workbook, "--plan", "xinzhou")
    assert outcome.exit_code == 2 and "文件在读取期间被修改" in outcome.output


# --- streamed reports are the reports ------------------------------------------------------------------


def reference_batch_document(documents: list[dict], plan_id: str) -> dict:
    """batch_document as it was before the batch streamed (all in memory), to compare with."""
    checked = [d for d in documents if "error" not in d]
    columns, seen = [], set()
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
        rows.append({"file": document["file"], "year": document["year"], "statuses": statuses, "summary": document["summary"],
                     "data_problems": sum(1 for r in document["results"] if r["kind"] == "data")})
    totals = {c["id"]: {s: sum(1 for row in rows if row["statuses"].get(c["id"]) == s) for s in ("pass", "warn", "fail", "not_reported", "info", "waived")} for c in columns}
    return {
        "schema_version": 1, "kind": "batch", "plan": plan_id,
        "plan_title": checked[0]["plan_title"] if checked else plan_id,
        "plan_title_en": checked[0]["plan_title_en"] if checked else plan_id,
        "summary": {
            "files": len(documents), "errors": len(documents) - len(checked),
            "failed": sum(1 for d in checked if d["summary"]["fail"]),
            "warned": sum(1 for d in checked if d["summary"]["warn"] and not d["summary"]["fail"]),
            "passed": sum(1 for d in checked if not d["summary"]["fail"] and not d["summary"]["warn"]),
        },
        "matrix": {"indicators": columns, "rows": rows, "totals": totals},
        "files": documents,
    }


@pytest.fixture
def mixed(tmp_path):
    folder = folder_of(tmp_path, ["a-1.xlsx", "b-2-fail.xlsx", "c-3.xlsx"])
    (folder / "b-broken.xlsx").write_text("not a workbook", encoding="utf-8")
    return expand([str(folder)])


def test_the_matrix_built_from_disk_is_the_matrix_built_in_memory(mixed):
    documents = check_many(mixed, CheckSettings("xinzhou"), jobs=2)
    assert batch_document(documents, "xinzhou") == reference_batch_document(documents, "xinzhou")


def test_the_streamed_batch_json_is_the_json_of_the_whole_document(mixed, tmp_path):
    from checker.reports.json import _worded

    outcome = check(mixed[0].parent, "--plan", "xinzhou", "--jobs", "2", "--format", "json")
    documents = check_many(mixed, CheckSettings("xinzhou"), jobs=1)
    whole = reference_batch_document(documents, "xinzhou")
    whole["files"] = [file if "error" in file else _worded(file, "zh") for file in whole["files"]]
    assert outcome.output == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("color", [False, True])
def test_the_text_matrix_rendered_in_chunks_is_the_whole_table(mixed, monkeypatch, color):
    import checker.reports.text
    from checker.reports.view import View

    document = batch_document(check_many(mixed, CheckSettings("xinzhou"), jobs=2), "xinzhou")
    for width in (None, 70):
        view = View("zh", color, False, width)
        monkeypatch.setattr(checker.reports.text, "CHUNK_ROWS", 10**6)
        whole = checker.reports.text.render_batch(document, view)
        monkeypatch.setattr(checker.reports.text, "CHUNK_ROWS", 1)
        assert checker.reports.text.render_batch(document, view) == whole


def test_a_batch_leaves_no_spool_behind(mixed, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "spool"))
    (tmp_path / "spool").mkdir()
    outcome = check(mixed[0].parent, "--plan", "xinzhou", "--jobs", "2")
    assert outcome.exit_code == 2
    assert list((tmp_path / "spool").iterdir()) == []


def test_a_full_disk_while_writing_the_consolidated_workbook_keeps_the_previous_one(tmp_path, monkeypatch):
    folder = folder_of(tmp_path, ["a-1.xlsx", "a-2.xlsx"])
    book = tmp_path / "all.xlsx"
    book.write_bytes(b"last year's workbook")

    def no_space(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(checker.files.os, "fsync", no_space)
    outcome = check(folder, "--plan", "xinzhou", "--jobs", "1", "-o", book, "--force")
    assert outcome.exit_code == 2 and "磁盘空间不足" in outcome.output
    assert book.read_bytes() == b"last year's workbook" and leftovers(tmp_path) == []


def test_the_consolidated_workbook_written_row_by_row_is_the_workbook_built_in_memory(mixed, tmp_path):
    import openpyxl
    from openpyxl import Workbook

    from checker.reports import xlsx
    from checker.reports.document import ordered_positions, shown_files
    from checker.reports.view import View

    document = batch_document(check_many(mixed, CheckSettings("xinzhou"), jobs=2), "xinzhou")
    for view in (View("zh"), View("en", order="input")):
        xlsx.write_batch(document, tmp_path / "streamed.xlsx", view)
        built = Workbook()
        matrix, details = built.active, None
        matrix.title, details_title = xlsx.BATCH_SHEETS[view.lang]
        rows = document["matrix"]["rows"]
        order, names = ordered_positions(rows, view.order), shown_files(row["file"] for row in rows)
        xlsx._add_matrix_sheet(matrix, document, view, order, names)
        xlsx._add_details_sheet(built.create_sheet(details_title), document, view, order, names)
        built.save(tmp_path / "memory.xlsx")
        memory, streamed = openpyxl.load_workbook(tmp_path / "memory.xlsx"), openpyxl.load_workbook(tmp_path / "streamed.xlsx")
        assert memory.sheetnames == streamed.sheetnames
        for one, other in zip(memory.worksheets, streamed.worksheets):
            assert (one.max_row, one.max_column) == (other.max_row, other.max_column)

            def described(cell):
                return (cell.value, cell.data_type, cell.number_format, cell.font.b, cell.font.sz, cell.font.color and cell.font.color.rgb,
                        cell.fill.fgColor.rgb, cell.alignment.horizontal, cell.alignment.wrap_text, cell.quotePrefix,
                        cell.comment and cell.comment.text)

            assert [list(map(described, row)) for row in one.iter_rows()] == [list(map(described, row)) for row in other.iter_rows()]
            widths = [{key: d.width for key, d in sheet.column_dimensions.items() if d.customWidth} for sheet in (one, other)]
            assert widths[0] == widths[1]
            assert (one.freeze_panes, one.auto_filter.ref, one.print_title_rows) == (other.freeze_panes, other.auto_filter.ref, other.print_title_rows)
            assert (one.page_setup.orientation, one.page_setup.fitToWidth, one.oddFooter.center.text) == (
                other.page_setup.orientation, other.page_setup.fitToWidth, other.oddFooter.center.text)


def test_a_batch_with_spawned_workers_gives_the_same_report(mixed, tmp_path):
    """Windows and macOS start workers with `spawn`: everything a worker needs must travel by pickle."""
    import multiprocessing

    outputs = {}
    for method in [m for m in ("spawn", "fork") if m in multiprocessing.get_all_start_methods()]:
        script = (f"import multiprocessing; multiprocessing.set_start_method({method!r})\n"
                  "if __name__ == '__main__':\n    from checker.cli import main; main()")
        command = [sys.executable, "-c", script, "check", str(mixed[0].parent), "--plan", "xinzhou", "--jobs", "2", "--format", "json"]
        done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=600)
        assert done.returncode == 2, done.stderr
        outputs[method] = json.loads(done.stdout)
    assert len({json.dumps(output, sort_keys=True) for output in outputs.values()}) == 1
    assert outputs["spawn"]["summary"] == {"files": 4, "errors": 1, "failed": 1, "warned": 0, "passed": 2}


def test_the_line_of_an_interrupted_run_says_how_far_it_came():
    from checker.interrupt import Interrupted

    def line(done, total, written, outputs, partial=False):
        interrupted = Interrupted(signal.SIGTERM)
        interrupted.record(done, total, written, outputs)
        interrupted.partial = partial
        return interrupted.message()

    assert line(120, 1000, [], 1) == "已中断（SIGTERM）：已检查 120/1000 份文件，未写出报告（原有报告文件未改动）"
    assert line(120, 1000, ["a.json"], 1, partial=True) == "已中断（SIGTERM）：已检查 120/1000 份文件；只含已检查文件、标明“不完整”的报告已写出：a.json"
    assert line(1000, 1000, ["a.json"], 2) == "已中断（SIGTERM）：已检查 1000/1000 份文件；已写出：a.json；其余报告未写出"
    assert line(1000, 1000, ["a.json", "b.md"], 2) == "已中断（SIGTERM）：已检查 1000/1000 份文件；报告均已写出：a.json、b.md"
    assert Interrupted(signal.SIGINT).message() == "已中断（SIGINT），未写出报告（原有报告文件未改动）"
    assert (Interrupted(signal.SIGINT).exit_code, Interrupted(signal.SIGTERM).exit_code) == (130, 143)
