"""Bad, odd and hostile inputs: each gives a clear message and exit code 2, or a correct check.

Every file here is built by the test itself (openpyxl, xlwt, zipfile, msoffcrypto), none is committed.
"""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.reading import guard, sheets
from checker.cli import main
from checker.errors import CheckerError
from checker.reading.workbook import read_workbook
from tests.conftest import XINZHOU_HEADER, write_workbook, xinzhou_rows
from tests.test_plan import GOOD_INDICATOR, write_plan

# "Billion laughs": nine levels of ten references each expand three bytes into 3 GB.
BOMB_DOCTYPE = (
    b'<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
)


def run(*args, **kwargs):
    return CliRunner(**kwargs).invoke(main, [str(a) for a in args])


def check(path, *extra):
    return run("check", path, "--plan", "xinzhou", *extra)


def check_en(path, *extra):
    """The check with its messages in English, which the refusals below are worded in (Chinese: test_languages.py)."""
    return check(path, "--lang", "en", *extra)


def assert_refused(outcome, *phrases):
    assert outcome.exit_code == 2, outcome.output
    for phrase in phrases:
        assert phrase in outcome.output
    assert "Traceback" not in outcome.output
    assert len(outcome.output.strip().splitlines()) == 1


def repack(source: Path, target: Path, edit=lambda name, data: data, add: dict[str, bytes] | None = None) -> Path:
    """Copy a zip part by part, letting `edit` change a part's bytes (None drops it) and `add` put new parts in."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = edit(item.filename, old.read(item.filename))
            if data is not None:
                new.writestr(item.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def sheet_xml(edit):
    """An `edit` for repack that changes the first worksheet only."""
    return lambda name, data: edit(data) if name == "xl/worksheets/sheet1.xml" else data


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- files that are not (readable) workbooks -------------------------------------------------


def test_missing_path_is_refused(tmp_path):
    assert_refused(check_en(tmp_path / "none.xlsx"), "none.xlsx: file not found")


def test_folder_is_refused_by_the_reader(tmp_path):
    with pytest.raises(CheckerError, match="is a folder, expected a workbook"):
        read_workbook(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_is_refused_instead_of_waiting_forever(tmp_path):
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    assert_refused(check_en(pipe), "not a regular file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_refused(xinzhou_workbook):
    path = xinzhou_workbook()
    path.chmod(0)
    try:
        assert_refused(check_en(path), "permission denied")
    finally:
        path.chmod(0o644)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert_refused(check_en(path), "empty file (0 bytes)")


def test_text_renamed_to_xlsx_is_refused_as_plain_text(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_text("指标,实际值\n困难残疾人生活补贴覆盖率,100\n", encoding="utf-8")
    assert_refused(check_en(path), "not a readable .xlsx workbook: it is plain text")


@pytest.mark.parametrize("head, kind", [(b"%PDF-1.7\n", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff\xe0", "a JPEG image")])
def test_pdf_or_image_renamed_to_xlsx_is_refused_by_name(tmp_path, head, kind):
    path = tmp_path / "report.xlsx"
    path.write_bytes(head + bytes(range(256)) * 4)
    assert_refused(check_en(path), f"it is {kind}")


def test_web_page_saved_as_xls_is_refused_with_how_to_convert(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>指标</td></tr></table></body></html>", encoding="utf-8")
    assert_refused(check_en(path), "a web page (HTML)", "save it as .xlsx")


def test_excel_2003_xml_spreadsheet_is_refused_with_how_to_convert(tmp_path):
    path = tmp_path / "xinzhou.xls"
    path.write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>', encoding="utf-8")
    assert_refused(check_en(path), "an Excel 2003 XML spreadsheet", "save it as .xlsx")


def test_truncated_workbook_is_refused_as_damaged(xinzhou_workbook, tmp_path):
    data = xinzhou_workbook().read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(check_en(path), "the zip archive is damaged or incomplete")


def test_corrupt_part_inside_the_zip_is_refused_as_damaged(xinzhou_workbook, tmp_path):
    source = xinzhou_workbook()
    with zipfile.ZipFile(source) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(source.read_bytes())
    start = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
    for offset in range(start + 20, start + 60):  # scramble compressed bytes; the zip directory stays intact
        data[offset] ^= 0x5A
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    assert_refused(check_en(path), "not a readable .xlsx workbook: the file is damaged")


def test_word_document_is_refused_by_name(tmp_path):
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert_refused(check_en(path), "it is a Word document")


# --- other spreadsheet formats ------------------------------------------------------------------


def test_xlsx_saved_under_an_xls_name_is_read_by_its_content(xinzhou_workbook, tmp_path):
    path = xinzhou_workbook()
    renamed = path.rename(tmp_path / "xinzhou.xls")
    assert check(renamed).exit_code == 0


def write_xls(path: Path, rows, *, percent_cells=(), hidden_rows=(), hidden_sheet=None) -> Path:
    """A real Excel 97–2003 file; percent_cells are (row, column), zero-based, formatted as 0%."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("主要指标")
    percent = xlwt.easyxf(num_format_str="0%")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in (None, ""):
                sheet.write(r, c, value, percent) if (r, c) in percent_cells else sheet.write(r, c, value)
    for r in hidden_rows:
        sheet.row(r).hidden = True
    if hidden_sheet:
        extra = book.add_sheet(hidden_sheet)
        extra.write(0, 0, "说明")
        extra.visibility = 1
    book.save(str(path))
    return path


def test_legacy_xls_is_checked_with_its_percent_formats(tmp_path):
    rows = xinzhou_rows({"符合条件且有需求的残疾儿童和持证残疾人辅助器具": 0.86})
    path = write_xls(tmp_path / "xinzhou.xls", rows, percent_cells={(10, 3)})
    outcome = check(path, "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    fitting = next(r for r in json.loads(outcome.output)["results"] if r["id"] == "assistive_device_rate")
    assert (fitting["value"], fitting["cell"], fitting["status"]) == (86, "主要指标!D11", "pass")


def test_legacy_xls_hidden_row_is_read_and_flagged(tmp_path):
    path = write_xls(tmp_path / "xinzhou.xls", xinzhou_rows(), hidden_rows=[4], hidden_sheet="备用")
    outcome = check(path, "--format", "json")
    hidden = [r["id"] for r in json.loads(outcome.output)["results"] if r["hidden_row"]]
    assert hidden == ["living_subsidy_coverage"]


def test_opendocument_spreadsheet_is_refused_with_how_to_convert(tmp_path):
    path = tmp_path / "xinzhou.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    assert_refused(check_en(path), "an OpenDocument spreadsheet (.ods)", "save it as .xlsx")


def test_excel_binary_workbook_is_refused_with_how_to_convert(tmp_path):
    path = tmp_path / "xinzhou.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert_refused(check_en(path), "an Excel binary workbook (.xlsb)", "save it as .xlsx")


def csv_text(overrides=None) -> str:
    return "\n".join(",".join(str(v) for v in row) for row in xinzhou_rows(overrides)) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_from_excel_is_checked_in_utf8_or_gbk(tmp_path, encoding):
    path = tmp_path / "xinzhou.csv"
    path.write_bytes(csv_text({"困难残疾人生活补贴": "90%"}).encode(encoding))
    outcome = check(path, "--format", "json")
    assert outcome.exit_code == 1
    subsidy = next(r for r in json.loads(outcome.output)["results"] if r["id"] == "living_subsidy_coverage")
    assert (subsidy["value"], subsidy["cell"], subsidy["status"]) == (90, "xinzhou!D5", "fail")


def test_csv_in_neither_utf8_nor_gbk_is_refused_naming_the_byte(tmp_path):
    path = tmp_path / "xinzhou.csv"
    path.write_bytes("指标,实际值\n".encode() + b"\xff\xff\xff,90\n")
    assert_refused(check_en(path), "neither UTF-8 text (byte 17 is not) nor GBK text")


def test_password_protected_workbook_is_refused_with_how_to_remove_the_password(xinzhou_workbook, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp_path / "locked.xlsx"
    with open(xinzhou_workbook(), "rb") as plain, open(path, "wb") as locked:
        OOXMLFile(plain).encrypt("secret", locked)
    assert_refused(check_en(path), "password-protected (encrypted) workbook", "remove the password")


def test_protected_sheet_without_a_password_to_open_is_read(tmp_path):
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "protected.xlsx", {"主要指标": xinzhou_rows()})
    workbook = load_workbook(path)
    workbook["主要指标"].protection.set_password("secret")
    workbook["主要指标"].protection.sheet = True
    workbook.save(path)
    assert check(path).exit_code == 0


def test_macro_workbook_values_are_read_and_macros_left_alone(xinzhou_workbook, tmp_path):
    macro = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub AutoOpen(): Kill \"C:\\*\": End Sub"

    def as_macro_workbook(name, data):
        if name == "[Content_Types].xml":
            data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            return data.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Target="vbaProject.bin" '
                                b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/></Relationships>')
        return data

    path = repack(xinzhou_workbook(), tmp_path / "xinzhou.xlsm", as_macro_workbook, {"xl/vbaProject.bin": macro})
    before = digest(path)
    outcome = check(path)
    assert outcome.exit_code == 0 and "11 达标" in outcome.output
    assert digest(path) == before


# --- formulas -----------------------------------------------------------------------------------


def test_formulas_saved_without_results_are_named_by_cell(tmp_path):
    # Not plain arithmetic on this sheet's cells (formulas.py computes those and says so): refused by cell.
    rows = xinzhou_rows({"困难残疾人生活补贴": "=VLOOKUP(B5,汇总!A:B,2,0)", "重度残疾人护理补贴": "=汇总!B3"})
    path = write_workbook(tmp_path / "script.xlsx", {"主要指标": rows})
    assert_refused(check_en(path), "主要指标!D5, 主要指标!D6: formulas without saved results", "open it in Excel or WPS and save it once")


def test_formula_with_a_saved_result_is_checked_by_that_result(tmp_path):
    rows = xinzhou_rows({"困难残疾人生活补贴": "=D4*0.9"})
    written = write_workbook(tmp_path / "script.xlsx", {"主要指标": rows})
    saved = repack(written, tmp_path / "saved.xlsx", sheet_xml(lambda xml: xml.replace(b"<f>D4*0.9</f><v />", b"<f>D4*0.9</f><v>90</v>")))
    outcome = check(saved, "--format", "json")
    subsidy = next(r for r in json.loads(outcome.output)["results"] if r["id"] == "living_subsidy_coverage")
    assert (subsidy["value"], subsidy["status"]) == (90, "fail")


def test_uncached_formula_outside_the_indicator_table_does_not_stop_the_check(tmp_path):
    rows = xinzhou_rows()
    rows[1] += [None, "=D2+D3"]  # a scratch calculation beside the table
    path = write_workbook(tmp_path / "scratch.xlsx", {"主要指标": rows})
    assert check(path).exit_code == 0


# --- what the report must say about odd layouts ------------------------------------------------


def test_value_from_a_hidden_row_is_flagged_in_the_report(tmp_path):
    path = write_workbook(tmp_path / "hidden.xlsx", {"主要指标": xinzhou_rows()}, hidden_rows={"主要指标": [5]})
    hidden = [r["cell"] for r in json.loads(check(path, "--format", "json").output)["results"] if r["hidden_row"]]
    assert hidden == ["主要指标!D5"]
    assert check(path).output.count("（隐藏行）") == 1


def test_value_on_a_hidden_sheet_is_read_and_flagged(tmp_path):
    path = write_workbook(tmp_path / "hidden.xlsx", {"封面": [["2025年报表"]], "主要指标": xinzhou_rows()}, hidden_sheets=("主要指标",))
    outcome = check(path, "--format", "json")
    assert outcome.exit_code == 0
    assert sum(r["hidden_row"] for r in json.loads(outcome.output)["results"]) == 11


def test_indicators_spread_over_two_tables_are_all_checked(tmp_path):
    rows = xinzhou_rows()
    first, second = [rows[0], *rows[1:6]], [["指标名称", "本年实际"], *[[name, value] for _, name, _, value in rows[6:]]]
    path = write_workbook(tmp_path / "two.xlsx", {"主要指标": first, "其他指标": [["2025年"], *second]})
    document = json.loads(check(path, "--format", "json").output)
    cells = {r["id"]: r["cell"] for r in document["results"] if r["cell"]}
    assert cells["living_subsidy_coverage"] == "主要指标!D5"
    assert cells["rehab_coverage"] == "其他指标!B6"
    assert document["summary"]["pass"] == 11


def test_same_indicator_twice_with_different_values_names_both_cells(tmp_path):
    rows = xinzhou_rows()
    rows.append([12, "困难残疾人生活补贴覆盖率（%）", "", 95])
    path = write_workbook(tmp_path / "twice.xlsx", {"主要指标": rows})
    assert_refused(check_en(path), "given twice with different values", "主要指标!D5 = 100", "主要指标!D14 = 95")


# --- hostile files ------------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_entity_expansion_is_refused(xinzhou_workbook, tmp_path, part):
    def plant_bomb(name, data):
        if name != part:
            return data
        root = data.index(b"<", data.index(b"?>") if b"?>" in data else 0)
        return data[:root] + BOMB_DOCTYPE + data[root:].replace(b"</", b"&lol9;</", 1)

    path = repack(xinzhou_workbook(), tmp_path / "laughs.xlsx", plant_bomb)
    assert_refused(check_en(path), "XML bomb", "billion laughs")


def test_zip_bomb_is_refused_before_it_is_expanded(xinzhou_workbook, tmp_path):
    padding = b" " * (16 * 2**20)  # compresses about 1,000 times
    path = repack(xinzhou_workbook(), tmp_path / "bomb.xlsx", sheet_xml(lambda xml: xml + padding))
    assert path.stat().st_size < 2**20
    assert_refused(check_en(path), "refused: xl/worksheets/sheet1.xml would expand", "beyond the limit of 100 times")


def test_workbook_expanding_beyond_the_size_limit_is_refused(xinzhou_workbook, monkeypatch):
    monkeypatch.setattr(guard, "MAX_UNCOMPRESSED_BYTES", 4096)
    assert_refused(check_en(xinzhou_workbook()), "refused: the workbook expands to", "beyond the limit of 4.0 KiB")


def test_zip_with_too_many_parts_is_refused(xinzhou_workbook, monkeypatch):
    monkeypatch.setattr(guard, "MAX_ZIP_ENTRIES", 5)
    assert_refused(check_en(xinzhou_workbook()), "parts, more than the limit of 5")


def test_file_beyond_the_size_limit_is_refused(xinzhou_workbook, monkeypatch):
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", 1000)
    assert_refused(check_en(xinzhou_workbook()), "exceeds the limit of 1,000 bytes")


def test_sheet_with_more_rows_than_the_limit_is_refused(xinzhou_workbook, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 10)
    assert_refused(check_en(xinzhou_workbook()), "主要指标: more than 10 rows")


def test_sheet_with_more_cells_than_the_limit_is_refused(xinzhou_workbook, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_CELLS", 30)
    assert_refused(check_en(xinzhou_workbook()), "主要指标: more than 30 cells (formatted empty ones and merged ranges included)")


def test_sheet_claiming_every_row_and_column_is_read_by_its_real_cells(xinzhou_workbook, tmp_path):
    def claim_everything(xml):
        start = xml.index(b"<dimension ref=")
        end = xml.index(b"/>", start) + 2
        return xml[:start] + b'<dimension ref="A1:XFD1048576"/>' + xml[end:]

    path = repack(xinzhou_workbook(), tmp_path / "huge.xlsx", sheet_xml(claim_everything))
    assert check(path).exit_code == 0


def test_merged_range_over_the_whole_sheet_is_clipped_to_the_used_cells(xinzhou_workbook, tmp_path):
    merge = b'<mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>'
    path = repack(xinzhou_workbook(), tmp_path / "merged.xlsx", sheet_xml(lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge)))
    assert check(path).exit_code == 0


@pytest.mark.parametrize("cell", ["XFD1", "A1048576"])
def test_cell_beyond_the_rows_and_columns_scanned_is_refused_by_name(tmp_path, cell):
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "far.xlsx", {"主要指标": xinzhou_rows()})
    workbook = load_workbook(path)
    workbook["主要指标"][cell] = "备注"
    workbook.save(path)
    assert_refused(check_en(path), f"主要指标!{cell}: a cell beyond the limits the checker reads (200,000 rows, 256 columns")


def test_extremely_long_text_is_refused_by_cell(xinzhou_workbook, tmp_path):
    label = "困难残疾人生活补贴覆盖率（%）".encode()
    # openpyxl itself cuts text at Excel's limit when writing, so the long text goes straight into the XML.
    path = repack(xinzhou_workbook(), tmp_path / "long.xlsx", sheet_xml(lambda xml: xml.replace(label, "人".encode() * 40_000)))
    assert_refused(check_en(path), "主要指标!B5: text of 40,000 characters, more than a cell can hold in Excel (32,767)")


def test_library_warnings_never_reach_the_user(xinzhou_workbook, tmp_path):
    # Without styles.xml openpyxl warns "Workbook contains no default style"; scripts write such files.
    path = repack(xinzhou_workbook(), tmp_path / "unstyled.xlsx", lambda name, data: None if name == "xl/styles.xml" else data)
    command = [sys.executable, "-c", "from checker.cli import main; main()", "check", str(path), "--plan", "xinzhou"]
    outcome = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert outcome.returncode == 0
    assert outcome.stderr == ""


# --- guarantees: inputs unchanged, outputs never clobbered -------------------------------------


def test_check_leaves_the_workbook_and_target_file_byte_for_byte_unchanged(xinzhou_workbook, tmp_path):
    path = xinzhou_workbook({"困难残疾人生活补贴": 90})
    targets = write_plan(tmp_path, GOOD_INDICATOR)
    before = (digest(path), digest(targets))
    for extra in ([], ["--format", "json"], ["--output", tmp_path / "r.json", "--output", tmp_path / "r.txt", "--force"]):
        check(path, *extra)
        run("check", path, "--plan", "mine", "--targets", targets, "--year", "2025")
    run("lint", targets)
    assert (digest(path), digest(targets)) == before


def test_existing_output_is_not_overwritten_without_force(xinzhou_workbook, tmp_path):
    report = tmp_path / "report.json"
    report.write_text("last year's report", encoding="utf-8")
    outcome = check_en(xinzhou_workbook(), "--output", report)
    assert_refused(outcome, "report.json: already exists; give --force to overwrite it")
    assert report.read_text(encoding="utf-8") == "last year's report"


def test_force_overwrites_an_existing_output(xinzhou_workbook, tmp_path):
    report = tmp_path / "report.json"
    report.write_text("last year's report", encoding="utf-8")
    assert check(xinzhou_workbook(), "--output", report, "--force").exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["plan"] == "xinzhou"


def test_force_never_overwrites_the_input_even_through_a_hard_link(xinzhou_workbook, tmp_path):
    path = xinzhou_workbook()
    link = tmp_path / "link.txt"
    os.link(path, link)
    before = digest(path)
    assert_refused(check_en(path, "--output", link, "--force"), "refusing to overwrite an input file")
    assert digest(path) == before


def test_output_into_a_missing_folder_is_refused_before_checking(xinzhou_workbook, tmp_path):
    outcome = check_en(xinzhou_workbook(), "--output", tmp_path / "no" / "such" / "r.json")
    assert_refused(outcome, "cannot write: folder", "does not exist")


def test_output_redirected_in_a_legacy_code_page_gets_a_hint_not_a_traceback(xinzhou_workbook):
    # Chinese Windows writes a redirected stdout in GBK, which has no ✔.
    command = [sys.executable, "-c", "from checker.cli import main; main()", "check", str(xinzhou_workbook()), "--plan", "xinzhou"]
    outcome = subprocess.run(command, capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert outcome.returncode == 2
    assert outcome.stderr.decode("gbk").strip() == (
        "错误：输出无法用编码 'gbk' 写出：请设置 PYTHONIOENCODING=utf-8，或用 --output report.txt 把报告写入文件"
    )
    outcome = subprocess.run([*command, "--lang", "en"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert outcome.returncode == 2
    assert outcome.stderr.decode("gbk").strip() == (
        "error: the output cannot be written in encoding 'gbk': set PYTHONIOENCODING=utf-8, "
        "or write the report to a file with --output report.txt"
    )


# --- bad target files (--targets and lint) ------------------------------------------------------


def lint(path):
    return run("lint", path)


def test_target_file_with_a_list_where_a_word_belongs_is_reported_not_crashed(tmp_path):
    outcome = lint(write_plan(tmp_path, GOOD_INDICATOR.replace('unit = "percent"', 'unit = ["percent"]')))
    assert outcome.exit_code == 2
    assert "indicator #1 (rehab_coverage): unknown unit ['percent']" in outcome.output


def test_misspelt_field_is_reported_with_the_field_meant(tmp_path):
    outcome = lint(write_plan(tmp_path, GOOD_INDICATOR.replace("operator =", "opertor =")))
    assert outcome.exit_code == 2
    assert "unknown field 'opertor' (did you mean 'operator'?)" in outcome.output
    assert "missing field 'operator'" in outcome.output


def test_single_bracket_indicator_table_is_explained(tmp_path):
    outcome = lint(write_plan(tmp_path, GOOD_INDICATOR.replace("[[indicator]]", "[indicator]")))
    assert outcome.exit_code == 2
    assert "write [[indicator]] (double brackets), not [indicator]" in outcome.output


def test_toml_syntax_error_in_lint_gives_the_line(tmp_path):
    outcome = lint(write_plan(tmp_path, GOOD_INDICATOR.replace('name_en = "Rehab coverage"', 'name_en = "Rehab coverage')))
    assert_refused(outcome, "TOML 语法错误", "line 14")


def test_catalogue_of_your_own_with_a_broken_entry_is_reported_not_crashed(tmp_path):
    write_plan(tmp_path, GOOD_INDICATOR)
    (tmp_path / "catalogue.toml").write_text('[indicator.my_rate]\nname_en = "no Chinese name"\n', encoding="utf-8")
    outcome = run("show", "mine", "--targets", tmp_path)
    assert outcome.exit_code == 2
    assert "[indicator.my_rate]: name must be a non-empty string" in outcome.output


def test_catalogue_id_that_is_indicator_and_reference_at_once_is_refused(tmp_path):
    write_plan(tmp_path, GOOD_INDICATOR)
    (tmp_path / "catalogue.toml").write_text(
        '[indicator.cpi]\nname = "居民消费价格涨幅"\nunit = "percent"\n[reference.cpi]\nname = "居民消费价格涨幅"\n', encoding="utf-8"
    )
    outcome = run("show", "mine", "--targets", tmp_path)
    assert outcome.exit_code == 2 and "id 'cpi' is both an [indicator] and a [reference]" in outcome.output


def test_catalogue_of_your_own_cannot_give_a_shipped_id_another_unit(tmp_path):
    write_plan(tmp_path, GOOD_INDICATOR)
    (tmp_path / "catalogue.toml").write_text('[indicator.rehab_coverage]\nname = "康复人数"\nunit = "persons"\n', encoding="utf-8")
    outcome = run("show", "mine", "--targets", tmp_path)
    assert outcome.exit_code == 2
    assert "[indicator.rehab_coverage]: unit 'persons' differs from the shipped catalogue's 'percent'" in outcome.output


def test_reference_missing_from_the_catalogue_is_reported(tmp_path):
    body = GOOD_INDICATOR.replace('operator = ">="', 'operator = "in_step_with"').replace("target = 85", 'reference = "rehab_coverage"')
    outcome = lint(write_plan(tmp_path, body))
    assert outcome.exit_code == 2
    assert "reference 'rehab_coverage' is not a [reference] in catalogue.toml" in outcome.output


def test_header_row_alone_is_not_mistaken_for_data(tmp_path):
    path = write_workbook(tmp_path / "empty-table.xlsx", {"主要指标": [XINZHOU_HEADER]})
    assert_refused(check_en(path, "--year", "2025"), "no indicator of plan 'xinzhou' found")
