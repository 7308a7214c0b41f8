from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.enablex.seed_examples import CREATE_ROOM
from tests.fixtures.accounts import AccountKeys

API = "/video/v2"


@pytest.fixture
def enablex(base_url: str, account: AccountKeys) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url + API, auth=account.enablex_auth, timeout=30) as client:
        yield client


@pytest.fixture
def other_enablex(base_url: str, other_account: AccountKeys) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=base_url + API, auth=other_account.enablex_auth, timeout=30
    ) as client:
        yield client


def room_body(**settings: Any) -> dict[str, Any]:
    body = copy.deepcopy(CREATE_ROOM)
    body["settings"].update(settings)
    return body


def create_room(client: httpx.Client, **settings: Any) -> dict[str, Any]:
    response = client.post("/rooms", json=room_body(**settings))
    assert response.status_code == 200, response.text
    room: dict[str, Any] = response.json()["room"]
    return room
