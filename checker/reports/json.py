"""Machine-readable results: the results document as JSON. Fields are documented in README "JSON output"."""

from __future__ import annotations

import json

from checker.reports.view import View
from checker.reports.messages import full_reason


def _worded(document: dict, lang: str) -> dict:
    return {**document, "results": [{**r, "reason": full_reason(r, lang)} for r in document["results"]]}


def render(document: dict, view: View = View()) -> str:
    lang = view.lang
    return json.dumps(_worded(document, lang), ensure_ascii=False, indent=2) + "\n"


def render_batch(document: dict, view: View = View()) -> str:
    lang = view.lang
    files = [file if "error" in file else _worded(file, lang) for file in document["files"]]
    return json.dumps({**document, "files": files}, ensure_ascii=False, indent=2) + "\n"
