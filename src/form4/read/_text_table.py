"""Rows of Tables I and II in text renderings: cells split by tabs, pipes, spaces or lines, placed
into the form's columns by position where the page keeps it and by content where it does not."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from form4.errors import ReadWarning
from form4.model import (
    UNKNOWN_FOOTNOTE_PREFIX,
    DerivativeHolding,
    DerivativeTransaction,
    NonDerivativeHolding,
    NonDerivativeTransaction,
)
from form4.write.render import (
    TABLE_I_COLUMNS,
    TABLE_II_COLUMNS,
    TRANSACTION_CELLS,
    VALUE_CELLS,
    Column,
    cell_keys,
)

__all__ = [
    "LAYOUTS",
    "PIPE",
    "RULE",
    "Cell",
    "RowReader",
    "cells_of",
    "footnote_id",
    "is_header_word",
    "parse_date",
    "plain",
    "split_marks",
    "table_rows",
]

PIPE = "\x00"  # stands in for an escaped \| until cells are split
RULE = re.compile(r"^[\s_\-=|.:+]*$")  # a line of rules and separators only


def plain(text: str) -> str:
    """Text with each run of white space (tabs too) as one space, and escaped pipes restored."""
    return " ".join(text.replace(PIPE, "|").replace("\t", " ").split())


# -- the form's columns ----------------------------------------------------------------------------
# The physical cells of a data row, left to right, are the renderer's (form4.write.render, after
# REFERENCE.md §6.2-6.5): here each cell key is named by the model field it holds. "V", "A" and
# "D" are sub-columns, not fields: V marks a transaction reported on Form 4 that belonged on
# Form 5 (transactionFormType 5); Table II puts the amount under (A) or (D) by its direction.
_FIELD_OF_CELL = {
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


def _fields(columns: tuple[Column, ...]) -> tuple[str, ...]:
    return tuple(_FIELD_OF_CELL[key] for key in cell_keys(columns))


LAYOUTS: dict[tuple[str, bool], tuple[str, ...]] = {
    **{(form, False): _fields(columns) for form, columns in TABLE_I_COLUMNS.items()},
    **{(form, True): _fields(columns) for form, columns in TABLE_II_COLUMNS.items()},
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

#: How each column names itself in a warning's place.
COLUMN_NAMES = {
    "security_title": "title",
    "transaction_date": "transaction date",
    "deemed_execution_date": "deemed execution date",
    "code": "code",
    "V": "V",
    "shares": "amount",
    "acquired_disposed": "(A) or (D)",
    "price": "price",
    "shares_owned_after": "shares owned after",
    "direct_indirect": "direct or indirect",
    "nature": "nature of ownership",
    "conversion_price": "conversion or exercise price",
    "A": "(A)",
    "D": "(D)",
    "exercise_date": "date exercisable",
    "expiration_date": "expiration date",
    "underlying_title": "underlying title",
    "underlying_shares": "underlying amount",
}
_KIND = {
    "transaction_date": "date",
    "deemed_execution_date": "date",
    "exercise_date": "date",
    "expiration_date": "date",
    "code": "code",
    "V": "v",
    "acquired_disposed": "ad",
    "direct_indirect": "di",
    "shares": "number",
    "price": "number",
    "shares_owned_after": "number",
    "conversion_price": "number",
    "underlying_shares": "number",
    "A": "number",
    "D": "number",
}


# -- cells ---------------------------------------------------------------------------------------
_MARK = re.compile(
    r"\(\s*(\d{1,2}|\?\d{1,3})\s*\)|\[\s*F?(\d{1,2})\s*\]|<sup>\s*\(?(\d{1,2})\)?\s*</sup>"
)


def footnote_id(mark: str) -> str:
    """``3`` -> ``F3``; a mark for a footnote whose number was lost (``?1``) is its own id."""
    return mark if mark.startswith(UNKNOWN_FOOTNOTE_PREFIX) else f"F{int(mark)}"


def split_marks(raw: str) -> tuple[str, tuple[str, ...]]:
    """A cell's text without its footnote marks ``(1)``, ``[F1]``, and the marks as ids."""
    marks = tuple(
        dict.fromkeys(footnote_id(next(g for g in m.groups() if g)) for m in _MARK.finditer(raw))
    )
    text = _MARK.sub(" ", raw) if marks else raw
    return " ".join(text.split()), marks


_NONE = frozenset({"-", "--", "\u2014", "\u2013"})  # typed forms write a dash for "none"


def _cell(raw: str, legacy: bool) -> Cell:
    text, marks = split_marks(raw)
    return Cell("" if legacy and text in _NONE else text, marks)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    marks: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.text and not self.marks


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        1,
    )
}
_LONG_DATE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})\s*,\s*(\d{4})")


def parse_date(raw: str) -> tuple[date | None, str | None]:
    """A date as renderings write it, and a note when reading it took a guess (2-digit year)."""
    text = raw.strip()
    note = None
    try:
        if match := _US_DATE.fullmatch(text):
            year = int(match[3])
            if len(match[3]) == 2:
                # Two-digit years appear only on pre-2003 typed forms, all of them after 1950.
                year += 1900 if year >= 50 else 2000
                note = f"two-digit year in {text!r} read as {year}"
            return date(year, int(match[1]), int(match[2])), note
        if match := _ISO_DATE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3])), None
        if (match := _LONG_DATE.fullmatch(text)) and match[1].lower() in _MONTHS:
            return date(int(match[3]), _MONTHS[match[1].lower()], int(match[2])), None
    except ValueError:
        return None, None
    return None, None


_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|-?\.\d+")


def parse_number(raw: str) -> Decimal | None:
    text = raw.replace("$", "").replace(" ", "")
    if not _NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", ""))


_CODE = re.compile(r"([A-Z])\s*(\(\s*K\s*\)|K)?")
_FITS: dict[str, Callable[[str], bool]] = {
    "date": lambda t: parse_date(t)[0] is not None,
    "number": lambda t: parse_number(t) is not None,
    "code": lambda t: _CODE.fullmatch(t) is not None,
    "v": lambda t: t == "V",
    "ad": lambda t: t.strip("()") in ("A", "D"),
    "di": lambda t: t.strip("()") in ("D", "I"),
    # Free text: never a date, a number or a lone letter (a code, A/D or D/I mark).
    "text": lambda t: (
        len(t.strip("()")) > 1 and parse_date(t)[0] is None and parse_number(t) is None
    ),
}


def _fits(column: str, cell: Cell) -> bool:
    if not cell.text:
        return True  # a footnote-only value fits any column
    return _FITS[_KIND.get(column, "text")](cell.text)


# -- placing a row ---------------------------------------------------------------------------------
_MAX_SOLUTIONS = 256


def _assignments(cells: list[Cell], layout: tuple[str, ...]) -> list[tuple[int, ...]]:
    """Every way to put the cells, in order, into distinct columns whose kind they fit."""
    found: list[tuple[int, ...]] = []

    def walk(i: int, j: int, chosen: tuple[int, ...]) -> None:
        if len(found) >= _MAX_SOLUTIONS:
            return
        if i == len(cells):
            found.append(chosen)
            return
        for k in range(j, len(layout) - (len(cells) - i) + 1):
            if _fits(layout[k], cells[i]):
                walk(i + 1, k + 1, (*chosen, k))

    walk(0, 0, ())
    return found


def _plausible(columns: set[str], derivative: bool) -> bool:
    # A transaction always shows its date and its code (both are required by the schema), so an
    # assignment that fills transaction columns without either is a misreading, not a row.
    touched = columns & TRANSACTION_CELLS
    if touched and not ({"transaction_date", "code"} <= columns):
        return False
    return "security_title" in columns


class RowReader:
    """Places the cells of one table's rows and builds model rows, recording warnings."""

    def __init__(self, form: str, derivative: bool, warnings: list[ReadWarning]) -> None:
        self.derivative = derivative
        self.form = form
        self.layout = LAYOUTS[(form, derivative)]
        self.warnings = warnings
        self.refs: dict[str, str] = {}  # footnote id -> first place referring to it

    def warn(self, place: str, message: str) -> None:
        self.warnings.append(ReadWarning(place, message))

    def place(
        self, raw_cells: list[str], place: str, positional: bool
    ) -> tuple[dict[str, Cell], set[str], bool | None]:
        """Column -> cell for the shown cells, the columns the page lost at its right edge, and
        whether the row is a transaction when its cells alone cannot tell (None: they can).

        ``positional``: the cells keep their places (tabs, pipes), so the n-th cell is the n-th
        column; otherwise (runs of spaces, one cell per line) only their order is known.
        """
        cells = [_cell(c, self.form == "legacy") for c in raw_cells]
        layout = self.layout
        if positional:
            while len(cells) > len(layout) and cells[-1].empty:
                cells.pop()
            # A row of exactly the header's cells keeps its places even when a value is odd (that
            # value alone is left out); a shorter or longer row may have lost or gained cells
            # anywhere, so its places are trusted only when every cell fits its column.
            if len(cells) == len(layout) or (
                len(cells) < len(layout)
                and all(_fits(column, cell) for column, cell in zip(layout, cells, strict=False))
            ):
                shown = {c: cell for c, cell in zip(layout, cells, strict=False) if not cell.empty}
                return shown, set(layout[len(cells) :]), None
            self.warn(place, "cells are not where the header puts them; placing them by content")
        filled = [cell for cell in cells if not cell.empty]
        solutions = self.readings(filled)
        shown_text = " | ".join(c.text + "".join(f"({m[1:]})" for m in c.marks) for c in filled)
        if solutions and len(solutions) < _MAX_SOLUTIONS:
            # Keep what every reading agrees on: a cell that all of them put in the same column.
            agreed = {
                layout[k]: filled[i]
                for i, k in enumerate(solutions[0])
                if all(s[i] == k for s in solutions)
            }
            kinds = {bool({layout[k] for k in s} & TRANSACTION_CELLS) for s in solutions}
            if len(agreed) < len(filled):
                self.warn(
                    place,
                    f"{len(solutions)} readings of {shown_text!r}: only the cells all of them "
                    "place alike are kept",
                )
            forced = kinds.pop() if len(kinds) == 1 else False
            return agreed, set(), forced
        self.warn(
            place,
            f"the columns of this row cannot be placed for sure ({len(solutions)} readings of "
            f"{shown_text!r}); only the title is kept",
        )
        return ({"security_title": filled[0]} if filled else {}), set(), False

    def readings(self, filled: list[Cell]) -> list[tuple[int, ...]]:
        """The plausible ways to place cells whose places are lost, in order, into the columns."""
        return [
            s
            for s in _assignments(filled, self.layout)
            if _plausible({self.layout[k] for k in s}, self.derivative)
        ]

    def build(self, raw_cells: list[str], place: str, positional: bool) -> Any:
        shown, lost, forced = self.place(raw_cells, place, positional)
        if (
            self.form != "3"
            and "shares_owned_after" in lost
            and "price" in shown
            and shown["price"].text
            and not (set(shown) & (TRANSACTION_CELLS - {"price"}))
        ):
            # A holding has no date, code, amount or price: with those cells empty the row holds
            # no transaction, and its one number can only be the amount owned. It sits in the
            # price column because the conversion dropped the row's empty cells at the right
            # edge, shifting the number left; the page does not show where it belonged.
            shown["shares_owned_after"] = shown.pop("price")
            lost.discard("shares_owned_after")
            self.warn(
                f"{place}, {COLUMN_NAMES['shares_owned_after']}",
                "column inferred: the only number of a holding row, shown in the price column "
                "of a row cut short, read as the amount owned",
            )
        is_transaction = self.form != "3" and (
            any(c in shown for c in TRANSACTION_CELLS) if forced is None else forced
        )
        for column in self.layout:
            if column in lost and (is_transaction or column not in TRANSACTION_CELLS):
                if column == "V":
                    continue  # an empty V is the common case; its loss hides nothing
                self.warn(f"{place}, {COLUMN_NAMES[column]}", "column not shown (lost); left out")
        return self._row(shown, place, is_transaction)

    def _row(self, shown: dict[str, Cell], place: str, is_transaction: bool) -> Any:
        values: dict[str, Any] = {}
        notes: dict[str, tuple[str, ...]] = {}
        if shown.get("A") and shown.get("D") and shown["A"].text and shown["D"].text:
            self.warn(f"{place}, (A) and (D)", "amounts in both (A) and (D); direction unknown")
            del shown["A"], shown["D"]
        for column, cell in shown.items():
            where = f"{place}, {COLUMN_NAMES[column]}"
            field = column
            text = cell.text
            if text and not _fits(column, cell):
                self.warn(where, f"{text!r} does not fit this column; left out")
                text = ""
            if column == "code":
                field = "coding"
                match = _CODE.fullmatch(text)
                if match:
                    values["code"] = match.group(1)
                    values["equity_swap"] = match.group(2) is not None
                elif text:
                    self.warn(where, f"code {text!r} not in the form's spelling; kept as shown")
                    values["code"] = text
            elif column == "V":
                field = "timeliness"
            elif column in ("A", "D"):
                field = "shares"
                if text:
                    values["acquired_disposed"] = column
                    if "$" in text:
                        field = "total_value"
                    values[field] = self._typed(where, "number", text)
            elif column in ("acquired_disposed", "direct_indirect"):
                if text:
                    values[field] = text.strip("()")
            else:
                kind = _KIND.get(column, "text")
                if (
                    column in VALUE_CELLS
                    and "$" in text
                    and (self.derivative or column != "shares")
                ):
                    field = VALUE_CELLS[column]
                values[field] = self._typed(where, kind, text)
            if cell.marks:
                notes[field] = (*notes.get(field, ()), *cell.marks)
                for fid in cell.marks:
                    self.refs.setdefault(fid, where)
        if is_transaction and "V" in self.layout:
            values["form_type"] = "5" if "V" in shown and shown["V"].text == "V" else "4"
        values = {k: v for k, v in values.items() if v is not None}
        if notes:
            values["footnotes"] = notes
        cls: Any
        if self.derivative:
            cls = DerivativeTransaction if is_transaction else DerivativeHolding
        else:
            cls = NonDerivativeTransaction if is_transaction else NonDerivativeHolding
        allowed = set(cls.__dataclass_fields__)
        for key in [k for k in values if k not in allowed]:
            self.warn(place, f"{key.replace('_', ' ')} shown on a holding row; left out")
            del values[key]
        return cls(**values)

    def _typed(self, where: str, kind: str, text: str) -> Any:
        if not text:
            return None
        value: date | Decimal | None
        if kind == "date":
            value, note = parse_date(text)
            if note:
                self.warn(where, note)
        elif kind == "number":
            value = parse_number(text)
        else:
            return text
        if value is None:
            self.warn(
                where, f"{text!r} is not a {'date' if kind == 'date' else 'number'}; left out"
            )
        return value


# -- table regions ------------------------------------------------------------------------------
_HEADER_WORDS = re.compile(
    r"Title of|\(Instr\.|Month/Day/Year|Date Exercisable|Expiration Date|Amount or Number|"
    r"\(A\) or \(D\)|Transaction Code|Ownership Form|Beneficially Owned|Nature of Indirect|"
    r"\(e\.g\., puts",
    re.I,
)
_SUB_HEADER = frozenset(
    {"code", "v", "amount", "(a) or (d)", "price", "(a)", "(d)", "date exercisable",
     "expiration date", "title", "amount or number of shares", "date", "a/d", "a/ d"}
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


def _is_header(cells: list[str]) -> bool:
    filled = [plain(c) for c in cells if plain(c)]
    if not filled:
        return True
    if any(_HEADER_WORDS.search(c) for c in filled):
        return True
    return all(c.lower() in _SUB_HEADER or re.fullmatch(r":?-{2,}:?|_+", c) for c in filled)


def table_rows(
    texts: list[str], bodies: list[bool], rows: RowReader, legacy: bool
) -> tuple[list[Any], int | None]:
    """The model rows of a table's lines (those after its title), and the offset of the first
    line after the table when it ends before the lines do.

    ``bodies`` marks SGML ``<S>`` lines: in a typed table only what follows one is data.
    """
    if any("\t" in t for t in texts):
        mode = "tab"
    elif sum(t.count("|") >= 2 for t in texts) >= 2:
        mode = "pipe"
    elif any(re.search(r"\S {2,}\S", t) for t in texts):
        mode = "layout"
    else:
        mode = "raw"
    logical: list[list[str]] = []
    stop: int | None = None
    if mode in ("tab", "pipe"):
        group: list[list[str]] = []
        seen_row = False
        in_body = not any(bodies)
        for offset, (text, body) in enumerate(zip(texts, bodies, strict=True)):
            in_body = in_body or body
            if not in_body or not text.strip():
                continue
            if legacy and re.fullmatch(r"[\s\-_|]+", text) and group:
                logical.append(_join_wrapped(group))  # a rule closes a typed row wrapped in lines
                group = []
                continue
            if "\t" not in text if mode == "tab" else text.count("|") < 2:
                if seen_row:
                    stop = offset
                    break
                continue
            cells = cells_of(text, mode)
            if _is_header(cells) or RULE.fullmatch(text):
                continue
            seen_row = True
            if legacy:
                group.append(cells)
            else:
                logical.append(cells)
        if group:
            logical.append(_join_wrapped(group))
    else:
        logical, stop = _spaced_rows(texts, mode, rows)
    label = "Table II" if rows.derivative else "Table I"
    built: list[Any] = []
    for cells in logical:
        if any(c.strip() for c in cells):
            place = f"{label} row {len(built) + 1}"
            built.append(rows.build(cells, place, mode in ("tab", "pipe")))
    return built, stop


def _join_wrapped(group: list[list[str]]) -> list[str]:
    """One typed row wrapped over lines: each cell's parts, joined as the typist broke them."""
    width = max(len(g) for g in group)
    joined = []
    for k in range(width):
        text = ""
        previous = ""
        for part in (g[k] for g in group if k < len(g)):
            if not part.strip():
                continue
            # A part that fills its cell to the last character was cut mid-word by the width.
            glue = "" if len(previous) == len(previous.rstrip()) else " "
            text = text + glue + part.strip() if text else part.strip()
            previous = part
        joined.append(text)
    return joined


_PROSE = re.compile(r"^(?:\(?\d{1,2}[.)]\s|[-*]\s+\(\d)")


def _spaced_rows(
    texts: list[str], mode: str, reader: RowReader
) -> tuple[list[list[str]], int | None]:
    """Rows of a table whose cells are split by runs of spaces, or one cell per line."""
    rows: list[list[str]] = []
    start = _data_start(texts, mode)
    if mode == "layout":
        for offset, text in enumerate(texts):
            if offset < start or not text.strip() or RULE.fullmatch(text):
                continue
            chunks = [c for c in re.split(r"\s{2,}", text.strip()) if c]
            if _is_header(chunks):
                continue
            if len(chunks) == 1 and (len(text) > 60 or _PROSE.match(text.strip())):
                return rows, offset  # prose: the table is over
            if rows and _is_text_only(chunks) and len(chunks) < len(rows[-1]):
                rows[-1][0] += " " + chunks[0]  # a title wrapped onto the next line
                rows[-1].extend(chunks[1:])
                continue
            rows.append(chunks)
        return rows, None
    cells: list[str] = []
    stop: int | None = None
    for offset, line in enumerate(texts):
        text = plain(line)
        if offset < start or not text or _is_header([text]):
            continue
        if _PROSE.match(text) and len(text) > 40:
            stop = offset
            break
        if cells and _is_title(cells[-1]) and re.match(r"\((?!\d)|[a-z]", text):
            cells[-1] += " " + text  # text wrapped onto the next line: "(right to buy)", "units)"
            continue
        cells.append(text)
    return _segment(cells, reader), stop


def _is_title(text: str) -> bool:
    """Whether a cell can open a row: free text, not the wrapped end of a longer cell."""
    value = split_marks(text)[0]
    return bool(value) and _FITS["text"](value) and not re.match(r"[(a-z]", value)


def _segment(cells: list[str], reader: RowReader) -> list[list[str]]:
    """Cells in reading order, one per line, cut into rows.

    A row starts at a title and shows a value (a date, number, letter or bare footnote mark)
    besides text; the cut is taken only when it is
    the one way to give every row a reading of the form's columns. Otherwise the rows cannot be
    told apart for sure (a title wrapped over lines reads as a title and a nature of ownership),
    and none is made up: the cells are named in a warning instead.
    """
    n = len(cells)
    parsed = [_cell(c, False) for c in cells]
    starts = [i for i in range(n) if _is_title(cells[i])] + [n]
    width = len(reader.layout)
    ways: dict[int, tuple[int, int]] = {n: (1, n)}  # i -> (ways to cut cells[i:], capped, next)
    for i in reversed(starts[:-1]):
        count, following = 0, n
        for j in starts:
            if j <= i or j - i > width or ways.get(j, (0, 0))[0] == 0:
                continue
            segment = [c for c in parsed[i:j] if not c.empty]
            shows_value = any((c.marks and not c.text) or _is_value(c.text) for c in segment)
            if len(segment) > 1 and shows_value and reader.readings(segment):
                count += ways[j][0]
                following = j
        ways[i] = (min(count, 2), following)
    if n and (starts[0] != 0 or ways[0][0] != 1):
        label = "Table II" if reader.derivative else "Table I"
        shown = " | ".join(cells)
        reader.warn(
            label,
            f"{n} cells, one per line, cannot be cut into rows for sure; no row is made up "
            f"from them: {shown!r}",
        )
        return []
    out = []
    i = 0
    while i < n:
        j = ways[i][1]
        out.append(cells[i:j])
        i = j
    return out


def _is_value(text: str, letters: bool = True) -> bool:
    """A cell only a data row holds: a date, a number, a code letter or a bare footnote mark."""
    value, marks = split_marks(text)
    if not value:
        return bool(marks)
    return (
        parse_date(value)[0] is not None
        or parse_number(value) is not None
        or (letters and re.fullmatch(r"[A-Z](?:\(K\)|K)?", value) is not None)
    )


def _data_start(texts: list[str], mode: str) -> int:
    """The offset of the first data row: the header's lines, wrapped in any way a converter
    chose, are fragments of text; a row is a title followed by values."""
    if mode == "layout":
        for offset, text in enumerate(texts):
            chunks = [c for c in re.split(r"\s{2,}", text.strip()) if c]
            if len(chunks) > 1 and not _is_value(chunks[0]) and any(map(_is_value, chunks[1:])):
                return offset
        return len(texts)
    lines = [(offset, plain(t)) for offset, t in enumerate(texts) if plain(t)]
    # One cell per line: the header's words come first, wrapped anyhow; the first date, number
    # or bare footnote mark is a value of the first row, whose title is the run of free text
    # just before it (the header's own words excepted).
    first = next((k for k, (_, t) in enumerate(lines) if _is_value(t, letters=False)), None)
    if first is None:
        return len(texts)
    k = first
    while k > 0 and _is_title(lines[k - 1][1]) and not is_header_word(lines[k - 1][1]):
        k -= 1
    return lines[k][0] if k < first else lines[first][0]


_HEADER_FRAGMENTS = frozenset({"exercisable", "expiration", "amount or", "number of", "shares"})


def is_header_word(text: str) -> bool:
    """A table header's word or fragment, as converters that wrap headers leave them."""
    lowered = text.lower().strip()
    return lowered in _SUB_HEADER or lowered in _HEADER_FRAGMENTS or _is_header([text])


def _is_text_only(cells: list[str]) -> bool:
    return all(parse_date(c)[0] is None and not re.search(r"\d", split_marks(c)[0]) for c in cells)
