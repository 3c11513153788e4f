"""Benchmark the store: ingest throughput, and query latency on ten million transaction rows.

Usage: ``python bench/store.py [CORPUS_DIR] [--filings N] [--rows N] [--keep DIR]
[--skip-ingest] [--skip-queries] [--runs N] [--layouts] [--same-content] [--files N]
[--skip-workers]``
(default corpus: ``../shared/corpus`` relative to the repository root, read from its ``xml/`` and
``txt/`` folders; a directory without them is read whole).

Ingest. Every corpus file is loaded into memory first, so disk I/O is not measured; files the
reader refuses are counted and left out. N filings (default 100,000) are made by cycling over the
corpus, and every copy is a filing of its own: copy c of file j is read with
``read_bytes(data, name)`` under the name ``{c:010d}-26-{j:06d}.xml`` (or ``.txt``), an
EDGAR-style accession number that the store takes as the filing's key when the document carries
none (plain XML). An EDGAR submission (``.txt``) carries its own accession number in its header,
which the store prefers, so that Filing gets the new number put into its header instead
(``dataclasses.replace``). Each copy's remarks also gain " [copy c]": besides the key, the store
looks filings up by content digest (to find the same document stored under another key), and
hundreds of identical copies would make that lookup return ever more stored twins, a cost real,
distinct filings never pay (``--same-content`` keeps the copies identical, to measure it).

A generator of these Filings goes to ``Store.add`` (its default batches, ``DEFAULT_BATCH``), so
reading, validation and storing are all timed, in one process pinned to one core (DuckDB's threads
are created on it too), into a fresh temporary DuckDB file: once with validation and once without.
Reading alone (the same generator, drained) is timed as well, so the store's share is the
difference, and validation's the difference between the two ingests. Each figure is one pass over
the N filings. Printed: filings/s, seconds, microseconds a filing, the database's size on disk and
the process's peak RSS so far. Target: at least 2,000 filings/s, with and without validation.

Ingest from disk on every core. ``--files`` (default 60,000: about one quarter's Forms 3, 4 and
5 on EDGAR, the size of a real backfill step; fewer make the start and the last batch, when one
process works alone, weigh more) copies of the corpus files are
written once to a temporary folder, cycling over the corpus, each a filing of its own: copy c of
file j is the file ``{c:010d}-26-{j:06d}.xml`` (or ``.txt``), the number in an EDGAR header
changed to that one, and " [copy c]" added to the remarks (a ``<remarks>`` element made before
the signatures when there is none) for the reason given above; a copy the reader refuses after
the change is written unchanged. Then ``Store.ingest`` of the folder, validated, with default
batches, into a fresh store is timed with 1 worker (all in one process), 2 workers and one per
core when that is more, on all the cores (not pinned); a small ingest before starts the fork
server that the workers are started from, once a process. Printed: filings/s, seconds, and the
ratio to 1 worker. Target: 2 workers at least 1.7 times as fast as 1 on two cores.

Queries. A store with at least --rows (default 10,000,000) NONDERIV_TRANS rows is synthesised in
SQL from the real rows (bench/_synth.py): the corpus is ingested once into a small store, and each
real filing is copied as often as that takes (some 8,400 times for the default) into SUBMISSION
and NONDERIV_TRANS (NONDERIV_TRANS alone counts towards --rows), each copy with a new
EDGAR-style accession number, one of 6,000 issuers (spread evenly) and a filing date hashed over
2006-2025, every other date of the filing moved with it; rows are inserted quarter by quarter, by
accession number within a quarter, as importing the SEC's quarterly data sets in turn would leave
them. Each copy's REPORTINGOWNER and FILING_SOURCE rows are copied too (bench/transactions.py
reads them); DERIV_TRANS and the rest stay empty (the queries read neither). With --keep DIR the
store is DIR/store.duckdb and is reused while it has enough rows.

Each query then runs on one warm read-only connection (``Store.query``, the Arrow result
included): once untimed, then --runs times (default 20), each time with another parameter. The
best and the median wall-clock times are printed, and the median CPU time of the process (all of
DuckDB's threads; less sensitive than wall-clock time to other work on the machine), with DuckDB's
default thread count (one per core) and with one thread. The process is not pinned for queries.
Both queries are timed on the store as built, then on a copy after ``Store.optimize()``
(SUBMISSION sorted by issuer, the transaction tables by code then date, then by accession
number), whose time is printed.

  Q1 "all open-market purchases of one issuer": the rows of NONDERIV_TRANS JOIN SUBMISSION USING
     (ACCESSION_NUMBER) WHERE ISSUERCIK = ? AND TRANS_CODE = 'P'; the issuers are the --runs
     with the most purchases, one per run.
  Q2 "net shares bought per issuer in a quarter": for transactions dated in the quarter
     (TRANS_DATE: when the shares changed hands, not when it was reported) with code P or S, the
     sum of TRANS_SHARES, positive when acquired (A), negative when disposed of (D), per
     ISSUERCIK; a different quarter each run, spread over the 20 years.

Target: each under 100 ms (the median, default threads). The physical order of the rows matters:
zone maps let Q2 skip the row groups of other quarters only when rows lie roughly in date order,
and how well the columns compress in that order sets the cost of the scan behind Q1 (with only a
few hundred distinct real filings, copies compress better than real filings would). So
``--layouts`` also rewrites the two tables in other orders (random arrival, by accession number,
by date, by issuer then date; bench/_synth.py ``LAYOUTS``) and builds the as-built store with an
ART index on NONDERIV_TRANS (ACCESSION_NUMBER), and times both queries on each, on the default
thread count, the random arrival order once more after ``Store.optimize()`` (its time
included); and times Q1 returning two columns instead of all, to show what the wide rows cost.
While other work holds the other cores, DuckDB's default thread count runs as one thread does
(CPU ms close to wall-clock ms): the load average is printed beside the figures.
Always exits 0: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import Item, load, load_average, peak_rss_mb, pin_to_one_core
from _synth import LAYOUTS, relayout, synthesise

import form4
from form4.errors import ReadError
from form4.model import Filing
from form4.read import read_bytes
from form4.store import DEFAULT_BATCH, IngestResult, default_workers

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SUBFOLDERS = ("xml", "txt")
TARGET_RATE = 2_000.0
TARGET_MS = 100.0
TARGET_TWO_WORKERS = 1.7
VERDICT = {True: "PASS", False: "MISS"}
OPTIMIZED_FROM = "random arrival"  # the layout Store.optimize() is timed on, with --layouts

Q1 = """SELECT *
FROM NONDERIV_TRANS JOIN SUBMISSION USING (ACCESSION_NUMBER)
WHERE ISSUERCIK = ? AND TRANS_CODE = 'P'"""
Q2 = """SELECT ISSUERCIK,
       sum(CASE TRANS_ACQUIRED_DISP_CD WHEN 'A' THEN TRANS_SHARES
                                       WHEN 'D' THEN -TRANS_SHARES END) AS NET_SHARES
FROM NONDERIV_TRANS JOIN SUBMISSION USING (ACCESSION_NUMBER)
WHERE TRANS_CODE IN ('P', 'S') AND TRANS_DATE >= ? AND TRANS_DATE < ?
GROUP BY ISSUERCIK
ORDER BY ISSUERCIK"""
Q1_NARROW = Q1.replace("SELECT *", "SELECT ACCESSION_NUMBER, TRANS_SHARES")
ISSUERS_BY_PURCHASES = """SELECT ISSUERCIK
FROM NONDERIV_TRANS JOIN SUBMISSION USING (ACCESSION_NUMBER)
WHERE TRANS_CODE = 'P'
GROUP BY ISSUERCIK ORDER BY count(*) DESC, ISSUERCIK LIMIT ?"""

Params = list[list[Any]]


# -- the corpus -------------------------------------------------------------------------------


def corpus_folders(corpus: Path) -> list[Path]:
    """The corpus's xml/ and txt/ folders when it has them, else the directory itself."""
    folders = [corpus / sub for sub in SUBFOLDERS if (corpus / sub).is_dir()]
    return folders or [corpus]


def split_readable(items: list[Item]) -> tuple[list[Item], list[tuple[str, str]]]:
    """The items the reader accepts, and (name, why) for the rest."""
    good: list[Item] = []
    failed: list[tuple[str, str]] = []
    for name, data in items:
        try:
            read_bytes(data, name)
        except ReadError as error:
            failed.append((name, f"{type(error).__name__}: {error.reason}"))
        else:
            good.append((name, data))
    return good, failed


# -- measuring helpers ----------------------------------------------------------------------


def size_on_disk(path: Path) -> int:
    """The database file plus its write-ahead log, if one is left."""
    wal = path.with_name(path.name + ".wal")
    return sum(p.stat().st_size for p in (path, wal) if p.exists())


# -- ingest -----------------------------------------------------------------------------------


def filings(items: list[Item], count: int, same_content: bool) -> Iterator[Filing]:
    """``count`` Filings cycling over ``items``, each under an accession number of its own."""
    for i in range(count):
        copy, j = divmod(i, len(items))
        name, data = items[j]
        accession = f"{copy:010d}-26-{j:06d}"
        filing = read_bytes(data, accession + Path(name).suffix)
        if filing.header is not None:  # an EDGAR submission: its header names its number
            header = dataclasses.replace(filing.header, accession_number=accession)
            filing = dataclasses.replace(filing, header=header)
        if not same_content:
            filing = dataclasses.replace(filing, remarks=f"{filing.remarks or ''} [copy {copy}]")
        yield filing


def time_reading(items: list[Item], count: int, same_content: bool) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in filings(items, count, same_content):
        pass
    return time.perf_counter() - start


def time_ingest(
    items: list[Item], count: int, same_content: bool, validate: bool, workdir: Path
) -> tuple[float, int, IngestResult]:
    """Seconds to add ``count`` filings to a fresh store, the store's size, and the result."""
    path = workdir / f"ingest-{'validated' if validate else 'unvalidated'}.duckdb"
    gc.collect()
    with form4.Store(path) as store:
        start = time.perf_counter()
        result = store.add(filings(items, count, same_content), validate=validate)
        seconds = time.perf_counter() - start
    size = size_on_disk(path)
    path.unlink()
    return seconds, size, result


def bench_ingest(items: list[Item], count: int, same_content: bool) -> None:
    print(f"\ningest   {count:,} filings, one pass each, {pin_to_one_core()}")
    content = "identical copies (--same-content)" if same_content else "each copy's remarks its own"
    print(f"         batches of {DEFAULT_BATCH:,}, {content}; {load_average()}")
    print(
        f"\n{'':<26}{'filings/s':>10}{'seconds':>9}{'us/filing':>11}{'DB MB':>8}{'peak RSS MB':>13}"
    )
    read_s = time_reading(items, count, same_content)
    print(
        f"{'read only':<26}{count / read_s:>10,.0f}{read_s:>9.1f}{1e6 * read_s / count:>11.0f}"
        f"{'':>8}{peak_rss_mb():>13.0f}"
    )
    totals: dict[bool, float] = {}
    with tempfile.TemporaryDirectory(prefix="form4-bench-") as tmp:
        for validate in (False, True):
            seconds, size, result = time_ingest(items, count, same_content, validate, Path(tmp))
            totals[validate] = seconds
            label = "ingest, validated" if validate else "ingest, not validated"
            print(
                f"{label:<26}{count / seconds:>10,.0f}{seconds:>9.1f}"
                f"{1e6 * seconds / count:>11.0f}{size / 1e6:>8.0f}{peak_rss_mb():>13.0f}"
            )
            if result.stored != count:
                print(f"         ({result.summary()})")
    store_s = totals[False] - read_s
    validate_s = totals[True] - totals[False]
    print(
        f"\nsplit    per filing: read {1e6 * read_s / count:.0f} us, "
        f"store {1e6 * store_s / count:.0f} us (not validated minus read), "
        f"validate {1e6 * validate_s / count:.0f} us (validated minus not validated)"
    )
    for validate, seconds in totals.items():
        rate = count / seconds
        label = "validated" if validate else "not validated"
        print(
            f"target   ingest, {label} >= {TARGET_RATE:,.0f} filings/s: {rate:>7,.0f}  "
            f"{VERDICT[rate >= TARGET_RATE]}"
        )


# -- ingest from disk, in workers -------------------------------------------------------------

_HEADER_ACCESSION = re.compile(rb"(ACCESSION NUMBER:[ \t]*)\d{10}-\d{2}-\d{6}")


def distinct_copy(data: bytes, accession: str, copy: int) -> bytes:
    """``data`` as filing ``accession``: its EDGAR header's number changed, its remarks its own."""
    data = _HEADER_ACCESSION.sub(lambda m: m.group(1) + accession.encode(), data, count=1)
    mark = f" [copy {copy}]".encode()
    if b"</remarks>" in data:
        return data.replace(b"</remarks>", mark + b"</remarks>", 1)
    if b"<ownerSignature>" in data:
        return data.replace(
            b"<ownerSignature>", b"<remarks>" + mark + b"</remarks>\n<ownerSignature>", 1
        )
    return data


def write_copies(items: list[Item], count: int, folder: Path) -> None:
    """``count`` files in ``folder``, each a filing of its own (see the docstring)."""
    changes: dict[int, bool] = {}  # corpus file -> whether its changed copy reads
    for i in range(count):
        copy, j = divmod(i, len(items))
        name, data = items[j]
        accession = f"{copy:010d}-26-{j:06d}"
        changed = distinct_copy(data, accession, copy)
        if j not in changes:
            try:
                read_bytes(changed, name)
                changes[j] = True
            except ReadError:
                changes[j] = False
        (folder / (accession + Path(name).suffix)).write_bytes(changed if changes[j] else data)


def time_store_ingest(
    db: Path | str, folder: Path, workers: int
) -> tuple[float, form4.store.IngestResult]:
    """``Store.ingest`` of ``folder`` into a new store ``db`` (a file, removed after; or a
    database's URL) with ``workers``: the seconds it took, and its result."""
    gc.collect()
    with form4.Store(db) as store:
        start = time.perf_counter()
        result = store.ingest([folder], workers=workers)
        seconds = time.perf_counter() - start
    if isinstance(db, Path):
        db.unlink()
    return seconds, result


def bench_workers(items: list[Item], count: int) -> None:
    cores = default_workers()
    counts = sorted({1, 2, cores})
    print(f"\ningest   {count:,} files from disk, Store.ingest, validated; workers {counts}")
    print(f"         {cores} cores, not pinned; {load_average()}")
    with tempfile.TemporaryDirectory(prefix="form4-bench-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        write_copies(items, count, folder)
        warm = Path(tmp) / "warm"
        warm.mkdir()
        for path in sorted(folder.iterdir())[: 4 * max(counts)]:
            shutil.copy(path, warm / path.name)
        with form4.Store(Path(tmp) / "warm.duckdb") as store:
            store.ingest([warm], workers=max(counts))
        print(f"\n{'workers':<26}{'filings/s':>10}{'seconds':>9}{'x 1 worker':>12}")
        rates: dict[int, float] = {}
        for workers in counts:
            seconds, result = time_store_ingest(
                Path(tmp) / f"workers-{workers}.duckdb", folder, workers
            )
            rates[workers] = count / seconds
            print(
                f"{workers:<26}{rates[workers]:>10,.0f}{seconds:>9.1f}"
                f"{rates[workers] / rates[1]:>12.2f}"
            )
            if result.stored != count:
                print(f"         ({result.summary()})")
    ratio = rates[2] / rates[1]
    print(
        f"target   2 workers >= {TARGET_TWO_WORKERS} x 1 worker: {ratio:.2f}  "
        f"{VERDICT[ratio >= TARGET_TWO_WORKERS]}"
        + ("" if cores >= 2 else " (one core: not a fair test)")
    )


# -- queries ----------------------------------------------------------------------------------


def build_store(path: Path, items: list[Item], rows: int) -> None:
    """A store at ``path`` with at least ``rows`` NONDERIV_TRANS rows copied from the corpus."""
    start = time.perf_counter()
    corpus_path = path.with_name(path.stem + "-corpus.duckdb")
    corpus_path.unlink(missing_ok=True)
    with form4.Store(corpus_path) as corpus:
        corpus.add(read_bytes(data, name) for name, data in items)
    with form4.Store(path) as store:
        escaped = str(corpus_path).replace("'", "''")
        store.connection.execute(f"ATTACH '{escaped}' AS corpus (READ_ONLY)")
        made = synthesise(store.connection, "corpus", rows)
        store.connection.execute("DETACH corpus")
    corpus_path.unlink()
    print(
        f"built    {made.copies:,} copies of {made.real_filings} real filings "
        f"({made.real_transactions:,} NONDERIV_TRANS rows) in {time.perf_counter() - start:.0f} s"
    )


def quarter_params(runs: int) -> Params:
    """``runs`` calendar quarters, a year apart and cycling through Q1-Q4, from 2006."""
    params: Params = []
    for i in range(runs):
        year, month = 2006 + i % 20, 1 + 3 * (i % 4)
        end = date(year + 1, 1, 1) if month == 10 else date(year, month + 3, 1)
        params.append([date(year, month, 1), end])
    return params


@dataclasses.dataclass(frozen=True, slots=True)
class Timing:
    """One query over its runs: wall-clock milliseconds (best, median), the median CPU
    milliseconds of the whole process (all DuckDB threads), and the median rows returned."""

    best: float
    median: float
    cpu: float
    rows: float


def time_query(store: form4.Store, sql: str, params: Params) -> Timing:
    """One run per parameter, after one untimed run."""
    store.query(sql, params[0])
    wall: list[float] = []
    cpu: list[float] = []
    rows: list[int] = []
    for values in params:
        start, start_cpu = time.perf_counter(), time.process_time()
        table = store.query(sql, values)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        rows.append(table.num_rows)
    return Timing(
        1e3 * min(wall),
        1e3 * statistics.median(wall),
        1e3 * statistics.median(cpu),
        statistics.median(rows),
    )


def describe(store: form4.Store) -> None:
    (facts,) = store.query(
        "SELECT (SELECT count(*) FROM SUBMISSION) AS filings, "
        "(SELECT count(DISTINCT ISSUERCIK) FROM SUBMISSION) AS issuers, "
        "(SELECT count(*) FROM NONDERIV_TRANS) AS transactions, "
        "(SELECT count(*) FROM NONDERIV_TRANS WHERE TRANS_CODE = 'P') AS purchases, "
        "(SELECT count(*) FROM NONDERIV_TRANS WHERE TRANS_CODE IN ('P', 'S')) AS open_market, "
        "(SELECT min(FILING_DATE) FROM SUBMISSION) AS first, "
        "(SELECT max(FILING_DATE) FROM SUBMISSION) AS last"
    ).to_pylist()
    print(
        f"store    {facts['transactions']:,} NONDERIV_TRANS rows ({facts['purchases']:,} P, "
        f"{facts['open_market']:,} P or S), {facts['filings']:,} SUBMISSION rows, "
        f"{facts['issuers']:,} issuers, filed {facts['first']} to {facts['last']}"
    )


def time_queries(
    path: Path, runs: int, threads: list[str], probes: dict[str, str] | None = None
) -> dict[tuple[str, str], Timing]:
    """Q1 and Q2 (and ``probes``, run with Q1's parameters) on a warm read-only connection, for
    each thread setting ("default" or a number)."""
    figures: dict[tuple[str, str], Timing] = {}
    with form4.Store(path, read_only=True) as store:
        issuers = [
            [row["ISSUERCIK"]] for row in store.query(ISSUERS_BY_PURCHASES, [runs]).to_pylist()
        ]
        queries: dict[str, tuple[str, Params]] = {
            "Q1 purchases of one issuer": (Q1, issuers),
            "Q2 net shares per issuer": (Q2, quarter_params(runs)),
        }
        for label, sql in (probes or {}).items():
            queries[label] = (sql, issuers)
        for setting in threads:
            store.connection.execute(
                "RESET threads" if setting == "default" else f"SET threads = {setting}"
            )
            for label, (sql, params) in queries.items():
                figures[label, setting] = time_query(store, sql, params)
        store.connection.execute("RESET threads")
    return figures


def print_figures(figures: dict[tuple[str, str], Timing], title: str) -> None:
    print(f"\n{title:<40}{'threads':>8}{'best ms':>9}{'median ms':>11}{'CPU ms':>8}{'rows':>7}")
    for (label, setting), t in figures.items():
        print(f"{label:<40}{setting:>8}{t.best:>9.1f}{t.median:>11.1f}{t.cpu:>8.1f}{t.rows:>7,.0f}")


def bench_layouts(path: Path, workdir: Path, runs: int) -> None:
    """Both queries on the same rows laid out otherwise (``LAYOUTS``), each in a new store."""
    for name in LAYOUTS:
        variant = workdir / "layout.duckdb"
        variant.unlink(missing_ok=True)
        start = time.perf_counter()
        with form4.Store(variant) as store:
            escaped = str(path).replace("'", "''")
            store.connection.execute(f"ATTACH '{escaped}' AS built (READ_ONLY)")
            relayout(store.connection, "built", name)
            store.connection.execute("DETACH built")
        built_s = time.perf_counter() - start
        size = size_on_disk(variant)
        print_figures(
            time_queries(variant, runs, ["default"]),
            f"{name} ({built_s:.0f} s, {size / 1e6:.0f} MB)",
        )
        if name == OPTIMIZED_FROM:
            start = time.perf_counter()
            with form4.Store(variant) as store:
                store.optimize()
            optimize_s = time.perf_counter() - start
            print_figures(
                time_queries(variant, runs, ["default"]),
                f"{name}, then Store.optimize() ({optimize_s:.0f} s, "
                f"{size_on_disk(variant) / 1e6:.0f} MB)",
            )
        variant.unlink()


def bench_queries(
    items: list[Item], rows: int, keep: Path | None, runs: int, layouts: bool
) -> None:
    with tempfile.TemporaryDirectory(prefix="form4-bench-") as tmp:
        workdir = Path(tmp)
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
        path = (keep or workdir) / "store.duckdb"
        print(f"\nqueries  store {path}")
        reuse = False
        if path.exists():
            with form4.Store(path, read_only=True) as store:
                reuse = store.count("NONDERIV_TRANS") >= rows
            print(f"         {'reused' if reuse else 'too small: rebuilt'}")
            if not reuse:
                path.unlink()
        if not reuse:
            build_store(path, items, rows)
        with form4.Store(path, read_only=True) as store:
            describe(store)
            default = store.query("SELECT current_setting('threads') AS n").to_pylist()[0]["n"]
        print(
            f"         size on disk {size_on_disk(path) / 1e6:.0f} MB; DuckDB default threads "
            f"{default}; {runs} runs a query, one parameter each, after one untimed run"
        )
        print(f"         {load_average()}")
        figures = time_queries(path, runs, ["default", "1"])
        print_figures(figures, "as built (quarter, accession)")
        optimized = workdir / "optimized.duckdb"
        shutil.copyfile(path, optimized)
        start = time.perf_counter()
        with form4.Store(optimized) as store:
            store.optimize()
        optimize_s = time.perf_counter() - start
        tuned = time_queries(optimized, runs, ["default", "1"])
        print_figures(tuned, f"after Store.optimize() ({optimize_s:.0f} s)")
        optimized.unlink()
        for where, found in (("as built", figures), ("optimized", tuned)):
            for label in ("Q1 purchases of one issuer", "Q2 net shares per issuer"):
                t = found[label, "default"]
                print(
                    f"target   {label[:2]} < {TARGET_MS:.0f} ms, {where:<9} (median, default "
                    f"threads): {t.median:>7.1f} ms  {VERDICT[t.median < TARGET_MS]}"
                    f"  (best {t.best:.1f} ms  {VERDICT[t.best < TARGET_MS]})"
                )
        if layouts:
            print("\nlayouts  the same rows rewritten in other orders; default threads")
            probes = {"Q1 returning 2 columns": Q1_NARROW}
            print_figures(time_queries(path, runs, ["default"], probes), "as built (again)")
            bench_layouts(path, workdir, runs)
        print(f"\nmemory   peak RSS {peak_rss_mb():.0f} MB")


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    args.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args.add_argument("--filings", type=int, default=100_000, help="filings to ingest (100,000)")
    args.add_argument("--rows", type=int, default=10_000_000, help="NONDERIV_TRANS rows (10M)")
    args.add_argument("--keep", type=Path, help="build (or reuse) the query store in this folder")
    args.add_argument("--skip-ingest", action="store_true", help="do not time ingest")
    args.add_argument("--skip-queries", action="store_true", help="do not time queries")
    args.add_argument("--runs", type=int, default=20, help="timed runs of each query (20)")
    args.add_argument("--layouts", action="store_true", help="also time other physical orders")
    args.add_argument(
        "--same-content", action="store_true", help="ingest identical copies (see the docstring)"
    )
    args.add_argument(
        "--files", type=int, default=60_000, help="files to ingest from disk in workers (60,000)"
    )
    args.add_argument("--skip-workers", action="store_true", help="do not time ingest in workers")
    opts = args.parse_args(argv)
    if not opts.corpus.is_dir():
        print(f"no corpus directory at {opts.corpus}", file=sys.stderr)
        return 0

    folders = corpus_folders(opts.corpus)
    items = load(folders)
    good, failed = split_readable(items)
    total = sum(len(d) for _, d in items)
    print(
        f"corpus   {', '.join(str(f) for f in folders)}: {len(items)} files, {total / 1e6:.2f} MB"
    )
    print(f"used     {len(good)} files; {len(failed)} excluded")
    for name, why in failed:
        print(f"         excluded {name}: {why}")
    if not good:
        return 0

    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if not opts.skip_ingest:
        bench_ingest(good, opts.filings, opts.same_content)
    if cores is not None:
        os.sched_setaffinity(0, cores)  # before DuckDB creates the query store's threads
    if not opts.skip_workers:
        bench_workers(good, opts.files)
    if not opts.skip_queries:
        bench_queries(good, opts.rows, opts.keep, opts.runs, opts.layouts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
