"""What every module of the application shares: the store served and how, the body cap, and
the error an answer other than 200 is raised as."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from form4.store import Store

__all__ = ["MAX_BODY", "ApiError", "Served", "error_body"]

#: The largest request body taken (a filing posted to read, check or store), in bytes.
MAX_BODY = 10 * 1024 * 1024


@dataclass
class Served:
    """What the application serves: the store, whether writes are refused, the token."""

    store: Store
    read_only: bool
    token: str | None
    max_body: int = MAX_BODY

    def reader(self) -> Store:
        """The store on a cursor of its own, for one request."""
        return self.store.cursor()


class ApiError(Exception):
    """An answer other than 200: the status and a message for people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"status": status, "error": HTTPStatus(status).phrase, "message": message}
