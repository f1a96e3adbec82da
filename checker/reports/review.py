"""`checker review`: the mid-term / final review summary a 中期评估 or 总结评估 meeting reads."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.reports.view import View
from checker.judging.evaluate import format_number
from checker.reports.messages import ATTRIBUTE_LABEL, attribute_text, indicator_name, target_text, unit_text, verdict_text
from checker.judging.trajectory import METHOD_ZH, ROUNDING_ZH, TOLERANCE_ZH, VERDICTS

VERDICT_STYLE = {
    "achieved_early": "bold green", "ahead": "green", "on_track": "cyan", "lagging": "bold red",
    "completed": "green", "not_completed": "bold red", "pending": "dim", "no_data": "yellow",
}
WORDS = {
    "zh": {
        "title": "中期评估" , "final_title": "总结评估", "indicator": "指标", "attribute": "属性", "baseline": "基数",
        "milestone": "进度目标", "target": "目标", "verdict": "评估结论", "counts": "按结论和属性统计",
        "method": "评估方法", "total": "合计",
    },
    "en": {
        "title": "Mid-term review", "final_title": "Final review", "indicator": "Indicator", "attribute": "Attribute",
        "baseline": "Baseline", "milestone": "Milestone", "target": "Target", "verdict": "Verdict",
        "counts": "Counts by verdict and attribute", "method": "Method", "total": "total",
    },
}


def render(document: dict, view: View = View()) -> str:
    lang, color, width = view.lang, view.color, view.width
    words = WORDS[lang]
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width or 160, highlight=False)
    year, method = document["year"], document["method"]
    first, final = method["baseline_year"] + 1, method["final_year"]
    heading = words["final_title"] if year >= final else words["title"]
    title = document["plan_title"] if lang == "zh" else document["plan_title_en"]
    console.print(Text(f"{title} — {heading} {year}", style="bold"))
    console.print(Text(document["file"], style="dim"))
    years = list(range(first, min(year, final) + 1))
    table = Table(header_style="bold")
    table.add_column(words["indicator"], overflow="fold", min_width=22, ratio=3)
    table.add_column(words["attribute"], no_wrap=True)
    table.add_column(f"{words['baseline']} {method['baseline_year']}", no_wrap=True)
    for column_year in years:
        table.add_column(str(column_year), no_wrap=True)
    table.add_column(f"{words['milestone']} {year}", no_wrap=True)
    table.add_column(f"{words['target']} {final}", no_wrap=True)
    table.add_column(words["verdict"], no_wrap=True, min_width=8)
    targets = [r for r in document["results"] if r["kind"] == "target"]
    for result in targets:
        def shown(value, result=result):
            if value is None:
                return "—"
            if result["unit"] == "yes_no":
                return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
            return format_number(value)

        by_year = result["values_by_year"]
        baseline = result["baseline"] if result["baseline"] is not None else by_year.get(str(method["baseline_year"]))
        cells = [shown(by_year.get(str(y))) for y in years]
        if result["derived"] and str(year) not in by_year:
            cells[-1] = shown(result["value"]) + ("（按人数计算）" if lang == "zh" else " (from counts)")
        elif result["value"] is not None and result["trajectory"] == "cumulative" and result["value"] != by_year.get(str(year)):
            cells[-1] += (f"（累计{format_number(result['value'])}）" if lang == "zh" else f" (total {format_number(result['value'])})")
        unit = unit_text(result, lang).strip()
        name = indicator_name(result, lang) + (f"（{unit}）" if lang == "zh" else f" ({unit})") if unit else indicator_name(result, lang)
        table.add_row(
            name,
            attribute_text(result, lang),
            shown(baseline),
            *cells,
            shown(result["milestone"]),
            target_text(result, lang),
            Text(verdict_text(result["verdict"], lang), style=VERDICT_STYLE.get(result["verdict"], "")),
        )
    console.print(table)
    console.print(Text(words["counts"], style="bold"))
    console.print(_counts_table(targets, lang))
    console.print(Text(words["method"], style="bold"))
    if lang == "zh":
        years = {"b": method["baseline_year"], "f": final, "first": first}
        lines = [(kind, text.format(**years)) for kind, text in METHOD_ZH.items()]
        lines += [("容差", TOLERANCE_ZH), ("取整", ROUNDING_ZH)]
    else:
        lines = [*method["trajectories"].items(), ("tolerance", method["tolerance"]), ("rounding", method["rounding"])]
    for kind, text in lines:
        console.print(f"  {kind}: {text}", markup=False, soft_wrap=True)
    return buffer.getvalue()


def _counts_table(targets: list[dict], lang: str) -> Table:
    words = WORDS[lang]
    attributes = ("binding", "expected")
    table = Table(header_style="bold")
    table.add_column(words["verdict"])
    for attribute in attributes:
        table.add_column(ATTRIBUTE_LABEL[lang][attribute], justify="right")
    table.add_column(words["total"], justify="right")
    for verdict in VERDICTS:
        row = [sum(1 for r in targets if r["verdict"] == verdict and r["attribute"] == a) for a in attributes]
        if sum(row):
            table.add_row(verdict_text(verdict, lang), *map(str, row), str(sum(row)))
    return table
