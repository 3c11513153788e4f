"""The page of the SEC's reduced-content stylesheets (4_X09, 3_X07, 5_X09) reads back to what its
XML says, field by field, over every field the page shows; what it cannot place is None with a
warning naming the place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import form4
from form4.model import Filing
from form4.read.html import read_html

DATA = Path(__file__).parent / "data"
PAGES = sorted((DATA / "sec-renderings" / "page").glob("*.html"))
#: The same filings through the older sheets (X06-X08), named ``<stem>.<sheet>.html``.
OLDER = sorted((DATA / "sec-renderings-older").glob("*.html"))

_ADDRESS = ("street1", "street2", "city", "state", "zip_code")
_FLAGS = ("is_director", "is_ten_percent_owner", "is_officer", "is_other")
_CHECKBOXES = (
    "not_subject_to_section16",
    "aff10b5one",
    "form3_holdings_reported",
    "form4_transactions_reported",
    "no_securities_owned",
)
#: The values of a row the page prints (on the forms and tables that have the column).
_ROW_VALUES = (
    "security_title",
    "transaction_date",
    "deemed_execution_date",
    "code",
    "shares",
    "total_value",
    "price",
    "acquired_disposed",
    "shares_owned_after",
    "value_owned_after",
    "direct_indirect",
    "nature",
    "conversion_price",
    "exercise_date",
    "expiration_date",
    "underlying_title",
    "underlying_shares",
    "underlying_value",
)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if value is False or value == ():
        return None
    return value


def shown(filing: Filing) -> dict[str, Any]:
    """The fields the SEC's page shows, as ``path -> value`` (a checkbox only when checked)."""
    out: dict[str, Any] = {
        "document_type": filing.document_type,
        "period_of_report": filing.period_of_report,
        "date_of_original_submission": filing.date_of_original_submission,
        "issuer.name": filing.issuer.name,
        "issuer.trading_symbol": filing.issuer.trading_symbol,
        "remarks": filing.remarks,
    }
    for name in _CHECKBOXES:
        out[name] = getattr(filing, name) is True or None
    for i, owner in enumerate(filing.owners):
        out[f"owners[{i}].name"] = owner.name
        out[f"owners[{i}].officer_title"] = owner.officer_title
        out[f"owners[{i}].other_text"] = owner.other_text
        for name in _FLAGS:
            out[f"owners[{i}].{name}"] = getattr(owner, name) is True or None
        for name in _ADDRESS:
            out[f"owners[{i}].address.{name}"] = getattr(owner.address, name, None)
    for table, rows in (("Table I", filing.non_derivative), ("Table II", filing.derivative)):
        for i, row in enumerate(rows, 1):
            out[f"{table} row {i}"] = type(row).__name__
            for name in _ROW_VALUES:
                out[f"{table} row {i}, {name}"] = getattr(row, name, None)
            out[f"{table} row {i}, equity swap"] = getattr(row, "equity_swap", None) is True or None
            # Each value's marks: a mark on another value of the row reads as a difference.
            for name, ids in row.footnotes.items():
                out[f"{table} row {i}, {name} marks"] = tuple(sorted(ids))
    for fid, text in filing.footnotes.items():
        out[f"footnote {fid}"] = text
    for i, signature in enumerate(filing.signatures, 1):
        out[f"signature {i}"] = signature.name
        out[f"signature {i}, date"] = signature.date
    return {path: _norm(value) for path, value in out.items()}


def _compare(truth: Filing, got: Filing) -> tuple[list[str], list[str]]:
    """(paths read differently from the truth, paths left None)."""
    want, have = shown(truth), shown(got)
    differ, missing = [], []
    for path in dict.fromkeys([*want, *have]):
        if have.get(path) is None:
            if want.get(path) is not None:
                missing.append(path)
        elif have.get(path) != want.get(path) or type(have[path]) is not type(want.get(path)):
            differ.append(f"{path}: {want.get(path)!r} read as {have[path]!r}")
    return differ, missing


@pytest.mark.parametrize("page", PAGES + OLDER, ids=[p.stem for p in PAGES + OLDER])
def test_the_sec_page_reads_back_to_its_xml(page: Path) -> None:
    stem = page.name.rsplit(".", 2)[0] if page in OLDER else page.stem
    truth = form4.read(DATA / "xml" / f"{stem}.xml")
    got = read_html(page.read_bytes(), page.name)
    differ, missing = _compare(truth, got)
    assert differ == []
    places = [w.place for w in got.source.warnings]
    for path in missing:  # left out only with a warning naming the place
        assert any(path.startswith(p.split(",")[0]) for p in places), path
    assert got.source.format == "sec-html"


def test_there_are_pages_of_every_form() -> None:
    forms = {read_html(p.read_bytes(), p.name).form for p in PAGES}
    assert forms == {"3", "4", "5"}
    assert {p.name.rsplit(".", 2)[1][2:] for p in OLDER} == {"X06", "X07", "X08"}


def test_the_older_sheets_address_is_read_from_the_list_of_owners() -> None:
    # Box 1 of X06-X08 runs "street1, street2" together; the list keeps the lines apart.
    page = DATA / "sec-renderings-older" / "0001209191-21-051298.4_X08.html"
    address = read_html(page.read_bytes(), page.name).owners[0].address
    assert address is not None
    assert (address.street1, address.street2) == (
        "C/O MITHRIL CAPITAL MANAGEMENT LLC",
        "600 CONGRESS AVENUE SUITE 3100",
    )
    assert (address.city, address.state, address.zip_code) == ("AUSTIN", "TX", "78701")


def _page(stem: str) -> str:
    return (DATA / "sec-renderings" / "page" / f"{stem}.html").read_text(encoding="utf-8")


def _warned(filing: Filing, place: str) -> bool:
    return any(w.place.startswith(place) for w in filing.source.warnings)


def test_a_number_the_page_may_have_rounded_is_left_out() -> None:
    html = _page("0001209191-06-055343").replace("15.53", "15.5312", 1)
    got = read_html(html.encode(), "rounded.html")
    row = got.non_derivative[0]
    assert getattr(row, "price", None) is None
    assert _warned(got, "Table I row 1, price")
    assert row.shares == Decimal("167")


def test_a_state_not_printed_as_a_us_state_is_left_out() -> None:
    html = _page("0001209191-06-055343").replace("ARIZONA", "ONTARIO, CANADA", 1)
    head, tail = html.split("(Zip/Postal Code)", 1)
    html = head + "(Zip/Postal Code)" + tail.replace("UNITED STATES", "CANADA", 1)
    got = read_html(html.encode(), "abroad.html")
    address = got.owners[0].address
    assert address is not None and address.state is None and address.city == "PHOENIX"
    assert _warned(got, "box 1")


def test_the_state_is_read_back_as_its_code() -> None:
    got = read_html(_page("0001209191-06-055343").encode(), "p.html")
    assert got.owners[0].address is not None and got.owners[0].address.state == "AZ"
    assert got.period_of_report == date(2006, 10, 17)


def test_a_later_owners_officer_box_is_not_guessed() -> None:
    got = read_html(_page("0001209191-21-017168").encode(), "joint.html")
    assert len(got.owners) == 2
    assert got.owners[0].is_ten_percent_owner is True and got.owners[0].is_officer is False
    assert got.owners[1].is_officer is None and got.owners[1].is_other is None
    assert got.owners[1].is_ten_percent_owner is True
    assert _warned(got, "Reporting Owners row 2")


def test_the_first_look_still_reads() -> None:
    for page in sorted((DATA / "html").glob("*.html"))[:5]:
        filing = form4.read(page)
        assert filing.issuer.name
