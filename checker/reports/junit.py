"""JUnit XML: one testcase per indicator, so Jenkins, GitLab and GitHub show the check natively.

fail → <failure>; warn → a note in <system-out> and a status property (a <failure> with
--fail-on-warn, as the exit code then fails the build too); not_reported, info and waived →
<skipped> with the reason: they are neither passed nor failed.
"""

from __future__ import annotations

import re
from typing import Iterator
from xml.etree import ElementTree

from checker.reports.view import View
from checker.reports.messages import HEADINGS, notice_lines, full_reason, observed_text, target_text
from checker.reports.document import colon, error_reason, plan_title, result_name, status_text
from checker.reports.text import incomplete_line

SKIPPED = {"not_reported", "info", "waived"}

# Characters XML 1.0 cannot carry at all, even escaped; a workbook label may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(document: dict, view: View = View()) -> str:
    lang, fail_on_warn = view.lang, view.fail_on_warn
    suite = _testsuite(document, lang, fail_on_warn, suite_name=f"{document['plan']} {document['year']}")
    return _xml([suite])


def render_batch(document: dict, view: View = View()) -> str:
    """Several submissions: one <testsuite> per file, named by the file; a file that could not be
    read is a testsuite with one <error>, so the CI system counts it as broken, not as passed."""
    return "".join(stream_batch(document, view))


def stream_batch(document: dict, view: View = View()) -> Iterator[str]:
    """render_batch in pieces, suite by suite (reports/streaming.py): a first pass over the files sums
    the counts the root carries, a second writes each suite as the whole document would indent it.

    The report of an interrupted batch (--keep-partial) opens with a suite holding one <error>, so
    the CI system shows it as broken and says why."""
    totals = dict.fromkeys(COUNTS, 0)
    count = 0
    for counts, _text in _batch_suites(document, view, written=False):
        count += 1
        for key in COUNTS:
            totals[key] += counts[key]
    if not count:
        yield _xml([])
        return
    root = ElementTree.Element("testsuites", _attributes(name="plan-checker", **totals))
    root.text = _MARK
    head, tail = ElementTree.tostring(root, encoding="unicode").split(_MARK)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' + head
    for _counts, text in _batch_suites(document, view, written=True):
        yield text
    yield "\n" + tail + "\n"


COUNTS = ("tests", "failures", "errors", "skipped")
_MARK = "\ue000split\ue000"  # a private-use character: no workbook label puts it here


def _batch_suites(document: dict, view: View, written: bool) -> Iterator[tuple[dict[str, int], str | None]]:
    """(counts, text as stream_batch writes it, when `written`) of each suite; a file's suite the batch's
    worker wrote already (file_piece) is taken as it is."""
    lang, fail_on_warn = view.lang, view.fail_on_warn
    incomplete = incomplete_line(document, lang)
    if incomplete:
        suite = ElementTree.Element("testsuite", _attributes(name=incomplete, tests=1, failures=0, errors=1, skipped=0))
        case = ElementTree.SubElement(suite, "testcase", _attributes(classname=f"{document['plan']}.batch", name=incomplete, time=0))
        ElementTree.SubElement(case, "error", _attributes(message=incomplete, type="incomplete"))
        yield _told(suite, written)
    files = document["files"]
    pieces = files.pieces(("junit", lang, fail_on_warn)) if hasattr(files, "pieces") else None
    for position in range(len(files)):
        piece = pieces[position] if pieces is not None else None
        if piece is not None:
            counts, text = piece.split("\n", 1)
            yield dict(zip(COUNTS, map(int, counts.split()))), text
            continue
        file = files[position]
        if "error" not in file:
            yield _told(_testsuite(file, lang, fail_on_warn, suite_name=file["file"]), written)
            continue
        suite = ElementTree.Element("testsuite", _attributes(name=file["file"], tests=1, failures=0, errors=1, skipped=0))
        case = ElementTree.SubElement(suite, "testcase", _attributes(classname=f"{document['plan']}.file", name=file["file"], file=file["file"], time=0))
        ElementTree.SubElement(case, "error", _attributes(message=error_reason(file, lang), type="unreadable"))
        yield _told(suite, written)


def _told(suite: ElementTree.Element, written: bool) -> tuple[dict[str, int], str | None]:
    counts = {key: int(suite.get(key)) for key in COUNTS}
    if not written:
        return counts, None
    ElementTree.indent(suite, level=1)
    return counts, "\n  " + ElementTree.tostring(suite, encoding="unicode")


def file_piece(entry: dict, lang: str, fail_on_warn: bool) -> str | None:
    """One checked file's suite of a batch's report, as stream_batch writes it, after its counts (made by
    the batch's worker); None for a file that could not be checked (its suite names the batch's plan)."""
    if "error" in entry:
        return None
    counts, text = _told(_testsuite(entry, lang, fail_on_warn, suite_name=entry["file"]), True)
    return " ".join(str(counts[key]) for key in COUNTS) + "\n" + text


def _testsuite(document: dict, lang: str, fail_on_warn: bool, suite_name: str) -> ElementTree.Element:
    failing = {"fail", "warn"} if fail_on_warn else {"fail"}
    results = document["results"]
    counts = {
        "tests": len(results),
        "failures": sum(r["status"] in failing for r in results),
        "errors": 0,
        "skipped": sum(r["status"] in SKIPPED for r in results),
    }
    suite = ElementTree.Element("testsuite", _attributes(name=suite_name, **counts))
    properties = ElementTree.SubElement(suite, "properties")
    for name, value in (
        ("plan", document["plan"]), ("plan_title", plan_title(document, lang)),
        ("document_number", document["document_number"]), ("year", document["year"]), ("file", document["file"]),
    ):
        if value is not None:
            ElementTree.SubElement(properties, "property", _attributes(name=name, value=value))
    for line in notice_lines(document, lang):
        ElementTree.SubElement(properties, "property", _attributes(name="notice", value=line))
    for result in results:
        suite.append(_testcase(result, document, lang, failing))
    return suite


def _xml(suites: list[ElementTree.Element]) -> str:
    """The suites under one <testsuites> root that carries their summed counts."""
    totals = {key: sum(int(suite.get(key)) for suite in suites) for key in ("tests", "failures", "errors", "skipped")}
    root = ElementTree.Element("testsuites", _attributes(name="plan-checker", **totals))
    root.extend(suites)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _testcase(result: dict, document: dict, lang: str, failing: set[str]) -> ElementTree.Element:
    status = result["status"]
    case = ElementTree.Element(
        "testcase",
        _attributes(
            classname=f"{document['plan']}.{result['tier']}",
            name=f"{result_name(result, lang)} ({result['id']})",
            file=document["file"],
            time=0,
        ),
    )
    properties = ElementTree.SubElement(case, "properties")
    for name, value in (("status", status), ("attribute", result["attribute"]), ("cell", result["cell"])):
        if value is not None:
            ElementTree.SubElement(properties, "property", _attributes(name=name, value=value))
    reason = full_reason(result, lang)
    words, said = HEADINGS[lang], colon(lang)
    facts = [(words["target"], target_text(result, lang)), (words["value"], observed_text(result, lang))]
    if result["cell"]:
        facts.append((words["cell"], result["cell"]))
    details = "\n".join((
        status_text(status, lang) + said + reason,
        "; ".join(label + said + text for label, text in facts),
        result["section"] + said + result["quote"],
    ))
    if status in failing:
        failure = ElementTree.SubElement(case, "failure", _attributes(message=reason, type=status))
        failure.text = _clean(details)
    elif status in SKIPPED:
        ElementTree.SubElement(case, "skipped", _attributes(message=status_text(status, lang) + said + reason))
    if status not in failing and status != "pass":
        ElementTree.SubElement(case, "system-out").text = _clean(details)
    return case


def _attributes(**values) -> dict[str, str]:
    return {key: _clean(str(value)) for key, value in values.items()}


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
