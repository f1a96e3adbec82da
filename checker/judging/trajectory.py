"""Where an indicator should stand in a given year, and the words mid-term reviews use for it.

Pure arithmetic on the plan's fields; evaluate.py decides statuses from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.operators import operator
from checker.plans.loading import Indicator, Plan

METHOD = {
    "maintain": "the {f} target applies every year, with no tolerance: a binding level missed by any amount fails",
    "linear": "milestone = baseline + (target − baseline) × (year − {b}) / ({f} − {b})",
    "cumulative": "milestone = target × (year − {b}) / ({f} − {b}); the value is the sum of annual figures {first}..year, or the workbook's own 累计 figure",
    "final": "judged only in {f}; earlier years are shown for information",
}

METHOD_ZH = {
    "maintain": "每年均按{f}年目标值判断，不设容差（约束性指标差一点也是未达标）",
    "linear": "进度目标 = 基数 + (目标 − 基数) × (年份 − {b}) / ({f} − {b})（时间过半、任务过半）",
    "cumulative": "进度目标 = 目标 × (年份 − {b}) / ({f} − {b})；实际值为{first}年起各年数值之和，或工作簿中的累计数（不重复相加）",
    "final": "仅在{f}年判断；此前各年只列出数值供参考",
}
TOLERANCE = (
    "linear and cumulative paths only, measured on the whole way (|target − baseline|; the target itself for a "
    "five-year total): behind the milestone by at most tolerance × the way (default 0.10, per indicator) is a "
    "warning, further behind a fail (binding) or warning (expected); ahead of it by more than that is ahead"
)
TOLERANCE_ZH = (
    "仅用于逐年推进和累计指标，按全程（基数到目标的距离；累计指标为目标值本身）计算：低于进度目标不超过"
    "“容差 × 全程”（默认容差10%，见各指标 tolerance）为预警，超过则约束性指标为未达标、预期性指标为预警；"
    "高于进度目标超过同样幅度为快于预期"
)
ROUNDING_ZH = "按工作簿显示的精度（单元格数字格式的小数位）比较"



@dataclass(frozen=True)
class Milestone:
    value: float | None  # None: no milestone applies (final indicators, "=", ranges, in_step_with)
    baseline: float | None = None
    baseline_source: str | None = None  # "plan" or "workbook"
    note: str | None = None  # why there is no milestone, when there should be one
    span: float | None = None  # the whole way a tolerance is a share of; None: a level to hold, no tolerance


def milestone(indicator: Indicator, plan: Plan, year: int, workbook_baseline: float | None) -> Milestone:
    first, final = plan.baseline_year, plan.final_year
    if not operator(indicator.operator).path or indicator.trajectory == "final":
        return Milestone(None)
    target = indicator.target
    if indicator.trajectory == "maintain":
        return Milestone(target)
    share = min(max(year - first, 0), final - first) / (final - first)
    if indicator.trajectory == "cumulative":
        return Milestone(target * share, span=abs(target))
    baseline, source = (indicator.baseline.value, "plan") if indicator.baseline else (workbook_baseline, "workbook")
    if baseline is None:
        return Milestone(None, note="no_baseline")
    return Milestone(baseline + (target - baseline) * share, baseline, source, span=abs(target - baseline))


def shortfall(operator_key: str, value: float, bar: float) -> float:
    """How far `value` is on the wrong side of `bar` (0 when it is on the right side or on it)."""
    behind = value - bar if operator(operator_key).lower_is_better else bar - value
    return max(behind, 0.0)


def allowance(indicator: Indicator, span: float | None) -> float | None:
    """How far a path may stray from its milestone and still be on track: tolerance × the whole way."""
    return None if span is None else round(indicator.tolerance * span, 6)


def within_tolerance(indicator: Indicator, value: float, bar: float, span: float | None) -> bool:
    """Behind `bar` by no more than the allowance; a level to hold (span None) has none."""
    allowed = allowance(indicator, span)
    return allowed is not None and round(shortfall(indicator.operator, value, bar), 6) <= allowed


def ahead_of(indicator: Indicator, value: float, bar: float, span: float | None) -> bool:
    """Ahead of `bar` by more than the allowance (a level to hold is never ahead of itself)."""
    allowed = allowance(indicator, span)
    return allowed is not None and round(shortfall(indicator.operator, bar, value), 6) > allowed


# One vocabulary: check's judgement of level (results[].verdict) uses all but exceeded and at_risk,
# which `checker review` adds from the margin beyond the target and the trend (checker/reviews/assess.py).
VERDICTS = {
    "achieved": ("提前实现", "achieved early"),
    "ahead": ("快于预期", "ahead"),
    "on_track": ("基本符合预期", "on track"),
    "behind": ("进度滞后", "behind"),
    "at_risk": ("难以实现", "at risk"),
    "exceeded": ("超额完成", "exceeded"),
    "met": ("完成", "met"),
    "missed": ("未完成", "missed"),
    "pending": ("待期末评估", "judged in the final year"),
    "insufficient": ("数据不足", "insufficient data"),
    # A unit's figure for a count target set for the whole area (≥1502户): its part, not a verdict (issue 14).
    "contribution": ("计入全区域目标", "part of the area's target"),
}
