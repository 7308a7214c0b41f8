"""HTTP Basic with APP_ID:APP_KEY."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import Depends, Request

from roomcast.core.accounts import Account, CredentialKind
from roomcast.core.errors import AuthenticationFailed
from roomcast.delivery.http.deps import ServicesDep


def basic_credentials(request: Request) -> tuple[str, str]:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise AuthenticationFailed("HTTP Basic authentication with APP_ID:APP_KEY is required")
    try:
        user, sep, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise AuthenticationFailed("the Authorization header is malformed") from exc
    if not sep:
        raise AuthenticationFailed("the Authorization header is malformed")
    return user, password


def current_account(request: Request, services: ServicesDep) -> Account:
    app_id, app_key = basic_credentials(request)
    return services.accounts.authenticate(CredentialKind.ENABLEX_APP_KEY, app_id, app_key)


AccountDep = Annotated[Account, Depends(current_account)]
