"""The command line in Chinese unless --lang en: every option's help and command's description, click's
own headings and its complaints about the command line (unknown option, missing argument …).

Kept apart from cli.py, which only declares the commands: this module is the table of their words.
"""

from __future__ import annotations

import re
import sys

import click

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


def remember_lang(ctx: click.Context, _param, value):
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
