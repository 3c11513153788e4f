"""The store's format versions: which one a database is in, creating a new one, and migrating an
older one to ``FORMAT_VERSION`` in one transaction.

The version lives in the one-row table ``STORE_META`` (``FORMAT_VERSION``, the form4 that wrote
it, when). A database with form4's tables and no ``STORE_META`` is version 1: the layout written
before the store recorded its version.

    1  the eight SEC tables, FILING_SOURCE, EDGAR_HEADER, FINDING, FAILURE, SYNC_DAY,
       DATASET_IMPORT and the view FILING_VERSION; content keys from 6572a4b's content digest
    2  STORE_META added
    3  the view TRANSACTIONS (``_transactions.py``); FILING_VERSION ranks only amended filings
    4  the tables PRICE (daily closes by ticker, adjusted or not: ``Store.import_prices``) and
       PRICE_IMPORT (one row per file imported)
    5  the table BACKFILL (the quarters and days ``form4 backfill`` stored completely)

Opening a store for writing migrates an older one (``Store.migrated_from`` says from which
version); opened read-only, an older store is refused with a StoreError saying to run
``form4 migrate``, and a store newer than this form4 is always refused, nothing changed.

The content digest is part of the format: a filing without an accession number is keyed by it
(``form4.rows.content_key``), and a filing arriving again is matched by it. Version 1's digest is
today's (the tests check it on a store written then), so no migration so far re-keys a filing; a
change to the digest is a new version whose migration gives the filings stored under content
keys their new key and CONTENT_SHA256, in the same transaction, so none is ever stored twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import duckdb

from form4._version import version
from form4.errors import StoreError
from form4.store._db import scalar, transaction
from form4.store._schema import FILING_VERSION_VIEW, FORMAT_VERSION, META, TABLES
from form4.store._transactions import TRANSACTIONS_VIEW

__all__ = ["MIGRATIONS", "format_version", "open_format"]

Connection = duckdb.DuckDBPyConnection


def _from_1(con: Connection) -> None:
    """1 -> 2: the store records its format (STORE_META, written by ``open_format``)."""
    con.execute(META.create_sql())


def _from_2(con: Connection) -> None:
    """2 -> 3: the view TRANSACTIONS; FILING_VERSION in its faster form (the same rows)."""
    con.execute(FILING_VERSION_VIEW)
    con.execute(TRANSACTIONS_VIEW)


def _from_3(con: Connection) -> None:
    """3 -> 4: the tables PRICE and PRICE_IMPORT, empty."""
    con.execute(TABLES["PRICE"].create_sql())
    con.execute(TABLES["PRICE_IMPORT"].create_sql())


def _from_4(con: Connection) -> None:
    """4 -> 5: the table BACKFILL, empty."""
    con.execute(TABLES["BACKFILL"].create_sql())


#: Version n -> the step taking a store from version n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _from_1,
    2: _from_2,
    3: _from_3,
    4: _from_4,
}
assert set(MIGRATIONS) == set(range(1, FORMAT_VERSION)), "a migration for every older version"


def _tables(con: Connection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_catalog = current_database()"
    ).fetchall()
    return {str(name).upper() for (name,) in rows}


def format_version(con: Connection) -> int:
    """The database's format version: STORE_META's, 1 for form4's tables without it, 0 for a
    database without form4's tables (new, or someone else's)."""
    tables = _tables(con)
    if META.name in tables:
        return int(scalar(con, f"SELECT max(FORMAT_VERSION) FROM {META.name}") or 0)
    return 1 if "FILING_SOURCE" in tables else 0


def _written_by() -> str:
    return f"form4 {version()}"


def _record(con: Connection) -> None:
    con.execute(f"DELETE FROM {META.name}")
    con.execute(
        f"INSERT INTO {META.name} VALUES ($version, $by, $at)",
        {"version": FORMAT_VERSION, "by": _written_by(), "at": datetime.now()},
    )


def open_format(con: Connection, source: str, *, read_only: bool) -> int | None:
    """Make sure the database is in ``FORMAT_VERSION``: create the tables of a database without
    them, migrate an older one (one transaction), refuse a newer one. Returns the version a
    migrated store was in, else None. Read-only, nothing is created or migrated."""
    version = format_version(con)
    if version == FORMAT_VERSION:
        return None
    if version > FORMAT_VERSION:
        raise StoreError(
            source,
            f"the store is in format {version}, newer than this form4 ({_written_by()} reads "
            f"format {FORMAT_VERSION} and older): upgrade form4 to open it",
        )
    if read_only:
        if version == 0:
            return None  # nothing of form4's to read: queries say what is missing
        raise StoreError(
            source,
            f"the store is in format {version}, older than this form4's {FORMAT_VERSION}: run "
            f"'form4 migrate --db {source}' (or open it for writing) to migrate it",
        )
    if version == 0 and (theirs := sorted(_tables(con) & set(TABLES))):
        raise StoreError(
            source, f"not a form4 store: it holds tables form4 did not write ({', '.join(theirs)})"
        )
    with transaction(con):
        if version == 0:
            for table in TABLES.values():
                con.execute(table.create_sql())
            con.execute(FILING_VERSION_VIEW)
            con.execute(TRANSACTIONS_VIEW)
        else:
            for step in range(version, FORMAT_VERSION):
                MIGRATIONS[step](con)
        _record(con)
    return version or None
