"""``form4 copy``: a whole store into another, DuckDB to PostgreSQL or back.

Every table but ``STORE_META`` (each store records its own format) is read in Arrow batches in
its declared schema (``_schema.ARROW_SCHEMAS``: exact decimals, dates) and appended to the
target through its ingest writer (``_ingest.Writer``: DuckDB's insert, PostgreSQL's COPY), all in
one transaction of the target: an interrupted copy leaves the target as it was. The target must
hold no rows, so that nothing is merged by accident: ingest merges stores copy by copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

import pyarrow as pa

from form4.errors import StoreError
from form4.store._ingest import Writer
from form4.store._schema import META, TABLES


class Store(Protocol):
    """What a copy asks of a store (``Store``, on DuckDB or PostgreSQL)."""

    path: Any
    read_only: bool

    def count(self, table: str) -> int: ...

    def _batches(self, table: str) -> Iterator[pa.Table]: ...

    def _writer(self) -> Writer: ...


__all__ = ["COPIED", "copy_store"]

#: The tables copied, in creation order.
COPIED = tuple(name for name in TABLES if name != META.name)


def copy_store(
    source: Store, target: Store, *, on_table: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy ``source``'s tables into ``target``; the rows copied per table."""
    if target.read_only:
        raise StoreError(str(target.path), "opened read-only")
    if str(source.path) == str(target.path):
        raise StoreError(str(target.path), "the store to copy to is the store copied")
    held = {table: target.count(table) for table in COPIED}
    if any(held.values()):
        tables = ", ".join(f"{t} ({n:,} rows)" for t, n in held.items() if n)
        raise StoreError(
            str(target.path), f"the store to copy to is not empty: {tables}; copy into a new one"
        )
    copied: dict[str, int] = {}
    writer = target._writer()
    with writer.transaction():
        for table in COPIED:
            rows = 0
            for batch in source._batches(table):
                writer.append(table, batch)
                rows += batch.num_rows
            copied[table] = rows
            if on_table is not None:
                on_table(table, rows)
    return copied
