"""bench/_absent.py: whether a missed value is still in a converter's text.

The benchmark's "absent" count is the evidence that no reader could recover a field, so a value
the text holds must never be called absent. Checked on real converter output of the SEC's page.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import form4

from .conftest import DATA

# After the installed packages, so that bench/dask.py does not hide Dask's.
sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))

from _absent import in_text, searchable
from _fields import shown_fields

STEM = "0000899243-21-043382"  # Form 4, Table II transactions, thirteen footnotes
ROUTES = ("html2text", "chromium+pdftotext-layout", "chromium+markitdown")


def _text(route: str) -> str:
    return searchable((DATA / "sec-renderings" / route / f"{STEM}.txt").read_text("utf-8"))


def test_what_the_page_prints_is_found_on_every_route() -> None:
    truth = shown_fields(form4.read(DATA / "xml" / f"{STEM}.xml"))
    for route in ROUTES:
        text = _text(route)
        for path, value in truth.items():
            where = in_text(value, text)
            exact = isinstance(value, Decimal | date)  # printed whole on every route
            if exact or (path.startswith("footnotes[") and route == "html2text"):
                assert where == "whole", (route, path, value)
            else:
                assert where != "absent", (route, path, value)


def test_what_the_text_lacks_is_absent() -> None:
    text = _text("chromium+pdftotext-layout")
    assert in_text(Decimal("987654321"), text) == "absent"
    assert in_text(date(1999, 12, 31), text) == "absent"
    assert in_text("Options granted under the zebra plan", text) == "absent"


def test_numbers_are_searched_as_printed_and_whole() -> None:
    text = searchable("Common Stock 1,234,567 $12.5 A 0.1235 | 7")
    assert in_text(Decimal("1234567"), text) == "whole"
    assert in_text(Decimal("12.50"), text) == "whole"
    assert in_text(Decimal("0.12345"), text) == "whole"  # the stylesheet's four places
    assert in_text(Decimal("234,567".replace(",", "")), text) == "absent"  # part of a number
    assert in_text(Decimal("1.5"), text) == "absent"  # inside 12.5


def test_words_out_of_order_are_told_apart_from_absent_ones() -> None:
    text = searchable("Restricted Stock | 1,000 |\n| Units (1) | $0")
    assert in_text("Restricted Stock Units", text) == "words"
    assert in_text("Restricted Stock Options", text) == "absent"
    assert in_text("restricted   stock", text) == "whole"
    assert in_text(True, text) is None
    assert in_text("CA", text) is None
