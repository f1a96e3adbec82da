"""The review as one self-contained HTML page to print on A4 (landscape) for a review meeting.

No network: inline CSS and, per indicator, a small inline SVG chart of the actual figures by year
against the milestone line (baseline → target; a five-year total climbs from 0; a level to hold is
flat at its target) and the projection, dotted. Pages are numbered by CSS (`@page` margin boxes,
as Chromium prints them); every verdict is a word beside its colour, so a black-and-white print
keeps all the information. Fonts fall back as in the check's html report.
"""

from __future__ import annotations

from html import escape

from checker.judging.evaluate import format_number
from checker.operators import operator
from checker.reports.messages import ATTRIBUTE_LABEL, indicator_name, unit_text
from checker.reports.view import View
from checker.reviews import words as w
from checker.reviews.document import reviewed_years

VERDICT_COLOUR = {
    "achieved": "#1a7f37", "ahead": "#1a7f37", "on_track": "#0a6b73", "behind": "#c62828", "at_risk": "#8e0000",
    "exceeded": "#1a7f37", "met": "#1a7f37", "missed": "#c62828", "pending": "#0969da", "insufficient": "#6b7280",
}
PAGE_NUMBER = {"zh": '"第 " counter(page) " 页，共 " counter(pages) " 页"', "en": '"Page " counter(page) " of " counter(pages)'}
LEGEND = {
    "zh": ("实际值", "应达进度线（基数→目标）", "按趋势预计", "目标"),
    "en": ("actual", "milestone line (baseline → target)", "projected from the trend", "target"),
}

STYLE = """
@page { size: A4 landscape; margin: 12mm 10mm 16mm;
        @bottom-center { content: PAGE_NUMBER; font-size: 8pt; color: #555; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
       "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif;
       font-size: 9pt; line-height: 1.4; color: #111; margin: 0 auto; max-width: 277mm; padding: 8mm 0; }
h1 { font-size: 15pt; margin: 0 0 4pt; }
h2 { font-size: 11.5pt; margin: 12pt 0 5pt; border-bottom: 1px solid #999; padding-bottom: 2pt; break-after: avoid; }
.meta { margin: 0; color: #333; }
.meta span + span::before { content: " · "; }
.summary { font-size: 10pt; margin: 6pt 0; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.indicators { table-layout: fixed; min-width: 1040px; }
.wide { overflow-x: auto; }  /* on a phone the table scrolls sideways; on paper it fits the page */
th, td { border: 1px solid #bbb; padding: 2pt 3pt; vertical-align: top; text-align: left; overflow-wrap: break-word; }
th { background: #f0f0f0; font-weight: bold; }
th.num, td.num { text-align: right; }
td.fig { white-space: nowrap; }
.verdict { font-weight: bold; }
.chart { display: block; width: 100%; height: 14mm; }
.legend { color: #444; font-size: 8pt; margin: 3pt 0; }
.legend svg { vertical-align: middle; }
table.counts { width: auto; }
.counts td { text-align: right; }
ol.method li { margin-bottom: 2pt; }
footer { margin-top: 12pt; color: #555; font-size: 8pt; }
@media print { body { padding: 0; max-width: none; } footer { display: none; }
               table.indicators { min-width: 0; } .wide { overflow: visible; }
               * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""
NUMERIC = {"baseline", "target", "milestone", "progress", "projection"}
# Relative column widths of the indicator table (table-layout: fixed, so a long name wraps, not the figures).
WIDTH = {"name": 13, "attribute": 4.5, "trajectory": 4, "num": 4.8, "target": 6.5, "verdict": 7.5, "required": 11, "note": 8, "chart": 11}
# The plot area of a chart, in its own units (the viewBox is 160 × 64).
LEFT, RIGHT, TOP, BOTTOM = 6.0, 154.0, 6.0, 56.0


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    words = w.WORDS[lang]
    title = w.title(document, lang)
    style = STYLE.replace("PAGE_NUMBER", PAGE_NUMBER[lang])
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{style}</style></head>",
        "<body>",
        f"<header><h1>{escape(title)}</h1><p class=\"meta\">"
        + "".join(f"<span>{escape(label + w.colon(lang) + value)}</span>" for label, value in w.facts(document, lang))
        + "</p></header>",
        f'<section id="summary"><h2>{escape(words["summary"])}</h2><p class="summary">{escape(w.summary_paragraph(document, lang))}</p></section>',
        f'<section id="indicators"><h2>{escape(words["indicators"])}</h2>{_legend(lang)}<div class="wide"><table><thead><tr>',
    ]
    headings = w.headings(document, lang)
    years = {str(y) for y in reviewed_years(document)}

    def kind(key: str) -> str:
        return "num" if key in NUMERIC or key in years else key

    shares = [WIDTH.get(key) or WIDTH.get(kind(key), WIDTH["num"]) for key, _heading in headings] + [WIDTH["chart"]]
    parts[-1] = parts[-1].replace("<table>", '<table class="indicators"><colgroup>' + "".join(
        f'<col style="width:{format_number(round(share / sum(shares) * 100, 2))}%">' for share in shares
    ) + "</colgroup>")
    parts.append(
        "".join(f'<th class="{kind(key)}">{escape(heading)}</th>' for key, heading in headings)
        + f'<th>{escape(words["chart"])}</th></tr></thead><tbody>'
    )
    for entry in document["indicators"]:
        cells = w.row(document, entry, lang)
        row = []
        for key, _heading in headings:
            text = escape(cells[key])
            if key == "verdict":
                row.append(f'<td><span class="verdict" style="color:{VERDICT_COLOUR[entry["verdict"]]}">{text}</span></td>')
            elif kind(key) == "num":
                # A figure stays on one line ("≥100%" never as "≥100 / %"); a figure with words may wrap.
                short = len(cells[key]) <= 10 if key == "target" else "（" not in cells[key] and " (" not in cells[key]
                row.append(f'<td class="num{" fig" if short else ""}">{text}</td>')
            else:
                row.append(f"<td>{text}</td>")
        row.append(f"<td>{_chart(document, entry, lang)}</td>")
        parts.append(f'<tr class="{entry["verdict"]}">' + "".join(row) + "</tr>")
    parts.append("</tbody></table></div></section>")

    parts.append(f'<section id="counts"><h2>{escape(words["counts"])}</h2><table class="counts"><thead><tr>')
    parts.append("".join(f"<th>{escape(h)}</th>" for h in (words["verdict"], *ATTRIBUTE_LABEL[lang].values(), words["total"])) + "</tr></thead><tbody>")
    parts += [
        f"<tr><th>{escape(verdict)}</th>" + "".join(f"<td>{n}</td>" for n in numbers) + "</tr>"
        for verdict, *numbers in w.count_rows(document, lang)
    ]
    parts.append("</tbody></table></section>")
    if document.get("units"):  # a workbook with sub-units: the unit × indicator matrix (issue 14)
        from checker.reviews.units import html_section

        parts.append(html_section(document, view))
    parts.append(f'<section id="method"><h2>{escape(words["method"])}</h2><ol class="method">')
    parts += [f"<li>{escape(line)}</li>" for line in document["method"][lang]]
    parts.append(f"</ol></section><footer>{escape(words['footer'])}</footer></body></html>")
    return "\n".join(parts) + "\n"


def _legend(lang: str) -> str:
    actual, line, projected, _target = LEGEND[lang]
    return (
        '<p class="legend">'
        '<svg width="18" height="8" aria-hidden="true"><line x1="1" y1="4" x2="17" y2="4" stroke="#111" stroke-width="1.5"/><circle cx="9" cy="4" r="2" fill="#111"/></svg> '
        f"{escape(actual)}　"
        '<svg width="18" height="8" aria-hidden="true"><line x1="1" y1="4" x2="17" y2="4" stroke="#888" stroke-width="1.5" stroke-dasharray="3 2"/></svg> '
        f"{escape(line)}　"
        '<svg width="18" height="8" aria-hidden="true"><line x1="1" y1="4" x2="17" y2="4" stroke="#111" stroke-width="1.5" stroke-dasharray="1 2"/></svg> '
        f"{escape(projected)}</p>"
    )


def _series(document: dict, entry: dict) -> list[tuple[int, float]]:
    """The actual figures to plot: levels by year (the baseline first), or a five-year total's running sum."""
    b, last = document["baseline_year"], min(document["year"], document["final_year"])
    by_year = {int(y): v for y, v in entry["values_by_year"].items()}
    if entry["trajectory"] == "cumulative":
        points, total = [(b, 0.0)], 0.0
        for year in range(b + 1, last + 1):
            if year in by_year:
                total += by_year[year]
                points.append((year, total))
        if entry["value"] is not None and points[-1] != (last, entry["value"]):
            points = [p for p in points if p[0] != last] + [(last, entry["value"])]
        return points if len(points) > 1 else []
    if entry["value"] is not None:
        by_year[last] = entry["value"]
    if entry["baseline"] is not None:
        by_year.setdefault(b, entry["baseline"])
    return sorted(by_year.items())


def _milestone_line(document: dict, entry: dict) -> list[tuple[int, float]]:
    b, f, target = document["baseline_year"], document["final_year"], entry["target"]
    if entry["trajectory"] == "cumulative":
        return [(b, 0.0), (f, target)]
    if entry["trajectory"] == "linear" and entry["baseline"] is not None:
        return [(b, entry["baseline"]), (f, target)]
    return [(b, target), (f, target)]  # a level to hold, or a target judged in the final year


def _chart(document: dict, entry: dict, lang: str) -> str:
    """A small line chart of actual figures against the milestone line; "—" where there is nothing to draw."""
    if entry["unit"] == "yes_no" or not operator(entry["operator"]).path or not isinstance(entry["target"], (int, float)):
        return "—"
    actual = _series(document, entry)
    if not actual:
        return "—"
    line = _milestone_line(document, entry)
    last = actual[-1]
    projection = [last, (document["final_year"], entry["projection"])] if entry["projection"] is not None else []
    values = [v for _y, v in actual + line + projection]
    low, high = min(values), max(values)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    first_year, final_year = document["baseline_year"], document["final_year"]

    def x(year: int) -> str:
        return _n(LEFT + (year - first_year) / (final_year - first_year) * (RIGHT - LEFT))

    def y(value: float) -> str:
        return _n(BOTTOM - (value - low) / (high - low) * (BOTTOM - TOP))

    def points(series) -> str:
        return " ".join(f"{x(year)},{y(value)}" for year, value in series)

    colour = VERDICT_COLOUR[entry["verdict"]]
    shapes = [
        f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="#ccc" stroke-width="1" vector-effect="non-scaling-stroke"/>',
        f'<polyline points="{points(line)}" fill="none" stroke="#888" stroke-width="1.2" stroke-dasharray="4 3" vector-effect="non-scaling-stroke"/>',
        f'<polyline points="{points(actual)}" fill="none" stroke="{colour}" stroke-width="1.6" vector-effect="non-scaling-stroke"/>',
        *(f'<circle cx="{x(year)}" cy="{y(value)}" r="2.2" fill="{colour}"/>' for year, value in actual),
    ]
    if projection:
        shapes.append(
            f'<polyline points="{points(projection)}" fill="none" stroke="{colour}" stroke-width="1.2" stroke-dasharray="1.5 2.5" vector-effect="non-scaling-stroke"/>'
        )
    actual_words, line_words, projected_words, target_words = LEGEND[lang]
    unit = unit_text(entry, lang)
    label = (
        f"{indicator_name(entry, lang)}：{actual_words} "
        + "，".join(f"{year}年 {w.amount(entry, value)}{unit}" for year, value in actual)
        + f"；{target_words} {w.amount(entry, entry['target'])}{unit}"
        if lang == "zh"
        else f"{indicator_name(entry, lang)}: {actual_words} "
        + ", ".join(f"{year} {w.amount(entry, value)}{unit}" for year, value in actual)
        + f"; {target_words} {w.amount(entry, entry['target'])}{unit}"
    )
    if projection:
        label += (f"；{projected_words} {w.amount(entry, entry['projection'], decimals=1)}{unit}" if lang == "zh"
                  else f"; {projected_words} {w.amount(entry, entry['projection'], decimals=1)}{unit}")
    return (
        f'<svg class="chart" viewBox="0 0 160 64" preserveAspectRatio="none" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(shapes)}</svg>"
    )


def _n(value: float) -> str:
    return format_number(round(value, 2))
