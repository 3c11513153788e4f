"""Read the SEC's HTML rendering of a Form 3, 4 or 5 (the ``xslF345X0n`` pages) into a Filing."""

from __future__ import annotations

from form4.errors import UnrecognizedFormatError
from form4.model import Filing

__all__ = ["is_form_html", "read_html"]


def is_form_html(data: bytes) -> bool:
    """Whether an HTML page is a rendering of an ownership form."""
    return False


def read_html(data: bytes, name: str = "<bytes>") -> Filing:
    raise UnrecognizedFormatError(name, "HTML renderings are not read yet")
