"""`checker draft`: plan documents in every layout → a draft target file that passes lint.

The documents under tests/documents/ are plans written for these tests (invented counties), in the
layouts the shipped seeds do not have: PDF-extracted text with spaced columns, an HTML page with a
<table>, a GB18030 text; the .docx and the PDF are built here. The seeds in ../shared/seeds are
used only where present.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.drafting import draft_plan, write_draft
from checker.drafting.document import read_document
from checker.drafting.passages import passages
from checker.drafting.prose import prose_targets
from checker.drafting.scoring import score_draft
from checker.drafting.targets import read_target_cell
from checker.errors import CheckerError
from checker.plans.loading import find_plan, load_catalogue, load_plan, plan_files
from tests.conftest import SEEDS, SHIPPED_PLANS
from tests.test_targets_review import DELIVERABLE_IDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DOCUMENTS = Path(__file__).parent / "documents"
PDF_TEXT = DOCUMENTS / "heqing_pdf_layout.txt"
HTML_PAGE = DOCUMENTS / "songping_plan.html"
GB18030_TEXT = DOCUMENTS / "linchuan_gb18030.txt"
PLANS = ["daan", "jiangbei", "qingshan", "xinzhou", "zhangdian"]


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(), [find_plan(plan_id) for plan_id in SHIPPED_PLANS]


def draft(path, shipped, plan_id="trial"):
    catalogue, plans = shipped
    return draft_plan(Path(path), plan_id, catalogue, plans)


def rows(result):
    return {p.name: p for p in result.proposals if p.found_in == "table"}


def prose_of(text: str):
    """Prose targets of a one-paragraph document."""
    from checker.drafting.document import Line

    return prose_targets(passages([Line(1, "三、主要任务"), Line(2, text)]))


# --- reading documents -------------------------------------------------------------------------


def test_gb18030_text_is_read_like_utf8(tmp_path):
    document = read_document(GB18030_TEXT)
    assert document.encoding == "gb18030"
    assert document.lines[0].text == "临川县残疾人事业发展“十四五”实施方案"
    utf8 = tmp_path / "bom.txt"
    utf8.write_bytes(b"\xef\xbb\xbf" + "临川县残疾人事业发展".encode("utf-8"))
    assert read_document(utf8).lines[0].text == "临川县残疾人事业发展"


def test_binary_file_is_refused_with_what_is_expected(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CheckerError, match="neither UTF-8 nor GB18030"):
        read_document(path)


def test_html_page_gives_table_rows_as_cells_and_skips_scripts():
    document = read_document(HTML_PAGE)
    texts = [line.text for line in document.lines]
    assert "社会保障\t1\t残疾人城乡居民基本医疗保险参保率\t%\t95\t＞97\t预期性" in texts
    assert not any("visits" in text for text in texts)
    line = next(line for line in document.lines if line.text.startswith("社会保障\t1\t"))
    assert HTML_PAGE.read_text(encoding="utf-8").splitlines()[line.number - 1].lstrip().startswith("<tr><td rowspan")


# --- the 主要指标 table --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "operator", "target", "unit"),
    [
        (">7.5%", ">", 7.5, "percent"),
        ("＞95", ">", 95.0, None),
        ("≥85", ">=", 85.0, None),
        ("100", ">=", 100.0, None),
        ("300户", ">=", 300.0, "households"),
        ("0.2万人", ">=", 2000.0, "persons"),
        ("不低于90%", ">=", 90.0, "percent"),
        ("5—10", "range", (5.0, 10.0), None),
        ("全覆盖", ">=", 100.0, "percent"),
    ],
)
def test_target_cells_read_as_plans_write_them(cell, operator, target, unit):
    read = read_target_cell(cell)
    assert (read.operator, read.target, read.unit) == (operator, target, unit)


def test_five_year_total_in_brackets_is_cumulative():
    read = read_target_cell("[110]")
    assert (read.operator, read.target, read.cumulative) == (">=", 110.0, True)


def test_in_step_cell_keeps_what_it_keeps_pace_with():
    read = read_target_cell("与全市地区生产总值增长同步")
    assert read.operator == "in_step_with" and "地区生产总值" in read.reference_text


def test_pdf_text_table_with_spaced_columns_and_headers_is_read(shipped):
    table = rows(draft(PDF_TEXT, shipped))
    assert len(table) == 8
    training = table["城乡残疾人职业技能培训人数"]
    assert (training.operator, training.target, training.unit, training.trajectory) == (">=", 1500.0, "persons", "cumulative")
    pension = table["残疾人城乡居民基本养老保险参保率"]
    assert (pension.operator, pension.target, pension.attribute, pension.attribute_basis) == (">=", 92.0, "expected", "stated")
    assert table["残疾儿童少年义务教育入学率"].operator == ">"
    assert table["困难残疾人生活补贴覆盖率"].attribute == "binding"
    assert table["困难重度残疾人家庭无障碍改造"].target == 600.0


def test_pdf_text_row_name_wrapped_onto_the_next_line_is_joined(shipped):
    table = rows(draft(PDF_TEXT, shipped))
    rehab = table["符合条件且有需求的残疾儿童和持证残疾人基本康复服务覆盖率"]
    assert (rehab.unit, rehab.target, rehab.line, rehab.id) == ("percent", 88.0, 25, "rehab_coverage")


def test_in_step_row_gets_its_reference_even_when_the_cell_wraps(shipped):
    income = rows(draft(PDF_TEXT, shipped))["残疾人家庭人均可支配收入年均增长"]
    assert (income.operator, income.reference, income.id) == ("in_step_with", "gdp_growth", "income_growth")


def test_html_table_uses_the_unit_and_target_columns_not_the_2020_column(shipped):
    table = rows(draft(HTML_PAGE, shipped))
    assert len(table) == 6
    training = table["城乡残疾人职业技能培训人数"]
    assert (training.target, training.unit, training.unit_label) == (1200.0, "person_times", "人次")
    assert table["残疾人辅助器具适配率"].target == 90.0
    assert table["困难重度残疾人家庭无障碍改造"].target == 260.0
    assert table["残疾人城乡居民基本医疗保险参保率"].operator == ">"


def test_gb18030_cell_per_line_table_is_read(shipped):
    table = rows(draft(GB18030_TEXT, shipped))
    assert {name: (p.operator, p.target, p.unit) for name, p in table.items()} == {
        "残疾人基本康复服务覆盖率": (">=", 90.0, "percent"),
        "新增残疾人就业人数": (">", 500.0, "persons"),
        "残疾人家庭无障碍改造数": (">=", 350.0, "households"),
    }


# --- targets in sentences ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "operator", "target", "unit"),
    [
        ("城乡社区残疾人服务站点覆盖率达到85%。", ">=", 85.0, "percent"),
        ("残疾人家庭医生签约服务率90%以上。", ">=", 90.0, "percent"),
        ("残疾人托养服务机构覆盖率不低于60%。", ">=", 60.0, "percent"),
        ("残疾人基本康复服务覆盖率保持在95%以上。", ">=", 95.0, "percent"),
        ("残疾人参加医疗保险的比例超过98%。", ">", 98.0, "percent"),
        ("实现残疾人法律援助全覆盖。", ">=", 100.0, "percent"),
        ("确保适龄残疾儿童应入尽入。", ">=", 100.0, "percent"),
        ("将困难残疾人全部纳入临时救助范围。", ">=", 100.0, "percent"),
        ("为120户困难残疾人家庭实施无障碍改造。", ">=", 120.0, "households"),
        ("助残志愿者发展到5000人以上。", ">=", 5000.0, "persons"),
        ("每年开展助残服务不少于800人次。", ">=", 800.0, "person_times"),
        ("建设3个残疾人职业培训基地。", ">=", 3.0, "count"),
        ("培训残疾人1.2万人。", ">=", 12000.0, "persons"),
        ("县图书馆开设盲人阅览室。", "=", True, "yes_no"),
    ],
)
def test_each_way_of_stating_a_target_is_found(sentence, operator, target, unit):
    (found,) = prose_of(sentence)
    assert (found.target.operator, found.target.target, found.unit) == (operator, target, unit)
    assert found.quote in sentence  # verbatim


def test_prose_target_is_named_from_its_sentence():
    (found,) = prose_of("到2025年，残疾人托养服务机构覆盖率不低于60%。")
    assert found.name == "残疾人托养服务机构覆盖率"


def test_one_idiom_after_two_like_things_is_two_targets():
    found = prose_of("帮助残疾人加入基本养老保险和基本医疗保险，实现应保尽保。")
    assert [f.name for f in found] == ["帮助残疾人加入基本养老保险应保尽保", "帮助残疾人加入基本医疗保险应保尽保"]


@pytest.mark.parametrize(
    "sentence",
    [
        "“十三五”期间，全县残疾人基本康复服务覆盖率达到80%以上。",
        "编制50人以上的单位按比例安排残疾人就业。",
        "对0-6岁残疾儿童开展筛查，落实15年免费教育。",
        "安排残疾人就业未达到职工总数1.5%的单位缴纳保障金。",
        "鼓励各地建设残疾人康复中心。",
        "构建全覆盖的绩效管理体系。",
    ],
)
def test_sentences_that_ask_for_nothing_give_no_target(sentence):
    assert prose_of(sentence) == []


def test_chapter_about_the_past_gives_no_target(shipped):
    found = draft(PDF_TEXT, shipped).proposals
    assert not any(p.line in (8, 9) for p in found)  # 一、发展基础: 860户, 82%以上, 3个 are achievements


# --- deliverables: yes/no products the plan says will be made ------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("制定出台残疾人康复服务管理办法。", "残疾人康复服务管理办法"),
        ("出台《临江县残疾人就业促进实施细则》。", "《临江县残疾人就业促进实施细则》"),
        ("修订完善盲人按摩机构管理办法，提高补助标准。", "盲人按摩机构管理办法"),
        ("编制县级无障碍环境建设专项规划。", "县级无障碍环境建设专项规划"),
        ("建立困难残疾人家庭探访关爱制度。", "困难残疾人家庭探访关爱制度"),
        ("建立健全残疾人托养服务补贴、奖励制度，扩大受益面。", "残疾人托养服务补贴、奖励制度"),
        ("建立重度残疾人护理补贴标准动态调整机制。", "重度残疾人护理补贴标准动态调整机制"),
        ("建立残疾人辅助器具租赁台账。", "残疾人辅助器具租赁台账"),
        ("搭建残疾人就业见习岗位信息平台。", "残疾人就业见习岗位信息平台"),
        ("实现残疾人机动车燃油补贴申领“全程网办”。", "残疾人机动车燃油补贴申领“全程网办”"),
        ("落实困难残疾人生活补贴申领“跨省通办”政策。", "困难残疾人生活补贴申领“跨省通办”"),
        ("将残疾人托养服务补贴申请纳入市政务服务平台。", "残疾人托养服务补贴申请纳入市政务服务平台"),
        ("完成县残联换届工作。", "县残联换届工作"),
    ],
)
def test_each_kind_of_deliverable_is_one_yes_no_with_its_clause_as_quote(sentence, name):
    (found,) = prose_of(sentence)
    assert (found.target.operator, found.target.target, found.unit, found.deliverable) == ("=", True, "yes_no", True)
    assert found.name == name
    assert found.quote in sentence and found.quote.startswith(sentence[:2])  # the plan's own clause


@pytest.mark.parametrize(
    "sentence",
    [
        "探索建立残疾人长期护理保险制度。",  # only explored
        "逐步建立残疾人托养服务补贴制度。",  # only step by step
        "推动残疾人服务事项纳入政务服务“一网通办”平台。",  # only pushed for
        "鼓励有条件的乡镇建立残疾人就业服务平台。",
        "研究制定残疾人职业培训补贴标准。",
        "继续实施《残疾人就业促进办法》。",  # in force already
        "落实残疾人两项补贴标准动态调整机制。",  # a rule in force, carried out
        "落实新修订的《残疾人专职委员工作规范》。",
        "建立残疾人就业服务与社区衔接的工作机制。",  # a way of working, nothing to check
        "建立健全残疾人权益维护应急处置机制。",
        "区有关部门要制定配套实施方案。",  # no particular document
        "各有关部门要制定本部门残疾人工作实施方案。",  # departments, not sub-units
        "制定康复方案，做到“一人一案”。",  # one for each person
        "制定本规划。",
        "打造残疾人文化艺术示范平台。",  # a showcase
        "建立一批残疾人就业服务平台。",  # many, no number
        "为群众办事“一次办好”、“跨省通办”提供支撑。",  # support, not a service promised
        "完善残疾人人口基础信息数据库。",  # improving what exists
        "健全残疾人两项补贴制度。",
    ],
)
def test_what_a_plan_only_explores_continues_or_names_generically_is_no_deliverable(sentence):
    assert [f for f in prose_of(sentence) if f.unit == "yes_no" or f.deliverable] == []


def test_every_sub_unit_making_its_own_plan_is_a_share_not_a_yes_no():
    (found,) = prose_of("各乡镇要结合实际制定本地残疾人事业发展实施方案，确保任务落地。")
    assert (found.target.operator, found.target.target, found.unit, found.deliverable) == (">=", 100.0, "percent", True)
    assert found.name == "各乡镇制定本地残疾人事业发展实施方案"


def test_a_service_too_short_to_name_takes_the_clause_before_and_quotes_both():
    (found,) = prose_of("规范残疾人辅助器具补贴审核，实现“一网通办”。")
    assert found.name == "规范残疾人辅助器具补贴审核“一网通办”"
    assert found.quote == "规范残疾人辅助器具补贴审核，实现“一网通办”。"


def test_the_outcome_of_a_deliverable_in_the_next_clause_is_the_same_deliverable():
    found = prose_of("残疾人证换领纳入“秦务通”平台，实现“一件事、一次办”。")
    assert [f.name for f in found] == ["残疾人证换领纳入“秦务通”平台"]


def test_two_kinds_of_online_service_in_one_clause_are_two_deliverables():
    found = prose_of("开展残疾人证的电子证照申领和“跨省通办”工作。")
    assert [f.name for f in found] == ["残疾人证的电子证照申领", "残疾人证“跨省通办”"]
    assert len({f.quote for f in found}) == 1


def test_two_deliverables_in_one_sentence_each_with_its_own_name():
    found = prose_of("全面推行残疾人证电子证照应用，实现残疾人证“跨省通办”。")
    assert [f.name for f in found] == ["残疾人证电子证照应用", "残疾人证“跨省通办”"]


def test_a_box_item_title_names_a_system_its_sentence_leaves_unnamed():
    from checker.drafting.document import Line

    found = prose_targets(passages([Line(1, "专栏2 残疾人社会保障重点项目"), Line(2, "3．盲人按摩补贴。建立健全补贴制度。")]))
    assert [(f.name, f.unit) for f in found] == [("盲人按摩补贴制度", "yes_no")]


def test_a_mechanism_for_both_subsidies_is_one_deliverable_not_two():
    assert [f.name for f in prose_of("建立“两项补贴”标准动态调整机制。")] == ["“两项补贴”标准动态调整机制"]


def test_deliverables_are_supplementary_final_with_catalogue_ids_even_in_a_plan_without_table(tmp_path, shipped):
    path = tmp_path / "plan.txt"
    path.write_text(
        "临江县“十四五”残疾人事业发展实施方案\n三、主要任务\n"
        "（一）就业。有就业意愿的残疾人就业服务覆盖率达到90%。建立残疾人就业辅导员工作制度，扩大辅导员队伍。\n"
        "（二）预防。制定《临江县残疾预防行动实施方案（2023—2025年）》。\n"
        "（三）探索建立残疾人长期护理保险制度。\n",
        encoding="utf-8",
    )
    result = draft(path, shipped, "linjiang")
    by_id = {p.id: p for p in result.proposals}
    assert set(by_id) == {"new_indicator_1", "employment_counsellor_system", "disability_prevention_plan"}
    assert by_id["new_indicator_1"].tier == "main"  # a measured target of a plan without a table
    for deliverable in (by_id["employment_counsellor_system"], by_id["disability_prevention_plan"]):
        assert (deliverable.unit, deliverable.operator, deliverable.target) == ("yes_no", "=", True)
        assert (deliverable.tier, deliverable.trajectory, deliverable.new_id) == ("supplementary", "final", False)
    assert by_id["disability_prevention_plan"].quote == "制定《临江县残疾预防行动实施方案（2023—2025年）》。"
    output = tmp_path / "linjiang.toml"
    write_draft(result, output)
    lint = CliRunner().invoke(main, ["lint", str(output), "--allow-draft"])
    assert lint.exit_code == 0, lint.output


# --- proposals -----------------------------------------------------------------------------------


def test_names_in_the_catalogue_get_the_shared_id_and_others_a_new_one(shipped):
    result = draft(GB18030_TEXT, shipped)
    by_name = {p.name: p for p in result.proposals}
    assert (by_name["残疾人基本康复服务覆盖率"].id, by_name["残疾人基本康复服务覆盖率"].new_id) == ("rehab_coverage", False)
    unknown = by_name["新增残疾人就业人数"]
    assert unknown.new_id and unknown.id.startswith("new_indicator_")
    assert unknown.name_en.startswith("(to translate)")


def test_table_row_repeated_in_prose_is_one_indicator_with_an_extra_quote(shipped):
    result = draft(PDF_TEXT, shipped)
    rehab = [p for p in result.proposals if p.id == "rehab_coverage"]
    assert len(rehab) == 1 and rehab[0].extra_quotes == ["残疾人基本康复服务覆盖率达到88%。"]


def test_table_row_stated_with_another_figure_in_prose_keeps_the_table_figure_and_says_so(shipped):
    (homes,) = [p for p in draft(PDF_TEXT, shipped).proposals if p.id == "barrier_free_homes"]
    assert homes.target == 600.0
    assert any("line 39 states it differently (>= 450)" in note for note in homes.notes)


def test_prose_targets_of_a_plan_with_a_table_are_supplementary(shipped):
    result = draft(HTML_PAGE, shipped)
    assert {p.tier for p in result.proposals if p.found_in == "prose"} == {"supplementary"}
    assert {p.tier for p in result.proposals if p.found_in == "table"} == {"main"}


def test_plan_details_are_read_from_the_document(shipped):
    plan = draft(HTML_PAGE, shipped).plan_table()
    assert plan["title"] == "松坪区“十四五”残疾人事业发展规划"
    assert (plan["document_number"], plan["issued"]) == ("松府发〔2023〕4号", "2023-03-15")
    assert draft(PDF_TEXT, shipped).plan_table()["issuer"] == "河清县人民政府"


# --- .docx and PDF ------------------------------------------------------------------------------

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(path: Path, paragraphs_before: list[str], table: list[list[str]], paragraphs_after: list[str]) -> Path:
    """A minimal .docx as Word writes it: a zip with [Content_Types].xml, relationships and word/document.xml."""

    def paragraph(text):
        return f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"

    rows = "".join("<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in table)
    body = "".join(map(paragraph, paragraphs_before)) + f"<w:tbl>{rows}</w:tbl>" + "".join(map(paragraph, paragraphs_after))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD}"><w:body>{body}</w:body></w:document>')
    return path


def test_docx_table_and_paragraphs_are_drafted(tmp_path, shipped):
    path = write_docx(
        tmp_path / "plan.docx",
        ["溪口县“十四五”残疾人保障和发展规划", "专栏1 主要指标"],
        [["指标", "目标值", "属性"], ["1.残疾人辅助器具适配率（%）", "≥88", "约束性"], ["2.城乡残疾人职业技能培训人数（人）", "[900]", "预期性"]],
        ["三、主要任务", "实现村（社区）残疾人协会全覆盖。"],
    )
    result = draft(path, shipped)
    table = rows(result)
    assert (table["残疾人辅助器具适配率"].target, table["残疾人辅助器具适配率"].attribute) == (88.0, "binding")
    assert (table["城乡残疾人职业技能培训人数"].target, table["城乡残疾人职业技能培训人数"].trajectory) == (900.0, "cumulative")
    assert [p.id for p in result.proposals if p.found_in == "prose"] == ["community_disabled_association_coverage"]
    assert result.plan_table()["title"] == "溪口县“十四五”残疾人保障和发展规划"


def test_docx_declaring_entities_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><w:document xmlns:w="x">&a;</w:document>')
    with pytest.raises(CheckerError, match="DTD or entities"):
        read_document(path)


def write_pdf(path: Path, lines: list[tuple[float, list[str]]]) -> Path:
    """A PDF as office software prints one: Chinese text in positioned cells (reportlab's built-in STSong font)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 10)
    y = 800
    for _, cells in lines:
        for x, cell in zip((40, 330, 470), cells):
            page.drawString(x, y, cell)
        y -= 18
    page.save()
    return path


def test_pdf_with_chinese_text_is_drafted_from_its_layout(tmp_path, shipped):
    pytest.importorskip("reportlab")
    path = write_pdf(
        tmp_path / "plan.pdf",
        [
            (0, ["桐城县“十四五”残疾人保障和发展规划"]),
            (0, ["专栏1  主要指标"]),
            (0, ["指 标", "2025年", "属 性"]),
            (0, ["1.残疾人基本康复服务覆盖率（%）", "≥86", "约束性"]),
            (0, ["2.城乡残疾人职业技能培训人数（万人）", "0.3", "预期性"]),
            (0, ["三、主要任务"]),
            (0, ["助残志愿者发展到2000人以上。"]),
        ],
    )
    result = draft(path, shipped)
    table = rows(result)
    assert (table["残疾人基本康复服务覆盖率"].target, table["残疾人基本康复服务覆盖率"].attribute) == (86.0, "binding")
    assert table["城乡残疾人职业技能培训人数"].target == 3000.0
    assert [(p.target, p.unit) for p in result.proposals if p.found_in == "prose"] == [(2000.0, "persons")]


def test_pdf_without_text_is_refused_saying_how_to_convert(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(tmp_path / "scan.pdf"))
    page.rect(50, 50, 200, 200, fill=1)
    page.save()
    with pytest.raises(CheckerError, match="pdftotext"):
        read_document(tmp_path / "scan.pdf")


# --- the command ---------------------------------------------------------------------------------


def test_draft_writes_a_target_file_that_passes_lint_and_prints_counts(tmp_path):
    output = tmp_path / "heqing.toml"
    result = CliRunner().invoke(main, ["draft", str(PDF_TEXT), "--id", "heqing", "-o", str(output)])
    assert result.exit_code == 0, result.output
    lint = CliRunner().invoke(main, ["lint", str(output), "--allow-draft"])  # valid, though a draft until reviewed
    assert lint.exit_code == 0, lint.output
    entries = tomllib.loads(output.read_text(encoding="utf-8"))["indicator"]
    assert all(entry["review"] == "needed" and entry["line"] >= 1 for entry in entries)
    main_rows = sum(e["tier"] == "main" for e in entries)
    new_ids = sum(e.get("new_id", False) for e in entries)
    assert main_rows == 8
    assert "表格 8 行" in result.output and f"正文 {len(entries) - main_rows} 项" in result.output
    assert f"目录中已有 id {len(entries) - new_ids} 个，新 id {new_ids} 个" in result.output
    english = CliRunner().invoke(main, ["draft", str(PDF_TEXT), "--id", "heqing", "-o", str(output), "--force", "--lang", "en"]).output
    assert "8 table rows" in english and f"{len(entries) - new_ids} catalogue ids, {new_ids} new ids" in english


def test_draft_never_overwrites_without_force(tmp_path):
    output = tmp_path / "songping.toml"
    output.write_text("# mine\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["draft", str(HTML_PAGE), "--id", "songping", "-o", str(output)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert output.read_text(encoding="utf-8") == "# mine\n"
    forced = CliRunner().invoke(main, ["draft", str(HTML_PAGE), "--id", "songping", "-o", str(output), "--force"])
    assert forced.exit_code == 0 and "[plan]" in output.read_text(encoding="utf-8")


def test_draft_file_must_be_named_after_the_plan_id(tmp_path):
    result = CliRunner().invoke(main, ["draft", str(HTML_PAGE), "--id", "songping", "-o", str(tmp_path / "other.toml")])
    assert result.exit_code == 2 and "songping.toml" in result.output


def test_missing_document_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(main, ["draft", str(tmp_path / "none.txt"), "--id", "none", "-o", str(tmp_path / "none.toml")])
    assert result.exit_code == 2
    assert result.output.strip() == f"错误：{tmp_path / 'none.txt'}: 找不到文件（应为规划文件（.txt、.html、.docx 或 .pdf））"
    english = CliRunner().invoke(main, ["draft", str(tmp_path / "none.txt"), "--id", "none", "-o", str(tmp_path / "none.toml"), "--lang", "en"])
    assert english.output.strip() == f"error: {tmp_path / 'none.txt'}: file not found, expected a plan document (.txt, .html, .docx or .pdf)"


def test_document_with_no_targets_exits_2_saying_what_was_looked_for(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("各有关单位：\n请认真贯彻落实。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", str(path), "--id", "letter", "-o", str(tmp_path / "letter.toml")])
    assert result.exit_code == 2 and "没有找到目标" in result.output
    english = CliRunner().invoke(main, ["draft", str(path), "--id", "letter", "-o", str(tmp_path / "letter.toml"), "--lang", "en"])
    assert english.exit_code == 2 and "no targets found" in english.output


# --- the shipped seeds (skipped without ../shared/seeds) ---------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.parametrize("plan_id", PLANS)
def test_every_seed_drafts_to_a_file_that_passes_lint(plan_id, tmp_path):
    hand_made = find_plan(plan_id)
    output = tmp_path / f"{plan_id}_draft.toml"
    result = CliRunner().invoke(main, ["draft", str(SEEDS / hand_made.source), "--id", f"{plan_id}_draft", "-o", str(output)])
    assert result.exit_code == 0, result.output
    lint = CliRunner().invoke(main, ["lint", str(output), "--seeds", str(SEEDS), "--allow-draft"])  # also finds every quote in the seed
    assert lint.exit_code == 0, lint.output


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_drafts_of_the_seeds_find_every_main_row_and_meet_the_recall_and_precision_goals(shipped):
    catalogue, plans = shipped
    # Overall (deliverables included), the measured targets alone (yes/no entries aside on both
    # sides: like for like with the answer key before the deliverables), and the deliverables the
    # second reading of the plans added (issue 18: 制定…办法, 建立…制度, 实现…跨省通办).
    found = hand_made = proposed = measured_found = measured_hand_made = measured_proposed = 0
    deliverables_found = deliverables = 0
    for plan in plans:
        others = [p for p in plans if p.id != plan.id]
        score = score_draft(draft_plan(SEEDS / plan.source, plan.id, catalogue, others), plan)
        assert score.main_rows_right == score.main_rows, (plan.id, score.wrong_main_rows)
        found, hand_made, proposed = found + len(score.found), hand_made + score.hand_made, proposed + score.proposed
        measured_found += score.measured_found
        measured_hand_made += score.measured_hand_made
        measured_proposed += score.measured_proposed
        found_ids = {h.id for h, _proposal in score.found}
        deliverables += sum(h.id in DELIVERABLE_IDS for h in plan.indicators)
        deliverables_found += sum(h.id in DELIVERABLE_IDS and h.id in found_ids for h in plan.indicators)
    assert found / hand_made >= 0.90 and found / proposed >= 0.88
    assert measured_found / measured_hand_made >= 0.95 and measured_found / measured_proposed >= 0.88
    assert deliverables_found / deliverables >= 0.90


# --- draft marks in target files (checker/plans/loading.py) -----------------------------------------------

DRAFT_FILE = """
[plan]
id = "mine"
title = "测试规划"
title_en = "Test plan"
issuer = "测试办公室"
period = [2021, 2025]
baseline_year = 2020
source = "none.txt"

[[indicator]]
id = "{id}"
{marks}
name = "残疾人康复服务站点覆盖率"
name_en = "Rehab station coverage"
unit = "percent"
attribute = "expected"
attribute_basis = "default"
operator = ">="
target = 90
tier = "main"
section = "三、（一）"
quote = "残疾人康复服务站点覆盖率达到90%"
trajectory = "maintain"
"""


def lint_text(tmp_path, indicator_id: str, marks: str):
    path = tmp_path / "mine.toml"
    path.write_text(DRAFT_FILE.format(id=indicator_id, marks=marks), encoding="utf-8")
    return CliRunner().invoke(main, ["lint", str(path), "--allow-draft"])


def test_new_id_lets_a_draft_use_an_id_not_yet_in_the_catalogue(tmp_path):
    result = lint_text(tmp_path, "rehab_station_coverage", 'new_id = true\nreview = "needed"\nline = 12')
    assert result.exit_code == 0, result.output


def test_an_id_not_in_the_catalogue_without_new_id_is_still_refused(tmp_path):
    result = lint_text(tmp_path, "rehab_station_coverage", "")
    assert result.exit_code == 2 and "not in catalogue.toml" in result.output and "new_id = true" in result.output


def test_new_id_on_an_id_the_catalogue_has_is_a_problem(tmp_path):
    result = lint_text(tmp_path, "rehab_coverage", "new_id = true")
    assert result.exit_code == 2 and "is in catalogue.toml: remove new_id = true" in result.output


@pytest.mark.parametrize(
    ("marks", "problem"),
    [('review = "done"', 'review must be "needed"'), ("line = 0", "line must be the line number"), ('new_id = "yes"', "new_id must be true or false")],
)
def test_draft_marks_with_wrong_values_are_reported(tmp_path, marks, problem):
    result = lint_text(tmp_path, "rehab_coverage", marks)
    assert result.exit_code == 2 and problem in result.output
