"""The defects the code review of issue 20 reproduced, each as a user meets it."""

import json
import re

import pytest

from click.testing import CliRunner

from checker.cli import main
from checker.errors import TargetFileError
from checker.reading.values import read_value, round_shown
from tests.conftest import write_workbook, xinzhou_rows


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_percent_cell_rounds_half_up_as_excel_shows_it():
    assert round_shown(read_value(0.845, "percent", number_format="0%")) == 85
    assert round_shown(read_value(0.285, "percent", number_format="0%")) == 29


def test_a_two_decimal_cell_rounds_half_up_as_excel_shows_it():
    assert round_shown(read_value(0.125, "count", number_format="0.00")) == 0.13
    assert round_shown(read_value(-0.125, "count", number_format="0.00")) == -0.13


def test_rehabilitation_shown_as_85_percent_passes_the_85_percent_target(tmp_path):
    rows = xinzhou_rows({"符合条件且有需求的残疾儿童和持证残疾人基本康复服务": 0.845})
    row = next(i for i, r in enumerate(rows, start=1) if str(r[1]).startswith("符合条件且有需求的残疾儿童和持证残疾人基本康复服务"))
    path = write_workbook(tmp_path / "x.xlsx", {"主要指标": rows}, formats={("主要指标", f"D{row}"): "0%"})
    outcome = run("check", path, "--plan", "xinzhou", "--format", "json")
    result = next(r for r in json.loads(outcome.output)["results"] if r["id"] == "rehab_coverage")
    assert (result["value"], result["status"]) == (85, "pass")
    assert outcome.exit_code == 0


def test_markup_like_cell_text_is_shown_as_written(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", {"data": xinzhou_rows({"困难残疾人生活补贴": "90[/]"})})
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 1  # the binding subsidy row is unreadable: a failure, not an internal error
    assert "90[/]" in outcome.output
    assert "[data!D5]" in outcome.output


def test_init_in_a_folder_with_a_quote_in_its_name_writes_a_configuration_ci_accepts(tmp_path, monkeypatch):
    folder = tmp_path / 'sub"q'
    (folder / "xinzhou").mkdir(parents=True)
    write_workbook(folder / "xinzhou" / "忻府区.xlsx", {"主要指标": xinzhou_rows()})
    monkeypatch.chdir(tmp_path)
    assert run("init", folder).exit_code == 0
    monkeypatch.chdir(folder)
    outcome = run("ci", "--format", "json")
    assert outcome.exit_code == 0, outcome.output
    assert [f["file"] for f in json.loads(outcome.output)["plans"][0]["files"]] == ["xinzhou/忻府区.xlsx"]


def test_a_file_in_a_hidden_folder_is_skipped_by_name_as_by_the_full_run(tmp_path, monkeypatch):
    for folder in ("subs/2025", "subs/.old"):
        (tmp_path / folder).mkdir(parents=True)
        write_workbook(tmp_path / folder / "忻府区.xlsx", {"主要指标": xinzhou_rows()})
    (tmp_path / "checker.toml").write_text('[[submissions]]\nplan = "xinzhou"\nfiles = "subs/**/*.xlsx"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    full = json.loads(run("ci", "--format", "json").output)
    assert [f["file"] for f in full["plans"][0]["files"]] == ["subs/2025/忻府区.xlsx"]
    by_name = json.loads(run("ci", "subs/.old/忻府区.xlsx", "--format", "json").output)
    assert by_name["plans"] == [] and [s["file"] for s in by_name["skipped"]] == ["subs/.old/忻府区.xlsx"]


def test_a_day_the_calendar_lacks_is_not_taken_as_the_issue_date(tmp_path):
    from checker.drafting.details import read_details
    from checker.drafting.document import read_document

    document = tmp_path / "plan.txt"
    document.write_text("松坪区“十四五”残疾人事业发展规划\n成文日期：2021年2月30日\n", encoding="utf-8")
    assert read_details(read_document(document)).issued is None
    document.write_text("松坪区“十四五”残疾人事业发展规划\n成文日期：2021年2月28日\n", encoding="utf-8")
    assert read_details(read_document(document)).issued == "2021-02-28"


def test_a_target_file_may_write_its_issue_date_as_a_toml_date(tmp_path):
    from checker.plans.loading import load_plan, plan_files

    text = plan_files()["xinzhou"].read_text(encoding="utf-8")
    assert 'issued = "' in text
    for written, problem in (("2021-11-30", None), ('"2021-11-30"', None), ('"2021-02-30"', "must be a date")):
        path = tmp_path / "xinzhou.toml"
        path.write_text(re.sub(r'issued = "[^"]*"', f"issued = {written}", text), encoding="utf-8")
        if problem is None:
            assert load_plan(path).issued == "2021-11-30"
        else:
            with pytest.raises(TargetFileError, match=problem):
                load_plan(path)


def test_two_different_values_for_one_indicator_name_the_workbook(tmp_path):
    rows = xinzhou_rows()
    rows.append([12, "困难残疾人生活补贴覆盖率（%）", "", 95])
    path = write_workbook(tmp_path / "twice.xlsx", {"主要指标": rows})
    outcome = run("check", path, "--plan", "xinzhou")
    assert outcome.exit_code == 2
    assert str(path) in outcome.output and "主要指标!D14 = 95" in outcome.output


def test_markdown_shows_ampersands_tildes_and_dollars_as_written(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", {"主要指标": xinzhou_rows() + [[13, "A&B ~~删除~~ $x$ 说明", "", 1]]})
    markdown = run("check", path, "--plan", "xinzhou", "--format", "markdown").output
    assert r"A\&B \~\~删除\~\~ \$x\$ 说明" in markdown
