"""A saved results JSON (`check --format json`) → the results document, checked before any renderer sees it.

The saved `reason` text is in the language of the check; renderers word every reason again from
`reason_code` and `reason_params`, so a file is checked here for everything that wording needs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from checker.errors import CheckerError, read_input_text
from checker.reports.messages import LANGUAGES, STATUS_LABEL, attribute_text, full_reason, observed_text, target_text
from checker.judging.results import SCHEMA_VERSION
from checker.reports.view import View
from checker.settings import Outcome, ReportSettings

DOCUMENT_FIELDS = (
    "schema_version", "plan", "plan_title", "plan_title_en", "document_number", "year", "file", "summary",
    "results", "unmatched_rows",
)
RESULT_FIELDS = (
    "id", "name", "name_en", "attribute", "attribute_basis", "tier", "operator", "target", "reference", "unit",
    "trajectory", "value", "cell", "hidden_row", "status", "reason_code", "reason_params", "section", "quote",
)
SUMMARY_FIELDS = ("pass", "warn", "fail", "not_reported", "total")


def load_saved_json(path: str | Path) -> dict:
    """The JSON object `render` was given, read and parsed once; the caller tells a review from a check's
    results by what it holds, and checks it with validate_results or reviews.saved.validate_review.

    Its errors speak of a check's results, the usual thing to render: a file that cannot be read or parsed
    cannot say whether it was meant as a review.
    """
    file = str(path)
    text = read_input_text(path, "a results JSON saved by `checker check … --format json`",
                           "用 `checker check … --format json` 保存的检查结果 JSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CheckerError(f"not a results JSON: line {error.lineno} column {error.colno}: {error.msg}",
                           zh=f"不是检查结果 JSON：第 {error.lineno} 行第 {error.colno} 列：{error.msg}", file=file) from None
    if not isinstance(document, dict):
        raise _no_schema_version(file)
    return document


def _no_schema_version(file: str) -> CheckerError:
    return CheckerError("not a results JSON (no schema_version); save one with `checker check … --format json`",
                        zh="不是检查结果 JSON（没有 schema_version）；请用 `checker check … --format json` 保存", file=file)


def validate_results(document: dict, file: str) -> dict:
    """`document` (from load_saved_json) as a single check's results, completed with what older files lack."""
    if "schema_version" not in document:
        raise _no_schema_version(file)
    if document["schema_version"] != SCHEMA_VERSION:
        raise CheckerError(
            f"results JSON schema_version {document['schema_version']!r}; this checker reads version {SCHEMA_VERSION}",
            zh=f"检查结果 JSON 的 schema_version 为 {document['schema_version']!r}；本程序读取的是第 {SCHEMA_VERSION} 版",
            file=file,
        )
    if document.get("kind") == "batch":
        raise CheckerError(
            "a consolidated result of several workbooks; `render` takes the JSON result of one workbook",
            zh="这是多个工作簿的汇总结果；`render` 只接受一个工作簿的 JSON 结果", file=file
        )
    _require(document, DOCUMENT_FIELDS, file, None)
    if not isinstance(document["summary"], dict):
        raise CheckerError("not a results JSON: summary must be an object of counts", zh="不是检查结果 JSON：summary 应为计数对象", file=file)
    _require(document["summary"], SUMMARY_FIELDS, file, "summary")
    if not isinstance(document["results"], list) or not isinstance(document["unmatched_rows"], list):
        raise CheckerError("not a results JSON: results and unmatched_rows must be lists",
                           zh="不是检查结果 JSON：results 和 unmatched_rows 应为列表", file=file)
    for position, result in enumerate(document["results"]):
        _check_result(result, file, f"results[{position}]")
    for position, row in enumerate(document["unmatched_rows"]):
        if not isinstance(row, dict) or not isinstance(row.get("label"), str) or not isinstance(row.get("cell"), str):
            raise CheckerError("not a results JSON: expected {label, cell}", zh="不是检查结果 JSON：应为 {label, cell}",
                               file=file, location=f"unmatched_rows[{position}]")
        row.setdefault("cells", _cells_of(row["cell"]))
    return document


def _require(entry: dict, fields: tuple[str, ...], file: str, location: str | None) -> None:
    missing = [name for name in fields if name not in entry]
    if missing:
        raise CheckerError(f"not a results JSON: missing field(s) {', '.join(missing)}",
                           zh=f"不是检查结果 JSON：缺少字段 {', '.join(missing)}", file=file, location=location)


# One cell, or a rate's two counts joined by "/" (which an Excel sheet name cannot contain).
_CELL = re.compile(r"[^!/]+![A-Z]+[0-9]+(?:/[^!/]+![A-Z]+[0-9]+)?")


def _cells_of(cell: str | None) -> list[dict]:
    """The structured "cells" of a result saved before documents carried them."""
    if not cell:
        return []
    return [dict(zip(("sheet", "cell"), part.rsplit("!", 1))) for part in cell.split("/")]


def _check_result(result, file: str, location: str) -> None:
    if not isinstance(result, dict):
        raise CheckerError("not a results JSON: each result must be an object", zh="不是检查结果 JSON：每个结果应为对象",
                           file=file, location=location)
    _require(result, RESULT_FIELDS, file, location)
    location = f"{location} ({result['id']})"
    if result["status"] not in STATUS_LABEL["en"]:
        known = ", ".join(STATUS_LABEL["en"])
        raise CheckerError(f"unknown status {result['status']!r} (known: {known})",
                           zh=f"未知的结果状态 {result['status']!r}（可用：{known}）", file=file, location=location)
    if result["cell"] is not None and not (isinstance(result["cell"], str) and _CELL.fullmatch(result["cell"])):
        raise CheckerError(f"cell {result['cell']!r} is not of the form Sheet!D9",
                           zh=f"单元格 {result['cell']!r} 的格式应为 工作表!D9", file=file, location=location)
    result.setdefault("cells", _cells_of(result["cell"]))
    for lang in LANGUAGES:
        try:
            for wording in (full_reason, target_text, observed_text, attribute_text):
                wording(result, lang)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            raise CheckerError(
                f"cannot word this result ({type(error).__name__}: {error}); was the file edited by hand?",
                zh=f"无法表述此结果（{type(error).__name__}：{error}）；文件是否被手工修改过？",
                file=file, location=location,
            ) from None


def render_saved(path: Path, report: ReportSettings) -> Outcome:
    """`checker render`: a saved results JSON written and shown in other formats, without the workbook."""
    from checker.reports import renderer
    from checker.reports.outputs import destinations, write_reports
    from checker.reviews.saved import is_saved_review, render_saved_review

    # Outputs first: a wrong -o is reported before anything about the saved file, as it always was.
    targets = destinations(report.outputs, inputs=[path], force=report.force)
    document = load_saved_json(path)
    if is_saved_review(document):  # `review --format json`: rendered by the review's own formats
        return render_saved_review(document, path, targets, report)
    validate_results(document, str(path))
    view = View(report.lang, report.color, report.fail_on_warn)
    write_reports(document, targets, view)
    shown = report.format or ("" if targets else "text")
    return Outcome(renderer(shown)(document, view) if shown else "")
