"""A saved review JSON (`review --format json`) → the review document, checked before any renderer sees it;
`checker render` shows and writes it in the other formats, without the workbook."""

from __future__ import annotations

from pathlib import Path

from checker.errors import CheckerError
from checker.judging.trajectory import VERDICTS
from checker.reports.messages import LANGUAGES
from checker.reports.outputs import Destination
from checker.reports.view import View
from checker.reviews import FILE_FORMATS, KINDS, renderer, writer
from checker.reviews.document import SCHEMA_VERSION
from checker.settings import Outcome, ReportSettings

DOCUMENT_FIELDS = (
    "schema_version", "kind", "plan", "plan_title", "plan_title_en", "document_number", "period", "baseline_year",
    "final_year", "year", "file", "made", "indicators", "summary", "method",
)
INDICATOR_FIELDS = (
    "id", "name", "name_en", "attribute", "attribute_basis", "trajectory", "unit", "operator", "target", "reference",
    "baseline", "values_by_year", "value", "derived", "reference_value", "milestone", "progress", "expected_progress",
    "verdict", "verdict_zh", "projection", "required_per_year", "missing_years", "total_source", "note", "waiver",
)


def is_saved_review(document: dict) -> bool:
    """Whether a saved JSON (from load_saved_json) is a review; else `render` reads it as a check's results."""
    return document.get("kind") in KINDS


def validate_review(document: dict, file: str) -> dict:
    """`document`, a saved review (is_saved_review), checked for everything its renderers need."""
    if document.get("schema_version") != SCHEMA_VERSION:
        raise CheckerError(f"review JSON schema_version {document.get('schema_version')!r}; this checker reads version {SCHEMA_VERSION}",
                           zh=f"评估报告 JSON 的 schema_version 为 {document.get('schema_version')!r}；本程序读取的是第 {SCHEMA_VERSION} 版", file=file)
    _require(document, DOCUMENT_FIELDS, file, None)
    if not isinstance(document["indicators"], list) or not isinstance(document["method"], dict):
        raise CheckerError("not a review JSON: indicators must be a list and method an object",
                           zh="不是评估报告 JSON：indicators 应为列表，method 应为对象", file=file)
    units = document.get("units", [])
    if not isinstance(units, list) or not all(isinstance(u, dict) and isinstance(u.get("indicators"), list) and "unit" in u for u in units):
        raise CheckerError("not a review JSON: units must be a list of objects with unit and indicators",
                           zh="不是评估报告 JSON：units 应为列表，每项含 unit 和 indicators", file=file)
    entries = [(f"indicators[{p}]", e) for p, e in enumerate(document["indicators"])]
    entries += [(f"units[{u}].indicators[{p}]", e) for u, unit in enumerate(units) for p, e in enumerate(unit["indicators"])]
    _check_indicators(document, entries, file)
    return document


def _check_indicators(document: dict, entries: list[tuple[str, object]], file: str) -> None:
    """Each indicator has its fields and a known verdict, and can be worded in every language."""
    from checker.reviews import words

    for location, entry in entries:
        if not isinstance(entry, dict):
            raise CheckerError("not a review JSON: each indicator must be an object", zh="不是评估报告 JSON：每项指标应为对象",
                               file=file, location=location)
        _require(entry, INDICATOR_FIELDS, file, location)
        if entry["verdict"] not in VERDICTS:
            raise CheckerError(f"unknown verdict {entry['verdict']!r} (known: {', '.join(VERDICTS)})",
                               zh=f"未知的判断 {entry['verdict']!r}（可用：{', '.join(VERDICTS)}）", file=file, location=location)
        for lang in LANGUAGES:
            try:
                words.row(document, entry, lang)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
                raise CheckerError(
                    f"cannot word this indicator ({type(error).__name__}: {error}); was the file edited by hand?",
                    zh=f"无法表述此指标（{type(error).__name__}：{error}）；文件是否被手工修改过？",
                    file=file, location=f"{location} ({entry['id']})",
                ) from None


def _require(entry: dict, fields: tuple[str, ...], file: str, location: str | None) -> None:
    missing = [name for name in fields if name not in entry]
    if missing:
        raise CheckerError(f"not a review JSON: missing field(s) {', '.join(missing)}",
                           zh=f"不是评估报告 JSON：缺少字段 {', '.join(missing)}", file=file, location=location)


def render_saved_review(document: dict, path: Path, targets: list[Destination], report: ReportSettings) -> Outcome:
    """`checker render REVIEW.json`: the saved review (`document`, read from `path`) written to each of
    `targets` and shown (text unless -o alone)."""
    from checker.reviews.run import write_review

    for target in targets:
        (writer if target.format in FILE_FORMATS else renderer)(target.format)
    shown = report.format or ("" if targets else "text")
    validate_review(document, str(path))
    view = View(report.lang, report.color, report.fail_on_warn)
    write_review(document, targets, view)
    return Outcome(renderer(shown)(document, view) if shown else "")
