"""form4.rows: Filings as rows of the SEC's Form 345 data-set tables, and the data sets' TSV cells.

Expectations come from elsewhere than the code under test: the SEC's own 2024q3 TSV headers and
metadata JSON (copied to tests/data/datasets/2024q3), the filings' XML counted with lxml, the
EDGAR headers read with a regular expression, and values read off a few filings by hand.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import hashlib
import io
import json
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import form4
from form4 import _content as C
from form4.errors import Form4Error, ModelTypeError
from form4.model import Filing, Signature
from form4.rows import (
    COLUMN_TYPES,
    COLUMNS,
    DECIMAL,
    NUMBER,
    TABLES,
    accession_key,
    content_digest,
    content_key,
    format_tsv_value,
    parse_tsv_value,
    to_rows,
    to_rows_many,
)

DATA = Path(__file__).parent / "data"
DATASETS = DATA / "datasets" / "2024q3"  # header + a few real rows of each TSV, and the metadata
FILES = sorted([*DATA.glob("xml/*.xml"), *DATA.glob("txt/*.txt")])
IDS = [path.name for path in FILES]
# Files that carry ownership XML (submissions of a header alone or pre-2003 text carry none).
XML_FILES = [
    path for path in FILES if path.suffix == ".xml" or re.search(rb"<XML>", path.read_bytes(), re.I)
]
XML_IDS = [path.name for path in XML_FILES]

# The five tables whose TSV the 2024q3 sample has; the other three come from the metadata JSON.
TSV_TABLES = ("SUBMISSION", "NONDERIV_HOLDING", "DERIV_TRANS", "DERIV_HOLDING", "OWNER_SIGNATURE")
METADATA_TABLES = ("NONDERIV_TRANS", "REPORTINGOWNER", "FOOTNOTES")

PYTHON_TYPE = {
    "VARCHAR": str,
    "DATE": date,
    DECIMAL: Decimal,
    "BOOLEAN": bool,
    "INTEGER": int,
}

# Row elements of the ownershipDocument -> the data-set table of their rows.
ROW_ELEMENTS = {
    "nonDerivativeTransaction": "NONDERIV_TRANS",
    "nonDerivativeHolding": "NONDERIV_HOLDING",
    "derivativeTransaction": "DERIV_TRANS",
    "derivativeHolding": "DERIV_HOLDING",
}
# Element holding footnoteIds -> the _FN column listing them (readme §5.3-5.6, TSV headers).
FN_COLUMN_OF_ELEMENT = {
    "securityTitle": "SECURITY_TITLE_FN",
    "conversionOrExercisePrice": "CONV_EXERCISE_PRICE_FN",
    "transactionDate": "TRANS_DATE_FN",
    "deemedExecutionDate": "DEEMED_EXECUTION_DATE_FN",
    "transactionCoding": "EQUITY_SWAP_TRANS_CD_FN",
    "transactionTimeliness": "TRANS_TIMELINESS_FN",
    "transactionShares": "TRANS_SHARES_FN",
    "transactionTotalValue": "TRANS_TOTAL_VALUE_FN",
    "transactionPricePerShare": "TRANS_PRICEPERSHARE_FN",
    "transactionAcquiredDisposedCode": "TRANS_ACQUIRED_DISP_CD_FN",
    "exerciseDate": "EXERCISE_DATE_FN",
    "expirationDate": "EXPIRATION_DATE_FN",
    "underlyingSecurityTitle": "UNDLYNG_SEC_TITLE_FN",
    "underlyingSecurityShares": "UNDLYNG_SEC_SHARES_FN",
    "underlyingSecurityValue": "UNDLYNG_SEC_VALUE_FN",
    "sharesOwnedFollowingTransaction": "SHRS_OWND_FOLWNG_TRANS_FN",
    "valueOwnedFollowingTransaction": "VALU_OWND_FOLWNG_TRANS_FN",
    "directOrIndirectOwnership": "DIRECT_INDIRECT_OWNERSHIP_FN",
    "natureOfOwnership": "NATURE_OF_OWNERSHIP_FN",
}
# Where a table names a column differently: holdings' coding is TRANS_FORM_TYPE_FN; DERIV_TRANS
# spells EXCERCISE_DATE.
FN_COLUMN_OVERRIDES = {
    ("NONDERIV_HOLDING", "transactionCoding"): "TRANS_FORM_TYPE_FN",
    ("DERIV_HOLDING", "transactionCoding"): "TRANS_FORM_TYPE_FN",
    ("DERIV_TRANS", "exerciseDate"): "EXCERCISE_DATE_FN",
}


# -- helpers: reading the sources independently -------------------------------------------------
def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def document(path: Path) -> etree._Element | None:
    """The ownershipDocument of a test file, parsed with lxml; None for pre-XML submissions."""
    raw = path.read_bytes()
    if path.suffix == ".txt":
        match = re.search(rb"<XML>\s*(.*?)\s*</XML>", raw, re.S | re.I)
        if match is None:
            return None
        raw = match.group(1)
    # recover: old submissions have lines broken at 1,024 characters, even inside a tag.
    return etree.fromstring(raw.strip(), etree.XMLParser(resolve_entities=False, recover=True))


def elements(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter(etree.Element) if local(el) == name]


def child_text(element: etree._Element, name: str) -> str | None:
    for el in element.iter(etree.Element):
        if local(el) == name:
            return (el.text or "").strip()
    return None


def header_fields(path: Path) -> tuple[str, date]:
    """Accession number and filing date from an EDGAR header (both header styles)."""
    text = path.read_text(encoding="latin-1")
    accession = re.search(r"ACCESSION(?:-NUMBER>| NUMBER:\s*)(\d{10}-\d\d-\d{6})", text)
    filed = re.search(r"(?:<FILING-DATE>|FILED AS OF DATE:\s*)(\d{4})(\d\d)(\d\d)", text)
    assert accession and filed, path
    return accession.group(1), date(*map(int, filed.groups()))


def fn_ids(rows: dict[str, list[dict[str, Any]]]) -> set[str]:
    ids = set()
    for table in ("NONDERIV_TRANS", "NONDERIV_HOLDING", "DERIV_TRANS", "DERIV_HOLDING"):
        for row in rows[table]:
            for column, value in row.items():
                if column.endswith("_FN") and value is not None:
                    ids.update(value.split(", "))
    return ids


def read_tsv(table: str) -> tuple[list[str], list[list[str]]]:
    with (DATASETS / f"{table}.tsv").open(encoding="utf-8", newline="") as handle:
        header, *lines = csv.reader(handle, delimiter="\t")
    return header, lines


@pytest.fixture(scope="module")
def filings() -> dict[str, Filing]:
    return {path.name: form4.read(path) for path in FILES}


# -- columns -----------------------------------------------------------------------------------
def test_tables_are_the_eight_sec_tables() -> None:
    assert TABLES == (
        "SUBMISSION",
        "REPORTINGOWNER",
        "NONDERIV_TRANS",
        "NONDERIV_HOLDING",
        "DERIV_TRANS",
        "DERIV_HOLDING",
        "FOOTNOTES",
        "OWNER_SIGNATURE",
    )
    assert set(COLUMNS) == set(TABLES)


@pytest.mark.parametrize("table", TSV_TABLES)
def test_columns_equal_the_2024q3_tsv_header(table: str) -> None:
    header, _ = read_tsv(table)
    expected = [*header, "AFF10B5ONE"] if table == "SUBMISSION" else header  # newer SEC files
    assert [column.name for column in COLUMNS[table]] == expected


@pytest.mark.parametrize("table", METADATA_TABLES)
def test_columns_equal_the_metadata_json(table: str) -> None:
    metadata = json.loads((DATASETS / "FORM_345_metadata.json").read_text(encoding="utf-8"))
    (entry,) = [t for t in metadata["tables"] if t["url"] == f"{table}.tsv"]
    expected = [column["name"] for column in entry["tableSchema"]["columns"]]
    # The JSON alone calls the coding footnotes EQUITY_SWAP_INVOLVED_FN; the readme (§5.3) and
    # the DERIV_TRANS TSV header say EQUITY_SWAP_TRANS_CD_FN.
    renamed = {"EQUITY_SWAP_INVOLVED_FN": "EQUITY_SWAP_TRANS_CD_FN"}
    expected = [renamed.get(name, name) for name in expected]
    assert [column.name for column in COLUMNS[table]] == expected


def test_sec_spellings_kept() -> None:
    names = {table: [c.name for c in columns] for table, columns in COLUMNS.items()}
    assert "EXCERCISE_DATE" in names["DERIV_TRANS"] and "EXERCISE_DATE" not in names["DERIV_TRANS"]
    assert "EXERCISE_DATE" in names["DERIV_HOLDING"]
    assert names["SUBMISSION"][13] == "AFF10B5ONE"


def test_column_types() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            assert column.type in PYTHON_TYPE, (table, column)
            assert COLUMN_TYPES[column.name] == column.type, (table, column)  # same in every table
            if column.name.endswith("_FN"):
                assert column.type == "VARCHAR" and column.nullable
            if column.name.endswith("_SK"):
                assert column.type == "INTEGER" and not column.nullable
        assert columns[0].name == "ACCESSION_NUMBER" and not columns[0].nullable
    assert COLUMN_TYPES["TRANS_SHARES"] == "DECIMAL(18,6)" == DECIMAL
    assert COLUMN_TYPES["EQUITY_SWAP_INVOLVED"] == "BOOLEAN"
    assert COLUMN_TYPES["OWNERSIGNATUREDATE"] == "DATE"


def test_the_decimal_type_is_one_fact() -> None:
    assert (NUMBER.precision, NUMBER.scale) == (18, 6)
    assert DECIMAL == NUMBER.sql == "DECIMAL(18,6)"
    assert NUMBER.limit == Decimal("1e12")
    assert NUMBER.holds(Decimal("999999999999.999999"))
    assert NUMBER.holds(Decimal("-5E+3")) and NUMBER.holds(Decimal("0.000001"))
    assert not NUMBER.holds(Decimal("1000000000000"))  # 13 digits before the point
    assert not NUMBER.holds(Decimal("0.0000001"))  # 7 after it
    assert not NUMBER.holds(Decimal("Infinity")) and not NUMBER.holds(Decimal("NaN"))


def test_the_content_key_of_a_filing_without_accession_number() -> None:
    filing = form4.read((DATA / "xml" / "0000899243-21-026830.xml").read_bytes())
    digest = content_digest(filing)
    assert accession_key(filing) == content_key(digest) == "X" + digest[:17]


# -- rows of every test filing -----------------------------------------------------------------
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_rows_are_keyed_and_typed_by_the_columns(path: Path, filings: dict[str, Filing]) -> None:
    rows = to_rows(filings[path.name])
    assert list(rows) == list(TABLES)
    for table, table_rows in rows.items():
        for row in table_rows:
            assert list(row) == [column.name for column in COLUMNS[table]]
            for column in COLUMNS[table]:
                value = row[column.name]
                if value is None:
                    assert column.nullable, (table, column.name)
                    continue
                assert type(value) is PYTHON_TYPE[column.type], (table, column.name, value)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_row_counts_and_keys_follow_the_xml(path: Path, filings: dict[str, Filing]) -> None:
    rows = to_rows(filings[path.name])
    root = document(path)

    def count(name: str) -> int:
        return len(elements(root, name)) if root is not None else 0

    for element, table in ROW_ELEMENTS.items():
        assert len(rows[table]) == count(element), table
        sks = [row[f"{table}_SK"] for row in rows[table]]
        assert sks == list(range(1, len(sks) + 1))
    assert len(rows["SUBMISSION"]) == 1
    assert len(rows["FOOTNOTES"]) == count("footnote")
    assert len(rows["OWNER_SIGNATURE"]) == count("ownerSignature")
    if root is not None:
        assert len(rows["REPORTINGOWNER"]) == count("reportingOwner")
    accessions = {row["ACCESSION_NUMBER"] for table_rows in rows.values() for row in table_rows}
    assert accessions == {rows["SUBMISSION"][0]["ACCESSION_NUMBER"]}


@pytest.mark.parametrize("path", XML_FILES, ids=XML_IDS)
def test_fn_columns_list_the_xml_footnote_ids_in_source_order(
    path: Path, filings: dict[str, Filing]
) -> None:
    root = document(path)
    assert root is not None
    rows = to_rows(filings[path.name])
    for element_name, table in ROW_ELEMENTS.items():
        for row, element in zip(rows[table], elements(root, element_name), strict=True):
            expected: dict[str, list[str]] = defaultdict(list)
            for ref in element.iter(etree.Element):
                if local(ref) == "footnoteId":
                    parent = ref.getparent()
                    assert parent is not None
                    holder = local(parent)
                    column = FN_COLUMN_OVERRIDES.get((table, holder), FN_COLUMN_OF_ELEMENT[holder])
                    expected[column].append(ref.get("id", ""))
            for column in (c.name for c in COLUMNS[table] if c.name.endswith("_FN")):
                assert row[column] == (", ".join(expected.pop(column, [])) or None), column
            assert not expected, f"footnotes without a column: {dict(expected)}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_fn_id_is_a_footnote_of_the_filing(path: Path, filings: dict[str, Filing]) -> None:
    rows = to_rows(filings[path.name])
    assert fn_ids(rows) <= {row["FOOTNOTE_ID"] for row in rows["FOOTNOTES"]}


@pytest.mark.parametrize("path", XML_FILES, ids=XML_IDS)
def test_owner_rows_follow_the_xml(path: Path, filings: dict[str, Filing]) -> None:
    root = document(path)
    assert root is not None
    rows = to_rows(filings[path.name])["REPORTINGOWNER"]
    for row, owner in zip(rows, elements(root, "reportingOwner"), strict=True):
        assert row["RPTOWNERCIK"] == (child_text(owner, "rptOwnerCik") or "").zfill(10)
        tokens = [
            token
            for token, flag in (
                ("Director", "isDirector"),
                ("Officer", "isOfficer"),
                ("TenPercentOwner", "isTenPercentOwner"),
                ("Other", "isOther"),
            )
            if (child_text(owner, flag) or "").lower() in ("1", "true")
        ]
        assert row["RPTOWNER_RELATIONSHIP"] == (",".join(tokens) or None)


def test_one_owner_row_per_owner_of_a_joint_filing(filings: dict[str, Filing]) -> None:
    rows = to_rows(filings["0000950170-24-012830.xml"])["REPORTINGOWNER"]
    assert [row["RPTOWNERCIK"] for row in rows] == [
        "0001552273",
        "0001878230",
        "0001878232",
        "0001669609",
        "0001881891",
        "0001211060",
    ]
    assert rows[5]["RPTOWNERNAME"] == "THIEL PETER"
    assert {row["RPTOWNER_RELATIONSHIP"] for row in rows} == {"TenPercentOwner"}
    assert {row["RPTOWNER_CITY"] for row in rows} == {"AUSTIN"}
    assert {row["FILE_NUMBER"] for row in rows} == {None}  # no EDGAR header


# -- values read off filings by hand -----------------------------------------------------------
def test_hand_checked_hippo_filing(filings: dict[str, Filing]) -> None:
    rows = to_rows(filings["0000899243-21-031284.xml"])
    (submission,) = rows["SUBMISSION"]
    assert submission["FILING_DATE"] is None
    assert submission["PERIOD_OF_REPORT"] == date(2021, 8, 2)
    assert submission["NOT_SUBJECT_SEC16"] is True
    assert submission["NO_SECURITIES_OWNED"] is None
    assert submission["DOCUMENT_TYPE"] == "4"
    assert submission["ISSUERCIK"] == "0001828105"
    assert submission["ISSUERTRADINGSYMBOL"] == "HIPO"
    assert submission["REMARKS"] is None  # <remarks></remarks>
    assert submission["AFF10B5ONE"] is None  # X0306: no such element
    (owner,) = rows["REPORTINGOWNER"]
    assert owner["RPTOWNERNAME"] == "Hoffman Reid"
    assert owner["RPTOWNER_RELATIONSHIP"] == "Other"
    assert owner["RPTOWNER_TXT"] == "Former Director and 10% Owner"
    assert owner["RPTOWNER_STREET2"] == "215 PARK AVENUE, FLOOR 11"
    assert owner["RPTOWNER_STATE_DESC"] is None
    (trade,) = rows["NONDERIV_TRANS"]
    assert trade["TRANS_DATE"] == date(2021, 8, 2)
    assert trade["DEEMED_EXECUTION_DATE"] is None
    assert (trade["TRANS_FORM_TYPE"], trade["TRANS_CODE"]) == ("4", "M")
    assert trade["EQUITY_SWAP_INVOLVED"] is False
    assert trade["TRANS_TIMELINESS"] is None
    assert trade["TRANS_SHARES"] == Decimal("5630000") and trade["TRANS_SHARES_FN"] == "F1"
    assert trade["TRANS_PRICEPERSHARE"] is None  # footnote-only value
    assert trade["TRANS_PRICEPERSHARE_FN"] == "F2, F3"
    assert trade["TRANS_ACQUIRED_DISP_CD"] == "A"
    assert trade["DIRECT_INDIRECT_OWNERSHIP"] == "I"
    assert (trade["NATURE_OF_OWNERSHIP"], trade["NATURE_OF_OWNERSHIP_FN"]) == ("See Footnote", "F3")
    (option,) = rows["DERIV_TRANS"]
    assert option["SECURITY_TITLE"] == "Class B ordinary shares"
    assert option["CONV_EXERCISE_PRICE"] is None and option["CONV_EXERCISE_PRICE_FN"] == "F2, F3"
    assert option["EXCERCISE_DATE"] is None and option["EXCERCISE_DATE_FN"] == "F2, F3"
    assert option["UNDLYNG_SEC_TITLE"] == "Common Stock"
    assert option["UNDLYNG_SEC_SHARES"] == Decimal("5630000")
    assert option["SHRS_OWND_FOLWNG_TRANS"] == Decimal("0")
    assert [row["FOOTNOTE_ID"] for row in rows["FOOTNOTES"]] == ["F1", "F2", "F3"]
    assert rows["FOOTNOTES"][1]["FOOTNOTE_TXT"].startswith("On August 2, 2021, RTPZ consummated")
    (signature,) = rows["OWNER_SIGNATURE"]
    assert signature["OWNERSIGNATURENAME"] == "/s/ David Cohen as attorney-in-fact for Reid Hoffman"
    assert signature["OWNERSIGNATUREDATE"] == date(2021, 8, 3)


def test_hand_checked_flags() -> None:
    form3 = to_rows(form4.read(DATA / "xml" / "0000899243-21-044370.xml"))["SUBMISSION"][0]
    assert form3["NO_SECURITIES_OWNED"] is True
    assert form3["REMARKS"] == "Exhibit 24 - Power of Attorney."
    form5 = to_rows(form4.read(DATA / "xml" / "0000899243-22-006240.xml"))["SUBMISSION"][0]
    assert form5["DOCUMENT_TYPE"] == "5"
    assert form5["FORM3_HOLDINGS_REPORTED"] is False
    assert form5["FORM4_TRANS_REPORTED"] is False
    plan = to_rows(form4.read(DATA / "xml" / "0001628280-23-010740.xml"))["SUBMISSION"][0]
    assert plan["AFF10B5ONE"] is True


def test_fn_ids_keep_source_order_not_sorted_order(filings: dict[str, Filing]) -> None:
    # 0000899243-21-043382, 5th derivativeTransaction: <footnoteId id="F9"/><footnoteId id="F10"/>
    row = to_rows(filings["0000899243-21-043382.xml"])["DERIV_TRANS"][4]
    assert row["NATURE_OF_OWNERSHIP"] == "See Footnotes"
    assert row["NATURE_OF_OWNERSHIP_FN"] == "F9, F10"
    assert row["CONV_EXERCISE_PRICE_FN"] == "F7"
    # An unsorted order set by hand on a real row comes out as given.
    filing = filings["0000002488-24-000005.txt"]
    first = filing.non_derivative[0]
    changed = dataclasses.replace(first, footnotes={**first.footnotes, "price": ("F3", "F1")})
    filing = dataclasses.replace(filing, non_derivative=(changed, *filing.non_derivative[1:]))
    assert to_rows(filing)["NONDERIV_TRANS"][0]["TRANS_PRICEPERSHARE_FN"] == "F3, F1"


def test_coding_footnotes_of_a_holding_go_to_trans_form_type_fn(
    filings: dict[str, Filing],
) -> None:
    # No test filing footnotes a holding's transactionCoding; set one by hand on a real holding.
    filing = filings["0000704051-14-000037.txt"]
    (holding,) = filing.non_derivative_holdings
    assert filing.non_derivative == (holding,)
    changed = dataclasses.replace(holding, footnotes={**holding.footnotes, "coding": ("F2",)})
    (row,) = to_rows(dataclasses.replace(filing, non_derivative=(changed,)))["NONDERIV_HOLDING"]
    assert row["TRANS_FORM_TYPE_FN"] == "F2"


def test_ciks_are_zero_padded_to_ten_digits(filings: dict[str, Filing]) -> None:
    # Every test filing writes its CIKs padded already; strip the zeros by hand.
    filing = filings["0000002488-24-000005.txt"]
    (owner,) = filing.owners
    filing = dataclasses.replace(
        filing,
        issuer=dataclasses.replace(filing.issuer, cik="2488"),
        owners=(dataclasses.replace(owner, cik="1674334"),),
    )
    rows = to_rows(filing)
    assert rows["SUBMISSION"][0]["ISSUERCIK"] == "0000002488"
    assert rows["REPORTINGOWNER"][0]["RPTOWNERCIK"] == "0001674334"
    assert rows["REPORTINGOWNER"][0]["FILE_NUMBER"] == "001-07882"  # still found by CIK


def test_submission_txt_takes_accession_and_dates_from_the_header(
    filings: dict[str, Filing],
) -> None:
    rows = to_rows(filings["0000002488-24-000005.txt"])
    assert rows["SUBMISSION"][0]["ACCESSION_NUMBER"] == "0000002488-24-000005"
    assert rows["SUBMISSION"][0]["FILING_DATE"] == date(2024, 1, 17)
    assert rows["SUBMISSION"][0]["AFF10B5ONE"] is False
    assert rows["REPORTINGOWNER"][0]["FILE_NUMBER"] == "001-07882"
    assert rows["REPORTINGOWNER"][0]["RPTOWNER_TXT"] == "Chief Accounting Officer"
    withheld = rows["NONDERIV_TRANS"][1]
    assert (withheld["TRANS_CODE"], withheld["TRANS_SHARES"]) == ("F", Decimal("189"))
    assert withheld["TRANS_PRICEPERSHARE"] == Decimal("146.56")
    assert withheld["TRANS_SHARES_FN"] == "F1"


@pytest.mark.parametrize("path", sorted(DATA.glob("txt/*.txt")), ids=lambda p: p.name)
def test_every_submission_txt_has_its_header_accession(
    path: Path, filings: dict[str, Filing]
) -> None:
    accession, filed = header_fields(path)
    rows = to_rows(filings[path.name])
    assert rows["SUBMISSION"][0]["ACCESSION_NUMBER"] == accession
    assert rows["SUBMISSION"][0]["FILING_DATE"] == filed


def test_a_filing_without_accession_number_gets_a_stable_content_id() -> None:
    data = (DATA / "xml" / "0000899243-21-031284.xml").read_bytes()  # bytes: no path names it
    first, second = to_rows(form4.read(data)), to_rows(form4.read(data))
    key = first["SUBMISSION"][0]["ACCESSION_NUMBER"]
    assert re.fullmatch(r"X[0-9a-f]{17}", key)
    assert second["SUBMISSION"][0]["ACCESSION_NUMBER"] == key
    assert first == second
    other = form4.read((DATA / "xml" / "0000899243-21-043382.xml").read_bytes())
    assert to_rows(other)["SUBMISSION"][0]["ACCESSION_NUMBER"] != key
    changed = dataclasses.replace(form4.read(data), remarks="changed")
    assert accession_key(changed) != key


def test_a_file_named_after_its_accession_number_is_keyed_by_it(
    filings: dict[str, Filing],
) -> None:
    filing = filings["0000899243-21-031284.xml"]
    assert filing.header is None
    assert filing.accession_number == filing.source.accession_number == "0000899243-21-031284"
    assert filing.accession_from == "path"
    assert to_rows(filing)["SUBMISSION"][0]["ACCESSION_NUMBER"] == "0000899243-21-031284"
    assert json.loads(form4.to_json(filing))["accession_number"] == "0000899243-21-031284"
    header = filings["0000707549-25-000004.txt"]
    assert (header.accession_from, header.source.accession_number) == ("header", None)
    unnamed = filings["candlechaser_form4.xml"]
    assert (unnamed.accession_number, unnamed.accession_from) == (None, None)


def test_the_same_document_from_xml_and_from_its_submission(filings: dict[str, Filing]) -> None:
    from_xml = to_rows(filings["0000707549-25-000004.xml"])
    from_txt = to_rows(filings["0000707549-25-000004.txt"])
    assert from_xml["SUBMISSION"][0]["ACCESSION_NUMBER"] == "0000707549-25-000004"  # the path's
    assert from_txt["SUBMISSION"][0]["ACCESSION_NUMBER"] == "0000707549-25-000004"
    assert from_txt["REPORTINGOWNER"][0]["FILE_NUMBER"] == "000-12933"
    header_only = {"ACCESSION_NUMBER", "FILING_DATE", "FILE_NUMBER"}

    def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k not in header_only} for row in rows]

    for table in TABLES:
        assert strip(from_xml[table]) == strip(from_txt[table]), table


def test_to_rows_many_concatenates_in_order(filings: dict[str, Filing]) -> None:
    chosen = [filings[name] for name in IDS[:5]]
    many = to_rows_many(chosen)
    assert list(many) == list(TABLES)
    for table in TABLES:
        assert many[table] == [row for filing in chosen for row in to_rows(filing)[table]]
    assert to_rows_many([]) == {table: [] for table in TABLES}


# -- TSV cells ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2024, 9, 27), "27-SEP-2024"),
        (date(2034, 1, 5), "05-JAN-2034"),
        (Decimal("250000"), "250000.0"),
        (Decimal("0.00"), "0.0"),
        (Decimal("19.82"), "19.82"),
        (Decimal("224.048"), "224.048"),  # never rounded to the SEC's 2 places
        (Decimal("1076.4000"), "1076.4"),
        (True, "1"),
        (False, "0"),
        (None, ""),
        (7, "7"),
        ("See footnotes", "See footnotes"),
    ],
)
def test_format_tsv_value(value: Any, text: str) -> None:
    assert format_tsv_value(value) == text


def test_format_tsv_value_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        format_tsv_value(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("column", "text", "value"),
    [
        ("TRANS_DATE", "27-SEP-2024", date(2024, 9, 27)),
        ("OWNERSIGNATUREDATE", "30-sep-2024", date(2024, 9, 30)),
        ("EQUITY_SWAP_INVOLVED", "0", False),
        ("EQUITY_SWAP_INVOLVED", "false", False),
        ("EQUITY_SWAP_INVOLVED", "1", True),
        ("NOT_SUBJECT_SEC16", "true", True),
        ("TRANS_SHARES", "250000.0", Decimal("250000.0")),
        ("TRANS_PRICEPERSHARE", "1076.4", Decimal("1076.4")),
        ("DERIV_TRANS_SK", "2546260", 2546260),
        ("SECURITY_TITLE_FN", "F3, F2, F4", "F3, F2, F4"),
        ("REMARKS", "", None),
        ("TRANS_DATE", "", None),
    ],
)
def test_parse_tsv_value(column: str, text: str, value: Any) -> None:
    parsed = parse_tsv_value(column, text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("TRANS_DATE", "2024-09-27"),
        ("TRANS_DATE", "31-FEB-2024"),
        ("EQUITY_SWAP_INVOLVED", "yes"),
        ("TRANS_SHARES", "12,5"),
        ("TRANS_SHARES", "NaN"),
        ("DERIV_TRANS_SK", "1.5"),
        ("NO_SUCH_COLUMN", "x"),
    ],
)
def test_parse_tsv_value_refuses_malformed_cells(column: str, text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(column)):
        parse_tsv_value(column, text)


@pytest.mark.parametrize("table", TSV_TABLES)
def test_real_2024q3_cells_parse_and_format_back(table: str) -> None:
    header, lines = read_tsv(table)
    raw_lines = (DATASETS / f"{table}.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert lines and len(lines) == len(raw_lines)
    booleans = [i for i, name in enumerate(header) if COLUMN_TYPES[name] == "BOOLEAN"]
    rewritten = 0
    for cells, raw in zip(lines, raw_lines, strict=True):
        values = [parse_tsv_value(name, text) for name, text in zip(header, cells, strict=True)]
        formatted = [format_tsv_value(value) for value in values]
        # Every cell comes back as the SEC wrote it, but for the true/false spelling of booleans.
        expected = [
            {"true": "1", "false": "0"}.get(text, text) if i in booleans else text
            for i, text in enumerate(cells)
        ]
        assert formatted == expected
        if expected == cells:  # and csv quotes the line the way the SEC's files do
            out = io.StringIO()
            csv.writer(out, delimiter="\t", lineterminator="\n").writerow(formatted)
            assert out.getvalue() == raw + "\n"
            rewritten += 1
    assert rewritten


def test_real_2024q3_cells_have_the_expected_types() -> None:
    header, lines = read_tsv("DERIV_TRANS")
    row = {name: parse_tsv_value(name, text) for name, text in zip(header, lines[0], strict=True)}
    # 0001493152-24-038908: an option grant as the TSV has it (see the fixture's first row).
    assert row["ACCESSION_NUMBER"] == "0001493152-24-038908"
    assert row["TRANS_DATE"] == date(2024, 9, 27)
    assert row["EXPIRATION_DATE"] == date(2034, 9, 27)
    assert row["EQUITY_SWAP_INVOLVED"] is False
    assert row["CONV_EXERCISE_PRICE"] == Decimal("4.0")
    assert row["EXCERCISE_DATE"] is None and row["EXCERCISE_DATE_FN"] == "F1"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_rows_survive_a_tsv_round_trip(path: Path, filings: dict[str, Filing]) -> None:
    for table, table_rows in to_rows(filings[path.name]).items():
        for row in table_rows:
            back = {k: parse_tsv_value(k, format_tsv_value(v)) for k, v in row.items()}
            # An empty string cell reads back as None, as in the SEC's files.
            assert back == {k: (None if v == "" else v) for k, v in row.items()}, table


# -- content_digest -------------------------------------------------------------------------------
DIGEST_FILES = sorted(
    path
    for pattern in ("xml/*.xml", "txt/*.txt", "html/*", "text/*", "renderings/*", "samples/*")
    for path in DATA.glob(pattern)
)


@pytest.fixture(scope="module")
def digest_filings() -> dict[str, Filing]:
    """Every test filing that reads: XML, submissions, HTML, text and PDF renderings."""
    read: dict[str, Filing] = {}
    for path in DIGEST_FILES:
        try:
            read[f"{path.parent.name}/{path.name}"] = form4.read(path)
        except Form4Error:
            continue
    return read


def python_bytes(value: Any) -> bytes:
    return "".join(C._encode(value, [])).encode("utf-8", "surrogatepass")


def test_both_digest_paths_write_the_same_bytes(digest_filings: dict[str, Filing]) -> None:
    assert len(digest_filings) >= 100  # the renderings that read are there too
    assert any(name.startswith(("renderings/", "html/")) for name in digest_filings)
    if C._digest is None:
        pytest.skip("form4._digest is not built (no C compiler)")
    for name, filing in digest_filings.items():
        assert C._content_bytes(filing) == python_bytes(filing), name
        assert C._content_bytes(filing) == C._content_bytes_python(filing), name


class Odd:
    def __repr__(self) -> str:
        return "Odd(ü)"


@dataclasses.dataclass(frozen=True)
class One:
    only: Any
    skipped: Any = dataclasses.field(default=None, compare=False)


ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -12,
    10**30,
    "",
    "a",
    "1",
    "ü€😀",
    "lone \ud800 surrogate",
    "s1:a",
    Decimal("1"),
    Decimal("1.0"),
    Decimal("-0"),
    Decimal("1E+3"),
    Decimal("NaN"),
    Decimal("-Infinity"),
    date(1, 1, 1),
    date(1900, 3, 1),
    date(2000, 2, 29),
    date(2000, 3, 1),
    date(2024, 12, 31),
    date(9999, 12, 31),
    datetime(2024, 1, 2, 3, 4),
    (),
    ((),),
    ("a", ("b",)),
    {},
    {"b": ("F2",), "a": ("F1", "F3")},
    {2: "x", "1": "y", None: "z"},
    [1, "a"],
    1.5,
    Odd(),
    One(only=Decimal("2")),
    One(only=None, skipped="not written"),
    Signature(name="é", date=date(2020, 2, 29)),
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_both_digest_paths_agree_on_every_kind_of_value(value: Any) -> None:
    if C._digest is None:
        pytest.skip("form4._digest is not built (no C compiler)")
    assert C._digest.content_bytes(value, C._spec, C._other, C._dict_keys) == python_bytes(value)


def test_dates_are_written_as_their_ordinal() -> None:
    days = [date(1, 1, 1) + timedelta(days=n) for n in range(0, 3_652_059, 997)]
    days += [
        date(year, month, 28) + timedelta(days=1)
        for year in (1900, 2000, 2023, 2024)
        for month in (2, 3, 12)
    ]
    for day in days:
        assert python_bytes(day) == f"D{day.toordinal()};".encode()
        if C._digest is not None:
            assert C._digest.content_bytes(day, C._spec, C._other, C._dict_keys) == python_bytes(
                day
            )


def test_the_encoding_is_unambiguous() -> None:
    encoded = [python_bytes(value) for value in ODD_VALUES]
    assert len(set(encoded)) == len(encoded)
    # a value's type and a string's bounds are written, so neither can pass for another's
    assert python_bytes(("ab", "c")) != python_bytes(("a", "bc"))
    assert python_bytes(("1",)) != python_bytes((Decimal("1"),))
    assert python_bytes(Decimal("1.0")) != python_bytes(Decimal("1"))
    assert python_bytes({"a": "b"}) != python_bytes(("a", "b"))
    assert python_bytes(One(only="x")) != python_bytes(("x",))


def test_equal_filings_get_equal_digests(digest_filings: dict[str, Filing]) -> None:
    filing = digest_filings["xml/0000899243-21-031284.xml"]
    again = form4.read(DATA / "xml" / "0000899243-21-031284.xml")
    assert again == filing and again is not filing
    assert content_digest(again) == content_digest(filing)
    # dict order does not take part in equality, nor in the digest; header and source neither
    reordered = dataclasses.replace(
        filing,
        footnotes=dict(reversed(filing.footnotes.items())),
        source=dataclasses.replace(filing.source, name="elsewhere"),
    )
    assert reordered == filing
    assert content_digest(reordered) == content_digest(filing)
    assert content_digest(reordered) == hashlib.sha256(python_bytes(filing)).hexdigest()


def test_distinct_filings_get_distinct_digests(digest_filings: dict[str, Filing]) -> None:
    by_digest: dict[str, Filing] = {}
    for filing in digest_filings.values():
        other = by_digest.setdefault(content_digest(filing), filing)
        assert other == filing
    assert len(by_digest) > 50


def _changed(value: Any) -> list[Any]:
    """Values unequal to ``value``, some of the same type, some only of another type."""
    if isinstance(value, bool):
        return [not value, None, int(value)]
    if isinstance(value, str):
        return [value + " ", value[:-1] if value else "x", None, Decimal(1) if value else ""]
    if isinstance(value, Decimal):
        return [value + 1, str(value), None]
    if isinstance(value, date):
        return [value + timedelta(days=1), None, value.isoformat()]
    if isinstance(value, tuple):
        return [value[:-1] if value else (None,), (*value, value[0] if value else "x")]
    if isinstance(value, dict):
        extra = {**value, "F99": "x" if not value else next(iter(value.values()))}
        return [extra, {}] if value else [extra]
    return ["x"] if value is None else [None]


def _replace(obj: Any, **changes: Any) -> Any:
    """``dataclasses.replace``; a value of another type than its field's, which the model refuses,
    is set on a copy made without the check: the digest tells even those apart."""
    try:
        return dataclasses.replace(obj, **changes)
    except ModelTypeError:
        forced = copy.copy(obj)
        for name, value in changes.items():
            object.__setattr__(forced, name, value)
        return forced


def _variants(obj: Any) -> list[Any]:
    """``obj`` with one compared field changed, for every field, nested rows and owners too."""
    variants = []
    for field in dataclasses.fields(obj):
        if not field.compare:
            continue
        value = getattr(obj, field.name)
        for new in _changed(value):
            variants.append(_replace(obj, **{field.name: new}))
        if dataclasses.is_dataclass(value):
            for new in _variants(value):
                variants.append(_replace(obj, **{field.name: new}))
        if type(value) is tuple and value and dataclasses.is_dataclass(value[0]):
            for i, item in enumerate(value):
                for new in _variants(item):
                    items = (*value[:i], new, *value[i + 1 :])
                    variants.append(_replace(obj, **{field.name: items}))
                if len(value) > 1:  # rows swapped: another order, another filing
                    variants.append(_replace(obj, **{field.name: value[::-1]}))
    return variants


@pytest.mark.parametrize(
    "name", ["xml/0000899243-21-031284.xml", "txt/0000707549-25-000004.txt", "html/*"]
)
def test_a_filing_with_any_field_changed_gets_another_digest(
    name: str, digest_filings: dict[str, Filing]
) -> None:
    if name.endswith("*"):
        name = next(n for n in digest_filings if n.startswith(name[:-1]))
    filing = digest_filings[name]
    digest = content_digest(filing)
    variants = _variants(filing)
    assert len(variants) > 100
    digests = set()
    for variant in variants:
        assert content_digest(variant) != digest, variant
        digests.add(content_digest(variant))
        if C._digest is not None:
            assert C._content_bytes(variant) == C._content_bytes_python(variant)
    # each variant differs from the others too, unless they are equal filings
    fields = [f.name for f in dataclasses.fields(Filing)]
    assert len(digests) == len({repr([getattr(v, name) for name in fields]) for v in variants})


def test_the_python_path_gives_the_same_digests(
    digest_filings: dict[str, Filing], monkeypatch: pytest.MonkeyPatch
) -> None:
    either = {name: content_digest(filing) for name, filing in digest_filings.items()}
    monkeypatch.setattr(C, "_digest", None)
    assert {name: content_digest(filing) for name, filing in digest_filings.items()} == either
