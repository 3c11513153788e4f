"""Benchmark the reader: how many filings per second ``form4.read.read_bytes`` turns into Filings.

Usage: ``python bench/read.py [CORPUS_DIR] [--repeat N] [--seconds S]``
(default corpus: ``../shared/corpus/xml`` relative to the repository root).

Every file is loaded into memory first, so disk I/O is not measured. Then, in one process pinned
to one core, it times

  (a) ``read_bytes(data, name)`` producing a Filing, for every file of the corpus;
  (b) lxml merely parsing the same bytes (``etree.fromstring``), with a parser configured like
      the reader's: no entities, no network, no DTD, comments and PIs removed. The reader's own
      parser (``form4.read.xml._parser``) also drops blank text, which makes lxml ~30% faster,
      so the parse is timed both without and with ``remove_blank_text``;
  (c) the ratio a / b for each.

When the optional compiled row walker (``form4.read._walk``) is built, (a) uses it and the
pure-Python walk is timed too, for comparison.

Each figure is the best of N passes (default 3); a pass loops over the corpus as many times as
it takes to last at least S seconds (default 3). Files the reader refuses (the corpus may hold a
deliberately malformed one) are counted and left out of all timings. Targets: at least 5,000
filings/s, and at least 0.5 of the parse-only rate. The script always exits 0: it is a
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from form4.errors import ReadError
from form4.read import read_bytes
from form4.read import xml as xml_reader

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import Item, load, peak_rss_mb, pin_to_one_core

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xml"
TARGET_RATE = 5_000.0
TARGET_RATIO = 0.5
SAFE = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}
BASELINES = {"lxml parse": SAFE, "lxml parse, no blanks": {**SAFE, "remove_blank_text": True}}

Work = Callable[[bytes, str], object]


def split_readable(items: list[Item]) -> tuple[list[Item], list[tuple[str, str]]]:
    """The items both the reader and plain lxml accept, and (name, why) for the rest."""
    parser = etree.XMLParser(**SAFE)  # type: ignore[arg-type]
    good: list[Item] = []
    failed: list[tuple[str, str]] = []
    for name, data in items:
        try:
            read_bytes(data, name)
            etree.fromstring(data, parser)
        except ReadError as error:
            failed.append((name, f"{type(error).__name__}: {error.reason}"))
        except etree.XMLSyntaxError as error:
            failed.append((name, f"read, but lxml alone cannot parse it: {error}"))
        else:
            good.append((name, data))
    return good, failed


def one_pass(work: Work, items: list[Item], loops: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(loops):
        for name, data in items:
            work(data, name)
    return time.perf_counter() - start


def measure(work: Work, items: list[Item], repeat: int, seconds: float) -> tuple[float, int]:
    """Best pass time and the loops per pass; every counted pass lasts at least ``seconds``."""
    one_pass(work, items, 1)  # warm-up
    loops = 1
    while (elapsed := one_pass(work, items, loops)) < seconds:
        loops = max(loops + 1, math.ceil(1.05 * loops * seconds / max(elapsed, 1e-9)))
    return min([elapsed] + [one_pass(work, items, loops) for _ in range(repeat - 1)]), loops


def parse_only(options: dict[str, bool]) -> Work:
    parser = etree.XMLParser(**options)  # type: ignore[arg-type]
    return lambda data, _name: etree.fromstring(data, parser)


def pure_python(data: bytes, name: str) -> object:
    """``read_bytes`` with the compiled row walker switched off (the pure-Python install)."""
    walker = xml_reader._walk
    xml_reader._walk = None  # type: ignore[assignment]
    try:
        return read_bytes(data, name)
    finally:
        xml_reader._walk = walker


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    args.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args.add_argument("--repeat", type=int, default=3, help="passes; the best counts (3)")
    args.add_argument("--seconds", type=float, default=3.0, help="minimum seconds a pass (3)")
    opts = args.parse_args(argv)
    if not opts.corpus.is_dir():
        print(f"no corpus directory at {opts.corpus}", file=sys.stderr)
        return 0

    where = pin_to_one_core()
    items = load([opts.corpus])
    good, failed = split_readable(items)
    total = sum(len(d) for _, d in items)
    size = sum(len(d) for _, d in good)
    print(f"corpus   {opts.corpus}: {len(items)} files, {total / 1e6:.2f} MB")
    print(f"timed    {len(good)} files, {size / 1e6:.2f} MB; {len(failed)} excluded")
    for name, why in failed:
        print(f"         excluded {name}: {why}")
    if not good:
        return 0
    print(f"process  one process, {where}; best of {opts.repeat}, passes >= {opts.seconds:g} s")

    works: dict[str, Work] = {"form4 read_bytes": read_bytes}
    if xml_reader._walk is not None:
        works["  pure Python walk"] = pure_python
    else:
        print("walker   form4.read._walk is not built: the reader is pure Python")
    works.update({label: parse_only(options) for label, options in BASELINES.items()})
    print(f"\n{'':<22}{'filings/s':>11}{'MB/s':>8}{'us/filing':>11}{'pass s':>8}{'loops':>7}")
    rates: dict[str, float] = {}
    for label, work in works.items():
        best, loops = measure(work, good, opts.repeat, opts.seconds)
        rates[label] = rate = len(good) * loops / best
        mbps = size * loops / best / 1e6
        print(f"{label:<22}{rate:>11,.0f}{mbps:>8.1f}{1e6 / rate:>11.1f}{best:>8.2f}{loops:>7}")

    verdict = {True: "PASS", False: "MISS"}
    rate = rates["form4 read_bytes"]
    print(
        f"\ntarget   read_bytes >= {TARGET_RATE:,.0f} filings/s: {rate:>9,.0f}  "
        f"{verdict[rate >= TARGET_RATE]}"
    )
    for label in BASELINES:
        ratio = rate / rates[label]
        print(
            f"target   a / ({label}) >= {TARGET_RATIO}: {ratio:>9.3f}  "
            f"{verdict[ratio >= TARGET_RATIO]}"
        )
    print(f"memory   peak RSS {peak_rss_mb():.1f} MB (corpus held in memory: {total / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
