"""(plan, observations, year) → results. A pure function: no files, no printing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.errors import CheckerError
from checker.match import Matches, match
from checker.plan import Indicator, Plan
from checker.values import Reading, ValueProblem, is_missing, read_value, round_shown
from checker.workbook import Observation, WorkbookData

STATUSES = ("pass", "warn", "fail", "not_reported", "info", "waived")


@dataclass(frozen=True)
class Reason:
    """Why a result has its status; messages.py words it in Chinese or English."""

    code: str  # met, missed, missing, unreadable, not_reported, no_reference, in_step, behind_reference
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    status: str
    reason: Reason
    value: float | None = None
    cell: str | None = None
    hidden: bool = False
    matched_by: str | None = None
    reference_value: float | None = None
    reference_cell: str | None = None
    qualifier: str | None = None  # ">" when the workbook says "＞90"
    milestone: float | None = None  # where the indicator should stand in the reporting year
    values_by_year: dict[int, float] = field(default_factory=dict)
    waiver: dict | None = None  # {"justification": …, "approved_by": …}

    @property
    def share_of_target(self) -> float | None:
        """Percent of the 2025 target reached, for progress bars; None where it means nothing."""
        target = self.indicator.target
        if self.value is None or not isinstance(target, float) or target <= 0 or self.indicator.unit == "yes_no":
            return None
        return round(self.value / target * 100, 1)

    @property
    def gap(self) -> float | None:
        """Value minus the milestone (or the target when no milestone applies); negative is behind."""
        bar = self.milestone if self.milestone is not None else self.indicator.target
        if self.value is None or not isinstance(bar, float):
            return None
        return round(self.value - bar, 6)


@dataclass(frozen=True)
class UnmatchedRow:
    label: str
    cell: str


@dataclass(frozen=True)
class Report:
    plan: Plan
    file: str
    year: int
    results: tuple[Result, ...]
    unmatched_rows: tuple[UnmatchedRow, ...]

    @property
    def summary(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUSES}
        for result in self.results:
            counts[result.status] += 1
        counts["total"] = len(self.results)
        return counts

    def exit_code(self, fail_on_warn: bool = False) -> int:
        statuses = {r.status for r in self.results}
        if "fail" in statuses or (fail_on_warn and "warn" in statuses):
            return 1
        return 0


def reporting_year(data: WorkbookData, requested: int | None) -> int:
    """--year wins; else the latest year the workbook gives; else the year in its title."""
    if requested is not None:
        return requested
    if data.years:
        return data.years[-1]
    if data.context_year is not None:
        return data.context_year
    raise CheckerError(
        "no reporting year: the workbook names none (e.g. a '2025年' title or a '2025年实际' column); give --year 2025",
        file=data.file,
    )


def evaluate(plan: Plan, data: WorkbookData, year: int, *, require_all: bool = False) -> Report:
    matches = match(plan, data.observations)
    if not matches.indicators:
        raise CheckerError(
            f"no indicator of plan {plan.id!r} found: looked for rows named like "
            f"{plan.indicators[0].name!r} in tables with a 指标 column and a value column "
            f"({_describe_tables(data)})",
            file=data.file,
        )
    results = tuple(
        _judge(indicator, matches, data, year, require_all) for indicator in plan.indicators
    )
    unmatched = tuple(UnmatchedRow(o.label, o.location) for o in matches.unmatched)
    return Report(plan=plan, file=data.file, year=year, results=results, unmatched_rows=unmatched)


def _describe_tables(data: WorkbookData) -> str:
    if not data.tables:
        return "no such table on any sheet"
    return "tables found: " + ", ".join(f"{t.sheet}!{t.label_column}{t.header_row}" for t in data.tables)


def _for_year(observations: tuple[Observation, ...], year: int, data: WorkbookData) -> list[Observation]:
    """The observations that speak for `year`: dated ones of that year, or undated ones in a workbook about it."""
    dated = [o for o in observations if o.year == year]
    if dated:
        return dated
    undated_year = data.context_year if data.context_year is not None else (data.years[-1] if data.years else year)
    return [o for o in observations if o.year is None and undated_year == year]


def _pick(indicator: Indicator, candidates: list[Observation]) -> tuple[Observation | None, Reading | None, str | None]:
    """The one figure for this indicator, or an error when the workbook gives two different ones."""
    plain = [o for o in candidates if not o.cumulative]
    cumulative = [o for o in candidates if o.cumulative]
    ordered = (cumulative + plain) if indicator.trajectory == "cumulative" else (plain or cumulative)
    present = [o for o in ordered if not is_missing(o.raw)]
    if not present:
        return (ordered[0] if ordered else None), None, None
    readings: list[tuple[Observation, Reading]] = []
    for observation in present:
        try:
            readings.append((observation, _read(indicator, observation)))
        except ValueProblem as problem:
            return observation, None, str(problem)
    first_observation, first = readings[0]
    for other_observation, other in readings[1:]:
        if other_observation.cumulative != first_observation.cumulative:
            continue
        if round_shown(other) != round_shown(first):
            raise CheckerError(
                f"{indicator.name} ({indicator.id}) is given twice with different values: "
                f"{first_observation.location} = {round_shown(first):g}, {other_observation.location} = {round_shown(other):g}",
                file=None,
            )
    return first_observation, first, None


def _read(indicator: Indicator, observation: Observation) -> Reading:
    return read_value(observation.raw, indicator.unit, number_format=observation.number_format, unit_hint=observation.unit_hint)


def _judge(indicator: Indicator, matches: Matches, data: WorkbookData, year: int, require_all: bool) -> Result:
    candidates = _for_year(matches.indicators.get(indicator.id, ()), year, data)
    observation, reading, problem = _pick(indicator, candidates)
    cell = observation.location if observation else None
    hidden = bool(observation and observation.hidden)
    matched_by = matches.how.get((observation.sheet, observation.row)) if observation else None
    counts_as_main = indicator.tier == "main" or require_all
    miss_status = "fail" if indicator.attribute == "binding" else "warn"
    common = dict(cell=cell, hidden=hidden, matched_by=matched_by)
    if problem is not None:
        status = miss_status if counts_as_main else "warn"
        return Result(indicator, status, Reason("unreadable", {"cell": cell, "problem": problem}), **common)
    if reading is None:
        if not counts_as_main:
            return Result(indicator, "not_reported", Reason("not_reported", {"year": year}), **common)
        return Result(indicator, miss_status, Reason("missing", {"year": year}), **common)
    value = round_shown(reading)
    if indicator.operator == "in_step_with":
        return _judge_in_step(indicator, matches, data, year, value, miss_status, common)
    met = compare(indicator.operator, value, indicator.target, reading.qualifier)
    return Result(
        indicator, "pass" if met else miss_status, Reason("met" if met else "missed", {"value": value}),
        value=value, qualifier=reading.qualifier, **common,
    )


def _judge_in_step(indicator, matches, data, year, value, miss_status, common) -> Result:
    reference_id = indicator.reference
    candidates = _for_year(matches.references.get(reference_id, ()), year, data)
    present = [o for o in candidates if not is_missing(o.raw)]
    reference_reading = None
    for observation in present:
        try:
            reference_reading = (observation, read_value(observation.raw, "percent", number_format=observation.number_format, unit_hint=observation.unit_hint))
            break
        except ValueProblem:
            continue
    if reference_reading is None:
        return Result(indicator, "warn", Reason("no_reference", {"reference": reference_id, "year": year}), value=value, **common)
    reference_observation, reading = reference_reading
    reference_value = round_shown(reading)
    params = {"value": value, "reference": reference_id, "reference_value": reference_value}
    extra = dict(value=value, reference_value=reference_value, reference_cell=reference_observation.location)
    if value >= reference_value:
        return Result(indicator, "pass", Reason("in_step", params), **extra, **common)
    return Result(indicator, miss_status, Reason("behind_reference", params), **extra, **common)


def compare(operator: str, value: float, target, qualifier: str | None = None) -> bool:
    """Whether `value` meets `operator target`; a qualifier ">" means the true value lies above `value`."""
    if operator == ">=":
        return value >= target
    if operator == ">":
        return value > target or (qualifier == ">" and value >= target)
    if operator == "=":
        return value == target
    if operator == "<=":
        return value <= target
    if operator == "<":
        return value < target or (qualifier == "<" and value <= target)
    if operator == "range":
        low, high = target
        return low <= value <= high
    raise ValueError(f"unknown operator {operator!r}")


def format_number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return re.sub(r"\.?0+$", "", f"{value:.6f}")
