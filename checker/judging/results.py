"""Report → the results document: plain data in the JSON shape, which every renderer reads.

Keeping renderers on this one document means a saved JSON result can be re-rendered later
(`checker render`) and results can cross process boundaries unchanged.
"""

from __future__ import annotations

from checker.judging.evaluate import Report, Result
from checker.plans.loading import Indicator, Plan
from checker.judging.trajectory import METHOD, TOLERANCE

SCHEMA_VERSION = 1


def report_document(report: Report) -> dict:
    plan = report.plan
    return {
        "schema_version": SCHEMA_VERSION,
        "plan": plan.id,
        "plan_title": plan.title,
        "plan_title_en": plan.title_en,
        "document_number": plan.document_number,
        "year": report.year,
        "file": report.file,
        "summary": report.summary,
        "results": results_of(report),
        "unmatched_rows": [{"label": row.label, "cell": str(row.cell), "cells": [row.cell.as_json()]} for row in report.unmatched_rows],
        "method": method(report.plan, report.year),
        "notices": notices(report),
        "coverage": report.coverage,
        "plan_inferred_from": report.plan_from,
    }


def notices(report: Report) -> list[dict]:
    """What a reader must know before trusting any line of the report, shown at the top of every format."""
    found = []
    unreviewed = report.plan.unreviewed
    if unreviewed:
        found.append({
            "code": "draft_plan",
            "params": {"unreviewed": len(unreviewed), "indicators": len(report.plan.indicators), "ids": [i.id for i in unreviewed]},
        })
    coverage = report.coverage
    if coverage and coverage["warning"]:
        found.append({"code": "low_coverage", "params": {"found": coverage["main_found"], "total": coverage["main_total"]}})
    if report.plan_from:
        found.append({"code": "plan_inferred", "params": {"name": report.plan_from["name"], "cell": report.plan_from["cell"]}})
    return found


def method(plan: Plan, year: int) -> dict:
    """How the verdicts were reached, so a reviewer can reproduce each by hand."""
    years = {"b": plan.baseline_year, "f": plan.final_year, "first": plan.baseline_year + 1}
    return {
        "final_year": plan.final_year,
        "baseline_year": plan.baseline_year,
        "milestones_apply": year < plan.final_year,
        "trajectories": {kind: text.format(**years) for kind, text in METHOD.items()},
        "tolerance": TOLERANCE,
        "rounding": "values are compared as the workbook shows them (its number format's decimals)",
    }


def indicator_document(indicator: Indicator) -> dict:
    """What the plan says about one indicator, as plain data."""
    target = indicator.target
    if isinstance(target, tuple):
        target = list(target)
    elif indicator.unit == "yes_no" and target is not None:
        target = bool(target)
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
        "unit": indicator.unit,
        "unit_label": indicator.unit_label,
        "trajectory": indicator.trajectory,
        "tolerance": indicator.tolerance,
        "section": indicator.section,
        "quote": indicator.quote,
    }


def results_of(report: Report, described: dict | None = None) -> list[dict]:
    """The report's results as plain data; `described`: each indicator's indicator_document by id, made
    once for the many reports of one workbook's units (checker/units/document.py) and shared by them."""
    described = {} if described is None else described
    return [_result(result, described) for result in report.results]


def _result(result: Result, described: dict) -> dict:
    value = result.value
    indicator = result.indicator
    if indicator.unit == "yes_no" and value is not None:
        value = bool(value)
    known = described.get(indicator.id)
    if known is None or known[0] is not indicator:
        known = described[indicator.id] = (indicator, indicator_document(indicator))
    plan_fields = known[1]
    return {
        **plan_fields,
        "kind": result.kind,
        "value": value,
        "value_qualifier": result.qualifier,
        "value_remark": result.remark,
        "cell": result.cell,
        "cells": [cell.as_json() for cell in result.cells],
        "hidden_row": result.hidden,
        "matched_by": result.matched_by,
        "reference_value": result.reference_value,
        "reference_cell": str(result.reference_cell) if result.reference_cell else None,
        "milestone": result.milestone,
        "baseline": result.baseline,
        "baseline_source": result.baseline_source,
        "gap": result.gap,
        "share_of_target": result.share_of_target,
        "values_by_year": {str(year): value for year, value in sorted(result.values_by_year.items())},
        "waiver": result.waiver,
        "derived": result.derived,
        "verdict": result.verdict,
        "status": result.status,
        "reason_code": result.reason.code,
        "reason_params": result.reason.params,
    }
