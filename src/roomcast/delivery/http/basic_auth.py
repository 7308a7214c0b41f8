"""HTTP Basic credentials, as the Basic-auth dialects (EnableX, Twilio) read them."""

from __future__ import annotations

import base64
import binascii

from fastapi import Request

from roomcast.core.errors import AuthenticationFailed


def basic_credentials(request: Request) -> tuple[str, str]:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise AuthenticationFailed("HTTP Basic authentication is required")
    try:
        user, sep, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise AuthenticationFailed("the Authorization header is malformed") from exc
    if not sep:
        raise AuthenticationFailed("the Authorization header is malformed")
    return user, password
