"""The printed form: what Forms 3, 4 and 5 (and /A) show and how a Filing's values show on them.

The box texts, labels, notes and Table I/II columns as the SEC's renderings print them, and how a
row of the model becomes the cells of its table (values with the digits the filer gave, ``$`` on
prices, MM/DD/YYYY dates, every footnote id on a value as ``(n)``). A fact module: the writers of
the form (``form4.write``: HTML, text, markdown) and the readers of its renderings
(``form4.read.html``, ``form4.read.text``) stand on it, and nothing else restates it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from form4.model import (
    DerivativeTransaction,
    Filing,
    NonDerivativeTransaction,
    ReportingOwner,
)

__all__ = [
    "BOXES",
    "CHECKBOXES",
    "FIELD_OF_CELL",
    "LABELS",
    "MARK_RUN",
    "OMB",
    "OWNER_COLUMNS",
    "ROW_FIELDS",
    "SEC_NUMBERS",
    "SEC_OWNER_COLUMNS",
    "SEC_OWNER_GROUP",
    "TABLE_II_COLUMNS",
    "TABLE_II_SUBTITLE",
    "TABLE_I_COLUMNS",
    "TABLE_TITLES",
    "TITLES",
    "TRANSACTION_CELLS",
    "VALUE_CELLS",
    "Cell",
    "Checkbox",
    "Column",
    "cell_keys",
    "cell_text",
    "footnote_mark",
    "format_date",
    "format_number",
    "header_checkboxes",
    "owner_cells",
    "row_fields",
    "table_cells",
]

# --- Facts of the printed forms -----------------------------------------------------------------
# Box texts, column headers and notes as the SEC's renderings of the ownership forms print them
# (the xslF345 pages, e.g. tests/data/html/*.html) and as the printed Forms 3, 4 and 5 show them;
# which XML element fills which box or column: EDGAR Ownership XML Technical Specification v5.5
# Appendices B (Form 3), C (Form 4) and D (Form 5).

#: Title of each form ("3", "4", "5"); an amendment shows the same title.
TITLES: dict[str, str] = {
    "3": "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES",
    "4": "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
    "5": "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
}

#: The page's title (its HTML ``<title>``), which a browser prints at the top of each printed page.
PAGE_TITLE = "Ownership Submission"

#: OMB box: (OMB Number, estimated average burden hours per response).
OMB: dict[str, tuple[str, str]] = {
    "3": ("3235-0104", "0.5"),
    "4": ("3235-0287", "0.5"),
    "5": ("3235-0362", "1.0"),
}

#: The SEC's number of each form, printed at the foot of its tables ("SEC 1474 (9-02)").
SEC_NUMBERS: dict[str, tuple[str, ...]] = {"3": ("1473",), "4": ("1474",), "5": ("2270", "2770T")}

#: The numbered boxes, in number order, keyed by what they hold. Box 1 is printed with a
#: trailing ``*`` (``<sup>*</sup>`` in HTML, `` *`` in text).
BOXES: dict[str, dict[str, str]] = {
    "3": {
        "owner": "1. Name and Address of Reporting Person",
        "period": "2. Date of Event Requiring Statement (Month/Day/Year)",
        "issuer": "3. Issuer Name and Ticker or Trading Symbol",
        "relationship": "4. Relationship of Reporting Person(s) to Issuer",
        "amendment": "5. If Amendment, Date of Original Filed (Month/Day/Year)",
        "filing": "6. Individual or Joint/Group Filing (Check Applicable Line)",
    },
    "4": {
        "owner": "1. Name and Address of Reporting Person",
        "issuer": "2. Issuer Name and Ticker or Trading Symbol",
        "period": "3. Date of Earliest Transaction (Month/Day/Year)",
        "amendment": "4. If Amendment, Date of Original Filed (Month/Day/Year)",
        "relationship": "5. Relationship of Reporting Person(s) to Issuer",
        "filing": "6. Individual or Joint/Group Filing (Check Applicable Line)",
    },
    "5": {
        "owner": "1. Name and Address of Reporting Person",
        "issuer": "2. Issuer Name and Ticker or Trading Symbol",
        "period": "3. Statement for Issuer's Fiscal Year Ended (Month/Day/Year)",
        "amendment": "4. If Amendment, Date of Original Filed (Month/Day/Year)",
        "relationship": "5. Relationship of Reporting Person(s) to Issuer",
        "filing": "6. Individual or Joint/Group Filing (Check Applicable Line)",
    },
}

LABELS: dict[str, str] = {
    "sec": "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
    "washington": "Washington, D.C. 20549",
    "pursuant": "Filed pursuant to Section 16(a) of the Securities Exchange Act of 1934",
    "pursuant2": "or Section 30(h) of the Investment Company Act of 1940",
    "omb_approval": "OMB APPROVAL",
    "omb_number": "OMB Number:",
    "burden": "Estimated average burden",
    "hours": "hours per response:",
    "section16": "Check this box if no longer subject to Section 16. Form 4 or Form 5 "
    "obligations may continue. See Instruction 1(b).",
    "aff10b5one": "Check this box to indicate that a transaction was made pursuant to a contract, "
    "instruction or written plan for the purchase or sale of equity securities of the issuer "
    "that is intended to satisfy the affirmative defense conditions of Rule 10b5-1(c). "
    "See Instruction 10.",
    "form3_holdings": "Form 3 Holdings Reported.",
    "form4_transactions": "Form 4 Transactions Reported.",
    "no_securities": "Check this box if no securities are beneficially owned.",
    "last_first_middle": "(Last) (First) (Middle)",
    "street": "(Street)",
    "city_state_zip": "(City) (State) (Zip)",
    "cik": "CIK:",
    "check_all": "(Check all applicable)",
    "director": "Director",
    "ten_percent": "10% Owner",
    "officer": "Officer (give title below)",
    "other": "Other (specify below)",
    "one_person": "Form filed by One Reporting Person",
    "more_persons": "Form filed by More than One Reporting Person",
    "owners": "Reporting Owners",
    "explanation": "Explanation of Responses:",
    "remarks": "Remarks:",
    "signature": "** Signature of Reporting Person",
    "date": "Date",
    "reminder": "Reminder: Report on a separate line for each class of securities beneficially "
    "owned directly or indirectly.",
    "note_star": "* If the form is filed by more than one reporting person, "
    "see Instruction 4 (b)(v).",
    "note_stars": "** Intentional misstatements or omissions of facts constitute Federal Criminal "
    "Violations See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).",
    "note_copies": "Note: File three copies of this Form, one of which must be manually signed. "
    "If space is insufficient, see Instruction 6 for procedure.",
    "note_omb": "Persons who respond to the collection of information contained in this form are "
    "not required to respond unless the form displays a currently valid OMB Number.",
}

#: Table I and Table II titles per form; Table II has a second title line on every form.


class Checkbox(NamedTuple):
    """A checkbox of the form's header: its label (a key of ``LABELS``), how many of the label's
    first words find it (a label wraps over lines in a narrow box, and the looks of the page
    differ after them), the forms that print it, and whether every look of those forms prints it
    (only then is a page without it worth a warning: the Rule 10b5-1 box came in 2023)."""

    label: str
    cue_words: int
    forms: str
    always: bool

    @property
    def cue(self) -> str:
        """The label's first words, as every look of the page prints them."""
        return " ".join(LABELS[self.label].split()[: self.cue_words])


#: The header's checkboxes by the Filing field each one sets, in page order.
CHECKBOXES: dict[str, Checkbox] = {
    "not_subject_to_section16": Checkbox("section16", 7, "45", True),
    "form3_holdings_reported": Checkbox("form3_holdings", 4, "5", True),
    "form4_transactions_reported": Checkbox("form4_transactions", 4, "5", True),
    "aff10b5one": Checkbox("aff10b5one", 8, "45", False),
    "no_securities_owned": Checkbox("no_securities", 6, "3", False),
}

TABLE_TITLES: dict[str, tuple[str, str]] = {
    "3": (
        "Table I - Non-Derivative Securities Beneficially Owned",
        "Table II - Derivative Securities Beneficially Owned",
    ),
    "4": (
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    ),
    "5": (
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    ),
}
TABLE_II_SUBTITLE = "(e.g., puts, calls, warrants, options, convertible securities)"


class Column(NamedTuple):
    """One numbered column: its header, the physical cells under it and their sub-headers."""

    header: str
    cells: tuple[str, ...]
    sub: tuple[str, ...] = ()


#: Physical cell keys: title, conversion_price, date, deemed, code, v, amount, ad, price,
#: acquired, disposed, exercisable, expiration, underlying_title, underlying_amount, owned_after,
#: direct_indirect, nature. Form 4 has 11/16 cells; Form 5 (no V column) 10/15; Form 3 4/8.
_T1_TITLE = Column("1. Title of Security (Instr. 3)", ("title",))
_T1_TAIL = (
    Column("6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", ("direct_indirect",)),
    Column("7. Nature of Indirect Beneficial Ownership (Instr. 4)", ("nature",)),
)
_T1_DATES = (
    Column("2. Transaction Date (Month/Day/Year)", ("date",)),
    Column("2A. Deemed Execution Date, if any (Month/Day/Year)", ("deemed",)),
)
_T1_AMOUNTS = Column(
    "4. Securities Acquired (A) or Disposed Of (D) (Instr. 3, 4 and 5)",
    ("amount", "ad", "price"),
    ("Amount", "(A) or (D)", "Price"),
)
_T2_HEAD = (
    Column("1. Title of Derivative Security (Instr. 3)", ("title",)),
    Column("2. Conversion or Exercise Price of Derivative Security", ("conversion_price",)),
    Column("3. Transaction Date (Month/Day/Year)", ("date",)),
    Column("3A. Deemed Execution Date, if any (Month/Day/Year)", ("deemed",)),
)
_T2_TAIL = (
    Column(
        "5. Number of Derivative Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)",
        ("acquired", "disposed"),
        ("(A)", "(D)"),
    ),
    Column(
        "6. Date Exercisable and Expiration Date (Month/Day/Year)",
        ("exercisable", "expiration"),
        ("Date Exercisable", "Expiration Date"),
    ),
    Column(
        "7. Title and Amount of Securities Underlying Derivative Security (Instr. 3 and 4)",
        ("underlying_title", "underlying_amount"),
        ("Title", "Amount or Number of Shares"),
    ),
    Column("8. Price of Derivative Security (Instr. 5)", ("price",)),
    Column(
        "9. Number of derivative Securities Beneficially Owned Following Reported "
        "Transaction(s) (Instr. 4)",
        ("owned_after",),
    ),
    Column("10. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", ("direct_indirect",)),
    Column("11. Nature of Indirect Beneficial Ownership (Instr. 4)", ("nature",)),
)
_CODE_V = Column("3. Transaction Code (Instr. 8)", ("code", "v"), ("Code", "V"))
_CODE_V2 = Column("4. Transaction Code (Instr. 8)", ("code", "v"), ("Code", "V"))

TABLE_I_COLUMNS: dict[str, tuple[Column, ...]] = {
    "3": (
        Column("1. Title of Security (Instr. 4)", ("title",)),
        Column("2. Amount of Securities Beneficially Owned (Instr. 4)", ("owned_after",)),
        Column("3. Ownership Form: Direct (D) or Indirect (I) (Instr. 5)", ("direct_indirect",)),
        Column("4. Nature of Indirect Beneficial Ownership (Instr. 5)", ("nature",)),
    ),
    "4": (
        _T1_TITLE,
        *_T1_DATES,
        _CODE_V,
        _T1_AMOUNTS,
        Column(
            "5. Amount of Securities Beneficially Owned Following Reported Transaction(s) "
            "(Instr. 3 and 4)",
            ("owned_after",),
        ),
        *_T1_TAIL,
    ),
    "5": (
        _T1_TITLE,
        *_T1_DATES,
        Column("3. Transaction Code (Instr. 8)", ("code",)),
        _T1_AMOUNTS,
        Column(
            "5. Amount of Securities Beneficially Owned at end of Issuer's Fiscal Year "
            "(Instr. 3 and 4)",
            ("owned_after",),
        ),
        *_T1_TAIL,
    ),
}

TABLE_II_COLUMNS: dict[str, tuple[Column, ...]] = {
    "3": (
        Column("1. Title of Derivative Security (Instr. 4)", ("title",)),
        _T2_TAIL[1]._replace(header="2. Date Exercisable and Expiration Date (Month/Day/Year)"),
        _T2_TAIL[2]._replace(
            header="3. Title and Amount of Securities Underlying Derivative Security (Instr. 4)"
        ),
        Column("4. Conversion or Exercise Price of Derivative Security", ("conversion_price",)),
        Column("5. Ownership Form: Direct (D) or Indirect (I) (Instr. 5)", ("direct_indirect",)),
        Column("6. Nature of Indirect Beneficial Ownership (Instr. 5)", ("nature",)),
    ),
    "4": (*_T2_HEAD, _CODE_V2, *_T2_TAIL),
    "5": (*_T2_HEAD, Column("4. Transaction Code (Instr. 8)", ("code",)), *_T2_TAIL),
}


def cell_keys(columns: tuple[Column, ...]) -> tuple[str, ...]:
    """The physical cell keys of a table, in order."""
    return tuple(key for column in columns for key in column.cells)


#: The model field each physical cell of a data row holds (``V``, ``A`` and ``D`` are sub-columns,
#: not fields: V marks a transaction reported on Form 4 that belonged on Form 5, Table II puts
#: the amount under (A) or (D) by its direction).
FIELD_OF_CELL: dict[str, str] = {
    "title": "security_title",
    "conversion_price": "conversion_price",
    "date": "transaction_date",
    "deemed": "deemed_execution_date",
    "code": "code",
    "v": "V",
    "amount": "shares",
    "ad": "acquired_disposed",
    "price": "price",
    "acquired": "A",
    "disposed": "D",
    "exercisable": "exercise_date",
    "expiration": "expiration_date",
    "underlying_title": "underlying_title",
    "underlying_amount": "underlying_shares",
    "owned_after": "shares_owned_after",
    "direct_indirect": "direct_indirect",
    "nature": "nature",
}


def row_fields(columns: tuple[Column, ...]) -> tuple[str, ...]:
    """A table's data cells, left to right, named by the model field each holds."""
    return tuple(FIELD_OF_CELL[key] for key in cell_keys(columns))


#: (form "3", "4" or "5", derivative table?) -> the fields of its data cells, left to right: how
#: every reader of the printed form places a row's values.
ROW_FIELDS: dict[tuple[str, bool], tuple[str, ...]] = {
    **{(form, False): row_fields(columns) for form, columns in TABLE_I_COLUMNS.items()},
    **{(form, True): row_fields(columns) for form, columns in TABLE_II_COLUMNS.items()},
}


#: Cells only a transaction row fills; a holding row shows none of them.
TRANSACTION_CELLS = frozenset(
    {"transaction_date", "deemed_execution_date", "code", "V", "shares", "acquired_disposed"}
    | {"price", "A", "D"}
)
#: Amount cells that hold a dollar value instead of a number of shares when printed with "$":
#: cell key -> the model field of the value.
VALUE_CELLS: dict[str, str] = {
    "shares": "total_value",
    "A": "total_value",
    "D": "total_value",
    "shares_owned_after": "value_owned_after",
    "underlying_shares": "underlying_value",
}


#: Columns of the "Reporting Owners" table shown when a form has several reporting owners.
OWNER_COLUMNS: tuple[str, ...] = (
    "Reporting Owner Name",
    "CIK",
    "Street",
    "Street 2",
    "City",
    "State",
    "Zip",
    "Director",
    "10% Owner",
    "Officer",
    "Other",
    "Officer Title",
    "Other (specify)",
)

#: Columns of the SEC's page's "Reporting Owners" table (its stylesheets): the owner's name and
#: address lines in one cell, then, under "Relationships", an X for Director and 10% Owner, the
#: officer's title under Officer and the other relationship's text under Other.
SEC_OWNER_COLUMNS: tuple[str, ...] = (
    "Reporting Owner Name / Address",
    "Director",
    "10% Owner",
    "Officer",
    "Other",
)
SEC_OWNER_GROUP = "Relationships"

# --- Values as the form prints them -------------------------------------------------------------


class Cell(NamedTuple):
    """One printed cell: ``prefix`` ("$" or ""), the value as printed, and footnote marks."""

    value: str = ""
    prefix: str = ""
    marks: tuple[str, ...] = ()


def format_number(value: Decimal) -> str:
    """Thousands separators and exactly the digits given: ``Decimal("5381.20")`` -> ``5,381.20``."""
    return format(value, ",f")


def format_date(value: date) -> str:
    """``MM/DD/YYYY``, the year always in four digits (``strftime`` prints year 1 as ``1``)."""
    return f"{value.month:02d}/{value.day:02d}/{value.year:04d}"


#: Text that a reader of a rendering takes for a footnote mark: ``(3)``, ``[3]``, ``[F3]``, or the
#: start of ``<sup>3</sup>`` (markdown may escape the closing brackets: ``\[3\]``, ``<sup\>``).
#: Where a filer's own value holds such text, the text renderings escape its opening bracket
#: with a backslash (``Series A \(1)``), and the readers take an escaped bracket as text.
MARK_RUN = r"\(\s*(?:\d{1,2}|\?\d{1,3})\s*\)|\[\s*F?\d{1,2}\s*\\?\]|<sup\\?>"


def footnote_mark(fid: str) -> str:
    """``F3`` -> ``3``; an id without the ``F`` (``?1``) stays as it is. Printed as ``(3)``."""
    return fid[1:] if fid[:1] == "F" and fid[1:].isdigit() else fid


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _cell(row: Any, field: str, *, money: bool = False, extra: tuple[str, ...] = ()) -> Cell:
    value = getattr(row, field, None)
    marks = tuple(footnote_mark(f) for f in (*row.footnotes.get(field, ()), *extra))
    return Cell(_show(value), "$" if money and value is not None else "", marks)


def _either(row: Any, value_field: str, shares_field: str, *, extra: tuple[str, ...] = ()) -> Cell:
    """A dollar value (``$``) when the form gives one, else the number of shares."""
    if getattr(row, value_field, None) is not None or value_field in row.footnotes:
        return _cell(row, value_field, money=True, extra=extra)
    return _cell(row, shares_field, extra=extra)


def cell_text(cell: Cell) -> str:
    """A cell as one line of text: ``$ 7.0515 (1)``; a footnote-only value is just ``(1)``."""
    text = f"{cell.prefix} {cell.value}" if cell.prefix else cell.value
    marks = "".join(f"({m})" for m in cell.marks)
    return f"{text} {marks}" if text and marks else text or marks


def _row_cells(row: Any, form: str) -> dict[str, Cell]:
    cells: dict[str, Cell] = {
        "title": _cell(row, "security_title"),
        "owned_after": _either(row, "value_owned_after", "shares_owned_after"),
        "direct_indirect": _cell(row, "direct_indirect"),
        "nature": _cell(row, "nature"),
    }
    derivative = hasattr(row, "underlying_title")
    if derivative:
        cells["conversion_price"] = _cell(row, "conversion_price", money=True)
        cells["exercisable"] = _cell(row, "exercise_date")
        cells["expiration"] = _cell(row, "expiration_date")
        cells["underlying_title"] = _cell(row, "underlying_title")
        cells["underlying_amount"] = _either(row, "underlying_value", "underlying_shares")
    if not isinstance(row, NonDerivativeTransaction | DerivativeTransaction):
        return cells
    coding = tuple(footnote_mark(f) for f in row.footnotes.get("coding", ()))
    timely = tuple(footnote_mark(f) for f in row.footnotes.get("timeliness", ()))
    code = row.displayed_code or ""
    early = form == "4" and row.form_type == "5"
    if form == "4":
        cells["code"] = Cell(code, "", coding)
        cells["v"] = Cell("V" if early else "", "", timely)
    else:
        cells["code"] = Cell(code, "", coding + timely)
    cells["date"] = _cell(row, "transaction_date")
    cells["deemed"] = _cell(row, "deemed_execution_date")
    cells["price"] = _cell(row, "price", money=True)
    if derivative:
        ad = tuple(footnote_mark(f) for f in row.footnotes.get("acquired_disposed", ()))
        amount = _either(row, "total_value", "shares")
        amount = amount._replace(marks=amount.marks + ad)
        cells["disposed" if row.acquired_disposed == "D" else "acquired"] = amount
    else:
        cells["amount"] = _either(row, "total_value", "shares")
        cells["ad"] = _cell(row, "acquired_disposed")
    return cells


def table_cells(filing: Filing, table: int) -> tuple[tuple[Column, ...], list[list[Cell]]]:
    """The columns of Table I (``table=1``) or II and one list of physical cells per row."""
    form = filing.form if filing.form in TITLES else "4"
    columns = (TABLE_I_COLUMNS if table == 1 else TABLE_II_COLUMNS)[form]
    rows = filing.non_derivative if table == 1 else filing.derivative
    keys = cell_keys(columns)
    out = []
    for row in rows:
        cells = _row_cells(row, form)
        out.append([cells.get(key, Cell()) for key in keys])
    return columns, out


def owner_cells(owner: ReportingOwner) -> list[str]:
    """One row of the Reporting Owners table (see ``OWNER_COLUMNS``)."""
    a = owner.address
    flags = (owner.is_director, owner.is_ten_percent_owner, owner.is_officer, owner.is_other)
    return [
        owner.name or "",
        owner.cik or "",
        *(_show(getattr(a, f, None)) for f in ("street1", "street2", "city", "state", "zip_code")),
        *("X" if flag else "" for flag in flags),
        owner.officer_title or "",
        owner.other_text or "",
    ]


def header_checkboxes(filing: Filing) -> list[tuple[bool | None, str]]:
    """The checkboxes under the form's name, in page order: every box the form always prints,
    and the others where the filing says yes or no."""
    boxes: list[tuple[bool | None, str]] = []
    for field, box in CHECKBOXES.items():
        value = getattr(filing, field)
        if filing.form in box.forms and (box.always or value is not None):
            boxes.append((value, LABELS[box.label]))
    return boxes
