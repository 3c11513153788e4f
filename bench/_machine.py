"""What the benchmarks share: the corpus files in memory, one core, and the machine's state
printed beside the figures (peak memory, load)."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

Item = tuple[str, bytes]


def load(folders: list[Path]) -> list[Item]:
    """Every non-hidden file under the folders, sorted, as (name, bytes)."""
    files = sorted(
        p
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    return [(p.name, p.read_bytes()) for p in files]


def pin_to_one_core() -> str:
    """Run this process (and the threads it starts) on one core; says which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def load_average() -> str:
    """The 1-minute load average against the cores: other work skews every figure."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
