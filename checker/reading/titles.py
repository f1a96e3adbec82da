"""The words a workbook says about itself: title lines, 填报单位 lines and sheet names, with their cells.

The reader collects them while it reads the sheets; checker/plans/identity.py looks in them for the
area a submission comes from (忻州市, 重庆市江北区 …) and for the plan marker a template carries.
Only short texts where people write who is reporting are kept: lines above an indicator table,
the first rows of a sheet without one, and any cell that says 填报单位/报送单位. Table rows are not
kept: a label such as 青山绿水 is no statement of where the workbook comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.reading.sheets import Sheet

ROWS_WITHOUT_TABLE = 40  # rows read of a sheet with no indicator table (说明, 封面 …)
MAX_TEXT = 400  # longer cells are prose, not a title
UNIT_WORDS = ("填报单位", "报送单位", "填表单位", "单位名称", "制表单位", "上报单位")


@dataclass(frozen=True)
class Text:
    sheet: str
    cell: str  # "A1"; "" for the sheet's name
    text: str
    kind: str  # "title": above a table; "text": a sheet without a table; "unit": a 填报单位 line; "sheet": the sheet's name

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


def sheet_texts(sheet: Sheet, header_row: int | None) -> list[Text]:
    """Texts of one sheet that may say who reports: its name, lines above its table (`header_row`), 填报 lines."""
    from checker.reading.sheets import get_column_letter

    found = [Text(sheet.title, "", sheet.title, "sheet")]
    last = header_row - 1 if header_row is not None else ROWS_WITHOUT_TABLE
    kind = "title" if header_row is not None else "text"
    candidates = []
    for (row, column), (value, _format) in sheet.cells.items():
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            continue
        if row <= last:
            candidates.append((row, column, value.strip(), kind))
        elif any(word in value for word in UNIT_WORDS):
            candidates.append((row, column, value.strip(), "unit"))
    seen: set[str] = set()
    for row, column, text, here in sorted(candidates):
        if text and text not in seen:  # a merged title repeats in every cell it covers: keep its first
            seen.add(text)
            found.append(Text(sheet.title, f"{get_column_letter(column)}{row}", text, here))
    return found
