"""Credentials, revocation, and one account never seeing another's rooms."""

from __future__ import annotations

import httpx
import pytest

from roomcast.bootstrap import Container
from roomcast.core.accounts import CredentialKind
from tests.api.enablex.conftest import API, create_room
from tests.api.enablex.seed_examples import CREATE_TOKEN, UPDATE_ROOM
from tests.fixtures.accounts import AccountKeys


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer abc"},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Basic dXNlcg=="},  # "user", no colon
    ],
)
def test_missing_or_malformed_credentials_are_401(base_url: str, headers: dict[str, str]) -> None:
    response = httpx.get(f"{base_url}{API}/rooms", headers=headers)
    assert response.status_code == 401
    assert response.json()["result"] == 10000
    assert response.headers["www-authenticate"].startswith("Basic")


def test_a_wrong_key_is_401(base_url: str, account: AccountKeys) -> None:
    app_id, _ = account.enablex_auth
    response = httpx.get(f"{base_url}{API}/rooms", auth=(app_id, "wrong"))
    assert response.status_code == 401
    assert response.json()["result"] == 10000


def test_another_dialects_secret_does_not_open_enablex(base_url: str, account: AccountKeys) -> None:
    twilio = account.key(CredentialKind.TWILIO_API_KEY)
    response = httpx.get(
        f"{base_url}{API}/rooms", auth=(twilio.credential.public_id, twilio.secret)
    )
    assert response.status_code == 401


def test_a_revoked_key_stops_working_and_a_new_one_works(
    base_url: str, account: AccountKeys, container: Container
) -> None:
    url = f"{base_url}{API}/rooms"
    assert httpx.get(url, auth=account.enablex_auth).status_code == 200
    with container.services() as services:
        fresh = services.accounts.add_key(account.account, CredentialKind.ENABLEX_APP_KEY)
        old = account.key(CredentialKind.ENABLEX_APP_KEY).credential.id
        services.accounts.revoke_key(account.account, old)

    assert httpx.get(url, auth=account.enablex_auth).status_code == 401
    new_auth = (fresh.credential.public_id, fresh.secret)
    assert httpx.get(url, auth=new_auth).status_code == 200


def test_another_accounts_room_answers_exactly_as_a_missing_one(
    enablex: httpx.Client, other_enablex: httpx.Client
) -> None:
    mine = create_room(enablex)["room_id"]
    missing = "0123456789abcdef01234567"

    assert other_enablex.get("/rooms").json()["rooms"] == []
    for method, suffix, body in [
        ("GET", "", None),
        ("PATCH", "", UPDATE_ROOM),
        ("DELETE", "", None),
        ("GET", "/users", None),
        ("POST", "/tokens", CREATE_TOKEN),
    ]:
        foreign = other_enablex.request(method, f"/rooms/{mine}{suffix}", json=body)
        absent = other_enablex.request(method, f"/rooms/{missing}{suffix}", json=body)
        assert foreign.status_code == absent.status_code == 404
        assert foreign.json() == {**absent.json(), "desc": foreign.json()["desc"]}
        assert foreign.json()["desc"].replace(mine, missing) == absent.json()["desc"]

    assert enablex.get(f"/rooms/{mine}").json()["room"]["name"] == "Topic or Room Title"
