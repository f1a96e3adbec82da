"""`checker draft`: a plan document → a draft target file for a person to review.

document.py reads the file (text, HTML, .docx, PDF) into numbered lines; table.py finds the
主要指标 table and reads its rows; passages.py and prose.py find targets stated in sentences,
deliverables.py the yes/no products they promise (制定…办法, 建立…制度, 实现…“跨省通办”);
ids.py gives each the catalogue's id for the same concept; proposals.py turns all of them into
[[indicator]] entries, one per concept; details.py reads the [plan] table; toml_writer.py writes
the file. scoring.py compares a draft with a hand-made target file (`make draft-eval`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.drafting.details import PlanDetails, read_details
from checker.drafting.document import Document, read_document
from checker.drafting.ids import Vocabulary
from checker.drafting.passages import passages
from checker.drafting.proposals import Proposal, Rejected, propose
from checker.drafting.prose import prose_targets
from checker.drafting.table import IndicatorTable, find_indicator_table
from checker.drafting.toml_writer import render_draft
from checker.errors import CheckerError
from checker.files import write_atomically, write_error
from checker.plans.loading import ID_PATTERN, Catalogue, Plan

PERIOD = [2021, 2025]
BASELINE_YEAR = 2020
NOT_FOUND = "(not found in the document: fill in)"


@dataclass(frozen=True)
class Draft:
    plan_id: str
    document: Document
    details: PlanDetails
    table: IndicatorTable | None
    proposals: tuple[Proposal, ...]
    rejected: tuple[Rejected, ...]

    @property
    def table_rows(self) -> int:
        return sum(p.found_in == "table" for p in self.proposals)

    @property
    def prose_targets(self) -> int:
        return sum(p.found_in == "prose" for p in self.proposals)

    @property
    def catalogue_ids(self) -> int:
        return sum(not p.new_id for p in self.proposals)

    @property
    def new_ids(self) -> int:
        return sum(p.new_id for p in self.proposals)

    def summary(self, lang: str = "zh") -> str:
        table = self.table
        if lang == "zh":
            rows = f"表格 {self.table_rows} 行（{table.caption}，第 {table.first_line}—{table.last_line} 行）" if table else "没有主要指标表"
            return (
                f"拟定 {len(self.proposals)} 项指标：{rows}，正文 {self.prose_targets} 项；"
                f"目录中已有 id {self.catalogue_ids} 个，新 id {self.new_ids} 个"
                + (f"；另有 {len(self.rejected)} 处找到但未拟定（列在文件末尾）" if self.rejected else "")
            )
        rows = f"{self.table_rows} table rows ({table.caption}, lines {table.first_line}–{table.last_line})" if table else "no 主要指标 table"
        return (
            f"{len(self.proposals)} indicators proposed: {rows}, {self.prose_targets} prose targets; "
            f"{self.catalogue_ids} catalogue ids, {self.new_ids} new ids"
            + (f"; {len(self.rejected)} found but not proposed (listed at the end of the file)" if self.rejected else "")
        )

    def plan_table(self) -> dict:
        details = self.details
        table = {
            "id": self.plan_id,
            "title": details.title or NOT_FOUND,
            "title_en": f"(to translate) {details.title or self.plan_id}",
            "issuer": details.issuer or NOT_FOUND,
        }
        if details.document_number:
            table["document_number"] = details.document_number
        if details.issued:
            table["issued"] = details.issued
        return table | {"period": PERIOD, "baseline_year": BASELINE_YEAR, "source": self.document.name}

    def text(self) -> str:
        found = ", ".join(f"{key} line {line}" for key, line in sorted(self.details.lines.items(), key=lambda item: item[1]))
        header = [
            f"Draft target file written by `checker draft` from {self.document.name} ({self.document.kind}"
            + (f", {self.document.encoding}" if self.document.encoding else "") + ").",
            'Every [[indicator]] carries review = "needed" and `line`, where the document states it: check each',
            "against the document, correct it (name, unit, target, attribute, trajectory), then delete the review",
            "line. new_id = true marks an id not yet in targets/catalogue.toml: give it a real id there, then delete",
            "new_id. [plan]: check title, title_en and issuer" + (f" ({found})." if found else "."),
            self.summary(),
        ]
        return render_draft(self.plan_table(), header, list(self.proposals), list(self.rejected))


def draft_plan(path: Path, plan_id: str, catalogue: Catalogue, plans: list[Plan]) -> Draft:
    """Read a plan document and propose its targets; `plans` lend their names and aliases to id matching."""
    if not ID_PATTERN.match(plan_id):
        raise CheckerError(f"plan id {plan_id!r} must be snake_case, e.g. xinzhou or daan_2022",
                           zh=f"规划 id {plan_id!r} 只能用小写字母、数字和下划线，如 xinzhou 或 daan_2022")
    document = read_document(path)
    if not document.lines:
        raise CheckerError("the document has no text", zh="文档中没有文字", file=str(path))
    table = find_indicator_table(document)
    skip = range(table.first_line - 1, table.last_line + 1) if table else None
    found = prose_targets(passages(document.lines, skip))
    proposals, rejected = propose(table, found, Vocabulary.from_sources(catalogue, plans), catalogue)
    if table:
        rejected += [Rejected(row.number, row.text, ("a 主要指标 row whose target cell could not be read",)) for row in table.unread]
    if not proposals:
        raise CheckerError("no targets found: neither a 主要指标 table nor sentences stating targets (达到X%, 全覆盖, …)",
                           zh="没有找到目标：既没有主要指标表，也没有写明目标的句子（达到X%、全覆盖……）", file=str(path))
    return Draft(plan_id, document, read_details(document), table, tuple(proposals), tuple(rejected))


def write_draft(draft: Draft, output: Path, *, force: bool = False) -> None:
    output = Path(output)
    if output.stem != draft.plan_id or output.suffix != ".toml":
        raise CheckerError(f"a target file is named after its plan id: {draft.plan_id}.toml",
                           zh=f"目标文件以规划 id 命名：{draft.plan_id}.toml", file=str(output))
    if output.resolve() == Path(draft.document.path).resolve():
        raise CheckerError("refusing to overwrite the plan document", zh="不会覆盖规划原文", file=str(output))
    if output.exists() and not force:
        raise CheckerError("already exists: not overwritten (use --force to replace it)",
                           zh="文件已存在，未覆盖（如要替换，请加 --force）", file=str(output))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(error, output) from None
    write_atomically(output, draft.text())
