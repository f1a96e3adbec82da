"""A drafted target file cannot slip into use unnoticed (issue 18)."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.plans.loading import plan_files
from tests.conftest import SHIPPED_PLANS, write_workbook, xinzhou_rows


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def draft_of_xinzhou(folder: Path) -> Path:
    """The shipped xinzhou plan with two of its indicators marked as not yet reviewed."""
    text = plan_files()["xinzhou"].read_text(encoding="utf-8")
    marked = re.sub(r'(\nid = "(?:living_subsidy_coverage|rehab_coverage)"\n)', r'\1review = "needed"\n', text)
    assert marked.count('review = "needed"') == 2
    path = folder / "xinzhou.toml"
    path.write_text(marked, encoding="utf-8")
    return path


def test_draft_writes_into_the_current_folder_not_the_shipped_targets(tmp_path, monkeypatch):
    document = Path(__file__).parent / "documents" / "songping_plan.html"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "targets").mkdir()  # a folder named like the shipped one must not attract the draft
    outcome = run("draft", document, "--id", "trialplan")
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "trialplan.toml").is_file()
    assert not any((tmp_path / "targets").iterdir())
    assert "trialplan" not in plan_files()


def test_lint_exits_1_on_a_draft_and_names_what_needs_review(tmp_path):
    path = draft_of_xinzhou(tmp_path)
    outcome = run("lint", path)
    assert outcome.exit_code == 1
    assert "草稿：2/32" in outcome.output and "living_subsidy_coverage, rehab_coverage" in outcome.output
    english = run("lint", path, "--lang", "en")
    assert english.exit_code == 1 and "2 of 32 indicators" in english.output


def test_lint_accepts_a_draft_with_allow_draft(tmp_path):
    assert run("lint", draft_of_xinzhou(tmp_path), "--allow-draft").exit_code == 0


def test_lint_of_the_shipped_plans_is_clean():
    assert run("lint", *(plan_files()[plan_id] for plan_id in SHIPPED_PLANS)).exit_code == 0


def test_a_check_against_a_draft_warns_at_the_top_of_every_format(tmp_path):
    plan = draft_of_xinzhou(tmp_path)
    workbook = write_workbook(tmp_path / "x.xlsx", {"主要指标": xinzhou_rows()})
    document = json.loads(run("check", workbook, "--plan", "xinzhou", "--targets", plan, "--format", "json").output)
    assert document["notices"] == [
        {"code": "draft_plan", "params": {"unreviewed": 2, "indicators": len(document["results"]), "ids": ["living_subsidy_coverage", "rehab_coverage"]}}
    ]
    text = run("check", workbook, "--plan", "xinzhou", "--targets", plan).output
    assert "未经审核的草稿" in text.splitlines()[2]
    for output_format in ("markdown", "html", "github", "junit"):
        shown = run("check", workbook, "--plan", "xinzhou", "--targets", plan, "--format", output_format).output
        assert "未经审核的草稿" in shown, output_format
    english = run("check", workbook, "--plan", "xinzhou", "--targets", plan, "--lang", "en").output
    assert "unreviewed draft" in english


def test_a_check_against_a_reviewed_plan_has_no_notice(tmp_path):
    workbook = write_workbook(tmp_path / "x.xlsx", {"主要指标": xinzhou_rows()})
    assert json.loads(run("check", workbook, "--plan", "xinzhou", "--format", "json").output)["notices"] == []
