"""The typed row reader: a row's tokens placed into the form's columns by their types alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import form4
from form4.printed import ROW_FIELDS
from form4.read._typed_rows import chain_adds_up, line_tokens, read_row

TABLE_I = ROW_FIELDS[("4", False)]
TABLE_II = ROW_FIELDS[("4", True)]


def _values(tokens: list[str], layout: tuple[str, ...], **kw: object) -> dict[str, str]:
    row = read_row(tokens, layout, **kw)  # type: ignore[arg-type]
    return {column: cell.text for column, cell in row.cells.items()}


def test_a_row_in_order_is_read_whole() -> None:
    tokens = line_tokens("Common Stock 11/04/2024   G   3,690 A $ 0 30,630 I (1) by trust")
    assert tokens == [
        "Common Stock", "11/04/2024", "G", "3,690", "A", "$0", "30,630", "I", "(1)", "by trust"
    ]  # fmt: skip
    row = read_row(tokens, TABLE_I)
    assert {c: (v.text, v.marks) for c, v in row.cells.items()} == {
        "security_title": ("Common Stock", ()),
        "transaction_date": ("11/04/2024", ()),
        "code": ("G", ()),
        "shares": ("3,690", ()),
        "acquired_disposed": ("A", ()),
        "price": ("$0", ()),
        "shares_owned_after": ("30,630", ()),
        "direct_indirect": ("I", ("F1",)),
        "nature": ("by trust", ()),
    }
    assert not row.unplaced


def test_one_token_per_line_reads_as_the_same_sequence() -> None:
    cells = ["Class A Common Stock", "11/03/2021", "P", "1,000", "A", "$ 10", "5,000", "D"]
    assert _values(cells, TABLE_I) == {
        "security_title": "Class A Common Stock",
        "transaction_date": "11/03/2021",
        "code": "P",
        "shares": "1,000",
        "acquired_disposed": "A",
        "price": "$ 10",
        "shares_owned_after": "5,000",
        "direct_indirect": "D",
    }


def test_a_dropped_column_leaves_a_gap_never_a_shift() -> None:
    # The amount went to another line: the number left is the amount owned (it follows A/D),
    # and no price is made of it (the page prints a price with its "$").
    values = _values(["Common Stock", "11/03/2021", "P", "A", "5,000", "D"], TABLE_I)
    assert values["shares_owned_after"] == "5,000"
    assert "shares" not in values and "price" not in values
    # A mark that may close the A/D cell or stand for the price alone is left out.
    row = read_row(["Common Stock", "08/10/2021", "C", "9,244", "A", "(1)", "9,244", "D"], TABLE_I)
    assert row.cells["acquired_disposed"].marks == ()
    assert "price" not in row.cells
    assert any(text == "(1)" for text, _ in row.unplaced)


def test_one_date_of_two_date_columns_is_left_out() -> None:
    # Table II's exercisable and expiration dates: one date alone could be either.
    values = _values(["Stock Option", "01/02/2031", "Common Stock", "100", "D"], TABLE_II)
    assert "exercise_date" not in values and "expiration_date" not in values
    assert values["direct_indirect"] == "D"


def test_two_rows_interleaved_give_no_row() -> None:
    # Titles, then dates, then codes of two rows, as a converter may list its text boxes.
    tokens = ["Common Stock", "11/03/2021", "11/04/2021", "P", "S", "100", "A", "200", "D"]
    row = read_row(tokens, TABLE_I)
    assert row.readings == 0
    assert not row.cells


def test_table_ii_amount_direction_follows_the_amount_owned() -> None:
    # Owning 0 after a transaction of 176,304: they were disposed of.
    values = _values(["Preferred", "08/10/2021", "C", "176,304", "881,520", "$ 0", "0"], TABLE_II)
    assert values["D"] == "176,304"
    assert values["underlying_shares"] == "881,520"
    assert values["price"] == "$ 0"
    # Owning more than the amount: either direction fits; the amount is left out.
    values = _values(["Option", "08/10/2021", "M", "500", "$ 1", "900", "D"], TABLE_II)
    assert "A" not in values and "D" not in values


def test_a_chain_that_does_not_add_up_leaves_the_amounts_out() -> None:
    tokens = ["Common Stock", "12/12/2024", "S", "8,337", "D", "$ 69", "112,780", "D"]
    assert _values(tokens, TABLE_I, previous_owned=Decimal("121117"))["shares"] == "8,337"
    row = read_row(tokens, TABLE_I, previous_owned=Decimal("130000"))
    assert "shares" not in row.cells and "shares_owned_after" not in row.cells
    assert row.doubtful["shares"] == "the holdings chain does not add up"
    assert row.cells["price"].text == "$ 69"


def test_chain_adds_up() -> None:
    assert chain_adds_up(Decimal(100), Decimal(50), "A", Decimal(150)) is True
    assert chain_adds_up(Decimal(100), Decimal(50), "D", Decimal(150)) is False
    assert chain_adds_up(None, Decimal(50), "D", Decimal(150)) is None


def test_a_lone_dollar_is_no_price() -> None:
    row = read_row(["Common Stock", "11/03/2021", "P", "100", "A", "$", "600", "D"], TABLE_I)
    assert "price" not in row.cells
    assert "price" in row.doubtful


# A table as a PDF's visual lines (markitdown on Chromium's PDF): each row's one-line cells on its
# middle line, a price wrapped under its "$" and the amounts' marks on the lines around.
_VISUAL = """\
1.Title of Security 2. Transaction 2A. Deemed 3. Transaction 4. Securities Acquired 5. Amount
|     |     |                  | Code V Amount | (D) Price |     | (Instr. 4)             |
$
4,749
| Class A Common Stock | 12/12/2024 |     | S   | D 68.2 121,117 (3) |     | D   |
(1)
(2)
8,337 $ 69
| Class A Common Stock | 12/12/2024 |     | S   | D 112,780 |     | D   |
(1) (4)
Class A Common Stock 12/23/2021   G(1) 61,386 D $ 0 50,780 (2) D
Reminder: Report on a separate line for each class of securities beneficially owned.
"""


def test_visual_lines_give_one_row_per_middle_line_and_no_wrapped_value() -> None:
    from form4.errors import ReadWarning
    from form4.read._text_table import RowReader, is_visual, table_rows

    texts = _VISUAL.splitlines()
    assert is_visual(texts)
    warnings: list[ReadWarning] = []
    rows, stop = table_rows(
        texts, [False] * len(texts), RowReader("4", False, warnings), False, visual=True
    )
    assert stop == len(texts) - 1
    assert len(rows) == 3
    first, second, third = rows
    # Row 1: its amount is wrapped around it, and its price's "$" above it: "68.2" is the price.
    assert first.shares is None
    assert (first.price, first.shares_owned_after) == (Decimal("68.2"), Decimal("121117"))
    assert (first.code, first.acquired_disposed, first.direct_indirect) == ("S", "D", "D")
    assert not first.footnotes  # its marks, around it, are not tied to a cell
    assert second.shares_owned_after == Decimal("112780") and second.shares is None
    assert not second.footnotes
    # Row 3 reads whole, but the chain from row 2 (112,780 - 61,386) does not add up.
    assert third.shares is None and third.shares_owned_after is None
    assert third.price == Decimal(0)
    assert any("chain does not add up" in w.message for w in warnings)


# A converter's table whose columns bin the page's words: "by Trust" below the first row lies in
# the column of its D or I, not the title's; "Inc." below the second lies in the title's column.
# Without the columns (the same words on plain lines), neither title is kept.
_BINNED = [
    "| Common Stock | 11/09/2021 |     | S   80,319 | D        | 168,878,098 | I (2)    |     |",
    "",  # the table's rule, as the page leaves it
    "|              |            |     |            |          |             | by Trust |     |",
    "| Shares of XYZ Holdings | 11/09/2021 |     | S   1,000 | D        | 1,000 | D    |     |",
    "| Inc.         |            |     |            |          |             |          |     |",
    "Reminder: Report on a separate line for each class of securities beneficially owned.",
]


def test_a_title_alone_in_its_column_of_a_binned_table_is_kept() -> None:
    from form4.errors import ReadWarning
    from form4.read._text_table import RowReader, table_rows

    warnings: list[ReadWarning] = []
    rows, _stop = table_rows(
        _BINNED, [False] * len(_BINNED), RowReader("4", False, warnings), False, visual=True
    )
    assert [row.security_title for row in rows] == ["Common Stock", None]
    assert rows[0].nature is None  # "by Trust" is not tied to the row
    assert any("row 2, title" in w.place for w in warnings)
    plain = [" ".join(t.replace("|", " ").split()) for t in _BINNED]
    rows, _stop = table_rows(
        plain, [False] * len(plain), RowReader("4", False, warnings), False, visual=True
    )
    assert [row.security_title for row in rows] == [None, None]


# Rows of 0001062993-24-020070 through Chromium and markitdown (the page's reader leaves out the
# tables' rules), under the header's last lines. The first row's middle line is a plain line;
# the lines around it are rows of the converter's tables with their first cell empty, so its
# title is whole. Its nature is centred on it: "Estate" above (the first row's, as nothing lies
# between it and the header), "vehicles" below, before the "$" that starts the second row's
# price, and in the same cell. The second row has "vehicles" on a plain line below it, whose
# column is unknown: its title and nature, and the third's above which that line lies, are left
# out.
_PLAIN_MIDDLE = [
    "1.Title of Security 2. Transaction 2A. Deemed 3. Transaction 4. Securities Acquired (A) "
    "5. Amount of Securities 6. 7. Nature",
    "(Instr. 3) Date Execution Date, if Code or Disposed of (D) Beneficially Owned Following "
    "Ownership of Indirect",
    "(Month/Day/Year) any (Instr. 8) (Instr. 3, 4 and 5) Reported Transaction(s) Form: Beneficial",
    "|     |     | (Month/Day/Year) |               |           | (Instr. 3 and 4) | Direct (D) "
    "Ownership   |",
    "|     |     |                  |               | (A)       |                  | or Indirect "
    "(Instr. 4) |",
    "|     |     |                  |               | or        |                  | (I)     |",
    "|     |     |                  | Code V Amount | (D) Price |                  | (Instr. 4) |",
    "|     |     |                  |               | $         |                  | Estate     |",
    "Common Stock 12/02/2024   S   8,783 D 166.8754 1,303,477 I planning",
    "|     |     |     |     | (1) |     | vehicles |",
    "|     |     |     |     | $   |     | Estate   |",
    "Common Stock 12/02/2024   S   10,447 D 167.588 1,293,030 I planning",
    "(2)",
    "vehicles",
    "|     |     |     |     | $   |     | Estate |",
    "Common Stock 12/02/2024   S   16,853 D 168.7283 1,276,177 I planning",
    "|     |     |     |     | (3) |     | vehicles |",
    "Reminder: Report on a separate line for each class of securities beneficially owned.",
]


def test_a_row_on_a_plain_line_between_binned_rows() -> None:
    from form4.errors import ReadWarning
    from form4.read._text_table import RowReader, table_rows

    warnings: list[ReadWarning] = []
    lines = _PLAIN_MIDDLE
    rows, _stop = table_rows(
        lines, [False] * len(lines), RowReader("4", False, warnings), False, visual=True
    )
    assert [row.security_title for row in rows] == ["Common Stock", None, None]
    assert [row.nature for row in rows] == ["Estate planning vehicles", None, None]
    assert [row.shares for row in rows] == [8783, 10447, 16853]
    assert any("row 2, title" in w.place for w in warnings)
    assert any("row 3, nature" in w.place for w in warnings)


def test_a_nature_not_centred_on_its_row_is_left_out() -> None:
    from form4.errors import ReadWarning
    from form4.read._text_table import RowReader, table_rows

    # Without its last line, the first row's nature shows more lines above it than below.
    lines = [line for line in _PLAIN_MIDDLE if "(1)" not in line]
    rows, _stop = table_rows(
        lines, [False] * len(lines), RowReader("4", False, []), False, visual=True
    )
    assert rows[0].nature is None
    # A "$" alone below a row starts the next one: the lines after it are not the first row's.
    warnings: list[ReadWarning] = []
    moved = [*_PLAIN_MIDDLE[:10], "(2)", "vehicles", *_PLAIN_MIDDLE[10:12]]
    rows, _stop = table_rows(
        moved, [False] * len(moved), RowReader("4", False, warnings), False, visual=True
    )
    assert rows[0].nature is None  # "vehicles" may be its nature's, in a cell not known


# Rows of 0000320193-22-000061 through Chromium and markitdown: each price is centred over three
# lines, its "$" alone above the row's middle line and its mark alone below it; nothing else
# lies around the rows. The first line below a row showing a "$" alone starts the next row.
_PRICE_MARKS = [
    "$",
    "| Common Stock (1) | 05/04/2022 |     | S   9,136 | D 159.94 | 468,198 | D   |",
    "(2)",
    "$",
    "| Common Stock (1) | 05/04/2022 |     | S   5,316 | D 160.82 | 462,882 | D   |",
    "(3)",
    "$",
    "| Common Stock (1) | 05/04/2022 |     | S   4,006 | D 161.93 | 458,876 | D   |",
    "(4)",
    "Reminder: Report on a separate line for each class of securities beneficially owned.",
]


def test_a_price_wrapped_over_three_lines_keeps_its_mark() -> None:
    from form4.read._text_table import RowReader, table_rows

    lines = _PRICE_MARKS
    rows, _stop = table_rows(
        lines, [False] * len(lines), RowReader("4", False, []), False, visual=True
    )
    assert [row.price for row in rows] == [Decimal("159.94"), Decimal("160.82"), Decimal("161.93")]
    assert [row.footnotes_of("price") for row in rows] == [("F2",), ("F3",), ("F4",)]
    # Two lines below a row: which is the price's is not known.
    lines = [*_PRICE_MARKS[:3], "(5)", *_PRICE_MARKS[3:]]
    rows, _stop = table_rows(
        lines, [False] * len(lines), RowReader("4", False, []), False, visual=True
    )
    assert [row.footnotes_of("price") for row in rows][:1] == [()]


# Rows of 0000899243-21-007468 through Chromium and markitdown, the SEC's X07 look: a holding's
# middle line shows its title run into its nature's text ("Class A Common Stock I Footnote" read
# as one text), its amount owned raised above it. Its "I" in a cell of its own shows a row's
# middle line that is not read as one: the rows from there on are not counted, and left out.
_HOLDING_RUN_IN = [
    "See",
    "| Class A Common Stock |     |     |       |     3,506,771 (2) | I   | Footnote |",
    "(21)",
    "See",
    "14,530,420 (16)",
    "| Class A Common Stock |     |     |       |     | I   | Footnote |",
    "(22)",
    "|     |     |     |     | $   |     | See |",
    "S(23)",
    "Class A Common Stock 02/18/2021     15,653,541 D 25.0578 82,197,647 I Footnote",
    "|     |     |     |     | (24) |     | (25) |",
    "Reminder: Report on a separate line for each class of securities beneficially owned.",
]


def test_a_holding_whose_title_runs_into_its_nature_stops_the_rows() -> None:
    from form4.errors import ReadWarning
    from form4.read._text_table import RowReader, table_rows

    warnings: list[ReadWarning] = []
    lines = _HOLDING_RUN_IN
    rows, _stop = table_rows(
        lines, [False] * len(lines), RowReader("4", False, warnings), False, visual=True
    )
    assert len(rows) == 1  # not the transaction below as the second row
    assert any("not told apart" in w.message for w in warnings)


# -- pages written as their visual lines: the boxes ------------------------------------------------
_ROUTE = Path(__file__).parent / "data" / "sec-renderings" / "chromium+markitdown"


def _read(stem: str) -> form4.Filing:
    return form4.read(_ROUTE / f"{stem}.txt")


def test_issuer_in_a_cell_under_its_label_and_the_first_owner() -> None:
    # "| MITHRIL II LP | ... | Adagio Therapeutics, Inc. [ADGI] | | | Issuer |" under the labels.
    filing = _read("0001209191-21-051298")
    assert (filing.issuer.name, filing.issuer.trading_symbol) == (
        "Adagio Therapeutics, Inc.",
        "ADGI",
    )
    (owner,) = filing.owners  # further owners are not told apart: left out
    assert owner.name == "MITHRIL II LP"
    assert (owner.is_director, owner.is_ten_percent_owner) == (False, True)
    assert owner.address is not None and owner.address.city == "AUSTIN"


# The boxes of 0000704051-14-000037 through Chromium and markitdown, and its Reporting Owners
# table: the issuer's label ends on a plain line of its own ("Symbol"), so the converter's cell
# under it holds the issuer's name from its start.
_LABEL_END = [
    "1. Name and Address of Reporting Person *",
    "|                |     |     |     | 2. Issuer Name and Ticker or Trading |     | 5. "
    "Relationship of Reporting Person(s) to |     |     |     |",
    "| SCHMOKE KURT L |     |     |     |                                      |     | Issuer"
    "                                    |     |     |     |",
    "Symbol",
    "|     |     |     |     | LEGG MASON, INC. [LM] |     |                | (Check all "
    "applicable) |                 |     |",
    "|     |     |     |     |                       |     | __X__ Director |                  "
    "      | _____ 10% Owner |     |",
    "2a. Foreign Trading Symbol",
    "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    "Reporting Owners",
    "Relationships",
    "Reporting Owner Name / Address",
    "Director 10% Owner Officer Other",
    "SCHMOKE KURT L",
    "LEGG MASON, INC",
]


def test_issuer_in_a_cell_under_the_plain_end_of_its_label() -> None:
    from form4.read._text_boxes import read_issuer
    from form4.read._text_page import Page

    page = Page("\n".join(_LABEL_END), "<test>")
    page.visual = True
    issuer = read_issuer(page, [], "4")
    assert (issuer.name, issuer.trading_symbol) == ("LEGG MASON, INC.", "LM")
    # Other words on the label's last line: where the name starts is not known.
    lines = [line.replace("Symbol", "Symbol Issuer", 1) if line == "Symbol" else line
             for line in _LABEL_END]  # fmt: skip
    page = Page("\n".join(lines), "<test>")
    page.visual = True
    assert read_issuer(page, [], "4").name is None


def test_issuer_after_the_owners_name_on_one_line() -> None:
    # "Hoffman Reid Aurora Innovation, Inc. [AUR] (Check all applicable)": the owner's name, as
    # the Reporting Owners table shows it, tells where the issuer's starts.
    filing = _read("0000899243-21-043382")
    assert (filing.issuer.name, filing.issuer.trading_symbol) == ("Aurora Innovation, Inc.", "AUR")
    assert filing.period_of_report == date(2021, 11, 3)


def test_a_name_wrapped_above_its_ticker_and_two_dates_make_an_amendment() -> None:
    # "| | LAM RESEARCH CORP |" then "| | [LRCX] |": the cells above lead up to the label.
    filing = _read("0000707549-25-000004")
    assert (filing.issuer.name, filing.issuer.trading_symbol) == ("LAM RESEARCH CORP", "LRCX")
    assert filing.document_type == "4/A"
    assert filing.period_of_report == filing.date_of_original_submission == date(2024, 11, 4)
    # A remark on one short line is whole.
    assert filing.remarks is not None and filing.remarks.endswith("October 2, 2024.")


def test_remarks_reaching_the_right_edge_are_left_out() -> None:
    filing = _read("0001209191-21-017168")
    assert filing.remarks is None
    assert any(w.place == "remarks" for w in filing.source.warnings)


def test_footnotes_by_their_numbers_beside_the_middle_of_their_text() -> None:
    filing = _read("0000899243-21-043382")
    truth = form4.read(Path(__file__).parent / "data" / "xml" / "0000899243-21-043382.xml")
    # (1) and (2) on lines of their own between their halves, (3) opening its middle line,
    # (10) to (12) one line each.
    assert filing.footnotes == truth.footnotes


def test_footnotes_cut_at_the_pages_edge_are_left_out() -> None:
    # "... may be deemed to beneficial" / "(1)" / "Each of ...": the page cut "ly own the
    # shares held by FF-IV." off; other lines end in parts of words ("may be de").
    filing = _read("0001209191-21-017168")
    assert filing.footnotes == {}
    assert any("right edge" in w.message for w in filing.source.warnings)


def test_the_first_owners_address_from_the_reporting_owners_table() -> None:
    # "Hoffman Reid" / "C/O AURORA INNOVATION, INC." / "50 33RD ST" / "| PITTSBURGH | | X |" /
    # "PENNSYLVANIA" / "15201" / "UNITED STATES": the X in a column of its own.
    (owner,) = _read("0000899243-21-043382").owners
    assert owner.address == form4.Address(
        street1="C/O AURORA INNOVATION, INC.",
        street2="50 33RD ST",
        city="PITTSBURGH",
        state="PA",
        zip_code="15201",
    )


def test_an_officers_title_not_beside_the_marks_leaves_the_address_out() -> None:
    # An officer or "other" owner whose title is not found beside the table's marks: a line of
    # the block may be the title; the address is not read.
    filing = _read("0001181431-10-035864")  # Musk Elon: director, officer, 10% owner
    (owner,) = filing.owners
    truth = form4.read(Path(__file__).parent / "data" / "xml" / "0001181431-10-035864.xml")
    assert owner.address is None or owner.address == truth.owners[0].address


def test_a_forms_number_set_below_its_heading() -> None:
    # "| FORM | ... |", lines later "3", and the title "INITIAL STATEMENT OF BENEFICIAL ...".
    filing = _read("0000899243-20-025608")
    assert filing.document_type == "3"
    assert filing.period_of_report == date(2020, 9, 17)


def test_more_values_than_a_holding_shows_make_a_transaction() -> None:
    # A Table II row whose code the PDF set on another line (pdfminer, the X07 look): its date
    # may be the transaction's or the date exercisable, but two prices and two amounts after
    # it are more than a holding shows, in any reading.
    tokens = line_tokens("Placement $ 11.5 08/10/2021 11,533,333 $ 1.5 11,533,333 I Footno")
    row = read_row(tokens, TABLE_II)
    assert row.readings > 0
    assert row.transaction
    holding = read_row(line_tokens("Stock Option $ 11.5 08/10/2021 08/10/2031 Common 500 500 D"),
                       TABLE_II)  # fmt: skip
    assert holding.readings > 0
    assert not holding.transaction
