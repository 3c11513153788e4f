"""Footnote rules: ids F1-F99, every reference resolved, every footnote referred to, no id
defined twice or referred to twice from one element (TS3 §4.3.5-4.3.6, §5; XSD FID/FIDREF;
REFERENCE §1.5).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from form4.model import UNKNOWN_FOOTNOTE_PREFIX
from form4.rules.catalogue import Context, place, rule

__all__: list[str] = []

Hits = Iterator[tuple[str, str]]

_ID = re.compile(r"F[1-9][0-9]?")
#: The reader keeps the last of two footnotes with one id and says so; the model cannot hold both.
_DEFINED_TWICE = re.compile(r"footnote (\S+) defined twice")
_LONGEST = 1000


def _references(ctx: Context) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(where, field, ids) for each element of each row that refers to footnotes."""
    for table, number, row in ctx.table_rows():
        for field, ids in row.footnotes.items():
            yield place(table, number, field), field, ids


def _known(fid: str) -> bool:
    """An id as the filer wrote it (renderings that lost a footnote's number use ``?1``...)."""
    return not fid.startswith(UNKNOWN_FOOTNOTE_PREFIX)


@rule(
    "F001",
    "footnote-id",
    "error",
    "Footnote ids and references are F1 to F99.",
    source="XSD FID/FIDREF pattern F[1-9][0-9]?; TS3 §4.3.5, §5 (bad footnote id)",
)
def footnote_id(ctx: Context) -> Hits:
    for fid in ctx.filing.footnotes:
        if _known(fid) and not _ID.fullmatch(fid):
            yield f"footnote {fid}", f"{fid!r} is not an id F1 to F99"
    for where, _field, ids in _references(ctx):
        for fid in dict.fromkeys(ids):
            if _known(fid) and not _ID.fullmatch(fid) and fid not in ctx.filing.footnotes:
                yield where, f"refers to {fid!r}, which is not an id F1 to F99"


@rule(
    "F002",
    "footnote-unresolved",
    "error",
    "Every footnote reference names a footnote of the document.",
    source="XSD footnoteId/@id is an IDREF; REFERENCE §1.5",
    needs_document=True,
)
def footnote_unresolved(ctx: Context) -> Hits:
    defined = ctx.filing.footnotes
    for where, _field, ids in _references(ctx):
        for fid in dict.fromkeys(ids):
            if fid not in defined:
                yield where, f"refers to footnote {fid}, which the document does not define"


@rule(
    "F003",
    "footnote-unreferenced",
    "warning",
    "Every footnote is referred to from the tables.",
    source="TS3 §5 (an unreferenced footnote: SUSPENSE); a warning, since it puts no value in "
    "doubt",
    needs_document=True,
)
def footnote_unreferenced(ctx: Context) -> Hits:
    referenced = set(ctx.filing.referenced_footnote_ids)
    for fid in ctx.filing.footnotes:
        if fid not in referenced:
            yield f"footnote {fid}", "no element of the tables refers to it"


@rule(
    "F004",
    "footnote-duplicate",
    "error",
    "No footnote id is defined twice.",
    source="XSD footnote/@id is an ID; TS3 §5 (duplicate footnote id: SUSPENSE)",
)
def footnote_duplicate(ctx: Context) -> Hits:
    for warning in ctx.filing.source.warnings:
        match = _DEFINED_TWICE.search(warning.message)
        if match:
            yield f"footnote {match[1]}", "defined twice; the later text is the one read"


@rule(
    "F005",
    "footnote-repeated-reference",
    "error",
    "No element refers to the same footnote twice.",
    source="TS3 §4.3.6, §5 (the same footnote referenced twice from one element: SUSPENSE)",
)
def footnote_repeated_reference(ctx: Context) -> Hits:
    for where, _field, ids in _references(ctx):
        for fid, count in Counter(ids).items():
            if count > 1:
                yield where, f"refers to footnote {fid} {count} times"


@rule(
    "F006",
    "footnote-empty",
    "warning",
    "A footnote has text.",
    source="Form 4 Explanation of Responses; XSD FOOTNOTE (mixed content)",
)
def footnote_empty(ctx: Context) -> Hits:
    for fid, text in ctx.filing.footnotes.items():
        if not text.strip():
            yield f"footnote {fid}", "has no text"


@rule(
    "F007",
    "footnote-length",
    "warning",
    "A footnote is at most 1,000 characters.",
    source="TS3 §3.5 field table (footnote: 1000 characters); the XSD sets no limit: a warning",
)
def footnote_length(ctx: Context) -> Hits:
    for fid, text in ctx.filing.footnotes.items():
        if len(text) > _LONGEST:
            yield (
                f"footnote {fid}",
                f"{len(text):,} characters; the specification allows {_LONGEST:,}",
            )
