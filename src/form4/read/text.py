"""Read text and markdown renderings of Forms 3, 4 and 5 (converted from the rendered page or its
PDF) into a Filing, never inventing what the page does not say."""

from __future__ import annotations

from form4.errors import UnrecognizedFormatError
from form4.model import Filing

__all__ = ["is_form_text", "read_text"]


def is_form_text(data: bytes) -> bool:
    """Whether text looks like a rendering of an ownership form."""
    return False


def read_text(data: bytes, name: str = "<bytes>") -> Filing:
    raise UnrecognizedFormatError(name, "text renderings are not read yet")
