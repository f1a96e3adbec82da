"""Every output format, tested by parsing what it writes; `checker render` re-renders a saved result."""

import hashlib
import json
import re
import zipfile
from pathlib import Path
from html.parser import HTMLParser
from xml.etree import ElementTree

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.reports.excel import put
from tests.conftest import write_workbook

FAIL_AND_WARN = {"困难残疾人生活补贴": 90, "残疾人城乡居民基本养老保险": 80}
RED, GREEN = "FFC7CE", "C6EFCE"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def check(workbook, *args):
    return run("check", workbook, "--plan", "xinzhou", *args)


def document_of(workbook):
    return json.loads(check(workbook, "--format", "json").output)


@pytest.fixture
def failing(xinzhou_workbook):
    """A 2025 xinzhou workbook with one binding failure (row 5), one warning (row 6) and 21 unreported."""
    return xinzhou_workbook(FAIL_AND_WARN)


@pytest.fixture
def every_status(tmp_path):
    """A 2023 mid-term xinzhou workbook whose check gives all six statuses, with its waiver file."""
    rows = [
        ["指标", "2021年", "2022年", "2023年"],
        ["困难残疾人生活补贴覆盖率", 100, 90, 80],  # binding, behind its milestone: fail
        ["残疾人城乡居民基本养老保险参保率", 80, 75, 70],  # expected, behind: warn
        ["残疾人城乡居民基本医疗保险参保率", 80, 75, 70],  # waived below
        ["重度残疾人护理补贴覆盖率", 100, 100, 100],  # pass
        ["县级及以上残联机关干部队伍中残疾人比例", 10, 11, 12],  # judged in 2025 only: info
    ]
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        '[[waiver]]\nid = "medical_insurance_rate"\njustification = "医保数据口径调整"\napproved_by = "市残联"\n',
        encoding="utf-8",
    )
    return write_workbook(tmp_path / "mid.xlsx", {"S": rows}), waivers


@pytest.mark.parametrize("output_format", ["text", "markdown", "html"])
def test_every_status_shows_its_symbol_and_word(every_status, output_format):
    from checker.reports.messages import STATUS_LABEL, STATUS_SYMBOL

    workbook, waivers = every_status
    output = check(workbook, "--waivers", waivers, "--format", output_format).output
    for status, word in STATUS_LABEL["zh"].items():
        assert f"{STATUS_SYMBOL[status]} {word}" in output, status


@pytest.mark.parametrize("output_format", ["markdown", "html", "junit"])
def test_a_waiver_is_shown_with_its_justification_and_approver(every_status, output_format):
    workbook, waivers = every_status
    assert "豁免：医保数据口径调整（批准：市残联）" in check(workbook, "--waivers", waivers, "--format", output_format).output


def test_junit_and_github_place_every_status(every_status):
    workbook, waivers = every_status
    suite = ElementTree.fromstring(check(workbook, "--waivers", waivers, "--format", "junit").output).find("testsuite")
    outcome = {
        (c.find("properties/property[@name='status']").get("value"), c.find("failure") is not None, c.find("skipped") is not None)
        for c in suite.findall("testcase")
    }
    assert outcome == {
        ("fail", True, False), ("warn", False, False), ("pass", False, False),
        ("waived", False, True), ("info", False, True), ("not_reported", False, True),
    }
    lines = check(workbook, "--waivers", waivers, "--format", "github").output.splitlines()
    notices = [line for line in lines if line.startswith("::notice ")]
    assert [n.split("title=", 1)[1].split("%3A", 1)[0] for n in notices] == ["⊘ 豁免", "ℹ 待期末评估"]
    assert {line.split(" ", 1)[0] for line in lines if line.startswith("::")} == {"::error", "::warning", "::notice"}


# --- junit ------------------------------------------------------------------------------------------


def test_junit_has_one_testcase_per_indicator_and_a_failure_per_fail(failing):
    outcome = check(failing, "--format", "junit")
    assert outcome.exit_code == 1
    suite = ElementTree.fromstring(outcome.output).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 32 and suite.get("tests") == "32"
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["困难残疾人生活补贴覆盖率 (living_subsidy_coverage)"]
    assert failed[0].find("failure").get("message") == "90% 未达到 ≥100%"
    assert suite.get("failures") == "1"


def test_junit_warning_is_a_note_unless_fail_on_warn(failing):
    def pension(*args):
        suite = ElementTree.fromstring(check(failing, "--format", "junit", *args).output).find("testsuite")
        return suite, next(c for c in suite.findall("testcase") if "pension_insurance_rate" in c.get("name"))

    suite, case = pension()
    assert case.find("failure") is None
    assert "⚠ 预警" in case.find("system-out").text
    assert case.find("properties/property[@name='status']").get("value") == "warn"
    suite, case = pension("--fail-on-warn")
    assert case.find("failure").get("type") == "warn"
    assert suite.get("failures") == "2"


def test_junit_reports_unreported_supplementary_indicators_as_skipped(failing):
    suite = ElementTree.fromstring(check(failing, "--format", "junit").output).find("testsuite")
    skipped = [c for c in suite.findall("testcase") if c.find("skipped") is not None]
    assert len(skipped) == 21 and suite.get("skipped") == "21"
    assert skipped[0].find("skipped").get("message").startswith("○ 未填报")


def test_junit_stays_valid_xml_with_markup_in_a_cell(xinzhou_workbook):
    path = xinzhou_workbook({"困难残疾人生活补贴": "<b>约85</b> & ]]>"})
    suite = ElementTree.fromstring(check(path, "--format", "junit").output).find("testsuite")
    failure = next(c for c in suite.findall("testcase") if c.find("failure") is not None).find("failure")
    assert failure.get("message") == '无法读取：主要指标!D5："<b>约85</b> & ]]>" 不是数值'
    english = ElementTree.fromstring(check(path, "--format", "junit", "--lang", "en").output).find("testsuite")
    failure = next(c for c in english.findall("testcase") if c.find("failure") is not None).find("failure")
    assert '"<b>约85</b> & ]]>" is not a number' in failure.get("message")


# --- github -----------------------------------------------------------------------------------------


def test_github_annotates_failures_as_errors_and_warnings_as_warnings(failing):
    lines = check(failing, "--format", "github").output.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert [c.split(" ", 1)[0] for c in commands] == ["::error", "::warning"]
    assert commands[0] == (
        f"::error file={failing},title=✘ 未达标%3A 困难残疾人生活补贴覆盖率::90%25 未达到 ≥100%25 [主要指标!D5]"
    )
    assert lines[-1] == "11 项已检查：9 达标，1 预警，1 未达标，21 未填报"


def test_github_fail_on_warn_turns_warnings_into_errors(failing):
    output = check(failing, "--format", "github", "--fail-on-warn").output
    assert output.count("::error ") == 2 and "::warning" not in output


def test_github_message_cannot_break_out_of_its_line(xinzhou_workbook):
    path = xinzhou_workbook({"困难残疾人生活补贴": "85\n::error::forged"})
    output = check(path, "--format", "github").output
    assert not any(line.startswith("::error::forged") for line in output.splitlines())
    assert "85%0A::error::forged" in output


# --- markdown ---------------------------------------------------------------------------------------


def markdown_tables(text):
    """Each table as a list of rows, each row a list of cells (escaped pipes stay inside their cell)."""
    tables, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_is_a_review_document_with_a_table_per_attribute(failing):
    text = check(failing, "--format", "markdown").output
    assert text.startswith("# 忻州市“十四五”残疾人保障和发展规划 — 2025年度检查报告\n")
    assert "- **报告年度**：2025" in text
    assert "- **总体结果**：✘ 未达标" in text
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["结果汇总", "需要关注的指标", "约束性指标", "预期性指标", "未填报的指标（21）"]
    summary, binding, expected = markdown_tables(text)
    assert ["✘ 未达标", "1"] in summary and ["合计", "32"] in summary
    # The 21 unreported supplementary indicators are listed together, not as rows of the tables.
    assert len(binding) - 2 == 6 and len(expected) - 2 == 5
    assert all(len(row) == 6 for row in binding + expected)
    unreported = text.split("## 未填报的指标（21）", 1)[1].split("\n\n", 2)[1]
    assert unreported.startswith("○ 补充指标，未填报不计为未达标：") and unreported.count("[^") == 21


def test_markdown_of_a_mid_term_year_has_a_milestone_column(tmp_path):
    rows = [["指标", "2021年", "2022年", "2023年"], ["残疾儿童少年义务教育入学率", 95, 95.5, 96],
            ["困难重度残疾人家庭无障碍改造数（户）", 280, 310, 290]]
    path = write_workbook(tmp_path / "mid.xlsx", {"S": rows})
    expected = markdown_tables(check(path, "--format", "markdown").output)[-1]
    assert expected[0] == ["指标", "目标", "2023年进度", "实际", "结果", "说明", "单元格"]
    enrolment = next(row for row in expected if row[0].startswith("残疾儿童少年义务教育入学率"))
    assert enrolment[1:4] == ["≥97%", "96.2%", "96%"]


def test_markdown_gives_the_reason_of_every_warning_and_failure(failing):
    text = check(failing, "--format", "markdown").output
    attention = text.split("## 需要关注的指标", 1)[1].split("##", 1)[0]
    assert "✘ 未达标 **困难残疾人生活补贴覆盖率**[^living_subsidy_coverage]：90% 未达到 ≥100% \\[主要指标!D5\\]" in attention
    assert "⚠ 预警 **残疾人城乡居民基本养老保险参保率**[^pension_insurance_rate]：80% 未达到 \\>90%" in attention


def test_markdown_quotes_the_plan_for_every_indicator_as_footnotes(failing):
    text = check(failing, "--format", "markdown").output
    footnotes = re.findall(r"^\[\^(\w+)\]: (.+)$", text, flags=re.M)
    assert len(footnotes) == 32
    assert ("living_subsidy_coverage", "专栏1 主要指标 第4行：“4. 困难残疾人生活补贴覆盖率（%） 100 约束性”") in footnotes
    referenced = set(re.findall(r"\[\^(\w+)\](?!:)", text))
    assert referenced == {name for name, _ in footnotes}


def test_markdown_keeps_a_pipe_in_a_workbook_label_inside_its_cell(tmp_path):
    rows = [["指标", "2025年实际"], ["困难残疾人生活补贴覆盖率", 100], ["其他 | 未列入规划", 5]]
    path = write_workbook(tmp_path / "pipe.xlsx", {"S": rows})
    unmatched = markdown_tables(check(path, "--format", "markdown").output)[-1]
    assert unmatched[2] == ["S!B3", "其他 \\| 未列入规划"]


# --- html -------------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Collects tags, attributes and text, and fails on unbalanced tags."""

    VOID = {"meta", "br", "col", "rect", "line"}

    def __init__(self, text):
        super().__init__()
        self.open, self.tags, self.attributes, self.text = [], [], [], []
        self.feed(text)
        assert self.open == [], f"unclosed tags: {self.open}"

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_self_contained_file(failing):
    text = check(failing, "--format", "html").output
    page = Page(text)
    assert not re.search(r"https?:|//|url\(|@import", text)
    assert not {"link", "script", "img", "iframe"} & set(page.tags)
    assert not [value for name, value in page.attributes if name in ("src", "href")]
    assert "@page { size: A4" in text


def test_html_summary_counts_each_status_with_its_symbol_and_word(failing):
    page = Page(check(failing, "--format", "html").output)
    text = "\n".join(page.text)
    for shown in ("✔ 达标 9", "⚠ 预警 1", "✘ 未达标 1", "○ 未填报 21"):
        assert shown in text
    assert "11 项已检查：9 达标，1 预警，1 未达标，21 未填报" in text


def test_html_draws_a_progress_bar_with_the_milestone_in_a_mid_term_year(tmp_path):
    rows = [["指标", "2021年", "2022年", "2023年"], ["残疾儿童少年义务教育入学率", 95, 95.5, 96]]
    path = write_workbook(tmp_path / "mid.xlsx", {"S": rows})
    document = document_of(path)
    enrolment = next(r for r in document["results"] if r["id"] == "compulsory_education_enrolment")
    assert enrolment["milestone"] is not None
    text = check(path, "--format", "html").output
    bar = re.search(r'<svg class="bar"[^>]*aria-label="([^"]+)">.*?</svg>', text)
    # The value labels its bar; the share of the target is named as one (完成率), never shown as the value.
    assert bar.group(1) == (f"实际 96%, 完成率 {enrolment['share_of_target']:g}%; "
                            f"2023年进度 {enrolment['milestone']:g}%")
    assert "<line " in bar.group(0)
    meter = text[text.index('<div class="meter">'):text.index("</svg>") + 6]
    assert re.search(r'<span class="value">96%</span><svg', meter)
    assert "竖线为2023年进度目标" in "".join(Page(text).text)  # the tick is explained in the legend


def test_html_shows_workbook_text_as_text(tmp_path):
    rows = [["指标", "2025年实际"], ["困难残疾人生活补贴覆盖率", 100], ["<script>alert(1)</script>", 5]]
    path = write_workbook(tmp_path / "markup.xlsx", {"S": rows})
    page = Page(check(path, "--format", "html").output)
    assert "script" not in page.tags
    assert "<script>alert(1)</script>" in page.text


# --- xlsx -------------------------------------------------------------------------------------------


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_annotated_copy_colours_each_row_and_explains_it(failing, tmp_path):
    before = digest(failing)
    copy = tmp_path / "annotated.xlsx"
    assert check(failing, "--output", copy).exit_code == 1
    assert digest(failing) == before
    sheet = openpyxl.load_workbook(copy)["主要指标"]
    header = [cell.value for cell in sheet[1]]
    assert header[-2:] == ["备注：检查结果", "备注：检查说明"]
    status_column = len(header) - 1
    assert sheet.cell(5, status_column).value == "✘ 未达标"
    assert sheet.cell(5, status_column + 1).value == "90% 未达到 ≥100%"
    assert {sheet.cell(5, c).fill.fgColor.rgb[-6:] for c in range(1, status_column + 2)} == {RED}
    assert sheet.cell(2, 2).fill.fgColor.rgb[-6:] == GREEN


def test_annotated_copy_has_a_results_sheet_with_every_indicator(failing, tmp_path):
    copy = tmp_path / "annotated.xlsx"
    check(failing, "--output", copy)
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "检查结果" and book.active.title == "检查结果"  # what a reader wants first
    results = book["检查结果"]
    header = [cell.value for cell in results[6]]
    assert header == ["指标", "属性", "目标", "实际", "结果", "说明", "单元格", "年度进度", "完成率", "出处", "id"]
    rows = list(results.iter_rows(min_row=7, values_only=True))
    assert len(rows) == 32 and all(row[0] and row[-1] for row in rows)  # no blank name, no blank id
    subsidy = next(row for row in rows if row[-1] == "living_subsidy_coverage")
    assert subsidy[:6] == ("困难残疾人生活补贴覆盖率", "约束性", "≥100%", 90, "✘ 未达标", "90% 未达到 ≥100%")
    assert results["D" + str(7 + rows.index(subsidy))].number_format == 'General"%"'  # 90 shown as 90%
    assert results["A4"].value == "11 项已检查：9 达标，1 预警，1 未达标，21 未填报"
    assert "总体结果：✘ 未达标" in results["A3"].value


def test_annotated_copy_is_laid_out_to_read_and_print(failing, tmp_path):
    copy = tmp_path / "annotated.xlsx"
    check(failing, "--output", copy)
    book = openpyxl.load_workbook(copy)
    results = book["检查结果"]
    assert results.freeze_panes == "B7" and results.print_title_rows == "$6:$6"
    assert results.page_setup.orientation == "landscape" and int(results.page_setup.paperSize) == 9  # A4
    assert results.sheet_properties.pageSetUpPr.fitToPage and results.page_setup.fitToWidth == 1
    assert results.page_setup.fitToHeight == 0 and "&P" in results.oddFooter.center.text
    for column, header in enumerate(results[6], start=1):  # every heading and name fits its column
        width = results.column_dimensions[header.column_letter].width
        assert width >= len(header.value) * 2 or width >= 8, header.value
    names = results.column_dimensions["A"].width
    assert names >= 2 * len("困难残疾人生活补贴覆盖率")
    fills = {row[0].fill.fgColor.rgb[-6:]: row[4].value for row in results.iter_rows(min_row=7)}
    assert fills[RED] == "✘ 未达标" and fills[GREEN] == "✔ 达标"
    data = book["主要指标"]
    assert data.sheet_properties.pageSetUpPr.fitToPage and data.print_title_rows == "$1:$1"


SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.xlsx"))
# English headers differ only in words; two layouts suffice: a two-row header, and year columns
# with five-year sums and a rate computed from counts.
ENGLISH_SAMPLES = [s for s in SAMPLES if s.stem in ("xinzhou-2025-messy", "xinzhou-2021-2023")]


@pytest.mark.parametrize(
    ("sample", "lang"),
    [(s, "zh") for s in SAMPLES] + [(s, "en") for s in ENGLISH_SAMPLES],
    ids=lambda value: getattr(value, "stem", value),
)
def test_checking_the_annotated_copy_again_gives_the_same_results(sample, lang, tmp_path):
    plan = sample.name.split("-", 1)[0]
    copy = tmp_path / "annotated.xlsx"
    run("check", sample, "--plan", plan, "--output", copy, "--lang", lang)

    def seen(path):
        document = json.loads(run("check", path, "--plan", plan, "--format", "json").output)
        return [(r["id"], r["status"], r["value"], r["cell"]) for r in document["results"]], document["unmatched_rows"]

    assert seen(copy) == seen(sample)


def test_annotated_copy_keeps_formula_like_text_as_text(tmp_path):
    targets = tmp_path / "equal.toml"
    targets.write_text(EQUAL_PLAN, encoding="utf-8")
    workbook = write_workbook(tmp_path / "w.xlsx", {"S": [["指标", "2025年实际"], ["困难残疾人生活补贴覆盖率", 100]]})
    copy = tmp_path / "annotated.xlsx"
    assert run("check", workbook, "--plan", "equal", "--targets", targets, "--output", copy).exit_code == 0
    target = openpyxl.load_workbook(copy)["检查结果"]["C7"]
    assert (target.value, target.data_type) == ("=100%", "s")
    sheet_xml = zipfile.ZipFile(copy).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+1", "-2", "@x", '=HYPERLINK("x")'])
def test_text_starting_like_a_formula_is_saved_as_text(tmp_path, text):
    workbook = openpyxl.Workbook()
    put(workbook.active["A1"], text)
    workbook.save(tmp_path / "t.xlsx")
    assert "<f>" not in zipfile.ZipFile(tmp_path / "t.xlsx").read("xl/worksheets/sheet1.xml").decode()
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx").active["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_xlsx_is_not_offered_on_stdout(failing):
    outcome = check(failing, "--format", "xlsx")
    assert outcome.exit_code == 2
    assert "'xlsx' is not one of" in outcome.output and "Traceback" not in outcome.output


def test_annotated_copy_never_replaces_the_checked_workbook(failing, tmp_path):
    saved = tmp_path / "results.json"
    check(failing, "--output", saved)
    before = digest(failing)
    outcome = run("render", saved, "--output", failing, "--force")
    assert outcome.exit_code == 2
    assert "不会覆盖被检查的工作簿" in outcome.output
    assert "refusing to overwrite the checked workbook" in run("render", saved, "--output", failing, "--force", "--lang", "en").output
    assert digest(failing) == before


# --- several outputs and `checker render` -----------------------------------------------------------


def test_several_outputs_in_one_run_take_their_format_from_the_extension(failing, tmp_path):
    names = ["r.json", "r.xml", "r.md", "r.html", "r.htm", "r.txt", "r.xlsx"]
    outcome = check(failing, *[arg for name in names for arg in ("--output", tmp_path / name)])
    assert outcome.exit_code == 1
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["schema_version"] == 1
    assert ElementTree.parse(tmp_path / "r.xml").getroot().tag == "testsuites"
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == (tmp_path / "r.htm").read_text(encoding="utf-8")
    assert "检查结果" in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames


@pytest.mark.parametrize("output_format", ["text", "json", "junit", "github", "markdown", "html"])
def test_render_gives_the_same_output_as_check(failing, tmp_path, output_format):
    saved = tmp_path / "results.json"
    check(failing, "--output", saved)
    rendered = run("render", saved, "--format", output_format, "--lang", "en")
    assert rendered.exit_code == 0
    assert rendered.output == check(failing, "--format", output_format, "--lang", "en").output


def test_render_rewords_reasons_in_the_language_asked(failing, tmp_path):
    saved = tmp_path / "results.json"
    check(failing, "--output", saved)  # saved with Chinese reasons
    text = run("render", saved, "--format", "markdown", "--lang", "en").output
    assert "90% misses ≥100%" in text and "90% 未达到" not in text


def test_render_needs_no_workbook(failing, tmp_path):
    saved = tmp_path / "results.json"
    check(failing, "--output", saved)
    failing.unlink()
    outcome = run("render", saved, "--output", tmp_path / "review.html")
    assert outcome.exit_code == 0 and outcome.output == ""
    assert "困难残疾人生活补贴覆盖率" in (tmp_path / "review.html").read_text(encoding="utf-8")


def test_render_to_xlsx_without_the_workbook_says_what_is_missing(failing, tmp_path):
    saved = tmp_path / "results.json"
    check(failing, "--output", saved)
    failing.unlink()
    outcome = run("render", saved, "--output", tmp_path / "copy.xlsx")
    assert outcome.exit_code == 2
    assert f"错误：{failing}: 批注副本由被检查的工作簿生成，但该工作簿不在此处" in outcome.output
    english = run("render", saved, "--output", tmp_path / "copy.xlsx", "--lang", "en")
    assert f"error: {failing}: the annotated copy is made from the checked workbook, which is not there" in english.output


def edit(document, change):
    change(document)
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda d: '{"schema_version": 1, "results": [', "not a results JSON: line 1 column"),
        (lambda d: "[1, 2]", "not a results JSON (no schema_version)"),
        (lambda d: edit(d, lambda d: d.update(schema_version=99)), "results JSON schema_version 99; this checker reads version 1"),
        (lambda d: edit(d, lambda d: d.pop("summary")), "not a results JSON: missing field(s) summary"),
        (lambda d: edit(d, lambda d: d.update(kind="batch")), "a consolidated result of several workbooks"),
        (lambda d: edit(d, lambda d: d["results"][2].pop("status")), "results[2]: not a results JSON: missing field(s) status"),
        (lambda d: edit(d, lambda d: d["results"][0].update(status="great")), "results[0] (income_growth): unknown status 'great'"),
        (lambda d: edit(d, lambda d: d["results"][3].update(reason_code="nonsense")), "results[3] (living_subsidy_coverage): cannot word this result"),
    ],
)
def test_render_refuses_a_file_that_is_not_a_results_json(failing, tmp_path, content, message):
    saved = tmp_path / "results.json"
    saved.write_text(content(document_of(failing)), encoding="utf-8")
    outcome = run("render", saved, "--format", "html")
    assert outcome.exit_code == 2
    assert outcome.output.startswith(f"错误：{saved}: ") and len(outcome.output.strip().splitlines()) == 1
    outcome = run("render", saved, "--format", "html", "--lang", "en")
    assert outcome.exit_code == 2
    assert outcome.output.startswith(f"error: {saved}: ") and message in outcome.output
    assert "Traceback" not in outcome.output


EQUAL_PLAN = """
[plan]
id = "equal"
title = "测试规划"
title_en = "Test plan"
issuer = "测试办公室"
period = [2021, 2025]
baseline_year = 2020
source = "none.txt"

[[indicator]]
id = "living_subsidy_coverage"
name = "困难残疾人生活补贴覆盖率"
name_en = "Living subsidy coverage"
unit = "percent"
attribute = "binding"
attribute_basis = "stated"
operator = "="
target = 100
tier = "main"
section = "专栏1"
quote = "困难残疾人生活补贴覆盖率 100 约束性"
trajectory = "maintain"
"""


def count_opens(monkeypatch, path):
    """The times `path` is opened from here on (pathlib's reads go through io.open, plain open() through builtins)."""
    import builtins
    import io
    import os

    opened = []
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(os.fspath(file)) == Path(path):
            opened.append(args[0] if args else kwargs.get("mode", "r"))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    return opened


def test_render_reads_the_saved_results_once(failing, tmp_path, monkeypatch):
    saved = tmp_path / "results.json"
    check(failing, "--output", saved)
    opened = count_opens(monkeypatch, saved)
    outcome = run("render", saved, "--format", "markdown", "--output", tmp_path / "again.html")
    assert outcome.exit_code == 0, outcome.output
    assert len(opened) == 1


RESULTS_JSON = "a results JSON saved by `checker check … --format json`"
RESULTS_JSON_ZH = "用 `checker check … --format json` 保存的检查结果 JSON"


@pytest.mark.parametrize(
    ("make", "english", "chinese"),
    [
        (lambda path: None, f"file not found, expected {RESULTS_JSON}", f"找不到文件（应为{RESULTS_JSON_ZH}）"),
        (lambda path: path.mkdir(), f"is a folder, expected {RESULTS_JSON}", f"这是一个文件夹（应为{RESULTS_JSON_ZH}）"),
        (lambda path: path.write_bytes(b'{"schema_version": 1, "plan": "\xff"}'),
         f"not UTF-8 text (byte 31), expected {RESULTS_JSON}", f"不是 UTF-8 文本（第 31 字节；应为{RESULTS_JSON_ZH}）"),
    ],
)
def test_render_says_why_the_saved_file_cannot_be_read(tmp_path, make, english, chinese):
    saved = tmp_path / "results.json"
    make(saved)
    outcome = run("render", saved, "--format", "html")
    assert (outcome.exit_code, outcome.output) == (2, f"错误：{saved}: {chinese}\n")
    outcome = run("render", saved, "--format", "html", "--lang", "en")
    assert (outcome.exit_code, outcome.output) == (2, f"error: {saved}: {english}\n")


def test_render_checks_its_outputs_before_it_reads_the_saved_file(tmp_path):
    taken = tmp_path / "taken.html"
    taken.write_text("kept", encoding="utf-8")
    outcome = run("render", tmp_path / "none.json", "--output", taken, "--lang", "en")
    assert (outcome.exit_code, outcome.output) == (2, f"error: {taken}: already exists; give --force to overwrite it\n")
    assert taken.read_text(encoding="utf-8") == "kept"


def test_render_reads_a_saved_results_json_with_a_byte_order_mark(failing, tmp_path):
    saved = tmp_path / "results.json"
    check(failing, "--output", saved)
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes())
    rendered = run("render", saved, "--format", "markdown", "--lang", "en")
    assert rendered.exit_code == 0, rendered.output
    assert rendered.output == check(failing, "--format", "markdown", "--lang", "en").output
