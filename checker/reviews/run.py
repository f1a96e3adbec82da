"""`checker review FILE`: the review made, written to each -o file and shown; the exit code it ends with."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Iterable

from checker.checking import prepare
from checker.files import write_atomically
from checker.reports.outputs import Destination, destinations
from checker.reports.view import View
from checker.reviews import FILE_FORMATS, renderer, writer
from checker.reviews.document import exit_code, review_of
from checker.settings import CheckSettings, Outcome, ReportSettings


def review_workbook(path: Path, settings: CheckSettings, report: ReportSettings, made: datetime.date | None = None) -> Outcome:
    """`made`: the date the document names (default: today)."""
    targets = destinations(report.outputs, inputs=[path], force=report.force)
    for target in targets:  # a format with no review view is refused before the work
        (writer if target.format in FILE_FORMATS else renderer)(target.format)
    shown = renderer(report.format)
    # A workbook with sub-units is reviewed as the area and unit by unit (issue 14).
    document = review_of(prepare(settings).judged(path), (made or datetime.date.today()).isoformat())
    view = View(report.lang, report.color, report.fail_on_warn)
    write_review(document, targets, view)
    return Outcome(shown(document, view), exit_code(document, report.fail_on_warn))


def write_review(document: dict, targets: Iterable[Destination], view: View) -> None:
    """Each file replaced whole or not at all (checker.files); colour never goes into a file."""
    plain = View(view.lang, False, view.fail_on_warn)
    for target in targets:
        if target.format in FILE_FORMATS:
            writer(target.format)(document, target.path, plain)
        else:
            write_atomically(target.path, renderer(target.format)(document, plain))
