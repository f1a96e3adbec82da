"""How results are worded for people, in Chinese (default) and English. Every renderer uses these."""

from __future__ import annotations

from checker.evaluate import format_number

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
OPERATOR_SYMBOL = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}
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
    return value_text(result, result["value"], lang, result.get("value_qualifier"))


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
    return OPERATOR_SYMBOL[operator] + value_text(result, target, lang)


def reason_text(result: dict, lang: str) -> str:
    code, p = result["reason_code"], result["reason_params"]
    zh = lang == "zh"
    if code in ("met", "missed"):
        shown, target = observed_text(result, lang), target_text(result, lang)
        if code == "met":
            return f"{shown} 满足 {target}" if zh else f"{shown} meets {target}"
        return f"{shown} 未达到 {target}" if zh else f"{shown} misses {target}"
    if code == "missing":
        return f"工作簿中没有{p['year']}年的数值" if zh else f"missing: the workbook gives no value for {p['year']}"
    if code == "not_reported":
        return "未填报（补充指标，不计入未达标）" if zh else "not reported (supplementary indicator, not a failure)"
    if code == "unreadable":
        return f"{p['cell']}: {p['problem']}" if zh else f"unreadable: {p['cell']}: {p['problem']}"
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


def summary_line(summary: dict[str, int], lang: str) -> str:
    labels = STATUS_LABEL[lang]
    parts = [f"{summary[s]} {labels[s]}" for s in ("pass", "warn", "fail")]
    parts += [f"{summary[s]} {labels[s]}" for s in ("waived", "info", "not_reported") if summary.get(s)]
    checked = summary["total"] - summary["not_reported"]
    if lang == "zh":
        return f"{checked} {HEADINGS[lang]['checked']}：" + "，".join(parts)
    return f"{checked} {HEADINGS[lang]['checked']}: " + ", ".join(parts)
