"""What every service needs: the repositories of one unit of work, and a clock."""

from __future__ import annotations

from dataclasses import dataclass

from roomcast.core.ports import (
    AccountRepository,
    Clock,
    RoomRepository,
    SessionRepository,
    TokenCodec,
    TokenRepository,
)


@dataclass(frozen=True)
class Repositories:
    accounts: AccountRepository
    rooms: RoomRepository
    sessions: SessionRepository
    tokens: TokenRepository


@dataclass(frozen=True)
class ServiceContext:
    repos: Repositories
    clock: Clock
    token_codec: TokenCodec
