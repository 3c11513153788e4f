"""Footnote rules: ids F1-F99, every reference resolved, every footnote referred to, no id
defined twice or referred to twice from one element (EDGAR Ownership XML Technical Specification
v5.5 §3.2, §4.3.5-4.3.6, §5; ownershipDocumentCommon.xsd FID and FIDREF).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from form4.model import UNKNOWN_FOOTNOTE_PREFIX
from form4.rules.catalogue import TECH_SPEC, Context, place, rule

__all__: list[str] = []

Hits = Iterator[tuple[str, str]]

_ID = re.compile(r"F[1-9][0-9]?")
#: The reader keeps the last of two footnotes with one id and says so; the model cannot hold both.
_DEFINED_TWICE = re.compile(r"footnote (\S+) defined twice")
_LONGEST = 1000


def _references(ctx: Context) -> list[tuple[str, int, str, tuple[str, ...]]]:
    """(table, row number, field, ids) for each element of each row that refers to footnotes.

    Computed once per filing for the rules below (``Context.shared``).
    """
    return [
        (table, number, field, ids)
        for table, number, row in ctx.rows
        for field, ids in row.footnotes.items()
    ]


def _referenced(ctx: Context) -> set[str]:
    """Every footnote id the tables refer to."""
    return {fid for _table, _number, _field, ids in ctx.shared(_references) for fid in ids}


def _undefined(ctx: Context) -> set[str]:
    """The footnote ids the tables refer to that the document does not define."""
    return ctx.shared(_referenced).difference(ctx.filing.footnotes)


def _known(fid: str) -> bool:
    """An id as the filer wrote it (renderings that lost a footnote's number use ``?1``...)."""
    return not fid.startswith(UNKNOWN_FOOTNOTE_PREFIX)


@rule(
    "F001",
    "footnote-id",
    "error",
    "Footnote ids and references are F1 to F99.",
    source=f"{TECH_SPEC} §3.2 (ID, IDREF), §4.3.5, §5 (invalid footnote ID); "
    "ownershipDocumentCommon.xsd FID, FIDREF (pattern F[1-9][0-9]?)",
)
def footnote_id(ctx: Context) -> Hits:
    for fid in ctx.filing.footnotes:
        if _known(fid) and not _ID.fullmatch(fid):
            yield f"footnote {fid}", f"{fid!r} is not an id F1 to F99"
    bad = {fid for fid in ctx.shared(_undefined) if _known(fid) and not _ID.fullmatch(fid)}
    if not bad:
        return
    for table, number, field, ids in ctx.shared(_references):
        for fid in dict.fromkeys(ids):
            if fid in bad:
                where = place(table, number, field)
                yield where, f"refers to {fid!r}, which is not an id F1 to F99"


@rule(
    "F002",
    "footnote-unresolved",
    "error",
    "Every footnote reference names a footnote of the document.",
    source=f"{TECH_SPEC} §4.3.6 (footnotes linked by ID and IDREF); "
    "ownershipDocumentCommon.xsd FOOTNOTE_ID (its id is an IDREF)",
    needs_document=True,
)
def footnote_unresolved(ctx: Context) -> Hits:
    undefined = ctx.shared(_undefined)
    if not undefined:
        return
    for table, number, field, ids in ctx.shared(_references):
        for fid in dict.fromkeys(ids):
            if fid in undefined:
                yield (
                    place(table, number, field),
                    f"refers to footnote {fid}, which the document does not define",
                )


@rule(
    "F003",
    "footnote-unreferenced",
    "warning",
    "Every footnote is referred to from the tables.",
    source=f"{TECH_SPEC} §5 (a footnote that is never referenced: SUSPENSE); a warning, since "
    "it puts no value in doubt",
    needs_document=True,
)
def footnote_unreferenced(ctx: Context) -> Hits:
    referenced = ctx.shared(_referenced)
    for fid in ctx.filing.footnotes:
        if fid not in referenced:
            yield f"footnote {fid}", "no element of the tables refers to it"


@rule(
    "F004",
    "footnote-duplicate",
    "error",
    "No footnote id is defined twice.",
    source=f"{TECH_SPEC} §4.3.5, §5 (duplicate footnote ID: SUSPENSE); "
    "ownershipDocumentCommon.xsd FOOTNOTE (its id is an ID)",
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
    source=f"{TECH_SPEC} §4.3.6, §5 (the same footnote referenced twice from one element: "
    "SUSPENSE)",
)
def footnote_repeated_reference(ctx: Context) -> Hits:
    for table, number, field, ids in ctx.shared(_references):
        if len(ids) < 2 or len(ids) == len(set(ids)):
            continue
        for fid, count in Counter(ids).items():
            if count > 1:
                yield place(table, number, field), f"refers to footnote {fid} {count} times"


@rule(
    "F006",
    "footnote-empty",
    "warning",
    "A footnote has text.",
    source=f"Form 4 Explanation of Responses; {TECH_SPEC} Appendix C (footnote: footer area); "
    "ownershipDocumentCommon.xsd FOOTNOTE (mixed content)",
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
    source=f"{TECH_SPEC} §3.5 (footnote: Max Length 1000); the schema sets no limit: a warning",
)
def footnote_length(ctx: Context) -> Hits:
    for fid, text in ctx.filing.footnotes.items():
        if len(text) > _LONGEST:
            yield (
                f"footnote {fid}",
                f"{len(text):,} characters; the specification allows {_LONGEST:,}",
            )
