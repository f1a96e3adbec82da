"""Where a sheet's figures stand: its indicator tables, their headers and columns, the lines around them.

workbook.py hands each Sheet to `read_sheet`, which finds every table on it and reads one
Observation per figure. What a careful reader of a 残联 workbook knows, written down:

- a header row names an indicator column (指标/项目/名称) and at least one value column; one row
  above or below it may add to each column ("2025年" merged over 目标值 | 实际值, bare years under
  "2021-2025年完成情况", county names under "县（市、区）"); a bilingual header ("项目 Item") is
  read by its Chinese part;
- a sheet may hold several tables, each under a header row of its own;
- titles, 填报单位/填报日期 lines, "单位：%" and "数据截至：…" notes, 说明 lines and section bands
  are not headers and not rows; a date is not the reporting year, a title's year is;
- 上年/去年/上年同期 columns are the year before the title's year, 本年/本期 columns the title's
  year; 增减/增幅/同比/完成率 columns are never values, nor are target columns;
- a column (or, in a transposed table, a row) per sub-unit gives that unit's figures; a 合计/全市
  column or row gives the area's own figure (unit None, `total`);
- hidden columns give way to visible ones; two visible columns for the same figures are both read
  (the check refuses them where they differ, naming both cells);
- tables under a 填报示例 line, and sheets named 填报说明/示例, hold examples, not data;
- formulas without a saved result, or whose result Excel recalculates on opening, are computed
  where they are plain arithmetic on cells (formulas.py) and otherwise refused by workbook.py.

Nothing here knows a plan; sub-unit names may be passed in to recognise a lone unit column.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from checker.names import fold, simplified, trailing_unit
from checker.reading.workbook import Observation, Table

if TYPE_CHECKING:
    from checker.reading.sheets import Sheet

HEADER_SEARCH_ROWS = 30  # the first table's header stands within a sheet's first rows
MAX_BAND_TEXT = 20  # a header row's cell is short; a longer text is an indicator's name, i.e. data
MAX_HEADER_TEXT = 24  # no column title is longer (folded, without its English twin): a longer text is a data row's
MAX_LABEL_HEADER = 12  # "指标名称", "项目 Item", "指标（单位）": the indicator column's title is shorter still
MIN_UNIT_ROWS = 3  # rows named like areas (县/区/街道 …) that make a transposed table, without a known name

YEAR = re.compile(r"(?<![\d—\-–~至])(20\d\d)(?!\s*[—\-–~至]\s*20\d\d)(?!\d)")
# A date, in the text of a title line or a 填报 line: its year is when the form was filled in.
_DATE = re.compile(r"(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2})")
# Lines about the form, not column titles: "填报单位（盖章）：…", "填报日期：…", "单位：%、人", "数据截至：…".
_FORM_LINE = re.compile(
    r"^(?:填报|填表|报送|报出|上报|制表|审核|审批|批准|数据截[至止]|统计截[至止]|截[至止]|计量单位|金额单位|单位|表号|"
    r"制定机关|制表机关|批准机关|批准文号|文号|有效期|联系电话|电话|联系人|负责人|单位负责人|统计负责人|填表人|审核人|"
    r"制表人|日期|时间)[^:]{0,8}:"
)
# Notes under (or inside) a table: "说明：1.…", "注：…", "备注：…", "资料来源：…", "Note: …".
_NOTE_LINE = re.compile(r"^(?:注|注释|注意|说明|备注|附注|填表说明|填报说明|资料来源|数据来源|note|notes|source)(?:\d|[:.、])", re.I)
_EXAMPLE_WORDS = ("示例", "样例", "范例", "样表", "例表")
# Sheets that explain the form: named so outright ("填报说明", "说明"), or holding an example ("填报示例").
_INSTRUCTION_SHEETS = {"说明", "填报说明", "填表说明", "编制说明", "指标说明", "指标解释", "填报要求", "填报须知", "使用说明", "readme"}
_INSTRUCTION_SHEET_WORDS = ("示例", "样表", "样例", "范例")
# An English twin after the Chinese text: "项目 Item", "单位 Unit", "…完成情况 Implementation (2021-2025)".
_ENGLISH_TWIN = re.compile(r"(?<=[^\x00-\x7f])\s*[A-Za-z][\x00-\x7f]*$", re.S)
_NUMBERING_ONLY = re.compile(r"^\s*[（(]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[a-zA-Z])\s*[)）]?\s*[、.．:：)）]?\s*$")

_LABEL_WORDS = ("指标", "项目", "名称", "内容")
_ID_HEADERS = {"id", "代码", "编码", "编号", "指标代码", "指标编码", "指标id", "indicator", "indicatorid"}
# Columns that are never an indicator's figure: changes on a year before, shares of a target.
_CHANGE_WORDS = ("增减", "增幅", "同比", "环比", "比上年", "比去年", "较上年", "较去年", "增长", "变化", "变动", "完成率",
                 "完成比例", "完成进度", "进度", "差额", "差距", "百分点")
_TARGET_WORDS = ("目标", "规划", "计划", "要求", "标准", "预期值", "任务")
# Columns of words about the row, whatever else their title says ("完成情况说明", "数据来源"): never values.
_NEVER_VALUE_WORDS = ("序号", "属性", "类别", "分类", "领域", "备注", "说明", "来源", "责任", "牵头")
_IGNORED_WORDS = (*_NEVER_VALUE_WORDS, "单位")
_PREVIOUS_YEAR_WORDS = ("上年", "去年", "上一年", "上期")
_CURRENT_YEAR_WORDS = ("本年", "今年", "本期", "当年", "当期")
_ACTUAL_WORDS = ("实际", "完成", "实现", "监测", "统计")
_GENERIC_VALUE_WORDS = ("数值", "现值", "指标值", "数据", "数量", "结果", "值", "情况")
_UNIT_HEADERS = ("单位", "计量单位", "计算单位", "unit")
CUMULATIVE_WORD = "累计"
# Names of administrative areas as headers write them: 忻府区, 原平市, 代县, 观音桥街道, 阿拉善左旗.
_AREA = re.compile(r"^(?!各|全|其中|合计|总计)[\u4e00-\u9fff]{1,10}?(?:自治县|自治旗|街道|新区|市|区|县|旗|镇|乡|苏木)$")
# The area's own total: 合计, 总计, 全市, 全市合计, 忻州市合计 (小计 is a part, not the whole).
_TOTAL = re.compile(r"(?:全[市区县旗州盟省镇乡]|[\u4e00-\u9fff]{0,8}?[市区县旗])?(?:合计|总计|汇总)|全[市区县旗州盟省镇乡]|全街道")
# A group title over unit columns: "县（市、区）", "其中：各县（市、区）", "各街道".
_UNIT_GROUP = re.compile(r"^(?:其中:?)?各?(?:县|市|区|旗|乡|镇|街道|乡镇)(?:\(|$)")


def single_year(text: str) -> int | None:
    years = set(YEAR.findall(str(text)))
    return int(years.pop()) if len(years) == 1 else None


def is_form_line(text: str) -> bool:
    """A 填报/单位/数据截至 line or a 说明/注 note: never a row, never the reporting year."""
    folded = fold(text)
    return bool(_FORM_LINE.match(folded) or _NOTE_LINE.match(folded))


def clean_text(value: Any) -> str:
    """A cell's text as the checker compares it: the Chinese part of a bilingual text, simplified, trimmed."""
    if value is None:
        return ""
    text = str(value).strip()
    if text and not text.isascii():
        text = _ENGLISH_TWIN.sub("", text).strip()
    return simplified(text)


def unit_text(value: Any) -> str:
    """A unit column's entry as values.py reads units: "(万人)", "万人 10,000 persons", "户 Household" → 万人, 户."""
    text = fold(clean_text(value)).strip("()（）")
    match = re.match(r"[^\x00-\x1f\sA-Za-z0-9,]+", text)
    return match.group(0).strip("()（）") if match else text


def is_total_name(text: str) -> bool:
    return bool(_TOTAL.fullmatch(fold(text)))


def is_area_name(text: str) -> bool:
    folded = fold(text)
    return bool(_AREA.match(folded)) and not is_total_name(folded)


@dataclass
class Column:
    index: int
    text: str  # the header texts of the column, folded and joined top to bottom
    role: str  # label, id, unit, value, cumulative, target, ignored, unknown
    year: int | None = None
    explicit: bool = False  # the header says "actual" (实际/完成/本年 …) in so many words
    offset: int | None = None  # -1: 上年/去年, 0: 本年/本期 (a year relative to the title's)
    subunit: str | None = None  # a sub-unit's name as the header writes it
    total: bool = False  # a 合计/全市 column: the area's own figure
    hidden: bool = False


@dataclass
class SheetReading:
    """What one sheet gives: its tables, their figures, the year its title names, cells left uncomputed."""

    tables: list[Table] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    title_years: set[int] = field(default_factory=set)
    units: list[str] = field(default_factory=list)
    uncomputed: list[str] = field(default_factory=list)  # formula cells with no usable result, "Sheet!D11"
    first_header_row: int | None = None


def role_of(text: str) -> tuple[str, bool, int | None]:
    """What a header text says its column holds: (role, says "actual" explicitly, relative year)."""
    if not text:
        return "unknown", False, None
    if text.lower() in _ID_HEADERS:
        return "id", False, None
    if any(word in text for word in _CHANGE_WORDS):
        return "ignored", False, None
    if any(word in text for word in _TARGET_WORDS):
        return "target", False, None
    if any(word in text for word in _NEVER_VALUE_WORDS):
        return "ignored", False, None
    if CUMULATIVE_WORD in text:
        return "cumulative", True, None
    if any(word in text for word in _PREVIOUS_YEAR_WORDS):
        return "value", True, -1
    if any(word in text for word in _CURRENT_YEAR_WORDS):
        return "value", True, 0
    if any(word in text for word in _ACTUAL_WORDS):
        return "value", True, None
    if text in _UNIT_HEADERS:
        return "unit", False, None
    if any(word in text for word in _IGNORED_WORDS):
        return "ignored", False, None
    if any(word in text for word in _LABEL_WORDS) and not text.endswith("值"):
        return "label", False, None
    if single_year(text) or any(word in text for word in _GENERIC_VALUE_WORDS):
        return "value", False, None
    return "unknown", False, None


class _Grid:
    """The sheet's cells by row, read once; header texts cleaned once."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.rows: dict[int, dict[int, tuple]] = {}
        for (row, column), cell in sheet.cells.items():
            self.rows.setdefault(row, {})[column] = cell
        self.max_row = sheet.max_row
        self.max_column = sheet.max_column
        self._heads: dict[int, dict[int, str]] = {}

    def value(self, row: int, column: int) -> Any:
        found = self.rows.get(row, {}).get(column)
        return found[0] if found else None

    def heads(self, row: int) -> dict[int, str]:
        """Each non-empty cell of a row as a header text: cleaned and folded; numbers as their digits."""
        found = self._heads.get(row)
        if found is None:
            found = {}
            for column, (value, _format) in self.rows.get(row, {}).items():
                if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
                    continue
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                text = fold(clean_text(value))
                if text:
                    found[column] = text
            self._heads[row] = found
        return found

    def could_be_header(self, row: int, short: bool = True) -> bool:
        """Column titles: two different texts at least, no figure but a year, no 填报/单位/数据截至 line; all
        short, unless `short` is False (a transposed table's columns are named by whole indicator names)."""
        cells = self.rows.get(row)
        if not cells:
            return False
        texts = set()
        for value, _format in cells.values():
            if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
                return False
            if isinstance(value, (int, float)):
                if not (float(value).is_integer() and 2000 <= value <= 2100):
                    return False
            elif _FORM_LINE.match(fold(str(value))):
                return False  # a 填报/单位/数据截至 line; "备注：检查结果" may head a column
            texts.add(str(value).strip())
        if len(texts) < 2:
            return False
        return not (short and any(len(text) > MAX_HEADER_TEXT for text in self.heads(row).values()))

    def separates(self, row: int) -> bool:
        """An empty row, or one text alone (a section band "二、其他指标" or a title merged across)."""
        cells = self.rows.get(row)
        return not cells or len({str(value).strip() for value, _format in cells.values()}) < 2

    def is_band(self, row: int, known: frozenset[str]) -> bool:
        """A row that adds to the header: every text a column title, a year, a unit's name or a total."""
        if row < 1 or not self.could_be_header(row):
            return False
        for text in self.heads(row).values():
            if len(text) > MAX_BAND_TEXT:
                return False
            if role_of(text)[0] != "unknown" or single_year(text) or is_total_name(text):
                continue
            if text in known or is_area_name(text) or _UNIT_GROUP.match(text):
                continue
            return False
        return True


def is_instructions_sheet(title: str) -> bool:
    """填报说明, 填表说明, 填报示例 …: a sheet that explains the form; its tables are examples."""
    folded = fold(title).lower()
    return folded in _INSTRUCTION_SHEETS or any(word in folded for word in _INSTRUCTION_SHEET_WORDS)


def read_sheet(sheet: Sheet, subunits: Iterable[str] = ()) -> SheetReading | None:
    """Every table of one sheet and its figures; None when the sheet holds no indicator table."""
    grid = _Grid(sheet)
    known = frozenset(fold(name) for name in subunits)
    reading = SheetReading()
    header = _find_header(grid, 1, min(grid.max_row, HEADER_SEARCH_ROWS) + 1, known)
    if header is None:
        return _read_transposed(grid, known)
    reading.first_header_row = header[0][0]
    title_year = _title_year(grid, header[0][0])
    sheet_year = single_year(sheet.title)
    reading.title_years = {sheet_year} if sheet_year else ({title_year} if title_year else set())
    year_of_sheet = sheet_year or title_year
    previous_end = 1
    while header is not None:
        rows, columns = header
        following = _find_header(grid, rows[-1] + 1, grid.max_row + 1, known)
        end = following[0][0] if following else grid.max_row + 1
        if not _example_above(grid, previous_end, rows[0]):
            _read_table(grid, _Span(rows, columns, end), (year_of_sheet, sheet_year), reading, known)
        previous_end = end
        header = following
    if not reading.tables:
        return None
    return reading


# --- headers ----------------------------------------------------------------------------------------------------------


def _find_header(grid: _Grid, start: int, stop: int, known: frozenset[str]) -> tuple[list[int], list[Column]] | None:
    """The first row from `start` that names an indicator column and a value column, with its bands."""
    for row in range(start, stop):
        if not grid.could_be_header(row):
            continue
        if not any(role_of(text)[0] in ("label", "id") and len(text) <= MAX_LABEL_HEADER for text in grid.heads(row).values()):
            continue
        if start > 1 and not grid.separates(row - 1):
            continue  # a later table's header stands apart from the rows above it (a blank row, a band, a title)
        rows = [row]
        if row - 1 >= start and grid.is_band(row - 1, known):
            rows.insert(0, row - 1)
        if grid.is_band(row + 1, known):
            rows.append(row + 1)
        columns = _columns(grid, rows, known)
        if any(c.role in ("value", "cumulative") for c in columns):
            return rows, columns
    return None


def _columns(grid: _Grid, rows: list[int], known: frozenset[str]) -> list[Column]:
    hidden_columns = getattr(grid.sheet, "hidden_columns", None) or set()
    columns = []
    for index in range(1, grid.max_column + 1):
        parts: list[str] = []
        written = ""
        for row in rows:
            part = grid.heads(row).get(index, "")
            if part and part not in parts:
                parts.append(part)
                written = clean_text(grid.value(row, index))
        text = "".join(parts)
        role, explicit, offset = role_of(text)
        column = Column(index, text, role, single_year(text), explicit, offset, hidden=index in hidden_columns)
        if parts:
            above = role_of("".join(parts[:-1]))[0] if len(parts) > 1 else "unknown"
            if any(is_total_name(part) for part in parts) and above not in ("target", "ignored", "unit", "label"):
                column.role, column.total = "value", True
            elif (parts[-1] in known or is_area_name(parts[-1])) and above not in ("target", "ignored", "unit", "label"):
                column.role, column.subunit = "value", written
                column.explicit, column.offset = role_of("".join(parts[:-1]))[1:] if len(parts) > 1 else (False, None)
        columns.append(column)
    # A lone column named like an area (青山区 …) is no set of units: only known names or two or more count.
    shaped = [c for c in columns if c.subunit is not None and fold(c.subunit) not in known]
    if len(shaped) + sum(1 for c in columns if c.subunit and fold(c.subunit) in known) < 2:
        for column in shaped:
            column.role, column.subunit = "unknown", None
    return columns


def _title_year(grid: _Grid, header_row: int) -> int | None:
    """The year the lines above the table name: a title's "2025年" or "（2025年）", never a date or a 填报 line."""
    years: set[int] = set()
    for row in range(1, header_row):
        for value, _format in grid.rows.get(row, {}).values():
            if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)) or isinstance(value, bool):
                continue
            if isinstance(value, (int, float)):
                if float(value).is_integer() and 2000 <= value <= 2100:
                    years.add(int(value))
                continue
            text = str(value)
            if is_form_line(text):
                continue
            years |= {int(y) for y in YEAR.findall(_DATE.sub("", text))}
    return years.pop() if len(years) == 1 else None


def _example_above(grid: _Grid, start: int, header_row: int) -> bool:
    """A 填报示例 line between the previous table (or the sheet's top) and this header: an example table."""
    for row in range(max(start, header_row - 6), header_row):
        for value, _format in grid.rows.get(row, {}).values():
            if isinstance(value, str) and any(word in value for word in _EXAMPLE_WORDS):
                return True
    return False


# --- tables -----------------------------------------------------------------------------------------------------------


def _choose_value_columns(columns: list[Column], title_year: int | None) -> list[Column]:
    """One column per (year, kind, unit): hidden ones give way to visible ones, bare years to "实际".

    Two visible columns for the same figures are both kept, never one picked: where their figures
    differ, the check refuses naming both cells (evaluate.py, "given twice with different values")."""
    candidates = [c for c in columns if c.role in ("value", "cumulative")]
    has_undated_actual = any(c.explicit and c.year is None and c.role == "value" and c.offset != -1 and c.subunit is None for c in candidates)
    kept = []
    for column in candidates:
        if has_undated_actual and column.year is not None and not column.explicit:
            continue  # a bare "2025年" beside "实际值": the plan's target for 2025
        if column.year is None and column.offset is not None:
            if title_year is not None:
                column.year = title_year + column.offset
            elif column.offset != 0:
                continue  # 上年 with no year to count from: left unread rather than guessed
        kept.append(column)
    slots: dict[tuple, list[Column]] = {}
    for column in kept:
        slots.setdefault((column.year, column.role, column.subunit, column.total), []).append(column)
    chosen = []
    for group in slots.values():
        visible = [c for c in group if not c.hidden] or group
        chosen += [c for c in visible if c.explicit] or visible
    return sorted(chosen, key=lambda c: c.index)


def _unit_names_column(grid: _Grid, columns: list[Column], first_row: int, end: int, known: frozenset[str],
                       label_column: Column | None) -> Column | None:
    """A column of unit names beside the indicator column ("县（市、区）": 忻府区, 原平市 … 合计), one row per
    indicator and unit; None when there is none. Every text in it is a unit's name or a total, and two
    units at least are named (or one the plan knows)."""
    for column in columns:
        if column.role != "unknown" or column is label_column or column.subunit or column.total:
            continue
        units, other = set(), False
        for row in range(first_row, end):
            value = grid.value(row, column.index)
            if value is None:
                continue
            text = clean_text(value) if isinstance(value, str) else ""
            if text and (fold(text) in known or is_area_name(text)):
                units.add(fold(text))
            elif not (text and is_total_name(text)):
                other = True
                break
        if not other and (len(units) >= 2 or units & known):
            return column
    return None


def _label_column(grid: _Grid, columns: list[Column], first_row: int, end: int) -> Column | None:
    """The indicator column; where "指标名称" is merged over a numbering column, the column with the names."""
    labels = [c for c in columns if c.role == "label"]
    if len(labels) <= 1:
        return labels[0] if labels else None

    def names(column: Column) -> int:
        count = 0
        for row in range(first_row, min(end, first_row + 60)):
            value = grid.value(row, column.index)
            if isinstance(value, str) and len(value.strip()) >= 2 and not _NUMBERING_ONLY.match(value):
                count += 1
        return count

    return max(labels, key=lambda c: (names(c), -c.index))


def _merged_line(cells: dict[int, tuple], label_index: int, columns: list[Column]) -> bool:
    """A note or a section band merged across the table: the label cell's own object fills the value cells."""
    label = cells.get(label_index)
    return label is not None and any(cells.get(c.index) is label for c in columns)


@dataclass(frozen=True)
class _Span:
    """One table of a sheet: its header rows, what its columns hold, and the row where it ends."""

    rows: list[int]
    columns: list[Column]
    end: int


def _read_table(grid: _Grid, span: _Span, years: tuple[int | None, int | None], reading: SheetReading,
                known: frozenset[str] = frozenset()) -> None:
    """`years`: the year the sheet's title or name gives its undated columns, and the year its name alone gives."""
    from checker.reading.formulas import Stale
    from checker.reading.sheets import get_column_letter

    rows, columns, end = span.rows, span.columns, span.end
    title_year, sheet_year = years
    sheet = grid.sheet
    first_row = rows[-1] + 1
    label_column = _label_column(grid, columns, first_row, end)
    id_column = next((c for c in columns if c.role == "id"), None)
    unit_column = next((c for c in columns if c.role == "unit"), None)
    value_columns = _choose_value_columns(columns, title_year)
    if not value_columns or (label_column is None and id_column is None):
        return
    stale = Stale(sheet)
    for column in value_columns:
        if column.subunit and column.subunit not in reading.units:
            reading.units.append(column.subunit)
    placed = [(column, get_column_letter(column.index), column.year or sheet_year) for column in value_columns]
    names_column = _unit_names_column(grid, columns, first_row, end, known, label_column)
    previous_label = ""
    for row in range(first_row, end):
        cells = grid.rows.get(row)
        if not cells:
            continue
        raw_label = cells.get(label_column.index, (None,))[0] if label_column else None
        if isinstance(raw_label, (int, float)):
            continue
        label = clean_text(raw_label)
        key = clean_text(cells.get(id_column.index, (None,))[0]) if id_column else ""
        row_unit, row_total = None, False
        if names_column is not None:
            # One row per indicator and unit (指标 | 县（市、区） | 2021年 | 2022年 …): the unit's name is in its own
            # column, and an indicator's name written once stands for the rows of its units below it.
            name = clean_text(cells.get(names_column.index, (None,))[0])
            if name and is_total_name(name):
                row_total = True
            elif name:
                row_unit = name
                if name not in reading.units:
                    reading.units.append(name)
            if not label and not key and (row_unit or row_total):
                label = previous_label
            previous_label = label or previous_label
        if not label and not key:
            continue
        if (label and is_form_line(label)) or (label_column and _merged_line(cells, label_column.index, value_columns)):
            continue
        unit_hint = (unit_text(cells.get(unit_column.index, (None,))[0]) if unit_column else "") or trailing_unit(label)
        cumulative_row = CUMULATIVE_WORD in label
        hidden_row = sheet.hidden or row in sheet.hidden_rows
        for column, letter, year in placed:
            raw, number_format = cells.get(column.index, (None, "General"))
            raw, formula = stale.result(row, column.index, raw, reading.uncomputed)
            reading.observations.append(
                Observation(
                    label=label or key,
                    raw=raw,
                    sheet=sheet.title,
                    cell=f"{letter}{row}",
                    row=row,
                    year=year,
                    number_format=number_format,
                    unit_hint=unit_hint or None,
                    key=key or None,
                    cumulative=column.role == "cumulative" or cumulative_row,
                    hidden=hidden_row or column.hidden,
                    unit=column.subunit or row_unit,
                    total=column.total or row_total,
                    formula=formula,
                )
            )
    reading.tables.append(
        Table(
            sheet=sheet.title,
            header_row=rows[0],
            label_column=get_column_letter((label_column or id_column).index),
            value_columns=tuple(get_column_letter(c.index) for c in value_columns),
        )
    )


# --- transposed tables: one row per sub-unit, one column per indicator -------------------------------------------------


def _read_transposed(grid: _Grid, known: frozenset[str]) -> SheetReading | None:
    """A table whose rows are units (忻府区, 原平市 …) and a 合计 row, its columns indicators."""
    from checker.reading.formulas import Stale
    from checker.reading.sheets import get_column_letter

    found = _unit_rows(grid, known)
    if found is None:
        return None
    unit_index, unit_rows, header_row = found
    sheet = grid.sheet
    reading = SheetReading(first_header_row=header_row)
    title_year = _title_year(grid, header_row)
    sheet_year = single_year(sheet.title)
    reading.title_years = {sheet_year} if sheet_year else ({title_year} if title_year else set())
    hidden_columns = getattr(sheet, "hidden_columns", None) or set()
    band = _transposed_band(grid, header_row, unit_index)
    indicators = []
    for index, value in sorted(grid.rows.get(header_row, {}).items()):
        raw = value[0]
        if index == unit_index or isinstance(raw, bool):
            continue
        if isinstance(raw, (int, float)):
            if not (band and float(raw).is_integer() and 2000 <= raw <= 2100):
                continue  # a number heads no indicator; a bare year does, under a band naming the indicator
            raw = int(raw)
        label = clean_text(raw)
        if not label:
            continue
        label, column_year = _with_band(label, band.get(index, ""))
        role = role_of(fold(label))[0]
        if role in ("ignored", "id", "target", "unit", "label"):
            continue
        indicators.append((index, label, column_year))
    if not indicators:
        return None
    stale = Stale(sheet)
    for row, name, total in unit_rows:
        if not total and name not in reading.units:
            reading.units.append(name)
        for index, label, column_year in indicators:
            raw, number_format = grid.rows.get(row, {}).get(index, (None, "General"))
            raw, formula = stale.result(row, index, raw, reading.uncomputed)
            reading.observations.append(
                Observation(
                    label=label,
                    raw=raw,
                    sheet=sheet.title,
                    cell=f"{get_column_letter(index)}{row}",
                    row=row,
                    year=column_year or single_year(fold(label)) or sheet_year,
                    number_format=number_format,
                    unit_hint=trailing_unit(label),
                    cumulative=CUMULATIVE_WORD in label,
                    hidden=sheet.hidden or row in sheet.hidden_rows or index in hidden_columns,
                    unit=None if total else name,
                    total=total,
                    formula=formula,
                )
            )
    reading.tables.append(
        Table(sheet.title, header_row, get_column_letter(unit_index), tuple(get_column_letter(i) for i, _label, _year in indicators))
    )
    return reading


def _transposed_band(grid: _Grid, header_row: int, unit_index: int) -> dict[int, str]:
    """The row above a transposed table's header that adds to its columns: indicator names merged over
    year columns (覆盖率 over 2021年 | 2022年 | 2023年), or years merged over indicator columns; {} if none.

    A band gives two or more different texts, or names what a header of bare years leaves out; a title or
    a 填报 line (one text, across the unit column too) is none."""
    row = header_row - 1
    cells = grid.rows.get(row) or {}
    unit_cell = cells.get(unit_index)
    found: dict[int, str] = {}
    for index, cell in cells.items():
        if index == unit_index or isinstance(cell[0], bool) or isinstance(cell[0], (datetime.date, datetime.time, datetime.timedelta)):
            continue
        if unit_cell is not None and cell is unit_cell:
            return {}  # merged across the unit column as well: a title
        text = clean_text(int(cell[0]) if isinstance(cell[0], float) and cell[0].is_integer() else cell[0])
        if text and is_form_line(text):
            return {}
        if text:
            found[index] = text
    if not found:
        return {}
    header = grid.heads(header_row)
    bare_years = all(_year_part(text) for index, text in header.items() if index != unit_index)
    return found if len(set(found.values())) >= 2 or bare_years else {}


def _year_part(text: str) -> int | None:
    """The year a short header text names on its own ("2021年", "2021", "2021年实际"), else None."""
    folded = fold(str(text))
    return single_year(folded) if len(folded) <= 8 else None


def _with_band(label: str, band: str) -> tuple[str, int | None]:
    """A transposed column's indicator and year from its header and the band above: the year part is the
    year, the other part the indicator ("残疾人城乡居民基本养老保险参保率（%）" over "2022年")."""
    if not band:
        return label, None
    if _year_part(label) and not _year_part(band):
        return band, _year_part(label)
    if _year_part(band) and not _year_part(label):
        return label, _year_part(band)
    return band + label, None


def _unit_rows(grid: _Grid, known: frozenset[str]) -> tuple[int, list[tuple[int, str, bool]], int] | None:
    """(unit column, [(row, unit name, is the total)], header row) of the first column that lists units."""
    for index in range(1, min(grid.max_column, 6) + 1):
        listed: list[tuple[int, str, bool]] = []
        for row in range(1, grid.max_row + 1):
            value = grid.value(row, index)
            text = clean_text(value) if isinstance(value, str) else ""
            if text and (fold(text) in known or is_area_name(text)):
                listed.append((row, text, False))
            elif text and is_total_name(text):
                listed.append((row, text, True))
            elif listed and (text or row in grid.rows):
                if _enough_units(listed, known):
                    break
                listed = []
        if not _enough_units(listed, known):
            continue
        header_row = next((r for r in range(listed[0][0] - 1, 0, -1) if r in grid.rows), None)
        if header_row is None or len(grid.heads(header_row)) < 3 or not grid.could_be_header(header_row, short=False):
            continue
        return index, listed, header_row
    return None


def _enough_units(listed: list[tuple[int, str, bool]], known: frozenset[str]) -> bool:
    units = [name for _row, name, total in listed if not total]
    return len(units) >= MIN_UNIT_ROWS or (len(units) >= 2 and all(fold(name) in known for name in units))
