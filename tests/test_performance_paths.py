"""What keeps the checker quick without changing what it reports: lean start-up, one plan read per batch.

No timings here (they depend on the machine); `make bench` measures them.
"""

import json
import subprocess
import sys

import pytest

from checker.batch.run import check_many, check_one
from checker.settings import CheckSettings
from tests.conftest import write_workbook, xinzhou_rows

HEAVY = ("openpyxl", "pandas", "numpy", "rich", "xlrd", "pypdf")


def modules_loaded_by(code: str) -> set[str]:
    """Top-level packages among HEAVY that a fresh interpreter has imported after running `code`."""
    report = f"import json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    done = subprocess.run([sys.executable, "-c", f"{code}\n{report}"], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_command_line_loads_neither_openpyxl_nor_pandas():
    loaded = modules_loaded_by("import checker.cli")
    assert "openpyxl" not in loaded and "pandas" not in loaded


@pytest.mark.parametrize("arguments", [["--help"], ["plans"]])
def test_help_and_plans_load_no_heavy_module(arguments):
    loaded = modules_loaded_by(f"from checker.cli import main\ntry:\n    main({arguments!r})\nexcept SystemExit:\n    pass")
    assert loaded == set()


def test_showing_a_plan_does_not_load_the_workbook_readers():
    loaded = modules_loaded_by("from checker.cli import main\ntry:\n    main(['show', 'xinzhou'])\nexcept SystemExit:\n    pass")
    assert loaded == {"rich"}


@pytest.mark.parametrize("output_format, heavy", [("text", {"rich"}), ("json", set())])
def test_checking_a_workbook_loads_its_own_reader_and_not_openpyxl(tmp_path, output_format, heavy):
    """.xlsx parts are read by checker.reading.xlsx (expat); openpyxl only writes reports and templates."""
    workbook = write_workbook(tmp_path / "x.xlsx", {"主要指标": xinzhou_rows()})
    check = f"main(['check', {str(workbook)!r}, '--plan', 'xinzhou', '--format', {output_format!r}])"
    reader_loaded = "assert 'checker.reading.xlsx' in sys.modules"
    loaded = modules_loaded_by(f"import sys\nfrom checker.cli import main\ntry:\n    {check}\nexcept SystemExit:\n    pass\n{reader_loaded}")
    assert loaded == heavy


def test_a_plain_check_imports_only_its_own_report_format_and_no_drafting(tmp_path):
    workbook = write_workbook(tmp_path / "x.xlsx", {"主要指标": xinzhou_rows()})
    code = (f"import json, sys\nfrom checker.cli import main\ntry:\n    main(['check', {str(workbook)!r}, '--plan', 'xinzhou', '--format', 'json'])\n"
            "except SystemExit:\n    pass\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('checker.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    checker_modules = set(json.loads(done.stdout.splitlines()[-1]))
    other_formats = {"text", "terminal", "junit", "github", "markdown", "html", "xlsx", "xlsx_stream", "excel", "review"}
    assert not {m for m in checker_modules if m.startswith("checker.drafting")}
    assert not {m for m in checker_modules if m.startswith("checker.reports.") and m.split(".")[2] in other_formats}
    assert "checker.reports.json" in checker_modules


def submissions(tmp_path, count=3):
    return [write_workbook(tmp_path / f"{n}.xlsx", {"S": xinzhou_rows({"困难残疾人生活补贴": 90})}) for n in range(count)]


def test_a_batch_reads_the_plan_once_for_all_its_files(tmp_path, monkeypatch):
    import checker.plans.loading

    reads = []
    original = checker.plans.loading.find_plan
    monkeypatch.setattr(checker.plans.loading, "find_plan", lambda *args: reads.append(args) or original(*args))
    documents = check_many(submissions(tmp_path), CheckSettings("xinzhou"), jobs=1)
    assert len(reads) == 1
    assert [d["summary"]["fail"] for d in documents] == [1, 1, 1]


def test_waivers_reach_the_worker_processes(tmp_path):
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nid = "living_subsidy_coverage"\njustification = "口径调整"\napproved_by = "市残联"\n', encoding="utf-8")
    settings = CheckSettings("xinzhou", waivers=waivers)
    documents = check_many(submissions(tmp_path), settings, jobs=2)
    statuses = [next(r["status"] for r in d["results"] if r["id"] == "living_subsidy_coverage") for d in documents]
    assert statuses == ["waived", "waived", "waived"]


def test_an_unknown_plan_makes_every_file_an_error_row_in_worker_processes(tmp_path):
    paths = submissions(tmp_path)
    documents = check_many(paths, CheckSettings("atlantis"), jobs=2)
    assert [d["file"] for d in documents] == [str(p) for p in paths]
    assert all("unknown plan 'atlantis'" in d["error"] for d in documents)


def test_one_file_checked_alone_equals_its_row_in_a_batch(tmp_path):
    paths = submissions(tmp_path, count=2)
    settings = CheckSettings("xinzhou")
    assert check_one(paths[1], settings) == check_many(paths, settings, jobs=2)[1]
