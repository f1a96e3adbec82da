"""The review as a new workbook: one sheet with the title, date, summary paragraph and one row per
indicator (figures as numbers, to sort and chart), a sheet of counts and the method. Set to print on
A4 landscape, one page wide, with the header row repeated and page numbers in the footer."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter

from checker.files import write_atomically
from checker.reports.excel import BOLD, HEADER_FILL, put
from checker.reports.messages import ATTRIBUTE_LABEL
from checker.reports.view import View
from checker.reviews import words as w
from checker.reviews.document import reviewed_years

SHEETS = {"zh": ("评估表", "统计与方法"), "en": ("Review", "Counts and method")}
VERDICT_FILL = {
    verdict: PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    for verdict, colour in {
        "achieved": "C6EFCE", "ahead": "C6EFCE", "on_track": "DDEBF7", "behind": "FFC7CE", "at_risk": "FF9B9B",
        "exceeded": "C6EFCE", "met": "C6EFCE", "missed": "FFC7CE", "pending": "EDEDED", "insufficient": "FFEB9C",
    }.items()
}
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE = Font(bold=True, size=14)
WIDTHS = {"name": 34, "attribute": 12, "trajectory": 9, "target": 14, "verdict": 12, "required": 30, "note": 30}
# Columns holding a figure are written as numbers (the document's own, not the rounded text).
FIGURES = {"baseline": "baseline", "milestone": "milestone", "projection": "projection"}
PAGE_FOOTER = {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"}
HEADER_ROW = 5


def write(document: dict, path: str | Path, view: View = View()) -> None:
    lang = view.lang
    workbook = Workbook()
    sheet = workbook.active
    sheet.title, second = SHEETS[lang]
    _review_sheet(sheet, document, lang)
    _counts_and_method(workbook.create_sheet(second), document, lang)
    if document.get("units"):  # a workbook with sub-units: the unit × indicator matrix, second (issue 14)
        from checker.reviews.units import xlsx_sheet

        xlsx_sheet(workbook, document, lang, 1)
        _print_setup(workbook.worksheets[1], lang, None)
    write_atomically(path, workbook.save)


def _review_sheet(sheet, document: dict, lang: str) -> None:
    headings = w.headings(document, lang)
    last_column = get_column_letter(len(headings))
    put(sheet.cell(1, 1), w.title(document, lang)).font = TITLE
    put(sheet.cell(2, 1), "  ".join(label + w.colon(lang) + value for label, value in w.facts(document, lang)))
    summary = put(sheet.cell(3, 1), w.summary_paragraph(document, lang))
    summary.alignment = WRAP
    sheet.merge_cells(f"A3:{last_column}3")
    sheet.row_dimensions[3].height = 45
    years = {str(y) for y in reviewed_years(document)}
    for column, (key, heading) in enumerate(headings, start=1):
        cell = put(sheet.cell(HEADER_ROW, column), heading)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(key, 11)
    for row, entry in enumerate(document["indicators"], start=HEADER_ROW + 1):
        texts = w.row(document, entry, lang)
        for column, (key, _heading) in enumerate(headings, start=1):
            cell = sheet.cell(row, column)
            value = _figure(entry, key, years)
            if value is None:
                put(cell, texts[key])
            else:
                cell.value = value
                cell.number_format = _number_format(entry, key)
            cell.alignment = WRAP
        verdict_column = next(i for i, (key, _h) in enumerate(headings, start=1) if key == "verdict")
        sheet.cell(row, verdict_column).fill = VERDICT_FILL[entry["verdict"]]
    last_row = HEADER_ROW + len(document["indicators"])
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"
    _print_setup(sheet, lang, f"{HEADER_ROW}:{HEADER_ROW}")


def _figure(entry: dict, key: str, years: set[str]):
    """The number a figure cell holds, or None to write the cell's text (—, 是/否, a total's parts)."""
    if entry["unit"] == "yes_no":
        return None
    if key in FIGURES:
        return entry[FIGURES[key]]
    if key == "progress":
        return entry["progress"]
    if key in years:
        value = entry["values_by_year"].get(key)
        last = max(years)
        if key == last and entry["value"] is not None and value != entry["value"]:
            return None  # "805（累计2415）": the part and the total need the text
        return value
    return None


def _number_format(entry: dict, key: str) -> str:
    if key == "progress":
        return "0%"
    if entry["unit"] in w.WHOLE_UNITS:
        return "#,##0"
    return "0.0#"


def _counts_and_method(sheet, document: dict, lang: str) -> None:
    words = w.WORDS[lang]
    put(sheet.cell(1, 1), words["counts"]).font = BOLD
    for column, text in enumerate((words["verdict"], *ATTRIBUTE_LABEL[lang].values(), words["total"]), start=1):
        cell = put(sheet.cell(2, column), text)
        cell.font, cell.fill = BOLD, HEADER_FILL
    row = 2
    for row, (verdict, *numbers) in enumerate(w.count_rows(document, lang), start=3):
        put(sheet.cell(row, 1), verdict)
        for column, number in enumerate(numbers, start=2):
            sheet.cell(row, column).value = number
    row += 2
    put(sheet.cell(row, 1), words["method"]).font = BOLD
    for offset, line in enumerate(document["method"][lang], start=1):
        put(sheet.cell(row + offset, 1), line).alignment = WRAP
        sheet.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset, end_column=6)
        sheet.row_dimensions[row + offset].height = 15 * (1 + len(line) // 90)
    sheet.column_dimensions["A"].width = 24
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 16
    _print_setup(sheet, lang, None)


def _print_setup(sheet, lang: str, title_rows: str | None) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = PAGE_FOOTER[lang]
    if title_rows:
        sheet.print_title_rows = title_rows
