"""The terminal report: a rich table, readable without colour (every status has a symbol and a word).

A batch's matrix is written without rich's layout, exactly as rich would render it; without colour, and
when it fits the console, rich is not even imported (the other formats import this module for its
words); see _Printer and _DirectRows.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, NamedTuple

from checker.reports.streaming import table_in_chunks
from checker.reports.view import View

from checker.reports.messages import (
    notice_lines,
    HEADINGS, STATUS_LABEL, STATUS_SYMBOL, attribute_text, indicator_name, summary_line,
    full_reason, observed_text, target_text,
)

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "not_reported": "dim", "info": "cyan", "waived": "magenta"}


def render(document: dict, view: View = View()) -> str:
    from rich.table import Table
    from rich.text import Text

    from checker.reports.terminal import text_console

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
    title = [_Line(document["plan_title"] if lang == "zh" else document["plan_title_en"], "bold")]
    incomplete = incomplete_line(document, lang)
    yield show(*title, *([_Line(incomplete, "bold yellow")] if incomplete else []))
    matrix = document["matrix"]
    columns = matrix["indicators"]
    rows, files = matrix["rows"], document["files"]
    order = ordered_positions(rows, view.order)
    names = shown_files(row["file"] for row in rows)

    ids = [column["id"] for column in columns]
    no_statuses = [_PLAIN_BLANK] * len(columns)
    verdicts = {verdict: (f" {verdict_text(verdict, lang)} ", VERDICT_STYLE[verdict]) for verdict in VERDICT_STYLE}
    symbols = {status: (STATUS_SYMBOL.get(status, "·"), STATUS_STYLE.get(status, "dim")) for status in (None, *STATUS_SYMBOL)}

    def plain_cells(row: dict) -> list[tuple[str, str | None]]:
        """(text, style) of each cell of a row; style None: a plain string (rich reads it as such)."""
        if "error" not in row and "summary" not in row:  # the blank row that measures the table
            return [(row["file"], None), _PLAIN_BLANK, _PLAIN_BLANK, *no_statuses]
        verdict = verdict_of(row)
        shown = [(f" {names.get(row['file'], row['file'])} ", None), (f" {row.get('year') or '—'} ", None), verdicts[verdict]]
        if verdict == "error":
            return [*shown, *no_statuses]
        statuses = row["statuses"]
        return [*shown, *(symbols.get(statuses.get(identifier)) or symbols[None] for identifier in ids)]

    # No padding: 35 and more narrow columns fit a terminal; the first three pad themselves.
    frame = _Frame(
        headers=[f" {words['file']} ", f" {batch['year']} ", f" {batch['verdict']} ", *(str(number) for number in range(1, len(columns) + 1))],
        footers=[f" {batch['fails']} \n {batch['warns']} ", "", "",
                 *(f"{matrix['totals'][column['id']]['fail']}\n{matrix['totals'][column['id']]['warn']}" for column in columns)],
        centred=[False, False, False, *[True] * len(columns)],
        min_widths=[16, 0, 0, *[0] * len(columns)],
        folds=[True, False, False, *[False] * len(columns)],
    )

    def table(rows: list) -> str:
        from rich.table import Table
        from rich.text import Text

        table = Table(header_style="bold", show_footer=True, padding=(0, 0))
        for header, footer, least, folds in zip(frame.headers[:3], frame.footers, frame.min_widths, frame.folds):
            table.add_column(header, footer=footer, min_width=least, overflow="fold" if folds else "ellipsis", no_wrap=not folds)
        for header, footer in zip(frame.headers[3:], frame.footers[3:]):
            table.add_column(header, justify="center", no_wrap=True, footer=footer)
        for row in rows:
            table.add_row(*(text if style is None else Text(text, style=style) for text, style in plain_cells(row)))
        return show(table)

    in_order = (rows[position] for position in order)
    measured = _measure(rows, plain_cells) if rows else None
    if measured:
        # Never narrower than the columns that cannot fold: a console too narrow for them makes rich crop
        # the last indicators' columns away (a batch of some hundred files has 3-digit counts in the footer).
        show.widen(frame.least_width(measured.widths))
    direct = _DirectRows.made(table, plain_cells, measured, show, frame) if measured and measured.safe else None
    if direct is not None:
        yield from direct.table(in_order, CHUNK_ROWS)
    else:
        widest = measured.widest if measured and len(rows) > CHUNK_ROWS else []
        yield from table_in_chunks(table, in_order, widest, {"file": "", "statuses": {}}, CHUNK_ROWS)
    for position in order:
        row = rows[position]
        if "error" in row:
            reason = error_reason(error_entry(row, files, position), lang)
            yield show(_Line(f"{verdict_text('error', lang)}: {names.get(row['file'], row['file'])}: {reason}", "bold red"))
    legend = [_Line(words["legend"] + ":", "bold")]
    legend += [_Line(f"  {number:>2}. {column['name'] if lang == 'zh' else column['name_en']}") for number, column in enumerate(columns, start=1)]
    symbols_line = "  ".join(f"{STATUS_SYMBOL[s]} {STATUS_LABEL[lang][s]}" for s in STATUS_SYMBOL)
    symbols_line += f"  {verdict_text('error', lang)}"
    yield show(*legend, _Line(symbols_line, "dim"), _Line(words["summary"].format(**document["summary"]), "bold"))


VERDICT_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "error": "bold magenta"}


def render_overview(document: dict, view: View = View()) -> str:
    """The opening of a `checker ci` run over several plans: one row per plan, its files by overall result."""
    from rich.table import Table
    from rich.text import Text

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


class _Line(NamedTuple):
    """A line of text as the batch view prints it: a rich Text in a style, or (style None) a plain
    string, which rich reads as such (replacing :emoji: codes in it)."""

    text: str
    style: str | None = None

    def renderable(self):
        from rich.text import Text

        return self.text if self.style is None else Text(self.text, style=self.style)


class _Printer:
    """Renderables → text, by one console (as render_batch printed them all into one buffer).

    Without colour (and but on Windows, where rich may draw other boxes), lines it can write as rich
    would (`plain`) are written directly, and rich is imported only for what they cannot be."""

    DIRECT = True  # tests turn it off to have rich print everything

    def __init__(self, color: bool, width: int):
        self.color, self.width = color, width
        self.direct = self.DIRECT and not color and sys.platform != "win32"
        self.buffer: io.StringIO | None = None
        self.console = None

    def __call__(self, *renderables) -> str:
        if self.direct and all(isinstance(renderable, _Line) for renderable in renderables):
            written = [_printed(line, self.width) for line in renderables]
            if None not in written:
                return "".join(written)
        console = self.rich_console()
        for renderable in renderables:
            console.print(renderable.renderable() if isinstance(renderable, _Line) else renderable)
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def widen(self, width: int) -> None:
        """At least `width` columns from now on (the console too, if made already)."""
        if width > self.width:
            self.width = width
            if self.console is not None:
                self.console.width = width

    def rich_console(self):
        """The console, made (and rich imported) when first needed."""
        if self.console is None:
            from checker.reports.terminal import text_console

            self.buffer = io.StringIO()
            self.console = text_console(self.buffer, self.color, self.width)
        return self.console


_TRAILING_SPACE = re.compile(r"\s+$")


def _printed(line: _Line, width: int) -> str | None:
    """What rich's console.print of the line writes without colour: the text, broken at words (long
    words folded) into lines no wider than the console; None when the text is not one printable line
    (or, for a plain string, may hold an :emoji: code), or rich's wrapping cannot be followed."""
    text = line.text
    if not text.isprintable() or (line.style is None and ":" in text):
        return None
    from rich.cells import cell_len

    if len(text) <= width and cell_len(text) <= width:
        return text + "\n"
    try:
        from rich._wrap import divide_line
    except ImportError:  # another rich: rich wraps the line itself
        return None
    offsets = divide_line(text, width, fold=True)
    pieces = []
    for start, end in zip([0, *offsets], [*offsets, len(text)]):
        piece = text[start:end]
        if len(piece) > width:  # Text.rstrip_end: whitespace beyond the width (in characters) goes
            spaces = _TRAILING_SPACE.search(piece)
            if spaces:
                piece = piece[:len(piece) - min(len(spaces.group(0)), len(piece) - width)]
        if cell_len(piece) > width:
            return None
        pieces.append(piece)
    return "\n".join(pieces) + "\n"


@dataclass
class _Frame:
    """The matrix's columns: header, footer (lines), alignment, least width of each, and whether rich
    folds its text (overflow="fold") onto more lines when it is narrowed."""

    headers: list[str]
    footers: list[str]
    centred: list[bool]
    min_widths: list[int]
    folds: list[bool]

    def natural_widths(self, widths: list[int]) -> list[int]:
        """Each column as rich makes it in a console wide enough: as wide as its widest cell (`widths`),
        header or footer line, and no less than its least width (nor than 1)."""
        from rich.cells import cell_len

        return [max(width, least, *map(cell_len, header.split("\n") + footer.split("\n"))) or 1
                for width, least, header, footer in zip(widths, self.min_widths, self.headers, self.footers)]

    def least_width(self, widths: list[int]) -> int:
        """The table's width with every column that folds at its least width and the others at their natural
        width: as narrow as rich can make it without cropping a column."""
        columns = [least if folds else natural for natural, least, folds in zip(self.natural_widths(widths), self.min_widths, self.folds)]
        return sum(columns) + len(columns) + 1


_PLAIN_BLANK = ("", None)
_ANSI = re.compile("\x1b\\[[0-9;]*m")


@dataclass
class _Measured:
    widest: list  # rows holding the widest cell of each column, as a whole and in its longest word
    safe: bool  # every cell is text rich shows as it is: one printable line, no :emoji: code
    widths: list[int]  # of each column's widest cell


def _measure(rows, plain_cells: Callable[[dict], list]) -> _Measured:
    """The rows that give every column of the matrix its width (rich measures a column by its widest
    cell, as a whole and in its longest word), and whether each cell can be written directly."""
    from rich.cells import cell_len

    widest_line: list[tuple[int, int]] = []  # per column: (width, position of the first row that has it)
    widest_word: list[tuple[int, int]] = []
    known: dict[str, tuple[int, int, bool]] = {}  # the facts of each text but file names (few distinct ones)
    safe = True
    for position, row in enumerate(rows):
        for column, (text, _style) in enumerate(plain_cells(row)):
            facts = known.get(text) if column else None
            if facts is None:
                line = max((cell_len(part) for part in text.splitlines()), default=0)
                word = max((cell_len(part) for part in text.split()), default=line)
                facts = (line, word, text.isprintable() and ":" not in text)
                if column:
                    known[text] = facts
            if column == len(widest_line):
                widest_line.append((-1, 0))
                widest_word.append((-1, 0))
            if facts[0] > widest_line[column][0]:
                widest_line[column] = (facts[0], position)
            if facts[1] > widest_word[column][0]:
                widest_word[column] = (facts[1], position)
            safe = safe and facts[2]
    positions = sorted({position for _width, position in widest_line + widest_word})
    return _Measured([rows[position] for position in positions], safe, [width for width, _position in widest_line])


class _DirectRows:
    """The matrix's rows written as text directly, exactly as rich renders them.

    Rendering a table through rich measures and renders every cell, which took most of a batch's own
    time. Each row is its cells padded to the columns' widths, left-aligned (the first three columns)
    or centred (the indicators), each in its style's codes, between the rules. Without colour the
    widths and the frame (borders, header, footer) are what rich makes of a table that fits the
    console: each column as wide as its widest cell, header and footer included, and no less than its
    least width. Otherwise (with colour, or a table wider than the console, whose columns rich narrows
    its own way) rich renders the frame: the table of the rows holding each column's widest cell,
    whose rows must come out as written here. A plain text wider than its column, in a column that
    folds, is laid out on several lines by rich itself (the row's other cells are blank below their
    first line); `made` gives None (rich renders the whole table) unless every other cell fits on one
    line of its column."""

    def __init__(self, widths: list[int], frame: _Frame, plain_cells: Callable[[dict], list], show: _Printer):
        from rich.cells import cell_len

        self.widths = widths
        self.centred = frame.centred
        self.folds = frame.folds
        self.plain_cells = plain_cells
        self.show = show
        self.cell_len = cell_len
        self.styles: dict[str, tuple[str, str] | None] = {}
        self.cells: dict[tuple[int, str, str | None], str | list[str] | None] = {}  # (column, text, style) → the cell, but file names
        self.render: Callable[[list], str] | None = None
        self.widest: list = []
        self.head = self.tail = ""
        self.cut = (0, 0)  # in rich's table of the widest rows and one more (_rendered): lines before that row and after it

    @classmethod
    def made(cls, render: Callable[[list], str], plain_cells: Callable[[dict], list], measured: _Measured,
             show: _Printer, frame: _Frame) -> _DirectRows | None:
        direct = cls._framed(plain_cells, measured, show, frame) if show.direct else None
        direct = direct or cls._framed_by_rich(render, plain_cells, measured, show, frame)
        if direct is not None:
            direct.render = render  # for a row only rich can write (none, while the cells are what _measure saw)
        return direct

    @classmethod
    def _framed(cls, plain_cells: Callable[[dict], list], measured: _Measured, show: _Printer, frame: _Frame) -> _DirectRows | None:
        """Without colour: the frame written here too, when the table fits the console as it is."""
        header_lines = [header.split("\n") for header in frame.headers]
        footer_lines = [footer.split("\n") for footer in frame.footers]
        texts = [text for lines in header_lines + footer_lines for text in lines]
        if any(not text.isprintable() or ":" in text for text in texts) or any(len(lines) > 1 for lines in header_lines):
            return None
        widths = frame.natural_widths(measured.widths)
        if sum(widths) + len(widths) + 1 > show.width:
            return None  # rich narrows the columns its own way
        direct = cls(widths, frame, plain_cells, show)
        height = max(len(lines) for lines in footer_lines)
        header = direct._row_lines([(lines[0], "") for lines in header_lines], "┃")
        footers = [direct._row_lines([(lines[line] if line < len(lines) else "", "") for lines in footer_lines]) for line in range(height)]
        rows = [direct.lines(row) for row in measured.widest]
        if header is None or None in footers or None in rows:
            return None
        direct.head = _rule("┏", "━", "┳", "┓", widths) + header + _rule("┡", "━", "╇", "┩", widths)
        direct.tail = _rule("├", "─", "┼", "┤", widths) + "".join(footers) + _rule("└", "─", "┴", "┘", widths)
        direct.cut = (3 + "".join(rows).count("\n"), height + 2)
        direct.widest = measured.widest
        return direct

    @classmethod
    def _framed_by_rich(cls, render: Callable[[list], str], plain_cells: Callable[[dict], list], measured: _Measured,
                        show: _Printer, frame: _Frame) -> _DirectRows | None:
        lines = render(measured.widest).splitlines(keepends=True)
        top = _ANSI.sub("", lines[0]) if lines else ""
        if not (top.startswith("┏") and top.endswith("┓\n")):
            return None  # wider than the console even narrowed: rich crops its lines
        parts = top[1:-2].split("┳")
        if any(part.strip("━") for part in parts) or len(parts) != len(frame.centred):
            return None
        direct = cls([len(part) for part in parts], frame, plain_cells, show)
        rows = [direct.lines(row) for row in measured.widest]
        if None in rows:
            return None
        written = "".join(rows).splitlines(keepends=True)
        count = len(written)
        head = next((start for start in range(1, len(lines) - count) if lines[start:start + count] == written), None)
        if head is None:
            return None
        direct.widest = measured.widest
        direct.head, direct.tail = "".join(lines[:head]), "".join(lines[head + count:])
        direct.cut = (head + count, len(lines) - head - count)
        return direct

    def table(self, rows: Iterable[dict], size: int) -> Iterator[str]:
        """The whole table, `size` rows at a time."""
        group = [self.head]
        for row in rows:
            group.append(self.lines(row) or self._rendered(row))
            if len(group) >= size:
                yield "".join(group)
                group = []
        group.append(self.tail)
        yield "".join(group)

    def lines(self, row: dict) -> str | None:
        """The row's lines of the table; None when a cell cannot be written as rich would."""
        return self._row_lines(self.plain_cells(row))

    def _row_lines(self, cells: list[tuple[str, str | None]], rule: str = "│") -> str | None:
        parts = []
        tall = False
        for column, (text, style) in enumerate(cells):
            if column:
                key = (column, text, style)
                part = self.cells.get(key, False)
                if part is False:
                    part = self.cells[key] = self._cell(column, text, style)
            else:
                part = self._cell(column, text, style)
            if part is None:
                return None
            if part.__class__ is list:
                tall = True
            parts.append(part)
        if not tall:
            return rule + rule.join(parts) + rule + "\n"
        # rich's table aligns cells to the top and pads the shorter ones with blank lines in the cell's
        # style, which is the column's (none here), not its Text's: plain spaces, even in colour
        cells_lines = [part if part.__class__ is list else [part] for part in parts]
        blanks = [" " * width for width in self.widths]
        return "".join(rule + rule.join(lines[index] if index < len(lines) else blank for lines, blank in zip(cells_lines, blanks)) + rule + "\n"
                       for index in range(max(map(len, cells_lines))))

    def _cell(self, column: int, text: str, style: str | None) -> str | list[str] | None:
        """The cell's line, or its lines (a list) when rich folds it; None when it is not rich's."""
        width = self.widths[column]
        if not text.isprintable() or ":" in text:
            return None
        if self.centred[column]:
            text = text.rstrip()
            length = self.cell_len(text)
            if length > width:
                return None
            left = (width - length) // 2
            text = " " * left + text + " " * (width - length - left)
        else:
            length = self.cell_len(text)
            if length > width:
                return self._folded(text, width) if self.folds[column] and style is None else None
            text += " " * (width - length)
        if style is None or not text:
            return text
        codes = self._codes(style)
        return None if codes is None else codes[0] + text + codes[1]

    def _folded(self, text: str, width: int) -> list[str] | None:
        """The lines of a plain text in a column of this width that folds, as rich's table lays them out:
        the cell's Text wrapped by the console in the column's options (Table._render), left-justified so
        padded to the width; rich's, because its wrapping at spaces, folding of long words and dropping
        of spaces at a break are its own."""
        if width < 1:
            return None  # rich renders nothing in a column of no width
        from rich.text import Text

        lines = [line.plain for line in Text(text).wrap(self.show.rich_console(), width, justify="left", overflow="fold", no_wrap=False)]
        return lines if all(self.cell_len(line) == width for line in lines) else None

    def _codes(self, style: str) -> tuple[str, str] | None:
        """What the console writes before and after a text in this style (nothing without colour)."""
        if self.show.direct:
            return "", ""
        if style not in self.styles:
            from rich.text import Text

            shown = self.show(Text("X", style=style))
            parts = shown[:-1].split("X") if shown.endswith("\n") else []
            self.styles[style] = (parts[0], parts[1]) if len(parts) == 2 else None
        return self.styles[style]

    def _rendered(self, row: dict) -> str:
        """A row rich renders itself, after the widest rows (so with the table's widths), cut out."""
        lines = self.render([*self.widest, row]).splitlines(keepends=True)
        before, after = self.cut
        return "".join(lines[before:len(lines) - after])


def _rule(left: str, line: str, cross: str, right: str, widths: list[int]) -> str:
    return left + cross.join(line * width for width in widths) + right + "\n"
