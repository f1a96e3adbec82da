"""Where an indicator should stand in a given year, and the words mid-term reviews use for it.

Pure arithmetic on the plan's fields; evaluate.py decides statuses from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.operators import operator
from checker.plans.loading import Indicator, Plan

METHOD = {
    "maintain": "the 2025 target applies every year",
    "linear": "milestone = baseline + (target − baseline) × (year − {b}) / ({f} − {b})",
    "cumulative": "milestone = target × (year − {b}) / ({f} − {b}); the value is the sum of annual figures {first}..year, or the workbook's own 累计 figure",
    "final": "judged only in {f}; earlier years are shown for information",
}

METHOD_ZH = {
    "maintain": "每年均按{f}年目标值判断",
    "linear": "进度目标 = 基数 + (目标 − 基数) × (年份 − {b}) / ({f} − {b})（时间过半、任务过半）",
    "cumulative": "进度目标 = 目标 × (年份 − {b}) / ({f} − {b})；实际值为{first}年起各年数值之和，或工作簿中的累计数（不重复相加）",
    "final": "仅在{f}年判断；此前各年只列出数值供参考",
}
TOLERANCE_ZH = "低于进度目标但差距不超过“容差 × 进度目标”（默认容差10%，见各指标 tolerance）为预警；超过则约束性指标为未达标、预期性指标为预警"
ROUNDING_ZH = "按工作簿显示的精度（单元格数字格式的小数位）比较"



@dataclass(frozen=True)
class Milestone:
    value: float | None  # None: no milestone applies (final indicators, "=", ranges, in_step_with)
    baseline: float | None = None
    baseline_source: str | None = None  # "plan" or "workbook"
    note: str | None = None  # why there is no milestone, when there should be one


def milestone(indicator: Indicator, plan: Plan, year: int, workbook_baseline: float | None) -> Milestone:
    first, final = plan.baseline_year, plan.final_year
    if not operator(indicator.operator).path or indicator.trajectory == "final":
        return Milestone(None)
    target = indicator.target
    if indicator.trajectory == "maintain":
        return Milestone(target)
    share = min(max(year - first, 0), final - first) / (final - first)
    if indicator.trajectory == "cumulative":
        return Milestone(target * share)
    baseline, source = (indicator.baseline.value, "plan") if indicator.baseline else (workbook_baseline, "workbook")
    if baseline is None:
        return Milestone(None, note="no_baseline")
    return Milestone(baseline + (target - baseline) * share, baseline, source)


def shortfall(operator_key: str, value: float, bar: float) -> float:
    """How far `value` is on the wrong side of `bar` (0 when it is on the right side or on it)."""
    behind = value - bar if operator(operator_key).lower_is_better else bar - value
    return max(behind, 0.0)


def within_tolerance(indicator: Indicator, value: float, bar: float) -> bool:
    return shortfall(indicator.operator, value, bar) <= indicator.tolerance * abs(bar)


VERDICTS = {
    "achieved_early": ("提前实现", "achieved early"),
    "ahead": ("快于预期", "ahead"),
    "on_track": ("基本符合预期", "on track"),
    "lagging": ("进度滞后", "lagging"),
    "completed": ("已完成", "completed"),
    "not_completed": ("未完成", "not completed"),
    "pending": ("期末评估", "judged in final year"),
    "no_data": ("无数据", "no data"),
}
