"""`checker ci`: check the workbooks a configuration names, one consolidated batch per plan.

Each workbook takes its plan, year and waivers from the first [[submissions]] table that names it
and is checked by checker.batch exactly as `check` would. A consolidated matrix has one column per
indicator of one plan, so the run is one document with a section per plan (README "Checking a
repository of submissions in CI"): {"kind": "ci", "config", "summary", "plans": [batch document
per plan], "skipped": [{"file", "reason"}]}.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable, Sequence

from checker.batch.run import inferred_plan_id, closing_after, batch_exit_code, check_stream, expand, file_checker, report_pieces
from checker.interrupt import Interrupted
from checker.batch.pool import Limits
from checker.batch.spool import Collected
from checker.settings import CheckSettings, Outcome, Progress, ReportSettings
from checker.ci.config import PLAN_PLACEHOLDER, Config, Submissions, from_cwd, is_workbook, workbooks_named
from checker.errors import CheckerError

if TYPE_CHECKING:
    from checker.reports.outputs import Destination

SCHEMA_VERSION = 1
# Why a file given on the command line was not checked: a code, worded by the renderer.
NOT_CONFIGURED = "not_configured"
OUTSIDE = "outside"
NOT_WORKBOOK = "not_workbook"


@dataclass
class Selection:
    """Which files the run checks, how, and which it leaves out."""

    settings: dict[Path, CheckSettings] = field(default_factory=dict)
    skipped: list[dict] = field(default_factory=list)

    @property
    def plan_ids(self) -> list[str]:
        """In the order of the configuration's tables (select sorts the files so)."""
        return list(dict.fromkeys(settings.plan_id for settings in self.settings.values()))

    @property
    def paths(self) -> list[Path]:
        return list(self.settings)


def select(config: Config, arguments: Sequence[str] = ()) -> Selection:
    """Every workbook the configuration names, or only those among `arguments` (files, folders, globs).

    Files keep the names they were given by; the configuration's patterns are relative to its folder
    and the files they name are named from the current folder ("submissions/…", "../submissions/…").
    """
    selection = Selection()
    if arguments:
        for path in expand(arguments):
            relative = _posix(os.path.relpath(path, config.root))
            if relative.parts[:1] == ("..",):
                selection.skipped.append({"file": str(path), "reason": OUTSIDE})
            elif not is_workbook(path):
                selection.skipped.append({"file": str(path), "reason": NOT_WORKBOOK})
            else:
                rule, found = next(((rule, found) for rule in config.submissions if (found := rule.match(relative))), (None, None))
                if rule is None:
                    selection.skipped.append({"file": str(path), "reason": NOT_CONFIGURED})
                else:
                    selection.settings[path] = _settings(config, rule, found)
    else:
        if not config.submissions:
            raise CheckerError("names no workbooks: add a [[submissions]] table (plan = …, files = …)",
                               zh="没有指定任何工作簿：请添加 [[submissions]] 表（plan = …, files = …）", file=str(config.path))
        base = from_cwd(config.root)
        for rule in config.submissions:
            paths = workbooks_named(rule, base)
            if not paths:  # most likely a typo, which would otherwise pass the check by checking nothing
                patterns = ' or '.join(map(repr, rule.patterns))
                raise _config_error(config, rule, f"no .xlsx/.xlsm workbook matches {patterns}",
                                    f"没有与 {'、'.join(map(repr, rule.patterns))} 相符的 .xlsx/.xlsm 工作簿")
            for path in paths:
                if path not in selection.settings:  # the first table that names a file decides
                    selection.settings[path] = _settings(config, rule, rule.match(_posix(os.path.relpath(path, base))))
    order = {plan_id: position for position, plan_id in enumerate(config.plan_ids)}
    selection.settings = dict(sorted(selection.settings.items(), key=lambda item: (order[item[1].plan_id], item[0])))
    return selection


def _settings(config: Config, rule: Submissions, found: re.Match | None) -> CheckSettings:
    """How one file is checked: `--year` first, then the table's year or the {year} in its path."""
    waivers = rule.waivers or config.waivers
    return CheckSettings(
        rule.plan_id,
        config.targets,
        config.year if config.year is not None else rule.year_of(found),
        waivers,
        config.require_all,
    )


def prepare(config: Config) -> None:
    """Load every plan and waiver file the configuration names once, before any workbook is read:
    a mistake there is one error with its line, not one error row per workbook."""
    from checker.plans.loading import find_plan
    from checker.plans.waivers import load_waivers

    for rule in config.submissions:
        if rule.plan_id is None:  # each workbook's plan is inferred; its waivers are read against it then
            continue
        try:
            plan = find_plan(rule.plan_id, config.targets)
        except CheckerError as error:
            if error.file:  # a broken target file names itself
                raise
            raise _config_error(config, rule, error.message, error.zh) from None
        waivers = rule.waivers or config.waivers
        if waivers:
            load_waivers(waivers, plan)


def run(config: Config, selection: Selection, jobs: int = 1, progress: Callable[[], None] | None = None,
        limits: Limits = Limits(), collected: dict[str, Collected] | None = None, pieces: tuple = ()) -> dict:
    """Check the selected files in one pool of workers; one batch document per plan.

    Results go to disk as they come (checker.batch.spool), one `Collected` per plan in `collected` (given by
    the caller to reach the files done when a signal interrupts the run); `pieces`: the report pieces
    the workers make of each file (checker.batch.report_pieces)."""
    kinds = list(dict.fromkeys(selection.settings.values()))
    checkers = tuple(file_checker(settings) for settings in kinds)
    which = {settings: number for number, settings in enumerate(kinds)}
    counts = dict.fromkeys(selection.plan_ids, 0)
    tasks, places = [], []
    for path, settings in selection.settings.items():
        places.append((settings.plan_id, counts[settings.plan_id]))
        counts[settings.plan_id] += 1
        tasks.append((path, which[settings]))
    sections = collected if collected is not None else {}
    for plan_id, count in counts.items():
        sections[plan_id] = Collected(count)
    for index, payload, facts, made in check_stream(tasks, checkers, jobs, limits, pieces):
        plan_id, position = places[index]
        sections[plan_id].add(position, payload, facts, made)
        if progress:
            progress()
    return run_document(config, selection, sections)


def run_document(config: Config, selection: Selection, sections: dict[str, Collected], incomplete: dict | None = None) -> dict:
    """The run document of the files done: {"kind": "ci", "config", "summary", "plans", "skipped"}."""
    plans = [sections[plan_id].document(plan_id or inferred_plan_id(sections[plan_id]), incomplete)
             for plan_id in selection.plan_ids if plan_id in sections]
    summary = {key: sum(section["summary"][key] for section in plans) for key in ("files", "errors", "failed", "warned", "passed")}
    document = {"schema_version": SCHEMA_VERSION, "kind": "ci", "config": str(from_cwd(config.path))}
    if incomplete is not None:
        document["incomplete"] = incomplete
    return document | {"summary": {**summary, "skipped": len(selection.skipped)}, "plans": plans, "skipped": selection.skipped}


def run_exit_code(document: dict, fail_on_warn: bool = False) -> int:
    """The batch exit codes over all plans: 2 if any file could not be read, else 1 if any failed, else 0."""
    return max((batch_exit_code(section, fail_on_warn) for section in document["plans"]), default=0)


def _posix(path: str) -> PurePosixPath:
    return PurePosixPath(Path(path).as_posix())


def _config_error(config: Config, rule: Submissions, message: str, zh: str | None = None) -> CheckerError:
    return CheckerError(f"{rule.label}: {message}", zh=f"{rule.label}：{zh or message}", file=str(config.path),
                        location=f"line {rule.line}" if rule.line else None)


def check_configured(config: Config, files: Sequence[str], report: ReportSettings, jobs: int,
                     progress: Progress | None = None, limits: Limits = Limits()) -> Outcome:
    """`checker ci`: every workbook the configuration names (or only `files`), a report per plan.

    A run over all files writes (replaces) the configured outputs; a run over some files writes only
    the outputs given on the command line, so a partial run never replaces the reports of the whole.
    """
    from checker.reports.ci import refuse_unshowable, stream_run
    from checker.reports.outputs import write_reports
    from checker.reports.view import View

    prepare(config)
    selection = select(config, files)
    refuse_unshowable(report.format, len(selection.plan_ids))
    deferred = None  # the outputs of a table without plan = …: named once its files' plan is known
    if report.outputs:
        per_plan = _per_plan_outputs(report.outputs, selection, force=report.force)
        deferred = (report.outputs, report.force, selection.paths)
    elif not files:
        for output in config.outputs:  # the configuration's own reports folder, e.g. in a fresh CI checkout
            output.parent.mkdir(parents=True, exist_ok=True)
        per_plan = _per_plan_outputs(config.outputs, selection, force=True)  # a run's own products: replaced
        deferred = (config.outputs, True, selection.paths)
    else:
        per_plan = {}
    if None not in selection.plan_ids:
        deferred = None
    if progress:
        progress.start(len(selection.paths))
    view = View(report.lang, report.color, report.fail_on_warn, order=report.order)
    collected: dict[str, Collected] = {}
    written: list[Path] = []
    outputs = None if deferred is not None else sum(len(targets) for targets in per_plan.values())  # reports to write
    formats = [report.format, *(target.format for targets in per_plan.values() for target in targets)]
    if deferred is not None:
        from checker.reports import format_for_path

        formats += [format_for_path(str(output)) for output in deferred[0]]
    try:
        document = run(config, selection, jobs, progress=progress and progress.advance, limits=limits, collected=collected,
                       pieces=report_pieces(formats, report.lang, report.fail_on_warn))
        for section in document["plans"]:
            write_reports(section, _destinations_of(section, per_plan, deferred), view, written)
    except Interrupted as interrupted:
        with contextlib.ExitStack() as closing:
            for section in collected.values():
                closing.callback(section.close)
            interrupted.record(sum(c.done for c in collected.values()), len(selection.paths), written, outputs)
            if report.keep_partial and not written and interrupted.done:
                partial = run_document(config, selection, collected, incomplete=interrupted.note())
                with contextlib.suppress(Interrupted):  # a second signal: stop at once
                    for section in partial["plans"]:
                        write_reports(section, _destinations_of(section, per_plan, deferred), view, interrupted.written)
                    interrupted.partial = True
        raise
    except BaseException:
        for section in collected.values():
            section.close()
        raise
    shown = stream_run(document, report.format, view)
    return Outcome(closing_after(shown, *collected.values(), written=written, outputs=outputs), run_exit_code(document, report.fail_on_warn))


def _per_plan_outputs(outputs: Sequence[Path], selection: Selection, *, force: bool) -> dict[str, list[Destination]]:
    """Each output once per plan ({plan} in its name becomes the plan id), checked before any work."""
    from checker.reports.outputs import destinations

    plan_ids = [plan_id or "(inferred)" for plan_id in selection.plan_ids]
    for output in outputs:
        if PLAN_PLACEHOLDER not in str(output) and len(plan_ids) > 1:
            raise CheckerError(
                f"one file cannot hold the reports of {len(plan_ids)} plans ({', '.join(plan_ids)}): "
                f"put {PLAN_PLACEHOLDER} in its name, e.g. {output.parent / (PLAN_PLACEHOLDER + output.suffix)}",
                zh=f"一个文件装不下 {len(plan_ids)} 个规划（{'、'.join(plan_ids)}）的报告："
                   f"请在文件名中加入 {PLAN_PLACEHOLDER}，如 {output.parent / (PLAN_PLACEHOLDER + output.suffix)}",
                file=str(output),
            )
    return {
        plan_id: destinations([Path(str(output).replace(PLAN_PLACEHOLDER, plan_id)) for output in outputs],
                              inputs=selection.paths, force=force, batch=True)
        for plan_id in selection.plan_ids if plan_id is not None
    }


def _destinations_of(section: dict, per_plan: dict[str, list[Destination]], deferred: tuple | None) -> list[Destination]:
    """Where a plan's consolidated report goes; for a table without plan = …, named after the plan its
    files were found to follow, once they are checked."""
    from checker.reports.outputs import destinations

    if section["plan"] in per_plan or deferred is None:
        return per_plan.get(section["plan"], [])
    outputs, force, inputs = deferred
    return destinations([Path(str(output).replace(PLAN_PLACEHOLDER, section["plan"])) for output in outputs],
                        inputs=inputs, force=force, batch=True)
