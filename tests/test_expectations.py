"""Hand-written expectations for real filings, checked field by field.

Every expected value below was read off the raw file (the XML, or the EDGAR submission text)
by a person, never copied from the reader's output. Each test names the file it reads in a
module-level constant; the comments point at what in the file gives the value.

The row checks go through ``check_row``: every field of the row's class is compared, and a field
not named in the expectation must be ``None``; footnote ids are compared for every field a
footnote can attach to (``()`` where the file has none). Numbers must be ``Decimal`` and dates
``datetime.date``.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from form4 import (
    Address,
    DerivativeHolding,
    DerivativeTransaction,
    Filing,
    Issuer,
    NonDerivativeHolding,
    NonDerivativeTransaction,
    ReportingOwner,
    Signature,
    read,
)
from form4.model import FOOTNOTE_FIELDS, HeaderAddress, HeaderDocument

DATA = Path(__file__).parent / "data"

ISABELLA_PURCHASE_TXT = DATA / "txt" / "0000842517-24-000086.txt"  # Form 4, P + holdings
TESLA_OPTION_EXERCISE_XML = DATA / "xml" / "0001790565-23-000009.xml"  # Form 4, M/S + option
UNITY_FORM3_XML = DATA / "xml" / "0000899243-20-025608.xml"  # Form 3, preferred holdings
MUSK_FORM5_XML = DATA / "xml" / "0000899243-22-006240.xml"  # Form 5, gifts
LAM_4A_XML = DATA / "xml" / "0000707549-25-000004.xml"  # Form 4/A
LAM_4A_TXT = DATA / "txt" / "0000707549-25-000004.txt"  # the same 4/A as a submission
CSK_X0202_XML = DATA / "xml" / "0001209191-06-055343.xml"  # 2006, schema X0202
MICROVISION_X0609_XML = DATA / "xml" / "candlechaser_form4.xml"  # 2026, schema X0609
MITHRIL_MULTI_OWNER_XML = DATA / "xml" / "0001209191-21-051298.xml"  # 4 owners, 4 signatures
SUN_BROKEN_LINE_TXT = DATA / "txt" / "0001225259-06-000003.txt"  # footnote broken at 1,024


# -- helpers -----------------------------------------------------------------------------------


def _check_value(name: str, got: Any, want: Any) -> None:
    if want is None:
        assert got is None, f"{name}: expected None, got {got!r}"
    elif isinstance(want, bool):
        assert got is want, f"{name}: expected {want!r}, got {got!r}"
    elif isinstance(want, Decimal):
        assert isinstance(got, Decimal), f"{name}: expected Decimal {want}, got {got!r}"
        assert got == want, f"{name}: expected {want}, got {got}"
    elif isinstance(want, date):
        assert type(got) is date, f"{name}: expected date {want}, got {got!r}"
        assert got == want, f"{name}: expected {want}, got {got}"
    else:
        assert got == want, f"{name}: expected {want!r}, got {got!r}"


def check_row(
    row: Any, cls: type, *, footnotes: dict[str, tuple[str, ...]] | None = None, **want: Any
) -> None:
    """Every field of ``cls`` on ``row``: the named ones as given, all the others None."""
    assert type(row) is cls, f"expected a {cls.__name__}, got {type(row).__name__}"
    names = {f.name for f in dataclasses.fields(cls)} - {"footnotes"}
    unknown = set(want) - names
    assert not unknown, f"test typo: {cls.__name__} has no field(s) {sorted(unknown)}"
    for name in sorted(names):
        _check_value(name, getattr(row, name), want.get(name))
    footnotes = footnotes or {}
    assert set(footnotes) <= set(FOOTNOTE_FIELDS), f"test typo: {sorted(footnotes)}"
    for name in FOOTNOTE_FIELDS:
        got = row.footnotes_of(name)
        assert got == footnotes.get(name, ()), f"footnotes[{name!r}]: got {got!r}"


def check_filing(filing: Filing, **want: Any) -> None:
    """The document-level scalar fields; the ones not named must be None."""
    for name in (
        "document_type",
        "period_of_report",
        "date_of_original_submission",
        "no_securities_owned",
        "not_subject_to_section16",
        "form3_holdings_reported",
        "form4_transactions_reported",
        "aff10b5one",
        "remarks",
        "schema_version",
    ):
        _check_value(name, getattr(filing, name), want.pop(name, None))
    assert not want, f"test typo: {sorted(want)}"


def check_issuer(filing: Filing, cik: str, name: str, symbol: str | None) -> None:
    issuer = filing.issuer
    assert issuer.cik == cik
    assert issuer.name == name
    assert issuer.trading_symbol == symbol
    assert issuer.foreign_trading_symbol is None
    assert issuer == Issuer(cik=cik, name=name, trading_symbol=symbol)


def check_signatures(filing: Filing, *expected: tuple[str, date]) -> None:
    assert len(filing.signatures) == len(expected)
    for signature, (name, when) in zip(filing.signatures, expected, strict=True):
        assert signature.name == name
        _check_value("signature date", signature.date, when)
    assert filing.signatures == tuple(Signature(name=n, date=d) for n, d in expected)


def check_footnote_starts(filing: Filing, **starts: str) -> None:
    """Footnote ids in document order, and the first words of each text."""
    assert list(filing.footnotes) == list(starts)
    for fid, start in starts.items():
        text = filing.footnotes[fid]
        assert text.startswith(start), f"{fid}: {text[: len(start) + 20]!r}"
        assert text == text.strip(), f"{fid}: surrounding white space kept"


# -- (1) Form 4 submission: open-market purchase and two indirect holdings ----------------------


def test_isabella_bank_purchase_submission() -> None:
    filing = read(ISABELLA_PURCHASE_TXT)

    # EDGAR header (lines 1-59 of the submission).
    header = filing.header
    assert header is not None
    assert header.accession_number == "0000842517-24-000086"
    assert filing.accession_number == "0000842517-24-000086"
    assert header.submission_type == "4"
    assert header.document_count == 1
    _check_value("header.period", header.period, date(2024, 4, 29))
    _check_value("header.filed", header.filed, date(2024, 5, 1))
    _check_value("filing.filed", filing.filed, date(2024, 5, 1))
    _check_value("header.date_of_change", header.date_of_change, date(2024, 5, 1))
    # <ACCEPTANCE-DATETIME>20240501130722
    assert type(header.accepted) is datetime
    assert header.accepted == datetime(2024, 5, 1, 13, 7, 22)
    assert filing.source.format == "submission"

    hdr_issuer = header.issuer
    assert hdr_issuer is not None
    assert hdr_issuer.role == "issuer"
    assert hdr_issuer.name == "ISABELLA BANK Corp"
    assert hdr_issuer.cik == "0000842517"
    assert hdr_issuer.organization_name == "02 Finance"
    assert hdr_issuer.irs_number == "382830092"
    assert hdr_issuer.state_of_incorporation == "MI"
    assert hdr_issuer.fiscal_year_end == "1231"
    assert hdr_issuer.business_address == HeaderAddress(
        street1="401 NORTH MAIN STREET",
        city="MT PLEASANT",
        state="MI",
        zip_code="48858",
        phone="9897729471",
    )
    assert hdr_issuer.mail_address == HeaderAddress(
        street1="401 NORTH MAIN STREET", city="MT PLEASANT", state="MI", zip_code="48858"
    )
    assert hdr_issuer.former_names == (
        ("ISABELLA BANK CORP", date(2008, 6, 2)),
        ("IBT BANCORP INC /MI/", date(1992, 7, 3)),
    )

    assert len(header.owners) == 1
    hdr_owner = header.owners[0]
    assert hdr_owner.role == "reporting-owner"
    assert hdr_owner.name == "McGuirk Richard L"
    assert hdr_owner.cik == "0001849440"
    assert hdr_owner.organization_name is None  # "ORGANIZATION NAME:" with nothing after it
    assert hdr_owner.form_type == "4"
    assert hdr_owner.act == "1934 Act"
    assert hdr_owner.file_number == "000-18415"
    assert hdr_owner.film_number == "24901899"
    assert hdr_owner.business_address is None
    assert hdr_owner.mail_address == HeaderAddress(
        street1="770 STONERIDGE DR.", city="MT. PLEASANT", state="MI", zip_code="48858"
    )
    assert header.documents == (
        HeaderDocument(
            type="4", sequence=1, filename="wk-form4_1714583233.xml", description="FORM 4"
        ),
    )

    # The ownership document.
    check_filing(
        filing,
        document_type="4",
        period_of_report=date(2024, 4, 29),
        not_subject_to_section16=False,
        aff10b5one=False,
        schema_version="X0508",
        # <remarks></remarks> is empty: None
    )
    check_issuer(filing, "0000842517", "ISABELLA BANK Corp", "ISBA")
    assert filing.owners == (
        ReportingOwner(
            cik="0001849440",
            name="McGuirk Richard L",
            address=Address(
                street1="770 STONERIDGE DR.",  # <rptOwnerStreet2></rptOwnerStreet2>: None
                city="MT. PLEASANT",
                state="MI",
                zip_code="48858",
            ),
            is_director=True,
            is_officer=False,
            is_ten_percent_owner=False,
            is_other=False,
        ),
    )
    assert filing.owners[0].relationships == ("Director",)

    assert len(filing.non_derivative) == 3
    purchase, minor_child, llc = filing.non_derivative
    check_row(
        purchase,
        NonDerivativeTransaction,
        security_title="common",
        transaction_date=date(2024, 4, 29),
        form_type="4",
        code="P",
        equity_swap=False,
        shares=Decimal("275.634"),
        price=Decimal("18.14"),
        acquired_disposed="A",
        shares_owned_after=Decimal("15711.8844"),
        direct_indirect="D",
        footnotes={"shares_owned_after": ("F1",)},
    )
    check_row(
        minor_child,
        NonDerivativeHolding,
        security_title="common",
        shares_owned_after=Decimal("2170.3157"),
        direct_indirect="I",
        nature="Held by minor child",
        footnotes={"shares_owned_after": ("F1",)},
    )
    check_row(
        llc,
        NonDerivativeHolding,
        security_title="common",
        shares_owned_after=Decimal("383262.5326"),
        direct_indirect="I",
        nature="Held by LLC",
        footnotes={"shares_owned_after": ("F1",)},
    )
    assert filing.derivative == ()  # <derivativeTable></derivativeTable>

    # Derived: 275.634 * 18.14 = 4961.412 + 38.58876 = 5000.00076
    assert purchase.is_open_market_purchase is True
    assert purchase.is_open_market_sale is False
    assert isinstance(purchase.value, Decimal)
    assert purchase.value == Decimal("5000.00076")
    assert purchase.signed_shares == Decimal("275.634")
    assert filing.open_market_purchases == (purchase,)
    assert filing.referenced_footnote_ids == ("F1",)

    check_footnote_starts(
        filing, F1="Includes shares acquired through quarterly dividend reinvestment."
    )
    assert filing.footnotes["F1"] == (
        "Includes shares acquired through quarterly dividend reinvestment."
    )
    check_signatures(filing, ("/s/ Jennifer L. Gill, By Power of Attorney", date(2024, 5, 1)))


# -- (2) Form 4 with an option exercise: M / S rows and a derivative row ------------------------


def test_tesla_option_exercise_and_sale() -> None:
    filing = read(TESLA_OPTION_EXERCISE_XML)

    check_filing(
        filing,
        document_type="4",
        period_of_report=date(2023, 7, 27),
        not_subject_to_section16=False,
        aff10b5one=True,  # <aff10b5One>1</aff10b5One>
        schema_version="X0508",
    )
    assert filing.header is None
    check_issuer(filing, "0001318605", "Tesla, Inc.", "TSLA")
    assert filing.owners == (
        ReportingOwner(
            cik="0001790565",
            name="Baglino Andrew D",
            address=Address(
                street1="C/O TESLA, INC.",
                street2="1 TESLA ROAD",
                city="AUSTIN",
                state="TX",
                zip_code="78725",
            ),
            is_director=False,
            is_officer=True,
            is_ten_percent_owner=False,
            is_other=False,
            officer_title="SVP Powertrain and Energy Eng.",
        ),
    )
    assert filing.owners[0].relationships == ("Officer",)

    assert len(filing.non_derivative) == 2
    exercise, sale = filing.non_derivative
    check_row(
        exercise,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2023, 7, 27),
        form_type="4",
        code="M",
        equity_swap=False,
        shares=Decimal("10500"),
        price=Decimal("17.22"),
        acquired_disposed="A",
        shares_owned_after=Decimal("77334.25"),
        direct_indirect="D",
        footnotes={"coding": ("F1",)},
    )
    check_row(
        sale,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2023, 7, 27),
        form_type="4",
        code="S",
        equity_swap=False,
        shares=Decimal("10500"),
        price=Decimal("268.23"),
        acquired_disposed="D",
        shares_owned_after=Decimal("66834.25"),
        direct_indirect="D",
        footnotes={"coding": ("F1",)},
    )

    assert len(filing.derivative) == 1
    (option,) = filing.derivative
    check_row(
        option,
        DerivativeTransaction,
        security_title="Non-Qualified Stock Option (right to buy)",
        conversion_price=Decimal("17.22"),
        transaction_date=date(2023, 7, 27),
        form_type="4",
        code="M",
        equity_swap=False,
        shares=Decimal("10500"),
        price=Decimal("0.0"),
        acquired_disposed="D",
        exercise_date=None,  # <exerciseDate><footnoteId id="F2"/></exerciseDate>
        expiration_date=date(2029, 7, 19),
        underlying_title="Common Stock",
        underlying_shares=Decimal("10500"),
        shares_owned_after=Decimal("541275"),
        direct_indirect="D",
        footnotes={"coding": ("F1",), "exercise_date": ("F2",)},
    )

    # Derived. Exercise: 10500 * 17.22 = 172200 + 8610 = 180810.
    assert exercise.value == Decimal("180810")
    assert isinstance(exercise.value, Decimal)
    assert exercise.is_open_market_purchase is False  # code M, not P
    assert exercise.signed_shares == Decimal("10500")
    # Sale: 10500 * 268.23 = 2682300 + 134115 = 2816415; disposed, so shares are negative.
    assert sale.value == Decimal("2816415")
    assert sale.signed_shares == Decimal("-10500")
    assert sale.is_open_market_sale is True
    assert sale.is_open_market_purchase is False
    # Option: 10500 * 0.0 = 0; disposed.
    assert option.value == Decimal("0")
    assert option.signed_shares == Decimal("-10500")
    assert filing.open_market_purchases == ()
    assert filing.open_market_sales == (sale,)

    check_footnote_starts(
        filing,
        F1="The transactions reported on this Form 4 were effected pursuant to a Rule 10b5-1 "
        "trading plan adopted by the reporting person on November 1, 2021.",
        F2="Represents part of a single option award grant, including Incentive Stock Options,",
    )
    assert filing.footnotes["F2"].endswith("will be fully vested on June 24, 2024.")
    assert filing.remarks is None  # no <remarks> element
    check_signatures(
        filing,
        ("By: Aaron Beckman, Power of Attorney For: Andrew D. Baglino", date(2023, 7, 31)),
    )


# -- (3) Form 3: holdings only, preferred stock in Table II with footnote-only values ----------

# (security title, underlying common shares, nature of ownership), document order.
UNITY_DERIVATIVE_HOLDINGS = [
    ("Series A Preferred Stock", "2027400", "Sequoia Capital XII Principals Fund, LLC"),
    ("Series A Preferred Stock", "18969380", "Sequoia Capital XII, L.P."),
    ("Series A Preferred Stock", "709810", "Sequoia Technology Partners XII, L.P."),
    ("Series B Preferred Stock", "2005056", "Sequoia Capital Global Growth Fund, L.P."),
    ("Series B Preferred Stock", "58183", "Sequoia Capital Global Growth Principals Fund, L.P."),
    ("Series B Preferred Stock", "260920", "Sequoia Capital XII Principals Fund, LLC"),
    ("Series B Preferred Stock", "2441320", "Sequoia Capital XII, L.P."),
    ("Series B Preferred Stock", "91350", "Sequoia Technology Partners XII, L.P."),
    ("Series C Preferred Stock", "996184", "Sequoia Capital Global Growth Fund, L.P."),
    ("Series C Preferred Stock", "28908", "Sequoia Capital Global Growth Principals Fund, L.P."),
    (
        "Series D-1 Preferred Stock",
        "5730132",
        "Sequoia Capital Global Growth Fund III - Endurance Partners, L.P.",
    ),
    (
        "Series E Preferred Stock",
        "4351309",
        "Sequoia Capital Global Growth Fund III - Endurance Partners, L.P.",
    ),
]

# (shares held, nature of ownership), document order; all "Common Stock", indirect.
UNITY_COMMON_HOLDINGS = [
    ("3909607", "Sequoia Capital Global Growth Fund III - Endurance Partners, L.P."),
    ("9289278", "Sequoia Capital Global Growth Fund, L.P."),
    ("269560", "Sequoia Capital Global Growth Principals Fund, L.P."),
    ("6016318", "Sequoia Capital U.S. Growth Fund VI, L.P."),
    ("301354", "Sequoia Capital U.S. Growth VI Principals Fund, L.P."),
]


def test_unity_form3_holdings() -> None:
    filing = read(UNITY_FORM3_XML)

    check_filing(
        filing,
        document_type="3",
        period_of_report=date(2020, 9, 17),
        no_securities_owned=False,  # <noSecuritiesOwned>0</noSecuritiesOwned>
        schema_version="X0206",
        # no notSubjectToSection16 / aff10b5One on a 2020 Form 3; <remarks></remarks> empty
    )
    assert filing.form == "3"
    assert filing.is_amendment is False
    check_issuer(filing, "0001810806", "Unity Software Inc.", "U")
    assert filing.owners == (
        ReportingOwner(
            cik="0001222287",
            name="BOTHA ROELOF",
            address=Address(
                street1="2800 SAND HILL ROAD, SUITE 101",
                city="MENLO PARK",
                state="CA",
                zip_code="94025",
            ),
            is_director=True,
            is_officer=False,
            is_ten_percent_owner=True,
            is_other=False,
        ),
    )
    assert filing.owners[0].relationships == ("Director", "TenPercentOwner")

    assert filing.transactions == ()
    assert len(filing.non_derivative) == len(UNITY_COMMON_HOLDINGS) == 5
    for row, (shares, nature) in zip(filing.non_derivative, UNITY_COMMON_HOLDINGS, strict=True):
        check_row(
            row,
            NonDerivativeHolding,
            security_title="Common Stock",
            shares_owned_after=Decimal(shares),
            direct_indirect="I",
            nature=nature,
            footnotes={"nature": ("F2", "F3")},
        )

    assert len(filing.derivative) == len(UNITY_DERIVATIVE_HOLDINGS) == 12
    for row, (title, shares, nature) in zip(
        filing.derivative, UNITY_DERIVATIVE_HOLDINGS, strict=True
    ):
        check_row(
            row,
            DerivativeHolding,
            security_title=title,
            # conversion price, exercise and expiration dates: <footnoteId id="F1"/> only
            conversion_price=None,
            exercise_date=None,
            expiration_date=None,
            underlying_title="Common Stock",
            underlying_shares=Decimal(shares),
            shares_owned_after=None,  # no postTransactionAmounts in these rows
            direct_indirect="I",
            nature=nature,
            footnotes={
                "conversion_price": ("F1",),
                "exercise_date": ("F1",),
                "expiration_date": ("F1",),
                "nature": ("F2", "F3"),
            },
        )
    assert filing.referenced_footnote_ids == ("F2", "F3", "F1")

    check_footnote_starts(
        filing,
        F1="The Series A Preferred Stock, Series B Preferred Stock, Series C Preferred Stock, "
        "Series D-1 Preferred Stock and Series E Preferred Stock are convertible into shares of "
        "common stock on a 1:1 basis",
        F2="The Reporting Person is a director and stockholder of SC US (TTGP), Ltd.",
        F3="(Continued from Footnote 2) SC XII Management, LLC is a general partner",
    )
    check_signatures(
        filing, ("/s/ Jung Yeon Son, Attorney-in-fact for Roelof Botha", date(2020, 9, 17))
    )


# -- (4) Form 5: five gifts reported on the annual form ----------------------------------------

# (transaction date, shares given, shares held after), document order.
MUSK_GIFTS = [
    (date(2021, 11, 19), "2234000", "175418251"),
    (date(2021, 11, 22), "1560000", "173858251"),
    (date(2021, 11, 23), "500000", "173358251"),
    (date(2021, 11, 24), "500000", "172858251"),
    (date(2021, 11, 29), "250000", "172608251"),
]


def test_musk_form5_gifts() -> None:
    filing = read(MUSK_FORM5_XML)

    check_filing(
        filing,
        document_type="5",
        period_of_report=date(2021, 12, 31),
        not_subject_to_section16=False,
        form3_holdings_reported=False,  # <form3HoldingsReported>0</form3HoldingsReported>
        form4_transactions_reported=False,  # <form4TransactionsReported>0</...>
        schema_version="X0306",
    )
    check_issuer(filing, "0001318605", "Tesla, Inc.", "TSLA")
    assert filing.owners == (
        ReportingOwner(
            cik="0001494730",
            name="Musk Elon",
            address=Address(
                street1="C/O TESLA, INC.",
                street2="13101 TESLA ROAD",
                city="AUSTIN",
                state="TX",
                zip_code="78725",
            ),
            is_director=True,
            is_officer=True,
            is_ten_percent_owner=True,
            is_other=False,
            officer_title="CEO",
        ),
    )
    assert filing.owners[0].relationships == ("Director", "Officer", "TenPercentOwner")

    assert filing.derivative == ()
    assert len(filing.non_derivative) == len(MUSK_GIFTS)
    for row, (when, shares, after) in zip(filing.non_derivative, MUSK_GIFTS, strict=True):
        check_row(
            row,
            NonDerivativeTransaction,
            security_title="Common Stock",
            transaction_date=when,
            deemed_execution_date=None,  # <deemedExecutionDate></deemedExecutionDate>
            form_type="5",
            code="G",
            equity_swap=False,
            timeliness=None,  # <transactionTimeliness><value></value></...>
            shares=Decimal(shares),
            price=Decimal("0.00"),
            acquired_disposed="D",
            shares_owned_after=Decimal(after),
            direct_indirect="I",
            nature="By Trust",
            footnotes={"coding": ("F1",)},
        )
        assert row.signed_shares == -Decimal(shares)
    # Each gift leaves the balance lower by exactly the gift: 175418251 - 1560000 = 173858251...
    rows = filing.non_derivative
    for before, after_row in itertools.pairwise(rows):
        assert before.shares_owned_after + after_row.signed_shares == after_row.shares_owned_after
    # First gift: 2234000 * 0.00 = 0.00; disposed, so -2234000.
    first = filing.non_derivative_transactions[0]
    assert first.value == Decimal("0")
    assert first.signed_shares == Decimal("-2234000")
    assert first.is_open_market_sale is False  # code G

    check_footnote_starts(
        filing,
        F1="Represents a bona fide gift of the Issuer's common stock by the Reporting Person "
        "to charity",
    )
    check_signatures(
        filing, ("By: Aaron Beckman by Power of Attorney For: Elon Musk", date(2022, 2, 14))
    )


# -- (5) Form 4/A: an amendment, read as XML and as the EDGAR submission ------------------------

LAM_F1 = (
    "On November 04, 2024, the reporting person transferred 3,690 shares of LRCX common stock "
    "to the Sohail Family Trust for no consideration. The reporting person is trustee\n"
    "of the trust, and the reporting person and members of her immediate family are the sole "
    "beneficiaries of the trust. The reporting person remains the beneficial owner of the\n"
    "securities held by the trust."
)


def _check_lam_4a(filing: Filing) -> None:
    check_filing(
        filing,
        document_type="4/A",
        period_of_report=date(2024, 11, 4),
        date_of_original_submission=date(2024, 11, 4),
        not_subject_to_section16=False,
        aff10b5one=False,
        remarks="Adjusted to reflect a ten-for-one forward split of the Issuer's common stock "
        "effective after market close on October 2, 2024.",
        schema_version="X0508",
    )
    assert filing.form == "4"
    assert filing.is_amendment is True
    check_issuer(filing, "0000707549", "LAM RESEARCH CORP", "LRCX")
    assert filing.owners == (
        ReportingOwner(
            cik="0001779037",
            name="Ahmed Sohail U",
            address=Address(
                street1="C/O LAM RESEARCH CORPORATION",
                street2="4650 CUSHING PARKWAY",
                city="FREMONT",
                state="CA",
                zip_code="94538",
            ),
            is_director=True,
            is_officer=False,
            is_ten_percent_owner=False,
            is_other=False,
        ),
    )

    assert filing.derivative == ()
    assert len(filing.non_derivative) == 2
    gift_out, gift_in = filing.non_derivative
    check_row(
        gift_out,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2024, 11, 4),
        form_type="4",
        code="G",
        equity_swap=False,
        shares=Decimal("3690"),
        price=Decimal("0"),
        acquired_disposed="D",
        shares_owned_after=Decimal("0"),
        direct_indirect="D",
        footnotes={"direct_indirect": ("F1",)},
    )
    check_row(
        gift_in,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2024, 11, 4),
        form_type="4",
        code="G",
        equity_swap=False,
        shares=Decimal("3690"),
        price=Decimal("0"),
        acquired_disposed="A",
        shares_owned_after=Decimal("30630"),
        direct_indirect="I",
        nature="by trust",
        footnotes={"direct_indirect": ("F1",)},
    )
    # The two rows cancel out: -3690 + 3690 = 0.
    assert gift_out.signed_shares + gift_in.signed_shares == Decimal("0")
    assert gift_in.is_open_market_purchase is False  # code G, though acquired

    check_footnote_starts(filing, F1="On November 04, 2024, the reporting person transferred")
    assert filing.footnotes["F1"] == LAM_F1  # line breaks inside the text are the filer's
    check_signatures(filing, ("Marta Woods by Power of Attorney", date(2024, 12, 10)))


def test_lam_4a_amendment_xml() -> None:
    filing = read(LAM_4A_XML)
    _check_lam_4a(filing)
    assert filing.header is None
    assert filing.source.format == "xml"


def test_lam_4a_amendment_submission() -> None:
    filing = read(LAM_4A_TXT)
    _check_lam_4a(filing)
    assert filing == read(LAM_4A_XML)  # header and source take no part in equality

    header = filing.header
    assert header is not None
    assert header.accession_number == "0000707549-25-000004"
    assert header.submission_type == "4/A"
    _check_value("header.period", header.period, date(2024, 11, 4))
    _check_value("header.filed", header.filed, date(2025, 1, 21))
    assert header.accepted == datetime(2025, 1, 21, 13, 23, 57)  # 20250121132357
    assert header.issuer is not None
    assert (header.issuer.name, header.issuer.cik) == ("LAM RESEARCH CORP", "0000707549")
    assert header.issuer.fiscal_year_end == "0629"
    assert [(o.name, o.cik, o.form_type) for o in header.owners] == [
        ("Ahmed Sohail U", "0001779037", "4/A")
    ]


# -- (6) An old X0202 document (2006): F withholding, bonus units, four option holdings ---------

# (exercise price, footnote on the exercise date, expiration, shares), document order.
CSK_OPTION_HOLDINGS = [
    ("9.87", "F5", date(2009, 4, 5), "660"),
    ("19.58", "F6", date(2011, 2, 2), "5089"),
    ("13.32", "F7", date(2011, 10, 18), "12000"),
    ("16.35", "F8", date(2012, 6, 28), "7727"),
]


def test_csk_auto_x0202_2006() -> None:
    filing = read(CSK_X0202_XML)

    check_filing(
        filing,
        document_type="4",
        period_of_report=date(2006, 10, 17),
        not_subject_to_section16=False,
        remarks="Executed pursuant to the Limited Power of Attorney for Section 16 Reporting "
        "Obligations dated October 13, 2005.",
        schema_version="X0202",
    )
    check_issuer(filing, "0001051848", "CSK AUTO CORP", "CAO")
    assert filing.owners == (
        ReportingOwner(
            cik="0001335926",
            name="Morrison Randi V",
            address=Address(
                street1="C/O CSK AUTO CORPORATION",
                street2="645 EAST MISSOURI AVE.",
                city="PHOENIX",
                state="AZ",
                zip_code="85012",
            ),
            is_director=False,
            is_officer=True,
            is_ten_percent_owner=False,
            is_other=False,
            officer_title="VP, General Counsel, Secretary",
        ),
    )

    assert len(filing.non_derivative) == 1
    (withholding,) = filing.non_derivative
    check_row(
        withholding,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2006, 10, 18),
        form_type="4",
        code="F",
        equity_swap=False,
        shares=Decimal("167"),
        price=Decimal("15.53"),
        acquired_disposed="D",
        shares_owned_after=Decimal("4448"),
        direct_indirect="D",
        footnotes={"coding": ("F1",), "shares_owned_after": ("F2",)},
    )
    # 167 * 15.53 = 1553 + 1040.51 = 2593.51
    assert withholding.value == Decimal("2593.51")
    assert withholding.signed_shares == Decimal("-167")
    assert withholding.is_open_market_sale is False  # F, not S

    assert len(filing.derivative) == 1 + len(CSK_OPTION_HOLDINGS)
    grant, *options = filing.derivative
    check_row(
        grant,
        DerivativeTransaction,
        security_title="Incentive Bonus Unit",
        conversion_price=Decimal("20.00"),
        transaction_date=date(2006, 10, 17),
        form_type="4",
        code="A",
        equity_swap=False,
        shares=Decimal("125000"),
        price=Decimal("0.00"),
        acquired_disposed="A",
        exercise_date=None,  # footnote F3 only
        expiration_date=None,  # footnote F3 only
        underlying_title="Incentive Bonus Unit",
        underlying_shares=Decimal("125000"),
        shares_owned_after=Decimal("125000"),
        direct_indirect="D",
        footnotes={"price": ("F4",), "exercise_date": ("F3",), "expiration_date": ("F3",)},
    )
    for row, (strike, note, expires, shares) in zip(options, CSK_OPTION_HOLDINGS, strict=True):
        check_row(
            row,
            DerivativeHolding,
            security_title="Non-Qualified Stock Option (right to buy)",
            conversion_price=Decimal(strike),
            exercise_date=None,
            expiration_date=expires,
            underlying_title="Common Stock",
            underlying_shares=Decimal(shares),
            shares_owned_after=Decimal(shares),
            direct_indirect="D",
            footnotes={"exercise_date": (note,)},
        )

    check_footnote_starts(
        filing,
        # &quot; in the file is a double quote
        F1='Represents shares of restricted stock granted October 18, 2004 (the "Grant Date") '
        "surrendered to the Company",
        F2="Includes 1,387 shares of Restricted Common Stock, which is subject to vesting.",
        F3="The reported incentive bonus units will become vested with respect to 25%",
        F4="$0.00 is used for technical reasons as there is no price for this derivative",
        F5="This option grant is fully vested.",
        F6="On January 29, 2006, the Company accelerated the vesting of all stock options with "
        'an exercise price greater than $15.90 per share (i.e., all "underwater" options',
        F7="This option grant becomes vested and exercisable at the rate of one-third on "
        "10/18/2005",
        F8="On January 29, 2006, the Company accelerated the vesting",
    )
    assert filing.footnotes["F5"] == "This option grant is fully vested."
    assert filing.footnotes["F8"].endswith(
        "the remaining 1/3 of the original grant on or after 6/28/08."
    )
    # The signature name runs over four lines in the file; only the outer white space goes.
    check_signatures(
        filing,
        ("Randi V. Morrison\n\nBy: /s/ James R. Todd\nAttorney in Fact", date(2006, 10, 19)),
    )


# -- (7) X0609 (2026): foreign trading symbol and non-US address flag --------------------------


def test_microvision_x0609_2026() -> None:
    filing = read(MICROVISION_X0609_XML)

    check_filing(
        filing,
        document_type="4",
        period_of_report=date(2026, 6, 8),
        not_subject_to_section16=False,
        aff10b5one=False,
        schema_version="X0609",
    )
    # <issuerForeignTradingSymbol></issuerForeignTradingSymbol>: None
    check_issuer(filing, "0000065770", "MICROVISION, INC.", "MVIS")
    (owner,) = filing.owners
    assert owner.address is not None
    assert owner.address.non_us is False  # <rptOwnerNonUSAddressFlag>false</...>
    assert owner.address.non_us_state_territory is None
    assert owner.address.country is None
    assert owner.other_text is None  # <otherText></otherText>
    assert owner == ReportingOwner(
        cik="0001865433",
        name="Markham Drew G",
        address=Address(
            non_us=False,
            street1="18390 NE 68TH STREET",
            city="REDMOND",
            state="WA",
            zip_code="98052",
        ),
        is_director=False,
        is_officer=True,
        is_ten_percent_owner=False,
        is_other=False,
        officer_title="GC",
    )

    assert len(filing.non_derivative) == 3
    vest_1, vest_2, tax = filing.non_derivative
    common = {
        "security_title": "Common Stock",
        "deemed_execution_date": None,  # <deemedExecutionDate></deemedExecutionDate>
        "timeliness": None,  # <transactionTimeliness></transactionTimeliness>
        "form_type": "4",
        "equity_swap": False,
        "direct_indirect": "D",
    }
    check_row(
        vest_1,
        NonDerivativeTransaction,
        **common,
        transaction_date=date(2026, 6, 8),
        code="M",
        shares=Decimal("150000"),
        price=Decimal("0.00"),
        acquired_disposed="A",
        shares_owned_after=Decimal("622308"),
        footnotes={"security_title": ("F1",)},
    )
    check_row(
        vest_2,
        NonDerivativeTransaction,
        **common,
        transaction_date=date(2026, 6, 8),
        code="M",
        shares=Decimal("118800"),
        price=Decimal("0.00"),
        acquired_disposed="A",
        shares_owned_after=Decimal("741108"),
        footnotes={"security_title": ("F1",)},
    )
    check_row(
        tax,
        NonDerivativeTransaction,
        **common,
        transaction_date=date(2026, 6, 10),
        code="F",
        shares=Decimal("77905"),
        price=Decimal("0.3621"),
        acquired_disposed="D",
        shares_owned_after=Decimal("663203"),
        footnotes={"security_title": ("F2",), "price": ("F3",)},
    )
    # 77905 * 0.3621 = 77905 * 0.36 + 77905 * 0.0021 = 28045.8 + 163.6005 = 28209.4005
    assert tax.value == Decimal("28209.4005")
    assert isinstance(tax.value, Decimal)
    assert tax.signed_shares == Decimal("-77905")
    # 622308 + 118800 = 741108; 741108 - 77905 = 663203
    assert vest_1.shares_owned_after + vest_2.signed_shares == vest_2.shares_owned_after
    assert vest_2.shares_owned_after + tax.signed_shares == tax.shares_owned_after

    assert len(filing.derivative) == 3
    grant, settle_1, settle_2 = filing.derivative
    rsu = {
        "security_title": "Restricted Stock Units",
        "conversion_price": Decimal("0.00"),
        "transaction_date": date(2026, 6, 8),
        "deemed_execution_date": None,
        "timeliness": None,
        "form_type": "4",
        "equity_swap": False,
        "price": Decimal("0.00"),
        "exercise_date": date(2026, 6, 8),
        "expiration_date": date(2026, 6, 8),
        "underlying_title": "Common stock",
        "direct_indirect": "D",
    }
    check_row(
        grant,
        DerivativeTransaction,
        **rsu,
        code="A",
        shares=Decimal("150000"),
        acquired_disposed="A",
        underlying_shares=Decimal("150000"),
        shares_owned_after=Decimal("150000"),
        footnotes={"conversion_price": ("F4",), "exercise_date": ("F5",)},
    )
    check_row(
        settle_1,
        DerivativeTransaction,
        **rsu,
        code="M",
        shares=Decimal("150000"),
        acquired_disposed="D",
        underlying_shares=Decimal("0"),
        shares_owned_after=Decimal("0"),
        footnotes={"conversion_price": ("F6",), "exercise_date": ("F5",)},
    )
    check_row(
        settle_2,
        DerivativeTransaction,
        **rsu,
        code="M",
        shares=Decimal("118800"),
        acquired_disposed="D",
        underlying_shares=Decimal("0"),
        shares_owned_after=Decimal("0"),
        footnotes={"conversion_price": ("F6",), "exercise_date": ("F7",)},
    )
    assert grant.is_acquisition is True
    assert settle_2.signed_shares == Decimal("-118800")

    check_footnote_starts(
        filing,
        F1="Vested restricted stock units, or RSUs, were distributed to the Reporting Person",
        F2="Represents a withholding tax-related nondiscretionary sell-to-cover transaction",
        F3="The price reported in column 4 is a weighted average price. These shares were sold "
        "by the Issuer in multiple transactions at prices ranging from $0.3509 to $0.3779, "
        "inclusive.",
        F4="Each RSU represents a contingent right to receive one share of MicroVision common",
        F5="RSUs vested on June 8, 2026, on the one-year anniversary of grant",
        F6="At vesting, converts into shares of common stock on a unit-for-share basis.",
        F7="On June 6, 2025, the Issuer's Compensation Committee approved a grant of RSUs",
    )
    assert filing.remarks is None
    check_signatures(filing, ("/s/ Drew G. Markham", date(2026, 6, 10)))


# -- (8) Four reporting owners, four signatures; conversion of preferred plus an IPO purchase ---

MITHRIL_ADDRESS = Address(
    street1="C/O MITHRIL CAPITAL MANAGEMENT LLC",
    street2="600 CONGRESS AVENUE SUITE 3100",
    city="AUSTIN",
    state="TX",
    zip_code="78701",
)

# (security title, preferred shares converted, common shares underlying), document order.
MITHRIL_CONVERSIONS = [
    ("Series A Preferred Stock", "1250000", "6250000"),
    ("Series B Preferred Stock", "176304", "881520"),
    ("Series C Preferred Stock", "422612", "2113060"),
]


def test_mithril_multi_owner_conversion_and_purchase() -> None:
    filing = read(MITHRIL_MULTI_OWNER_XML)

    check_filing(
        filing,
        document_type="4",
        period_of_report=date(2021, 8, 10),
        not_subject_to_section16=False,
        schema_version="X0306",
    )
    check_issuer(filing, "0001832038", "Adagio Therapeutics, Inc.", "ADGI")
    assert [(o.cik, o.name) for o in filing.owners] == [
        ("0001669609", "MITHRIL II LP"),
        ("0001878232", "Mithril II GP LP"),
        ("0001878230", "Mithril II UGP LLC"),
        ("0001211060", "THIEL PETER"),
    ]
    for owner in filing.owners:
        assert owner == ReportingOwner(
            cik=owner.cik,
            name=owner.name,
            address=MITHRIL_ADDRESS,
            is_director=False,
            is_officer=False,
            is_ten_percent_owner=True,
            is_other=False,
        )
        assert owner.relationships == ("TenPercentOwner",)

    assert len(filing.non_derivative) == 2
    conversion, purchase = filing.non_derivative
    check_row(
        conversion,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2021, 8, 10),
        form_type="4",
        code="C",
        equity_swap=False,
        shares=Decimal("9244580"),
        price=None,  # <transactionPricePerShare><footnoteId id="F1"/></...>
        acquired_disposed="A",
        shares_owned_after=Decimal("9244580"),
        direct_indirect="D",
        footnotes={"price": ("F1",), "direct_indirect": ("F2",)},
    )
    check_row(
        purchase,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2021, 8, 10),
        form_type="4",
        code="P",
        equity_swap=False,
        shares=Decimal("1997000"),
        price=Decimal("17.00"),
        acquired_disposed="A",
        shares_owned_after=Decimal("11241580"),
        direct_indirect="D",
        footnotes={"direct_indirect": ("F2",)},
    )
    # 1997000 * 17.00 = 33949000.00
    assert purchase.is_open_market_purchase is True
    assert purchase.value == Decimal("33949000")
    assert purchase.signed_shares == Decimal("1997000")
    assert conversion.value is None  # no price
    assert conversion.is_open_market_purchase is False
    # 9244580 + 1997000 = 11241580
    assert conversion.shares_owned_after + purchase.signed_shares == purchase.shares_owned_after
    assert filing.open_market_purchases == (purchase,)

    assert len(filing.derivative) == len(MITHRIL_CONVERSIONS)
    for row, (title, shares, underlying) in zip(
        filing.derivative, MITHRIL_CONVERSIONS, strict=True
    ):
        check_row(
            row,
            DerivativeTransaction,
            security_title=title,
            conversion_price=None,  # footnote F1 only
            transaction_date=date(2021, 8, 10),
            form_type="4",
            code="C",
            equity_swap=False,
            shares=Decimal(shares),
            price=Decimal("0.00"),
            acquired_disposed="D",
            exercise_date=None,
            expiration_date=None,
            underlying_title="Common Stock",
            underlying_shares=Decimal(underlying),
            shares_owned_after=Decimal("0"),
            direct_indirect="D",
            footnotes={
                "conversion_price": ("F1",),
                "exercise_date": ("F1",),
                "expiration_date": ("F1",),
                "direct_indirect": ("F2",),
            },
        )
        assert row.signed_shares == -Decimal(shares)
    # 6250000 + 881520 + 2113060 = 9244580 common shares from the conversions
    assert sum(r.underlying_shares for r in filing.derivative) == conversion.shares

    check_footnote_starts(
        filing,
        F1="Each share of Series A Preferred Stock, Series B Preferred Stock, and Series C "
        "Preferred Stock automatically converted",
        F2='These shares are held of record by Mithril II LP ("II LP").',
    )
    check_signatures(
        filing,
        (
            "/s/ Ajay Royan, Managing Member, Mithril II UGP LLC, General Partner of Mithril II "
            "GP LP, the General Partner of Mithril II LP",
            date(2021, 8, 12),
        ),
        (
            "/s/ Ajay Royan, Managing Member, Mithril II UGP LLC, General Partner of Mithril II "
            "GP LP",
            date(2021, 8, 12),
        ),
        ("/s/ Ajay Royan, Managing Member, Mithril II UGP LLC", date(2021, 8, 12)),
        ("/s/ Peter Thiel", date(2021, 8, 12)),
    )


# -- (9) A 2006 submission whose footnote line EDGAR broke at 1,024 characters -----------------

# Line 252 of the file is 1,023 characters and ends in "</fo"; line 253 is "otnote>".
SUN_F1 = (
    "Each phantom share represents the value of a share of the Registrant's common stock.  "
    "The grant vests in three equal installments of 809.71655 phantom shares, the first on "
    "October 15, 2005, the second on October 15, 2006, and the third on October 15, 2007.  "
    "On each of such dates, so long as Mr. Robson is then employed by the Registrant or one of "
    "its subsidiaries, the Registrant will pay to Mr. Robson an amount equal to the closing bid "
    "price for a share of the Registrant's common stock on such date multiplied by the number "
    "of phantom shares vesting on such date, converted at the then current exchange rate into "
    "the currency in which Mr. Robson is paid (British pounds), less any required tax "
    "withholding.  The vested phantom shares will be cancelled upon such payment.  There are no "
    "specific performance goals or business criteria that must be met for Mr. Robson to "
    "receive such payment.  All unvested performance shares will be cancelled upon the "
    "termination of Mr. Robson's employment."
)


def test_sun_hydraulics_broken_footnote_line() -> None:
    # The expected text is my transcription of line 252; make sure it is the file's text.
    raw = SUN_BROKEN_LINE_TXT.read_text(encoding="latin-1")
    assert '<footnote id="F1">' + SUN_F1 + "</fo\notnote>" in raw

    filing = read(SUN_BROKEN_LINE_TXT)

    assert filing.footnotes["F1"] == SUN_F1
    assert "\n" not in filing.footnotes["F1"]
    assert "</fo" not in filing.footnotes["F1"]
    joined = [w for w in filing.source.warnings if "joined" in w.message]
    assert len(joined) == 1, filing.source.warnings

    header = filing.header
    assert header is not None
    assert filing.source.format == "submission"
    assert header.accession_number == "0001225259-06-000003"
    assert header.submission_type == "4"
    _check_value("header.period", header.period, date(2006, 10, 15))
    _check_value("header.filed", header.filed, date(2006, 10, 18))
    assert header.accepted == datetime(2006, 10, 18, 15, 24, 46)  # 20061018152446
    assert header.issuer is not None
    assert (header.issuer.name, header.issuer.cik) == ("SUN HYDRAULICS CORP", "0001024795")
    assert [(o.name, o.cik, o.film_number) for o in header.owners] == [
        ("ROBSON PETER G", "0001225259", "061150815")
    ]

    check_filing(
        filing,
        document_type="4",
        period_of_report=date(2006, 10, 15),
        not_subject_to_section16=False,
        schema_version="X0202",
    )
    check_issuer(filing, "0001024795", "SUN HYDRAULICS CORP", "SNHY")
    assert filing.owners == (
        ReportingOwner(
            cik="0001225259",
            name="ROBSON PETER G",
            address=Address(
                street1="1500 W UNIVERSITY PARKWAY",
                city="SARASOTA",
                state="FL",
                zip_code="34243",
            ),
            is_director=False,
            is_officer=True,
            is_ten_percent_owner=False,
            is_other=False,
            officer_title="GENERAL MGR, SUN HYD LTD (UK)",
        ),
    )

    assert len(filing.non_derivative) == 2
    acquired, disposed = filing.non_derivative
    check_row(
        acquired,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2006, 10, 15),
        form_type="4",
        code="M",
        equity_swap=False,
        shares=Decimal("809.7166"),
        price=Decimal("21"),
        acquired_disposed="A",
        shares_owned_after=Decimal("809.7166"),
        direct_indirect="D",
    )
    check_row(
        disposed,
        NonDerivativeTransaction,
        security_title="Common Stock",
        transaction_date=date(2006, 10, 15),
        form_type="4",
        code="D",
        equity_swap=False,
        shares=Decimal("809.7166"),
        price=Decimal("21"),
        acquired_disposed="D",
        shares_owned_after=Decimal("0"),
        direct_indirect="D",
    )
    # 809.7166 * 21 = 16194.332 + 809.7166 = 17004.0486
    assert acquired.value == Decimal("17004.0486")
    assert disposed.signed_shares == Decimal("-809.7166")

    (phantom,) = filing.derivative
    check_row(
        phantom,
        DerivativeTransaction,
        security_title="Phantom Shares",
        conversion_price=Decimal("0"),
        transaction_date=date(2006, 10, 15),
        form_type="4",
        code="M",
        equity_swap=False,
        shares=Decimal("809.7166"),
        price=None,  # footnote F1 only
        acquired_disposed="D",
        exercise_date=None,
        expiration_date=None,
        underlying_title="Common Stock",
        underlying_shares=Decimal("809.7166"),
        shares_owned_after=Decimal("809.7165"),
        direct_indirect="D",
        footnotes={
            "security_title": ("F1",),
            "conversion_price": ("F1",),
            "price": ("F1",),
            "exercise_date": ("F1",),
            "expiration_date": ("F1",),
        },
    )
    assert phantom.value is None

    assert list(filing.footnotes) == ["F1"]
    assert filing.remarks is None
    check_signatures(
        filing, ("Paul R. Lynch, as Attorney-in-Fact for PETER G. ROBSON", date(2006, 10, 18))
    )
