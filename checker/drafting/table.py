"""Finding a plan's 主要指标 table and reading its rows, in the layouts documents come in.

Three layouts reach us as lines: one cell per line (text copied from a web page, as in the
shipped seeds), one row per line with cells apart by runs of spaces (text extracted from a PDF),
and one row per line with tab-separated cells (HTML and .docx tables, see document.py). The
reader finds the header row by its column words, learns the order of the columns from it, and
reads cells in that order, whichever layout carries them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.drafting.document import Document, Line, is_page_number
from checker.drafting.targets import Target, read_target_cell, unit_of
from checker.names import fold, trailing_unit

ATTRIBUTES = {"约束性": "binding", "约束": "binding", "预期性": "expected", "预期": "expected"}
_HEADER_ROLES = [
    ("serial", ("序号", "编号")),
    ("category", ("类别", "分类", "领域", "类型", "方面")),
    ("name", ("指标", "指标名称", "主要指标", "项目", "指标内容", "内容", "名称")),
    ("unit", ("单位", "计量单位")),
    ("attribute", ("属性", "指标属性", "性质", "指标性质", "指标类型")),
]
_BASELINE_HEADER = re.compile(r"2020|基期|基数|现状|十三五")
_TARGET_HEADER = re.compile(r"20[2-3]\d|目标|预期值|规划值|十四五")
_CAPTION = re.compile(r"主要指标|指标体系|发展指标")
_HEADING = re.compile(r"^(第[一二三四五六七八九十]+[章节部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|专栏\s*\d|注[:：])")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.．、)）]|[（(]\d{1,3}[)）]|\d{1,3}\s+(?=\D))\s*")
_SERIAL = re.compile(r"^\d{1,3}[.．、]?$")
_SPLIT = re.compile(r"\t+|[ \u3000]{2,}")
MAX_NAME_CHARS = 80
HEADER_SEARCH_LINES = 12  # a caption line and its table header are this close at most


@dataclass(frozen=True)
class TableRow:
    """One indicator row: the plan's name (without numbering or unit), what it asks, and where."""

    name: str
    target: Target
    unit: str
    unit_label: str | None
    attribute: str | None  # binding / expected, or None when the table has no attribute column
    line: int
    position: int  # the row's number in the table, counting from 1
    quote: str  # the row's cells as the document gives them, joined by spaces


@dataclass(frozen=True)
class IndicatorTable:
    caption: str
    first_line: int
    last_line: int
    rows: tuple[TableRow, ...]
    unread: tuple[Line, ...] = ()  # rows with a name whose target could not be read


@dataclass(frozen=True)
class _Cell:
    text: str
    line: int


def split_cells(text: str) -> list[str]:
    """Cells of one line: tab- or space-run-separated; a spaced-out word ("指    标") stays one cell."""
    cells: list[str] = []
    previous_single = False
    for piece in (p.strip() for p in _SPLIT.split(text.strip())):
        if not piece:
            continue
        single = len(piece) == 1 and bool(re.match(r"[\u4e00-\u9fff]", piece))
        if single and previous_single:
            cells[-1] += piece
        else:
            cells.append(piece)
        previous_single = single
    return cells


def header_role(cell: str) -> str | None:
    folded = fold(cell).strip("“”\"")
    for role, words in _HEADER_ROLES:
        if folded in words:
            return role
    if len(folded) <= 14:
        if _BASELINE_HEADER.search(folded) and not re.search(r"2025|目标", folded):
            return "baseline"
        if _TARGET_HEADER.search(folded):
            return "target"
    return None


def find_indicator_table(document: Document) -> IndicatorTable | None:
    """The plan's main indicator table: the first table under a 主要指标 caption, else the first whose rows read."""
    lines = document.lines
    candidates = []
    for index in range(len(lines)):
        header = _header_at(lines, index)
        if header is None:
            continue
        columns, after = header
        table = _read_rows(lines, after, columns, _caption_before(lines, index))
        if table.rows:
            candidates.append(table)
    captioned = [t for t in candidates if _CAPTION.search(t.caption)]
    return (captioned or candidates or [None])[0]


def _header_at(lines: tuple[Line, ...], index: int) -> tuple[list[str], int] | None:
    """Column roles of a header starting at lines[index] (one row per line, or one cell per line), and the index after it."""
    cells = split_cells(lines[index].text)
    if len(cells) >= 2:
        roles = [header_role(c) for c in cells]
        if _is_header(roles):
            return [r or "other" for r in roles], index + 1
        return None
    roles = []
    position = index
    while position < len(lines) and lines[position].text.strip() and len(roles) < 8:
        role = header_role(lines[position].text)
        if role is None:
            break
        roles.append(role)
        position += 1
    if len(roles) >= 2 and _is_header(roles):
        return roles, position
    return None


def _is_header(roles: list[str | None]) -> bool:
    return "name" in roles and ("target" in roles or "attribute" in roles)


def _caption_before(lines: tuple[Line, ...], index: int) -> str:
    for line in reversed(lines[max(0, index - HEADER_SEARCH_LINES) : index]):
        text = line.text.strip()
        if _CAPTION.search(text) or text.startswith("专栏") or text.startswith("表"):
            return re.sub(r"\s+", " ", text)
    return "主要指标"


def _read_rows(lines: tuple[Line, ...], start: int, columns: list[str], caption: str) -> IndicatorTable:
    rows: list[TableRow] = []
    unread: list[Line] = []
    pending: list[_Cell] = []
    closing_role = columns[-1] if columns[-1] in ("attribute", "target") else "target"
    last_line = lines[start - 1].number

    row_on_one_line = False  # the last row came as one line: a PDF may wrap its name onto the next

    def emit():
        nonlocal pending, row_on_one_line
        row_on_one_line = len({cell.line for cell in pending}) == 1
        row = _row_from_cells(pending, columns, len(rows) + 1)
        if isinstance(row, TableRow):
            rows.append(row)
        elif row is not None:
            unread.append(row)
        pending = []

    for line in lines[start:]:
        text = line.text.strip()
        if is_page_number(text):
            continue
        if not text:
            if _has_name_and_target(pending):
                emit()
            continue
        cells = split_cells(text)
        if _ends_table(cells):
            break
        if len(cells) == 1 and rows and not pending and row_on_one_line and _continues_name(rows[-1], cells[0]):
            rows[-1] = _with_longer_name(rows[-1], cells[0])
            last_line = line.number
            continue
        for cell in cells:
            pending.append(_Cell(cell, line.number))
            if _plays(cell, closing_role) and _has_name_and_target(pending):
                emit()
        if len(cells) > 1 and pending and _has_name_and_target(pending):
            emit()  # one row per line: the line is the row, even when its last column is empty
        if len(pending) > 2 * len(columns) + 2:
            break  # cells that never make a row: not this table any more
        last_line = line.number
    if pending and _has_name_and_target(pending):
        emit()
    return IndicatorTable(caption, lines[start - 1].number, last_line, tuple(rows), tuple(unread))


def _plays(cell: str, role: str) -> bool:
    if role == "attribute":
        return fold(cell) in ATTRIBUTES
    return read_target_cell(cell) is not None


def _has_name_and_target(cells: list[_Cell]) -> bool:
    texts = [c.text for c in cells]
    return any(_is_name(t) for t in texts) and any(read_target_cell(t) for t in texts[1:])


def _is_name(text: str) -> bool:
    folded = fold(text)
    return bool(re.search(r"[\u4e00-\u9fff]{2,}", folded)) and folded not in ATTRIBUTES and read_target_cell(text) is None


def _ends_table(cells: list[str]) -> bool:
    first = cells[0]
    if _HEADING.match(first) and not _NUMBERING.match(first):
        return True
    return len(cells) == 1 and (len(fold(first)) > MAX_NAME_CHARS or fold(first).endswith("。"))


def _row_from_cells(cells: list[_Cell], columns: list[str], position: int) -> TableRow | Line | None:
    """Place cells in columns from the right (merged category and serial cells are the ones that go missing)."""
    placed = _place(cells, columns)
    name_cell = placed.get("name")
    if name_cell is None or not _is_name(name_cell.text):
        names = [c for c in cells if _is_name(c.text)]
        if not names:
            return None
        name_cell = names[-1]
        after = cells[cells.index(name_cell) + 1 :]
        readable = [c for c in after if read_target_cell(c.text)]
        placed = {"name": name_cell, "target": readable[-1] if readable else None,
                  "attribute": next((c for c in after if fold(c.text) in ATTRIBUTES), None),
                  "unit": next((c for c in after if unit_of(c.text)[0] and read_target_cell(c.text) is None), None)}
    target_cell = placed.get("target")
    target = read_target_cell(target_cell.text) if target_cell else None
    if target is None:
        return Line(name_cell.line, name_cell.text)
    attribute_cell = placed.get("attribute")
    attribute = ATTRIBUTES.get(fold(attribute_cell.text)) if attribute_cell else None
    unit_cell = placed.get("unit")
    target, unit, label = _in_row_unit(target, name_cell.text, unit_cell.text if unit_cell else None)
    quote_cells = [c.text for c in cells if c.line >= name_cell.line and cells.index(c) >= cells.index(name_cell)]
    return TableRow(
        name=clean_name(name_cell.text),
        target=target,
        unit=unit,
        unit_label=label,
        attribute=attribute,
        line=name_cell.line,
        position=position,
        quote=" ".join([*_serial_before(cells, name_cell), *quote_cells]),
    )


def _place(cells: list[_Cell], columns: list[str]) -> dict[str, _Cell]:
    if len(cells) > len(columns):
        cells = cells[len(cells) - len(columns) :]
    return {role: cell for role, cell in zip(columns[len(columns) - len(cells) :], cells)}


def _serial_before(cells: list[_Cell], name_cell: _Cell) -> list[str]:
    before = cells[: cells.index(name_cell)]
    return [before[-1].text] if before and _SERIAL.match(fold(before[-1].text)) else []


def _in_row_unit(target: Target, name: str, unit_column: str | None) -> tuple[Target, str, str | None]:
    """The target in its unit: the cell's own unit ("300户"), else the unit column, else the name's "（万人）"."""
    if target.unit is not None:
        return target, target.unit, target.unit_label
    for words in (unit_column, trailing_unit(name)):
        unit, multiplier, label = unit_of(words)
        if unit is not None:
            return _scaled(target, multiplier), unit, label
    return target, unit_from_name(name), None


def _scaled(target: Target, multiplier: float) -> Target:
    def scale(value):
        return round(value * multiplier, 6)

    if multiplier == 1.0 or not isinstance(target.target, (float, tuple)):
        return target
    value = tuple(scale(v) for v in target.target) if isinstance(target.target, tuple) else scale(target.target)
    return Target(target.operator, value, target.unit, target.unit_label, target.cumulative, target.reference_text)


def unit_from_name(name: str) -> str:
    """The unit a name implies when nothing else says: 覆盖率 → percent, 人数 → persons, 户数 → households."""
    folded = fold(clean_name(name))
    if re.search(r"(率|比例|比重|占比|增速|增长|增幅)$", folded):
        return "percent"
    if folded.endswith("人次"):
        return "person_times"
    if re.search(r"(人数|人员|人)$", folded):
        return "persons"
    if folded.endswith("户数") or folded.endswith("户"):
        return "households"
    return "count"


def clean_name(text: str) -> str:
    """A row's name as a target file keeps it: no numbering, no trailing unit bracket, single spaces."""
    name = _NUMBERING.sub("", text.strip(), count=1)
    name = re.sub(r"\s*[（(][^（）()]{1,8}[)）]\s*$", "", name)
    return re.sub(r"\s+", " ", name).strip()


def _continues_name(row: TableRow, fragment: str) -> bool:
    """A PDF wraps a long name onto the next line: a short fragment ending like a name, after a name with no unit bracket."""
    folded = fold(fragment)
    name_had_unit = re.search(re.escape(row.name) + r"\s*[（(]", row.quote) is not None
    return _is_name(fragment) and not _NUMBERING.match(fragment) and len(folded) <= 30 and not name_had_unit and bool(re.search(r"(率|比例|数|[)）])$", folded))


def _with_longer_name(row: TableRow, fragment: str) -> TableRow:
    name = clean_name(row.name + fragment.strip())
    unit = row.unit
    target = row.target
    label = row.unit_label
    if trailing_unit(fragment) and target.unit is None:
        target, unit, label = _in_row_unit(target, row.name + fragment, None)
    return TableRow(name, target, unit, label, row.attribute, row.line, row.position, f"{row.quote} {fragment.strip()}")
