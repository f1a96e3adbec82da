"""Mid-term and multi-year reviews: milestones, cumulative totals, derived rates, waivers, `review`."""

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.judging.evaluate import evaluate
from checker.plans.loading import find_plan
from checker.plans.waivers import load_waivers
from checker.reading.workbook import read_workbook
from tests.conftest import write_workbook

DEMO_PLAN = """
[plan]
id = "demo"
title = "示范区“十四五”残疾人保障和发展规划"
title_en = "Demo plan"
issuer = "示范区人民政府"
period = [2021, 2025]
baseline_year = 2020
source = "demo.txt"

[[indicator]]
id = "living_subsidy_coverage"
name = "困难残疾人生活补贴覆盖率"
name_en = "Living subsidy coverage"
unit = "percent"
attribute = "binding"
attribute_basis = "stated"
operator = ">="
target = 100
tier = "main"
section = "专栏1"
quote = "困难残疾人生活补贴覆盖率 100 约束性"
trajectory = "maintain"

[[indicator]]
id = "compulsory_education_enrolment"
name = "残疾儿童少年义务教育入学率"
name_en = "Compulsory education enrolment"
unit = "percent"
attribute = "expected"
attribute_basis = "stated"
operator = ">="
target = 97
tier = "main"
section = "专栏1"
quote = "残疾儿童少年义务教育入学率 ≥97 预期性"
trajectory = "linear"
baseline = { value = 95, year = 2020, quote = "达到95%以上" }

[[indicator]]
id = "assistive_device_rate"
name = "残疾人辅助器具适配率"
name_en = "Assistive device fitting rate"
unit = "percent"
attribute = "binding"
attribute_basis = "stated"
operator = ">="
target = 85
tier = "main"
section = "专栏1"
quote = "残疾人辅助器具适配率 ≥85 约束性"
trajectory = "linear"

[[indicator]]
id = "barrier_free_homes"
name = "困难重度残疾人家庭无障碍改造数"
name_en = "Barrier-free home adaptations"
unit = "households"
attribute = "binding"
attribute_basis = "stated"
operator = ">="
target = 1500
tier = "main"
section = "专栏1"
quote = "困难重度残疾人家庭无障碍改造数 1500 约束性"
trajectory = "cumulative"

[[indicator]]
id = "rehab_coverage"
name = "残疾人基本康复服务覆盖率"
name_en = "Basic rehabilitation coverage"
unit = "percent"
attribute = "binding"
attribute_basis = "stated"
operator = ">="
target = 85
tier = "main"
section = "专栏1"
quote = "残疾人基本康复服务覆盖率 ≥85 约束性"
trajectory = "maintain"
numerator = { name = "接受基本康复服务的残疾人数", unit = "persons" }
denominator = { name = "有康复需求的残疾人数", unit = "persons" }

[[indicator]]
id = "disability_service_info_system"
name = "智慧残联服务信息系统建成"
name_en = "Disability service information system built"
unit = "yes_no"
attribute = "expected"
attribute_basis = "default"
operator = "="
target = true
tier = "main"
section = "三、（八）"
quote = "建成智慧残联服务信息系统"
trajectory = "final"
"""

HEADER = ["指标", "2020年", "2021年", "2022年", "2023年"]
ON_TRACK = {
    "困难残疾人生活补贴覆盖率": [100, 100, 100, 100],
    "残疾儿童少年义务教育入学率": [95, 95.5, 96, 96.2],
    "残疾人辅助器具适配率": [80, 81, 82, 83],
    "困难重度残疾人家庭无障碍改造数": [None, 300, 300, 300],
    "残疾人基本康复服务覆盖率": [None, 85, 86, 87],
    "智慧残联服务信息系统建成": [None, "否", "否", "否"],
}


@pytest.fixture
def demo(tmp_path):
    folder = tmp_path / "targets"
    folder.mkdir()
    (folder / "demo.toml").write_text(DEMO_PLAN, encoding="utf-8")
    return folder


def year_columns(tmp_path, changes=None, extra_rows=(), name="multi.xlsx"):
    values = {**ON_TRACK, **(changes or {})}
    rows = [HEADER] + [[label, *series] for label, series in values.items()] + [list(r) for r in extra_rows]
    return write_workbook(tmp_path / name, {"监测": rows})


def judge(demo, path, year=None, **kwargs):
    plan = find_plan("demo", demo)
    data = read_workbook(path)
    return {r.indicator.id if r.kind == "target" else f"data:{r.reason.params['problem']}": r for r in evaluate(plan, data, year or data.years[-1], **kwargs).results}


def test_reporting_year_defaults_to_the_latest_year_column(demo, tmp_path):
    results = judge(demo, year_columns(tmp_path))
    assert results["living_subsidy_coverage"].reason.params["year"] == 2023


def test_one_sheet_per_year_gives_the_same_results_as_year_columns(demo, tmp_path):
    by_columns = judge(demo, year_columns(tmp_path))
    sheets = {}
    for offset, year in enumerate(range(2020, 2024)):
        sheets[f"{year}年"] = [["指标", "数值"]] + [[label, series[offset]] for label, series in ON_TRACK.items()]
    by_sheets = judge(demo, write_workbook(tmp_path / "sheets.xlsx", sheets))
    assert {k: (r.status, r.value, r.milestone) for k, r in by_sheets.items()} == {
        k: (r.status, r.value, r.milestone) for k, r in by_columns.items()
    }


def test_maintain_target_holds_every_year(demo, tmp_path):
    results = judge(demo, year_columns(tmp_path))
    assert (results["living_subsidy_coverage"].status, results["living_subsidy_coverage"].milestone) == ("pass", 100.0)


@pytest.mark.parametrize("value", [99.9, 94.5, 89])
def test_a_binding_level_to_hold_fails_however_small_the_miss(demo, tmp_path, value):
    subsidy = judge(demo, year_columns(tmp_path, {"困难残疾人生活补贴覆盖率": [100, 100, 100, value]}))["living_subsidy_coverage"]
    assert (subsidy.status, subsidy.verdict, subsidy.reason.code) == ("fail", "behind", "missed")


def test_an_expected_level_to_hold_warns_when_missed(demo, tmp_path):
    plan = DEMO_PLAN.replace('quote = "困难残疾人生活补贴覆盖率 100 约束性"', 'quote = "困难残疾人生活补贴覆盖率 100 预期性"')
    plan = plan.replace('attribute = "binding"', 'attribute = "expected"', 1)
    (demo / "demo.toml").write_text(plan, encoding="utf-8")
    subsidy = judge(demo, year_columns(tmp_path, {"困难残疾人生活补贴覆盖率": [100, 100, 100, 99]}))["living_subsidy_coverage"]
    assert (subsidy.status, subsidy.verdict, subsidy.reason.code) == ("warn", "behind", "missed")


@pytest.mark.parametrize(
    ("value", "status", "verdict"),
    [
        (81, "fail", "behind"),  # 20% of the way in 60% of the time: 2 points behind, 0.5 allowed
        (82.4, "fail", "behind"),
        (82.5, "warn", "on_track"),  # behind by exactly 10% of the way (85 − 80)
        (83.5, "pass", "on_track"),  # above the milestone, within the same band
        (83.6, "pass", "ahead"),
    ],
)
def test_a_paths_tolerance_is_a_share_of_the_whole_way_not_of_the_milestone(demo, tmp_path, value, status, verdict):
    device = judge(demo, year_columns(tmp_path, {"残疾人辅助器具适配率": [80, 80.5, 81, value]}))["assistive_device_rate"]
    assert (device.milestone, device.status, device.verdict) == (83.0, status, verdict)
    assert device.reason.params["allowed"] == 0.5


@pytest.mark.parametrize(("yearly", "verdict"), [(303, "on_track"), (350, "on_track"), (351, "ahead")])
def test_a_five_year_total_is_ahead_only_beyond_the_band_above_its_milestone(demo, tmp_path, yearly, verdict):
    homes = judge(demo, year_columns(tmp_path, {"困难重度残疾人家庭无障碍改造数": [None, yearly, yearly, yearly]}))["barrier_free_homes"]
    assert (homes.milestone, homes.status, homes.verdict) == (900.0, "pass", verdict)  # band: 10% of 1500


def test_linear_milestone_from_the_plans_baseline(demo, tmp_path):
    education = judge(demo, year_columns(tmp_path))["compulsory_education_enrolment"]
    assert (education.milestone, education.status, education.baseline_source) == (96.2, "pass", "plan")
    behind = judge(demo, year_columns(tmp_path, {"残疾儿童少年义务教育入学率": [95, 95, 95, 96.1]}))
    assert behind["compulsory_education_enrolment"].status == "warn"
    assert behind["compulsory_education_enrolment"].reason.code == "behind_milestone_tolerated"


def test_linear_milestone_from_the_workbooks_2020_figure_when_the_plan_has_none(demo, tmp_path):
    device = judge(demo, year_columns(tmp_path))["assistive_device_rate"]
    assert (device.milestone, device.baseline, device.baseline_source, device.status) == (83.0, 80.0, "workbook", "pass")
    lagging = judge(demo, year_columns(tmp_path, {"残疾人辅助器具适配率": [80, 76, 75, 74]}))["assistive_device_rate"]
    assert (lagging.status, lagging.verdict, lagging.reason.code) == ("fail", "behind", "behind_milestone")


def test_linear_without_any_baseline_is_for_information(demo, tmp_path):
    device = judge(demo, year_columns(tmp_path, {"残疾人辅助器具适配率": [None, 81, 82, 83]}))["assistive_device_rate"]
    assert (device.status, device.reason.code) == ("info", "no_baseline")


def test_cumulative_target_reached_exactly_at_its_milestone(demo, tmp_path):
    homes = judge(demo, year_columns(tmp_path))["barrier_free_homes"]
    assert (homes.value, homes.milestone, homes.status) == (900.0, 900.0, "pass")
    assert homes.reason.params["summed_years"] == [2021, 2022, 2023]


def test_cumulative_one_household_short_of_the_milestone_warns(demo, tmp_path):
    homes = judge(demo, year_columns(tmp_path, {"困难重度残疾人家庭无障碍改造数": [None, 300, 300, 299]}))["barrier_free_homes"]
    assert (homes.value, homes.status) == (899.0, "warn")


def test_a_given_running_total_is_used_and_not_added_again(demo, tmp_path):
    extra = [["困难重度残疾人家庭无障碍改造数（累计）", None, 300, 600, 905]]
    homes = judge(demo, year_columns(tmp_path, extra_rows=extra))["barrier_free_homes"]
    assert (homes.value, homes.cell) == (905.0, "监测!E8")


def test_a_running_total_column_is_used(demo, tmp_path):
    path = write_workbook(tmp_path / "c.xlsx", {"2023年": [["指标", "本年实际", "累计完成"], ["困难重度残疾人家庭无障碍改造数", 310, 920]]})
    homes = judge(demo, path)["barrier_free_homes"]
    assert (homes.value, homes.cell, homes.status) == (920.0, "2023年!C2", "pass")


def test_final_indicator_is_only_shown_before_the_final_year(demo, tmp_path):
    system = judge(demo, year_columns(tmp_path))["disability_service_info_system"]
    assert (system.status, system.value, system.reason.code) == ("info", 0.0, "pending")


def test_final_year_applies_the_plain_rules(demo, tmp_path):
    path = write_workbook(tmp_path / "f.xlsx", {"S": [["指标", "2025年"], ["智慧残联服务信息系统建成", "否"], ["困难重度残疾人家庭无障碍改造数", 1400]]})
    results = judge(demo, path)
    assert results["disability_service_info_system"].status == "warn"
    assert results["barrier_free_homes"].status == "fail"


def counts_workbook(tmp_path, numerator, denominator, rate=None):
    rows = [["指标", "2023年"], ["接受基本康复服务的残疾人数", numerator], ["有康复需求的残疾人数", denominator]]
    if rate is not None:
        rows.append(["残疾人基本康复服务覆盖率", rate])
    return write_workbook(tmp_path / "counts.xlsx", {"S": rows})


def test_rate_is_computed_from_counts_and_shows_both(demo, tmp_path):
    rehab = judge(demo, counts_workbook(tmp_path, 870, 1000))["rehab_coverage"]
    assert (rehab.value, rehab.status, rehab.cell) == (87.0, "pass", "S!B2/S!B3")
    assert rehab.derived["numerator"] == {"name": "接受基本康复服务的残疾人数", "value": 870.0, "cell": "S!B2"}


@pytest.mark.parametrize(
    ("numerator", "denominator", "rate", "problem", "status"),
    [
        (1020, 1000, None, "numerator_exceeds_denominator", "fail"),
        (-5, 1000, None, "negative_count", "fail"),
        (870.5, 1000, None, "not_whole", "fail"),
        (870, 1000, 88, "rate_disagrees", "fail"),
        (1020, 1000, 102, "rate_over_100", "warn"),
    ],
)
def test_each_data_inconsistency_is_its_own_result(demo, tmp_path, numerator, denominator, rate, problem, status):
    results = judge(demo, counts_workbook(tmp_path, numerator, denominator, rate))
    assert results[f"data:{problem}"].status == status
    assert results[f"data:{problem}"].kind == "data"


def test_a_given_rate_within_half_a_point_of_its_counts_is_consistent(demo, tmp_path):
    results = judge(demo, counts_workbook(tmp_path, 870, 1000, 87.4))
    assert not [key for key in results if key.startswith("data:")]
    assert results["rehab_coverage"].value == 87.4


def write_waivers(tmp_path, body):
    path = tmp_path / "waivers.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_waived_indicator_keeps_its_value_and_is_counted_apart(demo, tmp_path):
    plan = find_plan("demo", demo)
    waivers = load_waivers(write_waivers(tmp_path, '[[waiver]]\nid = "barrier_free_homes"\njustification = "本年度无符合条件的改造户"\napproved_by = "区残联 张三"\n'), plan)
    path = year_columns(tmp_path, {"困难重度残疾人家庭无障碍改造数": [None, 0, 0, 0]})
    report = evaluate(plan, read_workbook(path), 2023, waivers=waivers)
    homes = next(r for r in report.results if r.indicator.id == "barrier_free_homes")
    assert (homes.status, homes.value, homes.waiver["approved_by"]) == ("waived", 0.0, "区残联 张三")
    assert report.summary["waived"] == 1 and report.exit_code() == 0


def test_waiver_naming_an_unknown_id_or_lacking_a_justification_exits_2(demo, tmp_path):
    path = year_columns(tmp_path)
    unknown = write_waivers(tmp_path, '[[waiver]]\nid = "moon_base"\njustification = "x"\napproved_by = "y"\n')
    outcome = CliRunner().invoke(main, ["check", str(path), "--plan", "demo", "--targets", str(demo), "--waivers", str(unknown)])
    assert outcome.exit_code == 2 and "plan 'demo' has no indicator 'moon_base'" in outcome.output
    bare = write_waivers(tmp_path, '[[waiver]]\nid = "barrier_free_homes"\napproved_by = "y"\n')
    outcome = CliRunner().invoke(main, ["check", str(path), "--plan", "demo", "--targets", str(demo), "--waivers", str(bare)])
    assert outcome.exit_code == 2 and "justification is required" in outcome.output


def test_waivers_show_in_the_text_report_and_summary(demo, tmp_path):
    waivers = write_waivers(tmp_path, '[[waiver]]\nid = "barrier_free_homes"\njustification = "无改造需求"\napproved_by = "区残联"\n')
    outcome = CliRunner().invoke(main, ["check", str(year_columns(tmp_path)), "--plan", "demo", "--targets", str(demo), "--waivers", str(waivers), "--lang", "en"])
    assert "waived: 无改造需求" in outcome.output and "区残联" in outcome.output
    assert "1 waived" in outcome.output


def test_review_summary_for_a_2023_workbook(demo, tmp_path):
    path = year_columns(tmp_path, {"残疾人辅助器具适配率": [80, 76, 75, 74]})
    outcome = CliRunner().invoke(main, ["review", str(path), "--plan", "demo", "--targets", str(demo)])
    assert outcome.exit_code == 1  # a binding indicator going the wrong way
    output = outcome.output
    assert "示范区“十四五”残疾人保障和发展规划 中期评估（2021—2023年）" in output
    for words in ("难以实现", "基本符合预期", "待期末评估", "按评估结论和属性统计", "评估方法"):
        assert words in output
    assert "逐年推进：进度目标 = 基数 + (目标 − 基数) × (年份 − 2020) / (2025 − 2020)" in output


def test_review_verdicts_in_english(demo, tmp_path):
    path = year_columns(tmp_path, {"残疾人辅助器具适配率": [80, 84, 85, 86]})
    outcome = CliRunner().invoke(main, ["review", str(path), "--plan", "demo", "--targets", str(demo), "--lang", "en"])
    assert "achieved early" in outcome.output and "Demo plan: mid-term review (2021–2023)" in outcome.output
    assert "linear path (linear): milestone = baseline + (target − baseline) × (year − 2020) / (2025 − 2020)" in outcome.output
