"""Look at a report as a person would: Debian's headless Chromium, driven by Playwright.

The browser is the system one (/usr/bin/chromium from Debian's chromium package); Playwright's own
browser download is never used (`playwright install` cannot reach its servers here). Everything
the layout tests measure goes through these helpers:

    with open_browser() as browser:            # or the `browser_page` fixture of tests/conftest.py
        page = browser.new_page()
        load(page, html_text_or_path, width=PHONE)
        page_width(page)                       # {"scroll": 412, "viewport": 390}
        overflowing(page)                      # cells and labels whose text spills out of their box
        smallest_font(page)                    # {"px": 11.33, "text": "主要指标!E3", ...}
        pdf = print_pdf(page, tmp_path / "report.pdf")
        pdf_pages(pdf), pdf_text(pdf)          # A4 pages printed, and the text of each page

`unavailable()` says why no browser can be had (None when one can); tests skip with that reason.
"""

from __future__ import annotations

import importlib.util
import os
import unicodedata
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (tests run as root), no GPU, and nothing that reaches the network on its own.
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
PHONE = 390  # CSS px: a common phone (iPhone 12-15) in portrait
DESKTOP = 1280
HEIGHTS = {PHONE: 844, DESKTOP: 800}
MISSING_CHROMIUM = f"headless Chromium not found at {CHROMIUM}: install Debian's chromium package"
MISSING_PLAYWRIGHT = "playwright is not installed: pip install -e '.[test]'"

# Chromium's PDFs name some CJK glyphs of Noto Sans CJK by the radical code point that shares the
# glyph (人 comes out as U+2F08 ⼈, 页 as U+2EDA ⻚): text extraction maps them back. Kangxi radicals
# (U+2F00-U+2FDF) by NFKC, except ⼾, whose NFKC form is 戶 where the SC glyph is 户; the supplement's
# (U+2E80-U+2EFF) from this table of pairs, read off the font's cmap.
RADICALS = dict(zip(*[iter(
    "⺂乛⺃乚⺅亻⺉刂⺋㔾⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺳㓁"
    "⺹耂⺺肀⺾艹⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼"
    "⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼾户"
)] * 2))

# Elements that hold words a reader must see whole: table cells, headings, list items, labels.
TEXT_BOXES = "th, td, h1, h2, h3, li, p, label, caption, .status, .note, .meta span"


def unavailable() -> str | None:
    """Why the layout tests cannot run here, or None when Chromium and Playwright are both present."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return MISSING_CHROMIUM
    if importlib.util.find_spec("playwright") is None:
        return MISSING_PLAYWRIGHT
    return None


@contextmanager
def open_browser():
    """The system Chromium, headless, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def load(page, report: str | Path, width: int = DESKTOP, height: int | None = None):
    """Show `report` (HTML text, or the path of an HTML file) in a viewport `width` CSS px wide.

    Files open by their file:// address; text is set as the page content. No report fetches
    anything, so the page is complete when this returns."""
    page.set_viewport_size({"width": width, "height": height or HEIGHTS.get(width, 800)})
    if isinstance(report, Path):
        page.goto(report.resolve().as_uri())
    else:
        page.set_content(report)
    page.emulate_media(media="screen")
    return page


def page_width(page) -> dict:
    """The document's scroll width against the viewport's: scroll > viewport means sideways scrolling."""
    return page.evaluate(
        "() => ({scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),"
        " viewport: document.documentElement.clientWidth})"
    )


def overflowing(page, selector: str = TEXT_BOXES) -> list[dict]:
    """Visible boxes whose content is wider than the box (scrollWidth > clientWidth), or that stick
    out past the right edge of the viewport (outside any box that scrolls sideways by itself, as a
    wide table in an `overflow-x: auto` wrapper does): text cut off, spilling over a neighbour or
    off-screen.

    Each is {"tag", "class", "text" (first 60 characters), "scroll", "client", "right", "viewport"}."""
    return page.evaluate(
        """(selector) => {
            const viewport = document.documentElement.clientWidth;
            const found = [];
            for (const element of document.querySelectorAll(selector)) {
                const style = getComputedStyle(element);
                if (style.display === 'none' || style.visibility === 'hidden') continue;
                const box = element.getBoundingClientRect();
                if (box.width === 0 && box.height === 0) continue;
                const inline = style.display === 'inline';  // clientWidth is 0 for inline boxes
                const spills = !inline && element.scrollWidth > element.clientWidth + 1;
                // Past the right edge of the screen, unless inside a box that scrolls on its own.
                let scrolls = false;
                for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
                    if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) { scrolls = true; break; }
                }
                const offscreen = !scrolls && box.right > viewport + 1;
                if (spills || offscreen) {
                    found.push({tag: element.tagName.toLowerCase(), class: element.className || '',
                                text: element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
                                scroll: element.scrollWidth, client: element.clientWidth,
                                right: Math.round(box.right), viewport});
                }
            }
            return found;
        }""",
        selector,
    )


def broken_tokens(page, selector: str = TEXT_BOXES) -> list[dict]:
    """Numbers, targets, cell references and file names split across two lines inside a box:
    "≥1 / 00 / %", "1 / 0", "/work/d / aan-2025.xlsx". A token is a run of digits, Latin letters
    and ≥ ≤ > < = % . , ! / _ - without spaces; one whose characters lie on more than one line is
    broken. Each is {"token", "tag", "class", "lines"}."""
    return page.evaluate(
        """(selector) => {
            const found = [];
            const token = /[≥≤><=]?[0-9A-Za-z][0-9A-Za-z.,%!_\\/-]*/g;
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const box = node.parentElement.closest(selector);
                if (!box || node.parentElement.closest('svg, title') || !box.getClientRects().length) continue;
                for (const match of node.textContent.matchAll(token)) {
                    if (match[0].length < 2) continue;
                    const range = document.createRange();
                    range.setStart(node, match.index);
                    range.setEnd(node, match.index + match[0].length);
                    // One line per cluster of fragments: glyphs of a fallback font may sit a little higher.
                    const rects = [...range.getClientRects()].filter(rect => rect.width > 0)
                        .sort((a, b) => a.top - b.top);
                    let lines = rects.length ? 1 : 0;
                    for (let i = 1; i < rects.length; i++) {
                        if (rects[i].top - rects[i - 1].top > rects[i - 1].height / 2) lines++;
                    }
                    if (lines > 1) {
                        found.push({token: match[0], tag: box.tagName.toLowerCase(), class: box.className || '', lines});
                    }
                }
            }
            return found;
        }""",
        selector,
    )


def smallest_font(page) -> dict | None:
    """The smallest computed font size (CSS px) of any visible text, with that text and its element.

    Returns {"px", "text", "tag", "class"}, or None for a page without visible text."""
    return page.evaluate(
        """() => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            let smallest = null;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const text = node.textContent.trim();
                const element = node.parentElement;
                if (!text || !element || element.closest('title, style, script, svg')) continue;
                const style = getComputedStyle(element);
                if (style.display === 'none' || style.visibility === 'hidden') continue;
                const rects = element.getClientRects();
                if (!rects.length) continue;
                const px = parseFloat(style.fontSize);
                if (smallest === null || px < smallest.px) {
                    smallest = {px, text: text.slice(0, 60), tag: element.tagName.toLowerCase(),
                                class: element.className || ''};
                }
            }
            return smallest;
        }"""
    )


def print_pdf(page, path: Path) -> Path:
    """Print the page as the browser's print dialog would on A4 (print media, the report's own
    @page margins and backgrounds kept) and write the PDF to `path`."""
    page.emulate_media(media="print")
    try:
        page.pdf(path=str(path), format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
    return path


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def pdf_text(path: Path) -> list[str]:
    """The text of each printed page, in page order, with radical code points read as characters."""
    from pypdf import PdfReader

    return [_characters(page.extract_text() or "") for page in PdfReader(path).pages]


def _characters(text: str) -> str:
    return "".join(
        RADICALS.get(c) or (unicodedata.normalize("NFKC", c) if "\u2f00" <= c <= "\u2fdf" else c) for c in text
    )


def screenshot(page, path: Path, full_page: bool = True) -> Path:
    page.screenshot(path=str(path), full_page=full_page)
    return path
