"""Workbook → observations: find indicator tables on any sheet and read every value with its cell.

The reader knows nothing about plans: it reports what the workbook says (label, raw cell, year,
where it stands). Matching labels to indicators and judging values happen in evaluate.py.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.cells import CellRef
from checker.errors import CheckerError
from checker.names import fold, trailing_unit
from checker.reading.titles import Text, sheet_texts

# The parsers (checker.reading.sheets, openpyxl) are imported where a workbook is read: evaluate.py and the
# report formats need Observation, and `checker show` or `checker render` must not pay for openpyxl.
if TYPE_CHECKING:
    from checker.reading.sheets import Sheet as _Sheet

HEADER_SEARCH_ROWS = 30
LISTED_CELLS = 10

_YEAR = re.compile(r"(?<![\d—\-–~至])(20\d\d)(?!\s*[—\-–~至]\s*20\d\d)(?!\d)")
_LABEL_WORDS = ("指标", "项目", "名称", "内容")
_ID_HEADERS = {"id", "代码", "编码", "编号", "指标代码", "指标编码", "指标id", "indicator", "indicatorid"}
_TARGET_WORDS = ("目标", "规划", "计划", "要求", "标准", "预期值", "任务")
_IGNORED_WORDS = ("序号", "属性", "类别", "分类", "领域", "备注", "说明", "来源", "责任", "牵头", "单位")
_ACTUAL_WORDS = ("实际", "完成", "实现", "本年", "当年", "本期", "监测", "统计")
_GENERIC_VALUE_WORDS = ("数值", "现值", "指标值", "数据", "数量", "结果", "值", "情况")
_CUMULATIVE_WORD = "累计"


@dataclass(frozen=True)
class Observation:
    """One figure the workbook gives: the row's label and the raw content of one value cell."""

    label: str
    raw: Any
    sheet: str
    cell: str
    row: int
    year: int | None
    number_format: str = "General"
    unit_hint: str | None = None
    key: str | None = None  # text of an id/code column, when the table has one
    cumulative: bool = False
    hidden: bool = False
    # Sub-units (issue 14): the sub-unit a figure belongs to, as written (a county column or row); None is
    # the area's own figure (its 合计/全市 column or row, or a sheet without units). `total` marks a figure
    # from such a total column or row; a sheet with units and no total gives only unit figures.
    unit: str | None = None
    total: bool = False

    @property
    def ref(self) -> CellRef:
        return CellRef(self.sheet, self.cell)

    @property
    def location(self) -> str:
        return str(self.ref)


@dataclass(frozen=True)
class Table:
    sheet: str
    header_row: int
    label_column: str
    value_columns: tuple[str, ...]


@dataclass(frozen=True)
class WorkbookData:
    file: str
    observations: tuple[Observation, ...]
    tables: tuple[Table, ...]
    context_year: int | None = None
    units: tuple[str, ...] = ()  # sub-unit names in workbook order, as written (issue 14)
    texts: tuple[Text, ...] = ()  # title lines, 填报单位 lines and sheet names (reading/titles.py)

    @property
    def years(self) -> list[int]:
        return sorted({o.year for o in self.observations if o.year is not None})


@dataclass
class _Column:
    index: int
    text: str
    role: str  # label, id, unit, value, cumulative, ignored
    year: int | None = None
    explicit: bool = False  # the header says "actual" in so many words


def read_workbook(path: str | Path) -> WorkbookData:
    from checker.reading.sheets import load_sheets

    path = Path(path)
    with warnings.catch_warnings():
        # openpyxl warns on stderr about parts the checker never uses (data validation, missing styles …).
        warnings.simplefilter("ignore")
        sheets = list(load_sheets(path))
    observations: list[Observation] = []
    tables: list[Table] = []
    title_years: set[int] = set()
    uncached: list[str] = []
    texts: list[Text] = []
    for sheet in sheets:
        found = _read_sheet(sheet)
        texts += sheet_texts(sheet, found[0].header_row if found else None)
        if found is None:
            continue
        table, sheet_observations, years_in_title = found
        tables.append(table)
        observations.extend(sheet_observations)
        title_years |= years_in_title
        uncached += _uncached_formulas_in(sheet, table)
    if uncached:
        shown = ", ".join(uncached[:LISTED_CELLS]) + (f" and {len(uncached) - LISTED_CELLS} more" if len(uncached) > LISTED_CELLS else "")
        raise CheckerError(
            f"{shown}: formulas without saved results (the file was written by a program that does not calculate); "
            "open it in Excel or WPS and save it once, then check again",
            file=str(path),
        )
    context_year = title_years.pop() if len(title_years) == 1 else None
    return WorkbookData(str(path), tuple(observations), tuple(tables), context_year, texts=tuple(texts))


def _uncached_formulas_in(sheet: _Sheet, table: Table) -> list[str]:
    """Formula cells of the table with no saved result: never read as missing, so the check must stop."""
    from checker.reading.sheets import column_index_from_string

    from checker.reading.sheets import cell_name

    columns = {column_index_from_string(letter) for letter in (table.label_column, *table.value_columns)}
    return [
        cell_name(sheet.title, row, column)
        for row, column in sorted(sheet.uncached_formulas)
        if column in columns and row > table.header_row
    ]


def _read_sheet(sheet: _Sheet) -> tuple[Table, list[Observation], set[int]] | None:
    from checker.reading.sheets import get_column_letter

    header = _find_header(sheet)
    if header is None:
        return None
    header_rows, columns = header
    label_column = next((c for c in columns if c.role == "label"), None)
    id_column = next((c for c in columns if c.role == "id"), None)
    unit_column = next((c for c in columns if c.role == "unit"), None)
    value_columns = _choose_value_columns(columns)
    if not value_columns or (label_column is None and id_column is None):
        return None
    title_years = _years_in_titles(sheet, header_rows[0])
    sheet_year = _single_year(sheet.title)
    observations = []
    for row in range(header_rows[-1] + 1, sheet.max_row + 1):
        label = sheet.text(row, label_column.index) if label_column else ""
        key = sheet.text(row, id_column.index) if id_column else ""
        if not label and not key:
            continue
        if label_column and isinstance(sheet.value(row, label_column.index), (int, float)):
            continue
        unit_hint = (sheet.text(row, unit_column.index) if unit_column else "") or trailing_unit(label)
        for column in value_columns:
            found = sheet.cells.get((row, column.index))
            raw, number_format = found if found else (None, "General")
            observations.append(
                Observation(
                    label=label or key,
                    raw=raw,
                    sheet=sheet.title,
                    cell=f"{get_column_letter(column.index)}{row}",
                    row=row,
                    year=column.year or sheet_year,
                    number_format=number_format,
                    unit_hint=unit_hint or None,
                    key=key or None,
                    cumulative=column.role == "cumulative" or "累计" in label,
                    hidden=sheet.hidden or row in sheet.hidden_rows,
                )
            )
    table = Table(
        sheet=sheet.title,
        header_row=header_rows[0],
        label_column=get_column_letter((label_column or id_column).index),
        value_columns=tuple(get_column_letter(c.index) for c in value_columns),
    )
    return table, observations, title_years if sheet_year is None else {sheet_year}


def _find_header(sheet: _Sheet) -> tuple[list[int], list[_Column]] | None:
    """The first row that names an indicator column and a value column; one row above or below may add to it."""
    for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
        texts = {c: fold(sheet.text(row, c)) for c in range(1, sheet.max_column + 1)}
        if not any(_role(t)[0] in ("label", "id") for t in texts.values()):
            continue
        rows = [row]
        if row > 1 and _is_header_band(sheet, row - 1):
            rows.insert(0, row - 1)
        if _is_header_band(sheet, row + 1):
            rows.append(row + 1)
        columns = []
        for column in range(1, sheet.max_column + 1):
            parts: list[str] = []
            for header_row in rows:
                part = fold(sheet.text(header_row, column))
                if part and part not in parts:
                    parts.append(part)
            text = "".join(parts)
            role, explicit = _role(text)
            columns.append(_Column(column, text, role, _single_year(text), explicit))
        if any(c.role in ("value", "cumulative") for c in columns):
            return rows, columns
    return None


def _is_header_band(sheet: _Sheet, row: int) -> bool:
    """A row of column titles (e.g. "目标值 | 实际值" under a merged "2023年"), not data and not a title line."""
    values = [sheet.value(row, c) for c in range(1, sheet.max_column + 1)]
    present = [v for v in values if v is not None]
    if len(set(map(str, present))) < 2:
        return False
    for value in present:
        if isinstance(value, (int, float)) and not (isinstance(value, int) and 2000 <= value <= 2100):
            return False
    return all(_role(fold(str(v)))[0] != "unknown" or _single_year(str(v)) for v in present)


def _role(text: str) -> tuple[str, bool]:
    """What a header cell says its column holds, and whether it says "actual" explicitly."""
    lowered = text.lower()
    if not text:
        return "unknown", False
    if lowered in _ID_HEADERS:
        return "id", False
    if any(word in text for word in _TARGET_WORDS):
        return "target", False
    if _CUMULATIVE_WORD in text:
        return "cumulative", True
    if any(word in text for word in _ACTUAL_WORDS):
        return "value", True
    if text in ("单位", "计量单位", "计算单位", "unit"):
        return "unit", False
    if any(word in text for word in _IGNORED_WORDS):
        return "ignored", False
    if any(word in text for word in _LABEL_WORDS) and not text.endswith("值"):
        return "label", False
    if _single_year(text) or any(word in text for word in _GENERIC_VALUE_WORDS):
        return "value", False
    return "unknown", False


def _choose_value_columns(columns: list[_Column]) -> list[_Column]:
    """One column per year (and one without a year); a bare "2025年" beside "实际值" is the plan's target."""
    candidates = [c for c in columns if c.role in ("value", "cumulative")]
    has_undated_actual = any(c.explicit and c.year is None and c.role == "value" for c in candidates)
    chosen: dict[tuple[int | None, str], _Column] = {}
    for column in candidates:
        if has_undated_actual and column.year is not None and not column.explicit:
            continue
        slot = (column.year, column.role)
        current = chosen.get(slot)
        if current is None or (column.explicit and not current.explicit):
            chosen[slot] = column
    return sorted(chosen.values(), key=lambda c: c.index)


def _years_in_titles(sheet: _Sheet, header_row: int) -> set[int]:
    years: set[int] = set()
    for row in range(1, header_row):
        for column in range(1, sheet.max_column + 1):
            years |= {int(y) for y in _YEAR.findall(sheet.text(row, column))}
    return years


def _single_year(text: str) -> int | None:
    years = set(_YEAR.findall(str(text)))
    return int(years.pop()) if len(years) == 1 else None
