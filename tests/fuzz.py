"""A mutation fuzzer for form4's contracts, and the checks tests/test_fuzz.py shares with it.

The contracts, each checked on every input that reaches it:

* ``read``   (a) ``form4.read(data)`` returns a Filing or raises ``Form4Error``; and invalid
  UTF-8 inside values of ownership XML changes those values only (the Filing read equals the one
  read without the bad bytes elsewhere);
* ``use``    (b) ``validate``, ``to_rows``, ``to_xml`` and ``render`` (html, text, markdown) do
  not raise on a Filing ``read`` returned;
* ``xml``    (c) ``read(to_xml(f)) == f`` (the model's equality, without ``header`` and
  ``source``);
* ``render`` (d) ``read(render(f, fmt))`` equals ``f`` on every field the form shows (compared as
  bench/_fields.py does), or carries a warning naming the place of each difference (but not
  one saying a date or number our page printed could not be read);
* ``ingest`` (e) ``Store.ingest`` of a folder stores every file that reads and records each one
  that does not in ``FAILURE``; a partial copy (a header alone, a rendering) never takes the place
  of the complete document with the same accession number.

Every Filing a reader returns is checked, the ones read back from ``to_xml`` and ``render`` too.
A step still running after ``STEP_SECONDS`` is a failure of its contract (kind ``StepTimeout``).

The fuzzer takes the files of tests/data (and our renderings of its XML) as seeds, mutates them
(bytes, lines, XML elements, EDGAR headers, HTML tags, values of the model) and runs the contracts
on each result. A failure is cut down to a small input that fails the same way and written to
tests/data/fuzz/ as ``<contract>-<sha256 prefix>.<ext>`` (an ingest failure as a folder), with a
line in tests/data/fuzz/README.md and rows in tests/data/MANIFEST.tsv. Input ``i`` of a run
depends only on the seed and ``i``::

    python -m tests.fuzz --seconds 120 --seed 7      # bounded by time (and --count)
    python -m tests.fuzz --seed 7 --input 1234       # input 1234 of seed 7 again, verbosely

Exit status 1 when an enforced contract failed (``ENFORCED``); the measured ones (``MEASURED``)
are counted and reported, not saved.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import dataclasses
import hashlib
import math
import random
import re
import secrets
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

import form4
from form4.errors import Form4Error
from form4.model import FOOTNOTE_FIELDS, Filing
from form4.rows import content_digest
from form4.store import accession_from_path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FUZZ_DIR = DATA / "fuzz"
README = FUZZ_DIR / "README.md"
MANIFEST = DATA / "MANIFEST.tsv"
# After the installed packages, so that bench/dask.py does not hide Dask's.
sys.path.append(str(ROOT / "bench"))

from _fields import compare, shown_fields  # noqa: E402

__all__ = [
    "CONTRACTS",
    "ENFORCED",
    "EXTREME_DATES",
    "EXTREME_DECIMALS",
    "FORMATS",
    "MEASURED",
    "ODD_CHARS",
    "ODD_FOOTNOTE_IDS",
    "ODD_TEXT",
    "Checker",
    "Failure",
    "Fuzzer",
    "Seed",
    "documents_of",
    "edit_filing",
    "folder_files",
    "load_seeds",
    "main",
    "minimize",
    "mutate",
    "regression_inputs",
    "retype",
    "set_value",
    "slots",
]

#: Contracts a failure of which fails a run and the tests.
ENFORCED = ("read", "use", "xml", "ingest")
#: Contracts measured on fuzzed input, counted and reported but not failing: (d), and (c) on a
#: Filing read from a rendering. A mutated page yields values the printed form cannot carry
#: whole (text that reads as the form's own labels, rules, footnote marks or markup; a
#: transaction whose transaction cells are empty, which prints as a holding; street 2 without
#: street 1), and partial sources (no CIK, no owner, footnote ids like ``?1``) that ownership XML
#: cannot hold. The renderings of real filings are held to (d) by tests/test_render.py,
#: tests/test_text_renderings.py and tests/test_converters.py.
MEASURED = ("render", "xml-rendered")
CONTRACTS = (*ENFORCED, *MEASURED)
#: Formats of a Filing read from a rendering of the printed form.
RENDERED = frozenset({"sec-html", "text", "markdown"})
FORMATS = ("html", "text", "markdown")
#: Normal steps take milliseconds on inputs of tests/data's size; 3 s is a hang.
STEP_SECONDS = 3.0
INGEST_SECONDS = 30.0
#: Seed folders of tests/data (datasets and xsd are not filings).
SEED_FOLDERS = ("xml", "txt", "html", "text", "renderings", "seed", "samples")
#: Mutated inputs larger than this are cut back: the contracts do not need megabytes.
MAX_INPUT = 1 << 20
_FORM4 = Path(form4.__file__).resolve().parent


# -- odd values ------------------------------------------------------------------------------------
#: Characters readers and writers treat specially: C0/C1 controls, line and paragraph separators
#: (str.splitlines() breaks at U+0085, U+2028, U+2029, \x1c-\x1e), BOM, zero-width and bidi marks,
#: digits that are not ASCII, markup of every output format.
ODD_CHARS = (
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1c", "\x1e", "\x1f", "\x7f", "\x85", "\x9f",
    "\u2028", "\u2029", "\ufeff", "\u200b", "\u202e", "\u00a0", "\u3000", "\ufffd", "\ue000",
    "\U0001f600", "\u0301", "\u0663", "\u00b2", "\u00bd", "\uff11", "\t", "\r", "\n", "\r\n",
    "|", "\\", "*", "_", "`", "#", "$", "<", ">", "&", '"', "'", "[", "]", "(", ")",
)  # fmt: skip
#: Whole values that look like something else: footnote marks, checkboxes, markup, numbers.
ODD_TEXT = (
    "", " ", "Common Stock (1)", "Common Stock(1)", "Stock (1)(2)", "(1)", "(F1)", "[X]", "[ ]",
    "$ 5", "\\$5", "**bold**", "| a | b |", "---", "<b>x</b>", "&amp;", "&#1;", "]]>", "<!--",
    "Table I - Non-Derivative", "FORM 4", "Explanation of Responses:", "Remarks:",
    "** Signature of Reporting Person", "03/15/2021", "1,000", "N/A", "See footnote",
    "Société Générale", "Ünïcödé\u0085line", "a\u2028b", "a\u2029b", "x" * 300,
    "y" * 33000, " padded ", "two  spaces", "tab\tbed", "line\nbreak", "\x01ctrl",
)  # fmt: skip
#: Numbers as a document may spell them.
ODD_NUMBERS = (
    "0", "-0", "-1", "1e3", "1E+400", "NaN", "Infinity", "-Infinity", "9" * 40,
    "0." + "0" * 30 + "1", "1,000", "1.000,5", " 5 ", "5.", ".5", "+5", "0x10", "\u0661\u0662",
    "1_000", "12.34567", "999999999999.9999", "1000000000000", "$5", "(5)", "5%", "1/2", "",
)  # fmt: skip
#: Dates as a document may spell them.
ODD_DATES = (
    "0001-01-01", "9999-12-31", "0000-01-01", "2024-02-30", "2024-13-01", "2024-07-19-05:00",
    "2024-07-19Z", "2024-07-19T10:00:00", "20240719", "07/19/2024", "1900-02-29", "2000-02-29",
    "10000-01-01", "-2024-01-01", "2024-7-9", "",
)  # fmt: skip
EXTREME_DECIMALS = tuple(
    Decimal(s)
    for s in (
        "0", "-0", "-1", "-0.0001", "1E+30", "9" * 40, "0.000000000001", "999999999999.9999",
        "1000000000000", "1.23E-7", "5381.20", "0.5", "123456789012345678", "1E+6", "-5E+3",
    )
)  # fmt: skip
EXTREME_DATES = (
    date(1, 1, 1),
    date(1, 12, 31),
    date(999, 1, 1),
    date(1900, 2, 28),
    date(2000, 2, 29),
    date(9999, 12, 31),
)
ODD_FOOTNOTE_IDS = ("F0", "F100", "F1 ", "?1", "", "f1", "F01", "F99", "1", "F1F2")


def odd_text(rng: random.Random) -> str:
    """An odd text value: a known trap, odd characters, or a mix around ordinary words."""
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(ODD_TEXT)
    if roll < 0.7:
        return "".join(rng.choice((*ODD_CHARS, "a", "1", " ")) for _ in range(rng.randint(1, 12)))
    word = rng.choice(("Common Stock", "Director", "By Trust", "Smith John"))
    at = rng.randint(0, len(word))
    return word[:at] + rng.choice(ODD_CHARS) + word[at:] + rng.choice(("", " (1)", "(2)", ""))


# -- failures --------------------------------------------------------------------------------------
class StepTimeout(BaseException):
    """A step ran longer than its limit (a BaseException: ``except Exception`` must not eat it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with StepTimeout after ``seconds`` (main thread, POSIX only)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise StepTimeout(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class Failure:
    """One broken contract: which, how (exception class, or the kind of difference) and where.

    ``where`` is exact (``form4/read/html.py:371``, or a field path); ``key`` is its stable part
    (the function, the path with indices dropped), so that the same bug found twice, or in a
    cut-down input, has the same ``signature``.
    """

    contract: str
    kind: str
    where: str
    key: str
    detail: str

    @property
    def signature(self) -> str:
        return f"{self.contract}: {self.kind} at {self.key}"

    def __str__(self) -> str:
        return f"{self.contract}: {self.kind} at {self.where}: {self.detail}"


def _frame_name(frame: traceback.FrameSummary) -> str:
    path = Path(frame.filename).resolve()
    return f"form4/{path.relative_to(_FORM4)}" if path.is_relative_to(_FORM4) else path.name


def _frame_of(error: BaseException) -> tuple[str, str]:
    """``file:line`` of the innermost form4 frame that raised ``error``, and ``file in function``
    to tell it by: that frame's function, or for a StepTimeout (which stops wherever the slow
    loop happens to be) the function through which the stack entered that file."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if Path(f.filename).resolve().is_relative_to(_FORM4)] or frames
    if not own:
        return "?", "?"
    frame = own[-1]
    name = _frame_name(frame)
    key = frame
    if isinstance(error, StepTimeout):
        for outer in reversed(own):
            if _frame_name(outer) != name:
                break
            key = outer
    return f"{name}:{frame.lineno}", f"{name} in {key.name}"


def _raised(contract: str, error: BaseException, step: str) -> Failure:
    where, key = _frame_of(error)
    message = " ".join(str(error).split())[:300]
    return Failure(contract, type(error).__name__, where, key, f"{step}: {message}")


def _general(path: str) -> str:
    """A field path without its indices and keys: the same bug in another row is the same."""
    return re.sub(r"\[[^\]]*\]", "[]", path)


# -- comparing ---------------------------------------------------------------------------------
def first_difference(a: Any, b: Any, path: str = "filing") -> str | None:
    """The path of the first field where two model values differ (as equality compares them)."""
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        if type(a) is not type(b):
            return f"{path}: {type(a).__name__} != {type(b).__name__}"
        for spec in dataclasses.fields(a):
            if spec.compare:
                name = f"{path}.{spec.name}"
                found = first_difference(getattr(a, spec.name), getattr(b, spec.name), name)
                if found:
                    return found
        return None
    if isinstance(a, tuple) and isinstance(b, tuple):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{path}: {len(a)} items != {len(b)}"
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            return f"{path}: keys {sorted(a)} != {sorted(b)}"
        for k in a:
            found = first_difference(a[k], b[k], f"{path}[{k}]")
            if found:
                return found
        return None
    if a == b and type(a) is type(b):
        return None
    return f"{path}: {a!r} != {b!r}"


#: Where the readers of renderings report what they could not read: a shown-field path and the
#: warning places (lower case) that name it. Places as form4/read/html.py, text.py and the
#: _text_*.py modules write them: "box 2 (issuer)", "Table I row 3, price", "signature 2, date"...
_PLACES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(path), re.compile(place))
    for path, place in (
        (r"document_type$", r"page heading|^document|form"),
        (r"period_of_report$", r"period of report|^boxes"),
        (r"date_of_original_submission$", r"amendment|^boxes"),
        (r"issuer\.", r"issuer|^boxes"),
        (r"not_subject_to_section16$", r"section ?16"),
        (r"aff10b5one$", r"10b5"),
        (r"no_securities_owned$", r"no securities|^$"),
        (r"form3_holdings_reported$", r"form ?3 holdings"),
        (r"form4_transactions_reported$", r"form ?4 transactions"),
        (r"owners\[", r"reporting (person|owner)|relationship|box 1\b|address|^boxes"),
        (r"table1\[", r"^table i(?!i)"),
        (r"table2\[", r"^table ii"),
        (r"footnotes\[", r"explanation|footnote"),
        (r"remarks$", r"remarks"),
        (r"signatures\[", r"signature"),
    )
)


def naming(path: str, warnings: Sequence[form4.ReadWarning]) -> list[form4.ReadWarning]:
    """The warnings that name the place of the shown field ``path``."""
    fid = re.fullmatch(r"footnotes\[(.*)\]", path)
    found = []
    for pattern, places in _PLACES:
        if pattern.match(path):
            for warning in warnings:
                if places.search(warning.place.lower()) or (
                    fid and f"footnote {fid.group(1)}" in warning.message
                ):
                    found.append(warning)
    return found


#: A reader's words for a printed value it could not take: for a date or number our own page
#: printed, the page is at fault, and the warning does not excuse it.
_UNREADABLE = re.compile(r"is not a (date|number)|does not fit")


#: Amount cells print one of two fields, the dollar value when there is one (as render.py and
#: bench/_fields.py choose): with both given, the number of shares is not on the page.
_ONE_OF = (
    ("value_owned_after", "shares_owned_after"),
    ("total_value", "shares"),
    ("underlying_value", "underlying_shares"),
)


_OWNED_AFTER = ("shares_owned_after", "value_owned_after", "owned_after.footnotes")


def hidden_fields(filing: Filing) -> set[str]:
    """Paths of shown_fields() that the page cannot show: the shares beside a dollar value; the
    boxes a form does not have (Form 3: no "no longer subject to Section 16" box; only Form 5
    has "Form 3 holdings reported" and "Form 4 transactions reported"); the amount owned of a
    Form 3's Table II rows (that table has no such column: title, dates exercisable and
    expiring, underlying title and amount, conversion price, ownership form, nature)."""
    out = set()
    if filing.form == "3":
        out.add("not_subject_to_section16")
    if filing.form != "5":
        out |= {"form3_holdings_reported", "form4_transactions_reported"}
    for table, rows in (("table1", filing.non_derivative), ("table2", filing.derivative)):
        for i, row in enumerate(rows):
            for value, shares in _ONE_OF:
                if getattr(row, value, None) is not None or value in row.footnotes:
                    out.add(f"{table}[{i}].{shares}")
            if table == "table2" and filing.form == "3":
                out |= {f"{table}[{i}].{name}" for name in _OWNED_AFTER}
    return out


def _section(filing: Filing, path: str) -> Any:
    """The part of the Filing a shown-field path is in: its table, the owners, the signatures,
    the footnotes, or the one value (a row lost or split moves the rows after it, so the value
    at fault may be in another row than the first difference)."""
    sections = {
        "table1": filing.non_derivative,
        "table2": filing.derivative,
        "owners": filing.owners,
        "signatures": filing.signatures,
        "footnotes": filing.footnotes,
    }
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    return sections[head] if head in sections else getattr(filing, head, None)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            yield from _texts(getattr(value, spec.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)


#: What in a value tends to break a page: characters str.splitlines() breaks at (a rendering's
#: rows are lines), other control characters, a footnote mark's look, the markup of text and
#: markdown renderings. A failure's signature names the traits of the part it is in, so one
#: symptom from two causes is two findings.
_TRAITS = (
    ("line-break", re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")),
    ("control", re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")),
    ("mark-like", re.compile(r"\(\s*F?\d+\s*\)")),
    ("markup", re.compile(r"[|*\\$<>&\[\]_`#]|^\s*-+\s*$")),
)


def traits(filing: Filing, path: str) -> str:
    """The traits of the text of the part of ``filing`` that ``path`` is in, e.g. "line-break"."""
    texts = list(_texts(_section(filing, path)))
    found = [name for name, pattern in _TRAITS if any(pattern.search(t) for t in texts)]
    return "+".join(found) or "plain"


def render_differences(truth: Filing, back: Filing) -> list[tuple[str, str, Any, Any]]:
    """Shown fields of ``back`` that differ from ``truth``: (``lost`` or ``changed``, path,
    truth's value, back's value).

    A field may differ when a warning names its place, unless it is a date or number the reader
    says it could not read as printed (a page can print every date and number).
    """
    counts = compare(truth, back)
    hidden = hidden_fields(truth)
    out = []
    for kind, found in (("lost", counts.missed), ("changed", counts.inventions)):
        for miss in found:
            if miss.path in hidden:
                continue
            warnings = naming(miss.path, back.warnings)
            if isinstance(miss.truth, date | Decimal):
                warnings = [w for w in warnings if not _UNREADABLE.search(w.message)]
            if not warnings:
                out.append((kind, miss.path, miss.truth, miss.got))
    return out


def invalid_utf8(data: bytes, limit: int = 4) -> list[tuple[int, int]]:
    """Where ``data`` is not UTF-8: (start, end) of the first ``limit`` runs of bad bytes."""
    spans: list[tuple[int, int]] = []
    at = 0
    while len(spans) < limit:
        try:
            data[at:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            start, end = at + error.start, at + error.end
            if spans and spans[-1][1] == start:  # one run of bad bytes is one damage
                start = spans.pop()[0]
            spans.append((start, end))
            at = end
    return spans


def _declares_encoding(data: bytes) -> bool:
    """Whether the input names an encoding other than UTF-8 (or starts with a UTF-16 BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:1024]
    return re.search(rb"(encoding|charset)\s*=\s*[\"']?(?!utf-?8)\w", head, re.I) is not None


# -- the contracts -------------------------------------------------------------------------------
@dataclass(slots=True)
class Outcome:
    """What reading one input gave: the Filing, or the error (a ReadError, or anything else)."""

    filing: Filing | None = None
    error: BaseException | None = None


class Checker:
    """Runs the contracts and counts how many times each ran (``runs``)."""

    def __init__(self, step_seconds: float = STEP_SECONDS) -> None:
        self.step_seconds = step_seconds
        self.runs: Counter[str] = Counter()

    def _run(self, fn: Callable[[], Any]) -> tuple[Any, BaseException | None]:
        try:
            with time_limit(self.step_seconds):
                return fn(), None
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # every escape is a finding, StepTimeout included
            return None, error

    # (a)
    def read(self, data: bytes, name: str = "fuzz-input") -> tuple[Outcome, list[Failure]]:
        self.runs["read"] += 1
        filing, error = self._run(lambda: form4.read(data, name=name))
        if error is None:
            return Outcome(filing=filing), self.damage(data, filing, name)
        if isinstance(error, Form4Error):
            return Outcome(error=error), []
        return Outcome(error=error), [_raised("read", error, "read")]

    def damage(self, data: bytes, filing: Filing, name: str) -> list[Failure]:
        """(a) A few invalid UTF-8 sequences inside values of ownership XML change at most as many
        shown fields as there are sequences: the input reads like itself without those bytes."""
        spans = invalid_utf8(data)
        if not spans or len(spans) > 3 or _declares_encoding(data):
            return []
        xml = _xml_part(data)
        if xml is None or not all(xml[0] < start < xml[1] for start, _ in spans):
            return []  # only the text nodes of ownership XML are values and nothing else
        if any(data.rfind(b"<", 0, start) > data.rfind(b">", 0, start) for start, _ in spans):
            return []  # inside markup: the damage may rightly reach a whole element
        clean = bytearray(data)
        for start, end in reversed(spans):
            del clean[start:end]
        cleaned, error = self._run(lambda: form4.read(bytes(clean), name=name))
        if error is not None or cleaned is None:
            return []
        want, got = shown_fields(cleaned), shown_fields(filing)
        changed = [p for p in dict.fromkeys([*want, *got]) if want.get(p) != got.get(p)]
        # A row, owner or signature losing a value may rightly lose the whole of itself; a
        # value that reads differently is a place of its own.
        parents = {
            re.sub(r"^([^\[.]*\[[^\]]*\]).*", r"\1", p)
            if want.get(p) is None or got.get(p) is None
            else p
            for p in changed
        }
        if len(parents) <= len(spans):
            return []
        detail = "; ".join(f"{p}: {want.get(p)!r} -> {got.get(p)!r}" for p in changed[:3])
        return [
            Failure(
                "read",
                "spread",
                ", ".join(_general(p) for p in changed[:3]),
                "invalid UTF-8 inside values",
                f"{len(spans)} invalid UTF-8 sequence(s) changed {len(changed)} shown fields "
                f"in {len(parents)} places of what the input says without them: {detail}"[:500],
            )
        ]

    # (b), (c), (d)
    def filing(self, filing: Filing, *, renderings: bool = True) -> list[Failure]:
        """Contracts (b) and (c) on a Filing read returned, and (d) when ``renderings``; the
        Filings read back from the renderings get (b) and (c) in turn."""
        failures: list[Failure] = []
        self.runs["use"] += 1
        steps: dict[str, Callable[[], Any]] = {
            "validate": lambda: form4.validate(filing),
            "to_rows": lambda: form4.to_rows(filing),
            "to_xml": lambda: form4.to_xml(filing),
        }
        for fmt in FORMATS:
            steps[f"render {fmt}"] = lambda fmt=fmt: form4.render(filing, fmt).encode("utf-8")
        made: dict[str, Any] = {}
        for step, fn in steps.items():
            value, error = self._run(fn)
            if error is not None:
                failures.append(_raised("use", error, step))
            else:
                made[step] = value
        if "to_xml" in made:
            failures += self.xml_round_trip(filing, made["to_xml"])
        if renderings:
            for fmt in FORMATS:
                page = made.get(f"render {fmt}")
                if page is not None:
                    failures += self.render_round_trip(filing, fmt, page)
        return failures

    def xml_round_trip(self, filing: Filing, xml: str) -> list[Failure]:
        contract = "xml-rendered" if filing.source.format in RENDERED else "xml"
        self.runs[contract] += 1
        back, error = self._run(lambda: form4.read(xml, name="fuzz-to_xml.xml"))
        if error is not None:
            return [_raised(contract, error, "read(to_xml(f))")]
        if back == filing:
            return []
        path = first_difference(filing, back) or "filing"
        where = path.split(":")[0]
        return [Failure(contract, "mismatch", where, _general(where), path[:300])]

    def render_round_trip(self, filing: Filing, fmt: str, page: bytes) -> list[Failure]:
        self.runs["render"] += 1
        ext = {"html": "html", "text": "txt", "markdown": "md"}[fmt]
        back, error = self._run(lambda: form4.read(page, name=f"fuzz-render.{ext}"))
        if error is not None:
            return [_raised("render", error, f"read(render(f, {fmt!r}))")]
        failures: list[Failure] = []
        differences = render_differences(filing, back)
        if differences:
            kind, path, _, _ = differences[0]
            detail = "; ".join(f"{p}: {w!r} -> {g!r}" for _, p, w, g in differences[:3])
            failures.append(
                Failure(
                    "render",
                    kind,
                    f"{fmt}: {path}",
                    f"{'html' if fmt == 'html' else 'text'}: {_general(path)}"
                    f" ({traits(filing, path)})",
                    f"{len(differences)} shown fields read back otherwise, no warning accounting "
                    f"for them: {detail[:400]}",
                )
            )
        return failures + self.filing(back, renderings=False)

    def input(self, data: bytes, name: str = "fuzz-input") -> list[Failure]:
        """Every contract but (e) on one input."""
        outcome, failures = self.read(data, name)
        if outcome.filing is not None:
            failures += self.filing(outcome.filing)
        return failures

    # (e)
    def ingest(self, files: Sequence[tuple[str, bytes]]) -> list[Failure]:
        """Ingest the files (relative name, bytes) as one folder into a new store and check it."""
        self.runs["ingest"] += len(files)
        with tempfile.TemporaryDirectory(prefix="form4-fuzz-") as tmp:
            folder = Path(tmp) / "in"
            paths = []
            for rel, data in files:
                path = folder / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                paths.append(path)
            return self._ingest_folder(folder, paths, Path(tmp) / "fuzz.duckdb")

    def _ingest_folder(self, folder: Path, paths: list[Path], db: Path) -> list[Failure]:
        expected: dict[Path, Outcome] = {}
        for path in paths:
            filing, error = self._run(lambda path=path: form4.read(path))
            if isinstance(error, StepTimeout):
                path.unlink()  # a hang in read is contract (a)'s; here it would stall the rest
                continue
            expected[path] = Outcome(filing, error)
        with form4.Store(db) as store:
            try:
                with time_limit(INGEST_SECONDS):
                    store.ingest([folder])
            except KeyboardInterrupt:
                raise
            except BaseException as error:
                return [_raised("ingest", error, "Store.ingest")]
            sources = store.query(
                "SELECT ACCESSION_NUMBER, CONTENT_SHA256, SOURCE FROM FILING_SOURCE"
            ).to_pylist()
            failed = {r["SOURCE"]: r for r in store.query("SELECT * FROM FAILURE").to_pylist()}
        stored = {r["ACCESSION_NUMBER"]: r["CONTENT_SHA256"] for r in sources}
        return self._judge(expected, stored, failed)

    def _judge(
        self,
        expected: dict[Path, Outcome],
        stored: dict[str, str],
        failed: dict[str, dict[str, Any]],
    ) -> list[Failure]:
        failures: list[Failure] = []
        good: dict[Path, tuple[str, str, bool]] = {}  # path -> key, digest, complete
        for path, outcome in expected.items():
            if outcome.filing is None:
                # FAILURE names the source as the error does (an archive member: "path!member")
                row = failed.get(getattr(outcome.error, "source", str(path)))
                error = type(outcome.error).__name__
                if row is None:
                    failures.append(
                        Failure(
                            "ingest",
                            "unrecorded",
                            path.name,
                            f"unreadable file ({error}) not in FAILURE",
                            f"{path.name} raised {error} on reading but has no FAILURE row",
                        )
                    )
                elif row["ERROR"] != error or not row["REASON"]:
                    failures.append(
                        Failure(
                            "ingest",
                            "misrecorded",
                            path.name,
                            "FAILURE row differs from the read error",
                            f"{path.name}: read raised {error}, FAILURE says {row['ERROR']}: "
                            f"{row['REASON']!r}",
                        )
                    )
                continue
            filing = outcome.filing
            digest = content_digest(filing)
            key = filing.accession_number or accession_from_path(str(path)) or "X" + digest[:17]
            complete = not any(x.rule == "R001" for x in form4.validate(filing).findings)
            good[path] = (key, digest, complete)
        for path, (key, digest, complete) in good.items():
            if str(path) in failed:
                continue  # refused by the store (a value DECIMAL(18,6) cannot hold) and recorded
            here = stored.get(key)
            if here == digest or digest in stored.values():
                continue  # stored, maybe under a surer key of the same content
            rivals = [d for p, (k, d, c) in good.items() if k == key and d != digest]
            complete_rivals = [d for p, (k, d, c) in good.items() if k == key and d != digest and c]
            if here is None:
                failures.append(
                    Failure(
                        "ingest",
                        "not-stored",
                        path.name,
                        "a readable file neither stored nor in FAILURE",
                        f"{path.name} reads (key {key}) but is neither stored nor in FAILURE",
                    )
                )
            elif here not in rivals:
                failures.append(
                    Failure(
                        "ingest",
                        "wrong-content",
                        path.name,
                        "stored content is no file's",
                        f"{key}: the stored content digest is none of the files with this key",
                    )
                )
            elif complete and here not in complete_rivals:
                failures.append(
                    Failure(
                        "ingest",
                        "replaced-by-partial",
                        path.name,
                        "a complete filing replaced by a partial copy",
                        f"{path.name} (complete) is stored as a partial copy with the same key "
                        f"{key}",
                    )
                )
        return failures


#: Kinds of ingest failure that name one file (the others are exceptions: the whole folder).
_JUDGED = ("unrecorded", "misrecorded", "not-stored", "wrong-content", "replaced-by-partial")


# -- the model: slots and edits --------------------------------------------------------------------
Path_ = tuple[str | int, ...]


def _kind(type_text: str) -> str | None:
    tokens = {t.strip() for t in str(type_text).split("|")}
    if "Decimal" in tokens:
        return "decimal"
    if "date" in tokens:
        return "date"
    if "bool" in tokens:
        return "bool"
    if "str" in tokens or any(t.startswith("Literal") for t in tokens):
        return "text"
    return None


def slots(filing: Filing) -> list[tuple[Path_, str]]:
    """Every value of a Filing that takes part in equality: (path, kind), kind one of ``text``,
    ``decimal``, ``date``, ``bool``, ``refs`` (a row's footnote references), ``note`` (a
    footnote's text)."""
    out: list[tuple[Path_, str]] = []

    def walk(obj: Any, path: Path_) -> None:
        for spec in dataclasses.fields(obj):
            if not spec.compare:
                continue
            value = getattr(obj, spec.name)
            here = (*path, spec.name)
            if spec.name == "footnotes":
                if isinstance(obj, Filing):
                    out.extend(((*here, fid), "note") for fid in value)
                else:
                    out.append((here, "refs"))
            elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
                for i, item in enumerate(value):
                    walk(item, (*here, i))
            elif dataclasses.is_dataclass(value):
                walk(value, here)
            elif (kind := _kind(str(spec.type))) is not None:
                out.append((here, kind))

    walk(filing, ())
    return out


def set_value(obj: Any, path: Path_, value: Any) -> Any:
    """``obj`` with the value at ``path`` replaced (frozen dataclasses, tuples and mappings)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(obj, tuple):
        assert isinstance(head, int)
        return (*obj[:head], set_value(obj[head], rest, value), *obj[head + 1 :])
    if isinstance(obj, Mapping):
        out = dict(obj)
        out[head] = set_value(out[head], rest, value)
        return out
    assert isinstance(head, str)
    return dataclasses.replace(obj, **{head: set_value(getattr(obj, head), rest, value)})


def odd_value(rng: random.Random, kind: str, filing: Filing) -> Any:
    """A value of ``kind`` chosen to be awkward (None, extremes, odd text)."""
    if rng.random() < 0.1:
        return None if kind not in ("note", "refs") else ("" if kind == "note" else {})
    if kind in ("text", "note"):
        return odd_text(rng)
    if kind == "decimal":
        if rng.random() < 0.5:
            return rng.choice(EXTREME_DECIMALS)
        digits = rng.randint(1, 30)
        return Decimal(rng.randint(-(10**digits), 10**digits)).scaleb(-rng.randint(0, 12))
    if kind == "date":
        if rng.random() < 0.5:
            return rng.choice(EXTREME_DATES)
        return date.fromordinal(rng.randint(1, date(9999, 12, 31).toordinal()))
    if kind == "bool":
        return rng.choice((True, False, None))
    ids = [*filing.footnotes, *ODD_FOOTNOTE_IDS]
    return {
        name: tuple(rng.choice(ids) for _ in range(rng.randint(1, 3)))
        for name in rng.sample(FOOTNOTE_FIELDS, rng.randint(1, 3))
    }


def retype(row: Any) -> Any:
    """The row as the other kind of its table (a holding as a transaction and back)."""
    other = {
        "NonDerivativeTransaction": form4.NonDerivativeHolding,
        "NonDerivativeHolding": form4.NonDerivativeTransaction,
        "DerivativeTransaction": form4.DerivativeHolding,
        "DerivativeHolding": form4.DerivativeTransaction,
    }[type(row).__name__]
    names = {f.name for f in dataclasses.fields(other)}
    return other(
        **{f.name: getattr(row, f.name) for f in dataclasses.fields(row) if f.name in names}
    )


def edit_filing(rng: random.Random, filing: Filing) -> tuple[Filing, str]:
    """One random edit of a Filing: a value made odd, or rows and owners added, dropped, retyped."""
    roll = rng.random()
    tables = [t for t in ("non_derivative", "derivative") if getattr(filing, t)]
    if roll < 0.15 and tables:
        table = rng.choice(tables)
        rows = list(getattr(filing, table))
        i = rng.randrange(len(rows))
        how = rng.choice(("duplicate", "many", "drop", "retype", "reverse"))
        if how == "duplicate":
            rows.insert(i, rows[i])
        elif how == "many":
            rows[i:i] = [rows[i]] * rng.choice((30, 120))
        elif how == "drop":
            del rows[i]
        elif how == "retype":
            rows[i] = retype(rows[i])
        else:
            rows.reverse()
        return dataclasses.replace(filing, **{table: tuple(rows)}), f"{how} row {table}[{i}]"
    if roll < 0.2 and filing.owners:
        owners = list(filing.owners)
        if rng.random() < 0.5 or len(owners) == 1:
            owners = owners * rng.choice((2, 11))
        else:
            del owners[rng.randrange(len(owners))]
        return dataclasses.replace(filing, owners=tuple(owners)), f"{len(owners)} owners"
    if roll < 0.25:
        value = rng.choice(("3", "3/A", "4", "4/A", "5", "5/A", "6", "4/a", "", "X"))
        return dataclasses.replace(filing, document_type=value), f"document_type={value!r}"
    places = slots(filing)
    path, kind = rng.choice(places)
    value = odd_value(rng, kind, filing)
    if kind == "text" and value is None and path[-1] in ("name", "document_type"):
        value = ""
    return set_value(filing, path, value), f"{'.'.join(map(str, path))}={value!r:.60}"


def documents_of(filing: Filing) -> dict[str, bytes]:
    """The Filing as each document form4 writes: ``xml``, ``html``, ``text``, ``markdown``.

    A writer may refuse a Filing no reader returns (a control character cannot go into XML):
    such a form is left out.
    """
    out: dict[str, bytes] = {}
    for fmt in ("xml", *FORMATS):
        try:
            with time_limit(STEP_SECONDS):
                text = form4.to_xml(filing) if fmt == "xml" else form4.render(filing, fmt)
            out[fmt] = text.encode("utf-8")
        except (Exception, StepTimeout):
            continue  # only Filings a reader returned are held to the contracts
    return out


# -- seeds -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Seed:
    name: str  # relative to tests/data, or "render/<stem>.<ext>" for our renderings
    data: bytes = field(repr=False)
    kind: str = "text"  # xml, submission, html, text
    filing: Filing | None = field(default=None, compare=False, repr=False)


def sniff(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = head.lower()
    if b"<sec-document>" in lowered or b"<sec-header>" in lowered or b"<ims-header>" in lowered:
        return "submission"
    if b"accession number:" in lowered:
        return "submission"
    if b"<html" in lowered or lowered.startswith(b"<!doctype html"):
        return "html"
    if head.startswith(b"<"):
        return "xml"
    return "text"


def load_seeds(renderings: bool = True, reproducers: bool = True) -> list[Seed]:
    """The files of tests/data (and of tests/data/fuzz), plus our renderings of its XML."""
    seeds: list[Seed] = []
    folders = [DATA / name for name in SEED_FOLDERS] + ([FUZZ_DIR] if reproducers else [])
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name == "README.md":
                continue
            data = path.read_bytes()
            filing = None
            with contextlib.suppress(Exception, StepTimeout), time_limit(STEP_SECONDS):
                filing = form4.read(data, name=path.name)  # a seed need not read
            seeds.append(Seed(str(path.relative_to(DATA)), data, sniff(data), filing))
    if renderings:
        for seed in [s for s in seeds if s.kind == "xml" and s.name.startswith("xml/")]:
            if seed.filing is None:
                continue
            stem = Path(seed.name).stem
            for fmt, data in documents_of(seed.filing).items():
                if fmt != "xml":
                    ext = {"html": "html", "text": "txt", "markdown": "md"}[fmt]
                    seeds.append(Seed(f"render/{stem}.{ext}", data, sniff(data), seed.filing))
    return seeds


def regression_inputs() -> list[Path]:
    """The saved reproducers: files, and folders (ingest) of files."""
    if not FUZZ_DIR.is_dir():
        return []
    return sorted(p for p in FUZZ_DIR.iterdir() if p.name != "README.md")


def folder_files(folder: Path) -> list[tuple[str, bytes]]:
    return [
        (str(p.relative_to(folder)), p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


# -- mutations -------------------------------------------------------------------------------------
Mutator = Callable[[random.Random, bytes], bytes]
_OWNERSHIP = re.compile(
    rb"(?:<\?xml[^>]{0,200}\?>\s*)?<(ownershipDocument|edgarSubmission)\b.*?</\1\s*>", re.S
)
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _odd_bytes(rng: random.Random) -> bytes:
    return odd_text(rng).encode("utf-8")


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def bit_flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4, 8))):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


_INTERESTING = b"\x00\xff\x80\x85\x9f\xc0\xc3\xe2\xed\x3c\x3e\x26\x0a\x0d\x09\x7f\x7c\x22\x2f"


def byte_set(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 3))):
        out[rng.randrange(len(out))] = rng.choice(_INTERESTING)
    return bytes(out)


def insert_odd(rng: random.Random, data: bytes) -> bytes:
    at = _pos(rng, data)
    return data[:at] + _odd_bytes(rng) + data[at:]


_BAD_UTF8 = (b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80", b"\xf8\x88")


def bad_utf8(rng: random.Random, data: bytes) -> bytes:
    at = _pos(rng, data)
    return data[:at] + rng.choice(_BAD_UTF8) + data[at:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return b""
    at = rng.randrange(1, len(data))
    return data[:at] if rng.random() < 0.85 else data[at:]


def chunk_delete(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.choice((1, 8, 64, 512, 4096)))
    return data[:start] + data[end:]


def chunk_duplicate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.choice((1, 8, 64, 512, 4096)))
    times = rng.choice((1, 2, 10))
    return data[:end] + data[start:end] * times + data[end:]


def chunk_move(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 4:
        return data
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.choice((8, 64, 512)))
    piece, rest = data[start:end], data[:start] + data[end:]
    at = _pos(rng, rest)
    return rest[:at] + piece + rest[at:]


def encoding(rng: random.Random, data: bytes) -> bytes:
    """The same text in another encoding or with other line ends."""
    text = data.decode("utf-8", "replace")
    how = rng.choice(("utf-16", "utf-16-le", "latin-1", "cp1252", "crlf", "cr", "bom", "nonl"))
    if how in ("utf-16", "utf-16-le"):
        return text.encode(how)
    if how in ("latin-1", "cp1252"):
        return text.encode(how, "replace")
    if how == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if how == "cr":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    if how == "bom":
        at = rng.choice((0, _pos(rng, data)))
        return data[:at] + b"\xef\xbb\xbf" + data[at:]
    return data.replace(b"\n", b" ")


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def lines_shuffle(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    if len(lines) < 2:
        return data
    start = rng.randrange(len(lines) - 1)
    end = min(len(lines), start + rng.choice((2, 3, 5, 10, 40)))
    window = lines[start:end]
    rng.shuffle(window)
    return b"".join([*lines[:start], *window, *lines[end:]])


def lines_edit(rng: random.Random, data: bytes) -> bytes:
    """Delete, duplicate (up to hundreds of times), swap, join or split lines."""
    lines = _lines(data)
    if not lines:
        return data
    i = rng.randrange(len(lines))
    how = rng.choice(("delete", "duplicate", "many", "swap", "join", "split"))
    if how == "delete":
        del lines[i : i + rng.choice((1, 1, 3, 10))]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "many":
        rows = [n for n, line in enumerate(lines) if b"\t" in line or line.count(b"|") > 3]
        j = rng.choice(rows) if rows else i
        lines[j:j] = [lines[j]] * rng.choice((30, 150, 400))
    elif how == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "join":
        lines[i] = lines[i].rstrip(b"\r\n") + b" "
    else:
        at = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:at] + b"\n" + lines[i][at:]
    return b"".join(lines)


_TOKEN = re.compile(rb"[^\s|<>]{1,80}")


def token_replace(rng: random.Random, data: bytes) -> bytes:
    """A word, number or date of the text replaced by an odd value."""
    tokens = list(_TOKEN.finditer(data, rng.randrange(len(data)) if data else 0))[:200]
    if not tokens:
        return insert_odd(rng, data)
    match = rng.choice(tokens)
    pool = rng.choice((ODD_NUMBERS, ODD_DATES, ODD_TEXT))
    new = rng.choice(pool).encode("utf-8")
    if rng.random() < 0.3:  # keep the token and add a footnote mark or odd character
        new = match.group() + rng.choice((b" (1)", b"(2)", b"(99)", b"(F1)", _odd_bytes(rng)))
    return data[: match.start()] + new + data[match.end() :]


def splice(seeds: Sequence[Seed]) -> Mutator:
    """A piece of another seed inserted somewhere."""

    def splice(rng: random.Random, data: bytes) -> bytes:
        other = rng.choice(seeds).data
        if not other:
            return data
        start = rng.randrange(len(other))
        piece = other[start : start + rng.choice((16, 256, 2048))]
        at = _pos(rng, data)
        return data[:at] + piece + data[at:]

    return splice


# -- markup
_TAG = re.compile(rb"<[^<>]{1,300}>")


def tag_edit(rng: random.Random, data: bytes) -> bytes:
    """A tag deleted, duplicated, moved, or given a stray attribute or character."""
    tags = list(_TAG.finditer(data))
    if not tags:
        return insert_odd(rng, data)
    match = rng.choice(tags)
    tag = match.group()
    how = rng.choice(("delete", "duplicate", "move", "attribute", "break"))
    rest = data[: match.start()] + data[match.end() :]
    if how == "delete":
        return rest
    if how == "duplicate":
        return data[: match.end()] + tag * rng.choice((1, 2, 50)) + data[match.end() :]
    if how == "move":
        at = _pos(rng, rest)
        return rest[:at] + tag + rest[at:]
    if how == "attribute" and not tag.startswith(b"</"):
        return data[: match.end() - 1] + b' x="1' + data[match.end() - 1 :]
    at = match.start() + rng.randint(1, len(tag) - 1)
    return data[:at] + rng.choice((b"<", b">", b"\x00", b" ", b"/", b"\n")) + data[at:]


_HTML_BLOCK = re.compile(rb"<(tr|td|table|span|b|sup|div|p)\b[^>]{0,300}>", re.I)


def html_block(rng: random.Random, data: bytes) -> bytes:
    """An HTML row, cell or table deleted, duplicated, swapped or nested deeply."""
    starts = list(_HTML_BLOCK.finditer(data))
    if not starts:
        return tag_edit(rng, data)
    start = rng.choice(starts)
    name = start.group(1)
    close = re.compile(rb"</" + name + rb"\s*>", re.I).search(data, start.end())
    if close is None:
        return data[: start.start()] + data[start.end() :]
    block = data[start.start() : close.end()]
    how = rng.choice(("delete", "duplicate", "many", "nest", "swap", "unclose"))
    if how == "delete":
        return data[: start.start()] + data[close.end() :]
    if how in ("duplicate", "many"):
        times = 1 if how == "duplicate" else rng.choice((30, 200))
        return data[: close.end()] + block * times + data[close.end() :]
    if how == "nest":
        depth = rng.choice((50, 500, 5000))
        return (
            data[: start.start()]
            + b"<div>" * depth
            + block
            + b"</div>" * depth
            + data[close.end() :]
        )
    if how == "swap":
        later = [m for m in starts if m.start() >= close.end() and m.group(1) == name]
        other_close = None
        if later:
            other = rng.choice(later)
            other_close = re.compile(rb"</" + name + rb"\s*>", re.I).search(data, other.end())
        if not later or other_close is None:
            return data
        second = data[other.start() : other_close.end()]
        middle = data[close.end() : other.start()]
        return data[: start.start()] + second + middle + block + data[other_close.end() :]
    return data[: close.start()] + data[close.end() :]


_STRIPPABLE = (b"tr", b"td", b"th", b"table", b"tbody", b"thead", b"span", b"b", b"sup", b"div",
               b"br", b"p", b"a", b"font", b"body", b"html", b"head", b"title")  # fmt: skip


def html_strip(rng: random.Random, data: bytes) -> bytes:
    """Every tag of one name (opening and closing) removed, in the page or a stretch of it."""
    name = rng.choice(_STRIPPABLE)
    pattern = re.compile(rb"</?" + name + rb"\b[^<>]{0,300}>", re.I)
    if rng.random() < 0.5:
        return pattern.sub(b"", data)
    start = rng.randrange(len(data)) if data else 0
    end = start + rng.choice((200, 2000, 20000))
    return data[:start] + pattern.sub(b"", data[start:end]) + data[end:]


# -- XML trees
def _xml_part(data: bytes) -> tuple[int, int] | None:
    match = _OWNERSHIP.search(data)
    return (match.start(), match.end()) if match else None


def _parse(part: bytes) -> etree._Element | None:
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", part)
    try:
        return etree.fromstring(body, _XML_PARSER)
    except etree.XMLSyntaxError:
        return None


def _serialize(root: etree._Element, part: bytes) -> bytes:
    declaration = re.match(rb"<\?xml[^>]*\?>\s*", part)
    prolog = declaration.group() if declaration else b""
    if prolog and re.search(rb"encoding\s*=\s*[\"'](?!utf-?8)", prolog, re.I):
        prolog = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    return prolog + etree.tostring(root, encoding="utf-8")


def _elements(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str) and el is not root]


def _leaves(root: etree._Element) -> list[etree._Element]:
    return [el for el in _elements(root) if len(el) == 0 and el.tag != "footnoteId"]


def xml_tree(rng: random.Random, data: bytes) -> bytes:
    """An element of the ownership XML deleted, duplicated (up to hundreds of times), swapped,
    moved, renamed, emptied, nested deeply, or given an unknown sibling or a footnote reference."""
    span = _xml_part(data)
    if span is None:
        return tag_edit(rng, data)
    part = data[span[0] : span[1]]
    root = _parse(part)
    if root is None:
        return tag_edit(rng, data)
    elements = _elements(root)
    if not elements:
        return data
    el = rng.choice(elements)
    parent = el.getparent()
    how = rng.choice(
        ("delete", "duplicate", "many", "swap", "move", "rename", "empty", "nest", "add", "ref")
    )
    if how == "delete":
        parent.remove(el)
    elif how in ("duplicate", "many"):
        rows = [e for e in elements if e.tag.endswith(("Transaction", "Holding"))]
        if how == "many" and rows:
            el, parent = (row := rng.choice(rows)), row.getparent()
        for _ in range(1 if how == "duplicate" else rng.choice((30, 100, 400))):
            parent.insert(parent.index(el) + 1, copy.deepcopy(el))
    elif how == "swap":
        other = rng.choice(elements)
        if other is el or el in other.iterancestors() or other in el.iterancestors():
            return data
        placeholder = etree.Element("placeholder")
        parent.replace(el, placeholder)
        other.getparent().replace(other, el)
        parent.replace(placeholder, other)
    elif how == "move":
        target = rng.choice([root, *elements])
        if target is el or el in target.iterancestors():
            return data
        parent.remove(el)
        target.insert(rng.randint(0, len(target)), el)
    elif how == "rename":
        el.tag = rng.choice([*sorted({e.tag for e in elements}), "unknownElement", "value"])
    elif how == "empty":
        for child in list(el):
            el.remove(child)
        el.text = rng.choice((None, "", " ", "\n"))
    elif how == "nest":
        depth = rng.choice((20, 300, 3000))
        top = etree.Element("nest")
        inner = top
        for _ in range(depth - 1):
            inner = etree.SubElement(inner, "nest")
        parent.replace(el, top)
        inner.append(el)
    elif how == "add":
        extra = etree.Element(rng.choice(("unknownElement", "value", "footnoteId", "remarks")))
        extra.text = "x"
        parent.insert(parent.index(el), extra)
    else:
        ref = etree.SubElement(el, "footnoteId")
        ref.set("id", rng.choice(("F1", "F2", "F99", *ODD_FOOTNOTE_IDS)))
    return data[: span[0]] + _serialize(root, part) + data[span[1] :]


def xml_value(rng: random.Random, data: bytes) -> bytes:
    """The text of one leaf element replaced by an odd value (raw bytes: may break the XML)."""
    span = _xml_part(data)
    if span is None:
        return token_replace(rng, data)
    values = list(re.finditer(rb">([^<>]*)</", data[span[0] : span[1]]))
    if not values:
        return data
    match = rng.choice(values)
    start, end = span[0] + match.start(1), span[0] + match.end(1)
    old = data[start:end]
    pool = (ODD_NUMBERS, ODD_DATES, ODD_TEXT, ODD_CHARS)[rng.randrange(4)]
    if rng.random() < 0.5:  # mostly a value of the same look: a date for a date...
        if re.fullmatch(rb"\s*\d{4}-\d\d-\d\d\s*", old):
            pool = ODD_DATES
        elif re.fullmatch(rb"\s*[\d.,]+\s*", old):
            pool = ODD_NUMBERS
    new = rng.choice(pool).encode("utf-8")
    if pool is ODD_CHARS or rng.random() < 0.3:
        at = rng.randint(0, len(old))
        new = old[:at] + new + old[at:]
    escaped = new.replace(b"&", b"&amp;").replace(b"<", b"&lt;") if rng.random() < 0.8 else new
    return data[:start] + escaped + data[end:]


#: Text values of ownership XML (names, titles, footnotes): an odd byte there keeps the document
#: readable, so what it does to the rest of the Filing shows.
_TEXT_VALUE = re.compile(
    rb"<(?:issuerName|rptOwnerName|remarks|signatureName|rptOwnerStreet1|rptOwnerCity"
    rb"|footnote\b[^<>]{0,40})>([^<>]+)<"
    rb"|<(?:securityTitle|natureOfOwnership|underlyingSecurityTitle)>\s*<value>([^<>]+)</value>"
)


def local_edit(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    """Invalid UTF-8 (or an odd character) inside one text value of the ownership XML, mostly
    after a non-ASCII value was written into another (a reader that decodes the whole document
    again another way shows there); None when the seed has no two text values."""
    span = _xml_part(data)
    if span is None:
        return None
    part = data[span[0] : span[1]]
    values = [
        m.span(1) if m.group(1) is not None else m.span(2) for m in _TEXT_VALUE.finditer(part)
    ]
    if len(values) < 2:
        return None
    first, second = rng.sample(values, 2)
    edits = []
    if rng.random() < 0.7:
        edits.append((first, "Société Générale".encode()))
    old = part[second[0] : second[1]]
    at = rng.randint(0, len(old))
    bad = rng.choice(_BAD_UTF8) if rng.random() < 0.8 else rng.choice(ODD_CHARS).encode()
    edits.append((second, old[:at] + bad + old[at:]))
    for (start, end), new in sorted(edits, reverse=True):
        part = part[:start] + new + part[end:]
    return data[: span[0]] + part + data[span[1] :], f"{bad!r} inserted in a text value"


# -- EDGAR headers
_HEADER_LINE = re.compile(rb"^[ \t]*[A-Z][A-Z0-9 \-]{2,40}:[^\n]*$", re.M)
_SGML_TAG = re.compile(rb"^<[A-Z][A-Z0-9\-]*>[^\n]*$", re.M)


def sgml_header(rng: random.Random, data: bytes) -> bytes:
    """A line of the EDGAR header (or an SGML tag line) deleted, duplicated, given an odd value,
    a long run of spaces, or the header cut short."""
    end = data.find(b"<DOCUMENT>")
    head_end = end if end > 0 else min(len(data), 8192)
    lines = list(_HEADER_LINE.finditer(data, 0, head_end)) + list(_SGML_TAG.finditer(data))
    if not lines:
        return tag_edit(rng, data)
    match = rng.choice(lines)
    line = match.group()
    how = rng.choice(("delete", "duplicate", "value", "spaces", "cut", "close", "type"))
    if how == "delete":
        return data[: match.start()] + data[match.end() + 1 :]
    if how == "duplicate":
        return data[: match.end()] + b"\n" + line + data[match.end() :]
    if how == "value":
        colon = line.find(b":")
        cut = colon + 1 if colon >= 0 else line.find(b">") + 1
        value = rng.choice(("99999999", "20240230", "", "0000000000-00-000000", "x" * 200))
        if rng.random() < 0.5:
            value = odd_text(rng)
        return data[: match.start() + cut] + b"\t" + value.encode() + data[match.end() :]
    if how == "spaces":
        at = match.start() + rng.randint(0, len(line))
        return data[:at] + b" " * rng.choice((100, 2000, 20000)) + data[at:]
    if how == "cut":
        return data[: match.end()]
    if how == "close":
        for tag in (b"</SEC-HEADER>", b"</XML>", b"</TEXT>", b"</DOCUMENT>", b"<XML>"):
            if tag in data and rng.random() < 0.5:
                return data.replace(tag, b"", 1)
        return data.replace(b"</SEC-DOCUMENT>", b"")
    return re.sub(
        rb"(?m)^(<TYPE>|CONFORMED SUBMISSION TYPE:\s*)\S+",
        lambda m: m.group(1) + rng.choice((b"X", b"4/A", b"10-K", b"", b"5")),
        data,
        count=rng.choice((0, 1)),
    )


#: Mutators by kind of seed, with weights.
def mutators(kind: str, seeds: Sequence[Seed]) -> list[tuple[Mutator, int]]:
    common: list[tuple[Mutator, int]] = [
        (bit_flip, 3),
        (byte_set, 3),
        (insert_odd, 3),
        (bad_utf8, 2),
        (truncate, 4),
        (chunk_delete, 3),
        (chunk_duplicate, 2),
        (chunk_move, 1),
        (encoding, 1),
        (splice(seeds), 1),
        (lines_shuffle, 2),
        (lines_edit, 3),
        (token_replace, 3),
    ]
    extra: dict[str, list[tuple[Mutator, int]]] = {
        "xml": [(xml_tree, 14), (xml_value, 10), (tag_edit, 3)],
        "submission": [(xml_tree, 8), (xml_value, 6), (sgml_header, 10), (tag_edit, 2)],
        "html": [(html_block, 12), (html_strip, 6), (tag_edit, 8), (token_replace, 6)],
        "text": [(lines_shuffle, 6), (lines_edit, 8), (token_replace, 8)],
    }
    return common + extra[kind]


def mutate(rng: random.Random, seed: Seed, seeds: Sequence[Seed]) -> tuple[bytes, list[str]]:
    """Seed bytes with one to four mutations stacked."""
    table = mutators(seed.kind, seeds)
    functions = [m for m, _ in table]
    weights = [w for _, w in table]
    data, done = seed.data, []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        mutator = rng.choices(functions, weights)[0]
        data = mutator(rng, data)
        done.append(getattr(mutator, "__name__", "mutate").replace("_", "-"))
        if len(data) > MAX_INPUT:
            data = data[:MAX_INPUT]
    return data, done


# -- cutting a failing input down ------------------------------------------------------------------
def _ddmin(items: list[Any], fails: Callable[[list[Any]], bool], deadline: float) -> list[Any]:
    """Delta debugging: drop chunks of ``items`` while the failure stays."""
    chunks = 2
    while len(items) >= 2 and time.monotonic() < deadline:
        size = math.ceil(len(items) / chunks)
        for start in range(0, len(items), size):
            if time.monotonic() >= deadline:
                return items
            candidate = items[:start] + items[start + size :]
            if candidate and fails(candidate):
                items = candidate
                chunks = max(chunks - 1, 2)
                break
        else:
            if chunks >= len(items):
                return items
            chunks = min(len(items), chunks * 2)
    return items


def _drop_elements(data: bytes, fails: Callable[[bytes], bool], deadline: float) -> bytes:
    """Remove elements of the ownership XML while the failure stays: first whole runs of
    children (delta debugging over each element's children, top down: hundreds of rows go in
    a few tries), then single elements, largest first."""
    span = _xml_part(data)
    if span is None:
        return data
    part = data[span[0] : span[1]]
    root = _parse(part)
    if root is None:
        return data

    def written() -> bytes:
        return data[: span[0]] + _serialize(root, part) + data[span[1] :]

    if not fails(written()):
        return data
    queue = [root]
    while queue and time.monotonic() < deadline:
        parent = queue.pop(0)
        children = [c for c in parent if isinstance(c.tag, str)]
        if len(children) > 1:

            def keeping(kept: list[etree._Element], parent: etree._Element = parent) -> bytes:
                for child in list(parent):
                    parent.remove(child)
                for child in kept:
                    parent.append(child)
                return written()

            children = _ddmin(children, lambda kept: fails(keeping(kept)), deadline)
            keeping(children)
        queue.extend(children)
    data = written()
    progress = True
    while progress and time.monotonic() < deadline:
        progress = False
        span = _xml_part(data)
        root = _parse(data[span[0] : span[1]]) if span else None
        if root is None or span is None:
            return data
        part = data[span[0] : span[1]]
        for el in sorted(_elements(root), key=lambda e: -len(e)):
            if time.monotonic() >= deadline:
                return data
            parent = el.getparent()
            if parent is None:
                continue
            position = parent.index(el)
            parent.remove(el)
            candidate = written()
            if fails(candidate):
                data, progress = candidate, True
                break
            parent.insert(position, el)
    return data


_MARKUP_PIECE = re.compile(rb"<[^<]*|[^<]+")


def minimize(data: bytes, fails: Callable[[bytes], bool], seconds: float) -> bytes:
    """A smaller input on which ``fails`` still holds: XML elements, then tags (each with the
    text after it), lines, pieces of 16 bytes, bytes."""
    deadline = time.monotonic() + seconds
    data = _drop_elements(data, fails, deadline)
    if data.count(b"<") > 2:
        tags = _ddmin(_MARKUP_PIECE.findall(data), lambda ts: fails(b"".join(ts)), deadline)
        data = b"".join(tags)
    lines = _ddmin(_lines(data), lambda ls: fails(b"".join(ls)), deadline)
    data = b"".join(lines)
    if len(data) <= 8192:
        pieces = [data[i : i + 16] for i in range(0, len(data), 16)]
        data = b"".join(_ddmin(pieces, lambda ps: fails(b"".join(ps)), deadline))
    if len(data) <= 2048:
        data = bytes(_ddmin(list(data), lambda bs: fails(bytes(bs)), deadline))
    return data


# -- saving ----------------------------------------------------------------------------------------
_README_HEAD = """# Fuzz regressions

Inputs on which form4 broke one of its contracts, found by `python -m tests.fuzz` (tests/fuzz.py
says what each contract is) and cut down to a small input that fails the same way.
`tests/test_fuzz.py` runs every file here (and every folder, through `Store.ingest`) through the
contracts, so each stays fixed once fixed. Names: `<contract>-<SHA-256 prefix>.<ext>`; a folder
`ingest-<prefix>/` holds the files of one ingest. One line per input: what broke, where, and how
the fuzzer made it (seed, input number, seed file and mutations).

"""


def _extension(data: bytes) -> str:
    """.xml, .html or .txt (markdown too: ruff formats .md files, and a reproducer must stay
    byte for byte what it is)."""
    return {"xml": ".xml", "html": ".html"}.get(sniff(data), ".txt")


def _manifest_row(name: str, how: str, contract: str, data: bytes) -> list[str]:
    form, schema = "", ""
    with contextlib.suppress(Exception, StepTimeout), time_limit(STEP_SECONDS):
        filing = form4.read(data, name=name)  # the reproducer need not read
        form, schema = filing.document_type, filing.schema_version or ""
    form = form if re.fullmatch(r"[345](/A)?", form) else ""
    return [f"fuzz/{name}", "form4", f"tests/fuzz.py: {how}", "", form, schema,
            f"fuzz_regression,contract_{contract}"]  # fmt: skip


def save(failures: Sequence[Failure], files: Sequence[tuple[str, bytes]], how: str) -> Path:
    """Write a reproducer (one file, or a folder for ingest), a README line per failure it
    shows, and its MANIFEST rows."""
    FUZZ_DIR.mkdir(parents=True, exist_ok=True)
    contract = failures[0].contract
    digest = hashlib.sha256()
    for rel, data in files:
        digest.update(rel.encode() + b"\0" + data)
    prefix = f"{contract}-{digest.hexdigest()[:12]}"
    rows = []
    if contract == "ingest":
        target = FUZZ_DIR / prefix
        for rel, data in files:
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            rows.append(_manifest_row(f"{prefix}/{rel}", how, contract, data))
        shown = f"{prefix}/"
    else:
        ((_, data),) = files
        target = FUZZ_DIR / (prefix + _extension(data))
        target.write_bytes(data)
        rows.append(_manifest_row(target.name, how, contract, data))
        shown = target.name
    if not README.exists():
        README.write_text(_README_HEAD, encoding="utf-8")
    with README.open("a", encoding="utf-8") as handle:
        for failure in failures:
            detail = " ".join(failure.detail.split())[:240].replace("`", "'")
            handle.write(f"- `{shown}`: {failure.contract}: {failure.kind} at {failure.where} "
                         f"({failure.key}): {detail} [{how}]\n")  # fmt: skip
    if MANIFEST.exists():
        with MANIFEST.open("a", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)
    return target


# -- the fuzzer ------------------------------------------------------------------------------------
def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@dataclass(slots=True)
class Found:
    """A failure signature met during a run: the first failure, how often, where it was saved."""

    failure: Failure
    count: int = 0
    known: bool = False
    saved: Path | None = None


@dataclass(slots=True)
class Fuzzer:
    seed: int
    seconds: float
    count: int | None = None
    save: bool = True
    minimize_seconds: float = 10.0
    ingest_every: int = 25
    note: str = ""
    out: Callable[[str], None] = print
    checker: Checker = field(default_factory=Checker)
    found: dict[str, Found] = field(default_factory=dict)
    failed_inputs: Counter[str] = field(default_factory=Counter)
    inputs: int = 0
    seeds: list[Seed] = field(default_factory=list)
    _pending: list[tuple[str, bytes, str]] = field(default_factory=list)

    def known_signatures(self) -> set[str]:
        """Signatures of enforced contracts the saved reproducers still fail with (not saved
        twice)."""
        checker = Checker(self.checker.step_seconds)
        live: set[str] = set()
        for path in regression_inputs():
            if path.is_dir():
                failures = checker.ingest(folder_files(path))
            else:
                failures = checker.input(path.read_bytes(), path.name)
            live |= {f.signature for f in failures if f.contract in ENFORCED}
        return live

    def make(self, index: int) -> tuple[str, bytes, str]:
        """Input ``index`` of this seed: a name, the bytes, and how they were made."""
        rng = random.Random(f"{self.seed}/{index}")
        seed = rng.choice(self.seeds)
        roll = rng.random()
        if roll < 0.15 and seed.kind == "xml" and seed.filing is not None:
            filing, what = seed.filing, []
            for _ in range(rng.choice((1, 1, 2, 3))):
                filing, step = edit_filing(rng, filing)
                what.append(step)
            documents = documents_of(filing)
            if documents:
                fmt = rng.choice(sorted(documents))
                data = documents[fmt]
                if rng.random() < 0.2:
                    data, more = mutate(rng, Seed(seed.name, data, sniff(data)), self.seeds)
                    what += more
                ext = {"xml": ".xml", "html": ".html", "text": ".txt", "markdown": ".md"}[fmt]
                return f"fuzz-{index}{ext}", data, f"{seed.name} as {fmt} after {'; '.join(what)}"
        if roll < 0.22 and seed.kind in ("xml", "submission"):
            edited = local_edit(rng, seed.data)
            if edited is not None:
                data, what = edited
                return f"fuzz-{index}{Path(seed.name).suffix}", data, f"{seed.name}: {what}"
        data, done = mutate(rng, seed, self.seeds)
        ext = Path(seed.name).suffix or ".txt"
        return f"fuzz-{index}{ext}", data, f"{seed.name} by {', '.join(done)}"

    def run(self) -> int:
        started = time.monotonic()
        deadline = started + self.seconds
        self.out(
            f"form4 fuzz: seed {self.seed}, {self.seconds:g} s"
            + (f", at most {self.count} inputs" if self.count is not None else "")
            + f" (replay: python -m tests.fuzz --seed {self.seed} --seconds {self.seconds:g})"
        )
        self.seeds = load_seeds()
        known = self.known_signatures() if self.save else set()
        self.out(
            f"{len(self.seeds)} seeds; {len(known)} failure signatures of the reproducers in "
            f"{_display(FUZZ_DIR)} still fail"
        )
        index = 0
        while time.monotonic() < deadline and (self.count is None or index < self.count):
            name, data, how = self.make(index)
            failures = self.checker.input(data, name)
            self.inputs += 1
            self.failed_inputs.update({f.contract for f in failures})
            where = f"seed {self.seed}, input {index}: {how}"
            self._record(failures, [(name, data)], where, known, deadline)
            crashed = any(f.contract == "read" and f.kind != "spread" for f in failures)
            if not crashed or index % 2 == 0:
                self._pending.append((name, data, how))
            if len(self._pending) >= self.ingest_every:
                self._ingest(index, known, deadline)
            index += 1
        if self._pending:
            self._ingest(index, known, deadline)
        return self.report(time.monotonic() - started, index)

    def _ingest(self, index: int, known: set[str], deadline: float) -> None:
        rng = random.Random(f"{self.seed}/ingest/{index}")
        files = [(f"{i:03d}-{name}", data) for i, (name, data, _) in enumerate(self._pending)]
        twins = self._twins(rng)
        how = f"seed {self.seed}, inputs {index + 1 - len(self._pending)} to {index}"
        if twins:
            how += f" with the original XML {', '.join(n for n, _ in twins)}"
        self._pending.clear()
        failures = self.checker.ingest(files + twins)
        crashed = any(f.kind not in _JUDGED for f in failures)
        self.failed_inputs["ingest"] += len(files + twins) if crashed else len(failures)
        self._record(failures, files + twins, how, known, deadline)

    def _twins(self, rng: random.Random) -> list[tuple[str, bytes]]:
        """The ownership XML of some submissions in the folder, named by accession number: a
        partial copy (a submission cut to its header) must not take its place in the store."""
        out: dict[str, bytes] = {}
        for _, _, how in self._pending:
            source = how.split(" ", 1)[0].rstrip(":")
            if not source.startswith("txt/") or rng.random() < 0.5:
                continue
            seed = next((s for s in self.seeds if s.name == source), None)
            if seed is None or seed.filing is None or not seed.filing.accession_number:
                continue
            span = _xml_part(seed.data)
            if span is not None:
                out[f"twin/{seed.filing.accession_number}.xml"] = seed.data[span[0] : span[1]]
        return list(out.items())

    def _record(
        self,
        failures: list[Failure],
        files: list[tuple[str, bytes]],
        how: str,
        known: set[str],
        deadline: float,
    ) -> None:
        """Count the failures of one input; cut the input down to one that still shows every
        failure new to this run and the saved reproducers, and save it."""
        new: list[Failure] = []
        measured = [f for f in failures if f.contract in MEASURED]
        for failure in {f.signature: f for f in measured}.values():  # counted, never saved
            entry = self.found.setdefault(failure.signature, Found(failure, known=False))
            entry.count += 1
        failures = [f for f in failures if f.contract not in MEASURED]
        for failure in {f.signature: f for f in failures}.values():
            entry = self.found.get(failure.signature)
            if entry is None:
                entry = Found(failure, known=failure.signature in known)
                self.found[failure.signature] = entry
                self.out(f"  {'known' if entry.known else 'NEW'}: {failure}"[:500])
                self.out(f"    [{how}]")
                if not entry.known:
                    new.append(failure)
            entry.count += 1
        if not new or not self.save:
            return
        budget = min(self.minimize_seconds, max(1.0, deadline - time.monotonic()))
        signatures = {f.signature for f in new}
        files, shown = self._minimize(signatures, files, budget)
        how = f"{how}; {self.note}" if self.note else how
        shown = list({f.signature: f for f in shown if f.signature in signatures}.values())
        saved = save(shown or new, files, how)
        for failure in new:
            self.found[failure.signature].saved = saved
        size = sum(len(d) for _, d in files)
        self.out(f"    saved {_display(saved)} ({size:,} bytes)")

    def _minimize(
        self, signatures: set[str], files: list[tuple[str, bytes]], seconds: float
    ) -> tuple[list[tuple[str, bytes]], list[Failure]]:
        """Smaller files that fail with every one of ``signatures`` and with nothing the
        original did not fail with, and their failures."""
        if any(s.split(": ", 1)[1].startswith("StepTimeout") for s in signatures):
            return files, []  # each try would take the whole time limit: kept as found
        scratch = Checker(self.checker.step_seconds)
        ingest = next(iter(signatures)).startswith("ingest")
        ((name, data),) = files if not ingest else [("", b"")]

        def check(candidate: Any) -> list[Failure]:
            return scratch.ingest(candidate) if ingest else scratch.input(candidate, name)

        allowed = {f.signature for f in check(files if ingest else data)}

        def fails(candidate: Any) -> bool:
            found = {f.signature for f in check(candidate)}
            return signatures <= found <= allowed

        if ingest:
            if seconds > 0:
                files = _ddmin(list(files), fails, time.monotonic() + seconds)
            return files, check(files)
        if seconds > 0:
            data = minimize(data, fails, seconds)
        return [(name, data)], check(data)

    def report(self, seconds: float, inputs: int) -> int:
        runs = self.checker.runs
        self.out(f"\n{inputs:,} inputs in {seconds:.1f} s (seed {self.seed})")
        self.out(
            "inputs: read = the fuzzer's inputs; use and xml = Filings read (from inputs and "
            "back from to_xml and renderings); render = Filings x formats; ingest = files"
        )
        self.out(f"{'contract':<10}{'inputs':>10}{'failing':>10}{'signatures':>12}")
        for contract in CONTRACTS:
            signatures = sum(1 for s in self.found.values() if s.failure.contract == contract)
            self.out(
                f"{contract:<10}{runs[contract]:>10,}{self.failed_inputs[contract]:>10,}"
                f"{signatures:>12}"
            )
        if self.found:
            self.out("\nfailures (signature: inputs; reproducer):")
            for signature, entry in sorted(self.found.items()):
                where = _display(entry.saved) if entry.saved else (
                    "known, saved before" if entry.known else "not saved")  # fmt: skip
                self.out(f"  {signature}: {entry.count}; {where}")
                self.out(f"      e.g. {entry.failure}"[:400])
        self.out(f"\nreplay: python -m tests.fuzz --seed {self.seed} --count {inputs}")
        failing = [e for e in self.found.values() if e.failure.contract in ENFORCED]
        measured = len(self.found) - len(failing)
        self.out(
            f"{len(failing)} signature(s) of enforced contracts ({', '.join(ENFORCED)}); "
            f"{measured} of measured ones ({', '.join(MEASURED)}), reported only"
        )
        return 1 if failing else 0

    def replay(self, index: int) -> int:
        self.seeds = load_seeds()
        name, data, how = self.make(index)
        self.out(f"input {index} of seed {self.seed}: {name}, {len(data):,} bytes, {how}")
        failures = self.checker.input(data, name)
        for failure in failures:
            self.out(f"  {failure}")
        if self.save and failures:
            known = self.known_signatures()
            deadline = time.monotonic() + self.minimize_seconds
            where = f"seed {self.seed}, input {index}: {how}"
            self._record(failures, [(name, data)], where, known, deadline)
        return 1 if any(f.contract in ENFORCED for f in failures) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    parser.add_argument("--seed", type=int, help="random seed (default: a new one, printed)")
    parser.add_argument("--count", type=int, help="at most this many inputs")
    parser.add_argument("--input", type=int, help="only input N of the seed, verbosely")
    parser.add_argument("--no-save", action="store_true", help="write no reproducers")
    parser.add_argument("--note", default="", help="added to each README line (e.g. the commit)")
    parser.add_argument("--minimize-seconds", type=float, default=10.0,
                        help="time to cut each new failure down (default 10)")  # fmt: skip
    parser.add_argument("--step-seconds", type=float, default=STEP_SECONDS,
                        help=f"a slower step fails (default {STEP_SECONDS:g})")  # fmt: skip
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    fuzzer = Fuzzer(
        seed=seed,
        seconds=args.seconds,
        count=args.count,
        save=not args.no_save,
        minimize_seconds=args.minimize_seconds,
        note=args.note,
        checker=Checker(args.step_seconds),
    )
    if args.input is not None:
        return fuzzer.replay(args.input)
    return fuzzer.run()


if __name__ == "__main__":
    sys.exit(main())
