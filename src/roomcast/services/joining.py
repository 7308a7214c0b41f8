"""Join tokens: issuing them, and redeeming one to enter a room's session."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from roomcast.core.accounts import Account
from roomcast.core.errors import InvalidInput, TokenProblem, TokenRejected
from roomcast.core.ids import new_id
from roomcast.core.rooms import JSON, Participant, Role, Room, RoomSession, check_capacity
from roomcast.core.tokens import DEFAULT_TTL, JoinToken
from roomcast.services.context import ServiceContext
from roomcast.services.webhooks import enqueue_room_event

# Scheduled rooms hand out tokens from this long before their start.
SCHEDULE_LEAD = timedelta(minutes=15)
ISSUER = "roomcast"
REFRESH = "refresh"


@dataclass(frozen=True)
class TokenRequest:
    identity: str
    name: str
    role: Role
    custom_data: JSON
    ttl: timedelta = DEFAULT_TTL
    single_use: bool = True


@dataclass(frozen=True)
class Admission:
    token: JoinToken
    session: RoomSession
    participant: Participant


class JoinService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._repos = ctx.repos

    def issue(self, room: Room, request: TokenRequest) -> tuple[JoinToken, str]:
        now = self._ctx.clock.now()
        _check_schedule(room, now)
        account = self._account_of(room.account_id)
        token = JoinToken(
            id=new_id(),
            account_id=room.account_id,
            room_id=room.id,
            identity=request.identity,
            name=request.name,
            role=request.role,
            issued_at=now,
            expires_at=now + request.ttl,
            single_use=request.single_use,
            custom_data=dict(request.custom_data),
        )
        self._repos.tokens.add(token)
        encoded = self._ctx.token_codec.encode(_claims(token), account.id.hex, account.token_secret)
        return token, encoded

    def issue_refresh(self, token: JoinToken, ttl: timedelta) -> tuple[datetime, str]:
        """A refresh token for `token`'s grant: it mints new join tokens, and joins nothing."""
        account = self._account_of(token.account_id)
        expires_at = token.issued_at + ttl
        claims = {
            "iss": ISSUER, "typ": REFRESH, "jti": str(new_id()), "sub": token.identity,
            "room": str(token.room_id), "iat": int(token.issued_at.timestamp()),
            "exp": int(expires_at.timestamp()),
        }  # fmt: skip
        return expires_at, self._ctx.token_codec.encode(
            claims, account.id.hex, account.token_secret
        )

    def refresh(self, room: Room, encoded: str, ttl: timedelta) -> tuple[JoinToken, str]:
        account = self._account_of(room.account_id)
        claims = self._ctx.token_codec.decode(encoded, account.token_secret)
        if claims.get("typ") != REFRESH or claims.get("room") != str(room.id):
            raise TokenRejected(TokenProblem.FOREIGN, "not a refresh token for this room")
        if self._ctx.clock.now().timestamp() >= float(claims.get("exp", 0)):
            raise TokenRejected(TokenProblem.EXPIRED, "the refresh token has expired")
        identity = str(claims.get("sub", ""))
        request = TokenRequest(identity, identity, Role.PARTICIPANT, {}, ttl, single_use=False)
        return self.issue(room, request)

    def _account_of(self, account_id: uuid.UUID) -> Account:
        account = self._repos.accounts.get(account_id)
        if account is None:  # pragma: no cover - rooms never outlive their account
            raise InvalidInput("room", "the room has no account")
        return account

    def redeem(self, encoded: str) -> Admission:
        token = self._verify(encoded)
        token.check_redeemable(self._ctx.clock.now())
        room = self._repos.rooms.get(token.account_id, token.room_id)
        if room is None:
            raise TokenRejected(TokenProblem.FOREIGN, "the token's room no longer exists")
        return self._admit(room, token)

    def admit_external(self, room: Room, identity: str, expires_at: datetime) -> Admission:
        """Admit the bearer of a token another system signed and this one checked (a
        Twilio AccessToken): it may be used again until it expires, as Twilio allows."""
        now = self._ctx.clock.now()
        if now >= expires_at:
            raise TokenRejected(TokenProblem.EXPIRED, "the access token has expired")
        token = JoinToken(
            id=new_id(), account_id=room.account_id, room_id=room.id, identity=identity,
            name=identity, role=Role.PARTICIPANT, issued_at=now, expires_at=expires_at,
            single_use=False,
        )  # fmt: skip
        return self._admit(room, token)

    def _admit(self, room: Room, token: JoinToken) -> Admission:
        now = self._ctx.clock.now()
        session = self._open_session(room, now)
        present = self._repos.sessions.count_connected(session.id, token.role)
        check_capacity(room.settings, token.role, present)
        if token.single_use and not self._repos.tokens.mark_used(token.id, now):
            raise TokenRejected(TokenProblem.REPLAYED, "the join token was already used")
        participant = Participant(
            id=new_id(),
            session_id=session.id,
            account_id=room.account_id,
            identity=token.identity,
            name=token.name,
            role=token.role,
            joined_at=now,
            custom_data=token.custom_data,
        )
        self._repos.sessions.add_participant(participant)
        enqueue_room_event(
            self._repos, room, "participant.connected", participant.event_data(), now
        )
        return Admission(token=token, session=session, participant=participant)

    def peek(self, encoded: str) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
        return self._ctx.token_codec.peek(encoded)

    def verify_signature(self, encoded: str, secret: str) -> Mapping[str, Any]:
        return self._ctx.token_codec.decode(encoded, secret)

    def _verify(self, encoded: str) -> JoinToken:
        codec = self._ctx.token_codec
        account = self._account_for_key(codec.unverified_key_id(encoded))
        claims = codec.decode(encoded, account.token_secret)
        token_id = _uuid_claim(claims, "jti")
        token = self._repos.tokens.get(token_id)
        if (
            token is None
            or token.account_id != account.id
            or token.room_id != _uuid_claim(claims, "room")
        ):
            raise TokenRejected(TokenProblem.FOREIGN, "the join token was not issued here")
        return token

    def _account_for_key(self, key_id: str) -> Account:
        try:
            account = self._repos.accounts.get(uuid.UUID(hex=key_id))
        except ValueError:
            account = None
        if account is None:
            raise TokenRejected(TokenProblem.FOREIGN, "the join token was not issued here")
        return account

    def _open_session(self, room: Room, now: datetime) -> RoomSession:
        session = self._repos.sessions.active_session(room.account_id, room.id)
        if session is None:
            session = RoomSession(
                id=new_id(), room_id=room.id, account_id=room.account_id, started_at=now
            )
            self._repos.sessions.add_session(session)
            enqueue_room_event(self._repos, room, "session.started", session.event_data(), now)
        return session


def _check_schedule(room: Room, now: datetime) -> None:
    window = room.settings.schedule.window(SCHEDULE_LEAD)
    if window is not None and not window[0] <= now < window[1]:
        raise InvalidInput(
            "room", "tokens for a scheduled room are issued from 15 minutes before its start"
        )


def _claims(token: JoinToken) -> dict[str, Any]:
    return {
        "iss": ISSUER,
        "jti": str(token.id),
        "sub": token.identity,
        "room": str(token.room_id),
        "role": token.role.value,
        "name": token.name,
        "iat": int(token.issued_at.timestamp()),
        "exp": int(token.expires_at.timestamp()),
        "single_use": token.single_use,
    }


def _uuid_claim(claims: Mapping[str, Any], name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(claims[name]))
    except (KeyError, ValueError) as exc:
        raise TokenRejected(TokenProblem.MALFORMED, f"the token's {name} claim is bad") from exc
