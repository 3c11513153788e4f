"""What a reader of the store looks up before any screen: filings page by page, a search over
issuers, insiders and accession numbers, an issuer's and an insider's facts, insider buying and
selling by month, the closes imported, and the store's size and freshness.

Each answer is a ``pyarrow.Table`` or plain data, from SQL with bound parameters only. The pages
of ``list_filings`` are keyed (a ``next`` cursor naming the last filing given), so a page is as
quick on the thousandth page as on the first and a filing stored meanwhile moves nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from form4.analysis._cache import sources
from form4.analysis._holdings import cik, day
from form4.rows import CONTENT_KEY_PATTERN

__all__ = [
    "FILING_COLUMNS",
    "FILING_SCHEMA",
    "MAX_PAGE",
    "FilingPage",
    "insider_of",
    "issuer_of",
    "list_filings",
    "monthly_trades",
    "price_history",
    "search",
    "summary",
]

#: The most rows one page of a list gives.
MAX_PAGE = 1000
#: The columns of ``list_filings``: SUBMISSION's of the filing, its owners' CIKs and names in
#: the filing's order ('; ' between), whether it is the latest version, where it came from.
FILING_SCHEMA = pa.schema(
    [
        ("ACCESSION_NUMBER", pa.string()),
        ("FILING_DATE", pa.date32()),
        ("DOCUMENT_TYPE", pa.string()),
        ("PERIOD_OF_REPORT", pa.date32()),
        ("ISSUERCIK", pa.string()),
        ("ISSUERNAME", pa.string()),
        ("ISSUERTRADINGSYMBOL", pa.string()),
        ("OWNER_CIKS", pa.string()),
        ("OWNER_NAMES", pa.string()),
        ("IS_LATEST", pa.bool_()),
        ("ORIGIN", pa.string()),
    ]
)
FILING_COLUMNS: tuple[str, ...] = tuple(FILING_SCHEMA.names)
_SUBMISSION_COLUMNS = FILING_COLUMNS[:7]
#: Filings without a filing date sort after every dated one (as the oldest).
_NO_DATE = date(1, 1, 1)
_DAY = "coalesce(FILING_DATE, DATE '0001-01-01')"
_FORMS = ("3", "3/A", "4", "4/A", "5", "5/A")
#: The key of a filing known by its content alone (``form4.rows.content_key``).
_CONTENT_KEY = re.compile(CONTENT_KEY_PATTERN)


@dataclass(frozen=True, slots=True)
class FilingPage:
    """One page of filings, newest first, and the cursor of the next page (None: the last)."""

    table: pa.Table
    next: str | None


def _cursor(key_day: date, accession: str) -> str:
    return base64.urlsafe_b64encode(f"{key_day.isoformat()}|{accession}".encode()).decode()


def _uncursor(cursor: str) -> tuple[date, str]:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
        day_text, accession = text.split("|", 1)
        return date.fromisoformat(day_text), accession
    except (ValueError, UnicodeError, binascii.Error):
        raise ValueError(f"next: {cursor[:40]!r} is not a cursor this store gave") from None


def list_filings(
    con: duckdb.DuckDBPyConnection,
    *,
    ticker: str | None = None,
    issuer_cik: str | int | None = None,
    owner_cik: str | int | None = None,
    form: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    after: str | None = None,
    limit: int = 100,
) -> FilingPage:
    """Stored filings, newest filing date first (then by accession number, descending), every
    version of an amended filing (``IS_LATEST`` marks the latest). The filters combine:
    ``ticker`` (as filings give it, any case), ``issuer_cik``, ``owner_cik`` (any owner of a
    joint filing), ``form`` (3, 4, 5, 3/A, 4/A, 5/A), ``since``/``until`` (filing date).
    ``after`` is the ``next`` of the page before; ``limit`` rows at most (1 to ``MAX_PAGE``).
    A bad value raises ValueError naming the parameter."""
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit: {limit} is not between 1 and {MAX_PAGE}")
    conditions: list[str] = []
    params: dict[str, Any] = {"limit": limit + 1}
    if ticker is not None:
        if not ticker.strip():
            raise ValueError("ticker: empty")
        conditions.append("upper(s.ISSUERTRADINGSYMBOL) = upper($ticker)")
        params["ticker"] = ticker.strip()
    if issuer_cik is not None:
        conditions.append("s.ISSUERCIK = $issuer")
        params["issuer"] = cik("issuer_cik", issuer_cik)
    if owner_cik is not None:
        conditions.append(
            "s.ACCESSION_NUMBER IN "
            "(SELECT ACCESSION_NUMBER FROM REPORTINGOWNER WHERE RPTOWNERCIK = $owner)"
        )
        params["owner"] = cik("owner_cik", owner_cik)
    if form is not None:
        if form.upper() not in _FORMS:
            raise ValueError(f"form: {form!r} is not one of {', '.join(_FORMS)}")
        conditions.append("s.DOCUMENT_TYPE = $form")
        params["form"] = form.upper()
    for name, value, test in (("since", since, ">="), ("until", until, "<=")):
        if value is not None:
            conditions.append(f"s.FILING_DATE {test} ${name}")
            params[name] = day(name, value)
    key = "coalesce(s.FILING_DATE, DATE '0001-01-01')"
    if after is not None:
        after_day, after_accession = _uncursor(after)
        conditions.append(
            f"({key} < $after_day OR ({key} = $after_day AND s.ACCESSION_NUMBER < $after_acc))"
        )
        params["after_day"], params["after_acc"] = after_day, after_accession
    # The page first, from SUBMISSION alone; then its filings' owners, version and origin,
    # looked up by accession number (indexed: a few milliseconds on millions of filings).
    columns = ", ".join(f"s.{name}" for name in _SUBMISSION_COLUMNS)
    page = con.execute(
        f"""SELECT {columns}, {key} AS _KEY FROM SUBMISSION s
{"WHERE " + " AND ".join(conditions) if conditions else ""}
ORDER BY _KEY DESC, s.ACCESSION_NUMBER DESC
LIMIT $limit""",
        params,
    ).fetchall()
    following = None
    if len(page) > limit:
        page = page[:limit]
        following = _cursor(page[-1][-1], page[-1][0])
    accessions = [row[0] for row in page]
    owners: dict[str, tuple[str, str]] = {}
    latest: dict[str, bool] = {}
    origin: dict[str, str] = {}
    if accessions:
        marks = ", ".join("?" * len(accessions))
        for accession, ciks, names in con.execute(
            "SELECT ACCESSION_NUMBER, string_agg(coalesce(RPTOWNERCIK, ''), '; ' ORDER BY rowid), "
            "string_agg(coalesce(RPTOWNERNAME, ''), '; ' ORDER BY rowid) FROM REPORTINGOWNER "
            f"WHERE ACCESSION_NUMBER IN ({marks}) GROUP BY ACCESSION_NUMBER",
            accessions,
        ).fetchall():
            owners[accession] = (ciks, names)
        versions = sources(con).versions
        latest = dict(
            con.execute(
                f"SELECT ACCESSION_NUMBER, IS_LATEST FROM {versions} "
                f"WHERE ACCESSION_NUMBER IN ({marks})",
                accessions,
            ).fetchall()
        )
        origin = dict(
            con.execute(
                "SELECT ACCESSION_NUMBER, ORIGIN FROM FILING_SOURCE "
                f"WHERE ACCESSION_NUMBER IN ({marks})",
                accessions,
            ).fetchall()
        )
    records = [
        (
            *row[:-1],
            *owners.get(row[0], (None, None)),
            latest.get(row[0], True),
            origin.get(row[0]),
        )
        for row in page
    ]
    names = list(FILING_COLUMNS)
    table = pa.Table.from_pylist(
        [dict(zip(names, record, strict=True)) for record in records], schema=FILING_SCHEMA
    )
    return FilingPage(table, following)


def search(con: duckdb.DuckDBPyConnection, text: str, *, limit: int = 20) -> pa.Table:
    """What ``text`` names: an accession number, issuers by ticker, CIK or name, insiders by
    CIK or name (every word, in any order). Columns KIND (filing, issuer, insider), KEY (the
    accession number or CIK), NAME, TICKER, FILINGS, LAST_FILED; exact matches first, then the
    most filings."""
    words = text.lower().replace(",", " ").split()
    if not words:
        raise ValueError("q: empty")
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit: {limit} is not between 1 and {MAX_PAGE}")
    plain = " ".join(text.split())
    digits = plain.replace("-", "")
    params = {
        "text": plain,
        "words": words,
        "cik": plain.zfill(10) if plain.isdigit() and len(plain) <= 10 else None,
        "accession": plain
        if (digits.isdigit() and len(digits) == 18) or _CONTENT_KEY.fullmatch(plain)
        else None,
        "limit": limit,
    }
    sql = f"""
WITH issuers AS (
    SELECT 'issuer' AS KIND, ISSUERCIK AS KEY, arg_max(ISSUERNAME, {_DAY}) AS NAME,
           arg_max(ISSUERTRADINGSYMBOL, {_DAY}) AS TICKER, count(*) AS FILINGS,
           max(FILING_DATE) AS LAST_FILED,
           bool_or(upper(ISSUERTRADINGSYMBOL) = upper($text) OR ISSUERCIK = $cik) AS EXACT
    FROM SUBMISSION
    WHERE ISSUERCIK IS NOT NULL AND (upper(ISSUERTRADINGSYMBOL) = upper($text)
       OR ISSUERCIK = $cik
       OR list_bool_and(list_transform($words, lambda w: contains(lower(ISSUERNAME), w))))
    GROUP BY ISSUERCIK
), insiders AS (
    SELECT 'insider' AS KIND, r.RPTOWNERCIK AS KEY,
           arg_max(r.RPTOWNERNAME, coalesce(s.FILING_DATE, DATE '0001-01-01')) AS NAME,
           NULL AS TICKER, count(*) AS FILINGS, max(s.FILING_DATE) AS LAST_FILED,
           bool_or(r.RPTOWNERCIK = $cik) AS EXACT
    FROM REPORTINGOWNER r LEFT JOIN SUBMISSION s USING (ACCESSION_NUMBER)
    WHERE r.RPTOWNERCIK IS NOT NULL AND (r.RPTOWNERCIK = $cik
       OR list_bool_and(list_transform($words, lambda w: contains(lower(r.RPTOWNERNAME), w))))
    GROUP BY r.RPTOWNERCIK
), filings AS (
    SELECT 'filing' AS KIND, ACCESSION_NUMBER AS KEY, ISSUERNAME AS NAME,
           ISSUERTRADINGSYMBOL AS TICKER, 1 AS FILINGS, FILING_DATE AS LAST_FILED, true AS EXACT
    FROM SUBMISSION WHERE ACCESSION_NUMBER = $accession
)
SELECT KIND, KEY, NAME, TICKER, FILINGS, LAST_FILED FROM (
    FROM filings UNION ALL FROM issuers UNION ALL FROM insiders
)
ORDER BY EXACT DESC, KIND = 'filing' DESC, FILINGS DESC, KEY
LIMIT $limit"""
    return con.sql(sql, params=params).to_arrow_table()


def issuer_of(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any] | None:
    """The issuer a ticker or CIK names (a ticker: the issuer that filed under it last): CIK,
    the latest name and ticker, every ticker its filings gave, filings stored, first and last
    filing date. None when no stored filing names it."""
    text = key.strip()
    if not text:
        raise ValueError("issuer: empty")
    if text.isdigit():
        issuer = cik("issuer", text)
    else:
        rows = con.execute(
            "SELECT ISSUERCIK FROM SUBMISSION WHERE upper(ISSUERTRADINGSYMBOL) = upper($t) "
            "AND ISSUERCIK IS NOT NULL ORDER BY FILING_DATE DESC NULLS LAST, ACCESSION_NUMBER "
            "DESC LIMIT 1",
            {"t": text},
        ).fetchall()
        if not rows:
            return None
        issuer = rows[0][0]
    rows = con.execute(
        f"""SELECT ISSUERCIK, arg_max(ISSUERNAME, {_DAY}),
                  arg_max(ISSUERTRADINGSYMBOL, {_DAY}),
                  list(DISTINCT upper(ISSUERTRADINGSYMBOL) ORDER BY upper(ISSUERTRADINGSYMBOL))
                      FILTER (WHERE ISSUERTRADINGSYMBOL IS NOT NULL),
                  count(*), min(FILING_DATE), max(FILING_DATE)
           FROM SUBMISSION WHERE ISSUERCIK = $cik GROUP BY ISSUERCIK""",
        {"cik": issuer},
    ).fetchall()
    if not rows:
        return None
    cik_, name, ticker, tickers, filings, first, last = rows[0]
    return {
        "cik": cik_,
        "name": name,
        "ticker": ticker,
        "tickers": list(tickers or []),
        "filings": filings,
        "first_filed": first,
        "last_filed": last,
    }


def insider_of(con: duckdb.DuckDBPyConnection, owner_cik: str | int) -> dict[str, Any] | None:
    """An insider by CIK: the names filed under it (latest first), filings stored, first and
    last filing date, and the roles over time: one entry per issuer and role as the filings
    gave it (relationship boxes and officer title), with the first and last filing date that
    gave it. None when no stored filing names the CIK."""
    owner = cik("owner_cik", owner_cik)
    rows = con.execute(
        """SELECT r.ACCESSION_NUMBER, r.RPTOWNERNAME, s.FILING_DATE, s.ISSUERCIK, s.ISSUERNAME,
                  s.ISSUERTRADINGSYMBOL,
                  r.RPTOWNER_RELATIONSHIP, r.RPTOWNER_TITLE, r.RPTOWNER_TXT
           FROM REPORTINGOWNER r LEFT JOIN SUBMISSION s USING (ACCESSION_NUMBER)
           WHERE r.RPTOWNERCIK = $cik
           ORDER BY s.FILING_DATE NULLS FIRST, r.ACCESSION_NUMBER""",
        {"cik": owner},
    ).fetchall()
    if not rows:
        return None
    names: list[str] = []
    roles: dict[tuple[Any, ...], dict[str, Any]] = {}
    for _acc, name, filed, issuer, issuer_name, ticker, relationship, title, other in rows:
        if name:  # the rows run oldest first: the latest name ends first
            if name in names:
                names.remove(name)
            names.insert(0, name)
        role_key = (issuer, relationship, title, other)
        role = roles.get(role_key)
        if role is None:
            roles[role_key] = {
                "issuer_cik": issuer,
                "issuer_name": issuer_name,
                "ticker": ticker,
                "relationship": relationship,
                "officer_title": title,
                "other_text": other,
                "first_filed": filed,
                "last_filed": filed,
                "filings": 1,
            }
        else:
            role["last_filed"] = filed
            role["filings"] += 1
            role["issuer_name"], role["ticker"] = issuer_name or role["issuer_name"], ticker
    dated = [row[2] for row in rows if row[2] is not None]
    return {
        "cik": owner,
        "name": names[0] if names else None,
        "names": names,
        "filings": len({row[0] for row in rows}),
        "first_filed": min(dated) if dated else None,
        "last_filed": max(dated) if dated else None,
        "roles": sorted(
            roles.values(),
            key=lambda r: (r["first_filed"] or _NO_DATE, r["issuer_cik"] or ""),
        ),
    }


def monthly_trades(
    con: duckdb.DuckDBPyConnection,
    *,
    ticker: str | None = None,
    issuer_cik: str | int | None = None,
) -> pa.Table:
    """Open-market buying and selling by month of trade date for one issuer: MONTH (its first
    day), BOUGHT and SOLD (value, exact; a trade row without a price adds nothing), PURCHASES
    and SALES (the screens' trade rows: one per filing and code), BUYERS and SELLERS (distinct
    filings' first owner). The trade rows are the screens' (``form4.analysis``): latest
    versions, P acquired and S disposed, dated no later than their filing."""
    where, params = _issuer(ticker, issuer_cik)
    trade = sources(con).trades
    sql = f"""SELECT date_trunc('month', TRADE_DATE)::DATE AS MONTH,
       coalesce(sum(VALUE) FILTER (WHERE TRANS_CODE = 'P'), 0) AS BOUGHT,
       coalesce(sum(VALUE) FILTER (WHERE TRANS_CODE = 'S'), 0) AS SOLD,
       count(*) FILTER (WHERE TRANS_CODE = 'P') AS PURCHASES,
       count(*) FILTER (WHERE TRANS_CODE = 'S') AS SALES,
       count(DISTINCT OWNER_CIKS) FILTER (WHERE TRANS_CODE = 'P') AS BUYERS,
       count(DISTINCT OWNER_CIKS) FILTER (WHERE TRANS_CODE = 'S') AS SELLERS
FROM {trade} WHERE {where}
GROUP BY MONTH ORDER BY MONTH"""
    return con.sql(sql, params=params).to_arrow_table()


def trade_points(
    con: duckdb.DuckDBPyConnection,
    *,
    ticker: str | None = None,
    issuer_cik: str | int | None = None,
) -> pa.Table:
    """The issuer's open-market trade rows for marking on a price line: ACCESSION_NUMBER,
    TRADE_DATE, TRANS_CODE, OWNER_NAMES, SHARES, PRICE, VALUE (the screens' trade rows)."""
    where, params = _issuer(ticker, issuer_cik)
    trade = sources(con).trades
    return con.sql(
        f"SELECT ACCESSION_NUMBER, TRADE_DATE, TRANS_CODE, OWNER_NAMES, SHARES, PRICE, VALUE "
        f"FROM {trade} WHERE {where} ORDER BY TRADE_DATE, ACCESSION_NUMBER",
        params=params,
    ).to_arrow_table()


def _issuer(ticker: str | None, issuer_cik: str | int | None) -> tuple[str, dict[str, Any]]:
    if issuer_cik is not None:
        return "ISSUERCIK = $issuer", {"issuer": cik("issuer_cik", issuer_cik)}
    if ticker is not None and ticker.strip():
        return "upper(TICKER) = upper($ticker)", {"ticker": ticker.strip()}
    raise ValueError("a ticker or an issuer_cik is required")


def price_history(
    con: duckdb.DuckDBPyConnection,
    ticker: str,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
) -> pa.Table:
    """The closes imported for ``ticker`` (``Store.import_prices``): DATE, CLOSE, ADJUSTED, in
    date order; the adjusted closes when the ticker has any (as the returns use them)."""
    params: dict[str, Any] = {"ticker": ticker.strip().upper()}
    conditions = ["TICKER = $ticker"]
    for name, value, test in (("since", since, ">="), ("until", until, "<=")):
        if value is not None:
            conditions.append(f"DATE {test} ${name}")
            params[name] = day(name, value)
    where = " AND ".join(conditions)
    return con.sql(
        f"""SELECT DATE, CLOSE, ADJUSTED FROM PRICE WHERE {where}
            AND ADJUSTED = (SELECT coalesce(bool_or(ADJUSTED), false) FROM PRICE WHERE {where})
            ORDER BY DATE""",
        params=params,
    ).to_arrow_table()


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The store's size and freshness: filings, issuers, insiders, transactions, closes; the
    latest filing date and the latest ingest and data-set import."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM SUBMISSION),
                  (SELECT count(DISTINCT ISSUERCIK) FROM SUBMISSION),
                  (SELECT count(DISTINCT RPTOWNERCIK) FROM REPORTINGOWNER),
                  (SELECT count(*) FROM NONDERIV_TRANS) + (SELECT count(*) FROM DERIV_TRANS),
                  (SELECT count(*) FROM PRICE), (SELECT max(FILING_DATE) FROM SUBMISSION),
                  (SELECT max(INGESTED_AT) FROM FILING_SOURCE),
                  (SELECT max(IMPORTED_AT) FROM DATASET_IMPORT)"""
    ).fetchall()[0]
    names = (
        "filings",
        "issuers",
        "insiders",
        "transactions",
        "closes",
        "latest_filing_date",
        "last_ingest",
        "last_dataset_import",
    )
    return dict(zip(names, row, strict=True))
