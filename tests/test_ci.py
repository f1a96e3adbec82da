"""`checker ci` on a repository of submissions with mixed plans, as a pre-commit hook, and the README's CI examples."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import write_workbook, xinzhou_rows

REPOSITORY = Path(__file__).resolve().parents[1]
SAMPLES = REPOSITORY / "samples"

CONFIG = """\
jobs = 1
outputs = ["reports/{plan}.xml", "reports/{plan}.json"]

[[submissions]]
plan = "xinzhou"
files = "submissions/xinzhou/{year}/*.xlsx"

[[submissions]]
plan = "qingshan"
files = "submissions/qingshan/*.xlsx"
"""


def two_years(values=None) -> list[list]:
    """A xinzhou table with a 2024 and a 2025 column: the workbook's own reporting year is 2025."""
    rows = xinzhou_rows(values, header=["序号", "指标", "单位", "2024年实际"])
    return [rows[0] + ["2025年实际"]] + [row + [row[-1]] for row in rows[1:]]


def place(path: Path, sheets: dict | None = None, *, copy_of: Path | None = None, text: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if copy_of:
        shutil.copy(copy_of, path)
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    else:
        write_workbook(path, sheets)


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A data repository: xinzhou by year folder (one failing), qingshan (one broken), one unconfigured file."""
    root = tmp_path / "data"
    place(root / "submissions/xinzhou/2024/忻府区.xlsx", {"主要指标": two_years()})
    place(root / "submissions/xinzhou/2025/忻府区.xlsx", {"主要指标": xinzhou_rows()})
    place(root / "submissions/xinzhou/2025/原平市.xlsx", {"主要指标": xinzhou_rows({"困难残疾人生活补贴": 90})})
    place(root / "submissions/qingshan/青山区.xlsx", copy_of=SAMPLES / "qingshan-2025.xlsx")
    place(root / "submissions/qingshan/损坏.xlsx", text="not a workbook")
    place(root / "notes/汇总.xlsx", {"主要指标": xinzhou_rows()})
    (root / "checker.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def ci(*args):
    return CliRunner().invoke(main, ["ci", *map(str, args)])


def files_of(document: dict) -> dict[str, list[str]]:
    return {section["plan"]: [file["file"] for file in section["files"]] for section in document["plans"]}


# --- a full run -------------------------------------------------------------------------------------


def test_every_configured_workbook_is_checked_against_the_plan_of_its_table(repository):
    outcome = ci("--format", "json")
    document = json.loads(outcome.output)
    assert document["kind"] == "ci" and document["config"] == "checker.toml"
    assert files_of(document) == {
        "xinzhou": ["submissions/xinzhou/2024/忻府区.xlsx", "submissions/xinzhou/2025/原平市.xlsx", "submissions/xinzhou/2025/忻府区.xlsx"],
        "qingshan": ["submissions/qingshan/损坏.xlsx", "submissions/qingshan/青山区.xlsx"],
    }
    assert document["summary"] == {"files": 5, "errors": 1, "failed": 1, "warned": 0, "passed": 3, "skipped": 0}


def test_an_unreadable_workbook_is_an_error_row_the_others_are_checked_and_the_exit_code_is_2(repository):
    outcome = ci()
    assert outcome.exit_code == 2
    assert "⊗ 无法检查: submissions/qingshan/损坏.xlsx: 不是可读取的 .xlsx 工作簿" in outcome.output
    assert "2 份：1 全部达标，0 有预警，0 有未达标，1 无法检查" in outcome.output  # qingshan


def test_the_text_report_has_a_matrix_per_plan_and_a_total(repository):
    output = ci().output
    assert output.index("忻州市“十四五”残疾人保障和发展规划") < output.index("青山区“十四五”残疾人事业发展规划")
    assert output.rstrip().endswith("合计（2 个规划）：5 份：3 全部达标，0 有预警，1 有未达标，1 无法检查")


def test_a_failing_workbook_gives_exit_code_1_when_none_is_unreadable(repository):
    (repository / "submissions/qingshan/损坏.xlsx").unlink()
    assert ci().exit_code == 1


def test_all_passing_gives_exit_code_0(repository):
    (repository / "submissions/qingshan/损坏.xlsx").unlink()
    (repository / "submissions/xinzhou/2025/原平市.xlsx").unlink()
    assert ci().exit_code == 0


def test_the_year_folder_in_the_path_is_the_reporting_year(repository):
    document = json.loads(ci("--format", "json").output)
    years = {file["file"]: file["year"] for section in document["plans"] for file in section["files"] if "year" in file}
    assert years["submissions/xinzhou/2024/忻府区.xlsx"] == 2024  # the workbook alone would be judged for 2025
    assert years["submissions/xinzhou/2025/忻府区.xlsx"] == 2025


def test_year_on_the_command_line_overrides_the_path(repository):
    document = json.loads(ci("--format", "json", "--year", "2025").output)
    assert document["plans"][0]["files"][0]["year"] == 2025


def test_each_workbook_gets_the_results_check_gives_it_alone(repository):
    document = json.loads(ci("--format", "json").output)
    for section in document["plans"]:
        for file in section["files"]:
            year = ["--year", str(file["year"])] if "year" in file else []
            alone = CliRunner().invoke(main, ["check", file["file"], "--plan", section["plan"], "--format", "json", *year])
            if "error" in file:
                assert alone.exit_code == 2
            else:
                assert json.loads(alone.output)["results"] == file["results"]


def test_fail_on_warn_comes_from_the_configuration_and_the_command_line_overrides_it(repository):
    for path in (repository / "submissions").rglob("*.xlsx"):
        path.unlink()
    place(repository / "submissions/xinzhou/2025/定襄县.xlsx", {"主要指标": xinzhou_rows({"残疾人城乡居民基本养老保险": 85})})
    place(repository / "submissions/qingshan/青山区.xlsx", copy_of=SAMPLES / "qingshan-2025.xlsx")
    (repository / "checker.toml").write_text("fail_on_warn = true\n" + CONFIG, encoding="utf-8")
    assert ci().exit_code == 1
    assert ci("--no-fail-on-warn").exit_code == 0


def test_language_comes_from_the_configuration_and_the_command_line_overrides_it(repository):
    (repository / "checker.toml").write_text('lang = "en"\n' + CONFIG, encoding="utf-8")
    assert "Total (2 plans): 5 files" in ci().output
    assert "合计（2 个规划）" in ci("--lang", "zh").output


def test_from_a_sub_folder_every_configured_workbook_is_checked_and_named_from_there(repository, monkeypatch):
    monkeypatch.chdir(repository / "submissions")
    document = json.loads(ci("--format", "json").output)
    assert files_of(document)["qingshan"] == ["../submissions/qingshan/损坏.xlsx", "../submissions/qingshan/青山区.xlsx"]
    assert document["config"] == "../checker.toml"


def test_config_option_names_the_file_and_its_paths_stay_relative_to_its_folder(repository):
    (repository / "settings").mkdir()
    (repository / "checker.toml").rename(repository / "settings/ci.toml")
    (repository / "settings/ci.toml").write_text(CONFIG.replace('"submissions/', '"../submissions/').replace('"reports/', '"../reports/'), encoding="utf-8")
    document = json.loads(ci("--config", "settings/ci.toml", "--format", "json").output)
    assert document["config"] == "settings/ci.toml"
    assert files_of(document)["qingshan"] == ["submissions/qingshan/损坏.xlsx", "submissions/qingshan/青山区.xlsx"]
    assert (repository / "reports/xinzhou.xml").is_file()


# --- configuration mistakes -------------------------------------------------------------------------


def test_an_unknown_plan_in_the_configuration_is_one_error_with_its_line(repository):
    (repository / "checker.toml").write_text(CONFIG.replace('"qingshan"', '"qinshan"'), encoding="utf-8")
    outcome = ci()
    assert outcome.exit_code == 2
    assert outcome.output.startswith("错误：checker.toml: line 8: [[submissions]] #2 (qinshan)：未知的规划 'qinshan'（是否指 qingshan？")
    english = ci("--lang", "en")
    assert english.output.startswith("error: checker.toml: line 8: [[submissions]] #2 (qinshan): unknown plan 'qinshan' (did you mean qingshan?")
    assert not (repository / "reports").exists() or not any((repository / "reports").iterdir())


def test_a_table_that_matches_no_workbook_is_an_error_with_its_line(repository):
    (repository / "checker.toml").write_text(CONFIG.replace("submissions/qingshan/*.xlsx", "submission/qingshan/*.xlsx"), encoding="utf-8")
    outcome = ci()
    assert outcome.exit_code == 2
    assert "checker.toml: line 8: [[submissions]] #2 (qingshan)：没有与 'submission/qingshan/*.xlsx' 相符的 .xlsx/.xlsm 工作簿" in outcome.output
    english = ci("--lang", "en").output
    assert "checker.toml: line 8: [[submissions]] #2 (qingshan): no .xlsx/.xlsm workbook matches 'submission/qingshan/*.xlsx'" in english


def test_the_first_table_that_names_a_workbook_decides_its_plan(repository):
    config = '[[submissions]]\nplan = "qingshan"\nfiles = "submissions/qingshan/青山区.xlsx"\n\n[[submissions]]\nplan = "xinzhou"\nfiles = "submissions/**/*.xlsx"\n'
    (repository / "checker.toml").write_text("jobs = 1\n" + config, encoding="utf-8")
    document = json.loads(ci("--format", "json").output)
    assert files_of(document)["qingshan"] == ["submissions/qingshan/青山区.xlsx"]
    assert "submissions/qingshan/青山区.xlsx" not in files_of(document)["xinzhou"]


# --- outputs ----------------------------------------------------------------------------------------


def test_configured_outputs_are_written_once_per_plan_into_a_folder_made_for_them(repository):
    ci()
    xinzhou = ElementTree.parse(repository / "reports/xinzhou.xml").getroot()
    assert [suite.get("name") for suite in xinzhou] == [
        "submissions/xinzhou/2024/忻府区.xlsx", "submissions/xinzhou/2025/原平市.xlsx", "submissions/xinzhou/2025/忻府区.xlsx",
    ]
    assert xinzhou.get("failures") == "1"
    qingshan = ElementTree.parse(repository / "reports/qingshan.xml").getroot()
    assert qingshan.get("errors") == "1" and qingshan.find("testsuite/testcase/error") is not None
    assert json.loads((repository / "reports/qingshan.json").read_text(encoding="utf-8"))["kind"] == "batch"


def test_configured_outputs_are_replaced_by_the_next_run(repository):
    ci()
    (repository / "reports/xinzhou.json").write_text("last year's", encoding="utf-8")
    assert ci().exit_code == 2  # the broken workbook, not the existing report
    assert json.loads((repository / "reports/xinzhou.json").read_text(encoding="utf-8"))["plan"] == "xinzhou"


def test_an_output_without_plan_in_its_name_is_refused_before_the_work_when_plans_are_mixed(repository):
    (repository / "checker.toml").write_text(CONFIG.replace("reports/{plan}.xml", "reports/all.xml"), encoding="utf-8")
    outcome = ci()
    assert outcome.exit_code == 2
    assert "reports/all.xml: 一个文件装不下 2 个规划（xinzhou、qingshan）的报告：请在文件名中加入 {plan}，如 reports/{plan}.xml" in outcome.output
    english = ci("--lang", "en").output
    assert "reports/all.xml: one file cannot hold the reports of 2 plans (xinzhou, qingshan): put {plan} in its name, e.g. reports/{plan}.xml" in english
    assert list((repository / "reports").iterdir()) == []


def test_command_line_outputs_replace_the_configured_ones(repository):
    (repository / "out").mkdir()
    ci("--output", "out/{plan}.txt")
    assert sorted(p.name for p in (repository / "out").iterdir()) == ["qingshan.txt", "xinzhou.txt"]
    assert "1 有未达标" in (repository / "out/xinzhou.txt").read_text(encoding="utf-8")
    assert not (repository / "reports").exists()


def test_github_format_annotates_the_workbooks_of_every_plan(repository):
    output = ci("--format", "github").output
    assert "::error file=submissions/xinzhou/2025/原平市.xlsx,title=✘ 未达标%3A 困难残疾人生活补贴覆盖率::90%25 未达到 ≥100%25 [主要指标!D5]" in output
    assert "::error file=submissions/qingshan/损坏.xlsx,title=⊗ 无法检查::不是可读取的 .xlsx 工作簿" in output


def test_junit_on_stdout_for_several_plans_is_refused_with_a_hint(repository):
    outcome = ci("--format", "junit")
    assert outcome.exit_code == 2
    assert "--format junit 只能显示一个规划，而这次运行涉及 2 个规划：请用 --output 'reports/{plan}.xml' 每个规划写一份报告" in outcome.output
    english = ci("--format", "junit", "--lang", "en").output
    assert "--format junit shows one plan and this run covers 2: write one report per plan with --output 'reports/{plan}.xml'" in english


# --- the pre-commit hook ----------------------------------------------------------------------------


def hook() -> dict:
    (definition,) = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return definition


def run_hook(files: list[str]):
    """What pre-commit does: the hook's entry with the staged file names appended, from the repository's top."""
    program, *arguments = shlex.split(hook()["entry"])
    scripts = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts[program] == "checker.cli:main"
    return CliRunner().invoke(main, [*arguments, *files])


def test_the_hook_runs_checker_ci_on_the_workbooks_of_a_commit():
    definition = hook()
    assert (definition["id"], definition["entry"], definition["language"], definition["pass_filenames"]) == ("plan-checker", "checker ci", "python", True)
    selects = re.compile(definition["files"])
    assert [name for name in ("a.xlsx", "b/原平市.XLSM", "c.xls", "d.xlsx.bak", "e.txt") if selects.search(name)] == ["a.xlsx", "b/原平市.XLSM"]


def test_the_hook_checks_only_the_files_it_is_given(repository):
    outcome = run_hook(["submissions/xinzhou/2025/原平市.xlsx"])
    assert outcome.exit_code == 1  # the broken qingshan workbook is not part of this commit
    assert "1 份：0 全部达标，0 有预警，1 有未达标，0 无法检查" in outcome.output
    assert "青山区" not in outcome.output


def test_the_hook_skips_a_file_no_table_names_with_a_note(repository):
    outcome = run_hook(["notes/汇总.xlsx", "submissions/xinzhou/2025/忻府区.xlsx"])
    assert outcome.exit_code == 0
    assert "未检查 notes/汇总.xlsx：checker.toml 中没有 [[submissions]] 表包含此文件" in outcome.output


def test_the_hook_writes_no_configured_outputs(repository):
    run_hook(["submissions/xinzhou/2025/忻府区.xlsx"])
    assert not (repository / "reports").exists()


def test_the_hook_takes_the_year_from_the_path_of_a_file_it_is_given(repository):
    outcome = CliRunner().invoke(main, ["ci", "--format", "json", "submissions/xinzhou/2024/忻府区.xlsx"])
    assert json.loads(outcome.output)["plans"][0]["files"][0]["year"] == 2024


# --- the README's examples, run as far as they can run here -----------------------------------------


def readme_blocks() -> list[tuple[str, str]]:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Checking a repository of submissions in CI"):text.index("## Layout")]
    return re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)


def readme_block(kind: str, containing: str) -> str:
    (block,) = [body for language, body in readme_blocks() if language == kind and containing in body]
    return block


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory):
    """The README's walkthrough, run once by bash with this checker on the PATH: its folder and what it printed."""
    folder = tmp_path_factory.mktemp("walkthrough")
    (folder / "samples").symlink_to(SAMPLES)
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    script = readme_block("", "checker init")
    done = subprocess.run(["bash", "-e", "-c", script], cwd=folder, env=environment, capture_output=True, text=True, encoding="utf-8")
    return folder / "demo", done


@pytest.fixture
def readme_demo(walkthrough, tmp_path, monkeypatch):
    """A copy of the walkthrough's folder of submissions, as the current folder."""
    demo = tmp_path / "demo"
    shutil.copytree(walkthrough[0], demo, ignore=shutil.ignore_patterns("reports", "checker.toml"))
    monkeypatch.chdir(demo)
    return demo


def test_the_readme_walkthrough_prints_what_the_readme_shows(walkthrough):
    _, done = walkthrough
    assert done.returncode == 1, done.stderr
    printed = done.stdout.splitlines()
    position = 0
    for line in readme_block("", "合计（").splitlines():
        if line.strip() and line != "…":  # "…" stands for lines left out
            position = printed.index(line, position) + 1


def test_the_readme_configuration_error_is_what_the_checker_says(readme_demo):
    demo = readme_demo
    example = readme_block("toml", "[[submissions]]")
    (demo / "checker.toml").write_text(example.replace("fail_on_warn =", "fail_on_warning ="), encoding="utf-8")
    assert ci().output == readme_block("", "错误：checker.toml")


def test_the_readme_github_workflow_runs_checker_steps_that_annotate_and_write_its_artefact(readme_demo):
    demo = readme_demo
    (demo / "checker.toml").write_text(readme_block("toml", "[[submissions]]"), encoding="utf-8")
    workflow = yaml.safe_load(readme_block("yaml", "runs-on"))
    steps = workflow["jobs"]["check"]["steps"]
    commands = [step["run"] for step in steps if step.get("run", "").startswith("checker ")]
    assert commands == ["checker ci --format github"]
    outcome = CliRunner().invoke(main, shlex.split(commands[0])[1:])
    assert outcome.exit_code == 1
    assert "::error file=submissions/xinzhou/2025/原平市.xlsx" in outcome.output
    (artefact,) = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact")]
    assert artefact["if"] == "always()"  # the reports matter most when the check fails
    written = sorted(p.relative_to(demo).as_posix() for p in (demo / artefact["with"]["path"]).iterdir())
    assert written == ["reports/qingshan.txt", "reports/qingshan.xml", "reports/xinzhou.txt", "reports/xinzhou.xml"]
    assert set(workflow[True]) == {"push", "pull_request"}  # YAML 1.1 reads the key `on` as true


def test_the_readme_gitlab_job_collects_the_junit_reports_the_configuration_writes(readme_demo):
    demo = readme_demo
    (demo / "checker.toml").write_text(readme_block("toml", "[[submissions]]"), encoding="utf-8")
    job = yaml.safe_load(readme_block("yaml", "artifacts"))["check-submissions"]
    (command,) = [line for line in job["script"] if line.startswith("checker ")]
    assert CliRunner().invoke(main, shlex.split(command)[1:]).exit_code == 1
    assert job["artifacts"]["when"] == "always"
    reports = sorted(p.name for p in demo.glob(job["artifacts"]["reports"]["junit"]))
    assert reports == ["qingshan.xml", "xinzhou.xml"]
    for report in reports:
        assert ElementTree.parse(demo / "reports" / report).getroot().tag == "testsuites"


def test_the_readme_pre_commit_configuration_names_this_hook():
    configuration = yaml.safe_load(readme_block("yaml", "repos:"))
    assert [h["id"] for h in configuration["repos"][0]["hooks"]] == [hook()["id"]]


def test_the_readme_cron_line_is_a_schedule_and_a_command_that_works(readme_demo):
    demo = readme_demo
    (demo / "checker.toml").write_text(readme_block("toml", "[[submissions]]"), encoding="utf-8")
    (line,) = readme_block("", "* * *").strip().splitlines()
    minute, hour, day, month, weekday, command = line.split(maxsplit=5)
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24 and (day, month, weekday) == ("*", "*", "*")
    folder, checker = re.fullmatch(r"cd (\S+) && (\S+) ci .*", command).groups()
    local = command.replace(folder, shlex.quote(str(demo))).replace(checker, shlex.quote(str(Path(sys.executable).parent / "checker")))
    done = subprocess.run(["bash", "-c", local], capture_output=True, text=True)
    assert done.returncode == 1
    report = (demo / "checker-report.txt").read_text(encoding="utf-8")
    assert "合计（2 个规划）：3 份：2 全部达标，0 有预警，1 有未达标，0 无法检查" in report
    assert (demo / "reports/xinzhou.xml").is_file()


def test_configured_xlsx_output_gets_the_consolidated_workbook_per_plan(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    root = tmp_path / "repo"
    root.mkdir()
    place(root / "submissions/xinzhou/2025/忻府区.xlsx", {"主要指标": xinzhou_rows()})
    (root / "checker.toml").write_text(
        'outputs = ["reports/{plan}.xlsx"]\n\n[[submissions]]\nplan = "xinzhou"\nfiles = "submissions/xinzhou/{year}/*.xlsx"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    outcome = CliRunner().invoke(main, ["ci", "--jobs", "1"])
    assert outcome.exit_code == 0, outcome.output
    assert load_workbook(root / "reports" / "xinzhou.xlsx").sheetnames == ["汇总", "明细"]
