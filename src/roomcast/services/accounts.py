"""Accounts and their credentials."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Sequence

from roomcast.core.accounts import (
    Account,
    Credential,
    CredentialKind,
    IssuedCredential,
    hash_secret,
)
from roomcast.core.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from roomcast.core.ids import new_hex, new_id, new_secret
from roomcast.services.context import ServiceContext

# Public ids are what a dialect shows as the key's name (app_id, API key SID ...).
_PUBLIC_ID_BYTES = {CredentialKind.ENABLEX_APP_KEY: 12}
_HEX_SECRETS = {CredentialKind.TWILIO_AUTH_TOKEN, CredentialKind.TWILIO_API_KEY}


class AccountService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._accounts = ctx.repos.accounts

    def create(self, name: str) -> tuple[Account, list[IssuedCredential]]:
        name = name.strip()
        if not name:
            raise InvalidInput("name", "an account needs a name")
        if self._accounts.get_by_name(name) is not None:
            raise Conflict(f"an account named {name!r} already exists")
        account = Account(
            id=new_id(),
            name=name,
            created_at=self._ctx.clock.now(),
            token_secret=new_secret(),
            signing_seed=base64.b64encode(secrets.token_bytes(32)).decode(),
        )
        self._accounts.add(account)
        issued = [self._issue(account, kind) for kind in CredentialKind]
        return account, issued

    def list(self) -> Sequence[Account]:
        return self._accounts.list()

    def find(self, name_or_id: str) -> Account:
        account = self._accounts.get_by_name(name_or_id)
        if account is None:
            try:
                account = self._accounts.get(uuid.UUID(name_or_id))
            except ValueError:
                account = None
        if account is None:
            raise NotFound("account", name_or_id)
        return account

    def add_key(self, account: Account, kind: CredentialKind) -> IssuedCredential:
        return self._issue(account, kind)

    def keys(self, account: Account) -> Sequence[Credential]:
        return self._accounts.list_credentials(account.id)

    def revoke_key(self, account: Account, credential_id: uuid.UUID) -> None:
        owned = {c.id for c in self._accounts.list_credentials(account.id)}
        revoked = credential_id in owned and self._accounts.revoke_credential(
            credential_id, self._ctx.clock.now()
        )
        if not revoked:
            raise NotFound("key", str(credential_id))

    def authenticate(self, kind: CredentialKind, public_id: str, secret: str) -> Account:
        # A Twilio account may hold a primary and a secondary auth token under one id.
        candidates = self._accounts.find_credentials(kind, public_id)
        credential = next((c for c in candidates if c.matches(secret)), None)
        account = None if credential is None else self._accounts.get(credential.account_id)
        if account is None:
            raise AuthenticationFailed("the credentials are missing, wrong or revoked")
        return account

    def get(self, account_id: uuid.UUID) -> Account:
        account = self._accounts.get(account_id)
        if account is None:
            raise NotFound("account", str(account_id))
        return account

    def webhook_public_key(self, account: Account) -> str:
        """The base64 Ed25519 public key that verifies this account's signed webhooks."""
        return base64.b64encode(self._ctx.signer.public_key(account.signing_seed)).decode()

    def sign_webhook(self, account: Account, message: bytes) -> str:
        return base64.b64encode(self._ctx.signer.sign(account.signing_seed, message)).decode()

    def plain_secret(self, account_id: uuid.UUID, kind: CredentialKind) -> str:
        """The first active plain secret of that kind (Twilio's auth token signs callbacks)."""
        for credential in self._accounts.list_credentials(account_id):
            if credential.kind is kind and credential.active and credential.plain_secret:
                return credential.plain_secret
        return ""

    def signing_secret(self, kind: CredentialKind, public_id: str) -> tuple[Account, str]:
        """The account and plain secret of a key that signs tokens (Twilio API keys)."""
        for credential in self._accounts.find_credentials(kind, public_id):
            account = self._accounts.get(credential.account_id)
            if credential.active and credential.plain_secret and account is not None:
                return account, credential.plain_secret
        raise AuthenticationFailed("the token's signing key is unknown or revoked")

    def _issue(self, account: Account, kind: CredentialKind) -> IssuedCredential:
        secret = new_hex(16) if kind in _HEX_SECRETS else new_secret(24)
        public_id = (
            account.id.hex
            if kind is CredentialKind.TWILIO_AUTH_TOKEN
            else new_hex(_PUBLIC_ID_BYTES.get(kind, 16))
        )
        credential = Credential(
            id=new_id(),
            account_id=account.id,
            kind=kind,
            public_id=public_id,
            secret_hash=hash_secret(secret),
            plain_secret=secret if kind.keeps_plain_secret else None,
            created_at=self._ctx.clock.now(),
        )
        self._accounts.add_credential(credential)
        return IssuedCredential(credential=credential, secret=secret)
