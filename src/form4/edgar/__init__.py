"""EDGAR access: a polite, cached client, the listings it reads, and fetching filings into the
store (one company or insider, a range of days, the latest as they arrive)."""

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
    "Client",
    "EdgarError",
    "FeedEntry",
    "FetchError",
    "IndexEntry",
    "NotFoundError",
    "SyncResult",
    "UnreachableError",
    "cik_of",
    "default_cache_dir",
    "fetch",
    "fetch_filing",
    "filings_of",
    "sync",
    "watch",
]
