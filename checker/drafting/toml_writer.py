"""A draft → the text of a target file, laid out like the hand-made ones, with notes for the reviewer.

Written by hand rather than with a TOML library: the file is for people, so the order of fields,
the comments above entries and the section rules matter more than generality, and the values are
only strings, numbers, booleans and flat lists.
"""

from __future__ import annotations

from checker.drafting.proposals import Proposal, Rejected
from checker.toml_text import comment_text, toml_value

RULE = "# " + "-" * 75


def render_draft(plan_table: dict, header: list[str], proposals: list[Proposal], rejected: list[Rejected]) -> str:
    lines = [f"# {line}" if line else "#" for line in header]
    lines += ["", "[plan]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in plan_table.items()]
    groups = [
        ("主要指标 table (tier = \"main\")", [p for p in proposals if p.found_in == "table"]),
        ("Targets found in the prose and 专栏 boxes", [p for p in proposals if p.found_in == "prose"]),
    ]
    for title, members in groups:
        if not members:
            continue
        lines += ["", RULE, f"# {title}", RULE]
        for proposal in members:
            lines.append("")
            lines += [f"# {note}" for note in proposal.notes]
            lines.append("[[indicator]]")
            lines += [f"{key} = {toml_value(value)}" for key, value in proposal.as_entry().items()]
    if rejected:
        lines += ["", RULE, "# Found but not proposed (the entry would not pass `checker lint`): encode by hand if wanted", RULE]
        for item in rejected:
            lines.append(f"# line {item.line}: {comment_text(item.quote)}")
            lines += [f"#   - {problem}" for problem in item.problems]
    return "\n".join(lines) + "\n"
