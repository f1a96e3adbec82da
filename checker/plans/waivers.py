"""Waiver files: documented reasons why a target cannot apply to a district in a year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.errors import CheckerError, TargetFileError, did_you_mean
from checker.plans.loading import Plan, read_toml

WAIVER_FIELDS = {"id", "justification", "approved_by", "years"}


@dataclass(frozen=True)
class Waiver:
    id: str
    justification: str
    approved_by: str
    years: tuple[int, ...] = ()  # empty: every year

    def applies(self, year: int) -> bool:
        return not self.years or year in self.years


def load_waivers(path: Path, plan: Plan) -> tuple[Waiver, ...]:
    """Read `[[waiver]]` entries; every problem at once, ids checked against the plan."""
    data = read_toml(Path(path))
    entries = data.get("waiver")
    problems = [f"unknown top-level key {key!r} (expected [[waiver]] entries)" for key in sorted(set(data) - {"waiver"})]
    if not isinstance(entries, list) or not entries:
        raise TargetFileError(str(path), problems + ["no [[waiver]] entries"])
    known = {i.id for i in plan.indicators}
    waivers = []
    for position, entry in enumerate(entries, start=1):
        label = f"waiver #{position}" + (f" ({entry.get('id')})" if isinstance(entry, dict) and entry.get("id") else "")
        if not isinstance(entry, dict):
            problems.append(f"{label}: must be a table")
            continue
        own = [f"{label}: unknown field {k!r}" for k in sorted(set(entry) - WAIVER_FIELDS)]
        for key in ("id", "justification", "approved_by"):
            if not (isinstance(entry.get(key), str) and entry[key].strip()):
                own.append(f"{label}: {key} is required (a non-empty text)")
        if isinstance(entry.get("id"), str) and entry["id"] not in known:
            guess = did_you_mean(entry["id"], known)
            own.append(f"{label}: plan {plan.id!r} has no indicator {entry['id']!r}" + (f" (did you mean {guess}?)" if guess else ""))
        years = entry.get("years", [])
        if not (isinstance(years, list) and all(isinstance(y, int) for y in years)):
            own.append(f"{label}: years must be a list of years, e.g. [2023]")
        problems += own
        if not own:
            waivers.append(Waiver(entry["id"], entry["justification"].strip(), entry["approved_by"].strip(), tuple(years)))
    if problems:
        raise TargetFileError(str(path), problems)
    ids = [w.id for w in waivers]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise CheckerError(f"indicator(s) waived twice: {', '.join(duplicated)}", zh=f"指标重复豁免：{'、'.join(duplicated)}", file=str(path))
    return tuple(waivers)
