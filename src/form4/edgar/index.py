"""EDGAR's listings, parsed: daily and quarterly form/master indexes, the company tickers map,
the submissions JSON of a CIK (with its older pages), filing folders and the latest-filings feed.

Every parser takes the bytes EDGAR serves and returns plain records; bad input raises
``EdgarError`` naming the listing and the line. Ownership filings appear in indexes and feeds
once per filer (issuer and each reporting owner): ``IndexEntry`` lists are de-duplicated by
accession number here, keeping the issuer's entry when there is one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from lxml import etree

from form4.edgar.client import EdgarError

__all__ = [
    "OWNERSHIP_FORMS",
    "RECENT_DAYS",
    "FeedEntry",
    "IndexEntry",
    "daily_index_path",
    "dedupe",
    "filing_folder",
    "parse_feed",
    "parse_index",
    "parse_submissions",
    "parse_tickers",
    "primary_xml",
    "quarterly_index_path",
    "settled",
]

OWNERSHIP_FORMS = frozenset({"3", "3/A", "4", "4/A", "5", "5/A"})
#: A day's listings and archives may still change (or not be published yet) this many days
#: after it: such a day is never recorded as complete.
RECENT_DAYS = 2


def settled(day: date, today: date) -> bool:
    """Whether EDGAR's listings and archives of ``day`` are final by ``today``."""
    return day < today - timedelta(days=RECENT_DAYS)


_ACCESSION = re.compile(r"(\d{10})-?(\d{2})-?(\d{6})")


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One filing as a listing names it."""

    accession: str
    cik: str  # the filer under whose folder the listing points (no leading zeros)
    form: str
    filed: date | None
    name: str = ""  # the filer's name
    path: str = ""  # EDGAR's path of the full submission, e.g. edgar/data/1/0000...-24-....txt
    accepted: datetime | None = None
    primary_document: str | None = None  # from the submissions JSON


def daily_index_path(day: date, kind: str = "form") -> str:
    quarter = (day.month - 1) // 3 + 1
    return f"/Archives/edgar/daily-index/{day.year}/QTR{quarter}/{kind}.{day:%Y%m%d}.idx"


def quarterly_index_path(year: int, quarter: int, kind: str = "form") -> str:
    return f"/Archives/edgar/full-index/{year}/QTR{quarter}/{kind}.idx"


def filing_folder(cik: str, accession: str) -> str:
    """``/Archives/edgar/data/{cik}/{accession without dashes}``."""
    return f"/Archives/edgar/data/{int(cik)}/{accession.replace('-', '')}"


def _accession_of(text: str) -> str | None:
    match = _ACCESSION.search(text)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def _date(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%Y%m%d", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_index(data: bytes, name: str = "index") -> list[IndexEntry]:
    """A form, company or master index (daily or quarterly), every row in order.

    Master indexes are pipe-delimited (``CIK|Company Name|Form Type|Date Filed|Filename``); form
    and company indexes are fixed-width, their columns found from the header line.
    """
    text = data.decode("latin-1")
    lines = text.splitlines()
    if any("|" in line and line.count("|") == 4 and line.startswith("CIK|") for line in lines[:30]):
        return list(_parse_master(lines, name))
    return list(_parse_fixed(lines, name))


def _parse_master(lines: list[str], name: str) -> Iterator[IndexEntry]:
    started = False
    for number, line in enumerate(lines, start=1):
        if not started:
            started = line.startswith("CIK|")
            continue
        if not line.strip() or set(line.strip()) <= {"-"}:
            continue
        parts = line.split("|")
        if len(parts) != 5:
            raise EdgarError(name, f"line {number}: expected 5 fields, got {len(parts)}")
        cik, company, form, filed, path = (p.strip() for p in parts)
        accession = _accession_of(path)
        if accession is None or not cik.isdigit():
            raise EdgarError(name, f"line {number}: no accession number or CIK in {line!r}")
        yield IndexEntry(accession, str(int(cik)), form, _date(filed), company, path)


def _parse_fixed(lines: list[str], name: str) -> Iterator[IndexEntry]:
    header = next(
        (i for i, line in enumerate(lines[:40]) if "Form Type" in line and "CIK" in line), None
    )
    if header is None:
        raise EdgarError(name, "not an EDGAR index: no 'Form Type ... CIK' header line")
    head = lines[header]
    columns = {
        key: head.index(label)
        for key, label in (
            ("form", "Form Type"),
            ("company", "Company Name"),
            ("cik", "CIK"),
            ("filed", "Date Filed"),
            ("path", "File Name"),
        )
        if label in head
    }
    if len(columns) != 5:
        raise EdgarError(name, f"line {header + 1}: index header lacks a column: {head!r}")
    for number, line in enumerate(lines[header + 1 :], start=header + 2):
        if not line.strip() or set(line.strip()) <= {"-"}:
            continue
        # Names can overflow their column: read the tail (CIK, date, path) from the right.
        fields = line.split()
        if len(fields) < 4:
            raise EdgarError(name, f"line {number}: too few fields in {line!r}")
        path, filed, cik = fields[-1], fields[-2], fields[-3]
        accession = _accession_of(path)
        if accession is None or not cik.isdigit():
            raise EdgarError(name, f"line {number}: no accession number or CIK in {line!r}")
        first = columns["form"] < columns["company"]
        if first:  # form index: the form type leads, and may itself contain spaces ("SC 13G")
            form = line[: columns["company"]].strip()
            company = line[columns["company"] : line.rfind(cik, 0, line.rfind(filed))].strip()
        else:  # company index: the name leads
            form = line[columns["form"] : columns["cik"]].strip().split("  ")[0].strip()
            company = line[: columns["form"]].strip()
        yield IndexEntry(accession, str(int(cik)), form, _date(filed), company, path)


def dedupe(entries: Iterable[IndexEntry], issuers: set[str] | None = None) -> list[IndexEntry]:
    """One entry per accession number, in first-seen order (an issuer's entry preferred)."""
    chosen: dict[str, IndexEntry] = {}
    for entry in entries:
        known = chosen.get(entry.accession)
        if known is None or (issuers and entry.cik in issuers and known.cik not in issuers):
            chosen[entry.accession] = entry
    return list(chosen.values())


def parse_tickers(data: bytes) -> dict[str, str]:
    """``company_tickers.json``: ticker (upper case) -> CIK (no leading zeros)."""
    try:
        raw = json.loads(data)
        rows = raw.values() if isinstance(raw, dict) else raw
        return {str(r["ticker"]).upper(): str(int(r["cik_str"])) for r in rows}
    except (ValueError, KeyError, TypeError) as error:
        raise EdgarError("company_tickers.json", f"not the SEC's ticker map: {error}") from None


def parse_submissions(raw: dict[str, Any], cik: str) -> tuple[list[IndexEntry], list[str]]:
    """A submissions JSON (or one of its older pages): its filings, and the older pages' names.

    The main document keeps recent filings under ``filings.recent`` and names older pages in
    ``filings.files``; a page holds the same columnar arrays at its top level.
    """
    filings = raw.get("filings")
    columns = filings.get("recent", {}) if isinstance(filings, dict) else raw
    pages = [f["name"] for f in filings.get("files", [])] if isinstance(filings, dict) else []
    try:
        accessions = columns["accessionNumber"]
        forms = columns["form"]
        dates = columns["filingDate"]
    except (KeyError, TypeError):
        raise EdgarError(f"submissions of CIK {cik}", "no filings columns") from None
    accepted = columns.get("acceptanceDateTime") or [None] * len(accessions)
    primary = columns.get("primaryDocument") or [None] * len(accessions)
    entries = []
    for index, accession in enumerate(accessions):
        when = accepted[index]
        entries.append(
            IndexEntry(
                accession=accession,
                cik=str(int(cik)),
                form=forms[index],
                filed=_date(dates[index]),
                accepted=_iso(when) if isinstance(when, str) else None,
                primary_document=primary[index] or None,
            )
        )
    return entries, pages


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def primary_xml(listing: dict[str, Any], folder: str) -> str | None:
    """The ownership XML's name in a filing folder's ``index.json`` (never the xsl rendering)."""
    items = listing.get("directory", {}).get("item", [])
    names = [
        str(item.get("name", ""))
        for item in items
        if item.get("type", "file") != "dir" and str(item.get("name", "")).lower().endswith(".xml")
    ]
    names = [n for n in names if "/" not in n and not n.lower().startswith("xsl")]
    if not names:
        return None
    # Prefer names that say "form" or "doc" (form4.xml, doc4.xml, wk-form4_...), then the first.
    names.sort(key=lambda n: (not re.search(r"form|doc|primary", n, re.IGNORECASE), n))
    return names[0]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    accession: str
    form: str
    cik: str
    name: str
    role: str
    filed: date | None
    updated: str


_ATOM = "{http://www.w3.org/2005/Atom}"
_TITLE = re.compile(r"^(?P<form>\S+(?:/A)?) - (?P<name>.*) \((?P<cik>\d+)\) \((?P<role>[^)]*)\)$")


def parse_feed(data: bytes) -> list[FeedEntry]:
    """The latest-filings Atom feed: one entry per filer per filing (de-duplicate by accession)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise EdgarError("latest-filings feed", f"not XML: {error}") from None
    entries: list[FeedEntry] = []
    for entry in root.iter(f"{_ATOM}entry"):
        title = (entry.findtext(f"{_ATOM}title") or "").strip()
        summary = entry.findtext(f"{_ATOM}summary") or ""
        match = _TITLE.match(title)
        accession = _accession_of(summary) or _accession_of(entry.findtext(f"{_ATOM}id") or "")
        if match is None or accession is None:
            continue
        filed = re.search(r"Filed:\s*(?:</b>\s*)?(\d{4}-\d{2}-\d{2})", summary)
        entries.append(
            FeedEntry(
                accession=accession,
                form=match["form"],
                cik=str(int(match["cik"])),
                name=match["name"],
                role=match["role"],
                filed=_date(filed[1]) if filed else None,
                updated=(entry.findtext(f"{_ATOM}updated") or "").strip(),
            )
        )
    return entries
