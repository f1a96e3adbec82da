"""The defects the code review of issue 20 reproduced, each as a user meets it."""

import json

from click.testing import CliRunner

from checker.cli import main
from checker.reading.values import read_value, round_shown
from conftest import write_workbook, xinzhou_rows


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
