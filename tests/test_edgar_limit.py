"""The request-rate limit holds across threads and across processes sharing its file."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from form4.edgar._limit import MARGIN, RateLimit

from .edgar_server import max_in_window


def test_counting_windows() -> None:
    assert max_in_window([0, 0.5, 0.99, 1.0, 1.5]) == 3
    assert max_in_window([]) == 0


def _hammer(path: str, rate: float, calls: int, out: list[float] | None = None) -> list[float]:
    limit = RateLimit(rate, Path(path))
    starts = []
    for _ in range(calls):
        limit.wait()
        starts.append(time.time())
    if out is not None:
        out.extend(starts)
    return starts


def _in_process(args: tuple[str, float, int]) -> list[float]:
    return _hammer(*args)


def test_threads_and_processes_together_stay_within_the_rate(tmp_path: Path) -> None:
    rate, per_worker = 8.0, 6
    lock = str(tmp_path / "rate-limit")
    starts: list[float] = []
    threads = [
        threading.Thread(target=_hammer, args=(lock, rate, per_worker, starts)) for _ in range(2)
    ]
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        pending = pool.map_async(_in_process, [(lock, rate, per_worker)] * 2)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for result in pending.get(timeout=60):
            starts.extend(result)
    assert len(starts) == 4 * per_worker
    assert max_in_window(starts) <= rate
    # and it is not needlessly slow: 24 starts at 8/s need about 2 windows
    assert max(starts) - min(starts) < 2 * (1 + MARGIN) + 1.5


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
