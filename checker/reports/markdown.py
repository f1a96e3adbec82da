"""A review-ready Markdown document: plan, year, summary, the indicators needing attention with their
reasons, one table per attribute, and the plan's own words for every target as footnotes."""

from __future__ import annotations

import re

from checker.reports.view import View
from checker.reports.messages import (
    notice_lines,
    BASIS_NOTE, HEADINGS, STATUS_LABEL, STATUS_SYMBOL, full_reason, observed_text, summary_line, target_text,
)
from checker.reports.document import (
    WORDS, attribute_heading, by_attribute, colon, facts, needing_attention, plan_title, report_title, result_name,
    status_text, summary_counts,
)
from checker.reports.text import BATCH_WORDS

# Characters that would start Markdown or HTML syntax inside a table cell or a line of text.
# & starts an entity, ~ strikes through and $…$ is math on GitHub: all are shown as written.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~$])")


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    words, headings = WORDS[lang], HEADINGS[lang]
    results = document["results"]
    lines = [f"# {_escape(report_title(document, lang))}", ""]
    lines += [f"> **⚠ {_escape(line)}**\n" for line in notice_lines(document, lang)]
    lines += [f"- **{label}**{colon(lang)}{_escape(value)}" for label, value in facts(document, lang)]
    lines += ["", f"## {words['summary']}", "", f"| {headings['status']} | {words['count']} |", "|---|---:|"]
    lines += [f"| {status_text(status, lang)} | {count} |" for status, count in summary_counts(document["summary"])]
    lines += [f"| {words['total']} | {document['summary']['total']} |", "", _escape(summary_line(document["summary"], lang)), ""]

    lines += [f"## {words['attention']}", ""]
    attention = needing_attention(results)
    if not attention:
        lines.append(words["no_attention"])
    lines += [_attention_item(result, lang, footnote=f"[^{result['id']}]") for result in attention]
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


def render_batch(document: dict, view: View = View()) -> str:
    """The consolidated matrix of several submissions, as the text view shows it, then each file's
    failures and warnings worded as in its own report."""
    lang = view.lang
    words, batch_words = WORDS[lang], BATCH_WORDS[lang]
    matrix = document["matrix"]
    columns = matrix["indicators"]
    lines = [f"# {_escape(plan_title(document, lang))}", "", _escape(batch_words["summary"].format(**document["summary"])), ""]

    lines += [f"## {words['summary']}", ""]
    lines.append(f"| {batch_words['file']} | " + " | ".join(str(number) for number in range(1, len(columns) + 1)) + " |")
    lines.append("|---|" + ":-:|" * len(columns))
    for row in matrix["rows"]:
        if "error" in row:
            lines.append(f"| {STATUS_SYMBOL['fail']} {_escape(row['file'])} |" + " |" * len(columns))
            continue
        symbols = [STATUS_SYMBOL.get(row["statuses"].get(column["id"]), "·") for column in columns]
        lines.append(f"| {_escape(row['file'])} | " + " | ".join(symbols) + " |")
    fails = [str(matrix["totals"][column["id"]]["fail"]) for column in columns]
    lines += [f"| **{batch_words['fails']}** | " + " | ".join(fails) + " |", ""]
    lines += ["  ".join(f"{STATUS_SYMBOL[s]} {STATUS_LABEL[lang][s]}" for s in STATUS_SYMBOL), ""]

    errors = [row for row in matrix["rows"] if "error" in row]
    if errors:
        lines += [f"## {batch_words['error']}", ""]
        lines += [f"- {STATUS_SYMBOL['fail']} {_escape(row['error'])}" for row in errors]  # the message names the file
        lines.append("")

    lines += [f"## {batch_words['legend']}", ""]
    lines += [f"{number}. {_escape(column['name'] if lang == 'zh' else column['name_en'])}" for number, column in enumerate(columns, start=1)]
    lines.append("")

    lines += [f"## {words['attention']}", ""]
    for file in document["files"]:
        if "error" in file:
            continue
        lines += [f"### {_escape(file['file'])}", ""]
        attention = needing_attention(file["results"])
        if not attention:
            lines.append(words["no_attention"])
        lines += [_attention_item(result, lang) for result in attention]
        lines.append("")
    lines += [f"_{words['footer']}_", ""]
    return "\n".join(lines)


def _attention_item(result: dict, lang: str, footnote: str = "") -> str:
    """"- ✘ 未达标 **name**[^id]：reason [cell]", a list item of a failure or warning."""
    where = f" [{result['cell']}]" if result["cell"] else ""
    return (
        f"- {status_text(result['status'], lang)} **{_escape(result_name(result, lang))}**"
        f"{footnote}{colon(lang)}{_escape(full_reason(result, lang) + where)}"
    )


def _escape(text: str) -> str:
    """Workbook labels and quotes are shown as written, never read as Markdown; one line per cell."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s*[\r\n]+\s*", " ", text))
