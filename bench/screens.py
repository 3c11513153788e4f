"""Benchmark the screens: every screen of ``form4.SCREENS`` on ten million Table I rows, after
``Store.optimize()``, and what the analysis tables it builds buy.

Usage: ``python bench/screens.py [CORPUS_DIR] [--rows N] [--keep DIR] [--store PATH] [--runs N]
[--bare-runs N] [--skip-bare] [--workdir DIR]`` (default corpus: ``../shared/corpus`` relative
to the repository root, read from its ``xml/`` and ``txt/`` folders).

The store. The synthetic store of bench/store.py (``build_store``, bench/_synth.py): at least
--rows (default 10,000,000) NONDERIV_TRANS rows copied from the corpus's real filings, with their
SUBMISSION, REPORTINGOWNER and FILING_SOURCE rows, one of 6,000 issuers (ticker ``X<n>``) and a
filing date over 2006-2025; then ``Store.optimize()``, timed: it sorts the tables and builds the
analysis tables (``form4.analysis._cache``) that the screens read while they are fresh. With
--keep DIR the store is DIR/store.duckdb, reused while it has the rows (and optimized again only
when its analysis tables are not fresh). With --store PATH an existing store is used as it is
(never written: when its analysis tables are not fresh, the screens compute from its own tables
and the figures say so); ``Store.optimize()`` is then timed on the copy made for the bare figures
below, after them.

First run. Each screen is answered once in a fresh process (a subprocess per screen and filter:
import form4 and its store module, ``Store(path, read_only=True)``, ``Store.screen``, close):
what a user's first command costs, DuckDB's buffer pool empty (the operating system's file cache
is not dropped, so the file's pages may be in memory already). Printed: the open and the answer
together (target under 1 s), the answer alone (the first answer also imports the screens'
module, form4.rules with it), and the whole: import, open and answer (the interpreter's own
start left out). The import alone is printed once (the median over the subprocesses): it does
not depend on the store, and every command pays it.

Warm runs. Then, in this process, on one read-only store: each screen once untimed, then --runs
times (default 20). Printed: the median and the best wall-clock ms (target: the median under
100 ms), the median CPU ms of the process (all of DuckDB's threads), the rows returned, and
whether the answer came from the analysis tables (``report_of(...).from_analysis_tables``). Each
screen runs with its default parameters (``limit`` 100 included); the screens answering trade
rows (their ``shown`` columns name TRANS_CODE) also with ``ticker`` (the ticker of the issuer
with the median number of filings) and with ``since``/``until`` one calendar quarter (the last
complete quarter before the latest filing date); a screen taking ``as_of`` (the top purchases and
sales of a day, week or month up to it, by default the latest filing, after the quarter) gets the
quarter's last day as ``as_of`` too, else its answer would be empty.

Holdings. When ``form4.Store`` has a ``holdings`` method, ``store.holdings(owner_cik=...,
issuer_cik=...)`` for one insider of one issuer: the owner and issuer pair with the median number
of filings among all pairs of REPORTINGOWNER and SUBMISSION. Once untimed, then --runs times;
target: the median under 50 ms. Without the method it is skipped, saying so.

Bare. What optimize buys: the store is copied (into --workdir, default the system's temporary
folder), the analysis tables dropped from the copy (its own tables stay as optimize sorted them),
and each screen, default parameters, answered --bare-runs times (default 3, no untimed run) from
the store's own tables (the same SQL, computed on the fly): the median, and the ratio of it to
the warm median above. --skip-bare skips the copy, and with it optimize's time under --store.

The machine, the load average (before each part: other work on the cores moves wall-clock times,
CPU times much less) and DuckDB's thread count are printed beside the figures. Always exits 0: it
is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb
import pyarrow as pa
from _machine import load, load_average, peak_rss_mb
from store import DEFAULT_CORPUS, Timing, build_store, corpus_folders, describe, split_readable

import form4
from form4.analysis import report_of
from form4.analysis._cache import CACHE_TABLES, is_fresh

TARGET_WARM_MS = 100.0
TARGET_FIRST_S = 1.0
TARGET_HOLDINGS_MS = 50.0
VERDICT = {True: "MET", False: "MISS"}

Params = dict[str, str]

#: One screen answered in a fresh process: the timings as JSON on stdout.
FIRST_RUN = """
import json, sys, time
start = time.perf_counter()
import form4
form4.Store  # the package loads its store module (and pyarrow) on first use
imported = time.perf_counter()
store = form4.Store(sys.argv[1], read_only=True)
opened = time.perf_counter()
table = store.screen(sys.argv[2], **json.loads(sys.argv[3]))
answered = time.perf_counter()
store.close()
print(json.dumps({"import": imported - start, "open": opened - imported,
                  "answer": answered - opened, "rows": table.num_rows}))
"""

MEDIAN_ISSUER = """SELECT ISSUERCIK, max(ISSUERTRADINGSYMBOL) AS TICKER, count(*) AS FILINGS
FROM SUBMISSION WHERE ISSUERTRADINGSYMBOL IS NOT NULL
GROUP BY ISSUERCIK ORDER BY FILINGS, ISSUERCIK
LIMIT 1 OFFSET (SELECT count(DISTINCT ISSUERCIK) // 2 FROM SUBMISSION
                WHERE ISSUERTRADINGSYMBOL IS NOT NULL)"""
MEDIAN_PAIR = """WITH pairs AS (
    SELECT o.RPTOWNERCIK AS OWNER_CIK, s.ISSUERCIK, count(*) AS FILINGS
    FROM REPORTINGOWNER o JOIN SUBMISSION s USING (ACCESSION_NUMBER) GROUP BY ALL
)
SELECT * FROM pairs ORDER BY FILINGS, OWNER_CIK, ISSUERCIK
LIMIT 1 OFFSET (SELECT count(*) // 2 FROM pairs)"""


@dataclass(frozen=True, slots=True)
class Case:
    """One screen with one set of parameters (text, as a command line gives them)."""

    screen: str
    label: str
    params: Params


@dataclass(frozen=True, slots=True)
class FirstRun:
    """A fresh process's import, open and answer, in seconds, and the rows answered."""

    imported: float
    opened: float
    answer: float
    rows: int


# -- the machine ----------------------------------------------------------------------------------


def machine() -> str:
    """The processor, cores, memory and versions the figures were taken with."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 2**20:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "memory unknown"
    return (
        f"{model}, {os.cpu_count()} cores, {memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, pyarrow "
        f"{pa.__version__}, form4 {form4.__version__}"
    )


# -- the store ------------------------------------------------------------------------------------


def open_store(path: Path, *, read_only: bool = True) -> form4.Store:
    """The store at ``path``, DuckDB's progress bar off (it would write over the figures)."""
    store = form4.Store(path, read_only=read_only)
    store.connection.execute("SET enable_progress_bar = false")
    return store


def optimize(path: Path) -> float:
    """``Store.optimize()`` on the store at ``path``, timed (seconds); prints its tables' rows."""
    with open_store(path, read_only=False) as store:
        start = time.perf_counter()
        rows = store.optimize()
        took = time.perf_counter() - start
    analysis = ", ".join(f"{t} {n:,}" for t, n in rows.items() if t.startswith("ANALYSIS_"))
    print(f"optimize {took:.1f} s; analysis tables: {analysis}")
    return took


def prepare(opts: argparse.Namespace, workdir: Path) -> tuple[Path, float | None]:
    """The store to time, and optimize's seconds when it was optimized here."""
    if opts.store is not None:
        with open_store(opts.store) as store:
            fresh = is_fresh(store.connection)
        state = "fresh" if fresh else "not fresh: the screens compute from its own tables"
        print(f"store    {opts.store} (used as it is; its analysis tables {state})")
        return opts.store, None
    if opts.keep is not None:
        opts.keep.mkdir(parents=True, exist_ok=True)
    path = (opts.keep or workdir) / "store.duckdb"
    print(f"store    {path}")
    if path.exists():
        with open_store(path) as store:
            enough = store.count("NONDERIV_TRANS") >= opts.rows
        print(f"         {'reused' if enough else 'too small: rebuilt'}")
        if not enough:
            path.unlink()
    if not path.exists():
        items = load(corpus_folders(opts.corpus))
        good, failed = split_readable(items)
        print(f"corpus   {len(good)} of {len(items)} files readable; {len(failed)} excluded")
        build_store(path, good, opts.rows)
    with open_store(path) as store:
        fresh = is_fresh(store.connection)
    if fresh:
        print("         its analysis tables are fresh: not optimized again")
        return path, None
    return path, optimize(path)


def cases(store: form4.Store) -> tuple[list[Case], str]:
    """Every screen with its defaults, and the trade-list screens with a ticker and a quarter;
    and a line saying which ticker and quarter."""
    (issuer,) = store.query(MEDIAN_ISSUER).to_pylist()
    latest = store.query("SELECT max(FILING_DATE) AS D FROM SUBMISSION").column("D")[0].as_py()
    start = date(latest.year, 3 * ((latest.month - 1) // 3) + 1, 1)  # the latest's quarter
    first = date(start.year - (start.month == 1), (start.month - 4) % 12 + 1, 1)
    quarter = {"since": first.isoformat(), "until": (start - timedelta(days=1)).isoformat()}
    listed: list[Case] = []
    for screen in form4.SCREENS:
        listed.append(Case(screen.name, "default", {}))
        if "TRANS_CODE" in screen.shown:
            listed.append(Case(screen.name, "ticker", {"ticker": issuer["TICKER"]}))
            ends = {"as_of": quarter["until"]} if "as_of" in (p.name for p in screen.params) else {}
            listed.append(Case(screen.name, "quarter", quarter | ends))
    about = (
        f"ticker {issuer['TICKER']} (issuer {issuer['ISSUERCIK']}, {issuer['FILINGS']:,} "
        f"filings, the median issuer); quarter {quarter['since']} to {quarter['until']}"
    )
    return listed, about


# -- timing ---------------------------------------------------------------------------------------


def first_run(path: Path, case: Case) -> FirstRun | str:
    """The case answered in a fresh process; the error's last line when it fails."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, str(path), case.screen, json.dumps(case.params)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["failed"])[-1]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    return FirstRun(got["import"], got["open"], got["answer"], got["rows"])


def rows_of(result: Any) -> int:
    """The rows of an answer: an Arrow table, or anything with ``arrow`` or a length."""
    if hasattr(result, "num_rows"):
        return int(result.num_rows)
    if hasattr(result, "arrow"):
        return int(result.arrow.num_rows)
    return len(result)


def time_calls(work: Callable[[], Any], runs: int, *, untimed: bool = True) -> tuple[Timing, Any]:
    """``runs`` calls of ``work`` (after one untimed call), and the last call's result."""
    result = work() if untimed else None
    wall: list[float] = []
    cpu: list[float] = []
    rows: list[int] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        rows.append(rows_of(result))
    timing = Timing(
        1e3 * min(wall),
        1e3 * statistics.median(wall),
        1e3 * statistics.median(cpu),
        statistics.median(rows),
    )
    return timing, result


def source(table: pa.Table) -> str:
    return "analysis" if report_of(table).from_analysis_tables else "own"


def bench_screens(path: Path, runs: int) -> dict[str, float]:
    """First and warm runs of every case; returns the warm median ms of each default case."""
    with open_store(path) as store:
        describe(store)
        listed, about = cases(store)
        threads = store.query("SELECT current_setting('threads') AS T").column("T")[0].as_py()
    print(f"cases    {about}")
    print(f"threads  DuckDB {threads} (its default: one per core)")

    print(f"\nfirst    a fresh process per case; {load_average()}")
    firsts: dict[tuple[str, str], FirstRun | str] = {}
    for case in listed:
        firsts[case.screen, case.label] = first_run(path, case)
    imports = [f.imported for f in firsts.values() if isinstance(f, FirstRun)]
    if imports:
        print(
            f"         importing form4 and its store module: {1e3 * statistics.median(imports):.0f}"
            " ms (median), in the whole column only"
        )

    print(f"\nwarm     one read-only store, {runs} runs a case after one untimed; {load_average()}")
    head = (
        f"\n{'screen':<23}{'filter':<8}{'first':>6}{'answer':>7}{'<1s':>5}{'whole':>6}  "
        f"{'median':>7}{'best':>6}{'CPU':>6}{'rows':>5}{'<100ms':>7}  from"
    )
    print(head)
    print(f"{'':<31}{'s':>6}{'ms':>7}{'':>5}{'s':>6}  {'ms':>7}{'ms':>6}{'ms':>6}")
    medians: dict[str, float] = {}
    misses: list[str] = []
    with open_store(path) as store:
        for case in listed:
            first = firsts[case.screen, case.label]

            def answer(case: Case = case) -> pa.Table:
                return store.screen(case.screen, **case.params)

            try:
                warm, table = time_calls(answer, runs)
            except Exception as error:  # a benchmark reports, it does not stop
                print(f"{case.screen:<23}{case.label:<8}  failed: {error}")
                continue
            if isinstance(first, FirstRun):
                total = first.opened + first.answer
                first_text = (
                    f"{total:>6.2f}{1e3 * first.answer:>7.0f}{VERDICT[total < TARGET_FIRST_S]:>5}"
                    f"{first.imported + total:>6.2f}"
                )
                if total >= TARGET_FIRST_S:
                    misses.append(f"{case.screen} ({case.label}) first {total:.2f} s")
            else:
                first_text = f"{'failed':>24}"
                misses.append(f"{case.screen} ({case.label}) first run failed: {first}")
            met = warm.median < TARGET_WARM_MS
            if not met:
                misses.append(f"{case.screen} ({case.label}) median {warm.median:.0f} ms")
            print(
                f"{case.screen:<23}{case.label:<8}{first_text}  {warm.median:>7.1f}"
                f"{warm.best:>6.0f}{warm.cpu:>6.0f}{warm.rows:>5,.0f}{VERDICT[met]:>7}  "
                f"{source(table)}"
            )
            if case.label == "default":
                medians[case.screen] = warm.median
    cases_met = 2 * len(listed) - len(misses)
    print(f"\ntargets  {cases_met} of {2 * len(listed)} met (first run and median per case)")
    for miss in misses:
        print(f"         MISS {miss}")
    return medians


def bench_holdings(path: Path, runs: int) -> None:
    if not hasattr(form4.Store, "holdings"):
        print("\nholdings form4.Store has no holdings method: not timed")
        return
    with open_store(path) as store:
        (pair,) = store.query(MEDIAN_PAIR).to_pylist()
        print(
            f"\nholdings owner {pair['OWNER_CIK']} of issuer {pair['ISSUERCIK']} "
            f"({pair['FILINGS']:,} filings, the median pair); {load_average()}"
        )

        def answer() -> Any:
            return store.holdings(owner_cik=pair["OWNER_CIK"], issuer_cik=pair["ISSUERCIK"])

        try:
            t, _ = time_calls(answer, runs)
        except Exception as error:  # a benchmark reports, it does not stop
            print(f"         failed: {type(error).__name__}: {error}")
            return
    met = t.median < TARGET_HOLDINGS_MS
    print(
        f"         median {t.median:.1f} ms, best {t.best:.1f} ms, CPU {t.cpu:.1f} ms, "
        f"{t.rows:,.0f} rows; target < {TARGET_HOLDINGS_MS:.0f} ms  {VERDICT[met]}"
    )


def bench_bare(
    path: Path, workdir: Path, runs: int, warm: dict[str, float], optimize_s: float | None
) -> None:
    """The screens from the store's own tables, on a copy without the analysis tables; then
    optimize on that copy when the store was not optimized here."""
    copy = workdir / "bare.duckdb"
    start = time.perf_counter()
    shutil.copyfile(path, copy)
    with open_store(copy, read_only=False) as store:
        for table in CACHE_TABLES:
            store.connection.execute(f"DROP TABLE IF EXISTS {table}")
        store.connection.execute("CHECKPOINT")
    print(
        f"\nbare     a copy without the analysis tables ({time.perf_counter() - start:.0f} s to "
        f"make); {runs} runs a screen, defaults, no untimed run; {load_average()}"
    )
    print(
        f"\n{'screen':<24}{'median ms':>10}{'best ms':>9}{'CPU ms':>8}{'rows':>6}{'/ warm':>9}"
        "  from"
    )
    ratios: list[float] = []
    with open_store(copy) as store:
        for screen in form4.SCREENS:

            def answer(name: str = screen.name) -> pa.Table:
                return store.screen(name)

            try:
                t, table = time_calls(answer, runs, untimed=False)
            except Exception as error:  # a benchmark reports, it does not stop
                print(f"{screen.name:<24}  failed: {error}")
                continue
            with_tables = warm.get(screen.name)
            ratio = t.median / with_tables if with_tables else float("nan")
            ratios.append(ratio)
            print(
                f"{screen.name:<24}{t.median:>10.0f}{t.best:>9.0f}{t.cpu:>8.0f}{t.rows:>6,.0f}"
                f"{ratio:>8.0f}x  {source(table)}"
            )
    if ratios:
        print(
            "\nratio    without / with the analysis tables: median "
            f"{statistics.median(ratios):.0f}x, least {min(ratios):.0f}x, most {max(ratios):.0f}x"
        )
    if optimize_s is None:
        print(f"\noptimize Store.optimize() on the copy; {load_average()}")
        optimize(copy)
    copy.unlink()


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    args.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args.add_argument("--rows", type=int, default=10_000_000, help="NONDERIV_TRANS rows (10M)")
    args.add_argument("--keep", type=Path, help="build (or reuse) the store in this folder")
    args.add_argument("--store", type=Path, help="use this existing store as it is")
    args.add_argument("--runs", type=int, default=20, help="warm runs of each case (20)")
    args.add_argument("--bare-runs", type=int, default=3, help="runs without analysis tables (3)")
    args.add_argument("--skip-bare", action="store_true", help="do not time without them")
    args.add_argument("--workdir", type=Path, help="folder for the store's copy (a temporary one)")
    opts = args.parse_args(argv)
    if opts.store is not None and not opts.store.is_file():
        print(f"no store at {opts.store}", file=sys.stderr)
        return 0
    if opts.store is None and not opts.corpus.is_dir():
        print(f"no corpus directory at {opts.corpus}", file=sys.stderr)
        return 0

    print(f"machine  {machine()}")
    print(f"         {load_average()}")
    with tempfile.TemporaryDirectory(prefix="form4-bench-", dir=opts.workdir) as tmp:
        workdir = Path(tmp)
        path, optimize_s = prepare(opts, workdir)
        warm = bench_screens(path, opts.runs)
        bench_holdings(path, opts.runs)
        if not opts.skip_bare:
            bench_bare(path, workdir, opts.bare_runs, warm, optimize_s)
    print(f"\nmemory   peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
