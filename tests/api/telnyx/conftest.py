from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from telnyx import Telnyx

from roomcast.core.accounts import CredentialKind
from tests.api.conftest import bearer
from tests.fixtures.accounts import AccountKeys


def api_key(account: AccountKeys) -> str:
    key = account.key(CredentialKind.TELNYX_API_KEY)
    return f"KEY{key.credential.public_id}_{key.secret}"


def sdk_client(base_url: str, account: AccountKeys) -> Telnyx:
    """The official SDK, pointed at roomcast the way its README allows: the base URL."""
    return Telnyx(api_key=api_key(account), base_url=f"{base_url}/v2")


@pytest.fixture
def telnyx(base_url: str, account: AccountKeys) -> Iterator[Telnyx]:
    with sdk_client(base_url, account) as client:
        yield client


@pytest.fixture
def raw(base_url: str, account: AccountKeys) -> Iterator[httpx.Client]:
    """Plain HTTP with the same key, to see status codes and bodies byte for byte."""
    headers = {"Authorization": f"Bearer {api_key(account)}"}
    with httpx.Client(base_url=f"{base_url}/v2", headers=headers, timeout=30) as client:
        yield client


def join(base_url: str, token: str) -> dict[str, str]:
    """Enter a room with a client token, as a client would: roomcast's join endpoint."""
    response = httpx.post(f"{base_url}/api/v1/join", json={"token": token}, timeout=30)
    assert response.status_code == 200, response.text
    admitted: dict[str, str] = response.json()
    return admitted


def public_key(base_url: str, account: AccountKeys) -> str:
    response = httpx.get(f"{base_url}/api/v1/webhooks/public_key", headers=bearer(account))
    assert response.status_code == 200, response.text
    key: str = response.json()["public_key"]
    return key


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
