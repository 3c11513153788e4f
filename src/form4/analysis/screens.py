"""The screens: the questions people ask of insider trades again and again, each a named query
over the per-filing trade rows (``_trades.py``) with its parameters, their defaults and the
source of its definition.

``SCREENS`` is the catalogue (like ``form4.RULES``); ``run(con, name, **params)`` answers one as
a ``pyarrow.Table`` (``Store.screen``). Every screen takes the filters of ``COMMON``: ``since``
and ``until`` bound the filing date, ``ticker``, ``issuer_cik`` and ``owner_cik`` pick an issuer
or an insider, ``limit`` caps the rows (0: all). Screens that need history (first-time buyers,
routine or opportunistic, clusters) compute it from every stored trade and apply the filters to
their answer.

What a screen leaves out is reported, not dropped in silence: the table's metadata (read with
``report_of``) counts the rows left out by reason (``_trades.LEFT_OUT_COLUMNS``: trade dates
missing, before 1990 or after the filing; a P not acquired, an S not disposed of; and, where the
screen places trades in time by their filing date, trades whose filing date is not known) and
lists the first of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from form4.analysis import _prices
from form4.analysis._cache import Sources, sources
from form4.analysis._holdings import cik
from form4.errors import StoreError
from form4.store._db import literal, scalar

__all__ = [
    "COMMON",
    "SCREENS",
    "Param",
    "Screen",
    "ScreenReport",
    "report_of",
    "run",
    "screen_named",
    "unknown_names",
]

Kind = Literal["date", "int", "decimal", "text", "choice"]
_LEFT_OUT_SHOWN = 50  # rows left out listed in the metadata (all are counted)
_META = b"form4.screen"


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter of a screen: its name, kind, default (None: not set) and meaning."""

    name: str
    kind: Kind
    default: Any
    about: str
    choices: tuple[str, ...] = ()

    def parse(self, value: Any) -> Any:
        """``value`` (text from a command line, or a Python value) as this parameter's kind; a
        ValueError naming the parameter when it is not one."""
        if value is None:
            return None
        text = str(value).strip()
        try:
            if self.kind == "date":
                return value if isinstance(value, date) else date.fromisoformat(text)
            if self.kind == "int":
                if isinstance(value, bool) or not (isinstance(value, int) or text.isdigit()):
                    raise ValueError
                return int(text)
            if self.kind == "decimal":
                amount = Decimal(text.replace(",", "").removeprefix("$"))
                if not amount.is_finite():
                    raise ValueError
                return amount
        except (ValueError, InvalidOperation):
            wanted = {"date": "a date (YYYY-MM-DD)", "int": "a whole number >= 0"}
            raise ValueError(
                f"{self.name}: {value!r} is not {wanted.get(self.kind, 'a number')}"
            ) from None
        if self.kind == "choice" and text not in self.choices:
            raise ValueError(f"{self.name}: {text!r} is not one of {', '.join(self.choices)}")
        if not text:
            raise ValueError(f"{self.name}: empty")
        return text

    def to_dict(self) -> dict[str, Any]:
        default = self.default.isoformat() if isinstance(self.default, date) else self.default
        entry = {"name": self.name, "kind": self.kind, "default": default, "about": self.about}
        if self.choices:
            entry["choices"] = list(self.choices)
        if isinstance(default, Decimal):
            entry["default"] = str(default)
        return entry


#: The filters and the cap every screen takes.
COMMON: tuple[Param, ...] = (
    Param("since", "date", None, "filed on or after this day"),
    Param("until", "date", None, "filed on or before this day"),
    Param("ticker", "text", None, "the issuer's trading symbol (as its filings give it)"),
    Param("issuer_cik", "text", None, "the issuer's CIK"),
    Param("owner_cik", "text", None, "an insider's CIK (any owner of a joint filing)"),
    Param("limit", "int", 100, "rows at most (0: all)"),
)

Params = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Run:
    """What a screen's query is given: the connection, where the trade rows are, the
    parameters (parsed, defaults filled)."""

    con: duckdb.DuckDBPyConnection
    src: Sources
    params: Params
    left_out: list[tuple[str, int]] = field(default_factory=list)
    left_out_rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: The columns of a trade row a table for people shows, as the screeners do.
_TRADE_SHOWN = (
    "FLAGS",
    "FILING_DATE",
    "TRADE_DATE",
    "TICKER",
    "OWNER_NAMES",
    "OFFICER_TITLE",
    "TRANS_CODE",
    "PRICE",
    "SHARES",
    "SHARES_OWNED_AFTER",
    "DELTA_OWN",
    "VALUE",
)


@dataclass(frozen=True, slots=True)
class Screen:
    """One screen of the catalogue: name, one-line summary, its own parameters (beside
    ``COMMON``), the source of its definition, and the query answering it."""

    name: str
    summary: str
    params: tuple[Param, ...]
    source: str
    answer: Callable[[_Run], pa.Table] = field(repr=False, compare=False)
    #: The columns a table for people shows first (all of them when empty); files get all.
    shown: tuple[str, ...] = _TRADE_SHOWN

    @property
    def all_params(self) -> tuple[Param, ...]:
        """The screen's own parameters, then ``COMMON``."""
        return (*self.params, *COMMON)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "params": [p.to_dict() for p in self.all_params],
            "source": self.source,
        }

    def for_people(self, table: pa.Table) -> pa.Table:
        """The answer's ``shown`` columns (all when it names none), and its returns after 1
        week and 1 month when it has them (the store holds prices); returns and rates of
        returns to 4 decimals."""
        returns = [c for c in ("RETURN_1W", "RETURN_1M") if c in table.column_names]
        shown = table.select([*self.shown, *returns]) if self.shown else table
        for index, name in enumerate(shown.column_names):
            if "RETURN" in name or name == "HIT_RATE":
                shown = shown.set_column(index, name, pc.round(shown.column(name), 4))
        return shown


@dataclass(frozen=True, slots=True)
class ScreenReport:
    """What a screen's answer says of itself (``report_of``): the screen, the parameters it ran
    with, the rows left out by reason and the first of them, whether the answer came from the
    analysis tables (``Store.optimize``) or from the store's own tables, and notes on an empty
    answer (a ticker, issuer or insider the store does not know)."""

    screen: str
    params: dict[str, Any]
    left_out: dict[str, int]
    left_out_rows: list[dict[str, Any]]
    from_analysis_tables: bool
    notes: list[str]

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


def report_of(table: pa.Table) -> ScreenReport:
    """The report a screen's answer carries in its metadata."""
    meta = (table.schema.metadata or {}).get(_META)
    if meta is None:
        raise ValueError("not a screen's answer (no form4.screen metadata)")
    data = json.loads(meta)
    return ScreenReport(
        data["screen"],
        data["params"],
        dict(data["left_out"]),
        data["left_out_rows"],
        data["from_analysis_tables"],
        data["notes"],
    )


# -- the common filters --------------------------------------------------------------------------
def _filters(run: _Run, alias: str, *, dates: bool = True, owner: bool = True) -> str:
    """The common filters as SQL over trade rows ``alias`` (``dates``: the filing date bounds;
    ``owner``: the insider)."""
    p = run.params
    conditions = []
    if dates and p["since"] is not None:
        conditions.append(f"{alias}.FILING_DATE >= DATE '{p['since'].isoformat()}'")
    if dates and p["until"] is not None:
        conditions.append(f"{alias}.FILING_DATE <= DATE '{p['until'].isoformat()}'")
    if p["ticker"] is not None:
        conditions.append(f"upper({alias}.TICKER) = {literal(p['ticker'].upper())}")
    if p["issuer_cik"] is not None:
        conditions.append(f"{alias}.ISSUERCIK = '{p['issuer_cik']}'")
    if owner and p["owner_cik"] is not None:
        conditions.append(f"list_contains({alias}.OWNER_CIKS, '{p['owner_cik']}')")
    return " AND ".join(conditions) or "true"


def _limit(run: _Run) -> str:
    return f"LIMIT {run.params['limit']}" if run.params["limit"] else ""


def _table(run: _Run, sql: str) -> pa.Table:
    try:
        return run.con.sql(sql).to_arrow_table()
    except duckdb.Error as error:
        raise StoreError("store", f"screen query failed: {error}") from None


def _count_left_out(run: _Run, codes: Iterable[str], *, undated: bool) -> None:
    """Count the rows of ``codes`` the trade rows leave out that match the screen's filters;
    with ``undated``, also the trade rows whose filing date is not known (a screen placing
    trades by filing date cannot place them)."""
    code_list = ", ".join(literal(c) for c in codes)
    owner = run.params["owner_cik"]
    owner_test = (
        "true"
        if owner is None
        else "l.ACCESSION_NUMBER IN (SELECT ACCESSION_NUMBER FROM REPORTINGOWNER "
        f"WHERE RPTOWNERCIK = '{owner}')"
    )
    where = f"l.TRANS_CODE IN ({code_list}) AND {_filters(run, 'l', owner=False)} AND {owner_test}"
    counts = run.con.execute(
        f"SELECT REASON, count(*) FROM {run.src.left_out} l WHERE {where} GROUP BY REASON "
        "ORDER BY REASON"
    ).fetchall()
    run.left_out.extend((str(reason), int(count)) for reason, count in counts)
    if counts:
        rows = _table(
            run,
            f"SELECT * FROM {run.src.left_out} l WHERE {where} "
            f"ORDER BY l.ACCESSION_NUMBER, l.ROW_NUMBER LIMIT {_LEFT_OUT_SHOWN}",
        )
        run.left_out_rows.extend(rows.to_pylist())
    if undated:
        count = scalar(
            run.con,
            f"SELECT count(*) FROM {run.src.trades} r WHERE r.FILING_DATE IS NULL AND "
            f"r.TRANS_CODE IN ({code_list}) AND {_filters(run, 'r', dates=False)}",
        )
        if count:
            run.left_out.append(("filing date not known", int(count)))


# -- lists of trade rows -------------------------------------------------------------------------
def _ranked(run: _Run, where: str, by: str) -> pa.Table:
    """The trade rows passing ``where`` (over ``r``), in the order ``by``, ``limit`` at most.
    From the analysis table, the rows are ranked on the columns the order and the conditions
    read, and only the chosen rows are then read whole (a trade row has 36 columns)."""
    trades, limit = run.src.trades, run.params["limit"]
    if not (run.src.fresh and limit):
        return _table(run, f"SELECT * FROM {trades} r WHERE {where} ORDER BY {by} {_limit(run)}")
    return _table(
        run,
        f"""SELECT r.* FROM {trades} r WHERE r.rowid IN (
            SELECT r.rowid FROM {trades} r WHERE {where} ORDER BY {by} LIMIT {limit}
        ) ORDER BY {by}""",
    )


def _trade_list(
    code: str, condition: Callable[[Params], str], *, order: str = "latest"
) -> Callable[[_Run], pa.Table]:
    def answer(run: _Run) -> pa.Table:
        dated = run.params["since"] is not None or run.params["until"] is not None
        _count_left_out(run, code, undated=dated)
        by = (
            "r.FILING_DATE DESC NULLS LAST, r.ACCESSION_NUMBER DESC"
            if order == "latest"
            else "r.VALUE DESC NULLS LAST, r.ACCESSION_NUMBER DESC"
        )
        where = f"r.TRANS_CODE = '{code}' AND {condition(run.params)} AND {_filters(run, 'r')}"
        return _ranked(run, where, by)

    return answer


def _min_value(p: Params) -> str:
    return f"r.VALUE >= {p['min_value']}"


def _top(code: str) -> Callable[[_Run], pa.Table]:
    def answer(run: _Run) -> pa.Table:
        as_of = run.params["as_of"] or _latest_filing(run, code)
        if as_of is None:
            return _table(run, f"SELECT * FROM {run.src.trades} r WHERE false")
        days = {"day": 1, "week": 7, "month": 30}[run.params["period"]]
        first = as_of - timedelta(days=days - 1)
        run.params["as_of"] = as_of
        _count_left_out(run, code, undated=True)
        where = (
            f"r.TRANS_CODE = '{code}' AND r.FILING_DATE BETWEEN DATE '{first}' "
            f"AND DATE '{as_of}' AND {_filters(run, 'r')}"
        )
        return _ranked(run, where, "r.VALUE DESC NULLS LAST, r.ACCESSION_NUMBER DESC")

    return answer


def _latest_filing(run: _Run, codes: str) -> date | None:
    """The latest filing date of the trade rows of ``codes`` the filters (but the dates) keep."""
    code_list = ", ".join(literal(c) for c in codes)
    latest: date | None = scalar(
        run.con,
        f"SELECT max(FILING_DATE) FROM {run.src.trades} r WHERE r.TRANS_CODE IN ({code_list}) "
        f"AND {_filters(run, 'r', dates=False)}",
    )
    return latest


_MIN_VALUE_25K = Param("min_value", "decimal", Decimal(25_000), "value of the trades at least")
_MIN_VALUE_100K = Param("min_value", "decimal", Decimal(100_000), "value of the trades at least")
_OPENINSIDER = "OpenInsider's screener (openinsider.com), its ready-made screens"


def _lists() -> list[Screen]:
    screens = [
        Screen(
            "latest-purchases",
            "Open-market purchases (P), latest filed first.",
            (),
            _OPENINSIDER,
            _trade_list("P", lambda p: "true"),
        ),
        Screen(
            "latest-sales",
            "Open-market sales (S), latest filed first.",
            (),
            _OPENINSIDER,
            _trade_list("S", lambda p: "true"),
        ),
    ]
    for code, noun, threshold in (
        ("P", "purchases", _MIN_VALUE_25K),
        ("S", "sales", _MIN_VALUE_100K),
    ):
        amount = f"${int(threshold.default) // 1000}k"
        screens += [
            Screen(
                f"{noun}-{amount[1:]}",
                f"Open-market {noun} worth at least {amount}, latest filed first.",
                (threshold,),
                _OPENINSIDER,
                _trade_list(code, _min_value),
            ),
            Screen(
                f"officer-{noun}-{amount[1:]}",
                f"Officers' {noun} worth at least {amount}: the officer box, or a title naming "
                "CEO, CFO, COO, President, Chair, General Counsel or VP.",
                (threshold,),
                _OPENINSIDER,
                _trade_list(code, lambda p: f"r.IS_OFFICER AND {_min_value(p)}"),
            ),
            Screen(
                f"ceo-cfo-{noun}-{amount[1:]}",
                f"{noun.capitalize()} worth at least {amount} by an insider titled CEO or CFO "
                "(or chief executive or financial officer).",
                (threshold,),
                _OPENINSIDER,
                _trade_list(code, lambda p: f"r.IS_CEO_CFO AND {_min_value(p)}"),
            ),
        ]
    screens.append(
        Screen(
            "penny-stock-buys",
            "Purchases at a price of at most $5 worth at least $25k.",
            (Param("max_price", "decimal", Decimal(5), "average price at most"), _MIN_VALUE_25K),
            _OPENINSIDER,
            _trade_list("P", lambda p: f"r.PRICE <= {p['max_price']} AND {_min_value(p)}"),
        )
    )
    period = Param("period", "choice", "day", "the filing days counted", ("day", "week", "month"))
    as_of = Param("as_of", "date", None, "the last day counted (default: the latest filing)")
    for code, noun in (("P", "purchases"), ("S", "sales")):
        screens.append(
            Screen(
                f"top-{noun}",
                f"The largest {noun} by value filed in the day, week (7 days) or month (30 "
                "days) up to as_of.",
                (period, as_of),
                _OPENINSIDER,
                _top(code),
            )
        )
    return screens


# -- clusters ------------------------------------------------------------------------------------
_CLUSTER_PARAMS = (
    Param("window_days", "int", 30, "the filing dates of a cluster lie within this many days"),
    Param("min_price", "decimal", Decimal(3), "each purchase's average price at least"),
    Param("min_value", "decimal", Decimal(25_000), "each purchase worth at least"),
    Param("min_delta_own", "decimal", Decimal(1), "each purchase adds at least this % (ΔOwn)"),
    Param("max_delay", "int", 6, "each purchase filed at most this many days after the trade"),
    Param("min_insiders", "int", 2, "distinct insiders at least"),
    Param("min_officers", "int", 1, "of whom officers at least"),
)


def _insider_groups(owners: list[list[str]], keys: list[str]) -> list[int]:
    """For each row, its insider: owners who file together (a joint filing) are one insider,
    and so are the owners linked through several joint filings. A row with no owner stored is
    an insider of its own (``keys`` names it)."""
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    members = [ciks or [f"row:{key}"] for ciks, key in zip(owners, keys, strict=True)]
    for ciks in members:
        for other in ciks[1:]:
            parent[root(other)] = root(ciks[0])
    ids: dict[str, int] = {}
    return [ids.setdefault(root(ciks[0]), len(ids)) for ciks in members]


def _windows(
    issuers: pa.ChunkedArray, filed: pa.ChunkedArray, window: int, least: int
) -> list[int]:
    """Greedy windows over rows sorted by issuer then filing date: a cluster starts at an
    issuer's first row not yet in one and takes every row of the issuer filed less than
    ``window`` days after it. Each row's cluster number, -1 for clusters of fewer than
    ``least`` rows."""
    codes = pc.dictionary_encode(issuers.combine_chunks()).indices.to_pylist()
    days = pc.cast(filed, pa.int32()).to_pylist()
    cluster = [-1] * len(codes)
    start, number = 0, 0
    for i in range(1, len(codes) + 1):
        if i == len(codes) or codes[i] != codes[start] or days[i] - days[start] >= window:
            if i - start >= least:
                cluster[start:i] = [number] * (i - start)
                number += 1
            start = i
    return cluster


_SIX_PLACES = Decimal("0.000001")


def _clusters(run: _Run) -> pa.Table:
    p = run.params
    _count_left_out(run, "P", undated=True)
    # The purchases that qualify, by issuer and filing date: only what the windows need, and a
    # key to read the rest of the rows in windows that may be clusters (the row's place in the
    # analysis table; computed on the fly, the accession number: one purchase row a filing).
    key = "r.rowid" if run.src.fresh else "r.ACCESSION_NUMBER"
    # A purchase filed `window_days` or more from the issuer's others on both sides is a
    # window alone, whatever the windows around it: it is left out here already.
    window = p["window_days"]
    rows = _table(
        run,
        f"""SELECT KEY, ISSUERCIK, FILING_DATE FROM (
            SELECT {key} AS KEY, r.ISSUERCIK, r.FILING_DATE,
                   r.FILING_DATE - lag(r.FILING_DATE) OVER issuer AS BEFORE,
                   lead(r.FILING_DATE) OVER issuer - r.FILING_DATE AS AFTER
            FROM {run.src.trades} r
            WHERE r.TRANS_CODE = 'P' AND r.FILING_DATE IS NOT NULL
              AND r.PRICE >= {p["min_price"]} AND r.VALUE >= {p["min_value"]}
              AND (r.DELTA_OWN >= {p["min_delta_own"]} OR r.NEW_POSITION)
              AND r.FILING_DELAY <= {p["max_delay"]}
              AND {_filters(run, "r", owner=False)}
            WINDOW issuer AS (PARTITION BY r.ISSUERCIK ORDER BY r.FILING_DATE)
        )
        WHERE {p["min_insiders"]} <= 1 OR coalesce(BEFORE < {window}, false)
           OR coalesce(AFTER < {window}, false)
        ORDER BY ISSUERCIK, FILING_DATE""",
    )
    numbers = pa.array(
        _windows(
            rows.column("ISSUERCIK"),
            rows.column("FILING_DATE"),
            p["window_days"],
            p["min_insiders"],
        ),
        pa.int64(),
    )
    members = pa.table({"KEY": rows.column("KEY"), "CLUSTER": numbers}).filter(
        pc.greater_equal(numbers, 0)
    )
    cursor = run.con.cursor()
    try:
        cursor.register("_form4_clusters", members)
        picked = cursor.sql(
            f"""SELECT c.CLUSTER, r.ACCESSION_NUMBER, r.ISSUERCIK, r.ISSUERNAME, r.TICKER,
                   r.FILING_DATE, r.TRADE_DATE, r.LAST_TRADE_DATE,
                   array_to_string(r.OWNER_CIKS, ',') AS CIKS, r.OWNER_NAMES, r.IS_OFFICER,
                   r.SHARES, r.VALUE
            FROM {run.src.trades} r JOIN _form4_clusters c ON {key} = c.KEY
            WHERE r.TRANS_CODE = 'P'"""
        ).to_arrow_table()
    except duckdb.Error as error:
        raise StoreError("store", f"screen query failed: {error}") from None
    finally:
        cursor.close()
    # Each window's rows in filing order, summed (use_threads=False keeps that order in the
    # lists and makes "last" the latest filing's).
    ordered = picked.sort_by(
        [("CLUSTER", "ascending"), ("FILING_DATE", "ascending"), ("ACCESSION_NUMBER", "ascending")]
    )
    windows = ordered.group_by("CLUSTER", use_threads=False).aggregate(
        [
            ("ISSUERCIK", "last"),
            ("ISSUERNAME", "last"),
            ("TICKER", "last"),
            ("TRADE_DATE", "min"),
            ("LAST_TRADE_DATE", "max"),
            ("FILING_DATE", "min"),
            ("FILING_DATE", "max"),
            ("SHARES", "sum"),
            ("VALUE", "sum"),
            ("ACCESSION_NUMBER", "list"),
            ("CIKS", "list"),
            ("IS_OFFICER", "list"),
            ("OWNER_NAMES", "distinct"),
        ]
    )
    insiders, officers = _count_insiders(windows)
    shares = windows.column("SHARES_sum").to_pylist()
    value = windows.column("VALUE_sum").to_pylist()
    found = pa.table(
        {
            "ISSUERCIK": windows.column("ISSUERCIK_last"),
            "ISSUERNAME": windows.column("ISSUERNAME_last"),
            "TICKER": windows.column("TICKER_last"),
            "FIRST_TRADE": windows.column("TRADE_DATE_min"),
            "LAST_TRADE": windows.column("LAST_TRADE_DATE_max"),
            "FIRST_FILING": windows.column("FILING_DATE_min"),
            "LAST_FILING": windows.column("FILING_DATE_max"),
            "INSIDERS": pa.array(insiders, pa.int64()),
            "OFFICERS": pa.array(officers, pa.int64()),
            "INSIDER_NAMES": pa.array(
                [sorted(n) for n in windows.column("OWNER_NAMES_distinct").to_pylist()],
                pa.list_(pa.string()),
            ),
            "TRADES": pc.list_value_length(windows.column("ACCESSION_NUMBER_list")).cast(
                pa.int64()
            ),
            "SHARES": windows.column("SHARES_sum"),
            "VALUE": windows.column("VALUE_sum"),
            "PRICE": pa.array(
                [
                    (v / n).quantize(_SIX_PLACES) if n else None
                    for v, n in zip(value, shares, strict=True)
                ],
                pa.decimal128(18, 6),
            ),
            "ACCESSION_NUMBERS": windows.column("ACCESSION_NUMBER_list"),
        }
    )
    keep = pc.and_(
        pc.greater_equal(found.column("INSIDERS"), p["min_insiders"]),
        pc.greater_equal(found.column("OFFICERS"), p["min_officers"]),
    )
    if p["owner_cik"] is not None:
        owner = p["owner_cik"]
        has = [
            any(owner in c.split(",") for c in ciks) for ciks in windows["CIKS_list"].to_pylist()
        ]
        keep = pc.and_(keep, pa.array(has, pa.bool_()))
    found = found.filter(keep)
    found = found.sort_by([("LAST_FILING", "descending"), ("ISSUERCIK", "ascending")])
    return found.slice(0, p["limit"]) if p["limit"] else found


def _count_insiders(windows: pa.Table) -> tuple[list[int], list[int]]:
    """Each window's insiders and officers (``_insider_groups``: the owners of a joint filing
    are one insider); an officer is an insider with a row of an officer."""
    insiders, officers = [], []
    for ciks, keys, flags in zip(
        windows.column("CIKS_list").to_pylist(),
        windows.column("ACCESSION_NUMBER_list").to_pylist(),
        windows.column("IS_OFFICER_list").to_pylist(),
        strict=True,
    ):
        groups = _insider_groups([c.split(",") if c else [] for c in ciks], keys)
        insiders.append(len(set(groups)))
        officers.append(len({g for g, officer in zip(groups, flags, strict=True) if officer}))
    return insiders, officers


# -- first-time buyers -----------------------------------------------------------------------------
def _first_time(run: _Run) -> pa.Table:
    _count_left_out(run, "P", undated=False)
    owner = run.params["owner_cik"]
    owner_test = (
        "len(r.FIRST_PURCHASE_FOR) > 0"
        if owner is None
        else f"list_contains(r.FIRST_PURCHASE_FOR, '{owner}')"
    )
    where = f"r.TRANS_CODE = 'P' AND {owner_test} AND {_filters(run, 'r', owner=False)}"
    return _ranked(run, where, "r.FILING_DATE DESC NULLS LAST, r.ACCESSION_NUMBER DESC")


# -- net purchase ratio ----------------------------------------------------------------------------
def _net_purchase_ratio(run: _Run) -> pa.Table:
    p = run.params
    as_of = p["as_of"] or _latest_filing(run, "PS")
    if as_of is None:
        as_of = date.today()
    p["as_of"] = as_of
    _count_left_out(run, "PS", undated=False)
    window = (
        f"r.TRADE_DATE > DATE '{as_of}' - INTERVAL {p['months']} MONTH "
        f"AND r.TRADE_DATE <= DATE '{as_of}'"
    )
    ratio = "(count_p - count_s) / (count_p + count_s)"
    return _table(
        run,
        f"""WITH w AS (
            SELECT r.ISSUERCIK,
                   arg_max(r.ISSUERNAME, r.TRADE_DATE) AS ISSUERNAME,
                   arg_max(r.TICKER, r.TRADE_DATE) AS TICKER,
                   count(*) FILTER (WHERE r.TRANS_CODE = 'P') AS count_p,
                   count(*) FILTER (WHERE r.TRANS_CODE = 'S') AS count_s,
                   coalesce(sum(r.SHARES) FILTER (WHERE r.TRANS_CODE = 'P'), 0) AS shares_p,
                   coalesce(sum(r.SHARES) FILTER (WHERE r.TRANS_CODE = 'S'), 0) AS shares_s,
                   sum(r.VALUE) FILTER (WHERE r.TRANS_CODE = 'P') AS value_p,
                   sum(r.VALUE) FILTER (WHERE r.TRANS_CODE = 'S') AS value_s
            FROM {run.src.trades} r
            WHERE {window} AND (r.FILING_DATE IS NULL OR r.FILING_DATE <= DATE '{as_of}')
              AND {_filters(run, "r")}
            GROUP BY r.ISSUERCIK
            HAVING count(*) >= {p["min_trades"]}
        )
        SELECT ISSUERCIK, ISSUERNAME, TICKER, count_p AS PURCHASES, count_s AS SALES,
               {ratio} AS NPR,
               shares_p AS SHARES_BOUGHT, shares_s AS SHARES_SOLD,
               CAST((shares_p - shares_s) / nullif(shares_p + shares_s, 0) AS DOUBLE) AS NPR_SHARES,
               value_p AS VALUE_BOUGHT, value_s AS VALUE_SOLD
        FROM w ORDER BY NPR DESC, PURCHASES DESC, ISSUERCIK {_limit(run)}""",
    )


# -- routine or opportunistic ----------------------------------------------------------------------
def _routine(run: _Run) -> pa.Table:
    p = run.params
    _count_left_out(run, "PS", undated=False)
    conditions = []
    if p["year"] is not None:
        conditions.append(f"c.YEAR = {p['year']}")
    if p["owner_cik"] is not None:
        conditions.append(f"c.OWNER_CIK = '{p['owner_cik']}'")
    narrowed = any(p[k] is not None for k in ("since", "until", "ticker", "issuer_cik"))
    if narrowed:
        # The year's trades the filters keep; the classification stays the insider's own.
        counted = f"""(SELECT u.OWNER_CIK, year(u.TRADE_DATE) AS YEAR,
                   count(*) FILTER (WHERE u.TRANS_CODE = 'P') AS PURCHASES,
                   count(*) FILTER (WHERE u.TRANS_CODE = 'S') AS SALES
            FROM (SELECT unnest(r.OWNER_CIKS) AS OWNER_CIK, r.* EXCLUDE (OWNER_CIKS)
                  FROM {run.src.trades} r WHERE {_filters(run, "r", owner=False)}) u
            GROUP BY ALL)"""
        chosen = f"""SELECT c.* EXCLUDE (PURCHASES, SALES), t.PURCHASES, t.SALES
            FROM {run.src.insider_years} c JOIN {counted} t USING (OWNER_CIK, YEAR)"""
    else:
        chosen = f"SELECT * FROM {run.src.insider_years} c"
    where = " AND ".join(conditions) or "true"
    return _table(
        run,
        f"""WITH c AS (
            SELECT * FROM ({chosen}) c WHERE {where}
            ORDER BY c.YEAR DESC, c.CLASSIFICATION, c.OWNER_CIK {_limit(run)}
        )
        SELECT c.OWNER_CIK, n.OWNER_NAME, c.YEAR, c.CLASSIFICATION, c.ROUTINE_MONTHS,
               c.PRIOR_YEARS_TRADED, c.PURCHASES, c.SALES
        FROM c LEFT JOIN {run.src.owners} n USING (OWNER_CIK)
        ORDER BY c.YEAR DESC, c.CLASSIFICATION, c.OWNER_CIK""",
    )


# -- late filers -----------------------------------------------------------------------------------
def _late_filers(run: _Run) -> pa.Table:
    p = run.params
    rules = ", ".join(literal(r) for r in _late_rules())
    owner = "true" if p["owner_cik"] is None else f"o.RPTOWNERCIK = '{p['owner_cik']}'"
    filters = _filters(run, "s", owner=False).replace("s.TICKER", "s.ISSUERTRADINGSYMBOL")
    return _table(
        run,
        f"""WITH late AS (
            SELECT ACCESSION_NUMBER, list(DISTINCT RULE ORDER BY RULE) AS RULES
            FROM FINDING WHERE RULE IN ({rules}) GROUP BY ACCESSION_NUMBER
        ), pairs AS (
            SELECT DISTINCT s.ISSUERCIK, o.RPTOWNERCIK
            FROM late JOIN SUBMISSION s USING (ACCESSION_NUMBER)
            JOIN REPORTINGOWNER o USING (ACCESSION_NUMBER)
            WHERE {filters} AND {owner}
        ), filings AS (
            SELECT s.ACCESSION_NUMBER, s.FILING_DATE, s.ISSUERCIK, s.ISSUERNAME,
                   s.ISSUERTRADINGSYMBOL, o.RPTOWNERCIK, o.RPTOWNERNAME, late.RULES
            FROM REPORTINGOWNER o JOIN SUBMISSION s USING (ACCESSION_NUMBER)
            LEFT JOIN late USING (ACCESSION_NUMBER)
            WHERE o.RPTOWNERCIK IN (SELECT RPTOWNERCIK FROM pairs)
              AND (s.ISSUERCIK, o.RPTOWNERCIK) IN (SELECT (ISSUERCIK, RPTOWNERCIK) FROM pairs)
              AND {filters}
        )
        SELECT RPTOWNERCIK AS OWNER_CIK,
               arg_max(RPTOWNERNAME, ACCESSION_NUMBER) AS OWNER_NAME,
               ISSUERCIK,
               arg_max(ISSUERNAME, ACCESSION_NUMBER) AS ISSUERNAME,
               arg_max(ISSUERTRADINGSYMBOL, ACCESSION_NUMBER) AS TICKER,
               count(*) FILTER (WHERE RULES IS NOT NULL) AS LATE_FILINGS,
               count(*) AS FILINGS,
               round(100 * count(*) FILTER (WHERE RULES IS NOT NULL) / count(*), 1) AS LATE_PCT,
               min(FILING_DATE) FILTER (WHERE RULES IS NOT NULL) AS FIRST_LATE,
               max(FILING_DATE) FILTER (WHERE RULES IS NOT NULL) AS LAST_LATE,
               list_sort(list_distinct(flatten(list(RULES) FILTER (WHERE RULES IS NOT NULL))))
                   AS RULES,
               list(ACCESSION_NUMBER ORDER BY ACCESSION_NUMBER)
                   FILTER (WHERE RULES IS NOT NULL) AS LATE_ACCESSION_NUMBERS
        FROM filings GROUP BY RPTOWNERCIK, ISSUERCIK
        ORDER BY LATE_FILINGS DESC, LAST_LATE DESC NULLS LAST, OWNER_CIK, ISSUERCIK
        {_limit(run)}""",
    )


# -- insider performance --------------------------------------------------------------------------
def _insider_performance(run: _Run) -> pa.Table:
    _count_left_out(run, "P", undated=False)
    if not _prices.has_prices(run.con):
        run.notes.append(_prices.NO_PRICES)
    returns = "ANALYSIS_RETURN" if run.src.fresh else None
    filters = _filters(run, "r", owner=False)
    return _prices.insider_performance(
        run.con, run.src.trades, returns, run.src.owners, run.params, filters
    )


# The lateness rules of the catalogue: the timeliness rules that warn (the others inform).
def _late_rules() -> tuple[str, ...]:
    """The lateness rules of the catalogue: the timeliness rules that warn (the others inform).
    Loaded when asked: the rules are not needed by any other screen."""
    from form4.rules import RULES

    return tuple(r.id for r in RULES if r.family == "timeliness" and r.severity == "warning")


_AS_OF = Param(
    "as_of",
    "date",
    None,
    "the last day counted: trades up to it, filed by it (default: the latest filing)",
)


def _analyses() -> list[Screen]:
    return [
        Screen(
            "cluster-buys",
            "Several insiders, one an officer at least, buying the same stock within a window "
            "of filing dates; owners of a joint filing count as one insider, and its value once.",
            _CLUSTER_PARAMS,
            _OPENINSIDER + " (cluster buys)",
            _clusters,
            (
                "LAST_FILING",
                "TICKER",
                "ISSUERNAME",
                "INSIDERS",
                "OFFICERS",
                "TRADES",
                "PRICE",
                "VALUE",
                "FIRST_TRADE",
            ),
        ),
        Screen(
            "first-time-buyers",
            "An insider's first open-market purchase of the issuer on record in the store.",
            (),
            _OPENINSIDER,
            _first_time,
        ),
        Screen(
            "net-purchase-ratio",
            "Per issuer: (purchases - sales) / (purchases + sales) of the trades in the months "
            "up to as_of and filed by then, by count of trade rows and by shares.",
            (
                Param("months", "int", 6, "the trailing months counted"),
                _AS_OF,
                Param("min_trades", "int", 1, "trade rows in the window at least"),
            ),
            "Lakonishok and Lee (2001), Are Insider Trades Informative?, Review of Financial "
            "Studies 14(1), 79-111",
            _net_purchase_ratio,
            (),
        ),
        Screen(
            "routine-opportunistic",
            "Each insider trading in a year, classified at its start: routine when they traded "
            "in the same calendar month in each of the 3 years before, opportunistic when they "
            "traded in each of those years but not so, unclassified otherwise; only trades filed "
            "before the year count.",
            (Param("year", "int", None, "only this year (default: every year)"),),
            "Cohen, Malloy and Pomorski (2012), Decoding Inside Information, Journal of "
            "Finance 67(3), 1009-1043",
            _routine,
            (),
        ),
        Screen(
            "late-filers",
            "Insiders and issuers with filings validation found late (the timeliness rules "
            "that warn: a Form 3, 4 or 5 after its deadline, a Form 4 trade reported on a Form "
            "5), with their share of the pair's filings.",
            (),
            "form4's timeliness rules (form4 rules), after Rule 16a-3 (17 CFR 240.16a-3)",
            _late_filers,
            (
                "OWNER_NAME",
                "TICKER",
                "LATE_FILINGS",
                "FILINGS",
                "LATE_PCT",
                "LAST_LATE",
                "RULES",
            ),
        ),
        Screen(
            "insider-performance",
            "Insiders ranked by the average return after their open-market purchases (P) at a "
            "horizon, from the closes imported (form4 import-prices): the close at the horizon "
            "over the close of the trade date, minus 1.",
            (
                Param(
                    "horizon",
                    "choice",
                    "1m",
                    "the return after 1 day, 1 week, 1 month or 6 months",
                    tuple(_prices.HORIZONS),
                ),
                Param("min_purchases", "int", 3, "purchases with a return at the horizon at least"),
            ),
            "returns after insider purchases, as in Seyhun (1986), Insiders' profits, costs of "
            "trading, and market efficiency, Journal of Financial Economics 16(2), 189-212",
            _insider_performance,
            (),
        ),
    ]


#: The catalogue, in the order the screens are listed.
SCREENS: tuple[Screen, ...] = (*_lists(), *_analyses())


def screen_named(name: str) -> Screen:
    """The screen called ``name``; a ValueError listing the screens when there is none."""
    for entry in SCREENS:
        if entry.name == name:
            return entry
    raise ValueError(f"no screen {name!r}; the screens: {', '.join(s.name for s in SCREENS)}")


def _parse(entry: Screen, given: dict[str, Any]) -> Params:
    known = {p.name: p for p in entry.all_params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ValueError(
            f"{entry.name}: no parameter {', '.join(unknown)}; its parameters: {', '.join(known)}"
        )
    params = {name: param.parse(given.get(name, param.default)) for name, param in known.items()}
    for name in ("issuer_cik", "owner_cik"):
        params[name] = cik(name, params[name])
    return params


def run(con: duckdb.DuckDBPyConnection, name: str, /, **params: Any) -> pa.Table:
    """Answer the screen ``name`` with ``params`` (its own and ``COMMON``; text is parsed) over
    the store open on ``con``: a ``pyarrow.Table`` whose metadata carries the report
    (``report_of``). Unknown screens or parameters, and values of the wrong kind, raise
    ValueError naming them and listing the valid ones."""
    entry = screen_named(name)
    parsed = _parse(entry, params)
    context = _Run(con, sources(con), parsed)
    table = _prices.with_returns(con, entry.answer(context), context.src.fresh)
    if table.num_rows == 0:
        context.notes.extend(unknown_names(con, parsed))
    report = {
        "screen": entry.name,
        "params": {
            k: v.isoformat() if isinstance(v, date) else _plain(v) for k, v in parsed.items()
        },
        "left_out": context.left_out,
        "left_out_rows": [{k: _plain(v) for k, v in row.items()} for row in context.left_out_rows],
        "from_analysis_tables": context.src.fresh,
        "notes": context.notes,
    }
    metadata = dict(table.schema.metadata or {})
    metadata[_META] = json.dumps(report).encode()
    return table.replace_schema_metadata(metadata)


def unknown_names(con: duckdb.DuckDBPyConnection, params: Params) -> list[str]:
    """Why an answer may be empty: those of the filters ``ticker``, ``issuer_cik`` and
    ``owner_cik`` (CIKs ten digits) in ``params`` that name what no stored filing names."""
    checks = {
        "ticker": "SELECT count(*) FROM SUBMISSION WHERE upper(ISSUERTRADINGSYMBOL) = upper($v)",
        "issuer_cik": "SELECT count(*) FROM SUBMISSION WHERE ISSUERCIK = $v",
        "owner_cik": "SELECT count(*) FROM REPORTINGOWNER WHERE RPTOWNERCIK = $v",
    }
    notes = []
    for name, sql in checks.items():
        value = params.get(name)
        if value is not None and not scalar(con, sql, {"v": value}):
            notes.append(f"no stored filing names {name} {value}")
    return notes


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
