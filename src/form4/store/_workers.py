"""Ingest on every core: worker processes read and validate, the one writer stores.

Reading and validating are pure Python and busy the processor; storing is one DuckDB writer. With
``workers`` above 1, ``ingest`` hands the reads (``form4.read.read_tasks``: paths, zip members by
name, tar members' bytes) to worker processes in chunks; a worker reads, validates and makes the
rows to store (``_ingest.pack``: Arrow tables, cheap to send and to receive), and the writer
takes the results back in the order the reads were listed, so that the batches, their
transactions and the rows stored are those of an ingest in one process (``_ingest.add`` stores
them; it decides which copies to keep from the keys and digests alone).

The workers are started by a fork server, or spawned (never forked from the writer: DuckDB's
connection must not be copied by a fork), and ignore Ctrl-C, which the writer hears and acts on.
At most ``IN_FLIGHT`` chunks a worker are listed or being read at any time, so that memory stays
flat however many files there are; the listing runs in a thread of its own, so that paths
arriving slowly (a pipe) are read as they come, not when a chunk is full.

A worker that dies (killed, out of memory) breaks the pool: the writer says so
(``WorkerLostWarning``), starts new workers, and reads the chunks that were in flight again, one
at a time; a chunk that kills its worker again alone is read one file at a time, and a file that
kills a worker by itself is recorded as a failure. Nothing is stored twice or lost: the chunks'
results are stored only once, in their order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import duckdb
import pyarrow as pa

from form4.errors import ReadError
from form4.model import Filing
from form4.store._ingest import (
    BatchCollector,
    IngestResult,
    Prepared,
    Stored,
    Writer,
    add,
    pack,
    prepare,
    writer_of,
)

__all__ = ["CHUNK", "IN_FLIGHT", "WorkerLostWarning", "ingest"]

Task = Callable[[], Filing]
#: A read to do (the source's name, the read) or the error that stands in its place.
Item = tuple[str, Task] | ReadError
Result = Stored | Filing | ReadError

#: Reads sent to a worker at once, at most: a worker reads a chunk's files, then validates them,
#: then makes their rows, each step over the whole chunk (a process doing one thing at a time
#: for a while does it faster: some 10% for 512 against one file at a time), and sends the
#: rows back in one message (bench/store.py --workers).
CHUNK = 512
#: Reads sent at once, at least: a chunk is an equal share of the reads listed and waiting
#: (``1 / (2 * workers)`` of them), between the two, so that the last reads are shared.
MIN_CHUNK = 16
#: Chunks listed or being read per worker, at most.
IN_FLIGHT = 4
#: How long the writer waits for the oldest chunk before looking for newly listed reads.
_POLL_SECONDS = 0.05
#: How often a worker looks whether the writer is still there.
_WATCH_SECONDS = 0.5


class WorkerLostWarning(UserWarning):
    """A worker process of a parallel ingest died; its reads were done again (or, for a file
    that kills a worker by itself, recorded as a failure)."""


def ingest(
    con: duckdb.DuckDBPyConnection | Writer,
    tasks: Iterable[Item],
    *,
    workers: int,
    validate: bool,
    batch_size: int,
    on_batch: Callable[[IngestResult], None] | None,
    chunk: int | None = None,
) -> IngestResult:
    """Store the filings ``tasks`` read (``form4.read.read_tasks``), read and validated by
    ``workers`` processes in chunks of ``chunk`` reads (``CHUNK``), in batches of
    ``batch_size`` (see ``Store.ingest``)."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    failures: list[ReadError] = []
    writer = writer_of(con)
    pool = _Pool(workers, validate, chunk)

    def filings() -> Iterator[Filing | Stored]:
        for result in pool.results(tasks):
            if isinstance(result, ReadError):
                failures.append(result)
            else:
                yield result

    return add(
        writer,
        filings(),
        validate=validate,
        batch_size=batch_size,
        on_batch=on_batch,
        failures=failures,
    )


def _start_worker(writer: int) -> None:
    """A worker's start: Ctrl-C reaches the whole process group, and the writer alone acts on
    it; a worker ends when the writer has ended (killed), not waiting for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(writer,), name="form4-writer-watch", daemon=True).start()


def _watch(writer: int) -> None:
    while True:
        time.sleep(_WATCH_SECONDS)
        try:
            os.kill(writer, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # another user's process under its pid: the writer is gone
            os._exit(1)


def _work(items: list[Item], validate: bool) -> list[Result]:
    """A chunk's reads done, in order: each filing prepared (``_ingest.prepare``) and made into
    rows (``_ingest.pack``: the writer receives the rows, not the Filings, which cost it more
    to unpickle than to make into rows), or its error. A filing that cannot be prepared goes
    back as it is, and a chunk with a number the store cannot hold goes back prepared: the
    writer does it again and records the failure as it does in one process."""
    collector = BatchCollector()
    with collector:
        results: list[Result] = [_read(item) for item in items]
        for index, result in enumerate(results):
            if isinstance(result, Filing):
                with contextlib.suppress(Exception):  # sent as read: the writer says what it was
                    results[index] = prepare(result, validate)
        ready = [result for result in results if isinstance(result, Prepared)]
        try:
            packed = iter(pack(ready))
        except pa.ArrowInvalid:
            return results
        return [next(packed) if isinstance(result, Prepared) else result for result in results]


def _read(item: Item) -> Filing | ReadError:
    if isinstance(item, ReadError):
        return item
    try:
        return item[1]()
    except ReadError as error:
        return error


class _Pool:
    """The worker processes, restarted when one dies; ``results`` the reads' results in order."""

    def __init__(self, workers: int, validate: bool, chunk: int | None) -> None:
        self.workers = workers
        self.validate = validate
        self.chunk = chunk or CHUNK
        self.limit = workers * IN_FLIGHT
        self._executor: ProcessPoolExecutor | None = None

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=_context(),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._executor

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def submit(self, items: list[Item]) -> Future[list[Result]]:
        try:
            return self.executor().submit(_work, items, self.validate)
        except BrokenProcessPool as error:  # broken before this chunk was sent
            future: Future[list[Result]] = Future()
            future.set_exception(error)
            return future

    def results(self, tasks: Iterable[Item]) -> Iterator[Result]:
        lister = _Lister(tasks, self.limit * self.chunk)
        in_flight: deque[tuple[list[Item], Future[list[Result]]]] = deque()
        listed = False
        try:
            while True:
                while not listed and len(in_flight) < self.limit:
                    size = min(self.chunk, max(MIN_CHUNK, lister.waiting() // (2 * self.workers)))
                    items = lister.take(size, block=not in_flight)
                    if items is None:
                        listed = True
                    elif items:
                        in_flight.append((items, self.submit(items)))
                    else:
                        break
                if not in_flight:
                    if listed:
                        return
                    continue
                items, future = in_flight[0]
                if not listed and len(in_flight) < self.limit:
                    done, _ = wait([future], timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
                    if not done:
                        continue
                if isinstance(future.exception(), BrokenProcessPool):
                    self._recover(in_flight)
                    continue
                in_flight.popleft()
                yield from future.result()
        finally:
            lister.stop()
            self.shutdown()

    def _recover(self, in_flight: deque[tuple[list[Item], Future[list[Result]]]]) -> None:
        """A worker died: every chunk in flight that did not finish is read again, alone, by
        new workers (each result put in its place, in order)."""
        lost = [items for items, future in in_flight if _broken(future)]
        files = sum(len(items) for items in lost)
        warnings.warn(
            f"a worker process stopped; reading its {files:,} files again in new ones",
            WorkerLostWarning,
            stacklevel=2,
        )
        self.shutdown()
        for index, (items, future) in enumerate(list(in_flight)):
            if _broken(future):
                done: Future[list[Result]] = Future()
                done.set_result(self._alone(items))
                in_flight[index] = (items, done)

    def _alone(self, items: list[Item]) -> list[Result]:
        """The results of a chunk read with nothing else in flight; when its worker dies even
        so, each read alone, and a read that kills its worker alone is a failure."""
        future = self.submit(items)
        if not _broken(future):
            return future.result()
        self.shutdown()
        if len(items) > 1:
            return [result for item in items for result in self._alone([item])]
        name = items[0].source if isinstance(items[0], ReadError) else items[0][0]
        warnings.warn(
            f"{name}: a worker process stopped reading it, twice; recorded as failed",
            WorkerLostWarning,
            stacklevel=2,
        )
        return [ReadError(name, "the worker process reading it stopped, twice")]


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from a server process that has imported the readers and the
    rules once (so that a pool starts in milliseconds, not a second), where the platform has
    one; else spawned. Never forked from the writer, whose DuckDB connection is open."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _broken(future: Future[Any]) -> bool:
    """Whether the chunk's worker died (waits for the chunk to end)."""
    return isinstance(future.exception(), BrokenProcessPool)


class _Lister:
    """The reads listed in a thread of their own into a bounded queue: a directory's files, an
    archive's members, the paths of a pipe as they arrive. ``take`` gives those listed so far."""

    _END = object()

    def __init__(self, tasks: Iterable[Item], capacity: int) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(capacity)
        self._stopped = threading.Event()
        self._tasks = tasks
        self._thread = threading.Thread(target=self._run, name="form4-ingest-lister", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        iterator = iter(self._tasks)
        try:
            for item in iterator:
                if not self._put(item):
                    return
            self._put(self._END)
        except BaseException as error:  # raised again in the writer
            self._put(_Raised(error))
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    def _put(self, item: Any) -> bool:
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def waiting(self) -> int:
        """How many reads are listed and not yet taken (about)."""
        return self._queue.qsize()

    def take(self, count: int, *, block: bool) -> list[Item] | None:
        """Up to ``count`` reads listed so far (waiting for the first when ``block``); None when
        every read was taken."""
        items: list[Item] = []
        while len(items) < count:
            try:
                item = self._queue.get(block=block and not items)
            except queue.Empty:
                break
            if item is self._END:
                self._queue.put(item)  # for the next take
                return items or None
            if isinstance(item, _Raised):
                raise item.error
            items.append(item)
        return items

    def stop(self) -> None:
        """Stop listing (a thread waiting for input, on a pipe, is left to end with the
        process)."""
        self._stopped.set()
        self._thread.join(timeout=4 * _POLL_SECONDS)


class _Raised:
    """What the listing raised, for the writer to raise."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
