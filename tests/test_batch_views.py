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
PENSION = 6  # 残疾人城乡居民基本养老保险参保率 (expected)


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
    matrix = markdown_tables(outcome.output)[1]
    assert matrix[0] == ["文件", "年度", "总体结果", *map(str, range(1, 33))]
    rows = matrix[2:-2]
    # The most severe first: the file that could not be checked, then the failing one, then the passing one.
    assert [row[:3] for row in rows] == [
        [f"{folder}/b-broken.xlsx", "—", "⊗ 无法检查"],
        [f"{folder}/c-fail.xlsx", "2025", "✘ 未达标"],
        [f"{folder}/a-pass.xlsx", "2025", "✔ 达标"],
    ]
    broken, failing, passing = rows
    assert passing[3:14] == ["✔"] * 11 and passing[14:] == ["○"] * 21
    assert broken[3:] == [""] * 32
    assert failing[2 + LIVING_SUBSIDY] == "✘" and failing.count("✘") == 1


def test_markdown_keeps_the_input_order_when_asked(folder):
    rows = markdown_tables(check(folder, "--format", "markdown", "--order", "input").output)[1][2:-2]
    assert [row[0] for row in rows] == [f"{folder}/a-pass.xlsx", f"{folder}/b-broken.xlsx", f"{folder}/c-fail.xlsx"]


def test_markdown_totals_rows_count_the_files_failing_and_warning_on_each_indicator(folder):
    write_workbook(folder / "d-warn.xlsx", {"主要指标": xinzhou_rows({"残疾人城乡居民基本养老保险": 80})})
    fails, warns = markdown_tables(check(folder, "--format", "markdown").output)[1][-2:]
    assert fails[:3] == ["**未达标份数**", "", ""] and warns[:3] == ["**预警份数**", "", ""]
    assert [int(n) for n in fails[3:]] == [1 if number == LIVING_SUBSIDY else 0 for number in range(1, 33)]
    assert [int(n) for n in warns[3:]] == [1 if number == PENSION else 0 for number in range(1, 33)]


def test_markdown_names_the_numbered_indicators_the_broken_file_and_each_failure(folder):
    text = check(folder, "--format", "markdown").output
    assert "3 份：1 全部达标，0 有预警，1 有未达标，1 无法检查" in text
    assert ["⊗ 无法检查", "1"] in markdown_tables(text)[0]
    assert re.findall(r"^(\d+)\. (.+)$", text, flags=re.M)[LIVING_SUBSIDY - 1] == ("4", "困难残疾人生活补贴覆盖率")
    errors = text.split("## 无法检查的文件", 1)[1].split("##", 1)[0]
    # Labelled 无法检查 with a Chinese reason: never 未达标, never the English message.
    assert f"- ⊗ 无法检查 **{folder}/b-broken.xlsx**：不是可读取的 .xlsx 工作簿" in errors
    assert "未达标" not in errors and "not a readable" not in errors
    failing = text.split(f"### {folder}/c-fail.xlsx ✘ 未达标", 1)[1]
    assert "- ✘ 未达标 **困难残疾人生活补贴覆盖率**：90% 未达到 ≥100% \\[主要指标!D5\\]" in failing
    passing = text.split(f"### {folder}/a-pass.xlsx ✔ 达标", 1)[1].split("###", 1)[0]
    assert "没有未达标或预警的指标。" in passing


def html_matrix_rows(html):
    matrix = html.split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[^>]*>(.*?)</tr>", matrix.split("<tbody>", 1)[1].split("</tbody>", 1)[0]), matrix


def test_html_page_shows_the_summary_and_one_matrix_row_per_file(folder, tmp_path):
    page_path = tmp_path / "all.html"
    outcome = check(folder, "--output", page_path)
    assert outcome.exit_code == 2
    html = page_path.read_text(encoding="utf-8")
    page = Page(html)
    assert "3 份：1 全部达标，0 有预警，1 有未达标，1 无法检查" in page.text
    body_rows, matrix = html_matrix_rows(html)
    assert len(body_rows) == 3
    assert "b-" in body_rows[0] and "c-" in body_rows[1] and "a-" in body_rows[2]  # the most severe first
    assert "无法检查" in body_rows[0] and "未达标" not in body_rows[0]
    failing_cells = re.findall(r'<td class="s[^"]*"[^>]*>([^<]*)</td>', body_rows[1])
    assert failing_cells[LIVING_SUBSIDY - 1] == "✘" and 'title="未达标"' in body_rows[1]
    assert re.findall(r"<td>(\d{4})</td>", body_rows[1]) == ["2025"]  # the year judged
    fails, warns = re.findall(r'<tr class="totals">(.*?)</tr>', matrix.split("<tfoot>", 1)[1])
    assert "未达标份数" in fails and "预警份数" in warns
    assert [int(n) for n in re.findall(r"<td>(\d+)</td>", fails)] == [1 if number == LIVING_SUBSIDY else 0 for number in range(1, 33)]


def test_html_page_is_self_contained(folder, tmp_path):
    page_path = tmp_path / "all.html"
    check(folder, "--output", page_path)
    html = page_path.read_text(encoding="utf-8")
    assert "http" not in html and "src=" not in html and "href=" not in html


def test_html_lists_the_broken_file_with_its_reason(folder, tmp_path):
    page_path = tmp_path / "all.html"
    check(folder, "--output", page_path)
    errors = page_path.read_text(encoding="utf-8").split('<section id="errors">', 1)[1].split("</section>", 1)[0]
    assert "⊗ 无法检查" in errors and "<b>submissions/b-broken.xlsx</b>：不是可读取的 .xlsx 工作簿" in errors
    assert "未达标" not in errors and "not a readable" not in errors


def test_absolute_file_names_are_shown_from_the_folder_they_share(tmp_path):
    folder = tmp_path / "deep" / "submissions"
    folder.mkdir(parents=True)
    write_workbook(folder / "a.xlsx", {"主要指标": xinzhou_rows()})
    (folder / "b.xlsx").write_text("not a workbook", encoding="utf-8")
    for output in ("all.html", "all.md", "all.xlsx"):
        check(folder.resolve(), "--output", tmp_path / output)
    html = (tmp_path / "all.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "all.md").read_text(encoding="utf-8")
    cells = [row[0] for row in openpyxl.load_workbook(tmp_path / "all.xlsx")["汇总"].iter_rows(min_row=6, max_row=7, values_only=True)]
    assert cells == ["b.xlsx", "a.xlsx"]
    for text in (html, markdown):
        assert str(tmp_path) not in text
    assert "| b.xlsx | — | ⊗ 无法检查 |" in markdown


def test_xlsx_matrix_sheet_has_each_files_status_per_indicator(folder, tmp_path):
    book_path = tmp_path / "all.xlsx"
    outcome = check(folder, "--output", book_path)
    assert outcome.exit_code == 2
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["汇总", "明细"] and book.active.title == "汇总"
    sheet = book["汇总"]
    rows = [list(row) for row in sheet.iter_rows(min_row=5, max_row=10, values_only=True)]
    header, broken, failing, passing, fails, warns = rows
    assert header[:3] == ["文件", "年度", "总体结果"] and header[3:35] == [str(n) for n in range(1, 33)] and header[35] == "说明"
    assert sheet.cell(5, 3 + LIVING_SUBSIDY).comment.text == "4. 困难残疾人生活补贴覆盖率"
    assert [row[:3] for row in (broken, failing, passing)] == [
        [f"{folder}/b-broken.xlsx", "—", "⊗ 无法检查"], [f"{folder}/c-fail.xlsx", 2025, "✘ 未达标"],
        [f"{folder}/a-pass.xlsx", 2025, "✔ 达标"],
    ]
    assert passing[3:14] == ["✔"] * 11 and passing[14:35] == ["○"] * 21
    assert failing[2 + LIVING_SUBSIDY] == "✘" and failing[3:35].count("✘") == 1
    assert broken[3:35] == [None] * 32 and broken[35].startswith("不是可读取的 .xlsx 工作簿")
    assert fails[0] == "未达标份数" and fails[3:35] == [1 if n == LIVING_SUBSIDY else 0 for n in range(1, 33)]
    assert warns[0] == "预警份数" and warns[3:35] == [0] * 32
    assert sheet.cell(7, 3 + LIVING_SUBSIDY).fill.start_color.rgb.endswith("FFC7CE")
    legend = [row[0] for row in sheet.iter_rows(min_row=11, values_only=True) if row[0]]
    assert "指标编号" in legend and "4. 困难残疾人生活补贴覆盖率" in legend


def test_xlsx_sheets_are_set_up_to_read_and_print(folder, tmp_path):
    book_path = tmp_path / "all.xlsx"
    check(folder, "--output", book_path)
    book = openpyxl.load_workbook(book_path)
    matrix, details = book["汇总"], book["明细"]
    assert matrix.freeze_panes == "D6" and matrix.print_title_rows == "$5:$5"
    assert details.freeze_panes == "B2" and details.print_title_rows == "$1:$1"
    for sheet in (matrix, details):
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0 and "&P" in sheet.oddFooter.center.text
    assert matrix.column_dimensions["A"].width >= len("submissions/b-broken.xlsx")
    widths = {cell.value: details.column_dimensions[cell.column_letter].width for cell in details[1]}
    assert widths["指标"] >= 2 * len("困难残疾人生活补贴覆盖率") and widths["文件"] >= len("submissions/b-broken.xlsx")


def test_xlsx_details_sheet_has_one_row_per_file_and_result(folder, tmp_path):
    book_path = tmp_path / "all.xlsx"
    check(folder, "--output", book_path)
    rows = list(openpyxl.load_workbook(book_path)["明细"].iter_rows(values_only=True))
    assert rows[0] == ("文件", "年度", "指标", "属性", "目标", "实际", "结果", "说明", "单元格", "id")
    by_file = {}
    for row in rows[1:]:
        by_file.setdefault(row[0].rsplit("/", 1)[-1], []).append(row)
    assert list(by_file) == ["b-broken.xlsx", "c-fail.xlsx", "a-pass.xlsx"]
    assert {name: len(found) for name, found in by_file.items()} == {"a-pass.xlsx": 32, "b-broken.xlsx": 1, "c-fail.xlsx": 32}
    assert by_file["b-broken.xlsx"][0][6] == "⊗ 无法检查" and by_file["b-broken.xlsx"][0][7].startswith("不是可读取的")
    failure = next(row for row in by_file["c-fail.xlsx"] if row[-1] == "living_subsidy_coverage")
    assert failure[1:9] == (2025, "困难残疾人生活补贴覆盖率", "约束性", "≥100%", 90, "✘ 未达标", "90% 未达到 ≥100%", "主要指标!D5")


def test_xlsx_keeps_a_formula_like_file_name_as_text(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    for name in ("=1+1.xlsx", "b.xlsx"):
        write_workbook(folder / name, {"主要指标": xinzhou_rows()})
    book_path = tmp_path / "all.xlsx"
    check(folder, "--output", book_path, "--order", "input")
    cell = openpyxl.load_workbook(book_path)["汇总"]["A6"]
    assert cell.value == "=1+1.xlsx" and cell.data_type == "s"


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


def test_text_matrix_has_the_year_and_overall_result_of_each_file_the_most_severe_first(folder):
    output = check(folder).output
    rows = [line for line in output.splitlines() if line.startswith("│ submissions/")]
    assert [re.split(r"\s*│\s*", row)[1:4] for row in rows] == [
        ["submissions/b-broken.xlsx", "—", "⊗ 无法检查"], ["submissions/c-fail.xlsx", "2025", "✘ 未达标"],
        ["submissions/a-pass.xlsx", "2025", "✔ 达标"],
    ]
    assert any(line.startswith("│ 预警份数") for line in output.splitlines())
    assert "⊗ 无法检查: submissions/b-broken.xlsx: 不是可读取的 .xlsx 工作簿" in output and "✘ submissions/" not in output
    inputs = [line.split("│")[1].strip() for line in check(folder, "--order", "input").output.splitlines() if line.startswith("│ submissions/")]
    assert inputs == ["submissions/a-pass.xlsx", "submissions/b-broken.xlsx", "submissions/c-fail.xlsx"]


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def two_plans(tmp_path, monkeypatch):
    """A repository of submissions for two plans, one file of each failing or unreadable."""
    import shutil

    monkeypatch.chdir(tmp_path)
    for name, source in (("xinzhou/忻府区.xlsx", "xinzhou-2025.xlsx"), ("xinzhou/原平市.xlsx", "xinzhou-2025-binding-failures.xlsx"),
                         ("qingshan/青山区.xlsx", "qingshan-2025.xlsx")):
        (tmp_path / "submissions" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLES / source, tmp_path / "submissions" / name)
    (tmp_path / "submissions/qingshan/损坏.xlsx").write_text("not a workbook", encoding="utf-8")
    (tmp_path / "checker.toml").write_text(
        '[[submissions]]\nplan = "xinzhou"\nfiles = "submissions/xinzhou/*.xlsx"\n\n'
        '[[submissions]]\nplan = "qingshan"\nfiles = "submissions/qingshan/*.xlsx"\n', encoding="utf-8")
    return tmp_path


def test_a_ci_run_over_several_plans_opens_with_an_overview_of_the_plans(two_plans):
    markdown = CliRunner().invoke(main, ["ci", "--format", "markdown", "--jobs", "1"]).output
    assert markdown.startswith("# 各规划汇总\n")
    overview = markdown_tables(markdown)[0]
    assert overview[0] == ["规划", "份数", "✔ 达标", "⚠ 预警", "✘ 未达标", "⊗ 无法检查"]
    assert overview[2:] == [["忻州市“十四五”残疾人保障和发展规划", "2", "1", "0", "1", "0"],
                            ["青山区“十四五”残疾人事业发展规划", "2", "1", "0", "0", "1"],
                            ["**合计**", "**4**", "**2**", "**0**", "**1**", "**1**"]]
    text = CliRunner().invoke(main, ["ci", "--jobs", "1"]).output
    assert text.startswith("各规划汇总\n")


def test_a_ci_run_over_several_plans_is_one_html_page(two_plans):
    outcome = CliRunner().invoke(main, ["ci", "--format", "html", "--jobs", "1"])
    assert outcome.exit_code == 2
    page = Page(outcome.output)
    text = "".join(page.text)
    assert "各规划汇总" in text and text.index("各规划汇总") < text.index("各文件结果")
    overview = outcome.output.split('<table class="overview">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<td class="n">(\d+)</td>', overview) == ["2", "1", "0", "1", "0", "2", "1", "0", "0", "1"]
    assert outcome.output.count('<table class="matrix">') == 2
    assert "submissions/qingshan/损坏.xlsx</b>：不是可读取的 .xlsx 工作簿" in outcome.output.replace('<span class="seg">', "").replace("</span>", "")


# --- the text matrix written directly is the table rich renders ------------------------------------


def _synthetic_batch(names, columns=32, seed=0):
    """A batch document of made-up files: each with a status per indicator (some missing, some
    unknown), a year or none, and some files that could not be checked."""
    import random

    from checker.batch.run import batch_document

    rng = random.Random(seed)
    statuses = ("pass", "warn", "fail", "not_reported", "info", "waived", "someday")
    reasons = ("not a readable .xlsx workbook", "the workbook names the title of plan daan, 大安市“十四五”残疾人保障和发展规划, not of plan "
               "xinzhou: check it with --plan daan, or give --force-plan to check it against xinzhou anyway; " + "x" * 170 + " end   ",
               "工作簿标题写的是另一个规划" * 14, "spaces" + " " * 200 + "after")
    documents = []
    for name in names:
        if rng.random() < 0.15:
            reason = rng.choice(reasons)
            documents.append({"file": name, "error": f"{name}: {reason}", "error_zh": reason})
            continue
        shown = {f"i{number}": rng.choice(statuses) for number in range(1, columns + 1) if rng.random() < 0.9}
        results = [{"kind": "target", "id": identifier, "status": status, "name": f"指标{identifier}" * (1 + int(identifier[1:]) % 9 * 3),
                    "name_en": f"Indicator {identifier} " * (1 + int(identifier[1:]) % 7 * 4), "attribute": "binding"}
                   for identifier, status in shown.items()]
        summary = {key: sum(status == key for status in shown.values()) for key in ("pass", "warn", "fail", "not_reported", "info", "waived")}
        documents.append({"file": name, "year": rng.choice((2025, 2024, None)), "results": results, "summary": summary,
                          "plan_title": "某市规划" * (seed + 1) * 9, "plan_title_en": "A plan " * (seed + 1) * 9, "plan": "somewhere"})
    return batch_document(documents, "somewhere")


ODD_NAMES = ["a:smile:b.xlsx", "tab\there.xlsx", "two  spaces.xlsx", " leading.xlsx", "trailing .xlsx", "笑脸😀.xlsx",
             "combining e\u0301.xlsx", "zero\u200bwidth.xlsx", "line\nbreak.xlsx", "│bar│.xlsx", "\x1b[31mred.xlsx"]


@pytest.mark.parametrize("names, columns", [
    ([f"submissions/{number:05d}-县.xlsx" for number in range(40)], 32),
    ([f"/abs/folder/{number}.xlsx" for number in range(12)], 5),
    (["一个很长很长的文件名" * 6 + ".xlsx", "short.xlsx", "x.xlsx"], 32),
    (["a-very-long-file-name-without-any-space-" * 3 + ".xlsx", "b.xlsx"], 20),
    ([f"build/bench/batch 300/县 {number:03d} 残疾人 统计 报表 (final version, checked twice).xlsx" for number in range(6)], 32),
    ([f"f{number}.xlsx" for number in range(8)], 70),
    (ODD_NAMES, 12),
    (["only.xlsx"], 1),
])
def test_the_text_matrix_written_directly_is_the_table_rich_renders(names, columns, monkeypatch):
    import checker.reports.text as text
    from checker.reports.view import View

    document = _synthetic_batch(names, columns)
    for lang in ("zh", "en"):
        for color in (False, True):
            for width in (None, 100, 60, 24):
                for order in ("severity", "input"):
                    view = View(lang, color, False, width, order=order)
                    direct = text.render_batch(document, view)
                    with monkeypatch.context() as patched:
                        patched.setattr(text._DirectRows, "made", classmethod(lambda *_args: None))
                        patched.setattr(text._Printer, "DIRECT", False)
                        patched.setattr(text, "CHUNK_ROWS", 10**6)
                        assert direct == text.render_batch(document, view), (lang, color, width, order)


def test_an_ordinary_matrix_is_written_directly_in_chunks(monkeypatch):
    import checker.reports.text as text
    from checker.reports.view import View

    document = _synthetic_batch([f"submissions/{number:05d}.xlsx" for number in range(30)])
    made = []
    original = text._DirectRows.made.__func__
    monkeypatch.setattr(text._DirectRows, "made", classmethod(lambda cls, *args: made.append(original(cls, *args)) or made[-1]))
    for view in (View("zh", True), View("en", False)):
        whole = text.render_batch(document, view)
        assert made and made[-1] is not None  # no cell of these rows needs rich
        with monkeypatch.context() as patched:
            patched.setattr(text, "CHUNK_ROWS", 7)
            assert text.render_batch(document, view) == whole


def test_a_batch_printed_without_colour_needs_no_rich(tmp_path):
    """The text matrix is written directly (rich's output, tested above), so a batch does not import rich's
    console or tables (only its measure of a character's width, rich.cells)."""
    import json
    import subprocess
    import sys

    folder = tmp_path / "submissions"
    folder.mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        write_workbook(folder / name, {"主要指标": xinzhou_rows()})
    code = (f"import json, sys\nfrom checker.cli import main\ntry:\n    main(['check', {str(folder)!r}, '--plan', 'xinzhou', '--jobs', '1'])\n"
            "except SystemExit:\n    pass\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('rich'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "┏" in done.stdout
    assert not {"rich.console", "rich.table", "rich.text"} & set(json.loads(done.stdout.splitlines()[-1]))


def test_a_row_the_direct_writer_cannot_write_is_rendered_by_rich_with_the_tables_widths(monkeypatch):
    import checker.reports.text as text
    from checker.reports.view import View

    document = _synthetic_batch(["the-longest-name-of-all.xlsx", *(f"f{number}.xlsx" for number in range(9))], seed=3)
    for view in (View("en", True, order="input"), View("zh", False)):
        _same_when_one_row_is_left_to_rich(document, view, monkeypatch)


def _same_when_one_row_is_left_to_rich(document, view, monkeypatch):
    import checker.reports.text as text

    with monkeypatch.context() as patched:
        patched.setattr(text._DirectRows, "made", classmethod(lambda *_args: None))
        patched.setattr(text._Printer, "DIRECT", False)
        whole = text.render_batch(document, view)
    original = text._DirectRows._cell
    rendered = []
    original_rendered = text._DirectRows._rendered
    with monkeypatch.context() as patched:
        patched.setattr(text._DirectRows, "_cell", lambda self, column, value, style: None if value == " f3.xlsx " else original(self, column, value, style))
        patched.setattr(text._DirectRows, "_rendered", lambda self, row: rendered.append(row["file"]) or original_rendered(self, row))
        assert text.render_batch(document, view) == whole
    assert rendered == ["f3.xlsx"]


def _rich_rendered(document, view, monkeypatch):
    import checker.reports.text as text

    with monkeypatch.context() as patched:
        patched.setattr(text._DirectRows, "made", classmethod(lambda *_args: None))
        patched.setattr(text._Printer, "DIRECT", False)
        patched.setattr(text, "CHUNK_ROWS", 10**6)
        return text.render_batch(document, view)


def _folded_names(more):
    """File names wider than the file column can be in a console, as people pass them (in a relative
    folder), with spaces, in Chinese, one long word; and `more`."""
    return [*(f"build/bench/batch-xinzhou-300/xinzhou/{number:05d}-hidden.xlsx" for number in range(30)),
            "submissions/2025 年度 报表/忻府区 残疾人联合会 主要指标 完成情况 (final version, checked twice).xlsx",
            "提交材料/忻州市各县区残疾人事业发展统计监测指标完成情况汇总表（第二次修订，已核对）.xlsx",
            "a-very-long-file-name-without-any-space-" * 3 + ".xlsx", *more]


def test_a_matrix_wider_than_the_console_is_written_directly_with_the_names_folded_as_rich_folds_them(monkeypatch):
    """Long file names make the table wider than the console: rich narrows the file column and folds the
    names onto more lines. The rows are still written directly (rich lays out only the rows holding the
    widest cells, once, for the widths), and the text is rich's, with and without colour."""
    import checker.reports.text as text
    from checker.reports.view import View
    from rich.table import Table

    document = _synthetic_batch(_folded_names(["p1", "p2", "p3", "p4"]))
    top = _rich_rendered(document, View("zh", False), monkeypatch).splitlines()[1]
    width = len(top[1:].split("┳", 1)[0])
    assert width < len(" build/bench/batch-xinzhou-300/xinzhou/00000-hidden.xlsx ")  # narrowed to fit the console
    # Names at the column's width in Chinese (a cell is the name between two spaces): one that fits, one a
    # cell too wide (but for its last space), one two cells too wide, one with its last character across the edge.
    document = _synthetic_batch(_folded_names(["y" * (width - 2), "y" * (width - 1), "y" * width, "x" * (width - 2) + "表"]))
    assert _rich_rendered(document, View("zh", False), monkeypatch).splitlines()[1] == top  # the same random statuses

    added, folded, rendered, measured = [], [], [], []
    original_add_row, original_folded, original_measure = Table.add_row, text._DirectRows._folded, text._measure
    monkeypatch.setattr(Table, "add_row", lambda self, *cells, **options: added.append(cells) or original_add_row(self, *cells, **options))
    monkeypatch.setattr(text._DirectRows, "_folded", lambda self, value, cells: folded.append(original_folded(self, value, cells)) or folded[-1])
    monkeypatch.setattr(text._DirectRows, "_rendered", lambda self, row: rendered.append(row))
    monkeypatch.setattr(text, "_measure", lambda *args: measured.append(original_measure(*args)) or measured[-1])
    for lang in ("zh", "en"):
        for color in (False, True):
            for size in (500, 7):
                view = View(lang, color)
                added.clear(), measured.clear()
                with monkeypatch.context() as patched:
                    patched.setattr(text, "CHUNK_ROWS", size)
                    direct = text.render_batch(document, view)
                assert len(added) == len(measured[0].widest) < 5  # rich laid out the widest rows only
                assert direct == _rich_rendered(document, view, monkeypatch), (lang, color, size)
                assert "│ build/bench/batch-xinzhou-300/xinzhou/00007-hidden.xlsx" not in direct
    assert not rendered and None not in folded
    assert max(map(len, folded)) >= 3 and min(map(len, folded)) == 1  # names folded, and a space dropped at the edge


def test_a_folded_row_the_direct_writer_cannot_write_is_rendered_by_rich_among_folded_rows(monkeypatch):
    import checker.reports.text as text
    from checker.reports.view import View

    document = _synthetic_batch(_folded_names(["f.xlsx"]), seed=1)
    original = text._DirectRows._folded
    left = " build/bench/batch-xinzhou-300/xinzhou/00020-hidden.xlsx "  # not among the widest rows
    rendered = []
    original_rendered = text._DirectRows._rendered
    monkeypatch.setattr(text._DirectRows, "_folded", lambda self, value, width: None if value == left else original(self, value, width))
    monkeypatch.setattr(text._DirectRows, "_rendered", lambda self, row: rendered.append(row["file"]) or original_rendered(self, row))
    for view in (View("en", True, order="input"), View("zh", False)):
        rendered.clear()
        assert text.render_batch(document, view) == _rich_rendered(document, view, monkeypatch)
        assert rendered == [left.strip()]


def test_no_indicator_column_is_cropped_when_the_footer_counts_widen_the_columns(monkeypatch):
    """Some hundreds of files give 3-digit counts in the footer, which widen every indicator's column: 32 of
    them no longer fit 160 columns with the file, year and verdict. The table is then wider than the
    console: rich squeezed it instead, cutting counts to "10…" and file names to nothing, or cropped the
    last indicators' columns away, information lost without a word."""
    import checker.reports.text as text
    from checker.reports.view import View

    document = _synthetic_batch([f"{number:04d}.xlsx" for number in range(40)], columns=32, seed=2)
    for number, total in enumerate(document["matrix"]["totals"].values()):  # as in a batch of some thousand files
        total["fail"], total["warn"] = 100 + number * 37, 2000 - number
    for color in (False, True):
        view = View("zh", color)
        shown = text.render_batch(document, view)
        table = [line for line in re.sub("\x1b\\[[0-9;]*m", "", shown).splitlines() if line[:1] in "┏┃┡│├└"]
        assert table[0].endswith("┓") and table[-1].endswith("┘")
        assert table[1].split("┃")[-2].strip() == "32"  # the last indicator's header
        assert all(line[-1] in "┓┃┩│┤┘" for line in table if line)
        footer = table[table.index(next(line for line in table if line.startswith("├"))) + 1:][:2]
        totals = [document["matrix"]["totals"][column["id"]] for column in document["matrix"]["indicators"]]
        assert [cell.strip() for cell in footer[0].split("│")[4:-1]] == [str(total["fail"]) for total in totals]
        assert [cell.strip() for cell in footer[1].split("│")[4:-1]] == [str(total["warn"]) for total in totals]
        assert all(f" {row['file']} " in shown for row in document["matrix"]["rows"])
        assert shown == _rich_rendered(document, view, monkeypatch)
