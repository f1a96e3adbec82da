"""Report files: which --output files a run may write (checked before any work) and writing them.

A report of last year must not vanish by a typo, and an input must never be overwritten: every
destination is checked before the first workbook is read, and the format comes from its extension.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from checker.errors import CheckerError
from checker.files import write_atomically
from checker.reports import EXTENSIONS, FILE_FORMATS, format_for_path, is_batch, renderer, streamer, writer
from checker.reports.view import View


@dataclass(frozen=True)
class Destination:
    path: Path
    format: str


def destinations(paths: Iterable[Path], inputs: Iterable[Path], *, force: bool = False, batch: bool = False) -> list[Destination]:
    """Every output checked: a known extension, never an input file, an existing file only with
    `force`, and (for several workbooks) a format with a consolidated view."""
    inputs = [Path(source) for source in inputs]
    found = []
    for path in map(Path, paths):
        _check_destination(path, inputs, force)
        output_format = format_for_path(str(path))
        if output_format is None:
            known = ", ".join(sorted(EXTENSIONS))
            raise CheckerError(f"cannot tell the format from the extension (known: {known})",
                               zh=f"无法从扩展名判断格式（可用：{known}）", file=str(path))
        if batch:
            (writer if output_format in FILE_FORMATS else renderer)(output_format, batch=True)
        found.append(Destination(path, output_format))
    return found


def _check_destination(path: Path, inputs: list[Path], force: bool) -> None:
    for source in inputs:
        # samefile also sees through hard links, which resolve() does not.
        if path.resolve() == source.resolve() or (path.exists() and source.exists() and os.path.samefile(path, source)):
            raise CheckerError("refusing to overwrite an input file", zh="不会覆盖输入文件", file=str(path))
    if path.is_dir():
        raise CheckerError("is a folder, expected a file name for the report", zh="这是一个文件夹，报告需要一个文件名", file=str(path))
    if path.exists() and not force:
        raise CheckerError("already exists; give --force to overwrite it", zh="文件已存在；如要覆盖，请加 --force", file=str(path))
    if not path.parent.is_dir():
        raise CheckerError(f"cannot write: folder {path.parent} does not exist", zh=f"无法写入：文件夹 {path.parent} 不存在", file=str(path))


def write_reports(document: dict, targets: Iterable[Destination], view: View, written: list[Path] | None = None) -> None:
    """Write the document to each destination in its format (colour never goes into a file).

    Each file is replaced whole or not at all (checker.files), a batch's view streamed piece by
    piece; `written` collects the files done, for the message of an interrupted run."""
    batch = is_batch(document)
    plain = replace(view, color=False)
    for destination in targets:
        if destination.format in FILE_FORMATS:
            writer(destination.format, batch=batch)(document, destination.path, plain)
        else:
            write_atomically(destination.path, streamer(destination.format, batch=batch)(document, plain))
        if written is not None:
            written.append(destination.path)
