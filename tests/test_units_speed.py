"""What makes a city workbook quick to check (issue 14, benchmarks/units_bench.py) changes no result.

No timings here: each test checks that a shortcut gives exactly what the long way gives.
"""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from checker.judging.match import match
from checker.plans.loading import find_plan
from checker.reading.values import ValueProblem, forget, read_value, round_shown, Reading
from checker.reading.workbook import read_workbook
from checker.records import record
from checker.units import judge as units_judge
from checker.units.document import units_document
from tests.conftest import write_workbook

COUNTIES = ["忻府区", "原平市", "代县"]


@record
class Sample:
    name: str
    count: int = 0
    tags: dict = dataclasses.field(default_factory=dict)
    note: str | None = None


@record
class Point:
    sheet: str
    cell: str = "A1"


def test_a_record_is_a_frozen_dataclass_made_the_same_way():
    first, second = Sample("a"), Sample("a")
    assert first == second and first != Sample("a", 1)
    assert hash(Point("S", "B2")) == hash(Point("S", "B2")) and {Point("S"), Point("S", "A1")} == {Point("S")}
    assert first.tags == {} and first.tags is not second.tags  # a fresh default for each record
    assert Sample("a", 3, note="x") == Sample(name="a", count=3, tags={}, note="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.count = 1
    with pytest.raises(TypeError):
        Sample()  # the name is required, as the dataclass's own __init__ requires it
    changed = dataclasses.replace(first, count=5)
    assert (changed.count, changed.name, first.count) == (5, "a", 0)
    assert pickle.loads(pickle.dumps(Sample("p", 1, {"k": 1}))) == Sample("p", 1, {"k": 1})
    assert repr(Sample("r")) == "Sample(name='r', count=0, tags={}, note=None)"


def test_remembered_readings_keep_one_true_and_one_point_zero_apart():
    forget()
    assert read_value(1, "percent").value == 1.0
    with pytest.raises(ValueProblem):
        read_value(True, "percent")  # a yes/no answer, never the number 1 read before
    assert read_value("1,502户", "households", unit_hint="户").value == 1502
    with pytest.raises(ValueProblem):
        read_value("全覆盖", "percent")
    with pytest.raises(ValueProblem):
        read_value("全覆盖", "percent")  # refused again, not remembered as a number
    assert round_shown(Reading(84.99999999, None)) == 85.0 and round_shown(Reading(0.845 * 100, 0)) == 85.0


def county_workbook(tmp_path, total=True):
    rows = [["2025年忻州市残疾人事业发展主要指标分县统计表"], ["指标名称", "单位", *COUNTIES, *(["合计"] if total else [])]]
    figures = [
        ("困难残疾人生活补贴覆盖率", "%", [100, 98, 100], 99.5),
        ("享受困难残疾人生活补贴人数", "人", [100, 98, 200], 398),
        ("符合条件的困难残疾人数", "人", [100, 100, 200], 400),
        ("困难重度残疾人家庭无障碍改造数", "户", [500, 600, 402], 1502),
        ("残疾人城乡居民基本养老保险参保率", "%", [91, "—", 93], 92),
    ]
    for name, unit, values, stated in figures:
        rows.append([name, unit, *values, *([stated] if total else [])])
    return write_workbook(tmp_path / "city.xlsx", {"分县统计": rows})


@pytest.mark.parametrize("total", [True, False])
def test_each_units_share_of_the_matches_is_the_same_in_one_pass(tmp_path, total):
    plan = find_plan("xinzhou")
    data = read_workbook(county_workbook(tmp_path, total), subunits=plan.subunits)
    matches = units_judge._only(match(plan, data.observations), lambda o: o.unit is not None)
    shares = units_judge._by_unit(matches, tuple(COUNTIES))
    for name in COUNTIES:
        assert shares[name] == units_judge._only(matches, lambda o, name=name: o.unit == name)
    assert sum(len(rows) for share in shares.values() for rows in share.indicators.values()) == sum(
        len(rows) for rows in matches.indicators.values())


def test_the_matches_of_the_check_give_the_same_units_report(tmp_path):
    plan = find_plan("xinzhou")
    data = read_workbook(county_workbook(tmp_path), subunits=plan.subunits)
    shared = units_document(units_judge.judge_units(plan, data, 2025, matches=match(plan, data.observations)))
    forget()
    alone = units_document(units_judge.judge_units(plan, data, 2025))
    assert shared == alone
    pension = next(r for r in shared["units"][1]["results"] if r["id"] == "pension_insurance_rate")
    assert pension["status"] == "not_reported"  # 原平市's "—": missing, never 0
    homes = next(r for r in shared["units"][0]["results"] if r["id"] == "barrier_free_homes")
    assert homes["reason_code"] == "contribution" and homes["reason_params"]["share"] == 33.3


def test_a_figure_without_more_digits_than_shown_is_kept_as_it_is_and_others_are_rounded_as_shown():
    """round_shown's shortcut (100.0, 92.4 are already as shown) gives what the decimal rounding gives."""
    from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

    def by_decimals(value: float, decimals: int | None) -> float:
        places = 6 if decimals is None else decimals
        settled = Decimal(repr(value)).quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN, context=Context(prec=400))
        return float(settled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=Context(prec=400)))

    values = [100.0, 0.0, -0.0, 92.4, -92.45, 0.845 * 100, 28.499999999999996, 84.99999999, 99.95, 1502.0, 1e20, 1e-7, 0.125, 2.5]
    for value in values:
        for decimals in (None, 0, 1, 2, 3, 6, 9, 12):
            forget()
            assert repr(round_shown(Reading(value, decimals))) == repr(by_decimals(value, decimals)), (value, decimals)
    assert round_shown(Reading(0.845 * 100, 0)) == 85.0 and round_shown(Reading(92.45, 1)) == 92.5
