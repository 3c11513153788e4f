"""What every module of the application shares: the store served and how, the body cap, and
the error an answer other than 200 is raised as."""

from __future__ import annotations

import os
import threading
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from form4.store import Store

__all__ = [
    "MAX_BODY",
    "QUERY_SLOTS",
    "ApiError",
    "App",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "Served",
    "error_body",
]

#: The largest request body taken (a filing posted to read, check or store), in bytes.
MAX_BODY = 10 * 1024 * 1024
#: Requests reading the store at once; the others wait their turn. DuckDB runs each query on
#: every core: many at once only share the cores and all finish late (50 clients at once on two
#: cores took seconds a request; a queue keeps each one's time near its own).
QUERY_SLOTS = 2 * (os.cpu_count() or 1)


@dataclass
class Served:
    """What the application serves: the store, whether writes are refused, the token."""

    store: Store
    read_only: bool
    token: str | None
    slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(QUERY_SLOTS)
    )

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The store on a cursor of its own, for one request, once a query slot is free."""
        with self.slots:
            store = self.store.cursor()
            try:
                yield store
            finally:
                store.close()


class ApiError(Exception):
    """An answer other than 200: the status and a message for people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"status": status, "error": HTTPStatus(status).phrase, "message": message}


# The ASGI interface the middlewares speak (``_app._Guard``, ``_cache.AnswerCache``).
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
