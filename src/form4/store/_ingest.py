"""Ingest: Filings into the store in batches, each one transaction, each filing under one key.

A filing's key is ``Filing.accession_number`` as ``read`` found it (EDGAR's header, else the
number its path names: ``form4.read.accession_from_path``), else ``form4.rows.content_key`` of
its content digest. A copy of a filing never replaces a stored copy that holds more: the ownership
document itself holds more than a rendering of the printed form, which holds more than a data
set's rounded rows, which hold more than an EDGAR header alone. Between copies that hold as much,
the surer key wins (EDGAR's header, then the path, then the content); otherwise the stored copy
stays and the new one is skipped. ``form4.read._key`` states both rules.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar, cast

import duckdb
import pyarrow as pa

from form4 import rows as R
from form4.errors import ReadError
from form4.model import Filing
from form4.read._key import DATASET, KEY_STRENGTH, accession_from_path, holds
from form4.rules import validate as run_rules
from form4.store._db import select, transaction
from form4.store._schema import ARROW_SCHEMAS

if TYPE_CHECKING:
    from form4.rules import Report

__all__ = [
    "DEFAULT_BATCH",
    "ITEM",
    "Candidate",
    "IngestResult",
    "Packed",
    "Prepared",
    "Stored",
    "accession_from_path",
    "add",
    "checked_tables",
    "choose",
    "failure_rows",
    "iter_paths",
    "pack",
    "prepare_or_fail",
    "refuse",
    "tables",
]

Connection = duckdb.DuckDBPyConnection

#: Filings per transaction: some 2.5 s of work at 2,000 filings/s, the most an interrupted ingest
#: does again. DuckDB's commit writes and syncs its log once per batch, so fewer, larger batches
#: ingest faster (bench/store.py: 5,000 rather than 1,000 saves some 25 us a filing).
DEFAULT_BATCH = 5000


def _rank(origin: str, fmt: str | None, key_from: str) -> tuple[int, int]:
    """(what the copy holds, how sure its key is): the larger is kept (``form4.read._key``)."""
    return (DATASET if origin == "dataset" else holds(fmt)), KEY_STRENGTH[key_from]


def iter_paths(lines: Iterable[str]) -> Iterator[str]:
    """Paths from lines of text (``form4 ingest -``): blank lines and surrounding spaces ignored."""
    for line in lines:
        path = line.strip()
        if path:
            yield path


@dataclass(slots=True)
class IngestResult:
    """What one ingest did. ``replaced`` filings were stored before under a weaker key (a data
    set's rounded rows, a content-derived key) and are now stored from this read. ``skipped``
    counts the copies not stored: ``duplicates`` of them were copies of a filing met in the same
    batch (a filing's XML beside its submission), the rest were stored before."""

    read: int = 0
    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0
    batches: int = 0
    seconds: float = 0.0
    failures: list[ReadError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.read:,}, stored {self.stored:,}"
            + (f" ({self.replaced:,} replacing earlier copies)" if self.replaced else "")
            + f", skipped {self.skipped:,} {self._skipped_why()}, failed {self.failed:,}"
            + f", {self.seconds:.1f} s"
        )

    def _skipped_why(self) -> str:
        before = self.skipped - self.duplicates
        if not self.duplicates:
            return "already stored"
        if not before:
            return "copies of filings met twice"
        return f"({before:,} already stored, {self.duplicates:,} copies met twice)"


#: The column of the rows ``tables`` makes that says which filing a row is of.
ITEM = "_ITEM"
_ITEM_SCHEMAS = {
    table: schema.append(pa.field(ITEM, pa.int32(), nullable=False))
    for table, schema in ARROW_SCHEMAS.items()
}


@dataclass(slots=True)
class Prepared:
    """One filing ready to store: its key, its rows and what the store's own tables keep."""

    filing: Filing
    key: str
    key_from: str
    digest: str
    report: Report | None

    @property
    def rank(self) -> tuple[int, int]:
        return _rank("filing", self.filing.source.format, self.key_from)

    @property
    def source(self) -> str:
        return self.filing.source.name


@dataclass(slots=True, eq=False)
class Packed:
    """A filing prepared and made into rows in a worker process (``_workers``): what the writer
    needs to decide whether to store it, and its rows among those of the ``of`` filings of its
    chunk (``tables``; its own are those whose ``ITEM`` is ``index``). It costs the writer far
    less to receive than the Filing it came from."""

    key: str
    key_from: str
    digest: str
    format: str | None
    source: str
    tables: dict[str, pa.Table]
    index: int
    of: int

    @property
    def rank(self) -> tuple[int, int]:
        return _rank("filing", self.format, self.key_from)


#: A filing ready to store, prepared here or in a worker process.
Stored = Prepared | Packed


def pack(items: Sequence[Prepared]) -> list[Packed]:
    """``items`` made into rows (``tables``), each one's Packed share of them. Raises
    ``pyarrow.ArrowInvalid`` as ``tables`` does."""
    rows = tables(items)
    return [
        Packed(p.key, p.key_from, p.digest, p.filing.source.format, p.source, rows, i, len(items))
        for i, p in enumerate(items)
    ]


class BatchCollector:
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

    def __enter__(self) -> BatchCollector:
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


def add(
    con: Connection | Writer,
    filings: Iterable[Filing | Stored],
    *,
    validate: bool,
    batch_size: int,
    on_batch: Callable[[IngestResult], None] | None,
    failures: list[ReadError] | None,
) -> IngestResult:
    """Store Filings in batches of ``batch_size``, each one transaction (see ``Store.add``); a
    filing may come prepared already (``prepare``, done in another process)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    writer = writer_of(con)
    result = IngestResult()
    started = time.perf_counter()
    errors = failures if failures is not None else []
    batch: list[Filing | Stored] = []

    collector = BatchCollector()

    def flush() -> None:
        new_errors = errors[:]
        errors.clear()
        result.failures.extend(new_errors)
        result.failed += len(new_errors)
        _store_batch(writer, batch, new_errors, validate, result)
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


def prepare(filing: Filing, validate: bool) -> Prepared:
    """A filing's key, content digest and (``validate``) validation report, ready to store."""
    digest = R.content_digest(filing)
    key: str | None = filing.accession_number
    key_from: str | None = filing.accession_from
    if key is None or key_from is None:
        key, key_from = R.content_key(digest), "content"
    report = run_rules(filing) if validate else None
    return Prepared(filing, key, key_from, digest, report)


def prepare_or_fail(filing: Filing, validate: bool) -> Prepared | ReadError:
    """``prepare``, or the ReadError that fails the filing when preparing it raised: a bug met on
    one filing costs that filing only."""
    try:
        return prepare(filing, validate)
    except Exception as error:
        if isinstance(error, MemoryError):
            raise
        return ReadError(
            filing.source.name,
            f"could not be prepared for the store ({type(error).__name__}: {error})",
        )


class Candidate(Protocol):
    """What the keep rule looks at in a copy of a filing."""

    @property
    def key(self) -> str: ...
    @property
    def key_from(self) -> str: ...
    @property
    def digest(self) -> str: ...
    @property
    def rank(self) -> tuple[int, int]: ...


C = TypeVar("C", bound=Candidate)


def choose(items: Iterable[C]) -> tuple[dict[str, C], list[C]]:
    """The copies of filings met together (one batch, in order) the store keeps, by key, and
    those it drops: of the copies under one key the one of the highest rank (the first met
    among equals), and no copy under a content key whose document is kept under an accession
    number."""
    chosen: dict[str, C] = {}
    dropped: list[C] = []
    for item in items:
        earlier = chosen.get(item.key)
        if earlier is not None:  # the same filing twice: keep the fuller copy
            if earlier.rank >= item.rank:
                dropped.append(item)
                continue
            dropped.append(earlier)
        chosen[item.key] = item
    _drop_content_twins(chosen, dropped)
    return chosen, dropped


def _drop_content_twins(chosen: dict[str, C], dropped: list[C]) -> None:
    """The copies under a content key whose document is chosen under an accession number,
    moved from ``chosen`` to ``dropped``."""
    with_key = {item.digest for item in chosen.values() if item.key_from != "content"}
    for item in list(chosen.values()):
        if item.key_from == "content" and item.digest in with_key:
            del chosen[item.key]  # the same document is here with its accession number
            dropped.append(item)


def refuse(
    chosen: dict[str, C], dropped: list[C], problem: Callable[[C], ReadError | None]
) -> list[ReadError]:
    """When a chosen copy cannot be stored: every copy with a ``problem`` (a value the store's
    decimal type cannot hold exactly) taken out of ``chosen`` and ``dropped``, in the place of a
    chosen copy refused the copy of the highest rank among its dropped ones, and as in ``choose``
    no copy under a content key whose document is now chosen under an accession number. Returns
    the problems."""
    problems: list[ReadError] = []
    for key, item in list(chosen.items()):
        found = problem(item)
        if found is not None:
            del chosen[key]
            problems.append(found)
    for item in list(dropped):
        found = problem(item)
        if found is not None:
            dropped.remove(item)
            problems.append(found)
    for item in sorted(dropped, key=lambda i: i.rank, reverse=True):
        if item.key not in chosen:  # the copy kept in its place was refused: keep this one
            chosen[item.key] = item
            dropped.remove(item)
    _drop_content_twins(chosen, dropped)  # a copy kept in a refused one's place has its twins
    return problems


def checked_tables(items: list[Prepared]) -> tuple[dict[str, pa.Table], dict[int, ReadError]]:
    """``tables(items)``; when a value does not fit the store's decimal type, the rows of the
    other filings (``ITEM`` still their index in ``items``) and, by index, the errors failing
    those that have one (``_decimal_problem``: never rounded silently)."""
    try:
        return tables(items), {}
    except pa.ArrowInvalid:
        pass
    problems: dict[int, ReadError] = {}
    for index, item in enumerate(items):
        problem = _decimal_problem(item)
        if problem is not None:
            problems[index] = problem
    kept = [index for index in range(len(items)) if index not in problems]
    rows = tables([items[index] for index in kept]) if kept else {}
    renumber = pa.array(kept, pa.int32())
    for table, table_rows in rows.items():
        where = table_rows.schema.get_field_index(ITEM)
        rows[table] = table_rows.set_column(
            where, _ITEM_SCHEMAS[table].field(ITEM), renumber.take(table_rows[ITEM])
        )
    return rows, problems


def _store_batch(
    writer: Writer,
    filings: list[Filing | Stored],
    failures: list[ReadError],
    validate: bool,
    result: IngestResult,
) -> None:
    def fail(problem: ReadError) -> None:
        failures.append(problem)
        result.failures.append(problem)
        result.failed += 1

    ready: list[Stored] = []
    for filing in filings:
        if isinstance(filing, (Prepared, Packed)):
            ready.append(filing)
            continue
        made = prepare_or_fail(filing, validate)
        if isinstance(made, ReadError):
            fail(made)
        else:
            ready.append(made)
    prepared, dropped = choose(ready)
    try:
        outcome = _commit(writer, prepared, failures)
    except pa.ArrowInvalid:
        # A value the store's decimal type cannot hold exactly (the batch was rolled back): find
        # the filings that have one, fail them by name (each copy of them), store the rest.
        for problem in refuse(prepared, dropped, _decimal_problem):
            fail(problem)
        outcome = _commit(writer, prepared, failures)
    stored_already, replaced = outcome
    result.skipped += len(dropped) + stored_already
    result.duplicates += len(dropped)
    result.replaced += replaced
    result.stored += len(prepared)


def _commit(
    writer: Writer, prepared: dict[str, Stored], failures: list[ReadError]
) -> tuple[int, int]:
    """One transaction: drop what is stored already, replace weaker copies, insert the rest
    and record the failures. Returns (skipped, replaced); ``prepared`` keeps what was stored."""
    with writer.transaction():
        replace, skipped = _resolve(writer, prepared)
        _insert(writer, list(prepared.values()), replace)
        _record_failures(writer, failures, [item.source for item in prepared.values()])
    return skipped, len(replace)


def _resolve(writer: Writer, prepared: dict[str, Stored]) -> tuple[list[str], int]:
    """Drop what is stored already; return the stored keys this batch replaces, and how many
    filings were dropped."""
    if not prepared:
        return [], 0
    items = list(prepared.values())
    stored = writer.stored([item.key for item in items], [item.digest for item in items])
    by_key = {row.ACCESSION_NUMBER: row for row in stored}
    by_digest: dict[str, list[StoredCopy]] = {}
    for row in stored:
        if row.CONTENT_SHA256 is not None:
            by_digest.setdefault(row.CONTENT_SHA256, []).append(row)
    replace: list[str] = []
    skipped = 0
    for item in items:
        same_key = by_key.get(item.key)
        if same_key is not None:
            if same_key.rank < item.rank:
                replace.append(item.key)
                continue
            del prepared[item.key]
            skipped += 1
            continue
        twins = by_digest.get(item.digest, [])
        if any(t.KEY_FROM != "content" for t in twins) and item.key_from == "content":
            del prepared[item.key]  # stored already under a real accession number
            skipped += 1
            continue
        for twin in twins:
            if twin.KEY_FROM == "content":  # stored before under its content key: re-key it
                replace.append(twin.ACCESSION_NUMBER)
    return replace, skipped


#: The tables holding a filing's rows, all deleted when a stored copy is replaced.
FILING_TABLES = (*R.COLUMNS, "FILING_SOURCE", "EDGAR_HEADER", "FINDING")


def _insert(writer: Writer, items: list[Stored], replace: list[str]) -> None:
    carried: list[tuple[str, Any]] = []
    if replace:
        # A data set knows the filing date a plain XML document does not: keep it.
        carried = writer.filing_dates(replace)
        for table in FILING_TABLES:
            writer.delete(table, "ACCESSION_NUMBER", replace)
    if not items:
        return
    parts: dict[str, list[pa.Table]] = {}
    for run in _runs(items):
        for table, rows in run.items():
            parts.setdefault(table, []).append(rows)
    for table, pieces in parts.items():
        writer.append(table, pieces[0] if len(pieces) == 1 else pa.concat_tables(pieces))
    if carried:
        writer.set_filing_dates(carried)


def _runs(items: list[Stored]) -> Iterator[dict[str, pa.Table]]:
    """The rows of ``items`` in their order: runs of Prepared filings made into rows here, runs
    of one chunk's Packed filings, in the chunk's order, taken from the rows their worker
    made."""
    start = 0
    while start < len(items):
        first = items[start]
        end = start + 1
        if isinstance(first, Prepared):
            while end < len(items) and isinstance(items[end], Prepared):
                end += 1
            yield tables(cast("list[Prepared]", items[start:end]))
        else:
            chosen = [first.index]
            while end < len(items):
                item = items[end]
                if (
                    not isinstance(item, Packed)
                    or item.tables is not first.tables
                    or item.index <= chosen[-1]
                ):
                    break
                chosen.append(item.index)
                end += 1
            yield _chosen(first.tables, chosen, first.of)
        start = end


def _chosen(rows: dict[str, pa.Table], chosen: list[int], of: int) -> dict[str, pa.Table]:
    """The rows of the chosen items of a chunk of ``of``."""
    if len(chosen) == of:
        return rows
    wanted = [False] * of
    for index in chosen:
        wanted[index] = True
    keep = pa.array(wanted, pa.bool_())
    chosen_rows = {}
    for table, table_rows in rows.items():
        picked = table_rows.filter(keep.take(table_rows[ITEM]))
        if picked.num_rows:
            chosen_rows[table] = picked
    return chosen_rows


def tables(items: Sequence[Prepared]) -> dict[str, pa.Table]:
    """The rows ``items`` add to the store, as Arrow tables (only those with rows), in the
    store's schemas plus ``ITEM``: the index in ``items`` of the filing each row is of.

    Raises ``pyarrow.ArrowInvalid`` for a number the store's decimal type cannot hold exactly
    (``_decimal_problem`` finds it)."""
    columns: dict[str, dict[str, list[Any]]] = dict(
        R.to_columns((index, item.filing) for index, item in enumerate(items))  # type: ignore[misc]
    )
    for table_columns in columns.values():
        of_item = table_columns["ACCESSION_NUMBER"]
        table_columns[ITEM] = of_item
        table_columns["ACCESSION_NUMBER"] = [items[i].key for i in of_item]
    now = datetime.now()
    sources, headers, findings = (
        _empty_columns(table) for table in ("FILING_SOURCE", "EDGAR_HEADER", "FINDING")
    )
    for index, item in enumerate(items):
        filing = item.filing
        warned = filing.source.warnings
        _add(
            sources,
            ACCESSION_NUMBER=item.key,
            ORIGIN="filing",
            KEY_FROM=item.key_from,
            FORMAT=filing.source.format,
            SOURCE=filing.source.name,
            CONTENT_SHA256=item.digest,
            WARNINGS=json.dumps([[w.place, w.message] for w in warned]) if warned else None,
            INGESTED_AT=now,
            _ITEM=index,
        )
        header = filing.header
        if header is not None:
            _add(
                headers,
                ACCESSION_NUMBER=item.key,
                SUBMISSION_TYPE=header.submission_type,
                FILED=header.filed,
                ACCEPTED=header.accepted,
                DATE_OF_CHANGE=header.date_of_change,
                PERIOD=header.period,
                DOCUMENT_COUNT=header.document_count,
                _ITEM=index,
            )
        if item.report is not None:
            for f in item.report.findings:
                _add(
                    findings,
                    ACCESSION_NUMBER=item.key,
                    RULE=f.rule,
                    SEVERITY=str(f.severity),
                    LOCATION=f.where,
                    MESSAGE=f.message,
                    _ITEM=index,
                )
    columns["FILING_SOURCE"] = sources
    columns["EDGAR_HEADER"] = headers
    columns["FINDING"] = findings
    return {
        table: pa.Table.from_pydict(table_columns, schema=_ITEM_SCHEMAS[table])
        for table, table_columns in columns.items()
        if table_columns[ITEM]
    }


def _empty_columns(table: str) -> dict[str, list[Any]]:
    """No rows yet of ``table`` and ``ITEM``, column by column."""
    return {name: [] for name in _ITEM_SCHEMAS[table].names}


def _add(columns: dict[str, list[Any]], **values: Any) -> None:
    for name, value in values.items():
        columns[name].append(value)


def _record_failures(writer: Writer, failures: list[ReadError], succeeded: list[str]) -> None:
    if succeeded:
        writer.delete("FAILURE", "SOURCE", succeeded)
    if not failures:
        return
    latest = {error.source: error for error in failures}  # a source met twice: its last error
    writer.delete("FAILURE", "SOURCE", list(latest))
    writer.append("FAILURE", failure_rows(list(latest.values())))


def failure_rows(failures: list[ReadError]) -> pa.Table:
    """The ``FAILURE`` rows of ``failures``, as the store records them."""
    now = datetime.now()
    return pa.Table.from_pylist(
        [
            {
                "SOURCE": error.source,
                "ERROR": type(error).__name__,
                "REASON": error.reason,
                "PLACE": error.place,
                "SEEN_AT": now,
            }
            for error in failures
        ],
        schema=ARROW_SCHEMAS["FAILURE"],
    )


class StoredCopy(NamedTuple):
    """A stored copy of a filing, as ingest compares a new copy with it."""

    ACCESSION_NUMBER: str
    ORIGIN: str
    KEY_FROM: str
    FORMAT: str | None
    CONTENT_SHA256: str | None

    @property
    def rank(self) -> tuple[int, int]:
        return _rank(self.ORIGIN, self.FORMAT, self.KEY_FROM)


class Writer(Protocol):
    """What a batch of ingest asks of a database (DuckDB's here, PostgreSQL's in
    ``_postgres``): the rest of ingest is the same on both."""

    def transaction(self) -> AbstractContextManager[None]:
        """One transaction, which only one writer of the database is in at a time."""
        ...

    def stored(self, keys: list[str], digests: list[str]) -> list[StoredCopy]:
        """The stored copies with one of these keys or content digests."""
        ...

    def filing_dates(self, keys: list[str]) -> list[tuple[str, Any]]:
        """(key, filing date) of the SUBMISSION rows of these keys that have one."""
        ...

    def delete(self, table: str, column: str, values: list[str]) -> None:
        """Delete the rows of ``table`` whose ``column`` is one of ``values``."""
        ...

    def append(self, table: str, rows: pa.Table) -> None:
        """Insert ``rows`` (the table's columns by name, maybe ``ITEM`` too, left out)."""
        ...

    def set_filing_dates(self, dates: list[tuple[str, Any]]) -> None:
        """Give these SUBMISSION rows their (key, filing date) where they have none."""
        ...


class DuckWriter:
    """``Writer`` on a DuckDB connection (the store's one writing process)."""

    def __init__(self, con: Connection) -> None:
        self.con = con

    def transaction(self) -> AbstractContextManager[None]:
        return transaction(self.con)

    def stored(self, keys: list[str], digests: list[str]) -> list[StoredCopy]:
        return select(
            self.con,
            StoredCopy,
            "FROM FILING_SOURCE WHERE ACCESSION_NUMBER IN (SELECT unnest($keys)) "
            "OR CONTENT_SHA256 IN (SELECT unnest($digests))",
            {"keys": keys, "digests": digests},
        )

    def filing_dates(self, keys: list[str]) -> list[tuple[str, Any]]:
        rows = self.con.execute(
            "SELECT ACCESSION_NUMBER, FILING_DATE FROM SUBMISSION "
            "WHERE ACCESSION_NUMBER IN (SELECT unnest($keys)) AND FILING_DATE IS NOT NULL",
            {"keys": keys},
        ).fetchall()
        return [(key, filed) for key, filed in rows]

    def delete(self, table: str, column: str, values: list[str]) -> None:
        self.con.execute(
            f"DELETE FROM {table} WHERE {column} IN (SELECT unnest($values))", {"values": values}
        )

    def append(self, table: str, rows: pa.Table) -> None:
        self.con.register("_form4_batch", rows)
        columns = f"* EXCLUDE ({ITEM})" if ITEM in rows.column_names else "*"
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT {columns} FROM _form4_batch")
        finally:
            self.con.unregister("_form4_batch")

    def set_filing_dates(self, dates: list[tuple[str, Any]]) -> None:
        self.con.execute(
            "UPDATE SUBMISSION SET FILING_DATE = carried.FILED "
            "FROM (SELECT unnest($keys) AS ACCESSION_NUMBER, unnest($filed) AS FILED) carried "
            "WHERE SUBMISSION.ACCESSION_NUMBER = carried.ACCESSION_NUMBER "
            "AND SUBMISSION.FILING_DATE IS NULL",
            {"keys": [key for key, _ in dates], "filed": [filed for _, filed in dates]},
        )


def writer_of(con: Connection | Writer) -> Writer:
    """The Writer of a DuckDB connection, or the Writer given."""
    return DuckWriter(con) if isinstance(con, duckdb.DuckDBPyConnection) else con


def _decimal_problem(item: Stored) -> ReadError | None:
    """The error naming a value the store's decimal type cannot hold exactly (never rounded
    silently). A Packed filing has none: its rows were made."""
    if isinstance(item, Packed):
        return None
    for table, table_rows in R.to_rows(item.filing, accession=item.key).items():
        for index, row in enumerate(table_rows, start=1):
            for name, value in row.items():
                if isinstance(value, Decimal) and not R.NUMBER.holds(value):
                    return ReadError(
                        item.filing.source.name,
                        f"{name} {value} does not fit the store's {R.NUMBER.sql} exactly",
                        f"{table} row {index}",
                    )
    return None
