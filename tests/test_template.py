"""`checker template`: the workbook a statistician fills in, read back by `check` as it stands."""

import json

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.plans.loading import find_plan

PLANS = ["daan", "jiangbei", "qingshan", "xinzhou", "zhangdian"]
SHEET = "指标填报"
GDP_GROWTH = 6.0


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def template(tmp_path, plan="xinzhou", *args, name="template.xlsx"):
    path = tmp_path / name
    outcome = run("template", "--plan", plan, "-o", path, *args)
    assert outcome.exit_code == 0, outcome.output
    return path


def header(sheet):
    return [cell.value for cell in sheet[2]]


def year_columns(sheet):
    return {int(text[:4]): index for index, text in enumerate(header(sheet), start=1) if text and text.endswith("年") and text[:4].isdigit()}


def rows_by_id(sheet):
    return {row[0].value: row[0].row for row in sheet.iter_rows(min_row=3) if row[0].value}


def meeting_value(indicator):
    """A figure that meets the indicator's 2025 target exactly or just beyond it."""
    if indicator.unit == "yes_no":
        return "是"
    if indicator.operator == "in_step_with":
        return GDP_GROWTH + 1
    if indicator.operator == "range":
        return indicator.target[0]
    if indicator.operator == ">":
        return indicator.target + 1
    return indicator.target


def fill(path, values_by_id):
    """Type values into every year column of the rows with these ids, as a statistician would."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[SHEET]
    rows = rows_by_id(sheet)
    for indicator_id, value in values_by_id.items():
        for column in year_columns(sheet).values():
            sheet.cell(rows[indicator_id], column).value = value
    workbook.save(path)
    return path


def checked(path, plan, *args):
    outcome = run("check", path, "--plan", plan, "--format", "json", *args)
    return outcome.exit_code, json.loads(outcome.output)


def test_template_has_instructions_and_one_row_per_indicator(tmp_path):
    workbook = openpyxl.load_workbook(template(tmp_path))
    assert workbook.sheetnames == ["说明", SHEET]
    instructions = "\n".join(str(c.value) for c in workbook["说明"]["A"] if c.value)
    assert "86% 填 86" in instructions and "checker check 本文件.xlsx --plan xinzhou" in instructions
    sheet = workbook[SHEET]
    assert header(sheet) == ["id", "指标", "单位", "属性", "类别", "2025年目标", "填报口径说明", "2021年", "2022年", "2023年", "2024年", "2025年", "备注"]
    plan = find_plan("xinzhou")
    ids = [row[0].value for row in sheet.iter_rows(min_row=3) if row[0].value]
    assert ids == [i.id for i in plan.indicators] + ["gdp_growth"]
    rehab = [c.value for c in sheet[rows_by_id(sheet)["rehab_coverage"]]][:6]
    assert rehab == ["rehab_coverage", "符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率", "%", "约束性", "主要指标", "≥85%"]


@pytest.mark.parametrize("plan_id", PLANS)
def test_template_filled_with_values_meeting_the_targets_passes(tmp_path, plan_id):
    plan = find_plan(plan_id)
    path = template(tmp_path, plan_id)
    values = {i.id: meeting_value(i) for i in plan.indicators} | {r.id: GDP_GROWTH for r in plan.references}
    exit_code, document = checked(fill(path, values), plan_id)
    assert exit_code == 0
    assert {r["status"] for r in document["results"] if r["tier"] == "main"} == {"pass"}
    assert document["summary"]["pass"] == len(plan.indicators)
    assert document["unmatched_rows"] == []


@pytest.mark.parametrize("plan_id", PLANS)
def test_empty_template_reports_every_main_indicator_missing(tmp_path, plan_id):
    exit_code, document = checked(template(tmp_path, plan_id), plan_id)
    main_results = [r for r in document["results"] if r["tier"] == "main"]
    assert {r["reason_code"] for r in main_results} == {"missing"}
    assert {r["status"] for r in document["results"] if r["tier"] == "supplementary"} <= {"not_reported"}
    assert exit_code == (1 if any(r["attribute"] == "binding" for r in main_results) else 0)


def test_template_missing_value_fails_only_that_indicator(tmp_path):
    plan = find_plan("xinzhou")
    values = {i.id: meeting_value(i) for i in plan.indicators} | {"gdp_growth": GDP_GROWTH, "living_subsidy_coverage": None}
    exit_code, document = checked(fill(template(tmp_path), values), "xinzhou")
    assert exit_code == 1
    assert [(r["id"], r["reason_code"]) for r in document["results"] if r["status"] != "pass"] == [("living_subsidy_coverage", "missing")]


def test_template_input_cells_are_validated_by_unit(tmp_path):
    sheet = openpyxl.load_workbook(template(tmp_path))[SHEET]
    rows = rows_by_id(sheet)
    rules = {}
    for rule in sheet.data_validations.dataValidation:
        for cell_range in rule.sqref.ranges:
            rules[cell_range.min_row] = (rule.type, rule.operator, rule.formula1, rule.formula2, str(cell_range))

    def rule_of(indicator_id):
        return rules[rows[indicator_id]]

    row = rows["rehab_coverage"]
    assert rule_of("rehab_coverage") == ("decimal", "between", "0", "100", f"H{row}:L{row}")
    assert rule_of("barrier_free_homes")[:3] == ("decimal", "greaterThanOrEqual", "0")
    assert rule_of("sign_language_use_special_schools")[:3] == ("list", None, '"是,否"')
    assert rule_of("gdp_growth")[:4] == ("decimal", "between", "-100", "100")  # growth may be negative


def test_percent_cells_hold_the_number_shown_without_a_percent_format(tmp_path):
    path = template(tmp_path)
    sheet = openpyxl.load_workbook(path)[SHEET]
    row, column = rows_by_id(sheet)["rehab_coverage"], year_columns(sheet)[2025]
    assert "%" not in sheet.cell(row, column).number_format
    _, document = checked(fill(path, {"rehab_coverage": 86}), "xinzhou")
    rehab = next(r for r in document["results"] if r["id"] == "rehab_coverage")
    assert (rehab["value"], rehab["status"]) == (86, "pass")


def test_template_gives_a_row_to_each_count_a_rate_is_computed_from(tmp_path):
    plan = find_plan("xinzhou")
    computed = [i for i in plan.indicators if i.numerator]
    assert computed, "xinzhou's rehab_coverage names the counts it is computed from"
    sheet = openpyxl.load_workbook(template(tmp_path))[SHEET]
    labels = [(row[1].value, row[2].value, row[4].value) for row in sheet.iter_rows(min_row=3)]
    indicator = computed[0]
    position = labels.index((indicator.name, "%", "主要指标"))
    assert labels[position + 1] == (indicator.numerator.name, "人", "计算用（分子）")
    assert labels[position + 2] == (indicator.denominator.name, "人", "计算用（分母）")


def test_counts_filled_in_the_template_are_read_for_the_rate(tmp_path):
    plan = find_plan("xinzhou")
    indicator = next(i for i in plan.indicators if i.numerator)
    path = template(tmp_path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[SHEET]
    column = year_columns(sheet)[2025]
    for row in sheet.iter_rows(min_row=3):
        if row[1].value == indicator.numerator.name:
            sheet.cell(row[0].row, column).value = indicator.target * 10
        if row[1].value == indicator.denominator.name:
            sheet.cell(row[0].row, column).value = 1000
    workbook.save(path)
    _, document = checked(path, "xinzhou")
    result = next(r for r in document["results"] if r["id"] == indicator.id and r.get("kind", "target") == "target")
    assert (result["value"], result["status"]) == (indicator.target, "pass"), result["reason"]
    assert document["unmatched_rows"] == []


def test_years_option_sets_the_year_columns(tmp_path):
    sheet = openpyxl.load_workbook(template(tmp_path, "xinzhou", "--years", "2020-2023"))[SHEET]
    assert sorted(year_columns(sheet)) == [2020, 2021, 2022, 2023]


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("2021 to 2025", "'2021 to 2025': expected a year or a range such as 2021-2025"),
        ("2025-2021", "the first year comes after the last"),
        ("2021-2030", "年份 2021—2030：规划 xinzhou 涵盖 2020（基期）至 2025 年"),
    ],
)
def test_bad_years_are_refused(tmp_path, years, message):
    outcome = run("template", "--plan", "xinzhou", "--years", years, "-o", tmp_path / "t.xlsx")
    assert outcome.exit_code == 2 and message in outcome.output
    assert not (tmp_path / "t.xlsx").exists()


def test_template_never_overwrites_a_file_without_force(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"last year's figures")
    outcome = run("template", "--plan", "xinzhou", "-o", path)
    assert outcome.exit_code == 2 and outcome.output == f"错误：{path}: 文件已存在；如要替换，请加 --force\n"
    english = run("template", "--plan", "xinzhou", "-o", path, "--lang", "en")
    assert english.exit_code == 2 and english.output == f"error: {path}: already exists; give --force to replace it\n"
    assert path.read_bytes() == b"last year's figures"
    assert run("template", "--plan", "xinzhou", "-o", path, "--force").exit_code == 0
    assert openpyxl.load_workbook(path).sheetnames == ["说明", SHEET]


def test_template_must_be_an_xlsx_file(tmp_path):
    outcome = run("template", "--plan", "xinzhou", "-o", tmp_path / "t.xls")
    assert outcome.exit_code == 2 and "请给出以 .xlsx 结尾的文件名" in outcome.output
    assert "give a file name ending in .xlsx" in run("template", "--plan", "xinzhou", "-o", tmp_path / "t.xls", "--lang", "en").output


def test_template_target_text_that_looks_like_a_formula_stays_text(tmp_path):
    from tests.test_report_formats import EQUAL_PLAN

    targets = tmp_path / "equal.toml"
    targets.write_text(EQUAL_PLAN, encoding="utf-8")
    path = template(tmp_path, "equal", "--targets", targets)
    target = openpyxl.load_workbook(path)[SHEET]["F3"]
    assert (target.value, target.data_type) == ("=100%", "s")


def test_template_says_which_indicators_take_each_years_new_figure_not_the_running_total(tmp_path):
    workbook = openpyxl.load_workbook(template(tmp_path))
    sheet = workbook[SHEET]
    asked = {row[0].value: row[6].value for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert asked["barrier_free_homes"] == asked["vocational_training"] == "当年新增数（不填累计数，检查时逐年相加）"
    assert asked["rehab_coverage"] == asked["living_subsidy_coverage"] == "当年实际值"
    assert asked["income_growth"] == asked["gdp_growth"] == "当年增速（%）"
    instructions = "\n".join(str(c.value) for c in workbook["说明"]["A"] if c.value)
    assert "每年填当年新增数，不要填累计数" in instructions


def test_yearly_new_figures_in_the_template_add_up_to_the_five_year_total(tmp_path):
    plan = find_plan("xinzhou")
    values = {i.id: meeting_value(i) for i in plan.indicators} | {"gdp_growth": GDP_GROWTH, "barrier_free_homes": 301}
    exit_code, document = checked(fill(template(tmp_path), values), "xinzhou")
    homes = next(r for r in document["results"] if r["id"] == "barrier_free_homes")
    assert (homes["value"], homes["status"]) == (1505, "pass")  # 301 a year, 2021-2025, against 1502
    assert document["unmatched_rows"] == [] and exit_code == 0
