"""Never a silent wrong answer (issue 13): which plan a workbook belongs to, which year it is for, and
what the checker says first when it cannot check.

Every workbook is a real .xlsx built here (openpyxl), shaped like the forms 残联 send: a title line,
a 填报单位 line, then the indicator table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from checker.cli import main
from tests.conftest import write_workbook, xinzhou_rows
from tests.layouts import JIANGBEI, other_area_workbook, year_outside_plan


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def form(path: Path, title: str | None, unit_line: str | None = None, rows: list[list] | None = None, sheet: str = "主要指标") -> Path:
    """A sheet with an optional title and 填报单位 line above a xinzhou table (序号 | 指标 | 单位 | 2025年实际)."""
    lines = ([[title]] if title else []) + ([[unit_line]] if unit_line else [])
    return write_workbook(path, {sheet: [*lines, *(rows or xinzhou_rows())]})


def jiangbei_form(path: Path, title: str, unit_line: str | None = None) -> Path:
    rows = [["序号", "指标名称", "计量单位", "2025年实际"]]
    rows += [[number, name, unit, current] for number, (_id, name, unit, _previous, current) in enumerate(JIANGBEI, start=1)]
    return write_workbook(path, {"主要指标": [[title], *([[unit_line]] if unit_line else []), *rows]})


def checked(path, *args) -> dict:
    outcome = run("check", path, "--format", "json", *args)
    assert outcome.exit_code in (0, 1), outcome.output
    return json.loads(outcome.output)


# --- the plan, inferred ------------------------------------------------------------------------------


def test_without_plan_the_plan_is_inferred_from_the_title_and_the_report_says_where(tmp_path):
    path = form(tmp_path / "report.xlsx", "2025年忻州市残疾人事业发展主要指标完成情况表")
    document = checked(path)
    assert document["plan"] == "xinzhou" and document["year"] == 2025
    assert document["plan_inferred_from"] == {
        "plan": "xinzhou", "name": "忻州市", "role": "area", "cell": "主要指标!A1",
        "text": "2025年忻州市残疾人事业发展主要指标完成情况表",
    }
    assert {"code": "plan_inferred", "params": {"name": "忻州市", "cell": "主要指标!A1"}} in document["notices"]
    text = run("check", path).output
    assert "规划 xinzhou 是根据 主要指标!A1 中的“忻州市”推断的；如不对，请用 --plan 指定" in text


def test_a_county_in_the_reporting_unit_line_infers_its_citys_plan(tmp_path):
    path = form(tmp_path / "report.xlsx", "2025年残疾人事业发展主要指标完成情况表", "填报单位：原平市残疾人联合会（盖章）")
    document = checked(path)
    assert document["plan"] == "xinzhou"
    assert document["plan_inferred_from"]["name"] == "原平市" and document["plan_inferred_from"]["cell"] == "主要指标!A2"


def test_a_street_infers_its_districts_plan(tmp_path):
    path = jiangbei_form(tmp_path / "report.xlsx", "2025年残疾人事业统计快报", "填报单位：观音桥街道办事处")
    assert checked(path)["plan"] == "jiangbei"


def test_a_sheet_name_infers_the_plan(tmp_path):
    path = form(tmp_path / "report.xlsx", None, sheet="张店区2025年")
    document = checked(path)
    assert document["plan"] == "zhangdian" and document["plan_inferred_from"]["cell"] == "张店区2025年"


def test_the_templates_own_marker_infers_the_plan(tmp_path):
    template = tmp_path / "t.xlsx"
    assert run("template", "--plan", "qingshan", "-o", template).exit_code == 0
    document = checked(template)
    assert document["plan"] == "qingshan"
    assert document["plan_inferred_from"]["role"] in ("marker", "title")


def test_the_file_name_infers_the_plan_when_the_workbook_names_no_area(tmp_path):
    path = form(tmp_path / "xinzhou-2025.xlsx", None)
    document = checked(path)
    assert document["plan"] == "xinzhou" and document["plan_inferred_from"]["role"] == "file"


def test_a_workbook_naming_no_plan_is_refused_listing_the_plans(tmp_path):
    path = form(tmp_path / "report.xlsx", "2025年残疾人事业发展主要指标完成情况表")
    outcome = run("check", path)
    assert outcome.exit_code == 2
    assert outcome.output.startswith(f"错误：{path}: 无法判断此工作簿对应哪个规划")
    for plan_id in ("daan", "jiangbei", "qingshan", "xinzhou", "zhangdian"):
        assert plan_id in outcome.output
    assert "give --plan, one of: daan (" in run("check", path, "--lang", "en").output


def test_short_names_inside_other_words_identify_nothing(tmp_path):
    # 大安 in 大安全, 青山 in 青山绿水, 青山区 in 青山区域: no place named.
    path = form(tmp_path / "report.xlsx", "2025年大安全生产与青山绿水专项统计表", "注：数据来自青山区域合作平台")
    outcome = run("check", path)
    assert outcome.exit_code == 2 and "无法判断此工作簿对应哪个规划" in outcome.output


def test_a_short_name_counts_to_infer_where_a_boundary_follows_it(tmp_path):
    path = form(tmp_path / "report.xlsx", "大安残联2025年主要指标完成情况")
    assert checked(path)["plan"] == "daan"


def test_jiangbei_of_ningbo_is_not_chongqings(tmp_path):
    path = jiangbei_form(tmp_path / "report.xlsx", "宁波市江北区2025年残疾人事业统计快报")
    assert run("check", path).exit_code == 2  # no shipped plan is 宁波市's
    assert run("check", path, "--plan", "xinzhou").exit_code in (0, 1)  # and nothing to refuse the check on


def test_areas_of_two_plans_with_nothing_to_choose_between_them_are_refused(tmp_path):
    path = form(tmp_path / "report.xlsx", "忻州市、张店区2025年残疾人事业发展主要指标对比表")
    outcome = run("check", path)
    assert outcome.exit_code == 2 and "其中写有多个规划的地区" in outcome.output
    assert "忻州市" in outcome.output and "张店区" in outcome.output


# --- the plan given, and the workbook of another plan's area -------------------------------------------


def test_a_workbook_of_another_plans_area_is_refused_naming_what_where_whose_and_the_way_round(tmp_path):
    path, _expectation = other_area_workbook(tmp_path)
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2
    assert outcome.output.strip() == (
        f"错误：{path}: 主要指标!A1: 工作簿写的是“江北区”（“重庆市江北区2025年残疾人事业发展主要指标完成情况表”），"
        "属于规划 jiangbei（重庆市江北区“十四五”残疾人保障和发展规划（2021—2025年））的地区，不属于规划 xinzhou："
        "请用 --plan jiangbei 检查；确要按 xinzhou 检查，请加 --force-plan"
    )
    english = run("check", path, "--plan", "xinzhou", "--lang", "en").output
    assert "主要指标!A1: the workbook names 江北区" in english and "the area of plan jiangbei" in english
    assert "give --force-plan to check it against xinzhou anyway" in english


def test_force_plan_checks_it_anyway(tmp_path):
    path, _expectation = other_area_workbook(tmp_path)
    document = checked(path, "--plan", "xinzhou", "--force-plan")
    assert document["plan"] == "xinzhou" and document["plan_inferred_from"] is None


def test_a_county_of_another_plan_refuses_the_check(tmp_path):
    path = form(tmp_path / "report.xlsx", "2025年残疾人事业发展主要指标完成情况表", "填报单位：五台县残疾人联合会")
    outcome = run("check", path, "--plan", "qingshan")
    assert outcome.exit_code == 2
    assert "主要指标!A2" in outcome.output and "五台县" in outcome.output and "xinzhou" in outcome.output


def test_a_street_name_alone_never_refuses_a_check(tmp_path):
    # 和平街道 is a street of 张店区, and of a hundred other districts: no ground to refuse.
    path = form(tmp_path / "report.xlsx", "2025年主要指标完成情况表", "填报单位：和平街道")
    assert run("check", path, "--plan", "xinzhou").exit_code in (0, 1)


@pytest.mark.parametrize("title", [
    "2025年忻州市残疾人事业发展主要指标完成情况表",  # the plan's own area
    "原平市2025年残疾人事业发展主要指标完成情况表",  # one of its counties
    "2025年残疾人事业发展主要指标完成情况表",  # no area at all
    "江北残联2025年报表",  # a bare short name: never a refusal
])
def test_a_workbook_of_the_plans_own_area_or_of_none_is_checked_as_before(tmp_path, title):
    document = checked(form(tmp_path / "report.xlsx", title), "--plan", "xinzhou")
    assert document["plan"] == "xinzhou" and document["summary"]["fail"] == 0


def test_review_refuses_another_plans_workbook_too(tmp_path):
    path, _expectation = other_area_workbook(tmp_path)
    outcome = run("review", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2 and "江北区" in outcome.output and "--force-plan" in outcome.output


# --- batches and ci ------------------------------------------------------------------------------


def test_a_batch_without_plan_infers_each_files_plan_and_an_unknown_one_is_an_error_row(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    form(folder / "a.xlsx", "2025年忻州市残疾人事业发展主要指标完成情况表")
    jiangbei_form(folder / "b.xlsx", "重庆市江北区2025年残疾人事业统计快报")
    form(folder / "c.xlsx", "2025年残疾人事业发展主要指标完成情况表")
    outcome = run("check", folder, "--format", "json")
    assert outcome.exit_code == 2
    document = json.loads(outcome.output)
    assert document["plan"] == "jiangbei+xinzhou" and document["plan_title"] == "多个规划：jiangbei、xinzhou"
    files = {Path(f["file"]).name: f for f in document["files"]}
    assert files["a.xlsx"]["plan"] == "xinzhou" and files["b.xlsx"]["plan"] == "jiangbei"
    assert "cannot tell which plan this workbook follows" in files["c.xlsx"]["error"]
    assert "无法判断此工作簿对应哪个规划" in files["c.xlsx"]["error_zh"]


def test_a_batch_of_one_plan_without_plan_is_that_plans_batch(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    form(folder / "a.xlsx", "2025年忻州市残疾人事业发展主要指标完成情况表")
    form(folder / "b.xlsx", "原平市2025年残疾人事业发展主要指标完成情况表")
    document = json.loads(run("check", folder, "--format", "json").output)
    assert document["plan"] == "xinzhou" and document["plan_title"] == "忻州市“十四五”残疾人保障和发展规划"


def test_a_batch_with_plan_refuses_the_file_of_another_area_as_an_error_row(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    form(folder / "a.xlsx", "2025年忻州市残疾人事业发展主要指标完成情况表")
    other_area_workbook(folder)
    outcome = run("check", folder, "--plan", "xinzhou", "--format", "json")
    assert outcome.exit_code == 2
    errors = [f for f in json.loads(outcome.output)["files"] if "error" in f]
    assert len(errors) == 1 and "江北区" in errors[0]["error_zh"] and "--force-plan" in errors[0]["error"]


# --- years ----------------------------------------------------------------------------------------


def test_a_year_option_outside_the_plans_period_is_refused(tmp_path):
    path, expectation = year_outside_plan(tmp_path)
    outcome = run("check", path, "--plan", "xinzhou", *expectation.args)
    assert outcome.exit_code == 2
    assert outcome.output.strip() == f"错误：{path}: --year 2030 不在规划 xinzhou 的期限（2021—2025年）内：请给出 2021 至 2025 之间的年份"
    english = run("check", path, "--plan", "xinzhou", "--year", "2030", "--lang", "en").output
    assert "--year 2030 is outside the period of plan xinzhou (2021–2025)" in english


def test_the_baseline_year_is_no_reporting_year(xinzhou_workbook):
    outcome = run("check", xinzhou_workbook(), "--plan", "xinzhou", "--year", "2020")
    assert outcome.exit_code == 2 and "--year 2020 不在规划 xinzhou 的期限" in outcome.output


def test_a_workbook_year_outside_the_period_is_refused_with_its_cell(tmp_path):
    rows = xinzhou_rows(header=["序号", "指标", "单位", "2026年实际"])
    path = write_workbook(tmp_path / "w.xlsx", {"主要指标": rows})
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2
    assert "工作簿的年份 2026（2026年的列，如 主要指标!D2）不在规划 xinzhou 的期限（2021—2025年）内" in outcome.output


def test_a_2020_baseline_column_is_fine(tmp_path):
    rows = [[number, name, unit, value, value] for number, name, unit, value in xinzhou_rows()]
    rows[0] = ["序号", "指标", "单位", "2020年", "2025年"]
    document = checked(write_workbook(tmp_path / "w.xlsx", {"主要指标": rows}), "--plan", "xinzhou")
    assert document["year"] == 2025


def test_review_refuses_a_year_outside_the_period(tmp_path):
    path, _expectation = year_outside_plan(tmp_path)
    outcome = run("review", path, "--plan", "xinzhou", "--year", "2030")
    assert outcome.exit_code == 2 and "--year 2030 不在规划 xinzhou 的期限" in outcome.output


def test_a_batch_file_of_a_year_outside_the_period_is_an_error_row(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    write_workbook(folder / "good.xlsx", {"主要指标": xinzhou_rows()})
    write_workbook(folder / "later.xlsx", {"主要指标": xinzhou_rows(header=["序号", "指标", "单位", "2026年实际"])})
    outcome = run("check", folder, "--plan", "xinzhou", "--format", "json")
    assert outcome.exit_code == 2
    files = {Path(f["file"]).name: f for f in json.loads(outcome.output)["files"]}
    assert files["good.xlsx"]["year"] == 2025
    assert "is outside the period of plan xinzhou (2021–2025)" in files["later.xlsx"]["error"]
    assert "不在规划 xinzhou 的期限" in files["later.xlsx"]["error_zh"]


@pytest.mark.parametrize("output_format, shown", [
    ("text", "忻州市“十四五”残疾人保障和发展规划 — 2024"),
    ("markdown", "# 忻州市“十四五”残疾人保障和发展规划 — 2024"),
    ("html", "— 2024"),
    ("junit", 'name="xinzhou 2024"'),
    ("github", "忻州市“十四五”残疾人保障和发展规划 — 2024年度检查报告"),
])
def test_every_report_header_shows_the_year_it_is_for(tmp_path, output_format, shown):
    path = write_workbook(tmp_path / "w.xlsx", {"主要指标": xinzhou_rows(header=["序号", "指标", "单位", "2024年实际"])})
    outcome = run("check", path, "--plan", "xinzhou", "--format", output_format)
    assert outcome.exit_code in (0, 1) and shown in outcome.output


# --- the first complaint is the real one --------------------------------------------------------------


def test_a_workbook_with_no_table_of_the_plan_says_so_first_not_that_it_has_no_year(tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", {"Sheet1": [["会议纪要"], ["参会人员", "张三"]], "名单": [["姓名", "单位"], ["李四", "残联"]]})
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2
    assert "没有找到规划 xinzhou 的任何指标" in outcome.output and "所有工作表上都没有这样的表格" in outcome.output
    assert "没有报告年份" not in outcome.output
    english = run("check", path, "--plan", "xinzhou", "--lang", "en").output
    assert "no indicator of plan 'xinzhou' found" in english and "no reporting year" not in english


def test_a_table_of_other_indicators_names_the_tables_found(tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", {"统计": [["指标", "实际值"], ["图书馆藏书量", 100]]})
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2 and "找到的表格：统计!A1" in outcome.output


# --- too little of the plan found ----------------------------------------------------------------------


def few_rows(tmp_path) -> Path:
    rows = xinzhou_rows()[:4]  # the header and 3 of the 11 main indicators
    return write_workbook(tmp_path / "few.xlsx", {"主要指标": rows})


def test_fewer_than_half_of_the_main_indicators_found_is_in_the_json(tmp_path):
    document = checked(few_rows(tmp_path), "--plan", "xinzhou")
    assert document["coverage"] == {"main_found": 3, "main_total": 11, "warning": True}
    assert {"code": "low_coverage", "params": {"found": 3, "total": 11}} in document["notices"]


def test_all_main_indicators_found_gives_no_warning(xinzhou_workbook):
    document = checked(xinzhou_workbook(), "--plan", "xinzhou")
    assert document["coverage"] == {"main_found": 11, "main_total": 11, "warning": False}
    assert not [n for n in document["notices"] if n["code"] == "low_coverage"]


@pytest.mark.parametrize("output_format", ["text", "markdown", "html", "junit", "github"])
def test_too_little_found_is_said_at_the_top_of_every_format(tmp_path, output_format):
    outcome = run("check", few_rows(tmp_path), "--plan", "xinzhou", "--format", output_format)
    assert "工作簿中只找到规划 xinzhou 的 3/11 项主要指标（不到一半）" in outcome.output
    english = run("check", few_rows(tmp_path), "--plan", "xinzhou", "--format", output_format, "--lang", "en")
    assert "only 3 of the 11 main indicators of plan xinzhou were found" in english.output


def test_too_little_found_opens_the_text_report(tmp_path):
    lines = run("check", few_rows(tmp_path), "--plan", "xinzhou").output.splitlines()
    assert lines[2].startswith("⚠ 注意：工作簿中只找到规划 xinzhou 的 3/11 项主要指标")


def test_ci_infers_the_plan_of_each_workbook_of_a_table_without_plan(tmp_path, monkeypatch):
    root = tmp_path / "data"
    (root / "submissions").mkdir(parents=True)
    form(root / "submissions/a.xlsx", "2025年忻州市残疾人事业发展主要指标完成情况表")
    jiangbei_form(root / "submissions/b.xlsx", "重庆市江北区2025年残疾人事业统计快报")
    config = 'jobs = 1\noutputs = ["reports/{plan}.json"]\n\n[[submissions]]\nfiles = "submissions/*.xlsx"\n'
    (root / "checker.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(root)
    outcome = run("ci", "--format", "json")
    assert outcome.exit_code in (0, 1), outcome.output
    (section,) = json.loads(outcome.output)["plans"]
    assert section["plan"] == "jiangbei+xinzhou"
    assert {Path(f["file"]).name: f["plan"] for f in section["files"]} == {"a.xlsx": "xinzhou", "b.xlsx": "jiangbei"}
    assert json.loads((root / "reports/jiangbei+xinzhou.json").read_text(encoding="utf-8"))["plan"] == "jiangbei+xinzhou"


def test_ci_refuses_a_workbook_of_another_plans_area_in_a_table_with_plan(tmp_path, monkeypatch):
    root = tmp_path / "data"
    (root / "submissions").mkdir(parents=True)
    form(root / "submissions/a.xlsx", "2025年忻州市残疾人事业发展主要指标完成情况表")
    other_area_workbook(root / "submissions")
    (root / "checker.toml").write_text('jobs = 1\n\n[[submissions]]\nplan = "xinzhou"\nfiles = "submissions/*.xlsx"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    outcome = run("ci", "--format", "json")
    assert outcome.exit_code == 2
    errors = [f for f in json.loads(outcome.output)["plans"][0]["files"] if "error" in f]
    assert len(errors) == 1 and "江北区" in errors[0]["error_zh"]


def test_every_layout_of_the_corpus_names_its_own_plan(tmp_path):
    """The 31 workbooks of tests/layouts.py, read as they come: each infers the plan a person would
    check it against (the 江北区 workbook, meant to be refused as xinzhou's, is jiangbei's)."""
    from checker.checking import prepare
    from checker.reading.workbook import read_workbook
    from checker.settings import CheckSettings
    from tests.layouts import LAYOUTS

    check = prepare(CheckSettings(None))
    found = {}
    for name, builder in LAYOUTS:
        path, expectation = builder(tmp_path)
        plan, _waivers, _where = check.plan_for(read_workbook(path))
        found[name] = (plan.id, "jiangbei" if name == "other_area_jiangbei" else expectation.plan)
    assert {name: got for name, (got, want) in found.items() if got != want} == {}
