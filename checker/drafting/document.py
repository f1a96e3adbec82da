"""Plan documents → numbered lines of text, whatever the format the plan came in.

Every reader gives the same thing: the document's text as lines, each with the line number a
reviewer can find it by. Table rows read from HTML and .docx become one line with their cells
separated by a tab, the same shape PDF-extracted text has with its runs of spaces, so that one
table reader serves every format.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from defusedxml import DefusedXmlException
from defusedxml import ElementTree

from checker.errors import CheckerError, read_input

CELL_SEPARATOR = "\t"
MAX_BYTES = 50_000_000
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HTML_BLOCKS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr", "table",
    "blockquote", "pre", "ul", "ol", "dd", "dt", "hr", "caption", "title",
}
_HTML_SKIPPED = {"script", "style", "head", "noscript"}
_CONVERT_HINT = "save it as .txt or .docx from WPS/Word, or extract the text with `pdftotext -layout FILE.pdf`"
_CONVERT_HINT_ZH = "请用 WPS/Word 另存为 .txt 或 .docx，或用 `pdftotext -layout FILE.pdf` 提取文字"


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—－–]+\s*\d{1,4}\s*[-—－–]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)\s*$")


def is_page_number(text: str) -> bool:
    """"— 3 —" or "第3页 共12页": a page's footer in text taken from a PDF or a printed page, not the plan's words."""
    return bool(_PAGE_NUMBER.match(text))


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class Document:
    path: str
    kind: str  # text, html, docx, pdf
    lines: tuple[Line, ...]
    encoding: str | None = None

    @property
    def name(self) -> str:
        return Path(self.path).name


def read_document(path: Path) -> Document:
    """Read a plan in any supported format; raises CheckerError saying what to do otherwise."""
    path = Path(path)
    data = read_input(path, "a plan document (.txt, .html, .docx or .pdf)", "规划文件（.txt、.html、.docx 或 .pdf）")
    if len(data) > MAX_BYTES:
        raise CheckerError(f"larger than {MAX_BYTES // 1_000_000} MB: not a plan document",
                           zh=f"大于 {MAX_BYTES // 1_000_000} MB：不是规划文件", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK":
        return _read_docx(path, data)
    if suffix == ".doc" or data[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
        raise CheckerError("old Word .doc files cannot be read: save the document as .docx or .txt",
                           zh="不能读取旧版 Word .doc 文件：请另存为 .docx 或 .txt", file=str(path))
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return _read_pdf(path, data)
    text, encoding = decode_text(data, str(path))
    if suffix in (".html", ".htm", ".xhtml") or re.match(r"\s*<(!doctype\s+html|html)", text[:500], re.IGNORECASE):
        return Document(str(path), "html", _html_lines(text), encoding)
    return Document(str(path), "text", _numbered(text.splitlines()), encoding)


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then GB18030, the superset of GBK and GB2312 that Chinese offices save in."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise CheckerError("not a text document: neither UTF-8 nor GB18030 (GBK) text, nor .html, .docx or .pdf",
                       zh="不是文本文档：既不是 UTF-8 或 GB18030（GBK）文本，也不是 .html、.docx 或 .pdf", file=file)


def _numbered(texts) -> tuple[Line, ...]:
    return tuple(Line(number, text) for number, text in enumerate(texts, start=1))


class _HtmlText(HTMLParser):
    """Text of an HTML page by source line; each table row becomes one line of tab-separated cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._text: list[str] = []
        self._line = 1
        self._skipping = 0
        self._row: list[str] | None = None
        self._row_line = 1
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _HTML_SKIPPED:
            self._skipping += 1
        elif tag == "tr":
            self._flush()
            self._row, self._row_line = [], self.getpos()[0]
        elif tag in ("td", "th") and self._row is not None:
            self._end_cell()
            self._cell = []
        elif tag in _HTML_BLOCKS:
            if self._cell is not None:
                self._cell.append(" ")
            else:
                self._flush()

    def handle_endtag(self, tag):
        if tag in _HTML_SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            self._end_row()
        elif tag in _HTML_BLOCKS and self._cell is None:
            self._flush()

    def handle_data(self, data):
        if self._skipping:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._row is None:
            if not "".join(self._text).strip() and data.strip():
                leading = data[: len(data) - len(data.lstrip())]
                self._line = self.getpos()[0] + leading.count("\n")
            self._text.append(data)

    def _end_cell(self):
        if self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
        self._cell = None

    def _end_row(self):
        self._end_cell()
        if self._row is not None and any(self._row):
            self.lines.append(Line(self._row_line, CELL_SEPARATOR.join(self._row)))
        self._row = None

    def _flush(self):
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self._text)).strip()
        if text:
            self.lines.append(Line(self._line, text))
        self._text = []

    def close(self):
        super().close()
        self._end_row()
        self._flush()


def _html_lines(text: str) -> tuple[Line, ...]:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return tuple(parser.lines)


def _read_docx(path: Path, data: bytes) -> Document:
    """A .docx is a zip of XML: paragraphs and table rows of word/document.xml, in document order."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise CheckerError("not a Word .docx document (no word/document.xml inside)",
                           zh="不是 Word .docx 文档（其中没有 word/document.xml）", file=str(path)) from None
    try:
        body = ElementTree.fromstring(xml, forbid_dtd=True).find(f"{_WORD_NS}body")
    except DefusedXmlException:
        raise CheckerError("refusing a .docx whose XML declares a DTD or entities",
                           zh="拒绝读取：该 .docx 的 XML 声明了 DTD 或实体", file=str(path)) from None
    except ElementTree.ParseError as exc:
        raise CheckerError(f"damaged .docx: {exc}", zh=f".docx 已损坏：{exc}", file=str(path)) from None
    texts: list[str] = []
    for block in body if body is not None else ():
        if block.tag == f"{_WORD_NS}p":
            texts.append(_docx_text(block))
        elif block.tag == f"{_WORD_NS}tbl":
            for row in block.iter(f"{_WORD_NS}tr"):
                cells = [" ".join(_docx_text(p) for p in cell.iter(f"{_WORD_NS}p")).strip() for cell in row.iter(f"{_WORD_NS}tc")]
                texts.append(CELL_SEPARATOR.join(cells))
    return Document(str(path), "docx", _numbered(texts))


def _docx_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_WORD_NS}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_WORD_NS}tab":
            parts.append(CELL_SEPARATOR)
        elif node.tag in (f"{_WORD_NS}br", f"{_WORD_NS}cr"):
            parts.append(" ")
    return "".join(parts)


def _read_pdf(path: Path, data: bytes) -> Document:
    """Text of a PDF with pypdf's layout mode, which keeps table columns apart as runs of spaces."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise CheckerError(f"the PDF is encrypted: {_CONVERT_HINT}", zh=f"PDF 已加密：{_CONVERT_HINT_ZH}", file=str(path))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except CheckerError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise CheckerError(f"cannot read this PDF ({exc}): {_CONVERT_HINT}", zh=f"无法读取此 PDF（{exc}）：{_CONVERT_HINT_ZH}",
                           file=str(path)) from None
    text = "\n".join(pages)
    if len(_CJK.findall(text)) < 20:
        # Scanned pages, or fonts without a Unicode map: there is no Chinese text to read.
        raise CheckerError(
            f"no Chinese text could be extracted from this PDF (scanned, or fonts without a text map): {_CONVERT_HINT}",
            zh=f"无法从此 PDF 中提取中文文字（扫描件，或字体没有文字映射）：{_CONVERT_HINT_ZH}", file=str(path),
        )
    return Document(str(path), "pdf", _numbered(text.splitlines()))
