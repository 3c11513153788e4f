"""Inputs shaped to make reading or rendering slow: long runs of one character, many lines, many
elements of one kind, many labels. Each test reads (or renders) one such input, grown to a size
where work growing with the square of the input takes minutes, in a child process stopped after
a generous time: a regression fails here instead of hanging the suite. No test measures time;
each checks what the call gives.

The slow inputs of tests/data/faults are grown to such sizes. Where a text is joined from many
lines (a footnote, the remarks, a wrapped cell), joining it anew at each line costs seconds only
beyond several megabytes; those tests read the joined text at a megabyte and check it whole.
"""

from __future__ import annotations

import gc
import multiprocessing
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest

import form4
from form4.errors import InvalidFilingError, ReadError, UnrecognizedFormatError
from form4.model import NonDerivativeTransaction

from .conftest import DATA

FAULTS = DATA / "faults"
#: A Form 4 with transactions and holdings in both tables, footnotes, remarks and a signature.
BASE = DATA / "xml" / "0001209191-20-053428.xml"
MB = 1 << 20
#: Seconds a call may take before it counts as hanging; each takes a second or two when linear.
LIMIT = 60.0

T = TypeVar("T")


def finishes(work: Callable[[], T]) -> T:
    """``work()``, run in a forked child that is stopped after ``LIMIT`` seconds (inline where
    processes cannot be forked). Its result must pickle: the tests return small summaries."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return work()  # pragma: no cover - not on Linux
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        # The objects inherited from the parent are not the child's to collect: some (a
        # database's, from other tests) cannot be walked safely after a fork.
        gc.freeze()
        try:
            outcome: tuple[bool, Any] = (True, work())
        except BaseException as error:  # reported to the parent, which fails the test
            outcome = (False, f"{type(error).__name__}: {error}"[:2000])
        send.send(outcome)

    process = context.Process(target=child)
    # Frozen before the fork, not only in the child: the child may collect while it starts
    # (threading's after-fork hook allocates), before ``child`` runs.
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    try:
        if not receive.poll(LIMIT):
            pytest.fail(f"did not finish in {LIMIT:g} s: work grows faster than the input")
        done, value = receive.recv()
    finally:
        process.kill()
        process.join()
    if not done:
        pytest.fail(value)
    return value  # type: ignore[no-any-return]


def summary(data: bytes) -> dict[str, Any]:
    """What the Filing read from ``data`` holds, in plain data."""
    filing = form4.read(data)
    return {
        "format": filing.source.format,
        "rows": (len(filing.non_derivative), len(filing.derivative)),
        "titles": [row.security_title for row in filing.non_derivative],
        "issuer": (filing.issuer.name, filing.issuer.trading_symbol),
        "owners": [o.name for o in filing.owners],
        "streets": [o.address.street1 if o.address else None for o in filing.owners],
        "signatures": [(s.name, s.date) for s in filing.signatures],
        "remarks": filing.remarks,
        "footnotes": filing.footnotes,
        "warnings": [str(w) for w in filing.source.warnings],
    }


def refusal(data: bytes, error: type[ReadError]) -> str:
    """The reason of the ``error`` that reading ``data`` raises."""
    with pytest.raises(error) as raised:
        form4.read(data)
    return raised.value.reason


@pytest.fixture(scope="module")
def filing() -> form4.Filing:
    return form4.read(BASE)


@pytest.fixture(scope="module")
def text(filing: form4.Filing) -> str:
    return form4.render(filing, "text")


@pytest.fixture(scope="module")
def markdown(filing: form4.Filing) -> str:
    return form4.render(filing, "markdown")


@pytest.fixture(scope="module")
def html(filing: form4.Filing) -> str:
    return form4.render(filing, "html")


@pytest.fixture(scope="module")
def expected(text: str) -> dict[str, Any]:
    """What the text rendering of BASE reads back as."""
    return summary(text.encode())


def before(document: str, anchor: str, lines: str) -> bytes:
    """The document with ``lines`` (and a line break) put before the line holding ``anchor``."""
    start = document.rindex("\n", 0, document.index(anchor)) + 1
    return (document[:start] + lines + "\n" + document[start:]).encode()


def at(document: str, anchor: str, insert: str) -> bytes:
    """The document with ``insert`` put right before the first ``anchor``."""
    assert anchor in document
    return document.replace(anchor, insert + anchor, 1).encode()


def grown_run(path: Path, size: int) -> bytes:
    """A fault file with its longest run of spaces grown to ``size`` spaces."""
    data = path.read_bytes()
    run = max(re.finditer(rb" {1000,}", data), key=lambda m: m.end() - m.start())
    return data[: run.start()] + b" " * size + data[run.end() :]


def base_xml(old: bytes, new: bytes) -> bytes:
    """BASE with its first ``old`` replaced."""
    data = BASE.read_bytes()
    assert old in data
    return data.replace(old, new, 1)


PRICE = b"<value>9.7547</value>"  # the price of Table I row 4


# -- EDGAR submissions -------------------------------------------------------------------------


def test_header_value_with_a_long_run_of_spaces() -> None:
    data = grown_run(FAULTS / "slow_sgml_header_spaces.txt", 2 * MB)

    def issuer_name() -> str | None:
        header = form4.read(data).header
        return header.issuer.name if header and header.issuer else None

    assert finishes(issuer_name) == "X" + " " * (2 * MB) + "Y"


def test_nc_header_value_with_a_long_run_of_spaces() -> None:
    data = grown_run(FAULTS / "slow_sgml_tag_spaces.txt", 2 * MB)

    def owner_names() -> list[str | None]:
        header = form4.read(data).header
        return [o.name for o in header.owners] if header else []

    assert finishes(owner_names) == ["X" + " " * (2 * MB) + "Y"]


def test_xml_broken_into_many_lines_of_1024_characters_is_joined() -> None:
    """EDGAR's text dissemination broke long lines: thousands of them in a row are joined."""
    xml = BASE.read_bytes().replace(b"\n", b"")
    rows = re.search(rb"<nonDerivativeTable>(.*)</nonDerivativeTable>", xml, re.S)
    assert rows is not None
    copies = 16 * MB // len(rows.group(1))
    xml = xml.replace(rows.group(1), rows.group(1) * copies)
    lines = b"\n".join(xml[i : i + 1023] for i in range(0, len(xml), 1023))
    head = (FAULTS / "slow_sgml_header_spaces.txt").read_bytes().split(b"<DOCUMENT>")[0]
    document = b"<DOCUMENT>\n<TYPE>4\n<TEXT>\n<XML>\n" + lines + b"\n</XML>\n</TEXT>\n</DOCUMENT>\n"
    got = finishes(lambda: summary(head + document + b"</SEC-DOCUMENT>\n"))
    assert (got["format"], got["rows"]) == ("submission", (8 * copies, 1))
    assert any("broken at 1,024 characters" in w for w in got["warnings"])


# -- XML -------------------------------------------------------------------------------------


def test_many_unexpected_siblings_are_each_warned_with_their_place() -> None:
    end = b"</ownershipDocument>"
    data = base_xml(end, b"<x/>" * (MB // 4) + end)
    warnings = finishes(lambda: summary(data)["warnings"])
    assert len(warnings) == MB // 4
    assert warnings[0].startswith("/ownershipDocument/x[1] (line ")
    assert warnings[-1].startswith(f"/ownershipDocument/x[{MB // 4}] (line ")


@pytest.mark.parametrize("irregular", [False, True], ids=["compiled walk", "Python walk"])
def test_a_value_with_many_footnote_ids(irregular: bool) -> None:
    ids = b'<footnoteId id="F5"/>' * (2 * MB // 21)
    extra = b"<x/>" if irregular else b""  # an unknown element: the row is read by Python
    data = base_xml(PRICE, PRICE + extra + ids)
    count = finishes(lambda: len(form4.read(data).non_derivative[3].footnotes["price"]))
    assert count == 2 * MB // 21 + 1


def test_many_values_of_one_field_are_each_warned() -> None:
    data = base_xml(PRICE, PRICE + b"<value>1</value>" * (MB // 16))

    def price_and_warnings() -> tuple[str, list[str]]:
        read = form4.read(data)
        row = read.non_derivative[3]
        assert isinstance(row, NonDerivativeTransaction)
        return str(row.price), [str(w) for w in read.source.warnings]

    price, warnings = finishes(price_and_warnings)
    assert price == "1" and len(warnings) == MB // 16
    assert warnings[-1].endswith("a second value for price; the last one is kept")


def test_bytes_not_utf8_among_many_private_use_characters() -> None:
    """The value holding the byte is left out, with a mark chosen among the private-use
    characters the document does not hold: they are looked for once."""
    private = "".join(chr(c) for c in range(0xE000, 0xF8FF)).encode()  # all but the last
    remarks = b"a" * (8 * MB) + private + b"\xff"  # lxml takes text nodes of up to 10 MB
    data = re.sub(
        rb"<remarks>.*?</remarks>", b"<remarks>" + remarks + b"</remarks>", BASE.read_bytes()
    )
    got = finishes(lambda: summary(data))
    assert got["remarks"] is None
    assert any("/remarks" in w and "not UTF-8" in w for w in got["warnings"])


# -- HTML ------------------------------------------------------------------------------------


def test_unclosed_title_of_a_page_that_is_no_form() -> None:
    """The reader looks for the title in the first 64 KB; the file is grown past them."""
    data = (FAULTS / "slow_html_title_63k.html").read_bytes() + b"<title>" * (MB // 7)
    reason = finishes(lambda: refusal(data, UnrecognizedFormatError))
    assert reason.startswith("an HTML page, not an ownership filing")
    titled = b"<html>" + b"<title>" * 9000 + b"Error</title>"  # the first <title> counts
    reason = finishes(lambda: refusal(titled, UnrecognizedFormatError))
    assert reason.startswith(f"an HTML page titled '{'<title>' * 8999}Error', not an ownership")


def test_issuer_cell_of_brackets_without_a_ticker(html: str) -> None:
    shown = 'Palantir Technologies Inc.</a> [ <span class="FormData">PLTR</span> ]'
    data = html.replace(shown, "Palantir</a> " + "[" * MB).encode()
    got = finishes(lambda: summary(data))
    assert got["issuer"] == ("Palantir", None)
    assert "box 2 (issuer): no [ TICKER ] shown" in got["warnings"]


def test_many_cells_reading_remarks(html: str, filing: form4.Filing) -> None:
    cell = '<tr><td class="FormText">Remarks:</td></tr>'
    data = at(html, '<tr><td class="FormText"><b>Remarks:', cell * (2 * MB // len(cell)))
    got = finishes(lambda: summary(data))
    assert (got["footnotes"], got["remarks"]) == (filing.footnotes, filing.remarks)


def test_many_signature_labels(html: str, filing: form4.Filing) -> None:
    row = "<tr><td></td><td>** Signature of Reporting Person</td><td>x</td></tr>"
    data = at(html, '<tr><td colspan="3" class="MedSmallFormText">Reminder', row * (2 * MB // 70))
    signatures = finishes(lambda: summary(data)["signatures"])
    assert signatures == [(s.name, s.date) for s in filing.signatures]


def test_rendering_a_long_word_as_html() -> None:
    """A value of a megabyte without a space: the words a line may break in are looked for
    where words start, not at each letter."""
    source = (FAULTS / "c4_render_html_redos_32k.xml").read_bytes()
    word = "x" * MB
    grown = form4.read(source.replace(b"x" * 32000, word.encode()))
    page = finishes(lambda: form4.render(grown, "html"))
    assert word in page and f"<nobr>{word}" not in page
    broken = form4.read(source.replace(b"x" * 32000, word.encode() + b"-y"))
    page = finishes(lambda: form4.render(broken, "html"))
    assert f"<nobr>{word}-y</nobr>" in page


# -- text and markdown renderings ------------------------------------------------------------

HEAD = (
    "FORM 4",
    "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
    "1. Name and Address of Reporting Person",
    "DOE JOHN",
    "2. Issuer Name and Ticker or Trading Symbol",
    "ACME CORP [ ACME ]",
    "3. Date of Earliest Transaction (Month/Day/Year)",
    "01/02/2020",
)
TABLE_I = "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned"
#: A Table I header and row that keep the page's columns by spacing (pdftotext -layout).
LAYOUT_HEAD = (
    "1. Title of Security          2. Trans. Date      3. Code    4. Amount     "
    "5. Amount Owned     6. D/I    7. Nature"
)
LAYOUT_ROW = (
    "Common Stock                   01/01/2020          S          100           "
    "200                 D"
)


def test_a_line_of_spaces_among_the_labels(text: str, expected: dict[str, Any]) -> None:
    """Each label is looked for after the marks and spaces that may open a line, taken whole."""
    got = finishes(lambda: summary(before(text, "2. Issuer Name", " " * MB + "x")))
    assert (got["rows"], got["issuer"]) == (expected["rows"], expected["issuer"])
    assert got["warnings"] == [
        "box 1 (reporting person): the box is mixed with other boxes' text; name and address "
        "left out"
    ]


@pytest.mark.parametrize("document", ["text", "markdown"])
def test_many_blank_lines(document: str, request: pytest.FixtureRequest) -> None:
    """Whether a page is markdown is decided by a search over all its lines."""
    page = request.getfixturevalue(document)
    got = finishes(lambda: summary(before(page, "Table I -", "\n" * (MB // 8))))
    assert got == {**request.getfixturevalue("expected"), "format": document}


def test_markdown_line_of_brackets(markdown: str, expected: dict[str, Any]) -> None:
    got = finishes(lambda: summary(before(markdown, "**2. Issuer Name", "[" * MB)))
    assert got["issuer"] == expected["issuer"]
    assert got["warnings"] == [f"box 1 (reporting person): {'[' * MB!r} under the address not read"]


def test_markdown_rule_with_a_long_run_of_spaces(markdown: str, expected: dict[str, Any]) -> None:
    got = finishes(lambda: summary(before(markdown, "**2. Issuer Name", "---" + " " * MB + "x")))
    assert got["issuer"] == expected["issuer"]
    assert got["warnings"] == ["box 1 (reporting person): '--- x' under the address not read"]


def test_relationship_box_with_a_long_run_of_spaces(text: str, expected: dict[str, Any]) -> None:
    got = finishes(lambda: summary(before(text, "[X] Director", "x" + " " * (MB // 4) + "y")))
    assert got == expected


def test_issuer_line_of_brackets(text: str) -> None:
    data = text.replace("Palantir Technologies Inc. [ PLTR ]", "Palantir " + "[" * MB).encode()
    got = finishes(lambda: summary(data))
    assert got["issuer"] == ("Palantir " + "[" * MB, None)
    assert "box 2 (issuer): no [TICKER] shown; symbol left out" in got["warnings"]


def test_issuer_box_empty_above_many_blank_lines(text: str) -> None:
    """The issuer's name is then looked for under the box's label, from the label only."""
    empty = text.replace("Palantir Technologies Inc. [ PLTR ]\n", "")
    data = before(empty, "Table I -", "\n" * (MB // 16))
    assert finishes(lambda: refusal(data, InvalidFilingError)) == "no issuer name shown"


def test_signer_name_of_one_long_word(text: str) -> None:
    name = "a" * (MB // 4)
    data = text.replace("/s/ Justin V. Laubach, under power of attorney", name).encode()
    assert finishes(lambda: summary(data)["signatures"]) == [(name, date(2020, 10, 2))]


def test_many_signature_labels_in_a_text(text: str, expected: dict[str, Any]) -> None:
    labels = "** Signature of Reporting Person\n" * (MB // 8 // 33)
    got = finishes(lambda: summary(before(text, "Reminder:", labels)))
    assert (got["signatures"], got["remarks"]) == ([], expected["remarks"])
    assert got["warnings"][-1] == (
        "signature 3: the signer's name is not told apart from the lines above it; "
        "no signature is read"
    )


def test_signature_dates_right_of_the_margin_below_the_remarks(text: str) -> None:
    """Whether the lines after a date all stand right of the margin is found once."""
    count = MB // 4 // 21
    dates = "          01/01/2020\n" * count
    remarks = finishes(lambda: summary(before(text, "/s/ Justin", dates + "the end"))["remarks"])
    assert remarks.endswith("\n01/01/2020\nthe end") and remarks.count("01/01/2020") == count


def test_many_lines_of_box_labels_side_by_side(text: str) -> None:
    line = "1. Name and Address of Reporting Person  2. Issuer Name and Ticker\n"
    got = finishes(lambda: summary(before(text, "1. Name and Address", line * (MB // len(line)))))
    assert got["warnings"][0] == "boxes: boxes side by side whose text is not told apart"


def test_one_line_of_many_box_labels(text: str) -> None:
    pair = [
        "1. Name and Address of Reporting Person",
        "2. Issuer Name and Ticker or Trading Symbol",
    ]
    labels = "   ".join(pair * (MB // 8 // 90))
    got = finishes(lambda: summary(before(text, "1. Name and Address", labels)))
    assert got["warnings"][0] == "boxes: boxes side by side whose text is not told apart"


def one_cell_a_line(cells: list[str]) -> bytes:
    """A page whose Table I shows one cell a line (pdfminer's text boxes)."""
    return "\n".join([*HEAD, TABLE_I, *cells, "Explanation of Responses:"]).encode()


def test_one_cell_a_line_with_a_title_wrapped_over_many_lines() -> None:
    wrapped = ["wrapped"] * (MB // 8 // 8)
    data = one_cell_a_line(["Common Stock", "100", "D", "Other Stock", *wrapped, "200", "D"])

    def rows() -> list[tuple[str | None, Decimal | None]]:
        return [(r.security_title, r.shares_owned_after) for r in form4.read(data).non_derivative]

    title = " ".join(["Other Stock", *wrapped])
    assert finishes(rows) == [("Common Stock", Decimal(100)), (title, Decimal(200))]


def test_one_cell_a_line_with_many_titles() -> None:
    """Cells that cannot be cut into rows for sure: each title is tried as a row's start
    against the few cells after it, not against all of them."""
    data = one_cell_a_line(["Common Stock", "100", "D", *["Stock A"] * (MB // 4 // 8)])
    got = finishes(lambda: summary(data))
    assert got["rows"] == (0, 0)
    assert any("cannot be cut into rows for sure" in w for w in got["warnings"])


def spaced_table(text: str, lines: list[str]) -> bytes:
    """The page's boxes, then a Table I whose columns are kept by spacing."""
    head = text.split("Table I -")[0]
    return (
        head + "\n".join([TABLE_I, LAYOUT_HEAD, *lines, "", "Explanation of Responses:"])
    ).encode()


def test_spaced_table_with_many_rows_and_many_wrapped_lines(text: str) -> None:
    """Rows of one block without blank lines, then lines under them: each line is given to the
    rows above it, counted by bisection."""
    wrapped = ["Wrapped"] * (MB // 2 // 8)
    got = finishes(lambda: summary(spaced_table(text, ["A  1"] * 2000 + wrapped)))
    assert got["rows"] == (2000, 0)
    unplaced = "Table I: wrapped text 'Wrapped' is under no text cell of its row"
    assert got["warnings"].count(unplaced) == len(wrapped)


def test_spaced_table_row_with_many_cells_and_wrapped_lines(text: str) -> None:
    """The cell above a wrapped line is found by bisection; a cell found to show a value is
    looked at again only when its text changes."""
    cells = "Common Stock  " + "  ".join(["1"] * (MB // 8 // 3))
    wrapped = ["             Wrapped"] * (MB // 8 // 21)
    got = finishes(lambda: summary(spaced_table(text, [cells, "", *wrapped])))
    assert got["rows"] == (1, 0)
    unplaced = "Table I: wrapped text 'Wrapped' is under no text cell of its row"
    assert got["warnings"].count(unplaced) == len(wrapped)


def test_spaced_table_row_continued_by_many_blocks(text: str) -> None:
    more = "Wrapped Title Words Of The Security Held In Trust For Others"
    count = MB // (len(more) + 2)
    got = finishes(lambda: summary(spaced_table(text, [LAYOUT_ROW, *["", more] * count])))
    assert got["titles"] == [" ".join(["Common Stock", *[more] * count])]


def test_spaced_table_row_with_many_footnote_marks(text: str) -> None:
    row = LAYOUT_ROW + "  " + "  (1)" * (MB // 4 // 5)
    got = finishes(lambda: summary(spaced_table(text, [row])))
    assert got["titles"] == ["Common Stock"]
    assert any("| 200 | D | (1)" in w for w in got["warnings"])


def typed_form(lines: list[str]) -> bytes:
    """A typed pre-2003 Form 4 (its Table I read with that form's layout)."""
    head = [*HEAD[:2], "Statement for Month/Year", *HEAD[2:]]
    title = "Table I -- Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned"
    return "\n".join([*head, title, *lines, "Explanation of Responses:"]).encode()


def test_typed_row_of_many_cells_wrapped_over_many_lines() -> None:
    """A typed row's parts are joined line by line: a wide line among many lines costs its
    width once, not once a line."""
    count = MB // 8 // 8
    lines = ["Common\t01/01/00\tS" + "\t" * (MB // 8), *["Stock\tx"] * count, "-----"]
    got = finishes(lambda: summary(typed_form(lines)))
    assert got["titles"] == ["Common" + "Stock" * count]  # parts filling their cell are glued


def test_typed_title_wrapped_over_many_lines() -> None:
    count = MB // 2 // 13
    first = "Common Stock    01/01/00    S    100    A    10    200    D"
    got = finishes(lambda: summary(typed_form([first, *["Stock  Words"] * count])))
    assert got["titles"] == ["Common Stock" + " Stock" * count]


def test_footnote_wrapped_over_many_lines(text: str, expected: dict[str, Any]) -> None:
    count = MB // 2 // 19
    data = before(text, "(3) Share numbers", "wrapped words here\n" * count)
    footnotes = finishes(lambda: summary(data)["footnotes"])
    more = " wrapped words here" * count
    assert footnotes == {**expected["footnotes"], "F2": expected["footnotes"]["F2"] + more}


def test_remarks_over_many_indented_lines(text: str, expected: dict[str, Any]) -> None:
    count = MB // 2 // 21
    remarks = finishes(
        lambda: summary(before(text, "/s/ Justin", "    more remark text\n" * count))["remarks"]
    )
    assert remarks == "\n".join([expected["remarks"], *["more remark text"] * count])


def test_many_lines_right_of_the_margin_above_a_signature_label(text: str) -> None:
    count = MB // 2 // 12
    lines = "          x\n" * count + "          ** Signature of Reporting Person"
    signatures = finishes(lambda: summary(before(text, "Reminder:", lines))["signatures"])
    assert signatures[1] == (" ".join(["x"] * count), None)


def test_reporting_owners_cell_wrapped_over_many_lines() -> None:
    """A page keeping its columns by spacing, its Reporting Owners table read by where the
    titles stand; a street wrapped over many lines."""
    page = (DATA / "renderings" / "chromium+pypdf-layout.0001209191-21-017168.txt").read_text()
    lines = page.split("\n")
    wrapped = lines[57]  # "DRIVE, BUILDING" under the street of the first owner
    count = MB // len(wrapped)
    data = "\n".join([*lines[:58], *[wrapped] * count, *lines[58:]]).encode()
    streets = finishes(lambda: summary(data)["streets"])
    assert streets[0] == "ONE LETTERMAN" + " DRIVE, BUILDING" * (count + 1) + " D"
