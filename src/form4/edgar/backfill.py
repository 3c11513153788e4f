"""The ownership history by the cheapest routes: the SEC's quarterly Form 345 data sets, and
EDGAR's daily feed archives.

- **Data sets** (``backfill_datasets``): one zip a quarter, every Form 3, 4 and 5 filed in it as
  the eight tables the store keeps, amounts rounded to two decimals. Each is downloaded through
  the client (paced, retried) into a temporary file and imported with ``Store.import_dataset``:
  a filing already stored from its own document keeps its exact rows, and the filings it adds
  are marked ``ORIGIN = 'dataset'`` in ``FILING_SOURCE``, so that their documents, stored later
  (a feed backfill, an ingest), replace them: a document holds more than a data set's rows.
- **Feed archives** (``backfill_feed``): one ``.nc.tar.gz`` a business day holding every
  submission EDGAR disseminated that day, each an ``.nc`` file in SGML. The archive is read as
  it arrives (``Client.stream``, tar in stream mode): never held whole in memory nor on disk.
  Only the ownership filings are read (the ``<TYPE>`` of a member's header says which; the rest
  are passed over unread) and stored with ``Store.add``, in batches, each one transaction.

Both are resumable: a quarter or day is recorded in the store's ``BACKFILL`` table once all its
filings are stored, and is not fetched again. A period that went wrong (a corrupt or truncated
archive, a data set lacking a table, a member that is not SGML) is named in the result's
failures and in the store's ``FAILURE`` table, what could be stored is stored, and the period is
left unrecorded so that the next run tries it again. A 404 means EDGAR has no file: for a day
older than two days (EDGAR publishes the day's archive the next morning) that is recorded, as a
day with nothing; for a quarter it is noted (the SEC publishes a quarter's data set some days
after it ends) and tried again next time.

Sources: the SEC's "Insider Transactions Data Sets" page,
https://www.sec.gov/data-research/sec-markets-data/insider-transactions-data-sets (the zips,
from 2006q1, named ``YYYYqN_form345.zip``), and "Accessing EDGAR Data",
https://www.sec.gov/search-filings/edgar-search-assistance/accessing-edgar-data (the daily
``Feed`` archives of the Public Dissemination Service's submissions).
"""

from __future__ import annotations

import re
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, cast

from form4.calendar import business_days
from form4.edgar.client import Client, EdgarError, NotFoundError, Stream, UnreachableError
from form4.edgar.index import OWNERSHIP_FORMS, settled
from form4.errors import FetchError, MalformedSubmissionError, ReadError, StoreError
from form4.model import Filing
from form4.read import DEFAULT_MAX_BYTES, read_bytes
from form4.store import Store

__all__ = [
    "DATASET_PATH",
    "FEED_PATH",
    "FIRST_QUARTER",
    "BackfillResult",
    "backfill_datasets",
    "backfill_feed",
    "dataset_path",
    "feed_path",
    "quarter_of",
    "quarters",
    "submission_type",
]

#: The data set of a quarter ("2024q1"), on www.sec.gov.
DATASET_PATH = "/files/structureddata/data/form-345-data-sets/{quarter}_form345.zip"
#: The first quarter the SEC published a Form 345 data set for.
FIRST_QUARTER = "2006q1"
#: The feed archive of a day, on www.sec.gov.
FEED_PATH = "/Archives/edgar/Feed/{day:%Y}/QTR{quarter}/{day:%Y%m%d}.nc.tar.gz"

DATASET, FEED = "dataset", "feed"  # the routes, as the BACKFILL table names them
_QUARTER = re.compile(r"(\d{4})[qQ]([1-4])")
_HEAD = 64 * 1024  # a member's bytes read to find its header's <TYPE>
# The header's type: a tag (.nc; its tags may share one line) or a line (.txt). The header ends
# where the first document starts.
_TYPE = re.compile(rb"<TYPE>[ \t]*([^\r\n<]+)|^CONFORMED SUBMISSION TYPE:[ \t]*([^\r\n<]+)", re.M)
_DOCUMENT = re.compile(rb"<DOCUMENT>")


def quarter_of(day: date) -> str:
    """The quarter of ``day`` as the data sets name it: ``2024q3``."""
    return f"{day.year}q{(day.month - 1) // 3 + 1}"


def quarters(first: str, last: str) -> list[str]:
    """The quarters from ``first`` to ``last`` (``2024q1``), both included; ValueError for a
    name that is not one."""
    bounds = []
    for name in (first, last):
        match = _QUARTER.fullmatch(name.strip())
        if match is None:
            raise ValueError(f"{name!r} is not a quarter (YYYYqN, e.g. 2024q1)")
        bounds.append(int(match[1]) * 4 + int(match[2]) - 1)
    return [f"{n // 4}q{n % 4 + 1}" for n in range(bounds[0], bounds[1] + 1)]


def dataset_path(quarter: str) -> str:
    return DATASET_PATH.format(quarter=quarter)


def feed_path(day: date) -> str:
    return FEED_PATH.format(day=day, quarter=(day.month - 1) // 3 + 1)


def submission_type(head: bytes) -> str | None:
    """The submission type an SGML submission's header gives (``.nc``: ``<TYPE>4``; ``.txt``:
    ``CONFORMED SUBMISSION TYPE: 4``), from its first bytes; None when they are not the start
    of an EDGAR submission."""
    start = head.lstrip()
    if not start.startswith((b"<SUBMISSION>", b"<SEC-DOCUMENT>")):
        return None
    document = _DOCUMENT.search(start)
    match = _TYPE.search(start, 0, document.start() if document else len(start))
    if match is None:
        return None
    return (match[1] or match[2]).decode("latin-1").strip().upper()


@dataclass(slots=True)
class BackfillResult:
    """What one backfill did, quarter by quarter or day by day summed up."""

    route: str
    periods: int = 0  # quarters, or business days, in the range
    done_before: int = 0  # recorded complete by an earlier backfill: not fetched again
    completed: int = 0
    absent: list[str] = field(default_factory=list)  # EDGAR has no file for them (404)
    filings: int = 0  # ownership filings the fetched files held
    stored: int = 0
    skipped: int = 0  # already stored (from their own document, or earlier)
    requests: int = 0
    bytes: int = 0  # the files' bytes, as received
    seconds: float = 0.0
    failures: list[ReadError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        unit = "quarters" if self.route == DATASET else "business days"
        absent = f", {len(self.absent)} without a file at EDGAR" if self.absent else ""
        return (
            f"{self.periods} {unit} ({self.done_before} done before, {self.completed} completed "
            f"now{absent}): {self.filings:,} ownership filings, stored {self.stored:,}, skipped "
            f"{self.skipped:,} already stored, failed {self.failed:,}; {self.requests:,} "
            f"requests, {self.bytes:,} bytes, {self.seconds:.1f} s"
        )


def _fail(store: Store, result: BackfillResult, error: ReadError) -> None:
    """Keep a failure in the store's FAILURE table and the result."""
    store.add([], failures=[error])
    result.failures.append(error)


def backfill_datasets(
    store: Store,
    client: Client,
    first: str = FIRST_QUARTER,
    last: str | None = None,
    *,
    today: date | None = None,
    on_period: Callable[[str, BackfillResult], None] | None = None,
) -> BackfillResult:
    """Import the SEC's Form 345 data sets of the quarters ``first`` to ``last`` (default the
    current quarter) that no earlier backfill completed (see the module's docstring)."""
    last = last or quarter_of(today or date.today())
    started, requests_before = time.perf_counter(), client.requests
    result = BackfillResult(DATASET)
    done = store.backfilled(DATASET)
    for quarter in quarters(first, last):
        result.periods += 1
        if quarter in done:
            result.done_before += 1
        else:
            _dataset(store, client, quarter, result)
        if on_period is not None:
            on_period(quarter, result)
    result.requests = client.requests - requests_before
    result.seconds = time.perf_counter() - started
    return result


def _dataset(store: Store, client: Client, quarter: str, result: BackfillResult) -> None:
    path = dataset_path(quarter)
    url = client.url(path)
    with tempfile.TemporaryDirectory(prefix="form4-backfill-") as tmp:
        target = Path(tmp) / Path(path).name
        try:
            result.bytes += client.download(path, target)
        except NotFoundError:
            result.absent.append(quarter)  # not published (yet): tried again next time
            return
        except UnreachableError:
            raise
        except EdgarError as error:
            _fail(store, result, FetchError(url, error.reason))
            return
        try:
            imported = store.import_dataset(target)
        except StoreError as error:  # not a zip, a bad cell: nothing of it stored
            place = None if error.source == str(target) else Path(error.source).name
            _fail(store, result, ReadError(url, error.reason, place))
            return
    result.filings += imported.filings_new + imported.filings_kept
    result.stored += imported.filings_new
    result.skipped += imported.filings_kept
    missing = imported.missing_tables
    if missing:
        reason = f"the data set lacks {', '.join(missing)}; its other tables are stored"
        _fail(store, result, ReadError(url, reason))
        return
    store.mark_backfilled(
        DATASET, quarter, filings=imported.filings_new + imported.filings_kept, source=url
    )
    result.completed += 1


def backfill_feed(
    store: Store,
    client: Client,
    since: date,
    until: date | None = None,
    *,
    today: date | None = None,
    validate: bool = True,
    batch_size: int = 500,
    on_period: Callable[[date, BackfillResult], None] | None = None,
) -> BackfillResult:
    """Store the ownership filings of EDGAR's daily feed archives from ``since`` to ``until``
    (default today), one request a business day, skipping days an earlier backfill completed
    (see the module's docstring)."""
    today = today or date.today()
    until = min(until or today, today)
    started, requests_before = time.perf_counter(), client.requests
    result = BackfillResult(FEED)
    done = store.backfilled(FEED)
    for current in business_days(since, until):
        result.periods += 1
        if current.isoformat() in done:
            result.done_before += 1
        else:
            recent = not settled(current, today)  # a 404 may be an archive not published yet
            _feed_day(store, client, current, result, recent, validate, batch_size)
        if on_period is not None:
            on_period(current, result)
    result.requests = client.requests - requests_before
    result.seconds = time.perf_counter() - started
    return result


@dataclass(slots=True)
class _Count:
    """What one archive held, as it is read."""

    members: int = 0
    ownership: int = 0


def _feed_day(
    store: Store,
    client: Client,
    day: date,
    result: BackfillResult,
    recent: bool,
    validate: bool,
    batch_size: int,
) -> None:
    path = feed_path(day)
    url = client.url(path)
    failures: list[ReadError] = []
    count = _Count()
    try:
        with client.stream(path) as body:
            added = store.add(
                _ownership_filings(body, url, failures, count),
                validate=validate,
                batch_size=batch_size,
                failures=failures,
            )
            result.bytes += body.received
    except NotFoundError:
        result.absent.append(day.isoformat())
        if not recent:  # EDGAR has no archive for the day
            note = "EDGAR has no feed archive for the day (404)"
            store.mark_backfilled(FEED, day.isoformat(), filings=0, note=note, source=url)
            result.completed += 1
        return
    except UnreachableError:
        raise
    except EdgarError as error:  # gave up opening it
        _fail(store, result, FetchError(url, error.reason))
        return
    result.filings += count.ownership
    result.stored += added.stored - added.replaced
    result.skipped += added.skipped
    result.failures.extend(added.failures)
    if not added.failed and not recent:
        store.mark_backfilled(FEED, day.isoformat(), filings=count.ownership, source=url)
        result.completed += 1


def _ownership_filings(
    body: Stream, url: str, failures: list[ReadError], count: _Count
) -> Iterator[Filing]:
    """The ownership filings of a feed archive as it streams in; the other submissions passed
    over unread. A member that is not an SGML submission, one that cannot be read, and an archive
    that ends early or is not one go to ``failures``."""
    try:
        # Stream mode reads forward only: read() is all it calls (typeshed asks for a full file).
        with tarfile.open(fileobj=cast(IO[bytes], body), mode="r|gz") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                name = f"{url}!{member.name}"
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                head = handle.read(_HEAD)
                kind = submission_type(head)
                if kind is None:
                    failures.append(
                        MalformedSubmissionError(
                            name, "not an EDGAR submission in SGML (no header with a <TYPE>)"
                        )
                    )
                    continue
                count.members += 1
                if kind not in OWNERSHIP_FORMS:
                    continue
                count.ownership += 1
                if member.size > DEFAULT_MAX_BYTES:
                    failures.append(
                        ReadError(name, f"{member.size:,} bytes: larger than the reader's limit")
                    )
                    continue
                try:
                    filing = read_bytes(head + handle.read(), name)
                except ReadError as error:
                    failures.append(error)
                    continue
                yield filing
    except (tarfile.TarError, EOFError, OSError, zlib.error, EdgarError) as error:
        reason = getattr(error, "reason", None) or str(error) or type(error).__name__
        failures.append(
            FetchError(
                url,
                f"the archive is corrupt or cut short after {count.members:,} submissions "
                f"({reason}); the filings before that are stored",
            )
        )
