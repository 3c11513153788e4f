"""The Store: a DuckDB file holding filings in the SEC's Form 345 data-set tables, plus the store's
own tables; opening it (creating or migrating its format), queries, optimize and export.

The eight data-set tables keep the SEC's names and columns (``form4.rows.COLUMNS``) with exact
decimals and real dates, so the SEC's quarterly files, our ingested filings and anyone's SQL speak
the same language. Beside them, the store's own tables say where each filing came from
(``FILING_SOURCE``), what validation found (``FINDING``), what EDGAR's header said
(``EDGAR_HEADER``), which files could not be read (``FAILURE``), which data sets were imported
(``DATASET_IMPORT``) and which quarters and days a backfill completed (``BACKFILL``); the view
``FILING_VERSION`` links each amendment to the filing it amends.
Every table is declared once, in ``_schema.py``; the store records its format version
(``_migrate.py``).

Ingest is idempotent by accession number, each batch one transaction: after a crash the
database holds exactly the batches committed before, and running the same ingest again finishes
the job without duplicates. How a filing is keyed, and which copy of a filing is kept, is
``_ingest.py``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Unpack

import duckdb
import pyarrow as pa

from form4 import rows as R
from form4.errors import EmptyInputError, FilingNotFoundError, ReadError, ReadWarning, StoreError
from form4.model import EdgarHeader, Filing
from form4.read import Skipped, read_bytes, read_many, read_tasks
from form4.rules import SEVERITIES, Finding
from form4.store import _copy, _ingest, _parquet, _postgres, _workers
from form4.store._dataset import DatasetResult, import_dataset
from form4.store._db import connect, scalar, transaction
from form4.store._ingest import DEFAULT_BATCH, IngestResult
from form4.store._migrate import open_format
from form4.store._prices import PriceImport
from form4.store._prices import import_prices as _import_prices
from form4.store._schema import ARROW_SCHEMAS, OWN_TABLES, TABLES
from form4.store._transactions import Filters, Transactions
from form4.store._transactions import page as page_transactions
from form4.store._transactions import query as query_transactions
from form4.store._transactions import stream as stream_transactions

if TYPE_CHECKING:
    from form4.analysis._browse import FilingPage

__all__ = [
    "DEFAULT_PATH",
    "VIEWS",
    "Store",
    "TransactionsWarning",
    "default_path",
    "default_target",
    "default_workers",
    "transactions",
]

DEFAULT_PATH = Path("form4.duckdb")
#: The store's views (``_schema.py``, ``_transactions.py``), exported beside the tables.
VIEWS = ("FILING_VERSION", "TRANSACTIONS")


def default_workers() -> int:
    """The processes ``form4 ingest`` reads in by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def default_path() -> Path:
    """``FORM4_DB`` when set, else ``./form4.duckdb``."""
    env = _env_db()
    return Path(env) if env else DEFAULT_PATH


def default_target() -> str:
    """The store a command opens without ``--db``: ``FORM4_DB`` as given (a DuckDB file or a
    PostgreSQL database's URL), else ``./form4.duckdb``."""
    return _env_db() or str(DEFAULT_PATH)


def _env_db() -> str | None:
    """``FORM4_DB``: a DuckDB file, or a PostgreSQL database's URL."""
    return os.environ.get("FORM4_DB") or None


class Store:
    """A DuckDB file holding filings in the SEC's data-set tables, plus the store's own tables.

    ``Store()`` opens (creating when needed) ``FORM4_DB`` or ``./form4.duckdb``;
    ``Store(path, read_only=True)`` opens an existing store for queries only. Use it as a context
    manager, or call ``close()``.

    A store written by an older form4 is migrated to this form4's format when opened for writing,
    in one transaction (``migrated_from`` is then the format it was in); opened read-only it is
    refused with a StoreError saying to run ``form4 migrate``. A store in a newer format than this
    form4 knows is refused either way, unchanged.
    """

    #: The class a ``postgresql://`` URL opens (``_pgstore.PostgresStore``, registered by the
    #: package ``form4.store``: it is a subclass of this one).
    on_postgres: ClassVar[type[Store] | None] = None

    def __new__(
        cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> Store:
        if cls is Store and _postgres.is_url(path if path is not None else _env_db()):
            if Store.on_postgres is None:  # set by form4.store, which imports this module
                raise StoreError(str(path), "the PostgreSQL store is not loaded")
            return super().__new__(Store.on_postgres)
        return super().__new__(cls)

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else default_path()
        if read_only and not self.path.exists():
            raise StoreError(str(self.path), "no store here (ingest something first)")
        self.read_only = read_only
        self._con = connect(self.path, read_only)
        try:
            #: The format version the store was migrated from when opened, else None.
            self.migrated_from = open_format(self._con, str(self.path), read_only=read_only)
        except BaseException:
            self._con.close()
            raise

    # -- lifecycle --------------------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def cursor(self) -> Store:
        """The same store on a cursor of its connection, for another thread: DuckDB runs the
        queries of several cursors at once. ``close()`` closes the cursor only."""
        other = object.__new__(Store)
        other.path, other.read_only, other.migrated_from = self.path, self.read_only, None
        other._con = self._con.cursor()
        return other

    def __exit__(self, *exc: object) -> None:
        self.close()

    def optimize(self) -> dict[str, int]:
        """Rewrite the tables keyed by accession number in the order queries read them, then
        checkpoint; returns the rows of each table.

        SUBMISSION is sorted by issuer, the transaction tables by transaction code then date,
        then every table by accession number (a filing's rows together, in their stored order).
        DuckDB keeps each column's smallest and largest value per row group and skips the groups
        a filter cannot match: after this, "issuer X" reads a few SUBMISSION row groups instead
        of all, and "code P in this quarter" a few transaction row groups; sorted columns also
        compress better; the transaction tables and REPORTINGOWNER are then indexed by
        accession number, so that one filing's rows are found at once. Ingest keeps arrival
        order; ``bench/store.py --layouts`` measures the difference. Then the analysis tables
        the screens read are built (``form4.analysis``): until the next ingest, screens read
        them instead of summing every trade. One transaction: an interrupted run leaves the
        store as it was.
        """
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        con = self._con
        rows: dict[str, int] = {}
        with transaction(con):
            for table, order in _SORT_ORDER.items():
                sorted_table = f"{table}__SORTED"
                con.execute(TABLES[table].create_sql(sorted_table))
                con.execute(
                    f"INSERT INTO {sorted_table} SELECT * FROM {table} ORDER BY {order}, rowid"
                )
                con.execute(f"DROP TABLE {table}")
                con.execute(f"ALTER TABLE {sorted_table} RENAME TO {table}")
                if table in _ACCESSION_INDEXED:
                    con.execute(f"CREATE INDEX {table}_ACCESSION ON {table} (ACCESSION_NUMBER)")
                rows[table] = scalar(con, f"SELECT count(*) FROM {table}")
            # The analysis tables the screens read (form4.analysis), from the sorted tables.
            from form4.analysis import _cache

            rows.update(_cache.build(con))
        con.execute("CHECKPOINT")
        return rows

    # -- queries ----------------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable[Any] | None = None) -> pa.Table:
        """Run SQL and return an Arrow table (``.to_pandas()``, ``polars.from_arrow`` at will)."""
        try:
            relation = self._con.sql(sql, params=list(params) if params is not None else None)
            if relation is None:  # a statement with no result
                return pa.table({})
            return relation.to_arrow_table()
        except duckdb.Error as error:
            raise StoreError(str(self.path), f"query failed: {error}") from None

    def count(self, table: str) -> int:
        """Rows in one table of the store."""
        if table not in (*R.COLUMNS, *OWN_TABLES, *VIEWS):
            raise StoreError(str(self.path), f"no table {table!r}")
        return int(scalar(self._con, f"SELECT count(*) FROM {table}") or 0)

    def counts(self) -> dict[str, int]:
        """Rows per table, the SEC tables first."""
        return {table: self.count(table) for table in (*R.COLUMNS, *OWN_TABLES)}

    def latest(self) -> pa.Table:
        """SUBMISSION rows of the latest version of every filing (an amendment replaces the
        filing it amends), with the original's accession number and the version count."""
        return self.query(
            "SELECT s.*, v.ORIGINAL_ACCESSION, v.VERSION, v.VERSIONS FROM SUBMISSION s "
            "JOIN FILING_VERSION v USING (ACCESSION_NUMBER) WHERE v.IS_LATEST "
            "ORDER BY s.ACCESSION_NUMBER"
        )

    def transactions(self, *, latest: bool = True, **filters: Unpack[Filters]) -> Transactions:
        """The transactions table (``form4.transactions``) of the latest version of every stored
        filing (``latest=False``: of every version), with the filters ``form4.transactions``
        takes: ``issuer``, ``owner``, ``codes``, ``since``, ``until``, ``table``,
        ``min_value``."""
        arrow = query_transactions(self._con, latest=latest, source=str(self.path), **filters)
        return Transactions(arrow)

    def screen(self, name: str, /, **params: Any) -> pa.Table:
        """Answer the screen ``name`` of ``form4.SCREENS`` (``form4 screens`` lists them) with
        its parameters and the filters every screen takes (``since``, ``until``, ``ticker``,
        ``issuer_cik``, ``owner_cik``, ``limit``): a ``pyarrow.Table``, the latest version of
        each filing. ``form4.analysis.report_of(table)`` says which rows were left out and why.
        An unknown screen or parameter, or a value of the wrong kind, raises ValueError naming
        the valid ones."""
        from form4.analysis import screens

        return screens.run(self._con, name, **params)

    def stored_accessions(self, accessions: Iterable[str], *, exact: bool = False) -> set[str]:
        """Those of ``accessions`` the store holds; with ``exact``, only those stored from the
        filing's own document (not from a data set's rounded rows: FILING_SOURCE.ORIGIN)."""
        keys = list(accessions)
        if not keys:
            return set()
        rows = self._con.execute(
            "SELECT ACCESSION_NUMBER FROM FILING_SOURCE "
            "WHERE ACCESSION_NUMBER IN (SELECT unnest($keys))"
            + (" AND ORIGIN <> 'dataset'" if exact else ""),
            {"keys": keys},
        ).fetchall()
        return {str(key) for (key,) in rows}

    def synced_days(self) -> set[date]:
        """Days of EDGAR's daily index a sync stored completely."""
        return {day for (day,) in self._con.execute("SELECT DAY FROM SYNC_DAY").fetchall()}

    def mark_synced(self, day: date, *, listed: int) -> None:
        """Record that every filing of ``day``'s daily index is stored."""
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        self._con.execute(
            "INSERT OR REPLACE INTO SYNC_DAY VALUES ($day, $listed, $now)",
            {"day": day, "listed": listed, "now": datetime.now()},
        )

    def backfilled(self, route: str) -> set[str]:
        """The periods of ``route`` (``"dataset"``: quarters as ``2024q1``; ``"feed"``: days as
        ``2024-07-01``) a backfill stored completely."""
        rows = self._con.execute("SELECT PERIOD FROM BACKFILL WHERE ROUTE = ?", [route])
        return {str(period) for (period,) in rows.fetchall()}

    def mark_backfilled(
        self, route: str, period: str, *, filings: int, note: str | None = None, source: str
    ) -> None:
        """Record that ``period`` of ``route`` is stored completely, in one transaction with
        forgetting the failures of ``source`` (the data set or archive) and of its members."""
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        with transaction(self._con):
            self._con.execute(
                "INSERT OR REPLACE INTO BACKFILL VALUES ($route, $period, $n, $note, $now)",
                {
                    "route": route,
                    "period": period,
                    "n": filings,
                    "note": note,
                    "now": datetime.now(),
                },
            )
            self._con.execute(
                "DELETE FROM FAILURE WHERE SOURCE = $s OR starts_with(SOURCE, $s || '!')",
                {"s": source},
            )

    def accessions(self) -> set[str]:
        """Every stored filing's key."""
        rows = self._con.execute("SELECT ACCESSION_NUMBER FROM FILING_SOURCE").fetchall()
        return {str(key) for (key,) in rows}

    def filing(self, accession: str) -> Filing:
        """The stored filing ``accession`` rebuilt from its rows of the eight data-set tables
        (``form4.rows.from_rows``: what the data set cannot carry back is listed there), so that
        ``to_rows(store.filing(a), accession=a)`` gives its stored rows (amounts without the zeros
        the columns' fixed scale adds: ``100000.000000`` is ``100000``). FILING_SOURCE gives the
        source's format (``"dataset-rows"`` for a data set's rows), name and warnings; an
        EDGAR_HEADER row gives the header's submission type, dates and document count (FILING_DATE,
        when stored, is the filing date). Raises ``FilingNotFoundError`` (a StoreError and a
        KeyError) naming the accession when the store has no such filing, a StoreError when it
        holds rows of it but no SUBMISSION row (a data set cut short)."""
        rows: R.Rows = {}
        for table, columns in R.COLUMNS.items():
            names = [column.name for column in columns]
            records = self._fetch(
                f"SELECT {', '.join(names)} FROM {table} WHERE ACCESSION_NUMBER = ?"
                + self._stored_order(table),
                [accession],
            )
            rows[table] = [
                {name: _unpadded(value) for name, value in zip(names, record, strict=True)}
                for record in records
            ]
        if not rows["SUBMISSION"]:
            if any(rows.values()):  # a data set's rows without their SUBMISSION row
                raise StoreError(str(self.path), f"{accession}: no SUBMISSION row to rebuild from")
            raise FilingNotFoundError(str(self.path), accession)
        filing = R.from_rows(rows, accession=accession)
        header = filing.header
        for stored in self._fetch(
            "SELECT SUBMISSION_TYPE, FILED, ACCEPTED, DATE_OF_CHANGE, PERIOD, DOCUMENT_COUNT "
            "FROM EDGAR_HEADER WHERE ACCESSION_NUMBER = ?",
            [accession],
        ):
            kind, filed, accepted, changed, period, documents = stored
            header = dataclasses.replace(
                header or EdgarHeader(accession_number=filing.source.accession_number),
                submission_type=kind,
                filed=filing.filed or filed,
                accepted=accepted,
                date_of_change=changed,
                period=period,
                document_count=documents,
            )
        source = filing.source
        for fmt, name, warned in self._fetch(
            "SELECT FORMAT, SOURCE, WARNINGS FROM FILING_SOURCE WHERE ACCESSION_NUMBER = ?",
            [accession],
        ):
            source = dataclasses.replace(
                source,
                format=fmt or source.format,
                name=name,
                warnings=tuple(ReadWarning(p, m) for p, m in json.loads(warned or "[]")),
            )
        return dataclasses.replace(filing, header=header, source=source)

    def findings(self, accession: str) -> list[Finding]:
        """What validation found when the filing ``accession`` was ingested: its FINDING rows as
        ``form4.Finding``s (every field of one is a column: rule, severity, where = LOCATION,
        message), in the order validation reported them; ``[]`` for a filing ingested without
        validation or from a data set. Raises ``FilingNotFoundError`` for an unknown accession."""
        if not self._fetch("SELECT 1 FROM FILING_SOURCE WHERE ACCESSION_NUMBER = ?", [accession]):
            raise FilingNotFoundError(str(self.path), accession)
        found: list[Finding] = []
        for rule, severity, where, message in self._fetch(
            "SELECT RULE, SEVERITY, LOCATION, MESSAGE FROM FINDING WHERE ACCESSION_NUMBER = ?"
            + self._stored_order("FINDING"),
            [accession],
        ):
            level = next((s for s in SEVERITIES if s == severity), None)
            if level is None:
                raise StoreError(str(self.path), f"{accession}: unknown severity {severity!r}")
            found.append(Finding(rule, level, where, message))
        return found

    # -- ingest -----------------------------------------------------------------------------------
    def ingest(
        self,
        sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        validate: bool = True,
        batch_size: int = DEFAULT_BATCH,
        on_batch: Callable[[IngestResult], None] | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
        workers: int = 1,
    ) -> IngestResult:
        """Read, validate and store filings from files, directories and zip/tar archives.

        Each batch of ``batch_size`` filings is one transaction. Files that cannot be read are
        recorded in ``FAILURE`` (with the batch they fall in) and the run goes on. ``on_batch``
        is called after each commit with the running totals; ``on_skip`` with each file of a
        directory or archive passed over for its suffix (``read_many``). Copies of one filing
        are all read, and the store keeps the one that holds more (counted as ``skipped``).

        ``workers`` above 1 reads and validates in that many processes (``default_workers()``:
        one per core) while this one stores: the batches and the rows stored are the same as
        with one. A worker that dies is replaced and its files read again
        (``WorkerLostWarning``); a file that kills a worker by itself is recorded as failed.
        Call it under ``if __name__ == "__main__":`` in a script: a worker imports the main
        module again (the workers are never forked from this process, whose DuckDB connection
        is open).
        """
        if workers > 1:
            return self._ingest_in_workers(
                read_tasks(sources, on_skip=on_skip), validate, batch_size, on_batch, workers
            )
        failures: list[ReadError] = []
        filings = read_many(sources, on_error=failures.append, on_skip=on_skip, dedupe=False)
        return self.add(
            filings, validate=validate, batch_size=batch_size, on_batch=on_batch, failures=failures
        )

    def ingest_bytes(
        self,
        documents: Iterable[tuple[str, bytes]],
        *,
        validate: bool = True,
        batch_size: int = DEFAULT_BATCH,
        on_batch: Callable[[IngestResult], None] | None = None,
        workers: int = 1,
    ) -> IngestResult:
        """Read, validate and store filings given as (name, document bytes) pairs (fetched ones:
        the name may be a path or URL naming the accession number, ``accession_from_path``), as
        ``ingest`` does with files, in ``workers`` processes; a document that cannot be read is
        recorded in ``FAILURE`` under its name."""
        tasks = ((name, partial(read_bytes, data, name)) for name, data in documents)
        if workers > 1:
            return self._ingest_in_workers(tasks, validate, batch_size, on_batch, workers)
        failures: list[ReadError] = []

        def filings() -> Iterator[Filing]:
            for _, read in tasks:
                try:
                    yield read()
                except ReadError as error:
                    failures.append(error)

        return self.add(
            filings(),
            validate=validate,
            batch_size=batch_size,
            on_batch=on_batch,
            failures=failures,
        )

    def unknown_names(self, **given: Any) -> list[str]:
        """Why an answer may be empty: those of the filters ``ticker``, ``issuer_cik`` and
        ``owner_cik`` (CIKs ten digits) given that name what no stored filing names."""
        from form4.analysis.screens import unknown_names

        return unknown_names(self._con, given)

    def use_threads(self, threads: int) -> None:
        """Run this store's queries on at most ``threads`` threads (DuckDB's setting)."""
        self._con.execute(f"SET threads = {int(threads)}")

    def changes_while_open(self) -> bool:
        """Whether what the store holds can change while it is open: not for a DuckDB store
        opened read-only (DuckDB lets no other process write to it meanwhile)."""
        return not self.read_only

    def _fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` (parameters as ``?``)."""
        return self._con.execute(sql, params).fetchall()

    def _stored_order(self, table: str) -> str:
        """The ORDER BY that reads one filing's rows of ``table`` in their stored order: none
        here (DuckDB's preserve_insertion_order, on by default; "ORDER BY rowid" would cost a
        scan of the table instead of its index)."""
        return ""

    def _writer(self) -> _ingest.Writer:
        """What ingest writes through (``_ingest.Writer``)."""
        return _ingest.DuckWriter(self._con)

    def _batches(self, table: str) -> Iterator[pa.Table]:
        """A table read whole, in Arrow batches in the store's schema (``form4 copy``)."""
        names = ", ".join(column.name for column in TABLES[table].columns)
        reader = self._con.cursor().sql(f"SELECT {names} FROM {table}").to_arrow_reader(50_000)
        for batch in reader:
            yield pa.Table.from_batches([batch]).cast(ARROW_SCHEMAS[table])

    def copy_to(
        self, target: Store, *, on_table: Callable[[str, int], None] | None = None
    ) -> dict[str, int]:
        """Copy every table of this store into ``target`` (another store, DuckDB or PostgreSQL,
        holding no rows yet), in one transaction of the target: ``form4 copy``. Returns the rows
        copied per table; ``on_table`` hears each table's as it is done."""
        return _copy.copy_store(self, target, on_table=on_table)

    def _ingest_in_workers(
        self,
        tasks: Iterable[tuple[str, Callable[[], Filing]] | ReadError],
        validate: bool,
        batch_size: int,
        on_batch: Callable[[IngestResult], None] | None,
        workers: int,
    ) -> IngestResult:
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        with self._cores_left(workers):
            return _workers.ingest(
                self._writer(),
                tasks,
                workers=workers,
                validate=validate,
                batch_size=batch_size,
                on_batch=on_batch,
            )

    @contextmanager
    def _cores_left(self, workers: int) -> Iterator[None]:
        """DuckDB's threads kept to the cores ``workers`` processes leave, while they read:
        they would take the cores from the workers, and the writer's inserts are small
        (bench/store.py --workers: 14 us a filing less in the writer)."""
        before = self._con.execute("SELECT current_setting('threads')").fetchone()
        self.use_threads(max(1, (os.cpu_count() or 1) - workers))
        try:
            yield
        finally:
            if before is not None:
                self.use_threads(int(before[0]))

    def add(
        self,
        filings: Iterable[Filing],
        *,
        validate: bool = True,
        batch_size: int = DEFAULT_BATCH,
        on_batch: Callable[[IngestResult], None] | None = None,
        failures: list[ReadError] | None = None,
    ) -> IngestResult:
        """Store Filings (read by the caller), with the same batches and keys as ``ingest``.

        ``failures`` is a list the producer of ``filings`` appends its read errors to (as
        ``read_many(on_error=failures.append)`` does); they are recorded with the batch in which
        they appear.
        """
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        return _ingest.add(
            self._writer(),
            filings,
            validate=validate,
            batch_size=batch_size,
            on_batch=on_batch,
            failures=failures,
        )

    def import_parquet(
        self,
        directory: str | os.PathLike[str],
        *,
        batch_size: int = DEFAULT_BATCH,
        on_batch: Callable[[IngestResult], None] | None = None,
    ) -> IngestResult:
        """Store the filings of a directory ``form4.dask.to_parquet`` wrote, and record its
        failures in ``FAILURE``, as ``ingest`` stores filings read here: by accession number
        (a filing stored already is skipped unless this copy holds more), in batches of
        ``batch_size``, each one transaction. Importing a directory again stores nothing new.

        A directory that is missing, incomplete (no ``form4-parquet.json``: its writing did not
        finish) or holds a file that is not one of its tables raises ``StoreError`` naming it,
        before anything is stored."""
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        filings, failures = _parquet.read_directory(Path(directory))
        return _ingest.add(
            self._writer(),
            filings,
            validate=False,
            batch_size=batch_size,
            on_batch=on_batch,
            failures=failures,
        )

    def failures(self) -> pa.Table:
        """The files that could not be read, with the reason and place."""
        return self.query("SELECT * FROM FAILURE ORDER BY SOURCE")

    # -- holdings and insiders (form4.analysis, imported when asked) ---------------------------
    def holdings(
        self,
        owner_cik: str | int | None = None,
        issuer_cik: str | int | None = None,
        ticker: str | None = None,
        as_of: date | str | None = None,
    ) -> pa.Table:
        """Every position each insider reported in each security of each issuer, in order, with
        the row that reported it and whether it follows from the one before (CHAIN); ``as_of``
        keeps each one's latest position on or before that day. The filters combine. The
        columns and definitions: ``form4.analysis._holdings``."""
        from form4.analysis._cache import sources
        from form4.analysis._holdings import holdings

        return holdings(
            self._con,
            owner_cik=owner_cik,
            issuer_cik=issuer_cik,
            ticker=ticker,
            as_of=as_of,
            source=str(self.path),
            positions=sources(self._con).positions,
        )

    def insiders(
        self,
        ticker: str | None = None,
        issuer_cik: str | int | None = None,
        as_of: date | str | None = None,
    ) -> pa.Table:
        """The issuer's insiders (a ticker or an issuer CIK is required): one row per reporting
        owner with their roles, first and last filing, open-market buying and selling in the
        twelve months up to ``as_of`` and their holdings then. The columns and definitions:
        ``form4.analysis._roster``."""
        from form4.analysis._roster import insiders

        return insiders(
            self._con, ticker=ticker, issuer_cik=issuer_cik, as_of=as_of, source=str(self.path)
        )

    # -- browsing (form4.analysis._browse, imported when asked) -----------------------------
    def filing_list(
        self,
        *,
        ticker: str | None = None,
        issuer_cik: str | int | None = None,
        owner_cik: str | int | None = None,
        form: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        after: str | None = None,
        limit: int = 100,
    ) -> FilingPage:
        """One page of stored filings, newest first, with its ``next`` cursor (pass it as
        ``after``); the filters combine. Columns and definitions: ``form4.analysis._browse``."""
        from form4.analysis._browse import list_filings

        return list_filings(
            self._con,
            ticker=ticker,
            issuer_cik=issuer_cik,
            owner_cik=owner_cik,
            form=form,
            since=since,
            until=until,
            after=after,
            limit=limit,
        )

    def search(self, text: str, *, limit: int = 20) -> pa.Table:
        """Issuers (ticker, CIK, name), insiders (CIK, name) and filings (accession number)
        that ``text`` names, exact matches first."""
        from form4.analysis._browse import search

        return search(self._con, text, limit=limit)

    def issuer(self, key: str) -> dict[str, Any] | None:
        """An issuer by ticker or CIK: name, tickers, filings, first and last filing date;
        None when no stored filing names it."""
        from form4.analysis._browse import issuer_of

        return issuer_of(self._con, key)

    def insider(self, owner_cik: str | int) -> dict[str, Any] | None:
        """An insider by CIK: names, filings, and roles over time per issuer; None when no
        stored filing names the CIK."""
        from form4.analysis._browse import insider_of

        return insider_of(self._con, owner_cik)

    def monthly_trades(
        self, *, ticker: str | None = None, issuer_cik: str | int | None = None
    ) -> pa.Table:
        """An issuer's open-market buying and selling by month (value, trade rows, insiders)."""
        from form4.analysis._browse import monthly_trades

        return monthly_trades(self._con, ticker=ticker, issuer_cik=issuer_cik)

    def trade_points(
        self, *, ticker: str | None = None, issuer_cik: str | int | None = None
    ) -> pa.Table:
        """An issuer's open-market trade rows (date, code, owners, shares, price, value)."""
        from form4.analysis._browse import trade_points

        return trade_points(self._con, ticker=ticker, issuer_cik=issuer_cik)

    def prices(
        self, ticker: str, *, since: date | str | None = None, until: date | str | None = None
    ) -> pa.Table:
        """The closes imported for ``ticker`` (adjusted ones when it has any), in date order."""
        from form4.analysis._browse import price_history

        return price_history(self._con, ticker, since=since, until=until)

    def summary(self) -> dict[str, Any]:
        """Filings, issuers, insiders, transactions and closes stored; the latest filing date,
        ingest and data-set import."""
        from form4.analysis._browse import summary

        return summary(self._con)

    def transaction_batches(
        self,
        *,
        latest: bool = True,
        newest_first: bool = False,
        limit: int | None = None,
        offset: int = 0,
        **filters: Unpack[Filters],
    ) -> pa.RecordBatchReader:
        """The transactions table (``transactions``) as a stream of Arrow batches, ``limit``
        rows at most after ``offset``: for answers too long to hold at once."""
        from form4.analysis._cache import sources

        return stream_transactions(
            self._con,
            latest=latest,
            newest_first=newest_first,
            limit=limit,
            offset=offset,
            source=str(self.path),
            versions=sources(self._con).versions,
            **filters,
        )

    def transaction_page(
        self, *, latest: bool = True, offset: int = 0, limit: int = 100, **filters: Unpack[Filters]
    ) -> pa.Table:
        """Rows ``offset`` to ``offset + limit`` of the transactions table, newest filing first,
        read filing by filing (quick for a page of a prolific insider's or issuer's rows)."""
        from form4.analysis._cache import sources

        where = sources(self._con)
        return page_transactions(
            self._con,
            latest=latest,
            offset=offset,
            limit=limit,
            source=str(self.path),
            versions=where.versions,
            owner_filings=where.owner_filings,
            **filters,
        )

    # -- data sets and export ------------------------------------------------------------------
    def import_dataset(self, path: str | os.PathLike[str]) -> DatasetResult:
        """Load an SEC Form 345 data set (the quarterly zip or its folder of TSV files)."""
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        return import_dataset(self._con, Path(path))

    def import_prices(self, path: str | os.PathLike[str], *, adjusted: bool) -> PriceImport:
        """Load daily closing prices into the table PRICE: a CSV or Parquet file with the
        columns ticker, date, close (any case; others ignored); ``adjusted`` says whether its
        closes are adjusted for splits and dividends (no default: the file cannot say). One
        transaction: a bad cell, a missing column or a ticker's day given twice raises a
        StoreError naming the file, line (CSV) or row, and column, and nothing is stored; a
        ticker's day already stored with the same ``adjusted`` is replaced. With prices, the
        trade rows of the screens gain their returns (``form4.analysis``); when the analysis
        tables were fresh (``optimize``), their returns are rebuilt after the import, so that
        the screens stay fast (an interrupted rebuild leaves them to be computed again)."""
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        from form4.analysis import _cache

        fresh = _cache.is_fresh(self._con)
        result = _import_prices(self._con, Path(path), adjusted=adjusted)
        if fresh:
            with transaction(self._con):
                _cache.rebuild_returns(self._con)
        return result

    def export(self, directory: str | os.PathLike[str], fmt: str = "parquet") -> dict[str, Path]:
        """Write every table to ``directory`` as ``TABLE.parquet`` or ``TABLE.csv``, and the views:
        ``FILING_VERSION`` (which version of a filing is the latest), so that the files answer
        "latest versions only" as ``latest()`` does, and ``TRANSACTIONS``."""
        if fmt not in ("parquet", "csv"):
            raise ValueError(f"unknown export format {fmt!r} (parquet or csv)")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written: dict[str, Path] = {}
        for table in (*R.COLUMNS, *OWN_TABLES, *VIEWS):
            target = out / f"{table}.{fmt}"
            if self._export_table(table, target):
                written[table] = target
        return written

    def _export_table(self, table: str, target: Path) -> bool:
        """Write one table or view to ``target`` (Parquet or CSV by its suffix); whether it
        was written."""
        options = "FORMAT parquet" if target.suffix == ".parquet" else "FORMAT csv, HEADER true"
        escaped = str(target).replace("'", "''")
        try:
            self._con.execute(f"COPY (FROM {table}) TO '{escaped}' ({options})")
        except duckdb.Error as error:
            raise StoreError(str(target), f"export failed: {error}") from None
        return True

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for what the API does not cover."""
        return self._con


#: What ``Store.optimize`` sorts, and by what: every table whose rows belong to one filing, by
#: accession number (a filing's rows together, in their stored order); SUBMISSION by issuer
#: first, since questions about a company start there; the transaction tables by code, then
#: date: open-market purchases and sales (P, S) over a period are what most analyses read.
_SORT_ORDER = {
    **dict.fromkeys((*R.COLUMNS, "FILING_SOURCE", "EDGAR_HEADER", "FINDING"), "ACCESSION_NUMBER"),
    "SUBMISSION": "ISSUERCIK, ACCESSION_NUMBER",
    "NONDERIV_TRANS": "TRANS_CODE, TRANS_DATE, ACCESSION_NUMBER",
    "DERIV_TRANS": "TRANS_CODE, TRANS_DATE, ACCESSION_NUMBER",
}


#: The tables ``Store.optimize`` indexes by accession number, for the lookups of one filing's
#: rows or a page of filings' owners: those not sorted by it (the transaction tables) and the
#: owners, read for a list of accession numbers at once, which a sorted column's zone maps
#: cannot narrow (SUBMISSION, FILING_SOURCE and EDGAR_HEADER have their primary key's index).
#: On ten million rows a filing's transactions take 1 ms instead of 50 to 120.
_ACCESSION_INDEXED = ("REPORTINGOWNER", "NONDERIV_TRANS", "DERIV_TRANS")


def _unpadded(value: Any) -> Any:
    """A stored amount without the zeros its column's fixed scale added (never an exponent)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def transactions(
    source: Store | Filing | str | os.PathLike[str] | Iterable[Any],
    *,
    latest: bool = True,
    on_error: Callable[[ReadError], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    **filters: Unpack[Filters],
) -> Transactions:
    """One row per transaction of Tables I and II, with the filing, the issuer and the reporting
    owners beside it (a joint filing counted once), the code's meaning and ``VALUE`` (shares x
    price, exact): the columns are ``form4.store.TRANSACTION_COLUMNS``.

    ``source`` is a ``Store`` (the same rows as its view ``TRANSACTIONS``); a ``Filing`` or
    Filings; or paths (files, directories, zip/tar archives, read as ``read_many`` reads them;
    ``on_skip`` as there). Filings are keyed, and copies of one filing chosen between, as
    ``form4 ingest`` does, so the rows are those a store would give.

    A file that cannot be read, or a filing with an amount the store's exact decimal type cannot
    hold, is left out and listed in ``.failures``, with a ``TransactionsWarning`` saying how
    many (or handed to ``on_error``, which then hears of each); paths that hold no filing at all
    raise ``EmptyInputError``.

    Only the latest version of an amended filing counts (``latest=False``: every version). The
    filters combine: ``issuer`` a ticker or CIK; ``owner`` a CIK or a name (its words in any
    order, any owner of a joint filing); ``codes`` e.g. ``"P,S"`` or ``["P", "S"]``; ``since``
    and ``until`` bound the transaction date (a date or ``YYYY-MM-DD``); ``table`` ``"I"`` or
    ``"II"``; ``min_value`` keeps rows whose VALUE (shares x price) is at least that.
    """
    if isinstance(source, Store):
        return source.transactions(**filters, latest=latest)
    failures: list[ReadError] = []
    read = _Read(source, failures.append, on_skip)
    with Store(":memory:") as memory:
        result = memory.add(read.filings(), validate=False)
        arrow = query_transactions(memory.connection, **filters, latest=latest)
    failures.extend(result.failures)
    if read.paths and not read.count and not failures:
        names = ", ".join(read.paths[:3]) + (" ..." if len(read.paths) > 3 else "")
        raise EmptyInputError(names, "no filing found there")
    if on_error is not None:
        for failure in failures:
            on_error(failure)
    elif failures:
        warnings.warn(
            f"{len(failures):,} source{'s' if len(failures) != 1 else ''} left out of the "
            f"transactions (see .failures); the first: {failures[0]}",
            TransactionsWarning,
            stacklevel=2,
        )
    return Transactions(arrow, failures)


class TransactionsWarning(UserWarning):
    """Sources ``form4.transactions`` left out: unreadable, or holding an amount the store's
    exact decimal type cannot hold (``Transactions.failures`` lists them)."""


class _Read:
    """The Filings of ``transactions``' source: Filings as they are, paths read (every copy of
    a filing: the in-memory store chooses between them as ingest does); how many were read."""

    def __init__(
        self,
        source: Any,
        on_error: Callable[[ReadError], None],
        on_skip: Callable[[Skipped], None] | None,
    ) -> None:
        if isinstance(source, Filing | str | bytes | os.PathLike):
            source = [source]
        self.items = list(source) if not isinstance(source, Iterator) else source
        self.on_error, self.on_skip = on_error, on_skip
        self.paths: list[str] = []
        self.count = 0

    def filings(self) -> Iterator[Filing]:
        for item in self.items:
            if isinstance(item, Filing):
                self.count += 1
                yield item
                continue
            if isinstance(item, str | os.PathLike):
                self.paths.append(os.fspath(item))
            for filing in read_many(
                item, on_error=self.on_error, on_skip=self.on_skip, dedupe=False
            ):
                self.count += 1
                yield filing
