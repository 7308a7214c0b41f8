"""Ed25519 signatures (cryptography), from a base64 32-byte seed."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def _key(seed: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed))


class Ed25519Signer:
    def public_key(self, seed: str) -> bytes:
        return _key(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def sign(self, seed: str, message: bytes) -> bytes:
        return _key(seed).sign(message)
