"""An annotated copy of the checked workbook: each matched row coloured by status, a status and a reason
column beside the table, and a results sheet. The original is only read; the copy is a new file.

The two columns added beside the table have headers the workbook reader does not take for value
columns (状态, 说明), so the copy's own table still reads as the original did.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter

from checker.errors import CheckerError
from checker.excel import BOLD, HEADER_FILL, STATUS_FILL, put
from checker.messages import (
    attribute_text, full_reason, indicator_name, summary_line, target_text, unit_text, value_text,
)
from checker.report.document import WORDS, report_title, status_text

# The results sheet is itself a table the workbook reader understands (id, 实际 in the indicator's
# unit, 单位), holding the same figures as the checked rows, so checking the annotated copy again
# gives the same results instead of reading the sheet as rows of unknown indicators.
SHEET_WORDS = {
    "zh": {
        "sheet": "检查结果", "status_column": "检查状态", "reason_column": "检查说明", "unmatched_row": "未匹配任何指标，未检查",
        "columns": ("id", "指标", "属性", "目标", "实际", "单位", "结果", "说明", "单元格", "年度进度", "达到目标%", "出处"),
    },
    "en": {
        "sheet": "Check results", "status_column": "Check status", "reason_column": "Check reason",
        "unmatched_row": "matches no indicator: not checked",
        "columns": ("id", "Indicator", "Attribute", "Target", "Value (实际)", "Unit", "Status", "Reason", "Cell",
                    "Milestone", "% of target", "Source"),
    },
}
COLUMN_WIDTHS = (24, 40, 14, 16, 10, 8, 12, 40, 16, 12, 10, 60)
STATUS_COLUMN = 7
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE = Font(bold=True, size=14)


def write(document: dict, path: str | Path, lang: str = "zh", **options) -> None:
    source, path = Path(document["file"]), Path(path)
    if not source.is_file():
        raise CheckerError(
            "the annotated copy is made from the checked workbook, which is not there (run from the folder the check ran in)",
            file=str(source),
        )
    if path.resolve() == source.resolve():
        raise CheckerError("refusing to overwrite the checked workbook; give the copy another name", file=str(path))
    workbook = _open(source)
    _annotate_rows(workbook, document, lang)
    _add_results_sheet(workbook, document, lang)
    try:
        workbook.save(path)
    except OSError as error:
        raise CheckerError(f"cannot write: {error.strerror}", file=str(path)) from None


def _open(source: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(source, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise CheckerError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})", file=str(source)) from None


def _split(cell: str) -> tuple[str, int]:
    sheet, coordinate = cell.rsplit("!", 1)
    return sheet, coordinate_to_tuple(coordinate)[0]


def _annotate_rows(workbook, document: dict, lang: str) -> None:
    words = SHEET_WORDS[lang]
    rows: dict[str, dict[int, tuple[str | None, str, str]]] = defaultdict(dict)
    for result in document["results"]:
        if result["cell"]:
            sheet, row = _split(result["cell"])
            rows[sheet][row] = (result["status"], status_text(result["status"], lang), full_reason(result, lang))
    for unmatched in document["unmatched_rows"]:
        sheet, row = _split(unmatched["cell"])
        rows[sheet].setdefault(row, (None, words["unmatched_row"], ""))
    for sheet_name, annotations in rows.items():
        if sheet_name not in workbook.sheetnames:
            raise CheckerError(
                f"has no sheet {sheet_name!r} named in the results: was it changed after the check? Run the check again",
                file=document["file"],
            )
        sheet = workbook[sheet_name]
        status_column = sheet.max_column + 1
        reason_column = status_column + 1
        header_row = min(annotations) - 1
        if header_row >= 1:
            for column, text in ((status_column, words["status_column"]), (reason_column, words["reason_column"])):
                put(sheet.cell(header_row, column), text).font = BOLD
                sheet.cell(header_row, column).fill = HEADER_FILL
        for row, (status, status_words, reason) in annotations.items():
            put(sheet.cell(row, status_column), status_words)
            put(sheet.cell(row, reason_column), reason).alignment = WRAP
            if status is not None:
                for column in range(1, reason_column + 1):
                    sheet.cell(row, column).fill = STATUS_FILL[status]
        sheet.column_dimensions[get_column_letter(status_column)].width = 14
        sheet.column_dimensions[get_column_letter(reason_column)].width = 45


def _add_results_sheet(workbook, document: dict, lang: str) -> None:
    words = SHEET_WORDS[lang]
    sheet = workbook.create_sheet(words["sheet"])
    put(sheet.cell(1, 1), report_title(document, lang)).font = TITLE
    facts = [(WORDS[lang]["document_number"], document["document_number"]), (WORDS[lang]["year"], document["year"]),
             (WORDS[lang]["file"], document["file"])]
    put(sheet.cell(2, 1), "  ".join(f"{label}: {value}" for label, value in facts if value is not None))
    put(sheet.cell(3, 1), summary_line(document["summary"], lang)).font = BOLD
    header_row = 5
    for column, (text, width) in enumerate(zip(words["columns"], COLUMN_WIDTHS), start=1):
        cell = put(sheet.cell(header_row, column), text)
        cell.font, cell.fill = BOLD, HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row, result in enumerate(document["results"], start=header_row + 1):
        milestone = result.get("milestone")
        value = result["value"]
        if result["unit"] == "yes_no" and value is not None:
            value = value_text(result, value, lang)
        values = (
            result["id"], indicator_name(result, lang), attribute_text(result, lang), target_text(result, lang),
            value, unit_text(result, lang).strip() or None, status_text(result["status"], lang),
            full_reason(result, lang), result["cell"],
            value_text(result, milestone, lang) if milestone is not None else None,
            result.get("share_of_target"), f"{result['section']}: {result['quote']}",
        )
        for column, value in enumerate(values, start=1):
            put(sheet.cell(row, column), value).alignment = WRAP
        sheet.cell(row, STATUS_COLUMN).fill = STATUS_FILL[result["status"]]
    last_row = header_row + len(document["results"])
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(words['columns']))}{last_row}"
