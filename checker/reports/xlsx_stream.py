"""A workbook of any number of rows written in flat memory, by code written for an ordinary sheet.

openpyxl keeps every cell of an ordinary sheet in memory until it saves: hundreds of megabytes for
the details of a batch of 14,000 files. Its write-only mode streams rows to disk, but wants them in
order and the sheet's column widths, frozen panes and print set-up before the first row. So each
sheet is built twice by the same function (`build(sheet)`, which writes its rows in order, top to
bottom, then sets widths with excel.fit_columns, freezes panes, sets up printing):

1. measuring: cells are kept one row at a time and only the width of their text per column is
   remembered (what fit_columns reads back); the sheet's settings are recorded on a real sheet;
2. writing: the recorded settings are copied onto a write-only sheet, and each row goes to it as
   soon as the next row is begun.

The workbook is the same, cell for cell, as the ordinary sheet would have given (a test compares them).
"""

from __future__ import annotations

import copy
from array import array
from types import SimpleNamespace
from typing import IO, Any, Callable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from checker.reports.excel import display_width

Build = Callable[[Any], None]


def streamed_workbook(sheets: list[tuple[str, Build]]) -> Callable[[IO[bytes]], None]:
    """A writer of the workbook (for checker.files.write_atomically): one sheet per (title, build)."""

    def save(handle: IO[bytes]) -> None:
        workbook = Workbook(write_only=True)
        for title, build in sheets:
            measured = _MeasuringSheet(Workbook(), title)
            build(measured)
            measured.finish()
            sheet = workbook.create_sheet(title)
            _copy_settings(measured, sheet)
            writer = _StreamingSheet(sheet, title)
            build(writer)
            writer.finish()
        workbook.save(handle)

    return save


class _Rows:
    """Cells of the rows being written, handed on (`flush`) as soon as a later row is begun."""

    def __init__(self, make_cell: Callable[[int, int], Cell], flush: Callable[[int, dict[int, Cell]], None]):
        self._make = make_cell
        self._flush = flush
        self._rows: dict[int, dict[int, Cell]] = {}
        self._done = 0  # every row up to this one has been handed on

    def cell(self, row: int, column: int) -> Cell:
        if row <= self._done:  # a row handed on already (e.g. freeze_panes = sheet.cell(…)): a cell not written
            return self._make(row, column)
        for earlier in sorted(r for r in self._rows if r < row):
            self._hand_on(earlier)
        cells = self._rows.setdefault(row, {})
        if column not in cells:
            cells[column] = self._make(row, column)
        return cells[column]

    def _hand_on(self, row: int) -> None:
        for skipped in range(self._done + 1, row):
            self._flush(skipped, {})
        self._flush(row, self._rows.pop(row))
        self._done = row

    def finish(self) -> None:
        for row in sorted(self._rows):
            self._hand_on(row)


class _MeasuringSheet(Worksheet):
    """A real sheet that keeps its settings but not its cells: per column, the width of each row's text."""

    def __init__(self, parent: Workbook, title: str):
        super().__init__(parent, title)
        self._widths: dict[int, array] = {}
        self._rows = _Rows(lambda row, column: Cell(self, row=row, column=column), self._measure)

    def cell(self, row: int, column: int, value: Any = None) -> Cell:
        cell = self._rows.cell(row, column)
        if value is not None:
            cell.value = value
        return cell

    def _measure(self, row: int, cells: dict[int, Cell]) -> None:
        for column, cell in cells.items():
            if cell.value is None:
                continue
            value = cell.value
            text = value if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)
            width = min(max(display_width(line) for line in text.splitlines() or [""]), 65535)
            widths = self._widths.setdefault(column, array("H"))
            if len(widths) <= row:
                widths.extend([0] * (row + 1 - len(widths)))
            widths[row] = max(widths[row], width)

    def iter_rows(self, min_row=None, max_row=None, min_col=None, max_col=None, values_only=False):
        """What fit_columns reads: one row holding, per column, a text as wide as the widest in the rows asked for."""
        self._rows.finish()
        first = min_row or 1
        widest = []
        for column, widths in sorted(self._widths.items()):
            width = max(widths[first:(max_row + 1) if max_row else None], default=0)
            if width:
                widest.append(SimpleNamespace(value="x" * width, column=column))
        yield tuple(widest)

    def finish(self) -> None:
        self._rows.finish()


class _StreamingSheet:
    """Cells go to a write-only sheet a row at a time; settings go to a sheet of no account (the
    measuring pass recorded them and they were copied before the first row)."""

    def __init__(self, sheet, title: str):
        object.__setattr__(self, "_sheet", sheet)
        object.__setattr__(self, "_shadow", Worksheet(Workbook(), title))
        object.__setattr__(self, "_rows", _Rows(lambda row, column: Cell(sheet, row=row, column=column), self._append))

    def cell(self, row: int, column: int, value: Any = None) -> Cell:
        cell = self._rows.cell(row, column)
        if value is not None:
            cell.value = value
        return cell

    def _append(self, _row: int, cells: dict[int, Cell]) -> None:
        self._sheet.append([cells.get(column) for column in range(1, max(cells, default=0) + 1)])

    def finish(self) -> None:
        self._rows.finish()

    def __getattr__(self, name: str):
        return getattr(self._shadow, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._shadow, name, value)


def _copy_settings(measured: Worksheet, sheet) -> None:
    """Everything of the measured sheet but its cells: column widths, views (frozen panes), filter, printing."""
    for key, dimension in measured.column_dimensions.items():
        if dimension.customWidth:
            sheet.column_dimensions[key].width = dimension.width
    sheet.views = copy.deepcopy(measured.views)
    sheet.auto_filter.ref = measured.auto_filter.ref
    sheet.sheet_properties = copy.deepcopy(measured.sheet_properties)
    sheet.page_margins = copy.deepcopy(measured.page_margins)
    sheet.print_options = copy.deepcopy(measured.print_options)
    sheet.HeaderFooter = copy.deepcopy(measured.HeaderFooter)
    for name in measured.page_setup.__attrs__:
        setattr(sheet.page_setup, name, getattr(measured.page_setup, name))
    if measured.print_title_rows:
        sheet.print_title_rows = measured.print_title_rows
    if measured.print_title_cols:
        sheet.print_title_cols = measured.print_title_cols
