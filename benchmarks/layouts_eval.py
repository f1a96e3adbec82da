r"""Measure how many real-world workbook layouts the checker reads right (issue 13, "Measure yourself").

    .venv/bin/python benchmarks/layouts_eval.py                 # build all, check all, print the score
    .venv/bin/python benchmarks/layouts_eval.py --only yearbook_bilingual --keep /tmp/layouts --width 0
    # another checkout of the checker (here: a `git archive` of some commit in /tmp/src):
    .venv/bin/python benchmarks/layouts_eval.py --check "env PYTHONPATH=/tmp/src .venv/bin/python -P -c \
        'import sys; from checker.cli import check_command; sys.argv[0]=\"check\"; sys.exit(check_command())'"

Builds every workbook of tests/layouts.py in a temporary folder (or --keep DIR), runs
`check FILE --plan P --format json [args]` on each as a user would (a subprocess, so the
checker's own module layout does not matter here), and prints one line per layout:

    right    every expected figure read from the expected cell, in the expected year (or, where a
             refusal is expected: exit 2 with the expected words in the message)
    wrong    something else was read: the line says what, against what was expected
    refused  exit 2 where a careful human would have read the workbook (the message follows)
    crashed  exit 3, a timeout, or no JSON report

and a total "N of M read right". The "before" column repeats the results recorded below.

BEFORE — recorded 2026-12-02 against commits fe552d0 and 4819639 (identical results; the reader
was checker/workbook.py + sheets.py + values.py, then checker/reading/…):

  1 prior_current_change         refused  "no reporting year": 填报日期 2026年1月12日 beside the 2025
                                          title makes the title year ambiguous (and 上年实际/本年实际
                                          share one slot: column D, 上年, would be read)
  2 year_columns_yoy             refused  "no reporting year": the 填报单位/填报日期 line directly above
                                          the header is taken as a header band ("填报单位" makes columns
                                          A–C "ignored", "2026年" spoils the 2024年/2025年 columns)
  3 same_period_last_year        refused  "no reporting year": 本期 has no year, the date cell 2026-01-10
                                          makes the title year ambiguous
  4 two_tables_one_sheet         wrong    table two read with table one's columns: its rows read from
                                          备注 (column E) instead of 完成数 (C): 8 → nothing, 16.7 →
                                          "市县两级残联机关", 85.7 → "14个县（市、区）中12个已开展"
  5 yearbook_bilingual           wrong    the title (…主要指标…) taken as the header row; the bare-year row
                                          never joins it, so column C (2021) is read as the value:
                                          0.07 / 280 / 89.1 / 81.5 instead of 4200 / 1507 / 93.6 / 88.4
  6 note_above_county_column     wrong    the "数据截至：2025年12月31日" note joins the header: 原平市
                                          (column D) read as the city's figures, not 全市合计 (Q)
  7 year_only_in_title           right
  8 counties_total_last          refused  "no reporting year" (really: no table; county and 合计
                                          columns are no value columns)
  9 counties_total_first         refused  the same, 全市 first
 10 counties_as_rows             refused  the same: "县（市、区）" is no 指标 column, indicators are columns
 11 strict_open_xml              refused  "no reporting year": openpyxl finds no cells in a Strict file
 12 formulas_uncached            refused  "formulas without saved results … open it in Excel or WPS and
                                          save it once" (honest, but a human sees the results)
 13 formulas_full_calc_on_load   wrong    the placeholder results 0 read as the rates: 0, 0, 0 for
                                          100 / 99.2 / 88.4
 14 qualified_text_values        wrong    "100%（应保尽保）", "85%以上", "不低于15%", "约90%", "全覆盖" are
                                          "not a number" (only "≥85%" and the plain 93.6 read)
 15 general_fraction_in_percent  wrong    0.912 judged as 0.912% ("0.912% 未达到 ≥85%"), not flagged
 16 traditional_characters       refused  "no indicator of plan 'xinzhou' found": 殘疾/覆蓋/護理 … never
                                          match 残疾/覆盖/护理
 17 other_area_jiangbei          wrong    checked instead of refused: 江北区's figures judged against
                                          忻州市's targets (exit 1: 7 pass, 2 warn, 3 fail)
 18 year_outside_plan            wrong    --year 2030 accepted: a 2030 report of missing figures (exit 1)
 19 wps_style                    right
 20 macro_enabled_xlsm           right
 21 column_codes_and_notes       right
 22 hidden_preliminary_column    wrong    the hidden 初报 column (E) read, not the visible 核定 column (F)
 23 numbering_under_merged_label refused  "no indicator found": "指标名称" merged over the 1、2、 column,
                                          labels read from the numbering column A
 24 instructions_sheet_example   refused  the 填报示例 figures on the 填报说明 sheet "given twice with
                                          different values" against the real sheet
 25 category_and_two_row_header  right
 26 sheet_per_year               right
 27 qingshan_text_numbers        right
 28 numbering_and_units_in_label right
 29 hidden_superseded_row        refused  the hidden superseded row "given twice with different values"
                                          (96.5 at E9 against the visible 99.2 at E10)
 30 completion_rate_column       refused  完成率（%） read as a second value column: "given twice with
                                          different values" (860 and 21.5)
 31 notes_naming_indicators      wrong    说明 lines naming an indicator read as its row: "2.重度残疾人
                                          护理补贴覆盖率统计口径…" is not a number → nothing read
  → 8 of 31 read right (10 wrong, 13 refused)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Recorded with this script against commits fe552d0 and 4819639 (see the docstring): name → (result, summary).
BEFORE: dict[str, tuple[str, str]] = {
    "prior_current_change": ("refused", "no reporting year (title 2025 + 填报日期 2026)"),
    "year_columns_yoy": ("refused", "填报 line above the header taken as a header band"),
    "same_period_last_year": ("refused", "no reporting year (title 2025 + date cell 2026)"),
    "two_tables_one_sheet": ("wrong", "table two read from table one's column E"),
    "yearbook_bilingual": ("wrong", "title taken as header; the 2021 column read"),
    "note_above_county_column": ("wrong", "原平市 column read as the city's figure"),
    "year_only_in_title": ("right", ""),
    "counties_total_last": ("refused", "no table found"),
    "counties_total_first": ("refused", "no table found"),
    "counties_as_rows": ("refused", "no table found"),
    "strict_open_xml": ("refused", "no cells read from a Strict file"),
    "formulas_uncached": ("refused", "formulas without saved results"),
    "formulas_full_calc_on_load": ("wrong", "placeholder 0 read as the rates"),
    "qualified_text_values": ("wrong", "5 of 7 worded figures not a number"),
    "general_fraction_in_percent": ("wrong", "0.912 judged as 0.912%"),
    "traditional_characters": ("refused", "traditional names never match"),
    "other_area_jiangbei": ("wrong", "checked, not refused"),
    "year_outside_plan": ("wrong", "--year 2030 accepted"),
    "wps_style": ("right", ""),
    "macro_enabled_xlsm": ("right", ""),
    "column_codes_and_notes": ("right", ""),
    "hidden_preliminary_column": ("wrong", "hidden 初报 column read"),
    "numbering_under_merged_label": ("refused", "labels read from the numbering column"),
    "instructions_sheet_example": ("refused", "example figures conflict with the real ones"),
    "category_and_two_row_header": ("right", ""),
    "sheet_per_year": ("right", ""),
    "qingshan_text_numbers": ("right", ""),
    "numbering_and_units_in_label": ("right", ""),
    "hidden_superseded_row": ("refused", "hidden old row conflicts with the visible one"),
    "completion_rate_column": ("refused", "完成率 read as a second value"),
    "notes_naming_indicators": ("wrong", "说明 lines read as indicator rows"),
}


def load_layouts():
    spec = importlib.util.spec_from_file_location("plan_checker_layouts", REPO / "tests" / "layouts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def default_command() -> list[str]:
    check = REPO / ".venv" / "bin" / "check"
    return [str(check)] if check.exists() else ["check"]


def run_check(command: list[str], path: Path, expectation, timeout: float) -> tuple[int, str, str]:
    argv = [*command, str(path), "--plan", expectation.plan, "--format", "json", *expectation.args]
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    try:
        done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "", f"timed out after {timeout:.0f} s"
    return done.returncode, done.stdout, done.stderr


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-6)


def _num(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value)
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def _message(stderr: str) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    message = " ".join(lines)[:300] if lines else "(no message)"
    return message.removeprefix("error: ").removeprefix("错误：")


def _read_instead(result: dict) -> str:
    """What the checker made of an indicator, in a few words."""
    if result.get("value") is None:
        reason = result.get("reason") or result.get("status")
        return f"nothing read ({result.get('status')}: {reason})"
    return f"{_num(result['value'])} at {result.get('cell')}"


def judge(expectation, code: int, stdout: str, stderr: str) -> tuple[str, str]:
    """("right" | "wrong" | "refused" | "crashed", what happened)."""
    if code not in (0, 1, 2):
        return "crashed", f"exit {code}: {_message(stderr)}"
    if code == 2:
        message = _message(stderr)
        if expectation.refusal is None:
            return "refused", message
        missing = [
            word if isinstance(word, str) else " or ".join(word)
            for word in expectation.refusal
            if not any(alternative in message for alternative in ((word,) if isinstance(word, str) else word))
        ]
        if missing:
            return "wrong", f"refused without naming {', '.join(missing)}: {message}"
        return "right", f"refused: {message}"
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        return "crashed", f"exit {code} and no JSON report: {stdout[:120]!r}"
    if expectation.refusal is not None:
        summary = report.get("summary", {})
        counts = ", ".join(f"{summary.get(s, 0)} {s}" for s in ("pass", "warn", "fail"))
        return "wrong", f"checked instead of refusing (exit {code}, year {report.get('year')}: {counts})"
    problems = []
    if report.get("year") != expectation.year:
        problems.append(f"year {report.get('year')} (expected {expectation.year})")
    results = {r["id"]: r for r in report.get("results", []) if r.get("kind", "target") == "target"}
    for expect in expectation.checks:
        result = results.get(expect.id)
        if result is None:
            problems.append(f"{expect.id}: not in the report")
            continue
        if expect.not_a_number:
            reason = str(result.get("reason") or "")
            if result.get("value") is not None:
                problems.append(f"{expect.id}: read {_num(result['value'])} from words that are not a number")
            elif expect.not_a_number not in reason or (expect.cell and expect.cell not in reason):
                problems.append(f"{expect.id}: not said to be words, not a number, at {expect.cell} ({reason})")
            continue
        if expect.flagged:
            reason = str(result.get("reason") or "")
            judged_raw = result.get("value") is not None and _close(result["value"], expect.raw)
            if judged_raw:
                problems.append(f"{expect.id}: judged {_num(expect.raw)} as it stands ({result.get('status')}: {reason})")
            elif _num(expect.raw) not in reason:
                problems.append(f"{expect.id}: {_read_instead(result)} without flagging {_num(expect.raw)} at {expect.cell}")
            continue
        if expect.value is not None:
            value = result.get("value")
            if value is None or isinstance(value, bool) or not _close(value, expect.value):
                problems.append(f"{expect.id}: {_read_instead(result)}, expected {_num(expect.value)} at {expect.cell}")
                continue
        if expect.cell is not None and result.get("cell") != expect.cell:
            problems.append(f"{expect.id}: {_num(result.get('value'))} from {result.get('cell')}, expected {expect.cell}")
        if expect.values_by_year:
            got = {int(y): v for y, v in (result.get("values_by_year") or {}).items()}
            wrong_years = [y for y, v in expect.values_by_year.items() if y not in got or not _close(got[y], v)]
            if wrong_years:
                shown = ", ".join(f"{y}: {_num(got.get(y))}" for y in sorted(set(got) | set(expect.values_by_year)))
                want = ", ".join(f"{y}: {_num(v)}" for y, v in sorted(expect.values_by_year.items()))
                problems.append(f"{expect.id} by year {{{shown}}}, expected {{{want}}}")
    if problems:
        return "wrong", "; ".join(problems)
    return "right", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build the workbooks in this folder and keep them")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these layouts")
    parser.add_argument("--check", help="the check command to run (default: .venv/bin/check)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per check")
    parser.add_argument("--width", type=int, default=220, help="cut each detail line at this many characters (0: never)")
    options = parser.parse_args(argv)
    layouts = load_layouts().LAYOUTS
    if options.only:
        unknown = set(options.only) - {name for name, _ in layouts}
        if unknown:
            parser.error(f"unknown layout(s): {', '.join(sorted(unknown))}")
    numbered = [(number, name, builder) for number, (name, builder) in enumerate(layouts, start=1)
                if not options.only or name in options.only]
    command = shlex.split(options.check) if options.check else default_command()
    with tempfile.TemporaryDirectory(prefix="layouts-") as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        right_before = 0
        print(f"{'#':>2}  {'layout':<29} {'result':<8} {'before':<8} detail")
        for number, name, builder in numbered:
            path, expectation = builder(folder)
            code, stdout, stderr = run_check(command, path, expectation, options.timeout)
            stderr = stderr.replace(f"{path}: ", "").replace(str(path), path.name)
            verdict, detail = judge(expectation, code, stdout, stderr)
            counts[verdict] = counts.get(verdict, 0) + 1
            before = BEFORE.get(name, ("—", ""))[0]
            right_before += before == "right"
            line = f"{number:>2}  {name:<29} {verdict:<8} {before:<8} {detail}"
            if options.width and len(line) > options.width:
                line = line[: options.width - 1] + "…"
            print(line.rstrip())
    total = len(numbered)
    others = ", ".join(f"{counts[v]} {v}" for v in ("wrong", "refused", "crashed") if counts.get(v))
    print(f"{counts.get('right', 0)} of {total} read right" + (f" ({others})" if others else "") + f"; before: {right_before} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
