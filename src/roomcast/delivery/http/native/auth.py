"""Native API authentication: a bearer API key."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from roomcast.core.accounts import Account, CredentialKind
from roomcast.core.errors import AuthenticationFailed
from roomcast.delivery.http.deps import ServicesDep
from roomcast.delivery.http.native.credentials import split


def current_account(request: Request, services: ServicesDep) -> Account:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key:
        raise AuthenticationFailed("send Authorization: Bearer <roomcast API key>")
    public_id, secret = split(key.strip())
    return services.accounts.authenticate(CredentialKind.ROOMCAST_API_KEY, public_id, secret)


AccountDep = Annotated[Account, Depends(current_account)]
