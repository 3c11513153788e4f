"""Benchmark how reading and rendering scale with the input: seconds per MB at 64 KB, 256 KB,
1 MB and 4 MB, for real filings grown row by row and for inputs shaped to be slow.

Usage: ``python bench/linear.py [--sizes 64K,256K,1M,4M] [--only SUBSTRING] [--budget S]``

Each kind of input is built at each size from one real filing of tests/data/xml (a Form 4 with
both tables, footnotes, remarks and a signature):

- the filing itself with its Table I rows repeated until the size is reached, as ownership XML,
  as an EDGAR ``.txt`` submission wrapping that XML, and as its HTML, text and markdown
  renderings (``form4.render``);
- adversarial shapes in each format: a value (or a line) that is one long run of spaces, of one
  letter or of "-", many short lines, many blank lines, one giant line of box labels, runs of
  brackets, unclosed tags, many elements or cells of one kind.

For each, ``form4.read`` is timed, and when it gives a Filing, ``form4.render`` of that Filing as
html, text and markdown. A figure is the best of up to three runs (fewer when a run is slow),
divided by the input's size in MB. The last column is the ratio of the largest size's figure to
the smallest's: an input read in linear time keeps it near 1 (fixed costs make small inputs
dearer per MB, so it may drop below); work growing with the square of the size shows as a ratio
of about the size ratio (64 from 64 KB to 4 MB). Target: every ratio <= 2. The reader refuses
inputs over DEFAULT_MAX_BYTES (64 MiB); lxml, without huge_tree, refuses text nodes over 10 MB
and elements nested over 256 deep, so no XML shape here needs either. Always exits 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import form4
from form4.errors import ReadError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import load_average, peak_rss_mb, pin_to_one_core

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "data" / "xml" / "0001209191-20-053428.xml"
SIZES = {"64K": 64 << 10, "256K": 256 << 10, "1M": 1 << 20, "4M": 4 << 20}
FORMATS = ("html", "text", "markdown")
TARGET = 2.0

Build = Callable[[int], bytes]


# -- inputs ---------------------------------------------------------------------------------------
def _xml() -> bytes:
    return BASE.read_bytes()


def _rows_block() -> tuple[bytes, bytes, bytes]:
    """BASE split around the rows of its Table I: (before, rows, after)."""
    head, rest = _xml().split(b"<nonDerivativeTable>", 1)
    rows, tail = rest.split(b"</nonDerivativeTable>", 1)
    return head + b"<nonDerivativeTable>", rows, b"</nonDerivativeTable>" + tail


def _xml_with_rows(copies: int) -> bytes:
    head, rows, tail = _rows_block()
    return head + rows * max(copies, 1) + tail


def xml_rows(size: int) -> bytes:
    head, rows, tail = _rows_block()
    return _xml_with_rows((size - len(head) - len(tail)) // len(rows) + 1)


def _with(old: bytes, new: bytes) -> bytes:
    data = _xml()
    assert old in data, old
    return data.replace(old, new, 1)


def _remarks(value: bytes) -> bytes:
    return re.sub(
        rb"<remarks>.*?</remarks>", b"<remarks>" + value + b"</remarks>", _xml(), flags=re.S
    )


def _fill(unit: bytes, size: int) -> bytes:
    return unit * max(size // len(unit), 1)


def submission(xml: bytes, header: bytes = b"") -> bytes:
    """An EDGAR full submission (``.txt``) wrapping one ownership document."""
    return (
        b"<SEC-DOCUMENT>0001209191-20-053428.txt : 20201002\n"
        b"<SEC-HEADER>0001209191-20-053428.hdr.sgml : 20201002\n"
        b"<ACCEPTANCE-DATETIME>20201002193527\n"
        b"ACCESSION NUMBER:\t\t0001209191-20-053428\n"
        b"CONFORMED SUBMISSION TYPE:\t4\n"
        b"PUBLIC DOCUMENT COUNT:\t\t1\n"
        b"CONFORMED PERIOD OF REPORT:\t20200930\n"
        b"FILED AS OF DATE:\t\t20201002\n" + header + b"\nREPORTING-OWNER:\t\n\n\tOWNER DATA:\t\n"
        b"\t\tCOMPANY CONFORMED NAME:\t\t\tTHIEL PETER\n"
        b"\t\tCENTRAL INDEX KEY:\t\t\t0001211060\n\nISSUER:\t\t\n\n\tCOMPANY DATA:\t\n"
        b"\t\tCOMPANY CONFORMED NAME:\t\t\tPalantir Technologies Inc.\n"
        b"\t\tCENTRAL INDEX KEY:\t\t\t0001321655\n</SEC-HEADER>\n"
        b"<DOCUMENT>\n<TYPE>4\n<SEQUENCE>1\n<FILENAME>doc4.xml\n<DESCRIPTION>FORM 4\n"
        b"<TEXT>\n<XML>\n" + xml + b"\n</XML>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    )


def wrapped_submission(size: int) -> bytes:
    """Its XML on one line broken every 1,023 bytes, as EDGAR's text dissemination did."""
    xml = xml_rows(size).replace(b"\n", b"")
    return submission(b"\n".join(xml[i : i + 1023] for i in range(0, len(xml), 1023)))


_RENDERINGS: dict[str, str] = {}


def rendering(fmt: str) -> str:
    if fmt not in _RENDERINGS:
        _RENDERINGS[fmt] = form4.render(form4.read(_xml()), fmt)
    return _RENDERINGS[fmt]


def rendered_rows(fmt: str) -> Build:
    """The rendering of BASE with its Table I rows repeated to make about ``size`` bytes (the
    rows are repeated in the Filing: a rendering takes fewer bytes a row than the XML)."""

    def build(size: int) -> bytes:
        filing = form4.read(_xml())
        rows = filing.non_derivative

        def rendered(copies: int) -> str:
            return form4.render(dataclasses.replace(filing, non_derivative=rows * copies), fmt)

        one, two = len(rendered(1)), len(rendered(2))
        return rendered(max((size - one) // max(two - one, 1) + 1, 1)).encode()

    return build


def line_in(fmt: str, anchor: str, make: Callable[[int], str]) -> Build:
    """A rendering with one (or many) lines put before the line holding ``anchor``."""

    def build(size: int) -> bytes:
        page = rendering(fmt)
        start = page.rindex("\n", 0, page.index(anchor)) + 1
        return (page[:start] + make(size) + "\n" + page[start:]).encode()

    return build


def html_at(anchor: str, make: Callable[[int], str], replace: bool = False) -> Build:
    """The HTML rendering with markup put before (or instead of) ``anchor``."""

    def build(size: int) -> bytes:
        page = rendering("html")
        assert anchor in page, anchor
        return page.replace(anchor, make(size) + ("" if replace else anchor), 1).encode()

    return build


_ISSUER = 'Palantir Technologies Inc.</a> [ <span class="FormData">PLTR</span> ]'
_REMARKS = '<tr><td class="FormText"><b>Remarks:'
_REMARKS_CELL = '<tr><td class="FormText">Remarks:</td></tr>'
_LABELS = "1. Name and Address of Reporting Person   2. Issuer Name and Ticker or Trading Symbol"
_PRICE_END = b"</transactionPricePerShare>"


def _footnote_ids(size: int) -> bytes:
    return _with(_PRICE_END, _fill(b'<footnoteId id="F5"/>', size) + _PRICE_END)


def _header_line(value: bytes) -> bytes:
    return submission(_xml(), b"FILM NUMBER:\t\t" + value + b"\n")


KINDS: list[tuple[str, Build]] = [
    ("xml: Table I rows repeated", xml_rows),
    ("xml: value of spaces", lambda n: _remarks(b"x" + b" " * n + b"y")),
    ("xml: value of one letter", lambda n: _remarks(b"a" * n)),
    ("xml: value of '-'", lambda n: _remarks(b"-" * n)),
    ("xml: value of many lines", lambda n: _remarks(_fill(b"a\n", n))),
    ("xml: many unknown elements", lambda n: _with(b"</issuer>", b"</issuer>" + _fill(b"<x/>", n))),
    ("xml: many footnote ids", _footnote_ids),
    ("xml: unclosed tags", lambda n: _remarks(_fill(b"<a>", n))),
    ("txt: Table I rows repeated", lambda n: submission(xml_rows(n))),
    ("txt: header value of spaces", lambda n: _header_line(b"X" + b" " * n + b"Y")),
    ("txt: many header lines", lambda n: submission(_xml(), _fill(b"FILM NUMBER:\t\t1\n", n))),
    ("txt: XML broken at 1,024", wrapped_submission),
    ("html: Table I rows repeated", rendered_rows("html")),
    ("html: unclosed <title>, no form", lambda n: b"<html>" + _fill(b"<title>", n)),
    ("html: cell of '[', no ticker", html_at(_ISSUER, lambda n: "Palantir</a> " + "[" * n, True)),
    ("html: cell of spaces", html_at(_ISSUER, lambda n: "x" + " " * n + "y</a>", True)),
    ("html: unclosed <td> tags", html_at(_ISSUER, lambda n: "</a>" + "<td>" * (n // 4), True)),
    ("html: many 'Remarks:' cells", html_at(_REMARKS, lambda n: _REMARKS_CELL * (n // 43))),
    ("text: Table I rows repeated", rendered_rows("text")),
    ("text: line of spaces", line_in("text", "2. Issuer Name", lambda n: " " * n + "x")),
    ("text: line of one letter", line_in("text", "/s/ Justin", lambda n: "a" * n)),
    ("text: line of '-'", line_in("text", "2. Issuer Name", lambda n: "-" * n + "x")),
    ("text: blank lines", line_in("text", "Table I -", lambda n: "\n" * n)),
    ("text: many short lines", line_in("text", "(3) Share", lambda n: "ab\n" * (n // 3))),
    ("text: one line of box labels", line_in("text", "1. Name", lambda n: _LABELS * (n // 85))),
    ("markdown: Table I rows repeated", rendered_rows("markdown")),
    ("markdown: line of '['", line_in("markdown", "**2. Issuer Name", lambda n: "[" * n)),
    ("markdown: blank lines", line_in("markdown", "**Table I", lambda n: "\n" * n)),
]


# -- timing -----------------------------------------------------------------------------------
def best(work: Callable[[], object], budget: float) -> float:
    """The best of up to three runs of ``work``; fewer once ``budget`` seconds are spent."""
    times: list[float] = []
    while len(times) < 3 and sum(times) < budget:
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def read_or_error(data: bytes) -> form4.Filing | None:
    try:
        return form4.read(data)
    except ReadError:
        return None


def measure(build: Build, sizes: list[int], budget: float) -> tuple[dict[str, list[float]], str]:
    """Seconds per MB of input for reading and each rendering, at each size; what reading gave."""
    figures: dict[str, list[float]] = {"read": [], **{fmt: [] for fmt in FORMATS}}
    outcome = ""
    for size in sizes:
        data = build(size)
        mb = len(data) / (1 << 20)
        figures["read"].append(best(lambda: read_or_error(data), budget) / mb)  # noqa: B023
        try:
            filing = form4.read(data)
        except ReadError as error:
            outcome = f"refused: {type(error).__name__}"
            continue
        outcome = f"{len(filing.non_derivative)} + {len(filing.derivative)} rows"
        for fmt in FORMATS:
            figures[fmt].append(best(lambda: form4.render(filing, fmt), budget) / mb)  # noqa: B023
    return {op: values for op, values in figures.items() if values}, outcome


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    args.add_argument("--sizes", default=",".join(SIZES), help="of 64K,256K,1M,4M (all)")
    args.add_argument("--only", default="", help="kinds whose name holds this text")
    args.add_argument("--budget", type=float, default=1.0, help="seconds of runs per figure (1)")
    opts = args.parse_args(argv)
    labels = [s.strip() for s in opts.sizes.split(",") if s.strip()]
    sizes = [SIZES[label] for label in labels]

    print(f"process  one process, {pin_to_one_core()}; {load_average()}")
    print(f"input    {BASE.relative_to(ROOT)}, grown to {', '.join(labels)}")
    print("figures  seconds per MB of input; ratio = largest size's figure / smallest's")
    header = "".join(f"{label:>9}" for label in labels)
    print(f"\n{'kind':<34}{'op':<10}{header}{'ratio':>8}")
    worst = 0.0
    for name, build in KINDS:
        if opts.only not in name:
            continue
        figures, outcome = measure(build, sizes, opts.budget)
        for index, (op, values) in enumerate(figures.items()):
            cells = "".join(f"{v:>9.3f}" for v in values) + " " * 9 * (len(sizes) - len(values))
            ratio = values[-1] / values[0] if len(values) == len(sizes) and values[0] else 0.0
            worst = max(worst, ratio)
            mark = "" if ratio <= TARGET else "  MISS"
            note = f"  ({outcome})" if index == 0 else ""
            print(f"{name if index == 0 else '':<34}{op:<10}{cells}{ratio:>8.2f}{mark}{note}")
        sys.stdout.flush()
    verdict = "PASS" if worst <= TARGET else "MISS"
    print(f"\ntarget   every ratio <= {TARGET:g}: worst {worst:.2f}  {verdict}")
    print(f"memory   peak RSS {peak_rss_mb():.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
