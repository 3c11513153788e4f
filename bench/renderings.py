"""Benchmark reading renderings back through real converters: how much of the page comes back.

Usage: ``python bench/renderings.py [CORPUS_DIR] [--renderer form4|sec] [--chains NAME,...]
[--limit N] [--jobs N] [--dump DIR] [--from-dump DIR] [--show N] [--pdf-header-footer]
[--absent]``
(default corpus: ``../shared/corpus/xml`` beside the repository). ``--dump`` keeps every
chain's text (and the page); ``--from-dump`` scores those texts again without converting (some
15 minutes saved when only the reader changed). ``--pdf-header-footer`` prints the PDFs with the
header and footer a browser adds to each page (date and time, title, address, page number).
``--absent`` splits each chain's missed fields by whether the converter's text still holds their
values (bench/_absent.py): those absent from the text no reader can recover; and counts the
missed table fields by the reason the reader gave at their place (bench/_why.py).

For every XML filing of the corpus: ``truth = form4.read(xml)``, ``html = render(truth, "html")``;
then for each converter chain (HTML to PDF to text, or HTML to markdown, see bench/_converters.py)
``got = form4.read(text)``, and every field the page shows is compared (bench/_fields.py):
exact, missing (read as None) or invented (read, but not what the filing says). A text that
``form4.read`` refuses counts as unreadable and all its fields as missing. The page itself, read
by the HTML reader, is the first line for reference.

``--renderer sec`` renders each filing with the SEC's own stylesheet for its form instead
(bench/_sec.py: ``4_X09.xsl`` for Forms 4 and 4/A, ``3_X07.xsl``, ``5_X09.xsl`` from
``../shared/corpus/xsl``; ``--sheet X06`` to ``X08`` for the older looks of the page, ``--xsl DIR``
for another folder), the page people save from EDGAR, and by default runs the routes people take
from it (``_converters.ROUTES``: html2text, markitdown, inscriptis, and Chromium's PDF through
``pdftotext -layout``, pymupdf4llm or markitdown), naming the ones not installed. The texts
of a sample are kept in tests/data/sec-renderings (a dump: ``--from-dump`` scores them with
neither converters nor stylesheets, over the XML files of tests/data/xml). The truth is
still ``form4.read(xml)``, compared over the fields form4's own page shows (the SEC's page shows
the same boxes and cells).

Prints one line per chain: files, shown fields, exact %, missing, invented, unreadable (refused
by ``form4.read``), seconds converting (the PDF engine's time is counted in each chain that uses
it) and reading, and the reading rate in filings/s. Target:
at least 99% of shown fields exact and no invented value. The system converters (pdftotext of
poppler-utils, headless Chromium) are used when installed; the report names the absent ones.
Always exits 0: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _absent import in_text, searchable
from _converters import (
    CHAINS,
    HEADER_FOOTER_ENV,
    ROUTES,
    Chain,
    ConverterError,
    absent_converters,
    available_chains,
    converter_versions,
)
from _fields import Counts, compare
from _sec import DEFAULT_XSL_DIR, VERSIONS, render_sec, sheet_for
from _why import NOT_A_TABLE_FIELD, reason

import form4
from form4.errors import ReadError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xml"
TARGET_EXACT = 0.99
PAGE = "html (the page)"


@dataclass(slots=True)
class Result:
    """One chain over one file."""

    counts: Counts
    unreadable: bool = False
    failed: str | None = None  # the converter failed (not the reader)
    error: str | None = None
    convert_s: float = 0.0
    read_s: float = 0.0
    # (field pattern, presence) of each missed field in the converter's text (--absent)
    presence: Counter[tuple[str, str]] = field(default_factory=Counter)
    # the reader's reason for each missed field of a table (--absent; bench/_why.py)
    why: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class Total:
    files: int = 0
    counts: Counts = field(default_factory=Counts)
    unreadable: int = 0
    failed: int = 0
    convert_s: float = 0.0
    read_s: float = 0.0
    errors: list[str] = field(default_factory=list)
    presence: Counter[tuple[str, str]] = field(default_factory=Counter)
    why: Counter[str] = field(default_factory=Counter)

    def add(self, name: str, result: Result) -> None:
        self.files += 1
        self.counts = self.counts + result.counts
        self.unreadable += result.unreadable
        self.failed += result.failed is not None
        self.convert_s += result.convert_s
        self.read_s += result.read_s
        self.presence.update(result.presence)
        self.why.update(result.why)
        if result.error:
            self.errors.append(f"{name}: {result.error}")


def _read(text: str | bytes, truth: form4.Filing, label: str, absent: bool = False) -> Result:
    data = text.encode("utf-8") if isinstance(text, str) else text
    start = time.perf_counter()
    try:
        got = form4.read(data, name=label)
    except ReadError as error:
        result = Result(
            compare(truth, None), True, None, str(error), read_s=time.perf_counter() - start
        )
    else:
        result = Result(compare(truth, got), read_s=time.perf_counter() - start)
        if absent:
            for m in result.counts.missed:
                result.why[reason(m.path, got.warnings)] += 1
    if absent:
        searched = searchable(data.decode("utf-8", "replace"))
        for m in result.counts.missed:
            # a row's kind (transaction or holding) is not printed as such
            where = None if m.path.endswith(".kind") else in_text(m.truth, searched)
            result.presence[(_pattern(m.path), where or "n/a")] += 1
    return result


@dataclass(frozen=True, slots=True)
class Renderer:
    """Which page is converted: form4's own (``form4``) or the SEC's (``sec``, with its sheets)."""

    name: str = "form4"
    xsl_dir: Path = DEFAULT_XSL_DIR
    sheet: str | None = None  # the SEC sheet's version; None: the newest for the form

    def html(self, path: Path, truth: form4.Filing) -> str:
        if self.name == "sec":
            return render_sec(path, self.xsl_dir, self.sheet)[0]
        from form4.write import render

        return render(truth, "html")


def run_file(
    path: Path,
    chain_names: list[str],
    dump: Path | None,
    from_dump: Path | None = None,
    renderer: Renderer | None = None,
    absent: bool = False,
) -> dict[str, Result] | str:
    """Every chain over one XML file; a str when the file itself cannot be rendered. With
    ``from_dump`` each chain's text is the one an earlier ``--dump`` wrote, not converted again
    (and the page too when the dump has it: neither converters nor stylesheets are needed)."""
    chains = {c.name: c for c in available_chains()}
    kept = from_dump / "page" / f"{path.stem}.html" if from_dump is not None else None
    try:
        truth = form4.read(path)
        if kept is not None and kept.is_file():
            html = kept.read_text(encoding="utf-8")
        elif from_dump is not None and PAGE not in chain_names:
            html = ""  # not needed: every text comes from the dump
        else:
            html = (renderer or Renderer()).html(path, truth)
    except Exception as error:  # a benchmark reports, whatever breaks
        return f"{type(error).__name__}: {error}"
    out: dict[str, Result] = {}
    if PAGE in chain_names:
        if dump is not None:
            (dump / "page").mkdir(parents=True, exist_ok=True)
            (dump / "page" / f"{path.stem}.html").write_text(html, encoding="utf-8")
        out[PAGE] = _read(html, truth, f"{path.name}:html")
    pdfs: dict[str, tuple[bytes | None, float, str | None]] = {}
    for name in chain_names:
        if name == PAGE:
            continue
        if from_dump is not None:
            out[name] = _from_dump(from_dump / name / f"{path.stem}.txt", truth, name, absent)
            continue
        chain: Chain = chains[name]
        engine = chain.pdf_engine()
        pdf: bytes | None = None
        engine_s = 0.0
        if engine is not None and chain.pdf is not None:
            if engine not in pdfs:
                start = time.perf_counter()
                try:
                    pdfs[engine] = (chain.pdf(html), time.perf_counter() - start, None)
                except Exception as error:
                    pdfs[engine] = (None, time.perf_counter() - start, f"{engine}: {error}")
            pdf, engine_s, failure = pdfs[engine]
            if pdf is None:
                out[name] = Result(compare(truth, None), failed=failure, error=failure)
                continue
        start = time.perf_counter()
        try:
            text = chain.run(html, pdf)
        except (ConverterError, Exception) as error:
            message = f"{name}: {type(error).__name__}: {error}"
            out[name] = Result(compare(truth, None), failed=message, error=message)
            continue
        convert_s = engine_s + time.perf_counter() - start
        if dump is not None:
            target = dump / name
            target.mkdir(parents=True, exist_ok=True)
            (target / f"{path.stem}.txt").write_text(text, encoding="utf-8")
            if pdf is not None and engine is not None:
                (dump / f"{engine}-pdf").mkdir(exist_ok=True)
                (dump / f"{engine}-pdf" / f"{path.stem}.pdf").write_bytes(pdf)
        result = _read(text, truth, f"{path.name}:{name}", absent)
        result.convert_s = convert_s
        out[name] = result
    return out


def _from_dump(text_path: Path, truth: form4.Filing, name: str, absent: bool = False) -> Result:
    if not text_path.is_file():
        message = f"{name}: {text_path} is not in the dump"
        return Result(compare(truth, None), failed=message, error=message)
    text = text_path.read_text(encoding="utf-8")
    return _read(text, truth, f"{text_path.stem}.xml:{name}", absent)


_INDEX = re.compile(r"\[[^\]]*\]")


def _pattern(path: str) -> str:
    return _INDEX.sub("[]", path)


def _fmt(value: object, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _rate(total: Total) -> str:
    """Filings read per second (the reader's time only; refused files included)."""
    return f"{total.files / total.read_s:.0f}" if total.read_s > 0 else "-"


def report(
    totals: dict[str, Total], broken: list[str], show: int, write: Callable[[str], None]
) -> None:
    head = (
        f"{'converter':<28}{'files':>6}{'fields':>8}{'exact %':>9}{'missing':>9}"
        f"{'invented':>9}{'unread.':>8}{'failed':>7}{'conv s':>8}{'read s':>8}{'reads/s':>9}"
    )
    write(head)
    write("-" * len(head))
    for name, t in totals.items():
        c = t.counts
        write(
            f"{name:<28}{t.files:>6}{c.fields:>8}{100 * c.exact_share:>9.2f}{c.missing:>9}"
            f"{c.invented:>9}{t.unreadable:>8}{t.failed:>7}{t.convert_s:>8.1f}{t.read_s:>8.2f}"
            f"{_rate(t):>9}"
        )
    write("")
    write(f"target: at least {100 * TARGET_EXACT:.0f}% of shown fields exact and 0 invented")
    for name, t in totals.items():
        ok = t.counts.exact_share >= TARGET_EXACT and t.counts.invented == 0 and t.files > 0
        write(f"  {'met    ' if ok else 'NOT met'}  {name}")
    if broken:
        write(f"\nfiles not rendered ({len(broken)}): " + "; ".join(broken[:5]))
    for name, t in totals.items():
        if t.presence:
            write(f"\n== {name}: missed fields, and whether the converter's text holds them")
            _presence_table(t.presence, write)
        tables = Counter({r: n for r, n in t.why.items() if r != NOT_A_TABLE_FIELD})
        if tables:
            write(f"\n== {name}: missed table fields by the reader's warning at their place")
            for why, n in tables.most_common(16):
                write(f"  {n:>6}  {100 * n / tables.total():5.1f}%  {why}")
    if show <= 0:
        return
    for name, t in totals.items():
        c = t.counts
        if not (c.inventions or c.missed or t.errors):
            continue
        write(f"\n== {name}")
        for label, items in (("invented", c.inventions), ("missing", c.missed)):
            if not items:
                continue
            by_path = Counter(_pattern(m.path) for m in items)
            write(
                f"  {label} by field: " + ", ".join(f"{p} {n}" for p, n in by_path.most_common(8))
            )
            for m in items[:show]:
                write(f"    {m.path}: truth {_fmt(m.truth)} read {_fmt(m.got)}")
        for error in t.errors[:show]:
            write(f"  unreadable/failed: {error[:300]}")


_PRESENCE = ("whole", "words", "absent", "n/a")


def _presence_table(presence: Counter[tuple[str, str]], write: Callable[[str], None]) -> None:
    """Missed fields per field, split by where their value stands in the text (bench/_absent)."""
    by_field: dict[str, Counter[str]] = {}
    for (pattern, where), n in presence.items():
        by_field.setdefault(pattern, Counter())[where] += n
    head = f"  {'field':<44}{'missed':>7}" + "".join(f"{p:>8}" for p in _PRESENCE)
    write(head)
    totals: Counter[str] = Counter()
    for pattern, counts in sorted(by_field.items(), key=lambda kv: -kv[1].total()):
        totals.update(counts)
        cells = "".join(f"{counts[p]:>8}" for p in _PRESENCE)
        write(f"  {pattern:<44}{counts.total():>7}{cells}")
    write(f"  {'all':<44}{totals.total():>7}" + "".join(f"{totals[p]:>8}" for p in _PRESENCE))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--renderer",
        choices=("form4", "sec"),
        default="form4",
        help="whose page is converted: form4's own rendering or the SEC's stylesheet's",
    )
    parser.add_argument(
        "--xsl", type=Path, default=DEFAULT_XSL_DIR, help="the SEC stylesheets' folder"
    )
    parser.add_argument(
        "--sheet",
        choices=VERSIONS,
        help="the SEC sheets' version (default: the newest for each form; Form 3 stops at X07)",
    )
    parser.add_argument(
        "--chains",
        help="comma-separated chain names (default: all available; with --renderer sec the "
        "routes of _converters.ROUTES)",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--dump", type=Path, help="write each chain's text (and PDFs) here")
    parser.add_argument(
        "--from-dump",
        type=Path,
        help="read each chain's text from an earlier --dump instead of converting (reader changes)",
    )
    parser.add_argument("--show", type=int, default=5, help="mismatches shown per chain")
    parser.add_argument(
        "--absent",
        action="store_true",
        help="per chain, the missed fields split by whether the converter's text holds them "
        "(whole, only as scattered words, absent: no reader can recover those)",
    )
    parser.add_argument(
        "--pdf-header-footer",
        action="store_true",
        help="print PDFs with the header and footer a browser adds (date, title, address, page)",
    )
    args = parser.parse_args(argv)
    if args.pdf_header_footer:
        os.environ[HEADER_FOOTER_ENV] = "1"  # read by the converters, in every worker

    files = sorted(p for p in args.corpus.rglob("*.xml") if not p.name.startswith("."))
    chains = [c.name for c in available_chains()]
    if args.from_dump:
        # The dump's texts, whether or not their converters are installed here; only the files
        # it holds (a sample such as tests/data/sec-renderings is scored alone).
        dumped = [c.name for c in CHAINS if (args.from_dump / c.name).is_dir()]
        chains = [*(n for n in ROUTES if n in dumped), *(n for n in dumped if n not in ROUTES)]
        held = {t.stem for name in chains for t in (args.from_dump / name).glob("*.txt")}
        files = [p for p in files if p.stem in held]
    if args.limit:
        files = files[: args.limit]
    missing_routes = [n for n in ROUTES if n not in chains]
    if args.chains:
        wanted = [n.strip() for n in args.chains.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in chains and n != PAGE]
        if unknown:
            parser.error(f"unknown or unavailable chains: {', '.join(unknown)}; have {chains}")
        chains = wanted
    elif args.renderer == "sec" and not args.from_dump:
        chains = [PAGE, *(n for n in ROUTES if n in chains)]
    else:
        chains = [PAGE, *chains]
    renderer = Renderer(args.renderer, args.xsl, args.sheet)
    absent = absent_converters()
    print(f"corpus: {args.corpus} ({len(files)} XML files)")
    if args.renderer == "sec":
        sheets = []
        for form in ("3", "4", "5"):
            try:
                sheets.append(sheet_for(form, args.xsl, args.sheet).name)
            except Exception as error:
                sheets.append(f"Form {form}: {error}")
        print(f"renderer: the SEC's stylesheets in {args.xsl}: {', '.join(sheets)}")
    else:
        print("renderer: form4's own HTML page (form4.write.render)")
    print("converters:")
    for converter, found in converter_versions().items():
        print(f"  {converter:<14}{found if found else 'ABSENT'}")
    print(f"absent system converters: {', '.join(absent) if absent else 'none'}")
    if args.renderer == "sec":
        print(f"absent routes: {', '.join(missing_routes) if missing_routes else 'none'}")
    print(f"chains: {', '.join(chains)}")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    totals = {name: Total() for name in chains}
    broken: list[str] = []
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [
            (p, pool.submit(run_file, p, chains, args.dump, args.from_dump, renderer, args.absent))
            for p in files
        ]
        for done, (path, future) in enumerate(futures, 1):
            outcome = future.result()
            if isinstance(outcome, str):
                broken.append(f"{path.name}: {outcome}")
            else:
                for name, result in outcome.items():
                    totals[name].add(path.name, result)
            if done % 25 == 0:
                print(
                    f"  {done}/{len(files)} files, {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
    print(f"wall time: {time.perf_counter() - started:.0f} s with {args.jobs} job(s)\n")
    report(totals, broken, args.show, print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
