"""Sub-units in a review (issue 14): the unit × indicator matrix of verdicts, after the area's review.

The matrix is laid out as the check's (checker/reports/units.py, whose words, colours and code it
shares): the area's row first, then the units sorted by their binding indicators behind, at risk or
missed (most first, workbook order among equals); a numbered column per indicator any unit gives;
each cell the year's figure (a five-year total's running total) and the verdict's mark. A unit's
figure for a count target set for the whole area is its part of the area's, shown as its share
(占8.7%), as the check shows it: that target is not the unit's.
"""

from __future__ import annotations

from checker.judging.evaluate import format_number
from checker.reports import units as matrix_words
from checker.reports.view import View
from checker.reviews import words as w
from checker.reviews.document import KIND_VERDICTS, failing

MARK = {
    "achieved": "◎", "exceeded": "◎", "ahead": "↑", "on_track": "✔", "met": "✔", "behind": "✘", "at_risk": "✘✘",
    "missed": "✘", "pending": "…", "insufficient": "○",
}
WAIVED_MARK = "⊘"
# The check's status a verdict is coloured as (cell backgrounds in html, the text's colour without them).
STATUS = {
    "achieved": "pass", "exceeded": "pass", "ahead": "pass", "on_track": "pass", "met": "pass", "behind": "fail",
    "at_risk": "fail", "missed": "fail", "pending": "info", "insufficient": "not_reported", "contribution": "info",
}
# xlsx fills by mark, the first mark a cell contains deciding (✘✘ before ✘); the review sheet's colours.
FILLS = (("✘✘", "FF9B9B"), ("✘", "FFC7CE"), ("◎", "C6EFCE"), ("↑", "C6EFCE"), ("✔", "DDEBF7"), ("…", "EDEDED"), ("○", "FFEB9C"))
WORDS = {
    "zh": {
        "heading": "分单位评估",
        "order": {"midterm": "{count} 个单位，按进度滞后、难以实现的约束性指标数排序", "final": "{count} 个单位，按未完成的约束性指标数排序"},
        "misses": {"midterm": "约束性滞后", "final": "约束性未完成"},
        "share": "占x% 计入全区域目标（不分解到单位）",
        "waived": "豁免",
        "sheet": "分单位评估",
    },
    "en": {
        "heading": "Review by unit",
        "order": {"midterm": "{count} units, sorted by the number of binding indicators behind or at risk",
                  "final": "{count} units, sorted by the number of binding indicators missed"},
        "misses": {"midterm": "binding behind", "final": "binding missed"},
        "share": "x% part of the area's target (not set per unit)",
        "waived": "waived",
        "sheet": "By unit",
    },
}


def matrix(document: dict, lang: str) -> dict:
    """{"columns": [the area's entries of the indicators any unit gives], "rows": [{"name", "area", "empty",
    "misses", "cells": {id: {"text", "mark", "status", "label"}}}]}: the area first, then the units."""
    units = document["units"]
    given = {e["id"] for unit in units for e in unit["indicators"] if e["value"] is not None}
    columns = [e for e in document["indicators"] if e["id"] in given]
    area_values = {e["id"]: e["value"] for e in document["indicators"]}
    area = document.get("area") or {}
    check_words = matrix_words.WORDS[lang]
    template = check_words["area_total"] if area.get("source", "total") == "total" else check_words["area_rolled"]
    rows = [_row(template.format(area=area.get("name") or check_words["area"]), document["indicators"], True, False, area_values, lang)]
    ordered = sorted(units, key=lambda unit: -sum(failing(e) for e in unit["indicators"]))  # stable: workbook order among equals
    rows += [_row(unit["unit"], unit["indicators"], False, unit.get("empty", False), area_values, lang) for unit in ordered]
    return {"columns": columns, "rows": rows}


def _row(name: str, entries: list[dict], is_area: bool, empty: bool, area_values: dict, lang: str) -> dict:
    return {"name": name, "area": is_area, "empty": empty, "misses": sum(failing(e) for e in entries),
            "cells": {e["id"]: _cell(e, area_values.get(e["id"]), lang) for e in entries}}


def _cell(entry: dict, area_value, lang: str) -> dict:
    value, verdict = entry["value"], entry["verdict"]
    if value is None:
        text = "—"
    elif entry["unit"] == "yes_no":
        text = w.yes_no(value, lang)
    else:
        text = (entry.get("value_qualifier") or "") + w.amount(entry, value)
    if verdict == "contribution":
        share = round(value / area_value * 100, 1) if value is not None and area_value else None
        mark = matrix_words.WORDS[lang]["share"].format(share=format_number(share)) if share is not None else "ℹ"
    else:
        mark = MARK[verdict] + (WAIVED_MARK if entry["waiver"] else "")
    label = w.verdict_text(entry, lang)
    return {"text": text, "mark": mark, "status": STATUS[verdict], "label": label, "style": verdict}


def legend(document: dict, lang: str) -> str:
    """The marks of the kind's verdicts, and the share of an area-wide target; the waiver's mark."""
    verdicts = KIND_VERDICTS[document["kind"]]
    shown = [f"{MARK[v]} {w.verdict_word(v, lang)}" for v in verdicts]
    shown += [WORDS[lang]["share"], f"{WAIVED_MARK} {WORDS[lang]['waived']}"]
    return "  ".join(shown)


def _titles(document: dict, lang: str) -> tuple[str, str, str]:
    words, kind = WORDS[lang], document["kind"]
    return words["heading"], words["order"][kind].format(count=len(document["units"])), words["misses"][kind]


def text_section(document: dict, view: View = View()) -> str:
    from checker.reviews.text import VERDICT_STYLE

    heading, order, misses = _titles(document, view.lang)
    return matrix_words.text_matrix(document, matrix(document, view.lang), view, f"{heading} — {order}", misses,
                                    legend(document, view.lang), styles=VERDICT_STYLE)


def markdown_section(document: dict, view: View = View()) -> str:
    heading, order, misses = _titles(document, view.lang)
    return matrix_words.markdown_matrix(document, matrix(document, view.lang), view, heading, order, misses, legend(document, view.lang))


def html_section(document: dict, view: View = View()) -> str:
    heading, order, misses = _titles(document, view.lang)
    return matrix_words.html_matrix(document, matrix(document, view.lang), view, heading, order, misses, legend(document, view.lang))


def xlsx_sheet(workbook, document: dict, lang: str, index: int) -> None:
    """The matrix as a sheet of the review workbook, at `index`; cells coloured by conditional formatting on their mark."""
    heading, _order, misses = _titles(document, lang)
    sheet = workbook.create_sheet(WORDS[lang]["sheet"], index)
    caption = matrix_words.SheetWords(lang, heading, misses, legend(document, lang))
    matrix_words.xlsx_matrix(sheet, document, matrix(document, lang), caption, list(FILLS))
