"""The store in PostgreSQL, for a team: ``Store("postgresql://...")``.

The same tables as the DuckDB store, declared once in ``_schema.py`` (their SQL types, DECIMAL
and DATE among them, are PostgreSQL's too: amounts stay exact ``NUMERIC``), with the indexes a
server needs to find a filing's rows (DuckDB scans its columns instead), the view
``FILING_VERSION`` (``_schema.versions_sql``, one SQL for both) and ``STORE_META``. Ingest is
``_ingest``'s, on ``PostgresWriter``: each batch is one transaction whose rows go in by ``COPY``,
and every writing transaction first takes one advisory lock, so that several processes
(``form4 sync`` on two machines, an ingest beside them) write one batch at a time: each batch
sees what the others committed, and a filing is stored once however many of them read it.
Reading and validating, the costly part, go on in all of them at once. A writer killed in the
middle of a batch leaves nothing of it: the server rolls the transaction back when its
connection goes.

PostgreSQL folds unquoted names to lower case: a query's columns come back upper-cased when the
server folded them (``SELECT accession_number`` and ``SELECT ACCESSION_NUMBER`` both give
ACCESSION_NUMBER, as in the DuckDB store); a name quoted in mixed case keeps its case.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pyarrow as pa
import pyarrow.csv as pa_csv

from form4._version import version
from form4.errors import StoreError
from form4.store._ingest import ITEM, StoredCopy
from form4.store._schema import (
    ARROW_SCHEMAS,
    FORMAT_VERSION,
    META,
    TABLES,
    versions_sql,
)

if TYPE_CHECKING:
    import psycopg

__all__ = ["INSTALL", "PostgresWriter", "connect", "is_url", "shown"]

#: How to get the driver.
INSTALL = "pip install 'form4[postgres]'"
#: The key of the advisory lock every writing transaction holds ("form4" in ASCII).
WRITE_LOCK = 0x666F726D34
#: Indexes beside the primary keys: a filing's rows by accession number (ingest deletes a
#: replaced copy's rows, ``Store.filing`` reads them), a stored copy by content digest (ingest
#: looks twins up), a submission by issuer and an owner's filings (the usual questions).
INDEXES = {
    **{
        f"{table}_ACCESSION": f"{table} (ACCESSION_NUMBER)"
        for table in TABLES
        if table not in ("SUBMISSION", "FILING_SOURCE", "EDGAR_HEADER")
        and "ACCESSION_NUMBER" in {column.name for column in TABLES[table].columns}
    },
    "FILING_SOURCE_CONTENT": "FILING_SOURCE (CONTENT_SHA256)",
    "SUBMISSION_ISSUER": "SUBMISSION (ISSUERCIK)",
    "REPORTINGOWNER_OWNER": "REPORTINGOWNER (RPTOWNERCIK)",
}

_SCHEMES = ("postgresql://", "postgres://")


#: The server's list of the filings stored or removed, numbered in commit order (the writers'
#: transactions hold one lock): what a replica reads to catch up (``_replica``).
CHANGES = "STORE_CHANGE"
CHANGES_SQL = (
    f"CREATE TABLE {CHANGES} (SEQ BIGSERIAL PRIMARY KEY, ACCESSION_NUMBER VARCHAR NOT NULL)"
)


def log_changes(con: psycopg.Connection[Any], keys: list[str]) -> None:
    """Record that the filings ``keys`` changed (in the writer's transaction)."""
    if keys:
        con.execute(f"INSERT INTO {CHANGES} (ACCESSION_NUMBER) SELECT unnest(%s::text[])", [keys])


def identity(con: psycopg.Connection[Any], url: str) -> str:
    """Which database this is, for a replica to know its own: the server and database, the
    database's object id (a database dropped and made again has another) and when the store
    was created in it."""
    row = con.execute(
        "SELECT d.oid, m.WRITTEN_AT FROM pg_database d, "
        f"(SELECT min(WRITTEN_AT) AS WRITTEN_AT FROM {META.name}) m "
        "WHERE d.datname = current_database()"
    ).fetchone()
    oid, created = (row[0], row[1]) if row is not None else (None, None)
    return f"{shown(url)}#{oid}@{created.isoformat() if created else ''}"


def is_url(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL database (a ``postgresql://`` URL)."""
    return isinstance(target, str) and target.startswith(_SCHEMES)


def shown(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "postgresql", f"the PostgreSQL driver is not installed: {INSTALL}"
        ) from None
    return psycopg


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection in autocommit mode (transactions are explicit); a StoreError naming the
    database when it cannot be reached."""
    psycopg = _driver()
    try:
        return psycopg.connect(url, autocommit=True)  # type: ignore[no-any-return]
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        raise StoreError(shown(url), f"cannot connect: {reason}") from None


def open_format(con: psycopg.Connection[Any], url: str, *, read_only: bool) -> None:
    """Create the tables, indexes and view in an empty database (one transaction, under the
    write lock: two processes opening a new database at once create them once); refuse a
    database whose store format is not this form4's. A store that exists is opened without
    waiting for the writers' lock."""
    if not _exists(con):
        if read_only:
            raise StoreError(shown(url), "no store here (ingest something first)")
        # The lock held by the session, so that the transaction that looks again and creates
        # starts after another process's creation committed (and sees it).
        con.execute("SELECT pg_advisory_lock(%s)", [WRITE_LOCK])
        try:
            with con.transaction():
                if not _exists(con):
                    _create(con)
        finally:
            con.execute("SELECT pg_advisory_unlock(%s)", [WRITE_LOCK])
    row = con.execute("SELECT max(FORMAT_VERSION) FROM STORE_META").fetchone()
    stored = row[0] if row is not None else None
    if stored != FORMAT_VERSION:
        raise StoreError(
            shown(url), f"store format {stored}, this form4 reads format {FORMAT_VERSION}"
        )


def _exists(con: psycopg.Connection[Any]) -> bool:
    found = con.execute("SELECT to_regclass('store_meta') IS NOT NULL").fetchone()
    return bool(found is not None and found[0])


def _create(con: psycopg.Connection[Any]) -> None:
    for table in TABLES.values():
        con.execute(table.create_sql())
    for name, target in INDEXES.items():
        con.execute(f"CREATE INDEX {name} ON {target}")
    con.execute(CHANGES_SQL)
    con.execute(f"CREATE VIEW FILING_VERSION AS {versions_sql()}")
    con.execute(
        f"INSERT INTO {META.name} VALUES (%s, %s, %s)",
        [FORMAT_VERSION, version(), datetime.now()],
    )


class PostgresWriter:
    """``_ingest.Writer`` on a PostgreSQL connection: rows in by ``COPY``, each transaction
    under the write lock (``WRITE_LOCK``)."""

    def __init__(self, con: psycopg.Connection[Any]) -> None:
        self.con = con

    def transaction(self) -> AbstractContextManager[None]:
        return locked(self.con)

    def stored(self, keys: list[str], digests: list[str]) -> list[StoredCopy]:
        rows = self.con.execute(
            f"SELECT {', '.join(StoredCopy._fields)} FROM FILING_SOURCE "
            "WHERE ACCESSION_NUMBER = ANY(%s) OR CONTENT_SHA256 = ANY(%s)",
            [keys, digests],
        ).fetchall()
        return [StoredCopy(*row) for row in rows]

    def filing_dates(self, keys: list[str]) -> list[tuple[str, Any]]:
        rows = self.con.execute(
            "SELECT ACCESSION_NUMBER, FILING_DATE FROM SUBMISSION "
            "WHERE ACCESSION_NUMBER = ANY(%s) AND FILING_DATE IS NOT NULL",
            [keys],
        ).fetchall()
        return [(key, filed) for key, filed in rows]

    def delete(self, table: str, column: str, values: list[str]) -> None:
        self.con.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", [values])
        if table == "FILING_SOURCE":
            log_changes(self.con, values)

    def append(self, table: str, rows: pa.Table) -> None:
        copy_in(self.con, table, rows)
        if table == "FILING_SOURCE":
            log_changes(self.con, rows.column("ACCESSION_NUMBER").to_pylist())

    def set_filing_dates(self, dates: list[tuple[str, Any]]) -> None:
        self.con.execute(
            "UPDATE SUBMISSION s SET FILING_DATE = c.filed "
            "FROM unnest(%s::text[], %s::date[]) AS c(accession, filed) "
            "WHERE s.ACCESSION_NUMBER = c.accession AND s.FILING_DATE IS NULL",
            [[key for key, _ in dates], [filed for _, filed in dates]],
        )


@contextmanager
def locked(con: psycopg.Connection[Any]) -> Iterator[None]:
    """One transaction holding the write lock (waiting for it while another writer holds it)."""
    with con.transaction():
        con.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        yield


_CSV = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")


def copy_in(con: psycopg.Connection[Any], table: str, rows: pa.Table) -> None:
    """Append ``rows`` (Arrow, the table's columns by name; ``ITEM`` left out) by ``COPY``, as
    CSV: an absent value is an unquoted empty field (NULL), every value quoted, so that an
    empty text stays empty; decimals are written exactly as Arrow holds them."""
    columns = [name for name in rows.column_names if name != ITEM]
    if not rows.num_rows:
        return
    buffer = io.BytesIO()
    pa_csv.write_csv(rows.select(columns), buffer, write_options=_CSV)
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    with con.cursor() as cursor, cursor.copy(sql) as copy:
        copy.write(buffer.getvalue())


_FOLDED = re.compile(r"[a-z_][a-z0-9_$]*")


def arrow(cursor: Any) -> pa.Table:
    """A cursor's result as an Arrow table, the types Arrow infers; names the server folded
    upper-cased."""
    if cursor.description is None:
        return pa.table({})
    names = [_upper(column.name) for column in cursor.description]
    rows = cursor.fetchall()
    return pa.Table.from_pydict({name: [row[i] for row in rows] for i, name in enumerate(names)})


def _upper(name: str) -> str:
    return name.upper() if _FOLDED.fullmatch(name) else name


def stored_order(table: str) -> str:
    """The ORDER BY of one filing's rows of ``table`` in their stored order: a row table's by
    their number in the filing (its ``*_SK``), the others' as the server stored them (a
    filing's rows go in by one COPY)."""
    numbered = [c.name for c in TABLES[table].columns if c.name.endswith("_SK")]
    return numbered[0] if numbered else "ctid"


def batches(
    con: psycopg.Connection[Any], table: str, keys: list[str] | None = None, size: int = 50_000
) -> Iterator[pa.Table]:
    """A table read in Arrow batches of ``size`` rows, in the store's schema and the order the
    server stored the rows; only the filings ``keys`` when given. A server-side cursor: the
    table is never whole in memory."""
    names = [column.name for column in TABLES[table].columns]
    sql = f"SELECT {', '.join(names)} FROM {table}"
    params: list[Any] = []
    if keys is not None:
        sql += " WHERE ACCESSION_NUMBER = ANY(%s)"
        params.append(keys)
    with con.transaction(), con.cursor(name=f"form4_{table.lower()}") as cursor:
        cursor.execute(sql + " ORDER BY ctid", params)
        while rows := cursor.fetchmany(size):
            yield pa.Table.from_pydict(
                {name: [row[i] for row in rows] for i, name in enumerate(names)},
                schema=ARROW_SCHEMAS[table],
            )
