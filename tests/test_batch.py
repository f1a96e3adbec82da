"""Several submissions at once: consolidated results identical to one-by-one checks."""

import json

from click.testing import CliRunner

from checker.batch.run import batch_document, check_many, expand
from checker.settings import CheckSettings
from checker.cli import main
from tests.conftest import write_workbook, xinzhou_rows


def submissions(tmp_path):
    folder = tmp_path / "submissions"
    (folder / "忻府区").mkdir(parents=True)
    write_workbook(folder / "忻府区" / "2025.xlsx", {"S": xinzhou_rows()})
    write_workbook(folder / "a-pass.xlsx", {"S": xinzhou_rows()})
    (folder / "b-broken.xlsx").write_text("not a workbook", encoding="utf-8")
    write_workbook(folder / "c-fail.xlsx", {"S": xinzhou_rows({"困难残疾人生活补贴": 90})})
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    return folder


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_folder_expands_to_its_workbooks_in_a_stable_order(tmp_path):
    folder = submissions(tmp_path)
    names = [p.relative_to(folder).as_posix() for p in expand([str(folder)])]
    assert names == ["a-pass.xlsx", "b-broken.xlsx", "c-fail.xlsx", "忻府区/2025.xlsx"]


def test_glob_patterns_expand(tmp_path):
    folder = submissions(tmp_path)
    assert [p.name for p in expand([str(folder / "*-*.xlsx")])] == ["a-pass.xlsx", "b-broken.xlsx", "c-fail.xlsx"]


def test_batch_results_equal_one_by_one_results(tmp_path):
    folder = submissions(tmp_path)
    paths = expand([str(folder)])
    settings = CheckSettings("xinzhou")
    batch = check_many(paths, settings, jobs=1)
    for path, document in zip(paths, batch):
        single = run("check", path, "--plan", "xinzhou", "--format", "json")
        if "error" in document:
            assert single.exit_code == 2
            continue
        worded = json.loads(single.output)["results"]
        assert [{k: v for k, v in r.items() if k != "reason"} for r in worded] == json.loads(json.dumps(document["results"]))


def test_two_processes_give_identical_results_in_the_same_order(tmp_path):
    paths = expand([str(submissions(tmp_path))])
    settings = CheckSettings("xinzhou")
    assert check_many(paths, settings, jobs=2) == check_many(paths, settings, jobs=1)


def test_a_bad_file_in_the_middle_is_an_error_row_and_the_rest_are_checked(tmp_path):
    document = batch_document(check_many(expand([str(submissions(tmp_path))]), CheckSettings("xinzhou")), "xinzhou")
    rows = document["matrix"]["rows"]
    assert [("error" in row) for row in rows] == [False, True, False, False]
    assert "not a readable .xlsx workbook" in rows[1]["error"]
    assert rows[2]["statuses"]["living_subsidy_coverage"] == "fail"
    assert document["matrix"]["totals"]["living_subsidy_coverage"]["fail"] == 1
    assert document["summary"] == {"files": 4, "errors": 1, "failed": 1, "warned": 0, "passed": 2}


def test_batch_exit_code_is_2_when_any_file_is_unreadable(tmp_path):
    outcome = run("check", submissions(tmp_path), "--plan", "xinzhou", "--jobs", "1")
    assert outcome.exit_code == 2
    assert "4 份：2 全部达标，0 有预警，1 有未达标，1 无法检查" in outcome.output


def test_batch_exit_code_is_1_when_a_file_fails_and_0_when_all_pass(tmp_path):
    folder = submissions(tmp_path)
    assert run("check", folder / "a-pass.xlsx", folder / "c-fail.xlsx", "--plan", "xinzhou").exit_code == 1
    assert run("check", folder / "a-pass.xlsx", folder / "忻府区" / "2025.xlsx", "--plan", "xinzhou").exit_code == 0


def test_batch_json_has_per_file_reports_and_the_matrix(tmp_path):
    folder = submissions(tmp_path)
    outcome = run("check", folder, "--plan", "xinzhou", "--format", "json", "--lang", "en")
    document = json.loads(outcome.output)
    assert document["kind"] == "batch" and len(document["files"]) == 4
    assert document["files"][0]["results"][0]["reason"].endswith("GDP growth 6%")
    assert [c["id"] for c in document["matrix"]["indicators"]][:2] == ["income_growth", "vocational_training"]


def test_unknown_plan_in_batch_is_one_error_not_one_per_file(tmp_path):
    folder = submissions(tmp_path)
    outcome = run("check", folder, "--plan", "atlantis")
    assert outcome.exit_code == 2 and outcome.output.count("未知的规划") == 1
    english = run("check", folder, "--plan", "atlantis", "--lang", "en")
    assert english.exit_code == 2 and english.output.count("unknown plan") == 1


def test_batch_github_annotations_honour_fail_on_warn(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    write_workbook(folder / "a.xlsx", {"S": xinzhou_rows({"残疾人城乡居民基本养老保险": 80})})
    write_workbook(folder / "b.xlsx", {"S": xinzhou_rows()})
    plain = run("check", folder, "--plan", "xinzhou", "--format", "github", "--jobs", "1")
    strict = run("check", folder, "--plan", "xinzhou", "--format", "github", "--jobs", "1", "--fail-on-warn")
    assert "::warning" in plain.output and plain.exit_code == 0
    assert "::error" in strict.output and strict.exit_code == 1


def test_each_files_matrix_facts_reach_the_batch_whole_though_workers_send_the_shared_ones_once(tmp_path):
    """A worker sends a plan's titles and columns once per batch, then their digest; the facts the batch
    gets are the file's own (those of its document), also when a digest was never received."""
    import functools

    from checker.batch.run import _check_file, _whole, check_stream, unpacked
    from checker.checking import prepare
    from checker.batch.spool import row_facts

    folder = submissions(tmp_path)
    for number in range(6):
        write_workbook(folder / f"more-{number}.xlsx", {"S": xinzhou_rows({"困难残疾人生活补贴": 90} if number % 2 else {})})
    paths = expand([str(folder)])
    checker = functools.partial(_check_file, check=prepare(CheckSettings("xinzhou")))
    for jobs in (1, 2):
        results = list(check_stream([(path, 0) for path in paths], (checker,), jobs))
        assert sorted(index for index, _payload, _facts, _pieces in results) == list(range(len(paths)))
        for _index, payload, facts, pieces in results:
            assert facts == row_facts(unpacked(payload)) and pieces is None
    _index, payload, facts, _pieces = next(result for result in results if len(result[2]) == 7)
    digest = b"0" * 16
    assert _whole((*facts[:5], digest), payload, {}) == facts  # its first message lost: from the document
    assert _whole((*facts[:5], digest), payload, {digest: facts[5:]}) == facts


def test_reports_of_pieces_the_workers_made_are_the_reports_the_parent_makes(tmp_path):
    """Workers write each file's JSON entry and row (worded in the report's language) and its JUnit suite;
    the reports are the same, also when some files have no such pieces (their worker was stopped), and
    pieces made for another language or setting are not used."""
    import functools

    from checker.batch.run import _check_file, check_stream, report_pieces
    from checker.checking import prepare
    from checker.reports import junit, json as json_report
    from checker.reports.view import View
    from checker.batch.spool import Collected

    folder = submissions(tmp_path)
    paths = expand([str(folder)])
    checker = functools.partial(_check_file, check=prepare(CheckSettings("xinzhou")))
    assert report_pieces(["text", "markdown"], "zh") == ()
    keys = report_pieces(["text", "json", "junit"], "en", True)
    assert set(keys) == {("json", "en"), ("json-row", ""), ("junit", "en", True)}
    results = list(check_stream([(path, 0) for path in paths], (checker,), 2, pieces=keys))
    for _index, _payload, facts, pieces in results:  # a file that could not be read has no suite of its own
        assert pieces.keys() == set(keys) - ({("junit", "en", True)} if len(facts) == 2 else set())
    plain, encoded, some = Collected(len(paths)), Collected(len(paths)), Collected(len(paths))
    for index, payload, facts, pieces in results:
        plain.add(index, payload, facts)
        encoded.add(index, payload, facts, pieces)
        some.add(index, payload, facts, pieces if index % 2 else None)
    for view in (View("en", fail_on_warn=True), View("zh"), View("en")):
        for report in (json_report, junit):
            expected = report.render_batch(plain.document("xinzhou"), view)
            assert report.render_batch(encoded.document("xinzhou"), view) == expected
            assert report.render_batch(some.document("xinzhou"), view) == expected
    for collected in (plain, encoded, some):
        collected.close()
