"""The SEC's page through converters that keep its columns by spacing: inscriptis (cells laid out
one after another, ignoring spanning cells) and Chromium's PDF through ``pdftotext -layout``
(printed pages, cells centred in their rows' height). Small excerpts of what they print, read
to the right value or left out with a warning."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from importlib import import_module

import form4
from form4.model import Filing
from form4.printed import TABLE_I_COLUMNS
from form4.read.text import read_text

from .conftest import DATA

SAMPLE = DATA / "sec-renderings"
layout = import_module("form4.read._text_layout")
footer = import_module("form4.read._text_footer")
page = import_module("form4.read._text_page")
boxes = import_module("form4.read._text_boxes")


def _notes(text: str) -> tuple[dict[str, str], list[str]]:
    reader = page.Page(text, "notes.txt")
    return footer.read_footnotes(reader, 0), [w.message for w in reader.warnings]


# -- footnotes: numbers centred beside their text ------------------------------------------------
_CENTRED = """Explanation of Responses:
*     If the form is filed by more than one reporting person, see Instruction 4(b)(v).
**    Intentional misstatements or omissions of facts constitute Federal Criminal Violations.
      Reflects shares acquired by the fund from the Issuer pursuant to a Subscription
(1)
      Agreement in connection with the business combination.
(2)   Held by the trust.
    75% of such shares vest in tranches if the price of the Issuer's shares equals
(3) $15.00 for any 20 trading days within a 30 trading day period; on the Rule 10b5-
    1(c) plan.
(4)   The price reported in Column 4 is a weighted average price; the shares were sold in \
multiple transactions at prices ranging from $10.00 to $10.50, inclusive.
\f"""


def test_centred_numbers_take_as_many_lines_above_as_below() -> None:
    notes, warnings = _notes(_CENTRED)
    assert notes == {
        "F1": "Reflects shares acquired by the fund from the Issuer pursuant to a Subscription "
        "Agreement in connection with the business combination.",
        "F2": "Held by the trust.",
        "F3": "75% of such shares vest in tranches if the price of the Issuer's shares equals "
        "$15.00 for any 20 trading days within a 30 trading day period; on the Rule 10b5-1(c) "
        "plan.",
        # The widest line of the notes is whole: the page wraps the notes' text, and nothing
        # it does not wrap (remarks) makes their table wider than the paper.
        "F4": "The price reported in Column 4 is a weighted average price; the shares were sold "
        "in multiple transactions at prices ranging from $10.00 to $10.50, inclusive.",
    }
    assert not any("right edge" in w for w in warnings)


def test_uneven_lines_beside_centred_numbers_leave_all_out() -> None:
    # A line more below (1) than above it: which note it is is not known.
    text = _CENTRED.replace("(2)   Held by the trust.", "      more of the first.\n(2)   Held.")
    notes, warnings = _notes(text)
    assert notes == {}
    assert any("left out" in w for w in warnings)


def test_notes_well_short_of_the_page_edge_are_whole() -> None:
    # The page's widest line (a table's titles) sets its right edge far right of the notes'
    # widest line, which is then not cut there.
    wide = "Remarks:" + " " * 240 + "11. Nature of Indirect"
    notes, _ = _notes(_CENTRED + wide + "\n")
    assert notes["F4"].startswith("The price reported in Column 4")
    assert notes["F4"].endswith("inclusive.")
    # Without it, and with remarks the page prints as the filer's lines (which may make the
    # notes' table wider than the paper), the notes' widest line may be cut: its note is left
    # out.
    notes, warnings = _notes(_CENTRED + "Remarks:\nThe filing of this Statement shall not\n")
    assert "F4" not in notes
    assert "F3" in notes
    assert any("right edge" in w for w in warnings)


def test_a_word_too_long_for_the_notes_line_may_cut_them() -> None:
    # A word no line can wrap makes the notes' table as wide as it is, maybe wider than the
    # paper: a line as wide as the widest is not known whole.
    long_word = "https://www.example.com/" + "a" * 60
    text = _CENTRED.replace("(2)   Held by the trust.", f"(2)   See {long_word}")
    notes, _ = _notes(text)
    assert "F1" in notes
    assert "F4" not in notes


def test_notes_over_a_page_break_are_read_from_their_ends() -> None:
    # Chromium's PDF through pdftotext: a note split by a page break shows its number with its
    # first part, not centred on it; the lines do not come out even across the break. The notes
    # are read from the top down to the break and from the bottom up to it, the note next to
    # it on either side left out (which part holds its number, and how many lines, is unknown).
    text = """Explanation of Responses:
*    If the form is filed by more than one reporting person, see Instruction 4(b)(v).
(1) The shares are held by the trust.
(2) The price reported in Column 4 is a weighted average price. These shares were sold in
    multiple transactions; the reporting person undertakes to provide the number of shares
\f    sold at each separate price.
    The price reported in Column 4 is a weighted average price. These shares were sold in
(3) multiple transactions; the reporting person undertakes to provide the number of shares
    sold at each separate price.
(4) Held by the fund.
\f"""
    notes, warnings = _notes(text)
    assert notes == {"F1": "The shares are held by the trust.", "F4": "Held by the fund."}
    assert any("page break" in w for w in warnings)
    # Notes that read whole across a break are read as they are.
    notes, _ = _notes(text.replace("(2) The price", "    The price").replace(
        "    multiple transactions; the reporting person undertakes to provide the number of "
        "shares\n\f", "(2) multiple transactions; the reporting person undertakes to provide the "
        "number of shares\n\f", 1))  # fmt: skip
    assert set(notes) == {"F1", "F2", "F3", "F4"}
    # A line without a number at the margin, not in the texts' column (a converter writing
    # the form's "*" apart): what it is, is not known, and the notes are not read in parts.
    notes, _ = _notes(text.replace("(1) The shares", "*\n(1) The shares"))
    assert notes == {}


def test_a_plain_text_keeps_its_further_lines() -> None:
    # Not a printed page: a number alone is no centred note, the lines are read one by one.
    notes, _ = _notes(_CENTRED.replace("\f", ""))
    assert "F1" not in notes


# -- table rows ----------------------------------------------------------------------------------
def test_values_run_together_are_cells_apart() -> None:
    chunk = layout.Chunk(10, "$ 0 1,353,578")
    assert [(c.x, c.text) for c in layout._values_apart(chunk)] == [(10, "$ 0"), (14, "1,353,578")]
    assert layout._values_apart(layout.Chunk(0, "6,883,086 (3)")) == [
        layout.Chunk(0, "6,883,086 (3)")
    ]
    # An amount run into a title wrapped around it is a cell of its own; a title's own numbers
    # ("2010", "$0.0001") are no amount, and the title is left whole.
    parts = layout._values_apart(layout.Chunk(0, "Common 17,434,414"))
    assert [(c.x, c.text) for c in parts] == [(0, "Common"), (7, "17,434,414")]
    for title in ("Venture 2010 Fund", "Common Stock, par value $0.0001"):
        assert layout._values_apart(layout.Chunk(0, title)) == [layout.Chunk(0, title)]


def test_a_header_laid_out_cell_after_cell() -> None:
    header = [
        "1.Title of Security   2. Transaction Date (Month/Day/Year)  2A. Deemed Execution Date, "
        "if any (Month/Day/Year)  3. Transaction Code  4. Securities Acquired (A) or Disposed of "
        "(D)  5. Amount of Securities Beneficially Owned Following Reported Transaction(s)  6. "
        "Ownership Form: Direct (D) or Indirect (I)  7. Nature of Indirect Beneficial Ownership",
        "        Code                           V                 Amount       (A) or (D)    Price",
    ]
    starts = layout.column_starts(header, TABLE_I_COLUMNS["4"])
    # The k-th title starts the k-th physical column; the columns right of the last title's
    # start are not told apart.
    assert starts[:4] == [0, 22, 60, 112]
    assert starts[7:] == [starts[7], None, None, None]
    assert None not in starts[:8]


def test_rows_after_a_page_break_without_the_header_lose_their_places() -> None:
    header = (
        " 1.Title of Security        2. Transaction 2A. Deemed 3. Transaction 4. Securities "
        "5. Amount 6. 7. Nature of"
    )
    rows = [
        " Common Stock               03/01/2024                 S              100 D   $ 10  900"
        "   I  By",
        " " * 90 + "Trust",
        "Common Stock             03/02/2024                S             50 D  $ 11  850  I"
        "  By Fund",
    ]
    warned: list[str] = []
    found, _ = layout.layout_rows(
        [header, *rows], TABLE_I_COLUMNS["4"], frozenset({0, 10}), warned.append,
        [False, False, False, True],
    )  # fmt: skip
    assert len(found) == 2
    assert found[1].allowed is None  # placed by the values' kinds only
    assert found[0].doubtful  # its text cells may go on over the break
    assert any("page break" in w for w in warned)


def test_a_row_after_a_header_less_break_keeps_its_cells_by_where_they_start() -> None:
    # Chromium's PDF through pdftotext: the page after a break lays the columns closer, so the
    # nature of ownership ("by Trust", raised above its row's middle line) starts where its
    # mark "(2)" does, one character-column slack from the ownership form "I". A line's chunks
    # apart are cells apart; and the price's mark below it, starting where the price does, is
    # the price's.
    lines = [
        " " * 122 + "$",
        " " * 151 + "by Trust",
        "Common Stock" + " " * 40 + "11/10/2021" + " " * 36 + "S" + " " * 11 + "2,072   D   "
        "1,039.313 167,307,366    I   (2)",
        " " * 122 + "(11)",
    ]
    block = [layout._unglued(layout.chunks(line), lambda _: None) for line in lines]
    cells = layout._one_row(block, None, known=False)
    assert cells is not None
    assert [c.text for c in cells] == [
        "Common Stock", "11/10/2021", "S", "2,072", "D", "$ 1,039.313 (11)", "167,307,366", "I",
        "by Trust (2)",
    ]  # fmt: skip
    # A mark alone starting elsewhere than the value may be another cell's, centred: left out.
    block[-1] = layout.chunks(" " * 125 + "(11)")
    cells = layout._one_row(block, None, known=False)
    assert cells is not None
    assert "1,039.313" in [c.text for c in cells][5]
    assert "(11)" not in " ".join(c.text for c in cells)


def test_a_raised_mark_beside_a_title_does_not_start_a_row() -> None:
    # Chromium's PDF through pdftotext: a four-line title centred on its row's values, the
    # exercise date's mark-only cell "(1)" raised onto the title's second line. That line's
    # only values are marks: it is no row's line of values, and the row is one.
    lines = [
        "Stock",
        "Option" + " " * 97 + "(1)" + " " * 19 + "Common",
        " " * 15 + "$ 9.97        11/20/2020" + " " * 31 + "M" + " " * 17 + "1,987" + " " * 19
        + "11/12/2025          1,987             $0            0            D",
        "(right to" + " " * 120 + "Stock",
        "buy)",
    ]  # fmt: skip
    block = [layout._unglued(layout.chunks(line), lambda _: None) for line in lines]
    found = layout._block_rows(block, None, frozenset({0, 7, 10}), lambda _: None)
    assert len(found) == 1
    assert found[0].result().cells[0] == "Stock Option (right to buy)"


# -- whole texts of the sample -------------------------------------------------------------------
def test_inscriptis_reads_every_reporting_owner() -> None:
    got = form4.read(SAMPLE / "inscriptis" / "0001209191-21-051298.txt")
    truth = form4.read(DATA / "xml" / "0001209191-21-051298.xml")
    assert [(o.name, o.is_ten_percent_owner, o.address) for o in got.owners] == [
        (o.name, o.is_ten_percent_owner, o.address and o.address.__class__(
            street1=o.address.street1, street2=o.address.street2, city=o.address.city,
            state=o.address.state, zip_code=o.address.zip_code,
        ))
        for o in truth.owners
    ]  # fmt: skip


def test_pdftotext_reads_every_reporting_owner_s_name_and_address() -> None:
    # Chromium's PDF through pdftotext: each owner's lines at the margin, the relationship
    # marks set on the page's grid of characters (not placed for sure: left unknown, but the
    # first person's, which box 5 shows).
    got = form4.read(SAMPLE / "chromium+pdftotext-layout" / "0001209191-21-051298.txt")
    truth = form4.read(DATA / "xml" / "0001209191-21-051298.xml")
    assert [o.name for o in got.owners] == [o.name for o in truth.owners]
    for mine, theirs in zip(got.owners, truth.owners, strict=True):
        assert mine.address is not None and theirs.address is not None
        for part in ("street1", "street2", "city", "state", "zip_code"):
            assert getattr(mine.address, part) == getattr(theirs.address, part)
    assert got.owners[0].is_ten_percent_owner is True
    assert all(o.is_ten_percent_owner is None and o.is_director is None for o in got.owners[1:])


def test_pdftotext_owners_with_text_off_the_margin_are_not_read_from_the_list() -> None:
    texts = [
        " " * 68 + "Director    10% Owner         Officer   Other",
        "",
        " MITHRIL II LP",
        " C/O MITHRIL CAPITAL MANAGEMENT LLC",
        " 600 CONGRESS AVENUE" + " " * 10 + "SUITE 3100",
        " AUSTIN" + " " * 78 + "X",
        " TEXAS",
        " 78701",
        " UNITED STATES",
    ]
    reader = page.Page("\n".join(texts), "owners.txt")
    assert boxes._owners_printed(reader, texts) is None
    texts[4] = " 600 CONGRESS AVENUE SUITE 3100"
    listed = boxes._owners_printed(reader, texts)
    assert listed is not None
    assert [(o.name, o.address and o.address.state, o.is_director) for o in listed] == [
        ("MITHRIL II LP", "TX", None)
    ]


def test_pdftotext_amendment_date_right_under_its_label_where_boxes_run_together() -> None:
    # An older look of the SEC's page (X07) through Chromium and pdftotext: box 4 beside box
    # 1's lines is not told apart from them, but its date stands right under its label; that
    # date makes the "FORM 4" page an amendment.
    path = DATA / "sec-renderings-older" / "chromium+pdftotext-layout"
    got = form4.read(path / "0000707549-25-000004.4_X07.txt")
    assert got.document_type == "4/A"
    assert str(got.date_of_original_submission) == "2024-11-04"
    assert str(got.period_of_report) == "2024-11-04"  # box 3, above box 4, alike
    reader = page.Page((path / "0000707549-25-000004.4_X07.txt").read_text(), "boxes.txt")
    at = next(i for i, line in enumerate(reader.lines) if "If Amendment" in line.text)
    assert boxes._date_below_label(reader, "amendment") == ["11/04/2024"]
    reader.lines[at + 1] = replace(reader.lines[at + 1], text=" " * 126 + "_X_ Form filed")
    assert boxes._date_below_label(reader, "amendment") == []  # nothing under it: empty


def test_inscriptis_state_name_is_read_as_its_code() -> None:
    got = form4.read(SAMPLE / "inscriptis" / "0000899243-21-043382.txt")
    assert got.owners[0].address is not None
    assert got.owners[0].address.state == "PA"


def test_pdftotext_form_3_heading_set_apart() -> None:
    got = form4.read(SAMPLE / "chromium+pdftotext-layout" / "0000899243-20-025608.txt")
    assert got.document_type == "3"


def test_pdftotext_amendment_date_under_a_wrapped_label() -> None:
    got = form4.read(SAMPLE / "chromium+pdftotext-layout" / "0000707549-25-000004.txt")
    assert got.document_type == "4/A"
    assert str(got.date_of_original_submission) == "2024-11-04"


def test_inscriptis_price_given_by_its_footnote_only() -> None:
    got = form4.read(SAMPLE / "inscriptis" / "0000899243-20-025608.txt")
    row = got.derivative[0]
    assert row.conversion_price is None
    assert row.footnotes.get("conversion_price") == ("F1",)
    assert row.underlying_shares == Decimal("2027400")


def _with_running_lines(text: str) -> str:
    """A PDF's text as a browser prints it with its header and footer on every page."""
    pages = text.split("\f")
    count = len([p for p in pages if p.strip()])
    return "\f".join(
        f"12/2/26, 2:26 PM          Ownership Submission\n\n{body.rstrip(chr(10))}\n\n"
        f"file:///tmp/form4-a1/page.html                    {k}/{count}\n"
        if body.strip()
        else body
        for k, body in enumerate(pages, 1)
    )


def test_pdftotext_running_header_and_footer_left_out() -> None:
    # The footer's address holds "form4": read as the heading, it made a Form 3 a Form 4.
    path = SAMPLE / "chromium+pdftotext-layout" / "0000899243-20-025608.txt"
    plain = form4.read(path)
    text = _with_running_lines(path.read_text())
    assert text.count("file:///") == 4
    got = read_text(text.encode(), "printed.txt")
    assert got.document_type == "3"
    for part in ("issuer", "owners", "non_derivative", "derivative", "footnotes", "remarks"):
        assert getattr(got, part) == getattr(plain, part), part
    assert any("top and foot of each page" in w.message for w in got.source.warnings)


def test_values_only_around_a_page_break_keep_the_rows_text() -> None:
    # Only a footnote mark and a price's "$" stand between the rows' middle lines across the
    # break: no text cell runs over it. Text there ("Trust") leaves both rows' text in doubt.
    first = (
        " Common Stock               03/01/2024                 S              100     D     "
        "$ 10      900      I      By"
    )
    second = (
        "Common Stock             03/02/2024                S             50      D      11    "
        "   850     I     By Fund"
    )
    titles = [
        "1.Title of",
        "2. Date",
        "3. Code",
        "4. Securities",
        "5. Amount",
        "6. Form",
        "7. Nature",
    ]
    places = [1, 28, 55, 70, first.index("900"), first.index(" I ") + 1, first.index("By")]
    header = ""
    for title, place in zip(titles, places, strict=True):
        header = header.ljust(place) + title
    x = first.index("$")
    for between, doubted in (([" " * x + "(7)"], False), ([" " * (x + 25) + "Trust"], True)):
        texts = [header, first, *between, " " * second.index("11") + "$", second]
        found, _ = layout.layout_rows(
            texts, TABLE_I_COLUMNS["4"], frozenset({0, 10}), lambda _: None,
            [False, False, False, True, False],
        )  # fmt: skip
        assert len(found) == 2
        assert found[0].cells[0] == "Common Stock"
        assert (0 in found[0].doubtful) is doubted
        assert (0 in found[1].doubtful) is doubted


# -- the older looks of the page (X06-X08) ---------------------------------------------------------
_OLDER = DATA / "sec-renderings-older" / "inscriptis" / "0001209191-21-051298.4_X08.txt"


def _older(text: str) -> Filing:
    return read_text(text.encode("utf-8"), "older.txt")


def test_table_one_titled_beside_box_one_is_read() -> None:
    # The title stands right of "(City) (State) (Zip)": the table is found, the hint is box 1's.
    text = _OLDER.read_text(encoding="utf-8")
    assert "(Zip)  " in next(line for line in text.splitlines() if "Table I -" in line)
    filing = _older(text)
    assert len(filing.non_derivative) == 2
    assert filing.non_derivative[0].security_title == "Common Stock"
    assert not any(w.place == "Table I" for w in filing.source.warnings)


def test_streets_on_one_line_are_told_apart_by_the_list_of_owners() -> None:
    address = _older(_OLDER.read_text(encoding="utf-8")).owners[0].address
    assert address is not None
    assert (address.street1, address.street2) == (
        "C/O MITHRIL CAPITAL MANAGEMENT LLC",
        "600 CONGRESS AVENUE SUITE 3100",
    )


def test_streets_on_one_line_the_list_does_not_confirm_are_left_out() -> None:
    # The list's first street no longer the box's first part: "street1, street2" stays unsplit.
    text = _OLDER.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[50] = lines[50].replace(
        "C/O MITHRIL CAPITAL MANAGEMENT LLC", "C/O MITHRIL CAPITAL LLC   "
    )
    filing = _older("\n".join(lines))
    address = filing.owners[0].address
    assert address is not None
    assert (address.street1, address.street2) == (None, None)
    assert address.city == "AUSTIN"
    assert any("one line" in w.message for w in filing.source.warnings)


def test_a_comma_before_the_pages_comma_is_the_citys() -> None:
    text = _OLDER.read_text(encoding="utf-8").replace("AUSTIN, TX", "AUSTIN,, TX")
    address = _older(text).owners[0].address
    assert address is not None
    assert (address.city, address.state, address.zip_code) == ("AUSTIN,", "TX", "78701")


_OLDER_MD = DATA / "sec-renderings-older" / "markitdown" / "0001209191-21-051298.4_X08.txt"


def test_older_box_one_in_cells_splits_its_streets_by_the_listed_cell() -> None:
    # Box 1's cell "street1, street2"; the list's cell runs the streets together with a space.
    address = _older(_OLDER_MD.read_text(encoding="utf-8")).owners[0].address
    assert address is not None
    assert (address.street1, address.street2) == (
        "C/O MITHRIL CAPITAL MANAGEMENT LLC",
        "600 CONGRESS AVENUE SUITE 3100",
    )
    assert (address.city, address.state, address.zip_code) == ("AUSTIN", "TX", "78701")


def test_older_box_one_in_cells_keeps_a_street_the_list_shows_whole() -> None:
    # The list's cell shows the comma: one street holding ", ", not two streets.
    text = _OLDER_MD.read_text(encoding="utf-8").replace(
        "| MITHRIL II LP C/O MITHRIL CAPITAL MANAGEMENT LLC 600",
        "| MITHRIL II LP C/O MITHRIL CAPITAL MANAGEMENT LLC, 600",
    )
    address = _older(text).owners[0].address
    assert address is not None
    assert (address.street1, address.street2) == (
        "C/O MITHRIL CAPITAL MANAGEMENT LLC, 600 CONGRESS AVENUE SUITE 3100",
        None,
    )


def test_older_box_one_in_cells_leaves_out_streets_the_list_does_not_show() -> None:
    text = _OLDER_MD.read_text(encoding="utf-8").replace(
        "| MITHRIL II LP C/O MITHRIL CAPITAL MANAGEMENT LLC 600", "| MITHRIL II LP 600", 1
    )
    filing = _older(text)
    address = filing.owners[0].address
    assert address is not None
    assert (address.street1, address.street2) == (None, None)
    assert address.city == "AUSTIN"
    assert any("one line" in w.message for w in filing.source.warnings)


def test_pdftotext_rows_centred_without_blank_lines_are_read_by_their_ownership_form() -> None:
    # An older look of the SEC's page (X06) through Chromium and pdftotext: the rows of Table
    # II follow one another without a blank line, each cell centred in its row's height, the
    # columns set anew on each printed page. The rows are the lines of their ownership form;
    # each column's lines are split between them where only one way fits. The natures, wrapped
    # over lines that fit either of two rows, are left out, and so are the texts of the rows
    # beside a page break (a row may go on over it); their values are kept, as each of them
    # shows a value in every column of values of its page.
    path = DATA / "sec-renderings-older" / "chromium+pdftotext-layout"
    got = form4.read(path / "0000899243-18-024846.3_X06.txt")
    truth = form4.read(DATA / "xml" / "0000899243-18-024846.xml")
    assert len(got.derivative_holdings) == len(truth.derivative_holdings) == 14
    beside = {0, 1, 10, 11}  # the rows beside the two page breaks
    for k, (mine, theirs) in enumerate(
        zip(got.derivative_holdings, truth.derivative_holdings, strict=True)
    ):
        assert mine.nature is None
        assert mine.underlying_shares == theirs.underlying_shares
        assert mine.direct_indirect == theirs.direct_indirect == "I"
        if k in beside:
            assert (mine.security_title, mine.underlying_title) == (None, None)
            continue
        assert mine.security_title == theirs.security_title
        assert mine.footnotes.get("exercise_date") == theirs.footnotes.get("exercise_date")
    assert got.derivative_holdings[2].security_title == "Series B Convertible Preferred Stock"
    assert any("not told apart from the rows around it" in w.message for w in got.warnings)


def test_pdftotext_rows_beside_a_page_break_left_out_unless_both_show_every_value() -> None:
    # The first row after the second page break shows no amount of underlying shares: its
    # amount may stand before the break, or the row before it go on over it. Both rows beside
    # that break are left out whole; those beside the first break are still read.
    path = DATA / "sec-renderings-older" / "chromium+pdftotext-layout"
    text = (path / "0000899243-18-024846.3_X06.txt").read_text(encoding="utf-8")
    assert text.count("Common 576,325") == 1
    got = form4.read(text.replace("Common 576,325", "Common        "))
    rows = got.derivative_holdings
    assert len(rows) == 14
    for k in (10, 11):
        assert (rows[k].underlying_shares, rows[k].direct_indirect) == (None, None)
    assert (rows[1].underlying_shares, rows[1].direct_indirect) == (80186, "I")
    assert (rows[12].underlying_shares, rows[12].direct_indirect) == (63064, "I")


def test_pdftotext_a_column_split_between_rows_only_where_one_way_fits() -> None:
    item = layout._Item
    # Amounts centred in their rows: "189" stands between two rows' middle lines, but the row
    # above already shows one ("472"), and "(1)" marks it below.
    amounts = [item(10, "472", "v"), item(11, "189", "v"), item(13, "(1)", "m")]
    assert layout._sure_cells(amounts, [10, 12], False, False) == [
        ("472", True),
        ("189 (1)", True),
    ]
    # A price's "$" stands above its number, never below.
    prices = [item(10, "$0", "v"), item(11, "$", "$"), item(13, "146.56", "v")]
    assert layout._sure_cells(prices, [10, 12], False, False) == [("$0", True), ("$ 146.56", True)]
    # A text wrapped over lines that fit either of two rows is not told apart.
    natures = [item(n, f"part {n}", "t") for n in (0, 2, 3, 5, 6, 7, 8, 9, 10)]
    assert layout._sure_cells(natures, [3, 8], True, False) == [(None, False), (None, False)]
    # Every row opens with a title: none that fits no row.
    assert layout._sure_cells([item(20, "Common Stock", "t")], [3, 8], True, True) is None


def test_pdftotext_a_column_s_values_are_of_one_kind() -> None:
    # A short amount's "D" may start where the prices' "$" do: the code letters are a column
    # apart from the numbers, and footnote marks alone go with the numbers.
    group = [(121, 8, "$"), (121, 10, "1,073.04"), (121, 11, "(1)"), (122, 56, "D")]
    assert layout._apart(group) == [
        [(121, 8, "$"), (121, 10, "1,073.04"), (121, 11, "(1)")],
        [(122, 56, "D")],
    ]
    # A text column keeps its lines together, unless a value shares a line with one of them.
    texts = [(0, 1, "Common"), (0, 2, "Stock (1)")]
    assert layout._apart(texts) == [texts]
    assert layout._apart([(61, 3, "I"), (65, 3, "By Sequoia")]) == [
        [(61, 3, "I")],
        [(65, 3, "By Sequoia")],
    ]


def test_pdftotext_a_text_running_on_into_the_next_row_s_is_left_out() -> None:
    item = layout._Item
    # Two titles of two lines each, set apart by an empty line: each is its row's.
    titles = [
        item(n, t, "t") for n, t in ((1, "Class B"), (2, "Stock"), (6, "Class A"), (7, "Stock"))
    ]
    assert layout._sure_cells(titles, [1, 6], True, True) == [
        ("Class B Stock", True),
        ("Class A Stock", True),
    ]
    # Line after line into the next row's, a text is not told apart for sure, however well
    # its lines are centred.
    natures = [item(n, f"part {n}", "t") for n in (1, 2, 4, 5)]
    assert layout._set_apart(natures, 0, 2) is True
    assert layout._set_apart(natures, 2, 4) is True
    natures[2] = item(3, "part 3", "t")
    assert layout._set_apart(natures, 0, 2) is False
    assert layout._set_apart(natures, 2, 4) is False


# -- Table II's sub-column titles wrapped over lines ----------------------------------------------
_STACKED = [
    "1. Title of   2.          3. Transaction   4.          5. Number of 6. Date Exercisable and "
    "7. Title and Amount of",
    "                                                                         Amount",
    "                                          Date        Expiration         or",
    "                                                              Title",
    "                                          Exercisable Date               Number",
    "              Code    V (A)        (D)                                   of Shares",
]


def test_sub_column_titles_wrapped_over_lines_place_their_columns() -> None:
    from form4.printed import TABLE_II_COLUMNS

    subs = [s for column in TABLE_II_COLUMNS["4"] for s in column.sub]
    # Code, V, (A), (D), Date Exercisable, Expiration Date, Title, Amount or Number of Shares
    assert layout._stacked_sub_starts(_STACKED, subs) == [14, 22, 24, 35, 42, 54, 62, 73]
    # A title's words must stand under its first word: "Date" over "Exercisable" is one title,
    # "Date" beside "Expiration" is not.
    moved = [*_STACKED[:4], _STACKED[4].replace("Exercisable", "   Exercisable"), _STACKED[5]]
    assert layout._stacked_sub_starts(moved, subs) == []


def test_a_last_title_cut_short_marks_the_page_edge() -> None:
    title = ["Nature", "of", "Indirect", "Beneficial", "Ownership", "(Instr.", "4)"]
    assert layout._title_cut(["10.     11. Natu"], "11", title)
    assert layout._title_cut(["10.     11."], "11", title)
    assert not layout._title_cut(["10.     11. Nature"], "11", title)
    assert not layout._title_cut(["10.     11. Nature of Indirect"], "11", title)


def test_a_number_run_into_a_text_cell_is_told() -> None:
    table = import_module("form4.read._text_table")
    for text in ("Class A Common 25,000 Stock", "Option $ 23.529", "Common 26.325 Stock"):
        assert table._RUN_IN.search(text), text
    for text in ("Series 2 Preferred", "7.25% Notes", "Stock Option (Right to Buy)"):
        assert not table._RUN_IN.search(text), text
