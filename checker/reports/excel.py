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


# --- layout shared by the workbooks the checker writes (annotated copy, batch, reviews) -------------------

PAGE_FOOTER = {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"}


def display_width(text: str) -> int:
    """Columns of Excel's default font a text needs: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit_columns(sheet, first_row: int, widths: dict[int, tuple[int, int]], last_row: int | None = None) -> None:
    """Each column as wide as its longest line in rows `first_row`..`last_row`, within (narrowest, widest)."""
    from openpyxl.utils.cell import get_column_letter

    longest: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row):
        for cell in row:
            if cell.value is not None and cell.column in widths:
                text = cell.value if isinstance(cell.value, str) else f"{cell.value:g}" if isinstance(cell.value, float) else str(cell.value)
                width = max(display_width(line) for line in text.splitlines() or [""])
                longest[cell.column] = max(longest.get(cell.column, 0), width)
    for column, (narrowest, widest) in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(narrowest, min(widest, longest.get(column, 0) + 2))


def print_setup(sheet, lang: str, *, title_rows: str | None = None, landscape: bool = False, footer: str | None = None) -> None:
    """A4, one page wide (as many pages long as it takes), the header rows repeated on every page,
    page numbers in the footer (第 1 页，共 2 页) and `footer` (the plan, the file) on its left."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.5, 0.6
    sheet.oddFooter.center.text = PAGE_FOOTER[lang]
    sheet.oddFooter.center.size = 8
    if footer:
        sheet.oddFooter.left.text = footer.replace("&", "&&")
        sheet.oddFooter.left.size = 8
    if title_rows:
        sheet.print_title_rows = title_rows
