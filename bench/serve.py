"""Benchmark ``form4 serve`` under load: many clients at once over the API's everyday calls.

Usage: ``python bench/serve.py --db STORE [--seconds 30] [--clients 50] [--keys 300]
[--alone 20] [--seed 4] [--cache-mb 64] [--workers 1] [--json PATH]``.

The server. ``form4 serve --db STORE --port 0 --read-only --cache-mb N --workers W`` started as
a real process (read-only: no FORM4_TOKEN; it keeps up to N MB of its JSON answers, 64 by
default, 0 for none: with --cache-mb 0 every request asks the store; W processes answer, 1 by
default, each with answers of its own), its URL parsed from the line it prints, asked until it
answers, and stopped at the end (SIGINT, then killed after 10 s). Its own code: uvicorn,
FastAPI, each request on a DuckDB cursor of its own in FastAPI's thread pool.

The keys. Before the server starts, the store is opened read-only here and --keys (default 300)
tickers (SUBMISSION.ISSUERTRADINGSYMBOL), insiders (REPORTINGOWNER.RPTOWNERCIK) and accession
numbers (SUBMISSION) are sampled with a fixed --seed, so that the requests are spread over the
store as real use spreads them and no answer is served from one hot page. The store's row
counts, its latest filing date and the machine's cores are printed.

The calls, each with its weight in the mix:

* ``filings``: ``GET /api/filings?ticker=T&limit=50`` (a ticker's filings), weight 3;
* ``transactions``: ``GET /api/transactions?owner_cik=C&limit=50`` (an insider's trades), 3;
* ``filing``: ``GET /api/filings/{accession}`` (a filing's whole model as JSON), 3;
* ``latest-purchases``: ``GET /api/screens/latest-purchases?ticker=T&limit=50``, 1;
* ``cluster-buys``: ``GET /api/screens/cluster-buys?limit=50&since=D``, D 30 days before the
  store's latest filing date, 1.

Alone. Each call first --alone times (default 20) from one client, one request at a time, with
a fresh key each time: what one request costs when the server has nothing else to do (the first
of them also warms the server). Printed: p50, p90 and max ms.

Load. Then --clients (default 50) clients at once for --seconds (default 30), each sending its
next request as soon as its answer came (closed loop), drawn from the mix with a fresh key. The
clients are coroutines of one event loop (it loads the server harder than threads would from
one process), each with a keep-alive connection speaking HTTP/1.1 on an asyncio stream
(``Connection``: httpx would take a core of the two). Printed, per call and overall:
requests, requests/s, p50, p90, p99 and max latency (ms, from the request sent to the whole body
read), errors (any status but 200, or a failed connection; the first few bodies are printed),
and the CPU seconds the server and this process used: this client competes with the server for
the machine's cores, so its share is a part of the figures; and how many different URLs were
asked (each is a request that asks the store at least once per worker).

Targets: p99 under 100 ms for the indexed lookups (filings, transactions, filing), under 250 ms
for the screens, and no errors; each printed beside its figure, met or not. --json PATH writes
the figures as JSON too. Always exits 0 when the server runs: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb
import httpx
from _machine import load_average

from form4.rows import TABLES

#: Targets: p99 latency in ms for each call, and no errors.
INDEXED_P99_MS = 100.0
SCREEN_P99_MS = 250.0
#: The first error bodies printed per call.
ERRORS_SHOWN = 3


@dataclass(frozen=True)
class Keys:
    tickers: list[str]
    owners: list[str]
    accessions: list[str]
    since: str


@dataclass(frozen=True)
class Call:
    name: str
    weight: int
    target_ms: float
    url: Callable[[random.Random, Keys], str]


CALLS = [
    Call(
        "filings",
        3,
        INDEXED_P99_MS,
        lambda r, k: f"/api/filings?ticker={quote(r.choice(k.tickers))}&limit=50",
    ),
    Call(
        "transactions",
        3,
        INDEXED_P99_MS,
        lambda r, k: f"/api/transactions?owner_cik={r.choice(k.owners)}&limit=50",
    ),
    Call("filing", 3, INDEXED_P99_MS, lambda r, k: f"/api/filings/{r.choice(k.accessions)}"),
    Call(
        "latest-purchases",
        1,
        SCREEN_P99_MS,
        lambda r, k: f"/api/screens/latest-purchases?ticker={quote(r.choice(k.tickers))}&limit=50",
    ),
    Call(
        "cluster-buys",
        1,
        SCREEN_P99_MS,
        lambda r, k: f"/api/screens/cluster-buys?limit=50&since={k.since}",
    ),
]


@dataclass
class Tally:
    """The latencies (ms) and errors of one call."""

    ms: list[float] = field(default_factory=list)
    errors: int = 0
    bodies: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.bodies) < ERRORS_SHOWN:
            self.bodies.append(what[:300])


# -- the store ------------------------------------------------------------------------------------
def sample_keys(db: str, count: int, seed: int) -> tuple[Keys, dict[str, int], date]:
    """Keys sampled from the store, its row counts and its latest filing date."""
    rng = random.Random(seed)
    with duckdb.connect(db, read_only=True) as con:

        def column(sql: str) -> list[str]:
            return sorted(str(row[0]) for row in con.execute(sql).fetchall())

        tickers = column(
            "SELECT DISTINCT ISSUERTRADINGSYMBOL FROM SUBMISSION "
            "WHERE ISSUERTRADINGSYMBOL IS NOT NULL AND trim(ISSUERTRADINGSYMBOL) <> ''"
        )
        owners = column("SELECT DISTINCT RPTOWNERCIK FROM REPORTINGOWNER")
        # Reservoir sampling by DuckDB, repeatable; then shuffled by the seed here.
        accessions = column(
            f"SELECT DISTINCT ACCESSION_NUMBER FROM (SELECT ACCESSION_NUMBER FROM SUBMISSION "
            f"USING SAMPLE reservoir({count * 4} ROWS) REPEATABLE ({seed}))"
        )
        counts = {
            table: int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # type: ignore[index]
            for table in TABLES
        }
        latest = con.execute("SELECT max(FILING_DATE) FROM SUBMISSION").fetchone()[0]  # type: ignore[index]
    keys = Keys(
        tickers=rng.sample(tickers, min(count, len(tickers))),
        owners=rng.sample(owners, min(count, len(owners))),
        accessions=rng.sample(accessions, min(count, len(accessions))),
        since=(latest - timedelta(days=30)).isoformat(),
    )
    return keys, counts, latest


# -- the server -----------------------------------------------------------------------------------
class Server:
    """``form4 serve`` as a process of its own, on a free port of 127.0.0.1."""

    def __init__(self, db: str, cache_mb: int, workers: int) -> None:
        env = {k: v for k, v in os.environ.items() if k != "FORM4_TOKEN"}
        env["COLUMNS"] = "1000"  # the URL line unwrapped
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "form4", "serve", "--db", db, "--port", "0"),
                *("--read-only", "--cache-mb", str(cache_mb), "--workers", str(workers)),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()
        self.url = self._url(timeout=60)

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def _url(self, timeout: float) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=max(0.1, end - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            found = re.search(r"(http://[^\s/]+:\d+)/", line)
            if found:
                return found.group(1)
        self.stop()
        sys.exit("form4 serve did not start:\n" + "".join(self.output))

    def wait_ready(self, timeout: float = 60) -> float:
        """Seconds until the server answers."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            try:
                if httpx.get(self.url + "/api/screens", timeout=5).status_code == 200:
                    return time.perf_counter() - start
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        sys.exit("form4 serve does not answer:\n" + "".join(self.output))

    def cpu_seconds(self) -> float:
        """The user and system CPU seconds so far of the server and its worker processes
        (Linux), else nan."""
        ticks = 0
        found = False
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat.parent.name == str(self.process.pid) or fields[1] == str(self.process.pid):
                ticks += int(fields[11]) + int(fields[12])
                found = True
        return ticks / os.sysconf("SC_CLK_TCK") if found else float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


# -- the load -------------------------------------------------------------------------------------
class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol for GET (a
    Content-Length body or a chunked one): a load generator should cost the machine little, and
    httpx costs about a core at a few hundred requests a second (measured: 255 requests/s
    against 5,677 for this client, on a kept answer, 50 clients, 2 cores)."""

    def __init__(self, base: str) -> None:
        found = re.match(r"http://([^/:]+|\[[^\]]+\]):(\d+)$", base)
        if not found:
            raise ValueError(f"not an http://host:port URL: {base}")
        self.host, self.port = found.group(1).strip("[]"), int(found.group(2))
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        fields = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(b":") for line in head.split(b"\r\n")[1:])
        }
        if b"content-length" in fields:
            body = await self.reader.readexactly(int(fields[b"content-length"]))
        elif fields.get(b"transfer-encoding", b"").lower() == b"chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            body = b"".join(parts)
        else:
            raise ValueError(f"{path}: an answer without a length")
        if fields.get(b"connection", b"").lower() == b"close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def _get(connection: Connection, url: str, tally: Tally) -> None:
    start = time.perf_counter()
    try:
        status, body = await connection.get(url)
    except (OSError, ValueError, asyncio.IncompleteReadError) as error:
        tally.ms.append((time.perf_counter() - start) * 1000)
        tally.error(f"{url}: {type(error).__name__}: {error}")
        await connection.close()
        return
    tally.ms.append((time.perf_counter() - start) * 1000)
    if status != 200:
        tally.error(f"{url}: {status} {body[:200].decode(errors='replace')}")


async def alone(base: str, keys: Keys, runs: int, seed: int) -> dict[str, Tally]:
    """Each call ``runs`` times, one request at a time."""
    rng = random.Random(seed)
    tallies = {call.name: Tally() for call in CALLS}
    connection = Connection(base)
    for call in CALLS:
        for _ in range(runs):
            await _get(connection, call.url(rng, keys), tallies[call.name])
    await connection.close()
    return tallies


async def loaded(
    base: str, keys: Keys, clients: int, seconds: float, seed: int
) -> tuple[dict[str, Tally], float, int]:
    """``clients`` closed-loop clients for ``seconds``; the tallies, the wall seconds and the
    number of different URLs asked."""
    tallies = {call.name: Tally() for call in CALLS}
    weights = [call.weight for call in CALLS]
    end = time.perf_counter() + seconds

    async def one(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        connection = Connection(base)
        while time.perf_counter() < end:
            [call] = rng.choices(CALLS, weights)
            url = call.url(rng, keys)
            urls.add(url)
            await _get(connection, url, tallies[call.name])
        await connection.close()

    urls: set[str] = set()
    start = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(clients)))
    wall = time.perf_counter() - start
    return tallies, wall, len(urls)


# -- the figures ----------------------------------------------------------------------------------
def percentile(sorted_ms: list[float], p: float) -> float:
    """The nearest-rank percentile of sorted values."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, min(len(sorted_ms), round(p / 100 * len(sorted_ms) + 0.5)))
    return sorted_ms[rank - 1]


def figures(tally: Tally, wall: float) -> dict[str, Any]:
    ms = sorted(tally.ms)
    return {
        "requests": len(ms),
        "per_second": len(ms) / wall if wall else float("nan"),
        "p50_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1] if ms else float("nan"),
        "errors": tally.errors,
        "error_bodies": tally.bodies,
    }


def print_alone(tallies: dict[str, Tally]) -> dict[str, Any]:
    print(f"\n{'alone, one at a time':<22}{'requests':>9}{'p50 ms':>9}{'p90 ms':>9}{'max ms':>9}")
    out = {}
    for name, tally in tallies.items():
        f = figures(tally, 0)
        out[name] = f
        print(
            f"{name:<22}{f['requests']:>9,}{f['p50_ms']:>9.1f}{f['p90_ms']:>9.1f}"
            f"{f['max_ms']:>9.1f}" + (f"  {f['errors']} errors" if f["errors"] else "")
        )
    return out


def print_load(tallies: dict[str, Tally], wall: float) -> dict[str, Any]:
    head = (
        f"{'under load':<18}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p90 ms':>8}"
        f"{'p99 ms':>8}{'max ms':>9}{'errors':>7}  target"
    )
    print("\n" + head)
    out: dict[str, Any] = {}
    every = Tally()
    met_all = True
    for call in CALLS:
        tally = tallies[call.name]
        every.ms += tally.ms
        every.errors += tally.errors
        f = figures(tally, wall)
        met = f["p99_ms"] < call.target_ms and f["errors"] == 0
        met_all &= met
        f["target_p99_ms"] = call.target_ms
        f["met"] = met
        out[call.name] = f
        _row(call.name, f, f"p99 < {call.target_ms:.0f} ms, 0 errors: {'met' if met else 'MISSED'}")
    total = figures(every, wall)
    total["met"] = met_all
    out["all"] = total
    _row("all", total, f"every target: {'met' if met_all else 'MISSED'}")
    for call in CALLS:
        for body in tallies[call.name].bodies:
            print(f"  error, {call.name}: {body}")
    return out


def _row(name: str, f: dict[str, Any], target: str) -> None:
    print(
        f"{name:<18}{f['requests']:>9,}{f['per_second']:>8.1f}{f['p50_ms']:>8.1f}"
        f"{f['p90_ms']:>8.1f}{f['p99_ms']:>8.1f}{f['max_ms']:>9.1f}{f['errors']:>7}  {target}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store (read-only here and served so)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--keys", type=int, default=300, help="keys sampled of each kind")
    parser.add_argument("--alone", type=int, default=20, help="requests of each call alone")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=64,
        help="the server's --cache-mb: its JSON answers kept (0: every request asks the store)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="the server's --workers: processes answering (1, as form4 serve by default)",
    )
    parser.add_argument("--json", type=Path, help="write the figures here as JSON too")
    args = parser.parse_args()

    keys, counts, latest = sample_keys(args.db, args.keys, args.seed)
    print(f"{args.db}: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    print(
        f"latest filing {latest}; keys: {len(keys.tickers)} tickers, {len(keys.owners)} "
        f"insiders, {len(keys.accessions)} accessions (seed {args.seed}); cluster-buys since "
        f"{keys.since}"
    )
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {load_average()}")
    print(
        "mix: " + ", ".join(f"{c.name} x{c.weight}" for c in CALLS) + f"; {args.clients} clients "
        f"for {args.seconds:g} s"
    )

    server = Server(args.db, args.cache_mb, args.workers)
    try:
        ready = server.wait_ready()
        print(
            f"server: {server.url} (pid {server.process.pid}, --workers {args.workers}, "
            f"--cache-mb {args.cache_mb}), "
            f"answering after {ready:.1f} s"
        )
        result: dict[str, Any] = {
            "db": args.db,
            "rows": counts,
            "cores": os.cpu_count(),
            "clients": args.clients,
            "seconds": args.seconds,
            "mix": {c.name: c.weight for c in CALLS},
        }
        result["alone"] = print_alone(asyncio.run(alone(server.url, keys, args.alone, args.seed)))
        print(load_average())
        server_cpu, own_cpu = server.cpu_seconds(), own_cpu_seconds()
        tallies, wall, urls = asyncio.run(
            loaded(server.url, keys, args.clients, args.seconds, args.seed)
        )
        server_cpu, own_cpu = server.cpu_seconds() - server_cpu, own_cpu_seconds() - own_cpu
        result["load"] = print_load(tallies, wall)
        result["wall_seconds"] = wall
        result["urls"] = urls
        result["cpu_seconds"] = {"server": server_cpu, "client": own_cpu}
        print(
            f"\n{urls:,} different URLs asked; wall {wall:.1f} s; CPU seconds: "
            f"server {server_cpu:.1f} "
            f"({server_cpu / wall:.2f} cores), this client {own_cpu:.1f} "
            f"({own_cpu / wall:.2f} cores) of {os.cpu_count()}; {load_average()}"
        )
    finally:
        server.stop()
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
