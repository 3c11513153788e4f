"""Answers kept: a store opened read-only cannot change while it is served (DuckDB lets no
process write to it meanwhile), so the same GET under /api gets the same JSON answer, and the
application keeps the latest of them, up to a size, to send again without asking the store.
Streamed answers (CSV, NDJSON) and errors are never kept; a writable store keeps nothing."""

from __future__ import annotations

import threading
from collections import OrderedDict

from form4.serve._state import App, Message, Receive, Scope, Send

__all__ = ["CACHE_BYTES", "AnswerCache"]

#: The most bytes of answers kept by default.
CACHE_BYTES = 64 * 1024 * 1024
#: An answer larger than this is never kept.
_LARGEST = 1024 * 1024


class AnswerCache:
    """ASGI middleware keeping the JSON answers (status 200) of GET requests under /api, keyed
    by path, query and Accept header, the least recently used dropped past ``max_bytes``."""

    def __init__(self, app: App, max_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.kept: OrderedDict[tuple[str, bytes, bytes], tuple[list[Message], int]] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope.get("method") != "GET"
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        accept = dict(scope.get("headers", [])).get(b"accept", b"")
        key = (scope["path"], scope.get("query_string", b""), accept)
        with self._lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
                self.hits += 1
        if found is not None:
            for message in found[0]:
                await send(dict(message))
            return
        self.misses += 1
        messages: list[Message] = []
        keep = True
        size = 0

        async def sending(message: Message) -> None:
            nonlocal keep, size
            if keep:
                if message["type"] == "http.response.start":
                    headers = dict(message.get("headers", []))
                    kind = headers.get(b"content-type", b"")
                    keep = message["status"] == 200 and kind.startswith(b"application/json")
                elif message["type"] == "http.response.body":
                    size += len(message.get("body", b""))
                    keep = size <= _LARGEST
                if keep:
                    messages.append(dict(message))
            await send(message)

        await self.app(scope, receive, sending)
        if keep and messages and not messages[-1].get("more_body"):
            with self._lock:
                if key not in self.kept:
                    self.kept[key] = (messages, size)
                    self.size += size
                while self.size > self.max_bytes and self.kept:
                    _, (_, dropped) = self.kept.popitem(last=False)
                    self.size -= dropped
