"""The command line: parse options, call the library, print, exit. Errors become messages here only."""

from __future__ import annotations

import atexit
import functools
import gc
import inspect
import os
import re
import sys
from pathlib import Path

import click

from checker import __version__
from checker.cli_language import Command, Group, remember_lang
from checker.errors import CheckerError
from checker.interrupt import Interrupted, signals_raise
from checker.reports import FILE_FORMATS, FORMATS
from checker.reviews import FILE_FORMATS as REVIEW_FILE_FORMATS, FORMATS as REVIEW_FORMATS
from checker.settings import CheckSettings, ReportSettings

EXIT_INTERNAL = 3

# At exit the interpreter's last collections walk every object the checker's modules made, which
# took 40-60 ms of each run (a third of a small check's own time); frozen objects are skipped.
atexit.register(gc.freeze)


def _wants_color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def _is_output_encoding(encoding: str) -> bool:
    return encoding.lower() in {(getattr(stream, "encoding", None) or "").lower() for stream in (sys.stdout, sys.stderr)}


def handle_errors(command):
    """One place where the checker's errors become a line on stderr and an exit code.

    The line is in the language of the command's --lang (zh unless --lang en); a command without a
    --lang of its own gets one here, for its errors and its help.
    """
    parameters = inspect.signature(command).parameters
    own_lang = "lang" in parameters or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())

    @functools.wraps(command)
    def wrapper(*args, debug: bool = False, **kwargs):
        lang = (kwargs.get("lang") if own_lang else kwargs.pop("lang", None)) or "zh"
        zh = lang == "zh"
        try:
            with signals_raise():  # SIGINT/SIGTERM: workers stopped, no half-written file (checker/interrupt.py)
                return command(*args, **kwargs)
        except Interrupted as interrupted:
            click.echo(interrupted.message(), err=True)
            sys.exit(interrupted.exit_code)
        except CheckerError as error:
            click.echo(("错误：" if zh else "error: ") + error.text(lang), err=True)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except UnicodeEncodeError as error:
            if debug or not _is_output_encoding(error.encoding):
                raise
            # A console or redirect in a legacy code page (gbk has no ✔); the check itself went fine.
            click.echo(
                f"错误：输出无法用编码 {error.encoding!r} 写出：请设置 PYTHONIOENCODING=utf-8，或用 --output report.txt 把报告写入文件"
                if zh else
                f"error: the output cannot be written in encoding {error.encoding!r}: set PYTHONIOENCODING=utf-8, "
                "or write the report to a file with --output report.txt",
                err=True,
            )
            sys.exit(CheckerError.exit_code)
        except Exception as error:  # an unexpected bug must still not spill a traceback on users
            if debug:
                raise
            detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            click.echo(f"内部错误：{detail}。请报告此问题；--debug 可显示调用栈。" if zh
                       else f"internal error: {detail}. Please report it; --debug shows the traceback.", err=True)
            sys.exit(EXIT_INTERNAL)

    wrapped = click.option("--debug", is_flag=True, help="Show the Python traceback of an internal error.")(wrapper)
    return wrapped if own_lang else lang_option(wrapped)


CONTEXT = {"help_option_names": ["-h", "--help"]}
# What each command can print on stdout; xlsx is written with --output only.
TEXT_FORMATS = sorted(set(FORMATS) - FILE_FORMATS)


# --- options shared by several commands: each declared once ---------------------------------------------

def plan_option_for(required: bool = True):
    return click.option("--plan", "plan_id", required=required, default=None, help="Plan id, e.g. xinzhou (see `checker plans`).")


plan_option = plan_option_for()
# check and review: without --plan, each workbook's plan is inferred from the area it names.
inferred_plan_option = click.option(
    "--plan", "plan_id", default=None,
    help="Plan id, e.g. xinzhou (default: the plan whose area the workbook names; see `checker plans`).",
)
force_plan_option = click.option(
    "--force-plan", is_flag=True, help="Check against --plan even when the workbook names the area of another plan.",
)
year_option = click.option(
    "--year", type=click.IntRange(2000, 2100), default=None, help="Reporting year (default: from the workbook)."
)
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
force_option = click.option("--force", is_flag=True, help="Overwrite output files that already exist (never an input file).")
jobs_option = click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Processes for several files (default: the number of cores).")
order_option = click.option(
    "--order", type=click.Choice(["severity", "input"]), default="severity", show_default=True,
    help="Files of a consolidated report: the most severe first (无法检查, 未达标, 预警, 达标), or in the order given.",
)


def batch_options(command):
    """Per-file limits of a batch and what an interrupted batch leaves (README "Signals and limits")."""
    from checker.batch.pool import DEFAULT_MEGABYTES, DEFAULT_SECONDS

    for option in reversed((
        click.option("--file-timeout", "file_timeout", type=click.FloatRange(0), default=DEFAULT_SECONDS, show_default=True,
                     help="Seconds one file of a batch may take; a file over it is 无法检查 and the batch goes on (0: no limit)."),
        click.option("--file-memory", "file_memory", type=click.IntRange(0), default=DEFAULT_MEGABYTES, show_default=True,
                     help="Megabytes of memory one file of a batch may take (Linux/POSIX; no limit on Windows); 0: no limit."),
        click.option("--keep-partial", is_flag=True,
                     help="On SIGINT/SIGTERM, write the --output reports for the files done, marked incomplete (default: write none)."),
    )):
        command = option(command)
    return command


def _limits(file_timeout: float, file_memory: int):
    from checker.batch.pool import Limits

    return Limits(file_timeout or None, file_memory or None)


def lang_option_for(configurable: bool = False):
    if configurable:
        return click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=remember_lang,
                            help="Language of names and labels (default: the configuration's, else zh).")
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, is_eager=True,
                        callback=remember_lang, help="Language of names and labels.")


lang_option = lang_option_for()


def output_file_option(help: str, required: bool = True):
    """The one file a command writes (a template, a drafted target file)."""
    return click.option("-o", "--output", "output", required=required, default=None, type=click.Path(path_type=Path), help=help)


class YearSpan(click.ParamType):
    """"2021-2025" or "2023" → (first, last)."""

    name = "years"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        found = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—~至]\s*(\d{4}))?\s*", str(value))
        if not found:
            self.fail(f"{value!r}: expected a year or a range such as 2021-2025", param, ctx)
        first, last = int(found.group(1)), int(found.group(2) or found.group(1))
        if first > last:
            self.fail(f"{value!r}: the first year comes after the last", param, ctx)
        return first, last


def format_option(default: str | None = "text", help: str = "Format printed on stdout.", formats=TEXT_FORMATS):
    return click.option("--format", "output_format", type=click.Choice(formats), default=default, show_default=default is not None, help=help)


def outputs_option(help: str = "Also write the report to this file, format from its extension (repeatable)."):
    return click.option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path), help=help)


def fail_on_warn_option(configurable: bool = False):
    if configurable:
        return click.option("--fail-on-warn/--no-fail-on-warn", default=None, help="Exit 1 on warnings too (default: the configuration's fail_on_warn).")
    return click.option("--fail-on-warn", is_flag=True, help="Exit 1 on warnings too, not only on failures.")


def require_all_option(configurable: bool = False):
    if configurable:
        return click.option("--require-all/--no-require-all", default=None, help="Treat unreported supplementary indicators like main ones (default: the configuration's).")
    return click.option("--require-all", is_flag=True, help="Treat unreported supplementary indicators like main ones.")


def _check_settings(options: dict) -> CheckSettings:
    """How every workbook of the run is checked, from the command's options."""
    return CheckSettings(
        options.get("plan_id"), options.get("targets"), options.get("year"), options.get("waivers"),
        options.get("require_all") or False, force_plan=options.get("force_plan") or False,
    )


def _report_settings(options: dict, **overrides) -> ReportSettings:
    """What the run shows and writes, from the command's options (`overrides`: values a configuration decided)."""
    chosen = {
        "format": options.get("output_format"), "outputs": tuple(options.get("outputs") or ()), "lang": options.get("lang") or "zh",
        "fail_on_warn": options.get("fail_on_warn") or False, "force": options.get("force") or False,
        "color": _wants_color(sys.stdout), "keep_partial": options.get("keep_partial") or False,
        "order": options.get("order") or "severity",
    }
    return ReportSettings(**{**chosen, **overrides})


def _finish(outcome) -> None:
    for piece in [outcome.text] if isinstance(outcome.text, str) else outcome.text:  # a batch's text comes in pieces
        click.echo(piece, nl=False)
    sys.exit(outcome.exit_code)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="plan-checker")
def main():
    """Check annual statistics workbooks against China's local "十四五" disability plans."""


@click.command("check", cls=Command, context_settings=CONTEXT)
@click.argument("workbooks", nargs=-1, required=True)
@inferred_plan_option
@force_plan_option
@year_option
@format_option()
@outputs_option()
@lang_option
@targets_option
@fail_on_warn_option()
@require_all_option()
@waivers_option
@jobs_option
@order_option
@batch_options
@force_option
@handle_errors
def check_command(workbooks, **options):
    """Check WORKBOOKS (files, folders or globs) against the targets of a plan.

    One file gives its report; several (or a folder, or a glob) give a consolidated matrix.
    Exit codes: 0 no failure, 1 at least one failure (or warning with --fail-on-warn),
    2 the check (of any file) could not be done, 3 internal error, 130 interrupted (SIGINT, Ctrl-C),
    143 terminated (SIGTERM).
    """
    settings, report = _check_settings(options), _report_settings(options)
    if len(workbooks) > 1 or _names_many(workbooks[0]):
        from checker.batch.run import check_batch, default_jobs

        with _progress() as progress:
            _finish(check_batch(list(workbooks), settings, report, options["jobs"] or default_jobs(), progress=progress,
                                limits=_limits(options["file_timeout"], options["file_memory"])))
    from checker.checking import check_workbook

    _finish(check_workbook(Path(workbooks[0]), settings, report))


main.add_command(check_command)


def _names_many(argument: str) -> bool:
    return Path(argument).is_dir() or any(ch in argument for ch in "*?[")


def _progress():
    """A progress bar on stderr when it is a terminal; otherwise nothing at all."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from rich.console import Console
    from rich.progress import Progress

    class Bar:
        def __init__(self, progress: Progress):
            self.progress, self.task = progress, progress.add_task("checking", total=None)

        def start(self, total: int) -> None:
            self.progress.update(self.task, total=total)

        def advance(self) -> None:
            self.progress.advance(self.task)

    @contextlib.contextmanager
    def bar():
        with Progress(transient=True, console=Console(stderr=True)) as progress:
            yield Bar(progress)

    return bar()


@main.command("review", context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path))
@inferred_plan_option
@force_plan_option
@year_option
@format_option(formats=sorted(set(REVIEW_FORMATS) - REVIEW_FILE_FORMATS), help="Format printed on stdout (xlsx: write it with -o review.xlsx).")
@outputs_option(help="Also write the review to this file, format from its extension: .txt .json .md .html .xlsx (repeatable).")
@lang_option
@targets_option
@waivers_option
@fail_on_warn_option()
@force_option
@handle_errors
def review_command(workbook, **options):
    """Mid-term (中期评估) or final (终期评估) review of a plan as a document: per indicator the baseline,
    each year's figure, the milestone, progress, verdict, projection and what each remaining year must deliver.

    Exit codes: 0; 1 a binding indicator behind, at risk or missed (with --fail-on-warn: any indicator);
    2 the review could not be made; 3 internal error.
    """
    from checker.reviews.run import review_workbook

    _finish(review_workbook(workbook, _check_settings(options), _report_settings(options)))


@main.command("plans", context_settings=CONTEXT)
@targets_option
@lang_option
@handle_errors
def plans_command(targets, lang):
    """List the plans available, with their titles and indicator counts."""
    from checker.plans.loading import find_plan, plan_files

    for plan_id in sorted(plan_files(targets)):
        plan = find_plan(plan_id, targets)
        binding = sum(i.attribute == "binding" for i in plan.indicators)
        main_tier = sum(i.tier == "main" for i in plan.indicators)
        if lang == "zh":
            click.echo(
                f"{plan.id:<10} {plan.title}  （{len(plan.indicators)} 项指标：约束性 {binding}，"
                f"预期性 {len(plan.indicators) - binding}；主要指标 {main_tier}）"
            )
        else:
            click.echo(
                f"{plan.id:<10} {plan.title_en}  ({len(plan.indicators)} indicators: {binding} binding, "
                f"{len(plan.indicators) - binding} expected; {main_tier} main)"
            )


@main.command("show", context_settings=CONTEXT)
@click.argument("plan_argument", metavar="[PLAN]", required=False)
@plan_option_for(required=False)
@lang_option
@targets_option
@handle_errors
def show_command(plan_argument, plan_id, lang, targets):
    """Show every indicator of a plan with its target and the plan's own words (`show --plan xinzhou`)."""
    from checker.plans.loading import find_plan
    from checker.reports.plan_text import render_plan

    if (plan_argument is None) == (plan_id is None):
        raise CheckerError("name one plan: checker show --plan xinzhou", zh="请指定一个规划：checker show --plan xinzhou")
    click.echo(render_plan(find_plan(plan_id or plan_argument, targets), lang=lang, color=_wants_color(sys.stdout)), nl=False)


@main.command("lint", context_settings=CONTEXT)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of plan documents: also check that every quote appears in its document.")
@click.option("--allow-draft", is_flag=True, help='Accept indicators that still carry review = "needed" (exit 0 instead of 1).')
@lang_option
@handle_errors
def lint_command(files, seeds, allow_draft, lang):
    """Validate target files (default: all shipped plans); report every problem at once.

    Exit codes: 0 valid, 1 valid but a draft (review = "needed" left), 2 invalid.
    """
    from checker.plans.loading import lint_plans

    _finish(lint_plans(list(files), seeds, allow_draft=allow_draft, lang=lang))


# --- reports from saved results, and the submission template ---------------------------------------


@main.command("render", context_settings=CONTEXT)
@click.argument("results_file", type=click.Path(path_type=Path))
@format_option(default=None, help="Format printed on stdout (default: text, or nothing when --output is given).")
@outputs_option(help="Write the report to this file, format from its extension (repeatable).")
@lang_option
@fail_on_warn_option()
@force_option
@handle_errors
def render_command(results_file, **options):
    """Re-render a saved JSON result (`check --format json`, or `review --format json`) in another format, without the workbook.

    Only the xlsx format needs the checked workbook, at the path the JSON names.
    """
    from checker.reports.results_file import render_saved

    _finish(render_saved(results_file, _report_settings(options)))


@main.command("template", context_settings=CONTEXT)
@plan_option
@click.option("--years", type=YearSpan(), default=None, help="Year columns, e.g. 2021-2025 or 2023 (default: the plan's period).")
@output_file_option("The workbook to write (FILE.xlsx).")
@force_option
@targets_option
@lang_option
@handle_errors
def template_command(plan_id, years, output, force, targets, lang):
    """Write the workbook a statistician fills in for a plan: instructions (说明) and an indicator sheet."""
    from checker.plans.loading import find_plan
    from checker.template import write_template, year_columns

    plan = find_plan(plan_id, targets)
    columns = year_columns(plan, years)
    write_template(plan, columns, output, force=force)
    if lang == "zh":
        click.echo(f"{output}: 规划 {plan.id} 的填报模板，{len(plan.indicators)} 项指标，年份 {columns[0]}—{columns[-1]}")
    else:
        click.echo(f"{output}: template for {plan.id}, {len(plan.indicators)} indicators, years {columns[0]}–{columns[-1]}")


@main.command("rollup", context_settings=CONTEXT)
@click.argument("workbooks", nargs=-1, required=True)
@plan_option
@output_file_option("The area's workbook to write (AREA.xlsx), in the plan's template layout.")
@click.option("--area", default=None, help="The area the units roll up to (default: the plan's area, whose sub-units the plan lists).")
@year_option
@targets_option
@force_option
@lang_option
@handle_errors
def rollup_command(workbooks, output, area, **options):
    """Roll up one workbook per unit (FILES or a FOLDER) into the area's workbook.

    Each workbook names its unit in its title, 填报单位 line or file name. Counts are summed, rates
    recomputed from the summed counts (never averaged); a further sheet gives every unit's figures
    with their source. Exit 2 when two workbooks name the same unit, when they are for different
    years or another plan, or when a unit is not a sub-unit of the area; a sub-unit missing from
    the inputs is listed, and the roll-up marked incomplete. `check AREA.xlsx` then judges the area.
    """
    from checker.batch.run import expand
    from checker.checking import prepare
    from checker.units.files import rollup_files

    check = prepare(_check_settings(options))
    click.echo(rollup_files(expand(workbooks), check, output, area=area, force=options["force"]).summary(options["lang"]), nl=False)


@main.command("draft", context_settings=CONTEXT)
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--id", "plan_id", required=True, help="Id of the new plan, e.g. daan: the target file is named after it.")
@output_file_option("Target file to write (default: ID.toml in the current folder, never among the shipped plans).", required=False)
@force_option
@lang_option
@handle_errors
def draft_command(document, plan_id, output, force, lang):
    """Draft a target file from a plan DOCUMENT (.txt in UTF-8 or GB18030, .html, .docx, .pdf) for a person to review.

    Every proposed indicator carries review = "needed" and the line where the document states it.
    """
    from checker.drafting import draft_plan, write_draft
    from checker.plans.loading import find_plan, load_catalogue, plan_files

    if output is None:
        output = Path(f"{plan_id}.toml")
    plans = [find_plan(shipped) for shipped in sorted(plan_files())]
    draft = draft_plan(document, plan_id, load_catalogue(), plans)
    write_draft(draft, output, force=force)
    click.echo(f"{output}{'：' if lang == 'zh' else ': '}{draft.summary(lang)}")
    if lang == "zh":
        click.echo(f'下一步：对照 {draft.document.name} 逐项核对，删去每项的 review = "needed" 行，然后运行 checker lint {output}。')
    else:
        click.echo(f'Next: check each entry against {draft.document.name}, delete its review = "needed" line, then run `checker lint {output}`.')


# --- checker ci and checker init: a configured repository of submissions ------------------------------


@main.command("ci", context_settings=CONTEXT)
@click.argument("files", nargs=-1)
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Configuration file (default: checker.toml, or [tool.plan-checker] in pyproject.toml, here or in a folder above).")
@format_option(help="Format printed on stdout (github: annotations on the run and the pull request).")
@outputs_option(help="Write this report instead of the configured outputs; {plan} in its name: one per plan (repeatable).")
@lang_option_for(configurable=True)
@year_option
@targets_option
@waivers_option
@fail_on_warn_option(configurable=True)
@require_all_option(configurable=True)
@jobs_option
@order_option
@batch_options
@force_option
@handle_errors
def ci_command(files, config_path, **options):
    """Check every workbook the configuration names, or only FILES (as a pre-commit hook passes them).

    Each workbook is checked against the plan of the first [[submissions]] table naming it; FILES
    no table names are skipped with a note. One consolidated report per plan. A run without FILES
    also writes (replaces) the configured outputs. Exit codes: 0 no failure, 1 a failure (or a
    warning with fail_on_warn), 2 a file or the configuration could not be read, 3 internal error,
    130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM).
    """
    from checker.batch.run import default_jobs
    from checker.ci.run import check_configured
    from checker.ci.config import find_config, load_config

    overridable = ("lang", "year", "targets", "waivers", "fail_on_warn", "require_all", "jobs")
    config = (load_config(config_path) if config_path else find_config(Path.cwd())).overridden(
        **{name: options[name] for name in overridable}
    )
    report = _report_settings(options, lang=config.lang, fail_on_warn=config.fail_on_warn)
    with _progress() as progress:
        _finish(check_configured(config, files, report, config.jobs or default_jobs(), progress=progress,
                                 limits=_limits(options["file_timeout"], options["file_memory"])))


@main.command("init", context_settings=CONTEXT)
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@force_option
@targets_option
@lang_option
@handle_errors
def init_command(folder, force, targets, lang):
    """Write a commented starter checker.toml for a FOLDER of workbooks (default: the current one).

    Plans are guessed from folder and file names that contain a plan id (submissions/xinzhou/2025/…).
    """
    from checker.ci.config import write_starter_config

    starter = write_starter_config(folder, targets, force=force)
    click.echo(starter.summary(lang))
    where = "" if folder == Path(".") else (f"（在 {folder} 中）" if lang == "zh" else f" in {folder}")
    if lang == "zh":
        click.echo(f"下一步：核对 {starter.path} 中的 [[submissions]] 表，然后运行 checker ci{where}。")
    else:
        click.echo(f"Next: check the [[submissions]] tables in {starter.path}, then run `checker ci`{where}.")
