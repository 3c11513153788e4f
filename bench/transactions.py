"""Benchmark the transactions table: ``form4.transactions`` over files, and the view TRANSACTIONS
and ``Store.transactions`` against the raw-table queries of bench/store.py on ten million rows.

Usage: ``python bench/transactions.py [CORPUS_DIR] [--rows N] [--keep DIR] [--runs N]
[--skip-files] [--skip-queries]`` (default corpus: ``../shared/corpus`` relative to the repository
root, read from its ``xml/`` and ``txt/`` folders; a directory without them is read whole).

Files. ``form4.transactions(paths)`` reads the filings, adds them to an in-memory store and runs
the table's SQL over it, all timed as one call: over the bundled archive
(``src/form4/examples/filings.tar.xz``, the filings of ``form4 demo``) and over the corpus
folders. Reading alone (``read_many`` over the same paths, drained) is timed too, so the rest is
the in-memory store and the query. Each figure is the best of --runs passes (at most 3), in one
process pinned to one core. Printed: rows (transactions), filings read, seconds, rows/s,
filings/s, and the files refused.

Queries. The store of bench/store.py: at least --rows (default 10,000,000) NONDERIV_TRANS rows
synthesised in SQL from the corpus's real rows (bench/_synth.py), each real filing copied
thousands of times under new accession numbers, one of 6,000 issuers and dates over 2006-2025,
with its reporting owners and its FILING_SOURCE row (the view aggregates the first and joins the
second); DERIV_TRANS stays empty, so Table II adds nothing to either side. With --keep DIR the
store is DIR/store.duckdb, reused while it has enough rows and its owners (a store built by an
older bench/store.py has none: it is rebuilt). The views are stored in the database file when
the store is created, so a reused store gets this form4's FILING_VERSION and TRANSACTIONS first
(``CREATE OR REPLACE VIEW``).

The two questions of bench/store.py are asked three ways, each on one warm read-only connection,
once untimed and then --runs times (default 20) with another parameter each time:

  raw   bench/store.py's Q1 and Q2 over NONDERIV_TRANS JOIN SUBMISSION (``Store.query``);
  view  the same questions over the view TRANSACTIONS: Q1 ``SELECT * FROM TRANSACTIONS WHERE
        ISSUERCIK = ? AND TRANS_CODE = 'P'``, Q2 its GROUP BY ISSUERCIK of the signed shares of
        the quarter's P and S rows (``Store.query``);
  API   ``Store.transactions(issuer=CIK, codes="P")`` for Q1; for Q2
        ``Store.transactions(codes="P,S", since=first day, until=last day)``, whose rows are
        summed per issuer in Arrow (``pyarrow.Table.group_by``), the summing included.

The view and the API answer with more than the raw queries do (the owners aggregated per filing,
the code's meaning, VALUE, FILING_VERSION's columns, FILING_SOURCE's SOURCE, sorted), and only
the latest version of each filing; on this store that keeps every row, so Q1 returns the same
rows all three ways (the rows column shows it). Printed per query: best and median wall-clock
ms, the median CPU ms of the process (all of DuckDB's threads), the median rows returned, with
DuckDB's default thread count; then the ratio of the view's and of the API's median to the raw
query's (and of their CPU times). Target: each ratio of medians at most 3. The load average is
printed beside the figures: while other work holds a core, DuckDB's threads share the other, and
wall-clock times move with it (CPU times much less).

Whatever the filter, the view does some work the raw queries do not: FILING_VERSION compares
every amendment with the filings it could amend (a pass over SUBMISSION's type, issuer and date
columns, and over REPORTINGOWNER for the candidates' owners), since whether a filing is the
latest depends on filings the filter does not select; and the owners and the FILING_SOURCE row of
the filings kept are found by a pass over those tables' accession numbers (a hash join: DuckDB
does not look keys up in the primary key's index). So the ratio is highest where the raw query
is cheapest: Q2, whose rows are few and whose transactions lie in a few row groups. Always exits
0: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import load, load_average, peak_rss_mb, pin_to_one_core
from store import (
    DEFAULT_CORPUS,
    ISSUERS_BY_PURCHASES,
    Q1,
    Q2,
    VERDICT,
    Params,
    Timing,
    build_store,
    corpus_folders,
    describe,
    quarter_params,
    size_on_disk,
    split_readable,
    time_query,
)

import form4
from form4.errors import ReadError
from form4.read import DuplicateFilingWarning, read_many
from form4.store._schema import FILING_VERSION_VIEW
from form4.store._transactions import TRANSACTIONS_VIEW

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "src" / "form4" / "examples" / "filings.tar.xz"
TARGET_RATIO = 3.0

VIEW_Q1 = "SELECT * FROM TRANSACTIONS WHERE ISSUERCIK = ? AND TRANS_CODE = 'P'"
VIEW_Q2 = """SELECT ISSUERCIK,
       sum(CASE TRANS_ACQUIRED_DISP_CD WHEN 'A' THEN TRANS_SHARES
                                       WHEN 'D' THEN -TRANS_SHARES END) AS NET_SHARES
FROM TRANSACTIONS
WHERE TRANS_CODE IN ('P', 'S') AND TRANS_DATE >= ? AND TRANS_DATE < ?
GROUP BY ISSUERCIK
ORDER BY ISSUERCIK"""
QUESTIONS = ("Q1 purchases of one issuer", "Q2 net shares per issuer")
WAYS = ("raw", "view", "API")


# -- form4.transactions over files ----------------------------------------------------------------


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The best wall-clock seconds of ``runs`` calls of ``work``, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def read_only(paths: list[Path]) -> tuple[int, int]:
    """The filings ``read_many`` reads from ``paths``, and the files it refuses."""
    refused: list[ReadError] = []
    read = sum(1 for _ in read_many(paths, on_error=refused.append))
    return read, len(refused)


def ignore(error: ReadError) -> None:
    """Files the reader refuses are counted by ``read_only``, not timed twice."""


def bench_files(sources: dict[str, list[Path]], runs: int) -> None:
    print(f"\nfiles    form4.transactions(paths), best of {runs}, {pin_to_one_core()}")
    print(f"         {load_average()}; copies of one filing are read once (not warned about)")
    warnings.simplefilter("ignore", DuplicateFilingWarning)
    print(
        f"\n{'':<34}{'rows':>8}{'filings':>9}{'read s':>8}{'total s':>9}{'rows/s':>9}"
        f"{'filings/s':>11}{'refused':>9}"
    )
    for label, paths in sources.items():
        read_s, (filings, refused) = best_of(runs, partial(read_only, paths))
        total_s, table = best_of(runs, partial(form4.transactions, paths, on_error=ignore))
        rows = len(table)
        print(
            f"{label:<34}{rows:>8,}{filings:>9,}{read_s:>8.2f}{total_s:>9.2f}"
            f"{rows / total_s:>9,.0f}{filings / total_s:>11,.0f}{refused:>9}"
        )
    print(f"         peak RSS {peak_rss_mb():.0f} MB")


# -- the view and Store.transactions against the raw queries --------------------------------------


class Api:
    """``Store.transactions`` behind the interface ``time_query`` times (``query(sql, params)``
    returning an Arrow table): the "SQL" names the question, the parameters are its values."""

    def __init__(self, store: form4.Store) -> None:
        self.store = store

    def query(self, question: str, values: list[Any]) -> pa.Table:
        if question == "Q1":
            return self.store.transactions(issuer=values[0], codes="P").arrow
        first, end = values
        rows = self.store.transactions(
            codes="P,S", since=first, until=end - timedelta(days=1)
        ).arrow
        shares = rows.column("TRANS_SHARES")
        sides = rows.column("TRANS_ACQUIRED_DISP_CD")
        signed = pc.if_else(
            pc.equal(sides, "A"),
            shares,
            pc.if_else(pc.equal(sides, "D"), pc.negate(shares), pa.scalar(None, shares.type)),
        )
        net = pa.table({"ISSUERCIK": rows.column("ISSUERCIK"), "NET_SHARES": signed})
        return net.group_by("ISSUERCIK").aggregate([("NET_SHARES", "sum")]).sort_by("ISSUERCIK")


def time_ways(path: Path, runs: int) -> dict[tuple[str, str], Timing]:
    """Q1 and Q2 each way (``WAYS``), default threads; keys (question, way)."""
    figures: dict[tuple[str, str], Timing] = {}
    with form4.Store(path, read_only=True) as store:
        issuers = [
            [row["ISSUERCIK"]] for row in store.query(ISSUERS_BY_PURCHASES, [runs]).to_pylist()
        ]
        quarters = quarter_params(runs)
        api = Api(store)
        asked: dict[tuple[str, str], tuple[Any, str, Params]] = {
            (QUESTIONS[0], "raw"): (store, Q1, issuers),
            (QUESTIONS[0], "view"): (store, VIEW_Q1, issuers),
            (QUESTIONS[0], "API"): (api, "Q1", issuers),
            (QUESTIONS[1], "raw"): (store, Q2, quarters),
            (QUESTIONS[1], "view"): (store, VIEW_Q2, quarters),
            (QUESTIONS[1], "API"): (api, "Q2", quarters),
        }
        for key, (runner, sql, params) in asked.items():
            figures[key] = time_query(runner, sql, params)
    return figures


def print_figures(figures: dict[tuple[str, str], Timing]) -> None:
    print(
        f"\n{'default threads':<30}{'way':>5}{'best ms':>9}{'median ms':>11}{'CPU ms':>8}"
        f"{'rows':>8}"
    )
    for (question, way), t in figures.items():
        print(f"{question:<30}{way:>5}{t.best:>9.1f}{t.median:>11.1f}{t.cpu:>8.1f}{t.rows:>8,.0f}")
    print()


def fresh_enough(path: Path, rows: int) -> bool:
    """The kept store has ``rows`` transactions and their owners; then its views are replaced."""
    with form4.Store(path, read_only=True) as store:
        enough = store.count("NONDERIV_TRANS") >= rows and store.count("REPORTINGOWNER") > 0
    if enough:
        with form4.Store(path) as store:
            for view in (FILING_VERSION_VIEW, TRANSACTIONS_VIEW):
                store.connection.execute(view)
            store.connection.execute("CHECKPOINT")
    return enough


def bench_queries(good: list[tuple[str, bytes]], rows: int, keep: Path | None, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="form4-bench-") as tmp:
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
        path = (keep or Path(tmp)) / "store.duckdb"
        print(f"\nqueries  store {path}")
        if path.exists():
            reuse = fresh_enough(path, rows)
            print(f"         {'reused, its views replaced' if reuse else 'too small: rebuilt'}")
            if not reuse:
                path.unlink()
        if not path.exists():
            build_store(path, good, rows)
        with form4.Store(path, read_only=True) as store:
            describe(store)
            owners = store.count("REPORTINGOWNER")
        print(
            f"         {owners:,} REPORTINGOWNER rows; size on disk {size_on_disk(path) / 1e6:.0f} "
            f"MB; {runs} runs a query, one parameter each, after one untimed run"
        )
        print(f"         {load_average()}")
        figures = time_ways(path, runs)
        print_figures(figures)
        for question in QUESTIONS:
            raw = figures[question, "raw"]
            for way in WAYS[1:]:
                ratio = figures[question, way].median / raw.median
                cpu = figures[question, way].cpu / raw.cpu
                print(
                    f"ratio    {question[:2]} {way:<4}/ raw: median {ratio:>5.1f}x (target <= "
                    f"{TARGET_RATIO:.0f}x)  {VERDICT[ratio <= TARGET_RATIO]}  (CPU {cpu:.1f}x)"
                )
        print(f"\nmemory   peak RSS {peak_rss_mb():.0f} MB")


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    args.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args.add_argument("--rows", type=int, default=10_000_000, help="NONDERIV_TRANS rows (10M)")
    args.add_argument("--keep", type=Path, help="build (or reuse) the query store in this folder")
    args.add_argument("--runs", type=int, default=20, help="timed runs of each query (20)")
    args.add_argument("--skip-files", action="store_true", help="do not time form4.transactions")
    args.add_argument("--skip-queries", action="store_true", help="do not time queries")
    opts = args.parse_args(argv)
    if not opts.corpus.is_dir():
        print(f"no corpus directory at {opts.corpus}", file=sys.stderr)
        return 0

    folders = corpus_folders(opts.corpus)
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if not opts.skip_files:
        corpus = f"corpus ({', '.join(folder.name for folder in folders)})"
        sources = {"bundled archive (filings.tar.xz)": [ARCHIVE], corpus: folders}
        bench_files(sources, min(opts.runs, 3))
    if cores is not None:
        os.sched_setaffinity(0, cores)  # before DuckDB creates the query store's threads
    if not opts.skip_queries:
        items = load(folders)
        good, failed = split_readable(items)
        print(f"\ncorpus   {len(good)} of {len(items)} files readable; {len(failed)} excluded")
        if good:
            bench_queries(good, opts.rows, opts.keep, opts.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
