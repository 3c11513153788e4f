"""The HTTP API: each route a thin call of the Python API (``form4.Store``, ``form4.read``,
``form4.validate``), its answer as JSON, and every list as CSV or NDJSON too, streamed.

Parameters are bound, never SQL: a bad one is a 400 naming it (the Python API's own message),
an unknown accession, ticker or insider a 404, a body over the cap a 413.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import pyarrow as pa
from fastapi import APIRouter, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from form4 import rows as R
from form4.analysis import SCREENS, report_of
from form4.analysis._browse import FILING_COLUMNS, MAX_PAGE
from form4.analysis.screens import screen_named
from form4.errors import ReadError, StoreError
from form4.model import Filing
from form4.prepare import (
    Prepared,
    PrepareError,
    prepare,
    read_date,
    read_time,
    read_trade_records,
    read_trades_text,
)
from form4.read import read
from form4.rules import validate
from form4.serve._output import MEDIA_TYPES, Format, chosen_format, dumps, records, stream
from form4.serve._state import ApiError, Served
from form4.store import Store
from form4.write.json import to_dict
from form4.write.render import render
from form4.write.xml import to_xml

__all__ = [
    "PrepareRequest",
    "filing_of",
    "issuer_facts",
    "known",
    "prepared_for",
    "read_posted",
    "reading",
    "router",
    "unless_unknown",
]

router = APIRouter(prefix="/api")

#: An accession number as EDGAR writes it, or the content key of a filing without one.
ACCESSION = rf"^(\d{{10}}-\d{{2}}-\d{{6}}|{R.CONTENT_KEY_PATTERN})$"
_ACCESSION = re.compile(ACCESSION)
_CIK = r"^\d{1,10}$"
_MAX_OFFSET = 1_000_000

FormatParam = Annotated[
    str | None,
    Query(description="json (default), csv or ndjson; or ask by the Accept header"),
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"rows a page, 1 to {MAX_PAGE}")]
Day = Annotated[str | None, Query(description="YYYY-MM-DD")]
Cik = Annotated[str | None, Query(pattern=_CIK, description="up to ten digits")]
Ticker = Annotated[str | None, Query(max_length=20, description="as filings give it, any case")]


def served(request: Request) -> Served:
    served_: Served = request.app.state.served
    return served_


@contextmanager
def reading(request: Request) -> Iterator[Store]:
    """The store on a cursor of its own for this request (``Served.reading``)."""
    with served(request).reading() as store:
        yield store


def _json(data: Any, status: int = 200) -> Response:
    return Response(dumps(data), status_code=status, media_type=MEDIA_TYPES["json"])


@contextmanager
def unless_unknown(store: Store, **names: str | None) -> Iterator[Callable[[int], None]]:
    """Around a list's query: a filter naming nothing stored is a 404, checked only where the
    answer could be its fault, that is when the query fails or finds no row (call the yielded
    function with the rows found), so that an answer with rows costs no check."""

    def found(rows: int) -> None:
        if not rows:
            known(store, **names)

    try:
        yield found
    except (ValueError, ApiError):
        known(store, **names)  # an unknown name answers first, as it always did
        raise


def known(store: Store, **names: str | None) -> None:
    """404 when a ticker, issuer CIK or owner CIK filter names nothing stored."""
    given = {
        k: (v.zfill(10) if k.endswith("cik") else v)
        for k, v in names.items()
        if v and (not k.endswith("cik") or (v.isdigit() and len(v) <= 10))
    }
    if given:
        missing = store.unknown_names(**given)
        if missing:
            raise ApiError(404, "; ".join(missing))


def _streamed(
    request: Request, fmt: Format, names: list[str], batches: Iterator[pa.RecordBatch], name: str
) -> Response:
    headers = {}
    if fmt == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return StreamingResponse(
        stream(names, batches, fmt), media_type=MEDIA_TYPES[fmt], headers=headers
    )


def filing_of(store: Store, accession: str) -> Filing:
    """The stored filing, or a 404 naming the accession number."""
    if not _ACCESSION.match(accession):
        raise ApiError(400, f"accession: {accession[:40]!r} is not an accession number")
    try:
        return store.filing(accession)
    except StoreError as error:  # FilingNotFoundError, or rows without their SUBMISSION row
        raise ApiError(404, f"no stored filing {accession}: {error.reason}") from None


# -- filings --------------------------------------------------------------------------------------
@router.get("/filings", summary="Stored filings, newest first, page by page")
def filings(
    request: Request,
    ticker: Ticker = None,
    issuer_cik: Cik = None,
    owner_cik: Cik = None,
    form: Annotated[str | None, Query(description="3, 4, 5, 3/A, 4/A or 5/A")] = None,
    since: Day = None,
    until: Day = None,
    next: Annotated[str | None, Query(max_length=200, description="the page's cursor")] = None,
    limit: Limit = 100,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Every version of each filing (``IS_LATEST`` marks the latest), newest filing date first.
    The answer's ``next`` is the cursor of the following page (null on the last). CSV and
    NDJSON give every filing the filters keep, streamed."""
    fmt = chosen_format(format, accept)
    filters: dict[str, Any] = dict(
        ticker=ticker,
        issuer_cik=issuer_cik,
        owner_cik=owner_cik,
        form=form,
        since=since,
        until=until,
    )
    size = limit if fmt == "json" else MAX_PAGE  # streamed: every filing, page by page
    with (
        reading(request) as store,
        unless_unknown(store, ticker=ticker, issuer_cik=issuer_cik, owner_cik=owner_cik) as found,
    ):
        page = store.filing_list(**filters, after=next, limit=size)
        found(page.table.num_rows)
    if fmt == "json":
        return _json({"filings": records(page.table), "next": page.next})

    def pages() -> Iterator[pa.RecordBatch]:
        yield from page.table.to_batches()
        cursor = page.next
        with reading(request) as store:
            while cursor is not None:
                part = store.filing_list(**filters, after=cursor, limit=MAX_PAGE)
                yield from part.table.to_batches()
                cursor = part.next

    return _streamed(request, fmt, list(FILING_COLUMNS), pages(), "filings")


@router.get("/filings/{accession}.xml", summary="A filing as ownership XML")
def filing_xml(request: Request, accession: str) -> Response:
    with reading(request) as store:
        filing = filing_of(store, accession)
    return Response(to_xml(filing), media_type="application/xml")


@router.get("/filings/{accession}", summary="A filing: the whole model")
def filing(request: Request, accession: str) -> Response:
    """Every field of the model (``form4.to_json``), the warnings of its reading, and links."""
    with reading(request) as store:
        model = filing_of(store, accession)
    data = to_dict(model)
    data["accession_number"] = accession
    data["links"] = {
        "xml": f"/api/filings/{accession}.xml",
        "form": f"/api/filings/{accession}/form",
        "findings": f"/api/filings/{accession}/findings",
        "page": f"/filings/{accession}",
    }
    return _json(data)


@router.get("/filings/{accession}/form", response_class=HTMLResponse, summary="The form, as HTML")
def filing_form(request: Request, accession: str) -> Response:
    """The filing laid out as the SEC's form (``form4.render``): a page of its own, no script."""
    with reading(request) as store:
        model = filing_of(store, accession)
    return HTMLResponse(render(model, "html"))


@router.get("/filings/{accession}/findings", summary="What validation found in a filing")
def filing_findings(
    request: Request,
    accession: str,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The findings stored when the filing was ingested (none for a data set's filing, which
    is not validated on import): rule, severity, where and message."""
    fmt = chosen_format(format, accept)
    with reading(request) as store:
        filing_of(store, accession)
        found = [f.to_dict() for f in store.findings(accession)]
    if fmt != "json":
        table = pa.Table.from_pylist(found, schema=_FINDINGS)
        return _streamed(request, fmt, _FINDINGS.names, iter(table.to_batches()), "findings")
    return _json({"accession_number": accession, "findings": found})


_FINDINGS = pa.schema([(name, pa.string()) for name in ("rule", "severity", "where", "message")])


# -- transactions, insiders, issuers, holdings -------------------------------------------------
@router.get("/transactions", summary="One row per transaction, newest filing first")
def transactions(
    request: Request,
    ticker: Ticker = None,
    issuer_cik: Cik = None,
    owner_cik: Cik = None,
    owner: Annotated[
        str | None, Query(max_length=100, description="an insider's CIK or name (any order)")
    ] = None,
    code: Annotated[str | None, Query(max_length=60, description="codes, e.g. P,S")] = None,
    since: Day = None,
    until: Day = None,
    min_value: Annotated[str | None, Query(max_length=40, description="VALUE at least")] = None,
    table: Annotated[str | None, Query(pattern="^(I|II)$", description="I or II")] = None,
    next: Annotated[str | None, Query(pattern=r"^\d{1,7}$", description="page cursor")] = None,
    limit: Limit = 100,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The transactions table (``form4.transactions``: the latest version of each filing, a
    joint filing's owners in one row, VALUE exact). CSV and NDJSON give every row, streamed."""
    fmt = chosen_format(format, accept)
    if sum(x is not None for x in (ticker, issuer_cik)) > 1:
        raise ApiError(400, "ticker, issuer_cik: give one of them")
    if sum(x is not None for x in (owner_cik, owner)) > 1:
        raise ApiError(400, "owner_cik, owner: give one of them")
    filters: dict[str, Any] = dict(
        issuer=ticker if ticker is not None else issuer_cik,
        owner=owner_cik if owner_cik is not None else owner,
        codes=code,
        since=since,
        until=until,
        table=table,
        min_value=min_value,
    )
    filters = {k: v for k, v in filters.items() if v is not None}
    offset = int(next or 0)
    if offset > _MAX_OFFSET:
        raise ApiError(400, f"next: pages end at row {_MAX_OFFSET:,}; narrow the filters")
    with (
        reading(request) as store,
        unless_unknown(store, ticker=ticker, issuer_cik=issuer_cik, owner_cik=owner_cik) as found,
    ):
        try:
            if fmt == "json":
                page = store.transaction_page(offset=offset, limit=limit + 1, **filters)
                found(page.num_rows)
                rows = records(page)
                following = str(offset + limit) if len(rows) > limit else None
                return _json({"transactions": rows[:limit], "next": following})
            # Streamed: the filters and the names checked before any answer starts.
            known(store, ticker=ticker, issuer_cik=issuer_cik, owner_cik=owner_cik)
            names = store.transaction_batches(limit=0, **filters).schema.names
        except ValueError as error:
            raise ApiError(400, _named(str(error))) from None

    def every_batch() -> Iterator[pa.RecordBatch]:
        with reading(request) as store:
            yield from store.transaction_batches(newest_first=True, **filters)

    return _streamed(request, fmt, names, every_batch(), "transactions")


def _named(message: str) -> str:
    """A filter's message naming the API's parameter (the Python API's ``codes`` is
    ``code`` here)."""
    return "code: " + message if message.startswith("unknown transaction code") else message


@router.get("/insiders/{cik}", summary="An insider: names, filings, roles over time")
def insider(request: Request, cik: str) -> Response:
    if not re.match(_CIK, cik):
        raise ApiError(400, f"cik: {cik[:20]!r} is not a CIK (up to ten digits)")
    with reading(request) as store:
        facts = store.insider(cik)
    if facts is None:
        raise ApiError(404, f"no stored filing names insider {cik.zfill(10)}")
    facts["links"] = {
        "filings": f"/api/filings?owner_cik={facts['cik']}",
        "transactions": f"/api/transactions?owner_cik={facts['cik']}",
        "holdings": f"/api/holdings?owner_cik={facts['cik']}",
        "page": f"/insiders/{facts['cik']}",
    }
    return _json(facts)


def issuer_facts(store: Store, key: str) -> dict[str, Any]:
    if not key.strip() or len(key) > 20:
        raise ApiError(400, f"issuer: {key[:20]!r} is not a ticker or CIK")
    facts = store.issuer(key)
    if facts is None:
        raise ApiError(404, f"no stored filing names issuer {key}")
    return facts


@router.get("/issuers/{key}", summary="An issuer by ticker or CIK, with its insiders")
def issuer(
    request: Request,
    key: str,
    as_of: Day = None,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The issuer's facts and its roster (``Store.insiders``): each insider's roles, first and
    last filing, open-market buying and selling over the twelve months up to ``as_of``. CSV
    and NDJSON give the roster."""
    fmt = chosen_format(format, accept)
    with reading(request) as store:
        facts = issuer_facts(store, key)
        roster = store.insiders(issuer_cik=facts["cik"], as_of=as_of)
    if fmt != "json":
        return _streamed(request, fmt, roster.column_names, iter(roster.to_batches()), "insiders")
    facts["insiders"] = records(roster)
    facts["links"] = {
        "filings": f"/api/filings?issuer_cik={facts['cik']}",
        "monthly": f"/api/issuers/{facts['cik']}/monthly",
        "page": f"/issuers/{facts['cik']}",
    }
    return _json(facts)


@router.get("/issuers/{key}/monthly", summary="Insider buying and selling by month")
def issuer_monthly(
    request: Request,
    key: str,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Open-market purchases (P) and sales (S) by month of trade: value bought and sold,
    trade rows, insiders (``Store.monthly_trades``)."""
    fmt = chosen_format(format, accept)
    with reading(request) as store:
        facts = issuer_facts(store, key)
        table = store.monthly_trades(issuer_cik=facts["cik"])
    if fmt != "json":
        return _streamed(request, fmt, table.column_names, iter(table.to_batches()), "monthly")
    return _json({"issuer_cik": facts["cik"], "months": records(table)})


@router.get("/issuers/{key}/prices", summary="The closes imported, and the insiders' trades")
def issuer_prices(request: Request, key: str) -> Response:
    """The closes imported for the issuer's latest ticker (``Store.prices``) and its
    open-market trade rows (``Store.trade_points``), to mark them on the price line."""
    with reading(request) as store:
        facts = issuer_facts(store, key)
        closes = store.prices(facts["ticker"]) if facts["ticker"] else None
        trades = store.trade_points(issuer_cik=facts["cik"])
    return _json(
        {
            "ticker": facts["ticker"],
            "closes": records(closes) if closes is not None else [],
            "trades": records(trades),
        }
    )


@router.get("/holdings", summary="Every position an insider reported, in order")
def holdings(
    request: Request,
    owner_cik: Cik = None,
    ticker: Ticker = None,
    issuer_cik: Cik = None,
    as_of: Day = None,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """``Store.holdings``: each position with the filing and row that reported it and its
    chain; ``as_of`` keeps each position's latest on that day. An insider or an issuer is
    required."""
    if owner_cik is None and ticker is None and issuer_cik is None:
        raise ApiError(400, "owner_cik, ticker or issuer_cik: one of them is required")
    fmt = chosen_format(format, accept)
    with (
        reading(request) as store,
        unless_unknown(store, ticker=ticker, issuer_cik=issuer_cik, owner_cik=owner_cik) as found,
    ):
        table = store.holdings(
            owner_cik=owner_cik, issuer_cik=issuer_cik, ticker=ticker, as_of=as_of
        )
        found(table.num_rows)
    if fmt != "json":
        return _streamed(request, fmt, table.column_names, iter(table.to_batches()), "holdings")
    return _json({"holdings": records(table)})


# -- screens --------------------------------------------------------------------------------------
@router.get("/screens", summary="The screens, their parameters and sources")
def screens(
    request: Request,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The catalogue (``form4.SCREENS``); as CSV or NDJSON a row per screen, its parameters
    as JSON text."""
    fmt = chosen_format(format, accept)
    listed = [entry.to_dict() for entry in SCREENS]
    if fmt == "json":
        return _json({"screens": listed})
    rows = [{**entry, "params": json.dumps(entry["params"])} for entry in listed]
    table = pa.Table.from_pylist(rows)
    return _streamed(request, fmt, table.column_names, iter(table.to_batches()), "screens")


@router.get("/screens/{name}", summary="Run a screen; its parameters in the query")
def screen(
    request: Request,
    name: str,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Any parameter of the screen (``GET /api/screens`` lists them) and the common ones
    (since, until, ticker, issuer_cik, owner_cik, limit) as query parameters; the answer's
    ``report`` counts the rows left out and why. JSON gives at most 1,000 rows."""
    try:
        entry = screen_named(name)
    except ValueError as error:
        raise ApiError(404, str(error)) from None
    params = dict(request.query_params)
    params.pop("format", None)
    fmt = chosen_format(format, accept)
    limit = params.get("limit", "100")
    if fmt == "json" and (not limit.isdigit() or not 1 <= int(limit) <= MAX_PAGE):
        raise ApiError(400, f"limit: {limit!r} is not between 1 and {MAX_PAGE} (JSON pages)")
    names = {k: params.get(k) for k in ("ticker", "issuer_cik", "owner_cik")}
    with reading(request) as store, unless_unknown(store, **names) as found:
        table = store.screen(entry.name, **params)
        found(table.num_rows)
    report = report_of(table)
    if fmt != "json":
        return _streamed(request, fmt, table.column_names, iter(table.to_batches()), entry.name)
    return _json(
        {
            "screen": entry.name,
            "rows": records(table),
            "report": {
                "params": report.params,
                "left_out": report.left_out,
                "left_out_rows": report.left_out_rows,
                "from_analysis_tables": report.from_analysis_tables,
                "notes": report.notes,
            },
        }
    )


# -- search and the store -------------------------------------------------------------------------
@router.get("/search", summary="Issuers, insiders and filings a text names")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    format: FormatParam = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Issuers (ticker, CIK, name), insiders (CIK, name) and filings (accession number) the
    text names, exact matches first (``Store.search``)."""
    fmt = chosen_format(format, accept)
    with reading(request) as store:
        found = store.search(q, limit=limit)
    if fmt != "json":
        return _streamed(request, fmt, found.column_names, iter(found.to_batches()), "search")
    return _json({"results": records(found)})


@router.get("/store", summary="The store's size and freshness")
def store_summary(request: Request) -> Response:
    with reading(request) as store:
        return _json(store.summary())


# -- reading, checking and storing posted filings ----------------------------------------------
def read_posted(data: bytes, name: str | None) -> Filing:
    """The filing in a posted body (any representation form4 reads); a 400 naming what is
    wrong where it cannot be read."""
    if not data.strip():
        raise ApiError(400, "the body is empty: post the filing's document")
    try:
        return read(data, name=name or "posted")
    except ReadError as error:
        raise ApiError(400, str(error)) from None


Name = Annotated[
    str | None,
    Query(
        max_length=200,
        description="the file's name: a hint to its kind; an accession number in it keys the "
        "filing, as form4 ingest does",
    ),
]
Filed = Annotated[str | None, Query(description="the filing date to judge deadlines by")]


@router.post("/read", summary="Read a filing in any representation form4 reads")
async def read_body(request: Request, name: Name = None) -> Response:
    """The body is the document (XML, an EDGAR submission, the SEC's page, a converted text);
    the answer is the Filing as JSON with the warnings of its reading. Nothing is stored."""
    filing = read_posted(await request.body(), name)
    data = to_dict(filing)
    data["warnings"] = [str(w) for w in filing.warnings]
    return _json(data)


@router.post("/validate", summary="Check a filing against every rule")
async def validate_body(request: Request, name: Name = None, filed: Filed = None) -> Response:
    """The findings of ``form4.validate`` for the posted document, and the due date of every
    transaction (``Report.due_dates``). Nothing is stored."""
    try:
        day = date.fromisoformat(filed) if filed else None
    except ValueError:
        raise ApiError(400, f"filed: {filed!r} is not a date (YYYY-MM-DD)") from None
    filing = read_posted(await request.body(), name)
    report = validate(filing, filed=day)
    return _json(
        {
            "accession_number": filing.accession_number,
            "filed": report.filed.isoformat() if report.filed else None,
            "findings": [f.to_dict() for f in report.findings],
            "due_dates": [d.to_dict() for d in report.due_dates],
            "warnings": [str(w) for w in filing.warnings],
        }
    )


@router.post("/filings", status_code=201, summary="Store a filing (needs the token)")
async def store_filing(
    request: Request,
    name: Name = None,
    authorization: Annotated[str | None, Header(description="Bearer FORM4_TOKEN")] = None,
) -> Response:
    """Reads, validates and stores the posted filing, as ``form4 ingest`` does. Refused (403)
    when the server runs read-only or without a token, 401 without the right token."""
    state = served(request)
    if state.read_only or state.token is None:
        why = "read-only" if state.token else "without FORM4_TOKEN"
        raise ApiError(403, f"the server runs {why}: storing is refused")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme != "Bearer" or not hmac.compare_digest(given.strip().encode(), state.token.encode()):
        raise ApiError(401, "the token is missing or wrong (Authorization: Bearer TOKEN)")
    filing = read_posted(await request.body(), name)
    accession = R.accession_key(filing)
    with reading(request) as store:
        result = store.add([filing])
    return _json(
        {"accession_number": accession, "stored": result.stored, "skipped": result.skipped},
        status=201 if result.stored else 200,
    )


# -- preparing a filing ------------------------------------------------------------------------
class PrepareRequest(BaseModel):
    """The facts ``POST /api/prepare`` takes (the page's form has the same names): each given
    to ``form4.prepare.prepare`` as it stands, the dates and trades read by ``form4.prepare``."""

    model_config = ConfigDict(extra="forbid")

    issuer: str = Field(description="the issuer's ticker or CIK, as stored filings name it")
    owners: list[str] = Field(
        description="the reporting owners' CIKs (joint filers: the first signs)"
    )
    form: str = Field("4", description="3, 4 or 5")
    trades: list[dict[str, Any]] | None = Field(
        None,
        description="the trades, each an object of the trades CSV's columns (form4.prepare."
        "TRADE_COLUMNS); values as the CSV's cells: text, exact numbers (JSON numbers are read "
        "as decimals), true or false for yes-or-no columns, null for empty",
    )
    csv: str | None = Field(None, description="or the trades as CSV text, header first")
    plan_adopted: str | None = Field(
        None, description="the Rule 10b5-1 plan's adoption date (YYYY-MM-DD)"
    )
    event_date: str | None = Field(
        None, description="Form 3: the day the owner became an insider (YYYY-MM-DD)"
    )
    fiscal_year_end: str | None = Field(
        None, description="Form 5: the issuer's fiscal year end (YYYY-MM-DD)"
    )
    average: bool = Field(
        True, description="a day's fills of one security as one row at their average price"
    )
    from_store: bool = Field(
        True, description="carry the positions forward from the owner's stored filings"
    )
    remarks: str | None = Field(None, description="the form's remarks")
    now: str | None = Field(
        None,
        description="judge the deadline at this time (ISO 8601; naive is Eastern; default now)",
    )


def prepared_for(request: Request, asked: PrepareRequest, csv_name: str = "csv") -> Prepared:
    """``form4.prepare.prepare`` over the served store (read: the issuer and owners looked up,
    the positions carried forward unless ``from_store`` is false) with the facts asked; the
    CSV text named ``csv_name`` in its errors. Raises ``PrepareError`` naming the place."""
    if asked.trades and asked.csv and asked.csv.strip():
        raise PrepareError("trades, csv", "give the trades one way: records or CSV text")
    if asked.trades:
        trades = read_trade_records(asked.trades, "trades")
    elif asked.csv and asked.csv.strip():
        trades = read_trades_text(asked.csv, csv_name)
    else:
        trades = []
    facts: dict[str, Any] = dict(
        plan_adopted=read_date(asked.plan_adopted, "plan_adopted"),
        event_date=read_date(asked.event_date, "event_date"),
        fiscal_year_end=read_date(asked.fiscal_year_end, "fiscal_year_end"),
        now=read_time(asked.now, "now"),
    )
    with reading(request) as store:
        return prepare(
            issuer=asked.issuer.strip(),
            owners=[owner.strip() for owner in asked.owners],
            trades=trades,
            form=asked.form.strip(),
            store=store if asked.from_store else None,
            lookup=store,
            average=asked.average,
            remarks=asked.remarks or None,
            **facts,
        )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


@router.post(
    "/prepare",
    summary="Prepare a Form 3, 4 or 5 from trades",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PrepareRequest.model_json_schema()}},
        }
    },
)
async def prepare_body(request: Request) -> Response:
    """``form4.prepare``: the filing an owner's trades make, each row's amount owned following
    computed from the positions carried forward from the owner's stored filings. The answer
    (``Prepared.to_dict``): ``ready``, the deadline (``due``, ``deadline``, ``late``), the
    ``findings``, the positions ``carried`` forward, the ``rows`` with their arithmetic and
    fills, the ``filing`` (as ``GET /api/filings/{accession}`` gives one) and its ``xml``.
    Facts that cannot make a filing are a 400 naming the place (a trade's record or line and
    column, a parameter). Nothing is stored."""
    try:
        data = json.loads(await request.body(), parse_float=Decimal, parse_constant=_no_constant)
    except ValueError as error:
        raise ApiError(400, f"the body is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body is a JSON object of the facts (see /docs)")
    try:
        asked = PrepareRequest.model_validate(data)
    except ValidationError as error:  # answered as FastAPI's own, each field named
        errors = error.errors(include_url=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None
    try:
        prepared = await run_in_threadpool(prepared_for, request, asked)
    except PrepareError as error:
        raise ApiError(400, str(error)) from None
    return _json(prepared.to_dict())
