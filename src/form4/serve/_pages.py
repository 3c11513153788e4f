"""The pages for people: server-rendered HTML over the same Python API as ``/api`` (templates in
``templates/``, every value escaped by Jinja's autoescape), one stylesheet, and script only for
the charts (``static/charts.js`` drawing with plotly.js, both served from this package).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

import pyarrow as pa
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from form4._display import show
from form4.analysis import SCREENS
from form4.analysis.screens import screen_named
from form4.prepare import TRADE_COLUMNS, Prepared, PrepareError, template
from form4.rules import validate
from form4.serve._api import (
    PrepareRequest,
    filing_of,
    issuer_facts,
    prepared_for,
    read_posted,
    reading,
    unless_unknown,
)
from form4.serve._state import ApiError
from form4.write.render import render

__all__ = ["error_page", "router"]

router = APIRouter(include_in_schema=False)
_env = Environment(
    loader=PackageLoader("form4.serve", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["show"] = show
#: Rows of a table on one page.
PAGE_ROWS = 50
#: The transactions table's columns an issuer's page shows, and their headings.
ISSUER_COLUMNS = {
    "FILING_DATE": "Filed",
    "TRANS_DATE": "Traded",
    "RPTOWNERNAME": "Insider",
    "OFFICER_TITLE": "Title",
    "SECURITY_TITLE": "Security",
    "TRANS_CODE": "Code",
    "TRANS_ACQUIRED_DISP_CD": "A/D",
    "TRANS_SHARES": "Shares",
    "TRANS_PRICEPERSHARE": "Price",
    "VALUE": "Value",
    "SHRS_OWND_FOLWNG_TRANS": "Owned after",
    "FORM_TABLE": "Table",
}
_NUMERIC = {"Decimal", "int", "float"}
#: Columns of dollar amounts, shown to the cent.
_MONEY = {"VALUE", "BOUGHT_VALUE", "SOLD_VALUE", "BOUGHT", "SOLD"}


def cell(name: str, value: Any, row: dict[str, Any]) -> dict[str, Any]:
    """One table cell: its text, a link when the column names something with a page, and
    whether it is a number (right-aligned)."""
    if value is None:
        return {"text": "", "href": None, "number": False}
    if isinstance(value, bool):
        text = "yes" if value else ""
    elif isinstance(value, Decimal) and name in _MONEY:
        text = f"{value:,.2f}"  # a value in dollars, to the cent (the API gives every digit)
    else:
        text = show(value, padded=True)
    href = None
    if name == "FILING_DATE" and row.get("ACCESSION_NUMBER"):
        href = f"/filings/{row['ACCESSION_NUMBER']}"
    elif name in ("ACCESSION_NUMBER", "ACCESSION_NUMBERS"):
        first = str(value).split(";")[0].split(",")[0].strip()
        href = f"/filings/{first}"
    elif name in ("TICKER", "ISSUERTRADINGSYMBOL", "ISSUERNAME") and row.get("ISSUERCIK"):
        href = f"/issuers/{row['ISSUERCIK']}"
    elif name in ("OWNER_NAMES", "RPTOWNERNAME", "OWNER_NAME"):
        ciks = row.get("OWNER_CIKS") or row.get("RPTOWNERCIK") or row.get("OWNER_CIK")
        first = str(ciks or "").split(";")[0].strip()
        href = f"/insiders/{first}" if first.isdigit() else None
    if isinstance(value, list):
        text = "; ".join(show(v, padded=True) for v in value)
    return {
        "text": text,
        "href": href,
        "number": type(value).__name__ in _NUMERIC,
        "date": isinstance(value, date),
    }


def table_of(
    table: pa.Table | list[dict[str, Any]], headings: dict[str, str] | None = None
) -> dict[str, Any]:
    """A table for the template: headings and rows of cells."""
    rows = table.to_pylist() if isinstance(table, pa.Table) else table
    names = (
        list(headings)
        if headings
        else (table.column_names if isinstance(table, pa.Table) else list(rows[0]) if rows else [])
    )
    return {
        "headings": [(headings or {}).get(n, n.replace("_", " ").lower()) for n in names],
        "names": names,
        "rows": [[cell(n, row.get(n), row) for n in names] for row in rows],
    }


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status=status, status_code=status, message=message)


def _query(request: Request, **changes: Any) -> str:
    """This page's query string with ``changes`` (None removes a parameter)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else ""


# -- home, search, filings ------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    with reading(request) as store:
        summary = store.summary()
        latest = summary["latest_filing_date"]
        buys = store.screen("latest-purchases", limit=10)
        sells = store.screen("latest-sales", limit=10)
        since = latest - timedelta(days=30) if latest else None
        clusters = store.screen("cluster-buys", limit=10, since=since)
    shown = {s.name: s for s in SCREENS}
    return page(
        request,
        "home.html",
        summary=summary,
        purchases=table_of(shown["latest-purchases"].for_people(buys).to_pylist(), _TRADES),
        sales=table_of(shown["latest-sales"].for_people(sells).to_pylist(), _TRADES),
        clusters=table_of(clusters, _CLUSTERS),
        clusters_since=since,
    )


_TRADES = {
    "TRADE_DATE": "Traded",
    "TICKER": "Ticker",
    "OWNER_NAMES": "Insider",
    "PRICE": "Price",
    "SHARES": "Shares",
    "VALUE": "Value",
}
_CLUSTERS = {
    "LAST_FILING": "Last filed",
    "TICKER": "Ticker",
    "ISSUERNAME": "Issuer",
    "INSIDERS": "Insiders",
    "TRADES": "Trades",
    "VALUE": "Value",
}


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    if not q.strip():
        return page(request, "search.html", q=q, results=None)
    with reading(request) as store:
        results = store.search(q, limit=50).to_pylist()
    exact = [r for r in results if _exact(r, q)]
    if len(exact) == 1:
        return RedirectResponse(_href(exact[0]), status_code=303)
    for row in results:
        row["href"] = _href(row)
    return page(request, "search.html", q=q, results=results)


def _exact(row: dict[str, Any], q: str) -> bool:
    text = q.strip().upper()
    return (
        row["KEY"] == text
        or (row["KIND"] != "filing" and row["KEY"] == text.zfill(10))
        or (row["KIND"] == "issuer" and (row["TICKER"] or "").upper() == text)
    )


def _href(row: dict[str, Any]) -> str:
    return {"filing": "/filings/", "issuer": "/issuers/", "insider": "/insiders/"}[
        row["KIND"]
    ] + str(row["KEY"])


@router.get("/filings", response_class=HTMLResponse)
def filings(
    request: Request,
    ticker: Annotated[str | None, Query(max_length=20)] = None,
    issuer_cik: Annotated[str | None, Query(pattern=r"^\d{1,10}$")] = None,
    form: Annotated[str | None, Query(max_length=4)] = None,
    next: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    with (
        reading(request) as store,
        unless_unknown(store, ticker=ticker or None, issuer_cik=issuer_cik) as found,
    ):
        result = store.filing_list(
            ticker=ticker or None,
            issuer_cik=issuer_cik,
            form=form or None,
            after=next,
            limit=PAGE_ROWS,
        )
        found(result.table.num_rows)
    table = table_of(result.table, _FILINGS)
    following = _query(request, next=result.next) if result.next else None
    return page(request, "filings.html", table=table, following=following, ticker=ticker, form=form)


_FILINGS = {
    "FILING_DATE": "Filed",
    "DOCUMENT_TYPE": "Form",
    "ACCESSION_NUMBER": "Accession",
    "ISSUERTRADINGSYMBOL": "Ticker",
    "ISSUERNAME": "Issuer",
    "OWNER_NAMES": "Insiders",
    "IS_LATEST": "Latest",
}


# -- issuer, insider, filing ----------------------------------------------------------------------
_SORTABLE = set(ISSUER_COLUMNS)


@router.get("/issuers/{key}", response_class=HTMLResponse)
def issuer(
    request: Request,
    key: str,
    code: Annotated[str | None, Query(max_length=60)] = None,
    owner: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    table: Annotated[str | None, Query(pattern="^(I|II)?$")] = None,
    sort: Annotated[str, Query(max_length=40)] = "FILING_DATE",
    desc: Annotated[bool, Query()] = True,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    if sort not in _SORTABLE:
        raise ApiError(400, f"sort: {sort!r} is not one of {', '.join(ISSUER_COLUMNS)}")
    with reading(request) as store:
        facts = issuer_facts(store, key)
        roster = store.insiders(issuer_cik=facts["cik"])
        rows = store.transactions(
            issuer=facts["cik"],
            codes=code or None,
            owner=owner or None,
            since=since or None,
            until=until or None,
            table=table or None,
        )
        has_prices = bool(facts["ticker"]) and store.prices(facts["ticker"]).num_rows > 0
    arrow = rows.arrow
    order = "descending" if desc else "ascending"
    arrow = arrow.sort_by([(sort, order), ("ACCESSION_NUMBER", order), ("TRANS_SK", "ascending")])
    total = arrow.num_rows
    pages = max(1, -(-total // PAGE_ROWS))
    page_number = min(page_number, pages)
    shown = arrow.slice((page_number - 1) * PAGE_ROWS, PAGE_ROWS).to_pylist()
    for row in shown:
        row["OWNER_CIKS"] = row.get("RPTOWNERCIK")
    sorting = {
        name: _query(request, sort=name, desc=str(name != sort or not desc).lower(), page=None)
        for name in ISSUER_COLUMNS
    }
    owner_filter = {"owner": owner} if owner else {}
    csv_params = {
        "issuer_cik": facts["cik"],
        "code": code,
        "since": since,
        "until": until,
        "table": table,
        **owner_filter,
    }
    csv_link = "/api/transactions?" + urlencode(
        {"format": "csv", **{k: v for k, v in csv_params.items() if v}}
    )
    return page(
        request,
        "issuer.html",
        facts=facts,
        roster=table_of(roster, _ROSTER),
        transactions=table_of(shown, ISSUER_COLUMNS),
        sorting=sorting,
        sort=sort,
        desc=desc,
        filters={"code": code, "owner": owner, "since": since, "until": until, "table": table},
        total=total,
        page_number=page_number,
        pages=pages,
        previous_page=_query(request, page=page_number - 1) if page_number > 1 else None,
        next_page=_query(request, page=page_number + 1) if page_number < pages else None,
        csv_link=csv_link,
        has_prices=has_prices,
    )


_ROSTER = {
    "OWNER_NAME": "Insider",
    "ROLES": "Roles",
    "OFFICER_TITLE": "Title",
    "FILINGS": "Filings",
    "FIRST_FILED": "First filed",
    "LAST_FILED": "Last filed",
    "BOUGHT_VALUE": "Bought (12 mo.)",
    "SOLD_VALUE": "Sold (12 mo.)",
    "SHARES_DIRECT": "Held directly",
    "SHARES_INDIRECT": "Held indirectly",
}


@router.get("/insiders/{cik}", response_class=HTMLResponse)
def insider(
    request: Request,
    cik: str,
    next: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    if not cik.isdigit() or len(cik) > 10:
        raise ApiError(400, f"cik: {cik[:20]!r} is not a CIK (up to ten digits)")
    with reading(request) as store:
        facts = store.insider(cik)
        if facts is None:
            raise ApiError(404, f"no stored filing names insider {cik.zfill(10)}")
        result = store.filing_list(owner_cik=cik, after=next, limit=PAGE_ROWS)
    roles = [
        {
            "ISSUERNAME": r["issuer_name"],
            "ISSUERCIK": r["issuer_cik"],
            "TICKER": r["ticker"],
            "RELATIONSHIP": r["relationship"],
            "OFFICER_TITLE": r["officer_title"] or r["other_text"],
            "FIRST_FILED": r["first_filed"],
            "LAST_FILED": r["last_filed"],
            "FILINGS": r["filings"],
        }
        for r in facts["roles"]
    ]
    return page(
        request,
        "insider.html",
        facts=facts,
        roles=table_of(roles, _ROLES),
        filings=table_of(result.table, _FILINGS),
        following=_query(request, next=result.next) if result.next else None,
    )


_ROLES = {
    "ISSUERNAME": "Issuer",
    "TICKER": "Ticker",
    "RELATIONSHIP": "Relationship",
    "OFFICER_TITLE": "Title",
    "FIRST_FILED": "From",
    "LAST_FILED": "To",
    "FILINGS": "Filings",
}


@router.get("/filings/{accession}", response_class=HTMLResponse)
def filing(request: Request, accession: str) -> Response:
    with reading(request) as store:
        model = filing_of(store, accession)
        found = store.findings(accession)
    return page(
        request,
        "filing.html",
        accession=accession,
        filing=model,
        findings=[f.to_dict() for f in found],
        warnings=[str(w) for w in model.warnings],
    )


# -- screens --------------------------------------------------------------------------------------
@router.get("/screens", response_class=HTMLResponse)
def screens(request: Request) -> Response:
    return page(request, "screens.html", screens=SCREENS)


@router.get("/screens/{name}", response_class=HTMLResponse)
def screen(request: Request, name: str) -> Response:
    try:
        entry = screen_named(name)
    except ValueError as error:
        raise ApiError(404, str(error)) from None
    given = {k: v for k, v in request.query_params.items() if v.strip()}
    answer, report, problem_text = None, None, None
    if given.pop("run", None) is not None:
        given.setdefault("limit", "100")
        if not given["limit"].isdigit() or not 1 <= int(given["limit"]) <= 1000:
            problem_text = "limit: a whole number from 1 to 1000"
        else:
            try:
                with reading(request) as store:
                    table = store.screen(entry.name, **given)
                from form4.analysis import report_of

                report = report_of(table)
                answer = table_of(entry.for_people(table).to_pylist() if entry.shown else table)
                if entry.shown:  # links need the keys the shown columns leave out
                    full = table.to_pylist()
                    for shown_row, row in zip(answer["rows"], full, strict=True):
                        for index, column in enumerate(answer["names"]):
                            shown_row[index] = cell(column, row.get(column), row)
            except ValueError as problem:
                problem_text = str(problem)
    return page(
        request,
        "screen.html",
        screen=entry,
        values={k: request.query_params.get(k, "") for k in (p.name for p in entry.all_params)},
        answer=answer,
        report=report,
        error=problem_text,
        csv_link=f"/api/screens/{entry.name}?"
        + urlencode({**given, "format": "csv"} if answer is not None else {"format": "csv"}),
    )


# -- read & check ---------------------------------------------------------------------------------
@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> Response:
    return page(request, "check.html", result=None)


@router.post("/check", response_class=HTMLResponse)
async def check(request: Request) -> Response:
    form = await request.form()
    upload = form.get("file")
    pasted = form.get("text")
    data, name = b"", None
    if upload is not None and not isinstance(upload, str):
        data, name = await upload.read(), upload.filename
    if not data.strip() and isinstance(pasted, str):
        data, name = pasted.encode(), "pasted"
    try:
        filing = read_posted(data, name)
    except ApiError as error:
        return page(request, "check.html", status=400, result=None, error=error.message)
    filed = form.get("filed")
    day = None
    if isinstance(filed, str) and filed.strip():
        try:
            day = date.fromisoformat(filed.strip())
        except ValueError:
            problem = f"filed: {filed!r} is not a date (YYYY-MM-DD)"
            return page(request, "check.html", status=400, result=None, error=problem)
    report = validate(filing, filed=day)
    return page(
        request,
        "check.html",
        result={
            "name": name,
            "form": render(filing, "html"),
            "filing": filing,
            "warnings": [str(w) for w in filing.warnings],
            "findings": [f.to_dict() for f in report.findings],
        },
    )


# -- prepare ---------------------------------------------------------------------------------------
#: The prepare form's fields as a first visit shows them.
_PREPARE_DEFAULTS = {
    "issuer": "",
    "owners": "",
    "form": "4",
    "trades": "",
    "plan_adopted": "",
    "event_date": "",
    "fiscal_year_end": "",
    "average": True,
    "from_store": True,
    "remarks": "",
    "now": "",
}


def _prepare_page(
    request: Request,
    values: dict[str, Any],
    status: int = 200,
    prepared: Prepared | None = None,
    error: str | None = None,
) -> HTMLResponse:
    return page(
        request,
        "prepare.html",
        status=status,
        values=values,
        columns=TRADE_COLUMNS,
        example=template(),
        prepared=prepared,
        form=render(prepared.filing, "html") if prepared else None,
        xml=prepared.to_xml() if prepared else None,
        error=error,
    )


async def _prepare_posted(request: Request) -> tuple[dict[str, Any], Prepared | HTMLResponse]:
    """The form's values as posted (an uploaded file's text in place of the pasted trades, so
    that the page shows it and posting again uses it) and the filing they prepare, or the
    page again with the error and the values kept (400)."""
    posted = await request.form()
    values: dict[str, Any] = {
        name: str(posted.get(name) or "") for name, default in _PREPARE_DEFAULTS.items()
    }
    values["average"] = "average" in posted
    values["from_store"] = "from_store" in posted
    csv_name = "pasted trades"
    upload = posted.get("file")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        data = await upload.read()
        try:
            values["trades"] = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problem = f"{upload.filename}: not UTF-8 text"
            return values, _prepare_page(request, values, status=400, error=problem)
        csv_name = upload.filename
    asked = PrepareRequest(
        issuer=values["issuer"],
        owners=[owner for owner in re.split(r"[\s,;]+", values["owners"]) if owner],
        form=values["form"],
        trades=None,
        csv=values["trades"],
        plan_adopted=values["plan_adopted"],
        event_date=values["event_date"],
        fiscal_year_end=values["fiscal_year_end"],
        average=values["average"],
        from_store=values["from_store"],
        remarks=values["remarks"],
        now=values["now"],
    )
    try:
        prepared = await run_in_threadpool(prepared_for, request, asked, csv_name)
    except PrepareError as error:
        return values, _prepare_page(request, values, status=400, error=str(error))
    return values, prepared


@router.get("/prepare", response_class=HTMLResponse)
def prepare_form(request: Request) -> Response:
    return _prepare_page(request, dict(_PREPARE_DEFAULTS))


@router.post("/prepare", response_class=HTMLResponse)
async def prepare_page(request: Request) -> Response:
    values, prepared = await _prepare_posted(request)
    if isinstance(prepared, HTMLResponse):
        return prepared
    return _prepare_page(request, values, prepared=prepared)


@router.post("/prepare.xml")
async def prepare_xml(request: Request) -> Response:
    """The prepared filing's XML, to save: the form posted as to ``/prepare``."""
    _, prepared = await _prepare_posted(request)
    if isinstance(prepared, HTMLResponse):
        return prepared
    return Response(
        prepared.to_xml(),
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{prepared.stem}.xml"'},
    )


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    return page(request, "docs.html")
