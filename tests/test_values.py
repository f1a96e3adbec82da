import pytest

from checker.reading.values import Reading, ValueProblem, format_decimals, is_missing, read_value, round_shown


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("86%", "percent", 86.0),
        ("86.0", "percent", 86.0),
        ("８６．５％", "percent", 86.5),
        ("＞90", "percent", 90.0),
        ("0.2万人", "persons", 2000.0),
        ("1,502", "households", 1502.0),
        ("1502户", "households", 1502.0),
        (" 4 126 人 ", "persons", 4126.0),
        (1502, "households", 1502.0),
    ],
)
def test_text_and_numbers_become_values_in_the_indicator_unit(raw, unit, expected):
    assert read_value(raw, unit).value == pytest.approx(expected)


def test_percent_formatted_cell_is_read_as_shown():
    reading = read_value(0.86, "percent", number_format="0%")
    assert reading.value == pytest.approx(86.0)
    assert reading.decimals == 0


def test_unit_column_in_wan_scales_a_plain_number():
    assert read_value(0.2, "persons", unit_hint="万人").value == pytest.approx(2000.0)


def test_greater_than_text_keeps_its_qualifier():
    assert read_value("＞90", "percent").qualifier == ">"


@pytest.mark.parametrize("raw", ["八十五", "eighty", "12/5", "85%%"])
def test_text_that_is_not_a_number_is_refused(raw):
    with pytest.raises(ValueProblem, match="is not a number"):
        read_value(raw, "percent")


def test_a_count_unit_in_a_percent_row_is_refused():
    with pytest.raises(ValueProblem, match="does not fit"):
        read_value("1502户", "percent")


def test_percent_formatted_cell_for_a_count_is_refused():
    with pytest.raises(ValueProblem, match="formatted as a percentage"):
        read_value(0.5, "households", number_format="0%")


@pytest.mark.parametrize("raw", [None, "", " ", "—", "/", "无数据", "-"])
def test_empty_and_placeholder_cells_are_missing_not_zero(raw):
    assert is_missing(raw)


def test_zero_is_not_missing():
    assert not is_missing(0)


@pytest.mark.parametrize(("raw", "expected"), [("是", 1.0), ("否", 0.0), ("已建成", 1.0), (True, 1.0), (0, 0.0)])
def test_yes_no_answers(raw, expected):
    assert read_value(raw, "yes_no").value == expected


def test_yes_no_refuses_a_percentage():
    with pytest.raises(ValueProblem, match="yes/no"):
        read_value("85%", "yes_no")


@pytest.mark.parametrize(("number_format", "decimals"), [("General", None), ("0", 0), ("0.0%", 1), ("#,##0.00", 2), ('0.0"户"', 1)])
def test_format_decimals(number_format, decimals):
    assert format_decimals(number_format) == decimals


def test_float_noise_is_rounded_away():
    assert round_shown(Reading(84.99999999, None)) == 85.0
    assert round_shown(Reading(84.6, 0)) == 85.0
