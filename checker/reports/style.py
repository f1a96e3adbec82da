"""The look of every html page the checker writes, in one place: colours, type, tables, the phone
layout, and the A4 print with its running footer.

reports/html.py (a check, a batch, a `checker ci` run) and any other html view (reviews) build their
pages with `page_start` and the classes below, so a page reads the same on a 390 px phone, a desktop
and paper. Nothing here is fetched: fonts fall back through the common Chinese system fonts.

Classes a page may use:
  .meta (facts under the title), .counts (status chips), .badge/.status (a status: symbol and word),
  .note (secondary text, never under 12 px), table.results (one row per indicator; cards on a
  phone), .meter/.bar (a value with its bar), .scroll (a wide table that scrolls by itself),
  table.matrix (files x indicators, sticky first column), ul.symbols (legend of status symbols),
  ol.legend (numbered names, in columns), .sources (the plan's words behind a disclosure).
"""

from __future__ import annotations

STATUS_COLOUR = {
    "pass": "#1a7f37", "warn": "#9a6700", "fail": "#c62828", "not_reported": "#6b7280", "info": "#0969da",
    "waived": "#8250df", "error": "#6e2c00",
}

FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
         '"WenQuanYi Micro Hei", "SimSun", sans-serif')

BASE = """
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: FONTS; font-size: 15px; line-height: 1.5; color: #111; margin: 0 auto; max-width: 1200px;
       padding: 20px 28px 28px; }
body.wide { max-width: none; padding-left: 20px; padding-right: 20px; }
h1 { font-size: 22px; line-height: 1.3; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 1px solid #999; padding-bottom: 3px; break-after: avoid; }
h3 { font-size: 15px; margin: 14px 0 4px; break-after: avoid; }
p { margin: 6px 0; }
.meta { margin: 0; color: #333; display: flex; flex-wrap: wrap; column-gap: 18px; overflow-wrap: anywhere; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; padding: 0; list-style: none; }
.counts li { border: 1.5px solid; border-radius: 5px; padding: 2px 10px; font-weight: bold; white-space: nowrap; }
.status, .badge { font-weight: bold; white-space: nowrap; }
.verdict { font-size: 16px; margin: 8px 0; }
.notice { border: 2px solid #9a6700; background: #fff8c5; padding: 6px 10px; font-weight: bold; }
.note { color: #555; font-size: 13px; }
.num { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 5px 7px; vertical-align: top; text-align: left; overflow-wrap: break-word; }
th { background: #f0f0f0; }
sup.ref { font-size: 12px; color: #555; margin-left: 2px; line-height: 1; }
ul.attention { padding-left: 20px; margin: 6px 0; }
ul.attention li { margin-bottom: 4px; }
ul.symbols { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0; padding: 0; list-style: none; }
ul.symbols li { white-space: nowrap; }
ul.symbols b { font-size: 16px; margin-right: 4px; }
ul.names { display: flex; flex-wrap: wrap; gap: 4px 8px; margin: 6px 0; padding: 0; list-style: none; }
ul.names li { border: 1px solid #ccc; border-radius: 4px; padding: 1px 8px; }
ol.legend { columns: 2 22em; column-gap: 28px; margin: 6px 0; padding-left: 34px; }
ol.legend li { break-inside: avoid; }
.legend-line { color: #444; margin: 14px 0 4px; }
details.sources summary { cursor: pointer; font-weight: bold; }
details.sources ol { padding-left: 34px; }
details.sources li { margin-bottom: 3px; }
footer { margin-top: 20px; color: #555; font-size: 13px; }

table.results { table-layout: fixed; }
col.name { width: 30%; } col.target { width: 10%; } col.milestone { width: 9%; } col.value { width: 17%; }
col.status { width: 9%; } col.reason { width: 34%; }
.meter { display: flex; align-items: center; gap: 6px; }
.meter .value { font-weight: bold; white-space: nowrap; min-width: 3.6em; }
.bar { display: block; flex: 1 1 auto; min-width: 40px; max-width: 160px; height: 12px; }
.cell { color: #555; font-size: 13px; white-space: nowrap; }

.scroll { overflow-x: auto; max-width: 100%; border: 1px solid #bbb; }
table.matrix { width: auto; min-width: 100%; border-collapse: separate; border-spacing: 0; }
.matrix th, .matrix td { border: 0; border-right: 1px solid #ccc; border-bottom: 1px solid #ccc; padding: 4px 5px;
                         text-align: center; white-space: nowrap; vertical-align: middle; }
.matrix thead th { background: #f0f0f0; }
.matrix .file { position: sticky; left: 0; z-index: 1; background: #fff; text-align: left; font-weight: normal;
                border-right: 2px solid #999; }
.matrix thead .file, .matrix tfoot .file { background: #f0f0f0; z-index: 2; }
.matrix td.s { min-width: 22px; padding: 4px 3px; font-size: 16px; }
.matrix td.why { white-space: normal; text-align: left; color: #333; min-width: 16em; }
.matrix .seg { white-space: nowrap; }
.matrix tfoot th, .matrix tfoot td { background: #f7f7f7; font-weight: bold; }
table.overview td.n { text-align: right; }

@media (max-width: 600px) {
  body { padding: 12px 14px 20px; }
  h1 { font-size: 19px; }
  table.results, table.results tbody, table.results tr, table.results td { display: block; width: auto; }
  table.results colgroup, table.results thead { display: none; }
  table.results tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 14px; margin: 0 0 10px;
                     padding: 8px 10px; border: 1px solid #bbb; border-left-width: 5px; border-radius: 6px; }
  table.results td { border: 0; padding: 0; }
  table.results td.name { flex: 1 1 100%; font-weight: bold; }
  table.results td.reason { flex: 1 1 100%; }
  table.results td.value { flex: 1 1 150px; }
  table.results td[data-label]::before { content: attr(data-label) " "; color: #555; font-weight: normal; }
  table.results td.value::before { display: none; }
  .bar { max-width: none; }
  .matrix .file { white-space: normal; min-width: 7.5em; max-width: 40vw; }
  .matrix .word { display: none; }
  .matrix .seg { display: inline-block; max-width: 100%; overflow-wrap: anywhere; white-space: normal; }
  ol.legend { columns: 1; }
}

@media print {
  body { font-size: 9.5pt; line-height: 1.35; max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1 { font-size: 15pt; }
  h2 { font-size: 11.5pt; margin: 10pt 0 4pt; }
  h3 { font-size: 10pt; margin: 8pt 0 2pt; }
  .note, .cell, footer, sup.ref { font-size: 9pt; }
  th, td { padding: 2pt 4pt; }
  .bar { height: 8pt; }
  details.sources { display: none; }
  .scroll { overflow: visible; border: 0; }
  table.matrix { min-width: 0; width: 100%; border-top: 1px solid #ccc; border-left: 1px solid #ccc; }
  .matrix th, .matrix td { padding: 1pt 2pt; }
  .matrix td.s { min-width: 0; font-size: 10pt; }
  .matrix .file { position: static; white-space: normal; }
  .matrix .seg { display: inline-block; }
  .matrix tfoot { display: table-row-group; }
  section.keep, ol.legend, ul.symbols { break-inside: avoid; }
  body.wide ol.legend { columns: 3; font-size: 9pt; line-height: 1.25; margin: 2pt 0; }
  body.wide h2 { margin: 7pt 0 3pt; }
  body.wide p, body.wide ul.symbols { margin: 2pt 0; }
  col.name { width: 33%; } col.reason { width: 30%; } col.value { width: 16%; }
}
""".replace("FONTS", FONTS)


def page_rules(lang: str, left: str, right: str, landscape: bool = False) -> str:
    """@page for A4 (landscape for a wide matrix) with a running footer: `left` (the plan), the page
    number of the page count in the middle (第 1 页 / 共 2 页), `right` (the file, the date made)."""
    pages = ('"第 " counter(page) " 页 / 共 " counter(pages) " 页"' if lang == "zh"
             else '"page " counter(page) " of " counter(pages)')
    box = "font-family: FONTS; font-size: 8pt; color: #444;".replace("FONTS", FONTS)
    return (
        f"@page {{ size: A4{' landscape' if landscape else ''}; margin: 12mm 11mm 15mm; "
        f"@bottom-left {{ content: {css_string(left)}; {box} width: 40%; }} "
        f"@bottom-center {{ content: {pages}; {box} white-space: nowrap; }} "
        f"@bottom-right {{ content: {css_string(right)}; {box} width: 40%; text-align: right; }} }}"
    )


def css_string(text: str) -> str:
    """Text as a CSS string in a <style> element: quotes, backslashes, line ends and markup characters
    escaped as code points, so a file name can neither end the string nor the element."""
    out = []
    for character in text:
        if character.isalnum() and character.isprintable() or character in " .-_:·/()（）“”—，、":
            out.append(character)
        else:
            out.append(f"\\{ord(character):x} ")
    return '"' + "".join(out) + '"'


def page_start(title: str, lang: str, rules: str, body_class: str = "") -> list[str]:
    """The opening of an html page: the document head with the shared style and this page's @page rules."""
    from html import escape

    body = f' class="{body_class}"' if body_class else ""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{rules}{BASE}</style></head>",
        f"<body{body}>",
    ]
