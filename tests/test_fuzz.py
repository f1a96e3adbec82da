"""Property tests: whatever a cell or a file holds, the checker answers with its own error or a true number.

Example counts are modest so that the suite stays fast; each run still explores new inputs.
"""

import io
import math
import unicodedata
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import CheckerError
from checker.reading.values import ValueProblem, is_missing, read_value
from checker.reading.workbook import read_workbook
from tests.conftest import write_workbook, xinzhou_rows

UNITS = ["percent", "persons", "households", "yuan", "count"]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FUZZ_FILES = settings(FUZZ, max_examples=30)  # each example writes and reads a workbook

# Text as people type it: letters, CJK, punctuation, symbols and digits in every script, no XML-illegal controls.
cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


def shows_a_digit(text: str) -> bool:
    """Whether any character is, or turns into, a digit: the oracle for "this text may be a number"."""
    return any(ch.isdigit() for ch in unicodedata.normalize("NFKC", text)) or any(ch.isdigit() for ch in text)


@FUZZ
@given(text=cell_text, unit=st.sampled_from(UNITS))
def test_any_text_gives_a_reading_or_a_value_problem_and_no_digits_never_give_a_number(text, unit):
    try:
        read_value(text, unit)
    except ValueProblem:
        return
    assert shows_a_digit(text), f"{text!r} has no digit but was read as a number"


@FUZZ
@given(number=st.integers(0, 10**9), text=st.text(st.sampled_from("abcxyz约左右余多半?？#@"), min_size=1, max_size=4))
def test_a_number_followed_by_words_that_are_no_unit_is_refused(number, text):
    try:
        reading = read_value(f"{number}{text}", "persons")
    except ValueProblem:
        return
    raise AssertionError(f"{number}{text!r} was read as {reading.value}")


@FUZZ
@given(
    number=st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    grouped=st.booleans(),
    full_width=st.booleans(),
    spaced=st.booleans(),
)
def test_a_number_written_as_people_write_it_is_read_exactly(number, grouped, full_width, spaced):
    text = f"{number:,}" if grouped else f"{number}"
    text += " %" if spaced else "%"
    if full_width:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.,%"})
    assert read_value(text, "percent").value == float(number)


@FUZZ_FILES
@given(values=st.lists(st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32), cell_text), min_size=11, max_size=11))
def test_random_cell_contents_are_read_back_as_written_or_refused_by_the_checker(tmp_path, values):
    rows = xinzhou_rows()
    for row, value in zip(rows[1:], values):
        row[3] = value
    path = write_workbook(tmp_path / "random.xlsx", {"主要指标": rows})
    try:
        data = read_workbook(path)
    except CheckerError:
        return
    read = {o.row: o.raw for o in data.observations}
    for row_number, value in enumerate(values, start=2):
        if row_number not in read:
            continue
        raw = read[row_number]
        if isinstance(value, str) and not value.strip():
            assert raw is None
        elif isinstance(value, float):
            assert math.isclose(raw, value, rel_tol=1e-15)  # openpyxl writes 17 significant digits at most
        elif value is not None and not (isinstance(value, str) and value.startswith("=")):
            assert raw == value
        if isinstance(raw, str) and not is_missing(raw) and not shows_a_digit(raw):
            for unit in UNITS:
                try:
                    read_value(raw, unit)
                except ValueProblem:
                    continue
                raise AssertionError(f"{raw!r} from the workbook was read as a number")


def valid_workbook_bytes(tmp_path) -> bytes:
    return write_workbook(tmp_path / "valid.xlsx", {"主要指标": xinzhou_rows()}).read_bytes()


@FUZZ_FILES
@given(mutations=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8), cut=st.one_of(st.none(), st.floats(0, 1)))
def test_random_byte_mutations_of_a_workbook_give_only_checker_errors(tmp_path, mutations, cut):
    data = bytearray(valid_workbook_bytes(tmp_path))
    for where, byte in mutations:
        data[int(where * len(data))] = byte
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(bytes(data))
    try:
        read_workbook(path)
    except CheckerError:
        pass


@FUZZ_FILES
@given(mutations=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(max_size=3)), min_size=1, max_size=6))
def test_random_mutations_of_the_sheet_xml_give_only_checker_errors(tmp_path, mutations):
    """Mutating the XML itself (then zipping it again) reaches the XML parsers, past the zip's checksums."""
    source = zipfile.ZipFile(io.BytesIO(valid_workbook_bytes(tmp_path)))
    path = tmp_path / "mutated.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in ("xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"):
                for where, replacement in mutations:
                    at = int(where * len(data))
                    data = data[:at] + replacement + data[at + 1:]
            target.writestr(item.filename, data)
    try:
        read_workbook(path)
    except CheckerError:
        pass
