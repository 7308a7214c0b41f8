"""Join-token and credential rules of the pure core."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from roomcast.core.accounts import Credential, CredentialKind, Dialect, hash_secret
from roomcast.core.errors import TokenProblem, TokenRejected
from roomcast.core.rooms import Role
from roomcast.core.tokens import JoinToken

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


def _token(**changes: object) -> JoinToken:
    fields: dict[str, object] = {
        "id": uuid.uuid4(),
        "account_id": uuid.uuid4(),
        "room_id": uuid.uuid4(),
        "identity": "u",
        "name": "U",
        "role": Role.PARTICIPANT,
        "issued_at": NOW,
        "expires_at": NOW + timedelta(minutes=15),
    }
    fields.update(changes)
    return JoinToken(**fields)  # type: ignore[arg-type]


def test_a_fresh_token_is_redeemable_until_it_expires() -> None:
    token = _token()
    token.check_redeemable(NOW + timedelta(minutes=14, seconds=59))
    with pytest.raises(TokenRejected) as caught:
        token.check_redeemable(NOW + timedelta(minutes=15))
    assert caught.value.problem is TokenProblem.EXPIRED


def test_a_used_single_use_token_is_a_replay() -> None:
    with pytest.raises(TokenRejected) as caught:
        _token(used_at=NOW).check_redeemable(NOW)
    assert caught.value.problem is TokenProblem.REPLAYED
    _token(used_at=NOW, single_use=False).check_redeemable(NOW)


def _credential(secret: str, revoked: datetime | None = None) -> Credential:
    return Credential(
        id=uuid.uuid4(),
        account_id=uuid.uuid4(),
        kind=CredentialKind.ENABLEX_APP_KEY,
        public_id="app",
        secret_hash=hash_secret(secret),
        plain_secret=None,
        created_at=NOW,
        revoked_at=revoked,
    )


def test_credentials_match_only_their_own_secret_and_only_while_active() -> None:
    assert _credential("s3cret").matches("s3cret")
    assert not _credential("s3cret").matches("s3cret ")
    assert not _credential("s3cret", revoked=NOW).matches("s3cret")


def test_only_secrets_needed_for_signing_are_kept_in_plain() -> None:
    plain = {k for k in CredentialKind if k.keeps_plain_secret}
    assert plain == {CredentialKind.TWILIO_AUTH_TOKEN, CredentialKind.TWILIO_API_KEY}
    assert {k.dialect for k in CredentialKind} == set(Dialect)
