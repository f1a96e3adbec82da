"""How results are worded for people, in Chinese (default) and English. Every renderer uses these."""

from __future__ import annotations

from checker.judging.evaluate import format_number
from checker.operators import OPERATORS

LANGUAGES = ("zh", "en")

STATUS_SYMBOL = {"pass": "✔", "warn": "⚠", "fail": "✘", "not_reported": "○", "info": "ℹ", "waived": "⊘"}
STATUS_LABEL = {
    "zh": {"pass": "达标", "warn": "预警", "fail": "未达标", "not_reported": "未填报", "info": "待期末评估", "waived": "豁免"},
    "en": {"pass": "pass", "warn": "warn", "fail": "fail", "not_reported": "not reported", "info": "info", "waived": "waived"},
}
ATTRIBUTE_LABEL = {
    "zh": {"binding": "约束性", "expected": "预期性"},
    "en": {"binding": "binding", "expected": "expected"},
}
BASIS_NOTE = {
    "zh": {"inferred": "（推定）", "default": "（未标明）", "stated": ""},
    "en": {"inferred": " (inferred)", "default": " (not stated)", "stated": ""},
}
UNIT_LABEL = {
    "zh": {"percent": "%", "persons": "人", "person_times": "人次", "households": "户", "count": "个", "yes_no": "", "yuan": "元"},
    "en": {"percent": "%", "persons": " persons", "person_times": " person-times", "households": " households", "count": "", "yes_no": "", "yuan": " yuan"},
}
REFERENCE_LABEL = {
    "zh": {"gdp_growth": "地区生产总值增长"},
    "en": {"gdp_growth": "GDP growth"},
}
HEADINGS = {
    "zh": {
        "indicator": "指标", "attribute": "属性", "target": "目标", "value": "实际", "status": "结果",
        "cell": "单元格", "reason": "说明", "checked": "项已检查", "unmatched": "未匹配的行（未检查）",
        "hidden": "（隐藏行）",
    },
    "en": {
        "indicator": "Indicator", "attribute": "Attribute", "target": "Target", "value": "Value", "status": "Status",
        "cell": "Cell", "reason": "Reason", "checked": "checked", "unmatched": "Rows that match no indicator (not checked)",
        "hidden": " (hidden row)",
    },
}


def indicator_name(result: dict, lang: str) -> str:
    return result["name"] if lang == "zh" else result["name_en"]


def attribute_text(result: dict, lang: str) -> str:
    return ATTRIBUTE_LABEL[lang][result["attribute"]] + BASIS_NOTE[lang][result["attribute_basis"]]


def unit_text(result: dict, lang: str) -> str:
    if result["unit"] == "count" and lang == "zh" and result.get("unit_label"):
        return result["unit_label"]
    return UNIT_LABEL[lang][result["unit"]]


def value_text(result: dict, value, lang: str, qualifier: str | None = None) -> str:
    """A value with its unit as people write it: "86%", "1502户", "是", "＞90%"."""
    if value is None:
        return "—"
    if result["unit"] == "yes_no":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return (qualifier or "") + format_number(value) + unit_text(result, lang)


def observed_text(result: dict, lang: str) -> str:
    shown = value_text(result, result["value"], lang, result.get("value_qualifier"))
    remark = result.get("value_remark")  # "100%（应保尽保）": the cell's own words after its number
    return f"{shown}（{remark}）" if remark and result["value"] is not None else shown


def target_text(result: dict, lang: str) -> str:
    operator, target = result["operator"], result["target"]
    if operator == "in_step_with":
        label = REFERENCE_LABEL[lang].get(result["reference"], result["reference"])
        return f"与{label}同步" if lang == "zh" else f"in step with {label}"
    if result["unit"] == "yes_no":
        return value_text(result, target, lang)
    if operator == "range":
        low, high = target
        return f"{format_number(low)}–{format_number(high)}{unit_text(result, lang)}"
    return OPERATORS[operator].symbol + value_text(result, target, lang)


def reason_text(result: dict, lang: str) -> str:
    code, p = result["reason_code"], result["reason_params"]
    zh = lang == "zh"
    if code in UNIT_REASONS:  # sub-units (issue 14): worded in checker/reports/units.py
        from checker.reports.units import unit_reason

        return unit_reason(result, lang)
    if code in ("met", "missed"):
        shown, target = observed_text(result, lang), target_text(result, lang)
        if code == "met":
            return f"{shown} 满足 {target}" if zh else f"{shown} meets {target}"
        return f"{shown} 未达到 {target}" if zh else f"{shown} misses {target}"
    if code in ("milestone_met", "behind_milestone", "behind_milestone_tolerated"):
        return _milestone_reason(result, code, p, lang)
    if code == "pending":
        shown = observed_text(result, lang)
        return f"期末（{p.get('final_year', 2025)}年）评估；目前 {shown}" if zh else f"judged in the final year; now {shown}"
    if code == "no_baseline":
        return (
            "线性进度需要2020年基数：规划和工作簿都未给出，仅供参考"
            if zh
            else "a linear milestone needs a 2020 baseline: neither the plan nor the workbook gives one (for information)"
        )
    if code == "data":
        return _data_reason(result, p, lang)
    if code == "missing":
        return f"工作簿中没有{p['year']}年的数值" if zh else f"missing: the workbook gives no value for {p['year']}"
    if code == "not_reported":
        return "未填报（补充指标，不计入未达标）" if zh else "not reported (supplementary indicator, not a failure)"
    if code == "unreadable":
        # Results saved before problems were worded in Chinese too carry only the English "problem".
        return f"无法读取：{p['cell']}：{p.get('problem_zh') or p['problem']}" if zh else f"unreadable: {p['cell']}: {p['problem']}"
    reference = REFERENCE_LABEL[lang].get(p.get("reference"), p.get("reference"))
    if code == "no_reference":
        return (
            f"需要{p['year']}年的{reference}数值（如“地区生产总值增长率”一行）才能判断"
            if zh
            else f"needs the {p['year']} figure for {reference} (a row such as 地区生产总值增长率) to compare with"
        )
    value, reference_value = format_number(p.get("value")), format_number(p.get("reference_value"))
    if code == "in_step":
        return f"{value}% 不低于{reference} {reference_value}%" if zh else f"{value}% keeps pace with {reference} {reference_value}%"
    if code == "behind_reference":
        return f"{value}% 低于{reference} {reference_value}%" if zh else f"{value}% is behind {reference} {reference_value}%"
    raise ValueError(f"no wording for reason {code!r}")


def _milestone_reason(result: dict, code: str, p: dict, lang: str) -> str:
    zh = lang == "zh"
    shown = observed_text(result, lang)
    bar = value_text(result, p["milestone"], lang)
    behind = _gap_text(result, p["behind"], lang)
    tolerance = format_number(p["tolerance"] * 100)
    if p.get("allowed") is not None:  # the allowance is a share of the whole way, not of the milestone
        allowed = _gap_text(result, p["allowed"], lang)
        within = f"在容差内（全程的{tolerance}%，即{allowed}）" if zh else f"within the tolerance ({tolerance}% of the whole way, {allowed})"
        beyond = f"超出容差（全程的{tolerance}%，即{allowed}）" if zh else f"beyond the tolerance ({tolerance}% of the whole way, {allowed})"
    else:  # a results file saved before tolerances were measured on the way
        within = f"在{tolerance}%容差内" if zh else f"within the {tolerance}% tolerance"
        beyond = f"超出{tolerance}%容差" if zh else f"beyond the {tolerance}% tolerance"
    summed = ""
    if p.get("summed_years"):
        years = p["summed_years"]
        summed = f"（{years[0]}—{years[-1]}年合计）" if zh else f" (sum of {years[0]}–{years[-1]})"
    if code == "milestone_met":
        return f"{shown}{summed} 达到{p['year']}年进度 {bar}" if zh else f"{shown}{summed} meets the {p['year']} milestone {bar}"
    if code == "behind_milestone_tolerated":
        return (
            f"{shown}{summed} 落后{p['year']}年进度 {bar} {behind}，{within}"
            if zh
            else f"{shown}{summed} is {behind} behind the {p['year']} milestone {bar}, {within}"
        )
    return (
        f"{shown}{summed} 落后{p['year']}年进度 {bar} {behind}，{beyond}"
        if zh
        else f"{shown}{summed} is {behind} behind the {p['year']} milestone {bar}, {beyond}"
    )


def _gap_text(result: dict, gap: float, lang: str) -> str:
    """A difference of two figures: points for rates (a gap between two rates is not a rate itself)."""
    if result["unit"] == "percent":
        return f"{format_number(gap)}个百分点" if lang == "zh" else f"{format_number(gap)} points"
    return value_text(result, gap, lang)


UNIT_REASONS = ("not_rolled_up", "contribution", "unit_not_reported")
DATA_PROBLEMS = {
    "units_sum_differs": (
        "{label}：合计 {stated} 与各单位之和 {units_sum} 相差 {difference}，超出单元格显示的舍入",
        "{label}: the stated total {stated} differs from the units' sum {units_sum} by {difference}, more than the cells' shown rounding",
    ),
    "formula_computed": (
        "公式结果未保存：按公式 {formula} 算得 {value}（请用 Excel 或 WPS 打开并保存一次）",
        "formula saved without its result: {value} computed from {formula} (open the file in Excel or WPS and save it once)",
    ),
    "negative_count": ("{label}为负数：{value}", "negative count for {label}: {value}"),
    "not_whole": ("{label}不是整数：{value}", "{label} is not a whole number: {value}"),
    "numerator_exceeds_denominator": ("分子 {numerator} 大于分母 {denominator}", "numerator {numerator} exceeds denominator {denominator}"),
    "rate_over_100": ("比率 {value}% 超过100%，请核实", "rate {value}% is over 100%: please verify"),
    "rate_disagrees": (
        "填报的比率 {given}% 与人数算出的 {computed}% 相差超过 {points} 个百分点",
        "the given rate {given}% differs from {computed}% computed from the counts by more than {points} points",
    ),
}


def _data_reason(result: dict, p: dict, lang: str) -> str:
    zh_template, en_template = DATA_PROBLEMS[p["problem"]]
    shown = {k: (format_number(v) if isinstance(v, (int, float)) else v) for k, v in p.items()}
    text = (zh_template if lang == "zh" else en_template).format(**shown)
    cells = "、".join(p["cells"]) if lang == "zh" else ", ".join(p["cells"])
    return f"数据核查：{text}（{cells}）" if lang == "zh" else f"data: {text} ({cells})"


def waiver_text(result: dict, lang: str) -> str:
    waiver = result.get("waiver")
    if not waiver:
        return ""
    if lang == "zh":
        return f"豁免：{waiver['justification']}（批准：{waiver['approved_by']}）"
    return f"waived: {waiver['justification']} (approved by {waiver['approved_by']})"


def full_reason(result: dict, lang: str) -> str:
    """The reason, followed by the waiver's justification when the indicator is waived."""
    reason = reason_text(result, lang)
    waiver = waiver_text(result, lang)
    return f"{reason}; {waiver}" if waiver else reason


def summary_line(summary: dict[str, int], lang: str) -> str:
    labels = STATUS_LABEL[lang]
    parts = [f"{summary[s]} {labels[s]}" for s in ("pass", "warn", "fail")]
    parts += [f"{summary[s]} {labels[s]}" for s in ("waived", "info", "not_reported") if summary.get(s)]
    checked = summary["total"] - summary["not_reported"]
    if lang == "zh":
        return f"{checked} {HEADINGS[lang]['checked']}：" + "，".join(parts)
    return f"{checked} {HEADINGS[lang]['checked']}: " + ", ".join(parts)


NOTICES = {
    "draft_plan": (
        "注意：规划 {plan} 是未经审核的草稿，{unreviewed}/{indicators} 项指标仍标有 review = \"needed\"，结果仅供参考",
        "Warning: plan {plan} is an unreviewed draft: {unreviewed} of {indicators} indicators still carry review = \"needed\"; results are provisional",
    ),
    "low_coverage": (
        "注意：工作簿中只找到规划 {plan} 的 {found}/{total} 项主要指标（不到一半）：工作簿可能不是按此规划填报，或其表格未被正确读取，请核对",
        "Warning: only {found} of the {total} main indicators of plan {plan} were found in the workbook (fewer than half): "
        "it may not follow this plan, or its table was not read right; please verify",
    ),
    "plan_inferred": (
        "规划 {plan} 是根据 {cell} 中的“{name}”推断的；如不对，请用 --plan 指定",
        "Plan {plan} was inferred from \"{name}\" at {cell}; give --plan if it is not the right one",
    ),
}


def notice_lines(document: dict, lang: str) -> list[str]:
    """The warnings every format shows above the results (a draft plan, too little of the plan found …)."""
    lines = []
    for notice in document.get("notices", ()):
        zh, en = NOTICES[notice["code"]]
        lines.append((zh if lang == "zh" else en).format(plan=document["plan"], **notice["params"]))
    return lines
