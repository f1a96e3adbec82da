"""Self-contained HTML pages that read well on a phone, a desktop and A4 paper: no network, inline CSS and SVG.

A check gives one report: per indicator its target, its value as the label of a bar toward the target
(with the year's milestone marked in mid-term years, the marks explained in a legend), the status and
the reason; unreported supplementary indicators are listed together, and the plan's own words are
numbered notes behind a disclosure. Several files give the consolidated matrix (a row per file with its
year and overall result, the most severe first; a column per indicator), and a `checker ci` run over
several plans opens with an overview of the plans. Every status shows its symbol and word beside its
colour, so a black-and-white print keeps all the information.

The look (phone cards, the scrolling matrix, the A4 print with page numbers) is checker/reports/style.py.
"""

from __future__ import annotations

import re
from html import escape
from typing import Iterator

from checker.judging.evaluate import format_number
from checker.operators import OPERATORS
from checker.reports.document import (
    BATCH, LAYOUT, VERDICT_LABEL, VERDICT_SYMBOL, VERDICTS, WORDS, attribute_heading, by_attribute, colon, error_entry, error_reason, facts, mid_term,
    needing_attention, ordered_positions, plan_title, report_title, reported, result_name, shown_files, status_text,
    summary_counts, verdict_of, verdict_text,
)
from checker.reports.messages import (
    BASIS_NOTE, HEADINGS, STATUS_LABEL, STATUS_SYMBOL, full_reason, notice_lines, observed_text, summary_line,
    target_text, value_text,
)
from checker.reports.style import STATUS_COLOUR, page_rules, page_start
from checker.reports.text import BATCH_WORDS, incomplete_line
from checker.reports.view import View


# --- one workbook ------------------------------------------------------------------------------------------


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    words, layout = WORDS[lang], LAYOUT[lang]
    title = report_title(document, lang)
    file = shown_files([document["file"]])[document["file"]]
    results = document["results"]
    tabled, unreported = reported(results)
    notes = _note_numbers(results)
    milestones = mid_term(document)
    footer_left = f"{plan_title(document, lang)} · {document['year']}"
    footer_right = f"{file} · {view.made}"
    parts = page_start(title, lang, page_rules(lang, footer_left, footer_right))
    meta = [*((label, file if label == words["file"] else value) for label, value in facts(document, lang)),
            (layout["made"], view.made)]
    parts.append(
        f"<header><h1>{escape(title)}</h1>" + _meta(meta, lang)
        + "".join(f'<p class="notice" role="alert">⚠ {escape(line)}</p>' for line in notice_lines(document, lang))
        + "</header>"
    )
    verdict = verdict_of(document)
    parts.append(
        f'<section id="summary"><h2>{escape(words["summary"])}</h2>'
        f'<p class="verdict">{escape(layout["verdict"] + colon(lang))}{_badge(verdict, verdict_text(verdict, lang))}</p>'
        '<ul class="counts">'
    )
    for status, count in summary_counts(document["summary"]):
        colour = STATUS_COLOUR[status]
        parts.append(f'<li class="{status}" style="color:{colour};border-color:{colour}">{escape(status_text(status, lang))} {count}</li>')
    parts.append(f'</ul><p class="summary-line">{escape(summary_line(document["summary"], lang))}</p></section>')

    parts.append(f'<section id="attention"><h2>{escape(words["attention"])}</h2>{_attention(results, lang)}</section>')

    if tabled:
        parts.append(f'<p class="legend-line">{escape(_legend(document, lang, milestones))}</p>')
    for attribute, members in by_attribute(tabled):
        parts.append(f'<section class="{attribute}"><h2>{escape(attribute_heading(attribute, lang))}</h2>')
        parts.append(_results_table(members, notes, lang, document["year"], milestones))
        parts.append("</section>")

    if unreported:
        names = "".join(
            f"<li>{escape(result_name(r, lang))}{_ref(notes, r)}</li>" for r in unreported
        )
        parts.append(
            f'<section id="not-reported"><h2>{escape(layout["not_reported"])}（{len(unreported)}）</h2>'
            f'<p class="note">○ {escape(layout["not_reported_note"])}</p><ul class="names">{names}</ul></section>'
            if lang == "zh" else
            f'<section id="not-reported"><h2>{escape(layout["not_reported"])} ({len(unreported)})</h2>'
            f'<p class="note">○ {escape(layout["not_reported_note"])}</p><ul class="names">{names}</ul></section>'
        )

    if document["unmatched_rows"]:
        parts.append(f'<section id="unmatched"><h2>{escape(words["unmatched"])}</h2><table><thead><tr>'
                     f'<th>{escape(words["cell"])}</th><th>{escape(words["label"])}</th></tr></thead><tbody>')
        parts += [f"<tr><td>{escape(row['cell'])}</td><td>{escape(row['label'])}</td></tr>" for row in document["unmatched_rows"]]
        parts.append("</tbody></table></section>")

    parts.append(_sources(results, notes, lang))
    parts.append(f"<footer>{escape(words['footer'])} · {escape(layout['made'] + colon(lang) + view.made)}</footer></body></html>")
    return "\n".join(parts) + "\n"


def _meta(pairs: list[tuple[str, str]], lang: str) -> str:
    return '<p class="meta">' + "".join(f"<span>{escape(label + colon(lang) + str(value))}</span>" for label, value in pairs) + "</p>"


def _note_numbers(results: list[dict]) -> dict[str, int]:
    """A note number per indicator, in plan order (a data finding shares its indicator's)."""
    numbers: dict[str, int] = {}
    for result in results:
        numbers.setdefault(result["id"], len(numbers) + 1)
    return numbers


def _ref(notes: dict[str, int], result: dict) -> str:
    return f'<sup class="ref">{notes[result["id"]]}</sup>'


def _legend(document: dict, lang: str, milestones: bool) -> str:
    layout = LAYOUT[lang]
    separator = "；" if lang == "zh" else "; "
    text = layout["bar_legend"]
    if milestones:
        text += separator + "▏" + layout["milestone_legend"].format(year=document["year"])
    return text


def _results_table(results: list[dict], notes: dict[str, int], lang: str, year: int, milestones: bool) -> str:
    headings, layout = HEADINGS[lang], LAYOUT[lang]
    columns = [("name", headings["indicator"]), ("target", headings["target"])]
    if milestones:
        columns.append(("milestone", layout["milestone_column"].format(year=year)))
    columns += [("value", headings["value"]), ("status", headings["status"]), ("reason", headings["reason"])]
    head = "".join(f'<col class="{name}">' for name, _ in columns)
    titles = "".join(f"<th>{escape(text)}</th>" for _, text in columns)
    rows = "".join(_row(result, notes, lang, year, milestones) for result in results)
    return f'<table class="results"><colgroup>{head}</colgroup><thead><tr>{titles}</tr></thead><tbody>{rows}</tbody></table>'


def _row(result: dict, notes: dict[str, int], lang: str, year_judged: int, milestones: bool) -> str:
    headings, layout = HEADINGS[lang], LAYOUT[lang]
    status = result["status"]
    name = result_name(result, lang) + BASIS_NOTE[lang][result["attribute_basis"]]
    cells = [
        f'<td class="name">{escape(name)}{_ref(notes, result)}</td>',
        f'<td class="target" data-label="{escape(headings["target"])}">{_target(result, lang)}</td>',
    ]
    if milestones:
        milestone = result.get("milestone")
        shown = value_text(result, milestone, lang) if milestone is not None else "—"
        label = layout["milestone_column"].format(year=year_judged)
        cells.append(f'<td class="milestone" data-label="{escape(label)}"><span class="num">{escape(shown)}</span></td>')
    cells.append(f'<td class="value" data-label="{escape(headings["value"])}">{_meter(result, lang, year_judged)}</td>')
    cells.append(f'<td class="status">{_badge(status, status_text(status, lang))}</td>')
    reason = escape(full_reason(result, lang))
    if result["cell"]:
        where = result["cell"] + (HEADINGS[lang]["hidden"] if result.get("hidden_row") else "")
        reason += f' <span class="cell">{escape(where)}</span>'
    # Earlier years show the trend toward the target; later columns of the workbook are not judged here.
    history = {year: figure for year, figure in (result.get("values_by_year") or {}).items() if int(year) <= year_judged}
    if len(history) > 1:
        years = " · ".join(f"{year} {value_text(result, figure, lang)}" for year, figure in history.items())
        reason += f'<div class="note">{escape(layout["history"] + colon(lang) + years)}</div>'
    cells.append(f'<td class="reason">{reason}</td>')
    return f'<tr class="{status}" style="border-left-color:{STATUS_COLOUR[status]}">{"".join(cells)}</tr>'


def _verdict_badge(verdict: str, lang: str) -> str:
    """A file's overall result in the matrix: on a phone its symbol alone (the legend gives the words)."""
    word = VERDICT_LABEL[lang][verdict]
    return (f'<span class="status {verdict}" style="color:{STATUS_COLOUR[verdict]}" title="{escape(word)}">'
            f'{VERDICT_SYMBOL[verdict]}<span class="word"> {escape(word)}</span></span>')


def _target(result: dict, lang: str) -> str:
    """A target stays on one line ("≥100%"), unless it is words ("与地区生产总值增长同步")."""
    text = escape(target_text(result, lang))
    return text if result["operator"] == "in_step_with" else f'<span class="num">{text}</span>'


def _badge(status: str, text: str) -> str:
    return f'<span class="status {status}" style="color:{STATUS_COLOUR[status]}">{escape(text)}</span>'


def _meter(result: dict, lang: str, year: int) -> str:
    """The value, as the label of an SVG bar of the share of the target it reaches (完成率), with a tick
    at the year's milestone. A share is shown in words only where it differs from the value itself."""
    value = f'<span class="value">{escape(observed_text(result, lang))}</span>'
    share = result.get("share_of_target")
    target = result["target"]
    if share is None or not OPERATORS[result["operator"]].bar or not isinstance(target, (int, float)) or target <= 0:
        return f'<div class="meter">{value}</div>'
    layout = LAYOUT[lang]
    completion = f"{layout['completion']} {format_number(share)}%"
    label = f"{HEADINGS[lang]['value']} {observed_text(result, lang)}, {completion}"
    filled = max(0.0, min(share, 100.0))
    shapes = [
        '<rect x="0" y="2" width="100" height="8" fill="#e5e7eb"/>',
        f'<rect x="0" y="2" width="{format_number(filled)}" height="8" fill="{STATUS_COLOUR[result["status"]]}"/>',
    ]
    milestone = result.get("milestone")
    if milestone is not None:
        position = format_number(round(max(0.0, min(milestone / target * 100, 100.0)), 2))
        shapes.append(f'<line x1="{position}" x2="{position}" y1="0" y2="12" stroke="#111" stroke-width="2" '
                      'vector-effect="non-scaling-stroke"/>')
        label += f"; {layout['milestone_column'].format(year=year)} {value_text(result, milestone, lang)}"
    bar = (f'<svg class="bar" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label="{escape(label)}">'
           f"<title>{escape(label)}</title>{''.join(shapes)}</svg>")
    shown = f'<div class="meter">{value}{bar}</div>'
    if result["unit"] != "percent":  # for a rate the value is its own share of a 100% target
        shown += f'<div class="note">{escape(completion)}</div>'
    return shown


def _sources(results: list[dict], notes: dict[str, int], lang: str) -> str:
    """The plan's words for every target, as numbered notes behind a disclosure."""
    quoted = "“{}”" if lang == "zh" else '"{}"'
    first = {r["id"]: r for r in reversed(results)}
    items = "".join(
        f'<li value="{number}">{escape(first[identifier]["section"] + colon(lang) + quoted.format(first[identifier]["quote"]))}</li>'
        for identifier, number in notes.items()
    )
    count = f"（{len(notes)}）" if lang == "zh" else f" ({len(notes)})"
    return (f'<section id="sources"><details class="sources"><summary>{escape(LAYOUT[lang]["sources"] + count)}</summary>'
            f"<ol>{items}</ol></details></section>")


def _attention(results: list[dict], lang: str) -> str:
    """The failures and warnings with their reasons, or a sentence saying there are none."""
    attention = needing_attention(results)
    if not attention:
        return f"<p>{escape(WORDS[lang]['no_attention'])}</p>"
    items = []
    for result in attention:
        where = f" [{result['cell']}]" if result["cell"] else ""
        items.append(
            f"<li>{_badge(result['status'], status_text(result['status'], lang))} <b>{escape(result_name(result, lang))}</b>"
            f"{colon(lang)}{escape(full_reason(result, lang) + where)}</li>"
        )
    return '<ul class="attention">' + "".join(items) + "</ul>"


# --- several workbooks: a batch, and a `checker ci` run ------------------------------------------------------


def render_batch(document: dict, view: View = View()) -> str:
    return "".join(stream_batch(document, view))


def stream_batch(document: dict, view: View = View()) -> Iterator[str]:
    """The consolidated page of several submissions, in pieces (files are read one at a time)."""
    lang = view.lang
    batch = BATCH[lang]
    title = f"{plan_title(document, lang)} — {batch['report']}"
    files = batch["count_files"].format(count=document["summary"]["files"])
    footer_right = f"{files} · {batch['made']}{colon(lang)}{view.made}"
    yield "\n".join(page_start(title, lang, page_rules(lang, plan_title(document, lang), footer_right, landscape=True), "wide")) + "\n"
    yield from _batch_body(document, view, title, level=1)
    yield _page_end(lang, view)


def render_run(document: dict, view: View = View()) -> str:
    """A whole `checker ci` run on one page: an overview of the plans, then each plan's matrix."""
    lang = view.lang
    batch = BATCH[lang]
    sections = document["plans"]
    title = batch["overview"] if len(sections) != 1 else f"{plan_title(sections[0], lang)} — {batch['report']}"
    plans = batch["count_plans"].format(count=len(sections))
    footer_right = f"{batch['count_files'].format(count=document['summary']['files'])} · {batch['made']}{colon(lang)}{view.made}"
    parts = page_start(title, lang, page_rules(lang, f"{plans}", footer_right, landscape=True), "wide")
    if len(sections) == 1:
        parts += list(_batch_body(sections[0], view, title, level=1))
    else:
        parts.append(f"<header><h1>{escape(title)}</h1>{_meta([(batch['made'], view.made)], lang)}</header>")
        parts.append(_overview(sections, lang))
        for section in sections:
            parts.append(f'<section class="plan" id="plan-{escape(section["plan"])}">')
            parts += list(_batch_body(section, view, f"{plan_title(section, lang)} — {batch['report']}", level=2))
            parts.append("</section>")
    skipped = document.get("skipped") or []
    if skipped:
        from checker.reports.ci import WORDS as RUN_WORDS

        words = RUN_WORDS[lang]
        parts.append("<section id=\"skipped\"><ul>" + "".join(
            f"<li>{escape(words['skipped'].format(file=entry['file'], reason=words[entry['reason']].format(config=document['config'])))}</li>"
            for entry in skipped) + "</ul></section>")
    if not sections:
        from checker.reports.ci import WORDS as RUN_WORDS

        parts.append(f"<p>{escape(RUN_WORDS[lang]['nothing'])}</p>")
    parts.append(_page_end(lang, view))
    return "\n".join(parts) + "\n"


def _overview(sections: list[dict], lang: str) -> str:
    """One row per plan: files, then how many pass, warn, fail and could not be checked."""
    batch = BATCH[lang]
    head = "".join(f"<th>{escape(text)}</th>" for text in (batch["plan"], batch["files"], *(verdict_text(v, lang) for v in ("pass", "warn", "fail", "error"))))
    rows = []
    totals = dict.fromkeys(("files", "passed", "warned", "failed", "errors"), 0)
    for section in sections:
        summary = section["summary"]
        for key in totals:
            totals[key] += summary[key]
        counts = "".join(f'<td class="n">{summary[key]}</td>' for key in ("files", "passed", "warned", "failed", "errors"))
        rows.append(f"<tr><td>{escape(plan_title(section, lang))}</td>{counts}</tr>")
    total = "".join(f'<th class="n">{totals[key]}</th>' for key in totals)
    return (f'<section id="overview"><h2>{escape(batch["overview"])}</h2><div class="scroll"><table class="overview"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody><tbody><tr><th>{escape(WORDS[lang]["total"])}</th>{total}</tr></tbody></table></div></section>')


def _page_end(lang: str, view: View) -> str:
    return f"<footer>{escape(WORDS[lang]['footer'])} · {escape(BATCH[lang]['made'] + colon(lang) + view.made)}</footer></body></html>\n"


def _batch_body(document: dict, view: View, title: str, level: int) -> Iterator[str]:
    """One plan's consolidated view: summary, the matrix, files that could not be checked, the numbered
    indicators, and each file's failures and warnings. `level` 1: the page's own; 2: a section of a run."""
    lang = view.lang
    words, batch = WORDS[lang], BATCH[lang]
    h1, h2, h3 = (f"h{level}", f"h{level + 1}", f"h{level + 2}")
    matrix = document["matrix"]
    columns = matrix["indicators"]
    rows = matrix["rows"]
    order = ordered_positions(rows, view.order)
    names = shown_files(row["file"] for row in rows)
    years = sorted({row["year"] for row in rows if "error" not in row and row.get("year") is not None})
    meta = [(batch["files"], str(document["summary"]["files"]))]
    if years:
        meta.append((batch["year"], "、".join(map(str, years)) if lang == "zh" else ", ".join(map(str, years))))
    if level == 1:
        meta.append((batch["made"], view.made))
    yield f"<header><{h1}>{escape(title)}</{h1}>{_meta(meta, lang)}"
    incomplete = incomplete_line(document, lang)
    if incomplete:
        yield f'<p class="notice" role="alert">{escape(incomplete)}</p>'
    yield "</header>"

    counts = {"pass": "passed", "warn": "warned", "fail": "failed", "error": "errors"}
    chips = "".join(
        f'<li class="{v}" style="color:{STATUS_COLOUR[v]};border-color:{STATUS_COLOUR[v]}">{escape(verdict_text(v, lang))} {document["summary"][counts[v]]}</li>'
        for v in ("pass", "warn", "fail", "error")
    )
    yield (f'<section id="summary"><ul class="counts">{chips}</ul>'
           f'<p class="summary-line">{escape(BATCH_WORDS[lang]["summary"].format(**document["summary"]))}</p></section>')

    yield f'<section id="matrix"><{h2}>{escape(batch["matrix"])}</{h2}>'
    yield f'<p class="note">{escape(batch["order_severity"] if view.order == "severity" else batch["order_input"])}</p>'
    yield _symbols(lang)
    head = "".join(f'<th class="n" title="{escape(_column_name(column, lang))}">{number}</th>' for number, column in enumerate(columns, start=1))
    yield ('<div class="scroll"><table class="matrix"><thead><tr>'
           f'<th class="file">{escape(batch["file"])}</th><th>{escape(batch["year"])}</th><th>{escape(batch["verdict"])}</th>{head}'
           "</tr></thead><tbody>")
    errors: list[int] = []
    files = document["files"]
    for position in order:
        row = rows[position]
        verdict = verdict_of(row)
        file = f'<td class="file">{_file_name(names[row["file"]])}</td>'
        badge = f'<td class="v">{_verdict_badge(verdict, lang)}</td>'
        if verdict == "error":
            errors.append(position)
            why = escape(error_reason(error_entry(row, files, position), lang))
            yield f'<tr class="error">{file}<td>—</td>{badge}<td class="why" colspan="{len(columns)}">{why}</td></tr>'
            continue
        cells = "".join(_matrix_cell(row["statuses"].get(column["id"]), lang) for column in columns)
        yield f'<tr class="{verdict}">{file}<td>{row.get("year", "—")}</td>{badge}{cells}</tr>'
    fails = "".join(f'<td>{matrix["totals"][column["id"]]["fail"]}</td>' for column in columns)
    warns = "".join(f'<td>{matrix["totals"][column["id"]]["warn"]}</td>' for column in columns)
    yield (f'</tbody><tfoot><tr class="totals"><th class="file">{escape(batch["fails"])}</th><td></td><td></td>{fails}</tr>'
           f'<tr class="totals"><th class="file">{escape(batch["warns"])}</th><td></td><td></td>{warns}</tr></tfoot></table></div></section>')

    if errors:
        items = "".join(
            f"<li>{_badge('error', verdict_text('error', lang))} <b>{escape(names[rows[p]['file']])}</b>{colon(lang)}"
            f"{escape(error_reason(error_entry(rows[p], files, p), lang))}</li>"
            for p in errors
        )
        yield f'<section id="errors"><{h2}>{escape(batch["errors"])}</{h2}><ul class="attention">{items}</ul></section>'

    items = "".join(f"<li>{escape(_column_name(column, lang))}</li>" for column in columns)
    yield f'<section id="legend" class="keep"><{h2}>{escape(batch["legend"])}</{h2}><ol class="legend">{items}</ol></section>'

    yield f'<section id="attention"><{h2}>{escape(words["attention"])}</{h2}>'
    unreadable = set(errors)
    for position in order:
        if position in unreadable:
            continue
        file = files[position]
        verdict = verdict_of(file)
        yield f"<{h3}>{escape(names.get(file['file'], file['file']))} {_badge(verdict, verdict_text(verdict, lang))}</{h3}>"
        yield _attention(file["results"], lang)
    yield "</section>"


def _file_name(name: str) -> str:
    """A file name in pieces that end at a folder separator or a hyphen: where space is short (a phone,
    paper) it breaks only there, never inside a word; on a desktop it stays on one line."""
    pieces = re.findall(r"[^/\\\-_]+[/\\\-_]*|[/\\\-_]+", name)
    return "".join(f'<span class="seg">{escape(piece)}</span>' for piece in pieces)


def _symbols(lang: str) -> str:
    shown = ("pass", "warn", "fail", "not_reported", "info", "waived")
    items = "".join(
        f'<li><b style="color:{STATUS_COLOUR[s]}">{STATUS_SYMBOL[s]}</b>{escape(STATUS_LABEL[lang][s])}</li>' for s in shown
    )
    items += f'<li><b style="color:{STATUS_COLOUR["error"]}">{VERDICT_SYMBOL["error"]}</b>{escape(VERDICT_LABEL[lang]["error"])}</li>'
    items += f'<li><b>·</b>{escape("无此指标" if lang == "zh" else "not in this file")}</li>'
    return f'<ul class="symbols" aria-label="{escape(BATCH[lang]["symbols"])}">{items}</ul>'


def _column_name(column: dict, lang: str) -> str:
    return column["name"] if lang == "zh" else column["name_en"]


def _matrix_cell(status: str | None, lang: str) -> str:
    """The symbol in the status colour; the word as a tooltip and for screen readers."""
    if status is None:
        return '<td class="s">·</td>'
    return (
        f'<td class="s {status}" style="color:{STATUS_COLOUR[status]}" title="{escape(STATUS_LABEL[lang][status])}" '
        f'aria-label="{escape(STATUS_LABEL[lang][status])}">{STATUS_SYMBOL[status]}</td>'
    )


assert set(VERDICTS) <= set(STATUS_COLOUR)
