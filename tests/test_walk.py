"""The compiled row walker (form4.read._walk) and the pure-Python walk read the same rows.

The compiled walker reads only rows that are entirely regular and hands every other row back
(``None``) to the Python walk, which warns about what it finds. So a Filing must come out the same
whichever path read it, warnings included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import form4
from form4.read import xml as reader

from .conftest import COMPILER, DATA, data_files

FILES = data_files()
FORM4 = DATA / "xml" / "candlechaser_form4.xml"  # a Form 4 with both tables


def _python_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "_walk", None)


def test_roles_and_kinds_agree_with_the_walker() -> None:
    walk = reader._walk
    roles = (reader._LEAF, reader._GROUP, reader._CODING, reader._TIMELINESS)
    if walk is None:  # pure Python: the numbers are the Python walk's own, unique
        assert len(set(roles)) == 4
        return
    assert roles == (walk.ROLE_LEAF, walk.ROLE_GROUP, walk.ROLE_CODING, walk.ROLE_TIMELINESS)
    assert reader._KINDS == {
        "text": walk.KIND_TEXT,
        "decimal": walk.KIND_DECIMAL,
        "date": walk.KIND_DATE,
        "bool": walk.KIND_BOOL,
    }


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_both_paths_read_the_same_filing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    either = form4.read(path)
    _python_only(monkeypatch)
    python = form4.read(path)
    assert either == python
    assert either.source.warnings == python.source.warnings


def _rows(data: bytes) -> list[etree._Element]:
    root = reader.parse_xml(data, "test", [])
    return [row for table in root if table.tag in reader.L.TABLES for row in table]


def _both(row: etree._Element) -> tuple[Any, Any]:
    """(compiled result or None, Python result) for one row element."""
    ctx = reader._Context("test", [], 0)
    python = reader._row(row, ctx)
    if reader._walk is None:
        return None, python
    return reader._walk.row(row, reader._FAST_ROWS[str(row.tag)]), python


def test_every_regular_row_of_the_test_filings_takes_the_compiled_path() -> None:
    rows = [row for path in DATA.glob("xml/*.xml") for row in _rows(path.read_bytes())]
    assert len(rows) > 400
    handed_back = 0
    for row in rows:
        fast, python = _both(row)
        if fast is None:
            handed_back += 1
        else:
            assert fast == python
    if reader._walk is None:
        assert handed_back == len(rows)
    else:  # a handful of rows in tests/data are deliberately odd (a time zone on a date)
        assert handed_back <= 5, handed_back


IRREGULAR = [
    (b"<transactionShares>", b"<transactionShares><bogus/>"),
    (b"<transactionShares>", b"<transactionShares>12"),
    (b"<transactionShares>", b"<transactionShares><value>1</value>"),
    (b"<transactionCoding>", b"<transactionCoding><value>X</value>"),
    (b"<transactionCoding>", b"<transactionCoding><footnoteId/>"),
    (
        b"<transactionAmounts>",
        b"<transactionAmounts><securityTitle><value>x</value></securityTitle>",
    ),
    (b"<transactionDate>", b"<transactionDate><value>2020-01-01Z</value>"),
    (b"<transactionDate>", b"<transactionDate><value>01/02/2020</value>"),
    (b"<transactionDate>", b"<transactionDate><value>2020-02-30</value>"),
    (b"<transactionPricePerShare>", b"<transactionPricePerShare><value>-1</value>"),
    (b"<transactionPricePerShare>", b"<transactionPricePerShare><value>$1,000</value>"),
    (b"<transactionPricePerShare>", b"<transactionPricePerShare><value>\xc2\xb2</value>"),
    (b"<transactionPricePerShare>", b"<transactionPricePerShare><value>.</value>"),
    (b"<equitySwapInvolved>0<", b"<equitySwapInvolved>yes<"),
    (b"<equitySwapInvolved>0<", b"<equitySwapInvolved><value>0</value><"),
    (b"<nonDerivativeTransaction>", b'<nonDerivativeTransaction xmlns="urn:x">'),
    # the issuer, owner and footnotes blocks have their compiled reading too
    (b"<issuerName>", b"<issuerTicker>X</issuerTicker><issuerName>"),
    (b"<issuerName>", b"<issuerName><b>ACME</b>"),
    (b"<rptOwnerStreet1>", b"<rptOwnerStreet1>\xc2\xa0"),
    (b"<isDirector>0<", b"<isDirector>yes<"),
    (b"<isDirector>0<", b"<isDirector>2<"),
    (b'<footnote id="F2">', b'<footnote id="F1">'),
    (b'<footnote id="F2">', b'<footnote id=" ">'),
    (b'<footnote id="F2">', b'<footnote id="F2"><b>bold</b> '),
    (b'<footnote id="F2">', b'<note id="F9">x</note><footnote id="F2">'),
]


@pytest.mark.parametrize(("old", "new"), IRREGULAR, ids=[n.decode("latin-1") for _, n in IRREGULAR])
def test_irregular_rows_are_handed_to_the_python_walk(
    old: bytes, new: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = FORM4.read_bytes()
    assert old in data
    mutated = data.replace(old, new, 1)
    try:
        rows = _rows(mutated)
    except form4.Form4Error:
        pytest.fail("the mutation must leave well-formed XML")
    first = rows[0]
    if reader._walk is not None and b"Transaction" in old:
        spec = reader._FAST_ROWS["nonDerivativeTransaction"]  # the file's first row
        assert reader._walk.row(first, spec) is None
    # and the whole reading is the Python walk's, warnings and errors alike
    outcomes = []
    for python in (False, True):
        if python:
            _python_only(monkeypatch)
        try:
            filing = form4.read(mutated, name="mutated.xml")
        except form4.Form4Error as error:
            outcomes.append((type(error), str(error)))
        else:
            outcomes.append((filing, filing.source.warnings))
    assert outcomes[0] == outcomes[1]


def test_regular_values_in_every_spelling_the_schema_allows() -> None:
    data = FORM4.read_bytes()
    for spelling, expected in [
        (b"5.", "5"),
        (b".5", "0.5"),
        (b" 100 ", "100"),
        (b"\n  0012.500\n", "12.500"),
    ]:
        start = data.index(b"<transactionShares>")
        value = data.index(b"<value>", start) + len(b"<value>")
        end = data.index(b"</value>", value)
        mutated = data[:value] + spelling + data[end:]
        row = _rows(mutated)[0]
        fast, python = _both(row)
        assert str(python.shares) == expected
        if reader._walk is not None:
            assert fast == python


BLOCKS = [
    ("issuer", "issuerName", b"<issuerName>", b"<issuerTicker>X</issuerTicker><issuerName>"),
    ("issuer", "issuerName", b"<issuerName>", b"<issuerName><b>ACME</b>"),
    (
        "reportingOwner/reportingOwnerRelationship",
        "isDirector",
        b"<isDirector>0<",
        b"<isDirector>2<",
    ),
    ("footnotes", None, b'<footnote id="F2">', b'<footnote id="F1">'),
    ("footnotes", None, b'<footnote id="F2">', b'<footnote id=" ">'),
    ("footnotes", None, b'<footnote id="F2">', b'<footnote id="F2"><b>bold</b> '),
]


@pytest.mark.parametrize(
    ("block", "field", "old", "new"), BLOCKS, ids=[b[3].decode() for b in BLOCKS]
)
def test_irregular_blocks_are_handed_to_the_python_walk(
    block: str, field: str | None, old: bytes, new: bytes
) -> None:
    root = reader.parse_xml(FORM4.read_bytes(), "test", [])
    mutated = reader.parse_xml(FORM4.read_bytes().replace(old, new, 1), "test", [])
    walk = reader._walk
    if walk is None:
        assert not COMPILER
        return
    if field is None:  # footnotes
        assert walk.footnotes(root.find(block)) is not None
        assert walk.footnotes(mutated.find(block)) is None
        return
    fields = L_FIELDS[field]
    by_tag = reader._FAST_BY_TAG[id(fields)]
    assert walk.fields(root.find(block), by_tag) is not None
    assert walk.fields(mutated.find(block), by_tag) is None


L_FIELDS = {"issuerName": reader.L.ISSUER_FIELDS, "isDirector": reader.L.RELATIONSHIP_FIELDS}
