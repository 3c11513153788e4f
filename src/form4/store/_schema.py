"""The store's tables: the SQL and Arrow types of the SEC's columns, the store's own tables and
the view that links amendments to the filings they amend (see ``form4.store``)."""

from __future__ import annotations

import pyarrow as pa

from form4 import rows as R

#: The store's decimal type. The schema allows 16 digits, 4 after the point (12 + 4); two more on
#: each side cost nothing (DuckDB keeps up to 18 digits in 64 bits) and keep a filing that strays
#: from the schema exact instead of refused. A value beyond even that fails its filing, by name.
SQL_DECIMAL = "DECIMAL(18,6)"
SQL_TYPES = {
    R.VARCHAR: "VARCHAR",
    R.DATE: "DATE",
    R.DECIMAL: SQL_DECIMAL,
    R.BOOLEAN: "BOOLEAN",
    R.INTEGER: "BIGINT",
}
ARROW_TYPES = {
    R.VARCHAR: pa.string(),
    R.DATE: pa.date32(),
    R.DECIMAL: pa.decimal128(18, 6),
    R.BOOLEAN: pa.bool_(),
    R.INTEGER: pa.int64(),
}

#: The store's own tables (beside the eight SEC tables), in creation order.
OWN_TABLES: dict[str, str] = {
    # One row per stored filing: where it came from and how its key was found.
    "FILING_SOURCE": """
        ACCESSION_NUMBER VARCHAR PRIMARY KEY,
        ORIGIN VARCHAR NOT NULL,          -- 'filing' (read by form4) or 'dataset' (SEC data set)
        KEY_FROM VARCHAR NOT NULL,        -- 'header', 'path', 'content' or 'dataset'
        FORMAT VARCHAR,                   -- xml, submission, sec-html, text, ... (filings)
        SOURCE VARCHAR NOT NULL,          -- the file (or archive!member), or the data set
        CONTENT_SHA256 VARCHAR,           -- rows.content_digest: what the form says (filings)
        WARNINGS VARCHAR,                 -- JSON list of [place, message] from reading
        INGESTED_AT TIMESTAMP NOT NULL""",
    "EDGAR_HEADER": """
        ACCESSION_NUMBER VARCHAR PRIMARY KEY,
        SUBMISSION_TYPE VARCHAR,
        FILED DATE,                       -- FILED AS OF DATE
        ACCEPTED TIMESTAMP,               -- ACCEPTANCE-DATETIME, Eastern time
        DATE_OF_CHANGE DATE,
        PERIOD DATE,
        DOCUMENT_COUNT INTEGER""",
    "FINDING": """
        ACCESSION_NUMBER VARCHAR NOT NULL,
        RULE VARCHAR NOT NULL,
        SEVERITY VARCHAR NOT NULL,
        LOCATION VARCHAR NOT NULL,
        MESSAGE VARCHAR NOT NULL""",
    # Files that could not be read; a later successful read of the same source removes its row.
    "FAILURE": """
        SOURCE VARCHAR PRIMARY KEY,
        ERROR VARCHAR NOT NULL,
        REASON VARCHAR NOT NULL,
        PLACE VARCHAR,
        SEEN_AT TIMESTAMP NOT NULL""",
    # Days of EDGAR's daily index that a sync stored completely (form4.edgar.sync).
    "SYNC_DAY": """
        DAY DATE PRIMARY KEY,
        LISTED INTEGER NOT NULL,          -- ownership filings the index listed
        SYNCED_AT TIMESTAMP NOT NULL""",
    "DATASET_IMPORT": """
        DATASET VARCHAR NOT NULL,
        TABLE_NAME VARCHAR NOT NULL,
        ROWS_IN_FILE BIGINT,              -- NULL: the table was missing from the data set
        ROWS_STORED BIGINT NOT NULL,
        IMPORTED_AT TIMESTAMP NOT NULL""",
}

# Amendments: a 3/A, 4/A or 5/A amends the filing of its base form type with the same issuer,
# the same reporting owners, filed on its date of original submission (ties: the same period of
# report first, then the lower accession number). A filing not known to amend anything (every
# original, and amendments whose original is not stored) is its own original.
VERSION_VIEW = """
CREATE OR REPLACE VIEW FILING_VERSION AS
WITH owners AS (
    SELECT ACCESSION_NUMBER, string_agg(RPTOWNERCIK, ',' ORDER BY RPTOWNERCIK) AS OWNER_CIKS
    FROM REPORTINGOWNER GROUP BY ACCESSION_NUMBER
), sub AS (
    SELECT s.ACCESSION_NUMBER, s.DOCUMENT_TYPE, s.ISSUERCIK, s.FILING_DATE, s.PERIOD_OF_REPORT,
           s.DATE_OF_ORIG_SUB, o.OWNER_CIKS
    FROM SUBMISSION s LEFT JOIN owners o USING (ACCESSION_NUMBER)
), links AS (
    SELECT a.ACCESSION_NUMBER, o.ACCESSION_NUMBER AS AMENDS
    FROM sub a JOIN sub o
      ON a.DOCUMENT_TYPE LIKE '%/A'
     AND o.DOCUMENT_TYPE = replace(a.DOCUMENT_TYPE, '/A', '')
     AND o.ISSUERCIK = a.ISSUERCIK
     AND o.OWNER_CIKS = a.OWNER_CIKS
     AND o.FILING_DATE = a.DATE_OF_ORIG_SUB
    QUALIFY row_number() OVER (
        PARTITION BY a.ACCESSION_NUMBER
        ORDER BY (o.PERIOD_OF_REPORT = a.PERIOD_OF_REPORT) DESC, o.ACCESSION_NUMBER) = 1
), versions AS (
    SELECT sub.ACCESSION_NUMBER, sub.DOCUMENT_TYPE, links.AMENDS,
           coalesce(links.AMENDS, sub.ACCESSION_NUMBER) AS ORIGINAL_ACCESSION,
           sub.FILING_DATE
    FROM sub LEFT JOIN links USING (ACCESSION_NUMBER)
)
SELECT ACCESSION_NUMBER, DOCUMENT_TYPE, AMENDS, ORIGINAL_ACCESSION,
       row_number() OVER w AS VERSION,
       count(*) OVER (PARTITION BY ORIGINAL_ACCESSION) AS VERSIONS,
       row_number() OVER w = count(*) OVER (PARTITION BY ORIGINAL_ACCESSION) AS IS_LATEST
FROM versions
WINDOW w AS (
    PARTITION BY ORIGINAL_ACCESSION
    ORDER BY (ACCESSION_NUMBER = ORIGINAL_ACCESSION) DESC, FILING_DATE NULLS LAST, ACCESSION_NUMBER)
"""


SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in columns])
    for table, columns in R.COLUMNS.items()
}
OWN_SCHEMAS: dict[str, pa.Schema] = {
    "FILING_SOURCE": pa.schema(
        [
            ("ACCESSION_NUMBER", pa.string()),
            ("ORIGIN", pa.string()),
            ("KEY_FROM", pa.string()),
            ("FORMAT", pa.string()),
            ("SOURCE", pa.string()),
            ("CONTENT_SHA256", pa.string()),
            ("WARNINGS", pa.string()),
            ("INGESTED_AT", pa.timestamp("us")),
        ]
    ),
    "EDGAR_HEADER": pa.schema(
        [
            ("ACCESSION_NUMBER", pa.string()),
            ("SUBMISSION_TYPE", pa.string()),
            ("FILED", pa.date32()),
            ("ACCEPTED", pa.timestamp("us")),
            ("DATE_OF_CHANGE", pa.date32()),
            ("PERIOD", pa.date32()),
            ("DOCUMENT_COUNT", pa.int32()),
        ]
    ),
    "FINDING": pa.schema(
        [
            ("ACCESSION_NUMBER", pa.string()),
            ("RULE", pa.string()),
            ("SEVERITY", pa.string()),
            ("LOCATION", pa.string()),
            ("MESSAGE", pa.string()),
        ]
    ),
    "FAILURE": pa.schema(
        [
            ("SOURCE", pa.string()),
            ("ERROR", pa.string()),
            ("REASON", pa.string()),
            ("PLACE", pa.string()),
            ("SEEN_AT", pa.timestamp("us")),
        ]
    ),
}
