"""Machine-readable results: the results document as JSON. Fields are documented in README "JSON output"."""

from __future__ import annotations

import json
from typing import Iterator, Sequence

from checker.reports.streaming import iter_json
from checker.reports.view import View
from checker.spool import mapped
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
    yield from iter_json({**document, "files": worded_files(document, view.lang)})
    yield "\n"


def worded_files(document: dict, lang: str) -> Sequence:
    """A batch's per-file documents with their reasons worded in `lang`, each as it is read."""
    return mapped(document["files"], lambda file: file if "error" in file else _worded(file, lang))
