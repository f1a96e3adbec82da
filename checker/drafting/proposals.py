"""Table rows and prose targets → proposed [[indicator]] entries: ids, tiers, attributes, one entry per concept.

A plan often states one target twice (a table row, then the same figure in a 专栏 box or the
prose). The target files keep one indicator with the other passage in `extra_quotes`, and so does
the draft: proposals with the same id, or the same name, are merged. A proposal that resembles an
id already taken but asks something else keeps its own new id, with a note saying what it resembles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.drafting.ids import Vocabulary
from checker.drafting.prose import ProseTarget
from checker.drafting.table import IndicatorTable, TableRow
from checker.names import normalise_name
from checker.plans.loading import Catalogue, indicator_problems
from checker.quantities import COUNT_UNITS


@dataclass
class Proposal:
    id: str
    new_id: bool
    name: str
    name_en: str
    unit: str
    attribute: str
    attribute_basis: str
    operator: str
    target: float | tuple[float, float] | bool | None
    tier: str
    section: str
    quote: str
    line: int
    trajectory: str
    found_in: str  # "table" or "prose"
    unit_label: str | None = None
    reference: str | None = None
    extra_quotes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # written as TOML comments for the reviewer

    def as_entry(self) -> dict:
        """The [[indicator]] table, fields in the order target files write them."""
        entry = {"id": self.id}
        if self.new_id:
            entry["new_id"] = True
        entry |= {"review": "needed", "line": self.line, "name": self.name, "name_en": self.name_en, "unit": self.unit}
        if self.unit_label:
            entry["unit_label"] = self.unit_label
        entry |= {"attribute": self.attribute, "attribute_basis": self.attribute_basis, "operator": self.operator}
        if self.reference:
            entry["reference"] = self.reference
        elif self.target is not None:
            entry["target"] = list(self.target) if isinstance(self.target, tuple) else self.target
        entry |= {"tier": self.tier, "section": self.section, "quote": self.quote}
        if self.extra_quotes:
            entry["extra_quotes"] = list(self.extra_quotes)
        entry["trajectory"] = self.trajectory
        return entry


@dataclass(frozen=True)
class Rejected:
    """A target found but not proposed, because its entry would not pass `checker lint`."""

    line: int
    quote: str
    problems: tuple[str, ...]


def propose(table: IndicatorTable | None, prose: list[ProseTarget], vocabulary: Vocabulary, catalogue: Catalogue) -> tuple[list[Proposal], list[Rejected]]:
    proposals: list[Proposal] = []
    rejected: list[Rejected] = []
    numbering = _NewIds()
    candidates = [_from_row(row, table, vocabulary, catalogue) for row in (table.rows if table else ())]
    prose_tier = "supplementary" if table and table.rows else "main"
    # Deliverables are supplementary in every plan, as the target files have them.
    candidates += [_from_prose(target, "supplementary" if target.deliverable else prose_tier, vocabulary) for target in prose]
    for candidate in candidates:
        if _merged_into_existing(candidate, proposals):
            continue
        if candidate.new_id:
            candidate.id = numbering.next()
            candidate.name_en = f"(to translate) {candidate.name}"
        candidate.name = _distinct_name(candidate, proposals)
        problems = indicator_problems(candidate.as_entry(), catalogue)
        if problems:
            rejected.append(Rejected(candidate.line, candidate.quote, tuple(problems)))
            continue
        proposals.append(candidate)
    return proposals, rejected


def _distinct_name(candidate: Proposal, proposals: list[Proposal]) -> str:
    """Workbook rows are matched by name, so two indicators may not share one: the line tells them apart."""
    taken = {normalise_name(p.name) for p in proposals}
    name = candidate.name
    suffixes = (f"·第{candidate.line}行", *(f"·第{candidate.line}行之{n}" for n in range(2, 100)))
    for suffix in ("", *suffixes):
        if normalise_name(name + suffix) not in taken:
            if suffix:
                candidate.notes.append(f"another entry has the same name: “{suffix}” keeps names distinct")
            return name + suffix
    return name


class _NewIds:
    def __init__(self):
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"new_indicator_{self.count}"


def _key(name: str) -> str:
    return normalise_name(re.sub(r"[“”\"]", "", name))


def _merged_into_existing(candidate: Proposal, proposals: list[Proposal]) -> bool:
    """The same concept stated again: keep the first entry, with this passage in its extra_quotes."""
    for existing in proposals:
        same_concept = (not candidate.new_id and candidate.id == existing.id) or _key(candidate.name) == _key(existing.name)
        if not same_concept:
            continue
        if candidate.found_in == existing.found_in == "prose" and (candidate.line, candidate.quote) == (existing.line, existing.quote):
            # One sentence stating two targets ("应保尽保、应补尽补") states two things, however alike.
            if not candidate.new_id and candidate.id == existing.id:
                candidate.notes.append(f"resembles {candidate.id} like the entry before it, from the same sentence: given a new id")
                candidate.new_id = True
            continue
        same_target = (candidate.operator, candidate.target, candidate.unit) == (existing.operator, existing.target, existing.unit)
        if same_target:
            if _squeezed(candidate.quote) not in {_squeezed(q) for q in (existing.quote, *existing.extra_quotes)}:
                existing.extra_quotes.append(candidate.quote)
            return True
        if candidate.found_in == "prose" and existing.found_in == "table":
            existing.extra_quotes.append(candidate.quote)
            existing.notes.append(f"line {candidate.line} states it differently ({candidate.operator} {_shown(candidate.target)}): the table's figure is kept")
            return True
        if not candidate.new_id:
            candidate.notes.append(f"resembles {candidate.id} (already line {existing.line}) but asks something else: given a new id")
            candidate.new_id = True
    return False


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _shown(target) -> str:
    if isinstance(target, float) and target.is_integer():
        return str(int(target))
    return str(target)


def _identify(name: str, unit: str, vocabulary: Vocabulary) -> tuple[str, bool, str, list[str]]:
    match = vocabulary.best_match(name, unit)
    if match is None:
        return "", True, name, []
    note = [] if match.likeness == 1.0 else [f"id by likeness {match.likeness:.2f} to “{match.matched_name}”"]
    return match.id, False, vocabulary.names_en.get(match.id, match.id), note


def _from_row(row: TableRow, table: IndicatorTable, vocabulary: Vocabulary, catalogue: Catalogue) -> Proposal:
    indicator_id, new_id, name_en, notes = _identify(row.name, row.unit, vocabulary)
    target = row.target
    reference = None
    if target.operator == "in_step_with":
        reference, reference_note = _reference(target.reference_text or "", catalogue)
        notes += reference_note
    attribute, basis = (row.attribute, "stated") if row.attribute else ("expected", "default")
    counted = row.unit in COUNT_UNITS and target.operator in (">=", ">")
    return Proposal(
        id=indicator_id,
        new_id=new_id,
        name=row.name,
        name_en=name_en if not new_id else f"(to translate) {row.name}",
        unit=row.unit,
        unit_label=row.unit_label,
        attribute=attribute,
        attribute_basis=basis,
        operator=target.operator,
        target=target.target,
        reference=reference,
        tier="main",
        section=f"{_table_label(table.caption)} 第{row.position}行",
        quote=row.quote,
        line=row.line,
        trajectory="cumulative" if target.cumulative or counted else ("final" if row.unit == "yes_no" else "maintain"),
        found_in="table",
        notes=notes + (["[N] in the table: a five-year total"] if target.cumulative else []),
    )


def _from_prose(found: ProseTarget, tier: str, vocabulary: Vocabulary) -> Proposal:
    name = found.name or found.quote[:40]
    indicator_id, new_id, name_en, notes = _identify(found.id_words or name, found.unit, vocabulary)
    return Proposal(
        id=indicator_id,
        new_id=new_id,
        name=name,
        name_en=name_en if not new_id else f"(to translate) {name}",
        unit=found.unit,
        unit_label=found.unit_label,
        attribute="expected",
        attribute_basis="default",
        operator=found.target.operator,
        target=found.target.target,
        tier=tier,
        section=found.section or "正文",
        quote=found.quote,
        line=found.line,
        trajectory="maintain" if found.unit == "percent" and not found.deliverable else "final",
        found_in="prose",
        notes=notes,
    )


def _table_label(caption: str) -> str:
    box = re.match(r"专栏\s*\d+", caption)
    if box and "主要指标" in caption:
        return _squeezed(box.group()) + " 主要指标"
    return caption


def _reference(text: str, catalogue: Catalogue) -> tuple[str | None, list[str]]:
    """The reference figure "与…同步" names, e.g. 地区生产总值增长 → gdp_growth."""
    key = normalise_name(text)
    for reference in catalogue.references.values():
        for name in (reference.name, *reference.aliases):
            word = normalise_name(name).removesuffix("率")
            if word and word in key:
                return reference.id, []
    if catalogue.references:
        first = sorted(catalogue.references)[0]
        return first, [f"reference {first} is a guess: “{text}” names none of the catalogue's reference figures"]
    return None, []
