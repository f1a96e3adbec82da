"""Every fact about the operators a target file may use, in one table (as yamllint keeps one registry of rules).

Target files name an operator (`>=`, `range`, `in_step_with`…); the loader accepts exactly these
keys, the judge compares with `meets`, milestones use `lower_is_better` and `path`, renderers take
the symbol and words from here, the html bar is drawn only where a longer bar means better, and
drafting recognises the plans' own phrases ("不低于", "超过") from `plan_words`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Operator:
    key: str  # as target files and the JSON spell it
    symbol: str  # as reports print it before the target ("≥85%")
    zh: str  # in words, for sentences
    en: str
    meets: Callable[[float, object, str | None], bool]  # (value, target, value's qualifier) → met?
    path: bool = False  # a mid-term milestone lies between the baseline and the target
    lower_is_better: bool = False
    bar: bool = False  # a progress bar toward the target reads right (a longer bar is better)
    plan_words: tuple[str, ...] = ()  # how plans state it before or after a number, for `checker draft`


def _at_least(value: float, target, qualifier: str | None) -> bool:
    return value >= target


def _more_than(value: float, target, qualifier: str | None) -> bool:
    # "＞90" in a cell: the true value lies above 90, so it meets "> 90".
    return value > target or (qualifier == ">" and value >= target)


def _equal(value: float, target, qualifier: str | None) -> bool:
    return value == target


def _at_most(value: float, target, qualifier: str | None) -> bool:
    return value <= target


def _less_than(value: float, target, qualifier: str | None) -> bool:
    return value < target or (qualifier == "<" and value <= target)


def _within(value: float, target, qualifier: str | None) -> bool:
    low, high = target
    return low <= value <= high


def _not_by_value(value: float, target, qualifier: str | None) -> bool:
    raise ValueError("in_step_with compares with a reference figure, not with a target value")


OPERATORS: dict[str, Operator] = {
    operator.key: operator
    for operator in (
        Operator(">=", "≥", "不低于", "at least", _at_least, path=True, bar=True,
                 plan_words=("≥", "≧", ">=", "不低于", "不少于", "不小于", "至少", "达到", "达")),
        Operator(">", ">", "高于", "more than", _more_than, path=True, bar=True,
                 plan_words=(">", "超过", "高于", "多于", "大于")),
        Operator("=", "=", "等于", "equal to", _equal, bar=True),
        Operator("<=", "≤", "不高于", "at most", _at_most, path=True, lower_is_better=True,
                 plan_words=("≤", "≦", "<=", "不超过", "不高于", "不多于", "不大于", "控制在")),
        Operator("<", "<", "低于", "less than", _less_than, path=True, lower_is_better=True,
                 plan_words=("<", "低于", "少于", "小于")),
        Operator("range", "", "介于", "between", _within),
        Operator("in_step_with", "", "与…同步", "in step with", _not_by_value),
    )
}


def operator(key: str) -> Operator:
    return OPERATORS[key]


def meets(key: str, value: float, target, qualifier: str | None = None) -> bool:
    """Whether `value` meets `key target`; a qualifier ">" means the true value lies above `value`."""
    return OPERATORS[key].meets(value, target, qualifier)
