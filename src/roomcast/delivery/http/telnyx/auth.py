"""Telnyx API v2: `Authorization: Bearer KEY<public id>_<secret>`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from roomcast.core.accounts import Account, CredentialKind
from roomcast.delivery.http.bearer import bearer_token
from roomcast.delivery.http.deps import ServicesDep
from roomcast.delivery.http.telnyx.credentials import split


def current_account(request: Request, services: ServicesDep) -> Account:
    public_id, secret = split(bearer_token(request, "Telnyx API key"))
    return services.accounts.authenticate(CredentialKind.TELNYX_API_KEY, public_id, secret)


AccountDep = Annotated[Account, Depends(current_account)]
