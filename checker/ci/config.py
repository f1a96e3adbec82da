"""The project configuration of `checker ci`: which plan each submitted workbook is checked against.

Found the way linters find theirs: the first folder, from the current one upwards, that holds a
`checker.toml` or a `pyproject.toml` with a `[tool.plan-checker]` table (checker.toml first).
Paths in it are relative to its folder. Every problem of the file is reported at once, each with
its line, because tomllib keeps no positions and a key name alone is hard to find in a long file.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from checker.batch.run import WORKBOOK_SUFFIXES
from checker.errors import CheckerError, TargetFileError, read_input_text
from checker.files import write_atomically
from checker.reports.messages import LANGUAGES
from checker.toml_text import comment_text, toml_value

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAME = "checker.toml"
PYPROJECT_NAME = "pyproject.toml"
PYPROJECT_TABLE = "tool.plan-checker"
YEAR_PLACEHOLDER = "{year}"
PLAN_PLACEHOLDER = "{plan}"
GLOB_CHARACTERS = "*?["

TOP_LEVEL_KEYS = ("fail_on_warn", "require_all", "lang", "jobs", "targets", "waivers", "outputs", "submissions")
SUBMISSIONS_KEYS = ("plan", "files", "year", "waivers")


@dataclass(frozen=True)
class Submissions:
    """One [[submissions]] table: workbooks matching `patterns` are checked against `plan_id`
    (None: a table without plan = …, each workbook's plan inferred from the area it names)."""

    number: int  # its position among the [[submissions]] tables, from 1, for messages
    line: int | None
    plan_id: str | None
    patterns: tuple[str, ...]  # as written: relative to the configuration's folder, may hold {year}
    year: int | None = None
    waivers: Path | None = None

    @property
    def label(self) -> str:
        return f"[[submissions]] #{self.number} ({self.plan_id or 'plan inferred'})"

    def match(self, relative: PurePosixPath) -> re.Match | None:
        """The first pattern that names this file (a path relative to the configuration's folder)."""
        for pattern in self.patterns:
            found = _pattern_regex(pattern).fullmatch(relative.as_posix())
            if found:
                return found
        return None

    def year_of(self, found: re.Match | None) -> int | None:
        """The reporting year: `year`, else the {year} part of the path, else none (the workbook's own)."""
        if self.year is not None or found is None:
            return self.year
        return int(found["year"]) if "year" in found.re.groupindex else None


@dataclass(frozen=True)
class Config:
    path: Path  # the file it was read from
    submissions: tuple[Submissions, ...]
    fail_on_warn: bool = False
    require_all: bool = False
    lang: str = "zh"
    jobs: int | None = None
    targets: Path | None = None
    waivers: Path | None = None  # for every [[submissions]] table that names none of its own
    outputs: tuple[Path, ...] = ()
    year: int | None = None  # never read from the file: `--year` puts every workbook in one year

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def plan_ids(self) -> list[str]:
        return list(dict.fromkeys(rule.plan_id for rule in self.submissions))

    def overridden(self, **options: Any) -> Config:
        """The configuration with command-line options put over it; None means "not given".

        A command-line waiver file replaces every waiver file of the configuration, the tables' own too.
        """
        given = {name: value for name, value in options.items() if value is not None}
        config = dataclasses.replace(self, **given)
        if "waivers" in given:
            config = dataclasses.replace(config, submissions=tuple(dataclasses.replace(r, waivers=None) for r in config.submissions))
        return config


def find_config(start: Path) -> Config:
    """The configuration of `start`: from it upwards, the first checker.toml or pyproject.toml with our table."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return load_config(from_cwd(folder / CONFIG_NAME))
        pyproject = folder / PYPROJECT_NAME
        # Only a pyproject.toml that mentions the table is parsed: a broken one of another project is not ours.
        if pyproject.is_file() and f"[{PYPROJECT_TABLE}" in read_input_text(pyproject, "a pyproject.toml", "pyproject.toml 文件"):
            return load_config(from_cwd(pyproject))
    raise CheckerError(
        f"no {CONFIG_NAME} (nor a [{PYPROJECT_TABLE}] table in a {PYPROJECT_NAME}) here or in any folder above: "
        "`checker init` writes a starter checker.toml",
        zh=f"此处及上级文件夹中都没有 {CONFIG_NAME}（{PYPROJECT_NAME} 中也没有 [{PYPROJECT_TABLE}] 表）："
           "`checker init` 可以写出一个初始的 checker.toml",
        file=str(start),
    )


def from_cwd(path: Path) -> Path:
    """The path as written from the current folder ("checker.toml", "../checker.toml"), which is how
    messages and reports name it and the paths in it; absolute where no relative path leads (another drive)."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:
        return path


def load_config(path: Path) -> Config:
    text = read_input_text(path, "a checker.toml configuration", "checker.toml 配置文件")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CheckerError(f"TOML syntax error: {error}", zh=f"TOML 语法错误：{error}", file=str(path)) from None
    table = ""
    if path.name == PYPROJECT_NAME:
        table = PYPROJECT_TABLE
        data = data.get("tool", {}).get("plan-checker")
        if not isinstance(data, dict):
            raise CheckerError(f"no [{PYPROJECT_TABLE}] table", zh=f"没有 [{PYPROJECT_TABLE}] 表", file=str(path))
    return _validate(data, path, _KeyLines(text, table))


def _validate(data: dict, path: Path, lines: _KeyLines) -> Config:
    problems: list[str] = []

    def located(message: str, key: str, submissions: int | None = None) -> str:
        line = lines.find(key, submissions)
        return f"line {line}: {message}" if line else message

    def relative_path(value: Any) -> Path | None:
        return Path(os.path.normpath(path.parent / value)) if isinstance(value, str) and value.strip() else None

    for key in sorted(set(data) - set(TOP_LEVEL_KEYS)):
        problems.append(located(_unknown(key, TOP_LEVEL_KEYS, "top-level key"), key))
    settings: dict[str, Any] = {}
    for key in ("fail_on_warn", "require_all"):
        if key in data:
            if isinstance(data[key], bool):
                settings[key] = data[key]
            else:
                problems.append(located(f"{key} must be true or false", key))
    if "lang" in data:
        if data["lang"] in LANGUAGES:
            settings["lang"] = data["lang"]
        else:
            problems.append(located(f"lang must be one of {', '.join(map(repr, LANGUAGES))}, not {data['lang']!r}", "lang"))
    if "jobs" in data:
        if _is_whole(data["jobs"]) and data["jobs"] >= 1:
            settings["jobs"] = data["jobs"]
        else:
            problems.append(located("jobs must be a whole number of processes, 1 or more", "jobs"))
    for key, example in (("targets", "my-targets/"), ("waivers", "waivers.toml")):
        if key in data:
            settings[key] = relative_path(data[key])
            if settings[key] is None:
                problems.append(located(f'{key} must be a path (text), e.g. {key} = "{example}"', key))
    if "outputs" in data:
        outputs = data["outputs"]
        if isinstance(outputs, list) and all(isinstance(o, str) and o.strip() for o in outputs):
            settings["outputs"] = tuple(map(relative_path, outputs))
        else:
            problems.append(located('outputs must be a list of file names, e.g. outputs = ["reports/{plan}.xml"]', "outputs"))

    entries = data.get("submissions", [])
    if not (isinstance(entries, list) and all(isinstance(e, dict) for e in entries)):
        problems.append(located("submissions must be [[submissions]] tables (plan = …, files = …)", "submissions"))
        entries = []
    submissions = []
    for number, entry in enumerate(entries, start=1):
        own = [located(f"[[submissions]] #{number}: {message}", key, number) for message, key in _submissions_problems(entry)]
        problems += own
        if not own:
            # normpath: "./a//b/" is the same pattern as "a/b" to glob, and so it must be to the matcher.
            patterns = tuple(posixpath.normpath(p) for p in ([entry["files"]] if isinstance(entry["files"], str) else entry["files"]))
            waivers = relative_path(entry["waivers"]) if "waivers" in entry else None
            submissions.append(Submissions(number, lines.header(number), entry.get("plan"), patterns, entry.get("year"), waivers))

    if problems:
        raise TargetFileError(str(path), problems)
    return Config(path, tuple(submissions), **settings)


def _submissions_problems(entry: dict) -> list[tuple[str, str]]:
    """(message, key) for each problem of one [[submissions]] table."""
    problems = [(_unknown(key, SUBMISSIONS_KEYS, "key"), key) for key in sorted(set(entry) - set(SUBMISSIONS_KEYS))]
    if "plan" in entry and not (isinstance(entry["plan"], str) and entry["plan"].strip()):
        # No plan = … at all: each workbook's plan is inferred from the area it names.
        problems.append(('plan must be a plan id, e.g. plan = "xinzhou" (see `checker plans`), or left out to infer it', "plan"))
    files = entry.get("files")
    patterns = [files] if isinstance(files, str) else files if isinstance(files, list) else []
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        problems.append(('files is required: a glob or a list of globs, e.g. files = "submissions/xinzhou/{year}/*.xlsx"', "files"))
        patterns = []
    for pattern in patterns:
        if PurePosixPath(pattern).is_absolute() or PureWindowsPath(pattern).is_absolute():
            problems.append((f"{pattern!r}: files are relative to this file's folder (../ goes up)", "files"))
        if pattern.count(YEAR_PLACEHOLDER) > 1:
            problems.append((f"{pattern!r}: {YEAR_PLACEHOLDER} may stand once in a pattern", "files"))
    year = entry.get("year")
    if year is not None and not (_is_whole(year) and 2000 <= year <= 2100):
        problems.append(("year must be a year such as 2025", "year"))
    elif year is not None and any(YEAR_PLACEHOLDER in p for p in patterns):
        problems.append((f"give the year either as year = {year} or as {YEAR_PLACEHOLDER} in files, not both", "year"))
    if "waivers" in entry and not (isinstance(entry["waivers"], str) and entry["waivers"].strip()):
        problems.append(('waivers must be a path (text), e.g. waivers = "waivers/xinzhou.toml"', "waivers"))
    return problems


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _unknown(key: str, known: tuple[str, ...], kind: str) -> str:
    close = difflib.get_close_matches(key.replace("-", "_"), known, n=1, cutoff=0.75)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
    return f"unknown {kind} {key!r}{hint}"


class _KeyLines:
    """Where keys and [[submissions]] headers stand in the text: tomllib gives values, not positions.

    A small line scanner: it follows table headers, skips the inside of multi-line strings and
    arrays, and remembers the first line of each key of our tables.
    """

    _HEADER = re.compile(r"\s*\[(?P<array>\[)?\s*(?P<name>[^\[\]#]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"""\s*(?P<key>[A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*[.=]""")
    _STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'[^\']*\'')

    def __init__(self, text: str, table: str):
        self.keys: dict[tuple[int | None, str], int] = {}  # (None: top level, or [[submissions]] number; key) → line
        self.headers: dict[int, int] = {}  # [[submissions]] number → line
        current: int | None | bool = None if table == "" else False  # False: inside a table that is not ours
        submissions = 0
        depth, open_string = 0, None
        for number, line in enumerate(text.splitlines(), start=1):
            if open_string:
                if line.count(open_string) % 2:
                    open_string = None
                continue
            header = self._HEADER.match(line) if depth == 0 else None
            if header:
                name = re.sub(r"\s*\.\s*", ".", header["name"]).replace('"', "").replace("'", "")
                inner = name if table == "" else name[len(table) + 1:] if name.startswith(table + ".") else None
                if name == table:
                    current = None
                elif inner == "submissions" and header["array"]:
                    submissions += 1
                    self.headers[submissions] = number
                    current = submissions
                else:
                    current = False
                    if inner is not None:  # a table of ours we do not know ([output]) is an unknown key
                        segments = inner.split(".")
                        place = (submissions, segments[1]) if segments[0] == "submissions" and len(segments) > 1 else (None, segments[0])
                        self.keys.setdefault(place, number)
                continue
            key = self._KEY.match(line) if depth == 0 else None
            if key and current is not False:
                self.keys.setdefault((current, key["key"].strip("\"'")), number)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2:
                    open_string = quote
            if open_string is None:
                code = re.sub(r"#.*", "", self._STRING.sub('""', line))
                depth = max(0, depth + code.count("[") + code.count("{") - code.count("]") - code.count("}"))

    def find(self, key: str, submissions: int | None = None) -> int | None:
        """The key's line, else (for a key missing from a [[submissions]] table) the table's header."""
        return self.keys.get((submissions, key)) or (self.headers.get(submissions) if submissions else None)

    def header(self, submissions: int) -> int | None:
        return self.headers.get(submissions)


# As in glob.glob, a wildcard at the start of a name never matches a hidden name (.old/, .~lock…).
_VISIBLE = r"(?!\.)"


def _pattern_regex(pattern: str) -> re.Pattern:
    """A glob as `glob.glob(recursive=True)` reads it ('**' spans folders, '*' does not), {year} a year.

    This one matcher decides both which files a run lists and whether a file given by name belongs
    to a table, so a pre-commit run never checks a file that the full run skips.
    """
    parts = []
    position = 0
    while position < len(pattern):
        rest = pattern[position:]
        starts_name = position == 0 or pattern[position - 1] == "/"
        if rest.startswith(YEAR_PLACEHOLDER):
            parts.append(r"(?P<year>[0-9]{4})")
            position += len(YEAR_PLACEHOLDER)
        elif rest.startswith("**/") and starts_name:
            parts.append(rf"(?:{_VISIBLE}[^/]*/)*")
            position += 3
        elif rest == "**" and starts_name:
            parts.append(rf"(?:{_VISIBLE}[^/]*(?:/{_VISIBLE}[^/]*)*)?")
            position += 2
        elif rest[0] == "*":
            parts.append((_VISIBLE if starts_name else "") + r"[^/]*")
            position += 1
        elif rest[0] == "?":
            parts.append((_VISIBLE if starts_name else "") + r"[^/]")
            position += 1
        elif rest[0] == "[" and "]" in rest[2:]:
            end = rest.index("]", 2)
            body = rest[1:end]
            parts.append("[" + ("^" + re.escape(body[1:]) if body.startswith("!") else re.escape(body)).replace(r"\-", "-") + "]")
            position += end + 1
        else:
            parts.append(re.escape(rest[0]))
            position += 1
    regex = "".join(parts)
    if not any(ch in pattern for ch in GLOB_CHARACTERS) and YEAR_PLACEHOLDER not in pattern:
        # A folder names every workbook below it, as `check FOLDER` does.
        regex = regex.rstrip("/") + r"(?:/(?:[^/]+/)*[^/]+)?"
    return re.compile(regex)


def workbooks_named(rule: Submissions, base: Path) -> list[Path]:
    """The workbooks below `base` (the configuration's folder, as named from the current one) that
    `rule` names, found by walking from each pattern's fixed leading folders and matching every file
    with the same matcher as `Submissions.match`."""
    found: dict[Path, None] = {}
    for pattern in rule.patterns:
        fixed = []
        for part in pattern.split("/"):
            if any(ch in part for ch in GLOB_CHARACTERS) or YEAR_PLACEHOLDER in part:
                break
            fixed.append(part)
        start = Path(os.path.normpath(base.joinpath(*fixed))) if fixed else base
        candidates = [start] if start.is_file() else (p for p in start.rglob("*") if p.is_file())
        for path in sorted(candidates):
            relative = PurePosixPath(Path(os.path.relpath(path, base)).as_posix())
            if is_workbook(path) and rule.match(relative):
                found[Path(os.path.normpath(path))] = None
    return list(found)


def is_workbook(path: PurePosixPath | Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not path.name.startswith("~$")


# --- `checker init`: a commented starter configuration --------------------------------------------------

_YEAR_FOLDER = re.compile(r"20\d\d")


@dataclass(frozen=True)
class GuessedSubmissions:
    plan_id: str
    pattern: str
    workbooks: int


@dataclass(frozen=True)
class Starter:
    path: Path
    submissions: tuple[GuessedSubmissions, ...]
    unassigned: tuple[PurePosixPath, ...]  # workbooks whose path names no plan

    def summary(self, lang: str = "zh") -> str:
        if lang == "zh":
            tables = "，".join(f"{s.plan_id}：{s.pattern}（{s.workbooks} 份）" for s in self.submissions) or "无"
            text = f"{self.path}：按工作簿路径推测出 {len(self.submissions)} 个 [[submissions]] 表（{tables}）"
            if self.unassigned:
                text += f"；{len(self.unassigned)} 份工作簿的路径中没有规划 id，列在文件末尾"
            return text
        tables = ", ".join(f"{s.plan_id}: {s.pattern} ({s.workbooks})" for s in self.submissions) or "none"
        text = f"{self.path}: {len(self.submissions)} [[submissions]] table(s) guessed from the workbooks' paths ({tables})"
        if self.unassigned:
            text += f"; {len(self.unassigned)} workbook(s) with no plan id in their path, listed at the end of the file"
        return text


def guess_submissions(folder: Path, plan_ids: list[str]) -> tuple[tuple[GuessedSubmissions, ...], tuple[PurePosixPath, ...]]:
    """One table per plan and folder layout: the shallowest folder or file name that holds exactly one
    plan id decides the plan; year folders (2024/) below it become {year}."""
    counts: dict[tuple[str, str], int] = {}
    unassigned = []
    for path in sorted(folder.rglob("*")):
        relative = PurePosixPath(path.relative_to(folder).as_posix())
        if not is_workbook(relative) or any(part.startswith(".") for part in relative.parts):
            continue  # .git, .venv and other tools' folders hold no submissions
        guess = _guess_pattern(relative, plan_ids)
        if guess is None:
            unassigned.append(relative)
        else:
            counts[guess] = counts.get(guess, 0) + 1
    # A table with {year} first: a file named by two tables belongs to the first.
    ordered = sorted(counts, key=lambda key: (plan_ids.index(key[0]), YEAR_PLACEHOLDER not in key[1], key[1]))
    return tuple(GuessedSubmissions(plan_id, pattern, counts[plan_id, pattern]) for plan_id, pattern in ordered), tuple(unassigned)


def _guess_pattern(relative: PurePosixPath, plan_ids: list[str]) -> tuple[str, str] | None:
    parts = relative.parts
    for depth, part in enumerate(parts):
        is_file = depth == len(parts) - 1
        name = relative.stem if is_file else part
        found = {plan_id: match for plan_id in plan_ids if (match := _plan_id_in(plan_id, name))}
        if len(found) != 1:
            continue
        ((plan_id, match),) = found.items()
        suffix = relative.suffix
        # One year folder, above or just below the plan's, becomes {year}: 2025/xinzhou/…, xinzhou/2025/….
        above = list(parts[:depth])
        years_above = [i for i, p in enumerate(above) if _YEAR_FOLDER.fullmatch(p)]
        if years_above:
            above[years_above[0]] = YEAR_PLACEHOLDER
        if is_file:
            spelt = name[match.start():match.end()]  # as the file name spells it: globs are case-sensitive
            return plan_id, "/".join([*above, f"*{spelt}*{suffix}"])
        below = parts[depth + 1:-1]
        if below and not years_above and _YEAR_FOLDER.fullmatch(below[0]):
            return plan_id, "/".join([*above, part, YEAR_PLACEHOLDER, *["*"] * (len(below) - 1), f"*{suffix}"])
        return plan_id, "/".join([*above, part, "**", f"*{suffix}"])
    return None


def _plan_id_in(plan_id: str, name: str) -> re.Match | None:
    """The plan id as a word of the name (xinzhou-2025, 2025_xinzhou, Xinzhou), not inside another word."""
    return re.search(rf"(?<![a-z]){re.escape(plan_id.lower())}(?![a-z])", name.lower())


def write_starter_config(folder: Path, targets: Path | None = None, *, force: bool = False) -> Starter:
    from checker.plans.loading import find_plan, plan_files

    path = folder / CONFIG_NAME
    if path.exists() and not force:
        raise CheckerError("already exists; give --force to replace it", zh="文件已存在；如要替换，请加 --force", file=str(path))
    plan_ids = sorted(plan_files(targets))
    submissions, unassigned = guess_submissions(folder, plan_ids)
    titles = {s.plan_id: find_plan(s.plan_id, targets).title for s in submissions}
    write_atomically(path, starter_text(submissions, unassigned, titles, plan_ids))
    return Starter(path, submissions, unassigned)


def starter_text(submissions, unassigned, titles: dict[str, str], plan_ids: list[str]) -> str:
    lines = [
        "# plan-checker configuration: which plan each submitted workbook is checked against.",
        "# `checker ci` finds this file from this folder and every folder below it; paths here are",
        "# relative to this file, and command-line options override what is set here.",
        "# Written by `checker init`: check the tables guessed at the end, then run `checker ci`.",
        "",
        "# Exit with code 1 on warnings (an expected target missed) too, not only on failures.",
        "fail_on_warn = false",
        "",
        '# Language of the reports: "zh" (the plans\' own words) or "en".',
        'lang = "zh"',
        "",
        "# Reports written (replaced) by every run over all files, i.e. `checker ci` without file names.",
        "# The format comes from the extension: .xml JUnit, .html, .md, .json, .txt. {plan} becomes the",
        "# plan id, one report per plan: it is needed when the workbooks belong to more than one plan.",
        '# outputs = ["reports/{plan}.xml", "reports/{plan}.html"]',
        "",
        "# Your own target files (a .toml file or a folder of them), used before the shipped plans.",
        '# targets = "my-targets/"',
        "",
        "# [[waiver]] entries for every table below that names no waiver file of its own.",
        '# waivers = "waivers.toml"',
        "",
        "# Count unreported supplementary indicators like main ones (as `check --require-all`).",
        "# require_all = false",
        "",
        "# Processes checking workbooks side by side (default: the number of cores).",
        "# jobs = 4",
        "",
        "# One [[submissions]] table per group of workbooks: the plan they are checked against and where",
        "# they are: files is a glob or a list of globs (* within a folder, ** across folders). The reporting",
        "# year is {year} in the path, else year = 2025, else each workbook's latest year. A workbook named",
        '# by two tables belongs to the first. A table may name its own waivers = "waivers/xinzhou.toml".',
        f"# Plans (`checker plans`): {', '.join(plan_ids)}.",
    ]
    for guessed in submissions:
        lines += [
            "",
            "[[submissions]]",
            f"plan = {toml_value(guessed.plan_id)}  # {comment_text(titles[guessed.plan_id])}",
            f"files = {toml_value(guessed.pattern)}  # {guessed.workbooks} workbook(s) now",
        ]
    if not submissions:
        lines += [
            "",
            "# No workbook below this folder has a plan id in its folder or file name: adapt this table.",
            "# [[submissions]]",
            f'# plan = "{plan_ids[0] if plan_ids else "xinzhou"}"',
            '# files = "submissions/{year}/*.xlsx"',
        ]
    if unassigned:
        lines += ["", "# Workbooks with no plan id in their path (not checked until a table names them):"]
        lines += [f"#   {relative}" for relative in unassigned]
    return "\n".join(lines) + "\n"
