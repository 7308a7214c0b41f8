"""Bearer credentials, as the bearer-key dialects (native, Telnyx) read them."""

from __future__ import annotations

from fastapi import Request

from roomcast.core.errors import AuthenticationFailed


def bearer_token(request: Request, hint: str) -> str:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise AuthenticationFailed(f"send Authorization: Bearer <{hint}>")
    return key.strip()
