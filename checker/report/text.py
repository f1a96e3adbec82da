"""The terminal report: a rich table, readable without colour (every status has a symbol and a word)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.messages import (
    HEADINGS, STATUS_LABEL, STATUS_SYMBOL, attribute_text, indicator_name, summary_line,
    full_reason, observed_text, target_text,
)

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "not_reported": "dim", "info": "cyan", "waived": "magenta"}


def render(document: dict, lang: str = "zh", color: bool = False, width: int | None = None, **options) -> str:
    words = HEADINGS[lang]
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width or 140, highlight=False)
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
            console.print(f"  {row['cell']}  {row['label']}", markup=False)
    console.print(Text(summary_line(document["summary"], lang), style="bold"))
    return buffer.getvalue()
