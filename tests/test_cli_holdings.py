"""The holdings and insiders commands on the planted store of ``test_holdings``: what they
print, where the breaks of a chain are said, and their exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from form4.analysis._holdings import COLUMNS
from form4.cli import app

from .test_holdings import OWNER, planted_store

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_store(tmp_path_factory.mktemp("holdings-cli") / "h.duckdb")


WIDE = {"COLUMNS": "200"}


def test_holdings_command_prints_the_chain_and_its_breaks(store_path: Path) -> None:
    result = RUNNER.invoke(
        app, ["holdings", "--owner", "mcguirk richard", "--db", str(store_path)], env=WIDE
    )
    assert result.exit_code == 0, result.output
    assert "15,711.8844" in result.stdout and "break" in result.stdout
    assert "chain breaks: 2" in result.stderr
    assert (
        "common (D) 2024-06-28 0000842517-24-000120: reported 16,000, expected 15,311.8844"
        in result.stderr
    )
    as_json = RUNNER.invoke(
        app,
        ["holdings", "--owner", OWNER, "--as-of", "2024-05-15", "-f", "json"],
        env={**WIDE, "FORM4_DB": str(store_path)},
    )
    assert as_json.exit_code == 0, as_json.output
    assert [r["SHARES_OWNED"] for r in json.loads(as_json.stdout)] == [
        "15711.8844",
        "383262.5326",
        "2170.3157",
    ]
    as_csv = RUNNER.invoke(
        app, ["holdings", "--ticker", "MVIS", "-f", "csv", "--db", str(store_path)]
    )
    assert as_csv.stdout.splitlines()[0].split(",") == [c.name for c in COLUMNS]
    assert len(as_csv.stdout.splitlines()) == 1 + 6


def test_holdings_command_exit_statuses(store_path: Path) -> None:
    db = ["--db", str(store_path)]
    several = RUNNER.invoke(app, ["holdings", "--owner", "mithril", *db], env=WIDE)
    assert several.exit_code == 2
    assert "0001669609" in several.stderr and "MITHRIL II LP" in several.stderr
    assert "Mithril II UGP LLC" in several.stderr
    none = RUNNER.invoke(app, ["holdings", "--owner", "nobody at all", *db], env=WIDE)
    assert none.exit_code == 0 and "no owner named" in none.stderr
    unknown = RUNNER.invoke(app, ["holdings", "--ticker", "NOPE", *db], env=WIDE)
    assert unknown.exit_code == 0 and "no position found" in unknown.stderr
    bad = RUNNER.invoke(app, ["holdings", "--owner", OWNER, "--as-of", "2024-02-30", *db])
    assert bad.exit_code == 2 and "--as-of" in bad.stderr and "not a date" in bad.stderr
    nothing = RUNNER.invoke(app, ["holdings", *db])
    assert nothing.exit_code == 2 and "--owner" in nothing.stderr
    for result in (several, none, unknown, bad, nothing):
        assert "Traceback" not in result.output


def test_insiders_command(store_path: Path) -> None:
    db = ["--db", str(store_path)]
    result = RUNNER.invoke(app, ["insiders", "ISBA", "-f", "csv", *db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{OWNER},McGuirk Richard L,Director,")
    table = RUNNER.invoke(app, ["insiders", "842517", *db], env=WIDE)
    assert table.exit_code == 0 and "McGuirk Richard L" in table.stdout
    unknown = RUNNER.invoke(app, ["insiders", "NOPE", *db])
    assert unknown.exit_code == 0 and "no filing of 'NOPE'" in unknown.stderr
    bad = RUNNER.invoke(app, ["insiders", "ISBA", "--as-of", "tomorrow", *db])
    assert bad.exit_code == 2 and "not a date" in bad.stderr


def test_the_help_lists_the_columns_as_declared() -> None:
    from form4.analysis._roster import COLUMNS as ROSTER

    for command, columns in (("holdings", COLUMNS), ("insiders", ROSTER)):
        shown = RUNNER.invoke(app, [command, "--help"], env={"COLUMNS": "300"}).output
        text = " ".join(shown.replace("│", " ").split())
        for column in columns:
            assert f"{column.name}: {column.about}" in text, (command, column.name)
