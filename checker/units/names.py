"""Unit names: refusals for names that cannot be units, and finding the unit a text or file name names."""

from __future__ import annotations

import re
from typing import Iterable

from checker.errors import CheckerError
from checker.names import fold

# Words that make a column or row the area's own total, never a unit.
TOTAL_WORDS = ("合计", "总计", "小计", "汇总", "总数", "全市", "全县", "全区", "全旗", "全省", "全州", "全盟", "本级合计")
# Endings of administrative names, longest first: 原平市 → 原平, 观音桥街道 → 观音桥.
SUFFIXES = ("自治县", "自治旗", "街道办事处", "街道", "新区", "市", "区", "县", "旗", "镇", "乡")
# An area name as it stands in a file name: 2 to 8 Chinese characters and an administrative ending.
AREA_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:自治县|自治旗|街道|新区|市|区|县|旗|镇|乡)")


def unit_error(message: str, zh: str, file: str | None = None) -> CheckerError:
    """A refusal (exit 2), worded in English and in Chinese (what users read by default)."""
    return CheckerError(message, zh=zh, file=file)


def short_name(name: str) -> str | None:
    """原平市 → 原平; None where the short form would be one character (代县 → 代 says nothing)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def is_total_name(name: str, area: str | None = None, parents: Iterable[str] = ()) -> bool:
    """A name that says "the whole area": 合计, 全市, 全市合计, or the area's own name (忻州市)."""
    folded = fold(name)
    if any(word in folded for word in TOTAL_WORDS):
        return True
    own = {fold(area)} if area else set()
    if area and short_name(area):
        own.add(short_name(area))
    return folded in own


def check_unit_names(units: tuple[str, ...], where: dict[str, list[str]], area: str | None, file: str) -> None:
    """Refuse a unit named twice, and a total (合计, the area's own name) given as a unit.

    `where`: each unit's cells, for the message. Both are bad input that a guess would turn into a
    wrong sum, so the check stops and says where to look.
    """
    seen: set[str] = set()
    for name in units:
        key = fold(name)
        if key in seen:
            cells = "、".join(where.get(name, [])[:4])
            raise unit_error(
                f"unit {name!r} is given twice ({cells}): each unit must have one column (or row) only; rename or remove one",
                f"下级单位“{name}”出现了两次（{cells}）：每个单位只能有一栏（一行），请改名或删去其中一栏",
                file,
            )
        seen.add(key)
    for name in units:
        if is_total_name(name, area):
            cells = "、".join(where.get(name, [])[:4])
            raise unit_error(
                f"{name!r} ({cells}) is the whole area's total, yet it stands among the units: "
                "head the total column (or row) 合计 or 全市合计 so that it is not added to the units",
                f"“{name}”（{cells}）是全区域的合计，却被列为下级单位：请把合计栏（行）写作“合计”或“全市合计”，以免与各单位重复相加",
                file,
            )


def units_named(text: str, subunits: Iterable[str]) -> list[str]:
    """The sub-units a text names, by full name, or by a short name of two or more characters."""
    folded = fold(text)
    found = [name for name in subunits if fold(name) in folded]
    if not found:
        found = [name for name in subunits if (short := short_name(name)) and short in folded]
    return list(dict.fromkeys(found))


def area_names_in(text: str, exclude: Iterable[str]) -> list[str]:
    """Administrative names in a file name (朔城区), less the area's own names."""
    excluded = {fold(name) for name in exclude}
    pieces = re.split(r"[^\u4e00-\u9fff]+|年|月", fold(text))  # 2025年朔城区 → 朔城区, not 年朔城区
    found = [name for piece in pieces for name in AREA_NAME.findall(piece)]
    return [name for name in dict.fromkeys(found) if name not in excluded]
