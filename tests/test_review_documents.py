"""Review documents in every format (checker/reviews): text, json, markdown, html, xlsx, from real workbooks."""

import datetime
import json
import re

import openpyxl
import pytest

from click.testing import CliRunner

from checker.cli import main
from checker.errors import CheckerError
from checker.reports.view import View
from checker.reviews import renderer
from checker.reviews.run import review_workbook
from checker.settings import CheckSettings, ReportSettings
from tests.test_report_formats import count_opens
from tests.test_review_verdicts import FINAL, PLAN, demo, workbook  # noqa: F401 (demo is a fixture)

MADE = datetime.date(2024, 3, 1)
# A mid-term workbook with something to say in every column: a binding level missed (behind), a
# five-year total with a year missing, and a linear path on track.
MIDTERM = {
    "困难残疾人生活补贴覆盖率": [100, 100, 100, 94.5],
    "困难重度残疾人家庭无障碍改造数": [None, 280, None, 290],
}


def made(demo, path, output_format="text", outputs=(), lang="zh", fail_on_warn=False, plan=None):
    if plan is not None:
        (demo / "demo.toml").write_text(plan, encoding="utf-8")
    settings = CheckSettings("demo", demo)
    report = ReportSettings(output_format, tuple(outputs), lang, fail_on_warn, force=False)
    return review_workbook(path, settings, report, made=MADE)


def test_json_document_has_the_issues_fields_and_reads_back(demo, tmp_path):
    outcome = made(demo, workbook(tmp_path, MIDTERM), "json")
    document = json.loads(outcome.text)
    assert (document["kind"], document["year"], document["made"]) == ("midterm", 2023, "2024-03-01")
    subsidy = next(e for e in document["indicators"] if e["id"] == "living_subsidy_coverage")
    for field in ("id", "name", "attribute", "trajectory", "target", "baseline", "values_by_year", "value", "milestone",
                  "progress", "expected_progress", "verdict", "verdict_zh", "projection", "required_per_year"):
        assert field in subsidy
    assert (subsidy["verdict"], subsidy["verdict_zh"], subsidy["baseline"]) == ("behind", "进度滞后", 100)
    assert document["summary"]["behind"] == 1 and document["summary"]["total"] == 9
    assert set(document["method"]) == {"zh", "en", "thresholds"}
    assert outcome.exit_code == 1  # a binding level is behind


def test_text_review_names_the_kind_the_years_and_the_binding_indicator_behind(demo, tmp_path):
    text = made(demo, workbook(tmp_path, MIDTERM)).text
    document = json.loads(made(demo, workbook(tmp_path, MIDTERM), "json").text)
    wide = renderer("text")(document, View(width=400))  # no heading wrapped in its column
    assert text.startswith("示范区“十四五”残疾人保障和发展规划 中期评估（2021—2023年）")
    assert "制表日期：2024-03-01" in text
    assert "约束性指标中，困难残疾人生活补贴覆盖率进度滞后、困难重度残疾人家庭无障碍改造数难以实现。" in text
    for words in ("应达进度（2023年）", "实际进度（应达60%）", "预计2025年", "剩余年份每年需", "按评估结论和属性统计", "评估方法"):
        assert words in wide
    assert "逐年推进：进度目标 = 基数 + (目标 − 基数)" in text


def test_markdown_review_rows(demo, tmp_path):
    text = made(demo, workbook(tmp_path, MIDTERM), "markdown").text
    assert text.startswith("# 示范区“十四五”残疾人保障和发展规划 中期评估（2021—2023年）\n")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| ")}
    homes = rows["困难重度残疾人家庭无障碍改造数（户）"].split(" | ")
    # name, attribute, method, baseline, 2021, 2022, 2023, target, milestone, progress, verdict, projection, required, note
    assert homes[2:7] == ["累计", "—", "280", "缺报", "290（累计570）"]
    assert homes[7:11] == ["≥1500户", "900", "38%", "**难以实现**"]  # 570 by 2023, 1140 projected
    assert "剩余2年每年需完成465户" in homes[12]  # (1500 − 570) / 2
    assert "缺2022年分年数，累计数只含已报年份" in homes[13]
    subsidy = rows["困难残疾人生活补贴覆盖率（%）"].split(" | ")
    assert subsidy[2] == "保持" and subsidy[10] == "**进度滞后**" and "剩余2年每年需保持≥100%" in subsidy[12]
    device = rows["残疾人辅助器具适配率（%）"].split(" | ")
    assert device[2:4] == ["逐年推进", "80"]  # the plan's baseline
    assert rows["智慧残联服务信息系统建成"].split(" | ")[2] == "期末"


def test_counts_are_whole_units(demo, tmp_path):
    plan = PLAN.replace("target = 1500", "target = 1502")
    text = made(demo, workbook(tmp_path, {"困难重度残疾人家庭无障碍改造数": [None, 280, 310, 290]}), "markdown", plan=plan).text
    homes = next(line for line in text.splitlines() if line.startswith("| 困难重度残疾人家庭无障碍改造数")).split(" | ")
    assert homes[8] == "901"  # 60% of 1502 is 901.2 households
    assert homes[11] == "1467"  # 880 + 293.3 × 2
    assert "剩余2年每年需完成311户（此前年均293户）" in homes[12]
    assert not re.search(r"\d\.\d+户", text)


def test_final_review_document(demo, tmp_path):
    changes = {**FINAL, "城乡残疾人职业技能培训人数": [None, 800, 800, 800, 800, 1200]}
    outcome = made(demo, workbook(tmp_path, changes), "markdown")
    text = outcome.text
    assert text.startswith("# 示范区“十四五”残疾人保障和发展规划 终期评估（2021—2025年）")
    header = next(line for line in text.splitlines() if line.startswith("| 指标"))
    assert "2025年" in header and "预计" not in header and "剩余年份每年需" not in header
    assert "| 城乡残疾人职业技能培训人数（人） |" in text and "**超额完成**" in text
    assert "约束性指标全部完成。" in text
    assert outcome.exit_code == 0


def test_english_review(demo, tmp_path):
    text = made(demo, workbook(tmp_path, MIDTERM), "text", lang="en").text
    assert text.startswith("Demo plan: mid-term review (2021–2023)")
    assert "Binding indicators: Living subsidy coverage (behind), Barrier-free home adaptations (at risk)." in text
    assert "Milestone 2023" in text and "Progress (expected 60%)" in text


def test_html_review_prints_on_a4_with_page_numbers_and_a_chart_per_indicator(demo, tmp_path):
    html = made(demo, workbook(tmp_path, MIDTERM), "html").text
    assert "@page { size: A4 landscape;" in html and "@bottom-center" in html and "counter(page)" in html
    assert "<title>示范区“十四五”残疾人保障和发展规划 中期评估（2021—2023年）</title>" in html
    charts = re.findall(r'<svg class="chart"[^>]*aria-label="([^"]*)"', html)
    assert len(charts) == 7  # numeric indicators with figures; not the yes/no one nor the one compared with GDP
    assert any(label.startswith("残疾人辅助器具适配率：实际值 2020年 80%，2021年 81%") for label in charts)
    assert "<script" not in html and "http" not in html


def test_workbook_and_plan_strings_are_never_markup(demo, tmp_path):
    path = workbook(tmp_path, MIDTERM).rename(tmp_path / "[bold red]评估.xlsx")
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nid = "living_subsidy_coverage"\njustification = "口径[red]调整[/]"\napproved_by = "<b>区残联</b>"\n', encoding="utf-8")
    settings = CheckSettings("demo", demo, waivers=waivers)
    document = json.loads(review_workbook(path, settings, ReportSettings("json"), made=MADE).text)
    text = renderer("text")(document, View(color=True, width=600))
    assert "[bold red]评估.xlsx" in text and "口径[red]调整[/]" in text
    html = review_workbook(path, settings, ReportSettings("html"), made=MADE).text
    assert "&lt;b&gt;区残联&lt;/b&gt;" in html and "<b>区残联</b>" not in html
    markdown = review_workbook(path, settings, ReportSettings("markdown"), made=MADE).text
    assert "\\[bold red\\]评估.xlsx" in markdown


def test_xlsx_review_is_a_new_workbook_with_figures_as_numbers(demo, tmp_path):
    path = workbook(tmp_path, MIDTERM)
    output = tmp_path / "review-out.xlsx"
    made(demo, path, "text", outputs=[output])
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["评估表", "统计与方法"]
    sheet = book["评估表"]
    assert sheet["A1"].value == "示范区“十四五”残疾人保障和发展规划 中期评估（2021—2023年）"
    assert "约束性指标中，困难残疾人生活补贴覆盖率进度滞后" in sheet["A3"].value
    header = [cell.value for cell in sheet[5]]
    assert header[:7] == ["指标", "属性", "方法", "基数（2020年）", "2021年", "2022年", "2023年"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=6, values_only=True)}
    device = rows["残疾人辅助器具适配率（%）"]
    assert device[3:7] == (80, 81, 82, 83) and device[9] == 0.6  # numbers, progress as a share (0%)
    homes = rows["困难重度残疾人家庭无障碍改造数（户）"]
    assert homes[4:7] == (280, "缺报", "290（累计570）")
    verdict_column = header.index("评估结论") + 1
    subsidy_row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 1).value == "困难残疾人生活补贴覆盖率（%）")
    assert sheet.cell(subsidy_row, verdict_column).value == "进度滞后"
    assert sheet.cell(subsidy_row, verdict_column).fill.start_color.rgb.endswith("FFC7CE")
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert "&P" in sheet.oddFooter.center.text
    assert any("时间过半、任务过半" in str(cell.value) for cell in book["统计与方法"]["A"])


def test_formats_without_a_review_view_are_refused_before_the_work(demo, tmp_path):
    path = workbook(tmp_path)
    with pytest.raises(CheckerError, match="a review has no 'junit' format"):
        made(demo, path, "text", outputs=[tmp_path / "r.xml"])
    assert not (tmp_path / "r.xml").exists()
    with pytest.raises(CheckerError, match="written to a file"):
        renderer("xlsx")


def test_every_format_writes_the_same_verdicts(demo, tmp_path):
    path = workbook(tmp_path, MIDTERM)
    outputs = [tmp_path / name for name in ("r.txt", "r.md", "r.html", "r.json")]
    made(demo, path, "text", outputs=outputs)
    for output in outputs:
        text = output.read_text(encoding="utf-8")
        assert "进度滞后" in text and "难以实现" in text and "\x1b[" not in text


# --- the command line ------------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_review_command_writes_several_outputs_and_exits_1_on_a_binding_indicator_behind(demo, tmp_path):
    path = workbook(tmp_path, MIDTERM)
    outputs = [tmp_path / "out.md", tmp_path / "out.html", tmp_path / "out.xlsx", tmp_path / "out.json"]
    outcome = run("review", path, "--plan", "demo", "--targets", demo, "--format", "markdown", *(a for o in outputs for a in ("-o", o)))
    assert outcome.exit_code == 1
    assert outcome.output.startswith("# 示范区“十四五”残疾人保障和发展规划 中期评估（2021—2023年）")
    assert all(output.exists() for output in outputs)
    assert json.loads(outputs[-1].read_text(encoding="utf-8"))["kind"] == "midterm"


@pytest.mark.parametrize(
    ("changes", "options", "code"),
    [
        ({}, (), 0),  # everything on track
        ({"残疾儿童少年义务教育入学率": [95, 95, 95, 95.1]}, (), 0),  # an expected indicator behind
        ({"残疾儿童少年义务教育入学率": [95, 95, 95, 95.1]}, ("--fail-on-warn",), 1),
        ({"困难残疾人生活补贴覆盖率": [100, 100, 100, 99.5]}, (), 1),  # a binding level missed by half a point
    ],
)
def test_review_exit_codes(demo, tmp_path, changes, options, code):
    assert run("review", workbook(tmp_path, changes), "--plan", "demo", "--targets", demo, *options).exit_code == code


def test_final_review_command_exits_1_when_a_binding_target_is_missed(demo, tmp_path):
    missed = {**FINAL, "残疾人辅助器具适配率": [80, 81, 82, 83, 84, 84.5]}
    outcome = run("review", workbook(tmp_path, missed), "--plan", "demo", "--targets", demo)
    assert outcome.exit_code == 1 and "终期评估（2021—2025年）" in outcome.output and "未完成" in outcome.output
    assert run("review", workbook(tmp_path, FINAL), "--plan", "demo", "--targets", demo).exit_code == 0


@pytest.mark.parametrize(
    "arguments",
    [
        ("--plan", "nosuchplan"),
        ("--plan", "demo", "-o", "out.pdf"),
        ("--plan", "demo", "-o", "out.xml"),
        ("--plan", "demo", "-o", "review.xlsx"),  # the workbook itself
        ("--plan", "demo", "--format", "junit"),
        ("--plan", "demo", "--format", "xlsx"),
    ],
)
def test_review_input_errors_exit_2(demo, tmp_path, arguments):
    path = workbook(tmp_path)
    before = path.read_bytes()
    arguments = [str(tmp_path / a) if a.startswith(("out.", "review.")) else a for a in arguments]
    outcome = run("review", path, "--targets", demo, *arguments)
    assert outcome.exit_code == 2
    assert not list(tmp_path.glob("out.*")) and path.read_bytes() == before


def test_a_missing_workbook_exits_2(demo, tmp_path):
    assert run("review", tmp_path / "none.xlsx", "--plan", "demo", "--targets", demo).exit_code == 2


def test_render_reads_a_saved_review(demo, tmp_path):
    saved = tmp_path / "review.json"
    run("review", workbook(tmp_path, MIDTERM), "--plan", "demo", "--targets", demo, "--format", "json", "-o", saved)
    outcome = run("render", saved, "--format", "markdown", "--lang", "en", "-o", tmp_path / "again.html")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.startswith("# Demo plan: mid-term review (2021–2023)")
    assert "<svg class=\"chart\"" in (tmp_path / "again.html").read_text(encoding="utf-8")
    document = json.loads(saved.read_text(encoding="utf-8"))
    document["indicators"][0]["verdict"] = "splendid"
    saved.write_text(json.dumps(document), encoding="utf-8")
    refused = run("render", saved)
    assert refused.exit_code == 2 and "未知的判断 'splendid'" in refused.output
    assert "unknown verdict 'splendid'" in run("render", saved, "--lang", "en").output


def saved_review(demo, tmp_path):
    saved = tmp_path / "review.json"
    run("review", workbook(tmp_path, MIDTERM), "--plan", "demo", "--targets", demo, "--format", "json", "-o", saved)
    return saved


def test_render_reads_a_saved_review_once(demo, tmp_path, monkeypatch):
    saved = saved_review(demo, tmp_path)
    opened = count_opens(monkeypatch, saved)
    outcome = run("render", saved, "--format", "markdown", "-o", tmp_path / "again.html")
    assert outcome.exit_code == 0, outcome.output
    assert len(opened) == 1


def test_render_reads_a_saved_review_with_a_byte_order_mark(demo, tmp_path):
    saved = saved_review(demo, tmp_path)
    shown = run("render", saved, "--format", "markdown", "--lang", "en").output
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes())
    outcome = run("render", saved, "--format", "markdown", "--lang", "en")
    assert (outcome.exit_code, outcome.output) == (0, shown)


@pytest.mark.parametrize(
    ("change", "english", "chinese"),
    [
        (lambda d: d.update(schema_version=99), "review JSON schema_version 99; this checker reads version 1",
         "评估报告 JSON 的 schema_version 为 99；本程序读取的是第 1 版"),
        (lambda d: d.pop("schema_version"), "review JSON schema_version None; this checker reads version 1",
         "评估报告 JSON 的 schema_version 为 None；本程序读取的是第 1 版"),
        (lambda d: d.pop("method"), "not a review JSON: missing field(s) method", "不是评估报告 JSON：缺少字段 method"),
        (lambda d: d.update(indicators={}), "not a review JSON: indicators must be a list and method an object",
         "不是评估报告 JSON：indicators 应为列表，method 应为对象"),
        (lambda d: d.update(units=[{"unit": "x"}]), "not a review JSON: units must be a list of objects with unit and indicators",
         "不是评估报告 JSON：units 应为列表，每项含 unit 和 indicators"),
        (lambda d: d["indicators"][1].pop("verdict"), "indicators[1]: not a review JSON: missing field(s) verdict",
         "indicators[1]: 不是评估报告 JSON：缺少字段 verdict"),
    ],
)
def test_render_refuses_a_review_json_it_cannot_read(demo, tmp_path, change, english, chinese):
    saved = saved_review(demo, tmp_path)
    document = json.loads(saved.read_text(encoding="utf-8"))
    change(document)
    saved.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    outcome = run("render", saved, "--format", "html")
    assert (outcome.exit_code, outcome.output) == (2, f"错误：{saved}: {chinese}\n")
    outcome = run("render", saved, "--format", "html", "--lang", "en")
    assert (outcome.exit_code, outcome.output) == (2, f"error: {saved}: {english}\n")


def test_the_readme_shows_a_real_mid_term_review_of_the_sample():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```markdown\n", 1)[1].split("\n```", 1)[0]
    outcome = run("review", root / "samples" / "xinzhou-2021-2023.xlsx", "--plan", "xinzhou", "--format", "markdown")
    assert outcome.exit_code == 1

    def undated(text):
        return re.sub(r"制表日期\*\*：\d{4}-\d{2}-\d{2}", "制表日期**：DATE", text).replace(str(root / "samples"), "samples")

    assert undated(shown).strip() == undated(outcome.output).strip()
