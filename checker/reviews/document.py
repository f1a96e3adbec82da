"""Report → the review document: plain data in the JSON shape, which every review renderer reads.

A saved review JSON (`review --format json`) re-renders with `checker render` as the check's
results document does; the method is stored in words, Chinese and English, so a document read
years later still says how its verdicts were reached.

A workbook with sub-units (a column or row per county, issue 14) is reviewed as the area (its
stated total, or its units rolled up) and unit by unit: the document adds `area` and
`consistency` as the check's does, and `units`, [{"unit", "summary", "indicators", "empty"}] in
workbook order, each unit's indicators in the shape of the area's.
"""

from __future__ import annotations

from checker.judging.evaluate import Report
from checker.judging.results import indicator_document
from checker.judging.trajectory import METHOD, METHOD_ZH, ROUNDING_ZH, TOLERANCE, TOLERANCE_ZH, VERDICTS
from checker.plans.loading import Indicator, Plan
from checker.reviews.assess import THRESHOLDS, Assessment, Thresholds, assess, is_final
from checker.units.judge import UnitsReport

SCHEMA_VERSION = 1
KINDS = ("midterm", "final")
# The verdicts each kind of review uses, in the order documents list them.
KIND_VERDICTS = {
    "midterm": ("achieved", "ahead", "on_track", "behind", "at_risk", "pending", "insufficient"),
    "final": ("exceeded", "met", "missed", "insufficient"),
}
FAILING = ("behind", "at_risk", "missed")
UNIT_VERDICTS = ("contribution",)  # a unit's part of an area-wide count target, counted in its summary
TRAJECTORY_LABEL = {
    "zh": {"maintain": "保持", "linear": "逐年推进", "cumulative": "累计", "final": "期末"},
    "en": {"maintain": "hold", "linear": "linear path", "cumulative": "cumulative", "final": "final year"},
}


def review_document(report: Report, made: str, thresholds: Thresholds = THRESHOLDS) -> dict:
    """`made`: the date the review is made (ISO), which the document prints; passed in to stay pure."""
    plan, year = report.plan, report.year
    kind = "final" if is_final(plan, year) else "midterm"
    indicators = [_indicator(item, plan, year) for item in assess(report, thresholds)]
    summary = {verdict: sum(entry["verdict"] == verdict for entry in indicators) for verdict in KIND_VERDICTS[kind]}
    summary["total"] = len(indicators)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "plan": plan.id,
        "plan_title": plan.title,
        "plan_title_en": plan.title_en,
        "document_number": plan.document_number,
        "period": list(plan.period),
        "baseline_year": plan.baseline_year,
        "final_year": plan.final_year,
        "year": year,
        "file": report.file,
        "made": made,
        "indicators": indicators,
        "summary": summary,
        "method": method(plan, year, thresholds),
    }


def units_review_document(judged: UnitsReport, made: str, thresholds: Thresholds = THRESHOLDS) -> dict:
    """The area's review, and each unit's (issue 14): `area` and `consistency` as the check's results
    document words them (checker/units/document.py), `units` with every unit's summary and indicators."""
    from checker.units.document import area_document, consistency_document

    document = review_document(judged.area, made, thresholds)
    document["area"] = area_document(judged)
    document["consistency"] = consistency_document(judged)
    document["units"] = [_unit(unit.name, unit.report, unit.empty, document["kind"], thresholds) for unit in judged.units]
    return document


def review_of(judged: Report | UnitsReport, made: str, thresholds: Thresholds = THRESHOLDS) -> dict:
    """The review document of what the check judged: one area, or an area and its units."""
    if isinstance(judged, UnitsReport):
        return units_review_document(judged, made, thresholds)
    return review_document(judged, made, thresholds)


def _unit(name: str, report: Report, empty: bool, kind: str, thresholds: Thresholds) -> dict:
    indicators = [_indicator(item, report.plan, report.year) for item in assess(report, thresholds)]
    summary = {verdict: sum(entry["verdict"] == verdict for entry in indicators) for verdict in (*KIND_VERDICTS[kind], *UNIT_VERDICTS)}
    summary["total"] = len(indicators)
    return {"unit": name, "summary": summary, "indicators": indicators, "empty": empty}


def failing(entry: dict, fail_on_warn: bool = False) -> bool:
    """A binding indicator (with fail_on_warn: any) behind, at risk or missed, and not waived."""
    return entry["verdict"] in FAILING and (entry["attribute"] == "binding" or fail_on_warn) and not entry["waiver"]


def exit_code(document: dict, fail_on_warn: bool = False) -> int:
    """1 when a binding indicator (with fail_on_warn: any) of the area or of any unit is behind, at risk or
    missed, unless waived."""
    entries = [*document["indicators"], *(entry for unit in document.get("units", ()) for entry in unit["indicators"])]
    return 1 if any(failing(entry, fail_on_warn) for entry in entries) else 0


def reviewed_years(document: dict) -> list[int]:
    """The years the review covers, from the plan's first year to the year under review."""
    return list(range(document["period"][0], min(document["year"], document["final_year"]) + 1))


def _indicator(item: Assessment, plan: Plan, year: int) -> dict:
    result, indicator = item.result, item.result.indicator
    yes_no = indicator.unit == "yes_no"

    def shown(value):
        return bool(value) if yes_no and value is not None else value

    last = min(year, plan.final_year)
    milestone = result.milestone
    if milestone is None and is_final(plan, year) and item.progress is not None:
        milestone = indicator.target  # the milestone of the final year is the target itself
    required = item.required
    return {
        **indicator_document(indicator),
        "baseline": item.baseline,
        "baseline_source": item.baseline_source,
        "values_by_year": {str(y): shown(v) for y, v in sorted(result.values_by_year.items()) if plan.baseline_year <= y <= last},
        "value": shown(result.value),
        "value_qualifier": result.qualifier,
        "cell": result.cell,
        "derived": result.derived is not None and result.value == result.derived["computed"],
        "reference_value": result.reference_value,
        "milestone": milestone,
        "progress": item.progress,
        "expected_progress": item.expected_progress,
        "verdict": item.verdict,
        "verdict_zh": VERDICTS[item.verdict][0],
        "projection": item.projection,
        "required_per_year": required and {
            "mode": required.mode, "value": required.value, "years": required.years, "pace_so_far": required.pace_so_far,
        },
        "missing_years": list(item.missing_years),
        "total_source": item.total_source,
        "note": item.note,
        "status": result.status,
        "waiver": result.waiver,
    }


def method(plan: Plan, year: int, thresholds: Thresholds = THRESHOLDS) -> dict:
    """The rules and thresholds in words, as a reviewer reproduces each verdict by hand."""
    b, f, first = plan.baseline_year, plan.final_year, plan.baseline_year + 1
    years = {"b": b, "f": f, "first": first}
    margin, short, pace = (round(thresholds.exceeded_margin * 100), round(thresholds.at_risk_shortfall * 100), thresholds.at_risk_pace)
    pace_text = f"{pace:g}"
    zh_labels, en_labels = TRAJECTORY_LABEL["zh"], TRAJECTORY_LABEL["en"]
    zh = [
        f"时间过半、任务过半：{f}年以前为中期评估，各指标对照当年应达进度；{f}年为终期评估，对照规划目标。",
        *(f"{zh_labels[kind]}：{text.format(**years)}" for kind, text in METHOD_ZH.items()),
        f"容差：{TOLERANCE_ZH}",
        f"进度：实际进度 =（实际值 − 基数）÷（目标 − 基数），累计指标为累计数 ÷ 目标；应达进度 = 已过年数 ÷ {f - b}。"
        "二者之比即实际进度与应达进度之比（如实际进度20%、应达60%，比值0.33）。",
        "中期评估结论：提前实现＝已达到规划目标；快于预期＝高于应达进度超过容差；基本符合预期＝与应达进度相差不超过容差"
        "（保持类指标：当年达到目标）；进度滞后＝低于应达进度超过容差，或保持类指标当年未达到（不设容差）；"
        f"难以实现＝进度滞后，且按趋势推算的{f}年值比目标差全程的{short}%以上，或剩余年份每年所需进度达到以往年均进度的{pace_text}倍以上；"
        f"待期末评估＝只在{f}年判断、尚未达到的指标。",
        f"终期评估结论：超额完成＝超过目标达全程的{margin}%以上（保持类或无基数的指标：目标值的{margin}%）；完成＝达到目标；未完成＝未达到目标。",
        "数据不足：当年无数值、逐年推进指标无基数、缺少对照数据，或数据核查未通过；不作推断。",
        f"推算：保持、逐年推进和期末指标按已有各年数值（含基数）的线性趋势（最小二乘）推算{f}年值，百分比不超过100%；"
        "累计指标为累计数加以往年均完成数 × 剩余年数。少于两个数值不推算。",
        "剩余年份要求：累计指标每年需完成（目标 − 累计数）÷ 剩余年数；逐年推进指标每年需提高（目标 − 当年值）÷ 剩余年数；"
        "保持类指标每年需达到目标。人、户等计数取整数。",
        "与 checker check 一致：check 判为未达标的指标，评估结论不会是基本符合预期、快于预期或提前实现。",
        f"取整：{ROUNDING_ZH}。",
    ]
    en = [
        f"Half the time, half the task: before {f} a review is mid-term and compares each indicator with its milestone "
        f"for the year; in {f} it is final and compares with the plan's target.",
        *(f"{en_labels[kind]} ({kind}): {text.format(**years)}" for kind, text in METHOD.items()),
        f"Tolerance: {TOLERANCE}.",
        f"Progress = (value − baseline) ÷ (target − baseline), for a five-year total the total ÷ the target; expected "
        f"progress = years elapsed ÷ {f - b}. Their ratio is actual over expected progress (20% against 60% is 0.33).",
        "Mid-term verdicts: achieved = the plan's target is already met; ahead = above the expected progress by more than "
        "the tolerance; on track = within the tolerance of it (a level to hold: met this year); behind = below it by more "
        "than the tolerance, or a level to hold missed this year (no tolerance); "
        f"at risk = behind, and the trend projects a {f} value short of the target by over {short}% of the way, or each "
        f"remaining year must move at least {pace_text} times as fast as the years so far; "
        f"judged in the final year = an indicator judged only in {f}, not met yet.",
        f"Final verdicts: exceeded = beyond the target by at least {margin}% of the way ({margin}% of the target for a "
        "level to hold or without a baseline); met = the target is met; missed = it is not.",
        "Insufficient data: no value for the year, no baseline for a linear path, no reference figure, or figures that "
        "fail the data checks; never a guess.",
        f"Projection: levels by the straight-line (least squares) trend of the years given, baseline included, to {f}, "
        "capped at 100% for rates; five-year totals as the total plus the average yearly part × the remaining years. "
        "None with fewer than two figures.",
        "Required per year: a five-year total must add (target − total) ÷ remaining years each year; a linear path "
        "(target − value) ÷ remaining years; a level to hold must reach its target every year. Counts in whole units.",
        "Consistent with `checker check`: an indicator the check fails is never on track, ahead or achieved.",
        "Rounding: values are compared as the workbook shows them (its number format's decimals).",
    ]
    return {
        "zh": zh,
        "en": en,
        "thresholds": {
            "tolerance_default": Indicator.tolerance,
            "exceeded_margin": thresholds.exceeded_margin,
            "at_risk_shortfall": thresholds.at_risk_shortfall,
            "at_risk_pace": thresholds.at_risk_pace,
        },
    }
