"""What a browser prints in the margins of each page when it prints a page to PDF (Chromium's and
Firefox's default header and footer): at the top the date and time of printing and the page's
title, at the bottom the page's address and its number out of the page count. None of it is the
form's: the readers of each shape of text leave these lines out (``text._without_margins`` for
a text without page breaks, ``_text_page`` for printed pages, ``_text_ruled`` for a PDF's ruled
tables as markdown)."""

from __future__ import annotations

__all__ = ["ADDRESS", "PAGE_OF", "PRINTED_AT"]

#: The date and time of printing, as a browser's locale writes it ("12/2/26, 2:25 PM").
PRINTED_AT = r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?"
#: The page's address ("file:///tmp/page.html", "https://www.sec.gov/...").
ADDRESS = r"(?:file|https?):/+\S+"
#: The page's number out of the page count ("2/4"), groups: the number, the count.
PAGE_OF = r"(\d{1,3})/(\d{1,3})"
