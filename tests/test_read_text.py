"""Reading text and markdown renderings: the Infinera seed field by field, a typed pre-2003 Form 4,
each way of laying out cells, refusals, and the round trip through our own renderings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import form4
from form4.errors import InvalidFilingError, UnrecognizedFormatError
from form4.footnotes import price_range_of
from form4.model import (
    DerivativeHolding,
    DerivativeTransaction,
    Filing,
    NonDerivativeHolding,
    NonDerivativeTransaction,
)
from form4.read.text import is_form_text
from form4.write import render

from .conftest import DATA, data_files

SEED = DATA / "seed" / "000_c73c0866374f1095.txt"
LEGACY = DATA / "text" / "0001094891-00-000193.legacy_form4.txt"


def _places(filing: Filing) -> list[str]:
    return [w.place for w in filing.warnings]


def _warned(filing: Filing, place: str, words: str) -> bool:
    return any(w.place == place and words in w.message for w in filing.warnings)


# -- the seed ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed() -> Filing:
    return form4.read(SEED)


def test_seed_head(seed: Filing) -> None:
    assert seed.source.format == "markdown"
    assert seed.document_type == "4"
    assert seed.period_of_report == date(2008, 11, 18)
    assert seed.date_of_original_submission is None
    assert seed.issuer.name == "INFINERA CORP"
    assert seed.issuer.trading_symbol == "INFN"
    assert seed.issuer.cik is None
    assert seed.not_subject_to_section16 is None
    assert _warned(seed, "not subject to section16 checkbox", "mark not shown")


def test_seed_owner(seed: Filing) -> None:
    assert len(seed.owners) == 1
    owner = seed.owners[0]
    assert owner.name == "BALKANSKI ALEXANDRE"
    assert owner.cik is None
    assert owner.address is not None
    assert owner.address.street1 == "C/O INFINERA CORPORATION, 169 JAVA DRIVE"
    assert owner.address.street2 is None
    assert owner.address.city == "SUNNYVALE"
    assert owner.address.state == "CA"
    assert owner.address.zip_code == "94089"
    assert owner.is_director is None
    assert owner.is_ten_percent_owner is None
    assert owner.is_officer is None
    assert owner.is_other is None
    assert owner.officer_title is None
    assert owner.other_text is None
    for flag in ("director", "ten percent owner", "officer", "other"):
        assert _warned(seed, f"box 5 (relationship), {flag}", "mark not shown")


@pytest.mark.parametrize(
    ("index", "day", "shares", "price", "note"),
    [
        (0, date(2008, 11, 18), Decimal("512000"), Decimal("7.0515"), "F1"),
        (1, date(2008, 11, 19), Decimal("498400"), Decimal("7.4632"), "F3"),
        (2, date(2008, 11, 20), Decimal("555000"), Decimal("7.175"), "F4"),
    ],
)
def test_seed_purchases(
    seed: Filing, index: int, day: date, shares: Decimal, price: Decimal, note: str
) -> None:
    row = seed.non_derivative[index]
    assert isinstance(row, NonDerivativeTransaction)
    assert row.security_title == "Common Stock"
    assert row.transaction_date == day
    assert row.deemed_execution_date is None
    assert row.code == "P"
    assert row.acquired_disposed == "A"
    assert isinstance(row.shares, Decimal) and row.shares == shares
    assert isinstance(row.price, Decimal) and row.price == price
    assert row.footnotes == {"price": (note,)}
    assert row.shares_owned_after is None
    assert row.value_owned_after is None
    assert row.direct_indirect is None
    assert row.nature is None
    place = f"Table I row {index + 1}"
    assert _warned(seed, f"{place}, shares owned after", "not shown")
    assert _warned(seed, f"{place}, direct or indirect", "not shown")


def test_seed_holding(seed: Filing) -> None:
    assert len(seed.non_derivative) == 4
    assert seed.derivative == ()
    row = seed.non_derivative[3]
    assert isinstance(row, NonDerivativeHolding)
    assert row.security_title == "Common"
    assert row.shares_owned_after == Decimal("2657763")
    assert row.direct_indirect is None
    assert row.footnotes == {}
    assert _warned(seed, "Table I row 4, shares owned after", "column inferred")
    assert _warned(seed, "Table II", "not shown")


def test_seed_footnotes(seed: Filing) -> None:
    assert list(seed.footnotes) == ["?1", "F3", "F4", "F5"]
    assert seed.footnotes["?1"] == (
        'Shares are held directly by Benchmark Capital Partners VI, L.P., as nominee ("BCP VI"). '
        "The Reporting Person is a managing member of Benchmark Capital Management Co. VI, "
        'L.L.C. ("BCMC VI"), the general partner of BCP VI, and may be deemed to share voting '
        "and dispositive power over the shares that may be deemed beneficially held by BCMC VI. "
        "The Reporting Person disclaims beneficial ownership of all such shares except to the "
        "extent of his pecuniary interest therein."
    )
    assert seed.footnotes["F3"] == (
        "The purchase price reported in column 4 of Table 1 represents the weighted average "
        "purchase price of the shares ranging from $7.23 to $7.70 per share. Upon request by "
        "the Commission staff, the Issuer, or a security holder of the issuer, the Reporting "
        "Person will provide full information regarding the number of shares purchased at each "
        "separate price."
    )
    assert seed.footnotes["F4"] == seed.footnotes["F3"].replace("$7.23 to $7.70", "$6.76 to $7.60")
    assert seed.footnotes["F5"] == (
        'Shares are held directly by Benchmark Capital Partners IV, L.P., as nominee ("BCP IV"). '
        "The Reporting Person is a managing member of Benchmark Capital Management Co. IV, "
        'L.L.C. ("BCMC IV"), the general partner of BCP IV, and may be deemed to share voting '
        "and dispositive power over the shares that may be deemed beneficially held by BCMC IV. "
        "The Reporting Person disclaims beneficial ownership of all such shares except to the "
        "extent of his pecuniary interest therein."
    )
    assert _warned(seed, "Table I row 1, price", "F1 is referred to")
    assert any("read as ?1" in w.message for w in seed.warnings)


def test_seed_footer(seed: Filing) -> None:
    assert seed.remarks is None
    assert seed.signatures == ()
    assert "signature" in _places(seed)


def test_seed_price_ranges(seed: Filing) -> None:
    second = price_range_of(seed, seed.non_derivative[1])
    third = price_range_of(seed, seed.non_derivative[2])
    assert second is not None and (second.low, second.high) == (Decimal("7.23"), Decimal("7.70"))
    assert third is not None and (third.low, third.high) == (Decimal("6.76"), Decimal("7.60"))
    assert price_range_of(seed, seed.non_derivative[0]) is None  # F1's text was lost


# -- the typed pre-2003 Form 4 ---------------------------------------------------------------------
def test_legacy_form4() -> None:
    filing = form4.read(LEGACY)
    assert filing.source.format == "text"
    assert filing.document_type == "4"
    assert filing.issuer.name == "Productivity Technologies Corp."
    assert filing.issuer.trading_symbol == "PRAC"
    assert filing.period_of_report == date(2000, 2, 29)  # "Statement for Month/Year"
    assert filing.not_subject_to_section16 is False  # "( ) Check this box"
    (owner,) = filing.owners
    assert owner.name == "Foster, Alan H."
    assert owner.address is not None
    assert owner.address.street1 == "c/o Productivity Technologies Corp."
    assert owner.address.street2 == "520 Madison Avenue"
    assert (owner.address.city, owner.address.state, owner.address.zip_code) == (
        "New York",
        "NY",
        "10022",
    )
    assert _warned(filing, "box 1 (reporting person)", "'USA'")
    assert (owner.is_director, owner.is_ten_percent_owner) == (True, False)
    assert (owner.is_officer, owner.is_other) == (False, False)
    assert filing.non_derivative == ()
    (row,) = filing.derivative
    assert isinstance(row, DerivativeTransaction)
    assert row.security_title == "Options to Purchase Common Stock"  # wrapped over two lines
    assert row.conversion_price == Decimal("1.375")
    assert row.transaction_date == date(2000, 2, 7)
    assert row.code == "A"
    assert row.form_type == "5"  # "V": voluntarily reported, as on the current form
    assert row.shares is None  # "12,000 -" with "A,D": not placed for sure
    assert row.acquired_disposed is None
    assert row.exercise_date == date(2000, 2, 7)
    assert row.expiration_date == date(2005, 2, 7)
    assert row.underlying_title == "Common Stock"
    assert row.underlying_shares == Decimal("12000")
    assert row.price is None
    assert row.shares_owned_after == Decimal("12000")
    assert row.direct_indirect == "D"
    assert row.nature is None
    assert _warned(filing, "Table II row 1, amount", "'12,000 -'")
    assert _warned(filing, "Table II row 1, (A) or (D)", "'A,D'")
    assert filing.signatures == (
        form4.Signature(name="/s/ Alan H. Foster", date=date(2000, 3, 13)),
    )
    assert filing.footnotes == {}


# -- each layout of cells ------------------------------------------------------------------------
_HEAD = """FORM 4
STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP
1. Name and Address of Reporting Person *
DOE JANE
(Last) (First) (Middle)
1 MAIN ST
(Street)
SAN JOSE\tCA\t95134
(City) (State) (Zip)
2. Issuer Name and Ticker or Trading Symbol
ACME CORP [ ACME ]
3. Date of Earliest Transaction (Month/Day/Year)
03/01/2024
5. Relationship of Reporting Person(s) to Issuer
[X] Director\t[ ] 10% Owner
[X] Officer (give title below)\t[ ] Other (specify below)
Chief Executive Officer\t
Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned
"""
_FOOT = """
Explanation of Responses:
(1) Weighted average; prices ranging from $10.00 to $10.50.
    Second line.

Remarks:

/s/ Jane Doe\t03/04/2024
** Signature of Reporting Person\tDate
"""


def _check_rows(filing: Filing) -> None:
    first, second = filing.non_derivative
    assert isinstance(first, NonDerivativeTransaction)
    assert (first.transaction_date, first.code, first.shares) == (
        date(2024, 3, 1),
        "S",
        Decimal("1000"),
    )
    assert (first.acquired_disposed, first.price) == ("D", Decimal("10.25"))
    assert first.footnotes == {"price": ("F1",)}
    assert (first.shares_owned_after, first.direct_indirect) == (Decimal("9000"), "D")
    assert isinstance(second, NonDerivativeHolding)
    assert second.shares_owned_after == Decimal("500")
    assert (second.direct_indirect, second.nature) == ("I", "By Trust")


def test_tab_separated() -> None:
    text = (
        _HEAD + "1. Title of Security (Instr. 3)\t2. Transaction Date\n"
        "\t\t\tCode\tV\tAmount\t(A) or (D)\tPrice\n"
        "Common Stock\t03/01/2024\t\tS\t\t1,000\tD\t$ 10.25 (1)\t9,000\tD\t\n"
        "Common Stock\t\t\t\t\t\t\t\t500\tI\tBy Trust\n" + _FOOT
    )
    filing = form4.read(text.encode())
    _check_rows(filing)
    owner = filing.owners[0]
    assert (owner.is_director, owner.is_officer, owner.officer_title) == (
        True,
        True,
        "Chief Executive Officer",
    )
    assert owner.address is not None and owner.address.city == "SAN JOSE"
    assert filing.footnotes == {
        "F1": "Weighted average; prices ranging from $10.00 to $10.50.\nSecond line."
    }
    assert filing.signatures == (form4.Signature(name="/s/ Jane Doe", date=date(2024, 3, 4)),)
    assert filing.source.format == "text"


def test_markdown_pipes() -> None:
    text = (
        _HEAD.replace("FORM 4", "**FORM 4**") + "| 1. Title of Security | 2. Date | | | | | | | "
        "| | |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| | | | Code | V | Amount | (A) or (D) | Price | | | |\n"
        "| Common Stock | 03/01/2024 | | S | | 1,000 | D | \\$ 10.25 (1) | 9,000 | D | |\n"
        "| Common Stock | | | | | | | | 500 | I | By Trust |\n" + _FOOT
    )
    filing = form4.read(text.encode())
    _check_rows(filing)
    assert filing.source.format == "markdown"


def test_aligned_columns() -> None:
    text = (
        _HEAD + "1. Title of Security    2. Transaction Date    3. Code\n"
        "                          Code  V  Amount  (A) or (D)  Price\n"
        "Common Stock   03/01/2024   S    1,000   D   $10.25 (1)   9,000   D\n"
        "Common Stock                                               500   I   By Trust\n" + _FOOT
    )
    filing = form4.read(text.encode())
    _check_rows(filing)
    assert not any("cannot be placed" in w.message for w in filing.warnings)


def test_one_cell_per_line() -> None:
    cells = ["Common Stock", "03/01/2024", "S", "1,000", "D", "$10.25 (1)", "9,000", "D"]
    cells += ["Common Stock", "500", "I", "By Trust"]
    text = _HEAD + "1. Title of Security (Instr. 3)\n" + "\n".join(cells) + "\n" + _FOOT
    filing = form4.read(text.encode())
    _check_rows(filing)


def test_unplaceable_row_is_kept_with_a_warning() -> None:
    # Two bare numbers with no date or code: amount owned and what else? Not for sure.
    text = _HEAD + "1. Title of Security\nPreferred   1,000   2,000\n" + _FOOT
    filing = form4.read(text.encode())
    (row,) = filing.non_derivative
    assert row.security_title == "Preferred"
    assert row.shares_owned_after is None
    assert any("cannot be placed for sure" in w.message for w in filing.warnings)


_GRID = """SEC Form 4 FORM 4| UNITED STATES SECURITIES AND EXCHANGE COMMISSION
**STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP**
1\\. Name and Address of Reporting Person*| [DOE JANE](https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0001234567)
---
(Last)| (First)| (Middle)
---|---|---
1 MAIN ST
(Street)SAN JOSE| CA| 95134
(City)| (State)| (Zip)
2\\. Issuer Name and Ticker or Trading Symbol
[ACME CORP](https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0000007654) [ ACME ]
3\\. Date of Earliest Transaction (Month/Day/Year)
03/01/2024
5\\. Relationship of Reporting Person(s) to Issuer
(Check all applicable)| X| Director| | 10% Owner
**Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned**
1\\. Title of Security (Instr. 3)| 2\\. Transaction Date (Month/Day/Year)
Code| V| Amount| (A) or (D)| Price
Common Stock| 03/01/2024| | S| | 1,000| D| $10.25(1)| 9,000| D|
**Explanation of Responses:**
---
1\\. A price _footnote_.
| _/s/ Jane Doe_| _03/04/2024_
---|---|---
| ** Signature of Reporting Person| Date
"""


def test_converter_grid_markdown() -> None:
    # How html2text lays out the SEC's page: boxes as cells of pipe rows, links to EDGAR.
    filing = form4.read(_GRID.encode())
    assert filing.source.format == "markdown"
    assert (filing.issuer.name, filing.issuer.trading_symbol, filing.issuer.cik) == (
        "ACME CORP",
        "ACME",
        "0000007654",
    )
    (owner,) = filing.owners
    assert (owner.name, owner.cik) == ("DOE JANE", "0001234567")
    assert owner.address is not None
    assert (owner.address.street1, owner.address.city, owner.address.state) == (
        "1 MAIN ST",
        "SAN JOSE",
        "CA",
    )
    assert owner.is_director is True
    assert owner.is_ten_percent_owner is None  # an empty cell shows no mark at all
    (row,) = filing.non_derivative
    assert isinstance(row, NonDerivativeTransaction)
    assert (row.code, row.shares, row.price, row.shares_owned_after) == (
        "S",
        Decimal("1000"),
        Decimal("10.25"),
        Decimal("9000"),
    )
    assert filing.footnotes == {"F1": "A price footnote."}
    assert filing.signatures == (form4.Signature(name="/s/ Jane Doe", date=date(2024, 3, 4)),)


def test_rows_not_told_apart_are_not_made_up() -> None:
    # One cell per line with a nature of ownership wrapped over two lines: "Trust" may end the
    # first row's nature or open a row of its own title; no row is made up, a warning says so.
    cells = ["Common Stock", "500", "I", "By Family", "Trust", "Common Stock", "700", "D"]
    text = _HEAD + "1. Title of Security (Instr. 3)\n" + "\n".join(cells) + "\n" + _FOOT
    filing = form4.read(text.encode())
    assert filing.non_derivative == ()
    assert _warned(filing, "Table I", "cannot be cut into rows for sure")


# -- recognising and refusing --------------------------------------------------------------------
def test_is_form_text() -> None:
    assert is_form_text(SEED.read_bytes())
    assert is_form_text(LEGACY.read_bytes())
    assert not is_form_text(b"FORM 4 is due in two days.\n")
    assert not is_form_text(b"A STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP, without a form\n")
    late = b"x" * 20000 + b"FORM 4 STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP"
    assert not is_form_text(late)  # only the head is looked at


def test_no_issuer_is_refused() -> None:
    text = "FORM 4\nSTATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP\nTable I - Non-Derivative\n"
    with pytest.raises(InvalidFilingError, match="issuer"):
        form4.read(text.encode())


def test_no_table_is_refused() -> None:
    text = _HEAD.split("Table I")[0]
    with pytest.raises(InvalidFilingError, match="Table I nor Table II"):
        form4.read(text.encode())


def test_other_text_is_not_read() -> None:
    with pytest.raises(UnrecognizedFormatError):
        form4.read(b"Minutes of the meeting of the board.\nNothing about forms.\n")


# -- the round trip through our renderings -------------------------------------------------------
_SAME_CELL = {  # fields the rendering prints in one cell: their footnotes cannot be told apart
    "total_value": "shares",
    "value_owned_after": "shares_owned_after",
    "underlying_value": "underlying_shares",
}


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _cell_notes(row: Any, form: str) -> dict[str, set[str]]:
    derivative = isinstance(row, DerivativeTransaction | DerivativeHolding)
    merged: dict[str, set[str]] = {}
    for field, ids in row.footnotes.items():
        key = _SAME_CELL.get(field, field)
        if derivative and key == "acquired_disposed":
            key = "shares"  # Table II prints the amount under (A) or (D), marks included
        if key == "timeliness" and form != "4":
            key = "coding"  # no V column on Forms 3 and 5: its marks follow the code
        merged.setdefault(key, set()).update(ids)
    return merged


_ROW_FIELDS = (
    "security_title", "transaction_date", "deemed_execution_date", "code", "shares",
    "total_value", "price", "acquired_disposed", "shares_owned_after", "value_owned_after",
    "direct_indirect", "nature", "conversion_price", "exercise_date", "expiration_date",
    "underlying_title", "underlying_shares", "underlying_value",
)  # fmt: skip


def shown_differences(original: Filing, read: Filing) -> list[str]:
    """Where a filing read from a rendering differs from the original on what the page shows.

    Checkboxes show checked or not (None and False look alike); white space inside a value is
    printed as single spaces; CIKs are compared where the rendering prints them (always, when
    known).
    """
    out: list[str] = []

    def same(where: str, a: Any, b: Any) -> None:
        if _norm(a) != _norm(b):
            out.append(f"{where}: {a!r} != {b!r}")

    form = original.form
    same("document type", original.document_type, read.document_type)
    same("period", original.period_of_report, read.period_of_report)
    same("original", original.date_of_original_submission, read.date_of_original_submission)
    same("issuer name", original.issuer.name, read.issuer.name)
    same("ticker", original.issuer.trading_symbol, read.issuer.trading_symbol)
    same("issuer cik", original.issuer.cik, read.issuer.cik)
    for flag in ("not_subject_to_section16", "form3_holdings_reported", "aff10b5one"):
        same(flag, bool(getattr(original, flag)), bool(getattr(read, flag)))
    same("form4 reported", bool(original.form4_transactions_reported),
         bool(read.form4_transactions_reported))  # fmt: skip
    same("no securities", bool(original.no_securities_owned), bool(read.no_securities_owned))
    same("owners", len(original.owners), len(read.owners))
    for n, (a, b) in enumerate(zip(original.owners, read.owners, strict=False), 1):
        same(f"owner {n} name", a.name, b.name)
        same(f"owner {n} cik", a.cik, b.cik)
        for field in ("street1", "street2", "city", "state", "zip_code"):
            same(f"owner {n} {field}", getattr(a.address, field, None),
                 getattr(b.address, field, None))  # fmt: skip
        for field in ("is_director", "is_officer", "is_ten_percent_owner", "is_other"):
            same(f"owner {n} {field}", bool(getattr(a, field)), bool(getattr(b, field)))
        same(f"owner {n} title", a.officer_title, b.officer_title)
        same(f"owner {n} other", a.other_text, b.other_text)
    for label, rows_a, rows_b in (
        ("Table I", original.non_derivative, read.non_derivative),
        ("Table II", original.derivative, read.derivative),
    ):
        same(f"{label} rows", len(rows_a), len(rows_b))
        for n, (a, b) in enumerate(zip(rows_a, rows_b, strict=False), 1):
            where = f"{label} row {n}"
            same(f"{where} kind", type(a).__name__, type(b).__name__)
            for field in _ROW_FIELDS:
                same(f"{where} {field}", getattr(a, field, None), getattr(b, field, None))
            if isinstance(a, NonDerivativeTransaction | DerivativeTransaction):
                same(f"{where} swap", bool(a.equity_swap), bool(getattr(b, "equity_swap", None)))
                if form == "4":  # the V column
                    same(f"{where} V", a.form_type == "5", getattr(b, "form_type", None) == "5")
            same(f"{where} footnotes", _cell_notes(a, form), _cell_notes(b, form))
    same("footnote ids", list(original.footnotes), list(read.footnotes))
    for fid, text in original.footnotes.items():
        same(f"footnote {fid}", text, read.footnotes.get(fid))
    same("remarks", original.remarks, read.remarks)
    same("signatures", len(original.signatures), len(read.signatures))
    for n, (a, b) in enumerate(zip(original.signatures, read.signatures, strict=False), 1):
        same(f"signature {n}", (_norm(a.name), a.date), (_norm(b.name), b.date))
    return out


FILES = data_files()


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_round_trip(path: Path, fmt: str) -> None:
    original = form4.read(path)
    rendered = render(original, fmt)
    read = form4.read(rendered.encode("utf-8"), name=f"{path.name}.{fmt}")
    assert read.source.format == fmt
    assert shown_differences(original, read) == []
