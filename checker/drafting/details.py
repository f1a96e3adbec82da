"""The [plan] table of a draft: title, issuer, 文号 and date, where the document states them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from checker.drafting.document import Document

HEAD_LINES = 60  # the title block and the notice that carries the plan stand at the top
TAIL_LINES = 20  # a signature date may stand at the end
_LABEL = r"\s*[:：]\s*"
_ISSUER_LABEL = re.compile(r"发文机关" + _LABEL + r"(\S+)")
_NUMBER_LABEL = re.compile(r"(?:发文字号|文号)" + _LABEL + r"(\S+〔\d{4}〕\d+号)")
_NUMBER_ALONE = re.compile(r"^\s*([\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号)\s*$")
_DATE_LABEL = re.compile(r"成文日期" + _LABEL + r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DATE_ALONE = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
_ISSUER_ALONE = re.compile(r"^\s*([\u4e00-\u9fff]{2,30}(?:人民政府办公室|人民政府办公厅|人民政府|残疾人联合会|办公室))\s*$")
_TITLE_WORDS = re.compile(r"规划|意见|方案|计划|纲要")
_TITLE_IN_NOTICE = re.compile(r"《([^《》]*(?:规划|意见|方案|计划|纲要)[^《》]*)》")


@dataclass(frozen=True)
class PlanDetails:
    title: str | None
    issuer: str | None
    document_number: str | None
    issued: str | None  # YYYY-MM-DD
    lines: dict[str, int]  # field → the line it was read from


def read_details(document: Document) -> PlanDetails:
    head = document.lines[:HEAD_LINES]
    found: dict[str, tuple[str, int]] = {}
    for line in head:
        text = line.text.strip()
        for key, pattern in (("issuer", _ISSUER_LABEL), ("document_number", _NUMBER_LABEL)):
            if key not in found and (match := pattern.search(text)):
                found[key] = (match.group(1), line.number)
        if "issued" not in found and (match := _DATE_LABEL.search(text)) and _iso(match):
            found["issued"] = (_iso(match), line.number)
        if "document_number" not in found and (match := _NUMBER_ALONE.match(text)):
            found["document_number"] = (match.group(1), line.number)
        if "issuer" not in found and (match := _ISSUER_ALONE.match(text)):
            found["issuer"] = (match.group(1), line.number)
    for line in [*head, *document.lines[-TAIL_LINES:]]:
        if "issued" not in found and (match := _DATE_ALONE.match(line.text)) and _iso(match):
            found["issued"] = (_iso(match), line.number)
    title = _title(document)
    if title:
        found["title"] = title
    return PlanDetails(
        title=found.get("title", (None,))[0],
        issuer=found.get("issuer", (None,))[0],
        document_number=found.get("document_number", (None,))[0],
        issued=found.get("issued", (None,))[0],
        lines={key: number for key, (_, number) in found.items()},
    )


def _iso(match: re.Match) -> str | None:
    """The date as YYYY-MM-DD; None for a day the calendar does not have (2021年2月30日 is a typo, not a date)."""
    try:
        return datetime.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def _title(document: Document) -> tuple[str, int] | None:
    """The plan's own title line (one naming 十四五 first); failing that, the title a 关于印发《…》的通知 names."""
    titles, notices = [], []
    for line in document.lines[:HEAD_LINES]:
        text = re.sub(r"\s+", "", line.text)
        if not _TITLE_WORDS.search(text) or len(text) > 60 or text.endswith(("。", "；", "：", ":")):
            continue
        if "印发" in text or "通知" in text or re.search(r"[:：>＞|]", text):
            if match := _TITLE_IN_NOTICE.search(text):
                notices.append((match.group(1), line.number))
            continue
        titles.append((text, line.number))
    ranked = sorted(titles, key=lambda title: "十四五" not in title[0]) + notices
    return ranked[0] if ranked else None
