"""Results as pandas DataFrames, for analysts (issue 14): `pip install 'plan-checker[api]'`.

    from checker import api
    frame = api.results(["city.xlsx"], plan="xinzhou")          # one row per indicator per unit
    frame[frame.status == "fail"]                                # who misses what
    api.pivot(frame)                                             # unit × indicator, statuses
    api.pivot(frame, values="value")                             # unit × indicator, figures

pandas is imported inside the functions, never at import time, so that `check` (which never imports
this module) does not pay for it. Each workbook is checked exactly as `check FILE` checks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import pandas

COLUMNS = ("file", "unit", "year", "id", "name", "attribute", "value", "target", "status", "cell")
AREA = "（合计）"  # the label of an area's own row in a pivot: the area's name followed by it


def documents(workbooks: Iterable[str | Path] | str | Path, plan: str | None = None, *, year: int | None = None,
              targets: str | Path | None = None, waivers: str | Path | None = None) -> list[dict]:
    """The results document of each workbook (files, folders or globs), as `check --format json` gives it."""
    from checker.batch.run import expand
    from checker.checking import prepare
    from checker.settings import CheckSettings

    if isinstance(workbooks, (str, Path)):
        workbooks = [workbooks]
    check = prepare(CheckSettings(plan, Path(targets) if targets else None, year, Path(waivers) if waivers else None))
    return [check.document(path) for path in expand(str(w) for w in workbooks)]


def rows(document: dict) -> list[dict]:
    """The tidy rows of one results document: the area's results (unit None), then each unit's."""
    found = [_row(document, None, result) for result in document["results"] if result.get("kind", "target") == "target"]
    for unit in document.get("units", ()):
        found += [_row(document, unit["unit"], result) for result in unit["results"] if result.get("kind", "target") == "target"]
    return found


def _row(document: dict, unit: str | None, result: dict) -> dict:
    return {
        "file": document["file"], "unit": unit, "year": document["year"], "id": result["id"], "name": result["name"],
        "attribute": result["attribute"], "value": result["value"], "target": result["target"], "status": result["status"],
        "cell": result["cell"],
    }


def results(workbooks: Iterable[str | Path] | str | Path, plan: str | None = None, *, year: int | None = None,
            targets: str | Path | None = None, waivers: str | Path | None = None) -> "pandas.DataFrame":
    """A tidy frame: one row per indicator of the area (unit None) and of each unit, for every workbook.

    Columns: file, unit, year, id, name, attribute, value, target, status, cell.
    """
    import pandas

    found = [row for document in documents(workbooks, plan, year=year, targets=targets, waivers=waivers) for row in rows(document)]
    return pandas.DataFrame(found, columns=list(COLUMNS))


def pivot(frame: "pandas.DataFrame", values: str = "status") -> "pandas.DataFrame":
    """Unit × indicator: one row per unit (the area's row labelled 合计), one column per indicator id,
    in the frame's order; `values`: "status" (default), "value" or any other column."""
    import pandas

    labelled = frame.assign(unit=frame["unit"].where(frame["unit"].notna(), AREA))
    table = labelled.pivot_table(index=["file", "unit"], columns="id", values=values, aggfunc="first", sort=False, dropna=False)
    table = table.reindex(columns=pandas.unique(frame["id"]))
    table.columns.name = None
    if labelled["file"].nunique() == 1:
        table = table.droplevel("file")
    return table
