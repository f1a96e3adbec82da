"""A reference to one cell of a workbook: its sheet and its coordinate, one value wherever a cell is meant.

Results point at the cells they were read from; a rate computed from counts points at two. Reports
print a reference as Excel writes it (主要指标!D9) and the annotated copy finds the row from it,
without parsing printed text back.
"""

from __future__ import annotations

import re
from typing import Iterable

from checker.records import record

_ROW = re.compile(r"[A-Za-z]+(\d+)$")


@record
class CellRef:
    sheet: str
    coordinate: str  # "D9"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.coordinate}"

    @property
    def row(self) -> int:
        return int(_ROW.match(self.coordinate).group(1))

    def as_json(self) -> dict:
        return {"sheet": self.sheet, "cell": self.coordinate}


def joined(cells: Iterable[CellRef]) -> str | None:
    """"S!G12/S!G11" for a rate from two counts; "/" never occurs in an Excel sheet name."""
    text = "/".join(map(str, cells))
    return text or None
