"""GitHub Actions workflow commands, so results appear as annotations on the run and the pull request.

fail → ::error, warn → ::warning (::error with --fail-on-warn, which fails the step too), waived and
info → ::notice; passes and unreported supplementary indicators stay quiet. The summary line ends
the output as plain log text.
"""

from __future__ import annotations

from typing import Iterator

from checker.reports.view import View
from checker.reports.messages import STATUS_SYMBOL, full_reason, summary_line, notice_lines
from checker.reports.document import error_reason, report_title, result_name, status_text, verdict_text
from checker.reports.streaming import joined
from checker.reports.text import BATCH_WORDS, incomplete_line

COMMAND = {"fail": "error", "warn": "warning", "waived": "notice", "info": "notice"}


def render(document: dict, view: View = View()) -> str:
    lang, fail_on_warn = view.lang, view.fail_on_warn
    # The report's title first, a plain log line, so the run's log says which plan and year it is for.
    lines = [report_title(document, lang), *_annotations(document, lang, fail_on_warn), summary_line(document["summary"], lang)]
    return "\n".join(lines) + "\n"


def render_batch(document: dict, view: View = View()) -> str:
    """Several submissions: every file's annotations, an ::error for a file that could not be read."""
    return "".join(stream_batch(document, view))


def stream_batch(document: dict, view: View = View()) -> Iterator[str]:
    """render_batch in pieces, file by file (reports/streaming.py)."""
    yield from joined(_batch_lines(document, view.lang, view.fail_on_warn))
    yield "\n"


def _batch_lines(document: dict, lang: str, fail_on_warn: bool) -> Iterator[str]:
    words = BATCH_WORDS[lang]
    incomplete = incomplete_line(document, lang)
    if incomplete:  # the annotations of an interrupted batch cover only the files done
        yield f"::error title={_property(incomplete.split('：')[0].split(':')[0])}::{_data(incomplete)}"
    for file in document["files"]:
        if "error" in file:  # 无法检查 with the reason in `lang` (the annotation names the file)
            title = verdict_text("error", lang)
            yield f"::error file={_property(file['file'])},title={_property(title)}::{_data(error_reason(file, lang))}"
        else:
            yield from _annotations(file, lang, fail_on_warn)
    yield words["summary"].format(**document["summary"])


def _annotations(document: dict, lang: str, fail_on_warn: bool) -> list[str]:
    lines = [f"::warning file={_property(document['file'])}::{_data(line)}" for line in notice_lines(document, lang)]
    for result in document["results"]:
        command = COMMAND.get(result["status"])
        if command is None:
            continue
        if fail_on_warn and result["status"] == "warn":
            command = "error"
        title = f"{status_text(result['status'], lang)}: {result_name(result, lang)}"
        where = f" [{result['cell']}]" if result["cell"] else ""
        message = full_reason(result, lang) + where
        properties = f"file={_property(document['file'])},title={_property(title)}"
        lines.append(f"::{command} {properties}::{_data(message)}")
    return lines


def _data(text: str) -> str:
    """Escaping GitHub's runner expects in a command's message (see actions/toolkit, command.ts)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
