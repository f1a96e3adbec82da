"""The review document as JSON: the fields README "Mid-term and final reviews" lists; `render` reads it back."""

from __future__ import annotations

import json

from checker.reports.view import View


def render(document: dict, view: View = View()) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
