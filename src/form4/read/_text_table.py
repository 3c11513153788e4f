"""Rows of Tables I and II in text renderings: cells split by tabs, pipes, spaces or lines, placed
into the form's columns by position where the page keeps it and by content where it does not."""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from itertools import pairwise
from typing import Any

from form4.codes import TRANSACTION_CODES
from form4.errors import ReadWarning
from form4.printed import TABLE_I_COLUMNS, TABLE_II_COLUMNS, TRANSACTION_CELLS
from form4.read._row import CODE, COLUMN_NAMES, KIND, build_row, parse_date, parse_number
from form4.read._text_cells import (
    FITS,
    LAYOUTS,
    RULE,
    Cell,
    cells_of,
    fits,
    is_header,
    is_header_word,
    is_text_only,
    is_value,
    plain,
    read_cell,
    split_marks,
)
from form4.read._text_layout import (
    SLACK,
    UNTOLD,
    LayoutRow,
    centred_rows,
    chunks,
    joined_lines,
    layout_rows,
    shows_title,
)
from form4.read._text_page import BOILERPLATE
from form4.read._typed_rows import kind_of, line_tokens, read_row

__all__ = ["RowReader", "is_visual", "table_rows"]


# -- placing a row ---------------------------------------------------------------------------------
_MAX_SOLUTIONS = 256


def _assignments(
    cells: list[Cell], layout: tuple[str, ...], allowed: list[frozenset[int]] | None = None
) -> list[tuple[int, ...]]:
    """Every way to put the cells, in order, into distinct columns whose kind they fit (and, with
    ``allowed``, among the columns each cell's place allows)."""
    found: list[tuple[int, ...]] = []

    def walk(i: int, j: int, chosen: tuple[int, ...]) -> None:
        if len(found) >= _MAX_SOLUTIONS:
            return
        if i == len(cells):
            found.append(chosen)
            return
        for k in range(j, len(layout) - (len(cells) - i) + 1):
            if fits(layout[k], cells[i]) and (allowed is None or k in allowed[i]):
                walk(i + 1, k + 1, (*chosen, k))

    walk(0, 0, ())
    return found


def _plausible(columns: set[str], derivative: bool) -> bool:
    # A transaction always shows its date and its code (both are required by the schema), so an
    # assignment that fills transaction columns without either is a misreading, not a row.
    touched = columns & TRANSACTION_CELLS
    if touched and not ({"transaction_date", "code"} <= columns):
        return False
    # Table II prints a transaction's amount under (A) or under (D), the other cell empty.
    if {"A", "D"} <= columns:
        return False
    return "security_title" in columns


def _nearer(cell: Cell, x: int, at_a: int, at_d: int) -> str | None:
    """The title, "A" for (A) or "D" for (D), whose centre is nearer the centre of a cell
    starting at ``x`` by more than ``SLACK`` (the titles are three characters wide); None when
    neither is."""
    centre = x + len(cell.text) / 2
    to_a, to_d = abs(centre - at_a - 1.5), abs(centre - at_d - 1.5)
    if abs(to_a - to_d) < SLACK:
        return None
    return "A" if to_a < to_d else "D"


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
        self,
        cells: list[Cell],
        place: str,
        positional: bool,
        allowed: list[frozenset[int]] | None = None,
        spots: LayoutRow | None = None,
    ) -> tuple[dict[str, Cell], set[str], bool | None]:
        """Column -> cell for the shown cells, the columns the page lost at its right edge, and
        whether the row is a transaction when its cells alone cannot tell (None: they can).

        ``positional``: the cells keep their places (tabs, pipes), so the n-th cell is the n-th
        column; otherwise (runs of spaces, one cell per line) only their order is known, and
        ``allowed`` may give the columns each cell's place on the line allows; ``spots``, where
        the cells and the header's columns start (see ``_by_side``).
        """
        layout = self.layout
        if allowed is not None and spots is not None:
            allowed = self._centred(cells, allowed, spots)
        if positional:
            while len(cells) > len(layout) and cells[-1].empty:
                cells.pop()
            # A row of exactly the header's cells keeps its places even when a value is odd (that
            # value alone is left out); a shorter or longer row may have lost or gained cells
            # anywhere, so its places are trusted only when every cell fits its column.
            if len(cells) == len(layout) or (
                len(cells) < len(layout)
                and all(fits(column, cell) for column, cell in zip(layout, cells, strict=False))
            ):
                shown = {c: cell for c, cell in zip(layout, cells, strict=False) if not cell.empty}
                return shown, set(layout[len(cells) :]), None
            self.warn(place, "cells are not where the header puts them; placing them by content")
        filled = [cell for cell in cells if not cell.empty]
        solutions: list[tuple[int, ...]] = []
        placed = True  # the cells' places count
        if allowed is not None:
            kept = [allowed[i] for i, cell in enumerate(cells) if not cell.empty]
            solutions = self.readings(filled, kept)
            if not solutions:
                # The cells' places contradict their content (text aligned by hand, or laid out
                # in another type than the header's): they are placed by their content alone,
                # as where no header places them.
                self.warn(place, "cells are not under the columns their values fit; placing "
                          "them by content")  # fmt: skip
                solutions = self.readings(filled)
                placed = False
        else:
            solutions = self.readings(filled)
        if len(solutions) > 1 and placed and spots is not None and spots.xs and spots.starts:
            xs = [x for x, cell in zip(spots.xs, cells, strict=False) if not cell.empty]
            solutions = self._by_side(solutions, filled, xs, spots.starts)
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
        title = filled[0] if filled and fits("security_title", filled[0]) else None
        # More values than a holding has, or a date in Table I, show a transaction.
        holding = sum(1 for c in layout if c not in TRANSACTION_CELLS and c in KIND)
        values = sum(1 for c in filled if is_value(c.text) or (c.marks and not c.text))
        dated = not self.derivative and any(parse_date(c.text)[0] is not None for c in filled)
        return ({"security_title": title} if title else {}), set(), values > holding or dated

    def _centred(
        self, cells: list[Cell], allowed: list[frozenset[int]], spots: LayoutRow
    ) -> list[frozenset[int]]:
        """The columns each cell may be in, where Table II's amount, which the page centres
        under (A) or (D) as it does their titles, starts under the one title but is centred
        nearer the other (a wide amount starts left of its title): both (see ``_by_side``)."""
        sides = self._sides(spots.starts)
        if sides is None or not spots.xs:
            return allowed
        a, d = self.layout.index("A"), self.layout.index("D")
        out = list(allowed)
        for k, (cell, x) in enumerate(zip(cells, spots.xs, strict=False)):
            side = _nearer(cell, x, *sides)
            if (out[k] & {a, d}) == {d if side == "A" else a}:
                out[k] = out[k] | {a, d}
        return out

    def _sides(self, starts: list[int | None] | None) -> tuple[int, int] | None:
        """Where Table II's titles (A) and (D) start, when the header shows both."""
        if "A" not in self.layout or not starts:
            return None
        at_a, at_d = starts[self.layout.index("A")], starts[self.layout.index("D")]
        return None if at_a is None or at_d is None else (at_a, at_d)

    def _by_side(
        self,
        solutions: list[tuple[int, ...]],
        filled: list[Cell],
        xs: list[int],
        starts: list[int | None],
    ) -> list[tuple[int, ...]]:
        """The readings that put Table II's amount under (A) or under (D) when they differ in
        that alone, and two things on the page say the same: the amount is centred nearer the
        one title than the other (the page centres both the titles and the amounts), and the
        row's code fixes that way (a purchase acquires, a sale disposes, an exercise or
        conversion disposes of the derivative: ``form4.codes``). Else all the readings."""
        layout = self.layout
        sides = self._sides(starts)
        if sides is None or len(xs) != len(filled):
            return solutions
        a, d = layout.index("A"), layout.index("D")
        differ = [i for i in range(len(filled)) if len({s[i] for s in solutions}) > 1]
        if len(differ) != 1:
            return solutions
        i = differ[0]
        if {s[i] for s in solutions} != {a, d}:
            return solutions
        code = layout.index("code")
        j = next((n for n, k in enumerate(solutions[0]) if k == code), None)
        match = CODE.fullmatch(filled[j].text) if j is not None else None
        known = TRANSACTION_CODES.get(match.group(1)) if match else None
        if known is None:
            return solutions
        expected = known.direction or ("D" if known.exercise else None)
        side = _nearer(filled[i], xs[i], *sides)
        if side is None or expected != side:
            return solutions
        return [s for s in solutions if s[i] == (a if side == "A" else d)]

    def readings(
        self, filled: list[Cell], allowed: list[frozenset[int]] | None = None
    ) -> list[tuple[int, ...]]:
        """The plausible ways to place cells whose places are lost, in order, into the columns."""
        return [
            s
            for s in _assignments(filled, self.layout, allowed)
            if _plausible({self.layout[k] for k in s}, self.derivative)
        ]

    def build(
        self,
        raw_cells: list[str],
        place: str,
        positional: bool,
        allowed: list[frozenset[int]] | None = None,
        doubtful: dict[int, str] | None = None,
        spots: LayoutRow | None = None,
    ) -> Any:
        """The model row of one row's cells; ``doubtful`` cells (their text may be incomplete,
        for the reason given) count for placing the others but are left out."""
        cells = [read_cell(c, self.form == "legacy") for c in raw_cells]
        doubtful_cells = [(cells[i], why) for i, why in (doubtful or {}).items()]
        shown, lost, forced = self.place(cells, place, positional, allowed, spots)
        for column, cell in list(shown.items()):
            why = next((why for c, why in doubtful_cells if cell is c), None)
            if why is not None:
                del shown[column]
                self.warn(f"{place}, {COLUMN_NAMES[column]}", f"{why}; left out")
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
        cells: dict[str, tuple[str, tuple[str, ...]]] = {}
        for column, cell in shown.items():
            text = cell.text
            if text and not fits(column, cell):
                self.warn(
                    f"{place}, {COLUMN_NAMES[column]}",
                    f"{text!r} does not fit this column; left out",
                )
                text = ""
            cells[column] = (text, cell.marks)
        return build_row(
            cells,
            layout=self.layout,
            derivative=self.derivative,
            is_transaction=is_transaction,
            place=place,
            warn=self.warn,
            refs=self.refs,
        )


# -- table regions ------------------------------------------------------------------------------
def table_rows(
    texts: list[str],
    bodies: list[bool],
    rows: RowReader,
    legacy: bool,
    pages: list[bool] | None = None,
    visual: bool = False,
) -> tuple[list[Any], int | None]:
    """The model rows of a table's lines (those after its title), and the offset of the first
    line after the table when it ends before the lines do.

    ``bodies`` marks SGML ``<S>`` lines: in a typed table only what follows one is data;
    ``pages`` marks the lines that start a printed page. ``visual``: the page is written as its
    visual lines (``is_visual``), a table without rows too.
    """
    if any("\t" in t for t in texts):
        mode = "tab"
    elif sum(t.count("|") >= 2 for t in texts) >= 2:
        mode = "pipe"
    elif any(re.search(r"\S {2,}\S", t) for t in texts):
        mode = "layout"
    else:
        mode = "raw"
    label = "Table II" if rows.derivative else "Table I"
    if mode != "tab" and not legacy and visual:
        return _visual_table(texts, rows, label)
    if mode == "layout" and not legacy:
        return _layout_table(texts, rows, label, pages)
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
            if is_header(cells) or RULE.fullmatch(text):
                continue
            first = next((t for c in cells if (t := plain(c).strip("*_ "))), "")
            if BOILERPLATE.match(first):
                # The form's own notes below a table, in cells of their own ("Persons who
                # respond to the collection ... | SEC 1474"): no row, and the table ends.
                if seen_row:
                    stop = offset
                    break
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
    built: list[Any] = []
    for cells in logical:
        if any(c.strip() for c in cells):
            place = f"{label} row {len(built) + 1}"
            doubtful = dict.fromkeys(_fragments(cells) or (), _WRAPPED) if mode == "raw" else None
            built.append(rows.build(cells, place, mode in ("tab", "pipe"), None, doubtful))
    return built, stop


def _fragments(cells: list[str]) -> set[int] | None:
    """The text cells of a row read one cell a line, when one of them is the wrapped end of
    another ("to buy)", "(right"): which cell each part belongs to is unknown."""
    texts = [i for i, c in enumerate(cells) if (v := split_marks(c)[0]) and not is_value(v)]
    parts = [split_marks(cells[i])[0] for i in texts]
    broken = any(p[:1].islower() or p.count("(") != p.count(")") for p in parts)
    return set(texts) if broken else None


# An amount or price within a text ("Class A Common 25,000 Stock", "Option $ 23.529"): a
# converter ran a value's cell into a title wrapped around it; no title of the page holds a
# number with thousands separators, or a price as the page prints one ("$" and a space); a
# number with decimals standing alone between words ("Common 26.325 Stock") is doubted too,
# though a rare title may hold one: left out, not read wrong.
_RUN_IN = re.compile(
    r"(?:^|\s)(?:\$ \d[\d,]*(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?=\s|$)"
)
_RUN_IN_WHY = "a value run into the text"
_HEADER_NOTE = re.compile(r"\(?Instr|Date$", re.I)
_WRAPPED = "text wrapped over lines not told apart"
_CUT = "text reaching the right edge of a page that cuts the table; it may go on past it"
_BROKEN = "a row beside a page break; it may go on over it"
_TEXT_FIELDS = frozenset({"security_title", "underlying_title", "nature"})


def _layout_table(
    texts: list[str], rows: RowReader, label: str, pages: list[bool] | None = None
) -> tuple[list[Any], int | None]:
    """The rows of a table whose columns are kept by spacing (see ``_text_layout``)."""
    columns = (TABLE_II_COLUMNS if rows.derivative else TABLE_I_COLUMNS).get(rows.form)
    text_columns = frozenset(k for k, f in enumerate(rows.layout) if f in _TEXT_FIELDS)
    warned: list[str] = []
    # The form's notes under Table I ("Reminder: Report on a separate line ...", "SEC 1474")
    # end the table, though a converter keeping the page's columns may set them beside others.
    # The header's "(Instr. 3)" hints and its "Date" are the form's words too, and end nothing.
    notes = next(
        (
            offset
            for offset, text in enumerate(texts)
            if (cells := [c.text for c in chunks(text)])
            and BOILERPLATE.match(cells[0])
            and not _HEADER_NOTE.match(cells[0])
        ),
        None,
    )
    found, stop = layout_rows(texts[:notes], columns, text_columns, warned.append, pages)
    stop = notes if stop is None else stop
    for message in warned:
        rows.warn(label, message)
    built: list[Any] = []
    for row in found:
        if any(c.strip() for c in row.cells):
            place = f"{label} row {len(built) + 1}"
            doubtful = dict.fromkeys(row.doubtful, _WRAPPED) | dict.fromkeys(row.cut, _CUT)
            for k, cell in enumerate(row.cells):
                if _RUN_IN.search(cell) and not is_value(cell):
                    doubtful.setdefault(k, _RUN_IN_WHY)
            built.append(rows.build(row.cells, place, False, row.allowed, doubtful, row))
    # The page cuts the table: D or I may be past it, unless the header shows its column.
    cut = any(row.cut for row in found) and not (
        columns is not None and shows_title(texts[:notes], columns[-2])
    )
    if (
        pages is not None
        and any(row.lines > 1 for row in found)
        and any(
            not (cut or any(split_marks(c)[0].strip("()") in ("D", "I") for c in row.cells))
            or not (row.cells and _is_title(row.cells[0]))
            for row in found
        )
    ):
        # Every row of the form opens with its security's title and shows its ownership form
        # (D or I): where a printed page's rows are read from several lines each, a row without
        # either was made of lines not told apart (cells centred in their row's height, above
        # and below its middle line, a title wrapped around its values), and the rows' count is
        # not sure.
        return _centred_table(texts[:notes], rows, label, columns, pages), stop
    return built, stop


def _centred_table(
    texts: list[str],
    rows: RowReader,
    label: str,
    columns: Any,
    pages: list[bool] | None,
) -> list[Any]:
    """The rows of a table whose rows are not set apart by blank lines, read column by column
    (``centred_rows``), or none when their count is not sure (warned)."""
    warned: list[str] = []

    found = centred_rows(texts, columns, warned.append, pages) if columns else None
    if found is None:
        rows.warn(label, "a row without a title or without its ownership form: the rows are "
                  "not told apart for sure; none is read")  # fmt: skip
        return []
    built: list[Any] = []
    for message in warned:
        rows.warn(label, message)
    for row in found:
        place = f"{label} row {len(built) + 1}"
        doubtful = {k: _WRAPPED if row.cells[k] is UNTOLD else _BROKEN for k in row.doubtful}
        built.append(rows.build(row.cells, place, False, row.allowed, doubtful, row))
    return built


def _join_wrapped(group: list[list[str]]) -> list[str]:
    """One typed row wrapped over lines: each cell's parts, joined as the typist broke them."""
    width = max(len(g) for g in group)
    # Line by line, each cell's pieces (parts and the glue between them) and its last part.
    pieces: list[list[str]] = [[] for _ in range(width)]
    previous = [""] * width
    for g in group:
        for k, part in enumerate(g):
            if not part.strip():
                continue
            # A part that fills its cell to the last character was cut mid-word by the width.
            if pieces[k]:
                pieces[k].append("" if len(previous[k]) == len(previous[k].rstrip()) else " ")
            pieces[k].append(part.strip())
            previous[k] = part
    return ["".join(cell) for cell in pieces]


_PROSE = re.compile(r"^(?:\(?\d{1,2}[.)]\s|[-*]\s+\(\d)")


def _spaced_rows(
    texts: list[str], mode: str, reader: RowReader
) -> tuple[list[list[str]], int | None]:
    """Rows of a table whose cells are split by runs of spaces, or one cell per line."""
    rows: list[list[str]] = []
    start = _data_start(texts, mode)
    wrapped: list[str] = []  # text wrapped onto the last row's (or cell's) first text so far
    if mode == "layout":
        stop: int | None = None
        for offset, text in enumerate(texts):
            if offset < start or not text.strip() or RULE.fullmatch(text):
                continue
            chunks = [c for c in re.split(r"\s{2,}", text.strip()) if c]
            if is_header(chunks):
                continue
            if len(chunks) == 1 and (len(text) > 60 or _PROSE.match(text.strip())):
                stop = offset  # prose: the table is over
                break
            if rows and is_text_only(chunks) and len(chunks) < len(rows[-1]):
                wrapped.append(chunks[0])  # a title wrapped onto the next line
                rows[-1].extend(chunks[1:])
                continue
            if wrapped:
                rows[-1][0] = " ".join([rows[-1][0], *wrapped])
                wrapped = []
            rows.append(chunks)
        if wrapped:
            rows[-1][0] = " ".join([rows[-1][0], *wrapped])
        return rows, stop
    cells: list[str] = []
    title = False  # whether the last cell can open a row (``_is_title``)
    stop = None
    for offset, line in enumerate(texts):
        text = plain(line)
        if offset < start or not text or is_header([text]):
            continue
        if _PROSE.match(text) and len(text) > 40:
            stop = offset
            break
        if _joined(text):
            label = "Table II" if reader.derivative else "Table I"
            reader.warn(label, f"cells joined on one line ({text!r}) cannot be told apart; "
                        "no row is made up")  # fmt: skip
            return [], None
        if title and re.match(r"\((?!\d)|[a-z]", text):
            # Text wrapped onto the next line: "(right to buy)", "units)". The cell stays a
            # title: after a space, text opening with a lowercase letter or a "(" without a
            # digit makes no footnote mark with the cell's end, nor a date or a number.
            wrapped.append(text)
            continue
        if wrapped:
            cells[-1] = " ".join([cells[-1], *wrapped])
            wrapped = []
        cells.append(text)
        title = _is_title(text)
    if wrapped:
        cells[-1] = " ".join([cells[-1], *wrapped])
    region = [plain(t) for t in texts[start:stop]]
    shown = sum(1 for t in region if t)
    gaps = sum(1 for a, b in pairwise(region) if a and not b)
    if shown > 2 and gaps >= 0.8 * (shown - 1):
        # Each cell a text box of its own (pdfminer's layout analysis), in an order of the
        # boxes' own: the rows' cells may come in any order.
        label = "Table II" if reader.derivative else "Table I"
        reader.warn(label, "cells are text boxes in an order not known to be the rows'; "
                    "no row is made up")  # fmt: skip
        return [], stop
    return _segment(cells, reader), stop


def _joined(text: str) -> bool:
    """Whether a line holds several values (a converter joined a row's cells with single
    spaces): two dates, amounts or letters, a "$" with its number and the marks after a value
    counting as part of it."""
    words = re.sub(r"\$\s+(?=[\d.])", "$", text).split()
    return sum(1 for w in words if is_value(w) and split_marks(w)[0]) > 1


def _is_title(text: str) -> bool:
    """Whether a cell can open a row: free text, not the wrapped end of a longer cell."""
    value = split_marks(text)[0]
    return bool(value) and FITS["text"](value) and not re.match(r"[(a-z]", value)


def _segment(cells: list[str], reader: RowReader) -> list[list[str]]:
    """Cells in reading order, one per line, cut into rows.

    A row starts at a title and shows a value (a date, number, letter or bare footnote mark)
    besides text; the cut is taken only when it is
    the one way to give every row a reading of the form's columns. Otherwise the rows cannot be
    told apart for sure (a title wrapped over lines reads as a title and a nature of ownership),
    and none is made up: the cells are named in a warning instead.
    """
    n = len(cells)
    parsed = [read_cell(c, False) for c in cells]
    starts = [i for i in range(n) if _is_title(cells[i])] + [n]
    width = len(reader.layout)
    ways: dict[int, tuple[int, int]] = {n: (1, n)}  # i -> (ways to cut cells[i:], capped, next)
    for i in reversed(starts[:-1]):
        count, following = 0, n
        # The starts after i and at most ``width`` cells on (a row has no more cells).
        for j in starts[bisect_right(starts, i) : bisect_right(starts, i + width)]:
            if ways.get(j, (0, 0))[0] == 0:
                continue
            segment = [c for c in parsed[i:j] if not c.empty]
            shows_value = any((c.marks and not c.text) or is_value(c.text) for c in segment)
            if len(segment) > 1 and shows_value and _owned(reader, segment):
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


def _owned(reader: RowReader, segment: list[Cell]) -> bool:
    """Whether cells read as a row showing its direct or indirect ownership, which every row
    has: a converter that moved a row's last cells elsewhere left the cut unknown."""
    column = reader.layout.index("direct_indirect")
    return any(column in s for s in reader.readings(segment))


def _data_start(texts: list[str], mode: str) -> int:
    """The offset of the first data row: the header's lines, wrapped in any way a converter
    chose, are fragments of text; a row is a title followed by values."""
    if mode == "layout":
        for offset, text in enumerate(texts):
            chunks = [c for c in re.split(r"\s{2,}", text.strip()) if c]
            if len(chunks) > 1 and not is_value(chunks[0]) and any(map(is_value, chunks[1:])):
                return offset
        return len(texts)
    lines = [(offset, plain(t)) for offset, t in enumerate(texts) if plain(t)]
    # One cell per line: the header's words come first, wrapped anyhow; the first date, number
    # or bare footnote mark is a value of the first row, whose title is the run of free text
    # just before it (the header's own words excepted).
    first = next((k for k, (_, t) in enumerate(lines) if is_value(t, letters=False)), None)
    if first is None:
        return len(texts)
    k = first
    while k > 0 and _is_title(lines[k - 1][1]) and not is_header_word(lines[k - 1][1]):
        k -= 1
    return lines[k][0] if k < first else lines[first][0]


# -- a table as the page's visual lines ------------------------------------------------------------
# A converter that reads a PDF by the height of its words writes each visual line of the page as
# one line of text: the words of every cell at that height, left to right, joined by spaces (or
# put in a table of its own making, whose columns are not the form's). A row's one-line cells
# share its middle line; a cell wrapped over lines (a long title, "$" above its number, a mark
# raised by its superscript) sits above and below it, where the next or the previous row's cells
# sit too.
_VALUE_KINDS = frozenset({"date", "number", "money", "letter", "v"})


def _line_kinds(text: str) -> tuple[list[str], list[str]]:
    tokens = line_tokens(plain(text))
    return tokens, [kind_of(read_cell(t, False)) for t in tokens]


def _is_main(kinds: list[str], tokens: list[str]) -> bool:
    """A row's middle line: two values or more, with a date (a transaction's date never wraps)
    or after a text (its title, or a part of it) with an amount and a letter. A header's line
    ("Code V (A) (D)") shows letters only; a price wrapped under its "$" beside an amount
    wrapped too ("8,337 $ 69") shows no date or text; values with their marks glued on
    ("06/08/2026(5)"), raised by the marks' superscript, do not count."""
    values = [
        k for k, t in zip(kinds, tokens, strict=True) if k in _VALUE_KINDS and ")" not in t[-1:]
    ]
    if len(values) < 2:
        return False
    if "date" in values:
        return True
    # A holding's line: its title, an amount and then its D or I ("$.01" in a title is no
    # amount, nor "Class A" and "2021" of wrapped texts a holding). Without the title first, the
    # line may be the end of a row's line that a converter cut in two.
    if kinds[0] != "text" or "number" not in kinds:
        return False
    after = kinds.index("number")
    return any(t in ("D", "I") for t in tokens[after:])


def is_visual(texts: list[str]) -> bool:
    """Whether a table's lines are the page's visual lines: some line that is no converter's
    table row holds a text and two values or more, or the numbered headers of two columns,
    joined by single spaces."""
    for text in texts:
        if "|" in text or "\t" in text:
            continue  # a converter's table row
        if re.search(r"\S {2,}\S", text.strip()):
            continue  # a converter keeping the columns by spacing
        if _HEADS.search(text):
            return True
        tokens, kinds = _line_kinds(text)
        if _is_main(kinds, tokens) and not is_header([plain(text)]):
            return True
    return False


# "1.Title of Security 2. Transaction": two numbered column headers on one line.
_HEADS = re.compile(r"^\s*1\.\s*Title\b.*\s2\.\s")
_INSTR = re.compile(r"\(Instr\.[^)]*\)?|\(Month/Day/Year\)", re.I)


def _visual_table(texts: list[str], rows: RowReader, label: str) -> tuple[list[Any], int | None]:
    """The rows of a table written as visual lines: one row for each middle line, read by the
    types of its values (``_typed_rows``); what lies on the lines around it is not tied to a
    row, so a text the row's middle line shows is kept only when no other text lies between it
    and the rows around (a title or nature wrapped over lines would be cut)."""
    lines: list[tuple[list[str], list[str]]] = []
    offsets: list[int] = []  # each line's place in ``texts``
    stop: int | None = None
    started = False
    for offset, text in enumerate(texts):
        shown = plain(text.replace("|", " "))
        if not shown:
            continue
        tokens, kinds = _line_kinds(_INSTR.sub(" ", shown))
        data = _middle(tokens, kinds) or _is_main(kinds, tokens)
        if BOILERPLATE.match(shown) or (_PROSE.match(shown) and len(shown) > 40 and not data):
            # The form's notes, or footnotes' prose ("(1) 12/21/2011 C ..." is a row whose
            # conversion price shows a mark alone).
            if started:
                stop = offset
                break
            continue
        if not started and _is_header_line(text) and not _middle(tokens, kinds):
            lines, offsets = [], []  # the header goes on: what came before was part of it
            continue
        started = started or data
        lines.append((tokens, kinds))
        offsets.append(offset)
    if not started:
        lines = []
    mains = [i for i, (tokens, kinds) in enumerate(lines) if _is_main(kinds, tokens)]
    lost = next(
        (
            i
            for i, line in enumerate(lines)
            if i not in mains and (_middle(*line) or _binned_form(texts[offsets[i]]))
        ),
        None,
    )
    if lost is not None:
        # A row's middle line not read as one: the rows from there on cannot be counted.
        shown = " ".join(lines[lost][0])
        rows.warn(label, f"the line {shown!r} belongs to a row not told apart; the rows from "
                  "there on are left out")  # fmt: skip
        mains = [i for i in mains if i < lost]
    cut = _cut_nature(texts)
    built: list[Any] = []
    owned: dict[tuple[str, str], Decimal] = {}  # (title, D or I) -> amount owned after
    shown_lines = [texts[o] for o in offsets]
    line_kinds = [line[1] for line in lines]
    for n, i in enumerate(mains):
        place = f"{label} row {len(built) + 1}"
        tokens, kinds = lines[i]
        before = mains[n - 1] + 1 if n else 0
        after = mains[n + 1] if n + 1 < len(mains) else len(lines)
        around = [k for j in range(before, after) if j != i for k in lines[j][1]]
        # A "$" alone above the row is its price's, wrapped apart from its number (the first
        # line of a cell centred on the row's line is above it): the number may be on the row's
        # line without its "$".
        # With its number there, the price is a cell of three lines or more, centred: its last
        # line, below the row's, shows its marks (without them "$" and its number make two
        # lines, on neither side of the row's line). So a "$" alone on its line, with no mark
        # below the row, puts no bare price on the row's line. (A "$" beside values raised by
        # their marks' superscripts is on a part of the row's line that the converter split.)
        dollars = [lines[j][1] for j in range(before, i) if "dollar" in lines[j][1]]
        bare = bool(dollars) and (
            any(not set(k) <= {"dollar", "mark"} for k in dollars)
            or any(read_cell(t, False).marks for j in range(i + 1, after) for t in lines[j][0])
        )
        holding = None
        if not rows.derivative and _holding_line(lines, i, before, after):
            holding = _no_transaction_cells
        typed = read_row(tokens, rows.layout, plausible=holding, bare_prices=bare)
        key = _chain_key(typed.cells)
        if not rows.derivative and key in owned:
            # Table I's rows of one security and ownership form a chain (Table II's do not:
            # grants of one title are held apart).
            typed = read_row(
                tokens, rows.layout, plausible=holding, previous_owned=owned[key], bare_prices=bare
            )
        for shown_text, why in typed.unplaced:
            rows.warn(place, f"{shown_text!r} {why}")
        cells = dict(typed.cells)
        for column, why in typed.doubtful.items():
            rows.warn(f"{place}, {COLUMN_NAMES[column]}", why)
        wrapped = "text" in around
        others = [offsets[j] for j in range(before, after) if j != i and "text" in lines[j][1]]
        first, last = n == 0, n + 1 == len(mains)
        side = _row_side(shown_lines, line_kinds, i, before, after, first, last)[0]
        own = [offsets[j] for j in side if "text" in lines[j][1]]  # the others that may be its
        nature = None
        if (
            wrapped
            and not rows.derivative
            and not cut
            and not any(kind_of(read_cell(t, False)) == "text" for t, _ in typed.unplaced)
            and "nature" not in typed.doubtful
        ):
            shown_nature = cells.get("nature")
            nature = _binned_nature(
                shown_lines,
                line_kinds,
                i,
                before,
                after,
                first,
                last,
                None if shown_nature is None
                else Cell(shown_nature.text, typed.glued.get("nature", ())),
            )  # fmt: skip
        single = _one_line_texts(line_kinds, i, before, cells, rows.derivative)
        for column in [c for c in cells if c in _TEXT_FIELDS]:
            title = cells[column].text
            if single and (
                column != "nature"
                or (not rows.derivative and _nature_alone(shown_lines, line_kinds, i, after))
            ):
                continue
            if column == "security_title" and (
                _title_alone(title, texts, offsets[i], others)
                or _title_apart(title, tokens, texts, offsets[i], own)
            ):
                continue
            if column == "nature" and nature is not None:
                continue
            if wrapped or (column == "nature" and cut):
                why = _WRAPPED if wrapped else _CUT
                rows.warn(f"{place}, {COLUMN_NAMES[column]}", f"{why}; left out")
                del cells[column]
        if any(k in _VALUE_KINDS or k in ("mark", "dollar") for k in around):
            # A wrapped cell's mark may rise onto the row's line beside another cell: with
            # values around, a mark standing alone is not tied to its cell for sure; one glued
            # to a value ("S(1)") is that value's.
            rows.warn(place, "values on the lines around the row are not tied to it, nor the "
                      "row's footnote marks standing alone to their cells; left out")  # fmt: skip
            cells = {
                c: Cell(cell.text, typed.glued.get(c, ())) for c, cell in cells.items() if cell.text
            }
        if nature is None and wrapped and not rows.derivative and not cut:
            nature = _anchored_nature(shown_lines, line_kinds, i, before, after, cells)
        if nature is not None:
            cells["nature"] = nature  # its lines, marks and all, are the nature's own
        if not rows.derivative and not bare and "price" not in typed.cells:
            price = _price_around(shown_lines, line_kinds, i, before, after)
            if price is not None:
                cells["price"] = price
        if not rows.derivative and "price" in cells:
            marks = _price_marks(shown_lines, line_kinds, i, before, after, last, cells["price"])
            marks = marks or _anchored_price_marks(shown_lines, line_kinds, i, before, after, cells)
            if marks:
                cells["price"] = Cell(cells["price"].text, marks)
        # A transaction of Table I shows its date on its middle line (a date never wraps), a
        # holding none; one of Table II its code beside its D or I, or a third date.
        shown_kinds = "letter" if rows.derivative else "date"
        is_transaction = rows.form != "3" and (
            any(c in cells for c in TRANSACTION_CELLS)
            or typed.transaction  # more values than a holding shows, whichever their columns
            or kinds.count(shown_kinds) >= (2 if rows.derivative else 1)
            or (rows.derivative and kinds.count("date") >= 3)
        )
        # The chain links a row to the one just before of its security and ownership: a row
        # whose amount owned, or whose security, is not read for sure breaks it.
        amount = None
        if "shares_owned_after" in cells and "$" not in cells["shares_owned_after"].text:
            amount = parse_number(cells["shares_owned_after"].text)
        if key is None:
            owned.clear()
        elif amount is None:
            owned.pop(key, None)
        else:
            owned[key] = amount
        built.append(rows._row(cells, place, is_transaction))
    return built, stop


def _line_cell(text: str) -> Cell:
    """A line of the text read as one cell, a converter's table pipes read as spaces."""
    return read_cell(plain(text.replace("|", " ")), False)


def _holding_line(
    lines: list[tuple[list[str], list[str]]], row: int, before: int, after: int
) -> bool:
    """Whether a Table I row whose middle line is ``row`` is a holding: its line shows one
    amount and a D or I, no other value, and no line between the rows around shows a value.

    A transaction shows its date, its code, its amount and its (A) or (D) on its line (they
    never wrap), or raised by their marks' superscripts onto a line just beside it: with
    none of them there, and no value on the lines around (which may be the row's, or a row's
    not told apart), the row's one amount is the amount owned."""
    tokens, kinds = lines[row]
    letters = [t for t, k in zip(tokens, kinds, strict=True) if k in ("letter", "v")]
    if kinds.count("number") != 1 or len(letters) != 1 or letters[0] not in ("D", "I"):
        return False
    if not set(kinds) <= {"text", "number", "letter", "mark"}:
        return False
    around = [k for j in range(before, after) if j != row for k in lines[j][1]]
    return not (set(around) & (_VALUE_KINDS | {"money", "dollar"}))


def _no_transaction_cells(shown: dict[str, Cell]) -> bool:
    """Whether a reading of a row puts nothing in a transaction's own cells (a holding's)."""
    return not any(column in TRANSACTION_CELLS for column in shown)


def _dollar_line(
    kinds: list[list[str]], row: int, before: int, cells: dict[str, Cell]
) -> int | None:
    """The line just above a row's middle line (``row``), known by its price's "$": None when
    not known for sure, or when that line shows more than "$" and marks.

    A cell is centred in its row, its lines one apart. A price whose number stands bare on the
    middle line had its "$" wrapped onto the line before: the line just above the middle one.
    The "$" is the row's own when it is the only one between the row before's middle line and
    this one (a price's "$" lies above its number)."""
    if not any(c in cells and "$" not in cells[c].text for c in ("price", "conversion_price")):
        return None
    dollars = [j for j in range(before, row) if "dollar" in kinds[j]]
    if len(dollars) != 1 or not set(kinds[dollars[0]]) <= {"dollar", "mark"}:
        return None
    return dollars[0]


def _mirrored(texts: list[str], kinds: list[list[str]], row: int, dollar: int, after: int) -> bool:
    """Whether the lines below a row's middle line (``row``), up to the next row's "$" alone
    (or the table's end), mirror those from its "$" (``dollar``, a line above it) down: every
    cell is centred in its row, so a row shows as many lines below its middle line as above,
    and the last of them, a line below the middle one, shows marks alone (the price's, its
    third line). Any other count says the lines are not where this reading puts them."""
    below = list(range(row + 1, after))
    end = next((k for k, j in enumerate(below) if _price_start(texts[j], kinds[j])), len(below))
    below = below[:end]
    return len(below) == row - dollar and bool(below) and set(kinds[below[-1]]) == {"mark"}


def _one_line_texts(
    kinds: list[list[str]], row: int, before: int, cells: dict[str, Cell], derivative: bool
) -> bool:
    """Whether the texts on a row's middle line (``row``) are whole cells, one line each.

    A cell that shows a line on the middle line has an odd number of them, and one of three or
    more shows a line just above the middle one. When that line shows nothing but the price's
    "$" (and marks, which end a cell and begin none: ``_dollar_line``), each text on the middle
    line is its cell's only line. Table I has two text columns: when its middle line shows
    both, a text half a line above (between the "$" and the middle line) belongs to no cell,
    and the page is not what this reading takes it for."""
    dollar = _dollar_line(kinds, row, before, cells)
    if dollar is None:
        return False
    between = [j for j in range(dollar + 1, row) if "text" in kinds[j]]
    return derivative or not between or "nature" not in cells


def _nature_alone(texts: list[str], kinds: list[list[str]], row: int, after: int) -> bool:
    """Whether a nature of ownership on a Table I row's middle line (``row``) whose texts are
    one line each (``_one_line_texts``) is whole: no text lies on the lines below it that may
    be the row's (up to the next row's "$" alone). Some looks of the page set the lines closer,
    and a nature's line half a line above joins the middle line: its line half a line below
    would then show a text, if any."""
    for j in range(row + 1, after):
        if _price_start(texts[j], kinds[j]):
            return True
        if "text" in kinds[j]:
            return False
    return True


def _anchored_nature(
    texts: list[str], kinds: list[list[str]], row: int, before: int, after: int,
    cells: dict[str, Cell],
) -> Cell | None:  # fmt: skip
    """The nature of ownership of a Table I row whose middle line (``row``) shows its title and
    not its nature, when its lines are known for sure (None otherwise).

    The line just above the middle one shows the price's "$" alone (``_dollar_line``): the title,
    on the middle line, is one line, and a text between the "$" and the middle line, half a line
    above it, is the nature's first line, of two lines (a nature of four would show a line above
    the "$", where no text lies). Its second line, half a line below the middle one, is the
    first line below it: when that line is one text, one mark, or a text and its marks, it is
    the nature's second line. A mark half a line below is raised by its superscript and may
    join the middle line, at its end (the nature is the last column): a middle line ending in
    marks leaves the nature's lines unknown; so do lines below that do not mirror those above
    (``_mirrored``)."""
    dollar = _dollar_line(kinds, row, before, cells)
    if dollar is None or "nature" in cells or "security_title" not in cells:
        return None
    if any("text" in kinds[j] for j in range(before, dollar)):
        return None
    between = list(range(dollar + 1, row))
    if len(between) != 1 or kinds[between[0]] != ["text"] or row + 1 >= after:
        return None
    if kinds[row + 1] not in (["text"], ["mark"], ["text", "mark"]):
        return None
    if read_cell(line_tokens(plain(texts[row].replace("|", " ")))[-1], False).marks:
        return None
    if not _mirrored(texts, kinds, row, dollar, after):
        return None
    first = _line_cell(texts[between[0]])
    last = _line_cell(texts[row + 1])
    if first.marks or not first.text:
        return None
    parts = [first.text, *([last.text] if last.text else [])]
    return Cell(joined_lines(parts), last.marks)


def _price_around(
    texts: list[str], kinds: list[list[str]], row: int, before: int, after: int
) -> Cell | None:
    """The price of a Table I row wrapped in two lines around its middle line (``row``): "$"
    alone on the line just above, its number alone on the line just below; None when not so.

    Called when the row's line shows no price (``bare`` is false: no number there is one). A
    price's "$" lies above its number, the row's only "$" between the rows around; on the
    line just above the row's, with nothing between, it stands half a line above (a line above
    would put its number on the row's line, where there is none), and its number half a line
    below: on the first line below the row's, where no other line can come between."""
    dollars = [j for j in range(before, row) if "dollar" in kinds[j]]
    if dollars != [row - 1] or kinds[row - 1] != ["dollar"] or row + 1 >= after:
        return None
    if kinds[row + 1] != ["number"]:
        return None
    number = _line_cell(texts[row + 1])
    return Cell(f"${number.text}", number.marks)


def _anchored_price_marks(
    texts: list[str], kinds: list[list[str]], row: int, before: int, after: int,
    cells: dict[str, Cell],
) -> tuple[str, ...]:  # fmt: skip
    """The footnote marks of a Table I row's price whose number stands bare on the row's middle
    line (``row``) and whose "$" alone is the line just above it (``_dollar_line``); empty when
    not known for sure.

    The price's number is its cell's middle line: the cell shows a third line, a line below the
    middle one, its marks. No other cell does: it would show a line above too, where the "$"
    stands alone. The lines between the "$" and the middle line stand half a line above it
    (one at most); a cell showing one shows one half a line below as well. So the line a line
    below is the first below the middle line, or the second when one stands half a line above.
    A mark half a line below may be raised onto the middle line by its superscript, which would
    miscount the lines: the middle line may then show no mark alone. So may a nature's line
    half a line above, joined to the middle line (some looks of the page set the lines closer):
    the middle line may show no text but the title."""
    price = cells.get("price")
    if price is None or not price.text or price.marks or "$" in price.text:
        return ()
    dollar = _dollar_line(kinds, row, before, cells)
    if dollar is None or kinds[dollar] != ["dollar"]:
        return ()
    half = row - dollar - 1
    if half > 1 or (half and "mark" in kinds[row]) or kinds[row].count("text") > 1:
        return ()
    if not _mirrored(texts, kinds, row, dollar, after):
        return ()
    return _line_cell(texts[row + 1 + half]).marks


def _title_alone(title: str, texts: list[str], row: int, others: list[int]) -> bool:
    """Whether a title, the whole first cell of a row's middle line, is whole although texts lie on
    the lines around: the lines from the first to the last of them are all rows of a converter's
    tables (or their rules, left blank), which bin the words of the page by where they stand, and
    none of the lines around holds a word in its first cell. A title is the leftmost text of the
    table and its wrapped lines start where it starts: they fall in the first cell."""
    if not others or not _is_binned(texts[row]):
        return False
    first = min(row, *others)
    last = max(row, *others)
    if not all(not t.strip() or _is_binned(t) for t in texts[first : last + 1]):
        return False
    cells = cells_of(texts[row], "pipe")
    if not cells or plain(cells[0]) != plain(title):
        return False
    return all(not plain(cells_of(texts[k], "pipe")[0]) for k in others)


def _title_apart(
    title: str, tokens: list[str], texts: list[str], row: int, others: list[int]
) -> bool:
    """Whether a title, the first token of a row's middle line, is whole although texts lie on
    the lines around: ``others``, the lines with texts that may be the row's (``_row_side``), are
    each a row of a converter's table (which bins the words of the page by where they stand)
    whose first cell is empty. A title is the leftmost text of the table and its wrapped lines
    start where it starts, in the first cell; so those texts are other cells' (a nature of
    ownership, an underlying title)."""
    if not tokens or plain(tokens[0]) != plain(title):
        return False
    if _is_binned(texts[row]):
        cells = cells_of(texts[row], "pipe")
        if not cells or plain(cells[0]) != plain(title):
            return False
    for k in others:
        if not _is_binned(texts[k]):
            return False
        cells = cells_of(texts[k], "pipe")
        if not cells or plain(cells[0]):
            return False
    return True


def _chain_key(cells: dict[str, Cell]) -> tuple[str, str] | None:
    """The security and ownership a row's amount owned counts, when its line shows both."""
    title, form = cells.get("security_title"), cells.get("direct_indirect")
    if title is None or form is None or not title.text or form.text.strip("()") == "I":
        return None  # indirect holdings are told apart by their nature, often wrapped
    return title.text, form.text.strip("()")


def _is_header_line(text: str) -> bool:
    """A line of the table's header: its cells (or the line) are the header's words."""
    cells = [plain(c) for c in cells_of(text, "pipe") if plain(c)] if "|" in text else [text]
    return bool(cells) and (is_header(cells) or any(is_header_word(c) for c in cells))


def _binned_form(text: str) -> bool:
    """Whether a line of a converter's table shows a D or I in a cell of its own: a row's direct
    or indirect ownership, on its middle line (where the title runs into the nature's text on
    the line read as one, "Class A Common Stock I Footnote"), or opening a later cell that the
    nature's text follows in ("| Class A Common Stock | | I Footnote |")."""
    if not _is_binned(text):
        return False
    cells = [plain(cell) for cell in cells_of(text, "pipe")]
    return any(cell in ("D", "I") for cell in cells) or any(
        cell.split(" ", 1)[0] in ("D", "I")
        and kind_of(read_cell(cell.split(" ", 1)[1], False)) == "text"
        for cell in cells[1:]
        if " " in cell
    )


def _middle(tokens: list[str], kinds: list[str]) -> bool:
    """Whether a line is some row's middle line: it shows a date, or a D or I, without a
    footnote mark (a mark's superscript may raise a one-line cell off its row's line, nothing
    else does)."""
    for token, kind in zip(tokens, kinds, strict=True):
        cell = read_cell(token, False)
        if cell.marks:
            continue
        if kind == "date" or token in ("D", "I"):
            return True
    return False


def _cut_nature(texts: list[str]) -> bool:
    """Whether the page cuts the table at its right edge: the header of its last column, the
    nature of ownership, is not shown whole."""
    words = set(plain(" ".join(texts).replace("|", " ")).split())
    return not {"Nature", "Indirect", "Beneficial"} <= words


# -- a row's cells wrapped into the converter's own tables ---------------------------------------
# The nature of ownership of a Table I row whose page is written as its visual lines, read from
# the converter's own tables around the row (markitdown on a PDF bins each visual line's words into
# columns of its own making when the line spans several of them).
#
# What the page's geometry says for sure:
#
# * Every cell of a row is centred in the row's height, and a cell's lines are one line apart: a
#   cell wrapped over lines has as many of them above the row's middle line as below it.
# * A "$" alone on its line is the first line of a price wrapped before its number, so it lies in
#   the upper half of its row: in the lines between two rows' middle lines, the first line showing
#   one and every line after it belong to the lower row. The lines before the first row's middle
#   line are that row's; the lines after the last row's are the last row's.
# * Table I has two text columns, the title (the first, where the converter's first cell lies) and
#   the nature of ownership: a text in a later cell of the converter's table is the nature's.
#
# So when the nature's wrapped lines above the row are all known to be the row's and the lines
# below that may be the row's show exactly as many of the nature's, those are its lines. A line
# whose words the converter did not place (a plain line) that may hold a part of the nature leaves
# it unknown.


def _is_binned(text: str) -> bool:
    return text.strip().startswith("|")


def _column(texts: list[str], indexes: list[int]) -> int | bool | None:
    """The cell of the converter's tables that holds the nature's texts on these lines: None
    when none shows a text beside the first cell, False when texts lie in more than one cell."""
    found: set[int] = set()
    for j in indexes:
        if not _is_binned(texts[j]):
            continue
        for c, cell in enumerate(cells_of(texts[j], "pipe")):
            if c and plain(cell) and "text" in _line_kinds(cell)[1]:
                found.add(c)
    if len(found) > 1:
        return False
    return next(iter(found), None)


def _price_start(text: str, kinds: list[str]) -> bool:
    """Whether a line shows a "$" alone, the first line of a price wrapped before its number: a
    cell of the converter's table that is just "$", or a plain line of a "$" and no text."""
    if _is_binned(text):
        return any(plain(cell) == "$" for cell in cells_of(text, "pipe"))
    return "dollar" in kinds and "text" not in kinds


def _row_side(
    texts: list[str],
    kinds: list[list[str]],
    row: int,
    before: int,
    after: int,
    first: bool,
    last: bool,
) -> tuple[list[int], set[int]]:
    """The lines between the rows around a row that may be its own (the lines below it from the
    first "$" alone on are the next row's), and those of them above it that may be the row
    before's (the lines before the first "$" alone above it, unless it is the first row)."""
    above = list(range(before, row))
    below = list(range(row + 1, after))

    def cut(indexes: list[int]) -> int:
        found = (k for k, j in enumerate(indexes) if _price_start(texts[j], kinds[j]))
        return next(found, len(indexes))

    cut_above = 0 if first else cut(above)
    cut_below = len(below) if last else cut(below)
    return [*above, *below[:cut_below]], set(above[:cut_above])


def _binned_nature(
    texts: list[str],
    kinds: list[list[str]],
    row: int,
    before: int,
    after: int,
    first: bool,
    last: bool,
    middle: Cell | None,
) -> Cell | None:
    """The whole nature of ownership of the row whose middle line is line ``row`` (``texts`` and
    ``kinds``: the table's lines and their tokens' kinds; ``before``/``after``: the bounds of
    the lines between the rows around it; ``middle``: the nature the middle line shows, with
    the marks glued to it), or None when it is not known for sure."""
    side, unsure_above = _row_side(texts, kinds, row, before, after, first, last)
    column = _column(texts, side)
    if column is False:
        return None
    parts_above: list[str] = []
    parts_below: list[str] = []
    loose_marks = False  # marks below the row whose cell is unknown
    for j in side:
        shown = set(kinds[j])
        if not _is_binned(texts[j]):
            # A plain line: its words' columns are unknown. A "$" is a price's; marks end a
            # cell, so above the row they end no nature (whose last line is at or below it).
            if not shown <= {"dollar", "mark"}:
                return None
            loose_marks = loose_marks or (j > row and "mark" in shown)
            continue
        if column is None:
            continue
        cells = cells_of(texts[j], "pipe")
        cell = plain(cells[column]) if column < len(cells) else ""
        if not cell:
            continue
        cell_kinds = set(_line_kinds(cell)[1])
        if j in unsure_above and cell_kinds == {"mark"}:
            continue  # marks end a cell: above the row they end the nature of the row before
        if j in unsure_above or not cell_kinds <= {"text", "mark"}:
            return None  # a part of the row before's, or a value's cell run into the nature's
        (parts_above if j < row else parts_below).append(cell)
    if len(parts_above) != len(parts_below):
        return None  # not centred as one cell: a part lies elsewhere, or is another row's
    if loose_marks and parts_above:
        return None  # a mark whose cell is unknown may be the nature's last line
    if middle is not None and middle.marks and parts_below:
        return None  # marks end a cell: the middle line's cannot be followed by more of it
    parts = [*parts_above, *([middle.text] if middle is not None and middle.text else []),
             *parts_below]  # fmt: skip
    if not parts or any(read_cell(part, False).marks for part in parts[:-1]):
        return None  # nothing, or marks inside the text: not one cell's lines
    whole = read_cell(joined_lines(parts), False)
    if not whole.text:
        return None
    return Cell(whole.text, middle.marks if middle is not None and not parts_below else whole.marks)


def _price_marks(
    texts: list[str],
    kinds: list[list[str]],
    row: int,
    before: int,
    after: int,
    last: bool,
    price: Cell,
) -> tuple[str, ...]:
    """The footnote marks of a Table I row's price wrapped over three lines, "$" above the row's
    middle line and its marks below (empty when not known for sure).

    The price's number stands bare on the middle line and the only line above it, between the
    rows' middle lines, that shows more than marks is a "$" alone: the price's first line (a
    cell's first line is its value's, never a mark). Centred, the price has as many lines below
    as above: its marks. So when the lines below that may be the row's are one line of one mark,
    that mark is the price's. Another cell's mark there would end a cell wrapped over two lines,
    whose first line lies above the middle line (none does but the "$") or on it, where the
    price's number, a line below its "$", cannot then be."""
    if not price.text or price.marks or "$" in price.text:
        return ()
    above = range(before, row)
    starts = [j for j in above if _price_start(texts[j], kinds[j])]
    if len(starts) != 1 or any(j != starts[0] and set(kinds[j]) - {"mark"} for j in above):
        return ()
    start = texts[starts[0]]
    if plain(start.replace("|", " ")) != "$":
        return ()
    below = list(range(row + 1, after))
    if not last:
        cut = next((k for k, j in enumerate(below) if _price_start(texts[j], kinds[j])), None)
        if cut is None:
            return ()  # the next row's lines are not told apart from this one's
        below = below[:cut]
    if len(below) != 1 or kinds[below[0]] != ["mark"]:
        return ()
    return _line_cell(texts[below[0]]).marks
