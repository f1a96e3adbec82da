"""Workbook file → sheets of cells: every supported format read into one structure, within limits.

.xlsx/.xlsm are read by xlsx.py (the C expat parser over each part, once; cached formula results,
macros never loaded), .xls with xlrd, .csv with the standard library. Whatever the format,
workbook.py receives the same `Sheet`: values as openpyxl would give them with their Excel number
format, so a percent-formatted 0.86 is still read as 86%.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from pyexpat import ExpatError
from typing import Any, Iterable, Iterator

from checker.errors import CheckerError
from checker.reading.guard import ENCRYPTED, ENCRYPTED_ZH, SAVE_AS_XLSX, SAVE_AS_XLSX_ZH, inspect

MAX_ROWS = 200_000
MAX_COLUMNS = 256
MAX_CELLS = 1_000_000  # <c> elements in a sheet, and cells once merged ranges are filled in (~300 bytes each)
MAX_MERGED_RANGES = 50_000
MAX_TEXT_LENGTH = 32_767  # Excel's own limit for one cell; longer text was not written by Excel or WPS

# What a damaged file makes the parsers raise; anything else is our bug and reaches cli.py as such.
DAMAGED = (
    zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, KeyError, IndexError, ValueError, TypeError,
    AttributeError, LookupError, OverflowError, SyntaxError, NotImplementedError, AssertionError, ExpatError,
)


@dataclass
class Sheet:
    title: str
    hidden: bool
    cells: dict[tuple[int, int], tuple[Any, str]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    max_row: int = 0
    max_column: int = 0
    # Formula cells saved by a program that does not calculate (no cached result): (row, column).
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    # Columns the workbook hides (<col hidden="1">, an .xls column's hidden flag), 1-based.
    hidden_columns: set[int] = field(default_factory=set)
    # Every formula cell's formula as saved, without "=" ("" where a shared formula's text stands in its first cell).
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # The workbook asks to recalculate every formula on opening (calcPr fullCalcOnLoad): saved results may be stale.
    full_calc_on_load: bool = False

    def value(self, row: int, column: int) -> Any:
        found = self.cells.get((row, column))
        return found[0] if found else None

    def text(self, row: int, column: int) -> str:
        value = self.value(row, column)
        return "" if value is None else str(value).strip()

    def put(self, row: int, column: int, value: Any, number_format: str, file: str) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        if isinstance(value, str) and len(value) > MAX_TEXT_LENGTH:
            raise CheckerError(
                f"text of {len(value):,} characters, more than a cell can hold in Excel ({MAX_TEXT_LENGTH:,})",
                zh=f"文字长达 {len(value):,} 个字符，超过 Excel 单元格的容量（{MAX_TEXT_LENGTH:,}）",
                file=file, location=cell_name(self.title, row, column),
            )
        if len(self.cells) >= MAX_CELLS:
            raise too_many_cells(file, self.title)
        self.cells[(row, column)] = (value, number_format or "General")
        self.max_row = max(self.max_row, row)
        self.max_column = max(self.max_column, column)


# --- cell references, as openpyxl.utils.cell writes and reads them (importing openpyxl costs a check 70 ms) ---

_LETTERS = " ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LETTER_VALUES = {letter: value for value, letter in enumerate(_LETTERS) if value}
_RANGE = re.compile(r"^[$]?(?P<min_col>[A-Za-z]{1,3})?[$]?(?P<min_row>\d+)?(:[$]?(?P<max_col>[A-Za-z]{1,3})?[$]?(?P<max_row>\d+)?)?$")
_column_letters: dict[int, str] = {}
_column_indexes: dict[str, int] = {}


def get_column_letter(index: int) -> str:
    """1 → "A", 28 → "AB" (columns 1 to 18,278, "ZZZ")."""
    found = _column_letters.get(index)
    if found is None:
        if not 1 <= index <= 18278:
            raise ValueError(f"Invalid column index {index}")
        letters, rest = "", index
        while rest:
            rest, remainder = divmod(rest - 1, 26)
            letters = _LETTERS[remainder + 1] + letters
        found = _column_letters[index] = letters
    return found


def column_index_from_string(letters: str) -> int:
    """"AB" (or "ab") → 28; ValueError beyond "ZZZ" or for anything but letters."""
    found = _column_indexes.get(letters)
    if found is None:
        index = 0
        if len(letters) <= 3:
            for letter in letters.upper():
                value = _LETTER_VALUES.get(letter)
                if value is None:
                    index = 0
                    break
                index = index * 26 + value
        if not 0 < index < 18279:
            raise ValueError(f"'{letters}' is not a valid column name. Column names are from A to ZZZ")
        found = _column_indexes[letters] = index
    return found


def range_boundaries(reference: str) -> tuple[int | None, int | None, int | None, int | None]:
    """"B2:D5" → (2, 2, 4, 5): min column, min row, max column, max row; whole rows or columns give None."""
    match = _RANGE.match(reference)
    if not match:
        raise ValueError(f"{reference} is not a valid coordinate or range")
    min_col, min_row, separator, max_col, max_row = match.groups()
    if separator:
        columns, rows = (min_col, max_col), (min_row, max_row)
        if not (all(columns + rows) or (all(columns) and not any(rows)) or (all(rows) and not any(columns))):
            raise ValueError(f"{reference} is not a valid coordinate or range")
    min_col = column_index_from_string(min_col) if min_col is not None else None
    min_row = int(min_row) if min_row is not None else None
    max_col = column_index_from_string(max_col) if max_col is not None else min_col
    max_row = int(max_row) if max_row is not None else min_row
    return min_col, min_row, max_col, max_row


def cell_name(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


def load_sheets(path: str | Path) -> Iterator[Sheet]:
    """Every sheet of the workbook at `path`, hidden ones too; CheckerError for what cannot be read."""
    path = Path(path)
    kind = inspect(path)
    reader = {"xlsx": _xlsx_sheets, "xls": _xls_sheets, "csv": _csv_sheets}[kind]
    yield from reader(path, str(path))


def damaged(error: Exception, file: str, kind: str = "xlsx") -> CheckerError:
    causes = [error]
    while (causes[-1].__cause__ or causes[-1].__context__) and len(causes) < 10:
        causes.append(causes[-1].__cause__ or causes[-1].__context__)
    if any(type(cause).__name__ in ("ForbiddenXML", "EntitiesForbidden", "ExternalReferenceForbidden", "DTDForbidden") for cause in causes):
        return CheckerError(
            "refused: the workbook's XML declares entities or external references (an 'XML bomb' such as "
            "billion laughs can exhaust memory); Excel and WPS never write them",
            zh="拒绝读取：工作簿的 XML 声明了实体或外部引用（“XML 炸弹”如 billion laughs 会耗尽内存）；Excel 和 WPS 从不这样写",
            file=file,
        )
    if isinstance(error, PermissionError):
        return CheckerError("permission denied: the file cannot be read", zh="没有权限：无法读取该文件", file=file)
    detail = " ".join(str(causes[-1]).split()) or type(causes[-1]).__name__
    return CheckerError(f"not a readable .{kind} workbook: the file is damaged ({detail}); {SAVE_AS_XLSX}",
                        zh=f"不是可读取的 .{kind} 工作簿：文件已损坏（{detail}）；{SAVE_AS_XLSX_ZH}", file=file)


def _xlsx_sheets(path: Path, file: str) -> Iterator[Sheet]:
    from checker.reading.xlsx import read_xlsx  # imported here so that `checker --help` stays fast

    yield from read_xlsx(path, file)


def too_many_cells(file: str, sheet: str) -> CheckerError:
    return CheckerError(
        f"more than {MAX_CELLS:,} cells (formatted empty ones and merged ranges included); an indicator table is never that large",
        zh=f"超过 {MAX_CELLS:,} 个单元格（含设置了格式的空单元格和合并区域）；指标表从不会这么大",
        file=file, location=sheet,
    )


def fill_merged(sheet: Sheet, merged: Iterable[tuple], file: str) -> None:
    """A merged range stores its value in the top-left cell only; people read it across the range.

    Ranges are clipped to the cells the sheet really uses, so a hostile A1:XFD1048576 costs nothing.
    """
    for min_col, min_row, max_col, max_row in merged:
        top_left = sheet.cells.get((min_row, min_col))
        if top_left is None:
            continue
        for row in range(min_row, min(max_row, sheet.max_row) + 1):
            for column in range(min_col, min(max_col, sheet.max_column) + 1):
                sheet.cells.setdefault((row, column), top_left)
            if len(sheet.cells) > MAX_CELLS:
                raise too_many_cells(file, sheet.title)


def _xls_sheets(path: Path, file: str) -> Iterator[Sheet]:
    """Excel 97–2003 workbooks, with number formats, merged cells, hidden rows and sheets (xlrd)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, logfile=io.StringIO())
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise CheckerError(ENCRYPTED, zh=ENCRYPTED_ZH, file=file) from None
        raise damaged(error, file, "xls") from None
    except Exception as error:  # xlrd's record parser fails on damaged bytes in any of a dozen ways
        raise damaged(error, file, "xls") from None
    for source in book.sheets():
        sheet = Sheet(source.name, hidden=source.visibility != 0)
        for row in range(min(source.nrows, MAX_ROWS)):
            for column in range(min(source.row_len(row), MAX_COLUMNS)):
                cell = source.cell(row, column)
                sheet.put(row + 1, column + 1, _xls_value(cell, book, xlrd), _xls_format(cell, book), file)
        sheet.hidden_rows = {row + 1 for row, info in source.rowinfo_map.items() if info.hidden}
        sheet.hidden_columns = {column + 1 for column, info in source.colinfo_map.items() if info.hidden and column < MAX_COLUMNS}
        # xlrd ranges are zero-based and end-exclusive.
        fill_merged(sheet, [(clo + 1, rlo + 1, chi, rhi) for rlo, rhi, clo, chi in source.merged_cells], file)
        yield sheet


def _xls_format(cell: Any, book: Any) -> str:
    try:
        return book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    except (IndexError, KeyError, TypeError):
        return "General"  # a damaged style table: the value itself is still right


def _xls_value(cell: Any, book: Any, xlrd: Any) -> Any:
    """The value as openpyxl would give it for the same cell of an .xlsx."""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value
    return None


def _csv_sheets(path: Path, file: str) -> Iterator[Sheet]:
    """A comma-separated table as one sheet named after the file; cells stay text exactly as written."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as not_utf8:
        try:
            text = data.decode("gb18030")  # what Excel and WPS on Chinese Windows write
        except UnicodeDecodeError:
            raise CheckerError(
                f"neither UTF-8 text (byte {not_utf8.start:,} is not) nor GBK text: save the table again as CSV UTF-8 or as .xlsx",
                zh=f"既不是 UTF-8 文本（第 {not_utf8.start:,} 字节不是）也不是 GBK 文本：请重新另存为 CSV UTF-8 或 .xlsx",
                file=file,
            ) from None
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet(path.stem, hidden=False)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row_number, row in enumerate(reader, start=1):
            if row_number > MAX_ROWS and any(v.strip() for v in row):
                raise CheckerError(f"more than {MAX_ROWS:,} rows; an indicator table is never that long",
                                   zh=f"超过 {MAX_ROWS:,} 行；指标表从不会这么长", file=file)
            for column_number, value in enumerate(row, start=1):
                if column_number > MAX_COLUMNS and value.strip():
                    raise CheckerError(
                        f"more than {MAX_COLUMNS} columns; an indicator table is never that wide",
                        zh=f"超过 {MAX_COLUMNS} 列；指标表从不会这么宽",
                        file=file, location=f"line {reader.line_num}",
                    )
                sheet.put(row_number, column_number, value, "General", file)
    except csv.Error as error:
        raise CheckerError(f"not a readable CSV table ({error})", zh=f"不是可读取的 CSV 表格（{error}）",
                           file=file, location=f"line {reader.line_num}") from None
    yield sheet
