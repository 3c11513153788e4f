"""The form4 command: each output format on real filings, exit statuses, failures on stderr."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import form4
from form4.cli import app

from .conftest import DATA

RUNNER = CliRunner()
PURCHASE = DATA / "txt" / "0000842517-24-000086.txt"
DERIVATIVES = DATA / "xml" / "candlechaser_form4.xml"


def test_table_summary_shows_issuer_owner_rows_and_footnotes() -> None:
    result = RUNNER.invoke(app, ["read", str(PURCHASE)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "ISABELLA BANK Corp [ISBA]" in out
    assert "McGuirk Richard L" in out and "Director" in out
    assert "275.634" in out and "$18.14" in out
    assert "15,711.8844(1)" in out  # footnote mark beside the value
    assert "(1) Includes shares acquired through quarterly dividend reinvestment." in out


def test_json_has_every_field_with_exact_decimals() -> None:
    result = RUNNER.invoke(app, ["read", str(PURCHASE), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["document_type"] == "4"
    assert data["accession_number"] == "0000842517-24-000086"
    first = data["non_derivative"][0]
    assert first["kind"] == "non_derivative_transaction"
    assert first["shares"] == "275.634" and first["price"] == "18.14"
    assert first["deemed_execution_date"] is None
    assert data["header"]["filed"] == "2024-05-01"


def test_json_of_several_files_is_a_list() -> None:
    result = RUNNER.invoke(app, ["read", str(PURCHASE), str(DERIVATIVES), "--format", "json"])
    assert result.exit_code == 0
    assert [d["issuer"]["trading_symbol"] for d in json.loads(result.stdout)] == ["ISBA", "MVIS"]


def test_csv_is_the_transactions_table() -> None:
    result = RUNNER.invoke(app, ["read", str(PURCHASE), str(DERIVATIVES), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = len(form4.read(PURCHASE).transactions) + len(form4.read(DERIVATIVES).transactions)
    assert len(rows) == expected == 1 + 6
    first = rows[0]
    assert first["ACCESSION_NUMBER"] == "0000842517-24-000086"
    assert first["FORM_TABLE"] == "I"
    assert (first["TRANS_CODE"], first["TRANS_SHARES"], first["TRANS_PRICEPERSHARE"]) == (
        "P",
        "275.634",
        "18.14",
    )
    assert first["VALUE"] == "5000.00076"  # 275.634 x 18.14, exact
    assert first["FOOTNOTES"] == "F1"
    derivative = [r for r in rows if r["FORM_TABLE"] == "II"]
    assert len(derivative) == 3
    assert derivative[0]["EXERCISE_DATE"] == "2026-06-08"


def test_xml_output_reads_back_to_the_same_filing() -> None:
    result = RUNNER.invoke(app, ["read", str(PURCHASE), "--format", "xml"])
    assert result.exit_code == 0
    assert form4.read(result.stdout) == form4.read(PURCHASE)


def test_failures_exit_1_with_one_line_each_and_good_files_still_shown(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"\x00\x01\x02 not a filing")
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    result = RUNNER.invoke(app, ["read", str(junk), str(PURCHASE), str(empty), "-f", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["issuer"]["trading_symbol"] == "ISBA"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert str(junk) in lines[0] and "binary" in lines[0]
    assert str(empty) in lines[1] and "empty" in lines[1]
    assert "Traceback" not in result.output


def test_directory_input(tmp_path: Path) -> None:
    for path in (PURCHASE, DERIVATIVES):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "notes.tsv").write_text("not read: not a filing suffix")
    result = RUNNER.invoke(app, ["read", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2


def test_demo_stores_the_bundled_filings_and_summarises_them(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = RUNNER.invoke(app, ["demo", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert (
        "316 files in the archive: read 316, stored 277, skipped 39 copies of filings met twice"
        in result.output
    )
    for title in ("filings by form", "largest open-market purchases", "findings by rule"):
        assert title in result.output
    again = RUNNER.invoke(app, ["demo", "--db", str(db)], env={"COLUMNS": "200"})
    assert "stored 0, skipped 316 (277 already stored, 39 copies met twice), failed" in again.output


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "form4", "read", str(PURCHASE), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["issuer"]["cik"] == "0000842517"


def test_optimize_command(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    missing = RUNNER.invoke(app, ["optimize", "--db", str(db)])
    assert missing.exit_code == 2 and "no store here" in missing.output
    assert not db.exists()
    assert RUNNER.invoke(app, ["ingest", str(DATA / "xml"), "--db", str(db)]).exit_code == 0
    result = RUNNER.invoke(app, ["optimize", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "optimized 11 tables" in result.output
