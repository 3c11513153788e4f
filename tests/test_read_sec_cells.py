"""The SEC's page through converters that keep its table cells as markdown pipe rows (html2text,
markitdown; tests/data/sec-renderings): box 1's address and box 3's date moved away from their
labels, tables nested in a cell written into one line, the "Reporting Owners" table of
name-and-address cells. Each checked against the filing's XML, or, where the text cannot tell,
left out with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

import form4
from form4.model import Address, Filing
from form4.read._text_cells import Cell, read_cell
from form4.read._text_owners import hinted_address, listed_owners, listed_values
from form4.read._text_page import BOX_LABELS, Page

from .test_read_sec_page import DATA, _compare

SAMPLE = DATA / "sec-renderings"
HTML2TEXT = sorted((SAMPLE / "html2text").glob("*.txt"))
MARKITDOWN = sorted((SAMPLE / "markitdown").glob("*.txt"))


def _truth(path: Path) -> Filing:
    return form4.read(DATA / "xml" / f"{path.stem}.xml")


def _warned(filing: Filing, place: str, words: str) -> bool:
    return any(w.place.startswith(place) and words in w.message for w in filing.source.warnings)


# -- tables nested in a cell ---------------------------------------------------------------------
def test_a_table_nested_in_a_cell_is_read_row_by_row() -> None:
    text = (
        "|  |  |\n| --- | --- |\nTable I - Non-Derivative Securities Acquired\n"
        "| | A | B | | --- | --- | | Common Stock | 11/03/2021 | | Preferred |  | |\n"
    )
    rows = [line.text for line in Page(text, "x").lines if line.flat]
    assert "| Common Stock | 11/03/2021 |" in rows
    # An empty cell is two spaces between pipes, no row's end.
    assert "| Preferred |  |" in rows


@pytest.mark.parametrize("path", MARKITDOWN, ids=[p.stem for p in MARKITDOWN])
def test_table_i_written_in_a_cell_of_the_boxes_grid_reads_whole(path: Path) -> None:
    differ, missing = _compare(_truth(path), form4.read(path))
    assert [p for p in differ if p.startswith("table")] == []
    assert [p for p in missing if p.startswith("table")] == []


def test_the_page_s_links_to_its_footnotes_are_their_marks() -> None:
    # markitdown writes a mark as a link to its footnote: "See Footnote [(2)](#F2)".
    row = form4.read(SAMPLE / "markitdown" / "0000899243-21-043382.txt").derivative[0]
    assert row.nature == "See Footnote"
    assert row.footnotes["nature"] == ("F2",)
    assert row.footnotes["conversion_price"] == ("F6",)


# -- box 1 and box 3 -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", HTML2TEXT, ids=[p.stem for p in HTML2TEXT])
def test_box_1_s_address_is_read_by_its_hints(path: Path) -> None:
    got, truth = form4.read(path), _truth(path)
    assert got.owners[0].address == truth.owners[0].address
    # The state printed by name ("CALIFORNIA") is read back as its code.
    assert got.owners[0].address is not None
    assert got.owners[0].address.state == truth.owners[0].address.state
    # Box 3's label run into street2 ("...SUITE 31003. Date of Earliest Transaction").
    assert got.period_of_report == truth.period_of_report


@pytest.mark.parametrize("path", MARKITDOWN, ids=[p.stem for p in MARKITDOWN])
def test_streets_written_as_one_line_are_left_out(path: Path) -> None:
    got, truth = form4.read(path), _truth(path)
    address, want = got.owners[0].address, truth.owners[0].address
    assert address is not None and want is not None
    assert (address.street1, address.street2) == (None, None)
    assert _warned(got, "box 1", "street lines run together")
    assert (address.city, address.state, address.zip_code) == (
        want.city,
        want.state,
        want.zip_code,
    )


def _box_1(street_lines: str, country: str = "UNITED STATES") -> str:
    return (
        "**FORM 4**| x\n---|---\n"
        "| 1\\. Name and Address of Reporting Person *\n---\nDOE JANE\n"
        "| (Last)| (First)| (Middle)\n---|---|---\n"
        f"{street_lines}\n01/02/2024\n"
        "| (Street)\n---\n\nAUSTIN|  TEXAS | 78701\n---|---|---\n"
        "| (City)| (State)| (Zip/Postal Code)\n---|---|---\n\n"
        f"{country}\n**Table I - Non-Derivative Securities Acquired**\n"
    )


@pytest.mark.parametrize("glue", ["", " "])
def test_street2_is_the_text_run_into_box_3_s_label(glue: str) -> None:
    # The escaped dot ("3\\.") says the label opened a text of its own.
    page = Page(_box_1(f"C/O ACME\n100 MAIN ST{glue}3\\. Date of Earliest Transaction"), "x")
    address = hinted_address(page, "box 1")
    assert address is not None
    assert (address.street1, address.street2) == ("C/O ACME", "100 MAIN ST")
    assert (address.city, address.state, address.zip_code) == ("AUSTIN", "TX", "78701")


def test_a_label_after_a_space_and_not_escaped_leaves_the_streets_out() -> None:
    # Text and label apart by a space: one cell run into the next, or two cells side by side.
    page = Page(_box_1("C/O ACME\n100 MAIN ST 3. Date of Earliest Transaction"), "x")
    address = hinted_address(page, "box 1")
    assert address is not None
    assert (address.street1, address.street2) == (None, None)
    assert any("not told apart" in w.message for w in page.warnings)


def test_the_older_looks_box_1_is_not_read_by_hints() -> None:
    # Their hints end "(Zip)", and they print "street1, street2" as one line.
    text = _box_1("C/O ACME, 100 MAIN ST3\\. Date of Earliest Transaction")
    assert hinted_address(Page(text.replace("(Zip/Postal Code)", "(Zip)"), "x"), "box 1") is None


def test_a_state_under_another_country_is_left_out() -> None:
    page = Page(_box_1("C/O ACME\n100 MAIN ST3\\. Date of Earliest Transaction", "CANADA"), "x")
    address = hinted_address(page, "box 1")
    assert address is not None
    assert address.state is None and address.city == "AUSTIN"
    assert any("TEXAS" in w.message for w in page.warnings)


# -- the Reporting Owners table ------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", HTML2TEXT + MARKITDOWN, ids=[p.stem for p in HTML2TEXT + MARKITDOWN]
)
def test_the_owners_table_s_header_is_no_owner(path: Path) -> None:
    got, truth = form4.read(path), _truth(path)
    assert len(got.owners) == len(truth.owners)
    assert got.owners[0].name == truth.owners[0].name


def test_every_owner_of_the_table_is_read_from_its_lines() -> None:
    # html2text writes the name-and-address cell's lines one a line, the country in the row.
    path = SAMPLE / "html2text" / "0001209191-21-051298.txt"
    got, truth = form4.read(path), _truth(path)
    assert [o.name for o in got.owners] == [o.name for o in truth.owners]
    assert [o.address for o in got.owners] == [o.address for o in truth.owners]
    assert [o.is_ten_percent_owner for o in got.owners] == [True] * 4


def test_an_owner_cell_written_as_one_line_leaves_the_name_out() -> None:
    path = SAMPLE / "markitdown" / "0001209191-21-051298.txt"
    got = form4.read(path)
    assert [o.name for o in got.owners[1:]] == [None] * 3
    assert _warned(got, "Reporting Owners row 2", "run together")
    assert [o.is_ten_percent_owner for o in got.owners] == [True] * 4
    # "... SUITE 3100 AUSTIN  TEXAS  78701 UNITED STATES": the state between its runs of
    # spaces, the zip after it; the city runs into the street.
    for owner in got.owners[1:]:
        assert owner.address == Address(state="TX", zip_code="78701")


def test_a_cell_with_other_runs_of_spaces_gives_no_state() -> None:
    text = _owners_table("| DOE  JANE 1 MAIN ST AUSTIN  TEXAS  78701 UNITED STATES |  | X |  |  |")
    page = Page(text, "x")
    rows = listed_owners(page)
    assert rows is not None and rows[0] is not None
    assert listed_values(page, rows[0], "row 1").get("address") is None


def test_the_older_looks_owner_lines_end_with_city_state_and_zip() -> None:
    text = _owners_table("DOE JANE\nC/O ACME\n100 MAIN ST\nAUSTIN, TX 78701 |  X  |  |  |")
    page = Page(text.replace("| Director | 10% Owner | Officer | Other |", "Director| 10% Owner"
                             "| Officer| Other"), "x")  # fmt: skip
    rows = listed_owners(page)
    assert rows is not None and rows[0] is not None
    values = listed_values(page, rows[0], "row 1")
    assert values["name"] == "DOE JANE" and values["is_director"] is True
    assert values["address"] == Address(
        street1="C/O ACME", street2="100 MAIN ST", city="AUSTIN", state="TX", zip_code="78701"
    )


def _owners_table(row: str) -> str:
    return (
        "|  |  |\n| --- | --- |\nTable II - Derivative Securities Acquired\n"
        "## Reporting Owners\n\n"
        "|  |  |  |  |  |\n| --- | --- | --- | --- | --- |\n"
        "| **Reporting Owner Name / Address** | **Relationships** | | | |\n"
        f"| Director | 10% Owner | Officer | Other |\n{row}\n\n## Signatures\n"
    )


# -- cells and notes -------------------------------------------------------------------------------
def test_a_price_given_by_its_footnote_alone_is_no_value() -> None:
    # The page prints "$" before a price cell, and the mark alone when the footnote gives it.
    assert read_cell("$ (1)", False) == Cell("", ("F1",))
    assert read_cell("$ 10", False) == Cell("$ 10", ())


@pytest.mark.parametrize("route", ["html2text", "markitdown"])
def test_the_page_s_statement_that_no_securities_are_owned(route: str) -> None:
    # Form 3's page states it under "Explanation of Responses:"; it has no checkbox for it.
    none_owned = form4.read(SAMPLE / route / "0000899243-21-044370.txt")
    assert none_owned.no_securities_owned is True
    holdings = form4.read(SAMPLE / route / "0000899243-20-025608.txt")
    assert holdings.no_securities_owned is None


def test_an_escaped_label_run_into_a_line_starts_one() -> None:
    text = (
        "**FORM 4**| b\n---|---\n"
        "FREMONT, CA 94538 4\\. If Amendment, Date Original Filed(Month/Day/Year)\n"
        "11/04/2024| 6\\. Individual or Joint/Group Filing(Check Applicable Line)\n"
    )
    page = Page(text, "x")
    at = page.find(BOX_LABELS["amendment"])
    assert at is not None and page.lines[at].glued
    assert page.lines[at - 1].text == "FREMONT, CA 94538"
    # The pipe before a label is the cell's edge: the date alone is the box's value.
    assert page.lines[at + 1].text == "11/04/2024"
