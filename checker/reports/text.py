"""The terminal report: a rich table, readable without colour (every status has a symbol and a word)."""

from __future__ import annotations

import io
from typing import Iterator

from checker.reports.streaming import table_in_chunks
from checker.reports.view import View
from checker.reports.terminal import text_console
from rich.table import Table
from rich.text import Text

from checker.reports.messages import (
    notice_lines,
    HEADINGS, STATUS_LABEL, STATUS_SYMBOL, attribute_text, indicator_name, summary_line,
    full_reason, observed_text, target_text,
)

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "not_reported": "dim", "info": "cyan", "waived": "magenta"}


def render(document: dict, view: View = View()) -> str:
    lang, color, width = view.lang, view.color, view.width
    words = HEADINGS[lang]
    buffer = io.StringIO()
    console = text_console(buffer, color, width or 140)
    title = document["plan_title"] if lang == "zh" else document["plan_title_en"]
    console.print(Text(f"{title} — {document['year']}", style="bold"))
    console.print(Text(document["file"], style="dim"))
    for line in notice_lines(document, lang):
        console.print(Text(f"⚠ {line}", style="bold yellow"))
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
            console.print(f"  {row['cell']}  {row['label']}")
    if document.get("method", {}).get("milestones_apply"):
        console.print(Text(MILESTONE_NOTE[lang].format(year=document["year"], final=document["method"]["final_year"]), style="dim"))
    console.print(Text(summary_line(document["summary"], lang), style="bold"))
    return buffer.getvalue()


MILESTONE_NOTE = {
    "zh": "{year}年为中期年份：各指标按其{year}年进度目标判断（每年须保持的指标不设容差；逐年推进和累计指标落后不超过全程的容差、默认10%，为预警），{final}年按规划目标判断；计算方法见 checker review。",
    "en": "{year} is before the final year: each indicator is judged against its {year} milestone (a level to hold every year has no tolerance; a path behind by no more than its tolerance of the whole way, 10% by default, is a warning); {final} is judged against the plan's targets; `checker review` shows the method.",
}


BATCH_WORDS = {
    "zh": {"file": "文件", "fails": "未达标份数", "legend": "指标编号", "error": "无法检查", "summary": "{files} 份：{passed} 全部达标，{warned} 有预警，{failed} 有未达标，{errors} 无法检查",
           "incomplete": "⚠ 不完整：检查被 {signal} 中断，只含 {files_checked}/{files_total} 份文件的结果，其余文件未检查"},
    "en": {"file": "File", "fails": "files failing", "legend": "Indicators", "error": "could not be checked", "summary": "{files} files: {passed} all pass, {warned} with warnings, {failed} failing, {errors} could not be checked",
           "incomplete": "⚠ INCOMPLETE: the check was interrupted by {signal}; only {files_checked} of {files_total} files are included, the others were not checked"},
}
# Rows of the matrix rendered at a time: rich keeps a whole table in memory while it renders it.
CHUNK_ROWS = 500


def incomplete_line(document: dict, lang: str) -> str | None:
    """The warning every format shows on the report of an interrupted batch (written with --keep-partial)."""
    incomplete = document.get("incomplete")
    return BATCH_WORDS[lang]["incomplete"].format(**incomplete) if incomplete else None


def render_batch(document: dict, view: View = View()) -> str:
    """The consolidated matrix: one row per submission, one numbered column per indicator."""
    return "".join(stream_batch(document, view))


def stream_batch(document: dict, view: View = View()) -> Iterator[str]:
    """render_batch in pieces: the matrix is rendered CHUNK_ROWS rows at a time, with the column widths
    of the whole table, so any number of files takes the same memory (reports/streaming.py).

    A row per file (the most severe first, or as given with View(order="input")): its year, its overall
    result and a status symbol per numbered indicator; the footer counts the files failing and warning on
    each indicator; then the files that could not be checked, with why."""
    from checker.reports.document import BATCH, error_entry, error_reason, ordered_positions, shown_files, verdict_of, verdict_text

    lang = view.lang
    words, batch = BATCH_WORDS[lang], BATCH[lang]
    show = _Printer(view.color, view.width or 160)
    title = [Text(document["plan_title"] if lang == "zh" else document["plan_title_en"], style="bold")]
    incomplete = incomplete_line(document, lang)
    yield show(*title, *([Text(incomplete, style="bold yellow")] if incomplete else []))
    matrix = document["matrix"]
    columns = matrix["indicators"]
    rows, files = matrix["rows"], document["files"]
    order = ordered_positions(rows, view.order)
    names = shown_files(row["file"] for row in rows)

    def cells(row: dict) -> list:
        if "error" not in row and "summary" not in row:  # the blank row that measures the table
            return [row["file"], "", "", *[""] * len(columns)]
        verdict = verdict_of(row)
        shown = [f" {names.get(row['file'], row['file'])} ", f" {row.get('year') or '—'} ",
                 Text(f" {verdict_text(verdict, lang)} ", style=VERDICT_STYLE[verdict])]
        if verdict == "error":
            return [*shown, *[""] * len(columns)]
        statuses = row["statuses"]
        return [*shown, *(Text(STATUS_SYMBOL.get(statuses.get(c["id"]), "·"), style=STATUS_STYLE.get(statuses.get(c["id"]), "dim")) for c in columns)]

    def table(rows: list) -> str:
        # No padding: 35 and more narrow columns fit a terminal; the first three pad themselves.
        table = Table(header_style="bold", show_footer=True, padding=(0, 0))
        table.add_column(f" {words['file']} ", overflow="fold", footer=f" {batch['fails']} \n {batch['warns']} ", min_width=16)
        table.add_column(f" {batch['year']} ", no_wrap=True)
        table.add_column(f" {batch['verdict']} ", no_wrap=True)
        for number, column in enumerate(columns, start=1):
            totals = matrix["totals"][column["id"]]
            table.add_column(str(number), justify="center", no_wrap=True, footer=f"{totals['fail']}\n{totals['warn']}")
        for row in rows:
            table.add_row(*cells(row))
        return show(table)

    in_order = (rows[position] for position in order)
    widest = _widest_rows(rows, columns, names) if len(rows) > CHUNK_ROWS else []
    yield from table_in_chunks(table, in_order, widest, {"file": "", "statuses": {}}, CHUNK_ROWS)
    for position in order:
        row = rows[position]
        if "error" in row:
            reason = error_reason(error_entry(row, files, position), lang)
            yield show(Text(f"{verdict_text('error', lang)}: {names.get(row['file'], row['file'])}: {reason}", style="bold red"))
    legend = [Text(words["legend"] + ":", style="bold")]
    legend += [f"  {number:>2}. {column['name'] if lang == 'zh' else column['name_en']}" for number, column in enumerate(columns, start=1)]
    symbols = "  ".join(f"{STATUS_SYMBOL[s]} {STATUS_LABEL[lang][s]}" for s in STATUS_SYMBOL)
    symbols += f"  {verdict_text('error', lang)}"
    yield show(*legend, Text(symbols, style="dim"), Text(words["summary"].format(**document["summary"]), style="bold"))


VERDICT_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "error": "bold magenta"}


def render_overview(document: dict, view: View = View()) -> str:
    """The opening of a `checker ci` run over several plans: one row per plan, its files by overall result."""
    from checker.reports.document import BATCH, WORDS, verdict_text

    lang = view.lang
    batch = BATCH[lang]
    show = _Printer(view.color, view.width or 160)
    keys = ("files", "passed", "warned", "failed", "errors")
    table = Table(header_style="bold", show_footer=True)
    sections = document["plans"]
    table.add_column(batch["plan"], footer=WORDS[lang]["total"])
    for key, heading in zip(keys, (batch["files"], *(verdict_text(v, lang) for v in ("pass", "warn", "fail", "error")))):
        table.add_column(heading, justify="right", no_wrap=True, footer=str(sum(section["summary"][key] for section in sections)))
    for section in sections:
        title = section["plan_title"] if lang == "zh" else section["plan_title_en"]
        table.add_row(title, *(str(section["summary"][key]) for key in keys))
    return show(Text(batch["overview"], style="bold"), table)


class _Printer:
    """Renderables → text, by one console (as render_batch printed them all into one buffer)."""

    def __init__(self, color: bool, width: int):
        self.buffer = io.StringIO()
        self.console = text_console(self.buffer, color, width)

    def __call__(self, *renderables) -> str:
        for renderable in renderables:
            self.console.print(renderable)
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _widest_rows(rows, columns: list[dict], names: dict[str, str]) -> list[dict]:
    """Rows that give every column of the matrix its widest cell: the file names widest as a whole and
    in their longest word (what rich measures a column by), the widest overall result, and the widest
    status of each column."""
    from rich.cells import cell_len

    from checker.reports.document import VERDICT_LABEL, verdict_of

    widest_line = widest_word = widest_verdict = (-1, None)
    widest_status: dict[str, tuple[int, str | None]] = {}
    for row in rows:
        text = names.get(row["file"], row["file"])
        line = max((cell_len(part) for part in text.splitlines()), default=0)
        word = max((cell_len(part) for part in text.split()), default=line)
        verdict = cell_len(VERDICT_LABEL["zh"][verdict_of(row)]) + cell_len(VERDICT_LABEL["en"][verdict_of(row)])
        if line > widest_line[0]:
            widest_line = (line, row)
        if word > widest_word[0]:
            widest_word = (word, row)
        if verdict > widest_verdict[0]:
            widest_verdict = (verdict, row)
        if "error" not in row:
            for column in columns:
                status = row["statuses"].get(column["id"])
                width = cell_len(STATUS_SYMBOL.get(status, "·"))
                if width > widest_status.get(column["id"], (-1, None))[0]:
                    widest_status[column["id"]] = (width, status)
    statuses = {identifier: status for identifier, (_width, status) in widest_status.items() if status is not None}
    return [widest_line[1], widest_word[1], widest_verdict[1], {"file": "", "year": None, "summary": {}, "statuses": statuses}]
