"""Twilio Video AccessTokens (minted by the SDK's AccessToken + VideoGrant with an API key)
accepted as join tokens: HS256, iss = API key SID, sub = Account SID, grants.video.room."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from roomcast.bootstrap import Services
from roomcast.core.accounts import CredentialKind
from roomcast.core.errors import RoomcastError, TokenProblem, TokenRejected
from roomcast.delivery.http.twilio.credentials import ACCOUNT_SID_PREFIX, API_KEY_PREFIX
from roomcast.delivery.http.twilio.mapping import ROOM, parse_sid
from roomcast.services.joining import Admission

CONTENT_TYPE = "twilio-fpa;v=1"


def is_twilio_token(header: dict[str, Any]) -> bool:
    return header.get("cty") == CONTENT_TYPE


def admit(services: Services, encoded: str, claims: dict[str, Any]) -> Admission:
    issuer, subject = str(claims.get("iss", "")), str(claims.get("sub", ""))
    grants = claims.get("grants") or {}
    video = grants.get("video") if isinstance(grants, dict) else None
    identity = grants.get("identity") if isinstance(grants, dict) else None
    if not issuer.startswith(API_KEY_PREFIX) or not isinstance(video, dict) or not identity:
        raise TokenRejected(TokenProblem.MALFORMED, "not a Twilio Video access token")
    account, secret = services.accounts.signing_secret(
        CredentialKind.TWILIO_API_KEY, issuer[2:].lower()
    )
    if subject != ACCOUNT_SID_PREFIX + account.id.hex:
        raise TokenRejected(TokenProblem.FOREIGN, "the token's account is not the key's")
    verified = services.joining.verify_signature(encoded, secret)
    room_ref = str(video.get("room", ""))
    try:
        if room_ref.startswith(ROOM) and len(room_ref) == 34:
            room = services.rooms.get(account.id, parse_sid(ROOM, room_ref, "room"))
        else:
            room = services.rooms.get_open_by_unique_name(account.id, room_ref)
    except RoomcastError as exc:
        raise TokenRejected(TokenProblem.FOREIGN, "the token's room is not open here") from exc
    expires = datetime.fromtimestamp(float(verified["exp"]), UTC)
    return services.joining.admit_external(room, str(identity), expires)
