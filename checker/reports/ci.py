"""A whole `checker ci` run on stdout: an overview of the plans, each plan's consolidated view, the totals.

The sections are rendered by the formats' own `render_batch`; a run over several plans opens with the
format's `render_overview` (one row per plan: files passing, warning, failing, not checked), and a
format with a page of its own for a whole run (html: `render_run`) renders it all. This module only
puts them together. JSON gives the run document; formats whose views read well one after another
(text, GitHub annotations, markdown) and html show every plan; the others (a JUnit document) hold one
plan, so a run over several plans writes them per plan (`--output reports/{plan}.xml`).
"""

from __future__ import annotations

import functools
from typing import Iterator

from checker.errors import CheckerError
from checker.reports.view import View
from checker.reports import EXTENSIONS, renderer, streamer
from checker.reports.streaming import rstripped
from checker.reports.text import BATCH_WORDS

SEQUENTIAL_FORMATS = {"text", "github", "markdown"}
# Formats that render a whole run as one document of their own (`render_run`).
RUN_FORMATS = {"html"}

WORDS = {
    "zh": {
        "skipped": "未检查 {file}：{reason}",
        "not_configured": "{config} 中没有 [[submissions]] 表包含此文件",
        "outside": "不在 {config} 所在的文件夹内",
        "not_workbook": "不是 .xlsx/.xlsm 工作簿",
        "total": "合计（{plans} 个规划）：",
        "nothing": "没有需要检查的工作簿。",
    },
    "en": {
        "skipped": "not checked: {file}: {reason}",
        "not_configured": "named by no [[submissions]] table of {config}",
        "outside": "outside the folder of {config}",
        "not_workbook": "not an .xlsx/.xlsm workbook",
        "total": "Total ({plans} plans): ",
        "nothing": "No workbook to check.",
    },
}


def refuse_unshowable(output_format: str, plan_count: int) -> None:
    """Fail before the work when the format cannot show this run on stdout."""
    renderer(output_format, batch=True)
    if plan_count > 1 and output_format not in SEQUENTIAL_FORMATS | RUN_FORMATS | {"json"}:
        raise CheckerError(
            f"--format {output_format} shows one plan and this run covers {plan_count}: "
            f"write one report per plan with --output 'reports/{{plan}}{_extension(output_format)}'",
            zh=f"--format {output_format} 只能显示一个规划，而这次运行涉及 {plan_count} 个规划："
               f"请用 --output 'reports/{{plan}}{_extension(output_format)}' 每个规划写一份报告",
        )


def render_run(document: dict, output_format: str, view: View) -> str:
    return "".join(stream_run(document, output_format, view))


def _module(output_format: str):
    import importlib

    from checker.reports import FORMATS

    return importlib.import_module(f"checker.reports.{FORMATS[output_format]}")


def stream_run(document: dict, output_format: str, view: View) -> Iterator[str]:
    """The run in pieces, each plan's section streamed by its format (reports/streaming.py), so a run
    over any number of files is printed and written in flat memory."""
    lang = view.lang
    sections = document["plans"]
    if output_format == "json":
        # The json format words each section's reasons in `lang`; the run only gathers them.
        from checker.reports.json import worded_batch
        from checker.reports.streaming import iter_json

        plans = [worded_batch(section, lang) for section in sections]
        yield from iter_json({**document, "plans": plans})
        yield "\n"
        return
    if output_format in RUN_FORMATS:
        module = _module(output_format)
        yield from module.stream_run(document, view) if hasattr(module, "stream_run") else [module.render_run(document, view)]
        return
    stream = streamer(output_format, batch=True)
    blocks = [functools.partial(stream, section, view) for section in sections]
    overview = getattr(_module(output_format), "render_overview", None)
    if overview is not None and len(sections) > 1:
        blocks.insert(0, lambda: [overview(document, view)])
    words = WORDS[lang]
    trailer = [
        words["skipped"].format(file=skipped["file"], reason=words[skipped["reason"]].format(config=document["config"]))
        for skipped in document["skipped"]
    ]
    if not sections:
        trailer.append(words["nothing"])
    elif len(sections) > 1:
        trailer.append(words["total"].format(plans=len(sections)) + BATCH_WORDS[lang]["summary"].format(**document["summary"]))
    if trailer:
        blocks.append(lambda: ["\n".join(trailer)])
    for number, block in enumerate(blocks):
        if number:
            yield "\n\n"
        yield from rstripped(block())
    yield "\n"


def _extension(output_format: str) -> str:
    return next((extension for extension, name in EXTENSIONS.items() if name == output_format), ".txt")
