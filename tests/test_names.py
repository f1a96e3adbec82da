import pytest

from checker.names import fold, normalise_name, trailing_unit


@pytest.mark.parametrize(
    "written",
    [
        "9．残疾人基本康复服务覆盖率（%）",
        "9. 残疾人基本康复服务覆盖率(%)",
        "（九）残疾人基本康复服务覆盖率",
        "残疾人 基本康复 服务覆盖率",
        "残疾人基本康复服务覆盖率（％）",
    ],
)
def test_numbering_units_and_spacing_do_not_change_a_name(written):
    assert normalise_name(written) == normalise_name("残疾人基本康复服务覆盖率")


def test_digits_that_belong_to_the_name_are_kept():
    assert normalise_name("0-6岁残疾儿童康复救助率").startswith("0-6")


def test_spaced_headers_fold_to_one_word():
    assert fold("指　标　名　称") == "指标名称"
    assert fold("属 性") == "属性"


def test_trailing_unit():
    assert trailing_unit("城乡残疾人职业技能培训人数（万人）") == "万人"
    assert trailing_unit("残疾人之家") is None
