"""`checker review`: mid-term and final reviews of a plan as printed documents.

assess.py (pure) turns the check's results into verdicts, progress, projections and what the
remaining years must deliver; document.py makes the review document (plain data, the JSON shape);
words.py words it; one module per format renders it (text, json, markdown, html) or writes it
(xlsx), reading nothing but the document and the view. run.py is the command's library side.
"""

from __future__ import annotations

import importlib
from typing import Callable

from checker.errors import CheckerError

# format name → module under checker.reviews
FORMATS = {"text": "text", "json": "json", "markdown": "markdown", "html": "html", "xlsx": "xlsx"}
FILE_FORMATS = {"xlsx"}
KINDS = ("midterm", "final")


def is_review(document: dict) -> bool:
    return document.get("kind") in KINDS


def renderer(name: str) -> Callable[..., str]:
    """render(document, view) of a review format, imported on demand."""
    return _module(name, "render").render


def writer(name: str) -> Callable[..., None]:
    """write(document, path, view) of a review format written as a file (xlsx)."""
    return _module(name, "write").write


def _module(name: str, function: str):
    if name not in FORMATS:
        raise CheckerError(f"a review has no {name!r} format (use one of: {', '.join(FORMATS)})",
                           zh=f"评估报告没有 {name!r} 格式（可选：{', '.join(FORMATS)}）")
    module = importlib.import_module(f"checker.reviews.{FORMATS[name]}")
    if not hasattr(module, function):
        raise CheckerError(f"the {name} review is written to a file: give -o review.{name}",
                           zh=f"{name} 格式的评估报告只能写入文件：请用 -o review.{name}")
    return module
