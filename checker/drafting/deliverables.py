"""Deliverables: concrete yes/no products a plan says will be made, found clause by clause.

Target files encode them as `unit = "yes_no"`, `operator = "="`, `target = true`, supplementary,
trajectory "final" (targets/README.md, "Deliverables"). Each kind is a verb and what it makes:

  document     制定/出台/修订/印发/编制 (实施/落实/完善) … 办法·方案·计划·规划·意见·细则·政策·标准, or a《title》
  institution  建立(健全/完善) … 制度·办法·政策, or a 标准(动态)调整机制 (a rule that moves a benefit's amount)
  register     建立/搭建/打造/建设/开发建设 … 平台·系统·台账·数据库·资源库
  online       实现/落实/开展/做好/推行 … 跨省通办·一网通办·全程网办·一次办·电子证照; … 纳入/接入 … 平台
  task         完成/做好/组织好 … 换届

What is not one: what the plan only 探索, 逐步, 推动, 鼓励, 支持, 研究, 争取 or 继续 does; a document
named generically (配套实施方案, 工作方案, 康复方案 for each person); other 机制 (工作机制, 衔接机制,
长效机制: ways of working with nothing to check); what is asked of every sub-unit or comes in 一批.
"各乡镇（街道）要制定…规划" asks every sub-unit for its own plan: a share of sub-units (`>= 100`
percent), not one yes/no fact (_SUBUNIT_PLAN).

An object too short to name the deliverable ("实现“全程网办”") takes the words of the clause before
("规范按比例就业审核，实现“全程网办”"); when that clause is itself a deliverable, the two clauses
state one ("…纳入“蒙速办”平台，实现“一件事、一次办”").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = r"\u4e00-\u9fff"
# Words that make a clause something other than a promise to deliver (in the words before the verb).
_SOFT = re.compile(r"探索|逐步|推动|鼓励|引导|支持|研究|争取|有条件|可(?!持续)|积极|推进|加快|促进|筹建|继续|适时|倡导|力推")
# Many things, or one in every sub-unit: counted as shares or not at all, never one yes/no fact.
_MANY = re.compile(r"各(?!项|类)|每个|每一|一批|若干|多个|一系列|社区|村[（(级]|乡镇|街道")
# Qualifiers that name no particular document ("制定配套实施方案", "制定工作方案", "制定本规划").
_GENERIC = re.compile(r"配套|工作|相关|具体|实施|专项|有关|如下|本|当地|年度|行动|个性化|[“”\"《》（）()、和及等的]")
# A showcase or brand to build is an aim, not one thing to check ("打造…示范服务平台").
_SHOWCASE = re.compile(r"示范|品牌|标杆")
MIN_STEM_CHARS = 4  # what a document or institution is about, its generic words aside
MAX_OBJECT_CHARS = 40
_END = r"[”\"’）)]*[，,。；;：:]?$"

_DOCUMENT = re.compile(
    rf"^(?P<pre>[^《》]*?)(?P<verb>制定|出台|修订|印发|编制)(?:出台|实施|落实|完善|印发)?"
    rf"(?P<object>(?!的)[^，,。；;]{{2,{MAX_OBJECT_CHARS}}}?(?:办法|方案|计划|规划|意见|细则|政策|标准|条例|规定|指南|》))" + _END
)
_INSTITUTION = re.compile(
    rf"^(?P<pre>[^《》]*?)(?P<verb>建立)(?:健全|完善|和完善)?"
    rf"(?P<object>[^，,。；;]{{2,{MAX_OBJECT_CHARS}}}?(?:制度|办法|政策|调整机制))" + _END
)
_REGISTER = re.compile(
    rf"^(?P<pre>[^《》]*?)(?P<verb>开发建设|建立|搭建|打造|建设|建成)"
    rf"(?P<object>[^，,。；;]{{2,{MAX_OBJECT_CHARS}}}?(?:平台|系统|台账|数据库|资源库|信息库))" + _END
)
# Services put online; each group is one kind of deliverable ("电子证照申领应用和“跨省通办”" are two).
_ONLINE_KINDS = (r"[“\"]?[{0}]{{1,2}}通办[”\"]?|[“\"]?全程网办[”\"]?|[“\"]?[{0}]{{0,4}}一次办[{0}]{{0,2}}[”\"]?".format(_CJK), r"电子证照")
_ONLINE = re.compile("|".join(f"(?:{kind})" for kind in _ONLINE_KINDS))
_FIRM = re.compile(r"实现|落实|开展|做好|推行")
_ONTO_PLATFORM = re.compile(rf"^(?P<pre>[^，,。；;]*?)(?P<verb>纳入|接入)(?P<object>[^，,。；;]{{0,20}}?平台)" + _END)
_TASK = re.compile(rf"^(?P<pre>[^，,。；;]*?)(?P<verb>完成|做好|组织好)(?P<object>[^，,。；;]{{0,12}}换届)(?:工作)?" + _END)
# "各乡镇（街道）要制定…规划": every sub-unit makes its own plan.
_SUBUNIT_PLAN = re.compile(
    rf"^(?P<pre>[^，,。；;]*?各(?:县|乡镇|乡|镇|街道|区|市|旗)[^，,。；;]{{0,24}}?)(?:要|应|应当|须|需)?"
    rf"(?:依据本规划|结合实际|根据本规划)?(?P<verb>制定|编制|出台)"
    rf"(?P<object>[^，,。；;]{{2,{MAX_OBJECT_CHARS}}}?(?:规划|方案)(?:或[{_CJK}“”]{{2,12}}(?:规划|方案))?)" + _END
)
_LEADING = re.compile(r"^(?:[，,、\s]|确保|力争|同时|并|要|将|把|全面|切实|严格|认真|进一步|及时|做好|实现|开展|落实)+")
_TRAILING = re.compile(r"(?:工作|政策)$")


@dataclass(frozen=True)
class Deliverable:
    name: str
    start: int  # the span in the clause that states it
    end: int
    borrowed: bool = False  # named with the clause before: the quote starts there
    share: bool = False  # a share of sub-units (>= 100 percent), not a yes/no

    @property
    def id_words(self) -> str:
        """The name without what differs from plan to plan (place, years, who), to find the id by."""
        if self.share:
            made = re.sub(r"^.*?制定", "制定", self.name)
            return re.sub(r"(?<=制定)[^“”]*?的|当地|本地", "", made) + "比例"
        words = re.sub(r"[（(]\d{4}\s*[-—–~至]\s*\d{4}年?[)）]|“十四五”|十四五|第[一二三四五六七八九十\d]+期", "", self.name)
        if words.startswith("《"):
            words = re.sub(rf"^《[{_CJK}]{{1,5}}?(?:省|市|县|区|旗)", "《", words)
        return re.sub(r"^(?:我市|本市|我区|本区|我县|本县)", "", words.strip("《》"))


def deliverables(clause: str, before: str | None = None, before_is_deliverable: bool = False, title: str | None = None) -> list[Deliverable]:
    """The deliverables one clause states; `before` is the clause before it in the sentence, if any;
    `title` the item title the clause's sentence follows ("残疾人基本型辅助器具适配资助。建立健全补贴制度")."""
    text = clause.strip()
    offset = clause.find(text) if text else 0
    if match := _SUBUNIT_PLAN.match(text):
        # Sub-units, not departments ("各有关部门要制定…"), and a plan of their own, not a 配套方案.
        if not _soft(match.group("pre")) and not re.search(r"部门|单位|机关", match.group("pre")) and len(_stem(match.group("object"))) >= MIN_STEM_CHARS:
            subject = re.sub(r"^.*?(?=各)", "", match.group("pre"))
            name = re.sub(r"[要应须需]$", "", subject) + "制定" + match.group("object")
            return [Deliverable(name, offset, offset + match.end("object"), share=True)]
        return []
    for pattern, generic_ok in ((_DOCUMENT, False), (_INSTITUTION, False), (_REGISTER, True)):
        match = pattern.match(text)
        if not match or _soft(match.group("pre")) or _MANY.search(match.group("pre") + match.group("object")) or _SHOWCASE.search(match.group("object")):
            continue
        name = match.group("object")
        stem = _stem(name)
        if not name.startswith("《") and len(stem) < (2 if generic_ok else MIN_STEM_CHARS):
            if not title or len(stem) < 2:
                continue
            name = _joined(title, name)  # the item's title says what the 补贴制度 is for
        return [Deliverable(name, offset + match.start("verb"), offset + match.end("object"))]
    if match := _TASK.match(text):
        if not _soft(match.group("pre")):
            return [Deliverable(_clean(match.group("object")) + "工作", offset + match.start("verb"), offset + match.end("object"))]
    if match := _ONTO_PLATFORM.match(text):
        if not _soft(match.group("pre")) and not re.search(r"各(?!类)|每个", match.group("pre")):
            name = _clean(match.group("pre")) + match.group("verb") + match.group("object")
            return [Deliverable(name, offset, offset + match.end("object"))]
        return []
    return _online(text, offset, before, before_is_deliverable)


def _online(text: str, offset: int, before: str | None, before_is_deliverable: bool) -> list[Deliverable]:
    keywords = list(_ONLINE.finditer(text))
    if not keywords:
        return []
    verbs = [v for v in _FIRM.finditer(text) if v.end() <= keywords[0].start()]
    if not verbs:
        return []
    verb = verbs[-1]
    if _soft(text[: verb.start()]) or text[verb.end() : verb.end() + 2] == "支撑":
        return []
    end = keywords[-1].end()
    stated = text[verb.end() : end]
    # "电子证照申领应用和“跨省通办”": one deliverable per kind of service.
    kinds = [index for index, kind in enumerate(_ONLINE_KINDS) if re.search(kind, stated)]
    if len(kinds) > 1:
        parts = re.split(r"(?<=[^、])(?:和|及|、)(?=[“\"]?(?:[\u4e00-\u9fff]{1,2}通办|全程网办|电子证照))", stated, maxsplit=1)
        if len(parts) == 2:
            head = parts[0].split("的")[0] if "的" in parts[0] else ""
            start = offset + verb.end()
            return [
                Deliverable(_clean(parts[0]), start, start + len(parts[0])),
                Deliverable(head + parts[1], start + len(parts[0]), offset + end),
            ]
    stated = text[verb.end() :].rstrip("，,。；;：:")  # to the clause's end: "电子证照应用", "“跨省通办”政策"
    end = verb.end() + len(stated)
    name = _clean(stated)
    # What the service is for, its quoted slogans aside ("“一件事、一次办”" names nothing).
    if len(_stem(_ONLINE.sub("", re.sub(r"“[^”]*”", "", name)))) >= 2:
        return [Deliverable(name, offset + verb.start(), offset + end)]
    if before is None or before_is_deliverable:
        return []  # "…纳入“蒙速办”平台，实现“一件事、一次办”": the clause before states it
    return [Deliverable(_clean(before) + name, offset + verb.start(), offset + end, borrowed=True)]


def _joined(title: str, name: str) -> str:
    """"盲人按摩补贴" + "补贴制度" → "盲人按摩补贴制度": words the two share are said once."""
    for size in range(min(len(title), len(name)), 0, -1):
        if title.endswith(name[:size]):
            return title + name[size:]
    return title + name


def _soft(words: str) -> bool:
    return bool(_SOFT.search(words))


def _stem(name: str) -> str:
    """What a name is about: its generic words and the kind of thing it ends with aside."""
    name = re.sub(r"(?:办法|方案|计划|规划|意见|细则|政策|标准|条例|规定|指南|制度|调整机制|平台|系统|台账|数据库|资源库|信息库)$", "", name)
    return re.sub(rf"[^{_CJK}]", "", _GENERIC.sub("", name))


def _clean(text: str) -> str:
    text = _LEADING.sub("", text.strip().rstrip("，,。；;：:"))
    return _TRAILING.sub("", text).strip()
