"""Benchmark the PostgreSQL store's ingest against DuckDB's, on the same files.

Usage: ``python bench/postgres.py [CORPUS_DIR] [--files N] [--url postgresql://...]``

``--files`` (default 100,000) copies of the corpus files are written to a temporary folder as
``bench/store.py`` writes them (each a filing of its own). Then ``Store.ingest`` of the folder,
validated, default batches, one process each:

- DuckDB: a new file;
- PostgreSQL, 1 writer: a new database;
- PostgreSQL, 2 writers: a new database, two ``form4 ingest`` processes at once, each given
  every other file (so both write all along), the time until both are done.

The server is ``--url`` (a database this script may create databases on), else a temporary one
started with Debian's PostgreSQL binaries (``tests/postgres.py``) on 127.0.0.1, with ``fsync``
off (what is measured is form4's side: the batches, ``COPY`` and the lock, not the disk).
Printed: filings/s, seconds, and the ratio to DuckDB. No target: the numbers say what a team
pays for a shared server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import store as bench_store  # noqa: E402  (bench/store.py: the corpus and its copies)
from tests import postgres  # noqa: E402

import form4  # noqa: E402


def new_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        con.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def two_writers(url: str, folder: Path, work: Path) -> float:
    files = sorted(folder.iterdir())
    lists = []
    for index in range(2):
        listed = work / f"writer-{index}.txt"
        listed.write_text("\n".join(str(p) for p in files[index::2]) + "\n")
        lists.append(listed)
    command = [sys.executable, "-m", "form4", "ingest", "-", "--db", url, "--workers", "1"]
    started = time.perf_counter()
    runs = []
    for listed in lists:
        with listed.open() as stdin:
            runs.append(
                subprocess.Popen(
                    command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
            )
    for run in runs:
        _, err = run.communicate()
        if run.returncode not in (0, 1):
            raise SystemExit(f"a writer failed: {err.decode()[-500:]}")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    args.add_argument("corpus", nargs="?", type=Path, default=bench_store.DEFAULT_CORPUS)
    args.add_argument("--files", type=int, default=100_000, help="files to ingest (100,000)")
    args.add_argument("--url", help="a PostgreSQL server (default: a temporary one)")
    opts = args.parse_args(argv)
    if not opts.corpus.is_dir():
        print(f"no corpus directory at {opts.corpus}", file=sys.stderr)
        return 0
    good, _ = bench_store.split_readable(bench_store.load(bench_store.corpus_folders(opts.corpus)))
    started_server: Path | None = None
    server = opts.url
    if server is None:
        started_server = Path(tempfile.mkdtemp(prefix="form4-bench-pg-"))
        server = postgres.start(started_server)
    try:
        with tempfile.TemporaryDirectory(prefix="form4-bench-") as tmp:
            work = Path(tmp)
            folder = work / "files"
            folder.mkdir()
            bench_store.write_copies(good, opts.files, folder)
            print(f"ingest   {opts.files:,} files from disk, validated, default batches")
            print(f"         {os.cpu_count()} cores; {bench_store.load_average()}")
            print(f"\n{'store':<26}{'filings/s':>10}{'seconds':>9}{'x DuckDB':>10}")
            seconds, result = bench_store.time_store_ingest(work / "bench.duckdb", folder, 1)
            rows = [("DuckDB", seconds)]
            stored = result.stored
            one = new_database(server, "form4_bench_one")
            seconds, result = bench_store.time_store_ingest(one, folder, 1)
            rows.append(("PostgreSQL, 1 writer", seconds))
            if result.stored != stored:
                print(f"         PostgreSQL stored {result.stored:,}, DuckDB {stored:,}")
            two = new_database(server, "form4_bench_two")
            rows.append(("PostgreSQL, 2 writers", two_writers(two, folder, work)))
            with form4.Store(two) as store:
                if store.count("FILING_SOURCE") != stored:
                    print(f"         2 writers stored {store.count('FILING_SOURCE'):,}")
            for name, took in rows:
                print(
                    f"{name:<26}{opts.files / took:>10,.0f}{took:>9.1f}{rows[0][1] / took:>10.2f}"
                )
    finally:
        if started_server is not None:
            postgres.stop(started_server)
            shutil.rmtree(started_server, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
