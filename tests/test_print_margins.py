"""A PDF printed by a browser carries its header and footer on each page: the time it printed at
and the page's title at the top, the page's address and "N/M" at the bottom. The reader leaves
them out: they read as nothing, and the address ("form4-...") is never taken for the form's
heading or a name."""

from __future__ import annotations

import form4
from form4.read import read_text
from form4.read.text import _margin_lines

from .test_read_sec_page import DATA, _compare, shown

SAMPLE = DATA / "sec-renderings" / "chromium+markitdown" / "0000899243-20-025608.txt"
ADDRESS = "file:///tmp/form4-chromium-x1/page.html"


def _printed(lines: list[str]) -> list[str]:
    """The sample's lines with a browser's margins: a header run into the first pipe table, a
    footer as a pipe row of its own in the middle, and the last page's footer broken in two."""
    middle = len(lines) // 2
    return [
        lines[0],
        "| 12/2/26, 2:26 PM |     |     | Ownership Submission |     |     |     |     |",
        "| ---------------- | --- | --- | -------------------- | --- | --- | --- | --- |",
        lines[1],
        *lines[3:middle],
        f"| {ADDRESS} |     |     |     | 1/2 |",
        "| --- | --- | --- | --- | --- |",
        "",
        "12/2/26, 2:26 PM",
        "",
        "Ownership Submission",
        *lines[middle:],
        "",
        ADDRESS.replace("fi", "\ufb01"),
        "",
        "2/2",
    ]


def test_a_browsers_header_and_footer_read_as_nothing() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    plain = read_text("\n".join(lines).encode(), SAMPLE.name)
    printed = read_text("\n".join(_printed(lines)).encode(), SAMPLE.name)
    assert printed.document_type == "3"
    assert shown(printed) == shown(plain)
    differ, _missing = _compare(form4.read(DATA / "xml" / f"{SAMPLE.stem}.xml"), printed)
    assert differ == []


def test_only_the_margins_lines_go() -> None:
    lines = [
        "https://www.sec.gov/cgi-bin/browse-edgar",  # an address with no page number beside it
        "Remarks:",
        "12/02/2026 Common Stock",  # a date without a time of day
        "12/2/26, 2:26 PM By the Trust",  # a time followed by more than the page's title
        "| 12/2/26, 2:26 PM |  | Ownership Submission |",
        f"{ADDRESS}   3/2",  # no page 3 of 2
        f"{ADDRESS}   2/2",
    ]
    assert _margin_lines(lines) == {4, 6}
