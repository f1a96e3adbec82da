"""The terminal report: a rich table, readable without colour (every status has a symbol and a word)."""

from __future__ import annotations

import io

from checker.reports.view import View
from checker.reports.terminal import text_console
from rich.table import Table
from rich.text import Text

from checker.reports.messages import (
    HEADINGS, STATUS_LABEL, STATUS_SYMBOL, attribute_text, indicator_name, summary_line,
    full_reason, observed_text, target_text,
)

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "not_reported": "dim", "info": "cyan", "waived": "magenta"}


def render(document: dict, view: View = View()) -> str:
    lang, color, width = view.lang, view.color, view.width
    words = HEADINGS[lang]
    buffer = io.StringIO()
    console = text_console(buffer, color, width or 140)
    title = document["plan_title"] if lang == "zh" else document["plan_title_en"]
    console.print(Text(f"{title} — {document['year']}", style="bold"))
    console.print(Text(document["file"], style="dim"))
    table = Table(show_lines=False, header_style="bold")
    table.add_column(words["indicator"], overflow="fold", ratio=3)
    table.add_column(words["attribute"], no_wrap=True)
    table.add_column(words["target"], no_wrap=True)
    table.add_column(words["value"], no_wrap=True)
    table.add_column(words["status"], no_wrap=True)
    table.add_column(words["reason"], overflow="fold", ratio=3)
    for result in document["results"]:
        status_word = result["status"]
        status = Text(f"{STATUS_SYMBOL[status_word]} {STATUS_LABEL[lang][status_word]}", style=STATUS_STYLE[status_word])
        where = result["cell"] or ""
        if result["hidden_row"]:
            where += words["hidden"]
        table.add_row(
            indicator_name(result, lang),
            attribute_text(result, lang),
            target_text(result, lang),
            observed_text(result, lang),
            status,
            f"{full_reason(result, lang)}" + (f"  [{where}]" if where else ""),
        )
    console.print(table)
    if document["unmatched_rows"]:
        console.print(Text(words["unmatched"] + ":", style="bold"))
        for row in document["unmatched_rows"]:
            console.print(f"  {row['cell']}  {row['label']}")
    if document.get("method", {}).get("milestones_apply"):
        console.print(Text(MILESTONE_NOTE[lang].format(year=document["year"], final=document["method"]["final_year"]), style="dim"))
    console.print(Text(summary_line(document["summary"], lang), style="bold"))
    return buffer.getvalue()


MILESTONE_NOTE = {
    "zh": "{year}年为中期年份：各指标按其{year}年进度目标判断（落后不超过容差、默认10%，为预警），{final}年按规划目标判断；计算方法见 checker review。",
    "en": "{year} is before the final year: each indicator is judged against its {year} milestone (behind by no more than its tolerance, 10% by default, is a warning); {final} is judged against the plan's targets; `checker review` shows the method.",
}


BATCH_WORDS = {
    "zh": {"file": "文件", "fails": "未达标份数", "legend": "指标编号", "error": "无法检查", "summary": "{files} 份：{passed} 全部达标，{warned} 有预警，{failed} 有未达标，{errors} 无法检查"},
    "en": {"file": "File", "fails": "files failing", "legend": "Indicators", "error": "could not be checked", "summary": "{files} files: {passed} all pass, {warned} with warnings, {failed} failing, {errors} could not be checked"},
}


def render_batch(document: dict, view: View = View()) -> str:
    """The consolidated matrix: one row per submission, one numbered column per indicator."""
    lang, color, width = view.lang, view.color, view.width
    words = BATCH_WORDS[lang]
    buffer = io.StringIO()
    console = text_console(buffer, color, width or 160)
    console.print(Text(document["plan_title"] if lang == "zh" else document["plan_title_en"], style="bold"))
    matrix = document["matrix"]
    columns = matrix["indicators"]
    table = Table(header_style="bold", show_footer=True)
    table.add_column(words["file"], overflow="fold", footer=words["fails"], min_width=16)
    for number, column in enumerate(columns, start=1):
        failing = matrix["totals"][column["id"]]["fail"]
        table.add_column(str(number), justify="center", no_wrap=True, footer=str(failing))
    for row in matrix["rows"]:
        if "error" in row:
            table.add_row(Text(f"✘ {row['file']}", style="bold red"), *[""] * len(columns))
            continue
        cells = []
        for column in columns:
            status = row["statuses"].get(column["id"])
            cells.append(Text(STATUS_SYMBOL.get(status, "·"), style=STATUS_STYLE.get(status, "dim")))
        table.add_row(row["file"], *cells)
    console.print(table)
    errors = [row for row in matrix["rows"] if "error" in row]
    for row in errors:
        console.print(Text(f"✘ {words['error']}: {row['error']}", style="bold red"))
    console.print(Text(words["legend"] + ":", style="bold"))
    for number, column in enumerate(columns, start=1):
        console.print(f"  {number:>2}. {column['name'] if lang == 'zh' else column['name_en']}")
    symbols = "  ".join(f"{STATUS_SYMBOL[s]} {STATUS_LABEL[lang][s]}" for s in STATUS_SYMBOL)
    console.print(Text(symbols, style="dim"))
    console.print(Text(words["summary"].format(**document["summary"]), style="bold"))
    return buffer.getvalue()
