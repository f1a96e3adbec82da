"""The command line: parse options, call the library, print, exit. Errors become messages here only."""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import CheckerError
from checker.interrupt import Interrupted, signals_raise
from checker.reports import FILE_FORMATS, FORMATS
from checker.reviews import FILE_FORMATS as REVIEW_FILE_FORMATS, FORMATS as REVIEW_FORMATS
from checker.settings import CheckSettings, ReportSettings

EXIT_INTERNAL = 3


# --- Chinese first: help and error lines in the language of --lang (zh unless --lang en) ----------------
# Every option's help and every command's description, by their English text, in Chinese. A test checks
# that each option of each command has its entry here (tests/test_languages.py).

HELP_ZH = {
    "The area the units roll up to (default: the plan's area, whose sub-units the plan lists).": "汇总到的区域（默认：规划的地区，规划列出其下级单位）。",
    "The area's workbook to write (AREA.xlsx), in the plan's template layout.": "要写出的本区域工作簿（AREA.xlsx），采用规划的填报模板格式。",
    "Plan id, e.g. xinzhou (see `checker plans`).": "规划 id，如 xinzhou（见 checker plans）。",
    "Plan id, e.g. xinzhou (default: the plan whose area the workbook names; see `checker plans`).":
        "规划 id，如 xinzhou（默认：按工作簿中写明的地区推断；见 checker plans）。",
    "Check against --plan even when the workbook names the area of another plan.":
        "即使工作簿写的是另一个规划的地区，也按 --plan 指定的规划检查。",
    "Reporting year (default: from the workbook).": "报告年份（默认：取自工作簿）。",
    "Format printed on stdout.": "输出到屏幕的格式。",
    "Also write the report to this file, format from its extension (repeatable).": "同时把报告写入此文件，格式由扩展名决定（可重复）。",
    "Language of names and labels.": "名称和文字的语言。",
    "Language of names and labels (default: the configuration's, else zh).": "名称和文字的语言（默认：配置文件中的设置，否则 zh）。",
    "Your own target file or folder of target files (used before the shipped plans).":
        "自己的目标文件或目标文件夹（优先于内置规划使用）。",
    "Exit 1 on warnings too, not only on failures.": "有预警时也以退出码 1 结束，而不只是有未达标时。",
    "Exit 1 on warnings too (default: the configuration's fail_on_warn).": "有预警时也以退出码 1 结束（默认：配置文件中的 fail_on_warn）。",
    "Treat unreported supplementary indicators like main ones.": "未填报的补充指标按主要指标对待。",
    "Treat unreported supplementary indicators like main ones (default: the configuration's).":
        "未填报的补充指标按主要指标对待（默认：配置文件中的设置）。",
    "TOML file of [[waiver]] entries (id, justification, approved_by, years) for targets that cannot apply.":
        "豁免文件（TOML，[[waiver]] 条目：id、justification、approved_by、years），用于无法适用的目标。",
    "Processes for several files (default: the number of cores).": "检查多个文件时的进程数（默认：CPU 核数）。",
    "Seconds one file of a batch may take; a file over it is 无法检查 and the batch goes on (0: no limit).":
        "批量检查时每份文件的时限（秒）；超时的文件记为“无法检查”，其余文件继续检查（0：不限）。",
    "Megabytes of memory one file of a batch may take (Linux/POSIX; no limit on Windows); 0: no limit.":
        "批量检查时每份文件可用的内存（MB；Linux/POSIX，Windows 上不限）；0：不限。",
    "On SIGINT/SIGTERM, write the --output reports for the files done, marked incomplete (default: write none).":
        "收到 SIGINT/SIGTERM 时，为已检查的文件写出 --output 报告并标明不完整（默认：不写）。",
    "Overwrite output files that already exist (never an input file).": "覆盖已存在的输出文件（绝不覆盖输入文件）。",
    "Show the Python traceback of an internal error.": "内部错误时显示 Python 调用栈。",
    "Configuration file (default: checker.toml, or [tool.plan-checker] in pyproject.toml, here or in a folder above).":
        "配置文件（默认：当前或上级文件夹中的 checker.toml，或 pyproject.toml 中的 [tool.plan-checker]）。",
    "Format printed on stdout (github: annotations on the run and the pull request).":
        "输出到屏幕的格式（github：在运行和拉取请求上标注）。",
    "Write this report instead of the configured outputs; {plan} in its name: one per plan (repeatable).":
        "写出此报告，代替配置中的 outputs；文件名中的 {plan} 表示每个规划一份（可重复）。",
    "Id of the new plan, e.g. daan: the target file is named after it.": "新规划的 id，如 daan：目标文件以它命名。",
    "Target file to write (default: ID.toml in the current folder, never among the shipped plans).":
        "要写出的目标文件（默认：当前文件夹中的 ID.toml，绝不写入内置规划）。",
    "Folder of plan documents: also check that every quote appears in its document.": "规划原文所在文件夹：同时核对每条引文都出现在原文中。",
    'Accept indicators that still carry review = "needed" (exit 0 instead of 1).': '接受仍标有 review = "needed" 的指标（退出码 0 而不是 1）。',
    "Format printed on stdout (default: text, or nothing when --output is given).": "输出到屏幕的格式（默认：text；给出 --output 时不输出）。",
    "Write the report to this file, format from its extension (repeatable).": "把报告写入此文件，格式由扩展名决定（可重复）。",
    "Format printed on stdout (xlsx: write it with -o review.xlsx).": "输出到屏幕的格式（xlsx：请用 -o review.xlsx 写入文件）。",
    "Also write the review to this file, format from its extension: .txt .json .md .html .xlsx (repeatable).":
        "同时把评估报告写入此文件，格式由扩展名决定：.txt .json .md .html .xlsx（可重复）。",
    "Year columns, e.g. 2021-2025 or 2023 (default: the plan's period).": "年份列，如 2021-2025 或 2023（默认：规划期）。",
    "The workbook to write (FILE.xlsx).": "要写出的工作簿（FILE.xlsx）。",
    "Files of a consolidated report: the most severe first (无法检查, 未达标, 预警, 达标), or in the order given.":
        "汇总报告中文件的顺序：最严重的在前（无法检查、未达标、预警、达标），或按给出的顺序。",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
}
COMMAND_HELP_ZH = {
    "rollup": "把各单位的工作簿（文件或文件夹，每个单位一份）汇总为本区域的工作簿。\n\n"
              "每份工作簿在标题、填报单位或文件名中写明其单位。人数相加，比率由相加后的人数重算（从不平均）；"
              "另一张表列出各单位的数值及其来源。两份工作簿是同一单位、年份或规划不同、单位不是本区域的下级单位时退出码为 2；"
              "缺少的下级单位会列出，汇总标为不完整。之后用 check AREA.xlsx 检查本区域。",
    "main": "按各地“十四五”残疾人事业规划检查年度统计工作簿。",
    "check": "按规划目标检查工作簿（文件、文件夹或通配符）。\n\n"
             "一个文件给出它的报告；多个文件（或文件夹、通配符）给出汇总矩阵。不给 --plan 时，按工作簿的标题、"
             "填报单位、工作表名或文件名中写明的地区推断规划；工作簿写的是另一个规划的地区时拒绝检查（--force-plan 可强制）。\n"
             "退出码：0 没有未达标；1 至少一项未达标（加 --fail-on-warn 时预警也算）；2 有文件无法检查；3 内部错误；"
             "130 被中断（SIGINT，Ctrl-C）；143 被终止（SIGTERM）。",
    "review": "规划的中期评估或终期评估报告：每项指标的基期值、各年数值、进度目标、进展、判断、预测，以及此后每年需完成的量。\n\n"
              "退出码：0；1 有约束性指标落后、有风险或未完成（加 --fail-on-warn 时任何指标都算）；2 无法评估；3 内部错误。",
    "plans": "列出可用的规划及其标题和指标数。",
    "show": "显示规划的每项指标：目标、属性和规划原文（show --plan xinzhou）。",
    "lint": "校验目标文件（默认：全部内置规划），一次列出所有问题。\n\n"
            '退出码：0 有效；1 有效但仍是草稿（留有 review = "needed"）；2 无效。',
    "render": "把保存的 JSON 结果（check --format json）重新输出为其他格式，不需要工作簿。\n\n只有 xlsx 格式需要被检查的工作簿，位于 JSON 中写明的路径。",
    "template": "为规划生成统计人员填写的工作簿：说明页和指标填报页。",
    "draft": "根据规划原文（UTF-8 或 GB18030 的 .txt、.html、.docx、.pdf）起草目标文件，供人工审核。\n\n"
             '每项拟定指标都标有 review = "needed" 和原文中写明它的行号。',
    "ci": "检查配置文件指定的全部工作簿，或只检查 FILES（如 pre-commit 钩子传入的文件）。\n\n"
          "每个工作簿按第一个包含它的 [[submissions]] 表所写的规划检查；表中不写 plan 时按工作簿推断。"
          "每个规划一份汇总报告。退出码：0 没有未达标；1 有未达标（fail_on_warn 时预警也算）；2 有文件或配置无法读取；3 内部错误。",
    "init": "为一个工作簿文件夹（默认：当前文件夹）写出带注释的初始 checker.toml。\n\n"
            "规划按文件夹名和文件名中的规划 id 推测（submissions/xinzhou/2025/…）。",
}
_CLICK_WORDS_ZH = (("Usage:", "用法："), ("Options:", "选项："), ("Commands:", "命令："), ("[default: ", "[默认："),
                   ("[required]", "[必填]"), ("Arguments:", "参数："))
_LANG_KEY = "checker_lang"


def _remember_lang(ctx: click.Context, _param, value):
    """--lang is eager: given before --help, it chooses the language of the help."""
    if value:
        ctx.meta[_LANG_KEY] = value
    return value


def _help_lang(ctx: click.Context | None) -> str:
    return (ctx.meta.get(_LANG_KEY) if ctx is not None else None) or "zh"


class _Chinese:
    """Help in Chinese unless --lang en came first: the command's description and each option's, from the
    tables above; click's own headings too. Mixed into the command and group classes below."""

    def get_help(self, ctx: click.Context) -> str:
        if _help_lang(ctx) == "en":
            return super().get_help(ctx)
        commands = list(getattr(self, "commands", {}).values())
        params = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]
        saved = [(c, c.help) for c in (self, *commands)] + [(p, p.help) for p in params]
        try:
            for command in (self, *commands):
                command.help = COMMAND_HELP_ZH.get(command.name, command.help)
            for param in params:
                param.help = HELP_ZH.get(param.help, param.help)
            text = super().get_help(ctx)
        finally:
            for owner, help_text in saved:
                owner.help = help_text
        for english, chinese in _CLICK_WORDS_ZH:
            text = text.replace(english, chinese)
        return text


    def make_context(self, info_name, args, parent=None, **extra):
        asked_english = _asks_english(args)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            if asked_english or isinstance(error, _ChineseUsageError):
                raise
            raise _ChineseUsageError(_usage_in_chinese(error.format_message()), error.ctx) from None


# click's own complaints about the command line, in Chinese (the rest of such a line stays as click says it).
_USAGE_ZH = (
    (re.compile(r"No such option '(.+?)'\.(?: \(Did you mean one of: (.+)\?\)| \(Did you mean (.+)\?\))?"),
     lambda m: f"没有选项 {m[1]}" + (f"（是否指：{m[2]}？）" if m[2] else f"（是否指 {m[3]}？）" if m[3] else "")),
    (re.compile(r"Missing argument '(.+)'\."), lambda m: f"缺少参数 {m[1]}"),
    (re.compile(r"Missing option '(.+)'\."), lambda m: f"缺少选项 {m[1]}"),
    (re.compile(r"Option '(.+)' requires an argument\."), lambda m: f"选项 {m[1]} 需要一个值"),
    (re.compile(r"Invalid value for (.+?): (.*)", re.S), lambda m: f"{m[1]} 的值无效：{m[2]}"),
    (re.compile(r"No such command '(.+?)'\.(?: Did you mean '(.+)'\?)?"),
     lambda m: f"没有命令 '{m[1]}'" + (f"（是否指 '{m[2]}'？）" if m[2] else "")),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), lambda m: f"多余的参数：{m[1]}"),
)


def _usage_in_chinese(message: str) -> str:
    for pattern, chinese in _USAGE_ZH:
        found = pattern.fullmatch(message.strip())
        if found:
            return chinese(found)
    return message


def _asks_english(args) -> bool:
    args = list(args or ())
    return "--lang=en" in args or any(a == "--lang" and b == "en" for a, b in zip(args, args[1:]))


class _ChineseUsageError(click.UsageError):
    """A mistake on the command line, shown in Chinese: usage, where to find help, 错误：…"""

    def show(self, file=None) -> None:
        file = file or sys.stderr
        if self.ctx is not None:
            usage = self.ctx.get_usage().replace("Usage:", "用法：", 1)
            click.echo(f"{usage}\n请用 '{self.ctx.command_path} --help' 查看帮助。\n", file=file)
        click.echo(f"错误：{self.format_message()}", file=file)


class Command(_Chinese, click.Command):
    pass


class Group(_Chinese, click.Group):
    command_class = Command

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            if _asks_english(args) or isinstance(error, _ChineseUsageError):
                raise
            raise _ChineseUsageError(_usage_in_chinese(error.format_message()), error.ctx) from None


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
    from checker.pool import DEFAULT_MEGABYTES, DEFAULT_SECONDS

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
    from checker.pool import Limits

    return Limits(file_timeout or None, file_memory or None)


def lang_option_for(configurable: bool = False):
    if configurable:
        return click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=_remember_lang,
                            help="Language of names and labels (default: the configuration's, else zh).")
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, is_eager=True,
                        callback=_remember_lang, help="Language of names and labels.")


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
        from checker.batch import check_batch, default_jobs

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
    from checker.batch import expand
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
    from checker.batch import default_jobs
    from checker.ci import check_configured
    from checker.config import find_config, load_config

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
    from checker.config import write_starter_config

    starter = write_starter_config(folder, targets, force=force)
    click.echo(starter.summary(lang))
    where = "" if folder == Path(".") else (f"（在 {folder} 中）" if lang == "zh" else f" in {folder}")
    if lang == "zh":
        click.echo(f"下一步：核对 {starter.path} 中的 [[submissions]] 表，然后运行 checker ci{where}。")
    else:
        click.echo(f"Next: check the [[submissions]] tables in {starter.path}, then run `checker ci`{where}.")
