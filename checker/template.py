"""A plan → the submission workbook a statistician fills in (`checker template`).

The indicator sheet uses headers the workbook reader recognises (id, 指标, 单位, a target column it
ignores, one "2021年" … "2025年" column per year), so a filled template is checked as it stands.
Input cells carry Excel data validation; percent cells hold 86 for 86%.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from checker.errors import CheckerError
from checker.files import write_atomically
from checker.reports.excel import BOLD, HEADER_FILL, put
from checker.reports.messages import UNIT_LABEL, attribute_text, target_text
from checker.plans.loading import Indicator, Plan
from checker.judging.results import indicator_document
from checker.reading.values import unit_word

INSTRUCTIONS_SHEET = "说明"
INDICATOR_SHEET = "指标填报"
INPUT_FILL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
TIER_WORDS = {"main": "主要指标", "supplementary": "补充指标"}
ITEM_WORDS = {"numerator": "计算用（分子）", "denominator": "计算用（分母）"}
REFERENCE_WORDS = "参考数据"
# What each row asks for (填报口径): a five-year total is reported year by year and added up by the
# check, so its cells take each year's new figure, never the running total. "说明" in the heading
# makes the workbook reader ignore the column.
ASKED_HEADER = "填报口径说明"
ASKED = {"annual": "当年实际值", "cumulative": "当年新增数（不填累计数，检查时逐年相加）", "growth": "当年增速（%）"}
# Input kinds: percent cells hold 86 for 86% (no % format, which would make 86 mean 8600%).
NUMBER_FORMATS = {"yes_no": "@", "percent": "0.0##", "growth": "0.0##", "yuan": "#,##0.00", "count": "#,##0"}


def _validation(kind: str) -> DataValidation:
    """A fresh rule per kind; each rule collects the cell ranges it applies to."""
    if kind == "yes_no":
        rule = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        rule.error, rule.prompt = "请从下拉列表选择“是”或“否”。", "从下拉列表选择“是”或“否”；没有数据时留空。"
    elif kind == "percent":
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        rule.error, rule.prompt = "百分比请填0到100之间的数：86%填86。", "填百分数的数值：86%填86；没有数据时留空。"
    elif kind == "growth":
        # Growth rates may fall below zero in a bad year, unlike coverage rates.
        rule = DataValidation(type="decimal", operator="between", formula1="-100", formula2="100", allow_blank=True)
        rule.error, rule.prompt = "增长率请填-100到100之间的数：增长6.5%填6.5。", "填增长百分数：增长6.5%填6.5；没有数据时留空。"
    else:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        rule.error, rule.prompt = "请填不小于0的数，不要带单位。", "按“单位”列填数值，不要带单位；没有数据时留空。"
    rule.errorTitle, rule.promptTitle = "数值不符合要求", "填写说明"
    rule.showErrorMessage = rule.showInputMessage = True
    return rule



def year_columns(plan: Plan, span: tuple[int, int] | None = None) -> tuple[int, ...]:
    """The years to give a column each: `span` (first, last), by default the plan's period."""
    first, last = span or plan.period
    if first < plan.baseline_year or last > plan.final_year:
        raise CheckerError(
            f"years {first}–{last}: plan {plan.id!r} covers {plan.baseline_year} (baseline) to {plan.final_year}",
            zh=f"年份 {first}—{last}：规划 {plan.id} 涵盖 {plan.baseline_year}（基期）至 {plan.final_year} 年",
        )
    return tuple(range(first, last + 1))


def write_template(plan: Plan, years: tuple[int, ...], path: str | Path, *, force: bool = False) -> None:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise CheckerError("the template is an Excel workbook: give a file name ending in .xlsx",
                           zh="模板是 Excel 工作簿：请给出以 .xlsx 结尾的文件名", file=str(path))
    if path.exists() and not force:
        raise CheckerError("already exists; give --force to replace it", zh="文件已存在；如要替换，请加 --force", file=str(path))
    write_atomically(path, build_template(plan, years).save)


def build_template(plan: Plan, years: tuple[int, ...]) -> Workbook:
    workbook = Workbook()
    _instructions(workbook.active, plan, years)
    _indicator_sheet(workbook.create_sheet(INDICATOR_SHEET), plan, years)
    return workbook


def _rows(plan: Plan) -> list[tuple[str | None, str, str, str, str, str, str, str]]:
    """(id, name, unit, attribute, category, target, what is asked, input kind) for every row the statistician fills."""
    rows = []
    for indicator in plan.indicators:
        described = indicator_document(indicator)
        kind = "growth" if indicator.operator == "in_step_with" else _kind(indicator.unit)
        asked = ASKED["growth" if kind == "growth" else ("cumulative" if indicator.trajectory == "cumulative" else "annual")]
        rows.append((
            indicator.id, indicator.name, _unit_words(indicator), attribute_text(described, "zh"),
            TIER_WORDS[indicator.tier], target_text(described, "zh"), asked, kind,
        ))
        for role, item in (("numerator", indicator.numerator), ("denominator", indicator.denominator)):
            if item is not None:
                rows.append((None, item.name, UNIT_LABEL["zh"][item.unit], "", ITEM_WORDS[role], "", ASKED["annual"], _kind(item.unit)))
    for reference in plan.references:
        rows.append((reference.id, reference.name, UNIT_LABEL["zh"][reference.unit], "", REFERENCE_WORDS, "", ASKED["growth"], "growth"))
    return rows


def _kind(unit: str) -> str:
    if unit in ("yes_no", "percent", "yuan"):
        return unit
    return "count"


def _unit_words(indicator: Indicator) -> str:
    """The unit column as the reader understands it: the plan's own word (支, 所) where values.py knows it."""
    if indicator.unit == "yes_no":
        return "是/否"
    label = indicator.unit_label
    if label and unit_word(label) and unit_word(label)[0] in (indicator.unit, "count"):
        return label
    return UNIT_LABEL["zh"][indicator.unit] or "个"


def _indicator_sheet(sheet, plan: Plan, years: tuple[int, ...]) -> None:
    fixed = ("id", "指标", "单位", "属性", "类别", f"{plan.final_year}年目标", ASKED_HEADER)
    headers = (*fixed, *(f"{year}年" for year in years), "备注")
    widths = (28, 50, 8, 16, 14, 24, 22, *(12 for _ in years), 30)
    put(sheet.cell(1, 1), f"{plan.title} 指标填报表").font = Font(bold=True, size=14)
    header_row = 2
    for column, (text, width) in enumerate(zip(headers, widths), start=1):
        cell = put(sheet.cell(header_row, column), text)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    first_year_column = len(fixed) + 1
    last_year_column = len(fixed) + len(years)
    validations: dict[str, DataValidation] = {}
    for row, (indicator_id, name, unit, attribute, category, target, asked, kind) in enumerate(_rows(plan), start=header_row + 1):
        for column, value in enumerate((indicator_id, name, unit, attribute, category, target, asked), start=1):
            put(sheet.cell(row, column), value or None).alignment = Alignment(vertical="top", wrap_text=True)
        if indicator_id is None:
            sheet.cell(row, 2).alignment = Alignment(indent=2, vertical="top", wrap_text=True)
        for column in range(first_year_column, last_year_column + 1):
            cell = sheet.cell(row, column)
            cell.number_format = NUMBER_FORMATS[kind]
            cell.fill = INPUT_FILL
        rule = validations.setdefault(kind, _validation(kind))
        rule.add(f"{get_column_letter(first_year_column)}{row}:{get_column_letter(last_year_column)}{row}")
    for rule in validations.values():
        sheet.add_data_validation(rule)
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)


def _instructions(sheet, plan: Plan, years: tuple[int, ...]) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    document = f"（{plan.document_number}）" if plan.document_number else ""
    main = sum(i.tier == "main" for i in plan.indicators)
    lines = [
        f"{plan.title}{document} 年度数据填报表",
        "",
        f"本工作簿由 plan-checker 按《{plan.title}》的指标生成，共 {len(plan.indicators)} 项指标（主要指标 {main} 项）。",
        f"1. 在“{INDICATOR_SHEET}”表中，按年份在黄色单元格（{years[0]}年—{years[-1]}年各列）填写当年的实际数值。",
        "2. 不要修改 id、指标、单位列；属性、类别和目标列只供参考，检查时不读取。",
        "3. 百分比填百分数的数值：86% 填 86（直接输入 86% 也可以）。",
        "4. 人数、户数、个数等按“单位”列填写数值，不要带单位，不要用“万人”。",
        "5. “是/否”指标从下拉列表选择“是”或“否”。",
        "6. 没有数据的单元格留空，不要填 0：空白按“未填报”处理，0 会被当作实际数值检查。",
        "7. 类别为“主要指标”的必须填报；“补充指标”有数据时填报，未填报不计为未达标。",
        "8. 类别为“计算用（分子）”“计算用（分母）”的行填写计算比率所用的人数，检查时会核对比率与人数是否一致。",
        f"9. 类别为“{REFERENCE_WORDS}”的行（如地区生产总值增长率）用于判断“与……同步”的指标，请一并填写。",
        "10. 约束性指标未达到目标判为“未达标”；预期性指标未达到目标判为“预警”。“（未标明）”表示规划未写明属性，按预期性处理。",
        f"11. “{ASKED_HEADER}”列写明每项填什么：五年累计的指标（如无障碍改造户数、培训人数）每年填当年新增数，不要填累计数，"
        "检查时自动逐年相加；其他指标填当年的实际值。",
        "",
        f"填好后检查：checker check 本文件.xlsx --plan {plan.id}",
    ]
    for row, text in enumerate(lines, start=1):
        put(sheet.cell(row, 1), text or None).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
