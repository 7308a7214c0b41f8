"""Telnyx's JSON:API error body: {"errors": [{code, title, detail, source, meta}]}.

Codes are Telnyx's API-wide ones (its video API documents none of its own): 10009
authentication failed, 10010 authorization failed, 10005 not found, 10004 a missing
parameter, 10015 a bad value. A field error points at the field (source.pointer, RFC 6901)
or names the query parameter (source.parameter). The statuses are those the video API
declares: 401, 403, 404 and 422."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from roomcast.core import errors

MORE_INFO = "https://developers.telnyx.com/docs/overview/errors/{code}"
MISSING, INVALID = "10004", "10015"


def error_response(
    status: int, code: str, title: str, detail: str, source: dict[str, str] | None = None
) -> JSONResponse:
    error: dict[str, Any] = {"code": code, "title": title, "detail": detail}
    if source:
        error["source"] = source
    error["meta"] = {"url": MORE_INFO.format(code=code)}
    return JSONResponse({"errors": [error]}, status_code=status)


def pointer(field: str) -> str:
    """A domain field path ("video_layout.first.z_pos") as a JSON pointer."""
    parts = [p.replace("~", "~0").replace("/", "~1") for p in field.split(".") if p]
    return "/" + "/".join(parts)


def field_error(
    field: str, detail: str, *, missing: bool = False, query: bool = False
) -> JSONResponse:
    source = {"parameter": field} if query else {"pointer": pointer(field)}
    if missing:
        return error_response(422, MISSING, "Missing required parameter", detail, source)
    return error_response(422, INVALID, "Invalid parameter", detail, source)


class TelnyxErrors:
    def domain_error(self, error: errors.RoomcastError) -> JSONResponse:
        if isinstance(error, errors.NotFound):
            detail = "The requested resource or URL could not be found."
            return error_response(404, "10005", "Resource not found", detail, {"pointer": "/"})
        if isinstance(error, errors.AuthenticationFailed):
            detail = "Could not understand the provided credentials."
            return error_response(401, "10009", "Authentication failed", detail)
        if isinstance(error, errors.TokenRejected):
            return error_response(403, "10010", "Authorization failed", error.message)
        if isinstance(error, errors.PayloadTooLarge):
            return error_response(413, INVALID, "Request entity too large", error.message)
        if isinstance(error, errors.InvalidInput):
            return field_error(error.field, error.message, missing=error.missing)
        return error_response(422, INVALID, "Unprocessable entity", error.message)

    def invalid_request(self, error: RequestValidationError, path: str) -> JSONResponse:
        first = error.errors()[0]
        loc = [str(part) for part in first["loc"]]
        where, rest = (loc[0], loc[1:]) if loc else ("body", [])
        missing = first["type"] == "missing"
        name = ".".join(rest) or "body"
        detail = f"{name}: {first['msg']}"
        return field_error(name, detail, missing=missing, query=where in ("query", "path"))

    def http_error(self, status_code: int, detail: str) -> JSONResponse:
        if status_code == 405:
            return error_response(405, INVALID, "Method not allowed", detail)
        return error_response(
            404, "10005", "Resource not found",
            "The requested resource or URL could not be found.", {"pointer": "/"},
        )  # fmt: skip


telnyx_renderer = TelnyxErrors()
