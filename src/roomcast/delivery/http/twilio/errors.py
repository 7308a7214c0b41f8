"""Twilio's error body: {"code", "message", "more_info", "status"} with the HTTP status.

The SDK raises TwilioRestException(status, code) from it. Codes: 20003 authentication,
20404 not found, 20001 invalid parameter, and the Video 531xx codes where Twilio has one."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from roomcast.core import errors

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"
INVALID_PARAMETER = 20001
# Our field paths (and Twilio's parameter names) -> Video error codes.
_FIELD_CODES = {
    "max_participants": 53107,
    "MaxParticipants": 53107,
    "type": 53108,
    "Type": 53108,
    "empty_room_timeout": 53109,
    "EmptyRoomTimeout": 53109,
    "unused_room_timeout": 53109,
    "UnusedRoomTimeout": 53109,
    "StatusCallbackMethod": 53110,
    "StatusCallback": 53111,
    "Status": 53112,
}


def error_response(status: int, code: int, message: str) -> JSONResponse:
    body = {
        "code": code,
        "message": message,
        "more_info": MORE_INFO.format(code=code),
        "status": status,
    }
    headers = {"WWW-Authenticate": 'Basic realm="Twilio API"'} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


_BY_TYPE: dict[type[errors.RoomcastError], tuple[int, int, str]] = {
    errors.NotFound: (404, 20404, "The requested resource was not found ({})"),
    errors.AuthenticationFailed: (401, 20003, "Authenticate"),
    errors.TokenRejected: (401, 20101, "Invalid Access Token: {}"),
    errors.PayloadTooLarge: (413, 20413, "{}"),
}


def _conflict(message: str) -> tuple[int, int]:
    if "already exists" in message:
        return 409, 20409
    return 400, 53113 if "already in progress" in message else 53112


class TwilioErrors:
    def domain_error(self, error: errors.RoomcastError) -> JSONResponse:
        for kind, (status, code, message) in _BY_TYPE.items():
            if isinstance(error, kind):
                return error_response(status, code, message.format(error.message))
        if isinstance(error, errors.Conflict):
            status, code = _conflict(error.message)
            return error_response(status, code, error.message)
        field = error.field.split(".")[0] if isinstance(error, errors.InvalidInput) else ""
        return error_response(400, _FIELD_CODES.get(field, INVALID_PARAMETER), error.message)

    def invalid_request(self, error: RequestValidationError, path: str) -> JSONResponse:
        first = error.errors()[0]
        name = str(first["loc"][-1]) if first["loc"] else "body"
        message = f"Invalid parameter {name}: {first['msg']}"
        if first["type"] == "missing":
            message = f"Missing required parameter {name} in the post body"
        return error_response(400, _FIELD_CODES.get(name, INVALID_PARAMETER), message)

    def http_error(self, status_code: int, detail: str) -> JSONResponse:
        if status_code == 405:
            return error_response(405, 20004, "Method not allowed")
        return error_response(404, 20404, "The requested resource was not found")


twilio_renderer = TwilioErrors()
