"""Renderers: each module turns the results document (checker.results) into one format, nothing else.

A new format is one module with a `render(document, lang, color) -> str` function and one line in
FORMATS; `--output FILE` picks the format from the file's extension.
"""

from __future__ import annotations

import importlib
from typing import Callable

# format name → module under checker.report
FORMATS = {"text": "text", "json": "json"}
EXTENSIONS = {".txt": "text", ".json": "json"}


def renderer(name: str) -> Callable[..., str]:
    """The render function of one format, imported on demand so unused formats cost nothing."""
    return importlib.import_module(f"checker.report.{FORMATS[name]}").render


def format_for_path(path: str) -> str | None:
    from pathlib import Path

    return EXTENSIONS.get(Path(path).suffix.lower())
