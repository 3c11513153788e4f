"""Fetch ownership filings from EDGAR into the store: one filing, a company's or an insider's
filings (``fetch``), every filing of a range of days (``sync``), and the latest as they come
(``watch``).

A filing is fetched in one request as its full submission ``.txt``, which the listings name: it
carries EDGAR's header (filing date, acceptance time, every filer) and the ownership XML. Asked
for the XML alone (``full_submission=False``), it is found from the filing folder's
``index.json`` (or from the submissions JSON's primary document with the ``xslF345X0n/``
rendering folder stripped), never the rendering: two requests a filing. What the listing says
about it (accession number, form, filing date, acceptance time) becomes the Filing's EDGAR header
when the document itself has none, so the store can judge deadlines and link amendments.

``sync`` is resumable: each day is recorded in the store's ``SYNC_DAY`` table once all its
filings are stored, and a day recorded before is not fetched again (its index neither, unless
the day is within the last two days, when EDGAR may still add to it). Filings already stored are
never fetched; archive files are cached by the client, so an interrupted run repeats no
download.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from form4.calendar import business_days
from form4.edgar.client import Client, EdgarError, NotFoundError, UnreachableError
from form4.edgar.index import (
    OWNERSHIP_FORMS,
    IndexEntry,
    daily_index_path,
    dedupe,
    filing_folder,
    parse_feed,
    parse_index,
    parse_submissions,
    parse_tickers,
    primary_xml,
    settled,
)
from form4.errors import FetchError, ReadError
from form4.model import EdgarHeader, Filing
from form4.read import read_bytes
from form4.store import IngestResult, Store

__all__ = [
    "FetchError",
    "SyncResult",
    "cik_of",
    "fetch",
    "fetch_filing",
    "filings_of",
    "sync",
    "watch",
]

_EASTERN = ZoneInfo("America/New_York")


def _header(filing: Filing, entry: IndexEntry) -> Filing:
    """The listing's facts as the filing's EDGAR header, when the document brought none."""
    if filing.header is not None:
        return filing
    accepted = entry.accepted
    if accepted is not None and accepted.tzinfo is not None:
        accepted = accepted.astimezone(_EASTERN).replace(tzinfo=None)
    header = EdgarHeader(
        accession_number=entry.accession,
        submission_type=entry.form,
        filed=entry.filed,
        accepted=accepted,
    )
    return dataclasses.replace(filing, header=header)


def fetch_filing(client: Client, entry: IndexEntry, *, full_submission: bool = True) -> Filing:
    """One filing from EDGAR, read; raises ``FetchError`` (a ``ReadError``) when it cannot be,
    and ``UnreachableError`` when EDGAR cannot be reached at all (no other filing could be)."""
    folder = filing_folder(entry.cik, entry.accession)
    try:
        if full_submission:
            path = f"/Archives/{entry.path}" if entry.path else f"{folder}/{entry.accession}.txt"
            data = client.get(path, expect="text")
        else:
            name = None
            if entry.primary_document:
                name = entry.primary_document.rsplit("/", 1)[-1]  # strip xslF345X0n/
            if not name or not name.lower().endswith(".xml"):
                listing = client.get_json(f"{folder}/index.json")
                name = primary_xml(listing, folder)
                if name is None:
                    raise FetchError(folder, "no ownership XML in the filing folder")
            path = f"{folder}/{name}"
            data = client.get(path, expect="xml")
    except UnreachableError:
        raise
    except EdgarError as error:
        raise FetchError(error.url, error.reason) from None
    filing = read_bytes(data, client.url(path))
    return _header(filing, entry)


def _fetch_all(
    client: Client,
    entries: list[IndexEntry],
    failures: list[ReadError],
    *,
    full_submission: bool,
    workers: int,
) -> Iterator[Filing]:
    """The filings of ``entries``, fetched by a few threads (the client keeps the rate), in
    order; failures go to ``failures``."""

    def one(entry: IndexEntry) -> Filing | ReadError:
        try:
            return fetch_filing(client, entry, full_submission=full_submission)
        except ReadError as error:
            return error

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for outcome in pool.map(one, entries):
            if isinstance(outcome, ReadError):
                failures.append(outcome)
            else:
                yield outcome


def _store_entries(
    store: Store,
    client: Client,
    entries: list[IndexEntry],
    *,
    full_submission: bool = True,
    workers: int = 4,
    validate: bool = True,
    batch_size: int = 200,
    on_batch: Callable[[IngestResult], None] | None = None,
    exact: bool = False,
) -> IngestResult:
    stored = store.stored_accessions((e.accession for e in entries), exact=exact)
    todo = [e for e in entries if e.accession not in stored]
    failures: list[ReadError] = []
    filings = _fetch_all(client, todo, failures, full_submission=full_submission, workers=workers)
    result = store.add(
        filings, validate=validate, batch_size=batch_size, on_batch=on_batch, failures=failures
    )
    result.skipped += len(entries) - len(todo)
    return result


def cik_of(client: Client, ticker: str) -> str:
    """The CIK of a ticker, from EDGAR's company tickers map."""
    tickers = parse_tickers(client.get("/files/company_tickers.json", expect="json"))
    cik = tickers.get(ticker.strip().upper())
    if cik is None:
        raise EdgarError("company_tickers.json", f"no company with the ticker {ticker!r}")
    return cik


def filings_of(
    client: Client,
    cik: str,
    *,
    since: date | None = None,
    until: date | None = None,
    forms: Iterable[str] = OWNERSHIP_FORMS,
) -> list[IndexEntry]:
    """A CIK's filings of ``forms`` filed in [since, until], from its submissions JSON, older
    pages included when the range reaches back to them; newest first, one per accession."""
    wanted = {f.upper() for f in forms}
    raw = client.get_json(f"/submissions/CIK{int(cik):010d}.json")
    entries, pages = parse_submissions(raw, cik)
    for page in pages:
        oldest = min((e.filed for e in entries if e.filed), default=None)
        if since is not None and oldest is not None and oldest < since:
            break  # the pages are older still
        more, _ = parse_submissions(client.get_json(f"/submissions/{page}"), cik)
        entries.extend(more)
    chosen = [
        e
        for e in entries
        if e.form.upper() in wanted
        and (since is None or (e.filed is not None and e.filed >= since))
        and (until is None or (e.filed is not None and e.filed <= until))
    ]
    return dedupe(chosen)


def fetch(
    store: Store,
    client: Client,
    *,
    ticker: str | None = None,
    cik: str | None = None,
    since: date | None = None,
    until: date | None = None,
    forms: Iterable[str] = OWNERSHIP_FORMS,
    full_submission: bool = True,
    on_batch: Callable[[IngestResult], None] | None = None,
) -> IngestResult:
    """Fetch and store the ownership filings of a company or insider (by ticker or CIK)."""
    if (ticker is None) == (cik is None):
        raise ValueError("give a ticker or a CIK")
    target = cik if cik is not None else cik_of(client, ticker or "")
    entries = filings_of(client, target, since=since, until=until, forms=forms)
    return _store_entries(
        store, client, entries, full_submission=full_submission, on_batch=on_batch
    )


@dataclass(slots=True)
class SyncResult:
    """What one sync did, day by day summed up."""

    days: int = 0  # business days in the range
    days_done_before: int = 0  # recorded complete by an earlier sync: not fetched again
    days_completed: int = 0
    listed: int = 0  # ownership filings the indexes list (one per accession)
    stored: int = 0
    replaced: int = 0  # stored over a copy that held less (a data set's rows: ``exact``)
    skipped: int = 0  # already stored
    failed: int = 0
    requests: int = 0
    seconds: float = 0.0
    failures: list[ReadError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.days} business days ({self.days_done_before} done before, "
            f"{self.days_completed} completed now): {self.listed:,} ownership filings listed, "
            f"stored {self.stored:,}, "
            + (
                f"replaced {self.replaced:,} stored copies that held less, "
                if self.replaced
                else ""
            )
            + f"skipped {self.skipped:,} already stored, "
            f"failed {self.failed:,}; {self.requests:,} requests, {self.seconds:.1f} s"
        )


def sync(
    store: Store,
    client: Client,
    since: date,
    until: date | None = None,
    *,
    forms: Iterable[str] = OWNERSHIP_FORMS,
    full_submission: bool = True,
    workers: int = 4,
    today: date | None = None,
    on_day: Callable[[date, SyncResult], None] | None = None,
    exact: bool = False,
) -> SyncResult:
    """Store every ownership filing EDGAR's daily indexes list from ``since`` to ``until``
    (default today), skipping days a previous sync completed and filings already stored.
    ``exact``: filings stored from a data set (rounded rows) count as not stored, and days
    completed before are walked again, so that each is fetched and its document replaces the
    rows (a document holds more than a data set: ``form4.store``'s rule)."""
    today = today or date.today()
    until = min(until or today, today)
    wanted = {f.upper() for f in forms}
    started = time.perf_counter()
    requests_before = client.requests
    result = SyncResult()
    done = store.synced_days()
    for current in business_days(since, until):
        result.days += 1
        recent = not settled(current, today)
        if current in done and not recent and not exact:
            result.days_done_before += 1
            if on_day is not None:
                on_day(current, result)
            continue
        try:
            data = client.get(daily_index_path(current), expect="text")
        except NotFoundError:
            if not recent:  # EDGAR published no index that day (an unlisted closure)
                store.mark_synced(current, listed=0)
                result.days_completed += 1
            continue
        entries = dedupe(
            [e for e in parse_index(data, daily_index_path(current)) if e.form.upper() in wanted]
        )
        result.listed += len(entries)
        stored = _store_entries(
            store, client, entries, full_submission=full_submission, workers=workers, exact=exact
        )
        result.stored += stored.stored - stored.replaced
        result.replaced += stored.replaced
        result.skipped += stored.skipped
        result.failed += stored.failed
        result.failures.extend(stored.failures)
        if not stored.failed and not recent:
            store.mark_synced(current, listed=len(entries))
            result.days_completed += 1
        if on_day is not None:
            on_day(current, result)
    result.requests = client.requests - requests_before
    result.seconds = time.perf_counter() - started
    return result


FEED = (
    "/cgi-bin/browse-edgar?action=getcurrent&type={form}&company=&dateb=&owner=include"
    "&start=0&count=100&output=atom"
)


def watch(
    store: Store,
    client: Client,
    *,
    every: float = 60.0,
    forms: Iterable[str] = ("3", "4", "5"),
    polls: int | None = None,
    on_filing: Callable[[Filing], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    full_submission: bool = True,
) -> int:
    """Poll the latest-filings feed and store each new ownership filing as it appears.

    ``on_filing`` is called with each newly stored filing. Runs ``polls`` times (forever when
    None), ``every`` seconds apart; returns how many filings it stored.
    """
    stored_count = 0
    poll = 0
    while polls is None or poll < polls:
        if poll:
            sleep(every)
        poll += 1
        entries: list[IndexEntry] = []
        for form in forms:
            feed = parse_feed(client.get(FEED.format(form=form), expect="xml"))
            issuers = {e.cik for e in feed if e.role.lower() == "issuer"}
            listed = [
                IndexEntry(e.accession, e.cik, e.form, e.filed, e.name)
                for e in feed
                if e.form.upper() in OWNERSHIP_FORMS
            ]
            entries.extend(dedupe(listed, issuers))
        entries = dedupe(entries)
        stored = store.stored_accessions(e.accession for e in entries)
        new = [e for e in entries if e.accession not in stored]
        for entry in reversed(new):  # oldest first
            try:
                filing = fetch_filing(client, entry, full_submission=full_submission)
            except ReadError as error:
                store.add([], failures=[error])
                continue
            result = store.add([filing])
            if result.stored and on_filing is not None:
                on_filing(filing)
            stored_count += result.stored
    return stored_count
