"""Machine-readable results: the results document as JSON. Fields are documented in README "JSON output"."""

from __future__ import annotations

import json
from typing import Iterator, Sequence

from checker.reports.streaming import Encoded, iter_json
from checker.reports.view import View
from checker.batch.spool import Lazy, mapped
from checker.reports.messages import full_reason


def _worded(document: dict, lang: str) -> dict:
    return {**document, "results": [{**r, "reason": full_reason(r, lang)} for r in document["results"]]}


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    return json.dumps(_worded(document, lang), ensure_ascii=False, indent=2) + "\n"


def render_batch(document: dict, view: View = View()) -> str:
    return "".join(stream_batch(document, view))


def stream_batch(document: dict, view: View = View()) -> Iterator[str]:
    """The batch document with each file's reasons worded, written file by file (reports/streaming.py)."""
    yield from iter_json(worded_batch(document, view.lang))
    yield "\n"


def worded_batch(document: dict, lang: str) -> dict:
    """The batch document as its JSON report writes it: each file's reasons worded in `lang`; the matrix
    rows and file entries the batch's workers encoded already (row_piece, file_piece) taken as they are."""
    matrix, rows = document["matrix"], document["matrix"]["rows"]
    encoded = rows.pieces(("json-row", "")) if hasattr(rows, "pieces") else None
    if encoded is not None:
        matrix = {**matrix, "rows": Lazy(list(range(len(rows))), lambda position: _encoded_or(encoded[position], rows, position))}
    return {**document, "matrix": matrix, "files": worded_files(document, lang)}


def worded_files(document: dict, lang: str) -> Sequence:
    """A batch's per-file documents with their reasons worded in `lang`, each as it is read; a file's
    entry the batch's worker wrote already (file_piece) is taken as it is."""
    files = document["files"]
    encoded = files.pieces(("json", lang)) if hasattr(files, "pieces") else None
    if encoded is None:
        return mapped(files, lambda file: _worded_entry(file, lang))
    return Lazy(list(range(len(files))), lambda position: _encoded_or(encoded[position], files, position, lang))


def file_piece(entry: dict, lang: str) -> str:
    """One file's entry of a batch's JSON report, as stream_batch writes it (made by the batch's worker,
    from the entry as the batch reads it back)."""
    return json.dumps(_worded_entry(entry, lang), ensure_ascii=False, indent=2)


def _worded_entry(file: dict, lang: str) -> dict:
    return file if "error" in file else _worded(file, lang)


def row_piece(facts: tuple) -> str:
    """One file's row of a batch's JSON matrix, from its matrix facts (checker.batch.spool.row_facts), as
    Collected.row gives it and stream_batch writes it (made by the batch's worker)."""
    if len(facts) == 2:
        row = {"file": facts[0], "error": facts[1], "statuses": {}}
    else:
        row = {"file": facts[0], "year": facts[1], "statuses": dict(facts[2]), "summary": dict(facts[3]), "data_problems": facts[4]}
    return json.dumps(row, ensure_ascii=False, indent=2)


def _encoded_or(piece: str | None, entries: Sequence, position: int, lang: str | None = None):
    """The piece a worker made of an entry, else the entry (worded, for a file's document)."""
    if piece is not None:
        return Encoded(piece)
    return entries[position] if lang is None else _worded_entry(entries[position], lang)
