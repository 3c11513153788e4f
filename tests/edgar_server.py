"""A local EDGAR for tests: an EDGAR-shaped folder built from the real filings in tests/data, and
a real threaded HTTP server on 127.0.0.1 that serves it at the SEC's paths and injects faults.

The tree (``build_edgar_tree(root, data)``, deterministic: same input, same bytes and mtimes)
    Every ownership filing in tests/data (``xml/*.xml`` that ``form4.read`` reads, and ``txt/*.txt``
    submissions holding an ownership document) gets an accession number (its file name's, its
    EDGAR header's, else a synthetic ``9999999999-24-NNNNNN``; duplicates skipped, the first in
    sorted path order kept) and a filing day: the business days of July 2024 (July 4 is a
    holiday), round-robin in sorted path order, so every business day has filings. Under ``root``:

    Archives/edgar/data/{issuerCIK}/{accession-no-dashes}/
        {primary}                   the ownership XML under a filer-style name (doc4.xml, ...)
        xslF345X05/{primary}        the SEC's HTML rendering: a decoy, never to be fetched
        {accession}.txt             the full submission (the real file for txt sources; an SGML
                                    wrapper with FILED AS OF DATE = the assigned day otherwise)
        {accession}-index.htm       the filing index page
        index.json                  {"directory": {"name", "parent-dir", "item": [{"name",
                                    "type": "file"|"dir", "size": bytes (0 for dirs),
                                    "last-modified": "YYYY-MM-DD HH:MM:SS"}]}}
    Archives/edgar/data/{ownerCIK}/{accession-no-dashes}   a symlink to the issuer's folder, for
        every reporting owner (the server names the owner's path in its index.json); the server
        also answers the legacy flat path Archives/edgar/data/{anyFilerCIK}/{accession}.txt
    Archives/edgar/daily-index/2024/QTR3/form.YYYYMMDD.idx, master.YYYYMMDD.idx  (business days)
    Archives/edgar/full-index/2024/QTR3/form.idx, master.idx                     (the month)
        Ownership filings are listed once per filer (issuer and each owner, with that filer's CIK
        and ``edgar/data/{thatCIK}/{accession}.txt``), beside 8-K, 10-Q, SC 13G and 424B2 rows
        whose files do not exist. Daily dates YYYYMMDD, full-index dates YYYY-MM-DD.
        form.idx columns: form type 17 wide in daily files, 12 in full-index (as EDGAR's).
    Every directory under Archives/ also has an index.json listing.
    files/company_tickers.json      {"0": {"cik_str": int, "ticker", "title"}, ...}
    submissions/CIK##########.json  for every issuer and owner CIK; CIKs with at least
        ``PAGE_SPLIT_MIN`` filings keep the older half in CIK##########-submissions-001.json
        (named in ``filings.files``; columnar arrays at its top level).

The server (``LocalEdgar(root, filings)``; ``start()``/``stop()`` or ``with``)
    Serves the tree at ``url`` (``http://127.0.0.1:PORT``): www.sec.gov and data.sec.gov paths on
    one host, plus ``/cgi-bin/browse-edgar?action=getcurrent&type=4&...&output=atom``. gzip on
    ``Accept-Encoding: gzip``; ETag and Last-Modified with 304s; 404 for missing files; 403 with an
    HTML page when the User-Agent is missing or httpx's default (``require_user_agent``).
    ``requests`` logs every request (``Request``); ``faults`` (``Faults``) injects 429, 503, slow
    answers, dropped connections, truncated bodies and HTML error pages, and ``limit_rate``
    throttles like the SEC. The feed lists ``feed_filings``: all filings by default, or those
    ``publish``-ed, cut to the oldest ``feed_limit`` so tests can make filings "arrive".

The pytest fixture ``local_edgar`` (tests/conftest_edgar.py) yields a started server.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import html
import json
import os
import random
import re
import shutil
import socket
import threading
import time
import warnings
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import form4
from form4 import Filing

__all__ = [
    "BUSINESS_DAYS",
    "PAGE_SPLIT_MIN",
    "XSL_DIR",
    "EdgarFiling",
    "Faults",
    "LocalEdgar",
    "Request",
    "RequestLog",
    "build_edgar_tree",
    "max_in_window",
]

# --- facts --------------------------------------------------------------------------------------

#: July 2024 without weekends and Independence Day (5 U.S.C. 6103(a); docs/calendar.md).
BUSINESS_DAYS: tuple[date, ...] = tuple(
    day
    for day in (date(2024, 7, 1) + timedelta(days=n) for n in range(31))
    if day.weekday() < 5 and day != date(2024, 7, 4)
)
XSL_DIR = "xslF345X05"  # the SEC's rendering folder for current ownership schemas
EDT = timedelta(hours=-4)  # Eastern daylight time, all of July
PAGE_SPLIT_MIN = 6  # CIKs with at least this many filings get a second submissions page
OWNERSHIP_FORMS = frozenset({"3", "3/A", "4", "4/A", "5", "5/A"})
_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")
_MONTH_END = datetime(2024, 7, 31, 23, 0)  # mtime of the month's summary files (Eastern)
# Rows for filings that are not ownership filings; clients must ignore them. (form, company, CIK)
_OTHER_ROWS = (
    ("10-Q", "EXAMPLE INDUSTRIES INC", "9000001"),
    ("SC 13G", "EXAMPLE CAPITAL PARTNERS LP", "9000002"),
    ("424B2", "EXAMPLE BANK N A", "9000003"),
)


# --- the tree ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EdgarFiling:
    """One filing in the local EDGAR. CIKs are written without leading zeros, as in paths."""

    accession: str  # "0000899243-21-031284"
    issuer_cik: str
    owner_ciks: tuple[str, ...]  # document order, no duplicates, never the issuer's
    form: str  # the documentType: "3", "4", "5", "4/A", ...
    day: date  # the filing date assigned in July 2024
    primary: str  # the ownership XML's path relative to the filing folder: "doc4.xml"
    source: Path  # the file in tests/data
    accepted: datetime  # acceptance time, Eastern, naive; on ``day``
    issuer_name: str
    owner_names: tuple[str, ...]  # parallel to owner_ciks

    @property
    def filer_ciks(self) -> tuple[str, ...]:
        """The issuer, then every reporting owner: each has a copy of the folder."""
        return (self.issuer_cik, *self.owner_ciks)

    @property
    def accession_nodash(self) -> str:
        return self.accession.replace("-", "")

    def folder(self, cik: str | None = None) -> str:
        """URL path of the filing folder under ``cik`` (default the issuer), no trailing slash."""
        return f"/Archives/edgar/data/{cik or self.issuer_cik}/{self.accession_nodash}"

    def name_of(self, cik: str) -> str:
        if cik == self.issuer_cik:
            return self.issuer_name
        return self.owner_names[self.owner_ciks.index(cik)]


@dataclass(frozen=True, slots=True)
class _Found:
    """A readable ownership filing in tests/data, before it has a place in the tree."""

    path: Path
    filing: Filing
    accession: str | None
    xml: bytes  # the ownership document as it will sit in the folder
    submission: bytes | None  # the real full submission, for txt sources
    filename: str | None  # the <FILENAME> the submission gave the document


def _cik(text: str | None) -> str | None:
    digits = (text or "").strip().lstrip("0")
    return digits if digits.isdigit() else None


def _ownership_xml(submission: bytes) -> tuple[bytes, str | None] | None:
    """The first embedded ownership document of a full submission, and its <FILENAME>."""
    for match in re.finditer(rb"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", submission, re.S):
        block = re.search(rb"<XML>\s*(.*?)\s*</XML>", match.group(1), re.S)
        if block and b"<ownershipDocument" in block.group(1):
            name = re.search(rb"<FILENAME>[ \t]*([^\s<]+)", match.group(1))
            return block.group(1) + b"\n", name.group(1).decode("ascii") if name else None
    return None


def _find(path: Path) -> _Found | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            filing = form4.read(path)
        except form4.Form4Error:
            return None
        if path.suffix == ".xml":
            xml = path.read_bytes()
            if b"<ownershipDocument" not in xml:
                return None
            accession = path.stem if _ACCESSION.fullmatch(path.stem) else None
            return _Found(path, filing, accession, xml, None, None)
        submission = path.read_bytes()
        embedded = _ownership_xml(submission)
        if embedded is None:
            return None  # a header alone or a pre-2003 text filing: no primary XML to serve
        try:
            form4.read(embedded[0], name=str(path))
        except form4.Form4Error:
            return None
    number = filing.header.accession_number if filing.header else None
    accession = number if number and _ACCESSION.fullmatch(number) else None
    return _Found(path, filing, accession, embedded[0], submission, embedded[1])


def _primary_name(found: _Found, form: str, n: int) -> str:
    if found.filename and found.filename.endswith(".xml") and "/" not in found.filename:
        return found.filename
    digit = form[0]
    names = (
        f"wk-form{digit}_{1719800000 + 3607 * n}.xml",
        f"doc{digit}.xml",
        f"form{digit}.xml",
        "ownership.xml",
        "primary_doc.xml",
        f"edgar{n}.xml",
    )
    return names[n % len(names)]


def _collect(
    data: Path, days: Sequence[date] = BUSINESS_DAYS, copies: int = 1
) -> list[tuple[EdgarFiling, _Found]]:
    paths = sorted([*data.glob("xml/*.xml"), *data.glob("txt/*.txt")])
    found = [f for f in map(_find, paths) if f is not None and _cik(f.filing.issuer.cik)]
    seen: set[str] = set()
    synthetic = 0
    kept: list[tuple[str, _Found]] = []
    for item in found:
        accession = item.accession
        if accession is None:
            synthetic += 1
            accession = f"9999999999-24-{synthetic:06d}"
        if accession in seen:
            continue
        seen.add(accession)
        kept.append((accession, item))
    # More filings than tests/data holds: copy c of each under an accession number of its own
    # (filer ID 88888888cc), its full submission written around the copy's number.
    originals = list(kept)
    for copy in range(1, copies):
        for n, (_, item) in enumerate(originals):
            number = f"{8888888800 + copy:010d}-24-{n:06d}"
            kept.append((number, dataclasses.replace(item, submission=None, accession=number)))
    result = []
    for n, (accession, item) in enumerate(kept):
        filing = item.filing
        issuer_cik = _cik(filing.issuer.cik) or ""
        owners: dict[str, str] = {}
        for owner in filing.owners:
            cik = _cik(owner.cik)
            if cik and cik != issuer_cik and cik not in owners:
                owners[cik] = owner.name or f"CIK {cik}"
        day = days[n % len(days)]
        rank = n // len(days)  # how many filings came before on that day
        accepted = datetime.combine(day, clock(16, 0)) + timedelta(
            minutes=47 * rank % 300, seconds=13 * n % 60
        )
        form = filing.document_type
        result.append(
            (
                EdgarFiling(
                    accession=accession,
                    issuer_cik=issuer_cik,
                    owner_ciks=tuple(owners),
                    form=form,
                    day=day,
                    primary=_primary_name(item, form, n),
                    source=item.path,
                    accepted=accepted,
                    issuer_name=filing.issuer.name or f"CIK {issuer_cik}",
                    owner_names=tuple(owners.values()),
                ),
                item,
            )
        )
    result.sort(key=lambda pair: (pair[0].accepted, pair[0].accession))
    return result


def _epoch(eastern: datetime) -> float:
    return (eastern - EDT).replace(tzinfo=UTC).timestamp()


def _eastern(stamp: float) -> datetime:
    return datetime.fromtimestamp(stamp, UTC).replace(tzinfo=None) + EDT


def _write(path: Path, content: bytes | str, eastern: datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    stamp = _epoch(eastern)
    os.utime(path, (stamp, stamp))


def _sgml_wrapper(edgar: EdgarFiling, filing: Filing, xml: bytes) -> bytes:
    """A minimal EDGAR full submission (``<SEC-DOCUMENT>`` header and document) around the XML."""
    ymd = f"{edgar.day:%Y%m%d}"
    period = filing.period_of_report
    lines = [
        f"<SEC-DOCUMENT>{edgar.accession}.txt : {ymd}",
        f"<SEC-HEADER>{edgar.accession}.hdr.sgml : {ymd}",
        f"<ACCEPTANCE-DATETIME>{edgar.accepted:%Y%m%d%H%M%S}",
        f"ACCESSION NUMBER:\t\t{edgar.accession}",
        f"CONFORMED SUBMISSION TYPE:\t{edgar.form}",
        "PUBLIC DOCUMENT COUNT:\t\t1",
        *([f"CONFORMED PERIOD OF REPORT:\t{period:%Y%m%d}"] if period else []),
        f"FILED AS OF DATE:\t\t{ymd}",
        f"DATE AS OF CHANGE:\t\t{ymd}",
        "",
    ]
    for cik, name in zip(edgar.owner_ciks, edgar.owner_names, strict=True):
        lines += [
            "REPORTING-OWNER:\t",
            "",
            "\tOWNER DATA:\t",
            f"\t\tCOMPANY CONFORMED NAME:\t\t\t{name}",
            f"\t\tCENTRAL INDEX KEY:\t\t\t{int(cik):010d}",
            "",
            "\tFILING VALUES:",
            f"\t\tFORM TYPE:\t\t{edgar.form}",
            "\t\tSEC ACT:\t\t1934 Act",
            "",
        ]
    lines += [
        "ISSUER:\t\t",
        "",
        "\tCOMPANY DATA:\t",
        f"\t\tCOMPANY CONFORMED NAME:\t\t\t{edgar.issuer_name}",
        f"\t\tCENTRAL INDEX KEY:\t\t\t{int(edgar.issuer_cik):010d}",
        "</SEC-HEADER>",
        "<DOCUMENT>",
        f"<TYPE>{edgar.form}",
        "<SEQUENCE>1",
        f"<FILENAME>{edgar.primary}",
        f"<DESCRIPTION>FORM {edgar.form}",
        "<TEXT>",
        "<XML>",
    ]
    head = "\n".join(lines).encode("utf-8") + b"\n"
    tail = b"</XML>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    return head + xml.removeprefix(b"\xef\xbb\xbf").strip() + b"\n" + tail


def _rendering(edgar: EdgarFiling) -> str:
    """Stand-in for the SEC's XSL rendering: HTML although its name ends in .xml."""
    owner = html.escape(edgar.owner_names[0] if edgar.owner_names else "")
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n'
        f"<html><head><title>SEC FORM {edgar.form}</title></head><body>\n"
        f"<!-- {XSL_DIR} rendering of {html.escape(edgar.primary)}: not the XML -->\n"
        f"<table><tr><td>FORM {edgar.form}</td>"
        "<td>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</td></tr>\n"
        f"<tr><td>1. Name and Address of Reporting Person</td><td>{owner}</td></tr>\n"
        "<tr><td>2. Issuer Name and Ticker or Trading Symbol</td>"
        f"<td>{html.escape(edgar.issuer_name)}</td></tr></table>\n</body></html>\n"
    )


def _index_page(edgar: EdgarFiling, cik: str, xml_size: int, txt_size: int) -> str:
    folder = edgar.folder(cik)
    rows = [
        (f"{folder}/{XSL_DIR}/{edgar.primary}", edgar.primary.replace(".xml", ".html"), "&nbsp;"),
        (f"{folder}/{edgar.primary}", edgar.primary, str(xml_size)),
    ]
    cells = "".join(
        f'<tr><td>1</td><td>FORM {edgar.form}</td><td><a href="{href}">{html.escape(label)}</a>'
        f"</td><td>{edgar.form}</td><td>{size}</td></tr>\n"
        for href, label, size in rows
    )
    return (
        "<!DOCTYPE html>\n<html><head><title>EDGAR Filing Documents for "
        f"{edgar.accession}</title></head><body>\n"
        f'<div id="secNum"><strong>SEC Accession No.</strong> {edgar.accession}</div>\n'
        f'<div class="infoHead">Filing Date</div><div class="info">{edgar.day:%Y-%m-%d}</div>\n'
        f'<div class="infoHead">Accepted</div><div class="info">{edgar.accepted:%Y-%m-%d %H:%M:%S}'
        "</div>\n"
        '<table class="tableFile" summary="Document Format Files">\n'
        "<tr><th>Seq</th><th>Description</th><th>Document</th><th>Type</th><th>Size</th></tr>\n"
        f"{cells}"
        '<tr><td>&nbsp;</td><td>Complete submission text file</td><td><a href="'
        f'{folder}/{edgar.accession}.txt">{edgar.accession}.txt</a></td><td>&nbsp;</td>'
        f"<td>{txt_size}</td></tr>\n</table>\n</body></html>\n"
    )


def _write_folders(root: Path, edgar: EdgarFiling, found: _Found) -> None:
    """The issuer's folder, and a relative symlink to it under every owner's CIK (few files
    keep pytest's cleanup of old temporary folders quick)."""
    txt = found.submission or _sgml_wrapper(edgar, found.filing, found.xml)
    folder = root / edgar.folder().lstrip("/")
    _write(folder / edgar.primary, found.xml, edgar.accepted)
    _write(folder / XSL_DIR / edgar.primary, _rendering(edgar), edgar.accepted)
    _write(folder / f"{edgar.accession}.txt", txt, edgar.accepted)
    page = _index_page(edgar, edgar.issuer_cik, len(found.xml), len(txt))
    _write(folder / f"{edgar.accession}-index.htm", page, edgar.accepted)
    for cik in edgar.owner_ciks:
        mirror = root / edgar.folder(cik).lstrip("/")
        mirror.parent.mkdir(parents=True, exist_ok=True)
        mirror.symlink_to(os.path.relpath(folder, mirror.parent), target_is_directory=True)


# One index row: (form type, company name, CIK, filing day, file name).
_Row = tuple[str, str, str, date, str]

_INDEX_COLUMNS = (
    "Form Type   Company Name                                                  CIK         "
    "Date Filed  File Name"
)


def _index_rows(filings: Sequence[EdgarFiling]) -> dict[date, list[_Row]]:
    rows: dict[date, list[_Row]] = {day: [] for day in BUSINESS_DAYS}
    for edgar in filings:
        for cik in edgar.filer_ciks:
            path = f"edgar/data/{cik}/{edgar.accession}.txt"
            rows[edgar.day].append((edgar.form, edgar.name_of(cik), cik, edgar.day, path))
    for n, day in enumerate(BUSINESS_DAYS):
        others = list(_OTHER_ROWS)
        first = next((f for f in filings if f.day == day), None)
        if first:  # an issuer's 8-K beside its Form 4s: CIKs alone do not select ownership rows
            others.insert(0, ("8-K", first.issuer_name, first.issuer_cik))
        for k, (form, name, filer) in enumerate(others):
            accession = f"0001193125-24-{100000 + 10 * n + k:06d}"
            rows[day].append((form, name, filer, day, f"edgar/data/{filer}/{accession}.txt"))
    return rows


def _index_head(title: str, received: str, daily: bool) -> list[str]:
    """The lines above the column titles, as EDGAR's form and master indexes begin."""
    return [
        f"Description:           {title}",
        f"Last Data Received:    {received}",
        "Comments:              webmaster@sec.gov",
        "Anonymous FTP:         ftp://ftp.sec.gov/edgar/",
        *([] if daily else ["Cloud HTTP:            https://www.sec.gov/Archives/"]),
        " ",
        " ",
        " ",
    ]


def _form_index(rows: Iterable[_Row], title: str, received: str, daily: bool) -> str:
    width = 17 if daily else 12  # EDGAR's daily form indexes pad the form type wider
    lines = [
        *_index_head(title, received, daily),
        _INDEX_COLUMNS,
        "-" * 141,
    ]
    for form, name, cik, day, path in sorted(rows, key=lambda r: (r[0], r[1].upper(), r[2])):
        filed = f"{day:%Y%m%d}" if daily else f"{day:%Y-%m-%d}"
        lines.append(f"{form:<{width}}{name[:60]:<62}{cik:<12}{filed:<12}{path}")
    return "\n".join(lines) + "\n"


def _master_index(rows: Iterable[_Row], title: str, received: str, daily: bool) -> str:
    lines = [
        *_index_head(title, received, daily),
        # The daily master files say "File Name", the quarterly ones "Filename" (as EDGAR's do).
        f"CIK|Company Name|Form Type|Date Filed|{'File Name' if daily else 'Filename'}",
        "-" * 80,
    ]
    for form, name, cik, day, path in sorted(rows, key=lambda r: (r[2], r[0], r[4])):
        filed = f"{day:%Y%m%d}" if daily else f"{day:%Y-%m-%d}"
        lines.append(f"{cik}|{name}|{form}|{filed}|{path}")
    return "\n".join(lines) + "\n"


def _write_indexes(root: Path, filings: Sequence[EdgarFiling]) -> None:
    rows = _index_rows(filings)
    daily = root / "Archives/edgar/daily-index/2024/QTR3"
    for day, day_rows in rows.items():
        received = f"{day:%b} {day.day}, {day.year}"
        nightly = datetime.combine(day, clock(22, 0))
        title = "Daily Index of EDGAR Dissemination Feed"
        form_idx = _form_index(day_rows, f"{title} by Form Type", received, daily=True)
        _write(daily / f"form.{day:%Y%m%d}.idx", form_idx, nightly)
        master = _master_index(day_rows, title, received, daily=True)
        _write(daily / f"master.{day:%Y%m%d}.idx", master, nightly)
    every = [row for day_rows in rows.values() for row in day_rows]
    full = root / "Archives/edgar/full-index/2024/QTR3"
    received = "July 31, 2024"
    title = "Master Index of EDGAR Dissemination Feed"
    form_idx = _form_index(every, f"{title} by Form Type", received, daily=False)
    _write(full / "form.idx", form_idx, _MONTH_END)
    _write(full / "master.idx", _master_index(every, title, received, daily=False), _MONTH_END)


def ticker_of(symbol: str | None) -> str | None:
    """The first symbol of an issuerTradingSymbol, upper-cased; None for "N/A", "NONE", ""."""
    text = (symbol or "").strip().upper()
    if text in {"", "N/A", "NA", "NONE", "-"}:
        return None
    first = re.split(r"[,;\s]+", text)[0]
    return first if re.fullmatch(r"[A-Z][A-Z0-9.\-]*", first) else None


def _json(path: Path, content: Any, eastern: datetime) -> None:
    _write(path, json.dumps(content, ensure_ascii=False, separators=(",", ":")) + "\n", eastern)


def _recency(pair: tuple[EdgarFiling, _Found]) -> tuple[date, datetime]:
    """Filings by period of report: the test corpus spans 2003-2025 though filed in one month."""
    return pair[1].filing.period_of_report or date.min, pair[0].accepted


def _write_tickers(root: Path, pairs: Sequence[tuple[EdgarFiling, _Found]]) -> None:
    latest: dict[str, tuple[EdgarFiling, str]] = {}
    for edgar, found in sorted(pairs, key=_recency):  # the latest period's name and ticker win
        ticker = ticker_of(found.filing.issuer.trading_symbol)
        if ticker:
            latest[edgar.issuer_cik] = (edgar, ticker)
    owners: dict[str, str] = {}
    for cik in sorted(latest, key=int):
        owners.setdefault(latest[cik][1], cik)  # one CIK per ticker
    entries = sorted(owners.items())
    content = {
        str(n): {"cik_str": int(cik), "ticker": ticker, "title": latest[cik][0].issuer_name}
        for n, (ticker, cik) in enumerate(entries)
    }
    _json(root / "files/company_tickers.json", content, _MONTH_END)


_RECENT_COLUMNS = (
    *("accessionNumber", "filingDate", "reportDate", "acceptanceDateTime", "act", "form"),
    *("fileNumber", "filmNumber", "items", "core_type", "size", "isXBRL", "isInlineXBRL"),
    *("primaryDocument", "primaryDocDescription"),
)


def _columns(pairs: Sequence[tuple[EdgarFiling, _Found]], root: Path) -> dict[str, list[Any]]:
    """``filings.recent``'s columnar arrays, newest first (data.sec.gov submissions API)."""
    columns: dict[str, list[Any]] = {name: [] for name in _RECENT_COLUMNS}
    for edgar, found in pairs:
        period = found.filing.period_of_report
        size = (root / edgar.folder().lstrip("/") / f"{edgar.accession}.txt").stat().st_size
        values = (
            edgar.accession,
            f"{edgar.day:%Y-%m-%d}",
            f"{period:%Y-%m-%d}" if period else "",
            f"{edgar.accepted:%Y-%m-%dT%H:%M:%S}.000Z",
            "",
            edgar.form,
            "",
            "",
            "",
            edgar.form,
            size,
            0,
            0,
            f"{XSL_DIR}/{edgar.primary}",  # the rendering, as the SEC gives it
            f"FORM {edgar.form}",
        )
        for column, value in zip(columns.values(), values, strict=True):
            column.append(value)
    return columns


def _write_submissions(root: Path, pairs: Sequence[tuple[EdgarFiling, _Found]]) -> None:
    by_cik: dict[str, list[tuple[EdgarFiling, _Found]]] = {}
    for pair in pairs:
        for cik in pair[0].filer_ciks:
            by_cik.setdefault(cik, []).append(pair)
    folder = root / "submissions"
    for cik, mine in sorted(by_cik.items()):
        newest = sorted(mine, key=lambda p: (p[0].accepted, p[0].accession), reverse=True)
        issuer_of = [e for e, _ in newest if e.issuer_cik == cik]
        latest = sorted(mine, key=_recency)[-1]
        name = latest[0].name_of(cik)
        as_issuer = sorted((p for p in mine if p[0].issuer_cik == cik), key=_recency)
        ticker = ticker_of(as_issuer[-1][1].filing.issuer.trading_symbol) if as_issuer else None
        recent, older = newest, []
        if len(newest) >= PAGE_SPLIT_MIN:
            keep = (len(newest) + 1) // 2
            recent, older = newest[:keep], newest[keep:]
        files = []
        if older:
            page_name = f"CIK{int(cik):010d}-submissions-001.json"
            _json(folder / page_name, _columns(older, root), _MONTH_END)
            files.append(
                {
                    "name": page_name,
                    "filingCount": len(older),
                    "filingFrom": f"{older[-1][0].day:%Y-%m-%d}",
                    "filingTo": f"{older[0][0].day:%Y-%m-%d}",
                }
            )
        content = {
            "cik": cik,
            "entityType": "operating" if issuer_of else "other",
            "sic": "",
            "sicDescription": "",
            "insiderTransactionForOwnerExists": int(len(issuer_of) < len(newest)),
            "insiderTransactionForIssuerExists": int(bool(issuer_of)),
            "name": name,
            "tickers": [ticker] if ticker else [],
            "exchanges": [""] if ticker else [],
            "flags": "",
            "formerNames": [],
            "filings": {"recent": _columns(recent, root), "files": files},
        }
        _json(folder / f"CIK{int(cik):010d}.json", content, _MONTH_END)


def _write_listings(root: Path) -> None:
    """index.json in every directory under Archives/, in EDGAR's directory-listing shape."""
    archives = root / "Archives"
    folders = [Path(top) for top, _, _ in os.walk(archives)]  # symlinked mirrors not entered
    # deepest first, so that the folders a listing names (symlinked ones too) are stamped
    for folder in sorted(folders, key=lambda p: (-len(p.parts), p)):
        items = []
        for child in sorted(folder.iterdir()):
            if child.name == "index.json":
                continue
            stamp = child.stat().st_mtime
            items.append(
                {
                    "last-modified": f"{_eastern(stamp):%Y-%m-%d %H:%M:%S}",
                    "name": child.name,
                    "type": "dir" if child.is_dir() else "file",
                    "size": 0 if child.is_dir() else child.stat().st_size,
                }
            )
        url = "/" + folder.relative_to(root).as_posix()
        listing = {
            "directory": {
                "item": items,
                "name": url,
                "parent-dir": url.rsplit("/", 1)[0] + "/",
            }
        }
        newest = max((child.stat().st_mtime for child in folder.iterdir()), default=0.0)
        _write(folder / "index.json", json.dumps(listing, separators=(",", ":")) + "\n", _MONTH_END)
        os.utime(folder / "index.json", (newest, newest))
        os.utime(folder, (newest, newest))


def build_edgar_tree(
    root: Path, data: Path, *, days: Sequence[date] = BUSINESS_DAYS, copies: int = 1
) -> list[EdgarFiling]:
    """Build the local EDGAR under ``root`` from the filings in ``data`` (tests/data), spread
    over ``days`` (July 2024's business days), each filing ``copies`` times (under accession
    numbers of their own after the first).

    Returns the filings in acceptance order. Anything already under root/Archives, root/files and
    root/submissions is replaced.
    """
    for part in ("Archives", "files", "submissions"):
        shutil.rmtree(root / part, ignore_errors=True)
    pairs = _collect(data, days, copies)
    filings = [edgar for edgar, _ in pairs]
    for edgar, found in pairs:
        _write_folders(root, edgar, found)
    _write_indexes(root, filings)
    _write_tickers(root, pairs)
    _write_submissions(root, pairs)
    _write_listings(root)
    return filings


# --- the request log -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the server saw it. ``status`` 0 means the connection was dropped."""

    time: float  # time.monotonic() at arrival
    method: str
    path: str  # with the query
    headers: dict[str, str]  # names lower-cased
    status: int
    fault: str | None = None  # "429", "503", "slow", "drop", "truncate", "html", "throttle"


def max_in_window(times: Iterable[float], seconds: float = 1.0) -> int:
    """The most arrival times inside any half-open window ``[t, t + seconds)``."""
    ordered = sorted(times)
    best = 0
    start = 0
    for end, stamp in enumerate(ordered):
        while stamp - ordered[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


class RequestLog(Sequence[Request]):
    """A thread-safe, append-only list of requests; iteration works on a snapshot."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[Request] = []

    def append(self, request: Request) -> None:
        with self._lock:
            self._items.append(request)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def snapshot(self) -> list[Request]:
        with self._lock:
            return list(self._items)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        with self._lock:
            return self._items[index]

    def __iter__(self) -> Iterator[Request]:
        return iter(self.snapshot())


# --- faults --------------------------------------------------------------------------------------


@dataclass
class Faults:
    """What goes wrong, settable at any time. One uniform draw per request picks at most one
    fault, in the order 429, 503, slow, drop, truncate, html (rates add up along that order).

    A path (with its query) gets at most ``per_path_max`` faults, so every request eventually
    succeeds; ``first_n_only`` limits faults to the first n requests since ``reset()``;
    ``path_prefix`` limits them to paths that start with it. ``html`` only hits requests for
    .xml/.json/.idx/.txt files and the Atom feed; ``truncate`` only 200 answers with a body.
    ``limit_rate`` is not a random fault: over that many requests in the last second (all
    requests count, answered or not), the server answers 429 like the SEC's throttle.
    """

    rate_429: float = 0.0
    retry_after: int = 1  # seconds, in Retry-After of every 429
    rate_503: float = 0.0
    rate_slow: float = 0.0
    slow_seconds: float = 0.5
    rate_drop: float = 0.0  # close the connection without an answer
    rate_truncate: float = 0.0  # announce the whole Content-Length, send half, close
    rate_html: float = 0.0  # 200 text/html SEC error page instead of the file
    seed: int = 0
    per_path_max: int | None = 2
    first_n_only: int | None = None
    path_prefix: str = "/"
    limit_rate: float | None = None

    def ordered(self) -> tuple[tuple[str, float], ...]:
        return (
            ("429", self.rate_429),
            ("503", self.rate_503),
            ("slow", self.rate_slow),
            ("drop", self.rate_drop),
            ("truncate", self.rate_truncate),
            ("html", self.rate_html),
        )


def _sec_page(title: str, heading: str, text: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>SEC.gov | {title}</title></head>\n<body>\n<h1>{heading}</h1>\n<p>{text}</p>\n"
        "<p>For best practices on efficiently downloading information from SEC.gov, including the "
        'latest EDGAR filings, visit <a href="https://www.sec.gov/developer">sec.gov/developer'
        "</a>.</p>\n<p>Reference ID: 0.local.edgar</p>\n</body></html>\n"
    ).encode()


UNDECLARED_PAGE = _sec_page(
    "Request Rate Threshold Exceeded",
    "Your Request Originates from an Undeclared Automated Tool",
    "To allow for equitable access to all users, SEC reserves the right to limit requests "
    "originating from undeclared automated tools. Please declare your traffic by updating your "
    "user agent to include company specific information.",
)
RATE_PAGE = _sec_page(
    "Request Rate Threshold Exceeded",
    "Request Rate Threshold Exceeded",
    "Your request rate exceeds the SEC's fair-access limit of 10 requests per second.",
)
UNAVAILABLE_PAGE = _sec_page(
    "Service Unavailable", "Service Unavailable", "The service is temporarily unavailable."
)
NOT_FOUND_PAGE = _sec_page(
    "File Not Found", "The requested file could not be found", "Check the address and try again."
)
_FLAT_TXT = re.compile(r"Archives/edgar/data/(\d+)/(\d{10}-\d{2}-\d{6})\.txt")
_DATA_SUFFIXES = (".xml", ".json", ".idx", ".txt")
_FEED_PATH = "/cgi-bin/browse-edgar"


def _content_type(path: str) -> str:
    if f"/{XSL_DIR}/" in path or path.endswith((".htm", ".html")):
        return "text/html"
    if path.endswith(".xml"):
        return "text/xml"
    if path.endswith(".json"):
        return "application/json"
    if path.endswith((".idx", ".txt")):
        return "text/plain"
    if path.endswith(".gz"):
        return "application/x-gzip"
    return "application/octet-stream"


@dataclass
class _Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None
    delay: float = 0.0
    truncate: bool = False


# --- the server ----------------------------------------------------------------------------------


class LocalEdgar:
    """A real HTTP server on 127.0.0.1 serving an EDGAR tree, with fault injection."""

    def __init__(
        self,
        root: Path,
        filings: Sequence[EdgarFiling],
        *,
        faults: Faults | None = None,
        require_user_agent: bool = True,
    ) -> None:
        self.root = Path(root).resolve()
        self.filings: list[EdgarFiling] = sorted(filings, key=lambda f: (f.accepted, f.accession))
        self.faults = faults or Faults()
        self.require_user_agent = require_user_agent
        self.requests = RequestLog()
        self.feed_limit: int | None = None
        self.errors: list[BaseException] = []  # unexpected exceptions in handlers
        self._published: list[str] | None = None
        self._lock = threading.Lock()
        self._fault_counts: Counter[str] = Counter()
        self._seen = 0
        self._arrivals: deque[float] = deque()
        self._rng = random.Random(self.faults.seed)
        self._rng_for: tuple[Faults, int] = (self.faults, self.faults.seed)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the local EDGAR is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LocalEdgar:
        if self._httpd is None:
            self._httpd = _Server(("127.0.0.1", 0), _Handler, self)
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> LocalEdgar:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    # the log

    def reset(self) -> None:
        """Forget the requests, the faults already injected per path and the throttle's window."""
        with self._lock:
            self.requests.clear()
            self._fault_counts.clear()
            self._seen = 0
            self._arrivals.clear()

    def max_in_any_window(self, seconds: float = 1.0) -> int:
        """The most requests that arrived inside any window ``[t, t + seconds)``."""
        return max_in_window((r.time for r in self.requests), seconds)

    def archive_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.startswith("/Archives/edgar/data/")]

    @property
    def paged_cik(self) -> str:
        """A CIK whose submissions JSON has a second page (the one with the most filings)."""
        counts = Counter(c for f in self.filings for c in f.filer_ciks)
        paged = [
            cik
            for cik in counts
            if (self.root / f"submissions/CIK{int(cik):010d}-submissions-001.json").exists()
        ]
        return max(paged, key=lambda cik: (counts[cik], cik))

    def filing(self, accession: str) -> EdgarFiling:
        return next(f for f in self.filings if f.accession == accession)

    # the feed

    def publish(self, accessions: Iterable[str]) -> None:
        """Add filings to the feed. Until the first call the feed holds every filing; the first
        call empties it first, so ``publish([a]); publish([b])`` leaves exactly a and b."""
        known = {f.accession for f in self.filings}
        new = list(accessions)
        unknown = [a for a in new if a not in known]
        if unknown:
            raise KeyError(f"not in the local EDGAR: {unknown}")
        with self._lock:
            published = self._published or []
            self._published = published + [a for a in new if a not in published]

    @property
    def feed_filings(self) -> list[EdgarFiling]:
        """What the Atom feed lists, newest first: the published filings (all by default),
        only the oldest ``feed_limit`` of them when that is set."""
        chosen = self.filings
        if self._published is not None:
            wanted = set(self._published)
            chosen = [f for f in chosen if f.accession in wanted]
        if self.feed_limit is not None:
            chosen = chosen[: self.feed_limit]
        return chosen[::-1]

    def _feed(self, query: str) -> _Reply:
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if params.get("action") != "getcurrent" or params.get("output") != "atom":
            body = _sec_page("Bad Request", "Bad Request", "Only action=getcurrent&output=atom.")
            return _Reply(400, body, {"Content-Type": "text/html"})
        try:
            start = max(int(params.get("start") or 0), 0)
            count = min(max(int(params.get("count") or 40), 1), 100)
        except ValueError:
            body = _sec_page("Bad Request", "Bad Request", "start and count are numbers.")
            return _Reply(400, body, {"Content-Type": "text/html"})
        kind = (params.get("type") or "").strip().upper()
        filings = [] if params.get("owner") == "exclude" else self.feed_filings
        entries = [
            (edgar, cik, role)
            for edgar in filings
            if edgar.form.startswith(kind)
            for cik, role in [
                *((c, "Reporting") for c in edgar.owner_ciks),
                (edgar.issuer_cik, "Issuer"),
            ]
        ]
        newest = entries[0][0].accepted if entries else _MONTH_END
        parts = [
            '<?xml version="1.0" encoding="ISO-8859-1" ?>',
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            f"<title>Latest Filings - {newest:%a, %d %b %Y %H:%M:%S} EDT</title>",
            '<link rel="alternate" href="/cgi-bin/browse-edgar?action=getcurrent"/>',
            f'<link rel="self" href="/cgi-bin/browse-edgar?{html.escape(query)}"/>',
            "<id>https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent</id>",
            "<author><name>Webmaster</name><email>webmaster@sec.gov</email></author>",
            f"<updated>{newest:%Y-%m-%dT%H:%M:%S}-04:00</updated>",
        ]
        for edgar, cik, role in entries[start : start + count]:
            txt = self.root / edgar.folder(cik).lstrip("/") / f"{edgar.accession}.txt"
            size = max(txt.stat().st_size // 1024, 1)
            summary = html.escape(
                f" <b>Filed:</b> {edgar.day:%Y-%m-%d} <b>AccNo:</b> {edgar.accession} "
                f"<b>Size:</b> {size} KB"
            )
            href = f"{self.url}{edgar.folder(cik)}/{edgar.accession}-index.htm"
            parts += [
                "<entry>",
                f"<title>{html.escape(edgar.form)} - {html.escape(edgar.name_of(cik))} "
                f"({int(cik):010d}) ({role})</title>",
                f'<link rel="alternate" type="text/html" href="{href}"/>',
                f'<summary type="html">{summary}</summary>',
                f"<updated>{edgar.accepted:%Y-%m-%dT%H:%M:%S}-04:00</updated>",
                f'<category scheme="https://www.sec.gov/" label="form type" term="{edgar.form}"/>',
                f"<id>urn:tag:sec.gov,2008:accession-number={edgar.accession}</id>",
                "</entry>",
            ]
        parts.append("</feed>")
        body = ("\n".join(parts) + "\n").encode("iso-8859-1", "xmlcharrefreplace")
        return _Reply(200, body, {"Content-Type": "application/atom+xml"})

    # answering

    def _file(self, path: str) -> _Reply:
        relative = unquote(path).lstrip("/")
        flat = _FLAT_TXT.fullmatch(relative)
        if flat:  # the legacy path of a full submission, as the indexes name it
            cik, accession = flat.groups()
            relative = f"Archives/edgar/data/{cik}/{accession.replace('-', '')}/{accession}.txt"
        target = (self.root / relative).resolve()
        if ".." in relative.split("/") or not target.is_relative_to(self.root):
            return _Reply(404, NOT_FOUND_PAGE, {"Content-Type": "text/html"})
        if target.is_dir():
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in target.iterdir())
            links = "".join(
                f'<li><a href="{html.escape(n)}">{html.escape(n)}</a></li>' for n in names
            )
            body = f"<html><body><ul>{links}</ul></body></html>\n".encode()
            return _Reply(200, body, {"Content-Type": "text/html"})
        if not target.is_file():
            return _Reply(404, NOT_FOUND_PAGE, {"Content-Type": "text/html"})
        modified = formatdate(target.stat().st_mtime, usegmt=True)
        headers = {"Content-Type": _content_type(path), "Last-Modified": modified}
        body = target.read_bytes()
        if target.name == "index.json":  # under an owner's symlink: name the owner's path
            folder = "/" + relative.rsplit("/", 1)[0]
            listing = json.loads(body)
            if listing["directory"]["name"] != folder:
                listing["directory"]["name"] = folder
                listing["directory"]["parent-dir"] = folder.rsplit("/", 1)[0] + "/"
                body = (json.dumps(listing, separators=(",", ":")) + "\n").encode()
        return _Reply(200, body, headers)

    def _conditional(self, reply: _Reply, headers: dict[str, str]) -> _Reply:
        etag = '"' + hashlib.sha1(reply.body).hexdigest()[:20] + '"'
        reply.headers["ETag"] = etag
        reply.headers["Vary"] = "Accept-Encoding"
        tags = headers.get("if-none-match")
        if tags is not None:
            wanted = {t.strip().removeprefix("W/") for t in tags.split(",")}
            if "*" in wanted or etag in wanted:
                return _Reply(
                    304, b"", {k: v for k, v in reply.headers.items() if k != "Content-Type"}
                )
            return reply
        since = headers.get("if-modified-since")
        modified = reply.headers.get("Last-Modified")
        if since and modified:
            try:
                if parsedate_to_datetime(modified) <= parsedate_to_datetime(since):
                    kept = {k: v for k, v in reply.headers.items() if k != "Content-Type"}
                    return _Reply(304, b"", kept)
            except (TypeError, ValueError):
                pass
        return reply

    def _draw(self, target: str) -> str | None:
        faults = self.faults
        if faults is not self._rng_for[0] or faults.seed != self._rng_for[1]:
            self._rng = random.Random(faults.seed)  # a new Faults or seed starts a new sequence
            self._rng_for = (faults, faults.seed)
        if not target.startswith(faults.path_prefix):
            return None
        if faults.first_n_only is not None and self._seen > faults.first_n_only:
            return None
        if faults.per_path_max is not None and self._fault_counts[target] >= faults.per_path_max:
            return None
        draw = self._rng.random()
        total = 0.0
        for kind, rate in faults.ordered():
            total += rate
            if draw < total:
                return kind
        return None

    def _reply(self, method: str, target: str, headers: dict[str, str], arrival: float) -> _Reply:
        faults = self.faults
        parts = urlsplit(target)
        with self._lock:
            self._seen += 1
            self._arrivals.append(arrival)
            while self._arrivals and arrival - self._arrivals[0] >= 1.0:
                self._arrivals.popleft()
            throttled = faults.limit_rate is not None and len(self._arrivals) > faults.limit_rate
            kind = self._draw(target)
        retry = {"Content-Type": "text/html", "Retry-After": str(faults.retry_after)}
        if throttled:
            return _Reply(429, RATE_PAGE, retry, fault="throttle")
        agent = headers.get("user-agent", "")
        if self.require_user_agent and (not agent.strip() or agent.startswith("python-httpx/")):
            return _Reply(403, UNDECLARED_PAGE, {"Content-Type": "text/html"})
        reply = self._feed(parts.query) if parts.path == _FEED_PATH else self._file(parts.path)
        if reply.status == 200:
            reply = self._conditional(reply, headers)
        if reply.status == 200 and _accepts_gzip(headers.get("accept-encoding", "")):
            reply.body = gzip.compress(reply.body, compresslevel=6, mtime=0)
            reply.headers["Content-Encoding"] = "gzip"
        data_like = parts.path == _FEED_PATH or parts.path.endswith(_DATA_SUFFIXES)
        if kind == "html" and not (data_like and f"/{XSL_DIR}/" not in parts.path):
            kind = None  # an HTML page where HTML is expected is no fault
        if kind == "truncate" and (reply.status != 200 or len(reply.body) < 2 or method == "HEAD"):
            kind = None  # nothing to cut short
        if kind is None:
            return reply
        with self._lock:
            self._fault_counts[target] += 1
        if kind == "429":
            return _Reply(429, RATE_PAGE, retry, fault=kind)
        if kind == "503":
            return _Reply(503, UNAVAILABLE_PAGE, {"Content-Type": "text/html"}, fault=kind)
        if kind == "drop":
            return _Reply(0, fault=kind)
        if kind == "html":
            return _Reply(200, UNDECLARED_PAGE, {"Content-Type": "text/html"}, fault=kind)
        reply.fault = kind
        reply.delay = faults.slow_seconds if kind == "slow" else 0.0
        reply.truncate = kind == "truncate"
        return reply


def _accepts_gzip(header: str) -> bool:
    for token in header.split(","):
        name, _, params = token.strip().partition(";")
        if name.strip().lower() in {"gzip", "*"}:
            return params.replace(" ", "").lower() not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], edgar: LocalEdgar
    ) -> None:
        self.edgar = edgar
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End kept-alive connections so that a stopped server really stops answering."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out or hang up are part of the tests


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LocalEdgar"
    sys_version = ""
    timeout = 10  # idle kept-alive connections end after this
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls
    server: _Server

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, head: bool) -> None:
        arrival = time.monotonic()
        edgar = self.server.edgar
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            reply = edgar._reply(self.command, self.path, headers, arrival)
        except Exception as error:
            edgar.errors.append(error)
            reply = _Reply(500, repr(error).encode(), {"Content-Type": "text/plain"})
        edgar.requests.append(
            Request(arrival, self.command, self.path, headers, reply.status, reply.fault)
        )
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status == 0:
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.status != 304:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if head or reply.status == 304:
            return
        if reply.truncate:
            self.wfile.write(reply.body[: len(reply.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(reply.body)
