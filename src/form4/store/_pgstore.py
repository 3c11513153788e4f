"""``Store`` on PostgreSQL: what ``Store("postgresql://...")`` (or ``FORM4_DB`` set to such a
URL) opens. Ingest (files, bytes, Filings, in worker processes), queries, counts, ``latest()``,
a filing, export, failures and the bookkeeping of ``sync`` and ``backfill`` work on the server;
the analysis on the store's DuckDB replica (``_replica``); a method the PostgreSQL store does not
offer yet raises a StoreError saying so (the README lists them).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from form4 import rows as R
from form4.errors import StoreError
from form4.store import _ingest, _postgres
from form4.store._replica import Replica
from form4.store._schema import ARROW_SCHEMAS, OWN_TABLES
from form4.store._store import VIEWS, Store, default_target

__all__ = ["PostgresStore"]


class PostgresStore(Store):
    """The store in a PostgreSQL database (see ``form4.store._postgres``)."""

    url: str

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        url = str(path) if path is not None else default_target()
        self.url = url
        self.path = _postgres.shown(url)  # type: ignore[assignment]
        self.read_only = read_only
        self.migrated_from = None
        self._replica: Replica | None = None
        self._shared = False  # a cursor's replica is its parent's
        self._duck: Store | None = None  # a cursor's own cursor on the replica
        self._pg = _postgres.connect(url)
        try:
            _postgres.open_format(self._pg, url, read_only=read_only)
            if read_only:
                self._pg.execute("SET default_transaction_read_only = on")
        except BaseException:
            self._pg.close()
            raise

    def close(self) -> None:
        if self._duck is not None:
            self._duck.close()
            self._duck = None
        if self._replica is not None and not self._shared:
            self._replica.close()
        self._replica = None
        self._pg.close()

    def cursor(self) -> Store:
        """The same store for another thread: a connection of its own to the server, and the
        same replica, read on a cursor of its own (the replica is brought up to date by one
        thread at a time)."""
        other = Store(self.url, read_only=self.read_only)
        assert isinstance(other, PostgresStore)
        other._replica = self._replica_object()
        other._shared = True
        return other

    @property
    def connection(self) -> Any:
        """The psycopg connection (autocommit), for what the API does not cover."""
        return self._pg

    def _writer(self) -> _ingest.Writer:
        return _postgres.PostgresWriter(self._pg)

    def _fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return self._pg.execute(sql.replace("?", "%s"), params).fetchall()

    def _stored_order(self, table: str) -> str:
        return f" ORDER BY {_postgres.stored_order(table)}"

    def replica(self) -> Store:
        """The DuckDB replica this store's analysis runs on (``_replica``), brought up to date
        with the server first: the file ``FORM4_REPLICA`` names (kept between sessions: only
        the changes are read again), else a temporary one removed by ``close()``."""
        replica = self._replica_object()
        main = replica.store()
        if not self._shared:
            return main
        if self._duck is None:
            self._duck = main.cursor()
        return self._duck

    def _replica_object(self) -> Replica:
        if self._replica is None:
            named = os.environ.get("FORM4_REPLICA")
            self._replica = Replica(
                self.url,
                _postgres.identity(self._pg, self.url),
                Path(named) if named else None,
            )
        return self._replica

    @contextmanager
    def _cores_left(self, workers: int) -> Iterator[None]:
        yield  # the server's processes are its own

    def changes_while_open(self) -> bool:
        """Whether what the store holds can change while it is open: yes (other writers)."""
        return True

    def _export_table(self, table: str, target: Path) -> bool:
        """A table read in batches (never whole in memory), the view ``FILING_VERSION``; the
        view ``TRANSACTIONS`` is not written from a PostgreSQL store yet."""
        if table == "TRANSACTIONS":
            return False
        if table == "FILING_VERSION":
            versions = self.query("SELECT * FROM FILING_VERSION ORDER BY ACCESSION_NUMBER")
            _write(target, iter([versions]), versions.schema)
        else:
            _write(target, self._batches(table), ARROW_SCHEMAS[table])
        return True

    def _batches(self, table: str) -> Iterator[pa.Table]:
        return _postgres.batches(self._pg, table)

    def _fail(self, what: str) -> StoreError:
        return StoreError(str(self.path), what)

    # -- queries ----------------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable[Any] | None = None) -> pa.Table:
        """Run SQL (PostgreSQL's; parameters as ``%s``) and return an Arrow table; names the
        server folded to lower case come back upper-cased."""
        psycopg = _postgres._driver()
        try:
            with self._pg.cursor() as cursor:
                cursor.execute(sql, list(params) if params is not None else None)
                return _postgres.arrow(cursor)
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[0]
            raise self._fail(f"query failed: {reason}") from None

    def count(self, table: str) -> int:
        if table not in (*R.COLUMNS, *OWN_TABLES, *VIEWS):
            raise self._fail(f"no table {table!r}")
        row = self._pg.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row is not None else 0

    def stored_accessions(self, accessions: Iterable[str], *, exact: bool = False) -> set[str]:
        keys = list(accessions)
        if not keys:
            return set()
        rows = self._pg.execute(
            "SELECT ACCESSION_NUMBER FROM FILING_SOURCE WHERE ACCESSION_NUMBER = ANY(%s)"
            + (" AND ORIGIN <> 'dataset'" if exact else ""),
            [keys],
        ).fetchall()
        return {str(key) for (key,) in rows}

    def accessions(self) -> set[str]:
        rows = self._pg.execute("SELECT ACCESSION_NUMBER FROM FILING_SOURCE").fetchall()
        return {str(key) for (key,) in rows}

    # -- the bookkeeping of sync and backfill -----------------------------------------------------
    def synced_days(self) -> set[date]:
        return {day for (day,) in self._pg.execute("SELECT DAY FROM SYNC_DAY").fetchall()}

    def mark_synced(self, day: date, *, listed: int) -> None:
        if self.read_only:
            raise self._fail("opened read-only")
        with _postgres.locked(self._pg):
            self._pg.execute(
                "INSERT INTO SYNC_DAY VALUES (%s, %s, %s) ON CONFLICT (DAY) DO UPDATE "
                "SET LISTED = excluded.LISTED, SYNCED_AT = excluded.SYNCED_AT",
                [day, listed, datetime.now()],
            )

    def backfilled(self, route: str) -> set[str]:
        rows = self._pg.execute("SELECT PERIOD FROM BACKFILL WHERE ROUTE = %s", [route])
        return {str(period) for (period,) in rows.fetchall()}

    def mark_backfilled(
        self, route: str, period: str, *, filings: int, note: str | None = None, source: str
    ) -> None:
        if self.read_only:
            raise self._fail("opened read-only")
        with _postgres.locked(self._pg):
            self._pg.execute(
                "INSERT INTO BACKFILL VALUES (%s, %s, %s, %s, %s) ON CONFLICT (ROUTE, PERIOD) "
                "DO UPDATE SET FILINGS = excluded.FILINGS, NOTE = excluded.NOTE, "
                "DONE_AT = excluded.DONE_AT",
                [route, period, filings, note, datetime.now()],
            )
            self._pg.execute(
                "DELETE FROM FAILURE WHERE SOURCE = %s OR starts_with(SOURCE, %s || '!')",
                [source, source],
            )


def _write(target: Path, batches: Iterator[pa.Table], schema: pa.Schema) -> Path:
    """Batches into one Parquet or CSV file (by ``target``'s suffix), written as they come."""
    try:
        if target.suffix == ".parquet":
            with pq.ParquetWriter(target, schema) as parquet:
                for batch in batches:
                    parquet.write_table(batch)
        else:
            with pa_csv.CSVWriter(target, schema) as csv:
                for batch in batches:
                    csv.write_table(batch)
    except (OSError, pa.ArrowException) as error:
        raise StoreError(str(target), f"export failed: {error}") from None
    return target


def _on_replica(name: str) -> Callable[..., Any]:
    """``Store.name`` answered by the replica (``PostgresStore.replica``)."""

    def answer(self: PostgresStore, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.replica(), name)(*args, **kwargs)

    answer.__name__ = name
    answer.__doc__ = (getattr(Store, name).__doc__ or "") + (
        "\n\n(On PostgreSQL: answered by the store's DuckDB replica, ``replica()``.)"
    )
    return answer


#: What the replica answers: the analysis, written in DuckDB's SQL.
ON_REPLICA = (
    "unknown_names",
    "use_threads",
    "transactions",
    "screen",
    "holdings",
    "insiders",
    "filing_list",
    "search",
    "issuer",
    "insider",
    "monthly_trades",
    "trade_points",
    "prices",
    "summary",
    "transaction_batches",
    "transaction_page",
)
for _name in ON_REPLICA:
    setattr(PostgresStore, _name, _on_replica(_name))


#: What a PostgreSQL store offers of ``Store``'s methods: those above, and those of ``Store``
#: that only call them.
_OFFERED = {
    *(name for name in vars(PostgresStore) if not name.startswith("_")),
    "counts",
    "latest",
    "failures",
    "ingest",
    "ingest_bytes",
    "add",
    "import_parquet",
    "copy_to",
    "filing",
    "findings",
    "export",
}


def _not_offered(name: str) -> Callable[..., Any]:
    def refuse(self: PostgresStore, *args: Any, **kwargs: Any) -> Any:
        raise StoreError(
            str(self.path),
            f"Store.{name} is not available on a PostgreSQL store yet (the README's "
            "'Running form4 for a team' says what to do instead)",
        )

    refuse.__name__ = name
    refuse.__doc__ = f"Not available on a PostgreSQL store: raises StoreError ({name})."
    return refuse


for _name, _member in list(vars(Store).items()):
    if _name.startswith("_") or _name in _OFFERED:
        continue
    if callable(_member) or isinstance(_member, property):
        setattr(PostgresStore, _name, _not_offered(_name))
