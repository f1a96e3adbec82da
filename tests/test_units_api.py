"""The analysts' API (issue 14): tidy results and the unit × indicator pivot as pandas DataFrames."""

from __future__ import annotations

import pytest

from tests.conftest import write_workbook, xinzhou_rows
from tests.test_performance_paths import modules_loaded_by

pandas = pytest.importorskip("pandas")


def test_a_tidy_frame_of_one_workbook_and_its_pivot(xinzhou_workbook):
    from checker import api

    frame = api.results(xinzhou_workbook({"困难残疾人生活补贴": 90}), plan="xinzhou")
    assert list(frame.columns) == ["file", "unit", "year", "id", "name", "attribute", "value", "target", "status", "cell"]
    row = frame[frame.id == "living_subsidy_coverage"].iloc[0]
    assert (row.value, row.status, row.year, row.cell) == (90, "fail", 2025, "主要指标!D5")
    table = api.pivot(frame)
    assert table.loc["（合计）", "living_subsidy_coverage"] == "fail"
    assert list(table.columns)[:2] == ["income_growth", "vocational_training"]


def test_many_workbooks_and_units(tmp_path):
    from checker import api

    first = write_workbook(tmp_path / "a.xlsx", {"S": xinzhou_rows()})
    second = write_workbook(tmp_path / "b.xlsx", {"S": xinzhou_rows({"困难重度残疾人家庭": 1000})})
    frame = api.results([first, second], plan="xinzhou")
    assert frame.file.nunique() == 2
    values = api.pivot(frame, values="value")
    assert values.loc[(str(second), "（合计）"), "barrier_free_homes"] == 1000


def test_units_become_rows_of_the_frame():
    from checker import api

    document = {
        "file": "city.xlsx", "year": 2025,
        "results": [{"id": "x", "name": "X", "attribute": "binding", "value": 90.0, "target": 100, "status": "fail", "cell": "S!B3", "kind": "target"}],
        "units": [{"unit": "代县", "results": [{"id": "x", "name": "X", "attribute": "binding", "value": 100.0, "target": 100, "status": "pass", "cell": "S!C3", "kind": "target"}]}],
    }
    assert [(r["unit"], r["status"]) for r in api.rows(document)] == [(None, "fail"), ("代县", "pass")]


def test_check_never_imports_pandas(tmp_path):
    workbook = write_workbook(tmp_path / "x.xlsx", {"主要指标": xinzhou_rows()})
    loaded = modules_loaded_by(f"from checker.cli import main\ntry:\n    main(['check', {str(workbook)!r}, '--plan', 'xinzhou'])\nexcept SystemExit:\n    pass")
    assert "pandas" not in loaded and "numpy" not in loaded
