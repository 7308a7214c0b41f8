"""Accounts (tenants) and their credentials."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Dialect(StrEnum):
    TWILIO = "twilio"
    TELNYX = "telnyx"
    OPENVIDU = "openvidu"
    ENABLEX = "enablex"
    NATIVE = "roomcast"


class CredentialKind(StrEnum):
    """What a credential is. Some protocols need the plain secret later (to sign), so
    `keeps_plain_secret` says where storing only a hash is impossible."""

    TWILIO_AUTH_TOKEN = "twilio_auth_token"  # signs status callbacks with HMAC-SHA1
    TWILIO_API_KEY = "twilio_api_key"  # verifies HS256 access tokens minted by the SDK
    TELNYX_API_KEY = "telnyx_api_key"
    ENABLEX_APP_KEY = "enablex_app_key"
    OPENVIDU_API_KEY = "openvidu_api_key"
    ROOMCAST_API_KEY = "roomcast_api_key"  # the native API

    @property
    def dialect(self) -> Dialect:
        return Dialect(self.value.split("_", 1)[0])

    @property
    def keeps_plain_secret(self) -> bool:
        return self in (CredentialKind.TWILIO_AUTH_TOKEN, CredentialKind.TWILIO_API_KEY)


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    name: str
    created_at: datetime
    # Signs this account's join tokens, so a token of one tenant never verifies in another.
    token_secret: str
    # 32 random bytes, base64: the seed of the Ed25519 key pair that signs this account's
    # webhooks (Telnyx's scheme). Only the public half ever leaves roomcast.
    signing_seed: str = ""


@dataclass(frozen=True)
class Credential:
    id: uuid.UUID
    account_id: uuid.UUID
    kind: CredentialKind
    public_id: str
    secret_hash: str
    plain_secret: str | None
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def matches(self, secret: str) -> bool:
        return self.active and hmac.compare_digest(self.secret_hash, hash_secret(secret))


@dataclass(frozen=True)
class IssuedCredential:
    """A credential together with its secret, as shown once at creation."""

    credential: Credential
    secret: str


def hash_secret(secret: str) -> str:
    # Secrets are 256-bit random strings, so a fast hash loses nothing to brute force.
    return hashlib.sha256(secret.encode()).hexdigest()
