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
from checker.files import write_atomically
from checker.reports.excel import BOLD, HEADER_FILL, STATUS_FILL, fit_columns, print_setup, put
from checker.reports.messages import (
    HEADINGS, STATUS_LABEL, STATUS_SYMBOL, notice_lines, attribute_text, full_reason, indicator_name, observed_text, summary_line,
    target_text, unit_text, value_text,
)
from checker.reports.document import (
    BATCH, LAYOUT, VERDICT_LABEL, VERDICT_SYMBOL, WORDS, colon, error_entry, error_reason, facts, ordered_positions,
    plan_title, report_title, result_name, shown_files, status_text, verdict_of, verdict_text,
)
from checker.reports.text import BATCH_WORDS, incomplete_line

SHEET_WORDS = {
    "zh": {"sheet": "检查结果", "status_column": "备注：检查结果", "reason_column": "备注：检查说明", "unmatched_row": "未匹配任何指标，未检查"},
    "en": {"sheet": "Check results", "status_column": "备注: check status", "reason_column": "备注: check reason",
           "unmatched_row": "matches no indicator: not checked"},
}
# The results sheet: the reader's columns first, the checker's id last. Its second row says the
# checker wrote it (checker/reading/workbook.py CHECKER_SHEET_MARKS), so checking the copy again reads
# only the workbook's own tables and gives the original's results.
RESULT_COLUMNS = ("indicator", "attribute", "target", "value", "status", "reason", "cell", "milestone", "share", "source", "id")
COLUMN_WORDS = {
    "zh": {"indicator": "指标", "attribute": "属性", "target": "目标", "value": "实际", "status": "结果", "reason": "说明",
           "cell": "单元格", "milestone": "年度进度", "share": "完成率", "source": "出处", "id": "id", "file": "文件", "year": "年度"},
    "en": {"indicator": "Indicator", "attribute": "Attribute", "target": "Target", "value": "Value", "status": "Status",
           "reason": "Reason", "cell": "Cell", "milestone": "Milestone", "share": "Share of target", "source": "Source",
           "id": "id", "file": "File", "year": "Year"},
}
# (narrowest, widest) of each kind of column, in Excel's character widths.
WIDTHS = {"indicator": (16, 46), "attribute": (8, 16), "target": (8, 24), "value": (8, 16), "status": (10, 14),
          "reason": (16, 60), "cell": (10, 24), "milestone": (8, 14), "share": (8, 10), "source": (16, 70), "id": (8, 36),
          "file": (12, 60), "year": (6, 8)}
SEVERITY = ("fail", "warn", "waived", "info", "not_reported", "pass")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center")
TITLE = Font(bold=True, size=14)
NOTE = Font(color="555555")
HEADER_ROW = 6


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
    _add_results_sheet(workbook, document, view)
    write_atomically(path, workbook.save)  # the old file stays whole if the write fails or is killed


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
        print_setup(sheet, lang, title_rows=f"{header_row}:{header_row}" if header_row >= 1 else None,
                    landscape=True, footer=_shown_file(document))


def _add_results_sheet(workbook, document: dict, view: View) -> None:
    """The results as a sheet of their own, first in the copy: one row per result, coloured by status."""
    lang = view.lang
    words, columns = SHEET_WORDS[lang], COLUMN_WORDS[lang]
    sheet = workbook.create_sheet(words["sheet"], 0)
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
    file = _shown_file(document)
    put(sheet.cell(1, 1), report_title(document, lang)).font = TITLE
    put(sheet.cell(2, 1), f"{WORDS[lang]['footer']} · {LAYOUT[lang]['made']}{colon(lang)}{view.made}").font = NOTE
    shown = [(label, file if label == WORDS[lang]["file"] else value) for label, value in facts(document, lang)]
    shown.append((LAYOUT[lang]["verdict"], verdict_text(verdict_of(document), lang)))
    put(sheet.cell(3, 1), "    ".join(label + colon(lang) + value for label, value in shown))
    put(sheet.cell(4, 1), summary_line(document["summary"], lang)).font = BOLD
    if notices := notice_lines(document, lang):
        put(sheet.cell(5, 1), "⚠ " + "；".join(notices)).font = Font(bold=True, color="9A6700")
    _header(sheet, HEADER_ROW, [columns[key] for key in RESULT_COLUMNS])
    for row, result in enumerate(document["results"], start=HEADER_ROW + 1):
        milestone = result.get("milestone")
        values = {
            "indicator": result_name(result, lang), "attribute": attribute_text(result, lang),
            "target": target_text(result, lang), "status": status_text(result["status"], lang),
            "reason": full_reason(result, lang), "cell": result["cell"],
            "milestone": value_text(result, milestone, lang) if milestone is not None else None,
            "share": result.get("share_of_target"), "source": result["section"] + colon(lang) + result["quote"],
            "id": result["id"],
        }
        for column, key in enumerate(RESULT_COLUMNS, start=1):
            cell = sheet.cell(row, column)
            if key == "value":
                _put_value(cell, result, lang)
            else:
                put(cell, values[key])
                if key == "share" and values[key] is not None:
                    cell.number_format = '0.0#"%"'
            cell.alignment = WRAP
            cell.fill = STATUS_FILL[result["status"]]
    last_row = HEADER_ROW + len(document["results"])
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(RESULT_COLUMNS))}{last_row}"
    fit_columns(sheet, HEADER_ROW, {column: WIDTHS[key] for column, key in enumerate(RESULT_COLUMNS, start=1)})
    print_setup(sheet, lang, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", landscape=True,
                footer=f"{plan_title(document, lang)} · {file}")


def _put_value(cell, result: dict, lang: str) -> None:
    """A figure as a number shown with its unit (90 as "90%", 1502 as "1502户"), so it sorts and
    filters as a number; yes/no and qualified figures ("＞90%") as their text."""
    value = result["value"]
    if value is None:
        return
    if result["unit"] == "yes_no" or result.get("value_qualifier") or isinstance(value, bool):
        put(cell, observed_text(result, lang))
        return
    cell.value = value
    unit = unit_text(result, lang).replace('"', "")
    cell.number_format = f'General"{unit}"' if unit else "General"


def _header(sheet, row: int, texts: list[str]) -> None:
    for column, text in enumerate(texts, start=1):
        cell = put(sheet.cell(row, column), text)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP


def _shown_file(document: dict) -> str:
    return shown_files([document["file"]])[document["file"]]


BATCH_SHEETS = {"zh": ("汇总", "明细"), "en": ("Matrix", "Details")}
MATRIX_HEADER_ROW = 5
VERDICT_FILL = {"pass": STATUS_FILL["pass"], "warn": STATUS_FILL["warn"], "fail": STATUS_FILL["fail"], "error": STATUS_FILL["not_reported"]}


def write_batch(document: dict, path: str | Path, view: View = View()) -> None:
    """A new workbook of several submissions' results: the matrix (汇总, first) and one row per result (明细)."""
    from checker.reports.xlsx_stream import streamed_workbook

    matrix_title, details_title = BATCH_SHEETS[view.lang]
    rows = document["matrix"]["rows"]
    order = ordered_positions(rows, view.order)
    names = shown_files(row["file"] for row in rows)
    # Row by row in flat memory, however many files (reports/xlsx_stream.py); the old file stays whole
    # if the write fails or is killed.
    write_atomically(path, streamed_workbook([
        (matrix_title, lambda sheet: _add_matrix_sheet(sheet, document, view, order, names)),
        (details_title, lambda sheet: _add_details_sheet(sheet, document, view, order, names)),
    ]))


def _add_matrix_sheet(sheet, document: dict, view: View, order: list[int], names: dict[str, str]) -> None:
    """One row per file (the most severe first): its year, its overall result, a status symbol per
    numbered indicator (the name in the header's comment and in the list below), and its summary or
    why it could not be checked; two rows count the files failing and warning on each indicator."""
    from openpyxl.comments import Comment

    lang = view.lang
    batch = BATCH[lang]
    matrix = document["matrix"]
    columns = matrix["indicators"]
    rows, files = matrix["rows"], document["files"]
    title = f"{plan_title(document, lang)} — {batch['report']}"
    put(sheet.cell(1, 1), title).font = TITLE
    put(sheet.cell(2, 1), f"{WORDS[lang]['footer']} · {batch['made']}{colon(lang)}{view.made}").font = NOTE
    put(sheet.cell(3, 1), BATCH_WORDS[lang]["summary"].format(**document["summary"])).font = BOLD
    incomplete = incomplete_line(document, lang)
    order_note = batch["order_severity"] if view.order == "severity" else batch["order_input"]
    put(sheet.cell(4, 1), incomplete or order_note).font = Font(bold=True, color="9A6700") if incomplete else NOTE
    first_status, reason_column = 4, 4 + len(columns)
    headers = [batch["file"], batch["year"], batch["verdict"], *map(str, range(1, len(columns) + 1)), HEADINGS[lang]["reason"]]
    _header(sheet, MATRIX_HEADER_ROW, headers)
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(MATRIX_HEADER_ROW, first_status + number - 1)
        cell.alignment = CENTRE
        cell.comment = Comment(f"{number}. {indicator_name(column, lang)}", "plan-checker", width=220, height=60)
    row_number = MATRIX_HEADER_ROW
    for row_number, position in enumerate(order, start=MATRIX_HEADER_ROW + 1):
        row = rows[position]
        verdict = verdict_of(row)
        put(sheet.cell(row_number, 1), names[row["file"]])
        put(sheet.cell(row_number, 3), verdict_text(verdict, lang)).fill = VERDICT_FILL[verdict]
        if verdict == "error":
            sheet.cell(row_number, 2).value = "—"
            put(sheet.cell(row_number, reason_column), error_reason(error_entry(row, files, position), lang))
            continue
        sheet.cell(row_number, 2).value = row.get("year")
        for offset, indicator in enumerate(columns):
            status = row["statuses"].get(indicator["id"])
            cell = sheet.cell(row_number, first_status + offset)
            cell.alignment = CENTRE
            if status is None:
                cell.value = "·"
            else:
                put(cell, STATUS_SYMBOL[status]).fill = STATUS_FILL[status]
        put(sheet.cell(row_number, reason_column), summary_line(row["summary"], lang))
    for offset, (label, status) in enumerate(((batch["fails"], "fail"), (batch["warns"], "warn")), start=1):
        put(sheet.cell(row_number + offset, 1), label).font = BOLD
        for position, indicator in enumerate(columns):
            cell = sheet.cell(row_number + offset, first_status + position)
            cell.value, cell.font, cell.alignment = matrix["totals"][indicator["id"]][status], BOLD, CENTRE
    legend_row = row_number + 4
    symbols = [f"{STATUS_SYMBOL[s]} {STATUS_LABEL[lang][s]}" for s in STATUS_SYMBOL]
    symbols.append(f"{VERDICT_SYMBOL['error']} {VERDICT_LABEL[lang]['error']}")
    put(sheet.cell(legend_row, 1), "  ".join(symbols)).font = NOTE
    put(sheet.cell(legend_row + 1, 1), batch["legend"]).font = BOLD
    for number, indicator in enumerate(columns, start=1):
        put(sheet.cell(legend_row + 1 + number, 1), f"{number}. {indicator_name(indicator, lang)}")
    sheet.freeze_panes = sheet.cell(MATRIX_HEADER_ROW + 1, first_status)
    fit_columns(sheet, MATRIX_HEADER_ROW, {1: WIDTHS["file"], 2: WIDTHS["year"], 3: (12, 16), reason_column: (16, 60)},
                last_row=row_number + 2)
    for offset in range(len(columns)):
        sheet.column_dimensions[get_column_letter(first_status + offset)].width = 4.5
    print_setup(sheet, lang, title_rows=f"{MATRIX_HEADER_ROW}:{MATRIX_HEADER_ROW}", landscape=True,
                footer=plan_title(document, lang))


def _add_details_sheet(sheet, document: dict, view: View, order: list[int], names: dict[str, str]) -> None:
    """Every result of every file, one per row, to sort and filter (files in the matrix's order); a file
    that could not be checked is one row saying why."""
    lang = view.lang
    words = COLUMN_WORDS[lang]
    keys = ("file", "year", "indicator", "attribute", "target", "value", "status", "reason", "cell", "id")
    _header(sheet, 1, [words[key] for key in keys])
    rows, files = document["matrix"]["rows"], document["files"]
    row_number = 1
    for position in order:
        file = files[position]
        if "error" in file:
            row_number += 1
            put(sheet.cell(row_number, 1), names.get(file["file"], file["file"]))
            put(sheet.cell(row_number, 7), verdict_text("error", lang)).fill = VERDICT_FILL["error"]
            put(sheet.cell(row_number, 8), error_reason(error_entry(rows[position], files, position), lang))
            continue
        for result in file["results"]:
            row_number += 1
            values = {
                "file": names.get(file["file"], file["file"]), "year": file["year"], "indicator": result_name(result, lang),
                "attribute": attribute_text(result, lang), "target": target_text(result, lang),
                "status": status_text(result["status"], lang), "reason": full_reason(result, lang), "cell": result["cell"],
                "id": result["id"],
            }
            for column, key in enumerate(keys, start=1):
                cell = sheet.cell(row_number, column)
                if key == "value":
                    _put_value(cell, result, lang)
                else:
                    put(cell, values[key])
            sheet.cell(row_number, 7).fill = STATUS_FILL[result["status"]]
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{row_number}"
    fit_columns(sheet, 1, {column: WIDTHS[key] for column, key in enumerate(keys, start=1)})
    print_setup(sheet, lang, title_rows="1:1", landscape=True, footer=plan_title(document, lang))
