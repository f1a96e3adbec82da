"""One workbook → its results document: read, judge, document. The single-file check, each file of a
batch and `checker review` all go through here, so every file is checked the same way."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.judging.evaluate import Report
from checker.plans.identity import PlanArea
from checker.plans.loading import Plan
from checker.plans.waivers import Waiver
from checker.reading.workbook import WorkbookData
from checker.reports.view import View
from checker.settings import CheckSettings, Outcome, ReportSettings

if TYPE_CHECKING:
    from checker.units.judge import UnitsReport


@dataclass(frozen=True)
class Check:
    """A plan and its waivers, loaded once, and how to check each workbook against them.

    With no plan (`check FILE` without --plan), each workbook's plan is inferred from the area it
    names (checker/plans/identity.py); with one, a workbook naming another plan's area is refused
    unless settings.force_plan.
    """

    plan: Plan | None
    waivers: tuple[Waiver, ...]
    settings: CheckSettings
    areas: tuple[PlanArea, ...] = ()  # every available plan's area, parents and sub-units

    def report(self, path: Path) -> Report:
        """The area's report (for a workbook with sub-units: its total, or its units rolled up)."""
        judged = self.judged(path)
        return judged if isinstance(judged, Report) else judged.area

    def judged(self, path: Path) -> Report | UnitsReport:
        """The workbook's report; with sub-units (issue 14), the area's and every unit's (checker/units)."""
        from checker.judging.evaluate import evaluate, reporting_year, require_indicators
        from checker.files import unchanged_while
        from checker.reading.workbook import read_workbook

        # The plan's sub-units (every plan's, when the plan is yet to be inferred) let the reader recognise even
        # a single unit's column; without them, columns named like areas count only when two or more do.
        subunits = self.plan.subunits if self.plan is not None else tuple(name for area in self.areas for name in area.subunits)
        data = unchanged_while(path, lambda: read_workbook(path, subunits=subunits))  # a file still being written is not judged
        plan, waivers, plan_from = self.plan_for(data)
        matches = require_indicators(plan, data)  # no table of the plan: the first complaint, before the year
        year = reporting_year(data, self.settings.year, plan)
        if data.has_units:  # checker/units is imported only for such a workbook: most have none
            from checker.units.judge import judge_units

            return judge_units(plan, data, year, require_all=self.settings.require_all, waivers=waivers, plan_from=plan_from,
                               matches=matches)
        return evaluate(plan, data, year, require_all=self.settings.require_all, waivers=waivers, matches=matches,
                        plan_from=plan_from)

    def plan_for(self, data: WorkbookData) -> tuple[Plan, tuple[Waiver, ...], dict | None]:
        """The plan to check `data` against, its waivers, and where the workbook named it (inferred plans)."""
        from checker.plans.identity import foreign_area, infer_plan, refuse_foreign

        if self.plan is not None:
            if not self.settings.force_plan:
                found = foreign_area(data.texts, data.file, self.plan.id, self.areas)
                if found is not None:
                    raise refuse_foreign(found, self.plan.id, self.areas, data.file)
            return self.plan, self.waivers, None
        mention = infer_plan(data.texts, data.file, self.areas)
        plan = _plan(mention.plan_id, self.settings.targets)
        waivers = _waivers(self.settings.waivers, mention.plan_id, self.settings.targets) if self.settings.waivers else ()
        return plan, waivers, mention.as_json()

    def document(self, path: Path) -> dict:
        return document_of(self.judged(path))


def document_of(judged: Report | UnitsReport) -> dict:
    """The results document of a report; a workbook's units add their fields (checker/units/document.py)."""
    from checker.judging.results import report_document

    if not isinstance(judged, Report):
        from checker.units.document import units_document

        return units_document(judged)
    return report_document(judged)


@functools.lru_cache(maxsize=None)
def _plan(plan_id: str, targets: Path | None) -> Plan:
    """An inferred plan, loaded once per process however many workbooks name it."""
    from checker.plans.loading import find_plan

    return find_plan(plan_id, targets)


@functools.lru_cache(maxsize=None)
def _waivers(path: Path, plan_id: str, targets: Path | None) -> tuple[Waiver, ...]:
    from checker.plans.waivers import load_waivers

    return tuple(load_waivers(path, _plan(plan_id, targets)))


def prepare(settings: CheckSettings) -> Check:
    """Load the plan and waivers once: a mistake in them is one error, not one per workbook.

    Without a plan id, only the plans' areas are read here; each workbook's plan is loaded when inferred.
    """
    from checker.plans.identity import plan_areas
    from checker.plans.loading import find_plan
    from checker.plans.waivers import load_waivers

    areas = plan_areas(settings.targets)
    if settings.plan_id is None:
        return Check(None, (), settings, areas)
    plan = find_plan(settings.plan_id, settings.targets)
    waivers = load_waivers(settings.waivers, plan) if settings.waivers else ()
    return Check(plan, tuple(waivers), settings, areas)


def check_workbook(path: Path, settings: CheckSettings, report: ReportSettings) -> Outcome:
    """`check FILE`: the outputs written and the report shown for one workbook."""
    from checker.reports import renderer
    from checker.reports.outputs import destinations, write_reports

    targets = destinations(report.outputs, inputs=[path], force=report.force)
    checked = prepare(settings).judged(path)
    document = document_of(checked)
    view = View(report.lang, report.color, report.fail_on_warn)
    write_reports(document, targets, view)
    return Outcome(renderer(report.format)(document, view), checked.exit_code(report.fail_on_warn))
