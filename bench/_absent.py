"""Whether a value a reader missed is in the converted text at all.

A field a converter dropped cannot be recovered by any reader: ``in_text(value, text)`` tells,
for a missed field's true value, whether its printed form is still in the text.

* ``"whole"``: the value as the page prints it occurs in the text (white space, markdown
  escapes, table pipes and emphasis ignored; letters' case ignored);
* ``"words"``: every word of it occurs, as many times as in the value, but not as one run (a
  value the converter cut or interleaved with other text);
* ``"absent"``: some word (or the number, or the date) is not in the text at all: no reader
  can recover it from this text;
* ``None``: cannot tell (a checkbox, a code, a state's two letters, a footnote mark: too short
  to search).

Numbers are searched as the SEC's stylesheets print them (``format-number`` with ``###,##0.####``
for amounts and prices, ``###,##0.00`` for a Form 3's conversion price) and as written in the
XML; dates as MM/DD/YYYY. A value found is a weak claim (``"1"`` is in every text); a value
absent is a strong one, which is what this module is for.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Literal

__all__ = ["Presence", "in_text", "searchable"]

Presence = Literal["whole", "words", "absent"]

_MARKUP = re.compile(r"\\(?=[^\s\w])|[|*_#`]|<br\s*/?>", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[.,'’/-][^\W_]+)*")


def searchable(text: str) -> str:
    """The text as ``in_text`` searches it: entities decoded, markup gone, one space, lower case."""
    return " ".join(_MARKUP.sub(" ", html.unescape(text)).split()).lower()


def _numbers(value: Decimal) -> list[str]:
    """The ways a page may print ``value`` (either rounding of a half: searching is generous)."""
    plain = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    out = [plain]
    for rounding in (ROUND_HALF_EVEN, ROUND_HALF_UP):
        four = value.quantize(Decimal("0.0001"), rounding).normalize()
        out.append(f"{four:,f}" if four != four.to_integral() else f"{int(four):,}")
        out.append(f"{value.quantize(Decimal('0.01'), rounding):,}")
    return list(dict.fromkeys(out))


def in_text(value: object, text: str) -> Presence | None:
    """Where ``value`` stands in ``text`` (already passed through ``searchable``)."""
    if isinstance(value, bool) or value is None or isinstance(value, tuple):
        return None
    if isinstance(value, Decimal):
        return "whole" if any(_has_token(n, text) for n in _numbers(value)) else "absent"
    if isinstance(value, date):
        return "whole" if value.strftime("%m/%d/%Y") in text else "absent"
    wanted = searchable(str(value))
    if len(wanted) < 3:  # a state's code, a code: too short to search
        return None
    if wanted in text:
        return "whole"
    need = Counter(_WORD.findall(wanted))
    have = Counter(w for w in _WORD.findall(text) if w in need)
    return "words" if all(have[w] >= n for w, n in need.items()) else "absent"


def _has_token(number: str, text: str) -> bool:
    """``number`` in ``text`` with no digit, comma or point glued to either side."""
    pattern = rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)"
    return re.search(pattern, text) is not None
