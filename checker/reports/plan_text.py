"""`checker show`: a plan's indicators as a table a reviewer can hold against the document."""

from __future__ import annotations

import io

from checker.reports.terminal import text_console
from rich.table import Table
from rich.text import Text

from checker.reports.messages import attribute_text, indicator_name, target_text
from checker.plans.loading import Plan
from checker.judging.results import indicator_document

TIER_LABEL = {"zh": {"main": "主要", "supplementary": "补充"}, "en": {"main": "main", "supplementary": "supplementary"}}


def render_plan(plan: Plan, lang: str = "zh", color: bool = False, width: int | None = None) -> str:
    buffer = io.StringIO()
    console = text_console(buffer, color, width or 160)
    console.print(Text(plan.title if lang == "zh" else plan.title_en, style="bold"))
    details = [plan.issuer, plan.document_number, plan.issued, f"source: {plan.source}"]
    console.print(Text("  ".join(d for d in details if d), style="dim"))
    zh = lang == "zh"
    table = Table(show_lines=True, header_style="bold")
    for heading in (("指标", "Indicator"), ("id", "id"), ("层级", "Tier"), ("属性", "Attribute"), ("目标", "Target"), ("进度", "Trajectory"), ("原文", "Source quote")):
        table.add_column(heading[0] if zh else heading[1], overflow="fold")
    for indicator in plan.indicators:
        described = indicator_document(indicator)
        quote = f"{indicator.section}：{indicator.quote}"
        if indicator.scope == "per_subunit":
            quote += f"\n(每个{indicator.subunit})" if zh else f"\n(for each {indicator.subunit})"
        table.add_row(
            indicator_name(described, lang),
            indicator.id,
            TIER_LABEL[lang][indicator.tier],
            attribute_text(described, lang),
            target_text(described, lang),
            indicator.trajectory,
            quote,
        )
    console.print(table)
    binding = sum(i.attribute == "binding" for i in plan.indicators)
    console.print(f"{len(plan.indicators)} indicators: {binding} binding, {len(plan.indicators) - binding} expected")
    return buffer.getvalue()

