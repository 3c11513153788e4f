"""The SEC's page as the converters people use turn it into text (tests/data/sec-renderings, one
folder a route): read back against each filing's XML over every field the page shows, nothing
may be read as a value the filing does not hold. A text the reader refuses is refused with a
ReadError naming the file; what it cannot place is left out, never guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import form4
from form4.errors import ReadError

from .test_read_sec_page import DATA, _compare

SAMPLE = DATA / "sec-renderings"
#: The routes whose sample reads with no value that differs from the filing's XML.
NOTHING_INVENTED = (
    "html2text",
    "markitdown",
    "inscriptis",
    "chromium+pdftotext-layout",
    "chromium+pymupdf4llm",
    "chromium+markitdown",
)
ROUTE_FILES = [
    (route, path) for route in NOTHING_INVENTED for path in sorted((SAMPLE / route).glob("*.txt"))
]


@pytest.mark.parametrize(
    ("route", "path"), ROUTE_FILES, ids=[f"{r}/{p.stem}" for r, p in ROUTE_FILES]
)
def test_no_value_is_invented(route: str, path: Path) -> None:
    truth = form4.read(DATA / "xml" / f"{path.stem}.xml")
    try:
        got = form4.read(path)
    except ReadError as error:
        assert path.name in str(error)
        return
    differ, _missing = _compare(truth, got)
    assert differ == []


def test_every_route_has_its_sample() -> None:
    routes = {p.name for p in SAMPLE.iterdir() if p.is_dir() and p.name != "page"}
    assert routes == set(NOTHING_INVENTED)
    for route in NOTHING_INVENTED:
        assert len(list((SAMPLE / route).glob("*.txt"))) >= 10, route


OLDER = DATA / "sec-renderings-older"
#: The routes whose texts of the older looks of the page are kept (``<stem>.<sheet>.txt``).
OLDER_ROUTES = ("html2text", "markitdown", "inscriptis")
OLDER_FILES = [
    (route, path) for route in OLDER_ROUTES for path in sorted((OLDER / route).glob("*.txt"))
]


@pytest.mark.parametrize(
    ("route", "path"), OLDER_FILES, ids=[f"{r}/{p.stem}" for r, p in OLDER_FILES]
)
def test_no_value_is_invented_on_the_older_looks(route: str, path: Path) -> None:
    truth = form4.read(DATA / "xml" / f"{path.stem.rsplit('.', 1)[0]}.xml")
    got = form4.read(path)
    differ, missing = _compare(truth, got)
    assert differ == []
    assert got.owners and got.owners[0].name == truth.owners[0].name
    assert len(missing) < 40, missing


def test_every_older_look_has_its_texts() -> None:
    pages = sorted(p.stem for p in OLDER.glob("*.html"))
    for route in OLDER_ROUTES:
        assert sorted(p.stem for p in (OLDER / route).glob("*.txt")) == pages, route


#: The routes through a PDF whose texts of the oldest look (``4_X06`` and kin) are kept: a few
#: filings each, chosen where that look's box 1 wraps its one street line in the PDF, runs
#: Table I's heading into box 1's hints, or sets an officer's title beside the owner's name.
OLDER_PDF_ROUTES = ("chromium+pdftotext-layout", "chromium+pymupdf4llm", "chromium+markitdown")
OLDER_PDF_FILES = [
    (route, path) for route in OLDER_PDF_ROUTES for path in sorted((OLDER / route).glob("*.txt"))
]


@pytest.mark.parametrize(
    ("route", "path"), OLDER_PDF_FILES, ids=[f"{r}/{p.stem}" for r, p in OLDER_PDF_FILES]
)
def test_no_value_is_invented_on_the_oldest_look_through_a_pdf(route: str, path: Path) -> None:
    truth = form4.read(DATA / "xml" / f"{path.stem.rsplit('.', 1)[0]}.xml")
    got = form4.read(path)
    differ, _missing = _compare(truth, got)
    assert differ == []
    assert got.document_type == truth.document_type


def test_the_oldest_look_through_a_pdf_keeps_its_texts() -> None:
    for route in OLDER_PDF_ROUTES:
        assert len(list((OLDER / route).glob("*_X06.txt"))) >= 5, route


def test_a_street_line_wrapped_in_the_pdf_is_one_run() -> None:
    # The oldest look prints "street1, street2" as one run in box 1; the PDF wraps it after
    # "C/O LAM RESEARCH", which is neither street. The list of owners tells the two apart.
    path = OLDER / "chromium+pdftotext-layout" / "0000707549-25-000004.4_X06.txt"
    address = form4.read(path).owners[0].address
    assert address is not None
    assert (address.street1, address.street2) == (
        "C/O LAM RESEARCH CORPORATION",
        "4650 CUSHING PARKWAY",
    )


def test_an_owner_name_beside_marks_and_a_title_is_the_name_alone() -> None:
    path = OLDER / "chromium+markitdown" / "0000899243-23-004992.5_X06.txt"
    assert "| Musk Elon |" in path.read_text()
    assert form4.read(path).owners[0].name == "Musk Elon"


def test_table_i_titled_beside_box_1s_hints_is_read() -> None:
    path = OLDER / "chromium+markitdown" / "0000899243-21-043382.4_X08.txt"
    assert "(Zip) Table I - Non-Derivative" in path.read_text(encoding="utf-8")
    truth = form4.read(DATA / "xml" / "0000899243-21-043382.xml")
    got = form4.read(path)
    assert len(got.non_derivative) == len(truth.non_derivative) == 3
    dates = [getattr(r, "transaction_date", None) for r in got.non_derivative]
    assert dates == [getattr(r, "transaction_date", None) for r in truth.non_derivative]


#: More texts, one folder a route, each kept for a case of the page the sample lacks.
MORE_ALL = DATA / "sec-renderings-more"
MORE_ALL_FILES = sorted(MORE_ALL.glob("*/*.txt"))
MORE = MORE_ALL / "chromium+pdftotext-layout"


@pytest.mark.parametrize(
    "path", MORE_ALL_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in MORE_ALL_FILES]
)
def test_no_value_is_invented_on_more_of_the_page(path: Path) -> None:
    truth = form4.read(DATA / "xml" / f"{path.stem.split('.')[0]}.xml")
    differ, _missing = _compare(truth, form4.read(path))
    assert differ == []


def test_more_of_table_ii_through_pdftotext_is_kept() -> None:
    assert len(list(MORE.glob("*.txt"))) == 6
    assert (MORE_ALL / "README.md").is_file()


def _amounts(filing: form4.Filing) -> list[tuple[object, object]]:
    return [
        (getattr(r, "shares", None), getattr(r, "acquired_disposed", None))
        for r in filing.derivative
    ]


def test_amounts_centred_under_titles_wrapped_over_lines() -> None:
    # The sub-column titles stand on five lines ("Date" over "Exercisable", "Amount" over "or",
    # "Number", "of Shares"); each amount, centred under (D), starts left of that title.
    path = MORE / "0000899243-19-016730.txt"
    text = path.read_text(encoding="utf-8")
    assert "Code    V (A)        (D)" in text
    truth = form4.read(DATA / "xml" / "0000899243-19-016730.xml")
    got = form4.read(path)
    assert len(got.derivative) == 5
    assert _amounts(got) == _amounts(truth)
    assert {a for _, a in _amounts(got)} == {"D"}


def test_amounts_starting_under_a_centred_under_d() -> None:
    # Through the older look X07, "588,414" starts two characters right of "(A)" and ends under
    # "(D)": its centre, and its code C (a conversion disposes of the derivative), say (D).
    path = OLDER / "chromium+pdftotext-layout" / "0000899243-21-007468.4_X07.txt"
    truth = form4.read(DATA / "xml" / "0000899243-21-007468.xml")
    got = form4.read(path)
    assert (Decimal("588414"), "D") in _amounts(got)
    # The last two rows stand beside a page break: left out, not read wrong.
    assert _amounts(got)[:8] == _amounts(truth)[:8]
    assert _amounts(got)[8:] == [(None, None)] * 2


def test_a_header_broken_over_pages_places_the_rows_by_its_lines_on_their_page() -> None:
    # The header ends one page and the row starts the next, laid out anew: its "628,553" stands
    # under the header's (A), but the header's columns do not hold on that page.
    path = MORE / "0001493152-25-009612.txt"
    truth = form4.read(DATA / "xml" / "0001493152-25-009612.xml")
    got = form4.read(path)
    assert "\f" in path.read_text(encoding="utf-8")
    assert [r.security_title for r in got.derivative] == [
        r.security_title for r in truth.derivative
    ]
    assert _amounts(got) == [(None, None)]


def test_footnote_marks_alone_do_not_make_a_holding_a_transaction() -> None:
    # "(2)" alone in the conversion price column beside the transaction date's: a transaction
    # shows a date and a code, never footnote marks alone there.
    truth = form4.read(DATA / "xml" / "0001209191-23-055596.xml")
    got = form4.read(MORE / "0001209191-23-055596.txt")
    kinds = [type(r).__name__ for r in got.derivative]
    assert kinds == [type(r).__name__ for r in truth.derivative]
    assert kinds.count("DerivativeHolding") == 4


def test_a_mark_far_after_a_value_is_not_joined_to_it() -> None:
    # "2,456,346 D" then, ten characters on, the price's "(1)": not a footnote of the D.
    got = form4.read(MORE / "0001062993-21-005262.txt")
    assert not any("acquired_disposed" in r.footnotes for r in got.non_derivative)
    assert [r.footnotes.get("price") for r in got.non_derivative[:1]] == [("F1",)]


def test_a_decimal_amount_run_into_a_title_leaves_the_title_out() -> None:
    got = form4.read(MORE / "0001062993-22-007516.txt")
    (row,) = got.derivative
    assert row.underlying_title is None
    assert (row.code, row.transaction_date) == ("A", date(2022, 3, 10))


def test_a_page_cutting_the_last_title_short_cuts_its_cells() -> None:
    # Through X06 the page's edge runs through "11. Natu": "See Footno" is a cut "See Footnotes".
    path = OLDER / "chromium+pdftotext-layout" / "0000899243-21-043382.4_X06.txt"
    assert any(line.rstrip().endswith("11. Natu") for line in path.read_text().splitlines())
    got = form4.read(path)
    assert got.derivative and all(r.nature is None for r in got.derivative)
    assert any("right edge" in w.message for w in got.warnings)


def test_titles_two_lines_from_their_ownership_form_are_shared_out() -> None:
    # No blank line between the rows: the rows are told apart column by column, each by its
    # one D or I. Every row has a title, which may stand two lines above the D or I.
    path = OLDER / "chromium+pdftotext-layout" / "0000899243-21-044060.4_X07.txt"
    truth = form4.read(DATA / "xml" / "0000899243-21-044060.xml")
    got = form4.read(path)
    assert len(got.non_derivative) == len(truth.non_derivative) == 30
    pairs = list(zip(got.non_derivative, truth.non_derivative, strict=True))
    same = [g.security_title == t.security_title == "Common Stock" for g, t in pairs]
    assert sum(same) >= 28
    assert all(g.shares_owned_after in (None, t.shares_owned_after) for g, t in pairs)


MORE_PDF_MD = MORE_ALL / "chromium+markitdown"
MORE_PDF_MD_FILES = sorted(MORE_PDF_MD.glob("*.txt"))


def test_more_of_markitdowns_pdf_lines_is_kept() -> None:
    assert [p.stem for p in MORE_PDF_MD_FILES] == [
        "0000899243-18-029508",
        "0000899243-21-033350.4_X08",
        "0000899243-21-044232",
        "0000899243-21-044242.4_X08",
        "0000899243-22-038522",
        "0001179110-20-011380",
    ]


def test_a_price_dollar_alone_above_the_row_makes_its_texts_one_line_each() -> None:
    # "$" / "by Trust" / "Common Stock 12/12/2022 S 1,820,804 D 168.055 443,796,628 I" / "(2)" /
    # "(1)": the "$" is the line just above the row's, and shows no text: "Common Stock" is the
    # whole title, and "by Trust" and "(2)", half a line above and below, the nature's.
    path = MORE_PDF_MD / "0000899243-22-038522.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("Common Stock 12/12/2022   S   1,820,804 D 168.055 443,796,628 I")
    assert lines[at - 2 : at] == ["$", "by Trust"] and lines[at + 1 : at + 3] == ["(2)", "(1)"]
    got = form4.read(path).non_derivative[0]
    assert (got.security_title, got.nature) == ("Common Stock", "by Trust")
    assert got.price == Decimal("168.055")
    # The price is "$", its number and its mark, a line below the row's: the second line below,
    # as one line stands half a line above.
    assert got.footnotes == {"price": ("F1",), "nature": ("F2",)}


def test_a_mark_at_the_end_of_the_rows_line_leaves_the_nature_out() -> None:
    # "by Trust" above, "... 168,696,350 I (2)": the nature's mark, raised, joined the row's
    # line; the "(9)" below is the price's, not the nature's.
    path = MORE_PDF_MD / "0000899243-21-044232.txt"
    text = path.read_text(encoding="utf-8")
    row_line = "Common Stock 11/09/2021   S   5,541 D 1,081.276 168,696,350 I (2)"
    assert f"$\nby Trust\n{row_line}\n(9)\n" in text
    rows = form4.read(path).non_derivative
    row = next(r for r in rows if r.shares_owned_after == Decimal("168696350"))
    assert row.security_title == "Common Stock"
    assert row.nature is None and "nature" not in row.footnotes


def test_a_price_wrapped_around_the_rows_line_is_read_there() -> None:
    # "$" / "| Common Stock | 11/20/2020 | | M 1,987 | A 1,987 | | D | |" / "9.97": no mark below
    # the row, so its price is no bare number on its line ("$" and "9.97" stand half a line
    # above and below it): "1,987" after "A" is the amount owned, and "9.97" the price.
    path = MORE_PDF_MD / "0001179110-20-011380.txt"
    text = path.read_text(encoding="utf-8")
    assert "$\n| Common Stock | 11/20/2020 |     | M   1,987 | A 1,987 |" in text
    assert "| --- | --- | --- |\n9.97\n" in text
    row = form4.read(path).non_derivative[0]
    assert (row.shares, row.shares_owned_after, row.price) == (
        Decimal("1987"),
        Decimal("1987"),
        Decimal("9.97"),
    )


def test_a_line_of_one_amount_and_no_value_around_is_a_holding() -> None:
    # "| Class A Common Stock | | | | 49,322 | | D |", wrapped texts below and no value around:
    # no date, code or (A) or (D), so the one amount is the amount owned, not a transaction's.
    path = MORE_PDF_MD / "0000899243-18-029508.txt"
    assert "| Class A Common Stock |     |     |               |     49,322 |" in path.read_text()
    row = form4.read(path).non_derivative[0]
    assert isinstance(row, form4.NonDerivativeHolding)
    assert (row.shares_owned_after, row.direct_indirect) == (Decimal("49322"), "D")


def test_a_d_or_i_opening_a_cell_with_the_nature_is_a_rows_line() -> None:
    # Through the X08 look "| Class A Common Stock | | | | | I Footnote | |" is a row's line
    # whose amount, raised by its mark, stands above it: the rows are not counted from there.
    path = MORE_PDF_MD / "0000899243-21-033350.4_X08.txt"
    line = "| Class A Common Stock |     |     |       |     | I Footnote |     |"
    assert line in path.read_text().splitlines()
    got = form4.read(path)
    assert all(r.shares_owned_after is None for r in got.non_derivative[2:])
    assert any("belongs to a row not told apart" in w.message for w in got.warnings)


def test_a_nature_on_the_rows_line_under_a_lone_dollar_with_no_text_below_is_whole() -> None:
    # Through the X08 look: "$" / "Common Stock 11/10/2021 S 4,105 D 1,031.578 167,339,820 I by
    # Trust" / "(2)" / "(3)": the "$" shows no text, and no text lies below.
    path = MORE_PDF_MD / "0000899243-21-044242.4_X08.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("Common Stock 11/10/2021   S   4,105 D 1,031.578 167,339,820 I by Trust")
    assert lines[at - 1] == "$" and lines[at + 1 : at + 3] == ["(2)", "(3)"]
    row = form4.read(path).non_derivative[1]
    assert (row.security_title, row.nature) == ("Common Stock", "by Trust")
