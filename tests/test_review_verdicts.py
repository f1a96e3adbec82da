"""Review verdicts, progress, projections and what the remaining years need (checker/reviews), from real workbooks."""

import pytest

from checker.judging.evaluate import evaluate
from checker.plans.loading import find_plan
from checker.plans.waivers import load_waivers
from checker.reading.workbook import read_workbook
from checker.reviews.document import KIND_VERDICTS, exit_code, review_document
from tests.conftest import write_workbook

PLAN = """
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
baseline = { value = 100, year = 2020, quote = "实现全覆盖" }

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
baseline = { value = 80, year = 2020, quote = "达到80%" }

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
id = "vocational_training"
name = "城乡残疾人职业技能培训人数"
name_en = "Vocational training"
unit = "persons"
attribute = "expected"
attribute_basis = "stated"
operator = ">="
target = 4000
tier = "main"
section = "专栏1"
quote = "城乡残疾人职业技能培训人数 4000 预期性"
trajectory = "cumulative"

[[indicator]]
id = "pension_insurance_rate"
name = "残疾人城乡居民基本养老保险参保率"
name_en = "Pension insurance enrolment"
unit = "percent"
attribute = "expected"
attribute_basis = "stated"
operator = ">"
target = 90
tier = "main"
section = "专栏1"
quote = "残疾人城乡居民基本养老保险参保率 >90 预期性"
trajectory = "maintain"

[[indicator]]
id = "income_growth"
name = "残疾人家庭人均收入年均增速"
name_en = "Income growth"
unit = "percent"
attribute = "expected"
attribute_basis = "stated"
operator = "in_step_with"
reference = "gdp_growth"
tier = "main"
section = "专栏1"
quote = "残疾人家庭人均收入年均增速 与地区生产总值增长同步 预期性"
trajectory = "maintain"

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

YEARS = ["指标", "2020年", "2021年", "2022年", "2023年", "2024年", "2025年"]
# Every indicator on track in 2023: the review's starting point, changed one row at a time.
ON_TRACK = {
    "困难残疾人生活补贴覆盖率": [100, 100, 100, 100],
    "残疾人辅助器具适配率": [80, 81, 82, 83],
    "残疾儿童少年义务教育入学率": [95, 95.4, 95.8, 96.2],
    "困难重度残疾人家庭无障碍改造数": [None, 300, 300, 300],
    "城乡残疾人职业技能培训人数": [None, 800, 800, 800],
    "残疾人城乡居民基本养老保险参保率": [88, 90.5, 91, 91.5],
    "残疾人家庭人均收入年均增速": [None, 6, 6, 6],
    "地区生产总值增长率": [None, 5.5, 5.5, 5.5],
    "残疾人基本康复服务覆盖率": [None, 86, 86, 86],
    "智慧残联服务信息系统建成": [None, "否", "否", "否"],
}


@pytest.fixture
def demo(tmp_path):
    folder = tmp_path / "targets"
    folder.mkdir()
    (folder / "demo.toml").write_text(PLAN, encoding="utf-8")
    return folder


def workbook(tmp_path, changes=None, extra_rows=(), drop=()):
    values = {**ON_TRACK, **(changes or {})}
    columns = max(len(series) for series in values.values())
    rows = [YEARS[: columns + 1]] + [[label, *series] for label, series in values.items() if label not in drop] + [list(r) for r in extra_rows]
    return write_workbook(tmp_path / "review.xlsx", {"监测": rows})


def review(demo, path, year=None, waivers=None):
    plan = find_plan("demo", demo)
    data = read_workbook(path)
    report = evaluate(plan, data, year or data.years[-1], waivers=load_waivers(waivers, plan) if waivers else ())
    return review_document(report, made="2024-03-01"), report


def entries(document):
    return {entry["id"]: entry for entry in document["indicators"]}


def verdict(demo, tmp_path, indicator_id, changes=None, year=None, **options):
    document, _report = review(demo, workbook(tmp_path, changes, **options), year)
    return entries(document)[indicator_id]


# --- mid-term verdicts -----------------------------------------------------------------------------


def test_every_indicator_on_track(demo, tmp_path):
    document, report = review(demo, workbook(tmp_path))
    assert document["kind"] == "midterm" and document["year"] == 2023
    verdicts = {entry["id"]: entry["verdict"] for entry in document["indicators"]}
    assert verdicts == {
        "living_subsidy_coverage": "on_track", "assistive_device_rate": "on_track", "compulsory_education_enrolment": "on_track",
        "barrier_free_homes": "on_track", "vocational_training": "on_track", "pension_insurance_rate": "on_track",
        "income_growth": "on_track", "rehab_coverage": "on_track", "disability_service_info_system": "pending",
    }
    assert document["summary"] == {
        "achieved": 0, "ahead": 0, "on_track": 8, "behind": 0, "at_risk": 0, "pending": 1, "insufficient": 0, "total": 9,
    }
    assert exit_code(document) == 0


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        ([80, 82, 84, 85], "achieved"),  # the 2025 target already met
        ([80, 82, 83.5, 83.6], "ahead"),  # above the 83 milestone by more than 10% of the way (0.5 points)
        ([80, 81, 82, 83.5], "on_track"),  # above it, within the band
        ([80, 81, 82, 82.5], "on_track"),  # below it, within the band: check warns
        ([80, 81, 82, 82.4], "behind"),
        ([80, 80.5, 81, 81], "at_risk"),  # the example: 20% of the way in 60% of the time
    ],
)
def test_a_linear_path_is_judged_against_its_milestone_with_a_band_on_both_sides(demo, tmp_path, series, expected):
    device = verdict(demo, tmp_path, "assistive_device_rate", {"残疾人辅助器具适配率": series})
    assert (device["milestone"], device["verdict"]) == (83.0, expected)


def test_progress_is_the_share_of_the_way_beside_the_share_of_time(demo, tmp_path):
    device = verdict(demo, tmp_path, "assistive_device_rate", {"残疾人辅助器具适配率": [80, 80.5, 81, 81]})
    assert (device["progress"], device["expected_progress"]) == (0.2, 0.6)
    assert device["verdict_zh"] == "难以实现"


def test_behind_without_a_clear_miss_ahead_stays_behind(demo, tmp_path):
    device = verdict(demo, tmp_path, "assistive_device_rate", {"残疾人辅助器具适配率": [80, 81, 82, 82.4]})
    assert device["verdict"] == "behind"
    assert device["projection"] == pytest.approx(84.22)  # short of 85 by 0.78 points, under 20% of the way (1 point)
    required = device["required_per_year"]
    assert (required["mode"], required["value"], required["years"]) == ("add", 1.3, 2)
    assert required["pace_so_far"] == pytest.approx(0.8)  # 1.3 a year is not twice 0.8


def test_at_risk_when_the_projection_misses_the_target_clearly(demo, tmp_path):
    # 700 of 1500 by 2023 (750 is the lowest on track), most of it in 2023: the pace is rising, but
    # at 233 a year the total reaches 1167, 333 short, more than 20% of the way (300).
    homes = verdict(demo, tmp_path, "barrier_free_homes", {"困难重度残疾人家庭无障碍改造数": [None, 100, 100, 500]})
    assert (homes["value"], homes["verdict"]) == (700, "at_risk")
    assert homes["projection"] == pytest.approx(1166.666667)
    assert homes["required_per_year"]["value"] == 400 and homes["required_per_year"]["pace_so_far"] == pytest.approx(233.333333)


def test_at_risk_when_the_pace_now_required_is_far_above_the_pace_so_far(demo, tmp_path):
    # Only a running total: no yearly parts, so no projection; 300 of 1500 in three years (100 a
    # year) leaves 600 a year for the last two, six times the pace so far.
    rows = [["困难重度残疾人家庭无障碍改造数（累计）", None, None, None, 300]]
    homes = verdict(demo, tmp_path, "barrier_free_homes", extra_rows=rows, drop=("困难重度残疾人家庭无障碍改造数",))
    assert (homes["value"], homes["projection"], homes["verdict"]) == (300, None, "at_risk")
    assert (homes["missing_years"], homes["total_source"]) == ([], "workbook")  # its own total needs no yearly parts


def test_a_five_year_total_lists_the_years_it_lacks(demo, tmp_path):
    homes = verdict(demo, tmp_path, "barrier_free_homes", {"困难重度残疾人家庭无障碍改造数": [None, 400, None, 450]})
    assert (homes["value"], homes["missing_years"], homes["values_by_year"]) == (850, [2022], {"2021": 400, "2023": 450})
    assert homes["total_source"] == "sum"


def test_a_single_figure_of_a_five_year_total_is_taken_as_the_total_as_check_does(demo, tmp_path):
    homes = verdict(demo, tmp_path, "barrier_free_homes", {"困难重度残疾人家庭无障碍改造数": [None, None, None, 900]})
    assert (homes["value"], homes["total_source"], homes["missing_years"], homes["verdict"]) == (900, "single", [2021, 2022], "on_track")


@pytest.mark.parametrize(("value", "expected"), [(99.9, "behind"), (94.5, "behind"), (100, "on_track")])
def test_a_binding_level_to_hold_is_behind_however_small_the_miss(demo, tmp_path, value, expected):
    subsidy = verdict(demo, tmp_path, "living_subsidy_coverage", {"困难残疾人生活补贴覆盖率": [100, 100, 100, value]})
    assert subsidy["verdict"] == expected
    assert (subsidy["progress"], subsidy["milestone"]) == (None, 100)  # a level has no way to cover
    assert subsidy["required_per_year"] == {"mode": "reach", "value": 100, "years": 2, "pace_so_far": None}


def test_a_comparison_with_a_reference_is_judged_on_that_years_figures(demo, tmp_path):
    income = verdict(demo, tmp_path, "income_growth", {"残疾人家庭人均收入年均增速": [None, 6, 6, 5]})
    assert (income["verdict"], income["reference_value"], income["projection"], income["required_per_year"]) == ("behind", 5.5, None, None)


def test_an_indicator_judged_only_in_the_final_year(demo, tmp_path):
    assert verdict(demo, tmp_path, "disability_service_info_system")["verdict"] == "pending"
    built = verdict(demo, tmp_path, "disability_service_info_system", {"智慧残联服务信息系统建成": [None, "否", "否", "是"]})
    assert (built["verdict"], built["value"]) == ("achieved", True)


@pytest.mark.parametrize(
    ("changes", "drop", "indicator_id", "note"),
    [
        ({}, ("残疾人辅助器具适配率",), "assistive_device_rate", "no_value"),
        ({"残疾儿童少年义务教育入学率": [None, 95.4, 95.8, 96.2]}, (), "compulsory_education_enrolment", "no_baseline"),
        ({}, ("地区生产总值增长率",), "income_growth", "no_reference"),
    ],
)
def test_insufficient_data_is_never_a_guess(demo, tmp_path, changes, drop, indicator_id, note):
    entry = verdict(demo, tmp_path, indicator_id, changes, drop=drop)
    assert (entry["verdict"], entry["note"], entry["projection"], entry["required_per_year"]) == ("insufficient", note, None, None)


def test_figures_that_fail_the_data_checks_are_insufficient_not_on_track(demo, tmp_path):
    counts = [["接受基本康复服务的残疾人数", None, None, None, 1020], ["有康复需求的残疾人数", None, None, None, 1000]]
    document, report = review(demo, workbook(tmp_path, extra_rows=counts, drop=("残疾人基本康复服务覆盖率",)))
    rehab = entries(document)["rehab_coverage"]
    assert (rehab["value"], rehab["derived"], rehab["verdict"], rehab["note"]) == (102.0, True, "insufficient", "data_check_failed")
    assert any(r.kind == "data" and r.status == "fail" for r in report.results)


def test_a_rate_from_counts_in_the_review_year_only_still_projects_from_the_plans_baseline(demo, tmp_path):
    counts = [["接受基本康复服务的残疾人数", None, None, None, 870], ["有康复需求的残疾人数", None, None, None, 1000]]
    rehab = entries(review(demo, workbook(tmp_path, extra_rows=counts, drop=("残疾人基本康复服务覆盖率",)))[0])["rehab_coverage"]
    assert (rehab["value"], rehab["derived"], rehab["verdict"], rehab["values_by_year"]) == (87.0, True, "on_track", {})
    assert rehab["projection"] is None  # one figure and no plan baseline


def test_projection_follows_the_trend_and_needs_two_figures(demo, tmp_path):
    document, _ = review(demo, workbook(tmp_path))
    found = entries(document)
    assert found["assistive_device_rate"]["projection"] == pytest.approx(85.0)  # 80, 81, 82, 83 → 85
    assert found["barrier_free_homes"]["projection"] == pytest.approx(1500.0)  # 900 + 300 × 2
    assert found["pension_insurance_rate"]["projection"] == pytest.approx(94.1)  # 88, 90.5, 91, 91.5: 1.1 a year
    single = verdict(demo, tmp_path, "barrier_free_homes", {"困难重度残疾人家庭无障碍改造数": [None, None, None, 900]})
    assert single["projection"] is None


def test_a_rate_is_never_projected_above_100(demo, tmp_path):
    education = verdict(demo, tmp_path, "compulsory_education_enrolment", {"残疾儿童少年义务教育入学率": [90, 94, 98, 99.9]})
    assert education["projection"] == 100


def test_required_per_year_of_a_five_year_total(demo, tmp_path):
    homes = verdict(demo, tmp_path, "barrier_free_homes", {"困难重度残疾人家庭无障碍改造数": [None, 280, 310, 290]})
    assert homes["required_per_year"] == {"mode": "add", "value": 310.0, "years": 2, "pace_so_far": pytest.approx(293.333333)}


def test_nothing_is_required_of_an_indicator_already_achieved(demo, tmp_path):
    device = verdict(demo, tmp_path, "assistive_device_rate", {"残疾人辅助器具适配率": [80, 82, 84, 86]})
    assert (device["verdict"], device["required_per_year"]) == ("achieved", None)


# --- final review ----------------------------------------------------------------------------------

# Every indicator met in 2025.
FINAL = {
    "困难残疾人生活补贴覆盖率": [100] * 6,
    "残疾人辅助器具适配率": [80, 81, 82, 83, 84, 85],
    "残疾儿童少年义务教育入学率": [95, 95.4, 95.8, 96.2, 96.6, 97],
    "困难重度残疾人家庭无障碍改造数": [None, 300, 300, 300, 300, 300],
    "城乡残疾人职业技能培训人数": [None, 800, 800, 800, 800, 800],
    "残疾人城乡居民基本养老保险参保率": [88, 90.5, 91, 91.5, 92, 92.5],
    "残疾人家庭人均收入年均增速": [None, 6, 6, 6, 6, 6],
    "地区生产总值增长率": [None, 5.5, 5.5, 5.5, 5.5, 5.5],
    "残疾人基本康复服务覆盖率": [None, 86, 86, 86, 86, 86],
    "智慧残联服务信息系统建成": [None, "否", "否", "否", "否", "是"],
}


def final_review(demo, tmp_path, changes=None):
    path = workbook(tmp_path, {**FINAL, **(changes or {})})
    return review(demo, path)[0]


@pytest.mark.parametrize(
    ("yearly", "expected"),
    [([800, 800, 800, 800, 1200], "exceeded"), ([800] * 5, "met"), ([800, 800, 800, 800, 799], "missed")],
)
def test_final_review_exceeded_met_missed(demo, tmp_path, yearly, expected):
    # 4400 of 4000 beats the target by 10% of the way: 超额完成; 4000 is 完成; 3999 is 未完成.
    document = final_review(demo, tmp_path, {"城乡残疾人职业技能培训人数": [None, *yearly]})
    assert document["kind"] == "final" and document["year"] == 2025
    assert entries(document)["vocational_training"]["verdict"] == expected


def test_a_level_held_at_100_percent_is_met_not_exceeded(demo, tmp_path):
    document = final_review(demo, tmp_path)
    assert {entry["verdict"] for entry in document["indicators"]} == {"met"}
    assert exit_code(document) == 0
    assert set(document["summary"]) == {*KIND_VERDICTS["final"], "total"}


def test_final_review_shows_the_plans_baseline_and_projects_nothing(demo, tmp_path):
    device = entries(final_review(demo, tmp_path, {"残疾人辅助器具适配率": [None, 81, 82, 83, 84, 85]}))["assistive_device_rate"]
    assert (device["baseline"], device["baseline_source"], device["progress"], device["expected_progress"]) == (80, "plan", 1.0, 1.0)
    assert (device["milestone"], device["projection"], device["required_per_year"]) == (85, None, None)


def test_final_review_of_a_binding_miss_exits_1(demo, tmp_path):
    document = final_review(demo, tmp_path, {"困难重度残疾人家庭无障碍改造数": [None, 300, 300, 300, 300, 250]})
    assert entries(document)["barrier_free_homes"]["verdict"] == "missed"
    assert exit_code(document) == 1


# --- exit codes and consistency with check --------------------------------------------------------


def test_exit_code_counts_binding_indicators_and_with_fail_on_warn_every_one(demo, tmp_path):
    expected_behind = review(demo, workbook(tmp_path, {"残疾儿童少年义务教育入学率": [95, 95, 95, 95.1]}))[0]
    assert entries(expected_behind)["compulsory_education_enrolment"]["verdict"] in ("behind", "at_risk")
    assert (exit_code(expected_behind), exit_code(expected_behind, fail_on_warn=True)) == (0, 1)
    binding_behind = review(demo, workbook(tmp_path, {"困难残疾人生活补贴覆盖率": [100, 100, 100, 99]}))[0]
    assert exit_code(binding_behind) == 1


def test_a_waived_binding_indicator_does_not_fail_the_review(demo, tmp_path):
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nid = "living_subsidy_coverage"\njustification = "口径调整"\napproved_by = "区残联"\n', encoding="utf-8")
    document, _ = review(demo, workbook(tmp_path, {"困难残疾人生活补贴覆盖率": [100, 100, 100, 99]}), waivers=waivers)
    subsidy = entries(document)["living_subsidy_coverage"]
    assert (subsidy["verdict"], subsidy["waiver"]["approved_by"]) == ("behind", "区残联")
    assert exit_code(document) == 0


SWEEPS = {
    "残疾人辅助器具适配率": lambda v: [80, 81, 82, v],  # milestone 83, 0.5 points either side
    "困难残疾人生活补贴覆盖率": lambda v: [100, 100, 100, min(v + 15, 100)],  # 85 … 100 against 100
    "困难重度残疾人家庭无障碍改造数": lambda v: [None, 250, 250, int((v - 70) * 40 + 100)],  # totals 600 … 1240
}


@pytest.mark.parametrize("value", [70, 79, 80, 81, 81.5, 82, 82.4, 82.5, 82.6, 83, 84, 85, 86])
@pytest.mark.parametrize("label", list(SWEEPS))
def test_an_indicator_the_check_fails_is_never_on_track_ahead_or_achieved(demo, tmp_path, label, value):
    document, report = review(demo, workbook(tmp_path, {label: SWEEPS[label](value)}))
    targets = {r.indicator.id: r for r in report.results if r.kind == "target"}
    statuses = {indicator_id: r.status for indicator_id, r in targets.items()}
    for entry in document["indicators"]:
        # One judgement of level: the review only refines the check's verdict (behind → at risk).
        assert {"at_risk": "behind"}.get(entry["verdict"], entry["verdict"]) == targets[entry["id"]].verdict
        if statuses[entry["id"]] == "fail":
            assert entry["verdict"] in ("behind", "at_risk", "insufficient")
        if entry["verdict"] in ("on_track", "ahead", "achieved"):
            assert statuses[entry["id"]] in ("pass", "warn")


def test_method_states_rules_and_thresholds_in_both_languages(demo, tmp_path):
    method = review(demo, workbook(tmp_path))[0]["method"]
    assert method["thresholds"] == {"tolerance_default": 0.1, "exceeded_margin": 0.1, "at_risk_shortfall": 0.2, "at_risk_pace": 2.0}
    assert any("时间过半、任务过半" in line for line in method["zh"])
    assert any(line.startswith("逐年推进：进度目标 = 基数 + (目标 − 基数)") for line in method["zh"])
    assert any("at risk = behind" in line for line in method["en"])
