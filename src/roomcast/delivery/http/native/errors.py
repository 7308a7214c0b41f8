"""Native error shape: {"error": {"code", "message", "field"}}."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from roomcast.core import errors

_STATUS: dict[type[errors.RoomcastError], int] = {
    errors.NotFound: 404,
    errors.InvalidInput: 422,
    errors.Conflict: 409,
    errors.AuthenticationFailed: 401,
    errors.TokenRejected: 403,
    errors.PayloadTooLarge: 413,
    errors.MediaError: 422,
}


def _body(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "field": field}}, status_code=status
    )


class NativeErrors:
    def domain_error(self, error: errors.RoomcastError) -> JSONResponse:
        status = next((s for t, s in _STATUS.items() if isinstance(error, t)), 400)
        code = type(error).__name__
        if isinstance(error, errors.TokenRejected):
            code = f"token_{error.problem.value}"
        field = error.field if isinstance(error, errors.InvalidInput) else None
        return _body(status, code, error.message, field)

    def invalid_request(self, error: RequestValidationError, path: str) -> JSONResponse:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"][1:])
        return _body(422, "InvalidInput", f"{field}: {first['msg']}", field)

    def http_error(self, status_code: int, detail: str) -> JSONResponse:
        return _body(status_code, "HttpError", detail)


native_renderer = NativeErrors()
