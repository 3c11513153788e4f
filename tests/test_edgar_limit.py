"""The request-rate limit holds across threads and across processes sharing its file, and makes
no one wait longer than the limit needs. Nothing here bounds the wall-clock time of a run: what
is counted is the limiter's own start times and the waits it computed, which a loaded machine can
only spread out, never crowd."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from form4 import edgar
from form4.edgar._limit import MARGIN, RateLimit
from form4.edgar.index import filing_folder

from .edgar_server import LocalEdgar, max_in_window


def test_counting_windows() -> None:
    assert max_in_window([0, 0.5, 0.99, 1.0, 1.5]) == 3
    assert max_in_window([]) == 0


Calls = list[tuple[float, float]]  # (the limiter's start time, the seconds it computed to wait)


def _hammer(path: str, rate: float, calls: int, out: Calls | None = None) -> Calls:
    limit = RateLimit(rate, Path(path))
    done: Calls = []
    for _ in range(calls):
        waited = limit.wait()
        assert limit.last_start is not None
        done.append((limit.last_start, waited))
    if out is not None:
        out.extend(done)
    return done


def _in_process(args: tuple[str, float, int]) -> Calls:
    return _hammer(*args)


def test_threads_and_processes_together_stay_within_the_rate(tmp_path: Path) -> None:
    rate, per_worker = 8.0, 6
    lock = str(tmp_path / "rate-limit")
    calls: Calls = []
    threads = [
        threading.Thread(target=_hammer, args=(lock, rate, per_worker, calls)) for _ in range(2)
    ]
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        pending = pool.map_async(_in_process, [(lock, rate, per_worker)] * 2)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for result in pending.get(timeout=60):
            calls.extend(result)
    assert len(calls) == 4 * per_worker
    assert max_in_window([start for start, _ in calls]) <= rate
    # Not needlessly slow: admissions are serialised by the lock file, so the waits never
    # overlap; the first 8 starts wait for nothing, and the waits of each later 8 fit in one
    # window after the last start of the 8 before. However late the processes come up, 24 starts
    # at 8 a second wait at most two windows in all.
    window = RateLimit(rate).window
    assert sum(waited for _, waited in calls) <= 2 * window + 1e-3


class _Clock:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_starts_come_in_bursts_of_the_rate_one_window_apart() -> None:
    clock = _Clock()
    limit = RateLimit(8, None, clock=clock.time, sleep=clock.sleep)
    starts = []
    for _ in range(24):
        limit.wait()
        starts.append(limit.last_start)
    window = 1 + MARGIN
    expected = [1_000.0] * 8 + [1_000.0 + window] * 8 + [1_000.0 + 2 * window] * 8
    assert starts == pytest.approx(expected)
    clock.now += window  # a pause longer than a window: the next 8 start at once
    assert [limit.wait() for _ in range(8)] == [0.0] * 8
    assert limit.wait() == pytest.approx(window)


def test_a_rate_below_one_spaces_requests(tmp_path: Path) -> None:
    limit = RateLimit(2.5, None)
    assert limit.capacity == 2
    slow = RateLimit(0.5, tmp_path / "slow")
    assert slow.capacity == 1 and slow.window == pytest.approx(2 + MARGIN)
    with pytest.raises(ValueError):
        RateLimit(0)


def test_a_damaged_lock_file_only_loses_history(tmp_path: Path) -> None:
    path = tmp_path / "rate-limit"
    path.write_text("not a number\n\x00\n")
    assert RateLimit(10, path).wait() == 0.0


def test_a_default_client_keeps_to_ten_requests_a_second(local_edgar: LocalEdgar) -> None:
    """The client's default pace, counted where the SEC counts it: at the server."""
    paths = [f"{filing_folder(f.issuer_cik, f.accession)}/{f.primary}" for f in local_edgar.filings]
    assert len(paths) >= 30
    with edgar.Client() as client:

        def fetch(part: list[str]) -> None:
            for path in part:
                client.get(path)

        threads = [threading.Thread(target=fetch, args=(paths[k:30:3],)) for k in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(local_edgar.requests) == 30
    assert local_edgar.max_in_any_window(1.0) <= 10
