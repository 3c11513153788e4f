"""Pages whose tables a converter made from a PDF's ruled tables (markdown grids, ``<br>`` in
cells, ``ColN`` for empty header cells): values are placed by the column titles they lie under,
and what a page's edge or break may have cut is left out with a warning."""

from __future__ import annotations

from decimal import Decimal

from form4.model import Filing
from form4.read._text_ruled import browser_margins
from form4.read.text import read_text
from form4.read.xml import read_xml

from .conftest import DATA

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


def _pymupdf_page(stem: str) -> tuple[Filing, Filing]:
    """A kept filing's XML and its SEC page through Chromium's PDF and pymupdf4llm, both read."""
    page = DATA / "sec-renderings" / "chromium+pymupdf4llm" / f"{stem}.txt"
    return read_xml((DATA / "xml" / f"{stem}.xml").read_bytes()), read_text(page.read_bytes())


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


def test_a_last_text_the_same_as_one_above_it_is_whole() -> None:
    # A page's break cuts a text between the lines its column wraps it into: the same text
    # above, in a column as wide, fills those lines and ends there.
    row = read_text(_page(_NATURE, "11,241,580", "")).non_derivative[1]
    assert row.security_title == "Common Stock"
    # Another text, or a part of the one above: the page's break may have cut it.
    for cut in ("Common", "Common<br>Stock<br>Units"):
        row = read_text(_page(_NATURE, "11,241,580", "", last=cut)).non_derivative[1]
        assert row.security_title is None


def test_a_last_row_whose_tallest_texts_end_with_marks_is_whole() -> None:
    # A row is as tall as its tallest cell: that text whole (its marks printed last), every
    # text of the row is.
    filing = read_text(_page(_NATURE, "11,241,580", "By the<br>family<br>trust (1)",
                             last="Class B<br>Common"))  # fmt: skip
    row = filing.non_derivative[1]
    assert (row.security_title, row.nature) == ("Class B Common", "By the family trust")
    # A text as tall without its marks may go on past a page's break, and the row with it.
    for nature in ("By the<br>trust", "By the<br>trust (1)"):
        cut = read_text(_page(_NATURE, "11,241,580", nature, last="Class B<br>Common"))
        assert cut.non_derivative[1].security_title is None


def test_a_last_text_two_lines_shorter_than_its_row_ended_above_a_break() -> None:
    # A page's break starts each cell of the row it cuts at the row's top: a text it cut shows
    # as many lines as the tallest cell, or one fewer (a raised mark makes a line taller).
    nature = "By the<br>Doe<br>family<br>trust"
    filing = read_text(_page(_NATURE, "11,241,580", nature, last="Class B<br>Common"))
    row = filing.non_derivative[1]
    assert row.security_title == "Class B Common"
    # One line shorter only: the break may have cut it before a taller line.
    cut = read_text(
        _page(_NATURE, "11,241,580", "By the<br>family<br>trust", last="Class B<br>Common")
    )
    assert cut.non_derivative[1].security_title is None


def test_a_real_last_row_keeps_the_text_two_lines_shorter() -> None:
    """Chromium's PDF through pymupdf4llm, Table II's one row: the underlying title (two lines)
    is read, the title as tall as the row (four lines, no marks) left out."""
    stem = "edgartools_374WaterForm4"
    truth, got = _pymupdf_page(stem)
    row = got.derivative[0]
    assert row.underlying_title == truth.derivative[0].underlying_title == "Common Stock"
    assert row.security_title is None


def test_a_piece_of_a_row_whose_row_is_lost_ends_the_table() -> None:
    # A page's next grid opens with a piece of a row (its price) whose other cells the
    # converter dropped: the row above shows a price already, so the piece is no part of it,
    # and which row each one after it is, is not known.
    page = _page(_NATURE, "11,241,580", "").decode()
    rest = (
        "\n|Col1|Col2|Col3|Col4|Col5|Col6|Col7|$<br>18<br>(3)|Col9|Col10|Col11|\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
        "|Common Stock|08/12/2021||P||500|A|$<br>19|11,242,080|D||\n"
    )
    filing = read_text((page + rest).encode())
    assert len(filing.non_derivative) == 2
    assert any("its row not shown" in w.message for w in filing.source.warnings)
    # The rest of the row above, at the next page's top, goes on with it.
    rest = rest.replace("$<br>18<br>(3)", "(3)")
    assert len(read_text((page + rest).encode()).non_derivative) == 3


def test_a_zip_code_broken_after_its_hyphen_is_one_code() -> None:
    from form4.read._text_ruled import _unwrap

    lines = ["(Street)", "REDMOND", "WASHINGTON", "98052-", "6399"]
    assert _unwrap(lines) == ["(Street)", "REDMOND", "WASHINGTON", "98052-6399"]
    assert _unwrap(["98052-", "UNITED STATES"]) == ["98052-", "UNITED STATES"]


def test_sub_titles_a_page_broke_go_on_in_the_next_grid() -> None:
    # The page broke the row of sub-titles ("(A) or" / "(D)"), the last row on it: the next
    # grid's header holds the rest, and its rows are read under the joined sub-titles.
    page = _page(_NATURE, "11,241,580", "").decode()
    head, rows = page.split("|Common<br>Stock|08/10/2021", 1)
    head = head.replace("|(A) or<br>(D)|", "|(A) or|")
    rest = (
        "\n|Col1|Col2|Col3|Col4|Col5|Col6|(D)|Col8|Col9|Col10|Col11|Col12|\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        "|Common<br>Stock|08/10/2021" + rows
    )
    filing = read_text((head + rest).encode())
    assert len(filing.non_derivative) == 2
    assert filing.non_derivative[0].acquired_disposed == "A"
    # Text under a cell without a sub-title above it is no rest of them.
    other = rest.replace("|Col1|Col2|", "|x|Col2|", 1)
    assert read_text((head + other).encode()).non_derivative == ()


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


def _notes(*paragraphs: list[str], gap: int = 2) -> tuple[list[str], list[bool]]:
    """The lines of paragraphs, ``gap`` blank lines between them (a list starting with ``1``:
    one blank line before it), as the Explanation of Responses' lines and their bounds."""
    texts: list[str] = []
    for lines in paragraphs:
        blank = gap
        if lines and lines[0] == "1":
            blank, lines = 1, lines[1:]
        texts += [""] * (blank if texts else 0) + lines
    return texts, [False] * len(texts)


_WRAPPED = "Shares held by the fund, of which the person is one of the managers, and"


def test_a_note_of_two_lines_is_read_from_its_bracketed_first_line() -> None:
    from form4.read._text_ruled import paragraph_notes, width

    texts, bounds = _notes(["(1) [" + _WRAPPED + "]"], ["1", "disclaims them."], ["(2) One line."])
    notes = paragraph_notes(texts, bounds, width)[0]
    assert notes["F1"] == (f"{_WRAPPED} disclaims them.", False)
    assert notes["F2"] == ("One line.", True)
    # The line below it more than one: which of them are its own is not known.
    texts, bounds = _notes(["(1) [" + _WRAPPED + "]"], ["1", "disclaims", "them."], ["(2) x."])
    assert "F1" not in paragraph_notes(texts, bounds, width)[0]


def test_a_note_whose_number_stands_halfway_is_read_from_both_halves() -> None:
    from form4.read._text_ruled import paragraph_notes, width

    texts, bounds = _notes(
        [_WRAPPED, "(1)", "disclaims them."],
        [_WRAPPED],
        ["1", "(2) " + _WRAPPED],
        ["1", "the third line."],
        ["(3) One line."],
    )
    notes = paragraph_notes(texts, bounds, width)[0]
    assert notes["F1"] == (f"{_WRAPPED} disclaims them.", False)
    assert notes["F2"] == (f"{_WRAPPED} {_WRAPPED} the third line.", False)
    assert notes["F3"] == ("One line.", True)
    # Halves of other sizes: the lines are not told apart, nor the next note's one blank line
    # below them.
    texts, bounds = _notes([_WRAPPED, _WRAPPED, "(1)", "disclaims."], ["1", "(2) One line."])
    assert paragraph_notes(texts, bounds, width)[0] == {}


def test_a_run_of_numbers_takes_as_many_paragraphs_after_it() -> None:
    from form4.read._text_ruled import paragraph_notes, width

    first, second = [_WRAPPED, "disclaims them."], [_WRAPPED, "so on."]
    texts, bounds = _notes(["(1)"], ["(2)"], first, second, ["(3) One line."])
    notes = paragraph_notes(texts, bounds, width)[0]
    assert notes["F1"][0] == " ".join(first)
    assert notes["F2"][0] == " ".join(second)
    assert notes["F3"][0] == "One line."
    # A paragraph short, or one too many: which number each belongs to is not known.
    texts, bounds = _notes(["(1)"], ["(2)"], first, ["(3) One line."])
    assert not {"F1", "F2"} & set(paragraph_notes(texts, bounds, width)[0])
    texts, bounds = _notes(["(1)"], ["(2)"], first, second, second, ["(3) One line."])
    assert set(paragraph_notes(texts, bounds, width)[0]) == {"F3"}  # well below them
    # A line far wider than the lines the page wraps: two lines the converter joined.
    joined = [f"{_WRAPPED} {_WRAPPED}", "so on."]
    texts, bounds = _notes(["(1)"], ["(2)"], first, joined, ["(3) One line."])
    assert set(paragraph_notes(texts, bounds, width)[0]) == {"F1", "F3"}


def test_a_number_well_below_lines_not_told_apart_opens_its_own_note() -> None:
    from form4.read._text_ruled import paragraph_notes, width

    # Lines of no known shape: the note below them is read only where more than one blank
    # line sets its number apart (a note's own lines above its number stand one line above).
    texts, bounds = _notes(["(1) [" + _WRAPPED + "]"], ["1", "a", "b"], ["(2) One line."])
    assert set(paragraph_notes(texts, bounds, width)[0]) == {"F2"}
    texts, bounds = _notes(["(1) [" + _WRAPPED + "]"], ["1", "a", "b"], ["1", "(2) One line."])
    assert paragraph_notes(texts, bounds, width)[0] == {}


def test_a_number_shown_twice_is_read_only_with_the_same_text() -> None:
    from form4.read._text_ruled import paragraph_notes, width

    texts, bounds = _notes(["(1) One line."], ["(1) One line."], ["(2) Two."], ["(2) Other."])
    assert paragraph_notes(texts, bounds, width)[0] == {"F1": ("One line.", True)}


def test_the_notes_of_a_real_page_are_told_apart_by_their_paragraphs() -> None:
    """Chromium's PDF of the SEC's page through pymupdf4llm: numbers alone before their text,
    numbers between the two lines of a note, notes of one line; every one read whole."""
    stem = "0000899243-21-043382"
    truth, got = _pymupdf_page(stem)
    assert len(truth.footnotes) == 13
    assert got.footnotes == truth.footnotes


def test_a_page_is_cut_only_where_a_text_ends_at_its_edge_cut() -> None:
    from form4.read._text_page import Page
    from form4.read.text import _cut_ends

    wide = "The reporting person undertakes to provide full information on request, and so"
    last = "(2) The person is a trustee of the family trust, and holds them for its heirs."
    region = [wide, "on.", "", last]
    bounds = [False] * 4

    def cut_lines(end: str) -> list[str]:
        lines = [*region[:3], end]
        return _cut_ends(Page("\n".join(lines), "x"), lines, bounds, {wide}, {end})

    # A wrapped line ending in a word the page shows nowhere else, and a note's last line
    # ending a sentence: no sign of a cut.
    assert cut_lines(last) == []
    # A note's last line at the edge ending in part of a word, or in no sentence's end.
    assert cut_lines(last[:-8] + " he") == [last[:-8] + " he"]
    assert cut_lines(last[:-8]) == [last[:-8]]
    # Most lines at the edge ending in the start of a longer word the page shows whole: the
    # page cuts them, wrapped lines too.
    wrapped = [f"{wide[:-7]} for the price, pro", f"{wide[:-7]} for the prices, pr", "on."]
    lines = [*wrapped, "", "(2) It will provide the prices."]
    reader = Page("\n".join(lines), "x")
    assert _cut_ends(reader, lines, [False] * 5, set(wrapped), {lines[-1]}) == wrapped[:2]


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


# Table II as Chromium's PDF of the SEC's page gives it through pymupdf4llm when the page broke
# the column titles: one grid column for each of the form's cells, the header taking in the
# titles' last lines and the first row's values (spread through the columns of their spans).
_TABLE_II = (
    "\n**Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned**\n\n"
    "|Col1|Col2|Col3|Col4|Col5|Col6|(Instr. 3, 4, and<br>5)|Col8|Col9|Col10|Col11|Col12|Col13"
    "|Reported<br>Transaction(s)<br>(Instr. 4)|or Indirect<br>(I)<br>(Instr. 4)|Col16|\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    "|||||C|||11,733|(5)(6)|(7)|Class A<br>Common<br>Stock|11,733|11,733|11,733|11,733|11,733|\n"
    "|Class B<br>Common<br>Stock|(5) (6)|04/15/2013||C|||23,465|(5)(6)|(7)|Class A<br>Common<br>"
    "Stock|23,465|$ 0|3,536,497|I|See<br>Footnote<br>(4)|\n"
)


def test_a_first_row_the_header_took_in_is_read_where_it_is_sure() -> None:
    filing = read_text(_page(_NATURE, "11,241,580", "") + _TABLE_II.encode())
    first, second = filing.derivative
    assert first.code == "C"  # in its own column
    assert first.shares == Decimal("11733")
    assert first.underlying_title == "Class A Common Stock"
    assert first.underlying_shares == Decimal("11733")  # the first of the cells it spreads to
    assert first.security_title is None and first.shares_owned_after is None
    assert first.direct_indirect is None  # the copies to its right are not its own columns
    assert second.direct_indirect == "I" and second.transaction_date is not None
    assert second.shares_owned_after == Decimal("3536497")
    assert any("row 1" in str(w) and "header" in str(w) for w in filing.warnings)
    # Values of two rows in one column of the header: which is whose is not known.
    values = _TABLE_II.split("\n")[5]
    two = _TABLE_II.replace(values, values + "\n" + values.replace("|C|||11,733|", "|G|||7|"))
    assert read_text(_page(_NATURE, "11,241,580", "") + two.encode()).derivative == ()


def test_a_header_of_titles_only_leaves_the_clean_rows_all_the_rows() -> None:
    values, clean = _TABLE_II.split("\n")[5:7]
    filing = read_text(
        _page(_NATURE, "11,241,580", "") + _TABLE_II.replace(values + "\n", "").encode()
    )
    (row,) = filing.derivative
    assert row.shares_owned_after == Decimal("3536497") and row.direct_indirect == "I"
    # The header holding the table's only row: read where Table II's titles show in it.
    alone = _TABLE_II.replace(clean + "\n", "")
    assert read_text(_page(_NATURE, "11,241,580", "") + alone.encode()).derivative == ()
    titled = alone.replace("|Col1|Col2|", "|Col1|Derivative<br>Security|", 1)
    (only,) = read_text(_page(_NATURE, "11,241,580", "") + titled.encode()).derivative
    assert only.code == "C" and only.shares == Decimal("11733") and only.direct_indirect is None


def test_a_first_row_s_values_stacked_in_one_header_cell_are_told_by_their_kind() -> None:
    values = _TABLE_II.split("\n")[5]
    stacked = "$ 0<br>3,548,230<br>I<br>See<br>Footnote<br>(4)"
    subs = (
        "||||||V|(A)|(D)|Date<br>Exercisable|Expiration<br>Date|Title|Amount<br>or<br>Number"
        f"<br>of Shares|{stacked}|{stacked}|{stacked}|{stacked}|"
    )
    page = (
        _page(_NATURE, "11,241,580", "") + _TABLE_II.replace(values, f"{subs}\n{values}").encode()
    )
    first = read_text(page).derivative[0]
    assert first.code == "C" and first.price == Decimal("0")
    assert first.shares_owned_after == Decimal("3548230") and first.direct_indirect == "I"
    assert first.nature == "See Footnote"
    # A line of marks alone: whose marks they are is not known, and nothing of the cell is read.
    marked = page.replace(b"$ 0<br>3,548,230", b"$ 0<br>(3)<br>3,548,230")
    first = read_text(marked).derivative[0]
    assert first.code == "C" and first.price is None and first.direct_indirect is None


def test_a_signature_whose_name_the_converter_dropped_keeps_its_date() -> None:
    """pymupdf4llm keeps only the signatures' column of dates ("|Col1|12/10/2024|", then
    "||Date|"): the date is read, the name left out with a warning, not made up."""
    stem = "0000707549-25-000004"
    truth, got = _pymupdf_page(stem)
    assert [s.date for s in got.signatures] == [s.date for s in truth.signatures]
    assert [s.name for s in got.signatures] == [""]
    assert any("signer's name not shown" in str(w) for w in got.source.warnings)


def test_the_signatures_of_one_names_cell_pair_with_the_dates_column() -> None:
    """Four signatures: the names one cell, each name over its label; the dates a column of a
    date, then "Date" over the next: each name with its date, in order."""
    stem = "0001209191-21-051298"
    truth, got = _pymupdf_page(stem)
    assert len(truth.signatures) == 4
    assert got.signatures == truth.signatures


def test_a_signatures_grid_is_read_only_with_as_many_names_as_dates() -> None:
    from form4.read._text_ruled import grids, signature_grid

    def shape(rows: str) -> list[tuple[str | None, str]] | None:
        return signature_grid(grids(rows.strip().split("\n")))

    label = "**~~S~~ignature of Reporting Person"
    assert shape("|Col1|12/10/2024|\n|---|---|\n||Date|") == [(None, "12/10/2024")]
    names = f"/s/ Jane<br>Doe<br>{label}<br>/s/ John Roe<br>{label}"
    rows = [f"|{names}|12/10/2024|", f"|{names}|Date<br>12/11/2024|", f"|{names}|Date|"]
    two = "\n".join(["|Signatures|Col2|", "|---|---|", *rows])
    assert shape(two) == [("/s/ Jane Doe", "12/10/2024"), ("/s/ John Roe", "12/11/2024")]
    assert shape(two.replace("Date<br>12/11/2024", "Date")) is None  # two names, one date
    broken = two.replace("Jane<br>Doe", "Jane-<br>Doe")  # "Jane-Doe" or "Jane- Doe"
    assert shape(broken) == [(None, "12/10/2024"), ("/s/ John Roe", "12/11/2024")]
    assert shape("|Col1|12/10/2024|\n|---|---|\n|Jane Doe|Date|") is None  # no label
    assert shape("|Col1|12/10/2024|\n|---|---|\n||12/11/2024|") is None  # no "Date" under it


def test_the_older_looks_streets_are_the_owners_lines_that_join_as_box_1() -> None:
    """The oldest look prints box 1's streets as one text, "street1, street2", which the PDF
    wraps anywhere; the Reporting Owners table prints a street a line: those lines, joined
    with ", ", are box 1's text. The one street of a Form 3 is read the same way."""
    older = DATA / "sec-renderings-older" / "chromium+pymupdf4llm"
    for name in ("0000707549-25-000004.4_X06", "0000899243-18-024846.3_X06"):
        truth = read_xml((DATA / "xml" / f"{name.split('.')[0]}.xml").read_bytes())
        got = read_text((older / f"{name}.txt").read_bytes())
        for mine, real in zip(got.owners, truth.owners, strict=True):
            assert mine.address is not None and real.address is not None
            assert (mine.address.street1, mine.address.street2) == (
                real.address.street1,
                real.address.street2,
            )


def test_owners_lines_join_as_box_1_only_a_street_a_line() -> None:
    from form4.read._text_ruled import joined_streets

    lines = ["DOE JANE", "C/O ACME", "1 MAIN ST", "AUSTIN, TX 78701"]
    box = ["C/O ACME, 1", "MAIN ST"]
    assert joined_streets(lines, "DOE JANE", box, "AUSTIN", "AUSTIN, TX 78701") == [
        "C/O ACME",
        "1 MAIN ST",
    ]
    # One street the table wrapped after its comma: box 1 shows one comma, not two.
    wrapped = ["DOE JANE", "C/O ACME,", "1 MAIN ST", "AUSTIN, TX 78701"]
    city = ("AUSTIN", "AUSTIN, TX 78701")
    assert joined_streets(wrapped, "DOE JANE", ["C/O ACME, 1 MAIN ST"], *city) is None
    # Box 1 without the comma between them: one street wrapped in the table.
    assert joined_streets(lines, "DOE JANE", ["C/O ACME 1 MAIN ST"], *city) is None
