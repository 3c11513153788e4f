"""Which filing a source is, and which of two copies of one filing to keep.

A filing is known by EDGAR's accession number: its EDGAR header's, else the one its path names
(``accession_from_path``: ``0000950170-24-088602`` or EDGAR's 18-digit folder), else, in rows and
the store, a key derived from its content. ``read`` records the path's number on
``Source.accession_number`` when no header says it, so ``Filing.accession_number``, the rows, the
CSV and the store all use the same key.

Of two copies of one filing, the one that holds more is kept (``rank``): the ownership document
itself holds more than a rendering of the printed form, which holds more than a data set's rounded
rows, which hold more than an EDGAR header alone. Between copies that hold as much, the surer key
wins: EDGAR's header, then the path, then the content.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from form4.model import Filing

__all__ = ["DATASET", "KEY_STRENGTH", "accession_from_path", "holds", "rank"]

# EDGAR accession numbers in a path: 0000950170-24-088602, or the 18-digit Archives folder.
_DASHED = re.compile(r"(?<!\d)(\d{10}-\d{2}-\d{6})(?!\d)")
_FOLDER = re.compile(r"(?:^|[/\\])(\d{18})(?:[/\\]|$)")


def accession_from_path(name: str) -> str | None:
    """The EDGAR accession number a file's path names, if any (the last one named).

    A dashed number counts anywhere in the name (an archive member's too); an 18-digit folder
    (``edgar/data/1/000095017024088602/doc4.xml``) counts in the path outside an archive.
    """
    dashed = _DASHED.findall(name)
    if dashed:
        return str(dashed[-1])
    folders = _FOLDER.findall(name.split("!")[0])
    if folders:
        digits = folders[-1]
        return f"{digits[:10]}-{digits[10:12]}-{digits[12:]}"
    return None


#: How much a copy holds, by the format it was read from: the ownership document itself (3), a
#: rendering of the printed form (2: no CIKs, only what the page shows), the EDGAR header alone
#: (0: no tables). A data set's rows (``DATASET``, 1: rounded values, no footnote places) are met
#: by the store only.
DOCUMENT = 3
DATASET = 1
_HOLDS_BY_FORMAT = {"submission-header": 0, "sec-html": 2, "text": 2, "markdown": 2}

#: How sure a key is, by where it came from: EDGAR's header (or a data set, which is EDGAR's),
#: the file's path, the content digest.
KEY_STRENGTH = {"content": 0, "path": 1, "header": 2, "dataset": 2}


def holds(fmt: str | None) -> int:
    """How much a copy read from ``fmt`` (``Source.format``) holds: 3, 2 or 0 (see above)."""
    return _HOLDS_BY_FORMAT.get(fmt or "", DOCUMENT)


def rank(filing: Filing) -> tuple[int, int]:
    """(what the copy holds, how sure its key is): of two copies of a filing, keep the larger."""
    return holds(filing.source.format), KEY_STRENGTH[filing.accession_from or "content"]
