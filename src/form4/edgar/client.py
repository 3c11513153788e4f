"""The EDGAR client: polite, patient and cached HTTP for www.sec.gov and data.sec.gov.

- **Declared identity.** Every request carries the User-Agent the SEC asks for (organisation
  and contact e-mail): the ``user_agent`` argument, else ``FORM4_USER_AGENT``; without one the
  client refuses to start and says how to set it.
- **Fair access.** At most 10 requests a second (``rate``, or ``FORM4_RATE``; lower is allowed,
  higher is refused), counted across every thread and process sharing the cache folder. The pace
  can be handed in instead (``limiter``: anything with ``wait()``, e.g. one ``RateLimit`` shared
  by several clients, or none at all against a local test server).
- **Patience.** 429 and 5xx answers, timeouts, dropped connections, truncated bodies and error
  pages where data was expected are retried with exponential backoff and jitter, honouring
  ``Retry-After``; ``on_retry`` hears of each retry (the commands print a line). A 404 is final,
  and a host that cannot be reached at all (its name does not resolve, the connection is
  refused, no route) is retried once, then ``UnreachableError`` says so in plain words.
- **Cache.** Archive files (``/Archives/edgar/data/...``) never change: they are kept on disk
  (``FORM4_CACHE``, default the user's cache folder) and never fetched twice. Index files, the
  submissions JSON, the ticker map and feeds are revalidated with ETag / Last-Modified.
- **One switch for tests and mirrors.** ``FORM4_EDGAR_URL`` (default ``https://www.sec.gov``)
  points the whole client at another host: www.sec.gov paths and data.sec.gov paths
  (``/submissions/...``) are then both requested from it.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import hashlib
import json
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from form4.edgar._limit import Limiter, RateLimit
from form4.errors import EdgarError, NotFoundError, UnreachableError

__all__ = [
    "DEFAULT_URL",
    "MAX_RATE",
    "Client",
    "EdgarError",
    "Limiter",
    "NotFoundError",
    "RateLimit",
    "Stream",
    "UnreachableError",
    "default_cache_dir",
]

DEFAULT_URL = "https://www.sec.gov"
DATA_URL = "https://data.sec.gov"
MAX_RATE = 10.0  # requests a second: the SEC's fair-access limit
Expect = Literal["xml", "json", "text", "bytes"]

_HOW_TO_SET = (
    "EDGAR asks every client to declare who it is: set FORM4_USER_AGENT to your organisation "
    "and a contact e-mail, e.g. export FORM4_USER_AGENT='Example Research jane@example.com' "
    "(or pass --user-agent / Client(user_agent=...))"
)


def default_cache_dir() -> Path:
    """``FORM4_CACHE``, else ``$XDG_CACHE_HOME/form4``, else ``~/.cache/form4``."""
    env = os.environ.get("FORM4_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "form4"


@dataclass(frozen=True, slots=True)
class _Transient(Exception):
    """A failed attempt worth retrying, with the server's wish for a delay if it gave one."""

    reason: str
    retry_after: float | None = None
    unreachable: bool = False  # the host cannot be reached at all: retried once only


#: Why a connection could not be made at all, by the errno of the OSError under httpx's error.
_UNREACHABLE = {
    errno.ECONNREFUSED: "connection refused",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "no route to host",
    errno.EADDRNOTAVAIL: "no local address to connect from",
}


def _unreachable(error: BaseException) -> str | None:
    """Why ``error`` (an ``httpx.ConnectError``) says the host cannot be reached at all, in plain
    words, or None when it may be passing (a reset, a TLS failure)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, socket.gaierror):
            detail = cause.strerror or str(cause)
            return f"name resolution failed ({detail})"
        if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
            return _UNREACHABLE[cause.errno]
        cause = cause.__cause__ or cause.__context__
    return None


def _transient(error: httpx.TransportError) -> _Transient:
    """The retry a transport error calls for (a host that cannot be reached: one retry only)."""
    if isinstance(error, httpx.TimeoutException):
        return _Transient("timed out")
    unreachable = _unreachable(error) if isinstance(error, httpx.ConnectError) else None
    if unreachable is not None:
        return _Transient(unreachable, unreachable=True)
    return _Transient(f"{type(error).__name__}: {error or 'connection failed'}")


class Client:
    """HTTP access to EDGAR (see the module's docstring). Thread-safe; use as a context manager
    or call ``close()``.

    ``get(path, expect=...)`` returns the body of ``path`` (``/Archives/...``, ``/submissions/...``,
    ``/files/...``, ``/cgi-bin/...``) or of a full URL on the configured hosts.

    ``limiter`` paces the requests; by default a ``RateLimit`` of ``rate`` requests a second
    shared through the cache folder. One given here is used as it is (``rate`` is still checked).
    """

    def __init__(
        self,
        user_agent: str | None = None,
        *,
        base_url: str | None = None,
        rate: float | None = None,
        limiter: Limiter | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        retries: int = 6,
        timeout: float = 30.0,
        backoff: float = 0.5,
        max_backoff: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        agent = (user_agent or os.environ.get("FORM4_USER_AGENT") or "").strip()
        if not agent:
            raise EdgarError("EDGAR", f"no User-Agent declared. {_HOW_TO_SET}")
        if "@" not in agent:
            raise EdgarError(
                "EDGAR", f"the User-Agent {agent!r} has no contact e-mail. {_HOW_TO_SET}"
            )
        self.user_agent = agent
        configured = base_url or os.environ.get("FORM4_EDGAR_URL") or ""
        self.www = (configured or DEFAULT_URL).rstrip("/")
        self.data = (configured or DATA_URL).rstrip("/")
        if rate is None:
            env_rate = os.environ.get("FORM4_RATE")
            try:
                rate = float(env_rate) if env_rate else MAX_RATE
            except ValueError:
                raise EdgarError("EDGAR", f"FORM4_RATE={env_rate!r} is not a number") from None
        if not 0 < rate <= MAX_RATE:
            raise EdgarError("EDGAR", f"rate {rate} requests/s: it must be above 0 and at most 10")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.limit: Limiter = (
            limiter if limiter is not None else RateLimit(rate, self.cache_dir / "rate-limit")
        )
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.requests = 0  # requests sent by this client (for summaries and tests)
        self._count_lock = threading.Lock()
        self._random = random.Random()
        self._http = httpx.Client(
            headers={"User-Agent": agent, "Accept-Encoding": "gzip, deflate"},
            timeout=timeout,
            follow_redirects=True,
            transport=transport,
        )
        #: called with (url, attempt, reason, delay) before each retry, ``attempt`` being the
        #: number of the attempt that failed (1 for the first); for progress displays
        self.on_retry: Callable[[str, int, str, float], None] | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- addresses and the cache ----------------------------------------------------------------
    def url(self, path: str) -> str:
        """The full URL of an EDGAR path (data.sec.gov paths go to the data host)."""
        if path.startswith(("http://", "https://")):
            return path
        if not path.startswith("/"):
            path = "/" + path
        host = self.data if path.startswith(("/submissions/", "/api/")) else self.www
        return host + path

    @staticmethod
    def immutable(url: str) -> bool:
        """Archive files never change once disseminated; everything else is revalidated."""
        return urlsplit(url).path.startswith("/Archives/edgar/data/")

    def _cache_path(self, url: str) -> Path:
        parts = urlsplit(url)
        path = parts.path.lstrip("/") or "index"
        if parts.query or ".." in path.split("/"):
            digest = hashlib.sha256(url.encode()).hexdigest()[:24]
            path = f"_query/{digest}"
        return self.cache_dir / "http" / (parts.netloc.replace(":", "_") or "local") / path

    def cached(self, path: str) -> bool:
        """Whether the body of ``path`` is in the cache."""
        return self._cache_path(self.url(path)).is_file()

    # -- requests -------------------------------------------------------------------------------
    def get(self, path: str, *, expect: Expect = "bytes") -> bytes:
        """The body of ``path``, from the cache when it may be, else from EDGAR (retried)."""
        url = self.url(path)
        cache = self._cache_path(url)
        meta_path = cache.with_name(cache.name + ".meta.json")
        immutable = self.immutable(url)
        if immutable and cache.is_file():
            return cache.read_bytes()
        conditional: dict[str, str] = {}
        if not immutable and cache.is_file() and meta_path.is_file():
            try:
                meta = json.loads(meta_path.read_text())
            except (OSError, ValueError):
                meta = {}
            if meta.get("etag"):
                conditional["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                conditional["If-Modified-Since"] = meta["last_modified"]
        last = "no attempt made"
        for attempt in range(self.retries + 1):
            try:
                response = self._send(url, conditional)
                if response.status_code == 304 and conditional:
                    return cache.read_bytes()
                body = self._accept(url, response, expect)
            except _Transient as transient:
                last = transient.reason
                if not self._pause(url, attempt, transient):
                    break
                continue
            self._store(cache, meta_path, body, response, immutable)
            return body
        raise EdgarError(url, f"gave up after {self.retries + 1} attempts: {last}")

    def get_json(self, path: str) -> Any:
        return json.loads(self.get(path, expect="json"))

    @contextlib.contextmanager
    def stream(self, path: str) -> Iterator[Stream]:
        """The body of ``path`` as a file-like ``Stream``, read as it arrives: never held whole
        in memory nor cached (for archives of hundreds of megabytes). Opening it is paced and
        retried as ``get`` is (429, 5xx, timeouts, dropped connections before the body); a 404
        raises ``NotFoundError``. Once the body flows, a connection lost or a body cut short
        raises ``EdgarError`` from ``read``: the caller decides whether to start again."""
        url = self.url(path)
        last = "no attempt made"
        for attempt in range(self.retries + 1):
            try:
                response = self._open(url)
            except _Transient as transient:
                last = transient.reason
                if not self._pause(url, attempt, transient):
                    break
                continue
            try:
                yield Stream(url, response)
            finally:
                response.close()
            return
        raise EdgarError(url, f"gave up after {self.retries + 1} attempts: {last}")

    def download(self, path: str, target: str | os.PathLike[str]) -> int:
        """Write the body of ``path`` to the file ``target`` as it arrives (``stream``); returns
        the bytes written. The file is whole or absent: it is written beside the target first."""
        target = Path(target)
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            with self.stream(path) as body, partial.open("wb") as out:
                while chunk := body.read(1 << 20):
                    out.write(chunk)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return target.stat().st_size

    def _open(self, url: str) -> httpx.Response:
        """A streamed response with status 200 (the caller closes it), else the reason to retry
        or a final error, as ``_accept`` judges."""
        self.limit.wait()
        with self._count_lock:
            self.requests += 1
        try:
            response = self._http.send(self._http.build_request("GET", url), stream=True)
        except httpx.TransportError as error:  # timed out, refused, reset, dropped, cut short
            raise _transient(error) from None
        if response.status_code == 200:
            return response
        try:
            response.read()
        except httpx.TransportError as error:
            raise _transient(error) from None
        finally:
            response.close()
        self._accept(url, response, "bytes")  # raises: only a 200 is a body to stream
        raise EdgarError(url, f"HTTP {response.status_code}")

    def _send(self, url: str, conditional: dict[str, str]) -> httpx.Response:
        self.limit.wait()
        with self._count_lock:
            self.requests += 1
        try:
            return self._http.get(url, headers=conditional)
        except httpx.TransportError as error:  # timed out, refused, reset, dropped, cut short
            raise _transient(error) from None

    def _accept(self, url: str, response: httpx.Response, expect: Expect) -> bytes:
        status = response.status_code
        if status == 404:
            raise NotFoundError(url, "not found (404)")
        if status == 429 or status >= 500:
            raise _Transient(f"HTTP {status}", _retry_after(response))
        if status == 403:
            text = response.text[:2000].lower()
            if "user-agent" in text or "undeclared automated tool" in text:
                raise EdgarError(url, f"refused (403): EDGAR does not accept the User-Agent. "
                                 f"{_HOW_TO_SET}")  # fmt: skip
            raise _Transient("HTTP 403 (throttled?)", _retry_after(response))
        if status != 200:
            raise EdgarError(url, f"HTTP {status}")
        body = response.content
        declared = response.headers.get("content-length")
        encoded = response.headers.get("content-encoding")
        if declared and not encoded and declared.isdigit() and int(declared) != len(body):
            raise _Transient(f"truncated body ({len(body)} of {declared} bytes)")
        problem = _unexpected(body, response.headers.get("content-type", ""), expect)
        if problem is not None:
            raise _Transient(problem)
        return body

    def _pause(self, url: str, attempt: int, transient: _Transient) -> bool:
        """Wait before retrying after the failed ``attempt`` (0 for the first); False when no
        attempt is left; ``UnreachableError`` when the host cannot be reached even on retry."""
        if transient.unreachable and attempt >= min(1, self.retries):
            host = urlsplit(url).netloc or url
            tried = "tried twice" if attempt else "tried once"
            raise UnreachableError(url, f"{transient.reason}, {tried}", host) from None
        if attempt == self.retries:
            return False
        delay = self._delay(attempt, transient.retry_after)
        if self.on_retry is not None:
            self.on_retry(url, attempt + 1, transient.reason, delay)
        time.sleep(delay)
        return True

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_backoff)
        ceiling = min(self.backoff * float(2**attempt), self.max_backoff)
        return ceiling / 2 + self._random.uniform(0, ceiling / 2)

    def _store(
        self,
        cache: Path,
        meta_path: Path,
        body: bytes,
        response: httpx.Response,
        immutable: bool,
    ) -> None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f".{cache.name}.{os.getpid()}.{threading.get_ident()}.part")
        partial.write_bytes(body)
        os.replace(partial, cache)  # readers see the whole file or none
        if immutable:
            return
        meta = {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "fetched": time.time(),
        }
        partial_meta = meta_path.with_name(
            f".{meta_path.name}.{os.getpid()}.{threading.get_ident()}.part"
        )
        partial_meta.write_text(json.dumps(meta))
        os.replace(partial_meta, meta_path)


class Stream:
    """A response body read as it arrives (``Client.stream``): ``read(n)`` as a binary file
    does, decoded from gzip on the wire; ``received`` counts the bytes read so far."""

    def __init__(self, url: str, response: httpx.Response) -> None:
        self.url = url
        self.received = 0
        self._chunks = response.iter_bytes(1 << 16)
        self._buffer = bytearray()
        self._done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            try:
                chunk = next(self._chunks)
            except StopIteration:
                self._done = True
                break
            except httpx.TransportError as error:  # dropped or cut short mid-body
                raise EdgarError(
                    self.url,
                    f"the connection ended after {self.received + len(self._buffer):,} bytes "
                    f"({type(error).__name__}: {error or 'connection lost'})",
                ) from None
            self._buffer += chunk
        if size < 0 or size >= len(self._buffer):
            data = bytes(self._buffer)
            self._buffer.clear()
        else:
            data = bytes(self._buffer[:size])
            del self._buffer[:size]
        self.received += len(data)
        return data


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _unexpected(body: bytes, content_type: str, expect: Expect) -> str | None:
    """Why the body is not what was asked for (an error page instead of data), or None."""
    if expect == "bytes":
        return None
    head = body[:512].lstrip().lower()
    looks_html = head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]
    if expect == "json":
        try:
            json.loads(body)
        except ValueError:
            kind = "an HTML page" if looks_html else "not JSON"
            return f"expected JSON, got {kind} ({content_type or 'no content type'})"
        return None
    if looks_html or ("text/html" in content_type and expect == "xml"):
        return f"expected {expect}, got an HTML page ({content_type or 'no content type'})"
    if not body.strip():
        return "empty body"
    return None
