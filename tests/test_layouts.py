"""The reader on workbooks laid out the way 残联 really send them (issue 13 §3, "Layouts read right").

Each test builds its workbook here (most with a builder of tests/layouts.py, the corpus that
benchmarks/layouts_eval.py scores) and asserts what the reader reads, from which cell, in which
year — or the explicit refusal. Never a silent wrong answer: what cannot be read with confidence
is a finding or an exit-2 refusal naming the cell.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from checker.errors import CheckerError
from checker.judging.evaluate import evaluate, reporting_year
from checker.names import normalise_name, simplified, trailing_unit
from checker.plans.loading import find_plan
from checker.reading.values import ValueProblem, read_value
from checker.reading.workbook import read_workbook
from tests import layouts
from tests.conftest import write_workbook


@pytest.fixture(scope="module")
def xinzhou():
    return find_plan("xinzhou")


@pytest.fixture(scope="module")
def jiangbei():
    return find_plan("jiangbei")


def by_cell(data):
    return {o.location: o for o in data.observations}


def judged(plan, path, year=None):
    data = read_workbook(path)
    report = evaluate(plan, data, reporting_year(data, year))
    return {r.indicator.id: r for r in report.results if r.kind == "target"}, report


def findings(report, indicator_id):
    return [r for r in report.results if r.kind == "data" and r.indicator.id == indicator_id]


# --- qualified values, traditional characters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "qualifier", "remark"),
    [("85%以上", 85, "≥", None), ("≥85%", 85, "≥", None), ("不低于15%", 15, "≥", None), ("100%（应保尽保）", 100, None, "应保尽保"),
     ("约90%", 90, "约", None), ("90%左右", 90, "约", None), ("超过90%", 90, ">", None), ("不足5%", 5, "<", None)],
)
def test_qualified_values_read_the_number_and_keep_the_qualifier(raw, value, qualifier, remark):
    reading = read_value(raw, "percent")
    assert (reading.value, reading.qualifier, reading.remark) == (value, qualifier, remark)


@pytest.mark.parametrize("raw", ["全覆盖", "基本全覆盖"])
def test_coverage_in_words_is_not_a_number_and_says_so_in_chinese(raw):
    with pytest.raises(ValueProblem) as problem:
        read_value(raw, "percent")
    assert problem.value.zh == f'"{raw}" 是文字描述，不是数值：请填写具体比例（如 100%）'


def test_traditional_characters_and_stray_spaces_match_simplified_names(tmp_path, xinzhou):
    assert normalise_name("困難殘疾人生活補貼 覆蓋率") == normalise_name("困难残疾人生活补贴覆盖率")
    assert simplified("障礙") == "障碍" and trailing_unit("改造數（戶）") == "户"
    path, _ = layouts.traditional_characters(tmp_path)
    results, _ = judged(xinzhou, path)
    assert (results["barrier_free_homes"].value, results["barrier_free_homes"].cell) == (326, "主要指标!D12")
    assert (results["nursing_subsidy_coverage"].value, results["nursing_subsidy_coverage"].cell) == (99.2, "主要指标!D6")
