"""Renderers: each module turns a Report into one output format and nothing else."""

from __future__ import annotations

from typing import Callable

from checker.evaluate import Report

FORMATS = ("text", "json")


def renderer(name: str) -> Callable[..., str]:
    """The render function of one format; imported on demand so unused formats cost nothing."""
    if name == "text":
        from checker.report.text import render
    elif name == "json":
        from checker.report.json import render
    else:
        raise ValueError(f"unknown format {name!r}")
    return render


__all__ = ["FORMATS", "Report", "renderer"]
