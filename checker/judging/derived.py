"""Rates computed from raw counts, and the consistency checks on the counts a workbook gives (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from checker.cells import CellRef

# Where a figure was read: one cell, or the two counts a rate was computed from.
Location = tuple[CellRef, ...]

RATE_TOLERANCE_POINTS = 0.5


@dataclass(frozen=True)
class DataProblem:
    """Inconsistent data: its own result, apart from whether the target is met."""

    code: str  # negative_count, not_whole, numerator_exceeds_denominator, rate_over_100, rate_disagrees
    status: str  # "fail", or "warn" for a rate over 100 (gross rates can legitimately exceed it)
    cells: tuple[Location, ...]  # the figures involved, each where it was read
    params: dict


def count_problems(value: float, cell: Location, label: str) -> list[DataProblem]:
    problems = []
    if value < 0:
        problems.append(DataProblem("negative_count", "fail", (cell,), {"label": label, "value": value}))
    if value != int(value):
        problems.append(DataProblem("not_whole", "fail", (cell,), {"label": label, "value": value}))
    return problems


def rate_from_counts(numerator: float, denominator: float) -> float | None:
    if denominator <= 0:
        return None
    return round(numerator / denominator * 100, 2)


def rate_problems(numerator: tuple[float, Location], denominator: tuple[float, Location], given: tuple[float, Location] | None) -> list[DataProblem]:
    (n, n_cell), (d, d_cell) = numerator, denominator
    problems = []
    if n > d:
        problems.append(DataProblem("numerator_exceeds_denominator", "fail", (n_cell, d_cell), {"numerator": n, "denominator": d}))
    computed = rate_from_counts(n, d)
    if given is not None and computed is not None and abs(given[0] - computed) > RATE_TOLERANCE_POINTS:
        problems.append(
            DataProblem("rate_disagrees", "fail", (given[1], n_cell, d_cell), {"given": given[0], "computed": computed, "points": RATE_TOLERANCE_POINTS})
        )
    return problems


def percent_problems(value: float, cell: Location) -> list[DataProblem]:
    if value > 100:
        return [DataProblem("rate_over_100", "warn", (cell,), {"value": value})]
    return []
