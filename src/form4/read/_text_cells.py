"""Cells of text renderings: values as the form prints them (dates, numbers, codes, footnote
marks), the form's columns named by the model fields they hold, and the table headers' words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from form4.model import UNKNOWN_FOOTNOTE_PREFIX
from form4.printed import MARK_RUN, ROW_FIELDS
from form4.read._row import CODE, KIND, parse_date, parse_number

__all__ = [
    "FITS",
    "LAYOUTS",
    "PIPE",
    "RULE",
    "Cell",
    "cells_of",
    "fits",
    "footnote_id",
    "is_header",
    "is_header_word",
    "is_text_only",
    "is_value",
    "plain",
    "read_cell",
    "split_marks",
]

PIPE = "\x00"  # stands in for an escaped \| until cells are split
RULE = re.compile(r"^[\s_\-=|.:+]*$")  # a line of rules and separators only


def plain(text: str) -> str:
    """Text with each run of white space (tabs too) as one space, and escaped pipes restored."""
    return " ".join(text.replace(PIPE, "|").replace("\t", " ").split())


# -- the form's columns ----------------------------------------------------------------------------
# The physical cells of a data row, left to right, are the printed form's (form4.printed.ROW_FIELDS,
# after the SEC's renderings of Tables I and II), each named by the model field it holds; the
# typed pre-2003 form has two layouts of its own.
LAYOUTS: dict[tuple[str, bool], tuple[str, ...]] = {
    **ROW_FIELDS,
    # The typed pre-2003 Form 4 (tests/data/text): no deemed-execution column, Amount and A/D as
    # two sub-columns in Table II too, amounts owned "at End of Month".
    ("legacy", False): (
        "security_title", "transaction_date", "code", "V", "shares", "acquired_disposed",
        "price", "shares_owned_after", "direct_indirect", "nature",
    ),
    ("legacy", True): (
        "security_title", "conversion_price", "transaction_date", "code", "V", "shares",
        "acquired_disposed", "exercise_date", "expiration_date", "underlying_title",
        "underlying_shares", "price", "shares_owned_after", "direct_indirect", "nature",
    ),
}  # fmt: skip

# -- cells ---------------------------------------------------------------------------------------
_MARK = re.compile(
    r"(?<!\\)(?:\(\s*(\d{1,2}|\?\d{1,3})\s*\)|\[\s*F?(\d{1,2})\s*\]"
    r"|<sup>\s*\(?(\d{1,2})\)?\s*</sup>)"
)
# A backslash before what would be a mark: the filer's own text, printed escaped.
_ESCAPED_MARK = re.compile(rf"\\(?={MARK_RUN})")


def footnote_id(mark: str) -> str:
    """``3`` -> ``F3``; a mark for a footnote whose number was lost (``?1``) is its own id."""
    return mark if mark.startswith(UNKNOWN_FOOTNOTE_PREFIX) else f"F{int(mark)}"


def split_marks(raw: str) -> tuple[str, tuple[str, ...]]:
    """A cell's text without its footnote marks ``(1)``, ``[F1]``, and the marks as ids."""
    marks = tuple(
        dict.fromkeys(footnote_id(next(g for g in m.groups() if g)) for m in _MARK.finditer(raw))
    )
    text = _MARK.sub(" ", raw) if marks else raw
    if "\\" in text:
        text = _ESCAPED_MARK.sub("", text)
    return " ".join(text.split()), marks


_NONE = frozenset({"-", "--", "\u2014", "\u2013"})  # typed forms write a dash for "none"


def read_cell(raw: str, legacy: bool) -> Cell:
    text, marks = split_marks(raw)
    if text == "$" and marks:
        # The SEC's page prints "$" before a price cell's value, the value or not: "$ (1)" is
        # a price given by its footnote only.
        text = ""
    return Cell("" if legacy and text in _NONE else text, marks)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    marks: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.text and not self.marks


FITS: dict[str, Callable[[str], bool]] = {
    "date": lambda t: parse_date(t)[0] is not None,
    "number": lambda t: parse_number(t) is not None,
    "code": lambda t: CODE.fullmatch(t) is not None,
    "v": lambda t: t == "V",
    "ad": lambda t: t.strip("()") in ("A", "D"),
    "di": lambda t: t.strip("()") in ("D", "I"),
    # Free text: never a date, a number or a lone letter (a code, A/D or D/I mark).
    "text": lambda t: (
        len(t.strip("()")) > 1 and parse_date(t)[0] is None and parse_number(t) is None
    ),
}


_REQUIRED = frozenset({"transaction_date", "code"})


def fits(column: str, cell: Cell) -> bool:
    if not cell.text:
        # An empty cell fits any column; a footnote-only value any but a transaction's date
        # and code: the form requires both values, and a holding shows those cells empty.
        return not cell.marks or column not in _REQUIRED
    return FITS[KIND.get(column, "text")](cell.text)


# -- table regions ------------------------------------------------------------------------------
_HEADER_WORDS = re.compile(
    r"Title of|\(Instr\.|Month/Day/Year|Date Exercisable|Expiration Date|Amount or Number|"
    r"\(A\) or \(D\)|Transaction Code|Ownership Form|Beneficially Owned|Nature of Indirect|"
    r"\(e\.g\., puts",
    re.I,
)
_SUB_HEADER = frozenset(
    {"code", "v", "amount", "(a) or (d)", "price", "(a)", "(d)", "date exercisable",
     "expiration date", "title", "amount or number of shares", "date", "a/d", "a/ d",
     "(a) or"}
)  # fmt: skip


def cells_of(text: str, mode: str) -> list[str]:
    if mode == "tab":
        parts = text.split("\t")
    else:
        parts = text.split("|")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    return [p.replace(PIPE, "|") for p in parts]


def is_header(cells: list[str]) -> bool:
    filled = [plain(c) for c in cells if plain(c)]
    if not filled:
        return True
    if any(_HEADER_WORDS.search(c) for c in filled):
        # A header shows no number or date; a row may hold a header's words ("No securities are
        # beneficially owned") beside its values.
        return not any(parse_number(c) is not None or parse_date(c)[0] for c in filled)
    return all(c.lower() in _SUB_HEADER or re.fullmatch(r":?-{2,}:?|_+", c) for c in filled)


def is_value(text: str, letters: bool = True) -> bool:
    """A cell only a data row holds: a date, a number, a code letter or a bare footnote mark."""
    value, marks = split_marks(text)
    if not value:
        return bool(marks)
    return (
        parse_date(value)[0] is not None
        or parse_number(value) is not None
        or (letters and re.fullmatch(r"[A-Z](?:\(K\)|K)?", value) is not None)
    )


_HEADER_FRAGMENTS = frozenset({"exercisable", "expiration", "amount or", "number of", "shares"})


def is_header_word(text: str) -> bool:
    """A table header's word or fragment, as converters that wrap headers leave them."""
    lowered = text.lower().strip()
    return lowered in _SUB_HEADER or lowered in _HEADER_FRAGMENTS or is_header([text])


def is_text_only(cells: list[str]) -> bool:
    return all(parse_date(c)[0] is None and not re.search(r"\d", split_marks(c)[0]) for c in cells)
