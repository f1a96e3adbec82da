"""Reports of any number of files written piece by piece, never whole in memory.

A batch document (checker.batch.spool) holds its per-file documents and matrix rows as `Lazy`
sequences read from disk one entry at a time. `iter_json` writes such a document exactly as
`json.dumps(document, ensure_ascii=False, indent=2)` would write the same data held in lists,
entry by entry; the consolidated views of the other formats are generators of text pieces
(`stream_batch`), of which `render_batch` is the joined text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

INDENT = 2


class Encoded(str):
    """An entry of a lazy sequence already encoded as json.dumps(entry, ensure_ascii=False, indent=2) would
    (by a batch's worker): iter_json writes it as it is, indented to its place."""


def iter_json(value: Any, level: int = 0) -> Iterator[str]:
    """The text of json.dumps(value, ensure_ascii=False, indent=2), in pieces; `Lazy` sequences (any
    Sequence that is not a list, tuple or string) are written one entry at a time."""
    if isinstance(value, dict) and _holds_lazy(value):
        if not value:
            yield "{}"
            return
        inner = "\n" + " " * (INDENT * (level + 1))
        separator = "{" + inner
        for key, item in value.items():
            yield separator + _dumps(_key(key), level + 1) + ": "
            yield from iter_json(item, level + 1)
            separator = "," + inner
        yield "\n" + " " * (INDENT * level) + "}"
    elif _is_lazy(value) or (isinstance(value, (list, tuple)) and _holds_lazy(value)):
        inner = "\n" + " " * (INDENT * (level + 1))
        separator = "[" + inner
        lazy = _is_lazy(value)
        for item in value:
            yield separator
            if lazy and isinstance(item, Encoded):
                yield item.replace("\n", "\n" + " " * (INDENT * (level + 1)))
            elif lazy:  # entries of a lazy sequence are plain documents: json's C encoder writes each whole
                yield _dumps(item, level + 1)
            else:
                yield from iter_json(item, level + 1)
            separator = "," + inner
        yield "[]" if separator == "[" + inner else "\n" + " " * (INDENT * level) + "]"
    else:
        yield _dumps(value, level)


def _dumps(value: Any, level: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=INDENT)
    return text.replace("\n", "\n" + " " * (INDENT * level)) if level else text


def _key(key: Any) -> str:
    """A dict key as json.dumps writes it."""
    if isinstance(key, str):
        return key
    return json.dumps(key) if isinstance(key, (bool, type(None))) else (repr(key) if isinstance(key, float) else str(key))


def _is_lazy(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (list, tuple, str, bytes, bytearray))


def _holds_lazy(value: Any) -> bool:
    """Whether a dict or list holds a lazy sequence anywhere among its own entries or theirs (documents
    built by checker.batch.spool keep them at the top: files, matrix.rows)."""
    entries = value.values() if isinstance(value, dict) else value
    return any(_is_lazy(entry) or (isinstance(entry, (dict, list, tuple)) and len(entry) < 64 and _holds_lazy(entry)) for entry in entries)


def joined(lines: Iterable[str], separator: str = "\n", batch: int = 512) -> Iterator[str]:
    """separator.join(lines), in pieces of `batch` lines."""
    group: list[str] = []
    first = True
    for line in lines:
        group.append(line)
        if len(group) >= batch:
            yield ("" if first else separator) + separator.join(group)
            group, first = [], False
    if group or first:
        yield ("" if first else separator) + separator.join(group)


def rstripped(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces without the newlines that end the last of them (what "".join(pieces).rstrip("\\n") gives)."""
    pending = ""
    for piece in pieces:
        stripped = piece.rstrip("\n")
        if stripped:
            yield pending + stripped
            pending = piece[len(stripped):]
        else:
            pending += piece


def table_in_chunks(render: Callable[[list], str], rows: Iterable, widest: list, blank: Any, size: int) -> Iterator[str]:
    """A rich table of many rows, `size` rows at a time, as the same text as render(all rows).

    `render(rows)` renders the whole table (header, rows, footer) holding `rows`. Column widths
    depend only on each column's widest cell, so every chunk is rendered together with `widest`
    (rows that hold the widest cell of each column) and gets the widths of the whole table; the
    lines of those rows, and the header and footer of all but the first and last chunk, are cut
    out. Which lines they are is found once by rendering `widest` with a `blank` row (no wider than
    any) before it and after it; where a blank row looks like another (a console too narrow for
    any text), the table is rendered whole.
    """
    rows = iter(rows)
    pending = list(islice(rows, size + 1))
    if len(pending) <= size:
        yield render(pending)
        return
    base = render(widest).splitlines(keepends=True)
    blank_first = render([blank, *widest]).splitlines(keepends=True)
    blank_last = render([*widest, blank]).splitlines(keepends=True)
    head = next(i for i, (a, b) in enumerate(zip(base, blank_first)) if a != b)  # top border, header, rule
    tail = next(i for i, (a, b) in enumerate(zip(reversed(base), reversed(blank_last))) if a != b)  # rule, footer, bottom border
    if blank_first[head] in base:  # a console too narrow to show any text: rows cannot be told apart
        yield render([*pending, *rows])
        return
    skipped = len(base) - head - tail  # the lines of the widest rows
    first = True
    while pending:
        chunk, pending = pending[:size], pending[size:]
        pending += list(islice(rows, size + 1 - len(pending)))
        lines = render([*widest, *chunk]).splitlines(keepends=True)
        if first:
            yield "".join(lines[:head])
            first = False
        yield "".join(lines[head + skipped:len(lines) - tail])
        if not pending:
            yield "".join(lines[len(lines) - tail:])
