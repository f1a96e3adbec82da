"""The reader on workbooks laid out the way 残联 really send them (issue 13 §3, "Layouts read right").

Each test builds its workbook here (most with a builder of tests/layouts.py, the corpus that
benchmarks/layouts_eval.py scores) and asserts what the reader reads, from which cell, in which
year — or the explicit refusal. Never a silent wrong answer: what cannot be read with confidence
is a finding or an exit-2 refusal naming the cell.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

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


# --- 上年/本年, years, 增减/同比/完成率 ------------------------------------------------------------------------------------


def test_previous_and_current_year_columns_take_the_title_year_not_the_filing_date(tmp_path):
    path, _ = layouts.prior_and_current_year_columns(tmp_path)  # 上年实际 | 本年实际 | 增减; 填报日期：2026年1月12日
    data = read_workbook(path)
    cells = by_cell(data)
    assert data.context_year == 2025
    assert (cells["主要指标!E9"].raw, cells["主要指标!E9"].year) == (99.2, 2025)  # 本年实际
    assert (cells["主要指标!D9"].raw, cells["主要指标!D9"].year) == (98.7, 2024)  # 上年实际
    assert not any(o.cell.startswith(("F", "G")) for o in data.observations)  # 增减, 备注: never values
    assert data.years == [2024, 2025]


def test_previous_year_column_without_any_year_to_count_from_is_left_unread(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["指标名称", "上年实际", "本年实际"],
        ["残疾人辅助器具适配率", 84.9, 86.1],
    ]})
    data = read_workbook(path)
    assert [(o.cell, o.raw, o.year) for o in data.observations] == [("C2", 86.1, None)]


def test_year_columns_beside_a_growth_column_under_a_filing_line(tmp_path):
    path, _ = layouts.year_columns_with_growth(tmp_path)  # the 填报单位/填报日期 line stands right above the header
    data = read_workbook(path)
    training = sorted((o.year, o.raw, o.cell) for o in data.observations if o.label == "城乡残疾人职业技能培训人数")
    assert training == [(2024, 820, "D5"), (2025, 860, "E5")]
    assert not any(o.cell.startswith("F") for o in data.observations)  # 同比增幅（%）
    assert data.context_year == 2025


def test_same_period_columns_and_a_date_typed_filing_date(tmp_path):
    path, _ = layouts.same_period_last_year(tmp_path)  # 去年同期 | 本期 | 比上年同期增减（%）; title "（2025年1—12月）"
    data = read_workbook(path)
    cells = by_cell(data)
    assert data.context_year == 2025
    assert (cells["快报!E6"].raw, cells["快报!E6"].year) == (99.7, 2025)
    assert (cells["快报!D6"].raw, cells["快报!D6"].year) == (99.1, 2024)
    assert not any(o.cell.startswith("F") for o in data.observations)


def test_completion_rate_column_is_never_a_value(tmp_path, xinzhou):
    path, _ = layouts.completion_rate_column(tmp_path)  # 2025年完成值 | 完成率（%）
    data = read_workbook(path)
    assert {o.cell[0] for o in data.observations} == {"E"}
    results, _ = judged(xinzhou, path)
    assert (results["vocational_training"].value, results["vocational_training"].cell) == (860, "主要指标!E6")


@pytest.mark.parametrize("header", ["增减", "同比", "增幅（%）", "比上年增长", "完成进度", "完成率"])
def test_change_and_share_columns_are_never_values(tmp_path, header):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [["指标", "2025年实际", header], ["残疾人辅助器具适配率", 86.1, 1.2]]})
    assert [o.cell for o in read_workbook(path).observations] == ["B2"]


# --- titles, notes and filing lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year"),
    [("2025年忻州市残疾人事业发展主要指标", 2025), ("忻州市残疾人事业统计表（2025年）", 2025),
     ("忻州市“十四五”残疾人保障和发展规划主要指标2025年完成情况", 2025), ("重庆市江北区残疾人事业统计快报（2025年1—12月）", 2025)],
)
def test_reporting_year_is_read_from_the_title_wherever_it_stands(tmp_path, title, year):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        [title], ["填报单位：某残联", None, "填报日期：2026年1月10日"], ["指标", "完成值"], ["残疾人辅助器具适配率", 86.1],
    ]})
    assert read_workbook(path).context_year == year


@pytest.mark.parametrize("line", ["填报日期：2026年1月10日", "2026年1月", "2025年12月31日", "数据截至：2026年1月5日", "报出日期：2026年1月16日"])
def test_dates_and_filing_lines_never_give_the_reporting_year(tmp_path, line):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["某市残疾人事业主要指标完成情况"], ["填报单位：某残联", None, line], ["指标", "完成值"], ["残疾人辅助器具适配率", 86.1],
    ]})
    assert read_workbook(path).context_year is None


def test_filing_line_above_the_header_is_not_part_of_it(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["2025年某市主要指标"], ["填报单位：某残联", "填报日期：2026年1月8日", None], ["指标", "2024年", "2025年"],
        ["残疾人辅助器具适配率", 84.9, 86.1],
    ]})
    assert [(o.cell, o.year) for o in read_workbook(path).observations] == [("B4", 2024), ("C4", 2025)]


def test_notes_naming_an_indicator_under_the_table_are_not_rows(tmp_path, xinzhou):
    path, _ = layouts.notes_naming_indicators(tmp_path)  # "2.重度残疾人护理补贴覆盖率统计口径为…" merged across
    data = read_workbook(path)
    assert not any(o.row >= 16 for o in data.observations)
    results, _ = judged(xinzhou, path)
    assert (results["nursing_subsidy_coverage"].value, results["nursing_subsidy_coverage"].cell) == (99.2, "主要指标!E9")


def test_note_lines_and_section_bands_inside_a_table_are_skipped(tmp_path):
    path = write_workbook(
        tmp_path / "t.xlsx",
        {"S": [["指标名称", "2025年实际"], ["一、社会保障", None], ["残疾人辅助器具适配率", 86.1], ["注：比率类指标保留一位小数", None]]},
        merges={"S": ["A2:B2", "A4:B4"]},
    )
    assert [(o.label, o.raw) for o in read_workbook(path).observations] == [("残疾人辅助器具适配率", 86.1)]


# --- several tables, the yearbook shape, merged labels --------------------------------------------------------------


def test_two_tables_on_one_sheet_each_read_with_its_own_columns(tmp_path, xinzhou):
    path, _ = layouts.two_tables_one_sheet(tmp_path)
    data = read_workbook(path)
    assert [(t.header_row, t.label_column, t.value_columns) for t in data.tables] == [(5, "B", ("E",)), (19, "B", ("C",))]
    results, _ = judged(xinzhou, path)
    assert (results["federation_staff_disabled_share"].value, results["federation_staff_disabled_share"].cell) == (16.7, "完成情况!C22")
    assert (results["rehab_coverage"].value, results["rehab_coverage"].cell) == (88.4, "完成情况!E14")


def test_yearbook_bilingual_header_years_and_unit_column(tmp_path, xinzhou):
    path, _ = layouts.yearbook_bilingual(tmp_path)
    data = read_workbook(path)
    training = sorted((o.year, o.raw, o.unit_hint) for o in data.observations if o.label == "城乡残疾人职业技能培训人数")
    assert training == [(2021, 0.07, "万人"), (2022, 0.08, "万人"), (2023, 0.08, "万人"), (2024, 0.09, "万人"), (2025, 0.10, "万人")]
    results, _ = judged(xinzhou, path, 2025)
    assert (results["vocational_training"].value, results["vocational_training"].cell) == (4200, "4-12!G4")  # 0.42万人 over five years
    assert results["compulsory_education_enrolment"].values_by_year == {2023: 96.4, 2024: 96.9, 2025: 97.5}  # "…" and "-": not reported


@pytest.mark.parametrize("written", ["(万人)", "万人", "（万人）", "万人 10,000 persons", "万人 Unit"])
def test_unit_column_entries_with_brackets_or_an_english_twin(tmp_path, written):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [["项目 Item", "单位 Unit", "2025"], ["城乡残疾人职业技能培训人数 Persons Trained", written, 0.1]]})
    observation = read_workbook(path).observations[0]
    assert (observation.label, observation.unit_hint, observation.year) == ("城乡残疾人职业技能培训人数", "万人", 2025)


def test_indicator_name_merged_over_a_numbering_column(tmp_path, xinzhou):
    path, _ = layouts.numbering_under_merged_label(tmp_path)
    data = read_workbook(path)
    assert data.tables[0].label_column == "B"
    results, _ = judged(xinzhou, path)
    assert (results["rehab_coverage"].value, results["rehab_coverage"].cell) == (88.4, "Sheet1!D13")


def test_instructions_sheet_with_an_example_table_is_not_data(tmp_path):
    path, _ = layouts.instructions_sheet_with_example(tmp_path)
    assert {o.sheet for o in read_workbook(path).observations} == {"主要指标"}


@pytest.mark.parametrize(("title", "read"), [("填报说明", False), ("填报示例", False), ("说明", False), ("主要指标完成情况及说明", True)])
def test_sheets_named_as_instructions_are_not_data(tmp_path, title, read):
    path = write_workbook(tmp_path / "t.xlsx", {title: [["指标名称", "2025年实际"], ["残疾人辅助器具适配率", 86.1]]})
    assert bool(read_workbook(path).observations) is read


def test_example_table_under_a_填报示例_line_is_not_data(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"主要指标": [
        ["填报示例（以下数据仅为示例）："], ["指标名称", "2025年实际"], ["残疾人辅助器具适配率", 50],
        [], ["2025年主要指标完成情况"], ["指标名称", "2025年实际"], ["残疾人辅助器具适配率", 86.1],
    ]})
    assert [(o.cell, o.raw) for o in read_workbook(path).observations] == [("B7", 86.1)]


# --- hidden columns and rows ----------------------------------------------------------------------------------------


def test_hidden_preliminary_column_gives_way_to_the_visible_one(tmp_path, xinzhou):
    path, _ = layouts.hidden_preliminary_column(tmp_path)  # E 初报 (hidden) | F 核定
    results, _ = judged(xinzhou, path)
    assert (results["nursing_subsidy_coverage"].value, results["nursing_subsidy_coverage"].cell) == (99.2, "主要指标!F9")


def test_two_visible_columns_for_the_same_year_are_refused_naming_both_where_they_differ(tmp_path, xinzhou):
    rows = [["指标名称", "2025年完成值（初报）", "2025年完成值（核定）"], ["重度残疾人护理补贴覆盖率", 97.9, 99.2],
            ["残疾人辅助器具适配率", 86.1, 86.1]]
    data = read_workbook(write_workbook(tmp_path / "t.xlsx", {"主要指标": rows}))
    assert [o.cell for o in data.observations] == ["B2", "C2", "B3", "C3"]  # both read, neither picked
    with pytest.raises(CheckerError) as refused:
        evaluate(xinzhou, data, 2025)
    assert "主要指标!B2 = 97.9" in str(refused.value) and "主要指标!C2 = 99.2" in str(refused.value)


@pytest.mark.parametrize("header", ["完成情况说明", "数据来源", "备注（完成情况）"])
def test_columns_of_words_about_the_row_are_never_values(tmp_path, header):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [["指标名称", "实际完成", header], ["残疾人辅助器具适配率", 86.1, "已完成"]]})
    assert [o.cell for o in read_workbook(path).observations] == ["B2"]


def test_hidden_superseded_row_gives_way_to_the_visible_one(tmp_path, xinzhou):
    path, _ = layouts.hidden_superseded_row(tmp_path)  # 96.5 in hidden row 9, 99.2 in row 10
    results, _ = judged(xinzhou, path)
    assert (results["nursing_subsidy_coverage"].value, results["nursing_subsidy_coverage"].cell) == (99.2, "主要指标!E10")


# --- sub-units and totals -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "total_cell"),
    [(layouts.counties_total_last, "分县统计!Q9"), (layouts.counties_total_first, "分县统计!C9"),
     (layouts.note_above_one_county, "汇总表!Q9")],
)
def test_county_columns_are_units_and_the_total_column_is_the_area(tmp_path, builder, total_cell):
    path, _ = builder(tmp_path)
    data = read_workbook(path)
    assert data.units == tuple(layouts.XINZHOU_COUNTIES)
    nursing = [o for o in data.observations if o.label == "重度残疾人护理补贴覆盖率"]
    area = [o for o in nursing if o.unit is None]
    assert [(o.location, o.raw, o.total) for o in area] == [(total_cell, 99.2, True)]
    assert {o.unit for o in nursing if o.unit} == set(layouts.XINZHOU_COUNTIES)
    assert next(o for o in nursing if o.unit == "原平市").raw == layouts.county_rates(99.2)[1]
    assert data.context_year == 2025  # "数据截至：2025年12月31日" above 原平市 is a note, not a header


def test_the_area_is_never_judged_on_a_units_figure(tmp_path, xinzhou):
    path, _ = layouts.note_above_one_county(tmp_path)
    results, _ = judged(xinzhou, path)
    assert (results["nursing_subsidy_coverage"].value, results["nursing_subsidy_coverage"].cell) == (99.2, "汇总表!Q9")


def test_counties_as_rows_with_a_total_row_at_the_bottom(tmp_path, xinzhou):
    path, _ = layouts.counties_as_rows(tmp_path)
    data = read_workbook(path)
    assert data.units == tuple(layouts.XINZHOU_COUNTIES)
    area = {o.label: (o.location, o.raw) for o in data.observations if o.unit is None}
    assert area["重度残疾人护理补贴覆盖率（%）"] == ("分县!D19", 99.2)
    assert area["困难重度残疾人家庭无障碍改造数（户）"] == ("分县!I19", 326)
    results, _ = judged(xinzhou, path)
    assert (results["barrier_free_homes"].value, results["barrier_free_homes"].cell) == (326, "分县!I19")


def test_units_without_a_total_give_no_area_figure(tmp_path, xinzhou):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["2025年忻州市主要指标"], ["指标名称", "忻府区", "原平市"], ["重度残疾人护理补贴覆盖率", 99.5, 98.0],
    ]})
    data = read_workbook(path)
    assert [o.unit for o in data.observations] == ["忻府区", "原平市"]
    with pytest.raises(CheckerError):  # the area's figure is not in the workbook: never the first unit's
        evaluate(xinzhou, data, 2025)


def test_a_lone_column_named_like_an_area_is_a_unit_only_when_its_name_is_known(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [["指标名称", "合计", "忻府区"], ["重度残疾人护理补贴覆盖率", 99.2, 99.5]]})
    assert [(o.unit, o.total) for o in read_workbook(path).observations] == [(None, True)]
    known = read_workbook(path, subunits=layouts.XINZHOU_COUNTIES)
    assert [(o.unit, o.total) for o in known.observations] == [(None, True), ("忻府区", False)]


# --- several years of units: a city's mid-term review (issue 14) ------------------------------------------------------

THREE = ["忻府区", "原平市", "代县"]
# the three counties' 困难残疾人生活补贴覆盖率 and 无障碍改造数 in 2021, 2022 and 2023
YEARLY = {
    "困难残疾人生活补贴覆盖率": {2021: [100, 98, 100], 2022: [100, 99, 100], 2023: [100, 97, 100]},
    "困难重度残疾人家庭无障碍改造数": {2021: [100, 90, 80], 2022: [110, 95, 85], 2023: [120, 100, 90]},
}


def figures(data, label_start):
    """{(unit or "total", year): raw} of the observations whose label starts so."""
    return {(o.unit or ("total" if o.total else None), o.year): o.raw for o in data.observations if o.label.startswith(label_start)}


@pytest.mark.parametrize("total", [True, False])
def test_county_columns_under_each_years_header(tmp_path, total):
    """2021年 | 2022年 | 2023年 merged over 忻府区 | 原平市 | 代县 (| 合计)."""
    width = len(THREE) + total
    years, counties, merges = ["指标名称", "单位"], [None, None], []
    for number, year in enumerate(YEARLY["困难残疾人生活补贴覆盖率"]):
        first = 3 + number * width
        years += [f"{year}年"] + [None] * (width - 1)
        counties += THREE + (["合计"] if total else [])
        merges.append(f"{get_column_letter(first)}2:{get_column_letter(first + width - 1)}2")
    rows = [["忻州市残疾人事业主要指标分县统计（2021—2023年）"], years, counties]
    for name, by_year in YEARLY.items():
        rows.append([name, "%" if "率" in name else "户"] + [v for values in by_year.values() for v in values + ([sum(values)] if total else [])])
    data = read_workbook(write_workbook(tmp_path / "city.xlsx", {"分县统计": rows}, merges={"分县统计": merges}))
    assert data.units == tuple(THREE) and data.years == [2021, 2022, 2023]
    homes = figures(data, "困难重度")
    assert (homes[("原平市", 2022)], homes[("代县", 2023)]) == (95, 90)
    assert homes.get(("total", 2022)) == (290 if total else None)
    assert ("total", 2021) in homes or not total


def test_one_sheet_per_year_titled_by_its_year(tmp_path):
    """Sheets named Sheet1…: each sheet's title line (2021年…) dates its figures, not the workbook's last year."""
    sheets = {}
    for number, year in enumerate((2021, 2022, 2023), start=1):
        rows = [[f"{year}年忻州市残疾人事业主要指标分县统计表"], ["指标", "单位", *THREE, "合计"]]
        for name, by_year in YEARLY.items():
            rows.append([name, "户", *by_year[year], sum(by_year[year])])
        sheets[f"Sheet{number}"] = rows
    data = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    assert data.years == [2021, 2022, 2023] and data.context_year is None
    subsidy = figures(data, "困难残疾人")
    assert (subsidy[("原平市", 2021)], subsidy[("原平市", 2022)], subsidy[("原平市", 2023)]) == (98, 99, 97)
    assert by_cell(data)["Sheet2!F4"].year == 2022 and by_cell(data)["Sheet2!F4"].total


@pytest.mark.parametrize("band", ["indicator", "year"])
def test_county_rows_with_year_columns_under_a_band(tmp_path, band):
    """A row per county; an indicator merged over 2021年 | 2022年 | 2023年, or a year merged over the indicators."""
    names, years = list(YEARLY), [2021, 2022, 2023]
    outer, inner = (names, [f"{y}年" for y in years]) if band == "indicator" else ([f"{y}年" for y in years], names)
    top, header, merges = ["县（市、区）"], [None], ["A2:A3"]
    for group in outer:
        first = len(top) + 1
        top += [group] + [None] * (len(inner) - 1)
        header += inner
        merges.append(f"{get_column_letter(first)}2:{get_column_letter(first + len(inner) - 1)}2")
    pairs = [(n, y) for n in names for y in years] if band == "indicator" else [(n, y) for y in years for n in names]
    rows = [["忻州市各县（市、区）残疾人事业主要指标（2021—2023年）"], top, header]
    for index, county in enumerate(THREE):
        rows.append([county] + [YEARLY[name][year][index] for name, year in pairs])
    data = read_workbook(write_workbook(tmp_path / "rows.xlsx", {"分县": rows}, merges={"分县": merges}))
    assert data.units == tuple(THREE) and data.years == years
    subsidy = figures(data, "困难残疾人生活补贴覆盖率")
    assert len(subsidy) == 9 and (subsidy[("原平市", 2021)], subsidy[("原平市", 2023)], subsidy[("代县", 2022)]) == (98, 97, 100)
    assert figures(data, "困难重度残疾人家庭无障碍改造数")[("忻府区", 2022)] == 110


def test_a_title_merged_over_a_county_table_is_no_band(tmp_path):
    rows = [["忻州市各县（市、区）残疾人事业主要指标（2025年）"], ["县（市、区）", "困难残疾人生活补贴覆盖率", "困难重度残疾人家庭无障碍改造数"]]
    rows += [[county, 100, 90 + index] for index, county in enumerate(THREE)]
    data = read_workbook(write_workbook(tmp_path / "rows.xlsx", {"分县": rows}, merges={"分县": ["A1:C1"]}))
    assert {o.label for o in data.observations} == {"困难残疾人生活补贴覆盖率", "困难重度残疾人家庭无障碍改造数"}
    assert {o.year for o in data.observations} == {None} and data.context_year == 2025


def test_indicator_rows_with_a_county_column_and_year_columns(tmp_path):
    """指标 | 县（市、区） | 2021年 | 2022年 | 2023年: the indicator named once over its counties' rows, a 合计 row."""
    rows = [["忻州市残疾人事业主要指标分县统计"], ["指标", "县（市、区）", "2021年", "2022年", "2023年"]]
    for name, by_year in YEARLY.items():
        for index, county in enumerate(THREE):
            rows.append([name if index == 0 else None, county, *(by_year[y][index] for y in by_year)])
        rows.append([None, "合计", *(sum(values) if "改造" in name else 99 for values in by_year.values())])
    data = read_workbook(write_workbook(tmp_path / "long.xlsx", {"分县": rows}))
    assert data.units == tuple(THREE) and data.years == [2021, 2022, 2023]
    homes = figures(data, "困难重度")
    assert (homes[("代县", 2021)], homes[("忻府区", 2023)], homes[("total", 2022)]) == (80, 120, 290)
    assert figures(data, "困难残疾人")[("原平市", 2022)] == 99


# --- formulas -------------------------------------------------------------------------------------------------------


def test_formulas_saved_without_results_are_computed_and_said_so(tmp_path, xinzhou):
    path, _ = layouts.formulas_without_results(tmp_path)  # =ROUND(D9/D10*100,1), written by openpyxl
    data = read_workbook(path)
    nursing = by_cell(data)["主要指标!D12"]
    assert (nursing.raw, nursing.formula) == (99.2, "=ROUND(D7/D8*100,1)")
    results, report = judged(xinzhou, path)
    assert (results["living_subsidy_coverage"].value, results["living_subsidy_coverage"].status) == (100, "pass")
    assert (results["nursing_subsidy_coverage"].value, results["nursing_subsidy_coverage"].status) == (99.2, "fail")  # target 100%
    [note] = findings(report, "nursing_subsidy_coverage")
    assert (note.status, note.reason.params["problem"], note.reason.params["formula"]) == ("warn", "formula_computed", "=ROUND(D7/D8*100,1)")


def test_placeholder_zeros_of_a_workbook_recalculated_on_opening_are_never_read(tmp_path, xinzhou):
    path, _ = layouts.formulas_stale_results_full_calc(tmp_path)  # cached 0 and calcPr fullCalcOnLoad="1"
    results, _ = judged(xinzhou, path)
    assert {i: results[i].value for i in ("living_subsidy_coverage", "nursing_subsidy_coverage", "rehab_coverage")} == {
        "living_subsidy_coverage": 100, "nursing_subsidy_coverage": 99.2, "rehab_coverage": 88.4}


def test_formulas_that_are_not_plain_arithmetic_are_refused_naming_the_cells(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"主要指标": [
        ["指标名称", "2025年实际"], ["残疾人辅助器具适配率", "=VLOOKUP(A2,汇总!A:B,2,0)"], ["重度残疾人护理补贴覆盖率", "=汇总!B3"],
    ]})
    with pytest.raises(CheckerError) as refused:
        read_workbook(path)
    assert "主要指标!B2, 主要指标!B3: formulas without saved results" in str(refused.value)
    assert "请用 Excel 或 WPS 打开并保存一次" in refused.value.text("zh")


@pytest.mark.parametrize(
    ("formula", "expected"),
    [("=SUM(B2:B4)", 60), ("=B2+B3*2", 50), ("=ROUND(B2/B4*100,1)", 33.3), ("=ROUND(B2*8.45,0)", 85), ("=-B2+B3", 10),
     ("=SUM(B2,B3)/2", 15), ("=B2/B5", None), ("=B2/其他!B2", None), ("=AVERAGE(B2:B4)", None), ("=B9", 0), ("=B7+1", None)],
)
def test_plain_arithmetic_formulas_are_computed_as_excel_would(tmp_path, formula, expected):
    from checker.reading.formulas import Stale
    from checker.reading.sheets import load_sheets

    rows = [["x", "y"], ["a", 10], ["b", 20], ["c", 30], ["d", 0], ["f", formula], ["g", "=B6"]]  # B7 = B6: =B7+1 is a loop
    sheet = next(iter(load_sheets(write_workbook(tmp_path / "t.xlsx", {"S": rows}))))
    computed = Stale(sheet).compute(6, 2)
    assert computed == (pytest.approx(expected) if expected is not None else None)


# --- qualified values, fractions, traditional characters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "qualifier", "remark"),
    [("85%以上", 85, "≥", None), ("≥85%", 85, "≥", None), ("不低于15%", 15, "≥", None), ("100%（应保尽保）", 100, None, "应保尽保"),
     ("约90%", 90, "约", None), ("超过90%", 90, ">", None), ("不足5%", 5, "<", None)],
)
def test_qualified_values_read_the_number_and_keep_the_qualifier(raw, value, qualifier, remark):
    reading = read_value(raw, "percent")
    assert (reading.value, reading.qualifier, reading.remark) == (value, qualifier, remark)


@pytest.mark.parametrize("raw", ["全覆盖", "基本全覆盖"])
def test_coverage_in_words_is_not_a_number_and_says_so_in_chinese(raw):
    with pytest.raises(ValueProblem) as problem:
        read_value(raw, "percent")
    assert problem.value.zh == f'"{raw}" 是文字描述，不是数值：请填写具体比例（如 100%）'


def test_qualified_values_are_judged_and_shown_with_their_words(tmp_path, xinzhou):
    path, _ = layouts.qualified_text_values(tmp_path)
    results, _ = judged(xinzhou, path)
    rehab, mental = results["rehab_coverage"], results["community_mental_rehab_coverage"]
    assert (rehab.value, rehab.qualifier, rehab.status) == (85, "≥", "pass")
    assert (mental.value, mental.qualifier) == (90, "约")
    assert (results["subsistence_allowance_inclusion"].value, results["subsistence_allowance_inclusion"].remark) == (100, "应保尽保")
    coverage = results["community_disabled_association_coverage"]
    assert coverage.value is None and "是文字描述，不是数值" in coverage.reason.params["problem_zh"]


def test_observed_text_shows_the_qualifier_and_the_remark():
    from checker.reports.messages import observed_text

    result = {"unit": "percent", "value": 100, "value_qualifier": None, "value_remark": "应保尽保"}
    assert observed_text(result, "zh") == "100%（应保尽保）"
    assert observed_text(dict(result, value=85, value_qualifier="≥", value_remark=None), "zh") == "≥85%"


def test_general_fraction_in_a_percent_row_is_flagged_never_judged(tmp_path, xinzhou):
    path, _ = layouts.general_fraction_in_percent(tmp_path)  # 0.912 in a General cell, target ≥85%
    results, _ = judged(xinzhou, path)
    rehab = results["rehab_coverage"]
    assert rehab.value is None and rehab.status == "fail"
    assert "0.912" in rehab.reason.params["problem"] and "是否应为 91.2%" in rehab.reason.params["problem_zh"]
    assert results["pension_insurance_rate"].value == 93.6


def test_percent_formatted_fraction_is_not_ambiguous(tmp_path, xinzhou):
    rows = [["指标名称", "2025年实际"], ["符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率", 0.912]]
    path = write_workbook(tmp_path / "t.xlsx", {"主要指标": rows}, formats={("主要指标", "B2"): "0.0%"})
    results, _ = judged(xinzhou, path, 2025)
    assert results["rehab_coverage"].value == 91.2


def test_traditional_characters_and_stray_spaces_match_simplified_names(tmp_path, xinzhou):
    assert normalise_name("困難殘疾人生活補貼 覆蓋率") == normalise_name("困难残疾人生活补贴覆盖率")
    assert simplified("障礙") == "障碍" and trailing_unit("改造數（戶）") == "户"
    path, _ = layouts.traditional_characters(tmp_path)
    results, _ = judged(xinzhou, path)
    assert (results["barrier_free_homes"].value, results["barrier_free_homes"].cell) == (326, "主要指标!D12")
    assert (results["nursing_subsidy_coverage"].value, results["nursing_subsidy_coverage"].cell) == (99.2, "主要指标!D6")


# --- the whole corpus -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [name for name, _ in layouts.LAYOUTS])
def test_every_layout_reads_its_expected_values(tmp_path, name, xinzhou):
    """The corpus's expectations, checked through the library (benchmarks/layouts_eval.py runs the CLI)."""
    path, expect = dict(layouts.LAYOUTS)[name](tmp_path)
    if expect.refusal is not None:
        pytest.skip("refusals are the plan-identity checks' (the CLI)")
    plan = find_plan(expect.plan)
    year = int(expect.args[expect.args.index("--year") + 1]) if "--year" in expect.args else None
    data = read_workbook(path, subunits=plan.subunits)
    report = evaluate(plan, data, reporting_year(data, year))  # with units: the area's own figures only
    assert report.year == expect.year
    results = {r.indicator.id: r for r in report.results if r.kind == "target"}
    for check in expect.checks:
        result = results[check.id]
        if check.flagged:
            assert result.value is None and f"{check.raw:g}" in result.reason.params.get("problem", "")
            continue
        if check.not_a_number:
            assert result.value is None and check.not_a_number in result.reason.params.get("problem_zh", ""), check.id
            continue
        if check.value is not None:
            assert result.value == pytest.approx(check.value), check.id
        if check.cell is not None:
            assert result.cell == check.cell, check.id
        if check.values_by_year:
            assert {y: result.values_by_year.get(y) for y in check.values_by_year} == pytest.approx(check.values_by_year), check.id


def test_the_check_command_reads_the_total_and_knows_the_plans_units(tmp_path):
    import json

    from click.testing import CliRunner

    from checker.cli import main

    path = write_workbook(tmp_path / "t.xlsx", {"主要指标": [
        ["2025年忻州市残疾人事业发展主要指标"], ["指标名称", "全市合计", "忻府区"], ["重度残疾人护理补贴覆盖率", 99.2, 99.5],
    ]})
    outcome = CliRunner().invoke(main, ["check", str(path), "--plan", "xinzhou", "--format", "json"])
    document = json.loads(outcome.output)
    nursing = next(r for r in document["results"] if r["id"] == "nursing_subsidy_coverage")
    assert (nursing["value"], nursing["cell"]) == (99.2, "主要指标!B3")  # 忻府区 alone is a unit: the plan names it
    assert [unit["unit"] for unit in document["units"]] == ["忻府区"]
