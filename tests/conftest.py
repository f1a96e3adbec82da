"""Shared helpers: tests build real .xlsx workbooks with openpyxl, as statisticians' tools would."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
# The plans this repository ships. Tests name them rather than list targets/, where a user's
# `checker draft -o targets/…` may have left a file of its own.
SHIPPED_PLANS = ("daan", "jiangbei", "qingshan", "xinzhou", "zhangdian")

XINZHOU_HEADER = ["序号", "指标", "单位", "2025年实际"]
# The 11 rows of xinzhou's 专栏1 with values that meet every target.
XINZHOU_PASSING = [
    ("残疾人家庭人均收入年均增速（%）", 7.0),
    ("城乡残疾人职业技能培训人数（人）", 4200),
    ("符合条件的残疾人纳入最低生活保障比例（%）", 100),
    ("困难残疾人生活补贴覆盖率（%）", 100),
    ("重度残疾人护理补贴覆盖率（%）", 100),
    ("残疾人城乡居民基本养老保险参保率（%）", 92),
    ("残疾人城乡居民基本医疗保险参保率（%）", 96),
    ("残疾儿童少年义务教育入学率（%）", 97.5),
    ("符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率（%）", 88),
    ("符合条件且有需求的残疾儿童和持证残疾人辅助器具适配率（%）", 86),
    ("困难重度残疾人家庭无障碍改造数（户）", 1502),
    ("地区生产总值增长率（%）", 6.0),
]


def write_workbook(path: Path, sheets: dict[str, list[list]], *, formats: dict[tuple[str, str], str] | None = None,
                   merges: dict[str, list[str]] | None = None, hidden_rows: dict[str, list[int]] | None = None,
                   hidden_sheets: tuple[str, ...] = ()) -> Path:
    """Write sheets given as lists of rows; formats maps (sheet, "E7") to an Excel number format."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for reference in (merges or {}).get(title, []):
            sheet.merge_cells(reference)
        for row_number in (hidden_rows or {}).get(title, []):
            sheet.row_dimensions[row_number].hidden = True
        if title in hidden_sheets:
            sheet.sheet_state = "hidden"
    for (title, cell), number_format in (formats or {}).items():
        workbook[title][cell].number_format = number_format
    workbook.save(path)
    return path


def xinzhou_rows(overrides: dict[str, object] | None = None, header=XINZHOU_HEADER) -> list[list]:
    """A plain xinzhou table; `overrides` replaces values by the start of the row name."""
    rows = [list(header)]
    for number, (name, value) in enumerate(XINZHOU_PASSING, start=1):
        for prefix, replacement in (overrides or {}).items():
            if name.startswith(prefix):
                value = replacement
        rows.append([number, name, "", value])
    return rows


@pytest.fixture
def xinzhou_workbook(tmp_path):
    """Factory: a one-sheet xinzhou workbook for 2025 with optional value overrides."""

    def make(overrides=None, name="xinzhou.xlsx", **kwargs):
        return write_workbook(tmp_path / name, {"主要指标": xinzhou_rows(overrides)}, **kwargs)

    return make


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium (tests/browser.py), shared by the session; the test is skipped,
    with the reason, where /usr/bin/chromium or playwright is missing."""
    from tests.browser import open_browser, unavailable

    reason = unavailable()
    if reason:
        pytest.skip(reason)
    with open_browser() as browser:
        yield browser


@pytest.fixture
def browser_page(chromium):
    """A fresh Playwright page (its own context) in the shared Chromium: see tests/browser.py."""
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()
