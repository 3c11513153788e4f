"""Pages whose tables a converter made from a PDF's ruled tables (markdown grids, ``<br>`` in
cells, ``ColN`` for empty header cells): values are placed by the column titles they lie under,
and what a page's edge or break may have cut is left out with a warning."""

from __future__ import annotations

from decimal import Decimal

from form4.read._text_ruled import browser_margins
from form4.read.text import read_text

_HEAD = """|FORM 4|Col2|
|---|---|
||Check this box if no|

STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES

|1. Name and Address of Reporting Person *<br>Doe Jane|2. Issuer Name and Ticker or Trading\
<br>Symbol<br>Acme Corp [ACME]|
|---|---|
|(Street)<br>AUSTIN<br>TEXAS<br>78701|3. Date of Earliest Transaction<br>(Month/Day/Year)<br>\
08/10/2021|
"""
_TABLE_I = (
    "|1.Title of Security<br>(Instr. 3)|2. Transaction<br>Date<br>(Month/Day/Year)|"
    "2A. Deemed<br>Execution Date, if<br>any<br>(Month/Day/Year)|3. Transaction<br>Code<br>"
    "(Instr. 8)|3. Transaction<br>Code<br>(Instr. 8)|4. Securities Acquired (A)<br>or Disposed "
    "of (D)<br>(Instr. 3, 4 and 5)|4. Securities Acquired (A)<br>or Disposed of (D)<br>(Instr. 3,"
    " 4 and 5)|4. Securities Acquired (A)<br>or Disposed of (D)<br>(Instr. 3, 4 and 5)|5. Amount "
    "of Securities Beneficially<br>Owned Following Reported<br>Transaction(s)<br>(Instr. 3 and "
    "4)|5. Amount of Securities Beneficially<br>Owned Following Reported<br>Transaction(s)<br>"
    "(Instr. 3 and 4)|6.<br>Ownership<br>Form:<br>Direct (D)<br>or Indirect<br>(I)<br>(Instr. 4)"
    "|{nature}|\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    "|1.Title of Security<br>(Instr. 3)|2. Transaction<br>Date<br>(Month/Day/Year)|2A. Deemed<br>"
    "Execution Date, if<br>any<br>(Month/Day/Year)|Code|V|Amount|(A) or<br>(D)|Price|Price|Price"
    "|Price|Price|\n"
    "|Common<br>Stock|08/10/2021||P||1,997,000|A|$<br>17|{owned}|{owned}|D (2)|{value}|\n"
    "|{last}|08/11/2021||P||1,000|A|$<br>17|{owned}|{owned}|D (2)|{value}|\n"
)


def _page(nature: str, owned: str, value: str, last: str = "Common<br>Stock") -> bytes:
    table = _TABLE_I.format(nature=nature, owned=owned, value=value, last=last)
    return (_HEAD + "\n" + table).encode()


def test_cells_are_placed_by_the_titles_they_lie_under() -> None:
    filing = read_text(
        _page("7. Nature<br>of Indirect<br>Beneficial<br>Ownership<br>(Instr. 4)", "11,241,580", "")
    )
    row = filing.non_derivative[0]
    assert row.security_title == "Common Stock"  # a title wrapped over lines
    assert row.shares == Decimal("1997000")
    assert row.price == Decimal("17")  # "$" and its number on lines of their own
    assert row.shares_owned_after == Decimal("11241580")  # one cell over two grid columns
    assert row.direct_indirect == "D"
    assert filing.document_type == "4"


_NATURE = "7. Nature<br>of Indirect<br>Beneficial<br>Ownership<br>(Instr. 4)"


def test_a_last_row_without_marks_may_be_cut_by_a_page_break() -> None:
    # The converter drops the rest of a row a page broke: "Class B Common" may go on.
    filing = read_text(_page(_NATURE, "11,241,580", "", last="Class B<br>Common"))
    row = filing.non_derivative[1]
    assert row.security_title is None
    assert row.shares == Decimal("1000")
    assert any("last text" in w.message for w in filing.source.warnings)
    marked = read_text(_page(_NATURE, "11,241,580", "", last="Class B<br>Common (3)"))
    assert marked.non_derivative[1].security_title == "Class B Common"


def test_values_stacked_in_one_cell_are_left_out() -> None:
    filing = read_text(
        _page("7. Nature<br>of Indirect<br>Beneficial<br>Ownership<br>(Instr. 4)", "10<br>5", "")
    )
    row = filing.non_derivative[0]
    assert row.shares_owned_after is None
    assert any("lines of their own" in w.message for w in filing.source.warnings)


def test_a_column_cut_by_the_page_edge_is_left_out() -> None:
    filing = read_text(_page("7.<br>of<br>Be<br>Ow<br>(In", "11,241,580", "By<br>Tr"))
    row = filing.non_derivative[0]
    assert row.nature is None
    assert row.shares_owned_after == Decimal("11241580")
    assert any("right edge" in w.message for w in filing.source.warnings)


def test_a_further_owner_is_read_only_beside_a_known_address() -> None:
    from form4.read._text_ruled import listed_name

    address = ["600 CONGRESS AVENUE", "AUSTIN", "TEXAS", "78701", "UNITED STATES"]
    assert listed_name(["Mithril II GP", "LP", *address], address) == "Mithril II GP LP"
    assert listed_name(["THIEL PETER", "1 OTHER ROAD", *address[1:]], address) is None
    assert listed_name(["Non-", "Wrapped Fund", *address], address) is None


def test_a_note_of_several_lines_is_read_between_numbers() -> None:
    from form4.read._text_ruled import block_notes

    paragraphs = [
        ["(1)"],
        ["Shares held by the trust,", "of which the person is trustee."],
        ["Reflects shares", "(2)", "sold on the open market."],
        ["(3)"],
        ["Text of note three,", "(4)", "and of note four?"],
    ]
    notes = block_notes(paragraphs)
    assert notes["F1"] == "Shares held by the trust, of which the person is trustee."
    assert notes["F2"] == "Reflects shares sold on the open market."
    # A number alone before another note's paragraph: where its lines are is not known.
    assert "F3" not in notes
    assert "F4" not in notes


def test_a_column_of_numbers_is_read_with_as_many_paragraphs() -> None:
    from form4.read._text_ruled import block_notes

    wrapped = "Shares held by the fund, of which the person is one of the managers, and"
    first = [wrapped, "disclaims them."]
    second = [wrapped, "so on."]
    paragraphs = [["(1) A note of one line."], ["(2)"], ["(3)"], first, second]
    notes = block_notes(paragraphs)
    assert notes["F2"] == " ".join(first)
    assert notes["F3"] == " ".join(second)
    # One paragraph short: which number each belongs to is not known.
    assert not {"F2", "F3"} & set(block_notes(paragraphs[:4]))
    # A line far wider than the lines the page wraps: two lines the converter joined.
    joined = [f"{wrapped} {wrapped}", "so on."]
    assert not {"F2", "F3"} & set(block_notes([*paragraphs[:4], joined]))


def test_a_line_ending_in_part_of_a_word_shows_a_cut_page() -> None:
    from form4.read._text_ruled import cut_words, page_words

    words = page_words(["The reporting person undertakes to provide full information here."])
    assert cut_words(["The reporting person undertakes to pro", "x"], words) == ["pro"]
    assert cut_words(["The reporting person undertakes to provide", "x"], words) == []


def test_a_wide_one_line_note_is_read_only_on_an_uncut_page() -> None:
    from form4.read._text_ruled import single_line_notes

    line = "(1) The shares were withheld to satisfy tax obligations."
    texts = [line, "(2)"]
    bounds = [False, False]
    assert single_line_notes(texts, bounds, 10.0)[0] == {}
    assert single_line_notes(texts, bounds, 10.0, uncut=True)[0] == {"F1": line[4:]}
    cut = ["(1) The shares were withheld to sat", "(2)"]
    assert single_line_notes(cut, bounds, 10.0, uncut=True)[0] == {}


_TOP = "12/2/26, 2:25 PM Ownership Submission"


def test_a_browser_header_and_footer_are_blanked_and_end_pages() -> None:
    lines = [_TOP, "|a|b|", "|---|---|", "|1|2|", "", "file:///tmp/page.html 1/2", _TOP, "x"]
    lines.append("file:///tmp/page.html 2/2")
    kept, ends = browser_margins(lines)
    assert ends == {5, 8}
    assert [k for k, line in enumerate(kept) if line] == [1, 2, 3, 7]
    # Numbers out of order are no browser's footers: nothing is blanked.
    assert browser_margins([*lines[:5], "file:///tmp/page.html 2/2"]) == (
        [*lines[:5], "file:///tmp/page.html 2/2"],
        set(),
    )


def test_a_last_row_away_from_a_page_end_is_whole() -> None:
    # With the browser's footers shown, the page's breaks are known: a last row followed by
    # the page's own text is whole, one followed by a page's end may not be.
    page = _page(_NATURE, "11,241,580", "", last="Class B<br>Common").decode()
    filing = read_text(f"{_TOP}\n{page}\nReminder: Report\n\nfile:///p.html 1/1\n".encode())
    assert filing.non_derivative[1].security_title == "Class B Common"
    cut = read_text(f"{_TOP}\n{page}\n\nfile:///p.html 1/1\n".encode())
    assert cut.non_derivative[1].security_title is None
