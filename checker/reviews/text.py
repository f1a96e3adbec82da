"""The review on a terminal: title, summary paragraph, one table row per indicator, counts, method.

Every string from a workbook or a target file reaches rich as plain text (the console has markup
off, and cells are Text objects), so "90[/]" in a label is printed as written.
"""

from __future__ import annotations

import io

from rich.table import Table
from rich.text import Text

from checker.reports.terminal import text_console
from checker.reports.view import View
from checker.reports.messages import ATTRIBUTE_LABEL
from checker.reviews import words as w

VERDICT_STYLE = {
    "achieved": "bold green", "ahead": "green", "on_track": "cyan", "behind": "bold red", "at_risk": "bold red",
    "exceeded": "bold green", "met": "green", "missed": "bold red", "pending": "dim", "insufficient": "yellow",
}
NARROW = {"attribute", "trajectory", "verdict", "baseline", "milestone", "progress", "projection"}


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    words = w.WORDS[lang]
    buffer = io.StringIO()
    console = text_console(buffer, view.color, view.width or 200)
    console.print(Text(w.title(document, lang), style="bold"))
    # Lines of prose are left to the terminal to wrap, so a paragraph copied from it stays one line.
    console.print(Text("  ".join(label + w.colon(lang) + value for label, value in w.facts(document, lang)), style="dim"), soft_wrap=True)
    console.print(Text(w.summary_paragraph(document, lang)), soft_wrap=True)
    table = Table(header_style="bold", show_lines=True)
    headings = w.headings(document, lang)
    for key, heading in headings:
        if key == "name":
            table.add_column(heading, overflow="fold", min_width=20, ratio=3)
        elif key in ("required", "note"):
            table.add_column(heading, overflow="fold", ratio=2)
        else:
            table.add_column(heading, overflow="fold", no_wrap=key in NARROW)
    for entry in document["indicators"]:
        cells = w.row(document, entry, lang)
        table.add_row(*(
            Text(cells[key], style=VERDICT_STYLE[entry["verdict"]]) if key == "verdict" else Text(cells[key])
            for key, _heading in headings
        ))
    console.print(table)
    console.print(Text(words["counts"], style="bold"))
    counts = Table(header_style="bold")
    counts.add_column(words["verdict"])
    for label in (*ATTRIBUTE_LABEL[lang].values(), words["total"]):
        counts.add_column(label, justify="right")
    for verdict, *numbers in w.count_rows(document, lang):
        counts.add_row(verdict, *map(str, numbers))
    console.print(counts)
    if document.get("units"):  # a workbook with sub-units: the unit × indicator matrix (issue 14)
        from checker.reviews.units import text_section

        buffer.write(text_section(document, view) + "\n")
    console.print(Text(words["method"], style="bold"))
    for line in document["method"][lang]:
        console.print(Text(f"  {line}"), soft_wrap=True)
    return buffer.getvalue()
