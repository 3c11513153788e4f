"""The DuckDB connection as the store's modules use it: opening one, a transaction, a scalar, and
query results read by column name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import duckdb

from form4.errors import StoreError

__all__ = ["connect", "literal", "scalar", "select", "transaction"]

Row = TypeVar("Row", bound=NamedTuple)


def connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the database file; a StoreError when it cannot be opened (locked by
    another process, not a DuckDB file)."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        if "lock" in message.lower():
            message = f"another process is using the database ({message})"
        raise StoreError(str(path), f"cannot open the store: {message}") from None


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back when anything (Ctrl-C
    included) leaves it."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def literal(text: str) -> str:
    """``text`` as a SQL string literal (its quotes doubled), for SQL that cannot take a bound
    parameter (a view's text, a list written into the statement)."""
    return "'" + text.replace("'", "''") + "'"


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> Any:
    """The first column of the first row (or None); the result is read to its end."""
    rows = con.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


def select(
    con: duckdb.DuckDBPyConnection, row: type[Row], rest: str, params: Any = None
) -> list[Row]:
    """``SELECT`` the columns named by the fields of the named tuple ``row``, then ``rest``
    (``FROM ... WHERE ...``): the rows as ``row`` tuples, read by name."""
    columns = ", ".join(row._fields)
    return [row(*values) for values in con.execute(f"SELECT {columns} {rest}", params).fetchall()]
