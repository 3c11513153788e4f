"""The application: the store it serves, the headers every answer carries, the body cap, the
errors (JSON under /api, a page elsewhere; never a traceback), the static files and the docs.

The store is opened read-only unless writes can happen at all (a token is set and the server is
not ``read_only``); each request reads on a cursor of its own, so requests run at once.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from form4._version import version
from form4.errors import Form4Error, StoreError
from form4.serve._cache import CACHE_BYTES, AnswerCache
from form4.serve._state import (
    MAX_BODY,
    ApiError,
    App,
    Message,
    Receive,
    Scope,
    Send,
    Served,
    error_body,
)
from form4.store import Store

__all__ = ["CSP", "MAX_BODY", "WORKER_OPTIONS", "create_app", "worker_app"]

log = logging.getLogger("form4.serve")

#: Every page's content-security policy: scripts and everything else from this server only, no
#: inline script; inline style allowed (the form's own layout and the charts' drawing use it).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)
#: The form as a page of its own (``/api/filings/{accession}/form``): no script at all, and a
#: sandbox of its own origin.
FORM_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
_STATIC = files("form4.serve") / "static"


def _plotly_js() -> Path | None:
    try:
        import plotly
    except ImportError:  # pragma: no cover - plotly comes with the serve extra
        return None
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return path if path.is_file() else None


def _swagger_dir() -> Path | None:
    """Swagger UI's files, as fastapi-offline ships them (only its files are used)."""
    try:
        import fastapi_offline
    except ImportError:  # pragma: no cover - fastapi-offline comes with the serve extra
        return None
    return Path(fastapi_offline.__file__).parent / "static"


def create_app(
    path: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    token: str | None = None,
    store: Store | None = None,
    max_body: int = MAX_BODY,
    cache_bytes: int = CACHE_BYTES,
) -> FastAPI:
    """The web application over the store at ``path`` (``FORM4_DB`` or ./form4.duckdb when
    None; or an open ``store``). ``token`` enables ``POST /api/filings`` (``FORM4_TOKEN``);
    without one, or with ``read_only``, the store is opened read-only and nothing can be
    written, and up to ``cache_bytes`` of the API's JSON answers are kept (``_cache``). A
    store that cannot be opened raises StoreError."""
    writable = bool(token) and not read_only
    if store is None:
        store = Store(path, read_only=not writable)
    served = Served(store, read_only=not writable, token=token or None)
    app = FastAPI(
        title="form4",
        version=version(),
        summary="Insider filings (SEC Forms 3, 4 and 5) from a form4 store",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.served = served
    _handle_errors(app)
    if served.read_only and not store.changes_while_open():
        # the store cannot change: an answer given stays true
        app.add_middleware(AnswerCache, max_bytes=cache_bytes)
    app.add_middleware(_Guard, max_body=max_body)  # outermost: every answer gets its headers
    plotly_js, swagger = _plotly_js(), _swagger_dir()

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> Response:
        if plotly_js is None:
            raise ApiError(404, "plotly is not installed: pip install 'form4[serve]'")
        return FileResponse(
            plotly_js,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    # The most specific first: a mount answers every path under it.
    if swagger is not None:
        app.mount("/static/swagger", StaticFiles(directory=str(swagger)), name="swagger")
    app.mount("/static", StaticFiles(directory=str(_STATIC)), name="static")

    from form4.serve import _api, _pages

    app.include_router(_api.router)
    app.include_router(_pages.router)
    app.router.add_event_handler("shutdown", store.close)
    return app


#: The environment variable that tells a worker process what to serve (``worker_app``).
WORKER_OPTIONS = "FORM4_SERVE_WORKER"


def worker_app() -> FastAPI:
    """The application of one of several worker processes (``form4 serve --workers N``): the
    store's path, the cache's bytes and the number of workers, as JSON in the environment
    variable ``WORKER_OPTIONS`` (uvicorn starts each worker as a fresh process that imports its
    application by name). The store is read-only; DuckDB runs each query on the cores divided
    by the workers."""
    from uvicorn.config import STARTUP_FAILURE  # uvicorn's supervisor then stops them all

    options = json.loads(os.environ[WORKER_OPTIONS])
    try:
        app = create_app(options["path"], read_only=True, cache_bytes=int(options["cache_bytes"]))
    except Form4Error as error:  # the store gone or changed since the command checked it
        print(f"error: form4 serve worker {os.getpid()}: {error}", file=sys.stderr)
        sys.exit(STARTUP_FAILURE)
    # The processes already share the cores: each query on a core of its own (measured on
    # the 10-million-row store, 2 processes on 2 cores: 54 requests/s against 46 with DuckDB's
    # default of a thread per core in each process, and single requests quicker too).
    threads = max(1, (os.cpu_count() or 1) // max(1, int(options["workers"])))
    app.state.served.store.use_threads(threads)
    return app


def _handle_errors(app: FastAPI) -> None:
    def answer(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse(error_body(status, message), status_code=status)
        from form4.serve._pages import error_page

        return error_page(request, status, message)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> Response:
        return answer(request, error.status, error.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ())[1:]) or "request"
            problems.append(f"{where}: {item.get('msg', 'invalid')}")
        return answer(request, 400, "; ".join(problems) or "bad request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        phrase = HTTPStatus(error.status_code).phrase
        message = error.detail if isinstance(error.detail, str) else phrase
        if error.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return answer(request, error.status_code, message)

    @app.exception_handler(ValueError)
    async def value_error(request: Request, error: ValueError) -> Response:
        return answer(request, 400, str(error))

    @app.exception_handler(TypeError)
    async def type_error(request: Request, error: TypeError) -> Response:
        log.exception("bad request to %s", request.url.path)
        return answer(request, 400, str(error))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, error)
        return answer(request, 503, f"the store could not answer: {error}")

    @app.exception_handler(Form4Error)
    async def form4_error(request: Request, error: Form4Error) -> Response:
        return answer(request, 400, str(error))

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> Response:
        log.exception("error on %s", request.url.path)
        return answer(request, 500, f"internal error ({type(error).__name__}); see the server log")


class _Guard:
    """Every answer's security headers, and the body cap: a body over ``max_body`` bytes is
    answered 413 before the application sees any of it (a declared length at once, a streamed
    body as soon as it passes the cap)."""

    def __init__(self, app: App, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_form = scope["path"].endswith("/form") and scope["path"].startswith("/api/filings/")
        head = scope.get("method") == "HEAD"
        if head:  # answered as GET would be, without the body
            scope = {**scope, "method": "GET"}

        async def send_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": (FORM_CSP if is_form else CSP).encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"same-origin",
                    b"x-frame-options": b"SAMEORIGIN",
                }
                headers.extend((k, v) for k, v in extra.items() if k not in names)
                message["headers"] = headers
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, send_headers)
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            body = bytearray()
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body.extend(message.get("body", b""))
                if len(body) > self.max_body:
                    await self._too_large(scope, send_headers)
                    return
                if not message.get("more_body"):
                    break
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": bytes(body), "more_body": False}
                return await receive()

            await self.app(scope, replay, send_headers)
            return
        await self.app(scope, receive, send_headers)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        message = f"the body is over {self.max_body:,} bytes"
        if scope["path"].startswith("/api/"):
            response: Response = JSONResponse(error_body(413, message), status_code=413)
        else:
            response = HTMLResponse(f"<!DOCTYPE html><title>413</title><p>{message}</p>", 413)

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)
