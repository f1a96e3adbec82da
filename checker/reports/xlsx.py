"""An annotated copy of the checked workbook: each matched row coloured by status, a status and a reason
column beside the table, and a results sheet. The original is only read; the copy is a new file.
Several workbooks give a new consolidated workbook instead (`write_batch`): a copy of each would be
as many files.

The two columns added beside the table are headed as remarks (备注), a word the workbook reader
knows and ignores: the table's header rows and value columns read exactly as in the original.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter

from checker.reports.view import View
from checker.errors import CheckerError
from checker.reports.excel import BOLD, HEADER_FILL, STATUS_FILL, put
from checker.reports.messages import (
    HEADINGS, STATUS_SYMBOL, notice_lines, attribute_text, full_reason, indicator_name, summary_line, target_text, unit_text,
    value_text,
)
from checker.reports.document import colon, facts, plan_title, report_title, result_name, status_text
from checker.reports.text import BATCH_WORDS

# The results sheet is itself a table the workbook reader understands, keyed by the id column alone
# (规划指标 reads as a target column, Indicator as a second id column), so that checking the annotated
# copy again gives the same results instead of reading this sheet as rows of unknown indicators.
# Only a figure read from one ordinary cell is given an id (see _taken_back); 实际 holds it in the
# indicator's unit, equal to that cell's.
SHEET_WORDS = {
    "zh": {
        "sheet": "检查结果", "status_column": "备注：检查结果", "reason_column": "备注：检查说明", "unmatched_row": "未匹配任何指标，未检查",
        "columns": ("id", "规划指标", "属性", "目标", "实际", "单位", "结果", "说明", "单元格", "年度进度", "达到目标%", "出处"),
    },
    "en": {
        "sheet": "Check results", "status_column": "备注: check status", "reason_column": "备注: check reason",
        "unmatched_row": "matches no indicator: not checked",
        "columns": ("id", "Indicator", "Attribute", "Target", "Value (实际)", "Unit", "Status", "Reason", "Cell",
                    "Milestone", "% of target", "Source"),
    },
}
SEVERITY = ("fail", "warn", "waived", "info", "not_reported", "pass")
COLUMN_WIDTHS = (24, 40, 14, 16, 10, 8, 12, 40, 16, 12, 10, 60)
STATUS_COLUMN = 7
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE = Font(bold=True, size=14)


def write(document: dict, path: str | Path, view: View = View()) -> None:
    lang = view.lang
    source, path = Path(document["file"]), Path(path)
    if not source.is_file():
        raise CheckerError(
            "the annotated copy is made from the checked workbook, which is not there (run from the folder the check ran in)",
            zh="批注副本由被检查的工作簿生成，但该工作簿不在此处（请在检查时所在的文件夹中运行）",
            file=str(source),
        )
    if path.resolve() == source.resolve():
        raise CheckerError("refusing to overwrite the checked workbook; give the copy another name",
                           zh="不会覆盖被检查的工作簿；请给副本另取一个文件名", file=str(path))
    workbook = _open(source)
    _annotate_rows(workbook, document, lang)
    _add_results_sheet(workbook, document, lang)
    try:
        workbook.save(path)
    except OSError as error:
        raise CheckerError(f"cannot write: {error.strerror}", zh=f"无法写入：{error.strerror}", file=str(path)) from None


def _open(source: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(source, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise CheckerError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})",
                           zh=f"不是可读取的 .xlsx 工作簿（{type(error).__name__}：{error}）", file=str(source)) from None


def _rows_of(cells: list[dict]) -> list[tuple[str, int]]:
    """(sheet, row) of each cell a result or unmatched row names (the document's "cells")."""
    return [(cell["sheet"], coordinate_to_tuple(cell["cell"])[0]) for cell in cells]


def _annotate_rows(workbook, document: dict, lang: str) -> None:
    words = SHEET_WORDS[lang]
    findings: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for result in document["results"]:
        for sheet, row in _rows_of(result["cells"]):
            findings[sheet][row].append(result)
    unmatched: dict[str, set[int]] = defaultdict(set)
    for row in document["unmatched_rows"]:
        for sheet, number in _rows_of(row["cells"]):
            unmatched[sheet].add(number)
    for sheet_name in {*findings, *unmatched}:
        if sheet_name not in workbook.sheetnames:
            raise CheckerError(
                f"has no sheet {sheet_name!r} named in the results: was it changed after the check? Run the check again",
                zh=f"没有结果中提到的工作表 {sheet_name!r}：检查后是否改动过？请重新检查",
                file=document["file"],
            )
        sheet = workbook[sheet_name]
        status_column = sheet.max_column + 1
        reason_column = status_column + 1
        header_row = min({*findings[sheet_name], *unmatched[sheet_name]}) - 1
        if header_row >= 1:
            for column, text in ((status_column, words["status_column"]), (reason_column, words["reason_column"])):
                put(sheet.cell(header_row, column), text).font = BOLD
                sheet.cell(header_row, column).fill = HEADER_FILL
        for row in unmatched[sheet_name] - set(findings[sheet_name]):
            put(sheet.cell(row, status_column), words["unmatched_row"])
        for row, results in findings[sheet_name].items():
            # A row may carry a target result and a data finding about the same figures: show the worst.
            status = min((r["status"] for r in results), key=SEVERITY.index)
            reasons = dict.fromkeys(full_reason(r, lang) for r in results)
            put(sheet.cell(row, status_column), status_text(status, lang))
            put(sheet.cell(row, reason_column), "；".join(reasons) if lang == "zh" else "; ".join(reasons)).alignment = WRAP
            for column in range(1, reason_column + 1):
                sheet.cell(row, column).fill = STATUS_FILL[status]
        sheet.column_dimensions[get_column_letter(status_column)].width = 14
        sheet.column_dimensions[get_column_letter(reason_column)].width = 45


def _add_results_sheet(workbook, document: dict, lang: str) -> None:
    words = SHEET_WORDS[lang]
    sheet = workbook.create_sheet(words["sheet"])
    put(sheet.cell(1, 1), report_title(document, lang)).font = TITLE
    put(sheet.cell(2, 1), "  ".join(label + colon(lang) + value for label, value in facts(document, lang)))
    put(sheet.cell(3, 1), summary_line(document["summary"], lang)).font = BOLD
    if notices := notice_lines(document, lang):
        put(sheet.cell(4, 1), "⚠ " + "；".join(notices)).font = Font(bold=True, color="9A6700")
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
            result["id"] if _taken_back(result) else None, result_name(result, lang), attribute_text(result, lang),
            target_text(result, lang), value, unit_text(result, lang).strip() or None,
            status_text(result["status"], lang), full_reason(result, lang), result["cell"],
            value_text(result, milestone, lang) if milestone is not None else None,
            result.get("share_of_target"), result["section"] + colon(lang) + result["quote"],
        )
        for column, value in enumerate(values, start=1):
            put(sheet.cell(row, column), value).alignment = WRAP
        sheet.cell(row, STATUS_COLUMN).fill = STATUS_FILL[result["status"]]
    last_row = header_row + len(document["results"])
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(words['columns']))}{last_row}"


def _taken_back(result: dict) -> bool:
    """Whether the reader may read this row's figure back as the indicator's: a target result whose
    value came from one cell. Sums over years, rates computed from counts, running totals and data
    findings have no single cell to agree with, so their rows carry no id and are not read."""
    single_cell = bool(result["cell"]) and "/" not in result["cell"]
    return single_cell and result.get("kind", "target") == "target" and result["trajectory"] != "cumulative"


BATCH_SHEETS = {"zh": ("汇总", "明细"), "en": ("Matrix", "Details")}
MATRIX_HEADER_ROW = 4


def write_batch(document: dict, path: str | Path, view: View = View()) -> None:
    """A new workbook of several submissions' results: the matrix (汇总) and one row per result (明细)."""
    lang = view.lang
    from openpyxl import Workbook

    workbook = Workbook()
    matrix_sheet = workbook.active
    matrix_sheet.title, details_title = BATCH_SHEETS[lang]
    _add_matrix_sheet(matrix_sheet, document, lang)
    _add_details_sheet(workbook.create_sheet(details_title), document, lang)
    try:
        workbook.save(path)
    except OSError as error:
        raise CheckerError(f"cannot write: {error.strerror}", zh=f"无法写入：{error.strerror}", file=str(path)) from None


def _add_matrix_sheet(sheet, document: dict, lang: str) -> None:
    """One row per file, one column per indicator (numbered as in the other views), then the file's
    summary or why it could not be checked; a last row counts the files failing each indicator."""
    words = BATCH_WORDS[lang]
    matrix = document["matrix"]
    columns = matrix["indicators"]
    put(sheet.cell(1, 1), plan_title(document, lang)).font = TITLE
    put(sheet.cell(2, 1), words["summary"].format(**document["summary"])).font = BOLD
    headers = [words["file"], *(f"{n}. {indicator_name(c, lang)}" for n, c in enumerate(columns, start=1)), HEADINGS[lang]["reason"]]
    for column, text in enumerate(headers, start=1):
        cell = put(sheet.cell(MATRIX_HEADER_ROW, column), text)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions[get_column_letter(len(headers))].width = 50
    row_number = MATRIX_HEADER_ROW
    for row_number, row in enumerate(matrix["rows"], start=MATRIX_HEADER_ROW + 1):
        put(sheet.cell(row_number, 1), row["file"])
        if "error" in row:
            put(sheet.cell(row_number, len(headers)), f"{STATUS_SYMBOL['fail']} {words['error']}{colon(lang)}{row['error']}")
            for column in range(1, len(headers) + 1):
                sheet.cell(row_number, column).fill = STATUS_FILL["fail"]
            continue
        for column, indicator in enumerate(columns, start=2):
            status = row["statuses"].get(indicator["id"])
            if status is not None:
                put(sheet.cell(row_number, column), status_text(status, lang)).fill = STATUS_FILL[status]
        put(sheet.cell(row_number, len(headers)), summary_line(row["summary"], lang))
    totals_row = row_number + 1
    put(sheet.cell(totals_row, 1), words["fails"]).font = BOLD
    for column, indicator in enumerate(columns, start=2):
        sheet.cell(totals_row, column).value = matrix["totals"][indicator["id"]]["fail"]
        sheet.cell(totals_row, column).font = BOLD
    sheet.freeze_panes = sheet.cell(MATRIX_HEADER_ROW + 1, 2)


def _add_details_sheet(sheet, document: dict, lang: str) -> None:
    """Every result of every file, one per row, to sort and filter; a file that could not be checked
    is one row saying why."""
    headings = HEADINGS[lang]
    headers = (BATCH_WORDS[lang]["file"], "id", headings["indicator"], headings["status"], headings["value"], headings["cell"], headings["reason"])
    for column, (text, width) in enumerate(zip(headers, (40, 24, 40, 12, 10, 16, 50)), start=1):
        cell = put(sheet.cell(1, column), text)
        cell.font, cell.fill = BOLD, HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    row_number = 1
    for file in document["files"]:
        if "error" in file:
            row_number += 1
            put(sheet.cell(row_number, 1), file["file"])
            put(sheet.cell(row_number, 4), f"{STATUS_SYMBOL['fail']} {BATCH_WORDS[lang]['error']}").fill = STATUS_FILL["fail"]
            put(sheet.cell(row_number, 7), file["error"])
            continue
        for result in file["results"]:
            row_number += 1
            value = result["value"]
            if result["unit"] == "yes_no" and value is not None:
                value = value_text(result, value, lang)
            values = (file["file"], result["id"], result_name(result, lang), status_text(result["status"], lang), value,
                      result["cell"], full_reason(result, lang))
            for column, value in enumerate(values, start=1):
                put(sheet.cell(row_number, column), value)
            sheet.cell(row_number, 4).fill = STATUS_FILL[result["status"]]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{row_number}"
