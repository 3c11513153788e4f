"""bench/_why.py: the reader's reason for a field it left out, found at the field's place."""

from __future__ import annotations

import sys
from pathlib import Path

import form4
from form4.errors import ReadWarning

from .conftest import DATA

# After the installed packages, so that bench/dask.py does not hide Dask's.
sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))

from _fields import compare
from _why import NOT_A_TABLE_FIELD, reason


def test_the_nearest_place_gives_the_reason() -> None:
    warnings = [
        ReadWarning("Table I", "rows after a page break: placed by their values' kinds"),
        ReadWarning("Table I row 2", "2 readings of 'Common | 100': only the cells kept"),
        ReadWarning("Table I row 2, nature of ownership", "text wrapped over 3 lines; left out"),
    ]
    assert reason("table1[1].nature", warnings) == "cell: text wrapped over N lines; left out"
    assert reason("table1[1].shares", warnings) == "row: N readings of '…': only the cells kept"
    assert reason("table1[0].price", warnings).startswith("table: rows after a page break")
    assert reason("table2[0].price", warnings) == "no warning"
    assert reason("owners[0].name", warnings) == NOT_A_TABLE_FIELD


def test_every_field_left_out_of_a_real_text_has_a_reason() -> None:
    # A reader that leaves a value out says why at its place: no missed field of Table II's
    # centred amounts goes without a warning.
    stem = "0000899243-19-016730"
    truth = form4.read(DATA / "xml" / f"{stem}.xml")
    path = DATA / "sec-renderings-more" / "chromium+pdftotext-layout" / f"{stem}.txt"
    got = form4.read(path)
    missed = [m.path for m in compare(truth, got).missed if m.path.startswith("table")]
    assert missed
    assert all(reason(p, got.warnings) != "no warning" for p in missed)
