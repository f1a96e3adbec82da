"""The checker.toml of a repository of submissions: found like a linter's, validated with line numbers."""

import glob
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.ci.config import find_config, load_config
from checker.errors import CheckerError, TargetFileError
from tests.conftest import write_workbook, xinzhou_rows

MINIMAL = '[[submissions]]\nplan = "xinzhou"\nfiles = "submissions/*.xlsx"\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(TargetFileError) as caught:
        load_config(path)
    return caught.value.problems


def workbooks(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        write_workbook(root / name, {"主要指标": xinzhou_rows()})


# --- discovery --------------------------------------------------------------------------------------


def test_config_in_the_current_folder_is_found(tmp_path):
    write(tmp_path / "checker.toml", MINIMAL)
    assert find_config(tmp_path).path.resolve() == tmp_path / "checker.toml"


def test_config_in_a_parent_folder_is_found_from_a_sub_folder(tmp_path):
    write(tmp_path / "checker.toml", MINIMAL)
    (tmp_path / "submissions" / "2025").mkdir(parents=True)
    assert find_config(tmp_path / "submissions" / "2025").path.resolve() == tmp_path / "checker.toml"


def test_tool_table_in_pyproject_is_found(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "data"\n\n[tool.plan-checker]\nfail_on_warn = true\n\n' + MINIMAL.replace("[[submissions]]", "[[tool.plan-checker.submissions]]"))
    config = find_config(tmp_path)
    assert config.fail_on_warn is True
    assert [(s.plan_id, s.patterns) for s in config.submissions] == [("xinzhou", ("submissions/*.xlsx",))]


def test_checker_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.plan-checker]\nfail_on_warn = true\n")
    write(tmp_path / "checker.toml", MINIMAL)
    assert find_config(tmp_path).path.name == "checker.toml"


def test_nearest_folder_wins_over_a_parent(tmp_path):
    write(tmp_path / "checker.toml", MINIMAL)
    write(tmp_path / "inner" / "pyproject.toml", "[tool.plan-checker]\nlang = \"en\"\n")
    assert find_config(tmp_path / "inner").lang == "en"


def test_a_pyproject_without_the_tool_table_is_passed_over(tmp_path):
    write(tmp_path / "checker.toml", MINIMAL)
    write(tmp_path / "code" / "pyproject.toml", "[project]\nname = 'other'\n[tool.black]\nline-length = 99\n")
    assert find_config(tmp_path / "code").path.resolve() == tmp_path / "checker.toml"


def test_no_configuration_is_one_error_saying_how_to_write_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["ci"])
    assert outcome.exit_code == 2
    assert "都没有 checker.toml" in outcome.output and "checker init" in outcome.output
    english = CliRunner().invoke(main, ["ci", "--lang", "en"])
    assert "no checker.toml" in english.output and "checker init" in english.output


# --- validation -------------------------------------------------------------------------------------


def test_unknown_top_level_key_is_an_error_with_its_line_and_a_suggestion(tmp_path, monkeypatch):
    write(tmp_path / "checker.toml", "# settings\nlang = \"zh\"\nfail_on_warning = true\n\n" + MINIMAL)
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["ci"])
    assert outcome.exit_code == 2
    assert "checker.toml: 1 个问题：\n  - line 3: unknown top-level key 'fail_on_warning' (did you mean 'fail_on_warn'?)" in outcome.output
    english = CliRunner().invoke(main, ["ci", "--lang", "en"])
    assert "checker.toml: 1 problem(s):\n  - line 3: unknown top-level key 'fail_on_warning' (did you mean 'fail_on_warn'?)" in english.output


def test_unknown_key_in_the_second_submissions_table_names_the_table_and_its_line(tmp_path):
    path = write(tmp_path / "checker.toml", MINIMAL + '\n[[submissions]]\nplan = "qingshan"\nfiles = "q/*.xlsx"\nyears = 2025\n')
    assert problems_of(path) == ["line 8: [[submissions]] #2: unknown key 'years' (did you mean 'year'?)"]


def test_unknown_key_in_pyproject_has_its_line_in_pyproject(tmp_path):
    text = '[project]\nname = "data"\nplans = 1\n\n[tool.plan-checker]\nlang = "zh"\nplans = 2\n'
    path = write(tmp_path / "pyproject.toml", text)
    assert problems_of(path) == ["line 7: unknown top-level key 'plans' (known: fail_on_warn, require_all, lang, jobs, targets, waivers, outputs, submissions)"]


def test_an_unknown_table_is_found_at_its_header(tmp_path):
    path = write(tmp_path / "checker.toml", MINIMAL + '\n[report]\nformat = "junit"\n')
    assert problems_of(path) == ["line 5: unknown top-level key 'report' (known: fail_on_warn, require_all, lang, jobs, targets, waivers, outputs, submissions)"]


def test_a_key_inside_a_multi_line_string_or_array_is_not_taken_for_a_key(tmp_path):
    text = 'outputs = [\n  "reports/{plan}.xml",\n]\nlang = "en"  # lang = "zh"\nnote = """\nfail_on_warn = 1\n"""\n' + MINIMAL
    path = write(tmp_path / "checker.toml", text)
    assert problems_of(path) == ["line 5: unknown top-level key 'note' (known: fail_on_warn, require_all, lang, jobs, targets, waivers, outputs, submissions)"]


def test_every_problem_is_reported_at_once_each_with_its_line(tmp_path):
    text = 'fail_on_warn = "yes"\njobs = 0\nlang = "fr"\n\n[[submissions]]\nplan = ""\nfiles = "a/{year}/*.xlsx"\nyear = 2025\n'
    assert problems_of(write(tmp_path / "checker.toml", text)) == [
        "line 1: fail_on_warn must be true or false",
        "line 3: lang must be one of 'zh', 'en', not 'fr'",
        "line 2: jobs must be a whole number of processes, 1 or more",
        "line 6: [[submissions]] #1: plan must be a plan id, e.g. plan = \"xinzhou\" (see `checker plans`), or left out to infer it",
        "line 8: [[submissions]] #1: give the year either as year = 2025 or as {year} in files, not both",
    ]


def test_an_absolute_pattern_is_refused(tmp_path):
    path = write(tmp_path / "checker.toml", '[[submissions]]\nplan = "xinzhou"\nfiles = "/srv/submissions/*.xlsx"\n')
    assert problems_of(path) == ["line 3: [[submissions]] #1: '/srv/submissions/*.xlsx': files are relative to this file's folder (../ goes up)"]


def test_toml_syntax_error_names_the_file_and_line(tmp_path):
    path = write(tmp_path / "checker.toml", "lang = \n")
    with pytest.raises(CheckerError, match=r"checker.toml: TOML syntax error: .*line 1"):
        load_config(path)


def test_paths_are_relative_to_the_configuration_folder(tmp_path, monkeypatch):
    text = 'targets = "plans/"\nwaivers = "waivers.toml"\noutputs = ["reports/{plan}.xml"]\n' + MINIMAL + 'waivers = "w/xinzhou.toml"\n'
    write(tmp_path / "data" / "checker.toml", text)
    (tmp_path / "data" / "submissions").mkdir()
    monkeypatch.chdir(tmp_path / "data" / "submissions")
    config = find_config(Path.cwd())
    assert (config.targets, config.waivers, config.outputs) == (Path("../plans"), Path("../waivers.toml"), (Path("../reports/{plan}.xml"),))
    assert config.submissions[0].waivers == Path("../w/xinzhou.toml")


# --- command-line overrides -------------------------------------------------------------------------


def test_command_line_values_override_and_absent_ones_keep_the_configuration(tmp_path):
    config = load_config(write(tmp_path / "checker.toml", 'fail_on_warn = true\nlang = "en"\njobs = 3\n' + MINIMAL))
    overridden = config.overridden(fail_on_warn=False, lang=None, jobs=1)
    assert (overridden.fail_on_warn, overridden.lang, overridden.jobs) == (False, "en", 1)


def test_command_line_waivers_replace_the_waivers_of_every_table(tmp_path):
    config = load_config(write(tmp_path / "checker.toml", MINIMAL + 'waivers = "own.toml"\n'))
    overridden = config.overridden(waivers=Path("mine.toml"))
    assert overridden.waivers == Path("mine.toml") and overridden.submissions[0].waivers is None


# --- patterns and years from paths ------------------------------------------------------------------


def rule(tmp_path, files: str, extra: str = ""):
    return load_config(write(tmp_path / "checker.toml", f'[[submissions]]\nplan = "xinzhou"\nfiles = "{files}"\n{extra}')).submissions[0]


def test_year_placeholder_gives_the_reporting_year_of_each_file(tmp_path):
    submissions = rule(tmp_path, "submissions/xinzhou/{year}/*.xlsx")
    found = submissions.match(PurePosixPath("submissions/xinzhou/2024/忻府区.xlsx"))
    assert submissions.year_of(found) == 2024
    assert submissions.match(PurePosixPath("submissions/xinzhou/latest/忻府区.xlsx")) is None


def test_year_placeholder_may_stand_inside_a_file_name(tmp_path):
    submissions = rule(tmp_path, "submissions/*-{year}.xlsx")
    assert submissions.year_of(submissions.match(PurePosixPath("submissions/原平市-2023.xlsx"))) == 2023


def test_a_table_year_applies_to_every_file_and_none_means_the_workbooks_own(tmp_path):
    with_year = rule(tmp_path, "a/*.xlsx", "year = 2023\n")
    assert with_year.year_of(with_year.match(PurePosixPath("a/x.xlsx"))) == 2023
    without = rule(tmp_path, "a/*.xlsx")
    assert without.year_of(without.match(PurePosixPath("a/x.xlsx"))) is None


def test_a_folder_names_every_workbook_below_it(tmp_path):
    submissions = rule(tmp_path, "./submissions/xinzhou/")
    assert submissions.match(PurePosixPath("submissions/xinzhou/2025/a.xlsx"))
    assert not submissions.match(PurePosixPath("submissions/xinzhou-old/a.xlsx"))


@pytest.mark.parametrize("pattern", ["s/*.xlsx", "s/**/*.xlsx", "s/*/*.xls[xm]", "s/**", "s/?/*.xlsx", "**/2025.xlsx", "s/[!a]*.xlsx"])
def test_patterns_name_the_same_files_as_glob_does(tmp_path, pattern):
    workbooks(tmp_path, "s/a.xlsx", "s/b.xlsm", "s/x/2025.xlsx", "s/x/y/2025.xlsx", "s/long/c.xlsm", "t/2025.xlsx")
    expected = sorted(Path(p).relative_to(tmp_path).as_posix() for p in glob.glob(str(tmp_path / pattern), recursive=True) if Path(p).is_file())
    submissions = rule(tmp_path, pattern)
    every_file = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.xls?") if p.is_file())
    assert [name for name in every_file if submissions.match(PurePosixPath(name))] == expected


# --- checker init -----------------------------------------------------------------------------------


def test_init_guesses_plans_from_folder_names_and_years_from_year_folders(tmp_path):
    workbooks(tmp_path, "submissions/xinzhou/2024/忻府区.xlsx", "submissions/xinzhou/2025/忻府区.xlsx", "submissions/qingshan/青山区.xlsx")
    outcome = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    config = load_config(tmp_path / "checker.toml")
    assert [(s.plan_id, s.patterns) for s in config.submissions] == [
        ("qingshan", ("submissions/qingshan/**/*.xlsx",)),
        ("xinzhou", ("submissions/xinzhou/{year}/*.xlsx",)),
    ]
    assert "推测出 2 个 [[submissions]] 表" in outcome.output and "下一步：核对" in outcome.output
    english = CliRunner().invoke(main, ["init", str(tmp_path), "--force", "--lang", "en"]).output
    assert "2 [[submissions]] table(s)" in english and "Next: check the [[submissions]] tables" in english


def test_init_guesses_plans_from_file_names_as_they_are_spelt(tmp_path):
    workbooks(tmp_path, "2025/Xinzhou-原平市.xlsx", "2025/jiangbei_2025.xlsm")
    CliRunner().invoke(main, ["init", str(tmp_path)])
    config = load_config(tmp_path / "checker.toml")
    assert [(s.plan_id, s.patterns) for s in config.submissions] == [("jiangbei", ("{year}/*jiangbei*.xlsm",)), ("xinzhou", ("{year}/*Xinzhou*.xlsx",))]


def test_init_lists_workbooks_with_no_plan_id_and_ignores_hidden_folders(tmp_path):
    workbooks(tmp_path, "xinzhou/a.xlsx", "统计/汇总.xlsx", ".git/xinzhou.xlsx", "xinzhou/~$a.xlsx")
    outcome = CliRunner().invoke(main, ["init", str(tmp_path)])
    text = (tmp_path / "checker.toml").read_text(encoding="utf-8")
    assert "#   统计/汇总.xlsx" in text and ".git" not in text and "~$" not in text
    assert "1 份工作簿的路径中没有规划 id" in outcome.output


def test_init_without_any_plan_id_writes_a_commented_example(tmp_path):
    workbooks(tmp_path, "统计/汇总.xlsx")
    CliRunner().invoke(main, ["init", str(tmp_path)])
    assert load_config(tmp_path / "checker.toml").submissions == ()
    assert "# [[submissions]]" in (tmp_path / "checker.toml").read_text(encoding="utf-8")


def test_init_refuses_to_replace_a_configuration_without_force(tmp_path):
    write(tmp_path / "checker.toml", "# mine\n")
    outcome = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert outcome.exit_code == 2 and "文件已存在；如要替换，请加 --force" in outcome.output
    english = CliRunner().invoke(main, ["init", str(tmp_path), "--lang", "en"])
    assert english.exit_code == 2 and "already exists; give --force" in english.output
    assert (tmp_path / "checker.toml").read_text(encoding="utf-8") == "# mine\n"
    assert CliRunner().invoke(main, ["init", str(tmp_path), "--force"]).exit_code == 0


def test_the_starter_configuration_is_ready_for_checker_ci(tmp_path, monkeypatch):
    workbooks(tmp_path, "submissions/xinzhou/2025/忻府区.xlsx")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    outcome = CliRunner().invoke(main, ["ci", "--jobs", "1"])
    assert outcome.exit_code == 0, outcome.output
    assert "1 份：1 全部达标" in outcome.output
