"""Workbooks laid out the way 残联 and statistics offices really send them, each with its right reading.

Every builder writes one real workbook with openpyxl into a folder and returns
(path, Expectation): the plan and reporting year a careful human reading the workbook would take,
and for a handful of indicators the figure and the cell that human would read — or the refusal
(exit 2 and the words its message must contain) when the check cannot honestly be done.

    from tests.layouts import LAYOUTS          # [(name, builder), …] in a fixed order
    path, expect = LAYOUTS[0][1](folder)

Nothing here imports the checker: the expectations are written from the workbook's point of
view, not from what the reader happens to do. benchmarks/layouts_eval.py runs the checker on
each and counts how many it reads right. Values are in the indicator's unit (percent as 93.6,
persons as 860); cells are "Sheet!E7" as the JSON report gives them.
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

# ---------------------------------------------------------------------------
# Expectations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """What one indicator should be read as.

    value/cell: the figure and where it stands (cell None: any cell). values_by_year: each
    year's figure (the JSON `values_by_year`), for multi-year layouts. flagged: the cell holds an
    ambiguous figure (`raw`); right is a report that names it (its raw figure in the reason, or a
    refusal naming the cell), never a plain judgement of `raw` as it stands.
    """

    id: str
    value: float | None = None
    cell: str | None = None
    values_by_year: dict[int, float] | None = None
    flagged: bool = False
    raw: float | None = None
    # The cell holds words that are not a figure: right is no value, and a reason (in Chinese, the
    # default language) containing these words, naming the cell.
    not_a_number: str | None = None


@dataclass(frozen=True)
class Expectation:
    plan: str
    year: int | None  # the reporting year the report should state (None when a refusal is expected)
    checks: tuple[Expect, ...] = ()
    args: tuple[str, ...] = ()  # extra command-line options, e.g. ("--year", "2025")
    # A refusal: exit 2, and every entry must appear in the message (a tuple entry: any one of them).
    refusal: tuple[str | tuple[str, ...], ...] | None = None
    note: str = ""  # what a human sees in this layout, in one line


Builder = Callable[[Path], "tuple[Path, Expectation]"]

# ---------------------------------------------------------------------------
# The figures: one district's 2024 and 2025 results (xinzhou names, units, targets)
# ---------------------------------------------------------------------------

# id, name as the plan's table writes it, unit shown, target as forms print it, 2024, 2025
XINZHOU = [
    ("income_growth", "残疾人家庭人均收入年均增速", "%", "与地区生产总值增长同步", 5.9, 6.2),
    ("vocational_training", "城乡残疾人职业技能培训人数", "人", "4000（五年累计）", 820, 860),
    ("subsistence_allowance_inclusion", "符合条件的残疾人纳入最低生活保障比例", "%", "100", 100, 100),
    ("living_subsidy_coverage", "困难残疾人生活补贴覆盖率", "%", "100", 99.6, 100),
    ("nursing_subsidy_coverage", "重度残疾人护理补贴覆盖率", "%", "100", 98.7, 99.2),
    ("pension_insurance_rate", "残疾人城乡居民基本养老保险参保率", "%", ">90", 92.8, 93.6),
    ("medical_insurance_rate", "残疾人城乡居民基本医疗保险参保率", "%", ">95", 97.1, 97.8),
    ("compulsory_education_enrolment", "残疾儿童少年义务教育入学率", "%", "≥97", 96.9, 97.5),
    ("rehab_coverage", "符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率", "%", "≥85", 87.2, 88.4),
    ("assistive_device_rate", "符合条件且有需求的残疾儿童和持证残疾人辅助器具适配率", "%", "≥85", 84.9, 86.1),
    ("barrier_free_homes", "困难重度残疾人家庭无障碍改造数", "户", "1502（五年累计）", 301, 326),
]
GDP = ("gdp_growth", "地区生产总值增长率", "%", "", 5.1, 5.4)
ATTRIBUTE = {
    "income_growth": "预期性", "vocational_training": "预期性", "subsistence_allowance_inclusion": "约束性",
    "living_subsidy_coverage": "约束性", "nursing_subsidy_coverage": "约束性", "pension_insurance_rate": "预期性",
    "medical_insurance_rate": "预期性", "compulsory_education_enrolment": "预期性", "rehab_coverage": "约束性",
    "assistive_device_rate": "约束性", "barrier_free_homes": "约束性",
}
# Supplementary xinzhou indicators (prose and 专栏2–9): id, name, unit, 2025
XINZHOU_OTHER = [
    ("severe_disability_dibao_topup_rate", "获得低保后生活仍有困难的重度残疾人提高救助水平比例", "%", 8),
    ("zero_employment_households_employed_rate", "零就业残疾人家庭至少有一人就业比例", "%", 100),
    ("federation_staff_disabled_share", "县级及以上残联机关干部队伍中残疾人比例", "%", 16.7),
    ("community_mental_rehab_coverage", "开展精神障碍社区康复服务的县（市、区）比例", "%", 85.7),
    ("sign_language_use_special_schools", "特殊教育学校普遍使用国家通用手语", "是/否", "是"),
    ("new_buildings_barrier_free_rate", "新建项目无障碍设施建设率", "%", 100),
    ("community_disabled_association_coverage", "村（社区）残疾人协会覆盖率", "%", 100),
]
# The indicators whose figure differs between years and from every target: a wrong column shows.
CHECKED = ("nursing_subsidy_coverage", "pension_insurance_rate", "rehab_coverage", "assistive_device_rate")

XINZHOU_COUNTIES = [
    "忻府区", "原平市", "定襄县", "五台县", "代县", "繁峙县", "宁武县",
    "静乐县", "神池县", "五寨县", "岢岚县", "河曲县", "保德县", "偏关县",
]
_OFFSETS = [0.8, -1.2, 1.5, -0.6, 0.3, -2.1, 1.1, -0.4, 0.9, -1.5, 0.2, 1.4, -0.9, 0.5]
_WEIGHTS = [46, 38, 17, 24, 19, 22, 15, 14, 9, 11, 8, 13, 12, 10]  # share of a city count per county


def _row(indicator_id: str) -> tuple:
    return next(r for r in XINZHOU if r[0] == indicator_id)


def county_rates(city: float) -> list[float]:
    return [min(100.0, round(city + offset, 1)) for offset in _OFFSETS]


def county_counts(city: int) -> list[int]:
    parts = [city * w // sum(_WEIGHTS) for w in _WEIGHTS]
    parts[0] += city - sum(parts)
    return parts


# ---------------------------------------------------------------------------
# Writing sheets the way a statistician does
# ---------------------------------------------------------------------------

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


class Form:
    """A sheet filled top to bottom: title, 填报单位/日期 line, header, rows, notes; cells by row."""

    def __init__(self, worksheet, columns: int):
        self.ws = worksheet
        self.columns = columns
        self.row = 0

    def ref(self, row: int, column: int) -> str:
        return f"{self.ws.title}!{get_column_letter(column)}{row}"

    def title(self, text: str, size: int = 16) -> int:
        self.row += 1
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name="方正小标宋简体", size=size, bold=True)
        cell.alignment = _CENTRE
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.columns)
        self.ws.row_dimensions[self.row].height = 32
        return self.row

    def line(self, left: str | None, right=None, right_column: int | None = None) -> int:
        """"填报单位：…（盖章）" on the left, "填报日期：…" or "单位：%" on the right."""
        self.row += 1
        split = max(2, self.columns // 2)
        if left:
            self.ws.cell(self.row, 1, left).font = Font(name="仿宋_GB2312", size=11)
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=split)
        if right is not None:
            column = right_column or split + 1
            cell = self.ws.cell(self.row, column, right)
            cell.font = Font(name="仿宋_GB2312", size=11)
            cell.alignment = Alignment(horizontal="right")
            if isinstance(right, _dt.date):
                cell.number_format = "yyyy\"年\"m\"月\"d\"日\""
            if column < self.columns and right_column is None:
                self.ws.merge_cells(start_row=self.row, start_column=column, end_row=self.row, end_column=self.columns)
        return self.row

    def header(self, texts, start: int = 1) -> int:
        self.row += 1
        for offset, text in enumerate(texts):
            if text is None:
                continue
            cell = self.ws.cell(self.row, start + offset, text)
            cell.font = Font(name="黑体", size=11, bold=True)
            cell.alignment = _CENTRE
            cell.fill = _HEAD_FILL
        for column in range(start, start + len(texts)):
            self.ws.cell(self.row, column).border = _BOX
        self.ws.row_dimensions[self.row].height = 30
        return self.row

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        self.ws.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)

    def data(self, values, start: int = 1, formats: dict[int, str] | None = None) -> int:
        self.row += 1
        for offset, value in enumerate(values):
            column = start + offset
            cell = self.ws.cell(self.row, column)
            if value is not None:
                cell.value = value
            cell.border = _BOX
            cell.font = Font(name="宋体", size=11)
            cell.alignment = _LEFT if isinstance(value, str) and len(value) > 6 else _CENTRE
            if formats and column in formats:
                cell.number_format = formats[column]
            elif isinstance(value, float):
                cell.number_format = "0.0"
        return self.row

    def band(self, text: str) -> int:
        """A section line inside the table ("一、社会保障"), merged across it."""
        self.row += 1
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name="黑体", size=11)
        cell.alignment = _LEFT
        self.merge(self.row, 1, self.row, self.columns)
        for column in range(1, self.columns + 1):
            self.ws.cell(self.row, column).border = _BOX
        return self.row

    def note(self, text: str) -> int:
        self.row += 1
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name="仿宋_GB2312", size=10)
        cell.alignment = _LEFT
        self.merge(self.row, 1, self.row, self.columns)
        self.ws.row_dimensions[self.row].height = 28
        return self.row

    def blank(self) -> int:
        self.row += 1
        return self.row

    def widths(self, *widths: float) -> None:
        for column, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width


def _new(sheet_title: str, columns: int) -> tuple[Workbook, Form]:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet_title
    worksheet.sheet_view.showGridLines = False
    return workbook, Form(worksheet, columns)


def _save(workbook: Workbook, folder: Path, name: str) -> Path:
    path = Path(folder) / name
    workbook.save(path)
    return path


def _checks(rows: dict[str, str], ids=CHECKED, year: int = 2025) -> tuple[Expect, ...]:
    """Expect the 2025 figure of each id at the cell `rows` gives it."""
    column = -1 if year == 2025 else -2
    return tuple(Expect(i, float(_row(i)[column]), rows[i]) for i in ids)


def _rewrite_zip(path: Path, edit: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None, target: Path | None = None) -> Path:
    """Copy an .xlsx part by part, letting `edit` change (or drop, by returning None) each part."""
    target = target or path
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            changed = edit(name, data)
            if changed is not None:
                out.writestr(name, changed)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    if target != path:
        path.unlink()
    return target


# ---------------------------------------------------------------------------
# A standard one-year table, the base several layouts vary
# ---------------------------------------------------------------------------


def _plain_table(form: Form, value_header: str = "2025年实际", target: bool = True, gdp: bool = True) -> dict[str, str]:
    """序号 | 指标名称 | 单位 | 2025年目标 | <value_header> | 属性; returns id → value cell."""
    headers = ["序号", "指标名称", "单位"] + (["2025年目标"] if target else []) + [value_header, "属性"]
    form.header(headers)
    value_column = len(headers) - 1
    cells = {}
    for number, (indicator_id, name, unit, target_text, _previous, current) in enumerate(XINZHOU, start=1):
        values = [number, name, unit] + ([target_text] if target else []) + [current, ATTRIBUTE[indicator_id]]
        row = form.data(values)
        cells[indicator_id] = form.ref(row, value_column)
    if gdp:
        row = form.data([len(XINZHOU) + 1, "附：地区生产总值增长率", "%"] + ([""] if target else []) + [GDP[-1], "参考"])
        cells["gdp_growth"] = form.ref(row, value_column)
    form.widths(6, 46, 8, 14, 14, 10)
    return cells


# ---------------------------------------------------------------------------
# The layouts
# ---------------------------------------------------------------------------


def prior_and_current_year_columns(folder: Path) -> tuple[Path, Expectation]:
    """上年实际 | 本年实际 | 增减, no year in any column; the year is in the title, filed in January."""
    workbook, form = _new("主要指标", 7)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会（盖章）", "填报日期：2026年1月12日")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "计量单位", "上年实际", "本年实际", "增减", "备注"])
    cells = {}
    for number, (indicator_id, name, unit, _target, previous, current) in enumerate(XINZHOU, start=1):
        change = round(current - previous, 1)
        row = form.data([number, name, unit, previous, current, change, "百分点" if unit == "%" else ""])
        cells[indicator_id] = form.ref(row, 5)
    form.note("说明：1.本表由市残联汇总各县（市、区）数据填报；2.“增减”栏为本年实际减上年实际，比率类指标为百分点；"
              "3.职业技能培训人数、无障碍改造户数为当年数。")
    form.line("审核人：王建军", "填表人：李晓燕    联系电话：0350-3036512", right_column=5)
    form.widths(6, 48, 10, 12, 12, 10, 10)
    path = _save(workbook, folder, "01-prior-current.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="本年实际 is 2025 (title); 上年实际 is 2024")


def year_columns_with_growth(folder: Path) -> tuple[Path, Expectation]:
    """2024年 | 2025年 | 同比增幅 columns."""
    workbook, form = _new("Sheet1", 7)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2026年1月8日")
    form.header(["序号", "指标", "单位", "2024年", "2025年", "同比增幅（%）", "备注"])
    cells = {}
    for number, (indicator_id, name, unit, _target, previous, current) in enumerate(XINZHOU, start=1):
        growth = round((current - previous) / previous * 100, 1)
        row = form.data([number, name, unit, previous, current, growth, None])
        cells[indicator_id] = form.ref(row, 5)
    form.note("备注：同比增幅按（本年-上年）/上年×100%计算。")
    form.widths(6, 48, 8, 12, 12, 14, 10)
    path = _save(workbook, folder, "02-year-columns.xlsx")
    checks = _checks(cells) + (Expect("vocational_training", values_by_year={2024: 820, 2025: 860}),)
    return path, Expectation("xinzhou", 2025, checks, note="the 2025年 column; 同比增幅 is no figure of an indicator")


JIANGBEI = [
    # id, name, unit, 去年同期, 本期
    ("living_subsidy_coverage", "困难残疾人生活补贴覆盖率", "%", 99.5, 100),
    ("nursing_subsidy_coverage", "重度残疾人护理补贴覆盖率", "%", 99.1, 99.7),
    ("pension_insurance_rate", "残疾人城乡居民基本养老保险参保率", "%", 94.2, 95.1),
    ("medical_insurance_rate", "残疾人城乡居民基本医疗保险参保率", "%", 97.6, 98.3),
    ("rehab_coverage", "残疾人基本康复服务覆盖率", "%", 88.0, 90.6),
    ("assistive_device_rate", "残疾人辅助器具适配率", "%", 86.4, 89.2),
    ("barrier_free_home_coverage", "困难重度残疾人家庭无障碍改造覆盖率", "%", 92.0, 100),
    ("compulsory_education_enrolment", "残疾儿童少年义务教育入学率", "%", 97.2, 98.0),
    ("family_doctor_contract_rate", "持证残疾人获得家庭医生签约服务率", "%", 88.5, 91.3),
    ("vocational_training", "城乡残疾人职业技能培训人数", "人", 412, 436),
]


def same_period_last_year(folder: Path) -> tuple[Path, Expectation]:
    """A monthly-report shape: 去年同期 | 本期 | 比上年同期增减; 填报日期 typed as a date."""
    workbook, form = _new("快报", 6)
    form.title("重庆市江北区残疾人事业统计快报（2025年1—12月）")
    form.line("填报单位：重庆市江北区残疾人联合会", _dt.date(2026, 1, 10))
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "计量单位", "去年同期", "本期", "比上年同期增减（%）"])
    cells = {}
    for number, (indicator_id, name, unit, previous, current) in enumerate(JIANGBEI, start=1):
        row = form.data([number, name, unit, previous, current, round((current - previous) / previous * 100, 1)])
        cells[indicator_id] = form.ref(row, 5)
    form.note("注：本期为2025年1—12月累计数，比率类指标为期末数。")
    form.widths(6, 40, 10, 12, 12, 18)
    path = _save(workbook, folder, "03-same-period.xlsx")
    checks = tuple(
        Expect(i, float(current), cells[i])
        for i, _n, _u, _p, current in JIANGBEI
        if i in ("nursing_subsidy_coverage", "rehab_coverage", "assistive_device_rate", "family_doctor_contract_rate")
    )
    return path, Expectation("jiangbei", 2025, checks, note="本期 is 2025 (title); 去年同期 is 2024")


def two_tables_one_sheet(folder: Path) -> tuple[Path, Expectation]:
    """一、主要指标 and 二、其他指标 on one sheet, the second with columns of its own."""
    workbook, form = _new("完成情况", 6)
    form.title("2025年忻州市残疾人事业发展指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会（盖章）", "2025年12月31日")
    form.blank()  # an empty row between the 填报 line and the header
    form.band("一、主要指标")
    form.header(["序号", "指标名称", "单位", "2025年目标", "2025年完成值", "属性"])
    cells = {}
    for number, (indicator_id, name, unit, target, _previous, current) in enumerate(XINZHOU, start=1):
        row = form.data([number, name, unit, target, current, ATTRIBUTE[indicator_id]])
        cells[indicator_id] = form.ref(row, 5)
    form.blank()
    form.band("二、其他指标")
    form.header(["序号", "项目", "完成数", "计量单位", "备注", None])
    remarks = {
        "community_mental_rehab_coverage": "14个县（市、区）中12个已开展",
        "community_disabled_association_coverage": "已实现全覆盖",
        "federation_staff_disabled_share": "市县两级残联机关",
    }
    for number, (indicator_id, name, unit, current) in enumerate(XINZHOU_OTHER, start=1):
        row = form.data([number, name, current, unit, remarks.get(indicator_id)])
        cells[indicator_id] = form.ref(row, 3)
    form.note("注：其他指标为规划正文及专栏中提出的目标，按年度实际情况填报。")
    form.widths(6, 48, 12, 12, 26, 10)
    path = _save(workbook, folder, "04-two-tables.xlsx")
    checks = _checks(cells, ("pension_insurance_rate", "rehab_coverage")) + tuple(
        Expect(i, float(v), cells[i])
        for i, _n, _u, v in XINZHOU_OTHER
        if i in ("severe_disability_dibao_topup_rate", "federation_staff_disabled_share", "community_mental_rehab_coverage")
    )
    return path, Expectation("xinzhou", 2025, checks, note="table two reads 完成数 (column C), not table one's column E")


YEARBOOK = [
    # label (bilingual), unit, 2021…2025
    ("城乡残疾人职业技能培训人数 Persons with Disabilities Trained in Vocational Skills", "万人", [0.07, 0.08, 0.08, 0.09, 0.10]),
    ("困难重度残疾人家庭无障碍改造数 Barrier-free Home Adaptations for Families in Difficulty", "户", [280, 310, 290, 301, 326]),
    ("重度残疾人护理补贴覆盖率 Coverage of Nursing Subsidies", "%", [99.1, 99.4, 98.9, 98.7, 99.2]),
    ("残疾人城乡居民基本养老保险参保率 Basic Pension Insurance Coverage", "%", [89.1, 90.2, 90.8, 92.8, 93.6]),
    ("残疾儿童少年义务教育入学率 Compulsory Education Enrolment Rate of Children with Disabilities", "%", ["…", "-", 96.4, 96.9, 97.5]),
    ("残疾人基本康复服务覆盖率 Coverage of Basic Rehabilitation Services", "%", [81.5, 83.0, 84.6, 87.2, 88.4]),
    ("残疾人辅助器具适配率 Fitting Rate of Assistive Devices", "%", [80.3, 81.2, 82.0, 84.9, 86.1]),
]


def yearbook_bilingual(folder: Path) -> tuple[Path, Expectation]:
    """统计年鉴 shape: bilingual items, 单位 Unit column (万人), merged 2021-2025 over bare years."""
    workbook, form = _new("4-12", 7)
    form.title("4-12  忻州市残疾人事业发展主要指标\nMain Indicators of Programmes for Persons with Disabilities in Xinzhou", size=12)
    form.ws.row_dimensions[1].height = 40
    top = form.header(["项目 Item", "单位 Unit", "2021-2025年完成情况 Implementation (2021-2025)", None, None, None, None])
    years_row = form.header([None, None, 2021, 2022, 2023, 2024, 2025])
    form.merge(top, 1, years_row, 1)
    form.merge(top, 2, years_row, 2)
    form.merge(top, 3, top, 7)
    ids = ["vocational_training", "barrier_free_homes", "nursing_subsidy_coverage", "pension_insurance_rate",
           "compulsory_education_enrolment", "rehab_coverage", "assistive_device_rate"]
    rows = {}
    for indicator_id, (label, unit, values) in zip(ids, YEARBOOK):
        formats = {c: "0.00" for c in range(3, 8)} if unit == "万人" else None
        rows[indicator_id] = form.data([label, unit, *values], formats=formats)
    form.note("注：“…”表示数据不详，“-”表示无该项统计。\nNote: \"…\" indicates data not available; \"-\" indicates no statistics.")
    form.note("资料来源：忻州市残疾人联合会。Source: Xinzhou Disabled Persons' Federation.")
    form.widths(52, 12, 10, 10, 10, 10, 10)
    path = _save(workbook, folder, "05-yearbook.xlsx")
    cell = lambda i: form.ref(rows[i], 7)  # noqa: E731
    checks = (
        Expect("vocational_training", 4200.0, cell("vocational_training"),
               values_by_year={2021: 700, 2022: 800, 2023: 800, 2024: 900, 2025: 1000}),
        Expect("barrier_free_homes", 1507.0, cell("barrier_free_homes"),
               values_by_year={2021: 280, 2022: 310, 2023: 290, 2024: 301, 2025: 326}),
        Expect("pension_insurance_rate", 93.6, cell("pension_insurance_rate"),
               values_by_year={2021: 89.1, 2022: 90.2, 2023: 90.8, 2024: 92.8, 2025: 93.6}),
        Expect("compulsory_education_enrolment", 97.5, cell("compulsory_education_enrolment"),
               values_by_year={2023: 96.4, 2024: 96.9, 2025: 97.5}),
        Expect("rehab_coverage", 88.4, cell("rehab_coverage")),
    )
    return path, Expectation(
        "xinzhou", 2025, checks, args=("--year", "2025"),
        note="each year column is that year; 万人 ×10,000; five-year totals for the cumulative rows",
    )


def _county_sheet(form: Form, total_first: bool, total_word: str) -> dict[str, str]:
    """指标名称 | 单位 | (合计) | 县（市、区） over 14 counties | (合计): rows of XINZHOU; id → total cell."""
    columns = 2 + len(XINZHOU_COUNTIES) + 1
    total_column = 3 if total_first else columns
    first_county = 4 if total_first else 3
    top = form.header(["指标名称", "单位"] + [None] * (columns - 2))
    second = form.header([None] * columns)
    form.ws.cell(top, 1, "指标名称")
    form.ws.cell(top, 2, "单位")
    form.ws.cell(top, total_column, total_word)
    form.ws.cell(top, first_county, "其中：各县（市、区）" if total_first else "县（市、区）")
    for offset, county in enumerate(XINZHOU_COUNTIES):
        form.ws.cell(second, first_county + offset, county)
    form.merge(top, 1, second, 1)
    form.merge(top, 2, second, 2)
    form.merge(top, total_column, second, total_column)
    form.merge(top, first_county, top, first_county + len(XINZHOU_COUNTIES) - 1)
    cells = {}
    for indicator_id, name, unit, _target, _previous, current in XINZHOU:
        if indicator_id == "income_growth":
            continue
        if unit == "%":
            counties = county_rates(current)
        else:
            counties = county_counts(int(current))
        values = [name, unit] + ([current] + counties if total_first else counties + [current])
        row = form.data(values, formats={c: ("0.0" if unit == "%" else "0") for c in range(3, columns + 1)})
        cells[indicator_id] = form.ref(row, total_column)
    form.ws.column_dimensions["A"].width = 44
    return cells


def note_above_one_county(folder: Path) -> tuple[Path, Expectation]:
    """A city sheet whose 原平市 column carries a note "数据截至：2025年12月31日" above its header."""
    workbook, form = _new("汇总表", 17)
    form.title("2025年忻州市残疾人事业发展主要指标汇总表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2026年1月20日")
    form.row += 1
    form.ws.cell(form.row, 2, "单位：%、人、户").font = Font(size=9)
    form.ws.cell(form.row, 4, "数据截至：2025年12月31日").font = Font(size=9, color="C00000")
    cells = _county_sheet(form, total_first=False, total_word="全市合计")
    form.note("说明：原平市数据截至2025年12月31日，其余县（市、区）为年报快报数。比率类指标全市合计按全市人数计算，非各县简单平均。")
    path = _save(workbook, folder, "06-note-above-county.xlsx")
    return path, Expectation("xinzhou", 2025, tuple(Expect(i, float(_row(i)[-1]), cells[i]) for i in CHECKED),
                             note="the area's figure is 全市合计 (last column), not 原平市 under the note")


def year_only_in_title(folder: Path) -> tuple[Path, Expectation]:
    """The year appears once, in the title "忻州市残疾人事业统计表（2025年）"; the column says 完成值."""
    workbook, form = _new("统计表", 6)
    form.title("忻州市残疾人事业统计表（2025年）")
    form.line("填报单位（盖章）：忻州市残疾人联合会", "填报日期：    年  月  日")
    form.header(["序号", "指标名称", "单位", "规划目标", "完成值", "备注"])
    cells = {}
    for number, (indicator_id, name, unit, target, _previous, current) in enumerate(XINZHOU, start=1):
        cells[indicator_id] = form.ref(form.data([number, name, unit, target, current, None]), 5)
    form.note("填表说明：完成值填写本年度数据，比率类指标保留一位小数。")
    form.widths(6, 48, 8, 20, 12, 12)
    path = _save(workbook, folder, "07-year-in-title.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="完成值 is 2025 (title)")


def counties_total_last(folder: Path) -> tuple[Path, Expectation]:
    """One column per county and 合计 last."""
    workbook, form = _new("分县统计", 17)
    form.title("2025年忻州市残疾人事业发展主要指标分县（市、区）统计表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2026年1月15日")
    form.blank()  # an empty row between the 填报 line and the header
    cells = _county_sheet(form, total_first=False, total_word="合计")
    form.note("注：合计栏比率类指标按全市人数加权计算。")
    path = _save(workbook, folder, "08-counties-total-last.xlsx")
    return path, Expectation("xinzhou", 2025, tuple(Expect(i, float(_row(i)[-1]), cells[i]) for i in CHECKED),
                             note="the area's figure is the 合计 column")


def counties_total_first(folder: Path) -> tuple[Path, Expectation]:
    """全市 first, then 其中：各县（市、区）."""
    workbook, form = _new("分县统计", 17)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况（分县）")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2026年1月15日")
    form.blank()  # an empty row between the 填报 line and the header
    cells = _county_sheet(form, total_first=True, total_word="全市")
    form.note("注：全市栏比率类指标按全市人数加权计算。")
    path = _save(workbook, folder, "09-counties-total-first.xlsx")
    return path, Expectation("xinzhou", 2025, tuple(Expect(i, float(_row(i)[-1]), cells[i]) for i in CHECKED),
                             note="the area's figure is the 全市 column")


def counties_as_rows(folder: Path) -> tuple[Path, Expectation]:
    """Transposed: one row per county, indicators as columns, 全市合计 at the bottom, year in the title."""
    ids = ["living_subsidy_coverage", "nursing_subsidy_coverage", "pension_insurance_rate", "medical_insurance_rate",
           "rehab_coverage", "assistive_device_rate", "barrier_free_homes"]
    workbook, form = _new("分县", 2 + len(ids))
    form.title("忻州市各县（市、区）残疾人事业主要指标完成情况（2025年）")
    form.line("填报单位：忻州市残疾人联合会", "单位：%、户")
    form.blank()  # an empty row between the 填报 line and the header
    headers = ["序号", "县（市、区）"] + [f"{_row(i)[1]}（{_row(i)[2]}）" for i in ids]
    form.header(headers)
    per_county = {i: (county_rates(_row(i)[-1]) if _row(i)[2] == "%" else county_counts(_row(i)[-1])) for i in ids}
    for number, county in enumerate(XINZHOU_COUNTIES, start=1):
        form.data([number, county] + [per_county[i][number - 1] for i in ids])
    total = form.data([None, "全市合计"] + [_row(i)[-1] for i in ids])
    form.merge(total, 1, total, 1)
    form.note("注：全市合计栏比率类指标按全市人数计算。")
    form.widths(6, 14, *[16] * len(ids))
    path = _save(workbook, folder, "10-counties-as-rows.xlsx")
    cells = {i: form.ref(total, 3 + ids.index(i)) for i in ids}
    checks = tuple(Expect(i, float(_row(i)[-1]), cells[i]) for i in ("nursing_subsidy_coverage", "pension_insurance_rate", "rehab_coverage", "assistive_device_rate", "barrier_free_homes"))
    return path, Expectation("xinzhou", 2025, checks, note="indicators are columns; the area's figures are the 全市合计 row")


# Transitional → Strict (ISO/IEC 29500) namespaces and relationship types.
_STRICT = [
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties", "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes", "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"),
]


def _to_strict(name: str, data: bytes) -> bytes:
    if not (name.endswith(".xml") or name.endswith(".rels")):
        return data
    text = data.decode("utf-8")
    for transitional, strict in _STRICT:
        text = text.replace(transitional, strict)
    if name == "xl/workbook.xml":
        text = re.sub(r"<workbook\b", '<workbook conformance="strict"', text, count=1)
    return text.encode("utf-8")


def strict_open_xml(folder: Path) -> tuple[Path, Expectation]:
    """Saved by Excel as "Strict Open XML 电子表格": ISO/IEC 29500 strict namespaces throughout."""
    workbook, form = _new("主要指标", 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2025年12月30日")
    form.blank()  # an empty row between the 填报 line and the header
    cells = _plain_table(form)
    form.note("说明：比率类指标保留一位小数。")
    path = _rewrite_zip(_save(workbook, folder, "11-strict.xlsx"), _to_strict)
    return path, Expectation("xinzhou", 2025, _checks(cells), note="the same table as a transitional file; only the XML namespaces differ")


def _formula_table(form: Form) -> dict[str, str]:
    """Counts typed in, rates as formulas over them (the way a 统计员 builds the sheet)."""
    form.header(["序号", "指标名称", "单位", "2025年实际"])
    cells = {}
    typed = [
        ("享受困难残疾人生活补贴人数", "人", 12034),
        ("符合条件的困难残疾人数", "人", 12034),
        ("享受重度残疾人护理补贴人数", "人", 15872),
        ("符合条件的重度残疾人数", "人", 16000),
        ("接受基本康复服务的残疾人数", "人", 21216),
        ("有康复需求的残疾人数", "人", 24000),
    ]
    rows = {}
    for number, (name, unit, value) in enumerate(typed, start=1):
        rows[name] = form.data([number, name, unit, value])
    formulas = [
        ("living_subsidy_coverage", "困难残疾人生活补贴覆盖率", "享受困难残疾人生活补贴人数", "符合条件的困难残疾人数"),
        ("nursing_subsidy_coverage", "重度残疾人护理补贴覆盖率", "享受重度残疾人护理补贴人数", "符合条件的重度残疾人数"),
        ("rehab_coverage", "符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率", "接受基本康复服务的残疾人数", "有康复需求的残疾人数"),
    ]
    number = len(typed)
    for indicator_id, name, numerator, denominator in formulas:
        number += 1
        row = form.data([number, name, "%", f"=ROUND(D{rows[numerator]}/D{rows[denominator]}*100,1)"], formats={4: "0.0"})
        cells[indicator_id] = form.ref(row, 4)
    for indicator_id in ("pension_insurance_rate", "assistive_device_rate"):
        number += 1
        _, name, unit, _t, _p, current = _row(indicator_id)
        cells[indicator_id] = form.ref(form.data([number, name, unit, current]), 4)
    form.widths(6, 48, 8, 14)
    return cells


_FORMULA_CHECKS = (("living_subsidy_coverage", 100.0), ("nursing_subsidy_coverage", 99.2), ("rehab_coverage", 88.4),
                   ("pension_insurance_rate", 93.6), ("assistive_device_rate", 86.1))


def formulas_without_results(folder: Path) -> tuple[Path, Expectation]:
    """Rates as formulas saved by a program that does not calculate (openpyxl): no cached results."""
    workbook, form = _new("主要指标", 4)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "2026年1月")
    form.blank()  # an empty row between the 填报 line and the header
    cells = _formula_table(form)
    form.note("说明：覆盖率由上方人数公式计算。")
    path = _save(workbook, folder, "12-formulas-uncached.xlsx")
    checks = tuple(Expect(i, v, cells[i]) for i, v in _FORMULA_CHECKS)
    return path, Expectation("xinzhou", 2025, checks, note="Excel shows the formulas' results (99.2 = 15872/16000)")


def formulas_stale_results_full_calc(folder: Path) -> tuple[Path, Expectation]:
    """Formulas whose saved results are placeholders (0, as xlsxwriter writes) and calcPr fullCalcOnLoad="1"."""
    workbook, form = _new("主要指标", 4)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "2026年1月")
    form.blank()  # an empty row between the 填报 line and the header
    cells = _formula_table(form)
    form.note("说明：本表由业务系统导出，打开时自动重算。")
    path = _save(workbook, folder, "13-formulas-full-calc.xlsx")

    def stale(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            return re.sub(rb"(<f>[^<]*</f>)<v\s*/>", rb"\1<v>0</v>", data)
        if name == "xl/workbook.xml":
            assert b'fullCalcOnLoad="1"' in data
        return data

    _rewrite_zip(path, stale)
    checks = tuple(Expect(i, v, cells[i]) for i, v in _FORMULA_CHECKS)
    return path, Expectation("xinzhou", 2025, checks, note="Excel recalculates on opening: the rates are 100 / 99.2 / 88.4, not the saved 0")


def qualified_text_values(folder: Path) -> tuple[Path, Expectation]:
    """Figures written the way reports word them: 85%以上, ≥85%, 不低于15%, 100%（应保尽保）, 约90%, 全覆盖."""
    workbook, form = _new("主要指标", 5)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "2025年12月")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "单位", "2025年完成情况", "备注"])
    written = [
        ("subsistence_allowance_inclusion", "符合条件的残疾人纳入最低生活保障比例", "%", "100%（应保尽保）", 100.0),
        ("pension_insurance_rate", "残疾人城乡居民基本养老保险参保率", "%", 93.6, 93.6),
        ("rehab_coverage", "符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率", "%", "85%以上", 85.0),
        ("assistive_device_rate", "符合条件且有需求的残疾儿童和持证残疾人辅助器具适配率", "%", "≥85%", 85.0),
        ("federation_staff_disabled_share", "县级及以上残联机关干部队伍中残疾人比例", "%", "不低于15%", 15.0),
        ("community_mental_rehab_coverage", "开展精神障碍社区康复服务的县（市、区）比例", "%", "约90%", 90.0),
        ("community_disabled_association_coverage", "村（社区）残疾人协会覆盖率", "%", "全覆盖", None),
    ]
    cells = {}
    for number, (indicator_id, name, unit, raw, _value) in enumerate(written, start=1):
        cells[indicator_id] = form.ref(form.data([number, name, unit, raw, None]), 4)
    form.note("说明：各县（市、区）数据正在核实，部分指标填报区间或描述。")
    form.widths(6, 48, 8, 18, 16)
    path = _save(workbook, folder, "14-qualified-text.xlsx")
    checks = tuple(Expect(i, v, cells[i], not_a_number=None if v is not None else "不是数值") for i, _n, _u, _r, v in written)
    # Issue 13: "全覆盖/基本全覆盖 are not numbers: say so in Chinese" — never read as 100.
    return path, Expectation("xinzhou", 2025, checks, note="85%以上/≥85%/不低于 → the bound; 约90% → about 90; 全覆盖 → not a number, said so")


def general_fraction_in_percent(folder: Path) -> tuple[Path, Expectation]:
    """One rate typed as 0.912 in General format among rates typed as 93.6: ambiguous, must be flagged."""
    workbook, form = _new("主要指标", 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "2025年12月")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "单位", "2025年目标", "2025年实际", "属性"])
    cells = {}
    for number, (indicator_id, name, unit, target, _previous, current) in enumerate(XINZHOU, start=1):
        value = 0.912 if indicator_id == "rehab_coverage" else current
        row = form.data([number, name, unit, target, value, ATTRIBUTE[indicator_id]], formats={5: "General"})
        cells[indicator_id] = form.ref(row, 5)
    form.widths(6, 48, 8, 20, 12, 10)
    path = _save(workbook, folder, "15-general-fraction.xlsx")
    checks = _checks(cells, ("nursing_subsidy_coverage", "pension_insurance_rate", "assistive_device_rate")) + (
        Expect("rehab_coverage", cell=cells["rehab_coverage"], flagged=True, raw=0.912),
    )
    return path, Expectation("xinzhou", 2025, checks, note="0.912 means 91.2% or a typo; it must be flagged, never judged as 0.912%")


TRADITIONAL = {
    "living_subsidy_coverage": "困難殘疾人生活補貼 覆蓋率",
    "nursing_subsidy_coverage": "重度殘疾人護理補貼覆蓋率（％）",
    "pension_insurance_rate": "殘疾人城鄉居民基本養老保險參保率 ",
    "medical_insurance_rate": "殘疾人城鄉居民基本醫療保險參保率（％）",
    "compulsory_education_enrolment": "殘疾兒童少年義務教育入學率",
    "rehab_coverage": "符合條件且有需求的殘疾兒童和持證殘疾人基本康復服務覆蓋率（％）",
    "assistive_device_rate": "符合條件且有需求的殘疾兒童和持證殘疾人輔助器具適配率（％）",
    "barrier_free_homes": "困難重度殘疾人家庭無障礙改造數（戶）",
}


def traditional_characters(folder: Path) -> tuple[Path, Expectation]:
    """Indicator names in traditional characters (pasted from a converted document), stray spaces, full-width brackets."""
    workbook, form = _new("主要指标", 5)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2025年12月31日")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "单位", "2025年实际", "备注"])
    cells = {}
    for number, (indicator_id, label) in enumerate(TRADITIONAL.items(), start=1):
        _, _name, unit, _t, _p, current = _row(indicator_id)
        cells[indicator_id] = form.ref(form.data([f"{number}．", label, unit, current, None]), 4)
    form.widths(6, 52, 8, 14, 10)
    path = _save(workbook, folder, "16-traditional.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells) + _checks(cells, ("barrier_free_homes",)),
                             note="殘疾人…覆蓋率 is 残疾人…覆盖率")


def other_area_workbook(folder: Path) -> tuple[Path, Expectation]:
    """A 重庆市江北区 submission checked against the 忻州市 plan: the names match, the area does not."""
    workbook, form = _new("主要指标", 6)
    form.title("重庆市江北区2025年残疾人事业发展主要指标完成情况表")
    form.line("填报单位：重庆市江北区残疾人联合会（盖章）", "填报日期：2026年1月9日")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "计量单位", "2025年目标", "2025年实际", "属性"])
    for number, (indicator_id, name, unit, _previous, current) in enumerate(JIANGBEI, start=1):
        form.data([number, name, unit, None, current, None])
    form.widths(6, 40, 10, 12, 12, 10)
    path = _save(workbook, folder, "17-jiangbei-as-xinzhou.xlsx")
    return path, Expectation(
        "xinzhou", None, refusal=("江北区", ("主要指标!A1", "主要指标!A2")),
        note="江北区's figures judged against 忻州市's targets would be meaningless",
    )


def year_outside_plan(folder: Path) -> tuple[Path, Expectation]:
    """A good 2025 workbook checked with --year 2030 against a 2021–2025 plan."""
    workbook, form = _new("主要指标", 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "2025年12月")
    form.blank()  # an empty row between the 填报 line and the header
    _plain_table(form)
    path = _save(workbook, folder, "18-year-2030.xlsx")
    return path, Expectation("xinzhou", None, args=("--year", "2030"), refusal=("2030", "2025"),
                             note="2030 lies outside the plan's 2021–2025 period and the workbook has no 2030 figures")


_WPS_CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
    "<vt:lpwstr>2052-12.1.0.16929</vt:lpwstr></property>"
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV">'
    "<vt:lpwstr>8E3B5A1C2F0D4E6B9A7C3D2E1F0A9B8C_12</vt:lpwstr></property></Properties>"
).encode()


def wps_style(folder: Path) -> tuple[Path, Expectation]:
    """As WPS 表格 saves: dimension A1, no column widths, WPS number formats ("0.0_ "), custom KSO properties."""
    workbook, form = _new("Sheet1", 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2025年12月29日")
    form.blank()  # an empty row between the 填报 line and the header
    cells = _plain_table(form)
    for row in form.ws.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.0_ "
    path = _save(workbook, folder, "19-wps.xlsx")

    def wps(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
            data = re.sub(rb"<cols>.*?</cols>", b"", data)
        if name == "[Content_Types].xml":
            data = data.replace(
                b"</Types>",
                b'<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
            )
        if name == "_rels/.rels":
            data = data.replace(
                b"</Relationships>",
                b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
            )
        if name == "docProps/app.xml":
            data = re.sub(rb"<Application>[^<]*</Application>", b"<Application>WPS \xe8\xa1\xa8\xe6\xa0\xbc</Application>", data)
        if name == "xl/styles.xml":
            # WPS writes cellStyles with names like "常规 2" and xfId values beyond cellStyleXfs.
            data = data.replace(b'<cellStyle name="Normal" xfId="0" builtinId="0"', "<cellStyle name=\"常规\" xfId=\"0\" builtinId=\"0\"".encode())
        return data

    _rewrite_zip(path, wps, extra={"docProps/custom.xml": _WPS_CUSTOM})
    return path, Expectation("xinzhou", 2025, _checks(cells), note="an ordinary table; only the file's make-up is WPS's")


def macro_enabled(folder: Path) -> tuple[Path, Expectation]:
    """A .xlsm (a 汇总 macro kept in the template): macro-enabled content type and a vbaProject part."""
    workbook, form = _new("主要指标", 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2025年12月30日")
    form.blank()  # an empty row between the 填报 line and the header
    cells = _plain_table(form)
    form.note("说明：请勿修改表格结构，点击“汇总”按钮自动生成汇总表。")
    path = _save(workbook, folder, "20-macro.xlsx")

    def xlsm(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            data = data.replace(
                b"</Relationships>",
                b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
            )
        return data

    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE header: the macro project is never read
    target = path.with_suffix(".xlsm")
    _rewrite_zip(path, xlsm, extra={"xl/vbaProject.bin": vba}, target=target)
    return target, Expectation("xinzhou", 2025, _checks(cells), note="an ordinary table in a macro-enabled file")


def column_codes_and_notes_under_header(folder: Path) -> tuple[Path, Expectation]:
    """A 统计报表 form: 栏次 row (甲 乙 丙 1 2) under the header, a 说明 row, then sections 一、二、."""
    workbook, form = _new("表1", 5)
    form.title("忻州市残疾人事业发展主要指标年报表")
    form.line("表号：忻残统1表    制定机关：忻州市残疾人联合会", "2025年")
    form.line("填报单位：忻州市残疾人联合会", "计量单位：%、人、户")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["指标名称", "计量单位", "代码", "2025年目标", "2025年实际"])
    form.data(["甲", "乙", "丙", 1, 2])
    form.note("（比率类指标保留一位小数；人数、户数填写当年新增数）")
    sections = {
        "vocational_training": "一、就业和社会保障", "rehab_coverage": "二、康复和教育", "barrier_free_homes": "三、无障碍环境",
    }
    order = ["vocational_training", "subsistence_allowance_inclusion", "living_subsidy_coverage", "nursing_subsidy_coverage",
             "pension_insurance_rate", "medical_insurance_rate", "rehab_coverage", "assistive_device_rate",
             "compulsory_education_enrolment", "barrier_free_homes"]
    cells = {}
    for code, indicator_id in enumerate(order, start=1):
        if indicator_id in sections:
            form.band(sections[indicator_id])
        _, name, unit, target, _previous, current = _row(indicator_id)
        cells[indicator_id] = form.ref(form.data([name, unit, f"{code:02d}", target, current]), 5)
    form.note("单位负责人：张志刚      统计负责人：赵丽      填表人：刘芳      报出日期：2026年1月16日")
    form.widths(48, 10, 6, 18, 12)
    path = _save(workbook, folder, "21-column-codes.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="栏次 and 说明 rows are no data; sections are no indicators")


def hidden_preliminary_column(folder: Path) -> tuple[Path, Expectation]:
    """A hidden 初报 column left of the visible 核定 column, both 2025."""
    workbook, form = _new("主要指标", 7)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2026年1月18日")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "单位", "2025年目标", "2025年完成值（初报）", "2025年完成值（核定）", "备注"])
    cells = {}
    for number, (indicator_id, name, unit, target, previous, current) in enumerate(XINZHOU, start=1):
        early = round(current - 1.3, 1) if unit == "%" and current < 100 else current
        row = form.data([number, name, unit, target, early, current, None])
        cells[indicator_id] = form.ref(row, 6)
    form.note("说明：核定数为市统计局、民政局比对后数据。")
    form.widths(6, 48, 8, 18, 14, 14, 10)
    form.ws.column_dimensions["E"].hidden = True
    path = _save(workbook, folder, "22-hidden-column.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="the visible 核定 column; the hidden 初报 column is superseded")


def numbering_under_merged_label(folder: Path) -> tuple[Path, Expectation]:
    """"指标名称" merged over a numbering column (1、2、…) and the name column; units in the label "（%）"."""
    workbook, form = _new("Sheet1", 5)
    form.title("忻州市“十四五”残疾人保障和发展规划主要指标2025年完成情况")
    form.line("填报单位：忻州市残疾人联合会", "2026年1月")
    form.blank()  # an empty row between the 填报 line and the header
    top = form.header(["指标名称", None, "目标值", "2025年", "属性"])
    form.merge(top, 1, top, 2)
    cells = {}
    for number, (indicator_id, name, unit, target, _previous, current) in enumerate(XINZHOU, start=1):
        row = form.data([f"{number}、", f"{name}（{unit}）", target, current, ATTRIBUTE[indicator_id]])
        cells[indicator_id] = form.ref(row, 4)
    form.note("注：目标值为规划确定的2025年目标。")
    form.widths(5, 50, 20, 10, 10)
    path = _save(workbook, folder, "23-numbering-column.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="the name is in column B; column A is numbering")


def instructions_sheet_with_example(folder: Path) -> tuple[Path, Expectation]:
    """A 填报说明 sheet first, with a 填报示例 table of made-up figures, then the real sheet."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = "填报说明"
    lines = [
        "填报说明",
        "一、本表由各级残联于次年1月20日前报送。",
        "二、比率类指标以百分数填报，保留一位小数，不带%号。",
        "三、填报示例（以下数据仅为示例，不代表实际情况）：",
    ]
    for row, text in enumerate(lines, start=1):
        guide.cell(row, 1, text).font = Font(bold=row == 1, size=14 if row == 1 else 11)
    guide.append([])
    guide.append(["指标名称", "单位", "2025年实际值"])
    example = [("困难残疾人生活补贴覆盖率", "%", 98.5), ("重度残疾人护理补贴覆盖率", "%", 97.0),
               ("残疾人城乡居民基本养老保险参保率", "%", 91.0)]
    for name, unit, value in example:
        guide.append([name, unit, value])
    guide.column_dimensions["A"].width = 40
    sheet = workbook.create_sheet("主要指标")
    form = Form(sheet, 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2026年1月19日")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "单位", "2025年目标", "2025年实际值", "属性"])
    cells = {}
    for number, (indicator_id, name, unit, target, _previous, current) in enumerate(XINZHOU, start=1):
        cells[indicator_id] = form.ref(form.data([number, name, unit, target, current, ATTRIBUTE[indicator_id]]), 5)
    form.widths(6, 48, 8, 20, 14, 10)
    workbook.active = 1
    path = _save(workbook, folder, "24-instructions-sheet.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="the 填报示例 figures are examples, not the district's")


def category_column_and_two_row_header(folder: Path) -> tuple[Path, Expectation]:
    """领域 merged down its rows; "2025年" merged over "目标值 | 实际值"."""
    workbook, form = _new("主要指标", 6)
    form.title("忻州市“十四五”残疾人保障和发展主要指标完成情况（2025年度）")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2026年1月6日")
    form.blank()  # an empty row between the 填报 line and the header
    top = form.header(["领域", "指标", "单位", "2025年", None, "属性"])
    second = form.header([None, None, None, "目标值", "实际值", None])
    for column in (1, 2, 3, 6):
        form.merge(top, column, second, column)
    form.merge(top, 4, top, 5)
    groups = [
        ("收入和就业", ["income_growth", "vocational_training"]),
        ("社会保障", ["subsistence_allowance_inclusion", "living_subsidy_coverage", "nursing_subsidy_coverage",
                  "pension_insurance_rate", "medical_insurance_rate"]),
        ("教育和康复", ["compulsory_education_enrolment", "rehab_coverage", "assistive_device_rate"]),
        ("无障碍", ["barrier_free_homes"]),
    ]
    cells = {}
    for area, ids in groups:
        first = None
        for indicator_id in ids:
            _, name, unit, target, _previous, current = _row(indicator_id)
            row = form.data([area if first is None else None, name, unit, target, current, ATTRIBUTE[indicator_id]])
            first = first or row
            cells[indicator_id] = form.ref(row, 5)
        if len(ids) > 1:
            form.merge(first, 1, form.row, 1)
    form.widths(12, 48, 8, 20, 10, 10)
    path = _save(workbook, folder, "25-category-column.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="实际值 under 2025年; 领域 is a grouping")


def one_sheet_per_year(folder: Path) -> tuple[Path, Expectation]:
    """Sheets "2024年" and "2025年", each with 指标 | 单位 | 实际值."""
    workbook = Workbook()
    cells = {}
    for index, year in enumerate((2024, 2025)):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = f"{year}年"
        form = Form(sheet, 4)
        form.title(f"{year}年忻州市残疾人事业发展主要指标完成情况")
        form.line("填报单位：忻州市残疾人联合会", None)
        form.header(["序号", "指标", "单位", "实际值"])
        for number, (indicator_id, name, unit, _target, previous, current) in enumerate(XINZHOU, start=1):
            row = form.data([number, name, unit, previous if year == 2024 else current])
            if year == 2025:
                cells[indicator_id] = form.ref(row, 4)
        form.widths(6, 48, 8, 12)
    workbook.active = 1
    path = _save(workbook, folder, "26-sheet-per-year.xlsx")
    checks = _checks(cells) + (Expect("vocational_training", values_by_year={2024: 820, 2025: 860}),)
    return path, Expectation("xinzhou", 2025, checks, note="the 2025年 sheet is the reporting year")


def text_numbers_and_percent_formats(folder: Path) -> tuple[Path, Expectation]:
    """青山区: numbers typed as text with units ("0.04万人", "1,205"), rates as percent-formatted fractions."""
    workbook, form = _new("主要指标", 5)
    form.title("包头市青山区2025年残疾人事业发展主要指标完成情况")
    form.line("填报单位：青山区残疾人联合会", "填报时间：2025年12月31日")
    form.blank()  # an empty row between the 填报 line and the header
    form.header(["序号", "指标名称", "单位", "本年完成", "备注"])
    rows = [
        ("vocational_training", "城乡残疾人职业技能培训人数", "人", "0.04万人", None, 400.0),
        ("subsistence_allowance_inclusion", "符合条件的残疾人纳入最低生活保障比例", "%", 1.0, "0%", 100.0),
        ("nursing_subsidy_coverage", "重度残疾人护理补贴覆盖率", "%", 0.992, "0.0%", 99.2),
        ("pension_insurance_rate", "残疾人基本养老保险参保率", "%", 0.936, "0.0%", 93.6),
        ("medical_insurance_rate", "残疾人基本医疗保险参保率", "%", "97.8%", None, 97.8),
        ("compulsory_education_enrolment", "残疾儿童少年义务教育入学率", "%", "98.1", None, 98.1),
    ]
    cells = {}
    for number, (indicator_id, name, unit, raw, fmt, _value) in enumerate(rows, start=1):
        row = form.data([number, name, unit, raw, None], formats={4: fmt} if fmt else {4: "@"})
        cells[indicator_id] = form.ref(row, 4)
    form.note("注：本年完成为2025年数据。")
    form.widths(6, 44, 8, 14, 10)
    path = _save(workbook, folder, "27-qingshan-text-numbers.xlsx")
    checks = tuple(Expect(i, v, cells[i]) for i, _n, _u, _r, _f, v in rows)
    return path, Expectation("qingshan", 2025, checks, note="0.04万人 = 400; 0.936 shown as 93.6% is 93.6")


def numbering_and_units_in_label(folder: Path) -> tuple[Path, Expectation]:
    """序号 as text "1、", units only in the label "（%）", no 单位 column, a "完成情况" column."""
    workbook, form = _new("Sheet1", 4)
    form.title("忻州市残疾人事业发展主要指标完成情况（2025年度）")
    form.line(None, "填报日期：2025年12月31日", right_column=3)
    form.blank()
    form.header(["序号", "指标", "完成情况", "备注"])
    cells = {}
    for number, (indicator_id, name, unit, _target, _previous, current) in enumerate(XINZHOU, start=1):
        cells[indicator_id] = form.ref(form.data([f"{number}、", f"{name}（{unit}）", current, None]), 3)
    form.note("备注：人数、户数为当年新增数。")
    form.widths(6, 52, 12, 12)
    path = _save(workbook, folder, "28-units-in-label.xlsx")
    checks = _checks(cells) + _checks(cells, ("barrier_free_homes",))
    return path, Expectation("xinzhou", 2025, checks, note="（%）and（户）in the label are units, 1、 is numbering")


def hidden_superseded_row(folder: Path) -> tuple[Path, Expectation]:
    """An old figure left in a hidden row above its corrected one (hidden rather than deleted)."""
    workbook, form = _new("主要指标", 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2025年12月31日")
    form.blank()
    form.header(["序号", "指标名称", "单位", "2025年目标", "2025年实际", "属性"])
    cells = {}
    for number, (indicator_id, name, unit, target, _previous, current) in enumerate(XINZHOU, start=1):
        if indicator_id == "nursing_subsidy_coverage":
            old = form.data([number, name, unit, target, 96.5, ATTRIBUTE[indicator_id]])
            form.ws.row_dimensions[old].hidden = True
        cells[indicator_id] = form.ref(form.data([number, name, unit, target, current, ATTRIBUTE[indicator_id]]), 5)
    form.note("说明：第5项经与民政部门比对后更正，原数据行已隐藏。")
    form.widths(6, 48, 8, 20, 12, 10)
    path = _save(workbook, folder, "29-hidden-row.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="the visible row is the corrected figure; the hidden one is superseded")


def completion_rate_column(folder: Path) -> tuple[Path, Expectation]:
    """目标值 | 完成值 | 完成率（%）: the completion ratio (value ÷ target) beside the value."""
    workbook, form = _new("主要指标", 7)
    form.title("忻州市“十四五”残疾人保障和发展规划主要指标2025年度监测表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2025年12月31日")
    form.blank()
    form.header(["序号", "指标名称", "单位", "2025年目标值", "2025年完成值", "完成率（%）", "属性"])
    cells = {}
    for number, (indicator_id, name, unit, target, _previous, current) in enumerate(XINZHOU, start=1):
        goal = re.sub(r"[^0-9.]", "", target.split("（")[0])
        ratio = round(current / float(goal) * 100, 1) if goal else None
        row = form.data([number, name, unit, target, current, ratio, ATTRIBUTE[indicator_id]])
        cells[indicator_id] = form.ref(row, 5)
    form.note("注：完成率=完成值/目标值×100%；无量化目标的指标不计算完成率。")
    form.widths(6, 48, 8, 20, 12, 12, 10)
    path = _save(workbook, folder, "30-completion-rate.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="完成率 is value ÷ target, not the indicator's figure")


def notes_naming_indicators(folder: Path) -> tuple[Path, Expectation]:
    """说明 lines under the table that name indicators (definitions, 口径), merged across the table."""
    workbook, form = _new("主要指标", 6)
    form.title("2025年忻州市残疾人事业发展主要指标完成情况表")
    form.line("填报单位：忻州市残疾人联合会", "填报日期：2025年12月31日")
    form.blank()
    cells = _plain_table(form, gdp=False)
    form.note("说明：1.困难残疾人生活补贴覆盖率=享受困难残疾人生活补贴人数/符合条件的困难残疾人数×100%。")
    form.note("2.重度残疾人护理补贴覆盖率统计口径为残疾等级一、二级且需长期照护的残疾人。")
    form.note("3.残疾人城乡居民基本养老保险参保率不含已享受职工养老保险待遇人员。")
    path = _save(workbook, folder, "31-notes-naming-indicators.xlsx")
    return path, Expectation("xinzhou", 2025, _checks(cells), note="the 说明 lines define indicators; they give no figures")


LAYOUTS: list[tuple[str, Builder]] = [
    ("prior_current_change", prior_and_current_year_columns),
    ("year_columns_yoy", year_columns_with_growth),
    ("same_period_last_year", same_period_last_year),
    ("two_tables_one_sheet", two_tables_one_sheet),
    ("yearbook_bilingual", yearbook_bilingual),
    ("note_above_county_column", note_above_one_county),
    ("year_only_in_title", year_only_in_title),
    ("counties_total_last", counties_total_last),
    ("counties_total_first", counties_total_first),
    ("counties_as_rows", counties_as_rows),
    ("strict_open_xml", strict_open_xml),
    ("formulas_uncached", formulas_without_results),
    ("formulas_full_calc_on_load", formulas_stale_results_full_calc),
    ("qualified_text_values", qualified_text_values),
    ("general_fraction_in_percent", general_fraction_in_percent),
    ("traditional_characters", traditional_characters),
    ("other_area_jiangbei", other_area_workbook),
    ("year_outside_plan", year_outside_plan),
    ("wps_style", wps_style),
    ("macro_enabled_xlsm", macro_enabled),
    ("column_codes_and_notes", column_codes_and_notes_under_header),
    ("hidden_preliminary_column", hidden_preliminary_column),
    ("numbering_under_merged_label", numbering_under_merged_label),
    ("instructions_sheet_example", instructions_sheet_with_example),
    ("category_and_two_row_header", category_column_and_two_row_header),
    ("sheet_per_year", one_sheet_per_year),
    ("qingshan_text_numbers", text_numbers_and_percent_formats),
    ("numbering_and_units_in_label", numbering_and_units_in_label),
    ("hidden_superseded_row", hidden_superseded_row),
    ("completion_rate_column", completion_rate_column),
    ("notes_naming_indicators", notes_naming_indicators),
]


def build_all(folder: Path) -> list[tuple[str, Path, Expectation]]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [(name, *builder(folder)) for name, builder in LAYOUTS]
