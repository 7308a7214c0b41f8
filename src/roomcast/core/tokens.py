"""Join tokens: who may enter which room, in what role, until when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from roomcast.core.errors import TokenProblem, TokenRejected
from roomcast.core.rooms import JSON, Role

DEFAULT_TTL = timedelta(minutes=15)


@dataclass(frozen=True)
class JoinToken:
    id: uuid.UUID
    account_id: uuid.UUID
    room_id: uuid.UUID
    identity: str
    name: str
    role: Role
    issued_at: datetime
    expires_at: datetime
    single_use: bool = True
    used_at: datetime | None = None
    custom_data: JSON = field(default_factory=dict)

    def check_redeemable(self, now: datetime) -> None:
        if now >= self.expires_at:
            raise TokenRejected(TokenProblem.EXPIRED, "the join token has expired")
        if self.single_use and self.used_at is not None:
            raise TokenRejected(TokenProblem.REPLAYED, "the join token was already used")
