"""Why a reader left a field out: the warning it gave at the field's place.

A reader that cannot place a value for sure leaves it ``None`` and says why in a warning naming
the place (``"Table I row 3, nature of ownership"``, ``"Table II row 2"``, ``"Table I"``).
``reason(path, warnings)`` finds, for a missed field of the benchmark (``table1[2].nature``), the
warning most closely tied to it: the last at its cell, else at its row, else at its table; its
message with quoted text and numbers blanked, so that like reasons count together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from form4.errors import ReadWarning
from form4.read._row import COLUMN_NAMES

__all__ = ["NOT_A_TABLE_FIELD", "reason"]

NOT_A_TABLE_FIELD = "(not a table field)"

_ROW = re.compile(r"^table([12])\[(\d+)\]\.(\w+)")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+")


def _blank(message: str) -> str:
    return _NUMBER.sub("N", _QUOTED.sub("'…'", message))[:100]


def reason(path: str, warnings: Iterable[ReadWarning]) -> str:
    """The blanked message of the warning nearest a missed field's place, "no warning" when the
    reader gave none there, or ``NOT_A_TABLE_FIELD``."""
    match = _ROW.match(path)
    if match is None:
        return NOT_A_TABLE_FIELD
    table = "Table I" if match[1] == "1" else "Table II"
    row = f"{table} row {int(match[2]) + 1}"
    column = COLUMN_NAMES.get(match[3])
    found = list(warnings)
    for place in ([f"{row}, {column}"] if column else []) + [row, table]:
        messages = [w.message for w in found if w.place == place]
        if messages:
            level = "cell" if place.count(",") else "row" if place == row else "table"
            return f"{level}: {_blank(messages[-1])}"
    return "no warning"
