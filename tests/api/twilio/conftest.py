from __future__ import annotations

import pytest
from twilio.rest import Client

from roomcast.core.accounts import CredentialKind
from tests.fixtures.accounts import AccountKeys


def sdk_client(base_url: str, account: AccountKeys, use_api_key: bool = True) -> Client:
    """The official SDK, pointed at roomcast as its docs allow: only the base URL changes."""
    account_sid = "AC" + account.account.id.hex
    if use_api_key:
        key = account.key(CredentialKind.TWILIO_API_KEY)
        client = Client("SK" + key.credential.public_id, key.secret, account_sid=account_sid)
    else:
        client = Client(account_sid, account.key(CredentialKind.TWILIO_AUTH_TOKEN).secret)
    client.video.base_url = base_url
    return client


@pytest.fixture
def twilio(base_url: str, account: AccountKeys) -> Client:
    return sdk_client(base_url, account)
