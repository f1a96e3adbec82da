"""(plan, observations, year) → results. A pure function: no files, no printing.

In the plan's final year every target is judged as written. In earlier years (mid-term reviews)
an indicator is judged against its milestone for that year (see trajectory.py): a level to hold
every year is missed by any shortfall; a path (linear, cumulative) behind by no more than its
tolerance of the whole way is a warning, further behind is a miss.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from checker.judging import derived
from checker.cells import CellRef, joined
from checker.errors import CheckerError
from checker.judging.match import Matches, match, row_key
from checker.operators import meets, operator
from checker.quantities import WHOLE_COUNT_UNITS
from checker.records import record
from checker.plans.loading import Indicator, Item, Plan
from checker.judging.trajectory import ahead_of, allowance, milestone, shortfall, within_tolerance
from checker.reading.values import Reading, ValueProblem, is_missing, read_value, round_shown
from checker.plans.waivers import Waiver
from checker.reading.workbook import Observation, WorkbookData

STATUSES = ("pass", "warn", "fail", "not_reported", "info", "waived")


@record
class Reason:
    """Why a result has its status; messages.py words it in Chinese or English."""

    code: str
    params: dict = field(default_factory=dict)


@record
class Result:
    indicator: Indicator
    status: str
    reason: Reason
    value: float | None = None
    cells: tuple[CellRef, ...] = ()  # where the value was read: one cell, or a rate's two counts
    hidden: bool = False
    matched_by: str | None = None
    reference_value: float | None = None
    reference_cell: CellRef | None = None
    qualifier: str | None = None  # ">" when the workbook says "＞90", "≥" for "85%以上", "约" for "约90%"
    remark: str | None = None  # the cell's words in brackets after the number: "100%（应保尽保）" → 应保尽保
    milestone: float | None = None  # where the indicator should stand in the reporting year
    baseline: float | None = None
    baseline_source: str | None = None  # "plan" or "workbook"
    values_by_year: dict[int, float] = field(default_factory=dict)
    verdict: str | None = None  # the judgement of level in review words, see trajectory.VERDICTS
    derived: dict | None = None  # {"numerator": …, "denominator": …, "computed": …} for rates from counts
    waiver: dict | None = None  # {"justification": …, "approved_by": …}
    kind: str = "target"  # "data" for a data-consistency finding about the indicator's figures

    @property
    def cell(self) -> str | None:
        """The cells as reports print them: "主要指标!D9", or "S!G12/S!G11" for a rate from counts."""
        return joined(self.cells)

    @property
    def share_of_target(self) -> float | None:
        """Percent of the 2025 target reached, for progress bars; None where it means nothing."""
        target = self.indicator.target
        if self.kind != "target" or self.value is None or not isinstance(target, float) or target <= 0 or self.indicator.unit == "yes_no":
            return None
        return round(self.value / target * 100, 1)

    @property
    def gap(self) -> float | None:
        """Value minus the milestone (or the target when no milestone applies); negative is behind."""
        bar = self.milestone if self.milestone is not None else self.indicator.target
        if self.kind != "target" or self.value is None or not isinstance(bar, float):
            return None
        return round(self.value - bar, 6)


@dataclass(frozen=True)
class UnmatchedRow:
    label: str
    cell: CellRef


@dataclass(frozen=True)
class Report:
    plan: Plan
    file: str
    year: int
    results: tuple[Result, ...]
    unmatched_rows: tuple[UnmatchedRow, ...]
    main_found: int | None = None  # main indicators whose row the workbook has (None: not counted)
    plan_from: dict | None = None  # where the plan was inferred from when no --plan was given (identity.Mention)

    @property
    def coverage(self) -> dict | None:
        """How many of the plan's main indicators the workbook has; a warning when fewer than half."""
        total = sum(1 for indicator in self.plan.indicators if indicator.tier == "main")
        if self.main_found is None or not total:
            return None
        return {"main_found": self.main_found, "main_total": total, "warning": self.main_found * 2 < total}

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


@record
class _Figure:
    """The one figure a workbook gives for something in one year (possibly missing or unreadable)."""

    observation: Observation
    reading: Reading | None = None
    problem: str | None = None
    problem_zh: str | None = None  # the same in Chinese

    @functools.cached_property
    def value(self) -> float | None:
        # Asked several times per figure (its year's value, the series, comparisons): rounded once.
        return round_shown(self.reading) if self.reading else None


@record
class _Series:
    annual: dict[int, _Figure]
    cumulative: dict[int, _Figure]


def reporting_year(data: WorkbookData, requested: int | None, plan: Plan | None = None) -> int:
    """--year wins; else the latest year the workbook gives, its figures without a year of their own counting
    as the title's year (a 上年 column beside a county's or the 合计 column is the year before, not the year
    reported); else the year in its title.

    With `plan`, a year outside the plan's period (2021–2025) is refused: there is no target to judge it by.
    """
    given = data.years
    if data.context_year is not None and any(observation.year is None for observation in data.observations):
        given = sorted({*given, data.context_year})
    if requested is not None:
        year = requested
    elif given:
        year = given[-1]
    elif data.context_year is not None:
        year = data.context_year
    else:
        raise CheckerError(
            "no reporting year: the workbook names none (e.g. a '2025年' title or a '2025年实际' column); give --year 2025",
            zh="没有报告年份：工作簿中没有写明年份（如标题中的“2025年”或“2025年实际”列）；请用 --year 2025 指定",
            file=data.file,
        )
    if plan is not None and not plan.period[0] <= year <= plan.period[1]:
        raise _outside_period(data, plan, year, requested is not None)
    return year


def _outside_period(data: WorkbookData, plan: Plan, year: int, requested: bool) -> CheckerError:
    first, last = plan.period
    span_en, span_zh = f"{first}–{last}", f"{first}—{last}年"
    if requested:
        return CheckerError(
            f"--year {year} is outside the period of plan {plan.id} ({span_en}): give a year from {first} to {last}",
            zh=f"--year {year} 不在规划 {plan.id} 的期限（{span_zh}）内：请给出 {first} 至 {last} 之间的年份",
            file=data.file,
        )
    cell = next((o.location for o in data.observations if o.year == year), None)
    where_en = f"a {year} column, e.g. {cell}" if cell else f"the year in its title"
    where_zh = f"{year}年的列，如 {cell}" if cell else "标题中的年份"
    return CheckerError(
        f"the workbook's year {year} ({where_en}) is outside the period of plan {plan.id} ({span_en}); "
        f"give --year with a year from {first} to {last} to check one of its other years",
        zh=f"工作簿的年份 {year}（{where_zh}）不在规划 {plan.id} 的期限（{span_zh}）内；"
           f"如要检查其中另一年份，请用 --year 指定 {first} 至 {last} 之间的年份",
        file=data.file,
    )


def require_indicators(plan: Plan, data: WorkbookData) -> Matches:
    """The workbook's rows matched to the plan; an error when not one indicator of the plan is found.

    Asked before the reporting year: a workbook with no table of the plan has that as its real problem.
    """
    matches = match(plan, data.observations)
    if not matches.indicators and not matches.items:
        raise CheckerError(
            f"no indicator of plan {plan.id!r} found: looked for rows named like "
            f"{plan.indicators[0].name!r} in tables with a 指标 column and a value column "
            f"({_describe_tables(data, 'en')})",
            zh=f"工作簿中没有找到规划 {plan.id} 的任何指标：查找的是名称如“{plan.indicators[0].name}”的行，"
               f"所在表格应有“指标”列和数值列（{_describe_tables(data, 'zh')}）",
            file=data.file,
        )
    return matches


def evaluate(plan: Plan, data: WorkbookData, year: int, *, require_all: bool = False, waivers: tuple[Waiver, ...] = (),
             matches: Matches | None = None, plan_from: dict | None = None) -> Report:
    """`matches`: the rows already matched by require_indicators; `plan_from`: where an inferred plan was named."""
    if len({o.unit for o in data.observations}) > 1:
        # Figures of sub-units beside the area's own: the area is judged on its own figures (unit None) only,
        # never on the first unit's; each unit's results, and roll-ups, are checker/units' (judge_units).
        data = replace(data, observations=tuple(o for o in data.observations if o.unit is None))
        matches = None
    matches = matches if matches is not None else require_indicators(plan, data)
    waived = {w.id: w for w in waivers if w.applies(year)}
    undated_year = data.context_year if data.context_year is not None else (data.years[-1] if data.years else year)
    judge = _Judge(plan, matches, data.file, undated_year, year, require_all)
    results: list[Result] = []
    for indicator in plan.indicators:
        judged, findings = judge.indicator(indicator)
        if indicator.id in waived:
            waiver = waived[indicator.id]
            judged = replace(judged, status="waived", waiver={"justification": waiver.justification, "approved_by": waiver.approved_by})
        results += [judged, *findings]
    unmatched = tuple(UnmatchedRow(o.label, o.ref) for o in matches.unmatched)
    main_found = sum(
        1 for i in plan.indicators
        if i.tier == "main" and (matches.indicators.get(i.id) or matches.items.get((i.id, "numerator")))
    )
    return Report(plan=plan, file=data.file, year=year, results=tuple(results), unmatched_rows=unmatched,
                  main_found=main_found, plan_from=plan_from)


def _describe_tables(data: WorkbookData, lang: str = "en") -> str:
    tables = ", ".join(f"{t.sheet}!{t.label_column}{t.header_row}" for t in data.tables)
    if lang == "zh":
        return f"找到的表格：{tables}" if tables else "所有工作表上都没有这样的表格"
    return f"tables found: {tables}" if tables else "no such table on any sheet"


@record
class _Value:
    """The figure an indicator is judged on, with what its reason will say about it."""

    value: float
    qualifier: str | None  # ">" when the workbook says "＞90"
    summed_years: list[int]  # the years added up for a five-year total, when the workbook gives no 累计 figure
    series: _Series
    miss_status: str  # what missing the target means: fail (binding) or warn (expected)


@dataclass(frozen=True)
class _Judge:
    """Everything one check judges every indicator against; built once per workbook."""

    plan: Plan
    matches: Matches
    file: str
    undated_year: int  # the year of value columns that name none
    year: int
    require_all: bool

    def series(self, name: str, unit: str, observations: tuple[Observation, ...], target: object = None) -> _Series:
        if len(observations) == 1:  # one figure, as a unit of a city workbook gives for most indicators
            observation = observations[0]
            year = observation.year if observation.year is not None else self.undated_year
            figure = {year: self.one_figure(name, unit, observations, target)}
            return _Series({}, figure) if observation.cumulative else _Series(figure, {})
        grouped: dict[tuple[int, bool], list[Observation]] = {}
        for observation in observations:
            year = observation.year if observation.year is not None else self.undated_year
            grouped.setdefault((year, observation.cumulative), []).append(observation)
        annual, cumulative = {}, {}
        for (year, is_cumulative), group in grouped.items():
            (cumulative if is_cumulative else annual)[year] = self.one_figure(name, unit, group, target)
        return _Series(annual, cumulative)

    def one_figure(self, name: str, unit: str, observations: list[Observation], target: object = None) -> _Figure:
        """The figure of one year; an error when the workbook gives two different ones.

        A hidden row or column beside a visible one gives way to it (an old figure hidden rather than deleted).
        """
        present = [o for o in observations if not is_missing(o.raw)]
        if not present:
            return _Figure(observations[0])
        present = [o for o in present if not o.hidden] or present
        figures = []
        for observation in present:
            try:
                reading = read_value(observation.raw, unit, number_format=observation.number_format, unit_hint=observation.unit_hint)
                _fraction_for_percent(observation, unit, target)
            except ValueProblem as problem:
                return _Figure(observation, problem=str(problem), problem_zh=problem.zh)
            figures.append(_Figure(observation, reading))
        first = figures[0]
        for other in figures[1:]:
            if other.value != first.value:
                raise CheckerError(
                    f"{name} is given twice with different values: "
                    f"{first.observation.location} = {first.value:g}, {other.observation.location} = {other.value:g}",
                    zh=f"“{name}”填了两次，数值不同：{first.observation.location} = {first.value:g}，"
                       f"{other.observation.location} = {other.value:g}",
                    file=self.file,
                )
        return first

    def indicator(self, indicator: Indicator) -> tuple[Result, list[Result]]:
        series = self.series(indicator.name, indicator.unit, self.matches.indicators.get(indicator.id, ()), indicator.target)
        figure, summed_years = self.figure_for_year(indicator, series)
        annual = series.annual
        values_by_year = {y: f.value for y, f in (sorted(annual.items()) if len(annual) > 1 else annual.items()) if f.value is not None}
        observation = figure.observation if figure else None
        common = {
            "cells": (observation.ref,) if observation else (),
            "hidden": bool(observation and observation.hidden),
            "matched_by": self.matches.how.get(row_key(observation)) if observation else None,
            "values_by_year": values_by_year,
        }
        findings: list[Result] = []
        rate = self.derived_rate(indicator, figure, findings)
        counts_as_main = indicator.tier == "main" or self.require_all
        miss_status = "fail" if indicator.attribute == "binding" else "warn"
        if figure is not None and figure.problem is not None:
            status = miss_status if counts_as_main else "warn"
            return Result(indicator, status, Reason("unreadable", {"cell": joined(common["cells"]), "problem": figure.problem, "problem_zh": figure.problem_zh}), verdict="insufficient", **common), findings
        value = figure.value if figure is not None and figure.reading is not None else None
        qualifier = figure.reading.qualifier if value is not None else None
        remark = figure.reading.remark if value is not None else None
        if value is None and rate is not None:
            value, common["cells"] = rate["computed"], rate["cells"]
        if value is None:
            if not counts_as_main:
                return Result(indicator, "not_reported", Reason("not_reported", {"year": self.year}), verdict="insufficient", **common), findings
            return Result(indicator, miss_status, Reason("missing", {"year": self.year}), verdict="insufficient", **common), findings
        findings += _data_findings(indicator, value, common["cells"])
        if value is not None and figure is not None and figure.observation.formula and common["cells"] == (figure.observation.ref,):
            findings.append(_finding(indicator, derived.DataProblem(
                "formula_computed", "warn", (common["cells"],), {"formula": figure.observation.formula, "value": value})))
        extras = {"value": value, "qualifier": qualifier, "remark": remark, "derived": rate and {k: v for k, v in rate.items() if k != "cells"}, **common}
        judged = _Value(value, qualifier, summed_years, series, miss_status)
        if indicator.operator == "in_step_with":
            return self.in_step(indicator, judged, extras), findings
        return self.against_target(indicator, judged, extras), findings

    def figure_for_year(self, indicator: Indicator, series: _Series) -> tuple[_Figure | None, list[int]]:
        """The figure to judge; for five-year totals, the workbook's 累计 figure or the sum of annual figures."""
        year = self.year
        if indicator.trajectory != "cumulative":
            return series.annual.get(year), []
        given = series.cumulative.get(year)
        if given is not None and (given.reading is not None or given.problem is not None):
            return given, []
        current = series.annual.get(year)
        if current is None or current.reading is None:
            return current or given, []
        years = [y for y in range(self.plan.baseline_year + 1, year + 1) if y in series.annual]
        for y in years:
            if series.annual[y].problem is not None:
                return series.annual[y], []
        readings = [series.annual[y].reading for y in years if series.annual[y].reading is not None]
        if len(readings) == 1:
            return current, []
        total = Reading(sum(r.value for r in readings), min((r.decimals for r in readings if r.decimals is not None), default=None))
        return _Figure(current.observation, total), [y for y in years if series.annual[y].reading is not None]

    def against_target(self, indicator: Indicator, judged: _Value, extras: dict) -> Result:
        plan, year, value, qualifier, miss_status = self.plan, self.year, judged.value, judged.qualifier, judged.miss_status
        meets_target = meets(indicator.operator, value, indicator.target, qualifier)
        params = {"value": value, "year": year, "final_year": plan.final_year, "summed_years": judged.summed_years}
        if year >= plan.final_year:
            return Result(
                indicator, "pass" if meets_target else miss_status, Reason("met" if meets_target else "missed", params),
                verdict="met" if meets_target else "missed", **extras,
            )
        if indicator.trajectory == "final" or not operator(indicator.operator).path:
            if indicator.trajectory == "final":
                return Result(indicator, "info", Reason("pending", params), verdict="achieved" if meets_target else "pending", **extras)
            return Result(
                indicator, "pass" if meets_target else miss_status, Reason("met" if meets_target else "missed", params),
                verdict="on_track" if meets_target else "behind", **extras,
            )
        baseline_figure = judged.series.annual.get(plan.baseline_year)
        workbook_baseline = baseline_figure.value if baseline_figure is not None else None
        bar = milestone(indicator, plan, year, workbook_baseline)
        extras = dict(extras, baseline=bar.baseline, baseline_source=bar.baseline_source)
        if bar.value is None:
            return Result(indicator, "info", Reason("no_baseline", params), verdict="achieved" if meets_target else "insufficient", **extras)
        bar_value = round(bar.value, 6)
        params = dict(
            params, milestone=bar_value, tolerance=indicator.tolerance, behind=round(shortfall(indicator.operator, value, bar_value), 6),
            allowed=allowance(indicator, bar.span),
        )
        extras["milestone"] = bar_value
        if meets(indicator.operator, value, bar_value, qualifier):
            if indicator.trajectory == "maintain":
                verdict = "on_track"
            elif meets_target:
                verdict = "achieved"
            else:
                verdict = "ahead" if ahead_of(indicator, value, bar_value, bar.span) else "on_track"
            return Result(indicator, "pass", Reason("milestone_met", params), verdict=verdict, **extras)
        if within_tolerance(indicator, value, bar_value, bar.span):
            return Result(indicator, "warn", Reason("behind_milestone_tolerated", params), verdict="on_track", **extras)
        if indicator.trajectory == "maintain":  # a level to hold: no tolerance, however small the miss
            return Result(indicator, miss_status, Reason("missed", params), verdict="behind", **extras)
        return Result(indicator, miss_status, Reason("behind_milestone", params), verdict="behind", **extras)

    def in_step(self, indicator: Indicator, judged: _Value, extras: dict) -> Result:
        reference_id, year, value = indicator.reference, self.year, judged.value
        reference = self.series(reference_id, "percent", self.matches.references.get(reference_id, ())).annual.get(year)
        if reference is None or reference.reading is None:
            return Result(indicator, "warn", Reason("no_reference", {"reference": reference_id, "year": year}), verdict="insufficient", **extras)
        params = {"value": value, "reference": reference_id, "reference_value": reference.value}
        extras = dict(extras, reference_value=reference.value, reference_cell=reference.observation.ref)
        final = year >= self.plan.final_year
        if value >= reference.value:
            return Result(indicator, "pass", Reason("in_step", params), verdict="met" if final else "on_track", **extras)
        return Result(indicator, judged.miss_status, Reason("behind_reference", params), verdict="missed" if final else "behind", **extras)

    def item_figure(self, item: Item, observations) -> _Figure | None:
        return self.series(item.name, item.unit, observations).annual.get(self.year)

    def derived_rate(self, indicator: Indicator, given: _Figure | None, findings: list[Result]) -> dict | None:
        """The rate computed from the workbook's raw counts, with data-consistency findings appended."""
        if indicator.numerator is None or indicator.denominator is None:
            return None
        numerators = self.matches.items.get((indicator.id, "numerator"), ())
        denominators = self.matches.items.get((indicator.id, "denominator"), ())
        if not numerators and not denominators:
            return None  # no rows of the counts: nothing to compute (most workbooks, and every unit of most)
        numerator = self.item_figure(indicator.numerator, numerators)
        denominator = self.item_figure(indicator.denominator, denominators)
        if numerator is None or denominator is None or numerator.value is None or denominator.value is None:
            return None
        n_cell, d_cell = (numerator.observation.ref,), (denominator.observation.ref,)
        problems = derived.count_problems(numerator.value, n_cell, indicator.numerator.name)
        problems += derived.count_problems(denominator.value, d_cell, indicator.denominator.name)
        given_rate = (given.value, (given.observation.ref,)) if given is not None and given.value is not None else None
        problems += derived.rate_problems((numerator.value, n_cell), (denominator.value, d_cell), given_rate)
        findings += [_finding(indicator, problem) for problem in problems]
        computed = derived.rate_from_counts(numerator.value, denominator.value)
        if computed is None:
            return None
        return {
            "numerator": {"name": indicator.numerator.name, "value": numerator.value, "cell": joined(n_cell)},
            "denominator": {"name": indicator.denominator.name, "value": denominator.value, "cell": joined(d_cell)},
            "computed": computed,
            "cells": n_cell + d_cell,
        }


def _fraction_for_percent(observation: Observation, unit: str, target: object) -> None:
    """0.912 typed into a General cell of a rate whose target is 85%: 91.2% or a typo? Never judged as 0.912%."""
    raw = observation.raw
    if unit != "percent" or isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 < raw < 1:
        return
    if "%" in (observation.number_format or "") or not isinstance(target, (int, float)) or isinstance(target, bool) or target <= 1:
        return
    shown, percent, goal = format_number(raw), format_number(round(raw * 100, 6)), format_number(target)
    raise ValueProblem(
        f"{shown} in a cell without a percent format, for a rate whose target is {goal}%: is it {percent}%? "
        f"Type the percentage ({percent}) or format the cell as a percentage",
        f"{shown} 是常规格式的小数，而该比率的目标是 {goal}%：是否应为 {percent}%？请填写百分数（{percent}）或将单元格设为百分比格式",
    )


def _data_findings(indicator: Indicator, value: float, cells: tuple[CellRef, ...]) -> list[Result]:
    problems = []
    if indicator.unit in WHOLE_COUNT_UNITS:
        problems = derived.count_problems(value, cells, indicator.name)
    elif indicator.unit == "percent" and indicator.operator != "in_step_with":
        problems = derived.percent_problems(value, cells)
    return [_finding(indicator, problem) for problem in problems]


def _finding(indicator: Indicator, problem: derived.DataProblem) -> Result:
    params = dict(problem.params, problem=problem.code, cells=[joined(cells) for cells in problem.cells])
    return Result(indicator, problem.status, Reason("data", params), cells=problem.cells[0], kind="data")


def format_number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return re.sub(r"\.?0+$", "", f"{value:.6f}")
