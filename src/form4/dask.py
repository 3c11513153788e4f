"""Reading at cluster scale: filings read, validated and made into the store's rows on a Dask
cluster, written as Parquet that ``Store.import_parquet`` stores.

``to_parquet(paths, directory, client=...)`` lists the paths on the client (a directory's files
by name, as ``form4.read.read_paths`` lists them; an archive by its own path: the client opens no
file), and makes a ``dask.bag`` of them in partitions of ``partition_size`` paths. It runs in two
phases:

1. Each partition is read on a worker (``read_many`` of its paths, archives expanded there),
   each filing prepared and validated (``_ingest.prepare_or_fail``) and made into rows
   (``_ingest.tables``, the rows a single-process ingest stores), which are put aside under
   ``_staging/`` with its failures. The partition sends back only each filing's key, digest,
   format and place, and whether a value of it does not fit the store's decimal type.
2. The client picks the copy of each filing the store keeps (``_ingest.choose``, the rule
   ``Store.ingest`` applies to the copies of one batch), over all partitions in the order the
   paths were listed (and, as a batch whose rows do not fit does, ``_ingest.refuse``: the copies
   that do not fit are failed, others kept in their place), and each partition writes the rows
   of its kept filings and its failures, by the quarter of their filing date
   (``form4.store._parquet`` states the layout; a filing without a known filing date, a bare
   XML document's, goes to ``FILING_QUARTER=unknown``).

Every file is written to a temporary name and renamed, and named from its partition's index, so a
task done again (its worker died, the nanny started another) replaces its own files: nothing is
lost or written twice. ``form4-parquet.json`` is written last; ``Store.import_parquet`` refuses a
directory without it.

Needs ``pip install 'form4[dask]'``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from form4.errors import ReadError, StoreError
from form4.read import Skipped, read_many, read_paths
from form4.store._ingest import (
    ITEM,
    BatchCollector,
    IngestResult,
    Prepared,
    checked_tables,
    choose,
    failure_rows,
    prepare_or_fail,
    refuse,
)
from form4.store._parquet import (
    FILING_TABLES,
    QUARTER,
    Copy,
    part_name,
    quarter,
    read_failures,
    read_failures_file,
    write_atomic,
    write_manifest,
)

#: How to install what this module needs.
INSTALL = "pip install 'form4[dask]'"

try:
    import dask.bag as db
    from distributed import Client
except ImportError as _missing:  # the extra is not installed
    raise ImportError(f"form4.dask needs Dask and distributed: {INSTALL}") from _missing

if TYPE_CHECKING:
    from form4.store import Store

__all__ = [
    "DEFAULT_PARTITION",
    "INSTALL",
    "ClusterError",
    "DaskResult",
    "connect",
    "ingest",
    "to_parquet",
]

#: Paths a partition reads: some seconds of work for a worker, and few enough tasks for the
#: scheduler (100,000 files: 100 tasks a phase).
DEFAULT_PARTITION = 1000
_STAGING = "_staging"


class ClusterError(StoreError):
    """The cluster could not be reached, or a task failed there (not a file that cannot be
    read: that is a failure recorded, as in ingest); ``source`` names the scheduler or the
    directory."""


def connect(address: str, *, timeout: float = 10.0) -> Client:
    """A client of the Dask scheduler at ``address`` (``tcp://host:8786``); ClusterError when
    none answers within ``timeout`` seconds."""
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(address, f"no Dask scheduler answers: {error}") from None


def _run(client: Client, collection: Any, directory: Path) -> Any:
    """The result of computing ``collection`` on the cluster; a task's error as ClusterError."""
    try:
        return client.compute(collection).result()
    except Exception as error:
        raise ClusterError(
            str(directory), f"a task failed on the cluster ({type(error).__name__}: {error})"
        ) from None


@dataclass(slots=True)
class DaskResult:
    """What ``to_parquet`` wrote. ``read`` filings were read, ``written`` kept (one copy of each
    filing), ``duplicates`` copies of filings written once, ``failed`` files could not be read
    (``failures``). ``reading`` and ``writing`` are the seconds of the two phases: reading the
    partitions and putting their rows aside, then writing the kept rows by quarter."""

    directory: Path
    partitions: int = 0
    read: int = 0
    written: int = 0
    duplicates: int = 0
    failed: int = 0
    seconds: float = 0.0
    reading: float = 0.0
    writing: float = 0.0
    failures: list[ReadError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.read:,}, written {self.written:,}, {self.duplicates:,} copies of "
            f"filings met twice, failed {self.failed:,}, {self.partitions:,} partitions, "
            f"{self.seconds:.1f} s"
        )


def to_parquet(
    paths: Iterable[str] | str,
    directory: str | Path,
    *,
    client: Client | None = None,
    partition_size: int = DEFAULT_PARTITION,
    validate: bool = True,
    on_skip: Callable[[Skipped], None] | None = None,
) -> DaskResult:
    """Read, validate and make into the store's rows the filings of ``paths`` (files,
    directories, zip and tar archives) on the Dask cluster of ``client`` (default: the current
    one), into Parquet under ``directory`` (absent or empty; on a file system every worker
    sees, as are the paths, under the same names). The directory holds exactly the rows
    ``Store.ingest`` of the same paths, in one batch, stores: one copy of each filing, the one
    the store keeps. ``on_skip`` hears of the files of a directory passed over for their
    suffix. Raises ``StoreError`` for a directory that is not empty, ``ClusterError`` when a
    task fails on the cluster (a worker that dies is replaced and its task done again: Dask
    gives up on a task that killed three workers)."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    started = time.perf_counter()
    out = Path(directory)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise StoreError(str(out), "not an empty directory: to_parquet writes into a new one")
    out.mkdir(parents=True, exist_ok=True)
    listed = list(read_paths([paths] if isinstance(paths, str) else paths, on_skip=on_skip))
    result = DaskResult(out)
    if client is None:
        client = Client.current()
    if listed:
        bag = db.from_sequence(listed, partition_size=partition_size)
        parts = bag.npartitions
        indices = db.from_sequence(range(parts), npartitions=parts)
        read = bag.map_partitions(_read_partition, indices, str(out), validate)
        metas: list[_Meta] = _run(client, read, out)
        result.reading = time.perf_counter() - started
        copies = [copy for meta in metas for copy in meta.copies]
        kept, dropped = choose(copies)
        refused: list[list[ReadError]] = [[] for _ in range(parts)]
        if any(copy.problem is not None for copy in kept.values()):  # as one batch would
            for copy in [*kept.values(), *dropped]:
                if copy.problem is not None:
                    refused[copy.partition].append(copy.problem)
            refuse(kept, dropped, lambda copy: copy.problem)
        winners: list[list[int]] = [[] for _ in range(parts)]
        for copy in kept.values():
            winners[copy.partition].append(copy.item)
        plans = db.from_sequence(
            [_Plan(index, winners[index], refused[index]) for index in range(parts)],
            npartitions=parts,
        )
        _run(client, plans.map(_write_partition, str(out)), out)
        result.writing = time.perf_counter() - started - result.reading
        result.partitions = parts
        result.read = sum(meta.read for meta in metas)
        result.written = len(kept)
        result.duplicates = len(dropped)
        result.failures = read_failures(out)
        result.failed = len(result.failures)
    shutil.rmtree(out / _STAGING, ignore_errors=True)
    write_manifest(
        out,
        {"filings": result.written, "failures": result.failed, "partitions": result.partitions},
    )
    result.seconds = time.perf_counter() - started
    return result


def ingest(
    store: Store,
    paths: Iterable[str] | str,
    *,
    client: Client | None = None,
    directory: str | Path | None = None,
    partition_size: int = DEFAULT_PARTITION,
    validate: bool = True,
    batch_size: int | None = None,
    on_batch: Callable[[IngestResult], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IngestResult:
    """``to_parquet`` into ``directory`` (default: a temporary directory, removed afterwards),
    then ``store.import_parquet`` of it: the result counts as ``Store.ingest``'s does (every
    filing read, copies met twice among the skipped)."""
    started = time.perf_counter()
    temporary = None
    if directory is None:
        temporary = tempfile.mkdtemp(prefix="form4-dask-")
        directory = temporary
    try:
        written = to_parquet(
            paths,
            directory,
            client=client,
            partition_size=partition_size,
            validate=validate,
            on_skip=on_skip,
        )
        options: dict[str, Any] = {} if batch_size is None else {"batch_size": batch_size}
        result = store.import_parquet(directory, on_batch=on_batch, **options)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    result.read = written.read
    result.skipped += written.duplicates
    result.duplicates += written.duplicates
    result.seconds = time.perf_counter() - started
    return result


@dataclass(slots=True)
class _Meta:
    """What a partition sends back after reading: the copies it met, how many filings it read."""

    copies: list[Copy]
    read: int


def _read_partition(
    paths: list[str], index: list[int], directory: str, validate: bool
) -> list[_Meta]:
    """Phase 1 on a worker: a partition's files read, prepared and made into rows, put aside
    under ``_staging`` with its failures; the copies it met sent back."""
    partition = index[0]
    out = Path(directory)
    failures: list[ReadError] = []
    prepared: list[Prepared] = []
    read = 0
    with BatchCollector():  # a partition's Filings all live until their rows are made
        for filing in read_many(paths, on_error=failures.append, on_skip=_ignore, dedupe=False):
            read += 1
            made = prepare_or_fail(filing, validate)
            if isinstance(made, ReadError):
                failures.append(made)
            else:
                prepared.append(made)
        rows, problems = checked_tables(prepared)
    name = part_name(partition)
    for table, table_rows in rows.items():
        write_atomic(table_rows, out / _STAGING / table / name)
    if failures:
        write_atomic(failure_rows(failures), out / _STAGING / "FAILURE" / name)
    copies = [
        Copy(
            p.key, p.key_from, p.digest, p.filing.source.format, partition, item, problems.get(item)
        )
        for item, p in enumerate(prepared)
    ]
    return [_Meta(copies, read)]


@dataclass(slots=True)
class _Plan:
    """What a partition writes: the index of its filings kept, the copies refused for a value
    the store's decimal type cannot hold exactly (``_ingest.refuse``)."""

    partition: int
    kept: list[int]
    refused: list[ReadError]


def _write_partition(plan: _Plan, directory: str) -> int:
    """Phase 2 on a worker: the rows of a partition's kept filings, by filing quarter, and its
    failures."""
    out = Path(directory)
    name = part_name(plan.partition)
    staged = {
        table: pq.read_table(path)
        for table in FILING_TABLES
        if (path := out / _STAGING / table / name).exists()
    }
    failed = out / _STAGING / "FAILURE" / name
    failures = [*read_failures_file(failed), *plan.refused] if failed.exists() else plan.refused
    if failures:
        write_atomic(failure_rows(failures), out / "FAILURE" / name)
    kept = plan.kept
    if not kept:
        return 0
    wanted = pa.array(sorted(kept), pa.int32())
    quarters = _quarters(staged, wanted)
    for table, table_rows in staged.items():
        table_rows = table_rows.filter(pc.is_in(table_rows[ITEM], value_set=wanted))
        if not table_rows.num_rows:
            continue
        of_row = pc.index_in(table_rows[ITEM], value_set=quarters["item"])
        row_quarter = pc.take(quarters["quarter"], of_row)
        for value in pc.unique(row_quarter).to_pylist():
            picked = table_rows.filter(pc.equal(row_quarter, value)).drop_columns([ITEM])
            write_atomic(picked, out / table / f"{QUARTER}={value}" / name)
    return len(kept)


def _quarters(staged: dict[str, pa.Table], wanted: pa.Array) -> dict[str, pa.Array]:
    """Each kept filing's quarter (``item``, ``quarter``): that of its filing date."""
    dated: dict[int, Any] = {}
    submissions = staged.get("SUBMISSION")
    if submissions is not None:
        for item, filed in zip(
            submissions[ITEM].to_pylist(), submissions["FILING_DATE"].to_pylist(), strict=True
        ):
            dated[item] = filed
    items = wanted.to_pylist()
    return {
        "item": wanted,
        "quarter": pa.array([quarter(dated.get(item)) for item in items], pa.string()),
    }


def _ignore(_: Skipped) -> None:
    """Files of an archive passed over for their suffix are not the client's to hear of."""
