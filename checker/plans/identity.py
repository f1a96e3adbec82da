"""Which plan a workbook belongs to: the area it names (忻州市, 重庆市江北区, 原平市 …), its plan marker.

A submission says where it comes from in its title, its 填报单位 line, a sheet name or its file name.
Each plan's target file names its area, the areas above it (`parents`, which only confirm) and the
divisions below it (`subunits`: a county's or a street's workbook belongs to its parent's plan).

Names are matched with care, because a wrong plan gives a confident wrong answer:

- full names (江北区, 大安市, 原平市) count; a short name (江北, 大安) counts only to guess a plan, only
  where a word boundary follows it (大安全 and 青山绿水 are no places), and never to refuse a check;
- a sub-unit's name refuses a check against another plan only under its own area or parents, or when
  it is a county-level name (原平市, 五台县): street and district names repeat across the country;
- a full name preceded by another city or province (宁波市江北区, 武汉市青山区) is another place of the
  same name and does not count; one preceded by, or seen with, a parent (重庆市江北区) is confirmed;
- a name followed by a character that makes it another word (青山区域) does not count.

`infer_plan` picks the plan of a workbook given without --plan; `foreign_area` finds the area of
another plan in a workbook checked with --plan, which the check then refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from checker.errors import CheckerError
from checker.reading.titles import Text

# Strength of a mention, strongest first; a plan is inferred from the strongest level that names any.
MARKER, FULL, SHORT, FILE_NAME = 4, 3, 2, 1
SUFFIXES = ("自治县", "自治旗", "自治州", "街道", "新区", "地区", "市", "区", "县", "镇", "乡", "旗", "盟", "州", "省")
# A name followed by one of these characters is part of another word: 青山区域, 大安市场, 代县域.
NOT_AFTER = {"区": "域划间别", "市": "场", "县": "域", "镇": "", "街道": "", "州": ""}
# After a short name (江北, 大安), only these characters keep it a place: 大安残联, 忻州统计局, 江北2025.
SHORT_NAME_FOLLOWERS = "残政统"
# County-level names are unique in the country (原平市, 五台县); district names are not (江北区 in 重庆 and 宁波).
DISTINCT_SUFFIXES = ("市", "县", "旗")
MARKER_PATTERN = re.compile(r"--plan[\s=]+([a-z][a-z0-9_]*)")
SNIPPET = 40


@dataclass(frozen=True)
class PlanArea:
    """What identifies one plan's workbooks: its id and title, its area, the areas above and below it."""

    plan_id: str
    title: str
    area: str | None = None
    parents: tuple[str, ...] = ()
    subunits: tuple[str, ...] = ()

    @classmethod
    def of(cls, plan) -> PlanArea:
        return cls(plan.id, plan.title, plan.area, tuple(plan.parents), tuple(plan.subunits))

    def names(self) -> list[tuple[str, str]]:
        """(name, "area" | "subunit") of every full name that belongs to this plan."""
        return ([(self.area, "area")] if self.area else []) + [(name, "subunit") for name in self.subunits]


@dataclass(frozen=True)
class Mention:
    """One place where a workbook names a plan's area, a sub-unit of it, or the plan itself."""

    plan_id: str
    name: str  # as written in the workbook: 江北区, 原平市, 大安, --plan xinzhou
    role: str  # "area", "subunit", "marker" (the template's --plan line), "title" (the plan's title), "file"
    strength: int
    location: str  # "主要指标!A1", a sheet's name, or the file name
    text: str  # the cell's text, shortened
    confirmed: bool = False  # a parent of the plan stands before the name or elsewhere in the workbook

    def as_json(self) -> dict:
        return {"plan": self.plan_id, "name": self.name, "role": self.role, "cell": self.location, "text": self.text}


def plan_areas(extra: Path | None = None) -> tuple[PlanArea, ...]:
    """The areas of every available plan (shipped, then --targets), read from the [plan] tables only.

    A target file that cannot be read is left out here: it is reported when it is the plan checked.
    """
    from checker.plans.loading import plan_files

    areas = []
    for plan_id, path in sorted(plan_files(extra).items()):
        table = _plan_table(path)
        if not isinstance(table, dict):
            continue
        areas.append(PlanArea(
            plan_id, str(table.get("title", plan_id)), _text_or_none(table.get("area")),
            _names(table.get("parents")), _names(table.get("subunits")),
        ))
    return tuple(areas)


def _plan_table(path: Path) -> dict | None:
    """The [plan] table of a target file, parsed alone: it stands first, before the [[indicator]] tables
    that make up the rest (and nearly all the parsing time) of the file."""
    import tomllib

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    head = re.split(r"(?m)^\s*\[\[", text, maxsplit=1)[0]
    for source in (head, text):
        try:
            return tomllib.loads(source).get("plan")
        except tomllib.TOMLDecodeError:
            continue
    return None


def _text_or_none(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _names(value) -> tuple[str, ...]:
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip()) if isinstance(value, list) else ()


def short_name(name: str) -> str | None:
    """江北区 → 江北, 大安市 → 大安; None when nothing of two characters or more is left (代县)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def mentions(texts: Iterable[Text], file: str, areas: Iterable[PlanArea]) -> list[Mention]:
    """Every mention of a plan in the workbook's texts and its file name, strongest first."""
    texts = list(texts)
    areas = list(areas)
    everything = "\n".join(t.text for t in texts)
    found: list[Mention] = []
    for area in areas:
        parent_seen = any(parent in everything for parent in area.parents)
        area_seen = bool(area.area) and area.area in everything  # confirms a sub-unit's name
        for text in texts:
            found += _in_text(area, text.text, text.location, text.kind, parent_seen, area_seen)
        stem = Path(file).stem
        if re.search(rf"(?<![a-z]){re.escape(area.plan_id.lower())}(?![a-z])", stem.lower()):
            found.append(Mention(area.plan_id, area.plan_id, "file", FILE_NAME, Path(file).name, Path(file).name))
        for mention in _in_text(area, stem, Path(file).name, "file", parent_seen, area_seen):
            found.append(Mention(mention.plan_id, mention.name, "file", FILE_NAME, mention.location, mention.text, mention.confirmed))
    return sorted(found, key=lambda m: (-m.strength, not m.confirmed))


def _in_text(area: PlanArea, text: str, location: str, kind: str, parent_seen: bool, area_seen: bool = False) -> list[Mention]:
    found = []
    shown = _cut(text)
    marker = MARKER_PATTERN.search(text)
    if marker and marker.group(1) == area.plan_id:
        found.append(Mention(area.plan_id, marker.group(0), "marker", MARKER, location, shown, True))
    elif area.title and area.title in text:
        found.append(Mention(area.plan_id, area.title, "title", MARKER, location, shown, True))
    for name, role in area.names():
        allowed_before = area.parents if role == "area" else (*area.parents, *([area.area] if area.area else []))
        strong = len(name) >= 3
        for match in re.finditer(re.escape(name), text):
            verdict = _placed(text, match.start(), match.end(), name, allowed_before)
            if verdict is None:
                continue
            confirmed = verdict or parent_seen or (role == "subunit" and area_seen)
            distinct = role == "area" or confirmed or name.endswith(DISTINCT_SUFFIXES)
            found.append(Mention(area.plan_id, name, role, FULL if strong and distinct else SHORT, location, shown, confirmed))
            break
        else:
            # Only the plan's own area has a short name that counts (江北, 大安): a sub-unit's (和平, 联合,
            # 公园) is an everyday word.
            short = short_name(name) if strong and role == "area" else None
            if short and kind != "file":
                for match in re.finditer(re.escape(short), text):
                    after = text[match.end(): match.end() + 1]
                    if after and _is_cjk(after) and after not in SHORT_NAME_FOLLOWERS:
                        continue
                    if _placed(text, match.start(), match.end(), short, allowed_before) is None:
                        continue
                    found.append(Mention(area.plan_id, short, role, SHORT, location, shown, parent_seen))
                    break
            elif short and kind == "file" and short in text:
                found.append(Mention(area.plan_id, short, role, FILE_NAME, location, shown, parent_seen))
    return found


def _placed(text: str, start: int, end: int, name: str, allowed_before: tuple[str, ...]) -> bool | None:
    """None: not this place (another word, or the same name under another city); True: a parent stands
    right before it (confirmed); False: the name stands on its own."""
    after = text[end: end + 1]
    for suffix, blocked in NOT_AFTER.items():
        if name.endswith(suffix) and after and after in blocked:
            return None
    before = text[:start]
    if any(before.endswith(parent) for parent in allowed_before):
        return True
    stripped = before.rstrip()
    if stripped[-1:] in ("市", "省", "州", "盟") or stripped.endswith(("自治区", "地区")):
        return None  # 宁波市江北区, 武汉市青山区: a place of the same name elsewhere
    return False


def _describe(areas: Iterable[PlanArea]) -> tuple[str, str]:
    listed = [(a.plan_id, a.title) for a in areas]
    return ", ".join(f"{i} ({t})" for i, t in listed) or "none", "、".join(f"{i}（{t}）" for i, t in listed) or "无"


def infer_plan(texts: Iterable[Text], file: str, areas: tuple[PlanArea, ...]) -> Mention:
    """The strongest mention that names exactly one plan; CheckerError when none does or two plans tie."""
    found = mentions(texts, file, areas)
    en_list, zh_list = _describe(areas)
    if not found:
        raise CheckerError(
            "cannot tell which plan this workbook follows: no plan's area or sub-unit is named in its titles, "
            f"填报单位 line, sheet names or file name; give --plan, one of: {en_list}",
            zh="无法判断此工作簿对应哪个规划：标题、填报单位、工作表名和文件名中都没有某个规划的地区或其下辖单位；"
               f"请用 --plan 指定，可选：{zh_list}",
            file=file,
        )
    best = found[0].strength
    level = [m for m in found if m.strength == best]
    plans = {m.plan_id for m in level}
    if len(plans) > 1:
        confirmed = {m.plan_id for m in level if m.confirmed}
        if len(confirmed) == 1:
            plans = confirmed
    if len(plans) > 1:
        seen = {}
        for mention in level:
            seen.setdefault(mention.plan_id, mention)
        en = "; ".join(f"{m.name} ({m.location}) → {m.plan_id}" for m in seen.values())
        zh = "；".join(f"“{m.name}”（{m.location}）→ {m.plan_id}" for m in seen.values())
        raise CheckerError(
            f"cannot tell which plan this workbook follows: it names the areas of several plans: {en}; give --plan",
            zh=f"无法判断此工作簿对应哪个规划：其中写有多个规划的地区：{zh}；请用 --plan 指定",
            file=file,
        )
    (plan_id,) = plans
    return next(m for m in level if m.plan_id == plan_id)


def foreign_area(texts: Iterable[Text], file: str, plan_id: str, areas: tuple[PlanArea, ...]) -> Mention | None:
    """The first full name of another plan's area (or its plan marker) in a workbook checked against
    `plan_id`, when the workbook names nothing of that plan itself; None otherwise."""
    found = [m for m in mentions(texts, file, areas) if m.strength >= FULL and m.role != "file"]
    # District, street and township names repeat across the country (和平街道, 青山区): a sub-unit's name
    # refuses a check only under its own area or parents, or when it is a county-level name of its own.
    found = [m for m in found if m.role != "subunit" or m.confirmed or m.name.endswith(DISTINCT_SUFFIXES)]
    own = next((a for a in areas if a.plan_id == plan_id), None)
    own_names = {name for name, _role in own.names()} if own else set()
    if any(m.plan_id == plan_id for m in found):
        return None
    for mention in found:
        if mention.name not in own_names:
            return mention
    return None


def refuse_foreign(mention: Mention, plan_id: str, areas: tuple[PlanArea, ...], file: str) -> CheckerError:
    """The error that stops a check against `plan_id` of a workbook naming another plan's area."""
    other = next(a for a in areas if a.plan_id == mention.plan_id)
    if mention.role == "marker":
        what_en, what_zh = f"is the template of plan {other.plan_id} ({mention.name})", f"是规划 {other.plan_id} 的填报模板（{mention.name}）"
    elif mention.role == "title":
        what_en, what_zh = f"names the title of plan {other.plan_id}, {other.title}", f"写的是规划 {other.plan_id} 的标题“{other.title}”"
    else:
        kind_en = "the area" if mention.role == "area" else "a sub-unit of the area"
        kind_zh = "的地区" if mention.role == "area" else "下辖的单位"
        what_en = f"names {mention.name} (\"{mention.text}\"), {kind_en} of plan {other.plan_id} ({other.title})"
        what_zh = f"写的是“{mention.name}”（“{mention.text}”），属于规划 {other.plan_id}（{other.title}）{kind_zh}"
    return CheckerError(
        f"the workbook {what_en}, not of plan {plan_id}: check it with --plan {other.plan_id}, "
        f"or give --force-plan to check it against {plan_id} anyway",
        zh=f"工作簿{what_zh}，不属于规划 {plan_id}：请用 --plan {other.plan_id} 检查；"
           f"确要按 {plan_id} 检查，请加 --force-plan",
        file=file,
        location=mention.location,
    )
