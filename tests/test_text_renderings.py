"""Real converters' texts of our rendered page read back (tests/data/renderings, each named
``<chain>.<accession>.txt`` as ``bench/renderings.py --dump`` wrote it): what the spacing shows
for sure is read, and what it does not is left out with a warning, never invented.

Each file is a case the reader once got wrong: a wrapped Reporting Owners cell whose last line
is a title's word; a page that cuts Table II at its right edge (pdftotext drops what lies past
it, leaving "6,949" of "6,949,555"); a signature's date standing apart right under the remarks;
a Reporting Owners header whose titles run together ("10%Officer") over cells that do not stand
under their titles; a footnote mark run into the next cell ("(2)Class A Common"); boxes side by
side whose text runs together; a last column whose wrapped lines start further right."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import form4
from form4.model import Filing
from form4.read._text_grid import titled_rows

from .conftest import DATA

RENDERINGS = DATA / "renderings"


def _read(chain: str, accession: str) -> Filing:
    return form4.read((RENDERINGS / f"{chain}.{accession}.txt").read_bytes())


def _warned(filing: Filing, place: str, text: str) -> bool:
    return any(w.place == place and text in w.message for w in filing.source.warnings)


# -- the Reporting Owners table ------------------------------------------------------------------
def test_wrapped_owner_cell_keeps_a_last_word_that_is_a_title_word() -> None:
    # The street wraps as "ONE LETTERMAN / DRIVE, BUILDING / D": the last line "D" is part of a
    # column title ("Director") yet is the street's end, not the header's further words.
    filing = _read("chromium+pypdf-layout", "0001209191-21-017168")
    assert [owner.name for owner in filing.owners] == ["THIEL PETER", "Singerman Brian Aaron"]
    for owner in filing.owners:
        assert owner.address is not None
        assert owner.address.street1 == "ONE LETTERMAN DRIVE, BUILDING D"
        assert owner.address.street2 == "5TH FLOOR"
        assert (owner.address.city, owner.address.state) == ("SAN FRANCISCO", "CA")
        assert owner.address.zip_code == "94129"


def test_owner_cells_not_under_their_titles_make_up_no_owner() -> None:
    # WeasyPrint read by pypdf's layout mode: the street's lines start under the CIK title,
    # and the repeated header runs "10%" into "Officer". A wrapped "CAPITAL" must not open a
    # row of its own: the table is not read, the first person comes from box 1.
    for accession, first in (
        ("0000899243-21-036608", "Mithril GP LP"),
        ("0000950170-24-012830", "Mithril LP"),
    ):
        filing = _read("weasyprint+pypdf-layout", accession)
        (owner,) = filing.owners
        assert owner.name == first
        assert owner.address is not None
        assert owner.address.street1 == "C/O MITHRIL CAPITAL MANAGEMENT LLC"
        assert _warned(filing, "Reporting Owners", "not told apart")


_OWNER_HEADS = ("Name", "CIK", "Street", "10% Owner", "Officer", "Title")


def test_wrapped_cell_line_of_title_words_is_the_cells() -> None:
    # Right under the header, a line of the titles' words is theirs ("Owner"); under a row, a
    # wrapped line of title words ("Street", "Title") is the row's cells' own.
    texts = [
        "Name        CIK     Street        10%       Officer   Title",
        "                                  Owner",
        "ANN         0001    1 MAIN        X                   VP",
        "                    Street                            Title",
    ]
    rows = titled_rows(texts, "Reporting Owners", _OWNER_HEADS, frozenset({0, 2, 5}), {})
    assert rows == [["ANN", "0001", "1 MAIN Street", "X", "", "VP Title"]]


def test_owner_header_with_titles_run_together() -> None:
    # A repeated header whose titles a converter ran together gives this page's own starts;
    # the columns of the run-together titles are unknown, the others are read.
    texts = [
        "Name        CIK     Street        10%       Officer   Title",
        "ANN         0001    1 MAIN ST     X                   CEO",
        "Reporting Owners",
        "  Name        CIK     Street        10%Officer   Title",
        "  BOB         0002    2 ELM         X            CFO",
        "  SMITH               ROAD",
    ]
    shapes = {1: re.compile(r"\d+")}
    text_columns = frozenset({0, 2, 5})
    rows = titled_rows(texts, "Reporting Owners", _OWNER_HEADS, text_columns, shapes)
    assert rows == [
        ["ANN", "0001", "1 MAIN ST", "X", "", "CEO"],
        ["BOB SMITH", "0002", "2 ELM ROAD", None, None, "CFO"],
    ]
    # A cell without its column's shape shows that the places are not the header's.
    texts[-1] = "  SMITH       ROAD"
    assert titled_rows(texts, "Reporting Owners", _OWNER_HEADS, text_columns, shapes) is None


# -- the boxes above the tables ----------------------------------------------------------------
def test_boxes_run_together_read_the_issuer_under_its_label() -> None:
    # "ADVANCED MICRO DEVICES INC [ AMD ] (Check all applicable)": the issuer's name runs into
    # box 5's hint, and box 1's street into other boxes, so the grid is not read box by box.
    # The name right under box 2's label is whole; box 1's lines are not told apart.
    filing = _read("weasyprint+pdftotext-layout", "0000002488-24-000005")
    assert (filing.issuer.name, filing.issuer.trading_symbol) == (
        "ADVANCED MICRO DEVICES INC",
        "AMD",
    )
    assert _warned(filing, "box 2 (issuer)", "right under the box's label")
    (owner,) = filing.owners
    assert (owner.name, owner.address) == (None, None)
    assert _warned(filing, "box 1 (reporting person)", "not told apart from the boxes beside it")
    assert filing.period_of_report == date(2024, 1, 15)
    assert [row.shares_owned_after for row in filing.non_derivative] == [
        Decimal("6076"),
        Decimal("5887"),
    ]


# -- table rows ----------------------------------------------------------------------------------
def test_last_column_wrapped_further_right_is_joined() -> None:
    # pypdf starts the nature's wrapped lines 14 characters right of its first line: right of
    # the last column's start, they can only be that column's.
    filing = _read("weasyprint+pypdf-layout", "0001062993-21-002816")
    first = filing.non_derivative[0]
    assert first.nature == "By Sequoia Capital U.S. Venture 2010-Seed Fund, L.P."
    assert first.footnotes["nature"] == ("F2", "F3", "F4")
    assert (first.shares_owned_after, first.direct_indirect) == (Decimal("32746"), "I")
    last = filing.non_derivative[-1]
    assert (last.nature, last.shares_owned_after, last.direct_indirect) == (
        None,
        Decimal("27542"),
        "D",
    )


# -- a page that cuts Table II at its right edge ------------------------------------------------
def test_cells_cut_by_the_page_edge_are_left_out() -> None:
    filing = _read("weasyprint+pdftotext-layout", "0000899243-19-005970")
    rows = filing.derivative
    assert [row.underlying_shares for row in rows] == [
        Decimal("4169733"),
        Decimal("456279"),
        Decimal("92481"),
    ]
    for row in rows:
        assert row.security_title == "Class B Common Stock"
        assert row.underlying_title == "Class A Common Stock"
        # "6,949", "760,4", "154,1": the cut starts of 6,949,555, 760,465 and 154,135.
        assert row.shares_owned_after is None
        assert row.nature is None
        assert row.direct_indirect is None  # past the edge
    assert _warned(filing, "Table II", "cuts the table at its right edge")
    assert _warned(filing, "Table II row 1, shares owned after", "right edge")
    assert _warned(filing, "Table II row 2, nature of ownership", "right edge")


def test_page_edge_of_each_page() -> None:
    # The table goes on over a page break, the second page's columns further left: each
    # page's header gives its own edge ("214,1" and "72,16" on the second page).
    filing = _read("weasyprint+pdftotext-layout", "0000899243-19-027236")
    rows = filing.derivative
    assert [row.underlying_shares for row in rows] == [
        Decimal("1072357"),
        Decimal("117854"),
        Decimal("23795"),
        Decimal("123219"),
        Decimal("8019"),
    ]
    assert all(row.shares_owned_after is None and row.nature is None for row in rows)


# -- the remarks and the signature --------------------------------------------------------------
def test_signature_date_above_the_name_ends_the_remarks() -> None:
    filing = _read("weasyprint+pdftotext-layout", "0000899243-20-033648")
    assert filing.remarks == "Exhibit 24 - Power of Attorney"
    assert filing.signatures == ()  # the name is not told apart from the lines above it


# -- footnote marks -----------------------------------------------------------------------------
def test_mark_run_into_the_next_cell_is_left_out() -> None:
    # "(2)Class A Common": the expiration date's mark ran into the underlying title.
    filing = _read("weasyprint+pypdf-layout", "0001493152-25-009612")
    (row,) = filing.derivative
    assert row.underlying_title == "Class A Common Stock"
    assert "underlying_title" not in row.footnotes
    assert "expiration_date" not in row.footnotes
    assert row.footnotes["exercise_date"] == ("F2",)
    assert row.underlying_shares == Decimal("628553")
    assert (row.shares_owned_after, row.direct_indirect) == (Decimal("137545"), "I")
    assert row.nature == "By SVF II Beaver (DE) LLC"
    assert _warned(filing, "Table II", "'(2)' run into the cell")


def test_remarks_running_into_an_unrecognised_signer_are_left_out() -> None:
    # pdfminer's text has no spacing: the signer's name, wrapped over two lines, follows the
    # remarks with no blank line and is not recognised as a name. Where the remarks end is not
    # known, so they are left out rather than read with the name in them.
    filing = _read("weasyprint+pdfminer", "0000707549-25-000004")
    assert filing.remarks is None
    assert _warned(filing, "remarks", "not told apart from the signer's name")
    assert filing.signatures == ()
    assert filing.issuer.trading_symbol == "LRCX"
