""".xlsx/.xlsm → sheets, read with the C expat parser: one pass over each part, no object model.

openpyxl's read-only mode parsed every worksheet three times (its size, our scan for merged
ranges, hidden rows and uncached formulas, then the cells) through Python-level XML handlers; this
reader parses each part once and keeps only what the checker uses: sheet names and states
(workbook.xml and its relationships), shared strings, each cell style's number format (styles.xml)
and each worksheet's cells, hidden rows, merged ranges and formulas saved without a result.

Values come out exactly as openpyxl's read-only, data-only mode gives them (int, float, str, bool,
datetime for date-formatted numbers, cached formula results), with their number format strings, so
a percent-formatted 0.86 still reads as 86% and the displayed decimals still round; rows and cells
that openpyxl drops (numbered out of order) are dropped here too. Parts the checker does not use
(themes, document properties, drawings, defined names) are not parsed at all.

Hostile XML: a document type that declares entities, or refers to anything outside the file, is
refused the moment the parser meets it (the rules of defusedxml, which guarded openpyxl before);
zip bombs, sizes and part counts are refused by guard.py before any part is inflated. The Strict
Open XML namespaces (ISO/IEC 29500 strict, "Strict Open XML 电子表格") are read like transitional ones.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from pyexpat import ParserCreate
from typing import Any, Iterator

from checker.errors import CheckerError
from checker.reading import sheets as _limits  # the limits are read at each call, so that tests can lower them
from checker.reading.sheets import (
    DAMAGED, Sheet, cell_name, column_index_from_string, damaged, fill_merged, get_column_letter, range_boundaries, too_many_cells,
)

_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_WORKBOOK_TYPES = (  # in openpyxl's order of preference
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STYLES = "xl/styles.xml"  # openpyxl reads the styles from this fixed name, whatever the relationships say
_READ_SIZE = 1 << 20
_DIGITS = "0123456789"

# Element names as the parser reports them ("namespace}localname", as ElementTree's parser does), in either namespace.
_NAMES = {f"{ns}}}{local}": local for ns in _MAIN for local in ("row", "c", "v", "f", "is", "mergeCell", "si", "t", "r", "col")}

# Excel's built-in number formats (ECMA-376 18.8.30) as openpyxl names them; other ids below 164 read as General.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)', 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)", 41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)', 43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)', 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
    48: "##0.0E+0", 49: "@",
}
_CUSTOM_FORMATS_FROM = 164
# Which formats make a number a date or a duration, by openpyxl's rules (openpyxl.styles.numbers).
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
_MAC_EPOCH = datetime.datetime(1904, 1, 1)
_ISO_DATE = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")

# What a damaged value or part makes the conversions raise (the caller turns them into "damaged").
_BAD_VALUE = (ValueError, IndexError, OverflowError, TypeError, KeyError)


class ForbiddenXML(ValueError):
    """A part declares entities or refers outside the file: an XML bomb or an attempt to read other files."""


def _forbidden(*_args: Any) -> None:
    raise ForbiddenXML("entity declarations and external references are not allowed")


def _parser():
    """An expat parser that reports "namespace}localname" and refuses entity declarations and external references."""
    parser = ParserCreate(namespace_separator="}")
    parser.EntityDeclHandler = _forbidden
    parser.UnparsedEntityDeclHandler = _forbidden
    parser.ExternalEntityRefHandler = _forbidden
    parser.SkippedEntityHandler = _forbidden  # a reference to an entity declared outside the file
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


def _feed(parser, archive: zipfile.ZipFile, name: str) -> None:
    """Parse one part as it is inflated, a chunk at a time: memory stays flat however long the part."""
    with archive.open(name) as stream:
        while chunk := stream.read(_READ_SIZE):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(name: str) -> str:
    return name.rpartition("}")[2]


# --- small parts: a tree of (name, attributes, children) ----------------------------------------------------------------


def _tree(archive: zipfile.ZipFile, name: str, keep: tuple[str, ...] | None = None) -> tuple:
    """The part as nested (local name, attributes, children); with `keep`, only those children of the root
    (by local name) are built, the rest parsed and dropped."""
    parser = _parser()
    document: tuple = ("", {}, [])
    stack = [document]
    skipped = 0  # depth inside a child of the root that is not kept

    def start(tag: str, attributes: dict) -> None:
        nonlocal skipped
        if skipped or (keep is not None and len(stack) == 2 and _local(tag) not in keep):
            skipped += 1
            return
        node = (_local(tag), attributes, [])
        stack[-1][2].append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        nonlocal skipped
        if skipped:
            skipped -= 1
        else:
            stack.pop()

    parser.StartElementHandler, parser.EndElementHandler = start, end
    _feed(parser, archive, name)
    return document[2][0]


def _children(node: tuple, local: str) -> list[tuple]:
    return [child for child in node[2] if child[0] == local]


def _attribute(attributes: dict, local: str, namespaces: tuple[str, ...]) -> str | None:
    for namespace in namespaces:
        found = attributes.get(f"{namespace}}}{local}")
        if found is not None:
            return found
    return None


class _Book:
    """What the workbook's parts say about all its sheets: their parts, names and states, strings and styles."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        names = set(archive.namelist())
        workbook_part, strings_part = self._content_types()
        # openpyxl's order: shared strings, then the workbook, then the styles; a damaged one stops the reading.
        self.strings = self._shared_strings(strings_part) if strings_part else []
        workbook = _tree(archive, workbook_part)
        properties = _children(workbook, "workbookPr")
        date1904 = properties[-1][1].get("date1904") if properties else None
        self.epoch = _MAC_EPOCH if date1904 is not None and date1904 not in ("false", "f", "0", "") else _WINDOWS_EPOCH
        calculation = _children(workbook, "calcPr")
        self.full_calc_on_load = bool(calculation) and calculation[-1][1].get("fullCalcOnLoad") in ("1", "true")
        entries = [sheet for group in _children(workbook, "sheets") for sheet in _children(group, "sheet")]
        relationships = self._relationships(workbook_part) if entries else {}
        self.sheets: list[tuple[str, bool, str]] = []
        for attributes in (entry[1] for entry in entries):
            relation = _attribute(attributes, "id", _RELATIONSHIPS)
            if not relation:
                continue  # openpyxl drops a sheet entry without a relationship
            kind, target = relationships[relation]
            if target not in names or "chartsheet" in kind:
                continue  # a sheet whose part is missing, or a chart: no cells
            state = attributes.get("state", "visible")
            if state not in ("visible", "hidden", "veryHidden"):
                raise ValueError(f"sheet state {state!r}")
            self.sheets.append((attributes.get("name") or "", state != "visible", target))
        self.formats, self.dates = self._styles() if _STYLES in names else (["General"], {})
        self._styles_seen: dict[str | None, tuple[str, str | None]] = {}

    def _content_types(self) -> tuple[str, str | None]:
        types = _tree(self.archive, "[Content_Types].xml")
        overrides = [(node[1].get("PartName") or "", node[1].get("ContentType")) for node in _children(types, "Override")]
        defaults = {node[1].get("ContentType") for node in _children(types, "Default")}
        strings = next((part[1:] for part, kind in overrides if kind == _SHARED_STRINGS_TYPE), None)
        for kind in _WORKBOOK_TYPES:
            part = next((part for part, each in overrides if each == kind), None)
            if part:
                return part[1:], strings
        if defaults & set(_WORKBOOK_TYPES):
            return "xl/workbook.xml", strings  # some applications make the workbook type the default one
        raise OSError("File contains no valid workbook part")

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, the part it names, as a path inside the zip)."""
        folder, name = posixpath.split(part)
        path = posixpath.join(folder, "_rels", f"{name}.rels")
        parent = posixpath.split(posixpath.dirname(path))[0]
        found = {}
        nodes = _tree(self.archive, path)[2]  # openpyxl takes every child for a <Relationship>, whatever its name
        if any(node[1].get("Type") is None or node[1].get("Target") is None for node in nodes):
            return {}  # openpyxl drops them all (with a warning) when one lacks its type or target
        for node in nodes:
            attributes = node[1]
            target = attributes["Target"]
            if attributes.get("TargetMode") != "External":
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
            found[attributes.get("Id")] = (attributes.get("Type") or "", target)
        return found

    def _shared_strings(self, part: str) -> list[str]:
        """Each <si>: its text plus the text of its runs, phonetic guides left out (as openpyxl reads them)."""
        strings: list[str] = []
        parser = _parser()
        path: list[str] = []  # local names of the elements open inside the current <si>
        text: list[str] = []
        capturing = False
        plain: str | None = None
        runs: list[str] = []
        run: str | None = None

        def start(name: str, _attributes: dict) -> None:
            nonlocal capturing, plain, runs, run
            if not path:
                if _NAMES.get(name) == "si":
                    path.append("si")
                    plain, runs = None, []
                return
            capturing = False  # an element's text is what comes before its first child
            local = _local(name)
            path.append(local)
            if len(path) == 2 and local in ("t", "r"):
                if local == "r":
                    run = None
                text.clear()
                capturing = local == "t"
            elif len(path) == 3 and local == "t" and path[1] == "r":
                text.clear()
                capturing = True

        def end(_name: str) -> None:
            nonlocal capturing, plain, run
            if not path:
                return
            local = path.pop()
            if capturing:
                capturing = False
                if len(path) == 1:
                    plain = "".join(text)
                else:
                    run = "".join(text)
            elif local == "r" and len(path) == 1:
                if run is not None:
                    runs.append(run)
            elif not path:
                strings.append(((plain or "") + "".join(runs)).replace("x005F_", ""))

        def characters(data: str) -> None:
            if capturing:
                text.append(data)

        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, characters
        _feed(parser, self.archive, part)
        return strings

    def _styles(self) -> tuple[list[str], dict[int, str]]:
        """Each cell style's number format, and which styles make a number a date or a duration."""
        sheet = _tree(self.archive, _STYLES, keep=("numFmts", "cellXfs"))
        custom = {
            int(node[1]["numFmtId"]): node[1]["formatCode"]
            for group in _children(sheet, "numFmts") for node in _children(group, "numFmt")
        }
        styles = [int(node[1].get("numFmtId", 0)) for group in _children(sheet, "cellXfs") for node in _children(group, "xf")]
        if not styles:
            return ["General"], {}  # no cell styles: openpyxl's defaults
        added: list[str] = []  # openpyxl numbers the custom formats anew, in the order styles use them
        resolved: list[str | int] = []
        dates: dict[int, str] = {}
        builtin_ids = {code: number for number, code in BUILTIN_FORMATS.items()}
        for index, number in enumerate(styles):
            if number in custom:
                code = custom[number]
                if code not in builtin_ids and code not in added:
                    added.append(code)
                resolved.append(code)
            else:
                code = BUILTIN_FORMATS.get(number)
                resolved.append(code or "General" if number < _CUSTOM_FORMATS_FROM else number)
            if _is_date_format(code):
                dates[index] = "duration" if _is_duration_format(code) else "date"
        formats = []
        for code in resolved:
            if isinstance(code, int):  # an id above the built-in ones that no <numFmt> defines: openpyxl's renumbering
                index = code - _CUSTOM_FORMATS_FROM
                code = added[index] if index < len(added) else "General"
            formats.append(code)
        return formats, dates

    def style(self, attribute: str | None) -> tuple[str, str | None]:
        """(number format, "date"/"duration"/None) of a cell's s="…" attribute."""
        found = self._styles_seen.get(attribute)
        if found is None:
            if not attribute:
                index = 0
            else:
                index = int(attribute)  # a damaged style number: ValueError
            try:
                number_format = self.formats[index]
            except IndexError:
                number_format = "General"  # a damaged style table: the value itself is still right
            found = (number_format, self.dates.get(index) if index >= 0 else None)
            self._styles_seen[attribute] = found
        return found


def _is_date_format(code: str | None) -> bool:
    if code is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def _is_duration_format(code: str | None) -> bool:
    return code is not None and _DURATION.search(code.split(";")[0]) is not None


def _from_excel(value: float, epoch: datetime.datetime, duration: bool) -> Any:
    """A date serial as openpyxl.utils.datetime.from_excel converts it."""
    if duration:
        delta = datetime.timedelta(days=value)
        if delta.microseconds:
            delta = datetime.timedelta(seconds=delta.total_seconds() // 1, microseconds=round(delta.microseconds, -3))
        return delta
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1
    return epoch + datetime.timedelta(days=day) + diff


def _from_iso8601(text: str) -> Any:
    """A t="d" cell as openpyxl.utils.datetime.from_ISO8601 reads it."""
    match = _ISO_DATE.match(text)
    if match and any(match.groups()):
        parts = match.groupdict(0)
        for key in ("year", "month", "day", "hour", "minute", "second"):
            if parts[key]:
                parts[key] = int(parts[key])
        if parts["microsecond"]:
            parts["microsecond"] = int(float(parts["microsecond"]) * 1_000_000)
        if not parts["date"]:
            return datetime.time(parts["hour"], parts["minute"], parts["second"], parts["microsecond"])
        if not parts["time"]:
            return datetime.date(parts["year"], parts["month"], parts["day"])
        del parts["time"], parts["date"]
        return datetime.datetime(**parts)
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return datetime.timedelta(**{key: float(value) for key, value in match.groupdict(0).items() if value})
    raise ValueError(f"Invalid datetime value {text}")


_COLUMNS: dict[str, int] = {}  # "AB" → 28, for the column letters met so far


def _column_of(reference: str) -> int:
    """The column of a cell reference ("AB12" → 28), checked as openpyxl checks it."""
    letters = reference.rstrip(_DIGITS)
    if letters and len(letters) < len(reference) and letters.isalpha() and letters.isascii():
        column = _COLUMNS[letters] = column_index_from_string(letters)
        return column
    index = 0  # anything odd: openpyxl's own steps, with its errors (coordinate_to_tuple)
    for index, character in enumerate(reference):
        if character in _DIGITS:
            break
    int(reference[index:])
    return column_index_from_string(reference[:index])


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if number.is_integer():
            return int(number)
        raise ValueError(f"{text} is not a valid row number") from None


# --- worksheets: one pass ---------------------------------------------------------------------------------------------


def read_worksheet(book: _Book, part: str, title: str, hidden: bool, file: str) -> Sheet:
    """One streaming pass over a worksheet's XML: cells with values and formats, hidden rows, merged ranges,
    formulas without results. Every <row>, <c> and <mergeCell> counts against a limit, empty or not,
    so that no flood of elements can make the pass long or its results large.

    The handlers run once per element of a sheet that may have a million: the common paths (a <c>
    with a <v>) call no other Python function, and character data is collected by list.append itself,
    switched on only inside the elements whose text is read."""
    max_rows, max_columns, max_cells = _limits.MAX_ROWS, _limits.MAX_COLUMNS, _limits.MAX_CELLS
    max_merged, max_text = _limits.MAX_MERGED_RANGES, _limits.MAX_TEXT_LENGTH
    sheet = Sheet(title, hidden=hidden, full_calc_on_load=book.full_calc_on_load)
    cells = sheet.cells
    strings, style_of, epoch = book.strings, book.style, book.epoch
    names, columns = _NAMES, _COLUMNS
    styles: dict[str | None, tuple[str, str | None]] = {}  # s="…" → (number format, "date"/"duration"/None)
    merged: list[tuple] = []
    # A value problem waits until the pass ends: a limit or a damaged layout further on is reported first.
    problem: Exception | None = None
    rows = row = count = column = 0
    in_row = keep = False
    next_row = 1  # a row numbered below this one is out of order: openpyxl drops it, and so does this reader
    values: dict[int, tuple[Any, str] | None] = {}  # the current row's cells: column → (value, number format)
    ordered, last_column = True, 0  # whether the current row's cells came in column order; the last one's column
    # The current <c>: its attributes, what its children say, and what each element open inside it is.
    in_cell = False
    inside: list[str] = []
    cell_type = style = None
    formula = any_inline = False
    formula_text: str | None = None  # the cell's <f> text
    value_seen = False
    value_text: str | None = None  # the first <v>: what openpyxl reads
    any_text: str | None = None  # the last <v> of any namespace: with any <is>, what makes a cell non-empty
    inline: list | None = None  # [text, runs] of the cell's first <is>
    run: str | None = None
    text: list[str] = []
    collect = text.append
    parser = _parser()

    def start(name: str, attributes: dict) -> None:
        nonlocal rows, row, count, column, next_row, in_row, keep, in_cell, cell_type, style, formula, any_inline
        nonlocal value_seen, value_text, any_text, inline, run, problem, formula_text
        if in_cell:
            parser.CharacterDataHandler = None  # an element's text is what comes before its first child
            mark = ""
            if not inside:
                local = names.get(name)
                main = local is not None
                if not main:
                    local = _local(name)
                if local == "v":
                    mark = "v" if main and not value_seen else "other v"
                    value_seen = value_seen or main
                    text.clear()
                    parser.CharacterDataHandler = collect
                elif local == "f":
                    formula = True
                    if main and formula_text is None:
                        mark = "f"
                        text.clear()
                        parser.CharacterDataHandler = collect
                elif local == "is":
                    any_inline = True
                    if main and inline is None:
                        inline = [None, []]
                        mark = "is"
            elif inside[0] == "is":
                local = _local(name)
                depth = len(inside)
                if depth == 1 and local == "t":
                    mark = "t"
                    text.clear()
                    parser.CharacterDataHandler = collect
                elif depth == 1 and local == "r":
                    mark = "r"
                    run = None
                elif depth == 2 and local == "t" and inside[1] == "r":
                    mark = "run t"
                    text.clear()
                    parser.CharacterDataHandler = collect
            inside.append(mark)
            return
        local = names.get(name)
        if local == "c":
            in_cell = True
            count += 1
            if count > max_cells:
                raise too_many_cells(file, title)
            reference = attributes.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                column = columns.get(letters, 0)
                if not column or len(letters) == len(reference):
                    column = _column_of(reference)
            else:
                column += 1
            cell_type = attributes.get("t", "n")
            style = attributes.get("s")
            formula = any_inline = value_seen = False
            value_text = any_text = inline = formula_text = None
        elif local == "row":
            rows += 1
            if rows > max_rows:
                raise CheckerError(f"more than {max_rows:,} rows; an indicator table is never that long",
                                   zh=f"超过 {max_rows:,} 行；指标表从不会这么长", file=file, location=title)
            number = attributes.get("r")
            if number is None:
                row += 1
            elif number.isdigit():
                row = int(number)
            else:
                try:
                    row = _row_number(number)
                except ValueError as error:  # a damaged row number: reported once the pass is over
                    problem = problem or error
                    row += 1
            column = 0
            in_row = True
            keep = row >= next_row
            if keep:
                next_row = row + 1
            if attributes.get("hidden") in ("1", "true"):
                sheet.hidden_rows.add(row)
        elif local == "col":
            first, last = attributes.get("min") or "", attributes.get("max") or ""
            if attributes.get("hidden") in ("1", "true") and first.isdigit() and last.isdigit():
                sheet.hidden_columns.update(range(max(int(first), 1), min(int(last), max_columns) + 1))
        elif local == "mergeCell":
            reference = attributes.get("ref")
            if reference:
                if len(merged) >= max_merged:
                    raise CheckerError(f"more than {max_merged:,} merged ranges", zh=f"合并区域超过 {max_merged:,} 个",
                                       file=file, location=title)
                merged.append(range_boundaries(reference))

    def end(name: str) -> None:
        nonlocal in_row, in_cell, value_text, any_text, run, problem, formula_text, ordered, last_column
        if inside:
            mark = inside.pop()
            if mark:
                parser.CharacterDataHandler = None
                if mark == "v":
                    value_text = any_text = "".join(text)
                elif mark == "other v":
                    any_text = "".join(text)
                elif mark == "f":
                    formula_text = "".join(text)
                elif mark == "t":
                    inline[0] = "".join(text)
                elif mark == "run t":
                    run = "".join(text)
                elif mark == "r" and run is not None:
                    inline[1].append(run)
            return
        if in_cell:
            in_cell = False
            has_value = bool(any_text) or any_inline
            if not formula and not has_value:
                if column in values:
                    values[column] = None  # openpyxl: a later empty cell of the same column wins
                return
            if row > max_rows or column > max_columns:
                raise CheckerError(
                    f"a cell beyond the limits the checker reads ({max_rows:,} rows, {max_columns} columns, i.e. up to "
                    f"column {get_column_letter(max_columns)}); an indicator table is never that large: delete what stands there",
                    zh=f"单元格超出检查程序读取的范围（{max_rows:,} 行、{max_columns} 列，即到 {get_column_letter(max_columns)} 列）；"
                       "指标表从不会这么大：请删除该处内容",
                    file=file, location=cell_name(title, row, column),
                )
            # A formula returning "" is saved as t="str" with an empty <v>; any other formula without <v> text has no result.
            if formula and not has_value and not (any_text is not None and cell_type == "str"):
                sheet.uncached_formulas.add((row, column))
            if formula:
                sheet.formulas[(row, column)] = formula_text or ""
            if problem is not None or not in_row:
                return
            # The value as openpyxl's read-only, data-only mode gives it (WorkSheetParser.parse_cell).
            found = None
            try:
                if cell_type == "inlineStr":
                    value = None if inline is None else (inline[0] or "") + "".join(inline[1])
                elif not value_text:
                    value = None
                elif cell_type == "n":
                    if "." in value_text or "E" in value_text or "e" in value_text:
                        value = float(value_text)
                    else:
                        value = int(value_text)
                    found = styles.get(style)
                    if found is None:
                        found = styles[style] = style_of(style)
                    if found[1] is not None:
                        try:
                            value = _from_excel(value, epoch, found[1] == "duration")
                        except (OverflowError, ValueError):
                            value = "#VALUE!"  # openpyxl: a date serial beyond the dates there are reads as an error value
                elif cell_type == "s":
                    value = strings[int(value_text)]
                elif cell_type == "b":
                    value = bool(int(value_text))
                elif cell_type == "d":
                    value = _from_iso8601(value_text)
                else:
                    value = value_text  # "str" (a formula's text), "e" (#N/A …) and any other type: the text as saved
                if value is not None and found is None:
                    found = styles.get(style)
                    if found is None:
                        found = styles[style] = style_of(style)
            except _BAD_VALUE as error:
                problem = error
                return
            if column <= last_column:
                ordered = False
            last_column = column
            values[column] = None if value is None else (value, found[0] or "General")
        elif in_row and names.get(name) == "row":
            in_row = False
            if values:
                if keep and problem is None:
                    problem = store_row()
                values.clear()
            ordered, last_column = True, 0

    def store_row() -> Exception | None:
        """The row's cells into the sheet, as Sheet.put would put them; the first problem, if any."""
        for number in values if ordered else sorted(values):
            found = values[number]
            if found is None:
                continue
            value = found[0]
            if value.__class__ is str:
                if not value.strip():
                    continue
                if len(value) > max_text:
                    return CheckerError(
                        f"text of {len(value):,} characters, more than a cell can hold in Excel ({max_text:,})",
                        zh=f"文字长达 {len(value):,} 个字符，超过 Excel 单元格的容量（{max_text:,}）",
                        file=file, location=cell_name(title, row, number),
                    )
            if len(cells) >= max_cells:
                return too_many_cells(file, title)
            cells[(row, number)] = found
            if number > sheet.max_column:
                sheet.max_column = number
            sheet.max_row = row
        return None

    parser.StartElementHandler, parser.EndElementHandler = start, end
    _feed(parser, book.archive, part)
    if problem is not None:
        raise problem
    fill_merged(sheet, merged, file)
    return sheet


def read_xlsx(path, file: str) -> Iterator[Sheet]:
    """Every worksheet of the workbook, in the workbook's order, hidden ones too (chart sheets have no cells)."""
    try:
        archive = zipfile.ZipFile(path)  # guard.py has looked at it; nothing is ever written
    except DAMAGED as error:
        raise damaged(error, file) from None
    with archive:
        try:
            book = _Book(archive)
        except DAMAGED as error:
            raise damaged(error, file) from None
        for title, hidden, part in book.sheets:
            try:
                sheet = read_worksheet(book, part, title, hidden, file)
            except DAMAGED as error:
                raise damaged(error, file) from None
            yield sheet
