"""Benchmark holdings over time and the insider roster on a big store.

Usage: ``python bench/holdings.py STORE [--owner CIK --issuer CIK] [--runs N]``. STORE is a
form4 store opened read-only, e.g. the one bench/store.py or bench/transactions.py builds (ten
million NONDERIV_TRANS rows; its owners are real owners repeated over thousands of synthetic
issuers, so one owner alone has hundreds of thousands of filings). Without --owner and
--issuer, the pair is a typical insider: the issuer with the most filings of the owner with
the most filings.

Each question runs on one warm read-only connection, once untimed after the first (timed
apart), then --runs times (default 15): ``Store.holdings`` of the owner x issuer, the same
``as_of`` a day in the middle of its filings, ``Store.holdings`` of the whole issuer and
``Store.insiders`` of the issuer. Printed per question: the first run, the best and the median
wall-clock ms, the median CPU ms of the process (all of DuckDB's threads: it moves less with
other work than wall-clock time), the rows, and the load average (other work on the machine
moves every figure).

Where the time goes: the filings asked about are found first (SUBMISSION by issuer, a few row
groups since ``Store.optimize`` sorts it so; REPORTINGOWNER, one pass over its accession numbers),
then the row tables are read for those filings. The store keeps NONDERIV_TRANS sorted by code
and date, so finding one filing's rows is a pass over all its accession numbers: that pass is
most of the time, whatever the number of filings. Always exits 0: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import load_average

from form4.store import Store


def _typical(store: Store) -> tuple[str, str]:
    """The owner with the most filings, and the issuer they filed on most."""
    owner = store.query(
        "SELECT RPTOWNERCIK FROM REPORTINGOWNER GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).to_pylist()[0]["RPTOWNERCIK"]
    [issuer] = [
        r["ISSUERCIK"]
        for r in store.query(
            "SELECT s.ISSUERCIK FROM REPORTINGOWNER o JOIN SUBMISSION s USING (ACCESSION_NUMBER) "
            "WHERE o.RPTOWNERCIK = ? GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            [owner],
        ).to_pylist()
    ]
    return str(owner), str(issuer)


def _time(label: str, call: Callable[[], Any], runs: int) -> None:
    started = time.perf_counter()
    result = call()
    first = (time.perf_counter() - started) * 1000
    call()
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        result = call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    print(
        f"{label:<40} first {first:6.0f} ms  best {min(wall):6.0f} ms  "
        f"median {statistics.median(wall):6.0f} ms  cpu {statistics.median(cpu):6.0f} ms  "
        f"rows {result.num_rows:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--owner")
    parser.add_argument("--issuer")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with Store(args.store, read_only=True) as store:
        owner, issuer = (args.owner, args.issuer) if args.owner and args.issuer else _typical(store)
        [(filings, middle)] = [
            tuple(r.values())
            for r in store.query(
                "SELECT count(*), CAST(to_timestamp(CAST(avg(epoch(FILING_DATE)) AS BIGINT)) "
                "AS DATE) FROM SUBMISSION WHERE ISSUERCIK = ? AND ACCESSION_NUMBER IN "
                "(SELECT ACCESSION_NUMBER FROM REPORTINGOWNER WHERE RPTOWNERCIK = ?)",
                [issuer, owner],
            ).to_pylist()
        ]
        print(
            f"{args.store}: owner {owner} x issuer {issuer}, {filings:,} filings; {load_average()}"
        )
        _time(
            "holdings owner x issuer",
            lambda: store.holdings(owner_cik=owner, issuer_cik=issuer),
            args.runs,
        )
        _time(
            f"holdings owner x issuer as_of {middle}",
            lambda: store.holdings(owner_cik=owner, issuer_cik=issuer, as_of=middle),
            args.runs,
        )
        _time("holdings issuer", lambda: store.holdings(issuer_cik=issuer), args.runs)
        _time("insiders issuer", lambda: store.insiders(issuer_cik=issuer), args.runs)
        print(load_average())


if __name__ == "__main__":
    main()
