"""``read(source)``: recognise the format of a source and read it into a Filing; ``read_many``
streams Filings from files, directories and zip/tar archives.

Formats: ownership XML (every schema version), filer-built ``edgarSubmission`` XML, EDGAR full
submissions (``.txt`` and ``.nc``). Anything else is refused with an error that says what it
looks like (an HTML page, binary data, an archive...), never read into an empty Filing.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Literal

from form4._xmlchars import cleaned
from form4.errors import (
    EmptyInputError,
    InputTooLargeError,
    InternalReadError,
    ReadError,
    UnrecognizedFormatError,
)
from form4.model import Filing
from form4.read._key import accession_from_path, rank
from form4.read.html import is_form_html, read_html
from form4.read.submission import is_submission, read_submission
from form4.read.text import is_form_text, read_text
from form4.read.xml import read_xml

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DuplicateFilingWarning",
    "Skipped",
    "accession_from_path",
    "read",
    "read_bytes",
    "read_many",
    "read_paths",
    "read_tasks",
]

#: The size limit for one source. The largest ownership submissions (with exhibits) run to a few
#: megabytes; anything far beyond is refused before it is read into memory.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

#: File endings read from directories and archives (files named explicitly are always read).
READABLE_SUFFIXES = (".xml", ".txt", ".nc", ".sgml", ".htm", ".html", ".md")
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")

Source = str | os.PathLike[str] | bytes


def _looks_like_path(text: str) -> bool:
    return len(text) < 4096 and "\n" not in text and not text.lstrip().startswith("<")


def read(source: Source, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Filing:
    """Read one filing from a path, bytes, or a str holding the document itself.

    A ``str`` is taken as a path unless it holds a line break or starts with ``<``; an empty
    (or blank) one is an empty document, never the current directory. Raises a ``ReadError``
    subclass naming the source and the place when the source cannot be trusted.
    """
    if isinstance(source, bytes):
        return read_bytes(source, name or "<bytes>", max_bytes=max_bytes)
    if isinstance(source, str) and not source.strip():
        raise EmptyInputError(name or "<str>", "empty: no path and no document")
    if isinstance(source, str) and not _looks_like_path(source):
        data = source.encode("utf-8")
        return read_bytes(data, name or "<str>", max_bytes=max_bytes, from_text=True)
    path = Path(source)
    label = name or str(path)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise ReadError(label, "is a directory; use read_many() or `form4 read DIR`")
        if not stat.S_ISREG(status.st_mode):
            raise ReadError(label, "is not a regular file (a device, pipe or socket)")
        if status.st_size > max_bytes:
            raise InputTooLargeError(label, _too_large(status.st_size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError(label, "no such file") from None
    except IsADirectoryError:
        raise ReadError(label, "is a directory; use read_many()") from None
    except PermissionError:
        raise ReadError(label, "permission denied") from None
    except OSError as error:
        raise ReadError(label, f"cannot be read: {error.strerror or error}") from None
    except ValueError as error:  # e.g. a NUL byte in the path
        raise ReadError(label, f"is not a usable path: {error}") from None
    if label.endswith(".gz") and data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, label, max_bytes)
    return read_bytes(data, label, max_bytes=max_bytes)


def _too_large(size: int, max_bytes: int) -> str:
    return f"{size:,} bytes is over the limit of {max_bytes:,} (max_bytes)"


def _gunzip(data: bytes, label: str, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError) as error:
        raise ReadError(label, f"broken gzip data: {error}") from None
    if len(out) > max_bytes:
        raise InputTooLargeError(label, f"unpacks to more than {max_bytes:,} bytes (max_bytes)")
    return out


def _page_title(html: bytes) -> bytes | None:
    """The text of the first ``<title ...>...</title>`` (ASCII case ignored), or None.

    Only the first ``<title`` counts: when it has no ``>`` or no ``</title>`` after it, no later
    one has either. Found with ``find``, so an unclosed title costs one pass, not one per tag.
    """
    lowered = html.lower()
    start = lowered.find(b"<title")
    if start < 0:
        return None
    opened = lowered.find(b">", start + len(b"<title"))
    if opened < 0:
        return None
    end = lowered.find(b"</title>", opened + 1)
    return None if end < 0 else html[opened + 1 : end]


#: Formats whose values come from an XML parser, which holds no text XML cannot hold.
_FROM_XML = frozenset({"xml", "edgar-submission-xml", "submission", "submission-nc"})


def read_bytes(
    data: bytes,
    name: str = "<bytes>",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    from_text: bool = False,
) -> Filing:
    """Read one filing from bytes, recognising its format from its first bytes.

    When the document has no EDGAR header, the accession number ``name`` gives (a path named
    after it, see ``accession_from_path``) becomes ``filing.source.accession_number``.

    Returns a Filing or raises a ``ReadError``; nothing else leaves it. A case the readers do
    not handle is a bug, raised as ``InternalReadError`` naming the source and the exception, so
    that a batch goes on without that one source.
    """
    try:
        filing = _dispatch(data, name, max_bytes, from_text)
    except ReadError:
        raise
    except MemoryError:
        raise
    except Exception as error:
        raise InternalReadError(
            name,
            f"form4 could not read this source ({type(error).__name__}: {error}); "
            "please report it with the file",
        ) from error
    if filing.source.format not in _FROM_XML:
        fixed, warnings = cleaned(filing)
        if warnings:
            source = replace(fixed.source, warnings=(*fixed.source.warnings, *warnings))
            filing = replace(fixed, source=source)
    if filing.accession_from is None and (accession := accession_from_path(name)) is not None:
        filing = replace(filing, source=replace(filing.source, accession_number=accession))
    return filing


def _dispatch(data: bytes, name: str, max_bytes: int, from_text: bool) -> Filing:
    if len(data) > max_bytes:
        raise InputTooLargeError(name, _too_large(len(data), max_bytes))
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if body.startswith((b"<?xml", b"<ownershipDocument")) and body.find(b"<html", 0, 512) < 0:
        return read_xml(data, name, from_text=from_text)  # the common case, decided at once
    head = body[:8192].lstrip()
    if not head:
        if body.strip():
            head = body.lstrip()[:8192]
        else:
            raise EmptyInputError(
                name, "empty: no bytes to read" if not data else "only white space"
            )
    if head.startswith((b"<?xml", b"<ownershipDocument")) and b"<html" not in head[:512]:
        return read_xml(data, name, from_text=from_text)
    if is_submission(head):
        return read_submission(data, name)
    lowered = head[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        if is_form_html(body):
            return read_html(data, name)
        title = _page_title(body[:65536])
        what = (
            f"an HTML page titled {' '.join(title.decode('utf-8', 'replace').split())!r}"
            if title is not None
            else "an HTML page"
        )
        raise UnrecognizedFormatError(
            name, f"{what}, not an ownership filing (an EDGAR error page or a rendering?)", "line 1"
        )
    if head.startswith(b"<"):
        if head.startswith((b"<!DOCTYPE", b"<!ENTITY")):
            return read_xml(data, name, from_text=from_text)  # refused there as unsafe
        if b"ownershipDocument" in head or b"edgarSubmission" in head or head.startswith(b"<?xml"):
            return read_xml(data, name, from_text=from_text)
        raise UnrecognizedFormatError(name, "markup that is not ownership XML", "line 1")
    description = _describe(head)
    if description.startswith("text") and is_form_text(body):
        return read_text(data, name)
    raise UnrecognizedFormatError(name, description, "line 1")


def _describe(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive; use read_many() or `form4 read` to read its members"
    if head.startswith(b"\x1f\x8b"):
        return "gzip-compressed data; name it *.gz or use read_many()"
    if head[257:262] == b"ustar":
        return "a tar archive; use read_many() or `form4 read` to read its members"
    if head.startswith(b"%PDF"):
        return "a PDF; convert it to text first"
    sample = head[:1024]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if b"\x00" in sample or control > len(sample) // 20:
        return "binary data, not an ownership filing"
    return "text that is not an ownership filing (no <ownershipDocument>, no EDGAR header)"


OnError = Callable[[ReadError], None]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file ``read_many`` did not yield a Filing for, though no error kept it from doing so.

    ``reason`` is ``"extension"`` for a file of a directory or archive whose name does not end in
    a readable suffix (``READABLE_SUFFIXES``, ``.gz``, an archive's), which is never opened; or
    ``"duplicate"`` for a copy of a filing yielded from another source: ``kept`` names that
    source, ``accession_number`` the filing. ``holds_more`` is True when this copy holds more
    than the one yielded (see ``read_many``), which was yielded before this one was met.
    """

    name: str
    reason: Literal["extension", "duplicate"]
    kept: str | None = None
    accession_number: str | None = None
    holds_more: bool = False

    @property
    def suffix(self) -> str:
        """The file name's last suffix in lower case (``".pdf"``), ``""`` when it has none."""
        base = self.name.rsplit("!", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]
        dot = base.rfind(".")
        return base[dot:].lower() if dot > 0 else ""

    def __str__(self) -> str:
        if self.reason == "extension":
            return f"skipped by extension: {self.name}"
        if self.holds_more:
            return (
                f"skipped duplicate: {self.name} (same filing as {self.kept}, read before it; "
                "this copy holds more: name it first to keep it)"
            )
        return f"skipped duplicate: {self.name} (same filing as {self.kept})"


OnSkip = Callable[[Skipped], None]


class DuplicateFilingWarning(UserWarning):
    """``read_many`` met a filing twice and yielded it once (given no ``on_skip`` to tell)."""


def _warn_duplicate(skipped: Skipped) -> None:
    if skipped.reason == "duplicate":
        warnings.warn(str(skipped), DuplicateFilingWarning, stacklevel=5)


def read_many(
    sources: Iterable[Source] | Source,
    *,
    on_error: OnError | None = None,
    on_skip: OnSkip | None = None,
    dedupe: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Filing]:
    """Stream Filings from files, directories (recursively) and zip/tar archives, in order.

    Without ``on_error`` the first unreadable source raises; with it, each ``ReadError`` is
    handed to the callback and the stream goes on.

    A filing met twice (its ``.xml`` and its ``.txt`` submission: one accession number, from its
    EDGAR header or its path) is yielded once. The files whose paths name the same accession
    number are read together, at the first one's turn, and the copy that holds more is yielded:
    the ownership document over a rendering over an EDGAR header alone, then a header's number
    over a path's (``Store.ingest`` keeps the same copy). That holds across the files of a list
    or tuple of sources and within each zip archive; otherwise (a number only a header gives,
    the members of a tar, sources from an iterator) the copy met first is yielded. Filings with
    no accession number are never taken for copies. ``dedupe=False`` yields every copy.

    ``on_skip`` is handed a ``Skipped`` for each copy not yielded and for each file of a
    directory or archive passed over for its suffix (hidden files are passed over unsaid).
    Without it a copy not yielded is a ``DuplicateFilingWarning``.
    """
    if isinstance(sources, (str, bytes, os.PathLike)):
        sources = [sources]
    walk = _Walk(on_error, on_skip or _warn_duplicate, dedupe, max_bytes)
    if isinstance(sources, (list, tuple)):  # listed at once: copies grouped across sources
        yield from walk.run([entry for source in sources for entry in walk.entries(source)])
    else:
        for source in sources:
            yield from walk.run(list(walk.entries(source)))


Thunk = Callable[[], Filing]


class _Walk:
    """One ``read_many``: the sources listed into entries (a file to read, named; an archive),
    the reads grouped by the accession number their names give, each group read in its first
    member's turn and its copies of a filing brought down to one."""

    def __init__(self, on_error: OnError | None, on_skip: OnSkip, dedupe: bool, max_bytes: int):
        self.on_error = on_error
        self.on_skip = on_skip
        self.dedupe = dedupe
        self.max_bytes = max_bytes
        # accession number -> the copy yielded: its source's name and rank (not the Filing,
        # which would stay in memory as long as the stream)
        self.kept: dict[str, tuple[str, tuple[int, int]]] = {}

    def entries(self, source: Source) -> Iterator[tuple[str, Thunk] | Path]:
        """What a source holds: (name, read) for each file, an archive's path for each archive."""
        if isinstance(source, bytes):
            yield "<bytes>", partial(read_bytes, source, max_bytes=self.max_bytes)
            return
        if isinstance(source, str) and not source.strip():  # not the current directory
            yield source, partial(read, source, max_bytes=self.max_bytes)
            return
        path = Path(source)
        if not path.is_dir():
            yield (
                path
                if _is_archive(path)
                else (str(path), partial(read, path, max_bytes=self.max_bytes))
            )
            return
        for file in sorted(_files_under(path)):
            if file.name.startswith("."):
                continue
            if _is_archive(file):
                yield file
            elif file.name.lower().endswith((*READABLE_SUFFIXES, ".gz")):
                yield str(file), partial(read, file, max_bytes=self.max_bytes)
            else:
                self.on_skip(Skipped(str(file), "extension"))

    def run(self, entries: list[tuple[str, Thunk] | Path]) -> Iterator[Filing]:
        groups = self._by_accession([e if isinstance(e, tuple) else None for e in entries])
        for index, entry in enumerate(entries):
            if isinstance(entry, Path):
                yield from self._archive(entry)
            elif (group := groups.get(index)) is not None:
                yield from self.pick(group)

    def _by_accession(self, reads: list[tuple[str, Thunk] | None]) -> dict[int, list[Thunk]]:
        """The (name, read) pairs of ``reads`` grouped by the accession number their names give,
        each group under its first member's index: the reads to do at that one's turn."""
        first: dict[str, int] = {}
        grouped: dict[int, list[Thunk]] = {}
        for index, item in enumerate(reads):
            if item is None:
                continue
            name, thunk = item
            accession = accession_from_path(name) if self.dedupe else None
            lead = index if accession is None else first.setdefault(accession, index)
            grouped.setdefault(lead, []).append(thunk)
        return grouped

    def pick(self, group: list[Thunk]) -> Iterator[Filing]:
        """The Filings of a group's reads, one per filing: the fullest copy of each (by
        ``form4.read._key.rank``, the first met among equals), unless one was yielded before."""
        filings = [filing for thunk in group for filing in _guard(thunk, self.on_error)]
        if not self.dedupe:
            yield from filings
            return
        chosen: dict[str, Filing] = {}  # accession number -> its fullest copy in the group
        dropped: list[Filing] = []
        for filing in filings:
            key = filing.accession_number
            if key is None:
                continue
            if key in self.kept:
                self.on_skip(_duplicate(filing, *self.kept[key]))
                continue
            other = chosen.get(key)
            if other is None:
                chosen[key] = filing
            elif rank(filing) > rank(other):
                chosen[key] = filing
                dropped.append(other)
            else:
                dropped.append(filing)
        for filing in dropped:
            kept = chosen[filing.accession_number or ""]
            self.on_skip(_duplicate(filing, kept.source.name, rank(kept)))
        yielded = {id(filing) for filing in chosen.values()}
        for filing in filings:
            if filing.accession_number is None:
                yield filing
            elif id(filing) in yielded:
                self.kept[filing.accession_number] = (filing.source.name, rank(filing))
                yield filing

    def _archive(self, path: Path) -> Iterator[Filing]:
        if path.name.lower().endswith(".zip"):
            yield from self._zip(path)
        else:
            for _, thunk in _tar(path, self.on_error, self.on_skip, self.max_bytes):
                yield from self.pick([thunk])

    def _zip(self, path: Path) -> Iterator[Filing]:
        try:
            archive = zipfile.ZipFile(path)
        except _ARCHIVE_ERRORS as error:
            _report(ReadError(str(path), f"not a readable zip archive: {error}"), self.on_error)
            return
        with archive:
            reads: list[tuple[str, Thunk] | None] = []
            for info in archive.infolist():
                if info.is_dir() or not self._wanted(path, info.filename):
                    continue
                label = f"{path}!{info.filename}"
                reads.append((label, partial(self._member, archive, info, label)))
            for group in self._by_accession(reads).values():
                yield from self.pick(group)

    def _wanted(self, path: Path, member: str) -> bool:
        base = member.rsplit("/", 1)[-1]
        if base.startswith("."):
            return False
        if base.lower().endswith(READABLE_SUFFIXES):
            return True
        self.on_skip(Skipped(f"{path}!{member}", "extension"))
        return False

    def _member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> Filing:
        return _read_member(archive, info, label, self.max_bytes)

    def tasks(self, source: Source) -> Iterator[tuple[str, Thunk] | ReadError]:
        """``read_tasks`` of one source."""
        for entry in self.entries(source):
            if isinstance(entry, tuple):
                yield entry
            elif entry.name.lower().endswith(".zip"):
                yield from self._zip_tasks(entry)
            else:
                errors: list[ReadError] = []
                for label, thunk in _tar(entry, errors.append, self.on_skip, self.max_bytes):
                    yield from errors
                    errors.clear()
                    yield label, thunk
                yield from errors

    def _zip_tasks(self, path: Path) -> Iterator[tuple[str, Thunk] | ReadError]:
        try:
            archive = zipfile.ZipFile(path)
        except _ARCHIVE_ERRORS as error:
            yield ReadError(str(path), f"not a readable zip archive: {error}")
            return
        with archive:
            for index, info in enumerate(archive.infolist()):
                if info.is_dir() or not self._wanted(path, info.filename):
                    continue
                label = f"{path}!{info.filename}"
                yield label, partial(_zip_member, str(path), index, label, self.max_bytes)


def read_tasks(
    sources: Iterable[Source] | Source,
    *,
    on_skip: OnSkip | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[str, Thunk] | ReadError]:
    """The reads ``read_many(sources, dedupe=False)`` does, in its order, not yet done: each the
    source's name and a picklable callable that returns the Filing or raises its ``ReadError``,
    for another process to call; in their place, the ``ReadError`` met while listing the
    sources (an archive that cannot be opened or is broken after some members, a tar member
    over the size limit).

    A file is read by its path and a zip member by its archive's path and its place in it (the
    caller ships names, not bytes); a tar member's bytes are read here, since a tar is read as a
    stream. ``on_skip`` hears of the files passed over for their suffix, as ``read_many``'s.
    """
    if isinstance(sources, (str, bytes, os.PathLike)):
        sources = [sources]
    walk = _Walk(None, on_skip or _warn_duplicate, False, max_bytes)
    for source in sources:
        yield from walk.tasks(source)


def read_paths(
    sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    on_skip: OnSkip | None = None,
) -> Iterator[str]:
    """The files and archives ``read_many(sources, dedupe=False)`` reads, by path, in its order,
    none opened: a directory's files listed (recursively, as ``read_many`` lists them), an
    archive named as itself (``read_many`` of its path reads its members). ``on_skip`` hears
    of the files passed over for their suffix."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    walk = _Walk(None, on_skip or _warn_duplicate, False, DEFAULT_MAX_BYTES)
    for source in sources:
        for entry in walk.entries(source):
            yield str(entry) if isinstance(entry, Path) else entry[0]


def _files_under(folder: Path) -> Iterator[Path]:
    """The files in ``folder`` and its subfolders, as ``Path.rglob`` finds them (a link to a
    file is a file; a link to a folder is not followed; a folder that cannot be listed is
    passed over), without asking the system about each file (``os.scandir`` knows)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        try:
            if entry.is_file():
                yield folder / entry.name
            elif entry.is_dir() and not entry.is_symlink():
                yield from _files_under(folder / entry.name)
        except OSError:  # gone meanwhile, or a link that cannot be followed
            continue


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, max_bytes: int
) -> Filing:
    if info.file_size > max_bytes:
        raise InputTooLargeError(label, _too_large(info.file_size, max_bytes))
    try:
        with archive.open(info) as handle:
            data = handle.read(max_bytes + 1)
    except _ARCHIVE_ERRORS as error:
        raise ReadError(label, f"cannot be extracted: {error}") from None
    return read_bytes(data, label, max_bytes=max_bytes)


#: The zip archive a process last read a member of, kept open for the next member: a task of
#: ``read_tasks`` names its member, and the members of one archive come one after another.
_open_zip: dict[str, zipfile.ZipFile] = {}


def _zip_member(path: str, index: int, label: str, max_bytes: int) -> Filing:
    """Member ``index`` of the zip archive ``path``, read (a task of ``read_tasks``)."""
    archive = _open_zip.get(path)
    if archive is None:
        for other in _open_zip.values():
            other.close()
        _open_zip.clear()
        try:
            archive = zipfile.ZipFile(path)
        except _ARCHIVE_ERRORS as error:
            raise ReadError(label, f"cannot be extracted: {error}") from None
        _open_zip[path] = archive
    try:
        info = archive.infolist()[index]
    except IndexError:
        raise ReadError(
            label, "cannot be extracted: the archive changed while it was read"
        ) from None
    return _read_member(archive, info, label, max_bytes)


def _duplicate(filing: Filing, kept: str, kept_rank: tuple[int, int]) -> Skipped:
    holds_more = rank(filing) > kept_rank
    return Skipped(filing.source.name, "duplicate", kept, filing.accession_number, holds_more)


def _guard(thunk: Callable[[], Filing], on_error: OnError | None) -> Iterator[Filing]:
    try:
        filing = thunk()
    except ReadError as error:
        if on_error is None:
            raise
        on_error(error)
        return
    yield filing


def _is_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(ARCHIVE_SUFFIXES) and path.is_file()


def _report(error: ReadError, on_error: OnError | None) -> None:
    if on_error is None:
        raise error
    on_error(error)


# What a damaged or unusual archive raises: bad CRC or structure, corrupt deflate data, a member
# cut short, an encrypted member (RuntimeError), an unknown compression (NotImplementedError).
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
)


def _tar(
    path: Path, on_error: OnError | None, on_skip: OnSkip, max_bytes: int
) -> Iterator[tuple[str, Thunk]]:
    """The name and read of each member of a tar archive, in order (a tar is read as a stream:
    each member before the next is found)."""
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the with below
    except (*_ARCHIVE_ERRORS, tarfile.TarError) as error:
        _report(ReadError(str(path), f"not a readable tar archive: {error}"), on_error)
        return
    with archive:
        while True:
            try:
                member = archive.next()
            except (*_ARCHIVE_ERRORS, tarfile.TarError) as error:
                _report(
                    ReadError(str(path), f"archive broken after some members: {error}"), on_error
                )
                return
            if member is None:
                return
            if not member.isfile():
                continue
            base = member.name.rsplit("/", 1)[-1]
            if base.startswith("."):
                continue
            if not base.lower().endswith(READABLE_SUFFIXES):
                on_skip(Skipped(f"{path}!{member.name}", "extension"))
                continue
            label = f"{path}!{member.name}"
            if member.size > max_bytes:
                _report(InputTooLargeError(label, _too_large(member.size, max_bytes)), on_error)
                continue
            try:
                handle = archive.extractfile(member)
                data = handle.read(max_bytes + 1) if handle else b""
            except (*_ARCHIVE_ERRORS, tarfile.TarError) as error:
                _report(ReadError(label, f"cannot be extracted: {error}"), on_error)
                continue
            yield label, partial(read_bytes, data, label, max_bytes=max_bytes)
