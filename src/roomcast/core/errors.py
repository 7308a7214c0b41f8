"""The one error tree of roomcast. Errors carry no HTTP status: each dialect maps them.

RoomcastError
├── NotFound              an object does not exist, or belongs to another account
├── InvalidInput          a value breaks a rule; `field` names it with a dotted path
├── Conflict              the object's state forbids the action
├── AuthenticationFailed  missing, wrong or revoked credentials
├── TokenRejected         a join token is malformed, expired, replayed or foreign
├── PayloadTooLarge       a request body is over the limit
└── MediaError            a media file is missing, unreadable or cannot be written
"""

from __future__ import annotations

from enum import StrEnum


class RoomcastError(Exception):
    """Base of every error roomcast raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(RoomcastError):
    def __init__(self, entity: str, ident: str) -> None:
        super().__init__(f"{entity} {ident!r} was not found")
        self.entity = entity
        self.ident = ident


class InvalidInput(RoomcastError):
    def __init__(self, field: str, message: str, *, missing: bool = False) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.reason = message
        self.missing = missing


class Conflict(RoomcastError):
    pass


class AuthenticationFailed(RoomcastError):
    pass


class TokenProblem(StrEnum):
    MALFORMED = "malformed"
    EXPIRED = "expired"
    REPLAYED = "replayed"
    FOREIGN = "foreign"
    NOT_YET_VALID = "not_yet_valid"


class TokenRejected(RoomcastError):
    def __init__(self, problem: TokenProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


class PayloadTooLarge(RoomcastError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


class MediaError(RoomcastError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
