"""Scale of a batch: peak memory and files per second of `check FOLDER` at 1,000 and 14,000 files.

    .venv/bin/python benchmarks/scale.py [--files 1000 14000] [--jobs 2] [--distinct 100]

A national archive is about 2,800 county-level units × 5 years = 14,000 submissions. `--distinct`
xinzhou submissions are generated in the layouts offices send (benchmarks/bench.py) and copied
under province/county/year folders up to each size (build/bench/scale/, git-ignored; kept for the
next run). Each size is one `check FOLDER --plan xinzhou --jobs J -o report.json` with the text
matrix printed (to /dev/null), timed by wall clock from start to exit.

Peak memory is the resident set size (VmHWM on Linux, ru_maxrss elsewhere) of the checker's own
process, which holds the batch, and separately of its largest worker. POSIX only (resource). It
prints a Markdown table; no figure here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
BUILD = ROOT / "build" / "bench" / "scale"
LAYOUTS = ("plain", "merged", "years", "hidden")
SEED = 20251231

# The checker in this process; at its exit, its own peak and its largest (waited-for) worker's.
RUN = """
import atexit, json, os, resource, sys
def peaks():
    try:
        own = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024
    except OSError:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    os.write(int(os.environ["SCALE_REPORT_FD"]), json.dumps({"parent": own, "worker": worker, "parent_cpu": cpu}).encode())
atexit.register(peaks)
from checker.cli import main
main(sys.argv[1:], prog_name="checker")
"""


def distinct_submissions(count: int) -> list[Path]:
    """`count` xinzhou workbooks, layouts in turn (made once, then reused)."""
    from bench import write_submission

    folder = BUILD / "distinct"
    stamp = folder / "stamp"
    if stamp.is_file() and stamp.read_text() == str(count):
        return sorted(folder.glob("*.xlsx"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number in range(count):
        layout = LAYOUTS[number % len(LAYOUTS)]
        write_submission("xinzhou", layout, folder / f"{number:04d}-{layout}.xlsx", SEED + number)
    stamp.write_text(str(count))
    return sorted(folder.glob("*.xlsx"))


def archive(size: int, sources: list[Path]) -> Path:
    """size workbooks under province/county/year folders, copies (hard links where possible) of the sources."""
    folder = BUILD / f"archive-{size}"
    stamp = folder / "stamp"
    if stamp.is_file() and stamp.read_text() == f"{size} {len(sources)}":
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for number in range(size):
        county, year = divmod(number, 5)
        target = folder / f"省{county // 100:02d}" / f"县{county:04d}" / f"{2021 + year}" / f"{county:04d}-{2021 + year}.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sources[number % len(sources)]
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    stamp.write_text(f"{size} {len(sources)}")
    return folder


def measure(folder: Path, size: int, jobs: int) -> dict:
    report = BUILD / f"report-{size}.json"
    read_end, write_end = os.pipe()
    env = {**os.environ, "SCALE_REPORT_FD": str(write_end), "PYTHONPYCACHEPREFIX": str(ROOT / "build" / "bench" / "pycache")}
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-c", RUN, "check", str(folder), "--plan", "xinzhou", "--jobs", str(jobs), "-o", str(report), "--force"]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, pass_fds=(write_end,))
    seconds = time.perf_counter() - started
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        peaks = json.loads(pipe.read())
    if done.returncode not in (0, 1):
        raise SystemExit(f"scale: check exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return {"size": size, "seconds": seconds, "per_second": size / seconds, **peaks,
            "report_mib": report.stat().st_size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1000, 14000], help="batch sizes (default 1,000 and 14,000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--distinct", type=int, default=100, help="distinct generated workbooks copied up to each size (default 100)")
    options = parser.parse_args()
    BUILD.mkdir(parents=True, exist_ok=True)
    sources = distinct_submissions(options.distinct)
    load_before = os.getloadavg()[0]
    rows = []
    for size in options.files:
        folder = archive(size, sources)
        print(f"checking {size:,} files with --jobs {options.jobs} …", file=sys.stderr)
        figures = measure(folder, size, options.jobs)
        rows.append(figures)
        print(f"  {figures['seconds']:.1f} s, {figures['per_second']:.1f} files/s, peak RSS {figures['parent']:.0f} MiB "
              f"(largest worker {figures['worker']:.0f} MiB)", file=sys.stderr)
    print(f"\nscale: xinzhou submissions ({options.distinct} distinct, copied), --jobs {options.jobs}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n")
    print("| measure | figure |\n|---|---|")
    for figures in rows:
        size = f"{figures['size']:,}"
        print(f"| scale: `check` {size} files, --jobs {options.jobs}: wall time | {figures['seconds']:.1f} s |")
        print(f"| scale: {size} files: files per second | {figures['per_second']:.1f} |")
        print(f"| scale: {size} files: peak RSS of the checker's process | {figures['parent']:.0f} MiB |")
        print(f"| scale: {size} files: peak RSS of its largest worker | {figures['worker']:.0f} MiB |")
        print(f"| scale: {size} files: CPU time of the checker's process (workers aside) | {figures['parent_cpu']:.1f} s |")
        print(f"| scale: {size} files: size of report.json | {figures['report_mib']:.0f} MiB |")


if __name__ == "__main__":
    main()
