"""The native API: health, docs, and redeeming join tokens (replay, expiry, foreign)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import httpx
import jwt

from roomcast.adapters.security.clock import ShiftableClock
from tests.api.enablex.conftest import API, create_room
from tests.api.enablex.seed_examples import CREATE_TOKEN
from tests.fixtures.accounts import AccountKeys


def _token(base_url: str, account: AccountKeys) -> str:
    with httpx.Client(base_url=base_url + API, auth=account.enablex_auth) as enablex:
        room = create_room(enablex)
        response = enablex.post(f"/rooms/{room['room_id']}/tokens", json=CREATE_TOKEN)
    token: str = response.json()["token"]
    return token


def _with_header(token: str, header: dict[str, str]) -> str:
    _, payload, signature = token.split(".")
    encoded = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return f"{encoded}.{payload}.{signature}"


def test_health_and_docs(http: httpx.Client) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    docs = http.get("/docs")
    assert docs.status_code == 200
    assert "/video/v2/openapi.json" in docs.text
    spec = http.get("/video/v2/openapi.json").json()
    assert set(spec["paths"]) == {
        "/video/v2/rooms",
        "/video/v2/rooms/{room_id}",
        "/video/v2/rooms/{room_id}/users",
        "/video/v2/rooms/{room_id}/tokens",
    }


def test_a_token_is_single_use(http: httpx.Client, base_url: str, account: AccountKeys) -> None:
    token = _token(base_url, account)
    assert http.post("/api/v1/join", json={"token": token}).status_code == 200

    replay = http.post("/api/v1/join", json={"token": token})

    assert replay.status_code == 403
    assert replay.json()["error"]["code"] == "token_replayed"


def test_a_token_expires_after_fifteen_minutes(
    http: httpx.Client, base_url: str, account: AccountKeys, clock: ShiftableClock
) -> None:
    token = _token(base_url, account)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 15 * 60

    clock.advance(timedelta(minutes=15, seconds=1))
    expired = http.post("/api/v1/join", json={"token": token})

    assert expired.status_code == 403
    assert expired.json()["error"]["code"] == "token_expired"


def test_a_token_just_before_expiry_still_works(
    http: httpx.Client, base_url: str, account: AccountKeys, clock: ShiftableClock
) -> None:
    token = _token(base_url, account)
    clock.advance(timedelta(minutes=14, seconds=50))
    assert http.post("/api/v1/join", json={"token": token}).status_code == 200


def test_foreign_and_forged_tokens_are_refused(
    http: httpx.Client, base_url: str, account: AccountKeys, other_account: AccountKeys
) -> None:
    genuine = _token(base_url, account)
    claims = jwt.decode(genuine, options={"verify_signature": False})
    kid = jwt.get_unverified_header(genuine)["kid"]
    forged = [
        # right key id, wrong secret
        jwt.encode(claims, "guessed-secret-" * 4, algorithm="HS256", headers={"kid": kid}),
        # another account's key id: its secret does not verify this signature
        _with_header(genuine, {"alg": "HS256", "kid": other_account.account.id.hex}),
        # a token signed by another tenant, naming this tenant's room
        jwt.encode(
            claims,
            other_account.account.token_secret,
            algorithm="HS256",
            headers={"kid": other_account.account.id.hex},
        ),
        # unsigned
        jwt.encode(claims, key="", algorithm="none", headers={"kid": kid}),
    ]
    for token in forged:
        response = http.post("/api/v1/join", json={"token": token})
        assert response.status_code == 403, jwt.get_unverified_header(token)
        assert response.json()["error"]["code"] in {"token_foreign", "token_malformed"}

    assert http.post("/api/v1/join", json={"token": "not a jwt"}).status_code == 403
    assert http.post("/api/v1/join", json={"token": genuine}).status_code == 200
