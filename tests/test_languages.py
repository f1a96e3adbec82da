"""Chinese first (issue 13): under the default language everything a user reads is Chinese — error
lines, value problems, warnings, option help — and English comes with --lang en. Every error names its
file, and its cell where there is one."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.cli_language import COMMAND_HELP_ZH, HELP_ZH
from checker.errors import CheckerError, did_you_mean
from tests.conftest import write_workbook, xinzhou_rows
from tests.test_plan import GOOD_INDICATOR, write_plan

CHECKER = Path(__file__).resolve().parents[1] / "checker"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- errors -------------------------------------------------------------------------------------------


def test_every_checker_error_is_worded_in_chinese_too():
    """Each CheckerError(...) in the code gives zh=…: none reaches a user in English only."""
    missing = []
    for path in sorted(CHECKER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "CheckerError":
                if not any(keyword.arg == "zh" for keyword in node.keywords):
                    missing.append(f"{path.relative_to(CHECKER.parent)}:{node.lineno}")
    assert missing == []


def test_an_error_has_both_texts_and_str_is_the_english_one():
    error = CheckerError("file not found", zh="找不到文件", file="a.xlsx", location="主要指标!D5")
    assert error.text("zh") == "a.xlsx: 主要指标!D5: 找不到文件"
    assert error.text("en") == str(error) == "a.xlsx: 主要指标!D5: file not found"


@pytest.mark.parametrize("content, chinese, english", [
    (b"", "空文件（0 字节）", "empty file (0 bytes)"),
    (b"%PDF-1.7\n", "这是PDF 文档；请索要 Excel 文件本身", "it is a PDF document; ask for the Excel file itself"),
    (b"name,value\n", "这是纯文本", "it is plain text"),
])
def test_a_refused_file_is_one_chinese_line_naming_the_file_and_english_with_lang_en(tmp_path, content, chinese, english):
    path = tmp_path / "w.xlsx"
    path.write_bytes(content)
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2
    assert outcome.output.startswith(f"错误：{path}: ") and chinese in outcome.output
    assert len(outcome.output.strip().splitlines()) == 1
    outcome = run("check", path, "--plan", "xinzhou", "--lang", "en")
    assert outcome.output.startswith(f"error: {path}: ") and english in outcome.output


def test_the_same_figure_twice_names_the_file_and_both_cells_in_chinese(tmp_path):
    rows = xinzhou_rows()
    rows.append([12, "困难残疾人生活补贴覆盖率（%）", "", 95])
    path = write_workbook(tmp_path / "twice.xlsx", {"主要指标": rows})
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.output.strip() == (
        f"错误：{path}: “困难残疾人生活补贴覆盖率”填了两次，数值不同：主要指标!D5 = 100，主要指标!D14 = 95"
    )


def test_a_target_file_with_problems_has_a_chinese_heading_and_its_items(tmp_path):
    targets = write_plan(tmp_path, GOOD_INDICATOR.replace("operator =", "opertor ="))
    outcome = run("lint", targets)
    assert outcome.exit_code == 2
    assert f"{targets}: 2 个问题：" in outcome.output
    assert "unknown field 'opertor' (did you mean 'operator'?)" in outcome.output
    assert f"{targets}: 2 problem(s):" in run("lint", targets, "--lang", "en").output


def test_a_command_without_a_language_of_its_own_speaks_chinese_and_english_on_request(tmp_path):
    outcome = run("template", "--plan", "xinzhou", "-o", tmp_path / "t.xls")
    assert outcome.exit_code == 2 and outcome.output.startswith(f"错误：{tmp_path / 't.xls'}: 模板是 Excel 工作簿")
    outcome = run("template", "--plan", "xinzhou", "-o", tmp_path / "t.xls", "--lang", "en")
    assert outcome.output.startswith(f"error: {tmp_path / 't.xls'}: the template is an Excel workbook")


# --- did you mean --------------------------------------------------------------------------------------


def test_an_unknown_plan_gets_a_did_you_mean(xinzhou_workbook):
    outcome = run("check", xinzhou_workbook(), "--plan", "xinzho")
    assert outcome.exit_code == 2 and "未知的规划 'xinzho'（是否指 xinzhou？" in outcome.output
    english = run("check", xinzhou_workbook(), "--plan", "xinzho", "--lang", "en")
    assert "unknown plan 'xinzho' (did you mean xinzhou? available: daan, jiangbei" in english.output


def test_an_unknown_waiver_id_gets_a_did_you_mean(xinzhou_workbook, tmp_path):
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nid = "rehab_coverag"\njustification = "x"\napproved_by = "y"\n', encoding="utf-8")
    outcome = run("check", xinzhou_workbook(), "--plan", "xinzhou", "--waivers", waivers)
    assert outcome.exit_code == 2
    assert f"错误：{waivers}: 1 个问题：" in outcome.output
    assert "plan 'xinzhou' has no indicator 'rehab_coverag' (did you mean rehab_coverage?)" in outcome.output


def test_an_indicator_id_missing_from_the_catalogue_gets_a_did_you_mean(tmp_path):
    targets = write_plan(tmp_path, GOOD_INDICATOR.replace('id = "rehab_coverage"', 'id = "rehab_coverag"'))
    outcome = run("lint", targets)
    assert "id 'rehab_coverag' is not in catalogue.toml (did you mean rehab_coverage?" in outcome.output


def test_did_you_mean_stays_silent_when_nothing_is_close():
    assert did_you_mean("atlantis", ["daan", "xinzhou"]) is None
    assert did_you_mean("qinshan", ["daan", "qingshan", "xinzhou"]) == "qingshan"


# --- value problems and warnings ----------------------------------------------------------------------


def test_a_value_problem_is_chinese_in_the_report_and_both_are_in_the_json(xinzhou_workbook):
    path = xinzhou_workbook({"困难残疾人生活补贴": "九十"})
    text = run("check", path, "--plan", "xinzhou").output
    assert "不是数值" in text and "is not a number" not in text
    document = json.loads(run("check", path, "--plan", "xinzhou", "--format", "json").output)
    subsidy = next(r for r in document["results"] if r["id"] == "living_subsidy_coverage")
    assert subsidy["reason_params"]["problem"] == '"九十" is not a number'
    assert subsidy["reason_params"]["problem_zh"] == '"九十" 不是数值'
    assert subsidy["reason"] == '无法读取：主要指标!D5："九十" 不是数值'
    english = json.loads(run("check", path, "--plan", "xinzhou", "--format", "json", "--lang", "en").output)
    subsidy = next(r for r in english["results"] if r["id"] == "living_subsidy_coverage")
    assert subsidy["reason"] == 'unreadable: 主要指标!D5: "九十" is not a number'


def test_a_unit_that_does_not_fit_is_worded_in_chinese(xinzhou_workbook):
    path = xinzhou_workbook({"困难残疾人生活补贴": "90户"})
    document = json.loads(run("check", path, "--plan", "xinzhou", "--format", "json").output)
    subsidy = next(r for r in document["results"] if r["id"] == "living_subsidy_coverage")
    assert subsidy["reason_params"]["problem_zh"] == "单位“户”与该指标不符（该指标计的是百分比）"


def test_a_batch_error_row_carries_the_error_in_english_and_in_chinese(tmp_path, xinzhou_workbook):
    folder = tmp_path / "in"
    folder.mkdir()
    write_workbook(folder / "good.xlsx", {"主要指标": xinzhou_rows()})
    (folder / "empty.xlsx").write_bytes(b"")
    outcome = run("check", folder, "--plan", "xinzhou", "--format", "json")
    assert outcome.exit_code == 2
    row = next(f for f in json.loads(outcome.output)["files"] if "error" in f)
    assert row["error"] == f"{folder / 'empty.xlsx'}: empty file (0 bytes): nothing to check; was a copy or download interrupted?"
    assert row["error_zh"] == f"{folder / 'empty.xlsx'}: 空文件（0 字节），没有可检查的内容；复制或下载是否中断了？"


# --- help ---------------------------------------------------------------------------------------------


def test_help_is_chinese_by_default_and_english_with_lang_en_first():
    chinese = run("check", "--help").output
    assert chinese.startswith("用法：") and "选项：" in chinese
    assert "报告年份（默认：取自工作簿）。" in chinese and "按规划目标检查工作簿" in chinese
    assert "显示此帮助并退出。" in chinese and "[默认：text]" in chinese
    english = run("check", "--lang", "en", "--help").output
    assert english.startswith("Usage:") and "Reporting year (default: from the workbook)." in english
    assert "Check WORKBOOKS (files, folders or globs) against the targets of a plan." in english


def test_the_list_of_commands_is_chinese():
    output = run("--help").output
    assert "命令：" in output and "按规划目标检查工作簿" in output and "列出可用的规划及其标题和指标数。" in output


def test_every_option_and_command_has_its_chinese_help():
    missing = []
    for name, command in main.commands.items():
        if command.help and name not in COMMAND_HELP_ZH:
            missing.append(name)
        for param in command.params:
            if isinstance(param, click.Option) and param.help and param.help not in HELP_ZH:
                missing.append(f"{name} {param.opts[-1]}: {param.help}")
    assert missing == []


def test_every_command_takes_lang_for_its_messages():
    assert all(any(p.name == "lang" for p in command.params) for command in main.commands.values())


def test_a_mistake_on_the_command_line_is_told_in_chinese_and_in_english_with_lang_en():
    outcome = run("check", "w.xlsx", "--plna", "xinzhou")
    assert outcome.exit_code == 2
    assert outcome.output.startswith("用法： main check [OPTIONS] WORKBOOKS...\n请用 'main check --help' 查看帮助。")
    assert "错误：没有选项 --plna（是否指：'--lang', '--plan'？）" in outcome.output
    assert "错误：'--year' 的值无效：" in run("check", "w.xlsx", "--year", "3000").output
    assert "错误：没有命令 'chek'（是否指 'check'？）" in run("chek").output
    english = run("check", "w.xlsx", "--plna", "xinzhou", "--lang", "en").output
    assert "Error: No such option '--plna'." in english


def test_show_without_a_plan_says_so_in_the_language_asked():
    from click.testing import CliRunner

    from checker.cli import main

    assert CliRunner().invoke(main, ["show"]).output.strip() == "错误：请指定一个规划：checker show --plan xinzhou"
    assert CliRunner().invoke(main, ["show", "--lang", "en"]).output.strip() == "error: name one plan: checker show --plan xinzhou"
