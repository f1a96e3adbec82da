"""Sub-units in the reports (issue 14): the unit × indicator matrix, and the words of the units' reasons.

Kept apart from the formats' own modules: each format's report of the area is unchanged, and this
module adds its section after it — text, markdown, html (before </body>) and xlsx (a sheet of its
own), through `with_units` in checker/reports/__init__.py. Units are sorted by the number of binding
targets they miss, most first; the area's row comes first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from checker.judging.evaluate import format_number
from checker.reports.messages import STATUS_LABEL, STATUS_SYMBOL, indicator_name, unit_text
from checker.reports.view import View

WORDS = {
    "zh": {
        "heading": "分单位结果",
        "unit": "单位",
        "misses": "约束性未达标",
        "legend": "指标",
        "area_total": "{area}（合计）",
        "area_rolled": "{area}（汇总）",
        "area": "全区域",
        "source": {
            "total": "区域数据取自工作簿的合计栏（行）。",
            "units": "工作簿没有合计：区域数据由各单位汇总（人数相加，比率由相加后的分子、分母重算，从不平均）。",
            "mixed": "区域数据取自工作簿的合计；合计未填的由各单位汇总。",
        },
        "order": "{count} 个单位，按未达标的约束性指标数排序",
        "empty": "（未填报）",
        "missing": "缺少的下级单位（{count} 个，汇总不完整）：{units}",
        "consistency": "合计与各单位之和不一致（预警）：",
        "consistency_item": "{name}（{year}年）：合计 {stated}（{cell}），各单位之和 {units_sum}（{units_cells}）",
        "share": "占{share}%",
        "sheet": "分单位结果",
    },
    "en": {
        "heading": "Results by unit",
        "unit": "Unit",
        "misses": "binding missed",
        "legend": "Indicators",
        "area_total": "{area} (total)",
        "area_rolled": "{area} (rolled up)",
        "area": "Area",
        "source": {
            "total": "The area's figures are the workbook's own total.",
            "units": "The workbook has no total: the area's figures are rolled up from the units (counts summed, rates recomputed from summed counts, never averaged).",
            "mixed": "The area's figures are the workbook's total; those it leaves blank are rolled up from the units.",
        },
        "order": "{count} units, sorted by the number of binding targets missed",
        "empty": " (no figures)",
        "missing": "Sub-units missing ({count}; the roll-up is incomplete): {units}",
        "consistency": "Stated totals that differ from the units' sum (warnings):",
        "consistency_item": "{name} ({year}): total {stated} ({cell}), units' sum {units_sum} ({units_cells})",
        "share": "{share}%",
        "sheet": "By unit",
    },
}
FILL = {"pass": "C6EFCE", "warn": "FFEB9C", "fail": "FFC7CE", "not_reported": "EDEDED", "info": "DDEBF7", "waived": "E4DFEC"}
HTML_COLOUR = {"pass": "#d8f0dc", "warn": "#fff1c2", "fail": "#ffd6d9", "not_reported": "#eeeeee", "info": "#dcebf8", "waived": "#e8e2f1"}


# --- the words of the units' reasons ---------------------------------------------------------------


def unit_reason(result: dict, lang: str) -> str:
    code, p = result["reason_code"], result["reason_params"]
    zh = lang == "zh"
    if code == "contribution":
        value = format_number(p["value"]) + unit_text(result, lang)
        if p.get("share") is None:
            return f"{value}；目标为全区域目标，不分解到各单位" if zh else f"{value}; an area-wide target, not set per unit"
        area = format_number(p["area_value"]) + unit_text(result, lang)
        return (
            f"{value}，占全区域 {area} 的 {format_number(p['share'])}%；目标为全区域目标，不分解到各单位"
            if zh else f"{value}, {format_number(p['share'])}% of the area's {area}; an area-wide target, not set per unit"
        )
    if code == "unit_not_reported":
        return f"未填报{p['year']}年数值" if zh else f"no figure for {p['year']}"
    if code == "not_rolled_up":
        return _not_rolled_up(p, zh)
    raise ValueError(f"no wording for reason {code!r}")


def _not_rolled_up(p: dict, zh: bool) -> str:
    why, units, counts, cells = p["why"], p.get("units") or [], p.get("counts") or [], p.get("cells") or []
    listed = "、".join(units) if zh else ", ".join(units)
    if why == "growth":
        return "增长类指标不由各单位汇总（各单位增速相加或平均都不是全区域的增速）" if zh else "growth is not rolled up from units"
    if why == "yes_no":
        return "“是/否”指标不由各单位汇总" if zh else "a yes/no indicator is not rolled up from units"
    if why == "amount":
        return "金额（标准）不由各单位相加汇总" if zh else "an amount (a standard) is not summed over units"
    if why == "rate_without_counts":
        if not counts:
            return (
                "各单位只给出比率：比率不能平均，规划也未列出其分子、分母人数，未汇总"
                if zh else "the units give rates only: rates are never averaged, and the plan names no counts for this one; not rolled up"
            )
        names = "、".join(f"“{c}”" for c in counts) if zh else ", ".join(counts)
        whose = (f"（{listed}）" if zh else f" ({listed})") if units else ""
        return (
            f"各单位缺少{names}{whose}：比率只能由相加后的人数重算，不能平均，未汇总"
            if zh else f"the units{whose} lack {names}: a rate is recomputed from summed counts, never averaged; not rolled up"
        )
    if why == "units_missing":
        return f"{listed}未填报，不能汇总" if zh else f"not rolled up: no figure from {listed}"
    if why == "unreadable":
        shown = "、".join(cells) if zh else ", ".join(cells)
        return f"{shown}无法读取，不能汇总" if zh else f"not rolled up: {shown} cannot be read"
    if why == "zero_denominator":
        return "各单位分母之和为0，不能计算比率" if zh else "the units' denominators sum to 0: no rate"
    raise ValueError(f"no wording for roll-up gap {why!r}")


# --- the matrix (plain data, shared by the formats) -------------------------------------------------


def misses(unit: dict) -> int:
    """Binding targets the unit misses."""
    return sum(1 for r in unit["results"] if r.get("kind", "target") == "target" and r["attribute"] == "binding" and r["status"] == "fail")


def matrix(document: dict, lang: str) -> dict:
    """{"columns": [area results of the indicators any unit gives], "rows": [{"name", "area", "empty", "misses",
    "cells": {id: {"text", "mark", "status"}}}]}: the area first, then the units sorted by misses."""
    words = WORDS[lang]
    units = document["units"]
    given = {r["id"] for unit in units for r in unit["results"] if r.get("kind", "target") == "target" and r["value"] is not None}
    columns = [r for r in document["results"] if r.get("kind", "target") == "target" and r["id"] in given]
    area = document.get("area") or {}
    template = words["area_total"] if area.get("source", "total") == "total" else words["area_rolled"]
    rows = [_row(template.format(area=area.get("name") or words["area"]), document["results"], True, False, lang)]
    ordered = sorted(units, key=lambda unit: -misses(unit))  # stable: workbook order among equals
    rows += [_row(unit["unit"], unit["results"], False, unit.get("empty", False), lang) for unit in ordered]
    return {"columns": columns, "rows": rows}


def _row(name: str, results: list[dict], is_area: bool, empty: bool, lang: str) -> dict:
    cells = {}
    for result in results:
        if result.get("kind", "target") != "target":
            continue
        cells[result["id"]] = _cell(result, lang)
    failing = sum(1 for r in results if r.get("kind", "target") == "target" and r["attribute"] == "binding" and r["status"] == "fail")
    return {"name": name, "area": is_area, "empty": empty, "misses": failing, "cells": cells}


def _cell(result: dict, lang: str) -> dict:
    value, status = result["value"], result["status"]
    if value is None:
        text = "—"
    elif result["unit"] == "yes_no":
        text = ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    else:
        text = (result.get("value_qualifier") or "") + format_number(value)
    mark = STATUS_SYMBOL[status]
    if result["reason_code"] == "contribution" and result["reason_params"].get("share") is not None:
        mark = WORDS[lang]["share"].format(share=format_number(result["reason_params"]["share"]))
    return {"text": text, "mark": mark, "status": status}


def _legend(column: dict, lang: str) -> str:
    unit = unit_text(column, lang).strip()
    return indicator_name(column, lang) + (f"（{unit}）" if lang == "zh" and unit else f" ({unit})" if unit else "")


def _notes(document: dict, lang: str) -> list[tuple[str, str]]:
    """(style, line) under the matrix: missing sub-units and stated totals that differ from the units."""
    words = WORDS[lang]
    notes = []
    area = document.get("area") or {}
    if area.get("missing_units"):
        separator = "、" if lang == "zh" else ", "
        notes.append(("bold yellow", words["missing"].format(count=len(area["missing_units"]), units=separator.join(area["missing_units"]))))
    if document.get("consistency"):
        notes.append(("bold yellow", words["consistency"]))
        for entry in document["consistency"]:
            shown = {k: (format_number(v) if isinstance(v, (int, float)) and k != "year" else v) for k, v in entry.items()}
            notes.append(("yellow", "  ⚠ " + words["consistency_item"].format(**shown)))
    return notes


# --- text -------------------------------------------------------------------------------------------


def text_section(document: dict, view: View = View()) -> str:
    """The matrix as plain lines, aligned by display width (a Chinese character takes two columns).

    Written by hand rather than as a rich table: fourteen units by twenty indicators would cost
    more to lay out than the whole check of a single-area workbook (benchmarks/units_bench.py)."""
    lang, words = view.lang, WORDS[view.lang]
    title = f"{words['heading']} — {words['order'].format(count=len(document['units']))}"
    legend = "  ".join(f"{STATUS_SYMBOL[s]} {STATUS_LABEL[lang][s]}" for s in ("pass", "warn", "fail", "not_reported"))
    return text_matrix(document, matrix(document, lang), view, title, words["misses"], legend)


def text_matrix(document: dict, built: dict, view: View, title: str, misses: str, legend: str, styles: dict | None = None) -> str:
    """A built matrix ({"columns", "rows"}, rows of {"name", "area", "empty", "misses", "cells"}) as aligned
    lines: the title, where the area's figures come from, the table, the numbered indicators, the legend of
    the marks and the notes. Shared with the review's matrix (checker/reviews/units.py); `styles`: a cell's
    style by its "style" key, else by its status."""
    from rich.cells import cell_len

    lang, words = view.lang, WORDS[view.lang]
    paint = _ansi if view.color else (lambda text, _style: text)
    header = [words["unit"], *(str(n) for n in range(1, len(built["columns"]) + 1)), misses]
    body = []
    for row in built["rows"]:
        cells = [(row["name"] + (words["empty"] if row["empty"] else ""), "bold" if row["area"] else "")]
        for column in built["columns"]:
            cell = row["cells"].get(column["id"])
            if cell is None:
                cells.append(("·", "dim"))
                continue
            style = (styles or {}).get(cell.get("style")) or _STYLE.get(cell["status"], "")
            cells.append((f"{cell['text']} {cell['mark']}", style))
        cells.append((str(row["misses"]), ""))
        body.append((row["area"], cells))
    widths = [cell_len(text) for text in header]
    for _area, cells in body:
        widths = [max(width, cell_len(text)) for width, (text, _style) in zip(widths, cells)]

    def line(cells: list[tuple[str, str]]) -> str:
        shown = []
        for index, ((text, style), width) in enumerate(zip(cells, widths)):
            padding = " " * (width - cell_len(text))
            shown.append(paint(text, style) + padding if index == 0 else padding + paint(text, style))
        return "  ".join(shown).rstrip()

    rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
    lines = ["", paint(title, "bold"), paint(words["source"][(document.get("area") or {}).get("source", "total")], "dim"),
             line([(text, "bold") for text in header]), rule]
    for is_area, cells in body:
        lines.append(line(cells))
        if is_area:
            lines.append(rule)
    lines.append(paint(words["legend"] + ":", "bold"))
    lines += [f"  {n:>2}. {_legend(column, lang)}" for n, column in enumerate(built["columns"], start=1)]
    lines.append(paint(legend, "dim"))
    lines += [paint(text, style) for style, text in _notes(document, lang)]
    return "\n".join(lines) + "\n"


_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "not_reported": "dim", "info": "cyan", "waived": "magenta"}
_ANSI = {"green": "32", "yellow": "33", "bold red": "1;31", "dim": "2", "cyan": "36", "magenta": "35", "bold": "1",
         "bold yellow": "1;33", "bold green": "1;32"}


def _ansi(text: str, style: str) -> str:
    code = _ANSI.get(style)
    return f"\x1b[{code}m{text}\x1b[0m" if code else text


# --- markdown ---------------------------------------------------------------------------------------


def markdown_section(document: dict, view: View = View()) -> str:
    lang, words = view.lang, WORDS[view.lang]
    return markdown_matrix(document, matrix(document, lang), view, words["heading"], words["order"].format(count=len(document["units"])),
                           words["misses"])


def markdown_matrix(document: dict, built: dict, view: View, heading: str, order: str, misses: str, legend: str | None = None) -> str:
    """A built matrix as a Markdown section (see text_matrix); `legend`: a line naming the marks, if any."""
    lang, words = view.lang, WORDS[view.lang]
    lines = ["", f"## {_md(heading)}", "", _md(order) + "。" * (lang == "zh"),
             "", _md(words["source"][(document.get("area") or {}).get("source", "total")]), ""]
    header = [words["unit"], *(str(n) for n in range(1, len(built["columns"]) + 1)), _md(misses)]
    lines += ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(built["columns"]) + 1)]
    for row in built["rows"]:
        name = _md(row["name"] + (words["empty"] if row["empty"] else ""))
        name = f"**{name}**" if row["area"] else name
        cells = []
        for column in built["columns"]:
            cell = row["cells"].get(column["id"])
            cells.append(_md(f"{cell['text']} {cell['mark']}") if cell else "·")
        lines.append("| " + " | ".join([name, *cells, str(row["misses"])]) + " |")
    lines += ["", f"{words['legend']}:", ""]
    lines += [f"{n}. {_md(_legend(column, lang))}" for n, column in enumerate(built["columns"], start=1)]
    if legend:
        lines += ["", _md(legend)]
    notes = _notes(document, lang)
    if notes:
        lines.append("")
        lines += [("- " + _md(line.strip())) if line.startswith("  ") else _md(line) for _style, line in notes]
    lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    import re

    return re.sub(r"([\\`*_\[\]<>|#&~$])", r"\\\1", text)


# --- html -------------------------------------------------------------------------------------------

HTML_STYLE = """
.units-matrix { overflow-x: auto; max-width: 100%; }
.units-matrix table { border-collapse: separate; border-spacing: 0; width: auto; table-layout: auto; }
.units-matrix th, .units-matrix td { border: 1px solid #bbb; padding: 2pt 4pt; white-space: nowrap; text-align: right; }
.units-matrix th:first-child, .units-matrix td:first-child { position: sticky; left: 0; z-index: 1; background: #fff; text-align: left; }
.units-matrix thead th { background: #f0f0f0; }
.units-matrix thead th:first-child { background: #f0f0f0; z-index: 2; }
.units-matrix tr.area td { font-weight: bold; border-bottom: 2px solid #555; }
""" + "".join(f".units-matrix td.s-{status} {{ background: {colour}; }}\n" for status, colour in HTML_COLOUR.items())


def html_section(document: dict, view: View = View()) -> str:
    lang, words = view.lang, WORDS[view.lang]
    return html_matrix(document, matrix(document, lang), view, words["heading"], words["order"].format(count=len(document["units"])),
                       words["misses"])


def html_matrix(document: dict, built: dict, view: View, heading: str, order: str, misses: str, legend: str | None = None) -> str:
    """A built matrix as an html section: the first column stays in view when the table scrolls sideways,
    cells are coloured by their status (class s-…) and titled with its word (a cell's "label", if any)."""
    lang, words = view.lang, WORDS[view.lang]
    parts = [f"<style>{HTML_STYLE}</style>", '<section class="units">', f"<h2>{escape(heading)}</h2>",
             f"<p>{escape(order)}. {escape(words['source'][(document.get('area') or {}).get('source', 'total')])}</p>",
             '<div class="units-matrix"><table>', "<thead><tr>", f"<th>{escape(words['unit'])}</th>"]
    for number, column in enumerate(built["columns"], start=1):
        parts.append(f'<th title="{escape(_legend(column, lang))}">{number}</th>')
    parts.append(f"<th>{escape(misses)}</th></tr></thead><tbody>")
    for row in built["rows"]:
        name = row["name"] + (words["empty"] if row["empty"] else "")
        opening = '<tr class="area">' if row["area"] else "<tr>"
        parts.append(f"{opening}<td>{escape(name)}</td>")
        for column in built["columns"]:
            cell = row["cells"].get(column["id"])
            if cell is None:
                parts.append("<td>·</td>")
                continue
            label = cell.get("label") or STATUS_LABEL[lang][cell["status"]]
            parts.append(f'<td class="s-{cell["status"]}" title="{escape(label)}">{escape(cell["text"])} {escape(cell["mark"])}</td>')
        parts.append(f"<td>{row['misses']}</td></tr>")
    parts.append("</tbody></table></div>")
    parts.append(f"<p><strong>{escape(words['legend'])}</strong></p><ol>")
    parts += [f"<li>{escape(_legend(column, lang))}</li>" for column in built["columns"]]
    parts.append("</ol>")
    if legend:
        parts.append(f'<p class="legend">{escape(legend)}</p>')
    parts += [f'<p class="note">{escape(line.strip())}</p>' for _style, line in _notes(document, lang)]
    parts.append("</section>")
    return "\n".join(parts)


def insert_html(page: str, section: str) -> str:
    """The section placed before the page's closing </body> (or at its end)."""
    at = page.rfind("</body>")
    return page + section if at < 0 else page[:at] + section + "\n" + page[at:]


# --- xlsx -------------------------------------------------------------------------------------------


def add_xlsx_sheet(path: str | Path, document: dict, view: View = View()) -> None:
    """The matrix as a sheet of the written report; cells coloured by conditional formatting on their symbol."""
    import openpyxl

    from checker.files import write_atomically

    lang, words = view.lang, WORDS[view.lang]
    workbook = openpyxl.load_workbook(path)
    rules = [(STATUS_SYMBOL[status], FILL[status]) for status in ("fail", "warn", "pass", "not_reported")]
    xlsx_matrix(workbook.create_sheet(words["sheet"]), document, matrix(document, lang), SheetWords(lang, words["heading"], words["misses"]), rules)
    write_atomically(Path(path), workbook.save)


@dataclass(frozen=True)
class SheetWords:
    """The words of a matrix sheet: its language, heading, the misses column's title and a legend line."""

    lang: str
    heading: str
    misses: str
    legend: str | None = None


def xlsx_matrix(sheet, document: dict, built: dict, words_of_sheet: SheetWords, rules: list[tuple[str, str]]) -> None:
    """A built matrix on a sheet: the first column and the header row frozen; `rules` (mark, fill colour),
    the first that a cell's text contains colouring it (conditional formatting, so a sorted copy keeps it)."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from checker.reports.excel import put

    lang, heading, misses, legend = words_of_sheet.lang, words_of_sheet.heading, words_of_sheet.misses, words_of_sheet.legend
    words = WORDS[lang]
    put(sheet.cell(1, 1), heading).font = Font(bold=True, size=14)
    put(sheet.cell(2, 1), words["source"][(document.get("area") or {}).get("source", "total")])
    header = 4
    put(sheet.cell(header, 1), words["unit"]).font = Font(bold=True)
    for number, column in enumerate(built["columns"], start=2):
        put(sheet.cell(header, number), _legend(column, lang)).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = 12
    last_column = len(built["columns"]) + 2
    put(sheet.cell(header, last_column), misses).font = Font(bold=True)
    for offset, row in enumerate(built["rows"], start=1):
        put(sheet.cell(header + offset, 1), row["name"] + (words["empty"] if row["empty"] else "")).font = Font(bold=row["area"])
        for number, column in enumerate(built["columns"], start=2):
            cell = row["cells"].get(column["id"])
            put(sheet.cell(header + offset, number), f"{cell['text']} {cell['mark']}" if cell else "·")
        sheet.cell(header + offset, last_column, row["misses"])
    last_row = header + len(built["rows"])
    area = f"B{header + 1}:{get_column_letter(last_column - 1)}{last_row}"
    for symbol, colour in rules:
        fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        formula = f'NOT(ISERROR(SEARCH("{symbol}",B{header + 1})))'
        sheet.conditional_formatting.add(area, FormulaRule(formula=[formula], fill=fill, stopIfTrue=True))
    sheet.column_dimensions["A"].width = 18
    sheet.freeze_panes = sheet.cell(header + 1, 2)
    notes_row = last_row + 2
    if legend:
        put(sheet.cell(notes_row, 1), legend)
        notes_row += 1
    for style, line in _notes(document, lang):
        put(sheet.cell(notes_row, 1), line.strip())
        notes_row += 1


# --- dispatch ---------------------------------------------------------------------------------------

SECTIONS = ("text", "markdown", "html", "xlsx")


def add_section(name: str, output, document: dict, *args, **kwargs):
    """The format's output with the units' section added: `args` are the format's own (view; path, view)."""
    if name == "xlsx":
        path = args[0] if args else kwargs["path"]
        view = args[1] if len(args) > 1 else kwargs.get("view", View())
        add_xlsx_sheet(path, document, view)
        return output
    view = args[0] if args else kwargs.get("view", View())
    if name == "html":
        return insert_html(output, html_section(document, view))
    if name == "markdown":
        return output + markdown_section(document, view)
    return output + text_section(document, view)
