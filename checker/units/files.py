"""`checker rollup`: one workbook per unit → the area's workbook, in the plan's template layout.

Each input is a unit's own submission (a county's workbook) and names its unit in its title, its
填报单位 line, a sheet name or its file name. The figures are rolled up by the rules of rollup.py and
written into the submission template (checker/template.py), so that `check AREA.xlsx` judges the area
as it judges any submission; a further sheet lists every unit's figure with its source (file,
sheet!cell). Refused (exit 2): two inputs naming the same unit, inputs for different years or
another plan, a unit that is not a sub-unit of the area. A sub-unit missing from the inputs is listed,
and the roll-up is marked incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from checker.errors import CheckerError
from checker.judging.derived import rate_from_counts
from checker.plans.loading import Plan
from checker.reading.workbook import Observation, WorkbookData
from checker.units import rollup
from checker.units.names import area_names_in, units_named, unit_error
from checker.units.rollup import Gap, Group, Key

SOURCES_SHEET = "各单位"
ROLE_WORDS = {"indicator": "", "numerator": "（分子）", "denominator": "（分母）"}


@dataclass(frozen=True)
class UnitInput:
    path: Path
    unit: str
    data: WorkbookData
    year: int


@dataclass(frozen=True)
class Rollup:
    """What `checker rollup` wrote: for the command's summary and for tests."""

    output: Path
    plan: str
    area: str | None
    year: int
    units: tuple[str, ...]
    missing_units: tuple[str, ...]
    filled: tuple[str, ...]  # indicator ids with a rolled-up figure for the year
    gaps: dict[str, Gap]  # indicator id → why it is not rolled up

    @property
    def complete(self) -> bool:
        return not self.missing_units

    def summary(self, lang: str = "zh") -> str:
        from checker.reports.units import _not_rolled_up

        zh = lang == "zh"
        area = self.area or ("本区域" if zh else "the area")
        if zh:
            lines = [f"{self.output}：{area} {self.year}年，由 {len(self.units)} 个单位汇总（{'、'.join(self.units)}），{len(self.filled)} 项指标有汇总数"]
            if self.missing_units:
                lines.append(f"汇总不完整：缺少 {len(self.missing_units)} 个下级单位：{'、'.join(self.missing_units)}")
            for indicator_id, gap in self.gaps.items():
                lines.append(f"  未汇总 {indicator_id}：{_not_rolled_up(gap.params(), True)}")
            lines.append(f"检查汇总结果：checker check {self.output} --plan {self.plan}")
        else:
            lines = [f"{self.output}: {area} {self.year}, rolled up from {len(self.units)} units ({', '.join(self.units)}); {len(self.filled)} indicators rolled up"]
            if self.missing_units:
                lines.append(f"incomplete: {len(self.missing_units)} sub-units missing: {', '.join(self.missing_units)}")
            for indicator_id, gap in self.gaps.items():
                lines.append(f"  not rolled up {indicator_id}: {_not_rolled_up(gap.params(), False)}")
            lines.append(f"check the area: checker check {self.output} --plan {self.plan}")
        return "\n".join(lines) + "\n"


def rollup_files(paths: list[Path], check, output: Path, *, area: str | None = None, force: bool = False) -> Rollup:
    """Roll the unit workbooks `paths` up into `output`; `check`: the prepared Check (plan, settings)."""
    plan: Plan = check.plan
    output = Path(output)
    _check_output(output, paths, force)
    area_name = area or plan.area
    subunits = plan.subunits if (area is None or area == plan.area) else ()
    inputs = [_read(path, check, plan, area_name, subunits) for path in paths if Path(path).resolve() != output.resolve()]
    if not inputs:
        raise unit_error("no unit workbook to roll up", "没有可汇总的单位工作簿", str(output))
    _refuse_same_unit(inputs)
    _refuse_different_years(inputs, check.settings.year)
    year = check.settings.year or inputs[0].year
    units = tuple(sorted((i.unit for i in inputs), key=lambda u: subunits.index(u) if u in subunits else len(subunits)))
    ordered = sorted(inputs, key=lambda i: units.index(i.unit))
    observations = tuple(o for i in ordered for o in _as_unit(i))
    found = rollup.groups(plan, observations, year)
    missing = tuple(u for u in subunits if u not in units)
    filled, gaps = _write(plan, ordered, found, _AreaWorkbook(output, area_name, year, units, missing))
    return Rollup(output, plan.id, area_name, year, units, missing, filled, gaps)


def _check_output(output: Path, paths: list[Path], force: bool) -> None:
    if output.suffix.lower() != ".xlsx":
        raise unit_error("the area's workbook is an Excel workbook: give -o AREA.xlsx", "汇总结果是 Excel 工作簿：请用 -o 给出以 .xlsx 结尾的文件名", str(output))
    if output.exists() and not force:
        raise unit_error("already exists; give --force to replace it", "文件已存在；如要替换，请加 --force", str(output))
    if not output.parent.is_dir():
        raise unit_error(f"cannot write: folder {output.parent} does not exist", f"无法写入：文件夹 {output.parent} 不存在", str(output))


def _read(path: Path, check, plan: Plan, area: str | None, subunits: tuple[str, ...]) -> UnitInput:
    from checker.judging.evaluate import reporting_year, require_indicators
    from checker.reading.workbook import read_workbook

    data = read_workbook(path)
    check.plan_for(data)  # a workbook of another plan's area is refused here, as `check --plan` refuses it
    require_indicators(plan, data)
    unit = unit_of(data, Path(path), area, plan.parents, subunits)
    return UnitInput(Path(path), unit, data, reporting_year(data, None, plan))


def unit_of(data: WorkbookData, path: Path, area: str | None, parents: tuple[str, ...], subunits: tuple[str, ...]) -> str:
    """The unit a workbook names: a sub-unit of the area in its titles, 填报单位 line or sheet names, else
    in its file name. A name that is not a sub-unit of the area, or no name at all, is refused."""
    texts = [t.text for t in getattr(data, "texts", ()) if t.kind in ("title", "unit", "text", "sheet")]
    file = str(path)
    own = [n for n in (area, *parents) if n]
    if subunits:
        for source in ("\n".join(texts), path.stem):
            named = units_named(source, subunits)
            if len(named) == 1:
                return named[0]
            if len(named) > 1:
                listed = "、".join(named)
                raise unit_error(
                    f"names several sub-units ({', '.join(named)}): each workbook must be one unit's; name it alone in the title or file name",
                    f"写有多个下级单位（{listed}）：每份工作簿只能是一个单位的，请在标题或文件名中只写该单位", file,
                )
    others = area_names_in(path.stem, own) or [n for t in texts for n in area_names_in(t, own)]
    if subunits and others:
        raise unit_error(
            f"{others[0]} is not a sub-unit of {area} (its sub-units: {', '.join(subunits)})",
            f"“{others[0]}”不是{area}的下级单位（{area}的下级单位：{'、'.join(subunits)}）", file,
        )
    if not subunits and others:
        return others[0]
    raise unit_error(
        "cannot tell which unit this workbook is: name the unit in its title (2025年原平市…) or its file name (原平市.xlsx)",
        "无法判断这份工作簿是哪个单位的：请在标题（如“2025年原平市……”）或文件名（如“原平市.xlsx”）中写明单位", file,
    )


def _refuse_same_unit(inputs: list[UnitInput]) -> None:
    seen: dict[str, UnitInput] = {}
    for item in inputs:
        if item.unit in seen:
            first = seen[item.unit]
            raise unit_error(
                f"two workbooks name the same unit {item.unit}: {first.path} and {item.path}; keep one",
                f"两份工作簿都是“{item.unit}”的：{first.path} 和 {item.path}；请只保留一份", str(item.path),
            )
        seen[item.unit] = item


def _refuse_different_years(inputs: list[UnitInput], requested: int | None) -> None:
    years = {i.year for i in inputs}
    if len(years) > 1:
        listed_en = ", ".join(f"{i.path} ({i.year})" for i in inputs)
        listed_zh = "、".join(f"{i.path}（{i.year}年）" for i in inputs)
        raise unit_error(
            f"the workbooks are for different years: {listed_en}; roll up one year's workbooks at a time",
            f"这些工作簿的年份不同：{listed_zh}；请一次只汇总同一年的工作簿", None,
        )


def _as_unit(item: UnitInput) -> tuple[Observation, ...]:
    """The unit's own figures (its total, for a workbook that has units of its own), tagged with its name;
    an undated column takes the workbook's year."""
    undated = item.data.context_year if item.data.context_year is not None else item.year
    return tuple(
        replace(o, unit=item.unit, total=False, year=o.year if o.year is not None else undated)
        for o in item.data.observations if o.unit is None
    )


@dataclass(frozen=True)
class _AreaWorkbook:
    """The workbook a roll-up writes: where, for which area and year, from which units, lacking which."""

    output: Path
    area: str | None
    year: int
    units: tuple[str, ...]
    missing: tuple[str, ...]


def _write(plan: Plan, inputs: list[UnitInput], found: dict, target: _AreaWorkbook) -> tuple[tuple[str, ...], dict[str, Gap]]:
    from openpyxl.styles import Alignment, Font

    from checker.files import write_atomically
    from checker.reports.excel import put
    from checker.reports.units import _not_rolled_up
    from checker.template import INDICATOR_SHEET, build_template, year_columns

    output, area, year, units, missing = target.output, target.area, target.year, target.units, target.missing
    years_given = sorted({y for (_key, y, _c) in found if plan.baseline_year <= y <= plan.final_year} | {year})
    columns_years = year_columns(plan, (years_given[0], years_given[-1]))
    workbook = build_template(plan, columns_years)
    sheet = workbook[INDICATOR_SHEET]
    header_row = 2
    headers = {sheet.cell(header_row, c).value: c for c in range(1, sheet.max_column + 1)}
    year_column = {y: headers[f"{y}年"] for y in columns_years}
    note_column = headers["备注"]
    rows = _template_rows(sheet, header_row)
    cumulative_column = None
    filled: list[str] = []
    gaps: dict[str, Gap] = {}
    for (key, slot_year, cumulative), group in sorted(found.items(), key=lambda item: (item[0][1], item[0][2])):
        if not rollup.summable(plan, key) or not group.complete(units) or key not in rows:
            continue
        if cumulative:
            if slot_year != year:
                continue
            if cumulative_column is None:
                cumulative_column = _add_cumulative_column(sheet, header_row, note_column, year)
                note_column += 1
            column = cumulative_column
        elif slot_year in year_column:
            column = year_column[slot_year]
        else:
            continue
        sheet.cell(rows[key], column).value = group.total
        if key[0] == "indicator" and slot_year == year:
            filled.append(key[1])
    for indicator in plan.indicators:
        if rollup.rule(indicator) != "rate" or indicator.numerator is None or indicator.denominator is None:
            continue
        for y, column in year_column.items():
            parts = [found.get(((role, indicator.id), y, False)) for role in rollup.ROLES]
            if any(p is None or not p.complete(units) for p in parts):
                continue
            rate = rate_from_counts(parts[0].total, parts[1].total)
            if rate is not None and ("indicator", indicator.id) in rows:
                sheet.cell(rows[("indicator", indicator.id)], column).value = rate
                if y == year:
                    filled.append(indicator.id)
    for indicator in plan.indicators:
        if indicator.id in filled:
            continue
        gap = rollup.gap(plan, indicator, found, units, year)
        if gap is not None:
            gaps[indicator.id] = gap
            put(sheet.cell(rows[("indicator", indicator.id)], note_column), "未汇总：" + _not_rolled_up(gap.params(), True)).alignment = Alignment(wrap_text=True, vertical="top")
    title = f"{area or plan.title}{year}年 由{len(units)}个单位汇总" + (f"（汇总不完整：缺少{len(missing)}个下级单位）" if missing else "")
    put(sheet.cell(1, 1), f"{title} — {plan.title} 指标填报表").font = Font(bold=True, size=14)
    _note_instructions(workbook, units, missing, inputs)
    _sources_sheets(workbook, plan, found, inputs, units)
    write_atomically(output, workbook.save)
    return tuple(dict.fromkeys(filled)), gaps


def _template_rows(sheet, header_row: int) -> dict[Key, int]:
    """(role, indicator id) → the template's row: an id row, then its numerator and denominator rows."""
    from checker.template import ITEM_WORDS

    roles = {words: role for role, words in ITEM_WORDS.items()}
    rows: dict[Key, int] = {}
    current = None
    for row in range(header_row + 1, sheet.max_row + 1):
        indicator_id, category = sheet.cell(row, 1).value, sheet.cell(row, 5).value
        if indicator_id:
            current = indicator_id
            rows[("indicator", indicator_id)] = row
        elif category in roles and current:
            rows[(roles[category], current)] = row
    return rows


def _add_cumulative_column(sheet, header_row: int, note_column: int, year: int) -> int:
    """A "2025年累计" column before 备注, for five-year totals the units give as 累计 figures."""
    from checker.reports.excel import BOLD, HEADER_FILL, put

    sheet.insert_cols(note_column)
    cell = put(sheet.cell(header_row, note_column), f"{year}年累计")
    cell.font, cell.fill = BOLD, HEADER_FILL
    return note_column


def _note_instructions(workbook, units: tuple[str, ...], missing: tuple[str, ...], inputs: list[UnitInput]) -> None:
    from checker.reports.excel import put

    sheet = workbook.worksheets[0]
    row = sheet.max_row + 2
    lines = [
        f"本工作簿由 checker rollup 汇总生成：{len(units)} 个单位（{'、'.join(units)}）。",
        "汇总规则：人数、户数、个数相加；比率由相加后的分子、分母重算，从不平均；只有比率没有人数的、增长类、是/否和金额类指标不汇总（备注列写明原因）。",
        f"各单位的数值见“{SOURCES_SHEET}……”各表，每个数值的批注是其来源（文件 工作表!单元格）。",
    ]
    if missing:
        lines.append(f"汇总不完整：缺少 {len(missing)} 个下级单位：{'、'.join(missing)}。")
    for offset, text in enumerate(lines):
        put(sheet.cell(row + offset, 1), text)


def _sources_sheets(workbook, plan: Plan, found: dict, inputs: list[UnitInput], units: tuple[str, ...]) -> list[str]:
    """Every unit's figures, one sheet per year (and one for 累计 figures): a row per indicator or count,
    a column per unit, each figure's comment naming its source (file, sheet!cell).

    A year's sheet is laid out as a workbook with unit columns and no total (id | 指标 | 忻府区 | …), so
    a reader that knows unit columns gives the units' results when the area's workbook is checked; the
    total stands on the template's sheet. A 累计 sheet names no indicator column, and is not read."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    from checker.reports.excel import BOLD, HEADER_FILL, put

    files = {i.unit: i.path.name for i in inputs}
    order = {indicator.id: n for n, indicator in enumerate(plan.indicators)}
    slots = sorted({(year, cumulative) for (_key, year, cumulative) in found}, key=lambda s: (-s[0], s[1]))
    titles = []
    for year, cumulative in slots:
        title = f"{SOURCES_SHEET}{year}{'累计' if cumulative else ''}"
        sheet = workbook.create_sheet(title)
        titles.append(title)
        put(sheet.cell(1, 1), f"各单位{year}年{'累计数' if cumulative else '数值'}（每个数值的批注是其来源：文件 工作表!单元格）").font = Font(bold=True, size=12)
        put(sheet.cell(2, 1), "来源文件：" + "；".join(f"{unit} {files[unit]}" for unit in units))
        headers = ("代号", "中文表述") if cumulative else ("id", "指标")
        for column, text in enumerate((*headers, *units), start=1):
            cell = put(sheet.cell(3, column), text)
            cell.font, cell.fill = BOLD, HEADER_FILL
        keys = sorted({key for (key, y, c) in found if (y, c) == (year, cumulative)}, key=lambda k: (order[k[1]], ("indicator", *rollup.ROLES).index(k[0])))
        for row, key in enumerate(keys, start=4):
            role, indicator_id = key
            indicator = plan.indicator(indicator_id)
            put(sheet.cell(row, 1), indicator_id if role == "indicator" else None)
            put(sheet.cell(row, 2), indicator.name if role == "indicator" else getattr(indicator, role).name)
            group = found[(key, year, cumulative)]
            for column, unit in enumerate(units, start=3):
                figure = group.figures.get(unit)
                if figure is None:
                    continue
                cell = sheet.cell(row, column)
                if figure.value is not None:
                    cell.value = figure.value
                elif figure.problem is not None:
                    put(cell, str(figure.observation.raw))
                cell.comment = Comment(f"{files[unit]} {figure.observation.location}", "checker rollup")
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 50
        sheet.freeze_panes = sheet.cell(4, 3)
    return titles
