"""How good a draft is: compared with the hand-made target file of the same plan.

A hand-made indicator is found when a proposal asks the same (operator and target, or the same
reference for in_step_with) at the same place: the two quotes share a line of the document.
Pairs are made one to one, same-id pairs first. Recall is the share of hand-made indicators
found, precision the share of proposals that found one; a 主要指标 row is right only when its
unit and attribute agree too. The measured figures leave yes/no entries out on both sides (the
deliverables and facilities): the like-for-like figure against answer keys that had no deliverables.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from checker.drafting import Draft
from checker.drafting.proposals import Proposal
from checker.plans.loading import Indicator, Plan


@dataclass
class PlanScore:
    plan: str
    hand_made: int
    proposed: int
    found: list[tuple[Indicator, Proposal]] = field(default_factory=list)
    missed: list[Indicator] = field(default_factory=list)
    extra: list[Proposal] = field(default_factory=list)
    main_rows: int = 0
    main_rows_right: int = 0
    wrong_main_rows: list[str] = field(default_factory=list)
    yes_no_hand_made: int = 0  # deliverables and facilities (unit yes_no)
    yes_no_proposed: int = 0

    @property
    def recall(self) -> float:
        return len(self.found) / self.hand_made if self.hand_made else 1.0

    @property
    def precision(self) -> float:
        return len(self.found) / self.proposed if self.proposed else 1.0

    @property
    def measured_hand_made(self) -> int:
        return self.hand_made - self.yes_no_hand_made

    @property
    def measured_proposed(self) -> int:
        return self.proposed - self.yes_no_proposed

    @property
    def measured_found(self) -> int:
        return sum(hand.unit != "yes_no" for hand, _proposal in self.found)

    @property
    def same_id(self) -> int:
        return sum(hand.id == proposal.id for hand, proposal in self.found)


class _Locator:
    """Finds a quote in the document, whitespace aside, and says which lines it covers."""

    def __init__(self, lines):
        self.text = ""
        self.starts: list[int] = []
        self.numbers: list[int] = []
        for line in lines:
            self.starts.append(len(self.text))
            self.numbers.append(line.number)
            self.text += re.sub(r"\s+", "", line.text)

    def lines_of(self, quote: str) -> set[int]:
        needle = re.sub(r"\s+", "", quote)
        covered: set[int] = set()
        start = self.text.find(needle) if needle else -1
        while start != -1:
            first = bisect.bisect_right(self.starts, start) - 1
            last = bisect.bisect_right(self.starts, start + len(needle) - 1) - 1
            covered.update(self.numbers[first : last + 1])
            start = self.text.find(needle, start + 1)
        return covered


def _asks_the_same(hand: Indicator, proposal: Proposal) -> bool:
    if hand.operator != proposal.operator:
        return False
    if hand.operator == "in_step_with":
        return hand.reference == proposal.reference
    target = proposal.target
    if isinstance(target, bool):
        target = 1.0 if target else 0.0
    if isinstance(hand.target, tuple) or isinstance(target, tuple):
        return isinstance(hand.target, tuple) and isinstance(target, tuple) and all(abs(a - b) < 1e-9 for a, b in zip(hand.target, target))
    return target is not None and hand.target is not None and abs(hand.target - target) < 1e-9


def score_draft(draft: Draft, hand_made: Plan) -> PlanScore:
    locator = _Locator(draft.document.lines)
    hand_lines = {h.id: set().union(*(locator.lines_of(q) for q in (h.quote, *h.extra_quotes))) for h in hand_made.indicators}
    proposal_lines = [set().union({p.line}, *(locator.lines_of(q) for q in (p.quote, *p.extra_quotes))) for p in draft.proposals]
    result = PlanScore(hand_made.id, len(hand_made.indicators), len(draft.proposals))
    result.yes_no_hand_made = sum(h.unit == "yes_no" for h in hand_made.indicators)
    result.yes_no_proposed = sum(p.unit == "yes_no" for p in draft.proposals)
    taken: set[int] = set()
    matched: dict[str, Proposal] = {}
    for same_id_first in (True, False):
        for hand in hand_made.indicators:
            if hand.id in matched:
                continue
            for index, proposal in enumerate(draft.proposals):
                if index in taken or (same_id_first and proposal.id != hand.id):
                    continue
                if _asks_the_same(hand, proposal) and hand_lines[hand.id] & proposal_lines[index]:
                    matched[hand.id] = proposal
                    taken.add(index)
                    break
    result.found = [(h, matched[h.id]) for h in hand_made.indicators if h.id in matched]
    result.missed = [h for h in hand_made.indicators if h.id not in matched]
    result.extra = [p for i, p in enumerate(draft.proposals) if i not in taken]
    for hand in hand_made.indicators:
        if "主要指标" not in hand.section:
            continue
        result.main_rows += 1
        proposal = matched.get(hand.id)
        if proposal and proposal.unit == hand.unit and proposal.attribute == hand.attribute and proposal.attribute_basis == hand.attribute_basis:
            result.main_rows_right += 1
        else:
            result.wrong_main_rows.append(hand.name)
    return result
