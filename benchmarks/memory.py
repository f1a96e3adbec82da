"""Peak memory (RSS) of reading workbooks: a large honest one and hostile ones.

    .venv/bin/python benchmarks/memory.py [--rows 100000]

Each case runs in a fresh Python process that reports its own peak resident set size (VmHWM on
Linux, ru_maxrss elsewhere), so one case cannot inflate another. Unix only. Prints one line per
case; no figure here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

# VmHWM is this process's own peak; ru_maxrss would also carry the parent's peak across fork and exec.
CHILD = """
import resource, sys
from checker.errors import CheckerError
from checker.reading.workbook import read_workbook
outcome = "imports only"
if sys.argv[1] != "-":
    try:
        outcome = f"{len(read_workbook(sys.argv[1]).observations):,} observations"
    except CheckerError as error:
        outcome = "error: " + error.message[:70]
try:
    status = open("/proc/self/status").read()
    peak_kib = int(status.split("VmHWM:")[1].split()[0])
except OSError:
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
print(peak_kib, outcome)
"""


def large_workbook(path: Path, rows: int) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("主要指标")
    sheet.append(["序号", "指标", "单位", "2025年实际"])
    for number in range(1, rows + 1):
        sheet.append([number, f"困难残疾人生活补贴覆盖率（第{number}行）", "%", 99.5])
    workbook.save(path)
    return path


def with_sheet_xml(source: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item.filename, edit(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return target


def cases(folder: Path, rows: int) -> dict[str, Path | None]:
    small = large_workbook(folder / "small.xlsx", 12)
    return {
        "python + checker imported": None,
        f"{rows:,}-row workbook": large_workbook(folder / "large.xlsx", rows),
        "zip bomb (200 MiB of spaces in one part)": with_sheet_xml(small, folder / "bomb.xlsx", lambda xml: xml + b" " * (200 * 2**20)),
        "dimension A1:XFD1048576": with_sheet_xml(
            small, folder / "dimension.xlsx", lambda xml: xml.replace(b'<dimension ref="A1:D13"/>', b'<dimension ref="A1:XFD1048576"/>')
        ),
        "merged range A1:XFD1048576": with_sheet_xml(
            small, folder / "merged.xlsx",
            lambda xml: xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        for name, path in cases(Path(folder), rows).items():
            size = f"{path.stat().st_size / 2**20:6.1f} MiB file" if path else " " * 15
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", CHILD, str(path) if path else "-"], capture_output=True, text=True, check=True)
            seconds = time.perf_counter() - started
            peak_kib, outcome = result.stdout.strip().split(" ", 1)
            print(f"{name:<42} {size}  peak RSS {int(peak_kib) / 1024:7.1f} MiB  {seconds:5.1f} s  {outcome}")


if __name__ == "__main__":
    main()
