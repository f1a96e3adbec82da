"""Sub-units through real workbooks (issue 14): city sheets with a column or row per county, and
`checker rollup` of one workbook per county into the city's workbook."""

from __future__ import annotations

import importlib.util
import json

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import write_workbook, xinzhou_rows

COUNTIES = ["忻府区", "原平市", "代县"]
# name, the three counties' figures, the city's total
CITY = [
    ("城乡残疾人职业技能培训人数", [1400, 1500, 1300], 4200),
    ("困难残疾人生活补贴覆盖率", [100, 98, 100], 99.5),
    ("享受困难残疾人生活补贴人数", [100, 98, 200], 398),
    ("符合条件的困难残疾人数", [100, 100, 200], 400),
    ("残疾人城乡居民基本养老保险参保率", [91, 92, 93], 92),
    ("困难重度残疾人家庭无障碍改造数", [500, 600, 402], 1502),
]


# The reader gives unit columns and rows with the layout work (issue 13, checker/reading/layout.py).
needs_unit_reader = pytest.mark.skipif(
    importlib.util.find_spec("checker.reading.layout") is None, reason="the reader does not give unit columns yet (issue 13)"
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def check_json(path, *args):
    outcome = run("check", path, "--plan", "xinzhou", "--format", "json", *args)
    assert outcome.exit_code in (0, 1), outcome.output
    return json.loads(outcome.output)


def area(document, indicator_id):
    return next(r for r in document["results"] if r["id"] == indicator_id and r["kind"] == "target")


def county_sheet(total: str | None, figures=CITY, total_word="合计"):
    """指标名称 | 单位 | (合计) | 忻府区 | 原平市 | 代县 | (合计), under a 2025 title."""
    counties = list(COUNTIES)
    header = ["指标名称", "单位"] + ([total_word] if total == "first" else []) + counties + ([total_word] if total == "last" else [])
    rows = [["2025年忻州市残疾人事业发展主要指标分县统计表"], header]
    for name, values, stated in figures:
        unit = "%" if "率" in name else ("户" if "户" in name or "改造" in name else "人")
        rows.append([name, unit] + ([stated] if total == "first" else []) + list(values) + ([stated] if total == "last" else []))
    return rows


@needs_unit_reader
@pytest.mark.parametrize("total, column", [("first", "C"), ("last", "F"), (None, None)])
def test_a_city_workbook_with_county_columns(tmp_path, total, column):
    path = write_workbook(tmp_path / "city.xlsx", {"分县统计": county_sheet(total)})
    document = check_json(path)
    assert [u["unit"] for u in document["units"]] == COUNTIES
    homes = area(document, "barrier_free_homes")
    assert homes["value"] == 1502
    if column:
        assert homes["cell"] == f"分县统计!{column}8" and document["area"]["source"] == "total"
    else:
        assert homes["rolled_up"] and document["area"]["source"] == "units"
        assert area(document, "living_subsidy_coverage")["value"] == 99.5  # 398 / 400, not the average
        assert area(document, "pension_insurance_rate")["reason_code"] == "not_rolled_up"


@needs_unit_reader
def test_a_city_workbook_with_county_rows_and_a_total_row(tmp_path):
    names = [name for name, _values, _stated in CITY]
    rows = [["忻州市各县（市、区）残疾人事业主要指标（2025年）"], ["序号", "县（市、区）", *names]]
    for number, county in enumerate(COUNTIES):
        rows.append([number + 1, county, *(values[number] for _name, values, _stated in CITY)])
    rows.append([None, "全市合计", *(stated for _name, _values, stated in CITY)])
    document = check_json(write_workbook(tmp_path / "rows.xlsx", {"分县": rows}))
    assert [u["unit"] for u in document["units"]] == COUNTIES
    assert area(document, "barrier_free_homes")["value"] == 1502
    assert area(document, "barrier_free_homes")["cell"] == "分县!H6"


@needs_unit_reader
def test_text_shows_the_area_then_the_matrix_and_a_differing_total_as_a_warning(tmp_path):
    figures = [(n, v, 1520 if "改造" in n else s) for n, v, s in CITY]
    path = write_workbook(tmp_path / "city.xlsx", {"分县统计": county_sheet("last", figures)})
    outcome = run("check", path, "--plan", "xinzhou")
    text = outcome.output
    assert text.index("困难重度残疾人家庭无障碍改造数") < text.index("分单位结果")
    assert "合计 1520（分县统计!F8），各单位之和 1502（分县统计!C8:E8）" in text
    assert run("check", path, "--plan", "xinzhou", "--fail-on-warn").exit_code == 1


def county_workbook(folder, name, overrides=None, year=2025, title=None, file_name=None):
    rows = [[title or f"{year}年{name}残疾人事业发展主要指标完成情况"]]
    header = ["序号", "指标", "单位", f"{year}年实际"]
    body = xinzhou_rows(overrides, header=header)
    body += [[90, "享受困难残疾人生活补贴人数", "人", (overrides or {}).get("享受", 100)], [91, "符合条件的困难残疾人数", "人", 100]]
    return write_workbook(folder / (file_name or f"{name}.xlsx"), {"主要指标": rows + body})


def test_a_roll_up_of_three_files_is_checked_as_the_area(tmp_path):
    inputs = tmp_path / "counties"
    inputs.mkdir()
    county_workbook(inputs, "忻府区", {"困难重度": 500})
    county_workbook(inputs, "原平市", {"困难重度": 600, "享受": 98})
    county_workbook(inputs, "代县", {"困难重度": 402})
    output = tmp_path / "忻州市.xlsx"
    outcome = run("rollup", inputs, "--plan", "xinzhou", "-o", output)
    assert outcome.exit_code == 0, outcome.output
    assert "由 3 个单位汇总" in outcome.output and "汇总不完整" in outcome.output and "偏关县" in outcome.output
    document = check_json(output)
    assert area(document, "barrier_free_homes")["value"] == 1502
    assert area(document, "vocational_training")["value"] == 12600
    subsidy = area(document, "living_subsidy_coverage")
    assert subsidy["value"] == pytest.approx(99.33, abs=0.01) and subsidy["status"] == "fail"  # 298 / 300
    assert area(document, "pension_insurance_rate")["value"] is None  # rates without counts are not rolled up
    workbook = openpyxl.load_workbook(output)
    sources = workbook["各单位2025"]
    assert [c.value for c in sources[3]][2:] == ["忻府区", "原平市", "代县"]
    figure = next(row for row in sources.iter_rows(min_row=4) if row[0].value == "barrier_free_homes")[3]
    assert figure.value == 600 and figure.comment.text == "原平市.xlsx 主要指标!D13"


def refusal(tmp_path, *paths) -> str:
    """The Chinese message of the refusal; the command exits 2 and writes nothing."""
    from checker.checking import prepare
    from checker.errors import CheckerError
    from checker.settings import CheckSettings
    from checker.units.files import rollup_files

    assert run("rollup", *paths, "--plan", "xinzhou", "-o", tmp_path / "out.xlsx").exit_code == 2
    with pytest.raises(CheckerError) as raised:
        rollup_files(list(paths), prepare(CheckSettings("xinzhou")), tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    return raised.value.zh


def test_two_files_naming_the_same_unit_are_refused(tmp_path):
    first = county_workbook(tmp_path, "原平市")
    second = county_workbook(tmp_path, "原平市", file_name="原平市（修订）.xlsx")
    assert "都是“原平市”的" in refusal(tmp_path, first, second)


def test_files_for_different_years_are_refused(tmp_path):
    message = refusal(tmp_path, county_workbook(tmp_path, "原平市"), county_workbook(tmp_path, "代县", year=2024))
    assert "年份不同" in message and "2024" in message


def test_a_unit_that_is_not_a_sub_unit_of_the_area_is_refused(tmp_path):
    foreign = county_workbook(tmp_path, "朔城区", title="2025年残疾人事业发展主要指标完成情况")
    message = refusal(tmp_path, county_workbook(tmp_path, "原平市"), foreign)
    assert "“朔城区”不是忻州市的下级单位" in message


def test_a_file_of_another_plan_is_refused(tmp_path):
    other = county_workbook(tmp_path, "x", title="2025年重庆市江北区残疾人事业发展主要指标", file_name="江北.xlsx")
    from checker.reading.workbook import read_workbook

    if not any("江北区" in text.text for text in getattr(read_workbook(other), "texts", ())):
        pytest.skip("the reader does not keep title lines yet (plan identity)")
    message = refusal(tmp_path, county_workbook(tmp_path, "原平市"), other)
    # the plan identity names the other plan; failing that, the unit refusal names the place
    assert "jiangbei" in message or "“重庆市”不是忻州市的下级单位" in message


def test_a_file_naming_no_unit_is_refused(tmp_path):
    nameless = county_workbook(tmp_path, "x", title="2025年残疾人事业发展主要指标", file_name="data.xlsx")
    assert "无法判断这份工作簿是哪个单位的" in refusal(tmp_path, county_workbook(tmp_path, "原平市"), nameless)
