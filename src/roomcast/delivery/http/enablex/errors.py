"""EnableX error bodies: {"result": <non-zero code>, "error": <short>, "desc": <detail>}.

Codes 10000-10009 are EnableX's published room codes. EnableX publishes no further codes
that we could find, so the rest (marked *) are roomcast's own, kept in the same range
and documented in docs/dialects/enablex.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from roomcast.core import errors

APP_NOT_FOUND = 10000
ROOM_ID_INVALID = 10001
BODY_INVALID = 10019  # *
ROOM_NOT_FOUND = 10020  # *
ROOM_BUSY = 10021  # *
NOT_EDITABLE = 10018  # *
SCHEDULE_CLOSED = 10022  # *
ROOM_FULL = 10023  # *
INVALID_VALUE = 10016  # *
TOKEN_REJECTED = 10110  # *
BODY_TOO_LARGE = 10413  # *
UNKNOWN_ROUTE = 10404  # *
METHOD_NOT_ALLOWED = 10405  # *

# field path -> (code when missing, code when invalid)
_FIELD_CODES: dict[str, tuple[int, int]] = {
    "name": (10002, 10002),
    "settings.scheduled": (10003, 10003),
    "settings.adhoc": (10003, 10003),
    "settings.scheduled_time": (10004, 10005),
    "settings.scheduled_time.value": (10006, 10006),
    "settings.participants": (10007, 10007),
    "settings.auto_recording": (10008, 10008),
    "owner_ref": (10010, 10010),  # *
    "settings": (10009, 10009),
    "settings.mode": (10011, 10011),  # *
    "settings.moderators": (10012, 10012),  # *
    "settings.quality": (10013, 10013),  # *
    "settings.max_active_talkers": (10014, 10014),  # *
    "settings.duration": (10015, 10015),  # *
    "token.name": (10101, 10101),  # *
    "token.role": (10102, 10102),  # *
    "token.user_ref": (10103, 10103),  # *
    "token.data": (10104, 10104),  # *
}
ILLEGIBLE_TIME = 10006
UNKNOWN_SETTING = 10009

_STATUS = {
    errors.NotFound: 404,
    errors.InvalidInput: 400,
    errors.Conflict: 409,
    errors.AuthenticationFailed: 401,
    errors.TokenRejected: 401,
    errors.PayloadTooLarge: 413,
}


def error_response(status: int, code: int, error: str, desc: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Basic realm="roomcast"'} if status == 401 else None
    return JSONResponse(
        {"result": code, "error": error, "desc": desc}, status_code=status, headers=headers
    )


def code_for_field(field: str, missing: bool) -> int:
    if field.endswith(".locked"):
        return NOT_EDITABLE
    if field.startswith("settings.") and field not in _FIELD_CODES:
        return INVALID_VALUE
    missing_code, invalid_code = _FIELD_CODES.get(field, (INVALID_VALUE, INVALID_VALUE))
    return missing_code if missing else invalid_code


class EnablexErrors:
    def domain_error(self, error: errors.RoomcastError) -> JSONResponse:
        status = next((s for t, s in _STATUS.items() if isinstance(error, t)), 400)
        code, short = _classify(error)
        return error_response(status, code, short, error.message)

    def invalid_request(self, error: RequestValidationError, path: str) -> JSONResponse:
        # Token bodies share field names with room bodies, so their codes get a prefix.
        prefix = "token" if path.rstrip("/").endswith("/tokens") else None
        return _from_pydantic(error.errors(), prefix)

    def http_error(self, status_code: int, detail: str) -> JSONResponse:
        if status_code == 405:
            return error_response(405, METHOD_NOT_ALLOWED, "Method not allowed", detail)
        return error_response(404, UNKNOWN_ROUTE, "Unknown route", detail)


_CODES: dict[type[errors.RoomcastError], tuple[int, str]] = {
    errors.NotFound: (ROOM_NOT_FOUND, "Room not found"),
    errors.AuthenticationFailed: (APP_NOT_FOUND, "Application not found"),
    errors.TokenRejected: (TOKEN_REJECTED, "Token rejected"),
    errors.PayloadTooLarge: (BODY_TOO_LARGE, "Request too large"),
    errors.Conflict: (ROOM_BUSY, "Conflict"),
}
# Domain rules whose failure EnableX reports under a code of its own.
_RULE_CODES = {
    "role": (ROOM_FULL, "Room is full"),
    "room": (SCHEDULE_CLOSED, "Room not open for tokens"),
}


def _classify(error: errors.RoomcastError) -> tuple[int, str]:
    if isinstance(error, errors.InvalidInput):
        default = (code_for_field(error.field, error.missing), "Invalid value")
        return _RULE_CODES.get(error.field, default)
    return next((c for t, c in _CODES.items() if isinstance(error, t)), (ROOM_BUSY, "Error"))


def _from_pydantic(problems: Sequence[Any], prefix: str | None) -> JSONResponse:
    first = problems[0]
    loc = [str(p) for p in first["loc"] if p != "body"]
    kind = first["type"]
    if kind == "json_invalid" or (kind in ("model_attributes_type", "dict_type") and not loc):
        return error_response(400, BODY_INVALID, "Invalid JSON", "the body must be a JSON object")
    field = ".".join(([prefix] if prefix else []) + loc)
    if kind == "extra_forbidden" and loc[:1] == ["settings"]:
        return error_response(
            400, UNKNOWN_SETTING, "Invalid settings key", f"settings key {loc[-1]!r} is unknown"
        )
    missing = kind == "missing"
    code = code_for_field(field, missing)
    if missing:
        return error_response(400, code, "Required data missing", f"{field} is required")
    return error_response(400, code, "Invalid value", f"{field}: {first['msg']}")


enablex_renderer = EnablexErrors()
