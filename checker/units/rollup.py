"""The area's figures from its units' figures, by the roll-up rules (pure).

- Counts (persons, person-times, households, count) are summed, when every unit gives one.
- A rate is recomputed from the summed numerators and denominators the workbook gives (the plan's
  numerator/denominator pairs); rates are never averaged. A rate without counts is not rolled up.
- Growth and in-step indicators, yes/no answers and amounts (元: a standard, not a total) are not
  rolled up: adding or averaging them gives no figure of the area.

What is rolled up becomes observations of the area, which the single-area evaluator judges as it
judges any workbook; what is not gets a `Gap` saying why, which becomes the area's not_reported reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from checker.cells import CellRef
from checker.judging.match import Matches, match
from checker.plans.loading import Indicator, Plan
from checker.reading.values import ValueProblem, is_missing, read_value, round_shown
from checker.reading.workbook import Observation
from checker.records import record

SUMMED_UNITS = ("persons", "person_times", "households", "count")
ROLES = ("numerator", "denominator")
GROWTH_WORDS = ("增速", "增长率", "年均增长")
# Rows of the observations made for rolled-up figures: far below any real row, so never confused with one.
ROLLED_UP_ROW = 1_000_000

Key = tuple[str, str]  # ("indicator" | "numerator" | "denominator", indicator id)


def is_growth(indicator: Indicator) -> bool:
    return indicator.operator == "in_step_with" or any(word in indicator.name for word in GROWTH_WORDS)


def rule(indicator: Indicator) -> str:
    """How an indicator is rolled up: "sum", "rate" (from summed counts), or why not: growth, yes_no, amount."""
    if is_growth(indicator):
        return "growth"
    if indicator.unit == "yes_no":
        return "yes_no"
    if indicator.unit == "yuan":
        return "amount"
    if indicator.unit in SUMMED_UNITS:
        return "sum"
    return "rate"


def applies_to_each_unit(indicator: Indicator) -> bool:
    """A count target set for the whole area (1502 户) is not applied to one unit; rates and levels are,
    and so is a count the plan asks of each sub-unit (scope per_subunit)."""
    return rule(indicator) != "sum" or indicator.scope == "per_subunit"


@record
class Figure:
    """One unit's figure for one key, year and kind (annual or 累计)."""

    unit: str
    observation: Observation
    value: float | None = None
    decimals: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Group:
    """Every unit's figure for one key in one year (annual or 累计)."""

    key: Key
    year: int
    cumulative: bool
    figures: dict[str, Figure]  # unit → its figure; a unit that gives none is absent

    def missing(self, units: tuple[str, ...]) -> list[str]:
        return [unit for unit in units if unit not in self.figures or (self.figures[unit].value is None and self.figures[unit].problem is None)]

    def unreadable(self) -> list[Figure]:
        return [figure for figure in self.figures.values() if figure.problem is not None]

    def complete(self, units: tuple[str, ...]) -> bool:
        return not self.missing(units) and not self.unreadable()

    @property
    def total(self) -> float:
        return round(sum(figure.value for figure in self.figures.values() if figure.value is not None), 6)

    @property
    def rounding(self) -> float:
        """How far the sum of the figures as shown may lie from the sum of the figures as typed."""
        return sum(0.5 * 10 ** -figure.decimals for figure in self.figures.values() if figure.decimals is not None)

    @property
    def cells(self) -> tuple[CellRef, ...]:
        return tuple(figure.observation.ref for figure in self.figures.values())

    @property
    def span(self) -> str:
        return span(self.cells)


def span(cells: tuple[CellRef, ...]) -> str:
    """The units' cells as a range per sheet, 分县统计!C5:P5, for people to find them."""
    by_sheet: dict[str, list[CellRef]] = {}
    for cell in cells:
        by_sheet.setdefault(cell.sheet, []).append(cell)
    parts = []
    for sheet, refs in by_sheet.items():
        first, last = refs[0].coordinate, refs[-1].coordinate
        parts.append(f"{sheet}!{first}" if first == last else f"{sheet}!{first}:{last}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Gap:
    """Why an indicator of the area is not rolled up from its units (reason `not_rolled_up`)."""

    why: str  # growth, yes_no, amount, rate_without_counts, units_missing, unreadable, zero_denominator
    units: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()  # the counts a rate needs that the units do not give
    cells: tuple[str, ...] = ()

    def params(self) -> dict:
        return {"why": self.why, "units": list(self.units), "counts": list(self.counts), "cells": list(self.cells)}


def _unit_of(plan: Plan, key: Key) -> str:
    role, indicator_id = key
    indicator = plan.indicator(indicator_id)
    if role == "indicator":
        return indicator.unit
    return getattr(indicator, role).unit


def groups(plan: Plan, observations: tuple[Observation, ...], undated_year: int,
           unit_of: Callable[[Observation], str | None] = lambda o: o.unit, matches: Matches | None = None) -> dict[tuple[Key, int, bool], Group]:
    """Every unit's figures, by key, year and kind; the first figure a unit gives for a slot counts
    (a unit that gives two different ones is refused when the unit itself is judged). `matches`: the
    observations already matched to the plan."""
    matches = matches if matches is not None else match(plan, observations)
    keyed: list[tuple[Key, tuple[Observation, ...]]] = [(("indicator", i), rows) for i, rows in matches.indicators.items()]
    keyed += [((role, i), rows) for (i, role), rows in matches.items.items()]
    found: dict[tuple[Key, int, bool], dict[str, Figure]] = {}
    for key, rows in keyed:
        unit = _unit_of(plan, key)
        for observation in rows:
            name = unit_of(observation)
            if name is None:
                continue
            slot = (key, observation.year if observation.year is not None else undated_year, observation.cumulative)
            figures = found.setdefault(slot, {})
            current = figures.get(name)
            if current is not None and (current.value is not None or current.problem is not None):
                continue
            figures[name] = _figure(name, observation, unit)
    return {slot: Group(slot[0], slot[1], slot[2], figures) for slot, figures in found.items()}


def _figure(name: str, observation: Observation, unit: str) -> Figure:
    if is_missing(observation.raw):
        return Figure(name, observation)
    try:
        reading = read_value(observation.raw, unit, number_format=observation.number_format, unit_hint=observation.unit_hint)
    except ValueProblem as problem:
        return Figure(name, observation, problem=str(problem))
    return Figure(name, observation, round_shown(reading), reading.decimals)


def summable(plan: Plan, key: Key) -> bool:
    """Keys whose figures are summed: counts, and the numerators and denominators of rates."""
    role, indicator_id = key
    indicator = plan.indicator(indicator_id)
    if role != "indicator":
        return rule(indicator) == "rate"
    return rule(indicator) == "sum"


def rolled_up_observations(plan: Plan, found: dict[tuple[Key, int, bool], Group], units: tuple[str, ...],
                           skip: set[Key]) -> tuple[tuple[Observation, ...], dict[CellRef, Group], Matches]:
    """The area's observations made from complete groups of summable keys (not those in `skip`, which
    the area states itself), for each made cell the group it sums, and their matches (made, not searched)."""
    rows: dict[Key, int] = {}
    made: list[Observation] = []
    indicators: dict[str, tuple[Observation, ...]] = {}
    items: dict[tuple[str, str], tuple[Observation, ...]] = {}
    sources: dict[CellRef, Group] = {}
    for (key, year, cumulative), group in sorted(found.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])):
        if key in skip or not summable(plan, key) or not group.complete(units):
            continue
        row = rows.setdefault(key, ROLLED_UP_ROW + len(rows))
        role, indicator_id = key
        indicator = plan.indicator(indicator_id)
        first = next(iter(group.figures.values())).observation
        observation = Observation(
            label=indicator.name if role == "indicator" else getattr(indicator, role).name,
            raw=group.total,
            sheet=first.sheet,
            cell=f"A{row}",
            row=row,
            year=year,
            key=indicator.id if role == "indicator" else None,
            cumulative=cumulative,
        )
        made.append(observation)
        sources[observation.ref] = group
        if role == "indicator":
            indicators[indicator_id] = indicators.get(indicator_id, ()) + (observation,)
        else:
            items[(indicator_id, role)] = items.get((indicator_id, role), ()) + (observation,)
    return tuple(made), sources, Matches(indicators=indicators, references={}, items=items, unmatched=(), how={})


def gap(plan: Plan, indicator: Indicator, found: dict[tuple[Key, int, bool], Group], units: tuple[str, ...], year: int) -> Gap | None:
    """Why the indicator has no rolled-up figure for `year`; None when the units give nothing for it at all."""
    how = rule(indicator)
    keys = {("indicator", indicator.id)} | {(role, indicator.id) for role in ROLES}
    given = [group for (key, _year, _cumulative), group in found.items() if key in keys]
    if not given:
        return None
    if how in ("growth", "yes_no", "amount"):
        return Gap(how)
    if how == "sum":
        slots = [found[s] for s in ((("indicator", indicator.id), year, True), (("indicator", indicator.id), year, False)) if s in found]
        return _incomplete(slots[0], units) if slots else Gap("units_missing", units)
    if indicator.numerator is None or indicator.denominator is None:
        return Gap("rate_without_counts")
    lacking_counts, lacking_units = [], []
    for role in ROLES:
        group = found.get(((role, indicator.id), year, False))
        unreadable = group.unreadable() if group else []
        if unreadable:
            return Gap("unreadable", cells=tuple(f.observation.location for f in unreadable))
        missing = group.missing(units) if group else list(units)
        if missing:
            lacking_counts.append(getattr(indicator, role).name)
            lacking_units += [unit for unit in missing if unit not in lacking_units]
    if lacking_counts:
        return Gap("rate_without_counts", tuple(lacking_units) if len(lacking_units) < len(units) else (), tuple(lacking_counts))
    return Gap("zero_denominator")


def _incomplete(group: Group, units: tuple[str, ...]) -> Gap:
    unreadable = group.unreadable()
    if unreadable:
        return Gap("unreadable", cells=tuple(f.observation.location for f in unreadable))
    return Gap("units_missing", tuple(group.missing(units)))
