"""HTTP Basic with APP_ID:APP_KEY."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from roomcast.core.accounts import Account, CredentialKind
from roomcast.delivery.http.basic_auth import basic_credentials
from roomcast.delivery.http.deps import ServicesDep


def current_account(request: Request, services: ServicesDep) -> Account:
    app_id, app_key = basic_credentials(request)
    return services.accounts.authenticate(CredentialKind.ENABLEX_APP_KEY, app_id, app_key)


AccountDep = Annotated[Account, Depends(current_account)]
