"""roomcast's own API key: `Authorization: Bearer rc_<public id>.<secret>`."""

from __future__ import annotations

from roomcast.core.accounts import IssuedCredential

PREFIX = "rc_"


def present(issued: IssuedCredential, base_url: str) -> dict[str, str]:
    return {
        "API key": f"{PREFIX}{issued.credential.public_id}.{issued.secret}",
        "base URL": f"{base_url}/api/v1",
    }


def split(api_key: str) -> tuple[str, str]:
    public_id, _, secret = api_key.removeprefix(PREFIX).partition(".")
    return public_id, secret
