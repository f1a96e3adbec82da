"""Writing cells of workbooks the checker makes (the annotated copy, the template).

Text the checker writes comes partly from other people's workbooks (row labels, cell text), so it
is always stored as text: a label such as "=HYPERLINK(…)" or "+1" must never become a formula.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill

FORMULA_STARTS = ("=", "+", "-", "@")

# Fills as Excel's own conditional-format presets, light enough to read black text on and to print.
STATUS_FILL = {
    status: PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    for status, colour in {
        "pass": "C6EFCE", "warn": "FFEB9C", "fail": "FFC7CE", "not_reported": "EDEDED", "info": "DDEBF7",
        "waived": "E4DFEC",
    }.items()
}
HEADER_FILL = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
BOLD = Font(bold=True)


def put(cell: Cell, value: Any) -> Cell:
    """Set a cell's value; text is kept as text even when it starts like a formula.

    The string type keeps it text in the file; the quote prefix (Excel's leading apostrophe) keeps it
    text when someone later edits the cell in Excel or WPS.
    """
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
