"""EDGAR access: a polite, cached client, the listings it reads, and fetching filings into the
store (one company or insider, a range of days, the latest as they arrive), and the history
by the cheapest routes (the SEC's quarterly data sets, EDGAR's daily feed archives)."""

from form4.edgar.backfill import BackfillResult, backfill_datasets, backfill_feed
from form4.edgar.client import (
    Client,
    EdgarError,
    NotFoundError,
    UnreachableError,
    default_cache_dir,
)
from form4.edgar.index import FeedEntry, IndexEntry
from form4.edgar.sync import (
    FetchError,
    SyncResult,
    cik_of,
    fetch,
    fetch_filing,
    filings_of,
    sync,
    watch,
)

__all__ = [
    "BackfillResult",
    "Client",
    "EdgarError",
    "FeedEntry",
    "FetchError",
    "IndexEntry",
    "NotFoundError",
    "SyncResult",
    "UnreachableError",
    "backfill_datasets",
    "backfill_feed",
    "cik_of",
    "default_cache_dir",
    "fetch",
    "fetch_filing",
    "filings_of",
    "sync",
    "watch",
]
