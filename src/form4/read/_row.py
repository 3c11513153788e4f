"""A row of Table I or II from the cells a rendered page shows: one builder of the model row for
every reader of the printed form (the SEC's HTML page, and text or markdown converted from it),
and the parsers of its values.

What the parsers accept, and nothing more (a value they refuse is left out with a warning):

- a date: ``M/D/YYYY`` or ``MM/DD/YYYY`` as the form prints it, also with the time zone the SEC's
  stylesheets print between day and year (``07/19-05:00/2024``); ``YYYY-MM-DD``; ``Month D, YYYY``;
  and ``M/D/YY`` of the typed pre-2003 forms, read as 19YY from 50 on, else 20YY, with a warning;
- a number: an optional minus, digits with no separators or with commas between groups of three,
  an optional fraction; a ``$`` and the spaces around it, and spaces at either end, are ignored
  (``1,2,3`` is not a number, nor ``0 4,271``: two values run together);
- a transaction code: one upper-case letter, optionally followed by ``K`` or ``(K)`` (an equity
  swap); the letter is kept as shown, a code of the form's list or not (validation judges it);
- (A) or (D), and (D) or (I): the letter, brackets or not; any other text is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from form4.model import (
    DerivativeHolding,
    DerivativeTransaction,
    NonDerivativeHolding,
    NonDerivativeTransaction,
)
from form4.printed import VALUE_CELLS

__all__ = [
    "CODE",
    "COLUMN_NAMES",
    "KIND",
    "build_row",
    "parse_date",
    "parse_number",
    "typed",
]

Warn = Callable[[str, str], None]

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
KIND = {
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

#: The closed sets of the two one-letter columns.
_CLOSED = {"acquired_disposed": ("A", "D"), "direct_indirect": ("D", "I")}


#: The SEC's stylesheets print ``MM/DD/YYYY`` by cutting the XML's ``YYYY-MM-DD`` at its hyphens,
#: so a date written with a time zone (``2024-07-19-05:00``, an ``xs:date`` allowed by the
#: schema) prints as ``07/19-05:00/2024``: the zone sits between the day and the year.
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})(?:[-+]\d{2}:\d{2}|Z)?/(\d{4}|\d{2})")
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
    """A number as renderings write it (see the module's leniency), else None."""
    text = re.sub(r"\s*\$\s*", "", raw).strip()
    if not _NUMBER.fullmatch(text):  # no space within: "$ 0 4,271" is two values run together
        return None
    return Decimal(text.replace(",", ""))


CODE = re.compile(r"([A-Z])\s*(\(\s*K\s*\)|K)?")


def typed(kind: str, text: str, where: str, warn: Warn) -> Any:
    """The value of a cell of ``kind`` ("date", "number", else text as shown); None, with a
    warning naming ``where``, when the text is not one."""
    if not text:
        return None
    value: date | Decimal | None
    if kind == "date":
        value, note = parse_date(text)
        if note:
            warn(where, note)
    elif kind == "number":
        value = parse_number(text)
    else:
        return text
    if value is None:
        warn(where, f"{text!r} is not a {'date' if kind == 'date' else 'number'}; left out")
    return value


def build_row(
    shown: Mapping[str, tuple[str, tuple[str, ...]]],
    *,
    layout: tuple[str, ...],
    derivative: bool,
    is_transaction: bool,
    place: str,
    warn: Warn,
    refs: dict[str, str],
) -> Any:
    """The model row of the cells a row shows: column (``form4.printed.ROW_FIELDS``) -> (text,
    footnote ids). ``refs`` gains the first place each footnote id is referred to."""
    values: dict[str, Any] = {}
    notes: dict[str, tuple[str, ...]] = {}
    both = all(shown.get(c, ("", ()))[0] for c in ("A", "D"))
    if both:
        warn(f"{place}, (A) and (D)", "amounts in both (A) and (D); direction unknown")
    for column, (text, marks) in shown.items():
        where = f"{place}, {COLUMN_NAMES.get(column, column.replace('_', ' '))}"
        field = column
        if column == "code":
            field = "coding"
            match = CODE.fullmatch(text)
            if match:
                values["code"] = match.group(1)
                values["equity_swap"] = match.group(2) is not None
            elif text:
                warn(where, f"code {text!r} not in the form's spelling; kept as shown")
                values["code"] = text
        elif column == "V":
            field = "timeliness"
            if text and text != "V":
                warn(where, f"{text!r} in the V column ignored")
        elif column in ("A", "D"):
            field = "shares"
            if both:
                continue
            if text:
                values["acquired_disposed"] = column
                if "$" in text:
                    field = "total_value"
                values[field] = typed("number", text, where, warn)
        elif column in _CLOSED:
            letter = text.strip().strip("()").strip()
            if letter in _CLOSED[column]:
                values[field] = letter
            elif text:
                warn(where, f"{text!r} is not one of {'/'.join(_CLOSED[column])}; left out")
        else:
            if column in VALUE_CELLS and "$" in text and (derivative or column != "shares"):
                field = VALUE_CELLS[column]
            values[field] = typed(KIND.get(column, "text"), text, where, warn)
        if marks:
            notes[field] = (*notes.get(field, ()), *marks)
            for fid in marks:
                refs.setdefault(fid, where)
    if is_transaction and "V" in layout:
        values["form_type"] = "5" if shown.get("V", ("", ()))[0] == "V" else "4"
    values = {k: v for k, v in values.items() if v is not None}
    if notes:
        values["footnotes"] = notes
    cls: Any
    if derivative:
        cls = DerivativeTransaction if is_transaction else DerivativeHolding
    else:
        cls = NonDerivativeTransaction if is_transaction else NonDerivativeHolding
    allowed = set(cls.__dataclass_fields__)
    for key in [k for k in values if k not in allowed]:
        warn(place, f"{key.replace('_', ' ')} shown on a holding row; left out")
        del values[key]
    return cls(**values)
