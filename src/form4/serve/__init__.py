"""``form4 serve``: the store as a local web application. An HTTP API for programs (JSON, CSV
and NDJSON; OpenAPI at ``/openapi.json``, interactive docs at ``/docs``) and pages for people
(search, issuers, insiders, filings, screens, Read & check, Prepare) with charts, over the same
Python API as everything else (``form4.Store``, ``form4.read``, ``form4.validate``,
``form4.prepare``).

_app.py      the application: security headers, the body cap, errors, static files
_state.py    what the modules share: the store served, the cap, ApiError
_api.py      the routes under /api
_pages.py    the pages, from templates/ (Jinja, autoescaped) with static/ (CSS, the charts)
_output.py   answers as JSON, CSV or NDJSON, lists streamed
_cache.py    the JSON answers kept for a read-only store

Needs the ``serve`` extra: ``pip install 'form4[serve]'`` (FastAPI, uvicorn, Jinja2,
python-multipart, plotly for its bundled plotly.js, fastapi-offline for Swagger UI's files).
"""

from __future__ import annotations

from form4.serve._app import CSP, MAX_BODY, create_app

__all__ = ["CSP", "MAX_BODY", "create_app"]
