"""How EnableX spells roomcast's credentials: APP_ID and APP_KEY."""

from __future__ import annotations

from roomcast.core.accounts import IssuedCredential
from roomcast.delivery.http.enablex.routes import PREFIX


def present(issued: IssuedCredential, base_url: str) -> dict[str, str]:
    return {
        "APP_ID": issued.credential.public_id,
        "APP_KEY": issued.secret,
        "base URL": f"{base_url}{PREFIX}",
    }
