"""HTTP Basic: AccountSid:AuthToken, or API key SID:secret."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from roomcast.core.accounts import Account, CredentialKind
from roomcast.core.errors import AuthenticationFailed
from roomcast.delivery.http.basic_auth import basic_credentials
from roomcast.delivery.http.deps import ServicesDep
from roomcast.delivery.http.twilio.credentials import ACCOUNT_SID_PREFIX, API_KEY_PREFIX

_KINDS = {
    ACCOUNT_SID_PREFIX: CredentialKind.TWILIO_AUTH_TOKEN,
    API_KEY_PREFIX: CredentialKind.TWILIO_API_KEY,
}


def current_account(request: Request, services: ServicesDep) -> Account:
    username, password = basic_credentials(request)
    kind = _KINDS.get(username[:2])
    if kind is None:
        raise AuthenticationFailed("the username must be an Account SID or an API key SID")
    return services.accounts.authenticate(kind, username[2:].lower(), password)


AccountDep = Annotated[Account, Depends(current_account)]
