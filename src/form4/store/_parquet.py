"""The store's tables as a directory of Parquet files (``form4.dask`` writes it,
``Store.import_parquet`` stores it).

Layout: ``TABLE/FILING_QUARTER=2024q3/part-00005.parquet`` for each table of a filing's rows
(``form4.rows.COLUMNS``, ``FILING_SOURCE``, ``EDGAR_HEADER``, ``FINDING``: the rows
``_ingest.tables`` makes, in the store's Arrow schemas), a file per partition of the read and
quarter of the filing date (``SUBMISSION.FILING_DATE``; ``FILING_QUARTER=unknown`` for a filing
without one), and ``FAILURE/part-00005.parquet`` for the files a partition could not read. The
file ``form4-parquet.json`` is written last, once every partition is written: a directory without
it is not complete and is refused. Every file is written to a temporary name and renamed, so a
file is whole or absent, and a partition written again replaces its own files.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from form4 import errors
from form4 import rows as R
from form4.errors import ReadError, StoreError
from form4.store._ingest import _ITEM_SCHEMAS, ITEM, Packed, _rank
from form4.store._schema import ARROW_SCHEMAS

__all__ = [
    "FILING_TABLES",
    "MANIFEST",
    "QUARTER",
    "Copy",
    "part_name",
    "quarter",
    "read_directory",
    "read_failures",
    "read_failures_file",
    "write_atomic",
    "write_manifest",
]

#: The tables of a filing's rows, as ``_ingest.tables`` makes them.
FILING_TABLES = (*R.COLUMNS, "FILING_SOURCE", "EDGAR_HEADER", "FINDING")
#: The file that says a directory is complete.
MANIFEST = "form4-parquet.json"
#: The partitioning column of the directories under each table.
QUARTER = "FILING_QUARTER"
#: What the directory's layout is, for a reader to refuse one it does not know.
LAYOUT_VERSION = 1


class Copy(NamedTuple):
    """A copy of a filing as the keep rule (``_ingest.choose``, ``_ingest.refuse``) sees it,
    and where it was met: its partition and its index among the partition's filings."""

    key: str
    key_from: str
    digest: str
    format: str | None
    partition: int
    item: int
    problem: ReadError | None = None  # a value the store's decimal type cannot hold exactly

    @property
    def rank(self) -> tuple[int, int]:
        return _rank("filing", self.format, self.key_from)


def quarter(filed: date | None) -> str:
    """A filing date's quarter as the directory names it (``2024q3``); ``unknown`` for none."""
    if filed is None:
        return "unknown"
    return f"{filed.year}q{(filed.month - 1) // 3 + 1}"


def part_name(partition: int) -> str:
    return f"part-{partition:05d}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    """``table`` to ``path``, whole or not at all: written under a temporary name, then renamed
    (a retried write replaces it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_manifest(directory: Path, facts: dict[str, Any]) -> None:
    path = directory / MANIFEST
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps({"layout": LAYOUT_VERSION, **facts}, indent=1) + "\n")
    os.replace(temporary, path)


def _read(path: Path, table: str) -> pa.Table:
    """A file of ``table``'s rows, in the store's schema; a file that is not one is a
    StoreError naming it."""
    schema = ARROW_SCHEMAS[table]
    try:
        rows = pq.ParquetFile(path).read()
        return rows.select(schema.names).cast(schema)
    except (OSError, pa.ArrowException, KeyError, ValueError) as error:
        raise StoreError(str(path), f"not a Parquet file of {table}'s rows: {error}") from None


def _check(directory: Path) -> dict[str, Any]:
    if not directory.is_dir():
        raise StoreError(str(directory), "no such directory")
    try:
        facts = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise StoreError(
            str(directory), f"not a complete form4 Parquet directory (no {MANIFEST})"
        ) from None
    except (OSError, ValueError) as error:
        raise StoreError(str(directory / MANIFEST), f"cannot be read: {error}") from None
    if not isinstance(facts, dict) or facts.get("layout") != LAYOUT_VERSION:
        raise StoreError(str(directory / MANIFEST), "a layout this form4 does not know")
    return facts


def read_directory(directory: Path) -> tuple[Iterator[Packed], list[ReadError]]:
    """The filings of a directory as ``_ingest.add`` stores them (each partition and quarter's
    files one chunk of Packed filings), and its failures. Every file's schema is checked first,
    so that a directory with a file that is not one of its tables stores nothing."""
    facts = _check(directory)
    chunks = sorted(
        path.relative_to(directory / "FILING_SOURCE")
        for path in (directory / "FILING_SOURCE").glob(f"{QUARTER}=*/part-*.parquet")
    )
    for table in FILING_TABLES:
        for path in sorted((directory / table).glob(f"{QUARTER}=*/part-*.parquet")):
            _schema_of(path, table)
    failures = read_failures(directory)
    filings = sum(_rows_of(directory / "FILING_SOURCE" / chunk) for chunk in chunks)
    if filings != facts.get("filings") or len(failures) != facts.get("failures"):
        raise StoreError(
            str(directory),
            f"holds {filings:,} filings and {len(failures):,} failures where {MANIFEST} "
            f"says {facts.get('filings')} and {facts.get('failures')}",
        )
    return (packed for chunk in chunks for packed in _chunk(directory, chunk)), failures


def read_failures(directory: Path) -> list[ReadError]:
    """The failures of a directory's partitions, in their order."""
    return [
        error
        for path in sorted((directory / "FAILURE").glob("part-*.parquet"))
        for error in read_failures_file(path)
    ]


def read_failures_file(path: Path) -> list[ReadError]:
    """The failures of one FAILURE file, as errors."""
    return [_failure(row) for row in _read(path, "FAILURE").to_pylist()]


def _schema_of(path: Path, table: str) -> None:
    try:
        names = pq.read_schema(path).names
    except (OSError, pa.ArrowException) as error:
        raise StoreError(str(path), f"not a Parquet file: {error}") from None
    missing = [name for name in ARROW_SCHEMAS[table].names if name not in names]
    if missing:
        raise StoreError(str(path), f"lacks {table}'s columns {', '.join(missing)}")


def _rows_of(path: Path) -> int:
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, pa.ArrowException) as error:
        raise StoreError(str(path), f"not a Parquet file: {error}") from None


def _chunk(directory: Path, chunk: Path) -> list[Packed]:
    """One partition and quarter's filings: their rows, each with ``ITEM`` the index of its
    filing's ``FILING_SOURCE`` row."""
    sources = _read(directory / "FILING_SOURCE" / chunk, "FILING_SOURCE")
    now = pa.array(
        [datetime.now()] * sources.num_rows,
        ARROW_SCHEMAS["FILING_SOURCE"].field("INGESTED_AT").type,
    )
    sources = sources.set_column(sources.schema.get_field_index("INGESTED_AT"), "INGESTED_AT", now)
    keys = sources["ACCESSION_NUMBER"]
    rows: dict[str, pa.Table] = {}
    for table in FILING_TABLES:
        path = directory / table / chunk
        if not path.exists():
            continue
        table_rows = sources if table == "FILING_SOURCE" else _read(path, table)
        item = pc.index_in(table_rows["ACCESSION_NUMBER"], value_set=keys)
        if item.null_count:
            raise StoreError(str(path), "holds rows of a filing its FILING_SOURCE file lacks")
        rows[table] = table_rows.append_column(
            _ITEM_SCHEMAS[table].field(ITEM), item.cast(pa.int32())
        )
    return [
        Packed(
            row["ACCESSION_NUMBER"],
            row["KEY_FROM"],
            row["CONTENT_SHA256"],
            row["FORMAT"],
            row["SOURCE"],
            rows,
            index,
            sources.num_rows,
        )
        for index, row in enumerate(
            sources.select(
                ["ACCESSION_NUMBER", "KEY_FROM", "CONTENT_SHA256", "FORMAT", "SOURCE"]
            ).to_pylist()
        )
    ]


def _failure(row: dict[str, Any]) -> ReadError:
    """A FAILURE row as the error it records (its class by name, ``ReadError`` if unknown)."""
    kind = getattr(errors, str(row["ERROR"]), None)
    if not (isinstance(kind, type) and issubclass(kind, ReadError)):
        kind = ReadError
    return kind(row["SOURCE"], row["REASON"], row["PLACE"])
