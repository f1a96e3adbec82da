"""A target as plans write it ("＞7.5%", "≥85", "[110]", "0.2万人", "与…同步") → operator, number and unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.names import fold
from checker.operators import OPERATORS
from checker.reading.values import unit_word

# Words that name a count's unit in plans, beyond the ones checker.reading.values reads in workbooks.
COUNT_WORDS = {"项": ("count", 1.0), "万个": ("count", 10_000.0), "间": ("count", 1.0), "场": ("count", 1.0), "期": ("count", 1.0)}
# The unit_label kept for count-like units where the plan's word says more than `unit`.
LABELLED_UNITS = {"count", "persons", "households", "person_times"}

# Negated phrases first: "不低于" ends like "低于" and must read as ≥, not <.
_OPERATOR_WORDS = [(key, OPERATORS[key].plan_words) for key in (">=", "<=", ">", "<")]
_TAILS = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "左右": ">="}
_NUMBER = r"\d+(?:\.\d+)?"
_CELL = re.compile(
    rf"^(?P<op>{'|'.join(re.escape(w) for _, words in _OPERATOR_WORDS for w in sorted(words, key=len, reverse=True))})?"
    rf"(?P<open>\[)?(?P<number>{_NUMBER})(?:[-~—–至到](?P<high>{_NUMBER}))?(?P<close>\])?"
    rf"(?P<unit>[^\d\[\]]{{0,4}}?)(?P<tail>及以上|以上|及以下|以下|以内|左右)?$"
)
# "与地区生产总值增长同步"; a cell wrapped onto two lines may stop at "与…增长" (PDF text).
_IN_STEP = re.compile(r"同步|相适应|相协调|相匹配|^与.{2,30}(?:增长|增速)$")
_FULL = re.compile(r"^(全覆盖|全部|应[\u4e00-\u9fff]尽[\u4e00-\u9fff]|100%全覆盖)$")
_YES = {"是", "实现", "建成", "完成", "有"}


@dataclass(frozen=True)
class Target:
    """What a plan asks: `operator` and `target` as target files spell them, in `unit`."""

    operator: str
    target: float | tuple[float, float] | bool | None
    unit: str | None  # None: the words give no unit (the caller takes it from the row or sentence)
    unit_label: str | None = None
    cumulative: bool = False  # "[110]": a five-year total
    reference_text: str | None = None  # for in_step_with: the words naming what to keep pace with


def unit_of(word: str | None) -> tuple[str | None, float, str | None]:
    """(unit, multiplier, unit_label) for a unit word such as "万人", "户", "%", "个"; (None, 1, None) if unknown."""
    if not word:
        return None, 1.0, None
    word = fold(word).strip("()（）")
    known = unit_word(word) or COUNT_WORDS.get(word)
    if known is None:
        return None, 1.0, None
    unit, multiplier = known
    label = word.removeprefix("万") if unit in LABELLED_UNITS else None
    return unit, multiplier, label or None


def operator_for(words: str, default: str = ">=") -> str:
    """The operator a phrase such as "不低于", "超过" or "≥" states; `default` when it states none."""
    for operator, spellings in _OPERATOR_WORDS:
        if any(words.startswith(s) or words.endswith(s) for s in spellings):
            return operator
    return default


def read_target_cell(text: str) -> Target | None:
    """A table's target cell: "≥85", ">7.5%", "100", "[110]", "0.2", "5—10", "全覆盖", "与全市地区生产总值增长同步"."""
    folded = fold(text)
    if not folded:
        return None
    if _IN_STEP.search(folded) and len(folded) <= 40:
        return Target("in_step_with", None, "percent", reference_text=folded)
    if _FULL.match(folded):
        return Target(">=", 100.0, "percent")
    if folded in _YES:
        return Target("=", True, "yes_no")
    match = _CELL.match(folded)
    if not match or (match.group("open") is None) != (match.group("close") is None):
        return None
    unit, multiplier, label = unit_of(match.group("unit"))
    if match.group("unit") and unit is None:
        return None
    number = float(match.group("number")) * multiplier
    if match.group("high"):
        return Target("range", (number, float(match.group("high")) * multiplier), unit, label)
    operator = ">="
    if match.group("op"):
        operator = operator_for(match.group("op"))
    elif match.group("tail"):
        operator = _TAILS[match.group("tail")]
    return Target(operator, number, unit, label, cumulative=match.group("open") is not None)
