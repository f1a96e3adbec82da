"""The terminal report: a rich table, readable without colour (every status has a symbol and a word)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.evaluate import Report
from checker.messages import (
    HEADINGS, STATUS_LABEL, STATUS_SYMBOL, attribute_text, indicator_name, reason_text, summary_line,
    target_text, value_text,
)

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "not_reported": "dim"}


def render(report: Report, lang: str = "zh", color: bool = False, width: int | None = None) -> str:
    words = HEADINGS[lang]
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width or 140, highlight=False)
    plan = report.plan
    title = plan.title if lang == "zh" else plan.title_en
    console.print(Text(f"{title} — {report.year}", style="bold"))
    console.print(Text(report.file, style="dim"))
    table = Table(show_lines=False, header_style="bold")
    table.add_column(words["indicator"], overflow="fold", ratio=3)
    table.add_column(words["attribute"], no_wrap=True)
    table.add_column(words["target"], no_wrap=True)
    table.add_column(words["value"], no_wrap=True)
    table.add_column(words["status"], no_wrap=True)
    table.add_column(words["reason"], overflow="fold", ratio=3)
    for result in report.results:
        indicator = result.indicator
        status = Text(f"{STATUS_SYMBOL[result.status]} {STATUS_LABEL[lang][result.status]}", style=STATUS_STYLE[result.status])
        where = result.cell or ""
        if result.hidden:
            where += words["hidden"]
        table.add_row(
            indicator_name(indicator, lang),
            attribute_text(indicator, lang),
            target_text(indicator, lang),
            value_text(indicator, result.value, lang),
            status,
            f"{reason_text(result, lang)}" + (f"  [{where}]" if where else ""),
        )
    console.print(table)
    if report.unmatched_rows:
        console.print(Text(words["unmatched"] + ":", style="bold"))
        for row in report.unmatched_rows:
            console.print(f"  {row.cell}  {row.label}", markup=False)
    console.print(Text(summary_line(report.summary, lang), style="bold"))
    return buffer.getvalue()
