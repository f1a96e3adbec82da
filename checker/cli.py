"""The command line: parse options, call the library, print, exit. Errors become messages here only."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import CheckerError
from checker.report import EXTENSIONS, FORMATS, format_for_path, renderer

EXIT_INTERNAL = 3


def _wants_color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


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
        except Exception as error:  # an unexpected bug must still not spill a traceback on users
            if debug:
                raise
            click.echo(
                f"internal error: {type(error).__name__}: {error}. Please report it; --debug shows the traceback.",
                err=True,
            )
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
lang_option = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of names and labels.")


@click.command("check")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--plan", "plan_id", required=True, help="Plan id, e.g. xinzhou (see `checker plans`).")
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="Reporting year (default: from the workbook).")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True, help="Format printed on stdout.")
@click.option("--output", "outputs", multiple=True, type=click.Path(path_type=Path), help="Also write the report to this file, format from its extension (repeatable).")
@lang_option
@targets_option
@click.option("--fail-on-warn", is_flag=True, help="Exit 1 on warnings too, not only on failures.")
@click.option("--require-all", is_flag=True, help="Treat unreported supplementary indicators like main ones.")
@waivers_option
@handle_errors
def check_command(workbook, plan_id, year, output_format, outputs, lang, targets, fail_on_warn, require_all, waivers):
    """Check WORKBOOK against the targets of a plan.

    Exit codes: 0 no failure, 1 at least one failure (or warning with --fail-on-warn),
    2 the check could not be done, 3 internal error.
    """
    destinations = _output_formats(outputs, inputs=[workbook])
    report = _run_check(workbook, plan_id, year, targets, waivers, require_all)
    document = _document(report)
    _write_outputs(document, destinations, lang)
    click.echo(renderer(output_format)(document, lang=lang, color=_wants_color(sys.stdout)), nl=False)
    sys.exit(report.exit_code(fail_on_warn))


def _run_check(workbook, plan_id, year, targets, waivers_path, require_all):
    from checker.evaluate import evaluate, reporting_year
    from checker.plan import find_plan
    from checker.waivers import load_waivers
    from checker.workbook import read_workbook

    plan = find_plan(plan_id, targets)
    waivers = load_waivers(waivers_path, plan) if waivers_path else ()
    data = read_workbook(workbook)
    return evaluate(plan, data, reporting_year(data, year), require_all=require_all, waivers=waivers)


def _document(report):
    from checker.results import report_document

    return report_document(report)


def _output_formats(outputs, inputs) -> list[tuple[Path, str]]:
    """Check every --output before any work is done: a known extension, and never an input file."""
    destinations = []
    for path in outputs:
        if any(path.resolve() == Path(source).resolve() for source in inputs):
            raise CheckerError("refusing to overwrite an input file", file=str(path))
        output_format = format_for_path(str(path))
        if output_format is None:
            known = ", ".join(sorted(EXTENSIONS))
            raise CheckerError(f"cannot tell the format from the extension (known: {known})", file=str(path))
        destinations.append((path, output_format))
    return destinations


def _write_outputs(document: dict, destinations, lang: str) -> None:
    for path, output_format in destinations:
        try:
            path.write_text(renderer(output_format)(document, lang=lang, color=False), encoding="utf-8")
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
    from checker.plan import find_plan, plan_files

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
    from checker.plan import find_plan
    from checker.report.plan_text import render_plan

    click.echo(render_plan(find_plan(plan_id, targets), lang=lang, color=_wants_color(sys.stdout)), nl=False)


@main.command("lint")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of plan documents: also check that every quote appears in its document.")
@handle_errors
def lint_command(files, seeds):
    """Validate target files (default: all shipped plans); report every problem at once."""
    from checker.errors import TargetFileError
    from checker.plan import load_catalogue, load_plan, missing_quotes, plan_files

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
