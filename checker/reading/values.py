"""Turning what a statistician typed into a cell into a number in the indicator's unit.

Pure functions: the workbook reader hands over the raw cell, the evaluator asks for a number.
"""

from __future__ import annotations

import functools
import math
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
import unicodedata

from checker.quantities import COUNT_UNITS
from checker.records import record

MISSING_MARKERS = {"", "-", "—", "——", "--", "/", "／", "无数据", "暂无", "暂无数据", "未统计", "n/a", "na", "null", "空", "…", "..."}
YES_WORDS = {"是", "有", "已建成", "已建立", "已完成", "完成", "已实现", "实现", "已开设", "已开通", "yes", "y", "true", "√", "✓", "1"}
NO_WORDS = {"否", "无", "没有", "未建成", "未建立", "未完成", "未实现", "未开设", "no", "n", "false", "×", "✗", "0"}

# Multipliers and the unit they imply, as people write them after a number or in a unit column.
_UNIT_WORDS = {
    "%": ("percent", 1.0),
    "％": ("percent", 1.0),
    "百分比": ("percent", 1.0),
    "万人次": ("person_times", 10_000.0),
    "人次": ("person_times", 1.0),
    "万人": ("persons", 10_000.0),
    "人": ("persons", 1.0),
    "名": ("persons", 1.0),
    "万户": ("households", 10_000.0),
    "户": ("households", 1.0),
    "万元": ("yuan", 10_000.0),
    "元": ("yuan", 1.0),
    "个": ("count", 1.0),
    "所": ("count", 1.0),
    "支": ("count", 1.0),
    "家": ("count", 1.0),
    "处": ("count", 1.0),
    "座": ("count", 1.0),
    "次": ("count", 1.0),
    "万": (None, 10_000.0),
}
_UNITS_LONGEST_FIRST = sorted(_UNIT_WORDS, key=len, reverse=True)
# Thousands may be grouped by commas or spaces ("1,502", "4 126"), in threes only: "1,5" is no number.
_NUMBER = re.compile(
    r"^(?P<qualifier>>=|<=|>|<|≥|≤|约)?\s*"
    r"(?P<number>[+-]?(?:(?:\d{1,3}(?:[,\s]\d{3})+|\d+)(?:\.\d*)?|\.\d+))\s*(?P<unit>.*)$"
)

# Words before or after a number that bound or approximate it, as reports word figures (longest first).
_PREFIXES = (
    ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"), ("不大于", "≤"),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"), ("小于", "<"), ("低于", "<"), ("少于", "<"), ("不足", "<"),
    ("大约", "约"), ("约", "约"),
)
# "90左右" stays no number (tests/test_fuzz.py asserts it): only the qualifiers issue 13 names are read.
_SUFFIXES = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"))
_SYMBOLS = {">=": "≥", "<=": "≤"}
_REMARK = re.compile(r"^(?P<rest>.*\d.*?)\s*\((?P<remark>[^()]{1,20})\)$")
# Words that describe a coverage instead of giving it: "全覆盖", "基本全覆盖", "应保尽保".
_COVERAGE_WORDS = ("覆盖", "尽保", "尽救", "尽改", "尽补", "全部", "达标")

_NOISE = Decimal("1e-9")
_WIDE = Context(prec=400)  # every float Excel can hold, to the last of its digits



class ValueProblem(ValueError):
    """The cell holds something that is not a usable number for this indicator.

    str() is the English message; `zh` the same in Chinese (results carry both, reports show one).
    """

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh if zh is not None else message


# What an indicator is measured in, as the Chinese messages name it.
UNIT_WORDS_ZH = {
    "percent": "百分比", "persons": "人数", "person_times": "人次", "households": "户数", "count": "个数",
    "yes_no": "是/否", "yuan": "金额（元）",
}


@record
class Reading:
    """A number read from a cell, in the indicator's unit, with how precisely the workbook shows it."""

    value: float
    decimals: int | None  # None: the workbook shows full precision (General format)
    # How the cell bounds or approximates the number, shown before it: ">" ("＞90", "超过90%": the true value lies
    # above `value`), "<", "≥" ("85%以上", "不低于85%"), "≤", "约" ("约90%"); None for a plain number.
    qualifier: str | None = None
    remark: str | None = None  # words in brackets after the number, kept to be shown: "100%（应保尽保）" → 应保尽保


def is_missing(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return unicodedata.normalize("NFKC", raw).strip().lower() in MISSING_MARKERS
    return False


def unit_word(text: str | None) -> tuple[str | None, float] | None:
    """("persons", 10000.0) for "万人"; None when the text names no unit we know."""
    if not text:
        return None
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    folded = folded.strip("()（）")
    return _UNIT_WORDS.get(folded)


def read_value(raw: object, unit: str, *, number_format: str = "General", unit_hint: str | None = None) -> Reading:
    """Interpret one cell for an indicator measured in `unit`.

    `number_format` is the cell's Excel format (a percent format means 0.86 is shown as 86%);
    `unit_hint` is the unit written in the row's unit column or the label's brackets.
    Raises ValueProblem with a message fit to follow "Sheet1!C7: ".
    """
    if raw is None or isinstance(raw, (str, int, float)):
        # A figure of a workbook with sub-units is read for its unit and again for the area's roll-up:
        # pure, so remembered (bool, int and float apart: 1, 1.0 and True are different cells).
        return _read_remembered(raw, unit, number_format, unit_hint)
    return _read(raw, unit, number_format, unit_hint)


def forget() -> None:
    """Forget the figures read so far (benchmarks/units_bench.py measures a check as a fresh process runs it)."""
    _read_remembered.cache_clear()
    round_shown.cache_clear()


@functools.lru_cache(maxsize=4096, typed=True)
def _read_remembered(raw: object, unit: str, number_format: str, unit_hint: str | None) -> Reading:
    return _read(raw, unit, number_format, unit_hint)


def _read(raw: object, unit: str, number_format: str, unit_hint: str | None) -> Reading:
    if unit == "yes_no":
        return _read_yes_no(raw)
    if isinstance(raw, bool):
        raise ValueProblem(f"{raw!r} is a yes/no answer, not a number", f"{raw!r} 是“是/否”的回答，不是数值")
    if isinstance(raw, (int, float)):
        return _read_number_cell(float(raw), unit, number_format, unit_hint)
    if not isinstance(raw, str):
        raise ValueProblem(f"{_show(raw)} is not a number", f"{_show(raw)} 不是数值")
    return _read_number_text(raw, unit, unit_hint)


def _read_number_cell(value: float, unit: str, number_format: str, unit_hint: str | None) -> Reading:
    if math.isnan(value) or math.isinf(value):
        raise ValueProblem(f"{value} is not a number", f"{value} 不是数值")
    decimals = format_decimals(number_format)
    if "%" in (number_format or ""):
        if unit != "percent":
            raise ValueProblem(
                f"{value:.4g} is formatted as a percentage, but the indicator counts {unit}",
                f"{value:.4g} 设置为百分比格式，但该指标计的是{UNIT_WORDS_ZH.get(unit, unit)}",
            )
        return Reading(value * 100.0, decimals)
    hinted = unit_word(unit_hint)
    multiplier = 1.0
    if hinted:
        _check_unit_fits(hinted[0], unit, unit_hint or "")
        multiplier = hinted[1]
        if multiplier != 1.0 and decimals is not None:
            decimals = max(decimals - int(round(math.log10(multiplier))), 0)
    return Reading(value * multiplier, decimals)


def _read_number_text(raw: str, unit: str, unit_hint: str | None) -> Reading:
    if any(ch.isdigit() and not ch.isdecimal() for ch in raw):
        # "85²" or "①" would become 852 and 1 after NFKC: never read a number the cell does not show.
        raise ValueProblem(f"{_show(raw)} is not a number", f"{_show(raw)} 不是数值")
    text = unicodedata.normalize("NFKC", raw).strip()
    text, qualifier, remark = _qualified(text, raw)
    match = _NUMBER.match(text)
    if not match:
        if not any(ch.isdigit() for ch in text) and any(word in text for word in _COVERAGE_WORDS):
            raise ValueProblem(
                f"{_show(raw)} is words, not a number: give the rate itself (e.g. 100%)",
                f"{_show(raw)} 是文字描述，不是数值：请填写具体比例（如 100%）",
            )
        raise ValueProblem(f"{_show(raw)} is not a number", f"{_show(raw)} 不是数值")
    written = match.group("qualifier")
    if written:
        if qualifier is not None:
            raise ValueProblem(f"{_show(raw)} is not a number (two qualifiers)", f"{_show(raw)} 不是数值（限定词重复）")
        qualifier = _SYMBOLS.get(written, written)
    number_text = re.sub(r"[,\s]", "", match.group("number"))
    decimals = len(number_text.split(".", 1)[1]) if "." in number_text else 0
    value = float(number_text)
    written_unit = match.group("unit")
    multiplier = 1.0
    if written_unit:
        hinted = unit_word(written_unit)
        if hinted is None:
            raise ValueProblem(
                f"{_show(raw)} is not a number (unknown unit {written_unit!r})",
                f"{_show(raw)} 不是数值（无法识别的单位“{written_unit}”）",
            )
        _check_unit_fits(hinted[0], unit, written_unit)
        multiplier = hinted[1]
    elif unit_hint and (hinted := unit_word(unit_hint)):
        _check_unit_fits(hinted[0], unit, unit_hint)
        multiplier = hinted[1]
    if multiplier != 1.0:
        decimals = max(decimals - int(round(math.log10(multiplier))), 0)
    return Reading(value * multiplier, decimals, qualifier, remark)


def _qualified(text: str, raw: str) -> tuple[str, str | None, str | None]:
    """(the number with its unit, its qualifier, a remark in brackets): "85%以上" → ("85%", "≥", None),
    "不低于15%" → ("15%", "≥", None), "100%（应保尽保）" → ("100%", None, "应保尽保")."""
    remark = None
    match = _REMARK.match(text)
    if match and unit_word(match.group("remark")) is None:
        text, remark = match.group("rest").strip(), match.group("remark").strip()
    qualifier = None
    for word, symbol in _PREFIXES:
        if text.startswith(word):
            text, qualifier = text[len(word):].strip(), symbol
            break
    for word, symbol in _SUFFIXES:
        if text.endswith(word):
            if qualifier is not None and qualifier != symbol:
                raise ValueProblem(f"{_show(raw)} is not a number (two qualifiers)", f"{_show(raw)} 不是数值（限定词重复）")
            text, qualifier = text[: -len(word)].strip(), symbol
            break
    return text, qualifier, remark


def _check_unit_fits(written: str | None, unit: str, words: str) -> None:
    if written is None or written == unit:
        return
    if written in COUNT_UNITS and unit in COUNT_UNITS and "percent" not in (written, unit):
        return  # 个/所/支/人 are loosely used for counts; the number itself is still right
    raise ValueProblem(
        f"unit {words!r} does not fit an indicator measured in {unit}",
        f"单位“{words}”与该指标不符（该指标计的是{UNIT_WORDS_ZH.get(unit, unit)}）",
    )


def _read_yes_no(raw: object) -> Reading:
    if isinstance(raw, bool):
        return Reading(1.0 if raw else 0.0, 0)
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return Reading(float(raw), 0)
    if isinstance(raw, str):
        word = unicodedata.normalize("NFKC", raw).strip().lower()
        if word in YES_WORDS:
            return Reading(1.0, 0)
        if word in NO_WORDS:
            return Reading(0.0, 0)
    raise ValueProblem(f"{_show(raw)} is not a yes/no answer (expected 是 or 否)", f"{_show(raw)} 不是“是/否”的回答（应填“是”或“否”）")


def format_decimals(number_format: str | None) -> int | None:
    """Decimal places an Excel number format shows: "0.0%" → 1, "#,##0" → 0, "General" → None."""
    if not number_format or number_format.lower() == "general":
        return None
    section = number_format.split(";", 1)[0]
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    if not re.search(r"[0#?]", section):
        return None
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


@functools.lru_cache(maxsize=4096)
def round_shown(reading: Reading) -> float:
    """The value as the workbook shows it, so float noise such as 84.99999999 never decides a verdict.

    Excel and WPS round half away from zero on the decimal digits they display (0.845 in a `0%` cell
    shows 85%); Python's round() rounds the binary float half to even and would read 84%.
    """
    decimals = 6 if reading.decimals is None else reading.decimals
    text = repr(reading.value)
    point = text.find(".")
    if point >= 0 and "e" not in text and len(text) - point - 1 <= min(decimals, 9):
        return reading.value  # 100.0, 92.4: no more digits than the cell shows, nothing to round
    # Scaling a percent cell by 100 can leave binary noise (0.285 * 100 = 28.499999999999996): settle the
    # number to nine decimals first, then round half up to the decimals shown.
    settled = Decimal(repr(reading.value)).quantize(_NOISE, rounding=ROUND_HALF_EVEN, context=_WIDE)
    return float(settled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_WIDE))


def _show(raw: object) -> str:
    text = str(raw)
    if len(text) > 40:
        text = text[:37] + "..."
    return f'"{text}"'
