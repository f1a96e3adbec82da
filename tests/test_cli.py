import json

from click.testing import CliRunner

from checker.judging import evaluate as evaluate_module
from checker.cli import check_command, main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_passing_workbook_exits_0_with_a_summary_line(xinzhou_workbook):
    outcome = run("check", xinzhou_workbook(), "--plan", "xinzhou")
    assert outcome.exit_code == 0
    assert "11 项已检查：11 达标，0 预警，0 未达标，21 未填报" in outcome.output
    assert "✔ 达标" in outcome.output


def test_the_check_script_is_the_same_command(xinzhou_workbook):
    outcome = CliRunner().invoke(check_command, [str(xinzhou_workbook()), "--plan", "xinzhou", "--lang", "en"])
    assert outcome.exit_code == 0
    assert "11 checked: 11 pass, 0 warn, 0 fail, 21 not reported" in outcome.output


def test_binding_failure_exits_1(xinzhou_workbook):
    outcome = run("check", xinzhou_workbook({"困难残疾人生活补贴": 90}), "--plan", "xinzhou")
    assert outcome.exit_code == 1
    assert "✘ 未达标" in outcome.output


def test_warnings_exit_0_unless_fail_on_warn(xinzhou_workbook):
    path = xinzhou_workbook({"残疾人城乡居民基本养老保险": 80})
    assert run("check", path, "--plan", "xinzhou").exit_code == 0
    assert run("check", path, "--plan", "xinzhou", "--fail-on-warn").exit_code == 1


def test_json_output_has_the_documented_shape(xinzhou_workbook):
    path = xinzhou_workbook({"符合条件且有需求的残疾儿童和持证残疾人基本康复服务": 86})
    outcome = run("check", path, "--plan", "xinzhou", "--format", "json")
    document = json.loads(outcome.output)
    assert {"plan", "year", "file", "summary", "results", "unmatched_rows"} <= set(document)
    assert (document["plan"], document["year"], document["file"]) == ("xinzhou", 2025, str(path))
    assert document["summary"] == {"pass": 11, "warn": 0, "fail": 0, "not_reported": 21, "info": 0, "waived": 0, "total": 32}
    rehab = next(r for r in document["results"] if r["id"] == "rehab_coverage")
    assert {k: rehab[k] for k in ("attribute", "operator", "target", "unit", "value", "cell", "status")} == {
        "attribute": "binding", "operator": ">=", "target": 85, "unit": "percent", "value": 86, "cell": "主要指标!D10", "status": "pass",
    }
    assert rehab["name"] == "符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率"
    assert rehab["reason"]


def test_exit_code_does_not_depend_on_the_format(xinzhou_workbook):
    path = xinzhou_workbook({"困难残疾人生活补贴": 90})
    assert {run("check", path, "--plan", "xinzhou", "--format", f).exit_code for f in ("text", "json")} == {1}


def test_missing_workbook_exits_2_with_one_line_and_no_traceback(tmp_path):
    outcome = run("check", tmp_path / "none.xlsx", "--plan", "xinzhou")
    assert outcome.exit_code == 2
    assert outcome.output.strip() == f"错误：{tmp_path / 'none.xlsx'}: 找不到文件"
    english = run("check", tmp_path / "none.xlsx", "--plan", "xinzhou", "--lang", "en")
    assert english.exit_code == 2
    assert english.output.strip() == f"error: {tmp_path / 'none.xlsx'}: file not found"


def test_unknown_plan_exits_2(xinzhou_workbook):
    outcome = run("check", xinzhou_workbook(), "--plan", "atlantis")
    assert outcome.exit_code == 2 and "未知的规划 'atlantis'" in outcome.output
    english = run("check", xinzhou_workbook(), "--plan", "atlantis", "--lang", "en")
    assert english.exit_code == 2 and "unknown plan 'atlantis'" in english.output


def test_no_year_exits_2_saying_how_to_give_it(tmp_path):
    from tests.conftest import write_workbook

    path = write_workbook(tmp_path / "u.xlsx", {"S": [["指标", "实际值"], ["困难残疾人生活补贴覆盖率", 100]]})
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2 and "请用 --year 2025 指定" in outcome.output
    assert "give --year 2025" in run("check", path, "--plan", "xinzhou", "--lang", "en").output
    assert run("check", path, "--plan", "xinzhou", "--year", "2025").exit_code == 1  # other main rows missing


def test_bad_target_file_exits_2_listing_problems(tmp_path, xinzhou_workbook):
    bad = tmp_path / "bad.toml"
    bad.write_text('[plan]\nid = "bad"\n', encoding="utf-8")
    outcome = run("check", xinzhou_workbook(), "--plan", "bad", "--targets", bad)
    assert outcome.exit_code == 2
    assert "missing field 'title'" in outcome.output and "no [[indicator]] entries" in outcome.output


def test_internal_error_exits_3_with_a_hint_and_debug_shows_traceback(xinzhou_workbook, monkeypatch):
    def explode(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(evaluate_module, "evaluate", explode)
    outcome = run("check", xinzhou_workbook(), "--plan", "xinzhou")
    assert outcome.exit_code == 3
    assert "内部错误：ZeroDivisionError: boom。请报告此问题；--debug 可显示调用栈。" in outcome.output
    english = run("check", xinzhou_workbook(), "--plan", "xinzhou", "--lang", "en")
    assert "internal error: ZeroDivisionError: boom. Please report it; --debug shows the traceback." in english.output
    debug = run("check", xinzhou_workbook(), "--plan", "xinzhou", "--debug")
    assert isinstance(debug.exception, ZeroDivisionError)


def test_plans_lists_every_plan_with_counts():
    outcome = run("plans")
    assert outcome.exit_code == 0
    assert "xinzhou    忻州市“十四五”残疾人保障和发展规划  （32 项指标：约束性 6，预期性 26；主要指标 11）" in outcome.output
    assert len(outcome.output.strip().splitlines()) == 5
    english = run("plans", "--lang", "en")
    assert "(32 indicators: 6 binding, 26 expected; 11 main)" in english.output


def test_show_lists_indicators_with_their_source_quotes():
    outcome = run("show", "xinzhou")
    assert outcome.exit_code == 0
    assert "rehab_coverage" in outcome.output and "≥85%" in outcome.output
    assert "专栏1" in outcome.output


def test_lint_passes_shipped_plans_and_fails_a_broken_file(tmp_path):
    assert run("lint").exit_code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[plan\n", encoding="utf-8")
    outcome = run("lint", bad)
    assert outcome.exit_code == 2 and "TOML 语法错误" in outcome.output
    assert "TOML syntax error" in run("lint", bad, "--lang", "en").output


def test_output_files_take_their_format_from_the_extension(xinzhou_workbook, tmp_path):
    path = xinzhou_workbook()
    outcome = run("check", path, "--plan", "xinzhou", "--output", tmp_path / "r.json", "--output", tmp_path / "r.txt")
    assert outcome.exit_code == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["pass"] == 11
    assert "11 项已检查" in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_output_never_overwrites_the_input(xinzhou_workbook):
    path = xinzhou_workbook()
    before = path.read_bytes()
    outcome = run("check", path, "--plan", "xinzhou", "--output", path)
    assert outcome.exit_code == 2 and "不会覆盖输入文件" in outcome.output
    english = run("check", path, "--plan", "xinzhou", "--output", path, "--lang", "en")
    assert english.exit_code == 2 and "refusing to overwrite an input file" in english.output
    assert path.read_bytes() == before


def test_output_with_unknown_extension_is_refused_before_checking(xinzhou_workbook, tmp_path):
    outcome = run("check", xinzhou_workbook(), "--plan", "xinzhou", "--output", tmp_path / "r.docx")
    assert outcome.exit_code == 2 and "无法从扩展名判断格式" in outcome.output
    english = run("check", xinzhou_workbook(), "--plan", "xinzhou", "--output", tmp_path / "r.docx", "--lang", "en")
    assert english.exit_code == 2 and "cannot tell the format from the extension" in english.output
