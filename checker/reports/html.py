"""A single self-contained HTML page to print for a review meeting: no network, inline CSS and SVG.

Each indicator has a progress bar toward its target (with the year's milestone marked in mid-term
years); every status shows its symbol and word beside its colour, so a black-and-white print keeps
all the information. Fonts fall back through the common Chinese system fonts to any sans-serif.
"""

from __future__ import annotations

from html import escape

from checker.reports.view import View
from checker.judging.evaluate import format_number
from checker.operators import OPERATORS
from checker.reports.messages import (
    notice_lines,
    BASIS_NOTE, HEADINGS, STATUS_LABEL, STATUS_SYMBOL, full_reason, observed_text, summary_line, target_text, value_text,
)
from checker.reports.document import (
    WORDS, attribute_heading, by_attribute, colon, facts, needing_attention, plan_title, report_title, result_name,
    status_text, summary_counts,
)
from checker.reports.text import BATCH_WORDS

STATUS_COLOUR = {
    "pass": "#1a7f37", "warn": "#9a6700", "fail": "#c62828", "not_reported": "#6b7280", "info": "#0969da",
    "waived": "#8250df",
}

STYLE = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
.notice { border: 2px solid #9a6700; background: #fff8c5; padding: 6px 10px; font-weight: bold; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
       "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif;
       font-size: 10.5pt; line-height: 1.45; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 6pt; border-bottom: 1px solid #999; padding-bottom: 2pt; break-after: avoid; }
.meta { margin: 0; color: #333; }
.meta span + span::before { content: " · "; }
.counts { display: flex; flex-wrap: wrap; gap: 6pt; margin: 6pt 0; padding: 0; list-style: none; }
.counts li { border: 1.5px solid; border-radius: 4pt; padding: 3pt 8pt; font-weight: bold; }
.summary-line { margin: 4pt 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 3pt 4pt; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
col.name { width: 27%; } col.target { width: 10%; } col.value { width: 13%; } col.progress { width: 15%; }
col.status { width: 11%; } col.reason { width: 24%; }
.status { font-weight: bold; white-space: nowrap; }
.note { color: #555; font-size: 8.5pt; margin-top: 2pt; }
.bar { display: block; width: 100%; height: 10pt; }
.attention li { margin-bottom: 3pt; }
table.matrix { table-layout: auto; }
.matrix td, .matrix tfoot th { text-align: center; font-weight: bold; }
.matrix .file { text-align: left; }
footer { margin-top: 14pt; color: #555; font-size: 8.5pt; }
@media print { body { padding: 0; max-width: none; } * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def render(document: dict, view: View = View()) -> str:
    lang, color = view.lang, view.color
    words, headings = WORDS[lang], HEADINGS[lang]
    title = report_title(document, lang)
    parts = [
        *_page_start(title, lang),
        f"<header><h1>{escape(title)}</h1><p class=\"meta\">"
        + "".join(f"<span>{escape(label + colon(lang) + value)}</span>" for label, value in facts(document, lang))
        + "</p>"
        + "".join(f'<p class="notice" role="alert">⚠ {escape(line)}</p>' for line in notice_lines(document, lang))
        + "</header>",
        f'<section id="summary"><h2>{escape(words["summary"])}</h2><ul class="counts">',
    ]
    for status, count in summary_counts(document["summary"]):
        colour = STATUS_COLOUR[status]
        parts.append(f'<li class="{status}" style="color:{colour};border-color:{colour}">{escape(status_text(status, lang))} {count}</li>')
    parts.append(f'</ul><p class="summary-line">{escape(summary_line(document["summary"], lang))}</p></section>')

    parts.append(f'<section id="attention"><h2>{escape(words["attention"])}</h2>')
    parts += [_attention(document["results"], lang), "</section>"]

    for attribute, members in by_attribute(document["results"]):
        parts.append(f'<section class="{attribute}"><h2>{escape(attribute_heading(attribute, lang))}</h2><table>')
        parts.append('<colgroup><col class="name"><col class="target"><col class="value"><col class="progress">'
                     '<col class="status"><col class="reason"></colgroup>')
        parts.append(
            "<thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in (
                headings["indicator"], headings["target"], headings["value"], words["progress"], headings["status"],
                headings["reason"],
            ))
            + "</tr></thead><tbody>"
        )
        parts += [_row(result, lang, document["year"]) for result in members]
        parts.append("</tbody></table></section>")

    if document["unmatched_rows"]:
        parts.append(f'<section id="unmatched"><h2>{escape(words["unmatched"])}</h2><table><thead><tr>'
                     f'<th>{escape(words["cell"])}</th><th>{escape(words["label"])}</th></tr></thead><tbody>')
        parts += [f"<tr><td>{escape(row['cell'])}</td><td>{escape(row['label'])}</td></tr>" for row in document["unmatched_rows"]]
        parts.append("</tbody></table></section>")
    parts.append(f"<footer>{escape(words['footer'])}</footer></body></html>")
    return "\n".join(parts) + "\n"


def render_batch(document: dict, view: View = View()) -> str:
    """The consolidated matrix of several submissions on one page: a row per file, a numbered column
    per indicator whose cell shows the status symbol in its colour (the legend gives the words), the
    number of files failing each indicator, files that could not be checked, each file's failures."""
    lang = view.lang
    words, batch_words = WORDS[lang], BATCH_WORDS[lang]
    matrix = document["matrix"]
    columns = matrix["indicators"]
    title = plan_title(document, lang)
    parts = [
        *_page_start(title, lang),
        f"<header><h1>{escape(title)}</h1></header>",
        f'<section id="summary"><p class="summary-line">{escape(batch_words["summary"].format(**document["summary"]))}</p></section>',
        f'<section id="matrix"><h2>{escape(words["summary"])}</h2><table class="matrix"><thead><tr>'
        f'<th class="file">{escape(batch_words["file"])}</th>'
        + "".join(f'<th title="{escape(_column_name(column, lang))}">{number}</th>' for number, column in enumerate(columns, start=1))
        + "</tr></thead><tbody>",
    ]
    for row in matrix["rows"]:
        if "error" in row:
            parts.append(
                f'<tr class="error"><td class="file">{_status_badge("fail", lang)} {escape(row["file"])}</td>'
                f'<td colspan="{len(columns)}">{escape(batch_words["error"])}</td></tr>'
            )
            continue
        cells = "".join(_matrix_cell(row["statuses"].get(column["id"]), lang) for column in columns)
        parts.append(f'<tr><td class="file">{escape(row["file"])}</td>{cells}</tr>')
    fails = "".join(f'<td>{matrix["totals"][column["id"]]["fail"]}</td>' for column in columns)
    parts.append(f'</tbody><tfoot><tr class="totals"><th class="file">{escape(batch_words["fails"])}</th>{fails}</tr></tfoot></table>')
    parts.append('<p class="note">' + "  ".join(escape(status_text(status, lang)) for status in STATUS_COLOUR) + "</p></section>")

    errors = [row for row in matrix["rows"] if "error" in row]
    if errors:
        parts.append(f'<section id="errors"><h2>{escape(batch_words["error"])}</h2><ul>')
        parts += [f"<li>{_status_badge('fail', lang)} {escape(row['error'])}</li>" for row in errors]  # the message names the file
        parts.append("</ul></section>")

    parts.append(f'<section id="legend"><h2>{escape(batch_words["legend"])}</h2><ol>')
    parts += [f"<li>{escape(_column_name(column, lang))}</li>" for column in columns]
    parts.append("</ol></section>")

    parts.append(f'<section id="attention"><h2>{escape(words["attention"])}</h2>')
    for file in document["files"]:
        if "error" not in file:
            parts += [f'<h3>{escape(file["file"])}</h3>', _attention(file["results"], lang)]
    parts.append(f"</section><footer>{escape(words['footer'])}</footer></body></html>")
    return "\n".join(parts) + "\n"


def _page_start(title: str, lang: str) -> list[str]:
    return [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>",
        "<body>",
    ]


def _attention(results: list[dict], lang: str) -> str:
    """The failures and warnings with their reasons, or a sentence saying there are none."""
    attention = needing_attention(results)
    if not attention:
        return f"<p>{escape(WORDS[lang]['no_attention'])}</p>"
    items = []
    for result in attention:
        where = f" [{result['cell']}]" if result["cell"] else ""
        items.append(
            f"<li>{_status_badge(result['status'], lang)} <b>{escape(result_name(result, lang))}</b>{colon(lang)}"
            f"{escape(full_reason(result, lang) + where)}</li>"
        )
    return '<ul class="attention">' + "".join(items) + "</ul>"


def _column_name(column: dict, lang: str) -> str:
    return column["name"] if lang == "zh" else column["name_en"]


def _matrix_cell(status: str | None, lang: str) -> str:
    """The symbol in the status colour; the word as a tooltip and for screen readers."""
    if status is None:
        return "<td>·</td>"
    return (
        f'<td class="{status}" style="color:{STATUS_COLOUR[status]}" title="{escape(STATUS_LABEL[lang][status])}" '
        f'aria-label="{escape(STATUS_LABEL[lang][status])}">{STATUS_SYMBOL[status]}</td>'
    )


def _row(result: dict, lang: str, year_judged: int) -> str:
    name = result_name(result, lang) + BASIS_NOTE[lang][result["attribute_basis"]]
    source = result["section"] + colon(lang) + result["quote"]
    value = escape(observed_text(result, lang))
    if result["cell"]:
        value += f'<div class="note">{escape(result["cell"])}</div>'
    # Earlier years show the trend toward the target; later columns of the workbook are not judged here.
    history = {year: figure for year, figure in (result.get("values_by_year") or {}).items() if int(year) <= year_judged}
    if len(history) > 1:
        value += '<div class="note">' + ", ".join(
            f"{year}: {escape(value_text(result, figure, lang))}" for year, figure in history.items()
        ) + "</div>"
    return (
        f'<tr class="{result["status"]}">'
        f'<td>{escape(name)}<div class="note">{escape(source)}</div></td>'
        f"<td>{escape(target_text(result, lang))}</td>"
        f"<td>{value}</td>"
        f"<td>{_progress(result, lang)}</td>"
        f"<td>{_status_badge(result['status'], lang)}</td>"
        f"<td>{escape(full_reason(result, lang))}</td>"
        "</tr>"
    )


def _status_badge(status: str, lang: str) -> str:
    return f'<span class="status" style="color:{STATUS_COLOUR[status]}">{escape(status_text(status, lang))}</span>'


def _progress(result: dict, lang: str) -> str:
    """An SVG bar of the share of the target reached, with a tick at the year's milestone."""
    share = result.get("share_of_target")
    target = result["target"]
    if share is None or not OPERATORS[result["operator"]].bar or not isinstance(target, (int, float)) or target <= 0:
        return "—"
    words = WORDS[lang]
    filled = max(0.0, min(share, 100.0))
    label = f"{words['share']} {format_number(share)}%"
    shapes = [
        '<rect x="0" y="2" width="100" height="8" fill="#e5e7eb"/>',
        f'<rect x="0" y="2" width="{format_number(filled)}" height="8" fill="{STATUS_COLOUR[result["status"]]}"/>',
    ]
    notes = [f"{format_number(share)}%"]
    milestone = result.get("milestone")
    if milestone is not None:
        position = max(0.0, min(milestone / target * 100, 100.0))
        shapes.append(
            f'<line x1="{format_number(round(position, 2))}" x2="{format_number(round(position, 2))}" y1="0" y2="12" '
            'stroke="#111" stroke-width="2" vector-effect="non-scaling-stroke"/>'
        )
        milestone_words = f"{words['milestone']} {value_text(result, milestone, lang)}"
        label += f"; {milestone_words}"
        notes.append(f"▏{milestone_words}")
    return (
        f'<svg class="bar" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(shapes)}</svg>"
        f'<div class="note">{escape(" ".join(notes))}</div>'
    )
