"""Price ranges read out of real footnotes."""

from __future__ import annotations

from decimal import Decimal

import form4
from form4.footnotes import PriceRange, price_range, price_range_of

from .conftest import DATA


def test_range_of_a_weighted_average_sale_price() -> None:
    filing = form4.read(DATA / "xml" / "candlechaser_form4.xml")
    sale = filing.non_derivative_transactions[2]
    found = price_range_of(filing, sale)
    assert found == PriceRange(low=Decimal("0.3509"), high=Decimal("0.3779"), footnote="F3")
    assert sale.price in found
    assert price_range_of(filing, filing.non_derivative_transactions[0]) is None


def test_wordings_and_thousands_separators() -> None:
    assert price_range("prices ranging from $1,039.10 to $1,050.00, inclusive") == PriceRange(
        low=Decimal("1039.10"), high=Decimal("1050.00"), footnote=""
    )
    assert price_range("sold at prices that ranged from $7.23 to $7.70.", "F2") == PriceRange(
        low=Decimal("7.23"), high=Decimal("7.70"), footnote="F2"
    )
    assert price_range(r"ranging from \$6.76 to \$7.60 per share") == PriceRange(
        low=Decimal("6.76"), high=Decimal("7.60"), footnote=""
    )
    assert price_range("Represents a gift to charity.") is None


def test_every_range_in_the_test_filings_is_ordered() -> None:
    count = 0
    for path in sorted(DATA.glob("xml/*.xml")):
        filing = form4.read(path)
        for row in filing.transactions:
            found = price_range_of(filing, row)
            if found is not None:
                count += 1
                assert found.low <= found.high, (path.name, found)
    assert count >= 10
