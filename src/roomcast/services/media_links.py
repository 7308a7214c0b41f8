"""Expiring signed links to media: what a dialect's Media endpoint redirects to."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from roomcast.core.accounts import Account
from roomcast.core.errors import NotFound, TokenProblem, TokenRejected
from roomcast.core.storage import check_key
from roomcast.services.context import ServiceContext


class MediaLinks:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def sign(self, account: Account, key: str, ttl: timedelta) -> str:
        now = self._ctx.clock.now()
        claims = {
            "jti": secrets.token_hex(8),
            "media": check_key(key),
            "iat": int(now.timestamp()),
            "exp": int((now + ttl).timestamp()),
        }
        return self._ctx.token_codec.encode(claims, account.id.hex, account.token_secret)

    def resolve(self, token: str) -> str:
        """The local path the link stands for; expired or forged links are refused."""
        codec = self._ctx.token_codec
        try:
            account = self._ctx.repos.accounts.get(uuid.UUID(hex=codec.unverified_key_id(token)))
        except ValueError:
            account = None
        if account is None:
            raise TokenRejected(TokenProblem.FOREIGN, "the media link was not issued here")
        claims = codec.decode(token, account.token_secret)
        if self._ctx.clock.now().timestamp() >= float(claims["exp"]):
            raise TokenRejected(TokenProblem.EXPIRED, "the media link has expired")
        key = str(claims.get("media", ""))
        if not key.startswith(f"accounts/{account.id.hex}/"):
            raise NotFound("media", key)
        return self._ctx.storage.local_path(key)
