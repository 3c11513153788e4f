"""Text converted from the SEC's own page (tests/data/sec-renderings): what the text reader
already reads whole there, checked against each filing's XML. html2text keeps the page's cells as
``|``-separated rows, so the explanation's starred notes and footnotes and the form's notes under
Table I come in cells of their own."""

from __future__ import annotations

import pytest

import form4
from form4.read._text_page import BOILERPLATE

from .conftest import DATA

HTML2TEXT = sorted((DATA / "sec-renderings" / "html2text").glob("*.txt"))
MARKITDOWN = sorted((DATA / "sec-renderings" / "markitdown").glob("*.txt"))


def _words(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


@pytest.mark.parametrize("path", HTML2TEXT, ids=[p.stem for p in HTML2TEXT])
def test_footnotes_are_the_filing_s_and_the_form_s_notes_no_row(path) -> None:  # type: ignore[no-untyped-def]
    got = form4.read(path)
    truth = form4.read(DATA / "xml" / f"{path.stem}.xml")
    # Each footnote's text whole: no cell separator in front ("| The shares ..."), and the
    # starred notes ("*| If the form is filed by more than one ...") are no footnote.
    assert {k: _words(v) for k, v in got.footnotes.items()} == {
        k: _words(v) for k, v in truth.footnotes.items()
    }
    # The OMB note under Table I ("Persons who respond ... | SEC 1474") is no holding.
    for row in (*got.non_derivative, *got.derivative):
        assert not (row.security_title and BOILERPLATE.match(row.security_title))
    assert len(got.non_derivative) == len(truth.non_derivative)


def test_the_sample_is_there() -> None:
    assert len(HTML2TEXT) >= 10


@pytest.mark.parametrize("path", HTML2TEXT, ids=[p.stem for p in HTML2TEXT])
def test_the_relationship_boxes_of_the_first_owner(path) -> None:  # type: ignore[no-untyped-def]
    # The page marks a box "__X__" and leaves one empty as "_____".
    got = form4.read(path).owners[0]
    truth = form4.read(DATA / "xml" / f"{path.stem}.xml").owners[0]
    for flag in ("is_director", "is_officer", "is_ten_percent_owner", "is_other"):
        assert getattr(got, flag) is bool(getattr(truth, flag)), flag
    assert got.officer_title in (None, truth.officer_title)


@pytest.mark.parametrize("path", MARKITDOWN, ids=[p.stem for p in MARKITDOWN])
def test_markitdown_s_footnotes_in_table_rows_are_the_filing_s(path) -> None:  # type: ignore[no-untyped-def]
    # markitdown writes each footnote as a table row: "| (1) | The shares ... |".
    got = form4.read(path)
    truth = form4.read(DATA / "xml" / f"{path.stem}.xml")
    assert {k: _words(v) for k, v in got.footnotes.items()} == {
        k: _words(v) for k, v in truth.footnotes.items()
    }
