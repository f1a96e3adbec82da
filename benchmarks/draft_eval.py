"""`make draft-eval`: draft every shipped plan from its document and compare with the hand-made file.

    python benchmarks/draft_eval.py [SEEDS_DIR] [--details]

Each plan is drafted with the ids and names of the catalogue and of the *other* shipped plans
only (leave one plan out), as a new plan would be; its own hand-made file is the answer key.
The last three columns leave yes/no entries (deliverables, facilities) out on both sides: the
measured targets alone, like for like with answer keys that had no deliverables.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.drafting import draft_plan
from checker.drafting.scoring import score_draft
from checker.plans.loading import find_plan, load_catalogue, plan_files

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS, help="folder of the plan documents")
    parser.add_argument("--details", action="store_true", help="also list what each draft missed and proposed in excess")
    options = parser.parse_args(argv)
    if not options.seeds.is_dir():
        print(f"draft-eval needs the plan documents (the seed .txt files) in {options.seeds}: not found", file=sys.stderr)
        return 2
    catalogue = load_catalogue()
    plans = {plan_id: find_plan(plan_id) for plan_id in sorted(plan_files())}
    print(
        f"{'plan':<10} {'hand-made':>9} {'proposed':>8} {'found':>5} {'recall':>7} {'precision':>9} {'主要指标 rows right':>19} {'same id':>8}"
        f"   {'measured':>8} {'recall':>7} {'precision':>9}"
    )
    totals = {"hand": 0, "proposed": 0, "found": 0, "main": 0, "main_right": 0, "same_id": 0, "m_hand": 0, "m_proposed": 0, "m_found": 0}
    for plan_id, hand_made in plans.items():
        others = [plan for other_id, plan in plans.items() if other_id != plan_id]
        draft = draft_plan(options.seeds / hand_made.source, plan_id, catalogue, others)
        score = score_draft(draft, hand_made)
        main = f"{score.main_rows_right}/{score.main_rows}" if score.main_rows else "no table"
        print(
            f"{plan_id:<10} {score.hand_made:>9} {score.proposed:>8} {len(score.found):>5} {score.recall:>7.0%} "
            f"{score.precision:>9.0%} {main:>19} {score.same_id:>5}/{len(score.found):<3}"
            + _measured(score.measured_found, score.measured_hand_made, score.measured_proposed)
        )
        if options.details:
            for hand in score.missed:
                print(f"    missed  {hand.id}: {hand.operator} {hand.target} — {hand.quote[:60]}")
            for proposal in score.extra:
                print(f"    extra   line {proposal.line}: {proposal.name} {proposal.operator} {proposal.target} — {proposal.quote[:60]}")
            for name in score.wrong_main_rows:
                print(f"    wrong main row: {name}")
        totals["hand"] += score.hand_made
        totals["proposed"] += score.proposed
        totals["found"] += len(score.found)
        totals["main"] += score.main_rows
        totals["main_right"] += score.main_rows_right
        totals["same_id"] += score.same_id
        totals["m_hand"] += score.measured_hand_made
        totals["m_proposed"] += score.measured_proposed
        totals["m_found"] += score.measured_found
    recall = totals["found"] / totals["hand"]
    precision = totals["found"] / totals["proposed"]
    print(
        f"{'all':<10} {totals['hand']:>9} {totals['proposed']:>8} {totals['found']:>5} {recall:>7.0%} {precision:>9.0%} "
        f"{totals['main_right']:>16}/{totals['main']:<2} {totals['same_id']:>5}/{totals['found']:<3}"
        + _measured(totals["m_found"], totals["m_hand"], totals["m_proposed"])
    )
    return 0


def _measured(found: int, hand_made: int, proposed: int) -> str:
    """found/hand-made, recall and precision over the measured (not yes/no) targets."""
    recall = found / hand_made if hand_made else 1.0
    precision = found / proposed if proposed else 1.0
    return f"   {f'{found}/{hand_made}':>8} {recall:>7.0%} {precision:>9.0%}"


if __name__ == "__main__":
    sys.exit(main())
