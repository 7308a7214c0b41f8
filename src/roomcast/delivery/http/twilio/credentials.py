"""How Twilio spells roomcast's credentials."""

from __future__ import annotations

from roomcast.core.accounts import CredentialKind, IssuedCredential

ACCOUNT_SID_PREFIX = "AC"
API_KEY_PREFIX = "SK"


def present(issued: IssuedCredential, base_url: str) -> dict[str, str]:
    cred = issued.credential
    if cred.kind is CredentialKind.TWILIO_AUTH_TOKEN:
        return {
            "AccountSid": ACCOUNT_SID_PREFIX + cred.public_id,
            "AuthToken": issued.secret,
            "base URL": base_url,
        }
    return {
        "AccountSid": ACCOUNT_SID_PREFIX + cred.account_id.hex,
        "API key SID": API_KEY_PREFIX + cred.public_id,
        "API key secret": issued.secret,
    }
