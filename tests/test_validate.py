"""validate() and its Report; the rule catalogue and the README's copy of it; no error finding on
the real filings; the `form4 validate` and `form4 rules` commands and their exit statuses."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import form4
from form4 import RULES, Finding, Report, validate
from form4.cli import app, catalogue_markdown
from form4.rules.catalogue import FAMILIES

from .conftest import DATA, SHARED_CORPUS, data_files

RUNNER = CliRunner()
README = (Path(__file__).parents[1] / "README.md").read_text()

CLEAN = DATA / "txt" / "0000842517-24-000086.txt"  # Isabella Bank: P, filed on time
P_CODED_D = DATA / "xml" / "edgar-pipeline_form4_tz_suffix_date.xml"  # error C001
CHAIN_BREAK = DATA / "xml" / "SecForm4Analysis_sampleForm4.xml"  # warnings H001 only
TESLA = DATA / "xml" / "0000899243-21-044232.xml"  # bare XML: info T001 only

#: Real filings with error findings, and why each really breaks the rule.
KNOWN_ERRORS: dict[str, set[str]] = {
    # A purchase (code P) with the disposed-of flag D: P is always an acquisition.
    "edgar-pipeline_form4_tz_suffix_date.xml": {"C001"},
}


# -- the Report ---------------------------------------------------------------------------------


def test_report_of_a_clean_submission() -> None:
    report = validate(form4.read(CLEAN))
    assert isinstance(report, Report)
    assert report.findings == ()
    assert report.ok and not report.errors and not report.warnings
    assert report.filed == date(2024, 5, 1)  # the header's FILED AS OF DATE
    assert report.source == str(CLEAN)
    assert list(report) == [] and len(report) == 0


def test_report_orders_errors_then_warnings_then_info_and_dumps_json() -> None:
    filing = form4.read(P_CODED_D)
    report = validate(filing, filed=date(2024, 7, 19))
    assert not report.ok
    assert [f.rule for f in report.errors] == ["C001"]
    severities = [f.severity for f in report]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["ok"] is False and data["errors"] == 1 and data["filed"] == "2024-07-19"
    assert data["findings"][0] == {
        "rule": "C001",
        "severity": "error",
        "where": "Table I row 1, acquired or disposed",
        "message": "D with code P (open-market or private purchase), which is always A",
    }
    assert isinstance(report.findings[0], Finding)
    assert str(report.findings[0]).startswith("error C001 Table I row 1, acquired or disposed: ")


def test_filing_date_comes_from_the_argument_then_the_header_then_the_acceptance_time() -> None:
    filing = form4.read(CLEAN)
    assert validate(filing).filed == date(2024, 5, 1)
    assert validate(filing, filed=date(2024, 5, 3)).filed == date(2024, 5, 3)
    assert filing.header is not None
    # Accepted after 22:00 on Friday 2024-05-03: filed on Monday 2024-05-06 (Reg S-T 13(a)(4)).
    late_night = dataclasses.replace(
        filing.header, filed=None, accepted=datetime(2024, 5, 3, 22, 5)
    )
    report = validate(dataclasses.replace(filing, header=late_night))
    assert report.filed == date(2024, 5, 6)
    assert "T002" in report.rules


def test_without_a_filing_date_only_one_info_says_so() -> None:
    report = validate(form4.read(TESLA))
    assert [(f.rule, f.severity, f.where) for f in report] == [("T001", "info", "filing")]
    assert report.ok


# -- the catalogue ------------------------------------------------------------------------------


def test_catalogue_entries_are_complete_and_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES) == len({r.name for r in RULES})
    for entry in RULES:
        assert re.fullmatch(r"[RSFCHT]\d{3}", entry.id), entry.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.name), entry.name
        assert entry.severity in ("error", "warning", "info")
        assert entry.summary.endswith(".") and "\n" not in entry.summary
        assert entry.source.strip()
        assert entry.family == FAMILIES[entry.id[0]]
    assert [r.id for r in RULES] == sorted(
        (r.id for r in RULES), key=lambda i: (list(FAMILIES).index(i[0]), i)
    )


def test_readme_lists_the_catalogue_exactly() -> None:
    assert catalogue_markdown() in README
    listed = re.findall(r"^\| ([RSFCHT]\d{3}) \| `([a-z0-9-]+)` \| (\w+) \|", README, re.M)
    assert listed == [(r.id, r.name, r.severity) for r in RULES]


# -- real filings -------------------------------------------------------------------------------


def _errors(paths: list[Path]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for filing in form4.read_many(paths, dedupe=False):  # every copy: each is checked
        errors = {f.rule for f in validate(filing).errors}
        if errors:
            found[Path(filing.source.name.split("!")[0]).name] = errors
    return found


def test_no_error_findings_on_the_real_filings_of_tests_data() -> None:
    assert _errors(data_files()) == KNOWN_ERRORS


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_no_error_findings_on_the_shared_corpus() -> None:
    paths = [SHARED_CORPUS / "xml", SHARED_CORPUS / "txt"]
    assert _errors(paths) == KNOWN_ERRORS


def test_renderings_are_checked_for_what_they_show() -> None:
    for path in sorted((DATA / "html").glob("*.html")):
        report = validate(form4.read(path))
        assert "R001" in report.rules
        assert report.ok, [str(f) for f in report.errors]


# -- the command line ---------------------------------------------------------------------------


def test_validate_command_exit_statuses() -> None:
    clean = RUNNER.invoke(app, ["validate", str(CLEAN)])
    assert clean.exit_code == 0, clean.output
    assert "no findings" in clean.output
    error = RUNNER.invoke(app, ["validate", str(CLEAN), str(P_CODED_D)], env={"COLUMNS": "200"})
    assert error.exit_code == 2
    assert "C001 code-direction" in error.output and "Table I row 1" in error.output
    warned = RUNNER.invoke(app, ["validate", str(CHAIN_BREAK)])
    assert warned.exit_code == 0
    strict = RUNNER.invoke(app, ["validate", "--strict", str(CHAIN_BREAK)])
    assert strict.exit_code == 1
    info_only = RUNNER.invoke(app, ["validate", "--strict", str(TESLA)])
    assert info_only.exit_code == 0


def test_validate_command_unreadable_file_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<ownershipDocument><documentType>4</documentType>")
    result = RUNNER.invoke(app, ["validate", str(CLEAN), str(broken)])
    assert result.exit_code == 2
    assert "broken.xml" in result.stderr and result.stderr.count("\n") == 1


def test_validate_command_json_and_filed_option() -> None:
    result = RUNNER.invoke(
        app, ["validate", str(TESLA), "--format", "json", "--filed", "2021-11-15"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["filed"] == "2021-11-15"
    assert [f["rule"] for f in data["findings"]] == ["T002"]  # due 2021-11-12 (11-11 is a holiday)
    several = RUNNER.invoke(app, ["validate", str(TESLA), str(CLEAN), "-f", "json"])
    assert [r["source"] for r in json.loads(several.stdout)] == [str(TESLA), str(CLEAN)]


def test_rules_command_prints_the_catalogue() -> None:
    table = RUNNER.invoke(app, ["rules"], env={"COLUMNS": "220"})
    assert table.exit_code == 0
    for entry in RULES:
        assert entry.id in table.output and entry.name in table.output
    as_json = json.loads(RUNNER.invoke(app, ["rules", "--format", "json"]).stdout)
    assert [r["id"] for r in as_json] == [r.id for r in RULES]
    assert as_json[0].keys() >= {"id", "name", "severity", "summary", "source", "family"}
    markdown = RUNNER.invoke(app, ["rules", "--format", "markdown"]).stdout
    assert markdown == catalogue_markdown()
