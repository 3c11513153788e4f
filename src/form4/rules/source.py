"""The source rule: say so when the Filing was read from something that does not carry the whole
ownership document, so that the rules judging absence were not run."""

from __future__ import annotations

from collections.abc import Iterator

from form4.rules.catalogue import TECH_SPEC, Context, rule

__all__: list[str] = []

_WHAT = {
    "submission-header": "an EDGAR submission without ownership XML (its header only)",
    "sec-html": "the SEC's HTML rendering of the form",
    "text": "a text rendering of the form",
    "markdown": "a markdown rendering of the form",
}


@rule(
    "R001",
    "partial-source",
    "info",
    "Read from a rendering or an EDGAR header only: what it does not show is not judged.",
    source=f"{TECH_SPEC} Appendices B-D (only elements with a displayable value are on the "
    "printed form); docs/sources.md (partial sources)",
)
def partial_source(ctx: Context) -> Iterator[tuple[str, str]]:
    if not ctx.complete:
        fmt = ctx.filing.source.format
        what = _WHAT.get(fmt, f"a {fmt!r} source")
        yield (
            "filing",
            (f"read from {what}: rules about missing elements and footnotes were not run"),
        )
