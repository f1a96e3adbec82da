"""Machine-readable results: the results document as JSON. Fields are documented in README "JSON output"."""

from __future__ import annotations

import json

from checker.messages import full_reason


def render(document: dict, lang: str = "zh", color: bool = False, **options) -> str:
    worded = {**document, "results": [{**r, "reason": full_reason(r, lang)} for r in document["results"]]}
    return json.dumps(worded, ensure_ascii=False, indent=2) + "\n"
