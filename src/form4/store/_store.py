"""The embedded store: filings in a DuckDB file, laid out like the SEC's Form 345 data sets.

The eight data-set tables keep the SEC's names and columns (``form4.rows.COLUMNS``) with exact
decimals and real dates, so the SEC's quarterly files, our ingested filings and anyone's SQL speak
the same language. Beside them, the store's own tables say where each filing came from
(``FILING_SOURCE``), what validation found (``FINDING``), what EDGAR's header said
(``EDGAR_HEADER``), which files could not be read (``FAILURE``) and which data sets were imported
(``DATASET_IMPORT``); the view ``FILING_VERSION`` links each amendment to the filing it amends.

Ingest is idempotent by accession number, each batch one transaction: after a crash the
database holds exactly the batches committed before, and running the same ingest again finishes
the job without duplicates. A filing without an EDGAR accession number (plain XML) takes one from
its path when the path names one (EDGAR's ``0000950170-24-088602`` or its 18-digit folder), else
a stable content-derived key (``form4.rows.accession_key``); a filing stored under such a key is
replaced when the same document arrives with its real accession number.

A copy of a filing never replaces a stored copy that holds more: the ownership document itself
holds more than a rendering of the printed form, which holds more than a data set's rounded rows,
which hold more than an EDGAR header alone. Between copies that hold as much, the surer key wins
(EDGAR's header, then the path, then the content); otherwise the stored copy stays.
"""

from __future__ import annotations

import gc
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from form4 import rows as R
from form4.errors import ReadError, StoreError
from form4.model import Filing
from form4.read import read_many
from form4.rules import validate as run_rules
from form4.store._schema import (
    OWN_SCHEMAS,
    OWN_TABLES,
    SCHEMAS,
    SQL_DECIMAL,
    SQL_TYPES,
    VERSION_VIEW,
)

if TYPE_CHECKING:
    from form4.rules import Report
    from form4.store._dataset import DatasetResult

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_PATH",
    "OWN_TABLES",
    "IngestResult",
    "Store",
    "StoreError",
    "default_path",
]

DEFAULT_PATH = Path("form4.duckdb")
#: Filings per transaction: some 2.5 s of work at 2,000 filings/s, the most an interrupted ingest
#: does again. DuckDB's commit writes and syncs its log once per batch, so fewer, larger batches
#: ingest faster (bench/store.py: 5,000 rather than 1,000 saves some 25 us a filing).
DEFAULT_BATCH = 5000

# EDGAR accession numbers in a path: 0000950170-24-088602, or the 18-digit Archives folder.
_DASHED = re.compile(r"(?<!\d)(\d{10}-\d{2}-\d{6})(?!\d)")
_FOLDER = re.compile(r"(?:^|[/\\])(\d{18})(?:[/\\]|$)")


# How sure a stored filing's key is: EDGAR's header, the file's path, the content digest.
_KEY_STRENGTH = {"content": 0, "path": 1, "header": 2, "dataset": 2}

# How much a copy of a filing holds, by where it came from: the ownership document itself (3), a
# rendering of the printed form (2: no CIKs, what the page shows), a data set's rows (1: rounded
# values, no footnote places), the EDGAR header alone (0: no tables). A copy never replaces a
# stored copy of the same filing that holds more; between copies that hold as much, the one with
# the surer key is kept.
_HOLDS_BY_FORMAT = {"submission-header": 0, "html": 2, "text": 2, "markdown": 2}
_DOCUMENT = 3
_DATASET = 1


def _rank(origin: str, fmt: str | None, key_from: str) -> tuple[int, int]:
    """(what the copy holds, how sure its key is): the larger is kept."""
    holds = _DATASET if origin == "dataset" else _HOLDS_BY_FORMAT.get(fmt or "", _DOCUMENT)
    return holds, _KEY_STRENGTH[key_from]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> Any:
    """The first column of the first row (or None); the result is read to its end."""
    rows = con.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


def default_path() -> Path:
    """``FORM4_DB`` when set, else ``./form4.duckdb``."""
    env = os.environ.get("FORM4_DB")
    return Path(env) if env else DEFAULT_PATH


def accession_from_path(name: str) -> str | None:
    """The EDGAR accession number a file's path names, if any (the last one named)."""
    dashed = _DASHED.findall(name)
    if dashed:
        return str(dashed[-1])
    folders = _FOLDER.findall(name.split("!")[0])
    if folders:
        digits = folders[-1]
        return f"{digits[:10]}-{digits[10:12]}-{digits[12:]}"
    return None


@dataclass(slots=True)
class IngestResult:
    """What one ingest did. ``replaced`` filings were stored before under a weaker key (a data
    set's rounded rows, a content-derived key) and are now stored from this read."""

    read: int = 0
    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    batches: int = 0
    seconds: float = 0.0
    failures: list[ReadError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.read:,}, stored {self.stored:,}"
            + (f" ({self.replaced:,} replacing earlier copies)" if self.replaced else "")
            + f", skipped {self.skipped:,} already stored, failed {self.failed:,}"
            + f", {self.seconds:.1f} s"
        )


@dataclass(slots=True)
class _Prepared:
    """One filing ready to store: its key, its rows and what the store's own tables keep."""

    filing: Filing
    key: str
    key_from: str
    digest: str
    report: Report | None

    @property
    def rank(self) -> tuple[int, int]:
        return _rank("filing", self.filing.source.format, self.key_from)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        if "lock" in message.lower():
            message = f"another process is using the database ({message})"
        raise StoreError(str(path), f"cannot open the store: {message}") from None


class Store:
    """A DuckDB file holding filings in the SEC's data-set tables, plus the store's own tables.

    ``Store()`` opens (creating when needed) ``FORM4_DB`` or ``./form4.duckdb``;
    ``Store(path, read_only=True)`` opens an existing store for queries only. Use it as a context
    manager, or call ``close()``.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else default_path()
        if read_only and not self.path.exists():
            raise StoreError(str(self.path), "no store here (ingest something first)")
        self.read_only = read_only
        self._con = _connect(self.path, read_only)
        if not read_only:
            self._create()

    # -- lifecycle --------------------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create(self) -> None:
        con = self._con
        con.execute("BEGIN TRANSACTION")
        for table in (*R.COLUMNS, *OWN_TABLES):
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({_table_body(table)})")
        con.execute(VERSION_VIEW)
        con.execute("COMMIT")

    def optimize(self) -> dict[str, int]:
        """Rewrite the tables keyed by accession number in the order queries read them, then
        checkpoint; returns the rows of each table.

        SUBMISSION is sorted by issuer, the transaction tables by transaction code then date,
        then every table by accession number (a filing's rows together, in their stored order).
        DuckDB keeps each column's smallest and largest value per row group and skips the groups
        a filter cannot match: after this, "issuer X" reads a few SUBMISSION row groups instead
        of all, and "code P in this quarter" a few transaction row groups; sorted columns also
        compress better. Ingest keeps arrival order; ``bench/store.py --layouts`` measures the
        difference. One transaction: an interrupted run leaves the store as it was.
        """
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        con = self._con
        rows: dict[str, int] = {}
        con.execute("BEGIN TRANSACTION")
        try:
            for table, order in _SORT_ORDER.items():
                sorted_table = f"{table}__SORTED"
                con.execute(f"CREATE TABLE {sorted_table} ({_table_body(table)})")
                con.execute(
                    f"INSERT INTO {sorted_table} SELECT * FROM {table} ORDER BY {order}, rowid"
                )
                con.execute(f"DROP TABLE {table}")
                con.execute(f"ALTER TABLE {sorted_table} RENAME TO {table}")
                rows[table] = scalar(con, f"SELECT count(*) FROM {table}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
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
        if table not in R.COLUMNS and table not in OWN_TABLES and table != "FILING_VERSION":
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

    def stored_accessions(self, accessions: Iterable[str]) -> set[str]:
        """Those of ``accessions`` the store holds."""
        keys = list(accessions)
        if not keys:
            return set()
        rows = self._con.execute(
            "SELECT ACCESSION_NUMBER FROM FILING_SOURCE "
            "WHERE ACCESSION_NUMBER IN (SELECT unnest($keys))",
            {"keys": keys},
        ).fetchall()
        return {str(row[0]) for row in rows}

    def synced_days(self) -> set[date]:
        """Days of EDGAR's daily index a sync stored completely."""
        return {row[0] for row in self._con.execute("SELECT DAY FROM SYNC_DAY").fetchall()}

    def mark_synced(self, day: date, *, listed: int) -> None:
        """Record that every filing of ``day``'s daily index is stored."""
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        self._con.execute(
            "INSERT OR REPLACE INTO SYNC_DAY VALUES ($day, $listed, $now)",
            {"day": day, "listed": listed, "now": datetime.now()},
        )

    def accessions(self) -> set[str]:
        """Every stored filing's key."""
        rows = self._con.execute("SELECT ACCESSION_NUMBER FROM FILING_SOURCE").fetchall()
        return {str(row[0]) for row in rows}

    # -- ingest -----------------------------------------------------------------------------------
    def ingest(
        self,
        sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        validate: bool = True,
        batch_size: int = DEFAULT_BATCH,
        on_batch: Callable[[IngestResult], None] | None = None,
    ) -> IngestResult:
        """Read, validate and store filings from files, directories and zip/tar archives.

        Each batch of ``batch_size`` filings is one transaction. Files that cannot be read are
        recorded in ``FAILURE`` (with the batch they fall in) and the run goes on. ``on_batch``
        is called after each commit with the running totals.
        """
        failures: list[ReadError] = []
        filings = read_many(sources, on_error=failures.append)
        return self.add(
            filings, validate=validate, batch_size=batch_size, on_batch=on_batch, failures=failures
        )

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
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        result = IngestResult()
        started = time.perf_counter()
        errors = failures if failures is not None else []
        batch: list[Filing] = []

        collector = _BatchCollector()

        def flush() -> None:
            new_errors = errors[:]
            errors.clear()
            result.failures.extend(new_errors)
            result.failed += len(new_errors)
            self._store_batch(batch, new_errors, validate, result)
            batch.clear()
            collector.between_batches()
            result.batches += 1
            result.seconds = time.perf_counter() - started
            if on_batch is not None:
                on_batch(result)

        with collector:
            for filing in filings:
                result.read += 1
                batch.append(filing)
                if len(batch) >= batch_size:
                    flush()
            if batch or errors:
                flush()
        result.seconds = time.perf_counter() - started
        return result

    def _prepare(self, filing: Filing, validate: bool) -> _Prepared:
        digest = R.content_digest(filing)
        if filing.accession_number:
            key, key_from = filing.accession_number, "header"
        elif (from_path := accession_from_path(filing.source.name)) is not None:
            key, key_from = from_path, "path"
        else:
            key, key_from = "X" + digest[:17], "content"
        report = run_rules(filing) if validate else None
        return _Prepared(filing, key, key_from, digest, report)

    def _store_batch(
        self,
        filings: list[Filing],
        failures: list[ReadError],
        validate: bool,
        result: IngestResult,
    ) -> None:
        prepared: dict[str, _Prepared] = {}
        dropped: list[_Prepared] = []  # copies of a filing met twice in this batch

        def fail(problem: ReadError) -> None:
            failures.append(problem)
            result.failures.append(problem)
            result.failed += 1

        for filing in filings:
            try:
                item = self._prepare(filing, validate)
            except Exception as error:  # a bug met on one filing costs that filing only
                if isinstance(error, MemoryError):
                    raise
                fail(
                    ReadError(
                        filing.source.name,
                        f"could not be prepared for the store ({type(error).__name__}: {error})",
                    )
                )
                continue
            earlier = prepared.get(item.key)
            if earlier is not None:  # the same filing twice in one batch: keep the fuller copy
                if earlier.rank >= item.rank:
                    dropped.append(item)
                    continue
                dropped.append(earlier)
            prepared[item.key] = item
        with_key = {item.digest for item in prepared.values() if item.key_from != "content"}
        for item in list(prepared.values()):
            if item.key_from == "content" and item.digest in with_key:
                del prepared[item.key]  # the same document is in this batch with its accession
                dropped.append(item)
        try:
            outcome = self._commit(prepared, failures)
        except pa.ArrowInvalid:
            # A value DECIMAL(18,6) cannot hold exactly (the batch was rolled back): find the
            # filings that have one, fail them by name (each copy of them), store the rest.
            for key, item in list(prepared.items()):
                problem = _decimal_problem(item)
                if problem is not None:
                    del prepared[key]
                    fail(problem)
            for item in list(dropped):
                problem = _decimal_problem(item)
                if problem is not None:
                    dropped.remove(item)
                    fail(problem)
            outcome = self._commit(prepared, failures)
        skipped = len(dropped)
        result.skipped += skipped + outcome[0]
        result.replaced += outcome[1]
        result.stored += len(prepared)

    def _commit(self, prepared: dict[str, _Prepared], failures: list[ReadError]) -> tuple[int, int]:
        """One transaction: drop what is stored already, replace weaker copies, insert the rest
        and record the failures. Returns (skipped, replaced); ``prepared`` keeps what was stored."""
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            replace, skipped = self._resolve(prepared)
            self._insert(list(prepared.values()), replace)
            self._record_failures(failures, [item.filing.source.name for item in prepared.values()])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return skipped, len(replace)

    def _resolve(self, prepared: dict[str, _Prepared]) -> tuple[list[str], int]:
        """Drop what is stored already; return the stored keys this batch replaces, and how many
        filings were dropped."""
        if not prepared:
            return [], 0
        items = list(prepared.values())
        keys = [item.key for item in items]
        digests = [item.digest for item in items]
        stored = self._con.execute(
            "SELECT ACCESSION_NUMBER, ORIGIN, KEY_FROM, CONTENT_SHA256, FORMAT FROM FILING_SOURCE "
            "WHERE ACCESSION_NUMBER IN (SELECT unnest($keys)) "
            "OR CONTENT_SHA256 IN (SELECT unnest($digests))",
            {"keys": keys, "digests": digests},
        ).fetchall()
        by_key = {row[0]: row for row in stored}
        by_digest: dict[str, list[tuple[Any, ...]]] = {}
        for row in stored:
            if row[3] is not None:
                by_digest.setdefault(row[3], []).append(row)
        replace: list[str] = []
        skipped = 0
        for item in items:
            same_key = by_key.get(item.key)
            if same_key is not None:
                if _rank(same_key[1], same_key[4], same_key[2]) < item.rank:
                    replace.append(item.key)
                    continue
                del prepared[item.key]
                skipped += 1
                continue
            twins = by_digest.get(item.digest, [])
            if any(t[2] != "content" for t in twins) and item.key_from == "content":
                del prepared[item.key]  # stored already under a real accession number
                skipped += 1
                continue
            for twin in twins:
                if twin[2] == "content":  # stored before under its content key: re-key it
                    replace.append(twin[0])
        return replace, skipped

    def _insert(self, items: list[_Prepared], replace: list[str]) -> None:
        con = self._con
        carried: dict[str, Any] = {}
        if replace:
            # A data set knows the filing date a plain XML document does not: keep it.
            for key, filed in con.execute(
                "SELECT ACCESSION_NUMBER, FILING_DATE FROM SUBMISSION "
                "WHERE ACCESSION_NUMBER IN (SELECT unnest($keys))",
                {"keys": replace},
            ).fetchall():
                carried[key] = filed
            for table in (*R.COLUMNS, "FILING_SOURCE", "EDGAR_HEADER", "FINDING"):
                con.execute(
                    f"DELETE FROM {table} WHERE ACCESSION_NUMBER IN (SELECT unnest($keys))",
                    {"keys": replace},
                )
        if not items:
            return
        columns = R.to_columns((item.key, item.filing) for item in items)
        if carried:
            filed = columns["SUBMISSION"]["FILING_DATE"]
            for index, item in enumerate(items):
                if filed[index] is None and carried.get(item.key) is not None:
                    filed[index] = carried[item.key]
        sources: list[dict[str, Any]] = []
        headers: list[dict[str, Any]] = []
        findings: list[dict[str, Any]] = []
        now = datetime.now()
        for item in items:
            filing = item.filing
            sources.append(
                {
                    "ACCESSION_NUMBER": item.key,
                    "ORIGIN": "filing",
                    "KEY_FROM": item.key_from,
                    "FORMAT": filing.source.format,
                    "SOURCE": filing.source.name,
                    "CONTENT_SHA256": item.digest,
                    "WARNINGS": json.dumps([[w.place, w.message] for w in filing.source.warnings])
                    if filing.source.warnings
                    else None,
                    "INGESTED_AT": now,
                }
            )
            header = filing.header
            if header is not None:
                headers.append(
                    {
                        "ACCESSION_NUMBER": item.key,
                        "SUBMISSION_TYPE": header.submission_type,
                        "FILED": header.filed,
                        "ACCEPTED": header.accepted,
                        "DATE_OF_CHANGE": header.date_of_change,
                        "PERIOD": header.period,
                        "DOCUMENT_COUNT": header.document_count,
                    }
                )
            if item.report is not None:
                findings.extend(
                    {
                        "ACCESSION_NUMBER": item.key,
                        "RULE": f.rule,
                        "SEVERITY": str(f.severity),
                        "LOCATION": f.where,
                        "MESSAGE": f.message,
                    }
                    for f in item.report.findings
                )
        for table, table_columns in columns.items():
            if table_columns["ACCESSION_NUMBER"]:
                self._register(table, pa.Table.from_pydict(table_columns, schema=SCHEMAS[table]))
        self._append("FILING_SOURCE", sources, OWN_SCHEMAS["FILING_SOURCE"])
        if headers:
            self._append("EDGAR_HEADER", headers, OWN_SCHEMAS["EDGAR_HEADER"])
        if findings:
            self._append("FINDING", findings, OWN_SCHEMAS["FINDING"])

    def _append(self, table: str, records: list[dict[str, Any]], schema: pa.Schema) -> None:
        self._register(table, pa.Table.from_pylist(records, schema=schema))

    def _register(self, table: str, batch: pa.Table) -> None:
        self._con.register("_form4_batch", batch)
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _form4_batch")
        finally:
            self._con.unregister("_form4_batch")

    def _record_failures(self, failures: list[ReadError], succeeded: list[str]) -> None:
        con = self._con
        if succeeded:
            con.execute(
                "DELETE FROM FAILURE WHERE SOURCE IN (SELECT unnest($names))", {"names": succeeded}
            )
        if not failures:
            return
        now = datetime.now()
        records = {
            error.source: {
                "SOURCE": error.source,
                "ERROR": type(error).__name__,
                "REASON": error.reason,
                "PLACE": error.place,
                "SEEN_AT": now,
            }
            for error in failures
        }
        con.execute(
            "DELETE FROM FAILURE WHERE SOURCE IN (SELECT unnest($names))",
            {"names": list(records)},
        )
        self._append("FAILURE", list(records.values()), OWN_SCHEMAS["FAILURE"])

    def failures(self) -> pa.Table:
        """The files that could not be read, with the reason and place."""
        return self.query("SELECT * FROM FAILURE ORDER BY SOURCE")

    # -- data sets and export ------------------------------------------------------------------
    def import_dataset(self, path: str | os.PathLike[str]) -> DatasetResult:
        """Load an SEC Form 345 data set (the quarterly zip or its folder of TSV files)."""
        from form4.store._dataset import import_dataset

        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        return import_dataset(self, Path(path))

    def export(self, directory: str | os.PathLike[str], fmt: str = "parquet") -> dict[str, Path]:
        """Write every table to ``directory`` as ``TABLE.parquet`` or ``TABLE.csv``."""
        if fmt not in ("parquet", "csv"):
            raise ValueError(f"unknown export format {fmt!r} (parquet or csv)")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written: dict[str, Path] = {}
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        for table in (*R.COLUMNS, *OWN_TABLES):
            target = out / f"{table}.{fmt}"
            escaped = str(target).replace("'", "''")
            try:
                self._con.execute(f"COPY {table} TO '{escaped}' ({options})")
            except duckdb.Error as error:
                raise StoreError(str(target), f"export failed: {error}") from None
            written[table] = target
        return written

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for what the API does not cover."""
        return self._con


class _BatchCollector:
    """Python's cyclic garbage collector paused while batches are read and stored, run on the
    young objects between batches.

    A batch holds thousands of Filings and their rows, all alive until it is committed; while they
    are, each few hundred new objects start a collection that goes over them again, and the older
    generations' collections over everything kept, freeing nothing: some 35 us a filing, 7% of a
    validated ingest (bench/store.py). Between batches the batch is gone, and a collection of the
    youngest generation frees any cycle made meanwhile. Nothing changes when the collector was off
    already.
    """

    def __init__(self) -> None:
        self._paused = False

    def __enter__(self) -> _BatchCollector:
        if gc.isenabled():
            gc.disable()
            self._paused = True
        return self

    def between_batches(self) -> None:
        if self._paused:
            gc.collect(0)

    def __exit__(self, *exc: object) -> None:
        if self._paused:
            gc.enable()
            self._paused = False


def _table_body(table: str) -> str:
    """The column definitions of a data-set table (``rows.COLUMNS``) or one of the store's own."""
    if table in OWN_TABLES:
        return OWN_TABLES[table]
    cols = ",\n    ".join(
        f"{c.name} {SQL_TYPES[c.type]}{'' if c.nullable else ' NOT NULL'}" for c in R.COLUMNS[table]
    )
    primary = ", PRIMARY KEY (ACCESSION_NUMBER)" if table == "SUBMISSION" else ""
    return f"\n    {cols}{primary}"


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

_MAX_DECIMAL = Decimal("1e12")


def _decimal_problem(item: _Prepared) -> ReadError | None:
    """The error naming a value DECIMAL(18,6) cannot hold exactly (never rounded silently)."""
    for table, table_rows in R.to_rows(item.filing, accession=item.key).items():
        for index, row in enumerate(table_rows, start=1):
            for name, value in row.items():
                if isinstance(value, Decimal) and (
                    abs(value) >= _MAX_DECIMAL or value.as_tuple().exponent < -6  # type: ignore[operator]
                ):
                    return ReadError(
                        item.filing.source.name,
                        f"{name} {value} does not fit the store's {SQL_DECIMAL} exactly",
                        f"{table} row {index}",
                    )
    return None


def iter_paths(lines: Iterable[str]) -> Iterator[str]:
    """Paths from lines of text (``form4 ingest -``): blank lines and surrounding spaces ignored."""
    for line in lines:
        path = line.strip()
        if path:
            yield path
