"""A workbook with sub-units → the area's report, every unit's report, and the stated totals checked.

Each unit is judged by the single-area evaluator on its own observations. The area is judged on its
stated figures (a 合计/全市 column or row) and, for what it does not state, on figures rolled up from
its units (rollup.py). A stated total that differs from the units' sum by more than the cells' shown
rounding keeps the stated figure, and becomes a warning (a data finding) and a `consistency` entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from checker.cells import CellRef
from checker.judging.evaluate import Reason, Report, Result, UnmatchedRow, evaluate
from checker.judging.match import Matches, match
from checker.plans.loading import Indicator, Plan
from checker.plans.waivers import Waiver
from checker.reading.workbook import Observation, WorkbookData
from checker.units import rollup
from checker.units.names import check_unit_names
from checker.units.rollup import Group, Key, ROLLED_UP_ROW

CONSISTENCY_STATUS = "warn"
COMPUTED_RATE_ROUNDING = 0.005
AREA = "\0area"  # the area's own figures, grouped like a unit's to compare them  # rate_from_counts rounds to two decimals


@dataclass(frozen=True)
class UnitReport:
    name: str  # as written
    report: Report
    empty: bool = False  # the unit gives no figure at all: not reported, never 0


@dataclass(frozen=True)
class Inconsistency:
    """A stated total that is not the sum of its units' figures (beyond the cells' shown rounding)."""

    id: str
    name: str
    item: str | None  # "numerator" / "denominator" for a rate's counts; None for the indicator itself
    year: int
    stated: float
    units_sum: float
    cell: CellRef  # the stated total
    units_cells: str  # the units' cells, 分县统计!C5:P5


@dataclass(frozen=True)
class UnitsReport:
    area: Report
    units: tuple[UnitReport, ...]  # in workbook order
    consistency: tuple[Inconsistency, ...] = ()
    rolled_up: dict[str, str] = field(default_factory=dict)  # indicator id → the units' cells its area figure sums
    units_sums: dict[str, float] = field(default_factory=dict)  # indicator id → the units' sum beside a differing total
    area_name: str | None = None
    missing_units: tuple[str, ...] = ()  # the plan's sub-units the workbook does not give

    def exit_code(self, fail_on_warn: bool = False) -> int:
        return max([self.area.exit_code(fail_on_warn), *(unit.report.exit_code(fail_on_warn) for unit in self.units)])

    @property
    def source(self) -> str:
        """"total": the area's figures are the workbook's own; "units": all rolled up; "mixed"."""
        stated = any(r.kind == "target" and r.value is not None and r.indicator.id not in self.rolled_up for r in self.area.results)
        if not self.rolled_up:
            return "total"
        return "mixed" if stated else "units"


def unit_names(data: WorkbookData) -> tuple[str, ...]:
    """The units in workbook order: the reader's list, else the order they first appear in."""
    if data.units:
        return tuple(data.units)
    return tuple(dict.fromkeys(o.unit for o in data.observations if o.unit is not None))


def judge_units(plan: Plan, data: WorkbookData, year: int, *, require_all: bool = False, waivers: tuple[Waiver, ...] = (),
                plan_from: dict | None = None, matches: Matches | None = None) -> UnitsReport:
    """`plan_from`: where an inferred plan was named, and `matches`: the workbook's rows already matched to
    the plan (require_indicators), as evaluate takes them."""
    units = unit_names(data)
    by_unit: dict[str, list[Observation]] = {}
    area_list: list[Observation] = []
    for observation in data.observations:
        if observation.unit is None:
            area_list.append(observation)
        else:
            by_unit.setdefault(observation.unit, []).append(observation)
    # Each unit's first cells, for the message of a refused name.
    where = {name: [o.location for o in observations[:4]] for name, observations in by_unit.items()}
    check_unit_names(units, where, plan.area, data.file)
    names = tuple(dict.fromkeys(units))
    undated_year = data.context_year if data.context_year is not None else (data.years[-1] if data.years else year)
    unit_observations = tuple(o for o in data.observations if o.unit is not None)
    area_observations = tuple(area_list)
    # The plan's names are matched once for the whole workbook (matching is most of a small check's
    # time); each unit and the area take their share of the matches.
    matches = matches if matches is not None else match(plan, data.observations)
    unit_matches = _only(matches, lambda o: o.unit is not None)
    area_matches = _only(matches, lambda o: o.unit is None)
    found = rollup.groups(plan, unit_observations, undated_year, matches=unit_matches)
    stated = _stated_keys(area_matches)
    made, sources, made_matches = rollup.rolled_up_observations(plan, found, names, stated)
    area_data = replace(data, observations=area_observations + made, units=())
    area = _area_report(plan, data, area_data, _joined(area_matches, made_matches), year, require_all, waivers)
    area, rolled_up = _mark_rolled_up(area, sources)
    area = _explain_gaps(plan, area, found, names, year, stated, rolled_up)
    consistency = _consistency(plan, area_observations, area_matches, found, names, undated_year)
    area, units_sums = _with_consistency(area, consistency, year)
    unmatched = tuple(UnmatchedRow(o.label, o.ref) for o in matches.unmatched)
    area = replace(area, unmatched_rows=unmatched, plan_from=plan_from)
    values = {r.indicator.id: r.value for r in area.results if r.kind == "target"}
    # A unit is judged on the indicators the units give: the plan's others would be "not reported" in
    # every unit's row, and judging them fourteen times over is most of a city workbook's check.
    given = set(unit_matches.indicators) | {indicator_id for indicator_id, _role in unit_matches.items}
    unit_plan = replace(plan, indicators=tuple(i for i in plan.indicators if i.id in given)) if given else plan
    each_unit = _by_unit(unit_matches, names)
    shares = {i.id for i in unit_plan.indicators if not rollup.applies_to_each_unit(i)}  # area-wide count targets
    judging = _EachUnit(unit_plan, data, year, require_all, waivers, values, shares)
    judged = tuple(judging.report(name, tuple(by_unit.get(name, ())), each_unit[name]) for name in names)
    missing = tuple(unit for unit in plan.subunits if unit not in names) if set(names) & set(plan.subunits) else ()
    return UnitsReport(area, judged, consistency, rolled_up, units_sums, plan.area, missing)


def _only(matches: Matches, keep: Callable[[Observation], bool]) -> Matches:
    """The matches of the observations `keep` accepts."""

    def kept(found: dict) -> dict:
        return {key: rows for key, observations in found.items() if (rows := tuple(o for o in observations if keep(o)))}

    return Matches(indicators=kept(matches.indicators), references=kept(matches.references), items=kept(matches.items),
                   unmatched=tuple(o for o in matches.unmatched if keep(o)), how=matches.how)


def _by_unit(matches: Matches, names: tuple[str, ...]) -> dict[str, Matches]:
    """Each unit's share of the matches, in one pass over them (as `_only` per unit would give)."""
    found: dict[str, dict[str, dict]] = {name: {"indicators": {}, "references": {}, "items": {}} for name in names}
    for part in ("indicators", "references", "items"):
        for key, observations in getattr(matches, part).items():
            for observation in observations:
                shares = found[observation.unit][part]
                shares[key] = shares.get(key, ()) + (observation,)
    unmatched: dict[str, list[Observation]] = {name: [] for name in names}
    for observation in matches.unmatched:
        unmatched[observation.unit].append(observation)
    return {
        name: Matches(indicators=parts["indicators"], references=parts["references"], items=parts["items"],
                      unmatched=tuple(unmatched[name]), how=matches.how)
        for name, parts in found.items()
    }


def _joined(first: Matches, second: Matches) -> Matches:
    def both(a: dict, b: dict) -> dict:
        return {key: a.get(key, ()) + b.get(key, ()) for key in {**a, **b}}

    return Matches(indicators=both(first.indicators, second.indicators), references=both(first.references, second.references),
                   items=both(first.items, second.items), unmatched=first.unmatched + second.unmatched, how={**first.how, **second.how})


def _found_any(matches: Matches) -> bool:
    return bool(matches.indicators or matches.items)


def _stated_keys(matches: Matches) -> set[Key]:
    """What the area states itself (a figure in its total column or row, or on a sheet without units).

    A rate the area states keeps its counts from being rolled up: the stated rate is what is judged,
    and the units' counts are checked against it instead.
    """
    stated: set[Key] = set()
    for indicator_id, rows in matches.indicators.items():
        if any(not _blank(o) for o in rows):
            stated.add(("indicator", indicator_id))
            stated |= {(role, indicator_id) for role in rollup.ROLES}
    for (indicator_id, role), rows in matches.items.items():
        if any(not _blank(o) for o in rows):
            stated |= {(r, indicator_id) for r in rollup.ROLES}
    return stated


def _blank(observation: Observation) -> bool:
    from checker.reading.values import is_missing

    return is_missing(observation.raw)


def _area_report(plan: Plan, data: WorkbookData, area_data: WorkbookData, matches: Matches, year: int, require_all: bool,
                 waivers: tuple[Waiver, ...]) -> Report:
    """The area judged on its stated and rolled-up figures; when it has none at all, every indicator
    unreported (the units may still give rates without counts, which is said per indicator later)."""
    if _found_any(matches):
        return evaluate(plan, area_data, year, require_all=require_all, waivers=waivers, matches=matches)
    results = tuple(Result(i, "not_reported", Reason("not_reported", {"year": year}), verdict="insufficient") for i in plan.indicators)
    return Report(plan=plan, file=data.file, year=year, results=results, unmatched_rows=())


def _mark_rolled_up(area: Report, sources: dict[CellRef, Group]) -> tuple[Report, dict[str, str]]:
    """Rolled-up figures have no cell of their own: their results name the units' cells instead."""
    rolled_up: dict[str, str] = {}
    results = []
    for result in area.results:
        made = [cell for cell in result.cells if cell.row >= ROLLED_UP_ROW]
        if not made:
            results.append(result)
            continue
        spans = [sources[cell].span for cell in made if cell in sources]
        if result.kind == "target":
            rolled_up[result.indicator.id] = "; ".join(spans)
        derived = result.derived
        if derived:
            derived = dict(derived)
            for role in rollup.ROLES:
                part = derived.get(role)
                if part and part.get("cell"):
                    group = next((g for c, g in sources.items() if str(c) == part["cell"]), None)
                    derived[role] = dict(part, cell=group.span if group else None)
        params = result.reason.params
        if "cell" in params or "cells" in params:
            params = dict(params)
            if "cells" in params:
                params["cells"] = ["; ".join(spans)]
            if "cell" in params:
                params["cell"] = "; ".join(spans)
        kept = tuple(cell for cell in result.cells if cell.row < ROLLED_UP_ROW)
        results.append(replace(result, cells=kept, matched_by=None if not kept else result.matched_by, derived=derived,
                               reason=Reason(result.reason.code, params)))
    return replace(area, results=tuple(results)), rolled_up


def _explain_gaps(plan: Plan, area: Report, found: dict, units: tuple[str, ...], year: int, stated: set[Key],
                  rolled_up: dict[str, str]) -> Report:
    """An area figure that neither the area states nor the units roll up to: not reported, and why."""
    results = []
    for result in area.results:
        indicator = result.indicator
        if (
            result.kind == "target" and result.value is None and result.status != "waived"
            and ("indicator", indicator.id) not in stated and indicator.id not in rolled_up
            and result.reason.code in ("missing", "not_reported", "no_reference")
        ):
            why = rollup.gap(plan, indicator, found, units, year)
            if why is not None:
                result = replace(result, status="not_reported", reason=Reason("not_rolled_up", why.params()), verdict="insufficient")
        results.append(result)
    return replace(area, results=tuple(results))


def _consistency(plan: Plan, area_observations: tuple[Observation, ...], area_matches: Matches, found: dict,
                 units: tuple[str, ...], undated_year: int) -> tuple[Inconsistency, ...]:
    """Stated totals against their units: counts against the units' sum, a stated rate against the rate
    of the units' summed counts. Differences within the cells' shown rounding are no difference."""
    if not area_observations:
        return ()
    totals = rollup.groups(plan, area_observations, undated_year, unit_of=lambda o: AREA, matches=area_matches)
    stated = {slot: group.figures[AREA] for slot, group in totals.items() if AREA in group.figures}
    found_list: list[Inconsistency] = []
    for (key, year, cumulative), figure in stated.items():
        if figure.value is None:
            continue
        role, indicator_id = key
        indicator = plan.indicator(indicator_id)
        own_rounding = 0.5 * 10 ** -figure.decimals if figure.decimals is not None else 0.0
        if rollup.summable(plan, key):
            group = found.get((key, year, cumulative))
            if group is None or not group.complete(units):
                continue
            units_sum, allowed, cells = group.total, group.rounding + own_rounding, group.span
        elif role == "indicator" and rollup.rule(indicator) == "rate" and indicator.numerator and indicator.denominator:
            parts = [found.get(((r, indicator_id), year, cumulative)) for r in rollup.ROLES]
            if any(p is None or not p.complete(units) for p in parts) or parts[1].total <= 0:
                continue
            units_sum = round(parts[0].total / parts[1].total * 100, 2)
            allowed, cells = own_rounding + COMPUTED_RATE_ROUNDING, f"{parts[0].span} / {parts[1].span}"
        else:
            continue
        if abs(figure.value - units_sum) > allowed + 1e-9:
            found_list.append(Inconsistency(indicator_id, _name(indicator, role), None if role == "indicator" else role,
                                            year, figure.value, units_sum, figure.observation.ref, cells))
    order = {i.id: n for n, i in enumerate(plan.indicators)}
    return tuple(sorted(found_list, key=lambda i: (order[i.id], i.item or "", i.year)))


def _name(indicator: Indicator, role: str) -> str:
    return indicator.name if role == "indicator" else getattr(indicator, role).name


def _with_consistency(area: Report, consistency: tuple[Inconsistency, ...], year: int) -> tuple[Report, dict[str, float]]:
    """Each inconsistency as a warning after its indicator's results; the judged figure keeps the stated total."""
    units_sums: dict[str, float] = {}
    by_id: dict[str, list[Inconsistency]] = {}
    for entry in consistency:
        by_id.setdefault(entry.id, []).append(entry)
    results: list[Result] = []
    for result in area.results:
        results.append(result)
        if result.kind != "target":
            continue
        for entry in by_id.get(result.indicator.id, ()):
            if entry.item is None and entry.cell in result.cells:
                units_sums[entry.id] = entry.units_sum
            params = {
                "problem": "units_sum_differs", "label": entry.name, "stated": entry.stated, "units_sum": entry.units_sum,
                "difference": round(abs(entry.stated - entry.units_sum), 6), "year": entry.year,
                "cells": [str(entry.cell), entry.units_cells],
            }
            results.append(Result(result.indicator, CONSISTENCY_STATUS, Reason("data", params), cells=(entry.cell,), kind="data"))
    return replace(area, results=tuple(results)), units_sums


@dataclass(frozen=True)
class _EachUnit:
    """What every unit of a workbook is judged with; `report` judges one unit on its own figures."""

    plan: Plan
    data: WorkbookData
    year: int
    require_all: bool
    waivers: tuple[Waiver, ...]
    area_values: dict[str, float | None]
    shares: set[str]  # the indicators whose target is the area's alone (a count): a unit's figure is its share

    def report(self, name: str, observations: tuple[Observation, ...], matches: Matches) -> UnitReport:
        from checker.reading.values import is_missing

        plan, year = self.plan, self.year
        empty = all(is_missing(o.raw) for o in observations)
        unit_data = replace(self.data, observations=observations, units=())
        if observations and _found_any(matches):
            report = evaluate(plan, unit_data, year, require_all=self.require_all, waivers=self.waivers, matches=matches)
        else:
            results = tuple(Result(i, "not_reported", Reason("not_reported", {"year": year}), verdict="insufficient") for i in plan.indicators)
            report = Report(plan=plan, file=self.data.file, year=year, results=results, unmatched_rows=())
        results = []
        for result in report.results:
            indicator = result.indicator
            if result.kind == "target" and result.value is None and result.reason.code in ("missing", "not_reported"):
                result = replace(result, status="not_reported", reason=Reason("unit_not_reported", {"year": year, "unit": name}))
            elif result.kind == "target" and result.value is not None and indicator.id in self.shares and result.status != "waived":
                result = _contribution(result, self.area_values.get(indicator.id))
            results.append(result)
        return UnitReport(name, replace(report, results=tuple(results), unmatched_rows=()), empty)


def _contribution(result: Result, area_value: float | None) -> Result:
    """A unit's part of an area-wide count target: its share of the area's figure, not a verdict."""
    share = round(result.value / area_value * 100, 1) if area_value else None
    params = {"value": result.value, "area_value": area_value, "share": share}
    return replace(result, status="info", reason=Reason("contribution", params), verdict=None, milestone=None)
