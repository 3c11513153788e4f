"""A request-rate limit shared by every thread and process that uses the same lock file.

The SEC's fair-access rule is at most 10 requests a second, counted over everything one user
runs. ``RateLimit.wait()`` is called before each request; it keeps the start times of the last
requests in a small file locked with ``flock``, and sleeps until starting one more keeps every
window of one second (plus a safety margin for network jitter) at or under the limit. Without a
file (``path=None``) the limit holds across the threads of this process only.

Anything with a ``wait()`` method paces a ``Client`` (``Limiter``); ``RateLimit`` is the one it
makes itself. The clock and the sleep are arguments, so that the arithmetic can be checked on a
clock that only moves when told to.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

__all__ = ["Limiter", "RateLimit"]

#: Added to the one-second window: a request's arrival at the server can lag its start here.
MARGIN = 0.15


class Limiter(Protocol):
    """What paces requests: ``wait()`` blocks until one more request may start and returns the
    seconds it waited."""

    def wait(self) -> float: ...


class RateLimit:
    """At most ``rate`` request starts in any window of one second (``rate`` may be below 1).

    ``clock`` (seconds, shared by every process using ``path``) and ``sleep`` default to
    ``time.time`` and ``time.sleep``. ``last_start`` is the clock's time when the last request
    this instance admitted started.
    """

    def __init__(
        self,
        rate: float,
        path: Path | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("the request rate must be positive")
        self.rate = rate
        # ``capacity`` starts per ``window`` seconds: 10/s is 10 per second; 0.5/s is 1 per 2 s.
        self.capacity = max(1, int(rate))
        self.window = self.capacity / rate + MARGIN
        self.path = path
        self.last_start: float | None = None
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._starts: deque[float] = deque()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def wait(self) -> float:
        """Block until one more request may start; return the seconds waited."""
        with self._lock:
            if self.path is None:
                return self._admit(self._starts)
            with self.path.open("a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    handle.seek(0)
                    starts = deque(_parse(handle.read()))
                    waited = self._admit(starts)
                    handle.seek(0)
                    handle.truncate()
                    handle.write("\n".join(f"{t:.6f}" for t in starts))
                    handle.flush()
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            return waited

    def _admit(self, starts: deque[float]) -> float:
        """Sleep as needed, then record a start at the current time (the shared clock)."""
        waited = 0.0
        now = self._clock()
        while starts and starts[0] <= now - self.window:
            starts.popleft()
        while len(starts) > self.capacity:
            starts.popleft()
        if len(starts) >= self.capacity:
            delay = starts[0] + self.window - now
            if delay > 0:
                self._sleep(delay)
                waited = delay
            starts.popleft()
        self.last_start = self._clock()
        starts.append(self.last_start)
        return waited


def _parse(text: str) -> list[float]:
    starts: list[float] = []
    for line in text.split():
        try:
            starts.append(float(line))
        except ValueError:
            continue  # a damaged lock file only loses history
    return sorted(starts)
