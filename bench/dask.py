"""Benchmark reading on a Dask cluster (form4.dask) against Store.ingest on one machine.

Usage: ``python bench/dask.py [CORPUS_DIR] [--files N] [--partition-size N]``
(default corpus: ``../shared/corpus`` relative to the repository root, its ``xml/`` and ``txt/``
folders, as bench/store.py reads it).

N files (default 20,000) are written once to a temporary folder as bench/store.py writes them for
its workers (``write_copies``: each copy a filing of its own, under its own accession number).
Then the folder is ingested, validated, into a fresh store four ways, each timed from the call to
its return: ``Store.ingest(workers=1)`` (all in one process), ``Store.ingest(workers=2)``, and
``form4.dask.to_parquet`` then ``Store.import_parquet`` on a ``LocalCluster`` of 1 and of 2
worker processes (one thread each; the cluster is started before the clock starts and a small
read warms its workers). Printed: filings/s, seconds and the ratio to one process; for Dask also
to_parquet's two phases (reading the partitions and putting their rows aside; writing the kept
rows by quarter, and how many files that made) and the import. Always exits 0: it is a
benchmark, not a test.
"""

# ruff: noqa: E402 - sys.path is set before the imports it is for

from __future__ import annotations

import sys
from pathlib import Path

# This file's name would hide Dask's package from the imports below (and from the workers).
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _BENCH]

import argparse
import gc
import shutil
import tempfile
import time

from distributed import Client, LocalCluster

import form4
import form4.dask

sys.path.append(str(_BENCH))
from _machine import load, load_average
from store import DEFAULT_CORPUS, corpus_folders, split_readable, time_store_ingest, write_copies

sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _BENCH]


def time_ingest(folder: Path, workdir: Path, workers: int) -> tuple[float, int]:
    seconds, result = time_store_ingest(workdir / f"ingest-{workers}.duckdb", folder, workers)
    return seconds, result.stored


def time_dask(
    folder: Path, workdir: Path, workers: int, partition_size: int, count: int, base: float
) -> int:
    """to_parquet then import_parquet of ``folder`` on a local cluster, printed; the filings
    stored."""
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        warm = workdir / "warm"
        if not warm.exists():
            warm.mkdir()
            for path in sorted(folder.iterdir())[:8]:
                shutil.copy(path, warm / path.name)
        form4.dask.to_parquet([str(warm)], workdir / f"warm-{workers}", client=client)
        out = workdir / f"parquet-{workers}"
        gc.collect()
        start = time.perf_counter()
        phases = form4.dask.to_parquet(
            [str(folder)], out, client=client, partition_size=partition_size
        )
        written = time.perf_counter() - start
        files = sum(1 for _ in out.rglob("*.parquet"))
    path = workdir / f"dask-{workers}.duckdb"
    with form4.Store(path) as store:
        start = time.perf_counter()
        result = store.import_parquet(out)
        imported = time.perf_counter() - start
    path.unlink()
    shutil.rmtree(out)
    print(
        f"{label(workers):<34}{count / (written + imported):>10,.0f}"
        f"{written + imported:>9.1f}{count / (written + imported) / base:>13.2f}\n"
        f"{'  to_parquet':<34}{count / written:>10,.0f}{written:>9.1f}\n"
        f"{'    reading, rows put aside':<34}{'':>10}{phases.reading:>9.1f}\n"
        f"{'    kept rows by quarter':<34}{'':>10}{phases.writing:>9.1f}   {files:,} files\n"
        f"{'  import_parquet':<34}{count / imported:>10,.0f}{imported:>9.1f}"
    )
    return result.stored


def label(workers: int) -> str:
    return f"dask, {workers} worker{'s' if workers > 1 else ''}"


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    args.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args.add_argument("--files", type=int, default=20_000, help="files to ingest (20,000)")
    args.add_argument(
        "--partition-size",
        type=int,
        default=form4.dask.DEFAULT_PARTITION,
        help=f"paths a partition reads ({form4.dask.DEFAULT_PARTITION:,})",
    )
    opts = args.parse_args(argv)
    if not opts.corpus.is_dir():
        print(f"no corpus directory at {opts.corpus}", file=sys.stderr)
        return 0
    good, failed = split_readable(load(corpus_folders(opts.corpus)))
    print(f"corpus   {len(good)} files used, {len(failed)} excluded; {load_average()}")
    with tempfile.TemporaryDirectory(prefix="form4-bench-dask-") as tmp:
        workdir = Path(tmp)
        folder = workdir / "files"
        folder.mkdir()
        write_copies(good, opts.files, folder)
        print(
            f"ingest   {opts.files:,} files from disk, validated; partitions of "
            f"{opts.partition_size:,} paths"
        )
        print(f"\n{'how':<34}{'filings/s':>10}{'seconds':>9}{'x 1 process':>13}")
        base = 0.0
        for workers in (1, 2):
            seconds, stored = time_ingest(folder, workdir, workers)
            rate = opts.files / seconds
            base = base or rate
            label = f"Store.ingest(workers={workers})"
            print(f"{label:<34}{rate:>10,.0f}{seconds:>9.1f}{rate / base:>13.2f}")
            if stored != opts.files:
                print(f"         stored {stored:,}")
        for workers in (1, 2):
            stored = time_dask(folder, workdir, workers, opts.partition_size, opts.files, base)
            if stored != opts.files:
                print(f"         stored {stored:,}")
    print(f"\n{load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
