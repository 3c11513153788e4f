"""Daily closing prices into the store's table PRICE (``Store.import_prices``).

A file is a CSV (comma-separated, a header row) or a Parquet file with the columns ``ticker``,
``date`` and ``close`` (header names in any case; other columns are ignored). The importer says
whether its closes are adjusted for splits and dividends; the file cannot. Tickers are trimmed
and upper-cased; dates are ``YYYY-MM-DD`` (Parquet: a date or timestamp column); a close is an
exact decimal above 0, rounded to the store's 6 decimals (Parquet: any number column).

The import is one transaction. A cell that is not what its column holds (an empty ticker, a
date that is not one, a close that is empty, not a number or not above 0), a missing column or
a ticker's day given twice stops it with the file, the line (CSV; the header is line 1) or row
(Parquet, from 1) and the column named, and nothing is stored. A ticker's day already stored
with the same ADJUSTED is replaced.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from form4 import rows as R
from form4.errors import StoreError
from form4.store._db import scalar, transaction

__all__ = ["COLUMNS", "PriceImport", "import_prices"]

#: The columns a price file must have (matched case-insensitively).
COLUMNS = ("ticker", "date", "close")
_DECIMAL = R.NUMBER.sql  # PRICE.CLOSE
_RAW, _ROWS = "_form4_price_file", "_form4_price_rows"
_PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True, slots=True)
class PriceImport:
    """What one price import did: the file, whether its closes are adjusted, the rows stored
    (of which ``replaced`` took the place of stored ones), the tickers and the dates spanned."""

    source: str
    adjusted: bool
    rows: int
    replaced: int
    tickers: int
    first: date | None
    last: date | None
    seconds: float

    def summary(self) -> str:
        kind = "adjusted" if self.adjusted else "unadjusted"
        span = f", {self.first} to {self.last}" if self.first is not None else ""
        return (
            f"{self.rows:,} {kind} closes imported ({self.replaced:,} replaced), "
            f"{self.tickers:,} ticker{'' if self.tickers == 1 else 's'}{span}, "
            f"{self.seconds:.1f} s: {self.source}"
        )


class _File:
    """A price file: CSV or Parquet, and how a place in it is named."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as head:
            magic = head.read(len(_PARQUET_MAGIC))
        self.parquet = path.suffix.lower() in (".parquet", ".pq") or magic == _PARQUET_MAGIC
        self.empty = not magic

    def source(self) -> str:
        """The file as a DuckDB table function: a Parquet file with its row numbers; a CSV
        as text, as the data sets are read (one thread: rows come in the file's order)."""
        quoted = "'" + str(self.path).replace("'", "''") + "'"
        if self.parquet:
            return f"read_parquet({quoted}, file_row_number=true)"
        return (
            f"read_csv({quoted}, delim=',', header=true, quote='\"', escape='\"', skip=0, "
            "all_varchar=true, parallel=false)"
        )

    def record(self) -> str:
        """SQL numbering the records from 1 (the header not counted)."""
        return "file_row_number + 1" if self.parquet else "row_number() OVER ()"

    def at(self, record: int) -> str:
        """Where record ``record`` is: its row (Parquet), its line (CSV)."""
        if self.parquet:
            return f"row {record}"
        for number, (line, _) in enumerate(self._lines()):
            if number == record:
                return f"line {line}"
        return f"record {record}"  # not reached: DuckDB read as many records

    def _lines(self) -> Iterator[tuple[int, list[str]]]:
        """The CSV's records (the header first) with the line each starts on; blank lines are
        skipped, as DuckDB skips them."""
        with self.path.open(newline="", encoding="utf-8-sig", errors="replace") as text:
            reader = csv.reader(text)
            start = 1
            for row in reader:
                if row:
                    yield start, row
                start = reader.line_num + 1

    def malformed(self) -> str | None:
        """The first CSV record whose fields are not as many as the header's, said."""
        width = None
        for line, row in self._lines():
            if width is None:
                width = len(row)
            elif len(row) != width:
                fields = "field" if len(row) == 1 else "fields"
                return f"line {line}: {len(row)} {fields} where the header has {width}"
        return None


def _load(con: duckdb.DuckDBPyConnection, file: _File) -> None:
    """The file's records as the temporary table ``_RAW``: RECORD (from 1), TICKER, DATE,
    CLOSE as the file gives them (a CSV's text trimmed, an empty cell NULL)."""
    path = file.path
    if file.empty:
        raise StoreError(str(path), "the file is empty")
    try:
        described = con.execute(f"SELECT column_name FROM (DESCRIBE FROM {file.source()})")
        header = [str(name) for (name,) in described.fetchall()]
    except duckdb.Error as error:
        raise _unreadable(file, error) from None
    found: dict[str, str] = {}
    for name in header:
        wanted = name.strip().lower()
        if wanted in COLUMNS and wanted in found:
            raise StoreError(
                f"{path}: {'columns' if file.parquet else 'line 1'}",
                f"two columns named {wanted} ({found[wanted]!r} and {name!r})",
            )
        if wanted in COLUMNS:
            found[wanted] = name
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        raise StoreError(
            f"{path}: {'columns' if file.parquet else 'line 1'}",
            f"no column {', '.join(missing)} (a price file has the columns "
            f"{', '.join(COLUMNS)}; this one has {', '.join(header) or 'none'})",
        )

    def cell(column: str) -> str:
        quoted = '"' + found[column].replace('"', '""') + '"'
        return quoted if file.parquet else f"NULLIF(trim({quoted}), '')"

    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_RAW} AS SELECT {file.record()} AS RECORD, "
            f"{cell('ticker')} AS TICKER, {cell('date')} AS DATE, {cell('close')} AS CLOSE "
            f"FROM {file.source()}"
        )
    except duckdb.Error as error:
        raise _unreadable(file, error) from None


def _unreadable(file: _File, error: duckdb.Error) -> StoreError:
    """What is wrong with a file DuckDB cannot read: a CSV record of the wrong width where
    there is one, else DuckDB's first line."""
    if not file.parquet and (said := file.malformed()):
        place, _, reason = said.partition(": ")
        return StoreError(f"{file.path}: {place}", reason)
    kind = "Parquet" if file.parquet else "CSV"
    first = str(error).splitlines()[0]
    return StoreError(str(file.path), f"not a readable {kind} file: {first}")


# The first problem of a record, as 'column|kind', in the order of the columns; NULL: none.
_NUMBER = f"TRY_CAST(CLOSE AS {_DECIMAL})"
_PROBLEM = f"""CASE
    WHEN TICKER IS NULL OR trim(CAST(TICKER AS VARCHAR)) = '' THEN 'ticker|empty'
    WHEN DATE IS NULL THEN 'date|empty'
    WHEN TRY_CAST(DATE AS DATE) IS NULL THEN 'date|not a date'
    WHEN CLOSE IS NULL THEN 'close|empty'
    WHEN {_NUMBER} IS NULL AND TRY_CAST(CLOSE AS DOUBLE) BETWEEN -1e300 AND 1e300
        THEN 'close|too large'
    WHEN {_NUMBER} IS NULL THEN 'close|not a number'
    WHEN {_NUMBER} < 0 THEN 'close|negative'
    WHEN {_NUMBER} = 0 THEN 'close|zero'
END"""
_REASONS = {
    "empty": "the {column} is empty",
    "not a date": "{cell!r} is not a date (YYYY-MM-DD)",
    "too large": "{cell!r} is too large for the store (12 digits before the point at most)",
    "not a number": "{cell!r} is not a number",
    "negative": "{cell!r} is negative: a close is above 0",
    "zero": "{cell!r} is zero: a close is above 0",
}


def _check(con: duckdb.DuckDBPyConnection, file: _File) -> None:
    """Stop at the first bad cell (in the file's order, then ticker, date, close)."""
    rows = con.execute(
        f"SELECT RECORD, P, CASE split_part(P, '|', 1) WHEN 'ticker' THEN CAST(TICKER AS VARCHAR) "
        "WHEN 'date' THEN CAST(DATE AS VARCHAR) ELSE CAST(CLOSE AS VARCHAR) END "
        f"FROM (SELECT *, {_PROBLEM} AS P FROM {_RAW}) WHERE P IS NOT NULL "
        "ORDER BY RECORD LIMIT 1"
    ).fetchall()
    if rows:
        record, problem, cell = rows[0]
        column, _, kind = str(problem).partition("|")
        reason = _REASONS[kind].format(column=column, cell=cell)
        raise StoreError(f"{file.path}: {file.at(record)}, column {column}", reason)


def import_prices(con: duckdb.DuckDBPyConnection, path: Path, *, adjusted: bool) -> PriceImport:
    """Import one price file into PRICE (see the module's docstring), in one transaction."""
    started = time.perf_counter()
    if not path.is_file():
        raise StoreError(str(path), "no such file")
    try:
        file = _File(path)
    except OSError as error:
        raise StoreError(str(path), f"cannot read it: {error.strerror or error}") from None
    try:
        with transaction(con):
            _load(con, file)
            _check(con, file)
            rows, replaced, tickers, first, last = _store(con, file, adjusted, datetime.now())
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        raise StoreError(str(path), f"import failed, nothing stored: {first_line}") from None
    finally:
        for table in (_RAW, _ROWS):
            con.execute(f"DROP TABLE IF EXISTS temp.{table}")
    return PriceImport(
        str(path), adjusted, rows, replaced, tickers, first, last, time.perf_counter() - started
    )


def _check_twice(con: duckdb.DuckDBPyConnection, file: _File) -> None:
    """Stop at the first ticker's day the file gives twice. Days are grouped by a hash of
    ticker and date first (on 31M closes, 9 s instead of 21 s); only when two share one are
    they compared."""
    shared = scalar(
        con,
        f"SELECT count(*) FROM (SELECT 1 FROM {_ROWS} GROUP BY hash(TICKER, DATE) "
        "HAVING count(*) > 1)",
    )
    if not shared:
        return
    twice = con.execute(
        f"SELECT TICKER, DATE, min(RECORD), max(RECORD) FROM {_ROWS} GROUP BY ALL "
        "HAVING count(*) > 1 ORDER BY 4 LIMIT 1"
    ).fetchall()
    if twice:
        ticker, day, first, second = twice[0]
        raise StoreError(
            f"{file.path}: {file.at(second)}, columns ticker and date",
            f"{ticker} on {day} is given twice (first at {file.at(first)})",
        )


def _store(
    con: duckdb.DuckDBPyConnection, file: _File, adjusted: bool, now: datetime
) -> tuple[int, int, int, date | None, date | None]:
    """Replace the stored closes of the file's tickers' days, then add the file's: rows,
    rows replaced, tickers, first and last day."""
    rows = int(scalar(con, f"SELECT count(*) FROM {_RAW}") or 0)
    if not rows:
        raise StoreError(str(file.path), "no prices in the file (a header and no rows)")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_ROWS} AS SELECT RECORD, "
        f"upper(trim(CAST(TICKER AS VARCHAR))) AS TICKER, CAST(DATE AS DATE) AS DATE, "
        f"CAST(CLOSE AS {_DECIMAL}) AS CLOSE FROM {_RAW}"
    )
    _check_twice(con, file)
    replaced = scalar(
        con,
        f"DELETE FROM PRICE p USING {_ROWS} n "
        "WHERE p.TICKER = n.TICKER AND p.DATE = n.DATE AND p.ADJUSTED = $adjusted",
        {"adjusted": adjusted},
    )
    con.execute(
        f"INSERT INTO PRICE SELECT TICKER, DATE, CLOSE, $adjusted, $source, $now "
        f"FROM {_ROWS} ORDER BY TICKER, DATE",
        {"adjusted": adjusted, "source": str(file.path), "now": now},
    )
    tickers, first, last = con.execute(
        f"SELECT count(DISTINCT TICKER), min(DATE), max(DATE) FROM {_ROWS}"
    ).fetchall()[0]
    con.execute(
        "INSERT INTO PRICE_IMPORT VALUES ($source, $adjusted, $rows, $replaced, $tickers, "
        "$first, $last, $now)",
        {
            "source": str(file.path),
            "adjusted": adjusted,
            "rows": rows,
            "replaced": int(replaced or 0),
            "tickers": int(tickers),
            "first": first,
            "last": last,
            "now": now,
        },
    )
    return rows, int(replaced or 0), int(tickers), first, last
