"""Workbook → observations: find indicator tables on any sheet and read every value with its cell.

The reader knows nothing about plans: it reports what the workbook says (label, raw cell, year,
where it stands). Matching labels to indicators and judging values happen in evaluate.py.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from xml.etree.ElementTree import iterparse

from openpyxl.utils.cell import get_column_letter, range_boundaries

from checker.errors import CheckerError
from checker.names import fold, trailing_unit

MAX_ROWS = 200_000
MAX_COLUMNS = 256
HEADER_SEARCH_ROWS = 30

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

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}"


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


@dataclass
class _Sheet:
    title: str
    hidden: bool
    cells: dict[tuple[int, int], tuple[Any, str]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    max_row: int = 0
    max_column: int = 0

    def value(self, row: int, column: int) -> Any:
        found = self.cells.get((row, column))
        return found[0] if found else None

    def text(self, row: int, column: int) -> str:
        value = self.value(row, column)
        return "" if value is None else str(value).strip()


def read_workbook(path: str | Path) -> WorkbookData:
    path = Path(path)
    sheets = list(_load_sheets(path))
    observations: list[Observation] = []
    tables: list[Table] = []
    title_years: set[int] = set()
    for sheet in sheets:
        found = _read_sheet(sheet)
        if found is None:
            continue
        table, sheet_observations, years_in_title = found
        tables.append(table)
        observations.extend(sheet_observations)
        title_years |= years_in_title
    context_year = title_years.pop() if len(title_years) == 1 else None
    return WorkbookData(str(path), tuple(observations), tuple(tables), context_year)


def _load_sheets(path: Path) -> Iterator[_Sheet]:
    import openpyxl  # imported here so that `checker --help` stays fast

    if not path.exists():
        raise CheckerError("file not found", file=str(path))
    if path.is_dir():
        raise CheckerError("is a folder, expected an .xlsx workbook", file=str(path))
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except PermissionError:
        raise CheckerError("permission denied: the file cannot be read", file=str(path)) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise CheckerError(
            f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); save it from Excel or WPS as .xlsx",
            file=str(path),
        ) from None
    try:
        for worksheet in workbook.worksheets:
            yield _read_cells(worksheet, str(path))
    finally:
        workbook.close()


def _read_cells(worksheet: Any, file: str) -> _Sheet:
    sheet = _Sheet(worksheet.title, hidden=getattr(worksheet, "sheet_state", "visible") != "visible")
    if not hasattr(worksheet, "reset_dimensions"):
        return sheet  # chart sheets hold no cells
    # WPS sometimes records the dimension as A1:A1; forget it so every cell is read.
    worksheet.reset_dimensions()
    for row_number, row in enumerate(worksheet.iter_rows(), start=1):
        if row_number > MAX_ROWS:
            raise CheckerError(
                f"more than {MAX_ROWS:,} rows; an indicator table is never that long", file=file, location=sheet.title
            )
        for column_number, cell in enumerate(row[:MAX_COLUMNS], start=1):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            sheet.cells[(row_number, column_number)] = (value, getattr(cell, "number_format", "General") or "General")
            sheet.max_row = max(sheet.max_row, row_number)
            sheet.max_column = max(sheet.max_column, column_number)
    merged, sheet.hidden_rows = _sheet_layout(worksheet)
    _fill_merged(sheet, merged)
    return sheet


def _sheet_layout(worksheet: Any) -> tuple[list[str], set[int]]:
    """Merged ranges and hidden rows, which openpyxl's streaming mode does not report."""
    archive = getattr(worksheet.parent, "_archive", None)
    sheet_path = getattr(worksheet, "_worksheet_path", None)
    if archive is None or sheet_path is None:
        return [], set()
    merged: list[str] = []
    hidden_rows: set[int] = set()
    with archive.open(sheet_path) as stream:
        for _event, element in iterparse(stream, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "row":
                if element.get("hidden") in ("1", "true") and element.get("r", "").isdigit():
                    hidden_rows.add(int(element.get("r")))
                element.clear()
            elif tag == "mergeCell" and element.get("ref"):
                merged.append(element.get("ref"))
    return merged, hidden_rows


def _fill_merged(sheet: _Sheet, merged: list[str]) -> None:
    """A merged range stores its value in the top-left cell only; people read it across the range."""
    for reference in merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(reference)
        except (ValueError, TypeError):
            continue
        top_left = sheet.cells.get((min_row, min_col))
        if top_left is None:
            continue
        max_row, max_col = min(max_row, min_row + 500), min(max_col, MAX_COLUMNS)
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                sheet.cells.setdefault((row, column), top_left)


def _read_sheet(sheet: _Sheet) -> tuple[Table, list[Observation], set[int]] | None:
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
