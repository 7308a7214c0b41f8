"""How OpenVidu Meet spells roomcast's credentials: one X-API-KEY value."""

from __future__ import annotations

from roomcast.core.accounts import IssuedCredential


def present(issued: IssuedCredential, base_url: str) -> dict[str, str]:
    return {
        "X-API-KEY": f"{issued.credential.public_id}.{issued.secret}",
        "base URL": f"{base_url}/meet/api/v1",
    }


def split(api_key: str) -> tuple[str, str]:
    public_id, _, secret = api_key.partition(".")
    return public_id, secret
