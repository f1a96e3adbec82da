import pytest

from checker.errors import CheckerError
from checker.judging.evaluate import evaluate, reporting_year
from checker.plans.loading import find_plan
from checker.reading.workbook import read_workbook
from tests.conftest import write_workbook, xinzhou_rows


@pytest.fixture(scope="module")
def xinzhou():
    return find_plan("xinzhou")


def check(plan, path, year=2025, **kwargs):
    return evaluate(plan, read_workbook(path), year, **kwargs)


def result(report, indicator_id):
    return next(r for r in report.results if r.indicator.id == indicator_id)


def test_a_workbook_meeting_every_main_target_passes(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook())
    main = [r for r in report.results if r.indicator.tier == "main"]
    assert {r.status for r in main} == {"pass"}
    assert report.exit_code() == 0


def test_binding_miss_fails_and_expected_miss_warns(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook({"符合条件且有需求的残疾儿童和持证残疾人基本康复服务": 80, "残疾人城乡居民基本养老保险": 88}))
    rehab, pension = result(report, "rehab_coverage"), result(report, "pension_insurance_rate")
    assert (rehab.status, rehab.value, rehab.cell) == ("fail", 80, "主要指标!D10")
    assert pension.status == "warn"
    assert report.exit_code() == 1


def test_strict_greater_than_target_is_missed_by_an_equal_value(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook({"残疾人城乡居民基本医疗保险": 95}))
    assert result(report, "medical_insurance_rate").status == "warn"


def test_text_greater_than_value_meets_a_strict_target(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook({"残疾人城乡居民基本医疗保险": "＞95"}))
    assert result(report, "medical_insurance_rate").status == "pass"


def test_missing_main_indicator_fails_if_binding_and_warns_if_expected(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook({"困难残疾人生活补贴": "—", "城乡残疾人职业技能培训": None}))
    subsidy, training = result(report, "living_subsidy_coverage"), result(report, "vocational_training")
    assert (subsidy.status, subsidy.reason.code) == ("fail", "missing")
    assert (training.status, training.reason.code) == ("warn", "missing")


def test_unreported_supplementary_indicators_are_counted_apart(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook())
    supplementary = [r for r in report.results if r.indicator.tier == "supplementary"]
    assert supplementary and {r.status for r in supplementary} == {"not_reported"}
    assert report.summary["not_reported"] == len(supplementary)
    assert report.exit_code() == 0


def test_require_all_treats_unreported_supplementary_like_main(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook(), require_all=True)
    assert result(report, "federation_staff_disabled_share").status == "warn"


def test_supplementary_indicator_reported_in_the_workbook_is_judged(xinzhou, tmp_path):
    rows = xinzhou_rows() + [[13, "新建项目无障碍设施建设率", "%", 90]]
    report = check(xinzhou, write_workbook(tmp_path / "w.xlsx", {"主要指标": rows}))
    assert result(report, "new_buildings_barrier_free_rate").status == "warn"


def test_income_growth_in_step_with_gdp(xinzhou, xinzhou_workbook):
    passing = result(check(xinzhou, xinzhou_workbook()), "income_growth")
    assert (passing.status, passing.reference_value) == ("pass", 6.0)
    behind = result(check(xinzhou, xinzhou_workbook({"残疾人家庭人均收入": 5.1}), ), "income_growth")
    assert behind.status == "warn" and behind.reason.code == "behind_reference"


def test_in_step_without_the_reference_figure_warns_saying_what_is_needed(xinzhou, tmp_path):
    rows = [r for r in xinzhou_rows() if not str(r[1]).startswith("地区生产总值")]
    report = check(xinzhou, write_workbook(tmp_path / "w.xlsx", {"主要指标": rows}))
    income = result(report, "income_growth")
    assert (income.status, income.reason.code) == ("warn", "no_reference")


def test_unreadable_cell_is_reported_with_its_cell_and_other_results_stand(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook({"符合条件且有需求的残疾儿童和持证残疾人基本康复服务": "八十五"}))
    rehab = result(report, "rehab_coverage")
    assert rehab.status == "fail"
    assert rehab.reason.params == {"cell": "主要指标!D10", "problem": '"八十五" is not a number', "problem_zh": '"八十五" 不是数值'}
    assert result(report, "assistive_device_rate").status == "pass"


def test_float_noise_does_not_fail_a_target(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook({"符合条件且有需求的残疾儿童和持证残疾人基本康复服务": 84.99999999}))
    assert result(report, "rehab_coverage").status == "pass"


def test_percent_formatted_cell_is_compared_as_shown(xinzhou, xinzhou_workbook):
    path = xinzhou_workbook({"符合条件且有需求的残疾儿童和持证残疾人基本康复服务": 0.85}, formats={("主要指标", "D10"): "0%"})
    rehab = result(check(xinzhou, path), "rehab_coverage")
    assert (rehab.status, rehab.value) == ("pass", 85.0)


def test_value_shown_with_no_decimals_is_judged_as_shown(xinzhou, xinzhou_workbook):
    path = xinzhou_workbook({"符合条件且有需求的残疾儿童和持证残疾人基本康复服务": 84.6}, formats={("主要指标", "D10"): "0"})
    assert result(check(xinzhou, path), "rehab_coverage").value == 85.0


def test_rows_matching_no_indicator_are_listed_not_dropped(xinzhou, tmp_path):
    rows = xinzhou_rows() + [[14, "残疾人之家建设数量", "个", 14]]
    report = check(xinzhou, write_workbook(tmp_path / "w.xlsx", {"主要指标": rows}))
    assert [(u.label, str(u.cell)) for u in report.unmatched_rows] == [("残疾人之家建设数量", "主要指标!D14")]


def test_workbook_with_no_indicator_of_the_plan_is_an_error(xinzhou, tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", {"S": [["指标", "实际值"], ["人口总数", 1000]]})
    with pytest.raises(CheckerError, match="no indicator of plan 'xinzhou' found"):
        check(xinzhou, path)


def test_rows_match_by_id_alias_and_longer_label(xinzhou, tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", {"S": [
        ["代码", "指标", "实际值"],
        ["rehab_coverage", "康复（自定义写法）", 90],
        [None, "全市困难残疾人生活补贴覆盖率", 100],
    ]})
    report = check(xinzhou, path)
    assert (result(report, "rehab_coverage").matched_by, result(report, "rehab_coverage").status) == ("id", "pass")
    assert result(report, "living_subsidy_coverage").matched_by == "contains"


def test_same_indicator_twice_with_different_values_names_both_cells(xinzhou, tmp_path):
    rows = xinzhou_rows() + [[13, "困难残疾人生活补贴覆盖率", "%", 90]]
    with pytest.raises(CheckerError, match=r"主要指标!D5 = 100, 主要指标!D14 = 90"):
        check(xinzhou, write_workbook(tmp_path / "w.xlsx", {"主要指标": rows}))


def test_value_from_a_hidden_row_is_flagged(xinzhou, xinzhou_workbook):
    report = check(xinzhou, xinzhou_workbook(hidden_rows={"主要指标": [5]}))
    assert result(report, "living_subsidy_coverage").hidden is True


def test_reporting_year_comes_from_option_then_workbook(xinzhou, xinzhou_workbook, tmp_path):
    data = read_workbook(xinzhou_workbook())
    assert reporting_year(data, None) == 2025
    assert reporting_year(data, 2024) == 2024
    undated = read_workbook(write_workbook(tmp_path / "u.xlsx", {"S": [["指标", "实际值"], ["困难残疾人生活补贴覆盖率", 100]]}))
    with pytest.raises(CheckerError, match="give --year"):
        reporting_year(undated, None)


def test_summary_counts(xinzhou, xinzhou_workbook):
    summary = check(xinzhou, xinzhou_workbook({"困难残疾人生活补贴": 90, "残疾人城乡居民基本养老保险": 80})).summary
    assert (summary["pass"], summary["warn"], summary["fail"], summary["total"]) == (9, 1, 1, 32)
