"""Machine-readable results. The field names here are a contract: see README "JSON output"."""

from __future__ import annotations

import json

from checker.evaluate import Report, Result
from checker.messages import reason_text

SCHEMA_VERSION = 1


def to_dict(report: Report, lang: str = "zh") -> dict:
    plan = report.plan
    return {
        "schema_version": SCHEMA_VERSION,
        "plan": plan.id,
        "plan_title": plan.title,
        "document_number": plan.document_number,
        "year": report.year,
        "file": report.file,
        "summary": report.summary,
        "results": [_result(r, lang) for r in report.results],
        "unmatched_rows": [{"label": row.label, "cell": row.cell} for row in report.unmatched_rows],
    }


def _result(result: Result, lang: str) -> dict:
    indicator = result.indicator
    target = indicator.target
    if isinstance(target, tuple):
        target = list(target)
    elif indicator.unit == "yes_no" and target is not None:
        target = bool(target)
    value = result.value
    if indicator.unit == "yes_no" and value is not None:
        value = bool(value)
    return {
        "id": indicator.id,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "attribute": indicator.attribute,
        "attribute_basis": indicator.attribute_basis,
        "tier": indicator.tier,
        "operator": indicator.operator,
        "target": target,
        "reference": indicator.reference,
        "reference_value": result.reference_value,
        "reference_cell": result.reference_cell,
        "unit": indicator.unit,
        "value": value,
        "cell": result.cell,
        "hidden_row": result.hidden,
        "matched_by": result.matched_by,
        "status": result.status,
        "reason_code": result.reason.code,
        "reason": reason_text(result, lang),
        "section": indicator.section,
        "quote": indicator.quote,
    }


def render(report: Report, lang: str = "zh", color: bool = False) -> str:
    return json.dumps(to_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
