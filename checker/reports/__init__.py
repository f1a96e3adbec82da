"""Renderers: each module turns the results document (checker.judging.results) into one format, nothing else.

A new format is one module with a `render(document, view) -> str` function and one line in FORMATS;
`--output FILE` picks the format from the file's extension. A format whose output is a file rather than
text (xlsx) has `write(document, path, view)` instead. A format's view of several files at once is
`render_batch` (or `write_batch`), with the same arguments. `view` (reports/view.py) holds the
language, colour and the like; renderers read nothing but the document and the view.

A batch may hold more files than memory: its `files` and `matrix.rows` are sequences read from
disk, and a format may give its consolidated view as a generator of text pieces, `stream_batch`
(render_batch is then their join), so that it is written and printed piece by piece
(reports/streaming.py).
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterable

# format name → module under checker.reports
FORMATS = {
    "text": "text", "json": "json", "junit": "junit", "github": "github", "markdown": "markdown",
    "html": "html", "xlsx": "xlsx",
}
EXTENSIONS = {
    ".txt": "text", ".json": "json", ".xml": "junit", ".md": "markdown", ".html": "html", ".htm": "html",
    ".xlsx": "xlsx",
}
# Formats written as files only: they cannot go to stdout.
FILE_FORMATS = {"xlsx"}


def renderer(name: str, batch: bool = False) -> Callable[..., str]:
    """The render function of one format, imported on demand so unused formats cost nothing.

    With batch=True, the format's consolidated view of several files (`render_batch`).
    """
    module = importlib.import_module(f"checker.reports.{FORMATS[name]}")
    return _consolidated(module, name, "render_batch") if batch else with_units(name, module.render)


def streamer(name: str, batch: bool = False) -> Callable[..., Iterable[str]]:
    """The format's view as an iterable of text pieces: `stream_batch` where the format has one, else
    its whole rendered text as one piece."""
    module = importlib.import_module(f"checker.reports.{FORMATS[name]}")
    if batch and hasattr(module, "stream_batch"):
        return module.stream_batch
    render = renderer(name, batch=batch)
    return lambda document, view: [render(document, view)]


def is_batch(document: dict) -> bool:
    return document.get("kind") == "batch"


def writer(name: str, batch: bool = False) -> Callable[..., None]:
    """The write(document, path, view) function of a file format; with batch=True, its
    consolidated file of several workbooks (`write_batch`)."""
    module = importlib.import_module(f"checker.reports.{FORMATS[name]}")
    return _consolidated(module, name, "write_batch") if batch else with_units(name, module.write)


def with_units(name: str, function: Callable) -> Callable:
    """A format's render (or write) that adds the unit × indicator matrix after the area's report when
    the document has sub-units (issue 14); the section lives in checker/reports/units.py."""
    from checker.reports.units import SECTIONS

    if name not in SECTIONS:
        return function

    def shown(document: dict, *args, **kwargs):
        output = function(document, *args, **kwargs)
        if not document.get("units"):
            return output
        from checker.reports.units import add_section

        return add_section(name, output, document, *args, **kwargs)

    return shown


def _consolidated(module, name: str, function: str) -> Callable:
    if not hasattr(module, function):
        from checker.errors import CheckerError

        with_view = ", ".join(sorted(f for f in FORMATS if _has_consolidated_view(f)))
        raise CheckerError(f"format {name!r} has no consolidated view of several files (use one of: {with_view})",
                           zh=f"格式 {name!r} 没有多个文件的汇总视图（可选：{with_view}）")
    return getattr(module, function)


def _has_consolidated_view(name: str) -> bool:
    module = importlib.import_module(f"checker.reports.{FORMATS[name]}")
    return hasattr(module, "render_batch") or hasattr(module, "write_batch")


def format_for_path(path: str) -> str | None:
    from pathlib import Path

    return EXTENSIONS.get(Path(path).suffix.lower())
