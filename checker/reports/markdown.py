"""A review-ready Markdown document: plan, year, overall result, summary, the indicators needing attention
with their reasons, one table per attribute (with the year's milestone in mid-term years), the unreported
supplementary indicators together, and the plan's own words for every target as footnotes.

Several files give the consolidated matrix (a row per file with its year and overall result, the most
severe first), the files that could not be checked with the reason, and each file's failures and warnings;
a `checker ci` run over several plans opens with an overview of the plans (reports/ci.py).
"""

from __future__ import annotations

import re
from typing import Iterator

from checker.reports.view import View
from checker.reports.messages import (
    notice_lines,
    BASIS_NOTE, HEADINGS, STATUS_LABEL, STATUS_SYMBOL, full_reason, observed_text, summary_line, target_text, value_text,
)
from checker.reports.document import (
    BATCH, LAYOUT, VERDICT_LABEL, VERDICT_SYMBOL, WORDS, attribute_heading, by_attribute, colon, error_entry, error_reason, facts,
    mid_term, needing_attention, ordered_positions, plan_title, report_title, reported, result_name, shown_files,
    status_text, summary_counts, verdict_of, verdict_text,
)
from checker.reports.streaming import joined
from checker.reports.text import BATCH_WORDS, incomplete_line

# Characters that would start Markdown or HTML syntax inside a table cell or a line of text.
# & starts an entity, ~ strikes through and $…$ is math on GitHub: all are shown as written.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~$])")


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    words, headings, layout = WORDS[lang], HEADINGS[lang], LAYOUT[lang]
    results = document["results"]
    tabled, unreported = reported(results)
    file = shown_files([document["file"]])[document["file"]]
    lines = [f"# {_escape(report_title(document, lang))}", ""]
    lines += [f"> **⚠ {_escape(line)}**\n" for line in notice_lines(document, lang)]
    lines += [f"- **{label}**{colon(lang)}{_escape(file if label == words['file'] else value)}" for label, value in facts(document, lang)]
    lines.append(f"- **{layout['verdict']}**{colon(lang)}{verdict_text(verdict_of(document), lang)}")
    lines += ["", f"## {words['summary']}", "", f"| {headings['status']} | {words['count']} |", "|---|---:|"]
    lines += [f"| {status_text(status, lang)} | {count} |" for status, count in summary_counts(document["summary"])]
    lines += [f"| {words['total']} | {document['summary']['total']} |", "", _escape(summary_line(document["summary"], lang)), ""]

    lines += [f"## {words['attention']}", ""]
    attention = needing_attention(results)
    if not attention:
        lines.append(words["no_attention"])
    lines += [_attention_item(result, lang, footnote=f"[^{result['id']}]") for result in attention]
    lines.append("")

    milestones = mid_term(document)
    milestone_heading = layout["milestone_column"].format(year=document["year"])
    for attribute, members in by_attribute(tabled):
        lines += [f"## {attribute_heading(attribute, lang)}", ""]
        titles = [headings["indicator"], headings["target"], *([milestone_heading] if milestones else []),
                  headings["value"], headings["status"], headings["reason"], headings["cell"]]
        lines += ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
        for result in members:
            name = _escape(result_name(result, lang) + BASIS_NOTE[lang][result["attribute_basis"]])
            milestone = ([_escape(value_text(result, result.get("milestone"), lang))] if milestones else [])
            cells = [f"{name}[^{result['id']}]", _escape(target_text(result, lang)), *milestone,
                     _escape(observed_text(result, lang)), status_text(result["status"], lang),
                     _escape(full_reason(result, lang)), _escape(result["cell"] or "—")]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")

    if unreported:
        count = f"（{len(unreported)}）" if lang == "zh" else f" ({len(unreported)})"
        separator = "、" if lang == "zh" else ", "
        lines += [f"## {layout['not_reported']}{count}", "", f"{STATUS_SYMBOL['not_reported']} {layout['not_reported_note']}{colon(lang)}"
                  + separator.join(f"{_escape(result_name(r, lang))}[^{r['id']}]" for r in unreported), ""]

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
    return "".join(stream_batch(document, view))


def stream_batch(document: dict, view: View = View()) -> Iterator[str]:
    """render_batch in pieces, file by file (reports/streaming.py)."""
    return joined(_batch_lines(document, view))


def _batch_lines(document: dict, view: View) -> Iterator[str]:
    """The consolidated matrix of several submissions (a row per file: its year, its overall result,
    a status symbol per numbered indicator; the most severe first), the totals of failing and warning
    files per indicator, the files that could not be checked and why, then each file's failures and
    warnings worded as in its own report. Files are read one at a time."""
    lang = view.lang
    words, batch = WORDS[lang], BATCH[lang]
    matrix = document["matrix"]
    columns = matrix["indicators"]
    rows = matrix["rows"]
    files = document["files"]
    order = ordered_positions(rows, view.order)
    names = shown_files(row["file"] for row in rows)
    yield from [f"# {_escape(plan_title(document, lang))} — {batch['report']}", ""]
    incomplete = incomplete_line(document, lang)
    if incomplete:
        yield from [f"> **{_escape(incomplete)}**", ""]
    summary = document["summary"]
    counts = {"pass": "passed", "warn": "warned", "fail": "failed", "error": "errors"}
    yield from [_escape(BATCH_WORDS[lang]["summary"].format(**summary)), ""]
    yield from [f"| {batch['verdict']} | {batch['files']} |", "|---|---:|"]
    yield from (f"| {verdict_text(v, lang)} | {summary[counts[v]]} |" for v in ("pass", "warn", "fail", "error"))
    yield from ["", f"## {batch['matrix']}", "", batch["order_severity"] if view.order == "severity" else batch["order_input"], ""]
    yield f"| {batch['file']} | {batch['year']} | {batch['verdict']} | " + " | ".join(str(n) for n in range(1, len(columns) + 1)) + " |"
    yield "|---|---|---|" + ":-:|" * len(columns)
    errors = []
    for position in order:
        row = rows[position]
        verdict = verdict_of(row)
        if verdict == "error":
            errors.append(position)
            yield f"| {_escape(names[row['file']])} | — | {verdict_text(verdict, lang)} |" + " |" * len(columns)
            continue
        symbols = [STATUS_SYMBOL.get(row["statuses"].get(column["id"]), "·") for column in columns]
        yield f"| {_escape(names[row['file']])} | {row.get('year', '—')} | {verdict_text(verdict, lang)} | " + " | ".join(symbols) + " |"
    yield f"| **{batch['fails']}** | | | " + " | ".join(str(matrix["totals"][c["id"]]["fail"]) for c in columns) + " |"
    yield f"| **{batch['warns']}** | | | " + " | ".join(str(matrix["totals"][c["id"]]["warn"]) for c in columns) + " |"
    symbols = [f"{STATUS_SYMBOL[s]} {STATUS_LABEL[lang][s]}" for s in STATUS_SYMBOL]
    symbols += [f"{VERDICT_SYMBOL['error']} {VERDICT_LABEL[lang]['error']}", "· " + ("无此指标" if lang == "zh" else "not in this file")]
    yield from ["", "  ".join(symbols), ""]

    if errors:
        yield from [f"## {batch['errors']}", ""]
        for p in errors:
            reason = error_reason(error_entry(rows[p], files, p), lang)
            yield f"- {verdict_text('error', lang)} **{_escape(names[rows[p]['file']])}**{colon(lang)}{_escape(reason)}"
        yield ""

    yield from [f"## {batch['legend']}", ""]
    yield from (f"{number}. {_escape(column['name'] if lang == 'zh' else column['name_en'])}" for number, column in enumerate(columns, start=1))
    yield from ["", f"## {words['attention']}", ""]
    unreadable = set(errors)
    for position in order:
        if position in unreadable:
            continue
        file = files[position]
        yield from [f"### {_escape(names.get(file['file'], file['file']))} {verdict_text(verdict_of(file), lang)}", ""]
        attention = needing_attention(file["results"])
        if not attention:
            yield words["no_attention"]
        yield from (_attention_item(result, lang) for result in attention)
        yield ""
    yield from [f"_{words['footer']}_", ""]


def render_overview(document: dict, view: View = View()) -> str:
    """The opening of a `checker ci` run over several plans: one row per plan, its files by overall result."""
    lang = view.lang
    batch = BATCH[lang]
    sections = document["plans"]
    keys = ("files", "passed", "warned", "failed", "errors")
    lines = [f"# {batch['overview']}", "",
             f"| {batch['plan']} | {batch['files']} | " + " | ".join(verdict_text(v, lang) for v in ("pass", "warn", "fail", "error")) + " |",
             "|---|" + "---:|" * len(keys)]
    for section in sections:
        lines.append(f"| {_escape(plan_title(section, lang))} | " + " | ".join(str(section["summary"][key]) for key in keys) + " |")
    lines.append(f"| **{WORDS[lang]['total']}** | " + " | ".join(f"**{sum(s['summary'][key] for s in sections)}**" for key in keys) + " |")
    return "\n".join(lines) + "\n"


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
