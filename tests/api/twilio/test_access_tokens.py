"""A Video AccessToken minted by the SDK's AccessToken + VideoGrant is a join token here."""

from __future__ import annotations

import httpx
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant
from twilio.rest import Client

from roomcast.core.accounts import CredentialKind
from tests.fixtures.accounts import AccountKeys


def _mint(
    account: AccountKeys,
    room: str,
    identity: str = "alice",
    ttl: int = 3600,
    secret: str | None = None,
) -> str:
    key = account.key(CredentialKind.TWILIO_API_KEY)
    token = AccessToken(
        "AC" + account.account.id.hex, "SK" + key.credential.public_id, secret or key.secret,
        identity=identity, ttl=ttl,
    )  # fmt: skip
    token.add_grant(VideoGrant(room=room))
    return token.to_jwt()


def test_an_sdk_access_token_joins_by_room_name_or_sid(
    twilio: Client, http: httpx.Client, account: AccountKeys
) -> None:
    room = twilio.video.v1.rooms.create(unique_name="standup")
    for ref in ("standup", room.sid):
        joined = http.post("/api/v1/join", json={"token": _mint(account, ref)})
        assert joined.status_code == 200, joined.text
        assert joined.json()["identity"] == "alice"
        assert joined.json()["room_id"].replace("-", "") == room.sid[2:]
    # Twilio tokens are not single use: the same one joins again until it expires.
    token = _mint(account, "standup", identity="bob")
    assert http.post("/api/v1/join", json={"token": token}).status_code == 200
    assert http.post("/api/v1/join", json={"token": token}).status_code == 200


def test_forged_expired_and_foreign_access_tokens_are_refused(
    twilio: Client,
    http: httpx.Client,
    account: AccountKeys,
    other_account: AccountKeys,
    base_url: str,
) -> None:
    twilio.video.v1.rooms.create(unique_name="private-room")
    refused = [
        _mint(account, "private-room", secret="0" * 32),  # wrong secret
        _mint(account, "private-room", ttl=-10),  # expired
        _mint(account, "no-such-room"),
        _mint(other_account, "private-room"),  # another account's key: its room is not there
    ]
    for token in refused:
        response = http.post("/api/v1/join", json={"token": token})
        assert response.status_code in (401, 403), response.text
