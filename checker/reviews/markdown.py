"""The review as a Markdown document: title, date, summary paragraph, one table row per indicator,
counts by verdict and attribute, and the method; to paste into a report or render on GitHub."""

from __future__ import annotations

import re

from checker.reports.messages import ATTRIBUTE_LABEL
from checker.reports.view import View
from checker.reviews import words as w

# Characters that would start Markdown or HTML syntax in a table cell or a line (as reports/markdown.py).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~$])")


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    words = w.WORDS[lang]
    colon = w.colon(lang)
    lines = [f"# {_escape(w.title(document, lang))}", ""]
    lines += [f"- **{label}**{colon}{_escape(value)}" for label, value in w.facts(document, lang)]
    lines += ["", f"## {words['summary']}", "", _escape(w.summary_paragraph(document, lang)), ""]

    headings = w.headings(document, lang)
    lines += [f"## {words['indicators']}", ""]
    lines.append("| " + " | ".join(_escape(heading) for _key, heading in headings) + " |")
    lines.append("|" + "|".join("---" if key in ("name", "attribute", "trajectory", "verdict", "required", "note") else "---:" for key, _ in headings) + "|")
    for entry in document["indicators"]:
        cells = w.row(document, entry, lang)
        shown = {key: _escape(cells[key]) for key, _heading in headings}
        shown["verdict"] = f"**{shown['verdict']}**"
        lines.append("| " + " | ".join(shown[key] or " " for key, _heading in headings) + " |")
    lines.append("")

    attributes = list(ATTRIBUTE_LABEL[lang].values())
    lines += [f"## {words['counts']}", "", f"| {words['verdict']} | {' | '.join(attributes)} | {words['total']} |", "|---|---:|---:|---:|"]
    lines += [f"| {verdict} | {binding} | {expected} | {total} |" for verdict, binding, expected, total in w.count_rows(document, lang)]
    if document.get("units"):  # a workbook with sub-units: the unit × indicator matrix (issue 14)
        from checker.reviews.units import markdown_section

        lines += markdown_section(document, view).rstrip("\n").split("\n")
    lines += ["", f"## {words['method']}", ""]
    lines += [f"- {_escape(line)}" for line in document["method"][lang]]
    lines += ["", f"_{words['footer']}_", ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Workbook labels and plan names are shown as written, never read as Markdown; one line per cell."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s*[\r\n]+\s*", " ", str(text)))
