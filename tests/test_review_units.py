"""`checker review` of a city workbook with county figures for several years (issue 14): the area's review,
then every unit's, in JSON and as a unit × indicator matrix in every format; the exit code counts the units."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

from checker.cli import main
from tests.conftest import write_workbook

COUNTIES = ["忻府区", "原平市", "代县"]
YEARS = (2021, 2022, 2023)
# name, unit, {year: the three counties' figures}
FIGURES = [
    ("困难残疾人生活补贴覆盖率", "%", {2021: [100, 98, 100], 2022: [100, 99, 100], 2023: [100, 97, 100]}),
    ("残疾儿童少年义务教育入学率", "%", {2021: [95.5, 95, 96], 2022: [96, 95.2, 96.5], 2023: [96.5, 95.3, 97]}),
    ("困难重度残疾人家庭无障碍改造数", "户", {2021: [100, 90, 80], 2022: [110, 95, 85], 2023: [120, 100, 90]}),
]


def stated(name: str, values: list) -> float:
    """The city's total: households summed; a rate as the city computed it from its counts."""
    return sum(values) if name.endswith("数") else round(sum(values) / len(values), 1)


def year_bands(total: bool, figures=FIGURES) -> tuple[dict, dict]:
    """2021年 | 2022年 | 2023年 merged over 忻府区 | 原平市 | 代县 (| 合计)."""
    width = len(COUNTIES) + total
    years, counties, merges = ["指标名称", "单位"], [None, None], []
    for number, year in enumerate(YEARS):
        first = 3 + number * width
        years += [f"{year}年"] + [None] * (width - 1)
        counties += COUNTIES + (["合计"] if total else [])
        merges.append(f"{get_column_letter(first)}2:{get_column_letter(first + width - 1)}2")
    rows = [["忻州市残疾人事业主要指标分县统计（2021—2023年）"], years, counties]
    for name, unit, by_year in figures:
        rows.append([name, unit] + [v for year in YEARS for v in by_year[year] + ([stated(name, by_year[year])] if total else [])])
    return {"分县统计": rows}, {"分县统计": merges}


def sheet_per_year(figures=FIGURES) -> tuple[dict, dict]:
    sheets = {}
    for year in YEARS:
        rows = [[f"{year}年忻州市残疾人事业主要指标分县统计表"], ["指标", "单位", *COUNTIES, "合计"]]
        rows += [[name, unit, *by_year[year], stated(name, by_year[year])] for name, unit, by_year in figures]
        sheets[f"Sheet{year - 2020}"] = rows
    return sheets, {}


def county_rows(figures=FIGURES) -> tuple[dict, dict]:
    """A row per county; each indicator merged over its 2021年 | 2022年 | 2023年 columns."""
    top, header, merges = ["县（市、区）"], [None], ["A2:A3"]
    for name, unit, _by_year in figures:
        first = len(top) + 1
        top += [f"{name}（{unit}）", None, None]
        header += [f"{year}年" for year in YEARS]
        merges.append(f"{get_column_letter(first)}2:{get_column_letter(first + 2)}2")
    rows = [["忻州市各县（市、区）残疾人事业主要指标（2021—2023年）"], top, header]
    for index, county in enumerate(COUNTIES):
        rows.append([county] + [by_year[year][index] for _name, _unit, by_year in figures for year in YEARS])
    return {"分县": rows}, {"分县": merges}


def workbook(tmp_path, layout=("bands", True), figures=FIGURES, name="city.xlsx"):
    kind, total = layout
    sheets, merges = {"bands": lambda: year_bands(total, figures), "sheets": lambda: sheet_per_year(figures),
                      "rows": lambda: county_rows(figures)}[kind]()
    return write_workbook(tmp_path / name, sheets, merges=merges)


def review(path, *args):
    return CliRunner().invoke(main, ["review", str(path), "--plan", "xinzhou", "--year", "2023", *map(str, args)])


def review_json(path, *args):
    outcome = review(path, "--format", "json", *args)
    assert outcome.exit_code in (0, 1), outcome.output
    return json.loads(outcome.output), outcome.exit_code


def entry(entries: list[dict], indicator_id: str) -> dict:
    return next(e for e in entries if e["id"] == indicator_id)


def unit(document: dict, name: str) -> dict:
    return next(u for u in document["units"] if u["unit"] == name)


@pytest.mark.parametrize("layout", [("bands", True), ("bands", False), ("sheets", True), ("rows", False)],
                         ids=["year-headers-with-total", "year-headers-without-total", "a-sheet-per-year", "county-rows"])
def test_each_unit_is_reviewed_on_its_own_years(tmp_path, layout):
    document, code = review_json(workbook(tmp_path, layout))
    assert [u["unit"] for u in document["units"]] == COUNTIES  # workbook order
    area_keys = set(document["indicators"][0])
    for each in document["units"]:
        assert all(set(e) == area_keys for e in each["indicators"])  # the shape of the area's review indicators
        assert each["summary"]["total"] == len(each["indicators"])
    subsidy = entry(unit(document, "原平市")["indicators"], "living_subsidy_coverage")
    assert subsidy["values_by_year"] == {"2021": 98, "2022": 99, "2023": 97}
    assert (subsidy["verdict"], subsidy["attribute"]) == ("behind", "binding")  # 97% of a 100% to hold every year
    assert entry(unit(document, "忻府区")["indicators"], "living_subsidy_coverage")["verdict"] == "on_track"
    education = entry(unit(document, "代县")["indicators"], "compulsory_education_enrolment")
    assert (education["verdict"], education["milestone"]) == ("achieved", 96.2)
    assert entry(unit(document, "原平市")["indicators"], "compulsory_education_enrolment")["verdict"] == "at_risk"  # 0.3 of 2 points in 3 years
    # An area-wide count target is not a county's: its five-year part so far is shown, no verdict of its own.
    homes = entry(unit(document, "忻府区")["indicators"], "barrier_free_homes")
    assert (homes["verdict"], homes["value"], homes["progress"], homes["verdict_zh"]) == ("contribution", 330, None, "计入全区域目标")
    assert unit(document, "忻府区")["summary"]["contribution"] == 1
    area_homes = entry(document["indicators"], "barrier_free_homes")
    assert (area_homes["value"], area_homes["values_by_year"]) == (870, {"2021": 270, "2022": 290, "2023": 310})
    assert code == 1  # 原平市's binding 困难残疾人生活补贴覆盖率 is behind


def test_the_area_is_its_stated_total_or_the_units_rolled_up(tmp_path):
    with_total, _ = review_json(workbook(tmp_path, ("bands", True), name="total.xlsx"))
    assert with_total["area"]["source"] == "total"
    subsidy = entry(with_total["indicators"], "living_subsidy_coverage")
    assert (subsidy["value"], subsidy["cell"], subsidy["verdict"]) == (99, "分县统计!N4", "behind")
    without, _ = review_json(workbook(tmp_path, ("bands", False), name="units.xlsx"))
    assert without["area"]["source"] == "units"
    subsidy = entry(without["indicators"], "living_subsidy_coverage")
    assert (subsidy["value"], subsidy["verdict"], subsidy["note"]) == (None, "insufficient", "not_rolled_up")  # rates never averaged
    assert entry(without["indicators"], "barrier_free_homes")["value"] == 870


def passing(figures=FIGURES, **changes):
    """The figures with 原平市's 2023 figure of an indicator replaced, by the start of its name."""
    result = []
    for name, unit_, by_year in figures:
        by_year = {year: list(values) for year, values in by_year.items()}
        for prefix, value in changes.items():
            if name.startswith(prefix):
                by_year[2023][1] = value
        result.append((name, unit_, by_year))
    return result


def test_the_exit_code_counts_a_units_binding_indicator_behind(tmp_path):
    # Without a total the area states no rate, so it has no binding verdict behind; 原平市 alone decides.
    failing = workbook(tmp_path, ("bands", False), passing(困难残疾人生活补贴覆盖率=97, 残疾儿童少年义务教育入学率=97), "fail.xlsx")
    document, code = review_json(failing)
    assert not [e for e in document["indicators"] if e["attribute"] == "binding" and e["verdict"] in ("behind", "at_risk", "missed")]
    assert code == 1
    assert review(failing).exit_code == 1  # the text report ends the same way
    fine = workbook(tmp_path, ("bands", False), passing(困难残疾人生活补贴覆盖率=100, 残疾儿童少年义务教育入学率=97), "fine.xlsx")
    assert review_json(fine)[1] == 0


def test_an_expected_indicator_behind_in_a_unit_fails_only_with_fail_on_warn(tmp_path):
    path = workbook(tmp_path, ("bands", False), passing(困难残疾人生活补贴覆盖率=100, 残疾儿童少年义务教育入学率=95.3))
    document, code = review_json(path)
    assert entry(unit(document, "原平市")["indicators"], "compulsory_education_enrolment")["verdict"] == "at_risk"
    assert code == 0
    assert review_json(path, "--fail-on-warn")[1] == 1


def test_the_text_review_shows_the_area_then_the_matrix_sorted_by_binding_indicators_behind(tmp_path):
    outcome = review(workbook(tmp_path))
    text = outcome.output
    assert outcome.exit_code == 1
    assert text.index("本次中期评估") < text.index("分单位评估") < text.index("评估方法")
    matrix = text[text.index("分单位评估"):text.index("评估方法")]
    lines = [line for line in matrix.splitlines() if line.startswith(("忻州市", *COUNTIES))]
    assert [line.split()[0] for line in lines] == ["忻州市（合计）", "原平市", "忻府区", "代县"]  # 原平市: one binding behind
    assert lines[1].split()[1:3] == ["97", "✘"] and lines[1].split()[-1] == "1"
    assert "330 占37.9%" in lines[2]  # its part of the city's 870 households
    assert "✘ 进度滞后" in matrix and "◎ 提前实现" in matrix and "1. 困难残疾人生活补贴覆盖率（%）" in matrix


def test_the_english_text_review_has_the_matrix_in_english(tmp_path):
    text = review(workbook(tmp_path), "--lang", "en").output
    assert "Review by unit — 3 units, sorted by the number of binding indicators behind or at risk" in text
    assert "忻州市 (total)" in text and "330 37.9%" in text


def test_markdown_and_html_reviews_show_the_matrix(tmp_path):
    path = workbook(tmp_path)
    markdown = review(path, "--format", "markdown").output
    assert markdown.index("## 分项评估") < markdown.index("## 分单位评估") < markdown.index("## 评估方法")
    assert "| **忻州市（合计）** | 99 ✘ | 96.3 ✔ | 870 ✔ | 1 |" in markdown
    assert "| 原平市 | 97 ✘ | 95.3 ✘✘ | 285 占32.8% | 1 |" in markdown
    html = review(path, "--format", "html").output
    section = html[html.index('<section class="units">'):html.index('<section id="method">')]
    assert "position: sticky" in html and '<tr class="area">' in section
    assert '<td class="s-fail" title="进度滞后">97 ✘</td>' in section
    assert '<td class="s-info" title="计入全区域目标">285 占32.8%</td>' in section


def test_the_xlsx_review_gets_a_matrix_sheet_with_conditional_formatting(tmp_path):
    out = tmp_path / "review.xlsx"
    outcome = review(workbook(tmp_path), "-o", out)
    assert outcome.exit_code == 1, outcome.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["评估表", "分单位评估", "统计与方法"]
    sheet = book["分单位评估"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_row=8)]
    assert rows[0] == ["单位", "困难残疾人生活补贴覆盖率（%）", "残疾儿童少年义务教育入学率（%）", "困难重度残疾人家庭无障碍改造数（户）", "约束性滞后"]
    assert [row[0] for row in rows[1:]] == ["忻州市（合计）", "原平市", "忻府区", "代县"]
    assert rows[2][1:] == ["97 ✘", "95.3 ✘✘", "285 占32.8%", 1]
    formulas = [rule.formula[0] for ranges in sheet.conditional_formatting for rule in ranges.rules]
    assert formulas[:2] == ['NOT(ISERROR(SEARCH("✘✘",B5)))', 'NOT(ISERROR(SEARCH("✘",B5)))']
    assert sheet.freeze_panes == "B5"


def test_a_saved_review_with_units_renders_again_as_it_was(tmp_path):
    path = workbook(tmp_path)
    saved = tmp_path / "review.json"
    assert review(path, "-o", saved).exit_code == 1
    again = CliRunner().invoke(main, ["render", str(saved), "--format", "markdown"])
    assert again.exit_code == 0, again.output
    first = review(path, "--format", "markdown").output
    assert again.output.split("## 分单位评估")[1] == first.split("## 分单位评估")[1]


def test_a_workbook_without_units_has_no_units_in_its_review(tmp_path):
    rows = [["2023年忻州市残疾人事业发展主要指标"], ["指标", "2021年", "2022年", "2023年"]]
    rows += [[name, *(sum(by_year[y]) / 3 for y in YEARS)] for name, _unit, by_year in FIGURES[:2]]
    document, _ = review_json(write_workbook(tmp_path / "city.xlsx", {"主要指标": rows}))
    assert "units" not in document and "area" not in document
