""".xlsx parts read with expat (checker/reading/xlsx.py): the same cells as openpyxl gives, however the file is written.

openpyxl's read-only, data-only mode is the oracle: Excel and WPS write shared strings, rich text,
prefixed namespaces, rows and cells without references, 1904 dates, renumbered formats; each
variant below is built by rewriting a workbook openpyxl wrote, and must read exactly as openpyxl
reads it (values with their types, number formats). Strict Open XML, which openpyxl does not
read, must read like its transitional twin.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import CheckerError
from checker.reading.sheets import load_sheets
from checker.reading.workbook import read_workbook
from tests.conftest import write_workbook, xinzhou_rows

VALUES = [
    ["指标", "单位", "2025年实际", "备注"],
    ["困难残疾人生活补贴覆盖率（%）", "%", 0.995, " 前后空格 "],
    ["城乡残疾人职业技能培训人数", "人", 4126, "a&b<c>"],
    ["日期", "", datetime.datetime(2025, 12, 31, 8, 30), datetime.date(2026, 1, 15)],
    ["时间", "", datetime.time(12, 30), datetime.timedelta(hours=30)],
    ["是否", "", True, False],
    ["大数", "", 1e20, -0.5],
    ["很小", "", 1e-7, 2 / 3],
    ["公式", "", "=C3*2", '=""'],
    ["x005F_x000D_", "行\n换行", "  ", "—"],
]
FORMATS = {"C2": "0.0%", "C3": '#,##0"人"', "D3": "@", "C4": 'yyyy"年"m"月"d"日"', "D4": "mm-dd-yy", "C5": "h:mm",
           "D5": "[h]:mm:ss", "C7": "0.00E+00", "D7": "0%", "C8": "0.000_ ", "D8": "[Red]0.00;[Blue]-0.00"}
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def table(tmp_path: Path, name: str = "t.xlsx") -> Path:
    return write_workbook(tmp_path / name, {"主要指标": VALUES, "说明": [["填报说明"], [2025]]},
                          formats={("主要指标", cell): code for cell, code in FORMATS.items()}, hidden_rows={"主要指标": [6]})


def rewrite(source: Path, target: Path, edit) -> Path:
    """Copy a zip part by part; edit(parts) may change, add or (with None) drop parts."""
    with zipfile.ZipFile(source) as old:
        parts = {item.filename: old.read(item.filename) for item in old.infolist()}
    parts = edit(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            if data is not None:
                new.writestr(name, data)
    return target


def sheets_of(parts: dict) -> list[str]:
    return [name for name in parts if name.startswith("xl/worksheets/sheet")]


def openpyxl_cells(path: Path) -> list[tuple[str, dict]]:
    """(title, {(row, column): (value, number format)}) of every worksheet, as openpyxl reads them."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    found = []
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()
        cells = {}
        for row_number, row in enumerate(sheet.iter_rows(), start=1):
            for column_number, cell in enumerate(row, start=1):
                value = cell.value
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                cells[(row_number, column_number)] = (value, cell.number_format or "General")
        found.append((sheet.title, cells))
    workbook.close()
    return found


def checker_cells(path: Path) -> list[tuple[str, dict]]:
    return [(sheet.title, sheet.cells) for sheet in load_sheets(path)]


def assert_same_cells(path: Path) -> None:
    expected, read = openpyxl_cells(path), checker_cells(path)
    assert [title for title, _ in read] == [title for title, _ in expected]
    for (title, cells), (_, wanted) in zip(read, expected):
        assert cells == wanted, title
        assert {key: type(value) for key, (value, _) in cells.items()} == {key: type(value) for key, (value, _) in wanted.items()}, title


# --- the ways other programs write a workbook ------------------------------------------------------------------


def as_shared_strings(parts: dict, rich: bool = False) -> dict:
    """Inline strings moved into xl/sharedStrings.xml, as Excel and WPS write text; rich=True: in runs, with phonetic guides."""
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        strings.append(match.group(3))
        return b"<c " + match.group(1) + b't="s"' + match.group(2) + b"><v>%d</v></c>" % (len(strings) - 1)

    for name in sheets_of(parts):
        parts[name] = re.sub(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', shared, parts[name], flags=re.S)
    items = []
    for text in strings:
        if rich and len(text.decode()) > 1 and b"&" not in text:
            head, tail = text.decode()[:1].encode(), text.decode()[1:].encode()
            items.append(b'<si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">' + head + b"</t></r><r><t>" + tail
                         + b'</t></r><rPh sb="0" eb="1"><t>ZHUYIN</t></rPh><phoneticPr fontId="1"/></si>')
        else:
            items.append(b'<si><t xml:space="preserve">' + text + b"</t></si>")
    parts["xl/sharedStrings.xml"] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + MAIN + b'">' + b"".join(items) + b"</sst>"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return parts


def with_prefixed_namespace(parts: dict) -> dict:
    """<x:worksheet xmlns:x="…"><x:sheetData><x:row> …, as the Open XML SDK writes."""
    for name in sheets_of(parts):
        xml = parts[name].replace(b'<worksheet xmlns="' + MAIN + b'"', b'<x:worksheet xmlns:x="' + MAIN + b'"')
        parts[name] = re.sub(rb"<(/?)(?!x:)([A-Za-z])", rb"<\1x:\2", xml)
    return parts


def without_references(parts: dict) -> dict:
    """Rows and cells without r="…" (they follow one another), as some generators write."""
    for name in sheets_of(parts):
        parts[name] = re.sub(rb'<row r="\d+"', b"<row", re.sub(rb'<c r="[A-Z]+\d+"', b"<c", parts[name]))
    return parts


def with_cached_results(parts: dict) -> dict:
    """Formulas saved by a calculating program: the result in <v>, a text result as t="str"."""
    for name in sheets_of(parts):
        xml = parts[name].replace(b"<f>C3*2</f><v />", b"<f>C3*2</f><v>8252</v>")
        parts[name] = xml.replace(b'<c r="D9" t="n"><f>""</f><v />', b'<c r="D9" t="str"><f>""</f><v></v>')
    return parts


def in_1904_dates(parts: dict) -> dict:
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<workbookPr", b'<workbookPr date1904="1"', 1)
    return parts


def with_renumbered_formats(parts: dict) -> dict:
    """Custom formats under other ids, one of them a built-in's code (openpyxl numbers them anew)."""
    xml = parts["xl/styles.xml"]
    ids: dict[bytes, int] = {}

    def renumber(match: re.Match) -> bytes:
        ids[match.group(1)] = 176 + 3 * len(ids)
        return b'numFmtId="%d" formatCode=' % ids[match.group(1)]

    xml = re.sub(rb'numFmtId="(\d+)" formatCode=', renumber, xml)
    xml = re.sub(rb'<xf numFmtId="(\d+)"', lambda m: b'<xf numFmtId="%d"' % ids.get(m.group(1), int(m.group(1))), xml)
    parts["xl/styles.xml"] = xml.replace(b"</numFmts>", b'<numFmt numFmtId="300" formatCode="0%"/></numFmts>')
    return parts


def with_rows_out_of_order(parts: dict) -> dict:
    """Two rows swapped and one repeated: openpyxl keeps the first of each number and drops rows numbered lower."""
    name = sheets_of(parts)[0]
    xml = parts[name]
    rows = re.findall(rb"<row .*?</row>", xml, re.S)
    reordered = [rows[0], rows[2], rows[1], *rows[3:], rows[4]]
    parts[name] = xml.replace(b"".join(rows), b"".join(reordered))
    return parts


VARIANTS = {
    "as openpyxl writes": lambda parts: parts,
    "shared strings": as_shared_strings,
    "rich text with phonetic guides": lambda parts: as_shared_strings(parts, rich=True),
    "prefixed namespace": with_prefixed_namespace,
    "no cell or row references": without_references,
    "cached formula results": with_cached_results,
    "1904 dates": in_1904_dates,
    "renumbered number formats": with_renumbered_formats,
    "rows out of order": with_rows_out_of_order,
    "all of them": lambda parts: with_prefixed_namespace(with_renumbered_formats(in_1904_dates(with_cached_results(
        with_rows_out_of_order(as_shared_strings(parts, rich=True)))))),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_cells_read_as_openpyxl_reads_them(tmp_path, variant):
    path = rewrite(table(tmp_path), tmp_path / "variant.xlsx", VARIANTS[variant])
    assert_same_cells(path)


def test_percent_and_decimals_keep_their_formats(tmp_path):
    path = rewrite(table(tmp_path), tmp_path / "shared.xlsx", as_shared_strings)
    cells = next(sheet for sheet in load_sheets(path)).cells
    assert cells[(2, 3)] == (0.995, "0.0%")
    assert cells[(3, 3)] == (4126, '#,##0"人"')
    assert cells[(4, 3)] == (datetime.datetime(2025, 12, 31, 8, 30), 'yyyy"年"m"月"d"日"')


def test_hidden_rows_merged_cells_and_uncached_formulas_are_reported(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", {"S": [["指标", "2025年", None], [None, "目标值", "实际值"], ["适配率", 85, "=B3+1"]]},
                          merges={"S": ["A1:A2", "B1:C1"]}, hidden_rows={"S": [2]})
    sheet = next(load_sheets(path))
    assert sheet.value(2, 1) == "指标" and sheet.value(1, 3) == "2025年"  # merged ranges read across
    assert sheet.hidden_rows == {2}
    assert sheet.uncached_formulas == {(3, 3)}
    assert (sheet.max_row, sheet.max_column) == (3, 3)


def test_hidden_sheets_are_read_and_chart_sheets_and_missing_parts_skipped(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "主要指标"
    workbook.active.append(["指标", "实际值"])
    hidden = workbook.create_sheet("备用")
    hidden.append(["x"])
    hidden.sheet_state = "veryHidden"
    workbook.create_chartsheet("图表")
    workbook.create_sheet("丢失").append(["y"])
    path = tmp_path / "t.xlsx"
    workbook.save(path)

    def drop_last_sheet(parts):
        parts[sheets_of(parts)[-1]] = None
        parts["xl/chartsheets/_rels/sheet1.xml.rels"] = (  # a chart sheet as Excel saves it, with its drawing
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
        return parts

    read = list(load_sheets(rewrite(path, tmp_path / "u.xlsx", drop_last_sheet)))
    assert [(sheet.title, sheet.hidden) for sheet in read] == [("主要指标", False), ("备用", True)]


# --- Strict Open XML (issue 13: "a workbook saved as Strict Open XML Spreadsheet gets a false 'no reporting year'") ---

STRICT = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships", b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
]


def as_strict(parts: dict) -> dict:
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            for transitional, strict in STRICT:
                data = data.replace(transitional, strict)
            if name == "xl/workbook.xml":
                data = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
            parts[name] = data
    return parts


def test_strict_open_xml_reads_like_its_transitional_twin(tmp_path):
    transitional = rewrite(table(tmp_path), tmp_path / "transitional.xlsx", as_shared_strings)
    strict = rewrite(transitional, tmp_path / "strict.xlsx", as_strict)
    assert b"purl.oclc.org" in zipfile.ZipFile(strict).read("xl/workbook.xml")
    assert checker_cells(strict) == checker_cells(transitional)


def test_strict_open_xml_workbook_is_checked_with_its_reporting_year(tmp_path):
    transitional = write_workbook(tmp_path / "xinzhou.xlsx", {"主要指标": xinzhou_rows({"困难残疾人生活补贴": 0.9})},
                                  formats={("主要指标", "D5"): "0%"})
    strict = rewrite(transitional, tmp_path / "strict.xlsx", lambda parts: as_strict(as_shared_strings(parts)))
    reports = []
    for path in (transitional, strict):
        outcome = CliRunner().invoke(main, ["check", str(path), "--plan", "xinzhou", "--format", "json"])
        assert outcome.exit_code == 1, outcome.output
        document = json.loads(outcome.output)
        reports.append((document["year"], document["summary"], [(r["id"], r["value"], r["status"]) for r in document["results"]]))
    assert reports[0] == reports[1]
    assert reports[1][0] == 2025
    assert ("living_subsidy_coverage", 90, "fail") in reports[1][2]


# --- hostile XML in any part the reader parses -------------------------------------------------------------------

BOMB = b'<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10)) + b"]>"
EXTERNAL = b'<!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def plant(declaration: bytes, part: str, reference: bytes = b"&lol9;"):
    def edit(parts):
        data = parts[part]
        root = data.index(b"<", data.index(b"?>") if b"?>" in data else 0)
        closing = data.index(b"</", root) if b"</" in data[root:] else None
        parts[part] = data[:root] + declaration + (data[root:closing] + reference + data[closing:] if closing else data[root:])
        return parts

    return edit


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
@pytest.mark.parametrize("declaration, reference", [(BOMB, b"&lol9;"), (EXTERNAL, b"&secret;")])
def test_entity_declarations_are_refused_in_every_part(tmp_path, part, declaration, reference):
    shared = rewrite(table(tmp_path), tmp_path / "shared.xlsx", as_shared_strings)
    path = rewrite(shared, tmp_path / "bomb.xlsx", plant(declaration, part, reference))
    with pytest.raises(CheckerError, match="XML bomb"):
        list(load_sheets(path))


def test_a_document_type_without_entities_is_read_as_defusedxml_allowed_it(tmp_path):
    path = rewrite(table(tmp_path), tmp_path / "doctype.xlsx", plant(b"<!DOCTYPE worksheet>", "xl/worksheets/sheet1.xml", b""))
    assert_same_cells(path)


def test_a_reference_to_an_undeclared_entity_is_damaged_not_silently_dropped(tmp_path):
    path = rewrite(table(tmp_path), tmp_path / "undeclared.xlsx", plant(b"", "xl/worksheets/sheet1.xml", b"&nbsp;"))
    with pytest.raises(CheckerError, match="the file is damaged"):
        read_workbook(path)


@pytest.mark.parametrize("edit, detail", [
    (lambda parts: {**parts, "xl/workbook.xml": None}, "There is no item named 'xl/workbook.xml'"),
    (lambda parts: {**parts, "xl/worksheets/sheet1.xml": parts["xl/worksheets/sheet1.xml"].replace(b'<v>4126</v>', b"<v>4x26</v>")}, "invalid literal"),
    (lambda parts: {**parts, "xl/worksheets/sheet1.xml": parts["xl/worksheets/sheet1.xml"].partition(b"</sheetData>")[0]}, "no element found"),
])
def test_damaged_parts_are_named_as_damage(tmp_path, edit, detail):
    path = rewrite(table(tmp_path), tmp_path / "damaged.xlsx", edit)
    with pytest.raises(CheckerError, match=f"the file is damaged \\(.*{re.escape(detail)}"):
        read_workbook(path)
