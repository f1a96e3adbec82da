"""Lines → passages: paragraphs joined across wrapped lines, each with its section and line numbers.

Plans wrap paragraphs (PDF text, and copies from web pages, break lines mid-sentence), and a
target's sentence may cross such a break. A passage is one paragraph as one string; offsets map
back to the line a reviewer finds it on. Headings (一、 / （一） / 1. / 第一章 / 专栏N) give each
passage its section, the way target files name it: "三、（二）1. …" or "专栏2 … 1.".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from checker.drafting.document import Line, is_page_number

_CHAPTER = re.compile(r"^\s*(第[一二三四五六七八九十]+[章部篇]|[一二三四五六七八九十]+、)\s*")
_PART = re.compile(r"^\s*(第[一二三四五六七八九十]+节|[（(][一二三四五六七八九十]+[)）])\s*")
_ITEM = re.compile(r"^\s*(\d{1,2}\s*[.．、](?!\d))\s*")
_BOX = re.compile(r"^\s*(专栏\s*\d+)\s*")
_SENTENCE_END = "。！？；：!?;:"
# Chapters about the past (十三五 achievements, the current situation) state no targets.
_PAST_CHAPTER = re.compile(r"现状|背景|回顾|成就|基本情况|发展基础|发展环境|形势|十三五")
TITLE_CHARS = 24
WRAPPED_LINE_CHARS = 15


@dataclass(frozen=True)
class Passage:
    text: str
    section: str
    past: bool  # under a chapter about what was achieved, not what is planned
    offsets: tuple[int, ...] = field(repr=False)  # where each joined line starts in `text`
    numbers: tuple[int, ...] = field(repr=False)  # that line's number in the document

    def line_at(self, offset: int) -> int:
        return self.numbers[bisect.bisect_right(self.offsets, offset) - 1]


def _title(text: str) -> str:
    title = re.split(r"[。；]", text, maxsplit=1)[0].strip()
    return title[:TITLE_CHARS] + ("…" if len(title) > TITLE_CHARS else "")


def is_heading(text: str) -> bool:
    return any(p.match(text) for p in (_CHAPTER, _PART, _ITEM, _BOX))


def passages(lines: tuple[Line, ...] | list[Line], skip: range | None = None) -> list[Passage]:
    """Paragraphs of the document outside `skip` (the line numbers of the indicator table)."""
    result: list[Passage] = []
    chapter = part = item = box = ""
    chapter_title = part_title = box_title = ""
    past = False
    pieces: list[tuple[int, str]] = []

    def section() -> str:
        if box:
            return f"{box} {box_title} {item}".strip()
        label = f"{chapter}{part}{item}"
        title = part_title or chapter_title
        return f"{label} {title}".strip() if label else title

    def flush():
        nonlocal pieces
        if pieces:
            offsets, text = [], ""
            for _, piece in pieces:
                offsets.append(len(text))
                text += piece
            result.append(Passage(text, section(), past, tuple(offsets), tuple(n for n, _ in pieces)))
        pieces = []

    for line in lines:
        if skip is not None and line.number in skip:
            flush()
            continue
        text = line.text.strip()
        if not text or is_page_number(text):
            continue
        if pieces and _wraps(pieces[-1][1]) and not is_heading(text):
            pieces.append((line.number, text))  # the paragraph goes on after a wrapped line
            continue
        flush()
        if match := _CHAPTER.match(text):
            chapter, chapter_title, part, part_title, item, box = match.group(1), _title(text[match.end():]), "", "", "", ""
            past = bool(_PAST_CHAPTER.search(chapter_title))
        elif match := _PART.match(text):
            part, part_title, item, box = match.group(1), _title(text[match.end():]), "", ""
        elif match := _BOX.match(text):
            box, box_title, item = re.sub(r"\s+", "", match.group(1)), _title(text[match.end():]), ""
        elif match := _ITEM.match(text):
            item = re.sub(r"\s+", "", match.group(1)).replace("．", ".").replace("、", ".")
        pieces.append((line.number, text))
    flush()
    return result


def _wraps(text: str) -> bool:
    """A line cut short by wrapping: long, with no sentence end. Short lines are headings or table cells."""
    return len(text) >= WRAPPED_LINE_CHARS and not text.endswith(tuple(_SENTENCE_END)) and not _is_caption(text)


def _is_caption(text: str) -> bool:
    return bool(_BOX.match(text) or _CHAPTER.match(text) or _PART.match(text)) and len(text) <= 40
