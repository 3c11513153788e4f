"""The analysis tables: the trade rows, the rows left out of them and the superseded versions,
computed once by ``Store.optimize`` (``build``) so that the screens read a few hundred thousand
rows instead of summing millions, and computed on the fly when they are not fresh (``sources``).

A build records a fingerprint of what it read: the rows of each table it reads, the latest
ingest and data-set import, and the SQL of the tables. Any ingest, import or form4 upgrade
changes it, and the screens then compute from the store's own tables again (the same SQL), until
the next optimize. The tables are the store's cache, not its data: they are not exported, and
dropping them loses nothing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime

import duckdb

from form4.analysis import _holdings, _prices, _trades
from form4.analysis._versions import OWNER_FILINGS, SUPERSEDED, VERSIONS
from form4.store._db import scalar

__all__ = [
    "CACHE_TABLES",
    "Sources",
    "build",
    "fingerprint",
    "is_fresh",
    "rebuild_returns",
    "sources",
]

#: Each analysis table and the SQL of its rows (over the superseded versions' table, ``{s}``).
_TABLES: dict[str, str] = {
    "ANALYSIS_SUPERSEDED": SUPERSEDED,
    "ANALYSIS_TRADE": _trades.trades_sql("{s}"),
    "ANALYSIS_LEFT_OUT": _trades.left_out_sql("{s}"),
    "ANALYSIS_INSIDER_YEAR": _trades.insider_years_sql("ANALYSIS_TRADE"),
    "ANALYSIS_OWNER": _trades.OWNERS,
    "ANALYSIS_POSITION": _holdings.positions_sql(),
    "ANALYSIS_RETURN": _prices.returns_table_sql("ANALYSIS_TRADE"),
    # The versions of amended filings (the rest are version 1 of 1), for lists of filings and
    # transactions that say which version is the latest without ranking every filing.
    "ANALYSIS_VERSION": VERSIONS + " ORDER BY ACCESSION_NUMBER",
    # Each owner's filings, newest first: an insider's page of filings or transactions reads
    # the few row groups of that owner instead of joining every owner row to its filing.
    "ANALYSIS_OWNER_FILING": OWNER_FILINGS,
}
_STATE = "ANALYSIS_STATE"
#: Every table of the cache, the state last.
CACHE_TABLES = (*_TABLES, _STATE)

#: The store's tables the analysis reads; their row counts are part of the fingerprint.
_READ = (
    "SUBMISSION",
    "REPORTINGOWNER",
    "NONDERIV_TRANS",
    "NONDERIV_HOLDING",
    "DERIV_TRANS",
    "DERIV_HOLDING",
    "FINDING",
    "FILING_SOURCE",
    "DATASET_IMPORT",
    "PRICE",
    "PRICE_IMPORT",
)
_SQL_DIGEST = hashlib.sha256("\n".join(_TABLES.values()).encode()).hexdigest()[:16]


def _over(sql: str, superseded: str) -> str:
    """A table's SQL over the superseded versions' relation (its ``{s}``)."""
    return sql.replace("{s}", superseded)


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the analysis tables depend on: rows per table read, the latest ingest, data-set
    import and price import, and the analysis SQL."""
    parts = [f"SELECT {i} AS I, count(*)::VARCHAR AS V FROM {t}" for i, t in enumerate(_READ)]
    parts.append(f"SELECT {len(_READ)}, max(INGESTED_AT)::VARCHAR FROM FILING_SOURCE")
    parts.append(f"SELECT {len(_READ) + 1}, max(IMPORTED_AT)::VARCHAR FROM DATASET_IMPORT")
    parts.append(f"SELECT {len(_READ) + 2}, max(IMPORTED_AT)::VARCHAR FROM PRICE_IMPORT")
    # One UNION of small queries: DuckDB answers each count from the table's metadata.
    rows = con.execute(" UNION ALL ".join(parts) + " ORDER BY I").fetchall()
    return " ".join([_SQL_DIGEST, *(str(value) for _, value in rows)])


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database()"
    ).fetchall()
    return {str(name).upper() for (name,) in rows}


def is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the analysis tables exist and were built from the store as it is.

    A store opened read-only cannot change while it is open (DuckDB lets no process write to
    it meanwhile): the answer is kept for its file as long as the file and its write-ahead log
    keep their size and time of change, so that a server asking on every request asks once."""
    opened = con.execute(
        "SELECT path, readonly FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    path = opened[0][0] if opened and opened[0][1] and opened[0][0] else None
    signature = _signature(path) if path else None
    if path is not None and _READ_ONLY_FRESH.get(path, (None, False))[0] == signature:
        return _READ_ONLY_FRESH[path][1]
    fresh = set(CACHE_TABLES) <= _tables(con) and bool(
        scalar(con, f"SELECT FINGERPRINT FROM {_STATE}") == fingerprint(con)
    )
    if path is not None:
        _READ_ONLY_FRESH[path] = (signature, fresh)
    return fresh


#: is_fresh's answers for stores opened read-only: path -> (the files' signature, answer).
_READ_ONLY_FRESH: dict[str, tuple[tuple[int, ...] | None, bool]] = {}


def _signature(path: str) -> tuple[int, ...]:
    """The store's file and its write-ahead log: size and time of change (0 when absent)."""
    parts: list[int] = []
    for name in (path, path + ".wal"):
        try:
            status = os.stat(name)
        except OSError:
            parts += [0, 0]
        else:
            parts += [status.st_size, status.st_mtime_ns]
    return tuple(parts)


def build(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)build the analysis tables from the store, in the caller's transaction; returns the
    rows of each."""
    rows: dict[str, int] = {}
    for table, sql in _TABLES.items():
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {_over(sql, 'ANALYSIS_SUPERSEDED')}")
        rows[table] = int(scalar(con, f"SELECT count(*) FROM {table}") or 0)
    con.execute(f"CREATE OR REPLACE TABLE {_STATE} (FINGERPRINT VARCHAR, BUILT_AT TIMESTAMP)")
    con.execute(f"INSERT INTO {_STATE} VALUES (?, ?)", [fingerprint(con), datetime.now()])
    return rows


def rebuild_returns(con: duckdb.DuckDBPyConnection) -> int:
    """After a price import into a store whose analysis tables were fresh: the returns table
    again, and the new fingerprint (no other analysis table reads PRICE), in the caller's
    transaction; returns its rows."""
    con.execute(f"CREATE OR REPLACE TABLE ANALYSIS_RETURN AS {_TABLES['ANALYSIS_RETURN']}")
    con.execute(
        f"UPDATE {_STATE} SET FINGERPRINT = ?, BUILT_AT = ?", [fingerprint(con), datetime.now()]
    )
    return int(scalar(con, "SELECT count(*) FROM ANALYSIS_RETURN") or 0)


@dataclass(frozen=True, slots=True)
class Sources:
    """Where the analysis reads each of its relations: a table of the cache when it is fresh,
    else the SQL computing it (as a parenthesised subquery)."""

    superseded: str
    trades: str
    left_out: str
    insider_years: str
    owners: str
    fresh: bool
    #: Every position of every key (``_holdings``), when fresh; None: the holdings compute
    #: from the filings asked about.
    positions: str | None = None
    #: FILING_VERSION's rows of amended filings (``_versions.VERSIONS``).
    versions: str = f"({VERSIONS})"
    #: Each owner's filings newest first (``_versions.OWNER_FILINGS``), when fresh.
    owner_filings: str | None = None


def sources(con: duckdb.DuckDBPyConnection) -> Sources:
    """The analysis tables when fresh, else their SQL over the store's own tables."""
    if is_fresh(con):
        return Sources(
            "ANALYSIS_SUPERSEDED",
            "ANALYSIS_TRADE",
            "ANALYSIS_LEFT_OUT",
            "ANALYSIS_INSIDER_YEAR",
            "ANALYSIS_OWNER",
            True,
            "ANALYSIS_POSITION",
            "ANALYSIS_VERSION",
            "ANALYSIS_OWNER_FILING",
        )
    superseded = f"({SUPERSEDED})"
    trades = f"({_over(_TABLES['ANALYSIS_TRADE'], superseded)})"
    return Sources(
        superseded,
        trades,
        f"({_over(_TABLES['ANALYSIS_LEFT_OUT'], superseded)})",
        f"({_trades.insider_years_sql(trades)})",
        f"({_trades.OWNERS})",
        False,
    )
