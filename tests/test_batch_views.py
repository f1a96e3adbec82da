"""Consolidated views of several submissions in Markdown, HTML and a new workbook."""

import hashlib
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import write_workbook, xinzhou_rows
from tests.test_report_formats import Page, markdown_tables

LIVING_SUBSIDY = 4  # 困难残疾人生活补贴覆盖率, the 4th indicator of xinzhou's 专栏1 (binding)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """One submission meeting every target, one missing a binding target, one that is not a workbook;
    named relative to the working folder, as people type them."""
    monkeypatch.chdir(tmp_path)
    folder = Path("submissions")
    folder.mkdir()
    write_workbook(folder / "a-pass.xlsx", {"主要指标": xinzhou_rows()})
    (folder / "b-broken.xlsx").write_text("not a workbook", encoding="utf-8")
    write_workbook(folder / "c-fail.xlsx", {"主要指标": xinzhou_rows({"困难残疾人生活补贴": 90})})
    return folder


def check(folder, *args):
    return CliRunner().invoke(main, ["check", str(folder), "--plan", "xinzhou", "--jobs", "1", *map(str, args)])


def digests(folder):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir()}


def test_markdown_matrix_has_a_row_per_file_and_a_column_per_indicator(folder):
    outcome = check(folder, "--format", "markdown")
    assert outcome.exit_code == 2
    matrix = markdown_tables(outcome.output)[0]
    assert matrix[0] == ["文件", *map(str, range(1, 33))]
    files = [row[0] for row in matrix[2:-1]]
    assert files == [f"{folder}/a-pass.xlsx", f"✘ {folder}/b-broken.xlsx", f"{folder}/c-fail.xlsx"]
    passing, broken, failing = matrix[2:-1]
    assert passing[1:12] == ["✔"] * 11 and passing[12:] == ["○"] * 21
    assert broken[1:] == [""] * 32
    assert failing[LIVING_SUBSIDY] == "✘" and failing.count("✘") == 1


def test_markdown_totals_row_counts_the_files_failing_each_indicator(folder):
    totals = markdown_tables(check(folder, "--format", "markdown").output)[0][-1]
    assert totals[0] == "**未达标份数**"
    assert [int(n) for n in totals[1:]] == [1 if number == LIVING_SUBSIDY else 0 for number in range(1, 33)]


def test_markdown_names_the_numbered_indicators_the_broken_file_and_each_failure(folder):
    text = check(folder, "--format", "markdown").output
    assert "3 份：1 全部达标，0 有预警，1 有未达标，1 无法检查" in text
    assert re.findall(r"^(\d+)\. (.+)$", text, flags=re.M)[LIVING_SUBSIDY - 1] == ("4", "困难残疾人生活补贴覆盖率")
    errors = text.split("## 无法检查", 1)[1].split("##", 1)[0]
    assert "submissions/b-broken.xlsx: not a readable .xlsx workbook" in errors
    failing = text.split(f"### {folder}/c-fail.xlsx", 1)[1]
    assert "- ✘ 未达标 **困难残疾人生活补贴覆盖率**：90% 未达到 ≥100% \\[主要指标!D5\\]" in failing
    passing = text.split(f"### {folder}/a-pass.xlsx", 1)[1].split("###", 1)[0]
    assert "没有未达标或预警的指标。" in passing


def test_html_page_shows_the_summary_and_one_matrix_row_per_file(folder, tmp_path):
    page_path = tmp_path / "all.html"
    outcome = check(folder, "--output", page_path)
    assert outcome.exit_code == 2
    html = page_path.read_text(encoding="utf-8")
    page = Page(html)
    assert "3 份：1 全部达标，0 有预警，1 有未达标，1 无法检查" in page.text
    matrix = html.split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    body_rows = re.findall(r"<tr[^>]*>(.*?)</tr>", matrix.split("<tbody>", 1)[1].split("</tbody>", 1)[0])
    assert len(body_rows) == 3
    assert "a-pass.xlsx" in body_rows[0] and "b-broken.xlsx" in body_rows[1] and "c-fail.xlsx" in body_rows[2]
    failing_cells = re.findall(r"<td[^>]*>([^<]*)</td>", body_rows[2])[1:]
    assert failing_cells[LIVING_SUBSIDY - 1] == "✘" and 'title="未达标"' in body_rows[2]
    totals = re.findall(r"<td>(\d+)</td>", matrix.split("<tfoot>", 1)[1])
    assert [int(n) for n in totals] == [1 if number == LIVING_SUBSIDY else 0 for number in range(1, 33)]


def test_html_page_is_self_contained(folder, tmp_path):
    page_path = tmp_path / "all.html"
    check(folder, "--output", page_path)
    html = page_path.read_text(encoding="utf-8")
    assert "http" not in html and "src=" not in html and "href=" not in html


def test_html_lists_the_broken_file_with_its_reason(folder, tmp_path):
    page_path = tmp_path / "all.html"
    check(folder, "--output", page_path)
    errors = page_path.read_text(encoding="utf-8").split('<section id="errors">', 1)[1].split("</section>", 1)[0]
    assert "✘ 未达标" in errors and "submissions/b-broken.xlsx: not a readable .xlsx workbook" in errors


def test_xlsx_matrix_sheet_has_each_files_status_per_indicator(folder, tmp_path):
    book_path = tmp_path / "all.xlsx"
    outcome = check(folder, "--output", book_path)
    assert outcome.exit_code == 2
    sheet = openpyxl.load_workbook(book_path)["汇总"]
    rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    header, passing, broken, failing, totals = rows
    assert header[0] == "文件" and header[LIVING_SUBSIDY] == "4. 困难残疾人生活补贴覆盖率" and len(header) == 34
    assert [passing[0], broken[0], failing[0]] == [f"{folder}/a-pass.xlsx", f"{folder}/b-broken.xlsx", f"{folder}/c-fail.xlsx"]
    assert passing[1:12] == ["✔ 达标"] * 11 and passing[12:33] == ["○ 未填报"] * 21
    assert failing[LIVING_SUBSIDY] == "✘ 未达标" and failing[1:33].count("✘ 未达标") == 1
    assert broken[1:33] == [None] * 32 and "not a readable .xlsx workbook" in broken[33]
    assert totals[0] == "未达标份数" and totals[1:33] == [1 if n == LIVING_SUBSIDY else 0 for n in range(1, 33)]
    assert sheet.cell(4 + 3, 1 + LIVING_SUBSIDY).fill.start_color.rgb.endswith("FFC7CE")


def test_xlsx_details_sheet_has_one_row_per_file_and_result(folder, tmp_path):
    book_path = tmp_path / "all.xlsx"
    check(folder, "--output", book_path)
    rows = list(openpyxl.load_workbook(book_path)["明细"].iter_rows(values_only=True))
    assert rows[0] == ("文件", "id", "指标", "结果", "实际", "单元格", "说明")
    by_file = {}
    for row in rows[1:]:
        by_file.setdefault(row[0].rsplit("/", 1)[-1], []).append(row)
    assert {name: len(found) for name, found in by_file.items()} == {"a-pass.xlsx": 32, "b-broken.xlsx": 1, "c-fail.xlsx": 32}
    assert by_file["b-broken.xlsx"][0][3] == "✘ 无法检查"
    failure = next(row for row in by_file["c-fail.xlsx"] if row[1] == "living_subsidy_coverage")
    assert failure[2:] == ("困难残疾人生活补贴覆盖率", "✘ 未达标", 90, "主要指标!D5", "90% 未达到 ≥100%")


def test_xlsx_keeps_a_formula_like_file_name_as_text(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    for name in ("=1+1.xlsx", "b.xlsx"):
        write_workbook(folder / name, {"主要指标": xinzhou_rows()})
    book_path = tmp_path / "all.xlsx"
    check(folder, "--output", book_path)
    cell = openpyxl.load_workbook(book_path)["汇总"]["A5"]
    assert cell.value == f"{folder}/=1+1.xlsx" and cell.data_type == "s"


def test_consolidated_outputs_leave_the_submissions_untouched(folder, tmp_path):
    before = digests(folder)
    outcome = check(folder, "--format", "markdown", "--output", tmp_path / "all.html", "--output", tmp_path / "all.xlsx")
    assert outcome.exit_code == 2
    assert digests(folder) == before


def test_all_pass_batch_exits_0_with_every_consolidated_output(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        write_workbook(folder / name, {"主要指标": xinzhou_rows()})
    outcome = check(folder, "--format", "markdown", "--output", tmp_path / "all.html", "--output", tmp_path / "all.xlsx")
    assert outcome.exit_code == 0
    assert "2 份：2 全部达标，0 有预警，0 有未达标，0 无法检查" in outcome.output
