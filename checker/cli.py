"""The command line: parse options, call the library, print, exit. Errors become messages here only."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import CheckerError
from checker.reports import EXTENSIONS, FILE_FORMATS, FORMATS, format_for_path, is_batch, renderer, writer

EXIT_INTERNAL = 3


def _wants_color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def _is_output_encoding(encoding: str) -> bool:
    return encoding.lower() in {(getattr(stream, "encoding", None) or "").lower() for stream in (sys.stdout, sys.stderr)}


def handle_errors(command):
    """One place where the checker's errors become a line on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args, debug: bool = False, **kwargs):
        try:
            return command(*args, **kwargs)
        except CheckerError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except UnicodeEncodeError as error:
            if debug or not _is_output_encoding(error.encoding):
                raise
            # A console or redirect in a legacy code page (gbk has no ✔); the check itself went fine.
            click.echo(
                f"error: the output cannot be written in encoding {error.encoding!r}: set PYTHONIOENCODING=utf-8, "
                "or write the report to a file with --output report.txt",
                err=True,
            )
            sys.exit(CheckerError.exit_code)
        except Exception as error:  # an unexpected bug must still not spill a traceback on users
            if debug:
                raise
            detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            click.echo(f"internal error: {detail}. Please report it; --debug shows the traceback.", err=True)
            sys.exit(EXIT_INTERNAL)

    return click.option("--debug", is_flag=True, help="Show the Python traceback of an internal error.")(wrapper)


targets_option = click.option(
    "--targets",
    type=click.Path(path_type=Path),
    default=None,
    help="Your own target file or folder of target files (used before the shipped plans).",
)
waivers_option = click.option(
    "--waivers",
    type=click.Path(path_type=Path),
    default=None,
    help="TOML file of [[waiver]] entries (id, justification, approved_by, years) for targets that cannot apply.",
)
force_option = click.option("--force", is_flag=True, help="Overwrite --output files that already exist (never an input file).")
lang_option = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of names and labels.")


@click.command("check")
@click.argument("workbooks", nargs=-1, required=True)
@click.option("--plan", "plan_id", required=True, help="Plan id, e.g. xinzhou (see `checker plans`).")
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="Reporting year (default: from the workbook).")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True, help="Format printed on stdout.")
@click.option("--output", "outputs", multiple=True, type=click.Path(path_type=Path), help="Also write the report to this file, format from its extension (repeatable).")
@lang_option
@targets_option
@click.option("--fail-on-warn", is_flag=True, help="Exit 1 on warnings too, not only on failures.")
@click.option("--require-all", is_flag=True, help="Treat unreported supplementary indicators like main ones.")
@waivers_option
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Processes for several files (default: the number of cores).")
@force_option
@handle_errors
def check_command(workbooks, plan_id, year, output_format, outputs, lang, targets, fail_on_warn, require_all, waivers, jobs, force):
    """Check WORKBOOKS (files, folders or globs) against the targets of a plan.

    One file gives its report; several (or a folder, or a glob) give a consolidated matrix.
    Exit codes: 0 no failure, 1 at least one failure (or warning with --fail-on-warn),
    2 the check (of any file) could not be done, 3 internal error.
    """
    _refuse_file_format_on_stdout(output_format)
    if len(workbooks) > 1 or _names_many(workbooks[0]):
        _check_batch(workbooks, plan_id, year, output_format, outputs, lang, targets, fail_on_warn, require_all, waivers, jobs, force=force)
        return
    workbook = Path(workbooks[0])
    destinations = _output_formats(outputs, inputs=[workbook], force=force)
    report = _run_check(workbook, plan_id, year, targets, waivers, require_all)
    document = _document(report)
    _write_outputs(document, destinations, lang, fail_on_warn=fail_on_warn)
    click.echo(renderer(output_format)(document, lang=lang, color=_wants_color(sys.stdout), fail_on_warn=fail_on_warn), nl=False)
    sys.exit(report.exit_code(fail_on_warn))


def _names_many(argument: str) -> bool:
    return Path(argument).is_dir() or any(ch in argument for ch in "*?[")


def _check_batch(workbooks, plan_id, year, output_format, outputs, lang, targets, fail_on_warn, require_all, waivers, jobs, *, force=False):
    from checker.batch import CheckSettings, batch_document, batch_exit_code, check_many, default_jobs, expand
    from checker.plans.loading import find_plan
    from checker.plans.waivers import load_waivers

    paths = expand(workbooks)
    if not paths:
        raise CheckerError("no .xlsx/.xlsm workbooks found", file=" ".join(workbooks))
    destinations = _output_formats(outputs, inputs=paths, force=force)
    # Refuse a format without a consolidated view before the work, not after it.
    for name in {output_format, *(fmt for _path, fmt in destinations if fmt not in FILE_FORMATS)}:
        renderer(name, batch=True)
    plan = find_plan(plan_id, targets)  # a bad plan or waiver file is one error, not one per workbook
    if waivers:
        load_waivers(waivers, plan)
    settings = CheckSettings(plan_id, str(targets) if targets else None, year, str(waivers) if waivers else None, require_all)
    with _progress(len(paths)) as advance:
        documents = check_many(paths, settings, jobs or default_jobs(), progress=advance)
    document = batch_document(documents, plan_id)
    _write_outputs(document, destinations, lang, fail_on_warn=fail_on_warn)
    click.echo(renderer(output_format, batch=True)(document, lang=lang, color=_wants_color(sys.stdout), fail_on_warn=fail_on_warn), nl=False)
    sys.exit(batch_exit_code(document, fail_on_warn))


def _progress(total: int):
    """A progress bar on stderr when it is a terminal; otherwise nothing at all."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from rich.console import Console
    from rich.progress import Progress

    @contextlib.contextmanager
    def bar():
        with Progress(transient=True, console=Console(stderr=True)) as progress:
            task = progress.add_task("checking", total=total)
            yield lambda: progress.advance(task)

    return bar()


def _run_check(workbook, plan_id, year, targets, waivers_path, require_all):
    from checker.judging.evaluate import evaluate, reporting_year
    from checker.plans.loading import find_plan
    from checker.plans.waivers import load_waivers
    from checker.reading.workbook import read_workbook

    plan = find_plan(plan_id, targets)
    waivers = load_waivers(waivers_path, plan) if waivers_path else ()
    data = read_workbook(workbook)
    return evaluate(plan, data, reporting_year(data, year), require_all=require_all, waivers=waivers)


def _document(report):
    from checker.judging.results import report_document

    return report_document(report)


def _output_formats(outputs, inputs, *, force: bool = False) -> list[tuple[Path, str]]:
    """Check every --output before any work is done: a known extension, never an input file, and an
    existing file only with --force (a report of last year must not vanish by a typo)."""
    destinations = []
    for path in outputs:
        _check_output_path(path, inputs, force)
        output_format = format_for_path(str(path))
        if output_format is None:
            known = ", ".join(sorted(EXTENSIONS))
            raise CheckerError(f"cannot tell the format from the extension (known: {known})", file=str(path))
        destinations.append((path, output_format))
    return destinations


def _check_output_path(path: Path, inputs, force: bool) -> None:
    for source in inputs:
        source = Path(source)
        # samefile also sees through hard links, which resolve() does not.
        if path.resolve() == source.resolve() or (path.exists() and source.exists() and os.path.samefile(path, source)):
            raise CheckerError("refusing to overwrite an input file", file=str(path))
    if path.is_dir():
        raise CheckerError("is a folder, expected a file name for the report", file=str(path))
    if path.exists() and not force:
        raise CheckerError("already exists; give --force to overwrite it", file=str(path))
    if not path.parent.is_dir():
        raise CheckerError(f"cannot write: folder {path.parent} does not exist", file=str(path))


def _write_outputs(document: dict, destinations, lang: str, **options) -> None:
    for path, output_format in destinations:
        if output_format in FILE_FORMATS:
            writer(output_format, batch=is_batch(document))(document, path, lang=lang, **options)
            continue
        try:
            path.write_text(renderer(output_format, batch=is_batch(document))(document, lang=lang, color=False, **options), encoding="utf-8")
        except OSError as error:
            raise CheckerError(f"cannot write: {error.strerror}", file=str(path)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plan-checker")
def main():
    """Check annual statistics workbooks against China's local "十四五" disability plans."""


main.add_command(check_command)


@main.command("review")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--plan", "plan_id", required=True, help="Plan id, e.g. xinzhou.")
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="Year under review (default: the latest in the workbook).")
@lang_option
@targets_option
@waivers_option
@handle_errors
def review_command(workbook, plan_id, year, lang, targets, waivers):
    """Mid-term or final review summary: each year's value, milestone, target and verdict."""
    report = _run_check(workbook, plan_id, year, targets, waivers, require_all=False)
    click.echo(renderer("review")(_document(report), lang=lang, color=_wants_color(sys.stdout)), nl=False)


@main.command("plans")
@targets_option
@handle_errors
def plans_command(targets):
    """List the plans available, with their titles and indicator counts."""
    from checker.plans.loading import find_plan, plan_files

    for plan_id in sorted(plan_files(targets)):
        plan = find_plan(plan_id, targets)
        binding = sum(i.attribute == "binding" for i in plan.indicators)
        main_tier = sum(i.tier == "main" for i in plan.indicators)
        click.echo(
            f"{plan.id:<10} {plan.title}  ({len(plan.indicators)} indicators: {binding} binding, "
            f"{len(plan.indicators) - binding} expected; {main_tier} main)"
        )


@main.command("show")
@click.argument("plan_id")
@lang_option
@targets_option
@handle_errors
def show_command(plan_id, lang, targets):
    """Show every indicator of a plan with its target and the plan's own words."""
    from checker.plans.loading import find_plan
    from checker.reports.plan_text import render_plan

    click.echo(render_plan(find_plan(plan_id, targets), lang=lang, color=_wants_color(sys.stdout)), nl=False)


@main.command("lint")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of plan documents: also check that every quote appears in its document.")
@handle_errors
def lint_command(files, seeds):
    """Validate target files (default: all shipped plans); report every problem at once."""
    from checker.errors import TargetFileError
    from checker.plans.loading import load_catalogue, load_plan, missing_quotes, plan_files

    paths = list(files) or list(plan_files().values())
    catalogue = load_catalogue()
    failed = 0
    for path in paths:
        try:
            plan = load_plan(path, catalogue)
        except TargetFileError as error:
            failed += 1
            click.echo(str(error))
            continue
        problems = []
        if seeds is not None:
            problems = [f"  - quote not found in {plan.source}: {q}" for q in missing_quotes(plan, seeds)]
        if problems:
            failed += 1
            click.echo(f"{path}: {len(problems)} problem(s):\n" + "\n".join(problems))
        else:
            click.echo(f"{path}: ok ({len(plan.indicators)} indicators)")
    sys.exit(2 if failed else 0)


# --- reports from saved results, and the submission template ---------------------------------------


def _refuse_file_format_on_stdout(output_format: str | None) -> None:
    if output_format in FILE_FORMATS:
        raise CheckerError(
            f"--format {output_format} writes a workbook, not text: use --output FILE.{output_format} instead"
        )


@main.command("render")
@click.argument("results_file", type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default=None, help="Format printed on stdout (default: text, or nothing when --output is given).")
@click.option("--output", "outputs", multiple=True, type=click.Path(path_type=Path), help="Write the report to this file, format from its extension (repeatable).")
@lang_option
@click.option("--fail-on-warn", is_flag=True, help="Report warnings as failures (junit, github), as `check --fail-on-warn` would.")
@force_option
@handle_errors
def render_command(results_file, output_format, outputs, lang, fail_on_warn, force):
    """Re-render a saved JSON result (`check --format json`) in another format, without the workbook.

    Only the xlsx format needs the checked workbook, at the path the JSON names.
    """
    from checker.reports.results_file import read_results

    _refuse_file_format_on_stdout(output_format)
    destinations = _output_formats(outputs, inputs=[results_file], force=force)
    document = read_results(results_file)
    _write_outputs(document, destinations, lang, fail_on_warn=fail_on_warn)
    if output_format or not destinations:
        shown = renderer(output_format or "text")
        click.echo(shown(document, lang=lang, color=_wants_color(sys.stdout), fail_on_warn=fail_on_warn), nl=False)


@main.command("template")
@click.option("--plan", "plan_id", required=True, help="Plan id, e.g. xinzhou (see `checker plans`).")
@click.option("--years", default=None, help="Year columns, e.g. 2021-2025 or 2023 (default: the plan's period).")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path), help="The workbook to write (FILE.xlsx).")
@force_option
@targets_option
@handle_errors
def template_command(plan_id, years, output, force, targets):
    """Write the workbook a statistician fills in for a plan: instructions (说明) and an indicator sheet."""
    from checker.plans.loading import find_plan
    from checker.template import parse_years, write_template

    plan = find_plan(plan_id, targets)
    columns = parse_years(years, plan)
    write_template(plan, columns, output, force=force)
    click.echo(f"{output}: template for {plan.id}, {len(plan.indicators)} indicators, years {columns[0]}–{columns[-1]}")


@main.command("draft")
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--id", "plan_id", required=True, help="Id of the new plan, e.g. daan: the target file is named after it.")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None, help="Target file to write (default: targets/ID.toml, or ID.toml where there is no targets/ folder).")
@click.option("--force", is_flag=True, help="Replace the target file if it already exists.")
@handle_errors
def draft_command(document, plan_id, output, force):
    """Draft a target file from a plan DOCUMENT (.txt in UTF-8 or GB18030, .html, .docx, .pdf) for a person to review.

    Every proposed indicator carries review = "needed" and the line where the document states it.
    """
    from checker.drafting import draft_plan, write_draft
    from checker.plans.loading import find_plan, load_catalogue, plan_files

    if output is None:
        output = (Path("targets") if Path("targets").is_dir() else Path(".")) / f"{plan_id}.toml"
    plans = [find_plan(shipped) for shipped in sorted(plan_files())]
    draft = draft_plan(document, plan_id, load_catalogue(), plans)
    write_draft(draft, output, force=force)
    click.echo(f"{output}: {draft.summary()}")
    click.echo(f'Next: check each entry against {draft.document.name}, delete its review = "needed" line, then run `checker lint {output}`.')


# --- checker ci and checker init: a configured repository of submissions ------------------------------


@main.command("ci")
@click.argument("files", nargs=-1)
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Configuration file (default: checker.toml, or [tool.plan-checker] in pyproject.toml, here or in a folder above).")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True, help="Format printed on stdout (github: annotations on the run and the pull request).")
@click.option("--output", "outputs", multiple=True, type=click.Path(path_type=Path), help="Write this report instead of the configured outputs; {plan} in its name: one per plan (repeatable).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of names and labels (default: the configuration's, else zh).")
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="Reporting year of every workbook (default: the configuration's or the path's, else the workbook's).")
@targets_option
@waivers_option
@click.option("--fail-on-warn/--no-fail-on-warn", default=None, help="Exit 1 on warnings too (default: the configuration's fail_on_warn).")
@click.option("--require-all/--no-require-all", default=None, help="Treat unreported supplementary indicators like main ones (default: the configuration's).")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Processes (default: the configuration's, else the number of cores).")
@force_option
@handle_errors
def ci_command(files, config_path, output_format, outputs, lang, year, targets, waivers, fail_on_warn, require_all, jobs, force):
    """Check every workbook the configuration names, or only FILES (as a pre-commit hook passes them).

    Each workbook is checked against the plan of the first [[submissions]] table naming it; FILES
    no table names are skipped with a note. One consolidated report per plan. A run without FILES
    also writes (replaces) the configured outputs. Exit codes: 0 no failure, 1 a failure (or a
    warning with fail_on_warn), 2 a file or the configuration could not be read, 3 internal error.
    """
    from checker.batch import default_jobs
    from checker.ci import prepare, run, run_exit_code, select
    from checker.config import find_config, load_config
    from checker.reports.ci import refuse_unshowable, render_run

    _refuse_file_format_on_stdout(output_format)
    config = (load_config(config_path) if config_path else find_config(Path.cwd())).overridden(
        lang=lang, year=year, targets=targets, waivers=waivers, fail_on_warn=fail_on_warn, require_all=require_all, jobs=jobs
    )
    prepare(config)
    selection = select(config, files)
    refuse_unshowable(output_format, len(selection.plan_ids))
    if outputs:
        destinations = _per_plan_outputs(outputs, selection, force=force)
    elif not files:
        for output in config.outputs:  # the configuration's own reports folder, e.g. in a fresh CI checkout
            output.parent.mkdir(parents=True, exist_ok=True)
        destinations = _per_plan_outputs(config.outputs, selection, force=True)  # a run's own products: replaced
    else:
        destinations = {}  # a partial run must not replace the reports of the whole
    with _progress(len(selection.paths)) as advance:
        document = run(config, selection, config.jobs or default_jobs(), progress=advance)
    for section in document["plans"]:
        _write_outputs(section, destinations.get(section["plan"], []), config.lang, fail_on_warn=config.fail_on_warn)
    click.echo(render_run(document, output_format, config.lang, color=_wants_color(sys.stdout), fail_on_warn=config.fail_on_warn), nl=False)
    sys.exit(run_exit_code(document, config.fail_on_warn))


def _per_plan_outputs(outputs, selection, *, force: bool) -> dict[str, list[tuple[Path, str]]]:
    """Each output once per plan ({plan} in its name becomes the plan id), checked before any work."""
    from checker.config import PLAN_PLACEHOLDER

    plan_ids = selection.plan_ids
    for output in outputs:
        if PLAN_PLACEHOLDER not in str(output) and len(plan_ids) > 1:
            raise CheckerError(
                f"one file cannot hold the reports of {len(plan_ids)} plans ({', '.join(plan_ids)}): "
                f"put {PLAN_PLACEHOLDER} in its name, e.g. {output.parent / (PLAN_PLACEHOLDER + output.suffix)}",
                file=str(output),
            )
    per_plan = {
        plan_id: _output_formats([Path(str(output).replace(PLAN_PLACEHOLDER, plan_id)) for output in outputs], inputs=selection.paths, force=force)
        for plan_id in plan_ids
    }
    for path, output_format in (destination for destinations in per_plan.values() for destination in destinations):
        # A format without a consolidated view is refused now, not after the work.
        (writer if output_format in FILE_FORMATS else renderer)(output_format, batch=True)
    return per_plan


@main.command("init")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing checker.toml.")
@targets_option
@handle_errors
def init_command(folder, force, targets):
    """Write a commented starter checker.toml for a FOLDER of workbooks (default: the current one).

    Plans are guessed from folder and file names that contain a plan id (submissions/xinzhou/2025/…).
    """
    from checker.config import write_starter_config

    starter = write_starter_config(folder, targets, force=force)
    click.echo(starter.summary())
    click.echo(f"Next: check the [[submissions]] tables in {starter.path}, then run `checker ci`" + ("" if folder == Path(".") else f" in {folder}") + ".")
