"""Reading the SEC's HTML renderings of Forms 3, 4 and 5: the pages with XML twins read to the
twin on every field the page shows, hand-checked values, broken pages, and the round trip through
our own HTML rendering for every filing in tests/data."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import form4
from form4 import InvalidFilingError, ReadError, UnrecognizedFormatError
from form4.model import (
    DerivativeTransaction,
    Filing,
    NonDerivativeHolding,
    NonDerivativeTransaction,
    Row,
)
from form4.read.html import is_form_html, read_html

from .conftest import DATA, data_files

HTML = DATA / "html"
WATER = HTML / "edgartools_374WaterForm4.html"
SNOW = HTML / "edgartools_form5.snow.html"
EVANS = HTML / "edgartools_form4.Evans.html"
TWINS = [
    (WATER, DATA / "xml" / "edgartools_374WaterForm4.xml"),
    (SNOW, DATA / "xml" / "edgartools_form5.snow.xml"),
]


# -- comparing what a page shows -----------------------------------------------------------------
def _norm(text: str | None) -> str | None:
    """Text as a page shows it: white space collapsed, an empty text the same as none."""
    if text is None:
        return None
    return " ".join(text.split()) or None


# A page shows an amount once, whether the filing gives shares or a value; and in Table II the
# (A)/(D) cell holds the amount with the direction's footnotes.
_SAME_CELL = {
    "total_value": "shares",
    "value_owned_after": "shares_owned_after",
    "underlying_value": "underlying_shares",
}


def _amount(row: Row, shares: str, value: str) -> Decimal | None:
    found: Decimal | None = getattr(row, shares, None)
    return found if found is not None else getattr(row, value, None)


def _row_notes(row: Row) -> dict[str, tuple[str, ...]]:
    notes: dict[str, set[str]] = {}
    for key, ids in row.footnotes.items():
        key = _SAME_CELL.get(key, key)
        if isinstance(row, DerivativeTransaction) and key == "acquired_disposed":
            key = "shares"
        notes.setdefault(key, set()).update(ids)
    return {key: tuple(sorted(ids)) for key, ids in notes.items() if ids}


def _row_view(row: Row, form: str) -> dict[str, Any]:
    """Every value of a row that the page shows, in the page's terms."""
    view: dict[str, Any] = {
        "kind": type(row).__name__,
        "title": _norm(row.security_title),
        "owned_after": _amount(row, "shares_owned_after", "value_owned_after"),
        "direct_indirect": row.direct_indirect,
        "nature": _norm(row.nature),
        "footnotes": _row_notes(row),
    }
    for name in ("conversion_price", "exercise_date", "expiration_date"):
        view[name] = getattr(row, name, None)
    view["underlying_title"] = _norm(getattr(row, "underlying_title", None))
    view["underlying_amount"] = _amount(row, "underlying_shares", "underlying_value")
    if isinstance(row, NonDerivativeTransaction | DerivativeTransaction):
        view |= {
            "date": row.transaction_date,
            "deemed": row.deemed_execution_date,
            "code": row.code,
            "swap": bool(row.equity_swap),
            "amount": _amount(row, "shares", "total_value"),
            "acquired_disposed": row.acquired_disposed,
            "price": row.price,
        }
        if form == "4":  # only Form 4 has the V column that shows the form type
            view["form_type"] = row.form_type
    return view


def _filing_view(f: Filing, *, ciks: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        "document_type": f.document_type,
        "period": f.period_of_report,
        "original": f.date_of_original_submission,
        "issuer": (_norm(f.issuer.name), _norm(f.issuer.trading_symbol)),
        "section16": bool(f.not_subject_to_section16),
        "10b5-1": bool(f.aff10b5one),
        "footnotes": {fid: _norm(text) for fid, text in f.footnotes.items()},
        "remarks": _norm(f.remarks),
        "signatures": [(_norm(s.name), s.date) for s in f.signatures],
        "table1": [_row_view(r, f.form) for r in f.non_derivative],
        "table2": [_row_view(r, f.form) for r in f.derivative],
    }
    if f.form == "5":
        view["form3"] = bool(f.form3_holdings_reported)
        view["form4"] = bool(f.form4_transactions_reported)
    if ciks:
        view["issuer_cik"] = f.issuer.cik
    for index, owner in enumerate(f.owners):
        address = owner.address
        view[f"owner {index + 1}"] = {
            "name": _norm(owner.name),
            "address": tuple(
                _norm(getattr(address, part, None))
                for part in ("street1", "street2", "city", "state", "zip_code")
            ),
            "cik": owner.cik if ciks else None,
        }
    view["owners"] = len(f.owners)
    return view


def _relationships(f: Filing) -> list[tuple[bool, bool, bool, bool, str | None, str | None]]:
    return [
        (
            bool(o.is_director),
            bool(o.is_officer),
            bool(o.is_ten_percent_owner),
            bool(o.is_other),
            _norm(o.officer_title),
            _norm(o.other_text),
        )
        for o in f.owners
    ]


def shown_differences(expected: Filing, read: Filing) -> list[str]:
    """How a filing read from a page differs from the filing, on every field the page shows.

    CIKs count only when the page shows them; an owner's relationship only when the page shows
    it for that owner (the SEC page shows box 5 for the first owner alone).
    """
    ciks = read.issuer.cik is not None
    a, b = _filing_view(expected, ciks=ciks), _filing_view(read, ciks=ciks)
    out = [f"{key}: {a.get(key)!r} != {b.get(key)!r}" for key in a | b if a.get(key) != b.get(key)]
    shown = [
        i
        for i, o in enumerate(read.owners)
        if (o.is_director, o.is_officer, o.is_ten_percent_owner, o.is_other) != (None,) * 4
    ]
    mine, theirs = _relationships(expected), _relationships(read)
    for i in shown:
        if i < len(mine) and mine[i] != theirs[i]:
            out.append(f"owner {i + 1} relationship: {mine[i]} != {theirs[i]}")
    return out


def shown_fields_equal(a: Filing, b: Filing) -> bool:
    """Whether ``b`` (read from a page) says what ``a`` says, on every field the page shows."""
    return not shown_differences(a, b)


# -- the SEC's own pages ---------------------------------------------------------------------------
@pytest.mark.parametrize("page, twin", TWINS, ids=[p.name for p, _ in TWINS])
def test_sec_page_reads_like_its_xml_twin(page: Path, twin: Path) -> None:
    read = form4.read(page)
    expected = form4.read(twin)
    assert read.source.format == "sec-html"
    assert read.source.warnings == ()
    assert shown_differences(expected, read) == []
    assert read.issuer.cik == expected.issuer.cik  # shown in the CIK= links
    assert [o.cik for o in read.owners] == [o.cik for o in expected.owners]


def test_evans_page_hand_checked() -> None:
    f = form4.read(EVANS)
    assert f.source.warnings == ()
    assert f.document_type == "4"
    assert f.period_of_report == date(2023, 1, 24)
    assert f.date_of_original_submission is None
    assert (f.issuer.cik, f.issuer.name, f.issuer.trading_symbol) == (
        "0000842518",
        "EVANS BANCORP INC",
        "EVBN",
    )
    assert f.not_subject_to_section16 is False
    assert f.aff10b5one is None  # a page of January 2023 has no Rule 10b5-1 box
    (owner,) = f.owners
    assert (owner.cik, owner.name) == ("0001057067", "SULLIVAN NORA B")
    assert owner.address is not None
    assert (owner.address.street1, owner.address.street2) == ("6460 MAIN STREET", None)
    assert (owner.address.city, owner.address.state, owner.address.zip_code) == (
        "WILLIAMSVILLE",
        "NY",
        "14221",
    )
    assert owner.relationships == ("Director",)
    assert (owner.officer_title, owner.other_text) == (None, None)
    assert f.derivative == ()
    (row,) = f.non_derivative
    assert row == NonDerivativeTransaction(
        security_title="Common Stock",
        transaction_date=date(2023, 1, 24),
        form_type="4",
        code="A",
        equity_swap=False,
        shares=Decimal("519"),
        acquired_disposed="A",
        price=Decimal("39.52"),
        shares_owned_after=Decimal("5381.2"),
        direct_indirect="D",
        footnotes={"shares": ("F1",)},
    )
    assert list(f.footnotes) == ["F1"]
    assert f.footnotes["F1"].startswith("The Restricted Stock shall be vested")
    assert f.footnotes["F1"].endswith("on the first anniversary of the date of the award.")
    assert f.remarks is None
    assert [(s.name, s.date) for s in f.signatures] == [
        ("/s/Jessica L. Brosius, Attorney in Fact for Nora B. Sullivan", date(2023, 1, 26))
    ]


def test_water_page_footnote_only_exercise_date_and_amount_under_a() -> None:
    (row,) = form4.read(WATER).derivative
    assert isinstance(row, DerivativeTransaction)
    assert row.exercise_date is None and row.footnotes_of("exercise_date") == ("F1",)
    assert (row.shares, row.acquired_disposed) == (Decimal("757576"), "A")
    assert row.conversion_price == Decimal("0.33") and row.price == Decimal("0")


def test_form5_page_has_no_v_column_so_no_form_type() -> None:
    f = form4.read(SNOW)
    row = f.non_derivative[0]
    assert isinstance(row, NonDerivativeTransaction)
    assert (row.code, row.form_type, row.footnotes_of("coding")) == ("G", None, ("F1",))
    assert isinstance(f.non_derivative[1], NonDerivativeHolding)
    assert (f.form3_holdings_reported, f.form4_transactions_reported) == (False, False)


def test_is_form_html() -> None:
    for page in (WATER, SNOW, EVANS):
        assert is_form_html(page.read_bytes())
    assert not is_form_html(b"<html><body>FORM 4 is due soon</body></html>")


# -- variations of a real page ---------------------------------------------------------------------
def _water(old: str, new: str, count: int = 1) -> bytes:
    text = WATER.read_text()
    assert text.count(old) >= count, old
    return text.replace(old, new, count).encode()


def test_swap_code_and_v_column() -> None:
    data = _water(
        '<td align="center"><span class="SmallFormData">A</span></td>\n<td align="center"></td>',
        '<td align="center"><span class="SmallFormData">S(K)</span></td>\n'
        '<td align="center"><span class="SmallFormData">V</span></td>',
    )
    row = form4.read(data).non_derivative[0]
    assert isinstance(row, NonDerivativeTransaction)
    assert (row.code, row.equity_swap, row.form_type, row.timeliness) == ("S", True, "5", None)


def test_checked_boxes_and_amendment() -> None:
    data = re.sub(rb'(cellspacing="0"><tr><td>)[^<]*(</td>)', rb"\1X\2", WATER.read_bytes())
    data = data.replace(
        b"(Month/Day/Year)</span><br>\n</td>", b"(Month/Day/Year)</span><br>05/01/2025</td>"
    )
    f = form4.read(data)
    assert (f.not_subject_to_section16, f.aff10b5one) == (True, True)
    assert (f.document_type, f.date_of_original_submission) == ("4/A", date(2025, 5, 1))


def test_missing_footnote_is_a_warning_naming_the_place() -> None:
    data = re.sub(
        rb'<tr><td class="FootnoteData">1\. .*?</td></tr>', b"", WATER.read_bytes(), flags=re.S
    )
    f = form4.read(data)
    assert f.footnotes == {}
    assert f.non_derivative[0].footnotes_of("shares") == ("F1",)
    assert [str(w) for w in f.source.warnings] == [
        "Table I row 1, amount: footnote F1 is referred to but not in the explanation"
    ]


def test_row_with_unexpected_cells_keeps_only_the_title() -> None:
    data = _water('<td align="left"></td>\n</tr></tbody>', "</tr></tbody>")  # Table I: 10 cells
    f = form4.read(data)
    (row,) = f.non_derivative
    assert row == NonDerivativeHolding(security_title="Common Stock (restricted stock units)")
    assert any(w.place == "Table I row 1" and "10 cells" in w.message for w in f.warnings)


def test_missing_table_is_an_error_naming_it() -> None:
    data = re.sub(rb"<b>Table II - .*?</b>", b"", WATER.read_bytes(), flags=re.S)
    with pytest.raises(InvalidFilingError, match="Table II"):
        form4.read(data)


def test_unnumbered_footnote_gets_an_unknown_id() -> None:
    f = form4.read(
        _water('<td class="FootnoteData">1. Vesting', '<td class="FootnoteData">Vesting')
    )
    assert list(f.footnotes) == ["?1"]
    assert any("F1" in w.message for w in f.warnings)


@pytest.mark.parametrize("cut", range(1000, 16758, 997))
def test_truncated_page_is_refused_or_read_without_invented_values(cut: int) -> None:
    data = WATER.read_bytes()[:cut]
    full = form4.read(WATER)
    try:
        f = form4.read(data)
    except ReadError:
        return
    assert f.source.warnings
    for mine, whole in zip(f.rows, full.rows, strict=False):
        for name in type(mine).__dataclass_fields__:
            value = getattr(mine, name)
            if value not in (None, {}):
                assert value == getattr(whole, name), name


def test_truncated_page_is_an_error() -> None:
    with pytest.raises(InvalidFilingError, match="truncated"):
        form4.read(WATER.read_bytes()[:9000])


def test_edgar_error_page_is_unrecognized() -> None:
    page = (
        b"<html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head>"
        b"<body><h1>Your Request Originates from an Undeclared Automated Tool</h1></body></html>"
    )
    with pytest.raises(UnrecognizedFormatError, match="Request Rate Threshold Exceeded"):
        form4.read(page)
    with pytest.raises(UnrecognizedFormatError):
        read_html(page, "page.html")


# -- our own rendering reads back ------------------------------------------------------------------
FILES = data_files()


def test_our_html_rendering_reads_back_to_the_same_filing() -> None:
    from form4.write import render  # written beside this reader

    failures: dict[str, list[str]] = {}
    for path in FILES:
        filing = form4.read(path)
        page = render(filing, "html")
        data = page.encode() if isinstance(page, str) else page
        back = form4.read(data, name=f"{path.name}.html")
        differences = shown_differences(filing, back)
        if differences:
            failures[f"{path.parent.name}/{path.name}"] = differences
    assert failures == {}, f"{len(failures)} of {len(FILES)} differ"
