"""Screenshots of the html reports as people see them, for the README (issue 16).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Checks samples/xinzhou-2025-binding-failures.xlsx (the single report) and a folder of five district
submissions made from the xinzhou samples (the batch: one passing, two failing, one of 2023, one that is
not a workbook) against the xinzhou plan, opens each html report in Debian's headless Chromium
(/usr/bin/chromium, driven by Playwright: tests/browser.py) and writes, into --out:

    single-phone.png    single-desktop.png    single-a4-page1.png
    batch-phone.png     batch-desktop.png     batch-a4-page1.png

phone = the first screen of a 390 x 844 CSS px viewport, desktop = the first 1280 x 800 screen,
a4-page1 = page 1 of the browser's A4 print (pdftoppm from Debian's poppler-utils, at 60 dpi; skipped
without it). The PNGs are reduced to 64 colours to stay small. It prints the measurements the layout
tests make (sideways scrolling, overflowing cells, smallest text, printed pages) for each report.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import (  # noqa: E402  (the repository root first)
    DESKTOP, PHONE, load, open_browser, overflowing, page_width, pdf_pages, print_pdf, smallest_font, unavailable,
)

SAMPLES = ROOT / "samples"
# The batch: district submissions as a federation receives them.
DISTRICTS = {
    "忻府区.xlsx": "xinzhou-2025.xlsx",
    "原平市.xlsx": "xinzhou-2025-binding-failures.xlsx",
    "定襄县.xlsx": "xinzhou-2025-messy.xlsx",
    "五台县.xlsx": "xinzhou-2021-2023.xlsx",
    "代县.xlsx": None,  # not a workbook: 无法检查
}
A4_DPI = 60
COLOURS = 64


def check(workbooks: list[str], output: Path, cwd: Path) -> Path:
    """`checker check WORKBOOKS --plan xinzhou --output OUTPUT`, run from `cwd`."""
    command = [sys.executable, "-c", "from checker.cli import main; main()", "check", *workbooks,
               "--plan", "xinzhou", "--jobs", "1", "--output", str(output)]
    outcome = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if outcome.returncode not in (0, 1, 2) or not output.is_file():
        sys.exit(f"check {' '.join(workbooks)} failed ({outcome.returncode}): {outcome.stderr.strip()}")
    return output


def districts(folder: Path) -> Path:
    submissions = folder / "submissions"
    submissions.mkdir()
    for name, sample in DISTRICTS.items():
        if sample:
            shutil.copy(SAMPLES / sample, submissions / name)
        else:
            (submissions / name).write_text("这不是工作簿", encoding="utf-8")
    return folder


def first_page_png(pdf: Path, png: Path) -> bool:
    if not shutil.which("pdftoppm"):
        return False
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(A4_DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True)
    return True


def smaller(png: Path) -> None:
    """The PNG in a palette of COLOURS colours: a third of the bytes, text as sharp."""
    from PIL import Image

    with Image.open(png) as image:
        reduced = image.convert("RGB").quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    reduced.save(png, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs")
    out = parser.parse_args().out
    if reason := unavailable():
        sys.exit(reason)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, open_browser() as browser:
        scratch = Path(scratch)
        reports = {
            "single": check(["samples/xinzhou-2025-binding-failures.xlsx"], scratch / "single.html", ROOT),
            "batch": check(["submissions"], scratch / "batch.html", districts(scratch)),
        }
        page = browser.new_page()
        for name, html in reports.items():
            for label, width in (("phone", PHONE), ("desktop", DESKTOP)):
                load(page, html, width)
                page.screenshot(path=str(out / f"{name}-{label}.png"))
                smaller(out / f"{name}-{label}.png")
                widths, spilled, smallest = page_width(page), overflowing(page), smallest_font(page)
                print(f"{name} {label} ({width} px): scroll width {widths['scroll']} px, "
                      f"{len(spilled)} boxes overflowing, smallest text {smallest['px']:.1f} px")
            pdf = print_pdf(page, scratch / f"{name}.pdf")
            page1 = out / f"{name}-a4-page1.png"
            if first_page_png(pdf, page1):
                smaller(page1)
                shown = f", page 1 in {page1.name}"
            else:
                shown = " (no pdftoppm: no PNG of page 1)"
            print(f"{name} A4 print: {pdf_pages(pdf)} pages{shown}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
