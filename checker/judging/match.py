"""Matching workbook rows to a plan's indicators and reference figures (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

from checker.names import normalise_name
from checker.reading.layout import CUMULATIVE_WORD
from checker.plans.loading import Plan
from checker.reading.workbook import Observation

MIN_CONTAINED_LENGTH = 6  # shorter names ("覆盖率") are too generic to match inside a longer label


@dataclass(frozen=True)
class Matches:
    indicators: dict[str, tuple[Observation, ...]]
    references: dict[str, tuple[Observation, ...]]
    items: dict[tuple[str, str], tuple[Observation, ...]]  # (indicator id, "numerator"/"denominator") → rows
    unmatched: tuple[Observation, ...]  # one observation per row that matched nothing
    # (sheet, row, label) → "id", "name", "alias", "contains"; the label too, because a transposed table's
    # total row holds one indicator per column (see row_key).
    how: dict[tuple[str, int, str], str]


def row_key(observation: Observation) -> tuple[str, int, str]:
    """What one indicator's row is: the sheet, the row and its label (one row of a transposed table
    carries one label per column: 全市合计 | 覆盖率A | 覆盖率B …)."""
    return observation.sheet, observation.row, observation.label


def _keys(plan: Plan) -> dict[str, tuple[str, str]]:
    """Normalised name → (kind:id, how) for every indicator and reference of the plan."""
    keys: dict[str, tuple[str, str]] = {}
    for indicator in plan.indicators:
        keys.setdefault(normalise_name(indicator.name), (f"indicator:{indicator.id}", "name"))
        for alias in indicator.aliases:
            keys.setdefault(normalise_name(alias), (f"indicator:{indicator.id}", "alias"))
        for role, item in (("numerator", indicator.numerator), ("denominator", indicator.denominator)):
            if item is not None:
                for name in (item.name, *item.aliases):
                    keys.setdefault(normalise_name(name), (f"{role}:{indicator.id}", "alias"))
    for reference in plan.references:
        for name in (reference.name, *reference.aliases):
            keys.setdefault(normalise_name(name), (f"reference:{reference.id}", "alias"))
    return keys


def match(plan: Plan, observations: tuple[Observation, ...]) -> Matches:
    keys = _keys(plan)
    ids = {i.id: f"indicator:{i.id}" for i in plan.indicators} | {r.id: f"reference:{r.id}" for r in plan.references}
    found: dict[str, list[Observation]] = {}
    how: dict[tuple[str, int, str], str] = {}
    unmatched: dict[tuple[str, int, str], Observation] = {}
    row_target: dict[tuple[str, int, str], tuple[str, str] | None] = {}
    for observation in observations:
        row = row_key(observation)
        if row not in row_target:
            row_target[row] = _match_row(observation, keys, ids)
        target = row_target[row]
        if target is None:
            unmatched.setdefault(row, observation)
            continue
        found.setdefault(target[0], []).append(observation)
        how[row] = target[1]
    by_kind: dict[str, dict[str, tuple[Observation, ...]]] = {}
    for key, rows in found.items():
        kind, target_id = key.split(":", 1)
        by_kind.setdefault(kind, {})[target_id] = tuple(rows)
    return Matches(
        indicators=by_kind.get("indicator", {}),
        references=by_kind.get("reference", {}),
        items={(target_id, role): rows for role in ("numerator", "denominator") for target_id, rows in by_kind.get(role, {}).items()},
        unmatched=tuple(unmatched.values()),
        how=how,
    )


def _match_row(observation: Observation, keys: dict[str, tuple[str, str]], ids: dict[str, str]) -> tuple[str, str] | None:
    for text in (observation.key, observation.label):
        if text and text.strip().lower() in ids:
            return ids[text.strip().lower()], "id"
    # "累计" marks a five-year running total of the same indicator, not another indicator.
    label = normalise_name(observation.label.replace(CUMULATIVE_WORD, ""))
    if not label:
        return None
    if label in keys:
        return keys[label]
    # A label that adds qualifiers to a plan name ("全市困难残疾人生活补贴覆盖率") or is a shortened
    # form of it still means that indicator, provided exactly one indicator fits.
    candidates = {
        target
        for key, (target, _how) in keys.items()
        if len(key) >= MIN_CONTAINED_LENGTH and (key in label or (len(label) >= MIN_CONTAINED_LENGTH and label in key))
    }
    if len(candidates) == 1:
        return candidates.pop(), "contains"
    return None
