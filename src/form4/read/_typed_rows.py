"""A row of Table I or II read as the typed sequence of its values, wherever a converter put the
columns: one visual line of the row, its cells in order but their places lost.

Every value of a data row has a strong type that the SEC's page prints the same way each time: a
date ``M/D/YYYY``; a code, one upper-case letter with an optional ``(K)``; V; (A) or (D); (D) or
(I); an amount without ``$``; a price with ``$`` before it; footnote marks ``(1)`` after a value
or alone. The columns of a table come in a fixed order (``form4.printed.ROW_FIELDS``). So the
tokens of a row, in order, can be placed into the columns by type alone, and every way of doing
so (every column may be missing: a converter may have moved its cell elsewhere) is a reading.
What all readings place alike is what the row says for sure; the rest is left out with a reason.

The interface is small: ``line_tokens`` cuts a visual line into tokens, ``read_row`` places
tokens (as cell texts) into a layout's columns, and ``chain_adds_up`` checks a holdings chain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from form4.printed import TRANSACTION_CELLS
from form4.read._row import CODE, parse_date, parse_number
from form4.read._text_cells import Cell, read_cell

__all__ = ["TypedRow", "chain_adds_up", "kind_of", "line_tokens", "read_row"]

_MAX_READINGS = 512

#: What each column of a row takes, by kind of token (see ``kind_of``).
_TEXT = frozenset({"text"})
_DATE = frozenset({"date"})
_AMOUNT = frozenset({"number", "money"})  # "$" makes an amount a dollar value (VALUE_CELLS)
_MONEY = frozenset({"money", "dollar"})  # the page prints a price with its "$" only
TAKES: dict[str, frozenset[str]] = {
    "security_title": _TEXT,
    "underlying_title": _TEXT,
    "nature": _TEXT,
    "transaction_date": _DATE,
    "deemed_execution_date": _DATE,
    "exercise_date": _DATE,
    "expiration_date": _DATE,
    "code": frozenset({"code", "v", "ad", "di"}),
    "V": frozenset({"v"}),
    "acquired_disposed": frozenset({"ad"}),
    "direct_indirect": frozenset({"di"}),
    "shares": _AMOUNT,
    "A": _AMOUNT,
    "D": _AMOUNT,
    "shares_owned_after": _AMOUNT,
    "underlying_shares": _AMOUNT,
    "price": _MONEY,
    "conversion_price": _MONEY,
}
_TEXT_COLUMNS = frozenset(c for c, kinds in TAKES.items() if kinds == _TEXT)
_PRICES = frozenset(c for c, kinds in TAKES.items() if kinds == _MONEY)
#: The columns the page shows with footnote marks and no value: a price, a conversion price and
#: the two dates of Table II (the schema lets those values go without; the others must be
#: there). A mark elsewhere follows the value it qualifies.
MARK_ONLY = frozenset({"price", "conversion_price", "exercise_date", "expiration_date"})
_LETTER = re.compile(r"\(?([A-Z])\)?")
_MONEY_TEXT = re.compile(r"\$\s*(.*)")


def kind_of(cell: Cell) -> str:
    """The kind of one token: "mark" (footnote marks alone), "date", "money" (``$`` and a
    number), "dollar" (a ``$`` whose number is elsewhere), "number", a letter's kind ("v",
    "ad", "di", "code", the most specific its letter allows; see ``_letter_fits``), or
    "text"."""
    text = cell.text
    if not text:
        return "mark" if cell.marks else "empty"
    if text == "$":
        return "dollar"
    if parse_date(text)[0] is not None:
        return "date"
    if (money := _MONEY_TEXT.fullmatch(text)) and parse_number(money[1]) is not None:
        return "money"
    if "$" not in text and parse_number(text) is not None:
        return "number"
    if text == "V":
        return "v"
    if _LETTER.fullmatch(text) or CODE.fullmatch(text):
        return "letter"
    return "text"


def _letter_fits(column: str, text: str) -> bool:
    """Whether a letter token fits a one-letter column: a code is any letter with an optional
    (K); V only V; (A) or (D) and (D) or (I) their two letters, brackets or not."""
    if column == "code":
        return CODE.fullmatch(text) is not None
    if column == "V":
        return text == "V"
    letter = text.strip("()")
    if column == "acquired_disposed":
        return letter in ("A", "D")
    if column == "direct_indirect":
        return letter in ("D", "I")
    return False


def _fits(column: str, cell: Cell, kind: str, bare_prices: bool = False) -> bool:
    if kind == "number" and bare_prices and column in _PRICES:
        return True
    if kind == "mark":
        return column in MARK_ONLY
    if kind in ("letter", "v"):
        return _letter_fits(column, cell.text)
    return kind in TAKES.get(column, _TEXT)


# -- tokens of a visual line ----------------------------------------------------------------------
_WORD = re.compile(r"\S+")
_MARK_WORD = re.compile(r"\(\s*\d{1,2}\s*\)")
_GLUED_MARK = re.compile(r"(\(\s*\d{1,2}\s*\))")


def line_tokens(text: str) -> list[str]:
    """The tokens of one visual line of a row, left to right: each date, amount, ``$`` price,
    letter and footnote mark a token of its own, and each run of free text one token (a lone
    capital letter between words of text is part of it: "Class A Common Stock").

    Pipes of a converter's table are taken as spaces: their places are not the form's columns.
    """
    words = [w for w in _WORD.findall(text.replace("|", " "))]
    # A mark glued to a word ("A(1)", "Stock(2)") stays with it; marks standing alone are
    # tokens of their own. "$" and its number, and a code and its "(K)", are one token.
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else None
        if word == "$" and following is not None and parse_number(following) is not None:
            out.append(f"${following}")
            i += 2
            continue
        if CODE.fullmatch(word) and following is not None and re.fullmatch(r"\(K\)", following):
            out.append(word + following)
            i += 2
            continue
        out.append(word)
        i += 1
    tokens: list[str] = []
    for word in out:
        previous = tokens[-1] if tokens else None
        if previous is not None and _is_text_word(word) and _is_text_word(previous, True):
            tokens[-1] = f"{previous} {word}"
        else:
            tokens.append(word)
    # "Class A Common": a letter between text words joins them.
    merged: list[str] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if (
            merged
            and k + 1 < len(tokens)
            and re.fullmatch(r"[A-Z]", token)
            and _is_text_word(merged[-1], True)
            and _is_text_word(tokens[k + 1])
            and not _MARK_WORD.fullmatch(tokens[k + 1])
        ):
            merged[-1] = f"{merged[-1]} {token} {tokens[k + 1]}"
            k += 2
            continue
        merged.append(token)
        k += 1
    return merged


def _is_text_word(word: str, allow_marks: bool = False) -> bool:
    """Whether a word is free text (no value, letter or mark alone)."""
    cell = read_cell(word, False)
    if not cell.text:
        return False
    if cell.marks and not allow_marks:
        return False
    return kind_of(Cell(cell.text, ())) == "text"


# -- placing the tokens ----------------------------------------------------------------------------
@dataclass
class TypedRow:
    """What a row's tokens say for sure: column -> cell (text and marks), the tokens no single
    column holds in every reading (with the reason), and the number of readings."""

    cells: dict[str, Cell] = field(default_factory=dict)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    readings: int = 0
    doubtful: dict[str, str] = field(default_factory=dict)  # column -> why its value is left out
    # column -> the marks glued to its own values ("S(1)"): a word's marks, the same cell's
    glued: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # every reading puts a token in a transaction's own cell (a holding has none of them)
    transaction: bool = False


Reading = tuple[int, ...]  # for each token, the index of its column


def _readings(
    cells: Sequence[Cell], kinds: Sequence[str], layout: Sequence[str], bare_prices: bool
) -> list[Reading]:
    """Every way to put the tokens, in order, into the columns: each into a later column that
    takes its kind, a mark also onto the value before it, and text or a letter also onto the
    text before it (a text cell's words)."""
    found: list[Reading] = []
    n = len(cells)

    def walk(i: int, last: int, chosen: tuple[int, ...]) -> None:
        if len(found) >= _MAX_READINGS:
            return
        if i == n:
            found.append(chosen)
            return
        kind = kinds[i]
        words = ("text", "letter", "v")
        if last >= 0 and (
            kind == "mark"
            or (layout[last] in _TEXT_COLUMNS and kind in words and kinds[i - 1] in words)
        ):
            walk(i + 1, last, (*chosen, last))
        for k in range(last + 1, len(layout)):
            if _fits(layout[k], cells[i], kind, bare_prices):
                walk(i + 1, k, (*chosen, k))

    walk(0, -1, ())
    return found


def _by_column(reading: Reading) -> dict[int, tuple[int, ...]]:
    out: dict[int, tuple[int, ...]] = {}
    for token, column in enumerate(reading):
        out[column] = (*out.get(column, ()), token)
    return out


def read_row(
    tokens: Sequence[str],
    layout: Sequence[str],
    *,
    plausible: Callable[[dict[str, Cell]], bool] | None = None,
    previous_owned: Decimal | None = None,
    bare_prices: bool = False,
) -> TypedRow:
    """The columns of ``layout`` (``form4.printed.ROW_FIELDS``) that a row's tokens fill for
    sure, placed by type and order alone.

    Every reading is considered, any column being possibly missing; ``plausible`` may rule out
    readings (given the cells a reading puts in each column), and a deemed execution date is
    never read without a transaction date (the form's second date column is the rarer one).
    A column is kept when every reading left fills it with the same tokens: whichever reading
    is the page's, that value is in that column. Safe because a converter that moves a cell
    elsewhere only takes a token away, and the reading of what is left is among those tried.

    ``previous_owned``, the amount owned after the row before of the same security and
    ownership, checks the holdings chain (``chain_adds_up``): the readings where it adds up are
    kept when there are some; when every reading breaks it, the amount and the amount owned are
    left out.

    ``bare_prices``: a price may show without its "$" (the caller saw the "$" apart, on another
    line), so a number may be a price too.
    """
    cells = [read_cell(t, False) for t in tokens]
    keep = [i for i, c in enumerate(cells) if not c.empty]
    cells = [cells[i] for i in keep]
    kinds = [kind_of(c) for c in cells]
    result = TypedRow()
    if not cells:
        return result
    found = _readings(cells, kinds, layout, bare_prices)
    if len(found) >= _MAX_READINGS:
        result.unplaced = [(_show(c), "too many readings to place it") for c in cells]
        result.readings = len(found)
        return result
    kept: list[tuple[Reading, dict[str, Cell]]] = []
    for reading in found:
        shown = _cells_of(reading, cells, layout)
        if not _consistent(shown):
            continue
        if plausible is not None and not plausible(shown):
            continue
        kept.append((reading, shown))
    broken = False
    if previous_owned is not None and kept:
        # A reading whose chain adds up is the page's (a coincidence of sums is no risk worth
        # taking into account); when none does and some break it, nothing is chosen by it.
        chains = [_chain(previous_owned, shown) for _, shown in kept]
        if True in chains:
            kept = [k for k, chain in zip(kept, chains, strict=True) if chain]
        broken = all(chain is False for chain in chains)
    result.readings = len(kept)
    result.transaction = bool(kept) and all(
        any(layout[column] in TRANSACTION_CELLS for column in reading) for reading, _ in kept
    )
    if not kept:
        result.unplaced = [(_show(c), "no reading of the row places it") for c in cells]
        return result
    # A column is read for sure when every reading fills it with the same values (a cell of
    # marks alone counting as a value); its marks when every reading gives it the same ones.
    values = [
        {k: tuple(i for i in members if kinds[i] != "mark") or members for k, members in c.items()}
        for c in (_by_column(r) for r, _ in kept)
    ]
    placed: set[int] = set()
    for column, members in values[0].items():
        if not all(v.get(column) == members for v in values[1:]):
            continue
        name = layout[column]
        cell = kept[0][1][name]
        if not all(shown[name].marks == cell.marks for _, shown in kept[1:]):
            result.doubtful[name] = "its footnote marks fit more than one column; marks left out"
            cell = Cell(cell.text, ())
        else:
            placed.update(i for i, c in enumerate(kept[0][0]) if c == column)
        if cell.text == "$":
            result.doubtful[name] = "its '$' is shown without its number"
            continue
        if cell.empty:
            continue
        result.cells[name] = cell
        placed.update(members)
        glued = tuple(dict.fromkeys(m for i in members if cells[i].text for m in cells[i].marks))
        if glued and set(glued) <= set(cell.marks):
            result.glued[name] = glued
    if broken:
        for name in ("shares", "shares_owned_after"):
            if result.cells.pop(name, None) is not None:
                result.doubtful[name] = "the holdings chain does not add up"
    for i, cell in enumerate(cells):
        if i not in placed:
            where = sorted({layout[r[i]] for r, _ in kept})
            result.unplaced.append((_show(cell), f"fits {' or '.join(where)}: left out"))
    return result


def _consistent(shown: dict[str, Cell]) -> bool:
    """Whether a reading agrees with what the page always does: a deemed execution date only
    beside a transaction date; an amount under (A) or under (D), never both; and no fewer
    derivative securities owned than Table II's row acquired (an amount owned is never
    negative, so owning fewer than N after a transaction of N means N were disposed of).
    Table I shows its (A) or (D): its amounts are not checked so (a few filings report fewer
    owned than acquired, the rest held elsewhere)."""
    if "deemed_execution_date" in shown and "transaction_date" not in shown:
        return False
    if "A" in shown and "D" in shown:
        return False
    owned = _plain_number(shown.get("shares_owned_after"))
    amount = _plain_number(shown.get("A"))
    return owned is None or amount is None or owned >= amount


def _chain(previous_owned: Decimal, shown: dict[str, Cell]) -> bool | None:
    owned = _plain_number(shown.get("shares_owned_after"))
    if owned is None:
        return None
    direction = shown.get("acquired_disposed")
    letter = direction.text.strip("()") if direction is not None else None
    return chain_adds_up(previous_owned, _plain_number(shown.get("shares")), letter, owned)


def _plain_number(cell: Cell | None) -> Decimal | None:
    """A number of shares as shown (not a "$" value), else None."""
    if cell is None or "$" in cell.text:
        return None
    return parse_number(cell.text)


def _cells_of(reading: Reading, cells: Sequence[Cell], layout: Sequence[str]) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for column, members in _by_column(reading).items():
        text = " ".join(cells[i].text for i in members if cells[i].text)
        marks = tuple(dict.fromkeys(m for i in members for m in cells[i].marks))
        out[layout[column]] = Cell(text, marks)
    return out


def _show(cell: Cell) -> str:
    return cell.text + "".join(f"({m[1:]})" for m in cell.marks)


# -- cross-checks ----------------------------------------------------------------------------------
def chain_adds_up(
    previous_owned: Decimal | None, shares: Decimal | None, direction: str | None, owned: Decimal
) -> bool | None:
    """Whether the amount owned after a transaction is the amount owned after the one before
    (same security and ownership) plus or minus its amount; None when a term is unknown."""
    if previous_owned is None or shares is None or direction not in ("A", "D"):
        return None
    return previous_owned + (shares if direction == "A" else -shares) == owned
