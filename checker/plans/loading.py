"""Target files → `Plan`: loading, validating (every problem at once) and finding the shipped plans."""

from __future__ import annotations

import datetime
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 and older
    import tomli as tomllib

from checker.errors import CheckerError, TargetFileError, did_you_mean, read_input_text
from checker.names import normalise_name
from checker.operators import OPERATORS
from checker.quantities import COUNT_UNITS, UNITS
from checker.settings import Outcome

ATTRIBUTES = {"binding", "expected"}
ATTRIBUTE_BASES = {"stated", "inferred", "default"}
TIERS = {"main", "supplementary"}
TRAJECTORIES = {"maintain", "linear", "cumulative", "final"}
SCOPES = {"area", "per_subunit"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

PLAN_FIELDS = {
    "id", "title", "title_en", "issuer", "document_number", "issued", "period", "baseline_year", "source",
    "area", "parents", "subunits", "subunits_source",
}
PLAN_REQUIRED = {"id", "title", "title_en", "issuer", "period", "baseline_year", "source"}
INDICATOR_FIELDS = {
    "id", "name", "name_en", "unit", "unit_label", "attribute", "attribute_basis", "attribute_reason",
    "operator", "target", "reference", "tier", "section", "quote", "extra_quotes", "aliases",
    "trajectory", "scope", "subunit", "baseline", "tolerance", "numerator", "denominator",
    "review", "line", "new_id", "trajectory_basis",
}
INDICATOR_REQUIRED = {
    "id", "name", "name_en", "unit", "attribute", "attribute_basis", "operator", "tier", "section",
    "quote", "trajectory",
}
BASELINE_FIELDS = {"value", "year", "quote"}
CATALOGUE_FIELDS = {"name", "name_en", "unit", "meaning"}
ITEM_FIELDS = {"name", "aliases", "unit"}


@dataclass(frozen=True)
class Baseline:
    value: float
    year: int
    quote: str


@dataclass(frozen=True)
class Item:
    """A raw count a rate is computed from, e.g. 有康复需求的残疾人数 (the denominator)."""

    name: str
    unit: str = "persons"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    name_en: str
    unit: str
    attribute: str
    attribute_basis: str
    operator: str
    target: float | tuple[float, float] | None
    tier: str
    section: str
    quote: str
    trajectory: str
    unit_label: str | None = None
    attribute_reason: str | None = None
    reference: str | None = None
    extra_quotes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    scope: str = "area"
    subunit: str | None = None
    baseline: Baseline | None = None
    tolerance: float = 0.10
    trajectory_basis: str | None = None  # the plan's words that set the trajectory
    review_needed: bool = False  # drafted by `checker draft` and not yet checked against the document
    numerator: Item | None = None
    denominator: Item | None = None


@dataclass(frozen=True)
class Reference:
    """A figure the workbook supplies for comparison only, e.g. regional GDP growth."""

    id: str
    name: str
    name_en: str
    unit: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    title_en: str
    issuer: str
    period: tuple[int, int]
    baseline_year: int
    source: str
    indicators: tuple[Indicator, ...]
    references: tuple[Reference, ...] = ()
    document_number: str | None = None
    issued: str | None = None
    path: str | None = None
    area: str | None = None  # the plan's own administrative area, e.g. 忻州市
    parents: tuple[str, ...] = ()  # names of the areas above it that identify it (山西, 山西省)
    subunits: tuple[str, ...] = ()  # the administrative divisions directly below it

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    @property
    def final_year(self) -> int:
        return self.period[1]

    @property
    def unreviewed(self) -> tuple[Indicator, ...]:
        """Indicators `checker draft` proposed that nobody has checked against the document yet."""
        return tuple(indicator for indicator in self.indicators if indicator.review_needed)


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)


def shipped_targets_dir() -> Path:
    """The plans that come with the checker (package data, so an installed checker finds them).

    The package's own folder, as importlib.resources.files would give it for a package installed as
    files, without importing importlib.resources (about 10 ms of the start of every check)."""
    import checker.targets

    return Path(checker.targets.__file__).parent


def read_toml(path: Path) -> dict[str, Any]:
    text = read_input_text(path, "a .toml file", "TOML 文件")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CheckerError(f"TOML syntax error: {exc}", zh=f"TOML 语法错误：{exc}", file=str(path)) from None


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = path or shipped_targets_dir() / "catalogue.toml"
    data = read_toml(path)
    problems = _check_catalogue(data)
    if problems:
        raise TargetFileError(str(path), problems)
    references = {
        ref_id: Reference(
            id=ref_id,
            name=entry["name"],
            name_en=entry.get("name_en", ref_id),
            unit=entry.get("unit", "percent"),
            aliases=tuple(entry.get("aliases", ())),
        )
        for ref_id, entry in data.get("reference", {}).items()
    }
    return Catalogue(indicators=dict(data.get("indicator", {})), references=references)


def load_plan(path: Path, catalogue: Catalogue | None = None) -> Plan:
    """Read and validate one target file; raises TargetFileError listing every problem found."""
    path = Path(path)
    catalogue = catalogue or load_catalogue()
    data = read_toml(path)
    problems: list[str] = []
    plan_table = data.get("plan")
    for key in sorted(set(data) - {"plan", "indicator"}):
        problems.append(f"unknown top-level table [{key}] (expected [plan] and [[indicator]])")
    if isinstance(plan_table, list):
        problems.append("[plan] must be one table: write [plan], not [[plan]]")
        plan_table = {}
    elif not isinstance(plan_table, dict):
        problems.append("missing [plan] table")
        plan_table = {}
    problems += _check_plan_table(plan_table, path)
    raw_indicators = data.get("indicator", [])
    if isinstance(raw_indicators, dict):
        problems.append("each indicator is an array entry: write [[indicator]] (double brackets), not [indicator]")
        raw_indicators = []
    elif not isinstance(raw_indicators, list) or not raw_indicators:
        problems.append("no [[indicator]] entries")
        raw_indicators = []
    indicators: list[Indicator] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(raw_indicators, start=1):
        label = f"indicator #{position}" + (f" ({raw.get('id')})" if isinstance(raw, dict) and raw.get("id") else "")
        if not isinstance(raw, dict):
            problems.append(f"{label}: must be a table")
            continue
        own = _check_indicator(raw, catalogue)
        problems += [f"{label}: {p}" for p in own]
        indicator_id = raw.get("id")
        if isinstance(indicator_id, str):
            if indicator_id in seen:
                problems.append(f"{label}: duplicate id, also indicator #{seen[indicator_id]}")
            seen.setdefault(indicator_id, position)
        if not own:
            indicators.append(_build_indicator(raw))
    problems += _check_names_distinct(indicators)
    if problems:
        raise TargetFileError(str(path), problems)
    needed = {i.reference for i in indicators if i.reference}
    return Plan(
        id=plan_table["id"],
        title=plan_table["title"],
        title_en=plan_table["title_en"],
        issuer=plan_table["issuer"],
        period=tuple(plan_table["period"]),
        baseline_year=plan_table["baseline_year"],
        source=plan_table["source"],
        document_number=plan_table.get("document_number"),
        issued=_issue_date(plan_table["issued"]) if "issued" in plan_table else None,
        area=plan_table.get("area"),
        parents=tuple(plan_table.get("parents", ())),
        subunits=tuple(plan_table.get("subunits", ())),
        indicators=tuple(indicators),
        references=tuple(catalogue.references[r] for r in sorted(needed)),
        path=str(path),
    )


def _check_catalogue(data: dict[str, Any]) -> list[str]:
    problems = [f"unknown top-level table [{key}] (expected [indicator.<id>] and [reference.<id>])"
                for key in sorted(set(data) - {"indicator", "reference"})]
    for kind, fields in (("indicator", CATALOGUE_FIELDS), ("reference", CATALOGUE_FIELDS | {"aliases"})):
        entries = data.get(kind, {})
        if not isinstance(entries, dict):
            problems.append(f"{kind} must be tables [{kind}.<id>]")
            continue
        for entry_id, entry in entries.items():
            where = f"[{kind}.{entry_id}]"
            if not ID_PATTERN.match(entry_id):
                problems.append(f"{where}: id must be snake_case")
            if not isinstance(entry, dict):
                problems.append(f"{where}: must be a table with name, name_en, unit")
                continue
            problems += [f"{where}: {p}" for p in _unknown_fields(entry, fields)]
            if not (isinstance(entry.get("name"), str) and entry["name"].strip()):
                problems.append(f"{where}: name must be a non-empty string")
            if "unit" in entry and not _is_one_of(entry["unit"], UNITS):
                problems.append(f"{where}: unknown unit {entry['unit']!r} (expected one of {', '.join(sorted(UNITS))})")
            aliases = entry.get("aliases", [])
            if not (isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases)):
                problems.append(f"{where}: aliases must be a list of non-empty strings")
    indicators, references = data.get("indicator", {}), data.get("reference", {})
    if isinstance(indicators, dict) and isinstance(references, dict):
        # One id, one concept: a reference figure named like an indicator would make `reference = ...` ambiguous.
        problems += [f"id {i!r} is both an [indicator] and a [reference]" for i in sorted(set(indicators) & set(references))]
    return problems


def _unknown_fields(table: dict[str, Any], known: set[str]) -> list[str]:
    """Unknown fields, with the field probably meant: a typo must not silently drop a setting."""
    problems = []
    for key in sorted(set(table) - known):
        import difflib  # here, not on the way of every check

        guess = difflib.get_close_matches(key, sorted(known), n=1)
        problems.append(f"unknown field {key!r}" + (f" (did you mean {guess[0]!r}?)" if guess else ""))
    return problems


def _is_one_of(value: Any, allowed: set[str]) -> bool:
    return isinstance(value, str) and value in allowed


def _check_plan_table(table: dict[str, Any], path: Path) -> list[str]:
    problems = [f"[plan]: {p}" for p in _unknown_fields(table, PLAN_FIELDS)]
    problems += [f"[plan]: missing field {key!r}" for key in sorted(PLAN_REQUIRED - set(table))]
    for key in ("id", "title", "title_en", "issuer", "source", "document_number", "area", "subunits_source"):
        if key in table and not (isinstance(table[key], str) and table[key].strip()):
            problems.append(f"[plan]: {key} must be a non-empty string")
    for key in ("parents", "subunits"):
        if key in table and not (isinstance(table[key], list) and all(isinstance(n, str) and n.strip() for n in table[key])):
            problems.append(f"[plan]: {key} must be a list of non-empty strings")
    if "id" in table and isinstance(table["id"], str) and table["id"] != path.stem:
        problems.append(f"[plan]: id {table['id']!r} differs from the file name {path.stem!r}")
    period = table.get("period")
    if "period" in table and not (
        isinstance(period, list) and len(period) == 2 and all(isinstance(y, int) for y in period) and period[0] <= period[1]
    ):
        problems.append("[plan]: period must be [first_year, last_year], e.g. [2021, 2025]")
    if "baseline_year" in table and not isinstance(table["baseline_year"], int):
        problems.append("[plan]: baseline_year must be a year such as 2020")
    if "issued" in table and _issue_date(table["issued"]) is None:
        problems.append(f"[plan]: issued {table['issued']!r} must be a date, written 2022-06-30 or \"2022-06-30\"")
    return problems


def _issue_date(value: Any) -> str | None:
    """A TOML date (issued = 2022-06-30) or the same date as a string; None for anything else."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) else None
        except ValueError:
            return None
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_indicator(raw: dict[str, Any], catalogue: Catalogue) -> list[str]:
    problems = _unknown_fields(raw, INDICATOR_FIELDS)
    problems += [f"missing field {key!r}" for key in sorted(INDICATOR_REQUIRED - set(raw))]
    for key in ("id", "name", "name_en", "section", "quote", "unit_label", "attribute_reason", "subunit", "reference", "trajectory_basis"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            problems.append(f"{key} must be a non-empty string")
    indicator_id = raw.get("id")
    if isinstance(indicator_id, str):
        if not ID_PATTERN.match(indicator_id):
            problems.append(f"id {indicator_id!r} must be snake_case")
        elif raw.get("new_id") is True and indicator_id in catalogue.indicators:
            problems.append(f"id {indicator_id!r} is in catalogue.toml: remove new_id = true")
        elif indicator_id not in catalogue.indicators and raw.get("new_id") is not True:
            guess = did_you_mean(indicator_id, catalogue.indicators)
            problems.append(
                f"id {indicator_id!r} is not in catalogue.toml (" + (f"did you mean {guess}? " if guess else "")
                + "add it there first, or mark a draft's id new_id = true)"
            )
    problems += _check_draft_marks(raw)
    for key, allowed in (
        ("unit", UNITS), ("attribute", ATTRIBUTES), ("attribute_basis", ATTRIBUTE_BASES),
        ("operator", OPERATORS), ("tier", TIERS), ("trajectory", TRAJECTORIES), ("scope", SCOPES),
    ):
        if key in raw and not _is_one_of(raw[key], allowed):
            problems.append(f"unknown {key} {raw[key]!r} (expected one of {', '.join(sorted(allowed))})")
    if raw.get("attribute_basis") == "inferred" and "attribute_reason" not in raw:
        problems.append("attribute_basis 'inferred' needs an attribute_reason")
    if raw.get("attribute_basis") == "default" and raw.get("attribute") != "expected":
        problems.append("attribute_basis 'default' means the plan states nothing: attribute must be 'expected'")
    if raw.get("scope") == "per_subunit" and "subunit" not in raw:
        problems.append("scope 'per_subunit' needs a subunit (e.g. 镇（街道）)")
    for key in ("aliases", "extra_quotes"):
        if key in raw and not (isinstance(raw[key], list) and all(isinstance(a, str) and a.strip() for a in raw[key])):
            problems.append(f"{key} must be a list of non-empty strings")
    tolerance = raw.get("tolerance")
    if tolerance is not None and not (_is_number(tolerance) and 0 <= tolerance < 1):
        problems.append("tolerance must be a share between 0 and 1, e.g. 0.1")
    problems += _check_target(raw, catalogue)
    problems += _check_items(raw)
    baseline = raw.get("baseline")
    if baseline is not None:
        if not isinstance(baseline, dict):
            problems.append("baseline must be a table { value, year, quote }")
        else:
            problems += [f"baseline: {p}" for p in _unknown_fields(baseline, BASELINE_FIELDS)]
            if not _is_number(baseline.get("value")):
                problems.append("baseline: value must be a number")
            if not isinstance(baseline.get("year"), int):
                problems.append("baseline: year must be a year such as 2020")
            if not (isinstance(baseline.get("quote"), str) and baseline["quote"].strip()):
                problems.append("baseline: quote must be the plan's words")
    return problems


def indicator_problems(raw: dict[str, Any], catalogue: Catalogue) -> list[str]:
    """Everything wrong with one [[indicator]] table; `checker draft` proposes only entries without problems."""
    return _check_indicator(raw, catalogue)


def _check_draft_marks(raw: dict[str, Any]) -> list[str]:
    """Marks `checker draft` leaves for the reviewer: review = "needed", the source line, new_id."""
    problems = []
    if "review" in raw and raw["review"] != "needed":
        problems.append(f"review must be \"needed\" (remove the line once the entry is reviewed), got {raw['review']!r}")
    if "line" in raw and not (isinstance(raw["line"], int) and not isinstance(raw["line"], bool) and raw["line"] >= 1):
        problems.append(f"line must be the line number in the plan document, got {raw['line']!r}")
    if "new_id" in raw and not isinstance(raw["new_id"], bool):
        problems.append(f"new_id must be true or false, got {raw['new_id']!r}")
    return problems


def _check_target(raw: dict[str, Any], catalogue: Catalogue) -> list[str]:
    operator, unit, target = raw.get("operator"), raw.get("unit"), raw.get("target")
    if operator == "in_step_with":
        problems = []
        if "target" in raw:
            problems.append("operator 'in_step_with' compares with a reference figure: remove target")
        reference = raw.get("reference")
        if reference is None:
            problems.append("operator 'in_step_with' needs a reference (e.g. gdp_growth)")
        elif reference not in catalogue.references:
            guess = did_you_mean(str(reference), catalogue.references)
            problems.append(f"reference {reference!r} is not a [reference] in catalogue.toml" + (f" (did you mean {guess}?)" if guess else ""))
        return problems
    if "reference" in raw:
        return [f"reference is only used with operator 'in_step_with', not {operator!r}"]
    if "target" not in raw:
        return ["missing field 'target'"]
    if unit == "yes_no":
        if operator != "=" or not isinstance(target, bool):
            return ["a yes_no indicator needs operator '=' and target true or false"]
        return []
    if operator == "range":
        if not (isinstance(target, list) and len(target) == 2 and all(_is_number(t) for t in target) and target[0] <= target[1]):
            return ["operator 'range' needs target [low, high] with low <= high"]
        values = list(target)
    elif not _is_number(target):
        return [f"target must be a number, got {target!r}"]
    else:
        values = [target]
    problems = []
    if unit == "percent" and any(v < 0 or v > 100 for v in values):
        problems.append(f"percent target {target!r} is outside 0–100")
    if unit in ("persons", "person_times", "households", "count") and any(v < 0 for v in values):
        problems.append(f"a count cannot be negative: {target!r}")
    return problems


def _check_items(raw: dict[str, Any]) -> list[str]:
    present = [key for key in ("numerator", "denominator") if key in raw]
    if not present:
        return []
    problems = []
    if len(present) == 1:
        problems.append("numerator and denominator go together: give both or neither")
    if raw.get("unit") != "percent":
        problems.append("a rate computed from numerator/denominator must have unit 'percent'")
    for key in present:
        item = raw[key]
        if not isinstance(item, dict):
            problems.append(f"{key} must be a table {{ name = \"…\", unit = \"persons\" }}")
            continue
        problems += [f"{key}: {p}" for p in _unknown_fields(item, ITEM_FIELDS)]
        if not (isinstance(item.get("name"), str) and item["name"].strip()):
            problems.append(f"{key}: name must be the row name a workbook uses for the count")
        if item.get("unit", "persons") not in COUNT_UNITS:
            problems.append(f"{key}: unit must be one of {', '.join(sorted(COUNT_UNITS))}")
        aliases = item.get("aliases", [])
        if not (isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases)):
            problems.append(f"{key}: aliases must be a list of non-empty strings")
    return problems


def _check_names_distinct(indicators: list[Indicator]) -> list[str]:
    """Two indicators answering to the same name would make workbook rows ambiguous."""
    owner: dict[str, str] = {}
    problems = []
    for indicator in indicators:
        for name in {normalise_name(n) for n in _names(indicator)}:
            if name in owner and owner[name] != indicator.id:
                problems.append(f"name or alias {name!r} is used by both {owner[name]} and {indicator.id}")
            owner.setdefault(name, indicator.id)
    return problems


def _names(indicator: Indicator) -> list[str]:
    names = [indicator.name, *indicator.aliases]
    for item in (indicator.numerator, indicator.denominator):
        if item:
            names += [item.name, *item.aliases]
    return names


def _build_item(raw: dict[str, Any] | None) -> Item | None:
    if raw is None:
        return None
    return Item(name=raw["name"], unit=raw.get("unit", "persons"), aliases=tuple(raw.get("aliases", ())))


def _build_indicator(raw: dict[str, Any]) -> Indicator:
    target = raw.get("target")
    if isinstance(target, bool):
        target = 1.0 if target else 0.0
    elif isinstance(target, list):
        target = (float(target[0]), float(target[1]))
    elif target is not None:
        target = float(target)
    baseline = raw.get("baseline")
    return Indicator(
        id=raw["id"],
        name=raw["name"],
        name_en=raw["name_en"],
        unit=raw["unit"],
        unit_label=raw.get("unit_label"),
        attribute=raw["attribute"],
        attribute_basis=raw["attribute_basis"],
        attribute_reason=raw.get("attribute_reason"),
        operator=raw["operator"],
        target=target,
        reference=raw.get("reference"),
        tier=raw["tier"],
        section=raw["section"],
        quote=raw["quote"],
        extra_quotes=tuple(raw.get("extra_quotes", ())),
        aliases=tuple(raw.get("aliases", ())),
        trajectory=raw["trajectory"],
        scope=raw.get("scope", "area"),
        subunit=raw.get("subunit"),
        baseline=Baseline(float(baseline["value"]), baseline["year"], baseline["quote"]) if baseline else None,
        tolerance=float(raw.get("tolerance", 0.10)),
        trajectory_basis=raw.get("trajectory_basis"),
        review_needed=raw.get("review") == "needed",
        numerator=_build_item(raw.get("numerator")),
        denominator=_build_item(raw.get("denominator")),
    )


def plan_files(extra: Path | None = None) -> dict[str, Path]:
    """Plan id → target file: the shipped plans, then `--targets` (a file or folder) overriding them."""
    found = {p.stem: p for p in sorted(shipped_targets_dir().glob("*.toml")) if p.stem != "catalogue"}
    if extra is not None:
        extra = Path(extra)
        if extra.is_dir():
            found.update({p.stem: p for p in sorted(extra.glob("*.toml")) if p.stem != "catalogue"})
        elif extra.is_file():
            found[extra.stem] = extra
        else:
            raise CheckerError("no such target file or folder", zh="没有这个目标文件或文件夹", file=str(extra))
    return found


def find_plan(plan_id: str, extra: Path | None = None) -> Plan:
    files = plan_files(extra)
    if plan_id not in files:
        known = ", ".join(sorted(files)) or "none"
        guess = did_you_mean(plan_id, files)
        raise CheckerError(
            f"unknown plan {plan_id!r} (" + (f"did you mean {guess}? " if guess else "") + f"available: {known}; see `checker plans`)",
            zh=f"未知的规划 {plan_id!r}（" + (f"是否指 {guess}？" if guess else "") + f"可选：{known}；见 checker plans）",
        )
    return load_plan(files[plan_id], _catalogue_for(extra))


def _catalogue_for(extra: Path | None) -> Catalogue:
    """A user's folder of target files may bring its own catalogue.toml with more ids."""
    shipped = load_catalogue()
    if extra is not None and Path(extra).is_dir() and (Path(extra) / "catalogue.toml").is_file():
        own_path = Path(extra) / "catalogue.toml"
        own = load_catalogue(own_path)
        # The same id must mean the same thing as in the shipped plans, or plans stop being comparable.
        clashes = [
            f"[indicator.{i}]: unit {own.indicators[i].get('unit')!r} differs from the shipped catalogue's "
            f"{shipped.indicators[i].get('unit')!r}: choose another id"
            for i in sorted(set(own.indicators) & set(shipped.indicators))
            if own.indicators[i].get("unit") != shipped.indicators[i].get("unit")
        ]
        clashes += [f"id {i!r} is an [indicator] here but a [reference] in the shipped catalogue" for i in sorted(set(own.indicators) & set(shipped.references))]
        clashes += [f"id {i!r} is a [reference] here but an [indicator] in the shipped catalogue" for i in sorted(set(own.references) & set(shipped.indicators))]
        if clashes:
            raise TargetFileError(str(own_path), clashes)
        return Catalogue({**shipped.indicators, **own.indicators}, {**shipped.references, **own.references})
    return shipped


def all_quotes(plan: Plan) -> list[str]:
    quotes = []
    for indicator in plan.indicators:
        quotes += [indicator.quote, *indicator.extra_quotes]
        if indicator.baseline:
            quotes.append(indicator.baseline.quote)
    return quotes


def missing_quotes(plan: Plan, seeds_dir: Path) -> list[str]:
    """Quotes that do not appear, whitespace aside, in the plan's source document."""
    source = Path(seeds_dir) / plan.source
    try:
        document = re.sub(r"\s+", "", source.read_text(encoding="utf-8"))
    except OSError:
        raise CheckerError("cannot read the plan's source document", zh="无法读取规划的原文文件", file=str(source)) from None
    return [q for q in all_quotes(plan) if re.sub(r"\s+", "", q) not in document]


def lint_plans(paths: list[Path], seeds: Path | None = None, *, allow_draft: bool = False, lang: str = "zh") -> Outcome:
    """`checker lint`: every target file validated (default: the shipped plans), every problem listed;
    with `seeds`, every quote looked up in its plan document.

    Exit 2 when a file is invalid; else 1 when an indicator still carries review = "needed" (a draft
    is not a plan yet), unless `allow_draft`; else 0.
    """
    paths = paths or list(plan_files().values())
    catalogue = load_catalogue()
    zh = lang == "zh"
    lines, failed, drafts = [], 0, 0
    for path in paths:
        try:
            plan = load_plan(path, catalogue)
        except TargetFileError as error:
            failed += 1
            lines.append(error.text(lang))
            continue
        missing = missing_quotes(plan, seeds) if seeds is not None else []
        problems = [(f"  - 在 {plan.source} 中找不到引文：{q}" if zh else f"  - quote not found in {plan.source}: {q}") for q in missing]
        if problems:
            failed += 1
            heading = f"{len(problems)} 个问题：" if zh else f"{len(problems)} problem(s):"
            lines.append(f"{path}: {heading}\n" + "\n".join(problems))
        elif plan.unreviewed:
            drafts += 1
            ids = ", ".join(indicator.id for indicator in plan.unreviewed)
            if zh:
                lines.append(
                    f"{path}: 草稿：{len(plan.unreviewed)}/{len(plan.indicators)} 项指标仍标有 "
                    f'review = "needed"（{ids}）；请逐项对照规划原文核对后删除该行' + ("（--allow-draft 已允许）" if allow_draft else "")
                )
            else:
                lines.append(
                    f"{path}: a draft: {len(plan.unreviewed)} of {len(plan.indicators)} indicators still carry "
                    f'review = "needed" ({ids}); check each against the document and delete the line'
                    + (" (allowed by --allow-draft)" if allow_draft else "")
                )
        else:
            lines.append(f"{path}: 通过（{len(plan.indicators)} 项指标）" if zh else f"{path}: ok ({len(plan.indicators)} indicators)")
    return Outcome("".join(line + "\n" for line in lines), 2 if failed else (1 if drafts and not allow_draft else 0))
