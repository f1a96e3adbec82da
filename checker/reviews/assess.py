"""The check's results → one assessment per indicator for a mid-term or final review. Pure: no I/O.

The verdict starts from the check's own judgement of level (results[].verdict, see
judging/evaluate.py), so `check` and `review` never disagree: an indicator the check fails is
behind, at risk or missed here, never on track. A review adds what a level alone cannot say:

- progress: the share of the way from the baseline to the target covered so far, beside the share
  of the period elapsed (时间过半、任务过半), as SDG trackers compare actual with required progress;
- projection: the final-year value from the years given (a straight-line trend of the levels, or
  the running total plus the average yearly part), None with fewer than two figures;
- required: what each remaining year must add (a path) or reach (a level to hold);
- exceeded (超额完成): in the final year, beyond the target by a margin of the way;
- at_risk (难以实现): behind, and the projection misses the target clearly or the pace now
  required is far above the pace so far;
- insufficient (数据不足): no value, no baseline for a path, or figures that fail the data checks;
- contribution (计入全区域目标): a sub-unit's figure for a count target set for the whole area,
  which is not that unit's target (checker/units, issue 14).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.judging.evaluate import Report, Result
from checker.judging.trajectory import shortfall
from checker.operators import operator
from checker.plans.loading import Plan

PATHS = {"linear", "cumulative"}
WHOLE_UNITS = {"persons", "person_times", "households", "count"}


@dataclass(frozen=True)
class Thresholds:
    """The review's own thresholds; a path's on-track band is the indicator's tolerance (default 0.10)."""

    exceeded_margin: float = 0.10  # 超额完成: beyond the target by 10% of the way (of the target for a level)
    at_risk_shortfall: float = 0.20  # 难以实现: the projection falls short of the target by over 20% of the way
    at_risk_pace: float = 2.0  # … or each remaining year must move at least twice as fast as the years so far


THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Required:
    """What each remaining year must deliver: add `value` (a count, or points of a rate), or reach it."""

    mode: str  # "add" or "reach"
    value: float
    years: int  # how many years remain
    pace_so_far: float | None = None  # what each year has added on average so far (mode "add")


@dataclass(frozen=True)
class Assessment:
    result: Result
    verdict: str
    baseline: float | None
    baseline_source: str | None  # "plan" or "workbook"
    progress: float | None  # share of the way from baseline to target, 0.5 for half-way
    expected_progress: float | None  # share of the period elapsed
    projection: float | None
    required: Required | None
    missing_years: tuple[int, ...]  # years of a five-year total with no yearly figure
    total_source: str | None  # a five-year total: "sum" of yearly parts, the "workbook"'s 累计 figure, or a "single" figure
    note: str | None  # why the data are insufficient: no_value, no_reference, no_baseline, data_check_failed


def assess(report: Report, thresholds: Thresholds = THRESHOLDS) -> tuple[Assessment, ...]:
    failing_data = {r.indicator.id for r in report.results if r.kind == "data" and r.status == "fail"}
    return tuple(
        _assess(result, report.plan, report.year, result.indicator.id in failing_data, thresholds)
        for result in report.results
        if result.kind == "target"
    )


def is_final(plan: Plan, year: int) -> bool:
    return year >= plan.final_year


def _numeric(result: Result) -> bool:
    """A number with a direction toward its target: the only kind progress and trends apply to."""
    indicator = result.indicator
    return indicator.unit != "yes_no" and operator(indicator.operator).path and isinstance(indicator.target, (int, float))


def _assess(result: Result, plan: Plan, year: int, data_failed: bool, thresholds: Thresholds) -> Assessment:
    indicator = result.indicator
    if result.reason.code == "contribution":
        # A unit's part of a count target set for the whole area: no progress of its own toward it (issue 14).
        return Assessment(result, "contribution", None, None, None, None, None, None, (), None, None)
    final = is_final(plan, year)
    baseline, source = _baseline(result, plan)
    start = 0.0 if indicator.trajectory == "cumulative" else baseline
    numeric = _numeric(result)
    way = indicator.target - start if numeric and start is not None else None
    progress = expected = None
    if numeric and indicator.trajectory != "maintain":
        expected = round(min(max(year - plan.baseline_year, 0), _period(plan)) / _period(plan), 4)
        if result.value is not None and way:
            progress = round((result.value - start) / way, 4)
    verdict, note = _verdict(result, data_failed)
    projection = None if final or not numeric or verdict == "insufficient" else _projection(result, plan, year)
    required = None
    if not final and numeric and result.value is not None and verdict not in ("achieved", "insufficient"):
        required = _required(result, plan, year, start)
    total_source = _total_source(result, year) if indicator.trajectory == "cumulative" and result.value is not None else None
    missing = ()
    if total_source in ("sum", "single"):
        missing = tuple(y for y in range(plan.baseline_year + 1, min(year, plan.final_year) + 1) if y not in result.values_by_year)
    if verdict == "met" and numeric and _exceeds(result, way, thresholds):
        verdict = "exceeded"
    elif verdict == "behind" and indicator.trajectory in PATHS and _at_risk(result, way, progress, projection, plan, year, thresholds):
        verdict = "at_risk"
    return Assessment(result, verdict, baseline, source, progress, expected, projection, required, missing, total_source, note)


def _period(plan: Plan) -> int:
    return plan.final_year - plan.baseline_year


def _baseline(result: Result, plan: Plan) -> tuple[float | None, str | None]:
    """The plan's own baseline, else the workbook's figure for the baseline year (as milestones use)."""
    if result.indicator.baseline is not None:
        return result.indicator.baseline.value, "plan"
    if plan.baseline_year in result.values_by_year:
        return result.values_by_year[plan.baseline_year], "workbook"
    return None, None


def _verdict(result: Result, data_failed: bool) -> tuple[str, str | None]:
    if data_failed:
        return "insufficient", "data_check_failed"
    code = result.reason.code
    if result.verdict == "insufficient":
        notes = {"no_reference": "no_reference", "no_baseline": "no_baseline", "not_rolled_up": "not_rolled_up"}
        return "insufficient", notes.get(code, "no_value")
    return result.verdict, None


def _total_source(result: Result, year: int) -> str:
    """Where a five-year total comes from, as the check took it: the sum of yearly parts, the
    workbook's own 累计 figure (then no yearly part is missing), or the one figure given."""
    if result.reason.params.get("summed_years"):
        return "sum"
    return "single" if result.value == result.values_by_year.get(year) else "workbook"


def _points(result: Result, plan: Plan, year: int) -> dict[int, float]:
    points = {y: v for y, v in result.values_by_year.items() if plan.baseline_year <= y <= year}
    if result.value is not None:
        points[year] = result.value  # also a rate computed from counts, which has no yearly column
    baseline = result.indicator.baseline
    if baseline is not None and baseline.year not in points and baseline.year <= year:
        points[baseline.year] = baseline.value
    return points


def _projection(result: Result, plan: Plan, year: int) -> float | None:
    indicator = result.indicator
    remaining = plan.final_year - year
    if result.value is None:
        return None
    if indicator.trajectory == "cumulative":
        parts = [v for y, v in result.values_by_year.items() if plan.baseline_year < y <= year]
        if len(parts) < 2:
            return None
        return round(result.value + sum(parts) / len(parts) * remaining, 6)
    points = _points(result, plan, year)
    if len(points) < 2:
        return None
    years = list(points)
    mean_year = sum(years) / len(years)
    mean_value = sum(points.values()) / len(points)
    slope = sum((y - mean_year) * (v - mean_value) for y, v in points.items()) / sum((y - mean_year) ** 2 for y in years)
    projected = mean_value + slope * (plan.final_year - mean_year)
    if indicator.unit == "percent":
        projected = min(projected, 100.0)
    return round(max(projected, 0.0), 6)


def _required(result: Result, plan: Plan, year: int, start: float | None) -> Required | None:
    indicator = result.indicator
    remaining = plan.final_year - year
    if indicator.trajectory == "maintain":
        return Required("reach", float(indicator.target), remaining)
    elapsed = year - plan.baseline_year
    pace = None
    if indicator.trajectory == "cumulative":
        parts = [v for y, v in result.values_by_year.items() if plan.baseline_year < y <= year]
        pace = round(sum(parts) / len(parts), 6) if parts else (round(result.value / elapsed, 6) if elapsed > 0 else None)
    elif start is not None and elapsed > 0:
        pace = round((result.value - start) / elapsed, 6)
    return Required("add", round((indicator.target - result.value) / remaining, 6), remaining, pace)


def _exceeds(result: Result, way: float | None, thresholds: Thresholds) -> bool:
    """Beyond the target by the margin of the way (of the target itself for a level or without a baseline)."""
    indicator = result.indicator
    scale = abs(way) if indicator.trajectory != "maintain" and way else abs(indicator.target)
    beyond = shortfall(indicator.operator, indicator.target, result.value)
    return scale > 0 and round(beyond, 6) >= round(thresholds.exceeded_margin * scale, 6)


def _at_risk(result, way, progress, projection, plan, year, thresholds: Thresholds) -> bool:
    indicator = result.indicator
    if projection is not None and way:
        if round(shortfall(indicator.operator, projection, indicator.target), 6) > round(thresholds.at_risk_shortfall * abs(way), 6):
            return True
    elapsed, remaining = year - plan.baseline_year, plan.final_year - year
    if progress is None or elapsed <= 0 or remaining <= 0:
        return False
    if progress <= 0:
        return True  # no way covered at all: any pace now needed is infinitely above the pace so far
    return (1 - progress) / remaining >= thresholds.at_risk_pace * progress / elapsed
