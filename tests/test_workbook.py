import shutil
import zipfile

import pytest

from checker.errors import CheckerError
from checker.reading.workbook import read_workbook
from tests.conftest import write_workbook


def values_by_label(data):
    return {o.label: (o.raw, o.location, o.year) for o in data.observations}


def test_header_below_title_rows_is_found(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["某某市2025年残疾人事业主要指标完成情况"],
        ["填报单位：某某市残联", None, "单位：%"],
        [],
        ["序号", "指标名称", "实际值"],
        [1, "困难残疾人生活补贴覆盖率", 99],
    ]})
    data = read_workbook(path)
    assert values_by_label(data)["困难残疾人生活补贴覆盖率"] == (99, "S!C5", None)
    assert data.context_year == 2025


def test_spaced_and_full_width_headers_are_recognised(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["指　标　名　称", "属 性", "完 成 值"],
        ["重度残疾人护理补贴覆盖率", "约束性", "100%"],
    ]})
    assert values_by_label(read_workbook(path))["重度残疾人护理补贴覆盖率"][:2] == ("100%", "S!C2")


def test_target_column_beside_actual_column_is_not_read_as_the_value(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["指标", "目标值", "规划目标", "实际值"],
        ["残疾人基本康复服务覆盖率", 85, 85, 80],
    ]})
    data = read_workbook(path)
    assert [o.raw for o in data.observations] == [80]


def test_bare_2025_column_beside_an_actual_column_is_the_plans_target(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["指标", "2025年", "属性", "本年实际"],
        ["残疾人基本康复服务覆盖率", 85, "约束性", 80],
    ]})
    assert [o.raw for o in read_workbook(path).observations] == [80]


def test_merged_two_row_header_gives_each_column_its_year_and_role(tmp_path):
    path = write_workbook(
        tmp_path / "t.xlsx",
        {"S": [
            ["指标", "2025年", None, "备注"],
            [None, "目标值", "实际值", None],
            ["残疾人辅助器具适配率", 85, 86, ""],
        ]},
        merges={"S": ["A1:A2", "B1:C1", "D1:D2"]},
    )
    data = read_workbook(path)
    assert values_by_label(data)["残疾人辅助器具适配率"] == (86, "S!C3", 2025)


def test_year_columns_give_one_observation_per_year(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["指标", "2021年", "2022年", "2023年"],
        ["残疾人辅助器具适配率", 80, 82, 84],
    ]})
    data = read_workbook(path)
    assert [(o.year, o.raw) for o in data.observations] == [(2021, 80), (2022, 82), (2023, 84)]
    assert data.years == [2021, 2022, 2023]


def test_year_in_sheet_name(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"2023年": [["指标", "数值"], ["残疾人辅助器具适配率", 84]]})
    assert read_workbook(path).observations[0].year == 2023


def test_plan_period_in_title_is_not_a_reporting_year(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [
        ["“十四五”（2021—2025年）主要指标"],
        ["指标", "实际值"],
        ["残疾人辅助器具适配率", 84],
    ]})
    assert read_workbook(path).context_year is None


def test_merged_label_cells_fill_their_range(tmp_path):
    path = write_workbook(
        tmp_path / "t.xlsx",
        {"S": [["类别", "指标", "实际值"], ["社会保障", "困难残疾人生活补贴覆盖率", 100], [None, "重度残疾人护理补贴覆盖率", 99]]},
        merges={"S": ["A2:A3"]},
    )
    assert len(read_workbook(path).observations) == 2


def test_hidden_rows_and_sheets_are_read_and_flagged(tmp_path):
    path = write_workbook(
        tmp_path / "t.xlsx",
        {"S": [["指标", "实际值"], ["困难残疾人生活补贴覆盖率", 100], ["重度残疾人护理补贴覆盖率", 99]],
         "H": [["指标", "实际值"], ["残疾人辅助器具适配率", 90]]},
        hidden_rows={"S": [3]},
        hidden_sheets=("H",),
    )
    hidden = {o.label: o.hidden for o in read_workbook(path).observations}
    assert hidden == {"困难残疾人生活补贴覆盖率": False, "重度残疾人护理补贴覆盖率": True, "残疾人辅助器具适配率": True}


def test_wrong_sheet_dimension_written_by_wps_still_reads_every_cell(tmp_path):
    original = write_workbook(tmp_path / "ok.xlsx", {"S": [["指标", "实际值"], ["残疾人辅助器具适配率", 90], ["困难残疾人生活补贴覆盖率", 100]]})
    broken = tmp_path / "wps.xlsx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = content.replace(b'<dimension ref="A1:B3" />', b'<dimension ref="A1:A1" />')
                assert b'<dimension ref="A1:A1" />' in content
            target.writestr(item, content)
    assert len(read_workbook(broken).observations) == 2


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CheckerError, match="file not found"):
        read_workbook(tmp_path / "nope.xlsx")


def test_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CheckerError, match="is a folder"):
        read_workbook(tmp_path)


def test_text_file_renamed_to_xlsx_is_a_clear_error(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("指标,实际值\n", encoding="utf-8")
    with pytest.raises(CheckerError, match="not a readable .xlsx workbook"):
        read_workbook(path)


def test_reading_does_not_change_the_file(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [["指标", "实际值"], ["残疾人辅助器具适配率", 90]]})
    copy = tmp_path / "copy.xlsx"
    shutil.copy(path, copy)
    read_workbook(path)
    assert path.read_bytes() == copy.read_bytes()
