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


class TwilioErrors:
    def domain_error(self, error: errors.RoomcastError) -> JSONResponse:
        if isinstance(error, errors.NotFound):
            return error_response(
                404, 20404, f"The requested resource was not found ({error.message})"
            )
        if isinstance(error, errors.AuthenticationFailed):
            return error_response(401, 20003, "Authenticate")
        if isinstance(error, errors.TokenRejected):
            return error_response(401, 20101, f"Invalid Access Token: {error.message}")
        if isinstance(error, errors.PayloadTooLarge):
            return error_response(413, 20413, error.message)
        if isinstance(error, errors.Conflict):
            if "already exists" in error.message:
                return error_response(409, 20409, error.message)
            code = 53113 if "already in progress" in error.message else 53112
            return error_response(400, code, error.message)
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
