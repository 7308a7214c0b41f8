"""Storage keys. Keys are built by roomcast, and checked anyway: no traversal, no absolutes."""

from __future__ import annotations

import re
import uuid

from roomcast.core.errors import InvalidInput

_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"
_KEY = re.compile(rf"^{_SEGMENT}(/{_SEGMENT}){{0,15}}$")


def check_key(key: str) -> str:
    if not _KEY.match(key) or any(part in ("", ".", "..") for part in key.split("/")):
        raise InvalidInput("key", f"{key!r} is not a valid storage key")
    if ".." in key:
        raise InvalidInput("key", f"{key!r} is not a valid storage key")
    return key


def recording_key(account_id: uuid.UUID, recording_id: uuid.UUID, extension: str) -> str:
    return check_key(f"accounts/{account_id.hex}/recordings/{recording_id.hex}.{extension}")


def composition_key(account_id: uuid.UUID, composition_id: uuid.UUID, extension: str) -> str:
    return check_key(f"accounts/{account_id.hex}/compositions/{composition_id.hex}.{extension}")
