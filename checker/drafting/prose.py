"""Targets stated in sentences: the ways plans state them, found clause by clause.

Each finder knows one way of stating a target and nothing about particular plans:
  percent   达到X% · X%以上 · 不低于X% · 保持在X%以上 · 超过X%   → >= X / > X
  count     发展到N人以上 · 不少于N人次 · 建设N个… · 为N户…实施 · 每人每年N元  → >= N
  coverage  全覆盖 · 应X尽X · 全部纳入 · 普遍建立 · 配齐 · 村村有… · 至少有一人  → >= 100 percent
  facility  新建/建成/成立/开设/开办… a named centre, base, room, programme, system → yes
  practice  普遍使用/推广/应用 …                                            → yes
  deliverable  制定…办法 · 建立…制度 · 搭建…平台 · 实现…“跨省通办” · 完成…换届 (deliverables.py) → yes,
            supplementary in every plan; 各乡镇要制定…规划 → every sub-unit, >= 100 percent
Units are converted (万 → ×10,000) and the quote is the plan's own clause, verbatim. Sentences
about the past (十三五, 截至…) and the 2035 outlook are skipped, as are chapters about the
current situation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.drafting.deliverables import deliverables
from checker.drafting.passages import Passage
from checker.drafting.targets import Target, operator_for, unit_of

NUMBER = r"(?<![\d.])(?P<number>\d+(?:\.\d+)?)"
_PAST_SENTENCE = re.compile(r"十三五|截至|截止|五年来|5年来|2035|以来")
_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")
_CLAUSE = re.compile(r"[^，,：:]+[，,：:]?")

_PERCENT = re.compile(
    r"(?:(?P<verb>达到|达|保持在|稳定在|提高到|提高至|提升到|提升至|增长到|增加到|超过|高于|不低于|不少于|不超过|不高于|低于|控制在|为|有)"
    r"(?P<between>[\u4e00-\u9fff]{0,8}?))?\s*"
    + NUMBER
    + r"\s*[%％](?:\s*[-—–~至到]\s*(?P<high>\d+(?:\.\d+)?)\s*[%％])?(?P<tail>及以上|以上|以下|以内|左右)?"
)
_COUNT_VERBS = (
    "发展到|增加到|增长到|提高到|达到|达|不少于|不低于|超过|多于|至少|培育扶持|扶持建设|开发建设|建设|建成|新建|建立|成立|"
    "培育|扶持|创建|打造|设立|开办|配备|完成|培训|救助|安置|帮扶|新增|举办|开展|组织|资助|落实|提供|实施|改造|为"
)
_COUNT_UNITS = "万人次|万人|人次|万户|万元|元|人|名|户|个|支|家|所|处|座|项|次|场|间"
_COUNT = re.compile(
    rf"(?:(?P<verb>{_COUNT_VERBS})好?(?P<between>[\u4e00-\u9fff]{{0,4}}?)|(?P<per>每[人户名]?每?[年月]))?\s*"
    + NUMBER
    + rf"(?:\s*[-—–~至到]\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<unit>{_COUNT_UNITS})(?P<tail>及以上|以上|左右)?"
)
_ITEM_LABEL = re.compile(r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*")
_BRACKET = re.compile(r"^\s*[（(][^（）()]*[)）]")
_IDIOM = re.compile(r"[“\"]?[应能]([\u4e00-\u9fff])尽\1[”\"]?")
_FULL_COVERAGE = re.compile(r"全覆盖(?!的)")
_ALL_INCLUDED = re.compile(r"全部(?=纳入|实现|享受|达到|覆盖|配备|建立|参加|落实)")
_EVERYWHERE = re.compile(r"普遍(?=建立|设立|开展|建成|配备)")
_HALF = re.compile(r"(?P<verb>给予|达到|超过)?(?:半价|半数|一半)(?P<tail>以上)?")
_PRACTICE = re.compile(r"普遍(?=使用|推广|应用)")
_EACH_HAS = re.compile(r"([\u4e00-\u9fff])\1(?:有|通)[\u4e00-\u9fff（）()]{1,12}")
_AT_LEAST_ONE = re.compile(r"至少(?:有|安排)\s*(?:一|1)\s*(?:名|人|个)")
_FACILITY = re.compile(
    r"^(?P<pre>[^，。；]{0,16}?)(?P<verb>开发建设|新建|建成|建设|成立|开办|开设|开播|开通|设立|建立|组建)"
    r"(?P<object>[^，。；]{2,50}?(?:中心|基地|联合会|工作站|阅览室|栏目|系统|平台|展馆|馆|室|站|家园|学校|服务队|协会|网站|热线))"
    r"(?:[（(][^（）()]*[)）])?[，,。；;]?$"
)
_SOFT_WORDS = re.compile(r"推动|鼓励|支持|探索|引导|推进|加快|逐步|积极|有条件|争取|可|各|每个|规范|完善|健全|一批|若干|多个|各类|把|将")
_GENERAL_OBJECTS = re.compile(r"机制|体系|制度|网络|标准|一批|若干|多个|各类|一系列|长效|队伍|规范|示范|品牌|集|健全|完善")
# One facility in every community or village is a coverage to count, not one thing to build.
_SUBUNITS = re.compile(r"社区|村|乡|镇|街道")
_LEADING = re.compile(
    r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|每年|每月|(?:到|至)?(?:2025年|“十四五”末|十四五末|规划期末)(?:底|末)?[，,]?|确保|力争|努力|实现|做到|使|让|并|要|进一步|逐步|"
    r"继续|持续|不断|稳步|同时|其中|推动|推进|加快|积极|着力|切实|将|把|对|保证|保障|进而|从而|以|并且|争取|"
    r"[，,、\s])+"
)
_TRAILING = re.compile(r"(?:中要有|要有|均|都|要|应|将|需|有|的|实现|达到|做到)+$")
# National policy terms that name several indicators at once (国发〔2015〕52号 set up 两项补贴).
EXPANSIONS = {r"(?:残疾人)?两项补贴": ("困难残疾人生活补贴", "重度残疾人护理补贴")}
MAX_NAME_CHARS = 40
TITLE_CHARS = 20


@dataclass(frozen=True)
class ProseTarget:
    name: str
    target: Target
    unit: str
    unit_label: str | None
    line: int
    section: str
    quote: str
    deliverable: bool = False  # a yes/no product (办法, 制度, 平台, 跨省通办…) or a share of sub-units making one
    id_words: str | None = None  # what to find the catalogue id by, when not the name


@dataclass(frozen=True)
class _Clause:
    text: str
    start: int  # offset in the passage


def prose_targets(passages: list[Passage]) -> list[ProseTarget]:
    found: list[ProseTarget] = []
    for passage in passages:
        if passage.past:
            continue
        title = None
        for number, sentence in enumerate(_SENTENCE.finditer(passage.text)):
            if _PAST_SENTENCE.search(sentence.group()):
                continue
            clauses = [_Clause(c.group(), sentence.start() + c.start()) for c in _CLAUSE.finditer(sentence.group())]
            for index, clause in enumerate(clauses):
                found += _clause_targets(passage, clauses, index, title if number == 1 and index == 0 else None)
            if number == 0:
                title = _item_title(sentence.group())
    return found


def _item_title(sentence: str) -> str | None:
    """"3．残疾人基本型辅助器具适配资助。": a 专栏 item's title, which names what its next sentence is about."""
    title = _ITEM_LABEL.sub("", sentence.strip()).rstrip("。！？；;")
    return title if 2 <= len(title) <= TITLE_CHARS and not re.search(r"[，,、：:]", title) else None


def _clause_targets(passage: Passage, clauses: list[_Clause], index: int, title: str | None = None) -> list[ProseTarget]:
    clause = clauses[index]
    text = clause.text
    results: list[ProseTarget] = []
    taken: list[tuple[int, int]] = []

    def add(names: list[str], target: Target, start: int, end: int, quote_from: int | None = None, deliverable: bool = False, id_words: str | None = None):
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        first = clauses[quote_from] if quote_from is not None else clause
        quote = _ITEM_LABEL.sub("", passage.text[first.start : clause.start + len(text)].strip()).rstrip("，,：:;；")
        line = passage.line_at(clause.start + start)
        # A deliverable about the 两项补贴 is one mechanism or service for both, not two.
        for expanded in (e for name in names for e in ([name] if deliverable else _expand(name))):
            results.append(ProseTarget(_short(expanded), target, target.unit, target.unit_label, line, passage.section, quote, deliverable, id_words))

    def subject(before: int) -> tuple[str, int | None]:
        """Words before `before`, from the end of the previous target in this clause ("A达99%以上、B保持在90%以上")."""
        begin = max((e for s, e in taken if e <= before), default=0)
        return _subject(clauses, index, before, begin)

    for match in _PERCENT.finditer(text):
        verb = match.group("verb") or ""
        if _negated(text, match.start()) or not (verb or match.group("tail")) or (verb in ("为", "有") and not match.group("tail")):
            continue
        low = float(match.group("number"))
        operator = operator_for(verb) if verb else {"以下": "<=", "以内": "<="}.get(match.group("tail"), ">=")
        if match.group("high") and verb not in ("不低于", "不少于"):
            target = Target("range", (low, float(match.group("high"))), "percent")
        else:
            target = Target(operator, low, "percent")
        name, used = subject(match.start())
        if used is not None or len(name) < 4 or name.endswith("中"):
            # "实现80%以上县（市、区）开展…": what is counted follows the number
            after = _object_after(text, match.end())
            if len(after) >= 2:
                name, used = (after if used is not None else name + after), None
        add([name], target, match.start(), match.end(), used)

    for match in _HALF.finditer(text):
        if match.group("verb") or match.group("tail"):
            name, used = subject(match.start())
            add([name], Target(">=", 50.0, "percent"), match.start(), match.end(), used)

    # "至少安排1名" asks it of every unit (a share of units), before the count finder reads "1名".
    for match in _AT_LEAST_ONE.finditer(text):
        name, used = subject(match.start())
        add([name + match.group() + "比例"], Target(">=", 100.0, "percent"), match.start(), match.end(), used)

    for match in _COUNT.finditer(text):
        if _negated(text, match.start()) or text[max(0, match.start() - 1) : match.start()] == "第":
            continue
        if not (match.group("verb") or match.group("per") or match.group("tail")):
            continue
        after = _BRACKET.sub("", text[match.end() :])
        if after.startswith("的"):
            continue  # "编制50人以上的单位": a number describing which units, not a target
        if not (match.group("verb") or match.group("per")) and re.search(r"[\u4e00-\u9fff]", after):
            continue  # "N人以上" in the middle of a phrase describes something, it does not ask
        unit, multiplier, label = unit_of(match.group("unit"))
        value = round(float(match.group("number")) * multiplier, 6)
        operator = ">" if match.group("verb") in ("超过", "多于") else ">="
        name, used = _object_after(text, match.end()), None
        if len(name) < 2 or match.group("per"):
            name, used = subject(match.start())
            if match.group("per"):
                name += f"（{match.group('per')}）"
        add([name], Target(operator, value, unit, label), match.start(), match.end(), used)

    for pattern, suffix in ((_FULL_COVERAGE, "覆盖率"), (_ALL_INCLUDED, ""), (_EVERYWHERE, "覆盖率")):
        for match in pattern.finditer(text):
            name, used = subject(match.start())
            if pattern is not _FULL_COVERAGE:
                name += _object_after(text, match.end())
            if suffix and not re.search(r"(率|比例)$", name):
                name += suffix
            add([name], Target(">=", 100.0, "percent"), match.start(), match.end(), used)

    idioms = list(_IDIOM.finditer(text))
    for match in idioms:
        name, used = _subject(clauses, index, idioms[0].start())
        # One target per idiom; a lone idiom after "A和B" (two things of one kind) asks it of both.
        names = [name + match.group()] if len(idioms) > 1 else [part + match.group() for part in _coordinated(name)]
        add(names, Target(">=", 100.0, "percent"), match.start(), match.end(), used)

    for match in _EACH_HAS.finditer(text):
        add([match.group()], Target(">=", 100.0, "percent"), match.start(), match.end())

    for match in _PRACTICE.finditer(text):
        name, used = subject(match.start())
        add([name + text[match.start() : match.end() + 2] + _object_after(text, match.end() + 2)], Target("=", True, "yes_no"),
            match.start(), match.end(), used)

    before = clauses[index - 1].text if index else None
    for found in deliverables(text, before, bool(before and deliverables(before)), title):
        target = Target(">=", 100.0, "percent") if found.share else Target("=", True, "yes_no")
        add([found.name], target, found.start, found.end, index - 1 if found.borrowed else None, deliverable=True, id_words=found.id_words)

    match = _FACILITY.match(text)
    if (
        match
        and not results
        and not _SOFT_WORDS.search(match.group("pre"))
        and not _GENERAL_OBJECTS.search(match.group("object"))
        and not _SUBUNITS.search(match.group("pre") + match.group("object"))
    ):
        name = match.group("object") if len(match.group("object")) <= MAX_NAME_CHARS else match.group("verb") + match.group("object")
        add([name], Target("=", True, "yes_no"), match.start("verb"), match.end("object"))
    return results


def _negated(text: str, start: int) -> bool:
    return text[max(0, start - 1) : start] in ("未", "没", "不") or text[max(0, start - 2) : start] in ("尚未", "没有")


def _subject(clauses: list[_Clause], index: int, end: int, begin: int = 0) -> tuple[str, int | None]:
    """What the clause says the target is about: its words before `end`, or the clause before when it has none."""
    subject = _clean(clauses[index].text[begin:end].lstrip("、，,"))
    if len(re.findall(r"[\u4e00-\u9fff]", subject)) >= 2 or index == 0:
        return subject, None
    return _clean(clauses[index - 1].text) + subject, index - 1


def _clean(text: str) -> str:
    text = text.strip().rstrip("，,：:")
    text = re.sub(r"^.*?(?:提高到|提高至|提升到|提升至)", "", text) or text
    text = _LEADING.sub("", text)
    return _TRAILING.sub("", text).strip()


def _object_after(text: str, end: int) -> str:
    rest = _BRACKET.sub("", text[end:]).strip().rstrip("，,：:。；;")
    return _clean(rest.removeprefix("的"))


def _coordinated(subject: str) -> list[str]:
    """"基本养老保险和基本医疗保险" → both: two things that share their last two characters are two targets."""
    match = re.search(r"([\u4e00-\u9fff]{2,12})(?:和|及|与|、)([\u4e00-\u9fff]{2,12})$", subject)
    if match and match.group(1)[-2:] == match.group(2)[-2:] and match.group(1) != match.group(2):
        second = match.group(2)
        first = match.group(1)[-len(second) :]  # as long as the second: "加入基本养老保险" → "基本养老保险"
        prefix = subject[: match.end(1) - len(first)]
        return [prefix + first, prefix + second]
    return [subject]


def _expand(name: str) -> list[str]:
    for term, parts in EXPANSIONS.items():
        if re.search(term, name):
            return [re.sub(term, part, name) for part in parts]
    return [name]


def _short(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    return name if len(name) <= MAX_NAME_CHARS else name[:MAX_NAME_CHARS] + "…"
