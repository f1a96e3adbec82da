"""Speed and memory of `check`, against the raw read of the same workbooks (run: make bench [N=1000]).

    .venv/bin/python benchmarks/bench.py [-n 1000] [--rows 100000] [--repeat 10] [--batch-repeat 2]

In one run and on the same files it times: (a) the raw floor, loading workbooks with a reader alone
(python-calamine and openpyxl's read-only mode, each in a fresh process); (b) `check` on one file;
(c) `check FOLDER` with --jobs 1 and --jobs 2; (d) `frictionless validate` on the same one file, as
a peer; (e) the CPU time of each stage of a check, per file; and the peak memory of `check` on a
100,000-row workbook. It prints a Markdown table.

Submissions are generated into build/bench/ (git-ignored), spread over the five shipped plans, in
the layouts offices send: title rows, a cover sheet, merged two-row headers, text values with units,
percent-formatted cells, per-year columns, raw counts, hidden rows, some failing or missing values.
They are kept for the next run with the same N. python-calamine and frictionless are installed
into a venv of their own (build/bench/peers), never into .venv, so the tests cannot come to depend
on them; a peer that does not install is skipped.

Every process is timed by wall clock, from start to exit, so interpreter start and imports count;
each figure is the best of several runs (--repeat, --batch-repeat), taken in turns. Bytecode is
compiled once and kept under build/bench/pycache, as an installed checker would have it. No figure
here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Font  # noqa: E402

from checker.batch import default_jobs  # noqa: E402
from checker.plans.loading import Plan, find_plan, plan_files  # noqa: E402
from memory import large_workbook  # noqa: E402
from samples.make_samples import UNIT_WORD, failing_value, passing_value  # noqa: E402

BUILD = ROOT / "build" / "bench"
BIN = Path(sys.executable).parent
PEERS = BUILD / "peers"
LAYOUTS = ("plain", "merged", "years", "hidden")
SEED = 20251231

# Loads every sheet of every workbook given (a file, or a folder read recursively) and nothing more.
RAW_LOAD = """
import sys
from pathlib import Path
reader, target = sys.argv[1], Path(sys.argv[2])
paths = sorted(target.rglob("*.xlsx")) if target.is_dir() else [target]
if reader == "python-calamine":
    from python_calamine import CalamineWorkbook
    for path in paths:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()
else:
    import openpyxl
    for path in paths:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                pass
        workbook.close()
"""
# CPU per file of each stage of a check, inside one process: each file's fastest of 5 calls, averaged
# over the files (a loaded machine inflates CPU time too; the fastest call is the least disturbed).
STAGES = """
import json, sys, time
from pathlib import Path
import openpyxl
from checker.judging.evaluate import evaluate, reporting_year
from checker.plans.loading import find_plan
from checker.judging.results import report_document
from checker.reading.workbook import read_workbook
plan_id, paths = sys.argv[1], sorted(Path(sys.argv[2]).glob("*.xlsx"))[:100]
plan = find_plan(plan_id)
def fastest(call):
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        call()
        best = min(best, time.process_time() - started)
    return best
def openpyxl_read(path):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            pass
    workbook.close()
stages = {"read_workbook": [], "openpyxl": [], "find_plan": [], "evaluate": []}
for path in paths:
    data = read_workbook(path)
    stages["read_workbook"].append(fastest(lambda: read_workbook(path)))
    stages["openpyxl"].append(fastest(lambda: openpyxl_read(path)))
    stages["find_plan"].append(fastest(lambda: find_plan(plan_id)))
    stages["evaluate"].append(fastest(lambda: report_document(evaluate(plan, data, reporting_year(data, None)))))
print(json.dumps({"files": len(paths)} | {name: sum(times) / len(times) for name, times in stages.items()}))
"""
# Runs a command and reports the peak resident set size of its process tree's largest process.
PEAK_MEMORY = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(code, peak / 2**20 if sys.platform == "darwin" else peak / 2**10)
"""


# --- submissions ---------------------------------------------------------------------------------


def unit_text(value, unit: str) -> str:
    """A value as a statistician types it with its unit: "96.5%", "4,126人", "1502户"."""
    if unit == "yes_no" or not isinstance(value, (int, float)):
        return str(value)
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,}{UNIT_WORD[unit]}" if value >= 10_000 else f"{value}{UNIT_WORD[unit]}"


def figures(plan: Plan, rng: random.Random) -> list[tuple]:
    """(indicator, 2025 value) for most indicators of the plan: about one in eight fails, a few are missing."""
    chosen = []
    for indicator in plan.indicators:
        if indicator.tier == "supplementary" and rng.random() < 0.3:
            continue  # supplementary indicators are often left out
        roll = rng.random()
        value = failing_value(indicator) if roll < 0.12 else "—" if roll < 0.15 else passing_value(indicator)
        chosen.append((indicator, value))
    tail = chosen[len(chosen) // 2:]
    rng.shuffle(tail)  # offices reorder rows, never all of them
    return chosen[: len(chosen) // 2] + tail


def label(indicator, number: int, rng: random.Random) -> str:
    name = rng.choice((indicator.name,) * 3 + indicator.aliases)
    unit = UNIT_WORD[indicator.unit] if indicator.unit != "yes_no" else ""
    return f"{number}．{name}（{unit}）" if unit and rng.random() < 0.5 else name


def write_submission(plan_id: str, layout: str, path: Path, seed: int) -> None:
    rng = random.Random(seed)
    plan = find_plan(plan_id)
    workbook = Workbook()
    {"merged": merged_layout, "years": years_layout}.get(layout, plain_layout)(workbook, plan, figures(plan, rng), rng, layout)
    workbook.save(path)


def merged_layout(workbook: Workbook, plan: Plan, rows: list[tuple], rng: random.Random, _layout: str) -> None:
    """A cover sheet, then title rows and a header merged over two rows; values typed as text with units."""
    workbook.active.title = "填报说明"
    workbook.active["A1"] = "本表由县（市、区）残联填报，数据截至2025年12月31日。"
    sheet = workbook.create_sheet("2025年度监测")
    sheet.merge_cells("A1:F1")
    sheet["A1"] = f"{plan.title}主要指标完成情况（2025年度）"
    sheet["A1"].font, sheet["A1"].alignment = Font(bold=True, size=14), Alignment(horizontal="center")
    sheet["A2"], sheet["E2"] = "填报单位：某区残联", "填报日期：2026年1月15日"
    for column, title in (("A", "序号"), ("B", "指　标　名　称"), ("C", "属 性"), ("F", "备注")):
        sheet.merge_cells(f"{column}3:{column}4")
        sheet[f"{column}3"] = title
    sheet.merge_cells("D3:E3")
    sheet["D3"], sheet["D4"], sheet["E4"] = "2025年", "规划目标", "实际完成"
    for number, (indicator, value) in enumerate(rows, start=1):
        attribute = "约束性" if indicator.attribute == "binding" else "预期性"
        shown = unit_text(value, indicator.unit) if rng.random() < 0.6 else value
        sheet.append([number, label(indicator, number, rng), attribute, None, shown, rng.choice(("", "", "部门提供"))])
    if any(i.operator == "in_step_with" for i in plan.indicators):
        sheet.append([len(rows) + 1, "地区生产总值增长率（%）", "", None, "5.5%", "统计局快报"])
    sheet.column_dimensions["B"].width = 60


def years_layout(workbook: Workbook, plan: Plan, rows: list[tuple], rng: random.Random, _layout: str) -> None:
    """One column per year 2021–2025 and a target column; raw counts below for some rates."""
    sheet = workbook.active
    sheet.title = "年度监测"
    sheet.append([f"{plan.title}主要指标年度监测表（2021—2025年）"])
    sheet.append(["序号", "指标", "单位", "2021年", "2022年", "2023年", "2024年", "2025年", "2025年目标"])
    for number, (indicator, value) in enumerate(rows, start=1):
        years = [value] * 5
        if indicator.trajectory == "cumulative" and isinstance(value, (int, float)):
            years = [value // 5] * 4 + [value - value // 5 * 4]  # annual figures adding up to the five-year total
        sheet.append([number, indicator.name, UNIT_WORD[indicator.unit], *years, None])
    if any(i.operator == "in_step_with" for i in plan.indicators):
        sheet.append([len(rows) + 1, "地区生产总值增长率", "%", 8.1, 4.6, 5.2, 5.0, 5.5, None])
    for indicator, value in rows:
        if indicator.numerator and isinstance(value, (int, float)) and rng.random() < 0.5:
            need = rng.randrange(2_000, 20_000)  # the counts the rate is computed from, as the plan asks
            sheet.append([None, indicator.denominator.name, "人", None, None, None, None, need, None])
            sheet.append([None, indicator.numerator.name, "人", None, None, None, None, round(need * min(value, 100) / 100), None])
    sheet.column_dimensions["B"].width = 60


def plain_layout(workbook: Workbook, plan: Plan, rows: list[tuple], rng: random.Random, layout: str) -> None:
    """A title row and a one-row header; half the rates percent-formatted; "hidden": one row hidden, one extra row."""
    sheet = workbook.active
    sheet.title = rng.choice(("主要指标", "Sheet1", "2025年"))
    sheet.append([f"{plan.title}主要指标 2025年完成情况"])
    sheet.append(["序号", "指标", "单位", "2025年目标", "2025年实际"])
    for number, (indicator, value) in enumerate(rows, start=1):
        sheet.append([number, label(indicator, number, rng), UNIT_WORD[indicator.unit], None, value])
        if indicator.unit == "percent" and isinstance(value, (int, float)) and indicator.operator != "in_step_with" and rng.random() < 0.5:
            cell = sheet.cell(row=sheet.max_row, column=5)
            cell.value, cell.number_format = value / 100, rng.choice(("0%", "0.0%", "0.00%"))
    if any(i.operator == "in_step_with" for i in plan.indicators):
        sheet.append([len(rows) + 1, "地区生产总值增长率", "%", None, 5.5])
    if layout == "hidden":
        sheet.append(["", "其他：本区自定指标（个）", "个", None, rng.randrange(5, 40)])
        sheet.row_dimensions[rng.randrange(3, sheet.max_row + 1)].hidden = True
    sheet.column_dimensions["B"].width = 60


def _write_packed(arguments: tuple) -> None:
    write_submission(*arguments)


def submissions(count: int) -> tuple[Path, dict[str, Path]]:
    """N workbooks, plans in turn, layouts in turn; reused when the last run made the same set."""
    folder = BUILD / "submissions"
    stamp = folder / "stamp"
    plans = sorted(plan_files())
    sources = [Path(__file__), ROOT / "samples" / "make_samples.py", *(plan_files()[plan_id] for plan_id in plans)]
    fingerprint = f"{count} {SEED} " + hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()
    groups = {plan_id: folder / plan_id for plan_id in plans}
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return folder, groups
    shutil.rmtree(folder, ignore_errors=True)
    for group in groups.values():
        group.mkdir(parents=True)
    work = []
    for number in range(count):
        plan_id, layout = plans[number % len(plans)], LAYOUTS[number // len(plans) % len(LAYOUTS)]
        work.append((plan_id, layout, groups[plan_id] / f"{number:05d}-{layout}.xlsx", SEED + number))
    print(f"generating {count:,} submissions in {folder.relative_to(ROOT)} …", file=sys.stderr)
    with ProcessPoolExecutor(default_jobs()) as pool:
        list(pool.map(_write_packed, work, chunksize=16))
    stamp.write_text(fingerprint)
    return folder, groups


# --- peers ---------------------------------------------------------------------------------------


def peers() -> dict[str, Path | None]:
    """The peer venv's python for each peer that is (or can be) installed there; None when it cannot."""
    python = PEERS / ("Scripts" if os.name == "nt" else "bin") / "python"
    found: dict[str, Path | None] = {"python-calamine": None, "frictionless": None}
    if not python.exists():
        made = subprocess.run([sys.executable, "-m", "venv", str(PEERS)], capture_output=True, text=True)
        if made.returncode != 0:
            print(f"skipping python-calamine and frictionless: no venv for them ({made.stderr.strip()[-200:]})", file=sys.stderr)
            return found
    for name, requirement, probe in (
        ("python-calamine", "python-calamine", "import python_calamine"),
        ("frictionless", "frictionless[excel]", "import frictionless"),
    ):
        if subprocess.run([python, "-c", probe], capture_output=True).returncode != 0:
            print(f"installing {requirement} into {PEERS.relative_to(ROOT)} …", file=sys.stderr)
            install = subprocess.run([python, "-m", "pip", "install", "--quiet", requirement], capture_output=True, text=True)
            if install.returncode != 0:
                reason = (install.stderr.strip().splitlines() or ["pip failed"])[-1]
                print(f"skipping {name}: it did not install ({reason})", file=sys.stderr)
                continue
        found[name] = python
    return found


def version(python: Path, distribution: str) -> str:
    code = f"from importlib.metadata import version; print(version({distribution!r}))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()


# --- timing --------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    """Children run as an installed checker does, with compiled bytecode (kept under build/bench/)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BUILD / "pycache")
    env.pop("NO_COLOR", None)
    return env


class CommandFailed(Exception):
    pass


def run(command: list, *, expect=(0,)) -> float:
    """Wall-clock seconds of one process; an unexpected exit code (2: a file was unreadable) stops the bench."""
    started = time.perf_counter()
    done = subprocess.run([str(part) for part in command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment())
    seconds = time.perf_counter() - started
    if done.returncode not in expect:
        raise CommandFailed(f"{' '.join(map(str, command))} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds


def best_of(commands: dict, repeat: int) -> dict:
    """The shortest wall-clock time of each command over `repeat` runs. The commands take turns, so a
    change in the machine's load falls on all of them alike; as with timeit, the best run is the one
    least disturbed by other processes (the first pays for compiling bytecode and for a cold cache)."""
    times: dict = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(run(command, expect=(0, 1)))
    return {name: min(values) for name, values in times.items()}


def timed_peak_memory(command: list) -> tuple[float, int, float]:
    """Wall-clock seconds, exit code and peak memory (MiB) of one process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK_MEMORY, *map(str, command)], capture_output=True, text=True, env=environment(), check=True)
    code, mebibytes = done.stdout.split()
    return time.perf_counter() - started, int(code), float(mebibytes)


# --- the run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of submissions (default 1,000)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the large workbook for peak memory (default 100,000)")
    parser.add_argument("--repeat", type=int, default=10, help="runs of each single-file command, the best counts (default 10)")
    parser.add_argument("--batch-repeat", type=int, default=2, help="runs of each batch, the best counts (default 2)")
    options = parser.parse_args()
    if options.n < len(LAYOUTS) * len(plan_files()):
        parser.error(f"-n must be at least {len(LAYOUTS) * len(plan_files())}: each layout for each plan")
    BUILD.mkdir(parents=True, exist_ok=True)

    folder, groups = submissions(options.n)
    one_plan = "xinzhou"
    one = next(p for p in sorted(groups[one_plan].glob("*.xlsx")) if "merged" in p.name)  # the layout that asks most of the reader
    found = peers()
    readers = {"openpyxl": BIN / "python"}
    if found["python-calamine"]:
        readers["python-calamine"] = found["python-calamine"]
    check = BIN / "check"
    rows: list[tuple[str, str]] = []

    def show(what: str, figure: str) -> None:
        rows.append((what, figure))
        print(f"{what:<60} {figure}", file=sys.stderr)

    load_before = os.getloadavg()[0]  # other work on the machine slows every figure: it is printed with them
    print(f"timing on {os.cpu_count()} cores …", file=sys.stderr)
    singles = {"start": [BIN / "python", "-c", "pass"]}
    singles |= {name: [python, "-c", RAW_LOAD, name, one] for name, python in readers.items()}
    singles["check"] = [check, one, "--plan", one_plan]
    if found["frictionless"]:
        try:
            run([found["frictionless"].parent / "frictionless", "validate", one], expect=(0, 1))
            singles["frictionless"] = [found["frictionless"].parent / "frictionless", "validate", one]
        except CommandFailed as failure:
            print(f"skipping frictionless: {failure}", file=sys.stderr)
    single = best_of(singles, options.repeat)
    show("interpreter start (`python -c pass`)", f"{single['start'] * 1000:.0f} ms")
    for name in readers:
        show(f"(a) raw load of one file, {name} (own process)", f"{single[name] * 1000:.0f} ms")
    raw_all = {name: run([python, "-c", RAW_LOAD, name, folder]) for name, python in readers.items()}
    for name, seconds in raw_all.items():
        show(f"(a) raw load of all {options.n:,} files, {name} (one process)", f"{seconds:.2f} s")
    floor = min(readers, key=single.get)
    show(f"(b) `check` one file ({one.parent.name}/{one.name})", f"{single['check'] * 1000:.0f} ms")
    # A real batch is one plan's submissions: each plan's folder is checked with its own --plan.
    batches = best_of({(plan_id, jobs): [check, group, "--plan", plan_id, "--jobs", jobs] for plan_id, group in groups.items() for jobs in (1, 2)}, options.batch_repeat)
    batch = {jobs: sum(seconds for (_, each), seconds in batches.items() if each == jobs) for jobs in (1, 2)}
    for jobs, seconds in batch.items():
        show(f"(c) `check` all {options.n:,} files, --jobs {jobs} ({len(groups)} folders, one per plan)", f"{seconds:.2f} s")
    if "frictionless" in singles:
        show("(d) `frictionless validate` the same one file", f"{single['frictionless'] * 1000:.0f} ms")
    stages = json.loads(subprocess.run([BIN / "python", "-c", STAGES, one_plan, groups[one_plan]], capture_output=True, text=True, env=environment(), check=True).stdout)
    sample = f"CPU per file in one process ({stages['files']} {one_plan} files)"
    show(f"(e) {sample}: read_workbook", f"{stages['read_workbook'] * 1000:.1f} ms")
    show(f"(e) {sample}: of which openpyxl's read-only read", f"{stages['openpyxl'] * 1000:.1f} ms")
    show(f"(e) {sample}: find_plan (once per batch)", f"{stages['find_plan'] * 1000:.1f} ms")
    show(f"(e) {sample}: evaluate + results document", f"{stages['evaluate'] * 1000:.1f} ms")

    with tempfile.TemporaryDirectory() as scratch:
        large = large_workbook(Path(scratch) / "large.xlsx", options.rows)
        large_raw = run([readers[floor], "-c", RAW_LOAD, floor, large])
        large_check, code, peak = timed_peak_memory([check, large, "--plan", one_plan, "--format", "json"])
    show(f"{options.rows:,}-row workbook: raw load, {floor}", f"{large_raw:.2f} s")
    show(f"{options.rows:,}-row workbook: `check`", f"{large_check:.2f} s")
    show(f"{options.rows:,}-row workbook: peak memory of `check` (exit code {code})", f"{peak:.0f} MiB")

    show(f"ratio: single check ÷ raw load of that file ({floor}, with interpreter start)", f"{single['check'] / single[floor]:.1f}×")
    show(f"ratio: batch --jobs 1 ÷ raw load total ({floor})", f"{batch[1] / raw_all[floor]:.1f}×")
    show("speed-up of --jobs 2 over --jobs 1", f"{batch[1] / batch[2]:.2f}×")
    if "frictionless" in singles:
        show("ratio: frictionless ÷ check (one file)", f"{single['frictionless'] / single['check']:.1f}×")

    versions = [f"Python {platform.python_version()}", f"{os.cpu_count()} cores", f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"]
    versions += [f"openpyxl {version(BIN / 'python', 'openpyxl')}"]
    versions += [f"{name} {version(python, name)}" for name, python in found.items() if python]
    print(f"\n{options.n:,} submissions, {' · '.join(versions)}\n")
    print("| measure | figure |\n|---|---|")
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    try:
        main()
    except CommandFailed as failure:
        raise SystemExit(f"bench: {failure}") from None
