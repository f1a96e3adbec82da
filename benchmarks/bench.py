"""Issue 17's table: what a check costs next to reading the file, measured side by side in one run.

    .venv/bin/python benchmarks/bench.py [-n 300] [--rows 100000] [--repeat 10] [--large-repeat 2] [--batch-repeat 5]

Four measures, each against openpyxl's own read-only load of the same file(s) and with
python-calamine (a Rust reader) and frictionless (`frictionless validate`) beside it for reference:

1. a small single check (one file, a fresh process) ÷ openpyxl's raw load of that file;
2. the check of a 100,000-row workbook ÷ openpyxl's raw load of it;
3. the peak memory of that check;
4. a batch of N files of one plan (default 300, the county workbooks of one city), `--jobs 1` ÷ `--jobs 2`.

Every process is timed by wall clock from start to exit (interpreter start and imports count),
best of several runs taken in turns (--repeat, --large-repeat, --batch-repeat), so that a change in
the machine's load falls on all commands alike; the load average is printed with the figures.
Bytecode is compiled once and kept under build/bench/pycache, as an installed checker would have it.

Submissions are generated into build/bench/ (git-ignored) in the layouts offices send: title rows,
a cover sheet, merged two-row headers, text values with units, percent-formatted cells, per-year
columns, raw counts, hidden rows, some failing or missing values; they are kept for the next run.
python-calamine and frictionless are not dependencies of the checker: they are installed into a venv
of their own (build/bench/peers), never into .venv, so the tests cannot come to depend on them; a
reference that does not install is reported as missing. No figure here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
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

from checker.batch.run import default_jobs  # noqa: E402
from checker.plans.loading import Plan, find_plan, plan_files  # noqa: E402
from memory import large_workbook  # noqa: E402
from samples.make_samples import UNIT_WORD, failing_value, passing_value  # noqa: E402

BUILD = ROOT / "build" / "bench"
BIN = Path(sys.executable).parent
PEERS = BUILD / "peers"
LAYOUTS = ("plain", "merged", "years", "hidden")
SEED = 20251231
GOALS = {"single": 1.25, "large": 1.0, "memory": 250, "jobs": 1.8}

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
from checker.reading.sheets import load_sheets
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
stages = {"load_sheets": [], "read_workbook": [], "openpyxl": [], "find_plan": [], "evaluate": []}
for path in paths:
    data = read_workbook(path)
    stages["load_sheets"].append(fastest(lambda: list(load_sheets(path))))
    stages["read_workbook"].append(fastest(lambda: read_workbook(path)))
    stages["openpyxl"].append(fastest(lambda: openpyxl_read(path)))
    stages["find_plan"].append(fastest(lambda: find_plan(plan_id)))
    stages["evaluate"].append(fastest(lambda: report_document(evaluate(plan, data, reporting_year(data, None)))))
print(json.dumps({"files": len(paths)} | {name: sum(times) / len(times) for name, times in stages.items()}))
"""
# The same CPU-bound work in every process: the machine's own speed-up of two processes over one.
SPIN = "import sys\ntotal = 0\nfor number in range(int(sys.argv[1])):\n    total += number"
SPIN_STEPS = 10_000_000  # about a second of one core
# Runs `checker ARGS…` in this process and writes the CPU seconds of this process (the batch's parent)
# and of its children (the workers) to the file named first.
CPU_SPLIT = """
import atexit, json, resource, sys
out = sys.argv.pop(1)
def report():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as handle:
        json.dump([own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime], handle)
atexit.register(report)
from checker.cli import main
main(sys.argv[1:])
"""
# Runs a command; prints its exit code, wall-clock seconds and peak resident set size (MiB).
PEAK_MEMORY = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=sys.argv[1])
seconds = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = used.ru_maxrss / 2**20 if sys.platform == "darwin" else used.ru_maxrss / 2**10
print(code, seconds, peak, used.ru_utime + used.ru_stime)
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


def submissions(count: int, plans: list[str], name: str) -> dict[str, Path]:
    """N workbooks into build/bench/NAME/<plan>/, plans in turn, layouts in turn; reused when the last
    run made the same set (same N, plans, seed and generating code)."""
    folder = BUILD / name
    stamp = folder / "stamp"
    sources = [Path(__file__), ROOT / "samples" / "make_samples.py", *(plan_files()[plan_id] for plan_id in plans)]
    fingerprint = f"{count} {plans} {SEED} " + hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()
    groups = {plan_id: folder / plan_id for plan_id in plans}
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return groups
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
    return groups


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


def run(command: list, *, expect=(0,)) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, its children included) of one process; an unexpected exit
    code (2: a file was unreadable) stops the bench."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(part) for part in command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment())
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in expect:
        raise CommandFailed(f"{' '.join(map(str, command))} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def together(command: list, count: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `count` copies of a command started at once, until the last ends."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    processes = [subprocess.Popen([str(part) for part in command], stdout=subprocess.DEVNULL, env=environment()) for _ in range(count)]
    for process in processes:
        process.wait()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def best_of(commands: dict, repeat: int) -> dict:
    """The shortest wall-clock time of each command (or callable giving (wall, cpu)) over `repeat` runs, and its shortest CPU time. The
    commands take turns, so a change in the machine's load falls on all of them alike; as with timeit,
    the best run is the one least disturbed by other processes (the first pays for compiling bytecode
    and for a cold cache). CPU time is less disturbed by other processes than wall-clock time."""
    return {name: (min(wall for wall, _ in values), min(cpu for _, cpu in values)) for name, values in in_turns(commands, repeat).items()}


def in_turns(commands: dict, repeat: int) -> dict:
    """(wall, cpu) of every run of each command, the commands taking turns `repeat` times."""
    times: dict = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(command() if callable(command) else run(command, expect=(0, 1)))
    return times


def peak_memory(command: list, cwd: Path = ROOT) -> tuple[float, int, float, float]:
    """Wall-clock seconds (of the command alone), exit code, peak resident memory (MiB) and CPU seconds of one process."""
    done = subprocess.run([sys.executable, "-c", PEAK_MEMORY, str(cwd), *map(str, command)], capture_output=True, text=True,
                          env=environment(), check=True)
    code, seconds, mebibytes, cpu = done.stdout.split()
    return float(seconds), int(code), float(mebibytes), float(cpu)


def best_large(commands: dict, repeat: int) -> dict:
    """(best wall seconds, peak MiB of that run, exit code, best CPU seconds) of each command over `repeat` runs in turns."""
    found: dict = {}
    for _ in range(repeat):
        for name, command in commands.items():
            seconds, code, mebibytes, cpu = peak_memory(command)
            if name not in found or seconds < found[name][0]:
                found[name] = (seconds, mebibytes, code, min(cpu, found[name][3]) if name in found else cpu)
            else:
                found[name] = (*found[name][:3], min(cpu, found[name][3]))
    return found


def frictionless_validates(command: list, cwd: Path) -> str | None:
    """None if frictionless really validated the file; else why not (it refuses some paths as "not safe")."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, env=environment(), cwd=cwd)
    if "VALID" in done.stdout and "resource-error" not in done.stdout:
        return None
    return (done.stdout.strip().splitlines() or done.stderr.strip().splitlines() or ["no output"])[-1][:200]


# --- the run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="files in the batch (default 300)")
    parser.add_argument("--plan", default="xinzhou", help="the plan of the batch and of the single file (default xinzhou)")
    parser.add_argument("--files", type=Path, help="a folder of workbooks of --plan to use as the batch instead of generated ones")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the large workbook (default 100,000)")
    parser.add_argument("--repeat", type=int, default=10, help="runs of each single-file command, the best counts (default 10)")
    parser.add_argument("--large-repeat", type=int, default=2, help="runs of each large-workbook command (default 2)")
    parser.add_argument("--batch-repeat", type=int, default=5, help="runs of each batch (default 5)")
    options = parser.parse_args()
    if options.n < len(LAYOUTS):
        parser.error(f"-n must be at least {len(LAYOUTS)}: each layout once")
    BUILD.mkdir(parents=True, exist_ok=True)
    plan_id = options.plan
    batch = options.files or submissions(options.n, [plan_id], f"batch-{plan_id}-{options.n}")[plan_id]
    files = len(list(batch.rglob("*.xlsx")))
    one = next(p for p in sorted(batch.glob("*.xlsx")) if "merged" in p.name)  # the layout that asks most of the reader
    found = peers()
    missing = [name for name, python in found.items() if python is None]
    readers = {"openpyxl": BIN / "python"} | {name: python for name, python in found.items() if python and name != "frictionless"}
    check = BIN / "check"
    frictionless = found["frictionless"] and found["frictionless"].parent / "frictionless"
    details: list[tuple[str, str]] = []

    def detail(what: str, figure: str) -> None:
        details.append((what, figure))
        print(f"{what:<76} {figure}", file=sys.stderr)

    load_before = os.getloadavg()[0]  # other work on the machine slows every figure: it is printed with them
    print(f"timing on {os.cpu_count()} cores, load average {load_before:.1f} …", file=sys.stderr)

    # 1. one small file, each command in a fresh process
    singles = {"start": [BIN / "python", "-c", "pass"], "check": [check, one, "--plan", plan_id]}
    singles |= {name: [python, "-c", RAW_LOAD, name, one] for name, python in readers.items()}
    if frictionless:
        command = [frictionless, "validate", "--trusted", one]  # without --trusted it refuses any absolute path, at once
        problem = frictionless_validates(command, ROOT)
        if problem:
            print(f"frictionless does not validate {one.name}: {problem}", file=sys.stderr)
            missing.append("frictionless (single file)")
        else:
            singles["frictionless"] = command
    single = best_of(singles, options.repeat)
    for name, (wall, cpu) in single.items():
        what = "interpreter start (`python -c pass`)" if name == "start" else f"one file ({one.name}): {name}"
        detail(what, f"{wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms)")

    # 2 and 3. the large workbook: time and peak memory of each process
    with tempfile.TemporaryDirectory() as scratch:
        large = large_workbook(Path(scratch) / "large.xlsx", options.rows)
        commands = {"check": [check, large, "--plan", plan_id, "--format", "json"]}
        commands |= {name: [python, "-c", RAW_LOAD, name, large] for name, python in readers.items()}
        if frictionless:
            commands["frictionless"] = [frictionless, "validate", "--trusted", large]
        biggest = best_large(commands, options.large_repeat)
    for name, (seconds, mebibytes, code, cpu) in biggest.items():
        detail(f"{options.rows:,}-row workbook: {name} (exit code {code})", f"{seconds:.2f} s (CPU {cpu:.2f} s), peak {mebibytes:.0f} MiB")

    # 4. the batch: one `check FOLDER` of N files (its default report, the consolidated matrix), --jobs 1 and --jobs 2
    # In turns with them, what the machine's second core gives at the time: the same pure-Python loop in
    # one process, then in two at once. On two free cores both take as long; on a shared virtual machine
    # whose second core is partly busy elsewhere, the two take longer, and so does `--jobs 2`.
    spin = [BIN / "python", "-c", SPIN, SPIN_STEPS]
    machine = {"spin 1": functools.partial(together, spin, 1), "spin 2": functools.partial(together, spin, 2)}
    runs = in_turns({jobs: [check, batch, "--plan", plan_id, "--jobs", jobs] for jobs in (1, 2)} | machine, options.batch_repeat)
    timed = {name: (min(wall for wall, _ in values), min(cpu for _, cpu in values)) for name, values in runs.items()}
    batches = {jobs: timed[jobs] for jobs in (1, 2)}
    raw_all = {name: run([python, "-c", RAW_LOAD, name, batch])[0] for name, python in readers.items()}
    for jobs, (wall, cpu) in batches.items():
        detail(f"batch of {files:,} files ({batch.relative_to(ROOT) if batch.is_relative_to(ROOT) else batch}): check --jobs {jobs}",
               f"{wall:.2f} s (CPU of all its processes {cpu:.2f} s)")
    for name, seconds in raw_all.items():
        detail(f"batch of {files:,} files: raw load by {name} (one process)", f"{seconds:.2f} s")
    detail("the machine's two cores, in turns with the batches: a pure-Python loop in one process / in two at once",
           f"{timed['spin 1'][0]:.2f} s / {timed['spin 2'][0]:.2f} s: two cores give {2 * timed['spin 1'][0] / timed['spin 2'][0]:.2f}× (2.00× when free)")
    # Each round's own ratios: how far the best-of figures above can be trusted on a machine whose speed varies.
    rounds = [(one[0] / two[0], 2 * spin_one[0] / spin_two[0]) for one, two, spin_one, spin_two in zip(runs[1], runs[2], runs["spin 1"], runs["spin 2"])]
    detail("each round, --jobs 1 ÷ --jobs 2 (the machine's two-core speed-up in the same round)",
           ", ".join(f"{batch_ratio:.2f}× ({machine_ratio:.2f}×)" for batch_ratio, machine_ratio in rounds)
           + f"; median {statistics.median(ratio for ratio, _ in rounds):.2f}× ({statistics.median(ratio for _, ratio in rounds):.2f}×)")
    # What a second core can give at best, whatever else runs on the machine: the parent's CPU (start-up,
    # plan, the consolidated report) stays serial, the workers' CPU is shared among them.
    split = []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(options.batch_repeat):
            run([BIN / "python", "-c", CPU_SPLIT, Path(scratch) / "cpu.json", "check", batch, "--plan", plan_id, "--jobs", 2], expect=(0, 1))
            split.append(json.loads((Path(scratch) / "cpu.json").read_text()))
    parent, workers = min(own for own, _ in split), min(children for _, children in split)
    detail(f"batch of {files:,} files, --jobs 2: CPU of the parent / of the workers", f"{parent:.2f} s / {workers:.2f} s")
    detail("speed-up of --jobs 2 on two free cores, at best (parent + workers) ÷ (parent + workers/2)",
           f"{(parent + workers) / (parent + workers / 2):.2f}×")

    stages = json.loads(subprocess.run([BIN / "python", "-c", STAGES, plan_id, batch], capture_output=True, text=True, env=environment(), check=True).stdout)
    sample = f"CPU per file in one process ({stages['files']} files)"
    for stage, what in (("load_sheets", "checker's .xlsx read (load_sheets)"), ("openpyxl", "openpyxl's read-only load"),
                        ("read_workbook", "read_workbook (load_sheets + tables)"), ("evaluate", "evaluate + results document"),
                        ("find_plan", "find_plan (once per check or batch)")):
        detail(f"{sample}: {what}", f"{stages[stage] * 1000:.1f} ms")
    load_after = os.getloadavg()[0]
    detail("small single check ÷ openpyxl's load, by CPU time", f"{single['check'][1] / single['openpyxl'][1]:.2f}×")
    detail(f"{options.rows:,}-row workbook ÷ openpyxl's load, by CPU time", f"{biggest['check'][3] / biggest['openpyxl'][3]:.2f}×")

    def shown(figures: dict, name: str, form) -> str:
        return form(figures[name]) if name in figures else "missing"

    ms = lambda found: f"{found[0] * 1000:.0f} ms"  # noqa: E731
    large_s = lambda found: f"{found[0]:.2f} s"  # noqa: E731
    megabytes = {name: found[1] * 2**20 / 1e6 for name, found in biggest.items()}
    mb = lambda value: f"{value:.0f} MB"  # noqa: E731
    loaded = lambda seconds: f"{seconds:.2f} s (load only, one process)"  # noqa: E731
    single_ratio = single["check"][0] / single["openpyxl"][0]
    large_ratio = biggest["check"][0] / biggest["openpyxl"][0]
    jobs_ratio = batches[1][0] / batches[2][0]
    rows = [
        ("small single check ÷ openpyxl's load of the same file", ms(single["check"]), ms(single["openpyxl"]),
         shown(single, "python-calamine", ms), shown(single, "frictionless", ms),
         f"{single_ratio:.2f}×", f"≤ {GOALS['single']}×", single_ratio <= GOALS["single"]),
        (f"{options.rows:,}-row workbook ÷ openpyxl's load of it", large_s(biggest["check"]), large_s(biggest["openpyxl"]),
         shown(biggest, "python-calamine", large_s), shown(biggest, "frictionless", large_s),
         f"{large_ratio:.2f}×", f"≤ {GOALS['large']}×", large_ratio <= GOALS["large"]),
        (f"{options.rows:,}-row workbook, peak memory", mb(megabytes["check"]), mb(megabytes["openpyxl"]),
         shown(megabytes, "python-calamine", mb), shown(megabytes, "frictionless", mb),
         f"{megabytes['check'] / megabytes['openpyxl']:.2f}×", f"≤ {GOALS['memory']} MB", megabytes["check"] <= GOALS["memory"]),
        (f"batch of {files:,} files, `--jobs 2` vs `--jobs 1`", f"{batches[1][0]:.2f} s → {batches[2][0]:.2f} s", loaded(raw_all["openpyxl"]),
         shown(raw_all, "python-calamine", loaded), "—", f"{jobs_ratio:.2f}× faster", f"≥ {GOALS['jobs']}×", jobs_ratio >= GOALS["jobs"]),
    ]

    versions = [f"Python {platform.python_version()}", f"{os.cpu_count()} cores", f"load average {load_before:.1f} before, {load_after:.1f} after"]
    versions += [f"openpyxl {version(BIN / 'python', 'openpyxl')}"]
    versions += [f"{name} {version(python, name)}" for name, python in found.items() if python]
    print(f"\n{' · '.join(versions)}; wall-clock, best of {options.repeat} (one file), {options.large_repeat} "
          f"({options.rows:,} rows), {options.batch_repeat} (batch) runs taken in turns")
    if missing:
        print(f"reference missing: {', '.join(missing)} (see the messages above)")
    print("\n| measure | check | openpyxl (read-only load) | python-calamine | frictionless | ratio | goal | met |")
    print("|---|---|---|---|---|---|---|---|")
    for what, *figures, goal, met in rows:
        print(f"| {what} | {' | '.join(figures)} | {goal} | {'yes' if met else '**no**'} |")
    print("\n| detail | figure |\n|---|---|")
    for what, figure in details:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    try:
        main()
    except CommandFailed as failure:
        raise SystemExit(f"bench: {failure}") from None
