from pathlib import Path

import pytest

from checker.errors import CheckerError, TargetFileError
from checker.plans.loading import find_plan, load_catalogue, load_plan, missing_quotes, plan_files
from tests.conftest import SEEDS, SHIPPED_PLANS

PLANS = list(SHIPPED_PLANS)

GOOD_PLAN = """
[plan]
id = "{id}"
title = "测试规划"
title_en = "Test plan"
issuer = "测试办公室"
period = [2021, 2025]
baseline_year = 2020
source = "none.txt"
"""

GOOD_INDICATOR = """
[[indicator]]
id = "rehab_coverage"
name = "残疾人基本康复服务覆盖率"
name_en = "Rehab coverage"
unit = "percent"
attribute = "binding"
attribute_basis = "stated"
operator = ">="
target = 85
tier = "main"
section = "专栏1"
quote = "残疾人基本康复服务覆盖率 85 约束性"
trajectory = "maintain"
"""


def write_plan(tmp_path, body, plan_id="mine"):
    path = tmp_path / f"{plan_id}.toml"
    path.write_text(GOOD_PLAN.format(id=plan_id) + body, encoding="utf-8")
    return path


def test_all_five_plans_are_shipped_and_valid():
    assert set(PLANS) <= set(plan_files())
    for plan_id in PLANS:
        assert find_plan(plan_id).indicators


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.parametrize("plan_id", PLANS)
def test_every_quote_appears_verbatim_in_its_seed(plan_id):
    assert missing_quotes(find_plan(plan_id), SEEDS) == []


def test_every_indicator_id_is_in_the_catalogue():
    catalogue = load_catalogue()
    for plan_id in PLANS:
        assert {i.id for i in find_plan(plan_id).indicators} <= set(catalogue.indicators)


def test_a_valid_file_of_your_own_loads(tmp_path):
    plan = load_plan(write_plan(tmp_path, GOOD_INDICATOR))
    assert plan.indicator("rehab_coverage").target == 85.0


def test_every_problem_is_reported_at_once_with_the_indicator_id(tmp_path):
    broken = GOOD_INDICATOR.replace('operator = ">="', 'operator = "≥"').replace("target = 85", "target = 185")
    missing_target = GOOD_INDICATOR.replace("target = 85\n", "").replace('id = "rehab_coverage"', 'id = "living_subsidy_coverage"').replace("康复服务", "生活补贴")
    duplicate = GOOD_INDICATOR.replace("名", "名")
    path = write_plan(tmp_path, broken + missing_target + duplicate + 'colour = "red"\n')
    with pytest.raises(TargetFileError) as error:
        load_plan(path)
    problems = "\n".join(error.value.problems)
    assert "indicator #1 (rehab_coverage): unknown operator '≥'" in problems
    assert "indicator #2 (living_subsidy_coverage): missing field 'target'" in problems
    assert "indicator #3 (rehab_coverage): duplicate id, also indicator #1" in problems
    assert "indicator #3 (rehab_coverage): unknown field 'colour'" in problems
    assert str(path) in str(error.value)


def test_percent_target_over_100_is_refused(tmp_path):
    with pytest.raises(TargetFileError, match="outside 0–100"):
        load_plan(write_plan(tmp_path, GOOD_INDICATOR.replace("target = 85", "target = 185")))


def test_id_missing_from_catalogue_is_refused(tmp_path):
    with pytest.raises(TargetFileError, match="not in catalogue.toml"):
        load_plan(write_plan(tmp_path, GOOD_INDICATOR.replace('id = "rehab_coverage"', 'id = "made_up"')))


def test_inferred_attribute_needs_a_reason(tmp_path):
    with pytest.raises(TargetFileError, match="needs an attribute_reason"):
        load_plan(write_plan(tmp_path, GOOD_INDICATOR.replace('"stated"', '"inferred"')))


def test_in_step_with_needs_a_known_reference(tmp_path):
    body = GOOD_INDICATOR.replace('operator = ">="', 'operator = "in_step_with"').replace("target = 85", 'reference = "cpi"')
    with pytest.raises(TargetFileError, match="'cpi' is not a \\[reference\\]"):
        load_plan(write_plan(tmp_path, body))


def test_toml_syntax_error_names_the_line(tmp_path):
    path = write_plan(tmp_path, GOOD_INDICATOR.replace("target = 85", "target = = 85"))
    with pytest.raises(CheckerError, match=r"TOML syntax error: .*line 19, column 10"):
        load_plan(path)


def test_unknown_plan_lists_the_available_ones():
    with pytest.raises(CheckerError, match="unknown plan 'nowhere' \\(available: daan, jiangbei"):
        find_plan("nowhere")


def test_targets_folder_of_your_own_adds_plans(tmp_path):
    write_plan(tmp_path, GOOD_INDICATOR, plan_id="mine")
    assert find_plan("mine", tmp_path).title == "测试规划"
    assert "xinzhou" in plan_files(tmp_path)
