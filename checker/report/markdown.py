"""A review-ready Markdown document: plan, year, summary, the indicators needing attention with their
reasons, one table per attribute, and the plan's own words for every target as footnotes."""

from __future__ import annotations

import re

from checker.messages import BASIS_NOTE, HEADINGS, full_reason, observed_text, summary_line, target_text
from checker.report.document import (
    WORDS, attribute_heading, by_attribute, colon, facts, needing_attention, report_title, result_name, status_text,
    summary_counts,
)

# Characters that would start Markdown or HTML syntax inside a table cell or a line of text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def render(document: dict, lang: str = "zh", color: bool = False, **options) -> str:
    words, headings = WORDS[lang], HEADINGS[lang]
    results = document["results"]
    lines = [f"# {_escape(report_title(document, lang))}", ""]
    lines += [f"- **{label}**{colon(lang)}{_escape(value)}" for label, value in facts(document, lang)]
    lines += ["", f"## {words['summary']}", "", f"| {headings['status']} | {words['count']} |", "|---|---:|"]
    lines += [f"| {status_text(status, lang)} | {count} |" for status, count in summary_counts(document["summary"])]
    lines += [f"| {words['total']} | {document['summary']['total']} |", "", _escape(summary_line(document["summary"], lang)), ""]

    lines += [f"## {words['attention']}", ""]
    attention = needing_attention(results)
    if not attention:
        lines.append(words["no_attention"])
    for result in attention:
        where = f" [{result['cell']}]" if result["cell"] else ""
        lines.append(
            f"- {status_text(result['status'], lang)} **{_escape(result_name(result, lang))}**"
            f"[^{result['id']}]{colon(lang)}{_escape(full_reason(result, lang) + where)}"
        )
    lines.append("")

    for attribute, members in by_attribute(results):
        lines += [f"## {attribute_heading(attribute, lang)}", ""]
        lines.append(
            f"| {headings['indicator']} | {headings['target']} | {headings['value']} | {headings['status']} "
            f"| {headings['reason']} | {headings['cell']} |"
        )
        lines.append("|---|---|---|---|---|---|")
        for result in members:
            name = _escape(result_name(result, lang) + BASIS_NOTE[lang][result["attribute_basis"]])
            lines.append(
                f"| {name}[^{result['id']}] | {_escape(target_text(result, lang))} "
                f"| {_escape(observed_text(result, lang))} | {status_text(result['status'], lang)} "
                f"| {_escape(full_reason(result, lang))} | {_escape(result['cell'] or '—')} |"
            )
        lines.append("")

    if document["unmatched_rows"]:
        lines += [f"## {words['unmatched']}", "", f"| {words['cell']} | {words['label']} |", "|---|---|"]
        lines += [f"| {_escape(row['cell'])} | {_escape(row['label'])} |" for row in document["unmatched_rows"]]
        lines.append("")

    quoted = "“{}”" if lang == "zh" else '"{}"'
    # A data finding shares its indicator's id and source: one footnote per id.
    for result in {r["id"]: r for r in results}.values():
        source = _escape(result["section"]) + colon(lang) + quoted.format(_escape(result["quote"]))
        lines.append(f"[^{result['id']}]: {source}")
    lines += ["", f"_{words['footer']}_", ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Workbook labels and quotes are shown as written, never read as Markdown; one line per cell."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s*[\r\n]+\s*", " ", text))
