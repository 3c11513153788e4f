"""What people see in a terminal: every date, amount, price, footnote mark and accession number of
``form4 read`` and ``form4 sql`` printed whole at any width, decimals without padding zeros,
footnotes reflowed, codes with their meanings; ``sql -o`` and ``export``'s files."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import form4
from form4.cli import app
from form4.cli._console import show
from form4.codes import TRANSACTION_CODES
from form4.store import Store

from .conftest import DATA

RUNNER = CliRunner()
#: Both tables, seven Table II transactions with fourteen columns between them, 34 footnote marks.
TABLE_TWO = DATA / "xml" / "0000899243-21-043382.xml"
#: Twelve Table II holdings with long partnership names.
HOLDINGS = DATA / "xml" / "0000899243-20-025608.xml"
#: Eighteen Table II rows.
MANY_ROWS = DATA / "xml" / "0001209191-13-009116.xml"
#: A purchase with fractional shares and a footnote mark on the holding after it.
PURCHASE = DATA / "txt" / "0000842517-24-000086.txt"
#: A footnote with a hard line break in the middle of a sentence.
BROKEN_NOTE = DATA / "xml" / "0000707549-25-000004.xml"

WIDTHS = (200, 80, 60, 40)

# Fields of either table that hold a number or a date, as the model names them.
_NUMBERS = (
    "transaction_date",
    "deemed_execution_date",
    "shares",
    "total_value",
    "price",
    "shares_owned_after",
    "value_owned_after",
    "conversion_price",
    "exercise_date",
    "expiration_date",
    "underlying_shares",
    "underlying_value",
)


def _run(args: list[str], width: int) -> str:
    result = RUNNER.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.output


def _plain(value: Any) -> str:
    """A value as its digits, written out independently of the code under test."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _occurrences(text: str, token: str) -> int:
    """Times ``token`` stands whole in ``text``, not inside a longer number."""
    return len(re.findall(rf"(?<![\d.]){re.escape(token)}(?![\d.])", text))


def _assert_whole(out: str, expected: Counter[str]) -> None:
    """Each expected token appears whole (on one line) at least as often as the data holds it;
    thousands separators are removed from the output first."""
    assert "…" not in out
    flat = out.replace(",", "")
    missing = {t: n for t, n in expected.items() if _occurrences(flat, t) < n}
    assert not missing, f"split or cut: {missing}\n{out}"


def _marks(ids: tuple[str, ...]) -> str:
    return "".join(f"({i.removeprefix('F')})" for i in ids)


def _filing_tokens(filing: form4.Filing) -> Counter[str]:
    tokens: Counter[str] = Counter()
    for row in (*filing.non_derivative, *filing.derivative):
        for name in _NUMBERS:
            value = getattr(row, name, None)
            ids = row.footnotes_of(name)
            if value is not None:
                tokens[_plain(value) + _marks(ids)] += 1
            elif ids:
                tokens[_marks(ids)] += 1
    tokens[filing.issuer.cik] += 1
    for owner in filing.owners:
        tokens[owner.cik] += 1
    if filing.period_of_report is not None:
        tokens[filing.period_of_report.isoformat()] += 1
    if filing.accession_number:
        tokens[filing.accession_number] += 1
    return tokens


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [TABLE_TWO, HOLDINGS, MANY_ROWS, PURCHASE], ids=lambda p: p.name)
def test_read_prints_every_number_whole(path: Path, width: int) -> None:
    out = _run(["read", str(path)], width)
    assert max(len(line) for line in out.splitlines()) <= width
    _assert_whole(out, _filing_tokens(form4.read(path)))


def test_read_switches_to_one_block_per_row_when_the_columns_cannot_fit() -> None:
    wide = _run(["read", str(TABLE_TWO)], 200)
    narrow = _run(["read", str(TABLE_TWO)], 80)
    assert re.search(r"Exercisable +Expires +Underlying", wide) and "row 1 of" not in wide
    assert "row 7 of 7" in narrow
    assert re.search(r"Underlying amt +17,434,414\b", narrow)


def test_read_keeps_the_filers_digits_and_adds_no_zeros() -> None:
    out = _run(["read", str(PURCHASE)], 80)
    assert "275.634" in out and "$18.14" in out and "15,711.8844(1)" in out
    assert "275.634000" not in out


def test_read_shows_each_code_with_its_meaning() -> None:
    out = " ".join(_run(["read", str(TABLE_TWO)], 80).replace("│", " ").split())
    filing = form4.read(TABLE_TWO)
    codes = {r.code for r in filing.transactions if r.code}
    assert codes >= {"A", "M", "D", "J"}
    for code in codes:
        assert f"{code} {TRANSACTION_CODES[code].meaning}" in out


def test_read_reflows_footnotes() -> None:
    out = _run(["read", str(BROKEN_NOTE)], 200)
    assert "reporting person is trustee of the trust" in out


@pytest.mark.parametrize(
    ("value", "padded", "shown"),
    [
        (Decimal("17.50"), False, "17.50"),  # the filer's digits
        (Decimal("131067211.232"), False, "131,067,211.232"),
        (Decimal("393.704000"), True, "393.704"),  # the store's scale pads
        (Decimal("1000.000000"), True, "1,000"),  # not 1E+3
        (Decimal("0E-6"), True, "0"),
        (Decimal("-2.500000"), True, "-2.5"),
        (1e20, False, "100,000,000,000,000,000,000"),
        (0.1, False, "0.1"),
        (date(2024, 1, 2), False, "2024-01-02"),
        (None, False, ""),
    ],
)
def test_show_prints_digits_without_padding_or_exponent(
    value: object, padded: bool, shown: str
) -> None:
    assert show(value, padded=padded) == shown


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("terminal") / "store.duckdb"
    with Store(path) as store:
        result = store.ingest([TABLE_TWO, HOLDINGS, MANY_ROWS, PURCHASE])
        assert result.stored == 4
    return path


def _trimmed(value: Any) -> str:
    """A value as its digits, a stored decimal without the zeros its column's scale adds."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return _plain(value)


def _query_tokens(db: Path, sql: str) -> Counter[str]:
    with Store(db, read_only=True) as store:
        rows = store.query(sql).to_pylist()
    values = [v for row in rows for v in row.values() if v is not None]
    # numbers, dates, keys and codes; text with spaces in it may wrap
    return Counter(_trimmed(v) for v in values if not (isinstance(v, str) and " " in v))


_NARROW_QUERY = (
    "SELECT ACCESSION_NUMBER, TRANS_DATE, TRANS_SHARES, TRANS_PRICEPERSHARE, "
    "SHRS_OWND_FOLWNG_TRANS FROM NONDERIV_TRANS ORDER BY ALL"
)
_WIDE_QUERY = "SELECT * FROM DERIV_TRANS ORDER BY ALL"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("sql", [_NARROW_QUERY, _WIDE_QUERY], ids=["five-columns", "star"])
def test_sql_prints_every_value_whole(db: Path, sql: str, width: int) -> None:
    out = _run(["sql", sql, "--db", str(db), "--limit", "0"], width)
    assert max(len(line) for line in out.splitlines()) <= width
    _assert_whole(out, _query_tokens(db, sql))
    assert "E+" not in out
    assert not re.search(r"\d\.\d*0(?!\d)", out), "a decimal padded with zeros"


def test_sql_keeps_a_table_when_it_fits(db: Path) -> None:
    out = _run(["sql", _NARROW_QUERY, "--db", str(db)], 80)
    assert re.search(r"^ACCESSION_NUMBER +TRANS_DATE", out, re.M) and "row 1 of" not in out
    star = _run(["sql", _WIDE_QUERY, "--db", str(db)], 80)
    assert "row 1 of" in star


def test_sql_writes_parquet_csv_and_json_to_a_file(db: Path, tmp_path: Path) -> None:
    sql = "SELECT ACCESSION_NUMBER, TRANS_SHARES, TRANS_DATE FROM NONDERIV_TRANS ORDER BY ALL"
    with Store(db, read_only=True) as store:
        expected = store.query(sql)
    target = tmp_path / "result.parquet"
    done = RUNNER.invoke(app, ["sql", sql, "--db", str(db), "-f", "parquet", "-o", str(target)])
    assert done.exit_code == 0, done.output
    assert pq.read_table(target).equals(expected)
    as_json = tmp_path / "result.json"
    done = RUNNER.invoke(app, ["sql", sql, "--db", str(db), "-f", "json", "-o", str(as_json)])
    assert done.exit_code == 0 and done.stdout == ""
    assert len(json.loads(as_json.read_text())) == expected.num_rows
    as_csv = tmp_path / "result.csv"
    done = RUNNER.invoke(app, ["sql", sql, "--db", str(db), "-f", "csv", "--output", str(as_csv)])
    assert done.exit_code == 0
    assert len(as_csv.read_text().splitlines()) == expected.num_rows + 1


def test_sql_parquet_needs_a_file(db: Path) -> None:
    done = RUNNER.invoke(app, ["sql", "SELECT 1", "--db", str(db), "-f", "parquet"])
    assert done.exit_code == 2
    assert "--output" in done.output and "PAR1" not in done.output
    table = RUNNER.invoke(app, ["sql", "SELECT 1", "--db", str(db), "-o", "x.txt"])
    assert table.exit_code == 2 and "--format" in table.output


def test_export_writes_the_filing_version_view(db: Path, tmp_path: Path) -> None:
    done = RUNNER.invoke(app, ["export", str(tmp_path), "--db", str(db)])
    assert done.exit_code == 0, done.output
    versions = pq.read_table(tmp_path / "FILING_VERSION.parquet")
    assert versions.num_rows == 4 and "IS_LATEST" in versions.column_names
    trades = pq.read_table(tmp_path / "TRANSACTIONS.parquet")
    assert "VALUE" in trades.column_names
