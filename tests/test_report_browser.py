"""The html reports as a person sees them: on a 390 px phone, a 1280 px desktop and printed on A4.

Each test renders a real check in Debian's headless Chromium (tests/browser.py) and measures what is on
the screen or the paper: the single report of a shipped sample, the consolidated matrix of every sample
(12 files, long names, files that cannot be checked against the plan) and of many small submissions
(a matrix longer than a page). Without /usr/bin/chromium or playwright every test here is skipped with
the reason.
"""

from __future__ import annotations

import re
import shutil
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.browser import (
    DESKTOP, PHONE, broken_tokens, load, overflowing, page_width, pdf_pages, pdf_text, print_pdf, smallest_font,
)
from tests.conftest import write_workbook, xinzhou_rows

ROOT = Path(__file__).resolve().parents[1]
SINGLE = "samples/xinzhou-2025.xlsx"  # all 32 xinzhou indicators reported, all pass


def write_report(workbooks, output: Path, cwd: Path = ROOT) -> Path:
    """Run the check from `cwd` (the repository: the report names `samples/…` wherever the clone is)."""
    with chdir(cwd):
        outcome = CliRunner().invoke(
            main, ["check", *workbooks, "--plan", "xinzhou", "--jobs", "1", "--output", str(output)]
        )
    assert outcome.exit_code in (0, 1, 2), outcome.output
    assert output.is_file(), outcome.output
    return output


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    """`check samples/xinzhou-2025.xlsx --plan xinzhou --output x.html`."""
    return write_report([SINGLE], tmp_path_factory.mktemp("single") / "x.html")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """`check samples/ --plan xinzhou --output batch.html`: 12 files x 32 indicators, 8 of them workbooks
    of other plans, which cannot be checked against xinzhou."""
    return write_report(["samples/"], tmp_path_factory.mktemp("batch") / "batch.html")


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """60 submissions in a folder: a matrix longer than one printed page."""
    root = tmp_path_factory.mktemp("many")
    folder = root / "submissions"
    folder.mkdir()
    write_workbook(folder / "a-000.xlsx", {"主要指标": xinzhou_rows({"困难残疾人生活补贴": 90})})
    for number in range(1, 60):
        shutil.copy(folder / "a-000.xlsx", folder / f"a-{number:03}.xlsx")
    return write_report(["submissions"], root / "many.html", cwd=root)


# --- on a phone ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("report", ["single", "batch"])
def test_the_page_never_scrolls_sideways_on_a_phone(browser_page, report, request):
    width = page_width(load(browser_page, request.getfixturevalue(report), PHONE))
    assert width["scroll"] <= width["viewport"], width


def test_the_matrix_scrolls_in_its_own_box_with_the_file_names_kept_in_view(browser_page, batch):
    load(browser_page, batch, PHONE)
    box = browser_page.evaluate(
        "() => { const box = document.querySelector('.scroll'); return {scroll: box.scrollWidth, client: box.clientWidth}; }"
    )
    assert box["scroll"] > box["client"]  # 35 columns do not fit 390 px: the box scrolls, not the page
    browser_page.evaluate("() => { document.querySelector('.scroll').scrollLeft = 400; }")
    first = browser_page.evaluate(
        "() => { const cell = document.querySelector('.matrix tbody td.file'); const box = document.querySelector('.scroll');"
        " return cell.getBoundingClientRect().left - box.getBoundingClientRect().left; }"
    )
    assert abs(first) <= 2  # the file column stays at the left edge while the statuses scroll under it


@pytest.mark.parametrize("report", ["single", "batch"])
def test_every_cell_holds_its_text_on_a_phone(browser_page, report, request):
    assert overflowing(load(browser_page, request.getfixturevalue(report), PHONE)) == []


def test_no_number_in_a_table_is_split_across_lines_on_a_phone(browser_page, single):
    assert broken_tokens(load(browser_page, single, PHONE), selector="th, td") == []


@pytest.mark.parametrize("report", ["single", "batch"])
def test_text_is_at_least_12_px(browser_page, report, request):
    smallest = smallest_font(load(browser_page, request.getfixturevalue(report), PHONE))
    assert smallest["px"] >= 12, smallest


def test_each_indicator_is_a_card_on_a_phone(browser_page, single):
    """Name, target, value with its bar, status and reason stacked in one box: no six squeezed columns."""
    load(browser_page, single, PHONE)
    cards = browser_page.evaluate(
        "() => [...document.querySelectorAll('table.results tbody tr')].map(row => {"
        " const box = row.getBoundingClientRect(); const name = row.querySelector('td.name').getBoundingClientRect();"
        " return {width: box.width, name: name.width, height: box.height}; })"
    )
    viewport = browser_page.evaluate("() => document.documentElement.clientWidth")
    assert len(cards) == 32
    assert all(card["width"] >= viewport - 40 and card["name"] >= viewport - 70 for card in cards), cards[:3]
    assert max(card["height"] for card in cards) < 170  # no row of six or eight lines


# --- on a desktop ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("report", ["single", "batch"])
def test_every_cell_holds_its_text_on_a_desktop(browser_page, report, request):
    assert overflowing(load(browser_page, request.getfixturevalue(report), DESKTOP)) == []


def test_no_number_in_a_table_is_split_across_lines_on_a_desktop(browser_page, single):
    assert broken_tokens(load(browser_page, single, DESKTOP), selector="th, td") == []


def test_the_matrix_column_numbers_and_file_names_stay_whole_on_a_desktop(browser_page, batch):
    load(browser_page, batch, DESKTOP)
    assert broken_tokens(browser_page, selector="table.matrix thead th") == []
    assert broken_tokens(browser_page, selector="table.matrix td.file") == []
    bold = browser_page.evaluate("() => getComputedStyle(document.querySelector('.matrix tbody td.file')).fontWeight")
    assert int(bold) < 600


def test_the_pages_use_the_desktop_width(browser_page, single, batch):
    load(browser_page, single, DESKTOP)
    assert browser_page.evaluate("() => document.querySelector('table.results').getBoundingClientRect().width") >= 1000
    load(browser_page, batch, DESKTOP)
    assert browser_page.evaluate("() => document.querySelector('.scroll').getBoundingClientRect().width") >= DESKTOP - 60


def test_the_symbols_of_the_legend_stand_apart(browser_page, batch):
    load(browser_page, batch, DESKTOP)
    gaps = browser_page.evaluate(
        "() => { const items = [...document.querySelectorAll('ul.symbols li')].map(li => li.getBoundingClientRect());"
        " return items.slice(1).filter((b, i) => b.top === items[i].top).map((b, i) => b.left - items[i].right); }"
    )
    assert gaps and min(gaps) >= 12, gaps


# --- printed on A4 -----------------------------------------------------------------------------------------


def test_every_indicator_is_printed(browser_page, single, tmp_path):
    printed = "".join(pdf_text(print_pdf(load(browser_page, single), tmp_path / "x.pdf")))
    shown = browser_page.locator("tbody tr td:first-child").evaluate_all(
        "cells => cells.map(cell => cell.firstChild.textContent)"
    )
    assert len(shown) == 32
    missing = [name for name in shown if re.sub(r"\s", "", name) not in re.sub(r"\s", "", printed)]
    assert missing == []


def test_32_indicators_print_on_at_most_2_a4_pages(browser_page, single, tmp_path):
    assert pdf_pages(print_pdf(load(browser_page, single), tmp_path / "x.pdf")) <= 2


@pytest.mark.parametrize("report", ["single", "batch", "many"])
def test_printed_pages_carry_page_numbers_the_plan_and_the_date(browser_page, report, request, tmp_path):
    pages = pdf_text(print_pdf(load(browser_page, request.getfixturevalue(report)), tmp_path / "x.pdf"))
    made = re.search(r"生成日期：(\d{4}-\d\d-\d\d)", "".join(pages)).group(1)
    for number, text in enumerate(pages, start=1):
        flat = re.sub(r"\s", "", text)
        assert f"第{number}页/共{len(pages)}页" in flat, f"page {number}: {text[-200:]!r}"
        assert "忻州市“十四五”残疾人保障和发展规划" in flat and made in flat, f"page {number}: {text[-200:]!r}"
    if report == "single":
        assert all("samples/xinzhou-2025.xlsx" in page for page in pages)


def test_the_matrix_prints_landscape_with_its_header_on_every_page_and_the_totals_once(browser_page, many, tmp_path):
    from pypdf import PdfReader

    pdf = print_pdf(load(browser_page, many), tmp_path / "many.pdf")
    first = PdfReader(pdf).pages[0].mediabox
    assert first.width > first.height  # A4 landscape
    pages = [re.sub(r"\s", "", text) for text in pdf_text(pdf)]
    with_rows = [page for page in pages if re.search(r"a-\d{3}\.xlsx2025", page)]  # a matrix row: name, then year
    assert len(with_rows) >= 2  # 60 files: the matrix runs over more than one page
    assert all("文件年度总体结果1234" in page for page in with_rows)
    assert "".join(pages).count("未达标份数") == 1 and "".join(pages).count("预警份数") == 1


def test_the_numbered_indicators_print_together(browser_page, batch, tmp_path):
    pages = [re.sub(r"\s", "", text) for text in pdf_text(print_pdf(load(browser_page, batch), tmp_path / "b.pdf"))]
    legend = [page for page in pages if "残疾人家庭人均收入年均增速" in page and "指标编号" in page]
    assert len(legend) == 1 and "各县（市、区）、五台山风景名胜区" in legend[0]
