"""How Telnyx spells roomcast's credentials: one bearer API key."""

from __future__ import annotations

from roomcast.core.accounts import IssuedCredential

KEY_PREFIX = "KEY"


def present(issued: IssuedCredential, base_url: str) -> dict[str, str]:
    return {
        "API key": f"{KEY_PREFIX}{issued.credential.public_id}_{issued.secret}",
        "base URL": f"{base_url}/v2",
    }


def split(api_key: str) -> tuple[str, str]:
    """The public id and the secret of a presented key; empty strings when malformed."""
    public_id, _, secret = api_key.removeprefix(KEY_PREFIX).partition("_")
    return public_id, secret
