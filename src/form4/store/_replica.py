"""The analysis of a PostgreSQL store, in DuckDB: a replica kept up to date from the server.

The transactions table, the screens, holdings and the rest of ``form4.analysis`` are written in
DuckDB's SQL for its column engine. A PostgreSQL store answers them from a DuckDB file that holds
the same tables (``Replica``), brought up to date before each answer: the first time by copying
every table (as ``form4 copy`` does), afterwards only the filings that changed since. The server
keeps the list (``CHANGES``: a row per filing stored or removed, numbered in commit order: the
writers' transactions hold one lock, so the numbers commit in order); the replica remembers the
last number it applied and which database it copies (a file beside it, ``.json``), and starts
again from nothing when that is another database. The small tables of the store's own
bookkeeping (failures, synced days, backfills, imports) are copied whole each time. Everything
is read from the server in one snapshot (REPEATABLE READ): the replica is the store as it was at
one moment, never half a batch.

The replica is a temporary file by default (removed when the store is closed), or the file
``FORM4_REPLICA`` names, kept between sessions so that only the changes are read the next time.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from form4.errors import StoreError
from form4.store._ingest import FILING_TABLES, DuckWriter
from form4.store._postgres import CHANGES, batches, connect
from form4.store._schema import META, TABLES

if TYPE_CHECKING:
    import psycopg

    from form4.store._store import Store

__all__ = ["Refresh", "Replica"]
#: The store's own small tables, copied whole at each refresh.
_WHOLE = tuple(t for t in TABLES if t not in FILING_TABLES and t != META.name)
#: Filings read from the server at once.
_CHUNK = 5000


@dataclass(slots=True)
class Refresh:
    """What one refresh did: ``full`` (every table copied) or the ``filings`` changed."""

    full: bool
    filings: int
    seq: int


class Replica:
    """The DuckDB replica of the PostgreSQL store at ``url`` (``identity`` names the database),
    read through a connection of its own, one thread at a time."""

    def __init__(self, url: str, identity: str, path: Path | None) -> None:
        self.con: psycopg.Connection[Any] = connect(url)
        self.lock = threading.Lock()
        self.identity = identity
        self.temporary = path is None
        if path is None:
            handle, name = tempfile.mkstemp(prefix="form4-replica-", suffix=".duckdb")
            os.close(handle)
            os.unlink(name)
            path = Path(name)
        self.path = path
        self.state = path.with_name(path.name + ".json")
        self._store: Store | None = None
        #: What the last refresh did.
        self.last: Refresh | None = None

    def store(self) -> Store:
        """The replica, up to date with the server."""
        with self.lock:
            self.refresh()
            assert self._store is not None
            return self._store

    def refresh(self) -> Refresh:
        from form4.store._store import Store

        seq = self._applied()
        with self.con.transaction():
            self.con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            row = self.con.execute(f"SELECT coalesce(max(SEQ), 0) FROM {CHANGES}").fetchone()
            top = int(row[0]) if row is not None else 0
            if self._store is not None and seq == top:
                self.last = Refresh(False, 0, top)
                return self.last
            full = seq is None
            if full:
                self._reset()
            if self._store is None:
                try:
                    self._store = Store(self.path)
                except StoreError as error:
                    raise StoreError(
                        str(self.path),
                        f"the replica cannot be opened ({error.reason}): set FORM4_REPLICA to "
                        "another file",
                    ) from None
            writer = DuckWriter(self._store.connection)
            with writer.transaction():
                if full:
                    changed = None
                else:
                    changed = [
                        key
                        for (key,) in self.con.execute(
                            f"SELECT DISTINCT ACCESSION_NUMBER FROM {CHANGES} "
                            "WHERE SEQ > %s AND SEQ <= %s",
                            [seq, top],
                        ).fetchall()
                    ]
                self._copy_filings(writer, changed)
                for table in _WHOLE:
                    writer.con.execute(f"DELETE FROM {table}")
                    for batch in batches(self.con, table):
                        writer.append(table, batch)
        self._save(top)
        self.last = Refresh(full, -1 if changed is None else len(changed), top)
        return self.last

    def _copy_filings(self, writer: DuckWriter, changed: list[str] | None) -> None:
        if changed is None:
            for table in FILING_TABLES:
                for batch in batches(self.con, table):
                    writer.append(table, batch)
            return
        for start in range(0, len(changed), _CHUNK):
            keys = changed[start : start + _CHUNK]
            for table in FILING_TABLES:
                writer.delete(table, "ACCESSION_NUMBER", keys)
                for batch in batches(self.con, table, keys):
                    writer.append(table, batch)

    def _applied(self) -> int | None:
        """The last change this replica holds; None when it must be copied whole."""
        if not self.path.exists() or not self.state.exists():
            return None
        try:
            state = json.loads(self.state.read_text())
        except (OSError, ValueError):
            return None
        if state.get("database") != self.identity or not isinstance(state.get("seq"), int):
            return None
        return int(state["seq"])

    def _save(self, seq: int) -> None:
        self.state.write_text(json.dumps({"database": self.identity, "seq": seq}))

    def _reset(self) -> None:
        """Start again from nothing: the replica's file and state removed."""
        if self._store is not None:
            self._store.close()
            self._store = None
        for leftover in (self.path, self.path.with_name(self.path.name + ".wal"), self.state):
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        self.con.close()
        if self._store is not None:
            self._store.close()
            self._store = None
        if self.temporary:
            for leftover in (self.path, self.path.with_name(self.path.name + ".wal"), self.state):
                leftover.unlink(missing_ok=True)
