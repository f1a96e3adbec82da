"""UnitsReport → the results document: the area's document as for any workbook, plus its units.

Added fields (a workbook without units has none of them):

- `area`: {"name", "source" ("total": the workbook's own total; "units": rolled up; "mixed"), "units"
  (names in workbook order), "missing_units" (the plan's sub-units not given), "complete"};
- `units`: [{"unit", "summary", "results", "empty"}] in workbook order, results in the shape of the
  top-level ones;
- `consistency`: [{"id", "name", "item", "year", "stated", "units_sum", "cell", "units_cells"}], a stated
  total that differs from its units' sum by more than the cells' shown rounding;
- on area results: `rolled_up` (the units' cells a rolled-up figure sums) and `units_sum` (beside a
  stated total that differs from it).
"""

from __future__ import annotations

from checker.judging.results import report_document, results_of
from checker.units.judge import UnitsReport


def units_document(report: UnitsReport) -> dict:
    document = report_document(report.area)
    described: dict = {}  # the plan's fields of each indicator, the same in every unit's results
    for result in document["results"]:
        if result.get("kind", "target") != "target":
            continue
        if result["id"] in report.rolled_up:
            result["rolled_up"] = report.rolled_up[result["id"]]
        if result["id"] in report.units_sums:
            result["units_sum"] = report.units_sums[result["id"]]
    document["area"] = area_document(report)
    document["units"] = [_unit(unit, described) for unit in report.units]
    document["consistency"] = consistency_document(report)
    return document


def area_document(report: UnitsReport) -> dict:
    """The `area` field: whose figures the area's are, its units, and the plan's sub-units it lacks."""
    return {
        "name": report.area_name,
        "source": report.source,
        "units": [unit.name for unit in report.units],
        "missing_units": list(report.missing_units),
        "complete": not report.missing_units,
    }


def consistency_document(report: UnitsReport) -> list[dict]:
    """The `consistency` field: stated totals that differ from their units' sum."""
    return [
        {
            "id": entry.id, "name": entry.name, "item": entry.item, "year": entry.year, "stated": entry.stated,
            "units_sum": entry.units_sum, "cell": str(entry.cell), "units_cells": entry.units_cells,
        }
        for entry in report.consistency
    ]


def _unit(unit, described: dict) -> dict:
    """A unit's summary and results, as report_document words them (its other fields are the area's)."""
    return {"unit": unit.name, "summary": unit.report.summary, "results": results_of(unit.report, described), "empty": unit.empty}


def has_units(document: dict) -> bool:
    return bool(document.get("units"))
