"""Workbook file → sheets of cells: every supported format read into one structure, within limits.

.xlsx/.xlsm are read with openpyxl (streaming, cached formula results, never running macros) plus
one pass of our own over each sheet's XML for what streaming mode does not report: merged ranges,
hidden rows and formulas saved without a result. .xls is read with xlrd, .csv with the standard
library. Whatever the format, workbook.py receives the same `Sheet`: values with their Excel number
format, so a percent-formatted 0.86 is still read as 86%.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries

from checker.errors import CheckerError
from checker.reading.guard import ENCRYPTED, SAVE_AS_XLSX, inspect

MAX_ROWS = 200_000
MAX_COLUMNS = 256
MAX_CELLS = 1_000_000  # <c> elements in a sheet, and cells once merged ranges are filled in (~300 bytes each)
MAX_MERGED_RANGES = 50_000
MAX_TEXT_LENGTH = 32_767  # Excel's own limit for one cell; longer text was not written by Excel or WPS

# What a damaged file makes the parsers raise; anything else is our bug and reaches cli.py as such.
_DAMAGED = (
    zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, KeyError, IndexError, ValueError, TypeError,
    AttributeError, LookupError, OverflowError, SyntaxError, NotImplementedError, AssertionError,
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
                file=file, location=cell_name(self.title, row, column),
            )
        if len(self.cells) >= MAX_CELLS:
            raise _too_many_cells(file, self.title)
        self.cells[(row, column)] = (value, number_format or "General")
        self.max_row = max(self.max_row, row)
        self.max_column = max(self.max_column, column)


def cell_name(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


def load_sheets(path: str | Path) -> Iterator[Sheet]:
    """Every sheet of the workbook at `path`, hidden ones too; CheckerError for what cannot be read."""
    path = Path(path)
    kind = inspect(path)
    reader = {"xlsx": _xlsx_sheets, "xls": _xls_sheets, "csv": _csv_sheets}[kind]
    yield from reader(path, str(path))


def _damaged(error: Exception, file: str, kind: str = "xlsx") -> CheckerError:
    causes = [error]
    while (causes[-1].__cause__ or causes[-1].__context__) and len(causes) < 10:  # openpyxl re-raises as ValueError
        causes.append(causes[-1].__cause__ or causes[-1].__context__)
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        return CheckerError(
            "refused: the workbook's XML declares entities or external references (an 'XML bomb' such as "
            "billion laughs can exhaust memory); Excel and WPS never write them",
            file=file,
        )
    if isinstance(error, PermissionError):
        return CheckerError("permission denied: the file cannot be read", file=file)
    detail = " ".join(str(causes[-1]).split()) or type(causes[-1]).__name__
    return CheckerError(f"not a readable .{kind} workbook: the file is damaged ({detail}); {SAVE_AS_XLSX}", file=file)


def _xlsx_sheets(path: Path, file: str) -> Iterator[Sheet]:
    import openpyxl  # imported here so that `checker --help` stays fast

    # A handle, not the path: openpyxl judges a path by its extension, and an .xlsx renamed .xls is still an .xlsx.
    with open(path, "rb") as handle:
        try:
            # keep_vba stays False: the macros of an .xlsm are neither loaded nor run; only cell values are read.
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except _DAMAGED as error:
            raise _damaged(error, file) from None
        try:
            for worksheet in workbook.worksheets:
                yield _read_xlsx_sheet(worksheet, file)
        finally:
            workbook.close()


def _read_xlsx_sheet(worksheet: Any, file: str) -> Sheet:
    sheet = Sheet(worksheet.title, hidden=worksheet.sheet_state != "visible")
    try:
        with worksheet.parent._archive.open(worksheet._worksheet_path) as stream:
            layout = _scan_sheet_xml(stream, sheet.title, file)
    except _DAMAGED as error:
        raise _damaged(error, file) from None
    sheet.hidden_rows, sheet.uncached_formulas = layout.hidden_rows, layout.uncached_formulas
    if not layout.last_row:
        return sheet
    # Explicit bounds: the <dimension> a file claims (WPS writes A1:A1, a hostile file A1:XFD1048576) is never used.
    rows = worksheet.iter_rows(min_row=1, min_col=1, max_row=layout.last_row, max_col=layout.last_column)
    for row_number, row in enumerate(_guarded(rows, file), start=1):
        for column_number, cell in enumerate(row, start=1):
            sheet.put(row_number, column_number, cell.value, getattr(cell, "number_format", "General"), file)
    _fill_merged(sheet, layout.merged, file)
    return sheet


def _guarded(rows: Iterable, file: str) -> Iterator:
    """openpyxl parses lazily: a damaged part shows only while rows are read."""
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except _DAMAGED as error:
            raise _damaged(error, file) from None
        yield row


@dataclass
class _Layout:
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    hidden_rows: set[int] = field(default_factory=set)
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    cells: int = 0
    last_row: int = 0
    last_column: int = 0


def _scan_sheet_xml(stream, title: str, file: str) -> _Layout:
    """One streaming pass (entities forbidden) for merged ranges, hidden rows, uncached formulas and the true extent.

    Every <row>, <c> and <mergeCell> counts against a limit, empty or not, so that no flood of
    elements can make the pass long or its results large.
    """
    layout = _Layout()
    row_number = column_number = rows = 0
    sheet_data = None
    for event, element in iterparse(stream, events=("start", "end")):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "sheetData":
                sheet_data = element
            elif tag == "row":
                rows += 1
                if rows > MAX_ROWS:
                    raise CheckerError(f"more than {MAX_ROWS:,} rows; an indicator table is never that long", file=file, location=title)
                reference = element.get("r", "")
                row_number = int(reference) if reference.isdigit() else row_number + 1
                column_number = 0
                if element.get("hidden") in ("1", "true"):
                    layout.hidden_rows.add(row_number)
            continue
        if tag == "c":
            reference = element.get("r")
            column_number = coordinate_to_tuple(reference)[1] if reference else column_number + 1
            _scan_cell(element, row_number, column_number, layout, title, file)
        elif tag == "row" and sheet_data is not None:
            sheet_data.clear()  # finished rows are not kept: memory stays flat however long the sheet
        elif tag == "mergeCell" and element.get("ref"):
            if len(layout.merged) >= MAX_MERGED_RANGES:
                raise CheckerError(f"more than {MAX_MERGED_RANGES:,} merged ranges", file=file, location=title)
            layout.merged.append(range_boundaries(element.get("ref")))
    return layout


def _scan_cell(element, row: int, column: int, layout: _Layout, title: str, file: str) -> None:
    layout.cells += 1
    if layout.cells > MAX_CELLS:
        raise _too_many_cells(file, title)
    children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
    formula, value = children.get("f"), children.get("v")
    has_value = (value is not None and bool(value.text)) or "is" in children
    if formula is None and not has_value:
        return  # a formatted but empty cell
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise CheckerError(
            f"a cell beyond the limits the checker reads ({MAX_ROWS:,} rows, {MAX_COLUMNS} columns, i.e. up to "
            f"column {get_column_letter(MAX_COLUMNS)}); an indicator table is never that large: delete what stands there",
            file=file, location=cell_name(title, row, column),
        )
    # A formula returning "" is saved as t="str" with an empty <v>; any other formula without <v> text has no result.
    if formula is not None and not has_value and not (value is not None and element.get("t") == "str"):
        layout.uncached_formulas.add((row, column))
    layout.last_row = max(layout.last_row, row)
    layout.last_column = max(layout.last_column, column)


def _too_many_cells(file: str, sheet: str) -> CheckerError:
    return CheckerError(
        f"more than {MAX_CELLS:,} cells (formatted empty ones and merged ranges included); an indicator table is never that large",
        file=file, location=sheet,
    )


def _fill_merged(sheet: Sheet, merged: Iterable[tuple[int, int, int, int]], file: str) -> None:
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
                raise _too_many_cells(file, sheet.title)


def _xls_sheets(path: Path, file: str) -> Iterator[Sheet]:
    """Excel 97–2003 workbooks, with number formats, merged cells, hidden rows and sheets (xlrd)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, logfile=io.StringIO())
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise CheckerError(ENCRYPTED, file=file) from None
        raise _damaged(error, file, "xls") from None
    except Exception as error:  # xlrd's record parser fails on damaged bytes in any of a dozen ways
        raise _damaged(error, file, "xls") from None
    for source in book.sheets():
        sheet = Sheet(source.name, hidden=source.visibility != 0)
        for row in range(min(source.nrows, MAX_ROWS)):
            for column in range(min(source.row_len(row), MAX_COLUMNS)):
                cell = source.cell(row, column)
                sheet.put(row + 1, column + 1, _xls_value(cell, book, xlrd), _xls_format(cell, book), file)
        sheet.hidden_rows = {row + 1 for row, info in source.rowinfo_map.items() if info.hidden}
        # xlrd ranges are zero-based and end-exclusive.
        _fill_merged(sheet, [(clo + 1, rlo + 1, chi, rhi) for rlo, rhi, clo, chi in source.merged_cells], file)
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
                raise CheckerError(f"more than {MAX_ROWS:,} rows; an indicator table is never that long", file=file)
            for column_number, value in enumerate(row, start=1):
                if column_number > MAX_COLUMNS and value.strip():
                    raise CheckerError(
                        f"more than {MAX_COLUMNS} columns; an indicator table is never that wide",
                        file=file, location=f"line {reader.line_num}",
                    )
                sheet.put(row_number, column_number, value, "General", file)
    except csv.Error as error:
        raise CheckerError(f"not a readable CSV table ({error})", file=file, location=f"line {reader.line_num}") from None
    yield sheet
