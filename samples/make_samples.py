"""Regenerate the sample workbooks in samples/ (run: make samples).

Each plan gets a 2025 workbook that passes and one that misses some binding targets; xinzhou
also gets a messy one laid out the way district offices really send them.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from checker.plans.loading import Indicator, find_plan, plan_files

HERE = Path(__file__).parent
UNIT_WORD = {"percent": "%", "persons": "人", "person_times": "人次", "households": "户", "count": "个", "yes_no": "是/否", "yuan": "元"}


def passing_value(indicator: Indicator):
    if indicator.unit == "yes_no":
        return "是"
    if indicator.operator == "in_step_with":
        return 6.8
    step = 0.5 if indicator.unit == "percent" else 1
    target = indicator.target
    if indicator.operator == ">":
        return min(target + step, 100) if indicator.unit == "percent" else target + step
    if indicator.operator == "range":
        return target[0]
    return target


def failing_value(indicator: Indicator):
    if indicator.unit == "yes_no":
        return "否"
    if indicator.operator == "in_step_with":
        return 4.9
    return round(indicator.target * 0.9, 1) if indicator.unit == "percent" else int(indicator.target * 0.8)


def write_plain(plan_id: str, path: Path, fail_binding: bool) -> None:
    """One 2025 table; with fail_binding, two binding targets are missed (two expected ones for plans with none)."""
    plan = find_plan(plan_id)
    to_miss = "binding" if any(i.attribute == "binding" for i in plan.indicators) else "expected"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "主要指标"
    sheet.append([f"{plan.title}主要指标 2025年完成情况"])
    sheet.append(["序号", "指标", "单位", "2025年目标", "2025年实际"])
    failed = 0
    for number, indicator in enumerate(plan.indicators, start=1):
        value = passing_value(indicator)
        if fail_binding and indicator.attribute == to_miss and failed < 2:
            value, failed = failing_value(indicator), failed + 1
        sheet.append([number, indicator.name, UNIT_WORD[indicator.unit], None, value])
        if indicator.unit == "percent" and isinstance(value, (int, float)) and indicator.operator != "in_step_with":
            cell = sheet.cell(row=sheet.max_row, column=5)
            cell.value, cell.number_format = value / 100, "0.0%"
    if any(i.operator == "in_step_with" for i in plan.indicators):
        sheet.append([len(plan.indicators) + 1, "地区生产总值增长率", "%", None, 5.5])
    sheet.column_dimensions["B"].width = 60
    workbook.save(path)


def write_messy_xinzhou(path: Path) -> None:
    """Title rows, a merged two-row header, a target column beside the actual one, text with units."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = "填报说明"
    cover["A1"] = "本表由县（市、区）残联填报，数据截至2025年12月31日。"
    sheet = workbook.create_sheet("2025年度监测")
    sheet.merge_cells("A1:F1")
    sheet["A1"] = "忻州市“十四五”残疾人保障和发展主要指标完成情况（2025年度）"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"] = "填报单位：忻州市残联"
    sheet["E2"] = "填报日期：2026年1月15日"
    sheet.merge_cells("A3:A4")
    sheet["A3"] = "类 别"
    sheet.merge_cells("B3:B4")
    sheet["B3"] = "指　标　名　称"
    sheet.merge_cells("C3:C4")
    sheet["C3"] = "属 性"
    sheet.merge_cells("D3:E3")
    sheet["D3"] = "2025年"
    sheet["D4"] = "规划目标"
    sheet["E4"] = "实际完成"
    sheet.merge_cells("F3:F4")
    sheet["F3"] = "备注"
    rows = [
        ("收入和就业", "1．残疾人家庭人均收入年均增速（%）", "预期性", "与全市地区生产总值增长同步", "7.1%", ""),
        ("", "2．城乡残疾人职业技能培训人数（人）", "预期性", "4000", "4,126人", "五年累计"),
        ("社会保障和基本公共服务", "3．符合条件的残疾人纳入最低生活保障比例（%）", "约束性", "100", "100%", ""),
        ("", "4．困难残疾人生活补贴覆盖率（%）", "约束性", "100", 1, ""),
        ("", "5．重度残疾人护理补贴覆盖率（%）", "约束性", "100", "100", ""),
        ("", "6．残疾人城乡居民基本养老保险参保率（%）", "预期性", ">90", "＞90", "社保部门提供"),
        ("", "7．残疾人城乡居民基本医疗保险参保率（%）", "预期性", ">95", 0.962, ""),
        ("", "8．残疾儿童少年义务教育入学率（%）", "预期性", "≥97", "96.5", "较上年提高0.8个百分点"),
        ("", "9．符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率（%）", "约束性", "≥85", 84.99999999, ""),
        ("", "10．符合条件且有需求的残疾儿童和持证残疾人辅助器具适配率（%）", "约束性", "≥85", "—", "数据待卫健部门核实"),
        ("", "11．困难重度残疾人家庭无障碍改造数（户）", "约束性", "1502", "1502户", ""),
        ("参考", "全市地区生产总值增长率", "", "", "6.2%", "统计局快报"),
        ("其他", "残疾人之家建设数量（个）", "", "", 14, "本市自定指标"),
    ]
    for row in rows:
        sheet.append(list(row))
    for number_row in (8, 11):
        sheet.cell(row=number_row, column=5).number_format = "0%" if number_row == 8 else "0.0%"
    sheet.column_dimensions["B"].width = 62
    workbook.save(path)


def write_multi_year_xinzhou(path: Path) -> None:
    """A mid-term (2023) submission: year columns from the 2020 baseline, raw counts for one rate."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年度监测"
    sheet.append(["忻州市残疾人事业发展主要指标年度监测表（2021—2023年）"])
    sheet.append(["序号", "指标", "单位", "2020年", "2021年", "2022年", "2023年", "2025年目标"])
    rows = [
        ("残疾人家庭人均收入年均增速", "%", None, 6.1, 4.9, 5.6, "同步"),
        ("城乡残疾人职业技能培训人数", "人", None, 820, 790, 805, 4000),
        ("符合条件的残疾人纳入最低生活保障比例", "%", 100, 100, 100, 100, 100),
        ("困难残疾人生活补贴覆盖率", "%", 100, 100, 100, 100, 100),
        ("重度残疾人护理补贴覆盖率", "%", 99.6, 100, 100, 94.5, 100),
        ("残疾人城乡居民基本养老保险参保率", "%", 88.0, 89.1, 90.2, 90.8, ">90"),
        ("残疾人城乡居民基本医疗保险参保率", "%", 95.2, 95.8, 96.0, 96.3, ">95"),
        ("残疾儿童少年义务教育入学率", "%", 95, 95.4, 95.9, 96.4, "≥97"),
        ("有康复需求的残疾人数", "人", None, None, None, 15200, None),
        ("接受基本康复服务的残疾人数", "人", None, None, None, 13100, None),
        ("符合条件且有需求的残疾儿童和持证残疾人辅助器具适配率", "%", 80, 81.2, 82.0, 82.5, "≥85"),
        ("困难重度残疾人家庭无障碍改造数", "户", None, 280, 310, 290, 1502),
        ("地区生产总值增长率", "%", None, 8.5, 4.6, 5.0, None),
    ]
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    sheet.column_dimensions["B"].width = 56
    workbook.save(path)


def main() -> None:
    for plan_id in sorted(plan_files()):
        plan = find_plan(plan_id)
        has_binding = any(i.attribute == "binding" for i in plan.indicators)
        write_plain(plan_id, HERE / f"{plan_id}-2025.xlsx", fail_binding=False)
        missed = "binding-failures" if has_binding else "shortfalls"
        write_plain(plan_id, HERE / f"{plan_id}-2025-{missed}.xlsx", fail_binding=True)
    write_messy_xinzhou(HERE / "xinzhou-2025-messy.xlsx")
    write_multi_year_xinzhou(HERE / "xinzhou-2021-2023.xlsx")
    print("samples written to", HERE)


if __name__ == "__main__":
    main()
