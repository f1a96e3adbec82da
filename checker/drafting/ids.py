"""Proposed names → the shared catalogue's ids: the same id for the same concept in every plan.

The words to recognise an id by are the catalogue's name for it and every name and alias the
shipped plans (and the user's --targets folder) use for it. A proposal takes the id whose words
are most alike, measured by shared character pairs (the usual way to compare short Chinese
phrases, which have no spaces to split words on), when the units agree and the likeness is high
enough; otherwise it gets a new id, marked `new_id = true` for the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.names import normalise_name
from checker.plans.loading import Catalogue, Plan
from checker.quantities import WHOLE_COUNT_UNITS

# Dice coefficient of character pairs at or above which two names are taken for one concept.
# Chosen by leave-one-plan-out on the shipped plans (`make draft-eval` reports the id agreement).
LIKENESS_THRESHOLD = 0.55
HEADCOUNTS = WHOLE_COUNT_UNITS  # persons, households, things: loosely interchanged in plans; money is not


@dataclass(frozen=True)
class IdMatch:
    id: str
    likeness: float
    matched_name: str


@dataclass
class Vocabulary:
    """Every known wording of every catalogue id, with the id's unit."""

    words: dict[str, set[str]] = field(default_factory=dict)  # id → normalised names
    units: dict[str, str] = field(default_factory=dict)
    names_en: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_sources(cls, catalogue: Catalogue, plans: list[Plan]) -> "Vocabulary":
        vocabulary = cls()
        for indicator_id, entry in catalogue.indicators.items():
            vocabulary._add(indicator_id, entry.get("name", ""), entry.get("unit"))
            vocabulary.names_en[indicator_id] = entry.get("name_en", indicator_id)
        for plan in plans:
            for indicator in plan.indicators:
                if indicator.id in catalogue.indicators:
                    for name in (indicator.name, *indicator.aliases):
                        vocabulary._add(indicator.id, name, indicator.unit)
        return vocabulary

    def _add(self, indicator_id: str, name: str, unit: str | None) -> None:
        if name:
            self.words.setdefault(indicator_id, set()).add(normalise_name(name))
        if unit and indicator_id not in self.units:
            self.units[indicator_id] = unit

    def best_match(self, name: str, unit: str) -> IdMatch | None:
        key = normalise_name(name)
        best: IdMatch | None = None
        for indicator_id, names in self.words.items():
            if not _units_agree(self.units.get(indicator_id), unit):
                continue
            for known in names:
                score = likeness(key, known)
                if best is None or score > best.likeness:
                    best = IdMatch(indicator_id, score, known)
        return best if best is not None and best.likeness >= LIKENESS_THRESHOLD else None


def _units_agree(known: str | None, unit: str) -> bool:
    return known is None or known == unit or (known in HEADCOUNTS and unit in HEADCOUNTS)


def _pairs(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)] or [text]


def likeness(a: str, b: str) -> float:
    """Dice coefficient of character pairs: 1 for the same words, 0 for nothing in common."""
    if a == b:
        return 1.0
    pairs_a, pairs_b = _pairs(a), _pairs(b)
    remaining = list(pairs_b)
    shared = 0
    for pair in pairs_a:
        if pair in remaining:
            remaining.remove(pair)
            shared += 1
    return 2 * shared / (len(pairs_a) + len(pairs_b))
