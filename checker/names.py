"""Normalising indicator names and header texts so that the many ways people write them compare equal."""

from __future__ import annotations

import re
import unicodedata

_LEADING_NUMBERING = re.compile(
    r"^\s*(?:"
    r"[0-9]{1,3}(?:[.．、)）:：]|\s)(?![0-9])"  # "9．", "9、", "9)", "9 " before a name
    r"|[（(][0-9一二三四五六七八九十]+[)）]"  # "（一）", "(3)"
    r"|[一二三四五六七八九十]+[、.．]"  # "三、"
    r")\s*"
)
_TRAILING_UNIT = re.compile(r"[（(][^（）()]{0,8}[)）]\s*$")
_SPACES = re.compile(r"\s+")
_PUNCTUATION = str.maketrans("", "", "：:，,。；;“”\"'‘’")


def fold(text: str) -> str:
    """Full-width to half-width, no spaces at all: "指　标" and "指 标" both become "指标"."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def normalise_name(text: str) -> str:
    """The key two indicator names are compared by: no numbering, no unit bracket, no spacing or punctuation."""
    folded = unicodedata.normalize("NFKC", str(text)).strip()
    folded = _LEADING_NUMBERING.sub("", folded, count=1)
    folded = _SPACES.sub("", folded)
    while _TRAILING_UNIT.search(folded):
        folded = _TRAILING_UNIT.sub("", folded)
    return folded.translate(_PUNCTUATION).lower()


def trailing_unit(text: str) -> str | None:
    """The unit a label carries in brackets, e.g. "人数（万人）" → "万人"."""
    match = re.search(r"[（(]([^（）()]{1,8})[)）]\s*$", unicodedata.normalize("NFKC", str(text)))
    return match.group(1).strip() if match else None
