"""One workbook → its results document: read, judge, document. The single-file check, each file of a
batch and `checker review` all go through here, so every file is checked the same way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.judging.evaluate import Report
from checker.plans.loading import Plan
from checker.plans.waivers import Waiver
from checker.reports.view import View
from checker.settings import CheckSettings, Outcome, ReportSettings


@dataclass(frozen=True)
class Check:
    """A plan and its waivers, loaded once, and how to check each workbook against them."""

    plan: Plan
    waivers: tuple[Waiver, ...]
    settings: CheckSettings

    def report(self, path: Path) -> Report:
        from checker.judging.evaluate import evaluate, reporting_year
        from checker.reading.workbook import read_workbook

        data = read_workbook(path)
        year = reporting_year(data, self.settings.year)
        return evaluate(self.plan, data, year, require_all=self.settings.require_all, waivers=self.waivers)

    def document(self, path: Path) -> dict:
        from checker.judging.results import report_document

        return report_document(self.report(path))


def prepare(settings: CheckSettings) -> Check:
    """Load the plan and waivers once: a mistake in them is one error, not one per workbook."""
    from checker.plans.loading import find_plan
    from checker.plans.waivers import load_waivers

    plan = find_plan(settings.plan_id, settings.targets)
    waivers = load_waivers(settings.waivers, plan) if settings.waivers else ()
    return Check(plan, tuple(waivers), settings)


def check_workbook(path: Path, settings: CheckSettings, report: ReportSettings) -> Outcome:
    """`check FILE`: the outputs written and the report shown for one workbook."""
    from checker.judging.results import report_document
    from checker.reports import renderer
    from checker.reports.outputs import destinations, write_reports

    targets = destinations(report.outputs, inputs=[path], force=report.force)
    checked = prepare(settings).report(path)
    document = report_document(checked)
    view = View(report.lang, report.color, report.fail_on_warn)
    write_reports(document, targets, view)
    return Outcome(renderer(report.format)(document, view), checked.exit_code(report.fail_on_warn))
