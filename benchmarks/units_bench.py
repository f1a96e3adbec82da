"""A city workbook with 14 county columns × 21 indicators against a single-area workbook of the same plan.

    python benchmarks/units_bench.py [-n 40]

Both are checked as `check FILE` checks them (read, judge, results document, text report), in one
process with the plan loaded once, alternately so that both see the same machine; the figure is the
median CPU time per check. Issue 14 asks the city workbook to take at most 1.3× the single one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LIMIT = 1.3


def _value(indicator, county: int | None):
    """A figure that meets the target, for the whole city (county None) or one county."""
    if indicator.unit == "yes_no":
        return "是"
    if indicator.unit == "percent":
        return 100 if indicator.target == 100 else round((indicator.target or 5) + 2 + (county or 0) % 3 * 0.4, 1)
    if indicator.unit == "yuan":
        return (indicator.target or 1000) + 100
    each = max(int((indicator.target or 14) // 14) + 10, 1)
    return each * 14 if county is None else each


def write_workbooks(folder: Path) -> tuple[Path, Path]:
    from openpyxl import Workbook

    from checker.plans.loading import find_plan

    plan = find_plan("xinzhou")
    counties = list(plan.subunits)
    indicators = [i for i in plan.indicators][:21]
    single, city = Workbook(), Workbook()
    sheet = single.active
    sheet.title = "主要指标"
    sheet.append(["2025年忻州市残疾人事业发展主要指标完成情况"])
    sheet.append(["序号", "指标", "单位", "2025年实际"])
    for number, indicator in enumerate(indicators, start=1):
        sheet.append([number, indicator.name, None, _value(indicator, None)])
    sheet = city.active
    sheet.title = "分县统计"
    sheet.append(["2025年忻州市残疾人事业发展主要指标分县（市、区）统计表"])
    sheet.append(["序号", "指标", "单位", *counties, "合计"])
    for number, indicator in enumerate(indicators, start=1):
        sheet.append([number, indicator.name, None, *(_value(indicator, c) for c in range(len(counties))), _value(indicator, None)])
    paths = folder / "single.xlsx", folder / "city.xlsx"
    single.save(paths[0])
    city.save(paths[1])
    return paths


def measure(runs: int) -> dict:
    from checker.checking import prepare
    from checker.reports import renderer
    from checker.reports.view import View
    from checker.settings import CheckSettings

    check = prepare(CheckSettings("xinzhou"))
    render = renderer("text")
    with tempfile.TemporaryDirectory() as folder:
        single, city = write_workbooks(Path(folder))
        city_document = check.document(city)
        assert len(city_document.get("units", ())) == 14, "the reader gives no county columns: nothing to measure"
        times: dict[str, list[float]] = {"single": [], "city": []}
        for _ in range(runs):
            for name, path in (("single", single), ("city", city)):
                start = time.process_time()
                render(check.document(path), View())
                times[name].append(time.process_time() - start)
    single_ms, city_ms = (statistics.median(times[k]) * 1000 for k in ("single", "city"))
    return {"single_ms": single_ms, "city_ms": city_ms, "ratio": city_ms / single_ms, "units": 14, "indicators": 21, "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=40)
    figures = measure(parser.parse_args().runs)
    print(
        f"city workbook, {figures['units']} county columns x {figures['indicators']} indicators: {figures['city_ms']:.1f} ms per check; "
        f"single-area workbook: {figures['single_ms']:.1f} ms; ratio {figures['ratio']:.2f} (limit {LIMIT}; median CPU time of {figures['runs']} runs)"
    )
    return 0 if figures["ratio"] <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
