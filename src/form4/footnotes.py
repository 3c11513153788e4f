"""Facts that filers state only in footnotes, read out as structured data.

The weighted-average price of a row aggregated from several trades comes with the range of the
individual prices in a footnote ("... in multiple transactions at prices ranging from $7.23 to
$7.70, inclusive"); Form 4 General Instruction 4(a)(ii) asks filers to give it. Observed wording
in the corpus: "ranging from $A to $B" (661 of 694 ranges), "ranged from $A to $B".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from form4.model import Filing, Row

__all__ = ["PriceRange", "price_range", "price_range_of"]

_RANGE = re.compile(
    r"rang(?:ing|ed|es)\s+from\s+(?:a\s+low\s+of\s+)?\\?\$\s?([0-9][0-9,]*(?:\.[0-9]+)?)"
    r"\s+to\s+(?:a\s+high\s+of\s+)?\\?\$\s?([0-9][0-9,]*(?:\.[0-9]+)?)",
    re.IGNORECASE | re.ASCII,
)


@dataclass(frozen=True, slots=True)
class PriceRange:
    """The lowest and highest price of the trades behind a weighted-average price."""

    low: Decimal
    high: Decimal
    footnote: str  # the id of the footnote that states it

    def __contains__(self, price: object) -> bool:
        return isinstance(price, Decimal) and self.low <= price <= self.high


def price_range(text: str, footnote: str = "") -> PriceRange | None:
    """The first price range stated in a footnote's text, or None."""
    match = _RANGE.search(text)
    if match is None:
        return None
    low, high = (Decimal(group.replace(",", "")) for group in match.groups())
    return PriceRange(low=low, high=high, footnote=footnote)


def price_range_of(filing: Filing, row: Row) -> PriceRange | None:
    """The price range a footnote on this row's price states, or None."""
    for fid in row.footnotes.get("price", ()):
        text = filing.footnotes.get(fid)
        if text:
            found = price_range(text, fid)
            if found is not None:
                return found
    return None
