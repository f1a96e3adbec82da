"""The review's html as printed: A4 landscape pages numbered 第 N 页，共 M 页, figures never split.

Renders a real review of the mid-term sample in Debian's headless Chromium (tests/browser.py);
skipped with the reason where /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.browser import DESKTOP, PHONE, broken_tokens, load, overflowing, pdf_text, print_pdf

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def review_html(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("review") / "review.html"
    with chdir(ROOT):
        outcome = CliRunner().invoke(main, ["review", "samples/xinzhou-2021-2023.xlsx", "--plan", "xinzhou", "-o", str(output)])
    assert outcome.exit_code == 1 and output.is_file(), outcome.output
    return output


def test_printed_review_numbers_every_a4_landscape_page(browser_page, review_html, tmp_path):
    from pypdf import PdfReader

    pdf = print_pdf(load(browser_page, review_html), tmp_path / "review.pdf")
    pages = pdf_text(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页，共 {len(pages)} 页" in text
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    assert "中期评估（2021" in pages[0] and "重度残疾人护理补贴覆盖率" in "".join(pages)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_figures_stay_whole_and_inside_their_cells(browser_page, review_html, width):
    load(browser_page, review_html, width=width)  # on a phone the table scrolls sideways in its own box
    assert broken_tokens(browser_page, "td.num") == []
    assert overflowing(browser_page, "td, th") == []
