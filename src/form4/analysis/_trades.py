"""The per-filing trade row, the unit every screen shows: one row per filing and code for the
open-market purchases (code P, acquired) and sales (code S, disposed of) of Table I.

A filing's rows of one code are summed: several trades of a day (tranches at different prices)
stay separate rows of the filing and are all counted, and the row says how many (``TRADES``; the
flag M). The owners of a joint filing are one row's owners, named together, so a jointly
reported trade is counted once. Only the transactions that count are read (an amendment replaces
what it amends, ``_versions.py``).

Rows that cannot be a trade of the period are left out, each with its reason, and reported
beside the screens' answers (``LEFT_OUT_COLUMNS``): a trade date missing, before 1990 or after
the filing date (or after today, where the filing date is not known), and a P not reported as
acquired or an S not reported as disposed of. The definitions of the columns follow the sites
people read insider trades on (OpenInsider's screener: ΔOwn, the flags A, D, E, M), stated
exactly here.
"""

from __future__ import annotations

from typing import NamedTuple

from form4 import rows as R
from form4.store._transactions import role_sql

__all__ = [
    "CEO_CFO_TITLE",
    "COLUMNS",
    "EARLIEST_TRADE",
    "LEFT_OUT_COLUMNS",
    "OFFICER_TITLE",
    "OWNERS",
    "PRICE_OUTLIER_DAYS",
    "PRICE_OUTLIER_RATIO",
    "PRICE_OUTLIER_ROWS",
    "ROUTINE_YEARS",
    "insider_years_sql",
    "left_out_sql",
    "trades_sql",
]

#: The first trade date a screen believes; earlier dates are typing errors (a year 0019, 1900).
EARLIEST_TRADE = "1990-01-01"

#: Titles that make an owner an officer for the screens, beside the officer box: CEO, CFO, COO,
#: President, Chair, General Counsel, VP (case-insensitive, in the officer title or the text of
#: an "other" relationship).
OFFICER_TITLE = (
    r"\bceo\b|chief executive|\bcfo\b|chief financial|\bcoo\b|chief operating|\bpresident\b"
    r"|\bchair|general counsel|\b[se]?vp\b|vice[- ]pres"
)
#: A trade row's price is flagged (``PRICE_OUTLIER``) when it is this many times the median price
#: of the issuer's trade rows within ``PRICE_OUTLIER_DAYS`` of its trade date, or this many times
#: below it, and that median counts ``PRICE_OUTLIER_ROWS`` prices at least: an ADS price on
#: ordinary shares, a total typed as a price, a price in cents.
PRICE_OUTLIER_RATIO, PRICE_OUTLIER_DAYS, PRICE_OUTLIER_ROWS = 5, 30, 3
#: Titles naming the chief executive or the chief financial officer.
CEO_CFO_TITLE = r"\bceo\b|chief executive|\bcfo\b|chief financial"

_WIDE = f"DECIMAL({R.PRODUCT.precision},{R.NUMBER.scale})"
_PRICE = R.NUMBER.sql


class TradeColumn(NamedTuple):
    """A column of the trade rows: its name, the SQL computing it over ``trades_sql``'s aliases
    (``g`` the summed rows, ``s`` SUBMISSION, ``o`` the owners, ``v`` the versions, ``x`` the
    filing's other facts; ``over``: over the trade rows ``q`` and their neighbours, the window
    ``near`` and the first purchases ``f``), and what it holds."""

    name: str
    sql: str
    about: str
    over: bool = False


def _title_matches(pattern: str) -> str:
    return (
        f"coalesce(regexp_matches(o.TITLE, '{pattern}', 'i'), false) "
        f"OR coalesce(regexp_matches(o.OTHER_TEXT, '{pattern}', 'i'), false)"
    )


def _delta_own() -> str:
    # The holding before the trades: owned after, less what was bought or plus what was sold.
    before = "(g.SHARES_OWNED_AFTER + CASE g.TRANS_CODE WHEN 'P' THEN -g.SHARES ELSE g.SHARES END)"
    change = "CASE g.TRANS_CODE WHEN 'P' THEN g.SHARES ELSE -g.SHARES END"
    return f"CASE WHEN {before} > 0 THEN round(100 * {change} / {before}, 2) END"


#: The columns of a trade row, in order.
COLUMNS: tuple[TradeColumn, ...] = (
    TradeColumn("ACCESSION_NUMBER", "g.ACCESSION_NUMBER", "the filing"),
    TradeColumn("FILING_DATE", "s.FILING_DATE", "the day EDGAR accepted it (NULL: not known)"),
    TradeColumn("TRADE_DATE", "g.TRADE_DATE", "the earliest trade of the row"),
    TradeColumn("LAST_TRADE_DATE", "g.LAST_TRADE_DATE", "the latest trade of the row"),
    TradeColumn("ISSUERCIK", "s.ISSUERCIK", "the issuer's CIK, from the document"),
    TradeColumn("ISSUERNAME", "s.ISSUERNAME", "the issuer"),
    TradeColumn("TICKER", "s.ISSUERTRADINGSYMBOL", "its trading symbol, as the filing gives it"),
    TradeColumn("OWNER_CIKS", "o.CIKS", "the reporting owners' CIKs (a list)"),
    TradeColumn("OWNER_NAMES", "o.NAMES", "their names, '; ' between"),
    TradeColumn("OWNER_COUNT", "coalesce(o.N, 0)", "owners filing jointly (1 alone)"),
    TradeColumn("IS_DIRECTOR", "coalesce(o.DIRECTOR, false)", "an owner is a director"),
    TradeColumn("IS_OFFICER_BOX", "coalesce(o.OFFICER, false)", "an owner ticked officer"),
    TradeColumn("IS_TEN_PERCENT_OWNER", "coalesce(o.TEN_PERCENT, false)", "an owner holds 10%"),
    TradeColumn("IS_OTHER", "coalesce(o.OTHER, false)", "an owner has another relationship"),
    TradeColumn("OFFICER_TITLE", "o.TITLE", "the officer titles given"),
    TradeColumn(
        "IS_OFFICER",
        f"coalesce(o.OFFICER, false) OR {_title_matches(OFFICER_TITLE)}",
        "officer box ticked, or a title naming CEO, CFO, COO, President, Chair, General "
        "Counsel or VP",
    ),
    TradeColumn("IS_CEO_CFO", _title_matches(CEO_CFO_TITLE), "a title naming the CEO or CFO"),
    TradeColumn("TRANS_CODE", "g.TRANS_CODE", "P (purchase) or S (sale)"),
    TradeColumn("TRADES", "g.TRADES", "the filing's rows of this code"),
    TradeColumn("SHARES", "g.SHARES", "shares bought or sold, summed"),
    TradeColumn(
        "PRICE",
        f"CAST(g.VALUE / nullif(g.SHARES, 0) AS {_PRICE})",
        "the average price weighted by shares (6 decimals); NULL when a row has no price",
    ),
    TradeColumn("VALUE", "g.VALUE", "shares x price summed, exact; NULL when a row has no price"),
    TradeColumn(
        "SHARES_OWNED_AFTER",
        "g.SHARES_OWNED_AFTER",
        "owned after the trades: the last row's figure of each holding they touched, summed",
    ),
    TradeColumn(
        "DELTA_OWN",
        _delta_own(),
        "the change in %: shares over the holding before (owned after - bought, + sold); "
        "+ for purchases, - for sales; NULL when nothing was held before or it is not known",
    ),
    TradeColumn(
        "NEW_POSITION",
        "g.TRANS_CODE = 'P' AND g.SHARES_OWNED_AFTER = g.SHARES",
        "a purchase starting a holding (nothing held before)",
    ),
    TradeColumn(
        "FILING_DELAY",
        "s.FILING_DATE - g.TRADE_DATE",
        "days from the earliest trade to the filing",
    ),
    TradeColumn("AMENDED", "v.ACCESSION_NUMBER IS NOT NULL", "A: the filing has other versions"),
    TradeColumn("DERIVATIVE", "x.DERIVATIVE", "D: the filing reports Table II transactions"),
    TradeColumn("ERRORS", "x.ERRORS", "E: validation found errors in the filing"),
    TradeColumn("MULTIPLE", "g.TRADES > 1", "M: several trades summed in the row"),
    TradeColumn("AFF10B5ONE", "s.AFF10B5ONE", "the Rule 10b5-1 box is checked"),
    TradeColumn(
        "FLAGS",
        "concat_ws('', CASE WHEN v.ACCESSION_NUMBER IS NOT NULL THEN 'A' END, "
        "CASE WHEN x.DERIVATIVE THEN 'D' END, CASE WHEN x.ERRORS THEN 'E' END, "
        "CASE WHEN g.TRADES > 1 THEN 'M' END)",
        "the flags A, D, E, M together",
    ),
    TradeColumn(
        "PRICE_OUTLIER",
        f"coalesce(count(q.PRICE) OVER near >= {PRICE_OUTLIER_ROWS} AND q.PRICE > 0 "
        f"AND (q.PRICE >= {PRICE_OUTLIER_RATIO} * median(q.PRICE) OVER near "
        f"OR {PRICE_OUTLIER_RATIO} * q.PRICE <= median(q.PRICE) OVER near), false)",
        f"the price is {PRICE_OUTLIER_RATIO} times the median of the issuer's trade rows within "
        f"{PRICE_OUTLIER_DAYS} days, or a {PRICE_OUTLIER_RATIO}th of it: check it",
        over=True,
    ),
    TradeColumn(
        "FIRST_PURCHASE_FOR",
        "CASE WHEN q.TRANS_CODE = 'P' THEN coalesce(f.FIRST_FOR, []) END",
        "the owners for whom it is their first purchase of the issuer in the store (by trade "
        "date, then filing date)",
        over=True,
    ),
)

#: The columns of a row left out of the trade rows.
LEFT_OUT_COLUMNS: tuple[TradeColumn, ...] = (
    TradeColumn("ACCESSION_NUMBER", "t.ACCESSION_NUMBER", "the filing"),
    TradeColumn("ROW_NUMBER", "t.NONDERIV_TRANS_SK", "the row's place in Table I, from 1"),
    TradeColumn("FILING_DATE", "s.FILING_DATE", "the filing's date"),
    TradeColumn("ISSUERCIK", "s.ISSUERCIK", "the issuer"),
    TradeColumn("TICKER", "s.ISSUERTRADINGSYMBOL", "its trading symbol"),
    TradeColumn("TRANS_CODE", "t.TRANS_CODE", "P or S"),
    TradeColumn("TRANS_DATE", "t.TRANS_DATE", "the date given"),
    TradeColumn("TRANS_ACQUIRED_DISP_CD", "t.TRANS_ACQUIRED_DISP_CD", "A or D as given"),
    TradeColumn("REASON", "t.REASON", "why it is left out"),
)

# Why a row of code P or S is not a trade of the screens (NULL: it is one).
_REASON = f"""CASE
        WHEN t.TRANS_DATE IS NULL THEN 'no trade date'
        WHEN t.TRANS_DATE < DATE '{EARLIEST_TRADE}' THEN 'trade date before {EARLIEST_TRADE[:4]}'
        WHEN t.TRANS_DATE > s.FILING_DATE THEN 'trade date after the filing date'
        WHEN s.FILING_DATE IS NULL AND t.TRANS_DATE > current_date THEN 'trade date in the future'
        WHEN t.TRANS_CODE = 'P' AND t.TRANS_ACQUIRED_DISP_CD IS DISTINCT FROM 'A'
            THEN 'P not reported as acquired (A)'
        WHEN t.TRANS_CODE = 'S' AND t.TRANS_ACQUIRED_DISP_CD IS DISTINCT FROM 'D'
            THEN 'S not reported as disposed of (D)'
    END"""


def _rows(superseded: str) -> str:
    """The P and S rows of Table I whose transactions count, with the reason to leave each
    out (NULL for a trade)."""
    return f"""SELECT t.*, {_REASON} AS REASON
    FROM NONDERIV_TRANS t JOIN SUBMISSION s USING (ACCESSION_NUMBER)
    WHERE t.TRANS_CODE IN ('P', 'S')
      AND t.ACCESSION_NUMBER NOT IN (
          SELECT ACCESSION_NUMBER FROM {superseded} WHERE TRANSACTIONS_SUPERSEDED)"""


def trades_sql(superseded: str) -> str:
    """The SELECT of the trade rows (``COLUMNS``), by code then filing date (the order the screens
    read them in: a table stored so skips the other code's rows, and the latest filings are
    found in its last row groups); ``superseded`` names the
    filings whose transactions do not count (``_versions.SUPERSEDED`` as a subquery, or a table
    holding its rows)."""
    inner = ",\n       ".join(f"{c.sql} AS {c.name}" for c in COLUMNS if not c.over)
    over = ", ".join(f"{c.sql} AS {c.name}" for c in COLUMNS if c.over)
    return f"""WITH t AS ({_rows(superseded)}
), holding AS (
    -- the trades of one code touching one holding (direct, or indirect of one nature)
    SELECT ACCESSION_NUMBER, TRANS_CODE, count(*) AS TRADES,
           min(TRANS_DATE) AS TRADE_DATE, max(TRANS_DATE) AS LAST_TRADE_DATE,
           sum(CAST(TRANS_SHARES AS {_WIDE})) AS SHARES,
           sum(CAST(TRANS_SHARES AS {_WIDE}) * TRANS_PRICEPERSHARE) AS VALUE,
           count(*) FILTER (WHERE TRANS_SHARES IS NULL OR TRANS_PRICEPERSHARE IS NULL)
               AS UNPRICED,
           CAST(arg_max_null(SHRS_OWND_FOLWNG_TRANS, NONDERIV_TRANS_SK) AS {_WIDE}) AS OWNED
    FROM t WHERE REASON IS NULL
    GROUP BY ACCESSION_NUMBER, TRANS_CODE, DIRECT_INDIRECT_OWNERSHIP, NATURE_OF_OWNERSHIP
), g AS (
    SELECT ACCESSION_NUMBER, TRANS_CODE, CAST(sum(TRADES) AS BIGINT) AS TRADES,
           min(TRADE_DATE) AS TRADE_DATE, max(LAST_TRADE_DATE) AS LAST_TRADE_DATE,
           sum(SHARES) AS SHARES,
           CASE WHEN sum(UNPRICED) = 0 THEN sum(VALUE) END AS VALUE,
           CASE WHEN count(*) = count(OWNED) THEN sum(OWNED) END AS SHARES_OWNED_AFTER
    FROM holding GROUP BY ACCESSION_NUMBER, TRANS_CODE
), o AS (
    SELECT ACCESSION_NUMBER,
           list(RPTOWNERCIK ORDER BY r.rowid) AS CIKS,
           string_agg(coalesce(RPTOWNERNAME, ''), '; ' ORDER BY r.rowid) AS NAMES,
           count(*) AS N,
           {role_sql("Director")} AS DIRECTOR,
           {role_sql("Officer")} AS OFFICER,
           {role_sql("TenPercentOwner")} AS TEN_PERCENT,
           {role_sql("Other")} AS OTHER,
           string_agg(DISTINCT RPTOWNER_TITLE, '; ' ORDER BY RPTOWNER_TITLE) AS TITLE,
           string_agg(DISTINCT RPTOWNER_TXT, '; ' ORDER BY RPTOWNER_TXT) AS OTHER_TEXT
    FROM REPORTINGOWNER r
    WHERE ACCESSION_NUMBER IN (SELECT ACCESSION_NUMBER FROM g)
    GROUP BY ACCESSION_NUMBER
), x AS (
    SELECT ACCESSION_NUMBER,
           EXISTS (SELECT 1 FROM DERIV_TRANS d WHERE d.ACCESSION_NUMBER = a.ACCESSION_NUMBER)
               AS DERIVATIVE,
           EXISTS (SELECT 1 FROM FINDING f
                   WHERE f.ACCESSION_NUMBER = a.ACCESSION_NUMBER AND f.SEVERITY = 'error')
               AS ERRORS
    FROM (SELECT DISTINCT ACCESSION_NUMBER FROM g) a
), v AS (
    SELECT ACCESSION_NUMBER FROM FILING_VERSION WHERE VERSIONS > 1
), q AS (
    SELECT {inner}
    FROM g JOIN SUBMISSION s USING (ACCESSION_NUMBER)
    LEFT JOIN o USING (ACCESSION_NUMBER)
    LEFT JOIN x USING (ACCESSION_NUMBER)
    LEFT JOIN v USING (ACCESSION_NUMBER)
), f AS (
    -- each owner's first purchase of each issuer: the row, and the owners it is the first of
    SELECT ACCESSION_NUMBER, list(OWNER_CIK ORDER BY OWNER_CIK) AS FIRST_FOR FROM (
        SELECT * FROM (
            SELECT ACCESSION_NUMBER, ISSUERCIK, unnest(OWNER_CIKS) AS OWNER_CIK, TRADE_DATE,
                   FILING_DATE
            FROM q WHERE TRANS_CODE = 'P'
        )
        QUALIFY row_number() OVER (
            PARTITION BY ISSUERCIK, OWNER_CIK
            ORDER BY TRADE_DATE, FILING_DATE NULLS LAST, ACCESSION_NUMBER) = 1
    )
    GROUP BY ACCESSION_NUMBER
)
SELECT q.*, {over}
FROM q LEFT JOIN f ON f.ACCESSION_NUMBER = q.ACCESSION_NUMBER AND q.TRANS_CODE = 'P'
WINDOW near AS (PARTITION BY q.ISSUERCIK ORDER BY q.TRADE_DATE
    RANGE BETWEEN INTERVAL {PRICE_OUTLIER_DAYS} DAYS PRECEDING
              AND INTERVAL {PRICE_OUTLIER_DAYS} DAYS FOLLOWING)
ORDER BY q.TRANS_CODE, q.FILING_DATE, q.ACCESSION_NUMBER"""


def left_out_sql(superseded: str) -> str:
    """The SELECT of the P and S rows left out of the trade rows (``LEFT_OUT_COLUMNS``)."""
    columns = ",\n       ".join(f"{c.sql} AS {c.name}" for c in LEFT_OUT_COLUMNS)
    return f"""WITH t AS ({_rows(superseded)})
SELECT {columns}
FROM t JOIN SUBMISSION s USING (ACCESSION_NUMBER)
WHERE t.REASON IS NOT NULL
ORDER BY t.ACCESSION_NUMBER, t.NONDERIV_TRANS_SK"""


#: The years before a year whose trades classify an insider (Cohen, Malloy and Pomorski 2012).
ROUTINE_YEARS = 3


def insider_years_sql(trades: str) -> str:
    """Each insider (owner CIK; every owner of a joint filing) and calendar year with trade rows
    in ``trades``, classified at the year's start: ``routine`` when they traded in the same
    calendar month in each of the ``ROUTINE_YEARS`` years before, ``opportunistic`` when they
    traded in each of those years but in no month every year, ``unclassified`` otherwise. Only
    trades filed before the year count (a trade whose filing date is not known never does);
    the year's purchases and sales are counted in trade rows."""
    n = ROUTINE_YEARS
    return f"""WITH u AS (
    SELECT unnest(OWNER_CIKS) AS OWNER_CIK, TRADE_DATE, FILING_DATE, TRANS_CODE FROM {trades}
), months AS (
    -- the months an insider traded in, each known from its first filing
    SELECT OWNER_CIK, year(TRADE_DATE) AS TY, month(TRADE_DATE) AS TM, min(FILING_DATE) AS KNOWN
    FROM u WHERE FILING_DATE IS NOT NULL GROUP BY ALL
), target AS (
    SELECT OWNER_CIK, year(TRADE_DATE) AS YEAR,
           count(*) FILTER (WHERE TRANS_CODE = 'P') AS PURCHASES,
           count(*) FILTER (WHERE TRANS_CODE = 'S') AS SALES
    FROM u GROUP BY ALL
), history AS (
    SELECT t.OWNER_CIK, t.YEAR, m.TY, m.TM
    FROM target t JOIN months m
      ON m.OWNER_CIK = t.OWNER_CIK AND m.TY BETWEEN t.YEAR - {n} AND t.YEAR - 1
     AND m.KNOWN < make_date(t.YEAR, 1, 1)
), years AS (
    SELECT OWNER_CIK, YEAR, count(DISTINCT TY) AS PRIOR_YEARS FROM history GROUP BY ALL
), routine AS (
    SELECT OWNER_CIK, YEAR, list(TM ORDER BY TM) AS MONTHS FROM (
        SELECT OWNER_CIK, YEAR, TM FROM history GROUP BY ALL HAVING count(DISTINCT TY) = {n}
    ) GROUP BY ALL
)
SELECT t.OWNER_CIK, t.YEAR,
       CASE WHEN coalesce(y.PRIOR_YEARS, 0) < {n} THEN 'unclassified'
            WHEN r.MONTHS IS NOT NULL THEN 'routine' ELSE 'opportunistic' END AS CLASSIFICATION,
       coalesce(r.MONTHS, []) AS ROUTINE_MONTHS,
       coalesce(y.PRIOR_YEARS, 0) AS PRIOR_YEARS_TRADED,
       t.PURCHASES, t.SALES
FROM target t
LEFT JOIN years y USING (OWNER_CIK, YEAR)
LEFT JOIN routine r USING (OWNER_CIK, YEAR)
ORDER BY t.YEAR DESC, t.OWNER_CIK"""


#: Each reporting owner (CIK) with the name of their latest filing (by filing date, then
#: accession number) and how many filings name them.
OWNERS = """SELECT r.RPTOWNERCIK AS OWNER_CIK,
       first(r.RPTOWNERNAME ORDER BY s.FILING_DATE DESC NULLS LAST, r.ACCESSION_NUMBER DESC)
           AS OWNER_NAME,
       count(DISTINCT r.ACCESSION_NUMBER) AS FILINGS
FROM REPORTINGOWNER r LEFT JOIN SUBMISSION s USING (ACCESSION_NUMBER)
WHERE r.RPTOWNERCIK IS NOT NULL
GROUP BY r.RPTOWNERCIK
ORDER BY r.RPTOWNERCIK"""
