"""What reading a command's paths met besides filings, said on stderr the same way by ``read``,
``validate`` and ``ingest``: the files that failed, the copies of a filing met twice, the files
skipped for their extension (counted), and a line when the paths held no filing at all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from form4.errors import ReadError
from form4.model import Filing
from form4.read import ARCHIVE_SUFFIXES, READABLE_SUFFIXES, Skipped, read_many

__all__ = ["Inputs", "nothing_found", "skipped_by_extension"]

#: What to do with a file of a kind form4 does not read, by suffix.
_HINTS = {".pdf": "convert PDFs to text first, e.g. pdftotext -layout"}


def skipped_by_extension(counts: Counter[str]) -> str | None:
    """``skipped 3 files by extension: 1 .pdf (convert ...), 2 .png``, or None when none was."""
    total = sum(counts.values())
    if not total:
        return None
    parts = []
    for suffix in sorted(counts):
        part = f"{counts[suffix]} {suffix or 'with no extension'}"
        if suffix in _HINTS:
            part += f" ({_HINTS[suffix]})"
        parts.append(part)
    return f"skipped {total:,} file{'s' if total != 1 else ''} by extension: " + ", ".join(parts)


def nothing_found(paths: Sequence[str | Path]) -> str:
    """The line saying that ``paths`` held no filing, and what form4 reads."""
    names = ["the paths on stdin" if str(p) == "-" else str(p) for p in paths]
    named = ", ".join(names) if len(names) <= 3 else f"{len(names):,} paths"
    readable = ", ".join(READABLE_SUFFIXES[:-1]) + f" and {READABLE_SUFFIXES[-1]}"
    archives = "/".join(s.lstrip(".") for s in ARCHIVE_SUFFIXES[:2])
    return (
        f"no filing found in {named}: form4 reads {readable} files (gzipped too) and "
        f"{archives} archives"
    )


class Inputs:
    """The filings of a command's paths (``filings()``, read as they are needed) and what was
    met on the way; ``report`` says it on stderr once the filings are used."""

    def __init__(self, paths: Sequence[str | Path]) -> None:
        self.paths = paths
        self.failures: list[ReadError] = []
        self.duplicates: list[Skipped] = []
        self.by_extension: Counter[str] = Counter()
        self.read = 0

    def on_skip(self, skipped: Skipped) -> None:
        if skipped.reason == "duplicate":
            self.duplicates.append(skipped)
        else:
            self.by_extension[skipped.suffix] += 1

    def filings(self) -> Iterator[Filing]:
        for filing in read_many(
            list(self.paths), on_error=self.failures.append, on_skip=self.on_skip
        ):
            self.read += 1
            yield filing

    @property
    def empty(self) -> bool:
        """No filing read and none failed: the paths held nothing to read."""
        return not self.read and not self.failures

    def report(self, err: Console) -> None:
        """One line per failure and per duplicate, the count of files skipped by extension, and
        a line when the paths held no filing."""
        for failure in self.failures:
            err.print(f"[red]error[/red]: {failure}", markup=True, highlight=False)
        for duplicate in self.duplicates:
            err.print(str(duplicate), markup=False, highlight=False)
        skipped = skipped_by_extension(self.by_extension)
        if skipped:
            err.print(skipped, markup=False, highlight=False)
        if self.empty:
            err.print(f"[red]error[/red]: {escape(nothing_found(self.paths))}", highlight=False)
