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
    database whose store format is not this form4's."""
    with con.transaction():
        if not read_only:
            con.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        found = con.execute("SELECT to_regclass('store_meta') IS NOT NULL").fetchone()
        if found is not None and found[0]:
            row = con.execute("SELECT max(FORMAT_VERSION) FROM STORE_META").fetchone()
            stored = row[0] if row is not None else None
            if stored != FORMAT_VERSION:
                raise StoreError(
                    shown(url),
                    f"store format {stored}, this form4 reads format {FORMAT_VERSION}",
                )
            return
        if read_only:
            raise StoreError(shown(url), "no store here (ingest something first)")
        for table in TABLES.values():
            con.execute(table.create_sql())
        for name, target in INDEXES.items():
            con.execute(f"CREATE INDEX {name} ON {target}")
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
        self.con.execute(
            f"DELETE FROM {table} WHERE {column} = ANY(%s)",
            [values],
        )

    def append(self, table: str, rows: pa.Table) -> None:
        copy_in(self.con, table, rows)

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


def arrow(cursor: Any, table: str | None = None) -> pa.Table:
    """A cursor's result as an Arrow table: the store's schema when it is one of the store's
    tables read whole, else the types Arrow infers; names the server folded upper-cased."""
    if cursor.description is None:
        return pa.table({})
    names = [_upper(column.name) for column in cursor.description]
    rows = cursor.fetchall()
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    schema = ARROW_SCHEMAS.get(table) if table is not None else None
    if schema is not None and schema.names == names:
        return pa.Table.from_pydict(columns, schema=schema)
    return pa.Table.from_pydict(columns)


def _upper(name: str) -> str:
    return name.upper() if _FOLDED.fullmatch(name) else name


def batches(con: psycopg.Connection[Any], table: str, size: int = 50_000) -> Iterator[pa.Table]:
    """A table read whole, in Arrow batches of ``size`` rows (a server-side cursor: the
    table is never whole in memory), in the store's schema."""
    names = [column.name for column in TABLES[table].columns]
    with con.transaction(), con.cursor(name=f"form4_{table.lower()}") as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {table}")
        while rows := cursor.fetchmany(size):
            yield pa.Table.from_pydict(
                {name: [row[i] for row in rows] for i, name in enumerate(names)},
                schema=ARROW_SCHEMAS[table],
            )
